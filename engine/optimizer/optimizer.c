/*
 * engine/optimizer/optimizer.c
 *   The optimizer's driver (OR-to-IN rewrite, pushdown, join order,
 *   pruning, LIMIT
 *   pushdown, partial aggregation, sort pushdown, remote subtrees, build
 *   sides, dynamic
 *   filters, deparse of
 *   every scan) and the expression helpers its passes
 *   share.
 * Interface: opt_optimize; opt_* helpers (opt_int.h).
 * Not here: predicate pushdown (pushdown.c), column pruning (prune.c).
 */
#include <string.h>
#include "opt_int.h"
#include "../common/array.h"

/* Appends e to l. ENG_NOMEM on OOM. */
eng_rc opt_push(octx *o, xlist *l, plan_expr *e)
{
    if (l->n == l->cap && !eng_array_grow(o->a, &l->v, &l->cap, l->n + 1, sizeof *l->v))
        return eng_err_oom(o->err);
    l->v[l->n++] = e;
    return ENG_OK;
}

/* Appends the conjuncts of e (flattening nested ANDs) to l. */
eng_rc opt_conjuncts(octx *o, plan_expr *e, xlist *l)
{
    if (!e)
        return ENG_OK;
    if (e->kind == PX_AND) {
        for (int i = 0; i < e->nargs; i++)
            if (opt_conjuncts(o, e->args[i], l))
                return ENG_NOMEM;
        return ENG_OK;
    }
    return opt_push(o, l, e);
}

/* The conjunction of l: NULL if empty, the only element, or a PX_AND. */
plan_expr *opt_and(octx *o, const xlist *l)
{
    if (l->n == 0)
        return NULL;
    if (l->n == 1)
        return l->v[0];
    plan_expr *e = eng_arena_calloc(o->a, sizeof *e);
    plan_expr **args = eng_arena_alloc(o->a, sizeof *args * (size_t)l->n);
    if (!e || !args) {
        eng_err_oom(o->err);
        return NULL;
    }
    e->kind = PX_AND;
    e->type = eng_type_make(ENG_T_BOOLEAN);
    e->pos = l->v[0]->pos;
    e->nargs = l->n;
    e->args = args;
    memcpy(args, l->v, sizeof *args * (size_t)l->n);
    return e;
}

/* Copies the node e and, recursively, rebuilds its args with fn. */
typedef plan_expr *(*leaf_fn)(octx *o, const plan_expr *e, const void *arg);

/* Rebuilds e with every column reference replaced by fn(ref, arg). */
static plan_expr *rewrite(octx *o, const plan_expr *e, leaf_fn fn, const void *arg)
{
    if (e->kind == PX_COLREF)
        return fn(o, e, arg);
    plan_expr *n = eng_arena_alloc(o->a, sizeof *n);
    if (!n)
        goto oom;
    *n = *e;
    if (e->nargs) {
        n->args = eng_arena_alloc(o->a, sizeof *n->args * (size_t)e->nargs);
        if (!n->args)
            goto oom;
        for (int i = 0; i < e->nargs; i++)
            if (!(n->args[i] = rewrite(o, e->args[i], fn, arg)))
                return NULL;
    }
    return n;
oom:
    eng_err_oom(o->err);
    return NULL;
}

/* A copy of column reference e pointing at col. */
static plan_expr *colref_copy(octx *o, const plan_expr *e, int col)
{
    plan_expr *n = eng_arena_alloc(o->a, sizeof *n);
    if (!n) {
        eng_err_oom(o->err);
        return NULL;
    }
    *n = *e;
    n->col = col;
    return n;
}

/* Leaf rewriters for opt_remap / opt_shift / opt_subst. */
static plan_expr *leaf_remap(octx *o, const plan_expr *e, const void *arg)
{
    const int *map = arg;
    if (map[e->col] < 0) {
        eng_err_set(o->err, ENG_ERR_INTERNAL, e->pos,
                    "optimizer lost column %d", e->col);
        return NULL;
    }
    return colref_copy(o, e, map[e->col]);
}

static plan_expr *leaf_shift(octx *o, const plan_expr *e, const void *arg)
{
    return colref_copy(o, e, e->col + *(const int *)arg);
}

