/*
 * tests/trino/test_trino.c
 *   MeshODBC in Trino mode (Engine=trino) against a real Trino server
 *   started by tests/trino/run_trino_tests.sh over the throwaway jaffle
 *   mesh: the seed session and both models exactly, errors and their
 *   SQLSTATEs with the handle usable afterwards, USE following the server,
 *   the query timeout (the query is gone from system.runtime.queries) and
 *   cancel, a password over plain http refused, and the differential
 *   suite (tests/sql/differential.sql) through Trino mode against the
 *   embedded engine, where Trino is the reference; https with password
 *   authentication (good and bad credentials, the CA file, each
 *   SSLVerification mode, the host name check); the server stopped in the
 *   middle of a fetch (08S01, never a short result) and restarted (the
 *   same handles work again); parameters (EXECUTE ... USING typed
 *   literals: every C type, hostile and unicode strings, NULL, arrays).
 *   The agreement figure is
 *   printed; every disagreement fails unless tests/trino/known_differences
 *   lists the query with its reason.
 * Environment: DSNs trino_mesh (Trino mode) and jaffle_mesh (embedded),
 *   MESH_TRINO_PORT, MESH_TRINO_HTTPS_PORT, MESH_TRINO_CA,
 *   MESH_TRINO_USER, MESH_TRINO_PASSWORD, MESH_TRINO_CTL (set by
 *   run_trino_tests.sh).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "tests/odbc/odbc_util.h"

#define TRINO_DSN "DSN=trino_mesh;"

static void connect_or_fail(ou_conn *c, const char *cs)
{
    ou_diag d;
    SQLRETURN rc = ou_connect(c, cs, &d);
    if (!SQL_SUCCEEDED(rc))
        fprintf(stderr, "connect %s failed: %s %s\n", cs, d.sqlstate, d.message);
    assert_true(SQL_SUCCEEDED(rc));
}

static void run_ok(ou_conn *c, SQLHSTMT *st, const char *sql, ou_result *r)
{
    ou_diag d;
    SQLRETURN rc = ou_query(c, st, sql, r, &d);
    if (!SQL_SUCCEEDED(rc))
        fprintf(stderr, "query failed: %s: %s %s\n", sql, d.sqlstate, d.message);
    assert_true(SQL_SUCCEEDED(rc));
}

static void expect_state(ou_conn *c, SQLHSTMT *st, const char *sql,
                         const char *state, const char *needle)
{
    ou_diag d;
    ou_result r;
    SQLRETURN rc = ou_query(c, st, sql, &r, &d);
    if (SQL_SUCCEEDED(rc)) {
        ou_result_free(&r);
        fail_msg("expected %s from: %s", state, sql);
    }
    if (strcmp(d.sqlstate, state))
        fprintf(stderr, "%s: got %s %s\n", sql, d.sqlstate, d.message);
    assert_string_equal(d.sqlstate, state);
    if (needle)
        assert_non_null(strstr(d.message, needle));
    /* the statement handle stays usable */
    run_ok(c, st, "select 1", &r);
    assert_string_equal(r.cells[0], "1");
    ou_result_free(&r);
}

static void test_seed_session(void **state)
{
    (void)state;
    ou_conn c;
    SQLHSTMT st = SQL_NULL_HSTMT;
    ou_result r;
    connect_or_fail(&c, TRINO_DSN);
    run_ok(&c, &st, "show catalogs", &r);
    int found = 0;
    for (int i = 0; i < r.nrows; i++)
        for (const char *const *n = (const char *const[]){"customersdb", "ordersdb", "paymentsdb", "system", NULL}; *n; n++)
            found += !strcmp(r.cells[i], *n);
    assert_int_equal(found, 4);
    ou_result_free(&r);
    static const struct { const char *sql, *want; } counts[] = {
        {"select count(*) from customersdb.public.customers", "100"},
        {"select count(*) from ordersdb.public.orders", "99"},
        {"select count(*) from paymentsdb.public.payments", "113"},
    };
    for (size_t i = 0; i < 3; i++) {
        run_ok(&c, &st, counts[i].sql, &r);
        assert_int_equal(r.nrows, 1);
        assert_string_equal(r.cells[0], counts[i].want);
        ou_result_free(&r);
    }
    static const char *const models[] = {"customers", "orders"};
    for (size_t m = 0; m < 2; m++) {
        char path[256];
        snprintf(path, sizeof path, "setup/data/jaffle_shop/%s_federated.sql", models[m]);
        char *sql = ou_file_sql(ou_srcpath(path));
        snprintf(path, sizeof path, "setup/data/jaffle_shop/expected_%s.csv", models[m]);
        ou_result want;
        assert_int_equal(ou_csv_load(ou_srcpath(path), &want), 0);
        run_ok(&c, &st, sql, &r);
        assert_int_equal(r.ncols, want.ncols);
        assert_int_equal(r.nrows, want.nrows);
        for (int i = 0; i < r.nrows * r.ncols; i++) {
            const char *a = r.cells[i], *b = want.cells[i];
            if (!a || !b)
                assert_true(a == b);
            else
                assert_string_equal(a, b);
        }
        ou_result_free(&r);
        ou_result_free(&want);
        free(sql);
    }
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    ou_disconnect(&c);
}

static void test_errors(void **state)
{
    (void)state;
    ou_conn c;
    SQLHSTMT st = SQL_NULL_HSTMT;
    connect_or_fail(&c, TRINO_DSN);
    expect_state(&c, &st, "selec 1", "42000", "SYNTAX_ERROR at line 1:1");
    expect_state(&c, &st, "select * from customersdb.public.nosuch", "42S02",
                 "TABLE_NOT_FOUND");
    expect_state(&c, &st, "select nosuch from customersdb.public.customers",
                 "42S22", "COLUMN_NOT_FOUND at line 1:8");
    expect_state(&c, &st, "select 1 / 0", "22012", "DIVISION_BY_ZERO");
    expect_state(&c, &st, "select cast(999999999999 as integer)", "22003", NULL);
    expect_state(&c, &st, "select * from nosuchcatalog.public.t", "3D000", NULL);
    /* Trino's errorNames map to the states the embedded engine gives the
     * same errors (trino_json.c's error map) */
    expect_state(&c, &st, "select id from customersdb.public.customers order by 5",
                 "42P10", "INVALID_COLUMN_REFERENCE");
    expect_state(&c, &st, "select id from customersdb.public.customers group by 3",
                 "42P10", "INVALID_COLUMN_REFERENCE");
    expect_state(&c, &st, "select distinct id from customersdb.public.customers "
                          "order by first_name", "42P10", "EXPRESSION_NOT_IN_DISTINCT");
    expect_state(&c, &st, "select row_number() from customersdb.public.customers",
                 "42883", "MISSING_OVER");
    expect_state(&c, &st, "select max(id) over (range between 1 preceding and "
                          "current row) from customersdb.public.customers",
                 "42P20", "MISSING_ORDER_BY");
    expect_state(&c, &st, "select max(id) over (order by id, first_name range between "
                          "1 preceding and current row) from customersdb.public.customers",
                 "42P20", "INVALID_ORDER_BY");
    expect_state(&c, &st, "select sum(sum(id)) from customersdb.public.customers",
                 "42803", "NESTED_AGGREGATION");
    expect_state(&c, &st, "select id from customersdb.public.customers where sum(id) > 1",
                 "42803", "EXPRESSION_NOT_SCALAR");
    expect_state(&c, &st, "select true + 1", "42804", "TYPE_MISMATCH");
    expect_state(&c, &st, "select * from (select 1, 2) as v(a)", "42000",
                 "MISMATCHED_COLUMN_ALIASES");
    expect_state(&c, &st, "select 1 fetch first 0 rows only", "22003",
                 "NUMERIC_VALUE_OUT_OF_RANGE");
    expect_state(&c, &st, "with x as (select 1), x as (select 2) select * from x",
                 "42712", "DUPLICATE_NAMED_QUERY");
    expect_state(&c, &st, "set session nosuch = 1", "22023", "INVALID_SESSION_PROPERTY");
    expect_state(&c, &st, "select bit_count(128, 8)", "22023", "INVALID_FUNCTION_ARGUMENT");
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    ou_disconnect(&c);
}

/* The server keeps no keys: the key functions answer an empty result
 * with their ODBC columns (the embedded engine's: tests/odbc/test_keys). */
static void test_no_keys(void **state)
{
    (void)state;
    ou_conn c;
    SQLHSTMT st;
    SQLSMALLINT n = 0;
    connect_or_fail(&c, TRINO_DSN);
    SQLAllocHandle(SQL_HANDLE_STMT, c.dbc, &st);
    assert_true(SQL_SUCCEEDED(SQLPrimaryKeys(st, NULL, 0, NULL, 0,
                                             (SQLCHAR *)"customers",
                                             SQL_NTS)));
    SQLNumResultCols(st, &n);
    assert_int_equal(n, 6);
    assert_int_equal(SQLFetch(st), SQL_NO_DATA);
    SQLCloseCursor(st);
    assert_true(SQL_SUCCEEDED(SQLStatistics(st, NULL, 0, NULL, 0,
                                            (SQLCHAR *)"customers", SQL_NTS,
                                            SQL_INDEX_ALL, SQL_QUICK)));
    SQLNumResultCols(st, &n);
    assert_int_equal(n, 13);
    assert_int_equal(SQLFetch(st), SQL_NO_DATA);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    ou_disconnect(&c);
}

/* UnboundedVarcharSize in Trino mode: the server's unbounded varchar and
 * varbinary describe at the declared size (SQLDescribeCol,
 * SQLColAttribute, SQLColumns' COLUMN_SIZE and CHAR_OCTET_LENGTH, which
 * the server answers with 2147483647), and a longer value still comes
 * back whole through SQLGetData in parts. */
static void test_unbounded_size(void **state)
{
    (void)state;
    ou_conn c;
    SQLHSTMT st;
    SQLULEN size = 0;
    SQLSMALLINT type = 0;
    SQLLEN v = 0, ind = 0;
    connect_or_fail(&c, TRINO_DSN "UnboundedVarcharSize=8000;");
    SQLAllocHandle(SQL_HANDLE_STMT, c.dbc, &st);
    assert_int_equal(SQLPrepare(st, (SQLCHAR *)"select cast('x' as varchar) as v, "
                                "to_utf8('x') as b", SQL_NTS), SQL_SUCCESS);
    assert_int_equal(SQLDescribeCol(st, 1, NULL, 0, NULL, &type, &size, NULL, NULL),
                     SQL_SUCCESS);
    assert_int_equal(type, SQL_VARCHAR);
    assert_int_equal(size, 8000);
    assert_int_equal(SQLColAttribute(st, 1, SQL_DESC_DISPLAY_SIZE, NULL, 0, NULL, &v),
                     SQL_SUCCESS);
    assert_int_equal(v, 8000);
    assert_int_equal(SQLColAttribute(st, 1, SQL_DESC_OCTET_LENGTH, NULL, 0, NULL, &v),
                     SQL_SUCCESS);
    assert_int_equal(v, 32000);
    assert_int_equal(SQLDescribeCol(st, 2, NULL, 0, NULL, &type, &size, NULL, NULL),
                     SQL_SUCCESS);
    assert_int_equal(type, SQL_VARBINARY);
    assert_int_equal(size, 8000);
    SQLFreeStmt(st, SQL_CLOSE);

    SQLINTEGER cs = 0, co = 0;
    assert_true(SQL_SUCCEEDED(SQLColumns(st, (SQLCHAR *)"system", SQL_NTS,
                                         (SQLCHAR *)"jdbc", SQL_NTS,
                                         (SQLCHAR *)"columns", SQL_NTS,
                                         (SQLCHAR *)"type_name", SQL_NTS)));
    assert_int_equal(SQLFetch(st), SQL_SUCCESS);
    assert_int_equal(SQLGetData(st, 7, SQL_C_SLONG, &cs, 0, &ind), SQL_SUCCESS);
    assert_int_equal(SQLGetData(st, 16, SQL_C_SLONG, &co, 0, &ind), SQL_SUCCESS);
    assert_int_equal(cs, 8000);
    assert_int_equal(co, 32000);
    SQLFreeStmt(st, SQL_CLOSE);

    /* 20,000 characters in parts of 4096 bytes */
    assert_true(SQL_SUCCEEDED(SQLExecDirect(st, (SQLCHAR *)
                "select rpad('', 20000, 'abcdefghij')", SQL_NTS)));
    assert_int_equal(SQLFetch(st), SQL_SUCCESS);
    char buf[4096];
    size_t total = 0;
    for (;;) {
        SQLRETURN rc = SQLGetData(st, 1, SQL_C_CHAR, buf, sizeof buf, &ind);
        assert_true(SQL_SUCCEEDED(rc));
        assert_int_equal(ind, (SQLLEN)(20000 - total));
        size_t part = strlen(buf);
        for (size_t i = 0; i < part; i++)
            assert_int_equal(buf[i], 'a' + (int)((total + i) % 10));
        total += part;
        if (rc == SQL_SUCCESS)
            break;
    }
    assert_int_equal(total, 20000);
    SQLFreeStmt(st, SQL_CLOSE);

    /* SQLGetTypeInfo's varchar row: the same size */
    SQLRETURN trc = SQLGetTypeInfo(st, SQL_VARCHAR);
    if (!SQL_SUCCEEDED(trc))
        fail_msg("SQLGetTypeInfo: %s %s", ou_state(SQL_HANDLE_STMT, st, 1),
                 ou_message(SQL_HANDLE_STMT, st, 1));
    assert_int_equal(SQLFetch(st), SQL_SUCCESS);
    assert_int_equal(SQLGetData(st, 3, SQL_C_SLONG, &cs, 0, &ind), SQL_SUCCESS);
    assert_int_equal(cs, 8000);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    ou_disconnect(&c);
}

