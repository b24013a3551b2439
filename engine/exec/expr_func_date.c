/*
 * engine/exec/expr_func_date.c
 *   Date functions over vectors, with Trino's semantics: quarter, week
 *   (ISO), day_of_week (ISO, Monday = 1), day_of_year, year_of_week (ISO),
 *   last_day_of_month, date_trunc, date_add, date_diff (Joda's field
 *   differences), format_datetime (Joda patterns), date_format (MySQL
 *   specifiers) and current_date.
 * Interface: exec_func_date (exec_int.h).
 * Not here: year, month, day (expr_func.c); types (binder/).
 *
 * Dates are days since 1970-01-01 (int32). Every kernel works on a civil
 * (y, m, d) view through dt_* helpers, so timestamps can join by adding a
 * time-of-day part and their own vector reader, not new kernels. Units are
 * case-insensitive; a unit a date has no field for is 22023 ("'hour' is
 * not a valid DATE field"), a result outside the date range 22003.
 * current_date is the date of the local (session) clock when the batch is
 * evaluated.
 */
#include <stdio.h>
#include <strings.h>
#include <string.h>
#include <time.h>
#include "exec_int.h"

/* ------------------------------------------------------------------ */
/* civil helpers                                                        */

static bool leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int64_t y, int m)
{
    static const int md[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    return m == 2 && leap(y) ? 29 : md[m - 1];
}

/* ISO day of week, Monday = 1 .. Sunday = 7 (1970-01-01 was a Thursday). */
static int dt_dow(int64_t days)
{
    int64_t r = (days + 3) % 7;
    return (int)(r < 0 ? r + 7 : r) + 1;
}

/* 1-based day of the year. */
static int dt_doy(int32_t days)
{
    int y, m, d;
    eng_date_to_ymd(days, &y, &m, &d);
    return (int)(days - eng_date_from_ymd(y, 1, 1)) + 1;
}

/* ISO week and week-based year. */
static void dt_iso_week(int32_t days, int *week, int *wyear)
{
    int64_t thu = (int64_t)days - (dt_dow(days) - 1) + 3;
    int y, m, d;
    eng_date_to_ymd((int32_t)thu, &y, &m, &d);
    *wyear = y;
    *week = (int)((thu - eng_date_from_ymd(y, 1, 1)) / 7) + 1;
}

/* True when days fits the engine's date range (what eng_date_* handle
 * without overflow: years -5877641 .. 5881580 are int32 days). */
static bool days_ok(int64_t days)
{
    return days >= INT32_MIN && days <= INT32_MAX;
}

/* (y, m) + n months with the day clamped to the month's end. */
static bool add_months(int32_t days, int64_t n, int64_t *out)
{
    int y, m, d;
    eng_date_to_ymd(days, &y, &m, &d);
    int64_t t;
    if (n > INT32_MAX || n < INT32_MIN)
        return false;
    t = (int64_t)y * 12 + (m - 1) + n;
    int64_t ny = t >= 0 ? t / 12 : -((-t + 11) / 12);
    int nm = (int)(t - ny * 12) + 1;
    if (ny > 5881580 || ny < -5877641)
        return false;
    int md = month_days(ny, nm);
    *out = eng_date_from_ymd((int)ny, nm, d > md ? md : d);
    return days_ok(*out);
}

/* Joda's month difference end - start (whole months, toward zero). */
static int64_t months_between(int32_t start, int32_t end)
{
    if (end < start)
        return -months_between(end, start);
    int sy, sm, sd, ey, em, ed;
    eng_date_to_ymd(start, &sy, &sm, &sd);
    eng_date_to_ymd(end, &ey, &em, &ed);
    int64_t diff = ((int64_t)ey - sy) * 12 + em - sm;
    /* an end on its month's last day counts a start day past it as equal */
    if (ed == month_days(ey, em) && sd > ed)
        sd = ed;
    if (ed < sd)
        diff--;
    return diff;
}

/* Joda's year difference end - start (whole years, toward zero). */
static int64_t years_between(int32_t start, int32_t end)
{
    if (end < start)
        return -years_between(end, start);
    int sy, sm, sd, ey, em, ed;
    eng_date_to_ymd(start, &sy, &sm, &sd);
    eng_date_to_ymd(end, &ey, &em, &ed);
    int64_t diff = (int64_t)ey - sy;
    int srem = dt_doy(start) - 1, erem = dt_doy(end) - 1;
    /* balance leap days past February 28 (day index 59 = Feb 29/Mar 1) */
    if (srem >= 59) {
        if (leap(sy)) {
            if (!leap(ey))
                srem--;
        } else if (leap(ey)) {
            erem--;
        }
    }
    if (erem < srem)
        diff--;
    return diff;
}

/* The date units, lower-case; DU_NONE for anything else. */
typedef enum date_unit { DU_NONE, DU_DAY, DU_WEEK, DU_MONTH, DU_QUARTER,
                         DU_YEAR } date_unit;

static date_unit unit_of(eng_str u)
{
    static const char *const names[] = { "day", "week", "month", "quarter",
                                         "year" };
    for (int i = 0; i < 5; i++)
        if (u.len == strlen(names[i]) && !strncasecmp(u.ptr, names[i], u.len))
            return (date_unit)(i + 1);
    return DU_NONE;
}

/* 22023 "'<unit>' is not a valid DATE field". */
static eng_rc bad_unit(exec_eval *x, const plan_expr *e, eng_str u)
{
    return eng_err_set(x->ctx->err, ENG_ERR_INVALID_PARAMETER_VALUE, e->pos,
                       "'%.*s' is not a valid DATE field",
                       (int)(u.len > 64 ? 64 : u.len), u.ptr);
}

static eng_rc out_of_range(exec_eval *x, const plan_expr *e)
{
    return eng_err_set(x->ctx->err, ENG_ERR_NUMERIC_VALUE_OUT_OF_RANGE, e->pos,
                       "%s: result is out of the date range", e->func);
}

/* ------------------------------------------------------------------ */
/* formatting                                                           */

static const char *const month_names[12] = {
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December" };
static const char *const day_names[7] = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
    "Sunday" };

/* Appends n as decimal with at least `min` digits (sign first). */
static void put_num(char *buf, size_t cap, size_t *o, int64_t n, int min)
{
    char tmp[32];
    int len = snprintf(tmp, sizeof tmp, "%lld",
                       (long long)(n < 0 ? -n : n));
    if (n < 0 && *o < cap)
        buf[(*o)++] = '-';
    for (int i = len; i < min && *o < cap; i++)
        buf[(*o)++] = '0';
    for (int i = 0; i < len && *o < cap; i++)
        buf[(*o)++] = tmp[i];
}

static void put_str(char *buf, size_t cap, size_t *o, const char *s, size_t n)
{
    for (size_t i = 0; i < n && *o < cap; i++)
        buf[(*o)++] = s[i];
}

/* The time-of-day of a date: midnight. */
enum { TOD_H = 0, TOD_MI = 0, TOD_S = 0 };

/*
 * format_datetime: Joda's pattern letters (G C Y x w e E y D M d a K h H
 * k m s S), 'quoted text' ('' is a quote), other characters literal. Any
 * other letter is 22023 "Illegal pattern component: X"; time zone letters
 * (z Z) are 0A000 until the engine has time zones. Writes into buf (cap
 * bytes; fmt bounded by the caller); returns the length or -1 on error.
 */
static int64_t format_joda(exec_eval *x, const plan_expr *e, int32_t days,
                           eng_str fmt, char *buf, size_t cap)
{
    int y, m, d, week, wyear;
    eng_date_to_ymd(days, &y, &m, &d);
    dt_iso_week(days, &week, &wyear);
    int dow = dt_dow(days);
    size_t o = 0;
    for (uint32_t i = 0; i < fmt.len;) {
        char c = fmt.ptr[i];
        if (c == '\'') {
            if (i + 1 < fmt.len && fmt.ptr[i + 1] == '\'') {
                put_str(buf, cap, &o, "'", 1);
                i += 2;
                continue;
            }
            i++;
            while (i < fmt.len) {
                if (fmt.ptr[i] == '\'') {
                    if (i + 1 < fmt.len && fmt.ptr[i + 1] == '\'') {
                        put_str(buf, cap, &o, "'", 1);
                        i += 2;
                        continue;
                    }
                    break;
                }
                put_str(buf, cap, &o, fmt.ptr + i, 1);
                i++;
            }
            i++;
            continue;
        }
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
            put_str(buf, cap, &o, &c, 1);
            i++;
            continue;
        }
        int cnt = 0;
        while (i < fmt.len && fmt.ptr[i] == c) {
            cnt++;
            i++;
        }
        switch (c) {
        case 'G': put_str(buf, cap, &o, y > 0 ? "AD" : "BC", 2); break;
        case 'C': put_num(buf, cap, &o, (y > 0 ? y : 1 - y) / 100, cnt); break;
        case 'Y':
        case 'y':
        case 'x': {
            int64_t v = c == 'x' ? wyear : c == 'Y' ? (y > 0 ? y : 1 - y) : y;
            if (cnt == 2)
                put_num(buf, cap, &o, ((v % 100) + 100) % 100, 2);
            else
                put_num(buf, cap, &o, v, cnt);
            break;
        }
        case 'w': put_num(buf, cap, &o, week, cnt); break;
        case 'e': put_num(buf, cap, &o, dow, cnt); break;
        case 'E':
            put_str(buf, cap, &o, day_names[dow - 1],
                    cnt >= 4 ? strlen(day_names[dow - 1]) : 3);
            break;
        case 'D': put_num(buf, cap, &o, dt_doy(days), cnt); break;
        case 'M':
            if (cnt >= 3)
                put_str(buf, cap, &o, month_names[m - 1],
                        cnt >= 4 ? strlen(month_names[m - 1]) : 3);
            else
                put_num(buf, cap, &o, m, cnt);
            break;
        case 'd': put_num(buf, cap, &o, d, cnt); break;
        case 'a': put_str(buf, cap, &o, "AM", 2); break;
        case 'K': case 'H': put_num(buf, cap, &o, TOD_H, cnt); break;
        case 'h': put_num(buf, cap, &o, 12, cnt); break;
        case 'k': put_num(buf, cap, &o, 24, cnt); break;
        case 'm': put_num(buf, cap, &o, TOD_MI, cnt); break;
        case 's': put_num(buf, cap, &o, TOD_S, cnt); break;
        case 'S': put_num(buf, cap, &o, 0, cnt); break;
        case 'z': case 'Z':
            eng_err_set(x->ctx->err, ENG_ERR_FEATURE_NOT_SUPPORTED, e->pos,
                        "format_datetime: time zone pattern '%c' is not "
                        "supported yet", c);
            return -1;
        default:
            eng_err_set(x->ctx->err, ENG_ERR_INVALID_PARAMETER_VALUE, e->pos,
                        "Illegal pattern component: %.*s", cnt, &fmt.ptr[i - (uint32_t)cnt]);
            return -1;
        }
    }
    return (int64_t)o;
}