static plan_expr *leaf_subst(octx *o, const plan_expr *e, const void *arg)
{
    plan_expr *const *exprs = arg;
    return rewrite(o, exprs[e->col], leaf_shift, &(int){ 0 });
}

/* A copy of e with every column reference c replaced by map[c]. NULL on
 * OOM, or (HY000) when a mapped column is gone. */
plan_expr *opt_remap(octx *o, const plan_expr *e, const int *map)
{
    return rewrite(o, e, leaf_remap, map);
}

/* A copy of e with every column reference moved by delta. */
plan_expr *opt_shift(octx *o, const plan_expr *e, int delta)
{
    return rewrite(o, e, leaf_shift, &delta);
}

/* A copy of e with column reference c replaced by a copy of exprs[c]. */
plan_expr *opt_subst(octx *o, const plan_expr *e, plan_expr *const *exprs)
{
    return rewrite(o, e, leaf_subst, exprs);
}

/* PX_CAST of e to t (e itself when already of type t). */
plan_expr *opt_cast(octx *o, plan_expr *e, eng_type t)
{
    if (eng_type_equal(e->type, t))
        return e;
    plan_expr *c = eng_arena_calloc(o->a, sizeof *c);
    plan_expr **args = eng_arena_alloc(o->a, sizeof *args);
    if (!c || !args) {
        eng_err_oom(o->err);
        return NULL;
    }
    c->kind = PX_CAST;
    c->type = t;
    c->pos = e->pos;
    c->nargs = 1;
    c->args = args;
    args[0] = e;
    return c;
}

/* Sets *left / *right when e references a column < nl / >= nl. */
void opt_ref_sides(const plan_expr *e, int nl, bool *left, bool *right)
{
    if (e->kind == PX_COLREF) {
        if (e->col < nl)
            *left = true;
        else
            *right = true;
    }
    for (int i = 0; i < e->nargs; i++)
        opt_ref_sides(e->args[i], nl, left, right);
}

/* Marks every column e references in need[]. */
void opt_mark(const plan_expr *e, bool *need)
{
    if (!e)
        return;
    if (e->kind == PX_COLREF)
        need[e->col] = true;
    for (int i = 0; i < e->nargs; i++)
        opt_mark(e->args[i], need);
}

/* True when every column e references is < limit; *any tells whether it
 * references a column at all. */
bool opt_all_below(const plan_expr *e, int limit, bool *any)
{
    if (e->kind == PX_COLREF) {
        *any = true;
        return e->col < limit;
    }
    for (int i = 0; i < e->nargs; i++)
        if (!opt_all_below(e->args[i], limit, any))
            return false;
    return true;
}

/* A PN_FILTER of pred over child (same columns). NULL on OOM. */
plan_node *opt_filter(octx *o, plan_node *child, plan_expr *pred)
{
    plan_node *f = eng_arena_calloc(o->a, sizeof *f);
    if (!f) {
        eng_err_oom(o->err);
        return NULL;
    }
    f->kind = PN_FILTER;
    f->ncols = child->ncols;
    f->types = child->types;
    f->names = child->names;
    f->child = child;
    f->pred = pred;
    f->limit = -1;
    f->spec.limit = -1;
    return f;
}

/* Pushes a LIMIT into the scan directly below it (through a PROJECT). */
static void push_limits(plan_node *n)
{
    if (!n)
        return;
    if (n->kind == PN_LIMIT && n->limit >= 0) {
        plan_node *c = n->child;
        if (c && c->kind == PN_PROJECT)
            c = c->child;
        if (c && c->kind == PN_SCAN && n->offset <= INT64_MAX - n->limit)
            c->spec.limit = n->limit + n->offset;
    }
    push_limits(n->child);
    push_limits(n->left);
    push_limits(n->right);
}

/* Fills spec.sql of every scan through its catalog's deparse. */
static eng_rc deparse_scans(octx *o, plan_node *n)
{
    if (!n)
        return ENG_OK;
    if (n->kind == PN_SCAN && n->catalog && n->catalog->ops->deparse) {
        void *state;
        eng_rc rc = sess_catalog_state(n->catalog, &state, o->err);
        if (rc)
            return rc;
        n->spec.sql = NULL;
        if ((rc = n->catalog->ops->deparse(state, &n->spec, o->a, &n->spec.sql,
                                           o->err)))
            return rc;
    }
    eng_rc rc;
    if ((rc = deparse_scans(o, n->child)) || (rc = deparse_scans(o, n->left)) ||
        (rc = deparse_scans(o, n->right)))
        return rc;
    return ENG_OK;
}

