/*
 * engine/exec/op_distinct.c
 *   DISTINCT over all columns: a hash set of the rows seen so far; each
 *   batch passes on only its first-seen rows (NULLs equal each other).
 * Interface: op_distinct_init, op_distinct_next, op_distinct_rescan,
 *   op_distinct_end (the last three through the vtable).
 * Not here: DISTINCT inside aggregates (op_hash_agg.c).
 *
 * Only the input's live rows are read. The first-seen rows go up as the
 * child's batch with a narrower selection (no value copied); the seen
 * rows themselves are deep-copied into a row store. A rescan forgets
 * every row seen and reads the child again.
 */
#include <string.h>
#include "exec_int.h"

typedef struct op_distinct {
    exec_op base;
    exec_rowstore seen;         /* one copy of every distinct row */
    exec_htab set;              /* hash -> row id in seen */
    bool ready;
} op_distinct;

/* Returns the rows of the next child batch not seen before. */
static exec_status op_distinct_next(exec_op *op, eng_batch **out)
{
    op_distinct *d = (op_distinct *)op;
    exec_ctx *ctx = op->ctx;
    if (!d->ready) {
        if (exec_rs_init(&d->seen, op->ncols, op->types, ctx->err) != ENG_OK)
            return EX_ERROR;
        if (exec_htab_init(&d->set, ctx->err) != ENG_OK ||
            exec_rs_account(&d->seen, ctx, "DISTINCT") != ENG_OK ||
            exec_htab_account(&d->set, ctx, "DISTINCT table") != ENG_OK)
            return EX_ERROR;
        d->ready = true;
    }
    for (;;) {
        eng_batch *in;
        exec_status st = exec_next(op->child[0], &in);
        if (st != EX_HAVE_OUTPUT)
            return st;
        eng_arena_reset(op->barena);
        int n = eng_batch_count(in);
        uint64_t *h = eng_arena_alloc(op->barena, sizeof(uint64_t) * (size_t)(n + 1));
        int *sel = eng_arena_alloc(op->barena, sizeof(int) * (size_t)(n + 1));
        const eng_vector **cp = eng_arena_alloc(op->barena,
                                                sizeof(void *) * (size_t)(in->ncols + 1));
        if (!h || !sel || !cp) {
            eng_err_oom(ctx->err);
            return EX_ERROR;
        }
        for (int i = 0; i < n; i++)
            h[i] = 0x2545f4914f6cdd1dULL;
        for (int c = 0; c < in->ncols; c++) {
            const eng_vector *v = &in->cols[c];
            exec_hash_vec_sel(v, in->sel, n, h, c == 0);
            cp[c] = v;
        }
        int m = 0;
        for (int i = 0; i < n; i++) {
            int row = eng_batch_row(in, i);
            exec_rs_probe r = { &d->seen, in->cols, row };
            if (exec_htab_find(&d->set, h[i], exec_rs_row_eq, &r) >= 0)
                continue;
            if (exec_rs_append(&d->seen, cp, row, ctx->err) != ENG_OK ||
                exec_htab_insert(&d->set, h[i], d->seen.nrows - 1, ctx->err) != ENG_OK)
                return EX_ERROR;
            sel[m++] = row;
        }
        if (m == 0)
            continue;
        return exec_emit_rows(op, in, sel, m, n, out);
    }
}

/* Frees the seen rows; the next call starts an empty set. */
static void op_distinct_end(exec_op *op)
{
    op_distinct *d = (op_distinct *)op;
    exec_rs_free(&d->seen);
    exec_htab_free(&d->set);
    d->ready = false;
}

/* Forgets every row seen and restarts the child. */
static eng_rc op_distinct_rescan(exec_op *op)
{
    op_distinct_end(op);
    return exec_rescan(op->child[0]);
}

static const exec_op_vt distinct_vt = { op_distinct_next, op_distinct_rescan,
                                        op_distinct_end, NULL };

/* Creates the distinct of node n and its child. */
eng_rc op_distinct_init(exec_ctx *ctx, const plan_node *n, exec_op **out)
{
    exec_op *op = exec_op_alloc(ctx, n, &distinct_vt, sizeof(op_distinct));
    if (!op)
        return ENG_NOMEM;
    eng_rc rc = exec_init_children(op);
    if (rc == ENG_OK)
        *out = op;
    return rc;
}
