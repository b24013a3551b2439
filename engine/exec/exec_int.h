/*
 * engine/exec/exec_int.h
 *   What the files of engine/exec/ share: the operator base struct, the
 *   per-operator entry points, vector helpers, row storage, hashing and a
 *   hash table of row ids.
 * Interface: exec_op, exec_op_vt, exec_build, exec_next, exec_next_dense,
 *   exec_rescan,
 *   exec_end, exec_cancel, exec_check_interrupt, op_*_init, exec_vec_*,
 *   exec_batch_new, exec_batch_shell, exec_batch_select, exec_batch_flatten,
 *   exec_rowstore, exec_rs_*, exec_hash_*, exec_htab_*, exec_scan_read_ahead,
 *   exec_scan_signal, exec_reader_*, exec_spill_*, exec_spool_scan.
 * Not here: the public executor API (exec.h).
 *
 * Protocol (README.md has the whole of it). Every operator embeds exec_op
 * as its first member and provides op_X_init (build, reads nothing),
 * op_X_next, op_X_rescan and op_X_end, the last three through its vtable.
 * exec_next() checks cancellation and the deadline, resets the operator's
 * batch arena (op->barena, so the previous output dies here) and calls
 * vt->next. The batch it returns stays valid until the next exec_next /
 * exec_rescan / exec_end on the same operator; it may point into the
 * child's batch (zero copy), which is safe because the child is only
 * advanced from inside this operator's next. It may carry a selection
 * vector (types.h, eng_batch): every consumer reads only its live rows.
 * exec_rescan() makes the operator start again from its first row, in any
 * state (fresh, mid-stream, finished, ended). exec_end() is idempotent: it
 * ends the operator (freeing its own storage) and its children; a later
 * exec_rescan may restart it. Operator structs live in ctx->arena.
 */
#ifndef ENG_EXEC_INT_H
#define ENG_EXEC_INT_H

#include <stdbool.h>
#include <stdint.h>
#include "exec.h"
#include "../common/array.h"  /* eng_array_grow: operator state that grows */
#include "../common/hash.h"   /* eng_hash_u64, eng_hash_combine, eng_hash_bytes */

typedef struct exec_op_vt {
    /* Produces the next batch into *out (EX_HAVE_OUTPUT), EX_FINISHED, or
     * EX_ERROR with ctx->err filled. */
    exec_status (*next)(exec_op *op, eng_batch **out);
    /* Forgets the operator's progress so that the next `next` returns its
     * rows again from the first, and rescans (exec_rescan) the children it
     * will read again. Called by exec_rescan once the batch arena is ready;
     * the operator may be fresh, mid-stream, finished, failed or ended.
     * ENG_OK, or ENG_NOMEM/ENG_ERROR with ctx->err set. */
    eng_rc (*rescan)(exec_op *op);
    /* Frees the operator's own resources (leaving its state as a rescan
     * can restart from); exec_end then ends its children. */
    void (*end)(exec_op *op);
    /* Asks running remote work to stop (scans); NULL for most operators. */
    void (*cancel)(exec_op *op);
} exec_op_vt;

struct exec_op {
    const exec_op_vt *vt;
    exec_ctx *ctx;
    const plan_node *node;
    int ncols;
    const eng_type *types;
    eng_arena *barena;        /* output batches; reset on every next */
    exec_op *child[2];
    int nchild;
    bool ended;
    bool finished;
    bool broken;              /* a rescan failed: next fails until a
                                 rescan succeeds */
    int64_t rows_out;         /* rows returned so far (EXPLAIN ANALYZE) */
    int64_t bytes_out;        /* with ctx->analyze: bytes of those rows */
    int64_t time_ns;          /* with ctx->analyze: wall time in next,
                                 inputs included */
    int64_t spill_runs;       /* runs written to spill files (spill.c) */
    int64_t spill_bytes;      /* and their bytes (EXPLAIN ANALYZE) */
};

/* ---- executor.c ---- */
/* Builds the operator for node (and its subtree). ENG_OK or err set. */
eng_rc exec_build(exec_ctx *ctx, const plan_node *node, exec_op **out);
/* Allocates an operator struct of `size` bytes in ctx->arena with its batch
 * arena; returns NULL on OOM (ctx->err set). */
