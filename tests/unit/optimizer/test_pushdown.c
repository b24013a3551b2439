/*
 * tests/unit/optimizer/test_pushdown.c
 *   Optimizer tests: the exact SQL each catalog receives (PostgreSQL
 *   deparser and whitelist over the in-memory test connector), column
 *   pruning, LIMIT pushdown, join key extraction, and the outer-join
 *   rules of predicate pushdown.
 * Interface: main (cmocka).
 * Not here: binding (tests/unit/binder/test_binder.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "session/session.h"
#include "parser/parser.h"
#include "binder/binder.h"
#include "optimizer/optimizer.h"
#include "tests/unit/test_connector.h"

typedef struct fixture {
    eng_conn *c;
    tc_catalog *cats[3];
    eng_arena *a;
    eng_error err;
    plan_node *plan;
    int nscans;
    const plan_node *scans[8];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    static const char *const names[3] = { "customersdb", "ordersdb", "paymentsdb" };
    f->c = tc_conn_new();
    for (int i = 0; i < 3; i++)
        f->cats[i] = tc_catalog_new();
    tc_add_table(f->cats[0], "public", "customers", 3,
        (tc_colspec[]){ { "id", eng_type_make(ENG_T_INTEGER), true },
                        tc_col_t("first_name", eng_type_varchar(255)),
                        tc_col_t("last_name", eng_type_varchar(255)) });
    tc_add_table(f->cats[1], "public", "orders", 4,
        (tc_colspec[]){ tc_col("id", ENG_T_INTEGER), tc_col("user_id", ENG_T_INTEGER),
                        tc_col("order_date", ENG_T_DATE),
                        tc_col_t("status", eng_type_varchar(255)) });
    tc_add_table(f->cats[2], "public", "payments", 4,
        (tc_colspec[]){ tc_col("id", ENG_T_INTEGER), tc_col("order_id", ENG_T_INTEGER),
                        tc_col_t("payment_method", eng_type_varchar(128)),
                        tc_col("amount", ENG_T_INTEGER) });
    for (int i = 0; i < 3; i++) {
        tc_state *st = tc_state_new(f->cats[i]);
        st->shippable = eng_pg_connector.shippable;
        st->deparse = eng_pg_connector.deparse;
        tc_conn_add_catalog(f->c, names[i], &tc_connector_ops, st);
    }
    f->a = eng_arena_create();
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    eng_close(f->c);
    for (int i = 0; i < 3; i++)
        tc_catalog_free(f->cats[i]);
    eng_arena_destroy(f->a);
    free(f);
    return 0;
}

static void collect(fixture *f, const plan_node *n)
{
    if (!n)
        return;
    if (n->kind == PN_SCAN && f->nscans < 8)
        f->scans[f->nscans++] = n;
    collect(f, n->child);
    collect(f, n->left);
    collect(f, n->right);
}

/* Parses, binds and optimizes sql; scans are collected left to right. */
static void plan(fixture *f, const char *sql)
{
    ast_stmt *s;
    eng_bound_stmt *bs;
    memset(&f->err, 0, sizeof f->err);
    f->nscans = 0;
    eng_rc rc = parse_statement(sql, strlen(sql), f->a, &s, &f->err);
    if (!rc)
        rc = bind_statement(f->c, s, f->a, &bs, &f->err);
    if (!rc)
        rc = opt_optimize(f->c, &bs->plan, f->a, &f->err);
    if (rc)
        fprintf(stderr, "failed: %s %s\n", f->err.sqlstate, f->err.message);
    assert_int_equal(rc, ENG_OK);
    f->plan = bs->plan;
    collect(f, f->plan);
}

static void expect_sql(fixture *f, int i, const char *sql)
{
    assert_true(i < f->nscans);
    assert_non_null(f->scans[i]->spec.sql);
    assert_string_equal(f->scans[i]->spec.sql, sql);
}

/* The first node of `kind` in a depth-first walk, or NULL. */
static const plan_node *find(const plan_node *n, plan_node_kind kind)
{
    if (!n)
        return NULL;
    if (n->kind == kind)
        return n;
    const plan_node *r = find(n->child, kind);
    if (!r)
        r = find(n->left, kind);
    if (!r)
        r = find(n->right, kind);
    return r;
}

static void test_count_star_reads_no_column(void **state)
{
    fixture *f = *state;
    plan(f, "select count(*) from customersdb.public.customers");
    assert_int_equal(f->nscans, 1);
    assert_int_equal(f->scans[0]->spec.ncols, 0);
    assert_int_equal(f->scans[0]->ncols, 0);
    expect_sql(f, 0, "SELECT FROM \"public\".\"customers\"");
}

static void test_quoted_string_filter(void **state)
{
    fixture *f = *state;
    plan(f, "select id from customersdb.public.customers "
            "where first_name = 'O''Brien'");
    expect_sql(f, 0, "SELECT \"id\" FROM \"public\".\"customers\" "
                     "WHERE (\"first_name\" = 'O''Brien')");
    assert_null(find(f->plan, PN_FILTER));
}

