/*
 * engine/exec/expr_eval.c
 *   Vectorized evaluation of bound expressions (plan_expr) over a batch:
 *   constants, column refs, parameters, operators, three-valued logic,
 *   CASE, IN lists, LIKE, coalesce/nullif.
 * Interface: exec_eval_sel, exec_eval_as, exec_compare, exec_err_overflow,
 *   exec_err_div0, exec_dec_rescale, exec_dec_div_round, exec_dec_fits,
 *   exec_utf8_next.
 * Not here: casts (expr_cast.c), scalar functions (expr_func.c).
 *
 * Every evaluation works on a selection: rows sel[0..n-1] of the input
 * batch (sel NULL = rows 0..n-1), producing a dense n-row vector. CASE,
 * coalesce, AND and OR evaluate later arguments only over the rows that
 * still need them (a composed, smaller selection) and scatter the result
 * back, so `CASE WHEN x <> 0 THEN 10 / x END` never divides by zero.
 * Hot paths (comparisons, arithmetic, logic, IS NULL, refs, constants) are
 * typed loops; validity is combined a byte at a time.
 */
#include <float.h>
#include <math.h>
#include <string.h>
#include "exec_int.h"

/* Bytes of an n-row validity bitmap. */
static inline size_t vbytes(int n) { return ((size_t)n + 7) / 8; }

/* ------------------------------------------------------------------ */
/* Errors and decimal helpers                                          */
/* ------------------------------------------------------------------ */

/* 22003 naming the overflowing type, at e's position (a smallint t is
 * tinyint when e's type is). */
eng_rc exec_err_overflow(exec_eval *x, const plan_expr *e, eng_type_id t)
{
    const char *what = t == ENG_T_SMALLINT && e && eng_type_is_tinyint(e->type)
                     ? "tinyint overflow"
                     : t == ENG_T_SMALLINT ? "smallint overflow"
                     : t == ENG_T_INTEGER ? "integer overflow"
                     : t == ENG_T_BIGINT ? "bigint overflow"
                     : "Decimal overflow";
    return eng_err_set(x->ctx->err, ENG_ERR_NUMERIC_VALUE_OUT_OF_RANGE,
                       e ? e->pos : 0, "%s", what);
}

/* 22012 at e's position. */
eng_rc exec_err_div0(exec_eval *x, const plan_expr *e)
{
    return eng_err_set(x->ctx->err, ENG_ERR_DIVISION_BY_ZERO, e ? e->pos : 0,
                       "Division by zero");
}

/* True when |v| < 10^precision. */
bool exec_dec_fits(eng_int128 v, int precision)
{
    if (precision > 38)
        precision = 38;
    eng_int128 lim = eng_pow10(precision);
    return v < lim && v > -lim;
}

/* Divides num by den (den != 0) rounding half away from zero. Returns 0. */
int exec_dec_div_round(eng_int128 num, eng_int128 den, eng_int128 *out)
{
    eng_int128 q = num / den, r = num % den;
    eng_int128 ar = r < 0 ? -r : r, ad = den < 0 ? -den : den;
    if (ar >= ad - ar)
        q += ((num < 0) != (den < 0)) ? -1 : 1;
    *out = q;
    return 0;
}

/*
 * Rescales unscaled v from from_scale to to_scale: exact when growing
 * (returns 1 on overflow of 10^38), HALF_UP away from zero when shrinking.
 */
int exec_dec_rescale(eng_int128 v, int from_scale, int to_scale,
                   eng_int128 *out)
{
    if (to_scale == from_scale) {
        *out = v;
        return 0;
    }
    if (to_scale > from_scale) {
        int d = to_scale - from_scale;
        if (v == 0) {
            *out = 0;
            return 0;
        }
        if (d > 38)
            return 1;
        eng_int128 r;
        if (__builtin_mul_overflow(v, eng_pow10(d), &r))
            return 1;
        *out = r;
        return 0;
    }
    int d = from_scale - to_scale;
    if (d > 38) {
        *out = 0;
        return 0;
    }
    return exec_dec_div_round(v, eng_pow10(d), out);
}

/* Decodes one UTF-8 code point at s[*pos], advancing *pos. */
uint32_t exec_utf8_next(const char *s, uint32_t len, uint32_t *pos)
{
    const unsigned char *u = (const unsigned char *)s;
    uint32_t i = *pos;
    unsigned c = u[i];
    int n = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2
          : (c & 0xF8) == 0xF0 ? 3 : -1;
    if (n <= 0 || (uint64_t)i + (uint64_t)n >= (uint64_t)len) {
        *pos = i + 1;
        return c;
    }
    uint32_t cp = c & (0x3Fu >> n);
    for (int k = 1; k <= n; k++) {
        unsigned cc = u[i + (uint32_t)k];
        if ((cc & 0xC0) != 0x80) {
            *pos = i + 1;
            return c;
        }
        cp = (cp << 6) | (cc & 0x3F);
    }
    *pos = i + (uint32_t)n + 1;
    return cp;
}

/* ------------------------------------------------------------------ */
/* Small vector helpers                                                */
/* ------------------------------------------------------------------ */

/* out validity = a & b (n rows). */
static void and_validity(uint8_t *out, const eng_vector *a,
                         const eng_vector *b, int n)
{
    size_t nb = vbytes(n);
    for (size_t k = 0; k < nb; k++)
        out[k] = a->validity[k] & b->validity[k];
}

/* sub[j] = sel ? sel[idx[j]] : idx[j]: a selection over the input batch. */
static int *compose(exec_eval *x, const int *sel, const int *idx, int m)
{
    int *s = eng_arena_alloc(x->a, sizeof(int) * (size_t)(m ? m : 1));
    if (!s) {
        eng_err_oom(x->ctx->err);
        return NULL;
    }
    for (int j = 0; j < m; j++)
        s[j] = sel ? sel[idx[j]] : idx[j];
    return s;
}

