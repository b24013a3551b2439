#!/usr/bin/env bash
# tests/odbc/run_odbc_tests.sh
#   The TESTS entry for ODBC-level tests.  Starts a throwaway jaffle_shop mesh
#   (tests/pg_cluster.sh) in a temporary directory, checks that it serves the
#   seed's row counts, sources its env.sh (ODBCSYSINI/ODBCINI point unixODBC at
#   the build tree's libmeshodbc.so and the DSN jaffle_mesh), then runs every
#   program named in $ODBC_TESTS (built programs, or *.py scripts in the
#   source tree, which run without the wrapper), and always stops the
#   servers afterwards.
# Environment (set by make via AM_TESTS_ENVIRONMENT): ODBC_TESTS (program
#   paths, relative to the build directory), top_builddir, top_srcdir,
#   MESH_DRIVER_LIB.  ODBC_TEST_TIMEOUT (seconds per program, default 300).
#   ODBC_TEST_WRAPPER: a command line each program runs under (words split
#   on blanks), e.g. valgrind and its options (make check-valgrind).
# Exit status: 0 when every program passed or skipped (77), 1 otherwise.
set -uo pipefail

top_srcdir=${top_srcdir:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
top_builddir=${top_builddir:-$(pwd)}
cluster=$top_srcdir/tests/pg_cluster.sh
export MESH_DRIVER_LIB=${MESH_DRIVER_LIB:-$top_builddir/.libs/libmeshodbc.so}

dir=$(mktemp -d "${TMPDIR:-/tmp}/meshodbc-odbc.XXXXXX") || exit 99
cleanup() {
    "$cluster" stop "$dir" >/dev/null 2>&1
    rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Programs under a wrapper (valgrind) run many times slower: give the
# catalogs a longer connect timeout than the connector's default.
[ -n "${ODBC_TEST_WRAPPER:-}" ] && export MESH_TEST_CONNECT_TIMEOUT=${MESH_TEST_CONNECT_TIMEOUT:-60}
if ! "$cluster" start "$dir" "$MESH_DRIVER_LIB"; then
    echo "ERROR: could not start the test PostgreSQL cluster"
    exit 99
fi
# refdb: one server holding all three tables, the reference for the
# differential test (tests/odbc/test_differential.c).
if ! "$cluster" load-all-in-one "$dir"; then
    echo "ERROR: could not start the reference server refdb"
    exit 99
fi
# shellcheck disable=SC1091
. "$dir/env.sh"

passed=0 failed=0 skipped=0

# The harness itself: every server answers with the seed's row count.
for spec in CUSTOMERSDB:customers:100 ORDERSDB:orders:99 PAYMENTSDB:payments:113; do
    var=MESH_PORT_${spec%%:*}
    rest=${spec#*:}
    table=${rest%%:*}
    want=${rest#*:}
    got=$(PGPASSWORD=postgres psql -X -At -h 127.0.0.1 -p "${!var}" -U postgres -d postgres \
        -c "select count(*) from public.$table" 2>&1)
    if [ "$got" = "$want" ]; then
        echo "PASS: cluster $table count = $want"
        passed=$((passed + 1))
    else
        echo "FAIL: cluster $table count: expected $want, got $got"
        failed=$((failed + 1))
    fi
done

timeout_s=${ODBC_TEST_TIMEOUT:-300}
# A script's interpreter is not built with the sanitizers: when the driver
# is (the --enable-sanitizers build), AddressSanitizer's runtime must be
# preloaded into it. Its leak check stays off there, since the interpreter
# keeps memory to the end by design; the C programs check the driver's.
py_env=()
asan_rt=$(ldd "$MESH_DRIVER_LIB" 2>/dev/null | awk '/libasan/ { print $3; exit }')
if [ -n "$asan_rt" ]; then
    py_env=(env "LD_PRELOAD=$asan_rt"
            "ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0")
fi
read -r -a wrapper <<< "${ODBC_TEST_WRAPPER:-}"
for prog in ${ODBC_TESTS:-}; do
    path=$prog
    [ -x "$path" ] || path=$top_builddir/$prog
    # scripts (tests/odbc/*.py) live in the source tree
    [ -x "$path" ] || path=$top_srcdir/$prog
    if [ ! -x "$path" ]; then
        echo "FAIL: $prog (not built)"
        failed=$((failed + 1))
        continue
    fi
    echo "=== $prog"
    # A script runs its interpreter, which the wrapper (valgrind) is not
    # meant for: the driver it loads is checked by the C programs.
    case $prog in
        *.py) timeout "$timeout_s" "${py_env[@]}" "$path" ;;
        # select5 (1,436 records, comma joins of up to 64 tables, two
        # minutes natively) would take longer than the per-program limit
        # under valgrind; it runs in the -Werror and the sanitizer builds
        */slt_select5)
            if [ ${#wrapper[@]} -gt 0 ]; then
                echo "skip: $prog under $ODBC_TEST_WRAPPER (too slow; run natively and with ASan)"
                (exit 77)
            else
                timeout "$timeout_s" "$path"
            fi ;;
        *) timeout "$timeout_s" "${wrapper[@]}" "$path" ;;
    esac
    rc=$?
    case $rc in
        0) echo "PASS: $prog"; passed=$((passed + 1)) ;;
        77) echo "SKIP: $prog"; skipped=$((skipped + 1)) ;;
        124) echo "FAIL: $prog (timed out after ${timeout_s}s)"; failed=$((failed + 1)) ;;
        *) echo "FAIL: $prog (exit status $rc)"; failed=$((failed + 1)) ;;
    esac
done

echo "odbc: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
