/*
 * tests/odbc/test_load.c
 *   Concurrency and memory under load through the unixODBC driver manager:
 *   16 threads for a bounded time (MESH_LOAD_SECONDS, default 20), 8 with
 *   a connection each and 8 sharing two connections (4 per connection,
 *   each thread with its own statement), each looping over the seed's
 *   queries (the three counts and both jaffle_shop models compared value
 *   by value with the expected CSVs). Every result is checked; every
 *   thread must complete iterations; the process RSS sampled after 25% of
 *   the time and at the end must not grow by more than 20% + 8 MB.
 *   The test shares no mutable state between threads: each thread writes
 *   only its own slot, read by the main thread after pthread_join; the
 *   expected results are loaded before any thread starts and only read.
 *   Also here: SQLCancel from another thread stops a long query (HY008)
 *   and the statement is reusable.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdbool.h>
#include <time.h>
#include <unistd.h>
#include <pthread.h>
#include <cmocka.h>

#include "odbc_util.h"

/* Under AddressSanitizer, freed memory waits in a quarantine (256 MB by
 * default) that fills while the threads run; on a slow machine it is still
 * filling after the first RSS sample and reads as growth. A small
 * quarantine keeps the check about the driver's own memory (the other
 * tests keep ASan's default). */
#if defined(__SANITIZE_ADDRESS__)
#define LOAD_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LOAD_UNDER_ASAN 1
#endif
#endif
#ifdef LOAD_UNDER_ASAN
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "quarantine_size_mb=16";
}
#endif

#define NOWN 8              /* threads with their own connection */
#define NSHARED_CONN 2      /* connections shared ... */
#define PER_SHARED 4        /* ... by this many threads each */
#define NTHREADS (NOWN + NSHARED_CONN * PER_SHARED)

/* One query of the loop and its expected result (read-only once built). */
typedef struct load_query {
    const char *label;
    char *sql;
    ou_result want;
} load_query;

#define NQUERIES 5

/* Per-thread slot: written by its thread only, read after the join. */
typedef struct worker {
    int id;
    ou_conn *conn;                  /* own, or one of the shared ones */
    SQLHSTMT stmt;                  /* allocated by the main thread */
    const load_query *queries;
    struct timespec deadline;
    long iterations;                /* full loops over all queries */
    long queries_run;
    long failures;
    char first_failure[1024];
} worker;

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static bool past(const struct timespec *d)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec > d->tv_sec || (t.tv_sec == d->tv_sec && t.tv_nsec >= d->tv_nsec);
}

/* Resident set size of this process in bytes (/proc/self/statm). */
static long rss_bytes(void)
{
    long pages_total = 0, pages_res = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (!f)
        return -1;
    if (fscanf(f, "%ld %ld", &pages_total, &pages_res) != 2)
        pages_res = -1;
    fclose(f);
    return pages_res < 0 ? -1 : pages_res * sysconf(_SC_PAGESIZE);
}

/* Compares got with want: same shape, names and every value. Returns NULL
 * when equal, else a description in buf. */
static const char *diff(const ou_result *got, const ou_result *want, char *buf, size_t cap)
{
    if (got->ncols != want->ncols || got->nrows != want->nrows) {
        snprintf(buf, cap, "shape %dx%d, want %dx%d", got->nrows, got->ncols, want->nrows,
                 want->ncols);
        return buf;
    }
    for (int c = 0; c < want->ncols; c++)
        if (strcmp(got->names[c], want->names[c])) {
            snprintf(buf, cap, "column %d named '%s', want '%s'", c + 1, got->names[c],
                     want->names[c]);
            return buf;
        }
    for (int i = 0; i < want->nrows * want->ncols; i++) {
        const char *g = got->cells[i], *w = want->cells[i];
        if ((!g) != (!w) || (g && strcmp(g, w))) {
            snprintf(buf, cap, "row %d column %s: '%s', want '%s'", i / want->ncols + 1,
                     want->names[i % want->ncols], g ? g : "NULL", w ? w : "NULL");
            return buf;
        }
    }
    return NULL;
}