/* Fills an n-row vector of type t with the constant *v (already of t). */
static eng_rc fill_const(exec_eval *x, const eng_value *v, eng_type t, int n,
                         eng_vector *out)
{
    eng_rc rc = exec_vec_alloc(x->a, t, n, out, x->ctx->err);
    if (rc != ENG_OK || v->is_null || t.id == ENG_T_UNKNOWN)
        return rc;
    memset(out->validity, 0xFF, vbytes(n));
    switch (t.id) {
#define FILL(T, F) { T *d = out->data; for (int i = 0; i < n; i++) d[i] = (T)(F); } break
    case ENG_T_BOOLEAN: FILL(uint8_t, v->u.b ? 1 : 0);
    case ENG_T_SMALLINT: FILL(int16_t, v->u.i);
    case ENG_T_INTEGER: FILL(int32_t, v->u.i);
    case ENG_T_BIGINT:
    case ENG_T_TIMESTAMP: case ENG_T_TIME:
    case ENG_T_INTERVAL_DS: case ENG_T_INTERVAL_YM: FILL(int64_t, v->u.i);
    case ENG_T_DOUBLE: FILL(double, v->u.d);
    case ENG_T_DECIMAL: FILL(eng_int128, v->u.dec);
    case ENG_T_DATE: FILL(int32_t, v->u.date);
    case ENG_T_VARCHAR: case ENG_T_VARBINARY: case ENG_T_UUID: case ENG_T_JSON: {
        eng_str *d = out->data;
        for (int i = 0; i < n; i++) d[i] = v->u.s; } break;
    case ENG_T_TIMESTAMP_TZ: case ENG_T_TIME_TZ: FILL(eng_tstz, v->u.tz);
    case ENG_T_ARRAY: FILL(eng_arr, v->u.arr);   /* shared: constants outlive */
#undef FILL
    case ENG_T_UNKNOWN: break;
    }
    return ENG_OK;
}

/* Casts a scalar to t when its type differs (in arena x->a). */
static eng_rc value_to(exec_eval *x, const plan_expr *e, const eng_value *v,
                       eng_type t, eng_value *out)
{
    if (v->is_null || v->type.id == ENG_T_UNKNOWN) {
        memset(out, 0, sizeof *out);
        out->type = t;
        out->is_null = true;
        return ENG_OK;
    }
    if (v->type.id == t.id && (t.id != ENG_T_DECIMAL ||
                                v->type.scale == t.scale) &&
        (t.id != ENG_T_ARRAY || eng_type_equal(v->type, t))) {
        *out = *v;
        out->type = t;
        return ENG_OK;
    }
    eng_rc rc = eng_value_cast_zone(x->a, v, t, sess_tz(x->ctx->conn), out,
                                    x->ctx->err);
    if (rc != ENG_OK && x->ctx->err->position == 0)
        x->ctx->err->position = e->pos;
    return rc;
}

/* Converts vector v (n rows) to type t in place of *v when types differ. */
static eng_rc coerce(exec_eval *x, const plan_expr *e, eng_vector *v, int n,
                     eng_type t)
{
    if (v->type.id == t.id && (t.id != ENG_T_DECIMAL ||
                               v->type.scale == t.scale) &&
        (t.id != ENG_T_ARRAY || eng_type_equal(v->type, t))) {
        v->type = t;
        return ENG_OK;
    }
    eng_vector o;
    eng_rc rc = exec_vec_alloc(x->a, t, n, &o, x->ctx->err);
    if (rc != ENG_OK || v->type.id == ENG_T_UNKNOWN) {
        *v = o;
        return rc;
    }
    for (int i = 0; i < n; i++) {
        eng_value a, b;
        exec_vec_get(v, i, &a);
        if (a.is_null)
            continue;
        rc = value_to(x, e, &a, t, &b);
        if (rc != ENG_OK)
            return rc;
        exec_vec_set(&o, i, &b);
    }
    *v = o;
    return ENG_OK;
}

/* Evaluates e over the selection and converts the result to t. */
eng_rc exec_eval_as(exec_eval *x, const plan_expr *e, const int *sel, int n,
                  eng_type t, eng_vector *out)
{
    eng_rc rc = exec_eval_sel(x, e, sel, n, out);
    if (rc != ENG_OK)
        return rc;
    return coerce(x, e, out, n, t);
}

/* ------------------------------------------------------------------ */
/* Comparisons                                                         */
/* ------------------------------------------------------------------ */

#define CMP_TYPED(T)                                                       \
    do {                                                                   \
        const T *p = a->data, *q = b->data;                                \
        switch (op) {                                                      \
        case PO_EQ: for (int i = 0; i < n; i++) r[i] = p[i] == q[i]; break; \
        case PO_NE: for (int i = 0; i < n; i++) r[i] = p[i] != q[i]; break; \
        case PO_LT: for (int i = 0; i < n; i++) r[i] = p[i] < q[i]; break;  \
        case PO_LE: for (int i = 0; i < n; i++) r[i] = p[i] <= q[i]; break; \
        case PO_GT: for (int i = 0; i < n; i++) r[i] = p[i] > q[i]; break;  \
        case PO_GE: for (int i = 0; i < n; i++) r[i] = p[i] >= q[i]; break; \
        default: break;                                                    \
        }                                                                  \
    } while (0)

/* Maps a three-way result to the comparison op. */
static inline uint8_t cmp_holds(plan_op op, int c)
{
    switch (op) {
    case PO_EQ: return c == 0;
    case PO_NE: return c != 0;
    case PO_LT: return c < 0;
    case PO_LE: return c <= 0;
    case PO_GT: return c > 0;
    case PO_GE: return c >= 0;
    default: return 0;
    }
}

/*
 * res = a op b over n rows (a, b same type id), NULL where either is NULL.
 * Varchar compares bytes; decimals of equal scale compare unscaled values.
 */
eng_rc exec_compare(exec_eval *x, plan_op op, const eng_vector *a,
                  const eng_vector *b, int n, eng_vector *res)
{
    eng_rc rc = exec_vec_alloc(x->a, eng_type_make(ENG_T_BOOLEAN), n, res,
                             x->ctx->err);
    if (rc != ENG_OK)
        return rc;
    if (a->type.id == ENG_T_UNKNOWN || b->type.id == ENG_T_UNKNOWN)
        return ENG_OK;
    and_validity(res->validity, a, b, n);
    uint8_t *r = res->data;
    switch (a->type.id) {
    case ENG_T_BOOLEAN: CMP_TYPED(uint8_t); break;
    case ENG_T_SMALLINT: CMP_TYPED(int16_t); break;
    case ENG_T_INTEGER:
    case ENG_T_DATE: CMP_TYPED(int32_t); break;
    case ENG_T_BIGINT:
    case ENG_T_TIMESTAMP: case ENG_T_TIME:
    case ENG_T_INTERVAL_DS: case ENG_T_INTERVAL_YM: CMP_TYPED(int64_t); break;
    case ENG_T_DOUBLE: CMP_TYPED(double); break;
    case ENG_T_DECIMAL:
        if (a->type.scale == b->type.scale)
            CMP_TYPED(eng_int128);
        else
            for (int i = 0; i < n; i++)
                r[i] = cmp_holds(op, exec_elem_cmp(a, i, b, i));
        break;
    case ENG_T_VARCHAR: case ENG_T_VARBINARY: case ENG_T_UUID: case ENG_T_JSON: {
        const eng_str *p = a->data, *q = b->data;
        for (int i = 0; i < n; i++) {
            uint32_t m = p[i].len < q[i].len ? p[i].len : q[i].len;
            int c = m ? memcmp(p[i].ptr, q[i].ptr, m) : 0;
            if (c == 0)
                c = p[i].len < q[i].len ? -1 : p[i].len > q[i].len;
            r[i] = cmp_holds(op, c);
        }
        break;
    }
    case ENG_T_TIMESTAMP_TZ: case ENG_T_TIME_TZ:
        for (int i = 0; i < n; i++)
            r[i] = cmp_holds(op, exec_elem_cmp(a, i, b, i));
        break;
    case ENG_T_ARRAY:
        /* = and <>: element by element, NULL when only a NULL element
         * could decide (expr_func_array.c); the binder allows no other */
        for (int i = 0; i < n; i++) {
            if (!eng_vec_is_valid(res, i))
                continue;
            int eq = exec_arr_eq(a, i, b, i);
            if (eq < 0)
                eng_vec_set_valid(res, i, false);
            else
                r[i] = op == PO_NE ? !eq : op == PO_EQ ? (uint8_t)eq
                       : cmp_holds(op, exec_elem_cmp(a, i, b, i));
        }
        break;
    case ENG_T_UNKNOWN: break;
    }
    return ENG_OK;
}

