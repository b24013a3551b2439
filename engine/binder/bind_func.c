/*
 * engine/binder/bind_func.c
 *   Function calls: the scalar functions the executor implements (name,
 *   arity and argument types checked, arguments coerced, result type set)
 *   and aggregate calls, which are collected into a bagg_list.
 * Interface: bind_func, bind_is_agg_name, bind_ast_has_agg.
 * Not here: operators and literals (bind_expr.c), GROUP BY (bind_select.c),
 *   the other scalar functions (bind_func_more.c).
 */
#include <stdio.h>
#include <string.h>
#include "bind_int.h"

static const char *const agg_names[] = {
    "count", "sum", "min", "max", "avg", "count_if", "bool_and", "bool_or",
    "every", "arbitrary", "any_value", "approx_distinct", "max_by", "min_by",
    "stddev", "stddev_samp", "stddev_pop", "variance", "var_samp", "var_pop",
    "listagg", "array_agg", "approx_percentile" };

/* True when name is one of the supported aggregate functions. */
bool bind_is_agg_name(const char *name)
{
    for (size_t i = 0; i < sizeof agg_names / sizeof *agg_names; i++)
        if (!strcmp(name, agg_names[i]))
            return true;
    return false;
}

/* True when e contains an aggregate call (not looking into subqueries). */
bool bind_ast_has_agg(const ast_expr *e)
{
    if (!e)
        return false;
    if (e->kind == AE_FUNC && e->over) {
        /* a window call is no aggregate; its arguments and keys may be */
        for (int i = 0; i < e->over->npartition; i++)
            if (bind_ast_has_agg(e->over->partition[i]))
                return true;
        for (int i = 0; i < e->over->norder; i++)
            if (bind_ast_has_agg(e->over->order_by[i].expr))
                return true;
    } else if (e->kind == AE_FUNC && e->name.nparts == 1 &&
               bind_is_agg_name(e->name.parts[0])) {
        return true;
    }
    for (int i = 0; i < e->nargs; i++)
        if (bind_ast_has_agg(e->args[i]))
            return true;
    if (bind_ast_has_agg(e->case_operand) || bind_ast_has_agg(e->else_result))
        return true;
    for (int i = 0; i < e->nwhen; i++)
        if (bind_ast_has_agg(e->when_conds[i]) ||
            bind_ast_has_agg(e->when_results[i]))
            return true;
    return false;
}

/* 42883 for a call whose argument types do not fit the function. */
eng_rc bind_bad_args(bctx *b, const ast_expr *e, const char *name,
                     plan_expr **args, int n)
{
    char list[512];
    size_t off = 0;
    list[0] = 0;
    for (int i = 0; i < n && off < sizeof list - 64; i++)
        off += (size_t)snprintf(list + off, sizeof list - off, "%s%s",
                                i ? ", " : "", bind_type_str(b, args[i]->type));
    return eng_err_set(b->err, ENG_ERR_UNDEFINED_FUNCTION, e->pos,
                       "Unexpected parameters (%s) for function %s", list, name);
}

/* See bind_int.h. */
eng_rc bind_scalar_args(bexpr_ctx *x, const ast_expr *e, const char *name,
                        plan_expr ***out)
{
    bctx *b = x->b;
    if (e->distinct || e->star)
        return eng_err_set(b->err, ENG_ERR_SYNTAX_ERROR, e->pos,
                           "%s is not an aggregate function", name);
    int n = e->nargs;
    plan_expr **args = eng_arena_calloc(b->a, sizeof *args * (size_t)(n + 1));
    if (!args)
        return eng_err_oom(b->err);
    for (int i = 0; i < n; i++) {
        eng_rc rc = bind_expr(x, e->args[i], &args[i]);
        if (rc)
            return rc;
    }
    *out = args;
    return ENG_OK;
}

/* See bind_int.h. */
bool bind_fit_arg(bctx *b, plan_expr **a, eng_type_id to, eng_rc *rc)
{
    eng_type_id have = (*a)->type.id;
    bool ok = have == ENG_T_UNKNOWN || have == to ||
              (eng_type_is_integer(to) && eng_type_is_integer(have)) ||
              (to == ENG_T_DOUBLE && eng_type_is_numeric(have));
    if (!ok)
        return false;
    /* a varchar of any length (or a char) is a varchar argument as it is */
    if (have == ENG_T_VARCHAR && to == ENG_T_VARCHAR)
        return true;
    eng_type t = to == ENG_T_VARCHAR ? eng_type_varchar(0) : eng_type_make(to);
    if (!*rc)
        *rc = bind_coerce(b, *a, t, a);
    return true;
}

