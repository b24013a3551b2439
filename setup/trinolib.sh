# shellcheck shell=bash
# setup/trinolib.sh  (sourced by trino_up.sh, trino_down.sh and the tests)
#   Helpers for the single-node Trino server: locate Java >= 24, fetch and
#   unpack the server, write its configuration, start/stop it, wait for it.
# Interface: trino_java_home, trino_install, trino_write_etc,
#   trino_start_server, trino_stop_server, trino_serves, trino_ready, trino_wait_ready,
#   trino_pid_alive, trino_port_free, trino_cli, trino_die; variables
#   TRINO_DIR (this server's etc/ and data/), TRINO_CACHE (the download and
#   the unpacked server, shared by every server of this machine: the tests
#   start their own on a free port), TRINO_PORT, TRINO_VERSION, TRINO_HOME;
#   optional TLS and password authentication (the tests set them):
#   TRINO_HTTPS_PORT (serve https there too), TRINO_TLS_PEM (the server's
#   key and certificate, PEM), TRINO_PASSWORD_FILE (user:bcrypt lines,
#   checked on https only; http stays open without authentication).

trino_die() { echo "error: $*" >&2; exit 1; }

if [ "$(id -u)" = 0 ]; then
    TRINO_DIR=${TRINO_DIR:-/var/lib/meshodbc/trino}
    TRINO_CACHE=${TRINO_CACHE:-/var/cache/meshodbc/trino}
else
    TRINO_DIR=${TRINO_DIR:-$HOME/.meshodbc/trino}
    TRINO_CACHE=${TRINO_CACHE:-$HOME/.cache/meshodbc/trino}
fi
TRINO_PORT=${TRINO_PORT:-18080}
TRINO_VERSION=${TRINO_VERSION:-476}
TRINO_START_TIMEOUT=${TRINO_START_TIMEOUT:-240}
TRINO_HOME=$TRINO_CACHE/trino-server-$TRINO_VERSION

# java_major JAVA: the feature release number of that java binary.
java_major() {
    "$1" -XshowSettings:properties -version 2>&1 |
        sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n1
}

# trino_java_home: print a JAVA_HOME whose java is >= 24 ($JAVA_HOME first,
# then /usr/lib/jvm/*, newest first); status 1 if none.
trino_java_home() {
    local cands=() j m
    [ -n "${JAVA_HOME:-}" ] && cands+=("$JAVA_HOME")
    for j in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -Vr); do cands+=("${j%/}"); done
    for j in "${cands[@]}"; do
        [ -x "$j/bin/java" ] || continue
        m=$(java_major "$j/bin/java")
        if [ -n "$m" ] && [ "$m" -ge 24 ]; then echo "$j"; return 0; fi
    done
    return 1
}

# The plugins kept: the PostgreSQL connector, geospatial (whose Geometry
# type the postgresql plugin loads) and the password file authenticator.
TRINO_PLUGINS="postgresql geospatial password-authenticators"

# trino_fetch: print the path of the server tarball, fetching it once
# (progress on stderr: stdout is the path).
trino_fetch() {
    local dl=$TRINO_CACHE/download tgz
    tgz=$dl/trino-server-$TRINO_VERSION.tar.gz
    mkdir -p "$dl"
    if [ ! -s "$tgz" ]; then
        command -v mvn >/dev/null || trino_die "mvn not found (setup/deps.sh installs maven)"
        echo "trino: fetching io.trino:trino-server:$TRINO_VERSION:tar.gz with Maven (about 820 MB, cached in ~/.m2)" >&2
        mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
            -Dartifact="io.trino:trino-server:$TRINO_VERSION:tar.gz" \
            -DoutputDirectory="$dl" -Dmdep.overWriteIfNewer=true >&2 ||
            trino_die "could not fetch trino-server $TRINO_VERSION from Maven Central"
    fi
    echo "$tgz"
}

