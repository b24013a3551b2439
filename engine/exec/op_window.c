/*
 * engine/exec/op_window.c
 *   Window functions: materializes the child with its partition keys,
 *   order keys and every function's arguments, sorts the rows by
 *   (partition, order), then walks them in that order, computing each
 *   function over the row's partition, peer group and frame.
 * Interface: op_window_init, op_window_next, op_window_rescan,
 *   op_window_end (the last three through the vtable).
 * Not here: which function, its result type and frame (binder/
 *   bind_window.c, plan.h's plan_winfunc).
 *
 * Output: the child's columns, then one column per function, in sorted
 * order (SQL gives rows out of a window no order of their own).
 * Partitions and peer groups are found by scanning ahead in sorted order
 * (NULL keys are equal to each other), so the walk is O(n) besides the
 * sort. NULLs sort as the node says (Trino: NULLS LAST for ASC and DESC).
 *
 * Aggregates (every PA_* kind, with FILTER: a row feeds an aggregate when
 * its filter is TRUE and its argument, or max_by/min_by's key, is not
 * NULL) over a frame keep one accumulator per function covering the
 * positions [as, ae). When the next row's frame starts at the same place
 * and ends no earlier (ROWS/RANGE UNBOUNDED PRECEDING, the default frame,
 * peers included) the accumulator is extended: a running aggregate, O(n)
 * per partition. When the start moves too (a sliding frame), count and
 * exact sums (integers, decimals) take the leaving rows out: O(n) again;
 * other aggregates (double sums, whose rounding would change, min, max)
 * recompute the frame from its start: O(n * frame). min/max keep the
 * position of the best value, not a copy. Sums are exact: bigint overflow and decimals beyond 38 digits are
 * 22003. listagg, array_agg, approx_percentile and approx_distinct (the
 * binder's count(DISTINCT x)) have no accumulator: each row's frame is
 * collected, sorted by the aggregate's ORDER BY (or value) and handed to
 * agg_collect.c (collect_frame).
 * GROUPS frames count peer groups: after the sort one pass numbers each
 * position's group within its partition (gno) and records where each
 * group starts (gpos), so a bound n groups away is two array reads.
 * Only the input's live rows are stored. A rescan drops the rows and
 * reads the child again. Storage: the row store (its own arena) and the
 * order array (eng_malloc), freed by end; accumulators and the column
 * layout in ctx->arena, made once in init.
 */
#include <math.h>
#include <string.h>
#include "exec_int.h"

/* One function's accumulator over positions [as, ae) of a partition. */
typedef struct wacc {
    bool valid;
    int64_t as, ae;
    int64_t count;            /* rows (count(*)) or non-NULL values */
    bool has;
    int64_t i;                /* bigint sum */
    double d;                 /* double sum */
    eng_int128 dec;           /* decimal sum, or exact integer sum for avg */
    int64_t best;             /* min/max/arbitrary/max_by/min_by:
                                 position of the kept row */
    double mean, m2;          /* variance: Welford's running mean and sum
                                 of squares */
} wacc;

/* Store columns of one function (-1 when absent). */
typedef struct wcols {
    int arg[3];               /* args[0..2]; an aggregate's argument and
                                 (max_by/min_by) key */
    int filt;                 /* an aggregate's FILTER (WHERE ...) */
    int ord;                  /* a collecting aggregate's first ORDER BY
                                 key (array_agg, listagg WITHIN GROUP) */
    int soff, eoff;           /* frame offsets */
} wcols;

typedef struct op_window {
    exec_op base;
    exec_rowstore rows;       /* child cols, partition keys, order keys,
                                 then every function's columns */
    int nstore;
    eng_type *types;          /* store column types (ctx->arena) */
    wcols *fc;                /* per function (ctx->arena) */
    wacc *acc;                /* per function (ctx->arena) */
    int64_t *order;           /* sorted row ids (eng_malloc) */
    int64_t n;
    bool done_input;
    int64_t pos;              /* next sorted position to emit */
    int64_t ps, pe;           /* partition [ps, pe) of the current row */
    int64_t qs, qe;           /* its peer group [qs, qe) */
    int64_t dense;            /* dense_rank of the peer group */
    int64_t nlo, nhi;         /* the partition's rows with a non-NULL first
                                 order key (RANGE offsets) */
    /* GROUPS offsets (eng_malloc, only when a function has them): gno[p]
     * is the peer group number of sorted position p within its
     * partition; gpos[ps + g] the first position of group g of the
     * partition starting at ps (a partition has no more groups than rows). */
    int64_t *gno, *gpos;
    /* Collecting aggregates and approx_distinct (collect_frame): the row
     * ids of one frame and the merge sort's scratch (eng_malloc, cid_cap
     * entries each), the text of one result (eng_realloc) and an arena
     * for rendering one value; all freed by end. */
    int64_t *cids, *ctmp, cid_cap;
    char *cbuf;
    uint32_t cbuf_cap;
    eng_arena *ctext;
} op_window;

static bool null_at(op_window *w, int col, int64_t p);
static eng_rc number_groups(op_window *w);
static void put_value(op_window *w, int col, int64_t p, eng_vector *out,
                      int i);

/* Column kc's element for sorted position p. */
static const eng_vector *at(const op_window *w, int64_t p, int col, int *idx)
{
    return exec_rs_vec(&w->rows, w->order[p], col, idx);
}

static bool elem_null(const eng_vector *v, int idx)
{
    return v->type.id == ENG_T_UNKNOWN || !eng_vec_is_valid(v, idx);
}

/* Partition keys, then order keys, then input order (a stable sort). */
static int cmp_rows(const void *ctx, int64_t a, int64_t b)
{
    const op_window *w = ctx;
    const plan_node *n = w->base.node;
    int nc = w->base.child[0]->ncols;
    int c = exec_rs_cmp_keys(&w->rows, a, b, nc, n->npart, NULL, NULL);
    if (!c)
        c = exec_rs_cmp_keys(&w->rows, a, b, nc + n->npart, n->nsort,
                             n->sort_desc, n->sort_nulls_first);
    return c ? c : (a < b ? -1 : a > b);
}

/* The expressions evaluated into the store, in store-column order after
 * the child's columns: partition keys, order keys, functions' columns. */
