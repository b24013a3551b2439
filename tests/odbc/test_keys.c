/*
 * tests/odbc/test_keys.c
 *   Catalog functions through the driver manager: SQLPrimaryKeys,
 *   SQLForeignKeys, SQLStatistics and SQLSpecialColumns answered from
 *   each catalog's own database (schema kt in ordersdb, made here with
 *   psqlODBC: composite and unique keys, foreign keys with rules and
 *   deferrability, partial, descending and expression indexes; the mesh's
 *   customers key), SQLTables' special cases, patterns, escapes and
 *   SQL_ATTR_METADATA_ID, the declared width of catalog columns, and the
 *   empty but well-formed procedure and privilege results.
 * Interface: main (cmocka).
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

static ou_conn mesh, ref;

/* Runs sql on the reference (psqlODBC on ordersdb); must succeed. */
static void ref_exec(const char *sql)
{
    SQLHSTMT st;
    SQLAllocHandle(SQL_HANDLE_STMT, ref.dbc, &st);
    SQLRETURN rc = SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS);
    if (!SQL_SUCCEEDED(rc) && rc != SQL_NO_DATA) {
        ou_diag d;
        ou_last_diag(SQL_HANDLE_STMT, st, &d);
        fprintf(stderr, "ref: %s\n  -> %s %s\n", sql, d.sqlstate, d.message);
    }
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

static int setup(void **state)
{
    (void)state;
    char refcs[1024];
    ou_diag d;
    snprintf(refcs, sizeof refcs,
             "Driver=/usr/lib/x86_64-linux-gnu/odbc/psqlodbcw.so;"
             "Servername=127.0.0.1;Port=%s;Database=postgres;UID=postgres;"
             "PWD=postgres;", getenv("MESH_PORT_ORDERSDB"));
    if (!SQL_SUCCEEDED(ou_connect(&ref, refcs, &d)) ||
        !SQL_SUCCEEDED(ou_connect(&mesh, OU_DSN, &d))) {
        fprintf(stderr, "connect: %s %s\n", d.sqlstate, d.message);
        return -1;
    }
    ref_exec("drop schema if exists kt cascade");
    ref_exec("create schema kt");
    ref_exec("create table kt.parent (a int, b text, c int, "
             "primary key (a, b), unique (c))");
    ref_exec("create index parent_c_desc on kt.parent (c desc) where c > 0");
    ref_exec("create index parent_lower on kt.parent (lower(b))");
    ref_exec("create table kt.child (id int primary key, pa int, pb text, "
             "pc int, constraint child_parent_fk foreign key (pa, pb) "
             "references kt.parent (a, b) on delete cascade on update "
             "restrict, constraint child_c_fk foreign key (pc) references "
             "kt.parent (c) deferrable initially deferred)");
    ref_exec("create table kt.\"Odd_Name\" (x int primary key)");
    ref_exec("create table kt.odd_name2 (x int)");
    ref_exec("create table kt.oddxname2 (x int)");
    ref_exec("create view kt.v as select a, b from kt.parent");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ref_exec("drop schema if exists kt cascade");
    ou_disconnect(&mesh);
    ou_disconnect(&ref);
    return 0;
}

/* Every row of the open result as "a|b|c\n" text (NULL as "~"),
 * malloc'ed; the statement is closed. */
static char *rows(SQLHSTMT st)
{
    SQLSMALLINT ncols = 0;
    size_t cap = 4096, len = 0;
    char *out = malloc(cap);
    out[0] = '\0';
    SQLNumResultCols(st, &ncols);
    while (SQL_SUCCEEDED(SQLFetch(st))) {
        for (int c = 1; c <= ncols; c++) {
            char v[512];
            SQLLEN ind;
            SQLGetData(st, (SQLUSMALLINT)c, SQL_C_CHAR, v, sizeof v, &ind);
            const char *t = ind == SQL_NULL_DATA ? "~" : v;
            if (len + strlen(t) + 2 >= cap)
                out = realloc(out, cap *= 2);
            len += (size_t)sprintf(out + len, "%s%s", t, c < ncols ? "|" : "\n");
        }
    }
    SQLCloseCursor(st);
    return out;
}

