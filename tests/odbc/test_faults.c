/*
 * tests/odbc/test_faults.c
 *   Catalog faults through the unixODBC driver manager, against the
 *   throwaway servers of tests/pg_cluster.sh, which these tests break:
 *   a remote error keeps its SQLSTATE and names the catalog; a server
 *   restart between two queries is invisible; a server stopped in the
 *   middle of a fetch fails that statement with 08S01 while the connection
 *   stays usable (other catalogs at once, the stopped one once it is back);
 *   a frozen server (SIGSTOP) makes a query with a timeout fail with HYT00
 *   and a new connection's connect fail with 08001 after connect_timeout,
 *   and the catalog works again after SIGCONT. The same holds when the
 *   stopped catalog is one of several read at once (each scan on its own
 *   reader thread), and no reader thread outlives its statement. A query
 *   past its QueryMemoryLimit ends with 53200 and the connection goes on.
 * Needs the environment of tests/odbc/run_odbc_tests.sh (MESH_TEST_DIR,
 * MESH_CATALOGS, MESH_PORT_*, top_srcdir); skips (77) without it.
 * Every server a test breaks is repaired in its teardown, even on failure.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <pthread.h>
#include <signal.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "odbc_util.h"

/* ------------------------------------------------------------ helpers */

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Runs sql with psql as postgres on server NAME (e.g. "customersdb");
 * returns psql's status. */
static int psql(const char *name, const char *sql)
{
    char var[64], cmd[8192];
    snprintf(var, sizeof var, "MESH_PORT_%s", name);
    for (char *p = var; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 'a' + 'A');
    const char *port = getenv(var);
    if (!port)
        return -1;
    snprintf(cmd, sizeof cmd,
             "PGPASSWORD=postgres PGCONNECT_TIMEOUT=10 psql -X -q -At -v ON_ERROR_STOP=1 "
             "-h 127.0.0.1 -p %s -U postgres -d postgres -c \"%s\" >/dev/null 2>&1",
             port, sql);
    return system(cmd);
}

/* Runs pg_ctl ARGS on server NAME as the server account (setup/pglib.sh). */
static int pg_ctl(const char *name, const char *args)
{
    char cmd[8192];
    snprintf(cmd, sizeof cmd,
             "bash -c '. \"$top_srcdir/setup/pglib.sh\" && pg_as_server "
             "\"$(pg_bindir)/pg_ctl\" -D \"$MESH_TEST_DIR/%s\" %s' >/dev/null 2>&1",
             name, args);
    return system(cmd);
}

/* Runs sql on a fresh statement of c; returns the SQLRETURN, the first
 * diagnostic in *d, the single value (if any) in val. Fetches every row. */
static SQLRETURN run(ou_conn *c, const char *sql, unsigned timeout_s,
                     char *val, size_t cap, ou_diag *d)
{
    SQLHSTMT st = SQL_NULL_HSTMT;
    SQLRETURN rc;
    memset(d, 0, sizeof *d);
    if (val && cap)
        val[0] = '\0';
    rc = SQLAllocHandle(SQL_HANDLE_STMT, c->dbc, &st);
    if (!SQL_SUCCEEDED(rc))
        return rc;
    if (timeout_s)
        SQLSetStmtAttr(st, SQL_ATTR_QUERY_TIMEOUT,
                       (SQLPOINTER)(uintptr_t)timeout_s, 0);
    rc = SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS);
    while (SQL_SUCCEEDED(rc)) {
        rc = SQLFetch(st);
        if (SQL_SUCCEEDED(rc) && val && cap) {
            SQLLEN ind;
            SQLGetData(st, 1, SQL_C_CHAR, val, (SQLLEN)cap, &ind);
        }
    }
    if (rc == SQL_NO_DATA)
        rc = SQL_SUCCESS;
    else
        ou_last_diag(SQL_HANDLE_STMT, st, d);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    return rc;
}

/* Expects sql on c to return the single value want. */
static void want_value(ou_conn *c, const char *sql, const char *want)
{
    char val[256];
    ou_diag d;
    SQLRETURN rc = run(c, sql, 0, val, sizeof val, &d);
    if (!SQL_SUCCEEDED(rc))
        fprintf(stderr, "%s: %s %s\n", sql, d.sqlstate, d.message);
    assert_true(SQL_SUCCEEDED(rc));
    assert_string_equal(val, want);
}

