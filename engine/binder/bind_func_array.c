/*
 * engine/binder/bind_func_array.c
 *   Trino's array(T) in expressions: the ARRAY[...] constructor (elements
 *   coerced to their common super type), the subscript a[i], || and
 *   concat over arrays, and the array functions with Trino's signatures
 *   and result types: cardinality, contains, element_at, array_join,
 *   split, array_distinct, array_max, array_min, array_position,
 *   array_remove, array_sort, array_except, array_intersect, array_union,
 *   arrays_overlap, slice, sequence, reverse (of an array), flatten,
 *   repeat.
 * Interface: bind_array_ctor, bind_array_concat, bind_is_array_func,
 *   bind_func_array (bind_int.h).
 * Not here: evaluation (exec/expr_func_array.c); UNNEST (bind.c);
 *   array_agg (bind_func.c); CAST(array AS json) (not supported).
 *
 * Every call becomes a PX_FUNC whose name is the function's (the
 * constructor "array", the subscript "$subscript", array || array
 * "concat"); no connector ships an array-typed expression (their type
 * whitelists have no array), so these always run in the engine.
 */
#include <string.h>
#include "bind_int.h"

/* array(t), its position the expression's on failure. */
static eng_rc arr_of(bctx *b, eng_type t, int pos, eng_type *out)
{
    eng_rc rc = eng_type_array(t, out, b->err);
    if (rc == ENG_ERROR)
        b->err->position = pos;
    return rc;
}

/* See bind_int.h. ARRAY[] is array(unknown), as in Trino. */
eng_rc bind_array_ctor(bexpr_ctx *x, const ast_expr *e, plan_expr **out)
{
    bctx *b = x->b;
    plan_expr **args;
    eng_rc rc = bind_scalar_args(x, e, "array", &args);
    if (rc)
        return rc;
    eng_type t = eng_type_make(ENG_T_UNKNOWN), at;
    for (int i = 0; i < e->nargs; i++)
        if (!bind_common_type(t, args[i]->type, &t))
            return eng_err_set(b->err, ENG_ERR_DATATYPE_MISMATCH,
                               e->args[i]->pos, "All ARRAY elements must be "
                               "the same type: %s", bind_type_str(b, t));
    for (int i = 0; i < e->nargs; i++)
        if ((rc = bind_coerce(b, args[i], t, &args[i])))
            return rc;
    if ((rc = arr_of(b, t, e->pos, &at)))
        return rc;
    return bind_make_func(b, "array", at, args, e->nargs, e->pos, out);
}

/* Coerces *a to array type t, or fails with false when it is no array
 * (an untyped NULL becomes a NULL of t). */
static bool want_arr(bctx *b, plan_expr **a, eng_rc *rc)
{
    if ((*a)->type.id == ENG_T_ARRAY)
        return true;
    if ((*a)->type.id != ENG_T_UNKNOWN)
        return false;
    eng_type t;
    if (!*rc && !(*rc = eng_type_array(eng_type_make(ENG_T_UNKNOWN), &t,
                                      b->err)))
        *rc = bind_coerce(b, *a, t, a);
    return true;
}

/* Coerces a[0..n) (arrays or untyped NULLs) to their common array type. */
static bool unify_arrays(bctx *b, plan_expr **a, int n, eng_type *t,
                         eng_rc *rc)
{
    eng_type c = eng_type_make(ENG_T_UNKNOWN);
    for (int i = 0; i < n; i++) {
        if (a[i]->type.id != ENG_T_ARRAY && a[i]->type.id != ENG_T_UNKNOWN)
            return false;
        if (!bind_common_type(c, a[i]->type, &c))
            return false;
    }
    if (c.id == ENG_T_UNKNOWN &&
        (*rc = eng_type_array(c, &c, b->err)))
        return true;
    for (int i = 0; i < n && !*rc; i++)
        *rc = bind_coerce(b, a[i], c, &a[i]);
    *t = c;
    return true;
}

/* See bind_int.h: l || r with an array on either side (array || array,
 * element || array, array || element), as concat. */