# trino_install: fetch the server tarball (Maven cache) and unpack what a
# PostgreSQL-only coordinator needs, once. An unpacked server that lacks a
# plugin of TRINO_PLUGINS (unpacked by an older version of this script)
# gets it added beside the others, without touching what runs.
trino_install() {
    local tgz p missing=()
    if [ -x "$TRINO_HOME/bin/launcher" ]; then
        for p in $TRINO_PLUGINS; do [ -d "$TRINO_HOME/plugin/$p" ] || missing+=("$p"); done
        [ ${#missing[@]} = 0 ] && return 0
        tgz=$(trino_fetch) || exit 1
        trino_add_plugins "$tgz" "${missing[@]}"
        return
    fi
    tgz=$(trino_fetch) || exit 1
    # The tarball stores plugins' shared jars as hard links between plugin
    # folders, so it is unpacked whole; then every plugin not kept is
    # removed (the links keep the files the others share).
    echo "trino: unpacking; keeping plugins $TRINO_PLUGINS"
    rm -rf "$TRINO_HOME.tmp" && mkdir -p "$TRINO_HOME.tmp"
    tar -xzf "$tgz" -C "$TRINO_HOME.tmp" --strip-components=1 ||
        trino_die "could not unpack $tgz"
    local keep=()
    for p in $TRINO_PLUGINS; do keep+=(! -name "$p"); done
    find "$TRINO_HOME.tmp/plugin" -mindepth 1 -maxdepth 1 -type d "${keep[@]}" -exec rm -rf {} +
    rm -rf "$TRINO_HOME" && mv "$TRINO_HOME.tmp" "$TRINO_HOME"
}

# trino_add_plugins TGZ NAME...: adds plugin folders to an unpacked server.
# Their jars are hard links to lib/ in the tarball, so lib/ is unpacked
# beside them in a staging folder; each plugin folder then arrives by one
# rename (a server starting at the same time sees it whole or not at all).
trino_add_plugins() {
    local tgz=$1 stage p pats=(); shift
    stage=$(mktemp -d "$TRINO_CACHE/plugins.XXXXXX")
    for p in "$@"; do pats+=("*/plugin/$p/*"); done
    echo "trino: adding plugins $* to $TRINO_HOME"
    if ! tar -xzf "$tgz" -C "$stage" --strip-components=1 --wildcards '*/lib/*' "${pats[@]}"; then
        rm -rf "$stage"; trino_die "could not unpack plugins $* from $tgz"
    fi
    for p in "$@"; do
        [ -d "$TRINO_HOME/plugin/$p" ] || mv -T "$stage/plugin/$p" "$TRINO_HOME/plugin/$p" 2>/dev/null ||
            [ -d "$TRINO_HOME/plugin/$p" ] || { rm -rf "$stage"; trino_die "could not add plugin $p"; }
    done
    rm -rf "$stage"
}

# trino_cli_jar: print the path of the Trino CLI executable jar, fetching it once.
trino_cli_jar() {
    local dl=$TRINO_CACHE/download jar
    jar=$dl/trino-cli-$TRINO_VERSION-executable.jar
    if [ ! -s "$jar" ]; then
        mkdir -p "$dl"
        mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
            -Dartifact="io.trino:trino-cli:$TRINO_VERSION:jar:executable" \
            -DoutputDirectory="$dl" >&2 || trino_die "could not fetch trino-cli $TRINO_VERSION"
    fi
    echo "$jar"
}

# trino_cli ARGS...: run the Trino CLI against the local server.
trino_cli() {
    local jh jar
    jh=$(trino_java_home) || trino_die "no Java >= 24"
    jar=$(trino_cli_jar)
    # native access and a dumb terminal declared: no JVM warnings on stderr
    "$jh/bin/java" --enable-native-access=ALL-UNNAMED -Dorg.jline.terminal.dumb=true \
        -jar "$jar" --server "http://127.0.0.1:$TRINO_PORT" --user meshodbc "$@"
}

# trino_write_etc: the configuration of a one-node coordinator on loopback
# and the three jaffle catalogs.
trino_write_etc() {
    local etc=$TRINO_DIR/etc cat port
    mkdir -p "$etc/catalog" "$TRINO_DIR/data"
    cat > "$etc/node.properties" <<EOP
node.environment=meshodbc
node.id=meshodbc-single-node
node.data-dir=$TRINO_DIR/data
EOP
    cat > "$etc/jvm.config" <<EOP
-server
-Xmx3G
-XX:+UseG1GC
-XX:+ExitOnOutOfMemoryError
-Djdk.attach.allowAttachSelf=true
EOP
    cat > "$etc/config.properties" <<EOP
coordinator=true
node-scheduler.include-coordinator=true
http-server.http.port=$TRINO_PORT
discovery.uri=http://127.0.0.1:$TRINO_PORT
query.max-memory=1GB
query.max-memory-per-node=1GB
EOP
    rm -f "$etc/password-authenticator.properties"
    if [ -n "${TRINO_HTTPS_PORT:-}" ]; then
        # https beside http: password authentication applies to https
        # only (allow-insecure-over-http keeps http open, as the other
        # tests use it); authentication needs an internal shared secret.
        cat >> "$etc/config.properties" <<EOP
http-server.https.enabled=true
http-server.https.port=$TRINO_HTTPS_PORT
http-server.https.keystore.path=${TRINO_TLS_PEM:?TRINO_TLS_PEM (key and certificate) is needed with TRINO_HTTPS_PORT}
http-server.authentication.type=PASSWORD
http-server.authentication.allow-insecure-over-http=true
internal-communication.shared-secret=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
EOP
        cat > "$etc/password-authenticator.properties" <<EOP
password-authenticator.name=file
file.password-file=${TRINO_PASSWORD_FILE:?TRINO_PASSWORD_FILE is needed with TRINO_HTTPS_PORT}
EOP
    fi
    echo "io.trino=WARN" > "$etc/log.properties"
    rm -f "$etc/catalog/"*.properties
    for cat in customersdb ordersdb paymentsdb; do
        case $cat in
            customersdb) port=${MESH_PORT_CUSTOMERSDB:-15432} ;;
            ordersdb) port=${MESH_PORT_ORDERSDB:-25432} ;;
            paymentsdb) port=${MESH_PORT_PAYMENTSDB:-35432} ;;
        esac
        cat > "$etc/catalog/$cat.properties" <<EOP
