/*
 * tests/unit/optimizer/test_estimates.c
 *   The rules that decide from the catalogs' distinct-value estimates
 *   (eng_column_def.est_distinct, PostgreSQL's pg_stats.n_distinct):
 *   partial aggregation fires when the estimated partial groups are at
 *   most a quarter of the aggregated side's rows and is skipped above, with
 *   the estimate in EXPLAIN either way; a join gets no dynamic filter when
 *   its build keys are most of the probe key's values, and one when they
 *   are few; aggregates and equalities are estimated from the distinct
 *   values (buildside.c); a single-catalog grouped aggregate under a
 *   cross-catalog join stays in the engine over the pushed scan when its
 *   estimated groups are over three quarters of at least 100,000 rows
 *   (remote.c, rule
 *   local_agg), is pushed when they are few, and a query that is one
 *   catalog as a whole is pushed entirely either way. Without estimates the rules behave as before
 *   (test_partial_agg.c, test_remote.c). Every query also runs with the
 *   rule on and off over the in-memory catalogs: the same rows.
 * Interface: main (cmocka).
 * Not here: the estimates read from PostgreSQL (connector/pg/pg_meta.c,
 *   exercised end to end by tests/odbc/test_explain_analyze.c).
 */
#include "opt_test_util.h"

static tc_table *ORDERS, *PAYMENTS;

/* orders in ordersdb, payments in paymentsdb (a few rows: the rules
 * decide from the estimates, which the setup sets apart from the rows). */
static int setup(void **state)
{
    (void)state;
    ot_setup();
    ORDERS = tc_add_table(CATS[0], "public", "orders", 3,
        (tc_colspec[]){ tc_col("id", ENG_T_INTEGER),
                        tc_col("user_id", ENG_T_INTEGER),
                        tc_col_t("status", eng_type_varchar(20)) });
    tc_add_row(ORDERS, tc_int(1), tc_int(10), tc_str("a"));
    tc_add_row(ORDERS, tc_int(2), tc_int(10), tc_str("b"));
    tc_add_row(ORDERS, tc_int(3), tc_int(11), tc_str("a"));
    tc_add_row(ORDERS, tc_int(4), tc_null(ENG_T_INTEGER), tc_str("c"));
    PAYMENTS = tc_add_table(CATS[1], "public", "payments", 4,
        (tc_colspec[]){ tc_col("id", ENG_T_INTEGER),
                        tc_col("order_id", ENG_T_INTEGER),
                        tc_col_t("method", eng_type_varchar(20)),
                        tc_col("amount", ENG_T_INTEGER) });
    tc_add_row(PAYMENTS, tc_int(1), tc_int(1), tc_str("cc"), tc_int(100));
    tc_add_row(PAYMENTS, tc_int(2), tc_int(1), tc_str("gift"), tc_int(50));
    tc_add_row(PAYMENTS, tc_int(3), tc_int(2), tc_str("cc"), tc_int(7));
    tc_add_row(PAYMENTS, tc_int(4), tc_int(3), tc_str("cc"),
               tc_null(ENG_T_INTEGER));
    tc_add_row(PAYMENTS, tc_int(5), tc_null(ENG_T_INTEGER), tc_str("bank"),
               tc_int(9));
    tc_add_row(PAYMENTS, tc_int(6), tc_int(9), tc_str("cc"), tc_int(3));
    static const char *const names[2] = { "ordersdb", "paymentsdb" };
    /* the bench's shape at SF=1000: 99,000 orders, 113,000 payments (one
     * row count per catalog in the harness: 113,000 for both here is
     * what matters, the payments side) */
    return ot_register(names, (const double[2]){ 99000, 113000 },
                       "paymentsdb");
}

/* Sets the distinct values the catalogs report for a column. */
static void ndv(tc_table *t, int col, double d)
{
    tc_set_est_distinct(t, col, d);
}

/* Optimizes and runs sql with `rule` on and off (same rows); EXPLAIN of
 * the plan with the rule. */
static char *plan_of(const char *sql, unsigned rule, const char *marker)
{
    char *text;
    ot_both(sql, rule, marker, true, &text);
    return text;
}