static void test_use_follows_server(void **state)
{
    (void)state;
    ou_conn c;
    SQLHSTMT st = SQL_NULL_HSTMT;
    ou_result r;
    char cat[128];
    SQLINTEGER len;
    SQLLEN rows = -2;
    connect_or_fail(&c, TRINO_DSN);
    SQLAllocHandle(SQL_HANDLE_STMT, c.dbc, &st);
    assert_true(SQL_SUCCEEDED(SQLExecDirect(st, (SQLCHAR *)"use ordersdb.public", SQL_NTS)));
    SQLSMALLINT ncols = -1;
    SQLNumResultCols(st, &ncols);
    assert_int_equal(ncols, 0);
    SQLRowCount(st, &rows);
    assert_int_equal(rows, 0);
    SQLFreeStmt(st, SQL_CLOSE);
    run_ok(&c, &st, "select count(*) from orders", &r);
    assert_string_equal(r.cells[0], "99");
    ou_result_free(&r);
    assert_true(SQL_SUCCEEDED(SQLGetConnectAttr(c.dbc, SQL_ATTR_CURRENT_CATALOG,
                                                cat, sizeof cat, &len)));
    assert_string_equal(cat, "ordersdb");
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    ou_disconnect(&c);
}

/* A query that runs for minutes unless stopped. */
#define SLOW_SQL(tag) \
    "select count(*), '" tag "' from unnest(sequence(1, 10000)) a(x) " \
    "cross join unnest(sequence(1, 10000)) b(y) " \
    "cross join unnest(sequence(1, 1000)) c(z) where (x * y + z) % 7919 = 3"

/* Rows of system.runtime.queries still running the tagged query. */
static int running_with(ou_conn *c, const char *tag)
{
    SQLHSTMT st = SQL_NULL_HSTMT;
    ou_result r;
    char sql[512];
    snprintf(sql, sizeof sql,
             "select count(*) from system.runtime.queries where state not in "
             "('FINISHED', 'FAILED') and query like '%%%s%%' and query not like "
             "'%%system.runtime%%'", tag);
    run_ok(c, &st, sql, &r);
    int n = atoi(r.cells[0]);
    ou_result_free(&r);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    return n;
}

static void test_timeout_deletes_query(void **state)
{
    (void)state;
    ou_conn c, probe;
    SQLHSTMT st;
    connect_or_fail(&c, TRINO_DSN);
    connect_or_fail(&probe, TRINO_DSN);
    SQLAllocHandle(SQL_HANDLE_STMT, c.dbc, &st);
    SQLSetStmtAttr(st, SQL_ATTR_QUERY_TIMEOUT, (SQLPOINTER)2, 0);
    time_t t0 = time(NULL);
    SQLRETURN rc = SQLExecDirect(st, (SQLCHAR *)SLOW_SQL("meshodbc_timeout_tag"), SQL_NTS);
    if (SQL_SUCCEEDED(rc)) {
        SQLLEN ind;
        char buf[64];
        rc = SQLFetch(st);
        if (SQL_SUCCEEDED(rc))
            rc = SQLGetData(st, 1, SQL_C_CHAR, buf, sizeof buf, &ind);
    }
    ou_diag d;
    assert_false(SQL_SUCCEEDED(rc));
    ou_last_diag(SQL_HANDLE_STMT, st, &d);
    assert_string_equal(d.sqlstate, "HYT00");
    assert_true(time(NULL) - t0 < 30);
    /* the server forgets it: not running any more within a few seconds */
    int n = 1;
    for (int i = 0; i < 20 && n; i++) {
        n = running_with(&probe, "meshodbc_timeout_tag");
        if (n)
            sleep(1);
    }
    assert_int_equal(n, 0);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    ou_disconnect(&c);
    ou_disconnect(&probe);
}

typedef struct canceller {
    SQLHSTMT st;
    int delay_ms;
} canceller;

static void *cancel_later(void *p)
{
    canceller *cn = p;
    struct timespec ts = {cn->delay_ms / 1000, (cn->delay_ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
    SQLCancel(cn->st);
    return NULL;
}

static void test_cancel(void **state)
{
    (void)state;
    ou_conn c, probe;
    SQLHSTMT st;
    pthread_t th;
    connect_or_fail(&c, TRINO_DSN);
    connect_or_fail(&probe, TRINO_DSN);
    SQLAllocHandle(SQL_HANDLE_STMT, c.dbc, &st);
    canceller cn = {st, 1500};
    pthread_create(&th, NULL, cancel_later, &cn);
    SQLRETURN rc = SQLExecDirect(st, (SQLCHAR *)SLOW_SQL("meshodbc_cancel_tag"), SQL_NTS);
    if (SQL_SUCCEEDED(rc))
        rc = SQLFetch(st);
    pthread_join(th, NULL);
    ou_diag d;
    assert_false(SQL_SUCCEEDED(rc));
    ou_last_diag(SQL_HANDLE_STMT, st, &d);
    assert_string_equal(d.sqlstate, "HY008");
    int n = 1;
    for (int i = 0; i < 20 && n; i++) {
        n = running_with(&probe, "meshodbc_cancel_tag");
        if (n)
            sleep(1);
    }
    assert_int_equal(n, 0);
    /* the handle works again */
    SQLFreeStmt(st, SQL_CLOSE);
    ou_result r;
    run_ok(&c, &st, "select 2", &r);
    assert_string_equal(r.cells[0], "2");
    ou_result_free(&r);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    ou_disconnect(&c);
    ou_disconnect(&probe);
}

static void test_password_needs_https(void **state)
{
    (void)state;
    ou_conn c;
    ou_diag d;
    char cs[256];
    snprintf(cs, sizeof cs, "DSN=trino_mesh;PWD=secret-word;");
    SQLRETURN rc = ou_connect(&c, cs, &d);
    assert_false(SQL_SUCCEEDED(rc));
    assert_string_equal(d.sqlstate, "28000");
    assert_null(strstr(d.message, "secret-word"));
    ou_disconnect(&c);
}

/* ---- a mixed mesh: a Trino catalog beside local PostgreSQL ones ---- */

/* Replaces every "<from>." in sql by "<to>." (malloc'ed). */
static char *replace_catalog(const char *sql, const char *from, const char *to)
{
    size_t n = strlen(sql), fl = strlen(from), tl = strlen(to);
    char *out = malloc(n * (tl / fl + 2) + 1), *o = out;
    for (const char *p = sql; *p;)
        if (!strncmp(p, from, fl) && p[fl] == '.') {
            memcpy(o, to, tl);
            o += tl;
            p += fl;
        } else
            *o++ = *p++;
    *o = '\0';
    return out;
}

static void expect_cell(ou_conn *c, const char *sql, const char *want)
{
    SQLHSTMT st = SQL_NULL_HSTMT;
    ou_result r;
    run_ok(c, &st, sql, &r);
    assert_true(r.nrows >= 1);
    if (strcmp(r.cells[0] ? r.cells[0] : "NULL", want))
        fail_msg("%s: got %s, want %s", sql, r.cells[0] ? r.cells[0] : "NULL", want);
    ou_result_free(&r);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

/* The first cell of sql's result (a static copy; "NULL" for NULL). */
static const char *cell_of(ou_conn *c, const char *sql)
{
    static char cell[256];
    SQLHSTMT st = SQL_NULL_HSTMT;
    ou_result r;
    run_ok(c, &st, sql, &r);
    assert_true(r.nrows >= 1);
    snprintf(cell, sizeof cell, "%s", r.cells[0] ? r.cells[0] : "NULL");
    ou_result_free(&r);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    return cell;
}

static void test_mixed_mesh(void **state)
{
    (void)state;
    ou_conn c;
    SQLHSTMT st = SQL_NULL_HSTMT;
    ou_result r, want;
    connect_or_fail(&c, "DSN=mixed_mesh;");
    run_ok(&c, &st, "show catalogs", &r);
    bool found = false;
    for (int i = 0; i < r.nrows; i++)
        found |= r.cells[i] && !strcmp(r.cells[i], "tcustomers");
    assert_true(found);
    ou_result_free(&r);
    expect_cell(&c, "show tables from tcustomers.public", "customers");
    expect_cell(&c, "select count(*) from tcustomers.public.customers", "100");
    /* filters go to the cluster as typed literals, quoted; results keep
     * three-valued logic */
    expect_cell(&c, "select count(*) from tcustomers.public.customers "
                    "where id <= 10 and first_name <> 'x'", "10");
    expect_cell(&c, "select count(*) from tcustomers.public.customers "
                    "where not (id > 5) or last_name is null", "5");
    expect_cell(&c, "select count(*) from tcustomers.public.customers "
                    "where first_name = 'O''Brien'' --'", "0");
    run_ok(&c, &st, "explain select first_name from tcustomers.public.customers "
                    "where id <= 10 and first_name <> 'it''s'", &r);
    bool shipped = false;
    for (int i = 0; i < r.nrows * r.ncols; i++)
        shipped |= r.cells[i] &&
                   strstr(r.cells[i], "FROM \"customersdb\".\"public\".\"customers\" "
                                      "WHERE (\"id\" <= INTEGER '10') AND "
                                      "(\"first_name\" <> 'it''s')") != NULL;
    if (!shipped)
        for (int i = 0; i < r.nrows * r.ncols; i++)
            fprintf(stderr, "plan: %s\n", r.cells[i] ? r.cells[i] : "");
    assert_true(shipped);
    ou_result_free(&r);
    /* both models with one domain read through Trino (customers, then
     * orders) and joined locally with the others: the seed's results */
    static const struct { const char *model, *from, *to; } models[] = {
        {"customers", "customersdb", "tcustomers"},
        {"orders", "ordersdb", "torders"},
    };
    for (size_t m = 0; m < 2; m++) {
        char path[256];
        snprintf(path, sizeof path, "setup/data/jaffle_shop/%s_federated.sql", models[m].model);
        char *sql = ou_file_sql(ou_srcpath(path));
        char *mixed = replace_catalog(sql, models[m].from, models[m].to);
        assert_non_null(strstr(mixed, models[m].to));
        snprintf(path, sizeof path, "setup/data/jaffle_shop/expected_%s.csv", models[m].model);
        assert_int_equal(ou_csv_load(ou_srcpath(path), &want), 0);
        run_ok(&c, &st, mixed, &r);
        assert_int_equal(r.ncols, want.ncols);
        assert_int_equal(r.nrows, want.nrows);
        for (int i = 0; i < r.nrows * r.ncols; i++) {
            const char *a = r.cells[i], *b = want.cells[i];
            if (!a || !b)
                assert_true(a == b);
            else
                assert_string_equal(a, b);
        }
        ou_result_free(&r);
        ou_result_free(&want);
        free(mixed);
        free(sql);
    }
    /* a missing table of the Trino catalog: the binder's 42S02 */
    ou_diag d;
    SQLRETURN rc = ou_query(&c, &st, "select * from tcustomers.public.nosuch", &r, &d);
    if (SQL_SUCCEEDED(rc))
        ou_result_free(&r);
    assert_false(SQL_SUCCEEDED(rc));
    assert_string_equal(d.sqlstate, "42S02");
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    ou_disconnect(&c);
}

/* ---- typed results: Trino's date/time types as the engine's ---- */

typedef struct col_desc {
    SQLSMALLINT type, digits, nullable;
    SQLULEN size;
    SQLLEN octet, ctype;
} col_desc;

/* Runs a statement without a result set; fails the test on an error. */
static void exec_ok(ou_conn *c, const char *sql, bool may_fail)
{
    SQLHSTMT st;
    assert_true(SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, c->dbc, &st)));
    SQLRETURN rc = SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS);
    if (!SQL_SUCCEEDED(rc) && !may_fail) {
        ou_diag dg;
        ou_last_diag(SQL_HANDLE_STMT, st, &dg);
        fail_msg("%s: %s %s", sql, dg.sqlstate, dg.message);
    }
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

/* Prepares sql on a fresh statement and describes its ncols columns. */
static SQLHSTMT describe_cols(ou_conn *c, const char *sql, col_desc *d, int ncols)
{
    SQLHSTMT st;
    assert_true(SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, c->dbc, &st)));
    SQLRETURN rc = SQLPrepare(st, (SQLCHAR *)sql, SQL_NTS);
    if (!SQL_SUCCEEDED(rc)) {
        ou_diag dg;
        ou_last_diag(SQL_HANDLE_STMT, st, &dg);
        fail_msg("prepare %s: %s %s", sql, dg.sqlstate, dg.message);
    }
    SQLSMALLINT n = 0;
    assert_true(SQL_SUCCEEDED(SQLNumResultCols(st, &n)));
    assert_int_equal(n, ncols);
    for (int i = 0; i < ncols; i++) {
        char name[128];
        SQLSMALLINT nl;
        assert_true(SQL_SUCCEEDED(SQLDescribeCol(st, (SQLUSMALLINT)(i + 1), (SQLCHAR *)name,
                                                 sizeof name, &nl, &d[i].type, &d[i].size,
                                                 &d[i].digits, &d[i].nullable)));
        assert_true(SQL_SUCCEEDED(SQLColAttribute(st, (SQLUSMALLINT)(i + 1),
                                                  SQL_DESC_OCTET_LENGTH, NULL, 0, NULL,
                                                  &d[i].octet)));
        assert_true(SQL_SUCCEEDED(SQLColAttribute(st, (SQLUSMALLINT)(i + 1),
                                                  SQL_DESC_CONCISE_TYPE, NULL, 0, NULL,
                                                  &d[i].ctype)));
    }
    return st;
}