/* See bind_int.h. */
eng_rc bind_check_sig(bctx *b, const ast_expr *e, const char *name,
                      plan_expr **args, int n, int min, int max,
                      const eng_type_id *params)
{
    eng_rc rc = ENG_OK;
    if (n < min || n > max)
        return bind_bad_args(b, e, name, args, n);
    for (int i = 0; i < n; i++)
        if (!bind_fit_arg(b, &args[i], params[i], &rc))
            return bind_bad_args(b, e, name, args, n);
    return rc;
}

/* Coerces args[0..n) to their common type, stored in *t. */
static bool unify(bctx *b, plan_expr **args, int n, eng_type *t, eng_rc *rc)
{
    eng_type c = eng_type_make(ENG_T_UNKNOWN);
    for (int i = 0; i < n; i++)
        if (!bind_common_type(c, args[i]->type, &c))
            return false;
    for (int i = 0; i < n && !*rc; i++)
        *rc = bind_coerce(b, args[i], c, &args[i]);
    *t = c;
    return true;
}

/* Type of round(x)/ceil/floor for decimal(p,s): decimal(p-s+min(s,1),0). */
static eng_type round_type(eng_type t)
{
    if (t.id != ENG_T_DECIMAL)
        return t;
    int p = t.precision - t.scale + (t.scale > 0 ? 1 : 0);
    if (p > ENG_DECIMAL_MAX_PRECISION)
        p = ENG_DECIMAL_MAX_PRECISION;
    return eng_type_decimal(p < 1 ? 1 : p, 0);
}

/* A string literal's bytes (listagg's separator and filler) as an eng_str
 * in the binder's arena; 42000 naming `what` when e is something else. */
static eng_rc literal_str(bctx *b, const ast_expr *e, const char *what,
                          eng_str *out)
{
    if (e->kind != AE_STRING)
        return eng_err_set(b->err, ENG_ERR_SYNTAX_ERROR, e->pos,
                           "%s must be a string literal", what);
    char *t = eng_arena_memdup(b->a, e->text, (size_t)e->text_len + 1);
    if (!t)
        return eng_err_oom(b->err);
    out->ptr = t;
    out->len = (uint32_t)e->text_len;
    return ENG_OK;
}

/*
 * listagg, array_agg and approx_percentile (the collecting aggregates)
 * into g: arguments, result type, ORDER BY keys, listagg's separator and
 * ON OVERFLOW. *arg is the bound first argument.
 */
