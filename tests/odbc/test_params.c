/*
 * tests/odbc/test_params.c
 *   Statement parameters through the unixODBC driver manager, against the
 *   test mesh: SQLNumParams and SQLDescribeParam (types the query infers,
 *   the bound type for untyped markers), SQLBindParameter for every C
 *   type (timestamps, times and intervals into markers of those types
 *   with ODBC's 22007/22008/22015), NULL, SQL_NTS, conversion errors with the handle usable after,
 *   parameter arrays column-wise and row-wise with status, processed and
 *   operation arrays, data-at-execution, the IPD/APD descriptors, the
 *   pushdown of a parameter as a quoted literal, an INSERT of a 10,000-row
 *   parameter array as one write, and SQLGetFunctions / SQLGetInfo for
 *   parameters; SQL_REAL parameters are Trino's real.
 * Not here: pyodbc (test_pyodbc_params.py).
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

static ou_conn conn;

OU_CONN_FIXTURE(conn, OU_DSN)

static SQLHSTMT new_stmt(void)
{
    return ou_new_stmt(&conn);
}

/* SQLSTATE of record `rec` of statement h ("" if none). */
static const char *state_n(SQLHANDLE h, int rec)
{
    return ou_state(SQL_HANDLE_STMT, h, rec);
}

static const char *state_of(SQLHANDLE h)
{
    return state_n(h, 1);
}

/* Message of record 1 of statement h. */
static const char *msg_of(SQLHANDLE h)
{
    return ou_message(SQL_HANDLE_STMT, h, 1);
}

static void prep(SQLHSTMT st, const char *sql)
{
    SQLRETURN rc = SQLPrepare(st, (SQLCHAR *)sql, SQL_NTS);
    if (!SQL_SUCCEEDED(rc))
        fprintf(stderr, "prepare %s: %s %s\n", sql, state_of(st), msg_of(st));
    assert_true(SQL_SUCCEEDED(rc));
}

/* Fetches row 1 column 1 as text ("NULL" for NULL) and closes the
 * cursor. */
static const char *fetch1(SQLHSTMT st)
{
    static char buf[512];
    SQLLEN ind = 0;
    assert_int_equal(SQLFetch(st), SQL_SUCCESS);
    assert_true(SQL_SUCCEEDED(SQLGetData(st, 1, SQL_C_CHAR, buf, sizeof buf,
                                         &ind)));
    if (ind == SQL_NULL_DATA)
        strcpy(buf, "NULL");
    SQLCloseCursor(st);
    return buf;
}

/* Executes st; on failure prints the diagnostic. */
static SQLRETURN exec(SQLHSTMT st)
{
    SQLRETURN rc = SQLExecute(st);
    if (rc == SQL_ERROR)
        fprintf(stderr, "execute: %s %s\n", state_of(st), msg_of(st));
    return rc;
}

/*
 * Prepares sql with one marker, binds it (ctype, sqltype, size, digits,
 * ptr, buflen, *ind), executes and returns the first value as text, or
 * the SQLSTATE prefixed by '!' when execution fails.
 */
static const char *run1(const char *sql, SQLSMALLINT ctype,
                        SQLSMALLINT sqltype, SQLULEN size, SQLSMALLINT digits,
                        void *ptr, SQLLEN buflen, SQLLEN *ind)
{
    static char out[600];
    SQLHSTMT st = new_stmt();
    prep(st, sql);
    assert_int_equal(SQLBindParameter(st, 1, SQL_PARAM_INPUT, ctype, sqltype,
                                      size, digits, ptr, buflen, ind),
                     SQL_SUCCESS);
    SQLRETURN rc = SQLExecute(st);
    if (rc == SQL_ERROR) {
        snprintf(out, sizeof out, "!%s", state_of(st));
    } else {
        assert_true(SQL_SUCCEEDED(rc));
        snprintf(out, sizeof out, "%s", fetch1(st));
    }
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    return out;
}

/* ------------------------------------------------------------------ */