static void test_typed_results(void **state)
{
    (void)state;
    ou_conn t, e;
    connect_or_fail(&t, TRINO_DSN);
    connect_or_fail(&e, OU_DSN);
    /* the same select list in both modes: descriptions agree column by
     * column */
    const char *common =
        "select timestamp '2020-01-02 03:04:05.123' ts3, "
        "cast(timestamp '2020-01-02 03:04:05' as timestamp(0)) ts0, "
        "timestamp '1999-12-31 23:59:59.999999' ts6, time '01:02:03.456' t3, "
        "interval '2 03:04:05.678' day to second ids, interval '-14' month iym, "
        "date '2020-02-29' d";
    col_desc dt[7], de[7];
    SQLHSTMT st = describe_cols(&t, common, dt, 7);
    SQLHSTMT se = describe_cols(&e, common, de, 7);
    static const SQLSMALLINT want[7] = {
        SQL_TYPE_TIMESTAMP, SQL_TYPE_TIMESTAMP, SQL_TYPE_TIMESTAMP, SQL_TYPE_TIME,
        SQL_INTERVAL_DAY_TO_SECOND, SQL_INTERVAL_YEAR_TO_MONTH, SQL_TYPE_DATE,
    };
    for (int i = 0; i < 7; i++) {
        if (dt[i].type != de[i].type || dt[i].size != de[i].size ||
            dt[i].digits != de[i].digits || dt[i].octet != de[i].octet ||
            dt[i].ctype != de[i].ctype)
            fail_msg("column %d: Trino mode %d(%lu,%d) octets %ld, embedded %d(%lu,%d) octets %ld",
                     i + 1, dt[i].type, (unsigned long)dt[i].size, dt[i].digits,
                     (long)dt[i].octet, de[i].type, (unsigned long)de[i].size,
                     de[i].digits, (long)de[i].octet);
        assert_int_equal(dt[i].type, want[i]);
    }
    assert_int_equal(dt[0].digits, 3);
    assert_int_equal(dt[1].digits, 0);
    assert_int_equal(dt[2].digits, 6);
    /* the same values through SQLGetData's C types */
    SQLHSTMT sts[2] = {st, se};
    for (int k = 0; k < 2; k++) {
        SQLHSTMT h = sts[k];
        assert_true(SQL_SUCCEEDED(SQLExecute(h)));
        assert_true(SQL_SUCCEEDED(SQLFetch(h)));
        SQL_TIMESTAMP_STRUCT ts;
        SQLLEN ind;
        assert_true(SQL_SUCCEEDED(SQLGetData(h, 1, SQL_C_TYPE_TIMESTAMP, &ts, sizeof ts, &ind)));
        assert_int_equal(ts.year, 2020);
        assert_int_equal(ts.month, 1);
        assert_int_equal(ts.day, 2);
        assert_int_equal(ts.hour, 3);
        assert_int_equal(ts.minute, 4);
        assert_int_equal(ts.second, 5);
        assert_int_equal(ts.fraction, 123000000);
        assert_true(SQL_SUCCEEDED(SQLGetData(h, 3, SQL_C_TYPE_TIMESTAMP, &ts, sizeof ts, &ind)));
        assert_int_equal(ts.year, 1999);
        assert_int_equal(ts.fraction, 999999000);
        SQL_TIME_STRUCT tm;
        assert_true(SQL_SUCCEEDED(SQLGetData(h, 4, SQL_C_TYPE_TIME, &tm, sizeof tm, &ind)));
        assert_int_equal(tm.hour, 1);
        assert_int_equal(tm.minute, 2);
        assert_int_equal(tm.second, 3);
        SQL_INTERVAL_STRUCT iv;
        assert_true(SQL_SUCCEEDED(SQLGetData(h, 5, SQL_C_INTERVAL_DAY_TO_SECOND, &iv,
                                             sizeof iv, &ind)));
        assert_int_equal(iv.intval.day_second.day, 2);
        assert_int_equal(iv.intval.day_second.hour, 3);
        assert_int_equal(iv.intval.day_second.minute, 4);
        assert_int_equal(iv.intval.day_second.second, 5);
        assert_int_equal(iv.intval.day_second.fraction, 678000);
        assert_true(SQL_SUCCEEDED(SQLGetData(h, 6, SQL_C_INTERVAL_YEAR_TO_MONTH, &iv,
                                             sizeof iv, &ind)));
        assert_int_equal(iv.interval_sign, SQL_TRUE);
        assert_int_equal(iv.intval.year_month.year, 1);
        assert_int_equal(iv.intval.year_month.month, 2);
        char txt[64];
        assert_true(SQL_SUCCEEDED(SQLGetData(h, 5, SQL_C_CHAR, txt, sizeof txt, &ind)));
        assert_string_equal(txt, "2 03:04:05.678");
        SQL_DATE_STRUCT dd;
        assert_true(SQL_SUCCEEDED(SQLGetData(h, 7, SQL_C_TYPE_DATE, &dd, sizeof dd, &ind)));
        assert_int_equal(dd.month, 2);
        assert_int_equal(dd.day, 29);
        SQLFreeHandle(SQL_HANDLE_STMT, h);
    }
    /* Trino-only types: tinyint and real as the engine's own;
     * timestamp(p > 6) as Trino's exact text, with time zone as the
     * engine's zoned timestamp (varchar to ODBC, Trino's text); dates
     * beyond 9999 */
    col_desc dx[5];
    st = describe_cols(&t, "select tinyint '-5', real '1.5', "
                           "timestamp '2020-01-02 03:04:05.1234567', "
                           "timestamp '2020-01-02 03:04:05 UTC', date '12345-06-07'", dx, 5);
    assert_int_equal(dx[0].type, SQL_TINYINT);
    assert_int_equal(dx[0].size, 3);
    assert_int_equal(dx[0].ctype, SQL_TINYINT);
    assert_int_equal(dx[1].type, SQL_REAL);
    assert_int_equal(dx[2].type, SQL_VARCHAR);
    assert_int_equal(dx[3].type, SQL_VARCHAR);
    assert_int_equal(dx[4].type, SQL_TYPE_DATE);
    assert_true(SQL_SUCCEEDED(SQLExecute(st)));
    assert_true(SQL_SUCCEEDED(SQLFetch(st)));
    char txt[64];
    SQLLEN ind;
    double dbl;
    signed char sc = 0;   /* SQL_C_DEFAULT of SQL_TINYINT: the signed byte */
    assert_true(SQL_SUCCEEDED(SQLGetData(st, 1, SQL_C_DEFAULT, &sc, 0, &ind)));
    assert_int_equal(sc, -5);
    assert_int_equal(ind, 1);
    assert_true(SQL_SUCCEEDED(SQLGetData(st, 2, SQL_C_DOUBLE, &dbl, 0, &ind)));
    assert_true(dbl == 1.5);
    assert_true(SQL_SUCCEEDED(SQLGetData(st, 3, SQL_C_CHAR, txt, sizeof txt, &ind)));
    assert_string_equal(txt, "2020-01-02 03:04:05.1234567");
    assert_true(SQL_SUCCEEDED(SQLGetData(st, 4, SQL_C_CHAR, txt, sizeof txt, &ind)));
    assert_string_equal(txt, "2020-01-02 03:04:05 UTC");
    SQL_DATE_STRUCT dd;
    assert_true(SQL_SUCCEEDED(SQLGetData(st, 5, SQL_C_TYPE_DATE, &dd, sizeof dd, &ind)));
    assert_int_equal(dd.year, 12345 % 65536);  /* SQLSMALLINT year: what it holds */
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    /* a parameter of these types comes back as its own type (EXECUTE ...
     * USING TIMESTAMP '...'), described and fetched as in embedded mode */
    assert_true(SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, t.dbc, &st)));
    assert_true(SQL_SUCCEEDED(SQLPrepare(st, (SQLCHAR *)"select ?, ?", SQL_NTS)));
    SQL_TIMESTAMP_STRUCT pts = {2021, 3, 4, 5, 6, 7, 890000000};
    SQL_INTERVAL_STRUCT piv;
    memset(&piv, 0, sizeof piv);
    piv.interval_type = SQL_IS_DAY_TO_SECOND;
    piv.intval.day_second.day = 3;
    piv.intval.day_second.second = 1;
    assert_true(SQL_SUCCEEDED(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_TYPE_TIMESTAMP,
                                               SQL_TYPE_TIMESTAMP, 23, 3, &pts, 0, NULL)));
    assert_true(SQL_SUCCEEDED(SQLBindParameter(st, 2, SQL_PARAM_INPUT,
                                               SQL_C_INTERVAL_DAY_TO_SECOND,
                                               SQL_INTERVAL_DAY_TO_SECOND, 0, 3, &piv, 0, NULL)));
    assert_true(SQL_SUCCEEDED(SQLExecute(st)));
    char pname[32];
    SQLSMALLINT pnl, ptype, pdig, pnul;
    SQLULEN psize;
    assert_true(SQL_SUCCEEDED(SQLDescribeCol(st, 1, (SQLCHAR *)pname, sizeof pname, &pnl,
                                             &ptype, &psize, &pdig, &pnul)));
    assert_int_equal(ptype, SQL_TYPE_TIMESTAMP);
    assert_int_equal(pdig, 3);
    assert_true(SQL_SUCCEEDED(SQLDescribeCol(st, 2, (SQLCHAR *)pname, sizeof pname, &pnl,
                                             &ptype, &psize, &pdig, &pnul)));
    assert_int_equal(ptype, SQL_INTERVAL_DAY_TO_SECOND);
    assert_true(SQL_SUCCEEDED(SQLFetch(st)));
    SQL_TIMESTAMP_STRUCT got;
    assert_true(SQL_SUCCEEDED(SQLGetData(st, 1, SQL_C_TYPE_TIMESTAMP, &got, sizeof got, &ind)));
    assert_int_equal(got.year, 2021);
    assert_int_equal(got.second, 7);
    assert_int_equal(got.fraction, 890000000);
    assert_true(SQL_SUCCEEDED(SQLGetData(st, 2, SQL_C_CHAR, txt, sizeof txt, &ind)));
    assert_string_equal(txt, "3 00:00:01.000");
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    ou_disconnect(&e);
    ou_disconnect(&t);
}