static void connect_dsn(ou_conn *c)
{
    ou_diag d;
    SQLRETURN rc = ou_connect(c, OU_DSN, &d);
    if (!SQL_SUCCEEDED(rc))
        fprintf(stderr, "connect: %s %s\n", d.sqlstate, d.message);
    assert_true(SQL_SUCCEEDED(rc));
}

/* ------------------------------------------- (d) remote error, SQLSTATE */

static int drop_boom(void **state)
{
    (void)state;
    psql("customersdb", "drop view if exists public.boom");
    return 0;
}

static void test_remote_error_keeps_sqlstate(void **state)
{
    (void)state;
    ou_conn c;
    ou_diag d;
    assert_int_equal(psql("customersdb",
                          "create or replace view public.boom as select 1/0 as x"), 0);
    connect_dsn(&c);
    SQLRETURN rc = run(&c, "select x from customersdb.public.boom", 0, NULL, 0, &d);
    fprintf(stderr, "remote error: %s %s\n", d.sqlstate, d.message);
    assert_int_equal(rc, SQL_ERROR);
    assert_string_equal(d.sqlstate, "22012");
    assert_non_null(strstr(d.message, "customersdb"));
    want_value(&c, "select count(*) from customersdb.public.customers", "100");
    ou_disconnect(&c);
}

/* ----------------------------------------- (c) restart between queries */

static int restart_teardown(void **state)
{
    (void)state;
    ou_cluster("start-one", "ordersdb");
    return 0;
}

static void test_restart_is_invisible(void **state)
{
    (void)state;
    ou_conn c;
    connect_dsn(&c);
    want_value(&c, "select count(*) from ordersdb.public.orders", "99");
    assert_int_equal(pg_ctl("ordersdb", "-m fast -w -t 60 -l \"$MESH_TEST_DIR/ordersdb/server.log\" restart"), 0);
    want_value(&c, "select count(*) from ordersdb.public.orders", "99");
    want_value(&c, "select count(*) from ordersdb.public.orders where status = 'completed'", "67");
    ou_disconnect(&c);
}

/* ------------------------------------------ (a) server stopped mid-fetch */

static int midfetch_teardown(void **state)
{
    (void)state;
    ou_cluster("start-one", "customersdb");
    /* (the view may already be gone: an immediate stop loses commits that
     * these servers, without durability, had not flushed) */
    psql("customersdb", "drop view if exists public.big");
    return 0;
}

static void test_stop_mid_fetch(void **state)
{
    (void)state;
    ou_conn c;
    ou_diag d;
    SQLHSTMT st = SQL_NULL_HSTMT;
    SQLRETURN rc;
    long rows = 0;

    assert_int_equal(psql("customersdb",
                          "create or replace view public.big as select g as id, "
                          "repeat('x', 100) as pad from generate_series(1, 2000000) g"), 0);
    connect_dsn(&c);
    want_value(&c, "select count(*) from customersdb.public.customers", "100");
    assert_true(SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, c.dbc, &st)));
    rc = SQLExecDirect(st, (SQLCHAR *)"select id, pad from customersdb.public.big", SQL_NTS);
    assert_true(SQL_SUCCEEDED(rc));
    while (rows < 5000 && SQL_SUCCEEDED(rc = SQLFetch(st)))
        rows++;
    assert_int_equal(rows, 5000);
    /* the server goes away between two SQLFetch calls */
    assert_int_equal(pg_ctl("customersdb", "-m immediate -w stop"), 0);
    double t0 = now_s();
    while (SQL_SUCCEEDED(rc = SQLFetch(st)))
        rows++;
    memset(&d, 0, sizeof d);
    ou_last_diag(SQL_HANDLE_STMT, st, &d);
    fprintf(stderr, "mid-fetch stop: rc %d after %ld rows (%.2f s): %s %s\n", rc, rows,
            now_s() - t0, d.sqlstate, d.message);
    assert_int_equal(rc, SQL_ERROR);
    assert_true(rows < 2000000);
    assert_string_equal(d.sqlstate, "08S01");
    assert_non_null(strstr(d.message, "customersdb"));
    SQLFreeHandle(SQL_HANDLE_STMT, st);

    /* the connection is fine: another catalog answers at once */
    t0 = now_s();
    want_value(&c, "select count(*) from ordersdb.public.orders", "99");
    assert_true(now_s() - t0 < 2.0);
    /* the stopped catalog fails cleanly while down... */
    rc = run(&c, "select count(*) from customersdb.public.customers", 0, NULL, 0, &d);
    assert_int_equal(rc, SQL_ERROR);
    assert_string_equal(d.sqlstate, "08001");
    assert_non_null(strstr(d.message, "customersdb"));
    /* ...and works again once its server is back, same connection */
    assert_int_equal(ou_cluster("start-one", "customersdb"), 0);
    want_value(&c, "select count(*) from customersdb.public.customers", "100");
    want_value(&c, "select count(*) from customersdb.public.customers where id <= 10", "10");
    ou_disconnect(&c);
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

