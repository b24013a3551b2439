/*
 * engine/exec/op_hash_agg.c
 *   Hash aggregation: GROUP BY keys of any type (NULL is a group of its
 *   own) with count(*), count, sum, min, max, avg, var_samp/var_pop,
 *   stddev_samp/stddev_pop (Welford, in double), arbitrary, max_by,
 *   min_by, their DISTINCT forms and FILTER (WHERE ...); the collecting
 *   aggregates listagg, array_agg and approx_percentile.
 * Interface: op_hash_agg_init, op_hash_agg_next, op_hash_agg_rescan,
 *   op_hash_agg_end (the last three through the vtable).
 * Not here: the result types of aggregates (binder, plan.h comment).
 *
 * The whole input is consumed on the first next: group keys go into a
 * chunked row store found through a hash table, and every group has one
 * state row holding the state of all its aggregates, packed (acc_lay):
 * each aggregate keeps only the fields its kind and argument type use.
 * A DISTINCT
 * aggregate first passes each (group, value) pair through its own hash set
 * and only feeds values not seen before. Then the groups are emitted in
 * batches of ENG_BATCH_CAP rows: group values, then aggregate values.
 * Without GROUP BY there is always exactly one group, so empty input gives
 * one row (count 0, other aggregates NULL); with GROUP BY it gives none,
 * except one row per empty grouping set of GROUPING SETS (n->nsets).
 * Collecting aggregates append each fed row as (group id, value,
 * percentile, ORDER BY keys) to a row store of their own; when the input
 * ends the store is sorted by group, keys (approx_percentile: the value)
 * and arrival, and each group's run gives its result into the group's
 * accumulator (a varchar in buf, or the kept value).
 * Errors: sum overflow 22003 (bigint, or decimal beyond 10^38); listagg
 * past 1,048,576 bytes 54000; a percentile outside [0, 1] 22023.
 * Only the input's live rows are read: group keys and arguments are
 * evaluated over the batch's selection into dense vectors. A rescan drops
 * every group and accumulator and reads the child again.
 *
 * Spilling (spill.c; hooks marked "spill"): once the groups pass their
 * share of the memory limit (exec_spill_due, checked after each batch),
 * no new group is made: rows of the groups already in memory are still
 * folded in, and rows of any other group go, as the input rows they
 * are, to one of AGG_PARTS spill files chosen by bits of the group keys'
 * hash. So a group lives wholly in memory or wholly in one file, and no
 * accumulator is ever written out (DISTINCT sets and collected rows
 * included). When the input ends the groups in memory are emitted, then
 * each file is aggregated as the input of a pass of its own, which may
 * spill again with the next bits, down to AGG_SPILL_DEPTH levels; past
 * that, or when one group's own state passes the limit, the limit's
 * 53200 stands.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "exec_int.h"

typedef union accv {          /* one fixed-width value at its type's width */
    int64_t i;
    double d;
    eng_int128 dec;
    int16_t i16;
    int32_t i32;
    uint8_t b;
    eng_tstz tz;
} accv;

/* The parts of an accumulator only varchar results and max_by/min_by
 * need, allocated (eng_malloc) by the first row that needs them: one
 * group of a grouping by a million keys then costs an acc (32 bytes) per
 * aggregate instead of 128. */
typedef struct acc_x {
    eng_str s;                /* min/max varchar, listagg...: bytes in buf */
    char *buf;
    uint32_t bufcap;
    /* max_by/min_by: the value kept with the best key (the key is in
     * v/s like a min/max); xnull when that value is NULL */
    bool xnull;
    accv xv;
    eng_str xs;
    char *xbuf;
    uint32_t xbufcap;
} acc_x;

/* The working form of one aggregate's state: acc_update and acc_final
 * read and write it. A group's state row stores only the fields the
 * aggregate uses (acc_lay; acc_load / acc_store move them). */
typedef struct acc {
    union {                   /* sum/avg state, or min/max value at its
                                 type's width */
        int64_t i;
        double d;
        eng_int128 dec;
        int16_t i16;
        int32_t i32;
        uint8_t b;
        struct { double mean, m2; } w;   /* variance: Welford's running
                                            mean and sum of squares */
    } v;
    int64_t count;            /* rows folded in (acc_update) */
    acc_x *x;                 /* NULL until needed (acc_ext) */
} acc;

/* True when ac holds a value: some row was folded in, or a collecting
 * aggregate's result was made (which allocates the extra part). */
static inline bool acc_has(const acc *ac)
{
    return ac->count > 0 || ac->x != NULL;
}

/* What acc_final reads of an accumulator without its extra part. */
static const acc_x no_x;

/* ac's extra part, allocated zeroed on first use. NULL on OOM (err set). */
static acc_x *acc_ext(acc *ac, eng_error *err)
{
    if (!ac->x) {
        if (!(ac->x = eng_malloc(sizeof *ac->x))) {
            eng_err_oom(err);
            return NULL;
        }
        memset(ac->x, 0, sizeof *ac->x);
    }
    return ac->x;
}

typedef struct dset {         /* per DISTINCT aggregate */
    exec_rowstore rs;           /* (group id bigint, value) */
    exec_htab ht;
} dset;

/* Per collecting aggregate (listagg, array_agg, approx_percentile): every
 * fed row as (group id, value, percentile, order keys...), sorted by
 * group, keys and arrival once the input ends (collect_finish). */
typedef struct cset {
    exec_rowstore rs;
    const plan_agg *a;        /* for the sort's comparison */
} cset;

/*
 * Where aggregate k's state sits in a group's state row. A million groups
 * of five sums cost 160 bytes each as five whole accs (value 16, count 8,
 * extra pointer 8); packed they cost 48: a sum of integers keeps its 8
 * bytes and one "has a value" bit.
 *   v: the acc's value union, its first vlen bytes (0: unused): a sum of
 *      integers or doubles 8, of decimals 16; avg 16 (exact integer sum)
 *      or 8 (double); variance 16 (Welford's mean and m2); min/max/
 *      arbitrary/max_by's key/approx_percentile the width of the type,
 *      nothing for strings (they live in the extra part).
 *   count: count, count(*), avg and variance need the number of rows;
 *      the others only whether there was one: bit `bit` of the row's
 *      flag bytes.
 *   x: the extra part's pointer, for strings, max_by/min_by and the
 *      collecting aggregates.
 * Fields are aligned to their width (at most 8; a row's size is a
 * multiple of 8) and read with memcpy.
 */
typedef struct acc_lay {
    int32_t voff, coff, xoff; /* byte offsets; coff, xoff -1: none */
    int32_t vlen;
    int32_t bit;              /* has-bit index when coff < 0 */
} acc_lay;
/* What the limit's 53200 names when the state of groups already in
 * memory passes it: spilling moves new groups out, never a group's own
 * DISTINCT values or collected rows. */
#define DSET_WHAT "aggregation DISTINCT set (the values of groups in " \
                  "memory do not spill)"
#define CSET_WHY " (the rows of groups in memory do not spill)"
#define AGG_PARTS 8            /* spill files per pass: 3 hash bits */
#define AGG_SPILL_DEPTH 16     /* 48 of the hash's 64 bits */

/* A spilled partition waiting for its pass. */
typedef struct agg_part {
    exec_spill *f;
    int depth;
} agg_part;

