/*
 * engine/binder/bind_func_trino.c
 *   Trino's functions that have no PostgreSQL counterpart to borrow
 *   semantics from: try(expr) (expr's type; NULL where evaluating expr
 *   raises one of Trino's user errors) and format(fmt, args...) (Java's
 *   String.format over the arguments' Java values; varchar).
 * Interface: bind_is_trino_func, bind_func_trino (bind_int.h).
 * Not here: evaluation (exec/expr_func_trino.c). Neither function is
 *   ever shipped: connector/pg/pg_shippable.c knows neither name.
 *
 * format takes the types Trino's FormatFunction turns into Java values
 * (boolean, the integer types, real, double, decimal, varchar, char,
 * date, time, timestamp, json); others are refused when bound, as Trino
 * does (0A000 "Type not supported for formatting: T", NOT_SUPPORTED); a
 * call with fewer than two arguments is Trino's syntax error (42000).
 */
#include <string.h>
#include "bind_int.h"

static const char *const trino_names[] = { "try", "format", NULL };

bool bind_is_trino_func(const char *name)
{
    return bind_name_in(name, trino_names);
}

/* Can format() pass a value of type t to Java's formatter? */
static bool formattable(eng_type t)
{
    switch (t.id) {
    case ENG_T_UNKNOWN:
    case ENG_T_BOOLEAN:
    case ENG_T_SMALLINT:
    case ENG_T_INTEGER:
    case ENG_T_BIGINT:
    case ENG_T_DOUBLE:      /* and real */
    case ENG_T_DECIMAL:
    case ENG_T_VARCHAR:     /* and char */
    case ENG_T_DATE:
    case ENG_T_TIME:
    case ENG_T_TIMESTAMP:
    case ENG_T_JSON:        /* a String of its text */
        return true;
    default:
        return false;
    }
}

/*
 * Binds name(args[0..n)) (already bound). try: exactly one argument,
 * the result is the argument's type. format: a varchar format and any
 * number of formattable arguments. Wrong arity or types: 42883 listing
 * the argument types.
 */
eng_rc bind_func_trino(bctx *b, const ast_expr *e, const char *name,
                       plan_expr **args, int n, plan_expr **out)
{
    eng_rc rc = ENG_OK;
    if (!strcmp(name, "try")) {
        if (n != 1)
            return bind_bad_args(b, e, name, args, n);
        return bind_make_func(b, name, args[0]->type, args, n, e->pos, out);
    }
    /* format: Trino checks the arity before the types */
    if (n < 2)
        return eng_err_set(b->err, ENG_ERR_SYNTAX_ERROR, e->pos,
                           "The 'format' function must have at least two "
                           "arguments");
    if (args[0]->type.id == ENG_T_UNKNOWN || eng_type_is_char(args[0]->type))
        rc = bind_coerce(b, args[0], eng_type_varchar(0), &args[0]);
    else if (args[0]->type.id != ENG_T_VARCHAR)
        return bind_bad_args(b, e, name, args, n);
    if (rc)
        return rc;
    for (int i = 1; i < n; i++)
        if (!formattable(args[i]->type)) {
            char tn[128];
            return eng_err_set(b->err, ENG_ERR_FEATURE_NOT_SUPPORTED,
                               args[i]->pos ? args[i]->pos : e->pos,
                               "Type not supported for formatting: %s",
                               eng_type_name(args[i]->type, tn, sizeof tn));
        }
    return bind_make_func(b, name, eng_type_varchar(0), args, n, e->pos, out);
}

/* x IS NOT NULL, or NULL on OOM. */
static plan_expr *not_null(bctx *b, plan_expr *x, int pos)
{
    plan_expr *n = bind_new(b, PX_IS_NULL, eng_type_make(ENG_T_BOOLEAN), pos);
    if (!n || bind_args(b, n, 1))
        return NULL;
    n->args[0] = x;
    n->negated = true;
    return n;
}

/* Appends the collecting aggregate array_agg(arg ORDER BY key) FILTER
 * (WHERE key IS NOT NULL [AND filter]) to the query's aggregates; *out
 * its column (array(arg's type)). */
