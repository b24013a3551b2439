/*
 * engine/binder/bind_func_date.c
 *   The date and time functions, with Trino's signatures and result
 *   types: the fields (year, quarter, month, week, day, day_of_week,
 *   day_of_year, year_of_week, hour, minute, second, millisecond and
 *   their aliases), last_day_of_month, date_trunc, date_add, date_diff,
 *   format_datetime, date_format, date_parse, from_iso8601_date,
 *   to_iso8601, and the clock (current_date, localtime, localtimestamp,
 *   current_timezone).
 * Interface: bind_is_date_func, bind_func_date (bind_int.h).
 * Not here: evaluation (exec/expr_func_date.c, exec/expr_func_dtparse.c);
 *   the operators over times (bind_time.c).
 *
 * Each function names the argument classes it accepts (DC_* bits). A
 * date passed where only a timestamp fits becomes timestamp(0) (Trino's
 * implicit coercion: hour(DATE '2024-01-01') is 0); an untyped NULL
 * becomes the first class's type; not so in EXTRACT (42804 "Cannot
 * extract HOUR from date", as Trino). With time zone: current_timestamp,
 * now, current_time, from_unixtime(x[, zone]), to_unixtime,
 * from_iso8601_timestamp, with_timezone, at_timezone (AT TIME ZONE),
 * timezone_hour, timezone_minute, to_iso8601; the fields,
 * last_day_of_month and format_datetime (without z/Z) read the value's
 * wall-clock time in its own zone through a cast to timestamp(p);
 * date_trunc, date_add and date_diff take one (exec/expr_func_tz.c);
 * date_format reads its wall-clock time too (MySQL's specifiers print no
 * zone).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "bind_int.h"

enum {
    DC_DATE = 1, DC_TS = 2, DC_TIME = 4, DC_IDS = 8, DC_IYM = 16
};

/* The field functions: name, canonical name, accepted classes. */
static const struct {
    const char *name, *canon;
    unsigned classes;
} parts[] = {
    { "year", "year", DC_DATE | DC_TS | DC_IYM },
    { "quarter", "quarter", DC_DATE | DC_TS },
    { "month", "month", DC_DATE | DC_TS | DC_IYM },
    { "week", "week", DC_DATE | DC_TS },
    { "week_of_year", "week", DC_DATE | DC_TS },
    { "day", "day", DC_DATE | DC_TS | DC_IDS },
    { "day_of_month", "day", DC_DATE | DC_TS | DC_IDS },
    { "day_of_week", "day_of_week", DC_DATE | DC_TS },
    { "dow", "day_of_week", DC_DATE | DC_TS },
    { "day_of_year", "day_of_year", DC_DATE | DC_TS },
    { "doy", "day_of_year", DC_DATE | DC_TS },
    { "year_of_week", "year_of_week", DC_DATE | DC_TS },
    { "yow", "year_of_week", DC_DATE | DC_TS },
    { "hour", "hour", DC_TS | DC_TIME | DC_IDS },
    { "minute", "minute", DC_TS | DC_TIME | DC_IDS },
    { "second", "second", DC_TS | DC_TIME | DC_IDS },
    { "millisecond", "millisecond", DC_TS | DC_TIME | DC_IDS },
};

static const char *const others[] = {
    "last_day_of_month", "date_trunc", "date_add", "date_diff",
    "format_datetime", "date_format", "date_parse", "from_iso8601_date",
    "to_iso8601", "current_date", "localtime", "localtimestamp",
    "current_timestamp", "current_time", "now", "from_unixtime",
    "to_unixtime", "from_iso8601_timestamp", "at_timezone", "with_timezone",
    "timezone_hour", "timezone_minute", "current_timezone", NULL };

/* The units date_trunc/add/diff take over a timestamp (with time zone). */
static bool tz_unit_ok(eng_str u)
{
    static const char *const units[] = {"millisecond", "second", "minute",
        "hour", "day", "week", "month", "quarter", "year", NULL};
    for (int i = 0; units[i]; i++)
        if (strlen(units[i]) == u.len && !strncasecmp(units[i], u.ptr, u.len))
            return true;
    return false;
}

static int part_index(const char *name)
{
    for (size_t i = 0; i < sizeof parts / sizeof *parts; i++)
        if (!strcmp(name, parts[i].name))
            return (int)i;
    return -1;
}

