/*
 * tests/unit/optimizer/test_partial_agg.c
 *   The partial aggregation rule (optimizer/partialagg.c): where it fires
 *   (INNER joins, the preserved side of LEFT and RIGHT joins, global
 *   aggregates, group keys and residuals over the aggregated side, min/max
 *   of the other side, sums over either side) and where it must not (the
 *   NULL-supplying side of an outer join, FULL joins, DISTINCT, mixed or
 *   double arguments, both sides in one catalog, the rule switched off).
 *   Each query is also run: its optimized plan, with the remote subtrees
 *   expanded back into local operators over the in-memory catalogs, must
 *   give exactly the rows of the plan without the rule, over data with
 *   duplicate join keys on both sides, NULL keys, NULL arguments and
 *   unmatched rows.
 * Interface: main (cmocka).
 * Not here: results through PostgreSQL (tests/odbc/test_differential.c
 *   runs its queries with the rule on and off).
 */
#include "../exec/exec_test_util.h"
#include "../test_connector.h"
#include "session/session.h"
#include "parser/parser.h"
#include "binder/binder.h"
#include "optimizer/optimizer.h"

static eng_conn *C;
static tc_catalog *CATS[2];

static int setup(void **state)
{
    (void)state;
    A = eng_arena_create();
    C = tc_conn_new();
    for (int i = 0; i < 2; i++)
        CATS[i] = tc_catalog_new();
    tc_table *o = tc_add_table(CATS[0], "public", "orders", 3,
        (tc_colspec[]){ tc_col("id", ENG_T_INTEGER),
                        tc_col("user_id", ENG_T_INTEGER),
                        tc_col_t("status", eng_type_varchar(20)) });
    /* id 1 twice (duplicates on the other side of the payments), an order
     * without payments (6), a NULL id and a NULL user */
    tc_add_row(o, tc_int(1), tc_int(10), tc_str("a"));
    tc_add_row(o, tc_int(1), tc_int(11), tc_str("b"));
    tc_add_row(o, tc_int(2), tc_int(10), tc_str("a"));
    tc_add_row(o, tc_int(3), tc_int(12), tc_str("c"));
    tc_add_row(o, tc_int(4), tc_null(ENG_T_INTEGER), tc_str("a"));
    tc_add_row(o, tc_null(ENG_T_INTEGER), tc_int(13), tc_str("d"));
    tc_add_row(o, tc_int(6), tc_int(14), tc_str("e"));
    tc_table *p = tc_add_table(CATS[1], "public", "payments", 7,
        (tc_colspec[]){ tc_col("id", ENG_T_INTEGER),
                        tc_col("order_id", ENG_T_INTEGER),
                        tc_col_t("method", eng_type_varchar(20)),
                        tc_col("amount", ENG_T_INTEGER),
                        tc_col_t("amt", eng_type_decimal(10, 2)),
                        tc_col("big", ENG_T_BIGINT),
                        tc_col("dbl", ENG_T_DOUBLE) });
    /* several payments per order, a NULL amount, NULL order ids, an
     * order id no order has */
    tc_add_row(p, tc_int(1), tc_int(1), tc_str("cc"), tc_int(100),
               tc_dec(10000, 10, 2), tc_bigint(5), tc_double(0.5));
    tc_add_row(p, tc_int(2), tc_int(1), tc_str("cc"), tc_int(50),
               tc_dec(5025, 10, 2), tc_bigint(6), tc_double(0.25));
    tc_add_row(p, tc_int(3), tc_int(1), tc_str("gift"),
               tc_null(ENG_T_INTEGER), tc_null(ENG_T_DECIMAL),
               tc_bigint(7), tc_double(1));
    tc_add_row(p, tc_int(4), tc_int(2), tc_str("cc"), tc_int(10),
               tc_dec(1001, 10, 2), tc_bigint(8), tc_double(2));
    tc_add_row(p, tc_int(5), tc_int(3), tc_str("bank"), tc_int(7),
               tc_dec(700, 10, 2), tc_bigint(9), tc_double(3));
    tc_add_row(p, tc_int(6), tc_int(3), tc_str("bank"), tc_int(8),
               tc_dec(800, 10, 2), tc_bigint(10), tc_double(4));
    tc_add_row(p, tc_int(7), tc_null(ENG_T_INTEGER), tc_str("cc"),
               tc_int(1000), tc_dec(100000, 10, 2), tc_bigint(11),
               tc_double(5));
    tc_add_row(p, tc_int(8), tc_null(ENG_T_INTEGER), tc_str("cc"),
               tc_int(2000), tc_dec(200000, 10, 2), tc_bigint(12),
               tc_double(6));
    tc_add_row(p, tc_int(9), tc_int(99), tc_str("coupon"), tc_int(5),
               tc_dec(500, 10, 2), tc_bigint(13), tc_double(7));
    tc_add_row(p, tc_int(10), tc_int(4), tc_str("cc"), tc_int(3),
               tc_dec(300, 10, 2), tc_bigint(14), tc_double(8));
    /* a second table in paymentsdb: joins with payments stay there */
    tc_table *r = tc_add_table(CATS[1], "public", "refunds", 2,
        (tc_colspec[]){ tc_col("payment_id", ENG_T_INTEGER),
                        tc_col("amount", ENG_T_INTEGER) });
    tc_add_row(r, tc_int(1), tc_int(20));
    tc_add_row(r, tc_int(1), tc_int(30));
    static const char *const names[2] = { "ordersdb", "paymentsdb" };
    for (int i = 0; i < 2; i++) {
        tc_state *st = tc_state_new(CATS[i]);
        st->shippable = eng_pg_connector.shippable;
        st->deparse = eng_pg_connector.deparse;
        st->shippable_node = eng_pg_connector.shippable_node;
        st->est_rows = i == 0 ? 99000 : 113000;
        tc_conn_add_catalog(C, names[i], &tc_connector_ops, st);
    }
    eng_set_default(C, "paymentsdb", "public", &ERR);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    eng_close(C);
    for (int i = 0; i < 2; i++)
        tc_catalog_free(CATS[i]);
    eng_arena_destroy(A);
    return 0;
}