/* Two catalogs read at once (UNION ALL: both scans start with the
 * query); one server stops mid-fetch: 08S01 naming it, the other catalog
 * answers at once, every reader thread is gone. */
static void test_stop_mid_fetch_two_catalogs(void **state)
{
    (void)state;
    ou_conn c;
    ou_diag d;
    SQLHSTMT st = SQL_NULL_HSTMT;
    SQLRETURN rc;
    long rows = 0;

    assert_int_equal(psql("customersdb",
                          "create or replace view public.big as select g as id, "
                          "repeat('x', 100) as pad from generate_series(1, 2000000) g"), 0);
    connect_dsn(&c);
    want_value(&c, "select count(*) from customersdb.public.customers", "100");
    int t_before = nthreads();
    assert_true(SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, c.dbc, &st)));
    rc = SQLExecDirect(st, (SQLCHAR *)"select id, pad from customersdb.public.big "
                       "union all select id, status from ordersdb.public.orders",
                       SQL_NTS);
    assert_true(SQL_SUCCEEDED(rc));
    while (rows < 5000 && SQL_SUCCEEDED(rc = SQLFetch(st)))
        rows++;
    assert_int_equal(rows, 5000);
    assert_int_equal(pg_ctl("customersdb", "-m immediate -w stop"), 0);
    while (SQL_SUCCEEDED(rc = SQLFetch(st)))
        rows++;
    memset(&d, 0, sizeof d);
    ou_last_diag(SQL_HANDLE_STMT, st, &d);
    fprintf(stderr, "mid-fetch stop, two catalogs: rc %d after %ld rows: %s %s\n",
            rc, rows, d.sqlstate, d.message);
    assert_int_equal(rc, SQL_ERROR);
    assert_true(rows < 2000000);
    assert_string_equal(d.sqlstate, "08S01");
    assert_non_null(strstr(d.message, "customersdb"));
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    assert_int_equal(nthreads(), t_before);
    double t0 = now_s();
    want_value(&c, "select count(*) from ordersdb.public.orders", "99");
    assert_true(now_s() - t0 < 2.0);
    assert_int_equal(ou_cluster("start-one", "customersdb"), 0);
    want_value(&c, "select count(*) from customersdb.public.customers", "100");
    assert_int_equal(nthreads(), t_before);
    ou_disconnect(&c);
}

/* ------------------------------------------- (e) QueryMemoryLimit */

/* A hash join past the connection's QueryMemoryLimit: 53200 naming the
 * operator and the limit; the connection runs the next query. A value
 * that is not a size fails the connection. */
static void test_query_memory_limit(void **state)
{
    (void)state;
    ou_conn c;
    ou_diag d;
    char cs[8192], val[64];
    snprintf(cs, sizeof cs, "%sQueryMemoryLimit=16k", OU_DSN);
    SQLRETURN rc = ou_connect(&c, cs, &d);
    assert_true(SQL_SUCCEEDED(rc));
    rc = run(&c, "select count(*) from customersdb.public.customers c "
             "join ordersdb.public.orders o on c.id = o.user_id", 0, val,
             sizeof val, &d);
    fprintf(stderr, "memory limit: rc %d: %s %s\n", rc, d.sqlstate, d.message);
    assert_int_equal(rc, SQL_ERROR);
    assert_string_equal(d.sqlstate, "53200");
    assert_non_null(strstr(d.message, "16384 bytes"));
    assert_non_null(strstr(d.message, "hash join"));
    want_value(&c, "select id from ordersdb.public.orders where id = 7", "7");
    ou_disconnect(&c);
    snprintf(cs, sizeof cs, "%sQueryMemoryLimit=12q", OU_DSN);
    rc = ou_connect(&c, cs, &d);
    assert_int_equal(rc, SQL_ERROR);
    assert_string_equal(d.sqlstate, "08001");
    assert_non_null(strstr(d.message, "QueryMemoryLimit"));
    ou_disconnect(&c);
}

/* ------------------------------------------- (b) frozen server (SIGSTOP) */

/* Sends sig to the postmaster of server NAME and to all its children.
 * Returns the number of processes signalled. */
