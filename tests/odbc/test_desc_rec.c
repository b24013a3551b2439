/*
 * tests/odbc/test_desc_rec.c
 *   SQLSetDescRec through the driver manager: ARD records bind columns
 *   (integer, text, a date by SQL_DATETIME + SQL_CODE_DATE, an interval by
 *   SQL_INTERVAL + its code) and SQLFetch fills them; APD + IPD records
 *   bind parameters (integer, varchar with SQL_NTS); SQLGetDescRec reads
 *   back what was set; the IRD refuses (HY016), record 0 is 07009, an
 *   unknown C type HY021; SQLGetFunctions says yes.
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
OU_CONN_FIXTURE(conn, OU_DSN)

static void expect_state(SQLSMALLINT ht, SQLHANDLE h, SQLRETURN rc,
                         const char *state)
{
    ou_diag d;
    assert_int_equal(rc, SQL_ERROR);
    ou_last_diag(ht, h, &d);
    if (strcmp(d.sqlstate, state))
        fprintf(stderr, "want %s, got %s %s\n", state, d.sqlstate, d.message);
    assert_string_equal(d.sqlstate, state);
}

/* ARD records set whole bind the columns SQLFetch fills. */
static void test_ard(void **state)
{
    (void)state;
    SQLHSTMT st;
    SQLHDESC ard;
    SQLINTEGER i = 0;
    char buf[16] = "";
    SQL_DATE_STRUCT dt = {0};
    SQL_INTERVAL_STRUCT iv;
    SQLLEN ilen = 0, iind = 0, blen = 0, bind = 0, dind = 0, vind = 0;
    memset(&iv, 0, sizeof iv);
    SQLAllocHandle(SQL_HANDLE_STMT, conn.dbc, &st);
    SQLGetStmtAttr(st, SQL_ATTR_APP_ROW_DESC, &ard, 0, NULL);
    assert_int_equal(SQLSetDescRec(ard, 1, SQL_C_SLONG, 0, sizeof i, 0, 0,
                                   &i, &ilen, &iind), SQL_SUCCESS);
    assert_int_equal(SQLSetDescRec(ard, 2, SQL_C_CHAR, 0, sizeof buf, 0, 0,
                                   buf, &blen, &bind), SQL_SUCCESS);
    assert_int_equal(SQLSetDescRec(ard, 3, SQL_DATETIME, SQL_CODE_DATE,
                                   sizeof dt, 0, 0, &dt, NULL, &dind),
                     SQL_SUCCESS);
    assert_int_equal(SQLSetDescRec(ard, 4, SQL_INTERVAL,
                                   SQL_CODE_DAY_TO_SECOND,
                                   sizeof iv, 2, 0, &iv, NULL, &vind),
                     SQL_SUCCESS);
    SQLSMALLINT type = 0, sub = -1, prec = -1, scale = -1, nul;
    SQLLEN len = 0;
    assert_int_equal(SQLGetDescRec(ard, 2, NULL, 0, NULL, &type, &sub, &len,
                                   &prec, &scale, &nul), SQL_SUCCESS);
    assert_int_equal(type, SQL_C_CHAR);
    assert_int_equal(len, sizeof buf);
    assert_int_equal(SQLGetDescRec(ard, 3, NULL, 0, NULL, &type, &sub, &len,
                                   &prec, &scale, &nul), SQL_SUCCESS);
    assert_int_equal(type, SQL_DATETIME);
    assert_int_equal(sub, SQL_CODE_DATE);
    SQLSMALLINT concise = 0;
    SQLGetDescField(ard, 3, SQL_DESC_CONCISE_TYPE, &concise, 0, NULL);
    assert_int_equal(concise, SQL_C_TYPE_DATE);
    SQLGetDescField(ard, 4, SQL_DESC_CONCISE_TYPE, &concise, 0, NULL);
    assert_int_equal(concise, SQL_C_INTERVAL_DAY_TO_SECOND);
    SQLSMALLINT count = 0;
    SQLGetDescField(ard, 0, SQL_DESC_COUNT, &count, 0, NULL);
    assert_int_equal(count, 4);

    assert_true(SQL_SUCCEEDED(SQLExecDirect(st, (SQLCHAR *)
        "select 42, 'abc', DATE '2024-01-07', INTERVAL '3 04:05:06' DAY TO SECOND", SQL_NTS)));
    SQLRETURN rc = SQLFetch(st);
    if (!SQL_SUCCEEDED(rc)) {
        ou_diag d;
        ou_last_diag(SQL_HANDLE_STMT, st, &d);
        fprintf(stderr, "fetch: %s %s\n", d.sqlstate, d.message);
    }
    assert_int_equal(rc, SQL_SUCCESS);
    assert_int_equal(i, 42);
    assert_string_equal(buf, "abc");
    assert_int_equal(blen, 3);     /* the length pointer */
    assert_int_equal(bind, 0);     /* the indicator: not NULL */
    assert_int_equal(dt.year, 2024);
    assert_int_equal(dt.month, 1);
    assert_int_equal(dt.day, 7);
    assert_int_equal(iv.interval_type, SQL_IS_DAY_TO_SECOND);
    assert_int_equal(iv.intval.day_second.day, 3);
    assert_int_equal(iv.intval.day_second.hour, 4);
    assert_int_equal(iv.intval.day_second.second, 6);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

/* APD + IPD records set whole bind the parameters. */
static void test_params(void **state)
{
    (void)state;
    SQLHSTMT st;
    SQLHDESC apd, ipd;
    SQLINTEGER p = 7;
    char name[] = "ab";
    SQLLEN nts = SQL_NTS;
    SQLAllocHandle(SQL_HANDLE_STMT, conn.dbc, &st);
    SQLGetStmtAttr(st, SQL_ATTR_APP_PARAM_DESC, &apd, 0, NULL);
    SQLGetStmtAttr(st, SQL_ATTR_IMP_PARAM_DESC, &ipd, 0, NULL);
    assert_true(SQL_SUCCEEDED(SQLPrepare(st, (SQLCHAR *)
        "select ? + 1, concat(?, 'c')", SQL_NTS)));
    assert_int_equal(SQLSetDescRec(apd, 1, SQL_C_SLONG, 0, 0, 0, 0, &p,
                                   NULL, NULL), SQL_SUCCESS);
    assert_int_equal(SQLSetDescRec(ipd, 1, SQL_INTEGER, 0, 0, 10, 0, NULL,
                                   NULL, NULL), SQL_SUCCESS);
    assert_int_equal(SQLSetDescRec(apd, 2, SQL_C_CHAR, 0, sizeof name, 0, 0,
                                   name, &nts, NULL), SQL_SUCCESS);
    assert_int_equal(SQLSetDescRec(ipd, 2, SQL_VARCHAR, 0, 10, 0, 0, NULL,
                                   NULL, NULL), SQL_SUCCESS);
    SQLSMALLINT type = 0;
    SQLLEN len = 0;
    assert_int_equal(SQLGetDescRec(ipd, 2, NULL, 0, NULL, &type, NULL, &len,
                                   NULL, NULL, NULL), SQL_SUCCESS);
    assert_int_equal(type, SQL_VARCHAR);
    SQLRETURN rc = SQLExecute(st);
    if (!SQL_SUCCEEDED(rc)) {
        ou_diag d;
        ou_last_diag(SQL_HANDLE_STMT, st, &d);
        fprintf(stderr, "execute: %s %s\n", d.sqlstate, d.message);
    }
    assert_true(SQL_SUCCEEDED(rc));
    assert_int_equal(SQLFetch(st), SQL_SUCCESS);
    SQLINTEGER v = 0;
    char out[16] = "";
    SQLGetData(st, 1, SQL_C_SLONG, &v, 0, NULL);
    SQLGetData(st, 2, SQL_C_CHAR, out, sizeof out, NULL);
    assert_int_equal(v, 8);
    assert_string_equal(out, "abc");
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

/* Refusals, and SQLGetFunctions. */
static void test_errors(void **state)
{
    (void)state;
    SQLHSTMT st;
    SQLHDESC ird, ard;
    SQLINTEGER i;
    SQLAllocHandle(SQL_HANDLE_STMT, conn.dbc, &st);
    assert_true(SQL_SUCCEEDED(SQLExecDirect(st, (SQLCHAR *)"select 1",
                                            SQL_NTS)));
    SQLGetStmtAttr(st, SQL_ATTR_IMP_ROW_DESC, &ird, 0, NULL);
    SQLGetStmtAttr(st, SQL_ATTR_APP_ROW_DESC, &ard, 0, NULL);
    expect_state(SQL_HANDLE_DESC, ird,
                 SQLSetDescRec(ird, 1, SQL_C_SLONG, 0, 4, 0, 0, &i, NULL,
                               NULL), "HY016");
    expect_state(SQL_HANDLE_DESC, ard,
                 SQLSetDescRec(ard, 0, SQL_C_SLONG, 0, 4, 0, 0, &i, NULL,
                               NULL), "07009");
    expect_state(SQL_HANDLE_DESC, ard,
                 SQLSetDescRec(ard, 1, 9999, 0, 4, 0, 0, &i, NULL, NULL),
                 "HY021");
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    SQLUSMALLINT yes = SQL_FALSE;
    assert_int_equal(SQLGetFunctions(conn.dbc, SQL_API_SQLSETDESCREC, &yes),
                     SQL_SUCCESS);
    assert_int_equal(yes, SQL_TRUE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ard),
        cmocka_unit_test(test_params),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