static const char *try_sql(ou_conn *c, const char *sql, char *msg, size_t cap);

/* Runs sql; returns SQLRowCount, or fails the test. */
static SQLLEN exec_rows(ou_conn *c, const char *sql)
{
    SQLHSTMT st;
    SQLLEN n = -2;
    assert_true(SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, c->dbc, &st)));
    SQLRETURN rc = SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS);
    if (!SQL_SUCCEEDED(rc)) {
        ou_diag dg;
        ou_last_diag(SQL_HANDLE_STMT, st, &dg);
        fail_msg("%s: %s %s", sql, dg.sqlstate, dg.message);
    }
    assert_true(SQL_SUCCEEDED(SQLRowCount(st, &n)));
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    return n;
}

/* Writes to a Trino catalog of the mesh: an INSERT ... SELECT whose
 * source the cluster computes whole (a scan with its filters, or a
 * remote subtree of that catalog) is one INSERT sent to the cluster;
 * every other write is 0A000 naming the catalog, and nothing reaches the
 * cluster. */
static void test_mixed_mesh_insert(void **state)
{
    (void)state;
    ou_conn t, m;
    connect_or_fail(&t, TRINO_DSN);
    exec_ok(&t, "drop table if exists ordersdb.public.trino_ins", true);
    exec_ok(&t, "create table ordersdb.public.trino_ins "
                "(id integer, status varchar(255), d date)", false);
    connect_or_fail(&m, "DSN=mixed_mesh;");
    /* a scan with a filter and a column subset */
    assert_int_equal(exec_rows(&m, "insert into torders.public.trino_ins "
                                   "select id, status, order_date from torders.public.orders "
                                   "where id <= 10"), 10);
    /* a remote subtree: an aggregate of the catalog, named columns */
    assert_int_equal(exec_rows(&m, "insert into torders.public.trino_ins (id, status) "
                                   "select user_id, max(status) from torders.public.orders "
                                   "where id <= 20 group by user_id"),
                     atoi(cell_of(&t, "select count(distinct user_id) from "
                                      "ordersdb.public.orders where id <= 20")));
    /* the rows are the source's, read back through Trino mode */
    expect_cell(&t, "select count(*) from ordersdb.public.trino_ins where d is not null", "10");
    expect_cell(&t, "select count(*) from (select id, status, d from ordersdb.public.trino_ins "
                    "where d is not null except select id, status, order_date "
                    "from ordersdb.public.orders where id <= 10)", "0");
    expect_cell(&t, "select count(*) from (select id, status from ordersdb.public.trino_ins "
                    "where d is null except select user_id, max(status) from "
                    "ordersdb.public.orders where id <= 20 group by user_id)", "0");
    /* each was one INSERT the cluster ran: its source as a subquery */
    static const char *const sent =
        "select count(*) from system.runtime.queries where state = 'FINISHED' and "
        "query like 'INSERT INTO \"ordersdb\".\"public\".\"trino_ins\" (%) SELECT % FROM (%'";
    expect_cell(&t, sent, "2");
    char *before = strdup(cell_of(&t, "select cast(count(*) as varchar) from ordersdb.public.trino_ins"));
    /* everything else: 0A000 naming the catalog; the table unchanged */
    static const struct { const char *sql, *needle; } refused[] = {
        {"insert into torders.public.trino_ins select id, status, order_date "
         "from ordersdb.public.orders where id <= 3", "cannot compute whole"},
        {"insert into torders.public.trino_ins select o.id, o.status, o.order_date "
         "from torders.public.orders o join ordersdb.public.orders l on o.id = l.id",
         "cannot compute whole"},
        {"insert into torders.public.trino_ins (id) values (100000)",
         "other than INSERT ... SELECT"},
        {"delete from torders.public.trino_ins where id = 1", "does not support writes"},
        {"create table torders.public.trino_nowrite (x integer)", "does not support writes"},
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        char msg[1024];
        const char *stt = try_sql(&m, refused[i].sql, msg, sizeof msg);
        if (strcmp(stt, "0A000") || !strstr(msg, "'torders'") ||
            !strstr(msg, refused[i].needle))
            fail_msg("%s: %s %s", refused[i].sql, stt, msg);
    }
    expect_cell(&t, "select cast(count(*) as varchar) from ordersdb.public.trino_ins", before);
    expect_cell(&t, "select count(*) from customersdb.public.customers", "100");
    expect_cell(&t, sent, "2");
    free(before);
    exec_ok(&t, "drop table if exists ordersdb.public.trino_ins", true);
    ou_disconnect(&m);
    ou_disconnect(&t);
}

/* char(n) and the time zone types in Trino mode are the engine's types,
 * as in embedded mode: described alike (SQL type, size, digits, octets,
 * type name), char values padded to n, zoned values in Trino's text. */
static void test_typed_char_zoned(void **state)
{
    (void)state;
    ou_conn t, e;
    connect_or_fail(&t, TRINO_DSN);
    connect_or_fail(&e, OU_DSN);
    const char *sql =
        "select cast('ab' as char(5)) c5, cast(null as char(3)) cn, "
        "timestamp '2020-01-02 03:04:05.123 America/New_York' tz3, "
        "timestamp '2020-06-30 12:00:00 -08:00' tz0, "
        "cast(timestamp '1999-12-31 23:59:59.999999 UTC' as timestamp(6) with time zone) tz6, "
        "time '01:02:03.456 +05:30' ttz";
    enum { N = 6 };
    static const char *const want_text[N] = {
        "ab   ", NULL, "2020-01-02 03:04:05.123 America/New_York",
        "2020-06-30 12:00:00 -08:00", "1999-12-31 23:59:59.999999 UTC",
        "01:02:03.456+05:30",
    };
    static const char *const want_tname[N] = {
        "char", "char", "timestamp with time zone", "timestamp with time zone",
        "timestamp with time zone", "time with time zone",
    };
    col_desc dt[N], de[N];
    SQLHSTMT sts[2];
    sts[0] = describe_cols(&t, sql, dt, N);
    sts[1] = describe_cols(&e, sql, de, N);
    for (int i = 0; i < N; i++) {
        if (dt[i].type != de[i].type || dt[i].size != de[i].size ||
            dt[i].digits != de[i].digits || dt[i].octet != de[i].octet ||
            dt[i].ctype != de[i].ctype)
            fail_msg("column %d: Trino mode %d(%lu,%d) octets %ld, embedded %d(%lu,%d) octets %ld",
                     i + 1, dt[i].type, (unsigned long)dt[i].size, dt[i].digits,
                     (long)dt[i].octet, de[i].type, (unsigned long)de[i].size,
                     de[i].digits, (long)de[i].octet);
    }
    assert_int_equal(dt[0].type, SQL_CHAR);
    assert_int_equal(dt[0].size, 5);
    assert_int_equal(dt[2].type, SQL_VARCHAR);
    for (int k = 0; k < 2; k++) {
        SQLHSTMT h = sts[k];
        for (int i = 0; i < N; i++) {
            char tn[64];
            SQLSMALLINT tl;
            assert_true(SQL_SUCCEEDED(SQLColAttribute(h, (SQLUSMALLINT)(i + 1),
                                                      SQL_DESC_TYPE_NAME, tn, sizeof tn,
                                                      &tl, NULL)));
            if (strncmp(tn, want_tname[i], strlen(want_tname[i])))
                fail_msg("%s column %d: type name %s", k ? "embedded" : "Trino mode",
                         i + 1, tn);
        }
        assert_true(SQL_SUCCEEDED(SQLExecute(h)));
        assert_true(SQL_SUCCEEDED(SQLFetch(h)));
        for (int i = 0; i < N; i++) {
            char txt[96];
            SQLLEN ind;
            assert_true(SQL_SUCCEEDED(SQLGetData(h, (SQLUSMALLINT)(i + 1), SQL_C_CHAR,
                                                 txt, sizeof txt, &ind)));
            if (!want_text[i]) {
                assert_int_equal(ind, SQL_NULL_DATA);
                continue;
            }
            if (ind == SQL_NULL_DATA || strcmp(txt, want_text[i]))
                fail_msg("%s column %d: got '%s', want '%s'", k ? "embedded" : "Trino mode",
                         i + 1, ind == SQL_NULL_DATA ? "NULL" : txt, want_text[i]);
        }
        SQLFreeHandle(SQL_HANDLE_STMT, h);
    }
    ou_disconnect(&e);
    ou_disconnect(&t);
}

/* The session zone travels as X-Trino-Time-Zone: TimeZone= as in
 * embedded mode, else the client's zone, so both engines answer
 * current_timezone() and a zone-less timestamp cast to a zoned one alike;
 * an unknown zone fails the connection with 08001 (a DSN key's bad
 * value, as in embedded mode) naming it, before any request. */
static void test_session_time_zone(void **state)
{
    (void)state;
    static const char *const conns[2][2] = {
        { TRINO_DSN, OU_DSN },
        { TRINO_DSN "TimeZone=Asia/Kolkata;", OU_DSN "TimeZone=Asia/Kolkata;" },
    };
    const char *sql = "select current_timezone(), cast(timestamp "
                      "'2020-01-01 10:00:00' as timestamp with time zone)";
    for (int k = 0; k < 2; k++) {
        ou_conn t, e;
        ou_result rt, re;
        SQLHSTMT st = SQL_NULL_HSTMT, se = SQL_NULL_HSTMT;
        connect_or_fail(&t, conns[k][0]);
        connect_or_fail(&e, conns[k][1]);
        run_ok(&t, &st, sql, &rt);
        run_ok(&e, &se, sql, &re);
        if (strcmp(rt.cells[0], re.cells[0]) || strcmp(rt.cells[1], re.cells[1]))
            fail_msg("Trino mode '%s' '%s', embedded '%s' '%s'", rt.cells[0],
                     rt.cells[1], re.cells[0], re.cells[1]);
        if (k == 1) {
            assert_string_equal(rt.cells[0], "Asia/Kolkata");
            assert_string_equal(rt.cells[1], "2020-01-01 10:00:00.000 Asia/Kolkata");
        }
        ou_result_free(&rt);
        ou_result_free(&re);
        SQLFreeHandle(SQL_HANDLE_STMT, st);
        SQLFreeHandle(SQL_HANDLE_STMT, se);
        ou_disconnect(&e);
        ou_disconnect(&t);
    }
    ou_conn bad;
    ou_diag d;
    assert_false(SQL_SUCCEEDED(ou_connect(&bad, TRINO_DSN "TimeZone=Mars/Olympus;", &d)));
    ou_disconnect(&bad);
    assert_string_equal(d.sqlstate, "08001");
    assert_non_null(strstr(d.message, "TimeZone='Mars/Olympus'"));
}

/* A Trino catalog in the mesh: timestamp/time/date columns of the
 * cluster are the engine's types (no longer 0A000), their filters are
 * shipped as typed literals with six digits, and the values agree with
 * the same table read directly. */
