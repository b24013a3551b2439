/*
 * tests/unit/exec/test_scan_reader.c
 *   Scans read ahead on reader threads (exec/scan_reader.c, the Optimizer
 *   rule parallel_scan): the scans of two catalogs begin at the same time
 *   (and one after the other with parallel_scan=off) with the same
 *   result; a failing reader reports its catalog's error and leaves the
 *   session usable; a cancel reaches readers blocked in their connector;
 *   closing early stops them; scans under a correlated subquery's right
 *   side still run; a scan waiting for a dynamic filter starts lazily;
 *   in transaction mode catalogs with transactions are read on the
 *   session's thread; no thread outlives its statement; the OOM loop.
 * Not here: the PostgreSQL connector's waits (tests/odbc/test_faults.c
 *   runs the server-stopped-mid-read case against real servers).
 *
 * The catalogs are in-memory (tests/unit/test_connector.c) behind an ops
 * table that allows parallel scans and wraps scan_begin / scan_next:
 * begin counts the scans begun and waits (bounded) for a second one, so a
 * test can see whether two scans overlapped; next can block until the
 * scan's cancel flag (the reader's abort flag) is set.
 */
#include <dirent.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>
#include "exec_test_util.h"
#include "../test_connector.h"
#include "mem/arena.h"

static eng_conn *C;
static tc_catalog *CAT_A, *CAT_B;
static tc_state *ST_A, *ST_B;
static eng_connector_ops PAR_OPS;    /* tc_connector_ops + parallel_scans */

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int begun;                    /* scans begun since the last reset */
static int overlapped;               /* begins that saw another scan begun */
static int wait_begin_ms;            /* how long a begin waits for another */
static volatile int block_next;      /* next waits for its cancel flag */

typedef struct wrap_scan {
    void *inner;
    volatile int *cancelled;
} wrap_scan;

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static eng_rc w_begin(void *state, const eng_scan_spec *spec, void **scan,
                      eng_error *err)
{
    wrap_scan *w = eng_calloc(1, sizeof *w);
    if (!w)
        return eng_err_oom(err);
    pthread_mutex_lock(&mu);
    begun++;
    pthread_cond_broadcast(&cv);
    int64_t until = now_ms() + wait_begin_ms;
    while (begun < 2 && now_ms() < until) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 5 * 1000000L;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&cv, &mu, &ts);
    }
    if (begun >= 2)
        overlapped++;
    eng_rc rc = tc_connector_ops.scan_begin(state, spec, &w->inner, err);
    pthread_mutex_unlock(&mu);
    if (rc != ENG_OK) {
        eng_free(w);
        return rc;
    }
    w->cancelled = spec->cancelled;
    *scan = w;
    return ENG_OK;
}

static eng_rc w_next(void *scan, eng_batch *out, eng_error *err)
{
    wrap_scan *w = scan;
    while (__atomic_load_n(&block_next, __ATOMIC_ACQUIRE)) {
        if (w->cancelled && __atomic_load_n(w->cancelled, __ATOMIC_ACQUIRE))
            return eng_err_set(err, ENG_ERR_OPERATION_CANCELED, 0,
                               "wrapped scan canceled");
        usleep(2000);
    }
    return tc_connector_ops.scan_next(w->inner, out, err);
}

