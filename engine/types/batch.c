/*
 * engine/types/batch.c
 *   Columnar batches: creation and row-at-a-time access.
 * Interface: eng_batch_create, eng_batch_get, eng_batch_set,
 *   eng_batch_copy_row.
 * Not here: vectorized evaluation (exec/expr_eval.c), casts (cast.c).
 *
 * A batch and all its vectors live in one arena (b->arena). Validity
 * starts all-zero (every row NULL) and data starts zeroed, so a reader of
 * an unset row sees NULL, never garbage. The row helpers never change
 * b->nrows: the producer sets it. New batches are dense (sel NULL); the
 * row helpers address vector rows and ignore a selection, so a caller
 * walking a selected batch maps positions with eng_batch_row (types.h).
 */
#include <string.h>
#include "types.h"

/*
 * Allocates a batch of ncols columns of `types` with room for `capacity`
 * rows, everything in arena a. nrows starts at 0. Returns NULL on OOM.
 */
eng_batch *eng_batch_create(eng_arena *a, int ncols, const eng_type *types,
                            int capacity)
{
    if (ncols < 0 || capacity < 0)
        return NULL;
    eng_batch *b = eng_arena_calloc(a, sizeof *b);
    if (!b)
        return NULL;
    b->ncols = ncols;
    b->capacity = capacity;
    b->arena = a;
    b->cols = eng_arena_calloc(a, sizeof(eng_vector) * (size_t)ncols);
    if (!b->cols)
        return NULL;
    size_t vbytes = ((size_t)capacity + 7) / 8;
    for (int i = 0; i < ncols; i++) {
        eng_vector *v = &b->cols[i];
        v->type = types[i];
        v->validity = eng_arena_calloc(a, vbytes);
        v->data = eng_arena_calloc(a, eng_type_width(types[i].id) *
                                          (size_t)capacity);
        if (!v->validity || !v->data)
            return NULL;
    }
    return b;
}

/*
 * Reads row `row` of column `col` into *out with the vector's type.
 * Strings point into the batch and share its lifetime.
 */
void eng_batch_get(const eng_batch *b, int col, int row, eng_value *out)
{
    const eng_vector *v = &b->cols[col];
    memset(out, 0, sizeof *out);
    out->type = v->type;
    if (!eng_vec_is_valid(v, row) || v->type.id == ENG_T_UNKNOWN) {
        out->is_null = true;
        return;
    }
    switch (v->type.id) {
    case ENG_T_BOOLEAN: out->u.b = ((const uint8_t *)v->data)[row] != 0; break;
    case ENG_T_SMALLINT: out->u.i = ((const int16_t *)v->data)[row]; break;
    case ENG_T_INTEGER: out->u.i = ((const int32_t *)v->data)[row]; break;
    case ENG_T_BIGINT: out->u.i = ((const int64_t *)v->data)[row]; break;
    case ENG_T_DOUBLE: out->u.d = ((const double *)v->data)[row]; break;
    case ENG_T_DECIMAL: out->u.dec = ((const eng_int128 *)v->data)[row]; break;
    case ENG_T_VARCHAR: case ENG_T_VARBINARY: case ENG_T_UUID: case ENG_T_JSON:
        out->u.s = ((const eng_str *)v->data)[row]; break;
    case ENG_T_DATE: out->u.date = ((const int32_t *)v->data)[row]; break;
    case ENG_T_TIMESTAMP: case ENG_T_TIME:
    case ENG_T_INTERVAL_DS: case ENG_T_INTERVAL_YM:
        out->u.i = ((const int64_t *)v->data)[row]; break;
    case ENG_T_TIMESTAMP_TZ: case ENG_T_TIME_TZ:
        out->u.tz = ((const eng_tstz *)v->data)[row];
        break;
    case ENG_T_ARRAY: out->u.arr = ((const eng_arr *)v->data)[row]; break;
    case ENG_T_UNKNOWN: break;
    }
}

/*
 * Writes *v into row `row` of column `col` without conversion. A NULL
 * value (any type, UNKNOWN included) clears the row's validity. A non-NULL
 * value whose type id differs from the vector's fails with HY000. String
 * bytes are copied into b->arena; ENG_NOMEM on OOM.
 */
