/*
 * engine/binder/bind_select.c
 *   One SELECT block: FROM, WHERE, select list (with * expansion), GROUP
 *   BY / HAVING / aggregates, DISTINCT, ORDER BY (ordinal, output name or
 *   hidden expression) and LIMIT/OFFSET.
 * Interface: bind_select, bind_order_limit, bind_limit.
 * Not here: FROM items (bind.c), expressions (bind_expr.c).
 *
 * Plan shape: FROM -> FILTER(where) -> AGG -> FILTER(having) ->
 * WINDOW... (one per distinct window, bind_window.c) ->
 * PROJECT(select list + hidden sort columns) -> DISTINCT -> SORT ->
 * LIMIT -> PROJECT(drops hidden columns).
 * Aggregate expressions are bound over the FROM scope with aggregate
 * calls as markers (BND_AGG_BASE + k); agg_rewrite then maps them and
 * GROUP BY expressions onto the aggregate's output.
 */
#include <stdio.h>
#include <string.h>
#include "bind_int.h"

/* One select-list entry after * expansion. */
typedef struct sitem {
    const ast_expr *ast;  /* NULL for a column from * */
    int star_col;         /* scope column for *, else -1 */
    const char *name;     /* output label */
    int pos;
} sitem;

typedef struct sel_state {
    bctx *b;
    brel in;              /* FROM scope */
    bool is_agg;
    bagg_list aggs;
    bwin_list wins;       /* window calls of the select list and ORDER BY */
    int ngroups;
    plan_expr **groups;
    bgroup_info ginfo;    /* grouping(): keys and grouping sets */
    int gid_off;          /* 1 with grouping sets: the set number sits
                             between the keys and the aggregates */
    int nitems;
    sitem *items;
    int nout;             /* select exprs + hidden */
    int cap;
    plan_expr **out;        /* over the AGG output (or FROM when !is_agg) */
    char **names;
    int *item_group;        /* per select item: the GROUP BY ordinal's group
                               that names it, or -1 */
} sel_state;

/* Does a star qualifier t / s.t / c.s.t name column c? */
static bool star_match(const bcol *c, const ast_name *q, bool exact)
{
    const char *have[3] = { c->qcat, c->qschema, c->qtable };
    for (int i = 0; i < q->nparts; i++) {
        const char *h = have[3 - q->nparts + i];
        if (!h || (exact ? strcmp(h, q->parts[i]) : !bind_name_eq(h, q->parts[i])))
            return false;
    }
    return true;
}

/* 0A000 when column c has a remote type the engine cannot read. */
static eng_rc check_supported(bctx *b, const bcol *c, int pos)
{
    if (c->type.id == ENG_T_UNKNOWN && c->remote_type_name)
        return eng_err_set(b->err, ENG_ERR_FEATURE_NOT_SUPPORTED, pos,
                           "Column '%s' of table '%s.%s.%s' has unsupported "
                           "type '%s'", c->name, c->ocat ? c->ocat : "",
                           c->oschema ? c->oschema : "",
                           c->otable ? c->otable : "", c->remote_type_name);
    return ENG_OK;
}

/*
 * Appends one item to st->items, doubling the array when full. Every
 * append goes through here: a select list with several `*` grows past the
 * first estimate (an unchecked append overflowed; found by fuzz_binder).
 * Returns ENG_NOMEM on OOM.
 */
static eng_rc push_item(sel_state *st, int *cap, sitem item)
{
    if (st->nitems == *cap &&
        !eng_array_grow(st->b->a, &st->items, cap, st->nitems + 1, sizeof *st->items))
        return eng_err_oom(st->b->err);
    st->items[st->nitems++] = item;
    return ENG_OK;
}

