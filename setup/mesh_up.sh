#!/usr/bin/env bash
# setup/mesh_up.sh
#   Brings up the jaffle_shop data mesh on this machine, without docker: three
#   PostgreSQL servers, one per domain, each holding its table in database
#   postgres, schema public, user postgres / password postgres:
#     customersdb  127.0.0.1:15432  public.customers  (100 rows)
#     ordersdb     127.0.0.1:25432  public.orders     ( 99 rows)
#     paymentsdb   127.0.0.1:35432  public.payments   (113 rows)
#   and a fourth, empty one for what dbt builds (dbt/jaffle_mesh writes
#   schema analytics there):
#     warehouse    127.0.0.1:45432  (no table)
#   Then writes the catalog file $MESH_DIR/catalogs.ini and registers the ODBC
#   DSN jaffle_mesh (Driver=MeshODBC; system DSN as root, user DSN otherwise).
#   Idempotent: running servers are kept, a table is reloaded only when it is
#   missing or its row count is wrong.
# Environment: MESH_DIR (default /var/lib/meshodbc/mesh as root, else
#   ~/.meshodbc/mesh), MESH_PORT_CUSTOMERSDB, MESH_PORT_ORDERSDB,
#   MESH_PORT_PAYMENTSDB, MESH_PORT_WAREHOUSE, PG_BINDIR.
# Not here: stopping (mesh_down.sh), building the driver (demo.sh).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=setup/pglib.sh
. "$here/pglib.sh"

if [ "$(id -u)" = 0 ]; then
    MESH_DIR=${MESH_DIR:-/var/lib/meshodbc/mesh}
    dsn_scope=-l
else
    MESH_DIR=${MESH_DIR:-$HOME/.meshodbc/mesh}
    dsn_scope=-h
fi
declare -A port=(
    [customersdb]=${MESH_PORT_CUSTOMERSDB:-15432}
    [ordersdb]=${MESH_PORT_ORDERSDB:-25432}
    [paymentsdb]=${MESH_PORT_PAYMENTSDB:-35432}
    [warehouse]=${MESH_PORT_WAREHOUSE:-45432}
)
catalogs="customersdb ordersdb paymentsdb warehouse"

mkdir -p "$MESH_DIR"
MESH_DIR=$(cd "$MESH_DIR" && pwd)
# The server account must be able to reach its data directory.
if [ "$(id -u)" = 0 ]; then
    d=$MESH_DIR
    while [ "$d" != / ]; do chmod o+x "$d"; d=$(dirname "$d"); done
fi

for cat in $catalogs; do
    datadir=$MESH_DIR/$cat
    p=${port[$cat]}
    table=
    [ "$cat" = warehouse ] || table=$(pg_table_of "$cat")
    if [ ! -f "$datadir/PG_VERSION" ]; then
        echo "mesh: initdb $cat ($datadir)"
        rm -rf "$datadir"
        pg_init "$datadir"
    fi
    pg_write_conf "$datadir" "$p"
    if pg_is_running "$datadir" && ! pg_answers "$p"; then
        echo "mesh: $cat runs but does not answer on port $p; restarting"
        pg_stop "$datadir"
    fi
    if ! pg_is_running "$datadir"; then
        pg_port_free "$p" || pg_die "port $p (for $cat) is already in use; set MESH_PORT_${cat^^}"
        echo "mesh: starting $cat on 127.0.0.1:$p"
        pg_start "$datadir" || exit 1
    else
        echo "mesh: $cat already running on 127.0.0.1:$p"
    fi
    if [ -z "$table" ]; then
        echo "mesh: $cat is the (empty) catalog dbt writes to"
        continue
    fi
    n=$(pg_count "$p" "$table")
    if [ "$n" != "$(pg_expected_count "$table")" ]; then
        echo "mesh: loading $cat.public.$table"
        pg_load_table "$p" "$table"
    fi
    echo "mesh: $cat.public.$table has $(pg_count "$p" "$table") rows"
done

# The catalog file: one section per catalog; every key but "connector" is a
# libpq connection keyword.
{
    echo "; $MESH_DIR/catalogs.ini: MeshODBC catalogs of the jaffle_shop mesh."
    echo "; Written by setup/mesh_up.sh."
    for cat in $catalogs; do
        echo
        echo "[$cat]"
        echo "connector = postgresql"
        echo "host = 127.0.0.1"
        echo "port = ${port[$cat]}"
        echo "dbname = postgres"
        echo "user = postgres"
        echo "password = postgres"
    done
} > "$MESH_DIR/catalogs.ini.tmp"
mv -f "$MESH_DIR/catalogs.ini.tmp" "$MESH_DIR/catalogs.ini"
chmod 644 "$MESH_DIR/catalogs.ini"

dsnfile=$(mktemp "${TMPDIR:-/tmp}/meshodbc-dsn.XXXXXX")
printf '[jaffle_mesh]\nDescription=jaffle_shop data mesh (setup/mesh_up.sh)\nDriver=MeshODBC\nCatalogs=%s\n' \
    "$MESH_DIR/catalogs.ini" > "$dsnfile"
if ! odbcinst -i -s "$dsn_scope" -f "$dsnfile" >/dev/null; then
    rm -f "$dsnfile"
    pg_die "could not register the jaffle_mesh DSN with odbcinst"
fi
rm -f "$dsnfile"

echo "mesh: catalogs in $MESH_DIR/catalogs.ini; DSN jaffle_mesh registered ($([ "$dsn_scope" = -l ] && echo system || echo user) DSN)"