/*
 * date_format: MySQL specifiers as Trino implements them (%a %b %c %d %e
 * %f %H %h %I %i %j %k %l %M %m %p %r %S %s %T %v %W %x %Y %y %%); %D %U %u
 * %V %w %X are 22023 "%X not supported in date format string", and any
 * other %c prints c, as in Trino.
 */
static int64_t format_mysql(exec_eval *x, const plan_expr *e, int32_t days,
                            eng_str fmt, char *buf, size_t cap)
{
    int y, m, d, week, wyear;
    eng_date_to_ymd(days, &y, &m, &d);
    dt_iso_week(days, &week, &wyear);
    int dow = dt_dow(days);
    size_t o = 0;
    for (uint32_t i = 0; i < fmt.len; i++) {
        char c = fmt.ptr[i];
        if (c != '%') {
            put_str(buf, cap, &o, &c, 1);
            continue;
        }
        if (++i >= fmt.len)
            break;
        c = fmt.ptr[i];
        switch (c) {
        case 'a': put_str(buf, cap, &o, day_names[dow - 1], 3); break;
        case 'b': put_str(buf, cap, &o, month_names[m - 1], 3); break;
        case 'c': put_num(buf, cap, &o, m, 1); break;
        case 'd': put_num(buf, cap, &o, d, 2); break;
        case 'e': put_num(buf, cap, &o, d, 1); break;
        case 'f': put_num(buf, cap, &o, 0, 6); break;
        case 'H': put_num(buf, cap, &o, TOD_H, 2); break;
        case 'h': case 'I': put_num(buf, cap, &o, 12, 2); break;
        case 'i': put_num(buf, cap, &o, TOD_MI, 2); break;
        case 'j': put_num(buf, cap, &o, dt_doy(days), 3); break;
        case 'k': put_num(buf, cap, &o, TOD_H, 1); break;
        case 'l': put_num(buf, cap, &o, 12, 1); break;
        case 'M':
            put_str(buf, cap, &o, month_names[m - 1], strlen(month_names[m - 1]));
            break;
        case 'm': put_num(buf, cap, &o, m, 2); break;
        case 'p': put_str(buf, cap, &o, "AM", 2); break;
        case 'r': put_str(buf, cap, &o, "12:00:00 AM", 11); break;
        case 'S': case 's': put_num(buf, cap, &o, TOD_S, 2); break;
        case 'T': put_str(buf, cap, &o, "00:00:00", 8); break;
        case 'v': put_num(buf, cap, &o, week, 2); break;
        case 'W':
            put_str(buf, cap, &o, day_names[dow - 1], strlen(day_names[dow - 1]));
            break;
        case 'x': put_num(buf, cap, &o, wyear, 4); break;
        case 'Y': put_num(buf, cap, &o, y, 4); break;
        case 'y': put_num(buf, cap, &o, ((y % 100) + 100) % 100, 2); break;
        case 'D': case 'U': case 'u': case 'V': case 'w': case 'X':
            eng_err_set(x->ctx->err, ENG_ERR_INVALID_PARAMETER_VALUE, e->pos,
                        "%%%c not supported in date format string", c);
            return -1;
        default: put_str(buf, cap, &o, &c, 1); break;
        }
    }
    return (int64_t)o;
}

