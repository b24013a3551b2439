/*
 * tests/odbc/test_bound_fetch.c
 *   Bound columns fetched in rowsets through the driver's direct
 *   conversions (driver/fetch.c, fast_fill: integers into SQL_C_SBIGINT /
 *   SQL_C_SLONG, doubles into SQL_C_DOUBLE, varchar and date into
 *   SQL_C_CHAR, NULL into an indicator) against the general conversion's
 *   answers: every value equals its SQLGetData text, and the cases the
 *   direct path leaves to the general one keep their diagnostics (a
 *   string one byte too long: 01004 and the cut text; a date into 10
 *   bytes: 22003, ODBC's rule for dates; NULL without an indicator:
 *   22002; a bigint too large for SQL_C_SLONG: 22003), with separate
 *   indicator and length pointers.
 * Environment: the cluster of tests/pg_cluster.sh (env.sh); the query
 *   reads no table.
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

/* Six rows of (smallint, integer, bigint, double, varchar, date), NULLs
 * in rows 2 and 5; row 4's varchar is 7 bytes. */
static const char *QUERY =
    "select * from (values "
    "(smallint '1', 10, bigint '100', 1.5e0, 'a', date '2024-02-29'), "
    "(smallint '-2', -20, bigint '-9223372036854775808', -2.25e0, '', date '0001-01-01'), "
    "(null, null, null, null, null, null), "
    "(smallint '32767', 2147483647, bigint '9223372036854775807', 1e300, 'seven77', date '9999-12-31'), "
    "(smallint '0', 0, bigint '0', 0e0, 'é', date '1970-01-01'), "
    "(null, 5, null, null, 'x', null)) "
    "t(s, i, b, d, v, dt)";

enum { NROWS = 6, NCOLS = 6, ROWSET = 4, VLEN = 8, DLEN = 11 };

/* Every value as SQLGetData text (NULL for SQL NULL). */
static ou_result reference(void)
{
    ou_result r;
    ou_diag d;
    SQLHSTMT st = SQL_NULL_HSTMT;
    assert_int_equal(ou_query(&conn, &st, QUERY, &r, &d), SQL_SUCCESS);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    assert_int_equal(r.nrows, NROWS);
    return r;
}

static SQLHSTMT run(void)
{
    SQLHSTMT st;
    assert_int_equal(SQLAllocHandle(SQL_HANDLE_STMT, conn.dbc, &st), SQL_SUCCESS);
    assert_true(SQL_SUCCEEDED(SQLExecDirect(st, (SQLCHAR *)QUERY, SQL_NTS)));
    return st;
}

/* Rowsets of 4 through column-wise binding: each value equals the
 * reference text, each NULL is SQL_NULL_DATA. */
static void test_rowsets(void **state)
{
    (void)state;
    ou_result ref = reference();
    SQLHSTMT st = run();
    SQLBIGINT s[ROWSET], b[ROWSET];
    SQLINTEGER i[ROWSET];
    SQLDOUBLE d[ROWSET];
    char v[ROWSET][VLEN + 1], dt[ROWSET][DLEN];
    SQLLEN ind[NCOLS][ROWSET];
    SQLULEN got = 0;
    SQLUSMALLINT status[ROWSET];
    SQLSetStmtAttr(st, SQL_ATTR_ROW_BIND_TYPE, SQL_BIND_BY_COLUMN, 0);
    SQLSetStmtAttr(st, SQL_ATTR_ROW_ARRAY_SIZE, (SQLPOINTER)ROWSET, 0);
    SQLSetStmtAttr(st, SQL_ATTR_ROWS_FETCHED_PTR, &got, 0);
    SQLSetStmtAttr(st, SQL_ATTR_ROW_STATUS_PTR, status, 0);
    SQLBindCol(st, 1, SQL_C_SBIGINT, s, 0, ind[0]);
    SQLBindCol(st, 2, SQL_C_SLONG, i, 0, ind[1]);
    SQLBindCol(st, 3, SQL_C_SBIGINT, b, 0, ind[2]);
    SQLBindCol(st, 4, SQL_C_DOUBLE, d, 0, ind[3]);
    SQLBindCol(st, 5, SQL_C_CHAR, v, VLEN + 1, ind[4]);
    SQLBindCol(st, 6, SQL_C_CHAR, dt, DLEN, ind[5]);
    int row = 0;
    SQLRETURN rc;
    while ((rc = SQLFetch(st)) != SQL_NO_DATA) {
        assert_int_equal(rc, SQL_SUCCESS);
        for (SQLULEN k = 0; k < got; k++, row++) {
            assert_int_equal(status[k], SQL_ROW_SUCCESS);
            char buf[64];
            for (int c = 0; c < NCOLS; c++) {
                const char *want = ref.cells[row * NCOLS + c];
                if (!want) {
                    assert_int_equal(ind[c][k], SQL_NULL_DATA);
                    continue;
                }
                const char *have = buf;
                switch (c) {
                case 0: snprintf(buf, sizeof buf, "%lld", (long long)s[k]); break;
                case 1: snprintf(buf, sizeof buf, "%d", (int)i[k]); break;
                case 2: snprintf(buf, sizeof buf, "%lld", (long long)b[k]); break;
                case 3:
                    /* the text is Trino's; compare the numbers */
                    assert_true(d[k] == strtod(want, NULL));
                    assert_int_equal(ind[c][k], sizeof(SQLDOUBLE));
                    continue;
                case 4: have = v[k]; break;
                default: have = dt[k]; break;
                }
                assert_string_equal(have, want);
                assert_int_equal(ind[c][k], c == 1 ? (SQLLEN)sizeof(SQLINTEGER)
                                 : c < 4 ? (SQLLEN)sizeof(SQLBIGINT)
                                 : (SQLLEN)strlen(want));
            }
        }
    }
    assert_int_equal(row, NROWS);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    ou_result_free(&ref);
}

