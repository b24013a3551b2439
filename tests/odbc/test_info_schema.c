/*
 * tests/odbc/test_info_schema.c
 *   Every catalog's information_schema (schemata, tables, columns, views,
 *   as Trino has them) and system.metadata.table_comments, through the
 *   driver manager: what dbt-trino's macros read. Also the CREATE VIEW
 *   forms dbt writes: SECURITY DEFINER, computed integer columns.
 * Checks: exact rows for a table and a view created here (types in
 *   Trino's spelling, nullability, BASE TABLE vs VIEW), information_schema
 *   listing itself, one catalog per information_schema (a catalog that is
 *   down fails only its own, naming it), allow-lists hide rows, unknown
 *   tables 42S02, writes 42501, the join shape of dbt docs generate.
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
    ou_conn mesh;
    SQLHSTMT st;
} fixture;

/* Runs sql and fails the test unless it succeeds; result in *r. */
static void ok(fixture *f, const char *sql, ou_result *r)
{
    ou_diag d;
    SQLRETURN rc = ou_query(&f->mesh, &f->st, sql, r, &d);
    if (!SQL_SUCCEEDED(rc))
        fprintf(stderr, "%s\n  -> %s %s\n", sql, d.sqlstate, d.message);
    assert_true(SQL_SUCCEEDED(rc));
}

/* Runs a statement without a result set; fails the test unless it
 * succeeds. */
static void run(fixture *f, const char *sql)
{
    SQLHSTMT st;
    ou_diag d;
    assert_true(SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, f->mesh.dbc, &st)));
    SQLRETURN rc = SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS);
    if (!SQL_SUCCEEDED(rc) && rc != SQL_NO_DATA) {
        ou_last_diag(SQL_HANDLE_STMT, st, &d);
        fprintf(stderr, "%s\n  -> %s %s\n", sql, d.sqlstate, d.message);
    }
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    assert_true(SQL_SUCCEEDED(rc) || rc == SQL_NO_DATA);
}

/* sql must fail with state, its message containing needle. */
static void fails(fixture *f, const char *sql, const char *state,
                  const char *needle)
{
    ou_result r;
    ou_diag d;
    SQLRETURN rc = ou_query(&f->mesh, &f->st, sql, &r, &d);
    ou_result_free(&r);
    assert_int_equal(rc, SQL_ERROR);
    if (strcmp(d.sqlstate, state) || !strstr(d.message, needle))
        fprintf(stderr, "%s\n  -> %s %s (expected %s, '%s')\n", sql,
                d.sqlstate, d.message, state, needle);
    assert_string_equal(d.sqlstate, state);
    assert_non_null(strstr(d.message, needle));
}

/* The rows of r, cells joined by ',' (NULL as "-") and rows by ';'. */
static char *flat(const ou_result *r)
{
    size_t cap = 64;
    for (int i = 0; i < r->nrows * r->ncols; i++)
        cap += (r->cells[i] ? strlen(r->cells[i]) : 1) + 1;
    char *s = calloc(1, cap), *p = s;
    for (int i = 0; i < r->nrows; i++)
        for (int j = 0; j < r->ncols; j++) {
            const char *c = r->cells[i * r->ncols + j];
            p += sprintf(p, "%s%s", j ? "," : (i ? ";" : ""), c ? c : "-");
        }
    return s;
}

/* sql's rows, flattened, equal want. */
static void rows(fixture *f, const char *sql, const char *want)
{
    ou_result r;
    ok(f, sql, &r);
    char *got = flat(&r);
    if (strcmp(got, want))
        fprintf(stderr, "%s\n  got      %s\n  expected %s\n", sql, got, want);
    assert_string_equal(got, want);
    free(got);
    ou_result_free(&r);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    ou_diag d;
    if (!f || !SQL_SUCCEEDED(ou_connect(&f->mesh, OU_DSN, &d)))
        return -1;
    f->st = SQL_NULL_HSTMT;
    *state = f;
    run(f, "drop schema if exists ordersdb.info_test cascade");
    run(f, "create schema ordersdb.info_test");
    run(f, "create table ordersdb.info_test.t (id integer not null, "
           "name varchar(10), amount decimal(12,2), day date, big bigint, "
           "score double, ok boolean)");
    run(f, "insert into ordersdb.info_test.t (id, name) values (25, 'a'), (-7, 'b')");
    run(f, "create or replace view ordersdb.info_test.v security definer as "
           "select id, id / 10 as tens, -id % 3 as m, name from ordersdb.info_test.t");
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    run(f, "drop schema if exists ordersdb.info_test cascade");
    SQLFreeHandle(SQL_HANDLE_STMT, f->st);
    ou_disconnect(&f->mesh);
    free(f);
    return 0;
}

