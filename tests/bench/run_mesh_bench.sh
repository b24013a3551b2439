#!/usr/bin/env bash
# tests/bench/run_mesh_bench.sh [SF] [REPS]
#   `make bench SF=N`: the jaffle mesh at scale factor SF (default 1000):
#   100*SF customers, 99*SF orders and 113*SF payments generated with
#   generate_series inside each catalog's PostgreSQL, shaped like the seed
#   (62% of customers have orders, some orders have several payments, four
#   payment methods, five statuses), and the same rows in one "warehouse"
#   PostgreSQL (tests/pg_cluster.sh's refdb). Runs each workload of issue 11
#   REPS times (default 3, alternating) through
#     - MeshODBC over the three catalogs,
#     - psqlODBC over the warehouse,
#     - psqlODBC over postgres_fdw: foreign tables in the warehouse's schema
#       `fdw` federating the three catalog servers (fetch_size 10000),
#   with the C client bench_mesh (bound columns, row arrays, every row
#   fetched), and the full scan also as a raw binary COPY with libpq
#   (bench_copy). Prints medians, the ratios of MeshODBC to each peer, peak
#   RSS and whether the checksums agree; the customers model with
#   parallel_scan off and both models with partial_agg off (seconds, peak
#   RSS). Then EXPLAIN ANALYZE of the
#   selective query: rows that crossed the wire against the rows the
#   result needs.
#   With MESH_BENCH_TRINO=1 (make bench TRINO=1), also a real Trino 476
#   (setup/trino_up.sh, its catalogs over the same three servers) as a
#   peer: each workload through MeshODBC in Trino mode (Engine=trino),
#   alternating with the embedded engine; medians, ratio, checksums.
#   Never fails on speed: benchmarks are not tests (exit 1 only when the
#   mesh cannot start or a query fails).
# Environment: top_builddir, top_srcdir (set by make), PSQLODBC_DRIVER
#   (default Debian's odbc-postgresql psqlodbcw.so), MESH_BENCH_TRINO.
set -uo pipefail
: "${top_builddir:?}" "${top_srcdir:?}"
SF=${1:-1000}
REPS=${2:-3}
client=$top_builddir/tests/bench/bench_mesh
copy_client=$top_builddir/tests/bench/bench_copy
psqlodbc=${PSQLODBC_DRIVER:-/usr/lib/x86_64-linux-gnu/odbc/psqlodbcw.so}
cluster=$top_srcdir/tests/pg_cluster.sh
dir=$(mktemp -d "${TMPDIR:-/tmp}/meshodbc-bench.XXXXXX")
trino_started=
trap 'if [ -n "$trino_started" ]; then "$top_srcdir/setup/trino_down.sh" >/dev/null 2>&1; fi
      "$cluster" stop "$dir" >/dev/null 2>&1; rm -rf "$dir"' EXIT
"$cluster" start "$dir" "$top_builddir/.libs/libmeshodbc.so" >/dev/null &&
"$cluster" load-all-in-one "$dir" >/dev/null || { echo "cannot start the mesh"; exit 1; }
. "$dir/env.sh"

