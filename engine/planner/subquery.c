/*
 * engine/planner/subquery.c
 *   One subquery expression -> a join (or an apply) below the node that
 *   uses it: decorrelation by pulling the correlated conjuncts of the
 *   subquery up into the join condition, and the correlated nested loop
 *   (PN_APPLY) where that is not possible.
 * Interface: planner_attach, planner_lateral.
 * Not here: finding the subqueries of a plan (planner.c), running the
 *   joins (exec/op_hash_join.c, exec/op_apply.c).
 *
 * Decorrelation (pull_up): below the subquery's top, a conjunct that
 * reads an outer reference is taken out of its FILTER (or inner join's
 * condition) and carried up, over the columns of the node it came from;
 * a PROJECT on the way appends the columns those conjuncts need, a
 * grouped AGGREGATE adds the inner side of correlated equalities to its
 * groups (each group then meets one outer value). What arrives at the top
 * becomes the join condition, outer references replaced by the
 * PX_SUBQUERY's correlation arguments (expressions over the join's left
 * input). Anything else correlated (LIMIT, UNION, outer joins, a global
 * aggregate below the top, an outer reference in a computed column) is
 * not pulled: the subquery then runs per outer row in a PN_APPLY.
 *
 * The joins:
 * - EXISTS: SEMI / ANTI (WHERE conjuncts), MARK (a value);
 * - x op ANY: the same with, for op '=', x = y as a hash key (NULL-aware
 *   for ANTI and MARK, so NOT IN is NULL when the subquery holds a NULL),
 *   else the comparison as the join's three-valued mark test;
 * - scalar over a global aggregate with correlated equalities: a LEFT join
 *   with that aggregate grouped by the equalities' inner sides (one row
 *   per outer value); count and count(*) read as 0 when nothing matched,
 *   as an aggregate over no rows does;
 * - other scalars: a SINGLE join (21000 when an outer row meets two rows).
 */
#include <string.h>
#include "planner_int.h"

/* ------------------------------------------------------------------ */
/* Pulling correlated conjuncts up                                      */
/* ------------------------------------------------------------------ */

/* Sets n's column list to its child's (FILTER, SORT, DISTINCT). */
static void same_cols(plan_node *n)
{
    n->ncols = n->child->ncols;
    n->types = n->child->types;
    n->names = n->child->names;
}

/* True when e references no column of its input (outer references and
 * constants only). */
static bool no_columns(const plan_expr *e)
{
    return !planner_has_kind(e, PX_COLREF);
}

/*
 * For a conjunct `inner = outer` (either order), where inner reads
 * columns and no outer reference and outer reads no column: sets *inner
 * and *outer and returns true.
 */
static bool corr_equality(plan_expr *c, plan_expr **inner, plan_expr **outer)
{
    if (c->kind != PX_OP || c->op != PO_EQ || c->nargs != 2)
        return false;
    for (int k = 0; k < 2; k++) {
        plan_expr *i = c->args[k], *o = c->args[1 - k];
        if (planner_has_kind(i, PX_COLREF) && !planner_has_kind(i, PX_OUTER_REF) &&
            no_columns(o) && planner_has_kind(o, PX_OUTER_REF)) {
            *inner = i;
            *outer = o;
            return true;
        }
    }
    return false;
}

/* True when an aggregate's argument, key or FILTER reads an outer
 * reference. */
static bool agg_has_outer(const plan_agg *g)
{
    for (int k = 0; k < g->norder; k++)
        if (planner_has_kind(g->order[k], PX_OUTER_REF))
            return true;
    return planner_has_kind(g->arg, PX_OUTER_REF) ||
           planner_has_kind(g->arg2, PX_OUTER_REF) ||
           planner_has_kind(g->filter, PX_OUTER_REF);
}

/* True when every correlated conjunct of the FILTERs and join conditions
 * of the subtree n is an equality `inner = outer` or reads no column:
 * the conjuncts an aggregate above must turn into groups. */
