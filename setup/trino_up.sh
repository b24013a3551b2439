#!/usr/bin/env bash
# setup/trino_up.sh
#   Brings up a real single-node Trino coordinator on this machine, without
#   docker, with one PostgreSQL catalog per domain database of the jaffle
#   mesh (customersdb, ordersdb, paymentsdb: the servers of mesh_up.sh),
#   as the seed's docker-compose did.
#   1. finds a Java >= 24 under /usr/lib/jvm (Trino 476 needs it);
#   2. fetches io.trino:trino-server:476:tar.gz with Maven (no transitive
#      dependencies; the Maven cache ~/.m2 keeps it for later runs) and
#      unpacks bin/, lib/ and plugin/postgresql/ only;
#   3. writes etc/ (node, jvm, config, log, one catalog file per domain);
#   4. starts it (ulimit -n >= 4096) and waits, bounded, until GET /v1/info
#      says "starting":false.
#   Idempotent: a server that already answers on the port is kept.
#   (The smaller trino-server-core tarball would need the postgresql plugin
#   as a separate artifact; Maven Central has no such artifact for 476, so
#   the full tarball is used.)
# Environment: TRINO_DIR (etc/ and data/; default /var/lib/meshodbc/trino
#   as root, else ~/.meshodbc/trino), TRINO_CACHE (download and unpacked
#   server; /var/cache/meshodbc/trino or ~/.cache/meshodbc/trino), TRINO_PORT (18080), TRINO_VERSION (476),
#   TRINO_START_TIMEOUT (seconds, 240), MESH_PORT_CUSTOMERSDB/ORDERSDB/
#   PAYMENTSDB (as mesh_up.sh), JAVA_HOME (a Java >= 24 to use).
# Output: the last line is "trino: ready at http://127.0.0.1:PORT".
# Not here: stopping (trino_down.sh), the PostgreSQL servers (mesh_up.sh).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=setup/trinolib.sh
. "$here/trinolib.sh"

mkdir -p "$TRINO_DIR" "$TRINO_CACHE"

if trino_ready; then
    echo "trino: already running"
    echo "trino: ready at http://127.0.0.1:$TRINO_PORT"
    exit 0
fi

java_home=$(trino_java_home) || trino_die "no Java 24 or newer found under /usr/lib/jvm (Trino $TRINO_VERSION needs it); set JAVA_HOME"
echo "trino: using Java at $java_home"

trino_install
trino_write_etc

if trino_pid_alive; then
    echo "trino: a server process runs but does not answer on port $TRINO_PORT; stopping it"
    trino_stop_server
fi
trino_port_free "$TRINO_PORT" || trino_die "port $TRINO_PORT is already in use; set TRINO_PORT"

ulimit -n 65536 2>/dev/null || ulimit -n 4096 2>/dev/null || true
[ "$(ulimit -n)" -ge 4096 ] || trino_die "ulimit -n is $(ulimit -n); Trino needs at least 4096"

echo "trino: starting Trino $TRINO_VERSION on 127.0.0.1:$TRINO_PORT ($TRINO_DIR)"
trino_start_server "$java_home"
trino_wait_ready || { tail -n 40 "$TRINO_DIR/data/var/log/server.log" 2>/dev/null >&2 || true; trino_die "Trino did not become ready within ${TRINO_START_TIMEOUT}s (log: $TRINO_DIR/data/var/log/server.log)"; }
echo "trino: ready at http://127.0.0.1:$TRINO_PORT"