static void test_num_and_describe(void **state)
{
    (void)state;
    SQLHSTMT st = new_stmt();
    prep(st, "select first_name from customersdb.public.customers "
             "where id = ? and first_name like ? and ? is null "
             "and id < ? + 1.5 and cast(? as date) is not null");
    SQLSMALLINT n = -1;
    assert_int_equal(SQLNumParams(st, &n), SQL_SUCCESS);
    assert_int_equal(n, 5);
    SQLSMALLINT type, digits, nullable;
    SQLULEN size;
    assert_int_equal(SQLDescribeParam(st, 1, &type, &size, &digits,
                                      &nullable), SQL_SUCCESS);
    assert_int_equal(type, SQL_INTEGER);
    assert_int_equal(nullable, SQL_NULLABLE);
    assert_int_equal(SQLDescribeParam(st, 2, &type, &size, &digits, NULL),
                     SQL_SUCCESS);
    assert_int_equal(type, SQL_VARCHAR);
    /* untyped and unbound: varchar, what any value can be sent as */
    assert_int_equal(SQLDescribeParam(st, 3, &type, &size, &digits, NULL),
                     SQL_SUCCESS);
    assert_int_equal(type, SQL_VARCHAR);
    /* ? + 1.5: the widest type of the other operand's family,
     * decimal(38,1) */
    assert_int_equal(SQLDescribeParam(st, 4, &type, &size, &digits, NULL),
                     SQL_SUCCESS);
    assert_int_equal(type, SQL_DECIMAL);
    assert_int_equal(size, 38);
    assert_int_equal(digits, 1);
    assert_int_equal(SQLDescribeParam(st, 5, &type, &size, &digits, NULL),
                     SQL_SUCCESS);
    assert_int_equal(type, SQL_TYPE_DATE);
    assert_int_equal(SQLDescribeParam(st, 6, &type, &size, &digits, NULL),
                     SQL_ERROR);
    assert_string_equal(state_of(st), "07009");
    assert_int_equal(SQLDescribeParam(st, 0, &type, &size, &digits, NULL),
                     SQL_ERROR);
    /* an untyped marker describes as the SQL type the application bound */
    SQLINTEGER v = 1;
    assert_int_equal(SQLBindParameter(st, 3, SQL_PARAM_INPUT, SQL_C_SLONG,
                                      SQL_BIGINT, 0, 0, &v, 0, NULL),
                     SQL_SUCCESS);
    assert_int_equal(SQLDescribeParam(st, 3, &type, &size, &digits, NULL),
                     SQL_SUCCESS);
    assert_int_equal(type, SQL_BIGINT);
    /* a bound timestamp describes with its digits */
    SQL_TIMESTAMP_STRUCT tsv = { 2020, 1, 2, 3, 4, 5, 0 };
    assert_int_equal(SQLBindParameter(st, 3, SQL_PARAM_INPUT,
                                      SQL_C_TYPE_TIMESTAMP,
                                      SQL_TYPE_TIMESTAMP, 23, 3, &tsv, 0,
                                      NULL), SQL_SUCCESS);
    assert_int_equal(SQLDescribeParam(st, 3, &type, &size, &digits, NULL),
                     SQL_SUCCESS);
    assert_int_equal(type, SQL_TYPE_TIMESTAMP);
    assert_int_equal(size, 23);
    assert_int_equal(digits, 3);
    /* without markers: 0 */
    prep(st, "select 1");
    assert_int_equal(SQLNumParams(st, &n), SQL_SUCCESS);
    assert_int_equal(n, 0);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

static void test_integers(void **state)
{
    (void)state;
    signed char ti = -5;
    unsigned char uti = 250;
    SQLSMALLINT sh = -32000;
    SQLUSMALLINT ush = 65000;
    SQLINTEGER sl = -2000000000;
    SQLUINTEGER ul = 4000000000u;
    SQLBIGINT sb = INT64_MIN;
    SQLUBIGINT ub = UINT64_MAX;
    assert_string_equal(run1("select ?", SQL_C_STINYINT, SQL_SMALLINT, 0, 0,
                             &ti, 0, NULL), "-5");
    assert_string_equal(run1("select ?", SQL_C_UTINYINT, SQL_SMALLINT, 0, 0,
                             &uti, 0, NULL), "250");
    assert_string_equal(run1("select ?", SQL_C_SSHORT, SQL_SMALLINT, 0, 0,
                             &sh, 0, NULL), "-32000");
    assert_string_equal(run1("select ?", SQL_C_USHORT, SQL_INTEGER, 0, 0,
                             &ush, 0, NULL), "65000");
    assert_string_equal(run1("select ?", SQL_C_SLONG, SQL_INTEGER, 0, 0,
                             &sl, 0, NULL), "-2000000000");
    assert_string_equal(run1("select ?", SQL_C_ULONG, SQL_BIGINT, 0, 0,
                             &ul, 0, NULL), "4000000000");
    assert_string_equal(run1("select ?", SQL_C_SBIGINT, SQL_BIGINT, 0, 0,
                             &sb, 0, NULL), "-9223372036854775808");
    assert_string_equal(run1("select ?", SQL_C_UBIGINT, SQL_DECIMAL, 20, 0,
                             &ub, 0, NULL), "18446744073709551615");
    /* too big for the SQL type the application chose: 22003 */
    assert_string_equal(run1("select ?", SQL_C_ULONG, SQL_INTEGER, 0, 0,
                             &ul, 0, NULL), "!22003");
    assert_string_equal(run1("select ?", SQL_C_UBIGINT, SQL_BIGINT, 0, 0,
                             &ub, 0, NULL), "!22003");
    /* a typed context: the column's type */
    SQLINTEGER id = 5;
    assert_string_equal(run1("select first_name from customersdb.public."
                             "customers where id = ?", SQL_C_SLONG,
                             SQL_INTEGER, 0, 0, &id, 0, NULL), "Katherine");
    SQLBIGINT big = 5;
    assert_string_equal(run1("select first_name from customersdb.public."
                             "customers where id = ?", SQL_C_SBIGINT,
                             SQL_BIGINT, 0, 0, &big, 0, NULL), "Katherine");
    /* SQL_C_DEFAULT with SQL_INTEGER reads an SQLINTEGER */
    assert_string_equal(run1("select ? * 2", SQL_C_DEFAULT, SQL_INTEGER, 0, 0,
                             &id, 0, NULL), "10");
}

static void test_other_c_types(void **state)
{
    (void)state;
    unsigned char bit = 1;
    assert_string_equal(run1("select ?", SQL_C_BIT, SQL_BIT, 0, 0, &bit, 0,
                             NULL), "1");
    bit = 7;
    assert_string_equal(run1("select ?", SQL_C_BIT, SQL_BIT, 0, 0, &bit, 0,
                             NULL), "!22003");
    SQLDOUBLE d = 2.5;
    assert_string_equal(run1("select ?", SQL_C_DOUBLE, SQL_DOUBLE, 0, 0, &d,
                             0, NULL), "2.5");
    SQLREAL f = 0.25f;
    assert_string_equal(run1("select ?", SQL_C_FLOAT, SQL_REAL, 0, 0, &f, 0,
                             NULL), "0.25");
    /* SQL_NUMERIC_STRUCT 123.45 -> decimal(10,2) */
    SQL_NUMERIC_STRUCT ns;
    memset(&ns, 0, sizeof ns);
    ns.precision = 10;
    ns.scale = 2;
    ns.sign = 0;               /* negative */
    ns.val[0] = 12345 & 0xFF;
    ns.val[1] = 12345 >> 8;
    assert_string_equal(run1("select ?", SQL_C_NUMERIC, SQL_DECIMAL, 10, 2,
                             &ns, 0, NULL), "-123.45");
    /* a decimal marker: cast exactly, or 22003 */
    ns.sign = 1;
    assert_string_equal(run1("select ? + 0.001", SQL_C_NUMERIC, SQL_NUMERIC,
                             10, 2, &ns, 0, NULL), "123.451");
    ns.scale = 4;              /* 1.2345 for decimal(1,0)+...: loses digits */
    assert_string_equal(run1("select ? + 1", SQL_C_NUMERIC, SQL_INTEGER,
                             0, 0, &ns, 0, NULL), "!22003");
    SQL_DATE_STRUCT dt = { 2021, 3, 4 };
    assert_string_equal(run1("select ?", SQL_C_TYPE_DATE, SQL_TYPE_DATE, 0,
                             0, &dt, 0, NULL), "2021-03-04");
    assert_string_equal(run1("select count(*) from ordersdb.public.orders "
                             "where order_date < ?", SQL_C_TYPE_DATE,
                             SQL_TYPE_DATE, 0, 0, &dt, 0, NULL), "99");
    dt.month = 13;             /* ODBC: not a valid date is 22007 */
    assert_string_equal(run1("select ?", SQL_C_TYPE_DATE, SQL_TYPE_DATE, 0,
                             0, &dt, 0, NULL), "!22007");
    /* time and timestamp: text for a varchar marker, a date at midnight
     * (more in test_datetime) */
    SQL_TIME_STRUCT tm = { 1, 2, 3 };
    assert_string_equal(run1("select cast(? as varchar)", SQL_C_TYPE_TIME,
                             SQL_TYPE_TIME, 8, 0, &tm, 0, NULL), "01:02:03");
    assert_string_equal(run1("select ?", SQL_C_TYPE_TIME, SQL_TYPE_TIME, 8,
                             0, &tm, 0, NULL), "01:02:03");
    SQL_TIMESTAMP_STRUCT ts = { 2018, 1, 1, 0, 0, 0, 0 };
    assert_string_equal(run1("select count(*) from ordersdb.public.orders "
                             "where order_date = ?", SQL_C_TYPE_TIMESTAMP,
                             SQL_TYPE_TIMESTAMP, 19, 0, &ts, 0, NULL), "1");
    ts.hour = 10;
    assert_string_equal(run1("select count(*) from ordersdb.public.orders "
                             "where order_date = ?", SQL_C_TYPE_TIMESTAMP,
                             SQL_TYPE_TIMESTAMP, 19, 0, &ts, 0, NULL),
                        "!22008");
    ts.fraction = 500000000;
    assert_string_equal(run1("select cast(? as varchar)",
                             SQL_C_TYPE_TIMESTAMP, SQL_TYPE_TIMESTAMP, 23, 1,
                             &ts, 0, NULL), "2018-01-01 10:00:00.5");
    /* an untyped marker: timestamp(digits); a fraction it would cut is
     * 22008 */
    assert_string_equal(run1("select ?", SQL_C_TYPE_TIMESTAMP,
                             SQL_TYPE_TIMESTAMP, 21, 1, &ts, 0, NULL),
                        "2018-01-01 10:00:00.5");
    assert_string_equal(run1("select ?", SQL_C_TYPE_TIMESTAMP,
                             SQL_TYPE_TIMESTAMP, 19, 0, &ts, 0, NULL),
                        "!22008");
    /* binary: varbinary (hex as text), 07006 for other types */
    char bin[3] = { 'a', 'b', 'c' };
    SQLLEN blen = 3;
    assert_string_equal(run1("select ?", SQL_C_BINARY, SQL_VARBINARY, 3, 0,
                             bin, 3, &blen), "616263");
    assert_string_equal(run1("select cast(? as date)", SQL_C_BINARY,
                             SQL_VARBINARY, 3, 0, bin, 3, &blen), "!07006");
    assert_string_equal(run1("select first_name from customersdb.public."
                             "customers where first_name = ?", SQL_C_BINARY,
                             SQL_VARBINARY, 3, 0, bin, 3, &blen), "!07006");
}

/* Runs sql on the test connection (no result wanted). */
static void exec_direct(const char *sql)
{
    SQLHSTMT st = new_stmt();
    SQLRETURN rc = SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS);
    if (!SQL_SUCCEEDED(rc))
        fail_msg("%s: %s %s", sql, state_of(st), msg_of(st));
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

/*
 * Timestamps, times and intervals: the structures into markers typed
 * timestamp(p) / time(p) / interval (by a column, a CAST, or the bound
 * SQL type), text into them, ODBC's 22007 / 22008 / 22015 / 07006, and
 * SQLDescribeParam; an INSERT into such columns and a WHERE on them.
 */
static void test_datetime(void **state)
{
    (void)state;
    SQL_TIMESTAMP_STRUCT ts = { 2020, 1, 2, 3, 4, 5, 123000000 };
    SQL_TIME_STRUCT tm = { 3, 4, 5 };
    /* untyped: timestamp(p) with p from the decimal digits */
    assert_string_equal(run1("select ?", SQL_C_TYPE_TIMESTAMP,
                             SQL_TYPE_TIMESTAMP, 23, 3, &ts, 0, NULL),
                        "2020-01-02 03:04:05.123");
    assert_string_equal(run1("select ?", SQL_C_TIMESTAMP, SQL_TIMESTAMP, 26,
                             6, &ts, 0, NULL), "2020-01-02 03:04:05.123000");
    assert_string_equal(run1("select ?", SQL_C_TYPE_TIMESTAMP,
                             SQL_TYPE_TIMESTAMP, 21, 2, &ts, 0, NULL),
                        "!22008");
    ts.fraction = 123456789;   /* nanoseconds: the engine keeps 6 digits */
    assert_string_equal(run1("select ?", SQL_C_TYPE_TIMESTAMP,
                             SQL_TYPE_TIMESTAMP, 29, 9, &ts, 0, NULL),
                        "!22008");
    ts.fraction = 123456000;
    assert_string_equal(run1("select ?", SQL_C_TYPE_TIMESTAMP,
                             SQL_TYPE_TIMESTAMP, 29, 9, &ts, 0, NULL),
                        "2020-01-02 03:04:05.123456");
    ts.month = 2;
    ts.day = 30;
    assert_string_equal(run1("select ?", SQL_C_TYPE_TIMESTAMP,
                             SQL_TYPE_TIMESTAMP, 23, 3, &ts, 0, NULL),
                        "!22007");
    ts.month = 1;
    ts.day = 2;
    /* typed by CAST: time(3) takes the time of day, the date ignored */
    assert_string_equal(run1("select cast(? as time(6))",
                             SQL_C_TYPE_TIMESTAMP, SQL_TYPE_TIMESTAMP, 26, 6,
                             &ts, 0, NULL), "03:04:05.123456");
    assert_string_equal(run1("select cast(? as time(3))",
                             SQL_C_TYPE_TIMESTAMP, SQL_TYPE_TIMESTAMP, 26, 6,
                             &ts, 0, NULL), "!22008");
    assert_string_equal(run1("select ?", SQL_C_TYPE_TIME, SQL_TYPE_TIME, 8,
                             0, &tm, 0, NULL), "03:04:05");
    assert_string_equal(run1("select cast(? as time(3))", SQL_C_TIME,
                             SQL_TIME, 8, 0, &tm, 0, NULL), "03:04:05.000");
    tm.minute = 60;
    assert_string_equal(run1("select ?", SQL_C_TYPE_TIME, SQL_TYPE_TIME, 8,
                             0, &tm, 0, NULL), "!22007");
    tm.minute = 4;
    /* a time for a timestamp: today's date (ODBC) */
    assert_string_equal(run1("select cast(cast(? as timestamp(0)) as "
                             "varchar) like '____-__-__ 03:04:05'",
                             SQL_C_TYPE_TIME, SQL_TYPE_TIME, 8, 0, &tm, 0,
                             NULL), "1");
    /* a date for a timestamp: midnight; for a time: 07006 */
    SQL_DATE_STRUCT dt = { 2020, 1, 2 };
    assert_string_equal(run1("select cast(? as timestamp(0))",
                             SQL_C_TYPE_DATE, SQL_TYPE_DATE, 10, 0, &dt, 0,
                             NULL), "2020-01-02 00:00:00");
    assert_string_equal(run1("select cast(? as time(0))", SQL_C_TYPE_DATE,
                             SQL_TYPE_DATE, 10, 0, &dt, 0, NULL), "!07006");
    /* text into timestamp and time markers; extra digits are 22008 */
    char txt[] = "2020-01-02 03:04:05.123456";
    SQLLEN nts = SQL_NTS;
    assert_string_equal(run1("select cast(? as timestamp(6))", SQL_C_CHAR,
                             SQL_VARCHAR, 26, 0, txt, sizeof txt, &nts),
                        "2020-01-02 03:04:05.123456");
    assert_string_equal(run1("select cast(? as timestamp(3))", SQL_C_CHAR,
                             SQL_VARCHAR, 26, 0, txt, sizeof txt, &nts),
                        "!22008");
    char ttxt[] = "03:04:05.5";
    assert_string_equal(run1("select cast(? as time(1))", SQL_C_CHAR,
                             SQL_VARCHAR, 10, 0, ttxt, sizeof ttxt, &nts),
                        "03:04:05.5");
    char bad[] = "2020-13-01";
    assert_string_equal(run1("select cast(? as timestamp(3))", SQL_C_CHAR,
                             SQL_VARCHAR, 10, 0, bad, sizeof bad, &nts),
                        "!22007");
    /* intervals: every C interval structure, the interval of its kind */
    SQL_INTERVAL_STRUCT iv;
    memset(&iv, 0, sizeof iv);
    iv.interval_type = SQL_IS_DAY_TO_SECOND;
    iv.intval.day_second.day = 2;
    iv.intval.day_second.hour = 3;
    iv.intval.day_second.minute = 4;
    iv.intval.day_second.second = 5;
    iv.intval.day_second.fraction = 500000;       /* 6 digits: .5 */
    assert_string_equal(run1("select ?", SQL_C_INTERVAL_DAY_TO_SECOND,
                             SQL_INTERVAL_DAY_TO_SECOND, 0, 6, &iv, 0, NULL),
                        "2 03:04:05.500");
    iv.intval.day_second.fraction = 500001;       /* below a millisecond */
    assert_string_equal(run1("select ?", SQL_C_INTERVAL_DAY_TO_SECOND,
                             SQL_INTERVAL_DAY_TO_SECOND, 0, 6, &iv, 0, NULL),
                        "!22008");
    iv.interval_sign = SQL_TRUE;
    iv.intval.day_second.hour = 30;               /* leading: any size */
    iv.intval.day_second.minute = 15;
    assert_string_equal(run1("select ?", SQL_C_INTERVAL_HOUR_TO_MINUTE,
                             SQL_INTERVAL_HOUR_TO_MINUTE, 0, 0, &iv, 0,
                             NULL), "-1 06:15:00.000");
    iv.intval.day_second.minute = 60;
    assert_string_equal(run1("select ?", SQL_C_INTERVAL_HOUR_TO_MINUTE,
                             SQL_INTERVAL_HOUR_TO_MINUTE, 0, 0, &iv, 0,
                             NULL), "!22015");
    memset(&iv, 0, sizeof iv);
    iv.interval_type = SQL_IS_YEAR_TO_MONTH;
    iv.intval.year_month.year = 1;
    iv.intval.year_month.month = 2;
    assert_string_equal(run1("select ?", SQL_C_INTERVAL_YEAR_TO_MONTH,
                             SQL_INTERVAL_YEAR_TO_MONTH, 0, 0, &iv, 0, NULL),
                        "1-2");
    iv.intval.year_month.month = 14;
    assert_string_equal(run1("select ?", SQL_C_INTERVAL_MONTH,
                             SQL_INTERVAL_MONTH, 0, 0, &iv, 0, NULL), "1-2");
    assert_string_equal(run1("select date '2020-01-31' + "
                             "cast(? as interval year to month)",
                             SQL_C_INTERVAL_MONTH, SQL_INTERVAL_MONTH, 0, 0,
                             &iv, 0, NULL), "2021-03-31");
    /* a year-month interval for a day-second marker: 07006 */
    assert_string_equal(run1("select timestamp '2020-01-01 00:00:00' + "
                             "cast(? as interval day to second)",
                             SQL_C_INTERVAL_MONTH, SQL_INTERVAL_MONTH, 0, 0,
                             &iv, 0, NULL), "!07006");

    /* columns: INSERT into timestamp(3) / timestamp(6) / time(0) columns
     * and a WHERE on them; SQLDescribeParam gives their types */
    exec_direct("drop table if exists ordersdb.wparams_time.ev");
    exec_direct("drop schema if exists ordersdb.wparams_time");
    exec_direct("create schema ordersdb.wparams_time");
    exec_direct("create table ordersdb.wparams_time.ev (id integer, "
                "ts timestamp(3), ts6 timestamp(6), t time(0))");
    SQLHSTMT st = new_stmt();
    prep(st, "insert into ordersdb.wparams_time.ev values (?, ?, ?, ?)");
    SQLSMALLINT type, digits;
    SQLULEN size;
    SQLINTEGER id = 1;
    SQL_TIMESTAMP_STRUCT a = { 2021, 5, 6, 7, 8, 9, 123000000 };
    SQL_TIMESTAMP_STRUCT b = { 2021, 5, 6, 7, 8, 9, 123456000 };
    SQL_TIME_STRUCT c = { 7, 8, 9 };
    assert_int_equal(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG,
                                      SQL_INTEGER, 0, 0, &id, 0, NULL),
                     SQL_SUCCESS);
    assert_int_equal(SQLBindParameter(st, 2, SQL_PARAM_INPUT,
                                      SQL_C_TYPE_TIMESTAMP,
                                      SQL_TYPE_TIMESTAMP, 23, 3, &a, 0, NULL),
                     SQL_SUCCESS);
    assert_int_equal(SQLBindParameter(st, 3, SQL_PARAM_INPUT,
                                      SQL_C_TYPE_TIMESTAMP,
                                      SQL_TYPE_TIMESTAMP, 26, 6, &b, 0, NULL),
                     SQL_SUCCESS);
    assert_int_equal(SQLBindParameter(st, 4, SQL_PARAM_INPUT,
                                      SQL_C_TYPE_TIME, SQL_TYPE_TIME, 8, 0,
                                      &c, 0, NULL), SQL_SUCCESS);
    assert_true(SQL_SUCCEEDED(exec(st)));
    id = 2;
    b.fraction = 0;
    c.hour = 23;
    assert_true(SQL_SUCCEEDED(exec(st)));
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    st = new_stmt();
    prep(st, "select id from ordersdb.wparams_time.ev where ts = ? "
             "and ts6 >= ? and t < ?");
    assert_int_equal(SQLDescribeParam(st, 1, &type, &size, &digits, NULL),
                     SQL_SUCCESS);
    assert_int_equal(type, SQL_TYPE_TIMESTAMP);
    assert_int_equal(size, 23);
    assert_int_equal(digits, 3);
    assert_int_equal(SQLDescribeParam(st, 2, &type, &size, &digits, NULL),
                     SQL_SUCCESS);
    assert_int_equal(type, SQL_TYPE_TIMESTAMP);
    assert_int_equal(digits, 6);
    assert_int_equal(SQLDescribeParam(st, 3, &type, &size, &digits, NULL),
                     SQL_SUCCESS);
    assert_int_equal(type, SQL_TYPE_TIME);
    assert_int_equal(digits, 0);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    assert_string_equal(run1("select cast(ts6 as varchar) from "
                             "ordersdb.wparams_time.ev where ts = ? and "
                             "id = 1", SQL_C_TYPE_TIMESTAMP,
                             SQL_TYPE_TIMESTAMP, 23, 3, &a, 0, NULL),
                        "2021-05-06 07:08:09.123456");
    b.fraction = 123456000;
    assert_string_equal(run1("select count(*) from ordersdb.wparams_time.ev "
                             "where ts6 = ?", SQL_C_TYPE_TIMESTAMP,
                             SQL_TYPE_TIMESTAMP, 26, 6, &b, 0, NULL), "1");
    /* a value finer than the column's timestamp(3): 22008, not a
     * rounded value that would match the wrong rows */
    assert_string_equal(run1("select count(*) from ordersdb.wparams_time.ev "
                             "where ts = ?", SQL_C_TYPE_TIMESTAMP,
                             SQL_TYPE_TIMESTAMP, 26, 6, &b, 0, NULL),
                        "!22008");
    c.hour = 12;
    assert_string_equal(run1("select id from ordersdb.wparams_time.ev "
                             "where t > ?", SQL_C_TYPE_TIME, SQL_TYPE_TIME,
                             8, 0, &c, 0, NULL), "2");
    exec_direct("drop table ordersdb.wparams_time.ev");
    exec_direct("drop schema ordersdb.wparams_time");
}

