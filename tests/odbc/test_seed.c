/*
 * tests/odbc/test_seed.c
 *   The seed's session through the unixODBC driver manager against live
 *   PostgreSQL servers started by tests/pg_cluster.sh: SHOW CATALOGS, the
 *   three counts, both jaffle_shop models compared value by value with the
 *   expected CSVs, and the error cases (syntax, unknown table, catalog
 *   down), each leaving the statement handle usable.
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

typedef struct fixture {
    ou_conn conn;
    SQLHSTMT stmt;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    ou_diag d;
    SQLRETURN rc = ou_connect(&f->conn, OU_DSN, &d);
    if (!SQL_SUCCEEDED(rc)) {
        fprintf(stderr, "connect failed: %s %s\n", d.sqlstate, d.message);
        free(f);
        return -1;
    }
    f->stmt = SQL_NULL_HSTMT;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    if (f->stmt)
        SQLFreeHandle(SQL_HANDLE_STMT, f->stmt);
    ou_disconnect(&f->conn);
    free(f);
    return 0;
}

/* Runs sql and expects success; prints the diagnostic otherwise. */
static void run_ok(fixture *f, const char *sql, ou_result *r)
{
    ou_diag d;
    SQLRETURN rc = ou_query(&f->conn, &f->stmt, sql, r, &d);
    if (!SQL_SUCCEEDED(rc))
        fprintf(stderr, "query failed: %s: %s %s\n", sql, d.sqlstate, d.message);
    assert_true(SQL_SUCCEEDED(rc));
}

static void test_show_catalogs(void **state)
{
    fixture *f = *state;
    ou_result r;
    run_ok(f, "show catalogs", &r);
    assert_int_equal(r.ncols, 1);
    assert_string_equal(r.names[0], "Catalog");
    assert_int_equal(r.nrows, 4);
    assert_string_equal(r.cells[0], "customersdb");
    assert_string_equal(r.cells[1], "ordersdb");
    assert_string_equal(r.cells[2], "paymentsdb");
    assert_string_equal(r.cells[3], "system");
    ou_result_free(&r);
}

static void count_is(fixture *f, const char *table, const char *expect)
{
    char sql[256];
    ou_result r;
    snprintf(sql, sizeof sql, "select count(*) from %s", table);
    run_ok(f, sql, &r);
    assert_int_equal(r.ncols, 1);
    assert_int_equal(r.nrows, 1);
    assert_non_null(r.cells[0]);
    assert_string_equal(r.cells[0], expect);
    ou_result_free(&r);
}

static void test_counts(void **state)
{
    fixture *f = *state;
    count_is(f, "customersdb.public.customers", "100");
    count_is(f, "ordersdb.public.orders", "99");
    count_is(f, "paymentsdb.public.payments", "113");
}

/* Runs a model file and compares every header name and value with the
 * expected CSV (NULL is an empty field there). */
static void compare_model(fixture *f, const char *sqlfile, const char *csvfile)
{
    char sqlpath[4096], csvpath[4096];
    ou_result got, want;

    snprintf(sqlpath, sizeof sqlpath, "%s", ou_srcpath(sqlfile));
    snprintf(csvpath, sizeof csvpath, "%s", ou_srcpath(csvfile));
    char *sql = ou_file_sql(sqlpath);
    assert_non_null(sql);
    assert_int_equal(ou_csv_load(csvpath, &want), 0);
    run_ok(f, sql, &got);
    assert_int_equal(got.ncols, want.ncols);
    for (int c = 0; c < want.ncols; c++)
        assert_string_equal(got.names[c], want.names[c]);
    assert_int_equal(got.nrows, want.nrows);
    for (int i = 0; i < want.nrows * want.ncols; i++) {
        const char *g = got.cells[i], *w = want.cells[i];
        if (!w) {
            if (g)
                fprintf(stderr, "row %d col %s: got '%s', want NULL\n",
                        i / want.ncols + 1, want.names[i % want.ncols], g);
            assert_null(g);
        } else {
            if (!g || strcmp(g, w))
                fprintf(stderr, "row %d col %s: got '%s', want '%s'\n",
                        i / want.ncols + 1, want.names[i % want.ncols],
                        g ? g : "NULL", w);
            assert_non_null(g);
            assert_string_equal(g, w);
        }
    }
    ou_result_free(&got);
    ou_result_free(&want);
    free(sql);
}

