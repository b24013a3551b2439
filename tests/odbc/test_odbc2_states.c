/*
 * tests/odbc/test_odbc2_states.c
 *   ODBC 2 applications get ODBC 2 SQLSTATEs. The same errors are raised on
 *   three environments: ODBC 3 (SQL_OV_ODBC3), ODBC 2 by attribute
 *   (SQL_ATTR_ODBC_VERSION = SQL_OV_ODBC2) and ODBC 2 the way an old
 *   application starts (SQLAllocEnv, which unixODBC makes ODBC 2). Each
 *   state is read three ways: SQLGetDiagRec, SQLGetDiagField
 *   (SQL_DIAG_SQLSTATE) and SQLError. The errors come from the driver
 *   (driver/sqlstate.c maps them, and the records whose ODBC 2 state
 *   depends on the function carry it) and from unixODBC's driver manager
 *   (which maps its own); both must agree with the ODBC reference's
 *   "SQLSTATE Mappings".
 * Not here: ODBC 2 cursors and SQLExtendedFetch (test_scroll.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "odbc_util.h"

enum mode { V3, V2_ATTR, V2_ALLOCENV };
static const char *mode_name[] = {"ODBC 3", "ODBC 2 (attribute)",
                                  "ODBC 2 (SQLAllocEnv)"};

typedef struct app {
    SQLHENV env;
    SQLHDBC dbc;
    SQLHSTMT st;
} app;

static void app_open(app *a, enum mode m)
{
    if (m == V2_ALLOCENV) {
        assert_int_equal(SQLAllocEnv(&a->env), SQL_SUCCESS);
    } else {
        assert_int_equal(SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE,
                                        &a->env), SQL_SUCCESS);
        assert_int_equal(SQLSetEnvAttr(a->env, SQL_ATTR_ODBC_VERSION,
                                       (SQLPOINTER)(intptr_t)(
                                           m == V3 ? SQL_OV_ODBC3
                                                   : SQL_OV_ODBC2), 0),
                         SQL_SUCCESS);
    }
    assert_int_equal(SQLAllocConnect(a->env, &a->dbc), SQL_SUCCESS);
    SQLRETURN rc = SQLDriverConnect(a->dbc, NULL, (SQLCHAR *)OU_DSN, SQL_NTS,
                                    NULL, 0, NULL, SQL_DRIVER_NOPROMPT);
    assert_true(SQL_SUCCEEDED(rc));
    assert_int_equal(SQLAllocStmt(a->dbc, &a->st), SQL_SUCCESS);
}

static void app_close(app *a)
{
    SQLFreeStmt(a->st, SQL_DROP);
    SQLDisconnect(a->dbc);
    SQLFreeConnect(a->dbc);
    SQLFreeEnv(a->env);
}

/*
 * Checks that record 1 of handle h reads `want` through SQLGetDiagRec,
 * SQLGetDiagField and SQLError (the last one consumes the record, so it
 * goes last).
 */
static void expect_state(app *a, SQLSMALLINT htype, SQLHANDLE h,
                         const char *what, enum mode m, const char *want)
{
    SQLCHAR rec[6] = "", field[6] = "", err[6] = "", msg[1024];
    SQLINTEGER native;
    SQLSMALLINT len;
    SQLGetDiagRec(htype, h, 1, rec, &native, msg, sizeof msg, &len);
    SQLGetDiagField(htype, h, 1, SQL_DIAG_SQLSTATE, field, sizeof field,
                    &len);
    SQLError(htype == SQL_HANDLE_ENV ? h : a->env,
             htype == SQL_HANDLE_DBC ? h : SQL_NULL_HDBC,
             htype == SQL_HANDLE_STMT ? h : SQL_NULL_HSTMT, err, &native,
             NULL, 0, &len);
    if (strcmp((char *)rec, want) != 0 || strcmp((char *)field, want) != 0 ||
        strcmp((char *)err, want) != 0)
        fail_msg("%s, %s: want %s, got SQLGetDiagRec %s, SQLGetDiagField "
                 "%s, SQLError %s (%s)", what, mode_name[m], want,
                 (char *)rec, (char *)field, (char *)err, (char *)msg);
    print_message("ok   %-44s %-22s %s\n", what, mode_name[m], want);
}

/* Executes sql, fetching a row if it ran, and expects SQL_ERROR. */
static void fail_sql(app *a, const char *sql)
{
    SQLFreeStmt(a->st, SQL_CLOSE);
    SQLRETURN rc = SQLExecDirect(a->st, (SQLCHAR *)sql, SQL_NTS);
    if (SQL_SUCCEEDED(rc))
        rc = SQLFetch(a->st);
    if (rc != SQL_ERROR)
        fail_msg("%s: expected SQL_ERROR, got %d", sql, (int)rc);
}