connector.name=postgresql
connection-url=jdbc:postgresql://127.0.0.1:$port/postgres
connection-user=postgres
connection-password=postgres
postgresql.array-mapping=AS_ARRAY
EOP
    done
}

trino_pidfile() { echo "$TRINO_DIR/data/var/run/launcher.pid"; }

trino_pid_alive() {
    local pf; pf=$(trino_pidfile)
    [ -s "$pf" ] && kill -0 "$(cat "$pf")" 2>/dev/null
}

# trino_start_server JAVA_HOME: start the server in the background (the
# launcher daemonizes it and writes the pid file).
trino_start_server() {
    local jh=$1
    JAVA_HOME=$jh PATH=$jh/bin:$PATH "$TRINO_HOME/bin/launcher" \
        --etc-dir="$TRINO_DIR/etc" --data-dir="$TRINO_DIR/data" start >/dev/null
}

trino_stop_server() {
    [ -x "$TRINO_HOME/bin/launcher" ] || return 0
    local jh; jh=$(trino_java_home 2>/dev/null) || jh=${JAVA_HOME:-/usr}
    JAVA_HOME=$jh PATH=$jh/bin:$PATH "$TRINO_HOME/bin/launcher" \
        --etc-dir="$TRINO_DIR/etc" --data-dir="$TRINO_DIR/data" stop >/dev/null 2>&1 || true
}

# trino_serves [SQL]: SQL (default `SELECT 1`) runs to its end without an
# error. Right after "starting":false the coordinator may not have
# announced itself as a worker yet and refuses queries with
# NO_NODES_AVAILABLE; a query that scans a catalog's table can be refused
# a little longer than `SELECT 1` (tests/trino/trino_ctl.sh waits for one).
trino_serves() {
    local out uri i sql=${1:-SELECT 1}
    out=$(curl -fsS --max-time 5 -H 'X-Trino-User: meshodbc' \
          --data "$sql" "http://127.0.0.1:$TRINO_PORT/v1/statement" \
          2>/dev/null) || return 1
    for i in $(seq 1 50); do
        case $out in *'"error"'*) return 1 ;; esac
        uri=$(printf '%s' "$out" | grep -o '"nextUri" *: *"[^"]*"' | head -n 1 |
              sed 's/^"nextUri" *: *"//; s/"$//' || true)
        [ -z "$uri" ] && return 0       # finished, no error
        sleep 0.2
        out=$(curl -fsS --max-time 5 -H 'X-Trino-User: meshodbc' "$uri" \
              2>/dev/null) || return 1
    done
    return 1
}

# trino_ready: the server answers GET /v1/info with "starting":false and
# runs a query.
trino_ready() {
    curl -fsS --max-time 3 "http://127.0.0.1:$TRINO_PORT/v1/info" 2>/dev/null |
        grep -q '"starting"[[:space:]]*:[[:space:]]*false' && trino_serves
}

trino_wait_ready() {
    local t=0
    while [ "$t" -lt "$TRINO_START_TIMEOUT" ]; do
        trino_ready && return 0
        if [ "$t" -gt 10 ] && ! trino_pid_alive; then
            echo "trino: the server process exited" >&2
            return 1
        fi
        sleep 2; t=$((t + 2))
    done
    return 1
}

trino_port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