exec_op *exec_op_alloc(exec_ctx *ctx, const plan_node *node, const exec_op_vt *vt,
                   size_t size);
/* Builds op's children from node->child (or node->left/right). On
 * failure ends op (and what was built) and returns the error. */
eng_rc exec_init_children(exec_op *op);
exec_status exec_next(exec_op *op, eng_batch **out);
/* The next batch of op's first child with live rows, its columns made
 * dense in arena a (reset first): see executor.c. */
exec_status exec_next_dense(exec_op *op, eng_arena *a, eng_batch **in,
                            eng_vector **cols, int *live);
/*
 * Restarts op: its next call returns its rows again from the first. Works
 * in every state, also after exec_end (storage is re-created as needed)
 * and after an error. Scans restart their remote query; materializing
 * operators read their input again, except that a hash join keeps a
 * completed build side (op_hash_join.c). The batch op returned last dies
 * here. ENG_OK, or ENG_NOMEM with ctx->err set; then op fails every next
 * until a rescan succeeds (exec_end stays safe). NULL op is allowed.
 */
eng_rc exec_rescan(exec_op *op);
void exec_end(exec_op *op);
void exec_cancel(exec_op *op);
/* HY008 when cancelled, HYT00 past the deadline; ENG_OK otherwise. */
eng_rc exec_check_interrupt(exec_ctx *ctx);
/*
 * Adds delta bytes (negative: gives them back) to what the execution
 * holds. When a positive delta takes it past ctx->mem_limit, fails with
 * 53200 naming `what` (the operator's store) and the limit; the bytes stay
 * charged until their owner frees them (exec_rs_free, exec_htab_free).
 */
eng_rc exec_mem_charge(exec_ctx *ctx, const char *what, int64_t delta);
/* Converts an eng_rc failure into EX_ERROR (OOM already in err). */
static inline exec_status exec_fail(eng_rc rc) { (void)rc; return EX_ERROR; }

/* ---- operators (op_*.c) ---- */
eng_rc op_scan_init(exec_ctx *ctx, const plan_node *n, exec_op **out);
eng_rc op_values_init(exec_ctx *ctx, const plan_node *n, exec_op **out);
eng_rc op_filter_init(exec_ctx *ctx, const plan_node *n, exec_op **out);
eng_rc op_project_init(exec_ctx *ctx, const plan_node *n, exec_op **out);
eng_rc op_limit_init(exec_ctx *ctx, const plan_node *n, exec_op **out);
eng_rc op_union_all_init(exec_ctx *ctx, const plan_node *n, exec_op **out);
eng_rc op_distinct_init(exec_ctx *ctx, const plan_node *n, exec_op **out);
eng_rc op_hash_join_init(exec_ctx *ctx, const plan_node *n, exec_op **out);
eng_rc op_hash_agg_init(exec_ctx *ctx, const plan_node *n, exec_op **out);
eng_rc op_sort_init(exec_ctx *ctx, const plan_node *n, exec_op **out);
eng_rc op_window_init(exec_ctx *ctx, const plan_node *n, exec_op **out);
eng_rc op_groupid_init(exec_ctx *ctx, const plan_node *n, exec_op **out);
eng_rc op_unnest_init(exec_ctx *ctx, const plan_node *n, exec_op **out);
eng_rc op_recursive_init(exec_ctx *ctx, const plan_node *n, exec_op **out);
eng_rc op_worktable_init(exec_ctx *ctx, const plan_node *n, exec_op **out);
eng_rc op_apply_init(exec_ctx *ctx, const plan_node *n, exec_op **out);
eng_rc op_setop_init(exec_ctx *ctx, const plan_node *n, exec_op **out);
eng_rc op_spool_init(exec_ctx *ctx, const plan_node *n, exec_op **out);
/* The scan operator that reads for op (op_spool.c): a shared scan's one
 * source for a use of it (an op_spool_init operator), op itself for any
 * other operator. */
exec_op *exec_spool_scan(exec_op *op);

