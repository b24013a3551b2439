/*
 * engine/exec/op_sort.c
 *   Full sort: materializes the child (its columns plus the evaluated sort
 *   keys) in a chunked row store, sorts row ids with a stable merge sort,
 *   and emits the rows in batches of ENG_BATCH_CAP.
 * Interface: op_sort_init, op_sort_next, op_sort_rescan, op_sort_end (the
 *   last three through the vtable).
 * Not here: top-N (LIMIT over SORT is a plain limit above this).
 *
 * Each key is ASC or DESC with NULLS FIRST or LAST as the node says (the
 * binder resolved Trino's default, NULLS LAST); DESC reverses values only,
 * never where NULLs go. Varchar compares bytes, NaN sorts above numbers.
 * Only the input's live rows are stored (keys evaluated over them alone).
 * A rescan drops the sorted rows and reads the child again.
 */
#include <string.h>
#include "exec_int.h"

typedef struct op_sort {
    exec_op base;
    exec_rowstore rows;         /* child columns, then key columns */
    eng_type *types;          /* the store's column types (ctx->arena) */
    int64_t *order;           /* sorted row ids (eng_malloc) */
    int64_t pos;
    bool sorted;
} op_sort;

/* Orders row ids a and b by the sort keys; ties keep input order. */
static int cmp_rows(const void *ctx, int64_t a, int64_t b)
{
    const op_sort *s = ctx;
    const plan_node *n = s->base.node;
    int c = exec_rs_cmp_keys(&s->rows, a, b, s->base.ncols, n->nsort,
                             n->sort_desc, n->sort_nulls_first);
    return c ? c : (a < b ? -1 : a > b);
}

/* Reads the child into the store and sorts the row ids. */
static eng_rc materialize(op_sort *s)
{
    exec_op *op = &s->base;
    const plan_node *n = op->node;
    eng_rc rc = exec_rs_init(&s->rows, op->ncols + n->nsort, s->types,
                             op->ctx->err);
    if (rc == ENG_OK)
        rc = exec_rs_account(&s->rows, op->ctx, "ORDER BY sort");
    if (rc == ENG_OK)
        rc = exec_rs_fill(op, &s->rows, (const plan_expr *const *)n->sort_keys,
                          n->nsort);
    if (rc == ENG_OK)
        rc = exec_rs_sort(op->ctx, &s->rows, cmp_rows, s, &s->order);
    return rc;
}

static exec_status op_sort_next(exec_op *op, eng_batch **out)
{
    op_sort *s = (op_sort *)op;
    exec_ctx *ctx = op->ctx;
    if (!s->sorted) {
        s->sorted = true;
        if (materialize(s) != ENG_OK)
            return EX_ERROR;
    }
    if (s->pos >= s->rows.nrows)
        return EX_FINISHED;
    int m = (int)(s->rows.nrows - s->pos < ENG_BATCH_CAP
                      ? s->rows.nrows - s->pos : ENG_BATCH_CAP);
    eng_batch *b = exec_batch_shell(op->barena, op->ncols, m);
    if (!b) {
        eng_err_oom(ctx->err);
        return EX_ERROR;
    }
    for (int c = 0; c < op->ncols; c++)
        if (exec_rs_gather(&s->rows, c, s->order + s->pos, m, op->barena,
                         &b->cols[c], ctx->err) != ENG_OK)
            return EX_ERROR;
    s->pos += m;
    *out = b;
    return EX_HAVE_OUTPUT;
}

/* Frees the sorted rows; the next call sorts the input again. */
static void op_sort_end(exec_op *op)
{
    op_sort *s = (op_sort *)op;
    eng_free(s->order);
    s->order = NULL;
    exec_rs_free(&s->rows);
    s->sorted = false;
    s->pos = 0;
}

/* Drops the sorted rows and restarts the child: the input is read and
 * sorted again on the next call. */
static eng_rc op_sort_rescan(exec_op *op)
{
    op_sort_end(op);
    return exec_rescan(op->child[0]);
}

static const exec_op_vt sort_vt = { op_sort_next, op_sort_rescan, op_sort_end,
                                    NULL };

/* Creates the sort of node n and its child; the store's column types are
 * fixed here, once per execution, so rescans allocate nothing in
 * ctx->arena. */
eng_rc op_sort_init(exec_ctx *ctx, const plan_node *n, exec_op **out)
{
    op_sort *s = (op_sort *)exec_op_alloc(ctx, n, &sort_vt, sizeof(op_sort));
    if (!s)
        return ENG_NOMEM;
    exec_op *op = &s->base;
    int nc = op->ncols + n->nsort;
    s->types = eng_arena_alloc(ctx->arena, sizeof(eng_type) * (size_t)(nc + 1));
    if (!s->types) {
        exec_end(op);
        return eng_err_oom(ctx->err);
    }
    for (int c = 0; c < op->ncols; c++)
        s->types[c] = op->types[c];
    for (int k = 0; k < n->nsort; k++)
        s->types[op->ncols + k] = n->sort_keys[k]->type;
    eng_rc rc = exec_init_children(op);
    if (rc == ENG_OK)
        *out = op;
    return rc;
}