static bool corr_conjuncts_eq(const plan_node *n)
{
    if (!n)
        return true;
    const plan_expr *conds[2] = { n->kind == PN_FILTER ? n->pred : NULL,
                                  n->kind == PN_JOIN ? n->residual : NULL };
    for (int c = 0; c < 2; c++) {
        const plan_expr *e = conds[c];
        if (!e)
            continue;
        int nc = e->kind == PX_AND ? e->nargs : 1;
        for (int i = 0; i < nc; i++) {
            plan_expr *x = e->kind == PX_AND ? e->args[i] : (plan_expr *)e;
            plan_expr *in, *out;
            if (x->kind == PX_AND)
                return false;   /* nested AND: not worth the walk */
            if (planner_has_kind(x, PX_OUTER_REF) && !no_columns(x) &&
                !corr_equality(x, &in, &out))
                return false;
        }
    }
    return corr_conjuncts_eq(n->child) && corr_conjuncts_eq(n->left) &&
           corr_conjuncts_eq(n->right);
}

/*
 * True when pull_up can take every outer reference of the subtree n up
 * to its top (see the file comment for what it can pass); pull_up is
 * only called after this said yes, so it never gives up half-way through
 * a plan it has already changed.
 */
static bool can_pull(const plan_node *n)
{
    if (!planner_plan_has_outer(n))
        return true;
    switch (n->kind) {
    case PN_FILTER:
        return can_pull(n->child);
    case PN_PROJECT:
        for (int i = 0; i < n->ncols; i++)
            if (planner_has_kind(n->exprs[i], PX_OUTER_REF))
                return false;
        return can_pull(n->child);
    case PN_SORT:
        for (int i = 0; i < n->nsort; i++)
            if (planner_has_kind(n->sort_keys[i], PX_OUTER_REF))
                return false;
        return can_pull(n->child);
    case PN_AGG:
        for (int i = 0; i < n->naggs; i++)
            if (agg_has_outer(&n->aggs[i]))
                return false;
        for (int g = 0; g < n->ngroups; g++)
            if (planner_has_kind(n->groups[g], PX_OUTER_REF))
                return false;
        /* a global aggregate returns a row even when the correlated
         * filter below leaves none: only the scalar top handles that */
        return n->ngroups > 0 && can_pull(n->child) &&
               corr_conjuncts_eq(n->child);
    case PN_JOIN:
        return (n->join_type == PJ_INNER || n->join_type == PJ_CROSS) &&
               n->nkeys == 0 && !planner_plan_has_outer(n->left) &&
               !planner_plan_has_outer(n->right);
    default:
        return false;
    }
}

static eng_rc pull_up(pctx *p, plan_node **slot, plist *conj);

/* FILTER: correlated conjuncts go up; the rest stay (or the filter goes). */
static eng_rc pull_filter(pctx *p, plan_node **slot, plist *conj)
{
    plan_node *n = *slot;
    plist cj = { 0, 0, NULL }, keep = { 0, 0, NULL };
    eng_rc rc = planner_conjuncts(p, n->pred, &cj);
    for (int i = 0; i < cj.n && rc == ENG_OK; i++)
        rc = planner_push(p, planner_has_kind(cj.v[i], PX_OUTER_REF) ? conj : &keep,
                          cj.v[i]);
    if (rc || (rc = pull_up(p, &n->child, conj)))
        return rc;
    if (keep.n == 0) {
        *slot = n->child;
        return ENG_OK;
    }
    if (!(n->pred = planner_and(p, &keep)))
        return ENG_NOMEM;
    same_cols(n);
    return ENG_OK;
}

/* Marks in need[] the columns e reads. */
static void mark_cols(const plan_expr *e, bool *need)
{
    if (e->kind == PX_COLREF)
        need[e->col] = true;
    for (int i = 0; i < e->nargs; i++)
        mark_cols(e->args[i], need);
}

/* PROJECT: the columns the pulled conjuncts read are appended (or found
 * among the projected column references) and the conjuncts renumbered. */
