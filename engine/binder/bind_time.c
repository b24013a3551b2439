/*
 * engine/binder/bind_time.c
 *   The binder's part of timestamps, times and intervals: their type
 *   names, their literals (TIMESTAMP '...', TIME '...', INTERVAL '...'
 *   qualifier), the arithmetic operators over them with Trino's result
 *   types, and their implicit coercions.
 * Interface (bind_int.h): bind_time_type, bind_time_literal,
 *   bind_time_common_type, bind_time_arith_applies, bind_time_arith.
 * Not here: evaluation (exec/expr_time.c); text forms and parsing of
 *   timestamp and time values (types/timestamp.c).
 *
 * Trino's rules, from its operator signatures:
 *   timestamp(p) +/- interval day to second -> timestamp(max(3, p))
 *   timestamp(p) +/- interval year to month -> timestamp(p)
 *   date +/- interval day to second -> date (whole days only, else 22023)
 *   date +/- interval year to month -> date
 *   time(p) +/- interval day to second -> time(max(3, p)), wrapping
 *   timestamp - timestamp, time - time -> interval day to second
 *   interval +/- interval (same kind), -interval
 *   interval * number, number * interval, interval / number
 * A date meeting a timestamp becomes the timestamp's midnight (Trino's
 * implicit date -> timestamp coercion); date - date has no operator.
 */
#include <stdio.h>
#include <string.h>
#include "bind_int.h"

/* ------------------------------------------------------------------ */
/* Types                                                               */

/* One of Trino's two interval types named by a qualifier, or -1. */
static int interval_type(const char *qual)
{
    if (!strcmp(qual, "year to month") || !strcmp(qual, "year") ||
        !strcmp(qual, "month"))
        return ENG_T_INTERVAL_YM;
    if (!strcmp(qual, "day to second") || !strcmp(qual, "day") ||
        !strcmp(qual, "hour") || !strcmp(qual, "minute") ||
        !strcmp(qual, "second") || !strcmp(qual, "day to hour") ||
        !strcmp(qual, "day to minute") || !strcmp(qual, "hour to minute") ||
        !strcmp(qual, "hour to second") || !strcmp(qual, "minute to second"))
        return ENG_T_INTERVAL_DS;
    return -1;
}

static eng_rc bad_precision(bctx *b, const ast_type_name *t)
{
    return eng_err_set(b->err, ENG_ERR_FEATURE_NOT_SUPPORTED, t->pos,
                       "Type %s(%d) is not supported (precision 0 to %d)",
                       t->name, t->p1, ENG_TS_MAX_PRECISION);
}

/*
 * Fills *out when t names timestamp(p), time(p) or an interval type and
 * sets *matched; leaves *matched false for other names (the types with
 * a time zone included). Errors: 0A000 for precisions above 6.
 */
eng_rc bind_time_type(bctx *b, const ast_type_name *t, eng_type *out,
                      bool *matched)
{
    const char *n = t->name ? t->name : "";
    *matched = true;
    if (!strcmp(n, "timestamp") || !strcmp(n, "time")) {
        int p = t->p1 < 0 ? ENG_TS_DEFAULT_PRECISION : t->p1;
        if (p > ENG_TS_MAX_PRECISION)
            return bad_precision(b, t);
        *out = n[4] ? eng_type_timestamp(p) : eng_type_time(p);
        return ENG_OK;
    }
    if (!strcmp(n, "timestamp with time zone") ||
        !strcmp(n, "time with time zone")) {
        int p = t->p1 < 0 ? ENG_TS_DEFAULT_PRECISION : t->p1;
        if (p > ENG_TS_MAX_PRECISION)
            return bad_precision(b, t);
        *out = n[4] == 's' ? eng_type_timestamp_tz(p) : eng_type_time_tz(p);
        return ENG_OK;
    }
    if (!strncmp(n, "interval ", 9)) {
        int id = interval_type(n + 9);
        /* as a type, Trino has exactly the two full qualifiers */
        if (strcmp(n + 9, "day to second") && strcmp(n + 9, "year to month"))
            return eng_err_set(b->err, ENG_ERR_FEATURE_NOT_SUPPORTED, t->pos,
                               "Type '%s' is not supported (interval day to "
                               "second or interval year to month)", n);
        *out = eng_type_make((eng_type_id)id);
        return ENG_OK;
    }
    *matched = false;
    return ENG_OK;
}