static void test_schemata(void **state)
{
    fixture *f = *state;
    /* the catalog's own schemas and information_schema, never the
     * server's pg_catalog or pg_toast */
    rows(f, "select count(*) from ordersdb.information_schema.schemata "
            "where schema_name like 'pg%'", "0");
    rows(f, "select catalog_name, schema_name from ordersdb.information_schema.schemata "
            "where schema_name in ('info_test', 'information_schema', 'public') "
            "order by schema_name",
         "ordersdb,info_test;ordersdb,information_schema;ordersdb,public");
    rows(f, "select count(*) from ordersdb.INFORMATION_SCHEMA.schemata "
            "where schema_name = 'info_test' and catalog_name = 'ordersdb'", "1");
}

static void test_tables(void **state)
{
    fixture *f = *state;
    rows(f, "select table_catalog, table_schema, table_name, table_type, table_comment "
            "from ordersdb.information_schema.tables where table_schema in "
            "('info_test', 'information_schema') or table_name = 'orders' "
            "order by table_schema, table_name",
         "ordersdb,info_test,t,BASE TABLE,-;ordersdb,info_test,v,VIEW,-;"
         "ordersdb,information_schema,columns,BASE TABLE,-;"
         "ordersdb,information_schema,schemata,BASE TABLE,-;"
         "ordersdb,information_schema,tables,BASE TABLE,-;"
         "ordersdb,information_schema,views,BASE TABLE,-;"
         "ordersdb,public,orders,BASE TABLE,-");
    rows(f, "select table_name from customersdb.information_schema.tables "
            "where table_name = 'customers'", "customers");
}

static void test_columns(void **state)
{
    fixture *f = *state;
    rows(f, "select column_name, ordinal_position, column_default, is_nullable, "
            "data_type, comment, extra_info from ordersdb.information_schema.columns "
            "where table_schema = 'info_test' and table_name = 't' order by ordinal_position",
         "id,1,-,NO,integer,-,-;name,2,-,YES,varchar(10),-,-;"
         "amount,3,-,YES,decimal(12,2),-,-;day,4,-,YES,date,-,-;"
         "big,5,-,YES,bigint,-,-;score,6,-,YES,double,-,-;ok,7,-,YES,boolean,-,-");
    rows(f, "select column_name, data_type from ordersdb.information_schema.columns "
            "where table_name = 'v' order by ordinal_position",
         "id,integer;tens,integer;m,integer;name,varchar(10)");
    /* its own columns too, and ordinal_position is a bigint */
    rows(f, "select column_name, ordinal_position + 10000000000 from "
            "system.information_schema.columns where table_schema = 'information_schema' "
            "and table_name = 'schemata' order by 2",
         "catalog_name,10000000001;schema_name,10000000002");
}

static void test_views_and_view_forms(void **state)
{
    fixture *f = *state;
    rows(f, "select table_catalog, table_schema, table_name, view_definition is not null "
            "from ordersdb.information_schema.views", "ordersdb,info_test,v,1");
    /* the computed integer columns run in the catalog with Trino's
     * semantics: truncating division, % with the dividend's sign */
    rows(f, "select id, tens, m, name from ordersdb.info_test.v order by id",
         "-7,0,1,b;25,2,-1,a");
    fails(f, "create view ordersdb.info_test.w security invoker as select id from ordersdb.info_test.t",
          "0A000", "SECURITY INVOKER");
    fails(f, "create view ordersdb.info_test.w as select amount * 2 as a from ordersdb.info_test.t",
          "0A000", "materialized='table'");
    fails(f, "create view ordersdb.info_test.w as select id from customersdb.public.customers",
          "0A000", "materialized='table'");
}

