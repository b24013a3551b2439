/*
 * engine/binder/bind_subquery.c
 *   Subqueries in expressions: EXISTS, scalar (SELECT ...), x [NOT] IN
 *   (SELECT ...), x op ANY|SOME|ALL (SELECT ...), and the outer (correlated)
 *   column references inside them.
 * Interface: bind_subquery, bind_outer_column.
 * Not here: turning them into joins (planner/), the FROM clause's derived
 *   tables (bind.c).
 *
 * A subquery expression becomes one PX_SUBQUERY node (plan.h) holding the
 * subquery's bound plan. A column the subquery cannot resolve in its own
 * scopes is looked up in the enclosing queries (bctx.outer, innermost
 * first); found k levels up, it becomes PX_OUTER_REF(i), where i indexes
 * the correlation arguments of the PX_SUBQUERY one level up, and that
 * argument is the column itself (k = 1) or, recursively, an outer
 * reference of the enclosing subquery (k > 1). So every PX_SUBQUERY
 * carries, as ordinary arguments, the outer values its plan reads:
 * grouping (a correlated column must be grouped), pruning and pushdown see
 * them like any other operand, and nothing has to look inside a subquery
 * plan to renumber it.
 *
 * IN and ANY/SOME are PSQ_ANY with the comparison; NOT IN and ALL are
 * PX_NOT over PSQ_ANY with the negated comparison (x > ALL s is
 * NOT (x <= ANY s), which holds under three-valued logic too).
 */
#include <string.h>
#include "bind_int.h"

/* Index of v in lv->corr, adding it when absent. -1 on OOM. */
static int add_corr(bctx *b, bouter *lv, plan_expr *v)
{
    for (int i = 0; i < lv->ncorr; i++)
        if (bind_expr_equal(lv->corr[i], v))
            return i;
    if (lv->ncorr == lv->cap &&
        !eng_array_grow(b->a, &lv->corr, &lv->cap, lv->ncorr + 1,
                        sizeof *lv->corr)) {
        eng_err_oom(b->err);
        return -1;
    }
    lv->corr[lv->ncorr] = v;
    return lv->ncorr++;
}

/*
 * The value of column `col` of the scope k levels up (k >= 1, level 1 =
 * lv), as an expression valid inside the subquery lv encloses: an outer
 * reference to a correlation argument of lv, registered on the way.
 */
static eng_rc outer_value(bctx *b, bouter *lv, int k, int col, eng_type t,
                          int pos, plan_expr **out)
{
    plan_expr *v;
    if (k == 1) {
        if (!(v = bind_new(b, PX_COLREF, t, pos)))
            return eng_err_oom(b->err);
        v->col = col;
    } else {
        eng_rc rc = outer_value(b, lv->up, k - 1, col, t, pos, &v);
        if (rc)
            return rc;
    }
    int i = add_corr(b, lv, v);
    if (i < 0)
        return ENG_NOMEM;
    plan_expr *r = bind_new(b, PX_OUTER_REF, t, pos);
    if (!r)
        return eng_err_oom(b->err);
    r->param = i;
    *out = r;
    return ENG_OK;
}

/*
 * Called when column n is not in x->scope (42703 already in the error):
 * looks it up in the enclosing queries' scopes, innermost first. Found,
 * the error is cleared and *out is the outer reference. Otherwise the
 * 42703 stays (or 42702 when an enclosing scope has it twice).
 */
eng_rc bind_outer_column(bexpr_ctx *x, const ast_name *n, plan_expr **out)
{
    bctx *b = x->b;
    eng_error saved = *b->err;
    int k = 1;
    for (bouter *lv = b->outer; lv; lv = lv->up, k++) {
        int col;
        eng_rc rc = bind_resolve_column(b, lv->scope, n, &col);
        if (rc == ENG_OK) {
            eng_err_clear(b->err);
            return outer_value(b, b->outer, k, col, lv->scope->cols[col].type,
                               n->pos, out);
        }
        if (strcmp(b->err->sqlstate, ENG_ERR_UNDEFINED_COLUMN) != 0)
            return rc;
    }
    *b->err = saved;
    return ENG_ERROR;
}

/* The comparison op with its operands swapped by negation: NOT (a op b)
 * is a neg(op) b. */
static ast_op negate_op(ast_op op)
{
    switch (op) {
    case AOP_EQ: return AOP_NE;
    case AOP_NE: return AOP_EQ;
    case AOP_LT: return AOP_GE;
    case AOP_LE: return AOP_GT;
    case AOP_GT: return AOP_LE;
    default: return AOP_LT;   /* AOP_GE */
    }
}