/* ------------------------------------------------------------------ */
/* OR of equalities -> IN list                                          */
/* ------------------------------------------------------------------ */

/* True when a and b are the same column expression: a column reference,
 * or casts of one, node for node. Anything else is never "the same" here
 * (a function could be volatile). */
static bool same_key(const plan_expr *a, const plan_expr *b)
{
    if (a->kind != b->kind || !eng_type_equal(a->type, b->type))
        return false;
    if (a->kind == PX_COLREF)
        return a->col == b->col;
    if (a->kind == PX_CAST)
        return a->is_try == b->is_try && a->nargs == 1 && b->nargs == 1 &&
               same_key(a->args[0], b->args[0]);
    return false;
}

/* For `key = constant` (either order, constant not NULL, same type id on
 * both sides) sets *key and *val and returns true. */
static bool eq_const(const plan_expr *e, const plan_expr **key,
                     plan_expr **val)
{
    if (e->kind != PX_OP || e->op != PO_EQ || e->nargs != 2)
        return false;
    plan_expr *l = e->args[0], *r = e->args[1];
    if (l->kind == PX_CONST && r->kind != PX_CONST) {
        plan_expr *t = l;
        l = r;
        r = t;
    }
    /* same_key(l, l) holds only for the key shapes same_key knows */
    if (r->kind != PX_CONST || r->value.is_null || l->type.id != r->type.id ||
        !same_key(l, l))
        return false;
    *key = l;
    *val = r;
    return true;
}

/*
 * If e is an OR whose every disjunct is `k = c` for one column expression
 * k and non-NULL constants c, returns `k IN (c1, c2, ...)` (a new node),
 * else NULL (also on OOM, with o->err set: *oom tells). Equivalent under
 * three-valued logic: both are TRUE when some c equals k, NULL when k is
 * NULL, FALSE otherwise.
 */
static plan_expr *or_to_in(octx *o, const plan_expr *e, bool *oom)
{
    const plan_expr *key = NULL;
    *oom = false;
    if (e->kind != PX_OR || e->nargs < 2)
        return NULL;
    for (int i = 0; i < e->nargs; i++) {
        const plan_expr *k;
        plan_expr *v;
        if (!eq_const(e->args[i], &k, &v) || (key && !same_key(k, key)))
            return NULL;
        key = k;
    }
    plan_expr *in = eng_arena_calloc(o->a, sizeof *in);
    plan_expr **args = eng_arena_alloc(o->a, sizeof *args *
                                           ((size_t)e->nargs + 1));
    if (!in || !args) {
        eng_err_oom(o->err);
        *oom = true;
        return NULL;
    }
    in->kind = PX_IN_LIST;
    in->type = e->type;
    in->pos = e->pos;
    in->nargs = e->nargs + 1;
    in->args = args;
    args[0] = (plan_expr *)key;
    for (int i = 0; i < e->nargs; i++) {
        const plan_expr *k;
        eq_const(e->args[i], &k, &args[i + 1]);
    }
    return in;
}

/*
 * Returns e with every OR of equalities on one column expression turned
 * into an IN list (or_to_in), at any depth: e itself when nothing
 * changed, else a new tree sharing the unchanged parts. NULL on OOM.
 * Why: a generated `id = 0 or id = 1 or ...` of 700,000 terms is one IN
 * list to every later stage, which the connector may then refuse to ship
 * for its size (a PostgreSQL backend planning the OR chain itself grew to
 * 22 GB).
 */
static plan_expr *simplify(octx *o, plan_expr *e)
{
    plan_expr **args = NULL;
    bool oom;
    if (!e)
        return NULL;
    for (int i = 0; i < e->nargs; i++) {
        plan_expr *a = simplify(o, e->args[i]);
        if (!a)
            return NULL;
        if (a != e->args[i] && !args) {
            args = eng_arena_alloc(o->a, sizeof *args * (size_t)e->nargs);
            if (!args) {
                eng_err_oom(o->err);
                return NULL;
            }
            memcpy(args, e->args, sizeof *args * (size_t)e->nargs);
        }
        if (args)
            args[i] = a;
    }
    if (args) {
        plan_expr *n = eng_arena_alloc(o->a, sizeof *n);
        if (!n) {
            eng_err_oom(o->err);
            return NULL;
        }
        *n = *e;
        n->args = args;
        e = n;
    }
    plan_expr *in = or_to_in(o, e, &oom);
    if (oom)
        return NULL;
    return in ? in : e;
}