static void test_local_filter_stays(void **state)
{
    fixture *f = *state;
    plan(f, "select id from customersdb.public.customers "
            "where length(first_name) + id > 3 and id < 10");
    expect_sql(f, 0, "SELECT \"id\", \"first_name\" FROM \"public\".\"customers\" "
                     "WHERE (\"id\" < 10)");
    const plan_node *flt = find(f->plan, PN_FILTER);
    assert_non_null(flt);
    assert_int_equal(flt->child->kind, PN_SCAN);
    assert_int_equal(flt->pred->kind, PX_OP);
    assert_int_equal(flt->pred->op, PO_GT);
}

static void test_many_filters(void **state)
{
    fixture *f = *state;
    plan(f, "select * from ordersdb.public.orders where order_date >= "
            "date '2018-02-01' and status in ('placed','shipped') "
            "and id between 1 and 5");
    expect_sql(f, 0, "SELECT \"id\", \"user_id\", \"order_date\", \"status\" "
                     "FROM \"public\".\"orders\" WHERE (\"order_date\" >= "
                     "DATE '2018-02-01') AND (\"status\" IN ('placed', "
                     "'shipped')) AND (\"id\" >= 1) AND (\"id\" <= 5)");
}

static void test_limit_pushdown(void **state)
{
    fixture *f = *state;
    plan(f, "select first_name from customersdb.public.customers limit 3");
    expect_sql(f, 0, "SELECT \"first_name\" FROM \"public\".\"customers\" LIMIT 3");
    assert_int_equal(f->scans[0]->spec.limit, 3);
    /* not through a sort */
    plan(f, "select first_name from customersdb.public.customers "
            "order by 1 limit 3");
    assert_int_equal(f->scans[0]->spec.limit, -1);
}

#define CUSTOMERS_MODEL \
        "with customers as (select * from customersdb.public.customers),\n" \
        "orders as (select * from ordersdb.public.orders),\n" \
        "payments as (select * from paymentsdb.public.payments),\n" \
        "customer_orders as (select user_id, min(order_date) as first_order, " \
        "max(order_date) as most_recent_order, count(id) as number_of_orders " \
        "from orders group by 1),\n" \
        "customer_payments as (select orders.user_id, sum(amount) as total_amount " \
        "from payments left join orders on payments.order_id = orders.id " \
        "group by 1),\n" \
        "final as (select customers.id as customer_id, customers.first_name, " \
        "customers.last_name, customer_orders.first_order, " \
        "customer_orders.most_recent_order, customer_orders.number_of_orders, " \
        "customer_payments.total_amount as customer_lifetime_value " \
        "from customers " \
        "left join customer_orders on customers.id = customer_orders.user_id " \
        "left join customer_payments on customers.id = customer_payments.user_id)\n" \
        "select * from final order by customer_id"

static void test_customers_model(void **state)
{
    fixture *f = *state;
    /* pruning: each scan reads what its use needs (rule shared_scan,
     * which widens the two reads of orders to one, off) */
    f->c->opt_off |= SESS_OPT_SHARED_SCAN;
    plan(f, CUSTOMERS_MODEL);
    f->c->opt_off &= ~SESS_OPT_SHARED_SCAN;
    assert_int_equal(f->nscans, 4);
    expect_sql(f, 0, "SELECT \"id\", \"first_name\", \"last_name\" FROM "
                     "\"public\".\"customers\"");
    expect_sql(f, 1, "SELECT \"id\", \"user_id\", \"order_date\" FROM "
                     "\"public\".\"orders\"");
    expect_sql(f, 2, "SELECT \"order_id\", \"amount\" FROM \"public\".\"payments\"");
    expect_sql(f, 3, "SELECT \"id\", \"user_id\" FROM \"public\".\"orders\"");
    /* every join got its equi-key, none kept a residual */
    const plan_node *j = find(f->plan, PN_JOIN);
    assert_int_equal(j->nkeys, 1);
    assert_null(j->residual);
    assert_true(eng_type_equal(j->lkeys[0]->type, j->rkeys[0]->type));
    assert_int_equal(f->plan->ncols, 7);
    /* with shared_scan: the two reads of orders become one, of the union
     * of their columns */
    plan(f, CUSTOMERS_MODEL);
    assert_int_equal(f->nscans, 4);
    expect_sql(f, 1, "SELECT \"id\", \"user_id\", \"order_date\" FROM "
                     "\"public\".\"orders\"");
    expect_sql(f, 3, "SELECT \"id\", \"user_id\", \"order_date\" FROM "
                     "\"public\".\"orders\"");
    assert_true(f->scans[1]->share_id > 0);
    assert_int_equal(f->scans[1]->share_id, f->scans[3]->share_id);
    assert_int_equal(f->scans[3]->share_uses, 2);
}

