/*
 * tests/odbc/test_timestamptz.c
 *   PostgreSQL timestamptz columns through MeshODBC as Trino's
 *   timestamp(p) with time zone (read in UTC, as Trino's PostgreSQL
 *   connector): the column described as SQL_VARCHAR, Trino's text through
 *   SQL_C_CHAR, the wall-clock time in the session zone through
 *   SQL_C_TYPE_TIMESTAMP, the session zone from the DSN key TimeZone= and
 *   SET TIME ZONE, AT TIME ZONE, parameters without a zone read in the
 *   session zone, filters shipped with UTC literals (and
 *   their answers equal to PostgreSQL's), GROUP BY by instant, and writes:
 *   INSERT into a timestamptz column and CREATE TABLE AS declaring one.
 * Environment: the cluster of tests/pg_cluster.sh (env.sh): the test makes
 *   schema tz_test in customersdb's server through psqlODBC
 *   (PSQLODBC_DRIVER or the Debian path) and drops it at the end.
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
enum { CUST };

static int setup(void **state)
{
    static const char *const catalogs[] = {"customersdb", NULL};
    static const char *const cust[] = {
        "drop schema if exists tz_test cascade",
        "create schema tz_test",
        "create table tz_test.events (id int, at timestamptz(3), at6 timestamptz)",
        "insert into tz_test.events values "
        "(1, '2020-01-01 10:00:00.123-05', '2020-01-01 10:00:00.123456-05'), "
        "(2, '2020-07-01 12:00:00+00', '2020-07-01 12:00:00+00'), "
        "(3, null, null), "
        "(4, '2020-01-01 15:00:00.123+00', '1969-12-31 23:59:59.999999+00')",
        NULL};
    static const char *const *const make[] = {cust};
    return ou_suite_setup(state, catalogs, make, "TimeZone=America/New_York;");
}

static int teardown(void **state)
{
    static const char *const drop[] = {"drop schema if exists tz_test cascade",
                                       NULL};
    return ou_suite_teardown(state, drop);
}

static void test_text(void **state)
{
    fixture *f = *state;
    ou_expect(f, "select id, at, at6 from customersdb.tz_test.events order by id",
              "1|2020-01-01 15:00:00.123 UTC|2020-01-01 15:00:00.123456 UTC\n"
              "2|2020-07-01 12:00:00.000 UTC|2020-07-01 12:00:00.000000 UTC\n"
              "3|NULL|NULL\n"
              "4|2020-01-01 15:00:00.123 UTC|1969-12-31 23:59:59.999999 UTC\n");
    ou_expect(f, "select current_timezone(), at at time zone 'America/New_York', "
                 "typeof(at), hour(at), hour(at at time zone 'Asia/Tokyo') "
                 "from customersdb.tz_test.events where id = 2",
              "America/New_York|2020-07-01 08:00:00.000 America/New_York|"
              "timestamp(3) with time zone|12|21\n");
    /* equal instants group together (rows 1 and 4) */
    ou_expect(f, "select count(*), count(distinct at) from customersdb.tz_test.events "
                 "where at is not null",
              "3|2\n");
}