static void test_mixed_mesh_temporal(void **state)
{
    (void)state;
    ou_conn t, m;
    SQLHSTMT st = SQL_NULL_HSTMT;
    ou_result r;
    connect_or_fail(&t, TRINO_DSN);
    exec_ok(&t, "drop table if exists ordersdb.public.trino_temporal", true);
    exec_ok(&t, "create table ordersdb.public.trino_temporal "
                "(id integer, ts timestamp(3), t time(6), d date, ts6 timestamp(6))", false);
    exec_ok(&t, "insert into ordersdb.public.trino_temporal values "
                "(1, timestamp '2020-01-02 03:04:05.123', time '01:02:03.456789', "
                "date '2020-02-29', timestamp '2020-01-02 03:04:05.123456'), "
                "(2, timestamp '1999-12-31 23:59:59.999', time '23:59:59.999999', "
                "date '1999-12-31', null)", false);
    connect_or_fail(&m, "DSN=mixed_mesh;");
    expect_cell(&m, "select ts from torders.public.trino_temporal where id = 1",
                "2020-01-02 03:04:05.123");
    expect_cell(&m, "select t from torders.public.trino_temporal where id = 2",
                "23:59:59.999999");
    expect_cell(&m, "select count(*) from torders.public.trino_temporal "
                    "where ts < timestamp '2000-01-01 00:00:00.000'", "1");
    expect_cell(&m, "select id from torders.public.trino_temporal "
                    "where ts6 = timestamp '2020-01-02 03:04:05.123456'", "1");
    expect_cell(&m, "select date_add('day', 1, d) from torders.public.trino_temporal "
                    "where id = 1", "2020-03-01");
    /* joined with the local copy of the same table (embedded ordersdb) */
    expect_cell(&m, "select count(*) from torders.public.trino_temporal a "
                    "join ordersdb.public.trino_temporal b on a.ts = b.ts and a.t = b.t "
                    "and a.d = b.d", "2");
    st = SQL_NULL_HSTMT;
    run_ok(&m, &st, "explain select id from torders.public.trino_temporal "
                    "where ts < timestamp '2000-01-01 00:00:00.000'", &r);
    bool shipped = false;
    for (int i = 0; i < r.nrows * r.ncols; i++)
        shipped |= r.cells[i] &&
                   strstr(r.cells[i], "WHERE (\"ts\" < TIMESTAMP '2000-01-01 00:00:00.000000')") != NULL;
    if (!shipped)
        for (int i = 0; i < r.nrows * r.ncols; i++)
            fprintf(stderr, "plan: %s\n", r.cells[i] ? r.cells[i] : "");
    assert_true(shipped);
    ou_result_free(&r);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    /* SQLColumns through the mesh: typed */
    col_desc dm[3];
    st = describe_cols(&m, "select ts, t, d from torders.public.trino_temporal", dm, 3);
    assert_int_equal(dm[0].type, SQL_TYPE_TIMESTAMP);
    assert_int_equal(dm[0].digits, 3);
    assert_int_equal(dm[1].type, SQL_TYPE_TIME);
    assert_int_equal(dm[2].type, SQL_TYPE_DATE);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    ou_disconnect(&m);
    exec_ok(&t, "drop table ordersdb.public.trino_temporal", false);
    ou_disconnect(&t);
}

/* ---- whole subtrees to a Trino catalog ---- */

/* Runs sql on c, every cell as text joined with '|' and rows with '\n'
 * (malloc'ed). */
static char *rows_text(ou_conn *c, const char *sql)
{
    SQLHSTMT st = SQL_NULL_HSTMT;
    ou_result r;
    run_ok(c, &st, sql, &r);
    size_t cap = 64, len = 0;
    char *out = malloc(cap);
    out[0] = '\0';
    for (int i = 0; i < r.nrows * r.ncols; i++) {
        const char *v = r.cells[i] ? r.cells[i] : "NULL";
        size_t need = len + strlen(v) + 2;
        if (need + 1 > cap) {
            cap = 2 * need;
            out = realloc(out, cap);
        }
        len += (size_t)sprintf(out + len, "%s%s", v, (i + 1) % r.ncols ? "|" : "\n");
    }
    ou_result_free(&r);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    return out;
}

/* Replaces every "tcustomers." by "customersdb." (the same tables read
 * locally by the embedded engine). malloc'ed. */
static char *local_of(const char *sql)
{
    return replace_catalog(sql, "tcustomers", "customersdb");
}

static void test_mixed_mesh_subtrees(void **state)
{
    (void)state;
    ou_conn m;
    connect_or_fail(&m, "DSN=mixed_mesh;");
    /* each query touches one Trino catalog only: the cluster computes it
     * whole (EXPLAIN: one RemoteQuery whose SQL holds the work), and the
     * rows are the embedded engine's over the same tables read locally */
    static const struct { const char *sql, *needle; } qs[] = {
        {"select c.first_name, count(*) from tcustomers.public.customers c "
         "join tcustomers.public.customers o on o.id = c.id "
         "group by c.first_name order by 2 desc, 1 limit 5", " JOIN "},
        {"select first_name, count(*), min(id), max(id), sum(id), avg(id) "
         "from tcustomers.public.customers where id > 20 "
         "group by first_name order by first_name", "GROUP BY"},
        {"select last_name from tcustomers.public.customers "
         "order by last_name desc, id limit 7", "ORDER BY"},
        {"select distinct last_name from tcustomers.public.customers "
         "order by last_name", "DISTINCT"},
        {"select a.id, b.id from tcustomers.public.customers a left join "
         "tcustomers.public.customers b on a.id = b.id + 0 and b.id < 5 "
         "where a.id < 8 order by a.id", NULL},
        {"select count(*), count(distinct first_name) from tcustomers.public.customers",
         "count(DISTINCT"},
    };
    for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
        char *local = local_of(qs[i].sql);
        char *want = rows_text(&m, local);
        char *got = rows_text(&m, qs[i].sql);
        if (strcmp(got, want))
            fail_msg("%s\nthrough Trino:\n%s\nlocal:\n%s", qs[i].sql, got, want);
        assert_true(strlen(want) > 0);
        if (qs[i].needle) {
            char ex[4096];
            snprintf(ex, sizeof ex, "explain %s", qs[i].sql);
            char *plan = rows_text(&m, ex);
            /* above the remote query only streaming nodes stay local (a
             * project over an ordered remote input) */
            char *rq = strstr(plan, "RemoteQuery[tcustomers] sql: SELECT ");
            bool local_work = false;
            for (const char *const *w = (const char *const[]){"Sort", "Aggregate",
                     "Join", "Distinct", "Scan", NULL}; rq && *w; w++) {
                const char *hit = strstr(plan, *w);
                local_work |= hit && hit < rq;
            }
            if (!rq || local_work || !strstr(rq, qs[i].needle) ||
                !strstr(rq, "FROM \"customersdb\".\"public\".\"customers\""))
                fail_msg("%s: not one remote query with %s:\n%s", qs[i].sql,
                         qs[i].needle, plan);
            free(plan);
        }
        free(got);
        free(want);
        free(local);
    }
    /* a join of the Trino catalog with a local one: the Trino side stays
     * a scan (with its filters), the join is local (no aggregate above:
     * under count(*) the optimizer's partial aggregation, rule 4b, may
     * pre-aggregate the Trino side as a RemoteQuery of its own) */
    char *plan = rows_text(&m, "explain select c.id, o.user_id from tcustomers.public.customers c "
                               "join ordersdb.public.orders o on o.user_id = c.id "
                               "where c.id < 50");
    if (strstr(plan, "RemoteQuery[tcustomers]") ||
        !strstr(plan, "Scan[tcustomers.public.customers]"))
        fail_msg("the Trino side of a cross-catalog join is not a scan:\n%s", plan);
    free(plan);
    ou_disconnect(&m);
}

/* ---- transactions on the server ---- */

/* The explicit transactions the server holds (another connection's view):
 * "isolation level" of each, comma-separated, in arbitrary order. */
static void server_txns(ou_conn *obs, char *out, size_t cap)
{
    SQLHSTMT st = SQL_NULL_HSTMT;
    ou_result r;
    run_ok(obs, &st, "select isolation_level from system.runtime.transactions "
                     "where not auto_commit_context", &r);
    out[0] = '\0';
    for (int i = 0; i < r.nrows; i++)
        snprintf(out + strlen(out), cap - strlen(out), "%s%s", i ? "," : "",
                 r.cells[i] ? r.cells[i] : "NULL");
    ou_result_free(&r);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

/* Runs sql on a fresh statement: its first diagnostic's state ("" when
 * it succeeded), message into msg. */
static const char *try_sql(ou_conn *c, const char *sql, char *msg, size_t cap)
{
    static char state[6];
    SQLHSTMT st;
    assert_true(SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, c->dbc, &st)));
    SQLRETURN rc = SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS);
    state[0] = '\0';
    if (msg)
        msg[0] = '\0';
    if (!SQL_SUCCEEDED(rc)) {
        ou_diag d;
        ou_last_diag(SQL_HANDLE_STMT, st, &d);
        snprintf(state, sizeof state, "%s", d.sqlstate);
        if (msg)
            snprintf(msg, cap, "%s", d.message);
    } else {
        while (SQL_SUCCEEDED(SQLFetch(st)))
            ;
    }
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    return state;
}

static SQLRETURN end_tran(ou_conn *c, SQLSMALLINT op, ou_diag *d)
{
    SQLRETURN rc = SQLEndTran(SQL_HANDLE_DBC, c->dbc, op);
    if (!SQL_SUCCEEDED(rc) && d)
        ou_last_diag(SQL_HANDLE_DBC, c->dbc, d);
    return rc;
}

static void test_transactions(void **state)
{
    (void)state;
    ou_conn t, obs;
    char txns[256], msg[2048];
    ou_diag d;
    connect_or_fail(&t, TRINO_DSN);
    connect_or_fail(&obs, TRINO_DSN);
    /* SQLGetInfo tells what the server offers */
    SQLUSMALLINT tc = 0;
    SQLUINTEGER u32 = 0;
    assert_true(SQL_SUCCEEDED(SQLGetInfo(t.dbc, SQL_TXN_CAPABLE, &tc, sizeof tc, NULL)));
    assert_int_equal(tc, SQL_TC_ALL);
    assert_true(SQL_SUCCEEDED(SQLGetInfo(t.dbc, SQL_DEFAULT_TXN_ISOLATION, &u32, sizeof u32, NULL)));
    assert_int_equal(u32, SQL_TXN_READ_UNCOMMITTED);
    assert_true(SQL_SUCCEEDED(SQLGetInfo(t.dbc, SQL_TXN_ISOLATION_OPTION, &u32, sizeof u32, NULL)));
    assert_int_equal(u32, SQL_TXN_READ_UNCOMMITTED | SQL_TXN_READ_COMMITTED |
                              SQL_TXN_REPEATABLE_READ | SQL_TXN_SERIALIZABLE);
    assert_true(SQL_SUCCEEDED(SQLGetConnectAttr(t.dbc, SQL_ATTR_TXN_ISOLATION, &u32, 0, NULL)));
    assert_int_equal(u32, SQL_TXN_READ_UNCOMMITTED);
    exec_ok(&t, "drop table if exists ordersdb.public.trino_txn", true);
    exec_ok(&t, "create table ordersdb.public.trino_txn (a integer)", false);
    server_txns(&obs, txns, sizeof txns);
    assert_string_equal(txns, "");

    /* autocommit off: the first statement starts the transaction */
    assert_true(SQL_SUCCEEDED(SQLSetConnectAttr(t.dbc, SQL_ATTR_AUTOCOMMIT,
                                                (SQLPOINTER)SQL_AUTOCOMMIT_OFF, 0)));
    server_txns(&obs, txns, sizeof txns);
    assert_string_equal(txns, "");
    expect_cell(&t, "select count(*) from ordersdb.public.trino_txn", "0");
    server_txns(&obs, txns, sizeof txns);
    assert_string_equal(txns, "READ UNCOMMITTED");
    expect_cell(&t, "select count(*) from customersdb.public.customers", "100");
    server_txns(&obs, txns, sizeof txns);
    assert_string_equal(txns, "READ UNCOMMITTED");   /* the same one */
    assert_true(SQL_SUCCEEDED(end_tran(&t, SQL_COMMIT, &d)));
    server_txns(&obs, txns, sizeof txns);
    assert_string_equal(txns, "");

    /* PostgreSQL catalogs take writes only in autocommit mode: Trino's
     * message; the transaction is then aborted (25P02), its commit fails
     * (40000, rolled back), and the next statement starts a fresh one */
    assert_string_equal(try_sql(&t, "insert into ordersdb.public.trino_txn values (1)",
                                msg, sizeof msg), "25000");
    assert_non_null(strstr(msg, "Catalog only supports writes using autocommit: ordersdb"));
    assert_string_equal(try_sql(&t, "select 1", msg, sizeof msg), "25P02");
    assert_false(SQL_SUCCEEDED(end_tran(&t, SQL_COMMIT, &d)));
    assert_string_equal(d.sqlstate, "40000");
    assert_non_null(strstr(d.message, "aborted"));
    server_txns(&obs, txns, sizeof txns);
    assert_string_equal(txns, "");
    assert_true(SQL_SUCCEEDED(end_tran(&t, SQL_ROLLBACK, &d)));   /* nothing to end */
    expect_cell(&t, "select count(*) from ordersdb.public.trino_txn", "0");
    assert_true(SQL_SUCCEEDED(end_tran(&t, SQL_ROLLBACK, &d)));
    server_txns(&obs, txns, sizeof txns);
    assert_string_equal(txns, "");

    /* a COMMIT statement before anything ran: nothing to end */
    assert_string_equal(try_sql(&t, "commit", NULL, 0), "");

    /* SQL_ATTR_TXN_ISOLATION: sent with START TRANSACTION; a level the
     * catalog cannot give is Trino's error when the catalog is used */
    assert_true(SQL_SUCCEEDED(SQLSetConnectAttr(t.dbc, SQL_ATTR_TXN_ISOLATION,
                                                (SQLPOINTER)SQL_TXN_READ_COMMITTED, 0)));
    expect_cell(&t, "select count(*) from ordersdb.public.trino_txn", "0");
    server_txns(&obs, txns, sizeof txns);
    assert_string_equal(txns, "READ COMMITTED");
    /* not while a transaction is in progress */
    assert_false(SQL_SUCCEEDED(SQLSetConnectAttr(t.dbc, SQL_ATTR_TXN_ISOLATION,
                                                 (SQLPOINTER)SQL_TXN_SERIALIZABLE, 0)));
    assert_true(SQL_SUCCEEDED(end_tran(&t, SQL_ROLLBACK, &d)));
    assert_true(SQL_SUCCEEDED(SQLSetConnectAttr(t.dbc, SQL_ATTR_TXN_ISOLATION,
                                                (SQLPOINTER)SQL_TXN_SERIALIZABLE, 0)));
    assert_string_equal(try_sql(&t, "select count(*) from ordersdb.public.trino_txn",
                                msg, sizeof msg), "0A000");
    assert_non_null(strstr(msg, "isolation level"));
    assert_true(SQL_SUCCEEDED(end_tran(&t, SQL_ROLLBACK, &d)));
    assert_true(SQL_SUCCEEDED(SQLSetConnectAttr(t.dbc, SQL_ATTR_TXN_ISOLATION,
                                                (SQLPOINTER)SQL_TXN_READ_UNCOMMITTED, 0)));

    /* SQLDisconnect refuses while a transaction is in progress (25000);
     * autocommit on commits it */
    expect_cell(&t, "select 1", "1");
    server_txns(&obs, txns, sizeof txns);
    assert_string_equal(txns, "READ UNCOMMITTED");
    assert_false(SQL_SUCCEEDED(SQLDisconnect(t.dbc)));
    assert_true(SQL_SUCCEEDED(SQLSetConnectAttr(t.dbc, SQL_ATTR_AUTOCOMMIT,
                                                (SQLPOINTER)SQL_AUTOCOMMIT_ON, 0)));
    server_txns(&obs, txns, sizeof txns);
    assert_string_equal(txns, "");

    /* autocommit on: the application's own START TRANSACTION / COMMIT
     * reach the server; SQLEndTran ends such a transaction too */
    exec_ok(&t, "start transaction read only", false);
    expect_cell(&t, "select count(*) from ordersdb.public.trino_txn", "0");
    server_txns(&obs, txns, sizeof txns);
    assert_string_equal(txns, "READ UNCOMMITTED");
    assert_string_equal(try_sql(&t, "insert into ordersdb.public.trino_txn values (1)",
                                msg, sizeof msg), "25006");
    assert_string_equal(try_sql(&t, "commit", msg, sizeof msg), "25P02");
    server_txns(&obs, txns, sizeof txns);
    assert_string_equal(txns, "");
    exec_ok(&t, "start transaction", false);
    expect_cell(&t, "select 1", "1");
    assert_true(SQL_SUCCEEDED(end_tran(&t, SQL_COMMIT, &d)));
    server_txns(&obs, txns, sizeof txns);
    assert_string_equal(txns, "");
    /* writes in autocommit mode as before */
    exec_ok(&t, "insert into ordersdb.public.trino_txn values (7)", false);
    expect_cell(&t, "select a from ordersdb.public.trino_txn", "7");
    exec_ok(&t, "drop table ordersdb.public.trino_txn", false);
    ou_disconnect(&obs);
    ou_disconnect(&t);
}