static void test_orders_model(void **state)
{
    fixture *f = *state;
    plan(f,
        "with orders as (select id as order_id, user_id as customer_id, "
        "order_date, status from ordersdb.public.orders),\n"
        "payments as (select id as payment_id, order_id, payment_method, amount "
        "from paymentsdb.public.payments),\n"
        "order_payments as (select order_id, "
        "sum(case when payment_method = 'credit_card' then amount else 0 end) "
        "as credit_card_amount, "
        "sum(case when payment_method = 'coupon' then amount else 0 end) "
        "as coupon_amount, sum(amount) as total_amount "
        "from payments group by order_id),\n"
        "final as (select orders.order_id, orders.customer_id, orders.order_date, "
        "orders.status, order_payments.credit_card_amount, "
        "order_payments.coupon_amount, order_payments.total_amount as amount "
        "from orders left join order_payments "
        "on orders.order_id = order_payments.order_id)\n"
        "select * from final order by order_id");
    assert_int_equal(f->nscans, 2);
    expect_sql(f, 0, "SELECT \"id\", \"user_id\", \"order_date\", \"status\" "
                     "FROM \"public\".\"orders\"");
    /* payments.id is never read */
    expect_sql(f, 1, "SELECT \"order_id\", \"payment_method\", \"amount\" "
                     "FROM \"public\".\"payments\"");
}

static void test_left_join_keeps_right_filter_above(void **state)
{
    fixture *f = *state;
    plan(f, "select c.id, o.status from customersdb.public.customers c "
            "left join ordersdb.public.orders o "
            "on c.id = o.user_id and o.status <> 'x' and c.id < 50 "
            "where o.status = 'returned' and c.id > 5");
    /* WHERE on the left side goes down; ON on the right side goes down to
     * the right; ON on the left side and WHERE on the right side do not */
    expect_sql(f, 0, "SELECT \"id\" FROM \"public\".\"customers\" "
                     "WHERE (\"id\" > 5)");
    expect_sql(f, 1, "SELECT \"user_id\", \"status\" FROM \"public\".\"orders\" "
                     "WHERE (\"status\" <> 'x')");
    const plan_node *flt = find(f->plan, PN_FILTER);
    assert_non_null(flt);
    assert_int_equal(flt->child->kind, PN_JOIN);
    const plan_node *j = flt->child;
    assert_int_equal(j->join_type, PJ_LEFT);
    assert_int_equal(j->nkeys, 1);
    assert_non_null(j->residual);   /* c.id < 50 stays in the ON clause */
    assert_int_equal(j->residual->op, PO_LT);
}

static void test_cross_join_becomes_inner(void **state)
{
    fixture *f = *state;
    plan(f, "select c.first_name, o.status from customersdb.public.customers c, "
            "ordersdb.public.orders o where c.id = o.user_id and o.status = 'placed'");
    const plan_node *j = find(f->plan, PN_JOIN);
    assert_int_equal(j->join_type, PJ_INNER);
    assert_int_equal(j->nkeys, 1);
    assert_null(j->residual);
    assert_null(find(f->plan, PN_FILTER));
    expect_sql(f, 0, "SELECT \"id\", \"first_name\" FROM \"public\".\"customers\"");
    expect_sql(f, 1, "SELECT \"user_id\", \"status\" FROM \"public\".\"orders\" "
                     "WHERE (\"status\" = 'placed')");
}

static void test_filter_through_group_key(void **state)
{
    fixture *f = *state;
    plan(f, "with t as (select user_id, count(*) n from ordersdb.public.orders "
            "group by 1) select * from t where user_id = 3 and n > 1");
    expect_sql(f, 0, "SELECT \"user_id\" FROM \"public\".\"orders\" "
                     "WHERE (\"user_id\" = 3)");
    const plan_node *flt = find(f->plan, PN_FILTER);
    assert_non_null(flt);
    assert_int_equal(flt->child->kind, PN_AGG);
}

static void test_full_join_moves_nothing(void **state)
{
    fixture *f = *state;
    plan(f, "select c.id, o.id from customersdb.public.customers c "
            "full join ordersdb.public.orders o on c.id = o.user_id and o.id > 1 "
            "where c.id > 5");
    expect_sql(f, 0, "SELECT \"id\" FROM \"public\".\"customers\"");
    expect_sql(f, 1, "SELECT \"id\", \"user_id\" FROM \"public\".\"orders\"");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_count_star_reads_no_column, setup, teardown),
        cmocka_unit_test_setup_teardown(test_quoted_string_filter, setup, teardown),
        cmocka_unit_test_setup_teardown(test_local_filter_stays, setup, teardown),
        cmocka_unit_test_setup_teardown(test_many_filters, setup, teardown),
        cmocka_unit_test_setup_teardown(test_limit_pushdown, setup, teardown),
        cmocka_unit_test_setup_teardown(test_customers_model, setup, teardown),
        cmocka_unit_test_setup_teardown(test_orders_model, setup, teardown),
        cmocka_unit_test_setup_teardown(test_left_join_keeps_right_filter_above,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_cross_join_becomes_inner, setup, teardown),
        cmocka_unit_test_setup_teardown(test_filter_through_group_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_full_join_moves_nothing, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
