/*
 * engine/optimizer/pushdown.c
 *   Predicate pushdown: WHERE/ON conjuncts travel down through projects,
 *   filters, sorts, unions, group keys and joins to the scans, where the
 *   catalog's whitelist (ops->shippable) decides what runs remotely.
 *   Equi-join keys are extracted from join conditions on the way.
 * Interface: opt_pushdown, opt_join_keys.
 * Not here: column pruning (prune.c), deparsing (connector/pg/).
 *
 * Outer joins: a conjunct never moves below the null-supplying side of
 * an outer join when that could change the result. For LEFT JOIN a WHERE
 * conjunct over the left side alone goes to the left input, and an ON
 * conjunct over the right side alone goes to the right input; RIGHT is
 * symmetric; FULL moves nothing. The subquery joins (SEMI, ANTI, MARK,
 * SINGLE) follow push_join's comment; a PN_APPLY takes WHERE conjuncts
 * over its left columns into its left input.
 */
#include <string.h>
#include "opt_int.h"

/* Applies preds above n (a PN_FILTER) when there are any. */
static eng_rc wrap(octx *o, plan_node *n, const xlist *preds, plan_node **out)
{
    if (preds->n == 0) {
        *out = n;
        return ENG_OK;
    }
    plan_expr *p = opt_and(o, preds);
    if (!p || !(*out = opt_filter(o, n, p)))
        return ENG_NOMEM;
    return ENG_OK;
}

/* Pushes preds into the node at *slot, which it replaces. */
static eng_rc push_child(octx *o, plan_node **slot, xlist *preds)
{
    return opt_pushdown(o, *slot, preds, slot);
}

/* At a scan: shippable conjuncts go to spec.filters, the rest stay above. */
static eng_rc push_scan(octx *o, plan_node *n, xlist *preds, plan_node **out)
{
    xlist local = { 0, 0, NULL };
    const eng_connector_ops *ops = n->catalog ? n->catalog->ops : NULL;
    void *state = NULL;
    eng_rc rc;
    if (preds->n && ops && ops->shippable &&
        (rc = sess_catalog_state(n->catalog, &state, o->err)))
        return rc;
    xlist remote = { n->spec.nfilters, n->spec.nfilters, n->spec.filters };
    for (int i = 0; i < preds->n; i++) {
        plan_expr *p = opt_remap(o, preds->v[i], n->spec.cols);
        if (!p)
            return ENG_NOMEM;
        if (ops && ops->shippable && ops->shippable(state, p))
            rc = opt_push(o, &remote, p);
        else
            rc = opt_push(o, &local, preds->v[i]);
        if (rc)
            return rc;
    }
    n->spec.nfilters = remote.n;
    n->spec.filters = remote.v;
    return wrap(o, n, &local, out);
}

/* Through a project: column references become the projected expressions. */
static eng_rc push_project(octx *o, plan_node *n, xlist *preds, plan_node **out)
{
    xlist below = { 0, 0, NULL };
    for (int i = 0; i < preds->n; i++) {
        plan_expr *p = opt_subst(o, preds->v[i], n->exprs);
        if (!p || opt_push(o, &below, p))
            return ENG_NOMEM;
    }
    eng_rc rc = push_child(o, &n->child, &below);
    *out = n;
    return rc;
}

/* Through an aggregate: only conjuncts over group columns (never for a
 * global aggregate, which returns a row even for empty input). */
static eng_rc push_agg(octx *o, plan_node *n, xlist *preds, plan_node **out)
{
    xlist below = { 0, 0, NULL }, above = { 0, 0, NULL };
    for (int i = 0; i < preds->n; i++) {
        bool any = false;
        eng_rc rc;
        if (n->ngroups > 0 && opt_all_below(preds->v[i], n->ngroups, &any) && any) {
            plan_expr *p = opt_subst(o, preds->v[i], n->groups);
            rc = p ? opt_push(o, &below, p) : ENG_NOMEM;
        } else {
            rc = opt_push(o, &above, preds->v[i]);
        }
        if (rc)
            return rc;
    }
    eng_rc rc = push_child(o, &n->child, &below);
    if (rc)
        return rc;
    return wrap(o, n, &above, out);
}

/* Makes lkey/rkey types identical (varchar lengths may differ). */
static bool key_types(octx *o, plan_expr **l, plan_expr **r)
{
    if (eng_type_equal((*l)->type, (*r)->type))
        return true;
    if ((*l)->type.id == ENG_T_VARCHAR && (*r)->type.id == ENG_T_VARCHAR) {
        eng_type t = eng_type_varchar(0);
        *l = opt_cast(o, *l, t);
        *r = opt_cast(o, *r, t);
        return *l && *r;
    }
    return false;
}

