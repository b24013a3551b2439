/*
 * tests/odbc/test_session.c
 *   Session properties through the driver manager: SHOW SESSION's rows and
 *   columns (defaults from the DSN keys Optimizer= and QueryMemoryLimit=),
 *   SET SESSION changing what the next statement's plan does (EXPLAIN
 *   loses the partial aggregate, the dynamic filter) and the memory limit
 *   a query runs under (53200), RESET SESSION returning to the
 *   connection's value, and the errors: unknown property, wrong type,
 *   NULL, a bad size (22023), a value that is not a literal (0A000), a
 *   syntax error (42000).
 * Interface: main (cmocka).
 * Not here: the rules themselves (tests/unit/optimizer/), results with
 *   each rule off (test_differential.c).
 */
#include <stdarg.h>
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
    return ou_open(&mesh, OU_DSN "Optimizer={dynamic_filter=off};"
                   "QueryMemoryLimit=64m;");
}

static int teardown(void **state)
{
    (void)state;
    if (st != SQL_NULL_HSTMT)
        SQLFreeHandle(SQL_HANDLE_STMT, st);
    ou_disconnect(&mesh);
    return 0;
}

/* Runs sql, which must succeed; returns its rows (caller frees). */
static ou_result ok(const char *sql)
{
    ou_result r;
    ou_diag d;
    if (!SQL_SUCCEEDED(ou_query(&mesh, &st, sql, &r, &d)))
        fail_msg("%s: %s %s", sql, d.sqlstate, d.message);
    return r;
}

/* Runs a statement without a result set, which must succeed. */
static void run(const char *sql)
{
    SQLHSTMT h;
    ou_diag d;
    SQLAllocHandle(SQL_HANDLE_STMT, mesh.dbc, &h);
    SQLRETURN rc = SQLExecDirect(h, (SQLCHAR *)sql, SQL_NTS);
    SQLSMALLINT ncols = -1;
    if (SQL_SUCCEEDED(rc))
        SQLNumResultCols(h, &ncols);
    else
        ou_last_diag(SQL_HANDLE_STMT, h, &d);
    SQLFreeHandle(SQL_HANDLE_STMT, h);
    if (!SQL_SUCCEEDED(rc))
        fail_msg("%s: %s %s", sql, d.sqlstate, d.message);
    assert_int_equal(ncols, 0);
}

/* Runs sql, which must fail with state; checks the message holds part. */
static void fails(const char *sql, const char *state, const char *part)
{
    ou_result r;
    ou_diag d;
    if (SQL_SUCCEEDED(ou_query(&mesh, &st, sql, &r, &d))) {
        ou_result_free(&r);
        fail_msg("%s succeeded", sql);
    }
    if (strcmp(d.sqlstate, state) || !strstr(d.message, part))
        fail_msg("%s: got %s %s, want %s ...%s...", sql, d.sqlstate,
                 d.message, state, part);
}

/* The Value (or Default: col 2) of property name in SHOW SESSION. */
static char *prop(const char *name, int col)
{
    ou_result r = ok("show session");
    char *v = NULL;
    assert_int_equal(r.ncols, 5);
    for (int i = 0; i < r.nrows; i++)
        if (!strcmp(r.cells[i * 5], name))
            v = strdup(r.cells[i * 5 + col]);
    ou_result_free(&r);
    assert_non_null(v);
    return v;
}

static void expect_prop(const char *name, const char *value, const char *def)
{
    char *v = prop(name, 1), *d = prop(name, 2);
    if (strcmp(v, value) || strcmp(d, def))
        fail_msg("%s: value %s default %s, want %s / %s", name, v, d, value,
                 def);
    free(v);
    free(d);
}

/* True when EXPLAIN of sql contains part. */
static int explain_has(const char *sql, const char *part)
{
    char buf[2048];
    snprintf(buf, sizeof buf, "explain %s", sql);
    ou_result r = ok(buf);
    int has = r.nrows == 1 && strstr(r.cells[0], part) != NULL;
    ou_result_free(&r);
    return has;
}

static void test_show_session(void **state)
{
    (void)state;
    ou_result r = ok("show session");
    static const char *const cols[5] = { "Name", "Value", "Default", "Type",
                                         "Description" };
    assert_int_equal(r.ncols, 5);
    for (int i = 0; i < 5; i++)
        assert_string_equal(r.names[i], cols[i]);
    assert_int_equal(r.nrows, 16);
    /* sorted by name */
    for (int i = 1; i < r.nrows; i++)
        assert_true(strcmp(r.cells[(i - 1) * 5], r.cells[i * 5]) < 0);
    ou_result_free(&r);
    /* the DSN keys are the defaults */
    expect_prop("dynamic_filter", "false", "false");
    expect_prop("partial_agg", "true", "true");
    expect_prop("query_max_memory", "64MB", "64MB");
    expect_prop("max_recursion_depth", "10", "10");
    expect_prop("sort_pushdown", "true", "true");
    expect_prop("local_agg", "true", "true");
    expect_prop("scan_split", "true", "true");
    expect_prop("scan_split_ranges", "2", "2");
    expect_prop("scan_split_min_pages", "4096", "4096");
    expect_prop("spill", "true", "true");
    expect_prop("spill_directory", "", "");
    expect_prop("shared_scan", "true", "true");
    r = ok("SHOW SESSION LIKE 'p%'");
    assert_int_equal(r.nrows, 2);
    assert_string_equal(r.cells[0], "parallel_scan");
    assert_string_equal(r.cells[5], "partial_agg");
    assert_string_equal(r.cells[8], "boolean");
    ou_result_free(&r);
}

