/*
 * tests/odbc/test_odbc_api.c
 *   The ODBC surface of the driver through the unixODBC driver manager,
 *   against the test mesh (DSN jaffle_mesh, env from tests/pg_cluster.sh):
 *   handles and attributes, SQLGetInfo strings and truncation,
 *   SQLGetData in parts with 01004, the diagnostics list and its fields,
 *   rowsets with column-wise binding, conversions, SQLTables, SQLColumns,
 *   SQLGetTypeInfo, cursor-state errors, and a few W entry points.
 * Not here: connection configuration errors (test_connect.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <sql.h>
#include <sqlext.h>
#include <sqlucode.h>

#include "odbc_util.h"

/* Shared connection for the tests (set up once). */
static ou_conn conn;

OU_CONN_FIXTURE(conn, OU_DSN)

/* Allocates a statement on the shared connection. */
static SQLHSTMT new_stmt(void)
{
    return ou_new_stmt(&conn);
}

/* SQLSTATE of record 1 of h. */
static const char *state_of(SQLSMALLINT type, SQLHANDLE h)
{
    return ou_state(type, h, 1);
}

static void test_env_attrs(void **state)
{
    (void)state;
    SQLINTEGER v = 0;
    assert_int_equal(SQLGetEnvAttr(conn.env, SQL_ATTR_ODBC_VERSION, &v, 0,
                                   NULL), SQL_SUCCESS);
    assert_int_equal(v, SQL_OV_ODBC3);
}

static void test_info_strings(void **state)
{
    (void)state;
    char buf[256];
    SQLSMALLINT len = 0;
    assert_int_equal(SQLGetInfo(conn.dbc, SQL_DBMS_NAME, buf, sizeof buf,
                                &len), SQL_SUCCESS);
    assert_string_equal(buf, "MeshODBC");
    assert_int_equal(len, 8);
    SQLGetInfo(conn.dbc, SQL_DRIVER_ODBC_VER, buf, sizeof buf, &len);
    assert_string_equal(buf, "03.80");
    SQLGetInfo(conn.dbc, SQL_IDENTIFIER_QUOTE_CHAR, buf, sizeof buf, &len);
    assert_string_equal(buf, "\"");
    SQLGetInfo(conn.dbc, SQL_CATALOG_NAME_SEPARATOR, buf, sizeof buf, &len);
    assert_string_equal(buf, ".");
    SQLGetInfo(conn.dbc, SQL_DATA_SOURCE_READ_ONLY, buf, sizeof buf, &len);
    assert_string_equal(buf, "N");   /* writes exist */
    SQLGetInfo(conn.dbc, SQL_CATALOG_TERM, buf, sizeof buf, &len);
    assert_string_equal(buf, "catalog");
    /* truncation: SWI + 01004, full length reported */
    char small[4];
    assert_int_equal(SQLGetInfo(conn.dbc, SQL_DBMS_NAME, small, sizeof small,
                                &len), SQL_SUCCESS_WITH_INFO);
    assert_string_equal(small, "Mes");
    assert_int_equal(len, 8);
    assert_string_equal(state_of(SQL_HANDLE_DBC, conn.dbc), "01004");
    SQLUSMALLINT u16 = 0;
    SQLGetInfo(conn.dbc, SQL_TXN_CAPABLE, &u16, sizeof u16, NULL);
    assert_int_equal(u16, SQL_TC_ALL);
    SQLUINTEGER u32 = 0;
    SQLGetInfo(conn.dbc, SQL_GETDATA_EXTENSIONS, &u32, sizeof u32, NULL);
    assert_int_equal(u32, SQL_GD_ANY_COLUMN | SQL_GD_ANY_ORDER |
                          SQL_GD_BOUND);
    /* static cursors: tests/odbc/test_scroll.c */
    SQLGetInfo(conn.dbc, SQL_SCROLL_OPTIONS, &u32, sizeof u32, NULL);
    assert_int_equal(u32, SQL_SO_FORWARD_ONLY | SQL_SO_STATIC);
    assert_int_equal(SQLGetInfo(conn.dbc, 9999, buf, sizeof buf, &len),
                     SQL_ERROR);
    assert_string_equal(state_of(SQL_HANDLE_DBC, conn.dbc), "HY096");
}

