/*
 * engine/exec/vector.c
 *   Vector and batch helpers of the executor, and the chunked row store
 *   used by materializing operators (join build, aggregation, sort,
 *   distinct).
 * Interface: exec_vec_alloc, exec_batch_new, exec_batch_shell,
 *   exec_batch_select, exec_batch_flatten, exec_vec_gather,
 *   exec_vec_copy_elem, exec_vec_get, exec_vec_set, exec_vec_all_null,
 *   exec_rs_init, exec_rs_free, exec_rs_append, exec_rs_append_split,
 *   exec_rs_append_rows, exec_rs_row_eq, exec_rs_fill_cb,
 *   exec_rs_gather, exec_rs_cmp_keys, exec_sort_ids, exec_rs_fill,
 *   exec_rs_sort.
 * Not here: batches as seen outside the executor (types/batch.c).
 */
#include <string.h>
#include "exec_int.h"

/*
 * Allocates an n-row vector of type t in arena a: validity all zero (NULL)
 * and data zeroed. Returns ENG_NOMEM with err set on OOM.
 */
eng_rc exec_vec_alloc(eng_arena *a, eng_type t, int n, eng_vector *out,
                    eng_error *err)
{
    size_t cnt = n > 0 ? (size_t)n : 1;
    out->type = t;
    out->validity = eng_arena_calloc(a, (cnt + 7) / 8);
    out->data = eng_arena_calloc(a, eng_type_width(t.id) * cnt);
    if (!out->validity || !out->data)
        return eng_err_oom(err);
    return ENG_OK;
}

/*
 * Creates a batch of ncols columns (types) with room for cap rows in a,
 * nrows 0. Returns NULL on OOM.
 */
eng_batch *exec_batch_new(eng_arena *a, int ncols, const eng_type *types,
                        int cap)
{
    eng_batch *b = exec_batch_shell(a, ncols, 0);
    if (!b)
        return NULL;
    b->capacity = cap;
    for (int c = 0; c < ncols; c++)
        if (exec_vec_alloc(a, types[c], cap, &b->cols[c], NULL) != ENG_OK)
            return NULL;
    return b;
}

/*
 * Creates a batch header of ncols (uninitialised) vectors and nrows rows
 * in a; the caller fills the vectors. Returns NULL on OOM.
 */
eng_batch *exec_batch_shell(eng_arena *a, int ncols, int nrows)
{
    eng_batch *b = eng_arena_calloc(a, sizeof *b);
    if (!b)
        return NULL;
    b->cols = eng_arena_calloc(a, sizeof(eng_vector) *
                                      (size_t)(ncols > 0 ? ncols : 1));
    if (!b->cols)
        return NULL;
    b->ncols = ncols;
    b->nrows = nrows;
    b->capacity = nrows;
    b->arena = a;
    return b;
}

/*
 * Creates in a a batch header that shares in's vectors (the same cols
 * array, so nothing is copied) and selects the rows sel[0..nsel-1] of
 * them. The caller guarantees that sel is strictly increasing, indexes
 * in's vectors and lives as long as the new header. NULL on OOM.
 */
eng_batch *exec_batch_select(eng_arena *a, const eng_batch *in,
                             const int *sel, int nsel)
{
    eng_batch *b = eng_arena_alloc(a, sizeof *b);
    if (!b)
        return NULL;
    *b = *in;
    b->sel = sel;
    b->nsel = nsel;
    return b;
}

/*
 * Returns b when it has no selection; otherwise builds in a a dense batch
 * of b's live rows, in order (fixed-width values copied, string bytes
 * shared with b, so the result lives no longer than b). NULL on OOM with
 * err set.
 */
const eng_batch *exec_batch_flatten(eng_arena *a, const eng_batch *b,
                                    eng_error *err)
{
    if (!b->sel)
        return b;
    eng_batch *d = exec_batch_shell(a, b->ncols, b->nsel);
    if (!d) {
        eng_err_oom(err);
        return NULL;
    }
    for (int c = 0; c < b->ncols; c++)
        if (exec_vec_gather(a, &b->cols[c], b->sel, b->nsel, &d->cols[c],
                            err) != ENG_OK)
            return NULL;
    return d;
}

