/*
 * driver/convert_param.c
 *   Application parameter buffers -> engine values: where parameter n of
 *   set k lives (column-wise or row-wise binding, bind offset), its length
 *   or indicator, and the conversion of every SQL_C_* type.
 * Interface: cparam_default_ctype, cparam_c_type_valid, cparam_c_size,
 *   cparam_sql_type_valid, cparam_sql_to_eng, cparam_value, cparam_is_dae,
 *   cparam_data_ptr.
 * Not here: binding, describing, executing (param.c); engine values ->
 *   application buffers (convert_str.c, convert_num.c,
 *   convert_datetime.c).
 *
 * The driver turns a C value into the engine value that says the same
 * thing (integers bigint, SQL_C_DOUBLE double, SQL_NUMERIC_STRUCT
 * decimal, text varchar, dates date); the engine then casts it to the
 * marker's type (eng_param_cast), refusing a number that would lose
 * digits. Time structures become time(0) (a timestamp marker: today's
 * date, as ODBC says), timestamp structures timestamp(6) (a time marker:
 * the date ignored; a date marker: only at midnight, else 22008; a
 * marker with a time zone: the engine reads them in the session zone),
 * interval structures the interval of their kind; the engine then
 * refuses with 22008 a value whose fractional seconds the marker's
 * precision would cut (ODBC's "fractional seconds truncated"), as it
 * refuses a number that would lose digits. A structure that is not a
 * valid date, time or timestamp is 22007. For a varchar marker they
 * become text ("yyyy-mm-dd hh:mm:ss[.f...]"). SQL_C_BINARY becomes
 * varbinary and SQL_C_GUID uuid; the engine casts them as Trino does
 * (varbinary to uuid when 16 bytes; to anything else 42804/07006).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "driver.h"

/* The C type SQL_C_DEFAULT means for an SQL type (ODBC appendix D). */
SQLSMALLINT cparam_default_ctype(SQLSMALLINT t)
{
    switch (t) {
    case SQL_CHAR: case SQL_VARCHAR: case SQL_LONGVARCHAR:
    case SQL_DECIMAL: case SQL_NUMERIC:
        return SQL_C_CHAR;
    case SQL_GUID: return SQL_C_GUID;
    case SQL_WCHAR: case SQL_WVARCHAR: case SQL_WLONGVARCHAR:
        return SQL_C_WCHAR;
    case SQL_BIT: return SQL_C_BIT;
    case SQL_TINYINT: return SQL_C_STINYINT;
    case SQL_SMALLINT: return SQL_C_SSHORT;
    case SQL_INTEGER: return SQL_C_SLONG;
    case SQL_BIGINT: return SQL_C_SBIGINT;
    case SQL_REAL: return SQL_C_FLOAT;
    case SQL_FLOAT: case SQL_DOUBLE: return SQL_C_DOUBLE;
    case SQL_TYPE_DATE: case SQL_DATE: return SQL_C_TYPE_DATE;
    case SQL_TYPE_TIME: case SQL_TIME: return SQL_C_TYPE_TIME;
    case SQL_TYPE_TIMESTAMP: case SQL_TIMESTAMP: return SQL_C_TYPE_TIMESTAMP;
    case SQL_BINARY: case SQL_VARBINARY: case SQL_LONGVARBINARY:
        return SQL_C_BINARY;
    default: return SQL_C_CHAR;
    }
}

/* True for the 13 SQL_C_INTERVAL_* types. */
static bool is_interval_c(SQLSMALLINT c)
{
    switch (c) {
    case SQL_C_INTERVAL_YEAR: case SQL_C_INTERVAL_MONTH:
    case SQL_C_INTERVAL_YEAR_TO_MONTH: case SQL_C_INTERVAL_DAY:
    case SQL_C_INTERVAL_HOUR: case SQL_C_INTERVAL_MINUTE:
    case SQL_C_INTERVAL_SECOND: case SQL_C_INTERVAL_DAY_TO_HOUR:
    case SQL_C_INTERVAL_DAY_TO_MINUTE: case SQL_C_INTERVAL_DAY_TO_SECOND:
    case SQL_C_INTERVAL_HOUR_TO_MINUTE: case SQL_C_INTERVAL_HOUR_TO_SECOND:
    case SQL_C_INTERVAL_MINUTE_TO_SECOND:
        return true;
    default:
        return false;
    }
}

