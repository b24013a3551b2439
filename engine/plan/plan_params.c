/*
 * engine/plan/plan_params.c
 *   Parameter markers in plans: the type the binder gave each marker, and
 *   a deep copy of a plan with bound values in place of the markers.
 * Interface: plan_param_types, plan_copy_bound.
 * Not here: typing the markers (binder/bind_expr.c), casting application
 *   values to those types (engine.c), pushdown of the constants that
 *   replace them (optimizer/, connector/pg/pg_deparse.c).
 *
 * Why a copy: the optimizer rewrites a plan in place, and a statement with
 * parameters is optimized once per execution, after its values are known,
 * so that a marker inside a filter reaches the catalog as a constant the
 * deparser quotes (never as spliced text). The bound plan itself stays
 * untouched in the statement's arena.
 */
#include <string.h>
#include "plan.h"

/* Records the type of every PX_PARAM under e into types[0..n). */
static void expr_types(const plan_expr *e, eng_type *types, int n)
{
    if (!e)
        return;
    if (e->kind == PX_PARAM && e->param >= 0 && e->param < n &&
        types[e->param].id == ENG_T_UNKNOWN)
        types[e->param] = e->type;
    for (int i = 0; i < e->nargs; i++)
        expr_types(e->args[i], types, n);
    if (e->kind == PX_SUBQUERY && e->subq)
        plan_param_types(e->subq->plan, types, n);
}

/* Calls expr_types on an array of expressions. */
static void exprs_types(plan_expr *const *v, int count, eng_type *types,
                        int n)
{
    for (int i = 0; v && i < count; i++)
        expr_types(v[i], types, n);
}

/*
 * Writes into types[0..n) the type each marker has somewhere in plan p
 * (entries of markers that stay untyped are left as they are, so the
 * caller starts from ENG_T_UNKNOWN).
 */
void plan_param_types(const plan_node *p, eng_type *types, int n)
{
    if (!p || n <= 0)
        return;
    expr_types(p->pred, types, n);
    expr_types(p->residual, types, n);
    exprs_types(p->exprs, p->exprs ? p->ncols : 0, types, n);
    exprs_types(p->lkeys, p->nkeys, types, n);
    exprs_types(p->rkeys, p->nkeys, types, n);
    exprs_types(p->groups, p->ngroups, types, n);
    exprs_types(p->sort_keys, p->nsort, types, n);
    exprs_types(p->spec.filters, p->spec.nfilters, types, n);
    for (int i = 0; p->aggs && i < p->naggs; i++) {
        expr_types(p->aggs[i].arg, types, n);
        expr_types(p->aggs[i].arg2, types, n);
        expr_types(p->aggs[i].filter, types, n);
        exprs_types(p->aggs[i].order, p->aggs[i].norder, types, n);
    }
    exprs_types(p->part_keys, p->npart, types, n);
    for (int i = 0; p->wins && i < p->nwin; i++) {
        const plan_winfunc *w = &p->wins[i];
        exprs_types(w->args, w->nargs, types, n);
        expr_types(w->agg.arg, types, n);
        expr_types(w->agg.arg2, types, n);
        expr_types(w->agg.filter, types, n);
        expr_types(w->start_off, types, n);
        expr_types(w->end_off, types, n);
    }
    plan_param_types(p->child, types, n);
    plan_param_types(p->left, types, n);
    plan_param_types(p->right, types, n);
}

/* Copy context: the arena, the values (already of each marker's type). */
typedef struct cctx {
    eng_arena *a;
    const eng_value *vals;
    int nvals;
    eng_error *err;
} cctx;

/* Copies count elements of size sz (NULL stays NULL). */
static void *dup_array(cctx *c, const void *p, size_t count, size_t sz,
                       bool *oom)
{
    if (!p)
        return NULL;
    size_t bytes = count * sz;
    void *d = eng_arena_memdup(c->a, p, bytes ? bytes : 1);
    if (!d)
        *oom = true;
    return d;
}

static plan_node *copy_node(cctx *c, const plan_node *p, bool *oom);