#define GATHER(T)                                                          \
    do {                                                                   \
        const T *s = src->data;                                            \
        T *d = out->data;                                                  \
        for (int i = 0; i < n; i++)                                        \
            d[i] = s[sel[i]];                                              \
    } while (0)

/*
 * Builds in a the n-row vector out[i] = src[sel[i]]. Strings keep pointing
 * at src's bytes. ENG_NOMEM on OOM.
 */
eng_rc exec_vec_gather(eng_arena *a, const eng_vector *src, const int *sel,
                     int n, eng_vector *out, eng_error *err)
{
    eng_rc rc = exec_vec_alloc(a, src->type, n, out, err);
    if (rc != ENG_OK)
        return rc;
    for (int i = 0; i < n; i++)
        if (eng_vec_is_valid(src, sel[i]))
            out->validity[i >> 3] |= (uint8_t)(1u << (i & 7));
    switch (eng_type_width(src->type.id)) {
    case 1: GATHER(uint8_t); break;
    case 2: GATHER(int16_t); break;
    case 4: GATHER(int32_t); break;
    case 8: GATHER(int64_t); break;
    default:
        if (eng_type_is_str(src->type.id))
            GATHER(eng_str);
        else
            GATHER(eng_int128);
        break;
    }
    return ENG_OK;
}

/* Copies element si of src into element di of dst, validity included.
 * Same type ids; string bytes are shared. */
void exec_vec_copy_elem(eng_vector *dst, int di, const eng_vector *src, int si)
{
    size_t w = eng_type_width(dst->type.id);
    bool valid = eng_vec_is_valid(src, si);
    eng_vec_set_valid(dst, di, valid);
    if (valid)
        memcpy((char *)dst->data + w * (size_t)di,
               (const char *)src->data + w * (size_t)si, w);
}

/* Reads element i of v into *out; strings point into v's storage. */
void exec_vec_get(const eng_vector *v, int i, eng_value *out)
{
    memset(out, 0, sizeof *out);
    out->type = v->type;
    if (v->type.id == ENG_T_UNKNOWN || !eng_vec_is_valid(v, i)) {
        out->is_null = true;
        return;
    }
    switch (v->type.id) {
    case ENG_T_BOOLEAN: out->u.b = ((const uint8_t *)v->data)[i] != 0; break;
    case ENG_T_SMALLINT: out->u.i = ((const int16_t *)v->data)[i]; break;
    case ENG_T_INTEGER: out->u.i = ((const int32_t *)v->data)[i]; break;
    case ENG_T_BIGINT: out->u.i = ((const int64_t *)v->data)[i]; break;
    case ENG_T_DOUBLE: out->u.d = ((const double *)v->data)[i]; break;
    case ENG_T_DECIMAL: out->u.dec = ((const eng_int128 *)v->data)[i]; break;
    case ENG_T_VARCHAR: case ENG_T_VARBINARY: case ENG_T_UUID: case ENG_T_JSON:
        out->u.s = ((const eng_str *)v->data)[i]; break;
    case ENG_T_DATE: out->u.date = ((const int32_t *)v->data)[i]; break;
    case ENG_T_TIMESTAMP: case ENG_T_TIME:
    case ENG_T_INTERVAL_DS: case ENG_T_INTERVAL_YM:
        out->u.i = ((const int64_t *)v->data)[i]; break;
    case ENG_T_TIMESTAMP_TZ: case ENG_T_TIME_TZ:
        out->u.tz = ((const eng_tstz *)v->data)[i]; break;
    case ENG_T_ARRAY: out->u.arr = ((const eng_arr *)v->data)[i]; break;
    case ENG_T_UNKNOWN: break;
    }
}

