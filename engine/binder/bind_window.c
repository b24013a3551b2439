/*
 * engine/binder/bind_window.c
 *   Window function calls (`f(...) OVER (...)`): which function, its
 *   arguments and Trino result type, the window's PARTITION BY / ORDER BY
 *   and frame; then the PN_WINDOW nodes that compute them.
 * Interface: bind_window_call, bind_window_nodes, bind_window_markers.
 * Not here: where window calls may appear and the plan shape around them
 *   (bind_select.c), computing them (exec/op_window.c).
 *
 * A window call binds into the select state's bwin_list and returns a
 * marker colref (BND_WIN_BASE + k), as aggregates do. Its arguments and
 * keys bind in the caller's mode, so in an aggregate query they may hold
 * the group's aggregates (`sum(sum(x)) OVER ()`) and bind_select.c
 * rewrites them onto the aggregate's output. Window calls are refused
 * (42803) anywhere but the select list and ORDER BY, and inside another
 * window call's or an aggregate's arguments, as in Trino.
 * Result types follow Trino: row_number, rank, dense_rank, ntile bigint;
 * percent_rank, cume_dist double; lag, lead, first/last/nth_value the
 * value's type; aggregates as in GROUP BY.
 * The default frame is RANGE UNBOUNDED PRECEDING to CURRENT ROW (peers
 * included); without ORDER BY every row of a partition is a peer.
 */
#include <stdio.h>
#include <string.h>
#include "bind_int.h"

/* The effective window of a call: OVER w, OVER (w ...) or OVER (...). */
typedef struct wspec {
    int npart;
    ast_expr **part;
    int norder;
    const ast_order_item *order;
    ast_frame_unit unit;
    ast_frame_bound start, end;
} wspec;

/* Finds WINDOW name in the select block of l. */
static const ast_window *find_named(const bwin_list *l, const char *name)
{
    const ast_select *s = l->sel;
    for (int i = 0; s && i < s->nwindows; i++)
        if (!strcmp(s->windows[i].name, name))
            return s->windows[i].spec;
    return NULL;
}

/* Resolves w (following references to WINDOW clause entries) into *out. */
static eng_rc resolve_spec(bctx *b, const bwin_list *l, const ast_window *w,
                           int depth, wspec *out)
{
    if (w->ref) {
        const ast_window *base = find_named(l, w->ref);
        if (!base || depth > 16)
            return eng_err_set(b->err, ENG_ERR_WINDOWING_ERROR, w->pos,
                               "Cannot resolve WINDOW name %s", w->ref);
        eng_rc rc = resolve_spec(b, l, base, depth + 1, out);
        if (rc)
            return rc;
        if (w->npartition)
            return eng_err_set(b->err, ENG_ERR_WINDOWING_ERROR, w->pos,
                               "WINDOW specification with named WINDOW "
                               "reference cannot specify PARTITION BY");
        if (w->norder && out->norder)
            return eng_err_set(b->err, ENG_ERR_WINDOWING_ERROR, w->pos,
                               "Cannot specify ORDER BY if referenced named "
                               "WINDOW specifies ORDER BY");
        if (out->unit != AFU_NONE && depth == 0 &&
            (w->norder || w->unit != AFU_NONE || w->npartition))
            return eng_err_set(b->err, ENG_ERR_WINDOWING_ERROR, w->pos,
                               "Cannot reference named WINDOW containing "
                               "frame specification");
    } else {
        memset(out, 0, sizeof *out);
        out->npart = w->npartition;
        out->part = w->partition;
    }
    if (w->norder) {
        out->norder = w->norder;
        out->order = w->order_by;
    }
    if (w->unit != AFU_NONE) {
        out->unit = w->unit;
        out->start = w->start;
        out->end = w->end;
    }
    return ENG_OK;
}

/* Binds e and coerces it to bigint (an integer type is required). */
static eng_rc bind_bigint(bexpr_ctx *x, const ast_expr *e, const char *what,
                          plan_expr **out)
{
    bctx *b = x->b;
    eng_rc rc = bind_expr(x, e, out);
    if (rc)
        return rc;
    eng_type_id t = (*out)->type.id;
    if (t != ENG_T_UNKNOWN && !eng_type_is_integer(t))
        return eng_err_set(b->err, ENG_ERR_DATATYPE_MISMATCH, e->pos,
                           "%s must be an exact numeric type with scale 0 "
                           "(actual %s)", what, bind_type_str(b, (*out)->type));
    return bind_coerce(b, *out, eng_type_make(ENG_T_BIGINT), out);
}