/* See driver.h: the C types of results plus every interval structure. */
bool cparam_c_type_valid(SQLSMALLINT c)
{
    return conv_c_type_valid(c) || is_interval_c(c);
}

/* See driver.h. */
SQLLEN cparam_c_size(SQLSMALLINT c)
{
    return is_interval_c(c) ? (SQLLEN)sizeof(SQL_INTERVAL_STRUCT)
                            : conv_c_size(c);
}

/* SQL types an application may bind a parameter as. */
bool cparam_sql_type_valid(SQLSMALLINT t)
{
    switch (t) {
    case SQL_CHAR: case SQL_VARCHAR: case SQL_LONGVARCHAR:
    case SQL_WCHAR: case SQL_WVARCHAR: case SQL_WLONGVARCHAR:
    case SQL_DECIMAL: case SQL_NUMERIC: case SQL_BIT: case SQL_TINYINT:
    case SQL_SMALLINT: case SQL_INTEGER: case SQL_BIGINT: case SQL_REAL:
    case SQL_FLOAT: case SQL_DOUBLE: case SQL_TYPE_DATE: case SQL_DATE:
    case SQL_TYPE_TIME: case SQL_TIME: case SQL_TYPE_TIMESTAMP:
    case SQL_TIMESTAMP: case SQL_BINARY: case SQL_VARBINARY:
    case SQL_LONGVARBINARY: case SQL_GUID:
    case SQL_INTERVAL_YEAR: case SQL_INTERVAL_MONTH:
    case SQL_INTERVAL_YEAR_TO_MONTH: case SQL_INTERVAL_DAY:
    case SQL_INTERVAL_HOUR: case SQL_INTERVAL_MINUTE:
    case SQL_INTERVAL_SECOND: case SQL_INTERVAL_DAY_TO_HOUR:
    case SQL_INTERVAL_DAY_TO_MINUTE: case SQL_INTERVAL_DAY_TO_SECOND:
    case SQL_INTERVAL_HOUR_TO_MINUTE: case SQL_INTERVAL_HOUR_TO_SECOND:
    case SQL_INTERVAL_MINUTE_TO_SECOND:
        return true;
    default:
        return false;
    }
}

/* See driver.h. Text is unbounded: a buffer's size says nothing of it. */
bool cparam_sql_to_eng(SQLSMALLINT t, SQLULEN size, SQLSMALLINT digits,
                       eng_type *out)
{
    switch (t) {
    case SQL_CHAR: case SQL_VARCHAR: case SQL_LONGVARCHAR:
    case SQL_WCHAR: case SQL_WVARCHAR: case SQL_WLONGVARCHAR:
        *out = eng_type_varchar(0);
        return true;
    case SQL_DECIMAL: case SQL_NUMERIC: {
        int p = size == 0 || size > ENG_DECIMAL_MAX_PRECISION
                ? ENG_DECIMAL_MAX_PRECISION : (int)size;
        int sc = digits < 0 ? 0 : digits > p ? p : digits;
        *out = eng_type_decimal(p, sc);
        return true;
    }
    case SQL_BIT: *out = eng_type_make(ENG_T_BOOLEAN); return true;
    case SQL_BINARY: case SQL_VARBINARY: case SQL_LONGVARBINARY:
        *out = eng_type_make(ENG_T_VARBINARY);
        return true;
    case SQL_GUID: *out = eng_type_make(ENG_T_UUID); return true;
    case SQL_TINYINT: *out = eng_type_tinyint(); return true;
    case SQL_SMALLINT: *out = eng_type_make(ENG_T_SMALLINT); return true;
    case SQL_INTEGER: *out = eng_type_make(ENG_T_INTEGER); return true;
    case SQL_BIGINT: *out = eng_type_make(ENG_T_BIGINT); return true;
    case SQL_REAL:   /* Trino's real, the 4-byte float */
        *out = eng_type_real();
        return true;
    case SQL_FLOAT: case SQL_DOUBLE:   /* SQL_FLOAT: ODBC's double */
        *out = eng_type_make(ENG_T_DOUBLE);
        return true;
    case SQL_TYPE_DATE: case SQL_DATE:
        *out = eng_type_make(ENG_T_DATE);
        return true;
    case SQL_TYPE_TIME: case SQL_TIME:       /* digits: seconds precision */
        *out = eng_type_time(digits < 0 ? 0 : digits);
        return true;
    case SQL_TYPE_TIMESTAMP: case SQL_TIMESTAMP:
        *out = eng_type_timestamp(digits < 0 ? 0 : digits);
        return true;
    case SQL_INTERVAL_YEAR: case SQL_INTERVAL_MONTH:
    case SQL_INTERVAL_YEAR_TO_MONTH:
        *out = eng_type_make(ENG_T_INTERVAL_YM);
        return true;
    case SQL_INTERVAL_DAY: case SQL_INTERVAL_HOUR: case SQL_INTERVAL_MINUTE:
    case SQL_INTERVAL_SECOND: case SQL_INTERVAL_DAY_TO_HOUR:
    case SQL_INTERVAL_DAY_TO_MINUTE: case SQL_INTERVAL_DAY_TO_SECOND:
    case SQL_INTERVAL_HOUR_TO_MINUTE: case SQL_INTERVAL_HOUR_TO_SECOND:
    case SQL_INTERVAL_MINUTE_TO_SECOND:
        *out = eng_type_make(ENG_T_INTERVAL_DS);
        return true;
    default:
        return false;
    }
}