static eng_rc push_sorted(bexpr_ctx *x, plan_expr *arg, plan_expr *key,
                          plan_expr *filter, int pos, plan_expr **out)
{
    bctx *b = x->b;
    plan_agg g;
    memset(&g, 0, sizeof g);
    g.kind = PA_ARRAY_AGG;
    g.arg = arg;
    eng_rc rc = eng_type_array(arg->type, &g.type, b->err);
    if (rc) {
        b->err->position = pos;
        return rc;
    }
    plan_expr *nn = not_null(b, key, pos);
    if (!nn)
        return eng_err_oom(b->err);
    g.filter = nn;
    if (filter) {
        plan_expr *and_ = bind_new(b, PX_AND, eng_type_make(ENG_T_BOOLEAN), pos);
        if (!and_ || bind_args(b, and_, 2))
            return eng_err_oom(b->err);
        and_->args[0] = filter;
        and_->args[1] = nn;
        g.filter = and_;
    }
    g.norder = 1;
    g.order = eng_arena_alloc(b->a, sizeof *g.order);
    g.order_desc = eng_arena_calloc(b->a, sizeof(bool));
    g.order_nulls_first = eng_arena_calloc(b->a, sizeof(bool));
    if (!g.order || !g.order_desc || !g.order_nulls_first)
        return eng_err_oom(b->err);
    g.order[0] = key;
    bagg_list *l = x->aggs;
    if (l->n == l->cap &&
        !eng_array_grow(b->a, &l->aggs, &l->cap, l->n + 1, sizeof *l->aggs))
        return eng_err_oom(b->err);
    l->aggs[l->n++] = g;
    plan_expr *r = bind_new(b, PX_COLREF, g.type, pos);
    if (!r)
        return eng_err_oom(b->err);
    r->col = BND_AGG_BASE + l->n - 1;
    *out = r;
    return ENG_OK;
}

/* See bind_int.h. */
eng_rc bind_agg_over_arrays(bexpr_ctx *x, const plan_agg *g, int pos,
                            plan_expr **out)
{
    bctx *b = x->b;
    bool by = g->kind == PA_MIN_BY || g->kind == PA_MAX_BY;
    bool is_max = g->kind == PA_MAX || g->kind == PA_MAX_BY;
    plan_expr *key = by ? g->arg2 : g->arg;
    plan_expr *vals, *keys = NULL;
    eng_rc rc = push_sorted(x, g->arg, key, g->filter, pos, &vals);
    if (rc)
        return rc;
    if (key->type.id == ENG_T_ARRAY) {
        if (!by)
            keys = vals;
        else if ((rc = push_sorted(x, key, key, g->filter, pos, &keys)))
            return rc;
    }
    plan_expr **args = eng_arena_calloc(b->a, sizeof *args * 2);
    if (!args)
        return eng_err_oom(b->err);
    args[0] = vals;
    args[1] = keys;
    return bind_make_func(b, is_max ? "$arr_max" : "$arr_min", g->type, args,
                          keys ? 2 : 1, pos, out);
}

/* Can an element of type t go to json (to_json) or come from it? */
static bool json_elem_ok(eng_type t, bool to_json)
{
    switch (t.id) {
    case ENG_T_UNKNOWN:
    case ENG_T_BOOLEAN:
    case ENG_T_SMALLINT:
    case ENG_T_INTEGER:
    case ENG_T_BIGINT:
    case ENG_T_DOUBLE:
    case ENG_T_DECIMAL:
    case ENG_T_VARCHAR:
    case ENG_T_JSON:
        return true;
    case ENG_T_DATE:
    case ENG_T_TIMESTAMP:
        return to_json;
    case ENG_T_ARRAY:
        return json_elem_ok(eng_type_elem(t), to_json);
    default:
        return false;
    }
}

/* See bind_int.h. */
eng_rc bind_json_array_cast(bctx *b, const ast_expr *e, plan_expr *a,
                            eng_type t, plan_expr **out)
{
    bool to_json = t.id == ENG_T_JSON;
    eng_type arr = to_json ? a->type : t;
    if (!json_elem_ok(eng_type_elem(arr), to_json))
        return eng_err_set(b->err, ENG_ERR_DATATYPE_MISMATCH, e->pos,
                           "Cannot cast %s to %s", bind_type_str(b, a->type),
                           bind_type_str(b, t));
    plan_expr **args = eng_arena_calloc(b->a, sizeof *args * 2);
    if (!args)
        return eng_err_oom(b->err);
    args[0] = a;
    eng_rc rc = bind_make_func(b, to_json ? "$array_to_json" : "$json_to_array",
                               t, args, 1, e->pos, out);
    if (rc || !e->is_try)
        return rc;
    plan_expr **targs = eng_arena_calloc(b->a, sizeof *targs * 2);
    if (!targs)
        return eng_err_oom(b->err);
    targs[0] = *out;
    return bind_make_func(b, "try", t, targs, 1, e->pos, out);
}