static eng_rc pull_project(pctx *p, plan_node *n, plist *conj)
{
    plist below = { 0, 0, NULL };
    eng_rc rc = pull_up(p, &n->child, &below);
    if (rc || below.n == 0)
        return rc;
    int nc = n->child->ncols, old = n->ncols, k = old, extra = 0;
    int *map = eng_arena_alloc(p->a, sizeof(int) * (size_t)(nc + 1));
    bool *need = eng_arena_calloc(p->a, sizeof(bool) * (size_t)(nc + 1));
    if (!map || !need)
        return eng_err_oom(p->err);
    for (int i = 0; i < below.n; i++)
        mark_cols(below.v[i], need);
    for (int c = 0; c < nc; c++) {
        map[c] = -1;
        for (int i = 0; i < old && map[c] < 0; i++)
            if (n->exprs[i]->kind == PX_COLREF && n->exprs[i]->col == c)
                map[c] = i;
        if (need[c] && map[c] < 0)
            extra++;
    }
    plan_expr **ex = eng_arena_alloc(p->a, sizeof *ex * (size_t)(old + extra + 1));
    eng_type *types = eng_arena_alloc(p->a, sizeof *types * (size_t)(old + extra + 1));
    char **names = eng_arena_calloc(p->a, sizeof *names * (size_t)(old + extra + 1));
    if (!ex || !types || !names)
        return eng_err_oom(p->err);
    memcpy(ex, n->exprs, sizeof *ex * (size_t)old);
    memcpy(types, n->types, sizeof *types * (size_t)old);
    if (n->names)
        memcpy(names, n->names, sizeof *names * (size_t)old);
    for (int c = 0; c < nc; c++) {
        if (!need[c] || map[c] >= 0)
            continue;
        if (!(ex[k] = planner_colref(p, c, n->child->types[c])))
            return ENG_NOMEM;
        types[k] = n->child->types[c];
        map[c] = k++;
    }
    n->exprs = ex;
    n->types = types;
    n->names = names;
    n->ncols = k;
    for (int i = 0; i < below.n; i++) {
        plan_expr *m = planner_map(p, below.v[i], map, 0, NULL);
        if (!m || planner_push(p, conj, m))
            return ENG_NOMEM;
    }
    return ENG_OK;
}

/* A comparison a op b (a boolean PX_OP). NULL (OOM set) on failure. */
static plan_expr *compare(pctx *p, plan_op op, plan_expr *a, plan_expr *b)
{
    plan_expr *e = plan_expr_new(p->a, PX_OP, eng_type_make(ENG_T_BOOLEAN));
    plan_expr **args = eng_arena_alloc(p->a, sizeof *args * 2);
    if (!e || !args) {
        eng_err_oom(p->err);
        return NULL;
    }
    e->op = op;
    e->pos = a->pos;
    e->nargs = 2;
    e->args = args;
    args[0] = a;
    args[1] = b;
    return e;
}

/*
 * Splits pulled conjuncts for an aggregate that must absorb them: each
 * equality `inner = outer` adds inner to groups[*ng..] and becomes
 * `column(first + k) = outer` in *up; a conjunct reading no column goes to
 * *up unchanged. can_pull / corr_conjuncts_eq checked the shapes.
 */
static eng_rc group_by_corr(pctx *p, const plist *below, plan_expr **groups,
                            int *ng, int first, plist *up)
{
    int add = 0;
    for (int i = 0; i < below->n; i++) {
        plan_expr *in, *out, *c = below->v[i];
        eng_rc rc;
        if (no_columns(c)) {
            rc = planner_push(p, up, c);
        } else if (corr_equality(c, &in, &out)) {
            plan_expr *ref = planner_colref(p, first + add, in->type);
            plan_expr *eq = ref ? compare(p, PO_EQ, ref, out) : NULL;
            groups[(*ng)++] = in;
            add++;
            rc = eq ? planner_push(p, up, eq) : ENG_NOMEM;
        } else {
            rc = eng_err_set(p->err, ENG_ERR_INTERNAL, c->pos, "internal "
                             "error: correlated conjunct cannot be grouped");
        }
        if (rc)
            return rc;
    }
    return ENG_OK;
}

/*
 * Grouped AGGREGATE: each correlated equality `inner = outer` below adds
 * inner as a group; a PROJECT above puts the new group columns after the
 * aggregates, so the aggregate's old columns keep their numbers.
 */
