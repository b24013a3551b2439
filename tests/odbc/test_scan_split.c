/*
 * tests/odbc/test_scan_split.c
 *   Split scans (rule scan_split) through the unixODBC driver manager,
 *   over a table of a million rows (about 6,000 pages, analyzed) made in
 *   customersdb: a forced split (scan_split_min_pages = 1) returns
 *   exactly the rows of an unsplit read (count, distinct ids, sums) and
 *   EXPLAIN / EXPLAIN ANALYZE show it; its ranges share one snapshot (the
 *   remote-SQL trace shows one pg_export_snapshot, every other range
 *   importing it, and each range's ctid condition); inside a transaction
 *   nothing splits and the transaction's own writes are read; the server
 *   stopped in the middle of a split read fails that statement with 08S01
 *   naming the catalog, no reader thread outlives it, and the connection
 *   goes on; a query timeout ends a split read of a frozen server with
 *   HYT00 naming the catalog, and SQLCancel ends one with HY008.
 * Needs the environment of tests/odbc/run_odbc_tests.sh (MESH_TEST_DIR,
 * MESH_PORT_*, top_srcdir); skips (77) without it. Every server a test
 * breaks is repaired in its teardown, even on failure.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <dirent.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "odbc_util.h"

#define NROWS 1000000
#define TABLE "customersdb.public.split_t"
/* aggregates computed by the engine over the scan (remote_subtree=off
 * keeps the whole query from running in customersdb) */
#define CHECK_Q "select count(*), count(distinct id), sum(id), " \
                "sum(length(s)), min(s), max(s) from " TABLE
#define FORCE "SET SESSION scan_split_min_pages = 1"

/* Runs sql with psql as postgres on customersdb; returns psql's status. */
static int psql(const char *sql)
{
    char cmd[8192];
    const char *port = getenv("MESH_PORT_CUSTOMERSDB");
    if (!port)
        return -1;
    snprintf(cmd, sizeof cmd,
             "PGPASSWORD=postgres PGCONNECT_TIMEOUT=10 psql -X -q -At -v "
             "ON_ERROR_STOP=1 -h 127.0.0.1 -p %s -U postgres -d postgres "
             "-c \"%s\" >/dev/null 2>&1", port, sql);
    return system(cmd);
}

/* Runs pg_ctl ARGS on customersdb as the server account. */
static int pg_ctl(const char *args)
{
    char cmd[8192];
    snprintf(cmd, sizeof cmd,
             "bash -c '. \"$top_srcdir/setup/pglib.sh\" && pg_as_server "
             "\"$(pg_bindir)/pg_ctl\" -D \"$MESH_TEST_DIR/customersdb\" %s' "
             ">/dev/null 2>&1", args);
    return system(cmd);
}

/* Threads of this process (entries of /proc/self/task). */
static int nthreads(void)
{
    DIR *d = opendir("/proc/self/task");
    int n = 0;
    struct dirent *e;
    if (!d)
        return -1;
    while ((e = readdir(d)))
        if (e->d_name[0] != '.')
            n++;
    closedir(d);
    return n;
}

static void connect_cs(ou_conn *c, const char *cs)
{
    ou_diag d;
    if (!SQL_SUCCEEDED(ou_connect(c, cs, &d)))
        fail_msg("connect %s: %s %s", cs, d.sqlstate, d.message);
}

/* Runs sql on c and returns its rows as text ("a|b\n...", no newline
 * after the last); fails the test on an error. malloc'ed. */
static char *rows(ou_conn *c, const char *sql)
{
    ou_diag d;
    char *t = ou_rows_text(c, sql, &d);
    if (!t)
        fail_msg("%s: %s %s", sql, d.sqlstate, d.message);
    size_t n = strlen(t);
    while (n > 0 && t[n - 1] == '\n')
        t[--n] = '\0';
    return t;
}

/* Runs a statement without a result set (SET SESSION, INSERT). */
static void exec_ok(ou_conn *c, const char *sql)
{
    SQLHSTMT h = SQL_NULL_HSTMT;
    ou_diag d;
    SQLAllocHandle(SQL_HANDLE_STMT, c->dbc, &h);
    SQLRETURN rc = SQLExecDirect(h, (SQLCHAR *)sql, SQL_NTS);
    if (!SQL_SUCCEEDED(rc))
        ou_last_diag(SQL_HANDLE_STMT, h, &d);
    SQLFreeHandle(SQL_HANDLE_STMT, h);
    if (!SQL_SUCCEEDED(rc))
        fail_msg("%s: %s %s", sql, d.sqlstate, d.message);
}

