#!/usr/bin/env bash
# tests/fuzz/run_replay.sh
#   make check entry: replays every fuzz target's seed corpus and regress/
#   inputs through its standalone build (tests/fuzz/fuzz_<t>_replay).
set -euo pipefail
: "${top_builddir:?}" "${top_srcdir:?}"
fails=0
for t in ${FUZZ_TARGETS:?}; do
    dirs=("$top_srcdir/tests/fuzz/corpus/$t")
    [ -d "$top_srcdir/tests/fuzz/regress/$t" ] && dirs+=("$top_srcdir/tests/fuzz/regress/$t")
    if "$top_builddir/tests/fuzz/fuzz_${t}_replay" "${dirs[@]}"; then
        echo "PASS: replay $t"
    else
        echo "FAIL: replay $t"; fails=$((fails + 1))
    fi
done
exit $((fails > 0))