/* a IS [NOT] DISTINCT FROM b: never NULL. */
static eng_rc distinct_from(exec_eval *x, bool is_distinct, const eng_vector *a,
                            const eng_vector *b, int n, eng_vector *res)
{
    eng_rc rc = exec_vec_alloc(x->a, eng_type_make(ENG_T_BOOLEAN), n, res,
                             x->ctx->err);
    if (rc != ENG_OK)
        return rc;
    memset(res->validity, 0xFF, vbytes(n));
    uint8_t *r = res->data;
    for (int i = 0; i < n; i++) {
        bool same = exec_elem_eq(a, i, b, i);
        r[i] = is_distinct ? !same : same;
    }
    return ENG_OK;
}

/* ------------------------------------------------------------------ */
/* Arithmetic                                                          */
/* ------------------------------------------------------------------ */

/* Loads an integer vector as int64 (aliasing bigint storage). */
static const int64_t *as_i64(exec_eval *x, const eng_vector *v, int n)
{
    if (v->type.id == ENG_T_BIGINT)
        return v->data;
    int64_t *d = eng_arena_alloc(x->a, sizeof(int64_t) * (size_t)(n ? n : 1));
    if (!d) {
        eng_err_oom(x->ctx->err);
        return NULL;
    }
    if (v->type.id == ENG_T_SMALLINT) {
        const int16_t *s = v->data;
        for (int i = 0; i < n; i++) d[i] = s[i];
    } else if (v->type.id == ENG_T_INTEGER || v->type.id == ENG_T_DATE) {
        const int32_t *s = v->data;
        for (int i = 0; i < n; i++) d[i] = s[i];
    } else {
        memset(d, 0, sizeof(int64_t) * (size_t)n);
    }
    return d;
}

/* Integer + - * / % over int64 with overflow and zero checks on valid
 * rows, stored into out (tinyint/smallint/integer/bigint) with a range
 * check. */
static eng_rc arith_int(exec_eval *x, const plan_expr *e, const eng_vector *a,
                        const eng_vector *b, int n, eng_vector *out)
{
    const int64_t *p = as_i64(x, a, n);
    const int64_t *q = b ? as_i64(x, b, n) : NULL;
    if (!p || (b && !q))
        return ENG_NOMEM;
    eng_type_id t = e->type.id;
    int64_t lo, hi;
    eng_int_range(e->type, &lo, &hi);
    int64_t *r = eng_arena_alloc(x->a, sizeof(int64_t) * (size_t)(n ? n : 1));
    if (!r)
        return eng_err_oom(x->ctx->err);
    const uint8_t *val = out->validity;
    int bad = 0;
    switch (e->op) {
    case PO_ADD:
        for (int i = 0; i < n; i++)
            bad |= __builtin_add_overflow(p[i], q[i], &r[i]) |
                   (r[i] < lo) | (r[i] > hi);
        break;
    case PO_SUB:
        for (int i = 0; i < n; i++)
            bad |= __builtin_sub_overflow(p[i], q[i], &r[i]) |
                   (r[i] < lo) | (r[i] > hi);
        break;
    case PO_MUL:
        for (int i = 0; i < n; i++)
            bad |= __builtin_mul_overflow(p[i], q[i], &r[i]) |
                   (r[i] < lo) | (r[i] > hi);
        break;
    case PO_NEG:
        for (int i = 0; i < n; i++)
            bad |= __builtin_sub_overflow((int64_t)0, p[i], &r[i]) |
                   (r[i] < lo) | (r[i] > hi);
        break;
    case PO_DIV:
    case PO_MOD:
        for (int i = 0; i < n; i++) {
            r[i] = 0;
            if (!((val[i >> 3] >> (i & 7)) & 1))
                continue;
            if (q[i] == 0)
                return exec_err_div0(x, e);
            if (q[i] == -1) {
                if (e->op == PO_MOD)
                    r[i] = 0;
                else if (__builtin_sub_overflow((int64_t)0, p[i], &r[i]) ||
                         r[i] < lo || r[i] > hi)
                    return exec_err_overflow(x, e, t);
            } else {
                r[i] = e->op == PO_DIV ? p[i] / q[i] : p[i] % q[i];
            }
        }
        break;
    default:
        break;
    }
    if (bad) {
        /* Re-check on valid rows only: NULL rows may hold anything. */
        for (int i = 0; i < n; i++) {
            if (!((val[i >> 3] >> (i & 7)) & 1))
                continue;
            int64_t v;
            int o = 0;
            switch (e->op) {
            case PO_ADD: o = __builtin_add_overflow(p[i], q[i], &v); break;
            case PO_SUB: o = __builtin_sub_overflow(p[i], q[i], &v); break;
            case PO_MUL: o = __builtin_mul_overflow(p[i], q[i], &v); break;
            case PO_NEG: o = __builtin_sub_overflow((int64_t)0, p[i], &v);
                break;
            default: v = r[i]; break;
            }
            if (o || v < lo || v > hi)
                return exec_err_overflow(x, e, t);
        }
    }
    switch (t) {
    case ENG_T_SMALLINT: { int16_t *d = out->data;
        for (int i = 0; i < n; i++) d[i] = (int16_t)r[i]; } break;
    case ENG_T_INTEGER: { int32_t *d = out->data;
        for (int i = 0; i < n; i++) d[i] = (int32_t)r[i]; } break;
    default: memcpy(out->data, r, sizeof(int64_t) * (size_t)n); break;
    }
    return ENG_OK;
}