/* ---- read ahead (op_scan.c, scan_reader.c) ---- */
/* Starts scan operator op on a reader thread if it can (op_scan.c). */
void exec_scan_read_ahead(exec_op *op);
/* Asks scan operator op's reader, if any, to stop soon. */
void exec_scan_signal(exec_op *op);
typedef struct exec_reader exec_reader;
/* nparts: 1, or a split scan's ranges (spec->split_n), one thread each */
eng_rc exec_reader_start(const eng_connector_ops *ops, void *state,
                         const eng_scan_spec *spec, int nparts, int ncols,
                         const eng_type *types, exec_reader **out,
                         eng_error *err);
eng_rc exec_reader_next(exec_reader *r, volatile int *cancelled,
                        eng_batch **out, eng_error *err);
void exec_reader_signal(exec_reader *r);
/* Stops and frees r; returns the bytes its scan received (scan_bytes), -1
 * when the connector does not say; *nparts and rows[] (NULL allowed) get
 * the rows each part read. */
int64_t exec_reader_stop(exec_reader *r, int *nparts, int64_t *rows);
/* The rows each part of r read so far; returns the number of parts. */
int exec_reader_part_rows(exec_reader *r, int64_t *rows);
/* Bytes r's scan received, known once its thread ended the scan (0
 * before), -1 when the connector does not say. */
int64_t exec_reader_wire_bytes(exec_reader *r);
/* Bytes scan operator op received from its catalog (every run so far,
 * the running one included), or -1 when its connector does not say. */
int64_t exec_scan_wire_bytes(exec_op *op);
/* Rows each range of scan operator op's split read returned, into rows
 * (PLAN_SPLIT_MAX entries); returns the ranges, 0 when read whole. */
int exec_scan_range_rows(exec_op *op, int64_t *rows);

/* ---- vectors (vector.c) ---- */
/* Allocates an n-row vector of type t in a (validity all NULL, data
 * zeroed). ENG_NOMEM with err set on OOM. */
eng_rc exec_vec_alloc(eng_arena *a, eng_type t, int n, eng_vector *out,
                    eng_error *err);
/* New batch of ncols columns (capacity cap), nrows 0, in a. NULL on OOM. */
eng_batch *exec_batch_new(eng_arena *a, int ncols, const eng_type *types,
                        int cap);
/* Batch header of ncols columns whose vectors the caller fills. */
eng_batch *exec_batch_shell(eng_arena *a, int ncols, int nrows);
/* New header in a over the same vectors as `in` (b->cols == in->cols, no
 * value copied) whose live rows are sel[0..nsel-1] (vector indices of in,
 * strictly increasing; the array must live as long as the header). NULL
 * on OOM. */
eng_batch *exec_batch_select(eng_arena *a, const eng_batch *in,
                             const int *sel, int nsel);
/* b itself when dense, otherwise a dense copy of its live rows in a
 * (strings shared). NULL on OOM with err set. */
const eng_batch *exec_batch_flatten(eng_arena *a, const eng_batch *b,
                                    eng_error *err);

/*
 * The output of an operator that keeps the rows sel[0..m) (m >= 1, in
 * order) of its input batch in, which has n live rows: in itself when it
 * keeps them all, else a header over in's vectors with that selection
 * in the operator's batch arena (exec_batch_select). EX_HAVE_OUTPUT with
 * *out set, or EX_ERROR with HY001 in ctx->err. Filter, DISTINCT and
 * INTERSECT/EXCEPT emit so.
 */
static inline exec_status exec_emit_rows(exec_op *op, eng_batch *in,
                                         const int *sel, int m, int n,
                                         eng_batch **out)
{
    if (m == n) {
        *out = in;
        return EX_HAVE_OUTPUT;
    }
    *out = exec_batch_select(op->barena, in, sel, m);
    if (!*out) {
        eng_err_oom(op->ctx->err);
        return EX_ERROR;
    }
    return EX_HAVE_OUTPUT;
}
/* out[i] = src[sel[i]] for i < n (strings shared, not copied). */
eng_rc exec_vec_gather(eng_arena *a, const eng_vector *src, const int *sel,
                     int n, eng_vector *out, eng_error *err);
