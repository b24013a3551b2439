/*
 * engine/types/cast.c
 *   CAST between the engine's types with Trino's rules, and the text form
 *   of every value.
 * Interface: eng_value_cast, eng_value_cast_zone, eng_value_to_text,
 *   eng_int_format, eng_double_digits, eng_double_text and
 *   eng_double_cast_text (types_int.h).
 * Not here: decimal and date text parsing (decimal.c, date.c); vectorized
 *   casts in the executor, which call eng_value_cast row by row or
 *   specialise it.
 *
 * Rules (Trino): integer narrowing and decimal precision overflow raise
 * 22003; decimal scale reduction and double -> integer round half away
 * from zero; double -> decimal goes through the double's shortest digits
 * (as Java's BigDecimal.valueOf); text -> number trims whitespace and
 * raises 22018 naming the text and the target; text -> boolean accepts
 * true/false/t/f/1/0 in any case, untrimmed; text -> varchar(n) truncates
 * to n characters (UTF-8 code points), while a non-text value whose text
 * is longer than n raises 22018 (Trino's INVALID_CAST_ARGUMENT). CAST(double|real AS varchar) is Trino's
 * scientific text ("1.5E0", "1.0E10", "0E0"; eng_double_cast_text), while
 * a double's display text (eng_value_to_text, what Trino's CLI shows and
 * what ODBC delivers as characters) is Java's Double.toString ("1.5").
 * Casts Trino rejects (date <-> numbers, boolean <-> date) raise 42804.
 * Temporal casts: timestamp(p) <-> timestamp(q), time(q), date, varchar
 * (Trino's text both ways, 22018 on bad text); date -> timestamp is its
 * midnight, timestamp -> date its day; fewer digits round half up;
 * intervals cast only to themselves and to varchar.
 * varbinary: from varchar (its UTF-8 bytes) and from uuid; never to
 * varchar (42804, as Trino: from_utf8/to_hex say which text). uuid: from
 * and to varchar (lower-case 8-4-4-4-12; other text 22018) and from a
 * 16-byte varbinary. json: json.c (eng_json_from_value into it,
 * eng_json_cast out of it). With a time zone:
 * timestamp/date/text without a zone -> timestamp with time zone take
 * the session zone (eng_value_cast_zone's zone); back to timestamp, date
 * or time is the wall-clock value in the value's own zone.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* strtod_l, newlocale */
#endif
#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include "types.h"
#include "types_int.h"

typedef unsigned __int128 u128;

/* ------------------------------------------------------------------ */
/* doubles as text                                                      */

/*
 * The "C" numeric locale, created once (a driver runs inside programs
 * that may call setlocale, and "1.5" must parse the same everywhere).
 * Returns (locale_t)0 if it cannot be created; strtod then uses the
 * current locale.
 */