/* Base address of bound buffer p for set `set`: bind offset, then the
 * element stride (column-wise: elem bytes; row-wise: the row size). */
static char *elem_addr(const drv_desc *apd, void *p, SQLULEN set, SQLLEN elem)
{
    if (!p)
        return NULL;
    char *b = p;
    if (apd->bind_offset_ptr)
        b += *apd->bind_offset_ptr;
    if (apd->bind_type == SQL_BIND_BY_COLUMN)
        return b + (size_t)set * (size_t)elem;
    return b + (size_t)set * (size_t)apd->bind_type;
}

/* The APD record of parameter n (bound by the caller's check). */
static desc_rec *apd_rec(drv_stmt *s, int n)
{
    return &s->apd->recs[n];
}

/* The effective C type of parameter n (SQL_C_DEFAULT resolved). */
static SQLSMALLINT ctype_of(drv_stmt *s, int n)
{
    SQLSMALLINT c = apd_rec(s, n)->concise_type;
    if (c == SQL_C_DEFAULT)
        c = cparam_default_ctype(n <= s->ipd.count ? s->ipd.recs[n].concise_type
                                                   : SQL_VARCHAR);
    return c;
}

/* Element size of parameter n's data buffer in column-wise arrays. */
static SQLLEN elem_size(drv_stmt *s, int n)
{
    SQLLEN fixed = cparam_c_size(ctype_of(s, n));
    return fixed ? fixed : apd_rec(s, n)->octet_length;
}

/* See driver.h. */
SQLPOINTER cparam_data_ptr(drv_stmt *s, SQLULEN set, int n)
{
    return elem_addr(s->apd, apd_rec(s, n)->data_ptr, set, elem_size(s, n));
}

/* The indicator / length of parameter n in set `set` (maybe unaligned:
 * read with load_len), or NULL. */
static const void *len_ptr(drv_stmt *s, SQLULEN set, int n)
{
    desc_rec *r = apd_rec(s, n);
    SQLLEN *p = r->octet_length_ptr ? r->octet_length_ptr : r->indicator_ptr;
    return elem_addr(s->apd, p, set, sizeof(SQLLEN));
}

/* The indicator of parameter n (NULL data check), or NULL. */
static const void *ind_ptr(drv_stmt *s, SQLULEN set, int n)
{
    desc_rec *r = apd_rec(s, n);
    SQLLEN *p = r->indicator_ptr ? r->indicator_ptr : r->octet_length_ptr;
    return elem_addr(s->apd, p, set, sizeof(SQLLEN));
}

/* *p, which row-wise binding may leave unaligned (pyodbc's
 * fast_executemany packs its rows). */
static SQLLEN load_len(const void *p)
{
    SQLLEN v;
    memcpy(&v, p, sizeof v);
    return v;
}

/* See driver.h. */
bool cparam_is_dae(drv_stmt *s, SQLULEN set, int n)
{
    const void *l = len_ptr(s, set, n);
    if (!l)
        return false;
    SQLLEN v = load_len(l);
    return v == SQL_DATA_AT_EXEC || v <= SQL_LEN_DATA_AT_EXEC_OFFSET;
}

