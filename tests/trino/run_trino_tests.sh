#!/usr/bin/env bash
# tests/trino/run_trino_tests.sh
#   The TESTS entry for MeshODBC's Trino mode, against a real Trino 476
#   server: starts a throwaway jaffle mesh (tests/pg_cluster.sh), a
#   single-node Trino on a free port whose three catalogs point at it
#   (setup/trino_up.sh with TRINO_DIR in the temporary directory; the
#   server download is shared through TRINO_CACHE and Maven's cache),
#   adds the DSN trino_mesh (Engine=trino) beside jaffle_mesh, runs the
#   seed session through the Trino CLI and through isql in Trino mode
#   (both models compared byte for byte with the expected CSVs), then every
#   program in $TRINO_TESTS; always stops both afterwards.
#   The server also serves https on a second free port, with a self-signed
#   certificate (IP SAN 127.0.0.1) and a bcrypt password file that this
#   script creates (openssl, htpasswd); password authentication applies
#   to https only, so plain http stays open for the other tests. The
#   programs find them in MESH_TRINO_HTTPS_PORT, MESH_TRINO_CA,
#   MESH_TRINO_USER and MESH_TRINO_PASSWORD, and can stop and restart the
#   server with tests/trino/trino_ctl.sh (MESH_TRINO_CTL). The DSN
#   mixed_mesh has the local catalogs and the cluster's customersdb and
#   ordersdb as the Trino catalogs tcustomers and torders.
# Runs only when MESH_TRINO=1 (setup/run_tests.sh --trino sets it; CI
#   does): a Trino server takes a JVM with 3 GB and a minute to start, too
#   much for every quick loop. Otherwise it exits 77 (SKIP) and says so.
# Exit status: 0 when everything passed, 1 otherwise, 77 skipped.
set -uo pipefail

if [ "${MESH_TRINO:-}" != 1 ]; then
    echo "SKIP: Trino tests need a real Trino server; run setup/run_tests.sh --trino (or set MESH_TRINO=1)"
    exit 77
fi

top_srcdir=${top_srcdir:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
top_builddir=${top_builddir:-$(pwd)}
cluster=$top_srcdir/tests/pg_cluster.sh
export MESH_DRIVER_LIB=${MESH_DRIVER_LIB:-$top_builddir/.libs/libmeshodbc.so}

dir=$(mktemp -d "${TMPDIR:-/tmp}/meshodbc-trino.XXXXXX") || exit 99
chmod 755 "$dir"
export TRINO_DIR=$dir/trino
cleanup() {
    "$top_srcdir/setup/trino_down.sh" >/dev/null 2>&1
    "$cluster" stop "$dir" >/dev/null 2>&1
    rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if ! "$cluster" start "$dir" "$MESH_DRIVER_LIB"; then
    echo "ERROR: could not start the test PostgreSQL cluster"
    exit 99
fi
# shellcheck disable=SC1091
. "$dir/env.sh"
# shellcheck source=setup/trinolib.sh
. "$top_srcdir/setup/trinolib.sh"
port=20000
while ! trino_port_free "$port"; do port=$((port + 1)); done
export TRINO_PORT=$port MESH_TRINO_PORT=$port
hport=$((port + 1))
while ! trino_port_free "$hport"; do hport=$((hport + 1)); done
# TLS and password authentication, made fresh for this run
tls=$dir/tls
mkdir -p "$tls"
if ! openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=meshodbc-trino-test" \
        -addext "subjectAltName=IP:127.0.0.1" -keyout "$tls/key.pem" -out "$tls/cert.pem" \
        >/dev/null 2>&1; then
    echo "ERROR: could not create the test certificate (openssl)"
    exit 99
fi
cat "$tls/key.pem" "$tls/cert.pem" > "$tls/server.pem"
password=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
if ! htpasswd -B -C 10 -b -c "$tls/password.db" meshodbc "$password" >/dev/null 2>&1; then
    echo "ERROR: could not create the password file (htpasswd, from apache2-utils)"
    exit 99
fi
export TRINO_HTTPS_PORT=$hport TRINO_TLS_PEM=$tls/server.pem TRINO_PASSWORD_FILE=$tls/password.db
export MESH_TRINO_HTTPS_PORT=$hport MESH_TRINO_CA=$tls/cert.pem MESH_TRINO_USER=meshodbc \
    MESH_TRINO_PASSWORD=$password MESH_TRINO_CTL=$top_srcdir/tests/trino/trino_ctl.sh
if ! "$top_srcdir/setup/trino_up.sh"; then
    echo "FAIL: could not start Trino"
    exit 1
fi
printf '\n[trino_mesh]\nDriver=MeshODBC\nEngine=trino\nServer=http://127.0.0.1:%s\nUID=meshodbc\n' \
    "$port" >> "$ODBCINI"
# A mixed mesh: the local catalogs plus the cluster's customersdb and
# ordersdb as the Trino catalogs tcustomers and torders (connector =
# trino), DSN mixed_mesh.
{ cat "$MESH_CATALOGS"
  for c in customersdb ordersdb; do
      printf '\n[t%s]\nconnector = trino\nurl = http://127.0.0.1:%s\nuser = meshodbc\ntrino_catalog = %s\n' \
          "${c%db}" "$port" "$c"
  done
} > "$dir/mixed.ini"
printf '\n[mixed_mesh]\nDriver=MeshODBC\nCatalogs=%s\n' "$dir/mixed.ini" >> "$ODBCINI"

passed=0 failed=0
ok() { echo "PASS: $1"; passed=$((passed + 1)); }
ko() { echo "FAIL: $1"; failed=$((failed + 1)); }

data=$top_srcdir/setup/data/jaffle_shop
# The seed session through the Trino CLI: the reference itself.
for m in customers orders; do
    got=$(trino_cli --output-format CSV_HEADER_UNQUOTED --execute "$("$top_srcdir/setup/sql_oneline.sh" "$data/${m}_federated.sql")" 2>/dev/null)
    if [ "$got" = "$(cat "$data/expected_$m.csv")" ]; then ok "Trino CLI: $m model"; else ko "Trino CLI: $m model"; fi
done
# ... and through isql in Trino mode, byte for byte.
for m in customers orders; do
    sql=$("$top_srcdir/setup/sql_oneline.sh" "$data/${m}_federated.sql")
    got=$(printf '%s\n' "$sql" | isql -b -d, -c trino_mesh 2>&1 | tr -d '\r')
    if [ "$got" = "$(cat "$data/expected_$m.csv")" ]; then ok "isql Trino mode: $m model"; else ko "isql Trino mode: $m model"; printf '%s\n' "$got" | head -5; fi
done

for prog in ${TRINO_TESTS:-}; do
    path=$prog
    [ -x "$path" ] || path=$top_builddir/$prog
    echo "=== $prog"
    if timeout "${ODBC_TEST_TIMEOUT:-900}" "$path"; then ok "$prog"; else ko "$prog"; fi
done
echo "trino tests: $passed passed, $failed failed"
[ "$failed" = 0 ]
