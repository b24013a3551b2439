/*
 * engine/exec/expr_func_tz.c
 *   The functions over timestamp / time with time zone, with Trino's
 *   semantics: at_timezone (AT TIME ZONE), with_timezone, current_timestamp
 *   / now, current_time, from_unixtime(x[, zone]), to_unixtime,
 *   timezone_hour, timezone_minute, from_iso8601_timestamp, to_iso8601,
 *   date_trunc / date_add / date_diff of a timestamp with time zone
 *   (DST-correct: through the wall-clock time in the zone), and
 *   format_datetime of one with the zone letters z/Z.
 * Interface: exec_func_tz (exec_int.h).
 * Not here: zone rules (types/tzone.c); the fields and format_datetime,
 *   which the binder feeds the wall-clock timestamp (a cast); the clock
 *   (exec_clock_us, expr_func_dtparse.c); exec_put_text (expr_func.c).
 *
 * A zone argument is looked up per row, with the previous row's answer
 * kept (most calls pass one constant). Unknown zones fail with 22023
 * "Time zone not supported: x", as Trino.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "exec_int.h"

typedef struct zone_memo {
    const char *ptr;
    uint32_t len;
    int32_t key;
    bool set;
} zone_memo;

static eng_rc zone_of(exec_eval *x, const plan_expr *e, zone_memo *m,
                      eng_str s, int32_t *key)
{
    if (m->set && m->len == s.len && (s.len == 0 || !memcmp(m->ptr, s.ptr, s.len))) {
        *key = m->key;
        return ENG_OK;
    }
    eng_rc rc = eng_tz_lookup(s.ptr ? s.ptr : "", s.len, key, x->ctx->err);
    if (rc != ENG_OK) {
        if (x->ctx->err->position == 0)
            x->ctx->err->position = e->pos;
        return rc;
    }
    m->ptr = s.ptr;
    m->len = s.len;
    m->key = *key;
    m->set = true;
    return ENG_OK;
}

/*
 * time with time zone t AT TIME ZONE key: the same instant of the day at
 * the zone's offset. A named zone has no offset without a date; Trino
 * takes the one in force now (the execution's clock), so this does too.
 */
static eng_tstz time_at_zone(exec_ctx *ctx, eng_tstz t, int32_t key)
{
    int32_t off = key;
    if (!eng_tz_is_offset(key))
        off = eng_tz_offset_key(eng_tz_offset_at(
            key, eng_floor_div64(exec_clock_us(ctx), ENG_US_PER_SEC)) / 60);
    int64_t us = t.us - (int64_t)eng_tz_key_offset_min(t.zone) * 60 *
                 ENG_US_PER_SEC + (int64_t)eng_tz_key_offset_min(off) * 60 *
                 ENG_US_PER_SEC;
    eng_tstz r = { us - eng_floor_div64(us, ENG_US_PER_DAY) * ENG_US_PER_DAY,
                   off, 0 };
    return r;
}

/* ISO 8601 "2020-01-01T10:00:00.123-05:00" / "...Z" / a date alone;
 * without an offset, the session zone. */
static eng_rc iso_ts(exec_eval *x, const plan_expr *e, eng_str s,
                     eng_tstz *out)
{
    char buf[80];
    eng_error local = {0};
    int nd;
    if (s.len == 0 || s.len > 64)
        goto bad;
    memcpy(buf, s.ptr, s.len);
    buf[s.len] = 0;
    size_t n = s.len;
    char *t = strchr(buf, 'T');
    if (t)
        *t = ' ';
    if (buf[n - 1] == 'Z') {
        memcpy(buf + n - 1, " UTC", 5);
        n += 3;
    }
    if (strchr(buf, ' ') == NULL && n > 10)
        goto bad;
    if (eng_tstz_parse(buf, n, sess_tz(x->ctx->conn), out, &nd, &local) ||
        nd > 3)
        goto bad;
    eng_ts_round(out->us, 3, &out->us);
    return ENG_OK;
bad:
    return eng_err_set(x->ctx->err, ENG_ERR_INVALID_PARAMETER_VALUE, e->pos,
                       "Invalid format: \"%.*s\"", s.len > 100 ? 100 : (int)s.len,
                       s.ptr ? s.ptr : "");
}

/* True for the units Joda adds and subtracts on the instant (shorter than
 * a day); the others work on the wall-clock time in the zone. */
static bool instant_unit(eng_str u)
{
    static const char *const units[] = {"millisecond", "second", "minute",
                                        "hour", NULL};
    for (int i = 0; units[i]; i++)
        if (strlen(units[i]) == u.len && !strncasecmp(units[i], u.ptr, u.len))
            return true;
    return false;
}