static void test_text(void **state)
{
    (void)state;
    /* SQL_NTS, an explicit length (no NUL), a NULL length pointer */
    char name[] = "Shawn";
    SQLLEN nts = SQL_NTS;
    const char *q = "select first_name from customersdb.public.customers "
                    "where first_name = ?";
    assert_string_equal(run1(q, SQL_C_CHAR, SQL_VARCHAR, 255, 0, name,
                             sizeof name, &nts), "Shawn");
    char padded[] = "ShawnXYZ";
    SQLLEN five = 5;
    assert_string_equal(run1(q, SQL_C_CHAR, SQL_VARCHAR, 255, 0, padded,
                             sizeof padded, &five), "Shawn");
    assert_string_equal(run1(q, SQL_C_CHAR, SQL_VARCHAR, 255, 0, name,
                             sizeof name, NULL), "Shawn");
    /* text into numbers: cast, 22018 when not a number */
    char num[] = "5";
    assert_string_equal(run1("select first_name from customersdb.public."
                             "customers where id = ?", SQL_C_CHAR,
                             SQL_VARCHAR, 1, 0, num, 2, &nts), "Katherine");
    char bad[] = "12x";
    assert_string_equal(run1("select first_name from customersdb.public."
                             "customers where id = ?", SQL_C_CHAR,
                             SQL_VARCHAR, 3, 0, bad, 4, &nts), "!22018");
    char dec[] = "12.50";
    assert_string_equal(run1("select ?", SQL_C_CHAR, SQL_DECIMAL, 10, 2, dec,
                             6, &nts), "12.50");
    /* UTF-16 with a character outside the BMP */
    SQLWCHAR w[] = { 'h', 0xE9, 0xD83D, 0xDE00, 0 };
    assert_string_equal(run1("select ?", SQL_C_WCHAR, SQL_WVARCHAR, 4, 0, w,
                             sizeof w, &nts), "h\xC3\xA9\xF0\x9F\x98\x80");
    SQLLEN wlen = 2 * sizeof(SQLWCHAR);
    assert_string_equal(run1("select ?", SQL_C_WCHAR, SQL_WVARCHAR, 4, 0, w,
                             sizeof w, &wlen), "h\xC3\xA9");
}