/* Deep copy of e with markers replaced; NULL with *oom or err set. */
static plan_expr *copy_expr(cctx *c, const plan_expr *e, bool *oom)
{
    if (!e || *oom)
        return NULL;
    if (e->kind == PX_PARAM && c->vals) {
        if (e->param < 0 || e->param >= c->nvals) {
            eng_err_set(c->err, ENG_ERR_COUNT_FIELD_INCORRECT, e->pos,
                        "parameter %d has no value", e->param + 1);
            *oom = true;
            return NULL;
        }
        eng_value v = c->vals[e->param];
        if (v.is_null || v.type.id == ENG_T_UNKNOWN) {
            memset(&v, 0, sizeof v);
            v.is_null = true;
            v.type = e->type;
        } else if (!eng_type_equal(v.type, e->type) &&
                   !(v.type.id == ENG_T_VARCHAR &&
                     e->type.id == ENG_T_VARCHAR)) {
            /* The same marker typed twice (a CTE bound in two places):
             * cast, naming the parameter. */
            eng_value out;
            eng_rc rc = eng_value_cast(c->a, &v, e->type, &out, c->err);
            if (rc) {
                if (c->err)
                    c->err->position = e->pos;
                *oom = true;
                return NULL;
            }
            v = out;
        }
        plan_expr *k = plan_const(c->a, &v);
        if (!k) {
            eng_err_oom(c->err);
            *oom = true;
            return NULL;
        }
        k->pos = e->pos;
        return k;
    }
    plan_expr *n = eng_arena_alloc(c->a, sizeof *n);
    if (!n) {
        eng_err_oom(c->err);
        *oom = true;
        return NULL;
    }
    *n = *e;
    if (e->nargs) {
        n->args = eng_arena_alloc(c->a, sizeof *n->args * (size_t)e->nargs);
        if (!n->args) {
            eng_err_oom(c->err);
            *oom = true;
            return NULL;
        }
        for (int i = 0; i < e->nargs; i++)
            if (!(n->args[i] = copy_expr(c, e->args[i], oom)))
                return NULL;
    }
    if (e->kind == PX_SUBQUERY && e->subq) {
        /* the planner consumes the subquery's plan in place */
        n->subq = (struct plan_subquery *)eng_arena_memdup(c->a, e->subq, sizeof *e->subq);
        if (!n->subq) {
            eng_err_oom(c->err);
            *oom = true;
            return NULL;
        }
        if (e->subq->plan &&
            !(n->subq->plan = copy_node(c, e->subq->plan, oom)))
            return NULL;
    }
    return n;
}

/* Copies an array of count expressions. */
static plan_expr **copy_exprs(cctx *c, plan_expr *const *v, int count,
                              bool *oom)
{
    if (!v || *oom)
        return NULL;
    plan_expr **d = eng_arena_calloc(c->a, sizeof *d * (size_t)(count ? count : 1));
    if (!d) {
        eng_err_oom(c->err);
        *oom = true;
        return NULL;
    }
    for (int i = 0; i < count; i++)
        if (v[i] && !(d[i] = copy_expr(c, v[i], oom)))
            return NULL;
    return d;
}

/* Deep copy of node p (see plan_copy_bound). Every array and expression
 * a plan_node points to is copied (the optimizer rewrites them in place);
 * a new pointer field in plan.h needs a line here and in
 * plan_param_types. */