static int store_exprs(const plan_node *n, const plan_expr **ex)
{
    int k = 0;
    for (int i = 0; i < n->npart; i++)
        ex[k++] = n->part_keys[i];
    for (int i = 0; i < n->nsort; i++)
        ex[k++] = n->sort_keys[i];
    for (int f = 0; f < n->nwin; f++) {
        const plan_winfunc *wf = &n->wins[f];
        if (wf->kind == PW_AGG) {
            if (wf->agg.arg)
                ex[k++] = wf->agg.arg;
            if (wf->agg.arg2)
                ex[k++] = wf->agg.arg2;
            if (wf->agg.filter)
                ex[k++] = wf->agg.filter;
            for (int o = 0; o < wf->agg.norder; o++)
                ex[k++] = wf->agg.order[o];
        } else {
            for (int i = 0; i < wf->nargs; i++)
                ex[k++] = wf->args[i];
        }
        if (wf->start_off)
            ex[k++] = wf->start_off;
        if (wf->end_off)
            ex[k++] = wf->end_off;
    }
    return k;
}

/* Reads the child into the store and sorts the row ids. */
static eng_rc materialize(op_window *w)
{
    exec_op *op = &w->base;
    int nx = w->nstore - op->child[0]->ncols;
    const plan_expr **ex = eng_malloc(sizeof(void *) * (size_t)(nx + 1));
    if (!ex)
        return eng_err_oom(op->ctx->err);
    store_exprs(op->node, ex);
    eng_rc rc = exec_rs_init(&w->rows, w->nstore, w->types, op->ctx->err);
    if (rc == ENG_OK)
        rc = exec_rs_account(&w->rows, op->ctx, "window");
    if (rc == ENG_OK)
        rc = exec_rs_fill(op, &w->rows, ex, nx);
    eng_free(ex);
    if (rc != ENG_OK)
        return rc;
    rc = exec_rs_sort(op->ctx, &w->rows, cmp_rows, w, &w->order);
    w->n = w->rows.nrows;
    return rc == ENG_OK ? number_groups(w) : rc;
}

static bool null_key(const op_window *w, int64_t p, int col)
{
    int idx;
    const eng_vector *v = at(w, p, col, &idx);
    return elem_null(v, idx);
}

/* Moves the partition and peer group on to sorted position p. */
static void advance(op_window *w, int64_t p)
{
    const plan_node *n = w->base.node;
    int nc = w->base.child[0]->ncols;
    if (p >= w->pe) {
        w->ps = p;
        w->pe = p + 1;
        while (w->pe < w->n &&
               !exec_rs_cmp_keys(&w->rows, w->order[p], w->order[w->pe], nc,
                                 n->npart, NULL, NULL))
            w->pe++;
        w->qs = w->qe = p;
        w->dense = 0;
        w->nlo = w->ps;
        w->nhi = w->pe;
        if (n->nsort > 0) {   /* NULL keys sit at one end of the partition */
            int kc = nc + n->npart;
            while (w->nlo < w->nhi && null_key(w, w->nlo, kc))
                w->nlo++;
            while (w->nhi > w->nlo && null_key(w, w->nhi - 1, kc))
                w->nhi--;
        }
        for (int f = 0; f < n->nwin; f++)
            w->acc[f].valid = false;
    }
    if (p >= w->qe) {
        w->qs = p;
        w->qe = p + 1;
        while (w->qe < w->pe &&
               !exec_rs_cmp_keys(&w->rows, w->order[p], w->order[w->qe],
                                 nc + n->npart, n->nsort, n->sort_desc,
                                 n->sort_nulls_first))
            w->qe++;
        w->dense++;
    }
}

/* Numbers the peer groups of every partition (gno, gpos) after the sort,
 * when some function has a GROUPS frame with an offset. */
static eng_rc number_groups(op_window *w)
{
    const plan_node *n = w->base.node;
    bool need = false;
    for (int f = 0; f < n->nwin; f++)
        need |= n->wins[f].groups && (n->wins[f].start_off ||
                                      n->wins[f].end_off);
    if (!need || w->n == 0)
        return ENG_OK;
    w->gno = eng_malloc(sizeof(int64_t) * (size_t)w->n);
    w->gpos = eng_malloc(sizeof(int64_t) * (size_t)w->n);
    if (!w->gno || !w->gpos)
        return eng_err_oom(w->base.ctx->err);
    int nc = w->base.child[0]->ncols;
    int64_t ps = 0, g = 0;
    for (int64_t p = 0; p < w->n; p++) {
        if (p > 0 && exec_rs_cmp_keys(&w->rows, w->order[p - 1], w->order[p],
                                      nc, n->npart, NULL, NULL)) {
            ps = p;
            g = 0;
        } else if (p > 0 &&
                   exec_rs_cmp_keys(&w->rows, w->order[p - 1], w->order[p],
                                    nc + n->npart, n->nsort, n->sort_desc,
                                    n->sort_nulls_first)) {
            g++;
        }
        if (p == ps || w->gno[p - 1] != g)
            w->gpos[ps + g] = p;
        w->gno[p] = g;
    }
    return ENG_OK;
}

/* A GROUPS bound `off` groups before (preceding) or after the current
 * row's group: the first row of that group (start) or its last (end),
 * clamped one past the partition when the group does not exist. */
static int64_t groups_bound(const op_window *w, int64_t p, int64_t off,
                            bool preceding, bool start)
{
    int64_t g = w->gno[p], ng = w->gno[w->pe - 1] + 1;
    if (preceding ? off > g : off >= ng - g)
        return preceding ? w->ps - 1 : w->pe;
    int64_t t = preceding ? g - off : g + off;
    if (start)
        return w->gpos[w->ps + t];
    return t + 1 < ng ? w->gpos[w->ps + t + 1] - 1 : w->pe - 1;
}

/* Reads a non-negative bigint offset of function f at position p; *null
 * when it is NULL. 22023 when negative. */
static eng_rc read_offset(op_window *w, const plan_expr *e, int col,
                          int64_t p, int64_t *out, bool *null)
{
    int idx;
    const eng_vector *v = at(w, p, col, &idx);
    *null = elem_null(v, idx);
    if (*null)
        return ENG_OK;
    *out = ((const int64_t *)v->data)[idx];
    if (*out < 0)
        return eng_err_set(w->base.ctx->err, ENG_ERR_INVALID_PARAMETER_VALUE,
                           e ? e->pos : 0, "%s must be at least 0",
                           "Offset");
    return ENG_OK;
}