static void test_null_and_untyped(void **state)
{
    (void)state;
    SQLINTEGER v = 0;
    SQLLEN null = SQL_NULL_DATA;
    assert_string_equal(run1("select ?", SQL_C_SLONG, SQL_INTEGER, 0, 0, &v,
                             0, &null), "NULL");
    assert_string_equal(run1("select ? is null", SQL_C_SLONG, SQL_INTEGER,
                             0, 0, &v, 0, &null), "1");
    assert_string_equal(run1("select count(*) from customersdb.public."
                             "customers where id = ?", SQL_C_SLONG,
                             SQL_INTEGER, 0, 0, &v, 0, &null), "0");
    /* select ? bound as decimal(10,2) returns that decimal */
    SQLHSTMT st = new_stmt();
    prep(st, "select ?");
    char dec[] = "7.5";
    SQLLEN nts = SQL_NTS;
    assert_int_equal(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_CHAR,
                                      SQL_DECIMAL, 10, 2, dec, 4, &nts),
                     SQL_SUCCESS);
    assert_int_equal(exec(st), SQL_SUCCESS);
    SQLSMALLINT type, digits;
    SQLULEN size;
    assert_int_equal(SQLDescribeCol(st, 1, NULL, 0, NULL, &type, &size,
                                    &digits, NULL), SQL_SUCCESS);
    assert_int_equal(type, SQL_DECIMAL);
    assert_int_equal(size, 10);
    assert_int_equal(digits, 2);
    assert_string_equal(fetch1(st), "7.50");
    /* the same statement re-bound as an integer */
    SQLINTEGER i = 9;
    assert_int_equal(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG,
                                      SQL_INTEGER, 0, 0, &i, 0, NULL),
                     SQL_SUCCESS);
    assert_int_equal(exec(st), SQL_SUCCESS);
    assert_int_equal(SQLDescribeCol(st, 1, NULL, 0, NULL, &type, &size,
                                    &digits, NULL), SQL_SUCCESS);
    assert_int_equal(type, SQL_INTEGER);
    assert_string_equal(fetch1(st), "9");
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