static void test_describe_and_structs(void **state)
{
    fixture *f = *state;
    SQLHSTMT st;
    SQLCHAR name[64], text[128];
    SQLSMALLINT nl, type, digits, nullable;
    SQLULEN size;
    SQLLEN ind;
    SQL_TIMESTAMP_STRUCT ts;
    assert_int_equal(SQLAllocHandle(SQL_HANDLE_STMT, f->mesh.dbc, &st), SQL_SUCCESS);
    assert_int_equal(SQLExecDirect(st, (SQLCHAR *)"select at6, at6 from "
                                   "customersdb.tz_test.events where id = 1",
                                   SQL_NTS), SQL_SUCCESS);
    assert_int_equal(SQLDescribeCol(st, 1, name, sizeof name, &nl, &type, &size,
                                    &digits, &nullable), SQL_SUCCESS);
    assert_int_equal(type, SQL_VARCHAR);
    assert_true(size >= strlen("2020-01-01 15:00:00.123456 America/Argentina/"
                               "ComodRivadavia"));
    assert_int_equal(SQLFetch(st), SQL_SUCCESS);
    assert_int_equal(SQLGetData(st, 1, SQL_C_CHAR, text, sizeof text, &ind),
                     SQL_SUCCESS);
    assert_string_equal((char *)text, "2020-01-01 15:00:00.123456 UTC");
    /* the wall-clock time in the session zone (TimeZone=America/New_York) */
    assert_int_equal(SQLGetData(st, 2, SQL_C_TYPE_TIMESTAMP, &ts, sizeof ts, &ind),
                     SQL_SUCCESS);
    assert_int_equal(ts.year, 2020);
    assert_int_equal(ts.month, 1);
    assert_int_equal(ts.day, 1);
    assert_int_equal(ts.hour, 10);
    assert_int_equal(ts.minute, 0);
    assert_int_equal(ts.second, 0);
    assert_int_equal(ts.fraction, 123456000);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

static void test_filters(void **state)
{
    fixture *f = *state;
    /* a literal with a zone, one without (the session zone), and one in a
     * fixed offset: each the same instant set PostgreSQL returns */
    ou_expect(f, "select id from customersdb.tz_test.events where at > "
                 "TIMESTAMP '2020-01-01 10:00:00 America/New_York' order by id",
              "1\n2\n4\n");
    ou_expect(f, "select id from customersdb.tz_test.events where at = "
                 "TIMESTAMP '2020-01-01 10:00:00.123' order by id",
              "1\n4\n");
    ou_expect(f, "select id from customersdb.tz_test.events where at < "
                 "TIMESTAMP '2020-07-01 14:00:00 +02:00' order by id",
              "1\n4\n");
    /* the filter reaches PostgreSQL as a UTC literal */
    SQLHSTMT st = SQL_NULL_HSTMT;
    ou_result r;
    ou_diag d;
    SQLRETURN rc = ou_query(&f->mesh, &st, "explain select id from "
                            "customersdb.tz_test.events where at > TIMESTAMP "
                            "'2020-01-01 10:00:00 America/New_York'", &r, &d);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    assert_true(SQL_SUCCEEDED(rc));
    bool found = false;
    for (int i = 0; i < r.nrows * r.ncols; i++)
        if (r.cells[i] && strstr(r.cells[i], "'2020-01-01 15:00:00.000000+00'"
                                              "::timestamptz"))
            found = true;
    if (!found)
        fail_msg("EXPLAIN lacks the UTC literal: %s",
                 r.nrows ? r.cells[0] : "");
    ou_result_free(&r);
    /* PostgreSQL agrees (its own session zone set to match) */
    static const char *const sess[] = {"set timezone = 'America/New_York'", NULL};
    assert_int_equal(ou_exec_list(&f->pg[CUST], sess), 0);
    st = SQL_NULL_HSTMT;
    rc = ou_query(&f->pg[CUST], &st, "select string_agg(id::text, ',' order by id) "
                  "from tz_test.events where at = TIMESTAMP '2020-01-01 "
                  "10:00:00.123'", &r, &d);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    assert_true(SQL_SUCCEEDED(rc));
    assert_string_equal(r.cells[0], "1,4");
    ou_result_free(&r);
}

static void test_set_time_zone(void **state)
{
    fixture *f = *state;
    ou_run(f, "SET TIME ZONE 'Asia/Kolkata'");
    ou_expect(f, "select current_timezone(), cast(at as timestamp) from "
                 "customersdb.tz_test.events where id = 2",
              "Asia/Kolkata|2020-07-01 12:00:00.000\n");
    ou_expect(f, "select id from customersdb.tz_test.events where at = "
                 "TIMESTAMP '2020-07-01 17:30:00' order by id", "2\n");
    ou_expect_error(f, "SET TIME ZONE 'Nowhere/City'", "22023", "Nowhere/City");
    ou_run(f, "SET TIME ZONE 'America/New_York'");
}

/* Runs sql (one marker) with one parameter (c type ct, SQL type sqlt)
 * and returns the ids it selects, "," joined ("" for none, "!STATE" on
 * failure). */
static const char *param_ids(fixture *f, const char *sql, SQLSMALLINT ct,
                             SQLSMALLINT sqlt, SQLULEN size, SQLSMALLINT dig,
                             void *val, SQLLEN len, SQLLEN *ind)
{
    static char out[256];
    SQLHSTMT st;
    SQLINTEGER id;
    SQLLEN idind;
    size_t n = 0;
    out[0] = '\0';
    assert_int_equal(SQLAllocHandle(SQL_HANDLE_STMT, f->mesh.dbc, &st), SQL_SUCCESS);
    assert_true(SQL_SUCCEEDED(SQLBindParameter(st, 1, SQL_PARAM_INPUT, ct, sqlt,
                                               size, dig, val, len, ind)));
    if (!SQL_SUCCEEDED(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS))) {
        ou_diag d;
        ou_last_diag(SQL_HANDLE_STMT, st, &d);
        snprintf(out, sizeof out, "!%s %.200s", d.sqlstate, d.message);
        SQLFreeHandle(SQL_HANDLE_STMT, st);
        return out;
    }
    SQLBindCol(st, 1, SQL_C_SLONG, &id, 0, &idind);
    while (SQL_SUCCEEDED(SQLFetch(st)))
        n += (size_t)snprintf(out + n, sizeof out - n, "%s%d", n ? "," : "",
                              (int)id);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    return out;
}

