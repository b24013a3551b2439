/*
 * engine/exec/scan_reader.c
 *   A scan read ahead on its own thread: one reader per remote scan runs
 *   the connector's scan_begin / scan_next / scan_end and fills a bounded
 *   queue of batches that the scan operator consumes, so that every
 *   catalog a query reads works at the same time as the others and as the
 *   executing thread.
 * Interface: exec_reader_start, exec_reader_next, exec_reader_signal,
 *   exec_reader_stop, exec_reader_wire_bytes, exec_reader_part_rows
 *   (exec_int.h).
 * Not here: deciding which scans read ahead (executor.c,
 *   exec_prestart_scans), the synchronous path and the operator protocol
 *   (op_scan.c), what the connector does remotely (connector/).
 *
 * Queue: READER_SLOTS batch arenas owned by the reader. The thread takes a
 * free slot, resets its arena, lets the connector fill one batch in it and
 * queues it; the consumer pops the oldest full slot and holds it until its
 * next call (a returned batch lives until the operator's next exec_next,
 * like any batch), when the slot goes back to the free list. So at most
 * READER_SLOTS batches exist per scan, and a reader whose consumer is busy
 * waits: memory stays flat whatever the table size.
 *
 * Stopping and errors: the connector's waits poll spec.cancelled, which
 * here points at the reader's own `abort` flag. exec_reader_signal (the
 * executor closing the tree, or the consumer seeing the execution
 * cancelled) sets it; the thread then leaves scan_next within one wait tick
 * of the connector (or at once when it waits for a free slot) and ends
 * the remote scan. exec_reader_stop signals, joins and frees, so no
 * thread outlives its operator. The thread's failure (remote error naming
 * the catalog, 08S01, HYT00 from the execution's deadline, HY001 when a
 * batch cannot be allocated) is kept in the reader's own eng_error and
 * handed to the consumer after the batches queued before it, exactly where
 * the synchronous scan would have reported it. A reader signalled by a
 * cancel reports the connector's HY008 naming the catalog.
 *
 * Split scans (spec->split_n > 1, rule scan_split): one thread per range,
 * each with its own copy of the spec (split_part, and the split_group
 * the connector's split_open made, which makes the ranges share one
 * snapshot), all filling the one queue, whose slots grow by 2 per extra
 * range; the operator sees one stream (in no particular order, as a
 * plain scan's). The first range to fail sets the reader's error and
 * signals the others, so one failing range fails the scan with its own
 * error (the catalog named, the remote SQLSTATE kept) as soon as the
 * batches queued before it are taken, while the others stop within a
 * tick of their connector (their connections closed, or pooled when
 * their stream had ended). The group is closed once every range's
 * thread has been joined. Rows are counted per range for EXPLAIN
 * ANALYZE (exec_reader_part_rows).
 *
 * Threads: only the fields under `mu` are shared; the spec, the
 * connector state and the types are read-only while the thread runs (the
 * spec and types live in the execution arena, the state in the session).
 * The connector must declare parallel_scans (connector.h).
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <time.h>
#include "exec_int.h"
#include "common/trace.h"     /* the starting thread's trace context */

#define READER_SLOTS 4          /* batches queued ahead per scan */
#define READER_SLOTS_PER_RANGE 2 /* and per extra range of a split scan */
#define READER_SLOTS_MAX (READER_SLOTS + \
                          READER_SLOTS_PER_RANGE * (PLAN_SPLIT_MAX - 1))
#define READER_TICK_MS 100      /* longest wait of the consumer between
                                   checks of the execution's cancel flag */

/* One thread: the whole scan, or one range of a split scan. */
typedef struct reader_part {
    struct exec_reader *r;
    eng_scan_spec spec;          /* the operator's copy; cancelled ->
                                    &r->abort; split_part, split_group */
    pthread_t thread;
    bool started;                /* the thread was created */
    eng_error err;               /* the thread's own */
    /* under r->mu */
    bool done;                   /* the thread has ended its remote scan */
    int64_t rows;                /* rows it read */
    int64_t wire;                /* bytes its scan received (scan_bytes,
                                    -1 unknown), set as it ends */
} reader_part;