/* Checks the rows of st after rc against want. */
static void expect_rows(SQLHSTMT st, SQLRETURN rc, const char *want)
{
    if (!SQL_SUCCEEDED(rc)) {
        ou_diag d;
        ou_last_diag(SQL_HANDLE_STMT, st, &d);
        fail_msg("catalog call: %s %s", d.sqlstate, d.message);
    }
    char *got = rows(st);
    if (strcmp(got, want))
        fprintf(stderr, "got:\n%swant:\n%s", got, want);
    assert_string_equal(got, want);
    free(got);
}

/* Expects SQL_ERROR with sqlstate. */
static void expect_error(SQLHSTMT st, SQLRETURN rc, const char *state)
{
    ou_diag d;
    memset(&d, 0, sizeof d);
    ou_last_diag(SQL_HANDLE_STMT, st, &d);
    if (rc != SQL_ERROR || strcmp(d.sqlstate, state))
        fprintf(stderr, "rc %d %s %s (want %s)\n", (int)rc, d.sqlstate,
                d.message, state);
    assert_int_equal(rc, SQL_ERROR);
    assert_string_equal(d.sqlstate, state);
}

#define S(x) (SQLCHAR *)(x), SQL_NTS
#define NONE NULL, 0

static SQLHSTMT stmt(void)
{
    SQLHSTMT st;
    assert_true(SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, mesh.dbc, &st)));
    return st;
}

