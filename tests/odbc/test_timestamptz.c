/*
 * tests/odbc/test_timestamptz.c
 *   PostgreSQL timestamptz columns through MeshODBC as Trino's
 *   timestamp(p) with time zone (read in UTC, as Trino's PostgreSQL
 *   connector): the column described as SQL_VARCHAR, Trino's text through
 *   SQL_C_CHAR, the wall-clock time in the session zone through
 *   SQL_C_TYPE_TIMESTAMP, the session zone from the DSN key TimeZone= and
 *   SET TIME ZONE, AT TIME ZONE, filters shipped with UTC literals (and
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

typedef struct fixture {
    ou_conn mesh, cust;
} fixture;

static const char *psqlodbc_driver(void)
{
    const char *d = getenv("PSQLODBC_DRIVER");
    return d ? d : "/usr/lib/x86_64-linux-gnu/odbc/psqlodbcw.so";
}

/* Runs statements on a PostgreSQL connection; -1 on the first failure. */
static int pg_exec(ou_conn *c, const char *const *sqls)
{
    for (; *sqls; sqls++) {
        SQLHSTMT st = SQL_NULL_HSTMT;
        ou_result r;
        ou_diag d;
        SQLRETURN rc = ou_query(c, &st, *sqls, &r, &d);
        SQLFreeHandle(SQL_HANDLE_STMT, st);
        if (!SQL_SUCCEEDED(rc)) {
            fprintf(stderr, "psqlODBC: %s: %s %s\n", *sqls, d.sqlstate, d.message);
            return -1;
        }
        ou_result_free(&r);
    }
    return 0;
}

