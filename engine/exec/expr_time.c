/*
 * engine/exec/expr_time.c
 *   Arithmetic over dates, timestamps, times and intervals, vectorized:
 *   datetime +/- interval, timestamp - timestamp, time - time,
 *   interval +/- interval, interval * / number, -interval.
 * Interface (exec_int.h): exec_time_arith_applies, exec_eval_time_arith.
 * Not here: which combinations exist and their result types (the
 *   binder's bind_time.c decides; this file trusts the bound types);
 *   value representations and month arithmetic (types/timestamp.c).
 *
 * Semantics are Trino's: an interval day to second holds milliseconds and
 * is scaled to microseconds against timestamps; timestamp - timestamp
 * rounds the microsecond difference half up to milliseconds; a date plus
 * an interval day to second must add whole days (else 22023); time
 * arithmetic wraps around midnight; month arithmetic clamps the day to the
 * month's end. Every overflow is 22003, division by zero 22012.
 */
#include <math.h>
#include <string.h>
#include "exec_int.h"

/* True when e is an arithmetic PX_OP over or into a time type. */
bool exec_time_arith_applies(const plan_expr *e)
{
    if (e->kind != PX_OP)
        return false;
    switch (e->op) {
    case PO_ADD: case PO_SUB: case PO_MUL: case PO_DIV: case PO_NEG:
        break;
    default:
        return false;
    }
    if (eng_type_is_temporal64(e->type.id))
        return true;
    for (int k = 0; k < e->nargs; k++)
        if (eng_type_is_temporal64(e->args[k]->type.id))
            return true;
    return false;
}

/* Element i of a date, integer or 64-bit time vector as int64. */
static int64_t get64(const eng_vector *v, int i)
{
    switch (v->type.id) {
    case ENG_T_SMALLINT: return ((const int16_t *)v->data)[i];
    case ENG_T_INTEGER:
    case ENG_T_DATE: return ((const int32_t *)v->data)[i];
    default: return ((const int64_t *)v->data)[i];
    }
}

static bool is_interval(eng_type_id id)
{
    return id == ENG_T_INTERVAL_DS || id == ENG_T_INTERVAL_YM;
}

static eng_rc out_of_range(exec_eval *x, const plan_expr *e, const char *what)
{
    return eng_err_set(x->ctx->err, ENG_ERR_NUMERIC_VALUE_OUT_OF_RANGE,
                       e->pos, "%s out of range", what);
}

/* Adds ms milliseconds (or months) to the datetime value d of type dt.
 * Returns 0 with *r set, else an error already in x. */
static eng_rc shift(exec_eval *x, const plan_expr *e, eng_type_id dt,
                    int64_t d, eng_type_id kind, int64_t iv, int64_t *r)
{
    if (kind == ENG_T_INTERVAL_YM) {
        int32_t days;
        if (dt == ENG_T_DATE) {
            if (eng_date_add_months((int32_t)d, iv, &days))
                return out_of_range(x, e, "Date");
            *r = days;
            return ENG_OK;
        }
        /* timestamp: the date part moves, the time of day stays */
        int64_t day = eng_floor_div64(d, ENG_US_PER_DAY);
        int64_t tod = d - day * ENG_US_PER_DAY;
        if (eng_date_add_months((int32_t)day, iv, &days) ||
            __builtin_mul_overflow((int64_t)days, ENG_US_PER_DAY, r) ||
            __builtin_add_overflow(*r, tod, r))
            return out_of_range(x, e, "Timestamp");
        return ENG_OK;
    }
    if (dt == ENG_T_DATE) {
        if (iv % ENG_MS_PER_DAY != 0)
            return eng_err_set(x->ctx->err, ENG_ERR_INVALID_PARAMETER_VALUE,
                               e->pos, "Cannot add hour, minutes or seconds "
                               "to a date");
        int64_t nd = d + iv / ENG_MS_PER_DAY;
        if (nd > INT32_MAX || nd < INT32_MIN)
            return out_of_range(x, e, "Date");
        *r = nd;
        return ENG_OK;
    }
    int64_t us;
    if (__builtin_mul_overflow(iv, (int64_t)1000, &us) ||
        __builtin_add_overflow(d, us, r))
        return out_of_range(x, e, dt == ENG_T_TIME ? "Time" : "Timestamp");
    if (dt == ENG_T_TIME)
        *r -= eng_floor_div64(*r, ENG_US_PER_DAY) * ENG_US_PER_DAY;
    return ENG_OK;
}

