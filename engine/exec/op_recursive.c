/*
 * engine/exec/op_recursive.c
 *   WITH RECURSIVE: the base's rows, then the recursion step run again and
 *   again, each run reading (through PN_WORKTABLE) the rows the previous
 *   run gave, until a run gives none; and the working-table scan itself.
 * Interface: op_recursive_init, op_worktable_init; next, rescan and end
 *   of both through their vtables.
 * Not here: which CTEs recurse, the coercion of the step to the base's
 *   types (binder/bind.c).
 *
 * The operator streams: every batch of the base and of each step run is
 * passed up as it comes, and its live rows are also appended to the
 * `next` store. When a run ends, `next` becomes the working table the
 * PN_WORKTABLE operators read (found in ctx->worktables by the plan's
 * rec_id), the old working table is emptied to become `next`, and the step
 * is rescanned. Trino's limit: rec_max_depth runs of the step may give
 * rows; a run after them that gives a row fails with 0A000, Trino's
 * NOT_SUPPORTED "Recursion depth limit exceeded (10)" (Trino unrolls the
 * step that many times and fails when one more run gives a row, in
 * QueryPlanner.planExpand), so a recursion that converges within the limit
 * returns all its rows and one that does not never returns a partial
 * answer as complete. A hash join in the step whose build side reads the
 * working table rebuilds on every run (plan_reads_corr counts
 * PN_WORKTABLE as varying). Storage: two row stores (their own arenas,
 * charged to the query's memory limit), freed by end.
 */
#include <string.h>
#include "exec_int.h"

typedef struct op_recursive {
    exec_op base;
    exec_worktable *wt;       /* in ctx->worktables (ctx->arena) */
    exec_rowstore store[2];   /* the working table and the next one */
    int cur;                  /* store[cur] is the working table */
    bool ready;               /* the stores are initialised */
    int phase;                /* 0 base, 1 step, 2 done */
    int depth;                /* step runs that gave rows */
} op_recursive;

/* Empties store k (a fresh store of the node's columns). */
static eng_rc reset_store(op_recursive *r, int k)
{
    exec_op *op = &r->base;
    exec_rs_free(&r->store[k]);
    eng_rc rc = exec_rs_init(&r->store[k], op->ncols, op->types, op->ctx->err);
    if (rc == ENG_OK)
        rc = exec_rs_account(&r->store[k], op->ctx, "WITH RECURSIVE");
    return rc;
}

/* Appends the live rows of b to the next store. */
static eng_rc keep_rows(op_recursive *r, const eng_batch *b)
{
    exec_op *op = &r->base;
    const eng_vector **cp = eng_arena_alloc(op->barena, sizeof(void *) *
                                                        (size_t)(op->ncols + 1));
    if (!cp)
        return eng_err_oom(op->ctx->err);
    for (int c = 0; c < op->ncols; c++)
        cp[c] = &b->cols[c];
    int n = eng_batch_count(b);
    exec_rowstore *next = &r->store[1 - r->cur];
    for (int i = 0; i < n; i++) {
        eng_rc rc = exec_rs_append(next, cp, b->sel ? b->sel[i] : i,
                                   op->ctx->err);
        if (rc != ENG_OK)
            return rc;
    }
    return ENG_OK;
}

/* The run that just ended gave rows: they become the working table and
 * the step runs again over them. */
static eng_rc next_run(op_recursive *r)
{
    r->cur = 1 - r->cur;
    r->wt->rows = &r->store[r->cur];
    eng_rc rc = reset_store(r, 1 - r->cur);
    if (rc == ENG_OK)
        rc = exec_check_interrupt(r->base.ctx);
    return rc == ENG_OK ? exec_rescan(r->base.child[1]) : rc;
}

static exec_status op_recursive_next(exec_op *op, eng_batch **out)
{
    op_recursive *r = (op_recursive *)op;
    exec_ctx *ctx = op->ctx;
    if (!r->ready) {
        if (reset_store(r, 0) != ENG_OK || reset_store(r, 1) != ENG_OK)
            return EX_ERROR;
        r->cur = 0;
        r->wt->rows = &r->store[0];
        r->ready = true;
    }
    while (r->phase < 2) {
        eng_batch *b;
        exec_status st = exec_next(op->child[r->phase], &b);
        if (st == EX_ERROR)
            return st;
        if (st == EX_HAVE_OUTPUT) {
            if (eng_batch_count(b) == 0)
                continue;
            if (r->phase == 1 && r->depth >= op->node->rec_max_depth) {
                eng_err_set(ctx->err, ENG_ERR_FEATURE_NOT_SUPPORTED, 0,
                            "Recursion depth limit exceeded (%d). Use "
                            "'max_recursion_depth' session property to "
                            "modify the limit.", op->node->rec_max_depth);
                return EX_ERROR;
            }
            if (keep_rows(r, b) != ENG_OK)
                return EX_ERROR;
            *out = b;
            return EX_HAVE_OUTPUT;
        }
        /* the base or a step run ended */
        if (r->store[1 - r->cur].nrows == 0) {
            exec_end(op->child[0]);
            exec_end(op->child[1]);
            r->phase = 2;
            break;
        }
        if (r->phase == 0) {
            exec_end(op->child[0]);
            r->phase = 1;
        } else {
            r->depth++;
        }
        if (next_run(r) != ENG_OK)
            return EX_ERROR;
    }
    return EX_FINISHED;
}