static locale_t c_locale(void)
{
    static locale_t loc;
    locale_t l = __atomic_load_n(&loc, __ATOMIC_ACQUIRE);
    if (l)
        return l;
    l = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    if (!l)
        return (locale_t)0;
    locale_t expected = (locale_t)0;
    if (!__atomic_compare_exchange_n(&loc, &expected, l, false,
                                     __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
        freelocale(l); /* another thread won */
        return expected;
    }
    return l;
}

/* strtod independent of the process locale. */
static double c_strtod(const char *s)
{
    locale_t l = c_locale();
    return l ? strtod_l(s, NULL, l) : strtod(s, NULL);
}

/* eng_double_digits for a real: the fewest digits that read back (as a
 * float) to the same float, as Java's Float.toString. */
static int shortest_digits(double d, bool real, char *dig, int *exp10);

int eng_double_digits(double d, char *dig, int *exp10)
{
    return shortest_digits(d, false, dig, exp10);
}

static int shortest_digits(double d, bool real, char *dig, int *exp10)
{
    if (d == 0) {
        dig[0] = '0';
        *exp10 = 1;
        return 1;
    }
    char tmp[40];
    int p;
    /* from 2 digits: Java prints at least two, choosing the closest pair
     * (Double.MIN_VALUE is "4.9E-324", not "5.0E-324") */
    for (p = 2; p <= 17; p++) {
        snprintf(tmp, sizeof tmp, "%.*e", p - 1, fabs(d));
        if (real ? (double)strtof(tmp, NULL) == fabs(d)
                 : strtod(tmp, NULL) == fabs(d))
            break;
    }
    /* tmp is "d.ddde[+-]XX" (or "de[+-]XX" for p == 1) */
    int nd = 0;
    const char *c = tmp;
    for (; *c && *c != 'e'; c++)
        if (*c >= '0' && *c <= '9')
            dig[nd++] = *c;
    int e = atoi(c + 1);
    while (nd > 1 && dig[nd - 1] == '0')
        nd--;
    *exp10 = e + 1;
    return nd;
}

/* Java's Double.toString (real false) or Float.toString (real true). */
static int java_text(double d, bool real, char *buf, size_t cap);

int eng_double_text(double d, char *buf, size_t cap)
{
    return java_text(d, false, buf, cap);
}

int eng_real_text(double d, char *buf, size_t cap)
{
    return java_text(d, true, buf, cap);
}

static int java_text(double d, bool real, char *buf, size_t cap)
{
    char out[48];
    int n = 0;
    if (isnan(d)) {
        n = snprintf(out, sizeof out, "NaN");
    } else if (isinf(d)) {
        n = snprintf(out, sizeof out, "%s", d < 0 ? "-Infinity" : "Infinity");
    } else {
        char dig[24];
        int e10;
        int nd = shortest_digits(d, real, dig, &e10);
        if (signbit(d))
            out[n++] = '-';
        double m = fabs(d);
        if (m == 0 || (m >= 1e-3 && m < 1e7)) {
            if (e10 > 0) {
                for (int i = 0; i < e10; i++)
                    out[n++] = i < nd ? dig[i] : '0';
                out[n++] = '.';
                if (nd > e10)
                    for (int i = e10; i < nd; i++)
                        out[n++] = dig[i];
                else
                    out[n++] = '0';
            } else {
                out[n++] = '0';
                out[n++] = '.';
                for (int i = 0; i < -e10; i++)
                    out[n++] = '0';
                for (int i = 0; i < nd; i++)
                    out[n++] = dig[i];
            }
        } else {
            out[n++] = dig[0];
            out[n++] = '.';
            if (nd > 1)
                for (int i = 1; i < nd; i++)
                    out[n++] = dig[i];
            else
                out[n++] = '0';
            n += snprintf(out + n, sizeof out - (size_t)n, "E%d", e10 - 1);
        }
        out[n] = '\0';
    }
    if (buf && cap) {
        size_t k = (size_t)n < cap - 1 ? (size_t)n : cap - 1;
        memcpy(buf, out, k);
        buf[k] = '\0';
    }
    return n;
}

/*
 * Real digits past the 7th (Trino's "0.0#####E0" keeps 7 significant):
 * true when DecimalFormat's HALF_EVEN rounds the 7 kept digits up. The
 * value formatted is Double.parseDouble(Float.toString(f)), the double x
 * nearest to the float's shortest digits; an exact "5" tail is decided by
 * x's exact binary value (above, below or on the tie), as DigitList does.
 */
static bool real_round_up(const char *dig, int nd, int e10)
{
    if (dig[7] != '5')
        return dig[7] > '5';
    if (nd > 8)
        return true;            /* trailing zeros were dropped: a non-zero
                                 * digit follows the 5 */
    char src[40];
    snprintf(src, sizeof src, "0.%.*se%d", nd, dig, e10);
    double x = c_strtod(src);
    /* %.*e of a double is exact in glibc given enough digits; 800 covers
     * every double's expansion */
    enum { PREC = 800 };
    char big[PREC + 16];
    snprintf(big, sizeof big, "%.*e", (int)PREC, fabs(x));
    int k = 0;
    for (const char *c = big; *c && *c != 'e'; c++) {
        if (*c < '0' || *c > '9')
            continue;
        if (k >= 8 && *c != '0')
            return true;        /* above the tie */
        if (k == 7 && *c != '5')
            return *c > '5';
        k++;
    }
    return (dig[6] - '0') % 2 != 0;   /* on the tie: to even */
}

int eng_double_cast_text(double d, bool real, char *buf, size_t cap)
{
    char out[48];
    int n;
    if (isnan(d)) {
        n = snprintf(out, sizeof out, "NaN");
    } else if (isinf(d)) {
        n = snprintf(out, sizeof out, "%s", d < 0 ? "-Infinity" : "Infinity");
    } else if (d == 0) {
        n = snprintf(out, sizeof out, "%s", signbit(d) ? "-0E0" : "0E0");
    } else {
        char dig[24];
        int e10;
        int nd = shortest_digits(d, real, dig, &e10);
        if (real && nd > 7) {
            bool up = real_round_up(dig, nd, e10);
            nd = 7;
            if (up) {
                int i = 6;
                while (i >= 0 && dig[i] == '9')
                    dig[i--] = '0';
                if (i >= 0) {
                    dig[i]++;
                } else {
                    dig[0] = '1';
                    nd = 1;
                    e10++;
                }
            }
            while (nd > 1 && dig[nd - 1] == '0')
                nd--;
        }
        n = snprintf(out, sizeof out, "%s%c.%.*sE%d", d < 0 ? "-" : "",
                     dig[0], nd > 1 ? nd - 1 : 1, nd > 1 ? dig + 1 : "0",
                     e10 - 1);
    }
    if (buf && cap) {
        size_t k = (size_t)n < cap - 1 ? (size_t)n : cap - 1;
        memcpy(buf, out, k);
        buf[k] = '\0';
    }
    return n;
}

/* ------------------------------------------------------------------ */
/* helpers                                                              */

/* Bytes of text quoted in messages. */
static int shown(size_t len)
{
    return len > 100 ? 100 : (int)len;
}

static const char *tname(eng_type t, char *buf)
{
    return eng_type_name(t, buf, 48);
}

/*
 * Text that is not a value of the target date/time type: Trino's
 * INVALID_CAST_ARGUMENT (22018) "Value cannot be cast to <what>: <text>",
 * whatever the parser said (22007 malformed, 22023 unknown zone). Other
 * failures (out of memory, 0A000) pass through. The parsers keep 22007
 * for the typed literals (DATE '...', TIMESTAMP '...'), which Trino
 * calls INVALID_LITERAL.
 */
static eng_rc bad_dt_text(eng_rc rc, const eng_value *v, const char *what,
                       eng_error *err)
{
    if (rc != ENG_ERROR || !err || (strcmp(err->sqlstate, "22007") &&
                                    strcmp(err->sqlstate, "22023")))
        return rc;
    return eng_err_set(err, ENG_ERR_INVALID_CHARACTER_VALUE_FOR_CAST, 0,
                       "Value cannot be cast to %s: %.*s", what,
                       shown(v->u.s.len), v->u.s.ptr ? v->u.s.ptr : "");
}

/* Narrows [*s, *s + *len) to drop bytes <= ' ' at both ends (Java trim). */
static void trim(const char **s, size_t *len)
{
    const char *p = *s;
    size_t n = *len;
    while (n && (unsigned char)p[0] <= ' ') {
        p++;
        n--;
    }
    while (n && (unsigned char)p[n - 1] <= ' ')
        n--;
    *s = p;
    *len = n;
}

static eng_rc not_castable(eng_type from, eng_type to, eng_error *err)
{
    char a[48], b[48];
    return eng_err_set(err, ENG_ERR_DATATYPE_MISMATCH, 0,
                       "cannot cast %s to %s", tname(from, a), tname(to, b));
}

static eng_rc bad_text(const eng_str *s, eng_type to, eng_error *err)
{
    char b[48];
    return eng_err_set(err, ENG_ERR_INVALID_CHARACTER_VALUE_FOR_CAST, 0,
                       "cannot cast '%.*s' to %s", shown(s->len),
                       s->ptr ? s->ptr : "", tname(to, b));
}

/* Magnitude of a decimal as unsigned (INT128_MIN safe). */
static u128 mag(eng_int128 v)
{
    return v < 0 ? (u128)0 - (u128)v : (u128)v;
}

/*
 * Rescales unscaled v from scale fs to decimal(tp, ts): multiplies when
 * the scale grows, divides rounding half away from zero when it shrinks.
 * Returns 0, or 1 when the result needs more than tp digits.
 */
static int rescale(eng_int128 v, int fs, int ts, int tp, eng_int128 *out)
{
    bool neg = v < 0;
    u128 m = mag(v);
    if (ts >= fs) {
        int d = ts - fs;
        if (m != 0) {
            if (tp - d <= 0 || d > 38 || m >= (u128)eng_pow10(tp - d))
                return 1;
            m *= (u128)eng_pow10(d);
        }
    } else {
        int d = fs - ts;
        if (d > 38) {
            m = 0;
        } else {
            u128 p = (u128)eng_pow10(d);
            u128 rem = m % p;
            m /= p;
            if (rem * 2 >= p)
                m += 1;
        }
        if (m >= (u128)eng_pow10(tp))
            return 1;
    }
    *out = neg ? -(eng_int128)m : (eng_int128)m;
    return 0;
}

/* Number of UTF-8 code points in s (continuation bytes not counted). */
static size_t utf8_chars(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            n++;
    return n;
}

/* Byte length of the first `chars` code points of s. */
static size_t utf8_prefix(const char *s, size_t len, size_t chars)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (n == chars)
                return i;
            n++;
        }
    }
    return len;
}