psql_at() { PGPASSWORD=postgres psql -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$1" -U postgres -d postgres "${@:2}"; }

# The generator: deterministic, so every server holds the same rows.
gen_customers="DROP TABLE IF EXISTS customers;
CREATE TABLE customers(id INT PRIMARY KEY, first_name VARCHAR(255) NOT NULL, last_name VARCHAR(255) NOT NULL);
INSERT INTO customers SELECT i,
  (ARRAY['Michael','Shawn','Kathleen','Jimmy','Katherine','Sarah','Martin','Frank','Jennifer','Henry',
         'Fred','Amy','Kathleen','Steve','Teresa','Amanda','Kimberly','Johnny','Virginia','Anna'])[1 + (i * 7) % 20],
  chr(65 + (i * 11) % 26) || '.'
FROM generate_series(1, 100 * $SF) i;
ANALYZE customers;"
gen_orders="DROP TABLE IF EXISTS orders;
CREATE TABLE orders(id INT PRIMARY KEY, user_id INT NOT NULL, order_date date NOT NULL, status VARCHAR(255) NOT NULL);
INSERT INTO orders SELECT i, 1 + (i::bigint * 7919) % (62 * $SF),
  date '2018-01-01' + (i % 100),
  CASE WHEN i % 10 < 6 THEN 'completed' WHEN i % 10 = 6 THEN 'shipped' WHEN i % 10 = 7 THEN 'placed'
       WHEN i % 10 = 8 THEN 'returned' ELSE 'return_pending' END
FROM generate_series(1, 99 * $SF) i;
ANALYZE orders;"
gen_payments="DROP TABLE IF EXISTS payments;
CREATE TABLE payments(id INT PRIMARY KEY, order_id INT NOT NULL, payment_method VARCHAR(128) NOT NULL, amount INT);
INSERT INTO payments SELECT i,
  CASE WHEN i <= 99 * $SF THEN i ELSE 1 + (i::bigint * 31) % (99 * $SF) END,
  CASE WHEN (i * 13) % 100 < 44 THEN 'credit_card' WHEN (i * 13) % 100 < 73 THEN 'bank_transfer'
       WHEN (i * 13) % 100 < 88 THEN 'coupon' ELSE 'gift_card' END,
  ((i * 37) % 30) * 100
FROM generate_series(1, 113 * $SF) i;
ANALYZE payments;"

echo "generating SF=$SF: $((100 * SF)) customers, $((99 * SF)) orders, $((113 * SF)) payments"
psql_at "$MESH_PORT_CUSTOMERSDB" -c "$gen_customers" &&
psql_at "$MESH_PORT_ORDERSDB" -c "$gen_orders" &&
psql_at "$MESH_PORT_PAYMENTSDB" -c "$gen_payments" &&
psql_at "$MESH_PORT_REFDB" -c "$gen_customers" -c "$gen_orders" -c "$gen_payments" ||
    { echo "generation failed"; exit 1; }

# The postgres_fdw peer: the warehouse's schema fdw holds foreign tables
# over the three catalog servers.
fdw_setup="SET client_min_messages = warning; CREATE EXTENSION IF NOT EXISTS postgres_fdw; DROP SCHEMA IF EXISTS fdw CASCADE; CREATE SCHEMA fdw;"
for db in customersdb:customers ordersdb:orders paymentsdb:payments; do
    srv=${db%%:*} tbl=${db#*:}
    pv=MESH_PORT_${srv^^}
    fdw_setup+="
DROP SERVER IF EXISTS f_$srv CASCADE;
CREATE SERVER f_$srv FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '127.0.0.1', port '${!pv}', dbname 'postgres', fetch_size '10000');
CREATE USER MAPPING FOR postgres SERVER f_$srv OPTIONS (user 'postgres', password 'postgres');
IMPORT FOREIGN SCHEMA public LIMIT TO ($tbl) FROM SERVER f_$srv INTO fdw;"
done
psql_at "$MESH_PORT_REFDB" -c "$fdw_setup" || { echo "postgres_fdw setup failed"; exit 1; }

mesh_cs="DSN=jaffle_mesh"
ware_cs="Driver=$psqlodbc;Servername=127.0.0.1;Port=$MESH_PORT_REFDB;Database=postgres;UID=postgres;PWD=postgres"
sql_file() { sed -e 's/--.*$//' "$top_srcdir/setup/data/jaffle_shop/$1" | tr '\n' ' ' | sed -e 's/;[[:space:]]*$//'; }
strip() { sed -e 's/customersdb\.public\./public./g; s/ordersdb\.public\./public./g; s/paymentsdb\.public\./public./g'; }
to_fdw() { sed -e 's/customersdb\.public\./fdw./g; s/ordersdb\.public\./fdw./g; s/paymentsdb\.public\./fdw./g'; }

names=(customers_model orders_model payments_scan selective top_n count_star group_by)
queries=(
  "$(sql_file customers_federated.sql)"
  "$(sql_file orders_federated.sql)"
  "select id, order_id, payment_method, amount from paymentsdb.public.payments"
  "select c.first_name, o.order_date, p.amount from customersdb.public.customers c join ordersdb.public.orders o on o.user_id = c.id join paymentsdb.public.payments p on p.order_id = o.id where c.id = 4242"
  "select id, order_id, amount from paymentsdb.public.payments order by amount desc, id limit 10"
  "select count(*) from paymentsdb.public.payments"
  "select payment_method, count(*), sum(amount) from paymentsdb.public.payments group by payment_method"
)

# A statement that touches every catalog, run untimed before each
# measurement so that connection setup (MeshODBC connects to a catalog at
# its first statement) is in neither timing.
warm="select count(*) from customersdb.public.customers c, ordersdb.public.orders o, paymentsdb.public.payments p where c.id = 1 and o.id = 1 and p.id = 1"

# run CS SQL: one measurement line of bench_mesh (exits on a failed query)
run() {
    local out w
    w=$warm
    case $1 in "$mesh_cs"*) ;; *) w=$(printf '%s' "$warm" | ${3:-strip}) ;; esac
    out=$("$client" --warmup "$w" "$1" "$2" 2>&1) || { echo "query failed: $out" >&2; exit 1; }
    echo "$out"
}
field() { awk -v k="$1" '{ for (i = 1; i < NF; i++) if ($i == k) print $(i + 1) }'; }
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