/* Copies element si of src to element di of dst (same type id; strings
 * shared). Validity included. */
void exec_vec_copy_elem(eng_vector *dst, int di, const eng_vector *src, int si);
/* Reads element i of v into *out (strings point into v). */
void exec_vec_get(const eng_vector *v, int i, eng_value *out);
/* Writes *val into element i of v (strings shared). val's type id must
 * match v unless val is NULL. */
void exec_vec_set(eng_vector *v, int i, const eng_value *val);
/* Sets every row of an n-row vector NULL. */
void exec_vec_all_null(eng_vector *v, int n);

/* ---- row storage (rowstore.c) ---- */
/*
 * Rows of fixed column types kept in chunks of ENG_BATCH_CAP rows, all in
 * the store's own arena (strings deep-copied). The chunk index grows with
 * eng_realloc. A row id is chunk * ENG_BATCH_CAP + index.
 */
typedef struct exec_rowstore {
    int ncols;
    eng_type *types;          /* in arena */
    eng_arena *arena;
    eng_vector **chunks;      /* chunks[k] = ncols vectors */
    int64_t nchunks, chunk_cap;
    int64_t nrows;
    /* memory accounting (exec_rs_account): the execution charged, what
     * the store is for (in messages) and the bytes charged so far */
    exec_ctx *acct;
    const char *what;
    int64_t charged;
} exec_rowstore;

eng_rc exec_rs_init(exec_rowstore *rs, int ncols, const eng_type *types,
                  eng_error *err);
/* Releases the store (and gives its charged bytes back); safe twice. */
void exec_rs_free(exec_rowstore *rs);
/* Charges the store's memory, now and as it grows, to ctx under the name
 * `what` (a string that outlives the store), e.g. "hash join build". */
eng_rc exec_rs_account(exec_rowstore *rs, exec_ctx *ctx, const char *what);
/* Appends row `row` of the ncols vectors `cols` (strings copied). */
eng_rc exec_rs_append(exec_rowstore *rs, const eng_vector *const *cols, int row,
                    eng_error *err);
/* Appends one row whose columns 0..split-1 are element row_a of their
 * vectors and columns split.. element row_b: a batch's columns read
 * through its selection next to dense evaluated keys. */
eng_rc exec_rs_append_split(exec_rowstore *rs, const eng_vector *const *cols,
                            int split, int row_a, int row_b, eng_error *err);
/* Appends n rows at once: columns 0..split-1 are elements rows[0..n) of
 * their vectors (rows NULL: 0..n-1, e.g. a batch's selection), the others
 * elements 0..n-1 (dense evaluated keys). ENG_NOMEM on OOM (the rows
 * before it stay appended). */
eng_rc exec_rs_append_rows(exec_rowstore *rs, const eng_vector *const *cols,
                           int split, const int *rows, int n, eng_error *err);
static inline const eng_vector *exec_rs_vec(const exec_rowstore *rs, int64_t id,
                                          int col, int *idx)
{
    *idx = (int)(id % ENG_BATCH_CAP);
    return &rs->chunks[id / ENG_BATCH_CAP][col];
}
static inline eng_vector *exec_rs_vec_mut(exec_rowstore *rs, int64_t id,
                                        int col, int *idx)
{
    *idx = (int)(id % ENG_BATCH_CAP);
    return &rs->chunks[id / ENG_BATCH_CAP][col];
}
/* A probe row for exec_htab_find against a row store: row `row` of the
 * vectors cols[0..rs->ncols). exec_rs_row_eq (the find callback) is true
 * when stored row id equals it in every column, NULL equal to NULL (set
 * operations, DISTINCT, group keys). */
typedef struct exec_rs_probe {
    const exec_rowstore *rs;
    const eng_vector *cols;
    int row;
} exec_rs_probe;
bool exec_rs_row_eq(void *probe, int64_t id);
/* Compares stored rows a and b (ids) on columns [c0, c0 + n): NULLs equal
 * to each other and placed first only where nulls_first[k] says, desc[k]
 * reverses values (either array may be NULL: none). 0 when all equal. */
