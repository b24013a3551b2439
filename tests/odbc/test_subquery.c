/*
 * tests/odbc/test_subquery.c
 *   Subqueries through the driver manager over the three-catalog mesh:
 *   a scalar subquery that meets two rows fails with 21000 and the same
 *   statement handle runs the next query; a correlated one that runs per
 *   row (apply) and one decorrelated into a join give their values;
 *   EXPLAIN shows the join kinds; parameter markers inside subqueries
 *   (decorrelated and per-row) give what the same text with literals
 *   gives, execution after execution.
 * Interface: main (cmocka).
 * Not here: value-by-value agreement with PostgreSQL
 *   (tests/sql/differential.sql through test_differential.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "odbc_util.h"

/* The only row's only value of sql, run on stmt (text; "NULL" for NULL). */
static void want_one(ou_conn *c, SQLHSTMT *stmt, const char *sql,
                     const char *want)
{
    ou_result r;
    ou_diag d;
    SQLRETURN rc = ou_query(c, stmt, sql, &r, &d);
    if (!SQL_SUCCEEDED(rc))
        fprintf(stderr, "%s: %s %s\n", sql, d.sqlstate, d.message);
    assert_true(SQL_SUCCEEDED(rc));
    assert_int_equal(r.nrows, 1);
    assert_string_equal(r.cells[0] ? r.cells[0] : "NULL", want);
    ou_result_free(&r);
}

static void test_cardinality_error_keeps_handle(void **state)
{
    (void)state;
    ou_conn c;
    ou_diag d;
    ou_result r;
    SQLHSTMT st = SQL_NULL_HSTMT;
    assert_true(SQL_SUCCEEDED(ou_connect(&c, OU_DSN, &d)));
    /* customer 1 has several orders */
    SQLRETURN rc = ou_query(&c, &st, "select c.id, (select o.id from "
                            "ordersdb.public.orders o where o.user_id = c.id) "
                            "from customersdb.public.customers c", &r, &d);
    assert_int_equal(rc, SQL_ERROR);
    assert_string_equal(d.sqlstate, "21000");
    assert_non_null(strstr(d.message, "multiple rows"));
    /* uncorrelated: fails even though it is evaluated once */
    rc = ou_query(&c, &st, "select (select id from ordersdb.public.orders)",
                  &r, &d);
    assert_int_equal(rc, SQL_ERROR);
    assert_string_equal(d.sqlstate, "21000");
    /* the same handle goes on */
    want_one(&c, &st, "select count(*) from customersdb.public.customers c "
             "where exists (select 1 from ordersdb.public.orders o "
             "where o.user_id = c.id)", "62");
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    ou_disconnect(&c);
}

static void test_values(void **state)
{
    (void)state;
    ou_conn c;
    ou_diag d;
    SQLHSTMT st = SQL_NULL_HSTMT;
    assert_true(SQL_SUCCEEDED(ou_connect(&c, OU_DSN, &d)));
    /* per row (LIMIT inside: apply) and decorrelated (aggregate: join) */
    want_one(&c, &st, "select (select o.id from ordersdb.public.orders o where "
             "o.user_id = c.id order by o.id desc limit 1) from "
             "customersdb.public.customers c where c.id = 1", "37");
    want_one(&c, &st, "select (select count(*) from ordersdb.public.orders o "
             "where o.user_id = c.id) from customersdb.public.customers c "
             "where c.id = 4", "0");
    want_one(&c, &st, "select count(*) from customersdb.public.customers where "
             "id not in (select case when user_id > 80 then null else user_id "
             "end from ordersdb.public.orders)", "0");
    want_one(&c, &st, "select count(*) from (values (1, 'a'), (2, null)) "
             "as t(a, b) where b is null", "1");
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    ou_disconnect(&c);
}

static void test_explain_join_kinds(void **state)
{
    (void)state;
    ou_conn c;
    ou_diag d;
    ou_result r;
    SQLHSTMT st = SQL_NULL_HSTMT;
    assert_true(SQL_SUCCEEDED(ou_connect(&c, OU_DSN, &d)));
    assert_true(SQL_SUCCEEDED(ou_query(&c, &st, "explain select id from "
        "customersdb.public.customers c where id in (select user_id from "
        "ordersdb.public.orders) and not exists (select 1 from "
        "paymentsdb.public.payments p where p.order_id = c.id)", &r, &d)));
    assert_int_equal(r.nrows, 1);
    assert_non_null(strstr(r.cells[0], "HashJoin[SEMI]"));
    assert_non_null(strstr(r.cells[0], "HashJoin[ANTI]"));
    ou_result_free(&r);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    ou_disconnect(&c);
}