static plan_node *copy_node(cctx *c, const plan_node *p, bool *oom)
{
    if (!p || *oom)
        return NULL;
    plan_node *n = eng_arena_alloc(c->a, sizeof *n);
    if (!n) {
        eng_err_oom(c->err);
        *oom = true;
        return NULL;
    }
    *n = *p;
    bool dup_oom = false;
    n->types = dup_array(c, p->types, (size_t)p->ncols, sizeof *p->types, &dup_oom);
    n->names = dup_array(c, p->names, (size_t)p->ncols, sizeof *p->names, &dup_oom);
    n->spec.cols = dup_array(c, p->spec.cols, (size_t)p->spec.ncols,
                             sizeof *p->spec.cols, &dup_oom);
    n->rows = dup_array(c, p->rows, (size_t)p->nrows, sizeof *p->rows, &dup_oom);
    n->sort_desc = dup_array(c, p->sort_desc, (size_t)p->nsort,
                             sizeof *p->sort_desc, &dup_oom);
    n->sort_nulls_first = dup_array(c, p->sort_nulls_first, (size_t)p->nsort,
                                    sizeof *p->sort_nulls_first, &dup_oom);
    n->aggs = dup_array(c, p->aggs, (size_t)p->naggs, sizeof *p->aggs, &dup_oom);
    n->wins = dup_array(c, p->wins, (size_t)p->nwin, sizeof *p->wins, &dup_oom);
    n->gset_masks = dup_array(c, p->gset_masks, (size_t)p->nsets,
                              sizeof *p->gset_masks, &dup_oom);
    if (dup_oom) {
        eng_err_oom(c->err);
        *oom = true;
        return NULL;
    }
    n->pred = p->pred ? copy_expr(c, p->pred, oom) : NULL;
    n->residual = p->residual ? copy_expr(c, p->residual, oom) : NULL;
    n->exprs = copy_exprs(c, p->exprs, p->ncols, oom);
    n->lkeys = copy_exprs(c, p->lkeys, p->nkeys, oom);
    n->rkeys = copy_exprs(c, p->rkeys, p->nkeys, oom);
    n->groups = copy_exprs(c, p->groups, p->ngroups, oom);
    n->sort_keys = copy_exprs(c, p->sort_keys, p->nsort, oom);
    n->spec.filters = copy_exprs(c, p->spec.filters, p->spec.nfilters, oom);
    for (int i = 0; n->aggs && i < p->naggs && !*oom; i++) {
        if (p->aggs[i].arg)
            n->aggs[i].arg = copy_expr(c, p->aggs[i].arg, oom);
        if (p->aggs[i].arg2)
            n->aggs[i].arg2 = copy_expr(c, p->aggs[i].arg2, oom);
        if (p->aggs[i].filter)
            n->aggs[i].filter = copy_expr(c, p->aggs[i].filter, oom);
        if (p->aggs[i].norder)
            n->aggs[i].order = copy_exprs(c, p->aggs[i].order,
                                          p->aggs[i].norder, oom);
    }
    n->part_keys = copy_exprs(c, p->part_keys, p->npart, oom);
    for (int i = 0; n->wins && i < p->nwin && !*oom; i++) {
        const plan_winfunc *w = &p->wins[i];
        plan_winfunc *d = &n->wins[i];
        d->args = copy_exprs(c, w->args, w->nargs, oom);
        if (w->agg.arg)
            d->agg.arg = copy_expr(c, w->agg.arg, oom);
        if (w->agg.arg2)
            d->agg.arg2 = copy_expr(c, w->agg.arg2, oom);
        if (w->agg.filter)
            d->agg.filter = copy_expr(c, w->agg.filter, oom);
        if (w->start_off)
            d->start_off = copy_expr(c, w->start_off, oom);
        if (w->end_off)
            d->end_off = copy_expr(c, w->end_off, oom);
    }
    /* after the planner only (a copy is normally taken before it) */
    n->mark_test = p->mark_test ? copy_expr(c, p->mark_test, oom) : NULL;
    n->params = copy_exprs(c, p->params, p->nparams, oom);
    n->child = p->child ? copy_node(c, p->child, oom) : NULL;
    n->left = p->left ? copy_node(c, p->left, oom) : NULL;
    n->right = p->right ? copy_node(c, p->right, oom) : NULL;
    return *oom ? NULL : n;
}

/*
 * Returns a deep copy of plan p in arena a in which every PX_PARAM k is a
 * PX_CONST holding vals[k] (string bytes copied into a). vals[k] should
 * already have the marker's type; a NULL value becomes a NULL of that
 * type, another type is cast (errors as eng_value_cast, with the marker's
 * position). vals may be NULL: then markers are copied as they are.
 * Table definitions and catalogs are shared, not copied. Returns NULL with
 * err set on failure (HY001 on OOM).
 */
plan_node *plan_copy_bound(eng_arena *a, const plan_node *p,
                           const eng_value *vals, int nvals, eng_error *err)
{
    cctx c = { .a = a, .vals = vals, .nvals = nvals, .err = err };
    bool failed = false;
    plan_node *n = copy_node(&c, p, &failed);
    return failed ? NULL : n;
}
