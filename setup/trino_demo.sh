#!/usr/bin/env bash
# setup/trino_demo.sh
#   README command 3 (run as root: sudo setup/trino_demo.sh). The seed's
#   session against a real Trino cluster, first through Trino's own CLI
#   and then through MeshODBC in Trino mode (Engine=trino), as the seed's
#   docker-compose demo ran it, without docker:
#     1. install missing packages (setup/deps.sh),
#     2. build in build/ and make install when the installed driver is
#        missing or differs from the build (registers [MeshODBC]),
#     3. bring up the jaffle mesh (setup/mesh_up.sh),
#     4. bring up a single-node Trino 476 whose three catalogs are the
#        mesh's databases (setup/trino_up.sh; the first run fetches about
#        820 MB from Maven Central; needs a Java >= 24 under /usr/lib/jvm),
#     5. register the DSN jaffle_trino (Driver=MeshODBC, Engine=trino,
#        Server=http://127.0.0.1:$TRINO_PORT, UID=meshodbc),
#     6. the seed session through the Trino CLI: show catalogs, the three
#        row counts, both federated models,
#     7. the same session through isql -v jaffle_trino.
#   Both models, from both clients, are compared byte for byte with
#   setup/data/jaffle_shop/expected_*.csv. Idempotent, like the scripts it
#   calls: a running mesh and a running Trino are kept.
# Environment: PREFIX (default /usr/local), MAKE_JOBS (2), the variables
#   of mesh_up.sh (MESH_DIR, MESH_PORT_*) and of trino_up.sh (TRINO_DIR,
#   TRINO_CACHE, TRINO_PORT, JAVA_HOME).
# Not here: stopping (setup/trino_down.sh, setup/mesh_down.sh).
# Exit status: non-zero if any step or any statement fails or a model
#   differs from the expected result.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
MESH_SRCDIR=$(cd "$here/.." && pwd)
# shellcheck source=setup/buildlib.sh
. "$here/buildlib.sh"
# shellcheck source=setup/trinolib.sh
. "$here/trinolib.sh"
PREFIX=${PREFIX:-/usr/local}
data=$here/data/jaffle_shop
if [ "$(id -u)" = 0 ]; then dsn_scope=-l; else dsn_scope=-h; fi

echo "== 1. packages"
"$here/deps.sh"

echo "== 2. build and install (prefix $PREFIX)"
if [ ! -f "$MESH_SRCDIR/build/Makefile" ]; then
    mesh_autoreconf
    mesh_configure build --prefix="$PREFIX"
fi
make -C "$MESH_SRCDIR/build" -j"$(mesh_jobs)"
installed=$PREFIX/lib/libmeshodbc.so
if cmp -s "$MESH_SRCDIR/build/.libs/libmeshodbc.so" "$installed" &&
    odbcinst -q -d -n MeshODBC >/dev/null 2>&1; then
    echo "build: $installed is up to date and registered"
else
    if [ ! -w "$PREFIX" ] && [ "$(id -u)" != 0 ]; then
        echo "error: $PREFIX is not writable: run as root (sudo setup/trino_demo.sh) or set PREFIX" >&2
        exit 1
    fi
    make -C "$MESH_SRCDIR/build" install
fi

echo "== 3. the jaffle_shop mesh"
"$here/mesh_up.sh"

echo "== 4. Trino"
"$here/trino_up.sh"

echo "== 5. the DSN jaffle_trino"
dsnfile=$(mktemp "${TMPDIR:-/tmp}/meshodbc-dsn.XXXXXX")
out=$(mktemp "${TMPDIR:-/tmp}/meshodbc-trino-demo.XXXXXX")
trap 'rm -f "$dsnfile" "$out" "$out.csv"' EXIT
printf '[jaffle_trino]\nDescription=the jaffle mesh through Trino (setup/trino_demo.sh)\nDriver=MeshODBC\nEngine=trino\nServer=http://127.0.0.1:%s\nUID=meshodbc\n' \
    "$TRINO_PORT" > "$dsnfile"
odbcinst -i -s "$dsn_scope" -f "$dsnfile" >/dev/null ||
    trino_die "could not register the jaffle_trino DSN with odbcinst"
echo "trino: DSN jaffle_trino registered ($([ "$dsn_scope" = -l ] && echo system || echo user) DSN) -> http://127.0.0.1:$TRINO_PORT"

status=0

# compare_csv WHAT FILE: FILE (CR stripped) against the model's expected CSV.
compare_csv() {
    local csv=$data/expected_$1.csv
    tr -d '\r' < "$2" > "$out.csv"
    cat "$out.csv"
    if cmp -s "$out.csv" "$csv"; then
        echo "-- $(($(wc -l < "$out.csv") - 1)) rows, identical to $csv"
    else
        echo "-- DIFFERS from $csv:" >&2
        diff "$out.csv" "$csv" | head -20 >&2
        status=1
    fi
}

echo
echo "== 6. the seed session through the Trino CLI"
cli_table() {
    echo
    echo "trino> $1"
    trino_cli --output-format ALIGNED --execute "$1" || status=1
}
cli_model() {
    echo
    echo "trino> $data/$1_federated.sql (as CSV)"
    trino_cli --output-format CSV_HEADER_UNQUOTED \
        --execute "$("$here/sql_oneline.sh" "$data/$1_federated.sql")" >"$out" || status=1
    compare_csv "$1" "$out"
}
cli_table "show catalogs"
cli_table "select count(*) from customersdb.public.customers"
cli_table "select count(*) from ordersdb.public.orders"
cli_table "select count(*) from paymentsdb.public.payments"
cli_model customers
cli_model orders

echo
echo "== 7. the seed session through MeshODBC in Trino mode (isql -v jaffle_trino)"
isql_table() {
    echo
    echo "SQL> $1"
    if ! printf '%s\n' "$1" | isql -v -b -m40 jaffle_trino >"$out" 2>&1; then status=1; fi
    cat "$out"
    if grep -Eq '^\[[0-9A-Z]{5}\]|\[ISQL\]ERROR' "$out"; then status=1; fi
}
isql_model() {
    echo
    echo "SQL> $data/$1_federated.sql (as CSV)"
    if ! "$here/sql_oneline.sh" "$data/$1_federated.sql" |
        isql -b -d, -c jaffle_trino >"$out" 2>&1; then status=1; fi
    compare_csv "$1" "$out"
}
isql_table "show catalogs"
isql_table "select count(*) from customersdb.public.customers"
isql_table "select count(*) from ordersdb.public.orders"
isql_table "select count(*) from paymentsdb.public.payments"
isql_model customers
isql_model orders

echo
if [ "$status" = 0 ]; then
    echo "trino demo: all statements succeeded; both models, through the Trino CLI and through MeshODBC in Trino mode, match the seed's expected results"
else
    echo "trino demo: some statements failed (see above)" >&2
fi
exit "$status"
