/*
 * engine/exec/op_sort.c
 *   Full sort: materializes the child (its columns plus the evaluated sort
 *   keys) in a chunked row store, sorts row ids with a stable merge sort,
 *   and emits the rows in batches of ENG_BATCH_CAP.
 * Interface: op_sort_init, op_sort_next, op_sort_rescan, op_sort_end (the
 *   last three through the vtable).
 * Not here: top-N (LIMIT over SORT is a plain limit above this).
 *
 * Each key is ASC or DESC with NULLS FIRST or LAST as the node says (the
 * binder resolved Trino's default, NULLS LAST); DESC reverses values only,
 * never where NULLs go. Varchar compares bytes, NaN sorts above numbers.
 * Only the input's live rows are stored (keys evaluated over them alone).
 * A rescan drops the sorted rows and reads the child again.
 *
 * External sort (spill.c): when the store passes its share of the memory
 * limit (exec_spill_due, checked after each input batch), its rows are
 * sorted and written to a spill file as a run, and the store starts
 * again empty. At the end of the input the rest becomes the last run and
 * the runs are merged: a heap of runs ordered by their current row (ties
 * to the earlier run, so the sort stays stable), one batch per run in
 * memory. More than SORT_FANIN runs are first merged SORT_FANIN at a time
 * into longer runs. An output batch ends early when a run's batch is used
 * up, because reading the run's next batch reuses the memory the output
 * points into; the next call reads it.
 */
#include <string.h>
#include "exec_int.h"

#define SORT_FANIN 64

/* One spilled run being merged: its file and its current batch. */
typedef struct sort_run {
    exec_spill *f;
    eng_arena *a;             /* the current batch (reset per read) */
    eng_batch *b;
    int pos;                  /* next row of b */
    bool need;                /* b is used up: read the next at the next
                                 merge call */
} sort_run;

typedef struct op_sort {
    exec_op base;
    exec_rowstore rows;         /* child columns, then key columns */
    eng_type *types;          /* the store's column types (ctx->arena) */
    int64_t *order;           /* sorted row ids (eng_malloc) */
    int64_t pos;
    bool sorted;
    /* spilling: runs[0..nruns) (eng_realloc), the merge over
     * runs[mlo..mhi) and its heap of run indices (eng_malloc) */
    sort_run *runs;
    int nruns, runs_cap;
    int mlo, mhi;
    int *heap;
    int nheap;
    eng_arena *tmp;           /* batches on their way to a run */
    int64_t held;             /* bytes held before the last batch */
} op_sort;

/* Orders row ids a and b by the sort keys; ties keep input order. */
static int cmp_rows(const void *ctx, int64_t a, int64_t b)
{
    const op_sort *s = ctx;
    const plan_node *n = s->base.node;
    int c = exec_rs_cmp_keys(&s->rows, a, b, s->base.ncols, n->nsort,
                             n->sort_desc, n->sort_nulls_first);
    return c ? c : (a < b ? -1 : a > b);
}

/* Orders row ia of batch a against row ib of batch b (both with the
 * store's columns) by the sort keys, as cmp_rows orders stored rows. */
static int cmp_batch_rows(const op_sort *s, const eng_batch *a, int ia,
                          const eng_batch *b, int ib)
{
    const plan_node *n = s->base.node;
    for (int k = 0; k < n->nsort; k++) {
        const eng_vector *va = &a->cols[s->base.ncols + k];
        const eng_vector *vb = &b->cols[s->base.ncols + k];
        bool na = va->type.id == ENG_T_UNKNOWN || !eng_vec_is_valid(va, ia);
        bool nb = vb->type.id == ENG_T_UNKNOWN || !eng_vec_is_valid(vb, ib);
        bool nf = n->sort_nulls_first && n->sort_nulls_first[k];
        if (na || nb) {
            if (na && nb)
                continue;
            return na ? (nf ? -1 : 1) : (nf ? 1 : -1);
        }
        int c = exec_elem_cmp(va, ia, vb, ib);
        if (c)
            return n->sort_desc && n->sort_desc[k] ? -c : c;
    }
    return 0;
}

/* True when run x's current row sorts before run y's (ties: the earlier
 * run, which holds earlier input). */
static bool run_before(const op_sort *s, int x, int y)
{
    const sort_run *rx = &s->runs[x], *ry = &s->runs[y];
    int c = cmp_batch_rows(s, rx->b, rx->pos, ry->b, ry->pos);
    return c < 0 || (c == 0 && x < y);
}

