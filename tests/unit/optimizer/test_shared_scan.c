/*
 * tests/unit/optimizer/test_shared_scan.c
 *   Rule shared_scan (optimizer/sharedscan.c): scans that send the same
 *   SQL to the same catalog get one share_id (EXPLAIN "shared scan: N
 *   uses"), plain scans and remote subtrees alike; scans of one table
 *   with the same filters but other columns read the union of them and
 *   share it; scans whose SQL differs otherwise (pushed filters, LIMIT)
 *   or waits for a dynamic
 *   filter are left apart; the estimated bytes of the rows decide against
 *   a quarter of the session's memory limit (EXPLAIN "shared scan:
 *   skipped (...)"), with no bound without a limit; a grouped aggregate
 *   rule local_agg left in its catalog comes back over a scan it then
 *   shares when its groups are over a quarter of its rows, and stays
 *   when they are few or the rows are over the bound. Every query also runs
 *   with the rule on and off over the in-memory catalogs: the same rows.
 * Interface: main (cmocka).
 * Not here: the executor's buffer and cursors (tests/unit/exec/
 *   test_spool.c).
 */
#include "opt_test_util.h"

static tc_table *ORDERS, *PAYMENTS;

/* orders in ordersdb (990,000 rows estimated), payments in paymentsdb
 * (1,130,000): the bench's SF=10,000; a few real rows each. */
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
    PAYMENTS = tc_add_table(CATS[1], "public", "payments", 3,
        (tc_colspec[]){ tc_col("id", ENG_T_INTEGER),
                        tc_col("order_id", ENG_T_INTEGER),
                        tc_col("amount", ENG_T_INTEGER) });
    tc_add_row(PAYMENTS, tc_int(1), tc_int(1), tc_int(100));
    tc_add_row(PAYMENTS, tc_int(2), tc_int(1), tc_int(50));
    tc_add_row(PAYMENTS, tc_int(3), tc_int(2), tc_int(7));
    tc_add_row(PAYMENTS, tc_int(10), tc_int(3), tc_null(ENG_T_INTEGER));
    tc_add_row(PAYMENTS, tc_int(11), tc_null(ENG_T_INTEGER), tc_int(9));
    /* joins on the ids: every key distinct, so no dynamic filter */
    tc_set_est_distinct(ORDERS, 0, 990000);
    tc_set_est_distinct(ORDERS, 1, 990000);
    tc_set_est_distinct(PAYMENTS, 0, 1130000);
    tc_set_est_distinct(PAYMENTS, 1, 990000);
    static const char *const names[2] = { "ordersdb", "paymentsdb" };
    return ot_register(names, (const double[2]){ 990000, 1130000 },
                       "paymentsdb");
}

/* EXPLAIN of sql with the rule (same rows as without it). */
static char *plan_of(const char *sql)
{
    char *text;
    ot_both(sql, SESS_OPT_SHARED_SCAN, "shared scan:", true, &text);
    return text;
}

/* Occurrences of s in text. */
static int count_of(const char *text, const char *s)
{
    int n = 0;
    for (const char *p = strstr(text, s); p; p = strstr(p + 1, s))
        n++;
    return n;
}

#define UNION_Q "select id, amount from paymentsdb.public.payments " \
                "union all select id, amount from paymentsdb.public.payments"

/* Two plain scans with one SQL: both marked, two uses. */
static void test_union_all_shared(void **state)
{
    (void)state;
    C->mem_limit = 0;
    char *text = plan_of(UNION_Q);
    assert_int_equal(count_of(text, "shared scan: 2 uses"), 2);
}

/* Three uses of one CTE. */
static void test_three_uses(void **state)
{
    (void)state;
    C->mem_limit = 0;
    char *text = plan_of("with p as (select id, amount from "
                         "paymentsdb.public.payments) select id from p "
                         "union all select amount from p union all "
                         "select id + amount from p");
    if (count_of(text, "shared scan: 3 uses") != 3)
        fail_msg("%s", text);
}

/* Two remote subtrees with one SQL (the same aggregate of orders, few
 * groups, under two LEFT joins with payments): shared. */
