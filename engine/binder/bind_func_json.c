/*
 * engine/binder/bind_func_json.c
 *   Trino's JSON functions with their signatures and result types:
 *   json_parse, json_format, json_extract, json_extract_scalar, json_size,
 *   json_array_length, json_array_get, json_array_contains,
 *   is_json_scalar. Each of the last seven takes a json or a varchar (the
 *   text read as JSON), as Trino's overloads do. The SQL/JSON functions
 *   (json_query, json_value, ...) are reserved words the parser refuses
 *   with 0A000 (parse_expr.c); quoted as identifiers ("json_query"(...))
 *   they are 0A000 here too.
 * Interface: bind_is_json_func, bind_func_json (bind_int.h).
 * Not here: evaluation (exec/expr_func_json.c); the json type, its
 *   casts and JSONPath (types/json.c).
 */
#include <string.h>
#include "bind_int.h"

static const char *const json_names[] = {
    "json_parse", "json_format", "json_extract", "json_extract_scalar",
    "json_size", "json_array_length", "json_array_get", "json_array_contains",
    "is_json_scalar", NULL };

/* Trino's SQL/JSON functions, not built: 0A000. */
static const char *const sqljson_names[] = {
    "json_query", "json_value", "json_exists", "json_object", "json_array",
    NULL };

/* True for the names bind_func_json answers. */
bool bind_is_json_func(const char *name)
{
    return bind_name_in(name, json_names) || bind_name_in(name, sqljson_names);
}

/* The document argument: a json or a varchar (untyped: json). */
static bool doc(bctx *b, plan_expr **a, eng_rc *rc)
{
    return bind_fit_arg(b, a, ENG_T_JSON, rc) || bind_fit_arg(b, a, ENG_T_VARCHAR, rc);
}

/*
 * Binds name(args[0..n)) (already bound). Wrong arity or types: 42883
 * listing the argument types.
 */
eng_rc bind_func_json(bctx *b, const ast_expr *e, const char *name,
                      plan_expr **args, int n, plan_expr **out)
{
    eng_rc rc = ENG_OK;
    eng_type t;
    if (bind_name_in(name, sqljson_names))
        return eng_err_set(b->err, ENG_ERR_FEATURE_NOT_SUPPORTED, e->pos,
                           "%s is not supported yet (the JSON functions "
                           "json_extract, json_extract_scalar, ... are)",
                           name);
    if (!strcmp(name, "json_parse")) {
        if ((rc = BIND_SIG(b, e, name, args, n, 1, ENG_T_VARCHAR)))
            return rc;
        t = eng_type_make(ENG_T_JSON);
    } else if (!strcmp(name, "json_format")) {
        if ((rc = BIND_SIG(b, e, name, args, n, 1, ENG_T_JSON)))
            return rc;
        t = eng_type_varchar(0);
    } else if (!strcmp(name, "json_extract") ||
               !strcmp(name, "json_extract_scalar") ||
               !strcmp(name, "json_size")) {
        if (n != 2 || !doc(b, &args[0], &rc) ||
            !bind_fit_arg(b, &args[1], ENG_T_VARCHAR, &rc))
            return bind_bad_args(b, e, name, args, n);
        t = !strcmp(name, "json_extract") ? eng_type_make(ENG_T_JSON)
            : !strcmp(name, "json_size") ? eng_type_make(ENG_T_BIGINT)
            : eng_type_varchar(0);
    } else if (!strcmp(name, "json_array_length")) {
        if (n != 1 || !doc(b, &args[0], &rc))
            return bind_bad_args(b, e, name, args, n);
        t = eng_type_make(ENG_T_BIGINT);
    } else if (!strcmp(name, "json_array_get")) {
        if (n != 2 || !doc(b, &args[0], &rc) ||
            !bind_fit_arg(b, &args[1], ENG_T_BIGINT, &rc))
            return bind_bad_args(b, e, name, args, n);
        t = eng_type_make(ENG_T_JSON);
    } else if (!strcmp(name, "json_array_contains")) {
        /* the value: boolean, bigint (any integer), double (decimal and
         * real coerce to it, as in Trino) or varchar */
        if (n != 2 || !doc(b, &args[0], &rc))
            return bind_bad_args(b, e, name, args, n);
        eng_type_id v = args[1]->type.id;
        if (v == ENG_T_DECIMAL || v == ENG_T_DOUBLE)
            v = ENG_T_DOUBLE;
        else if (eng_type_is_integer(v))
            v = ENG_T_BIGINT;
        else if (v != ENG_T_BOOLEAN && v != ENG_T_VARCHAR)
            return bind_bad_args(b, e, name, args, n);
        if (!rc && args[1]->type.id != ENG_T_VARCHAR)
            rc = bind_coerce(b, args[1], eng_type_make(v), &args[1]);
        t = eng_type_make(ENG_T_BOOLEAN);
    } else {    /* is_json_scalar */
        if (n != 1 || !doc(b, &args[0], &rc))
            return bind_bad_args(b, e, name, args, n);
        t = eng_type_make(ENG_T_BOOLEAN);
    }
    if (rc)
        return rc;
    return bind_make_func(b, name, t, args, n, e->pos, out);
}
