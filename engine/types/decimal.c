/*
 * engine/types/decimal.c
 *   Exact decimals as scaled __int128: powers of ten, text in and out.
 * Interface: eng_pow10, eng_decimal_format, eng_decimal_parse,
 *   eng_decimal_from_digits (types_int.h).
 * Not here: casts between decimals and other types (cast.c), decimal
 *   arithmetic (exec/).
 *
 * Parsing works on the significant digits and a decimal exponent, so the
 * same rounding code serves text ("12.345", "1e3") and doubles (from their
 * shortest digits). Rounding is half-up, away from zero, as Trino's
 * BigDecimal HALF_UP.
 */
#include <string.h>
#include <stdio.h>
#include "types.h"
#include "types_int.h"

typedef unsigned __int128 u128;

static const uint64_t pow10_u64[20] = {
    1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL,
    10000000ULL, 100000000ULL, 1000000000ULL, 10000000000ULL,
    100000000000ULL, 1000000000000ULL, 10000000000000ULL,
    100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL,
    100000000000000000ULL, 1000000000000000000ULL,
    10000000000000000000ULL
};

/* Returns 10^n for 0 <= n <= 38 (0 outside that range). */
eng_int128 eng_pow10(int n)
{
    if (n < 0 || n > 38)
        return 0;
    if (n <= 19)
        return (eng_int128)pow10_u64[n];
    return (eng_int128)((u128)pow10_u64[19] * pow10_u64[n - 19]);
}

/*
 * Writes the unscaled value v with `scale` digits after the point, as
 * Trino prints decimals: "12.50", "-0.05", "0", "-170141...728". Handles
 * the whole int128 range. Writes at most cap-1 bytes plus a NUL and
 * returns the full length (42 bytes always suffice).
 */
int eng_decimal_format(eng_int128 v, int scale, char *buf, size_t cap)
{
    char digits[48];
    int nd = 0;
    bool neg = v < 0;
    u128 m = neg ? (u128)0 - (u128)v : (u128)v;
    if (scale < 0)
        scale = 0;
    if (scale > 38)
        scale = 38;
    /* digits in reverse, 19 at a time through 64-bit arithmetic */
    do {
        uint64_t chunk = (uint64_t)(m % pow10_u64[19]);
        m /= pow10_u64[19];
        for (int i = 0; i < 19; i++) {
            digits[nd++] = (char)('0' + chunk % 10);
            chunk /= 10;
            if (m == 0 && chunk == 0)
                break;
        }
    } while (m != 0);
    while (nd > 1 && digits[nd - 1] == '0')
        nd--;
    /* digits[0..nd) is the magnitude, least significant first */
    char out[64];
    int n = 0;
    if (neg)
        out[n++] = '-';
    if (nd <= scale) {
        out[n++] = '0';
    } else {
        for (int i = nd - 1; i >= scale; i--)
            out[n++] = digits[i];
    }
    if (scale > 0) {
        out[n++] = '.';
        for (int i = scale - 1; i >= 0; i--)
            out[n++] = i < nd ? digits[i] : '0';
    }
    out[n] = '\0';
    if (buf && cap) {
        size_t k = (size_t)n < cap - 1 ? (size_t)n : cap - 1;
        memcpy(buf, out, k);
        buf[k] = '\0';
    }
    return n;
}

int eng_decimal_from_digits(const char *dig, long nd, long exp10, bool neg,
                             int precision, int scale, eng_int128 *out)
{
    /* value = D * 10^(exp10 - nd) where D is the integer of the digits;
     * unscaled = D * 10^k with k = exp10 - nd + scale */
    if (nd == 0) {
        *out = 0;
        return 0;
    }
    long k = exp10 - nd + scale;
    long keep = nd + k; /* digits of the unscaled result before rounding */
    if (keep > precision)
        return 1;
    u128 r = 0;
    if (k >= 0) {
        for (long i = 0; i < nd; i++)
            r = r * 10 + (u128)(dig[i] - '0');
        r *= (u128)eng_pow10((int)k);
    } else {
        for (long i = 0; i < keep; i++)
            r = r * 10 + (u128)(dig[i] - '0');
        if (keep >= 0 && keep < nd && keep < ENG__DIGITS_MAX &&
            dig[keep] >= '5')
            r += 1;
    }
    if (r >= (u128)eng_pow10(precision))
        return 1;
    *out = neg ? -(eng_int128)r : (eng_int128)r;
    return 0;
}

/* Quotes at most 100 bytes of s for a message. */
static int shown(size_t len)
{
    return len > 100 ? 100 : (int)len;
}

/*
 * Parses decimal text: optional surrounding spaces, optional sign,
 * digits with an optional point (at least one digit), optional exponent
 * (e/E, optional sign, digits). Rounds half-up to `scale` digits. Fails
 * with 22018 for text that is not a number and 22003 when the value needs
 * more than `precision` digits; both messages quote the text.
 */
eng_rc eng_decimal_parse(const char *s, size_t len, int precision, int scale,
                         eng_int128 *out, eng_error *err)
{
    size_t i = 0, end = len;
    while (i < end && (unsigned char)s[i] <= ' ')
        i++;
    while (end > i && (unsigned char)s[end - 1] <= ' ')
        end--;
    bool neg = false;
    if (i < end && (s[i] == '+' || s[i] == '-'))
        neg = s[i++] == '-';
    char dig[ENG__DIGITS_MAX];
    long nd = 0, intdigits = 0, anydigit = 0;
    bool point = false;
    for (; i < end; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            anydigit++;
            if (nd == 0 && c == '0') {
                /* leading zero: shifts the exponent only if fractional */
                if (point)
                    intdigits--;
                continue;
            }
            if (nd < ENG__DIGITS_MAX)
                dig[nd] = c;
            nd++;
            if (!point)
                intdigits++;
        } else if (c == '.' && !point) {
            point = true;
        } else {
            break;
        }
    }
    long exp = 0;
    if (i < end && anydigit && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        bool eneg = false;
        if (i < end && (s[i] == '+' || s[i] == '-'))
            eneg = s[i++] == '-';
        size_t start = i;
        while (i < end && s[i] >= '0' && s[i] <= '9') {
            if (exp < 100000)
                exp = exp * 10 + (s[i] - '0');
            i++;
        }
        if (i == start)
            anydigit = 0; /* "1e" is not a number */
        if (eneg)
            exp = -exp;
    }
    char tname[32];
    eng_type_name(eng_type_decimal(precision, scale), tname, sizeof tname);
    if (!anydigit || i != end)
        return eng_err_set(err, ENG_ERR_INVALID_CHARACTER_VALUE_FOR_CAST, 0,
                           "cannot cast '%.*s' to %s: not a number",
                           shown(len), s, tname);
    eng_int128 v;
    if (eng_decimal_from_digits(dig, nd, intdigits + exp, neg, precision,
                                 scale, &v))
        return eng_err_set(err, ENG_ERR_NUMERIC_VALUE_OUT_OF_RANGE, 0,
                           "cannot cast '%.*s' to %s: value too large",
                           shown(len), s, tname);
    *out = v;
    return ENG_OK;
}