/* IEEE double arithmetic (x/0.0 = Infinity, no error). */
static void arith_double(plan_op op, const eng_vector *a, const eng_vector *b,
                         int n, eng_vector *out)
{
    const double *p = a->data, *q = b ? b->data : NULL;
    double *r = out->data;
    switch (op) {
    case PO_ADD: for (int i = 0; i < n; i++) r[i] = p[i] + q[i]; break;
    case PO_SUB: for (int i = 0; i < n; i++) r[i] = p[i] - q[i]; break;
    case PO_MUL: for (int i = 0; i < n; i++) r[i] = p[i] * q[i]; break;
    case PO_DIV: for (int i = 0; i < n; i++) r[i] = p[i] / q[i]; break;
    case PO_MOD: for (int i = 0; i < n; i++) r[i] = fmod(p[i], q[i]); break;
    case PO_NEG: for (int i = 0; i < n; i++) r[i] = -p[i]; break;
    default: break;
    }
}

/* Exact decimal arithmetic per row in __int128 to the result type. */
static eng_rc arith_decimal(exec_eval *x, const plan_expr *e, const eng_vector *a,
                            const eng_vector *b, int n, eng_vector *out)
{
    const eng_int128 *p = a->data, *q = b ? b->data : NULL;
    eng_int128 *r = out->data;
    int sa = a->type.scale, sb = b ? b->type.scale : 0;
    int s = e->type.scale, prec = e->type.precision;
    int c = sa > sb ? sa : sb;
    const uint8_t *val = out->validity;
    for (int i = 0; i < n; i++) {
        r[i] = 0;
        if (!((val[i >> 3] >> (i & 7)) & 1))
            continue;
        eng_int128 u, v, w = 0;
        int o = 0;
        switch (e->op) {
        case PO_ADD:
        case PO_SUB:
            o = exec_dec_rescale(p[i], sa, c, &u) | exec_dec_rescale(q[i], sb, c, &v);
            if (!o)
                o = e->op == PO_ADD ? __builtin_add_overflow(u, v, &w)
                                    : __builtin_sub_overflow(u, v, &w);
            if (!o)
                o = exec_dec_rescale(w, c, s, &w);
            break;
        case PO_MUL:
            o = __builtin_mul_overflow(p[i], q[i], &w);
            if (!o)
                o = exec_dec_rescale(w, sa + sb, s, &w);
            break;
        case PO_DIV: {
            if (q[i] == 0)
                return exec_err_div0(x, e);
            int k = s - sa + sb;
            eng_int128 num = p[i], den = q[i];
            if (k >= 0) {
                if (k > 38 && num != 0)
                    o = 1;
                else if (num != 0)
                    o = __builtin_mul_overflow(num, eng_pow10(k), &num);
            } else if (-k > 38) {
                num = 0;
            } else {
                o = __builtin_mul_overflow(den, eng_pow10(-k), &den);
            }
            if (!o)
                exec_dec_div_round(num, den, &w);
            break;
        }
        case PO_MOD:
            if (q[i] == 0)
                return exec_err_div0(x, e);
            o = exec_dec_rescale(p[i], sa, c, &u) | exec_dec_rescale(q[i], sb, c, &v);
            if (!o) {
                w = u % v;
                o = exec_dec_rescale(w, c, s, &w);
            }
            break;
        case PO_NEG:
            o = exec_dec_rescale(-p[i], sa, s, &w);
            break;
        default:
            break;
        }
        if (o || !exec_dec_fits(w, prec))
            return exec_err_overflow(x, e, ENG_T_DECIMAL);
        r[i] = w;
    }
    return ENG_OK;
}

/* a || b for varchar: NULL if either is NULL. */
static eng_rc concat2(exec_eval *x, const eng_vector *a, const eng_vector *b,
                      int n, eng_vector *out)
{
    const eng_str *p = a->data, *q = b->data;
    eng_str *r = out->data;
    for (int i = 0; i < n; i++) {
        if (!eng_vec_is_valid(out, i))
            continue;
        char *buf = eng_arena_alloc(x->a, (size_t)p[i].len + q[i].len);
        if (!buf)
            return eng_err_oom(x->ctx->err);
        if (p[i].len)
            memcpy(buf, p[i].ptr, p[i].len);
        if (q[i].len)
            memcpy(buf + p[i].len, q[i].ptr, q[i].len);
        r[i].ptr = buf;
        r[i].len = p[i].len + q[i].len;
    }
    return ENG_OK;
}