/* Writes *val into element i of v, sharing string bytes. A NULL value or a
 * value of another type id makes the element NULL. */
void exec_vec_set(eng_vector *v, int i, const eng_value *val)
{
    if (val->is_null || val->type.id != v->type.id ||
        v->type.id == ENG_T_UNKNOWN) {
        eng_vec_set_valid(v, i, false);
        return;
    }
    switch (v->type.id) {
    case ENG_T_BOOLEAN: ((uint8_t *)v->data)[i] = val->u.b ? 1 : 0; break;
    case ENG_T_SMALLINT: ((int16_t *)v->data)[i] = (int16_t)val->u.i; break;
    case ENG_T_INTEGER: ((int32_t *)v->data)[i] = (int32_t)val->u.i; break;
    case ENG_T_BIGINT: ((int64_t *)v->data)[i] = val->u.i; break;
    case ENG_T_DOUBLE: ((double *)v->data)[i] = val->u.d; break;
    case ENG_T_DECIMAL: ((eng_int128 *)v->data)[i] = val->u.dec; break;
    case ENG_T_VARCHAR: case ENG_T_VARBINARY: case ENG_T_UUID: case ENG_T_JSON:
        ((eng_str *)v->data)[i] = val->u.s; break;
    case ENG_T_DATE: ((int32_t *)v->data)[i] = val->u.date; break;
    case ENG_T_TIMESTAMP: case ENG_T_TIME:
    case ENG_T_INTERVAL_DS: case ENG_T_INTERVAL_YM:
        ((int64_t *)v->data)[i] = val->u.i; break;
    case ENG_T_TIMESTAMP_TZ: case ENG_T_TIME_TZ:
        ((eng_tstz *)v->data)[i] = val->u.tz; break;
    case ENG_T_ARRAY: ((eng_arr *)v->data)[i] = val->u.arr; break;
    case ENG_T_UNKNOWN: break;
    }
    eng_vec_set_valid(v, i, true);
}

/* Marks rows 0..n-1 of v NULL. */
void exec_vec_all_null(eng_vector *v, int n)
{
    memset(v->validity, 0, ((size_t)n + 7) / 8);
}

/* ------------------------------------------------------------------ */
/* Row store                                                           */
/* ------------------------------------------------------------------ */

/*
 * Prepares an empty store for rows of ncols columns of `types` (copied),
 * creating its arena. On failure nothing is held and err is set.
 */
eng_rc exec_rs_init(exec_rowstore *rs, int ncols, const eng_type *types,
                  eng_error *err)
{
    memset(rs, 0, sizeof *rs);
    rs->arena = eng_arena_create();
    if (!rs->arena)
        return eng_err_oom(err);
    rs->ncols = ncols;
    rs->types = eng_arena_alloc(rs->arena,
                                sizeof(eng_type) * (size_t)(ncols + 1));
    if (!rs->types) {
        eng_arena_destroy(rs->arena);
        rs->arena = NULL;
        return eng_err_oom(err);
    }
    if (ncols)
        memcpy(rs->types, types, sizeof(eng_type) * (size_t)ncols);
    return ENG_OK;
}

/* Releases everything the store holds; safe to call twice. */
void exec_rs_free(exec_rowstore *rs)
{
    if (rs->acct)
        exec_mem_charge(rs->acct, rs->what, -rs->charged);
    eng_free(rs->chunks);
    eng_arena_destroy(rs->arena);
    memset(rs, 0, sizeof *rs);
}

/* Bytes the store holds: its arena and its chunk index. */
static int64_t rs_bytes(const exec_rowstore *rs)
{
    return (int64_t)eng_arena_bytes(rs->arena) +
           rs->chunk_cap * (int64_t)sizeof *rs->chunks;
}