static void *work(void *arg)
{
    worker *w = arg;
    char why[512];
    while (!past(&w->deadline)) {
        for (int q = 0; q < NQUERIES; q++) {
            const load_query *lq = &w->queries[q];
            ou_result got;
            ou_diag d;
            SQLRETURN rc = ou_query(w->conn, &w->stmt, lq->sql, &got, &d);
            w->queries_run++;
            const char *bad = NULL;
            if (!SQL_SUCCEEDED(rc)) {
                snprintf(why, sizeof why, "rc %d %s %.400s", rc, d.sqlstate, d.message);
                bad = why;
            } else {
                bad = diff(&got, &lq->want, why, sizeof why);
                ou_result_free(&got);
            }
            if (bad) {
                if (w->failures++ == 0)
                    snprintf(w->first_failure, sizeof w->first_failure,
                             "thread %d, iteration %ld, %s: %.512s", w->id, w->iterations, lq->label,
                             bad);
            }
        }
        w->iterations++;
    }
    return NULL;
}

/* A one-row one-column expected result holding text v. */
static void want_scalar(ou_result *r, const char *name, const char *v)
{
    memset(r, 0, sizeof *r);
    r->ncols = 1;
    r->nrows = 1;
    r->names = calloc(2, sizeof(char *));
    r->names[0] = strdup(name);
    r->cells = calloc(1, sizeof(char *));
    r->cells[0] = strdup(v);
}

static void load_queries(load_query *q)
{
    static const char *const counts[3][3] = {
        {"count customers", "select count(*) from customersdb.public.customers", "100"},
        {"count orders", "select count(*) from ordersdb.public.orders", "99"},
        {"count payments", "select count(*) from paymentsdb.public.payments", "113"},
    };
    for (int i = 0; i < 3; i++) {
        q[i].label = counts[i][0];
        q[i].sql = strdup(counts[i][1]);
        want_scalar(&q[i].want, "_col0", counts[i][2]);
    }
    static const char *const models[2][3] = {
        {"customers model", "setup/data/jaffle_shop/customers_federated.sql",
         "setup/data/jaffle_shop/expected_customers.csv"},
        {"orders model", "setup/data/jaffle_shop/orders_federated.sql",
         "setup/data/jaffle_shop/expected_orders.csv"},
    };
    for (int i = 0; i < 2; i++) {
        char path[4096];
        q[3 + i].label = models[i][0];
        snprintf(path, sizeof path, "%s", ou_srcpath(models[i][1]));
        q[3 + i].sql = ou_file_sql(path);
        assert_non_null(q[3 + i].sql);
        snprintf(path, sizeof path, "%s", ou_srcpath(models[i][2]));
        assert_int_equal(ou_csv_load(path, &q[3 + i].want), 0);
        assert_true(q[3 + i].want.nrows > 0);
    }
}

/* The counts' column name is whatever the engine calls count(*): take it
 * from one single-threaded run, so that only values are compared. */
