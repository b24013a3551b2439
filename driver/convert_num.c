/*
 * driver/convert_num.c
 *   Engine values to numeric C types: SQL_C_BIT, the tiny/short/long/
 *   bigint integers (signed and unsigned), SQL_C_FLOAT, SQL_C_DOUBLE and
 *   SQL_C_NUMERIC, following appendix D of the ODBC reference.
 * Interface: conv_to_number.
 * Not here: text (convert_str.c), dates (convert_datetime.c).
 *
 * Every source is first read as an exact number (unscaled __int128 plus
 * a scale: integers, booleans, decimals, numeric text) or an approximate
 * one (double, text with an exponent). Errors: 22003 when the value does
 * not fit the C type, 01S07 when fractional digits are dropped, 22018 for
 * text that is not a number, 07006 for dates.
 */
#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "driver.h"

/* A source number: exact (v / 10^scale) or approximate (d). */
typedef struct num {
    bool exact;
    eng_int128 v;
    int scale;
    double d;
} num;

/* Parses numeric text into n: exact for plain decimals, else strtod. */
static bool parse_text(const char *p, size_t len, num *n)
{
    char buf[128];
    while (len && isspace((unsigned char)*p)) {
        p++;
        len--;
    }
    while (len && isspace((unsigned char)p[len - 1]))
        len--;
    if (len == 0 || len >= sizeof buf)
        return false;
    memcpy(buf, p, len);
    buf[len] = '\0';
    /* exact: [+-]digits[.digits] with at most 38 digits */
    const char *q = buf;
    bool neg = false;
    if (*q == '+' || *q == '-')
        neg = *q++ == '-';
    eng_int128 v = 0;
    int digits = 0, scale = 0;
    bool dot = false, ok = true, any = false;
    for (; *q; q++) {
        if (*q == '.' && !dot) {
            dot = true;
            continue;
        }
        if (!isdigit((unsigned char)*q)) {
            ok = false;
            break;
        }
        any = true;
        if (digits < 38) {
            v = v * 10 + (*q - '0');
            if (v)
                digits++;
            if (dot)
                scale++;
        } else if (!dot) {
            ok = false;  /* too many integer digits for exact */
            break;
        }
    }
    if (ok && any) {
        n->exact = true;
        n->v = neg ? -v : v;
        n->scale = scale;
        return true;
    }
    char *end;
    errno = 0;
    double d = strtod(buf, &end);
    if (end == buf || *end)
        return false;
    n->exact = false;
    n->d = d;
    return true;
}

/* Reads v as a number; false with a diagnostic recorded when it is not. */
static bool read_num(drv_stmt *s, const eng_value *v, conv_target *t, num *n,
                     SQLRETURN *rc)
{
    memset(n, 0, sizeof *n);
    n->exact = true;
    switch (v->type.id) {
    case ENG_T_BOOLEAN: n->v = v->u.b ? 1 : 0; return true;
    case ENG_T_SMALLINT: case ENG_T_INTEGER: case ENG_T_BIGINT:
        n->v = v->u.i;
        return true;
    case ENG_T_DECIMAL:
        n->v = v->u.dec;
        n->scale = v->type.scale;
        return true;
    case ENG_T_DOUBLE:
        n->exact = false;
        n->d = v->u.d;
        return true;
    case ENG_T_VARCHAR:
    case ENG_T_JSON:   /* json is text to a client: "12" reads as 12 */
        if (parse_text(v->u.s.ptr, v->u.s.len, n))
            return true;
        *rc = diag_pushrc(&s->diag, "22018", t->row, t->col,
                          "invalid character value for cast: column %d "
                          "holds '%.*s', not a number", (int)t->col,
                          (int)(v->u.s.len > 64 ? 64 : v->u.s.len),
                          v->u.s.ptr);
        return false;
    default:
        *rc = diag_pushrc(&s->diag, "07006", t->row, t->col,
                          "restricted data type attribute violation: "
                          "column %d (date) cannot be converted to a "
                          "number", (int)t->col);
        return false;
    }
}

/* Splits an exact number into its integer part and whether a fraction
 * was dropped. */