int eng_int_format(int64_t v, char *buf)
{
    char tmp[24];
    int n = 0;
    /* digits of the magnitude, as unsigned so that INT64_MIN works */
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    int len = 0;
    if (v < 0)
        buf[len++] = '-';
    while (n)
        buf[len++] = tmp[--n];
    buf[len] = '\0';
    return len;
}

/*
 * Writes the text form of a non-NULL, non-varchar value into buf (128
 * bytes) and returns its length.
 */
static int scalar_text(const eng_value *v, char *buf, size_t cap)
{
    switch (v->type.id) {
    case ENG_T_BOOLEAN:
        return snprintf(buf, cap, "%s", v->u.b ? "true" : "false");
    case ENG_T_SMALLINT:
    case ENG_T_INTEGER:
    case ENG_T_BIGINT:
        if (cap < 21)
            return snprintf(buf, cap, "%lld", (long long)v->u.i);
        return eng_int_format(v->u.i, buf);
    case ENG_T_DOUBLE:
        if (eng_type_is_real(v->type))
            return eng_real_text(v->u.d, buf, cap);
        return eng_double_text(v->u.d, buf, cap);
    case ENG_T_DECIMAL:
        return eng_decimal_format(v->u.dec, v->type.scale, buf, cap);
    case ENG_T_DATE:
        return eng_date_format(v->u.date, buf, cap);
    case ENG_T_TIMESTAMP:
        return eng_ts_format(v->u.i, v->type.precision, buf, cap);
    case ENG_T_TIME:
        return eng_time_format(v->u.i, v->type.precision, buf, cap);
    case ENG_T_INTERVAL_DS:
        return eng_interval_ds_format(v->u.i, buf, cap);
    case ENG_T_INTERVAL_YM:
        return eng_interval_ym_format(v->u.i, buf, cap);
    case ENG_T_UUID:
        if (v->u.s.len != 16 || cap < 37)
            break;
        eng_uuid_format((const uint8_t *)v->u.s.ptr, buf);
        buf[36] = '\0';
        return 36;
    case ENG_T_TIMESTAMP_TZ:
        return eng_tstz_format(v->u.tz, v->type.precision, buf, cap);
    case ENG_T_TIME_TZ:
        return eng_timetz_format(v->u.tz, v->type.precision, buf, cap);
    default:
        break;
    }
    buf[0] = '\0';
    return 0;
}

/* ------------------------------------------------------------------ */
/* targets                                                              */

/* Parses Java's Long.parseLong grammar ([+-]digits) after trimming. */
static eng_rc text_to_int(const eng_str *s, eng_type to, int64_t *out,
                          eng_error *err)
{
    const char *p = s->ptr ? s->ptr : "";
    size_t n = s->len;
    trim(&p, &n);
    size_t i = 0;
    bool neg = false;
    if (i < n && (p[i] == '+' || p[i] == '-'))
        neg = p[i++] == '-';
    if (i == n)
        return bad_text(s, to, err);
    u128 m = 0;
    for (; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return bad_text(s, to, err);
        m = m * 10 + (u128)(p[i] - '0');
        if (m > (u128)1 << 64)
            return bad_text(s, to, err);
    }
    int64_t lo, hi;
    eng_int_range(to, &lo, &hi);
    if (neg ? m > (u128)(-(eng_int128)lo) : m > (u128)hi)
        return bad_text(s, to, err);
    *out = neg ? (int64_t)(-(eng_int128)m) : (int64_t)m;
    return ENG_OK;
}