/* Moves the conjuncts of `res` (over j's columns) of the form
 * left_expr = right_expr into the join's keys, after those it has; the
 * rest become the residual (replacing it). Errors: OOM. */
eng_rc opt_join_keys(octx *o, plan_node *j, const xlist *res)
{
    int nl = j->left->ncols;
    xlist keep = { 0, 0, NULL };
    xlist lk = { j->nkeys, j->nkeys, j->lkeys }, rk = { j->nkeys, j->nkeys, j->rkeys };
    for (int i = 0; i < res->n; i++) {
        plan_expr *c = res->v[i];
        if (c->kind == PX_OP && c->op == PO_EQ && c->nargs == 2) {
            bool l0 = false, r0 = false, l1 = false, r1 = false;
            opt_ref_sides(c->args[0], nl, &l0, &r0);
            opt_ref_sides(c->args[1], nl, &l1, &r1);
            plan_expr *le = NULL, *re = NULL;
            if (l0 && !r0 && r1 && !l1) {
                le = c->args[0];
                re = c->args[1];
            } else if (r0 && !l0 && l1 && !r1) {
                le = c->args[1];
                re = c->args[0];
            }
            if (le && (re = opt_shift(o, re, -nl)) == NULL)
                return ENG_NOMEM;
            /* an array is no hash key: the table matches NULL elements
             * to each other, Trino's = does not (array[NULL] = array[NULL]
             * is NULL), so array equality stays a residual */
            if (le && le->type.id != ENG_T_ARRAY && key_types(o, &le, &re)) {
                if (opt_push(o, &lk, le) || opt_push(o, &rk, re))
                    return ENG_NOMEM;
                continue;
            }
        }
        if (opt_push(o, &keep, c))
            return ENG_NOMEM;
    }
    j->nkeys = lk.n;
    j->lkeys = lk.v;
    j->rkeys = rk.v;
    j->residual = keep.n ? opt_and(o, &keep) : NULL;
    if (keep.n && !j->residual)
        return ENG_NOMEM;
    return ENG_OK;
}

/* Through a join, following the outer-join rules above; extracts keys. */
static eng_rc push_join(octx *o, plan_node *j, xlist *preds, plan_node **out)
{
    int nl = j->left->ncols;
    xlist lp = { 0, 0, NULL }, rp = { 0, 0, NULL }, above = { 0, 0, NULL };
    xlist res = { 0, 0, NULL }, on = { 0, 0, NULL };
    plan_join_type jt = j->join_type;
    eng_rc rc;
    if ((rc = opt_conjuncts(o, j->residual, &on)))
        return rc;
    j->residual = NULL;

    /* Subquery joins (plan.h): SEMI/ANTI output the left columns, MARK
     * the left columns and the mark (which a WHERE conjunct over it reads
     * above the join), SINGLE is a LEFT join. Their own condition: a
     * conjunct over the right side alone only removes right rows that
     * could never count, so it goes right; one over the left side alone
     * goes left for SEMI only (ANTI and MARK must still see the rows it
     * rejects: they come out unmatched). */
    bool semi = jt == PJ_SEMI, anti = jt == PJ_ANTI || jt == PJ_MARK;
    bool left_kept = jt == PJ_LEFT || jt == PJ_SINGLE || semi || anti;

    /* conjuncts from above the join (WHERE) */
    for (int i = 0; i < preds->n; i++) {
        plan_expr *p = preds->v[i];
        bool l = false, r = false;
        opt_ref_sides(p, nl, &l, &r);
        bool inner = jt == PJ_INNER || jt == PJ_CROSS;
        if (l && !r && (inner || left_kept))
            rc = opt_push(o, &lp, p);
        else if (r && !l && (inner || jt == PJ_RIGHT))
            rc = (p = opt_shift(o, p, -nl)) ? opt_push(o, &rp, p) : ENG_NOMEM;
        else if (inner)
            rc = opt_push(o, &res, p);
        else
            rc = opt_push(o, &above, p);
        if (rc)
            return rc;
    }
    /* conjuncts of the join's own condition */
    for (int i = 0; i < on.n; i++) {
        plan_expr *p = on.v[i];
        bool l = false, r = false;
        opt_ref_sides(p, nl, &l, &r);
        bool inner = jt == PJ_INNER || jt == PJ_CROSS;
        if (l && !r && (inner || jt == PJ_RIGHT || semi))
            rc = opt_push(o, &lp, p);
        else if (r && !l && (inner || jt == PJ_LEFT || jt == PJ_SINGLE ||
                             semi || anti))
            rc = (p = opt_shift(o, p, -nl)) ? opt_push(o, &rp, p) : ENG_NOMEM;
        else
            rc = opt_push(o, &res, p);
        if (rc)
            return rc;
    }
    if (jt == PJ_CROSS && res.n > 0)
        j->join_type = PJ_INNER;
    if ((rc = opt_join_keys(o, j, &res)) ||
        (rc = push_child(o, &j->left, &lp)) ||
        (rc = push_child(o, &j->right, &rp)))
        return rc;
    return wrap(o, j, &above, out);
}

