/*
 * engine/exec/op_filter.c
 *   Vectorized filter: keeps the rows where the predicate is TRUE (FALSE
 *   and NULL are dropped) by narrowing the batch's selection vector; it
 *   never copies values.
 * Interface: op_filter_init, op_filter_next, op_filter_rescan,
 *   op_filter_end (the last three through the vtable).
 * Not here: expression evaluation (expr_eval.c).
 *
 * The predicate is evaluated only over the input's live rows. The output
 * is a new batch header over the child's very vectors whose selection
 * lists the surviving rows (exec_batch_select); a batch where every live
 * row passes is handed up as is, and one where none passes is skipped
 * and the next one pulled. The output shares the child's storage, which
 * is safe because the child only advances inside this operator's next.
 */
#include "exec_int.h"

typedef struct op_filter {
    exec_op base;
} op_filter;

/* Pulls child batches until one has a passing row; returns it narrowed. */
static exec_status op_filter_next(exec_op *op, eng_batch **out)
{
    exec_ctx *ctx = op->ctx;
    for (;;) {
        eng_batch *in;
        exec_status st = exec_next(op->child[0], &in);
        if (st != EX_HAVE_OUTPUT)
            return st;
        eng_arena_reset(op->barena);
        int n = eng_batch_count(in);
        if (n == 0)
            continue;
        exec_eval x = { ctx, in, op->barena };
        eng_vector p;
        if (exec_eval_sel(&x, op->node->pred, in->sel, n, &p) != ENG_OK)
            return EX_ERROR;
        int *sel = eng_arena_alloc(op->barena, sizeof(int) * (size_t)n);
        if (!sel) {
            eng_err_oom(ctx->err);
            return EX_ERROR;
        }
        int m = 0;
        if (p.type.id == ENG_T_BOOLEAN) {
            const uint8_t *d = p.data;
            for (int i = 0; i < n; i++)
                if (d[i] && eng_vec_is_valid(&p, i))
                    sel[m++] = eng_batch_row(in, i);
        }
        if (m == 0)
            continue;
        return exec_emit_rows(op, in, sel, m, n, out);
    }
}

/* A filter keeps no state between batches: only the child restarts. */
static eng_rc op_filter_rescan(exec_op *op)
{
    return exec_rescan(op->child[0]);
}

/* Nothing of its own to free; exec_end ends the child. */
static void op_filter_end(exec_op *op)
{
    (void)op;
}

static const exec_op_vt filter_vt = { op_filter_next, op_filter_rescan,
                                      op_filter_end, NULL };

/* Creates the filter of node n and its child. */
eng_rc op_filter_init(exec_ctx *ctx, const plan_node *n, exec_op **out)
{
    exec_op *op = exec_op_alloc(ctx, n, &filter_vt, sizeof(op_filter));
    if (!op)
        return ENG_NOMEM;
    eng_rc rc = exec_init_children(op);
    if (rc == ENG_OK)
        *out = op;
    return rc;
}
