/*
 * tests/odbc/test_time.c
 *   timestamp, time and interval columns of PostgreSQL tables read through
 *   MeshODBC: Trino's text (SQLGetData SQL_C_CHAR), the ODBC structures
 *   (SQL_C_TYPE_TIMESTAMP, SQL_C_TYPE_TIME, SQL_C_TYPE_DATE with 01S07,
 *   SQL_C_INTERVAL_DAY_TO_SECOND), filters (shipped and local), a join of
 *   two catalogs on a timestamp, arithmetic against stored values, a
 *   timestamptz column read (test_timestamptz.c), and writes (INSERT into such
 *   columns, CREATE TABLE AS declaring them).
 * Environment: the cluster of tests/pg_cluster.sh (env.sh): the test makes
 *   schema time_test in customersdb's and ordersdb's servers through
 *   psqlODBC (PSQLODBC_DRIVER or the Debian path) and drops it at the end.
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

/* The shared fixture (odbc_util.h): f->pg[] holds psqlODBC connections to
 * the servers of setup's catalogs, in its order. */
typedef ou_suite fixture;
enum { CUST, ORD };

static int setup(void **state)
{
    static const char *const catalogs[] = {"customersdb", "ordersdb", NULL};
    static const char *const cust[] = {
        "drop schema if exists time_test cascade",
        "create schema time_test",
        "create table time_test.events (id int, ts timestamp(3), ts6 timestamp, "
        "t time(0), iv interval, ym interval year to month, d date, "
        "tz timestamptz)",
        "insert into time_test.events values "
        "(1, '2020-01-02 03:04:05.123', '2020-01-02 03:04:05.123456', '03:04:05', "
        "'2 days 03:04:05.5', '1 year 2 mons', '2020-01-02', now()), "
        "(2, '1999-12-31 23:59:59', '1969-12-31 23:59:59.999999', '23:59:59', "
        "'-1 day', '-2 mons', '1999-12-31', now()), "
        "(3, null, null, null, null, null, null, null), "
        "(4, '2020-01-02 00:00:00', '2020-01-02 00:00:00', '00:00:00', "
        "'00:00:00.0005', '0 mons', '2020-01-02', now())",
        NULL};
    static const char *const ord[] = {
        "drop schema if exists time_test cascade",
        "create schema time_test",
        "create table time_test.marks (ts timestamp(3), label text)",
        "insert into time_test.marks values ('2020-01-02 03:04:05.123', 'a'), "
        "('1999-12-31 23:59:59', 'b'), ('2020-01-02 03:04:05.124', 'c')",
        NULL};
    static const char *const *const make[] = {cust, ord};
    return ou_suite_setup(state, catalogs, make, NULL);
}

static int teardown(void **state)
{
    static const char *const drop[] = {"drop schema if exists time_test cascade",
                                       NULL};
    return ou_suite_teardown(state, drop);
}

static void test_text(void **state)
{
    fixture *f = *state;
    ou_expect(f, "select id, ts, ts6, t, iv, ym, d from customersdb.time_test.events "
                 "order by id",
              "1|2020-01-02 03:04:05.123|2020-01-02 03:04:05.123456|03:04:05|"
              "2 03:04:05.500|1-2|2020-01-02\n"
              "2|1999-12-31 23:59:59.000|1969-12-31 23:59:59.999999|23:59:59|"
              "-1 00:00:00.000|-0-2|1999-12-31\n"
              "3|NULL|NULL|NULL|NULL|NULL|NULL\n"
              "4|2020-01-02 00:00:00.000|2020-01-02 00:00:00.000000|00:00:00|"
              "0 00:00:00.001|0-0|2020-01-02\n");
}

