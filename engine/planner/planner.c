/*
 * engine/planner/planner.c
 *   The planner's driver: walks the bound plan bottom-up and replaces
 *   every subquery expression of a FILTER (WHERE, HAVING), PROJECT
 *   (select list, ORDER BY) or AGGREGATE (GROUP BY, aggregate arguments)
 *   by a join or apply below that node
 *   (subquery.c); the expression and node helpers the planner shares.
 * Interface: planner_run; planner_* helpers (planner_int.h).
 * Not here: decorrelation and the joins themselves (subquery.c).
 *
 * A node with subqueries keeps its place: its input grows by the joins'
 * extra columns (appended after the input's own, so the input's column
 * numbers stay valid), the subquery expressions become references to
 * those columns, and a FILTER gets a PROJECT above it that drops them
 * again. A WHERE/HAVING conjunct that is a bare EXISTS, IN or ANY (or NOT
 * of one) becomes a SEMI (ANTI) join and adds no column.
 */
#include <string.h>
#include "planner_int.h"
#include "../common/array.h"

/* Appends e to l. ENG_NOMEM on OOM. */
eng_rc planner_push(pctx *p, plist *l, plan_expr *e)
{
    if (l->n == l->cap && !eng_array_grow(p->a, &l->v, &l->cap, l->n + 1, sizeof *l->v))
        return eng_err_oom(p->err);
    l->v[l->n++] = e;
    return ENG_OK;
}

/* Appends the conjuncts of e (nested ANDs flattened) to l. */
eng_rc planner_conjuncts(pctx *p, plan_expr *e, plist *l)
{
    if (!e)
        return ENG_OK;
    if (e->kind == PX_AND) {
        for (int i = 0; i < e->nargs; i++)
            if (planner_conjuncts(p, e->args[i], l))
                return ENG_NOMEM;
        return ENG_OK;
    }
    return planner_push(p, l, e);
}

/* The conjunction of l: NULL when empty (no error), the only element, or
 * a new PX_AND. Sets ENG_NOMEM in p->err and returns NULL on OOM. */
plan_expr *planner_and(pctx *p, const plist *l)
{
    if (l->n == 0)
        return NULL;
    if (l->n == 1)
        return l->v[0];
    plan_expr *e = plan_expr_new(p->a, PX_AND, eng_type_make(ENG_T_BOOLEAN));
    plan_expr **args = eng_arena_alloc(p->a, sizeof *args * (size_t)l->n);
    if (!e || !args) {
        eng_err_oom(p->err);
        return NULL;
    }
    e->pos = l->v[0]->pos;
    e->nargs = l->n;
    e->args = args;
    memcpy(args, l->v, sizeof *args * (size_t)l->n);
    return e;
}

/* A reference to column col of type t; NULL (OOM set) on failure. */
plan_expr *planner_colref(pctx *p, int col, eng_type t)
{
    plan_expr *e = plan_colref(p->a, col, t);
    if (!e)
        eng_err_oom(p->err);
    return e;
}

/* A new node of kind with ncols columns; NULL (OOM set) on failure. */
plan_node *planner_node(pctx *p, plan_node_kind kind, int ncols)
{
    plan_node *n = plan_node_new(p->a, kind, ncols);
    if (!n)
        eng_err_oom(p->err);
    return n;
}

plan_expr *planner_map(pctx *p, const plan_expr *e, const int *cmap,
                       int shift, plan_expr *const *outer)
{
    if (e->kind == PX_OUTER_REF && outer)
        return planner_map(p, outer[e->param], NULL, 0, NULL);
    plan_expr *n = eng_arena_alloc(p->a, sizeof *n);
    if (!n)
        goto oom;
    *n = *e;
    if (e->kind == PX_COLREF)
        n->col = cmap ? cmap[e->col] : e->col + shift;
    if (e->nargs) {
        n->args = eng_arena_alloc(p->a, sizeof *n->args * (size_t)e->nargs);
        if (!n->args)
            goto oom;
        for (int i = 0; i < e->nargs; i++)
            if (!(n->args[i] = planner_map(p, e->args[i], cmap, shift, outer)))
                return NULL;
    }
    return n;
oom:
    eng_err_oom(p->err);
    return NULL;
}