/* The instant of wall-clock time local in zone, keeping the offset of
 * instant hint when it is still valid there (Joda's convertLocalToUTC
 * with the original instant, which date_trunc and date_add use), else
 * the rule of eng_tz_utc_us. */
static int64_t utc_near(int32_t zone, int64_t local, int64_t hint)
{
    int32_t off = eng_tz_offset_at(zone, eng_floor_div64(hint, ENG_US_PER_SEC));
    int64_t cand = local - (int64_t)off * ENG_US_PER_SEC;
    if (eng_tz_offset_at(zone, eng_floor_div64(cand, ENG_US_PER_SEC)) == off)
        return cand;
    return eng_tz_utc_us(zone, local);
}

/*
 * date_trunc, date_add and date_diff over timestamp(p) with time zone:
 * each row's value becomes a timestamp(p) (its wall-clock time in its
 * zone, or for date_diff in the first argument's zone; the UTC instant
 * itself for units shorter than a day, as Joda's zoned fields), the
 * timestamp function of expr_func_date.c runs over those, and a
 * timestamp result goes back to an instant in the row's zone.
 */
static eng_rc tz_date_fn(exec_eval *x, const plan_expr *e, eng_vector *args,
                         int k, int n, eng_vector *out)
{
    bool diff = !strcmp(e->func, "date_diff");
    int first = !strcmp(e->func, "date_add") ? 2 : 1;
    const eng_str *u = args[0].data;
    eng_vector a2[3];
    eng_rc rc;
    for (int j = 0; j < k && j < 3; j++)
        a2[j] = args[j];
    for (int j = first; j < k; j++) {
        eng_type tt = eng_type_timestamp(args[j].type.precision);
        if ((rc = exec_vec_alloc(x->a, tt, n, &a2[j], x->ctx->err)) != ENG_OK)
            return rc;
        memcpy(a2[j].validity, args[j].validity, ((size_t)n + 7) / 8);
        for (int i = 0; i < n; i++) {
            if (!eng_vec_is_valid(out, i))
                continue;
            const eng_tstz *v = &((const eng_tstz *)args[j].data)[i];
            int32_t zone = diff ? ((const eng_tstz *)args[1].data)[i].zone
                                : v->zone;
            ((int64_t *)a2[j].data)[i] =
                instant_unit(u[i]) ? v->us : eng_tz_local_us(zone, v->us);
        }
    }
    plan_expr e2 = *e;
    eng_vector o2;
    bool found;
    if (!diff)
        e2.type = eng_type_timestamp(e->type.precision);
    if ((rc = exec_vec_alloc(x->a, e2.type, n, &o2, x->ctx->err)) != ENG_OK)
        return rc;
    memcpy(o2.validity, out->validity, ((size_t)n + 7) / 8);
    if ((rc = exec_func_date(x, &e2, a2, k, n, &o2, &found)) != ENG_OK)
        return rc;
    for (int i = 0; i < n; i++) {
        if (!eng_vec_is_valid(out, i))
            continue;
        if (diff) {
            ((int64_t *)out->data)[i] = ((const int64_t *)o2.data)[i];
            continue;
        }
        const eng_tstz *v = &((const eng_tstz *)args[first].data)[i];
        int64_t r = ((const int64_t *)o2.data)[i];
        eng_tstz *w = &((eng_tstz *)out->data)[i];
        w->zone = v->zone;
        w->pad = 0;
        w->us = instant_unit(u[i]) ? r : utc_near(v->zone, r, v->us);
    }
    return ENG_OK;
}

/*
 * Rewrites a Joda pattern for one value of zone `zone` at instant us: each
 * run of Z / z outside quotes becomes a quoted literal of what Joda
 * prints (Z -0500, ZZ -05:00, ZZZ the zone id; z the abbreviation, zzz
 * too; four or more z, the full name, is 0A000). Returns the new pattern
 * in arena a, or NULL with *rc set.
 */