int exec_rs_cmp_keys(const exec_rowstore *rs, int64_t a, int64_t b, int c0,
                     int n, const bool *desc, const bool *nulls_first);
/* Stable bottom-up merge sort of row ids[0..n-1] by cmp(ctx, a, b), using
 * tmp (n entries). */
void exec_sort_ids(int64_t *ids, int64_t *tmp, int64_t n,
                   int (*cmp)(const void *ctx, int64_t a, int64_t b),
                   const void *ctx);
/*
 * Reads op's first child to its end into rs (initialised with the child's
 * columns followed by nkeys more): each live row's child columns, then
 * keys[k] evaluated over the batch as rs->types[child ncols + k]. Ends the
 * child. The materializing step of op_sort and op_window.
 */
eng_rc exec_rs_fill(exec_op *op, exec_rowstore *rs,
                    const plan_expr *const *keys, int nkeys);
/* exec_rs_fill calling after(arg) (when not NULL) once each input batch
 * is in rs: a sort spills there (rs may be emptied and restarted). An
 * error from it ends the fill. */
eng_rc exec_rs_fill_cb(exec_op *op, exec_rowstore *rs,
                       const plan_expr *const *keys, int nkeys,
                       eng_rc (*after)(void *arg), void *arg);
/* *order = the ids of rs's rows sorted by cmp (eng_malloc'ed, the caller
 * frees it; NULL on failure), after an interrupt check. */
eng_rc exec_rs_sort(exec_ctx *ctx, const exec_rowstore *rs,
                    int (*cmp)(const void *cctx, int64_t a, int64_t b),
                    const void *cctx, int64_t **order);
/* out = column col of rows ids[0..n-1] (a fresh vector in a); a negative
 * id gives NULL. */
eng_rc exec_rs_gather(const exec_rowstore *rs, int col, const int64_t *ids, int n,
                    eng_arena *a, eng_vector *out, eng_error *err);

/* ---- spill files (spill.c) ---- */
/* A run of batches in a temporary file, written then read back once in
 * order. The file is unlinked as soon as it is made: closing it (or the
 * process ending) is all the cleanup there is. */
typedef struct exec_spill exec_spill;
/* Below this an operator never spills: a run must hold some rows. */
#define EXEC_SPILL_MIN ((int64_t)16 * 1024)
/* True when an operator holding `held` bytes should spill now: spilling
 * is on, there is a limit, and the operator passed a quarter of it or
 * the execution three quarters. */
bool exec_spill_due(const exec_ctx *ctx, int64_t held);
/* exec_spill_due, looking one batch ahead: true when the operator, now
 * holding `held` bytes (*prev before its last batch, updated here),
 * would pass its share with one more batch like the last. */
bool exec_spill_due_next(const exec_ctx *ctx, int64_t held, int64_t *prev);
/* Creates a spill file for rows of ncols columns of types (the array
 * must outlive the file) in the session's spill directory. 53100 naming
 * the directory when no file can be made there; ENG_NOMEM. */
eng_rc exec_spill_open(exec_ctx *ctx, int ncols, const eng_type *types,
                       exec_spill **out);
/* Appends b's live rows (b has the file's columns). 53100 naming the
 * directory when the file cannot be written (ENOSPC, EIO, ...). */
eng_rc exec_spill_write(exec_spill *f, const eng_batch *b);
/* Appends the rows ids[0..n) of rs (the file's columns, in order),
 * gathered a batch at a time into tmp (reset as it goes); checks for
 * cancellation between batches. */
eng_rc exec_spill_write_ids(exec_spill *f, const exec_rowstore *rs,
                            const int64_t *ids, int64_t n, eng_arena *tmp);
/* Ends writing (flushes); reads start from the first row. */
eng_rc exec_spill_rewind(exec_spill *f);
/* The next batch of the file, dense, in arena a (strings point into its
 * block there), or *out = NULL at the end. 58030 for a short or damaged
 * file or a failed read; ENG_NOMEM. */
