/*
 * engine/exec/expr_func_date.c
 *   Date and time functions over vectors of date, timestamp(p) and time(p)
 *   (and the interval fields), with Trino's semantics: year, quarter,
 *   month, week (ISO), day, day_of_week (ISO, Monday = 1), day_of_year,
 *   year_of_week (ISO), hour, minute, second, millisecond,
 *   last_day_of_month, date_trunc, date_add, date_diff (Joda's field
 *   differences), format_datetime (Joda patterns) and date_format (MySQL
 *   specifiers).
 * Interface: exec_func_date (exec_int.h).
 * Not here: parsing functions, the clock and unix time
 *   (expr_func_dtparse.c); types (binder/).
 *
 * Every kernel reads a value as (days since 1970-01-01, µs of the day)
 * through dt_at: a date is its midnight, a timestamp is split with floor
 * division, a time is day 0. Trino computes timestamp fields on epoch
 * milliseconds (floor), so date_diff drops the microseconds and format
 * patterns print milliseconds; date_trunc and date_add keep them. Units
 * are case-insensitive; a unit the type has no field for is 22023
 * ("'hour' is not a valid DATE field"), a result outside the range 22003.
 */
#include <stdio.h>
#include <strings.h>
#include <string.h>
#include <time.h>
#include "exec_int.h"

/* ------------------------------------------------------------------ */
/* civil helpers                                                        */

#define US_MS 1000LL
#define US_S 1000000LL
#define US_MIN 60000000LL
#define US_H 3600000000LL
#define US_D ENG_US_PER_DAY

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

/*
 * Row i of v as a day number and the µs of that day: a date is its
 * midnight, a timestamp splits with floor division (before 1970 too), a
 * time is day 0.
 */
static void dt_at(const eng_vector *v, int i, int32_t *days, int64_t *tod)
{
    if (v->type.id == ENG_T_DATE) {
        *days = ((const int32_t *)v->data)[i];
        *tod = 0;
    } else if (v->type.id == ENG_T_TIME) {
        *days = 0;
        *tod = ((const int64_t *)v->data)[i];
    } else {
        int64_t us = ((const int64_t *)v->data)[i];
        int64_t d = eng_floor_div64(us, US_D);
        *days = (int32_t)d;
        *tod = us - d * US_D;
    }
}

/* Stores (days, tod) in row i of out as out's type (date: days only). */
static bool dt_put(eng_vector *out, int i, int64_t days, int64_t tod)
{
    if (out->type.id == ENG_T_DATE) {
        if (!days_ok(days))
            return false;
        ((int32_t *)out->data)[i] = (int32_t)days;
    } else if (out->type.id == ENG_T_TIME) {
        ((int64_t *)out->data)[i] = tod;
    } else {
        int64_t us;
        if (__builtin_mul_overflow(days, US_D, &us) ||
            __builtin_add_overflow(us, tod, &us))
            return false;
        ((int64_t *)out->data)[i] = us;
    }
    return true;
}

/*
 * Joda's month difference end - start (whole months, toward zero), the
 * remainders compared with the time of day (st, et).
 */
static int64_t months_between(int32_t start, int64_t st, int32_t end,
                              int64_t et)
{
    if (end < start || (end == start && et < st))
        return -months_between(end, et, start, st);
    int sy, sm, sd, ey, em, ed;
    eng_date_to_ymd(start, &sy, &sm, &sd);
    eng_date_to_ymd(end, &ey, &em, &ed);
    int64_t diff = ((int64_t)ey - sy) * 12 + em - sm;
    /* an end on its month's last day counts a start day past it as equal */
    if (ed == month_days(ey, em) && sd > ed)
        sd = ed;
    if (ed < sd || (ed == sd && et < st))
        diff--;
    return diff;
}

/* Joda's year difference end - start (whole years, toward zero). */
static int64_t years_between(int32_t start, int64_t st, int32_t end,
                             int64_t et)
{
    if (end < start || (end == start && et < st))
        return -years_between(end, et, start, st);
    int sy, sm, sd, ey, em, ed;
    eng_date_to_ymd(start, &sy, &sm, &sd);
    eng_date_to_ymd(end, &ey, &em, &ed);
    int64_t diff = (int64_t)ey - sy;
    int64_t srem = (int64_t)(dt_doy(start) - 1) * US_D + st;
    int64_t erem = (int64_t)(dt_doy(end) - 1) * US_D + et;
    /* balance leap days past February 28 (day index 59 = Feb 29/Mar 1) */
    if (srem >= 59 * US_D) {
        if (leap(sy)) {
            if (!leap(ey))
                srem -= US_D;
        } else if (leap(ey)) {
            erem -= US_D;
        }
    }
    if (erem < srem)
        diff--;
    return diff;
}