static void test_errors_keep_handle(void **state)
{
    (void)state;
    SQLHSTMT st = new_stmt();
    SQLINTEGER v = 3;
    prep(st, "select first_name from customersdb.public.customers where "
             "id = ?");
    /* not bound: 07002 */
    assert_int_equal(SQLExecute(st), SQL_ERROR);
    assert_string_equal(state_of(st), "07002");
    assert_int_equal(SQLBindParameter(st, 1, SQL_PARAM_OUTPUT, SQL_C_SLONG,
                                      SQL_INTEGER, 0, 0, &v, 0, NULL),
                     SQL_ERROR);
    assert_string_equal(state_of(st), "HY105");
    assert_int_equal(SQLBindParameter(st, 1, SQL_PARAM_INPUT, 1234,
                                      SQL_INTEGER, 0, 0, &v, 0, NULL),
                     SQL_ERROR);
    assert_string_equal(state_of(st), "HY003");
    assert_int_equal(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG,
                                      1234, 0, 0, &v, 0, NULL), SQL_ERROR);
    assert_string_equal(state_of(st), "HY004");
    /* a double with a fraction for an integer marker: refused, not
     * rounded */
    SQLDOUBLE d = 1.5;
    assert_int_equal(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_DOUBLE,
                                      SQL_DOUBLE, 0, 0, &d, 0, NULL),
                     SQL_SUCCESS);
    assert_int_equal(SQLExecute(st), SQL_ERROR);
    assert_string_equal(state_of(st), "22003");
    assert_non_null(strstr(msg_of(st), "parameter 1"));
    /* 100000 for a smallint marker */
    prep(st, "select cast(? as smallint)");
    v = 100000;
    assert_int_equal(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG,
                                      SQL_INTEGER, 0, 0, &v, 0, NULL),
                     SQL_SUCCESS);
    assert_int_equal(SQLExecute(st), SQL_ERROR);
    assert_string_equal(state_of(st), "22003");
    /* the handle still works */
    v = 300;
    assert_int_equal(exec(st), SQL_SUCCESS);
    assert_string_equal(fetch1(st), "300");
    /* a bad date string for a date marker */
    prep(st, "select count(*) from ordersdb.public.orders where "
             "order_date = ?");
    char bad[] = "not a date";
    SQLLEN nts = SQL_NTS;
    assert_int_equal(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_CHAR,
                                      SQL_VARCHAR, 10, 0, bad, 11, &nts),
                     SQL_SUCCESS);
    assert_int_equal(SQLExecute(st), SQL_ERROR);
    assert_true(!strncmp(state_of(st), "22", 2));
    strcpy(bad, "2018-01-01");
    assert_int_equal(exec(st), SQL_SUCCESS);
    assert_string_equal(fetch1(st), "1");
    /* SQLFreeStmt(SQL_RESET_PARAMS) unbinds */
    assert_int_equal(SQLFreeStmt(st, SQL_RESET_PARAMS), SQL_SUCCESS);
    assert_int_equal(SQLExecute(st), SQL_ERROR);
    assert_string_equal(state_of(st), "07002");
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

/* Fetches the one count of each result set in turn into got[]. */
static int fetch_results(SQLHSTMT st, char got[][16], int max)
{
    int n = 0;
    do {
        SQLLEN ind;
        if (n >= max)
            break;
        assert_int_equal(SQLFetch(st), SQL_SUCCESS);
        assert_true(SQL_SUCCEEDED(SQLGetData(st, 1, SQL_C_CHAR, got[n], 16,
                                             &ind)));
        n++;
    } while (SQL_SUCCEEDED(SQLMoreResults(st)));
    return n;
}

static void test_array_column_wise(void **state)
{
    (void)state;
    SQLHSTMT st = new_stmt();
    prep(st, "select count(*) from customersdb.public.customers where "
             "id <= ?");
    char ids[4][8] = { "10", "abc", "20", "30" };
    SQLLEN lens[4] = { SQL_NTS, SQL_NTS, SQL_NTS, SQL_NTS };
    SQLUSMALLINT status[4], ops[4] = { SQL_PARAM_PROCEED, SQL_PARAM_PROCEED,
                                       SQL_PARAM_PROCEED, SQL_PARAM_IGNORE };
    SQLULEN processed = 99;
    assert_int_equal(SQLSetStmtAttr(st, SQL_ATTR_PARAMSET_SIZE,
                                    (SQLPOINTER)4, 0), SQL_SUCCESS);
    assert_int_equal(SQLSetStmtAttr(st, SQL_ATTR_PARAM_STATUS_PTR, status, 0),
                     SQL_SUCCESS);
    assert_int_equal(SQLSetStmtAttr(st, SQL_ATTR_PARAMS_PROCESSED_PTR,
                                    &processed, 0), SQL_SUCCESS);
    assert_int_equal(SQLSetStmtAttr(st, SQL_ATTR_PARAM_OPERATION_PTR, ops, 0),
                     SQL_SUCCESS);
    assert_int_equal(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_CHAR,
                                      SQL_VARCHAR, 7, 0, ids, 8, lens),
                     SQL_SUCCESS);
    assert_int_equal(exec(st), SQL_SUCCESS);
    assert_int_equal(status[0], SQL_PARAM_SUCCESS);
    assert_int_equal(status[1], SQL_PARAM_UNUSED);
    assert_int_equal(processed, 1);
    char got[4][16];
    int n = fetch_results(st, got, 4);
    assert_int_equal(n, 2);
    assert_string_equal(got[0], "10");
    assert_string_equal(got[1], "20");
    assert_int_equal(status[1], SQL_PARAM_ERROR);
    assert_int_equal(status[2], SQL_PARAM_SUCCESS);
    assert_int_equal(status[3], SQL_PARAM_UNUSED);
    assert_int_equal(processed, 3);
    /* the failing set's diagnostic names its row */
    SQLSetStmtAttr(st, SQL_ATTR_PARAM_OPERATION_PTR, NULL, 0);
    assert_int_equal(SQLExecute(st), SQL_SUCCESS);
    assert_int_equal(SQLFetch(st), SQL_SUCCESS);
    assert_int_equal(SQLMoreResults(st), SQL_SUCCESS_WITH_INFO);
    assert_string_equal(state_of(st), "22018");
    SQLLEN row = 0;
    assert_int_equal(SQLGetDiagField(SQL_HANDLE_STMT, st, 1,
                                     SQL_DIAG_ROW_NUMBER, &row, 0, NULL),
                     SQL_SUCCESS);
    assert_int_equal(row, 2);
    SQLCloseCursor(st);
    SQLSetStmtAttr(st, SQL_ATTR_PARAMSET_SIZE, (SQLPOINTER)1, 0);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

