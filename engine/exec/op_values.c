/*
 * engine/exec/op_values.c
 *   Constant rows (PN_VALUES), emitted in batches of ENG_BATCH_CAP.
 * Interface: op_values_init, op_values_next, op_values_rescan, op_values_end
 *   (the last three through the vtable).
 * Not here: how the rows were computed (binder, constant folding).
 *
 * A value whose type differs from the column's (a NULL literal of unknown
 * type, an integer in a bigint column) is cast to the column type.
 */
#include "exec_int.h"

typedef struct op_values {
    exec_op base;
    int next_row;
} op_values;

/* Emits up to ENG_BATCH_CAP of the remaining rows. */
static exec_status op_values_next(exec_op *op, eng_batch **out)
{
    op_values *v = (op_values *)op;
    const plan_node *n = op->node;
    exec_ctx *ctx = op->ctx;
    if (v->next_row >= n->nrows)
        return EX_FINISHED;
    int cnt = n->nrows - v->next_row;
    if (cnt > ENG_BATCH_CAP)
        cnt = ENG_BATCH_CAP;
    eng_batch *b = exec_batch_new(op->barena, op->ncols, op->types, cnt);
    if (!b) {
        eng_err_oom(ctx->err);
        return EX_ERROR;
    }
    for (int r = 0; r < cnt; r++) {
        const eng_value *row = n->rows[v->next_row + r];
        for (int c = 0; c < op->ncols; c++) {
            const eng_value *val = &row[c];
            eng_value cv;
            if (val->is_null || val->type.id == ENG_T_UNKNOWN)
                continue;
            if (val->type.id != op->types[c].id ||
                (val->type.id == ENG_T_DECIMAL &&
                 val->type.scale != op->types[c].scale)) {
                if (eng_value_cast_zone(op->barena, val, op->types[c],
                                        sess_tz(ctx->conn), &cv,
                                        ctx->err) != ENG_OK)
                    return EX_ERROR;
                val = &cv;
            }
            exec_vec_set(&b->cols[c], r, val);
        }
    }
    b->nrows = cnt;
    v->next_row += cnt;
    *out = b;
    return EX_HAVE_OUTPUT;
}

/* Starts again from the first row. */
static eng_rc op_values_rescan(exec_op *op)
{
    ((op_values *)op)->next_row = 0;
    return ENG_OK;
}

/* The rows belong to the plan: nothing to free. */
static void op_values_end(exec_op *op)
{
    (void)op;
}

static const exec_op_vt values_vt = { op_values_next, op_values_rescan,
                                      op_values_end, NULL };

/* Creates the VALUES operator of node n. */
eng_rc op_values_init(exec_ctx *ctx, const plan_node *n, exec_op **out)
{
    exec_op *op = exec_op_alloc(ctx, n, &values_vt, sizeof(op_values));
    if (!op)
        return ENG_NOMEM;
    *out = op;
    return ENG_OK;
}