static eng_rc bind_collecting(bexpr_ctx *sub, const ast_expr *e,
                              const char *name, plan_agg *g, plan_expr **arg)
{
    bctx *b = sub->b;
    eng_rc rc;
    eng_type t = (*arg)->type;
    if (!strcmp(name, "listagg")) {
        if (!e->within_group)
            return eng_err_set(b->err, ENG_ERR_SYNTAX_ERROR, e->pos,
                               "listagg requires WITHIN GROUP (ORDER BY ...)");
        if (t.id != ENG_T_VARCHAR && t.id != ENG_T_UNKNOWN)
            return bind_bad_args(b, e, name, arg, 1);
        if ((rc = bind_coerce(b, *arg, eng_type_make(ENG_T_VARCHAR), arg)))
            return rc;
        g->kind = PA_LISTAGG;
        g->type = eng_type_make(ENG_T_VARCHAR);
        g->sep.ptr = "";
        if (e->nargs == 2 &&
            (rc = literal_str(b, e->args[1], "listagg separator", &g->sep)))
            return rc;
        g->truncate = e->overflow == 2;
        g->with_count = e->overflow_count;
        g->filler.ptr = "...";
        g->filler.len = 3;
        if (e->overflow_filler &&
            (rc = literal_str(b, e->overflow_filler, "listagg truncation "
                              "filler", &g->filler)))
            return rc;
    } else if (e->within_group) {
        return eng_err_set(b->err, ENG_ERR_SYNTAX_ERROR, e->pos,
                           "WITHIN GROUP is only allowed for listagg");
    } else if (!strcmp(name, "array_agg")) {
        eng_rc arc;
        g->kind = PA_ARRAY_AGG;
        if ((arc = eng_type_array(t, &g->type, b->err))) {
            b->err->position = e->pos;
            return arc;
        }
    } else {
        if (e->nargs == 3)
            return eng_err_set(b->err, ENG_ERR_FEATURE_NOT_SUPPORTED, e->pos,
                               "approx_percentile with a weight is not "
                               "supported");
        if (t.id == ENG_T_UNKNOWN)
            t = eng_type_make(ENG_T_BIGINT);
        else if (eng_type_is_integer(t.id))
            t = eng_type_make(ENG_T_BIGINT);
        else if (t.id == ENG_T_DECIMAL)
            t = eng_type_make(ENG_T_DOUBLE);   /* Trino's implicit coercion */
        else if (!eng_type_is_numeric(t.id))
            return bind_bad_args(b, e, name, arg, 1);
        if ((rc = bind_coerce(b, *arg, t, arg)))
            return rc;
        if ((rc = bind_expr(sub, e->args[1], &g->arg2)))
            return rc;
        eng_type_id pt = g->arg2->type.id;
        if (pt != ENG_T_UNKNOWN && !eng_type_is_numeric(pt))
            return eng_err_set(b->err, ENG_ERR_FEATURE_NOT_SUPPORTED,
                               e->args[1]->pos, "approx_percentile with a "
                               "percentile of type %s is not supported",
                               bind_type_str(b, g->arg2->type));
        if ((rc = bind_coerce(b, g->arg2, eng_type_make(ENG_T_DOUBLE),
                              &g->arg2)))
            return rc;
        g->kind = PA_APPROX_PERCENTILE;
        g->type = t;
    }
    if (e->nagg_order) {
        int n = e->nagg_order;
        g->order = eng_arena_alloc(b->a, sizeof(plan_expr *) * (size_t)n);
        g->order_desc = eng_arena_calloc(b->a, sizeof(bool) * (size_t)n);
        g->order_nulls_first = eng_arena_calloc(b->a, sizeof(bool) * (size_t)n);
        if (!g->order || !g->order_desc || !g->order_nulls_first)
            return eng_err_oom(b->err);
        for (int k = 0; k < n; k++) {
            if ((rc = bind_expr(sub, e->agg_order[k].expr, &g->order[k])))
                return rc;
            if (g->order[k]->type.id == ENG_T_UNKNOWN &&
                (rc = bind_coerce(b, g->order[k], eng_type_make(ENG_T_BOOLEAN),
                                  &g->order[k])))
                return rc;
            if (g->distinct && !bind_expr_equal(g->order[k], *arg))
                return eng_err_set(b->err, ENG_ERR_FEATURE_NOT_SUPPORTED,
                                   e->agg_order[k].pos, "%s(DISTINCT ...) "
                                   "ordered by another expression than its "
                                   "argument is not supported", name);
            g->order_desc[k] = e->agg_order[k].desc;
            g->order_nulls_first[k] = e->agg_order[k].nulls == 1;
        }
        g->norder = n;
    }
    return ENG_OK;
}

