/*
 * engine/exec/op_union_all.c
 *   UNION ALL: every row of the left input, then every row of the right.
 * Interface: op_union_all_init, op_union_all_next, op_union_all_rescan,
 *   op_union_all_end (the last three through the vtable).
 * Not here: UNION (DISTINCT over this, op_distinct.c).
 *
 * Batches pass through untouched, selection vectors included.
 */
#include "exec_int.h"

typedef struct op_union_all {
    exec_op base;
    int side;                 /* 0 left, 1 right, 2 done */
} op_union_all;

/* Forwards the current side's batches; moves to the right side (ending
 * the left one) when the left is finished. */
static exec_status op_union_all_next(exec_op *op, eng_batch **out)
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

/* Starts again from the left input; both inputs restart (an input this
 * operator ended comes back to life through exec_rescan). */
static eng_rc op_union_all_rescan(exec_op *op)
{
    op_union_all *u = (op_union_all *)op;
    u->side = 0;
    eng_rc rc = exec_rescan(op->child[0]);
    if (rc == ENG_OK)
        rc = exec_rescan(op->child[1]);
    return rc;
}

/* Nothing of its own to free; exec_end ends both inputs. */
static void op_union_all_end(exec_op *op)
{
    (void)op;
}

static const exec_op_vt union_vt = { op_union_all_next, op_union_all_rescan,
                                     op_union_all_end, NULL };

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
