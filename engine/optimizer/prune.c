/*
 * engine/optimizer/prune.c
 *   Column pruning: every node keeps only the columns its parent uses (or
 *   its own semantics need), down to the scans, whose spec.cols then name
 *   exactly the table columns read. Column references above are renumbered.
 * Interface: opt_prune.
 * Not here: predicate pushdown (pushdown.c).
 *
 * A scan may end up with no column at all (count(*)): it still reports
 * its row count.
 */
#include <string.h>
#include "opt_int.h"

/* A zeroed need[] array of n entries (arena). NULL on OOM. */
static bool *need_new(octx *o, int n)
{
    bool *b = eng_arena_calloc(o->a, sizeof(bool) * (size_t)(n + 1));
    if (!b)
        eng_err_oom(o->err);
    return b;
}

/* A column map of n entries, all -1 (dropped). NULL on OOM. */
static int *map_new(octx *o, int n)
{
    int *m = eng_arena_alloc(o->a, sizeof(int) * (size_t)(n + 1));
    if (!m) {
        eng_err_oom(o->err);
        return NULL;
    }
    for (int i = 0; i < n; i++)
        m[i] = -1;
    return m;
}

/* Gives n fresh types/names arrays of ncols entries. */
static eng_rc new_cols(octx *o, plan_node *n, int ncols)
{
    n->types = eng_arena_calloc(o->a, sizeof *n->types * (size_t)(ncols + 1));
    n->names = eng_arena_calloc(o->a, sizeof *n->names * (size_t)(ncols + 1));
    n->ncols = ncols;
    if (!n->types || !n->names)
        return eng_err_oom(o->err);
    return ENG_OK;
}

/* Copies the child's column list into n (FILTER, SORT, LIMIT, ...). */
static void same_cols(plan_node *n, const plan_node *child)
{
    n->ncols = child->ncols;
    n->types = child->types;
    n->names = child->names;
}

/* opt_remap that passes NULL through. */
static plan_expr *remap(octx *o, plan_expr *e, const int *map)
{
    return e ? opt_remap(o, e, map) : NULL;
}

/* A scan reads only the needed table columns. */
static eng_rc prune_scan(octx *o, plan_node *n, const bool *need, int *map)
{
    int k = 0, old = n->ncols;
    int *cols = eng_arena_alloc(o->a, sizeof(int) * (size_t)(old + 1));
    eng_type *types = n->types;
    char **names = n->names;
    if (!cols || new_cols(o, n, old))
        return eng_err_oom(o->err);
    for (int i = 0; i < old; i++) {
        if (!need[i])
            continue;
        map[i] = k;
        cols[k] = n->spec.cols[i];
        n->types[k] = types[i];
        n->names[k] = names[i];
        k++;
    }
    n->ncols = k;
    n->spec.ncols = k;
    n->spec.cols = cols;
    return ENG_OK;
}

/* A project keeps only the needed expressions. */
static eng_rc prune_project(octx *o, plan_node *n, const bool *need, int *map)
{
    int old = n->ncols, k = 0;
    bool *cneed = need_new(o, n->child->ncols);
    plan_expr **exprs = eng_arena_alloc(o->a, sizeof *exprs * (size_t)(old + 1));
    if (!cneed || !exprs)
        return eng_err_oom(o->err);
    for (int i = 0; i < old; i++)
        if (need[i])
            opt_mark(n->exprs[i], cneed);
    int *cmap;
    eng_rc rc = opt_prune(o, n->child, cneed, &cmap);
    if (rc)
        return rc;
    eng_type *types = n->types;
    char **names = n->names;
    if (new_cols(o, n, old))
        return ENG_NOMEM;
    for (int i = 0; i < old; i++) {
        if (!need[i])
            continue;
        if (!(exprs[k] = opt_remap(o, n->exprs[i], cmap)))
            return ENG_NOMEM;
        n->types[k] = types[i];
        n->names[k] = names[i];
        map[i] = k++;
    }
    n->ncols = k;
    n->exprs = exprs;
    return ENG_OK;
}

