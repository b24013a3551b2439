/*
 * engine/exec/op_scan.c
 *   Table scan through a catalog's connector: streams batches, holding one
 *   (or, read ahead, at most the reader's queue of 4).
 * Interface: op_scan_init, op_scan_next, op_scan_rescan, op_scan_end (the
 *   last three through the vtable), exec_scan_read_ahead,
 *   exec_scan_signal, exec_scan_wire_bytes, exec_scan_range_rows.
 * Not here: what the connector does remotely (connector/); the reader
 *   thread and its queue (scan_reader.c); which scans read ahead
 *   (executor.c).
 *
 * The remote scan starts on the first next (scan_begin), each next fills
 * a fresh batch of the spec's types in the operator's batch arena (reset
 * every call, so memory stays flat), and the scan ends (scan_end) when the
 * connector returns an empty batch, when the operator is ended early (a
 * satisfied LIMIT above), or when the execution closes. A rescan ends a
 * running remote scan and lets the next call begin a new one, which
 * reads the table again from its start. Batches are dense.
 * The connector gets the operator's own copy of the plan's spec, with the
 * execution's deadline and cancel flag filled in: that is how a cancel
 * from another thread reaches a scan waiting on its server, without any
 * other thread touching the scan (which may be ending or restarting).
 *
 * Read ahead (parallel_scan): when the query starts, the executor asks
 * each scan it can start at once (exec_scan_read_ahead) to begin on a
 * reader thread of its own (scan_reader.c); next then takes the reader's
 * queued batches instead of calling the connector. A scan that cannot
 * read ahead (its catalog's connector does not allow it, its SQL waits
 * for dynamic filters, it reruns per outer row, no thread could be made)
 * keeps the synchronous path above. A rescan or end stops the reader
 * (joined, so no thread outlives the scan); a rescanned scan reads
 * synchronously.
 *
 * Split scans (spec.split_n > 1, rule scan_split): read ahead as that
 * many ranges, one reader thread and connection each, into the one
 * queue (scan_reader.c); outside read ahead (parallel_scan off, a
 * rescan, transaction mode) the scan is read whole, synchronously, with
 * the plan's SQL, exactly as an unsplit one.
 */
#include <string.h>
#include "exec_int.h"

typedef struct op_scan {
    exec_op base;
    const eng_connector_ops *ops;
    void *scan;               /* connector scan; NULL when not running */
    exec_reader *reader;      /* read-ahead thread, or NULL */
    bool started;
    int64_t wire_bytes;       /* bytes received by ended runs (scan_bytes);
                                 -1 when the connector does not say */
    int nranges;              /* a split read: its ranges' rows (the last
                                 reader's, kept once it stopped) */
    int64_t range_rows[PLAN_SPLIT_MAX];
    eng_scan_spec spec;       /* node->spec + execution bounds; outlives
                                 the scan (operator lives in ctx->arena) */
} op_scan;

/* Adds a run's received bytes (-1: unknown) to s->wire_bytes. */
static void add_wire(op_scan *s, int64_t n)
{
    if (n >= 0 && s->wire_bytes >= 0)
        s->wire_bytes += n;
    else
        s->wire_bytes = -1;
}

/* Ends the remote scan if it is running. */
static void scan_stop(op_scan *s)
{
    if (s->scan && s->ops && s->ops->scan_end) {
        void *sc = s->scan;
        s->scan = NULL;
        add_wire(s, s->ops->scan_bytes ? s->ops->scan_bytes(sc) : -1);
        s->ops->scan_end(sc);
    }
    s->scan = NULL;
}

/* Stops the read-ahead thread if there is one (joins it). */
static void reader_stop(op_scan *s)
{
    exec_reader *r = s->reader;
    s->reader = NULL;
    if (r) {
        int n = 0;
        int64_t rows[PLAN_SPLIT_MAX];
        add_wire(s, exec_reader_stop(r, &n, rows));
        if (n > 1) {
            s->nranges = n;
            memcpy(s->range_rows, rows, sizeof(int64_t) * (size_t)n);
        }
    }
}