/* ---- TLS and password authentication (the runner's https port) ---- */

static const char *env_req(const char *k)
{
    const char *v = getenv(k);
    if (!v || !*v)
        fail_msg("%s is not set (run through tests/trino/run_trino_tests.sh)", k);
    return v;
}

/* A connection string to the https port: the DSN's keys, with Server and
 * the given extra keys overriding them. */
static void https_cs(char *cs, size_t cap, const char *host, const char *extra)
{
    snprintf(cs, cap, "DSN=trino_mesh;Server=https://%s:%s;%s", host,
             env_req("MESH_TRINO_HTTPS_PORT"), extra);
}

/* Connects with cs and runs sql: on success the first cell in *cell (may
 * be NULL), else the diagnostic in *d. The password must never show. */
static SQLRETURN try_query(const char *cs, const char *sql, char *cell,
                           size_t cap, ou_diag *d)
{
    ou_conn c;
    SQLHSTMT st = SQL_NULL_HSTMT;
    ou_result r;
    memset(d, 0, sizeof *d);
    SQLRETURN rc = ou_connect(&c, cs, d);
    if (SQL_SUCCEEDED(rc)) {
        rc = ou_query(&c, &st, sql, &r, d);
        if (SQL_SUCCEEDED(rc)) {
            if (cell)
                snprintf(cell, cap, "%s", r.nrows > 0 && r.cells[0] ? r.cells[0] : "");
            ou_result_free(&r);
        }
        if (st != SQL_NULL_HSTMT)
            SQLFreeHandle(SQL_HANDLE_STMT, st);
    }
    ou_disconnect(&c);
    assert_null(strstr(d->message, env_req("MESH_TRINO_PASSWORD")));
    return rc;
}

static void expect_fail(const char *cs, const char *state, const char *needle)
{
    ou_diag d;
    SQLRETURN rc = try_query(cs, "select 1", NULL, 0, &d);
    if (SQL_SUCCEEDED(rc))
        fail_msg("expected %s with %s", state, cs);
    if (strcmp(d.sqlstate, state) || (needle && !strstr(d.message, needle)))
        fail_msg("expected %s '%s' with %s; got %s %s", state, needle ? needle : "", cs,
                 d.sqlstate, d.message);
}

static void test_https_password(void **state)
{
    (void)state;
    char cs[2048], extra[1024], cell[128];
    ou_diag d;
    const char *pw = env_req("MESH_TRINO_PASSWORD");
    const char *ca = env_req("MESH_TRINO_CA");
    char url[128];
    snprintf(url, sizeof url, "https://127.0.0.1:%s", env_req("MESH_TRINO_HTTPS_PORT"));

    /* the right password, the server's certificate verified against the
     * test's CA file: the session runs as that user */
    snprintf(extra, sizeof extra, "PWD=%s;SSLCAFile=%s;", pw, ca);
    https_cs(cs, sizeof cs, "127.0.0.1", extra);
    if (!SQL_SUCCEEDED(try_query(cs, "select count(*) from customersdb.public.customers",
                                 cell, sizeof cell, &d)))
        fail_msg("https with password: %s %s", d.sqlstate, d.message);
    assert_string_equal(cell, "100");
    assert_true(SQL_SUCCEEDED(try_query(cs, "select current_user", cell, sizeof cell, &d)));
    assert_string_equal(cell, env_req("MESH_TRINO_USER"));

    /* a wrong password: 28000 naming the user, never the password */
    snprintf(extra, sizeof extra, "PWD=%sx;SSLCAFile=%s;", pw, ca);
    https_cs(cs, sizeof cs, "127.0.0.1", extra);
    expect_fail(cs, "28000", "refused the credentials of user 'meshodbc'");
    /* a user the file does not know */
    snprintf(extra, sizeof extra, "UID=nobody;PWD=%s;SSLCAFile=%s;", pw, ca);
    https_cs(cs, sizeof cs, "127.0.0.1", extra);
    expect_fail(cs, "28000", "nobody");
    /* no password at all: the server asks for one */
    snprintf(extra, sizeof extra, "SSLCAFile=%s;", ca);
    https_cs(cs, sizeof cs, "127.0.0.1", extra);
    expect_fail(cs, "28000", NULL);

    /* no CA file: the self-signed certificate is not trusted, and the
     * password is not sent to an unverified server */
    snprintf(extra, sizeof extra, "PWD=%s;", pw);
    https_cs(cs, sizeof cs, "127.0.0.1", extra);
    expect_fail(cs, "08001", url);
    /* ... unless verification is switched off */
    snprintf(extra, sizeof extra, "PWD=%s;SSLVerification=NONE;", pw);
    https_cs(cs, sizeof cs, "127.0.0.1", extra);
    assert_true(SQL_SUCCEEDED(try_query(cs, "select 7", cell, sizeof cell, &d)));
    assert_string_equal(cell, "7");

    /* the certificate names 127.0.0.1 only: "localhost" fails the host
     * name check (FULL, the default) but passes CA (chain only) */
    snprintf(extra, sizeof extra, "PWD=%s;SSLCAFile=%s;", pw, ca);
    https_cs(cs, sizeof cs, "localhost", extra);
    expect_fail(cs, "08001", "https://localhost:");
    snprintf(extra, sizeof extra, "PWD=%s;SSLCAFile=%s;SSLVerification=FULL;", pw, ca);
    https_cs(cs, sizeof cs, "localhost", extra);
    expect_fail(cs, "08001", "https://localhost:");
    snprintf(extra, sizeof extra, "PWD=%s;SSLCAFile=%s;SSLVerification=CA;", pw, ca);
    https_cs(cs, sizeof cs, "localhost", extra);
    if (!SQL_SUCCEEDED(try_query(cs, "select 8", cell, sizeof cell, &d)))
        fail_msg("SSLVerification=CA: %s %s", d.sqlstate, d.message);
    assert_string_equal(cell, "8");
    /* an unknown verification mode is refused at connect */
    https_cs(cs, sizeof cs, "127.0.0.1", "SSLVerification=MAYBE;");
    expect_fail(cs, "08001", "SSLVerification");
}

/* ---- the server stopped during a fetch, then restarted ---- */

static int trino_ctl(const char *verb)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "'%s' %s >&2", env_req("MESH_TRINO_CTL"), verb);
    return system(cmd);
}

