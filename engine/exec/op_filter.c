/*
 * engine/exec/op_filter.c
 *   Filter: keeps the rows where the predicate is TRUE (FALSE and NULL
 *   are dropped), compacting them into the output batch.
 * Interface: op_filter_init.
 * Not here: expression evaluation (expr_eval.c).
 *
 * A batch where every row passes is handed up as is (zero copy); a batch
 * where none passes is skipped and the next one pulled.
 */
#include "exec_int.h"

typedef struct op_filter {
    exec_op base;
} op_filter;

/* Pulls child batches until one has a passing row. */
static exec_status filter_next(exec_op *op, eng_batch **out)
{
    exec_ctx *ctx = op->ctx;
    for (;;) {
        eng_batch *in;
        exec_status st = exec_next(op->child[0], &in);
        if (st != EX_HAVE_OUTPUT)
            return st;
        eng_arena_reset(op->barena);
        exec_eval x = { ctx, in, op->barena };
        eng_vector p;
        if (exec_eval_sel(&x, op->node->pred, NULL, in->nrows, &p) != ENG_OK)
            return EX_ERROR;
        int *sel = eng_arena_alloc(op->barena,
                                   sizeof(int) * (size_t)(in->nrows + 1));
        if (!sel) {
            eng_err_oom(ctx->err);
            return EX_ERROR;
        }
        int m = 0;
        if (p.type.id == ENG_T_BOOLEAN) {
            const uint8_t *d = p.data;
            for (int i = 0; i < in->nrows; i++)
                if (d[i] && eng_vec_is_valid(&p, i))
                    sel[m++] = i;
        }
        if (m == 0)
            continue;
        if (m == in->nrows) {
            *out = in;
            return EX_HAVE_OUTPUT;
        }
        eng_batch *b = exec_batch_shell(op->barena, in->ncols, m);
        if (!b) {
            eng_err_oom(ctx->err);
            return EX_ERROR;
        }
        for (int c = 0; c < in->ncols; c++)
            if (exec_vec_gather(op->barena, &in->cols[c], sel, m, &b->cols[c],
                              ctx->err) != ENG_OK)
                return EX_ERROR;
        *out = b;
        return EX_HAVE_OUTPUT;
    }
}

static const exec_op_vt filter_vt = { filter_next, NULL, NULL };

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
