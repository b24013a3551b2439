#!/usr/bin/env bash
# setup/demo.sh
#   README command 1 (run as root: sudo setup/demo.sh).  From a fresh Debian
#   12 machine to federated queries through ODBC:
#     1. install missing packages (setup/deps.sh),
#     2. build in build/ (autoreconf, configure --prefix=$PREFIX, make) and
#        make install, which registers the MeshODBC driver with unixODBC,
#     3. bring up the three-database jaffle_shop mesh (setup/mesh_up.sh) and
#        its DSN jaffle_mesh,
#     4. run the seed's session through isql: show catalogs, the three row
#        counts, then customers_federated.sql and orders_federated.sql.
# Environment: PREFIX (default /usr/local), MAKE_JOBS (default 2), and the
#   variables of mesh_up.sh (MESH_DIR, MESH_PORT_*).
# Exit status: non-zero if any step or any statement fails.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
MESH_SRCDIR=$(cd "$here/.." && pwd)
# shellcheck source=setup/buildlib.sh
. "$here/buildlib.sh"
PREFIX=${PREFIX:-/usr/local}
data=$here/data/jaffle_shop

echo "== 1. packages"
"$here/deps.sh"

echo "== 2. build and install (prefix $PREFIX)"
mesh_autoreconf
mesh_configure build --prefix="$PREFIX"
make -C "$MESH_SRCDIR/build" -j"$(mesh_jobs)"
if [ ! -w "$PREFIX" ] && [ "$(id -u)" != 0 ]; then
    echo "error: $PREFIX is not writable: run as root (sudo setup/demo.sh) or set PREFIX" >&2
    exit 1
fi
make -C "$MESH_SRCDIR/build" install

echo "== 3. the jaffle_shop mesh"
"$here/mesh_up.sh"

echo "== 4. the seed session through isql -v jaffle_mesh"
out=$(mktemp "${TMPDIR:-/tmp}/meshodbc-demo-out.XXXXXX")
trap 'rm -f "$out"' EXIT
status=0

# run_table SQL: one isql run, printed as isql's table (-m40 keeps columns
# declared varchar(255) readable; no value here is longer).
run_table() {
    echo
    echo "SQL> $1"
    if ! printf '%s\n' "$1" | isql -v -b -m40 jaffle_mesh >"$out" 2>&1; then status=1; fi
    cat "$out"
    if grep -Eq '^\[[0-9A-Z]{5}\]|\[ISQL\]ERROR' "$out"; then status=1; fi
}

# run_model NAME: the federated model as CSV (isql -d, -c), then compared
# byte for byte with the expected output of the seed.
run_model() {
    local sql csv=$data/expected_$1.csv
    sql=$("$here/sql_oneline.sh" "$data/$1_federated.sql")
    echo
    echo "SQL> $data/$1_federated.sql (as CSV)"
    if ! printf '%s\n' "$sql" | isql -b -d, -c jaffle_mesh >"$out" 2>&1; then status=1; fi
    tr -d '\r' < "$out" > "$out.csv"
    cat "$out.csv"
    if cmp -s "$out.csv" "$csv"; then
        echo "-- $(($(wc -l < "$out.csv") - 1)) rows, identical to $csv"
    else
        echo "-- DIFFERS from $csv:" >&2
        diff "$out.csv" "$csv" | head -20 >&2
        status=1
    fi
    rm -f "$out.csv"
}

run_table "show catalogs"
run_table "select count(*) from customersdb.public.customers"
run_table "select count(*) from ordersdb.public.orders"
run_table "select count(*) from paymentsdb.public.payments"
run_model customers
run_model orders

echo
if [ "$status" = 0 ]; then
    echo "demo: all statements succeeded; both models match the seed's expected results"
else
    echo "demo: some statements failed (see above)" >&2
fi
exit "$status"