/* Expands the select list (* and t.*) into st->items. */
static eng_rc expand_items(sel_state *st, const ast_select *sel)
{
    bctx *b = st->b;
    int cap = sel->nitems + st->in.ncols + 1;
    st->items = eng_arena_calloc(b->a, sizeof *st->items * (size_t)cap);
    if (!st->items)
        return eng_err_oom(b->err);
    for (int i = 0; i < sel->nitems; i++) {
        const ast_select_item *it = &sel->items[i];
        if (it->expr->kind != AE_STAR) {
            eng_rc rc = push_item(st, &cap, (sitem){ it->expr, -1, it->alias, it->pos });
            if (rc)
                return rc;
            continue;
        }
        const ast_name *q = &it->expr->name;
        int added = 0;
        for (int pass = 0; pass < 2 && !added; pass++) {
            for (int c = 0; c < st->in.ncols; c++) {
                const bcol *col = &st->in.cols[c];
                if (q->nparts == 0 ? col->using_hidden
                                   : !star_match(col, q, pass == 0))
                    continue;
                eng_rc rc = check_supported(b, col, it->pos);
                if (rc)
                    return rc;
                if ((rc = push_item(st, &cap, (sitem){ NULL, c, col->name, it->pos })))
                    return rc;
                added++;
            }
            if (q->nparts == 0)
                break;
        }
        if (q->nparts > 0 && !added)
            return eng_err_set(b->err, ENG_ERR_UNDEFINED_TABLE, it->pos,
                               "Table '%s' cannot be resolved",
                               q->parts[q->nparts - 1]);
    }
    return ENG_OK;
}

/* A colref to input column c of the FROM scope. */
static plan_expr *in_colref(sel_state *st, int c, int pos)
{
    plan_expr *e = bind_new(st->b, PX_COLREF, st->in.cols[c].type, pos);
    if (e)
        e->col = c;
    return e;
}

/*
 * Maps an expression bound over the FROM scope (with aggregate markers)
 * onto the aggregate's output: GROUP BY expressions become their group
 * column, markers the aggregate column; any other column reference is a
 * 42803 grouping error. Builds a new tree.
 */
static eng_rc agg_rewrite(sel_state *st, plan_expr *e, plan_expr **out)
{
    bctx *b = st->b;
    for (int g = 0; g < st->ngroups; g++) {
        if (bind_expr_equal(e, st->groups[g])) {
            plan_expr *r = bind_new(b, PX_COLREF, e->type, e->pos);
            if (!r)
                return eng_err_oom(b->err);
            r->col = g;
            *out = r;
            return ENG_OK;
        }
    }
    if (e->kind == PX_COLREF && e->col == BND_GID_COL) {
        plan_expr *r = bind_new(b, PX_COLREF, e->type, e->pos);
        if (!r)
            return eng_err_oom(b->err);
        r->col = st->ngroups;    /* the set number of the row */
        *out = r;
        return ENG_OK;
    }
    if (e->kind == PX_COLREF && e->col >= BND_WIN_BASE) {
        *out = e;        /* a window marker: its own expressions are */
        return ENG_OK;   /* rewritten with the window list */
    }
    if (e->kind == PX_COLREF) {
        if (e->col >= BND_AGG_BASE) {
            plan_expr *r = bind_new(b, PX_COLREF, e->type, e->pos);
            if (!r)
                return eng_err_oom(b->err);
            r->col = st->ngroups + st->gid_off + (e->col - BND_AGG_BASE);
            *out = r;
            return ENG_OK;
        }
        const bcol *c = &st->in.cols[e->col];
        return eng_err_set(b->err, ENG_ERR_GROUPING_ERROR, e->pos,
                           "'%s' must be an aggregate expression or appear in "
                           "GROUP BY clause", c->name ? c->name : "?");
    }
    plan_expr *n = bind_new(b, e->kind, e->type, e->pos);
    if (!n)
        return eng_err_oom(b->err);
    *n = *e;
    if (e->nargs) {
        n->args = eng_arena_calloc(b->a, sizeof *n->args * (size_t)e->nargs);
        if (!n->args)
            return eng_err_oom(b->err);
        for (int i = 0; i < e->nargs; i++) {
            eng_rc rc = agg_rewrite(st, e->args[i], &n->args[i]);
            if (rc)
                return rc;
        }
    }
    *out = n;
    return ENG_OK;
}

/* Binds an expression of the select list, HAVING or ORDER BY: over the
 * FROM scope, then (for an aggregate query) onto the aggregate output.
 * Window calls are allowed in the select list and ORDER BY only. */