static int pg_connect(ou_conn *c, const char *port_var)
{
    char cs[512];
    ou_diag d;
    snprintf(cs, sizeof cs, "Driver=%s;Servername=127.0.0.1;Port=%s;"
             "Database=postgres;UID=postgres;PWD=postgres;", psqlodbc_driver(),
             getenv(port_var));
    if (!SQL_SUCCEEDED(ou_connect(c, cs, &d))) {
        fprintf(stderr, "psqlODBC connect: %s %s\n", d.sqlstate, d.message);
        return -1;
    }
    return 0;
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    ou_diag d;
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
    if (pg_connect(&f->cust, "MESH_PORT_CUSTOMERSDB") || pg_exec(&f->cust, cust))
        return -1;
    if (!SQL_SUCCEEDED(ou_connect(&f->mesh, OU_DSN "TimeZone=America/New_York;",
                                  &d))) {
        fprintf(stderr, "connect: %s %s\n", d.sqlstate, d.message);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    static const char *const drop[] = {"drop schema if exists tz_test cascade",
                                       NULL};
    pg_exec(&f->cust, drop);
    ou_disconnect(&f->cust);
    ou_disconnect(&f->mesh);
    free(f);
    return 0;
}

/* Runs sql through MeshODBC and compares every row, cells "|"-joined and
 * rows "\n"-terminated, NULL as "NULL". */
static void expect(fixture *f, const char *sql, const char *want)
{
    SQLHSTMT st = SQL_NULL_HSTMT;
    ou_result r;
    ou_diag d;
    char got[4096];
    size_t n = 0;
    SQLRETURN rc = ou_query(&f->mesh, &st, sql, &r, &d);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    if (!SQL_SUCCEEDED(rc))
        fail_msg("%s: %s %s", sql, d.sqlstate, d.message);
    got[0] = '\0';
    for (int i = 0; i < r.nrows; i++)
        for (int c = 0; c < r.ncols; c++) {
            const char *v = r.cells[i * r.ncols + c];
            n += (size_t)snprintf(got + n, sizeof got - n, "%s%s", v ? v : "NULL",
                                  c + 1 < r.ncols ? "|" : "\n");
        }
    ou_result_free(&r);
    assert_string_equal(got, want);
}

static void expect_error(fixture *f, const char *sql, const char *state,
                         const char *needle)
{
    SQLHSTMT st = SQL_NULL_HSTMT;
    ou_result r;
    ou_diag d;
    SQLRETURN rc = ou_query(&f->mesh, &st, sql, &r, &d);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    if (SQL_SUCCEEDED(rc)) {
        ou_result_free(&r);
        fail_msg("%s: expected %s", sql, state);
    }
    assert_string_equal(d.sqlstate, state);
    if (needle && !strstr(d.message, needle))
        fail_msg("%s: message '%s' lacks '%s'", sql, d.message, needle);
}

/* Runs a statement without a result set through MeshODBC. */
static void mesh_exec(fixture *f, const char *sql)
{
    SQLHSTMT st;
    ou_diag d;
    assert_int_equal(SQLAllocHandle(SQL_HANDLE_STMT, f->mesh.dbc, &st), SQL_SUCCESS);
    SQLRETURN rc = SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS);
    if (!SQL_SUCCEEDED(rc)) {
        ou_last_diag(SQL_HANDLE_STMT, st, &d);
        SQLFreeHandle(SQL_HANDLE_STMT, st);
        fail_msg("%s: %s %s", sql, d.sqlstate, d.message);
    }
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

static void test_text(void **state)
{
    fixture *f = *state;
    expect(f, "select id, at, at6 from customersdb.tz_test.events order by id",
           "1|2020-01-01 15:00:00.123 UTC|2020-01-01 15:00:00.123456 UTC\n"
           "2|2020-07-01 12:00:00.000 UTC|2020-07-01 12:00:00.000000 UTC\n"
           "3|NULL|NULL\n"
           "4|2020-01-01 15:00:00.123 UTC|1969-12-31 23:59:59.999999 UTC\n");
    expect(f, "select current_timezone(), at at time zone 'America/New_York', "
              "typeof(at), hour(at), hour(at at time zone 'Asia/Tokyo') "
              "from customersdb.tz_test.events where id = 2",
           "America/New_York|2020-07-01 08:00:00.000 America/New_York|"
           "timestamp(3) with time zone|12|21\n");
    /* equal instants group together (rows 1 and 4) */
    expect(f, "select count(*), count(distinct at) from customersdb.tz_test.events "
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
    expect(f, "select id from customersdb.tz_test.events where at > "
              "TIMESTAMP '2020-01-01 10:00:00 America/New_York' order by id",
           "1\n2\n4\n");
    expect(f, "select id from customersdb.tz_test.events where at = "
              "TIMESTAMP '2020-01-01 10:00:00.123' order by id",
           "1\n4\n");
    expect(f, "select id from customersdb.tz_test.events where at < "
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
    assert_int_equal(pg_exec(&f->cust, sess), 0);
    st = SQL_NULL_HSTMT;
    rc = ou_query(&f->cust, &st, "select string_agg(id::text, ',' order by id) "
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
    mesh_exec(f, "SET TIME ZONE 'Asia/Kolkata'");
    expect(f, "select current_timezone(), cast(at as timestamp) from "
              "customersdb.tz_test.events where id = 2",
           "Asia/Kolkata|2020-07-01 12:00:00.000\n");
    expect(f, "select id from customersdb.tz_test.events where at = "
              "TIMESTAMP '2020-07-01 17:30:00' order by id", "2\n");
    expect_error(f, "SET TIME ZONE 'Nowhere/City'", "22023", "Nowhere/City");
    mesh_exec(f, "SET TIME ZONE 'America/New_York'");
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
        mesh_exec(f, writes[i]);
    /* PostgreSQL holds a timestamptz(3) column with the same instants
     * (05:30Z is the DST gap moved later; 16:00Z is noon in the session
     * zone, New York, on 2021-03-14 after the change) */
    st = SQL_NULL_HSTMT;
    SQLRETURN rc = ou_query(&f->cust, &st,
        "select format_type(atttypid, atttypmod) from pg_attribute where "
        "attrelid = 'tz_test.copy'::regclass and attname = 'at'", &r, &d);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    assert_true(SQL_SUCCEEDED(rc));
    assert_string_equal(r.cells[0], "timestamp(3) with time zone");
    ou_result_free(&r);
    st = SQL_NULL_HSTMT;
    rc = ou_query(&f->cust, &st,
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
        cmocka_unit_test(test_writes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