static void test_array_row_wise(void **state)
{
    (void)state;
    struct prow {
        SQLINTEGER lo;
        SQLLEN lo_ind;
        char name[12];
        SQLLEN name_ind;
    } rows[3] = {
        { 1, 0, "Shawn", SQL_NTS },
        { 0, SQL_NULL_DATA, "x", SQL_NTS },
        { 50, 0, "%a%", SQL_NTS },
    };
    SQLHSTMT st = new_stmt();
    prep(st, "select count(*) from customersdb.public.customers where "
             "id >= ? and first_name like ?");
    SQLUSMALLINT status[3];
    SQLULEN processed = 0;
    SQLSetStmtAttr(st, SQL_ATTR_PARAM_BIND_TYPE, (SQLPOINTER)sizeof rows[0],
                   0);
    SQLSetStmtAttr(st, SQL_ATTR_PARAMSET_SIZE, (SQLPOINTER)3, 0);
    SQLSetStmtAttr(st, SQL_ATTR_PARAM_STATUS_PTR, status, 0);
    SQLSetStmtAttr(st, SQL_ATTR_PARAMS_PROCESSED_PTR, &processed, 0);
    assert_int_equal(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG,
                                      SQL_INTEGER, 0, 0, &rows[0].lo, 0,
                                      &rows[0].lo_ind), SQL_SUCCESS);
    assert_int_equal(SQLBindParameter(st, 2, SQL_PARAM_INPUT, SQL_C_CHAR,
                                      SQL_VARCHAR, 11, 0, rows[0].name, 12,
                                      &rows[0].name_ind), SQL_SUCCESS);
    assert_int_equal(exec(st), SQL_SUCCESS);
    char got[3][16];
    assert_int_equal(fetch_results(st, got, 3), 3);
    assert_string_equal(got[0], "1");     /* Shawn */
    assert_string_equal(got[1], "0");     /* id >= NULL */
    /* the count PostgreSQL gives for the same filter */
    ou_result r;
    ou_diag d;
    SQLHSTMT q = SQL_NULL_HSTMT;
    assert_int_equal(ou_query(&conn, &q, "select count(*) from customersdb."
                              "public.customers where id >= 50 and "
                              "first_name like '%a%'", &r, &d), SQL_SUCCESS);
    assert_string_equal(got[2], r.cells[0]);
    ou_result_free(&r);
    SQLFreeHandle(SQL_HANDLE_STMT, q);
    assert_int_equal(processed, 3);
    for (int i = 0; i < 3; i++)
        assert_int_equal(status[i], SQL_PARAM_SUCCESS);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

static void test_data_at_exec(void **state)
{
    (void)state;
    SQLHSTMT st = new_stmt();
    prep(st, "select ? || '!', ? + 1");
    SQLLEN dae1 = SQL_LEN_DATA_AT_EXEC(0), dae2 = SQL_DATA_AT_EXEC;
    assert_int_equal(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_CHAR,
                                      SQL_VARCHAR, 100, 0, (SQLPOINTER)1, 0,
                                      &dae1), SQL_SUCCESS);
    assert_int_equal(SQLBindParameter(st, 2, SQL_PARAM_INPUT, SQL_C_SLONG,
                                      SQL_INTEGER, 0, 0, (SQLPOINTER)2, 0,
                                      &dae2), SQL_SUCCESS);
    assert_int_equal(SQLExecute(st), SQL_NEED_DATA);
    SQLPOINTER tok = NULL;
    assert_int_equal(SQLParamData(st, &tok), SQL_NEED_DATA);
    assert_ptr_equal(tok, (SQLPOINTER)1);
    assert_int_equal(SQLPutData(st, "hel", 3), SQL_SUCCESS);
    assert_int_equal(SQLPutData(st, "lo", SQL_NTS), SQL_SUCCESS);
    assert_int_equal(SQLParamData(st, &tok), SQL_NEED_DATA);
    assert_ptr_equal(tok, (SQLPOINTER)2);
    SQLINTEGER v = 41;
    assert_int_equal(SQLPutData(st, &v, 0), SQL_SUCCESS);
    assert_int_equal(SQLParamData(st, &tok), SQL_SUCCESS);
    assert_int_equal(SQLFetch(st), SQL_SUCCESS);
    char buf[32];
    SQLLEN ind;
    SQLGetData(st, 1, SQL_C_CHAR, buf, sizeof buf, &ind);
    assert_string_equal(buf, "hello!");
    SQLGetData(st, 2, SQL_C_CHAR, buf, sizeof buf, &ind);
    assert_string_equal(buf, "42");
    SQLCloseCursor(st);
    /* NULL through SQLPutData; SQLCancel leaves the need-data state */
    assert_int_equal(SQLExecute(st), SQL_NEED_DATA);
    assert_int_equal(SQLParamData(st, &tok), SQL_NEED_DATA);
    assert_int_equal(SQLPutData(st, NULL, SQL_NULL_DATA), SQL_SUCCESS);
    assert_int_equal(SQLParamData(st, &tok), SQL_NEED_DATA);
    assert_int_equal(SQLCancel(st), SQL_SUCCESS);
    assert_int_equal(SQLExecute(st), SQL_NEED_DATA);
    assert_int_equal(SQLParamData(st, &tok), SQL_NEED_DATA);
    assert_int_equal(SQLPutData(st, NULL, SQL_NULL_DATA), SQL_SUCCESS);
    assert_int_equal(SQLParamData(st, &tok), SQL_NEED_DATA);
    assert_int_equal(SQLPutData(st, &v, 0), SQL_SUCCESS);
    assert_int_equal(SQLParamData(st, &tok), SQL_SUCCESS);
    assert_int_equal(SQLFetch(st), SQL_SUCCESS);
    SQLGetData(st, 1, SQL_C_CHAR, buf, sizeof buf, &ind);
    assert_int_equal(ind, SQL_NULL_DATA);
    SQLCloseCursor(st);
    /* non-character data in pieces: HY019, and the execution is
     * cancelled (the statement can be executed again) */
    assert_int_equal(SQLExecute(st), SQL_NEED_DATA);
    assert_int_equal(SQLParamData(st, &tok), SQL_NEED_DATA);
    assert_int_equal(SQLPutData(st, "a", 1), SQL_SUCCESS);
    assert_int_equal(SQLParamData(st, &tok), SQL_NEED_DATA);
    assert_int_equal(SQLPutData(st, &v, 0), SQL_SUCCESS);
    assert_int_equal(SQLPutData(st, &v, 0), SQL_ERROR);
    assert_string_equal(state_of(st), "HY019");
    assert_int_equal(SQLExecute(st), SQL_NEED_DATA);
    assert_int_equal(SQLCancel(st), SQL_SUCCESS);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