/* Charges what the store grew by since the last charge. */
static eng_rc rs_charge(exec_rowstore *rs)
{
    int64_t now = rs_bytes(rs);
    if (!rs->acct || now <= rs->charged)
        return ENG_OK;
    int64_t d = now - rs->charged;
    rs->charged = now;
    return exec_mem_charge(rs->acct, rs->what, d);
}

eng_rc exec_rs_account(exec_rowstore *rs, exec_ctx *ctx, const char *what)
{
    rs->acct = ctx;
    rs->what = what;
    return rs_charge(rs);
}

/* Adds a fresh chunk at the end. ENG_NOMEM on OOM (store unchanged). */
static eng_rc add_chunk(exec_rowstore *rs, eng_error *err)
{
    if (rs->nchunks == rs->chunk_cap &&
        !eng_array_grow(NULL, &rs->chunks, &rs->chunk_cap, rs->nchunks + 1,
                        sizeof *rs->chunks))
        return eng_err_oom(err);
    eng_vector *vs = eng_arena_calloc(rs->arena, sizeof(eng_vector) *
                                                     (size_t)(rs->ncols + 1));
    if (!vs)
        return eng_err_oom(err);
    for (int c = 0; c < rs->ncols; c++) {
        eng_rc rc = exec_vec_alloc(rs->arena, rs->types[c], ENG_BATCH_CAP,
                                 &vs[c], err);
        if (rc != ENG_OK)
            return rc;
    }
    rs->chunks[rs->nchunks++] = vs;
    return ENG_OK;
}

/*
 * Appends row `row` of the vectors cols[0..ncols-1] (types as the store's;
 * string bytes are copied into the store's arena). ENG_NOMEM on OOM.
 */
eng_rc exec_rs_append(exec_rowstore *rs, const eng_vector *const *cols, int row,
                    eng_error *err)
{
    return exec_rs_append_split(rs, cols, rs->ncols, row, row, err);
}

/*
 * Appends one row: column c < split is element row_a of cols[c], the
 * others element row_b (types as the store's; string bytes copied into
 * the store's arena). ENG_NOMEM on OOM.
 */
eng_rc exec_rs_append_split(exec_rowstore *rs, const eng_vector *const *cols,
                            int split, int row_a, int row_b, eng_error *err)
{
    if (rs->nrows == rs->nchunks * ENG_BATCH_CAP) {
        eng_rc rc = add_chunk(rs, err);
        if (rc != ENG_OK)
            return rc;
    }
    int idx = (int)(rs->nrows % ENG_BATCH_CAP);
    eng_vector *vs = rs->chunks[rs->nrows / ENG_BATCH_CAP];
    for (int c = 0; c < rs->ncols; c++) {
        const eng_vector *s = cols[c];
        int row = c < split ? row_a : row_b;
        if (s->type.id == ENG_T_UNKNOWN || vs[c].type.id == ENG_T_UNKNOWN ||
            !eng_vec_is_valid(s, row)) {
            eng_vec_set_valid(&vs[c], idx, false);
            continue;
        }
        exec_vec_copy_elem(&vs[c], idx, s, row);
        if (eng_type_is_str(vs[c].type.id)) {
            eng_str *str = &((eng_str *)vs[c].data)[idx];
            char *p = eng_arena_memdup(rs->arena, str->ptr ? str->ptr : "",
                                       str->len);
            if (!p)
                return eng_err_oom(err);
            str->ptr = p;
        } else if (vs[c].type.id == ENG_T_ARRAY) {
            eng_arr *x = &((eng_arr *)vs[c].data)[idx];
            eng_rc rc = eng_arr_copy(rs->arena, eng_type_elem(vs[c].type), *x,
                                     x, err);
            if (rc != ENG_OK)
                return rc;
        }
    }
    rs->nrows++;
    /* a cheap comparison per row; a charge only when the arena grew */
    return rs->acct ? rs_charge(rs) : ENG_OK;
}