static void test_remote_subtrees_shared(void **state)
{
    (void)state;
    C->mem_limit = 0;
    tc_set_est_distinct(ORDERS, 1, 1000);
    char *text = plan_of(
        "select p.id, a.n, b.n from paymentsdb.public.payments p "
        "left join (select user_id, count(*) n from ordersdb.public.orders "
        "group by user_id) a on a.user_id = p.order_id "
        "left join (select user_id, count(*) n from ordersdb.public.orders "
        "group by user_id) b on b.user_id = p.id");
    assert_int_equal(count_of(text, "RemoteQuery[ordersdb] shared scan: 2 "
                                    "uses"), 2);
    tc_set_est_distinct(ORDERS, 1, 990000);
}

/* Other columns, same filters: both read the union of their columns
 * (each under a projection of its own) and share that read. */
static void test_columns_widened(void **state)
{
    (void)state;
    C->mem_limit = 0;
    char *text = plan_of("select id, amount from paymentsdb.public.payments "
                         "where amount > 5 union all select id, order_id "
                         "from paymentsdb.public.payments where amount > 5");
    if (count_of(text, "columns: id, order_id, amount filters: (#2 > 5) "
                       "shared scan: 2 uses") != 2)
        fail_msg("%s", text);
    /* over the bound, the columns stay as they were, each read apart */
    C->mem_limit = (int64_t)32 << 20;
    C->opt_off = 0;
    text = plan_explain(A, ot_optimize(
        "select id, amount from paymentsdb.public.payments union all "
        "select id, order_id from paymentsdb.public.payments"));
    assert_null(strstr(text, "shared scan"));
    assert_non_null(strstr(text, "columns: id, amount sql"));
    C->mem_limit = 0;
}

/* Other pushed filters, another LIMIT: other SQL, apart. */
static void test_different_sql_apart(void **state)
{
    (void)state;
    C->mem_limit = 0;
    C->opt_off = 0;
    static const char *const qs[] = {
        "select id from paymentsdb.public.payments where amount > 5 "
        "union all select id from paymentsdb.public.payments",
        "(select id from paymentsdb.public.payments limit 2) union all "
        "(select id from paymentsdb.public.payments limit 3)",
    };
    for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
        char *text = plan_explain(A, ot_optimize(qs[i]));
        if (strstr(text, "shared scan"))
            fail_msg("%s:\n%s", qs[i], text);
    }
}

/* A scan whose SQL waits for a dynamic filter is never shared: the
 * probe side of an inner join with few build keys. */
static void test_dynamic_filter_apart(void **state)
{
    (void)state;
    C->mem_limit = 0;
    C->opt_off = 0;
    char *text = plan_explain(A, ot_optimize(
        "select p.id, o.user_id from paymentsdb.public.payments p "
        "join (select id, user_id from ordersdb.public.orders where "
        "user_id = 10) o on p.order_id = o.id "
        "union all select id, amount from paymentsdb.public.payments"));
    assert_non_null(strstr(text, "dynamic filters: order_id IN df"));
    assert_null(strstr(text, "shared scan"));
}

/* The estimate against a quarter of the memory limit: 1,130,000 rows of
 * two integers are about 11 MB (5 bytes a value). Under a 64 MB limit
 * shared; under 32 MB (8 MB allowed) skipped, EXPLAIN saying so; no
 * limit at all: shared. */
static void test_bound_by_estimate(void **state)
{
    (void)state;
    C->mem_limit = (int64_t)64 << 20;
    char *text = plan_of(UNION_Q);
    assert_int_equal(count_of(text, "shared scan: 2 uses"), 2);
    C->mem_limit = (int64_t)32 << 20;
    C->opt_off = 0;
    text = plan_explain(A, ot_optimize(UNION_Q));
    assert_int_equal(count_of(text, "shared scan: skipped (2 uses, est. "
                                    "11300000 bytes)"), 2);
    /* the rows are the same either way */
    (void)plan_of(UNION_Q);
    C->mem_limit = 0;
    text = plan_of(UNION_Q);
    assert_int_equal(count_of(text, "shared scan: 2 uses"), 2);
}

/* The customers model's shape: orders grouped by user_id (pushed into
 * ordersdb by rule local_agg's estimates) and orders(id, user_id) joined
 * with payments. */
