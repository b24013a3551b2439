/*
 * tests/odbc/test_bulk.c
 *   SQLBulkOperations through the driver manager (schema bk in ordersdb,
 *   dropped before and after): SQL_ADD inserts the rowset bound in the
 *   ARD (column-wise and row-wise, NULLs, SQL_ROW_IGNORE rows skipped)
 *   into the table of the open result set, fills the row status array
 *   with SQL_ROW_ADDED and is one write (a failing row adds nothing,
 *   SQL_ROW_ERROR); the cursor stays read-only (another concurrency
 *   becomes read-only with 01S02, and SQL_ADD runs on it); a bound
 *   expression column is HYC00; the bookmark operations are HYC00.
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

static ou_conn conn;

static void run(const char *sql)
{
    SQLHSTMT st;
    SQLAllocHandle(SQL_HANDLE_STMT, conn.dbc, &st);
    SQLRETURN rc = SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS);
    if (!SQL_SUCCEEDED(rc)) {
        ou_diag d;
        ou_last_diag(SQL_HANDLE_STMT, st, &d);
        fprintf(stderr, "%s\n  -> %s %s\n", sql, d.sqlstate, d.message);
    }
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    assert_true(SQL_SUCCEEDED(rc));
}

/* Rows of sql as "a|b;c|d" (NULL as ~); malloc'ed. */
static char *rows(const char *sql)
{
    SQLHSTMT st = SQL_NULL_HSTMT;
    ou_result r;
    ou_diag d;
    assert_true(SQL_SUCCEEDED(ou_query(&conn, &st, sql, &r, &d)));
    char *out = calloc(1, 4096);
    size_t len = 0;
    for (int i = 0; i < r.nrows; i++)
        for (int c = 0; c < r.ncols; c++) {
            const char *v = r.cells[i * r.ncols + c];
            len += (size_t)snprintf(out + len, 4096 - len, "%s%s",
                                    v ? v : "~",
                                    c + 1 < r.ncols ? "|"
                                    : i + 1 < r.nrows ? ";" : "");
        }
    ou_result_free(&r);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    return out;
}

static void rows_are(const char *sql, const char *want)
{
    char *got = rows(sql);
    if (strcmp(got, want))
        fprintf(stderr, "%s\n  got:  %s\n  want: %s\n", sql, got, want);
    assert_string_equal(got, want);
    free(got);
}

static void expect_state(SQLHSTMT st, SQLRETURN rc, const char *state)
{
    ou_diag d;
    assert_int_equal(rc, SQL_ERROR);
    ou_last_diag(SQL_HANDLE_STMT, st, &d);
    if (strcmp(d.sqlstate, state))
        fprintf(stderr, "want %s, got %s %s\n", state, d.sqlstate, d.message);
    assert_string_equal(d.sqlstate, state);
}

static int setup(void **state)
{
    (void)state;
    ou_diag d;
    if (!SQL_SUCCEEDED(ou_connect(&conn, OU_DSN, &d))) {
        fprintf(stderr, "connect: %s %s\n", d.sqlstate, d.message);
        return -1;
    }
    SQLHSTMT st;
    SQLAllocHandle(SQL_HANDLE_STMT, conn.dbc, &st);
    SQLExecDirect(st, (SQLCHAR *)"drop schema if exists ordersdb.bk cascade",
                  SQL_NTS);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    run("create schema ordersdb.bk");
    run("create table ordersdb.bk.t (id integer, name varchar(5), "
        "amt decimal(6,2))");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    SQLHSTMT st;
    SQLAllocHandle(SQL_HANDLE_STMT, conn.dbc, &st);
    SQLExecDirect(st, (SQLCHAR *)"drop schema if exists ordersdb.bk cascade",
                  SQL_NTS);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    ou_disconnect(&conn);
    return 0;
}

/* A statement over bk.t with a rowset of n. */
static SQLHSTMT open_cursor(const char *sql, SQLULEN n, SQLUSMALLINT *status)
{
    SQLHSTMT st;
    SQLAllocHandle(SQL_HANDLE_STMT, conn.dbc, &st);
    SQLSetStmtAttr(st, SQL_ATTR_ROW_ARRAY_SIZE, (SQLPOINTER)n, 0);
    SQLSetStmtAttr(st, SQL_ATTR_ROW_STATUS_PTR, status, 0);
    assert_true(SQL_SUCCEEDED(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS)));
    return st;
}

/* Column-wise: three rows, one with a NULL name; status SQL_ROW_ADDED. */
static void test_add_columnwise(void **state)
{
    (void)state;
    SQLUSMALLINT status[3] = {99, 99, 99};
    SQLHSTMT st = open_cursor("select id, name from ordersdb.bk.t", 3, status);
    SQLINTEGER ids[3] = {1, 2, 3};
    char names[3][8] = {"a", "bb", ""};
    SQLLEN iind[3] = {0, 0, 0}, nind[3] = {SQL_NTS, 2, SQL_NULL_DATA};
    SQLBindCol(st, 1, SQL_C_SLONG, ids, 0, iind);
    SQLBindCol(st, 2, SQL_C_CHAR, names, sizeof names[0], nind);
    SQLRETURN rc = SQLBulkOperations(st, SQL_ADD);
    if (!SQL_SUCCEEDED(rc)) {
        ou_diag d;
        ou_last_diag(SQL_HANDLE_STMT, st, &d);
        fprintf(stderr, "SQL_ADD: %s %s\n", d.sqlstate, d.message);
    }
    assert_int_equal(rc, SQL_SUCCESS);
    for (int i = 0; i < 3; i++)
        assert_int_equal(status[i], SQL_ROW_ADDED);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    rows_are("select id, name, amt from ordersdb.bk.t order by id",
             "1|a|~;2|bb|~;3|~|~");
}