/* PX_OP: arithmetic, concatenation, comparison, distinctness. */
static eng_rc eval_op(exec_eval *x, const plan_expr *e, const int *sel, int n,
                      eng_vector *out)
{
    eng_vector a, b;
    eng_rc rc = exec_eval_sel(x, e->args[0], sel, n, &a);
    if (rc != ENG_OK)
        return rc;
    bool unary = e->op == PO_NEG;
    if (!unary) {
        rc = exec_eval_sel(x, e->args[1], sel, n, &b);
        if (rc != ENG_OK)
            return rc;
    }
    switch (e->op) {
    case PO_EQ: case PO_NE: case PO_LT: case PO_LE: case PO_GT: case PO_GE:
        if (a.type.id != b.type.id && a.type.id != ENG_T_UNKNOWN &&
            b.type.id != ENG_T_UNKNOWN) {
            rc = coerce(x, e, &b, n, a.type);
            if (rc != ENG_OK)
                return rc;
        }
        return exec_compare(x, e->op, &a, &b, n, out);
    case PO_IS_DISTINCT:
    case PO_IS_NOT_DISTINCT:
        if (a.type.id != b.type.id) {
            if (a.type.id == ENG_T_UNKNOWN)
                rc = coerce(x, e, &a, n, b.type);
            else
                rc = coerce(x, e, &b, n, a.type);
            if (rc != ENG_OK)
                return rc;
        }
        return distinct_from(x, e->op == PO_IS_DISTINCT, &a, &b, n, out);
    default:
        break;
    }
    if (exec_time_arith_applies(e))
        return exec_eval_time_arith(x, e, &a, unary ? NULL : &b, n, out);
    rc = exec_vec_alloc(x->a, e->type, n, out, x->ctx->err);
    if (rc != ENG_OK)
        return rc;
    if (a.type.id == ENG_T_UNKNOWN || (!unary && b.type.id == ENG_T_UNKNOWN))
        return ENG_OK;      /* all NULL */
    /* Operands whose type id differs from the result (the binder normally
     * casts them): bring integers and doubles to the result type. */
    eng_type_id t = e->type.id;
    if (t != ENG_T_DECIMAL && !eng_type_is_str(t)) {
        if ((rc = coerce(x, e, &a, n, e->type)) != ENG_OK)
            return rc;
        if (!unary && (rc = coerce(x, e, &b, n, e->type)) != ENG_OK)
            return rc;
    } else if (t == ENG_T_DECIMAL) {
        if (a.type.id != ENG_T_DECIMAL &&
            (rc = coerce(x, e, &a, n, eng_type_decimal(38, 0))) != ENG_OK)
            return rc;
        if (!unary && b.type.id != ENG_T_DECIMAL &&
            (rc = coerce(x, e, &b, n, eng_type_decimal(38, 0))) != ENG_OK)
            return rc;
    }
    if (unary)
        memcpy(out->validity, a.validity, vbytes(n));
    else
        and_validity(out->validity, &a, &b, n);
    if (e->op == PO_CONCAT)
        return concat2(x, &a, &b, n, out);
    switch (t) {
    case ENG_T_SMALLINT:
    case ENG_T_INTEGER:
    case ENG_T_BIGINT:
        return arith_int(x, e, &a, unary ? NULL : &b, n, out);
    case ENG_T_DOUBLE:
        arith_double(e->op, &a, unary ? NULL : &b, n, out);
        if (eng_type_is_real(e->type)) {   /* real op real is a real */
            double *r = out->data;
            for (int i = 0; i < n; i++)
                r[i] = isfinite(r[i]) && fabs(r[i]) > FLT_MAX
                       ? (r[i] > 0 ? INFINITY : -INFINITY)
                       : eng_real_round(r[i]);
        }
        return ENG_OK;
    case ENG_T_DECIMAL:
        return arith_decimal(x, e, &a, unary ? NULL : &b, n, out);
    default:
        return eng_err_set(x->ctx->err, ENG_ERR_INTERNAL, e->pos,
                           "internal error: arithmetic on type id %d",
                           (int)t);
    }
}

/* ------------------------------------------------------------------ */
/* Logic                                                               */
/* ------------------------------------------------------------------ */

/*
 * n-ary AND / OR with three-valued logic. Rows already decided (FALSE for
 * AND, TRUE for OR) are not evaluated by later arguments.
 */
static eng_rc eval_andor(exec_eval *x, const plan_expr *e, const int *sel, int n,
                         eng_vector *out)
{
    bool is_and = e->kind == PX_AND;
    uint8_t dom = is_and ? 0 : 1;     /* the deciding value */
    eng_rc rc = exec_vec_alloc(x->a, e->type, n, out, x->ctx->err);
    if (rc != ENG_OK)
        return rc;
    memset(out->validity, 0xFF, vbytes(n));
    uint8_t *r = out->data;
    memset(r, is_and ? 1 : 0, (size_t)n);
    int *act = NULL;       /* active rows (positions in 0..n-1); NULL = all */
    int nact = n;
    for (int k = 0; k < e->nargs && nact > 0; k++) {
        const int *s = sel;
        if (act && !(s = compose(x, sel, act, nact)))
            return ENG_NOMEM;
        eng_vector v;
        rc = exec_eval_sel(x, e->args[k], s, nact, &v);
        if (rc != ENG_OK)
            return rc;
        if (!act) {
            act = eng_arena_alloc(x->a, sizeof(int) * (size_t)(n ? n : 1));
            if (!act)
                return eng_err_oom(x->ctx->err);
            for (int i = 0; i < n; i++)
                act[i] = i;
        }
        const uint8_t *d = v.data;
        bool unk = v.type.id == ENG_T_UNKNOWN;
        int m = 0;
        for (int j = 0; j < nact; j++) {
            int row = act[j];
            if (unk || !eng_vec_is_valid(&v, j)) {
                eng_vec_set_valid(out, row, false);
                act[m++] = row;
            } else if ((d[j] != 0) == (dom != 0)) {
                r[row] = dom;
                eng_vec_set_valid(out, row, true);
            } else {
                act[m++] = row;
            }
        }
        nact = m;
    }
    return ENG_OK;
}

/* NOT: flips non-NULL values into a new vector. */
static eng_rc eval_not(exec_eval *x, const plan_expr *e, const int *sel, int n,
                       eng_vector *out)
{
    eng_vector v;
    eng_rc rc = exec_eval_sel(x, e->args[0], sel, n, &v);
    if (rc == ENG_OK)
        rc = exec_vec_alloc(x->a, e->type, n, out, x->ctx->err);
    if (rc != ENG_OK || v.type.id == ENG_T_UNKNOWN)
        return rc;
    memcpy(out->validity, v.validity, vbytes(n));
    const uint8_t *d = v.data;
    uint8_t *r = out->data;
    for (int i = 0; i < n; i++)
        r[i] = !d[i];
    return ENG_OK;
}

/* IS [NOT] NULL: never NULL itself. */
static eng_rc eval_is_null(exec_eval *x, const plan_expr *e, const int *sel,
                           int n, eng_vector *out)
{
    eng_vector v;
    eng_rc rc = exec_eval_sel(x, e->args[0], sel, n, &v);
    if (rc == ENG_OK)
        rc = exec_vec_alloc(x->a, e->type, n, out, x->ctx->err);
    if (rc != ENG_OK)
        return rc;
    memset(out->validity, 0xFF, vbytes(n));
    uint8_t *r = out->data;
    bool unk = v.type.id == ENG_T_UNKNOWN;
    for (int i = 0; i < n; i++) {
        bool isnull = unk || !eng_vec_is_valid(&v, i);
        r[i] = e->negated ? !isnull : isnull;
    }
    return ENG_OK;
}

/* ------------------------------------------------------------------ */
/* CASE, coalesce, nullif                                              */
/* ------------------------------------------------------------------ */

/* out[pos[j]] = v[j] for j < m (v already of out's type). */
static void scatter(eng_vector *out, const eng_vector *v, const int *pos,
                    int m)
{
    if (v->type.id == ENG_T_UNKNOWN)
        return;
    for (int j = 0; j < m; j++)
        exec_vec_copy_elem(out, pos[j], v, j);
}