struct exec_reader {
    const eng_connector_ops *ops;
    void *state;                 /* connector instance (session's) */
    int ncols;
    const eng_type *types;
    int nparts;
    reader_part part[PLAN_SPLIT_MAX];
    void *group;                 /* ops->split_open's (split scan), or NULL */
    pthread_mutex_t mu;
    pthread_cond_t cv;           /* any change of the fields below */
    volatile int abort;          /* atomic: stop now (connector polls it) */
    int nslots;
    /* under mu */
    eng_arena *arena[READER_SLOTS_MAX];
    eng_batch *batch[READER_SLOTS_MAX];
    int queue[READER_SLOTS_MAX]; /* full slots, oldest first (ring) */
    int qhead, qlen;
    int freelist[READER_SLOTS_MAX];
    int nfree;
    int held;                    /* slot the consumer holds, or -1 */
    int ndone;                   /* parts whose thread has ended */
    eng_rc rc;                   /* the first failure, ENG_OK if none */
    eng_error err;               /* filled when rc != ENG_OK */
    void *trace_ctx;             /* the starting thread's trace context
                                    (common/trace.h), bound in the thread */
};

/* Absolute CLOCK_MONOTONIC time ms from now, for pthread_cond_timedwait. */
static struct timespec deadline_in(int ms)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    ts.tv_sec += ms / 1000;
    ts.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    return ts;
}

static bool aborted(exec_reader *r)
{
    return __atomic_load_n(&r->abort, __ATOMIC_ACQUIRE) != 0;
}

/*
 * A reader thread (one part): begins the remote scan, fills free slots
 * until the end, an error or an abort, ends the remote scan (so its
 * connection goes back to the pool before the consumer learns the end),
 * then posts done. The first part to fail records its error for the
 * consumer and stops the others.
 */
static void *reader_main(void *arg)
{
    reader_part *p = arg;
    exec_reader *r = p->r;
    void *scan = NULL;
    eng_trace_context_restore(r->trace_ctx);
    eng_rc rc = r->ops->scan_begin(r->state, &p->spec, &scan, &p->err);
    if (rc != ENG_OK)
        scan = NULL;
    while (rc == ENG_OK) {
        int slot;
        pthread_mutex_lock(&r->mu);
        while (r->nfree == 0 && !aborted(r))
            pthread_cond_wait(&r->cv, &r->mu);
        if (aborted(r)) {
            pthread_mutex_unlock(&r->mu);
            break;
        }
        slot = r->freelist[--r->nfree];
        pthread_mutex_unlock(&r->mu);

        eng_arena_reset(r->arena[slot]);
        eng_batch *b = eng_batch_create(r->arena[slot], r->ncols, r->types,
                                        ENG_BATCH_CAP);
        if (!b) {
            rc = eng_err_oom(&p->err);
        } else {
            b->nrows = 0;
            rc = r->ops->scan_next(scan, b, &p->err);
        }
        pthread_mutex_lock(&r->mu);
        if (rc != ENG_OK || b->nrows <= 0) {
            r->freelist[r->nfree++] = slot;
            pthread_cond_broadcast(&r->cv);   /* a sibling may wait */
            pthread_mutex_unlock(&r->mu);
            break;
        }
        r->batch[slot] = b;
        p->rows += b->nrows;
        r->queue[(r->qhead + r->qlen) % r->nslots] = slot;
        r->qlen++;
        pthread_cond_broadcast(&r->cv);
        pthread_mutex_unlock(&r->mu);
    }
    int64_t wire = scan && r->ops->scan_bytes ? r->ops->scan_bytes(scan)
                   : scan ? -1 : 0;
    if (scan)
        r->ops->scan_end(scan);
    pthread_mutex_lock(&r->mu);
    p->wire = wire;
    p->done = true;
    r->ndone++;
    if (rc != ENG_OK && r->rc == ENG_OK) {
        /* the first failure is the scan's; the others stop (their own
         * errors, a cancel mostly, are not reported) */
        r->rc = rc;
        r->err = p->err;
        __atomic_store_n(&r->abort, 1, __ATOMIC_RELEASE);
    }
    pthread_cond_broadcast(&r->cv);
    pthread_mutex_unlock(&r->mu);
    eng_trace_context_restore(NULL);
    return NULL;
}