/* Records a conversion error for parameter n of set `set`. */
static SQLRETURN perr(drv_stmt *s, SQLULEN set, int n, const char *state,
                      const char *fmt, const char *what)
{
    char msg[256];
    snprintf(msg, sizeof msg, fmt, what);
    return diag_pushrc(&s->diag, state, (SQLLEN)set + 1, n,
                       "parameter %d: %s", n, msg);
}

/* Copies len bytes into a as a varchar value. */
static SQLRETURN text_value(drv_stmt *s, eng_arena *a, const char *p,
                            size_t len, eng_value *out)
{
    char *d = eng_arena_memdup(a, len ? p : "", len ? len : 1);
    if (!d)
        return diag_oom(&s->diag);
    out->type = eng_type_varchar(0);
    out->u.s.ptr = d;
    out->u.s.len = (uint32_t)len;
    return SQL_SUCCESS;
}

/* SQL_NUMERIC_STRUCT -> decimal(38, scale): 22003 beyond 38 digits. */
static SQLRETURN numeric_value(drv_stmt *s, SQLULEN set, int n,
                               const SQL_NUMERIC_STRUCT *ns, int scale,
                               eng_value *out)
{
    unsigned __int128 u = 0;
    for (int i = SQL_MAX_NUMERIC_LEN - 1; i >= 0; i--)
        u = (u << 8) | ns->val[i];
    unsigned __int128 lim = (unsigned __int128)eng_pow10(38);
    while (scale < 0) {              /* negative scale: 12 E 3 */
        if (u >= lim / 10)
            return perr(s, set, n, "22003", "%s", "numeric value out of "
                        "range (more than 38 digits)");
        u *= 10;
        scale++;
    }
    while (scale > ENG_DECIMAL_MAX_PRECISION) {
        if (u % 10)
            return perr(s, set, n, "22003", "%s", "numeric scale above 38");
        u /= 10;
        scale--;
    }
    if (u >= lim)
        return perr(s, set, n, "22003", "%s", "numeric value out of range "
                    "(more than 38 digits)");
    out->type = eng_type_decimal(ENG_DECIMAL_MAX_PRECISION, scale);
    out->u.dec = ns->sign ? (eng_int128)u : -(eng_int128)u;
    return SQL_SUCCESS;
}

/* Days in month m of year y. */
static int mdays(int y, int m)
{
    static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return d[m - 1];
}

/* Checks a civil date (22008 when a field is out of range). */
static bool valid_ymd(int y, int m, int d)
{
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
           d <= mdays(y, m);
}

/* 07006 for a date/time/interval value the marker's type cannot take;
 * HYC00 when no type is known at all (cannot happen for a bound marker,
 * kept for safety). */
static SQLRETURN not_for_target(drv_stmt *s, SQLULEN set, int n,
                                const char *what, eng_type target)
{
    char tb[48], msg[160];
    if (target.id == ENG_T_UNKNOWN)
        return perr(s, set, n, "HYC00", "%s", "the value has no engine type "
                    "to go to");
    snprintf(msg, sizeof msg, "%s cannot be converted to the parameter's "
             "type %s", what, eng_type_name(target, tb, sizeof tb));
    return perr(s, set, n, "07006", "%s", msg);
}

/* Today's day number in the local time zone (ODBC: a time sent for a
 * timestamp takes the current date). */
static int32_t today(void)
{
    time_t now = time(NULL);
    struct tm lt;
    localtime_r(&now, &lt);
    return eng_date_from_ymd(lt.tm_year + 1900, lt.tm_mon + 1, lt.tm_mday);
}