/* True when e contains a node of `kind` (not looking into subquery
 * plans). */
bool planner_has_kind(const plan_expr *e, plan_expr_kind kind)
{
    if (!e)
        return false;
    if (e->kind == kind)
        return true;
    for (int i = 0; i < e->nargs; i++)
        if (planner_has_kind(e->args[i], kind))
            return true;
    return false;
}

/* True when one of es[0..n) contains a node of `kind`. */
static bool list_has_kind(plan_expr *const *es, int n, plan_expr_kind kind)
{
    for (int i = 0; es && i < n; i++)
        if (planner_has_kind(es[i], kind))
            return true;
    return false;
}

/* True when an expression of the node n itself contains `kind`. */
static bool node_has_kind(const plan_node *n, plan_expr_kind kind)
{
    if (planner_has_kind(n->pred, kind) || planner_has_kind(n->residual, kind) ||
        planner_has_kind(n->mark_test, kind) ||
        (n->kind == PN_PROJECT && list_has_kind(n->exprs, n->ncols, kind)) ||
        list_has_kind(n->lkeys, n->nkeys, kind) ||
        list_has_kind(n->rkeys, n->nkeys, kind) ||
        list_has_kind(n->groups, n->ngroups, kind) ||
        list_has_kind(n->sort_keys, n->nsort, kind) ||
        list_has_kind(n->params, n->nparams, kind))
        return true;
    for (int i = 0; i < n->naggs; i++)
        if (planner_has_kind(n->aggs[i].arg, kind) ||
            planner_has_kind(n->aggs[i].arg2, kind) ||
            planner_has_kind(n->aggs[i].filter, kind) ||
            list_has_kind(n->aggs[i].order, n->aggs[i].norder, kind))
            return true;
    if (list_has_kind(n->part_keys, n->npart, kind))
        return true;
    for (int f = 0; f < n->nwin; f++) {
        const plan_winfunc *w = &n->wins[f];
        if (list_has_kind(w->args, w->nargs, kind) ||
            planner_has_kind(w->agg.arg, kind) ||
            planner_has_kind(w->agg.arg2, kind) ||
            planner_has_kind(w->agg.filter, kind) ||
            planner_has_kind(w->start_off, kind) ||
            planner_has_kind(w->end_off, kind))
            return true;
    }
    return false;
}

/* True when the subtree n reads an outer reference anywhere. */
bool planner_plan_has_outer(const plan_node *n)
{
    if (!n)
        return false;
    return node_has_kind(n, PX_OUTER_REF) || planner_plan_has_outer(n->child) ||
           planner_plan_has_outer(n->left) || planner_plan_has_outer(n->right);
}

/*
 * Returns in *out a copy of e in which every subquery is replaced by the
 * value planner_attach makes for it below *input (post-order, so the
 * operands of a subquery are rewritten before it). e itself when it has
 * none.
 */
static eng_rc rewrite_expr(pctx *p, plan_node **input, plan_expr *e,
                           plan_expr **out)
{
    if (!planner_has_kind(e, PX_SUBQUERY)) {
        *out = e;
        return ENG_OK;
    }
    plan_expr *n = eng_arena_alloc(p->a, sizeof *n);
    plan_expr **args = eng_arena_alloc(p->a, sizeof *args * (size_t)(e->nargs + 1));
    if (!n || !args)
        return eng_err_oom(p->err);
    *n = *e;
    n->args = args;
    for (int i = 0; i < e->nargs; i++) {
        eng_rc rc = rewrite_expr(p, input, e->args[i], &args[i]);
        if (rc)
            return rc;
    }
    if (n->kind == PX_SUBQUERY)
        return planner_attach(p, input, n, PM_VALUE, out);
    *out = n;
    return ENG_OK;
}

/* The first ncols columns of n, as a PROJECT of column references over
 * it. NULL (OOM set) on failure. */
