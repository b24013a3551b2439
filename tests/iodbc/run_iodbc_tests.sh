#!/usr/bin/env bash
# tests/iodbc/run_iodbc_tests.sh
#   The TESTS entry for the iODBC build (configure --with-iodbc): starts a
#   throwaway mesh (tests/pg_cluster.sh), registers libmeshodbc-iodbc.so
#   with the iODBC driver manager in private files (ODBCINSTINI, ODBCINI),
#   and runs the seed session through iodbctest, Debian's iODBC client
#   (its driver manager calls the driver's W entry points with 4-byte
#   SQLWCHAR): the three row counts, both federated models compared value
#   by value with setup/data/jaffle_shop/expected_*.csv, text outside the
#   BMP both ways, an error with its SQLSTATE, and the unixODBC build
#   failing under iODBC (the reason this build exists).
# Environment (make check): top_builddir, top_srcdir, INITDB, PG_CTL, PSQL.
# Exit status: 0 passed; 77 skipped (not configured --with-iodbc, or no
#   iodbctest), with the reason; 1 failed.
set -uo pipefail

top_srcdir=${top_srcdir:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
top_builddir=${top_builddir:-$(pwd)}
lib=$top_builddir/.libs/libmeshodbc-iodbc.so
unixlib=$top_builddir/.libs/libmeshodbc.so
iodbctest=${IODBCTEST:-$(command -v iodbctest || true)}
if [ ! -f "$lib" ]; then
    echo "SKIP: iODBC tests: not configured with --with-iodbc (setup/run_tests.sh does; see README, \"iODBC\")"
    exit 77
fi
if [ -z "$iodbctest" ]; then
    echo "SKIP: iODBC tests: iodbctest not found (Debian: apt-get install iodbc)"
    exit 77
fi

cluster=$top_srcdir/tests/pg_cluster.sh
data=$top_srcdir/setup/data/jaffle_shop
dir=$(mktemp -d "${TMPDIR:-/tmp}/meshodbc-iodbc.XXXXXX") || exit 99
cleanup() {
    "$cluster" stop "$dir" >/dev/null 2>&1
    rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
if ! "$cluster" start "$dir" "$unixlib" >"$dir/cluster.log" 2>&1; then
    cat "$dir/cluster.log"
    echo "ERROR: could not start the test PostgreSQL cluster"
    exit 99
fi

# iODBC's own configuration files, nothing of unixODBC's
printf '[ODBC Drivers]\nMeshODBC=Installed\n\n[MeshODBC]\nDriver=%s\n' "$lib" >"$dir/iodbcinst.ini"
printf '[ODBC Drivers]\nMeshODBC=Installed\n\n[MeshODBC]\nDriver=%s\n' "$unixlib" >"$dir/iodbcinst_unix.ini"
printf '[ODBC Data Sources]\njaffle_iodbc=MeshODBC\n\n[jaffle_iodbc]\nDriver=MeshODBC\nCatalogs=%s\n' \
    "$dir/catalogs.ini" >"$dir/iodbc.ini"
export ODBCINI=$dir/iodbc.ini ODBCINSTINI=$dir/iodbcinst.ini LC_ALL=C.UTF-8

passed=0 failed=0
pass() { echo "PASS: iodbc: $1"; passed=$((passed + 1)); }
fail() { echo "FAIL: iodbc: $1"; failed=$((failed + 1)); }

# run_session FILE: statements (one a line) through iodbctest; output in FILE.out
run_session() {
    { cat "$1"; echo quit; } | timeout 120 "$iodbctest" "DSN=jaffle_iodbc" >"$1.out" 2>&1
}

# to_csv: iodbctest's result tables -> CSV (fields trimmed, a field of
# stars, iodbctest's NULL, empty), one table after another.
to_csv() {
    awk '
        /^-+(\+-+)*$/ { inres = 1; print hdr; next }
        inres && /^$/ { inres = 0; next }
        inres || /\|/ && !inres {
            line = $0
            n = split(line, f, "|")
            out = ""
            for (i = 1; i <= n; i++) {
                v = f[i]; sub(/ +$/, "", v)
                if (v ~ /^\*+$/) v = ""
                out = out (i > 1 ? "," : "") v
            }
            if (inres) print out; else hdr = out
            next
        }
        /^[A-Za-z_][A-Za-z_0-9]* *$/ { hdr = $0; sub(/ +$/, "", hdr) }
    '
}

# 1. the row counts
printf '%s\n' "select count(*) from customersdb.public.customers" \
    "select count(*) from ordersdb.public.orders" \
    "select count(*) from paymentsdb.public.payments" >"$dir/counts.sql"
run_session "$dir/counts.sql"
got=$(to_csv <"$dir/counts.sql.out" | grep -v '^_col0$' | tr '\n' ' ')
if [ "$got" = "100 99 113 " ]; then pass "row counts 100 99 113"
else fail "row counts: got '$got'"; cat "$dir/counts.sql.out"; fi

# 2. both models, value by value
for model in customers orders; do
    "$top_srcdir/setup/sql_oneline.sh" "$data/${model}_federated.sql" >"$dir/$model.sql"
    echo >>"$dir/$model.sql"
    run_session "$dir/$model.sql"
    to_csv <"$dir/$model.sql.out" >"$dir/$model.csv"
    if diff -u "$data/expected_$model.csv" "$dir/$model.csv" >"$dir/$model.diff"; then
        pass "$model model = expected_$model.csv ($(($(wc -l <"$dir/$model.csv") - 1)) rows)"
    else
        fail "$model model differs from expected_$model.csv"; head -n 20 "$dir/$model.diff"
    fi
done

# 3. text outside the BMP, in the statement and back (UTF-32 both ways)
printf "select cast('h\u00e9llo \u2713 \U0001F600' as varchar(40)) as t, length('\U0001F600x') as n\n" \
    >"$dir/wide.sql"
run_session "$dir/wide.sql"
got=$(to_csv <"$dir/wide.sql.out" | tail -n 1)
want=$(printf 'h\u00e9llo \u2713 \U0001F600,2')
if [ "$got" = "$want" ]; then pass "non-BMP text round trip ($got)"
else fail "non-BMP text: got '$got', want '$want'"; cat "$dir/wide.sql.out"; fi

# 4. an error keeps its SQLSTATE and message through the W diagnostics
echo "select * from customersdb.public.nosuchtable" >"$dir/err.sql"
run_session "$dir/err.sql"
if grep -q "42S02" "$dir/err.sql.out" && grep -q "nosuchtable" "$dir/err.sql.out"; then
    pass "error 42S02 naming the table"
else fail "error: no 42S02 naming the table"; cat "$dir/err.sql.out"; fi

# 5. the unixODBC build cannot serve iODBC (2-byte SQLWCHAR): it must fail
echo "select 1" >"$dir/unix.sql"
ODBCINSTINI=$dir/iodbcinst_unix.ini run_session "$dir/unix.sql"
if grep -q "_col0" "$dir/unix.sql.out"; then
    fail "the unixODBC build answered under iODBC: this test no longer tells the builds apart"
else pass "the unixODBC build does not connect under iODBC (as expected)"; fi

echo "iodbc: $passed passed, $failed failed"
[ "$failed" = 0 ]
