#!/usr/bin/env bash
# tests/pg_cluster.sh
#   A throwaway jaffle_shop mesh for the tests: three PostgreSQL servers
#   (customersdb, ordersdb, paymentsdb) on free loopback ports, data in DIR,
#   password auth postgres/postgres, tables loaded from setup/data/jaffle_shop,
#   plus the unixODBC files that point a DSN at them.
# Usage:
#   pg_cluster.sh start DIR [DRIVER_LIB]   initdb + start + load all three; write
#                                          DIR/catalogs.ini, DIR/odbcinst.ini,
#                                          DIR/odbc.ini (DSN jaffle_mesh), DIR/env.sh
#   pg_cluster.sh stop DIR                 stop every server in DIR (files stay)
#   pg_cluster.sh stop-one DIR NAME        stop one server (e.g. ordersdb)
#   pg_cluster.sh start-one DIR NAME       start it again, same port
#   pg_cluster.sh load-all-in-one DIR      add a 4th server, refdb, holding all
#                                          three tables (for differential tests);
#                                          adds catalog [refdb] and MESH_PORT_REFDB
#   pg_cluster.sh add-warehouse DIR        add a 5th server, warehouse, with an
#                                          empty database: the catalog dbt writes
#                                          to (catalog [warehouse],
#                                          MESH_PORT_WAREHOUSE)
# DRIVER_LIB defaults to $MESH_DRIVER_LIB, else $top_builddir/.libs/libmeshodbc.so.
# DIR/env.sh exports ODBCSYSINI, ODBCINI, MESH_TEST_DIR, MESH_CATALOGS,
# MESH_PG_CLUSTER (this script), MESH_PORT_<NAME> for each server.
# As root, the servers run as an unprivileged account (see setup/pglib.sh) and
# DIR is made traversable for it.  Durability is off: these are test servers.
set -euo pipefail

self=$(readlink -f "${BASH_SOURCE[0]}")
here=$(dirname "$self")
# shellcheck source=setup/pglib.sh
. "$here/../setup/pglib.sh"

usage() { sed -n '8,22p' "$self" >&2; exit 2; }

# abs DIR: print DIR as an absolute path (DIR must exist).
abs() { (cd "$1" && pwd); }

# make_traversable DIR: let the server account reach DIR (as root only).
make_traversable() {
    [ "$(id -u)" = 0 ] || return 0
    local d=$1
    chmod 755 "$d"
    d=$(dirname "$d")
    while [ "$d" != / ]; do chmod o+x "$d" 2>/dev/null || true; d=$(dirname "$d"); done
}

# port_var NAME: the env.sh variable holding NAME's port.
port_var() { echo "MESH_PORT_$(echo "$1" | tr '[:lower:]' '[:upper:]')"; }

# port_of DIR NAME: print the port recorded for server NAME.
port_of() {
    local f=$1/$2/meshodbc.conf
    [ -f "$f" ] || pg_die "no server $2 in $1"
    sed -n 's/^port = //p' "$f"
}

# template DIR: print the path of a fresh initdb'ed cluster to copy from,
# creating it once per DIR (one initdb instead of one per server).
template() {
    local t=$1/.template
    if [ ! -f "$t/PG_VERSION" ]; then
        rm -rf "$t"
        pg_init "$t"
    fi
    echo "$t"
}

# new_server DIR NAME: create server NAME from the template, pick a free port
# and start it; retries with another port if the first one was taken meanwhile.
new_server() {
    local dir=$1 name=$2 datadir=$1/$2 t p
    t=$(template "$dir")
    rm -rf "$datadir"
    cp -a "$t" "$datadir"
    for _ in 1 2 3 4 5; do
        p=$(pg_free_port)
        pg_write_conf "$datadir" "$p" fast
        if pg_start "$datadir" 2>"$dir/$name.start.err"; then
            rm -f "$dir/$name.start.err"
            return 0
        fi
    done
    cat "$dir/$name.start.err" >&2
    pg_die "could not start $name"
}