/* payments grouped by payment_method: 4 groups of 113 rows by the
 * statistics, so partial aggregation fires (with every rule on) */
#define AGG_Q "select o.status, sum(p.amount) from paymentsdb.public.payments p " \
              "join ordersdb.public.orders o on p.payment_method = o.status group by 1"
#define SEL_Q "select o.id, p.amount from ordersdb.public.orders o " \
              "join paymentsdb.public.payments p on p.order_id = o.id where o.id = 5"

static void test_set_and_reset_switches(void **state)
{
    (void)state;
    assert_true(explain_has(AGG_Q, "Aggregate[partial]"));
    run("SET SESSION partial_agg = false");
    expect_prop("partial_agg", "false", "true");
    assert_false(explain_has(AGG_Q, "Aggregate[partial]"));
    run("reset session partial_agg");
    expect_prop("partial_agg", "true", "true");
    assert_true(explain_has(AGG_Q, "Aggregate[partial]"));

    /* switched off by the DSN, on for the session, back off on RESET */
    assert_false(explain_has(SEL_Q, "dynamic filter"));
    run("set session dynamic_filter = TRUE");
    assert_true(explain_has(SEL_Q, "dynamic filter"));
    run("reset session dynamic_filter");
    assert_false(explain_has(SEL_Q, "dynamic filter"));

    /* the same results either way */
    ou_result a = ok(AGG_Q " order by 1");
    run("set session remote_subtree = false");
    assert_false(explain_has(AGG_Q, "RemoteQuery"));
    ou_result b = ok(AGG_Q " order by 1");
    assert_int_equal(a.nrows, b.nrows);
    for (int i = 0; i < a.nrows * a.ncols; i++)
        assert_true((!a.cells[i] && !b.cells[i]) ||
                    (a.cells[i] && b.cells[i] &&
                     !strcmp(a.cells[i], b.cells[i])));
    ou_result_free(&a);
    ou_result_free(&b);
    run("reset session remote_subtree");
}

static void test_memory_limit(void **state)
{
    (void)state;
    const char *big = "select count(*) from (select distinct p.id, o.id "
                      "from paymentsdb.public.payments p, "
                      "ordersdb.public.orders o) x";
    ou_result r = ok(big);
    assert_string_equal(r.cells[0], "11187");
    ou_result_free(&r);
    run("set session query_max_memory = '64kB'");
    expect_prop("query_max_memory", "64kB", "64MB");
    fails(big, "53200", "65536 bytes");
    /* the session still runs queries, and the limit comes back */
    run("RESET SESSION query_max_memory");
    r = ok(big);
    assert_string_equal(r.cells[0], "11187");
    ou_result_free(&r);
    run("set session query_max_memory = '0B'");
    expect_prop("query_max_memory", "0B", "64MB");
    run("set session query_max_memory = '2GB'");
    expect_prop("query_max_memory", "2GB", "64MB");
    run("reset session query_max_memory");
}

static void test_errors(void **state)
{
    (void)state;
    fails("set session no_such_thing = true", "22023",
          "Session property 'no_such_thing' does not exist");
    fails("reset session no_such_thing", "22023", "does not exist");
    fails("set session ordersdb.foo = 'x'", "22023",
          "Session property 'ordersdb.foo' does not exist");
    fails("set session join_order = 'off'", "22023", "is boolean");
    fails("set session join_order = 1", "22023", "is boolean");
    fails("set session join_order = null", "22023", "cannot be set to NULL");
    fails("set session query_max_memory = '1.5GB'", "22023", "data size");
    fails("set session query_max_memory = 1024", "22023", "data size");
    fails("set session query_max_memory = 'lots'", "22023", "data size");
    fails("set session join_order = not false", "0A000", "literal");
    fails("set session join_order true", "42000", "");
    /* nothing changed */
    expect_prop("join_order", "true", "true");
    expect_prop("query_max_memory", "64MB", "64MB");
    /* a table may still be called session */
    fails("select session.id from ordersdb.public.session", "42S02",
          "ordersdb.public.session");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_show_session),
        cmocka_unit_test(test_set_and_reset_switches),
        cmocka_unit_test(test_memory_limit),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
