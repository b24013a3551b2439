/*
 * tests/odbc/test_write_faults.c
 *   Writes killed half-way leave the target as it was: a large INSERT ...
 *   SELECT and CREATE TABLE AS (millions of rows of a four-catalog cross
 *   join) stopped mid-COPY by SQLCancel from another thread, by the
 *   target's server or a source's server being stopped, by the query
 *   timeout; whole UPDATE and DELETE, an engine-computed UPDATE and a
 *   MERGE cancelled mid-way; the same inside a transaction (autocommit
 *   off). "Mid-way" is observed on the server, not guessed from timing: a
 *   watcher thread on its own psqlODBC connection polls
 *   pg_stat_progress_copy (rows the COPY already took) or pg_stat_activity
 *   (a statement waiting on a row this test holds locked) and only then
 *   cancels or stops the server. After each kill the target is checked
 *   through MeshODBC and through psqlODBC, and the same statement handle
 *   writes again.
 * Needs the environment of tests/odbc/run_odbc_tests.sh; skips (77)
 * without it. A stopped server is started again in the teardown.
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
#include <cmocka.h>

#include "odbc_util.h"

/* 3,356,100 rows: customers x orders x payments x 3 customers. */
#define BIG_SOURCE                                                      \
    "select c.id * 1000000 + o.id * 1000 + p.id as k, o.id as v, "     \
    "'x' as s "                                                         \
    "from customersdb.public.customers c "                              \
    "cross join ordersdb.public.orders o "                              \
    "cross join paymentsdb.public.payments p "                          \
    "cross join (select id from customersdb.public.customers "          \
    "where id <= 3) c2"
/* Twenty times BIG_SOURCE (67 M rows), for the SQLCancel tests: the
 * server's progress view lags the client, and a 3.36 M-row copy can end
 * (its COMMIT sent, after which a cancel no longer applies) between the
 * watcher seeing 50,000 rows and the cancel arriving on a fast machine. */
#define HUGE_SOURCE BIG_SOURCE                                          \
    " cross join (select 1 from customersdb.public.customers "         \
    "where id <= 20) c3"

/* Rows the COPY FROM STDIN into ordersdb has taken so far. */
#define COPY_PROGRESS                                                   \
    "select coalesce(sum(tuples_processed), 0) from "                   \
    "pg_stat_progress_copy where command = 'COPY FROM'"

/* MeshODBC sessions of ordersdb waiting on a lock. */
#define LOCK_WAITERS                                                    \
    "select count(*) from pg_stat_activity where wait_event_type = "    \
    "'Lock' and application_name = 'MeshODBC'"

/* The row of wf.big the lock tests hold (in the middle of the table). */
#define MID_ID "50050050"

typedef struct fixture {
    ou_conn mesh, ref;         /* MeshODBC; psqlODBC on ordersdb */
    SQLHSTMT ms, rs;
    bool ref_up;
} fixture;

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void sleep_ms(long ms)
{
    struct timespec d = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep(&d, NULL);
}

static void refcs(char *buf, size_t cap)
{
    snprintf(buf, cap,
             "Driver=/usr/lib/x86_64-linux-gnu/odbc/psqlodbcw.so;"
             "Servername=127.0.0.1;Port=%s;Database=postgres;UID=postgres;"
             "PWD=postgres;", getenv("MESH_PORT_ORDERSDB"));
}

/* ------------------------------------------------------------ watcher */

typedef enum { W_OBSERVE, W_CANCEL, W_STOP } w_action;

/* A thread that polls `sql` (one integer) on ordersdb until it reaches
 * `threshold`, waits delay_ms, then acts: SQLCancel(target), or stops
 * server `server` (pg_cluster.sh stop-one). W_OBSERVE only records the
 * largest value until `done` is set. Fields after the first block are
 * written by the thread and read after the join. */