/* Searched CASE: each branch over only the rows that reach it. */
static eng_rc eval_case(exec_eval *x, const plan_expr *e, const int *sel, int n,
                        eng_vector *out)
{
    eng_rc rc = exec_vec_alloc(x->a, e->type, n, out, x->ctx->err);
    if (rc != ENG_OK)
        return rc;
    int *act = eng_arena_alloc(x->a, sizeof(int) * (size_t)(n ? n : 1));
    int *take = eng_arena_alloc(x->a, sizeof(int) * (size_t)(n ? n : 1));
    if (!act || !take)
        return eng_err_oom(x->ctx->err);
    for (int i = 0; i < n; i++)
        act[i] = i;
    int nact = n;
    int nwhen = (e->nargs - (e->has_else ? 1 : 0)) / 2;
    for (int k = 0; k < nwhen && nact > 0; k++) {
        const int *s = compose(x, sel, act, nact);
        if (!s)
            return ENG_NOMEM;
        eng_vector c;
        rc = exec_eval_sel(x, e->args[2 * k], s, nact, &c);
        if (rc != ENG_OK)
            return rc;
        int nt = 0, m = 0;
        const uint8_t *d = c.data;
        for (int j = 0; j < nact; j++) {
            if (c.type.id != ENG_T_UNKNOWN && eng_vec_is_valid(&c, j) && d[j])
                take[nt++] = act[j];
            else
                act[m++] = act[j];
        }
        nact = m;
        if (nt == 0)
            continue;
        const int *s2 = compose(x, sel, take, nt);
        if (!s2)
            return ENG_NOMEM;
        eng_vector v;
        rc = exec_eval_as(x, e->args[2 * k + 1], s2, nt, e->type, &v);
        if (rc != ENG_OK)
            return rc;
        scatter(out, &v, take, nt);
    }
    if (e->has_else && nact > 0) {
        const int *s = compose(x, sel, act, nact);
        if (!s)
            return ENG_NOMEM;
        eng_vector v;
        rc = exec_eval_as(x, e->args[e->nargs - 1], s, nact, e->type, &v);
        if (rc != ENG_OK)
            return rc;
        scatter(out, &v, act, nact);
    }
    return ENG_OK;
}

/* coalesce(a, b, ...): each argument only over rows still NULL. */
static eng_rc eval_coalesce(exec_eval *x, const plan_expr *e, const int *sel,
                            int n, eng_vector *out)
{
    eng_rc rc = exec_vec_alloc(x->a, e->type, n, out, x->ctx->err);
    if (rc != ENG_OK)
        return rc;
    int *act = NULL;
    int nact = n;
    for (int k = 0; k < e->nargs && nact > 0; k++) {
        const int *s = sel;
        if (act && !(s = compose(x, sel, act, nact)))
            return ENG_NOMEM;
        eng_vector v;
        rc = exec_eval_as(x, e->args[k], s, nact, e->type, &v);
        if (rc != ENG_OK)
            return rc;
        if (!act) {
            act = eng_arena_alloc(x->a, sizeof(int) * (size_t)(n ? n : 1));
            if (!act)
                return eng_err_oom(x->ctx->err);
            for (int i = 0; i < n; i++)
                act[i] = i;
        }
        int m = 0;
        for (int j = 0; j < nact; j++) {
            if (v.type.id != ENG_T_UNKNOWN && eng_vec_is_valid(&v, j))
                exec_vec_copy_elem(out, act[j], &v, j);
            else
                act[m++] = act[j];
        }
        nact = m;
    }
    return ENG_OK;
}

/* nullif(a, b): NULL where a = b, else a. */
static eng_rc eval_nullif(exec_eval *x, const plan_expr *e, const int *sel,
                          int n, eng_vector *out)
{
    eng_vector a, b, eq;
    eng_rc rc = exec_eval_as(x, e->args[0], sel, n, e->type, &a);
    if (rc == ENG_OK)
        rc = exec_eval_as(x, e->args[1], sel, n, a.type, &b);
    if (rc == ENG_OK)
        rc = exec_compare(x, PO_EQ, &a, &b, n, &eq);
    if (rc != ENG_OK)
        return rc;
    *out = a;
    out->type = e->type;
    out->validity = eng_arena_alloc(x->a, vbytes(n ? n : 1));
    if (!out->validity)
        return eng_err_oom(x->ctx->err);
    memcpy(out->validity, a.validity, vbytes(n));
    const uint8_t *d = eq.data;
    for (int i = 0; i < n; i++)
        if (eng_vec_is_valid(&eq, i) && d[i])
            eng_vec_set_valid(out, i, false);
    return ENG_OK;
}

/* ------------------------------------------------------------------ */
/* IN list                                                             */
/* ------------------------------------------------------------------ */

/* x [NOT] IN (list): TRUE on a match, else NULL if x or any item is NULL,
 * else FALSE. */
/* Lists at least this long, all constants, are probed through a hash set. */
#define IN_HASH_MIN 16

/* True when e has the same value on every row: a constant, or casts of one. */
static bool is_const_expr(const plan_expr *e)
{
    while (e->kind == PX_CAST && e->nargs == 1)
        e = e->args[0];
    return e->kind == PX_CONST;
}

typedef struct in_probe {
    const eng_vector *items;
    const eng_vector *v;
    int row;
} in_probe;

static bool in_probe_eq(void *arg, int64_t id)
{
    const in_probe *p = arg;
    return exec_elem_eq(p->items, (int)id, p->v, p->row);
}

/*
 * x IN (c1, ..., cm) for a long list of constants: each constant is
 * evaluated once into one m-row vector and hashed, and each row probes the
 * set, so the work is O(m + n) per batch instead of one n-row comparison
 * vector per item (a 700,000-item list used hundreds of MB per batch).
 * Same three-valued result as the general path: TRUE on a match, NULL when
 * x is NULL or no match and some item is NULL, else FALSE (negated: NOT IN).
 * Not used for doubles, whose NaN and -0.0 equality the hash would change.
 */