/* SQL_TIME_STRUCT / SQL_TIMESTAMP_STRUCT for the target (see top). */
static SQLRETURN datetime_value(drv_stmt *s, eng_arena *a, SQLULEN set, int n,
                                SQLSMALLINT c, const void *p, eng_type target,
                                eng_value *out)
{
    char buf[64];
    if (c == SQL_C_TYPE_TIME || c == SQL_C_TIME) {
        const SQL_TIME_STRUCT *t = p;
        if (t->hour > 23 || t->minute > 59 || t->second > 59)
            return perr(s, set, n, "22007", "%s", "not a valid time (a field "
                        "is out of range)");
        int64_t us = ((int64_t)t->hour * 3600 + t->minute * 60 + t->second)
                     * ENG_US_PER_SEC;
        switch (target.id) {
        case ENG_T_VARCHAR: {
            int k = snprintf(buf, sizeof buf, "%02u:%02u:%02u", t->hour,
                             t->minute, t->second);
            return text_value(s, a, buf, (size_t)k, out);
        }
        case ENG_T_TIME:
        case ENG_T_TIME_TZ:     /* the engine adds the session zone */
            out->type = eng_type_time(0);
            out->u.i = us;
            return SQL_SUCCESS;
        case ENG_T_TIMESTAMP:
        case ENG_T_TIMESTAMP_TZ:
            out->type = eng_type_timestamp(0);
            out->u.i = (int64_t)today() * ENG_US_PER_DAY + us;
            return SQL_SUCCESS;
        default:
            return not_for_target(s, set, n, "a time", target);
        }
    }
    const SQL_TIMESTAMP_STRUCT *t = p;
    if (!valid_ymd(t->year, t->month, t->day) || t->hour > 23 ||
        t->minute > 59 || t->second > 59 || t->fraction > 999999999u)
        return perr(s, set, n, "22007", "%s", "not a valid timestamp (a "
                    "field is out of range)");
    if (target.id == ENG_T_DATE) {
        if (t->hour || t->minute || t->second || t->fraction)
            return perr(s, set, n, "22008", "%s", "a timestamp with a time "
                        "of day cannot become a date without loss");
        out->type = eng_type_make(ENG_T_DATE);
        out->u.date = eng_date_from_ymd(t->year, t->month, t->day);
        return SQL_SUCCESS;
    }
    /* a marker with a zone gets the value without one: the engine reads
     * it in the session zone (eng_param_cast's caller), as Trino does */
    bool tz = target.id == ENG_T_TIMESTAMP_TZ || target.id == ENG_T_TIME_TZ;
    if (target.id == ENG_T_TIMESTAMP || target.id == ENG_T_TIME || tz) {
        bool time = target.id == ENG_T_TIME || target.id == ENG_T_TIME_TZ;
        /* the engine keeps microseconds: nanoseconds would be cut */
        if (t->fraction % 1000u)
            return perr(s, set, n, "22008", "%s", "fractional seconds "
                        "truncated (the engine keeps 6 digits)");
        int64_t tod = ((int64_t)t->hour * 3600 + t->minute * 60 + t->second)
                      * ENG_US_PER_SEC + t->fraction / 1000u;
        out->type = time ? eng_type_time(6) : eng_type_timestamp(6);
        out->u.i = time
                   ? tod   /* ODBC: the date fields are ignored */
                   : (int64_t)eng_date_from_ymd(t->year, t->month, t->day)
                     * ENG_US_PER_DAY + tod;
        return SQL_SUCCESS;
    }
    if (target.id != ENG_T_VARCHAR)
        return not_for_target(s, set, n, "a timestamp", target);
    int k = snprintf(buf, sizeof buf, "%04d-%02u-%02u %02u:%02u:%02u",
                     t->year, t->month, t->day, t->hour, t->minute,
                     t->second);
    if (t->fraction) {
        char f[16];
        snprintf(f, sizeof f, ".%09u", (unsigned)t->fraction);
        int fl = (int)strlen(f);
        while (fl > 2 && f[fl - 1] == '0')
            f[--fl] = '\0';
        k += snprintf(buf + k, sizeof buf - (size_t)k, "%s", f);
    }
    return text_value(s, a, buf, (size_t)k, out);
}

/*
 * SQL_INTERVAL_STRUCT (C type c) -> interval year to month (months) or
 * day to second (milliseconds, Trino's precision). The C type says which
 * fields count; a non-leading field out of range (minute 60) is 22015;
 * the fraction is in units of the APD's interval precision (default 6
 * digits) and a part finer than a millisecond is 22008.
 */