#define MODEL_Q "select co.user_id, co.n, co.first, cp.total from " \
    "(select user_id, count(id) n, min(status) first from " \
    "ordersdb.public.orders group by user_id) co left join " \
    "(select o.user_id, sum(amount) total from paymentsdb.public.payments p " \
    "left join ordersdb.public.orders o on p.order_id = o.id group by 1) cp " \
    "on co.user_id = cp.user_id"

/* Groups over a quarter of the rows (620,000 of 990,000): the aggregate
 * comes back into the engine over a scan of orders shared with the
 * join's (the union of their columns); the rows are the same. */
static void test_agg_comes_back_to_share(void **state)
{
    (void)state;
    C->mem_limit = 0;
    tc_set_est_distinct(ORDERS, 1, 620000);
    char *text = plan_of(MODEL_Q);
    if (!strstr(text, "local (est. groups: 620000 of 990000 rows)") ||
        count_of(text, "Scan[ordersdb.public.orders] columns: id, user_id, "
                       "status shared scan: 2 uses") != 2 ||
        strstr(text, "RemoteQuery[ordersdb]"))
        fail_msg("%s", text);
    /* with rule shared_scan off, local_agg's own threshold (3/4) keeps
     * the aggregate in ordersdb */
    C->opt_off = SESS_OPT_SHARED_SCAN;
    text = plan_explain(A, ot_optimize(MODEL_Q));
    C->opt_off = 0;
    assert_non_null(strstr(text, "RemoteQuery[ordersdb] sql: SELECT "));
    assert_non_null(strstr(text, "GROUP BY"));
    /* and with local_agg off too */
    C->opt_off = SESS_OPT_LOCAL_AGG;
    text = plan_explain(A, ot_optimize(MODEL_Q));
    C->opt_off = 0;
    assert_non_null(strstr(text, "GROUP BY"));
    assert_null(strstr(text, "shared scan: 2 uses"));
}

/* Few groups (1,000 of 990,000 rows): the catalog's GROUP BY keeps the
 * rows off the wire; it stays there, nothing shared. Over the memory
 * bounds (990,000 rows of three columns, about 39 MB, against 64 MB / 4;
 * groups and rows against the limit / 16): it stays too. */
static void test_agg_stays_by_estimates(void **state)
{
    (void)state;
    C->mem_limit = 0;
    tc_set_est_distinct(ORDERS, 1, 1000);
    char *text = plan_of(MODEL_Q);
    assert_non_null(strstr(text, "GROUP BY"));
    assert_null(strstr(text, "shared scan: 2 uses"));
    tc_set_est_distinct(ORDERS, 1, 620000);
    C->mem_limit = (int64_t)64 << 20;
    C->opt_off = 0;
    text = plan_explain(A, ot_optimize(MODEL_Q));
    assert_non_null(strstr(text, "GROUP BY"));
    assert_null(strstr(text, "shared scan: 2 uses"));
    /* the groups and the rows against a sixteenth of the limit: 620,000
     * groups of two aggregates (57 MB) and the rows (39 MB) are over
     * 1 GiB / 16, within 4 GiB / 16 */
    C->mem_limit = (int64_t)1 << 30;
    text = plan_explain(A, ot_optimize(MODEL_Q));
    assert_non_null(strstr(text, "GROUP BY"));
    C->mem_limit = (int64_t)4 << 30;
    text = plan_explain(A, ot_optimize(MODEL_Q));
    assert_null(strstr(text, "GROUP BY"));
    assert_non_null(strstr(text, "shared scan: 2 uses"));
    C->mem_limit = 0;
    tc_set_est_distinct(ORDERS, 1, 990000);
}

int main(void)
{
    (void)tu_setup;
    (void)tu_teardown;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_union_all_shared),
        cmocka_unit_test(test_three_uses),
        cmocka_unit_test(test_remote_subtrees_shared),
        cmocka_unit_test(test_columns_widened),
        cmocka_unit_test(test_different_sql_apart),
        cmocka_unit_test(test_dynamic_filter_apart),
        cmocka_unit_test(test_bound_by_estimate),
        cmocka_unit_test(test_agg_comes_back_to_share),
        cmocka_unit_test(test_agg_stays_by_estimates),
    };
    return cmocka_run_group_tests(tests, setup, ot_teardown);
}