static int setup(void **state)
{
    (void)state;
    if (!getenv("MESH_TEST_DIR") || !getenv("MESH_PORT_CUSTOMERSDB"))
        return -1;
    if (psql("drop table if exists public.split_t; "
             "create table public.split_t as select g as id, md5(g::text) "
             "as s from generate_series(1, 1000000) g; "
             "analyze public.split_t") != 0 ||
        psql("checkpoint") != 0)   /* survives the immediate stop below */
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    psql("drop table if exists public.split_t");
    return 0;
}

/* The forced split reads exactly the rows of an unsplit read; EXPLAIN
 * and EXPLAIN ANALYZE show the ranges. */
static void test_split_same_rows(void **state)
{
    (void)state;
    ou_conn on, off;
    connect_cs(&on, OU_DSN "Optimizer={remote_subtree=off};");
    connect_cs(&off, OU_DSN "Optimizer={remote_subtree=off,scan_split=off};");
    /* below the threshold: read whole */
    exec_ok(&on, "SET SESSION scan_split_min_pages = 1000000");
    char *e = rows(&on, "explain select id, s from " TABLE);
    assert_null(strstr(e, "split:"));
    free(e);
    exec_ok(&on, FORCE);
    exec_ok(&off, FORCE);
    e = rows(&on, "explain select id, s from " TABLE " where s <> 'x'");
    fprintf(stderr, "%s\n", e);
    assert_non_null(strstr(e, "split: 2 ctid ranges over "));
    free(e);
    e = rows(&off, "explain select id, s from " TABLE);
    assert_null(strstr(e, "split:"));
    free(e);

    char *a = rows(&on, CHECK_Q), *b = rows(&off, CHECK_Q);
    fprintf(stderr, "split: %s\nwhole: %s\n", a, b);
    assert_string_equal(a, b);
    assert_true(!strncmp(a, "1000000|1000000|500000500000|32000000|", 38));
    free(a);
    free(b);
    /* a selective filter (by the estimates): read whole */
    e = rows(&on, "explain select id from " TABLE " where id % 7 = 3");
    assert_null(strstr(e, "split:"));
    free(e);
    /* unless splits are forced: the filter shipped with the ranges
     * (" AND ctid ...") */
    exec_ok(&on, "SET SESSION scan_split_min_pages = 0");
    e = rows(&on, "explain select id from " TABLE " where id % 7 = 3");
    assert_non_null(strstr(e, "split: 2 ctid ranges"));
    free(e);
    a = rows(&on, "select count(*), sum(id) from " TABLE " where id % 7 = 3");
    b = rows(&off, "select count(*), sum(id) from " TABLE " where id % 7 = 3");
    assert_string_equal(a, b);
    free(a);
    free(b);
    exec_ok(&on, FORCE);
    /* more ranges than the default */
    exec_ok(&on, "SET SESSION scan_split_ranges = 3");
    a = rows(&on, CHECK_Q);
    assert_true(!strncmp(a, "1000000|1000000|500000500000|32000000|", 38));
    free(a);
    e = rows(&on, "explain analyze select id from " TABLE);
    fprintf(stderr, "%s\n", e);
    assert_non_null(strstr(e, "split: 3 ctid ranges over "));
    const char *r = strstr(e, "ranges: ");
    assert_non_null(r);
    long long r0 = 0, r1 = 0, r2 = 0;
    assert_int_equal(sscanf(r, "ranges: %lld + %lld + %lld", &r0, &r1, &r2), 3);
    assert_true(r0 > 0 && r1 > 0 && r2 > 0);
    assert_int_equal(r0 + r1 + r2, NROWS);
    free(e);
    exec_ok(&on, "reset session scan_split_ranges");
    ou_disconnect(&on);
    ou_disconnect(&off);
}

/* The whole of a file as a malloc'ed string ("" when missing). */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return strdup("");
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    size_t got = fread(s, 1, (size_t)n, f);
    s[got] = '\0';
    fclose(f);
    return s;
}