static void test_primary_keys(void **state)
{
    (void)state;
    SQLHSTMT st = stmt();
    expect_rows(st, SQLPrimaryKeys(st, S("customersdb"), S("public"),
                                   S("customers")),
                "customersdb|public|customers|id|1|customers_pkey\n");
    /* no catalog or schema: every catalog is searched */
    expect_rows(st, SQLPrimaryKeys(st, NONE, NONE, S("customers")),
                "customersdb|public|customers|id|1|customers_pkey\n");
    expect_rows(st, SQLPrimaryKeys(st, S("ordersdb"), S("kt"), S("parent")),
                "ordersdb|kt|parent|a|1|parent_pkey\n"
                "ordersdb|kt|parent|b|2|parent_pkey\n");
    expect_rows(st, SQLPrimaryKeys(st, S("ordersdb"), S("kt"), S("Odd_Name")),
                "ordersdb|kt|Odd_Name|x|1|Odd_Name_pkey\n");
    /* ordinary arguments: no patterns, no case folding */
    expect_rows(st, SQLPrimaryKeys(st, S("ordersdb"), S("kt"), S("par%")), "");
    expect_rows(st, SQLPrimaryKeys(st, S("ordersdb"), S("kt"), S("odd_name2")),
                "");
    expect_rows(st, SQLPrimaryKeys(st, S("ordersdb"), S("kt"), S("v")), "");
    expect_rows(st, SQLPrimaryKeys(st, S("nosuch"), S("kt"), S("parent")), "");
    /* the layout */
    SQLCHAR name[64];
    SQLSMALLINT type;
    SQLULEN size;
    assert_true(SQL_SUCCEEDED(SQLPrimaryKeys(st, NONE, NONE, S("customers"))));
    SQLDescribeCol(st, 4, name, sizeof name, NULL, &type, &size, NULL, NULL);
    assert_string_equal((char *)name, "COLUMN_NAME");
    assert_int_equal(size, 128);
    SQLDescribeCol(st, 5, name, sizeof name, NULL, &type, &size, NULL, NULL);
    assert_string_equal((char *)name, "KEY_SEQ");
    assert_int_equal(type, SQL_SMALLINT);
    SQLCloseCursor(st);
    expect_error(st, SQLPrimaryKeys(st, NONE, NONE, NONE), "HY009");
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

static void test_foreign_keys(void **state)
{
    (void)state;
    SQLHSTMT st = stmt();
    /* the keys that reference parent, by FK table then KEY_SEQ; rules:
     * cascade 0, restrict 1, no action 3; initially deferred 5, not
     * deferrable 7 */
    expect_rows(st, SQLForeignKeys(st, S("ordersdb"), S("kt"), S("parent"),
                                   NONE, NONE, NONE),
                "ordersdb|kt|parent|c|ordersdb|kt|child|pc|1|3|3|child_c_fk|parent_c_key|5\n"
                "ordersdb|kt|parent|a|ordersdb|kt|child|pa|1|1|0|child_parent_fk|parent_pkey|7\n"
                "ordersdb|kt|parent|b|ordersdb|kt|child|pb|2|1|0|child_parent_fk|parent_pkey|7\n");
    /* the keys child holds */
    expect_rows(st, SQLForeignKeys(st, NONE, NONE, NONE, S("ordersdb"),
                                   S("kt"), S("child")),
                "ordersdb|kt|parent|c|ordersdb|kt|child|pc|1|3|3|child_c_fk|parent_c_key|5\n"
                "ordersdb|kt|parent|a|ordersdb|kt|child|pa|1|1|0|child_parent_fk|parent_pkey|7\n"
                "ordersdb|kt|parent|b|ordersdb|kt|child|pb|2|1|0|child_parent_fk|parent_pkey|7\n");
    /* both tables */
    expect_rows(st, SQLForeignKeys(st, NONE, NONE, S("parent"), NONE, NONE,
                                   S("child")),
                "ordersdb|kt|parent|c|ordersdb|kt|child|pc|1|3|3|child_c_fk|parent_c_key|5\n"
                "ordersdb|kt|parent|a|ordersdb|kt|child|pa|1|1|0|child_parent_fk|parent_pkey|7\n"
                "ordersdb|kt|parent|b|ordersdb|kt|child|pb|2|1|0|child_parent_fk|parent_pkey|7\n");
    expect_rows(st, SQLForeignKeys(st, NONE, NONE, S("child"), NONE, NONE,
                                   NONE), "");
    expect_rows(st, SQLForeignKeys(st, S("customersdb"), NONE, S("customers"),
                                   NONE, NONE, NONE), "");
    expect_error(st, SQLForeignKeys(st, NONE, NONE, NONE, NONE, NONE, NONE),
                 "HY009");
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

static void test_statistics(void **state)
{
    (void)state;
    SQLHSTMT st = stmt();
    /* unique first, then by name; expression and partial indexes */
    expect_rows(st, SQLStatistics(st, S("ordersdb"), S("kt"), S("parent"),
                                  SQL_INDEX_ALL, SQL_QUICK),
                "ordersdb|kt|parent|0|ordersdb|parent_c_key|3|1|c|A|~|~|~\n"
                "ordersdb|kt|parent|0|ordersdb|parent_pkey|3|1|a|A|~|~|~\n"
                "ordersdb|kt|parent|0|ordersdb|parent_pkey|3|2|b|A|~|~|~\n"
                "ordersdb|kt|parent|1|ordersdb|parent_c_desc|3|1|c|D|~|~|c > 0\n"
                "ordersdb|kt|parent|1|ordersdb|parent_lower|3|1|lower(b)|A|~|~|~\n");
    expect_rows(st, SQLStatistics(st, S("ordersdb"), S("kt"), S("parent"),
                                  SQL_INDEX_UNIQUE, SQL_ENSURE),
                "ordersdb|kt|parent|0|ordersdb|parent_c_key|3|1|c|A|~|~|~\n"
                "ordersdb|kt|parent|0|ordersdb|parent_pkey|3|1|a|A|~|~|~\n"
                "ordersdb|kt|parent|0|ordersdb|parent_pkey|3|2|b|A|~|~|~\n");
    expect_rows(st, SQLStatistics(st, NONE, NONE, S("customers"),
                                  SQL_INDEX_ALL, SQL_QUICK),
                "customersdb|public|customers|0|customersdb|customers_pkey|3|1|id|A|~|~|~\n");
    expect_rows(st, SQLStatistics(st, S("ordersdb"), S("kt"), S("odd_name2"),
                                  SQL_INDEX_ALL, SQL_QUICK), "");
    expect_error(st, SQLStatistics(st, NONE, NONE, S("parent"), 7, SQL_QUICK),
                 "HY100");
    SQLSMALLINT ncols = 0;
    assert_true(SQL_SUCCEEDED(SQLStatistics(st, NONE, NONE, S("parent"),
                                            SQL_INDEX_ALL, SQL_QUICK)));
    SQLNumResultCols(st, &ncols);
    assert_int_equal(ncols, 13);
    SQLCloseCursor(st);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

static void test_special_columns(void **state)
{
    (void)state;
    SQLHSTMT st = stmt();
    char want[256];
    snprintf(want, sizeof want, "2|a|%d|integer|10|4|0|1\n2|b|%d|varchar|",
             SQL_INTEGER, SQL_VARCHAR);
    assert_true(SQL_SUCCEEDED(SQLSpecialColumns(st, SQL_BEST_ROWID,
                                                S("ordersdb"), S("kt"),
                                                S("parent"), SQL_SCOPE_SESSION,
                                                SQL_NO_NULLS)));
    char *got = rows(st);
    if (strncmp(got, want, strlen(want)))
        fprintf(stderr, "got:\n%s\nwant prefix:\n%s\n", got, want);
    assert_int_equal(strncmp(got, want, strlen(want)), 0);
    free(got);
    expect_rows(st, SQLSpecialColumns(st, SQL_BEST_ROWID, NONE, NONE,
                                      S("customers"), SQL_SCOPE_CURROW,
                                      SQL_NULLABLE),
                "2|id|4|integer|10|4|0|1\n");
    /* no key, no row identifier */
    expect_rows(st, SQLSpecialColumns(st, SQL_BEST_ROWID, S("ordersdb"),
                                      S("kt"), S("odd_name2"),
                                      SQL_SCOPE_CURROW, SQL_NULLABLE), "");
    expect_rows(st, SQLSpecialColumns(st, SQL_ROWVER, S("ordersdb"), S("kt"),
                                      S("parent"), SQL_SCOPE_CURROW,
                                      SQL_NULLABLE), "");
    expect_error(st, SQLSpecialColumns(st, 9, NONE, NONE, S("parent"),
                                       SQL_SCOPE_CURROW, SQL_NULLABLE),
                 "HY097");
    SQLSMALLINT ncols = 0;
    assert_true(SQL_SUCCEEDED(SQLSpecialColumns(st, SQL_ROWVER, NONE, NONE,
                                                S("parent"), SQL_SCOPE_CURROW,
                                                SQL_NULLABLE)));
    SQLNumResultCols(st, &ncols);
    assert_int_equal(ncols, 8);
    SQLCloseCursor(st);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

static void test_tables(void **state)
{
    (void)state;
    SQLHSTMT st = stmt();
    /* SQL_ALL_CATALOGS, SQL_ALL_SCHEMAS, SQL_ALL_TABLE_TYPES */
    expect_rows(st, SQLTables(st, S("%"), S(""), S(""), NONE),
                "customersdb|~|~|~|~\nordersdb|~|~|~|~\n"
                "paymentsdb|~|~|~|~\nsystem|~|~|~|~\n");
    assert_true(SQL_SUCCEEDED(SQLTables(st, S(""), S("%"), S(""), NONE)));
    char *got = rows(st);
    assert_non_null(strstr(got, "ordersdb|kt|~|~|~\n"));
    assert_non_null(strstr(got, "customersdb|public|~|~|~\n"));
    free(got);
    expect_rows(st, SQLTables(st, S(""), S(""), S(""), S("%")),
                "~|~|~|TABLE|~\n~|~|~|VIEW|~\n");
    /* TABLE_TYPE is exactly TABLE or VIEW */
    expect_rows(st, SQLTables(st, NONE, S("kt"), S("%"), S("VIEW")),
                "ordersdb|kt|v|VIEW|~\n");
    expect_rows(st, SQLTables(st, NONE, S("kt"), S("%"), S("'VIEW','TABLE'")),
                "ordersdb|kt|Odd_Name|TABLE|~\n"
                "ordersdb|kt|child|TABLE|~\n"
                "ordersdb|kt|odd_name2|TABLE|~\n"
                "ordersdb|kt|oddxname2|TABLE|~\n"
                "ordersdb|kt|parent|TABLE|~\n"
                "ordersdb|kt|v|VIEW|~\n");
    /* patterns: _ and % match, \ escapes them; case-sensitive */
    expect_rows(st, SQLTables(st, NONE, S("kt"), S("odd_name2"), NONE),
                "ordersdb|kt|odd_name2|TABLE|~\n"
                "ordersdb|kt|oddxname2|TABLE|~\n");
    expect_rows(st, SQLTables(st, NONE, S("kt"), S("odd\\_name2"), NONE),
                "ordersdb|kt|odd_name2|TABLE|~\n");
    expect_rows(st, SQLTables(st, NONE, S("k_"), S("%ame%"), NONE),
                "ordersdb|kt|Odd_Name|TABLE|~\n"
                "ordersdb|kt|odd_name2|TABLE|~\n"
                "ordersdb|kt|oddxname2|TABLE|~\n");
    expect_rows(st, SQLTables(st, S("orders%"), S("kt"), S("par%"),
                              S("'TABLE'")),
                "ordersdb|kt|parent|TABLE|~\n");
    expect_rows(st, SQLTables(st, NONE, S("kt"), S("parent"), S("VIEW")), "");
    /* SQL_ATTR_METADATA_ID: identifiers, not patterns; unquoted ones
     * compare without case, quoted ones exactly */
    SQLSetStmtAttr(st, SQL_ATTR_METADATA_ID, (SQLPOINTER)SQL_TRUE, 0);
    expect_rows(st, SQLTables(st, NONE, S("KT"), S("ODD_NAME2"), NONE),
                "ordersdb|kt|odd_name2|TABLE|~\n");
    expect_rows(st, SQLTables(st, NONE, S("kt"), S("\"Odd_Name\""), NONE),
                "ordersdb|kt|Odd_Name|TABLE|~\n");
    expect_rows(st, SQLTables(st, NONE, S("kt"), S("odd%"), NONE), "");
    SQLSetStmtAttr(st, SQL_ATTR_METADATA_ID, (SQLPOINTER)SQL_FALSE, 0);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

/* Character columns of catalog results are identifiers (128). */
static void test_column_sizes(void **state)
{
    (void)state;
    SQLHSTMT st = stmt();
    SQLCHAR name[64];
    SQLSMALLINT type, n = 0;
    SQLULEN size;
    assert_true(SQL_SUCCEEDED(SQLTables(st, NONE, NONE, NONE, NONE)));
    SQLNumResultCols(st, &n);
    assert_int_equal(n, 5);
    for (SQLUSMALLINT c = 1; c <= 5; c++) {
        SQLDescribeCol(st, c, name, sizeof name, NULL, &type, &size, NULL,
                       NULL);
        assert_int_equal(type, SQL_VARCHAR);
        assert_int_equal(size, 128);
    }
    SQLCloseCursor(st);
    assert_true(SQL_SUCCEEDED(SQLColumns(st, S("customersdb"), S("public"),
                                         S("customers"), NONE)));
    SQLDescribeCol(st, 4, name, sizeof name, NULL, &type, &size, NULL, NULL);
    assert_string_equal((char *)name, "COLUMN_NAME");
    assert_int_equal(size, 128);
    SQLDescribeCol(st, 6, name, sizeof name, NULL, &type, &size, NULL, NULL);
    assert_string_equal((char *)name, "TYPE_NAME");
    assert_int_equal(size, 128);
    SQLCloseCursor(st);
    assert_true(SQL_SUCCEEDED(SQLForeignKeys(st, NONE, NONE, S("parent"),
                                             NONE, NONE, NONE)));
    SQLNumResultCols(st, &n);
    assert_int_equal(n, 14);
    for (SQLUSMALLINT c = 1; c <= 8; c++) {
        SQLDescribeCol(st, c, name, sizeof name, NULL, &type, &size, NULL,
                       NULL);
        assert_int_equal(size, 128);
    }
    SQLCloseCursor(st);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

/* CatalogsAsSchemas=1: no catalogs, "catalog.schema" schemas, in the
 * catalog functions, SQLGetInfo and table names of queries. */
static void test_catalogs_as_schemas(void **state)
{
    (void)state;
    ou_conn c;
    ou_diag d;
    SQLHSTMT st;
    if (!SQL_SUCCEEDED(ou_connect(&c, OU_DSN "CatalogsAsSchemas=1;", &d)))
        fail_msg("connect: %s %s", d.sqlstate, d.message);
    SQLAllocHandle(SQL_HANDLE_STMT, c.dbc, &st);
    expect_rows(st, SQLTables(st, S("%"), S(""), S(""), NONE), "");
    assert_true(SQL_SUCCEEDED(SQLTables(st, S(""), S("%"), S(""), NONE)));
    char *got = rows(st);
    assert_non_null(strstr(got, "~|customersdb.public|~|~|~\n"));
    assert_non_null(strstr(got, "~|ordersdb.kt|~|~|~\n"));
    free(got);
    expect_rows(st, SQLTables(st, NONE, S("customersdb.pub%"), S("%"), NONE),
                "~|customersdb.public|customers|TABLE|~\n");
    expect_rows(st, SQLTables(st, NONE, S("%.kt"), S("par%"), NONE),
                "~|ordersdb.kt|parent|TABLE|~\n");
    expect_rows(st, SQLPrimaryKeys(st, NONE, S("customersdb.public"),
                                   S("customers")),
                "~|customersdb.public|customers|id|1|customers_pkey\n");
    expect_rows(st, SQLForeignKeys(st, NONE, S("ordersdb.kt"), S("parent"),
                                   NONE, NONE, NONE),
                "~|ordersdb.kt|parent|c|~|ordersdb.kt|child|pc|1|3|3|child_c_fk|parent_c_key|5\n"
                "~|ordersdb.kt|parent|a|~|ordersdb.kt|child|pa|1|1|0|child_parent_fk|parent_pkey|7\n"
                "~|ordersdb.kt|parent|b|~|ordersdb.kt|child|pb|2|1|0|child_parent_fk|parent_pkey|7\n");
    assert_true(SQL_SUCCEEDED(SQLColumns(st, NONE, S("customersdb.public"),
                                         S("customers"), S("id"))));
    got = rows(st);
    assert_int_equal(strncmp(got, "~|customersdb.public|customers|id|", 34), 0);
    free(got);
    /* the tool then names the table "catalog.schema".table */
    ou_result r;
    assert_true(SQL_SUCCEEDED(ou_query(&c, &st, "select count(*) from "
                                       "\"customersdb.public\".customers",
                                       &r, &d)));
    assert_string_equal(r.cells[0], "100");
    ou_result_free(&r);
    char v[16];
    SQLSMALLINT len;
    SQLGetInfo(c.dbc, SQL_CATALOG_NAME, v, sizeof v, &len);
    assert_string_equal(v, "N");
    SQLUINTEGER usage = 99;
    SQLGetInfo(c.dbc, SQL_CATALOG_USAGE, &usage, sizeof usage, NULL);
    assert_int_equal(usage, 0);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    ou_disconnect(&c);
    /* without the key, the same name is a schema with a dot */
    st = stmt();
    assert_false(SQL_SUCCEEDED(ou_query(&mesh, &st, "select count(*) from "
                                        "\"customersdb.public\".customers",
                                        &r, &d)));
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    assert_false(SQL_SUCCEEDED(ou_connect(&c, OU_DSN "CatalogsAsSchemas=maybe;",
                                          &d)));
    assert_string_equal(d.sqlstate, "08001");
}

/* No procedures or privileges: empty results with ODBC's columns. */
static void test_empty_functions(void **state)
{
    (void)state;
    SQLHSTMT st = stmt();
    SQLSMALLINT n = 0;
    SQLCHAR name[64];
    assert_true(SQL_SUCCEEDED(SQLProcedures(st, NONE, NONE, S("%"))));
    SQLNumResultCols(st, &n);
    assert_int_equal(n, 8);
    SQLDescribeCol(st, 3, name, sizeof name, NULL, NULL, NULL, NULL, NULL);
    assert_string_equal((char *)name, "PROCEDURE_NAME");
    assert_int_equal(SQLFetch(st), SQL_NO_DATA);
    SQLCloseCursor(st);
    assert_true(SQL_SUCCEEDED(SQLProcedureColumns(st, NONE, NONE, S("%"),
                                                  S("%"))));
    SQLNumResultCols(st, &n);
    assert_int_equal(n, 19);
    assert_int_equal(SQLFetch(st), SQL_NO_DATA);
    SQLCloseCursor(st);
    assert_true(SQL_SUCCEEDED(SQLTablePrivileges(st, NONE, NONE, S("%"))));
    SQLNumResultCols(st, &n);
    assert_int_equal(n, 7);
    assert_int_equal(SQLFetch(st), SQL_NO_DATA);
    SQLCloseCursor(st);
    assert_true(SQL_SUCCEEDED(SQLColumnPrivileges(st, NONE, NONE,
                                                  S("customers"), S("%"))));
    SQLNumResultCols(st, &n);
    assert_int_equal(n, 8);
    SQLDescribeCol(st, 7, name, sizeof name, NULL, NULL, NULL, NULL, NULL);
    assert_string_equal((char *)name, "PRIVILEGE");
    assert_int_equal(SQLFetch(st), SQL_NO_DATA);
    SQLCloseCursor(st);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_primary_keys),
        cmocka_unit_test(test_foreign_keys),
        cmocka_unit_test(test_statistics),
        cmocka_unit_test(test_special_columns),
        cmocka_unit_test(test_tables),
        cmocka_unit_test(test_column_sizes),
        cmocka_unit_test(test_empty_functions),
        cmocka_unit_test(test_catalogs_as_schemas),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
