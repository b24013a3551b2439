/*
 * engine/exec/expr_func_bitwise.c
 *   Evaluates Trino's bitwise functions exactly as Trino's
 *   BitwiseFunctions do: bitwise_and, bitwise_or, bitwise_xor,
 *   bitwise_not and bit_count over bigint; bitwise_left_shift,
 *   bitwise_right_shift (logical) and bitwise_right_shift_arithmetic
 *   over tinyint, smallint, integer and bigint by an integer shift.
 * Interface: exec_func_bitwise (exec_int.h).
 * Not here: signatures (binder/bind_func_bitwise.c), the dispatch
 *   (expr_func.c).
 *
 * Called by exec_eval_func with the arguments evaluated and out's
 * validity already the AND of theirs (NULL in, NULL out). Trino's rules,
 * which are Java's: a shift of 64 or more gives 0 (the arithmetic right
 * shift: 0 or -1 by the value's sign); any other shift, negative ones
 * included, shifts by its low six bits. A value narrower than bigint is
 * shifted as its two's complement bits of its width: a left shift keeps
 * the width (the bit shifted into the sign position sets the sign), a
 * logical right shift reads the value as unsigned of its width (by 0: the
 * value itself). bit_count(x, bits) counts the set bits of x as a
 * bits-bit two's complement number: 22023 (Trino's
 * INVALID_FUNCTION_ARGUMENT) for bits outside 2..64 or an x that does
 * not fit them. A result outside the value's type (a logical right shift
 * of a negative narrow value by a multiple of 64 below zero, which Trino
 * fails as an internal error) is 22003.
 */
#include <string.h>
#include "exec_int.h"

static const char *const names[] = {
    "bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_not", "bit_count",
    "bitwise_left_shift", "bitwise_right_shift",
    "bitwise_right_shift_arithmetic", NULL };

/* Element i of an integer vector (tinyint and smallint are int16). */
static int64_t get_int(const eng_vector *v, int i)
{
    if (v->type.id == ENG_T_SMALLINT)
        return ((const int16_t *)v->data)[i];
    if (v->type.id == ENG_T_INTEGER)
        return ((const int32_t *)v->data)[i];
    return ((const int64_t *)v->data)[i];
}

/* The bit width of an integer type: 8, 16, 32 or 64. */
static int width(eng_type t)
{
    return eng_type_is_tinyint(t) ? 8 : t.id == ENG_T_SMALLINT ? 16
           : t.id == ENG_T_INTEGER ? 32 : 64;
}

/* The low `bits` bits of v, sign-extended from bit bits-1 (Trino's
 * preserveSign); v itself for 64. */
static int64_t sign_extend(uint64_t v, int bits)
{
    if (bits >= 64)
        return (int64_t)v;
    uint64_t mask = (UINT64_C(1) << bits) - 1, sign = UINT64_C(1) << (bits - 1);
    return (int64_t)((v & sign) ? (v | ~mask) : (v & mask));
}

/* One shift of value v (of `bits` bits) by s, f naming which. */
static int64_t shift(const char *f, int64_t v, int64_t s, int bits)
{
    unsigned sh = (unsigned)((uint64_t)s & 63);
    if (!strcmp(f, "bitwise_left_shift")) {
        if (s >= 64)
            return 0;
        return sign_extend((uint64_t)v << sh, bits);
    }
    if (!strcmp(f, "bitwise_right_shift")) {
        if (s >= 64)
            return 0;
        if (s == 0)
            return v;
        uint64_t u = bits >= 64 ? (uint64_t)v
                                : (uint64_t)v & ((UINT64_C(1) << bits) - 1);
        return (int64_t)(u >> sh);
    }
    /* arithmetic: the value is already sign-extended in an int64 */
    if (s >= 64)
        return v >= 0 ? 0 : -1;
    return v < 0 ? ~(~v >> sh) : v >> sh;
}

/* bit_count(x, bits) into *r; 22023 as Trino for bad bits or x. */
static eng_rc bit_count(exec_eval *x, const plan_expr *e, int64_t v,
                        int64_t bits, int64_t *r)
{
    if (bits == 64) {
        *r = __builtin_popcountll((unsigned long long)v);
        return ENG_OK;
    }
    if (bits <= 1 || bits > 64)
        return eng_err_set(x->ctx->err, ENG_ERR_INVALID_PARAMETER_VALUE, e->pos,
                           "Bits specified in bit_count must be between 2 and 64, got %lld",
                           (long long)bits);
    int64_t low = (int64_t)((UINT64_C(1) << (bits - 1)) - 1);
    if (v > low || v < ~low)
        return eng_err_set(x->ctx->err, ENG_ERR_INVALID_PARAMETER_VALUE, e->pos,
                           "Number must be representable with the bits specified. "
                           "%lld cannot be represented with %lld bits",
                           (long long)v, (long long)bits);
    *r = __builtin_popcountll((unsigned long long)v &
                              ((UINT64_C(1) << bits) - 1));
    return ENG_OK;
}

/* Stores r as element i of out (its integer type); false when r is
 * outside that type. */
static bool put_int(eng_vector *out, int i, int64_t r)
{
    int64_t lo, hi;
    eng_int_range(out->type, &lo, &hi);
    if (r < lo || r > hi)
        return false;
    if (out->type.id == ENG_T_SMALLINT)
        ((int16_t *)out->data)[i] = (int16_t)r;
    else if (out->type.id == ENG_T_INTEGER)
        ((int32_t *)out->data)[i] = (int32_t)r;
    else
        ((int64_t *)out->data)[i] = r;
    return true;
}

/* See exec_int.h. */
eng_rc exec_func_bitwise(exec_eval *x, const plan_expr *e, eng_vector *args,
                         int k, int n, eng_vector *out, bool *found)
{
    const char *f = e->func;
    int i;
    *found = false;
    for (i = 0; names[i] && strcmp(f, names[i]); i++)
        ;
    if (!names[i])
        return ENG_OK;
    *found = true;
    for (int r = 0; r < n; r++) {
        if (!eng_vec_is_valid(out, r))
            continue;
        int64_t a = get_int(&args[0], r), b = k > 1 ? get_int(&args[1], r) : 0;
        int64_t v = 0;
        if (!strcmp(f, "bitwise_and"))
            v = a & b;
        else if (!strcmp(f, "bitwise_or"))
            v = a | b;
        else if (!strcmp(f, "bitwise_xor"))
            v = a ^ b;
        else if (!strcmp(f, "bitwise_not"))
            v = ~a;
        else if (!strcmp(f, "bit_count")) {
            eng_rc rc = bit_count(x, e, a, b, &v);
            if (rc != ENG_OK)
                return rc;
        } else
            v = shift(f, a, b, width(args[0].type));
        if (!put_int(out, r, v))
            return eng_err_set(x->ctx->err, ENG_ERR_NUMERIC_VALUE_OUT_OF_RANGE,
                               e->pos, "%s: %lld is out of range for %s", f,
                               (long long)v,
                               eng_type_is_tinyint(out->type) ? "tinyint"
                               : out->type.id == ENG_T_SMALLINT ? "smallint"
                               : "integer");
    }
    return ENG_OK;
}
