/*
 * driver/convert_datetime.c
 *   Engine values to date, time and timestamp C types (SQL_C_TYPE_DATE /
 *   SQL_C_DATE, SQL_C_TYPE_TIMESTAMP / SQL_C_TIMESTAMP, SQL_C_TYPE_TIME /
 *   SQL_C_TIME).
 * Interface: conv_to_datetime, conv_timestamp_fields.
 * Not here: text and numbers (convert_str.c, convert_num.c).
 *
 * A date becomes a DATE_STRUCT, or a TIMESTAMP_STRUCT at midnight; a
 * date has no time of day, so SQL_C_TIME from a date is 07006. Text is
 * parsed as 'YYYY-MM-DD' (or 'YYYY-MM-DD HH:MM:SS[.fff]' / 'HH:MM:SS');
 * anything else is 22007. Numbers and booleans: 07006.
 * A timestamp fills every field (fraction in nanoseconds); into a date it
 * drops the time of day with 01S07, into a time the date (01S07 for a
 * fraction); a time into a timestamp takes today's date (ODBC). Intervals
 * go into SQL_C_INTERVAL_DAY_TO_SECOND / _YEAR_TO_MONTH structures (or
 * text, convert_str.c).
 */
#include <ctype.h>
#include <string.h>
#include <time.h>
#include "driver.h"

/* Parsed date and time fields. */
typedef struct dt {
    int y, mo, d, h, mi, sec;
    unsigned frac;      /* nanoseconds */
    bool has_date, has_time;
} dt;

/* Reads exactly n digits at *p; -1 if they are not digits. */
static int digits(const char **p, const char *end, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (*p >= end || !isdigit((unsigned char)**p))
            return -1;
        v = v * 10 + (*(*p)++ - '0');
    }
    return v;
}

/* Parses HH:MM:SS[.fffffffff] at *p. */
static bool parse_time(const char **p, const char *end, dt *o)
{
    o->h = digits(p, end, 2);
    if (o->h < 0 || *p >= end || *(*p)++ != ':')
        return false;
    o->mi = digits(p, end, 2);
    if (o->mi < 0 || *p >= end || *(*p)++ != ':')
        return false;
    o->sec = digits(p, end, 2);
    if (o->sec < 0 || o->h > 23 || o->mi > 59 || o->sec > 59)
        return false;
    o->frac = 0;
    if (*p < end && **p == '.') {
        (*p)++;
        unsigned scale = 100000000;
        while (*p < end && isdigit((unsigned char)**p)) {
            o->frac += (unsigned)(*(*p)++ - '0') * scale;
            scale /= 10;
        }
    }
    o->has_time = true;
    return true;
}

/* Parses a date, a timestamp or a time of day from text. */
static bool parse_dt(const char *s, size_t len, dt *o)
{
    const char *p = s, *end = s + len;
    memset(o, 0, sizeof *o);
    while (p < end && isspace((unsigned char)*p))
        p++;
    while (end > p && isspace((unsigned char)end[-1]))
        end--;
    if (end - p >= 3 && p[2] == ':')
        return parse_time(&p, end, o) && p == end;
    int32_t days;
    eng_error err;
    size_t dlen = (size_t)(end - p) < 10 ? (size_t)(end - p) : 10;
    if (eng_date_parse(p, dlen, &days, &err) != ENG_OK)
        return false;
    eng_date_to_ymd(days, &o->y, &o->mo, &o->d);
    o->has_date = true;
    p += dlen;
    if (p == end)
        return true;
    if (*p != ' ' && *p != 'T')
        return false;
    p++;
    return parse_time(&p, end, o) && p == end;
}

/*
 * Splits a timestamp (µs since 1970, no time zone) or a time of day into
 * the fields of the ODBC structures. Reusable for parameters: see
 * conv_timestamp_fields in driver.h.
 */
void conv_timestamp_fields(int64_t us, bool with_date, int *y, int *mo,
                           int *d, int *h, int *mi, int *sec, unsigned *frac)
{
    int64_t days = eng_floor_div64(us, ENG_US_PER_DAY);
    int64_t tod = us - days * ENG_US_PER_DAY;
    *y = *mo = *d = 0;
    if (with_date)
        eng_date_to_ymd((int32_t)days, y, mo, d);
    int64_t secs = tod / ENG_US_PER_SEC;
    *h = (int)(secs / 3600);
    *mi = (int)(secs / 60 % 60);
    *sec = (int)(secs % 60);
    *frac = (unsigned)(tod % ENG_US_PER_SEC) * 1000u;   /* nanoseconds */
}