/* The rows each range of scan operator op's split read returned
 * (exec_int.h): the running reader's, else the last one's; 0 when it was
 * read whole. */
int exec_scan_range_rows(exec_op *op, int64_t *rows)
{
    op_scan *s = (op_scan *)op;
    if (s->reader) {
        int n = exec_reader_part_rows(s->reader, rows);
        return n > 1 ? n : 0;
    }
    memcpy(rows, s->range_rows, sizeof(int64_t) * (size_t)s->nranges);
    return s->nranges;
}

/* Bytes scan operator op received from its catalog so far (exec_int.h):
 * the ended runs, the running scan, a reader's finished scan. */
int64_t exec_scan_wire_bytes(exec_op *op)
{
    op_scan *s = (op_scan *)op;
    int64_t n = s->wire_bytes;
    if (n >= 0 && s->scan)
        n = s->ops->scan_bytes ? n + s->ops->scan_bytes(s->scan) : -1;
    if (n >= 0 && s->reader) {
        int64_t r = exec_reader_wire_bytes(s->reader);
        n = r >= 0 ? n + r : -1;
    }
    return n;
}

/*
 * Fills s->spec for a start now: the plan's spec with the execution's
 * bounds, and its SQL written again when dynamic filters were published.
 * Opens the catalog's connector state if needed (*state).
 */
static eng_rc prepare_spec(op_scan *s, void **state)
{
    exec_ctx *ctx = s->base.ctx;
    const plan_node *n = s->base.node;
    eng_catalog *cat = n->catalog;
    if (!cat || !cat->ops || !cat->ops->scan_begin)
        return eng_err_set(ctx->err, ENG_ERR_INTERNAL, 0,
                           "internal error: scan of %s without a connector",
                           n->spec.table && n->spec.table->name
                               ? n->spec.table->name : "?");
    void *st = NULL;
    eng_rc rc = sess_catalog_state(cat, &st, ctx->err);
    if (rc != ENG_OK)
        return rc;
    s->ops = cat->ops;
    s->spec = n->spec;
    s->spec.deadline_ms = ctx->deadline_ms;
    s->spec.timeout_s = ctx->timeout_s;
    s->spec.cancelled = &ctx->cancelled;
    /* published dynamic filters: the connector deparses again with them
     * (a connector that does not know them leaves them out) */
    s->spec.df_slots = ctx->df;
    if (plan_df_published(&n->spec, ctx->df) && s->ops->deparse) {
        char *sql = NULL;
        rc = s->ops->deparse(st, &s->spec, ctx->arena, &sql, ctx->err);
        if (rc != ENG_OK)
            return rc;
        s->spec.sql = sql;
    }
    *state = st;
    return ENG_OK;
}

/* Starts the remote scan on this thread. */
static eng_rc scan_start(op_scan *s)
{
    void *state = NULL;
    eng_rc rc = prepare_spec(s, &state);
    if (rc != ENG_OK)
        return rc;
    rc = s->ops->scan_begin(state, &s->spec, &s->scan, s->base.ctx->err);
    if (rc != ENG_OK)
        s->scan = NULL;
    return rc;
}

/* Returns the connector's next batch; EX_FINISHED (scan ended) on an
 * empty one. */
static exec_status op_scan_next(exec_op *op, eng_batch **out)
{
    op_scan *s = (op_scan *)op;
    exec_ctx *ctx = op->ctx;
    if (s->reader) {
        eng_batch *b = NULL;
        if (exec_reader_next(s->reader, &ctx->cancelled, &b, ctx->err) !=
            ENG_OK)
            return EX_ERROR;
        if (!b) {
            reader_stop(s);
            return EX_FINISHED;
        }
        *out = b;
        return EX_HAVE_OUTPUT;
    }
    if (!s->started) {
        s->started = true;
        if (scan_start(s) != ENG_OK)
            return EX_ERROR;
    }
    if (!s->scan)
        return EX_FINISHED;
    eng_batch *b = eng_batch_create(op->barena, op->ncols, op->types,
                                    ENG_BATCH_CAP);
    if (!b) {
        eng_err_oom(ctx->err);
        return EX_ERROR;
    }
    b->nrows = 0;
    if (s->ops->scan_next(s->scan, b, ctx->err) != ENG_OK)
        return EX_ERROR;
    if (b->nrows <= 0) {
        scan_stop(s);
        return EX_FINISHED;
    }
    *out = b;
    return EX_HAVE_OUTPUT;
}

