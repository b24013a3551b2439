#!/usr/bin/env bash
# tests/dbt/run_dbt_tests.sh
#   The TESTS entry for dbt over the mesh (issue 13).  Installs the adapter
#   (dbt/, with its pinned dbt-core, dbt-trino and pyodbc from PyPI) into a
#   virtual environment, starts a throwaway mesh with a warehouse catalog
#   (tests/pg_cluster.sh start + add-warehouse) and checks:
#     1. the demo project dbt/jaffle_mesh: dbt run, dbt test; the built
#        customers and orders equal setup/data/jaffle_shop/expected_*.csv
#        value by value; after new rows in ordersdb/paymentsdb a second dbt
#        run adds exactly them (append), replaces by key (delete+insert)
#        and updates in place (merge); dbt test again; dbt snapshot
#        (strategies check and timestamp), then a status change, a delete
#        and a new order, dbt snapshot again (dbt_valid_from/dbt_valid_to
#        of each version), and once more with nothing changed;
#     2. errors: a model with a syntax error makes dbt print MeshODBC's
#        message with its SQLSTATE; a federated view is refused with the
#        advice materialized='table'; a catalog that is down is named;
#     3. dbt-labs' jaffle_shop, unmodified, from ../shared/dbt/jaffle_shop
#        (skipped with a message when absent): dbt seed, run, test and
#        docs generate with our dbt/jaffle_shop_profile/profiles.yml.
#   The projects are copied into the temporary directory (dbt writes target/
#   and logs/ beside them).
# Environment: top_srcdir, MESH_DRIVER_LIB (as run_odbc_tests.sh);
#   MESH_DBT_VENV (default ~/.cache/meshodbc/dbt-venv-<pins>; kept between
#   runs), PIP_CACHE_DIR (default ~/.cache/meshodbc/pip), MESH_PYTHON
#   (default Debian's /usr/bin/python3, else python3).
# Output: one "PASS:"/"FAIL:" line per check, then "dbt: N passed, N failed".
# Exit status: 0 all passed, 77 skipped (a sanitizer build: its driver
#   cannot be loaded into python), 99 setup failure, 1 otherwise.
set -uo pipefail

