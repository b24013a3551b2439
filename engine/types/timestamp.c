/*
 * engine/types/timestamp.c
 *   timestamp(p) without time zone, time(p) and the two interval types:
 *   their text forms (Trino's), parsing, rounding and month arithmetic.
 * Interface: eng_ts_format, eng_time_format, eng_interval_ds_format,
 *   eng_interval_ym_format, eng_ts_parse, eng_time_parse, eng_ts_round,
 *   eng_floor_div64, eng_date_add_months; with a zone: eng_tstz_parse,
 *   eng_timetz_parse, eng_tstz_format, eng_timetz_format,
 *   eng_ts_text_has_zone, eng_time_text_has_zone.
 * Not here: casts between types (cast.c), arithmetic over vectors
 *   (exec/expr_time.c), interval literals (binder/bind_time.c).
 *
 * Representations (types.h): a timestamp is int64 microseconds since
 * 1970-01-01 00:00:00 on the proleptic Gregorian calendar, with no time
 * zone (a "local date-time", Trino's `timestamp`); a time is microseconds
 * since midnight; interval day to second is milliseconds (Trino keeps
 * milliseconds); interval year to month is months. Rounding to fewer
 * fractional digits is half up towards +infinity, as Trino's
 * Timestamps.round (floor((v + f/2) / f) * f).
 */
#include <stdio.h>
#include <string.h>
#include "types.h"

static const int64_t pow10_us[7] = {1000000, 100000, 10000, 1000, 100, 10, 1};

/* Floor division (b > 0). */
int64_t eng_floor_div64(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        q--;
    return q;
}

/* Copies tmp (n bytes) into buf with a NUL, truncating to cap - 1. */
static int put(const char *tmp, int n, char *buf, size_t cap)
{
    if (buf && cap) {
        size_t k = (size_t)n < cap - 1 ? (size_t)n : cap - 1;
        memcpy(buf, tmp, k);
        buf[k] = '\0';
    }
    return n;
}

/* Writes ".ffffff" cut to p digits at out; returns bytes written. */
static int frac(char *out, int64_t us_of_sec, int p)
{
    if (p <= 0)
        return 0;
    char six[8];
    snprintf(six, sizeof six, "%06lld", (long long)us_of_sec);
    out[0] = '.';
    memcpy(out + 1, six, (size_t)p);
    return p + 1;
}

/* See types.h. Values keep their digits beyond p (they are rounded by the
 * casts that make them); the text shows the first p. */
