/*
 * engine/exec/op_groupid.c
 *   GROUPING SETS, ROLLUP and CUBE below a hash aggregate: every input row
 *   comes out once per grouping set, with the grouping keys of the set,
 *   NULL for the keys outside it, and the set's number, so that one
 *   PN_AGG grouping by (keys, set number) computes every set at once
 *   (Trino's GroupId operator).
 * Interface: op_groupid_init, op_groupid_next, op_groupid_rescan,
 *   op_groupid_end (the last three through the vtable).
 * Not here: expanding ROLLUP/CUBE into sets (parser/parse_group.c), the
 *   aggregation and grouping() (binder/bind_select.c, op_hash_agg.c).
 *
 * Output: the child's columns, then the ngroups keys, then the set number
 * (bigint). Streaming: for one input batch, the keys are evaluated once
 * over its live rows (into `karena`, which lives until the next input
 * batch) and the input's live rows made dense once; then one dense batch
 * per set shares those vectors, with an all-NULL vector for the keys the
 * set leaves out. The input batch stays valid while its sets are emitted,
 * because the child is only advanced from here.
 */
#include <string.h>
#include "exec_int.h"

typedef struct op_groupid {
    exec_op base;
    eng_arena *karena;        /* per input batch: keys, dense columns */
    eng_vector *cols;         /* child columns, dense (karena) */
    eng_vector *keys;         /* ngroups evaluated keys (karena) */
    eng_vector *nulls;        /* ngroups all-NULL vectors (karena) */
    int live;                 /* rows of the current input batch */
    int set;                  /* next set to emit; nsets: need input */
} op_groupid;

/* Reads the next non-empty input batch and prepares its vectors. */
static exec_status pull(op_groupid *g)
{
    exec_op *op = &g->base;
    exec_ctx *ctx = op->ctx;
    const plan_node *n = op->node;
    int nc = op->child[0]->ncols, live;
    eng_batch *b;
    exec_status st = exec_next_dense(op, g->karena, &b, &g->cols, &live);
    if (st != EX_HAVE_OUTPUT)
        return st;
    g->keys = eng_arena_alloc(g->karena, sizeof(eng_vector) * (size_t)(n->ngroups + 1));
    g->nulls = eng_arena_alloc(g->karena, sizeof(eng_vector) * (size_t)(n->ngroups + 1));
    if (!g->keys || !g->nulls) {
        eng_err_oom(ctx->err);
        return EX_ERROR;
    }
    exec_eval x = { ctx, b, g->karena };
    for (int k = 0; k < n->ngroups; k++)
        if (exec_eval_as(&x, n->groups[k], b->sel, live,
                         op->types[nc + k], &g->keys[k]) != ENG_OK ||
            exec_vec_alloc(g->karena, op->types[nc + k], live,
                           &g->nulls[k], ctx->err) != ENG_OK)
            return EX_ERROR;
    g->live = live;
    g->set = 0;
    return EX_HAVE_OUTPUT;
}

static exec_status op_groupid_next(exec_op *op, eng_batch **out)
{
    op_groupid *g = (op_groupid *)op;
    exec_ctx *ctx = op->ctx;
    const plan_node *n = op->node;
    int nc = op->child[0]->ncols;
    if (!g->karena && !(g->karena = eng_arena_create())) {
        eng_err_oom(ctx->err);
        return EX_ERROR;
    }
    if (g->set >= n->nsets) {
        exec_status st = pull(g);
        if (st != EX_HAVE_OUTPUT)
            return st;
    }
    eng_batch *b = exec_batch_shell(op->barena, op->ncols, g->live);
    if (!b) {
        eng_err_oom(ctx->err);
        return EX_ERROR;
    }
    for (int c = 0; c < nc; c++)
        b->cols[c] = g->cols[c];
    uint64_t mask = n->gset_masks[g->set];
    for (int k = 0; k < n->ngroups; k++)
        b->cols[nc + k] = (mask >> k & 1) ? g->keys[k] : g->nulls[k];
    eng_vector *id = &b->cols[nc + n->ngroups];
    if (exec_vec_alloc(op->barena, eng_type_make(ENG_T_BIGINT), g->live, id,
                       ctx->err) != ENG_OK)
        return EX_ERROR;
    eng_value v = { .type = eng_type_make(ENG_T_BIGINT) };
    v.u.i = g->set;
    for (int i = 0; i < g->live; i++)
        exec_vec_set(id, i, &v);
    g->set++;
    *out = b;
    return EX_HAVE_OUTPUT;
}

/* Frees the per-batch vectors; the next call reads a new input batch. */
static void op_groupid_end(exec_op *op)
{
    op_groupid *g = (op_groupid *)op;
    eng_arena_destroy(g->karena);
    g->karena = NULL;
    g->set = op->node->nsets;
    g->live = 0;
}

/* Forgets the current input batch and restarts the child. */
static eng_rc op_groupid_rescan(exec_op *op)
{
    op_groupid_end(op);
    return exec_rescan(op->child[0]);
}

static const exec_op_vt groupid_vt = { op_groupid_next, op_groupid_rescan,
                                       op_groupid_end, NULL };

eng_rc op_groupid_init(exec_ctx *ctx, const plan_node *n, exec_op **out)
{
    op_groupid *g = (op_groupid *)exec_op_alloc(ctx, n, &groupid_vt,
                                                sizeof(op_groupid));
    if (!g)
        return ENG_NOMEM;
    g->set = n->nsets;
    eng_rc rc = exec_init_children(&g->base);
    if (rc == ENG_OK)
        *out = &g->base;
    return rc;
}