static eng_rc to_integer(const eng_value *v, eng_type to, eng_value *r,
                         eng_error *err)
{
    char b[48], txt[64];
    eng_int128 x = 0;
    switch (v->type.id) {
    case ENG_T_BOOLEAN:
        x = v->u.b ? 1 : 0;
        break;
    case ENG_T_SMALLINT:
    case ENG_T_INTEGER:
    case ENG_T_BIGINT:
        x = v->u.i;
        break;
    case ENG_T_DECIMAL:
        /* cannot fail: the rounded magnitude stays below 10^38 */
        rescale(v->u.dec, v->type.scale, 0, 38, &x);
        break;
    case ENG_T_DOUBLE: {
        double d = v->u.d;
        double rd = round(d);
        if (isnan(d) || !(rd >= -9223372036854775808.0 &&
                          rd < 9223372036854775808.0)) {
            eng_double_text(d, txt, sizeof txt);
            return eng_err_set(err, ENG_ERR_NUMERIC_VALUE_OUT_OF_RANGE, 0,
                               "value %s out of range for %s", txt,
                               tname(to, b));
        }
        x = (int64_t)rd;
        break;
    }
    case ENG_T_VARCHAR: {
        int64_t i = 0;
        eng_rc rc = text_to_int(&v->u.s, to, &i, err);
        if (rc)
            return rc;
        r->u.i = i;
        return ENG_OK;
    }
    default:
        return not_castable(v->type, to, err);
    }
    int64_t lo, hi;
    eng_int_range(to, &lo, &hi);
    if (x < lo || x > hi) {
        scalar_text(v, txt, sizeof txt);
        return eng_err_set(err, ENG_ERR_NUMERIC_VALUE_OUT_OF_RANGE, 0,
                           "value %s out of range for %s", txt,
                           tname(to, b));
    }
    r->u.i = (int64_t)x;
    return ENG_OK;
}

static eng_rc to_boolean(const eng_value *v, eng_type to, eng_value *r,
                         eng_error *err)
{
    switch (v->type.id) {
    case ENG_T_BOOLEAN: r->u.b = v->u.b; return ENG_OK;
    case ENG_T_SMALLINT:
    case ENG_T_INTEGER:
    case ENG_T_BIGINT: r->u.b = v->u.i != 0; return ENG_OK;
    case ENG_T_DOUBLE: r->u.b = v->u.d != 0; return ENG_OK;
    case ENG_T_DECIMAL: r->u.b = v->u.dec != 0; return ENG_OK;
    case ENG_T_VARCHAR: {
        const char *p = v->u.s.ptr ? v->u.s.ptr : "";
        size_t n = v->u.s.len;
        if (n == 1) {
            char c = p[0];
            if (c == 't' || c == 'T' || c == '1') { r->u.b = true; return ENG_OK; }
            if (c == 'f' || c == 'F' || c == '0') { r->u.b = false; return ENG_OK; }
        }
        if (n == 4 && strncasecmp(p, "true", 4) == 0) {
            r->u.b = true;
            return ENG_OK;
        }
        if (n == 5 && strncasecmp(p, "false", 5) == 0) {
            r->u.b = false;
            return ENG_OK;
        }
        return bad_text(&v->u.s, to, err);
    }
    default:
        return not_castable(v->type, to, err);
    }
}

/*
 * Java's Double.parseDouble grammar, the common part:
 * [+-]? (NaN | Infinity | (digits [. digits?] | . digits) ([eE][+-]?digits)?)
 * followed by an optional [fFdD].
 */
static bool java_double_syntax(const char *p, size_t n)
{
    size_t i = 0;
    if (i < n && (p[i] == '+' || p[i] == '-'))
        i++;
    if (n - i == 3 && memcmp(p + i, "NaN", 3) == 0)
        return true;
    if (n - i == 8 && memcmp(p + i, "Infinity", 8) == 0)
        return true;
    size_t digits = 0;
    while (i < n && p[i] >= '0' && p[i] <= '9') { i++; digits++; }
    if (i < n && p[i] == '.') {
        i++;
        while (i < n && p[i] >= '0' && p[i] <= '9') { i++; digits++; }
    }
    if (!digits)
        return false;
    if (i < n && (p[i] == 'e' || p[i] == 'E')) {
        i++;
        if (i < n && (p[i] == '+' || p[i] == '-'))
            i++;
        size_t ed = 0;
        while (i < n && p[i] >= '0' && p[i] <= '9') { i++; ed++; }
        if (!ed)
            return false;
    }
    if (i < n && strchr("fFdD", p[i]))
        i++;
    return i == n;
}

static eng_rc text_to_double(const eng_str *s, eng_type to, double *out,
                             eng_error *err)
{
    const char *p = s->ptr ? s->ptr : "";
    size_t n = s->len;
    trim(&p, &n);
    if (!java_double_syntax(p, n))
        return bad_text(s, to, err);
    bool neg = n && p[0] == '-';
    size_t sign = n && (p[0] == '-' || p[0] == '+');
    if (n - sign == 3 && p[sign] == 'N') {
        *out = NAN;
        return ENG_OK;
    }
    if (n - sign == 8 && p[sign] == 'I') {
        *out = neg ? -INFINITY : INFINITY;
        return ENG_OK;
    }
    char local[128];
    char *buf = n < sizeof local ? local : eng_malloc(n + 1);
    if (!buf)
        return eng_err_oom(err);
    memcpy(buf, p, n);
    buf[n] = '\0';
    if (n && strchr("fFdD", buf[n - 1]))
        buf[n - 1] = '\0';
    *out = c_strtod(buf);
    if (buf != local)
        eng_free(buf);
    return ENG_OK;
}

static eng_rc to_double_raw(const eng_value *v, eng_type to, eng_value *r,
                            eng_error *err);

/* To double, or to real: rounded through float; a finite value beyond
 * real's range becomes +-Infinity, as Trino's cast (Java's float
 * conversion) and as real arithmetic and sums do here (C leaves the
 * conversion itself undefined, so it is not left to the cast). */