static void test_server_stopped_mid_fetch(void **state)
{
    (void)state;
    ou_conn c;
    SQLHSTMT st;
    ou_diag d;
    char url[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%s", env_req("MESH_TRINO_PORT"));
    connect_or_fail(&c, TRINO_DSN);
    SQLAllocHandle(SQL_HANDLE_STMT, c.dbc, &st);
    /* two million rows: many pages, most still on the server */
    assert_true(SQL_SUCCEEDED(SQLExecDirect(st, (SQLCHAR *)
        "select x, y from unnest(sequence(1, 2000)) a(x) "
        "cross join unnest(sequence(1, 1000)) b(y)", SQL_NTS)));
    for (int i = 0; i < 10; i++)
        assert_true(SQL_SUCCEEDED(SQLFetch(st)));
    assert_int_equal(trino_ctl("stop"), 0);
    /* the rows already here come, then the next page fails: an error,
     * never a short result that looks complete */
    long fetched = 10;
    SQLRETURN rc;
    while (SQL_SUCCEEDED(rc = SQLFetch(st)))
        fetched++;
    fprintf(stderr, "rows fetched before the failure: %ld of 2000000\n", fetched);
    assert_int_equal(rc, SQL_ERROR);
    assert_true(fetched < 2000000);
    ou_last_diag(SQL_HANDLE_STMT, st, &d);
    if (strcmp(d.sqlstate, "08S01") || !strstr(d.message, url))
        fail_msg("got %s %s", d.sqlstate, d.message);
    SQLFreeStmt(st, SQL_CLOSE);
    /* while the server is down a statement fails cleanly */
    ou_result r;
    SQLRETURN r1 = ou_query(&c, &st, "select 1", &r, &d);
    if (SQL_SUCCEEDED(r1))
        ou_result_free(&r);
    assert_false(SQL_SUCCEEDED(r1));
    assert_string_equal(d.sqlstate, "08001");
    /* back up: the same connection and statement handle work again */
    assert_int_equal(trino_ctl("start"), 0);
    run_ok(&c, &st, "select count(*) from ordersdb.public.orders", &r);
    assert_string_equal(r.cells[0], "99");
    ou_result_free(&r);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    ou_disconnect(&c);
}

/* Loads known_differences: one query per line (exact text), a tab, the
 * reason. Returns the lines (malloc'ed) and their number. */
static int load_known(char ***out)
{
    FILE *f = fopen(ou_srcpath("tests/trino/known_differences"), "r");
    char line[4096];
    int n = 0;
    *out = NULL;
    if (!f)
        return 0;
    while (fgets(line, sizeof line, f)) {
        char *tab = strchr(line, '\t');
        if (line[0] == '#' || !tab)
            continue;
        *tab = '\0';
        *out = realloc(*out, sizeof(char *) * (size_t)(n + 1));
        (*out)[n++] = strdup(line);
    }
    fclose(f);
    return n;
}

static void test_differential_agreement(void **state)
{
    (void)state;
    ou_conn trino, mesh;
    char **known;
    int nknown = load_known(&known);
    /* the suite's own tables (schema dt), made in the cluster's servers
     * that both Trino's catalogs and the embedded engine read */
    assert_int_equal(ou_fixture_load(ou_srcpath("tests/sql/differential_tables.sql")), 0);
    connect_or_fail(&trino, TRINO_DSN);
    connect_or_fail(&mesh, "DSN=jaffle_mesh;");
    char *all = ou_file_sql(ou_srcpath("tests/sql/differential.sql"));
    assert_non_null(all);
    int total = 0, agree = 0, unexplained = 0;
    for (char *q = strtok(all, ";"); q; q = strtok(NULL, ";")) {
        while (*q == ' ' || *q == '\n')
            q++;
        if (!*q)
            continue;
        total++;
        SQLHSTMT s1 = SQL_NULL_HSTMT, s2 = SQL_NULL_HSTMT;
        ou_result a, b;
        ou_diag d1, d2;
        SQLRETURN r1 = ou_query(&trino, &s1, q, &a, &d1);
        SQLRETURN r2 = ou_query(&mesh, &s2, q, &b, &d2);
        bool same = SQL_SUCCEEDED(r1) && SQL_SUCCEEDED(r2) &&
                    a.ncols == b.ncols && a.nrows == b.nrows;
        for (int i = 0; same && i < a.nrows * a.ncols; i++)
            same = (!a.cells[i] && !b.cells[i]) ||
                   (a.cells[i] && b.cells[i] && !strcmp(a.cells[i], b.cells[i]));
        if (!SQL_SUCCEEDED(r1) && !SQL_SUCCEEDED(r2))
            same = !strcmp(d1.sqlstate, d2.sqlstate);
        if (same) {
            agree++;
        } else {
            bool listed = false;
            for (int k = 0; k < nknown; k++)
                listed |= !strcmp(known[k], q);
            fprintf(stderr, "%s: %s\n", listed ? "known difference" : "DISAGREE", q);
            if (!SQL_SUCCEEDED(r1))
                fprintf(stderr, "  trino: %s %s\n", d1.sqlstate, d1.message);
            if (!SQL_SUCCEEDED(r2))
                fprintf(stderr, "  embedded: %s %s\n", d2.sqlstate, d2.message);
            unexplained += !listed;
        }
        if (SQL_SUCCEEDED(r1))
            ou_result_free(&a);
        if (SQL_SUCCEEDED(r2))
            ou_result_free(&b);
        SQLFreeHandle(SQL_HANDLE_STMT, s1);
        SQLFreeHandle(SQL_HANDLE_STMT, s2);
    }
    printf("embedded/Trino agreement on tests/sql/differential.sql: %d of %d queries\n",
           agree, total);
    free(all);
    for (int k = 0; k < nknown; k++)
        free(known[k]);
    free(known);
    ou_disconnect(&trino);
    ou_disconnect(&mesh);
    ou_fixture_drop(ou_srcpath("tests/sql/differential_tables.sql"));
    assert_true(total > 0);
    assert_int_equal(unexplained, 0);
}

/* ------------------------------------------------------------ parameters */

static SQLHSTMT tp_stmt(ou_conn *c)
{
    SQLHSTMT st;
    assert_int_equal(SQLAllocHandle(SQL_HANDLE_STMT, c->dbc, &st), SQL_SUCCESS);
    return st;
}

/* SQLSTATE and message of the first diagnostic of st. */
static const char *tp_diag(SQLHSTMT st, char *msg, size_t cap)
{
    static char state[6];
    SQLINTEGER nat;
    SQLSMALLINT len;
    state[0] = msg[0] = '\0';
    SQLGetDiagRec(SQL_HANDLE_STMT, st, 1, (SQLCHAR *)state, &nat,
                  (SQLCHAR *)msg, (SQLSMALLINT)cap, &len);
    return state;
}

static void tp_prep(SQLHSTMT st, const char *sql)
{
    char msg[512];
    if (!SQL_SUCCEEDED(SQLPrepare(st, (SQLCHAR *)sql, SQL_NTS))) {
        const char *state = tp_diag(st, msg, sizeof msg);
        fail_msg("prepare %s: %s %s", sql, state, msg);
    }
}

/* Row 1 column 1 as text ("NULL") after a successful execution. */
static const char *tp_fetch1(SQLHSTMT st)
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

/* Prepares sql with one marker bound as given, executes, returns the
 * first value as text or "!" and the SQLSTATE. */
static const char *tp_run1(ou_conn *c, const char *sql, SQLSMALLINT ctype,
                           SQLSMALLINT sqltype, SQLULEN size,
                           SQLSMALLINT digits, void *ptr, SQLLEN buflen,
                           SQLLEN *ind)
{
    static char out[600];
    char msg[512];
    SQLHSTMT st = tp_stmt(c);
    tp_prep(st, sql);
    assert_int_equal(SQLBindParameter(st, 1, SQL_PARAM_INPUT, ctype, sqltype,
                                      size, digits, ptr, buflen, ind),
                     SQL_SUCCESS);
    SQLRETURN rc = SQLExecute(st);
    if (rc == SQL_ERROR) {
        const char *state = tp_diag(st, msg, sizeof msg);
        fprintf(stderr, "%s: %s %s\n", sql, state, msg);
        snprintf(out, sizeof out, "!%s", state);
    } else {
        assert_true(SQL_SUCCEEDED(rc));
        snprintf(out, sizeof out, "%s", tp_fetch1(st));
    }
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    return out;
}

static const char *tp_text(ou_conn *c, const char *sql, const char *v)
{
    static SQLLEN nts;
    nts = v ? SQL_NTS : SQL_NULL_DATA;
    return tp_run1(c, sql, SQL_C_CHAR, SQL_VARCHAR, 200, 0,
                   (void *)(v ? v : ""), 0, &nts);
}

static void tp_exec_direct(ou_conn *c, const char *sql)
{
    char msg[512];
    SQLHSTMT st = tp_stmt(c);
    if (!SQL_SUCCEEDED(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS))) {
        const char *state = tp_diag(st, msg, sizeof msg);
        fail_msg("%s: %s %s", sql, state, msg);
    }
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

/*
 * Parameters in Trino mode: counted markers, types from DESCRIBE INPUT,
 * every C type as a typed literal of EXECUTE ... USING, hostile and
 * unicode strings kept whole (never SQL), NULL, and parameter arrays
 * (a query set by set with SQLMoreResults, an INSERT set by set with
 * its status array).
 */
static void test_params(void **state)
{
    (void)state;
    ou_conn c;
    char msg[512];
    connect_or_fail(&c, TRINO_DSN);

    /* SQLNumParams counts markers outside strings, identifiers and
     * comments; SQLDescribeParam gives DESCRIBE INPUT's types */
    SQLHSTMT st = tp_stmt(&c);
    tp_prep(st, "select first_name as \"?\" from customersdb.public.customers "
                "where id = ? and first_name <> '?' and ? is not null "
                "-- a ? here\n /* and ? */");
    SQLSMALLINT n = -1, type, digits, nullable;
    SQLULEN size;
    assert_int_equal(SQLNumParams(st, &n), SQL_SUCCESS);
    assert_int_equal(n, 2);
    assert_int_equal(SQLDescribeParam(st, 1, &type, &size, &digits,
                                      &nullable), SQL_SUCCESS);
    assert_int_equal(type, SQL_INTEGER);
    assert_int_equal(SQLDescribeParam(st, 2, &type, &size, &digits, NULL),
                     SQL_SUCCESS);
    assert_int_equal(type, SQL_VARCHAR);   /* unknown: the documented rule */
    assert_int_equal(SQLDescribeParam(st, 3, &type, &size, &digits, NULL),
                     SQL_ERROR);
    /* executing without values: 07002 */
    assert_int_equal(SQLExecute(st), SQL_ERROR);
    assert_string_equal(tp_diag(st, msg, sizeof msg), "07002");
    SQLFreeHandle(SQL_HANDLE_STMT, st);

    /* every C type into an untyped marker: the literal keeps its type */
    SQLINTEGER i32 = 42;
    assert_string_equal(tp_run1(&c, "select ?", SQL_C_SLONG, SQL_INTEGER, 0, 0,
                                &i32, 0, NULL), "42");
    SQLBIGINT i64 = 5000000000LL;
    assert_string_equal(tp_run1(&c, "select ? + 1", SQL_C_SBIGINT, SQL_BIGINT,
                                0, 0, &i64, 0, NULL), "5000000001");
    SQLSMALLINT i16 = -7;
    assert_string_equal(tp_run1(&c, "select typeof(?)", SQL_C_SSHORT,
                                SQL_SMALLINT, 0, 0, &i16, 0, NULL),
                        "smallint");
    /* SQL_TINYINT: TINYINT '…', a tinyint on the server too; beyond
     * -128..127 refused before it is sent (22003) */
    assert_string_equal(tp_run1(&c, "select typeof(?)", SQL_C_SSHORT,
                                SQL_TINYINT, 0, 0, &i16, 0, NULL),
                        "tinyint");
    assert_string_equal(tp_run1(&c, "select ? * 2", SQL_C_SSHORT,
                                SQL_TINYINT, 0, 0, &i16, 0, NULL), "-14");
    SQLSMALLINT big16 = 200;
    assert_string_equal(tp_run1(&c, "select ?", SQL_C_SSHORT, SQL_TINYINT, 0,
                                0, &big16, 0, NULL), "!22003");
    SQLDOUBLE d = 1.25;
    assert_string_equal(tp_run1(&c, "select ?", SQL_C_DOUBLE, SQL_DOUBLE, 0,
                                0, &d, 0, NULL), "1.25");
    assert_string_equal(tp_run1(&c, "select typeof(?)", SQL_C_DOUBLE,
                                SQL_DOUBLE, 0, 0, &d, 0, NULL), "double");
    /* SQL_REAL: Trino's real on the server too */
    assert_string_equal(tp_run1(&c, "select typeof(?)", SQL_C_DOUBLE,
                                SQL_REAL, 0, 0, &d, 0, NULL), "real");
    assert_string_equal(tp_run1(&c, "select ?", SQL_C_DOUBLE, SQL_REAL, 0,
                                0, &d, 0, NULL), "1.25");
    char dec[] = "12.50";
    SQLLEN nts = SQL_NTS;
    assert_string_equal(tp_run1(&c, "select ?", SQL_C_CHAR, SQL_DECIMAL, 4, 2,
                                dec, 0, &nts), "12.50");
    assert_string_equal(tp_run1(&c, "select typeof(?)", SQL_C_CHAR,
                                SQL_DECIMAL, 4, 2, dec, 0, &nts),
                        "decimal(4,2)");
    unsigned char bit = 1;
    assert_string_equal(tp_run1(&c, "select ?", SQL_C_BIT, SQL_BIT, 0, 0,
                                &bit, 0, NULL), "1");
    SQL_DATE_STRUCT dt = { 2021, 3, 4 };
    assert_string_equal(tp_run1(&c, "select ?", SQL_C_TYPE_DATE,
                                SQL_TYPE_DATE, 10, 0, &dt, 0, NULL),
                        "2021-03-04");
    SQL_TIMESTAMP_STRUCT ts = { 2020, 1, 2, 3, 4, 5, 123000000 };
    assert_string_equal(tp_run1(&c, "select ?", SQL_C_TYPE_TIMESTAMP,
                                SQL_TYPE_TIMESTAMP, 23, 3, &ts, 0, NULL),
                        "2020-01-02 03:04:05.123");
    assert_string_equal(tp_run1(&c, "select typeof(?)", SQL_C_TYPE_TIMESTAMP,
                                SQL_TYPE_TIMESTAMP, 26, 6, &ts, 0, NULL),
                        "timestamp(6)");
    assert_string_equal(tp_run1(&c, "select ?", SQL_C_TYPE_TIMESTAMP,
                                SQL_TYPE_TIMESTAMP, 19, 0, &ts, 0, NULL),
                        "!22008");
    SQL_TIME_STRUCT tm = { 3, 4, 5 };
    assert_string_equal(tp_run1(&c, "select ?", SQL_C_TYPE_TIME,
                                SQL_TYPE_TIME, 8, 0, &tm, 0, NULL),
                        "03:04:05");
    SQL_INTERVAL_STRUCT iv;
    memset(&iv, 0, sizeof iv);
    iv.interval_type = SQL_IS_DAY_TO_SECOND;
    iv.interval_sign = SQL_TRUE;
    iv.intval.day_second.day = 2;
    iv.intval.day_second.hour = 3;
    iv.intval.day_second.second = 5;
    iv.intval.day_second.fraction = 500000;
    assert_string_equal(tp_run1(&c, "select ?", SQL_C_INTERVAL_DAY_TO_SECOND,
                                SQL_INTERVAL_DAY_TO_SECOND, 0, 6, &iv, 0,
                                NULL), "-2 03:00:05.500");
    memset(&iv, 0, sizeof iv);
    iv.interval_type = SQL_IS_YEAR_TO_MONTH;
    iv.intval.year_month.year = 1;
    iv.intval.year_month.month = 2;
    assert_string_equal(tp_run1(&c, "select date '2020-01-31' + ?",
                                SQL_C_INTERVAL_YEAR_TO_MONTH,
                                SQL_INTERVAL_YEAR_TO_MONTH, 0, 0, &iv, 0,
                                NULL), "2021-03-31");
    SQLLEN null_ind = SQL_NULL_DATA;
    assert_string_equal(tp_run1(&c, "select ?", SQL_C_SLONG, SQL_INTEGER, 0, 0,
                                &i32, 0, &null_ind), "NULL");
    /* binary: sent as X'616263', back as varbinary (Trino's base64
     * decoded), its text hex as in embedded mode */
    char bin[3] = { 'a', 'b', 'c' };
    SQLLEN blen = 3;
    assert_string_equal(tp_run1(&c, "select ?", SQL_C_BINARY, SQL_VARBINARY,
                                3, 0, bin, 3, &blen), "616263");
    assert_string_equal(tp_run1(&c, "select to_hex(?)", SQL_C_BINARY,
                                SQL_VARBINARY, 3, 0, bin, 3, &blen),
                        "616263");

    /* strings: hostile, quoted, unicode, control characters come back
     * byte for byte, and nothing of them runs */
    static const char *const hostile[] = {
        "'; drop table customersdb.public.customers; --",
        "it's \"quoted\" '' twice",
        "x' or '1'='1",
        "h\xc3\xa9llo \xf0\x9f\x98\x80 \xe2\x98\x83",
        "tab\there\nnew line \\ backslash \\0000 U&'\\0041'",
        "?",
        "",
    };
    for (size_t k = 0; k < sizeof hostile / sizeof *hostile; k++)
        assert_string_equal(tp_text(&c, "select ?", hostile[k]), hostile[k]);
    assert_string_equal(tp_text(&c, "select count(*) from "
                                "customersdb.public.customers where "
                                "first_name = ?", "x' or '1'='1"), "0");
    assert_string_equal(tp_text(&c, "select count(*) from "
                                "customersdb.public.customers where "
                                "first_name = ?", "Shawn"), "1");
    assert_string_equal(tp_text(&c, "select count(*) from "
                                "customersdb.public.customers", NULL), "100");
    assert_string_equal(tp_text(&c, "select count(*) from "
                                "customersdb.public.customers where "
                                "first_name = ?", NULL), "0");
    /* text for a typed marker is cast to its type, as in embedded mode;
     * other values keep their types and Trino's rules apply */
    assert_string_equal(tp_text(&c, "select first_name from "
                                "customersdb.public.customers where id = ?",
                                "5"), "Katherine");
    assert_string_equal(tp_text(&c, "select first_name from "
                                "customersdb.public.customers where id = ?",
                                "x"), "!22018");
    d = 1.5;
    assert_string_equal(tp_run1(&c, "select count(*) from "
                                "customersdb.public.customers where id = ?",
                                SQL_C_DOUBLE, SQL_DOUBLE, 0, 0, &d, 0, NULL),
                        "0");
    d = 7;
    assert_string_equal(tp_run1(&c, "select count(*) from "
                                "customersdb.public.customers where id = ?",
                                SQL_C_DOUBLE, SQL_DOUBLE, 0, 0, &d, 0, NULL),
                        "1");

    /* a query with a parameter array: one result set per set */
    st = tp_stmt(&c);
    SQLINTEGER ids[3] = { 1, 2, 3 };
    SQLUSMALLINT status[3] = { 99, 99, 99 };
    SQLULEN done = 0;
    SQLSetStmtAttr(st, SQL_ATTR_PARAMSET_SIZE, (SQLPOINTER)3, 0);
    SQLSetStmtAttr(st, SQL_ATTR_PARAM_STATUS_PTR, status, 0);
    SQLSetStmtAttr(st, SQL_ATTR_PARAMS_PROCESSED_PTR, &done, 0);
    tp_prep(st, "select id * 10 from customersdb.public.customers where id = ?");
    assert_int_equal(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG,
                                      SQL_INTEGER, 0, 0, ids, 0, NULL),
                     SQL_SUCCESS);
    assert_true(SQL_SUCCEEDED(SQLExecute(st)));
    char got[64] = "";
    SQLLEN ind;
    for (int k = 0; k < 3; k++) {
        char v[16];
        assert_int_equal(SQLFetch(st), SQL_SUCCESS);
        SQLGetData(st, 1, SQL_C_CHAR, v, sizeof v, &ind);
        strcat(got, v);
        strcat(got, ";");
        assert_int_equal(SQLFetch(st), SQL_NO_DATA);
        SQLRETURN mr = SQLMoreResults(st);
        assert_int_equal(mr, k < 2 ? SQL_SUCCESS : SQL_NO_DATA);
    }
    assert_string_equal(got, "10;20;30;");
    assert_int_equal(status[0], SQL_PARAM_SUCCESS);
    assert_int_equal(status[2], SQL_PARAM_SUCCESS);
    SQLFreeHandle(SQL_HANDLE_STMT, st);

    /* writes: an INSERT array runs set by set; timestamps and times
     * into their columns; a WHERE on them */
    tp_exec_direct(&c, "drop table if exists ordersdb.public.trino_params");
    tp_exec_direct(&c, "create table ordersdb.public.trino_params "
                       "(id integer, name varchar(40), ts timestamp(3), "
                       "amount decimal(10,2))");
    st = tp_stmt(&c);
    SQLINTEGER wid[3] = { 1, 2, 3 };
    char names[3][40] = { "a'b", "\xc3\xa9t\xc3\xa9", "'); drop table x; --" };
    SQLLEN name_len[3] = { SQL_NTS, SQL_NTS, SQL_NULL_DATA };
    SQL_TIMESTAMP_STRUCT wts[3] = {
        { 2021, 5, 6, 7, 8, 9, 123000000 },
        { 2021, 5, 7, 0, 0, 0, 0 },
        { 1999, 12, 31, 23, 59, 59, 999000000 },
    };
    SQLDOUBLE amount[3] = { 1.25, -2, 1e6 };
    status[0] = status[1] = status[2] = 99;
    SQLSetStmtAttr(st, SQL_ATTR_PARAMSET_SIZE, (SQLPOINTER)3, 0);
    SQLSetStmtAttr(st, SQL_ATTR_PARAM_STATUS_PTR, status, 0);
    SQLSetStmtAttr(st, SQL_ATTR_PARAMS_PROCESSED_PTR, &done, 0);
    tp_prep(st, "insert into ordersdb.public.trino_params values (?, ?, ?, ?)");
    assert_int_equal(SQLNumParams(st, &n), SQL_SUCCESS);
    assert_int_equal(n, 4);
    SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0,
                     wid, 0, NULL);
    SQLBindParameter(st, 2, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 40, 0,
                     names, 40, name_len);
    SQLBindParameter(st, 3, SQL_PARAM_INPUT, SQL_C_TYPE_TIMESTAMP,
                     SQL_TYPE_TIMESTAMP, 23, 3, wts, 0, NULL);
    SQLBindParameter(st, 4, SQL_PARAM_INPUT, SQL_C_DOUBLE, SQL_DECIMAL, 10, 2,
                     amount, 0, NULL);
    SQLRETURN rc = SQLExecute(st);
    if (!SQL_SUCCEEDED(rc)) {
        const char *state = tp_diag(st, msg, sizeof msg);
        fail_msg("insert array: %s %s", state, msg);
    }
    SQLLEN rows = -1;
    SQLRowCount(st, &rows);
    assert_int_equal(rows, 3);
    assert_int_equal(done, 3);
    assert_int_equal(status[0], SQL_PARAM_SUCCESS);
    assert_int_equal(status[1], SQL_PARAM_SUCCESS);
    assert_int_equal(status[2], SQL_PARAM_SUCCESS);
    /* a set the server refuses stops the array there */
    wid[1] = 5;
    strcpy(names[1], "this name is longer than forty characters, far too long");
    name_len[1] = SQL_NTS;
    SQLBindParameter(st, 2, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 80, 0,
                     names, 40, name_len);
    wid[0] = 4;
    wid[2] = 6;
    assert_int_equal(SQLExecute(st), SQL_ERROR);
    assert_int_equal(status[0], SQL_PARAM_SUCCESS);
    assert_int_equal(status[1], SQL_PARAM_ERROR);
    assert_int_equal(status[2], SQL_PARAM_UNUSED);
    SQLFreeHandle(SQL_HANDLE_STMT, st);

    ou_result r;
    st = SQL_NULL_HSTMT;
    run_ok(&c, &st, "select id, name, ts, amount from ordersdb.public.trino_params "
                    "order by id", &r);
    assert_int_equal(r.nrows, 4);
    assert_string_equal(r.cells[1], "a'b");
    assert_string_equal(r.cells[2], "2021-05-06 07:08:09.123");
    assert_string_equal(r.cells[3], "1.25");
    assert_string_equal(r.cells[5], "\xc3\xa9t\xc3\xa9");
    assert_null(r.cells[9]);
    assert_string_equal(r.cells[10], "1999-12-31 23:59:59.999");
    assert_string_equal(r.cells[12], "4");
    ou_result_free(&r);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    st = tp_stmt(&c);
    tp_prep(st, "select id from ordersdb.public.trino_params where ts = ?");
    assert_int_equal(SQLDescribeParam(st, 1, &type, &size, &digits, NULL),
                     SQL_SUCCESS);
    assert_int_equal(type, SQL_TYPE_TIMESTAMP);
    assert_int_equal(digits, 3);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    assert_string_equal(tp_run1(&c, "select id from ordersdb.public.trino_params "
                                "where ts = ?", SQL_C_TYPE_TIMESTAMP,
                                SQL_TYPE_TIMESTAMP, 23, 3, &wts[1], 0, NULL),
                        "2");
    assert_string_equal(tp_text(&c, "select count(*) from "
                                "ordersdb.public.trino_params where ts < ?",
                                "2000-01-01 00:00:00"), "1");
    tp_exec_direct(&c, "drop table ordersdb.public.trino_params");
    /* the mesh's tables are all still there */
    st = SQL_NULL_HSTMT;
    run_ok(&c, &st, "select count(*) from customersdb.public.customers", &r);
    assert_string_equal(r.cells[0], "100");
    ou_result_free(&r);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    ou_disconnect(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_session),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_params),
        cmocka_unit_test(test_no_keys),
        cmocka_unit_test(test_unbounded_size),
        cmocka_unit_test(test_use_follows_server),
        cmocka_unit_test(test_password_needs_https),
        cmocka_unit_test(test_differential_agreement),
        cmocka_unit_test(test_timeout_deletes_query),
        cmocka_unit_test(test_cancel),
        cmocka_unit_test(test_https_password),
        cmocka_unit_test(test_mixed_mesh),
        cmocka_unit_test(test_typed_results),
        cmocka_unit_test(test_typed_char_zoned),
        cmocka_unit_test(test_session_time_zone),
        cmocka_unit_test(test_mixed_mesh_insert),
        cmocka_unit_test(test_mixed_mesh_temporal),
        cmocka_unit_test(test_transactions),
        cmocka_unit_test(test_mixed_mesh_subtrees),
        /* last: it stops and restarts the server */
        cmocka_unit_test(test_server_stopped_mid_fetch),
    };
    /* MESH_TRINO_FILTER=test_name (a cmocka pattern) runs only those */
    if (getenv("MESH_TRINO_FILTER"))
        cmocka_set_test_filter(getenv("MESH_TRINO_FILTER"));
    return cmocka_run_group_tests(tests, NULL, NULL);
}