/* ------------------------------------------------------------------ */
/* Literals                                                            */

/* A PX_CONST holding *v. */
static eng_rc make_const(bctx *b, const eng_value *v, int pos, plan_expr **out)
{
    plan_expr *e = bind_new(b, PX_CONST, v->type, pos);
    if (!e)
        return eng_err_oom(b->err);
    e->value = *v;
    *out = e;
    return ENG_OK;
}

static eng_rc bad_interval(bctx *b, const ast_expr *e, const char *qual)
{
    return eng_err_set(b->err, ENG_ERR_INVALID_DATETIME_FORMAT, e->pos,
                       "Invalid INTERVAL %s value: '%.*s'", qual,
                       e->text_len > 100 ? 100 : e->text_len,
                       e->text ? e->text : "");
}

/* Field order: 0 year, 1 month, 2 day, 3 hour, 4 minute, 5 second. */
static int field_index(const char *f, size_t n)
{
    static const char *const names[] = {"year", "month", "day", "hour",
                                        "minute", "second"};
    for (int i = 0; i < 6; i++)
        if (strlen(names[i]) == n && !strncmp(names[i], f, n))
            return i;
    return -1;
}

/*
 * Parses the text of INTERVAL 'text' <from> [TO <to>] into months or
 * milliseconds. Every field takes any number of digits and any value,
 * carried into the larger fields as Trino does ('1-13' YEAR TO MONTH is
 * 2-1, '1 25:00:00' DAY TO SECOND is 2 01:00:00; overflow is 22003);
 * seconds take up to 3 fraction digits (Trino keeps milliseconds). A
 * leading sign in the text negates the whole value.
 */
static eng_rc interval_value(bctx *b, const ast_expr *e, const char *qual,
                             int64_t *out)
{
    static const int64_t ms_of[6] = {0, 0, 86400000LL, 3600000LL, 60000LL,
                                     1000LL};
    static const char sep_before[6] = {0, '-', 0, ' ', ':', ':'};
    const char *to = strstr(qual, " to ");
    int f1 = field_index(qual, to ? (size_t)(to - qual) : strlen(qual));
    int f2 = to ? field_index(to + 4, strlen(to + 4)) : f1;
    const char *s = e->text ? e->text : "";
    size_t n = (size_t)e->text_len, i = 0;
    bool neg = false;
    int64_t total = 0;
    if (f1 < 0 || f2 < f1)
        return bad_interval(b, e, qual);
    while (i < n && s[i] == ' ')
        i++;
    while (n > i && s[n - 1] == ' ')
        n--;
    if (i < n && (s[i] == '-' || s[i] == '+'))
        neg = s[i++] == '-';
    for (int f = f1; f <= f2; f++) {
        if (f > f1) {
            if (i >= n || s[i] != sep_before[f])
                return bad_interval(b, e, qual);
            i++;
        }
        int64_t v = 0;
        size_t start = i;
        while (i < n && s[i] >= '0' && s[i] <= '9') {
            if (__builtin_mul_overflow(v, 10, &v) ||
                __builtin_add_overflow(v, s[i] - '0', &v))
                return eng_err_set(b->err, ENG_ERR_NUMERIC_VALUE_OUT_OF_RANGE,
                                   e->pos, "Interval value '%.*s' is out of "
                                   "range", e->text_len > 100 ? 100
                                   : e->text_len, s);
            i++;
        }
        if (i == start)
            return bad_interval(b, e, qual);
        int64_t part;
        if (f <= 1) {
            if (v > INT32_MAX)
                return eng_err_set(b->err, ENG_ERR_NUMERIC_VALUE_OUT_OF_RANGE,
                                   e->pos, "Interval value '%.*s' is out of "
                                   "range", e->text_len > 100 ? 100
                                   : e->text_len, s);
            part = f == 0 ? v * 12 : v;
        } else if (__builtin_mul_overflow(v, ms_of[f], &part)) {
            return eng_err_set(b->err, ENG_ERR_NUMERIC_VALUE_OUT_OF_RANGE,
                               e->pos, "Interval value '%.*s' is out of range",
                               e->text_len > 100 ? 100 : e->text_len, s);
        }
        if (f == 5 && i < n && s[i] == '.') {
            int k = 0;
            int64_t ms = 0;
            i++;
            while (i < n && s[i] >= '0' && s[i] <= '9') {
                if (++k > 3)
                    return bad_interval(b, e, qual);
                ms = ms * 10 + (s[i] - '0');
                i++;
            }
            if (k == 0)
                return bad_interval(b, e, qual);
            while (k++ < 3)
                ms *= 10;
            part += ms;
        }
        if (__builtin_add_overflow(total, part, &total))
            return eng_err_set(b->err, ENG_ERR_NUMERIC_VALUE_OUT_OF_RANGE,
                               e->pos, "Interval value '%.*s' is out of range",
                               e->text_len > 100 ? 100 : e->text_len, s);
    }
    if (i != n)
        return bad_interval(b, e, qual);
    if (f1 <= 1 && total > INT32_MAX)
        return eng_err_set(b->err, ENG_ERR_NUMERIC_VALUE_OUT_OF_RANGE, e->pos,
                           "Interval value '%.*s' is out of range",
                           e->text_len > 100 ? 100 : e->text_len, s);
    *out = neg ? -total : total;
    return ENG_OK;
}