static eng_rc to_double(const eng_value *v, eng_type to, eng_value *r,
                        eng_error *err)
{
    eng_rc rc = to_double_raw(v, to, r, err);
    if (rc || !eng_type_is_real(to))
        return rc;
    if (isfinite(r->u.d) && fabs(r->u.d) > FLT_MAX)
        r->u.d = r->u.d > 0 ? INFINITY : -INFINITY;
    else
        r->u.d = eng_real_round(r->u.d);
    return ENG_OK;
}

static eng_rc to_double_raw(const eng_value *v, eng_type to, eng_value *r,
                            eng_error *err)
{
    switch (v->type.id) {
    case ENG_T_BOOLEAN: r->u.d = v->u.b ? 1.0 : 0.0; return ENG_OK;
    case ENG_T_SMALLINT:
    case ENG_T_INTEGER:
    case ENG_T_BIGINT: r->u.d = (double)v->u.i; return ENG_OK;
    case ENG_T_DOUBLE: r->u.d = v->u.d; return ENG_OK;
    case ENG_T_DECIMAL: {
        /* through text so the result is the correctly rounded double */
        char txt[64];
        eng_decimal_format(v->u.dec, v->type.scale, txt, sizeof txt);
        r->u.d = c_strtod(txt);
        return ENG_OK;
    }
    case ENG_T_VARCHAR:
        return text_to_double(&v->u.s, to, &r->u.d, err);
    default:
        return not_castable(v->type, to, err);
    }
}

static eng_rc decimal_overflow(const eng_value *v, eng_type to,
                               eng_error *err)
{
    char txt[128], b[48];
    scalar_text(v, txt, sizeof txt);
    return eng_err_set(err, ENG_ERR_NUMERIC_VALUE_OUT_OF_RANGE, 0,
                       "value %s does not fit %s", txt, tname(to, b));
}

static eng_rc to_decimal(const eng_value *v, eng_type to, eng_value *r,
                         eng_error *err)
{
    int p = to.precision, s = to.scale;
    switch (v->type.id) {
    case ENG_T_BOOLEAN:
    case ENG_T_SMALLINT:
    case ENG_T_INTEGER:
    case ENG_T_BIGINT: {
        eng_int128 x = v->type.id == ENG_T_BOOLEAN ? (v->u.b ? 1 : 0) : v->u.i;
        if (rescale(x, 0, s, p, &r->u.dec))
            return decimal_overflow(v, to, err);
        return ENG_OK;
    }
    case ENG_T_DECIMAL:
        if (rescale(v->u.dec, v->type.scale, s, p, &r->u.dec))
            return decimal_overflow(v, to, err);
        return ENG_OK;
    case ENG_T_DOUBLE: {
        if (isnan(v->u.d) || isinf(v->u.d))
            return decimal_overflow(v, to, err);
        char dig[24];
        int e10;
        int nd = eng_double_digits(v->u.d, dig, &e10);
        if (v->u.d == 0)
            nd = 0;
        if (eng_decimal_from_digits(dig, nd, e10, v->u.d < 0, p, s,
                                     &r->u.dec))
            return decimal_overflow(v, to, err);
        return ENG_OK;
    }
    case ENG_T_VARCHAR:
        return eng_decimal_parse(v->u.s.ptr ? v->u.s.ptr : "", v->u.s.len,
                                 p, s, &r->u.dec, err);
    default:
        return not_castable(v->type, to, err);
    }
}

static eng_rc to_date(const eng_value *v, eng_type to, eng_value *r,
                      eng_error *err)
{
    if (v->type.id == ENG_T_DATE) {
        r->u.date = v->u.date;
        return ENG_OK;
    }
    if (v->type.id == ENG_T_TIMESTAMP) {
        /* the date part; every int64 µs timestamp's day fits int32 */
        r->u.date = (int32_t)eng_floor_div64(v->u.i, ENG_US_PER_DAY);
        return ENG_OK;
    }
    if (v->type.id == ENG_T_TIMESTAMP_TZ) {
        /* the date in the value's own zone */
        r->u.date = (int32_t)eng_floor_div64(
            eng_tz_local_us(v->u.tz.zone, v->u.tz.us), ENG_US_PER_DAY);
        return ENG_OK;
    }
    if (v->type.id != ENG_T_VARCHAR)
        return not_castable(v->type, to, err);
    const char *p = v->u.s.ptr ? v->u.s.ptr : "";
    size_t n = v->u.s.len;
    trim(&p, &n);
    /* quotes the untrimmed text, as the user wrote it */
    return bad_dt_text(eng_date_parse(p, n, &r->u.date, err), v, "date", err);
}

static eng_rc ts_overflow(const eng_value *v, eng_type to, eng_error *err)
{
    char txt[128], b[48];
    scalar_text(v, txt, sizeof txt);
    return eng_err_set(err, ENG_ERR_NUMERIC_VALUE_OUT_OF_RANGE, 0,
                       "value %s out of range for %s", txt, tname(to, b));
}

/*
 * To timestamp(p): from a timestamp (rounded to p), a date (its
 * midnight) or text (Trino's timestamp text, a date alone included;
 * 22018 when malformed), rounded half up to p digits.
 */
static eng_rc to_timestamp(const eng_value *v, eng_type to, eng_value *r,
                           eng_error *err)
{
    int64_t us;
    switch (v->type.id) {
    case ENG_T_TIMESTAMP:
        us = v->u.i;
        break;
    case ENG_T_TIMESTAMP_TZ:   /* the wall-clock time in its zone */
        us = eng_tz_local_us(v->u.tz.zone, v->u.tz.us);
        break;
    case ENG_T_DATE:
        us = (int64_t)v->u.date * ENG_US_PER_DAY;
        break;
    case ENG_T_VARCHAR: {
        int nd;
        eng_rc rc = eng_ts_parse(v->u.s.ptr, v->u.s.len, &us, &nd, err);
        if (rc)
            return bad_dt_text(rc, v, "timestamp", err);
        break;
    }
    default:
        return not_castable(v->type, to, err);
    }
    if (eng_ts_round(us, to.precision, &r->u.i))
        return ts_overflow(v, to, err);
    return ENG_OK;
}