int eng_ts_format(int64_t us, int p, char *buf, size_t cap)
{
    if (p < 0)
        p = 0;
    if (p > ENG_TS_MAX_PRECISION)
        p = ENG_TS_MAX_PRECISION;
    int64_t days = eng_floor_div64(us, ENG_US_PER_DAY);
    int64_t tod = us - days * ENG_US_PER_DAY;
    char tmp[64];
    int n = eng_date_format((int32_t)days, tmp, sizeof tmp);
    int64_t secs = tod / ENG_US_PER_SEC;
    n += snprintf(tmp + n, sizeof tmp - (size_t)n, " %02d:%02d:%02d",
                  (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
    n += frac(tmp + n, tod % ENG_US_PER_SEC, p);
    return put(tmp, n, buf, cap);
}

/* See types.h. */
int eng_time_format(int64_t us, int p, char *buf, size_t cap)
{
    if (p < 0)
        p = 0;
    if (p > ENG_TS_MAX_PRECISION)
        p = ENG_TS_MAX_PRECISION;
    int64_t tod = us - eng_floor_div64(us, ENG_US_PER_DAY) * ENG_US_PER_DAY;
    int64_t secs = tod / ENG_US_PER_SEC;
    char tmp[32];
    int n = snprintf(tmp, sizeof tmp, "%02d:%02d:%02d", (int)(secs / 3600),
                     (int)(secs / 60 % 60), (int)(secs % 60));
    n += frac(tmp + n, tod % ENG_US_PER_SEC, p);
    return put(tmp, n, buf, cap);
}

/* See types.h: Trino's IntervalDayTime.formatMillis. */
int eng_interval_ds_format(int64_t ms, char *buf, size_t cap)
{
    char tmp[48];
    bool neg = ms < 0;
    /* magnitude in unsigned arithmetic: INT64_MIN has no int64 negation */
    uint64_t m = neg ? (uint64_t)0 - (uint64_t)ms : (uint64_t)ms;
    uint64_t day = m / (uint64_t)ENG_MS_PER_DAY;
    m %= (uint64_t)ENG_MS_PER_DAY;
    int n = snprintf(tmp, sizeof tmp, "%s%llu %02u:%02u:%02u.%03u",
                     neg ? "-" : "", (unsigned long long)day,
                     (unsigned)(m / 3600000), (unsigned)(m / 60000 % 60),
                     (unsigned)(m / 1000 % 60), (unsigned)(m % 1000));
    return put(tmp, n, buf, cap);
}

/* See types.h: Trino's IntervalYearMonth.formatMonths ("-0-2"). */
int eng_interval_ym_format(int64_t months, char *buf, size_t cap)
{
    char tmp[48];
    bool neg = months < 0;
    uint64_t m = neg ? (uint64_t)0 - (uint64_t)months : (uint64_t)months;
    int n = snprintf(tmp, sizeof tmp, "%s%llu-%llu", neg ? "-" : "",
                     (unsigned long long)(m / 12), (unsigned long long)(m % 12));
    return put(tmp, n, buf, cap);
}

/* See types.h. */
int eng_ts_round(int64_t us, int p, int64_t *out)
{
    if (p >= ENG_TS_MAX_PRECISION) {
        *out = us;
        return 0;
    }
    if (p < 0)
        p = 0;
    int64_t f = pow10_us[p];
    int64_t x;
    if (__builtin_add_overflow(us, f / 2, &x))
        return 1;
    *out = eng_floor_div64(x, f) * f;
    return 0;
}

static bool is_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int64_t y, int m)
{
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

/* See types.h. */
int eng_date_add_months(int32_t days, int64_t months, int32_t *out)
{
    int y, m, d;
    eng_date_to_ymd(days, &y, &m, &d);
    /* |months| of an interval fits int32, so this cannot overflow */
    if (months > INT32_MAX || months < INT32_MIN)
        return 1;
    int64_t total = (int64_t)y * 12 + (m - 1) + months;
    int64_t ny = eng_floor_div64(total, 12);
    int nm = (int)(total - ny * 12) + 1;
    if (ny > 5800000 || ny < -5800000)   /* int32 days reach +-5.87M years */
        return 1;
    int dim = days_in_month(ny, nm);
    *out = eng_date_from_ymd((int)ny, nm, d > dim ? dim : d);
    return 0;
}

/* ------------------------------------------------------------------ */
/* parsing                                                              */

typedef struct cursor {
    const char *s;
    size_t n, i;
} cursor;

/* Reads min..max digits into *v; false when fewer than min. */
static bool digits(cursor *c, int min, int max, int64_t *v)
{
    int k = 0;
    int64_t x = 0;
    while (k < max && c->i < c->n && c->s[c->i] >= '0' && c->s[c->i] <= '9') {
        x = x * 10 + (c->s[c->i] - '0');
        c->i++;
        k++;
    }
    *v = x;
    return k >= min;
}

static bool lit(cursor *c, char ch)
{
    if (c->i < c->n && c->s[c->i] == ch) {
        c->i++;
        return true;
    }
    return false;
}

/* Up to 12 fraction digits (Trino's maximum) after '.', into µs with
 * *nd digits; 0A000-worthy when more than 6 (flagged by *nd > 6). The
 * digits beyond 6 must still be read so the text is consumed. */
static bool fraction(cursor *c, int64_t *us, int *nd)
{
    int k = 0;
    int64_t x = 0;
    while (c->i < c->n && c->s[c->i] >= '0' && c->s[c->i] <= '9' && k < 12) {
        if (k < 6)
            x = x * 10 + (c->s[c->i] - '0');
        c->i++;
        k++;
    }
    if (k == 0)
        return false;
    for (int j = k; j < 6; j++)
        x *= 10;
    *us = x;
    *nd = k;
    return true;
}

/*
 * HH:MM[:SS[.f]] at c into µs of the day; *nd fraction digits. False on
 * malformed or out-of-range fields.
 */
static bool time_part(cursor *c, int64_t *us, int *nd)
{
    int64_t h, mi, sec = 0, f = 0;
    *nd = 0;
    if (!digits(c, 1, 2, &h) || !lit(c, ':') || !digits(c, 1, 2, &mi))
        return false;
    if (lit(c, ':')) {
        if (!digits(c, 1, 2, &sec))
            return false;
        if (lit(c, '.') && !fraction(c, &f, nd))
            return false;
    }
    if (h > 23 || mi > 59 || sec > 59)
        return false;
    *us = ((h * 60 + mi) * 60 + sec) * ENG_US_PER_SEC + f;
    return true;
}

static void trim(const char **s, size_t *len)
{
    while (*len && (unsigned char)(*s)[0] <= ' ') {
        (*s)++;
        (*len)--;
    }
    while (*len && (unsigned char)(*s)[*len - 1] <= ' ')
        (*len)--;
}

static eng_rc bad(const char *what, const char *s, size_t len, eng_error *err)
{
    return eng_err_set(err, ENG_ERR_INVALID_DATETIME_FORMAT, 0,
                       "Value cannot be cast to %s: %.*s", what,
                       len > 100 ? 100 : (int)len, s);
}

static eng_rc too_precise(const char *what, int nd, eng_error *err)
{
    return eng_err_set(err, ENG_ERR_FEATURE_NOT_SUPPORTED, 0,
                       "%s(%d) is not supported (at most %d fractional "
                       "digits)", what, nd, ENG_TS_MAX_PRECISION);
}

/*
 * The timestamp part of s; with zone_out set, what follows it (after
 * blanks) is handed back as the zone text instead of failing.
 */
static eng_rc ts_parse(const char *s, size_t len, int64_t *us, int *nd,
                       const char **zone_out, size_t *zn_out, eng_error *err)
{
    const char *t = s ? s : "";
    size_t n = len;
    trim(&t, &n);
    cursor c = {t, n, 0};
    int64_t y, m, d, tod = 0;
    int k = 0;
    bool neg = lit(&c, '-');
    if (!digits(&c, 4, 9, &y) || !lit(&c, '-') || !digits(&c, 1, 2, &m) ||
        !lit(&c, '-') || !digits(&c, 1, 2, &d))
        return bad(zone_out ? "timestamp with time zone" : "timestamp", s,
                   len, err);
    if (neg)
        y = -y;
    if (c.i < c.n && c.s[c.i] == ' ') {
        size_t save = c.i;
        while (c.i < c.n && c.s[c.i] == ' ')
            c.i++;
        if (c.i < c.n && c.s[c.i] >= '0' && c.s[c.i] <= '9') {
            if (!time_part(&c, &tod, &k))
                return bad(zone_out ? "timestamp with time zone"
                                    : "timestamp", s, len, err);
        } else {
            c.i = save;
        }
    }
    if (zone_out) {
        *zone_out = NULL;
        *zn_out = 0;
    }
    if (c.i < c.n) {
        /* anything left is a time zone ("UTC", "+02:00", "Europe/Paris") */
        const char *z = c.s + c.i;
        size_t zn = c.n - c.i;
        bool sp = *z == ' ';
        while (zn && *z == ' ') {
            z++;
            zn--;
        }
        bool zone_like = zn && (z[0] == '+' || z[0] == '-' ||
                                (z[0] >= 'A' && z[0] <= 'Z') ||
                                (z[0] >= 'a' && z[0] <= 'z'));
        if (zone_like && zone_out && (sp || z[0] == '+' || z[0] == '-')) {
            *zone_out = z;
            *zn_out = zn;
        } else if (zone_like && sp) {
            return eng_err_set(err, ENG_ERR_FEATURE_NOT_SUPPORTED, 0,
                               "a time zone in a timestamp without time "
                               "zone ('%.*s'); use timestamp with time zone",
                               len > 100 ? 100 : (int)len, s);
        } else {
            return bad(zone_out ? "timestamp with time zone" : "timestamp",
                       s, len, err);
        }
    }
    if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, (int)m) ||
        y > 290000 || y < -290000)
        return bad(zone_out ? "timestamp with time zone" : "timestamp", s,
                   len, err);
    if (k > ENG_TS_MAX_PRECISION)
        return too_precise(zone_out ? "timestamp with time zone"
                                    : "timestamp", k, err);
    int64_t days = eng_date_from_ymd((int)y, (int)m, (int)d);
    *us = days * ENG_US_PER_DAY + tod;
    *nd = k;
    return ENG_OK;
}

