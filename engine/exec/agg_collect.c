/*
 * engine/exec/agg_collect.c
 *   The result of a collecting aggregate (listagg, array_agg,
 *   approx_percentile) from its rows, already kept in a row store and put
 *   in the aggregate's order: shared by GROUP BY (op_hash_agg.c, one group
 *   at a time) and windows (op_window.c, one frame at a time).
 * Interface: exec_collect_pick, exec_collect_text, exec_collect_array.
 * Not here: which rows feed the aggregate (FILTER, NULLs, DISTINCT) and
 *   their order (the callers: each keeps its rows in its own layout).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "exec_int.h"

/* Trino's listagg limit: results longer than this many bytes fail (ON
 * OVERFLOW ERROR) or are cut (TRUNCATE). */
#define LISTAGG_MAX 1048576

eng_rc exec_collect_pick(exec_ctx *ctx, const plan_agg *a,
                         const exec_rowstore *rs, const int64_t *ids,
                         int64_t n, int pcol, int64_t *pick)
{
    int idx;
    /* the percentile of the first row (Trino takes it once) */
    const eng_vector *pv = exec_rs_vec(rs, ids[0], pcol, &idx);
    double p = ((const double *)pv->data)[idx];
    if (!(p >= 0.0 && p <= 1.0))
        return eng_err_set(ctx->err, ENG_ERR_INVALID_PARAMETER_VALUE,
                           a->arg2 ? a->arg2->pos : 0,
                           "Percentile must be between 0 and 1");
    /* airlift's QuantileDigest, exact on few values: the first value
     * whose running count exceeds p * n */
    int64_t r = (int64_t)floor(p * (double)n);
    if (r >= n)
        r = n - 1;
    *pick = ids[r];
    return ENG_OK;
}

/* Appends n bytes to the text *s held in the growable *buf. */
static eng_rc text_append(char **buf, uint32_t *cap, eng_str *s,
                          const char *p, size_t n, eng_error *err)
{
    size_t need = (size_t)s->len + n;
    if (need > *cap || !*buf) {
        size_t c = *cap ? *cap : 64;
        while (c < need)
            c *= 2;
        char *nb = eng_realloc(*buf, c);
        if (!nb)
            return eng_err_oom(err);
        *buf = nb;
        *cap = (uint32_t)c;
    }
    if (n)
        memcpy(*buf + s->len, p, n);
    s->len += (uint32_t)n;
    s->ptr = *buf;
    return ENG_OK;
}

eng_rc exec_collect_array(exec_ctx *ctx, const plan_agg *a,
                          const exec_rowstore *rs, const int64_t *ids,
                          int64_t n, int vcol, eng_arena *dst, eng_arr *out)
{
    eng_type et = eng_type_elem(a->type);
    if (n > UINT32_MAX / 32)
        return eng_err_set(ctx->err, ENG_ERR_PROGRAM_LIMIT_EXCEEDED,
                           a->arg ? a->arg->pos : 0, "array_agg of %lld "
                           "values is too large", (long long)n);
    eng_vector view;
    eng_rc rc = eng_arr_new(dst, et, (uint32_t)n, out, &view, ctx->err);
    if (rc != ENG_OK)
        return rc;
    eng_batch b;
    memset(&b, 0, sizeof b);
    b.ncols = 1;
    b.nrows = (int)n;
    b.cols = &view;
    b.arena = dst;
    for (int64_t i = 0; i < n; i++) {
        int idx;
        eng_value val;
        const eng_vector *v = exec_rs_vec(rs, ids[i], vcol, &idx);
        exec_vec_get(v, idx, &val);
        val.type = et;   /* the argument's type, NULL elements kept */
        if (!val.is_null && et.id != ENG_T_UNKNOWN &&
            (rc = eng_batch_set(&b, 0, (int)i, &val, ctx->err)))
            return rc;
    }
    return ENG_OK;
}

eng_rc exec_collect_text(exec_ctx *ctx, const plan_agg *a,
                         const exec_rowstore *rs, const int64_t *ids,
                         int64_t n, int vcol, eng_arena *tmp, char **buf,
                         uint32_t *cap, eng_str *s)
{
    int idx;
    const eng_vector *v;
    eng_rc rc = ENG_OK;
    s->len = 0;
    s->ptr = *buf;
    (void)tmp;
    for (int64_t i = 0; i < n; i++) {     /* listagg */
        v = exec_rs_vec(rs, ids[i], vcol, &idx);
        eng_str x = ((const eng_str *)v->data)[idx];
        size_t add = (size_t)x.len + (i ? a->sep.len : 0);
        if ((size_t)s->len + add > LISTAGG_MAX) {
            if (!a->truncate)
                return eng_err_set(ctx->err, ENG_ERR_PROGRAM_LIMIT_EXCEEDED,
                                   a->arg ? a->arg->pos : 0,
                                   "Concatenated string has the length in "
                                   "bytes larger than the maximum output "
                                   "length %d", LISTAGG_MAX);
            /* TRUNCATE: the values that fit, the separator, the filler
             * and WITH COUNT the number of values left out, "(n)" */
            char cnt[32];
            int cl = a->with_count ? snprintf(cnt, sizeof cnt, "(%lld)",
                                              (long long)(n - i)) : 0;
            if ((rc = text_append(buf, cap, s, a->sep.ptr, a->sep.len,
                                  ctx->err)) ||
                (rc = text_append(buf, cap, s, a->filler.ptr, a->filler.len,
                                  ctx->err)))
                return rc;
            return text_append(buf, cap, s, cnt, (size_t)cl, ctx->err);
        }
        if ((i && (rc = text_append(buf, cap, s, a->sep.ptr, a->sep.len,
                                    ctx->err))) ||
            (rc = text_append(buf, cap, s, x.ptr, x.len, ctx->err)))
            return rc;
    }
    return ENG_OK;
}