static void learn_count_names(ou_conn *c, load_query *q)
{
    SQLHSTMT st = SQL_NULL_HSTMT;
    for (int i = 0; i < 3; i++) {
        ou_result r;
        ou_diag d;
        SQLRETURN rc = ou_query(c, &st, q[i].sql, &r, &d);
        if (!SQL_SUCCEEDED(rc))
            fprintf(stderr, "%s failed: %s %s\n", q[i].sql, d.sqlstate, d.message);
        assert_true(SQL_SUCCEEDED(rc));
        assert_int_equal(r.ncols, 1);
        free(q[i].want.names[0]);
        q[i].want.names[0] = strdup(r.names[0]);
        ou_result_free(&r);
    }
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

static void test_load(void **state)
{
    (void)state;
    const char *env = getenv("MESH_LOAD_SECONDS");
    double seconds = env ? atof(env) : 20.0;
    load_query queries[NQUERIES];
    ou_conn own[NOWN], shared[NSHARED_CONN];
    worker *w = calloc(NTHREADS, sizeof *w);
    pthread_t tid[NTHREADS];
    ou_diag d;

    if (seconds <= 0)
        seconds = 20.0;
    load_queries(queries);
    for (int i = 0; i < NOWN; i++) {
        SQLRETURN rc = ou_connect(&own[i], OU_DSN, &d);
        if (!SQL_SUCCEEDED(rc))
            fprintf(stderr, "connect %d failed: %s %s\n", i, d.sqlstate, d.message);
        assert_true(SQL_SUCCEEDED(rc));
    }
    for (int i = 0; i < NSHARED_CONN; i++)
        assert_true(SQL_SUCCEEDED(ou_connect(&shared[i], OU_DSN, &d)));
    learn_count_names(&own[0], queries);

    struct timespec start, deadline;
    clock_gettime(CLOCK_MONOTONIC, &start);
    deadline = start;
    deadline.tv_sec += (time_t)seconds;
    deadline.tv_nsec += (long)((seconds - (double)(time_t)seconds) * 1e9);
    if (deadline.tv_nsec >= 1000000000L) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000L;
    }
    for (int i = 0; i < NTHREADS; i++) {
        w[i].id = i;
        w[i].conn = i < NOWN ? &own[i] : &shared[(i - NOWN) / PER_SHARED];
        w[i].queries = queries;
        w[i].deadline = deadline;
        assert_true(SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, w[i].conn->dbc, &w[i].stmt)));
    }
    double t0 = now_s();
    for (int i = 0; i < NTHREADS; i++)
        assert_int_equal(pthread_create(&tid[i], NULL, work, &w[i]), 0);

    /* RSS after a quarter of the time (warm: caches, arenas, connections
     * all populated) and just before the deadline, both under full load */
    long rss_warm, rss_end;
    {
        double until = t0 + seconds * 0.25;
        while (now_s() < until)
            usleep(20000);
        rss_warm = rss_bytes();
        until = t0 + seconds - (seconds > 4 ? 0.5 : seconds * 0.1);
        while (now_s() < until)
            usleep(20000);
        rss_end = rss_bytes();
    }
    for (int i = 0; i < NTHREADS; i++)
        assert_int_equal(pthread_join(tid[i], NULL), 0);
    double elapsed = now_s() - t0;

    long total_it = 0, total_q = 0, total_fail = 0;
    for (int i = 0; i < NTHREADS; i++) {
        fprintf(stderr, "thread %2d (%s): %ld iterations, %ld queries, %ld failures\n", i,
                i < NOWN ? "own conn" : "shared  ", w[i].iterations, w[i].queries_run,
                w[i].failures);
        if (w[i].failures)
            fprintf(stderr, "  first failure: %s\n", w[i].first_failure);
        total_it += w[i].iterations;
        total_q += w[i].queries_run;
        total_fail += w[i].failures;
    }
    fprintf(stderr, "load: %d threads, %.1f s, %ld iterations, %ld queries (%.1f/s), "
            "%ld failures; RSS %.1f MB at 25%%, %.1f MB at the end\n",
            NTHREADS, elapsed, total_it, total_q, (double)total_q / elapsed, total_fail,
            (double)rss_warm / 1048576.0, (double)rss_end / 1048576.0);

    /* the handles still work after the load */
    for (int i = 0; i < NTHREADS; i++) {
        ou_result r;
        SQLRETURN rc = ou_query(w[i].conn, &w[i].stmt, queries[0].sql, &r, &d);
        assert_true(SQL_SUCCEEDED(rc));
        assert_string_equal(r.cells[0], "100");
        ou_result_free(&r);
        SQLFreeHandle(SQL_HANDLE_STMT, w[i].stmt);
    }
    for (int i = 0; i < NOWN; i++)
        ou_disconnect(&own[i]);
    for (int i = 0; i < NSHARED_CONN; i++)
        ou_disconnect(&shared[i]);

    assert_int_equal(total_fail, 0);
    for (int i = 0; i < NTHREADS; i++)
        assert_true(w[i].iterations >= 1);
    assert_true(rss_warm > 0 && rss_end > 0);
    if (rss_end > rss_warm + rss_warm / 5 + (8L << 20))
        fprintf(stderr, "RSS grew from %ld to %ld bytes\n", rss_warm, rss_end);
    assert_true(rss_end <= rss_warm + rss_warm / 5 + (8L << 20));

    for (int i = 0; i < NQUERIES; i++) {
        free(queries[i].sql);
        ou_result_free(&queries[i].want);
    }
    free(w);
}