static void heap_down(op_sort *s, int i)
{
    for (;;) {
        int l = 2 * i + 1, m = i;
        if (l < s->nheap && run_before(s, s->heap[l], s->heap[m]))
            m = l;
        if (l + 1 < s->nheap && run_before(s, s->heap[l + 1], s->heap[m]))
            m = l + 1;
        if (m == i)
            return;
        int t = s->heap[i];
        s->heap[i] = s->heap[m];
        s->heap[m] = t;
        i = m;
    }
}

static void heap_push(op_sort *s, int r)
{
    int i = s->nheap++;
    s->heap[i] = r;
    while (i > 0 && run_before(s, s->heap[i], s->heap[(i - 1) / 2])) {
        int p = (i - 1) / 2, t = s->heap[i];
        s->heap[i] = s->heap[p];
        s->heap[p] = t;
        i = p;
    }
}

/* Closes runs [lo, hi) and frees their batches. */
static void close_runs(op_sort *s, int lo, int hi)
{
    for (int i = lo; i < hi; i++) {
        exec_spill_close(s->runs[i].f);
        eng_arena_destroy(s->runs[i].a);
        memset(&s->runs[i], 0, sizeof s->runs[i]);
    }
}

/* Sorts the store's rows, writes them as a new run and empties the store
 * (its memory given back). */
static eng_rc spill_run(op_sort *s)
{
    exec_op *op = &s->base;
    exec_ctx *ctx = op->ctx;
    int nc = op->ncols + op->node->nsort;
    if (s->nruns == s->runs_cap) {
        int cap = s->runs_cap ? s->runs_cap * 2 : 8;
        sort_run *r = eng_realloc(s->runs, sizeof *r * (size_t)cap);
        if (!r)
            return eng_err_oom(ctx->err);
        s->runs = r;
        s->runs_cap = cap;
    }
    if (!s->tmp && !(s->tmp = eng_arena_create()))
        return eng_err_oom(ctx->err);
    sort_run *r = &s->runs[s->nruns];
    memset(r, 0, sizeof *r);
    eng_rc rc = exec_rs_sort(ctx, &s->rows, cmp_rows, s, &s->order);
    if (rc == ENG_OK)
        rc = exec_spill_open(ctx, nc, s->types, &r->f);
    if (rc != ENG_OK)
        return rc;
    s->nruns++;          /* op_sort_end closes it from here on */
    rc = exec_spill_write_ids(r->f, &s->rows, s->order, s->rows.nrows, s->tmp);
    if (rc == ENG_OK)
        rc = exec_spill_rewind(r->f);
    op->spill_runs++;
    op->spill_bytes += exec_spill_bytes(r->f);
    eng_free(s->order);
    s->order = NULL;
    exec_rs_free(&s->rows);
    s->held = 0;
    if (rc == ENG_OK)
        rc = exec_rs_init(&s->rows, nc, s->types, ctx->err);
    if (rc == ENG_OK)
        rc = exec_rs_account(&s->rows, ctx, "ORDER BY sort");
    return rc;
}

/* exec_rs_fill's hook: spills the store when it holds its share (the
 * sort's id arrays, 16 bytes a row, counted too). */
static eng_rc maybe_spill(void *arg)
{
    op_sort *s = arg;
    if (!exec_spill_due_next(s->base.ctx,
                             s->rows.charged + 16 * s->rows.nrows, &s->held))
        return ENG_OK;
    return spill_run(s);
}

/* Starts merging runs [lo, hi): a batch of each, and the heap. */
static eng_rc merge_begin(op_sort *s, int lo, int hi)
{
    exec_ctx *ctx = s->base.ctx;
    eng_free(s->heap);
    s->nheap = 0;
    s->heap = eng_malloc(sizeof *s->heap * (size_t)(hi - lo + 1));
    if (!s->heap)
        return eng_err_oom(ctx->err);
    s->mlo = lo;
    s->mhi = hi;
    for (int i = lo; i < hi; i++) {
        sort_run *r = &s->runs[i];
        if (!r->a && !(r->a = eng_arena_create()))
            return eng_err_oom(ctx->err);
        r->need = true;
    }
    return ENG_OK;
}