#define AGG_Q "select o.user_id, sum(p.amount), count(*) from " \
              "paymentsdb.public.payments p left join " \
              "ordersdb.public.orders o on p.order_id = o.id group by 1"

/* The bench's customers model: payments grouped by order_id are 88% of
 * the payments (99,000 of 113,000): the rule is skipped, and EXPLAIN says
 * why. */
static void test_partial_skipped_when_groups_are_most_rows(void **state)
{
    (void)state;
    ndv(PAYMENTS, 1, 99000);
    ndv(ORDERS, 0, 99000);
    char *text = plan_of(AGG_Q, SESS_OPT_PARTIAL_AGG, "Aggregate[partial]");
    assert_null(strstr(text, "Aggregate[partial]"));
    assert_null(strstr(text, "Aggregate[final]"));
    assert_non_null(strstr(text, "partial: skipped (est. groups: 99000 of "
                                 "113000 rows)"));
}

/* A filter on the payments side leaves fewer rows, but the order ids
 * among them are still nearly all distinct (Cardenas' scaling): still
 * skipped. */
static void test_partial_skipped_filtered(void **state)
{
    (void)state;
    ndv(PAYMENTS, 1, 99000);
    char *text = plan_of("select o.user_id, sum(p.amount) from "
                         "paymentsdb.public.payments p join "
                         "ordersdb.public.orders o on p.order_id = o.id "
                         "where p.amount > 10 group by 1",
                         SESS_OPT_PARTIAL_AGG, "Aggregate[partial]");
    assert_null(strstr(text, "Aggregate[partial]"));
    assert_non_null(strstr(text, "partial: skipped (est. groups: "));
}

/* Few order ids per payment row (1,000 groups of 113,000 rows): the rule
 * fires, and EXPLAIN shows the estimate on the partial aggregate. */
static void test_partial_fires_when_groups_are_few(void **state)
{
    (void)state;
    ndv(PAYMENTS, 1, 1000);
    char *text = plan_of(AGG_Q, SESS_OPT_PARTIAL_AGG, "Aggregate[partial]");
    assert_non_null(strstr(text, "Aggregate[final]"));
    assert_non_null(strstr(text, "Aggregate[partial] groups: #0 aggs: "));
    assert_non_null(strstr(text, "est. groups: 1000 of 113000 rows"));
    assert_null(strstr(text, "partial: skipped"));
    /* at exactly a quarter of the rows it still fires; above, not */
    ndv(PAYMENTS, 1, 28250);
    C->opt_off = 0;
    /* a fresh session view of the table: the metadata cache holds the
     * first definition, so flush it */
    sess_mc_flush(C->mcache);
    text = plan_explain(A, ot_optimize(AGG_Q));
    assert_non_null(strstr(text, "est. groups: 28250 of 113000 rows"));
    ndv(PAYMENTS, 1, 28300);
    sess_mc_flush(C->mcache);
    text = plan_explain(A, ot_optimize(AGG_Q));
    assert_non_null(strstr(text, "partial: skipped (est. groups: 28300 "));
}

/* A group key over the aggregated side multiplies the groups: 1,000
 * order ids times 4 methods is 4,000, fires; 30,000 times 4 is more than
 * the rows, skipped. */
static void test_partial_groups_multiply(void **state)
{
    (void)state;
    static const char q[] =
        "select p.method, o.status, sum(p.amount) from "
        "paymentsdb.public.payments p join ordersdb.public.orders o "
        "on p.order_id = o.id group by 1, 2";
    ndv(PAYMENTS, 1, 1000);
    ndv(PAYMENTS, 2, 4);
    char *text = plan_of(q, SESS_OPT_PARTIAL_AGG, "Aggregate[partial]");
    assert_non_null(strstr(text, "est. groups: 4000 of 113000 rows"));
    ndv(PAYMENTS, 1, 30000);
    sess_mc_flush(C->mcache);
    text = plan_of(q, SESS_OPT_PARTIAL_AGG, "Aggregate[partial]");
    assert_non_null(strstr(text, "partial: skipped (est. groups: 113000 "
                                 "of 113000 rows)"));
}

