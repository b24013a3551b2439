/*
 * engine/binder/bind_func_more.c
 *   The scalar functions beyond bind_func.c's first set, with Trino's
 *   signatures and result types: math (power, sqrt, cbrt, ln, log2, log10,
 *   log, exp, truncate, pi, e, nan, infinity, trigonometry), strings (lpad, rpad,
 *   split_part, reverse, starts_with), regular expressions (regexp_like,
 *   regexp_extract, regexp_replace), and the special ones: if (a CASE),
 *   typeof (a constant); it hands the binary (bind_func_binary.c) and
 *   bitwise (bind_func_bitwise.c) functions over.
 * Interface: bind_func_more (bind_int.h).
 * Not here: evaluation (exec/expr_func*.c); aggregates (bind_func.c);
 *   date and time functions (bind_func_date.c).
 */
#include <stdio.h>
#include <string.h>
#include "bind_int.h"

/* if(cond, a [, b]) is CASE WHEN cond THEN a [ELSE b] END. */
static eng_rc bind_if(bctx *b, const ast_expr *e, plan_expr **args, int n,
                      plan_expr **out)
{
    eng_rc rc = ENG_OK;
    eng_type t = eng_type_make(ENG_T_UNKNOWN);
    if (n < 2 || n > 3 || !bind_fit_arg(b, &args[0], ENG_T_BOOLEAN, &rc))
        return bind_bad_args(b, e, "if", args, n);
    for (int i = 1; i < n; i++)
        if (!bind_common_type(t, args[i]->type, &t))
            return bind_bad_args(b, e, "if", args, n);
    for (int i = 1; i < n && !rc; i++)
        rc = bind_coerce(b, args[i], t, &args[i]);
    if (rc)
        return rc;
    plan_expr *c = bind_new(b, PX_CASE, t, e->pos);
    if (!c)
        return eng_err_oom(b->err);
    c->nargs = n;
    c->args = args;
    c->has_else = n == 3;
    *out = c;
    return ENG_OK;
}

/* typeof(x): Trino's name of x's type, as a varchar constant. */
static eng_rc bind_typeof(bctx *b, const ast_expr *e, plan_expr **args, int n,
                          plan_expr **out)
{
    if (n != 1)
        return bind_bad_args(b, e, "typeof", args, n);
    const char *name = args[0]->type.id == ENG_T_UNKNOWN
                       ? "unknown" : bind_type_str(b, args[0]->type);
    plan_expr *c = bind_new(b, PX_CONST, eng_type_varchar(0), e->pos);
    if (!c)
        return eng_err_oom(b->err);
    c->value.type = c->type;
    c->value.u.s.ptr = name;
    c->value.u.s.len = (uint32_t)strlen(name);
    *out = c;
    return ENG_OK;
}

/*
 * Binds the call e of `name` (not in bind_func's list). Unknown names:
 * 42883 "Function 'x' not registered"; wrong arity or types: 42883 with
 * the argument types.
 */