static void test_descriptors(void **state)
{
    (void)state;
    SQLHSTMT st = new_stmt();
    prep(st, "select first_name from customersdb.public.customers where "
             "id = ? and first_name = ?");
    SQLHDESC ipd, apd;
    assert_int_equal(SQLGetStmtAttr(st, SQL_ATTR_IMP_PARAM_DESC, &ipd, 0,
                                    NULL), SQL_SUCCESS);
    assert_int_equal(SQLGetStmtAttr(st, SQL_ATTR_APP_PARAM_DESC, &apd, 0,
                                    NULL), SQL_SUCCESS);
    SQLSMALLINT v = 0;
    /* not bound: as described */
    assert_int_equal(SQLGetDescField(ipd, 1, SQL_DESC_CONCISE_TYPE, &v, 0,
                                     NULL), SQL_SUCCESS);
    assert_int_equal(v, SQL_INTEGER);
    assert_int_equal(SQLGetDescField(ipd, 1, SQL_DESC_PARAMETER_TYPE, &v, 0,
                                     NULL), SQL_SUCCESS);
    assert_int_equal(v, SQL_PARAM_INPUT);
    /* bound: what SQLBindParameter set */
    SQL_NUMERIC_STRUCT ns;
    memset(&ns, 0, sizeof ns);
    ns.sign = 1;
    ns.val[0] = 3;
    assert_int_equal(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_NUMERIC,
                                      SQL_DECIMAL, 10, 0, &ns, 0, NULL),
                     SQL_SUCCESS);
    assert_int_equal(SQLGetDescField(ipd, 1, SQL_DESC_CONCISE_TYPE, &v, 0,
                                     NULL), SQL_SUCCESS);
    assert_int_equal(v, SQL_DECIMAL);
    assert_int_equal(SQLGetDescField(ipd, 1, SQL_DESC_PRECISION, &v, 0,
                                     NULL), SQL_SUCCESS);
    assert_int_equal(v, 10);
    assert_int_equal(SQLGetDescField(apd, 1, SQL_DESC_CONCISE_TYPE, &v, 0,
                                     NULL), SQL_SUCCESS);
    assert_int_equal(v, SQL_C_NUMERIC);
    SQLPOINTER p = NULL;
    assert_int_equal(SQLGetDescField(apd, 1, SQL_DESC_DATA_PTR, &p, 0, NULL),
                     SQL_SUCCESS);
    assert_ptr_equal(p, &ns);
    /* parameter 2 bound through the descriptors alone */
    char name[] = "Kathleen";
    SQLLEN nts = SQL_NTS;
    assert_int_equal(SQLSetDescField(apd, 2, SQL_DESC_CONCISE_TYPE,
                                     (SQLPOINTER)SQL_C_CHAR, 0), SQL_SUCCESS);
    assert_int_equal(SQLSetDescField(apd, 2, SQL_DESC_OCTET_LENGTH,
                                     (SQLPOINTER)sizeof name, 0), SQL_SUCCESS);
    assert_int_equal(SQLSetDescField(apd, 2, SQL_DESC_OCTET_LENGTH_PTR, &nts,
                                     0), SQL_SUCCESS);
    assert_int_equal(SQLSetDescField(apd, 2, SQL_DESC_DATA_PTR, name, 0),
                     SQL_SUCCESS);
    assert_int_equal(SQLSetDescField(ipd, 2, SQL_DESC_CONCISE_TYPE,
                                     (SQLPOINTER)SQL_VARCHAR, 0), SQL_SUCCESS);
    assert_int_equal(exec(st), SQL_SUCCESS);
    assert_string_equal(fetch1(st), "Kathleen");
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

static void test_pushdown_literal(void **state)
{
    (void)state;
    /* a marker in a pushed-down filter reaches the catalog as a quoted
     * literal of its type */
    SQLHSTMT st = new_stmt();
    prep(st, "explain select first_name from customersdb.public.customers "
             "where first_name = ? and id > ?");
    char hostile[] = "x' or '1'='1";
    SQLLEN nts = SQL_NTS;
    SQLINTEGER id = 7;
    SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 50, 0,
                     hostile, sizeof hostile, &nts);
    SQLBindParameter(st, 2, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0,
                     &id, 0, NULL);
    assert_int_equal(exec(st), SQL_SUCCESS);
    const char *plan = fetch1(st);
    assert_non_null(strstr(plan, "WHERE (\"first_name\" = 'x'' or ''1''=''1')"
                                 " AND (\"id\" > 7)"));
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    assert_string_equal(run1("select count(*) from customersdb.public."
                             "customers where first_name = ?", SQL_C_CHAR,
                             SQL_VARCHAR, 50, 0, hostile, sizeof hostile,
                             &nts), "0");
}

static void test_functions_and_info(void **state)
{
    (void)state;
    SQLUSMALLINT f;
    SQLUSMALLINT ids[] = { SQL_API_SQLBINDPARAMETER, SQL_API_SQLNUMPARAMS,
                           SQL_API_SQLDESCRIBEPARAM, SQL_API_SQLPARAMDATA,
                           SQL_API_SQLPUTDATA };
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        assert_int_equal(SQLGetFunctions(conn.dbc, ids[i], &f), SQL_SUCCESS);
        assert_int_equal(f, SQL_TRUE);
    }
    SQLUINTEGER u = 0;
    assert_int_equal(SQLGetInfo(conn.dbc, SQL_PARAM_ARRAY_SELECTS, &u,
                                sizeof u, NULL), SQL_SUCCESS);
    assert_int_equal(u, SQL_PAS_BATCH);
    assert_int_equal(SQLGetInfo(conn.dbc, SQL_PARAM_ARRAY_ROW_COUNTS, &u,
                                sizeof u, NULL), SQL_SUCCESS);
    assert_int_equal(u, SQL_PARC_BATCH);
    char y[4];
    assert_int_equal(SQLGetInfo(conn.dbc, SQL_DESCRIBE_PARAMETER, y, sizeof y,
                                NULL), SQL_SUCCESS);
    assert_string_equal(y, "Y");
}

static void test_exec_direct(void **state)
{
    (void)state;
    SQLHSTMT st = new_stmt();
    SQLINTEGER id = 5;
    assert_int_equal(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG,
                                      SQL_INTEGER, 0, 0, &id, 0, NULL),
                     SQL_SUCCESS);
    assert_int_equal(SQLExecDirect(st, (SQLCHAR *)"select first_name from "
                                   "customersdb.public.customers where id = ?",
                                   SQL_NTS), SQL_SUCCESS);
    assert_string_equal(fetch1(st), "Katherine");
    /* a marker count mismatch is the application's affair: 07002 when a
     * marker is unbound */
    assert_int_equal(SQLExecDirect(st, (SQLCHAR *)"select ?, ?", SQL_NTS),
                     SQL_ERROR);
    assert_string_equal(state_of(st), "07002");
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

/* Runs sql directly; asserts success (or, with may_fail, ignores it). */
static void direct(const char *sql, int may_fail)
{
    SQLHSTMT st = new_stmt();
    SQLRETURN rc = SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS);
    if (!may_fail && !SQL_SUCCEEDED(rc))
        fprintf(stderr, "%s: %s %s\n", sql, state_of(st), msg_of(st));
    if (!may_fail)
        assert_true(SQL_SUCCEEDED(rc));
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