/* The next merged batch (every store column, up to ENG_BATCH_CAP rows)
 * in arena a, or *out = NULL when the runs are used up. */
static eng_rc merge_next(op_sort *s, eng_arena *a, eng_batch **out)
{
    exec_ctx *ctx = s->base.ctx;
    int nc = s->base.ncols + s->base.node->nsort;
    *out = NULL;
    for (int i = s->mlo; i < s->mhi; i++) {
        sort_run *r = &s->runs[i];
        if (!r->need)
            continue;
        r->need = false;
        eng_arena_reset(r->a);
        eng_rc rc = exec_spill_read(r->f, r->a, &r->b);
        if (rc != ENG_OK)
            return rc;
        r->pos = 0;
        if (r->b && r->b->nrows > 0)
            heap_push(s, i);
        else if (r->b)
            r->need = true;       /* an empty block: read on */
    }
    if (!s->nheap)
        return ENG_OK;
    eng_batch *b = exec_batch_new(a, nc, s->types, ENG_BATCH_CAP);
    if (!b)
        return eng_err_oom(ctx->err);
    int m = 0;
    while (s->nheap && m < ENG_BATCH_CAP) {
        sort_run *r = &s->runs[s->heap[0]];
        for (int c = 0; c < nc; c++)
            exec_vec_copy_elem(&b->cols[c], m, &r->b->cols[c], r->pos);
        m++;
        if (++r->pos < r->b->nrows) {
            heap_down(s, 0);
            continue;
        }
        /* used up: its next batch is read on the next call, once this
         * output (which points into its arena) is gone */
        r->need = true;
        s->heap[0] = s->heap[--s->nheap];
        heap_down(s, 0);
        break;
    }
    b->nrows = m;
    *out = b;
    return ENG_OK;
}

/* Merges runs SORT_FANIN at a time into longer runs until at most
 * SORT_FANIN are left, then starts the final merge. */
static eng_rc merge_runs(op_sort *s)
{
    exec_op *op = &s->base;
    exec_ctx *ctx = op->ctx;
    int nc = op->ncols + op->node->nsort;
    int lo = 0;
    while (s->nruns - lo > SORT_FANIN) {
        eng_rc rc = merge_begin(s, lo, lo + SORT_FANIN);
        if (rc != ENG_OK)
            return rc;
        if (s->nruns == s->runs_cap) {
            sort_run *r = eng_realloc(s->runs, sizeof *r *
                                               (size_t)(s->runs_cap * 2));
            if (!r)
                return eng_err_oom(ctx->err);
            s->runs = r;
            s->runs_cap *= 2;
        }
        sort_run *w = &s->runs[s->nruns];
        memset(w, 0, sizeof *w);
        if ((rc = exec_spill_open(ctx, nc, s->types, &w->f)) != ENG_OK)
            return rc;
        s->nruns++;
        if (!s->tmp && !(s->tmp = eng_arena_create()))
            return eng_err_oom(ctx->err);
        for (;;) {
            eng_batch *b;
            eng_arena_reset(s->tmp);
            if ((rc = merge_next(s, s->tmp, &b)) != ENG_OK)
                return rc;
            if (!b)
                break;
            if ((rc = exec_spill_write(w->f, b)) != ENG_OK ||
                (rc = exec_check_interrupt(ctx)) != ENG_OK)
                return rc;
        }
        if ((rc = exec_spill_rewind(w->f)) != ENG_OK)
            return rc;
        op->spill_runs++;
        op->spill_bytes += exec_spill_bytes(w->f);
        close_runs(s, lo, lo + SORT_FANIN);
        lo += SORT_FANIN;
    }
    return merge_begin(s, lo, s->nruns);
}

/* Reads the child into the store and sorts the row ids; with runs
 * spilled, writes the rest as the last run and starts merging. */