/* An interval times or divided by a number (bigint or double). */
static eng_rc scale(exec_eval *x, const plan_expr *e, int64_t iv,
                    const eng_vector *num, int i, int64_t *r)
{
    if (num->type.id == ENG_T_DOUBLE) {
        double d = ((const double *)num->data)[i];
        if (e->op == PO_DIV && d == 0)
            return exec_err_div0(x, e);
        double v = e->op == PO_DIV ? (double)iv / d : (double)iv * d;
        if (isnan(v) || !(v >= -9223372036854775808.0 &&
                          v < 9223372036854775808.0))
            return out_of_range(x, e, "Interval");
        *r = (int64_t)v;      /* toward zero, as Java's (long) cast */
        return ENG_OK;
    }
    int64_t q = get64(num, i);
    if (e->op == PO_DIV) {
        if (q == 0)
            return exec_err_div0(x, e);
        if (q == -1 && iv == INT64_MIN)
            return out_of_range(x, e, "Interval");
        *r = iv / q;
        return ENG_OK;
    }
    if (__builtin_mul_overflow(iv, q, r))
        return out_of_range(x, e, "Interval");
    return ENG_OK;
}

/* One row of e over non-NULL operands a[i] (and b[i]). */
static eng_rc row(exec_eval *x, const plan_expr *e, const eng_vector *a,
                  const eng_vector *b, int i, int64_t *r)
{
    eng_type_id ta = a->type.id, tb = b ? b->type.id : ENG_T_UNKNOWN;
    int64_t va = get64(a, i);
    switch (e->op) {
    case PO_NEG:
        if (va == INT64_MIN)
            return out_of_range(x, e, "Interval");
        *r = -va;
        break;
    case PO_MUL:
    case PO_DIV:
        return is_interval(ta) ? scale(x, e, va, b, i, r)
                               : scale(x, e, get64(b, i), a, i, r);
    case PO_ADD:
    case PO_SUB: {
        int64_t vb = get64(b, i);
        if (is_interval(ta) && is_interval(tb)) {
            if (e->op == PO_ADD ? __builtin_add_overflow(va, vb, r)
                                : __builtin_sub_overflow(va, vb, r))
                return out_of_range(x, e, "Interval");
            break;
        }
        if (!is_interval(ta) && !is_interval(tb)) {
            /* timestamp - timestamp or time - time: µs -> ms, half up */
            int64_t d;
            if (__builtin_sub_overflow(va, vb, &d) || eng_ts_round(d, 3, &d))
                return out_of_range(x, e, "Interval");
            *r = d / 1000;
            return ENG_OK;
        }
        bool a_is_iv = is_interval(ta);
        int64_t dt = a_is_iv ? vb : va, iv = a_is_iv ? va : vb;
        if (e->op == PO_SUB) {
            if (iv == INT64_MIN)
                return out_of_range(x, e, "Interval");
            iv = -iv;
        }
        return shift(x, e, a_is_iv ? tb : ta, dt, a_is_iv ? ta : tb, iv, r);
    }
    default:
        return eng_err_set(x->ctx->err, ENG_ERR_INTERNAL, e->pos,
                           "internal error: time operator %d", (int)e->op);
    }
    return ENG_OK;
}

/*
 * Evaluates the time operator e over operand vectors a and b (b NULL for
 * negation), n rows, into a fresh vector of e->type. NULL in, NULL out;
 * errors (22003, 22012, 22023) stop at the first failing row.
 */
eng_rc exec_eval_time_arith(exec_eval *x, const plan_expr *e,
                            const eng_vector *a, const eng_vector *b, int n,
                            eng_vector *out)
{
    eng_rc rc = exec_vec_alloc(x->a, e->type, n, out, x->ctx->err);
    if (rc != ENG_OK)
        return rc;
    if (a->type.id == ENG_T_UNKNOWN || (b && b->type.id == ENG_T_UNKNOWN))
        return ENG_OK;      /* all NULL */
    eng_type_id tr = e->type.id;
    for (int i = 0; i < n; i++) {
        if (!eng_vec_is_valid(a, i) || (b && !eng_vec_is_valid(b, i)))
            continue;
        int64_t r;
        if ((rc = row(x, e, a, b, i, &r)) != ENG_OK)
            return rc;
        if (tr == ENG_T_INTERVAL_YM && (r > INT32_MAX || r < INT32_MIN))
            return out_of_range(x, e, "Interval");
        if (tr == ENG_T_DATE)
            ((int32_t *)out->data)[i] = (int32_t)r;
        else
            ((int64_t *)out->data)[i] = r;
        eng_vec_set_valid(out, i, true);
    }
    return ENG_OK;
}
