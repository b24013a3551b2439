/*
 * engine/exec/op_project.c
 *   Projection: one output column per expression over the child's batch.
 * Interface: op_project_init.
 * Not here: expression evaluation (expr_eval.c).
 *
 * Column references share the child's vectors (zero copy); computed
 * columns live in this operator's batch arena.
 */
#include "exec_int.h"

typedef struct op_project {
    exec_op base;
} op_project;

/* Evaluates every expression over the child's next batch. */
static exec_status project_next(exec_op *op, eng_batch **out)
{
    exec_ctx *ctx = op->ctx;
    eng_batch *in;
    exec_status st = exec_next(op->child[0], &in);
    if (st != EX_HAVE_OUTPUT)
        return st;
    eng_batch *b = exec_batch_shell(op->barena, op->ncols, in->nrows);
    if (!b) {
        eng_err_oom(ctx->err);
        return EX_ERROR;
    }
    exec_eval x = { ctx, in, op->barena };
    for (int c = 0; c < op->ncols; c++) {
        if (exec_eval_as(&x, op->node->exprs[c], NULL, in->nrows, op->types[c],
                       &b->cols[c]) != ENG_OK)
            return EX_ERROR;
    }
    *out = b;
    return EX_HAVE_OUTPUT;
}

static const exec_op_vt project_vt = { project_next, NULL, NULL };

/* Creates the projection of node n and its child. */
eng_rc op_project_init(exec_ctx *ctx, const plan_node *n, exec_op **out)
{
    exec_op *op = exec_op_alloc(ctx, n, &project_vt, sizeof(op_project));
    if (!op)
        return ENG_NOMEM;
    eng_rc rc = exec_init_children(op);
    if (rc == ENG_OK)
        *out = op;
    return rc;
}