static eng_rc pull_agg(pctx *p, plan_node **slot, plist *conj)
{
    plan_node *n = *slot;
    plist below = { 0, 0, NULL };
    eng_rc rc = pull_up(p, &n->child, &below);
    if (rc || below.n == 0)
        return rc;
    int ng0 = n->ngroups, na = n->naggs, ng = ng0;
    plan_expr **groups = eng_arena_alloc(p->a, sizeof *groups * (size_t)(ng0 + below.n + 1));
    plist up = { 0, 0, NULL };
    if (!groups)
        return eng_err_oom(p->err);
    memcpy(groups, n->groups, sizeof *groups * (size_t)ng0);
    /* new groups end up after the aggregates in the project above */
    if ((rc = group_by_corr(p, &below, groups, &ng, ng0 + na, &up)))
        return rc;
    int add = ng - ng0, tot = ng + na;
    plan_node *g = planner_node(p, PN_AGG, tot);
    plan_node *pr = planner_node(p, PN_PROJECT, tot);
    plan_expr **ex = eng_arena_alloc(p->a, sizeof *ex * (size_t)(tot + 1));
    if (!g || !pr || !ex)
        return eng_err_oom(p->err);
    eng_type *types = g->types;
    char **names = g->names;
    *g = *n;
    g->ncols = tot;
    g->types = types;
    g->names = names;
    g->groups = groups;
    g->ngroups = ng;
    for (int i = 0; i < ng0; i++)
        g->types[i] = n->types[i];
    for (int i = 0; i < add; i++)
        g->types[ng0 + i] = groups[ng0 + i]->type;
    for (int i = 0; i < na; i++)
        g->types[ng + i] = n->types[ng0 + i];
    /* project: old groups, aggregates, then the new groups */
    for (int i = 0; i < tot; i++) {
        int src = i < ng0 ? i : i < ng0 + na ? i + add : i - na;
        if (!(ex[i] = planner_colref(p, src, g->types[src])))
            return ENG_NOMEM;
        pr->types[i] = g->types[src];
        pr->names[i] = i < ng0 + na && n->names ? n->names[i] : NULL;
    }
    pr->exprs = ex;
    pr->child = g;
    *slot = pr;
    for (int i = 0; i < up.n; i++)
        if ((rc = planner_push(p, conj, up.v[i])))
            return rc;
    return ENG_OK;
}

/* INNER / CROSS join: correlated conjuncts of its condition go up (they
 * are over its output already); its inputs are uncorrelated. */
static eng_rc pull_join(pctx *p, plan_node *n, plist *conj)
{
    plist cj = { 0, 0, NULL }, keep = { 0, 0, NULL };
    eng_rc rc = planner_conjuncts(p, n->residual, &cj);
    for (int i = 0; i < cj.n && rc == ENG_OK; i++)
        rc = planner_push(p, planner_has_kind(cj.v[i], PX_OUTER_REF) ? conj : &keep,
                          cj.v[i]);
    if (rc)
        return rc;
    n->residual = keep.n ? planner_and(p, &keep) : NULL;
    if (keep.n && !n->residual)
        return ENG_NOMEM;
    return ENG_OK;
}

/*
 * Takes every correlated conjunct of the subtree at *slot up to its top
 * (appending them to conj, over the columns *slot then outputs), changing
 * the subtree as the file comment says. Only after can_pull said yes.
 */
static eng_rc pull_up(pctx *p, plan_node **slot, plist *conj)
{
    plan_node *n = *slot;
    if (!planner_plan_has_outer(n))
        return ENG_OK;
    eng_rc rc;
    switch (n->kind) {
    case PN_FILTER:
        return pull_filter(p, slot, conj);
    case PN_PROJECT:
        return pull_project(p, n, conj);
    case PN_AGG:
        return pull_agg(p, slot, conj);
    case PN_JOIN:
        return pull_join(p, n, conj);
    case PN_SORT:
        if ((rc = pull_up(p, &n->child, conj)) == ENG_OK)
            same_cols(n);
        return rc;
    default:
        return eng_err_set(p->err, ENG_ERR_INTERNAL, 0, "internal error: "
                           "correlated plan node cannot be decorrelated");
    }
}

/* ------------------------------------------------------------------ */
/* Joins and applies                                                    */
/* ------------------------------------------------------------------ */

/*
 * A join of type jt over left and right: SEMI/ANTI output the left
 * columns, MARK the left columns and a boolean, the others left ++ right.
 * NULL (OOM set) on failure.
 */