/* A numeric value in the domain RANGE offsets compare in: int64 for
 * integer keys and offsets, double when either is double, else decimals
 * at the larger scale. */
typedef struct rnum {
    int64_t i;
    double d;
    eng_int128 dec;
} rnum;
enum { RD_INT, RD_DBL, RD_DEC };

static int range_domain(eng_type k, eng_type o, int *scale)
{
    *scale = 0;
    if (k.id == ENG_T_DOUBLE || o.id == ENG_T_DOUBLE)
        return RD_DBL;
    if (k.id != ENG_T_DECIMAL && o.id != ENG_T_DECIMAL)
        return RD_INT;
    int ks = k.id == ENG_T_DECIMAL ? k.scale : 0;
    int os = o.id == ENG_T_DECIMAL ? o.scale : 0;
    *scale = ks > os ? ks : os;
    return RD_DEC;
}

/* Element idx of v in domain dom (scale for RD_DEC); false on overflow
 * while rescaling. */
static bool to_rnum(const eng_vector *v, int idx, int dom, int scale, rnum *r)
{
    eng_type_id t = v->type.id;
    int64_t i = t == ENG_T_SMALLINT ? ((const int16_t *)v->data)[idx]
              : t == ENG_T_INTEGER ? ((const int32_t *)v->data)[idx]
              : t == ENG_T_BIGINT ? ((const int64_t *)v->data)[idx] : 0;
    memset(r, 0, sizeof *r);
    switch (dom) {
    case RD_INT:
        r->i = i;
        return true;
    case RD_DBL:
        r->d = t == ENG_T_DOUBLE ? ((const double *)v->data)[idx]
             : t == ENG_T_DECIMAL
             ? (double)((const eng_int128 *)v->data)[idx] /
               (double)eng_pow10(v->type.scale)
             : (double)i;
        return true;
    default:
        if (t == ENG_T_DECIMAL)
            return exec_dec_rescale(((const eng_int128 *)v->data)[idx],
                                    v->type.scale, scale, &r->dec) == 0;
        return exec_dec_rescale(i, 0, scale, &r->dec) == 0;
    }
}

static int rcmp(int dom, const rnum *a, const rnum *b)
{
    switch (dom) {
    case RD_INT: return (a->i > b->i) - (a->i < b->i);
    case RD_DBL: return (a->d > b->d) - (a->d < b->d);
    default: return (a->dec > b->dec) - (a->dec < b->dec);
    }
}

/* *t = k + sign * off; 0, or +1 / -1 when the result overflows upward /
 * downward (the bound then lies beyond every key). */
static int radd(int dom, const rnum *k, const rnum *off, int sign, rnum *t)
{
    *t = *k;
    switch (dom) {
    case RD_INT:
        if (sign > 0 ? __builtin_add_overflow(k->i, off->i, &t->i)
                     : __builtin_sub_overflow(k->i, off->i, &t->i))
            return sign;
        return 0;
    case RD_DBL:
        t->d = sign > 0 ? k->d + off->d : k->d - off->d;
        return 0;
    default:
        if (sign > 0 ? __builtin_add_overflow(k->dec, off->dec, &t->dec)
                     : __builtin_sub_overflow(k->dec, off->dec, &t->dec))
            return sign;
        return 0;
    }
}

/*
 * A RANGE bound over a date or timestamp key at position p (key non-NULL):
 * column bcol holds the bound value (key -/+ interval, binder); the first
 * row (start) or last row (end) of the partition's non-NULL keys [nlo,
 * nhi) whose key is at or after (start), at or before (end) it in sort
 * order, by binary search.
 */