/*
 * Typed literals of the time types: TIMESTAMP 'text' is timestamp(p) with
 * p the fraction digits written (Trino), TIME 'text' likewise, INTERVAL
 * 'text' <qualifier> one of the two interval types; a zone at the end of
 * the text ('2020-01-01 10:00 America/New_York', '10:00+05:00') makes
 * it the type with time zone (a zone-less text under that type name
 * takes the session zone). Sets *matched false (and does nothing) for
 * other type names. Errors: 22007 for bad text, 22023 for an unknown
 * zone, 0A000 for precisions above 6.
 */
eng_rc bind_time_literal(bctx *b, const ast_expr *e, plan_expr **out,
                         bool *matched)
{
    const char *n = e->type_name.name ? e->type_name.name : "";
    const char *text = e->text ? e->text : "";
    size_t len = e->text ? (size_t)e->text_len : 0;
    eng_value v;
    eng_rc rc;
    int nd = 0;
    memset(&v, 0, sizeof v);
    *matched = true;
    if (!strcmp(n, "timestamp") && eng_ts_text_has_zone(text, len)) {
        /* TIMESTAMP '... zone' is a timestamp with time zone (Trino) */
        rc = eng_tstz_parse(text, len, sess_tz(b->c), &v.u.tz, &nd, b->err);
        v.type = eng_type_timestamp_tz(nd);
    } else if (!strcmp(n, "time") && eng_time_text_has_zone(text, len)) {
        rc = eng_timetz_parse(text, len, ENG_TZ_UTC, &v.u.tz, &nd, b->err);
        v.type = eng_type_time_tz(nd);
    } else if (!strcmp(n, "timestamp")) {
        rc = eng_ts_parse(text, len, &v.u.i, &nd, b->err);
        v.type = eng_type_timestamp(nd);
    } else if (!strcmp(n, "time")) {
        rc = eng_time_parse(text, len, &v.u.i, &nd, b->err);
        v.type = eng_type_time(nd);
    } else if (!strncmp(n, "interval ", 9)) {
        int id = interval_type(n + 9);
        if (id < 0)
            return eng_err_set(b->err, ENG_ERR_SYNTAX_ERROR, e->pos,
                               "Invalid interval qualifier '%s'", n + 9);
        v.type = eng_type_make((eng_type_id)id);
        rc = interval_value(b, e, n + 9, &v.u.i);
    } else {
        *matched = false;
        return ENG_OK;
    }
    if (rc) {
        b->err->position = e->pos;
        return rc;
    }
    return make_const(b, &v, e->pos, out);
}

