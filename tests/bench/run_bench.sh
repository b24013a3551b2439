#!/usr/bin/env bash
# tests/bench/run_bench.sh [ROWS]
#   `make bench`: starts a throwaway mesh (tests/pg_cluster.sh), runs
#   bench_scan against MeshODBC and psqlODBC in the same run, stops it.
#   Prints ratios; never fails on speed (benchmarks are not tests).
set -uo pipefail
: "${top_builddir:?}" "${top_srcdir:?}"
dir=$(mktemp -d "${TMPDIR:-/tmp}/meshodbc-bench.XXXXXX")
trap '"$top_srcdir/tests/pg_cluster.sh" stop "$dir" >/dev/null 2>&1; rm -rf "$dir"' EXIT
"$top_srcdir/tests/pg_cluster.sh" start "$dir" "$top_builddir/.libs/libmeshodbc.so" >/dev/null &&
"$top_srcdir/tests/pg_cluster.sh" load-all-in-one "$dir" >/dev/null || exit 1
. "$dir/env.sh"
"$top_builddir/tests/bench/bench_scan" "${1:-1000000}"