/* Occurrences of needle in hay. */
static int count_of(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

/* The ranges share one snapshot: range 0 exports it, every other range
 * imports that very id before its COPY (the remote-SQL trace). */
static void test_split_shares_snapshot(void **state)
{
    (void)state;
    char path[4096], cs[4608];
    ou_conn c;
    snprintf(path, sizeof path, "%s/split_trace.log", getenv("MESH_TEST_DIR"));
    unlink(path);
    snprintf(cs, sizeof cs, OU_DSN "Optimizer={remote_subtree=off};"
             "Trace=yes;TraceFile=%s;", path);
    connect_cs(&c, cs);
    exec_ok(&c, FORCE);
    exec_ok(&c, "SET SESSION scan_split_ranges = 4");
    char *a = rows(&c, "select count(*) from " TABLE);
    assert_string_equal(a, "1000000");
    free(a);
    ou_disconnect(&c);
    char *t = slurp(path);
    assert_int_equal(count_of(t, "SELECT pg_export_snapshot()"), 1);
    assert_int_equal(count_of(t, "SET TRANSACTION SNAPSHOT '"), 3);
    /* every import names the same snapshot */
    const char *p = strstr(t, "SET TRANSACTION SNAPSHOT '");
    assert_non_null(p);
    char id[64] = "";
    assert_int_equal(sscanf(p, "SET TRANSACTION SNAPSHOT '%63[^']'", id), 1);
    char want[128];
    snprintf(want, sizeof want, "SET TRANSACTION SNAPSHOT '%s'", id);
    assert_int_equal(count_of(t, want), 3);
    /* each range's COPY with its condition; the last one open-ended */
    assert_int_equal(count_of(t, "ctid < '("), 3);
    assert_int_equal(count_of(t, "ctid >= '("), 3);
    assert_int_equal(count_of(t, "COMMIT"), 4);
    free(t);
    unlink(path);
}

/* Inside a transaction nothing splits: the scan reads through the
 * transaction's connection and sees its uncommitted row. */
static void test_no_split_in_transaction(void **state)
{
    (void)state;
    ou_conn c;
    connect_cs(&c, OU_DSN "Optimizer={remote_subtree=off};");
    exec_ok(&c, FORCE);
    assert_true(SQL_SUCCEEDED(SQLSetConnectAttr(c.dbc, SQL_ATTR_AUTOCOMMIT,
                                                (SQLPOINTER)SQL_AUTOCOMMIT_OFF,
                                                0)));
    exec_ok(&c, "insert into " TABLE " values (0, 'inside')");
    char *e = rows(&c, "explain select id from " TABLE);
    assert_null(strstr(e, "split:"));
    free(e);
    char *a = rows(&c, "select count(*), min(id) from " TABLE);
    assert_string_equal(a, "1000001|0");
    free(a);
    assert_true(SQL_SUCCEEDED(SQLEndTran(SQL_HANDLE_DBC, c.dbc, SQL_ROLLBACK)));
    assert_true(SQL_SUCCEEDED(SQLSetConnectAttr(c.dbc, SQL_ATTR_AUTOCOMMIT,
                                                (SQLPOINTER)SQL_AUTOCOMMIT_ON,
                                                0)));
    a = rows(&c, "select count(*), min(id) from " TABLE);
    assert_string_equal(a, "1000000|1");
    free(a);
    ou_disconnect(&c);
}

static int restart_teardown(void **state)
{
    (void)state;
    ou_cluster("start-one", "customersdb");
    return 0;
}

/* customersdb stops in the middle of a split read: 08S01 (or 08001 from
 * a range not connected yet) naming it, every
 * reader thread gone, the connection goes on, and the split works again
 * once the server is back. */
static void test_split_server_stops(void **state)
{
    (void)state;
    ou_conn c;
    ou_diag d;
    SQLHSTMT st = SQL_NULL_HSTMT;
    SQLRETURN rc;
    long n = 0;
    connect_cs(&c, OU_DSN);
    exec_ok(&c, FORCE);
    int t_before = nthreads();
    assert_true(SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, c.dbc, &st)));
    char *e = rows(&c, "explain select id, s from " TABLE);
    assert_non_null(strstr(e, "split: 2 ctid ranges"));
    free(e);
    rc = SQLExecDirect(st, (SQLCHAR *)"select id, s from " TABLE, SQL_NTS);
    assert_true(SQL_SUCCEEDED(rc));
    while (n < 5000 && SQL_SUCCEEDED(rc = SQLFetch(st)))
        n++;
    assert_int_equal(n, 5000);
    assert_int_equal(pg_ctl("-m immediate -w stop"), 0);
    while (SQL_SUCCEEDED(rc = SQLFetch(st)))
        n++;
    memset(&d, 0, sizeof d);
    ou_last_diag(SQL_HANDLE_STMT, st, &d);
    fprintf(stderr, "split read, server stopped: rc %d after %ld rows: %s %s\n",
            rc, n, d.sqlstate, d.message);
    assert_int_equal(rc, SQL_ERROR);
    assert_true(n < NROWS);
    /* 08S01 from a range whose read the stop cut; 08001 from a range
     * still connecting or waiting for the snapshot when the server went
     * (under valgrind the second range is slow to start and its connect
     * fails first): either way the first error names the catalog */
    if (strcmp(d.sqlstate, "08S01") && strcmp(d.sqlstate, "08001"))
        fail_msg("state %s, want 08S01 or 08001: %s", d.sqlstate, d.message);
    assert_non_null(strstr(d.message, "customersdb"));
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    assert_int_equal(nthreads(), t_before);
    char *a = rows(&c, "select count(*) from ordersdb.public.orders");
    assert_string_equal(a, "99");
    free(a);
    assert_int_equal(ou_cluster("start-one", "customersdb"), 0);
    a = rows(&c, "select count(*) from " TABLE " where id > 0");
    assert_string_equal(a, "1000000");
    free(a);
    assert_int_equal(nthreads(), t_before);
    ou_disconnect(&c);
}