static eng_rc value_bound(op_window *w, int bcol, bool start, int64_t p,
                          int64_t *out)
{
    const plan_node *n = w->base.node;
    int kcol = w->base.child[0]->ncols + n->npart;
    bool desc = n->sort_desc[0];
    int bi, ki;
    const eng_vector *bv = at(w, p, bcol, &bi);
    const eng_vector *kv = at(w, p, kcol, &ki);
    if (elem_null(bv, bi) || bv->type.id != kv->type.id)
        return eng_err_set(w->base.ctx->err, ENG_ERR_INVALID_PARAMETER_VALUE,
                           0, "Window frame offset value must not be "
                           "negative or null");
    int64_t lo = w->nlo, hi = w->nhi;
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        int mi;
        const eng_vector *mv = at(w, mid, kcol, &mi);
        int c = exec_elem_cmp(mv, mi, bv, bi);
        if (desc)
            c = -c;
        if (start ? c < 0 : c <= 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    *out = start ? lo : lo - 1;
    return ENG_OK;
}

/*
 * A RANGE bound with an offset at position p (key k non-NULL): the first
 * row (start) or last row (end) whose key lies within `off` of k, in the
 * direction of the sort. Keys of the partition's non-NULL rows [nlo, nhi)
 * are sorted, so a binary search finds it.
 */
static eng_rc range_bound(op_window *w, const plan_winfunc *f, int ocol,
                          const plan_expr *oe, bool preceding, bool start,
                          int64_t p, int64_t *out)
{
    exec_ctx *ctx = w->base.ctx;
    const plan_node *n = w->base.node;
    int kcol = w->base.child[0]->ncols + n->npart;
    bool desc = n->sort_desc[0];
    int idx, oidx, scale;
    const eng_vector *kv = at(w, p, kcol, &idx);
    const eng_vector *ov = at(w, p, ocol, &oidx);
    (void)f;
    int dom = range_domain(kv->type, ov->type, &scale);
    rnum k, off, t;
    bool bad = elem_null(ov, oidx);
    if (!bad && (!to_rnum(kv, idx, dom, scale, &k) ||
                 !to_rnum(ov, oidx, dom, scale, &off)))
        return eng_err_set(ctx->err, ENG_ERR_NUMERIC_VALUE_OUT_OF_RANGE,
                           oe ? oe->pos : 0, "Decimal overflow");
    rnum zero;
    memset(&zero, 0, sizeof zero);
    if (bad || rcmp(dom, &off, &zero) < 0 || (dom == RD_DBL && off.d != off.d))
        return eng_err_set(ctx->err, ENG_ERR_INVALID_PARAMETER_VALUE,
                           oe ? oe->pos : 0, "Window frame offset value must "
                           "not be negative or null");
    /* in sort order, PRECEDING moves toward the first rows */
    int sign = (preceding != desc) ? -1 : 1;
    int ovf = radd(dom, &k, &off, sign, &t);
    /* ovf in sort order: -1 before every key, +1 after every key */
    int dir = desc ? -ovf : ovf;
    int64_t lo = w->nlo, hi = w->nhi;
    if (dir != 0) {
        if (start)
            *out = dir < 0 ? lo : hi;
        else
            *out = dir < 0 ? lo - 1 : hi - 1;
        return ENG_OK;
    }
    /* start: first row with key at or after t in sort order;
     * end: last row with key at or before t */
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        int mi;
        const eng_vector *mv = at(w, mid, kcol, &mi);
        rnum m;
        if (!to_rnum(mv, mi, dom, scale, &m))
            return eng_err_set(ctx->err, ENG_ERR_NUMERIC_VALUE_OUT_OF_RANGE,
                               oe ? oe->pos : 0, "Decimal overflow");
        int c = rcmp(dom, &m, &t);
        if (desc)
            c = -c;
        if (start ? c < 0 : c <= 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    *out = start ? lo : lo - 1;
    return ENG_OK;
}

/* The frame [*fs, *fe] of function f at position p (clamped to the
 * partition; empty when *fs > *fe). */
static eng_rc frame_of(op_window *w, const plan_winfunc *f, const wcols *fc,
                       int64_t p, int64_t *fs, int64_t *fe)
{
    exec_ctx *ctx = w->base.ctx;
    int64_t last = w->pe - 1;
    const plan_frame_bound bd[2] = { f->start, f->end };
    const plan_expr *oe[2] = { f->start_off, f->end_off };
    const int oc[2] = { fc->soff, fc->eoff };
    int64_t r[2];
    for (int i = 0; i < 2; i++) {
        int64_t off = 0;
        if (!f->rows && !f->groups &&
            (bd[i] == PF_PRECEDING || bd[i] == PF_FOLLOWING)) {
            /* RANGE offset: a NULL key's frame bound is its peer group */
            int kidx;
            const eng_vector *kv = at(w, p, w->base.child[0]->ncols +
                                      w->base.node->npart, &kidx);
            if (elem_null(kv, kidx)) {
                r[i] = i == 0 ? w->qs : w->qe - 1;
                continue;
            }
            eng_rc rc = f->range_value
                        ? value_bound(w, oc[i], i == 0, p, &r[i])
                        : range_bound(w, f, oc[i], oe[i], bd[i] == PF_PRECEDING,
                                      i == 0, p, &r[i]);
            if (rc != ENG_OK)
                return rc;
            continue;
        }
        if (bd[i] == PF_PRECEDING || bd[i] == PF_FOLLOWING) {
            int idx;
            const eng_vector *v = at(w, p, oc[i], &idx);
            if (!elem_null(v, idx))
                off = ((const int64_t *)v->data)[idx];
            if (elem_null(v, idx) || off < 0)
                return eng_err_set(ctx->err, ENG_ERR_INVALID_PARAMETER_VALUE,
                                   oe[i] ? oe[i]->pos : 0, "Window frame "
                                   "offset value must not be negative or null");
        }
        switch (bd[i]) {
        case PF_UNBOUNDED_PRECEDING: r[i] = w->ps; break;
        case PF_UNBOUNDED_FOLLOWING: r[i] = last; break;
        case PF_CURRENT_ROW:
            r[i] = f->rows ? p : i == 0 ? w->qs : w->qe - 1;
            break;
        case PF_PRECEDING:
        case PF_FOLLOWING:
            if (f->groups)
                r[i] = groups_bound(w, p, off, bd[i] == PF_PRECEDING, i == 0);
            else if (bd[i] == PF_PRECEDING)
                r[i] = p - off < w->ps - 1 ? w->ps - 1 : p - off;
            else
                r[i] = off > last - p ? last + 1 : p + off;
            break;
        }
    }
    *fs = r[0] < w->ps ? w->ps : r[0];
    *fe = r[1] > last ? last : r[1];
    return ENG_OK;
}

/* 22003 at aggregate a's argument. */
static eng_rc overflow(exec_ctx *ctx, const plan_agg *a, const char *what)
{
    return eng_err_set(ctx->err, ENG_ERR_NUMERIC_VALUE_OUT_OF_RANGE,
                       a->arg ? a->arg->pos : 0, "%s", what);
}

/* Does position p feed the aggregate: its FILTER is TRUE and its argument
 * (for max_by/min_by: its key) is not NULL? */
static bool counts(op_window *w, const plan_agg *a, const wcols *fc, int64_t p)
{
    int idx;
    if (fc->filt >= 0) {
        const eng_vector *f = at(w, p, fc->filt, &idx);
        if (elem_null(f, idx) || !((const uint8_t *)f->data)[idx])
            return false;
    }
    if (a->kind == PA_COUNT_STAR)
        return true;
    int col = a->kind == PA_MAX_BY || a->kind == PA_MIN_BY ? fc->arg[1]
                                                           : fc->arg[0];
    return col >= 0 && !null_at(w, col, p);
}

/* Folds position p into accumulator ac of aggregate a. */
static eng_rc acc_add(op_window *w, const plan_agg *a, const wcols *fc,
                      wacc *ac, int64_t p)
{
    exec_ctx *ctx = w->base.ctx;
    if (!counts(w, a, fc, p))
        return ENG_OK;
    ac->count++;
    if (a->kind == PA_COUNT_STAR)
        return ENG_OK;
    int col = fc->arg[0];
    int idx;
    const eng_vector *v = at(w, p, col, &idx);
    eng_type_id t = v->type.id;
    switch (a->kind) {
    case PA_SUM:
    case PA_AVG:
        if (t == ENG_T_DOUBLE) {
            ac->d += ((const double *)v->data)[idx];
        } else if (t == ENG_T_DECIMAL) {
            eng_int128 x = ((const eng_int128 *)v->data)[idx];
            if (__builtin_add_overflow(ac->dec, x, &ac->dec) ||
                !exec_dec_fits(ac->dec, 38))
                return overflow(ctx, a, "Decimal overflow");
        } else {
            int64_t x = t == ENG_T_SMALLINT ? ((const int16_t *)v->data)[idx]
                      : t == ENG_T_INTEGER ? ((const int32_t *)v->data)[idx]
                      : ((const int64_t *)v->data)[idx];
            if (a->kind == PA_AVG)
                ac->dec += x;     /* exact sum for avg */
            else if (__builtin_add_overflow(ac->i, x, &ac->i))
                return overflow(ctx, a, "bigint overflow");
        }
        break;
    case PA_VAR_SAMP:
    case PA_VAR_POP:
    case PA_STDDEV_SAMP:
    case PA_STDDEV_POP: {
        double x = ((const double *)v->data)[idx];
        double delta = x - ac->mean;
        ac->mean += delta / (double)ac->count;
        ac->m2 += delta * (x - ac->mean);
        break;
    }
    case PA_ARBITRARY:
        if (!ac->has)
            ac->best = p;       /* the first value of the frame */
        break;
    case PA_MAX_BY:
    case PA_MIN_BY:
        v = at(w, p, fc->arg[1], &idx);
        col = fc->arg[1];
        __attribute__((fallthrough));
    case PA_MIN:
    case PA_MAX:
        if (ac->has) {
            int bi;
            const eng_vector *bv = at(w, ac->best, col, &bi);
            int c = exec_elem_cmp(v, idx, bv, bi);
            if (a->kind == PA_MIN || a->kind == PA_MIN_BY ? c >= 0 : c <= 0)
                return ENG_OK;
        }
        ac->best = p;
        break;
    default:
        break;
    }
    ac->has = true;
    return ENG_OK;
}

/* Can rows leave accumulator of aggregate a exactly (a frame whose start
 * moves)? count always; sum and avg of integers and decimals. */
static bool removable(const plan_agg *a)
{
    if (a->kind == PA_COUNT_STAR || a->kind == PA_COUNT)
        return true;
    return (a->kind == PA_SUM || a->kind == PA_AVG) && a->arg &&
           (eng_type_is_integer(a->arg->type.id) ||
            a->arg->type.id == ENG_T_DECIMAL);
}

/* Takes position p out of accumulator ac (removable aggregates only). */
static eng_rc acc_remove(op_window *w, const plan_agg *a, const wcols *fc,
                         wacc *ac, int64_t p)
{
    if (!counts(w, a, fc, p))
        return ENG_OK;
    ac->count--;
    if (a->kind == PA_COUNT || a->kind == PA_COUNT_STAR)
        return ENG_OK;
    int idx;
    const eng_vector *v = at(w, p, fc->arg[0], &idx);
    eng_type_id t = v->type.id;
    if (t == ENG_T_DECIMAL) {
        ac->dec -= ((const eng_int128 *)v->data)[idx];
        return ENG_OK;
    }
    int64_t x = t == ENG_T_SMALLINT ? ((const int16_t *)v->data)[idx]
              : t == ENG_T_INTEGER ? ((const int32_t *)v->data)[idx]
              : ((const int64_t *)v->data)[idx];
    if (a->kind == PA_AVG)
        ac->dec -= x;
    else if (__builtin_sub_overflow(ac->i, x, &ac->i))
        return overflow(w->base.ctx, a, "bigint overflow");
    return ENG_OK;
}

/* Writes the value of accumulator ac into out[i]. */
static eng_rc acc_result(op_window *w, const plan_winfunc *f, const wcols *fc,
                         const wacc *ac, eng_vector *out, int i)
{
    exec_ctx *ctx = w->base.ctx;
    const plan_agg *a = &f->agg;
    eng_value r;
    memset(&r, 0, sizeof r);
    r.type = f->type;
    switch (a->kind) {
    case PA_COUNT_STAR:
    case PA_COUNT:
        r.u.i = ac->count;
        break;
    case PA_MIN:
    case PA_MAX:
    case PA_ARBITRARY:
    case PA_MAX_BY:
    case PA_MIN_BY:
        /* the kept row's value (max_by/min_by: may be NULL) */
        put_value(w, fc->arg[0], ac->has ? ac->best : -1, out, i);
        return ENG_OK;
    case PA_VAR_SAMP:
    case PA_VAR_POP:
    case PA_STDDEV_SAMP:
    case PA_STDDEV_POP: {
        bool samp = a->kind == PA_VAR_SAMP || a->kind == PA_STDDEV_SAMP;
        if (ac->count < (samp ? 2 : 1)) {
            r.is_null = true;
            break;
        }
        double var = ac->m2 / (double)(samp ? ac->count - 1 : ac->count);
        r.u.d = a->kind == PA_STDDEV_SAMP || a->kind == PA_STDDEV_POP
                ? sqrt(var) : var;
        break;
    }
    case PA_SUM:
        if (!ac->count) {     /* non-NULL values in the frame */
            r.is_null = true;
            break;
        }
        if (f->type.id == ENG_T_DOUBLE)
            r.u.d = ac->d;
        else if (f->type.id == ENG_T_DECIMAL)
            r.u.dec = ac->dec;
        else
            r.u.i = ac->i;
        break;
    case PA_AVG:
        if (!ac->count) {
            r.is_null = true;
            break;
        }
        if (f->type.id == ENG_T_DECIMAL) {
            if (exec_dec_div_round(ac->dec, ac->count, &r.u.dec))
                return overflow(ctx, a, "Decimal overflow");
        } else if (a->arg && a->arg->type.id == ENG_T_DOUBLE) {
            r.u.d = ac->d / (double)ac->count;
        } else {
            r.u.d = (double)ac->dec / (double)ac->count;
        }
        break;
    default:
        r.is_null = true;
        break;
    }
    exec_vec_set(out, i, &r);
    return ENG_OK;
}

/* Aggregates computed from the frame's rows each time rather than an
 * accumulator: listagg, array_agg, approx_percentile, and
 * approx_distinct (count(DISTINCT x) to the binder). */
static bool collects(const plan_agg *a)
{
    return a->kind == PA_LISTAGG || a->kind == PA_ARRAY_AGG ||
           a->kind == PA_APPROX_PERCENTILE || a->distinct;
}

/* The order a collecting aggregate reads a frame's rows in (ids are row
 * ids of the store, which the frame lists in window order): its ORDER BY
 * keys (approx_percentile and DISTINCT: the value), then window order,
 * which the stable merge sort keeps. */
typedef struct cframe {
    const op_window *w;
    const plan_agg *a;
    const wcols *fc;
} cframe;

static int cmp_frame(const void *ctx, int64_t x, int64_t y)
{
    const cframe *c = ctx;
    if (c->a->norder)
        return exec_rs_cmp_keys(&c->w->rows, x, y, c->fc->ord, c->a->norder,
                                c->a->order_desc, c->a->order_nulls_first);
    return exec_rs_cmp_keys(&c->w->rows, x, y, c->fc->arg[0], 1, NULL, NULL);
}

/*
 * A collecting aggregate (collects()) over frame [fs, fe] at out[i]: the
 * rows that feed it (FILTER TRUE; value not NULL, except for array_agg;
 * approx_percentile: percentile not NULL), in its order, through
 * agg_collect.c; approx_distinct counts the distinct values. An empty
 * frame gives NULL (approx_distinct: 0). O(frame log frame) per row: the
 * result of a running frame is as large as the frame anyway.
 */
static eng_rc collect_frame(op_window *w, int fi, int64_t fs, int64_t fe,
                            eng_vector *out, int i)
{
    exec_ctx *ctx = w->base.ctx;
    const plan_winfunc *f = &w->base.node->wins[fi];
    const plan_agg *a = &f->agg;
    const wcols *fc = &w->fc[fi];
    int64_t need = fe - fs + 1, n = 0;
    if (need > w->cid_cap) {
        int64_t *x = eng_realloc(w->cids, sizeof(int64_t) * (size_t)need);
        if (x)
            w->cids = x;
        int64_t *y = x ? eng_realloc(w->ctmp, sizeof(int64_t) * (size_t)need)
                       : NULL;
        if (!y)
            return eng_err_oom(ctx->err);
        w->ctmp = y;
        w->cid_cap = need;
    }
    for (int64_t p = fs; p <= fe; p++) {
        int idx;
        if (fc->filt >= 0) {
            const eng_vector *fv = at(w, p, fc->filt, &idx);
            if (elem_null(fv, idx) || !((const uint8_t *)fv->data)[idx])
                continue;
        }
        if (a->kind != PA_ARRAY_AGG && null_at(w, fc->arg[0], p))
            continue;
        if (a->kind == PA_APPROX_PERCENTILE && null_at(w, fc->arg[1], p))
            continue;
        w->cids[n++] = w->order[p];
    }
    if (!n) {
        if (a->distinct) {
            eng_value z = { .type = f->type };
            exec_vec_set(out, i, &z);
        } else {
            eng_vec_set_valid(out, i, false);
        }
        return ENG_OK;
    }
    cframe c = { w, a, fc };
    if (a->norder || a->kind == PA_APPROX_PERCENTILE || a->distinct)
        exec_sort_ids(w->cids, w->ctmp, n, cmp_frame, &c);
    if (a->distinct) {
        int64_t d = 1;
        for (int64_t k = 1; k < n; k++)
            d += cmp_frame(&c, w->cids[k - 1], w->cids[k]) != 0;
        eng_value r = { .type = f->type };
        r.u.i = d;
        exec_vec_set(out, i, &r);
        return ENG_OK;
    }
    if (a->kind == PA_APPROX_PERCENTILE) {
        int64_t id;
        eng_rc rc = exec_collect_pick(ctx, a, &w->rows, w->cids, n, fc->arg[1],
                                      &id);
        if (rc != ENG_OK)
            return rc;
        int idx;
        const eng_vector *v = exec_rs_vec(&w->rows, id, fc->arg[0], &idx);
        exec_vec_copy_elem(out, i, v, idx);
        return ENG_OK;
    }
    if (a->kind == PA_ARRAY_AGG) {
        eng_value r = { .type = f->type };
        eng_rc rc = exec_collect_array(ctx, a, &w->rows, w->cids, n,
                                       fc->arg[0], w->base.barena, &r.u.arr);
        if (rc != ENG_OK)
            return rc;
        exec_vec_set(out, i, &r);
        return ENG_OK;
    }
    if (!w->ctext && !(w->ctext = eng_arena_create()))
        return eng_err_oom(ctx->err);
    eng_str s;
    eng_rc rc = exec_collect_text(ctx, a, &w->rows, w->cids, n, fc->arg[0],
                                  w->ctext, &w->cbuf, &w->cbuf_cap, &s);
    if (rc != ENG_OK)
        return rc;
    eng_value r = { .type = f->type };
    r.u.s.len = s.len;     /* cbuf is reused: the batch keeps a copy */
    r.u.s.ptr = eng_arena_memdup(w->base.barena, s.ptr ? s.ptr : "", s.len);
    if (!r.u.s.ptr)
        return eng_err_oom(ctx->err);
    exec_vec_set(out, i, &r);
    return ENG_OK;
}

/* An aggregate over frame [fs, fe] at out[i]: extends the accumulator when
 * the frame grew at its end, otherwise rebuilds it. */
static eng_rc agg_frame(op_window *w, int fi, int64_t fs, int64_t fe,
                        eng_vector *out, int i)
{
    const plan_winfunc *f = &w->base.node->wins[fi];
    const wcols *fc = &w->fc[fi];
    wacc *ac = &w->acc[fi];
    if (collects(&f->agg))
        return collect_frame(w, fi, fs, fe, out, i);
    if (fs > fe) {
        wacc empty;
        memset(&empty, 0, sizeof empty);
        return acc_result(w, f, fc, &empty, out, i);
    }
    if (ac->valid && ac->as < fs && fs <= ac->ae && ac->ae <= fe + 1 &&
        removable(&f->agg)) {
        /* a sliding frame: drop the rows that left it */
        for (; ac->as < fs; ac->as++) {
            eng_rc rc = acc_remove(w, &f->agg, fc, ac, ac->as);
            if (rc != ENG_OK)
                return rc;
        }
    }
    if (!ac->valid || ac->as != fs || ac->ae > fe + 1) {
        memset(ac, 0, sizeof *ac);
        ac->valid = true;
        ac->as = ac->ae = fs;
    }
    for (; ac->ae <= fe; ac->ae++) {
        eng_rc rc = acc_add(w, &f->agg, fc, ac, ac->ae);
        if (rc != ENG_OK)
            return rc;
    }
    return acc_result(w, f, fc, ac, out, i);
}

/* Copies column col at sorted position p into out[i] (NULL if p < 0). */
static void put_value(op_window *w, int col, int64_t p, eng_vector *out, int i)
{
    if (p < 0) {
        eng_vec_set_valid(out, i, false);
        return;
    }
    int idx;
    const eng_vector *v = at(w, p, col, &idx);
    if (elem_null(v, idx))
        eng_vec_set_valid(out, i, false);
    else
        exec_vec_copy_elem(out, i, v, idx);
}

static bool null_at(op_window *w, int col, int64_t p)
{
    int idx;
    const eng_vector *v = at(w, p, col, &idx);
    return elem_null(v, idx);
}

/* lag/lead at position p: the value `offset` rows (non-NULL values with
 * IGNORE NULLS) before/after p in the partition, else the default. */
static eng_rc lag_lead(op_window *w, const plan_winfunc *f, const wcols *fc,
                       int64_t p, eng_vector *out, int i)
{
    int64_t off = 1;
    bool null = false;
    if (fc->arg[1] >= 0) {
        eng_rc rc = read_offset(w, f->args[1], fc->arg[1], p, &off, &null);
        if (rc != ENG_OK)
            return rc;
        if (null) {
            eng_vec_set_valid(out, i, false);
            return ENG_OK;
        }
    }
    int step = f->kind == PW_LAG ? -1 : 1;
    int64_t q = -1;
    if (f->ignore_nulls && off > 0) {
        int64_t seen = 0;
        for (int64_t j = p + step; j >= w->ps && j < w->pe; j += step)
            if (!null_at(w, fc->arg[0], j) && ++seen == off) {
                q = j;
                break;
            }
    } else if (f->kind == PW_LAG ? off <= p - w->ps : off < w->pe - p) {
        q = p + step * off;
    }
    if (q >= 0)
        put_value(w, fc->arg[0], q, out, i);
    else if (fc->arg[2] >= 0)
        put_value(w, fc->arg[2], p, out, i);
    else
        eng_vec_set_valid(out, i, false);
    return ENG_OK;
}

/* first_value / last_value / nth_value over frame [fs, fe]. */
static eng_rc frame_value(op_window *w, const plan_winfunc *f,
                          const wcols *fc, int64_t p, int64_t fs, int64_t fe,
                          eng_vector *out, int i)
{
    int64_t nth = 1, q = -1;
    if (f->kind == PW_NTH_VALUE) {
        bool null;
        int idx;
        const eng_vector *v = at(w, p, fc->arg[1], &idx);
        null = elem_null(v, idx);
        if (null) {
            eng_vec_set_valid(out, i, false);
            return ENG_OK;
        }
        nth = ((const int64_t *)v->data)[idx];
        if (nth < 1)
            return eng_err_set(w->base.ctx->err, ENG_ERR_INVALID_PARAMETER_VALUE,
                               f->args[1]->pos, "Offset must be at least 1");
    }
    if (fs <= fe) {
        if (f->kind == PW_LAST_VALUE) {
            for (int64_t j = fe; j >= fs && q < 0; j--)
                if (!f->ignore_nulls || !null_at(w, fc->arg[0], j))
                    q = j;
        } else if (!f->ignore_nulls) {
            q = nth - 1 <= fe - fs ? fs + nth - 1 : -1;
        } else {
            int64_t seen = 0;
            for (int64_t j = fs; j <= fe && q < 0; j++)
                if (!null_at(w, fc->arg[0], j) && ++seen == nth)
                    q = j;
        }
    }
    put_value(w, fc->arg[0], q, out, i);
    return ENG_OK;
}

/* ntile(n) at position p of a partition of size N (row r = p - ps):
 * buckets of N / n rows, the first N % n of them one row larger. */
static eng_rc ntile(op_window *w, const plan_winfunc *f, const wcols *fc,
                    int64_t p, eng_vector *out, int i)
{
    int idx;
    const eng_vector *v = at(w, p, fc->arg[0], &idx);
    if (elem_null(v, idx)) {
        eng_vec_set_valid(out, i, false);
        return ENG_OK;
    }
    int64_t nb = ((const int64_t *)v->data)[idx];
    if (nb <= 0)
        return eng_err_set(w->base.ctx->err, ENG_ERR_INVALID_PARAMETER_VALUE,
                           f->args[0]->pos, "Buckets must be greater than 0");
    int64_t N = w->pe - w->ps, r = p - w->ps, bucket;
    if (nb >= N) {
        bucket = r + 1;
    } else {
        int64_t per = N / nb, extra = N % nb, big = extra * (per + 1);
        bucket = r < big ? r / (per + 1) + 1 : extra + (r - big) / per + 1;
    }
    eng_value val = { .type = f->type };
    val.u.i = bucket;
    exec_vec_set(out, i, &val);
    return ENG_OK;
}

/* Function fi's value at sorted position p into out[i]. */
static eng_rc compute(op_window *w, int fi, int64_t p, eng_vector *out, int i)
{
    const plan_winfunc *f = &w->base.node->wins[fi];
    const wcols *fc = &w->fc[fi];
    eng_value val;
    memset(&val, 0, sizeof val);
    val.type = f->type;
    int64_t N = w->pe - w->ps;
    switch (f->kind) {
    case PW_ROW_NUMBER: val.u.i = p - w->ps + 1; break;
    case PW_RANK: val.u.i = w->qs - w->ps + 1; break;
    case PW_DENSE_RANK: val.u.i = w->dense; break;
    case PW_PERCENT_RANK:
        val.u.d = N > 1 ? (double)(w->qs - w->ps) / (double)(N - 1) : 0.0;
        break;
    case PW_CUME_DIST: val.u.d = (double)(w->qe - w->ps) / (double)N; break;
    case PW_NTILE: return ntile(w, f, fc, p, out, i);
    case PW_LAG:
    case PW_LEAD: return lag_lead(w, f, fc, p, out, i);
    case PW_FIRST_VALUE:
    case PW_LAST_VALUE:
    case PW_NTH_VALUE:
    case PW_AGG: {
        int64_t fs = 0, fe = -1;
        eng_rc rc = frame_of(w, f, fc, p, &fs, &fe);
        if (rc != ENG_OK)
            return rc;
        return f->kind == PW_AGG ? agg_frame(w, fi, fs, fe, out, i)
                                 : frame_value(w, f, fc, p, fs, fe, out, i);
    }
    }
    exec_vec_set(out, i, &val);
    return ENG_OK;
}

static exec_status op_window_next(exec_op *op, eng_batch **out)
{
    op_window *w = (op_window *)op;
    exec_ctx *ctx = op->ctx;
    const plan_node *n = op->node;
    if (!w->done_input) {
        w->done_input = true;
        if (materialize(w) != ENG_OK)
            return EX_ERROR;
    }
    if (w->pos >= w->n)
        return EX_FINISHED;
    int nc = op->child[0]->ncols;
    int m = (int)(w->n - w->pos < ENG_BATCH_CAP ? w->n - w->pos : ENG_BATCH_CAP);
    eng_batch *b = exec_batch_shell(op->barena, op->ncols, m);
    if (!b) {
        eng_err_oom(ctx->err);
        return EX_ERROR;
    }
    for (int c = 0; c < nc; c++)
        if (exec_rs_gather(&w->rows, c, w->order + w->pos, m, op->barena,
                           &b->cols[c], ctx->err) != ENG_OK)
            return EX_ERROR;
    for (int f = 0; f < n->nwin; f++)
        if (exec_vec_alloc(op->barena, n->wins[f].type, m, &b->cols[nc + f],
                           ctx->err) != ENG_OK)
            return EX_ERROR;
    for (int i = 0; i < m; i++) {
        int64_t p = w->pos + i;
        advance(w, p);
        for (int f = 0; f < n->nwin; f++)
            if (compute(w, f, p, &b->cols[nc + f], i) != ENG_OK)
                return EX_ERROR;
    }
    w->pos += m;
    *out = b;
    return EX_HAVE_OUTPUT;
}

/* Frees the rows; the next call reads and sorts the input again. */
static void op_window_end(exec_op *op)
{
    op_window *w = (op_window *)op;
    eng_free(w->order);
    eng_free(w->gno);
    eng_free(w->gpos);
    eng_free(w->cids);
    eng_free(w->ctmp);
    eng_free(w->cbuf);
    eng_arena_destroy(w->ctext);
    w->order = w->gno = w->gpos = w->cids = w->ctmp = NULL;
    w->cid_cap = 0;
    w->cbuf = NULL;
    w->cbuf_cap = 0;
    w->ctext = NULL;
    exec_rs_free(&w->rows);
    w->done_input = false;
    w->n = w->pos = 0;
    w->ps = w->pe = w->qs = w->qe = 0;
}

/* Drops the rows and restarts the child. */
static eng_rc op_window_rescan(exec_op *op)
{
    op_window_end(op);
    return exec_rescan(op->child[0]);
}

static const exec_op_vt window_vt = { op_window_next, op_window_rescan,
                                      op_window_end, NULL };

/* Creates the window operator of node n and its child; the store layout
 * and accumulators are fixed here, once per execution. */
eng_rc op_window_init(exec_ctx *ctx, const plan_node *n, exec_op **out)
{
    op_window *w = (op_window *)exec_op_alloc(ctx, n, &window_vt,
                                              sizeof(op_window));
    if (!w)
        return ENG_NOMEM;
    exec_op *op = &w->base;
    int nc = n->child->ncols;
    int nx = n->npart + n->nsort;
    for (int f = 0; f < n->nwin; f++) {
        const plan_winfunc *wf = &n->wins[f];
        nx += (wf->kind == PW_AGG ? (wf->agg.arg != NULL) +
               (wf->agg.arg2 != NULL) + (wf->agg.filter != NULL) +
               wf->agg.norder : wf->nargs) +
              (wf->start_off != NULL) + (wf->end_off != NULL);
    }
    w->nstore = nc + nx;
    const plan_expr **ex = eng_arena_alloc(ctx->arena, sizeof(void *) * (size_t)(nx + 1));
    w->types = eng_arena_alloc(ctx->arena, sizeof(eng_type) * (size_t)(w->nstore + 1));
    w->fc = eng_arena_calloc(ctx->arena, sizeof(wcols) * (size_t)(n->nwin + 1));
    w->acc = eng_arena_calloc(ctx->arena, sizeof(wacc) * (size_t)(n->nwin + 1));
    if (!ex || !w->types || !w->fc || !w->acc) {
        exec_end(op);
        return eng_err_oom(ctx->err);
    }
    for (int c = 0; c < nc; c++)
        w->types[c] = n->child->types[c];
    store_exprs(n, ex);
    for (int k = 0; k < nx; k++)
        w->types[nc + k] = ex[k]->type;
    int col = nc + n->npart + n->nsort;
    for (int f = 0; f < n->nwin; f++) {
        const plan_winfunc *wf = &n->wins[f];
        wcols *fc = &w->fc[f];
        fc->arg[0] = fc->arg[1] = fc->arg[2] = fc->soff = fc->eoff = -1;
        fc->filt = fc->ord = -1;
        if (wf->kind == PW_AGG) {
            if (wf->agg.arg)
                fc->arg[0] = col++;
            if (wf->agg.arg2)
                fc->arg[1] = col++;      /* max_by/min_by: the key */
            if (wf->agg.filter)
                fc->filt = col++;
            if (wf->agg.norder) {
                fc->ord = col;
                col += wf->agg.norder;
            }
        } else {
            for (int i = 0; i < wf->nargs && i < 3; i++)
                fc->arg[i] = col++;
        }
        if (wf->start_off)
            fc->soff = col++;
        if (wf->end_off)
            fc->eoff = col++;
    }
    eng_rc rc = exec_init_children(op);
    if (rc == ENG_OK)
        *out = op;
    return rc;
}