static eng_rc bind_output_expr(sel_state *st, const ast_expr *e,
                               const char *clause, plan_expr **out)
{
    bexpr_ctx x = { .b = st->b, .scope = &st->in,
                    .mode = st->is_agg ? BM_AGG : BM_PLAIN,
                    .aggs = &st->aggs, .clause = clause,
                    .grouping = &st->ginfo,
                    .wins = strcmp(clause, "HAVING clause") ? &st->wins : NULL };
    plan_expr *r;
    eng_rc rc = bind_expr(&x, e, &r);
    if (rc)
        return rc;
    if (!st->is_agg) {
        *out = r;
        return ENG_OK;
    }
    return agg_rewrite(st, r, out);
}

/* Appends an output expression (select item or hidden sort key) to the project. */
static eng_rc add_out(sel_state *st, plan_expr *e, const char *name)
{
    if (st->nout == st->cap) {
        int ncap = st->cap;     /* out and names share one capacity */
        if (!eng_array_grow(st->b->a, &st->out, &ncap, st->nout + 1, sizeof *st->out) ||
            !eng_array_resize(st->b->a, &st->names, (size_t)st->cap, (size_t)ncap,
                              sizeof *st->names))
            return eng_err_oom(st->b->err);
        st->cap = ncap;
    }
    st->out[st->nout] = e;
    st->names[st->nout++] = (char *)name;
    return ENG_OK;
}

/*
 * GROUPING SETS / ROLLUP / CUBE: the keys become the distinct GROUP BY
 * expressions and each set a mask over them (duplicate sets are kept:
 * Trino returns their rows twice).
 */
static eng_rc grouping_sets(sel_state *st, const ast_select *sel)
{
    bctx *b = st->b;
    int *map = eng_arena_alloc(b->a, sizeof(int) * (size_t)(st->ngroups + 1));
    uint64_t *masks = eng_arena_calloc(b->a, sizeof(uint64_t) * (size_t)sel->ngsets);
    if (!map || !masks)
        return eng_err_oom(b->err);
    int n = 0;
    for (int i = 0; i < st->ngroups; i++) {
        int g;
        for (g = 0; g < n && !bind_expr_equal(st->groups[g], st->groups[i]); g++)
            ;
        if (g == n) {
            if (n == 64)
                return eng_err_set(b->err, ENG_ERR_FEATURE_NOT_SUPPORTED,
                                   sel->group_by[i]->pos, "GROUPING SETS over "
                                   "more than 64 distinct expressions are not "
                                   "supported");
            st->groups[n++] = st->groups[i];
        }
        map[i] = g;
    }
    for (int s = 0; s < sel->ngsets; s++)
        for (int k = 0; k < sel->gsets[s].n; k++)
            masks[s] |= (uint64_t)1 << map[sel->gsets[s].idx[k]];
    st->ngroups = n;
    st->ginfo.ngroups = n;
    /* one set of every key (GROUP BY (), GROUPING SETS ((a, b))) is a
     * plain GROUP BY: `()` then aggregates empty input into one row */
    if (sel->ngsets == 1 && masks[0] == (n == 64 ? ~(uint64_t)0
                                                  : ((uint64_t)1 << n) - 1))
        return ENG_OK;
    st->gid_off = 1;
    st->ginfo.ngroups = n;
    st->ginfo.nsets = sel->ngsets;
    st->ginfo.masks = masks;
    return ENG_OK;
}