/*
 * RANGE with an interval PRECEDING / FOLLOWING over a date or timestamp
 * key: each offset must be a constant interval (checked not negative or
 * NULL here, 22023 as Trino at run time); the frame bound of a row is
 * its key minus or plus the interval in the direction of the sort
 * (range_value), which op_window finds by binary search.
 */
static eng_rc range_datetime(bexpr_ctx *x, const wspec *s, plan_winfunc *f,
                             plan_expr *key)
{
    bctx *b = x->b;
    static const plan_frame_bound map[] = {
        PF_CURRENT_ROW, PF_UNBOUNDED_PRECEDING, PF_PRECEDING, PF_CURRENT_ROW,
        PF_FOLLOWING, PF_UNBOUNDED_FOLLOWING };
    const ast_frame_bound *bd[2] = { &s->start, &s->end };
    plan_expr **off[2] = { &f->start_off, &f->end_off };
    bool desc = s->order[0].desc;
    for (int i = 0; i < 2; i++) {
        if (!bd[i]->offset)
            continue;
        plan_expr *o;
        eng_rc rc = bind_expr(x, bd[i]->offset, &o);
        if (rc)
            return rc;
        eng_type_id t = o->type.id;
        if (t != ENG_T_INTERVAL_DS && t != ENG_T_INTERVAL_YM)
            return eng_err_set(b->err, ENG_ERR_DATATYPE_MISMATCH, bd[i]->pos,
                               "Window frame RANGE value type (%s) not "
                               "compatible with sort item type (%s)",
                               bind_type_str(b, o->type),
                               bind_type_str(b, key->type));
        if (o->kind != PX_CONST)
            return eng_err_set(b->err, ENG_ERR_FEATURE_NOT_SUPPORTED,
                               bd[i]->pos, "Window frame of type RANGE over a "
                               "%s key with an offset that is not a constant "
                               "interval is not supported",
                               bind_type_str(b, key->type));
        if (o->value.is_null || o->value.u.i < 0)
            return eng_err_set(b->err, ENG_ERR_INVALID_PARAMETER_VALUE,
                               bd[i]->pos, "Window frame offset value must "
                               "not be negative or null");
        bool preceding = bd[i]->kind == AFB_PRECEDING;
        if ((rc = bind_time_arith(b, preceding != desc ? AOP_SUB : AOP_ADD,
                                  key, o, bd[i]->pos, off[i])))
            return rc;
        if ((*off[i])->type.id != key->type.id &&
            (rc = bind_coerce(b, *off[i], key->type, off[i])))
            return rc;
    }
    f->range_value = true;
    f->start = map[s->start.kind];
    f->end = map[s->end.kind == AFB_NONE ? AFB_CURRENT_ROW : s->end.kind];
    return ENG_OK;
}

/*
 * RANGE with n PRECEDING / n FOLLOWING: one ORDER BY key of a numeric
 * type, numeric offsets (bound with their own type; op_window compares
 * key +/- offset exactly, in the wider of the two types).
 */