/* Formats every valid row with the Joda or the MySQL formatter. */
static eng_rc format_fn(exec_eval *x, const plan_expr *e, bool joda,
                        const eng_vector *args, int n, eng_vector *out)
{
    const int32_t *dv = args[0].data;
    const eng_str *fv = args[1].data;
    eng_str *r = out->data;
    for (int i = 0; i < n; i++) {
        if (!eng_vec_is_valid(out, i))
            continue;
        /* the longest expansion of one pattern byte is "September" or a
         * padded number; a count-n letter run pads to n digits */
        size_t cap = (size_t)fv[i].len * 12 + 64;
        char *buf = eng_arena_alloc(x->a, cap);
        if (!buf)
            return eng_err_oom(x->ctx->err);
        int64_t len = joda ? format_joda(x, e, dv[i], fv[i], buf, cap)
                           : format_mysql(x, e, dv[i], fv[i], buf, cap);
        if (len < 0)
            return ENG_ERROR;
        r[i].ptr = buf;
        r[i].len = (uint32_t)len;
    }
    return ENG_OK;
}

/* ------------------------------------------------------------------ */
/* dispatch                                                             */

/* Stores bigint r in row i of out. */
static void put_big(eng_vector *out, int i, int64_t r)
{
    ((int64_t *)out->data)[i] = r;
}

