/*
 * engine/binder/bind_group.c
 *   grouping(a, b, ...): which of its arguments a result row's grouping
 *   set rolled up, as a bigint bit set (Trino: the rightmost argument is
 *   the lowest bit; a bit is 1 when that key is not in the row's set).
 * Interface: bind_grouping_call.
 * Not here: GROUP BY and the grouping sets themselves (bind_select.c,
 *   parser/parse_group.c), the GroupId operator (exec/op_groupid.c).
 *
 * Each argument must be one of the GROUP BY expressions. With a plain
 * GROUP BY every key is in every row's set, so grouping() is 0. With
 * grouping sets it is a CASE over the row's set number (a BND_GID_COL
 * marker that bind_select.c maps onto the aggregate's set column), one
 * constant per set, computed here.
 */
#include <string.h>
#include "bind_int.h"

/* A bigint constant v at pos. */
static plan_expr *bigint_const(bctx *b, int64_t v, int pos)
{
    eng_value val;
    memset(&val, 0, sizeof val);
    val.type = eng_type_make(ENG_T_BIGINT);
    val.u.i = v;
    plan_expr *c = bind_new(b, PX_CONST, val.type, pos);
    if (c)
        c->value = val;
    return c;
}

eng_rc bind_grouping_call(bexpr_ctx *x, const ast_expr *e, plan_expr **out)
{
    bctx *b = x->b;
    const bgroup_info *gi = x->grouping;
    if (!gi || x->mode != BM_AGG)
        return eng_err_set(b->err, ENG_ERR_GROUPING_ERROR, e->pos,
                           "%s cannot contain grouping operations",
                           x->clause ? x->clause : "This clause");
    /* Trino 476 resolves ORDER BY against the select list's outputs and
     * refuses grouping() there (INVALID_ARGUMENTS, which the Trino
     * connector maps to 42803) */
    if (x->clause && !strcmp(x->clause, "ORDER BY clause"))
        return eng_err_set(b->err, ENG_ERR_GROUPING_ERROR, e->pos,
                           "Invalid reference to output of SELECT clause "
                           "from grouping() expression in ORDER BY");
    if (e->star || e->distinct || e->nargs < 1 || e->nargs > 62)
        return eng_err_set(b->err, ENG_ERR_UNDEFINED_FUNCTION, e->pos,
                           "grouping takes 1 to 62 GROUP BY expressions");
    int *key = eng_arena_alloc(b->a, sizeof(int) * (size_t)e->nargs);
    if (!key)
        return eng_err_oom(b->err);
    bexpr_ctx sub = *x;
    sub.mode = BM_PLAIN;
    sub.wins = NULL;
    sub.clause = "GROUPING argument";
    for (int i = 0; i < e->nargs; i++) {
        plan_expr *a;
        eng_rc rc = bind_expr(&sub, e->args[i], &a);
        if (rc)
            return rc;
        key[i] = -1;
        for (int g = 0; g < gi->ngroups && key[i] < 0; g++)
            if (bind_expr_equal(a, gi->groups[g]))
                key[i] = g;
        if (key[i] < 0)
            return eng_err_set(b->err, ENG_ERR_GROUPING_ERROR, e->args[i]->pos,
                               "GROUPING argument must be an expression of "
                               "the GROUP BY clause");
    }
    if (gi->nsets == 0) {
        *out = bigint_const(b, 0, e->pos);
        return *out ? ENG_OK : eng_err_oom(b->err);
    }
    /* CASE WHEN set = 0 THEN m0 WHEN set = 1 THEN m1 ... END */
    plan_expr *c = bind_new(b, PX_CASE, eng_type_make(ENG_T_BIGINT), e->pos);
    if (!c || bind_args(b, c, 2 * gi->nsets))
        return eng_err_oom(b->err);
    for (int s = 0; s < gi->nsets; s++) {
        int64_t m = 0;
        for (int i = 0; i < e->nargs; i++)
            m = (m << 1) | !(gi->masks[s] >> key[i] & 1);
        plan_expr *id = bind_new(b, PX_COLREF, eng_type_make(ENG_T_BIGINT), e->pos);
        plan_expr *sv = bigint_const(b, s, e->pos);
        plan_expr *mv = bigint_const(b, m, e->pos);
        if (!id || !sv || !mv)
            return eng_err_oom(b->err);
        id->col = BND_GID_COL;
        eng_rc rc = bind_compare(b, AOP_EQ, id, sv, e->pos, &c->args[2 * s]);
        if (rc)
            return rc;
        c->args[2 * s + 1] = mv;
    }
    *out = c;
    return ENG_OK;
}
