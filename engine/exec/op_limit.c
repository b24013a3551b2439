/*
 * engine/exec/op_limit.c
 *   OFFSET then LIMIT. Once the limit is reached the child is ended at
 *   once, so remote scans below stop instead of running to completion.
 * Interface: op_limit_init, op_limit_next, op_limit_rescan, op_limit_end
 *   (the last three through the vtable).
 * Not here: pushing LIMIT into a remote query (optimizer/pushdown.c).
 *
 * A batch cut by the offset or the limit is the child's batch with a
 * narrower selection (a slice of the child's selection, or a fresh one
 * over a dense batch): no value is copied. Since the batch that
 * completes the limit shares the child's storage, the child is ended at
 * the start of the following call (or by close). A rescan restarts the
 * count and the child, even one this operator had already ended.
 */
#include "exec_int.h"

typedef struct op_limit {
    exec_op base;
    int64_t skipped;          /* rows of the offset consumed so far */
    int64_t emitted;
} op_limit;

/* Skips the offset, then returns rows until the limit is reached. */
static exec_status op_limit_next(exec_op *op, eng_batch **out)
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
        int live = eng_batch_count(in);
        int start = 0;
        if (l->skipped < offset) {
            int64_t need = offset - l->skipped;
            if (need >= live) {
                l->skipped += live;
                continue;
            }
            start = (int)need;
            l->skipped = offset;
        }
        int cnt = live - start;
        if (n->limit >= 0 && cnt > n->limit - l->emitted)
            cnt = (int)(n->limit - l->emitted);
        if (cnt <= 0)
            continue;
        l->emitted += cnt;
        if (start == 0 && cnt == live) {
            *out = in;
            return EX_HAVE_OUTPUT;
        }
        const int *sel = in->sel ? in->sel + start : NULL;
        if (!sel) {
            int *s = eng_arena_alloc(op->barena, sizeof(int) * (size_t)cnt);
            if (!s) {
                eng_err_oom(ctx->err);
                return EX_ERROR;
            }
            for (int i = 0; i < cnt; i++)
                s[i] = start + i;
            sel = s;
        }
        eng_batch *b = exec_batch_select(op->barena, in, sel, cnt);
        if (!b) {
            eng_err_oom(ctx->err);
            return EX_ERROR;
        }
        *out = b;
        return EX_HAVE_OUTPUT;
    }
}

/* Starts counting the offset and the limit again over a restarted child. */
static eng_rc op_limit_rescan(exec_op *op)
{
    op_limit *l = (op_limit *)op;
    l->skipped = 0;
    l->emitted = 0;
    return exec_rescan(op->child[0]);
}

/* Nothing of its own to free; exec_end ends the child. */
static void op_limit_end(exec_op *op)
{
    (void)op;
}

static const exec_op_vt limit_vt = { op_limit_next, op_limit_rescan,
                                     op_limit_end, NULL };

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