eng_rc exec_spill_read(exec_spill *f, eng_arena *a, eng_batch **out);
/* Bytes written to f so far (buffered ones included); 0 for NULL. */
int64_t exec_spill_bytes(const exec_spill *f);
/* Closes f (the file vanishes); NULL allowed. */
void exec_spill_close(exec_spill *f);

/* ---- collecting aggregates (agg_collect.c) ---- */
/* approx_percentile over rows ids[0..n-1] (n > 0) of rs, ascending by
 * value: *pick = the id of the row holding the answer; the percentile is
 * column pcol of the first row (22023 outside [0, 1]). */
eng_rc exec_collect_pick(exec_ctx *ctx, const plan_agg *a,
                         const exec_rowstore *rs, const int64_t *ids,
                         int64_t n, int pcol, int64_t *pick);
/* listagg / array_agg of column vcol of rows ids[0..n-1] (n > 0) of rs,
 * in that order, into *s, whose bytes live in the growable *buf (*cap
 * bytes, eng_realloc'ed; the caller frees it). tmp is reset per value.
 * listagg past 1 MiB: 54000, or cut as ON OVERFLOW TRUNCATE says. */
/* array_agg of column vcol of rows ids[0..n-1] of rs, in that order, as
 * a new array in dst (values deep-copied; NULLs kept as NULL elements). */
eng_rc exec_collect_array(exec_ctx *ctx, const plan_agg *a,
                          const exec_rowstore *rs, const int64_t *ids,
                          int64_t n, int vcol, eng_arena *dst, eng_arr *out);
eng_rc exec_collect_text(exec_ctx *ctx, const plan_agg *a,
                         const exec_rowstore *rs, const int64_t *ids,
                         int64_t n, int vcol, eng_arena *tmp, char **buf,
                         uint32_t *cap, eng_str *s);

/* ---- hashing and row comparison (hash.c) ---- */
/* h[i] = mix(h[i], hash of v[i]) for i < n; init: h[i] starts from seed. */
void exec_hash_vec(const eng_vector *v, int n, uint64_t *h, bool init);
/* The same over the rows sel[0..n-1] of v (sel NULL: rows 0..n-1):
 * h[i] mixes the hash of v[sel[i]]; equal to exec_hash_vec's for equal
 * elements. */
void exec_hash_vec_sel(const eng_vector *v, const int *sel, int n, uint64_t *h,
                       bool init);
uint64_t exec_hash_elem(const eng_vector *v, int i);
/* True when a single key column of type t has a hash (exec_hash_vec with
 * init) that is injective over its non-NULL values: the integer types
 * and those stored as integers. Equal hashes are then equal keys, and a
 * table over such keys is searched with exec_htab_find_exact. NULL still
 * hashes to a constant that one value shares: callers keep NULL keys out
 * of such a table. */
bool exec_hash_is_key(eng_type_id t);
/* Equality of a[ia] and b[ib] (same type id). NULLs are equal to each
 * other (grouping semantics); -0.0 == 0.0 and NaN == NaN. */
bool exec_elem_eq(const eng_vector *a, int ia, const eng_vector *b, int ib);
/* Orders a[ia] against b[ib], both non-NULL, same type id: <0, 0, >0.
 * NaN sorts above every other double. */
int exec_elem_cmp(const eng_vector *a, int ia, const eng_vector *b, int ib);

/* Open-addressing hash table from hashes to row ids (int64, >= 0): one
 * slot per entry holding both, so a lookup reads one cache line. */
typedef struct exec_htab_slot {
    uint64_t hash;
    int64_t id;               /* -1 = empty slot */
} exec_htab_slot;
typedef struct exec_htab {
    exec_htab_slot *slots;
    uint64_t cap;             /* power of two */
    uint64_t count;
    exec_ctx *acct;           /* memory accounting (exec_htab_account) */
    const char *what;
    int64_t charged;
} exec_htab;

