/*
 * tests/odbc/test_explain_analyze.c
 *   EXPLAIN ANALYZE through the driver manager: every operator's rows,
 *   bytes and time, each scan's bytes received from its catalog (exact
 *   for a known COPY stream), one line per catalog with the totals of its
 *   scans, a shared scan's read counted once; and the partial
 *   aggregation rule against the catalogs' real
 *   keys and statistics (never customers by their primary key, where
 *   every group is one row, nor payments by order_id or orders by
 *   user_id, hardly fewer groups than rows; payments by payment_method).
 * Interface: main (cmocka).
 * Not here: the rows that cross the wire for the selective query
 *   (test_differential.c), the rule's exactness (tests/unit/optimizer/
 *   test_partial_agg.c).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "odbc_util.h"

static ou_conn mesh;
static SQLHSTMT st = SQL_NULL_HSTMT;

static int setup(void **state)
{
    (void)state;
    return ou_open(&mesh, OU_DSN);
}

static int teardown(void **state)
{
    (void)state;
    if (st != SQL_NULL_HSTMT)
        SQLFreeHandle(SQL_HANDLE_STMT, st);
    ou_disconnect(&mesh);
    return 0;
}

/* The one-cell text of `explain [analyze] sql` (malloc'ed). */
static char *plan_text(const char *prefix, const char *sql)
{
    char q[2048];
    ou_result r;
    ou_diag d;
    snprintf(q, sizeof q, "%s %s", prefix, sql);
    if (!SQL_SUCCEEDED(ou_query(&mesh, &st, q, &r, &d)))
        fail_msg("%s: %s %s", q, d.sqlstate, d.message);
    assert_int_equal(r.nrows, 1);
    char *t = strdup(r.cells[0]);
    ou_result_free(&r);
    return t;
}

/* Every line of t is an operator with "[rows: ..., bytes: ..., time: ...
 * ms]", a remote subtree's own lines (indented under a RemoteQuery, run
 * by the catalog: no stats) or a Catalog line. Returns the number of
 * Catalog lines. */
static int check_lines(const char *t)
{
    int ncat = 0, remote_depth = -1;
    const char *p = t;
    while (*p) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        char line[8192];
        int depth = 0;
        snprintf(line, sizeof line, "%.*s", (int)len, p);
        while (line[depth] == ' ')
            depth++;
        if (remote_depth >= 0 && depth > remote_depth) {
            assert_null(strstr(line, "[rows:"));
        } else {
            remote_depth = strstr(line, "RemoteQuery[") ? depth : -1;
            if (!strncmp(line, "Catalog ", 8))
                ncat++;
            if (!strstr(line, "[rows: ") || !strstr(line, ", bytes: ") ||
                !strstr(line, " ms]"))
                fail_msg("line without stats: %s", line);
            bool scan = strstr(line, "Scan[") || strstr(line, "RemoteQuery[");
            if (scan != (strstr(line, " from catalog, bytes: ") != NULL))
                fail_msg("scan rows not from catalog: %s", line);
            if ((scan || !strncmp(line, "Catalog ", 8)) &&
                !strstr(line, ", wire: "))
                fail_msg("no wire bytes: %s", line);
        }
        p += len + (e ? 1 : 0);
    }
    return ncat;
}

/* A single scan: 100 integers are 400 bytes in the engine; COPY binary
 * sends a 19-byte header, per row a 2-byte field count, a 4-byte length
 * and the 4-byte value, and a 2-byte trailer: 1021 bytes. */
static void test_scan_bytes(void **state)
{
    (void)state;
    char *t = plan_text("explain analyze",
                        "select id from customersdb.public.customers");
    assert_int_equal(check_lines(t), 1);
    assert_non_null(strstr(t, "[rows: 100 from catalog, bytes: 400B, "
                              "wire: 1021B, time: "));
    assert_non_null(strstr(t, "\nCatalog customersdb: 1 scan [rows: 100, "
                              "bytes: 400B, wire: 1021B, time: "));
    free(t);
}

/* A UNION ALL of one table reads it once (rule shared_scan): both scans
 * say so, the first shows the read (100 rows, its wire bytes), the
 * second its own 100 rows from the buffer and no wire bytes, and the
 * catalog's line counts one scan of 100 rows; with the rule off, two. */