/* Applies simplify to the predicates and projections of every node. */
static eng_rc simplify_plan(octx *o, plan_node *n)
{
    if (!n)
        return ENG_OK;
    if (n->kind == PN_FILTER && n->pred && !(n->pred = simplify(o, n->pred)))
        return ENG_NOMEM;
    if (n->kind == PN_JOIN && n->residual &&
        !(n->residual = simplify(o, n->residual)))
        return ENG_NOMEM;
    if (n->kind == PN_PROJECT && n->exprs)
        for (int i = 0; i < n->ncols; i++)
            if (n->exprs[i] && !(n->exprs[i] = simplify(o, n->exprs[i])))
                return ENG_NOMEM;
    eng_rc rc;
    if ((rc = simplify_plan(o, n->child)) || (rc = simplify_plan(o, n->left)) ||
        (rc = simplify_plan(o, n->right)))
        return rc;
    return ENG_OK;
}

/*
 * Optimizes *plan in place (see optimizer.h): ORs of equalities become
 * IN lists, predicate pushdown into joins and scans, join order, column
 * pruning, LIMIT pushdown, row estimates, partial aggregation below
 * joins, sorts below joins, remote subtrees, build sides,
 * dynamic filters, split scans (join order and each of the last five unless the
 * session switched it off: c->opt_off), then deparse, then shared scans
 * (unless switched off). The root keeps its columns. Errors: OOM, connector errors from deparse.
 */
eng_rc opt_optimize(eng_conn *c, plan_node **plan, eng_arena *a,
                     eng_error *err)
{
    octx o = { .c = c, .a = a, .err = err };
    if (!plan || !*plan)
        return ENG_OK;
    xlist preds = { 0, 0, NULL };
    plan_node *root;
    eng_rc rc = simplify_plan(&o, *plan);
    if (rc)
        return rc;
    rc = opt_pushdown(&o, *plan, &preds, &root);
    if (rc)
        return rc;
    unsigned off = c ? c->opt_off : 0;
    if (!(off & SESS_OPT_JOIN_ORDER) && (rc = opt_join_order(&o, &root)))
        return rc;
    bool *need = eng_arena_alloc(a, sizeof(bool) * (size_t)(root->ncols + 1));
    if (!need)
        return eng_err_oom(err);
    for (int i = 0; i < root->ncols; i++)
        need[i] = true;
    int *map;
    if ((rc = opt_prune(&o, root, need, &map)))
        return rc;
    push_limits(root);
    opt_estimate(root);
    /* partial aggregates only help where a catalog computes them */
    if (!(off & (SESS_OPT_PARTIAL_AGG | SESS_OPT_REMOTE_SUBTREE)) &&
        (rc = opt_partial_agg(&o, &root)))
        return rc;
    /* a sort moved below joins only pays where a catalog sorts */
    if (!(off & (SESS_OPT_SORT_PUSHDOWN | SESS_OPT_REMOTE_SUBTREE)) &&
        (rc = opt_sort_pushdown(&o, &root)))
        return rc;
    if (!(off & SESS_OPT_REMOTE_SUBTREE) && (rc = opt_remote(&o, &root)))
        return rc;
    if (!(off & SESS_OPT_BUILD_SIDE) && (rc = opt_build_side(&o, &root)))
        return rc;
    if (!(off & SESS_OPT_DYNAMIC_FILTER) &&
        (rc = opt_dynamic_filters(&o, root)))
        return rc;
    /* splits only pay where scans read ahead */
    if (!(off & (SESS_OPT_SCAN_SPLIT | SESS_OPT_PARALLEL_SCAN)) &&
        (rc = opt_scan_split(&o, root)))
        return rc;
    if ((rc = deparse_scans(&o, root)))
        return rc;
    /* after deparse: the same read is the same SQL to the same catalog */
    if (!(off & SESS_OPT_SHARED_SCAN) && (rc = opt_shared_scans(&o, &root)))
        return rc;
    *plan = root;
    return ENG_OK;
}