top_srcdir=${top_srcdir:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
top_builddir=${top_builddir:-$(pwd)}
export MESH_DRIVER_LIB=${MESH_DRIVER_LIB:-$top_builddir/.libs/libmeshodbc.so}
cluster=$top_srcdir/tests/pg_cluster.sh
data=$top_srcdir/setup/data/jaffle_shop
upstream=${MESH_JAFFLE_SHOP:-$top_srcdir/../shared/dbt/jaffle_shop}

# ldd's whole output first: with pipefail, `ldd | grep -q` fails when grep
# exits on its match before ldd has written everything (SIGPIPE), and the
# sanitizer build then ran python over an ASan driver (a red CI run).
driver_libs=$(ldd "$MESH_DRIVER_LIB" 2>/dev/null || true)
if [[ $driver_libs == *libasan* ]]; then
    echo "SKIP: dbt tests: the driver is built with AddressSanitizer, which python cannot load without LD_PRELOAD; the -Werror build runs them"
    exit 77
fi

pass=0 fail=0
ok()  { echo "PASS: $1"; pass=$((pass + 1)); }
bad() { echo "FAIL: $1"; fail=$((fail + 1)); }

dir=$(mktemp -d "${TMPDIR:-/tmp}/meshodbc-dbt.XXXXXX") || exit 99
cleanup() {
    "$cluster" stop "$dir" >/dev/null 2>&1
    rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- the virtual environment: pinned dependencies once, the adapter each run
py=${MESH_PYTHON:-}
if [ -z "$py" ]; then
    if [ -x /usr/bin/python3 ]; then py=/usr/bin/python3; else py=python3; fi
fi
cache=${XDG_CACHE_HOME:-$HOME/.cache}/meshodbc
pins=$(cksum < "$top_srcdir/dbt/pyproject.toml" | cut -d' ' -f1)
venv=${MESH_DBT_VENV:-$cache/dbt-venv-$pins}
export PIP_CACHE_DIR=${PIP_CACHE_DIR:-$cache/pip}
export PIP_DISABLE_PIP_VERSION_CHECK=1
mkdir -p "$dir/pkg"
# a copy, so that building the wheel writes nothing into the source tree
cp -r "$top_srcdir/dbt/pyproject.toml" "$top_srcdir/dbt/README.md" "$top_srcdir/dbt/dbt" "$dir/pkg/"
if [ ! -f "$venv/.deps-installed" ]; then
    rm -rf "$venv"
    if ! "$py" -m venv "$venv" || ! "$venv/bin/pip" install -q "$dir/pkg"; then
        echo "ERROR: could not install dbt-meshodbc and its pinned dependencies into $venv"
        exit 99
    fi
    touch "$venv/.deps-installed"
else
    if ! "$venv/bin/pip" install -q --no-deps --force-reinstall "$dir/pkg"; then
        echo "ERROR: could not reinstall dbt-meshodbc into $venv"
        exit 99
    fi
fi
echo "dbt: $("$venv/bin/pip" list 2>/dev/null | grep -E '^(dbt-core|dbt-trino|dbt-adapters|dbt-meshodbc|pyodbc) ' | tr -s ' \n' ' ')"
ok "adapter installed into a virtual environment ($venv)"

# ---- the mesh
if ! "$cluster" start "$dir" "$MESH_DRIVER_LIB" >"$dir/cluster.log" 2>&1 ||
   ! "$cluster" add-warehouse "$dir" >>"$dir/cluster.log" 2>&1; then
    cat "$dir/cluster.log"
    echo "ERROR: could not start the test mesh"
    exit 99
fi
# shellcheck disable=SC1091
. "$dir/env.sh"
export MESH_DSN=jaffle_mesh MESH_DBT_CATALOG=warehouse
export DBT_SEND_ANONYMOUS_USAGE_STATS=false DBT_USE_COLORS=false DBT_VERSION_CHECK=false
check() { "$venv/bin/python" "$top_srcdir/tests/dbt/check_mesh.py" "$@"; }

# dbt_in PROJECT_DIR PROFILES_DIR LOG ARGS...: runs dbt, output into LOG.
dbt_in() {
    local p=$1 pr=$2 log=$3; shift 3
    (cd "$p" && timeout 600 "$venv/bin/dbt" "$@" --profiles-dir "$pr") >"$log" 2>&1
}
# expect_dbt NAME LOG ARGS...: dbt must succeed.
expect_dbt() {
    local name=$1 log=$2; shift 2
    if dbt_in "$@"; then ok "$name"; else bad "$name"; tail -n 40 "$log"; fi
}

# ---- 1. the demo project
mesh=$dir/jaffle_mesh
cp -r "$top_srcdir/dbt/jaffle_mesh" "$mesh"
rm -rf "$mesh/target" "$mesh/logs"
export MESH_DBT_SCHEMA=analytics
expect_dbt "jaffle_mesh: dbt run" "$dir/run1.log" "$mesh" "$mesh" "$dir/run1.log" run
expect_dbt "jaffle_mesh: dbt test" "$dir/test1.log" "$mesh" "$mesh" "$dir/test1.log" test
for t in customers orders; do
    key=customer_id; [ $t = orders ] && key=order_id
    if check expected "warehouse.analytics.$t" "$data/expected_$t.csv" "$key"; then
        ok "jaffle_mesh: $t equals expected_$t.csv"
    else
        bad "jaffle_mesh: $t equals expected_$t.csv"
    fi
done
if check rows "select count(*) from warehouse.analytics.orders_appended" 99 &&
   check rows "select count(*), sum(amount) from warehouse.analytics.order_totals" "99,167200" &&
   check rows "select last_order_id, last_status from warehouse.analytics.customer_last_status where customer_id = 1" "37,completed" &&
   check rows "select count(*) from warehouse.analytics.completed_orders" 67; then
    ok "jaffle_mesh: incremental models and the view after the first run"
else
    bad "jaffle_mesh: incremental models and the view after the first run"
fi
# new rows in two domains, then a second run
if check sql "insert into ordersdb.public.orders values (100, 1, DATE '2018-04-10', 'placed'), (101, 4, DATE '2018-04-10', 'completed')" &&
   check sql "insert into paymentsdb.public.payments values (114, 100, 'credit_card', 500), (115, 1, 'coupon', 100)"; then
    expect_dbt "jaffle_mesh: second dbt run" "$dir/run2.log" "$mesh" "$mesh" "$dir/run2.log" run
    if check rows "select count(*), min(order_id), max(order_id) from warehouse.analytics.orders_appended" "101,1,101" &&
       check rows "select order_id from warehouse.analytics.orders_appended where order_id >= 99 order by 1" "99;100;101"; then
        ok "jaffle_mesh: incremental append added exactly the new orders"
    else
        bad "jaffle_mesh: incremental append added exactly the new orders"
    fi
    if check rows "select count(*), sum(amount) from warehouse.analytics.order_totals" "100,167800" &&
       check rows "select payments, amount from warehouse.analytics.order_totals where order_id in (1, 100) order by order_id" "2,1100;1,500"; then
        ok "jaffle_mesh: incremental delete+insert replaced by key"
    else
        bad "jaffle_mesh: incremental delete+insert replaced by key"
    fi
    if check rows "select count(*) from warehouse.analytics.customer_last_status" 63 &&
       check rows "select customer_id, last_order_id, last_status from warehouse.analytics.customer_last_status where customer_id in (1, 3, 4) order by 1" "1,100,placed;3,69,completed;4,101,completed"; then
        ok "jaffle_mesh: incremental merge updated and inserted"
    else
        bad "jaffle_mesh: incremental merge updated and inserted"
    fi
    expect_dbt "jaffle_mesh: dbt test after the second run" "$dir/test2.log" "$mesh" "$mesh" "$dir/test2.log" test
else
    bad "jaffle_mesh: new rows for the second run"
fi

# ---- 1b. the snapshot (snapshots/orders_snapshot.sql: strategy check on
# status, hard deletes invalidate) into warehouse.analytics_snapshots:
# a first dbt snapshot, then a status change, a delete and a new order in
# ordersdb, a second dbt snapshot, and a third with nothing changed.
# Strategy timestamp too, with a snapshot of the test's own (the orders
# have no update time; order_date stands in for one), hard deletes ignored
snap=warehouse.analytics_snapshots.orders_snapshot
tsnap=warehouse.analytics_snapshots.orders_ts_snapshot
cat >"$mesh/snapshots/orders_ts_snapshot.sql" <<'EOF'
{% snapshot orders_ts_snapshot %}
{{ config(target_schema='analytics_snapshots', unique_key='id',
          strategy='timestamp', updated_at='updated_at') }}
select id, status, cast(order_date as timestamp(3)) as updated_at
from {{ source('ordersdb', 'orders') }}
{% endsnapshot %}
EOF
expect_dbt "jaffle_mesh: first dbt snapshot" "$dir/snap1.log" "$mesh" "$mesh" "$dir/snap1.log" snapshot
if check rows "select count(*), count(dbt_valid_to), count(distinct dbt_valid_from), count(distinct dbt_scd_id) from $snap" "101,0,1,101" &&
   check rows "select id, status from $snap where id in (2, 101) order by id" "2,completed;101,completed"; then
    ok "jaffle_mesh: the first snapshot holds every order, all current"
else
    bad "jaffle_mesh: the first snapshot holds every order, all current"
fi
if check sql "update ordersdb.public.orders set status = 'returned', order_date = DATE '2018-05-01' where id = 2" &&
   check sql "delete from ordersdb.public.orders where id = 101" &&
   check sql "insert into ordersdb.public.orders values (102, 5, DATE '2018-04-11', 'placed')"; then
    expect_dbt "jaffle_mesh: second dbt snapshot" "$dir/snap2.log" "$mesh" "$mesh" "$dir/snap2.log" snapshot
    cur="case when dbt_valid_to is null then 'current' else 'closed' end"
    if check rows "select count(*), count(dbt_valid_to), count(distinct dbt_valid_from) from $snap" "103,2,2" &&
       check rows "select id, status, $cur from $snap where id in (2, 101, 102) order by id, dbt_valid_from" \
                  "2,completed,closed;2,returned,current;101,completed,closed;102,placed,current" &&
       check rows "select count(*) from $snap a join $snap b on a.id = b.id and a.dbt_valid_to = b.dbt_valid_from and a.dbt_valid_from < b.dbt_valid_from where a.id = 2" 1 &&
       check rows "select count(*) from $snap where dbt_valid_to is not null and dbt_valid_to <= dbt_valid_from" 0 &&
       check rows "select count(*), count(dbt_valid_to), count(distinct dbt_valid_from) from $snap where id not in (2, 101, 102)" "99,0,1"; then
        ok "jaffle_mesh: the second snapshot closed the changed and deleted orders' versions (dbt_valid_to) and opened new ones (dbt_valid_from)"
    else
        bad "jaffle_mesh: the second snapshot closed the changed and deleted orders' versions (dbt_valid_to) and opened new ones (dbt_valid_from)"
    fi
    if check rows "select count(*), count(dbt_valid_to) from $tsnap" "103,1" &&
       check rows "select id, status, dbt_valid_from, $cur from $tsnap where id in (2, 101, 102) order by id, dbt_valid_from" \
                  "2,completed,2018-01-02T00:00:00,closed;2,returned,2018-05-01T00:00:00,current;101,completed,2018-04-10T00:00:00,current;102,placed,2018-04-11T00:00:00,current" &&
       check rows "select dbt_valid_to from $tsnap where id = 2 and status = 'completed'" "2018-05-01T00:00:00"; then
        ok "jaffle_mesh: strategy timestamp: the changed order's versions meet at its new updated_at"
    else
        bad "jaffle_mesh: strategy timestamp: the changed order's versions meet at its new updated_at"
    fi
    expect_dbt "jaffle_mesh: third dbt snapshot, nothing changed" "$dir/snap3.log" "$mesh" "$mesh" "$dir/snap3.log" snapshot
    if check rows "select count(*), count(dbt_valid_to), count(distinct dbt_valid_from) from $snap" "103,2,2" &&
       check rows "select count(*), count(dbt_valid_to) from $tsnap" "103,1"; then
        ok "jaffle_mesh: a snapshot with nothing changed adds no version"
    else
        bad "jaffle_mesh: a snapshot with nothing changed adds no version"
    fi
else
    bad "jaffle_mesh: changes in ordersdb for the second snapshot"
fi

# ---- 2. errors, in a copy with three broken models
broken=$dir/broken
cp -r "$top_srcdir/dbt/jaffle_mesh" "$broken"
rm -rf "$broken/target" "$broken/logs"
printf 'select customer_id from from {{ ref("stg_customers") }}\n' >"$broken/models/bad_syntax.sql"
printf "{{ config(materialized='view') }}\nselect * from {{ source('customersdb', 'customers') }}\n" >"$broken/models/federated_view.sql"
if dbt_in "$broken" "$broken" "$dir/syntax.log" run --select bad_syntax; then
    bad "errors: a syntax error fails dbt run"
elif grep -qE "MeshODBC error 42000: line [0-9]+:[0-9]+: mismatched input 'from'" "$dir/syntax.log"; then
    ok "errors: a syntax error shows MeshODBC's message and SQLSTATE 42000"
else
    bad "errors: a syntax error shows MeshODBC's message and SQLSTATE 42000"
    tail -n 30 "$dir/syntax.log"
fi
if dbt_in "$broken" "$broken" "$dir/view.log" run --select federated_view; then
    bad "errors: a federated view fails"
elif grep -q "MeshODBC error 0A000: Cannot create view 'warehouse.analytics.federated_view': its query reads catalog 'customersdb'" "$dir/view.log" &&
     grep -q "materialized='table'" "$dir/view.log"; then
    ok "errors: a federated view is refused with the advice materialized='table'"
else
    bad "errors: a federated view is refused with the advice materialized='table'"
    tail -n 30 "$dir/view.log"
fi
"$cluster" stop-one "$dir" ordersdb >/dev/null 2>&1
if dbt_in "$broken" "$broken" "$dir/down.log" run --select orders; then
    bad "errors: a model over a catalog that is down fails"
elif grep -q "MeshODBC error 08001: .*ordersdb" "$dir/down.log"; then
    ok "errors: a catalog that is down is named (08001, ordersdb)"
else
    bad "errors: a catalog that is down is named (08001, ordersdb)"
    tail -n 30 "$dir/down.log"
fi
"$cluster" start-one "$dir" ordersdb >/dev/null 2>&1

# ---- 3. dbt-labs' jaffle_shop, unmodified
if [ -f "$upstream/dbt_project.yml" ]; then
    js=$dir/jaffle_shop
    cp -r "$upstream" "$js"
    rm -rf "$js/target" "$js/logs"
    export MESH_DBT_SCHEMA=jaffle_shop
    prof=$top_srcdir/dbt/jaffle_shop_profile
    expect_dbt "jaffle_shop: dbt seed" "$dir/js_seed.log" "$js" "$prof" "$dir/js_seed.log" seed
    expect_dbt "jaffle_shop: dbt run" "$dir/js_run.log" "$js" "$prof" "$dir/js_run.log" run
    expect_dbt "jaffle_shop: dbt test" "$dir/js_test.log" "$js" "$prof" "$dir/js_test.log" test
    expect_dbt "jaffle_shop: dbt docs generate" "$dir/js_docs.log" "$js" "$prof" "$dir/js_docs.log" docs generate
    if "$venv/bin/python" - "$js/target/catalog.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
n = c["nodes"]
want = {"model.jaffle_shop.customers": ("BASE TABLE", 7),
        "model.jaffle_shop.stg_payments": ("VIEW", 4),
        "seed.jaffle_shop.raw_orders": ("BASE TABLE", 4)}
for k, (ty, ncol) in want.items():
    if k not in n or n[k]["metadata"]["type"] != ty or len(n[k]["columns"]) != ncol:
        print("catalog.json: %s is %r" % (k, n.get(k)), file=sys.stderr)
        sys.exit(1)
sys.exit(0 if len(n) == 8 and not c.get("errors") else 1)
PY
    then
        ok "jaffle_shop: catalog.json describes the 8 relations"
    else
        bad "jaffle_shop: catalog.json describes the 8 relations"
    fi
    if check rows "select count(*), sum(customer_lifetime_value) from warehouse.jaffle_shop.customers" "100,1672" &&
       check rows "select count(*), sum(amount) from warehouse.jaffle_shop.orders" "99,1672"; then
        ok "jaffle_shop: customers and orders hold the expected totals (dollars)"
    else
        bad "jaffle_shop: customers and orders hold the expected totals (dollars)"
    fi
else
    echo "SKIP: jaffle_shop: $upstream is missing (dbt-labs' project, shipped in ../shared/dbt)"
fi

echo "dbt: $pass passed, $fail failed"
[ "$fail" = 0 ]