static eng_rc eval_in_hashed(exec_eval *x, const plan_expr *e, const eng_vector *v,
                             int n, eng_vector *out)
{
    int m = e->nargs - 1;
    bool anynull = false;
    eng_batch items;
    eng_vector col;
    exec_htab h;
    eng_rc rc = exec_vec_alloc(x->a, v->type, m, &col, x->ctx->err);
    if (rc != ENG_OK)
        return rc;
    items = (eng_batch){.ncols = 1, .nrows = m, .capacity = m, .cols = &col, .arena = x->a};
    for (int k = 0; k < m; k++) {
        eng_vector one;
        eng_value val;
        rc = exec_eval_as(x, e->args[k + 1], NULL, 1, v->type, &one);
        if (rc != ENG_OK)
            return rc;
        eng_batch ob = {.ncols = 1, .nrows = 1, .capacity = 1, .cols = &one, .arena = x->a};
        eng_batch_get(&ob, 0, 0, &val);
        if (val.is_null || one.type.id == ENG_T_UNKNOWN) {
            anynull = true;
            continue;
        }
        if ((rc = eng_batch_set(&items, 0, k, &val, x->ctx->err)) != ENG_OK)
            return rc;
    }
    if ((rc = exec_htab_init(&h, x->ctx->err)) != ENG_OK)
        return rc;
    for (int k = 0; k < m; k++) {
        if (!eng_vec_is_valid(&col, k))
            continue;
        if ((rc = exec_htab_insert(&h, exec_hash_elem(&col, k), k, x->ctx->err)) != ENG_OK) {
            exec_htab_free(&h);
            return rc;
        }
    }
    uint8_t *r = out->data;
    for (int i = 0; i < n; i++) {
        if (v->type.id == ENG_T_UNKNOWN || !eng_vec_is_valid(v, i))
            continue;   /* NULL IN (...) is NULL */
        in_probe p = {.items = &col, .v = v, .row = i};
        if (exec_htab_find(&h, exec_hash_elem(v, i), in_probe_eq, &p) >= 0) {
            r[i] = !e->negated;
            eng_vec_set_valid(out, i, true);
        } else if (!anynull) {
            r[i] = e->negated;
            eng_vec_set_valid(out, i, true);
        }
    }
    exec_htab_free(&h);
    return ENG_OK;
}

static eng_rc eval_in(exec_eval *x, const plan_expr *e, const int *sel, int n,
                      eng_vector *out)
{
    eng_vector v;
    eng_rc rc = exec_eval_sel(x, e->args[0], sel, n, &v);
    if (rc == ENG_OK)
        rc = exec_vec_alloc(x->a, e->type, n, out, x->ctx->err);
    if (rc != ENG_OK)
        return rc;
    if (e->nargs - 1 >= IN_HASH_MIN && v.type.id != ENG_T_DOUBLE &&
        v.type.id != ENG_T_UNKNOWN && n > 0) {
        bool all_const = true;
        for (int k = 1; k < e->nargs && all_const; k++)
            all_const = is_const_expr(e->args[k]);
        if (all_const)
            return eval_in_hashed(x, e, &v, n, out);
    }
    uint8_t *match = eng_arena_calloc(x->a, (size_t)(n ? n : 1));
    uint8_t *sawnull = eng_arena_calloc(x->a, (size_t)(n ? n : 1));
    if (!match || !sawnull)
        return eng_err_oom(x->ctx->err);
    for (int k = 1; k < e->nargs; k++) {
        eng_vector item, eq;
        rc = exec_eval_as(x, e->args[k], sel, n, v.type, &item);
        if (rc == ENG_OK)
            rc = exec_compare(x, PO_EQ, &v, &item, n, &eq);
        if (rc != ENG_OK)
            return rc;
        const uint8_t *d = eq.data;
        for (int i = 0; i < n; i++) {
            if (!eng_vec_is_valid(&eq, i))
                sawnull[i] = 1;
            else if (d[i])
                match[i] = 1;
        }
    }
    uint8_t *r = out->data;
    for (int i = 0; i < n; i++) {
        if (match[i]) {
            r[i] = !e->negated;
            eng_vec_set_valid(out, i, true);
        } else if (!sawnull[i] && v.type.id != ENG_T_UNKNOWN &&
                   eng_vec_is_valid(&v, i)) {
            r[i] = e->negated;
            eng_vec_set_valid(out, i, true);
        }
    }
    return ENG_OK;
}

/* ------------------------------------------------------------------ */
/* LIKE                                                                */
/* ------------------------------------------------------------------ */

enum { TK_LIT, TK_ONE, TK_ANY };
typedef struct like_tok {
    int kind;
    uint32_t cp;
} like_tok;

/*
 * Compiles pattern p (escape code point esc, or -1) into tokens in x->a.
 * Errors 22023 for an escape not followed by %, _ or itself.
 */
static eng_rc like_compile(exec_eval *x, const plan_expr *e, eng_str p,
                           int64_t esc, like_tok **toks, int *ntok)
{
    like_tok *t = eng_arena_alloc(x->a, sizeof *t * ((size_t)p.len + 1));
    if (!t)
        return eng_err_oom(x->ctx->err);
    int k = 0;
    uint32_t pos = 0;
    while (pos < p.len) {
        uint32_t cp = exec_utf8_next(p.ptr, p.len, &pos);
        if (esc >= 0 && cp == (uint32_t)esc) {
            if (pos >= p.len)
                return eng_err_set(x->ctx->err, ENG_ERR_INVALID_PARAMETER_VALUE,
                                   e->pos, "Escape character must be followed "
                                   "by '%%', '_' or the escape character");
            uint32_t nx = exec_utf8_next(p.ptr, p.len, &pos);
            if (nx != '%' && nx != '_' && nx != (uint32_t)esc)
                return eng_err_set(x->ctx->err, ENG_ERR_INVALID_PARAMETER_VALUE,
                                   e->pos, "Escape character must be followed "
                                   "by '%%', '_' or the escape character");
            t[k].kind = TK_LIT;
            t[k++].cp = nx;
        } else if (cp == '%') {
            if (k == 0 || t[k - 1].kind != TK_ANY)
                t[k++].kind = TK_ANY;
        } else if (cp == '_') {
            t[k++].kind = TK_ONE;
        } else {
            t[k].kind = TK_LIT;
            t[k++].cp = cp;
        }
    }
    *toks = t;
    *ntok = k;
    return ENG_OK;
}

/* Matches s against tokens with one-star backtracking over code points. */
static bool like_match(eng_str s, const like_tok *t, int nt)
{
    uint32_t i = 0, mark = 0;
    int p = 0, star = -1;
    while (i < s.len) {
        uint32_t nx = i;
        uint32_t cp = exec_utf8_next(s.ptr, s.len, &nx);
        if (p < nt && (t[p].kind == TK_ONE ||
                       (t[p].kind == TK_LIT && t[p].cp == cp))) {
            i = nx;
            p++;
        } else if (p < nt && t[p].kind == TK_ANY) {
            star = p++;
            mark = i;
        } else if (star >= 0) {
            p = star + 1;
            uint32_t m = mark;
            exec_utf8_next(s.ptr, s.len, &m);
            mark = m;
            i = mark;
        } else {
            return false;
        }
    }
    while (p < nt && t[p].kind == TK_ANY)
        p++;
    return p == nt;
}

/* Reads the escape code point of row i (-1 when absent); 22023 if the
 * escape is not exactly one character. */