static SQLRETURN interval_value(drv_stmt *s, SQLULEN set, int n,
                                SQLSMALLINT c, const SQL_INTERVAL_STRUCT *iv,
                                int frac_digits, eng_type target,
                                eng_value *out)
{
    bool ym = c == SQL_C_INTERVAL_YEAR || c == SQL_C_INTERVAL_MONTH ||
              c == SQL_C_INTERVAL_YEAR_TO_MONTH;
    if (target.id == ENG_T_VARCHAR || target.id == ENG_T_UNKNOWN)
        target = eng_type_make(ym ? ENG_T_INTERVAL_YM : ENG_T_INTERVAL_DS);
    if (target.id != (ym ? ENG_T_INTERVAL_YM : ENG_T_INTERVAL_DS))
        return not_for_target(s, set, n, ym ? "an interval year to month"
                              : "an interval day to second", target);
    int64_t v;
    if (ym) {
        const SQL_YEAR_MONTH_STRUCT *f = &iv->intval.year_month;
        if (c == SQL_C_INTERVAL_YEAR_TO_MONTH && f->month > 11)
            return perr(s, set, n, "22015", "%s", "interval field overflow "
                        "(month above 11)");
        v = c == SQL_C_INTERVAL_MONTH ? (int64_t)f->month
            : (int64_t)f->year * 12 +
              (c == SQL_C_INTERVAL_YEAR ? 0 : (int64_t)f->month);
        if (v > INT32_MAX)
            return perr(s, set, n, "22015", "%s", "interval field overflow");
    } else {
        const SQL_DAY_SECOND_STRUCT *f = &iv->intval.day_second;
        bool lead_h = c == SQL_C_INTERVAL_HOUR ||
                      c == SQL_C_INTERVAL_HOUR_TO_MINUTE ||
                      c == SQL_C_INTERVAL_HOUR_TO_SECOND;
        bool lead_m = c == SQL_C_INTERVAL_MINUTE ||
                      c == SQL_C_INTERVAL_MINUTE_TO_SECOND;
        bool lead_s = c == SQL_C_INTERVAL_SECOND;
        bool lead_d = !lead_h && !lead_m && !lead_s;
        bool has_h = c != SQL_C_INTERVAL_DAY && !lead_m && !lead_s;
        bool has_m = has_h ? c != SQL_C_INTERVAL_DAY_TO_HOUR &&
                             c != SQL_C_INTERVAL_HOUR : lead_m;
        bool has_s = c == SQL_C_INTERVAL_SECOND ||
                     c == SQL_C_INTERVAL_DAY_TO_SECOND ||
                     c == SQL_C_INTERVAL_HOUR_TO_SECOND ||
                     c == SQL_C_INTERVAL_MINUTE_TO_SECOND;
        if ((has_h && !lead_h && f->hour > 23) ||
            (has_m && !lead_m && f->minute > 59) ||
            (has_s && !lead_s && f->second > 59))
            return perr(s, set, n, "22015", "%s", "interval field overflow "
                        "(a non-leading field is out of range)");
        if (frac_digits < 0 || frac_digits > 9)
            frac_digits = 6;
        uint64_t scale = 1;
        for (int i = 0; i < frac_digits; i++)
            scale *= 10;
        uint64_t frac = has_s ? f->fraction : 0;
        if (frac >= scale)
            return perr(s, set, n, "22015", "%s", "interval field overflow "
                        "(fraction)");
        /* milliseconds: frac * 1000 / scale must be whole */
        if ((frac * 1000u) % scale)
            return perr(s, set, n, "22008", "%s", "fractional seconds "
                        "truncated (intervals keep milliseconds)");
        __int128 ms = (__int128)(lead_d ? f->day : 0) * 86400000 +
                      (__int128)(has_h ? f->hour : 0) * 3600000 +
                      (__int128)(has_m ? f->minute : 0) * 60000 +
                      (__int128)(has_s ? f->second : 0) * 1000 +
                      (__int128)(frac * 1000u / scale);
        if (ms > INT64_MAX)
            return perr(s, set, n, "22015", "%s", "interval field overflow");
        v = (int64_t)ms;
    }
    out->type = target;
    out->u.i = iv->interval_sign == SQL_TRUE ? -v : v;
    return SQL_SUCCESS;
}

/* Reads a T from p, which row-wise binding may leave unaligned. */
#define RD(T) __extension__({ T v_; memcpy(&v_, p, sizeof v_); v_; })