static void w_end(void *scan)
{
    wrap_scan *w = scan;
    tc_connector_ops.scan_end(w->inner);
    eng_free(w);
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

/* The threads of this process once any that are exiting have gone:
 * pthread_join returns when the kernel clears the thread's id, a moment
 * before its /proc/self/task entry goes, so a joined thread can still be
 * counted (seen under ASan on a loaded machine). Waits up to 2 s for the
 * count to fall to at most want; a thread really left behind stays and
 * is counted. */
static int threads_settled(int want)
{
    int n = nthreads();
    for (int i = 0; i < 2000 && n > want; i++) {
        struct timespec ms = { 0, 1000000 };
        nanosleep(&ms, NULL);
        n = nthreads();
    }
    return n;
}

static void reset_counts(int wait_ms)
{
    pthread_mutex_lock(&mu);
    begun = 0;
    overlapped = 0;
    wait_begin_ms = wait_ms;
    pthread_mutex_unlock(&mu);
}

static int setup(void **state)
{
    (void)state;
    A = eng_arena_create();
    PAR_OPS = tc_connector_ops;
    PAR_OPS.parallel_scans = true;
    PAR_OPS.scan_begin = w_begin;
    PAR_OPS.scan_next = w_next;
    PAR_OPS.scan_end = w_end;
    CAT_A = tc_catalog_new();
    CAT_B = tc_catalog_new();
    tc_table *t = tc_add_table(CAT_A, "s", "t", 2,
        (tc_colspec[]){ tc_col("id", ENG_T_INTEGER), tc_col("v", ENG_T_INTEGER) });
    for (int i = 0; i < 5000; i++)
        tc_add_row(t, tc_int(i), tc_int(i % 7));
    tc_table *u = tc_add_table(CAT_B, "s", "u", 2,
        (tc_colspec[]){ tc_col("id", ENG_T_INTEGER), tc_col("w", ENG_T_INTEGER) });
    for (int i = 0; i < 3000; i++)
        tc_add_row(u, tc_int(i * 2), tc_int(i % 5));
    C = tc_conn_new();
    ST_A = tc_state_new(CAT_A);
    ST_B = tc_state_new(CAT_B);
    tc_conn_add_catalog(C, "a", &PAR_OPS, ST_A);
    tc_conn_add_catalog(C, "b", &PAR_OPS, ST_B);
    snprintf(ST_A->name, sizeof ST_A->name, "a");
    snprintf(ST_B->name, sizeof ST_B->name, "b");
    /* the probe side's scan would wait for a dynamic filter otherwise */
    assert_int_equal(sess_set_optimizer(C, "dynamic_filter=off", &ERR), ENG_OK);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    eng_close(C);
    tc_catalog_free(CAT_A);
    tc_catalog_free(CAT_B);
    eng_arena_destroy(A);
    return 0;
}

/* Runs sql; rows as "a|b\n" text, or "ERR <state> <msg>". */
static char *q(const char *sql)
{
    eng_stmt *s = NULL;
    eng_error err;
    memset(&err, 0, sizeof err);
    eng_rc rc = eng_prepare(C, sql, strlen(sql), &s, &err);
    if (rc == ENG_OK)
        rc = eng_execute(s, &err);
    char *text = calloc(1, 1);
    size_t len = 0;
    while (rc == ENG_OK) {
        const eng_batch *b;
        rc = eng_fetch(s, &b, &err);
        if (rc != ENG_OK || !b)
            break;
        tu_append_rows(b, &text, &len);
    }
    if (s)
        eng_stmt_free(s);
    char *r = rc == ENG_OK ? eng_arena_strdup(A, text)
                           : eng_arena_sprintf(A, "ERR %s %s", err.sqlstate,
                                               err.message);
    free(text);
    return r;
}

static const char *JOIN =
    "select count(*), sum(t.v), sum(u.w) from a.s.t join b.s.u on t.id = u.id";
static const char *JOIN_WANT = "2500|7497|5000\n";

/* Both catalogs' scans begin before either has returned a row; with
 * parallel_scan=off the second begins only after the first ended. */
static void test_scans_overlap(void **state)
{
    (void)state;
    int t0 = nthreads();
    reset_counts(5000);
    assert_string_equal(q(JOIN), JOIN_WANT);
    assert_int_equal(begun, 2);
    assert_int_equal(overlapped, 2);
    assert_int_equal(threads_settled(t0), t0);

    assert_int_equal(sess_set_optimizer(C, "parallel_scan=off", &ERR), ENG_OK);
    reset_counts(200);
    assert_string_equal(q(JOIN), JOIN_WANT);
    assert_int_equal(begun, 2);
    assert_int_equal(overlapped, 1);     /* only the second saw the first */
    assert_int_equal(threads_settled(t0), t0);
    assert_int_equal(sess_set_optimizer(C, "parallel_scan=on", &ERR), ENG_OK);
}

/* A reader whose connector fails reports that error (naming the catalog)
 * after the rows before it; the session runs the next query. */
static void test_reader_error(void **state)
{
    (void)state;
    int t0 = nthreads();
    reset_counts(0);
    ST_B->fail_after_batches = 1;
    char *r = q(JOIN);
    assert_true(tu_starts(r, "ERR 08S01 injected failure reading s.u in "
                             "catalog 'b'"));
    ST_B->fail_after_batches = -1;
    assert_int_equal(threads_settled(t0), t0);
    assert_string_equal(q(JOIN), JOIN_WANT);
    assert_int_equal(threads_settled(t0), t0);
}

static void *cancel_later(void *arg)
{
    usleep(100 * 1000);
    eng_cancel(arg);
    return NULL;
}

/* A cancel reaches readers blocked inside their connector: the fetch
 * fails with HY008 and every reader is joined. */
static void test_cancel_blocked_readers(void **state)
{
    (void)state;
    int t0 = nthreads();
    eng_stmt *s = NULL;
    eng_error err;
    const eng_batch *b;
    pthread_t th;
    reset_counts(0);
    __atomic_store_n(&block_next, 1, __ATOMIC_RELEASE);
    assert_int_equal(eng_prepare(C, JOIN, strlen(JOIN), &s, &err), ENG_OK);
    assert_int_equal(eng_execute(s, &err), ENG_OK);
    assert_int_equal(pthread_create(&th, NULL, cancel_later, s), 0);
    int64_t t = now_ms();
    assert_int_not_equal(eng_fetch(s, &b, &err), ENG_OK);
    assert_string_equal(err.sqlstate, "HY008");
    assert_true(now_ms() - t < 5000);
    pthread_join(th, NULL);
    eng_stmt_free(s);
    __atomic_store_n(&block_next, 0, __ATOMIC_RELEASE);
    assert_int_equal(threads_settled(t0), t0);
    assert_string_equal(q(JOIN), JOIN_WANT);
}

/* Closing a statement whose readers are blocked (never fetched, or
 * after one batch) stops and joins them. */
static void test_close_early(void **state)
{
    (void)state;
    int t0 = nthreads();
    eng_stmt *s = NULL;
    eng_error err;
    const eng_batch *b;
    const char *sql = "select t.id, u.w from a.s.t, b.s.u where t.id = u.id";
    reset_counts(0);
    assert_int_equal(eng_prepare(C, sql, strlen(sql), &s, &err), ENG_OK);
    __atomic_store_n(&block_next, 1, __ATOMIC_RELEASE);
    assert_int_equal(eng_execute(s, &err), ENG_OK);
    assert_true(nthreads() > t0);
    eng_stmt_close_cursor(s);
    assert_int_equal(threads_settled(t0), t0);
    __atomic_store_n(&block_next, 0, __ATOMIC_RELEASE);
    assert_int_equal(eng_execute(s, &err), ENG_OK);
    assert_int_equal(eng_fetch(s, &b, &err), ENG_OK);
    assert_non_null(b);
    eng_stmt_free(s);
    assert_int_equal(threads_settled(t0), t0);
}

/* Scans under a correlated subquery rerun per outer row (lazily, on the
 * executing thread) next to a read-ahead scan; a LIMIT that stops early
 * leaves no thread behind. */
static void test_correlated_and_limit(void **state)
{
    (void)state;
    int t0 = nthreads();
    reset_counts(0);
    assert_string_equal(
        q("select t.id, (select max(u.w) from b.s.u where u.id = t.id * 2 "
          "and u.w >= t.v) from a.s.t where t.id < 8 order by 1"),
        "0|0\n1|1\n2|2\n3|3\n4|4\n5|NULL\n6|NULL\n7|2\n");
    assert_string_equal(q("select count(*) from (select id from a.s.t "
                          "union all select id from b.s.u) x"), "8000\n");
    assert_string_equal(q("select t.id from a.s.t join b.s.u on t.id = u.id "
                          "limit 3"), "0\n2\n4\n");
    assert_int_equal(threads_settled(t0), t0);
}

/* A scan whose SQL waits for a dynamic filter starts only after the
 * join's build published it (lazily, on the executing thread): the build
 * side's scan begins alone. */
static void test_dynamic_filter_lazy(void **state)
{
    (void)state;
    int t0 = nthreads();
    assert_int_equal(sess_set_optimizer(C, "dynamic_filter=on", &ERR), ENG_OK);
    char *plan = q("explain select count(*), sum(t.v), sum(u.w) from a.s.t "
                   "join b.s.u on t.id = u.id where u.w = 1");
    assert_non_null(strstr(plan, "dynamic filters:"));
    reset_counts(300);
    assert_string_equal(q("select count(*), sum(t.v), sum(u.w) from a.s.t "
                          "join b.s.u on t.id = u.id where u.w = 1"),
                        "500|1499|500\n");
    assert_int_equal(begun, 2);
    assert_int_equal(overlapped, 1);
    assert_int_equal(threads_settled(t0), t0);
    assert_int_equal(sess_set_optimizer(C, "dynamic_filter=off", &ERR), ENG_OK);
}

static eng_rc fake_txn_begin(void *state, eng_error *err)
{
    (void)state;
    (void)err;
    return ENG_OK;
}

/* In transaction mode, catalogs that may carry the transaction's remote
 * connection are read on the session's thread, one after the other. */
static void test_transaction_mode_reads_synchronously(void **state)
{
    (void)state;
    eng_error err;
    PAR_OPS.txn_begin = fake_txn_begin;
    assert_int_equal(eng_set_autocommit(C, false, &err), ENG_OK);
    reset_counts(200);
    assert_string_equal(q(JOIN), JOIN_WANT);
    assert_int_equal(begun, 2);
    assert_int_equal(overlapped, 1);
    assert_int_equal(eng_set_autocommit(C, true, &err), ENG_OK);
    PAR_OPS.txn_begin = NULL;
    reset_counts(5000);
    assert_string_equal(q(JOIN), JOIN_WANT);
    assert_int_equal(overlapped, 2);
}

/* Allocation failure anywhere, in readers too: ENG_NOMEM (HY001) or the
 * right result, never a hang, a leak (ASan) or a thread left behind. */
static void test_oom_loop(void **state)
{
    (void)state;
    int t0 = nthreads();
    reset_counts(0);
    int ok = 0, oom = 0;
    for (long n = 1; n < 100000; n += (n < 400 ? 1 : 37)) {
        eng_stmt *s = NULL;
        eng_error err;
        memset(&err, 0, sizeof err);
        eng_alloc_fail_at(n);
        eng_rc rc = eng_prepare(C, JOIN, strlen(JOIN), &s, &err);
        if (rc == ENG_OK)
            rc = eng_execute(s, &err);
        int64_t rows = 0;
        const eng_batch *b = NULL;
        while (rc == ENG_OK && (rc = eng_fetch(s, &b, &err)) == ENG_OK && b)
            rows += b->nrows;
        eng_alloc_fail_at(0);
        if (s)
            eng_stmt_free(s);
        assert_int_equal(threads_settled(t0), t0);
        if (rc == ENG_OK) {
            assert_int_equal(rows, 1);
            ok++;
            if (ok > 3)
                break;
        } else {
            assert_int_equal(rc, ENG_NOMEM);
            assert_string_equal(err.sqlstate, "HY001");
            oom++;
        }
    }
    assert_true(oom > 50);
    assert_true(ok > 0);
    assert_string_equal(q(JOIN), JOIN_WANT);
}

int main(void)
{
    (void)tu_setup;       /* the group's setup makes the arena instead */
    (void)tu_teardown;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scans_overlap),
        cmocka_unit_test(test_reader_error),
        cmocka_unit_test(test_cancel_blocked_readers),
        cmocka_unit_test(test_close_early),
        cmocka_unit_test(test_correlated_and_limit),
        cmocka_unit_test(test_dynamic_filter_lazy),
        cmocka_unit_test(test_transaction_mode_reads_synchronously),
        cmocka_unit_test(test_oom_loop),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