static char *zone_pattern(exec_eval *x, const plan_expr *e, eng_str p,
                          int32_t zone, int64_t us, eng_rc *rc)
{
    size_t cap = (size_t)p.len * 2 + 256, o = 0;
    char *out = eng_arena_alloc(x->a, cap);
    if (!out) {
        *rc = eng_err_oom(x->ctx->err);
        return NULL;
    }
    bool quoted = false;
    int64_t secs = eng_floor_div64(us, ENG_US_PER_SEC);
    for (uint32_t i = 0; i < p.len;) {
        char c = p.ptr[i];
        if (c == '\'') {
            quoted = !quoted;
            out[o++] = c;
            i++;
            continue;
        }
        if (quoted || (c != 'Z' && c != 'z')) {
            out[o++] = c;
            i++;
            continue;
        }
        uint32_t run = 0;
        while (i + run < p.len && p.ptr[i + run] == c)
            run++;
        i += run;
        char txt[80];
        if (c == 'z' && run >= 4) {
            *rc = eng_err_set(x->ctx->err, ENG_ERR_FEATURE_NOT_SUPPORTED,
                              e->pos, "format_datetime's full zone name "
                              "(zzzz) is not supported");
            return NULL;
        }
        if (c == 'z') {
            eng_tz_abbrev(zone, secs, txt, sizeof txt);
        } else if (run >= 3) {
            eng_tz_name(zone, txt, sizeof txt);
        } else {
            int off = eng_tz_offset_at(zone, secs), a = off < 0 ? -off : off;
            snprintf(txt, sizeof txt, run == 1 ? "%c%02d%02d" : "%c%02d:%02d",
                     off < 0 ? '-' : '+', a / 3600, a / 60 % 60);
        }
        if (o + strlen(txt) * 2 + 4 > cap) {
            *rc = eng_err_set(x->ctx->err, ENG_ERR_INVALID_PARAMETER_VALUE,
                              e->pos, "format_datetime pattern too long");
            return NULL;
        }
        out[o++] = '\'';
        for (const char *t = txt; *t; t++) {
            if (*t == '\'')
                out[o++] = '\'';
            out[o++] = *t;
        }
        out[o++] = '\'';
    }
    out[o] = 0;
    return out;
}

/* format_datetime(timestamp with time zone, pattern): per row, the
 * wall-clock time in its zone through the timestamp formatter, with the
 * zone letters filled in. */
static eng_rc tz_format(exec_eval *x, const plan_expr *e, eng_vector *args,
                        int n, eng_vector *out)
{
    eng_type tt = eng_type_timestamp(args[0].type.precision);
    eng_vector a2[2], o1;
    eng_rc rc;
    plan_expr e2 = *e;
    bool found;
    if ((rc = exec_vec_alloc(x->a, tt, 1, &a2[0], x->ctx->err)) != ENG_OK ||
        (rc = exec_vec_alloc(x->a, eng_type_varchar(0), 1, &a2[1],
                             x->ctx->err)) != ENG_OK)
        return rc;
    for (int i = 0; i < n; i++) {
        if (!eng_vec_is_valid(out, i))
            continue;
        eng_tstz v = ((const eng_tstz *)args[0].data)[i];
        char *pat = zone_pattern(x, e, ((const eng_str *)args[1].data)[i],
                                 v.zone, v.us, &rc);
        if (!pat)
            return rc;
        ((int64_t *)a2[0].data)[0] = eng_tz_local_us(v.zone, v.us);
        ((eng_str *)a2[1].data)[0] = (eng_str){pat, (uint32_t)strlen(pat)};
        eng_vec_set_valid(&a2[0], 0, true);
        eng_vec_set_valid(&a2[1], 0, true);
        if ((rc = exec_vec_alloc(x->a, eng_type_varchar(0), 1, &o1,
                                 x->ctx->err)) != ENG_OK)
            return rc;
        eng_vec_set_valid(&o1, 0, true);
        if ((rc = exec_func_date(x, &e2, a2, 2, 1, &o1, &found)) != ENG_OK)
            return rc;
        ((eng_str *)out->data)[i] = ((const eng_str *)o1.data)[0];
    }
    return ENG_OK;
}