/* One error, its ODBC 3 and ODBC 2 states. */
typedef struct state_case {
    const char *what;
    const char *v3, *v2;
    void (*raise)(app *a);    /* leaves the record on the statement */
} state_case;

static void r_syntax(app *a) { fail_sql(a, "selec 1"); }
static void r_no_table(app *a)
{
    fail_sql(a, "select * from customersdb.public.no_such_table");
}
static void r_no_column(app *a)
{
    fail_sql(a, "select no_such_column from customersdb.public.customers");
}
static void r_bad_date(app *a) { fail_sql(a, "select date '2020-13-45'"); }
static void r_bad_cast(app *a) { fail_sql(a, "select cast('x' as integer)"); }
static void r_div_zero(app *a) { fail_sql(a, "select 1 / 0"); }
static void r_overflow(app *a)
{
    fail_sql(a, "select cast(2147483647 as integer) + 1");
}

/* SQLGetData on a column past the end: S1002 (a column number). */
static void r_getdata_col(app *a)
{
    char buf[16];
    SQLLEN ind;
    SQLFreeStmt(a->st, SQL_CLOSE);
    assert_int_equal(SQLExecDirect(a->st, (SQLCHAR *)"select 1", SQL_NTS),
                     SQL_SUCCESS);
    assert_int_equal(SQLFetch(a->st), SQL_SUCCESS);
    assert_int_equal(SQLGetData(a->st, 9, SQL_C_CHAR, buf, sizeof buf, &ind),
                     SQL_ERROR);
}

/* SQLColAttribute(s) on a column past the end: S1002. */
static void r_colattr_col(app *a)
{
    char buf[16];
    SQLLEN num;
    SQLFreeStmt(a->st, SQL_CLOSE);
    assert_int_equal(SQLExecDirect(a->st, (SQLCHAR *)"select 1", SQL_NTS),
                     SQL_SUCCESS);
    assert_int_equal(SQLColAttribute(a->st, 9, SQL_DESC_NAME, buf,
                                     sizeof buf, NULL, &num), SQL_ERROR);
}

/* SQLDescribeParam past the markers: S1093 (a parameter number). */
static void r_describe_param(app *a)
{
    SQLSMALLINT t, dg, nl;
    SQLULEN sz;
    SQLFreeStmt(a->st, SQL_CLOSE);
    assert_int_equal(SQLPrepare(a->st, (SQLCHAR *)"select ? + 1", SQL_NTS),
                     SQL_SUCCESS);
    assert_int_equal(SQLDescribeParam(a->st, 5, &t, &sz, &dg, &nl),
                     SQL_ERROR);
}

/* SQLBindParameter number 0 (the driver manager's check): S1093. */
static void r_bind_param0(app *a)
{
    SQLINTEGER v = 1;
    assert_int_equal(SQLBindParameter(a->st, 0, SQL_PARAM_INPUT, SQL_C_SLONG,
                                      SQL_INTEGER, 0, 0, &v, 0, NULL),
                     SQL_ERROR);
}

/* SQLSetPos SQL_UPDATE on a read-only static cursor: S1C00. */
static void r_setpos_update(app *a)
{
    SQLFreeStmt(a->st, SQL_CLOSE);
    SQLSetStmtAttr(a->st, SQL_ATTR_CURSOR_TYPE,
                   (SQLPOINTER)SQL_CURSOR_STATIC, 0);
    assert_int_equal(SQLExecDirect(a->st, (SQLCHAR *)"select 1", SQL_NTS),
                     SQL_SUCCESS);
    assert_int_equal(SQLFetchScroll(a->st, SQL_FETCH_FIRST, 0), SQL_SUCCESS);
    assert_int_equal(SQLSetPos(a->st, 1, SQL_UPDATE, SQL_LOCK_NO_CHANGE),
                     SQL_ERROR);
}

/* An unknown statement attribute (the driver's check): S1092. */
static void r_stmt_attr(app *a)
{
    assert_int_equal(SQLSetStmtAttr(a->st, 9999, (SQLPOINTER)1, 0),
                     SQL_ERROR);
}

/* SQLFetch with no result (the driver manager's check): S1010. */
static void r_sequence(app *a)
{
    SQLFreeStmt(a->st, SQL_CLOSE);
    assert_int_equal(SQLFetch(a->st), SQL_ERROR);
}

/* SQLFetchScroll with an unknown orientation (driver manager): S1106. */
static void r_orientation(app *a)
{
    SQLFreeStmt(a->st, SQL_CLOSE);
    assert_int_equal(SQLExecDirect(a->st, (SQLCHAR *)"select 1", SQL_NTS),
                     SQL_SUCCESS);
    assert_int_equal(SQLFetchScroll(a->st, 99, 0), SQL_ERROR);
}