static plan_node *keep_prefix(pctx *p, plan_node *n, int ncols, char **names,
                              const eng_type *types)
{
    plan_node *pr = planner_node(p, PN_PROJECT, ncols);
    plan_expr **ex = eng_arena_alloc(p->a, sizeof *ex * (size_t)(ncols + 1));
    if (!pr || !ex) {
        eng_err_oom(p->err);
        return NULL;
    }
    for (int i = 0; i < ncols; i++) {
        if (!(ex[i] = planner_colref(p, i, types[i])))
            return NULL;
        pr->types[i] = types[i];
        pr->names[i] = names ? names[i] : NULL;
    }
    pr->exprs = ex;
    pr->child = n;
    return pr;
}

/*
 * A FILTER with subqueries: each conjunct that is EXISTS / ANY (IN) or
 * NOT of one is attached as a semi (anti) join; the other conjuncts have
 * their subqueries replaced by columns. The filter then runs over the
 * grown input, under a PROJECT back to the input's columns.
 */
static eng_rc rewrite_filter(pctx *p, plan_node **slot)
{
    plan_node *f = *slot, *input = f->child;
    int n0 = input->ncols;
    char **names0 = input->names;
    eng_type *types0 = input->types;
    plist cj = { 0, 0, NULL }, keep = { 0, 0, NULL };
    eng_rc rc = planner_conjuncts(p, f->pred, &cj);
    for (int i = 0; i < cj.n && rc == ENG_OK; i++) {
        plan_expr *c = cj.v[i], *s = c, *r = NULL;
        pmode mode = PM_SEMI;
        if (c->kind == PX_NOT && c->nargs == 1) {
            s = c->args[0];
            mode = PM_ANTI;
        }
        if (s->kind == PX_SUBQUERY && s->subq &&
            (s->subq->kind == PSQ_EXISTS || s->subq->kind == PSQ_ANY)) {
            /* the tested operand may hold subqueries of its own */
            plan_expr *t = eng_arena_alloc(p->a, sizeof *t);
            plan_expr **args = eng_arena_alloc(p->a, sizeof *args *
                                                   (size_t)(s->nargs + 1));
            if (!t || !args)
                return eng_err_oom(p->err);
            *t = *s;
            t->args = args;
            for (int k = 0; k < s->nargs && rc == ENG_OK; k++)
                rc = rewrite_expr(p, &input, s->args[k], &args[k]);
            if (rc == ENG_OK)
                rc = planner_attach(p, &input, t, mode, &r);
            if (rc == ENG_OK && r)
                rc = planner_push(p, &keep, r);
            continue;
        }
        if ((rc = rewrite_expr(p, &input, c, &r)) == ENG_OK)
            rc = planner_push(p, &keep, r);
    }
    if (rc)
        return rc;
    plan_node *top = input;
    if (keep.n > 0) {
        plan_expr *pred = planner_and(p, &keep);
        if (!pred)
            return ENG_NOMEM;
        f->child = input;
        f->pred = pred;
        f->ncols = input->ncols;
        f->types = input->types;
        f->names = input->names;
        top = f;
    }
    if (top->ncols != n0 && !(top = keep_prefix(p, top, n0, names0, types0)))
        return ENG_NOMEM;
    *slot = top;
    return ENG_OK;
}

/* A PROJECT with subqueries: they become columns of its grown input. */
static eng_rc rewrite_project(pctx *p, plan_node *n)
{
    plan_node *input = n->child;
    plan_expr **ex = eng_arena_alloc(p->a, sizeof *ex * (size_t)(n->ncols + 1));
    if (!ex)
        return eng_err_oom(p->err);
    for (int i = 0; i < n->ncols; i++) {
        eng_rc rc = rewrite_expr(p, &input, n->exprs[i], &ex[i]);
        if (rc)
            return rc;
    }
    n->exprs = ex;
    n->child = input;
    return ENG_OK;
}

/* An AGGREGATE with subqueries in its groups or arguments: they become
 * columns of its grown input (the aggregate's output does not change). */
