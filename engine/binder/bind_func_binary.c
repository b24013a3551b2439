/*
 * engine/binder/bind_func_binary.c
 *   Trino's varbinary and uuid functions, with their signatures and result
 *   types: length, substr, concat over varbinary (bind_func hands those
 *   over when an argument is varbinary), to_utf8, from_utf8, to_hex,
 *   from_hex, to_base64, from_base64, md5, sha1, sha256, sha512, crc32,
 *   uuid().
 * Interface: bind_is_binary_func, bind_func_binary (bind_int.h).
 * Not here: evaluation (exec/expr_func_binary.c); the types and their
 *   casts (types/); `||` (bind_expr.c).
 */
#include <string.h>
#include "bind_int.h"

static const char *const binary_names[] = {
    "to_utf8", "from_utf8", "to_hex", "from_hex", "to_base64", "from_base64",
    "md5", "sha1", "sha256", "sha512", "crc32", "uuid", NULL };

/* True for the functions that exist only for varbinary or uuid. */
bool bind_is_binary_func(const char *name)
{
    return bind_name_in(name, binary_names);
}

/* Coerces *a to `to` when it is of that type or untyped (a NULL or a
 * marker); false otherwise. varchar of any length fits varchar. */
static bool fit(bctx *b, plan_expr **a, eng_type_id to, eng_rc *rc)
{
    eng_type_id have = (*a)->type.id;
    if (have != ENG_T_UNKNOWN && have != to &&
        !(to == ENG_T_BIGINT && eng_type_is_integer(have)))
        return false;
    if (have == to && to == ENG_T_VARCHAR)
        return true;
    eng_type t = to == ENG_T_VARCHAR ? eng_type_varchar(0) : eng_type_make(to);
    if (!*rc)
        *rc = bind_coerce(b, *a, t, a);
    return true;
}

/*
 * Binds name(args[0..n)) (already bound) as a binary function. Wrong
 * arity or types: 42883 listing the argument types.
 */
eng_rc bind_func_binary(bctx *b, const ast_expr *e, const char *name,
                        plan_expr **args, int n, plan_expr **out)
{
    eng_rc rc = ENG_OK;
    eng_type t;
    eng_type vb = eng_type_make(ENG_T_VARBINARY);
    if (!strcmp(name, "length")) {
        if (n != 1 || !fit(b, &args[0], ENG_T_VARBINARY, &rc))
            return bind_bad_args(b, e, name, args, n);
        t = eng_type_make(ENG_T_BIGINT);
    } else if (!strcmp(name, "substr") || !strcmp(name, "substring")) {
        name = "substr";
        if (n < 2 || n > 3 || !fit(b, &args[0], ENG_T_VARBINARY, &rc) ||
            !fit(b, &args[1], ENG_T_BIGINT, &rc) ||
            (n == 3 && !fit(b, &args[2], ENG_T_BIGINT, &rc)))
            return bind_bad_args(b, e, name, args, n);
        t = vb;
    } else if (!strcmp(name, "concat")) {
        if (n < 1)
            return bind_bad_args(b, e, name, args, n);
        for (int i = 0; i < n; i++)
            if (!fit(b, &args[i], ENG_T_VARBINARY, &rc))
                return bind_bad_args(b, e, name, args, n);
        t = vb;
    } else if (!strcmp(name, "to_utf8") || !strcmp(name, "from_hex") ||
               !strcmp(name, "from_base64")) {
        /* from_base64 takes varbinary too (Trino): its bytes as text */
        if (n != 1 || (!fit(b, &args[0], ENG_T_VARCHAR, &rc) &&
                       !(name[0] == 'f' && name[5] == 'b' &&
                         fit(b, &args[0], ENG_T_VARBINARY, &rc))))
            return bind_bad_args(b, e, name, args, n);
        t = vb;
    } else if (!strcmp(name, "from_utf8")) {
        /* from_utf8(b [, replace]): replace a varchar of at most one
         * character, or a code point */
        if (n < 1 || n > 2 || !fit(b, &args[0], ENG_T_VARBINARY, &rc) ||
            (n == 2 && !fit(b, &args[1], ENG_T_VARCHAR, &rc) &&
             !fit(b, &args[1], ENG_T_BIGINT, &rc)))
            return bind_bad_args(b, e, name, args, n);
        t = eng_type_varchar(0);
    } else if (!strcmp(name, "to_hex") || !strcmp(name, "to_base64")) {
        if (n != 1 || !fit(b, &args[0], ENG_T_VARBINARY, &rc))
            return bind_bad_args(b, e, name, args, n);
        t = eng_type_varchar(0);
    } else if (!strcmp(name, "crc32")) {
        if (n != 1 || !fit(b, &args[0], ENG_T_VARBINARY, &rc))
            return bind_bad_args(b, e, name, args, n);
        t = eng_type_make(ENG_T_BIGINT);
    } else if (!strcmp(name, "uuid")) {
        if (n != 0)
            return bind_bad_args(b, e, name, args, n);
        t = eng_type_make(ENG_T_UUID);
    } else {    /* md5, sha1, sha256, sha512 */
        if (n != 1 || !fit(b, &args[0], ENG_T_VARBINARY, &rc))
            return bind_bad_args(b, e, name, args, n);
        t = vb;
    }
    if (rc)
        return rc;
    plan_expr *f = bind_new(b, PX_FUNC, t, e->pos);
    if (!f)
        return eng_err_oom(b->err);
    f->func = name;
    f->nargs = n;
    f->args = args;
    *out = f;
    return ENG_OK;
}