/* Binds GROUP BY items (ordinals refer to the select list). */
static eng_rc bind_groups(sel_state *st, const ast_select *sel)
{
    bctx *b = st->b;
    st->groups = eng_arena_calloc(b->a, sizeof *st->groups *
                                  (size_t)(sel->ngroup + 1));
    if (!st->groups)
        return eng_err_oom(b->err);
    bexpr_ctx x = { .b = b, .scope = &st->in, .mode = BM_PLAIN,
                    .clause = "GROUP BY clause" };
    st->item_group = eng_arena_alloc(b->a, sizeof(int) * (size_t)(st->nitems + 1));
    if (!st->item_group)
        return eng_err_oom(b->err);
    for (int i = 0; i < st->nitems; i++)
        st->item_group[i] = -1;
    for (int i = 0; i < sel->ngroup; i++) {
        const ast_expr *g = sel->group_by[i];
        plan_expr *r;
        eng_rc rc;
        if (g->kind == AE_INT) {
            if (g->int_val < 1 || g->int_val > st->nitems)
                return eng_err_set(b->err, ENG_ERR_INVALID_COLUMN_REFERENCE,
                                   g->pos, "GROUP BY position %lld is not in "
                                   "select list", (long long)g->int_val);
            const sitem *it = &st->items[g->int_val - 1];
            if (it->ast) {
                if (bind_ast_has_agg(it->ast))
                    return eng_err_set(b->err, ENG_ERR_GROUPING_ERROR, g->pos,
                                       "GROUP BY position %lld is an aggregate",
                                       (long long)g->int_val);
                rc = bind_expr(&x, it->ast, &r);
                /* the select item is this group (bound once: a subquery
                 * in it must not be planned twice) */
                st->item_group[g->int_val - 1] = st->ngroups;
            } else {
                r = in_colref(st, it->star_col, g->pos);
                rc = r ? ENG_OK : eng_err_oom(b->err);
            }
        } else if (g->in_gset && g->kind != AE_COLUMN) {
            /* Trino: INVALID_COLUMN_REFERENCE */
            return eng_err_set(b->err, ENG_ERR_INVALID_COLUMN_REFERENCE,
                               g->pos, "GROUP BY expression must be a column "
                               "reference");
        } else {
            rc = bind_expr(&x, g, &r);
        }
        if (rc)
            return rc;
        st->groups[st->ngroups++] = r;
    }
    st->ginfo.ngroups = st->ngroups;
    st->ginfo.groups = st->groups;
    return sel->ngsets ? grouping_sets(st, sel) : ENG_OK;
}

/* The output label of select item i. */
static const char *item_name(sel_state *st, int i)
{
    const sitem *it = &st->items[i];
    if (it->name)
        return it->name;
    if (it->ast && it->ast->kind == AE_COLUMN)
        return it->ast->name.parts[it->ast->name.nparts - 1];
    return eng_arena_sprintf(st->b->a, "_col%d", i);
}

/* Which output column does ORDER BY item o name (ordinal or output
 * name)? -1 when it must be bound as an expression. */
static eng_rc order_target(sel_state *st, const ast_order_item *o, int nsel,
                           char **names, int *target)
{
    bctx *b = st->b;
    *target = -1;
    if (o->expr->kind == AE_INT) {
        if (o->expr->int_val < 1 || o->expr->int_val > nsel)
            return eng_err_set(b->err, ENG_ERR_INVALID_COLUMN_REFERENCE,
                               o->expr->pos, "ORDER BY position %lld is not "
                               "in select list", (long long)o->expr->int_val);
        *target = (int)o->expr->int_val - 1;
        return ENG_OK;
    }
    if (o->expr->kind != AE_COLUMN || o->expr->name.nparts != 1)
        return ENG_OK;
    const char *n = o->expr->name.parts[0];
    for (int i = 0; i < nsel; i++) {
        if (!names[i] || strcmp(names[i], n))
            continue;
        if (*target >= 0 && !(st->out && bind_expr_equal(st->out[i], st->out[*target])))
            return eng_err_set(b->err, ENG_ERR_AMBIGUOUS_COLUMN, o->expr->pos,
                               "'%s' in ORDER BY is ambiguous", n);
        *target = i;
    }
    return ENG_OK;
}

/* 42804 when an ORDER BY key of q (column keys[i] of child) is a json:
 * Trino's json is comparable but not orderable. */
static eng_rc check_orderable(bctx *b, const plan_node *child,
                              const ast_query *q, const int *keys)
{
    for (int i = 0; i < q->norder; i++)
        if (child->types[keys[i]].id == ENG_T_JSON)
            return eng_err_set(b->err, ENG_ERR_DATATYPE_MISMATCH,
                               q->order_by[i].pos,
                               "Type json is not orderable, and therefore "
                               "cannot be used in ORDER BY");
    return ENG_OK;
}

