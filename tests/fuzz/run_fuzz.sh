#!/usr/bin/env bash
# tests/fuzz/run_fuzz.sh BUILDDIR SRCDIR TARGET...
#   Runs each libFuzzer target for FUZZ_SECONDS (default 30) over a copy of
#   its seed corpus, printing libFuzzer's final statistics. FUZZ_RUNS caps
#   the executions and FUZZ_SEED fixes the random seed: CI sets both, so
#   that its run is the same on every machine (a crash there is not luck). A crash, leak or
#   timeout stops with a non-zero status and leaves the reproducer in
#   BUILDDIR/fuzz-out/<target>/ (copy it to tests/fuzz/regress/<target>/
#   once fixed, so make check replays it forever).
set -uo pipefail
b=$1 s=$2; shift 2
secs=${FUZZ_SECONDS:-30}
extra=()
[ -n "${FUZZ_RUNS:-}" ] && extra+=("-runs=$FUZZ_RUNS")
[ -n "${FUZZ_SEED:-}" ] && extra+=("-seed=$FUZZ_SEED")
status=0
for t in "$@"; do
    out=$b/fuzz-out/$t
    mkdir -p "$out/corpus"
    cp -n "$s/tests/fuzz/corpus/$t/"* "$out/corpus/" 2>/dev/null || true
    echo "== fuzz $t for ${secs}s"
    if ! (cd "$out" && "$b/tests/fuzz/fuzz_$t" -max_total_time="$secs" -timeout=10 \
            -rss_limit_mb=2048 -print_final_stats=1 "${extra[@]}" corpus \
            2> "$out/log.txt"); then
        echo "FAIL: fuzz $t (see $out/log.txt)"; tail -40 "$out/log.txt"; status=1
    else
        grep -E 'stat::number_of_executed_units|stat::peak_rss_mb' "$out/log.txt" | sed "s/^/$t: /"
        echo "PASS: fuzz $t"
    fi
done
exit $status