static eng_rc materialize(op_sort *s)
{
    exec_op *op = &s->base;
    const plan_node *n = op->node;
    eng_rc rc = exec_rs_init(&s->rows, op->ncols + n->nsort, s->types,
                             op->ctx->err);
    if (rc == ENG_OK)
        rc = exec_rs_account(&s->rows, op->ctx, "ORDER BY sort");
    if (rc == ENG_OK)
        rc = exec_rs_fill_cb(op, &s->rows,
                             (const plan_expr *const *)n->sort_keys, n->nsort,
                             op->ctx->spill ? maybe_spill : NULL, s);
    if (rc == ENG_OK && s->nruns > 0) {
        if (s->rows.nrows > 0)
            rc = spill_run(s);
        exec_rs_free(&s->rows);
        return rc == ENG_OK ? merge_runs(s) : rc;
    }
    if (rc == ENG_OK)
        rc = exec_rs_sort(op->ctx, &s->rows, cmp_rows, s, &s->order);
    if (rc == ENG_OK)   /* Trino refuses arrays ordered by NULL elements */
        rc = exec_sort_check_arrays(op->ctx, &s->rows, s->order, op->ncols,
                                    n->nsort);
    return rc;
}

/* The next output batch of a spilled sort: the merge's, narrowed to the
 * child's columns. */
static exec_status next_merged(op_sort *s, eng_batch **out)
{
    exec_op *op = &s->base;
    eng_batch *b;
    if (merge_next(s, op->barena, &b) != ENG_OK)
        return EX_ERROR;
    if (!b)
        return EX_FINISHED;
    b->ncols = op->ncols;     /* the key columns stay behind, unread */
    *out = b;
    return EX_HAVE_OUTPUT;
}

static exec_status op_sort_next(exec_op *op, eng_batch **out)
{
    op_sort *s = (op_sort *)op;
    exec_ctx *ctx = op->ctx;
    if (!s->sorted) {
        s->sorted = true;
        if (materialize(s) != ENG_OK)
            return EX_ERROR;
    }
    if (s->nruns > 0)
        return next_merged(s, out);
    if (s->pos >= s->rows.nrows)
        return EX_FINISHED;
    int m = (int)(s->rows.nrows - s->pos < ENG_BATCH_CAP
                      ? s->rows.nrows - s->pos : ENG_BATCH_CAP);
    eng_batch *b = exec_batch_shell(op->barena, op->ncols, m);
    if (!b) {
        eng_err_oom(ctx->err);
        return EX_ERROR;
    }
    for (int c = 0; c < op->ncols; c++)
        if (exec_rs_gather(&s->rows, c, s->order + s->pos, m, op->barena,
                         &b->cols[c], ctx->err) != ENG_OK)
            return EX_ERROR;
    s->pos += m;
    *out = b;
    return EX_HAVE_OUTPUT;
}

/* Frees the sorted rows and closes the spill files (they vanish); the
 * next call sorts the input again. */
static void op_sort_end(exec_op *op)
{
    op_sort *s = (op_sort *)op;
    eng_free(s->order);
    s->order = NULL;
    exec_rs_free(&s->rows);
    s->sorted = false;
    s->pos = 0;
    close_runs(s, 0, s->nruns);
    eng_free(s->runs);
    s->runs = NULL;
    s->nruns = s->runs_cap = 0;
    eng_free(s->heap);
    s->heap = NULL;
    s->nheap = 0;
    eng_arena_destroy(s->tmp);
    s->tmp = NULL;
    s->held = 0;
}

/* Drops the sorted rows and restarts the child: the input is read and
 * sorted again on the next call. */
static eng_rc op_sort_rescan(exec_op *op)
{
    op_sort_end(op);
    return exec_rescan(op->child[0]);
}

static const exec_op_vt sort_vt = { op_sort_next, op_sort_rescan, op_sort_end,
                                    NULL };

/* Creates the sort of node n and its child; the store's column types are
 * fixed here, once per execution, so rescans allocate nothing in
 * ctx->arena. */
eng_rc op_sort_init(exec_ctx *ctx, const plan_node *n, exec_op **out)
{
    op_sort *s = (op_sort *)exec_op_alloc(ctx, n, &sort_vt, sizeof(op_sort));
    if (!s)
        return ENG_NOMEM;
    exec_op *op = &s->base;
    int nc = op->ncols + n->nsort;
    s->types = eng_arena_alloc(ctx->arena, sizeof(eng_type) * (size_t)(nc + 1));
    if (!s->types) {
        exec_end(op);
        return eng_err_oom(ctx->err);
    }
    for (int c = 0; c < op->ncols; c++)
        s->types[c] = op->types[c];
    for (int k = 0; k < n->nsort; k++)
        s->types[op->ncols + k] = n->sort_keys[k]->type;
    eng_rc rc = exec_init_children(op);
    if (rc == ENG_OK)
        *out = op;
    return rc;
}