typedef struct op_agg {
    exec_op base;
    int ngroups_cols, naggs;
    exec_rowstore groups;
    eng_type *gtypes;         /* group column types (ctx->arena, from init) */
    exec_htab ht;
    int64_t ngroups;
    /* one group column whose hash is its identity (exec_hash_is_key):
     * the table holds the non-NULL keys and is searched by hash alone;
     * the NULL group, if any, is null_gid (-1 until seen) */
    bool exact;
    int64_t null_gid;
    /* state rows (acc_lay), one per group, in chunks (eng_malloc,
     * zeroed): ACC_FIRST groups, then ACC_CHUNK groups each; no
     * reallocation copies, and at most one chunk unused (a doubled array
     * leaves up to half of it unused); a small first chunk for the many
     * one-group aggregations a correlated subquery reruns */
    acc_lay *lay;             /* naggs entries (ctx->arena, from init) */
    size_t rowsize;           /* bytes of a state row */
    bool has_x;               /* some aggregate has an extra part */
    unsigned char **achunks;
    int64_t nachunks, achunk_cap;
    int64_t cap;
    dset *dsets;              /* naggs entries (ctx->arena, from init);
                                 used when distinct */
    cset *csets;              /* naggs entries (ctx->arena, from init);
                                 used by collecting aggregates */
    bool done_input;
    int64_t emit_pos;
    eng_arena *tmp;           /* per input batch */
    eng_arena *carena;        /* array_agg results (their accumulators
                                 point here), until the operator ends */
    /* spill: new groups go to out[] (this pass, bits of depth) while
     * spilling; pend[] waits for passes (eng_realloc); cur is the file
     * this pass reads (NULL: the child); sarena holds the rows' split,
     * rarena the batch read from cur */
    bool spilling;
    int depth;
    exec_spill *out[AGG_PARTS];
    agg_part *pend;
    int npend, pend_cap;
    exec_spill *cur;
    eng_arena *sarena, *rarena;
    int64_t held;             /* bytes held before the last batch */
} op_agg;

#define ACC_FIRST 64
#define ACC_CHUNK 4096

/* Groups in chunk c. */
static inline int64_t chunk_groups(int64_t c)
{
    return c == 0 ? ACC_FIRST : ACC_CHUNK;
}

/* State row of group grp (room made by grow_accs). */
static inline unsigned char *state_row(const op_agg *g, int64_t grp)
{
    if (grp < ACC_FIRST)
        return g->achunks[0] + (size_t)grp * g->rowsize;
    grp -= ACC_FIRST;
    return g->achunks[1 + grp / ACC_CHUNK] +
           (size_t)(grp % ACC_CHUNK) * g->rowsize;
}

/* Reads the state of the aggregate laid out by l from row into *ac. */
static inline void acc_load(const acc_lay *l, const unsigned char *row,
                            acc *ac)
{
    memset(&ac->v, 0, sizeof ac->v);
    if (l->vlen)
        memcpy(&ac->v, row + l->voff, (size_t)l->vlen);
    if (l->coff >= 0)
        memcpy(&ac->count, row + l->coff, sizeof ac->count);
    else
        ac->count = (row[l->bit >> 3] >> (l->bit & 7)) & 1;
    ac->x = NULL;
    if (l->xoff >= 0)
        memcpy(&ac->x, row + l->xoff, sizeof ac->x);
}

/* Writes *ac back into row (the inverse of acc_load). */
static inline void acc_store(const acc_lay *l, unsigned char *row,
                             const acc *ac)
{
    if (l->vlen)
        memcpy(row + l->voff, &ac->v, (size_t)l->vlen);
    if (l->coff >= 0)
        memcpy(row + l->coff, &ac->count, sizeof ac->count);
    else if (ac->count > 0)
        row[l->bit >> 3] |= (unsigned char)(1u << (l->bit & 7));
    if (l->xoff >= 0)
        memcpy(row + l->xoff, &ac->x, sizeof ac->x);
}

static bool collecting(const plan_agg *a);

/* Lays out every aggregate's fields in the state row (acc_lay) and sets
 * g->rowsize. */
static void plan_layout(op_agg *g, const plan_node *n)
{
    int nbits = 0;
    for (int k = 0; k < g->naggs; k++) {
        const plan_agg *a = &n->aggs[k];
        eng_type_id t = a->arg ? a->arg->type.id : ENG_T_BIGINT;
        int32_t w = 0;
        bool c = false, x = false;
        switch (a->kind) {
        case PA_COUNT_STAR:
        case PA_COUNT:
            c = true;
            break;
        case PA_SUM:
            w = t == ENG_T_DECIMAL ? 16 : 8;
            break;
        case PA_AVG:
            w = t == ENG_T_DOUBLE ? 8 : 16;
            c = true;
            break;
        case PA_VAR_SAMP:
        case PA_VAR_POP:
        case PA_STDDEV_SAMP:
        case PA_STDDEV_POP:
            w = 16;
            c = true;
            break;
        case PA_MAX_BY:
        case PA_MIN_BY:
            if (a->arg2)
                t = a->arg2->type.id;    /* the key is kept in v */
            x = true;
            __attribute__((fallthrough));
        case PA_MIN:
        case PA_MAX:
        case PA_ARBITRARY:
        case PA_APPROX_PERCENTILE:
        case PA_LISTAGG:
        case PA_ARRAY_AGG:
            if (collecting(a))
                x = true;
            if (eng_type_is_str(t))
                x = true;
            else if (t != ENG_T_UNKNOWN && !(a->kind == PA_LISTAGG ||
                                             a->kind == PA_ARRAY_AGG))
                w = (int32_t)eng_type_width(t);
            break;
        }
        if (w > (int32_t)sizeof(((acc *)0)->v))
            w = (int32_t)sizeof(((acc *)0)->v);
        g->lay[k].vlen = w;
        g->lay[k].voff = 0;
        g->lay[k].coff = c ? 0 : -1;      /* placed below */
        g->lay[k].xoff = x ? 0 : -1;
        g->lay[k].bit = c ? -1 : nbits++;
        if (x)
            g->has_x = true;
    }
    /* widest first, so that each field falls at a multiple of its width */
    size_t off = 0;
    for (int k = 0; k < g->naggs; k++)
        if (g->lay[k].coff >= 0) {
            g->lay[k].coff = (int32_t)off;
            off += 8;
        }
    for (int k = 0; k < g->naggs; k++)
        if (g->lay[k].xoff >= 0) {
            g->lay[k].xoff = (int32_t)off;
            off += sizeof(void *);
        }
    for (int32_t w = 16; w >= 1; w /= 2)
        for (int k = 0; k < g->naggs; k++) {
            int32_t vl = g->lay[k].vlen;
            if (vl > w / 2 && vl <= w) {
                g->lay[k].voff = (int32_t)off;
                off += (size_t)vl;
            }
        }
    for (int k = 0; k < g->naggs; k++)
        if (g->lay[k].bit >= 0)
            g->lay[k].bit += (int32_t)off * 8;   /* flag bytes at the end */
    off += (size_t)(nbits + 7) / 8;
    g->rowsize = (off + 7) & ~(size_t)7;
    if (g->rowsize == 0)
        g->rowsize = 8;
}

/* Makes room for the accumulators of groups 0..need-1 (zeroed). */
static eng_rc grow_accs(op_agg *g, int64_t need, eng_error *err)
{
    if (g->naggs == 0)
        return ENG_OK;
    while (g->nachunks == 0 ||
           ACC_FIRST + (g->nachunks - 1) * (int64_t)ACC_CHUNK < need) {
        size_t bytes = g->rowsize * (size_t)chunk_groups(g->nachunks);
        unsigned char *c;
        if (!eng_array_grow(NULL, &g->achunks, &g->achunk_cap,
                            g->nachunks + 1, sizeof *g->achunks) ||
            !(c = eng_malloc(bytes)))
            return eng_err_oom(err);
        memset(c, 0, bytes);
        g->achunks[g->nachunks++] = c;
    }
    return ENG_OK;
}