static eng_int128 int_part(const num *n, bool *frac)
{
    if (n->scale == 0) {
        *frac = false;
        return n->v;
    }
    eng_int128 p = eng_pow10(n->scale);
    *frac = n->v % p != 0;
    return n->v / p;
}

/* Value of n as a long double. */
static long double as_ld(const num *n)
{
    if (!n->exact)
        return n->d;
    return (long double)n->v / (long double)eng_pow10(n->scale);
}

/* Integer C types: writes the value, checking the range [lo, hi]. */
static SQLRETURN to_int(drv_stmt *s, const num *n, conv_target *t,
                        eng_int128 lo, eng_int128 hi, eng_int128 *out)
{
    bool frac;
    eng_int128 iv;
    if (n->exact) {
        iv = int_part(n, &frac);
    } else {
        if (isnan(n->d) || isinf(n->d) || n->d >= 1.8e19 || n->d <= -1e19)
            goto range;
        double tr = trunc(n->d);
        frac = tr != n->d;
        iv = (eng_int128)tr;
    }
    if (iv < lo || iv > hi)
        goto range;
    *out = iv;
    if (frac)
        return diag_pushrc(&s->diag, "01S07", t->row, t->col,
                           "fractional truncation (column %d)", (int)t->col);
    return SQL_SUCCESS;
range:
    return diag_pushrc(&s->diag, "22003", t->row, t->col,
                       "numeric value out of range for the C type of "
                       "column %d", (int)t->col);
}

/* SQL_C_BIT: 0 and 1 exact; 0 < x < 2 truncated (01S07); else 22003. */
static SQLRETURN to_bit(drv_stmt *s, const num *n, conv_target *t)
{
    long double x = as_ld(n);
    if (isnan((double)x) || x < 0 || x >= 2)
        return diag_pushrc(&s->diag, "22003", t->row, t->col,
                           "numeric value out of range for SQL_C_BIT "
                           "(column %d)", (int)t->col);
    unsigned char b = x >= 1 ? 1 : 0;
    if (t->ptr)
        *(unsigned char *)t->ptr = b;
    if (t->len_out)
        *t->len_out = 1;
    if (x != 0 && x != 1)
        return diag_pushrc(&s->diag, "01S07", t->row, t->col,
                           "fractional truncation (column %d)", (int)t->col);
    return SQL_SUCCESS;
}

/* Number of decimal digits of |v| (0 has 1). */
static int ndigits(eng_int128 v)
{
    int d = 1;
    if (v < 0)
        v = -v;
    while (v >= 10) {
        v /= 10;
        d++;
    }
    return d;
}

/* SQL_C_NUMERIC at t->precision / t->scale. */
static SQLRETURN to_numeric(drv_stmt *s, const num *n, conv_target *t)
{
    int ts = t->scale;
    int tp = t->precision > 0 && t->precision <= 38 ? t->precision : 38;
    if (ts < 0 || ts > tp)
        ts = 0;
    eng_int128 v;
    bool frac = false;
    if (n->exact) {
        if (ts >= n->scale) {
            int up = ts - n->scale;
            if (ndigits(n->v) + up > 38)
                goto range;
            v = n->v * eng_pow10(up);
        } else {
            eng_int128 p = eng_pow10(n->scale - ts);
            frac = n->v % p != 0;
            v = n->v / p;
        }
    } else {
        long double x = (long double)n->d * powl(10.0L, ts);
        if (isnan((double)x) || fabsl(x) >= 1e38L)
            goto range;
        long double tr = truncl(x);
        frac = tr != x;
        v = (eng_int128)tr;
    }
    if (ndigits(v) > tp)
        goto range;
    SQL_NUMERIC_STRUCT ns;
    memset(&ns, 0, sizeof ns);
    ns.precision = (SQLCHAR)tp;
    ns.scale = (SQLSCHAR)ts;
    ns.sign = v < 0 ? 0 : 1;
    unsigned __int128 u = v < 0 ? (unsigned __int128)(-v) : (unsigned __int128)v;
    for (int i = 0; i < SQL_MAX_NUMERIC_LEN; i++) {
        ns.val[i] = (SQLCHAR)(u & 0xFF);
        u >>= 8;
    }
    if (t->ptr)
        memcpy(t->ptr, &ns, sizeof ns);
    if (t->len_out)
        *t->len_out = sizeof ns;
    if (frac)
        return diag_pushrc(&s->diag, "01S07", t->row, t->col,
                           "fractional truncation (column %d)", (int)t->col);
    return SQL_SUCCESS;
range:
    return diag_pushrc(&s->diag, "22003", t->row, t->col,
                       "numeric value out of range for SQL_C_NUMERIC(%d,%d) "
                       "(column %d)", tp, ts, (int)t->col);
}