/* Frees what exec_reader_start allocated (no thread is running). */
static void reader_free(exec_reader *r)
{
    for (int i = 0; i < READER_SLOTS_MAX; i++)
        eng_arena_destroy(r->arena[i]);
    if (r->group && r->ops->split_close)
        r->ops->split_close(r->group);
    eng_free(r);
}

/* Signals every part, joins the started threads, destroys the sync
 * objects and frees r. */
static void reader_join_free(exec_reader *r)
{
    exec_reader_signal(r);
    for (int i = 0; i < r->nparts; i++)
        if (r->part[i].started)
            pthread_join(r->part[i].thread, NULL);
    pthread_cond_destroy(&r->cv);
    pthread_mutex_destroy(&r->mu);
    reader_free(r);
}

/*
 * Starts reading spec through ops on new threads: one, or, when nparts
 * > 1 (a split scan: spec->split_n), one per range, which share one
 * group of the connector's split_open. spec is copied (with its cancel
 * flag replaced by the reader's own); what it points to, and types, must
 * outlive the reader. Returns the reader in *out, or ENG_NOMEM /
 * ENG_ERROR (no thread could be made, no split group) with nothing left
 * behind (threads already started are stopped and joined) and err set;
 * the caller may then scan synchronously, whole, instead.
 */
eng_rc exec_reader_start(const eng_connector_ops *ops, void *state,
                         const eng_scan_spec *spec, int nparts, int ncols,
                         const eng_type *types, exec_reader **out,
                         eng_error *err)
{
    pthread_condattr_t ca;
    exec_reader *r;
    *out = NULL;
    if (nparts < 1 || nparts > PLAN_SPLIT_MAX ||
        (nparts > 1 && (!ops->split_open || !ops->split_close)))
        return eng_err_set(err, ENG_ERR_INTERNAL, 0,
                           "internal error: a scan reader of %d parts",
                           nparts);
    if (!(r = eng_calloc(1, sizeof *r)))
        return eng_err_oom(err);
    r->ops = ops;
    r->nslots = READER_SLOTS + READER_SLOTS_PER_RANGE * (nparts - 1);
    for (int i = 0; i < r->nslots; i++) {
        if (!(r->arena[i] = eng_arena_create())) {
            reader_free(r);
            return eng_err_oom(err);
        }
        r->freelist[i] = i;
    }
    r->nfree = r->nslots;
    r->held = -1;
    r->state = state;
    r->ncols = ncols;
    r->types = types;
    r->nparts = nparts;
    if (nparts > 1 && ops->split_open(state, nparts, &r->group, err) !=
                      ENG_OK) {
        r->group = NULL;
        reader_free(r);
        return ENG_ERROR;
    }
    for (int i = 0; i < nparts; i++) {
        reader_part *p = &r->part[i];
        p->r = r;
        p->spec = *spec;
        p->spec.cancelled = &r->abort;
        p->spec.split_part = i;
        p->spec.split_group = r->group;
    }
    if (pthread_mutex_init(&r->mu, NULL) != 0) {
        reader_free(r);
        return eng_err_set(err, ENG_ERR_INTERNAL, 0,
                           "internal error: no mutex for a scan reader");
    }
    if (pthread_condattr_init(&ca) != 0 ||
        pthread_condattr_setclock(&ca, CLOCK_MONOTONIC) != 0 ||
        pthread_cond_init(&r->cv, &ca) != 0) {
        pthread_mutex_destroy(&r->mu);
        reader_free(r);
        return eng_err_set(err, ENG_ERR_INTERNAL, 0,
                           "internal error: no condition for a scan reader");
    }
    pthread_condattr_destroy(&ca);
    r->trace_ctx = eng_trace_context_save();
    for (int i = 0; i < nparts; i++) {
        if (pthread_create(&r->part[i].thread, NULL, reader_main,
                           &r->part[i]) != 0) {
            reader_join_free(r);
            return eng_err_set(err, ENG_ERR_INTERNAL, 0,
                               "internal error: no thread for a scan reader");
        }
        r->part[i].started = true;
    }
    *out = r;
    return ENG_OK;
}

