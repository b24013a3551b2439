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
#include "opt_test_util.h"

static int setup(void **state)
{
    (void)state;
    ot_setup();
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
    return ot_register(names, (const double[2]){ 99000, 113000 },
                       "paymentsdb");
}

/* Optimizes and runs sql with the rule on, then off: same rows. Returns
 * the rows; *partial tells whether the plan with the rule held a partial
 * aggregate (checked against EXPLAIN's text). */
static char *both(const char *sql, bool *partial)
{
    char *text;
    char *r = ot_both(sql, SESS_OPT_PARTIAL_AGG, "Aggregate[partial]", true,
                      &text);
    *partial = strstr(text, "Aggregate[partial]") != NULL;
    assert_true(*partial == (strstr(text, "Aggregate[final]") != NULL));
    return r;
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
    plan_node *pl = ot_optimize("select o.user_id, sum(p.amount) from " P
                                " join " O " on p.order_id = o.id group by 1");
    assert_null(strstr(plan_explain(A, pl), "Aggregate[partial]"));
    C->opt_off = 0;
}

/* EXPLAIN: the partial aggregate inside paymentsdb's statement. */
static void test_explain_and_switch(void **state)
{
    (void)state;
    plan_node *pl = ot_optimize("select o.user_id, sum(p.amount) from " P
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
        cmocka_unit_test_setup_teardown(test_inner_all_kinds, setup,
                                        ot_teardown),
        cmocka_unit_test_setup_teardown(test_left_preserved_side, setup,
                                        ot_teardown),
        cmocka_unit_test_setup_teardown(test_outer_join_does_not_fire, setup,
                                        ot_teardown),
        cmocka_unit_test_setup_teardown(test_global, setup, ot_teardown),
        cmocka_unit_test_setup_teardown(test_keys_residual_other_side, setup,
                                        ot_teardown),
        cmocka_unit_test_setup_teardown(test_does_not_fire, setup,
                                        ot_teardown),
        cmocka_unit_test_setup_teardown(test_explain_and_switch, setup,
                                        ot_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