/* Today in the local time zone, as days since 1970-01-01. */
static int32_t today(void)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    return eng_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/*
 * Evaluates the date function e when it is one of this file's (*found);
 * args are evaluated over n rows and out's validity is theirs.
 */
eng_rc exec_func_date(exec_eval *x, const plan_expr *e, eng_vector *args,
                      int k, int n, eng_vector *out, bool *found)
{
    const char *f = e->func;
    (void)k;
    *found = true;
    if (!strcmp(f, "current_date")) {
        int32_t t = today();
        for (int i = 0; i < n; i++)
            ((int32_t *)out->data)[i] = t;
        return ENG_OK;
    }
    if (!strcmp(f, "format_datetime") || !strcmp(f, "date_format"))
        return format_fn(x, e, f[0] == 'f', args, n, out);
    if (!strcmp(f, "quarter") || !strcmp(f, "week") ||
        !strcmp(f, "day_of_week") || !strcmp(f, "day_of_year") ||
        !strcmp(f, "year_of_week") || !strcmp(f, "last_day_of_month")) {
        const int32_t *dv = args[0].data;
        for (int i = 0; i < n; i++) {
            if (!eng_vec_is_valid(out, i))
                continue;
            int y, m, d, wk, wy;
            eng_date_to_ymd(dv[i], &y, &m, &d);
            if (f[0] == 'q') {
                put_big(out, i, (m - 1) / 3 + 1);
            } else if (!strcmp(f, "day_of_week")) {
                put_big(out, i, dt_dow(dv[i]));
            } else if (!strcmp(f, "day_of_year")) {
                put_big(out, i, dt_doy(dv[i]));
            } else if (f[0] == 'l') {
                ((int32_t *)out->data)[i] = dv[i] + (month_days(y, m) - d);
            } else {
                dt_iso_week(dv[i], &wk, &wy);
                put_big(out, i, f[0] == 'w' ? wk : wy);
            }
        }
        return ENG_OK;
    }
    if (!strcmp(f, "date_trunc")) {
        const eng_str *u = args[0].data;
        const int32_t *dv = args[1].data;
        for (int i = 0; i < n; i++) {
            if (!eng_vec_is_valid(out, i))
                continue;
            int y, m, d;
            eng_date_to_ymd(dv[i], &y, &m, &d);
            int32_t r;
            switch (unit_of(u[i])) {
            case DU_DAY: r = dv[i]; break;
            case DU_WEEK: r = dv[i] - (dt_dow(dv[i]) - 1); break;
            case DU_MONTH: r = eng_date_from_ymd(y, m, 1); break;
            case DU_QUARTER: r = eng_date_from_ymd(y, (m - 1) / 3 * 3 + 1, 1); break;
            case DU_YEAR: r = eng_date_from_ymd(y, 1, 1); break;
            default: return bad_unit(x, e, u[i]);
            }
            ((int32_t *)out->data)[i] = r;
        }
        return ENG_OK;
    }
    if (!strcmp(f, "date_add")) {
        const eng_str *u = args[0].data;
        const int64_t *v = args[1].data;
        const int32_t *dv = args[2].data;
        for (int i = 0; i < n; i++) {
            if (!eng_vec_is_valid(out, i))
                continue;
            int64_t r, step;
            bool ok = true;
            switch (unit_of(u[i])) {
            case DU_DAY:
            case DU_WEEK:
                step = unit_of(u[i]) == DU_WEEK ? 7 : 1;
                ok = !__builtin_mul_overflow(v[i], step, &r) &&
                     !__builtin_add_overflow(r, (int64_t)dv[i], &r) &&
                     days_ok(r);
                break;
            case DU_MONTH: ok = add_months(dv[i], v[i], &r); break;
            case DU_QUARTER:
                ok = v[i] < INT32_MAX / 3 && v[i] > INT32_MIN / 3 &&
                     add_months(dv[i], v[i] * 3, &r);
                break;
            case DU_YEAR:
                ok = v[i] < INT32_MAX / 12 && v[i] > INT32_MIN / 12 &&
                     add_months(dv[i], v[i] * 12, &r);
                break;
            default: return bad_unit(x, e, u[i]);
            }
            if (!ok)
                return out_of_range(x, e);
            ((int32_t *)out->data)[i] = (int32_t)r;
        }
        return ENG_OK;
    }
    if (!strcmp(f, "date_diff")) {
        const eng_str *u = args[0].data;
        const int32_t *a = args[1].data, *b = args[2].data;
        for (int i = 0; i < n; i++) {
            if (!eng_vec_is_valid(out, i))
                continue;
            int64_t r;
            switch (unit_of(u[i])) {
            case DU_DAY: r = (int64_t)b[i] - a[i]; break;
            case DU_WEEK: r = ((int64_t)b[i] - a[i]) / 7; break;
            case DU_MONTH: r = months_between(a[i], b[i]); break;
            case DU_QUARTER: r = months_between(a[i], b[i]) / 3; break;
            case DU_YEAR: r = years_between(a[i], b[i]); break;
            default: return bad_unit(x, e, u[i]);
            }
            put_big(out, i, r);
        }
        return ENG_OK;
    }
    *found = false;
    return ENG_OK;
}