static void test_table_comments_and_docs_join(void **state)
{
    fixture *f = *state;
    rows(f, "select catalog_name, schema_name, table_name, comment from "
            "system.metadata.table_comments where catalog_name = 'ordersdb' "
            "and schema_name in ('info_test') order by table_name",
         "ordersdb,info_test,t,-;ordersdb,info_test,v,-");
    /* the shape of dbt-trino's get_catalog: tables join columns using */
    rows(f, "with tables as (select table_catalog, table_schema, table_name, table_type "
            "from ordersdb.information_schema.tables where table_schema = 'info_test'), "
            "columns as (select table_catalog, table_schema, table_name, column_name, "
            "ordinal_position from ordersdb.information_schema.columns "
            "where table_schema = 'info_test') "
            "select table_name, table_type, count(*) from tables "
            "join columns using (table_catalog, table_schema, table_name) "
            "group by 1, 2 order by 1",
         "t,BASE TABLE,7;v,VIEW,4");
}

static void test_errors(void **state)
{
    fixture *f = *state;
    fails(f, "select * from ordersdb.information_schema.nope", "42S02",
          "ordersdb.information_schema.nope");
    fails(f, "insert into ordersdb.information_schema.schemata values ('a', 'b')",
          "42501", "ordersdb.information_schema");
    fails(f, "drop table ordersdb.information_schema.tables", "42501",
          "ordersdb.information_schema");
    fails(f, "select * from nocat.information_schema.tables", "3D000", "nocat");
}

static void test_catalog_down(void **state)
{
    fixture *f = *state;
    assert_int_equal(ou_cluster("stop-one", "paymentsdb"), 0);
    fails(f, "select count(*) from paymentsdb.information_schema.tables", "08001",
          "paymentsdb");
    /* another catalog's information_schema never contacts paymentsdb */
    rows(f, "select count(*) from ordersdb.information_schema.tables "
            "where table_name = 'orders'", "1");
    assert_int_equal(ou_cluster("start-one", "paymentsdb"), 0);
    rows(f, "select count(*) from paymentsdb.information_schema.tables "
            "where table_name = 'payments'", "1");
}

static void test_allow_lists(void **state)
{
    (void)state;
    char path[4096], cs[4200];
    const char *dir = getenv("MESH_TEST_DIR");
    fixture g = { .st = SQL_NULL_HSTMT };
    ou_diag d;
    snprintf(path, sizeof path, "%s/info_governed.ini", dir);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fprintf(fp, "[ordersdb]\nconnector = postgresql\nhost = 127.0.0.1\nport = %s\n"
                "dbname = postgres\nuser = postgres\npassword = postgres\n"
                "tables = info_test.v\n",
            getenv("MESH_PORT_ORDERSDB"));
    fclose(fp);
    snprintf(cs, sizeof cs, "Driver=MeshODBC;Catalogs=%s", path);
    assert_true(SQL_SUCCEEDED(ou_connect(&g.mesh, cs, &d)));
    rows(&g, "select table_schema, table_name, table_type from ordersdb.information_schema.tables "
             "where table_schema <> 'information_schema' order by 1, 2",
         "info_test,v,VIEW");
    rows(&g, "select count(*) from ordersdb.information_schema.columns where table_name = 't'", "0");
    rows(&g, "select table_name from ordersdb.information_schema.views", "v");
    SQLFreeHandle(SQL_HANDLE_STMT, g.st);
    ou_disconnect(&g.mesh);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_schemata),
        cmocka_unit_test(test_tables),
        cmocka_unit_test(test_columns),
        cmocka_unit_test(test_views_and_view_forms),
        cmocka_unit_test(test_table_comments_and_docs_join),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_catalog_down),
        cmocka_unit_test(test_allow_lists),
    };
    return cmocka_run_group_tests_name("odbc_info_schema", tests, setup, teardown);
}