static eng_rc range_offsets(bexpr_ctx *x, const wspec *s, plan_winfunc *f,
                            int pos)
{
    bctx *b = x->b;
    static const plan_frame_bound map[] = {
        PF_CURRENT_ROW, PF_UNBOUNDED_PRECEDING, PF_PRECEDING, PF_CURRENT_ROW,
        PF_FOLLOWING, PF_UNBOUNDED_FOLLOWING };
    if (s->norder != 1)
        return eng_err_set(b->err, ENG_ERR_WINDOWING_ERROR, pos,
                           "Window frame of type RANGE PRECEDING or FOLLOWING "
                           "requires single sort item in ORDER BY (actual: %d)",
                           s->norder);
    plan_expr *key;
    eng_rc rc = bind_expr(x, s->order[0].expr, &key);
    if (rc)
        return rc;
    if (key->type.id == ENG_T_DATE || key->type.id == ENG_T_TIMESTAMP)
        return range_datetime(x, s, f, key);
    if (!eng_type_is_numeric(key->type.id))
        return eng_err_set(b->err, ENG_ERR_FEATURE_NOT_SUPPORTED, pos,
                           "Window frame of type RANGE with an offset over a "
                           "sort key of type %s is not supported",
                           bind_type_str(b, key->type));
    const ast_frame_bound *bd[2] = { &s->start, &s->end };
    plan_expr **off[2] = { &f->start_off, &f->end_off };
    for (int i = 0; i < 2; i++) {
        if (!bd[i]->offset)
            continue;
        if ((rc = bind_expr(x, bd[i]->offset, off[i])))
            return rc;
        eng_type t = (*off[i])->type;
        if (t.id == ENG_T_UNKNOWN)
            rc = bind_coerce(b, *off[i], eng_type_make(ENG_T_BIGINT), off[i]);
        else if (!eng_type_is_numeric(t.id))
            rc = eng_err_set(b->err, ENG_ERR_DATATYPE_MISMATCH, bd[i]->pos,
                             "Window frame RANGE value type (%s) not "
                             "compatible with sort item type (%s)",
                             bind_type_str(b, t), bind_type_str(b, key->type));
        else if (eng_type_is_integer(t.id))
            rc = bind_coerce(b, *off[i], eng_type_make(ENG_T_BIGINT), off[i]);
        if (rc)
            return rc;
    }
    f->start = map[s->start.kind];
    f->end = map[s->end.kind == AFB_NONE ? AFB_CURRENT_ROW : s->end.kind];
    return ENG_OK;
}

/* The frame of spec s into f (Trino's rules, with its messages). */
static eng_rc bind_frame(bexpr_ctx *x, const wspec *s, plan_winfunc *f,
                         int pos)
{
    bctx *b = x->b;
    if (s->unit == AFU_NONE) {
        f->rows = false;
        f->start = PF_UNBOUNDED_PRECEDING;
        f->end = PF_CURRENT_ROW;
        return ENG_OK;
    }
    ast_bound_kind sk = s->start.kind;
    ast_bound_kind ek = s->end.kind == AFB_NONE ? AFB_CURRENT_ROW : s->end.kind;
    if (sk == AFB_UNBOUNDED_FOLLOWING)
        return eng_err_set(b->err, ENG_ERR_WINDOWING_ERROR, s->start.pos,
                           "Window frame start cannot be UNBOUNDED FOLLOWING");
    if (ek == AFB_UNBOUNDED_PRECEDING)
        return eng_err_set(b->err, ENG_ERR_WINDOWING_ERROR, s->end.pos,
                           "Window frame end cannot be UNBOUNDED PRECEDING");
    if (sk == AFB_CURRENT_ROW && ek == AFB_PRECEDING)
        return eng_err_set(b->err, ENG_ERR_WINDOWING_ERROR, s->end.pos,
                           "Window frame starting from CURRENT ROW cannot end "
                           "with PRECEDING");
    if (sk == AFB_FOLLOWING && (ek == AFB_PRECEDING || ek == AFB_CURRENT_ROW))
        return eng_err_set(b->err, ENG_ERR_WINDOWING_ERROR, s->end.pos,
                           "Window frame starting from FOLLOWING cannot end "
                           "with PRECEDING or CURRENT ROW");
    f->rows = s->unit == AFU_ROWS;
    f->groups = s->unit == AFU_GROUPS;
    bool offsets = sk == AFB_PRECEDING || sk == AFB_FOLLOWING ||
                   ek == AFB_PRECEDING || ek == AFB_FOLLOWING;
    if (f->groups && offsets && s->norder == 0)
        return eng_err_set(b->err, ENG_ERR_WINDOWING_ERROR, pos,
                           "Window frame of type GROUPS PRECEDING or "
                           "FOLLOWING requires ORDER BY");
    if (!f->rows && !f->groups && (sk == AFB_PRECEDING || sk == AFB_FOLLOWING ||
                     ek == AFB_PRECEDING || ek == AFB_FOLLOWING))
        return range_offsets(x, s, f, pos);
    static const plan_frame_bound map[] = {
        PF_CURRENT_ROW, PF_UNBOUNDED_PRECEDING, PF_PRECEDING, PF_CURRENT_ROW,
        PF_FOLLOWING, PF_UNBOUNDED_FOLLOWING };
    f->start = map[sk];
    f->end = map[ek];
    eng_rc rc;
    const char *unit = f->groups ? "GROUPS" : "ROWS";
    char what[64];
    snprintf(what, sizeof what, "Window frame %s start value type", unit);
    if (s->start.offset &&
        (rc = bind_bigint(x, s->start.offset, what, &f->start_off)))
        return rc;
    snprintf(what, sizeof what, "Window frame %s end value type", unit);
    if (s->end.kind != AFB_NONE && s->end.offset &&
        (rc = bind_bigint(x, s->end.offset, what, &f->end_off)))
        return rc;
    return ENG_OK;
}