/*
 * To time(p): from a time, the time of day of a timestamp, or text
 * ("HH:MM[:SS[.f]]", 22018 when malformed); rounded half up to p digits,
 * wrapping past midnight as Trino does.
 */
static eng_rc to_time(const eng_value *v, eng_type to, eng_value *r,
                      eng_error *err)
{
    int64_t us;
    switch (v->type.id) {
    case ENG_T_TIME:
        us = v->u.i;
        break;
    case ENG_T_TIME_TZ:
        us = v->u.tz.us;
        break;
    case ENG_T_TIMESTAMP:
        us = v->u.i - eng_floor_div64(v->u.i, ENG_US_PER_DAY) * ENG_US_PER_DAY;
        break;
    case ENG_T_TIMESTAMP_TZ:
        us = eng_tz_local_us(v->u.tz.zone, v->u.tz.us);
        us -= eng_floor_div64(us, ENG_US_PER_DAY) * ENG_US_PER_DAY;
        break;
    case ENG_T_VARCHAR: {
        int nd;
        eng_rc rc = eng_time_parse(v->u.s.ptr, v->u.s.len, &us, &nd, err);
        if (rc)
            return bad_dt_text(rc, v, "time", err);
        break;
    }
    default:
        return not_castable(v->type, to, err);
    }
    eng_ts_round(us, to.precision, &us);   /* |us| < one day: no overflow */
    r->u.i = us - eng_floor_div64(us, ENG_US_PER_DAY) * ENG_US_PER_DAY;
    return ENG_OK;
}

/*
 * To timestamp(p) with time zone: from one (rounded), from a timestamp or
 * a date (that wall-clock time in the session zone `zone`, as Trino),
 * from text (its zone, else the session's).
 */
static eng_rc to_tstz(const eng_value *v, eng_type to, int32_t zone,
                      eng_value *r, eng_error *err)
{
    eng_tstz t = {0, zone, 0};
    switch (v->type.id) {
    case ENG_T_TIMESTAMP_TZ:
        t = v->u.tz;
        break;
    case ENG_T_TIMESTAMP:
        t.us = eng_tz_utc_us(zone, v->u.i);
        break;
    case ENG_T_DATE:
        t.us = eng_tz_utc_us(zone, (int64_t)v->u.date * ENG_US_PER_DAY);
        break;
    case ENG_T_VARCHAR: {
        int nd;
        eng_rc rc = eng_tstz_parse(v->u.s.ptr, v->u.s.len, zone, &t, &nd,
                                   err);
        if (rc)
            return bad_dt_text(rc, v, "timestamp", err);
        break;
    }
    default:
        return not_castable(v->type, to, err);
    }
    if (eng_ts_round(t.us, to.precision, &t.us))
        return ts_overflow(v, to, err);
    r->u.tz = t;
    return ENG_OK;
}

/* The offset key of zone now (a time gets the session zone's current
 * offset, as Trino takes it at the session's start). */
static int32_t offset_key_now(int32_t zone)
{
    if (eng_tz_is_offset(zone))
        return zone;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return eng_tz_offset_key(eng_tz_offset_at(zone, ts.tv_sec) / 60);
}

/*
 * To time(p) with time zone: from one (rounded, wrapping), from a time
 * (with the session zone's offset), from a timestamp with time zone (its
 * wall-clock time and offset at that instant), from text.
 */
static eng_rc to_timetz(const eng_value *v, eng_type to, int32_t zone,
                        eng_value *r, eng_error *err)
{
    eng_tstz t = {0, 0, 0};
    switch (v->type.id) {
    case ENG_T_TIME_TZ:
        t = v->u.tz;
        break;
    case ENG_T_TIME:
        t.us = v->u.i;
        t.zone = offset_key_now(zone);
        break;
    case ENG_T_TIMESTAMP_TZ: {
        int64_t s = eng_floor_div64(v->u.tz.us, ENG_US_PER_SEC);
        t.zone = eng_tz_offset_key(eng_tz_offset_at(v->u.tz.zone, s) / 60);
        t.us = eng_tz_local_us(v->u.tz.zone, v->u.tz.us);
        t.us -= eng_floor_div64(t.us, ENG_US_PER_DAY) * ENG_US_PER_DAY;
        break;
    }
    case ENG_T_VARCHAR: {
        int nd;
        eng_rc rc = eng_timetz_parse(v->u.s.ptr, v->u.s.len,
                                     offset_key_now(zone), &t, &nd, err);
        if (rc)
            return bad_dt_text(rc, v, "time", err);
        break;
    }
    default:
        return not_castable(v->type, to, err);
    }
    eng_ts_round(t.us, to.precision, &t.us);
    t.us -= eng_floor_div64(t.us, ENG_US_PER_DAY) * ENG_US_PER_DAY;
    r->u.tz = t;
    return ENG_OK;
}

/* Intervals cast only to their own type (and to varchar). */
static eng_rc to_interval(const eng_value *v, eng_type to, eng_value *r,
                          eng_error *err)
{
    if (v->type.id != to.id)
        return not_castable(v->type, to, err);
    r->u.i = v->u.i;
    return ENG_OK;
}

/*
 * varbinary from varchar (its UTF-8 bytes, Trino's CAST) or from a uuid
 * (its 16 bytes); nothing else casts to varbinary.
 */