eng_rc bind_array_concat(bctx *b, plan_expr *l, plan_expr *r, int pos,
                         plan_expr **out)
{
    eng_rc rc = ENG_OK;
    plan_expr **args = eng_arena_calloc(b->a, sizeof *args * 2);
    if (!args)
        return eng_err_oom(b->err);
    args[0] = l;
    args[1] = r;
    eng_type t;
    if (l->type.id == ENG_T_ARRAY && r->type.id == ENG_T_ARRAY) {
        if (!unify_arrays(b, args, 2, &t, &rc))
            goto bad;
        return rc ? rc : bind_make_func(b, "concat", t, args, 2, pos, out);
    }
    /* one side an element: the common type of it and the elements */
    int ai = l->type.id == ENG_T_ARRAY ? 0 : 1;
    eng_type et;
    if (!bind_common_type(eng_type_elem(args[ai]->type), args[1 - ai]->type,
                          &et))
        goto bad;
    if ((rc = arr_of(b, et, pos, &t)) ||
        (rc = bind_coerce(b, args[ai], t, &args[ai])) ||
        (rc = bind_coerce(b, args[1 - ai], et, &args[1 - ai])))
        return rc;
    return bind_make_func(b, ai == 0 ? "$append" : "$prepend", t, args, 2,
                          pos, out);
bad:
    return eng_err_set(b->err, ENG_ERR_DATATYPE_MISMATCH, pos,
                       "Cannot apply operator: %s || %s",
                       bind_type_str(b, l->type), bind_type_str(b, r->type));
}

static const char *const array_funcs[] = {
    "$subscript", "cardinality", "contains", "element_at", "array_join",
    "split", "array_distinct", "array_max", "array_min", "array_position",
    "array_remove", "array_sort", "array_except", "array_intersect",
    "array_union", "arrays_overlap", "slice", "sequence", "flatten",
    "repeat", NULL };

/* See bind_int.h. */
bool bind_is_array_func(const char *name)
{
    return bind_name_in(name, array_funcs);
}

/* The element type of args[0] with x coerced to the common type of both;
 * false when they have none. */
static bool elem_and(bctx *b, plan_expr **args, int xi, eng_rc *rc)
{
    eng_type et;
    if (!bind_common_type(eng_type_elem(args[0]->type), args[xi]->type, &et))
        return false;
    eng_type at;
    if (!*rc && !(*rc = eng_type_array(et, &at, b->err)))
        *rc = bind_coerce(b, args[0], at, &args[0]);
    if (!*rc)
        *rc = bind_coerce(b, args[xi], et, &args[xi]);
    return true;
}

/*
 * See bind_int.h. Wrong arity or types: 42883 with the argument types
 * (bind_bad_args), as for every function.
 */