static int signal_server(const char *name, int sig)
{
    char path[4096];
    const char *dir = getenv("MESH_TEST_DIR");
    FILE *f;
    long pm = 0;
    int n = 0;
    snprintf(path, sizeof path, "%s/%s/postmaster.pid", dir ? dir : ".", name);
    if (!(f = fopen(path, "r")))
        return 0;
    if (fscanf(f, "%ld", &pm) != 1)
        pm = 0;
    fclose(f);
    if (pm <= 0)
        return 0;
    if (sig == SIGSTOP && kill((pid_t)pm, sig) == 0)
        n++;
    DIR *d = opendir("/proc");
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        char stat[512], buf[1024];
        long pid = strtol(e->d_name, NULL, 10), ppid = 0;
        if (pid <= 0)
            continue;
        snprintf(stat, sizeof stat, "/proc/%ld/stat", pid);
        FILE *s = fopen(stat, "r");
        if (!s)
            continue;
        size_t len = fread(buf, 1, sizeof buf - 1, s);
        fclose(s);
        buf[len] = '\0';
        char *rp = strrchr(buf, ')');   /* after "pid (comm)" */
        if (rp && sscanf(rp + 1, " %*c %ld", &ppid) == 1 && ppid == pm &&
            kill((pid_t)pid, sig) == 0)
            n++;
    }
    if (d)
        closedir(d);
    if (sig != SIGSTOP && kill((pid_t)pm, sig) == 0)
        n++;
    return n;
}

static int frozen_teardown(void **state)
{
    (void)state;
    signal_server("paymentsdb", SIGCONT);
    return 0;
}

/* Calls SQLCancel on a statement after 500 ms (a thread). */
static void *cancel_later(void *arg)
{
    struct timespec d = { 0, 500 * 1000 * 1000 };
    nanosleep(&d, NULL);
    SQLCancel((SQLHSTMT)arg);
    return NULL;
}

/* Writes a copy of the mesh's catalog file with connect_timeout = 2 in
 * every section; returns its path (static). */
static const char *catalogs_with_connect_timeout(void)
{
    static char out[4096];
    const char *in = getenv("MESH_CATALOGS");
    const char *dir = getenv("MESH_TEST_DIR");
    char line[4096];
    snprintf(out, sizeof out, "%s/catalogs_ct2.ini", dir ? dir : "/tmp");
    FILE *r = fopen(in ? in : "", "r"), *w = fopen(out, "w");
    assert_non_null(r);
    assert_non_null(w);
    while (fgets(line, sizeof line, r)) {
        if (!strncmp(line, "connect_timeout", 15))
            continue;       /* the one a slow run sets (run_odbc_tests.sh) */
        fputs(line, w);
        if (line[0] == '[')
            fputs("connect_timeout = 2\n", w);
    }
    fclose(r);
    fclose(w);
    return out;
}