typedef bool (*exec_eq_fn)(void *arg, int64_t id);
eng_rc exec_htab_init(exec_htab *h, eng_error *err);
void exec_htab_free(exec_htab *h);
/* Charges the table's slot array, now and as it grows, to ctx. */
eng_rc exec_htab_account(exec_htab *h, exec_ctx *ctx, const char *what);
/* Returns the id of an entry with this hash for which eq() is true, or -1. */
int64_t exec_htab_find(const exec_htab *h, uint64_t hash, exec_eq_fn eq, void *arg);
/* Asks the CPU to fetch the slot where a lookup of hash starts: a loop
 * over a batch prefetches a few rows ahead of its lookups, so that a
 * table larger than the cache costs no stall per row. */
static inline void exec_htab_prefetch(const exec_htab *h, uint64_t hash)
{
    __builtin_prefetch(&h->slots[hash & (h->cap - 1)]);
}
/* How far ahead of its lookups a batch loop prefetches. */
#define EXEC_HTAB_AHEAD 16
/*
 * The id of the entry whose hash is exactly `hash`, or -1: the lookup for
 * keys whose hash is their identity (exec_hash_is_key), where an equal
 * hash is an equal key and the stored row need not be read.
 */
static inline int64_t exec_htab_find_exact(const exec_htab *h, uint64_t hash)
{
    uint64_t mask = h->cap - 1;
    for (uint64_t i = hash & mask;; i = (i + 1) & mask) {
        const exec_htab_slot *s = &h->slots[i];
        if (s->id < 0 || s->hash == hash)
            return s->id;
    }
}
/* Grows the table so that n entries in all fit without a resize. */
eng_rc exec_htab_reserve(exec_htab *h, uint64_t n, eng_error *err);
/* Adds (hash, id) without a duplicate check; grows as needed. */
eng_rc exec_htab_insert(exec_htab *h, uint64_t hash, int64_t id, eng_error *err);

/* ---- expressions (expr_eval.c, expr_func.c) ---- */
typedef struct exec_eval {
    exec_ctx *ctx;
    const eng_batch *in;
    eng_arena *a;
} exec_eval;
/*
 * Evaluates e over the rows sel[0..n-1] of x->in (sel NULL: rows 0..n-1)
 * into *out, a dense n-row vector (which may alias an input column when
 * sel is NULL). Errors in ctx->err with e->pos.
 */
eng_rc exec_eval_sel(exec_eval *x, const plan_expr *e, const int *sel, int n,
                   eng_vector *out);
/* Scalar functions: PX_FUNC over already evaluated argument vectors
 * (args[k] has n rows). coalesce/nullif are handled by expr_eval.c. */
eng_rc exec_eval_func(exec_eval *x, const plan_expr *e, const int *sel, int n,
                    eng_vector *out);
/* The functions exec_eval_func does not implement itself: called with
 * args[0..k) evaluated over n rows and out allocated with the AND of
 * their validity; *found false when e->func is not theirs.
 * expr_func_more.c: math, strings, regexps; expr_func_date.c: dates. */
eng_rc exec_func_more(exec_eval *x, const plan_expr *e, eng_vector *args,
                      int k, int n, eng_vector *out, bool *found);
eng_rc exec_func_date(exec_eval *x, const plan_expr *e, eng_vector *args,
                      int k, int n, eng_vector *out, bool *found);
eng_rc exec_func_dtparse(exec_eval *x, const plan_expr *e, eng_vector *args,
                         int k, int n, eng_vector *out, bool *found);
/* expr_func_array.c: the array functions (e->func is theirs: *found),
 * arguments evaluated here (some look at NULL elements or arguments). */
eng_rc exec_func_array(exec_eval *x, const plan_expr *e, const int *sel,
                       int n, eng_vector *out, bool *found);
/* expr_func_trino.c: try and format, which evaluate their own arguments
 * (*found false when e->func is neither). */
eng_rc exec_func_trino(exec_eval *x, const plan_expr *e, const int *sel,
                       int n, eng_vector *out, bool *found);
/* expr_func_trino.c: ORDER BY over arrays as Trino: fails (0A000) when
 * two neighbours of the sorted ids `order` over the store's key columns
 * c0..c0+nkeys need a NULL element to be ordered; ENG_OK otherwise. */
eng_rc exec_sort_check_arrays(exec_ctx *ctx, const exec_rowstore *rs,
                              const int64_t *order, int c0, int nkeys);