/* Sets err to 22003 for aggregate a. */
static eng_rc agg_overflow(exec_ctx *ctx, const plan_agg *a, const char *what)
{
    return eng_err_set(ctx->err, ENG_ERR_NUMERIC_VALUE_OUT_OF_RANGE,
                       a->arg ? a->arg->pos : 0, "%s", what);
}

/* Copies v[i] into a kept value: fixed-width types into *fixed, varchar
 * bytes into the growable *buf. */
static eng_rc keep_value(exec_ctx *ctx, const eng_vector *v, int i,
                         void *fixed, eng_str *s, char **buf, uint32_t *cap)
{
    if (eng_type_is_str(v->type.id)) {
        eng_str x = ((const eng_str *)v->data)[i];
        if (x.len > *cap || !*buf) {
            char *nb = eng_realloc(*buf, x.len ? x.len : 1);
            if (!nb)
                return eng_err_oom(ctx->err);
            *buf = nb;
            *cap = x.len ? x.len : 1;
        }
        if (x.len)
            memcpy(*buf, x.ptr, x.len);
        s->ptr = *buf;
        s->len = x.len;
    } else if (v->type.id != ENG_T_UNKNOWN) {
        size_t w = eng_type_width(v->type.id);
        memcpy(fixed, (const char *)v->data + w * (size_t)i, w);
    }
    return ENG_OK;
}

/* The kept value (keep_value) as an eng_value of type t. */
/* A sum or average of reals (accumulated in double, as Trino does) as a
 * real: rounded through float, beyond real's range infinite. */
static double real_result(eng_type t, double d)
{
    if (!eng_type_is_real(t))
        return d;
    if (isfinite(d) && fabs(d) > FLT_MAX)
        return d > 0 ? INFINITY : -INFINITY;
    return eng_real_round(d);
}

static void kept_value(eng_type t, const void *fixed, eng_str s, eng_value *r)
{
    const accv *v = fixed;
    memset(r, 0, sizeof *r);
    r->type = t;
    switch (t.id) {
    case ENG_T_BOOLEAN: r->u.b = v->b != 0; break;
    case ENG_T_SMALLINT: r->u.i = v->i16; break;
    case ENG_T_INTEGER: r->u.i = v->i32; break;
    case ENG_T_BIGINT: r->u.i = v->i; break;
    case ENG_T_DOUBLE: r->u.d = v->d; break;
    case ENG_T_DECIMAL: r->u.dec = v->dec; break;
    case ENG_T_DATE: r->u.date = v->i32; break;
    case ENG_T_TIMESTAMP: case ENG_T_TIME:
    case ENG_T_INTERVAL_DS: case ENG_T_INTERVAL_YM: r->u.i = v->i; break;
    case ENG_T_VARCHAR: case ENG_T_VARBINARY: case ENG_T_UUID: case ENG_T_JSON:
        r->u.s = s; break;
    case ENG_T_TIMESTAMP_TZ: case ENG_T_TIME_TZ: r->u.tz = v->tz; break;
    case ENG_T_ARRAY:   /* never kept: the binder refuses it (bind_func.c) */
    case ENG_T_UNKNOWN: r->is_null = true; break;
    }
}

/* Folds row i into accumulator ac of aggregate a: v is the argument
 * (non-NULL), or for max_by/min_by the key (non-NULL) with the value in
 * xv (may be NULL). */
static eng_rc acc_update(exec_ctx *ctx, const plan_agg *a, acc *ac,
                         const eng_vector *v, const eng_vector *xv, int i)
{
    eng_type_id t = v->type.id;
    bool had = acc_has(ac);
    ac->count++;
    switch (a->kind) {
    case PA_COUNT_STAR:
    case PA_COUNT:
        return ENG_OK;
    case PA_SUM:
    case PA_AVG:
        if (t == ENG_T_DOUBLE) {
            ac->v.d += ((const double *)v->data)[i];
        } else if (t == ENG_T_DECIMAL) {
            eng_int128 x = ((const eng_int128 *)v->data)[i];
            if (__builtin_add_overflow(ac->v.dec, x, &ac->v.dec) ||
                !exec_dec_fits(ac->v.dec, 38))
                return agg_overflow(ctx, a, "Decimal overflow");
        } else {
            int64_t x = t == ENG_T_SMALLINT ? ((const int16_t *)v->data)[i]
                      : t == ENG_T_INTEGER ? ((const int32_t *)v->data)[i]
                      : ((const int64_t *)v->data)[i];
            if (a->kind == PA_AVG)
                ac->v.dec += x;       /* exact sum for avg */
            else if (__builtin_add_overflow(ac->v.i, x, &ac->v.i))
                return agg_overflow(ctx, a, "bigint overflow");
        }
        return ENG_OK;
    case PA_VAR_SAMP:
    case PA_VAR_POP:
    case PA_STDDEV_SAMP:
    case PA_STDDEV_POP: {
        double x = ((const double *)v->data)[i];
        double delta = x - ac->v.w.mean;
        ac->v.w.mean += delta / (double)ac->count;
        ac->v.w.m2 += delta * (x - ac->v.w.mean);
        return ENG_OK;
    }
    case PA_LISTAGG:
    case PA_ARRAY_AGG:
    case PA_APPROX_PERCENTILE:
        return ENG_OK;            /* collect_batch feeds these */
    case PA_ARBITRARY:
        if (had)
            return ENG_OK;
        __attribute__((fallthrough));   /* keep the first value */
    case PA_MIN:
    case PA_MAX:
    case PA_MAX_BY:
    case PA_MIN_BY: {
        eng_vector cur = { v->type, NULL, NULL };
        uint8_t one = 1;
        acc_x scratch, *x = &scratch;
        if ((eng_type_is_str(t) || xv) && !(x = acc_ext(ac, ctx->err)))
            return ENG_NOMEM;
        cur.validity = &one;
        cur.data = eng_type_is_str(t) ? (void *)&x->s : (void *)&ac->v;
        /* acc stores fixed-width values in v at the type's width */
        if (had && a->kind != PA_ARBITRARY) {
            int c = exec_elem_cmp(v, i, &cur, 0);
            if (a->kind == PA_MIN || a->kind == PA_MIN_BY ? c >= 0 : c <= 0)
                return ENG_OK;
        }
        eng_rc rc = keep_value(ctx, v, i, &ac->v, &x->s, &x->buf,
                               &x->bufcap);
        if (rc == ENG_OK && xv) {
            x->xnull = !eng_vec_is_valid(xv, i);
            if (!x->xnull)
                rc = keep_value(ctx, xv, i, &x->xv, &x->xs, &x->xbuf,
                                &x->xbufcap);
        }
        return rc;
    }
    }
    return ENG_OK;
}