typedef struct watch {
    const char *sql;
    long threshold;
    long delay_ms;
    w_action action;
    const char *server;
    SQLHSTMT target;
    volatile int done;
    pthread_t tid;
    long seen;                 /* largest value read */
    int acted;                 /* 1 once the action ran */
} watch;

static void *watch_main(void *arg)
{
    watch *w = arg;
    ou_conn c;
    SQLHSTMT st = SQL_NULL_HSTMT;
    char cs[1024];
    ou_diag d;
    double t0 = now_s();
    refcs(cs, sizeof cs);
    if (!SQL_SUCCEEDED(ou_connect(&c, cs, &d)))
        return NULL;
    while (!w->done && now_s() - t0 < 120.0) {
        ou_result r;
        if (SQL_SUCCEEDED(ou_query(&c, &st, w->sql, &r, &d))) {
            long v = r.nrows == 1 && r.cells[0] ? atol(r.cells[0]) : 0;
            ou_result_free(&r);
            if (v > w->seen)
                w->seen = v;
            if (w->action != W_OBSERVE && v >= w->threshold) {
                sleep_ms(w->delay_ms);
                if (w->action == W_CANCEL)
                    SQLCancel(w->target);
                else
                    ou_cluster("stop-one", w->server);
                w->acted = 1;
                break;
            }
        }
        sleep_ms(5);
    }
    if (st != SQL_NULL_HSTMT)
        SQLFreeHandle(SQL_HANDLE_STMT, st);
    ou_disconnect(&c);
    return NULL;
}

static void watch_start(watch *w)
{
    assert_int_equal(pthread_create(&w->tid, NULL, watch_main, w), 0);
}

static void watch_join(watch *w)
{
    w->done = 1;
    assert_int_equal(pthread_join(w->tid, NULL), 0);
}

/* ------------------------------------------------------------ helpers */

/* Runs sql on the MeshODBC statement; returns its SQLRETURN with the
 * first diagnostic in *d and the row count in *n. */
static SQLRETURN exec_on(SQLHSTMT st, const char *sql, SQLLEN *n, ou_diag *d)
{
    memset(d, 0, sizeof *d);
    *n = -3;
    SQLFreeStmt(st, SQL_CLOSE);
    SQLRETURN rc = SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS);
    if (SQL_SUCCEEDED(rc))
        SQLRowCount(st, n);
    else
        ou_last_diag(SQL_HANDLE_STMT, st, d);
    return rc;
}

static void ok_n(fixture *f, const char *sql, SQLLEN want)
{
    ou_diag d;
    SQLLEN n;
    SQLRETURN rc = exec_on(f->ms, sql, &n, &d);
    if (!SQL_SUCCEEDED(rc) || n != want)
        fprintf(stderr, "%s\n  -> %ld (want %ld) %s %s\n", sql, (long)n,
                (long)want, d.sqlstate, d.message);
    assert_true(SQL_SUCCEEDED(rc));
    assert_int_equal(n, want);
}

/* The one value of a query, through MeshODBC (ref false) or psqlODBC. */
static const char *scalar(fixture *f, const char *sql, bool ref)
{
    static char buf[256];
    ou_result r;
    ou_diag d;
    SQLRETURN rc = ref ? ou_query(&f->ref, &f->rs, sql, &r, &d)
                       : ou_query(&f->mesh, &f->ms, sql, &r, &d);
    if (!SQL_SUCCEEDED(rc))
        fprintf(stderr, "%s: %s %s\n", sql, d.sqlstate, d.message);
    assert_true(SQL_SUCCEEDED(rc));
    assert_int_equal(r.nrows, 1);
    snprintf(buf, sizeof buf, "%s", r.cells[0] ? r.cells[0] : "NULL");
    ou_result_free(&r);
    return buf;
}