printf '\nmachine: %s, %s cores, %s; date %s; SF=%s, medians of %s\n' \
    "$(uname -m)" "$(nproc)" "$(psql_at "$MESH_PORT_REFDB" -c 'show server_version')" \
    "$(date -u +%Y-%m-%d)" "$SF" "$REPS"
# The raw COPY peer reads what the full scan needs, from paymentsdb.
copy_cs="host=127.0.0.1 port=$MESH_PORT_PAYMENTSDB dbname=postgres user=postgres password=postgres"
copy_sql="select id, order_id, payment_method, amount from payments"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "-" }'; }

printf '%-16s %9s %8s %8s %8s %8s %6s %6s %6s %7s %7s %7s %s\n' workload rows "mesh s" "ware s" \
    "fdw s" "copy s" "÷ware" "÷fdw" "÷copy" "mesh MB" "ware MB" "fdw MB" checksums
for i in "${!names[@]}"; do
    q=${queries[$i]}
    wq=$(printf '%s' "$q" | strip)
    fq=$(printf '%s' "$q" | to_fdw)
    mt=() wt=() ft=() ct=()
    mrss=0 wrss=0 frss=0
    for ((r = 0; r < REPS; r++)); do
        m=$(run "$mesh_cs" "$q") || exit 1
        w=$(run "$ware_cs" "$wq") || exit 1
        f=$(run "$ware_cs" "$fq" to_fdw) || exit 1
        mt+=("$(echo "$m" | field secs)")
        wt+=("$(echo "$w" | field secs)")
        ft+=("$(echo "$f" | field secs)")
        if [ "${names[$i]}" = payments_scan ]; then
            c=$("$copy_client" "$copy_cs" "$copy_sql" 2>&1) || { echo "copy failed: $c" >&2; exit 1; }
            ct+=("$(echo "$c" | field secs)")
        fi
        mrss=$(echo "$m" | field rss_kb)
        wrss=$(echo "$w" | field rss_kb)
        frss=$(echo "$f" | field rss_kb)
        mrows=$(echo "$m" | field rows)
        msum=$(echo "$m" | field checksum)
        wsum=$(echo "$w" | field checksum)
        fsum=$(echo "$f" | field checksum)
    done
    ms=$(printf '%s\n' "${mt[@]}" | median)
    ws=$(printf '%s\n' "${wt[@]}" | median)
    fs=$(printf '%s\n' "${ft[@]}" | median)
    cs=-
    [ ${#ct[@]} -gt 0 ] && cs=$(printf '%s\n' "${ct[@]}" | median)
    agree=$([ "$msum" = "$wsum" ] && [ "$msum" = "$fsum" ] && echo agree ||
            echo "DIFFER ($msum/$wsum/$fsum)")
    printf '%-16s %9s %8s %8s %8s %8s %6s %6s %6s %7d %7d %7d %s\n' "${names[$i]}" "$mrows" "$ms" "$ws" \
        "$fs" "$cs" "$(ratio "$ms" "$ws")" "$(ratio "$ms" "$fs")" "$(ratio "$ms" "$cs")" \
        $((mrss / 1024)) $((wrss / 1024)) $((frss / 1024)) "$agree"
done

# Reading every catalog at once: the customers model with the readers
# switched off (each scan read on the application's thread when needed).
# The mesh's median above is the same query with them on.
off_t=() on_t=()
for ((r = 0; r < REPS; r++)); do
    m=$(run "$mesh_cs" "${queries[0]}") || exit 1
    o=$(run "$mesh_cs;Optimizer={parallel_scan=off}" "${queries[0]}") || exit 1
    on_t+=("$(echo "$m" | field secs)")
    off_t+=("$(echo "$o" | field secs)")
done
on_s=$(printf '%s\n' "${on_t[@]}" | median)
off_s=$(printf '%s\n' "${off_t[@]}" | median)
printf '\ncustomers model, scans read ahead at once: %s s; parallel_scan=off: %s s (%s)\n' \
    "$on_s" "$off_s" "$(ratio "$on_s" "$off_s")"

# Partial aggregation below cross-catalog joins: the two models with the
# rule switched off (the aggregate over the join computed locally from
# every row). Seconds and peak RSS, medians; the rule's on-figures are the
# same query with every rule on.
for i in 0 1; do
    off_t=() on_t=() on_rss=() off_rss=()
    for ((r = 0; r < REPS; r++)); do
        m=$(run "$mesh_cs" "${queries[$i]}") || exit 1
        o=$(run "$mesh_cs;Optimizer={partial_agg=off}" "${queries[$i]}") || exit 1
        on_t+=("$(echo "$m" | field secs)")
        off_t+=("$(echo "$o" | field secs)")
        on_rss+=("$(echo "$m" | field rss_kb)")
        off_rss+=("$(echo "$o" | field rss_kb)")
    done
    on_s=$(printf '%s\n' "${on_t[@]}" | median)
    off_s=$(printf '%s\n' "${off_t[@]}" | median)
    on_m=$(printf '%s\n' "${on_rss[@]}" | median)
    off_m=$(printf '%s\n' "${off_rss[@]}" | median)
    printf '%s, partial aggregation on: %s s, %d MB; partial_agg=off: %s s, %d MB (%s)\n' \
        "${names[$i]}" "$on_s" $((on_m / 1024)) "$off_s" $((off_m / 1024)) "$(ratio "$on_s" "$off_s")"
done

# Rows on the wire for the selective query, against what its result needs.
sel=${queries[3]}
wire=$("$client" --print "$mesh_cs" "explain analyze $sel" |
       grep -o 'rows: [0-9]* from catalog' | awk '{ s += $2 } END { print s + 0 }')
need=$(psql_at "$MESH_PORT_REFDB" -c "select 1 + (select count(*) from orders where user_id = 4242) + (select count(*) from payments p join orders o on p.order_id = o.id where o.user_id = 4242)")
printf '\nselective query: %s rows crossed the wire, the result needs %s (%.2fx; target <= 1.1x)\n' \
    "$wire" "$need" "$(awk -v a="$wire" -v b="$need" 'BEGIN { print (b > 0 ? a / b : 0) }')"
echo "EXPLAIN ANALYZE of the selective query:"
"$client" --print "$mesh_cs" "explain analyze $sel"

# The Trino peer (MESH_BENCH_TRINO=1): the same workloads, unchanged,
# through MeshODBC in Trino mode against a single-node Trino whose
# catalogs customersdb, ordersdb and paymentsdb are the same three servers.
if [ "${MESH_BENCH_TRINO:-}" = 1 ]; then
    # shellcheck source=setup/trinolib.sh
    . "$top_srcdir/setup/trinolib.sh"
    tport=20800
    while ! trino_port_free "$tport"; do tport=$((tport + 1)); done
    export TRINO_DIR=$dir/trino TRINO_PORT=$tport
    trino_started=1
    "$top_srcdir/setup/trino_up.sh" >/dev/null || { echo "cannot start Trino"; exit 1; }
    trino_cs="Driver=$top_builddir/.libs/libmeshodbc.so;Engine=trino;Server=http://127.0.0.1:$tport;UID=meshodbc"
    printf '
Trino peer: MeshODBC Engine=trino against Trino %s (single node, -Xmx3G, same servers), medians of %s
' \
        "${TRINO_VERSION:-476}" "$REPS"
    printf '%-16s %9s %8s %8s %7s %8s %s\n' workload rows "mesh s" "trino s" "÷trino" "trino MB" checksums
    for i in "${!names[@]}"; do
        q=${queries[$i]}
        mt=() tt=()
        for ((r = 0; r < REPS; r++)); do
            m=$(run "$mesh_cs" "$q") || exit 1
            t=$("$client" --warmup "$warm" "$trino_cs" "$q" 2>&1) || { echo "query failed: $t" >&2; exit 1; }
            mt+=("$(echo "$m" | field secs)")
            tt+=("$(echo "$t" | field secs)")
            mrows=$(echo "$m" | field rows)
            msum=$(echo "$m" | field checksum)
            tsum=$(echo "$t" | field checksum)
            trss=$(echo "$t" | field rss_kb)
        done
        ms=$(printf '%s\n' "${mt[@]}" | median)
        ts=$(printf '%s\n' "${tt[@]}" | median)
        agree=$([ "$msum" = "$tsum" ] && echo agree || echo "DIFFER ($msum/$tsum)")
        printf '%-16s %9s %8s %8s %7s %8d %s\n' "${names[$i]}" "$mrows" "$ms" "$ts" \
            "$(ratio "$ms" "$ts")" $((trss / 1024)) "$agree"
    done
fi