static void test_structs(void **state)
{
    fixture *f = *state;
    SQLHSTMT st;
    SQL_TIMESTAMP_STRUCT ts;
    SQL_DATE_STRUCT dt;
    SQL_TIME_STRUCT tm;
    SQL_INTERVAL_STRUCT iv;
    SQLLEN ind;
    SQLCHAR sqlstate[6], msg[256];
    SQLINTEGER native;
    SQLSMALLINT ml;
    assert_int_equal(SQLAllocHandle(SQL_HANDLE_STMT, f->mesh.dbc, &st), SQL_SUCCESS);
    assert_int_equal(SQLExecDirect(st, (SQLCHAR *)"select ts6, ts, t, iv from "
                                   "customersdb.time_test.events where id = 1",
                                   SQL_NTS), SQL_SUCCESS);
    assert_int_equal(SQLFetch(st), SQL_SUCCESS);
    assert_int_equal(SQLGetData(st, 1, SQL_C_TYPE_TIMESTAMP, &ts, sizeof ts, &ind),
                     SQL_SUCCESS);
    assert_int_equal(ind, sizeof ts);
    assert_int_equal(ts.year, 2020);
    assert_int_equal(ts.month, 1);
    assert_int_equal(ts.day, 2);
    assert_int_equal(ts.hour, 3);
    assert_int_equal(ts.minute, 4);
    assert_int_equal(ts.second, 5);
    assert_int_equal(ts.fraction, 123456000);
    /* a timestamp into a date drops the time: 01S07 */
    assert_int_equal(SQLGetData(st, 2, SQL_C_TYPE_DATE, &dt, sizeof dt, &ind),
                     SQL_SUCCESS_WITH_INFO);
    assert_int_equal(SQLGetDiagRec(SQL_HANDLE_STMT, st, 1, sqlstate, &native, msg,
                                   sizeof msg, &ml), SQL_SUCCESS);
    assert_string_equal((char *)sqlstate, "01S07");
    assert_int_equal(dt.year, 2020);
    assert_int_equal(dt.day, 2);
    assert_int_equal(SQLGetData(st, 3, SQL_C_TYPE_TIME, &tm, sizeof tm, &ind),
                     SQL_SUCCESS);
    assert_int_equal(tm.hour, 3);
    assert_int_equal(tm.minute, 4);
    assert_int_equal(tm.second, 5);
    assert_int_equal(SQLGetData(st, 4, SQL_C_INTERVAL_DAY_TO_SECOND, &iv, sizeof iv,
                                &ind), SQL_SUCCESS);
    assert_int_equal(iv.interval_type, SQL_IS_DAY_TO_SECOND);
    assert_int_equal(iv.interval_sign, SQL_FALSE);
    assert_int_equal(iv.intval.day_second.day, 2);
    assert_int_equal(iv.intval.day_second.hour, 3);
    assert_int_equal(iv.intval.day_second.second, 5);
    assert_int_equal(iv.intval.day_second.fraction, 500000);
    SQLCloseCursor(st);
    /* SQL_C_DEFAULT of a timestamp column is the timestamp structure */
    SQLLEN bind_ind;
    memset(&ts, 0, sizeof ts);
    assert_int_equal(SQLBindCol(st, 1, SQL_C_DEFAULT, &ts, sizeof ts, &bind_ind),
                     SQL_SUCCESS);
    assert_int_equal(SQLExecDirect(st, (SQLCHAR *)"select ts from "
                                   "customersdb.time_test.events where id = 2",
                                   SQL_NTS), SQL_SUCCESS);
    assert_int_equal(SQLFetch(st), SQL_SUCCESS);
    assert_int_equal(ts.year, 1999);
    assert_int_equal(ts.second, 59);
    assert_int_equal(ts.fraction, 0);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

static void test_filters_and_joins(void **state)
{
    fixture *f = *state;
    /* shipped comparison with a literal, local arithmetic, IN, BETWEEN */
    ou_expect(f, "select id from customersdb.time_test.events "
                 "where ts >= TIMESTAMP '2020-01-02 00:00:00' order by id", "1\n4\n");
    ou_expect(f, "select id from customersdb.time_test.events "
                 "where ts6 = TIMESTAMP '2020-01-02 03:04:05.123456'", "1\n");
    ou_expect(f, "select id from customersdb.time_test.events "
                 "where ts + INTERVAL '1' DAY > TIMESTAMP '2020-01-03 01:00:00' "
                 "order by id", "1\n");
    ou_expect(f, "select id from customersdb.time_test.events "
                 "where t between TIME '00:00:00' and TIME '12:00:00' order by id",
              "1\n4\n");
    ou_expect(f, "select id from customersdb.time_test.events where ts > d order by id",
              "1\n2\n");
    ou_expect(f, "select id, ts - ts6, d + ym, ts6 + iv from customersdb.time_test.events "
                 "where id in (1, 2) order by id",
              "1|0 00:00:00.000|2021-03-02|2020-01-04 06:08:10.623456\n"
              "2|10956 23:59:59.000|1999-10-31|1969-12-30 23:59:59.999999\n");
    /* a join of two catalogs on a timestamp, and grouping */
    ou_expect(f, "select e.id, m.label from customersdb.time_test.events e "
                 "join ordersdb.time_test.marks m on m.ts = e.ts order by e.id",
              "1|a\n2|b\n");
    ou_expect(f, "select cast(ts as date) day, count(*), max(ts6) "
                 "from customersdb.time_test.events group by 1 order by 1 nulls last",
              "1999-12-31|1|1969-12-31 23:59:59.999999\n"
              "2020-01-02|2|2020-01-02 03:04:05.123456\n"
              "NULL|1|NULL\n");
}

/* Writes: INSERT into existing columns and CREATE TABLE AS with the new
 * types; PostgreSQL sees the same values (its own text, read through
 * psqlODBC) and MeshODBC reads them back. */
static void test_writes(void **state)
{
    fixture *f = *state;
    SQLHSTMT st = SQL_NULL_HSTMT;
    ou_result r;
    ou_diag d;
    ou_run(f,
        "insert into customersdb.time_test.events (id, ts, ts6, t, iv, ym, d) "
        "values (5, TIMESTAMP '2021-05-06 07:08:09.123', "
        "TIMESTAMP '2021-05-06 07:08:09.123456', TIME '07:08:09', "
        "INTERVAL '2 03:04:05.5' DAY TO SECOND, INTERVAL -'1-2' YEAR TO MONTH, "
        "DATE '2021-05-06')");
    assert_true(SQL_SUCCEEDED(ou_query(&f->pg[CUST], &st,
        "select ts::text, ts6::text, t::text, iv::text, ym::text "
        "from time_test.events where id = 5", &r, &d)));
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    assert_int_equal(r.nrows, 1);
    assert_string_equal(r.cells[0], "2021-05-06 07:08:09.123");
    assert_string_equal(r.cells[1], "2021-05-06 07:08:09.123456");
    assert_string_equal(r.cells[2], "07:08:09");
    assert_string_equal(r.cells[3], "2 days 03:04:05.5");
    assert_string_equal(r.cells[4], "-1 years -2 mons");
    ou_result_free(&r);
    ou_expect(f, "select ts, ts6, t, iv, ym from customersdb.time_test.events where id = 5",
              "2021-05-06 07:08:09.123|2021-05-06 07:08:09.123456|07:08:09|"
              "2 03:04:05.500|-1-2\n");
    /* CREATE TABLE AS keeps the types (PostgreSQL's declared types too) */
    ou_run(f, "create table customersdb.time_test.copy as "
              "select id, ts, ts6, t, iv, ym from customersdb.time_test.events");
    ou_expect(f, "select count(*) from customersdb.time_test.events e "
                 "join customersdb.time_test.copy c on c.id = e.id and c.ts = e.ts "
                 "and c.ts6 = e.ts6 and c.t = e.t and c.iv = e.iv and c.ym = e.ym",
              "4\n");
    st = SQL_NULL_HSTMT;
    assert_true(SQL_SUCCEEDED(ou_query(&f->pg[CUST], &st,
        "select format_type(atttypid, atttypmod) from pg_attribute "
        "where attrelid = 'time_test.copy'::regclass and attnum > 1 "
        "order by attnum", &r, &d)));
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    assert_int_equal(r.nrows, 5);
    assert_string_equal(r.cells[0], "timestamp(3) without time zone");
    assert_string_equal(r.cells[1], "timestamp(6) without time zone");
    assert_string_equal(r.cells[2], "time(0) without time zone");
    assert_string_equal(r.cells[3], "interval");
    assert_string_equal(r.cells[4], "interval year to month");
    ou_result_free(&r);
    /* leave the table as the other tests expect it */
    ou_run(f, "delete from customersdb.time_test.events where id = 5");
}

/* The date and time functions over stored timestamps, times and
 * intervals (expected values as Trino 476 gives them), and a function's
 * timestamp into SQL_C_TYPE_TIMESTAMP. */
static void test_functions(void **state)
{
    fixture *f = *state;
    ou_expect(f, "select id, hour(ts6), minute(ts6), second(ts6), millisecond(ts6), "
                 "date_trunc('second', ts6), date_add('millisecond', -1, ts6), "
                 "date_diff('millisecond', ts, ts6), day(iv), hour(iv), year(ym), "
                 "month(ym), hour(t), date_add('hour', 1, t) "
                 "from customersdb.time_test.events order by id",
              "1|3|4|5|123|2020-01-02 03:04:05.000000|2020-01-02 03:04:05.122456|"
              "0|2|3|1|2|3|04:04:05\n"
              "2|23|59|59|999|1969-12-31 23:59:59.000000|1969-12-31 23:59:59.998999|"
              "-946684799001|-1|0|0|-2|23|00:59:59\n"
              "3|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL\n"
              "4|0|0|0|0|2020-01-02 00:00:00.000000|2020-01-01 23:59:59.999000|"
              "0|0|0|0|0|0|01:00:00\n");
    ou_expect(f, "select format_datetime(ts6, 'yyyy-MM-dd HH:mm:ss.SSS EEE'), "
                 "date_format(ts, '%Y%m%d %r'), to_iso8601(ts6), date_diff('month', d, "
                 "date_add('day', 30, d)) from customersdb.time_test.events where id = 1",
              "2020-01-02 03:04:05.123 Thu|20200102 03:04:05 AM|"
              "2020-01-02T03:04:05.123456|0\n");
    ou_expect(f, "select count(*) from customersdb.time_test.events "
                 "where date_trunc('day', ts) = TIMESTAMP '2020-01-02 00:00:00'", "2\n");
    ou_expect_error(f, "select date_trunc('day', t) from customersdb.time_test.events",
                    "22023", "'day' is not a valid TIME field");

    SQLHSTMT st;
    SQL_TIMESTAMP_STRUCT ts;
    SQLLEN ind;
    SQLCHAR name[64];
    SQLSMALLINT nl, type, dec, nullable;
    SQLULEN size;
    assert_int_equal(SQLAllocHandle(SQL_HANDLE_STMT, f->mesh.dbc, &st), SQL_SUCCESS);
    assert_int_equal(SQLExecDirect(st, (SQLCHAR *)"select date_parse('2024-02-29 "
                                   "13:14:15.678', '%Y-%m-%d %H:%i:%s.%f') as p, "
                                   "date_add('month', 1, ts6) from "
                                   "customersdb.time_test.events where id = 1",
                                   SQL_NTS), SQL_SUCCESS);
    assert_int_equal(SQLDescribeCol(st, 1, name, sizeof name, &nl, &type, &size,
                                    &dec, &nullable), SQL_SUCCESS);
    assert_int_equal(type, SQL_TYPE_TIMESTAMP);
    assert_int_equal(dec, 3);
    assert_int_equal(SQLDescribeCol(st, 2, name, sizeof name, &nl, &type, &size,
                                    &dec, &nullable), SQL_SUCCESS);
    assert_int_equal(type, SQL_TYPE_TIMESTAMP);
    assert_int_equal(dec, 6);
    assert_int_equal(SQLFetch(st), SQL_SUCCESS);
    assert_int_equal(SQLGetData(st, 1, SQL_C_TYPE_TIMESTAMP, &ts, sizeof ts, &ind),
                     SQL_SUCCESS);
    assert_int_equal(ts.year, 2024);
    assert_int_equal(ts.month, 2);
    assert_int_equal(ts.day, 29);
    assert_int_equal(ts.hour, 13);
    assert_int_equal(ts.minute, 14);
    assert_int_equal(ts.second, 15);
    assert_int_equal(ts.fraction, 678000000);
    assert_int_equal(SQLGetData(st, 2, SQL_C_TYPE_TIMESTAMP, &ts, sizeof ts, &ind),
                     SQL_SUCCESS);
    assert_int_equal(ts.month, 2);
    assert_int_equal(ts.day, 2);
    assert_int_equal(ts.fraction, 123456000);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

static void test_unsupported(void **state)
{
    fixture *f = *state;
    /* a timestamptz column is readable (tests/odbc/test_timestamptz.c) */
    ou_expect(f, "select count(tz), count(*) from customersdb.time_test.events",
              "3|4\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_structs),
        cmocka_unit_test(test_filters_and_joins),
        cmocka_unit_test(test_functions),
        cmocka_unit_test(test_unsupported),
        cmocka_unit_test(test_writes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