static plan_node *make_join(pctx *p, plan_join_type jt, plan_node *left,
                            plan_node *right)
{
    int nl = left->ncols, nr = right->ncols;
    int n = jt == PJ_SEMI || jt == PJ_ANTI ? nl : jt == PJ_MARK ? nl + 1 : nl + nr;
    plan_node *j = planner_node(p, PN_JOIN, n);
    if (!j)
        return NULL;
    j->join_type = jt;
    j->left = left;
    j->right = right;
    for (int i = 0; i < n; i++) {
        if (i < nl) {
            j->types[i] = left->types[i];
            j->names[i] = left->names ? left->names[i] : NULL;
        } else if (jt == PJ_MARK) {
            j->types[i] = eng_type_make(ENG_T_BOOLEAN);
        } else {
            j->types[i] = right->types[i - nl];
            j->names[i] = right->names ? right->names[i - nl] : NULL;
        }
    }
    return j;
}

/* The correlation arguments of s (after the tested operand). */
static plan_expr *const *corr_args(const plan_expr *s)
{
    return s->args + s->subq->ntest;
}

/* The pulled conjuncts as a join condition over left (nl columns) ++
 * right: their columns move right by nl, outer references become the
 * correlation arguments. *out NULL when there are none. */
static eng_rc join_condition(pctx *p, const plist *conj, int nl,
                             const plan_expr *s, plan_expr **out)
{
    plist m = { 0, 0, NULL };
    for (int i = 0; i < conj->n; i++) {
        plan_expr *e = planner_map(p, conj->v[i], NULL, nl, corr_args(s));
        if (!e || planner_push(p, &m, e))
            return ENG_NOMEM;
    }
    *out = planner_and(p, &m);
    return m.n && !*out ? ENG_NOMEM : ENG_OK;
}

/* Rewrites, in place, every outer reference of the subtree n into the
 * correlation slot base + i (the subquery is consumed, nothing else
 * shares its expressions' outer references). */
static void to_slots(plan_expr *e, int base)
{
    if (!e)
        return;
    if (e->kind == PX_OUTER_REF) {
        e->kind = PX_CORR;
        e->param += base;
    }
    for (int i = 0; i < e->nargs; i++)
        to_slots(e->args[i], base);
}

static void plan_to_slots(plan_node *n, int base)
{
    if (!n)
        return;
    to_slots(n->pred, base);
    to_slots(n->residual, base);
    to_slots(n->mark_test, base);
    for (int i = 0; n->kind == PN_PROJECT && i < n->ncols; i++)
        to_slots(n->exprs[i], base);
    for (int i = 0; i < n->nkeys; i++) {
        to_slots(n->lkeys[i], base);
        to_slots(n->rkeys[i], base);
    }
    for (int i = 0; i < n->ngroups; i++)
        to_slots(n->groups[i], base);
    for (int i = 0; i < n->naggs; i++) {
        to_slots(n->aggs[i].arg, base);
        to_slots(n->aggs[i].arg2, base);
        to_slots(n->aggs[i].filter, base);
        for (int k = 0; k < n->aggs[i].norder; k++)
            to_slots(n->aggs[i].order[k], base);
    }
    for (int i = 0; i < n->nsort; i++)
        to_slots(n->sort_keys[i], base);
    for (int i = 0; i < n->nparams; i++)
        to_slots(n->params[i], base);
    for (int i = 0; i < n->npart; i++)
        to_slots(n->part_keys[i], base);
    for (int f = 0; f < n->nwin; f++) {
        plan_winfunc *w = &n->wins[f];
        for (int i = 0; i < w->nargs; i++)
            to_slots(w->args[i], base);
        to_slots(w->agg.arg, base);
        to_slots(w->agg.arg2, base);
        to_slots(w->agg.filter, base);
        to_slots(w->start_off, base);
        to_slots(w->end_off, base);
    }
    plan_to_slots(n->child, base);
    plan_to_slots(n->left, base);
    plan_to_slots(n->right, base);
}

/* A LATERAL derived table's apply (the binder's PN_APPLY of kind
 * PSQ_LATERAL, its right side planned): its outer references into fresh
 * correlation slots, as attach_apply does for a subquery. */
void planner_lateral(pctx *p, plan_node *n)
{
    plan_to_slots(n->right, p->next_slot);
    n->corr_base = p->next_slot;
    p->next_slot += n->nparams;
}

/*
 * The fallback: a PN_APPLY that runs plan for every row of *input with
 * the correlation arguments in fresh slots. Its extra column (the mark or
 * the scalar value) is *repl.
 */
