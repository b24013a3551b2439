#!/usr/bin/env bash
# setup/run_tests.sh
#   README command 2: builds MeshODBC and runs its whole test suite.
#     1. installs missing packages as root (setup/deps.sh),
#     2. autoreconf; configure --enable-werror in build-check/ (with
#        --with-iodbc: the iODBC driver too, its headers unpacked privately
#        by setup/iodbc_headers.sh); make; make check,
#     3. with --sanitizers, the same again in build-asan/ configured with
#        --enable-sanitizers (AddressSanitizer + LeakSanitizer + UBSan; any
#        report fails the test that produced it),
#     4. with --valgrind, make check-valgrind in build-check/: every
#        ODBC-level test program again under valgrind (a leak or a memory
#        error fails it; about 5 minutes).
#   The unit tests need no server; the ODBC tests start their own throwaway
#   PostgreSQL servers (tests/pg_cluster.sh), so nothing has to be running.
# Usage: setup/run_tests.sh [--sanitizers] [--valgrind] [--fuzz=RUNS] [--trino]
#   --trino: in build-check, also run the Trino-mode tests against a real
#   Trino 476 server (tests/trino/run_trino_tests.sh; fetched with Maven on
#   first use, needs a Java >= 24 under /usr/lib/jvm; about 2 minutes).
#   --fuzz=N: also builds the libFuzzer targets with clang in build-fuzz/
#   and runs each for N executions from a fixed seed, so the run is the
#   same on every machine (any crash, leak or timeout fails).
# Environment: MAKE_JOBS (default 2).
# Output: ends with one line "N passed, N failed, N skipped", the sum of the
#   automake test-suite.log results of all builds (a build or a check target
#   that fails outside the test programs counts as one failure).
# Exit status: 0 only if every build and every test passed.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
MESH_SRCDIR=$(cd "$here/.." && pwd)
# shellcheck source=setup/buildlib.sh
. "$here/buildlib.sh"

sanitizers=no
valgrind=no
trino=no
fuzz_runs=0
for a in "$@"; do
    case $a in
        --sanitizers) sanitizers=yes ;;
        --valgrind) valgrind=yes ;;
        --trino) trino=yes ;;
        --fuzz=*) fuzz_runs=${a#--fuzz=} ;;
        -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
        *) echo "usage: setup/run_tests.sh [--sanitizers] [--valgrind] [--fuzz=RUNS] [--trino]" >&2; exit 2 ;;
    esac
done

total_pass=0 total_fail=0 total_skip=0
overall=0

# count_log BUILDDIR MAKE_STATUS: add BUILDDIR/test-suite.log's counts to the
# totals; a failed "make check" whose log shows no failure counts as one.
count_log() {
    local b=$1 rc=$2 log=$1/test-suite.log pass=0 fail=0 skip=0
    if [ -f "$log" ]; then
        v() {
            local x
            x=$(sed -n "s/^# $1: *\([0-9][0-9]*\).*/\1/p" "$log" | head -n1)
            echo "${x:-0}"
        }
        pass=$(( $(v PASS) + $(v XFAIL) ))
        fail=$(( $(v FAIL) + $(v XPASS) + $(v ERROR) ))
        skip=$(v SKIP)
    fi
    if [ "$rc" != 0 ] && [ "$fail" = 0 ]; then fail=1; fi
    echo "tests in $(basename "$b"): $pass passed, $fail failed, $skip skipped"
    total_pass=$((total_pass + pass))
    total_fail=$((total_fail + fail))
    total_skip=$((total_skip + skip))
}

# build_and_check BUILDDIR CONFIGURE_ARGS...: configure, make, make check.
build_and_check() {
    local b=$1 rc; shift
    local bdir=$MESH_SRCDIR/$b
    echo
    echo "===== build $b ($*)"
    rm -f "$bdir/test-suite.log"
    if ! mesh_configure "$b" "$@"; then
        count_log "$bdir" 1; overall=1; return
    fi
    if ! make -C "$bdir" -j"$(mesh_jobs)"; then
        echo "build: make failed in $b" >&2
        count_log "$bdir" 1; overall=1; return
    fi
    echo "===== make check in $b"
    make -C "$bdir" -j"$(mesh_jobs)" check
    rc=$?
    if [ "$rc" != 0 ]; then
        overall=1
        if [ -f "$bdir/test-suite.log" ]; then
            echo "----- $b/test-suite.log"
            cat "$bdir/test-suite.log"
        fi
    fi
    count_log "$bdir" "$rc"
}