/* Binds an aggregate call in BM_AGG mode; see bind_int.h. */
static eng_rc bind_agg_call(bexpr_ctx *x, const ast_expr *e, const char *name,
                            plan_expr **out)
{
    bctx *b = x->b;
    if (x->mode != BM_AGG && !x->win_agg)
        return eng_err_set(b->err, ENG_ERR_GROUPING_ERROR, e->pos,
                           "%s cannot contain aggregations",
                           x->clause ? x->clause : "This clause");
    plan_agg g;
    memset(&g, 0, sizeof g);
    g.distinct = e->distinct;
    plan_expr *arg = NULL;
    bexpr_ctx sub = *x;
    /* a window aggregate's argument may hold the group's aggregates */
    sub.mode = x->win_agg ? x->mode : BM_PLAIN;
    sub.win_agg = NULL;
    sub.wins = NULL;
    sub.clause = "Aggregate function argument";
    eng_rc rc;
    if (e->filter) {
        sub.clause = "FILTER clause";
        if ((rc = bind_bool_expr(&sub, e->filter, &g.filter)))
            return rc;
        sub.clause = "Aggregate function argument";
    }
    bool collecting = !strcmp(name, "listagg") || !strcmp(name, "array_agg") ||
                      !strcmp(name, "approx_percentile");
    int want_args = !strcmp(name, "max_by") || !strcmp(name, "min_by") ||
                    !strcmp(name, "approx_percentile") ? 2 : 1;
    if (!collecting && (e->within_group || e->nagg_order))
        return eng_err_set(b->err, e->within_group ? ENG_ERR_SYNTAX_ERROR :
                           ENG_ERR_FEATURE_NOT_SUPPORTED, e->pos,
                           e->within_group ? "WITHIN GROUP is only allowed "
                           "for listagg" : "ORDER BY in aggregate function %s "
                           "is not supported", name);
    if (!strcmp(name, "listagg") && e->nargs == 2)
        want_args = 2;
    if (!strcmp(name, "approx_percentile") && e->nargs == 3)
        want_args = 3;
    if (e->star) {
        if (strcmp(name, "count"))
            return eng_err_set(b->err, ENG_ERR_SYNTAX_ERROR, e->pos,
                               "%s(*) is not allowed", name);
        g.kind = PA_COUNT_STAR;
        g.type = eng_type_make(ENG_T_BIGINT);
    } else {
        if (e->nargs != want_args)
            return eng_err_set(b->err, ENG_ERR_UNDEFINED_FUNCTION, e->pos,
                               "Function '%s' expects %d argument%s, got %d",
                               name, want_args, want_args > 1 ? "s" : "",
                               e->nargs);
        rc = bind_expr(&sub, e->args[0], &arg);
        if (rc)
            return rc;
        eng_type t = arg->type;
        if (collecting) {
            if ((rc = bind_collecting(&sub, e, name, &g, &arg)))
                return rc;
        } else if (!strcmp(name, "count") || !strcmp(name, "approx_distinct")) {
            /* approx_distinct is exact here: count(DISTINCT x), a valid
             * answer within any error bound Trino promises */
            g.kind = PA_COUNT;
            g.type = eng_type_make(ENG_T_BIGINT);
            if (name[0] == 'a')
                g.distinct = true;
        } else if (!strcmp(name, "count_if")) {
            /* count_if(x) = count(*) FILTER (WHERE x [AND filter]) */
            if (e->distinct)
                return eng_err_set(b->err, ENG_ERR_FEATURE_NOT_SUPPORTED,
                                   e->pos, "count_if(DISTINCT ...) is not "
                                   "supported");
            if (t.id != ENG_T_BOOLEAN && t.id != ENG_T_UNKNOWN)
                return bind_bad_args(b, e, name, &arg, 1);
            if ((rc = bind_coerce(b, arg, eng_type_make(ENG_T_BOOLEAN), &arg)))
                return rc;
            if (g.filter) {
                plan_expr *and_ = bind_new(b, PX_AND,
                                           eng_type_make(ENG_T_BOOLEAN), e->pos);
                if (!and_ || bind_args(b, and_, 2))
                    return eng_err_oom(b->err);
                and_->args[0] = g.filter;
                and_->args[1] = arg;
                arg = and_;
            }
            g.filter = arg;
            arg = NULL;
            g.kind = PA_COUNT_STAR;
            g.distinct = false;
            g.type = eng_type_make(ENG_T_BIGINT);
        } else if (!strcmp(name, "bool_and") || !strcmp(name, "every") ||
                   !strcmp(name, "bool_or")) {
            /* over booleans false < true: bool_and is min, bool_or max */
            if (t.id != ENG_T_BOOLEAN && t.id != ENG_T_UNKNOWN)
                return bind_bad_args(b, e, name, &arg, 1);
            if ((rc = bind_coerce(b, arg, eng_type_make(ENG_T_BOOLEAN), &arg)))
                return rc;
            g.kind = !strcmp(name, "bool_or") ? PA_MAX : PA_MIN;
            g.type = eng_type_make(ENG_T_BOOLEAN);
        } else if (!strcmp(name, "min") || !strcmp(name, "max")) {
            /* Trino: min/max take an orderable type, json is not */
            if (t.id == ENG_T_JSON)
                return bind_bad_args(b, e, name, &arg, 1);
            g.kind = name[1] == 'i' ? PA_MIN : PA_MAX;
            g.type = t;
        } else if (!strcmp(name, "arbitrary") || !strcmp(name, "any_value")) {
            g.kind = PA_ARBITRARY;
            g.type = t;
        } else if (!strcmp(name, "max_by") || !strcmp(name, "min_by")) {
            if ((rc = bind_expr(&sub, e->args[1], &g.arg2)))
                return rc;
            if (g.arg2->type.id == ENG_T_UNKNOWN &&
                (rc = bind_coerce(b, g.arg2, eng_type_make(ENG_T_BOOLEAN),
                                  &g.arg2)))
                return rc;
            if (g.arg2->type.id == ENG_T_JSON) {   /* ordered by it */
                plan_expr *two[2] = { arg, g.arg2 };
                return bind_bad_args(b, e, name, two, 2);
            }
            g.kind = name[1] == 'a' ? PA_MAX_BY : PA_MIN_BY;
            g.type = t;
            g.distinct = false;
        } else {
            if (t.id == ENG_T_UNKNOWN) {
                t = eng_type_make(ENG_T_BIGINT);
                if (bind_coerce(b, arg, t, &arg))
                    return ENG_NOMEM;
            }
            if (!eng_type_is_numeric(t.id))
                return bind_bad_args(b, e, name, &arg, 1);
            if (!strcmp(name, "sum")) {
                g.kind = PA_SUM;
                g.type = eng_type_is_integer(t.id) ? eng_type_make(ENG_T_BIGINT)
                         : t.id == ENG_T_DECIMAL
                         ? eng_type_decimal(ENG_DECIMAL_MAX_PRECISION, t.scale)
                         : t;
            } else if (!strcmp(name, "avg")) {
                g.kind = PA_AVG;
                g.type = t.id == ENG_T_DECIMAL || eng_type_is_real(t)
                         ? t : eng_type_make(ENG_T_DOUBLE);
            } else {
                /* variance and stddev: double over the value as double */
                g.kind = !strcmp(name, "var_pop") ? PA_VAR_POP
                       : !strcmp(name, "stddev_pop") ? PA_STDDEV_POP
                       : !strcmp(name, "stddev") || !strcmp(name, "stddev_samp")
                       ? PA_STDDEV_SAMP : PA_VAR_SAMP;
                g.type = eng_type_make(ENG_T_DOUBLE);
                if ((rc = bind_coerce(b, arg, g.type, &arg)))
                    return rc;
            }
        }
        if (g.kind == PA_MIN || g.kind == PA_MAX || g.kind == PA_ARBITRARY)
            g.distinct = false;   /* DISTINCT changes nothing for these */
    }
    /* min / max / min_by / max_by over arrays: by collecting (bind_func_trino.c) */
    if (((arg && arg->type.id == ENG_T_ARRAY) ||
         (g.arg2 && g.arg2->type.id == ENG_T_ARRAY)) && !x->win_agg &&
        (g.kind == PA_MIN || g.kind == PA_MAX || g.kind == PA_MIN_BY ||
         g.kind == PA_MAX_BY)) {
        g.arg = arg;
        return bind_agg_over_arrays(x, &g, e->pos, out);
    }
    /* the accumulators keep fixed-width values and strings; an array
     * argument is counted or collected (array_agg) only */
    if (((arg && arg->type.id == ENG_T_ARRAY) ||
         (g.arg2 && g.arg2->type.id == ENG_T_ARRAY)) &&
        g.kind != PA_COUNT && g.kind != PA_ARRAY_AGG)
        return eng_err_set(b->err, ENG_ERR_FEATURE_NOT_SUPPORTED, e->pos,
                           "%s over array values is not supported", name);
    g.arg = arg;
    bagg_list *l = x->win_agg ? x->win_agg : x->aggs;
    int k;
    for (k = collecting ? l->n : 0; k < l->n; k++) {
        plan_agg *h = &l->aggs[k];
        if (h->kind == g.kind && h->distinct == g.distinct &&
            eng_type_equal(h->type, g.type) &&
            ((!h->arg && !g.arg) || (h->arg && g.arg &&
                                     bind_expr_equal(h->arg, g.arg))) &&
            ((!h->arg2 && !g.arg2) || (h->arg2 && g.arg2 &&
                                       bind_expr_equal(h->arg2, g.arg2))) &&
            ((!h->filter && !g.filter) ||
             (h->filter && g.filter && bind_expr_equal(h->filter, g.filter))))
            break;
    }
    if (k == l->n) {
        if (l->n == l->cap &&
            !eng_array_grow(b->a, &l->aggs, &l->cap, l->n + 1, sizeof *l->aggs))
            return eng_err_oom(b->err);
        l->aggs[l->n++] = g;
    }
    plan_expr *r = bind_new(b, PX_COLREF, g.type, e->pos);
    if (!r)
        return eng_err_oom(b->err);
    r->col = BND_AGG_BASE + k;
    *out = r;
    return ENG_OK;
}