/* The units, lower-case; DU_NONE for anything else. */
typedef enum date_unit { DU_NONE, DU_MS, DU_SECOND, DU_MINUTE, DU_HOUR,
                         DU_DAY, DU_WEEK, DU_MONTH, DU_QUARTER,
                         DU_YEAR } date_unit;

static date_unit unit_of(eng_str u)
{
    static const char *const names[] = { "millisecond", "second", "minute",
                                         "hour", "day", "week", "month",
                                         "quarter", "year" };
    for (int i = 0; i < 9; i++)
        if (u.len == strlen(names[i]) && !strncasecmp(u.ptr, names[i], u.len))
            return (date_unit)(i + 1);
    return DU_NONE;
}

/* µs of the fixed-length units (week included, as Joda's UTC weeks). */
static int64_t unit_us(date_unit u)
{
    static const int64_t us[] = { 0, US_MS, US_S, US_MIN, US_H, US_D,
                                  7 * US_D };
    return u <= DU_WEEK ? us[u] : 0;
}

/* The unit u if type t has that field (date: day..year; time:
 * millisecond..hour; timestamp: all), else DU_NONE. */
static date_unit unit_for(eng_str s, eng_type_id t)
{
    date_unit u = unit_of(s);
    if (t == ENG_T_DATE && u < DU_DAY)
        return DU_NONE;
    if (t == ENG_T_TIME && u > DU_HOUR)
        return DU_NONE;
    return u;
}

/* 22023 "'<unit>' is not a valid DATE field" (TIME, TIMESTAMP). */
static eng_rc bad_unit(exec_eval *x, const plan_expr *e, eng_str u,
                       eng_type_id t)
{
    return eng_err_set(x->ctx->err, ENG_ERR_INVALID_PARAMETER_VALUE, e->pos,
                       "'%.*s' is not a valid %s field",
                       (int)(u.len > 64 ? 64 : u.len), u.ptr,
                       t == ENG_T_DATE ? "DATE" : t == ENG_T_TIME ? "TIME"
                                                                  : "TIMESTAMP");
}