/* True when (group, value) is new for DISTINCT aggregate k; adds it. */
static eng_rc distinct_new(op_agg *g, int k, int64_t grp, const eng_vector *v,
                           int i, bool *is_new)
{
    exec_ctx *ctx = g->base.ctx;
    dset *d = &g->dsets[k];
    eng_vector gv = { eng_type_make(ENG_T_BIGINT), NULL, NULL };
    uint8_t one = 1;
    gv.validity = &one;
    gv.data = &grp;
    uint64_t h = eng_hash_combine(exec_hash_elem(&gv, 0), exec_hash_elem(v, i));
    eng_vector cols[2] = { gv, *v };
    /* Compare against stored pairs: group at row 0 of gv, value at i. */
    int64_t found = -1;
    {
        uint64_t mask = d->ht.cap - 1;
        for (uint64_t s = h & mask;; s = (s + 1) & mask) {
            int64_t id = d->ht.slots[s].id;
            if (id < 0)
                break;
            if (d->ht.slots[s].hash != h)
                continue;
            int idx;
            const eng_vector *sg = exec_rs_vec(&d->rs, id, 0, &idx);
            const eng_vector *sv = &d->rs.chunks[id / ENG_BATCH_CAP][1];
            if (((const int64_t *)sg->data)[idx] == grp &&
                exec_elem_eq(v, i, sv, idx)) {
                found = id;
                break;
            }
        }
    }
    *is_new = found < 0;
    if (found >= 0)
        return ENG_OK;
    /* append (grp, v[i]) */
    eng_vector tmpv;
    eng_rc rc = exec_vec_alloc(g->tmp, v->type, 1, &tmpv, ctx->err);
    if (rc != ENG_OK)
        return rc;
    exec_vec_copy_elem(&tmpv, 0, v, i);
    cols[1] = tmpv;
    const eng_vector *cp[2] = { &cols[0], &cols[1] };
    rc = exec_rs_append(&d->rs, cp, 0, ctx->err);
    if (rc == ENG_OK)
        rc = exec_htab_insert(&d->ht, h, d->rs.nrows - 1, ctx->err);
    return rc;
}

static bool collecting(const plan_agg *a)
{
    return a->kind == PA_LISTAGG || a->kind == PA_ARRAY_AGG ||
           a->kind == PA_APPROX_PERCENTILE;
}

/* Appends the rows of one batch that feed collecting aggregate k: FILTER
 * TRUE, value not NULL (array_agg keeps NULLs), DISTINCT new. v is the
 * value, pv the percentile (approx_percentile) over the batch's nr rows. */
static eng_rc collect_batch(op_agg *g, int k, const eng_batch *b, int nr,
                            exec_eval *x, const int64_t *gid,
                            const eng_vector *v, const eng_vector *pv,
                            const eng_vector *f)
{
    exec_ctx *ctx = g->base.ctx;
    const plan_agg *a = &g->base.node->aggs[k];
    cset *c = &g->csets[k];
    int nc = c->rs.ncols;
    eng_vector *cols = eng_arena_calloc(g->tmp, sizeof(eng_vector) * (size_t)nc);
    const eng_vector **cp = eng_arena_alloc(g->tmp, sizeof(void *) * (size_t)nc);
    if (!cols || !cp)
        return eng_err_oom(ctx->err);
    eng_rc rc = exec_vec_alloc(g->tmp, eng_type_make(ENG_T_BIGINT), nr,
                               &cols[0], ctx->err);
    if (rc != ENG_OK)
        return rc;
    for (int i = 0; i < nr; i++) {
        ((int64_t *)cols[0].data)[i] = gid[i];
        eng_vec_set_valid(&cols[0], i, true);
    }
    if (v->type.id == ENG_T_UNKNOWN)     /* a bare NULL argument */
        rc = exec_vec_alloc(g->tmp, c->rs.types[1], nr, &cols[1], ctx->err);
    else
        cols[1] = *v;
    if (rc == ENG_OK)
        rc = exec_vec_alloc(g->tmp, c->rs.types[2], nr, &cols[2], ctx->err);
    if (rc != ENG_OK)
        return rc;
    if (v->type.id == ENG_T_UNKNOWN)
        exec_vec_all_null(&cols[1], nr);
    if (pv && pv->type.id != ENG_T_UNKNOWN)
        cols[2] = *pv;
    else
        exec_vec_all_null(&cols[2], nr);
    for (int o = 0; o < a->norder; o++) {
        if ((rc = exec_eval_as(x, a->order[o], b->sel, nr, c->rs.types[3 + o],
                               &cols[3 + o])) != ENG_OK)
            return rc;
    }
    for (int i = 0; i < nc; i++)
        cp[i] = &cols[i];
    for (int i = 0; i < nr; i++) {
        if (f && (f->type.id == ENG_T_UNKNOWN || !eng_vec_is_valid(f, i) ||
                  !((const uint8_t *)f->data)[i]))
            continue;
        bool valid = eng_vec_is_valid(&cols[1], i);
        if (!valid && a->kind != PA_ARRAY_AGG)
            continue;
        /* Trino skips rows whose percentile is NULL */
        if (a->kind == PA_APPROX_PERCENTILE && !eng_vec_is_valid(&cols[2], i))
            continue;
        if (a->distinct) {
            bool fresh;
            if ((rc = distinct_new(g, k, gid[i], &cols[1], i, &fresh)) != ENG_OK)
                return rc;
            if (!fresh)
                continue;
        }
        if ((rc = exec_rs_append(&c->rs, cp, i, ctx->err)) != ENG_OK)
            return rc;
    }
    return ENG_OK;
}

/* Group, then the value (approx_percentile) or the ORDER BY keys, then
 * arrival: the order a collecting aggregate reads its rows in. */
static int cmp_collected(const void *ctx, int64_t x, int64_t y)
{
    const cset *c = ctx;
    const plan_agg *a = c->a;
    int c0 = exec_rs_cmp_keys(&c->rs, x, y, 0, 1, NULL, NULL);
    if (!c0)
        c0 = a->kind == PA_APPROX_PERCENTILE
             ? exec_rs_cmp_keys(&c->rs, x, y, 1, 1, NULL, NULL)
             : exec_rs_cmp_keys(&c->rs, x, y, 3, a->norder, a->order_desc,
                                a->order_nulls_first);
    return c0 ? c0 : (x < y ? -1 : x > y);
}

/* One group's result of collecting aggregate k from its sorted rows
 * ids[0..n-1] into ac (agg_collect.c computes it). */
static eng_rc collect_group(op_agg *g, int k, const int64_t *ids, int64_t n,
                            acc *ac)
{
    exec_ctx *ctx = g->base.ctx;
    const plan_agg *a = &g->base.node->aggs[k];
    const exec_rowstore *rs = &g->csets[k].rs;
    acc_x *ax = acc_ext(ac, ctx->err);
    if (!ax)
        return ENG_NOMEM;       /* ax now makes acc_has true */
    ax->s.len = 0;
    if (a->kind == PA_APPROX_PERCENTILE) {
        int64_t id;
        int idx;
        eng_rc rc = exec_collect_pick(ctx, a, rs, ids, n, 2, &id);
        if (rc != ENG_OK)
            return rc;
        const eng_vector *v = exec_rs_vec(rs, id, 1, &idx);
        return keep_value(ctx, v, idx, &ac->v, &ax->s, &ax->buf, &ax->bufcap);
    }
    if (a->kind == PA_ARRAY_AGG) {
        /* the array's block in carena; the accumulator's string holds
         * its address and element count (acc_final reads them back) */
        eng_arr r;
        if (!g->carena && !(g->carena = eng_arena_create()))
            return eng_err_oom(ctx->err);
        eng_rc rc = exec_collect_array(ctx, a, rs, ids, n, 1, g->carena, &r);
        if (rc != ENG_OK)
            return rc;
        ax->s.ptr = r.data;
        ax->s.len = r.n;
        return ENG_OK;
    }
    return exec_collect_text(ctx, a, rs, ids, n, 1, g->tmp, &ax->buf,
                             &ax->bufcap, &ax->s);
}