static eng_rc rewrite_agg(pctx *p, plan_node *n)
{
    plan_node *input = n->child;
    plan_expr **groups = eng_arena_alloc(p->a, sizeof *groups * (size_t)(n->ngroups + 1));
    plan_agg *aggs = eng_arena_alloc(p->a, sizeof *aggs * (size_t)(n->naggs + 1));
    if (!groups || !aggs)
        return eng_err_oom(p->err);
    eng_rc rc = ENG_OK;
    for (int i = 0; i < n->ngroups && rc == ENG_OK; i++)
        rc = rewrite_expr(p, &input, n->groups[i], &groups[i]);
    for (int i = 0; i < n->naggs && rc == ENG_OK; i++) {
        aggs[i] = n->aggs[i];
        if (aggs[i].arg)
            rc = rewrite_expr(p, &input, n->aggs[i].arg, &aggs[i].arg);
        if (rc == ENG_OK && aggs[i].arg2)
            rc = rewrite_expr(p, &input, n->aggs[i].arg2, &aggs[i].arg2);
        if (rc == ENG_OK && aggs[i].filter)
            rc = rewrite_expr(p, &input, n->aggs[i].filter, &aggs[i].filter);
        if (rc == ENG_OK && aggs[i].norder) {
            aggs[i].order = eng_arena_alloc(p->a, sizeof(plan_expr *) *
                                            (size_t)aggs[i].norder);
            if (!aggs[i].order)
                return eng_err_oom(p->err);
            for (int k = 0; k < aggs[i].norder && rc == ENG_OK; k++)
                rc = rewrite_expr(p, &input, n->aggs[i].order[k],
                                  &aggs[i].order[k]);
        }
    }
    if (rc)
        return rc;
    n->groups = groups;
    n->aggs = aggs;
    n->child = input;
    return ENG_OK;
}

/* 0A000 for a subquery where none can be evaluated. */
static eng_rc unsupported_place(pctx *p, const plan_node *n)
{
    const char *where = n->kind == PN_JOIN ? "JOIN ON clause"
                        : n->kind == PN_SORT ? "ORDER BY clause"
                        : n->kind == PN_WINDOW ? "window function or its "
                                                 "window"
                        : n->kind == PN_GROUPID ? "GROUPING SETS clause"
                        : "this clause";
    return eng_err_set(p->err, ENG_ERR_FEATURE_NOT_SUPPORTED, 0,
                       "Subqueries in a %s are not supported", where);
}

/*
 * Rewrites the subtree at *slot: children first (so a subquery's input is
 * final when it is attached), then the node's own subqueries.
 */
eng_rc planner_tree(pctx *p, plan_node **slot)
{
    plan_node *n = *slot;
    eng_rc rc;
    if (!n)
        return ENG_OK;
    if ((n->child && (rc = planner_tree(p, &n->child))) ||
        (n->left && (rc = planner_tree(p, &n->left))) ||
        (n->right && (rc = planner_tree(p, &n->right))))
        return rc;
    if (n->kind == PN_APPLY && n->apply_kind == PSQ_LATERAL)
        planner_lateral(p, n);
    if (!node_has_kind(n, PX_SUBQUERY))
        return ENG_OK;
    switch (n->kind) {
    case PN_FILTER:
        return rewrite_filter(p, slot);
    case PN_PROJECT:
        return rewrite_project(p, n);
    case PN_AGG:
        return rewrite_agg(p, n);
    default:
        return unsupported_place(p, n);
    }
}

/* See planner.h. */
eng_rc planner_run(eng_conn *c, plan_node **plan, eng_arena *a,
                   eng_error *err)
{
    (void)c;
    pctx p = { .a = a, .err = err, .next_slot = 0 };
    if (!plan || !*plan)
        return ENG_OK;
    eng_rc rc = planner_tree(&p, plan);
    if (rc == ENG_OK && planner_plan_has_outer(*plan))
        rc = eng_err_set(err, ENG_ERR_INTERNAL, 0, "internal error: an outer "
                         "reference was left outside its subquery");
    return rc;
}
