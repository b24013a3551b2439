/*
 * tests/odbc/test_governance.c
 *   Governance through the catalog file: `tables =` and `schemas =`
 *   allow-lists hide everything else from queries (42501 naming the
 *   object), from SHOW, from system.jdbc and from SQLTables/SQLColumns;
 *   `read_only = true` is accepted.
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
    ou_conn mesh, ref;
    SQLHSTMT ms, rs;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    char path[4096], body[2048], cs[4200], refcs[1024];
    ou_diag d;
    ou_result r;
    const char *dir = getenv("MESH_TEST_DIR");

    /* a second table in customersdb, outside the allow-list */
    snprintf(refcs, sizeof refcs,
             "Driver=/usr/lib/x86_64-linux-gnu/odbc/psqlodbcw.so;Servername=127.0.0.1;Port=%s;"
             "Database=postgres;UID=postgres;PWD=postgres;", getenv("MESH_PORT_CUSTOMERSDB"));
    if (!SQL_SUCCEEDED(ou_connect(&f->ref, refcs, &d)))
        return -1;
    f->rs = SQL_NULL_HSTMT;
    ou_query(&f->ref, &f->rs, "drop table if exists public.secret", &r, &d);
    ou_result_free(&r);
    if (!SQL_SUCCEEDED(ou_query(&f->ref, &f->rs, "create table public.secret(id int, pin text)", &r, &d)))
        return -1;
    ou_result_free(&r);
    ou_query(&f->ref, &f->rs, "insert into public.secret values (1, '1234')", &r, &d);
    ou_result_free(&r);

    snprintf(body, sizeof body,
             "[customersdb]\nconnector = postgresql\nhost = 127.0.0.1\nport = %s\n"
             "dbname = postgres\nuser = postgres\npassword = postgres\n"
             "tables = public.customers\nread_only = true\n\n"
             "[ordersdb]\nconnector = postgresql\nhost = 127.0.0.1\nport = %s\n"
             "dbname = postgres\nuser = postgres\npassword = postgres\n"
             "schemas = sales\n",
             getenv("MESH_PORT_CUSTOMERSDB"), getenv("MESH_PORT_ORDERSDB"));
    snprintf(path, sizeof path, "%s/governed.ini", dir);
    FILE *fp = fopen(path, "w");
    if (!fp)
        return -1;
    fputs(body, fp);
    fclose(fp);
    snprintf(cs, sizeof cs, "Driver=MeshODBC;Catalogs=%s", path);
    if (!SQL_SUCCEEDED(ou_connect(&f->mesh, cs, &d))) {
        fprintf(stderr, "connect: %s %s\n", d.sqlstate, d.message);
        return -1;
    }
    f->ms = SQL_NULL_HSTMT;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    ou_result r;
    ou_diag d;
    ou_query(&f->ref, &f->rs, "drop table if exists public.secret", &r, &d);
    ou_result_free(&r);
    SQLFreeHandle(SQL_HANDLE_STMT, f->rs);
    SQLFreeHandle(SQL_HANDLE_STMT, f->ms);
    ou_disconnect(&f->ref);
    ou_disconnect(&f->mesh);
    free(f);
    return 0;
}

static void expect_denied(fixture *f, const char *sql, const char *name)
{
    ou_result r;
    ou_diag d;
    SQLRETURN rc = ou_query(&f->mesh, &f->ms, sql, &r, &d);
    ou_result_free(&r);
    assert_int_equal(rc, SQL_ERROR);
    assert_string_equal(d.sqlstate, "42501");
    if (!strstr(d.message, name))
        fprintf(stderr, "message does not name %s: %s\n", name, d.message);
    assert_non_null(strstr(d.message, name));
}

static void test_allowed_table_works(void **state)
{
    fixture *f = *state;
    ou_result r;
    ou_diag d;
    assert_true(SQL_SUCCEEDED(ou_query(&f->mesh, &f->ms,
        "select count(*) from customersdb.public.customers", &r, &d)));
    assert_string_equal(r.cells[0], "100");
    ou_result_free(&r);
}

static void test_hidden_objects_denied(void **state)
{
    fixture *f = *state;
    expect_denied(f, "select * from customersdb.public.secret", "customersdb.public.secret");
    expect_denied(f, "select count(*) from ordersdb.public.orders", "ordersdb.public.orders");
    /* the handle stays usable */
    test_allowed_table_works(state);
}

static void test_hidden_from_listings(void **state)
{
    fixture *f = *state;
    ou_result r;
    ou_diag d;
    assert_true(SQL_SUCCEEDED(ou_query(&f->mesh, &f->ms, "show tables from customersdb.public", &r, &d)));
    assert_int_equal(r.nrows, 1);
    assert_string_equal(r.cells[0], "customers");
    ou_result_free(&r);
    assert_true(SQL_SUCCEEDED(ou_query(&f->mesh, &f->ms, "show schemas from ordersdb", &r, &d)));
    assert_int_equal(r.nrows, 0);
    ou_result_free(&r);
    assert_true(SQL_SUCCEEDED(ou_query(&f->mesh, &f->ms,
        "select table_cat, table_schem, table_name from system.jdbc.tables "
        "where table_cat <> 'system' order by 1, 2, 3", &r, &d)));
    assert_int_equal(r.nrows, 1);
    assert_string_equal(r.cells[2], "customers");
    ou_result_free(&r);
    assert_true(SQL_SUCCEEDED(ou_query(&f->mesh, &f->ms,
        "select count(*) from system.jdbc.columns where table_name = 'secret'", &r, &d)));
    assert_string_equal(r.cells[0], "0");
    ou_result_free(&r);
}

static void test_sqltables_hides(void **state)
{
    fixture *f = *state;
    SQLHSTMT st;
    char name[256];
    SQLLEN ind;
    int n = 0, secret = 0;
    SQLAllocHandle(SQL_HANDLE_STMT, f->mesh.dbc, &st);
    SQLRETURN rc = SQLTables(st, (SQLCHAR *)"customersdb", SQL_NTS, (SQLCHAR *)"%", SQL_NTS,
                             (SQLCHAR *)"%", SQL_NTS, NULL, 0);
    assert_true(SQL_SUCCEEDED(rc));
    while (SQL_SUCCEEDED(SQLFetch(st))) {
        SQLGetData(st, 3, SQL_C_CHAR, name, sizeof name, &ind);
        n++;
        secret += !strcmp(name, "secret");
    }
    assert_int_equal(n, 1);
    assert_int_equal(secret, 0);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_allowed_table_works),
        cmocka_unit_test(test_hidden_objects_denied),
        cmocka_unit_test(test_hidden_from_listings),
        cmocka_unit_test(test_sqltables_hides),
    };
    return cmocka_run_group_tests_name("odbc_governance", tests, setup, teardown);
}