/* A join needs its keys and residual besides what its parent uses.
 * SEMI/ANTI output only the left columns and MARK the left ones and its
 * mark (always kept), so the parent's need covers those. */
static eng_rc prune_join(octx *o, plan_node *n, const bool *need, int *map)
{
    int nl = n->left->ncols, nr = n->right->ncols;
    plan_join_type jt = n->join_type;
    bool left_only = jt == PJ_SEMI || jt == PJ_ANTI || jt == PJ_MARK;
    bool *all = need_new(o, nl + nr);
    bool *rneed = need_new(o, nr);
    if (!all || !rneed)
        return ENG_NOMEM;
    memcpy(all, need, sizeof(bool) * (size_t)(left_only ? nl : nl + nr));
    opt_mark(n->residual, all);
    opt_mark(n->mark_test, all);
    for (int i = 0; i < n->nkeys; i++) {
        opt_mark(n->lkeys[i], all);
        opt_mark(n->rkeys[i], all + nl);
    }
    memcpy(rneed, all + nl, sizeof(bool) * (size_t)nr);
    int *lmap, *rmap;
    eng_rc rc;
    if ((rc = opt_prune(o, n->left, all, &lmap)) ||
        (rc = opt_prune(o, n->right, rneed, &rmap)))
        return rc;
    int nl2 = n->left->ncols, nr2 = n->right->ncols;
    int *jmap = map_new(o, nl + nr);
    if (!jmap)
        return ENG_NOMEM;
    for (int i = 0; i < nl; i++)
        jmap[i] = lmap[i];
    for (int i = 0; i < nr; i++)
        jmap[nl + i] = rmap[i] < 0 ? -1 : nl2 + rmap[i];
    for (int i = 0; i < n->nkeys; i++)
        if (!(n->lkeys[i] = remap(o, n->lkeys[i], lmap)) ||
            !(n->rkeys[i] = remap(o, n->rkeys[i], rmap)))
            return ENG_NOMEM;
    if (n->residual && !(n->residual = remap(o, n->residual, jmap)))
        return ENG_NOMEM;
    if (n->mark_test && !(n->mark_test = remap(o, n->mark_test, jmap)))
        return ENG_NOMEM;
    if (left_only) {
        eng_type *types = n->types;
        char **names = n->names;
        int mark = jt == PJ_MARK;
        if (new_cols(o, n, nl2 + mark))
            return ENG_NOMEM;
        for (int i = 0; i < nl2; i++) {
            n->types[i] = n->left->types[i];
            n->names[i] = n->left->names[i];
        }
        memcpy(map, lmap, sizeof(int) * (size_t)nl);
        if (mark) {
            n->types[nl2] = types[nl];
            n->names[nl2] = names[nl];
            map[nl] = nl2;
        }
        return ENG_OK;
    }
    if (new_cols(o, n, nl2 + nr2))
        return ENG_NOMEM;
    for (int i = 0; i < nl2; i++) {
        n->types[i] = n->left->types[i];
        n->names[i] = n->left->names[i];
    }
    for (int i = 0; i < nr2; i++) {
        n->types[nl2 + i] = n->right->types[i];
        n->names[nl2 + i] = n->right->names[i];
    }
    memcpy(map, jmap, sizeof(int) * (size_t)(nl + nr));
    return ENG_OK;
}