/* No estimate for a partial group column: the rule fires as before. */
static void test_partial_unknown_fires(void **state)
{
    (void)state;
    char *text = plan_of(AGG_Q, SESS_OPT_PARTIAL_AGG, "Aggregate[partial]");
    assert_non_null(strstr(text, "Aggregate[partial]"));
    assert_null(strstr(text, "est. groups"));
    assert_null(strstr(text, "partial: skipped"));
}

#define JOIN_Q "select o.id, o.status, p.amount from " \
               "ordersdb.public.orders o join paymentsdb.public.payments p " \
               "on p.order_id = o.id"

/* Dynamic filters: build keys that are most of the probe key's values
 * would keep most probe rows, so none (EXPLAIN says why); a selective
 * build side gets one. */
static void test_dynamic_filter_by_estimates(void **state)
{
    (void)state;
    ndv(ORDERS, 0, 99000);
    ndv(PAYMENTS, 1, 99000);
    char *text = plan_of(JOIN_Q, SESS_OPT_DYNAMIC_FILTER,
                         "dynamic filter: df");
    assert_null(strstr(text, "dynamic filter: df"));
    assert_non_null(strstr(text, "dynamic filter: skipped (est. keys: "));
    /* one order (an equality on a column of 99,000 values: 1 row) */
    text = plan_of(JOIN_Q " where o.id = 2", SESS_OPT_DYNAMIC_FILTER,
                   "dynamic filter: df");
    assert_non_null(strstr(text, "dynamic filter: df0"));
    assert_null(strstr(text, "skipped"));
    /* no estimates: a filter, as before */
    ndv(ORDERS, 0, 0);
    ndv(PAYMENTS, 1, 0);
    sess_mc_flush(C->mcache);
    sess_mc_flush(C->mcache);
    text = plan_of(JOIN_Q, SESS_OPT_DYNAMIC_FILTER, "dynamic filter: df");
    assert_non_null(strstr(text, "dynamic filter: df0"));
}

/* Aggregate and equality estimates from the distinct values. */
static void test_estimates_from_distinct(void **state)
{
    (void)state;
    ndv(PAYMENTS, 2, 4);
    ndv(PAYMENTS, 0, 113000);
    plan_node *p = ot_optimize("select method, count(*) from "
                               "paymentsdb.public.payments group by 1");
    /* the whole query is paymentsdb's: its subtree's aggregate */
    assert_int_equal(p->kind, PN_SCAN);
    assert_non_null(p->spec.remote);
    assert_true(p->est_rows == 4.0);
    p = ot_optimize("select distinct method from paymentsdb.public.payments");
    assert_true(p->est_rows == 4.0);
    p = ot_optimize("select id from paymentsdb.public.payments where id = 5");
    assert_true(p->est_rows == 1.0);
    /* unknown: a tenth of the input, PostgreSQL's 0.005 for an equality */
    p = ot_optimize("select amount, count(*) from paymentsdb.public.payments "
                    "group by 1");
    assert_true(p->est_rows == 11300.0);
    p = ot_optimize("select id from paymentsdb.public.payments "
                    "where amount = 5");
    assert_true(p->est_rows == 565.0);
}

#define LOCAL_Q "select o.id, o.status, x.total from " \
                "ordersdb.public.orders o join (select order_id, " \
                "sum(amount) as total, count(*) as n from " \
                "paymentsdb.public.payments where amount > 0 group by 1) x " \
                "on x.order_id = o.id"

/* payments grouped by order_id: 99,000 groups of 113,000 rows hardly
 * reduce the rows, so the aggregate stays local over a pushed scan;
 * EXPLAIN says why. */
