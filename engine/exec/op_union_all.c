/*
 * engine/exec/op_union_all.c
 *   UNION ALL: every row of the left input, then every row of the right.
 * Interface: op_union_all_init.
 * Not here: UNION (DISTINCT over this, op_distinct.c).
 */
#include "exec_int.h"

typedef struct op_union_all {
    exec_op base;
    int side;                 /* 0 left, 1 right */
} op_union_all;

/* Forwards the current side's batches; moves to the right side (ending
 * the left one) when the left is finished. */
static exec_status union_next(exec_op *op, eng_batch **out)
{
    op_union_all *u = (op_union_all *)op;
    while (u->side < 2) {
        exec_status st = exec_next(op->child[u->side], out);
        if (st != EX_FINISHED)
            return st;
        exec_end(op->child[u->side]);
        u->side++;
    }
    return EX_FINISHED;
}

static const exec_op_vt union_vt = { union_next, NULL, NULL };

/* Creates the union of node n and its two inputs. */
eng_rc op_union_all_init(exec_ctx *ctx, const plan_node *n, exec_op **out)
{
    exec_op *op = exec_op_alloc(ctx, n, &union_vt, sizeof(op_union_all));
    if (!op)
        return ENG_NOMEM;
    eng_rc rc = exec_init_children(op);
    if (rc == ENG_OK)
        *out = op;
    return rc;
}