/* An interval value into SQL_C_INTERVAL_DAY_TO_SECOND (milliseconds as
 * fraction, in the default fractional precision of 6 digits) or
 * SQL_C_INTERVAL_YEAR_TO_MONTH; other interval pairs are 07006. */
static SQLRETURN interval_out(drv_stmt *s, const eng_value *v, conv_target *t)
{
    SQL_INTERVAL_STRUCT iv;
    memset(&iv, 0, sizeof iv);
    bool ds = v->type.id == ENG_T_INTERVAL_DS;
    if ((ds && t->ctype != SQL_C_INTERVAL_DAY_TO_SECOND) ||
        (!ds && t->ctype != SQL_C_INTERVAL_YEAR_TO_MONTH))
        return diag_pushrc(&s->diag, "07006", t->row, t->col,
                           "restricted data type attribute violation: "
                           "column %d is an interval of the other kind",
                           (int)t->col);
    int64_t x = v->u.i;
    iv.interval_sign = x < 0 ? SQL_TRUE : SQL_FALSE;
    uint64_t m = x < 0 ? (uint64_t)0 - (uint64_t)x : (uint64_t)x;
    if (ds) {
        iv.interval_type = SQL_IS_DAY_TO_SECOND;
        if (m / 86400000u > 0xffffffffu)
            return diag_pushrc(&s->diag, "22015", t->row, t->col,
                               "interval field overflow (column %d)",
                               (int)t->col);
        iv.intval.day_second.day = (SQLUINTEGER)(m / 86400000u);
        m %= 86400000u;
        iv.intval.day_second.hour = (SQLUINTEGER)(m / 3600000u);
        iv.intval.day_second.minute = (SQLUINTEGER)(m / 60000u % 60);
        iv.intval.day_second.second = (SQLUINTEGER)(m / 1000u % 60);
        iv.intval.day_second.fraction = (SQLUINTEGER)(m % 1000u) * 1000u;
    } else {
        iv.interval_type = SQL_IS_YEAR_TO_MONTH;
        iv.intval.year_month.year = (SQLUINTEGER)(m / 12);
        iv.intval.year_month.month = (SQLUINTEGER)(m % 12);
    }
    if (t->ptr)
        memcpy(t->ptr, &iv, sizeof iv);
    if (t->len_out)
        *t->len_out = sizeof iv;
    return SQL_SUCCESS;
}