/* An INSERT with a parameter array of 10,000 rows travels as one write. */
static void test_insert_array(void **state)
{
    (void)state;
    enum { N = 10000 };
    direct("drop table if exists ordersdb.wparams.t", 1);
    direct("drop schema if exists ordersdb.wparams", 1);
    direct("create schema ordersdb.wparams", 0);
    direct("create table ordersdb.wparams.t (id integer, name varchar(20), "
           "amount decimal(10,2), d date)", 0);
    static SQLINTEGER ids[N];
    static char names[N][21];
    static SQLLEN name_len[N], amount_len[N];
    static char amounts[N][16];
    static SQL_DATE_STRUCT dates[N];
    static SQLUSMALLINT status[N];
    SQLULEN processed = 0;
    for (int i = 0; i < N; i++) {
        ids[i] = i + 1;
        snprintf(names[i], sizeof names[i], "n%d'x", i);
        name_len[i] = SQL_NTS;
        snprintf(amounts[i], sizeof amounts[i], "%d.%02d", i, i % 100);
        amount_len[i] = i % 1000 == 7 ? SQL_NULL_DATA : SQL_NTS;
        dates[i] = (SQL_DATE_STRUCT){ 2020, 1 + i % 12, 1 + i % 28 };
    }
    SQLHSTMT st = new_stmt();
    prep(st, "insert into ordersdb.wparams.t values (?, ?, ?, ?)");
    SQLSMALLINT type;
    SQLULEN size;
    SQLSMALLINT digits;
    /* the target columns type the markers */
    assert_int_equal(SQLDescribeParam(st, 3, &type, &size, &digits, NULL),
                     SQL_SUCCESS);
    assert_int_equal(type, SQL_DECIMAL);
    assert_int_equal(size, 10);
    assert_int_equal(digits, 2);
    SQLSetStmtAttr(st, SQL_ATTR_PARAMSET_SIZE, (SQLPOINTER)(uintptr_t)N, 0);
    SQLSetStmtAttr(st, SQL_ATTR_PARAM_STATUS_PTR, status, 0);
    SQLSetStmtAttr(st, SQL_ATTR_PARAMS_PROCESSED_PTR, &processed, 0);
    SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0,
                     ids, 0, NULL);
    SQLBindParameter(st, 2, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 20, 0,
                     names, sizeof names[0], name_len);
    SQLBindParameter(st, 3, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_DECIMAL, 10, 2,
                     amounts, sizeof amounts[0], amount_len);
    SQLBindParameter(st, 4, SQL_PARAM_INPUT, SQL_C_TYPE_DATE, SQL_TYPE_DATE,
                     0, 0, dates, 0, NULL);
    assert_int_equal(exec(st), SQL_SUCCESS);
    SQLLEN rows = 0;
    assert_int_equal(SQLRowCount(st, &rows), SQL_SUCCESS);
    assert_int_equal(rows, N);
    assert_int_equal(processed, N);
    assert_int_equal(status[0], SQL_PARAM_SUCCESS);
    assert_int_equal(status[N - 1], SQL_PARAM_SUCCESS);
    /* what PostgreSQL stored */
    ou_result r;
    ou_diag d;
    SQLHSTMT q = SQL_NULL_HSTMT;
    assert_int_equal(ou_query(&conn, &q, "select count(*), count(amount), "
                              "sum(id), max(name), min(d) from "
                              "ordersdb.wparams.t", &r, &d), SQL_SUCCESS);
    assert_string_equal(r.cells[0], "10000");
    assert_string_equal(r.cells[1], "9990");
    assert_string_equal(r.cells[2], "50005000");
    assert_string_equal(r.cells[3], "n9999'x");
    assert_string_equal(r.cells[4], "2020-01-01");
    ou_result_free(&r);
    /* a value that does not fit: the whole array is refused, nothing
     * written (one write) */
    strcpy(amounts[5], "123456789.5");
    assert_int_equal(SQLExecute(st), SQL_ERROR);
    assert_int_equal(status[5], SQL_PARAM_ERROR);
    assert_int_equal(ou_query(&conn, &q, "select count(*) from "
                              "ordersdb.wparams.t", &r, &d), SQL_SUCCESS);
    assert_string_equal(r.cells[0], "10000");
    ou_result_free(&r);
    SQLFreeHandle(SQL_HANDLE_STMT, q);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    /* a write that is not VALUES: once per set */
    st = new_stmt();
    prep(st, "delete from ordersdb.wparams.t where id <= ?");
    SQLINTEGER lim[2] = { 10, 20 };
    SQLSetStmtAttr(st, SQL_ATTR_PARAMSET_SIZE, (SQLPOINTER)2, 0);
    SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0,
                     lim, 0, NULL);
    assert_int_equal(exec(st), SQL_SUCCESS);
    SQLRowCount(st, &rows);
    assert_int_equal(rows, 20);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    direct("drop table ordersdb.wparams.t", 0);
    direct("drop schema ordersdb.wparams", 0);
}

/* A parameter bound as SQL_REAL is Trino's real (the 4-byte float), not
 * a double: an untyped marker takes that type, its value is the float
 * nearest the bound double, and SQL_FLOAT / SQL_DOUBLE stay double. */
static void test_real_parameters(void **state)
{
    (void)state;
    SQLDOUBLE d = 0.1;
    SQLREAL f = 0.1f;
    SQLLEN ind = 0;
    assert_string_equal(run1("select typeof(?)", SQL_C_DOUBLE, SQL_REAL, 0, 0, &d,
                             0, &ind), "real");
    assert_string_equal(run1("select typeof(?)", SQL_C_FLOAT, SQL_REAL, 0, 0, &f,
                             0, &ind), "real");
    assert_string_equal(run1("select typeof(?)", SQL_C_DOUBLE, SQL_DOUBLE, 0, 0, &d,
                             0, &ind), "double");
    assert_string_equal(run1("select typeof(?)", SQL_C_DOUBLE, SQL_FLOAT, 0, 0, &d,
                             0, &ind), "double");
    /* the value has a float's precision: 0.1 as a real is not 0.1 as a
     * double, and prints as the float's shortest text (the marker in a
     * derived table: a CAST would type it itself) */
    assert_string_equal(run1("select ?", SQL_C_DOUBLE, SQL_REAL, 0, 0, &d, 0, &ind),
                        "0.1");
    assert_string_equal(run1("select cast(x as double) = 0.1e0 from (select ? as x) t",
                             SQL_C_DOUBLE, SQL_REAL, 0, 0, &d, 0, &ind), "0");
    assert_string_equal(run1("select cast(x as double) = cast(real '0.1' as double) "
                             "from (select ? as x) t",
                             SQL_C_DOUBLE, SQL_REAL, 0, 0, &d, 0, &ind), "1");
    assert_string_equal(run1("select cast(x as double) = 0.1e0 from (select ? as x) t",
                             SQL_C_DOUBLE, SQL_DOUBLE, 0, 0, &d, 0, &ind), "1");
    /* SQLDescribeCol of `select ?` and the value back as SQL_C_DOUBLE */
    SQLHSTMT st = new_stmt();
    SQLSMALLINT type = 0;
    SQLDOUBLE back = 0;
    prep(st, "select ?");
    assert_int_equal(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_DOUBLE, SQL_REAL,
                                      0, 0, &d, 0, &ind), SQL_SUCCESS);
    assert_int_equal(exec(st), SQL_SUCCESS);
    assert_int_equal(SQLDescribeCol(st, 1, NULL, 0, NULL, &type, NULL, NULL, NULL),
                     SQL_SUCCESS);
    assert_int_equal(type, SQL_REAL);
    assert_int_equal(SQLFetch(st), SQL_SUCCESS);
    assert_int_equal(SQLGetData(st, 1, SQL_C_DOUBLE, &back, 0, &ind), SQL_SUCCESS);
    assert_true(back == (double)0.1f);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_num_and_describe),
        cmocka_unit_test(test_integers),
        cmocka_unit_test(test_other_c_types),
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_datetime),
        cmocka_unit_test(test_null_and_untyped),
        cmocka_unit_test(test_errors_keep_handle),
        cmocka_unit_test(test_array_column_wise),
        cmocka_unit_test(test_array_row_wise),
        cmocka_unit_test(test_data_at_exec),
        cmocka_unit_test(test_descriptors),
        cmocka_unit_test(test_pushdown_literal),
        cmocka_unit_test(test_functions_and_info),
        cmocka_unit_test(test_exec_direct),
        cmocka_unit_test(test_insert_array),
        cmocka_unit_test(test_real_parameters),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