/* Copies n values of width W: d[k] = s[r ? r[k] : k]. */
#define COPY_RUN(T)                                                        \
    do {                                                                   \
        const T *sv = s->data;                                             \
        T *dv = (T *)d->data + idx;                                        \
        if (r)                                                             \
            for (int k = 0; k < m; k++)                                    \
                dv[k] = sv[r[k]];                                          \
        else                                                               \
            memcpy(dv, sv + off, sizeof(T) * (size_t)m);                   \
    } while (0)

/*
 * Appends n rows: column c < split is element rows[i] of cols[c] (rows
 * NULL: element i), the others element i. The bulk form of
 * exec_rs_append_split: each column is copied as a run per chunk, and a
 * string column's bytes go into one allocation per run (types as the
 * store's; string bytes copied into the store's arena). ENG_NOMEM on OOM,
 * the rows appended before it kept.
 */
eng_rc exec_rs_append_rows(exec_rowstore *rs, const eng_vector *const *cols,
                           int split, const int *rows, int n, eng_error *err)
{
    int done = 0;
    while (done < n) {
        if (rs->nrows == rs->nchunks * ENG_BATCH_CAP) {
            eng_rc rc = add_chunk(rs, err);
            if (rc != ENG_OK)
                return rc;
        }
        int idx = (int)(rs->nrows % ENG_BATCH_CAP);
        int m = n - done < ENG_BATCH_CAP - idx ? n - done : ENG_BATCH_CAP - idx;
        eng_vector *vs = rs->chunks[rs->nrows / ENG_BATCH_CAP];
        for (int c = 0; c < rs->ncols; c++) {
            const eng_vector *s = cols[c];
            eng_vector *d = &vs[c];
            /* a fresh chunk is all NULL: only valid rows are marked */
            if (s->type.id == ENG_T_UNKNOWN || d->type.id == ENG_T_UNKNOWN)
                continue;
            const int *r = c < split && rows ? rows + done : NULL;
            int off = done;
            for (int k = 0; k < m; k++) {
                int si = r ? r[k] : off + k;
                if (eng_vec_is_valid(s, si))
                    eng_vec_set_valid(d, idx + k, true);
            }
            if (eng_type_is_str(d->type.id)) {
                const eng_str *sv = s->data;
                eng_str *dv = (eng_str *)d->data + idx;
                size_t total = 0;
                for (int k = 0; k < m; k++) {
                    int si = r ? r[k] : off + k;
                    if (eng_vec_is_valid(s, si))
                        total += sv[si].len;
                }
                /* one byte more: an empty string still points somewhere */
                char *p = eng_arena_alloc(rs->arena, total + 1);
                if (!p)
                    return eng_err_oom(err);
                for (int k = 0; k < m; k++) {
                    int si = r ? r[k] : off + k;
                    if (!eng_vec_is_valid(s, si))
                        continue;
                    if (sv[si].len)
                        memcpy(p, sv[si].ptr, sv[si].len);
                    dv[k].ptr = p;
                    dv[k].len = sv[si].len;
                    p += sv[si].len;
                }
                continue;
            }
            switch (eng_type_width(d->type.id)) {
            case 1: COPY_RUN(uint8_t); break;
            case 2: COPY_RUN(int16_t); break;
            case 4: COPY_RUN(int32_t); break;
            case 8: COPY_RUN(int64_t); break;
            default: COPY_RUN(eng_int128); break;
            }
        }
        rs->nrows += m;
        done += m;
    }
    return rs->acct ? rs_charge(rs) : ENG_OK;
}
#undef COPY_RUN

/* out[i] = s[ids[i]] of one column, ids >= 0 (exec_rs_gather); the rows
 * a few ahead are prefetched, since ids are usually scattered over a
 * store larger than the cache (a join's build rows in probe order). */