/* Converts v to a date/time C type; see driver.h. */
SQLRETURN conv_to_datetime(drv_stmt *s, const eng_value *v, conv_target *t)
{
    dt o;
    t->done = true;
    if (t->ctype == SQL_C_INTERVAL_DAY_TO_SECOND ||
        t->ctype == SQL_C_INTERVAL_YEAR_TO_MONTH) {
        if (v->type.id == ENG_T_INTERVAL_DS || v->type.id == ENG_T_INTERVAL_YM)
            return interval_out(s, v, t);
        return diag_pushrc(&s->diag, "07006", t->row, t->col,
                           "restricted data type attribute violation: "
                           "column %d is not an interval", (int)t->col);
    }
    if (v->type.id == ENG_T_DATE) {
        memset(&o, 0, sizeof o);
        eng_date_to_ymd(v->u.date, &o.y, &o.mo, &o.d);
        o.has_date = true;
    } else if (v->type.id == ENG_T_TIMESTAMP || v->type.id == ENG_T_TIME ||
               v->type.id == ENG_T_TIMESTAMP_TZ || v->type.id == ENG_T_TIME_TZ) {
        bool ts = v->type.id == ENG_T_TIMESTAMP ||
                  v->type.id == ENG_T_TIMESTAMP_TZ;
        /* with a time zone: the wall-clock time in the session zone (a
         * timestamp), or the time's own local time (a time) */
        int64_t us = v->type.id == ENG_T_TIMESTAMP_TZ
            ? eng_tz_local_us(eng_get_time_zone(s->dbc->conn), v->u.tz.us)
            : v->type.id == ENG_T_TIME_TZ ? v->u.tz.us : v->u.i;
        memset(&o, 0, sizeof o);
        conv_timestamp_fields(us, ts, &o.y, &o.mo, &o.d, &o.h, &o.mi,
                              &o.sec, &o.frac);
        o.has_date = ts;
        o.has_time = true;
        if (ts && (o.y > 32767 || o.y < -32768))
            return diag_pushrc(&s->diag, "22008", t->row, t->col,
                               "datetime field overflow: the year of column "
                               "%d does not fit the ODBC structure",
                               (int)t->col);
        if (!ts && (t->ctype == SQL_C_TYPE_TIMESTAMP ||
                    t->ctype == SQL_C_TIMESTAMP)) {
            /* ODBC: a time into a timestamp takes today's date */
            time_t now = time(NULL);
            struct tm lt;
            localtime_r(&now, &lt);
            o.y = lt.tm_year + 1900;
            o.mo = lt.tm_mon + 1;
            o.d = lt.tm_mday;
            o.has_date = true;
        }
    } else if (v->type.id == ENG_T_VARCHAR || v->type.id == ENG_T_JSON) {
        if (!parse_dt(v->u.s.ptr, v->u.s.len, &o))
            return diag_pushrc(&s->diag, "22007", t->row, t->col,
                               "invalid datetime format: column %d holds "
                               "'%.*s'", (int)t->col,
                               (int)(v->u.s.len > 64 ? 64 : v->u.s.len),
                               v->u.s.ptr);
    } else {
        return diag_pushrc(&s->diag, "07006", t->row, t->col,
                           "restricted data type attribute violation: "
                           "column %d cannot be converted to a date or time",
                           (int)t->col);
    }
    SQLRETURN rc = SQL_SUCCESS;
    switch (t->ctype) {
    case SQL_C_TYPE_DATE: case SQL_C_DATE: {
        if (!o.has_date)
            return diag_pushrc(&s->diag, "22007", t->row, t->col,
                               "invalid datetime format: column %d has no "
                               "date part", (int)t->col);
        if (o.has_time && (o.h || o.mi || o.sec || o.frac))
            rc = diag_pushrc(&s->diag, "01S07", t->row, t->col,
                             "fractional truncation: time of day dropped "
                             "(column %d)", (int)t->col);
        SQL_DATE_STRUCT d = {(SQLSMALLINT)o.y, (SQLUSMALLINT)o.mo,
                             (SQLUSMALLINT)o.d};
        if (t->ptr)
            memcpy(t->ptr, &d, sizeof d);
        if (t->len_out)
            *t->len_out = sizeof d;
        return rc;
    }
    case SQL_C_TYPE_TIME: case SQL_C_TIME: {
        if (!o.has_time)
            return diag_pushrc(&s->diag, "07006", t->row, t->col,
                               "restricted data type attribute violation: "
                               "a date has no time of day (column %d)",
                               (int)t->col);
        if (o.frac)
            rc = diag_pushrc(&s->diag, "01S07", t->row, t->col,
                             "fractional truncation (column %d)",
                             (int)t->col);
        SQL_TIME_STRUCT tm = {(SQLUSMALLINT)o.h, (SQLUSMALLINT)o.mi,
                              (SQLUSMALLINT)o.sec};
        if (t->ptr)
            memcpy(t->ptr, &tm, sizeof tm);
        if (t->len_out)
            *t->len_out = sizeof tm;
        return rc;
    }
    default: {
        if (!o.has_date)
            return diag_pushrc(&s->diag, "22007", t->row, t->col,
                               "invalid datetime format: column %d has no "
                               "date part", (int)t->col);
        SQL_TIMESTAMP_STRUCT ts = {(SQLSMALLINT)o.y, (SQLUSMALLINT)o.mo,
                                   (SQLUSMALLINT)o.d, (SQLUSMALLINT)o.h,
                                   (SQLUSMALLINT)o.mi, (SQLUSMALLINT)o.sec,
                                   o.frac};
        if (t->ptr)
            memcpy(t->ptr, &ts, sizeof ts);
        if (t->len_out)
            *t->len_out = sizeof ts;
        return rc;
    }
    }
}
