/*
 * engine/exec/op_project.c
 *   Projection: one output column per expression over the child's batch.
 * Interface: op_project_init, op_project_next, op_project_rescan,
 *   op_project_end (the last three through the vtable).
 * Not here: expression evaluation (expr_eval.c).
 *
 * When every expression is a plain column reference whose type needs no
 * conversion (pruning, reordering, renaming), the output shares the
 * child's vectors and keeps its selection: nothing is copied. Otherwise
 * the expressions are evaluated over the live rows only (a computed
 * column must never be evaluated on a row a filter dropped) into a dense
 * batch in this operator's batch arena; column references then gather
 * the live rows, or alias the child's vector when the input is dense.
 */
#include "exec_int.h"

typedef struct op_project {
    exec_op base;
    bool colrefs;             /* every expression is a column reference */
} op_project;

/* True when every output column of op is a column of `in` that needs no
 * conversion to the output type (exec_eval_as would alias it). */
static bool all_bare(const exec_op *op, const eng_batch *in)
{
    for (int c = 0; c < op->ncols; c++) {
        const plan_expr *e = op->node->exprs[c];
        if (e->col < 0 || e->col >= in->ncols)
            return false;
        eng_type s = in->cols[e->col].type, t = op->types[c];
        if (s.id != t.id || (t.id == ENG_T_DECIMAL && s.scale != t.scale))
            return false;
    }
    return true;
}

/* Evaluates every expression over the child's next batch. */
static exec_status op_project_next(exec_op *op, eng_batch **out)
{
    op_project *p = (op_project *)op;
    exec_ctx *ctx = op->ctx;
    eng_batch *in;
    exec_status st = exec_next(op->child[0], &in);
    if (st != EX_HAVE_OUTPUT)
        return st;
    if (p->colrefs && all_bare(op, in)) {
        eng_batch *b = exec_batch_select(op->barena, in, in->sel, in->nsel);
        eng_vector *cols = eng_arena_alloc(op->barena, sizeof(eng_vector) *
                                           (size_t)(op->ncols + 1));
        if (!b || !cols) {
            eng_err_oom(ctx->err);
            return EX_ERROR;
        }
        for (int c = 0; c < op->ncols; c++) {
            cols[c] = in->cols[op->node->exprs[c]->col];
            cols[c].type = op->types[c];
        }
        b->cols = cols;
        b->ncols = op->ncols;
        *out = b;
        return EX_HAVE_OUTPUT;
    }
    int n = eng_batch_count(in);
    eng_batch *b = exec_batch_shell(op->barena, op->ncols, n);
    if (!b) {
        eng_err_oom(ctx->err);
        return EX_ERROR;
    }
    exec_eval x = { ctx, in, op->barena };
    for (int c = 0; c < op->ncols; c++) {
        if (exec_eval_as(&x, op->node->exprs[c], in->sel, n, op->types[c],
                         &b->cols[c]) != ENG_OK)
            return EX_ERROR;
    }
    *out = b;
    return EX_HAVE_OUTPUT;
}

/* A projection keeps no state between batches: only the child restarts. */
static eng_rc op_project_rescan(exec_op *op)
{
    return exec_rescan(op->child[0]);
}

/* Nothing of its own to free; exec_end ends the child. */
static void op_project_end(exec_op *op)
{
    (void)op;
}

static const exec_op_vt project_vt = { op_project_next, op_project_rescan,
                                       op_project_end, NULL };

/* Creates the projection of node n and its child. */
eng_rc op_project_init(exec_ctx *ctx, const plan_node *n, exec_op **out)
{
    op_project *p = (op_project *)exec_op_alloc(ctx, n, &project_vt,
                                                sizeof(op_project));
    if (!p)
        return ENG_NOMEM;
    eng_rc rc = exec_init_children(&p->base);
    if (rc != ENG_OK)
        return rc;
    p->colrefs = true;
    for (int i = 0; i < n->ncols; i++)
        if (n->exprs[i]->kind != PX_COLREF)
            p->colrefs = false;
    *out = &p->base;
    return ENG_OK;
}