/* See bind_int.h. */
eng_rc bind_make_func(bctx *b, const char *name, eng_type t, plan_expr **args,
                      int n, int pos, plan_expr **out)
{
    plan_expr *f = bind_new(b, PX_FUNC, t, pos);
    if (!f)
        return eng_err_oom(b->err);
    f->func = name;
    f->nargs = n;
    f->args = args;
    *out = f;
    return ENG_OK;
}

/* Is n one of the NULL-terminated list? */
bool bind_name_in(const char *n, const char *const *list)
{
    for (; *list; list++)
        if (!strcmp(n, *list))
            return true;
    return false;
}

/*
 * Binds a call of a scalar function or an aggregate. Unknown names fail
 * with 42883 "Function 'x' not registered", wrong arity or argument types
 * with 42883 listing the argument types.
 */
eng_rc bind_func(bexpr_ctx *x, const ast_expr *e, plan_expr **out)
{
    bctx *b = x->b;
    const char *name = e->name.parts[e->name.nparts - 1];
    if (e->over)
        return bind_window_call(x, e, out);
    if (e->name.nparts == 1 && !strcmp(name, "grouping"))
        return bind_grouping_call(x, e, out);
    if (e->name.nparts != 1)
        return eng_err_set(b->err, ENG_ERR_UNDEFINED_FUNCTION, e->pos,
                           "Function '%s' not registered", name);
    if (bind_is_agg_name(name))
        return bind_agg_call(x, e, name, out);
    if (e->filter)
        return eng_err_set(b->err, ENG_ERR_SYNTAX_ERROR, e->pos,
                           "Filter is only valid for aggregation functions");

    static const char *const known[] = {
        "lower", "upper", "trim", "ltrim", "rtrim", "length", "substr",
        "substring", "concat", "replace", "strpos", "coalesce", "nullif",
        "abs", "round", "ceil", "ceiling", "floor", "mod", "sign",
        "greatest", "least", NULL };
    if (bind_is_array_func(name))
        return bind_func_array(x, e, name, out);
    if (!bind_name_in(name, known))
        return bind_func_more(x, e, name, out);
    int n = e->nargs;
    plan_expr **args;
    eng_rc arc = bind_scalar_args(x, e, name, &args);
    if (arc)
        return arc;
    /* length, substr and concat of varbinary are the binary functions */
    int scan = !strcmp(name, "concat") ? n : n > 0 ? 1 : 0;
    for (int i = 0; i < scan && name[0] == 'c'; i++)
        if (args[i]->type.id == ENG_T_ARRAY)
            return bind_array_overload(b, e, name, args, n, out);
    for (int i = 0; i < scan; i++)
        if (args[i]->type.id == ENG_T_VARBINARY)
            return bind_func_binary(b, e, name, args, n, out);
    eng_rc rc = ENG_OK;
    eng_type t;
    static const char *const str1[] = { "lower", "upper", "trim", "ltrim",
                                        "rtrim", NULL };
    if (bind_name_in(name, str1)) {
        /* trim/ltrim/rtrim(s, chars): Trino's two-argument forms */
        int hi = name[1] == 't' || name[0] == 't' ? 2 : 1;
        if ((rc = bind_check_sig(b, e, name, args, n, 1, hi,
                                 (const eng_type_id[]){ ENG_T_VARCHAR,
                                                        ENG_T_VARCHAR })))
            return rc;
        t = args[0]->type;
    } else if (!strcmp(name, "length")) {
        if ((rc = BIND_SIG(b, e, name, args, n, 1, ENG_T_VARCHAR)))
            return rc;
        t = eng_type_make(ENG_T_BIGINT);
    } else if (!strcmp(name, "substr") || !strcmp(name, "substring")) {
        name = "substr";
        if ((rc = BIND_SIG(b, e, name, args, n, 2, ENG_T_VARCHAR, ENG_T_BIGINT,
                           ENG_T_BIGINT)))
            return rc;
        t = args[0]->type;
    } else if (!strcmp(name, "concat")) {
        int len = 0;
        if (n < 1)
            return bind_bad_args(b, e, name, args, n);
        for (int i = 0; i < n; i++) {
            if (!bind_fit_arg(b, &args[i], ENG_T_VARCHAR, &rc))
                return bind_bad_args(b, e, name, args, n);
            len = (len < 0 || args[i]->type.length == 0) ? -1
                  : len + args[i]->type.length;
        }
        t = eng_type_varchar(len < 0 ? 0 : len);
    } else if (!strcmp(name, "replace") || !strcmp(name, "strpos")) {
        int lo = name[0] == 'r' ? 2 : 2, hi = name[0] == 'r' ? 3 : 2;
        if (n < lo || n > hi)
            return bind_bad_args(b, e, name, args, n);
        for (int i = 0; i < n; i++)
            if (!bind_fit_arg(b, &args[i], ENG_T_VARCHAR, &rc))
                return bind_bad_args(b, e, name, args, n);
        t = name[0] == 'r' ? eng_type_varchar(0) : eng_type_make(ENG_T_BIGINT);
    } else if (!strcmp(name, "coalesce") || !strcmp(name, "greatest") ||
               !strcmp(name, "least")) {
        if (n < 1 || !unify(b, args, n, &t, &rc))
            return bind_bad_args(b, e, name, args, n);
        if (name[0] != 'c' && t.id == ENG_T_BOOLEAN)
            return bind_bad_args(b, e, name, args, n);
    } else if (!strcmp(name, "nullif")) {
        eng_type c;
        if (n != 2 || !bind_common_type(args[0]->type, args[1]->type, &c))
            return bind_bad_args(b, e, name, args, n);
        if ((rc = bind_coerce(b, args[0], c, &args[0])) ||
            (rc = bind_coerce(b, args[1], c, &args[1])))
            return rc;
        t = c;
    } else if (!strcmp(name, "abs") || !strcmp(name, "sign") ||
               !strcmp(name, "ceil") || !strcmp(name, "ceiling") ||
               !strcmp(name, "floor")) {
        if (n != 1 || (!eng_type_is_numeric(args[0]->type.id) &&
                       args[0]->type.id != ENG_T_UNKNOWN))
            return bind_bad_args(b, e, name, args, n);
        if (args[0]->type.id == ENG_T_UNKNOWN &&
            (rc = bind_coerce(b, args[0], eng_type_make(ENG_T_BIGINT), &args[0])))
            return rc;
        t = args[0]->type;
        if (!strcmp(name, "ceiling"))
            name = "ceil";
        if (name[0] == 'c' || name[0] == 'f')
            t = round_type(t);
        else if (name[0] == 's' && t.id == ENG_T_DECIMAL)
            t = eng_type_decimal(1, 0);
    } else if (!strcmp(name, "round")) {
        if (n < 1 || n > 2 || (!eng_type_is_numeric(args[0]->type.id) &&
                               args[0]->type.id != ENG_T_UNKNOWN) ||
            (n == 2 && !bind_fit_arg(b, &args[1], ENG_T_INTEGER, &rc)))
            return bind_bad_args(b, e, name, args, n);
        if (args[0]->type.id == ENG_T_UNKNOWN &&
            (rc = bind_coerce(b, args[0], eng_type_make(ENG_T_BIGINT), &args[0])))
            return rc;
        t = n == 1 ? round_type(args[0]->type) : args[0]->type;
        /* Trino: round(decimal(p,s), d) is decimal(min(38, p+1), s), the
         * one more digit a carry needs (round(99.9, -1) = 100.0) */
        if (n == 2 && t.id == ENG_T_DECIMAL)
            t = eng_type_decimal(t.precision < 38 ? t.precision + 1 : 38, t.scale);
    } else if (!strcmp(name, "mod")) {
        if (n != 2)
            return bind_bad_args(b, e, name, args, n);
        return bind_arith(b, AOP_MOD, args[0], args[1], e->pos, out);
    }
    if (rc)
        return rc;
    return bind_make_func(b, name, t, args, n, e->pos, out);
}