/* Once the input has ended: every collecting aggregate sorts its rows and
 * computes each group's result into the group's accumulator. */
static eng_rc collect_finish(op_agg *g)
{
    exec_ctx *ctx = g->base.ctx;
    const plan_node *n = g->base.node;
    for (int k = 0; k < g->naggs; k++) {
        if (!collecting(&n->aggs[k]))
            continue;
        cset *c = &g->csets[k];
        int64_t *order = NULL;
        eng_rc rc = exec_rs_sort(ctx, &c->rs, cmp_collected, c, &order);
        for (int64_t s = 0; rc == ENG_OK && s < c->rs.nrows;) {
            int idx;
            const eng_vector *gv = exec_rs_vec(&c->rs, order[s], 0, &idx);
            int64_t grp = ((const int64_t *)gv->data)[idx], e = s + 1;
            while (e < c->rs.nrows) {
                gv = exec_rs_vec(&c->rs, order[e], 0, &idx);
                if (((const int64_t *)gv->data)[idx] != grp)
                    break;
                e++;
            }
            /* stored even on failure: the row owns an extra part made */
            unsigned char *row = state_row(g, grp);
            acc ac;
            acc_load(&g->lay[k], row, &ac);
            rc = collect_group(g, k, order + s, e - s, &ac);
            acc_store(&g->lay[k], row, &ac);
            s = e;
        }
        eng_free(order);
        exec_rs_free(&c->rs);
        if (rc != ENG_OK)
            return rc;
    }
    return ENG_OK;
}

static eng_rc consume(op_agg *g, const eng_batch *b);

/* The spill file (0..AGG_PARTS-1) of a row whose group keys hash to h,
 * at depth d: 3 bits of h mixed (an integer key's hash is the key
 * itself), the top ones first. */
static int agg_part_of(uint64_t h, int d)
{
    return (int)(((h * 0x9E3779B97F4A7C15ull) >> (61 - 3 * d)) & 7);
}

/* spill: the rows i of b with gid[i] < 0 (new groups while spilling) go
 * to their partition's file; the others are folded in as a batch of
 * their own (every one of their groups exists, so none spills). */
static eng_rc spill_rows(op_agg *g, const eng_batch *b, const uint64_t *h,
                         const int64_t *gid, int nr)
{
    exec_op *op = &g->base;
    exec_ctx *ctx = op->ctx;
    if (!g->sarena && !(g->sarena = eng_arena_create()))
        return eng_err_oom(ctx->err);
    eng_arena_reset(g->sarena);
    int *sel = eng_arena_alloc(g->sarena, sizeof(int) * (size_t)(nr + 1));
    if (!sel)
        return eng_err_oom(ctx->err);
    eng_rc rc = ENG_OK;
    for (int p = 0; p < AGG_PARTS && rc == ENG_OK; p++) {
        int m = 0;
        for (int i = 0; i < nr; i++)
            if (gid[i] < 0 && agg_part_of(h[i], g->depth) == p)
                sel[m++] = eng_batch_row(b, i);
        if (!m)
            continue;
        if (!g->out[p]) {
            rc = exec_spill_open(ctx, op->child[0]->ncols,
                                 op->child[0]->types, &g->out[p]);
            if (rc != ENG_OK)
                return rc;
            op->spill_runs++;
        }
        eng_batch *sb = exec_batch_select(g->sarena, b, sel, m);
        if (!sb)
            return eng_err_oom(ctx->err);
        int64_t before = exec_spill_bytes(g->out[p]);
        rc = exec_spill_write(g->out[p], sb);
        op->spill_bytes += exec_spill_bytes(g->out[p]) - before;
    }
    if (rc != ENG_OK)
        return rc;
    int *keep = eng_arena_alloc(g->sarena, sizeof(int) * (size_t)(nr + 1));
    if (!keep)
        return eng_err_oom(ctx->err);
    int m = 0;
    for (int i = 0; i < nr; i++)
        if (gid[i] >= 0)
            keep[m++] = eng_batch_row(b, i);
    if (!m)
        return ENG_OK;
    eng_batch *kb = exec_batch_select(g->sarena, b, keep, m);
    return kb ? consume(g, kb) : eng_err_oom(ctx->err);
}

/* spill: bytes the groups hold (their store, table, accumulators,
 * DISTINCT sets and collected rows). */
static int64_t agg_held(const op_agg *g)
{
    int64_t n = g->groups.charged + g->ht.charged +
                g->ngroups * g->naggs * (int64_t)sizeof(acc);
    for (int k = 0; k < g->naggs; k++)
        n += g->dsets[k].rs.charged + g->dsets[k].ht.charged +
             g->csets[k].rs.charged;
    return n;
}

/* spill: the end of a pass's input: its files wait for passes of their
 * own, one level deeper. */
static eng_rc agg_pass_spilled(op_agg *g)
{
    exec_ctx *ctx = g->base.ctx;
    g->spilling = false;
    for (int p = 0; p < AGG_PARTS; p++) {
        if (!g->out[p])
            continue;
        if (!eng_array_grow(NULL, &g->pend, &g->pend_cap, g->npend + 1,
                            sizeof *g->pend))
            return eng_err_oom(ctx->err);
        g->pend[g->npend].f = g->out[p];
        g->pend[g->npend].depth = g->depth + 1;
        g->npend++;
        g->out[p] = NULL;
        eng_rc rc = exec_spill_rewind(g->pend[g->npend - 1].f);
        if (rc != ENG_OK)
            return rc;
    }
    return ENG_OK;
}

/* spill: the next batch of the file this pass reads, or EX_FINISHED. */
static exec_status next_spilled(op_agg *g, eng_batch **b)
{
    exec_ctx *ctx = g->base.ctx;
    if (!g->rarena && !(g->rarena = eng_arena_create())) {
        eng_err_oom(ctx->err);
        return EX_ERROR;
    }
    eng_arena_reset(g->rarena);
    if (exec_check_interrupt(ctx) != ENG_OK ||
        exec_spill_read(g->cur, g->rarena, b) != ENG_OK)
        return EX_ERROR;
    return *b ? EX_HAVE_OUTPUT : EX_FINISHED;
}