"$here/deps.sh" || exit 1
mesh_autoreconf || { echo "0 passed, 1 failed"; exit 1; }

# The iODBC build (a second driver library, tested with iodbctest): its
# headers come from a private unpacked copy when libiodbc2-dev is not
# installed (it conflicts with unixodbc-dev; setup/iodbc_headers.sh).
iodbc_args=()
if iodbc_prefix=$("$here/iodbc_headers.sh"); then
    iodbc_args=(--with-iodbc="$iodbc_prefix")
else
    echo "build: no iODBC headers (see above): the iODBC driver is not built and its test skips" >&2
fi

if [ "$trino" = yes ]; then export MESH_TRINO=1; fi
build_and_check build-check --enable-werror "${iodbc_args[@]}"
unset MESH_TRINO

# valgrind_check: make check-valgrind in build-check (built just above).
# The counts come from run_odbc_tests.sh's closing "odbc: N passed, N
# failed, N skipped" line; a failure without such a line counts as one.
valgrind_check() {
    local bdir=$MESH_SRCDIR/build-check log rc p=0 f=0 k=0 line
    log=$bdir/check-valgrind.log
    echo
    echo "===== make check-valgrind in build-check"
    make -C "$bdir" check-valgrind >"$log" 2>&1
    rc=$?
    grep -E '^(PASS|FAIL|SKIP): |^==[0-9]+== (Invalid|Conditional|Syscall|Mismatched|.* are (definitely|indirectly) lost)|^odbc: ' "$log"
    line=$(grep -E '^odbc: [0-9]+ passed, [0-9]+ failed' "$log" | tail -n1)
    if [ -n "$line" ]; then
        p=$(echo "$line" | sed 's/^odbc: \([0-9]*\) passed.*/\1/')
        f=$(echo "$line" | sed 's/.* \([0-9]*\) failed.*/\1/')
        k=$(echo "$line" | sed -n 's/.* \([0-9]*\) skipped.*/\1/p')
    fi
    k=${k:-0}
    if [ "$rc" != 0 ]; then
        overall=1
        [ "$f" != 0 ] || f=1
        echo "----- tail of build-check/check-valgrind.log"
        tail -n 60 "$log"
    fi
    echo "tests in check-valgrind: $p passed, $f failed, $k skipped"
    total_pass=$((total_pass + p))
    total_fail=$((total_fail + f))
    total_skip=$((total_skip + k))
}

if [ "$valgrind" = yes ]; then
    valgrind_check
fi

if [ "$sanitizers" = yes ]; then
    export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
    export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
    build_and_check build-asan --enable-sanitizers
fi

# fuzz_briefly RUNS: a clang build with libFuzzer in build-fuzz/; each
# target runs RUNS executions over its seed corpus from seed 1 (at most
# 300 s each). One test per target.
fuzz_briefly() {
    local b=build-fuzz bdir=$MESH_SRCDIR/build-fuzz log
    echo
    echo "===== build $b (CC=clang --enable-fuzzing), $1 runs per target"
    if ! CC=clang mesh_configure "$b" --enable-fuzzing || ! make -C "$bdir" -j"$(mesh_jobs)" fuzz-targets >"$bdir/make.out" 2>&1; then
        tail -n 30 "$bdir/make.out" 2>/dev/null >&2
        echo "tests in build-fuzz: 0 passed, 1 failed"
        total_fail=$((total_fail + 1)); overall=1; return
    fi
    log=$bdir/fuzz.out
    make -C "$bdir" fuzz FUZZ_RUNS="$1" FUZZ_SEED=1 FUZZ_SECONDS=300 >"$log" 2>&1
    cat "$log" | grep -E '^(PASS|FAIL|[a-z_]+: stat::)' || true
    local p f
    p=$(grep -c '^PASS: fuzz' "$log"); f=$(grep -c '^FAIL: fuzz' "$log")
    echo "tests in build-fuzz: $p passed, $f failed"
    total_pass=$((total_pass + p)); total_fail=$((total_fail + f))
    [ "$f" = 0 ] && [ "$p" -gt 0 ] || overall=1
}

if [ "$fuzz_runs" -gt 0 ]; then
    fuzz_briefly "$fuzz_runs"
fi

echo
if [ "$total_skip" -gt 0 ]; then
    echo "$total_pass passed, $total_fail failed, $total_skip skipped"
else
    echo "$total_pass passed, $total_fail failed"
fi
[ "$overall" = 0 ] && [ "$total_fail" = 0 ]
