/*
 * engine/exec/expr_cast.c
 *   PX_CAST over vectors: typed fast paths for integer widening and
 *   narrowing and integer -> double, eng_value_cast per row otherwise;
 *   TRY_CAST turns a failed row into NULL.
 * Interface: exec_eval_cast.
 * Not here: the cast rules themselves (types/cast.c).
 */
#include <string.h>
#include "exec_int.h"

/* True when a vector of type `from` can be reinterpreted as `to`. */
static bool same_repr(eng_type from, eng_type to)
{
    if (from.id != to.id)
        return false;
    if (to.id == ENG_T_ARRAY)   /* only the same element type */
        return eng_type_equal(from, to);
    if (to.id == ENG_T_DECIMAL)
        return from.scale == to.scale && from.precision <= to.precision;
    if (to.id == ENG_T_VARCHAR &&
        eng_type_is_char(from) != eng_type_is_char(to))
        return false;   /* char <-> varchar trims or pads */
    if (eng_type_is_real(to) && !eng_type_is_real(from))
        return false;   /* double -> real rounds */
    if (eng_type_is_tinyint(to) && !eng_type_is_tinyint(from))
        return false;   /* smallint -> tinyint checks the range */
    if (eng_type_is_char(to))
        return from.length <= to.length;   /* both already trimmed */
    if (to.id == ENG_T_VARCHAR)
        return to.length == 0 || (from.length > 0 && from.length <= to.length);
    if (to.id == ENG_T_TIMESTAMP || to.id == ENG_T_TIME ||
        eng_type_is_tz(to.id))
        return from.precision <= to.precision;   /* fewer digits round */
    return true;
}

/* Integer -> integer/double conversion in typed loops. Returns 1 when it
 * handled the cast, with *rc the outcome. */
static int cast_int_fast(exec_eval *x, const plan_expr *e, const eng_vector *v,
                         int n, eng_vector *out, eng_rc *rc)
{
    eng_type_id f = v->type.id, t = e->type.id;
    if (!eng_type_is_integer(f) ||
        !(eng_type_is_integer(t) || t == ENG_T_DOUBLE))
        return 0;
    *rc = exec_vec_alloc(x->a, e->type, n, out, x->ctx->err);
    if (*rc != ENG_OK)
        return 1;
    memcpy(out->validity, v->validity, ((size_t)n + 7) / 8);
    int64_t *tmp = eng_arena_alloc(x->a, sizeof(int64_t) * (size_t)(n ? n : 1));
    if (!tmp) {
        *rc = eng_err_oom(x->ctx->err);
        return 1;
    }
    switch (f) {
    case ENG_T_SMALLINT: { const int16_t *s = v->data;
        for (int i = 0; i < n; i++) tmp[i] = s[i]; } break;
    case ENG_T_INTEGER: { const int32_t *s = v->data;
        for (int i = 0; i < n; i++) tmp[i] = s[i]; } break;
    default: memcpy(tmp, v->data, sizeof(int64_t) * (size_t)n); break;
    }
    if (t == ENG_T_DOUBLE) {
        double *d = out->data;
        for (int i = 0; i < n; i++)
            d[i] = (double)tmp[i];
        return 1;
    }
    int64_t lo, hi;
    eng_int_range(e->type, &lo, &hi);
    for (int i = 0; i < n; i++) {
        if ((tmp[i] < lo || tmp[i] > hi) && eng_vec_is_valid(v, i)) {
            if (e->is_try) {
                eng_vec_set_valid(out, i, false);
                tmp[i] = 0;
                continue;
            }
            *rc = eng_err_set(x->ctx->err, ENG_ERR_NUMERIC_VALUE_OUT_OF_RANGE,
                              e->pos, "Out of range for %s: %lld",
                              eng_type_is_tinyint(e->type) ? "tinyint"
                              : t == ENG_T_SMALLINT ? "smallint" : "integer",
                              (long long)tmp[i]);
            return 1;
        }
    }
    switch (t) {
    case ENG_T_SMALLINT: { int16_t *d = out->data;
        for (int i = 0; i < n; i++) d[i] = (int16_t)tmp[i]; } break;
    case ENG_T_INTEGER: { int32_t *d = out->data;
        for (int i = 0; i < n; i++) d[i] = (int32_t)tmp[i]; } break;
    default: memcpy(out->data, tmp, sizeof(int64_t) * (size_t)n); break;
    }
    return 1;
}

/*
 * CAST(arg AS e->type) over the selected rows. Errors (22003, 22018, ...)
 * carry e's position; with is_try a failing row becomes NULL instead (out
 * of memory still fails).
 */
eng_rc exec_eval_cast(exec_eval *x, const plan_expr *e, const int *sel, int n,
                    eng_vector *out)
{
    eng_vector v;
    eng_rc rc = exec_eval_sel(x, e->args[0], sel, n, &v);
    if (rc != ENG_OK)
        return rc;
    if (v.type.id == ENG_T_UNKNOWN)
        return exec_vec_alloc(x->a, e->type, n, out, x->ctx->err);
    if (same_repr(v.type, e->type)) {
        *out = v;
        out->type = e->type;
        return ENG_OK;
    }
    if (cast_int_fast(x, e, &v, n, out, &rc))
        return rc;
    rc = exec_vec_alloc(x->a, e->type, n, out, x->ctx->err);
    if (rc != ENG_OK)
        return rc;
    eng_error local;
    for (int i = 0; i < n; i++) {
        if (!eng_vec_is_valid(&v, i))
            continue;
        eng_value a, b;
        exec_vec_get(&v, i, &a);
        eng_err_clear(&local);
        rc = eng_value_cast_zone(x->a, &a, e->type, sess_tz(x->ctx->conn), &b,
                                 &local);
        if (rc == ENG_NOMEM)
            return eng_err_oom(x->ctx->err);
        if (rc != ENG_OK) {
            if (e->is_try)
                continue;
            *x->ctx->err = local;
            if (x->ctx->err->position == 0)
                x->ctx->err->position = e->pos;
            return rc;
        }
        exec_vec_set(out, i, &b);
    }
    return ENG_OK;
}