eng_rc bind_func_array(bexpr_ctx *x, const ast_expr *e, const char *name,
                       plan_expr **out)
{
    bctx *b = x->b;
    plan_expr **args;
    eng_rc rc = bind_scalar_args(x, e, name, &args);
    if (rc)
        return rc;
    int n = e->nargs;
    eng_type t = eng_type_make(ENG_T_UNKNOWN);
    bool ok = true;
    if (!strcmp(name, "$subscript") && n == 2 &&
        args[0]->type.id != ENG_T_ARRAY)
        return eng_err_set(b->err, ENG_ERR_DATATYPE_MISMATCH, e->pos,
                           "Cannot use subscript on a value of type %s",
                           bind_type_str(b, args[0]->type));
    if (!strcmp(name, "$subscript") || !strcmp(name, "element_at")) {
        ok = n == 2 && args[0]->type.id == ENG_T_ARRAY &&
             bind_fit_arg(b, &args[1], ENG_T_BIGINT, &rc);
        if (ok)
            t = eng_type_elem(args[0]->type);
    } else if (!strcmp(name, "cardinality")) {
        ok = n == 1 && want_arr(b, &args[0], &rc);
        t = eng_type_make(ENG_T_BIGINT);
    } else if (!strcmp(name, "contains") || !strcmp(name, "array_position") ||
               !strcmp(name, "array_remove")) {
        ok = n == 2 && args[0]->type.id == ENG_T_ARRAY &&
             elem_and(b, args, 1, &rc);
        t = name[0] == 'c' ? eng_type_make(ENG_T_BOOLEAN)
            : name[6] == 'p' ? eng_type_make(ENG_T_BIGINT) : args[0]->type;
    } else if (!strcmp(name, "array_join")) {
        ok = (n == 2 || n == 3) && args[0]->type.id == ENG_T_ARRAY &&
             bind_fit_arg(b, &args[1], ENG_T_VARCHAR, &rc) &&
             (n == 2 || bind_fit_arg(b, &args[2], ENG_T_VARCHAR, &rc));
        t = eng_type_varchar(0);
    } else if (!strcmp(name, "split")) {
        ok = (n == 2 || n == 3) &&
             bind_fit_arg(b, &args[0], ENG_T_VARCHAR, &rc) &&
             bind_fit_arg(b, &args[1], ENG_T_VARCHAR, &rc) &&
             (n == 2 || bind_fit_arg(b, &args[2], ENG_T_BIGINT, &rc));
        if (ok && !rc)
            rc = arr_of(b, eng_type_varchar(0), e->pos, &t);
    } else if (!strcmp(name, "array_distinct") || !strcmp(name, "array_sort")) {
        ok = n == 1 && args[0]->type.id == ENG_T_ARRAY;
        t = args[0]->type;
    } else if (!strcmp(name, "array_max") || !strcmp(name, "array_min")) {
        ok = n == 1 && args[0]->type.id == ENG_T_ARRAY;
        if (ok)
            t = eng_type_elem(args[0]->type);
    } else if (!strcmp(name, "array_except") || !strcmp(name, "array_intersect") ||
               !strcmp(name, "array_union") || !strcmp(name, "arrays_overlap")) {
        ok = n == 2 && unify_arrays(b, args, 2, &t, &rc);
        if (!strcmp(name, "arrays_overlap"))
            t = eng_type_make(ENG_T_BOOLEAN);
    } else if (!strcmp(name, "slice")) {
        ok = n == 3 && args[0]->type.id == ENG_T_ARRAY &&
             bind_fit_arg(b, &args[1], ENG_T_BIGINT, &rc) &&
             bind_fit_arg(b, &args[2], ENG_T_BIGINT, &rc);
        t = args[0]->type;
    } else if (!strcmp(name, "sequence")) {
        ok = (n == 2 || n == 3);
        for (int i = 0; ok && i < n; i++)
            ok = bind_fit_arg(b, &args[i], ENG_T_BIGINT, &rc);
        if (ok && !rc)
            rc = arr_of(b, eng_type_make(ENG_T_BIGINT), e->pos, &t);
    } else if (!strcmp(name, "flatten")) {
        ok = n == 1 && args[0]->type.id == ENG_T_ARRAY &&
             eng_type_elem(args[0]->type).id == ENG_T_ARRAY;
        if (ok)
            t = eng_type_elem(args[0]->type);
    } else if (!strcmp(name, "repeat")) {
        ok = n == 2 && bind_fit_arg(b, &args[1], ENG_T_BIGINT, &rc);
        if (ok && !rc)
            rc = arr_of(b, args[0]->type, e->pos, &t);
    }
    if (rc)
        return rc;
    if (!ok)
        return bind_bad_args(b, e, name, args, n);
    return bind_make_func(b, name, t, args, n, e->pos, out);
}

/* See bind_int.h: reverse and concat when their first (concat: any)
 * argument is an array; args already bound. */
eng_rc bind_array_overload(bctx *b, const ast_expr *e, const char *name,
                           plan_expr **args, int n, plan_expr **out)
{
    eng_rc rc = ENG_OK;
    eng_type t;
    if (!strcmp(name, "reverse")) {
        if (n != 1)
            return bind_bad_args(b, e, name, args, n);
        return bind_make_func(b, "reverse", args[0]->type, args, n, e->pos,
                              out);
    }
    if (n < 1 || !unify_arrays(b, args, n, &t, &rc))
        return rc ? rc : bind_bad_args(b, e, name, args, n);
    return rc ? rc : bind_make_func(b, "concat", t, args, n, e->pos, out);
}