/* What the direct path hands to the general one keeps its diagnostics. */
static void test_left_to_general(void **state)
{
    (void)state;
    SQLHSTMT st = run();
    char v[7], dt[10];
    SQLLEN vi, di = 0;
    SQLINTEGER big;
    SQLLEN bi;
    SQLBindCol(st, 5, SQL_C_CHAR, v, sizeof v, &vi);    /* 6 bytes of text */
    SQLBindCol(st, 6, SQL_C_CHAR, dt, sizeof dt, &di);  /* 9 bytes of text */
    SQLBindCol(st, 3, SQL_C_SLONG, &big, 0, &bi);
    /* row 1: "a" fits; the date's 10 characters do not fit 10 bytes,
     * which ODBC makes 22003 for a date (appendix D) */
    assert_int_equal(SQLFetch(st), SQL_ERROR);
    assert_string_equal(ou_state(SQL_HANDLE_STMT, st, 1), "22003");
    assert_non_null(strstr(ou_message(SQL_HANDLE_STMT, st, 1), "column 6"));
    assert_string_equal(v, "a");
    assert_int_equal(vi, 1);
    assert_int_equal(big, 100);
    /* row 2: bigint minimum into SQL_C_SLONG: 22003 */
    assert_int_equal(SQLFetch(st), SQL_ERROR);
    assert_string_equal(ou_state(SQL_HANDLE_STMT, st, 1), "22003");
    /* row 3: NULLs into indicators */
    assert_int_equal(SQLFetch(st), SQL_SUCCESS);
    assert_int_equal(vi, SQL_NULL_DATA);
    assert_int_equal(bi, SQL_NULL_DATA);
    SQLFreeHandle(SQL_HANDLE_STMT, st);

    /* row 4's varchar "seven77" into 7 bytes: cut, 01004, length 7 */
    st = run();
    SQLBindCol(st, 5, SQL_C_CHAR, v, sizeof v, &vi);
    for (int r = 0; r < 3; r++)
        assert_true(SQL_SUCCEEDED(SQLFetch(st)));
    assert_int_equal(SQLFetch(st), SQL_SUCCESS_WITH_INFO);
    assert_string_equal(v, "seven7");
    assert_int_equal(vi, 7);
    assert_string_equal(ou_state(SQL_HANDLE_STMT, st, 1), "01004");
    SQLFreeHandle(SQL_HANDLE_STMT, st);

    /* a NULL without an indicator: 22002 */
    st = run();
    SQLBIGINT x;
    SQLBindCol(st, 1, SQL_C_SBIGINT, &x, 0, NULL);
    assert_int_equal(SQLFetch(st), SQL_SUCCESS);
    assert_int_equal(x, 1);
    assert_int_equal(SQLFetch(st), SQL_SUCCESS);
    assert_int_equal(SQLFetch(st), SQL_ERROR);
    assert_string_equal(ou_state(SQL_HANDLE_STMT, st, 1), "22002");
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

/* Separate indicator and length pointers (ARD fields): the indicator 0,
 * the length the bytes. */
static void test_separate_indicator(void **state)
{
    (void)state;
    SQLHSTMT st = run();
    SQLHDESC ard;
    char v[16];
    SQLLEN ind = -7, len = -7;
    SQLBIGINT n;
    SQLLEN nind = -7, nlen = -7;
    assert_int_equal(SQLGetStmtAttr(st, SQL_ATTR_APP_ROW_DESC, &ard, 0, NULL),
                     SQL_SUCCESS);
    SQLBindCol(st, 5, SQL_C_CHAR, v, sizeof v, NULL);
    SQLSetDescField(ard, 5, SQL_DESC_INDICATOR_PTR, &ind, 0);
    SQLSetDescField(ard, 5, SQL_DESC_OCTET_LENGTH_PTR, &len, 0);
    SQLBindCol(st, 2, SQL_C_SBIGINT, &n, 0, NULL);
    SQLSetDescField(ard, 2, SQL_DESC_INDICATOR_PTR, &nind, 0);
    SQLSetDescField(ard, 2, SQL_DESC_OCTET_LENGTH_PTR, &nlen, 0);
    for (int r = 0; r < 4; r++)
        assert_int_equal(SQLFetch(st), SQL_SUCCESS);
    assert_string_equal(v, "seven77");
    assert_int_equal(ind, 0);
    assert_int_equal(len, 7);
    assert_int_equal(n, 2147483647);
    assert_int_equal(nind, 0);
    assert_int_equal(nlen, sizeof(SQLBIGINT));
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rowsets),
        cmocka_unit_test(test_left_to_general),
        cmocka_unit_test(test_separate_indicator),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