eng_rc eng_batch_set(eng_batch *b, int col, int row, const eng_value *v,
                     eng_error *err)
{
    eng_vector *vec = &b->cols[col];
    if (v->is_null || v->type.id == ENG_T_UNKNOWN) {
        eng_vec_set_valid(vec, row, false);
        return ENG_OK;
    }
    if (v->type.id != vec->type.id)
        return eng_err_set(err, ENG_ERR_INTERNAL, 0,
                           "internal error: value of type id %d stored in a "
                           "column of type id %d", (int)v->type.id,
                           (int)vec->type.id);
    switch (vec->type.id) {
    case ENG_T_BOOLEAN: ((uint8_t *)vec->data)[row] = v->u.b ? 1 : 0; break;
    case ENG_T_SMALLINT: ((int16_t *)vec->data)[row] = (int16_t)v->u.i; break;
    case ENG_T_INTEGER: ((int32_t *)vec->data)[row] = (int32_t)v->u.i; break;
    case ENG_T_BIGINT: ((int64_t *)vec->data)[row] = v->u.i; break;
    case ENG_T_DOUBLE: ((double *)vec->data)[row] = v->u.d; break;
    case ENG_T_DECIMAL: ((eng_int128 *)vec->data)[row] = v->u.dec; break;
    case ENG_T_DATE: ((int32_t *)vec->data)[row] = v->u.date; break;
    case ENG_T_TIMESTAMP: case ENG_T_TIME:
    case ENG_T_INTERVAL_DS: case ENG_T_INTERVAL_YM:
        ((int64_t *)vec->data)[row] = v->u.i; break;
    case ENG_T_VARCHAR: case ENG_T_VARBINARY: case ENG_T_UUID: case ENG_T_JSON: {
        eng_str s = v->u.s;
        char *p = eng_arena_memdup(b->arena, s.ptr ? s.ptr : "", s.len);
        if (!p)
            return eng_err_oom(err);
        s.ptr = p;
        ((eng_str *)vec->data)[row] = s;
        break;
    }
    case ENG_T_TIMESTAMP_TZ: case ENG_T_TIME_TZ:
        ((eng_tstz *)vec->data)[row] = v->u.tz;
        break;
    case ENG_T_ARRAY: {
        eng_arr x;
        eng_rc rc = eng_arr_copy(b->arena, eng_type_elem(vec->type), v->u.arr,
                                 &x, err);
        if (rc != ENG_OK)
            return rc;
        ((eng_arr *)vec->data)[row] = x;
        break;
    }
    case ENG_T_UNKNOWN: break;
    }
    eng_vec_set_valid(vec, row, true);
    return ENG_OK;
}

/*
 * Copies row src_row of every column of src into row dst_row of dst
 * (same column count and type ids). Strings are copied into dst->arena
 * unless both batches share one arena. ENG_NOMEM on OOM.
 */
eng_rc eng_batch_copy_row(eng_batch *dst, int dst_row, const eng_batch *src,
                          int src_row, eng_error *err)
{
    int n = dst->ncols < src->ncols ? dst->ncols : src->ncols;
    for (int c = 0; c < n; c++) {
        eng_vector *d = &dst->cols[c];
        const eng_vector *s = &src->cols[c];
        bool valid = eng_vec_is_valid(s, src_row) &&
                     s->type.id != ENG_T_UNKNOWN;
        eng_vec_set_valid(d, dst_row, valid);
        if (!valid || d->type.id == ENG_T_UNKNOWN)
            continue;
        if (d->type.id != s->type.id)
            return eng_err_set(err, ENG_ERR_INTERNAL, 0,
                               "internal error: copying column %d between "
                               "type ids %d and %d", c, (int)s->type.id,
                               (int)d->type.id);
        size_t w = eng_type_width(d->type.id);
        if (eng_type_is_str(d->type.id) && dst->arena != src->arena) {
            eng_str str = ((const eng_str *)s->data)[src_row];
            char *p = eng_arena_memdup(dst->arena, str.ptr ? str.ptr : "",
                                       str.len);
            if (!p)
                return eng_err_oom(err);
            str.ptr = p;
            ((eng_str *)d->data)[dst_row] = str;
        } else if (d->type.id == ENG_T_ARRAY && dst->arena != src->arena) {
            eng_rc rc = eng_arr_copy(dst->arena, eng_type_elem(d->type),
                                     ((const eng_arr *)s->data)[src_row],
                                     &((eng_arr *)d->data)[dst_row], err);
            if (rc != ENG_OK)
                return rc;
        } else {
            memcpy((char *)d->data + w * (size_t)dst_row,
                   (const char *)s->data + w * (size_t)src_row, w);
        }
    }
    return ENG_OK;
}