/* Builds the SORT over plan with keys colref(keys[i]). */
static plan_node *make_sort(bctx *b, plan_node *child, const ast_query *q,
                          const int *keys)
{
    plan_node *s = bind_node(b, PN_SORT, child->ncols);
    if (!s)
        return NULL;
    memcpy(s->types, child->types, sizeof *s->types * (size_t)child->ncols);
    memcpy(s->names, child->names, sizeof *s->names * (size_t)child->ncols);
    s->child = child;
    s->nsort = q->norder;
    s->sort_keys = eng_arena_calloc(b->a, sizeof *s->sort_keys * (size_t)q->norder);
    s->sort_desc = eng_arena_calloc(b->a, sizeof(bool) * (size_t)q->norder);
    s->sort_nulls_first = eng_arena_calloc(b->a, sizeof(bool) * (size_t)q->norder);
    if (!s->sort_keys || !s->sort_desc || !s->sort_nulls_first) {
        eng_err_oom(b->err);
        return NULL;
    }
    for (int i = 0; i < q->norder; i++) {
        plan_expr *k = bind_new(b, PX_COLREF, child->types[keys[i]],
                             q->order_by[i].pos);
        if (!k) {
            eng_err_oom(b->err);
            return NULL;
        }
        k->col = keys[i];
        s->sort_keys[i] = k;
        s->sort_desc[i] = q->order_by[i].desc;
        s->sort_nulls_first[i] = q->order_by[i].nulls == 1;
    }
    return s;
}

/* Wraps *plan in a PN_LIMIT for q's LIMIT/OFFSET, if any. */
eng_rc bind_limit(bctx *b, const ast_query *q, plan_node **plan)
{
    if (!q->limit && !q->offset)
        return ENG_OK;
    const ast_expr *le[2] = { q->limit, q->offset };
    int64_t v[2] = { -1, 0 };
    for (int i = 0; i < 2; i++) {
        if (!le[i])
            continue;
        if (le[i]->kind != AE_INT || le[i]->int_val < 0)
            return eng_err_set(b->err, ENG_ERR_SYNTAX_ERROR, le[i]->pos,
                               "%s must be a non-negative integer literal",
                               i ? "OFFSET" : "LIMIT");
        v[i] = le[i]->int_val;
    }
    plan_node *l = bind_node(b, PN_LIMIT, (*plan)->ncols);
    if (!l)
        return ENG_NOMEM;
    memcpy(l->types, (*plan)->types, sizeof *l->types * (size_t)l->ncols);
    memcpy(l->names, (*plan)->names, sizeof *l->names * (size_t)l->ncols);
    l->child = *plan;
    l->limit = v[0];
    l->offset = v[1];
    *plan = l;
    return ENG_OK;
}

/*
 * ORDER BY and LIMIT over a set operation or nested query: keys are
 * output ordinals, output names or expressions over the output columns.
 */
eng_rc bind_order_limit(bctx *b, const ast_query *q, brel *rel)
{
    if (q->norder > 0) {
        int n = rel->ncols, extra = 0;
        int *keys = eng_arena_calloc(b->a, sizeof(int) * (size_t)q->norder);
        plan_expr **ex = eng_arena_calloc(b->a, sizeof *ex * (size_t)(n + q->norder));
        if (!keys || !ex)
            return eng_err_oom(b->err);
        for (int i = 0; i < n; i++) {
            if (!(ex[i] = bind_new(b, PX_COLREF, rel->plan->types[i], 0)))
                return eng_err_oom(b->err);
            ex[i]->col = i;
        }
        bexpr_ctx x = { .b = b, .scope = rel, .mode = BM_PLAIN,
                        .clause = "ORDER BY clause" };
        for (int i = 0; i < q->norder; i++) {
            const ast_expr *e = q->order_by[i].expr;
            if (e->kind == AE_INT) {
                if (e->int_val < 1 || e->int_val > n)
                    return eng_err_set(b->err, ENG_ERR_INVALID_COLUMN_REFERENCE,
                                       e->pos, "ORDER BY position %lld is not "
                                       "in select list", (long long)e->int_val);
                keys[i] = (int)e->int_val - 1;
                continue;
            }
            plan_expr *r;
            eng_rc rc = bind_expr(&x, e, &r);
            if (rc)
                return rc;
            if (r->kind == PX_COLREF) {
                keys[i] = r->col;
                continue;
            }
            ex[n + extra] = r;
            keys[i] = n + extra++;
        }
        plan_node *p = rel->plan;
        if (extra && !(p = bind_project(b, p, n + extra, ex, NULL)))
            return ENG_NOMEM;
        for (int i = 0; i < n && extra; i++)
            p->names[i] = rel->plan->names[i];
        eng_rc rc = check_orderable(b, p, q, keys);
        if (rc)
            return rc;
        if (!(p = make_sort(b, p, q, keys)))
            return ENG_NOMEM;
        rc = bind_limit(b, q, &p);
        if (rc)
            return rc;
        if (extra && !(p = bind_project(b, p, n, ex, rel->plan->names)))
            return ENG_NOMEM;
        rel->plan = p;
        return ENG_OK;
    }
    return bind_limit(b, q, &rel->plan);
}