/* The only value of sql run with its markers bound as text (np of them). */
static char *one_with_params(ou_conn *c, const char *sql, int np,
                             const char *const *vals)
{
    SQLHSTMT st;
    SQLCHAR buf[256];
    SQLLEN ind = 0, lens[8];
    assert_true(np <= 8);
    assert_true(SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, c->dbc, &st)));
    assert_true(SQL_SUCCEEDED(SQLPrepare(st, (SQLCHAR *)sql, SQL_NTS)));
    for (int i = 0; i < np; i++) {
        lens[i] = SQL_NTS;
        assert_true(SQL_SUCCEEDED(SQLBindParameter(
            st, (SQLUSMALLINT)(i + 1), SQL_PARAM_INPUT, SQL_C_CHAR,
            SQL_VARCHAR, 64, 0, (SQLPOINTER)vals[i], 0, &lens[i])));
    }
    SQLRETURN rc = SQLExecute(st);
    if (!SQL_SUCCEEDED(rc)) {
        ou_diag d;
        ou_last_diag(SQL_HANDLE_STMT, st, &d);
        fprintf(stderr, "%s: %s %s\n", sql, d.sqlstate, d.message);
    }
    assert_true(SQL_SUCCEEDED(rc));
    assert_true(SQL_SUCCEEDED(SQLFetch(st)));
    assert_true(SQL_SUCCEEDED(SQLGetData(st, 1, SQL_C_CHAR, buf, sizeof buf,
                                         &ind)));
    char *out = strdup(ind == SQL_NULL_DATA ? "NULL" : (char *)buf);
    assert_int_equal(SQLFetch(st), SQL_NO_DATA);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    return out;
}

static void test_params_in_subqueries(void **state)
{
    (void)state;
    ou_conn c;
    ou_diag d;
    SQLHSTMT st = SQL_NULL_HSTMT;
    assert_true(SQL_SUCCEEDED(ou_connect(&c, OU_DSN, &d)));
    /* decorrelated (semi join): the marker is in the subquery's filter */
    static const char *const statuses[] = { "returned", "completed",
                                            "no such status" };
    for (int i = 0; i < 3; i++) {
        char lit[512];
        snprintf(lit, sizeof lit, "select count(*) from "
                 "customersdb.public.customers c where exists (select 1 "
                 "from ordersdb.public.orders o where o.user_id = c.id and "
                 "o.status = '%s')", statuses[i]);
        ou_result r;
        assert_true(SQL_SUCCEEDED(ou_query(&c, &st, lit, &r, &d)));
        char *got = one_with_params(&c, "select count(*) from "
            "customersdb.public.customers c where exists (select 1 from "
            "ordersdb.public.orders o where o.user_id = c.id and "
            "o.status = ?)", 1, &statuses[i]);
        assert_string_equal(got, r.cells[0]);
        free(got);
        ou_result_free(&r);
    }
    /* per row (apply: LIMIT inside), markers inside and outside */
    const char *v1[] = { "37", "1" };
    char *got = one_with_params(&c, "select (select o.id from "
        "ordersdb.public.orders o where o.user_id = c.id and o.id < ? "
        "order by o.id desc limit 1) from customersdb.public.customers c "
        "where c.id = ?", 2, v1);
    want_one(&c, &st, "select (select o.id from ordersdb.public.orders o "
             "where o.user_id = c.id and o.id < 37 order by o.id desc "
             "limit 1) from customersdb.public.customers c where c.id = 1",
             got);
    free(got);
    /* a scalar subquery compared with a marker */
    const char *v2[] = { "2" };
    got = one_with_params(&c, "select count(*) from "
        "customersdb.public.customers c where (select count(*) from "
        "ordersdb.public.orders o where o.user_id = c.id) >= ?", 1, v2);
    want_one(&c, &st, "select count(*) from customersdb.public.customers c "
             "where (select count(*) from ordersdb.public.orders o where "
             "o.user_id = c.id) >= 2", got);
    free(got);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    ou_disconnect(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cardinality_error_keeps_handle),
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_explain_join_kinds),
        cmocka_unit_test(test_params_in_subqueries),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