#define RS_GATHER(T)                                                       \
    do {                                                                   \
        T *dv = out->data;                                                 \
        for (int i = 0; i < n; i++) {                                      \
            if (i + EXEC_HTAB_AHEAD < n && ids[i + EXEC_HTAB_AHEAD] >= 0) {  \
                int64_t a = ids[i + EXEC_HTAB_AHEAD];                      \
                const eng_vector *p = &rs->chunks[a / ENG_BATCH_CAP][col]; \
                __builtin_prefetch((const T *)p->data + a % ENG_BATCH_CAP);\
                __builtin_prefetch(p->validity + (a % ENG_BATCH_CAP) / 8); \
            }                                                              \
            if (ids[i] < 0)                                                \
                continue;                                                  \
            const eng_vector *s = &rs->chunks[ids[i] / ENG_BATCH_CAP][col];\
            int idx = (int)(ids[i] % ENG_BATCH_CAP);                       \
            if (eng_vec_is_valid(s, idx)) {                                \
                out->validity[i >> 3] |= (uint8_t)(1u << (i & 7));         \
                dv[i] = ((const T *)s->data)[idx];                         \
            }                                                              \
        }                                                                  \
    } while (0)

/*
 * Builds in a the n-row vector of column col of the stored rows ids[].
 * Strings point into the store (valid while the store lives).
 */
eng_rc exec_rs_gather(const exec_rowstore *rs, int col, const int64_t *ids, int n,
                    eng_arena *a, eng_vector *out, eng_error *err)
{
    eng_rc rc = exec_vec_alloc(a, rs->types[col], n, out, err);
    if (rc != ENG_OK)
        return rc;
    if (rs->types[col].id == ENG_T_UNKNOWN)
        return ENG_OK;
    /* a negative id (no row) stays NULL; one loop per width, so that a
     * value costs a load and a store, not a call */
    if (eng_type_is_str(rs->types[col].id)) {
        RS_GATHER(eng_str);
        return ENG_OK;
    }
    switch (eng_type_width(rs->types[col].id)) {
    case 1: RS_GATHER(uint8_t); break;
    case 2: RS_GATHER(int16_t); break;
    case 4: RS_GATHER(int32_t); break;
    case 8: RS_GATHER(int64_t); break;
    default: RS_GATHER(eng_int128); break;
    }
    return ENG_OK;
}

bool exec_rs_row_eq(void *probe, int64_t id)
{
    const exec_rs_probe *r = probe;
    for (int c = 0; c < r->rs->ncols; c++) {
        int idx;
        const eng_vector *v = exec_rs_vec(r->rs, id, c, &idx);
        if (!exec_elem_eq(&r->cols[c], r->row, v, idx))
            return false;
    }
    return true;
}

int exec_rs_cmp_keys(const exec_rowstore *rs, int64_t a, int64_t b, int c0,
                     int n, const bool *desc, const bool *nulls_first)
{
    for (int k = 0; k < n; k++) {
        int ia, ib;
        const eng_vector *va = exec_rs_vec(rs, a, c0 + k, &ia);
        const eng_vector *vb = exec_rs_vec(rs, b, c0 + k, &ib);
        bool na = va->type.id == ENG_T_UNKNOWN || !eng_vec_is_valid(va, ia);
        bool nb = vb->type.id == ENG_T_UNKNOWN || !eng_vec_is_valid(vb, ib);
        bool nf = nulls_first && nulls_first[k];
        if (na || nb) {
            if (na && nb)
                continue;
            return na ? (nf ? -1 : 1) : (nf ? 1 : -1);
        }
        int c = exec_elem_cmp(va, ia, vb, ib);
        if (c)
            return desc && desc[k] ? -c : c;
    }
    return 0;
}

void exec_sort_ids(int64_t *ids, int64_t *tmp, int64_t n,
                   int (*cmp)(const void *ctx, int64_t a, int64_t b),
                   const void *ctx)
{
    int64_t *src = ids, *dst = tmp;
    for (int64_t w = 1; w < n; w *= 2) {
        for (int64_t lo = 0; lo < n; lo += 2 * w) {
            int64_t mid = lo + w < n ? lo + w : n;
            int64_t hi = lo + 2 * w < n ? lo + 2 * w : n;
            int64_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                dst[k++] = cmp(ctx, src[i], src[j]) <= 0 ? src[i++] : src[j++];
            while (i < mid)
                dst[k++] = src[i++];
            while (j < hi)
                dst[k++] = src[j++];
        }
        int64_t *t = src;
        src = dst;
        dst = t;
    }
    if (src != ids)
        memcpy(ids, src, sizeof(int64_t) * (size_t)n);
}