static eng_rc to_varbinary(const eng_value *v, eng_type to, eng_value *r,
                           eng_error *err)
{
    if (v->type.id != ENG_T_VARCHAR && v->type.id != ENG_T_VARBINARY &&
        v->type.id != ENG_T_UUID)
        return not_castable(v->type, to, err);
    r->u.s = v->u.s;        /* same bytes; strings are immutable */
    return ENG_OK;
}

/*
 * uuid from its text (exactly 8-4-4-4-12 hex digits, 22018 otherwise, as
 * Trino) or from 16 bytes of varbinary (22018 for another length).
 */
static eng_rc to_uuid(eng_arena *a, const eng_value *v, eng_type to,
                      eng_value *r, eng_error *err)
{
    if (v->type.id == ENG_T_UUID) {
        r->u.s = v->u.s;
        return ENG_OK;
    }
    if (v->type.id == ENG_T_VARBINARY) {
        if (v->u.s.len != 16)
            return eng_err_set(err, ENG_ERR_INVALID_CHARACTER_VALUE_FOR_CAST,
                               0, "Invalid UUID binary length: %u",
                               (unsigned)v->u.s.len);
        r->u.s = v->u.s;
        return ENG_OK;
    }
    if (v->type.id != ENG_T_VARCHAR)
        return not_castable(v->type, to, err);
    uint8_t *u = eng_arena_alloc(a, 16);
    if (!u)
        return eng_err_oom(err);
    if (!eng_uuid_parse(v->u.s.ptr ? v->u.s.ptr : "", v->u.s.len, u))
        return eng_err_set(err, ENG_ERR_INVALID_CHARACTER_VALUE_FOR_CAST, 0,
                           "Cannot cast value to UUID: %.*s",
                           shown(v->u.s.len), v->u.s.ptr ? v->u.s.ptr : "");
    r->u.s.ptr = (const char *)u;
    r->u.s.len = 16;
    return ENG_OK;
}

/*
 * char(n) -> varchar(m): Trino pads the value to n characters (its char
 * value has them), then cuts to m when m is smaller.
 */
static eng_rc char_to_varchar(eng_arena *a, const eng_value *v, eng_type to,
                              eng_value *r, eng_error *err)
{
    const char *p = v->u.s.ptr ? v->u.s.ptr : "";
    size_t n = v->u.s.len;
    size_t chars = utf8_chars(p, n);
    size_t want = (size_t)v->type.length;
    if (to.length > 0 && (size_t)to.length < want)
        want = (size_t)to.length;
    if (chars >= want) {
        n = utf8_prefix(p, n, want);
        want = chars = 0;
    }
    size_t pad = want > chars ? want - chars : 0;
    char *d = eng_arena_alloc(a, n + pad + 1);
    if (!d)
        return eng_err_oom(err);
    if (n)
        memcpy(d, p, n);
    memset(d + n, ' ', pad);
    r->u.s.ptr = d;
    r->u.s.len = (uint32_t)(n + pad);
    return ENG_OK;
}

static eng_rc to_varchar(eng_arena *a, const eng_value *v, eng_type to,
                         eng_value *r, eng_error *err)
{
    char txt[128];
    const char *p;
    size_t n;
    /* Trino has no cast from varbinary to varchar: from_utf8, to_hex and
     * to_base64 say which text is meant. */
    if (v->type.id == ENG_T_VARBINARY)
        return not_castable(v->type, to, err);
    if (v->type.id == ENG_T_VARCHAR) {
        p = v->u.s.ptr ? v->u.s.ptr : "";
        n = v->u.s.len;
        if (eng_type_is_char(v->type) && !eng_type_is_char(to))
            return char_to_varchar(a, v, to, r, err);
        if (to.length > 0)
            n = utf8_prefix(p, n, (size_t)to.length);
    } else {
        /* a double or real casts to Trino's scientific text ("1.5E0"),
         * not the Double.toString the value's display text is */
        bool dbl = v->type.id == ENG_T_DOUBLE;
        int len = dbl ? eng_double_cast_text(v->u.d, eng_type_is_real(v->type),
                                             txt, sizeof txt)
                      : scalar_text(v, txt, sizeof txt);
        p = txt;
        n = (size_t)len;
        if (to.length > 0 && utf8_chars(p, n) > (size_t)to.length) {
            char b[48], shown_as[48];
            if (dbl) {   /* Trino: "Value 1200.0 (1.2E3) cannot be ..." */
                scalar_text(v, shown_as, sizeof shown_as);
                return eng_err_set(err, ENG_ERR_INVALID_CHARACTER_VALUE_FOR_CAST,
                                   0, "Value %s (%s) cannot be represented "
                                   "as %s", shown_as, txt, tname(to, b));
            }
            return eng_err_set(err, ENG_ERR_INVALID_CHARACTER_VALUE_FOR_CAST, 0,
                               "Value %s cannot be represented as %s", txt,
                               tname(to, b));
        }
    }
    if (eng_type_is_char(to))   /* char's canonical form has no trailing blanks */
        while (n > 0 && p[n - 1] == ' ')
            n--;
    char *d = eng_arena_memdup(a, p, n);
    if (!d)
        return eng_err_oom(err);
    r->u.s.ptr = d;
    r->u.s.len = (uint32_t)n;
    return ENG_OK;
}

/*
 * Casts v to `to` (see the rules at the top of this file). NULL values
 * and UNKNOWN (a bare NULL literal) become NULL of `to`. out may be v.
 * Result strings are allocated in a. Returns ENG_OK, or ENG_ERROR /
 * ENG_NOMEM with err filled and *out untouched.
 */
eng_rc eng_value_cast(eng_arena *a, const eng_value *v, eng_type to,
                      eng_value *out, eng_error *err)
{
    return eng_value_cast_zone(a, v, to, ENG_TZ_UTC, out, err);
}

/*
 * array(T) -> array(U): each element cast as T -> U would be (its errors
 * included), NULL elements staying NULL. Anything else to an array is
 * not castable (42804), as in Trino, except JSON (not here).
 */