static eng_rc attach_apply(pctx *p, plan_node **input, const plan_expr *s,
                           plan_node *plan, plan_expr **repl)
{
    const plan_subquery *q = s->subq;
    plan_node *left = *input;
    int nl = left->ncols, ncorr = s->nargs - q->ntest;
    plan_node *ap = planner_node(p, PN_APPLY, nl + 1);
    if (!ap)
        return ENG_NOMEM;
    plan_to_slots(plan, p->next_slot);
    ap->corr_base = p->next_slot;
    p->next_slot += ncorr;
    ap->nparams = ncorr;
    ap->params = eng_arena_alloc(p->a, sizeof *ap->params * (size_t)(ncorr + 1));
    if (!ap->params)
        return eng_err_oom(p->err);
    for (int i = 0; i < ncorr; i++)
        ap->params[i] = corr_args(s)[i];
    ap->apply_kind = q->kind;
    ap->left = left;
    ap->right = plan;
    for (int i = 0; i < nl; i++) {
        ap->types[i] = left->types[i];
        ap->names[i] = left->names ? left->names[i] : NULL;
    }
    ap->types[nl] = s->type;
    if (q->kind == PSQ_ANY) {
        plan_expr *y = planner_colref(p, nl, plan->types[0]);
        if (!y || !(ap->mark_test = compare(p, q->op, s->args[0], y)))
            return ENG_NOMEM;
    }
    *input = ap;
    return (*repl = planner_colref(p, nl, s->type)) ? ENG_OK : ENG_NOMEM;
}

/* Drops what does not change whether (or which distinct) rows a subquery
 * used by EXISTS / IN has: DISTINCT, SORT and LIMIT n > 0 at its top. */
static plan_node *strip_top(plan_node *n)
{
    for (;;) {
        if (n->kind == PN_DISTINCT || n->kind == PN_SORT)
            n = n->child;
        else if (n->kind == PN_LIMIT && n->limit != 0 && n->offset == 0)
            n = n->child;
        else
            return n;
    }
}

/* The result of a semi/anti/mark join for the mode: nothing (SEMI/ANTI
 * conjunct consumed) or the mark column. */
static eng_rc finish_mark(pctx *p, plan_node **input, plan_node *j,
                          plan_expr **repl)
{
    int nl = (*input)->ncols;
    *input = j;
    *repl = NULL;
    if (j->join_type != PJ_MARK)
        return ENG_OK;
    return (*repl = planner_colref(p, nl, eng_type_make(ENG_T_BOOLEAN)))
           ? ENG_OK : ENG_NOMEM;
}

/* EXISTS and ANY: a SEMI, ANTI or MARK join; *done false (nothing
 * changed) when the subquery cannot be decorrelated. */
static eng_rc attach_semi(pctx *p, plan_node **input, const plan_expr *s,
                          pmode mode, plan_node *plan, plan_expr **repl,
                          bool *done)
{
    const plan_subquery *q = s->subq;
    plan_node *body = strip_top(plan);
    plan_expr *y = NULL;
    int nl = (*input)->ncols;
    *done = false;
    if (q->kind == PSQ_EXISTS) {
        /* the select list of EXISTS is never evaluated */
        while (body->kind == PN_PROJECT)
            body = strip_top(body->child);
    } else if (body->kind == PN_PROJECT) {
        y = body->exprs[0];
        if (planner_has_kind(y, PX_OUTER_REF))
            return ENG_OK;
        body = body->child;
    }
    if (!can_pull(body))
        return ENG_OK;
    plist conj = { 0, 0, NULL };
    eng_rc rc = pull_up(p, &body, &conj);
    if (rc)
        return rc;
    if (q->kind == PSQ_ANY && !y && !(y = planner_colref(p, 0, body->types[0])))
        return ENG_NOMEM;
    plan_join_type jt = mode == PM_SEMI ? PJ_SEMI : mode == PM_ANTI ? PJ_ANTI : PJ_MARK;
    plan_node *j = make_join(p, jt, *input, body);
    if (!j)
        return ENG_NOMEM;
    if ((rc = join_condition(p, &conj, nl, s, &j->residual)))
        return rc;
    if (q->kind == PSQ_ANY) {
        if (q->op == PO_EQ) {
            /* x = y as key 0; NULL-aware where a NULL must make the
             * result NULL rather than FALSE (NOT IN, IN as a value) */
            j->nkeys = 1;
            j->lkeys = eng_arena_alloc(p->a, sizeof *j->lkeys);
            j->rkeys = eng_arena_alloc(p->a, sizeof *j->rkeys);
            if (!j->lkeys || !j->rkeys)
                return eng_err_oom(p->err);
            j->lkeys[0] = s->args[0];
            j->rkeys[0] = y;
            j->null_aware = jt != PJ_SEMI;
        } else {
            plan_expr *ys = planner_map(p, y, NULL, nl, NULL);
            if (!ys || !(j->mark_test = compare(p, q->op, s->args[0], ys)))
                return ENG_NOMEM;
        }
    }
    *done = true;
    return finish_mark(p, input, j, repl);
}