eng_rc exec_rs_fill(exec_op *op, exec_rowstore *rs,
                    const plan_expr *const *keys, int nkeys)
{
    return exec_rs_fill_cb(op, rs, keys, nkeys, NULL, NULL);
}

eng_rc exec_rs_fill_cb(exec_op *op, exec_rowstore *rs,
                       const plan_expr *const *keys, int nkeys,
                       eng_rc (*after)(void *arg), void *arg)
{
    exec_ctx *ctx = op->ctx;
    int nc = op->child[0]->ncols;
    eng_rc rc = ENG_OK;
    eng_arena *tmp = eng_arena_create();
    if (!tmp)
        return eng_err_oom(ctx->err);
    for (;;) {
        eng_batch *b;
        exec_status st = exec_next(op->child[0], &b);
        if (st == EX_ERROR) {
            rc = ENG_ERROR;
            break;
        }
        if (st == EX_FINISHED)
            break;
        eng_arena_reset(tmp);
        exec_eval x = { ctx, b, tmp };
        eng_vector *kv = eng_arena_alloc(tmp, sizeof(eng_vector) * (size_t)(nkeys + 1));
        const eng_vector **cols = eng_arena_alloc(tmp, sizeof(void *) * (size_t)(nc + nkeys + 1));
        if (!kv || !cols) {
            rc = eng_err_oom(ctx->err);
            break;
        }
        int live = eng_batch_count(b);
        for (int c = 0; c < nc; c++)
            cols[c] = &b->cols[c];
        for (int k = 0; k < nkeys && rc == ENG_OK; k++) {
            rc = exec_eval_as(&x, keys[k], b->sel, live, rs->types[nc + k], &kv[k]);
            cols[nc + k] = &kv[k];
        }
        /* child columns at the live row's vector index, keys at i */
        for (int i = 0; i < live && rc == ENG_OK; i++)
            rc = exec_rs_append_split(rs, cols, nc, eng_batch_row(b, i), i,
                                      ctx->err);
        if (rc == ENG_OK && after)
            rc = after(arg);
        if (rc != ENG_OK)
            break;
    }
    eng_arena_destroy(tmp);
    exec_end(op->child[0]);
    return rc;
}

eng_rc exec_rs_sort(exec_ctx *ctx, const exec_rowstore *rs,
                    int (*cmp)(const void *cctx, int64_t a, int64_t b),
                    const void *cctx, int64_t **order)
{
    int64_t nr = rs->nrows;
    /* the two id arrays count against the limit while the sort runs */
    int64_t need = 2 * (int64_t)sizeof(int64_t) * nr;
    if (rs->acct) {
        eng_rc lrc = exec_mem_charge(ctx, rs->what, need);
        exec_mem_charge(ctx, rs->what, -need);
        if (lrc != ENG_OK)
            return lrc;
    }
    int64_t *ids = eng_malloc(sizeof(int64_t) * (size_t)(nr ? nr : 1));
    int64_t *t = eng_malloc(sizeof(int64_t) * (size_t)(nr ? nr : 1));
    *order = NULL;
    if (!ids || !t) {
        eng_free(ids);
        eng_free(t);
        return eng_err_oom(ctx->err);
    }
    for (int64_t i = 0; i < nr; i++)
        ids[i] = i;
    eng_rc rc = exec_check_interrupt(ctx);
    if (rc == ENG_OK)
        exec_sort_ids(ids, t, nr, cmp, cctx);
    eng_free(t);
    *order = ids;
    return rc;
}
