# shellcheck shell=bash
# setup/pglib.sh  (sourced by bash scripts, not run)
#   Shell functions to run small local PostgreSQL servers for the jaffle_shop
#   mesh: find the server programs, pick the unprivileged account they run as
#   when we are root, initdb with password authentication, start/stop, and
#   load one domain table from setup/data/jaffle_shop.
# Interface: pg_bindir, pg_server_user, pg_as_server, pg_init, pg_write_conf,
#   pg_start, pg_stop, pg_is_running, pg_answers, pg_psql, pg_count,
#   pg_load_table, pg_table_of, pg_expected_count, pg_port_free, pg_free_port
# Users: setup/mesh_up.sh, setup/mesh_down.sh, tests/pg_cluster.sh.
# Every server listens on 127.0.0.1 only, has no Unix socket, and has one
# superuser postgres/postgres checked with scram-sha-256.

PGLIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PG_DATA_DIR=${PG_DATA_DIR:-$PGLIB_DIR/data/jaffle_shop}
PG_SUPERUSER=postgres
PG_SUPERPASS=postgres

# pg_die MESSAGE: print to stderr and exit 1.
pg_die() { echo "error: $*" >&2; exit 1; }

# pg_bindir: print the directory of initdb/pg_ctl/postgres.  Honours PG_BINDIR,
# then $INITDB (set by configure via make), then Debian's
# /usr/lib/postgresql/15/bin, then the newest /usr/lib/postgresql/*/bin, then PATH.
pg_bindir() {
    local d
    if [ -n "${PG_BINDIR:-}" ]; then echo "$PG_BINDIR"; return; fi
    if [ -n "${INITDB:-}" ] && [ -x "${INITDB}" ]; then
        d=$(dirname "$(readlink -f "$INITDB")"); echo "$d"; return
    fi
    if [ -x /usr/lib/postgresql/15/bin/initdb ]; then echo /usr/lib/postgresql/15/bin; return; fi
    d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4,4 -rn | head -n1)
    if [ -n "$d" ] && [ -x "$d/initdb" ]; then echo "$d"; return; fi
    d=$(command -v initdb 2>/dev/null) || pg_die "PostgreSQL server programs not found (apt-get install postgresql-15)"
    dirname "$(readlink -f "$d")"
}

# pg_server_user: print the account the servers run as.  Root cannot run
# postgres, so as root this is the Debian package's "postgres" user, or a
# "meshodbc" system user created here when that does not exist.  Otherwise
# the servers run as the calling user and this prints nothing.
pg_server_user() {
    [ "$(id -u)" = 0 ] || return 0
    if id postgres >/dev/null 2>&1; then echo postgres; return; fi
    if ! id meshodbc >/dev/null 2>&1; then
        useradd --system --no-create-home --home-dir /nonexistent \
            --shell /usr/sbin/nologin meshodbc >/dev/null 2>&1 ||
            id meshodbc >/dev/null 2>&1 || pg_die "cannot create user meshodbc"
    fi
    echo meshodbc
}

# pg_as_server CMD...: run CMD as the server account (see pg_server_user).
pg_as_server() {
    local u; u=$(pg_server_user)
    if [ -n "$u" ]; then
        (cd / && runuser -u "$u" -- "$@")
    else
        "$@"
    fi
}

# pg_own PATH...: give PATHs to the server account (no-op unless root).
pg_own() {
    local u; u=$(pg_server_user)
    [ -z "$u" ] || chown -R "$u:" "$@"
}

# pg_init DATADIR: initdb DATADIR (which must not hold a cluster yet) with
# superuser postgres/postgres, scram-sha-256 on TCP, UTF8, C locale.  The
# parent directory must exist and be traversable by the server account.
pg_init() {
    local datadir=$1 bindir pwfile
    bindir=$(pg_bindir)
    mkdir -p "$datadir"
    chmod 700 "$datadir"
    pg_own "$datadir"
    pwfile=$(mktemp "${TMPDIR:-/tmp}/meshodbc-pw.XXXXXX")
    printf '%s\n' "$PG_SUPERPASS" > "$pwfile"
    chmod 644 "$pwfile"
    if ! pg_as_server "$bindir/initdb" -D "$datadir" -U "$PG_SUPERUSER" \
            --pwfile="$pwfile" --auth-host=scram-sha-256 --auth-local=scram-sha-256 \
            -E UTF8 --locale=C --no-sync >"$datadir.initdb.log" 2>&1; then
        rm -f "$pwfile"
        cat "$datadir.initdb.log" >&2
        pg_die "initdb failed for $datadir"
    fi
    rm -f "$pwfile" "$datadir.initdb.log"
    echo "include_if_exists = 'meshodbc.conf'" >> "$datadir/postgresql.conf"
}

# pg_write_conf DATADIR PORT [fast]: (re)write DATADIR/meshodbc.conf, the
# settings postgresql.conf includes: loopback only, PORT, no Unix socket,
# small memory.  With "fast", durability is off too (throwaway test servers).
pg_write_conf() {
    local datadir=$1 port=$2 mode=${3:-}
    {
        echo "# Written by setup/pglib.sh; rewritten on every start."
        echo "listen_addresses = '127.0.0.1'"
        echo "port = $port"
        echo "unix_socket_directories = ''"
        echo "max_connections = 40"
        echo "shared_buffers = 32MB"
        echo "dynamic_shared_memory_type = mmap"
        echo "password_encryption = 'scram-sha-256'"
        echo "logging_collector = off"
        echo "log_min_messages = warning"
        if [ "$mode" = fast ]; then
            echo "fsync = off"
            echo "synchronous_commit = off"
            echo "full_page_writes = off"
        fi
    } > "$datadir/meshodbc.conf"
    pg_own "$datadir/meshodbc.conf"
}