/* An aggregate keeps every group, and the aggregates its parent uses. */
static eng_rc prune_agg(octx *o, plan_node *n, const bool *need, int *map)
{
    int ng = n->ngroups;
    bool *keep = need_new(o, n->naggs);
    bool *cneed = need_new(o, n->child->ncols);
    plan_agg *aggs = eng_arena_alloc(o->a, sizeof *aggs * (size_t)(n->naggs + 1));
    if (!keep || !cneed || !aggs)
        return ENG_NOMEM;
    int kept = 0;
    for (int k = 0; k < n->naggs; k++)
        if ((keep[k] = need[ng + k]))
            kept++;
    if (ng == 0 && kept == 0 && n->naggs > 0) {
        keep[0] = true;   /* a global aggregate still returns one row */
        kept = 1;
    }
    for (int g = 0; g < ng; g++)
        opt_mark(n->groups[g], cneed);
    for (int k = 0; k < n->naggs; k++)
        if (keep[k]) {
            opt_mark(n->aggs[k].arg, cneed);
            opt_mark(n->aggs[k].arg2, cneed);
            opt_mark(n->aggs[k].filter, cneed);
            for (int o2 = 0; o2 < n->aggs[k].norder; o2++)
                opt_mark(n->aggs[k].order[o2], cneed);
        }
    int *cmap;
    eng_rc rc = opt_prune(o, n->child, cneed, &cmap);
    if (rc)
        return rc;
    for (int g = 0; g < ng; g++) {
        if (!(n->groups[g] = opt_remap(o, n->groups[g], cmap)))
            return ENG_NOMEM;
        map[g] = g;
    }
    eng_type *types = n->types;
    char **names = n->names;
    if (new_cols(o, n, ng + kept))
        return ENG_NOMEM;
    for (int g = 0; g < ng; g++) {
        n->types[g] = types[g];
        n->names[g] = names[g];
    }
    int j = 0;
    for (int k = 0; k < n->naggs; k++) {
        if (!keep[k])
            continue;
        aggs[j] = n->aggs[k];
        if ((aggs[j].arg && !(aggs[j].arg = opt_remap(o, aggs[j].arg, cmap))) ||
            (aggs[j].arg2 && !(aggs[j].arg2 = opt_remap(o, aggs[j].arg2, cmap))) ||
            (aggs[j].filter &&
             !(aggs[j].filter = opt_remap(o, aggs[j].filter, cmap))))
            return ENG_NOMEM;
        for (int o2 = 0; o2 < aggs[j].norder; o2++)
            if (!(aggs[j].order[o2] = opt_remap(o, aggs[j].order[o2], cmap)))
                return ENG_NOMEM;
        n->types[ng + j] = types[ng + k];
        n->names[ng + j] = names[ng + k];
        map[ng + k] = ng + j;
        j++;
    }
    n->naggs = j;
    n->aggs = aggs;
    return ENG_OK;
}

/* FILTER, SORT, LIMIT, DISTINCT: output = the child's columns. */
static eng_rc prune_pass(octx *o, plan_node *n, const bool *need, int *map)
{
    bool *cneed = need_new(o, n->child->ncols);
    if (!cneed)
        return ENG_NOMEM;
    if (n->kind == PN_DISTINCT) {
        for (int i = 0; i < n->child->ncols; i++)
            cneed[i] = true;
    } else {
        memcpy(cneed, need, sizeof(bool) * (size_t)n->ncols);
    }
    if (n->kind == PN_FILTER)
        opt_mark(n->pred, cneed);
    for (int i = 0; n->kind == PN_SORT && i < n->nsort; i++)
        opt_mark(n->sort_keys[i], cneed);
    int *cmap;
    eng_rc rc = opt_prune(o, n->child, cneed, &cmap);
    if (rc)
        return rc;
    if (n->kind == PN_FILTER && !(n->pred = opt_remap(o, n->pred, cmap)))
        return ENG_NOMEM;
    for (int i = 0; n->kind == PN_SORT && i < n->nsort; i++)
        if (!(n->sort_keys[i] = opt_remap(o, n->sort_keys[i], cmap)))
            return ENG_NOMEM;
    memcpy(map, cmap, sizeof(int) * (size_t)n->ncols);
    same_cols(n, n->child);
    return ENG_OK;
}