/* Trino's a[ia] = b[ib] over two non-NULL arrays of one type: 1, 0, or
 * -1 (NULL) when only NULL elements leave it open. */
int exec_arr_eq(const eng_vector *a, int ia, const eng_vector *b, int ib);
/* expr_func.c: code point c as UTF-8 into p (up to 4 bytes); the length. */
int exec_utf8_put(char *p, uint32_t c);
/* expr_func.c: buf[0..n) copied into x's arena as the string *r;
 * ENG_NOMEM on OOM. */
eng_rc exec_put_text(exec_eval *x, eng_str *r, const char *buf, int n);
/* expr_func_dtparse.c, the execution's clock: its instant (UTC µs, read
 * once per execution into ctx->now_us), and us cut (not rounded: the
 * clock has no digits beyond) to p fractional digits. */
int64_t exec_clock_us(exec_ctx *ctx);
int64_t exec_clock_cut(int64_t us, int p);
/* expr_func_json.c: the JSON functions (json_parse, json_extract, ...). */
eng_rc exec_func_json(exec_eval *x, const plan_expr *e, eng_vector *args,
                      int k, int n, eng_vector *out, bool *found);
/* expr_func_binary.c: varbinary and uuid functions (length, substr and
 * concat only when their first argument is varbinary). */
eng_rc exec_func_binary(exec_eval *x, const plan_expr *e, eng_vector *args,
                        int k, int n, eng_vector *out, bool *found);
/* expr_func_bitwise.c: Trino's bitwise functions (bitwise_*, bit_count). */
eng_rc exec_func_bitwise(exec_eval *x, const plan_expr *e, eng_vector *args,
                         int k, int n, eng_vector *out, bool *found);
/* expr_func_tz.c: the functions over values with a time zone. */
eng_rc exec_func_tz(exec_eval *x, const plan_expr *e, eng_vector *args,
                    int k, int n, eng_vector *out, bool *found);
/* Sets the 22003 / 22012 errors at e's position. */
eng_rc exec_err_overflow(exec_eval *x, const plan_expr *e, eng_type_id t);
eng_rc exec_err_div0(exec_eval *x, const plan_expr *e);
/* Decimal helpers (exact, HALF_UP away from zero). rc != 0 on overflow. */
int exec_dec_rescale(eng_int128 v, int from_scale, int to_scale,
                   eng_int128 *out);
int exec_dec_div_round(eng_int128 num, eng_int128 den, eng_int128 *out);
bool exec_dec_fits(eng_int128 v, int precision);
/* Decodes the UTF-8 code point at s[*pos] (len bytes in all) and advances
 * *pos; an invalid byte decodes as itself and advances one byte. */
uint32_t exec_utf8_next(const char *s, uint32_t len, uint32_t *pos);
/* Evaluates e over the selected rows and converts the result to type t
 * (no-op when the types agree; UNKNOWN becomes an all-NULL vector). */
eng_rc exec_eval_as(exec_eval *x, const plan_expr *e, const int *sel, int n,
                  eng_type t, eng_vector *out);
/* expr_time.c: arithmetic over dates, timestamps, times and intervals.
 * applies: e is such an operator; eval: e over operands a, b (b NULL for
 * negation) into a fresh n-row vector. */
bool exec_time_arith_applies(const plan_expr *e);
eng_rc exec_eval_time_arith(exec_eval *x, const plan_expr *e,
                            const eng_vector *a, const eng_vector *b, int n,
                            eng_vector *out);
/* Three-way compare kernel: res[i] = a[i] op b[i] (PO_EQ..PO_GE) with
 * validity = both valid; a and b of one type id, n rows. */
eng_rc exec_compare(exec_eval *x, plan_op op, const eng_vector *a,
                  const eng_vector *b, int n, eng_vector *res);

/* ---- dynamic filters (dynfilter.c) ---- */
/* Publishes the values of build-store column col of join n into its slot
 * ctx->df[n->df_slot] (no-op unless n->has_df). Errors: OOM. */
eng_rc exec_df_publish(exec_ctx *ctx, const plan_node *n,
                       const exec_htab *ht, const exec_rowstore *rs, int col);

#endif
