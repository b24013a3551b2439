/*
 * engine/exec/dynfilter.c
 *   Publishes a hash join's dynamic filter: the distinct values of one
 *   build key, read from the hash table once the build side is complete,
 *   into the execution's slot (exec_ctx.df) that the probe side's scan
 *   reads when it starts.
 * Interface: exec_df_publish.
 * Not here: deciding which joins and scans take part
 *   (optimizer/dynfilter.c), printing the filter (the connector).
 *
 * At most ENG_DF_MAX_VALUES values are published as a list; beyond that
 * the [min, max] range of the values (types with an order), or nothing,
 * except for integer keys: up to ENG_DF_MAX_ARRAY values stay a list when
 * they are few against the probe side's estimated rows (plan.h), since
 * a range over keys spread across the table filters nothing.
 * An empty build side publishes an empty list: no probe row can match.
 * Values are copied into the execution arena, so the slot outlives the
 * join's build storage.
 */
#include <string.h>
#include "exec_int.h"

/*
 * Publishes the distinct values of build key `key` of join node n (column
 * nr + key of the build store rs, whose hash table ht holds one entry per
 * distinct key tuple) into ctx->df[n->df_slot]. Errors: OOM.
 */
eng_rc exec_df_publish(exec_ctx *ctx, const plan_node *n,
                       const exec_htab *ht, const exec_rowstore *rs,
                       int col)
{
    eng_df_slot *sl;
    int64_t nheads = (int64_t)ht->count;
    if (!n->has_df || n->df_slot < 0 || n->df_slot >= ENG_DF_MAX_SLOTS)
        return ENG_OK;
    sl = &ctx->df[n->df_slot];
    memset(sl, 0, sizeof *sl);
    sl->type = rs->types[col];
    eng_type_id tid = sl->type.id;
    if (tid == ENG_T_ARRAY) {   /* arrays are never sent to a catalog */
        sl->kind = ENG_DF_NONE;
        return ENG_OK;
    }
    double probe = n->left ? n->left->est_rows : 0;
    bool int_key = tid == ENG_T_SMALLINT || tid == ENG_T_INTEGER ||
                   tid == ENG_T_BIGINT;
    if (nheads <= ENG_DF_MAX_VALUES ||
        (int_key && nheads <= ENG_DF_MAX_ARRAY &&
         (double)nheads * ENG_DF_ARRAY_SHARE <= probe)) {
        sl->vals = eng_arena_alloc(ctx->arena, sizeof(eng_value) *
                                                   (size_t)(nheads + 1));
        if (!sl->vals)
            return eng_err_oom(ctx->err);
    }
    bool have = false;
    const eng_vector *lov = NULL, *hiv = NULL;
    int loi = 0, hii = 0;
    for (uint64_t i = 0; i < ht->cap; i++) {
        int64_t id = ht->slots ? ht->slots[i].id : -1;
        int idx;
        const eng_vector *v;
        if (id < 0)
            continue;
        v = exec_rs_vec(rs, id, col, &idx);
        if (!eng_vec_is_valid(v, idx))
            continue;
        if (sl->vals) {
            eng_value *x = &sl->vals[sl->nvals++];
            exec_vec_get(v, idx, x);
            if (eng_type_is_str(x->type.id) && x->u.s.len > 0) {
                char *p = eng_arena_alloc(ctx->arena, x->u.s.len);
                if (!p)
                    return eng_err_oom(ctx->err);
                memcpy(p, x->u.s.ptr, x->u.s.len);
                x->u.s.ptr = p;
            }
            continue;
        }
        if (!have || exec_elem_cmp(v, idx, lov, loi) < 0) {
            lov = v;
            loi = idx;
        }
        if (!have || exec_elem_cmp(v, idx, hiv, hii) > 0) {
            hiv = v;
            hii = idx;
        }
        have = true;
    }
    if (sl->vals) {
        sl->kind = ENG_DF_VALUES;
        return ENG_OK;
    }
    if (!have || sl->type.id == ENG_T_BOOLEAN || sl->type.id == ENG_T_DOUBLE) {
        sl->kind = ENG_DF_NONE;
        return ENG_OK;
    }
    exec_vec_get(lov, loi, &sl->lo);
    exec_vec_get(hiv, hii, &sl->hi);
    for (int k = 0; k < 2; k++) {
        eng_value *x = k ? &sl->hi : &sl->lo;
        if (eng_type_is_str(x->type.id) && x->u.s.len > 0) {
            char *p = eng_arena_alloc(ctx->arena, x->u.s.len);
            if (!p)
                return eng_err_oom(ctx->err);
            memcpy(p, x->u.s.ptr, x->u.s.len);
            x->u.s.ptr = p;
        }
    }
    sl->kind = ENG_DF_RANGE;
    return ENG_OK;
}