/* sql's value through MeshODBC and through psqlODBC (ref_sql) is want. */
static void both_are(fixture *f, const char *sql, const char *ref_sql,
                     const char *want)
{
    assert_string_equal(scalar(f, sql, false), want);
    assert_string_equal(scalar(f, ref_sql, true), want);
}

static void ref_connect(fixture *f)
{
    char cs[1024];
    ou_diag d;
    f->rs = SQL_NULL_HSTMT;
    refcs(cs, sizeof cs);
    assert_true(SQL_SUCCEEDED(ou_connect(&f->ref, cs, &d)));
    f->ref_up = true;
}

/* Runs sql with psql as postgres on server NAME's port variable; returns
 * psql's status. */
static int psql(const char *portvar, const char *sql)
{
    char cmd[4096];
    const char *port = getenv(portvar);
    if (!port)
        return -1;
    snprintf(cmd, sizeof cmd,
             "PGPASSWORD=postgres PGCONNECT_TIMEOUT=10 psql -X -q -At -v "
             "ON_ERROR_STOP=1 -h 127.0.0.1 -p %s -U postgres -d postgres "
             "-c \"%s\" >/dev/null 2>&1", port, sql);
    return system(cmd);
}

static void ref_disconnect(fixture *f)
{
    if (!f->ref_up)
        return;
    if (f->rs != SQL_NULL_HSTMT)
        SQLFreeHandle(SQL_HANDLE_STMT, f->rs);
    f->rs = SQL_NULL_HSTMT;
    ou_disconnect(&f->ref);
    f->ref_up = false;
}

/* Waits (up to 30 s) until no MeshODBC session of ordersdb waits on a
 * lock: the server has given up the abandoned statement. */