/* Folds one input batch into the groups. */
static eng_rc consume(op_agg *g, const eng_batch *b)
{
    exec_op *op = &g->base;
    exec_ctx *ctx = op->ctx;
    const plan_node *n = op->node;
    int nr = eng_batch_count(b);
    eng_arena_reset(g->tmp);
    exec_eval x = { ctx, b, g->tmp };
    eng_vector *gv = eng_arena_alloc(g->tmp, sizeof(eng_vector) * (size_t)(g->ngroups_cols + 1));
    const eng_vector **gp = eng_arena_alloc(g->tmp, sizeof(void *) * (size_t)(g->ngroups_cols + 1));
    eng_vector *av = eng_arena_alloc(g->tmp, sizeof(eng_vector) * (size_t)(g->naggs + 1));
    uint64_t *h = eng_arena_alloc(g->tmp, sizeof(uint64_t) * (size_t)(nr + 1));
    int64_t *gid = eng_arena_alloc(g->tmp, sizeof(int64_t) * (size_t)(nr + 1));
    if (!gv || !gp || !av || !h || !gid)
        return eng_err_oom(ctx->err);
    eng_rc rc;
    int nspill = 0;
    for (int k = 0; k < g->ngroups_cols; k++) {
        rc = exec_eval_as(&x, n->groups[k], b->sel, nr, g->groups.types[k], &gv[k]);
        if (rc != ENG_OK)
            return rc;
        exec_hash_vec(&gv[k], nr, h, k == 0);
        gp[k] = &gv[k];
    }
    eng_vector *av2 = eng_arena_calloc(g->tmp, sizeof(eng_vector) * (size_t)(g->naggs + 1));
    eng_vector *fv = eng_arena_calloc(g->tmp, sizeof(eng_vector) * (size_t)(g->naggs + 1));
    if (!av2 || !fv)
        return eng_err_oom(ctx->err);
    for (int k = 0; k < g->naggs; k++) {
        const plan_agg *a = &n->aggs[k];
        if (a->filter &&
            (rc = exec_eval_sel(&x, a->filter, b->sel, nr, &fv[k])) != ENG_OK)
            return rc;
        if (a->arg2 &&
            (rc = exec_eval_sel(&x, a->arg2, b->sel, nr, &av2[k])) != ENG_OK)
            return rc;
        if (a->kind == PA_COUNT_STAR || !a->arg)
            continue;
        rc = exec_eval_sel(&x, a->arg, b->sel, nr, &av[k]);
        if (rc != ENG_OK)
            return rc;
    }
    /* group ids; the table's slots are prefetched a few rows ahead, so
     * that a table larger than the cache costs no stall per row */
    if (g->ngroups_cols == 0) {
        memset(gid, 0, sizeof(int64_t) * (size_t)nr);
    } else {
        for (int i = 0; i < nr; i++) {
            if (i + EXEC_HTAB_AHEAD < nr)
                exec_htab_prefetch(&g->ht, h[i + EXEC_HTAB_AHEAD]);
            int64_t id;
            bool null_key = g->exact && !eng_vec_is_valid(&gv[0], i);
            if (null_key) {
                id = g->null_gid;
            } else if (g->exact) {
                id = exec_htab_find_exact(&g->ht, h[i]);
            } else {
                exec_rs_probe r = { &g->groups, gv, i };
                id = exec_htab_find(&g->ht, h[i], exec_rs_row_eq, &r);
            }
            if (id < 0 && g->spilling) {    /* spill: a new group */
                gid[i] = -1;
                nspill++;
                continue;
            }
            if (id < 0) {
                id = g->groups.nrows;
                rc = grow_accs(g, id + 1, ctx->err);
                if (rc == ENG_OK)
                    rc = exec_rs_append(&g->groups, gp, i, ctx->err);
                if (rc == ENG_OK && !null_key)
                    rc = exec_htab_insert(&g->ht, h[i], id, ctx->err);
                if (rc != ENG_OK)
                    return rc;
                if (null_key)
                    g->null_gid = id;
                g->ngroups = g->groups.nrows;
            }
            gid[i] = id;
        }
        if (nspill)
            return spill_rows(g, b, h, gid, nr);
    }
    /* aggregates */
    for (int k = 0; k < g->naggs; k++) {
        const plan_agg *a = &n->aggs[k];
        if (collecting(a)) {
            rc = collect_batch(g, k, b, nr, &x, gid, &av[k],
                               a->arg2 ? &av2[k] : NULL,
                               a->filter ? &fv[k] : NULL);
            if (rc != ENG_OK)
                return rc;
            continue;
        }
        /* FILTER: only rows where it is TRUE */
        const eng_vector *f = a->filter ? &fv[k] : NULL;
#define AGG_SKIP(i) (f && (f->type.id == ENG_T_UNKNOWN || \
                           !eng_vec_is_valid(f, i) || \
                           !((const uint8_t *)f->data)[i]))
        const acc_lay *l = &g->lay[k];
        if (a->kind == PA_COUNT_STAR) {
            for (int i = 0; i < nr; i++)
                if (!AGG_SKIP(i)) {
                    unsigned char *row = state_row(g, gid[i]) + l->coff;
                    int64_t c;
                    memcpy(&c, row, sizeof c);
                    c++;
                    memcpy(row, &c, sizeof c);
                }
            continue;
        }
        /* max_by/min_by skip NULL keys (arg2); the rest NULL arguments */
        const eng_vector *v = a->arg2 ? &av2[k] : &av[k];
        const eng_vector *xv = a->arg2 ? &av[k] : NULL;
        if (v->type.id == ENG_T_UNKNOWN)
            continue;
        if (a->kind == PA_SUM && !a->distinct &&
            (v->type.id == ENG_T_SMALLINT || v->type.id == ENG_T_INTEGER ||
             v->type.id == ENG_T_BIGINT)) {
            /* the common sum of integers straight in the state row */
            eng_type_id t = v->type.id;
            for (int i = 0; i < nr; i++) {
                if (!eng_vec_is_valid(v, i) || AGG_SKIP(i))
                    continue;
                int64_t x = t == ENG_T_SMALLINT ? ((const int16_t *)v->data)[i]
                          : t == ENG_T_INTEGER ? ((const int32_t *)v->data)[i]
                          : ((const int64_t *)v->data)[i];
                unsigned char *row = state_row(g, gid[i]);
                int64_t sum;
                memcpy(&sum, row + l->voff, sizeof sum);
                if (__builtin_add_overflow(sum, x, &sum))
                    return agg_overflow(ctx, a, "bigint overflow");
                memcpy(row + l->voff, &sum, sizeof sum);
                row[l->bit >> 3] |= (unsigned char)(1u << (l->bit & 7));
            }
            continue;
        }
        for (int i = 0; i < nr; i++) {
            if (!eng_vec_is_valid(v, i) || AGG_SKIP(i))
                continue;
            if (a->distinct) {
                bool fresh;
                rc = distinct_new(g, k, gid[i], v, i, &fresh);
                if (rc != ENG_OK)
                    return rc;
                if (!fresh)
                    continue;
            }
            /* stored even on failure: the row owns an extra part made */
            unsigned char *row = state_row(g, gid[i]);
            acc ac;
            acc_load(l, row, &ac);
            rc = acc_update(ctx, a, &ac, v, xv, i);
            acc_store(l, row, &ac);
            if (rc != ENG_OK)
                return rc;
        }
#undef AGG_SKIP
    }
    return ENG_OK;
}

/* Final value of accumulator ac for aggregate a (arg type at), as a value
 * of a->type. */