static void test_frozen_server(void **state)
{
    (void)state;
    ou_conn a, b;
    ou_diag d;
    char cs[8192], val[64];
    SQLRETURN rc;

    snprintf(cs, sizeof cs, "Driver=MeshODBC;Catalogs={%s};", catalogs_with_connect_timeout());
    connect_dsn(&a);
    assert_true(SQL_SUCCEEDED(ou_connect(&b, cs, &d)));
    want_value(&a, "select count(*) from paymentsdb.public.payments", "113");
    /* prepared while the server answers: its execution waits in the scan */
    SQLHSTMT p = SQL_NULL_HSTMT;
    assert_true(SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, a.dbc, &p)));
    SQLSetStmtAttr(p, SQL_ATTR_QUERY_TIMEOUT, (SQLPOINTER)(uintptr_t)2, 0);
    assert_true(SQL_SUCCEEDED(SQLPrepare(
        p, (SQLCHAR *)"select amount from paymentsdb.public.payments", SQL_NTS)));
    SQLHSTMT p2 = SQL_NULL_HSTMT;
    assert_true(SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, a.dbc, &p2)));
    assert_true(SQL_SUCCEEDED(SQLPrepare(
        p2, (SQLCHAR *)"select amount from paymentsdb.public.payments", SQL_NTS)));
    assert_true(signal_server("paymentsdb", SIGSTOP) >= 2);

    /* the execution of a prepared statement: HYT00 from the scan */
    double t0 = now_s();
    rc = SQLExecute(p);
    while (SQL_SUCCEEDED(rc))
        rc = SQLFetch(p);
    double t = now_s() - t0;
    ou_last_diag(SQL_HANDLE_STMT, p, &d);
    fprintf(stderr, "frozen, prepared before: rc %d in %.2f s: %s %s\n", rc, t, d.sqlstate,
            d.message);
    assert_int_equal(rc, SQL_ERROR);
    assert_string_equal(d.sqlstate, "HYT00");
    assert_non_null(strstr(d.message, "paymentsdb"));
    assert_true(t >= 1.5 && t < 5.0);
    SQLFreeHandle(SQL_HANDLE_STMT, p);

    /* no timeout, cancelled from another thread while the scan waits on
     * the frozen server: HY008 at once */
    pthread_t tid;
    assert_int_equal(pthread_create(&tid, NULL, cancel_later, p2), 0);
    t0 = now_s();
    rc = SQLExecute(p2);
    while (SQL_SUCCEEDED(rc))
        rc = SQLFetch(p2);
    t = now_s() - t0;
    assert_int_equal(pthread_join(tid, NULL), 0);
    ou_last_diag(SQL_HANDLE_STMT, p2, &d);
    fprintf(stderr, "frozen, cancelled: rc %d in %.2f s: %s %s\n", rc, t, d.sqlstate,
            d.message);
    assert_int_equal(rc, SQL_ERROR);
    assert_string_equal(d.sqlstate, "HY008");
    assert_true(t < 2.0);
    SQLFreeHandle(SQL_HANDLE_STMT, p2);

    /* a connection that already talked to the catalog: HYT00 (at prepare:
     * the table's metadata) */
    t0 = now_s();
    rc = run(&a, "select count(*) from paymentsdb.public.payments", 2, val, sizeof val, &d);
    t = now_s() - t0;
    fprintf(stderr, "frozen, timeout 2: rc %d in %.2f s: %s %s\n", rc, t, d.sqlstate, d.message);
    assert_int_equal(rc, SQL_ERROR);
    assert_string_equal(d.sqlstate, "HYT00");
    assert_non_null(strstr(d.message, "paymentsdb"));
    assert_true(t >= 1.5 && t < 5.0);

    /* other catalogs are not affected */
    want_value(&a, "select count(*) from ordersdb.public.orders", "99");

    /* a new connection: connect_timeout bounds the connect, 08001 */
    t0 = now_s();
    rc = run(&b, "select count(*) from paymentsdb.public.payments", 0, val, sizeof val, &d);
    t = now_s() - t0;
    fprintf(stderr, "frozen, new connection: rc %d in %.2f s: %s %s\n", rc, t, d.sqlstate,
            d.message);
    assert_int_equal(rc, SQL_ERROR);
    assert_string_equal(d.sqlstate, "08001");
    assert_non_null(strstr(d.message, "paymentsdb"));
    assert_non_null(strstr(d.message, "2 seconds"));
    assert_true(t >= 1.5 && t < 5.0);

    /* thawed: both connections work again */
    assert_true(signal_server("paymentsdb", SIGCONT) >= 2);
    want_value(&a, "select count(*) from paymentsdb.public.payments", "113");
    want_value(&b, "select count(*) from paymentsdb.public.payments", "113");
    ou_disconnect(&a);
    ou_disconnect(&b);
}

int main(void)
{
    const char *cluster = getenv("MESH_PG_CLUSTER");
    if (!getenv("MESH_TEST_DIR") || !getenv("MESH_CATALOGS") || !cluster) {
        fprintf(stderr, "test_faults: run through tests/odbc/run_odbc_tests.sh\n");
        return 77;
    }
    if (!getenv("top_srcdir")) {
        /* MESH_PG_CLUSTER is $top_srcdir/tests/pg_cluster.sh */
        char src[4096];
        snprintf(src, sizeof src, "%s", cluster);
        for (int up = 0; up < 2; up++) {
            char *slash = strrchr(src, '/');
            if (slash)
                *slash = '\0';
        }
        setenv("top_srcdir", src, 1);
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_remote_error_keeps_sqlstate, drop_boom),
        cmocka_unit_test_teardown(test_restart_is_invisible, restart_teardown),
        cmocka_unit_test_teardown(test_stop_mid_fetch, midfetch_teardown),
        cmocka_unit_test_teardown(test_stop_mid_fetch_two_catalogs,
                                  midfetch_teardown),
        cmocka_unit_test(test_query_memory_limit),
        cmocka_unit_test_teardown(test_frozen_server, frozen_teardown),
    };
    return cmocka_run_group_tests_name("odbc_faults", tests, NULL, NULL);
}