static eng_rc like_escape(exec_eval *x, const plan_expr *e, const eng_vector *ev,
                          int i, int64_t *esc)
{
    *esc = -1;
    if (!ev)
        return ENG_OK;
    eng_str s = ((const eng_str *)ev->data)[i];
    uint32_t pos = 0;
    if (s.len > 0)
        *esc = exec_utf8_next(s.ptr, s.len, &pos);
    if (s.len == 0 || pos != s.len)
        return eng_err_set(x->ctx->err, ENG_ERR_INVALID_PARAMETER_VALUE,
                           e->pos, "Escape string must be a single character");
    return ENG_OK;
}

/* s [NOT] LIKE pattern [ESCAPE esc]; constant patterns compile once. */
static eng_rc eval_like(exec_eval *x, const plan_expr *e, const int *sel, int n,
                        eng_vector *out)
{
    eng_vector s, p, ev;
    eng_rc rc = exec_eval_sel(x, e->args[0], sel, n, &s);
    if (rc == ENG_OK)
        rc = exec_eval_sel(x, e->args[1], sel, n, &p);
    if (rc == ENG_OK && e->nargs > 2)
        rc = exec_eval_sel(x, e->args[2], sel, n, &ev);
    if (rc == ENG_OK)
        rc = exec_vec_alloc(x->a, e->type, n, out, x->ctx->err);
    if (rc != ENG_OK)
        return rc;
    bool has_esc = e->nargs > 2;
    if (s.type.id == ENG_T_UNKNOWN || p.type.id == ENG_T_UNKNOWN ||
        (has_esc && ev.type.id == ENG_T_UNKNOWN))
        return ENG_OK;
    and_validity(out->validity, &s, &p, n);
    if (has_esc)
        for (size_t k = 0; k < vbytes(n); k++)
            out->validity[k] &= ev.validity[k];
    bool fixed = e->args[1]->kind == PX_CONST &&
                 (!has_esc || e->args[2]->kind == PX_CONST);
    like_tok *toks = NULL;
    int nt = 0;
    bool compiled = false;
    const eng_str *sd = s.data, *pd = p.data;
    uint8_t *r = out->data;
    for (int i = 0; i < n; i++) {
        if (!eng_vec_is_valid(out, i))
            continue;
        if (!fixed || !compiled) {
            int64_t esc;
            rc = like_escape(x, e, has_esc ? &ev : NULL, i, &esc);
            if (rc == ENG_OK)
                rc = like_compile(x, e, pd[i], esc, &toks, &nt);
            if (rc != ENG_OK)
                return rc;
            compiled = true;
        }
        bool m = like_match(sd[i], toks, nt);
        r[i] = e->negated ? !m : m;
    }
    return ENG_OK;
}

/* ------------------------------------------------------------------ */
/* Dispatcher                                                          */
/* ------------------------------------------------------------------ */

eng_rc exec_eval_cast(exec_eval *x, const plan_expr *e, const int *sel, int n,
                    eng_vector *out);

/*
 * Evaluates e over the rows sel[0..n-1] of x->in (sel NULL: 0..n-1) into a
 * dense n-row vector of e->type in x->a (column refs without a selection
 * share the input's storage). Errors go to x->ctx->err with e->pos.
 */
eng_rc exec_eval_sel(exec_eval *x, const plan_expr *e, const int *sel, int n,
                   eng_vector *out)
{
    switch (e->kind) {
    case PX_CONST: {
        eng_value v;
        eng_rc rc = value_to(x, e, &e->value, e->type, &v);
        if (rc != ENG_OK)
            return rc;
        return fill_const(x, &v, e->type, n, out);
    }
    case PX_COLREF: {
        if (e->col < 0 || e->col >= x->in->ncols)
            return eng_err_set(x->ctx->err, ENG_ERR_INTERNAL, e->pos,
                               "internal error: column %d of %d", e->col,
                               x->in->ncols);
        const eng_vector *src = &x->in->cols[e->col];
        if (!sel) {
            *out = *src;
            return ENG_OK;
        }
        return exec_vec_gather(x->a, src, sel, n, out, x->ctx->err);
    }
    case PX_PARAM: {
        if (!x->ctx->params || e->param < 0 || e->param >= x->ctx->nparams)
            return eng_err_set(x->ctx->err, ENG_ERR_COUNT_FIELD_INCORRECT,
                               e->pos, "parameter %d has no value",
                               e->param + 1);
        eng_value v;
        eng_rc rc = value_to(x, e, &x->ctx->params[e->param], e->type, &v);
        if (rc != ENG_OK)
            return rc;
        return fill_const(x, &v, e->type, n, out);
    }
    case PX_CORR: {
        if (e->param < 0 || e->param >= x->ctx->ncorr)
            return eng_err_set(x->ctx->err, ENG_ERR_INTERNAL, e->pos,
                               "internal error: correlation slot %d unset",
                               e->param);
        eng_value v;
        eng_rc rc = value_to(x, e, &x->ctx->corr[e->param], e->type, &v);
        if (rc != ENG_OK)
            return rc;
        return fill_const(x, &v, e->type, n, out);
    }
    case PX_SUBQUERY:
    case PX_OUTER_REF:
        return eng_err_set(x->ctx->err, ENG_ERR_INTERNAL, e->pos,
                           "internal error: subquery left for the executor");
    case PX_OP: return eval_op(x, e, sel, n, out);
    case PX_AND:
    case PX_OR: return eval_andor(x, e, sel, n, out);
    case PX_NOT: return eval_not(x, e, sel, n, out);
    case PX_IS_NULL: return eval_is_null(x, e, sel, n, out);
    case PX_CASE: return eval_case(x, e, sel, n, out);
    case PX_CAST: return exec_eval_cast(x, e, sel, n, out);
    case PX_IN_LIST: return eval_in(x, e, sel, n, out);
    case PX_LIKE: return eval_like(x, e, sel, n, out);
    case PX_FUNC:
        if (e->func && strcmp(e->func, "coalesce") == 0)
            return eval_coalesce(x, e, sel, n, out);
        if (e->func && strcmp(e->func, "nullif") == 0)
            return eval_nullif(x, e, sel, n, out);
        {
            bool arr;
            eng_rc arc = exec_func_trino(x, e, sel, n, out, &arr);
            if (arr || arc != ENG_OK)
                return arc;
            arc = exec_func_array(x, e, sel, n, out, &arr);
            if (arr || arc != ENG_OK)
                return arc;
        }
        return exec_eval_func(x, e, sel, n, out);
    }
    return eng_err_set(x->ctx->err, ENG_ERR_INTERNAL, e->pos,
                       "internal error: unknown expression kind %d",
                       (int)e->kind);
}
