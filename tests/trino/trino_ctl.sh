#!/usr/bin/env bash
# tests/trino/trino_ctl.sh stop|start
#   Test hook of test_trino (a server stopped mid-fetch, then restarted):
#   stop stops the runner's Trino and returns once nothing answers on its
#   port; start starts it again with the same configuration and returns
#   once it is ready (setup/trino_up.sh, bounded wait) and a table of
#   catalog ordersdb can be scanned (bounded wait). Reads the
#   environment run_trino_tests.sh exports (TRINO_DIR, TRINO_PORT,
#   TRINO_HTTPS_PORT, TRINO_TLS_PEM, TRINO_PASSWORD_FILE, MESH_PORT_*).
# Exit status: 0 done, 1 failed, 2 usage.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
: "${TRINO_DIR:?run by tests/trino/run_trino_tests.sh}" "${TRINO_PORT:?}"
case ${1:-} in
    stop)
        # shellcheck source=setup/trinolib.sh
        . "$top/setup/trinolib.sh"
        trino_stop_server
        for _ in $(seq 1 60); do
            trino_port_free "$TRINO_PORT" && ! trino_pid_alive && exit 0
            sleep 1
        done
        echo "trino_ctl: the server still answers on port $TRINO_PORT" >&2
        exit 1 ;;
    start)
        "$top/setup/trino_up.sh"
        # ready for the tests means a catalog's table can be scanned:
        # trino_up.sh's `SELECT 1` may run while a scan of a catalog is
        # still refused with NO_NODES_AVAILABLE (seen under load)
        # shellcheck source=setup/trinolib.sh
        . "$top/setup/trinolib.sh"
        for _ in $(seq 1 60); do
            trino_serves 'SELECT count(*) FROM ordersdb.public.orders' && exit 0
            sleep 1
        done
        echo "trino_ctl: catalog ordersdb not queryable 60 s after the start" >&2
        exit 1 ;;
    *)
        echo "usage: trino_ctl.sh stop|start" >&2
        exit 2 ;;
esac