static void wait_no_lock_waiters(fixture *f)
{
    double t0 = now_s();
    while (strcmp(scalar(f, LOCK_WAITERS, true), "0") && now_s() - t0 < 30)
        sleep_ms(50);
    assert_string_equal(scalar(f, LOCK_WAITERS, true), "0");
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    char cs[1024];
    ou_diag d;
    SQLLEN n;
    refcs(cs, sizeof cs);
    if (!SQL_SUCCEEDED(ou_connect(&f->ref, cs, &d)) ||
        !SQL_SUCCEEDED(ou_connect(&f->mesh, OU_DSN, &d))) {
        fprintf(stderr, "connect: %s %s\n", d.sqlstate, d.message);
        return -1;
    }
    f->ref_up = true;
    f->rs = SQL_NULL_HSTMT;
    SQLAllocHandle(SQL_HANDLE_STMT, f->mesh.dbc, &f->ms);
    exec_on(f->ms, "drop schema if exists ordersdb.wf cascade", &n, &d);
    if (!SQL_SUCCEEDED(exec_on(f->ms, "create schema ordersdb.wf", &n, &d)) ||
        !SQL_SUCCEEDED(exec_on(f->ms, "create table ordersdb.wf.t (k bigint, "
                               "v integer, s varchar(10))", &n, &d)) ||
        !SQL_SUCCEEDED(exec_on(f->ms, "insert into ordersdb.wf.t values "
                               "(1, 1, 'a'), (2, 2, 'b'), (3, 3, 'c')",
                               &n, &d))) {
        fprintf(stderr, "setup: %s %s\n", d.sqlstate, d.message);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    ou_diag d;
    SQLLEN n;
    ou_cluster("start-one", "ordersdb");
    ou_cluster("start-one", "customersdb");
    exec_on(f->ms, "drop schema if exists ordersdb.wf cascade", &n, &d);
    SQLFreeHandle(SQL_HANDLE_STMT, f->ms);
    ou_disconnect(&f->mesh);
    ref_disconnect(f);
    free(f);
    return 0;
}

/* The target after a kill: still the three rows of setup. */
static void target_unchanged(fixture *f)
{
    both_are(f, "select cast(count(*) as varchar) || ':' || "
                "cast(sum(v) as varchar) from ordersdb.wf.t",
             "select count(*) || ':' || sum(v) from wf.t", "3:6");
}

/* Runs sql on the MeshODBC statement while w acts; expects SQL_ERROR with
 * `state` (or class 08 / 57P01 when state is "08"), the message naming
 * `catalog` (when not NULL). */
static void killed(fixture *f, watch *w, const char *sql, const char *state,
                   const char *catalog)
{
    ou_diag d;
    SQLLEN n;
    w->target = f->ms;
    watch_start(w);
    double t0 = now_s();
    SQLRETURN rc = exec_on(f->ms, sql, &n, &d);
    double t = now_s() - t0;
    watch_join(w);
    fprintf(stderr, "%.60s...\n  -> rc %d in %.2f s, watcher saw %ld%s: %s %s\n",
            sql, rc, t, w->seen, w->acted ? " and acted" : "", d.sqlstate,
            d.message);
    assert_int_equal(rc, SQL_ERROR);
    if (w->action != W_OBSERVE)
        assert_int_equal(w->acted, 1);
    if (!strcmp(state, "08"))
        assert_true(!strncmp(d.sqlstate, "08", 2) ||
                    !strcmp(d.sqlstate, "57P01"));
    else
        assert_string_equal(d.sqlstate, state);
    if (catalog)
        assert_non_null(strstr(d.message, catalog));
}

/* -------------------------------------------------------------- tests */

/* SQLCancel from another thread once the COPY has taken 50,000 rows:
 * HY008, the target as it was; the same handle then writes. */
static void test_cancel_insert_select(void **state)
{
    fixture *f = *state;
    watch w = { .sql = COPY_PROGRESS, .threshold = 50000,
                .action = W_CANCEL };
    killed(f, &w, "insert into ordersdb.wf.t " HUGE_SOURCE, "HY008", NULL);
    assert_true(w.seen >= 50000 && w.seen < 67122000);
    target_unchanged(f);
    ok_n(f, "insert into ordersdb.wf.t values (4, 4, 'd')", 1);
    ok_n(f, "delete from ordersdb.wf.t where k = 4", 1);
    target_unchanged(f);
}

/* A cancelled CREATE TABLE AS leaves no table. */
static void test_cancel_ctas(void **state)
{
    fixture *f = *state;
    watch w = { .sql = COPY_PROGRESS, .threshold = 50000,
                .action = W_CANCEL };
    killed(f, &w, "create table ordersdb.wf.c as " HUGE_SOURCE, "HY008", NULL);
    assert_true(w.seen >= 50000);
    assert_string_equal(scalar(f, "select coalesce(to_regclass('wf.c')::text, "
                                  "'none')", true), "none");
    ou_diag d;
    SQLLEN n;
    assert_int_equal(exec_on(f->ms, "select * from ordersdb.wf.c", &n, &d),
                     SQL_ERROR);
    assert_string_equal(d.sqlstate, "42S02");
    /* the name is free: the same CTAS, small, succeeds */
    ok_n(f, "create table ordersdb.wf.c as select id from "
            "customersdb.public.customers", 100);
    ok_n(f, "drop table ordersdb.wf.c", 0);
}

/* The query timeout strikes mid-COPY (the watcher saw rows arrive):
 * HYT00, nothing written; a CTAS leaves no table. */
static void test_timeout_mid_copy(void **state)
{
    fixture *f = *state;
    SQLSetStmtAttr(f->ms, SQL_ATTR_QUERY_TIMEOUT, (SQLPOINTER)(uintptr_t)3, 0);
    watch w = { .sql = COPY_PROGRESS, .action = W_OBSERVE };
    killed(f, &w, "insert into ordersdb.wf.t " BIG_SOURCE
                  " cross join (select 1 from customersdb.public.customers "
                  "where id <= 20) c3", "HYT00", NULL);
    if (w.seen == 0)
        SQLSetStmtAttr(f->ms, SQL_ATTR_QUERY_TIMEOUT, (SQLPOINTER)0, 0);
    assert_true(w.seen > 0);
    target_unchanged(f);
    watch w2 = { .sql = COPY_PROGRESS, .action = W_OBSERVE };
    killed(f, &w2, "create table ordersdb.wf.c as " BIG_SOURCE
                   " cross join (select 1 from customersdb.public.customers "
                   "where id <= 20) c3", "HYT00", NULL);
    SQLSetStmtAttr(f->ms, SQL_ATTR_QUERY_TIMEOUT, (SQLPOINTER)0, 0);
    assert_true(w2.seen > 0);
    assert_string_equal(scalar(f, "select coalesce(to_regclass('wf.c')::text, "
                                  "'none')", true), "none");
}

/* The target's server stops (fast shutdown) mid-COPY: a clear error
 * naming ordersdb; once it is back, nothing was committed and the same
 * handle writes again. */
static void test_target_stopped_mid_copy(void **state)
{
    fixture *f = *state;
    watch w = { .sql = COPY_PROGRESS, .threshold = 50000, .action = W_STOP,
                .server = "ordersdb" };
    killed(f, &w, "insert into ordersdb.wf.t " BIG_SOURCE, "08", "ordersdb");
    ou_diag d;
    SQLLEN n;
    /* while it is down: 08001 naming it, on the same handle */
    assert_int_equal(exec_on(f->ms, "insert into ordersdb.wf.t values "
                             "(9, 9, 'z')", &n, &d), SQL_ERROR);
    assert_non_null(strstr(d.message, "ordersdb"));
    assert_int_equal(ou_cluster("start-one", "ordersdb"), 0);
    ref_disconnect(f);
    ref_connect(f);
    target_unchanged(f);
    ok_n(f, "insert into ordersdb.wf.t values (4, 4, 'd')", 1);
    ok_n(f, "delete from ordersdb.wf.t where k = 4", 1);
    target_unchanged(f);
}

/* A source's server stops mid-write (a view streaming 3 M rows): the
 * error names that catalog, the target is unchanged. */
static int source_teardown(void **state)
{
    (void)state;
    ou_cluster("start-one", "customersdb");
    psql("MESH_PORT_CUSTOMERSDB", "drop view if exists public.wf_src");
    return 0;
}

static void test_source_stopped_mid_copy(void **state)
{
    fixture *f = *state;
    assert_int_equal(psql("MESH_PORT_CUSTOMERSDB",
                          "create or replace view public.wf_src as select "
                          "g as id, repeat('x', 100) as pad from "
                          "generate_series(1, 3000000) g"), 0);
    watch w = { .sql = COPY_PROGRESS, .threshold = 50000, .action = W_STOP,
                .server = "customersdb" };
    killed(f, &w, "insert into ordersdb.wf.t select id, 0, 'x' from "
                  "customersdb.public.wf_src", "08", "customersdb");
    assert_int_equal(ou_cluster("start-one", "customersdb"), 0);
    target_unchanged(f);
    ok_n(f, "insert into ordersdb.wf.t select id, 0, 'y' from "
            "customersdb.public.customers where id = 1", 1);
    ok_n(f, "delete from ordersdb.wf.t where s = 'y'", 1);
}

/* The table for UPDATE/DELETE/MERGE: 1,118,700 rows with a key. */
static void make_big(fixture *f)
{
    ou_diag d;
    SQLLEN n;
    exec_on(f->ms, "drop table if exists ordersdb.wf.big", &n, &d);
    ok_n(f, "create table ordersdb.wf.big (id bigint, v integer, "
            "d decimal(12,2), primary key (id))", 0);
    ok_n(f, "insert into ordersdb.wf.big select c.id * 1000000 + "
            "o.id * 1000 + p.id, o.id, p.amount / 100.0 "
            "from customersdb.public.customers c "
            "cross join ordersdb.public.orders o "
            "cross join paymentsdb.public.payments p", 1118700);
}

/* What wf.big holds: count, sum(v), sum(d), through both drivers. */
static char big_before[256];

static const char *big_state(fixture *f, bool ref)
{
    return scalar(f, ref ? "select count(*) || ':' || sum(v) || ':' || "
                           "sum(d) from wf.big"
                         : "select cast(count(*) as varchar) || ':' || "
                           "cast(sum(v) as varchar) || ':' || "
                           "cast(sum(d) as varchar) from ordersdb.wf.big",
                  ref);
}

/* Runs sql while a psqlODBC transaction holds the row MID_ID locked;
 * cancels it once it waits on that lock, waits until it no longer waits,
 * releases the lock; wf.big must be as before. */
static void cancelled_on_lock(fixture *f, const char *sql, bool in_txn)
{
    ou_result r;
    ou_diag d;
    SQLSetConnectAttr(f->ref.dbc, SQL_ATTR_AUTOCOMMIT,
                      (SQLPOINTER)SQL_AUTOCOMMIT_OFF, 0);
    assert_true(SQL_SUCCEEDED(ou_query(&f->ref, &f->rs,
        "select id from wf.big where id = " MID_ID " for update", &r, &d)));
    assert_int_equal(r.nrows, 1);
    ou_result_free(&r);
    watch w = { .sql = LOCK_WAITERS, .threshold = 1, .delay_ms = 100,
                .action = W_CANCEL };
    killed(f, &w, sql, "HY008", NULL);
    /* the lock is held until the abandoned statement no longer waits on
     * it (on the loaded test machine it was seen to stay "active" for
     * minutes after; it cannot commit, its COMMIT is never sent) */
    wait_no_lock_waiters(f);
    SQLEndTran(SQL_HANDLE_DBC, f->ref.dbc, SQL_ROLLBACK);
    SQLSetConnectAttr(f->ref.dbc, SQL_ATTR_AUTOCOMMIT,
                      (SQLPOINTER)SQL_AUTOCOMMIT_ON, 0);
    assert_string_equal(big_state(f, true), big_before);
    if (!in_txn)        /* (in the aborted transaction reads fail) */
        assert_string_equal(big_state(f, false), big_before);
}

/* Whole UPDATE and DELETE (sent as statements), an engine-computed
 * UPDATE (applied from a temp table) and a MERGE with a federated
 * source, each cancelled mid-way: the table is as it was. */
static void test_cancel_update_delete_merge(void **state)
{
    fixture *f = *state;
    make_big(f);
    snprintf(big_before, sizeof big_before, "%s", big_state(f, true));
    assert_string_equal(big_state(f, false), big_before);
    fprintf(stderr, "big: %s\n", big_before);
    cancelled_on_lock(f, "update ordersdb.wf.big set v = v + 1", false);
    cancelled_on_lock(f, "delete from ordersdb.wf.big", false);
    cancelled_on_lock(f, "delete from ordersdb.wf.big where v >= 0", false);
    /* decimal arithmetic stays in the engine: EW_APPLY */
    cancelled_on_lock(f, "update ordersdb.wf.big set d = d * 1.5", false);
    /* MERGE: cancelled while its changes stream into the temp table */
    watch w = { .sql = COPY_PROGRESS, .threshold = 50000,
                .action = W_CANCEL };
    killed(f, &w, "merge into ordersdb.wf.big t using (select c.id * "
                  "1000000 + o.id * 1000 + p.id as id from "
                  "customersdb.public.customers c cross join "
                  "ordersdb.public.orders o cross join "
                  "paymentsdb.public.payments p) s on t.id = s.id "
                  "when matched then update set v = t.v + 1",
           "HY008", NULL);
    assert_true(w.seen >= 50000);
    assert_string_equal(big_state(f, true), big_before);
    /* the statement works afterwards and really changes rows */
    ok_n(f, "update ordersdb.wf.big set v = v + 1 where id = " MID_ID, 1);
    ok_n(f, "update ordersdb.wf.big set v = v - 1 where id = " MID_ID, 1);
    assert_string_equal(big_state(f, true), big_before);
}

/* Inside a transaction (autocommit off): a cancelled write aborts the
 * transaction (25P02 after it), the rollback leaves the target as it was
 * before the transaction, and the next transaction commits. */
static void test_cancel_in_transaction(void **state)
{
    fixture *f = *state;
    ou_diag d;
    SQLLEN n;
    SQLSetConnectAttr(f->mesh.dbc, SQL_ATTR_AUTOCOMMIT,
                      (SQLPOINTER)SQL_AUTOCOMMIT_OFF, 0);
    ok_n(f, "insert into ordersdb.wf.t values (5, 5, 'e')", 1);
    assert_string_equal(scalar(f, "select count(*) from ordersdb.wf.t",
                               false), "4");
    watch w = { .sql = COPY_PROGRESS, .threshold = 50000,
                .action = W_CANCEL };
    killed(f, &w, "insert into ordersdb.wf.t " BIG_SOURCE, "HY008", NULL);
    assert_int_equal(exec_on(f->ms, "select count(*) from ordersdb.wf.t",
                             &n, &d), SQL_ERROR);
    assert_string_equal(d.sqlstate, "25P02");
    assert_true(SQL_SUCCEEDED(SQLEndTran(SQL_HANDLE_DBC, f->mesh.dbc,
                                         SQL_ROLLBACK)));
    target_unchanged(f);
    /* a whole UPDATE in a transaction, cancelled on a lock, after a
     * delete of the same transaction */
    snprintf(big_before, sizeof big_before, "%s", big_state(f, true));
    ok_n(f, "delete from ordersdb.wf.t where k = 3", 1);
    cancelled_on_lock(f, "update ordersdb.wf.big set v = v + 1", true);
    assert_int_equal(exec_on(f->ms, "select count(*) from ordersdb.wf.t",
                             &n, &d), SQL_ERROR);
    assert_string_equal(d.sqlstate, "25P02");
    assert_true(SQL_SUCCEEDED(SQLEndTran(SQL_HANDLE_DBC, f->mesh.dbc,
                                         SQL_ROLLBACK)));
    target_unchanged(f);
    /* and a transaction commits afterwards */
    ok_n(f, "insert into ordersdb.wf.t values (6, 6, 'f')", 1);
    assert_true(SQL_SUCCEEDED(SQLEndTran(SQL_HANDLE_DBC, f->mesh.dbc,
                                         SQL_COMMIT)));
    SQLSetConnectAttr(f->mesh.dbc, SQL_ATTR_AUTOCOMMIT,
                      (SQLPOINTER)SQL_AUTOCOMMIT_ON, 0);
    both_are(f, "select count(*) from ordersdb.wf.t",
             "select count(*) from wf.t", "4");
    ok_n(f, "delete from ordersdb.wf.t where k = 6", 1);
    target_unchanged(f);
}

int main(void)
{
    const char *cluster = getenv("MESH_PG_CLUSTER");
    if (!getenv("MESH_TEST_DIR") || !getenv("MESH_PORT_ORDERSDB") ||
        !cluster) {
        fprintf(stderr, "test_write_faults: run through "
                        "tests/odbc/run_odbc_tests.sh\n");
        return 77;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cancel_insert_select),
        cmocka_unit_test(test_cancel_ctas),
        cmocka_unit_test(test_timeout_mid_copy),
        cmocka_unit_test(test_target_stopped_mid_copy),
        cmocka_unit_test_teardown(test_source_stopped_mid_copy,
                                  source_teardown),
        cmocka_unit_test(test_cancel_update_delete_merge),
        cmocka_unit_test(test_cancel_in_transaction),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