/* Through a correlated nested loop: conjuncts over the left columns go
 * left; the right plan is pushed down on its own (its correlated
 * conjuncts stay local: no connector ships a PX_CORR). */
static eng_rc push_apply(octx *o, plan_node *n, xlist *preds, plan_node **out)
{
    int nl = n->left->ncols;
    xlist lp = { 0, 0, NULL }, above = { 0, 0, NULL }, none = { 0, 0, NULL };
    for (int i = 0; i < preds->n; i++) {
        bool l = false, r = false;
        opt_ref_sides(preds->v[i], nl, &l, &r);
        if (opt_push(o, !r ? &lp : &above, preds->v[i]))
            return ENG_NOMEM;
    }
    eng_rc rc;
    if ((rc = push_child(o, &n->left, &lp)) ||
        (rc = push_child(o, &n->right, &none)))
        return rc;
    return wrap(o, n, &above, out);
}

/* Through UNION ALL (and INTERSECT / EXCEPT, where a row is kept or not
 * by value, so a conjunct true of a left row is true of its equal right
 * rows): a copy of every conjunct goes to each side. */
static eng_rc push_union(octx *o, plan_node *n, xlist *preds, plan_node **out)
{
    xlist copy = { 0, 0, NULL };
    for (int i = 0; i < preds->n; i++) {
        plan_expr *p = opt_shift(o, preds->v[i], 0);
        if (!p || opt_push(o, &copy, p))
            return ENG_NOMEM;
    }
    eng_rc rc;
    if ((rc = push_child(o, &n->left, preds)) ||
        (rc = push_child(o, &n->right, &copy)))
        return rc;
    *out = n;
    return ENG_OK;
}

/*
 * Returns in *out the node n with the conjuncts `preds` (over n's output
 * columns) applied: moved as far down as they may go, and the rest in a
 * PN_FILTER above n. Children are processed recursively, so every filter
 * of the plan is considered. preds may be modified.
 */
eng_rc opt_pushdown(octx *o, plan_node *n, xlist *preds, plan_node **out)
{
    xlist none = { 0, 0, NULL };
    eng_rc rc;
    switch (n->kind) {
    case PN_FILTER:
        if ((rc = opt_conjuncts(o, n->pred, preds)))
            return rc;
        return opt_pushdown(o, n->child, preds, out);
    case PN_SCAN:
        return push_scan(o, n, preds, out);
    case PN_PROJECT:
        return push_project(o, n, preds, out);
    case PN_AGG:
        return push_agg(o, n, preds, out);
    case PN_JOIN:
        return push_join(o, n, preds, out);
    case PN_SORT:
    case PN_DISTINCT:
        if ((rc = push_child(o, &n->child, preds)))
            return rc;
        *out = n;
        return ENG_OK;
    case PN_UNION_ALL:
    case PN_SETOP:
        return push_union(o, n, preds, out);
    case PN_RECURSIVE:    /* a filter above must see every run's rows */
        if ((rc = push_child(o, &n->left, &none)) ||
            (rc = push_child(o, &n->right, &none)))
            return rc;
        return wrap(o, n, preds, out);
    case PN_APPLY:
        return push_apply(o, n, preds, out);
    case PN_LIMIT:
    case PN_WINDOW:   /* a filter above a window sees whole partitions */
    case PN_GROUPID:  /* push_agg already moved filters on group keys here */
    case PN_UNNEST:
        if ((rc = push_child(o, &n->child, &none)))
            return rc;
        return wrap(o, n, preds, out);
    default: /* PN_VALUES */
        return wrap(o, n, preds, out);
    }
}