/* Is this an aggregate query (GROUP BY, HAVING, or an aggregate call)? */
static bool select_has_agg(const ast_select *sel, const ast_query *q)
{
    if (sel->ngroup > 0 || sel->ngsets > 0 || sel->having)
        return true;
    for (int i = 0; i < sel->nitems; i++)
        if (bind_ast_has_agg(sel->items[i].expr))
            return true;
    for (int i = 0; q && i < q->norder; i++)
        if (bind_ast_has_agg(q->order_by[i].expr))
            return true;
    return false;
}

/* Output column descriptions of the select list: names, nullability and
 * origin of plain column references. */
static eng_rc describe_items(sel_state *st, brel *out)
{
    bctx *b = st->b;
    out->ncols = st->nitems;
    out->cols = eng_arena_calloc(b->a, sizeof *out->cols * (size_t)(st->nitems + 1));
    if (!out->cols)
        return eng_err_oom(b->err);
    for (int i = 0; i < st->nitems; i++) {
        const sitem *it = &st->items[i];
        bcol *c = &out->cols[i];
        c->name = st->names[i];
        c->type = st->out[i]->type;
        c->nullable = true;
        int src = it->star_col;
        if (src < 0 && it->ast && it->ast->kind == AE_COLUMN)
            bind_resolve_column(b, &st->in, &it->ast->name, &src);
        if (src >= 0) {
            const bcol *s = &st->in.cols[src];
            c->nullable = s->nullable;
            c->ocat = s->ocat;
            c->oschema = s->oschema;
            c->otable = s->otable;
            c->obase = s->obase;
        }
    }
    return ENG_OK;
}

/*
 * Grouping sets: a PN_GROUPID under the aggregate g repeats each row once
 * per set with the keys outside the set NULL; g then groups by those key
 * columns and the set number. Aggregate arguments keep their column
 * numbers (GROUPID passes the child's columns first).
 */
static eng_rc group_id(sel_state *st, plan_node *g)
{
    bctx *b = st->b;
    plan_node *child = g->child;
    int nc = child->ncols, ng = st->ngroups;
    plan_node *id = bind_node(b, PN_GROUPID, nc + ng + 1);
    plan_expr **keys = eng_arena_calloc(b->a, sizeof *keys * (size_t)(ng + 1));
    if (!id || !keys)
        return eng_err_oom(b->err);
    memcpy(id->types, child->types, sizeof *id->types * (size_t)nc);
    memcpy(id->names, child->names, sizeof *id->names * (size_t)nc);
    id->child = child;
    id->ngroups = ng;
    id->groups = st->groups;
    id->nsets = st->ginfo.nsets;
    id->gset_masks = (uint64_t *)st->ginfo.masks;
    for (int k = 0; k <= ng; k++) {
        eng_type t = k < ng ? st->groups[k]->type : eng_type_make(ENG_T_BIGINT);
        id->types[nc + k] = t;
        id->names[nc + k] = eng_arena_sprintf(b->a, k < ng ? "_key%d" : "_set",
                                              k);
        if (!id->names[nc + k] || !(keys[k] = bind_new(b, PX_COLREF, t, 0)))
            return eng_err_oom(b->err);
        keys[k]->col = nc + k;
    }
    g->child = id;
    g->ngroups = ng + 1;
    g->groups = keys;
    g->nsets = id->nsets;          /* empty sets give a row on empty input */
    g->gset_masks = id->gset_masks;
    return ENG_OK;
}

