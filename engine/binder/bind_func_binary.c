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
        if ((rc = BIND_SIG(b, e, name, args, n, 1, ENG_T_VARBINARY)))
            return rc;
        t = eng_type_make(ENG_T_BIGINT);
    } else if (!strcmp(name, "substr") || !strcmp(name, "substring")) {
        name = "substr";
        if ((rc = BIND_SIG(b, e, name, args, n, 2, ENG_T_VARBINARY,
                           ENG_T_BIGINT, ENG_T_BIGINT)))
            return rc;
        t = vb;
    } else if (!strcmp(name, "concat")) {
        if (n < 1)
            return bind_bad_args(b, e, name, args, n);
        for (int i = 0; i < n; i++)
            if (!bind_fit_arg(b, &args[i], ENG_T_VARBINARY, &rc))
                return bind_bad_args(b, e, name, args, n);
        t = vb;
    } else if (!strcmp(name, "to_utf8") || !strcmp(name, "from_hex") ||
               !strcmp(name, "from_base64")) {
        /* from_base64 takes varbinary too (Trino): its bytes as text */
        if (n != 1 || (!bind_fit_arg(b, &args[0], ENG_T_VARCHAR, &rc) &&
                       !(name[0] == 'f' && name[5] == 'b' &&
                         bind_fit_arg(b, &args[0], ENG_T_VARBINARY, &rc))))
            return bind_bad_args(b, e, name, args, n);
        t = vb;
    } else if (!strcmp(name, "from_utf8")) {
        /* from_utf8(b [, replace]): replace a varchar of at most one
         * character, or a code point */
        if (n < 1 || n > 2 ||
            !bind_fit_arg(b, &args[0], ENG_T_VARBINARY, &rc) ||
            (n == 2 && !bind_fit_arg(b, &args[1], ENG_T_VARCHAR, &rc) &&
             !bind_fit_arg(b, &args[1], ENG_T_BIGINT, &rc)))
            return bind_bad_args(b, e, name, args, n);
        t = eng_type_varchar(0);
    } else if (!strcmp(name, "to_hex") || !strcmp(name, "to_base64")) {
        if ((rc = BIND_SIG(b, e, name, args, n, 1, ENG_T_VARBINARY)))
            return rc;
        t = eng_type_varchar(0);
    } else if (!strcmp(name, "crc32")) {
        if ((rc = BIND_SIG(b, e, name, args, n, 1, ENG_T_VARBINARY)))
            return rc;
        t = eng_type_make(ENG_T_BIGINT);
    } else if (!strcmp(name, "uuid")) {
        if (n != 0)
            return bind_bad_args(b, e, name, args, n);
        t = eng_type_make(ENG_T_UUID);
    } else {    /* md5, sha1, sha256, sha512 */
        if ((rc = BIND_SIG(b, e, name, args, n, 1, ENG_T_VARBINARY)))
            return rc;
        t = vb;
    }
    if (rc)
        return rc;
    return bind_make_func(b, name, t, args, n, e->pos, out);
}