/* See types.h. */
eng_rc eng_ts_parse(const char *s, size_t len, int64_t *us, int *nd,
                    eng_error *err)
{
    return ts_parse(s, len, us, nd, NULL, NULL, err);
}

/* See types.h. */
bool eng_ts_text_has_zone(const char *s, size_t len)
{
    const char *z = NULL;
    size_t zn;
    int64_t us;
    int nd;
    eng_error e = {0};
    /* a zone found before a later error (too many digits) still counts:
     * the parse of the typed value reports that error */
    (void)ts_parse(s, len, &us, &nd, &z, &zn, &e);
    return z != NULL;
}

/* See types.h. */
bool eng_time_text_has_zone(const char *s, size_t len)
{
    const char *t = s ? s : "";
    size_t n = len;
    trim(&t, &n);
    cursor c = {t, n, 0};
    int64_t us;
    int k;
    return time_part(&c, &us, &k) && c.i < c.n;
}

/* See types.h. */
eng_rc eng_tstz_parse(const char *s, size_t len, int32_t def_zone,
                      eng_tstz *out, int *nd, eng_error *err)
{
    const char *z;
    size_t zn;
    int64_t local;
    eng_rc rc = ts_parse(s, len, &local, nd, &z, &zn, err);
    if (rc != ENG_OK)
        return rc;
    int32_t key = def_zone;
    if (z && (rc = eng_tz_lookup(z, zn, &key, err)) != ENG_OK)
        return rc;
    out->us = eng_tz_utc_us(key, local);
    out->zone = key;
    out->pad = 0;
    return ENG_OK;
}