/* Every expression of a PN_WINDOW or PN_GROUPID (over its child), for
 * marking and remapping: a window's partition and order keys and each
 * function's arguments and frame offsets; the grouping keys. */
static int extend_exprs(plan_node *n, plan_expr ***slots, int cap)
{
    int k = 0;
    if (n->kind == PN_GROUPID || n->kind == PN_UNNEST) {
        for (int g = 0; g < n->ngroups && k < cap; g++)
            slots[k++] = &n->groups[g];
        return k;
    }
    for (int i = 0; i < n->npart && k < cap; i++)
        slots[k++] = &n->part_keys[i];
    for (int i = 0; i < n->nsort && k < cap; i++)
        slots[k++] = &n->sort_keys[i];
    for (int f = 0; f < n->nwin; f++) {
        plan_winfunc *w = &n->wins[f];
        for (int i = 0; i < w->nargs && k < cap; i++)
            slots[k++] = &w->args[i];
        if (k + 5 > cap)
            break;
        slots[k++] = &w->agg.arg;
        slots[k++] = &w->agg.arg2;
        slots[k++] = &w->agg.filter;
        slots[k++] = &w->start_off;
        slots[k++] = &w->end_off;
    }
    return k;
}

/* WINDOW and GROUPID: the child keeps the columns needed above and those
 * the node's expressions read; the node's own columns (every window
 * function; keys and set number) are kept, after the child's. */
static eng_rc prune_extend(octx *o, plan_node *n, const bool *need, int *map)
{
    int nc = n->child->ncols, extra = n->ncols - nc;
    int cap = n->npart + n->nsort + n->ngroups;
    for (int f = 0; f < n->nwin; f++)
        cap += n->wins[f].nargs + 5;
    plan_expr ***slots = eng_arena_alloc(o->a, sizeof *slots * (size_t)(cap + 1));
    bool *cneed = need_new(o, nc);
    if (!slots || !cneed)
        return eng_err_oom(o->err);
    int ns = extend_exprs(n, slots, cap);
    memcpy(cneed, need, sizeof(bool) * (size_t)nc);
    for (int i = 0; i < ns; i++)
        if (*slots[i])
            opt_mark(*slots[i], cneed);
    int *cmap;
    eng_rc rc = opt_prune(o, n->child, cneed, &cmap);
    if (rc)
        return rc;
    for (int i = 0; i < ns; i++)
        if (*slots[i] && !(*slots[i] = opt_remap(o, *slots[i], cmap)))
            return ENG_NOMEM;
    eng_type *types = n->types;
    char **names = n->names;
    int kept = n->child->ncols;
    if (new_cols(o, n, kept + extra))
        return ENG_NOMEM;
    for (int c = 0; c < nc; c++) {
        map[c] = cmap[c];
        if (cmap[c] >= 0) {
            n->types[cmap[c]] = types[c];
            n->names[cmap[c]] = names[c];
        }
    }
    for (int f = 0; f < extra; f++) {
        map[nc + f] = kept + f;
        n->types[kept + f] = types[nc + f];
        n->names[kept + f] = names[nc + f];
    }
    return ENG_OK;
}

/*
 * A correlated nested loop: the left columns its parent, its parameters
 * and its test read; of the right, the value (SCALAR: column 0) or what
 * the test reads (ANY); EXISTS needs none. Its computed column stays.
 */