/* The aggregate kinds that return a value (0) over no rows. */
static bool counts(plan_agg_kind k)
{
    return k == PA_COUNT || k == PA_COUNT_STAR;
}

/* coalesce(e, 0) of e's (bigint) type. NULL (OOM set) on failure. */
static plan_expr *or_zero(pctx *p, plan_expr *e)
{
    eng_value z;
    memset(&z, 0, sizeof z);
    z.type = e->type;
    plan_expr *zero = plan_const(p->a, &z);
    plan_expr *co = plan_expr_new(p->a, PX_FUNC, e->type);
    plan_expr **args = eng_arena_alloc(p->a, sizeof *args * 2);
    if (!zero || !co || !args) {
        eng_err_oom(p->err);
        return NULL;
    }
    co->func = "coalesce";
    co->pos = e->pos;
    co->nargs = 2;
    co->args = args;
    args[0] = e;
    args[1] = zero;
    return co;
}

/* A copy of e (over the aggregate's output, shifted into the join) with
 * each count column c >= first read as coalesce(c, 0). */
static plan_expr *zero_counts(pctx *p, plan_expr *e, int first,
                              const plan_node *agg)
{
    if (e->kind == PX_COLREF && e->col >= first &&
        counts(agg->aggs[e->col - first].kind))
        return or_zero(p, e);
    if (e->nargs == 0)
        return e;
    plan_expr *n = eng_arena_alloc(p->a, sizeof *n);
    plan_expr **args = eng_arena_alloc(p->a, sizeof *args * (size_t)e->nargs);
    if (!n || !args) {
        eng_err_oom(p->err);
        return NULL;
    }
    *n = *e;
    n->args = args;
    for (int i = 0; i < e->nargs; i++)
        if (!(args[i] = zero_counts(p, e->args[i], first, agg)))
            return NULL;
    return n;
}

/*
 * Scalar subquery PROJECT(e) over a global AGGREGATE over X, X correlated
 * through equalities (or column-free conjuncts) only: a LEFT join with
 * the aggregate grouped by the equalities' inner sides, e evaluated above
 * the join with count columns read as coalesce(count, 0) (what an
 * aggregate over no rows gives). The caller checked the shape.
 */
static eng_rc attach_scalar_agg(pctx *p, plan_node **input, const plan_expr *s,
                                plan_expr *e, plan_node *agg, plan_expr **repl)
{
    int nl = (*input)->ncols, na = agg->naggs, ng = 0;
    plist conj = { 0, 0, NULL }, eqs = { 0, 0, NULL };
    eng_rc rc = pull_up(p, &agg->child, &conj);
    plan_expr **groups = eng_arena_alloc(p->a, sizeof *groups * (size_t)(conj.n + 1));
    if (rc)
        return rc;
    if (!groups)
        return eng_err_oom(p->err);
    if ((rc = group_by_corr(p, &conj, groups, &ng, 0, &eqs)))
        return rc;
    plan_node *g = planner_node(p, PN_AGG, ng + na);
    if (!g)
        return ENG_NOMEM;
    eng_type *types = g->types;
    char **names = g->names;
    *g = *agg;
    g->ncols = ng + na;
    g->types = types;
    g->names = names;
    g->ngroups = ng;
    g->groups = groups;
    for (int i = 0; i < ng; i++)
        g->types[i] = groups[i]->type;
    for (int i = 0; i < na; i++)
        g->types[ng + i] = agg->types[i];
    plan_node *j = make_join(p, PJ_LEFT, *input, g);
    if (!j || (rc = join_condition(p, &eqs, nl, s, &j->residual)))
        return j ? rc : ENG_NOMEM;
    /* e over the join: aggregate k is column nl + ng + k */
    plan_expr *v = planner_map(p, e, NULL, nl + ng, corr_args(s));
    if (!v || !(v = zero_counts(p, v, nl + ng, agg)))
        return ENG_NOMEM;
    *input = j;
    *repl = v;
    return ENG_OK;
}