/* The postmaster's pid of customersdb (first line of postmaster.pid). */
static long postmaster_pid(void)
{
    char path[4096];
    long pid = -1;
    snprintf(path, sizeof path, "%s/customersdb/postmaster.pid",
             getenv("MESH_TEST_DIR"));
    FILE *f = fopen(path, "r");
    if (f) {
        if (fscanf(f, "%ld", &pid) != 1)
            pid = -1;
        fclose(f);
    }
    return pid;
}

/* Sends sig to customersdb's postmaster and its children. */
static void signal_server(int sig)
{
    char cmd[256];
    long pm = postmaster_pid();
    if (pm <= 0)
        return;
    snprintf(cmd, sizeof cmd, "pkill -%d -P %ld; kill -%d %ld", sig, pm, sig,
             pm);
    if (system(cmd) != 0) {
        /* some process was already gone: nothing to do */
    }
}

/* Calls SQLCancel on a statement after 500 ms (a thread). */
static void *cancel_later(void *arg)
{
    struct timespec t = { 0, 500 * 1000 * 1000 };
    nanosleep(&t, NULL);
    SQLCancel((SQLHSTMT)arg);
    return NULL;
}

static int thaw_teardown(void **state)
{
    (void)state;
    signal_server(SIGCONT);
    return 0;
}

/* A split read of a frozen server ends with the query timeout: HYT00
 * naming the catalog; the other catalogs answer; after SIGCONT the
 * catalog works again. */
static void test_split_timeout(void **state)
{
    (void)state;
    ou_conn c;
    ou_diag d;
    SQLHSTMT st = SQL_NULL_HSTMT;
    SQLRETURN rc;
    long n = 0;
    connect_cs(&c, OU_DSN);
    exec_ok(&c, FORCE);
    assert_true(SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, c.dbc, &st)));
    SQLSetStmtAttr(st, SQL_ATTR_QUERY_TIMEOUT, (SQLPOINTER)(uintptr_t)3, 0);
    rc = SQLExecDirect(st, (SQLCHAR *)"select id, s from " TABLE, SQL_NTS);
    assert_true(SQL_SUCCEEDED(rc));
    while (n < 5000 && SQL_SUCCEEDED(rc = SQLFetch(st)))
        n++;
    signal_server(SIGSTOP);
    while (SQL_SUCCEEDED(rc = SQLFetch(st)))
        n++;
    memset(&d, 0, sizeof d);
    ou_last_diag(SQL_HANDLE_STMT, st, &d);
    fprintf(stderr, "split read, server frozen: rc %d after %ld rows: %s %s\n",
            rc, n, d.sqlstate, d.message);
    assert_int_equal(rc, SQL_ERROR);
    assert_string_equal(d.sqlstate, "HYT00");
    assert_non_null(strstr(d.message, "customersdb"));
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    char *a = rows(&c, "select count(*) from ordersdb.public.orders");
    assert_string_equal(a, "99");
    free(a);
    /* no timeout, cancelled from another thread while every range waits
     * on the frozen server: HY008 naming the catalog */
    pthread_t tid;
    st = SQL_NULL_HSTMT;
    assert_true(SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, c.dbc, &st)));
    assert_int_equal(pthread_create(&tid, NULL, cancel_later, st), 0);
    rc = SQLExecDirect(st, (SQLCHAR *)"select id, s from " TABLE, SQL_NTS);
    while (SQL_SUCCEEDED(rc))
        rc = SQLFetch(st);
    assert_int_equal(pthread_join(tid, NULL), 0);
    memset(&d, 0, sizeof d);
    ou_last_diag(SQL_HANDLE_STMT, st, &d);
    fprintf(stderr, "split read, server frozen, cancelled: rc %d: %s %s\n",
            rc, d.sqlstate, d.message);
    assert_int_equal(rc, SQL_ERROR);
    assert_string_equal(d.sqlstate, "HY008");
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    signal_server(SIGCONT);
    a = rows(&c, "select count(*) from " TABLE " where id > 0");
    assert_string_equal(a, "1000000");
    free(a);
    ou_disconnect(&c);
}

int main(void)
{
    if (!getenv("MESH_TEST_DIR"))
        return 77;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_split_same_rows),
        cmocka_unit_test(test_split_shares_snapshot),
        cmocka_unit_test(test_no_split_in_transaction),
        cmocka_unit_test_teardown(test_split_timeout, thaw_teardown),
        cmocka_unit_test_teardown(test_split_server_stops, restart_teardown),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