/* True when name is one of this file's functions. */
bool bind_is_date_func(const char *name)
{
    return part_index(name) >= 0 || bind_name_in(name, others);
}

static unsigned class_of(eng_type_id id)
{
    switch (id) {
    case ENG_T_DATE: return DC_DATE;
    case ENG_T_TIMESTAMP: return DC_TS;
    case ENG_T_TIME: return DC_TIME;
    case ENG_T_INTERVAL_DS: return DC_IDS;
    case ENG_T_INTERVAL_YM: return DC_IYM;
    default: return 0;
    }
}

/*
 * Accepts *a when its class is in `classes`: a date where only a
 * timestamp fits becomes timestamp(0), NULL the first class's type.
 * Returns false on mismatch; *rc gets an error on OOM.
 */
static bool fit_dt(bctx *b, plan_expr **a, unsigned classes, eng_rc *rc)
{
    eng_type_id id = (*a)->type.id;
    eng_type to;
    if (class_of(id) & classes)
        return true;
    if (id == ENG_T_DATE && (classes & DC_TS))
        to = eng_type_timestamp(0);
    else if (id != ENG_T_UNKNOWN)
        return false;
    else if (classes & DC_DATE)
        to = eng_type_make(ENG_T_DATE);
    else if (classes & DC_TS)
        to = eng_type_timestamp(ENG_TS_DEFAULT_PRECISION);
    else
        to = eng_type_time(ENG_TS_DEFAULT_PRECISION);
    if (!*rc)
        *rc = bind_coerce(b, *a, to, a);
    return true;
}

/* A constant zone (a name, or an interval offset of at_timezone) is
 * checked at bind time, as Trino does; 22023 naming it. */
static eng_rc check_zone(bctx *b, const ast_expr *e, const plan_expr *z)
{
    if (z->kind != PX_CONST || z->value.is_null)
        return ENG_OK;
    int32_t key;
    eng_rc rc = z->type.id == ENG_T_INTERVAL_DS
                ? eng_tz_interval_key(z->value.u.i, &key, b->err)
                : eng_tz_lookup(z->value.u.s.ptr, z->value.u.s.len, &key,
                                b->err);
    if (rc)
        b->err->position = e->pos;
    return rc;
}

/* localtimestamp(p) / localtime(p): the precision argument, a constant
 * 0..6 (the parser passes it as an integer literal). */
static eng_rc clock_precision(bctx *b, const ast_expr *e, plan_expr **args,
                              int n, int *p)
{
    *p = ENG_TS_DEFAULT_PRECISION;
    if (n == 0)
        return ENG_OK;
    if (n != 1 || args[0]->kind != PX_CONST ||
        !eng_type_is_integer(args[0]->type.id) || args[0]->value.is_null)
        return bind_bad_args(b, e, e->name.parts[e->name.nparts - 1], args, n);
    if (args[0]->value.u.i < 0 || args[0]->value.u.i > ENG_TS_MAX_PRECISION)
        return eng_err_set(b->err, ENG_ERR_FEATURE_NOT_SUPPORTED, e->pos,
                           "Precision %lld is not supported (0 to %d)",
                           (long long)args[0]->value.u.i, ENG_TS_MAX_PRECISION);
    *p = (int)args[0]->value.u.i;
    return ENG_OK;
}

/*
 * Binds the call e of the date function `name` (bind_is_date_func).
 * Wrong arity or types: 42883 listing the argument types.
 */