/* Row-wise, with an SQL_ROW_IGNORE row, a decimal given as text. */
static void test_add_rowwise(void **state)
{
    (void)state;
    struct row {
        SQLINTEGER id;
        SQLLEN idl;
        char amt[12];
        SQLLEN amtl;
    } r[3] = {{10, 0, "1.25", SQL_NTS}, {11, 0, "2.50", SQL_NTS},
              {12, 0, "3.75", SQL_NTS}};
    SQLUSMALLINT status[3] = {99, 99, 99};
    SQLUSMALLINT ops[3] = {SQL_ROW_PROCEED, SQL_ROW_IGNORE, SQL_ROW_PROCEED};
    SQLHSTMT st = open_cursor("select amt, id from ordersdb.bk.t where id > 9",
                              3, status);
    SQLSetStmtAttr(st, SQL_ATTR_ROW_BIND_TYPE, (SQLPOINTER)sizeof r[0], 0);
    SQLSetStmtAttr(st, SQL_ATTR_ROW_OPERATION_PTR, ops, 0);
    SQLBindCol(st, 1, SQL_C_CHAR, r[0].amt, sizeof r[0].amt, &r[0].amtl);
    SQLBindCol(st, 2, SQL_C_SLONG, &r[0].id, 0, &r[0].idl);
    assert_int_equal(SQLBulkOperations(st, SQL_ADD), SQL_SUCCESS);
    assert_int_equal(status[0], SQL_ROW_ADDED);
    assert_int_equal(status[1], 99);
    assert_int_equal(status[2], SQL_ROW_ADDED);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    rows_are("select id, amt from ordersdb.bk.t where id > 9 order by id",
             "10|1.25;12|3.75");
}

/* A value the table refuses: nothing is added, every row SQL_ROW_ERROR. */
static void test_add_all_or_none(void **state)
{
    (void)state;
    SQLUSMALLINT status[2] = {99, 99};
    SQLHSTMT st = open_cursor("select id, name from ordersdb.bk.t", 2, status);
    SQLINTEGER ids[2] = {20, 21};
    char names[2][16] = {"ok", "far too long"};
    SQLLEN iind[2] = {0, 0}, nind[2] = {SQL_NTS, SQL_NTS};
    SQLBindCol(st, 1, SQL_C_SLONG, ids, 0, iind);
    SQLBindCol(st, 2, SQL_C_CHAR, names, sizeof names[0], nind);
    assert_int_equal(SQLBulkOperations(st, SQL_ADD), SQL_ERROR);
    assert_int_equal(status[0], SQL_ROW_ERROR);
    assert_int_equal(status[1], SQL_ROW_ERROR);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    rows_are("select count(*) from ordersdb.bk.t where id >= 20", "0");
}

/* Refusals: expression column, bookmark operations, no result set; the
 * concurrency stays read-only and SQL_ADD still runs. */
static void test_refusals(void **state)
{
    (void)state;
    SQLHSTMT st;
    SQLINTEGER v = 30;
    SQLLEN ind = 0;
    SQLAllocHandle(SQL_HANDLE_STMT, conn.dbc, &st);
    assert_int_equal(SQLSetStmtAttr(st, SQL_ATTR_CONCURRENCY,
                                    (SQLPOINTER)SQL_CONCUR_VALUES, 0),
                     SQL_SUCCESS_WITH_INFO);
    SQLULEN c = 99;
    SQLGetStmtAttr(st, SQL_ATTR_CONCURRENCY, &c, 0, NULL);
    assert_int_equal(c, SQL_CONCUR_READ_ONLY);
    assert_true(SQL_SUCCEEDED(SQLExecDirect(st, (SQLCHAR *)
        "select id from ordersdb.bk.t where id = 30", SQL_NTS)));
    SQLBindCol(st, 1, SQL_C_SLONG, &v, 0, &ind);
    assert_int_equal(SQLBulkOperations(st, SQL_ADD), SQL_SUCCESS);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    /* no result set: nothing to add to */
    SQLAllocHandle(SQL_HANDLE_STMT, conn.dbc, &st);
    assert_true(SQL_SUCCEEDED(SQLExecDirect(st, (SQLCHAR *)
        "create table if not exists ordersdb.bk.t (id integer)", SQL_NTS)));
    assert_int_equal(SQLBulkOperations(st, SQL_ADD), SQL_ERROR);
    SQLFreeHandle(SQL_HANDLE_STMT, st);

    SQLUSMALLINT status[1];
    st = open_cursor("select id, id + 1 from ordersdb.bk.t", 1, status);
    SQLBindCol(st, 2, SQL_C_SLONG, &v, 0, &ind);
    expect_state(st, SQLBulkOperations(st, SQL_ADD), "HYC00");
    expect_state(st, SQLBulkOperations(st, SQL_UPDATE_BY_BOOKMARK), "HYC00");
    expect_state(st, SQLBulkOperations(st, SQL_DELETE_BY_BOOKMARK), "HYC00");
    expect_state(st, SQLBulkOperations(st, SQL_FETCH_BY_BOOKMARK), "HYC00");
    SQLFreeHandle(SQL_HANDLE_STMT, st);

    rows_are("select count(*) from ordersdb.bk.t", "6");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_add_columnwise),
        cmocka_unit_test(test_add_rowwise),
        cmocka_unit_test(test_add_all_or_none),
        cmocka_unit_test(test_refusals),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