/*
 * Puts the window functions under the projection: their expressions are
 * mapped onto the aggregate's output in an aggregate query, then the
 * markers in the output expressions become the PN_WINDOW columns.
 */
static eng_rc plan_windows(sel_state *st, plan_node **plan)
{
    bctx *b = st->b;
    eng_rc rc;
    for (int k = 0; k < st->wins.n && st->is_agg; k++) {
        bwin *w = &st->wins.w[k];
        plan_winfunc *f = &w->f;
        plan_expr **lists[] = { f->args, w->part, w->sort };
        int lens[] = { f->nargs, w->npart, w->nsort };
        for (int li = 0; li < 3; li++)
            for (int i = 0; i < lens[li]; i++)
                if (lists[li][i] &&
                    (rc = agg_rewrite(st, lists[li][i], &lists[li][i])))
                    return rc;
        plan_expr **one[] = { &f->agg.arg, &f->start_off, &f->end_off };
        for (int i = 0; i < 3; i++)
            if (*one[i] && (rc = agg_rewrite(st, *one[i], one[i])))
                return rc;
    }
    int *colmap = eng_arena_alloc(b->a, sizeof(int) * (size_t)st->wins.n);
    if (!colmap)
        return eng_err_oom(b->err);
    if ((rc = bind_window_nodes(b, &st->wins, plan, colmap)))
        return rc;
    for (int i = 0; i < st->nout; i++)
        bind_window_markers(st->out[i], colmap);
    return ENG_OK;
}

/* A PN_FILTER of pred over child (same columns). NULL on OOM. */
static plan_node *make_filter(bctx *b, plan_node *child, plan_expr *pred)
{
    plan_node *f = bind_node(b, PN_FILTER, child->ncols);
    if (!f)
        return NULL;
    memcpy(f->types, child->types, sizeof *f->types * (size_t)child->ncols);
    memcpy(f->names, child->names, sizeof *f->names * (size_t)child->ncols);
    f->child = child;
    f->pred = pred;
    return f;
}

/*
 * Binds one SELECT block into *out. When q is not NULL the block is the
 * whole body of q and also takes q's ORDER BY and LIMIT.
 */