eng_rc bind_func_date(bexpr_ctx *x, const ast_expr *e, const char *name,
                      plan_expr **out)
{
    bctx *b = x->b;
    int n = e->nargs;
    plan_expr **args;
    eng_rc arc = bind_scalar_args(x, e, name, &args);
    if (arc)
        return arc;
    eng_rc rc = ENG_OK;
    eng_type t;
    int pi = part_index(name);
    bool has_tz = false;
    for (int i = 0; i < n; i++)
        has_tz |= eng_type_is_tz(args[i]->type.id);
    /* the fields, last_day_of_month and format_datetime read the
     * wall-clock value in the value's own zone: the cast to timestamp(p)
     * (time(p)) is exactly that */
    /* format_datetime over a value with a zone keeps it when the pattern
     * may print the zone (z/Z letters, or a pattern not known now):
     * exec/expr_func_tz.c fills those letters in per row */
    bool fmt_zone = !strcmp(name, "format_datetime") && has_tz && n == 2 &&
        args[0]->type.id == ENG_T_TIMESTAMP_TZ &&
        !(args[1]->kind == PX_CONST && !args[1]->value.is_null &&
          args[1]->type.id == ENG_T_VARCHAR &&
          !memchr(args[1]->value.u.s.ptr, 'z', args[1]->value.u.s.len) &&
          !memchr(args[1]->value.u.s.ptr, 'Z', args[1]->value.u.s.len));
    if (has_tz && !fmt_zone && (pi >= 0 || !strcmp(name, "last_day_of_month") ||
                   !strcmp(name, "format_datetime") ||
                   !strcmp(name, "date_format"))) {
        for (int i = 0; i < n && !rc; i++)
            if (eng_type_is_tz(args[i]->type.id))
                rc = bind_coerce(b, args[i],
                                 args[i]->type.id == ENG_T_TIME_TZ
                                     ? eng_type_time(args[i]->type.precision)
                                     : eng_type_timestamp(
                                           args[i]->type.precision),
                                 &args[i]);
        if (rc)
            return rc;
    }
    if (fmt_zone) {
        if (!bind_fit_arg(b, &args[1], ENG_T_VARCHAR, &rc))
            return bind_bad_args(b, e, name, args, n);
        t = eng_type_varchar(0);
    } else if (has_tz && (!strcmp(name, "date_trunc") || !strcmp(name, "date_add") ||
                   !strcmp(name, "date_diff"))) {
        int last = n - 1;
        bool add = name[5] == 'a';
        if (n != (add || name[5] == 'd' ? 3 : 2) ||
            !bind_fit_arg(b, &args[0], ENG_T_VARCHAR, &rc) ||
            (add && !bind_fit_arg(b, &args[1], ENG_T_BIGINT, &rc)))
            return bind_bad_args(b, e, name, args, n);
        if (name[5] == 'd') {   /* date_diff: both with time zone */
            eng_type c;
            if (bind_time_common_type(args[1]->type, args[2]->type, &c) != 1 ||
                c.id != ENG_T_TIMESTAMP_TZ)
                return bind_bad_args(b, e, name, args, n);
            for (int i = 1; i < 3 && !rc; i++)
                rc = bind_coerce(b, args[i], c, &args[i]);
            t = eng_type_make(ENG_T_BIGINT);
        } else {
            if (args[last]->type.id != ENG_T_TIMESTAMP_TZ)
                return bind_bad_args(b, e, name, args, n);
            t = args[last]->type;
        }
        /* a constant unit is checked now, as for timestamps */
        if (!rc && args[0]->kind == PX_CONST && !args[0]->value.is_null &&
            !tz_unit_ok(args[0]->value.u.s))
            return eng_err_set(b->err, ENG_ERR_INVALID_PARAMETER_VALUE, e->pos,
                               "'%.*s' is not a valid TIMESTAMP field",
                               (int)args[0]->value.u.s.len,
                               args[0]->value.u.s.ptr);
    } else if (!strcmp(name, "timezone_hour") || !strcmp(name, "timezone_minute")) {
        if (n != 1 || !eng_type_is_tz(args[0]->type.id))
            return bind_bad_args(b, e, name, args, n);
        t = eng_type_make(ENG_T_BIGINT);
    } else if (!strcmp(name, "at_timezone") ||
               !strcmp(name, "with_timezone")) {
        bool at = name[0] == 'a';
        /* at_timezone also takes an offset as interval day to second */
        if (n != 2 || !((at && args[1]->type.id == ENG_T_INTERVAL_DS) ||
                        bind_fit_arg(b, &args[1], ENG_T_VARCHAR, &rc)))
            return bind_bad_args(b, e, name, args, n);
        eng_type_id a0 = args[0]->type.id;
        if (e->at_tz && (a0 == ENG_T_TIME || a0 == ENG_T_TIME_TZ)) {
            /* x AT TIME ZONE z of a time: a time with time zone at z's
             * offset (a time takes the session zone first), as Trino;
             * the function at_timezone has no such form there */
            if (a0 == ENG_T_TIME && !rc)
                rc = bind_coerce(b, args[0], eng_type_time_tz(
                                     args[0]->type.precision), &args[0]);
            if (!rc)
                rc = check_zone(b, e, args[1]);
            if (rc)
                return rc;
            t = args[0]->type;
        } else {
        if (at && a0 == ENG_T_TIMESTAMP && !rc)  /* Trino's coercion */
            rc = bind_coerce(b, args[0],
                             eng_type_timestamp_tz(args[0]->type.precision),
                             &args[0]);
        else if (at && a0 == ENG_T_DATE && !rc)
            rc = bind_coerce(b, args[0], eng_type_timestamp_tz(0), &args[0]);
        else if (!at && a0 == ENG_T_DATE && !rc)
            rc = bind_coerce(b, args[0], eng_type_timestamp(0), &args[0]);
        else if (a0 == ENG_T_UNKNOWN && !rc)
            rc = bind_coerce(b, args[0], at ? eng_type_timestamp_tz(3)
                                            : eng_type_timestamp(3), &args[0]);
        if (rc)
            return rc;
        if (args[0]->type.id != (at ? ENG_T_TIMESTAMP_TZ : ENG_T_TIMESTAMP))
            return bind_bad_args(b, e, name, args, n);
        if ((rc = check_zone(b, e, args[1])))
            return rc;
        t = eng_type_timestamp_tz(args[0]->type.precision);
        }
    } else if (!strcmp(name, "to_unixtime")) {
        if (n == 1 && args[0]->type.id == ENG_T_TIMESTAMP)
            rc = bind_coerce(b, args[0],
                             eng_type_timestamp_tz(args[0]->type.precision),
                             &args[0]);
        if (rc)
            return rc;
        if (n != 1 || args[0]->type.id != ENG_T_TIMESTAMP_TZ)
            return bind_bad_args(b, e, name, args, n);
        t = eng_type_make(ENG_T_DOUBLE);
    } else if (!strcmp(name, "from_unixtime")) {
        if (n < 1 || n > 2 ||
            (n == 2 && !bind_fit_arg(b, &args[1], ENG_T_VARCHAR, &rc)))
            return bind_bad_args(b, e, name, args, n);
        if (!eng_type_is_numeric(args[0]->type.id) &&
            args[0]->type.id != ENG_T_UNKNOWN)
            return bind_bad_args(b, e, name, args, n);
        if (!rc)
            rc = bind_coerce(b, args[0], eng_type_make(ENG_T_DOUBLE), &args[0]);
        if (rc)
            return rc;
        if (n == 2 && args[1]->kind == PX_CONST && !args[1]->value.is_null) {
            int32_t key;
            if ((rc = eng_tz_lookup(args[1]->value.u.s.ptr,
                                    args[1]->value.u.s.len, &key, b->err))) {
                b->err->position = e->pos;
                return rc;
            }
        }
        t = eng_type_timestamp_tz(3);
    } else if (!strcmp(name, "from_iso8601_timestamp")) {
        if ((rc = BIND_SIG(b, e, name, args, n, 1, ENG_T_VARCHAR)))
            return rc;
        t = eng_type_timestamp_tz(3);
    } else if (!strcmp(name, "current_timestamp") || !strcmp(name, "now") ||
               !strcmp(name, "current_time")) {
        int p;
        if (name[0] == 'n' && n != 0)
            return bind_bad_args(b, e, name, args, n);
        if ((rc = clock_precision(b, e, args, n, &p)) != ENG_OK)
            return rc;
        t = strcmp(name, "current_time") ? eng_type_timestamp_tz(p)
                                              : eng_type_time_tz(p);
        n = 0;
    } else if (pi >= 0) {
        if (e->extract && n == 1 && args[0]->type.id != ENG_T_UNKNOWN &&
            !(class_of(args[0]->type.id) & parts[pi].classes)) {
            char up[32];
            size_t k = 0;
            for (; parts[pi].name[k] && k < sizeof up - 1; k++)
                up[k] = (char)(parts[pi].name[k] - 32 * (parts[pi].name[k] >= 'a'));
            up[k] = 0;
            return eng_err_set(b->err, ENG_ERR_DATATYPE_MISMATCH, e->pos,
                               "Cannot extract %s from %s", up,
                               bind_type_str(b, args[0]->type));
        }
        if (n != 1 || !fit_dt(b, &args[0], parts[pi].classes, &rc))
            return bind_bad_args(b, e, name, args, n);
        name = parts[pi].canon;
        t = eng_type_make(ENG_T_BIGINT);
    } else if (!strcmp(name, "last_day_of_month")) {
        if (n != 1 || !fit_dt(b, &args[0], DC_DATE | DC_TS, &rc))
            return bind_bad_args(b, e, name, args, n);
        t = eng_type_make(ENG_T_DATE);
    } else if (!strcmp(name, "date_trunc")) {
        if (n != 2 || !bind_fit_arg(b, &args[0], ENG_T_VARCHAR, &rc) ||
            !fit_dt(b, &args[1], DC_DATE | DC_TS | DC_TIME, &rc))
            return bind_bad_args(b, e, name, args, n);
        t = args[1]->type;
    } else if (!strcmp(name, "date_add")) {
        if (n != 3 || !bind_fit_arg(b, &args[0], ENG_T_VARCHAR, &rc) ||
            !bind_fit_arg(b, &args[1], ENG_T_BIGINT, &rc) ||
            !fit_dt(b, &args[2], DC_DATE | DC_TS | DC_TIME, &rc))
            return bind_bad_args(b, e, name, args, n);
        t = args[2]->type;
    } else if (!strcmp(name, "date_diff")) {
        if (n != 3 || !bind_fit_arg(b, &args[0], ENG_T_VARCHAR, &rc) ||
            !fit_dt(b, &args[1], DC_DATE | DC_TS | DC_TIME, &rc) ||
            !fit_dt(b, &args[2], DC_DATE | DC_TS | DC_TIME, &rc))
            return bind_bad_args(b, e, name, args, n);
        /* date and timestamp meet as the timestamp (Trino's coercion) */
        eng_type c;
        if (bind_time_common_type(args[1]->type, args[2]->type, &c) != 1)
            return bind_bad_args(b, e, name, args, n);
        for (int i = 1; i < 3 && !rc; i++)
            rc = bind_coerce(b, args[i], c, &args[i]);
        t = eng_type_make(ENG_T_BIGINT);
    } else if (!strcmp(name, "format_datetime") ||
               !strcmp(name, "date_format")) {
        if (n != 2 || !fit_dt(b, &args[0], DC_DATE | DC_TS, &rc) ||
            !bind_fit_arg(b, &args[1], ENG_T_VARCHAR, &rc))
            return bind_bad_args(b, e, name, args, n);
        t = eng_type_varchar(0);
    } else if (!strcmp(name, "date_parse")) {
        if ((rc = BIND_SIG(b, e, name, args, n, 2, ENG_T_VARCHAR,
                           ENG_T_VARCHAR)))
            return rc;
        t = eng_type_timestamp(3);
    } else if (!strcmp(name, "from_iso8601_date")) {
        if ((rc = BIND_SIG(b, e, name, args, n, 1, ENG_T_VARCHAR)))
            return rc;
        t = eng_type_make(ENG_T_DATE);
    } else if (!strcmp(name, "to_iso8601")) {
        if (n != 1 || (args[0]->type.id != ENG_T_TIMESTAMP_TZ &&
                       !fit_dt(b, &args[0], DC_DATE | DC_TS, &rc)))
            return bind_bad_args(b, e, name, args, n);
        t = eng_type_varchar(0);
    } else if (!strcmp(name, "current_date")) {
        if (n != 0)
            return bind_bad_args(b, e, name, args, n);
        t = eng_type_make(ENG_T_DATE);
    } else if (!strcmp(name, "current_timezone")) {
        if (n != 0)
            return bind_bad_args(b, e, name, args, n);
        t = eng_type_varchar(0);
    } else { /* localtime, localtimestamp */
        int p;
        if ((rc = clock_precision(b, e, args, n, &p)) != ENG_OK)
            return rc;
        t = name[9] ? eng_type_timestamp(p) : eng_type_time(p);
        n = 0;
    }
    if (rc)
        return rc;
    return bind_make_func(b, name, t, args, n, e->pos, out);
}
