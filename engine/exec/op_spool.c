/*
 * engine/exec/op_spool.c
 *   Shared scan: one remote read feeding several uses of it. The
 *   optimizer (rule shared_scan, optimizer/sharedscan.c) gives the scans
 *   of a plan that send the same SQL to the same catalog one share_id;
 *   each of them becomes a use built here, all uses of an id share one
 *   spool: the one scan operator that reads (the source) and a row store
 *   of what it read so far. Whichever use needs rows that are not there
 *   yet drives the source; every use reads the store with its own cursor.
 * Interface: op_spool_init, op_spool_next, op_spool_rescan, op_spool_end
 *   (the last three through the vtable), exec_spool_scan.
 * Not here: which scans share (optimizer/sharedscan.c), the remote read
 *   itself and its reader thread (op_scan.c, scan_reader.c).
 *
 * The store keeps every row the source returned (live rows only, string
 * bytes copied) in chunks of ENG_BATCH_CAP rows, charged to the query's
 * memory limit as "shared scan" (53200 past it). A use hands out one
 * chunk per call, its vectors shared (no copy), and only complete chunks
 * (or the last one once the source ended), so a chunk never changes
 * after a use returned it. Rows are kept until the last use has ended:
 * a use may be rescanned (a nested loop, a hash join's probe side) and
 * read them all again without a new remote read, because the rows of a
 * scan are the same on every read within an execution (the SQL is fixed
 * before the query starts: the optimizer never shares a scan whose SQL
 * waits for dynamic filters). When the last use ends, the source is
 * ended and the store freed; a use rescanned after that starts the
 * source again (a new remote read) and fills a new store.
 *
 * The source is no child of any use (exec_end of a use must not end it
 * while other uses read): the executor finds it through exec_spool_scan
 * to start its read ahead, signal its reader and report its wire bytes.
 * Everything runs on the executing thread, so the spool needs no lock.
 */
#include <string.h>
#include "exec_int.h"

/* The state of one shared scan (ctx->arena, found by share_id). */
typedef struct exec_spool {
    int id;                   /* the plan's share_id */
    exec_op *src;             /* the scan operator that reads */
    const eng_vector **colp;  /* src->ncols pointers, for the appends */
    exec_rowstore rs;         /* the rows read so far */
    bool rs_live;             /* rs initialised (and accounted) */
    bool done;                /* the source returned all its rows */
    bool failed;              /* the source or the store failed */
    bool restart;             /* the source ran before: rescan it first */
    int users;                /* uses not ended */
    struct exec_spool *next;
} exec_spool;

/* One use of a shared scan. */
typedef struct op_spool {
    exec_op base;
    exec_spool *sp;           /* NULL only while init fails */
    int64_t pos;              /* next row to return (a chunk's first) */
    bool active;              /* counted in sp->users */
} op_spool;

static const exec_op_vt spool_vt;

exec_op *exec_spool_scan(exec_op *op)
{
    if (op && op->vt == &spool_vt && ((op_spool *)op)->sp)
        return ((op_spool *)op)->sp->src;
    return op;
}

/* Creates the store if needed; restarts the source after a full end. */
static eng_rc spool_ready(exec_spool *sp, exec_ctx *ctx)
{
    if (sp->rs_live)
        return ENG_OK;
    eng_rc rc;
    if (sp->restart) {
        if ((rc = exec_rescan(sp->src)) != ENG_OK)
            return rc;
        sp->restart = false;
    }
    if ((rc = exec_rs_init(&sp->rs, sp->src->ncols, sp->src->types,
                           ctx->err)) != ENG_OK)
        return rc;
    sp->rs_live = true;
    return exec_rs_account(&sp->rs, ctx, "shared scan");
}