eng_rc bind_func_more(bexpr_ctx *x, const ast_expr *e, const char *name,
                      plan_expr **out)
{
    bctx *b = x->b;
    static const char *const math1[] = {
        "sqrt", "cbrt", "ln", "log2", "log10", "exp", "degrees", "radians",
        "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh",
        NULL };
    static const char *const math2[] = { "power", "pow", "atan2", "log", NULL };
    static const char *const others[] = {
        "pi", "e", "nan", "infinity", "truncate", "lpad", "rpad", "split_part", "reverse",
        "starts_with", "regexp_like", "regexp_extract", "regexp_replace",
        "if", "typeof", "random", "rand", NULL };
    if (bind_is_date_func(name))
        return bind_func_date(x, e, name, out);
    bool binary = bind_is_binary_func(name);
    bool bitwise = bind_is_bitwise_func(name);
    bool json = bind_is_json_func(name);
    bool trino = bind_is_trino_func(name);
    if (!binary && !bitwise && !json && !trino && !bind_name_in(name, math1) &&
        !bind_name_in(name, math2) && !bind_name_in(name, others))
        return eng_err_set(b->err, ENG_ERR_UNDEFINED_FUNCTION, e->pos,
                           "Function '%s' not registered", name);
    int n = e->nargs;
    plan_expr **args;
    eng_rc arc = bind_scalar_args(x, e, name, &args);
    if (arc)
        return arc;
    if (binary)
        return bind_func_binary(b, e, name, args, n, out);
    if (bitwise)
        return bind_func_bitwise(b, e, name, args, n, out);
    if (json)
        return bind_func_json(b, e, name, args, n, out);
    if (trino)
        return bind_func_trino(b, e, name, args, n, out);
    if (!strcmp(name, "if"))
        return bind_if(b, e, args, n, out);
    if (!strcmp(name, "typeof"))
        return bind_typeof(b, e, args, n, out);
    if (!strcmp(name, "reverse") && n == 1 && args[0]->type.id == ENG_T_ARRAY)
        return bind_array_overload(b, e, name, args, n, out);

    eng_rc rc = ENG_OK;
    eng_type t;
    eng_type dbl = eng_type_make(ENG_T_DOUBLE);
    if (bind_name_in(name, math1) || bind_name_in(name, math2)) {
        int want = bind_name_in(name, math1) ? 1 : 2;
        if (n != want)
            return bind_bad_args(b, e, name, args, n);
        for (int i = 0; i < n; i++)
            if (!bind_fit_arg(b, &args[i], ENG_T_DOUBLE, &rc))
                return bind_bad_args(b, e, name, args, n);
        if (!strcmp(name, "pow"))
            name = "power";
        t = dbl;
    } else if (!strcmp(name, "pi") || !strcmp(name, "e") ||
               !strcmp(name, "nan") || !strcmp(name, "infinity")) {
        if (n != 0)
            return bind_bad_args(b, e, name, args, n);
        t = dbl;
    } else if (!strcmp(name, "random") || !strcmp(name, "rand")) {
        /* random() double; random(n) n's integer type (Trino) */
        name = "random";
        if (n > 1 || (n == 1 && args[0]->type.id != ENG_T_UNKNOWN &&
                      !eng_type_is_integer(args[0]->type.id)))
            return bind_bad_args(b, e, name, args, n);
        if (n == 1 && args[0]->type.id == ENG_T_UNKNOWN &&
            (rc = bind_coerce(b, args[0], eng_type_make(ENG_T_INTEGER),
                              &args[0])))
            return rc;
        t = n == 0 ? dbl : args[0]->type;
    } else if (!strcmp(name, "truncate")) {
        /* truncate(double) double; truncate(decimal(p,s)) decimal(max(1,
         * p-s),0); integers go through decimal(n,0) as Trino coerces them.
         * truncate(x, d) keeps x's type (Trino). */
        if (n != 1 && n != 2)
            return bind_bad_args(b, e, name, args, n);
        if (n == 2 && !bind_fit_arg(b, &args[1], ENG_T_BIGINT, &rc))
            return bind_bad_args(b, e, name, args, n);
        eng_type at = args[0]->type;
        if (at.id == ENG_T_UNKNOWN)
            at = dbl;
        else if (eng_type_is_integer(at.id))
            at = eng_type_decimal(eng_type_is_tinyint(at) ? 3
                                  : at.id == ENG_T_SMALLINT ? 5
                                  : at.id == ENG_T_INTEGER ? 10 : 19, 0);
        else if (at.id != ENG_T_DOUBLE && at.id != ENG_T_DECIMAL)
            return bind_bad_args(b, e, name, args, n);
        if (!rc)
            rc = bind_coerce(b, args[0], at, &args[0]);
        t = at.id == ENG_T_DECIMAL && n == 1
            ? eng_type_decimal(at.precision - at.scale < 1 ? 1
                               : at.precision - at.scale, 0)
            : at;
    } else if (!strcmp(name, "lpad") || !strcmp(name, "rpad")) {
        if (n != 3 || !bind_fit_arg(b, &args[0], ENG_T_VARCHAR, &rc) ||
            !bind_fit_arg(b, &args[1], ENG_T_BIGINT, &rc) ||
            !bind_fit_arg(b, &args[2], ENG_T_VARCHAR, &rc))
            return bind_bad_args(b, e, name, args, n);
        t = eng_type_varchar(0);
    } else if (!strcmp(name, "split_part")) {
        if (n != 3 || !bind_fit_arg(b, &args[0], ENG_T_VARCHAR, &rc) ||
            !bind_fit_arg(b, &args[1], ENG_T_VARCHAR, &rc) ||
            !bind_fit_arg(b, &args[2], ENG_T_BIGINT, &rc))
            return bind_bad_args(b, e, name, args, n);
        t = args[0]->type;
    } else if (!strcmp(name, "reverse")) {
        if ((rc = BIND_SIG(b, e, name, args, n, 1, ENG_T_VARCHAR)))
            return rc;
        t = args[0]->type;
    } else if (!strcmp(name, "starts_with") || !strcmp(name, "regexp_like")) {
        if (n != 2 || !bind_fit_arg(b, &args[0], ENG_T_VARCHAR, &rc) ||
            !bind_fit_arg(b, &args[1], ENG_T_VARCHAR, &rc))
            return bind_bad_args(b, e, name, args, n);
        t = eng_type_make(ENG_T_BOOLEAN);
    } else if (!strcmp(name, "regexp_extract")) {
        if (n < 2 || n > 3 || !bind_fit_arg(b, &args[0], ENG_T_VARCHAR, &rc) ||
            !bind_fit_arg(b, &args[1], ENG_T_VARCHAR, &rc) ||
            (n == 3 && !bind_fit_arg(b, &args[2], ENG_T_BIGINT, &rc)))
            return bind_bad_args(b, e, name, args, n);
        t = args[0]->type;
    } else { /* regexp_replace */
        if (n < 2 || n > 3 || !bind_fit_arg(b, &args[0], ENG_T_VARCHAR, &rc) ||
            !bind_fit_arg(b, &args[1], ENG_T_VARCHAR, &rc) ||
            (n == 3 && !bind_fit_arg(b, &args[2], ENG_T_VARCHAR, &rc)))
            return bind_bad_args(b, e, name, args, n);
        /* removing matches only shortens: varchar(x) stays varchar(x) */
        t = n == 2 ? args[0]->type : eng_type_varchar(0);
    }
    if (rc)
        return rc;
    return bind_make_func(b, name, t, args, n, e->pos, out);
}