/* A data truncation warning: 01004 in both versions. */
static void r_truncation(app *a)
{
    char buf[3];
    SQLLEN ind;
    SQLFreeStmt(a->st, SQL_CLOSE);
    assert_int_equal(SQLExecDirect(a->st, (SQLCHAR *)"select 'abcdef'",
                                   SQL_NTS), SQL_SUCCESS);
    assert_int_equal(SQLFetch(a->st), SQL_SUCCESS);
    assert_int_equal(SQLGetData(a->st, 1, SQL_C_CHAR, buf, sizeof buf, &ind),
                     SQL_SUCCESS_WITH_INFO);
}

static const state_case stmt_cases[] = {
    {"syntax error", "42000", "37000", r_syntax},
    {"table not found", "42S02", "S0002", r_no_table},
    {"column not found", "42S22", "S0022", r_no_column},
    {"invalid date literal", "22007", "22008", r_bad_date},
    {"invalid character value for cast", "22018", "22005", r_bad_cast},
    {"division by zero (same in ODBC 2)", "22012", "22012", r_div_zero},
    {"numeric overflow (same in ODBC 2)", "22003", "22003", r_overflow},
    {"SQLGetData column 9", "07009", "S1002", r_getdata_col},
    {"SQLColAttribute column 9", "07009", "S1002", r_colattr_col},
    {"SQLDescribeParam parameter 5", "07009", "S1093", r_describe_param},
    {"SQLBindParameter parameter 0 (DM)", "07009", "S1093", r_bind_param0},
    {"SQLSetPos SQL_UPDATE", "HYC00", "S1C00", r_setpos_update},
    {"unknown statement attribute", "HY092", "S1092", r_stmt_attr},
    {"SQLFetch without a result (DM)", "HY010", "S1010", r_sequence},
    {"fetch orientation 99 (DM)", "HY106", "S1106", r_orientation},
    {"string truncated (same in ODBC 2)", "01004", "01004", r_truncation},
};

static void run_stmt_cases(enum mode m)
{
    app a;
    app_open(&a, m);
    for (size_t i = 0; i < sizeof stmt_cases / sizeof stmt_cases[0]; i++) {
        const state_case *c = &stmt_cases[i];
        /* a fresh statement each time (a prepared one keeps its state) */
        SQLFreeStmt(a.st, SQL_DROP);
        assert_int_equal(SQLAllocStmt(a.dbc, &a.st), SQL_SUCCESS);
        c->raise(&a);
        expect_state(&a, SQL_HANDLE_STMT, a.st, c->what, m,
                     m == V3 ? c->v3 : c->v2);
    }
    app_close(&a);
}

/* Connection-level errors: an unknown info type and connection attribute
 * (the driver's: S1096, S1092). */
static void run_dbc_cases(enum mode m)
{
    app a;
    app_open(&a, m);
    char buf[16];
    SQLSMALLINT len;
    assert_int_equal(SQLGetInfo(a.dbc, 9999, buf, sizeof buf, &len),
                     SQL_ERROR);
    expect_state(&a, SQL_HANDLE_DBC, a.dbc, "SQLGetInfo type 9999", m,
                 m == V3 ? "HY096" : "S1096");
    assert_int_equal(SQLSetConnectAttr(a.dbc, 99999, (SQLPOINTER)1, 0),
                     SQL_ERROR);
    expect_state(&a, SQL_HANDLE_DBC, a.dbc, "connection attribute 99999", m,
                 m == V3 ? "HY092" : "S1092");
    app_close(&a);
}

static void test_odbc3(void **state)
{
    (void)state;
    run_stmt_cases(V3);
    run_dbc_cases(V3);
}

static void test_odbc2_attr(void **state)
{
    (void)state;
    run_stmt_cases(V2_ATTR);
    run_dbc_cases(V2_ATTR);
}

static void test_odbc2_allocenv(void **state)
{
    (void)state;
    run_stmt_cases(V2_ALLOCENV);
    run_dbc_cases(V2_ALLOCENV);
}

/*
 * The record of a statement keeps its ODBC 3 fields: SQL_DIAG_CLASS_ORIGIN
 * follows the ODBC 3 state (ODBC 3.0 for HY...), whatever the version.
 */
static void test_origin_follows_odbc3(void **state)
{
    (void)state;
    app a;
    app_open(&a, V2_ATTR);
    r_stmt_attr(&a);
    char origin[64] = "";
    SQLSMALLINT len;
    assert_true(SQL_SUCCEEDED(SQLGetDiagField(SQL_HANDLE_STMT, a.st, 1,
                                              SQL_DIAG_CLASS_ORIGIN, origin,
                                              sizeof origin, &len)));
    assert_string_equal(origin, "ODBC 3.0");
    app_close(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_odbc3),
        cmocka_unit_test(test_odbc2_attr),
        cmocka_unit_test(test_odbc2_allocenv),
        cmocka_unit_test(test_origin_follows_odbc3),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