/* See types.h. */
eng_rc eng_timetz_parse(const char *s, size_t len, int32_t def_offset_key,
                        eng_tstz *out, int *nd, eng_error *err)
{
    const char *t = s ? s : "";
    size_t n = len;
    trim(&t, &n);
    cursor c = {t, n, 0};
    int k = 0;
    int64_t us;
    if (!time_part(&c, &us, &k))
        return bad("time with time zone", s, len, err);
    int32_t key = def_offset_key;
    if (c.i < c.n) {
        const char *z = c.s + c.i;
        size_t zn = c.n - c.i;
        while (zn && *z == ' ') {
            z++;
            zn--;
        }
        eng_rc rc = eng_tz_lookup(z, zn, &key, err);
        if (rc != ENG_OK)
            return rc;
        if (!eng_tz_is_offset(key))
            return eng_err_set(err, ENG_ERR_FEATURE_NOT_SUPPORTED, 0,
                               "time with time zone in a named zone "
                               "('%.*s'); give an offset like +05:00",
                               len > 100 ? 100 : (int)len, s);
    }
    if (k > ENG_TS_MAX_PRECISION)
        return too_precise("time with time zone", k, err);
    out->us = us;
    out->zone = key;
    out->pad = 0;
    *nd = k;
    return ENG_OK;
}

/* See types.h. */
int eng_tstz_format(eng_tstz v, int p, char *buf, size_t cap)
{
    char ts[64], zone[80], tmp[160];
    eng_ts_format(eng_tz_local_us(v.zone, v.us), p, ts, sizeof ts);
    eng_tz_name(v.zone, zone, sizeof zone);
    int n = snprintf(tmp, sizeof tmp, "%s %s", ts, zone);
    return put(tmp, n, buf, cap);
}

/* See types.h. Trino prints the offset of a time with time zone always
 * as +hh:mm (UTC as +00:00). */
int eng_timetz_format(eng_tstz v, int p, char *buf, size_t cap)
{
    char t[32], tmp[64];
    eng_time_format(v.us, p, t, sizeof t);
    int m = eng_tz_key_offset_min(v.zone), a = m < 0 ? -m : m;
    int n = snprintf(tmp, sizeof tmp, "%s%c%02d:%02d", t, m < 0 ? '-' : '+',
                     a / 60, a % 60);
    return put(tmp, n, buf, cap);
}

/* See types.h. */
eng_rc eng_time_parse(const char *s, size_t len, int64_t *us, int *nd,
                      eng_error *err)
{
    const char *t = s ? s : "";
    size_t n = len;
    trim(&t, &n);
    cursor c = {t, n, 0};
    int k = 0;
    if (!time_part(&c, us, &k))
        return bad("time", s, len, err);
    if (c.i < c.n) {
        if (c.s[c.i] == '+' || c.s[c.i] == '-' || c.s[c.i] == ' ')
            return bad("time", s, len, err);
        return bad("time", s, len, err);
    }
    if (k > ENG_TS_MAX_PRECISION)
        return too_precise("time", k, err);
    *nd = k;
    return ENG_OK;
}