/* A parameter without a zone for a marker compared with a timestamp with
 * time zone is read in the session zone (America/New_York here), as a
 * literal without a zone is (Trino's rule); it was read in UTC. */
static void test_params(void **state)
{
    fixture *f = *state;
    const char *q = "select id from customersdb.tz_test.events where at = ? "
                    "order by id";
    SQL_TIMESTAMP_STRUCT ts = { 2020, 1, 1, 10, 0, 0, 123000000 };
    assert_string_equal(param_ids(f, q, SQL_C_TYPE_TIMESTAMP,
                                  SQL_TYPE_TIMESTAMP, 23, 3, &ts, 0, NULL),
                        "1,4");
    char txt[] = "2020-01-01 10:00:00.123";
    SQLLEN nts = SQL_NTS;
    assert_string_equal(param_ids(f, q, SQL_C_CHAR, SQL_VARCHAR, 23, 0, txt,
                                  sizeof txt, &nts), "1,4");
    /* text with a zone keeps it */
    char utc[] = "2020-07-01 12:00:00 UTC";
    assert_string_equal(param_ids(f, q, SQL_C_CHAR, SQL_VARCHAR, 23, 0, utc,
                                  sizeof utc, &nts), "2");
    ou_run(f, "SET TIME ZONE 'Asia/Kolkata'");
    SQL_TIMESTAMP_STRUCT k = { 2020, 7, 1, 17, 30, 0, 0 };
    assert_string_equal(param_ids(f, "select id from customersdb.tz_test.events "
                                     "where at > ? order by id",
                                  SQL_C_TYPE_TIMESTAMP, SQL_TYPE_TIMESTAMP, 19,
                                  0, &k, 0, NULL), "");
    k.hour = 17;
    k.minute = 29;
    assert_string_equal(param_ids(f, "select id from customersdb.tz_test.events "
                                     "where at > ? order by id",
                                  SQL_C_TYPE_TIMESTAMP, SQL_TYPE_TIMESTAMP, 19,
                                  0, &k, 0, NULL), "2");
    ou_run(f, "SET TIME ZONE 'America/New_York'");
}

static void test_writes(void **state)
{
    fixture *f = *state;
    SQLHSTMT st = SQL_NULL_HSTMT;
    ou_result r;
    ou_diag d;
    static const char *const writes[] = {
        "create table customersdb.tz_test.copy as select id, at from "
        "customersdb.tz_test.events",
        "insert into customersdb.tz_test.copy values (5, TIMESTAMP "
        "'2021-03-14 02:30:00 America/New_York'), (6, TIMESTAMP "
        "'2021-03-14 12:00:00')",
        NULL};
    for (int i = 0; writes[i]; i++)
        ou_run(f, writes[i]);
    /* PostgreSQL holds a timestamptz(3) column with the same instants
     * (05:30Z is the DST gap moved later; 16:00Z is noon in the session
     * zone, New York, on 2021-03-14 after the change) */
    st = SQL_NULL_HSTMT;
    SQLRETURN rc = ou_query(&f->pg[CUST], &st,
        "select format_type(atttypid, atttypmod) from pg_attribute where "
        "attrelid = 'tz_test.copy'::regclass and attname = 'at'", &r, &d);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    assert_true(SQL_SUCCEEDED(rc));
    assert_string_equal(r.cells[0], "timestamp(3) with time zone");
    ou_result_free(&r);
    st = SQL_NULL_HSTMT;
    rc = ou_query(&f->pg[CUST], &st,
        "select string_agg(id || '=' || to_char(at at time zone 'UTC', "
        "'YYYY-MM-DD HH24:MI:SS.MS'), ',' order by id) from tz_test.copy "
        "where at is not null", &r, &d);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    assert_true(SQL_SUCCEEDED(rc));
    assert_string_equal(r.cells[0],
        "1=2020-01-01 15:00:00.123,2=2020-07-01 12:00:00.000,"
        "4=2020-01-01 15:00:00.123,5=2021-03-14 07:30:00.000,"
        "6=2021-03-14 16:00:00.000");
    ou_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_describe_and_structs),
        cmocka_unit_test(test_filters),
        cmocka_unit_test(test_set_time_zone),
        cmocka_unit_test(test_params),
        cmocka_unit_test(test_writes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