static eng_rc acc_final(exec_ctx *ctx, const plan_agg *a, eng_type at,
                        const acc *ac, eng_arena *ar, eng_value *out)
{
    const acc_x *x = ac->x ? ac->x : &no_x;
    memset(out, 0, sizeof *out);
    out->type = a->type;
    eng_value r;
    memset(&r, 0, sizeof r);
    switch (a->kind) {
    case PA_COUNT_STAR:
    case PA_COUNT:
        r.type = eng_type_make(ENG_T_BIGINT);
        r.u.i = ac->count;
        break;
    case PA_SUM:
        if (!acc_has(ac)) {
            out->is_null = true;
            return ENG_OK;
        }
        if (at.id == ENG_T_DOUBLE) {
            r.type = at;
            r.u.d = real_result(at, ac->v.d);
        } else if (at.id == ENG_T_DECIMAL) {
            r.type = eng_type_decimal(38, at.scale);
            r.u.dec = ac->v.dec;
        } else {
            r.type = eng_type_make(ENG_T_BIGINT);
            r.u.i = ac->v.i;
        }
        break;
    case PA_AVG:
        if (ac->count == 0) {
            out->is_null = true;
            return ENG_OK;
        }
        if (at.id == ENG_T_DOUBLE) {
            r.type = at;
            r.u.d = real_result(at, ac->v.d / (double)ac->count);
        } else if (at.id == ENG_T_DECIMAL) {
            r.type = at;
            exec_dec_div_round(ac->v.dec, ac->count, &r.u.dec);
        } else {
            r.type = eng_type_make(ENG_T_DOUBLE);
            r.u.d = (double)ac->v.dec / (double)ac->count;
        }
        break;
    case PA_MIN:
    case PA_MAX:
    case PA_ARBITRARY:
    case PA_APPROX_PERCENTILE:
        if (!acc_has(ac) || at.id == ENG_T_UNKNOWN) {
            out->is_null = true;
            return ENG_OK;
        }
        kept_value(at, &ac->v, x->s, &r);
        break;
    case PA_LISTAGG:
    case PA_ARRAY_AGG:
        if (!acc_has(ac)) {
            out->is_null = true;
            return ENG_OK;
        }
        r.type = a->type;
        if (a->kind == PA_ARRAY_AGG) {
            r.u.arr.data = x->s.ptr;
            r.u.arr.n = x->s.len;
        } else {
            r.u.s = x->s;
        }
        break;
    case PA_MAX_BY:
    case PA_MIN_BY:
        if (!acc_has(ac) || x->xnull || at.id == ENG_T_UNKNOWN) {
            out->is_null = true;
            return ENG_OK;
        }
        kept_value(at, &x->xv, x->xs, &r);
        break;
    case PA_VAR_SAMP:
    case PA_VAR_POP:
    case PA_STDDEV_SAMP:
    case PA_STDDEV_POP: {
        bool samp = a->kind == PA_VAR_SAMP || a->kind == PA_STDDEV_SAMP;
        if (ac->count < (samp ? 2 : 1)) {
            out->is_null = true;
            return ENG_OK;
        }
        double var = ac->v.w.m2 / (double)(samp ? ac->count - 1 : ac->count);
        r.type = eng_type_make(ENG_T_DOUBLE);
        r.u.d = a->kind == PA_STDDEV_SAMP || a->kind == PA_STDDEV_POP
                ? sqrt(var) : var;
        break;
    }
    }
    if (r.type.id == a->type.id &&
        (r.type.id != ENG_T_DECIMAL || r.type.scale == a->type.scale)) {
        *out = r;
        out->type = a->type;
        return ENG_OK;
    }
    return eng_value_cast(ar, &r, a->type, out, ctx->err);
}

/* Emits the next ENG_BATCH_CAP groups. */
static exec_status emit(op_agg *g, eng_batch **out)
{
    exec_op *op = &g->base;
    exec_ctx *ctx = op->ctx;
    const plan_node *n = op->node;
    int64_t total = g->ngroups_cols == 0 ? 1 : g->ngroups;
    if (g->emit_pos >= total)
        return EX_FINISHED;
    int m = (int)(total - g->emit_pos < ENG_BATCH_CAP ? total - g->emit_pos
                                                      : ENG_BATCH_CAP);
    eng_batch *b = exec_batch_shell(op->barena, op->ncols, m);
    int64_t *ids = eng_arena_alloc(op->barena, sizeof(int64_t) * (size_t)m);
    if (!b || !ids) {
        eng_err_oom(ctx->err);
        return EX_ERROR;
    }
    for (int i = 0; i < m; i++)
        ids[i] = g->emit_pos + i;
    for (int c = 0; c < g->ngroups_cols; c++)
        if (exec_rs_gather(&g->groups, c, ids, m, op->barena, &b->cols[c],
                         ctx->err) != ENG_OK)
            return EX_ERROR;
    for (int k = 0; k < g->naggs; k++) {
        const plan_agg *a = &n->aggs[k];
        eng_vector *v = &b->cols[g->ngroups_cols + k];
        if (exec_vec_alloc(op->barena, a->type, m, v, ctx->err) != ENG_OK)
            return EX_ERROR;
        eng_type at = a->arg ? a->arg->type : eng_type_make(ENG_T_BIGINT);
        for (int i = 0; i < m; i++) {
            eng_value r;
            acc ac;
            acc_load(&g->lay[k], state_row(g, ids[i]), &ac);
            if (acc_final(ctx, a, at, &ac, op->barena, &r) != ENG_OK)
                return EX_ERROR;
            exec_vec_set(v, i, &r);
        }
    }
    g->emit_pos += m;
    *out = b;
    return EX_HAVE_OUTPUT;
}

/*
 * GROUPING SETS over empty input: each empty grouping set (mask 0) still
 * gives its one row, as a global aggregate does (Trino, SQL). The node's
 * last group column is the set number (below it, a PN_GROUPID); the keys
 * are NULL.
 */
static eng_rc empty_sets(op_agg *g)
{
    exec_ctx *ctx = g->base.ctx;
    const plan_node *n = g->base.node;
    int nk = g->ngroups_cols;
    eng_vector *v = eng_arena_alloc(g->tmp, sizeof(eng_vector) * (size_t)nk);
    const eng_vector **vp = eng_arena_alloc(g->tmp, sizeof(void *) * (size_t)nk);
    if (!v || !vp)
        return eng_err_oom(ctx->err);
    for (int k = 0; k < nk; k++) {
        eng_rc rc = exec_vec_alloc(g->tmp, g->gtypes[k], 1, &v[k], ctx->err);
        if (rc != ENG_OK)
            return rc;
        vp[k] = &v[k];
    }
    for (int s = 0; s < n->nsets; s++) {
        if (n->gset_masks[s])
            continue;
        eng_value id = { .type = eng_type_make(ENG_T_BIGINT) };
        id.u.i = s;
        exec_vec_set(&v[nk - 1], 0, &id);
        eng_rc rc = grow_accs(g, g->groups.nrows + 1, ctx->err);
        if (rc == ENG_OK)
            rc = exec_rs_append(&g->groups, vp, 0, ctx->err);
        if (rc != ENG_OK)
            return rc;
        g->ngroups = g->groups.nrows;
    }
    return ENG_OK;
}