/* Arguments of a ranking or value function into f; Trino's result type. */
static eng_rc bind_win_args(bexpr_ctx *x, const ast_expr *e, const char *name,
                            plan_winfunc *f)
{
    bctx *b = x->b;
    static const struct { const char *name; plan_win_kind kind; int lo, hi; }
    fns[] = {
        { "row_number", PW_ROW_NUMBER, 0, 0 }, { "rank", PW_RANK, 0, 0 },
        { "dense_rank", PW_DENSE_RANK, 0, 0 },
        { "percent_rank", PW_PERCENT_RANK, 0, 0 },
        { "cume_dist", PW_CUME_DIST, 0, 0 }, { "ntile", PW_NTILE, 1, 1 },
        { "lag", PW_LAG, 1, 3 }, { "lead", PW_LEAD, 1, 3 },
        { "first_value", PW_FIRST_VALUE, 1, 1 },
        { "last_value", PW_LAST_VALUE, 1, 1 },
        { "nth_value", PW_NTH_VALUE, 2, 2 } };
    size_t i;
    for (i = 0; i < sizeof fns / sizeof *fns; i++)
        if (!strcmp(fns[i].name, name))
            break;
    if (i == sizeof fns / sizeof *fns)
        return eng_err_set(b->err, ENG_ERR_UNDEFINED_FUNCTION, e->pos,
                           "Function '%s' not registered", name);
    f->kind = fns[i].kind;
    if (e->star || e->distinct || e->nargs < fns[i].lo || e->nargs > fns[i].hi)
        return eng_err_set(b->err, ENG_ERR_UNDEFINED_FUNCTION, e->pos,
                           "Unexpected parameters for function %s", name);
    if (e->null_treatment == 1 && f->kind < PW_LAG)
        return eng_err_set(b->err, ENG_ERR_WINDOWING_ERROR, e->pos,
                           "Cannot specify null treatment clause for %s "
                           "function", name);
    f->ignore_nulls = e->null_treatment == 1;
    f->nargs = e->nargs;
    f->args = eng_arena_calloc(b->a, sizeof *f->args * (size_t)(e->nargs + 1));
    if (!f->args)
        return eng_err_oom(b->err);
    eng_rc rc = ENG_OK;
    switch (f->kind) {
    case PW_PERCENT_RANK:
    case PW_CUME_DIST:
        f->type = eng_type_make(ENG_T_DOUBLE);
        return ENG_OK;
    case PW_ROW_NUMBER:
    case PW_RANK:
    case PW_DENSE_RANK:
        f->type = eng_type_make(ENG_T_BIGINT);
        return ENG_OK;
    case PW_NTILE:
        f->type = eng_type_make(ENG_T_BIGINT);
        return bind_bigint(x, e->args[0], "ntile bucket count", &f->args[0]);
    default:
        break;
    }
    if ((rc = bind_expr(x, e->args[0], &f->args[0])))
        return rc;
    if (e->nargs > 1 &&
        (rc = bind_bigint(x, e->args[1], f->kind == PW_NTH_VALUE
                          ? "nth_value position" : "Offset", &f->args[1])))
        return rc;
    eng_type t = f->args[0]->type;
    if (e->nargs > 2) {
        if ((rc = bind_expr(x, e->args[2], &f->args[2])))
            return rc;
        if (!bind_common_type(t, f->args[2]->type, &t))
            return eng_err_set(b->err, ENG_ERR_UNDEFINED_FUNCTION, e->pos,
                               "Unexpected parameters (%s, bigint, %s) for "
                               "function %s", bind_type_str(b, t),
                               bind_type_str(b, f->args[2]->type), name);
        if ((rc = bind_coerce(b, f->args[2], t, &f->args[2])) ||
            (rc = bind_coerce(b, f->args[0], t, &f->args[0])))
            return rc;
    }
    f->type = t;
    return ENG_OK;
}