/* Reads the source's next batch into the store, or marks it done. */
static eng_rc spool_pull(exec_spool *sp, exec_ctx *ctx)
{
    if (sp->failed)
        return eng_err_set(ctx->err, ENG_ERR_INTERNAL, 0,
                           "internal error: shared scan read after its "
                           "failure");
    eng_rc rc = spool_ready(sp, ctx);
    if (rc != ENG_OK) {
        sp->failed = true;
        return rc;
    }
    eng_batch *b = NULL;
    exec_status st = exec_next(sp->src, &b);
    if (st == EX_FINISHED) {
        sp->done = true;
        return ENG_OK;
    }
    if (st == EX_ERROR) {
        sp->failed = true;
        return ENG_ERROR;
    }
    int n = b ? eng_batch_count(b) : 0;
    if (n == 0)
        return ENG_OK;
    for (int c = 0; c < sp->src->ncols; c++)
        sp->colp[c] = &b->cols[c];
    rc = exec_rs_append_rows(&sp->rs, sp->colp, sp->src->ncols, b->sel, n,
                             ctx->err);
    if (rc != ENG_OK)
        sp->failed = true;
    return rc;
}

/*
 * Returns the next chunk of the store from this use's cursor, pulling
 * the source while the chunk is not complete. The batch shares the
 * store's vectors (valid until the last use ends).
 */
static exec_status op_spool_next(exec_op *op, eng_batch **out)
{
    op_spool *s = (op_spool *)op;
    exec_spool *sp = s->sp;
    for (;;) {
        int64_t have = sp->rs_live ? sp->rs.nrows : 0;
        if (s->pos < have && (have - s->pos >= ENG_BATCH_CAP || sp->done)) {
            int64_t k = s->pos / ENG_BATCH_CAP;
            int64_t n = have - s->pos;
            if (n > ENG_BATCH_CAP)
                n = ENG_BATCH_CAP;
            eng_batch *b = exec_batch_shell(op->barena, op->ncols, (int)n);
            if (!b) {
                eng_err_oom(op->ctx->err);
                return EX_ERROR;
            }
            for (int c = 0; c < op->ncols; c++)
                b->cols[c] = sp->rs.chunks[k][c];
            s->pos += n;
            *out = b;
            return EX_HAVE_OUTPUT;
        }
        if (sp->done)
            return EX_FINISHED;
        if (spool_pull(sp, op->ctx) != ENG_OK)
            return EX_ERROR;
    }
}

/* Back to the first row; the rows read stay (no new remote read). */
static eng_rc op_spool_rescan(exec_op *op)
{
    op_spool *s = (op_spool *)op;
    s->pos = 0;
    if (!s->active) {
        s->active = true;
        s->sp->users++;
    }
    return ENG_OK;
}

/* This use is done; the last one ends the source and frees the rows. */
static void op_spool_end(exec_op *op)
{
    op_spool *s = (op_spool *)op;
    exec_spool *sp = s->sp;
    if (!sp || !s->active)
        return;
    s->active = false;
    if (--sp->users > 0)
        return;
    exec_end(sp->src);
    if (sp->rs_live)
        exec_rs_free(&sp->rs);
    sp->rs_live = false;
    sp->done = false;
    sp->failed = false;
    sp->restart = true;
}

static const exec_op_vt spool_vt = { op_spool_next, op_spool_rescan,
                                     op_spool_end, NULL };

/*
 * Creates a use of the shared scan n->share_id: the spool (and its
 * source scan operator, nothing contacted yet) with the first use, then
 * only the use. On failure nothing is held and ctx->err is set.
 */
eng_rc op_spool_init(exec_ctx *ctx, const plan_node *n, exec_op **out)
{
    exec_op *op = exec_op_alloc(ctx, n, &spool_vt, sizeof(op_spool));
    if (!op)
        return ENG_NOMEM;
    exec_spool *sp = ctx->spools;
    while (sp && sp->id != n->share_id)
        sp = sp->next;
    if (!sp) {
        sp = eng_arena_calloc(ctx->arena, sizeof *sp);
        const eng_vector **colp =
            eng_arena_calloc(ctx->arena, sizeof *colp * (size_t)(n->ncols + 1));
        if (!sp || !colp) {
            exec_end(op);
            return eng_err_oom(ctx->err);
        }
        eng_rc rc = op_scan_init(ctx, n, &sp->src);
        if (rc != ENG_OK) {
            exec_end(op);
            return rc;
        }
        sp->id = n->share_id;
        sp->colp = colp;
        sp->next = ctx->spools;
        ctx->spools = sp;
    }
    op_spool *s = (op_spool *)op;
    s->sp = sp;
    s->active = true;
    sp->users++;
    *out = op;
    return ENG_OK;
}