/* Parses, binds and optimizes sql under the session's switches. */
static plan_node *optimize(const char *sql)
{
    ast_stmt *s;
    eng_bound_stmt *bs;
    eng_error err;
    memset(&err, 0, sizeof err);
    eng_rc rc = parse_statement(sql, strlen(sql), A, &s, &err);
    if (!rc)
        rc = bind_statement(C, s, A, &bs, &err);
    if (!rc)
        rc = opt_optimize(C, &bs->plan, A, &err);
    if (rc)
        fail_msg("%s: %s %s", sql, err.sqlstate, err.message);
    return bs->plan;
}

/* Replaces every remote subtree scan by the subtree itself, so that the
 * in-memory catalogs (which run no SQL) execute what the catalog would. */
static void expand(plan_node **slot)
{
    plan_node *n = *slot;
    if (!n)
        return;
    if (n->kind == PN_SCAN && n->spec.remote) {
        *slot = (plan_node *)n->spec.remote;
        expand(slot);
        return;
    }
    expand(&n->child);
    expand(&n->left);
    expand(&n->right);
}

/* Runs an optimized plan; rows sorted, as text. */
static char *run(plan_node *plan)
{
    expand(&plan);
    exec_ctx ctx = tu_ctx();
    ctx.conn = C;
    tu_result r = tu_run_ctx(&ctx, plan, true);
    if (r.rc != ENG_OK)
        fail_msg("run: %s %s", ERR.sqlstate, ERR.message);
    return r.text;
}

/* Optimizes and runs sql with the rule on, then off: same rows. Returns
 * the rows; *partial tells whether the plan with the rule held a partial
 * aggregate (checked against EXPLAIN's text). */
