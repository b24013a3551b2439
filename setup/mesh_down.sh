#!/usr/bin/env bash
# setup/mesh_down.sh
#   Takes down what setup/mesh_up.sh brought up: stops the customersdb,
#   ordersdb and paymentsdb servers, removes their data directories and the
#   catalog file, and unregisters the jaffle_mesh DSN.  Idempotent.
# Environment: MESH_DIR (same default as mesh_up.sh), PG_BINDIR.
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

if [ -d "$MESH_DIR" ]; then
    MESH_DIR=$(cd "$MESH_DIR" && pwd)
    for cat in customersdb ordersdb paymentsdb warehouse; do
        datadir=$MESH_DIR/$cat
        if [ -d "$datadir" ]; then
            echo "mesh: stopping $cat"
            pg_stop "$datadir"
            rm -rf "$datadir"
        fi
    done
    rm -f "$MESH_DIR/catalogs.ini" "$MESH_DIR/catalogs.ini.tmp"
    rmdir "$MESH_DIR" 2>/dev/null || true
    # The default locations also leave their (now empty) parent behind.
    case $MESH_DIR in
        /var/lib/meshodbc/mesh|"$HOME/.meshodbc/mesh") rmdir "$(dirname "$MESH_DIR")" 2>/dev/null || true ;;
    esac
fi

if odbcinst -q -s "$dsn_scope" -n jaffle_mesh >/dev/null 2>&1; then
    odbcinst -u -s "$dsn_scope" -n jaffle_mesh >/dev/null
    echo "mesh: DSN jaffle_mesh removed"
fi
echo "mesh: down"
