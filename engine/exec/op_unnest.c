/*
 * engine/exec/op_unnest.c
 *   UNNEST: each input row comes out once per array element, with the
 *   element of every array (NULL past a shorter array's end) and, WITH
 *   ORDINALITY, the element's number from 1.
 * Interface: op_unnest_init, op_unnest_next, op_unnest_rescan,
 *   op_unnest_end (the last three through the vtable).
 * Not here: which arrays exist and their element types (binder/bind.c,
 *   plan.h's PN_UNNEST), arrays as values (there is no array type).
 *
 * Output: the child's columns, then one column per array, then the
 * ordinality (bigint). Streaming, row by row: for one input batch the
 * len * narr element expressions are evaluated once over its live rows
 * (into `karena`, which lives until the next input batch), then output
 * batches of at most ENG_BATCH_CAP rows walk (row, element) pairs in
 * order, so a row's elements come out together and in array order, as
 * Trino gives them. The input batch stays valid meanwhile, because the
 * child is only advanced from here.
 */
#include <string.h>
#include "exec_int.h"

typedef struct op_unnest {
    exec_op base;
    eng_arena *karena;        /* per input batch: elements, dense columns */
    eng_vector *cols;         /* child columns, dense (karena) */
    eng_vector *elems;        /* len * narr evaluated elements (karena) */
    int live;                 /* rows of the current input batch */
    int64_t next;             /* next (row * len + element) to emit */
    int vrow, vj;             /* unnest_values: next row, next element */
} op_unnest;

/* Reads the next non-empty input batch and evaluates its elements. */
static exec_status pull(op_unnest *u)
{
    exec_op *op = &u->base;
    exec_ctx *ctx = op->ctx;
    const plan_node *n = op->node;
    int nc = op->child[0]->ncols, live;
    eng_batch *b;
    exec_status st = exec_next_dense(op, u->karena, &b, &u->cols, &live);
    if (st != EX_HAVE_OUTPUT)
        return st;
    u->elems = eng_arena_alloc(u->karena, sizeof(eng_vector) *
                                          (size_t)(n->ngroups + 1));
    if (!u->elems) {
        eng_err_oom(ctx->err);
        return EX_ERROR;
    }
    exec_eval x = { ctx, b, u->karena };
    for (int k = 0; n->unnest_values && k < n->ngroups; k++)
        if (exec_eval_sel(&x, n->groups[k], b->sel, live,
                          &u->elems[k]) != ENG_OK)
            return EX_ERROR;
    for (int k = 0; !n->unnest_values && k < n->ngroups; k++)
        if (exec_eval_as(&x, n->groups[k], b->sel, live,
                         op->types[nc + k % n->unnest_narr],
                         &u->elems[k]) != ENG_OK)
            return EX_ERROR;
    u->live = live;
    u->next = 0;
    u->vrow = u->vj = 0;
    return EX_HAVE_OUTPUT;
}

/* Elements of the longest of row r's arrays (NULL arrays have none). */
static uint32_t row_len(const op_unnest *u, int r)
{
    uint32_t m = 0;
    for (int a = 0; a < u->base.node->unnest_narr; a++) {
        const eng_vector *v = &u->elems[a];
        if (v->type.id == ENG_T_ARRAY && eng_vec_is_valid(v, r) &&
            ((const eng_arr *)v->data)[r].n > m)
            m = ((const eng_arr *)v->data)[r].n;
    }
    return m;
}

/* next for unnest_values: up to a batch of (row, element) pairs. */
static exec_status next_values(op_unnest *u, eng_batch **out)
{
    exec_op *op = &u->base;
    exec_ctx *ctx = op->ctx;
    const plan_node *n = op->node;
    int nc = op->child[0]->ncols, na = n->unnest_narr;
    int *rows = eng_arena_alloc(op->barena, sizeof(int) * ENG_BATCH_CAP);
    int *js = eng_arena_alloc(op->barena, sizeof(int) * ENG_BATCH_CAP);
    if (!rows || !js) {
        eng_err_oom(ctx->err);
        return EX_ERROR;
    }
    int m = 0;
    while (m == 0) {
        if (u->vrow >= u->live) {
            exec_status st = pull(u);
            if (st != EX_HAVE_OUTPUT)
                return st;
        }
        while (m < ENG_BATCH_CAP && u->vrow < u->live) {
            if ((uint32_t)u->vj >= row_len(u, u->vrow)) {
                u->vrow++;
                u->vj = 0;
                continue;
            }
            rows[m] = u->vrow;
            js[m++] = u->vj++;
        }
    }
    eng_batch *b = exec_batch_shell(op->barena, op->ncols, m);
    if (!b) {
        eng_err_oom(ctx->err);
        return EX_ERROR;
    }
    for (int c = 0; c < nc; c++)
        if (exec_vec_gather(op->barena, &u->cols[c], rows, m, &b->cols[c],
                            ctx->err) != ENG_OK)
            return EX_ERROR;
    for (int a = 0; a < na; a++) {
        eng_vector *v = &b->cols[nc + a];
        const eng_vector *av = &u->elems[a];
        if (exec_vec_alloc(op->barena, op->types[nc + a], m, v,
                           ctx->err) != ENG_OK)
            return EX_ERROR;
        for (int i = 0; i < m; i++) {
            eng_vector ev;
            if (av->type.id != ENG_T_ARRAY || !eng_vec_is_valid(av, rows[i]))
                continue;
            eng_arr x = ((const eng_arr *)av->data)[rows[i]];
            eng_arr_view(op->types[nc + a], x, &ev);
            if ((uint32_t)js[i] < x.n && ev.type.id != ENG_T_UNKNOWN)
                exec_vec_copy_elem(v, i, &ev, js[i]);
        }
    }
    if (n->unnest_ordinality) {
        eng_vector *v = &b->cols[nc + na];
        if (exec_vec_alloc(op->barena, eng_type_make(ENG_T_BIGINT), m, v,
                           ctx->err) != ENG_OK)
            return EX_ERROR;
        for (int i = 0; i < m; i++) {
            ((int64_t *)v->data)[i] = js[i] + 1;
            eng_vec_set_valid(v, i, true);
        }
    }
    *out = b;
    return EX_HAVE_OUTPUT;
}