/* Frees both stores; the next call starts again from the base. */
static void op_recursive_end(exec_op *op)
{
    op_recursive *r = (op_recursive *)op;
    exec_rs_free(&r->store[0]);
    exec_rs_free(&r->store[1]);
    r->ready = false;
    r->phase = 0;
    r->depth = 0;
    r->cur = 0;
    if (r->wt)
        r->wt->rows = NULL;
}

static eng_rc op_recursive_rescan(exec_op *op)
{
    op_recursive_end(op);
    eng_rc rc = exec_rescan(op->child[0]);
    return rc == ENG_OK ? exec_rescan(op->child[1]) : rc;
}

static const exec_op_vt recursive_vt = { op_recursive_next,
                                         op_recursive_rescan,
                                         op_recursive_end, NULL };

/* Registers the working table before the children are built, so that
 * the step's PN_WORKTABLE operators find it. */
eng_rc op_recursive_init(exec_ctx *ctx, const plan_node *n, exec_op **out)
{
    op_recursive *r = (op_recursive *)exec_op_alloc(ctx, n, &recursive_vt,
                                                    sizeof(op_recursive));
    if (!r)
        return ENG_NOMEM;
    r->wt = eng_arena_calloc(ctx->arena, sizeof *r->wt);
    if (!r->wt) {
        exec_end(&r->base);
        return eng_err_oom(ctx->err);
    }
    r->wt->id = n->rec_id;
    r->wt->next = ctx->worktables;
    ctx->worktables = r->wt;
    eng_rc rc = exec_init_children(&r->base);
    if (rc == ENG_OK)
        *out = &r->base;
    return rc;
}

/* ---- the working table ---- */

typedef struct op_worktable {
    exec_op base;
    const exec_worktable *wt;
    int64_t pos;              /* next row to emit */
} op_worktable;

static exec_status op_worktable_next(exec_op *op, eng_batch **out)
{
    op_worktable *w = (op_worktable *)op;
    exec_ctx *ctx = op->ctx;
    const exec_rowstore *rs = w->wt->rows;
    if (!rs || w->pos >= rs->nrows)
        return EX_FINISHED;
    int m = rs->nrows - w->pos < ENG_BATCH_CAP ? (int)(rs->nrows - w->pos)
                                               : ENG_BATCH_CAP;
    eng_batch *b = exec_batch_shell(op->barena, op->ncols, m);
    int64_t *ids = eng_arena_alloc(op->barena, sizeof(int64_t) * (size_t)m);
    if (!b || !ids) {
        eng_err_oom(ctx->err);
        return EX_ERROR;
    }
    for (int i = 0; i < m; i++)
        ids[i] = w->pos + i;
    for (int c = 0; c < op->ncols; c++)
        if (exec_rs_gather(rs, c, ids, m, op->barena, &b->cols[c],
                           ctx->err) != ENG_OK)
            return EX_ERROR;
    w->pos += m;
    *out = b;
    return EX_HAVE_OUTPUT;
}

static void op_worktable_end(exec_op *op)
{
    ((op_worktable *)op)->pos = 0;
}

static eng_rc op_worktable_rescan(exec_op *op)
{
    ((op_worktable *)op)->pos = 0;
    return ENG_OK;
}

static const exec_op_vt worktable_vt = { op_worktable_next,
                                         op_worktable_rescan,
                                         op_worktable_end, NULL };

eng_rc op_worktable_init(exec_ctx *ctx, const plan_node *n, exec_op **out)
{
    const exec_worktable *wt = ctx->worktables;
    while (wt && wt->id != n->rec_id)
        wt = wt->next;
    if (!wt)
        return eng_err_set(ctx->err, ENG_ERR_INTERNAL, 0, "internal error: "
                           "working table %d outside its WITH RECURSIVE",
                           n->rec_id);
    op_worktable *w = (op_worktable *)exec_op_alloc(ctx, n, &worktable_vt,
                                                    sizeof(op_worktable));
    if (!w)
        return ENG_NOMEM;
    w->wt = wt;
    *out = &w->base;
    return ENG_OK;
}