static void test_customers_model(void **state)
{
    compare_model(*state, "setup/data/jaffle_shop/customers_federated.sql",
                  "setup/data/jaffle_shop/expected_customers.csv");
}

static void test_orders_model(void **state)
{
    compare_model(*state, "setup/data/jaffle_shop/orders_federated.sql",
                  "setup/data/jaffle_shop/expected_orders.csv");
}

static void test_syntax_error(void **state)
{
    fixture *f = *state;
    ou_result r;
    ou_diag d;
    SQLRETURN rc = ou_query(&f->conn, &f->stmt,
                            "SELECT * FORM customersdb.public.customers", &r, &d);
    assert_int_equal(rc, SQL_ERROR);
    assert_string_equal(d.sqlstate, "42000");
    assert_non_null(strstr(d.message, "line 1:10"));
    assert_non_null(strstr(d.message, "FORM"));
    /* the same handle runs the next statement */
    count_is(f, "customersdb.public.customers", "100");
}

static void test_unknown_table(void **state)
{
    fixture *f = *state;
    ou_result r;
    ou_diag d;
    SQLRETURN rc = ou_query(&f->conn, &f->stmt,
                            "select * from customersdb.public.no_such_table", &r, &d);
    assert_int_equal(rc, SQL_ERROR);
    assert_string_equal(d.sqlstate, "42S02");
    assert_non_null(strstr(d.message, "customersdb.public.no_such_table"));
    count_is(f, "ordersdb.public.orders", "99");
}

static void test_unknown_column(void **state)
{
    fixture *f = *state;
    ou_result r;
    ou_diag d;
    SQLRETURN rc = ou_query(&f->conn, &f->stmt,
                            "select nope from customersdb.public.customers", &r, &d);
    assert_int_equal(rc, SQL_ERROR);
    /* ODBC's SQLSTATE for an unknown column (the engine's 42703) */
    assert_string_equal(d.sqlstate, "42S22");
    assert_non_null(strstr(d.message, "nope"));
}

static void test_catalog_down(void **state)
{
    fixture *f = *state;
    ou_result r;
    ou_diag d;
    ou_conn fresh;

    assert_int_equal(ou_cluster("stop-one", "paymentsdb"), 0);
    SQLRETURN rc = ou_query(&f->conn, &f->stmt,
                            "select count(*) from paymentsdb.public.payments", &r, &d);
    assert_int_equal(rc, SQL_ERROR);
    assert_true(!strcmp(d.sqlstate, "08001") || !strcmp(d.sqlstate, "08S01"));
    assert_non_null(strstr(d.message, "paymentsdb"));
    /* the other catalogs still answer, on this handle and on a new session
     * (catalogs connect lazily: a down catalog does not block connecting) */
    count_is(f, "customersdb.public.customers", "100");
    assert_true(SQL_SUCCEEDED(ou_connect(&fresh, OU_DSN, &d)));
    SQLHSTMT st = SQL_NULL_HSTMT;
    assert_true(SQL_SUCCEEDED(ou_query(&fresh, &st, "select count(*) from ordersdb.public.orders", &r, &d)));
    assert_string_equal(r.cells[0], "99");
    ou_result_free(&r);
    rc = ou_query(&fresh, &st, "select count(*) from paymentsdb.public.payments", &r, &d);
    assert_int_equal(rc, SQL_ERROR);
    assert_string_equal(d.sqlstate, "08001");
    assert_non_null(strstr(d.message, "paymentsdb"));
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    ou_disconnect(&fresh);

    assert_int_equal(ou_cluster("start-one", "paymentsdb"), 0);
    count_is(f, "paymentsdb.public.payments", "113");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_show_catalogs),
        cmocka_unit_test(test_counts),
        cmocka_unit_test(test_customers_model),
        cmocka_unit_test(test_orders_model),
        cmocka_unit_test(test_syntax_error),
        cmocka_unit_test(test_unknown_table),
        cmocka_unit_test(test_unknown_column),
        cmocka_unit_test(test_catalog_down),
    };
    return cmocka_run_group_tests_name("odbc_seed", tests, setup, teardown);
}