eng_rc bind_select(bctx *b, const ast_select *sel, const ast_query *q,
                  brel *out)
{
    sel_state st;
    memset(&st, 0, sizeof st);
    st.b = b;
    st.wins.sel = sel;
    eng_rc rc;
    if ((rc = bind_from(b, sel->from, &st.in)))
        return rc;
    plan_node *plan = st.in.plan;
    if (sel->where) {
        bexpr_ctx x = { .b = b, .scope = &st.in, .mode = BM_PLAIN,
                        .clause = "WHERE clause" };
        plan_expr *pred;
        if ((rc = bind_bool_expr(&x, sel->where, &pred)))
            return rc;
        if (!(plan = make_filter(b, plan, pred)))
            return ENG_NOMEM;
    }
    if ((rc = expand_items(&st, sel)))
        return rc;
    st.is_agg = select_has_agg(sel, q);
    if (st.is_agg && (rc = bind_groups(&st, sel)))
        return rc;

    /* select list */
    for (int i = 0; i < st.nitems; i++) {
        const sitem *it = &st.items[i];
        plan_expr *e;
        if (it->ast && st.item_group && st.item_group[i] >= 0) {
            int g = st.item_group[i];
            e = bind_new(b, PX_COLREF, st.groups[g]->type, it->pos);
            if (e)
                e->col = g;
            rc = e ? ENG_OK : eng_err_oom(b->err);
        } else if (it->ast) {
            rc = bind_output_expr(&st, it->ast, "SELECT clause", &e);
        } else {
            e = in_colref(&st, it->star_col, it->pos);
            rc = e ? (st.is_agg ? agg_rewrite(&st, e, &e) : ENG_OK)
                   : eng_err_oom(b->err);
        }
        if (rc || (rc = add_out(&st, e, item_name(&st, i))))
            return rc;
    }
    int nsel = st.nout;

    /* HAVING */
    plan_expr *having = NULL;
    if (sel->having) {
        if ((rc = bind_output_expr(&st, sel->having, "HAVING clause", &having)))
            return rc;
        if (having->type.id == ENG_T_UNKNOWN)
            rc = bind_coerce(b, having, eng_type_make(ENG_T_BOOLEAN), &having);
        else if (having->type.id != ENG_T_BOOLEAN)
            rc = eng_err_set(b->err, ENG_ERR_DATATYPE_MISMATCH, sel->having->pos,
                             "HAVING clause must evaluate to a boolean: actual "
                             "type %s", bind_type_str(b, having->type));
        if (rc)
            return rc;
    }

    /* ORDER BY: output column, or a hidden column */
    int norder = q ? q->norder : 0;
    int *keys = eng_arena_calloc(b->a, sizeof(int) * (size_t)(norder + 1));
    if (!keys)
        return eng_err_oom(b->err);
    for (int i = 0; i < norder; i++) {
        const ast_order_item *o = &q->order_by[i];
        int t;
        if ((rc = order_target(&st, o, nsel, st.names, &t)))
            return rc;
        if (t < 0) {
            plan_expr *e;
            if ((rc = bind_output_expr(&st, o->expr, "ORDER BY clause", &e)))
                return rc;
            for (int k = 0; k < st.nout && t < 0; k++)
                if (bind_expr_equal(e, st.out[k]))
                    t = k;
            if (t < 0) {
                if (sel->distinct)
                    return eng_err_set(b->err, ENG_ERR_INVALID_COLUMN_REFERENCE,
                                       o->pos, "For SELECT DISTINCT, ORDER BY "
                                       "expressions must appear in select list");
                t = st.nout;
                if ((rc = add_out(&st, e, NULL)))
                    return rc;
            }
        }
        keys[i] = t;
    }

    /* aggregate and HAVING */
    if (st.is_agg) {
        int ng = st.ngroups + st.gid_off, n = ng + st.aggs.n;
        plan_node *g = bind_node(b, PN_AGG, n);
        if (!g)
            return ENG_NOMEM;
        g->child = plan;
        g->ngroups = st.ngroups;
        g->groups = st.groups;
        if (st.gid_off && (rc = group_id(&st, g)))
            return rc;
        g->naggs = st.aggs.n;
        g->aggs = st.aggs.aggs;
        for (int i = 0; i < st.ngroups; i++)
            g->types[i] = st.groups[i]->type;
        if (st.gid_off)
            g->types[st.ngroups] = eng_type_make(ENG_T_BIGINT);
        for (int i = 0; i < st.aggs.n; i++)
            g->types[ng + i] = st.aggs.aggs[i].type;
        plan = g;
        if (having && !(plan = make_filter(b, plan, having)))
            return ENG_NOMEM;
    }
    if (st.wins.n > 0 && (rc = plan_windows(&st, &plan)))
        return rc;

    if (!(plan = bind_project(b, plan, st.nout, st.out, st.names)))
        return ENG_NOMEM;
    if (sel->distinct) {
        plan_node *d = bind_node(b, PN_DISTINCT, plan->ncols);
        if (!d)
            return ENG_NOMEM;
        memcpy(d->types, plan->types, sizeof *d->types * (size_t)plan->ncols);
        memcpy(d->names, plan->names, sizeof *d->names * (size_t)plan->ncols);
        d->child = plan;
        plan = d;
    }
    if (norder > 0 && (rc = check_orderable(b, plan, q, keys)))
        return rc;
    if (norder > 0 && !(plan = make_sort(b, plan, q, keys)))
        return ENG_NOMEM;
    if (q && (rc = bind_limit(b, q, &plan)))
        return rc;
    if (st.nout > nsel) {
        plan_expr **ex = eng_arena_calloc(b->a, sizeof *ex * (size_t)nsel);
        if (!ex)
            return eng_err_oom(b->err);
        for (int i = 0; i < nsel; i++) {
            if (!(ex[i] = bind_new(b, PX_COLREF, plan->types[i], 0)))
                return eng_err_oom(b->err);
            ex[i]->col = i;
        }
        if (!(plan = bind_project(b, plan, nsel, ex, st.names)))
            return ENG_NOMEM;
    }
    if ((rc = describe_items(&st, out)))
        return rc;
    out->plan = plan;
    return ENG_OK;
}