# pg_is_running DATADIR: succeed when a postmaster runs on DATADIR.
pg_is_running() {
    [ -f "$1/PG_VERSION" ] || return 1
    pg_as_server "$(pg_bindir)/pg_ctl" -D "$1" status >/dev/null 2>&1
}

# pg_start DATADIR: start the server (its log is DATADIR/server.log) and wait
# until it accepts connections.  Fails (status 1, log on stderr) if it does not.
pg_start() {
    local datadir=$1
    if ! pg_as_server "$(pg_bindir)/pg_ctl" -D "$datadir" -l "$datadir/server.log" \
            -w -t 60 start >/dev/null 2>&1; then
        echo "PostgreSQL failed to start on $datadir:" >&2
        tail -n 20 "$datadir/server.log" >&2 2>/dev/null
        return 1
    fi
}

# pg_stop DATADIR: stop the server if it runs (fast shutdown).  Never fails.
pg_stop() {
    local datadir=$1
    pg_is_running "$datadir" || return 0
    pg_as_server "$(pg_bindir)/pg_ctl" -D "$datadir" -m fast -w -t 60 stop >/dev/null 2>&1 ||
        pg_as_server "$(pg_bindir)/pg_ctl" -D "$datadir" -m immediate -w stop >/dev/null 2>&1 || true
}

# pg_psql PORT ARGS...: psql as postgres/postgres on 127.0.0.1:PORT, database
# postgres, stopping at the first error, quiet, unaligned tuples only.
pg_psql() {
    local port=$1; shift
    PGPASSWORD=$PG_SUPERPASS PGCONNECT_TIMEOUT=10 psql -X -q -A -t -v ON_ERROR_STOP=1 \
        -h 127.0.0.1 -p "$port" -U "$PG_SUPERUSER" -d postgres "$@"
}

# pg_answers PORT: succeed when the server on PORT accepts our credentials.
pg_answers() { pg_psql "$1" -c 'select 1' >/dev/null 2>&1; }

# pg_table_of CATALOG: the jaffle_shop table a domain database holds.
pg_table_of() {
    case $1 in
        customersdb) echo customers ;;
        ordersdb) echo orders ;;
        paymentsdb) echo payments ;;
        *) pg_die "unknown catalog $1" ;;
    esac
}

# pg_expected_count TABLE: the seed's row count of TABLE.
pg_expected_count() {
    case $1 in
        customers) echo 100 ;;
        orders) echo 99 ;;
        payments) echo 113 ;;
        *) pg_die "unknown table $1" ;;
    esac
}

# pg_count PORT TABLE: print count(*) of public.TABLE, or nothing if absent.
pg_count() {
    pg_psql "$1" -c "select count(*) from public.$2" 2>/dev/null || true
}

# pg_load_table PORT TABLE: (re)create public.TABLE from schema_TABLE.sql and
# load raw_TABLE.csv with \copy, in one transaction, ANALYZE it; then check
# the count.
pg_load_table() {
    local port=$1 table=$2 cols n
    case $table in
        customers) cols="id, first_name, last_name" ;;
        orders) cols="id, user_id, order_date, status" ;;
        payments) cols="id, order_id, payment_method, amount" ;;
        *) pg_die "unknown table $table" ;;
    esac
    {
        echo "SET client_min_messages = warning;"
        echo "BEGIN;"
        echo "DROP TABLE IF EXISTS public.$table;"
        cat "$PG_DATA_DIR/schema_$table.sql"
        echo "\\copy public.$table ($cols) from pstdin with (format csv, header)"
        echo "COMMIT;"
        # statistics now, not when autovacuum gets to it: the engine's
        # optimizer reads them (pg_stats.n_distinct), and its plans must
        # not depend on when autovacuum last ran
        echo "ANALYZE public.$table;"
    } > "${TMPDIR:-/tmp}/meshodbc-load-$$.sql"
    if ! pg_psql "$port" -f "${TMPDIR:-/tmp}/meshodbc-load-$$.sql" < "$PG_DATA_DIR/raw_$table.csv"; then
        rm -f "${TMPDIR:-/tmp}/meshodbc-load-$$.sql"
        pg_die "loading $table into 127.0.0.1:$port failed"
    fi
    rm -f "${TMPDIR:-/tmp}/meshodbc-load-$$.sql"
    n=$(pg_count "$port" "$table")
    [ "$n" = "$(pg_expected_count "$table")" ] ||
        pg_die "$table on port $port has ${n:-no} rows, expected $(pg_expected_count "$table")"
}

# pg_port_free PORT: succeed when nothing listens on 127.0.0.1:PORT.
pg_port_free() {
    if command -v ss >/dev/null 2>&1; then
        [ -z "$(ss -Htln "sport = :$1" 2>/dev/null)" ] || return 1
    fi
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# pg_free_port: print a free loopback port in 20000..59999 (random tries).
pg_free_port() {
    local p
    for _ in $(seq 1 200); do
        p=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
        if pg_port_free "$p"; then echo "$p"; return 0; fi
    done
    pg_die "no free TCP port found on 127.0.0.1"
}