static void test_connect_attrs(void **state)
{
    (void)state;
    SQLUINTEGER v = 0;
    assert_int_equal(SQLGetConnectAttr(conn.dbc, SQL_ATTR_AUTOCOMMIT, &v, 0,
                                       NULL), SQL_SUCCESS);
    assert_int_equal(v, SQL_AUTOCOMMIT_ON);
    assert_int_equal(SQLSetConnectAttr(conn.dbc, SQL_ATTR_AUTOCOMMIT,
                                       (SQLPOINTER)SQL_AUTOCOMMIT_OFF, 0),
                     SQL_SUCCESS);
    assert_int_equal(SQLEndTran(SQL_HANDLE_DBC, conn.dbc, SQL_COMMIT),
                     SQL_SUCCESS);
    assert_int_equal(SQLEndTran(SQL_HANDLE_DBC, conn.dbc, SQL_ROLLBACK),
                     SQL_SUCCESS);
    SQLSetConnectAttr(conn.dbc, SQL_ATTR_AUTOCOMMIT,
                      (SQLPOINTER)SQL_AUTOCOMMIT_ON, 0);
    assert_int_equal(SQLSetConnectAttr(conn.dbc, SQL_ATTR_CURRENT_CATALOG,
                                       (SQLPOINTER) "ordersdb", SQL_NTS),
                     SQL_SUCCESS);
    char cat[64];
    SQLINTEGER len = 0;
    assert_int_equal(SQLGetConnectAttr(conn.dbc, SQL_ATTR_CURRENT_CATALOG,
                                       cat, sizeof cat, &len), SQL_SUCCESS);
    assert_string_equal(cat, "ordersdb");
    assert_int_equal(len, 8);
    SQLGetInfo(conn.dbc, SQL_DATABASE_NAME, cat, sizeof cat, NULL);
    assert_string_equal(cat, "ordersdb");
    assert_int_equal(SQLGetConnectAttr(conn.dbc, SQL_ATTR_CONNECTION_DEAD,
                                       &v, 0, NULL), SQL_SUCCESS);
    assert_int_equal(v, SQL_CD_FALSE);
}