static eng_rc to_array(eng_arena *a, const eng_value *v, eng_type to,
                       int32_t zone, eng_value *r, eng_error *err)
{
    if (v->type.id != ENG_T_ARRAY)
        return not_castable(v->type, to, err);
    eng_type from_e = eng_type_elem(v->type), to_e = eng_type_elem(to);
    eng_vector view;
    eng_rc rc = eng_arr_new(a, to_e, v->u.arr.n, &r->u.arr, &view, err);
    if (rc != ENG_OK)
        return rc;
    eng_batch b;
    memset(&b, 0, sizeof b);
    b.ncols = 1;
    b.nrows = (int)v->u.arr.n;
    b.cols = &view;
    b.arena = a;
    for (uint32_t i = 0; i < v->u.arr.n; i++) {
        eng_value e, c;
        eng_arr_get(from_e, v->u.arr, i, &e);
        if (e.is_null)
            continue;
        if ((rc = eng_value_cast_zone(a, &e, to_e, zone, &c, err)) ||
            (rc = eng_batch_set(&b, 0, (int)i, &c, err)))
            return rc;
    }
    return ENG_OK;
}

/* See types.h. */
eng_rc eng_value_cast_zone(eng_arena *a, const eng_value *v, eng_type to,
                           int32_t zone, eng_value *out, eng_error *err)
{
    eng_value r;
    memset(&r, 0, sizeof r);
    r.type = to;
    if (v->is_null || v->type.id == ENG_T_UNKNOWN || to.id == ENG_T_UNKNOWN) {
        r.is_null = true;
        *out = r;
        return ENG_OK;
    }
    eng_rc rc;
    /* json: into it from a scalar (eng_json_from_value), out of it for a
     * scalar json value (eng_json_cast), to itself unchanged (json.c) */
    if (to.id == ENG_T_JSON) {
        rc = eng_json_from_value(a, v, &r.u.s, err);
        if (rc == ENG_OK)
            *out = r;
        return rc;
    }
    if (v->type.id == ENG_T_JSON) {
        if (to.id != ENG_T_BOOLEAN && !eng_type_is_numeric(to.id) &&
            to.id != ENG_T_VARCHAR)
            return not_castable(v->type, to, err);
        rc = eng_json_cast(a, v, to, &r, err);
        if (rc == ENG_OK)
            *out = r;
        return rc;
    }
    if (v->type.id == ENG_T_ARRAY && to.id != ENG_T_ARRAY)
        return not_castable(v->type, to, err);   /* Trino: only to JSON */
    switch (to.id) {
    case ENG_T_BOOLEAN: rc = to_boolean(v, to, &r, err); break;
    case ENG_T_SMALLINT:
    case ENG_T_INTEGER:
    case ENG_T_BIGINT: rc = to_integer(v, to, &r, err); break;
    case ENG_T_DOUBLE: rc = to_double(v, to, &r, err); break;
    case ENG_T_DECIMAL: rc = to_decimal(v, to, &r, err); break;
    case ENG_T_VARCHAR: rc = to_varchar(a, v, to, &r, err); break;
    case ENG_T_DATE: rc = to_date(v, to, &r, err); break;
    case ENG_T_TIMESTAMP: rc = to_timestamp(v, to, &r, err); break;
    case ENG_T_TIME: rc = to_time(v, to, &r, err); break;
    case ENG_T_TIMESTAMP_TZ: rc = to_tstz(v, to, zone, &r, err); break;
    case ENG_T_TIME_TZ: rc = to_timetz(v, to, zone, &r, err); break;
    case ENG_T_INTERVAL_DS:
    case ENG_T_INTERVAL_YM: rc = to_interval(v, to, &r, err); break;
    case ENG_T_VARBINARY: rc = to_varbinary(v, to, &r, err); break;
    case ENG_T_UUID: rc = to_uuid(a, v, to, &r, err); break;
    case ENG_T_ARRAY: rc = to_array(a, v, to, zone, &r, err); break;
    default: rc = not_castable(v->type, to, err); break;
    }
    if (rc == ENG_OK)
        *out = r;
    return rc;
}

/*
 * Returns v as Trino's CLI prints it, NUL-terminated in arena a: NULL,
 * true/false, integers, decimals with their scale, doubles as Java
 * prints them, dates YYYY-MM-DD, timestamps "YYYY-MM-DD HH:MM:SS.fff"
 * (p digits), times, intervals ("2 03:04:05.000", "1-2"), strings as
 * they are. NULL on OOM.
 */
char *eng_value_to_text(eng_arena *a, const eng_value *v)
{
    if (v->is_null || v->type.id == ENG_T_UNKNOWN)
        return eng_arena_strdup(a, "NULL");
    if (v->type.id == ENG_T_VARCHAR || v->type.id == ENG_T_JSON)
        return eng_arena_strndup(a, v->u.s.ptr ? v->u.s.ptr : "",
                                 v->u.s.len);
    if (v->type.id == ENG_T_VARBINARY) {
        /* Trino's CLI: two lower-case hex digits a byte, blank-separated. */
        size_t n = v->u.s.len;
        char *t = eng_arena_alloc(a, n ? n * 3 : 1);
        if (!t)
            return NULL;
        for (size_t i = 0; i < n; i++) {
            eng_hex_format((const uint8_t *)v->u.s.ptr + i, 1, false, t + 3 * i);
            t[3 * i + 2] = i + 1 < n ? ' ' : '\0';
        }
        if (n == 0)
            t[0] = '\0';
        return t;
    }
    if (v->type.id == ENG_T_ARRAY)
        return eng_arr_to_text(a, eng_type_elem(v->type), v->u.arr);
    char txt[128];
    scalar_text(v, txt, sizeof txt);
    return eng_arena_strdup(a, txt);
}