/* AST comparison -> plan comparison. */
static plan_op cmp_op(ast_op op)
{
    switch (op) {
    case AOP_EQ: return PO_EQ;
    case AOP_NE: return PO_NE;
    case AOP_LT: return PO_LT;
    case AOP_LE: return PO_LE;
    case AOP_GT: return PO_GT;
    default: return PO_GE;
    }
}

/* PX_NOT over e. */
static eng_rc wrap_not(bctx *b, plan_expr *e, plan_expr **out)
{
    plan_expr *n = bind_new(b, PX_NOT, eng_type_make(ENG_T_BOOLEAN), e->pos);
    if (!n || bind_args(b, n, 1))
        return eng_err_oom(b->err);
    n->args[0] = e;
    *out = n;
    return ENG_OK;
}

/*
 * For PSQ_ANY: coerces the tested operand and the subquery's column to
 * their common type (42804 when there is none), the way a comparison
 * would; the subquery gets a projection when its column must change.
 */
static eng_rc unify_any(bctx *b, ast_op op, plan_expr **test, brel *rel,
                        int pos)
{
    plan_expr *col = bind_new(b, PX_COLREF, rel->plan->types[0], pos);
    plan_expr *cmp;
    if (!col)
        return eng_err_oom(b->err);
    col->col = 0;
    eng_rc rc = bind_compare(b, op, *test, col, pos, &cmp);
    if (rc)
        return rc;
    *test = cmp->args[0];
    plan_expr *r = cmp->args[1];
    if (r == col)
        return ENG_OK;
    plan_expr **ex = eng_arena_calloc(b->a, sizeof *ex);
    if (!ex)
        return eng_err_oom(b->err);
    ex[0] = r;
    plan_node *p = bind_project(b, rel->plan, 1, ex, rel->plan->names);
    if (!p)
        return ENG_NOMEM;
    rel->plan = p;
    return ENG_OK;
}

/*
 * Binds a subquery expression (AE_SUBQUERY, AE_EXISTS, AE_IN_SUBQUERY,
 * AE_QUANTIFIED) over x->scope into a PX_SUBQUERY (under a PX_NOT for NOT
 * IN and ALL). Errors: 42000 when a scalar, IN or quantified subquery has
 * more than one column (Trino: "Multiple columns returned by subquery
 * are not yet supported"), 42804 for incomparable IN / ANY operands, and
 * whatever binding the subquery's query reports.
 */
eng_rc bind_subquery(bexpr_ctx *x, const ast_expr *e, plan_expr **out)
{
    bctx *b = x->b;
    plan_expr *test = NULL;
    eng_rc rc;
    bool tested = e->kind == AE_IN_SUBQUERY || e->kind == AE_QUANTIFIED;
    if (tested && (rc = bind_expr(x, e->args[0], &test)))
        return rc;

    bouter lv = { .scope = x->scope, .up = b->outer };
    brel rel;
    b->outer = &lv;
    rc = bind_query(b, e->subquery, &rel);
    b->outer = lv.up;
    if (rc)
        return rc;
    if (e->kind != AE_EXISTS && rel.ncols != 1)
        return eng_err_set(b->err, ENG_ERR_SYNTAX_ERROR, e->pos,
                           "Multiple columns returned by subquery are not "
                           "yet supported. Found %d", rel.ncols);

    plan_subquery *q = eng_arena_calloc(b->a, sizeof *q);
    if (!q)
        return eng_err_oom(b->err);
    eng_type t = eng_type_make(ENG_T_BOOLEAN);
    ast_op op = AOP_EQ;
    bool negate = false;
    switch (e->kind) {
    case AE_EXISTS:
        q->kind = PSQ_EXISTS;
        break;
    case AE_SUBQUERY:
        q->kind = PSQ_SCALAR;
        t = rel.plan->types[0];
        break;
    default:
        q->kind = PSQ_ANY;
        q->ntest = 1;
        if (e->kind == AE_IN_SUBQUERY) {
            negate = e->negated;          /* NOT (x = ANY s) */
        } else {
            op = e->op;
            negate = e->quant_all;        /* NOT (x neg(op) ANY s) */
            if (negate)
                op = negate_op(op);
        }
        if ((rc = unify_any(b, op, &test, &rel, e->pos)))
            return rc;
        q->op = cmp_op(op);
        break;
    }
    q->plan = rel.plan;

    plan_expr *s = bind_new(b, PX_SUBQUERY, t, e->pos);
    if (!s || bind_args(b, s, q->ntest + lv.ncorr))
        return eng_err_oom(b->err);
    s->subq = q;
    if (q->ntest)
        s->args[0] = test;
    for (int i = 0; i < lv.ncorr; i++)
        s->args[q->ntest + i] = lv.corr[i];
    if (negate)
        return wrap_not(b, s, out);
    *out = s;
    return ENG_OK;
}
