/*
 * engine/exec/expr_func_dtparse.c
 *   Date and time functions that read text or the clock, with Trino's
 *   semantics: date_parse (MySQL specifiers, Joda's parser rules),
 *   from_iso8601_date, to_iso8601, and the clock: current_date,
 *   localtime(p), localtimestamp(p), current_timezone.
 * Interface: exec_func_dtparse, exec_clock_us, exec_clock_cut (exec_int.h).
 * Not here: fields, arithmetic and formatting (expr_func_date.c).
 *
 * The clock is read once per execution (exec_ctx.now_us) and shown in the
 * session time zone (eng_conn.tz_key: the client's zone unless TimeZone=
 * or SET TIME ZONE chose another), through types/tzone.c.
 * date_parse fills Joda's defaults (1970-01-01 00:00:00) for the fields
 * the pattern leaves out; each number takes 1 to its width of digits, so
 * '%Y%m%d' reads '20240105'; text fields match either form in any case;
 * the whole input must be used ("Invalid format: "x" is malformed at
 * "y"", 22023, as Trino). %x and %v (week-based parsing) are 0A000.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include "exec_int.h"

/* ------------------------------------------------------------------ */
/* the clock                                                            */

/* The execution's instant (UTC µs), read on first use (exec_int.h). */
int64_t exec_clock_us(exec_ctx *ctx)
{
    if (!ctx->now_us) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ctx->now_us = (int64_t)ts.tv_sec * ENG_US_PER_SEC + ts.tv_nsec / 1000;
    }
    return ctx->now_us;
}

/* Cuts us to p fractional digits (exec_int.h). */
int64_t exec_clock_cut(int64_t us, int p)
{
    int64_t unit = 1;
    for (int i = p; i < ENG_TS_MAX_PRECISION; i++)
        unit *= 10;
    return eng_floor_div64(us, unit) * unit;
}

/* The wall-clock time of instant us in the session zone (µs). */
static int64_t local_of(exec_ctx *ctx, int64_t us)
{
    return eng_tz_local_us(sess_tz(ctx->conn), us);
}

/* ------------------------------------------------------------------ */
/* date_parse                                                           */

static const char *const month_names[12] = {
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December" };
static const char *const day_names[7] = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
    "Sunday" };

/* The fields date_parse has read; -1 = not given. */
typedef struct parsed {
    int64_t year;
    int month, day, doy, hour, clock_hour, halfday, minute, second, ms;
} parsed;

typedef struct pstate {
    const char *s;
    uint32_t len, pos;
} pstate;

/* Reads 1..max digits (an optional sign when sign); false when none. */
static bool read_num(pstate *p, int max, bool sign, int64_t *out)
{
    bool neg = false;
    if (sign && p->pos < p->len && (p->s[p->pos] == '-' || p->s[p->pos] == '+')) {
        neg = p->s[p->pos] == '-';
        p->pos++;
    }
    int n = 0;
    int64_t v = 0;
    while (n < max && p->pos < p->len && p->s[p->pos] >= '0' &&
           p->s[p->pos] <= '9') {
        v = v * 10 + (p->s[p->pos++] - '0');
        n++;
    }
    *out = neg ? -v : v;
    return n > 0;
}

/* Matches the longest of names (full or 3-letter form), any case; returns
 * its index or -1. */
static int read_name(pstate *p, const char *const *names, int count)
{
    int best = -1;
    size_t blen = 0;
    for (int i = 0; i < count; i++) {
        size_t full = strlen(names[i]);
        size_t forms[2] = { full, 3 };
        for (int f = 0; f < 2; f++) {
            size_t l = forms[f];
            if (l > blen && p->pos + l <= p->len &&
                !strncasecmp(p->s + p->pos, names[i], l)) {
                best = i;
                blen = l;
            }
        }
    }
    p->pos += (uint32_t)blen;
    return best;
}