static char *both(const char *sql, bool *partial)
{
    C->opt_off = 0;
    plan_node *on = optimize(sql);
    char *text = plan_explain(A, on);
    *partial = strstr(text, "Aggregate[partial]") != NULL;
    assert_true(*partial == (strstr(text, "Aggregate[final]") != NULL));
    char *r_on = run(on);
    C->opt_off = SESS_OPT_PARTIAL_AGG;
    plan_node *off = optimize(sql);
    assert_null(strstr(plan_explain(A, off), "Aggregate[partial]"));
    char *r_off = run(off);
    C->opt_off = 0;
    if (strcmp(r_on, r_off))
        fail_msg("%s\nwith the rule:\n%swithout:\n%splan:\n%s", sql, r_on,
                 r_off, text);
    return r_on;
}

#define P "paymentsdb.public.payments p"
#define O "ordersdb.public.orders o"

/* INNER join, every aggregate kind; order 1 has two orders rows (users
 * 10 and 11), so its payments count twice, once per user. */
static void test_inner_all_kinds(void **state)
{
    (void)state;
    bool partial;
    char *r = both("select o.user_id, sum(p.amount), count(*), count(p.amount),"
                   " min(p.amount), max(p.method), avg(p.amount), sum(p.amt),"
                   " sum(p.big), min(distinct p.id) from " P " join " O
                   " on p.order_id = o.id group by o.user_id", &partial);
    assert_true(partial);
    assert_string_equal(r,
        "10|160|4|3|10|gift|53.333333333333336|160.26|26|1\n"
        "11|150|3|2|50|gift|75.0|150.25|18|1\n"
        "12|15|2|2|7|bank|7.5|15.00|19|5\n"
        "NULL|3|1|1|3|cc|3.0|3.00|14|10\n");
}

/* The customers model's shape: payments LEFT JOIN orders, grouped by the
 * orders side; NULL order ids and unmatched payments land in the NULL
 * group, once each. */
static void test_left_preserved_side(void **state)
{
    (void)state;
    bool partial;
    char *r = both("select o.user_id, sum(p.amount), count(*) from " P
                   " left join " O " on p.order_id = o.id group by 1",
                   &partial);
    assert_true(partial);
    assert_string_equal(r, "10|160|4\n11|150|3\n12|15|2\nNULL|3008|4\n");
    r = both("select o.user_id, sum(p.amount), count(*) from " O
             " right join " P " on p.order_id = o.id group by 1", &partial);
    assert_true(partial);
    assert_string_equal(r, "10|160|4\n11|150|3\n12|15|2\nNULL|3008|4\n");
}

/* The NULL-supplying side of an outer join: an order without payments
 * counts 1 in count(*) and 0 in count(p.id); never partial there, and
 * FULL joins never. */
static void test_outer_join_does_not_fire(void **state)
{
    (void)state;
    bool partial;
    char *r = both("select o.user_id, count(p.id), sum(p.amount), count(*) "
                   "from " O " left join " P " on p.order_id = o.id "
                   "group by 1", &partial);
    assert_false(partial);
    assert_string_equal(r, "10|4|160|4\n11|3|150|3\n12|2|15|2\n13|0|NULL|1\n"
                           "14|0|NULL|1\nNULL|1|3|1\n");
    both("select o.user_id, sum(p.amount) from " P " full join " O
         " on p.order_id = o.id group by 1", &partial);
    assert_false(partial);
    both("select o.user_id, count(p.id) from " P " right join " O
         " on p.order_id = o.id group by 1", &partial);
    assert_false(partial);
}

/* Global aggregates: a count over no rows is 0 (not the NULL sum of no
 * partial counts), sum and avg NULL. */
static void test_global(void **state)
{
    (void)state;
    bool partial;
    char *r = both("select count(*), count(p.amount), sum(p.amount), "
                   "avg(p.amount) from " P " join " O " on p.order_id = o.id "
                   "where o.status = 'zzz'", &partial);
    assert_true(partial);
    assert_string_equal(r, "0|0|NULL|NULL\n");
    r = both("select count(*), count(p.amount), sum(p.amt), avg(p.amount) "
             "from " P " join " O " on p.order_id = o.id", &partial);
    assert_true(partial);
    assert_string_equal(r, "10|8|328.51|41.0\n");
}