# write_files DIR DRIVER_LIB: catalogs.ini, odbcinst.ini, odbc.ini, env.sh.
write_files() {
    local dir=$1 lib=$2 name
    {
        echo "; catalogs of the test mesh (tests/pg_cluster.sh); refdb, the"
        echo "; differential tests' reference, is reached through psqlODBC only"
        for name in customersdb ordersdb paymentsdb warehouse; do
            [ -d "$dir/$name" ] || continue
            printf '\n[%s]\nconnector = postgresql\nhost = 127.0.0.1\nport = %s\n' "$name" "$(port_of "$dir" "$name")"
            printf 'dbname = postgres\nuser = postgres\npassword = postgres\n'
            # under valgrind sixteen threads connecting at once on a busy
            # 2-core machine can take longer than the default 10 s
            if [ -n "${MESH_TEST_CONNECT_TIMEOUT:-}" ]; then
                printf 'connect_timeout = %s\n' "$MESH_TEST_CONNECT_TIMEOUT"
            fi
        done
    } > "$dir/catalogs.ini"
    printf '[MeshODBC]\nDescription=MeshODBC (build tree)\nDriver=%s\nThreading=0\nFileUsage=0\nUsageCount=1\n' \
        "$lib" > "$dir/odbcinst.ini"
    printf '[jaffle_mesh]\nDriver=MeshODBC\nCatalogs=%s\n' "$dir/catalogs.ini" > "$dir/odbc.ini"
    {
        echo "# source me: the test mesh in $dir"
        echo "export ODBCSYSINI='$dir'"
        echo "export ODBCINI='$dir/odbc.ini'"
        echo "export MESH_TEST_DIR='$dir'"
        echo "export MESH_CATALOGS='$dir/catalogs.ini'"
        echo "export MESH_DRIVER_LIB='$lib'"
        echo "export MESH_PG_CLUSTER='$self'"
        for name in customersdb ordersdb paymentsdb refdb warehouse; do
            [ -d "$dir/$name" ] || continue
            echo "export $(port_var "$name")=$(port_of "$dir" "$name")"
        done
    } > "$dir/env.sh"
    echo "$lib" > "$dir/driver_lib"
}

cmd=${1:-}
[ $# -ge 2 ] || usage
mkdir -p "$2"
DIR=$(abs "$2")

case $cmd in
start)
    lib=${3:-${MESH_DRIVER_LIB:-${top_builddir:-.}/.libs/libmeshodbc.so}}
    case $lib in /*) ;; *) lib=$(pwd)/$lib ;; esac
    make_traversable "$DIR"
    for name in customersdb ordersdb paymentsdb; do
        new_server "$DIR" "$name"
        pg_load_table "$(port_of "$DIR" "$name")" "$(pg_table_of "$name")"
    done
    write_files "$DIR" "$lib"
    ;;
stop)
    for d in "$DIR"/*/; do
        [ -f "$d/PG_VERSION" ] && pg_stop "${d%/}"
    done
    ;;
stop-one)
    [ $# -ge 3 ] || usage
    [ -f "$DIR/$3/PG_VERSION" ] || pg_die "no server $3 in $DIR"
    pg_stop "$DIR/$3"
    ;;
start-one)
    [ $# -ge 3 ] || usage
    [ -f "$DIR/$3/PG_VERSION" ] || pg_die "no server $3 in $DIR"
    pg_is_running "$DIR/$3" || pg_start "$DIR/$3"
    ;;
load-all-in-one)
    [ -f "$DIR/env.sh" ] || pg_die "$DIR holds no cluster (run start first)"
    if ! pg_is_running "$DIR/refdb"; then
        new_server "$DIR" refdb
    fi
    for t in customers orders payments; do
        pg_load_table "$(port_of "$DIR" refdb)" "$t"
    done
    write_files "$DIR" "$(cat "$DIR/driver_lib")"
    ;;
add-warehouse)
    [ -f "$DIR/env.sh" ] || pg_die "$DIR holds no cluster (run start first)"
    if ! pg_is_running "$DIR/warehouse"; then
        new_server "$DIR" warehouse
    fi
    write_files "$DIR" "$(cat "$DIR/driver_lib")"
    ;;
*)
    usage
    ;;
esac