/* ------------------------------------------------------------------ */
/* Coercions and arithmetic                                            */

static int imax(int a, int b) { return a > b ? a : b; }

/*
 * Common super type when a or b is a time type: timestamp(p) and
 * timestamp(q) -> timestamp(max), date and timestamp(p) -> timestamp(p),
 * time(p) and time(q) -> time(max); intervals only with their own kind.
 * Returns 1 with *out set, 0 when there is none, -1 when neither is a
 * time type (the caller's numeric rules apply).
 */
int bind_time_common_type(eng_type a, eng_type b, eng_type *out)
{
    bool ta = a.id == ENG_T_DATE || eng_type_is_temporal64(a.id) ||
              eng_type_is_tz(a.id);
    bool tb = b.id == ENG_T_DATE || eng_type_is_temporal64(b.id) ||
              eng_type_is_tz(b.id);
    if (!ta && !tb)
        return -1;
    if (a.id == b.id) {
        *out = a;
        if (a.id == ENG_T_TIMESTAMP || a.id == ENG_T_TIME ||
            eng_type_is_tz(a.id))
            out->precision = imax(a.precision, b.precision);
        return 1;
    }
    /* date and timestamp(p) meet a timestamp with time zone in the
     * session zone (Trino's implicit coercions); time with time zone */
    if (a.id == ENG_T_TIMESTAMP_TZ || b.id == ENG_T_TIMESTAMP_TZ) {
        eng_type o = a.id == ENG_T_TIMESTAMP_TZ ? b : a;
        eng_type z = a.id == ENG_T_TIMESTAMP_TZ ? a : b;
        if (o.id != ENG_T_DATE && o.id != ENG_T_TIMESTAMP)
            return 0;
        *out = eng_type_timestamp_tz(o.id == ENG_T_DATE
                                         ? z.precision
                                         : imax(z.precision, o.precision));
        return 1;
    }
    if (a.id == ENG_T_TIME_TZ || b.id == ENG_T_TIME_TZ) {
        eng_type o = a.id == ENG_T_TIME_TZ ? b : a;
        eng_type z = a.id == ENG_T_TIME_TZ ? a : b;
        if (o.id != ENG_T_TIME)
            return 0;
        *out = eng_type_time_tz(imax(z.precision, o.precision));
        return 1;
    }
    if ((a.id == ENG_T_DATE && b.id == ENG_T_TIMESTAMP) ||
        (b.id == ENG_T_DATE && a.id == ENG_T_TIMESTAMP)) {
        *out = a.id == ENG_T_TIMESTAMP ? a : b;
        return 1;
    }
    return 0;
}

/* True when an arithmetic operator with these operand types is one of
 * the time operators (either side a date, timestamp, time or interval). */
bool bind_time_arith_applies(eng_type_id l, eng_type_id r)
{
    return l == ENG_T_DATE || r == ENG_T_DATE || eng_type_is_temporal64(l) ||
           eng_type_is_temporal64(r);
}

static bool is_interval(eng_type_id id)
{
    return id == ENG_T_INTERVAL_DS || id == ENG_T_INTERVAL_YM;
}

static const char *op_text(ast_op op)
{
    switch (op) {
    case AOP_ADD: return "+";
    case AOP_SUB: return "-";
    case AOP_MUL: return "*";
    case AOP_DIV: return "/";
    default: return "%";
    }
}

static plan_op plan_op_of(ast_op op)
{
    switch (op) {
    case AOP_ADD: return PO_ADD;
    case AOP_SUB: return PO_SUB;
    case AOP_MUL: return PO_MUL;
    default: return PO_DIV;
    }
}

/* Builds PX_OP op(l, r) of result type t. */
static eng_rc make_op(bctx *b, plan_op op, eng_type t, plan_expr *l,
                      plan_expr *r, int pos, plan_expr **out)
{
    plan_expr *e = bind_new(b, PX_OP, t, pos);
    if (!e || bind_args(b, e, 2))
        return eng_err_oom(b->err);
    e->op = op;
    e->args[0] = l;
    e->args[1] = r;
    *out = e;
    return ENG_OK;
}