static void test_getdata_chunks(void **state)
{
    (void)state;
    SQLHSTMT st = new_stmt();
    assert_true(SQL_SUCCEEDED(SQLExecDirect(st, (SQLCHAR *)
        "select id, first_name from customersdb.public.customers "
        "where id = 1", SQL_NTS)));
    assert_int_equal(SQLFetch(st), SQL_SUCCESS);
    char buf[4];
    SQLLEN ind = 0;
    /* "Michael": 3 bytes + NUL per call */
    assert_int_equal(SQLGetData(st, 2, SQL_C_CHAR, buf, sizeof buf, &ind),
                     SQL_SUCCESS_WITH_INFO);
    assert_string_equal(buf, "Mic");
    assert_int_equal(ind, 7);
    assert_string_equal(state_of(SQL_HANDLE_STMT, st), "01004");
    assert_int_equal(SQLGetData(st, 2, SQL_C_CHAR, buf, sizeof buf, &ind),
                     SQL_SUCCESS_WITH_INFO);
    assert_string_equal(buf, "hae");
    assert_int_equal(ind, 4);
    assert_int_equal(SQLGetData(st, 2, SQL_C_CHAR, buf, sizeof buf, &ind),
                     SQL_SUCCESS);
    assert_string_equal(buf, "l");
    assert_int_equal(ind, 1);
    assert_int_equal(SQLGetData(st, 2, SQL_C_CHAR, buf, sizeof buf, &ind),
                     SQL_NO_DATA);
    /* any order: back to column 1, as a number and as text */
    SQLINTEGER id = 0;
    assert_int_equal(SQLGetData(st, 1, SQL_C_SLONG, &id, 0, &ind),
                     SQL_SUCCESS);
    assert_int_equal(id, 1);
    /* text that is not a number */
    assert_int_equal(SQLGetData(st, 2, SQL_C_SLONG, &id, 0, &ind), SQL_ERROR);
    assert_string_equal(state_of(SQL_HANDLE_STMT, st), "22018");
    assert_int_equal(SQLFetch(st), SQL_NO_DATA);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

static void test_diagnostics(void **state)
{
    (void)state;
    SQLHSTMT st = new_stmt();
    assert_int_equal(SQLExecDirect(st, (SQLCHAR *)
        "select nosuch from customersdb.public.customers", SQL_NTS),
        SQL_ERROR);
    SQLINTEGER n = 0;
    assert_int_equal(SQLGetDiagField(SQL_HANDLE_STMT, st, 0, SQL_DIAG_NUMBER,
                                     &n, 0, NULL), SQL_SUCCESS);
    assert_int_equal(n, 1);
    char buf[512];
    SQLSMALLINT len;
    SQLGetDiagField(SQL_HANDLE_STMT, st, 1, SQL_DIAG_SQLSTATE, buf,
                    sizeof buf, &len);
    assert_string_equal(buf, "42S22");
    SQLGetDiagField(SQL_HANDLE_STMT, st, 1, SQL_DIAG_MESSAGE_TEXT, buf,
                    sizeof buf, &len);
    assert_memory_equal(buf, "[MeshODBC]", 10);
    assert_non_null(strstr(buf, "nosuch"));
    SQLGetDiagField(SQL_HANDLE_STMT, st, 1, SQL_DIAG_CLASS_ORIGIN, buf,
                    sizeof buf, &len);
    assert_string_equal(buf, "ISO 9075");
    SQLGetDiagField(SQL_HANDLE_STMT, st, 1, SQL_DIAG_SUBCLASS_ORIGIN, buf,
                    sizeof buf, &len);
    assert_string_equal(buf, "ODBC 3.0");
    assert_int_equal(SQLGetDiagRec(SQL_HANDLE_STMT, st, 2, (SQLCHAR *)buf,
                                   NULL, NULL, 0, NULL), SQL_NO_DATA);
    /* syntax error keeps the position in its text */
    assert_int_equal(SQLExecDirect(st, (SQLCHAR *)"select from from", SQL_NTS),
                     SQL_ERROR);
    assert_string_equal(state_of(SQL_HANDLE_STMT, st), "42000");
    /* truncated message: SWI with the full length */
    char small[12];
    SQLSMALLINT full = 0;
    assert_int_equal(SQLGetDiagRec(SQL_HANDLE_STMT, st, 1, (SQLCHAR *)buf,
                                   NULL, (SQLCHAR *)small, sizeof small,
                                   &full), SQL_SUCCESS_WITH_INFO);
    assert_int_equal(strlen(small), sizeof small - 1);
    assert_true(full > (SQLSMALLINT)sizeof small);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

static void test_rowset_binding(void **state)
{
    (void)state;
    SQLHSTMT st = new_stmt();
    SQLINTEGER ids[10];
    SQLLEN inds[10];
    SQLUSMALLINT status[10];
    SQLULEN fetched = 0;
    assert_int_equal(SQLSetStmtAttr(st, SQL_ATTR_ROW_ARRAY_SIZE,
                                    (SQLPOINTER)10, 0), SQL_SUCCESS);
    SQLSetStmtAttr(st, SQL_ATTR_ROW_STATUS_PTR, status, 0);
    SQLSetStmtAttr(st, SQL_ATTR_ROWS_FETCHED_PTR, &fetched, 0);
    assert_true(SQL_SUCCEEDED(SQLExecDirect(st, (SQLCHAR *)
        "select id from customersdb.public.customers order by id",
        SQL_NTS)));
    assert_int_equal(SQLBindCol(st, 1, SQL_C_SLONG, ids, 0, inds),
                     SQL_SUCCESS);
    long total = 0, sum = 0;
    SQLRETURN rc;
    while ((rc = SQLFetch(st)) == SQL_SUCCESS) {
        for (SQLULEN i = 0; i < fetched; i++) {
            assert_int_equal(status[i], SQL_ROW_SUCCESS);
            sum += ids[i];
        }
        total += (long)fetched;
    }
    assert_int_equal(rc, SQL_NO_DATA);
    assert_int_equal(total, 100);
    assert_int_equal(sum, 5050);
    /* the descriptor handles are real */
    SQLHDESC ard = NULL;
    assert_int_equal(SQLGetStmtAttr(st, SQL_ATTR_APP_ROW_DESC, &ard, 0, NULL),
                     SQL_SUCCESS);
    SQLULEN size = 0;
    assert_int_equal(SQLGetDescField(ard, 0, SQL_DESC_ARRAY_SIZE, &size, 0,
                                     NULL), SQL_SUCCESS);
    assert_int_equal(size, 10);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

static void test_describe_and_cursor_errors(void **state)
{
    (void)state;
    SQLHSTMT st = new_stmt();
    assert_int_equal(SQLCloseCursor(st), SQL_ERROR);
    assert_string_equal(state_of(SQL_HANDLE_STMT, st), "24000");
    assert_int_equal(SQLPrepare(st, (SQLCHAR *)
        "select id, first_name from customersdb.public.customers", SQL_NTS),
        SQL_SUCCESS);
    SQLSMALLINT ncols = 0, type = 0, digits = 0, nullable = 0, len = 0;
    SQLULEN size = 0;
    char name[64];
    assert_int_equal(SQLNumResultCols(st, &ncols), SQL_SUCCESS);
    assert_int_equal(ncols, 2);
    assert_int_equal(SQLDescribeCol(st, 1, (SQLCHAR *)name, sizeof name, &len,
                                    &type, &size, &digits, &nullable),
                     SQL_SUCCESS);
    assert_string_equal(name, "id");
    assert_int_equal(type, SQL_INTEGER);
    assert_int_equal(size, 10);
    SQLLEN num = 0;
    SQLColAttribute(st, 2, SQL_DESC_TYPE_NAME, name, sizeof name, &len, NULL);
    assert_string_equal(name, "varchar");
    SQLColAttribute(st, 1, SQL_DESC_DISPLAY_SIZE, NULL, 0, NULL, &num);
    assert_int_equal(num, 11);
    SQLColAttribute(st, 2, SQL_DESC_BASE_TABLE_NAME, name, sizeof name, &len,
                    NULL);
    assert_string_equal(name, "customers");
    assert_int_equal(SQLDescribeCol(st, 3, (SQLCHAR *)name, sizeof name, &len,
                                    &type, &size, &digits, &nullable),
                     SQL_ERROR);
    assert_string_equal(state_of(SQL_HANDLE_STMT, st), "07009");
    assert_int_equal(SQLExecute(st), SQL_SUCCESS);
    assert_int_equal(SQLFetchScroll(st, SQL_FETCH_FIRST, 0), SQL_ERROR);
    assert_string_equal(state_of(SQL_HANDLE_STMT, st), "HY106");
    assert_int_equal(SQLCloseCursor(st), SQL_SUCCESS);
    assert_int_equal(SQLFetch(st), SQL_ERROR);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

static void test_tables_and_columns(void **state)
{
    (void)state;
    SQLHSTMT st = new_stmt();
    assert_true(SQL_SUCCEEDED(SQLTables(st, NULL, 0, NULL, 0,
                                        (SQLCHAR *)"customers", SQL_NTS,
                                        (SQLCHAR *)"'TABLE','VIEW'",
                                        SQL_NTS)));
    char cat[64], sch[64], tab[64], typ[64];
    SQLLEN ind;
    assert_int_equal(SQLFetch(st), SQL_SUCCESS);
    SQLGetData(st, 1, SQL_C_CHAR, cat, sizeof cat, &ind);
    SQLGetData(st, 2, SQL_C_CHAR, sch, sizeof sch, &ind);
    SQLGetData(st, 3, SQL_C_CHAR, tab, sizeof tab, &ind);
    SQLGetData(st, 4, SQL_C_CHAR, typ, sizeof typ, &ind);
    assert_string_equal(cat, "customersdb");
    assert_string_equal(sch, "public");
    assert_string_equal(tab, "customers");
    assert_string_equal(typ, "TABLE");
    assert_int_equal(SQLFetch(st), SQL_NO_DATA);
    SQLCloseCursor(st);

    assert_true(SQL_SUCCEEDED(SQLColumns(st, (SQLCHAR *)"customersdb",
                                         SQL_NTS, (SQLCHAR *)"public",
                                         SQL_NTS, (SQLCHAR *)"customers",
                                         SQL_NTS, (SQLCHAR *)"%", SQL_NTS)));
    const char *want[] = {"id", "first_name", "last_name"};
    for (int i = 0; i < 3; i++) {
        char col[64];
        SQLSMALLINT dt = 0;
        assert_int_equal(SQLFetch(st), SQL_SUCCESS);
        SQLGetData(st, 4, SQL_C_CHAR, col, sizeof col, &ind);
        assert_string_equal(col, want[i]);
        SQLGetData(st, 5, SQL_C_SSHORT, &dt, 0, &ind);
        assert_int_equal(dt, i == 0 ? SQL_INTEGER : SQL_VARCHAR);
    }
    assert_int_equal(SQLFetch(st), SQL_NO_DATA);
    SQLCloseCursor(st);

    assert_true(SQL_SUCCEEDED(SQLGetTypeInfo(st, SQL_INTEGER)));
    assert_int_equal(SQLFetch(st), SQL_SUCCESS);
    SQLGetData(st, 1, SQL_C_CHAR, typ, sizeof typ, &ind);
    assert_string_equal(typ, "integer");
    SQLCloseCursor(st);

    assert_true(SQL_SUCCEEDED(SQLPrimaryKeys(st, NULL, 0, NULL, 0,
                                             (SQLCHAR *)"customers",
                                             SQL_NTS)));
    SQLSMALLINT ncols = 0;
    SQLNumResultCols(st, &ncols);
    assert_int_equal(ncols, 6);
    /* the key of customersdb.public.customers (more: test_keys.c) */
    assert_int_equal(SQLFetch(st), SQL_SUCCESS);
    SQLGetData(st, 4, SQL_C_CHAR, typ, sizeof typ, &ind);
    assert_string_equal(typ, "id");
    assert_int_equal(SQLFetch(st), SQL_NO_DATA);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

static void test_wide(void **state)
{
    (void)state;
    SQLHSTMT st = new_stmt();
    SQLWCHAR sql[128];
    const char *q = "select first_name from customersdb.public.customers "
                    "where id = 2";
    size_t i;
    for (i = 0; q[i]; i++)
        sql[i] = (SQLWCHAR)q[i];
    sql[i] = 0;
    assert_true(SQL_SUCCEEDED(SQLExecDirectW(st, sql, SQL_NTS)));
    SQLWCHAR name[32];
    SQLSMALLINT len = 0;
    assert_int_equal(SQLDescribeColW(st, 1, name, 32, &len, NULL, NULL, NULL,
                                     NULL), SQL_SUCCESS);
    assert_int_equal(len, 10);
    assert_int_equal(name[0], 'f');
    assert_int_equal(SQLFetch(st), SQL_SUCCESS);
    SQLWCHAR w[4];
    SQLLEN ind = 0;
    /* "Shawn": 3 characters per call, lengths in bytes */
    assert_int_equal(SQLGetData(st, 1, SQL_C_WCHAR, w, sizeof w, &ind),
                     SQL_SUCCESS_WITH_INFO);
    assert_int_equal(ind, 10);
    assert_int_equal(w[0], 'S');
    assert_int_equal(w[3], 0);
    assert_int_equal(SQLGetData(st, 1, SQL_C_WCHAR, w, sizeof w, &ind),
                     SQL_SUCCESS);
    assert_int_equal(ind, 4);
    assert_int_equal(w[0], 'w');
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

int main(void)
{
    if (!getenv("MESH_TEST_DIR")) {
        fprintf(stderr, "SKIP: MESH_TEST_DIR not set (run via "
                        "run_odbc_tests.sh)\n");
        return 77;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_env_attrs),
        cmocka_unit_test(test_info_strings),
        cmocka_unit_test(test_connect_attrs),
        cmocka_unit_test(test_getdata_chunks),
        cmocka_unit_test(test_diagnostics),
        cmocka_unit_test(test_rowset_binding),
        cmocka_unit_test(test_describe_and_cursor_errors),
        cmocka_unit_test(test_tables_and_columns),
        cmocka_unit_test(test_wide),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