static exec_status op_unnest_next(exec_op *op, eng_batch **out)
{
    op_unnest *u = (op_unnest *)op;
    exec_ctx *ctx = op->ctx;
    const plan_node *n = op->node;
    int nc = op->child[0]->ncols, na = n->unnest_narr, len = n->unnest_len;
    if (len == 0 && !n->unnest_values) {  /* UNNEST(ARRAY[]): no rows */
        return EX_FINISHED;
    }
    if (!u->karena && !(u->karena = eng_arena_create())) {
        eng_err_oom(ctx->err);
        return EX_ERROR;
    }
    if (n->unnest_values)
        return next_values(u, out);
    if (u->next >= (int64_t)u->live * len) {
        exec_status st = pull(u);
        if (st != EX_HAVE_OUTPUT)
            return st;
    }
    int64_t left = (int64_t)u->live * len - u->next;
    int m = left < ENG_BATCH_CAP ? (int)left : ENG_BATCH_CAP;
    eng_batch *b = exec_batch_shell(op->barena, op->ncols, m);
    int *rows = eng_arena_alloc(op->barena, sizeof(int) * (size_t)m);
    if (!b || !rows) {
        eng_err_oom(ctx->err);
        return EX_ERROR;
    }
    for (int i = 0; i < m; i++)
        rows[i] = (int)((u->next + i) / len);
    for (int c = 0; c < nc; c++)
        if (exec_vec_gather(op->barena, &u->cols[c], rows, m, &b->cols[c],
                            ctx->err) != ENG_OK)
            return EX_ERROR;
    for (int a = 0; a < na; a++) {
        eng_vector *v = &b->cols[nc + a];
        if (exec_vec_alloc(op->barena, op->types[nc + a], m, v,
                           ctx->err) != ENG_OK)
            return EX_ERROR;
        for (int i = 0; i < m; i++) {
            int j = (int)((u->next + i) % len);
            const eng_vector *e = &u->elems[j * na + a];
            if (e->type.id == ENG_T_UNKNOWN || !eng_vec_is_valid(e, rows[i]))
                eng_vec_set_valid(v, i, false);
            else
                exec_vec_copy_elem(v, i, e, rows[i]);
        }
    }
    if (n->unnest_ordinality) {
        eng_vector *v = &b->cols[nc + na];
        if (exec_vec_alloc(op->barena, eng_type_make(ENG_T_BIGINT), m, v,
                           ctx->err) != ENG_OK)
            return EX_ERROR;
        for (int i = 0; i < m; i++) {
            ((int64_t *)v->data)[i] = (u->next + i) % len + 1;
            eng_vec_set_valid(v, i, true);
        }
    }
    u->next += m;
    *out = b;
    return EX_HAVE_OUTPUT;
}

/* Frees the per-batch vectors; the next call reads a new input batch. */
static void op_unnest_end(exec_op *op)
{
    op_unnest *u = (op_unnest *)op;
    eng_arena_destroy(u->karena);
    u->karena = NULL;
    u->live = 0;
    u->next = 0;
    u->vrow = u->vj = 0;
}

/* Forgets the current input batch and restarts the child. */
static eng_rc op_unnest_rescan(exec_op *op)
{
    op_unnest_end(op);
    return exec_rescan(op->child[0]);
}

static const exec_op_vt unnest_vt = { op_unnest_next, op_unnest_rescan,
                                      op_unnest_end, NULL };

eng_rc op_unnest_init(exec_ctx *ctx, const plan_node *n, exec_op **out)
{
    op_unnest *u = (op_unnest *)exec_op_alloc(ctx, n, &unnest_vt,
                                              sizeof(op_unnest));
    if (!u)
        return ENG_NOMEM;
    eng_rc rc = exec_init_children(&u->base);
    if (rc == ENG_OK)
        *out = &u->base;
    return rc;
}