/* An aggregate over a window: bound by bind_func into a list of one. */
static eng_rc bind_win_agg(bexpr_ctx *x, const ast_expr *e, const char *name,
                           plan_winfunc *f)
{
    bctx *b = x->b;
    if (e->distinct)
        return eng_err_set(b->err, ENG_ERR_FEATURE_NOT_SUPPORTED, e->pos,
                           "DISTINCT in window function parameters is not "
                           "supported");
    if (e->null_treatment == 1)
        return eng_err_set(b->err, ENG_ERR_WINDOWING_ERROR, e->pos,
                           "Cannot specify null treatment clause for %s "
                           "function", name);
    bagg_list one = { 0, 0, NULL };
    bexpr_ctx sub = *x;
    sub.win_agg = &one;
    ast_expr call = *e;
    call.over = NULL;
    call.null_treatment = 0;
    plan_expr *marker;
    eng_rc rc = bind_func(&sub, &call, &marker);
    if (rc)
        return rc;
    f->kind = PW_AGG;
    f->agg = one.aggs[0];
    f->type = f->agg.type;
    /* every aggregate: op_window computes the collecting ones (listagg,
     * array_agg, approx_percentile) and approx_distinct (count DISTINCT)
     * from each frame's rows */
    return ENG_OK;
}

eng_rc bind_window_call(bexpr_ctx *x, const ast_expr *e, plan_expr **out)
{
    bctx *b = x->b;
    const char *name = e->name.parts[e->name.nparts - 1];
    if (!x->wins)
        return eng_err_set(b->err, ENG_ERR_GROUPING_ERROR, e->pos,
                           "%s cannot contain window functions",
                           x->clause ? x->clause : "This clause");
    if (e->name.nparts != 1)
        return eng_err_set(b->err, ENG_ERR_UNDEFINED_FUNCTION, e->pos,
                           "Function '%s' not registered", name);
    bwin_list *l = x->wins;
    wspec s;
    eng_rc rc = resolve_spec(b, l, e->over, 0, &s);
    if (rc)
        return rc;
    bwin w;
    memset(&w, 0, sizeof w);
    /* arguments, keys and offsets: no window call inside */
    bexpr_ctx sub = *x;
    sub.wins = NULL;
    sub.win_agg = NULL;
    sub.clause = "Window function argument";
    rc = bind_is_agg_name(name) ? bind_win_agg(&sub, e, name, &w.f)
                                : bind_win_args(&sub, e, name, &w.f);
    if (rc)
        return rc;
    /* Trino: MISSING_ORDER_BY (42P20, as the Trino connector maps it) */
    if (!bind_is_agg_name(name) && (w.f.kind == PW_LAG || w.f.kind == PW_LEAD) &&
        s.norder == 0)
        return eng_err_set(b->err, ENG_ERR_WINDOWING_ERROR, e->pos,
                           "%s function requires an ORDER BY window clause",
                           name);
    sub.clause = "Window frame offset";
    if ((rc = bind_frame(&sub, &s, &w.f, e->over->pos)))
        return rc;
    w.npart = s.npart;
    w.nsort = s.norder;
    w.part = eng_arena_calloc(b->a, sizeof *w.part * (size_t)(s.npart + 1));
    w.sort = eng_arena_calloc(b->a, sizeof *w.sort * (size_t)(s.norder + 1));
    w.desc = eng_arena_calloc(b->a, sizeof(bool) * (size_t)(s.norder + 1));
    w.nulls_first = eng_arena_calloc(b->a, sizeof(bool) * (size_t)(s.norder + 1));
    if (!w.part || !w.sort || !w.desc || !w.nulls_first)
        return eng_err_oom(b->err);
    sub.clause = "PARTITION BY clause";
    for (int i = 0; i < s.npart; i++)
        if ((rc = bind_expr(&sub, s.part[i], &w.part[i])))
            return rc;
    sub.clause = "Window ORDER BY clause";
    for (int i = 0; i < s.norder; i++) {
        if ((rc = bind_expr(&sub, s.order[i].expr, &w.sort[i])))
            return rc;
        if (w.sort[i]->type.id == ENG_T_JSON)   /* comparable, not orderable */
            return eng_err_set(b->err, ENG_ERR_DATATYPE_MISMATCH,
                               s.order[i].expr->pos, "Type json is not "
                               "orderable, and therefore cannot be used in "
                               "window function ORDER BY");
        w.desc[i] = s.order[i].desc;
        w.nulls_first[i] = s.order[i].nulls == 1;  /* Trino: NULLS LAST */
    }
    if (l->n == l->cap &&
        !eng_array_grow(b->a, &l->w, &l->cap, l->n + 1, sizeof *l->w))
        return eng_err_oom(b->err);
    l->w[l->n] = w;
    plan_expr *r = bind_new(b, PX_COLREF, w.f.type, e->pos);
    if (!r)
        return eng_err_oom(b->err);
    r->col = BND_WIN_BASE + l->n++;
    *out = r;
    return ENG_OK;
}

