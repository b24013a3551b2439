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
session=$(mktemp "${TMPDIR:-/tmp}/meshodbc-demo.XXXXXX")
out=$(mktemp "${TMPDIR:-/tmp}/meshodbc-demo-out.XXXXXX")
trap 'rm -f "$session" "$out"' EXIT
{
    echo "show catalogs"
    echo "select count(*) from customersdb.public.customers"
    echo "select count(*) from ordersdb.public.orders"
    echo "select count(*) from paymentsdb.public.payments"
    "$here/sql_oneline.sh" "$data/customers_federated.sql"
    "$here/sql_oneline.sh" "$data/orders_federated.sql"
} > "$session"

status=0
while IFS= read -r stmt; do
    echo
    echo "SQL> ${stmt:0:160}$([ ${#stmt} -gt 160 ] && echo ' ...')"
    # One isql run per statement, so that each one's success is known.
    if ! printf '%s\n' "$stmt" | isql -v -b jaffle_mesh >"$out" 2>&1; then
        status=1
    fi
    cat "$out"
    if grep -Eq '^\[[0-9A-Z]{5}\]|\[ISQL\]ERROR' "$out"; then
        status=1
    fi
done < "$session"

echo
if [ "$status" = 0 ]; then
    echo "demo: all statements succeeded (expected results: $data/expected_*.csv)"
else
    echo "demo: some statements failed (see above)" >&2
fi
exit "$status"