/* ------------------------------------------- SQLCancel from another thread */

/* The canceller's state: the mutex guards done; stmt is set before start. */
typedef struct canceller {
    SQLHSTMT stmt;
    pthread_mutex_t mu;
    bool done;
    int calls;          /* SQLCancel calls made (read after the join) */
    double first_call;  /* now_s() of the first call */
} canceller;

/* Calls SQLCancel on the statement every 200 ms, starting after 500 ms,
 * until the main thread says the statement has returned. */
static void *cancel_loop(void *arg)
{
    canceller *c = arg;
    usleep(500000);
    for (;;) {
        pthread_mutex_lock(&c->mu);
        bool done = c->done;
        pthread_mutex_unlock(&c->mu);
        if (done)
            break;
        if (c->calls++ == 0)
            c->first_call = now_s();
        SQLCancel(c->stmt);
        usleep(200000);
    }
    return NULL;
}

/* A cross join of five tables (about 11 billion rows, evaluated row by
 * row) is cancelled from another thread: the executing call returns
 * SQL_ERROR with HY008 within 10 s of the first SQLCancel, and the same
 * statement handle then runs a count. */
static void test_cancel_from_other_thread(void **state)
{
    (void)state;
    static const char q[] =
        "select count(*) from customersdb.public.customers a, ordersdb.public.orders b, "
        "paymentsdb.public.payments c, customersdb.public.customers d, ordersdb.public.orders e "
        "where a.id + b.id * 7 + c.id * 3 + d.id + e.id * 5 <> -1";
    ou_conn conn;
    ou_diag d;
    canceller c;
    pthread_t tid;

    assert_true(SQL_SUCCEEDED(ou_connect(&conn, OU_DSN, &d)));
    memset(&c, 0, sizeof c);
    pthread_mutex_init(&c.mu, NULL);
    assert_true(SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, conn.dbc, &c.stmt)));
    assert_int_equal(pthread_create(&tid, NULL, cancel_loop, &c), 0);
    double t0 = now_s();
    SQLRETURN rc = SQLExecDirect(c.stmt, (SQLCHAR *)q, SQL_NTS);
    /* a driver may start lazily and run the query in SQLFetch */
    while (SQL_SUCCEEDED(rc))
        rc = SQLFetch(c.stmt);
    double t1 = now_s();
    pthread_mutex_lock(&c.mu);
    c.done = true;
    pthread_mutex_unlock(&c.mu);
    assert_int_equal(pthread_join(tid, NULL), 0);
    ou_last_diag(SQL_HANDLE_STMT, c.stmt, &d);
    fprintf(stderr, "cancel: rc %d %s %s after %.2f s, %d SQLCancel call(s), %.2f s after "
            "the first\n", rc, d.sqlstate, d.message, t1 - t0, c.calls,
            c.calls ? t1 - c.first_call : 0.0);
    assert_int_equal(rc, SQL_ERROR);
    assert_string_equal(d.sqlstate, "HY008");
    assert_true(c.calls >= 1);
    assert_true(t1 - c.first_call < 10.0);

    ou_result r;
    SQLFreeStmt(c.stmt, SQL_CLOSE);
    rc = ou_query(&conn, &c.stmt, "select count(*) from ordersdb.public.orders", &r, &d);
    if (!SQL_SUCCEEDED(rc))
        fprintf(stderr, "after cancel: %s %s\n", d.sqlstate, d.message);
    assert_true(SQL_SUCCEEDED(rc));
    assert_string_equal(r.cells[0], "99");
    ou_result_free(&r);
    SQLFreeHandle(SQL_HANDLE_STMT, c.stmt);
    pthread_mutex_destroy(&c.mu);
    ou_disconnect(&conn);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load),
        cmocka_unit_test(test_cancel_from_other_thread),
    };
    return cmocka_run_group_tests_name("odbc_load", tests, NULL, NULL);
}