/* True when windows a and b partition and order rows the same way. */
static bool same_window(const bwin *a, const bwin *b)
{
    if (a->npart != b->npart || a->nsort != b->nsort)
        return false;
    for (int i = 0; i < a->npart; i++)
        if (!bind_expr_equal(a->part[i], b->part[i]))
            return false;
    for (int i = 0; i < a->nsort; i++)
        if (!bind_expr_equal(a->sort[i], b->sort[i]) ||
            a->desc[i] != b->desc[i] || a->nulls_first[i] != b->nulls_first[i])
            return false;
    return true;
}

eng_rc bind_window_nodes(bctx *b, const bwin_list *l, plan_node **plan,
                         int *colmap)
{
    for (int k = 0; k < l->n; k++)
        colmap[k] = -1;
    for (int k = 0; k < l->n; k++) {
        if (colmap[k] >= 0)
            continue;
        const bwin *w = &l->w[k];
        int nf = 0;
        for (int j = k; j < l->n; j++)
            if (colmap[j] < 0 && same_window(w, &l->w[j]))
                nf++;
        plan_node *child = *plan, *n = bind_node(b, PN_WINDOW, child->ncols + nf);
        if (!n)
            return ENG_NOMEM;
        n->wins = eng_arena_calloc(b->a, sizeof *n->wins * (size_t)nf);
        if (!n->wins)
            return eng_err_oom(b->err);
        memcpy(n->types, child->types, sizeof *n->types * (size_t)child->ncols);
        memcpy(n->names, child->names, sizeof *n->names * (size_t)child->ncols);
        n->child = child;
        n->npart = w->npart;
        n->part_keys = w->part;
        n->nsort = w->nsort;
        n->sort_keys = w->sort;
        n->sort_desc = w->desc;
        n->sort_nulls_first = w->nulls_first;
        for (int j = k; j < l->n; j++) {
            if (colmap[j] >= 0 || !same_window(w, &l->w[j]))
                continue;
            int c = child->ncols + n->nwin;
            n->wins[n->nwin++] = l->w[j].f;
            n->types[c] = l->w[j].f.type;
            n->names[c] = eng_arena_sprintf(b->a, "_window%d", j);
            if (!n->names[c])
                return eng_err_oom(b->err);
            colmap[j] = c;
        }
        *plan = n;
    }
    return ENG_OK;
}

void bind_window_markers(plan_expr *e, const int *colmap)
{
    if (!e)
        return;
    if (e->kind == PX_COLREF && e->col >= BND_WIN_BASE) {
        e->col = colmap[e->col - BND_WIN_BASE];
        return;
    }
    for (int i = 0; i < e->nargs; i++)
        bind_window_markers(e->args[i], colmap);
}
