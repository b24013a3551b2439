/*
 * engine/exec/op_union_all.c
 *   UNION ALL: every row of the left input, then every row of the right.
 * Interface: op_union_all_init.
 * Not here: UNION (DISTINCT over this, op_distinct.c).
 */
#include "exec_int.h"

typedef struct op_union_all {
    ex_op base;
    int side;                 /* 0 left, 1 right */
} op_union_all;

/* Forwards the current side's batches; moves to the right side (ending
 * the left one) when the left is finished. */
static ex_status union_next(ex_op *op, eng_batch **out)
{
    op_union_all *u = (op_union_all *)op;
    while (u->side < 2) {
        ex_status st = ex_next(op->child[u->side], out);
        if (st != EX_FINISHED)
            return st;
        ex_end(op->child[u->side]);
        u->side++;
    }
    return EX_FINISHED;
}

static const ex_op_vt union_vt = { union_next, NULL, NULL };

/* Creates the union of node n and its two inputs. */
eng_rc op_union_all_init(ex_ctx *ctx, const pl_node *n, ex_op **out)
{
    ex_op *op = ex_op_alloc(ctx, n, &union_vt, sizeof(op_union_all));
    if (!op)
        return ENG_NOMEM;
    eng_rc rc = ex_init_children(op);
    if (rc == ENG_OK)
        *out = op;
    return rc;
}