static void test_local_agg_when_groups_are_most_rows(void **state)
{
    (void)state;
    static const char q[] =
        "select o.id, o.status, x.total from ordersdb.public.orders o "
        "join (select order_id, sum(amount) as total, count(*) as n from "
        "paymentsdb.public.payments group by 1) x on x.order_id = o.id";
    ndv(PAYMENTS, 1, 99000);
    char *text = plan_of(q, SESS_OPT_LOCAL_AGG, "local (est. groups");
    assert_non_null(strstr(text, "local (est. groups: 99000 of 113000 "
                                 "rows)"));
    /* with the rule off the aggregate runs inside paymentsdb */
    C->opt_off = SESS_OPT_LOCAL_AGG;
    sess_mc_flush(C->mcache);
    char *off = plan_explain(A, ot_optimize(q));
    C->opt_off = 0;
    assert_null(strstr(off, "local (est. groups"));
    assert_non_null(strstr(off, "GROUP BY"));
    /* the local plan's payments scan ships no GROUP BY */
    assert_null(strstr(text, "GROUP BY"));
    /* at three quarters of the rows (84,750) it is pushed; above, not */
    ndv(PAYMENTS, 1, 84750);
    sess_mc_flush(C->mcache);
    text = plan_explain(A, ot_optimize(q));
    assert_null(strstr(text, "local (est. groups"));
    ndv(PAYMENTS, 1, 84800);
    sess_mc_flush(C->mcache);
    text = plan_explain(A, ot_optimize(q));
    assert_non_null(strstr(text, "local (est. groups: 84800 of 113000 "
                                 "rows)"));
}

/* Few groups per row (1,000 of 113,000), or too few rows (a filter
 * leaves a third: under 100,000), or no estimate: pushed as before. */
static void test_local_agg_pushes_when_reducing(void **state)
{
    (void)state;
    ndv(PAYMENTS, 1, 1000);
    char *text = plan_of(LOCAL_Q, SESS_OPT_LOCAL_AGG, "local (est. groups");
    assert_null(strstr(text, "local (est. groups"));
    assert_non_null(strstr(text, "GROUP BY"));
    ndv(PAYMENTS, 1, 99000);
    sess_mc_flush(C->mcache);
    text = plan_of(LOCAL_Q, SESS_OPT_LOCAL_AGG, "local (est. groups");
    assert_null(strstr(text, "local (est. groups"));
    ndv(PAYMENTS, 1, 0);
    sess_mc_flush(C->mcache);
    text = plan_of(LOCAL_Q, SESS_OPT_LOCAL_AGG, "local (est. groups");
    assert_null(strstr(text, "local (est. groups"));
}

/* A query that is one catalog as a whole is pushed entirely, however
 * little its aggregate reduces. */
static void test_local_agg_whole_query_pushed(void **state)
{
    (void)state;
    ndv(PAYMENTS, 1, 99000);
    C->opt_off = 0;
    plan_node *p = ot_optimize("select order_id, count(*) from "
                               "paymentsdb.public.payments group by 1");
    assert_int_equal(p->kind, PN_SCAN);
    assert_non_null(p->spec.remote);
    assert_null(strstr(plan_explain(A, p), "local (est. groups"));
}

int main(void)
{
    (void)tu_setup;      /* exec_test_util.h's; this file has its own */
    (void)tu_teardown;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_partial_skipped_when_groups_are_most_rows, setup,
            ot_teardown),
        cmocka_unit_test_setup_teardown(test_partial_skipped_filtered,
                                        setup, ot_teardown),
        cmocka_unit_test_setup_teardown(
            test_partial_fires_when_groups_are_few, setup, ot_teardown),
        cmocka_unit_test_setup_teardown(test_partial_groups_multiply, setup,
                                        ot_teardown),
        cmocka_unit_test_setup_teardown(test_partial_unknown_fires, setup,
                                        ot_teardown),
        cmocka_unit_test_setup_teardown(test_dynamic_filter_by_estimates,
                                        setup, ot_teardown),
        cmocka_unit_test_setup_teardown(test_estimates_from_distinct, setup,
                                        ot_teardown),
        cmocka_unit_test_setup_teardown(
            test_local_agg_when_groups_are_most_rows, setup, ot_teardown),
        cmocka_unit_test_setup_teardown(test_local_agg_pushes_when_reducing,
                                        setup, ot_teardown),
        cmocka_unit_test_setup_teardown(test_local_agg_whole_query_pushed,
                                        setup, ot_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
