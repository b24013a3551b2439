/*
 * engine/exec/expr_func_json.c
 *   Evaluates Trino's JSON functions over vectors: json_parse,
 *   json_format, json_extract, json_extract_scalar, json_size,
 *   json_array_length, json_array_get, json_array_contains,
 *   is_json_scalar.
 * Interface: exec_func_json (exec_int.h).
 * Not here: signatures (binder/bind_func_json.c); the JSON work per
 *   value, json-c and the JSONPath parser (types/json.c).
 *
 * Called by exec_eval_func with the arguments evaluated and out's
 * validity already the AND of theirs (NULL in, NULL out). A function
 * whose answer is "not found" clears the row's validity. The path of the
 * JSONPath functions is parsed once per distinct text in a batch (it is
 * nearly always a constant): an invalid one is 22023 naming it.
 */
#include <string.h>
#include "exec_int.h"

static const char *const names[] = {
    "json_parse", "json_format", "json_extract", "json_extract_scalar",
    "json_size", "json_array_length", "json_array_get", "json_array_contains",
    "is_json_scalar", NULL };

/* Sets the error's position to the call's (json.c knows none). */
static eng_rc at(eng_rc rc, const plan_expr *e, eng_error *err)
{
    if (rc == ENG_ERROR && err && !err->position)
        err->position = e->pos;
    return rc;
}

/* See exec_int.h. */
eng_rc exec_func_json(exec_eval *x, const plan_expr *e, eng_vector *args,
                      int k, int n, eng_vector *out, bool *found)
{
    const char *f = e->func;
    eng_error *err = x->ctx->err;
    eng_rc rc = ENG_OK;
    int which = -1;
    for (int i = 0; names[i]; i++)
        if (!strcmp(f, names[i]))
            which = i;
    *found = which >= 0;
    if (!*found || k < 1)
        return ENG_OK;
    const eng_str *s = args[0].data;
    eng_str *rs = out->data;
    int64_t *ri = out->data;
    uint8_t *rb = out->data;
    eng_json_path path = { 0, NULL };
    eng_str path_text = { NULL, 0 };
    bool have_path = false;
    for (int i = 0; i < n && rc == ENG_OK; i++) {
        if (!eng_vec_is_valid(out, i))
            continue;
        bool is_null = false, b = false;
        int64_t v = 0;
        switch (which) {
        case 0:     /* json_parse */
            rc = eng_json_parse(x->a, s[i].ptr, s[i].len, &rs[i], err);
            break;
        case 1:     /* json_format: the canonical text itself */
            rs[i] = s[i];
            break;
        case 2: case 3: case 4: {   /* json_extract, _scalar, json_size */
            eng_str p = ((const eng_str *)args[1].data)[i];
            if (!have_path || p.len != path_text.len ||
                (p.len && memcmp(p.ptr, path_text.ptr, p.len))) {
                rc = eng_json_path_parse(x->a, p.ptr, p.len, &path, err);
                if (rc)
                    break;
                path_text = p;
                have_path = true;
            }
            eng_json_what w = which == 2 ? ENG_JSON_EXTRACT
                            : which == 3 ? ENG_JSON_SCALAR : ENG_JSON_SIZE;
            rc = eng_json_extract(x->a, s[i], &path, w, &is_null, &rs[i], &v,
                                  err);
            if (which == 4)
                ri[i] = v;
            break;
        }
        case 5:     /* json_array_length */
            rc = eng_json_array_length(s[i], &is_null, &ri[i], err);
            break;
        case 6:     /* json_array_get */
            rc = eng_json_array_get(x->a, s[i],
                                    ((const int64_t *)args[1].data)[i],
                                    &is_null, &rs[i], err);
            break;
        case 7: {   /* json_array_contains */
            eng_value val;
            memset(&val, 0, sizeof val);
            exec_vec_get(&args[1], i, &val);
            rc = eng_json_array_contains(s[i], &val, &is_null, &b, err);
            rb[i] = b;
            break;
        }
        default:    /* is_json_scalar */
            rc = eng_json_is_scalar(s[i], &b, err);
            rb[i] = b;
            break;
        }
        if (rc == ENG_OK && is_null)
            eng_vec_set_valid(out, i, false);
    }
    return at(rc, e, err);
}