static eng_rc out_of_range(exec_eval *x, const plan_expr *e)
{
    return eng_err_set(x->ctx->err, ENG_ERR_NUMERIC_VALUE_OUT_OF_RANGE, e->pos,
                       "%s: result is out of the %s range", e->func,
                       e->type.id == ENG_T_DATE ? "date" : "timestamp");
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

/* The fields of one value that the formatters print. */
typedef struct dt_fields {
    int y, m, d, week, wyear, dow, doy;
    int h, mi, s, ms;
} dt_fields;

static void fields_of(int32_t days, int64_t tod, dt_fields *f)
{
    eng_date_to_ymd(days, &f->y, &f->m, &f->d);
    dt_iso_week(days, &f->week, &f->wyear);
    f->dow = dt_dow(days);
    f->doy = dt_doy(days);
    f->h = (int)(tod / US_H);
    f->mi = (int)(tod / US_MIN % 60);
    f->s = (int)(tod / US_S % 60);
    f->ms = (int)(tod / US_MS % 1000);
}

/* Joda's fraction of second with cnt digits from milliseconds: the first
 * cnt digits of "mmm", zeros past the third. */
static void put_fraction(char *buf, size_t cap, size_t *o, int ms, int cnt)
{
    char three[4];
    snprintf(three, sizeof three, "%03d", ms);
    for (int k = 0; k < cnt && *o < cap; k++)
        buf[(*o)++] = k < 3 ? three[k] : '0';
}

/*
 * format_datetime: Joda's pattern letters (G C Y x w e E y D M d a K h H
 * k m s S), 'quoted text' ('' is a quote), other characters literal. Any
 * other letter is 22023 "Illegal pattern component: X"; time zone letters
 * (z Z) are 0A000 until the engine has time zones. Writes into buf (cap
 * bytes; fmt bounded by the caller); returns the length or -1 on error.
 */
static int64_t format_joda(exec_eval *x, const plan_expr *e,
                           const dt_fields *f, eng_str fmt, char *buf,
                           size_t cap)
{
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
        int y = f->y;
        switch (c) {
        case 'G': put_str(buf, cap, &o, y > 0 ? "AD" : "BC", 2); break;
        case 'C': put_num(buf, cap, &o, (y > 0 ? y : 1 - y) / 100, cnt); break;
        case 'Y':
        case 'y':
        case 'x': {
            int64_t v = c == 'x' ? f->wyear : c == 'Y' ? (y > 0 ? y : 1 - y) : y;
            if (cnt == 2)
                put_num(buf, cap, &o, ((v % 100) + 100) % 100, 2);
            else
                put_num(buf, cap, &o, v, cnt);
            break;
        }
        case 'w': put_num(buf, cap, &o, f->week, cnt); break;
        case 'e': put_num(buf, cap, &o, f->dow, cnt); break;
        case 'E':
            put_str(buf, cap, &o, day_names[f->dow - 1],
                    cnt >= 4 ? strlen(day_names[f->dow - 1]) : 3);
            break;
        case 'D': put_num(buf, cap, &o, f->doy, cnt); break;
        case 'M':
            if (cnt >= 3)
                put_str(buf, cap, &o, month_names[f->m - 1],
                        cnt >= 4 ? strlen(month_names[f->m - 1]) : 3);
            else
                put_num(buf, cap, &o, f->m, cnt);
            break;
        case 'd': put_num(buf, cap, &o, f->d, cnt); break;
        case 'a': put_str(buf, cap, &o, f->h < 12 ? "AM" : "PM", 2); break;
        case 'K': put_num(buf, cap, &o, f->h % 12, cnt); break;
        case 'H': put_num(buf, cap, &o, f->h, cnt); break;
        case 'h': put_num(buf, cap, &o, f->h % 12 ? f->h % 12 : 12, cnt); break;
        case 'k': put_num(buf, cap, &o, f->h ? f->h : 24, cnt); break;
        case 'm': put_num(buf, cap, &o, f->mi, cnt); break;
        case 's': put_num(buf, cap, &o, f->s, cnt); break;
        case 'S': put_fraction(buf, cap, &o, f->ms, cnt); break;
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
static int64_t format_mysql(exec_eval *x, const plan_expr *e,
                            const dt_fields *f, eng_str fmt, char *buf,
                            size_t cap)
{
    size_t o = 0;
    int h12 = f->h % 12 ? f->h % 12 : 12;
    const char *ampm = f->h < 12 ? "AM" : "PM";
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
        case 'a': put_str(buf, cap, &o, day_names[f->dow - 1], 3); break;
        case 'b': put_str(buf, cap, &o, month_names[f->m - 1], 3); break;
        case 'c': put_num(buf, cap, &o, f->m, 1); break;
        case 'd': put_num(buf, cap, &o, f->d, 2); break;
        case 'e': put_num(buf, cap, &o, f->d, 1); break;
        case 'f': put_fraction(buf, cap, &o, f->ms, 6); break;
        case 'H': put_num(buf, cap, &o, f->h, 2); break;
        case 'h': case 'I': put_num(buf, cap, &o, h12, 2); break;
        case 'i': put_num(buf, cap, &o, f->mi, 2); break;
        case 'j': put_num(buf, cap, &o, f->doy, 3); break;
        case 'k': put_num(buf, cap, &o, f->h, 1); break;
        case 'l': put_num(buf, cap, &o, h12, 1); break;
        case 'M':
            put_str(buf, cap, &o, month_names[f->m - 1], strlen(month_names[f->m - 1]));
            break;
        case 'm': put_num(buf, cap, &o, f->m, 2); break;
        case 'p': put_str(buf, cap, &o, ampm, 2); break;
        case 'r':
            put_num(buf, cap, &o, h12, 2);
            put_str(buf, cap, &o, ":", 1);
            put_num(buf, cap, &o, f->mi, 2);
            put_str(buf, cap, &o, ":", 1);
            put_num(buf, cap, &o, f->s, 2);
            put_str(buf, cap, &o, " ", 1);
            put_str(buf, cap, &o, ampm, 2);
            break;
        case 'S': case 's': put_num(buf, cap, &o, f->s, 2); break;
        case 'T':
            put_num(buf, cap, &o, f->h, 2);
            put_str(buf, cap, &o, ":", 1);
            put_num(buf, cap, &o, f->mi, 2);
            put_str(buf, cap, &o, ":", 1);
            put_num(buf, cap, &o, f->s, 2);
            break;
        case 'v': put_num(buf, cap, &o, f->week, 2); break;
        case 'W':
            put_str(buf, cap, &o, day_names[f->dow - 1], strlen(day_names[f->dow - 1]));
            break;
        case 'x': put_num(buf, cap, &o, f->wyear, 4); break;
        case 'Y': put_num(buf, cap, &o, f->y, 4); break;
        case 'y': put_num(buf, cap, &o, ((f->y % 100) + 100) % 100, 2); break;
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
        int32_t days;
        int64_t tod;
        dt_fields f;
        dt_at(&args[0], i, &days, &tod);
        fields_of(days, tod, &f);
        int64_t len = joda ? format_joda(x, e, &f, fv[i], buf, cap)
                           : format_mysql(x, e, &f, fv[i], buf, cap);
        if (len < 0)
            return ENG_ERROR;
        r[i].ptr = buf;
        r[i].len = (uint32_t)len;
    }
    return ENG_OK;
}

/* ------------------------------------------------------------------ */
/* fields                                                               */

/* Stores bigint r in row i of out. */
static void put_big(eng_vector *out, int i, int64_t r)
{
    ((int64_t *)out->data)[i] = r;
}

/* The field functions, canonical names (the binder maps the aliases). */
static const char *const part_names[] = {
    "year", "quarter", "month", "week", "day", "day_of_week", "day_of_year",
    "year_of_week", "hour", "minute", "second", "millisecond",
    "last_day_of_month", NULL };

/* The field `f` of an interval (Trino's interval field functions). */
static int64_t interval_part(const char *f, eng_type_id t, int64_t v)
{
    if (t == ENG_T_INTERVAL_YM)
        return f[0] == 'y' ? v / 12 : v % 12;
    if (!strcmp(f, "day"))
        return v / ENG_MS_PER_DAY;
    if (!strcmp(f, "hour"))
        return v / 3600000 % 24;
    if (!strcmp(f, "minute"))
        return v / 60000 % 60;
    if (!strcmp(f, "second"))
        return v / 1000 % 60;
    return v % 1000; /* millisecond */
}

static void part_fn(const char *f, const eng_vector *a, int n, eng_vector *out)
{
    eng_type_id t = a->type.id;
    for (int i = 0; i < n; i++) {
        if (!eng_vec_is_valid(out, i))
            continue;
        if (t == ENG_T_INTERVAL_DS || t == ENG_T_INTERVAL_YM) {
            put_big(out, i, interval_part(f, t, ((const int64_t *)a->data)[i]));
            continue;
        }
        int32_t days;
        int64_t tod;
        dt_at(a, i, &days, &tod);
        int y, m, d, wk, wy;
        eng_date_to_ymd(days, &y, &m, &d);
        int64_t r;
        if (!strcmp(f, "year")) r = y;
        else if (!strcmp(f, "quarter")) r = (m - 1) / 3 + 1;
        else if (!strcmp(f, "month")) r = m;
        else if (!strcmp(f, "day")) r = d;
        else if (!strcmp(f, "day_of_week")) r = dt_dow(days);
        else if (!strcmp(f, "day_of_year")) r = dt_doy(days);
        else if (!strcmp(f, "hour")) r = tod / US_H;
        else if (!strcmp(f, "minute")) r = tod / US_MIN % 60;
        else if (!strcmp(f, "second")) r = tod / US_S % 60;
        else if (!strcmp(f, "millisecond")) r = tod / US_MS % 1000;
        else if (f[0] == 'l') {
            ((int32_t *)out->data)[i] = days + (month_days(y, m) - d);
            continue;
        } else {
            dt_iso_week(days, &wk, &wy);
            r = f[0] == 'w' ? wk : wy;
        }
        put_big(out, i, r);
    }
}

/* ------------------------------------------------------------------ */
/* date_trunc, date_add, date_diff                                      */

/* (days, tod) truncated to unit u. */
static void trunc_to(date_unit u, int32_t *days, int64_t *tod)
{
    int y, m, d;
    int64_t step = u <= DU_HOUR ? unit_us(u) : US_D;
    *tod -= *tod % step;
    if (u < DU_WEEK)
        return;
    eng_date_to_ymd(*days, &y, &m, &d);
    switch (u) {
    case DU_WEEK: *days -= dt_dow(*days) - 1; break;
    case DU_MONTH: *days = eng_date_from_ymd(y, m, 1); break;
    case DU_QUARTER: *days = eng_date_from_ymd(y, (m - 1) / 3 * 3 + 1, 1); break;
    default: *days = eng_date_from_ymd(y, 1, 1); break;
    }
}

/* date_add of v units u to (days, tod) of type t; false when out of range. */
static bool add_to(date_unit u, int64_t v, eng_type_id t, int32_t days,
                   int64_t tod, int64_t *rdays, int64_t *rtod)
{
    if (u >= DU_MONTH) {
        int64_t months = v;
        int mul = u == DU_QUARTER ? 3 : u == DU_YEAR ? 12 : 1;
        if (__builtin_mul_overflow(v, mul, &months))
            return false;
        *rtod = tod;
        return add_months(days, months, rdays);
    }
    int64_t step = unit_us(u);
    if (t == ENG_T_TIME) {
        /* a time wraps around midnight */
        int64_t r = (tod + v % (US_D / step) * step) % US_D;
        *rdays = 0;
        *rtod = r < 0 ? r + US_D : r;
        return true;
    }
    int64_t delta, us;
    __int128 total = (__int128)days * US_D + tod;
    if (__builtin_mul_overflow(v, step, &delta))
        return false;
    total += delta;
    if (total > INT64_MAX || total < INT64_MIN)
        return false;
    us = (int64_t)total;
    *rdays = eng_floor_div64(us, US_D);
    *rtod = us - *rdays * US_D;
    return days_ok(*rdays);
}

/* date_diff in unit u from (ad, at) to (bd, bt); a timestamp's time of
 * day on whole milliseconds (Trino's timestamps go through epoch millis,
 * its times do not: ms_floor false). */
static int64_t diff_of(date_unit u, int32_t ad, int64_t at, int32_t bd,
                       int64_t bt, bool ms_floor)
{
    if (ms_floor) {
        at -= at % US_MS;
        bt -= bt % US_MS;
    }
    switch (u) {
    case DU_MONTH: return months_between(ad, at, bd, bt);
    case DU_QUARTER: return months_between(ad, at, bd, bt) / 3;
    case DU_YEAR: return years_between(ad, at, bd, bt);
    default: {
        __int128 d = ((__int128)bd - ad) * US_D + (bt - at);
        return (int64_t)(d / unit_us(u));
    }
    }
}

/* ------------------------------------------------------------------ */
/* dispatch                                                             */

static bool name_in(const char *f, const char *const *names)
{
    for (; *names; names++)
        if (!strcmp(f, *names))
            return true;
    return false;
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
    if (!strcmp(f, "format_datetime") || !strcmp(f, "date_format"))
        return format_fn(x, e, f[0] == 'f', args, n, out);
    if (name_in(f, part_names)) {
        part_fn(f, &args[0], n, out);
        return ENG_OK;
    }
    if (!strcmp(f, "date_trunc") || !strcmp(f, "date_add")) {
        bool add = f[5] == 'a';
        const eng_str *u = args[0].data;
        const int64_t *v = add ? args[1].data : NULL;
        const eng_vector *a = &args[add ? 2 : 1];
        eng_type_id t = a->type.id;
        for (int i = 0; i < n; i++) {
            if (!eng_vec_is_valid(out, i))
                continue;
            date_unit du = unit_for(u[i], t);
            if (du == DU_NONE)
                return bad_unit(x, e, u[i], t);
            int32_t days;
            int64_t tod, rd, rt;
            dt_at(a, i, &days, &tod);
            if (add) {
                if (!add_to(du, v[i], t, days, tod, &rd, &rt))
                    return out_of_range(x, e);
            } else {
                trunc_to(du, &days, &tod);
                rd = days;
                rt = tod;
            }
            if (!dt_put(out, i, rd, rt))
                return out_of_range(x, e);
        }
        return ENG_OK;
    }
    if (!strcmp(f, "date_diff")) {
        const eng_str *u = args[0].data;
        eng_type_id t = args[1].type.id;
        for (int i = 0; i < n; i++) {
            if (!eng_vec_is_valid(out, i))
                continue;
            date_unit du = unit_for(u[i], t);
            if (du == DU_NONE)
                return bad_unit(x, e, u[i], t);
            int32_t ad, bd;
            int64_t at, bt;
            dt_at(&args[1], i, &ad, &at);
            dt_at(&args[2], i, &bd, &bt);
            put_big(out, i, diff_of(du, ad, at, bd, bt, t != ENG_T_TIME));
        }
        return ENG_OK;
    }
    *found = false;
    return ENG_OK;
}