/*
 * Gives back the batch returned last and returns the next one in *out
 * (NULL at the end of the scan: every part ended), in a slot of the
 * reader, valid until the next call or exec_reader_stop. Waits for the
 * threads in ticks; while waiting, a cancel of the execution
 * (*cancelled) is passed on to them, whose connector then fails with
 * HY008 naming the catalog. The first part's failure is copied into err
 * after every batch queued before it has been returned.
 */
eng_rc exec_reader_next(exec_reader *r, volatile int *cancelled,
                        eng_batch **out, eng_error *err)
{
    eng_rc rc = ENG_OK;
    *out = NULL;
    pthread_mutex_lock(&r->mu);
    if (r->held >= 0) {
        r->freelist[r->nfree++] = r->held;
        r->held = -1;
        pthread_cond_broadcast(&r->cv);
    }
    while (r->qlen == 0 && r->ndone < r->nparts && r->rc == ENG_OK) {
        struct timespec ts = deadline_in(READER_TICK_MS);
        if (cancelled && __atomic_load_n(cancelled, __ATOMIC_ACQUIRE))
            __atomic_store_n(&r->abort, 1, __ATOMIC_RELEASE);
        int w = pthread_cond_timedwait(&r->cv, &r->mu, &ts);
        (void)w;   /* ETIMEDOUT: look at the flags again */
    }
    if (r->qlen > 0) {
        int slot = r->queue[r->qhead];
        r->qhead = (r->qhead + 1) % r->nslots;
        r->qlen--;
        r->held = slot;
        *out = r->batch[slot];
    } else if (r->rc != ENG_OK) {
        *err = r->err;
        rc = r->rc;
    }
    pthread_mutex_unlock(&r->mu);
    return rc;
}

/* Asks the threads to stop soon, without waiting; any thread, while the
 * reader is alive. NULL allowed. */
void exec_reader_signal(exec_reader *r)
{
    if (!r)
        return;
    __atomic_store_n(&r->abort, 1, __ATOMIC_RELEASE);
    pthread_mutex_lock(&r->mu);
    pthread_cond_broadcast(&r->cv);
    pthread_mutex_unlock(&r->mu);
}

/* Bytes r's parts received (-1: unknown); r->mu held. */
static int64_t wire_locked(exec_reader *r)
{
    int64_t n = 0;
    for (int i = 0; i < r->nparts; i++) {
        if (r->part[i].wire < 0)
            return -1;
        n += r->part[i].wire;
    }
    return n;
}

/*
 * Stops the threads unless they are done (their remote scans are
 * abandoned as a scan_end would), waits for them and frees the reader
 * with its batches (and a split scan's group). Returns the bytes its
 * scans received (-1: unknown) and, when rows is not NULL, each part's
 * rows in rows[0 .. *nparts) (PLAN_SPLIT_MAX entries). NULL allowed (0).
 */
int64_t exec_reader_stop(exec_reader *r, int *nparts, int64_t *rows)
{
    if (!r)
        return 0;
    pthread_mutex_lock(&r->mu);
    bool done = r->ndone == r->nparts;
    pthread_mutex_unlock(&r->mu);
    if (!done)
        exec_reader_signal(r);
    for (int i = 0; i < r->nparts; i++)
        pthread_join(r->part[i].thread, NULL);
    int64_t wire = wire_locked(r);   /* every thread has ended */
    if (nparts)
        *nparts = r->nparts;
    for (int i = 0; rows && i < r->nparts; i++)
        rows[i] = r->part[i].rows;
    pthread_cond_destroy(&r->cv);
    pthread_mutex_destroy(&r->mu);
    reader_free(r);
    return wire;
}

/* Bytes r's scans received (exec_int.h); read under its lock. */
int64_t exec_reader_wire_bytes(exec_reader *r)
{
    pthread_mutex_lock(&r->mu);
    int64_t wire = wire_locked(r);
    pthread_mutex_unlock(&r->mu);
    return wire;
}

/* The rows each part of r read so far into rows[0 ..) (PLAN_SPLIT_MAX
 * entries); returns the number of parts. */
int exec_reader_part_rows(exec_reader *r, int64_t *rows)
{
    pthread_mutex_lock(&r->mu);
    for (int i = 0; i < r->nparts; i++)
        rows[i] = r->part[i].rows;
    int n = r->nparts;
    pthread_mutex_unlock(&r->mu);
    return n;
}