static void test_shared_scan(void **state)
{
    (void)state;
    const char *q = "select id from customersdb.public.customers union all "
                    "select id from customersdb.public.customers";
    char *t = plan_text("explain analyze", q);
    if (!strstr(t, "\nCatalog customersdb: 1 scan [rows: 100, bytes: 400B, "
                   "wire: 1021B, time: "))
        fail_msg("%s", t);
    const char *a = strstr(t, "shared scan: 2 uses");
    assert_non_null(a);
    assert_non_null(strstr(a + 1, "shared scan: 2 uses"));
    assert_non_null(strstr(t, "[rows: 100 from catalog, bytes: 400B, "
                              "wire: 1021B, time: "));
    assert_non_null(strstr(t, "[rows: 100 from catalog, bytes: 400B, "
                              "wire: 0B, time: "));
    free(t);
    t = plan_text("explain analyze", "select id from "
                  "customersdb.public.customers where id < 0 union all "
                  "select id from customersdb.public.customers");
    assert_null(strstr(t, "shared scan"));
    assert_non_null(strstr(t, "\nCatalog customersdb: 2 scans [rows: 100"));
    free(t);
}

/* Three catalogs: a Catalog line each, in the order they appear. */
static void test_three_catalogs(void **state)
{
    (void)state;
    char *t = plan_text("explain analyze",
        "select c.first_name, o.order_date, p.amount "
        "from customersdb.public.customers c "
        "join ordersdb.public.orders o on o.user_id = c.id "
        "join paymentsdb.public.payments p on p.order_id = o.id "
        "where c.id < 10 order by 1, 2, 3");
    assert_int_equal(check_lines(t), 3);
    /* 9 customers pass id < 10; fewer when the plan builds on orders
     * first and its dynamic filter reaches customers (the build side
     * follows the catalogs' estimates, which earlier tests' ANALYZE
     * change) */
    const char *cl = strstr(t, "\nCatalog customersdb: 1 scan [rows: ");
    if (!cl)
        fprintf(stderr, "%s\n", t);
    assert_non_null(cl);
    long crows = strtol(cl + strlen("\nCatalog customersdb: 1 scan [rows: "),
                        NULL, 10);
    assert_true(crows >= 1 && crows <= 9);
    assert_non_null(strstr(t, "\nCatalog ordersdb: 1 scan [rows: "));
    assert_non_null(strstr(t, "\nCatalog paymentsdb: 1 scan [rows: "));
    /* plain EXPLAIN shows none of it */
    char *e = plan_text("explain", "select id from customersdb.public.customers");
    assert_null(strstr(e, "[rows:"));
    assert_null(strstr(e, "Catalog "));
    free(e);
    free(t);
}

/* The customers model over the seed: PostgreSQL's statistics (pg_stats,
 * the loader ANALYZEs) say payments grouped by order_id are most of the
 * payments (99 order ids in 113 rows), so partial aggregation is skipped
 * and EXPLAIN ANALYZE says why; the aggregate runs above the join. */
static void test_customers_model_partial(void **state)
{
    (void)state;
    char *sql = ou_file_sql(ou_srcpath(
        "setup/data/jaffle_shop/customers_federated.sql"));
    char *t = plan_text("explain analyze", sql);
    check_lines(t);
    assert_null(strstr(t, "Aggregate[final]"));
    assert_non_null(strstr(t, "partial: skipped (est. groups: "));
    assert_non_null(strstr(t, " of 113 rows)"));
    free(t);
    free(sql);
}

/* customers.id is the primary key of customers: grouping customers by it
 * gains nothing (no estimate shown: the key decides), and orders grouped
 * by user_id are more than a quarter of the orders by the statistics:
 * neither side is pre-aggregated. Payments grouped by payment_method
 * (4 values in 113 rows) are: the partial aggregate runs in paymentsdb
 * with its estimate in EXPLAIN. */
static void test_unique_side_skipped(void **state)
{
    (void)state;
    char *t = plan_text("explain",
        "select c.first_name, count(*) from customersdb.public.customers c "
        "join ordersdb.public.orders o on o.user_id = c.id group by 1");
    assert_null(strstr(t, "Aggregate[partial]"));
    assert_non_null(strstr(t, "partial: skipped (est. groups: "));
    assert_non_null(strstr(t, " of 99 rows)"));
    free(t);
    t = plan_text("explain",
        "select o.status, count(*), sum(p.amount) from "
        "ordersdb.public.orders o join paymentsdb.public.payments p "
        "on p.payment_method = o.status group by 1");
    const char *r = strstr(t, "RemoteQuery[paymentsdb] sql: ");
    assert_non_null(r);
    assert_non_null(strstr(r, "Aggregate[partial] groups: #0 aggs: "));
    assert_non_null(strstr(r, "est. groups: 4 of 113 rows"));
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scan_bytes),
        cmocka_unit_test(test_three_catalogs),
        cmocka_unit_test(test_shared_scan),
        cmocka_unit_test(test_customers_model_partial),
        cmocka_unit_test(test_unique_side_skipped),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