/* Converts v to the numeric C type t->ctype; see driver.h. */
SQLRETURN conv_to_number(drv_stmt *s, const eng_value *v, conv_target *t)
{
    num n;
    SQLRETURN rc = SQL_ERROR;
    t->done = true;
    if (!read_num(s, v, t, &n, &rc))
        return rc;
    if (t->ctype == SQL_C_BIT)
        return to_bit(s, &n, t);
    if (t->ctype == SQL_C_NUMERIC)
        return to_numeric(s, &n, t);
    if (t->ctype == SQL_C_FLOAT || t->ctype == SQL_C_DOUBLE) {
        long double x = as_ld(&n);
        if (t->ctype == SQL_C_FLOAT && !isinf((double)x) && !isnan((double)x)
            && fabsl(x) > FLT_MAX)
            return diag_pushrc(&s->diag, "22003", t->row, t->col,
                               "numeric value out of range for SQL_C_FLOAT "
                               "(column %d)", (int)t->col);
        if (t->ptr) {
            if (t->ctype == SQL_C_FLOAT)
                *(SQLREAL *)t->ptr = (SQLREAL)x;
            else
                *(SQLDOUBLE *)t->ptr = (SQLDOUBLE)x;
        }
        if (t->len_out)
            *t->len_out = conv_c_size(t->ctype);
        return SQL_SUCCESS;
    }
    eng_int128 lo, hi;
    switch (t->ctype) {
    case SQL_C_STINYINT: case SQL_C_TINYINT: lo = -128; hi = 127; break;
    case SQL_C_UTINYINT: lo = 0; hi = 255; break;
    case SQL_C_SSHORT: case SQL_C_SHORT: lo = -32768; hi = 32767; break;
    case SQL_C_USHORT: lo = 0; hi = 65535; break;
    case SQL_C_SLONG: case SQL_C_LONG: lo = INT32_MIN; hi = INT32_MAX; break;
    case SQL_C_ULONG: lo = 0; hi = UINT32_MAX; break;
    case SQL_C_SBIGINT: lo = INT64_MIN; hi = INT64_MAX; break;
    case SQL_C_UBIGINT: lo = 0; hi = UINT64_MAX; break;
    default:
        return diag_pushrc(&s->diag, "HY003", t->row, t->col,
                           "invalid application buffer type %d",
                           (int)t->ctype);
    }
    eng_int128 iv = 0;
    rc = to_int(s, &n, t, lo, hi, &iv);
    if (rc == SQL_ERROR)
        return rc;
    if (t->ptr) {
        switch (t->ctype) {
        case SQL_C_STINYINT: case SQL_C_TINYINT:
            *(SQLSCHAR *)t->ptr = (SQLSCHAR)iv; break;
        case SQL_C_UTINYINT: *(SQLCHAR *)t->ptr = (SQLCHAR)iv; break;
        case SQL_C_SSHORT: case SQL_C_SHORT:
            *(SQLSMALLINT *)t->ptr = (SQLSMALLINT)iv; break;
        case SQL_C_USHORT: *(SQLUSMALLINT *)t->ptr = (SQLUSMALLINT)iv; break;
        case SQL_C_SLONG: case SQL_C_LONG:
            *(SQLINTEGER *)t->ptr = (SQLINTEGER)iv; break;
        case SQL_C_ULONG: *(SQLUINTEGER *)t->ptr = (SQLUINTEGER)iv; break;
        case SQL_C_SBIGINT: *(SQLBIGINT *)t->ptr = (SQLBIGINT)iv; break;
        default: *(SQLUBIGINT *)t->ptr = (SQLUBIGINT)iv; break;
        }
    }
    if (t->len_out)
        *t->len_out = conv_c_size(t->ctype);
    return rc;
}