static eng_rc prune_apply(octx *o, plan_node *n, const bool *need, int *map)
{
    int nl = n->left->ncols, nr = n->right->ncols;
    bool lateral = n->apply_kind == PSQ_LATERAL;
    bool *all = need_new(o, nl + nr);
    if (!all)
        return ENG_NOMEM;
    /* LATERAL: the output is left ++ right, both sides pruned to what
     * is needed above, by the parameters and by the ON condition */
    memcpy(all, need, sizeof(bool) * (size_t)(lateral ? nl + nr : nl));
    for (int i = 0; i < n->nparams; i++)
        opt_mark(n->params[i], all);
    opt_mark(n->mark_test, all);
    if (n->apply_kind == PSQ_SCALAR && nr > 0)
        all[nl] = true;
    int *lmap, *rmap;
    eng_rc rc;
    if ((rc = opt_prune(o, n->left, all, &lmap)) ||
        (rc = opt_prune(o, n->right, all + nl, &rmap)))
        return rc;
    int nl2 = n->left->ncols;
    int *jmap = map_new(o, nl + nr);
    if (!jmap)
        return ENG_NOMEM;
    for (int i = 0; i < nl; i++)
        jmap[i] = lmap[i];
    for (int i = 0; i < nr; i++)
        jmap[nl + i] = rmap[i] < 0 ? -1 : nl2 + rmap[i];
    for (int i = 0; i < n->nparams; i++)
        if (!(n->params[i] = opt_remap(o, n->params[i], lmap)))
            return ENG_NOMEM;
    if (n->mark_test && !(n->mark_test = remap(o, n->mark_test, jmap)))
        return ENG_NOMEM;
    if (lateral) {
        int nr2 = n->right->ncols;
        if (new_cols(o, n, nl2 + nr2))
            return ENG_NOMEM;
        for (int i = 0; i < nl2; i++) {
            n->types[i] = n->left->types[i];
            n->names[i] = n->left->names[i];
        }
        for (int i = 0; i < nr2; i++) {
            n->types[nl2 + i] = n->right->types[i];
            n->names[nl2 + i] = n->right->names[i];
        }
        memcpy(map, jmap, sizeof(int) * (size_t)(nl + nr));
        return ENG_OK;
    }
    eng_type *types = n->types;
    char **names = n->names;
    if (new_cols(o, n, nl2 + 1))
        return ENG_NOMEM;
    for (int i = 0; i < nl2; i++) {
        n->types[i] = n->left->types[i];
        n->names[i] = n->left->names[i];
    }
    n->types[nl2] = types[nl];
    n->names[nl2] = names[nl];
    memcpy(map, lmap, sizeof(int) * (size_t)nl);
    map[nl] = nl2;
    return ENG_OK;
}

/* UNION ALL, INTERSECT, EXCEPT and VALUES keep every column. */
static eng_rc prune_all(octx *o, plan_node *n, int *map)
{
    bool *all = need_new(o, n->ncols);
    if (!all)
        return ENG_NOMEM;
    for (int i = 0; i < n->ncols; i++) {
        all[i] = true;
        map[i] = i;
    }
    int *m;
    eng_rc rc;
    if (n->left && (rc = opt_prune(o, n->left, all, &m)))
        return rc;
    if (n->right && (rc = opt_prune(o, n->right, all, &m)))
        return rc;
    return ENG_OK;
}

/*
 * Prunes n so that it outputs at least the columns need[] marks (need has
 * n->ncols entries), renumbering expressions inside n and below. *map
 * (arena) receives, for each old output column, its new index or -1 when
 * it was dropped.
 */
eng_rc opt_prune(octx *o, plan_node *n, const bool *need, int **map)
{
    int *m = map_new(o, n->ncols);
    if (!m)
        return ENG_NOMEM;
    *map = m;
    switch (n->kind) {
    case PN_SCAN: return prune_scan(o, n, need, m);
    case PN_PROJECT: return prune_project(o, n, need, m);
    case PN_JOIN: return prune_join(o, n, need, m);
    case PN_APPLY: return prune_apply(o, n, need, m);
    case PN_AGG: return prune_agg(o, n, need, m);
    case PN_FILTER: case PN_SORT: case PN_LIMIT: case PN_DISTINCT:
        return prune_pass(o, n, need, m);
    case PN_WINDOW: case PN_GROUPID: case PN_UNNEST:
        return prune_extend(o, n, need, m);
    default:
        return prune_all(o, n, m);
    }
}