static exec_status next_pass(exec_op *op, eng_batch **out)
{
    op_agg *g = (op_agg *)op;
    exec_ctx *ctx = op->ctx;
    const plan_node *n = op->node;
    if (!g->done_input) {
        if (exec_rs_init(&g->groups, g->ngroups_cols, g->gtypes, ctx->err) != ENG_OK ||
            exec_htab_init(&g->ht, ctx->err) != ENG_OK ||
            exec_rs_account(&g->groups, ctx, "hash aggregation") != ENG_OK ||
            exec_htab_account(&g->ht, ctx, "hash aggregation table") != ENG_OK)
            return EX_ERROR;
        g->tmp = eng_arena_create();
        if (!g->tmp) {
            eng_err_oom(ctx->err);
            return EX_ERROR;
        }
        for (int k = 0; k < g->naggs; k++) {
            const plan_agg *a = &n->aggs[k];
            if (!a->distinct || !a->arg)
                continue;
            eng_type dt[2] = { eng_type_make(ENG_T_BIGINT), a->arg->type };
            if (exec_rs_init(&g->dsets[k].rs, 2, dt, ctx->err) != ENG_OK ||
                exec_htab_init(&g->dsets[k].ht, ctx->err) != ENG_OK ||
                exec_rs_account(&g->dsets[k].rs, ctx, DSET_WHAT) != ENG_OK ||
                exec_htab_account(&g->dsets[k].ht, ctx, DSET_WHAT) != ENG_OK)
                return EX_ERROR;
        }
        for (int k = 0; k < g->naggs; k++) {
            const plan_agg *a = &n->aggs[k];
            if (!collecting(a))
                continue;
            int nc = 3 + a->norder;
            eng_type *ct = eng_arena_alloc(g->tmp, sizeof(eng_type) * (size_t)nc);
            if (!ct) {
                eng_err_oom(ctx->err);
                return EX_ERROR;
            }
            ct[0] = eng_type_make(ENG_T_BIGINT);
            ct[1] = a->arg->type.id == ENG_T_UNKNOWN
                    ? eng_type_make(ENG_T_VARCHAR) : a->arg->type;
            ct[2] = eng_type_make(ENG_T_DOUBLE);
            for (int o = 0; o < a->norder; o++)
                ct[3 + o] = a->order[o]->type;
            g->csets[k].a = a;
            if (exec_rs_init(&g->csets[k].rs, nc, ct, ctx->err) != ENG_OK ||
                exec_rs_account(&g->csets[k].rs, ctx, a->kind == PA_LISTAGG
                                ? "listagg" CSET_WHY : a->kind == PA_ARRAY_AGG
                                ? "array_agg" CSET_WHY
                                : "approx_percentile" CSET_WHY) != ENG_OK)
                return EX_ERROR;
        }
        if (g->ngroups_cols == 0 && grow_accs(g, 1, ctx->err) != ENG_OK)
            return EX_ERROR;
        for (;;) {
            eng_batch *b;
            exec_status st = g->cur ? next_spilled(g, &b)
                                    : exec_next(op->child[0], &b);
            if (st == EX_ERROR)
                return st;
            if (st == EX_FINISHED)
                break;
            if (consume(g, b) != ENG_OK)
                return EX_ERROR;
            if (!g->spilling && g->ngroups_cols > 0 &&     /* spill */
                g->depth < AGG_SPILL_DEPTH &&
                exec_spill_due_next(ctx, agg_held(g), &g->held))
                g->spilling = true;
        }
        exec_end(op->child[0]);
        if (agg_pass_spilled(g) != ENG_OK)
            return EX_ERROR;
        if (!g->cur && g->ngroups == 0 && n->nsets > 0 &&
            empty_sets(g) != ENG_OK)
            return EX_ERROR;
        if (collect_finish(g) != ENG_OK)
            return EX_ERROR;
        /* emitting reads only the groups and their state rows: the
         * tables go now, before the operator above (a join's build,
         * a sort) fills its own (32 MB for a million groups) */
        exec_htab_free(&g->ht);
        for (int k = 0; g->dsets && k < g->naggs; k++) {
            exec_rs_free(&g->dsets[k].rs);
            exec_htab_free(&g->dsets[k].ht);
        }
        g->done_input = true;
    }
    return emit(g, out);
}

/* Frees the groups and accumulators (of a pass). */
static void drop_groups(op_agg *g)
{
    for (int64_t c = 0; c < g->nachunks; c++) {
        /* unused rows are zeroed: their extra parts are NULL */
        for (int64_t i = 0; g->has_x && i < chunk_groups(c); i++)
            for (int k = 0; k < g->naggs; k++) {
                acc_x *x;
                if (g->lay[k].xoff < 0)
                    continue;
                memcpy(&x, g->achunks[c] + (size_t)i * g->rowsize +
                           g->lay[k].xoff, sizeof x);
                if (x) {
                    eng_free(x->buf);
                    eng_free(x->xbuf);
                    eng_free(x);
                }
            }
        eng_free(g->achunks[c]);
    }
    eng_free(g->achunks);
    g->achunks = NULL;
    g->nachunks = g->achunk_cap = 0;
    exec_rs_free(&g->groups);
    exec_htab_free(&g->ht);
    if (g->dsets)
        for (int k = 0; k < g->naggs; k++) {
            exec_rs_free(&g->dsets[k].rs);
            exec_htab_free(&g->dsets[k].ht);
        }
    if (g->csets)
        for (int k = 0; k < g->naggs; k++)
            exec_rs_free(&g->csets[k].rs);
    eng_arena_destroy(g->tmp);
    g->tmp = NULL;
    eng_arena_destroy(g->carena);
    g->carena = NULL;
    g->ngroups = 0;
    g->null_gid = -1;
    g->done_input = false;
    g->emit_pos = 0;
}

/* spill: the groups of a pass are all out; the next waiting partition is
 * aggregated from nothing. */
static eng_rc next_partition(op_agg *g)
{
    drop_groups(g);
    g->held = 0;
    exec_spill_close(g->cur);
    agg_part pt = g->pend[--g->npend];
    g->cur = pt.f;
    g->depth = pt.depth;
    return ENG_OK;
}

static exec_status op_hash_agg_next(exec_op *op, eng_batch **out)
{
    op_agg *g = (op_agg *)op;
    for (;;) {
        exec_status st = next_pass(op, out);
        if (st != EX_FINISHED || g->npend == 0)
            return st;
        if (next_partition(g) != ENG_OK)
            return EX_ERROR;
    }
}

/* Frees the groups and accumulators and closes the spill files (they
 * vanish); the next call aggregates the input again from nothing. */
static void op_hash_agg_end(exec_op *op)
{
    op_agg *g = (op_agg *)op;
    drop_groups(g);
    for (int p = 0; p < AGG_PARTS; p++) {
        exec_spill_close(g->out[p]);
        g->out[p] = NULL;
    }
    for (int i = 0; i < g->npend; i++)
        exec_spill_close(g->pend[i].f);
    eng_free(g->pend);
    g->pend = NULL;
    g->npend = g->pend_cap = 0;
    exec_spill_close(g->cur);
    g->cur = NULL;
    eng_arena_destroy(g->sarena);
    eng_arena_destroy(g->rarena);
    g->sarena = g->rarena = NULL;
    g->spilling = false;
    g->depth = 0;
    g->held = 0;
}

/* Drops every group and restarts the child. */
static eng_rc op_hash_agg_rescan(exec_op *op)
{
    op_hash_agg_end(op);
    return exec_rescan(op->child[0]);
}

static const exec_op_vt agg_vt = { op_hash_agg_next, op_hash_agg_rescan,
                                   op_hash_agg_end, NULL };

/* Creates the aggregation of node n and its child. */
eng_rc op_hash_agg_init(exec_ctx *ctx, const plan_node *n, exec_op **out)
{
    op_agg *g = (op_agg *)exec_op_alloc(ctx, n, &agg_vt, sizeof(op_agg));
    if (!g)
        return ENG_NOMEM;
    g->ngroups_cols = n->ngroups;
    g->naggs = n->naggs;
    /* Allocated once per execution, so rescans add nothing to ctx->arena. */
    g->gtypes = eng_arena_alloc(ctx->arena, sizeof(eng_type) *
                                            (size_t)(g->ngroups_cols + 1));
    g->dsets = eng_arena_calloc(ctx->arena, sizeof(dset) * (size_t)(g->naggs + 1));
    g->csets = eng_arena_calloc(ctx->arena, sizeof(cset) * (size_t)(g->naggs + 1));
    g->lay = eng_arena_calloc(ctx->arena, sizeof(acc_lay) * (size_t)(g->naggs + 1));
    if (!g->gtypes || !g->dsets || !g->csets || !g->lay) {
        exec_end(&g->base);
        return eng_err_oom(ctx->err);
    }
    for (int k = 0; k < g->ngroups_cols; k++)
        g->gtypes[k] = g->base.types[k];
    g->exact = g->ngroups_cols == 1 && exec_hash_is_key(g->gtypes[0].id);
    plan_layout(g, n);
    g->null_gid = -1;
    eng_rc rc = exec_init_children(&g->base);
    if (rc == ENG_OK)
        *out = &g->base;
    return rc;
}