static eng_rc malformed(exec_eval *x, const plan_expr *e, const pstate *p)
{
    if (p->pos >= p->len)
        return eng_err_set(x->ctx->err, ENG_ERR_INVALID_PARAMETER_VALUE,
                           e->pos, "Invalid format: \"%.*s\" is too short",
                           (int)(p->len > 200 ? 200 : p->len), p->s);
    return eng_err_set(x->ctx->err, ENG_ERR_INVALID_PARAMETER_VALUE, e->pos,
                       "Invalid format: \"%.*s\" is malformed at \"%.*s\"",
                       (int)(p->len > 200 ? 200 : p->len), p->s,
                       (int)(p->len - p->pos > 100 ? 100 : p->len - p->pos),
                       p->s + p->pos);
}

/* Reads one specifier c into f; ENG_OK, or an error set. */
static eng_rc parse_spec(exec_eval *x, const plan_expr *e, pstate *p, char c,
                         parsed *f)
{
    int64_t v = 0;
    bool ok = true;
    int k;
    switch (c) {
    case 'a': case 'W': ok = read_name(p, day_names, 7) >= 0; break;
    case 'b': case 'M':
        ok = (k = read_name(p, month_names, 12)) >= 0;
        if (ok)
            f->month = k + 1;
        break;
    case 'c': case 'm': ok = read_num(p, 2, false, &v); f->month = (int)v; break;
    case 'd': case 'e': ok = read_num(p, 2, false, &v); f->day = (int)v; break;
    case 'f': {
        int n = 0;
        int64_t ms = 0;
        while (n < 9 && p->pos < p->len && p->s[p->pos] >= '0' &&
               p->s[p->pos] <= '9') {
            if (n < 3)
                ms = ms * 10 + (p->s[p->pos] - '0');
            p->pos++;
            n++;
        }
        for (int i = n; i < 3; i++)
            ms *= 10;
        ok = n > 0;
        f->ms = (int)ms;
        break;
    }
    case 'H': case 'k': ok = read_num(p, 2, false, &v); f->hour = (int)v; break;
    case 'h': case 'I': case 'l':
        ok = read_num(p, 2, false, &v);
        f->clock_hour = (int)v;
        break;
    case 'i': ok = read_num(p, 2, false, &v); f->minute = (int)v; break;
    case 'j': ok = read_num(p, 3, false, &v); f->doy = (int)v; break;
    case 'p':
        if (p->pos + 2 <= p->len && !strncasecmp(p->s + p->pos, "AM", 2))
            f->halfday = 0;
        else if (p->pos + 2 <= p->len && !strncasecmp(p->s + p->pos, "PM", 2))
            f->halfday = 1;
        else
            ok = false;
        if (ok)
            p->pos += 2;
        break;
    case 'r': case 'T': {
        eng_rc rc;
        const char *seq = c == 'r' ? "h:i:s p" : "H:i:s";
        for (const char *q = seq; *q; q++) {
            if (*q == ':' || *q == ' ') {
                if (p->pos >= p->len || p->s[p->pos] != *q)
                    return malformed(x, e, p);
                p->pos++;
            } else if ((rc = parse_spec(x, e, p, *q, f)) != ENG_OK) {
                return rc;
            }
        }
        break;
    }
    case 'S': case 's': ok = read_num(p, 2, false, &v); f->second = (int)v; break;
    case 'Y': ok = read_num(p, 4, true, &v); f->year = v; break;
    case 'y': {
        uint32_t at = p->pos;
        ok = read_num(p, 2, false, &v) && p->pos - at == 2;
        /* Joda's two-digit year around Trino's pivot 2020: 1970..2069 */
        f->year = v >= 70 ? 1900 + v : 2000 + v;
        break;
    }
    case 'x': case 'v':
        return eng_err_set(x->ctx->err, ENG_ERR_FEATURE_NOT_SUPPORTED, e->pos,
                           "date_parse: week-based specifier %%%c is not "
                           "supported", c);
    case 'D': case 'U': case 'u': case 'V': case 'w': case 'X':
        return eng_err_set(x->ctx->err, ENG_ERR_INVALID_PARAMETER_VALUE,
                           e->pos, "%%%c not supported in date format string",
                           c);
    default:
        if (p->pos < p->len && p->s[p->pos] == c)
            p->pos++;
        else
            ok = false;
        break;
    }
    return ok ? ENG_OK : malformed(x, e, p);
}