/* Ends the remote scan if it runs; the next call begins a new one. */
static eng_rc op_scan_rescan(exec_op *op)
{
    op_scan *s = (op_scan *)op;
    reader_stop(s);
    scan_stop(s);
    s->started = false;
    return ENG_OK;
}

/* Ends the remote scan if it runs (a later rescan may begin a new one). */
static void op_scan_end(exec_op *op)
{
    reader_stop((op_scan *)op);
    scan_stop((op_scan *)op);
}

/*
 * Starts scan operator op (a PN_SCAN's) on a reader thread now, if its
 * catalog's connector allows scans on other threads (parallel_scans) and
 * its SQL is final (no dynamic filter to wait for). The caller (executor.c)
 * has checked that it is not rerun per outer row. In transaction mode a
 * catalog whose connector has transactions is read ahead only once the
 * transaction has written to another catalog: its own catalog's reads go
 * through the one transaction connection, which the connector hands to
 * one user at a time on the session's thread (spooling the others), and
 * before the first write any catalog may become that one. Anything
 * that stops the read ahead (no state, no memory, no thread) leaves the
 * scan to start synchronously on its first next, which reports a real
 * error there; nothing is reported here.
 */
void exec_scan_read_ahead(exec_op *op)
{
    op_scan *s = (op_scan *)op;
    const plan_node *n = op->node;
    eng_error tmp;
    eng_error *saved = op->ctx->err;
    void *state = NULL;
    if (s->started || s->reader || !n->catalog || !n->catalog->ops ||
        !n->catalog->ops->parallel_scans || !n->catalog->ops->scan_begin ||
        plan_scan_waits_for_df(&n->spec))
        return;
    eng_conn *c = op->ctx->conn;
    if (c && sess_txn_mode(c) && n->catalog->ops->txn_begin &&
        (!c->txn_cat || c->txn_cat == n->catalog))
        return;
    /* a split scan (rule scan_split) reads its ranges at once, one reader
     * thread and connection each, but never in transaction mode: the
     * transaction must read through its own connection and see its own
     * writes (the optimizer decided before the mode was known) */
    int nparts = n->spec.split_n > 1 && n->catalog->ops->split_open &&
                 !(c && sess_txn_mode(c)) ? n->spec.split_n : 1;
    eng_err_clear(&tmp);
    op->ctx->err = &tmp;     /* a failure here is not the query's */
    if (prepare_spec(s, &state) == ENG_OK &&
        (exec_reader_start(s->ops, state, &s->spec, nparts, op->ncols,
                           op->types, &s->reader, &tmp) == ENG_OK ||
         /* no split group or threads for the ranges: read whole */
         (nparts > 1 &&
          exec_reader_start(s->ops, state, &s->spec, 1, op->ncols,
                            op->types, &s->reader, &tmp) == ENG_OK)))
        s->started = true;
    else
        s->reader = NULL;
    op->ctx->err = saved;
}

/* Asks scan operator op's reader, if any, to stop soon (no wait). */
void exec_scan_signal(exec_op *op)
{
    exec_reader_signal(((op_scan *)op)->reader);
}

/* No cancel hook: cancellation travels through spec.cancelled. */
static const exec_op_vt scan_vt = { op_scan_next, op_scan_rescan,
                                    op_scan_end, NULL };

/* Creates the scan operator of node n; nothing is contacted yet. */
eng_rc op_scan_init(exec_ctx *ctx, const plan_node *n, exec_op **out)
{
    exec_op *op = exec_op_alloc(ctx, n, &scan_vt, sizeof(op_scan));
    if (!op)
        return ENG_NOMEM;
    *out = op;
    return ENG_OK;
}