/* Group keys over the aggregated side, a residual reading it, min/max of
 * the other side, a sum of the other side (the orders side is then the
 * one aggregated: duplicates are on the payments side). */
static void test_keys_residual_other_side(void **state)
{
    (void)state;
    bool partial;
    both("select p.method, o.status, sum(p.amount), min(o.user_id), "
         "max(o.status) from " P " join " O " on p.order_id = o.id "
         "group by p.method, o.status", &partial);
    assert_true(partial);
    both("select p.order_id % 2, sum(p.big) from " P " join " O
         " on p.order_id = o.id group by 1", &partial);
    assert_true(partial);
    both("select o.user_id, sum(p.amount), count(*) from " P " join " O
         " on p.order_id = o.id and p.method <> o.status group by 1",
         &partial);
    assert_true(partial);
    char *r = both("select p.method, sum(o.user_id), count(*) from " P
                   " join " O " on p.order_id = o.id group by 1", &partial);
    assert_true(partial);
    assert_string_equal(r, "bank|24|2\ncc|52|6\ngift|21|2\n");
}

/* Shapes it leaves alone. */
static void test_does_not_fire(void **state)
{
    (void)state;
    bool partial;
    both("select o.user_id, count(distinct p.amount) from " P " join " O
         " on p.order_id = o.id group by 1", &partial);
    assert_false(partial);
    both("select o.status, sum(o.user_id + p.amount) from " P " join " O
         " on p.order_id = o.id group by 1", &partial);
    assert_false(partial);
    both("select o.user_id, sum(p.dbl) from " P " join " O
         " on p.order_id = o.id group by 1", &partial);
    assert_false(partial);
    /* both sides in paymentsdb: the whole join runs there */
    both("select p.method, sum(r.amount) from " P " join "
         "paymentsdb.public.refunds r on r.payment_id = p.id group by 1",
         &partial);
    assert_false(partial);
    /* remote subtrees off: no partial aggregate either (it would run
     * locally, for nothing) */
    C->opt_off = SESS_OPT_REMOTE_SUBTREE;
    plan_node *pl = optimize("select o.user_id, sum(p.amount) from " P
                             " join " O " on p.order_id = o.id group by 1");
    assert_null(strstr(plan_explain(A, pl), "Aggregate[partial]"));
    C->opt_off = 0;
}

/* EXPLAIN: the partial aggregate inside paymentsdb's statement. */
static void test_explain_and_switch(void **state)
{
    (void)state;
    plan_node *pl = optimize("select o.user_id, sum(p.amount) from " P
                             " left join " O " on p.order_id = o.id "
                             "group by 1");
    char *text = plan_explain(A, pl);
    assert_non_null(strstr(text, "Aggregate[final] groups: "));
    assert_non_null(strstr(text, "RemoteQuery[paymentsdb] sql: SELECT "));
    assert_non_null(strstr(text, "GROUP BY s0.\"c0\""));
    eng_error err;
    assert_int_equal(sess_set_optimizer(C, "partial_agg=off", &err), ENG_OK);
    assert_int_equal(C->opt_off, SESS_OPT_PARTIAL_AGG);
    assert_int_equal(sess_set_optimizer(C, "all=on", &err), ENG_OK);
    assert_int_equal(C->opt_off, 0);
    assert_int_equal(sess_set_optimizer(C, "all=off", &err), ENG_OK);
    assert_true(C->opt_off & SESS_OPT_PARTIAL_AGG);
    C->opt_off = 0;
}

int main(void)
{
    (void)tu_setup;      /* exec_test_util.h's; this file has its own */
    (void)tu_teardown;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_inner_all_kinds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_left_preserved_side, setup, teardown),
        cmocka_unit_test_setup_teardown(test_outer_join_does_not_fire, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_global, setup, teardown),
        cmocka_unit_test_setup_teardown(test_keys_residual_other_side, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_does_not_fire, setup, teardown),
        cmocka_unit_test_setup_teardown(test_explain_and_switch, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