/* See exec_int.h. */
eng_rc exec_func_tz(exec_eval *x, const plan_expr *e, eng_vector *args,
                    int k, int n, eng_vector *out, bool *found)
{
    const char *f = e->func;
    eng_rc rc;
    zone_memo memo = {0};
    (void)k;
    *found = true;
    if ((!strcmp(f, "date_trunc") || !strcmp(f, "date_add") ||
         !strcmp(f, "date_diff")) && k >= 2 &&
        args[k - 1].type.id == ENG_T_TIMESTAMP_TZ)
        return tz_date_fn(x, e, args, k, n, out);
    if (!strcmp(f, "format_datetime") && k == 2 &&
        args[0].type.id == ENG_T_TIMESTAMP_TZ)
        return tz_format(x, e, args, n, out);
    if (!strcmp(f, "current_timestamp") || !strcmp(f, "now") ||
        !strcmp(f, "current_time")) {
        int32_t zone = sess_tz(x->ctx->conn);
        eng_tstz v = {exec_clock_cut(exec_clock_us(x->ctx), e->type.precision), zone, 0};
        if (e->type.id == ENG_T_TIME_TZ) {
            int64_t s = eng_floor_div64(v.us, ENG_US_PER_SEC);
            int32_t off = eng_tz_offset_at(zone, s);
            int64_t local = v.us + (int64_t)off * ENG_US_PER_SEC;
            v.us = local - eng_floor_div64(local, ENG_US_PER_DAY) * ENG_US_PER_DAY;
            v.zone = eng_tz_offset_key(off / 60);
        }
        for (int i = 0; i < n; i++)
            ((eng_tstz *)out->data)[i] = v;
        return ENG_OK;
    }
    if (!strcmp(f, "at_timezone") || !strcmp(f, "with_timezone")) {
        const eng_str *z = args[1].data;
        bool offset = args[1].type.id == ENG_T_INTERVAL_DS;
        eng_tstz *r = out->data;
        for (int i = 0; i < n; i++) {
            if (!eng_vec_is_valid(out, i))
                continue;
            int32_t key;
            if (offset) {
                if ((rc = eng_tz_interval_key(((const int64_t *)args[1].data)[i],
                                              &key, x->ctx->err)) != ENG_OK) {
                    x->ctx->err->position = e->pos;
                    return rc;
                }
            } else if ((rc = zone_of(x, e, &memo, z[i], &key)) != ENG_OK) {
                return rc;
            }
            if (e->type.id == ENG_T_TIME_TZ) {
                r[i] = time_at_zone(x->ctx, ((const eng_tstz *)args[0].data)[i],
                                    key);
                continue;
            } else if (f[0] == 'a') {
                r[i] = ((const eng_tstz *)args[0].data)[i];
            } else {
                r[i].us = eng_tz_utc_us(key, ((const int64_t *)args[0].data)[i]);
                r[i].pad = 0;
            }
            r[i].zone = key;
        }
        return ENG_OK;
    }
    if (!strcmp(f, "to_unixtime")) {
        for (int i = 0; i < n; i++)
            ((double *)out->data)[i] =
                (double)((const eng_tstz *)args[0].data)[i].us / 1e6;
        return ENG_OK;
    }
    if (!strcmp(f, "from_unixtime")) {
        const double *d = args[0].data;
        eng_tstz *r = out->data;
        for (int i = 0; i < n; i++) {
            if (!eng_vec_is_valid(out, i))
                continue;
            int32_t key = sess_tz(x->ctx->conn);
            if (k > 1 && (rc = zone_of(x, e, &memo,
                                       ((const eng_str *)args[1].data)[i],
                                       &key)) != ENG_OK)
                return rc;
            /* Trino: Math.round(unixtime * 1000) milliseconds */
            double ms = floor(d[i] * 1000.0 + 0.5);
            if (!(ms > -9.2e15 && ms < 9.2e15))
                return exec_err_overflow(x, e, ENG_T_TIMESTAMP_TZ);
            r[i].us = (int64_t)ms * 1000;
            r[i].zone = key;
            r[i].pad = 0;
        }
        return ENG_OK;
    }
    if (!strcmp(f, "timezone_hour") || !strcmp(f, "timezone_minute")) {
        for (int i = 0; i < n; i++) {
            eng_tstz v = ((const eng_tstz *)args[0].data)[i];
            int32_t off = args[0].type.id == ENG_T_TIME_TZ
                ? eng_tz_key_offset_min(v.zone) * 60
                : eng_tz_offset_at(v.zone, eng_floor_div64(v.us, ENG_US_PER_SEC));
            int m = off / 60;
            ((int64_t *)out->data)[i] = f[9] == 'h' ? m / 60 : m % 60;
        }
        return ENG_OK;
    }
    if (!strcmp(f, "from_iso8601_timestamp")) {
        const eng_str *s = args[0].data;
        for (int i = 0; i < n; i++)
            if (eng_vec_is_valid(out, i) &&
                (rc = iso_ts(x, e, s[i], &((eng_tstz *)out->data)[i])) != ENG_OK)
                return rc;
        return ENG_OK;
    }
    if (!strcmp(f, "to_iso8601") && args[0].type.id == ENG_T_TIMESTAMP_TZ) {
        eng_str *r = out->data;
        for (int i = 0; i < n; i++) {
            if (!eng_vec_is_valid(out, i))
                continue;
            eng_tstz v = ((const eng_tstz *)args[0].data)[i];
            char ts[64], buf[96];
            eng_ts_format(eng_tz_local_us(v.zone, v.us), args[0].type.precision,
                          ts, sizeof ts);
            char *sp = strchr(ts, ' ');
            if (sp)
                *sp = 'T';
            int off = eng_tz_offset_at(v.zone, eng_floor_div64(v.us, ENG_US_PER_SEC));
            int a = off < 0 ? -off : off, len;
            if (off == 0)
                len = snprintf(buf, sizeof buf, "%sZ", ts);
            else
                len = snprintf(buf, sizeof buf, "%s%c%02d:%02d", ts,
                               off < 0 ? '-' : '+', a / 3600, a / 60 % 60);
            if ((rc = exec_put_text(x, &r[i], buf, len)) != ENG_OK)
                return rc;
        }
        return ENG_OK;
    }
    *found = false;
    return ENG_OK;
}