/* See driver.h. */
SQLRETURN cparam_value(drv_stmt *s, eng_arena *a, SQLULEN set, int n,
                       eng_type target, const dae_buf *dae, eng_value *out)
{
    SQLSMALLINT c = ctype_of(s, n);
    desc_rec *r = apd_rec(s, n);
    const char *p;
    SQLLEN len;

    memset(out, 0, sizeof *out);
    out->type = target;
    if (dae) {
        if (dae->is_null) {
            out->is_null = true;
            return SQL_SUCCESS;
        }
        p = dae->data ? dae->data : "";
        len = (SQLLEN)dae->len;
        if (cparam_c_size(c) && dae->len < (size_t)cparam_c_size(c))
            return perr(s, set, n, "22018", "%s", "SQLPutData sent fewer "
                        "bytes than the C type holds");
    } else {
        const void *ind = ind_ptr(s, set, n);
        const void *lp = len_ptr(s, set, n);
        SQLLEN iv = ind ? load_len(ind) : 0;
        if (ind && iv == SQL_NULL_DATA) {
            out->is_null = true;
            return SQL_SUCCESS;
        }
        if (ind && iv == SQL_DEFAULT_PARAM)
            return perr(s, set, n, "07S01", "%s", "SQL_DEFAULT_PARAM is "
                        "only for procedure parameters");
        p = cparam_data_ptr(s, set, n);
        if (!p)
            return perr(s, set, n, "HY009", "%s", "no data pointer bound");
        len = lp ? load_len(lp) : SQL_NTS;
        if (cparam_c_size(c)) {
            len = cparam_c_size(c);    /* fixed size: the length is unused */
        } else if (len == SQL_NTS) {
            if (c == SQL_C_WCHAR) {
                const SQLWCHAR *w = (const SQLWCHAR *)p;
                SQLLEN k = 0;
                while (w[k])
                    k++;
                len = k * (SQLLEN)sizeof(SQLWCHAR);
            } else if (c == SQL_C_BINARY) {
                len = r->octet_length;
            } else {
                len = (SQLLEN)strlen(p);
            }
        } else if (len < 0) {
            return perr(s, set, n, "HY090", "%s", "invalid length or "
                        "indicator value");
        }
    }

    switch (c) {
    case SQL_C_CHAR:
        return text_value(s, a, p, (size_t)len, out);
    case SQL_C_WCHAR: {
        bool ok;
        size_t ulen;
        char *u = uc_to_utf8((const SQLWCHAR *)p, len / (SQLLEN)sizeof(SQLWCHAR),
                             &ulen, &ok);
        if (!ok)
            return diag_oom(&s->diag);
        SQLRETURN rc = text_value(s, a, u ? u : "", u ? ulen : 0, out);
        eng_free(u);
        return rc;
    }
    case SQL_C_BINARY: {
        /* varbinary; the engine casts it to a uuid marker (16 bytes);
         * binary data for any other type is 07006 (ODBC appendix D) */
        if (target.id != ENG_T_UNKNOWN && target.id != ENG_T_VARBINARY &&
            target.id != ENG_T_UUID)
            return not_for_target(s, set, n, "binary data", target);
        char *b = eng_arena_memdup(a, len ? p : "", (size_t)len);
        if (!b)
            return diag_oom(&s->diag);
        out->type = eng_type_make(ENG_T_VARBINARY);
        out->u.s.ptr = b;
        out->u.s.len = (uint32_t)len;
        return SQL_SUCCESS;
    }
    case SQL_C_GUID: {
        SQLGUID g;
        if (target.id != ENG_T_UNKNOWN && target.id != ENG_T_UUID &&
            target.id != ENG_T_VARCHAR && target.id != ENG_T_VARBINARY)
            return not_for_target(s, set, n, "a GUID", target);
        uint8_t *u = eng_arena_alloc(a, 16);
        if (!u)
            return diag_oom(&s->diag);
        memcpy(&g, p, sizeof g);
        for (int i = 0; i < 4; i++)
            u[i] = (uint8_t)(g.Data1 >> (24 - 8 * i));
        u[4] = (uint8_t)(g.Data2 >> 8);
        u[5] = (uint8_t)g.Data2;
        u[6] = (uint8_t)(g.Data3 >> 8);
        u[7] = (uint8_t)g.Data3;
        memcpy(u + 8, g.Data4, 8);
        out->type = eng_type_make(ENG_T_UUID);
        out->u.s.ptr = (const char *)u;
        out->u.s.len = 16;
        return SQL_SUCCESS;
    }
    case SQL_C_BIT: {
        unsigned char b = RD(unsigned char);
        if (b > 1)
            return perr(s, set, n, "22003", "%s", "SQL_C_BIT value other "
                        "than 0 or 1");
        out->type = eng_type_make(ENG_T_BOOLEAN);
        out->u.b = b == 1;
        return SQL_SUCCESS;
    }
    case SQL_C_STINYINT: case SQL_C_TINYINT:
        out->u.i = RD(signed char);
        break;
    case SQL_C_UTINYINT: out->u.i = RD(unsigned char); break;
    case SQL_C_SSHORT: case SQL_C_SHORT: out->u.i = RD(SQLSMALLINT); break;
    case SQL_C_USHORT: out->u.i = RD(SQLUSMALLINT); break;
    case SQL_C_SLONG: case SQL_C_LONG: out->u.i = RD(SQLINTEGER); break;
    case SQL_C_ULONG: out->u.i = RD(SQLUINTEGER); break;
    case SQL_C_SBIGINT: out->u.i = RD(SQLBIGINT); break;
    case SQL_C_UBIGINT: {
        SQLUBIGINT u = RD(SQLUBIGINT);
        if (u > INT64_MAX) {
            out->type = eng_type_decimal(20, 0);
            out->u.dec = (eng_int128)u;
            return SQL_SUCCESS;
        }
        out->u.i = (int64_t)u;
        break;
    }
    case SQL_C_DOUBLE:
        out->type = eng_type_make(ENG_T_DOUBLE);
        out->u.d = RD(SQLDOUBLE);
        return SQL_SUCCESS;
    case SQL_C_FLOAT:
        out->type = eng_type_make(ENG_T_DOUBLE);
        out->u.d = RD(SQLREAL);
        return SQL_SUCCESS;
    case SQL_C_NUMERIC: {
        SQL_NUMERIC_STRUCT ns;
        memcpy(&ns, p, sizeof ns);
        /* The APD's scale when the application set its precision
         * (SQLSetDescField, as ODBC prescribes), else the structure's
         * own, which is what most applications fill in. */
        int scale = r->precision > 0 ? r->scale : ns.scale;
        return numeric_value(s, set, n, &ns, scale, out);
    }
    case SQL_C_TYPE_DATE: case SQL_C_DATE: {
        SQL_DATE_STRUCT d;
        memcpy(&d, p, sizeof d);
        if (!valid_ymd(d.year, d.month, d.day))
            return perr(s, set, n, "22007", "%s", "not a valid date (a field "
                        "is out of range)");
        if (target.id == ENG_T_TIME || target.id == ENG_T_INTERVAL_DS ||
            target.id == ENG_T_INTERVAL_YM)
            return not_for_target(s, set, n, "a date", target);
        out->type = eng_type_make(ENG_T_DATE);
        out->u.date = eng_date_from_ymd(d.year, d.month, d.day);
        return SQL_SUCCESS;
    }
    case SQL_C_TYPE_TIME: case SQL_C_TIME: {
        SQL_TIME_STRUCT t;
        memcpy(&t, p, sizeof t);
        return datetime_value(s, a, set, n, c, &t, target, out);
    }
    case SQL_C_TYPE_TIMESTAMP: case SQL_C_TIMESTAMP: {
        SQL_TIMESTAMP_STRUCT t;
        memcpy(&t, p, sizeof t);
        return datetime_value(s, a, set, n, c, &t, target, out);
    }
    default:
        if (is_interval_c(c)) {
            SQL_INTERVAL_STRUCT iv;
            memcpy(&iv, p, sizeof iv);
            /* SQL_DESC_PRECISION of an interval C type: its seconds
             * precision, 6 unless the application set it */
            return interval_value(s, set, n, c, &iv,
                                  r->precision > 0 ? r->precision : 6,
                                  target, out);
        }
        return perr(s, set, n, "07006", "%s", "the C type is not supported "
                    "for parameters");
    }
    out->type = eng_type_make(ENG_T_BIGINT);
    return SQL_SUCCESS;
}