/* Scalar subqueries: a SINGLE join (uncorrelated, or decorrelated), or
 * for a global aggregate attach_scalar_agg; *done false (nothing
 * changed) when neither applies. */
static eng_rc attach_scalar(pctx *p, plan_node **input, const plan_expr *s,
                            plan_node *plan, plan_expr **repl, bool *done)
{
    plan_node *body = plan;
    int nl = (*input)->ncols;
    plan_expr *e = NULL;
    *done = false;
    if (planner_plan_has_outer(plan) && plan->kind == PN_PROJECT &&
        plan->ncols == 1) {
        e = plan->exprs[0];
        body = plan->child;
        if (body->kind == PN_AGG && body->ngroups == 0) {
            bool fits = true;
            for (int i = 0; i < body->naggs; i++)
                if (agg_has_outer(&body->aggs[i]))
                    fits = false;
            if (fits && can_pull(body->child) &&
                corr_conjuncts_eq(body->child)) {
                *done = true;
                return attach_scalar_agg(p, input, s, e, body, repl);
            }
            return ENG_OK;
        }
    }
    if (!can_pull(body))
        return ENG_OK;
    plist conj = { 0, 0, NULL };
    eng_rc rc = pull_up(p, &body, &conj);
    if (rc)
        return rc;
    plan_node *j = make_join(p, PJ_SINGLE, *input, body);
    if (!j || (rc = join_condition(p, &conj, nl, s, &j->residual)))
        return j ? rc : ENG_NOMEM;
    plan_expr *v = e ? planner_map(p, e, NULL, nl, corr_args(s))
                     : planner_colref(p, nl, body->types[0]);
    if (!v)
        return ENG_NOMEM;
    *input = j;
    *repl = v;
    *done = true;
    return ENG_OK;
}

/*
 * Attaches the subquery expression s (its operands already free of
 * subqueries, over (*input)'s columns) below the node that uses it:
 * *input becomes the join or apply over the old input, whose columns it
 * keeps as a prefix. *repl is the expression to use instead of s over the
 * new input, or NULL when a SEMI/ANTI join consumed a WHERE conjunct.
 * mode PM_ANTI means the caller's conjunct was NOT s.
 */
eng_rc planner_attach(pctx *p, plan_node **input, const plan_expr *s,
                      pmode mode, plan_expr **repl)
{
    plan_subquery *q = s->subq;
    if (!q || !q->plan)
        return eng_err_set(p->err, ENG_ERR_INTERNAL, s->pos, "internal error: "
                           "subquery planned twice");
    plan_node *plan = q->plan;
    q->plan = NULL;
    eng_rc rc = planner_tree(p, &plan);
    if (rc)
        return rc;
    bool done = false;
    if (q->kind == PSQ_SCALAR) {
        rc = attach_scalar(p, input, s, plan, repl, &done);
    } else {
        rc = attach_semi(p, input, s, mode, plan, repl, &done);
        if (rc == ENG_OK && !done) {
            /* the apply yields the value; a conjunct keeps using it */
            rc = attach_apply(p, input, s, plan, repl);
            if (rc == ENG_OK && mode == PM_ANTI) {
                plan_expr *n = plan_expr_new(p->a, PX_NOT,
                                             eng_type_make(ENG_T_BOOLEAN));
                plan_expr **args = eng_arena_alloc(p->a, sizeof *args);
                if (!n || !args)
                    return eng_err_oom(p->err);
                n->nargs = 1;
                n->args = args;
                args[0] = *repl;
                *repl = n;
            }
            return rc;
        }
        return rc;
    }
    if (rc == ENG_OK && !done)
        rc = attach_apply(p, input, s, plan, repl);
    return rc;
}