static bool leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* 22023 for a field out of its range, in java.time's words (Trino's). */
static eng_rc bad_field(exec_eval *x, const plan_expr *e, const char *field,
                        const char *range, int64_t v)
{
    return eng_err_set(x->ctx->err, ENG_ERR_INVALID_PARAMETER_VALUE, e->pos,
                       "Invalid value for %s (valid values %s): %lld", field,
                       range, (long long)v);
}

static const char *const month_upper[12] = {
    "JANUARY", "FEBRUARY", "MARCH", "APRIL", "MAY", "JUNE", "JULY",
    "AUGUST", "SEPTEMBER", "OCTOBER", "NOVEMBER", "DECEMBER" };

/* date_parse(s, fmt) into *us (timestamp(3)). */
static eng_rc date_parse(exec_eval *x, const plan_expr *e, eng_str s,
                         eng_str fmt, int64_t *us)
{
    parsed f = { 1970, -1, -1, -1, -1, -1, -1, -1, -1, -1 };
    pstate p = { s.ptr, s.len, 0 };
    eng_rc rc;
    /* Trino builds the parser first: a bad specifier fails whatever s is */
    for (uint32_t i = 0; i + 1 < fmt.len; i++)
        if (fmt.ptr[i] == '%' && strchr("DUuVwXxv", fmt.ptr[++i]) && fmt.ptr[i]) {
            pstate none = { "", 0, 0 };
            return parse_spec(x, e, &none, fmt.ptr[i], &f);
        }
    for (uint32_t i = 0; i < fmt.len; i++) {
        char c = fmt.ptr[i];
        if (c == '%') {
            if (++i >= fmt.len)
                break;
            if ((rc = parse_spec(x, e, &p, fmt.ptr[i], &f)) != ENG_OK)
                return rc;
        } else if (p.pos < p.len && (p.s[p.pos] == c ||
                   ((c | 32) == (p.s[p.pos] | 32) && ((c | 32) >= 'a' &&
                                                      (c | 32) <= 'z')))) {
            p.pos++;
        } else {
            return malformed(x, e, &p);
        }
    }
    if (p.pos < p.len)
        return malformed(x, e, &p);
    if (f.year < -5877641 || f.year > 5881580)
        return bad_field(x, e, "Year", "-5877641 - 5881580", f.year);
    int month = f.month < 0 ? 1 : f.month;
    if (month < 1 || month > 12)
        return bad_field(x, e, "MonthOfYear", "1 - 12", month);
    static const int md[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int mdays = month == 2 && leap(f.year) ? 29 : md[month - 1];
    int64_t days;
    if (f.doy >= 0 && f.month < 0 && f.day < 0) {
        int ydays = leap(f.year) ? 366 : 365;
        if (f.doy < 1 || f.doy > 366)
            return bad_field(x, e, "DayOfYear", "1 - 365/366", f.doy);
        if (f.doy > ydays)
            return eng_err_set(x->ctx->err, ENG_ERR_INVALID_PARAMETER_VALUE,
                               e->pos, "Invalid date 'DayOfYear 366' as "
                               "'%lld' is not a leap year", (long long)f.year);
        days = (int64_t)eng_date_from_ymd((int)f.year, 1, 1) + f.doy - 1;
    } else {
        int day = f.day < 0 ? 1 : f.day;
        if (day < 1 || day > 31)
            return bad_field(x, e, "DayOfMonth", "1 - 28/31", day);
        if (day > mdays && month == 2 && day == 29)
            return eng_err_set(x->ctx->err, ENG_ERR_INVALID_PARAMETER_VALUE,
                               e->pos, "Invalid date 'February 29' as '%lld' "
                               "is not a leap year", (long long)f.year);
        if (day > mdays)
            return eng_err_set(x->ctx->err, ENG_ERR_INVALID_PARAMETER_VALUE,
                               e->pos, "Invalid date '%s %d'",
                               month_upper[month - 1], day);
        days = eng_date_from_ymd((int)f.year, month, day);
    }
    int hour = 0;
    if (f.hour >= 0) {
        if (f.hour > 23)
            return bad_field(x, e, "HourOfDay", "0 - 23", f.hour);
        hour = f.hour;
    } else if (f.clock_hour >= 0) {
        if (f.clock_hour < 1 || f.clock_hour > 12)
            return bad_field(x, e, "ClockHourOfAmPm", "1 - 12", f.clock_hour);
        hour = f.clock_hour % 12 + (f.halfday == 1 ? 12 : 0);
    } else if (f.halfday == 1) {
        hour = 12;
    }
    if (f.minute > 59)
        return bad_field(x, e, "MinuteOfHour", "0 - 59", f.minute);
    if (f.second > 59)
        return bad_field(x, e, "SecondOfMinute", "0 - 59", f.second);
    *us = days * ENG_US_PER_DAY +
          ((int64_t)hour * 3600 + (f.minute < 0 ? 0 : f.minute) * 60 +
           (f.second < 0 ? 0 : f.second)) * ENG_US_PER_SEC +
          (int64_t)(f.ms < 0 ? 0 : f.ms) * 1000;
    return ENG_OK;
}

/* ------------------------------------------------------------------ */
/* ISO 8601                                                             */

/* Exactly n digits at s[*i]; false otherwise. */
static bool digits(const char *s, uint32_t len, uint32_t *i, int n, int *out)
{
    int v = 0;
    for (int k = 0; k < n; k++, (*i)++) {
        if (*i >= len || s[*i] < '0' || s[*i] > '9')
            return false;
        v = v * 10 + (s[*i] - '0');
    }
    *out = v;
    return true;
}

/*
 * from_iso8601_date: YYYY, YYYY-MM, YYYY-MM-DD, YYYY-DDD (ordinal),
 * YYYY-Www, YYYY-Www-D (ISO week). Errors 22023 as Trino's.
 */
static eng_rc iso_date(exec_eval *x, const plan_expr *e, eng_str s,
                       int32_t *out)
{
    const char *t = s.ptr;
    uint32_t i = 0, len = s.len;
    int y, a = 0, b;
    pstate bad = { s.ptr, s.len, 0 };
    if (!digits(t, len, &i, 4, &y))
        goto fail;
    if (i == len) {
        *out = eng_date_from_ymd(y, 1, 1);
        return ENG_OK;
    }
    if (t[i++] != '-')
        goto fail;
    if (i < len && t[i] == 'W') {
        i++;
        if (!digits(t, len, &i, 2, &a))
            goto fail;
        b = 1;
        if (i < len) {
            if (t[i++] != '-' || !digits(t, len, &i, 1, &b))
                goto fail;
        }
        if (i != len || a < 1 || a > 53 || b < 1 || b > 7)
            goto fail;
        /* Monday of ISO week 1 is the Monday on or before January 4 */
        int32_t jan4 = eng_date_from_ymd(y, 1, 4);
        int64_t r = (jan4 + 3) % 7;
        int dow = (int)(r < 0 ? r + 7 : r) + 1;
        *out = jan4 - (dow - 1) + (a - 1) * 7 + (b - 1);
        return ENG_OK;
    }
    uint32_t start = i;
    while (i < len && t[i] >= '0' && t[i] <= '9')
        i++;
    if (i - start == 3) {
        i = start;
        digits(t, len, &i, 3, &a);
        if (i != len || a < 1 || a > (leap(y) ? 366 : 365))
            goto fail;
        *out = eng_date_from_ymd(y, 1, 1) + a - 1;
        return ENG_OK;
    }
    i = start;
    if (!digits(t, len, &i, 2, &a) || a < 1 || a > 12)
        goto fail;
    b = 1;
    if (i < len && (t[i++] != '-' || !digits(t, len, &i, 2, &b)))
        goto fail;
    static const int md[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (i != len)
        goto fail;
    int mlen = a == 2 && leap(y) ? 29 : md[a - 1];
    if (b < 1 || b > mlen)
        return eng_err_set(x->ctx->err, ENG_ERR_INVALID_PARAMETER_VALUE,
                           e->pos, "Cannot parse \"%.*s\": Value %d for "
                           "dayOfMonth must be in the range [1,%d]",
                           (int)(s.len > 200 ? 200 : s.len), s.ptr, b, mlen);
    *out = eng_date_from_ymd(y, a, b);
    return ENG_OK;
fail:
    bad.pos = i > len ? len : i;
    return malformed(x, e, &bad);
}

/* ------------------------------------------------------------------ */
/* dispatch                                                             */

/*
 * Evaluates e when it is one of this file's functions (*found); args are
 * evaluated over n rows and out's validity is theirs.
 */
eng_rc exec_func_dtparse(exec_eval *x, const plan_expr *e, eng_vector *args,
                         int k, int n, eng_vector *out, bool *found)
{
    const char *f = e->func;
    eng_rc rc;
    (void)k;
    *found = true;
    if (!strcmp(f, "current_date") || !strcmp(f, "localtimestamp") ||
        !strcmp(f, "localtime")) {
        int64_t local = local_of(x->ctx, exec_clock_us(x->ctx)), v;
        if (f[0] == 'c') {
            int32_t d = (int32_t)eng_floor_div64(local, ENG_US_PER_DAY);
            for (int i = 0; i < n; i++)
                ((int32_t *)out->data)[i] = d;
            return ENG_OK;
        }
        local = exec_clock_cut(local, e->type.precision);
        v = f[9] ? local
                 : local - eng_floor_div64(local, ENG_US_PER_DAY) * ENG_US_PER_DAY;
        for (int i = 0; i < n; i++)
            ((int64_t *)out->data)[i] = v;
        return ENG_OK;
    }
    if (!strcmp(f, "current_timezone")) {
        char z[80];
        eng_tz_name(sess_tz(x->ctx->conn), z, sizeof z);
        for (int i = 0; i < n; i++)
            if ((rc = exec_put_text(x, &((eng_str *)out->data)[i], z,
                               (int)strlen(z))) != ENG_OK)
                return rc;
        return ENG_OK;
    }
    if (!strcmp(f, "date_parse")) {
        const eng_str *s = args[0].data, *fmt = args[1].data;
        for (int i = 0; i < n; i++)
            if (eng_vec_is_valid(out, i) &&
                (rc = date_parse(x, e, s[i], fmt[i],
                                 &((int64_t *)out->data)[i])) != ENG_OK)
                return rc;
        return ENG_OK;
    }
    if (!strcmp(f, "from_iso8601_date")) {
        const eng_str *s = args[0].data;
        for (int i = 0; i < n; i++)
            if (eng_vec_is_valid(out, i) &&
                (rc = iso_date(x, e, s[i], &((int32_t *)out->data)[i])) != ENG_OK)
                return rc;
        return ENG_OK;
    }
    if (!strcmp(f, "to_iso8601")) {
        eng_str *r = out->data;
        for (int i = 0; i < n; i++) {
            if (!eng_vec_is_valid(out, i))
                continue;
            char buf[64];
            int len;
            if (args[0].type.id == ENG_T_DATE) {
                len = eng_date_format(((const int32_t *)args[0].data)[i], buf,
                                      sizeof buf);
            } else {
                len = eng_ts_format(((const int64_t *)args[0].data)[i],
                                    args[0].type.precision, buf, sizeof buf);
                char *sp = memchr(buf, ' ', (size_t)len);
                if (sp)
                    *sp = 'T';
            }
            if ((rc = exec_put_text(x, &r[i], buf, len)) != ENG_OK)
                return rc;
        }
        return ENG_OK;
    }
    *found = false;
    return ENG_OK;
}