/* An interval times or divided by a number: integers become bigint, any
 * other number double. */
static eng_rc scale_op(bctx *b, ast_op op, plan_expr *iv, plan_expr *num,
                       bool iv_left, int pos, plan_expr **out)
{
    eng_type nt = eng_type_is_integer(num->type.id) ||
                  num->type.id == ENG_T_UNKNOWN
                  ? eng_type_make(ENG_T_BIGINT) : eng_type_make(ENG_T_DOUBLE);
    if (bind_coerce(b, num, nt, &num))
        return ENG_NOMEM;
    return make_op(b, plan_op_of(op), iv->type, iv_left ? iv : num,
                   iv_left ? num : iv, pos, out);
}

/*
 * Binds l op r when bind_time_arith_applies (see the rules at the top).
 * Errors: 42804 "Cannot apply operator" for combinations Trino lacks.
 */
eng_rc bind_time_arith(bctx *b, ast_op aop, plan_expr *l, plan_expr *r,
                       int pos, plan_expr **out)
{
    eng_type lt = l->type, rt = r->type;
    eng_type_id li = lt.id, ri = rt.id;
    plan_op op = plan_op_of(aop);
    if (li == ENG_T_UNKNOWN && is_interval(ri) && aop != AOP_MUL &&
        aop != AOP_DIV) {
        lt = rt;
        li = ri;
    } else if (ri == ENG_T_UNKNOWN && is_interval(li) && aop != AOP_MUL &&
               aop != AOP_DIV) {
        rt = lt;
        ri = li;
    }
    if (bind_coerce(b, l, lt, &l) || bind_coerce(b, r, rt, &r))
        return ENG_NOMEM;
    if (aop == AOP_ADD || aop == AOP_SUB) {
        /* datetime +/- interval (and interval + datetime) */
        bool swap = aop == AOP_ADD && is_interval(li) && !is_interval(ri);
        plan_expr *d = swap ? r : l, *iv = swap ? l : r;
        eng_type dt = d->type;
        if (is_interval(iv->type.id) && !is_interval(dt.id)) {
            eng_type_id k = iv->type.id;
            eng_type res;
            if (dt.id == ENG_T_DATE)
                res = dt;
            else if (dt.id == ENG_T_TIMESTAMP)
                res = k == ENG_T_INTERVAL_DS
                      ? eng_type_timestamp(imax(3, dt.precision)) : dt;
            else if (dt.id == ENG_T_TIME && k == ENG_T_INTERVAL_DS)
                res = eng_type_time(imax(3, dt.precision));
            else
                goto mismatch;
            return make_op(b, op, res, l, r, pos, out);
        }
        /* interval +/- interval of one kind */
        if (is_interval(li) && li == ri)
            return make_op(b, op, lt, l, r, pos, out);
        /* timestamp - timestamp (a date becomes a timestamp), time - time */
        if (aop == AOP_SUB) {
            eng_type c;
            if (bind_time_common_type(lt, rt, &c) == 1 &&
                (c.id == ENG_T_TIMESTAMP || c.id == ENG_T_TIME)) {
                if (bind_coerce(b, l, c, &l) || bind_coerce(b, r, c, &r))
                    return ENG_NOMEM;
                return make_op(b, op, eng_type_make(ENG_T_INTERVAL_DS), l, r,
                               pos, out);
            }
        }
        goto mismatch;
    }
    if (aop == AOP_MUL || aop == AOP_DIV) {
        bool num_r = eng_type_is_numeric(ri) || ri == ENG_T_UNKNOWN;
        bool num_l = eng_type_is_numeric(li) || li == ENG_T_UNKNOWN;
        if (is_interval(li) && num_r)
            return scale_op(b, aop, l, r, true, pos, out);
        if (aop == AOP_MUL && is_interval(ri) && num_l)
            return scale_op(b, aop, r, l, false, pos, out);
    }
mismatch:
    return eng_err_set(b->err, ENG_ERR_DATATYPE_MISMATCH, pos,
                       "Cannot apply operator: %s %s %s",
                       bind_type_str(b, l->type), op_text(aop),
                       bind_type_str(b, r->type));
}
