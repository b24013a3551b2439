/*
 * engine/binder/bind_func_bitwise.c
 *   Trino's bitwise functions with their signatures and result types:
 *   bitwise_and, bitwise_or, bitwise_xor (bigint, bigint) -> bigint,
 *   bitwise_not(bigint) -> bigint, bit_count(bigint, bigint) -> bigint,
 *   and bitwise_left_shift, bitwise_right_shift,
 *   bitwise_right_shift_arithmetic(value, integer shift) -> value's type
 *   (tinyint, smallint, integer or bigint).
 * Interface: bind_is_bitwise_func, bind_func_bitwise (bind_int.h).
 * Not here: evaluation (exec/expr_func_bitwise.c); shipping to
 *   PostgreSQL (connector/pg/pg_shippable.c).
 *
 * Arguments coerce as Trino's do: a smaller integer widens to bigint or
 * integer, an untyped NULL fits anything (a NULL value of a shift takes
 * tinyint, the most specific overload, as Trino resolves it); bigint does
 * not narrow to a shift's integer, and no decimal, double or varchar is
 * taken (42883 naming the argument types).
 */
#include <string.h>
#include "bind_int.h"

static const char *const bitwise_names[] = {
    "bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_not", "bit_count",
    "bitwise_left_shift", "bitwise_right_shift",
    "bitwise_right_shift_arithmetic", NULL };

bool bind_is_bitwise_func(const char *name)
{
    return bind_name_in(name, bitwise_names);
}

/* Coerces *a to t when its type is an integer type no wider than t, or
 * untyped; false otherwise (*rc: ENG_NOMEM on OOM). */
static bool widen(bctx *b, plan_expr **a, eng_type t, eng_rc *rc)
{
    eng_type have = (*a)->type;
    int64_t lo, hi, tlo, thi;
    if (have.id != ENG_T_UNKNOWN) {
        if (!eng_type_is_integer(have.id))
            return false;
        eng_int_range(have, &lo, &hi);
        eng_int_range(t, &tlo, &thi);
        if (lo < tlo || hi > thi)
            return false;
        if (eng_type_equal(have, t))
            return true;
    }
    if (!*rc)
        *rc = bind_coerce(b, *a, t, a);
    return true;
}

/*
 * Binds name(args[0..n)) (already bound) as a bitwise function. Wrong
 * arity or types: 42883 listing the argument types.
 */
eng_rc bind_func_bitwise(bctx *b, const ast_expr *e, const char *name,
                         plan_expr **args, int n, plan_expr **out)
{
    eng_rc rc = ENG_OK;
    eng_type big = eng_type_make(ENG_T_BIGINT), t;
    if (!strncmp(name, "bitwise_left_shift", 18) ||
        !strncmp(name, "bitwise_right_shift", 19)) {
        if (n != 2)
            return bind_bad_args(b, e, name, args, n);
        t = args[0]->type;
        if (t.id == ENG_T_UNKNOWN)
            t = eng_type_tinyint();
        else if (!eng_type_is_integer(t.id))
            return bind_bad_args(b, e, name, args, n);
        if (!widen(b, &args[0], t, &rc) ||
            !widen(b, &args[1], eng_type_make(ENG_T_INTEGER), &rc))
            return bind_bad_args(b, e, name, args, n);
    } else {
        int want = !strcmp(name, "bitwise_not") ? 1 : 2;
        if (n != want)
            return bind_bad_args(b, e, name, args, n);
        for (int i = 0; i < n; i++)
            if (!widen(b, &args[i], big, &rc))
                return bind_bad_args(b, e, name, args, n);
        t = big;
    }
    if (rc)
        return rc;
    return bind_make_func(b, name, t, args, n, e->pos, out);
}
