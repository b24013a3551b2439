/*
 * engine/exec/op_limit.c
 *   OFFSET then LIMIT. Once the limit is reached the child is ended at
 *   once, so remote scans below stop instead of running to completion.
 * Interface: op_limit_init.
 * Not here: pushing LIMIT into a remote query (optimizer/pushdown.c).
 *
 * The batch that completes the limit may share the child's storage, so
 * the child is ended at the start of the following call (or by close).
 */
#include "exec_int.h"

typedef struct op_limit {
    exec_op base;
    int64_t skipped;          /* rows of the offset consumed so far */
    int64_t emitted;
} op_limit;

/* Skips the offset, then returns rows until the limit is reached. */
static exec_status limit_next(exec_op *op, eng_batch **out)
{
    op_limit *l = (op_limit *)op;
    const plan_node *n = op->node;
    exec_ctx *ctx = op->ctx;
    int64_t offset = n->offset > 0 ? n->offset : 0;
    for (;;) {
        if (n->limit >= 0 && l->emitted >= n->limit) {
            exec_end(op->child[0]);
            return EX_FINISHED;
        }
        eng_batch *in;
        exec_status st = exec_next(op->child[0], &in);
        if (st != EX_HAVE_OUTPUT)
            return st;
        int start = 0;
        if (l->skipped < offset) {
            int64_t need = offset - l->skipped;
            if (need >= in->nrows) {
                l->skipped += in->nrows;
                continue;
            }
            start = (int)need;
            l->skipped = offset;
        }
        int cnt = in->nrows - start;
        if (n->limit >= 0 && cnt > n->limit - l->emitted)
            cnt = (int)(n->limit - l->emitted);
        l->emitted += cnt;
        if (start == 0 && cnt == in->nrows) {
            *out = in;
        } else {
            eng_batch *b = exec_batch_shell(op->barena, in->ncols, cnt);
            int *sel = eng_arena_alloc(op->barena,
                                       sizeof(int) * (size_t)(cnt + 1));
            if (!b || !sel) {
                eng_err_oom(ctx->err);
                return EX_ERROR;
            }
            for (int i = 0; i < cnt; i++)
                sel[i] = start + i;
            for (int c = 0; c < in->ncols; c++)
                if (exec_vec_gather(op->barena, &in->cols[c], sel, cnt,
                                  &b->cols[c], ctx->err) != ENG_OK)
                    return EX_ERROR;
            *out = b;
        }
        /* The returned rows may share the child's batch (and its string
         * bytes), so the child is ended on the next call, before anything
         * more is pulled. */
        return EX_HAVE_OUTPUT;
    }
}

static const exec_op_vt limit_vt = { limit_next, NULL, NULL };

/* Creates the limit of node n and its child. */
eng_rc op_limit_init(exec_ctx *ctx, const plan_node *n, exec_op **out)
{
    exec_op *op = exec_op_alloc(ctx, n, &limit_vt, sizeof(op_limit));
    if (!op)
        return ENG_NOMEM;
    eng_rc rc = exec_init_children(op);
    if (rc == ENG_OK)
        *out = op;
    return rc;
}
