/*
 * engine/exec/op_hash_join.c
 *   Hash join (INNER, LEFT, RIGHT, FULL, CROSS, and for subqueries SEMI,
 *   ANTI, MARK, SINGLE): builds a hash table over the right input, probes
 *   it with the left input's batches.
 * Interface: op_hash_join_init, op_hash_join_next, op_hash_join_rescan,
 *   op_hash_join_end (the last three through the vtable).
 * Not here: choosing join order or sides (optimizer/).
 *
 * Build: every right row's evaluated key values go into a chunked row
 * store (columns, as key comparison and the dynamic filter read them) and
 * its columns into the payload, row by row (output gathers a build row's
 * columns from one place: in probe order the rows are scattered, and a
 * column store would cost a cache miss per column); rows whose keys are
 * all non-NULL enter the hash table, equal keys chained behind one entry. A join with a
 * dynamic filter then publishes its distinct build keys (dynfilter.c)
 * before the probe side is first pulled. NULL keys never
 * match, but the rows are kept so RIGHT/FULL can emit them unmatched.
 * Probe: for each left row, the chain of equal keys gives candidate pairs
 * (every build row for CROSS or a join without keys); candidates are
 * gathered into a batch of left ++ right columns, the residual is applied
 * with three-valued logic (only TRUE passes), and the survivors are
 * output. Output batches hold at most ENG_BATCH_CAP rows; the position in
 * the probe batch and in the chain is kept across calls. After a probe
 * batch, LEFT/FULL emit its unmatched rows with NULL right columns; after
 * the last one, RIGHT/FULL emit unmatched build rows with NULL left ones.
 * A join that must keep its probe order (plan_node.keep_order: a sort
 * was moved below it) emits every probe row's matches in probe order,
 * and a LEFT join (without residual, so a candidate is a match) emits an
 * unmatched probe row right where it stands, with build row id -1
 * (gathered as NULLs).
 *
 * Selections: both inputs are read through their selection vectors (keys
 * are evaluated over the live rows only; probe positions are live-row
 * positions, mapped to vector rows when the left columns are gathered).
 * The residual narrows the candidate batch's selection instead of
 * copying the survivors.
 *
 * SEMI, ANTI and MARK (plan.h) compute a mark per probe row instead of
 * emitting pairs: candidates are evaluated as for the other joins
 * (residual, then the three-valued mark_test), TRUE when some candidate
 * passes, NULL when one gives NULL; with neither residual nor test the
 * first candidate decides at once. NULL-aware joins (NOT IN) also look at
 * the build rows whose key 0 is NULL (kept in a list), and a probe row
 * whose key 0 is NULL at every build row with the other keys equal: such
 * a candidate can make the mark NULL, never TRUE. Once a probe batch is
 * done, SEMI/ANTI hand its rows up under a selection (no copy), MARK
 * gathers them with the mark column. SINGLE is LEFT that fails with 21000
 * on a probe row's second match (without keys or residual: on a second
 * build row).
 *
 * Rescan: the probe side restarts; a completed build side is kept (the
 * right input is not read again) and only its matched marks are cleared.
 * That is right while the right input gives the same rows on every read:
 * bound parameters are fixed for an execution, but a right subtree that
 * reads a correlation slot (PX_CORR, set by an enclosing PN_APPLY per
 * outer row: plan_reads_corr) may change between two reads, so such a
 * join drops its build on every rescan (PostgreSQL's chgParam, without
 * tracking which slot changed). A build that failed or was freed by
 * exec_end is done again, reading the right input anew.
 *
 * Dense keys: a join over one smallint/integer/bigint/date key (both
 * sides of that type) whose non-NULL build keys span a range of at most
 * twice their number (ids, foreign keys to them) is looked up in an array
 * indexed by key - min instead of the hash table: one load, no probe
 * sequence, 8 bytes per key value where the table takes 23 to 46 per
 * entry, and probe keys that arrive in order (a sorted or clustered
 * scan) read the array in order instead of at random. Not with a dynamic
 * filter (it reads its keys from the table).
 *
 * Spilling, a grace hash join (spill.c; hooks marked "spill"): when the
 * build rows pass their share of the memory limit (exec_spill_due, after
 * each build batch), the rows held so far and the rest of the right
 * input go, as right-input rows, to JOIN_PARTS files by bits of their key
 * hash, and the left input is split the same way; then each pair of
 * files is joined as a join of its own (rows with equal keys meet in one
 * pair; NULL keys, which never match, land in some pair and are handled
 * there as unmatched: LEFT/FULL/ANTI/MARK rows, RIGHT/FULL build rows).
 * A pair whose build side passes the share again is split with the next
 * bits, down to JOIN_SPILL_DEPTH levels. Not spilled (the limit's 53200
 * stands): joins without keys, NULL-aware joins (NOT IN looks at every
 * build row) and joins that keep their probe order. A join with a
 * dynamic filter that spills publishes none (the slot stays unset: the
 * probe side's scan reads every row). A join that spilled builds again
 * on a rescan.
 */
#include <string.h>
#include "exec_int.h"

enum { PH_PROBE, PH_RIGHT_REST, PH_DONE };

#define JOIN_PARTS 8          /* files per split: 3 hash bits */
#define JOIN_SPILL_DEPTH 16
/* A build of fewer rows never spills: its store and payload chunks cost
 * the same whatever their rows, and splitting them would only make
 * eight more such builds (and again, level after level). */
#define JOIN_SPILL_ROWS 4096

/* spill: a pair of partition files waiting to be joined (NULL: empty) */
typedef struct join_pair {
    exec_spill *bf, *pf;
    int depth;
} join_pair;

typedef struct op_join {
    exec_op base;
    int nl, nr, nkeys;
    bool keyed;
    bool exact;               /* one key whose hash is its identity
                                 (exec_hash_is_key): found by hash alone */
    bool marking;             /* SEMI, ANTI, MARK */
    bool right_varies;        /* the right input reads correlation slots */
    bool built;               /* the build was started */
    bool build_ok;            /* ... and completed: rescans keep it */
    int64_t *nullrows;        /* NULL-aware: build rows with key 0 NULL */
    int64_t nnull, nullcap;
    eng_type *btypes;         /* build store column types (ctx->arena) */
    exec_rowstore build;        /* the build rows' key columns */
    /* the build rows' right columns, row by row (see "Payload" below):
     * a row is one cache line or two, where a column store costs a line
     * per column when probe order scatters the rows */
    char **pay;               /* chunks of ENG_BATCH_CAP rows (eng_malloc) */
    int64_t npay, paycap;
    int pwidth;               /* bytes a row: NULL bits, then values */
    int *poff;                /* per right column: offset in the row
                                 (ctx->arena) */
    int64_t pcharged;         /* bytes charged for the chunks */
    exec_htab ht;               /* key hash -> first row of the key */
    bool dense_ok;            /* the key's type allows the dense array */
    int64_t kmin, kmax;       /* non-NULL build keys' range (dense_ok) */
    int64_t *dense;           /* key - kmin -> first row of the key, or -1
                                 (instead of ht; eng_malloc) */
    uint64_t dense_n;         /* entries of dense */
    int64_t *next;            /* chain of rows with equal keys (-1 ends) */
    bool chained;             /* some key has more than one build row: the
                                 probe reads next[] (otherwise every chain
                                 is one row long and next[] is not read) */
    uint8_t *matched;         /* per build row (RIGHT/FULL) */
    int64_t cap;              /* size of next / matched */
    /* probe state, in parena (reset per left batch) */
    eng_arena *parena;
    eng_batch *probe;         /* the left child's current batch */
    eng_vector *pkeys;
    uint64_t *ph;
    int64_t *pheads;          /* per probe row: its first candidate */
    uint8_t *pmatched;
    uint8_t *pmark;           /* SEMI/ANTI/MARK: 0 FALSE, 1 NULL, 2 TRUE */
    int pi;                   /* current probe row */
    int64_t cur;              /* next candidate build row; -2: look up */
    int cphase;               /* 0: chain, 1: NULL-aware extra rows */
    int64_t xpos;             /* position among the extra rows */
    int phase;
    int64_t rpos;             /* RIGHT/FULL tail position */
    /* spill: bspill while the build writes to bout[] (bits of depth);
     * pairs: the pair being joined reads bsrc/psrc instead of the
     * children; pend[] waits (eng_realloc); rarena/prarena hold the
     * build/probe batch read from a file */
    bool bspill;
    bool pairs;
    bool spilled;             /* ever, this execution: rescans rebuild */
    int depth;
    exec_spill *bout[JOIN_PARTS];
    exec_spill *bsrc, *psrc;
    join_pair *pend;
    int npend, pend_cap;
    eng_arena *rarena, *prarena, *sarena;
    int64_t held;             /* build bytes before the last batch */
} op_join;

typedef struct key_ref {
    op_join *j;
    const eng_vector *keys;
    int row;
} key_ref;

/* True when the key values of build row id equal keys[*][row]. */
static bool keys_eq(void *arg, int64_t id)
{
    key_ref *k = arg;
    for (int c = 0; c < k->j->nkeys; c++) {
        int idx;
        const eng_vector *v = exec_rs_vec(&k->j->build, id, c, &idx);
        if (!exec_elem_eq(&k->keys[c], k->row, v, idx))
            return false;
    }
    return true;
}

/* Makes room for build row `id` in next/matched. */
static eng_rc grow(op_join *j, int64_t id, eng_error *err)
{
    if (id < j->cap)
        return ENG_OK;
    int64_t nc = j->cap;        /* next and matched share one capacity */
    if (!eng_array_grow(NULL, &j->next, &nc, id + 1, sizeof *j->next) ||
        !eng_array_resize(NULL, &j->matched, (size_t)j->cap, (size_t)nc, 1))
        return eng_err_oom(err);
    j->cap = nc;
    return ENG_OK;
}

/* Evaluates key expressions over the live rows of batch b into dense
 * vectors vecs (arena a; row i = b's i-th live row) and their hashes into
 * h (NULL: not wanted, the dense array's probes). */
static eng_rc eval_keys(exec_ctx *ctx, plan_expr **keys, int nkeys,
                        const eng_batch *b, eng_arena *a, eng_vector *vecs,
                        uint64_t *h)
{
    exec_eval x = { ctx, b, a };
    int n = eng_batch_count(b);
    for (int k = 0; k < nkeys; k++) {
        eng_rc rc = exec_eval_sel(&x, keys[k], b->sel, n, &vecs[k]);
        if (rc != ENG_OK)
            return rc;
        if (h)
            exec_hash_vec(&vecs[k], n, h, k == 0);
    }
    return ENG_OK;
}

/* The integer value of element i of a key vector of a dense_ok type. */
static inline int64_t key_int(const eng_vector *v, int i)
{
    switch (v->type.id) {
    case ENG_T_SMALLINT: return ((const int16_t *)v->data)[i];
    case ENG_T_INTEGER:
    case ENG_T_DATE: return ((const int32_t *)v->data)[i];
    default: return ((const int64_t *)v->data)[i];
    }
}

/* True when every key of row i is non-NULL. */
static bool keys_present(const eng_vector *vecs, int nkeys, int i)
{
    for (int k = 0; k < nkeys; k++)
        if (vecs[k].type.id == ENG_T_UNKNOWN || !eng_vec_is_valid(&vecs[k], i))
            return false;
    return true;
}

/* ------------------------------------------------------------------ */
/* Payload: the right columns row by row                               */
/* ------------------------------------------------------------------ */

/* Value width of a right column in a payload row (strings: the eng_str,
 * whose bytes live in the build store's arena). */
static int pay_width(eng_type t)
{
    return eng_type_is_str(t.id) ? (int)sizeof(eng_str)
                                 : (int)eng_type_width(t.id);
}

/* The bytes of payload row id. */
static inline char *pay_row(const op_join *j, int64_t id)
{
    return j->pay[id / ENG_BATCH_CAP] +
           (size_t)(id % ENG_BATCH_CAP) * (size_t)j->pwidth;
}

/* Lays out a payload row: a bit per column (set: not NULL), then each
 * column at its width, 8-byte aligned where its width is 8 or more. */
static void pay_layout(op_join *j, const eng_type *types)
{
    int o = (j->nr + 7) / 8;
    for (int c = 0; c < j->nr; c++) {
        int w = pay_width(types[c]);
        int al = w >= 8 ? 8 : w;
        o = (o + al - 1) / al * al;
        j->poff[c] = o;
        o += w;
    }
    j->pwidth = o > 0 ? (o + 7) / 8 * 8 : 8;
}

/* Copies a run of w-byte values: row k of the run takes src element
 * r[k] (r NULL: off + k). */
#define PAY_PUT(T)                                                         \
    do {                                                                   \
        const T *sv = v->data;                                             \
        for (int k = 0; k < m; k++) {                                      \
            int si = r ? r[k] : off + k;                                   \
            if (!eng_vec_is_valid(v, si))                                  \
                continue;                                                  \
            char *row = base + (size_t)k * (size_t)j->pwidth;              \
            row[c >> 3] |= (char)(1u << (c & 7));                          \
            memcpy(row + j->poff[c], &sv[si], sizeof(T));                  \
        }                                                                  \
    } while (0)

/*
 * Appends the n live rows of batch b (its selection, or rows 0..n-1) to
 * the payload as rows first..first+n-1; string bytes are copied into the
 * build store's arena. The chunks are charged to the memory limit as the
 * store's ("hash join build"). ENG_NOMEM on OOM.
 */
static eng_rc pay_append(op_join *j, const eng_batch *b, int n, int64_t first)
{
    exec_ctx *ctx = j->base.ctx;
    int done = 0;
    while (done < n) {
        int64_t id = first + done;
        if (id / ENG_BATCH_CAP == j->npay) {
            size_t bytes = (size_t)ENG_BATCH_CAP * (size_t)j->pwidth;
            char *ch;
            if (j->npay == j->paycap &&
                !eng_array_grow(NULL, &j->pay, &j->paycap, j->npay + 1,
                                sizeof *j->pay))
                return eng_err_oom(ctx->err);
            if (!(ch = eng_malloc(bytes)))
                return eng_err_oom(ctx->err);
            memset(ch, 0, bytes);     /* every column NULL */
            j->pay[j->npay++] = ch;
            j->pcharged += (int64_t)bytes;
            eng_rc rc = exec_mem_charge(ctx, "hash join build", (int64_t)bytes);
            if (rc != ENG_OK)
                return rc;
        }
        int idx = (int)(id % ENG_BATCH_CAP);
        int m = n - done < ENG_BATCH_CAP - idx ? n - done : ENG_BATCH_CAP - idx;
        char *base = pay_row(j, id);
        const int *r = b->sel ? b->sel + done : NULL;
        int off = done;
        for (int c = 0; c < j->nr; c++) {
            const eng_vector *v = &b->cols[c];
            if (v->type.id == ENG_T_UNKNOWN)
                continue;             /* stays NULL */
            if (eng_type_is_str(v->type.id)) {
                const eng_str *sv = v->data;
                size_t total = 0;
                for (int k = 0; k < m; k++) {
                    int si = r ? r[k] : off + k;
                    if (eng_vec_is_valid(v, si))
                        total += sv[si].len;
                }
                /* one byte more: an empty string still points somewhere */
                char *p = eng_arena_alloc(j->build.arena, total + 1);
                if (!p)
                    return eng_err_oom(ctx->err);
                for (int k = 0; k < m; k++) {
                    int si = r ? r[k] : off + k;
                    if (!eng_vec_is_valid(v, si))
                        continue;
                    eng_str t = { p, sv[si].len };
                    if (t.len)
                        memcpy(p, sv[si].ptr, t.len);
                    p += t.len;
                    char *row = base + (size_t)k * (size_t)j->pwidth;
                    row[c >> 3] |= (char)(1u << (c & 7));
                    memcpy(row + j->poff[c], &t, sizeof t);
                }
                continue;
            }
            switch (eng_type_width(v->type.id)) {
            case 1: PAY_PUT(uint8_t); break;
            case 2: PAY_PUT(int16_t); break;
            case 4: PAY_PUT(int32_t); break;
            case 8: PAY_PUT(int64_t); break;
            default: PAY_PUT(eng_int128); break;
            }
        }
        done += m;
    }
    /* the string bytes grew the store's arena: charge them */
    return exec_rs_account(&j->build, ctx, "hash join build");
}
#undef PAY_PUT

/* out[i] = right column c of payload rows ids[i], ids < 0 NULL. */
#define PAY_GET(T)                                                         \
    do {                                                                   \
        T *dv = out->data;                                                 \
        for (int i = 0; i < n; i++) {                                      \
            if (i + EXEC_HTAB_AHEAD < n && ids[i + EXEC_HTAB_AHEAD] >= 0)    \
                __builtin_prefetch(pay_row(j, ids[i + EXEC_HTAB_AHEAD]) +  \
                                   j->poff[c]);                            \
            if (ids[i] < 0)                                                \
                continue;                                                  \
            const char *row = pay_row(j, ids[i]);                          \
            if (!((row[c >> 3] >> (c & 7)) & 1))                           \
                continue;                                                  \
            out->validity[i >> 3] |= (uint8_t)(1u << (i & 7));             \
            memcpy(&dv[i], row + j->poff[c], sizeof(T));                   \
        }                                                                  \
    } while (0)

/*
 * Builds in a the n-row vector of right column c of build rows ids[]
 * (string bytes stay in the build store). Scattered rows are prefetched
 * a few ahead. ENG_NOMEM on OOM.
 */
static eng_rc pay_gather(const op_join *j, int c, const int64_t *ids, int n,
                         eng_arena *a, eng_vector *out, eng_error *err)
{
    eng_type t = j->base.child[1]->types[c];
    eng_rc rc = exec_vec_alloc(a, t, n, out, err);
    if (rc != ENG_OK || t.id == ENG_T_UNKNOWN)
        return rc;
    if (eng_type_is_str(t.id)) {
        PAY_GET(eng_str);
        return ENG_OK;
    }
    switch (eng_type_width(t.id)) {
    case 1: PAY_GET(uint8_t); break;
    case 2: PAY_GET(int16_t); break;
    case 4: PAY_GET(int32_t); break;
    case 8: PAY_GET(int64_t); break;
    default: PAY_GET(eng_int128); break;
    }
    return ENG_OK;
}
#undef PAY_GET

/* Key equality of two stored build rows (the find callback of the
 * table's construction; both rows' keys are non-NULL). */
typedef struct row_ref {
    op_join *j;
    int64_t id;
} row_ref;

static bool stored_keys_eq(void *arg, int64_t id)
{
    row_ref *r = arg;
    for (int c = 0; c < r->j->nkeys; c++) {
        int ia, ib;
        const eng_vector *va = exec_rs_vec(&r->j->build, r->id, c, &ia);
        const eng_vector *vb = exec_rs_vec(&r->j->build, id, c, &ib);
        if (!exec_elem_eq(va, ia, vb, ib))
            return false;
    }
    return true;
}

/*
 * Makes the hash table over the stored build rows once the right input
 * has ended: sized for every row at once (no doubling while it fills,
 * which rehashed every entry about once more), filled in arrival order
 * with the slots prefetched a few rows ahead. bh[id] is row id's key
 * hash; rows with next[id] == -2 (a NULL key) stay out and get -1.
 */
static eng_rc make_dense(op_join *j, uint64_t range);

static eng_rc make_table(op_join *j, const uint64_t *bh, int64_t ninsert)
{
    exec_ctx *ctx = j->base.ctx;
    if (j->dense_ok && ninsert > 0) {
        uint64_t range = (uint64_t)j->kmax - (uint64_t)j->kmin + 1;
        if (range != 0 && range <= 2 * (uint64_t)ninsert + 1024)
            return make_dense(j, range);
    }
    eng_rc rc = exec_htab_reserve(&j->ht, (uint64_t)ninsert, ctx->err);
    int64_t nr = j->build.nrows;
    for (int64_t id = 0; id < nr && rc == ENG_OK; id++) {
        if (id + EXEC_HTAB_AHEAD < nr)
            exec_htab_prefetch(&j->ht, bh[id + EXEC_HTAB_AHEAD]);
        if (j->next[id] == -2) {
            j->next[id] = -1;
            continue;
        }
        int64_t head;
        if (j->exact) {
            head = exec_htab_find_exact(&j->ht, bh[id]);
        } else {
            row_ref rr = { j, id };
            head = exec_htab_find(&j->ht, bh[id], stored_keys_eq, &rr);
        }
        if (head >= 0) {
            j->next[id] = j->next[head];
            j->next[head] = id;
            j->chained = true;
        } else {
            rc = exec_htab_insert(&j->ht, bh[id], id, ctx->err);
        }
    }
    return rc;
}

/*
 * The dense array instead of the table (see "Dense keys" at the top):
 * range entries for keys kmin..kmax, filled in arrival order, equal keys
 * chained as in the table. Charged to the memory limit as the table
 * would be ("hash join table"). ENG_NOMEM on OOM, 53200 past the limit.
 */
static eng_rc make_dense(op_join *j, uint64_t range)
{
    exec_ctx *ctx = j->base.ctx;
    size_t bytes = sizeof(int64_t) * (size_t)range;
    eng_rc rc = exec_mem_charge(ctx, "hash join table", (int64_t)bytes);
    if (rc != ENG_OK) {
        exec_mem_charge(ctx, "hash join table", -(int64_t)bytes);
        return rc;
    }
    j->dense = eng_malloc(bytes);
    if (!j->dense) {
        exec_mem_charge(ctx, "hash join table", -(int64_t)bytes);
        return eng_err_oom(ctx->err);
    }
    j->dense_n = range;
    memset(j->dense, 0xff, bytes);          /* every entry -1 */
    int64_t nr = j->build.nrows;
    for (int64_t id = 0; id < nr; id++) {
        if (j->next[id] == -2) {
            j->next[id] = -1;
            continue;
        }
        int idx;
        const eng_vector *v = exec_rs_vec(&j->build, id, 0, &idx);
        int64_t *slot = &j->dense[(uint64_t)key_int(v, idx) -
                                  (uint64_t)j->kmin];
        if (*slot >= 0) {
            j->next[id] = j->next[*slot];
            j->next[*slot] = id;
            j->chained = true;
        } else {
            *slot = id;
        }
    }
    return ENG_OK;
}

/* spill: the file (0..JOIN_PARTS-1) of a row whose keys hash to h at
 * depth d (3 bits, mixed: an integer key's hash is the key itself). */
static int join_part_of(uint64_t h, int d)
{
    return (int)(((h * 0x9E3779B97F4A7C15ull) >> (61 - 3 * d)) & 7);
}

/* spill: true when this join may spill (file comment). */
static bool join_can_spill(const op_join *j)
{
    const plan_node *n = j->base.node;
    return j->base.ctx->spill && j->keyed && !n->null_aware &&
           !n->keep_order && j->depth < JOIN_SPILL_DEPTH &&
           j->build.nrows >= JOIN_SPILL_ROWS;
}

/* spill: bytes the build holds (store, payload, hashes, chains, marks)
 * and the table make_table will reserve for its rows at the end (a
 * power of two of 16-byte slots, at most 70% full). */
static int64_t join_held(const op_join *j)
{
    int64_t slots = 16;
    while (slots * 7 / 10 < j->build.nrows)
        slots *= 2;
    return j->build.charged + j->pcharged + 17 * j->build.nrows +
           16 * slots;
}

/* spill: the next batch of file f (NULL: none) in arena a, reset first;
 * EX_FINISHED at its end. */
static exec_status file_next(op_join *j, exec_spill *f, eng_arena **a,
                             eng_batch **b)
{
    exec_ctx *ctx = j->base.ctx;
    if (!f)
        return EX_FINISHED;
    if (!*a && !(*a = eng_arena_create())) {
        eng_err_oom(ctx->err);
        return EX_ERROR;
    }
    eng_arena_reset(*a);
    if (exec_check_interrupt(ctx) != ENG_OK ||
        exec_spill_read(f, *a, b) != ENG_OK)
        return EX_ERROR;
    return *b ? EX_HAVE_OUTPUT : EX_FINISHED;
}

/* spill: writes the live rows of b (hashes h, one per live row) to the
 * files out[] of input `side` (0 left, 1 right) by bits of j->depth,
 * creating them as needed. */
static eng_rc part_write(op_join *j, const eng_batch *b, const uint64_t *h,
                         exec_spill **out, int side)
{
    exec_op *op = &j->base;
    exec_ctx *ctx = op->ctx;
    int n = eng_batch_count(b);
    if (!j->sarena && !(j->sarena = eng_arena_create()))
        return eng_err_oom(ctx->err);
    eng_arena_reset(j->sarena);
    int *sel = eng_arena_alloc(j->sarena, sizeof(int) * (size_t)(n + 1));
    if (!sel)
        return eng_err_oom(ctx->err);
    for (int p = 0; p < JOIN_PARTS; p++) {
        int m = 0;
        for (int i = 0; i < n; i++)
            if (join_part_of(h[i], j->depth) == p)
                sel[m++] = eng_batch_row(b, i);
        if (!m)
            continue;
        eng_rc rc;
        if (!out[p]) {
            if ((rc = exec_spill_open(ctx, op->child[side]->ncols,
                                      op->child[side]->types, &out[p])) != ENG_OK)
                return rc;
            op->spill_runs++;
        }
        eng_batch *sb = exec_batch_select(j->sarena, b, sel, m);
        if (!sb)
            return eng_err_oom(ctx->err);
        int64_t before = exec_spill_bytes(out[p]);
        rc = exec_spill_write(out[p], sb);
        op->spill_bytes += exec_spill_bytes(out[p]) - before;
        if (rc != ENG_OK)
            return rc;
    }
    return ENG_OK;
}

static void free_build(op_join *j);

/* spill: the build passed its share: its rows so far (right columns
 * gathered back from the payload, hashes bh) go to the build files, and
 * the build's memory is given back; the rest of the right input follows
 * them (build_side). */
static eng_rc spill_build(op_join *j, const uint64_t *bh)
{
    exec_op *op = &j->base;
    exec_ctx *ctx = op->ctx;
    eng_arena *tmp = eng_arena_create();
    int64_t *ids = eng_malloc(sizeof(int64_t) * ENG_BATCH_CAP);
    eng_rc rc = tmp && ids ? ENG_OK : eng_err_oom(ctx->err);
    for (int64_t id0 = 0; rc == ENG_OK && id0 < j->build.nrows;
         id0 += ENG_BATCH_CAP) {
        int m = (int)(j->build.nrows - id0 < ENG_BATCH_CAP
                      ? j->build.nrows - id0 : ENG_BATCH_CAP);
        eng_arena_reset(tmp);
        eng_batch *b = exec_batch_shell(tmp, j->nr, m);
        if (!b) {
            rc = eng_err_oom(ctx->err);
            break;
        }
        for (int i = 0; i < m; i++)
            ids[i] = id0 + i;
        for (int c = 0; c < j->nr && rc == ENG_OK; c++)
            rc = pay_gather(j, c, ids, m, tmp, &b->cols[c], ctx->err);
        if (rc == ENG_OK)
            rc = part_write(j, b, bh + id0, j->bout, 1);
    }
    eng_free(ids);
    eng_arena_destroy(tmp);
    free_build(j);
    j->built = true;
    j->bspill = true;
    j->spilled = true;
    /* no dynamic filter: unset, the probe side's scan reads every row
     * (also after a rescan that published one before) */
    const plan_node *n = op->node;
    if (n->has_df && n->df_slot >= 0 && n->df_slot < ENG_DF_MAX_SLOTS)
        memset(&ctx->df[n->df_slot], 0, sizeof ctx->df[n->df_slot]);
    return rc;
}

/* Reads the whole right input into the store and the payload, then makes
 * the hash table over it (make_table). */
static eng_rc build_side(op_join *j)
{
    exec_op *op = &j->base;
    exec_ctx *ctx = op->ctx;
    const plan_node *n = op->node;
    exec_op *r = op->child[1];
    int nc = j->nkeys;
    eng_rc rc = exec_rs_init(&j->build, nc, j->btypes, ctx->err);
    if (rc == ENG_OK)
        rc = exec_rs_account(&j->build, ctx, "hash join build");
    if (rc == ENG_OK && j->keyed &&
        (rc = exec_htab_init(&j->ht, ctx->err)) == ENG_OK)
        rc = exec_htab_account(&j->ht, ctx, "hash join table");
    if (rc != ENG_OK)
        return rc;
    eng_arena *tmp = eng_arena_create();
    if (!tmp)
        return eng_err_oom(ctx->err);
    /* the build rows' key hashes until the table is made (eng_malloc;
     * like next[], not counted against the memory limit) */
    uint64_t *bh = NULL;
    int64_t bhcap = 0, ninsert = 0;
    for (;;) {
        eng_batch *b;
        exec_status st = j->pairs ? file_next(j, j->bsrc, &j->rarena, &b)
                                  : exec_next(r, &b);
        if (st == EX_ERROR) {
            rc = ENG_ERROR;
            break;
        }
        if (st == EX_FINISHED)
            break;
        eng_arena_reset(tmp);
        int live = eng_batch_count(b);
        eng_vector *kv = eng_arena_alloc(tmp, sizeof(eng_vector) * (size_t)(j->nkeys + 1));
        uint64_t *h = eng_arena_alloc(tmp, sizeof(uint64_t) * (size_t)(live + 1));
        const eng_vector **cols = eng_arena_alloc(tmp, sizeof(void *) * (size_t)(nc + 1));
        if (!kv || !h || !cols) {
            rc = eng_err_oom(ctx->err);
            break;
        }
        rc = eval_keys(ctx, n->rkeys, j->nkeys, b, tmp, kv, h);
        if (rc == ENG_OK && j->bspill) {   /* spill: to the build files */
            if ((rc = part_write(j, b, h, j->bout, 1)) != ENG_OK)
                break;
            continue;
        }
        if (rc != ENG_OK)
            break;
        for (int k = 0; k < j->nkeys; k++)
            cols[k] = &kv[k];
        int64_t id0 = j->build.nrows;
        if (live == 0)
            continue;
        /* keys (dense) into the store, right columns (at the live rows'
         * vector indexes) into the payload */
        if (j->keyed && bhcap < id0 + live &&
            !eng_array_grow(NULL, &bh, &bhcap, id0 + live, sizeof *bh)) {
            rc = eng_err_oom(ctx->err);
            break;
        }
        if ((rc = grow(j, id0 + live - 1, ctx->err)) != ENG_OK ||
            (rc = pay_append(j, b, live, id0)) != ENG_OK ||
            (rc = exec_rs_append_rows(&j->build, cols, 0, NULL, live,
                                      ctx->err)) != ENG_OK)
            break;
        for (int i = 0; i < live; i++) {
            int64_t id = id0 + i;
            j->next[id] = -1;
            if (j->base.node->null_aware &&
                (kv[0].type.id == ENG_T_UNKNOWN || !eng_vec_is_valid(&kv[0], i))) {
                if (j->nnull == j->nullcap &&
                    !eng_array_grow(NULL, &j->nullrows, &j->nullcap,
                                    j->nnull + 1, sizeof *j->nullrows)) {
                    rc = eng_err_oom(ctx->err);
                    break;
                }
                j->nullrows[j->nnull++] = id;
            }
            if (!j->keyed)
                continue;
            bh[id] = h[i];
            if (keys_present(kv, j->nkeys, i)) {
                if (j->dense_ok) {
                    int64_t k = key_int(&kv[0], i);
                    if (ninsert == 0 || k < j->kmin)
                        j->kmin = k;
                    if (ninsert == 0 || k > j->kmax)
                        j->kmax = k;
                }
                ninsert++;
            } else {
                j->next[id] = -2;   /* make_table leaves it out */
            }
        }
        if (rc == ENG_OK && join_can_spill(j) &&        /* spill */
            exec_spill_due_next(ctx, join_held(j), &j->held))
            rc = spill_build(j, bh);
        if (rc != ENG_OK)
            break;
    }
    eng_arena_destroy(tmp);
    exec_end(r);
    if (j->bspill) {     /* spill: the files are joined pair by pair */
        eng_free(bh);
        return rc;
    }
    if (rc == ENG_OK && j->keyed)
        rc = make_table(j, bh, ninsert);
    eng_free(bh);
    if (rc == ENG_OK && n->join_type == PJ_SINGLE && !j->keyed &&
        !n->residual && j->build.nrows > 1)
        rc = eng_err_set(ctx->err, ENG_ERR_CARDINALITY_VIOLATION, 0,
                         "Scalar sub-query has returned multiple rows");
    if (rc == ENG_OK && j->keyed && n->has_df && n->df_key < j->nkeys &&
        !j->pairs)   /* spill: a pair's keys are not the whole build's */
        rc = exec_df_publish(ctx, n, &j->ht, &j->build, n->df_key);
    if (rc == ENG_OK)
        j->build_ok = true;
    return rc;
}

/* Pulls the next left batch and evaluates its keys. EX_FINISHED when the
 * left input is done. */
static exec_status next_probe(op_join *j)
{
    exec_op *op = &j->base;
    exec_ctx *ctx = op->ctx;
    eng_batch *b;
    exec_status st = j->pairs ? file_next(j, j->psrc, &j->prarena, &b)
                              : exec_next(op->child[0], &b);
    if (st != EX_HAVE_OUTPUT)
        return st;
    eng_arena_reset(j->parena);
    int n = eng_batch_count(b);
    j->pkeys = eng_arena_alloc(j->parena, sizeof(eng_vector) * (size_t)(j->nkeys + 1));
    j->ph = eng_arena_alloc(j->parena, sizeof(uint64_t) * (size_t)(n + 1));
    j->pmatched = eng_arena_calloc(j->parena, (size_t)(n + 1));
    j->pmark = eng_arena_calloc(j->parena, (size_t)(n + 1));
    if (!j->pkeys || !j->ph || !j->pmatched || !j->pmark) {
        eng_err_oom(ctx->err);
        return EX_ERROR;
    }
    if (eval_keys(ctx, op->node->lkeys, j->nkeys, b, j->parena, j->pkeys,
                  j->dense ? NULL : j->ph) != ENG_OK)
        return EX_ERROR;
    j->pheads = NULL;
    if (j->keyed && j->build.nrows > 0) {
        /* every row's lookup at once, the slots prefetched a few rows
         * ahead: the table is usually larger than the cache */
        j->pheads = eng_arena_alloc(j->parena, sizeof(int64_t) * (size_t)(n + 1));
        if (!j->pheads) {
            eng_err_oom(ctx->err);
            return EX_ERROR;
        }
        if (j->dense) {
            const eng_vector *kv = &j->pkeys[0];
            for (int i = 0; i < n; i++) {
                uint64_t k;
                if (i + EXEC_HTAB_AHEAD < n &&
                    keys_present(kv, 1, i + EXEC_HTAB_AHEAD) &&
                    (k = (uint64_t)key_int(kv, i + EXEC_HTAB_AHEAD) -
                         (uint64_t)j->kmin) < j->dense_n)
                    __builtin_prefetch(&j->dense[k]);
                j->pheads[i] = keys_present(kv, 1, i) &&
                               (k = (uint64_t)key_int(kv, i) -
                                    (uint64_t)j->kmin) < j->dense_n
                               ? j->dense[k] : -1;
            }
        } else {
            for (int i = 0; i < n; i++) {
                if (i + EXEC_HTAB_AHEAD < n)
                    exec_htab_prefetch(&j->ht, j->ph[i + EXEC_HTAB_AHEAD]);
                if (!keys_present(j->pkeys, j->nkeys, i)) {
                    j->pheads[i] = -1;
                } else if (j->exact) {
                    j->pheads[i] = exec_htab_find_exact(&j->ht, j->ph[i]);
                } else {
                    key_ref kr = { j, j->pkeys, i };
                    j->pheads[i] = exec_htab_find(&j->ht, j->ph[i], keys_eq,
                                                  &kr);
                }
            }
        }
    }
    j->probe = b;
    j->pi = 0;
    j->cur = -2;
    return EX_HAVE_OUTPUT;
}

/* out = the live rows sel[0..n) of src (sel NULL: src itself, shared,
 * which lives as long as the batch that holds it). */
static eng_rc live_vec(eng_arena *a, const eng_vector *src, const int *sel,
                       int n, eng_vector *out, eng_error *err)
{
    if (!sel) {
        *out = *src;
        return ENG_OK;
    }
    return exec_vec_gather(a, src, sel, n, out, err);
}

/* First candidate build row for probe row i, or -1. */
static int64_t first_candidate(op_join *j, int i)
{
    if (j->build.nrows == 0)
        return -1;
    if (!j->keyed)
        return 0;
    return j->pheads[i];   /* looked up by next_probe */
}

/* NULL-aware: true when keys 1.. of build row id equal probe row i's
 * (all non-NULL); key 0 is not compared. */
static bool rest_keys_eq(op_join *j, int64_t id, int i)
{
    for (int c = 1; c < j->nkeys; c++) {
        int idx;
        const eng_vector *v = exec_rs_vec(&j->build, id, c, &idx);
        if (j->pkeys[c].type.id == ENG_T_UNKNOWN ||
            !eng_vec_is_valid(&j->pkeys[c], i) || !eng_vec_is_valid(v, idx) ||
            !exec_elem_eq(&j->pkeys[c], i, v, idx))
            return false;
    }
    return true;
}

/*
 * The next candidate build row for probe row i into *rid, with *full
 * false when it can only make a mark NULL (NULL-aware extras: key 0 NULL
 * on one side). False when the row has no candidate left. j->cur == -2
 * starts the row.
 */
static bool next_candidate(op_join *j, int i, int64_t *rid, bool *full)
{
    if (j->cur == -2) {
        j->cur = first_candidate(j, i);
        j->cphase = 0;
        j->xpos = 0;
    }
    if (j->cphase == 0) {
        if (j->cur >= 0) {
            *rid = j->cur;
            *full = true;
            if (j->keyed)
                j->cur = j->chained ? j->next[j->cur] : -1;
            else
                j->cur = j->cur + 1 < j->build.nrows ? j->cur + 1 : -1;
            return true;
        }
        if (!j->base.node->null_aware)
            return false;
        j->cphase = 1;
    }
    *full = false;
    bool lnull = j->pkeys[0].type.id == ENG_T_UNKNOWN ||
                 !eng_vec_is_valid(&j->pkeys[0], i);
    int64_t end = lnull ? j->build.nrows : j->nnull;
    while (j->xpos < end) {
        int64_t id = lnull ? j->xpos : j->nullrows[j->xpos];
        j->xpos++;
        if (rest_keys_eq(j, id, i)) {
            *rid = id;
            return true;
        }
    }
    return false;
}

/*
 * SEMI/ANTI/MARK: folds the candidate batch b (pairs lsel[k], from full
 * or NULL-only candidates) into the probe rows' marks: residual TRUE and
 * mark_test TRUE (or absent) on a full candidate gives TRUE; residual
 * TRUE otherwise with the test not FALSE gives NULL.
 */
static eng_rc fold_marks(op_join *j, eng_batch *b, const int *lsel,
                         const uint8_t *cfull)
{
    exec_op *op = &j->base;
    exec_eval x = { op->ctx, b, op->barena };
    eng_vector res, test;
    int n = b->nrows;
    eng_rc rc;
    if (op->node->residual &&
        (rc = exec_eval_sel(&x, op->node->residual, NULL, n, &res)) != ENG_OK)
        return rc;
    if (op->node->mark_test &&
        (rc = exec_eval_sel(&x, op->node->mark_test, NULL, n, &test)) != ENG_OK)
        return rc;
    for (int k = 0; k < n; k++) {
        if (op->node->residual &&
            (res.type.id != ENG_T_BOOLEAN || !eng_vec_is_valid(&res, k) ||
             !((const uint8_t *)res.data)[k]))
            continue;
        int t = 2;   /* the test: 2 TRUE, 1 NULL, 0 FALSE */
        if (op->node->mark_test)
            t = test.type.id != ENG_T_BOOLEAN || !eng_vec_is_valid(&test, k)
                ? 1 : ((const uint8_t *)test.data)[k] ? 2 : 0;
        if (t == 2 && !cfull[k])
            t = 1;
        if (t > j->pmark[lsel[k]])
            j->pmark[lsel[k]] = (uint8_t)t;
    }
    return ENG_OK;
}

/* SEMI/ANTI/MARK output for the finished probe batch: its rows with mark
 * TRUE (SEMI) or FALSE (ANTI) under a selection, or every row with its
 * mark (MARK). NULL with *none when no row goes up; NULL on error. */
static eng_batch *mark_output(op_join *j, bool *none)
{
    exec_op *op = &j->base;
    exec_ctx *ctx = op->ctx;
    eng_batch *p = j->probe;
    int pn = eng_batch_count(p);
    plan_join_type jt = op->node->join_type;
    *none = false;
    if (jt != PJ_MARK) {
        int *sel = eng_arena_alloc(op->barena, sizeof(int) * (size_t)(pn + 1));
        if (!sel) {
            eng_err_oom(ctx->err);
            return NULL;
        }
        int m = 0;
        for (int i = 0; i < pn; i++)
            if ((j->pmark[i] == 2) == (jt == PJ_SEMI) &&
                (jt == PJ_SEMI || j->pmark[i] == 0))
                sel[m++] = eng_batch_row(p, i);
        if (m == 0) {
            *none = true;
            return NULL;
        }
        eng_batch *b = exec_batch_select(op->barena, p, sel, m);
        if (!b)
            eng_err_oom(ctx->err);
        return b;
    }
    eng_batch *b = exec_batch_shell(op->barena, j->nl + 1, pn);
    if (!b) {
        eng_err_oom(ctx->err);
        return NULL;
    }
    for (int c = 0; c < j->nl; c++)
        if (live_vec(op->barena, &p->cols[c], p->sel, pn, &b->cols[c],
                     ctx->err) != ENG_OK)
            return NULL;
    eng_vector *mv = &b->cols[j->nl];
    if (exec_vec_alloc(op->barena, eng_type_make(ENG_T_BOOLEAN), pn, mv,
                       ctx->err) != ENG_OK)
        return NULL;
    for (int i = 0; i < pn; i++) {
        if (j->pmark[i] == 1)
            continue;   /* NULL: the vector starts all NULL */
        eng_value v = { .type = eng_type_make(ENG_T_BOOLEAN) };
        v.u.b = j->pmark[i] == 2;
        exec_vec_set(mv, i, &v);
    }
    return b;
}

/*
 * Builds a dense output batch of n rows: left columns from the probe
 * batch's live rows at positions lsel (NULL when lsel is NULL), right
 * columns from build rows rids (NULL when rids is NULL).
 */
static eng_batch *make_out(op_join *j, const int *lsel, const int64_t *rids,
                           int n)
{
    exec_op *op = &j->base;
    exec_ctx *ctx = op->ctx;
    eng_batch *b = exec_batch_shell(op->barena, j->nl + j->nr, n);
    if (!b) {
        eng_err_oom(ctx->err);
        return NULL;
    }
    const int *rows = lsel;
    if (lsel && j->probe->sel) {   /* live-row positions -> vector rows */
        int *r = eng_arena_alloc(op->barena, sizeof(int) * (size_t)(n + 1));
        if (!r) {
            eng_err_oom(ctx->err);
            return NULL;
        }
        for (int i = 0; i < n; i++)
            r[i] = j->probe->sel[lsel[i]];
        rows = r;
    }
    /* every row of a dense probe batch once, in order (a LEFT join over
     * unique build keys, say): the left columns are the probe batch's
     * own vectors, shared as a projection shares them (the probe batch
     * lives until this join pulls the next one) */
    bool same = lsel && !j->probe->sel && n == j->probe->nrows;
    for (int i = 0; same && i < n; i++)
        same = lsel[i] == i;
    for (int c = 0; c < j->nl; c++) {
        if (same) {
            b->cols[c] = j->probe->cols[c];
            continue;
        }
        eng_rc rc = lsel ? exec_vec_gather(op->barena, &j->probe->cols[c], rows,
                                         n, &b->cols[c], ctx->err)
                         : exec_vec_alloc(op->barena, op->child[0]->types[c],
                                        n, &b->cols[c], ctx->err);
        if (rc != ENG_OK)
            return NULL;
    }
    for (int c = 0; c < j->nr; c++) {
        eng_rc rc = rids ? pay_gather(j, c, rids, n, op->barena,
                                      &b->cols[j->nl + c], ctx->err)
                         : exec_vec_alloc(op->barena, op->child[1]->types[c],
                                        n, &b->cols[j->nl + c], ctx->err);
        if (rc != ENG_OK)
            return NULL;
    }
    return b;
}

/* Keeps the candidate rows where the residual is TRUE by narrowing the
 * (dense) candidate batch's selection; compacts lsel/rids alike and marks
 * the matches. */
static eng_batch *apply_residual(op_join *j, eng_batch *b, int *lsel,
                                 int64_t *rids)
{
    exec_op *op = &j->base;
    exec_ctx *ctx = op->ctx;
    int n = b->nrows, m = n;
    if (op->node->residual) {
        exec_eval x = { ctx, b, op->barena };
        eng_vector p;
        if (exec_eval_sel(&x, op->node->residual, NULL, n, &p) != ENG_OK)
            return NULL;
        int *sel = eng_arena_alloc(op->barena, sizeof(int) * (size_t)(n + 1));
        if (!sel) {
            eng_err_oom(ctx->err);
            return NULL;
        }
        m = 0;
        const uint8_t *d = p.data;
        for (int i = 0; i < n; i++)
            if (p.type.id == ENG_T_BOOLEAN && eng_vec_is_valid(&p, i) && d[i]) {
                sel[m] = i;
                lsel[m] = lsel[i];
                rids[m] = rids[i];
                m++;
            }
        if (m < n) {
            b = exec_batch_select(op->barena, b, sel, m);
            if (!b) {
                eng_err_oom(ctx->err);
                return NULL;
            }
        }
    }
    for (int i = 0; i < m; i++) {
        if (op->node->join_type == PJ_SINGLE && j->pmatched[lsel[i]]) {
            eng_err_set(ctx->err, ENG_ERR_CARDINALITY_VIOLATION, 0,
                        "Scalar sub-query has returned multiple rows");
            return NULL;
        }
        j->pmatched[lsel[i]] = 1;
        if (rids[i] >= 0)
            j->matched[rids[i]] = 1;
    }
    return b;
}

static void reset_probe(op_join *j);
static eng_rc next_pair(op_join *j);

/* spill: closes every spill file of the join and forgets the pairs. */
static void spill_close_all(op_join *j)
{
    for (int p = 0; p < JOIN_PARTS; p++) {
        exec_spill_close(j->bout[p]);
        j->bout[p] = NULL;
    }
    for (int i = 0; i < j->npend; i++) {
        exec_spill_close(j->pend[i].bf);
        exec_spill_close(j->pend[i].pf);
    }
    eng_free(j->pend);
    j->pend = NULL;
    j->npend = j->pend_cap = 0;
    exec_spill_close(j->bsrc);
    exec_spill_close(j->psrc);
    j->bsrc = j->psrc = NULL;
    eng_arena_destroy(j->rarena);
    eng_arena_destroy(j->prarena);
    eng_arena_destroy(j->sarena);
    j->rarena = j->prarena = j->sarena = NULL;
    j->bspill = j->pairs = false;
    j->depth = 0;
}

/* spill: the build went to files: the probe side (the left input, or
 * the pair's probe file) is split with the same bits, the pairs wait,
 * and the first is joined. */
static eng_rc spill_settle(op_join *j)
{
    exec_op *op = &j->base;
    exec_ctx *ctx = op->ctx;
    const plan_node *n = op->node;
    exec_spill *pout[JOIN_PARTS] = { NULL };
    eng_arena *tmp = eng_arena_create();
    eng_rc rc = tmp ? ENG_OK : eng_err_oom(ctx->err);
    while (rc == ENG_OK) {
        eng_batch *b;
        exec_status st = j->pairs ? file_next(j, j->psrc, &j->prarena, &b)
                                  : exec_next(op->child[0], &b);
        if (st == EX_ERROR)
            rc = ENG_ERROR;
        if (st != EX_HAVE_OUTPUT)
            break;
        int live = eng_batch_count(b);
        eng_arena_reset(tmp);
        eng_vector *kv = eng_arena_alloc(tmp, sizeof(eng_vector) *
                                              (size_t)(j->nkeys + 1));
        uint64_t *h = eng_arena_alloc(tmp, sizeof(uint64_t) * (size_t)(live + 1));
        if (!kv || !h)
            rc = eng_err_oom(ctx->err);
        if (rc == ENG_OK)
            rc = eval_keys(ctx, n->lkeys, j->nkeys, b, tmp, kv, h);
        if (rc == ENG_OK)
            rc = part_write(j, b, h, pout, 0);
    }
    eng_arena_destroy(tmp);
    exec_end(op->child[0]);
    for (int p = 0; p < JOIN_PARTS; p++) {
        if (rc == ENG_OK && (j->bout[p] || pout[p]) &&
            !eng_array_grow(NULL, &j->pend, &j->pend_cap, j->npend + 1,
                            sizeof *j->pend))
            rc = eng_err_oom(ctx->err);
        if (rc == ENG_OK && j->bout[p])
            rc = exec_spill_rewind(j->bout[p]);
        if (rc == ENG_OK && pout[p])
            rc = exec_spill_rewind(pout[p]);
        if (rc != ENG_OK || (!j->bout[p] && !pout[p])) {
            exec_spill_close(pout[p]);    /* after a failure: gone */
            continue;
        }
        j->pend[j->npend++] = (join_pair){ j->bout[p], pout[p], j->depth + 1 };
        j->bout[p] = NULL;
    }
    j->bspill = false;
    return rc == ENG_OK ? next_pair(j) : rc;
}

/* spill: joins the next waiting pair: its build file is read as the
 * right input (it may split again: spill_settle), its probe file as the
 * left. With no pair left the join is done. */
static eng_rc next_pair(op_join *j)
{
    for (;;) {
        free_build(j);
        reset_probe(j);
        exec_spill_close(j->bsrc);
        exec_spill_close(j->psrc);
        j->bsrc = j->psrc = NULL;
        if (j->npend == 0) {
            j->built = true;
            j->phase = PH_DONE;
            return ENG_OK;
        }
        join_pair pr = j->pend[--j->npend];
        j->bsrc = pr.bf;
        j->psrc = pr.pf;
        j->depth = pr.depth;
        j->pairs = true;
        j->built = true;
        eng_rc rc = build_side(j);
        if (rc != ENG_OK)
            return rc;
        if (!j->bspill)
            return ENG_OK;
        return spill_settle(j);
    }
}

static exec_status op_hash_join_next(exec_op *op, eng_batch **out)
{
    op_join *j = (op_join *)op;
    exec_ctx *ctx = op->ctx;
    plan_join_type jt = op->node->join_type;
    bool left_outer = jt == PJ_LEFT || jt == PJ_FULL || jt == PJ_SINGLE;
    /* SEMI/ANTI/MARK without residual or test: the first candidate
     * decides the mark */
    bool direct = j->marking && !op->node->residual && !op->node->mark_test;
    bool right_outer = jt == PJ_RIGHT || jt == PJ_FULL;
    /* unmatched rows in place (see the file comment) */
    bool in_place = op->node->keep_order && jt == PJ_LEFT &&
                    !op->node->residual;
    if (!j->built) {
        j->built = true;
        if (build_side(j) != ENG_OK)
            return EX_ERROR;
    }
    if (j->bspill && spill_settle(j) != ENG_OK)    /* spill */
        return EX_ERROR;
    for (;;) {
        eng_arena_reset(op->barena);
        if (j->phase == PH_PROBE) {
            if (!j->probe) {
                exec_status st = next_probe(j);
                if (st == EX_ERROR)
                    return st;
                if (st == EX_FINISHED) {
                    j->phase = right_outer ? PH_RIGHT_REST : PH_DONE;
                    exec_end(op->child[0]);
                }
                continue;
            }
            if (exec_check_interrupt(ctx) != ENG_OK)
                return EX_ERROR;
            int *lsel = eng_arena_alloc(op->barena, sizeof(int) * ENG_BATCH_CAP);
            int64_t *rids = eng_arena_alloc(op->barena, sizeof(int64_t) * ENG_BATCH_CAP);
            if (!lsel || !rids) {
                eng_err_oom(ctx->err);
                return EX_ERROR;
            }
            uint8_t *cfull = eng_arena_alloc(op->barena, ENG_BATCH_CAP);
            if (!cfull) {
                eng_err_oom(ctx->err);
                return EX_ERROR;
            }
            int cnt = 0;
            int pn = eng_batch_count(j->probe);
            while (j->pi < pn && cnt < ENG_BATCH_CAP) {
                int64_t rid;
                bool full;
                if ((j->marking && j->pmark[j->pi] == 2) ||
                    !next_candidate(j, j->pi, &rid, &full)) {
                    if (in_place && !j->pmatched[j->pi]) {
                        lsel[cnt] = j->pi;
                        rids[cnt] = -1;
                        cfull[cnt] = false;
                        cnt++;
                        j->pmatched[j->pi] = 1;
                    }
                    j->pi++;
                    j->cur = -2;
                    continue;
                }
                if (direct) {
                    /* nothing after a NULL-only candidate can be TRUE */
                    j->pmark[j->pi] = full ? 2 : 1;
                    j->pi++;
                    j->cur = -2;
                    continue;
                }
                lsel[cnt] = j->pi;
                rids[cnt] = rid;
                cfull[cnt] = full;
                cnt++;
                if (in_place)
                    j->pmatched[j->pi] = 1;
            }
            if (cnt > 0) {
                eng_batch *b = make_out(j, lsel, rids, cnt);
                if (b && j->marking) {
                    if (fold_marks(j, b, lsel, cfull) != ENG_OK)
                        return EX_ERROR;
                    continue;
                }
                if (b)
                    b = apply_residual(j, b, lsel, rids);
                if (!b)
                    return EX_ERROR;
                if (eng_batch_count(b) > 0) {
                    *out = b;
                    return EX_HAVE_OUTPUT;
                }
                continue;
            }
            /* probe batch done */
            if (j->marking) {
                bool none;
                eng_batch *b = mark_output(j, &none);
                if (!b && !none)
                    return EX_ERROR;
                j->probe = NULL;   /* its batch stays valid until the next pull */
                if (b) {
                    *out = b;
                    return EX_HAVE_OUTPUT;
                }
                continue;
            }
            int m = 0;
            if (left_outer)
                for (int i = 0; i < pn; i++)
                    if (!j->pmatched[i])
                        lsel[m++] = i;
            eng_batch *b = m ? make_out(j, lsel, NULL, m) : NULL;
            if (m && !b)
                return EX_ERROR;
            j->probe = NULL;   /* the batch stays valid until the next pull */
            if (m) {
                *out = b;
                return EX_HAVE_OUTPUT;
            }
            continue;
        }
        if (j->phase == PH_RIGHT_REST) {
            int64_t *rids = eng_arena_alloc(op->barena, sizeof(int64_t) * ENG_BATCH_CAP);
            if (!rids) {
                eng_err_oom(ctx->err);
                return EX_ERROR;
            }
            int m = 0;
            while (j->rpos < j->build.nrows && m < ENG_BATCH_CAP) {
                if (!j->matched[j->rpos])
                    rids[m++] = j->rpos;
                j->rpos++;
            }
            if (m == 0) {
                j->phase = PH_DONE;
                continue;
            }
            eng_batch *b = make_out(j, NULL, rids, m);
            if (!b)
                return EX_ERROR;
            *out = b;
            return EX_HAVE_OUTPUT;
        }
        if (j->npend > 0) {       /* spill: the next pair of files */
            if (next_pair(j) != ENG_OK)
                return EX_ERROR;
            continue;
        }
        return EX_FINISHED;
    }
}

/* Forgets where the probe is (the left batch it pointed into is gone). */
static void reset_probe(op_join *j)
{
    j->probe = NULL;
    j->pkeys = NULL;
    j->ph = NULL;
    j->pheads = NULL;
    j->pmatched = NULL;
    j->pmark = NULL;
    j->pi = 0;
    j->cur = -2;
    j->cphase = 0;
    j->xpos = 0;
    j->phase = PH_PROBE;
    j->rpos = 0;
}

/* Frees the build side (store, table, chains) so a later next builds
 * again. */
static void free_build(op_join *j)
{
    j->held = 0;
    exec_rs_free(&j->build);
    exec_htab_free(&j->ht);
    if (j->dense) {
        eng_free(j->dense);
        exec_mem_charge(j->base.ctx, "hash join table",
                        -(int64_t)(sizeof(int64_t) * (size_t)j->dense_n));
        j->dense = NULL;
        j->dense_n = 0;
    }
    for (int64_t k = 0; k < j->npay; k++)
        eng_free(j->pay[k]);
    eng_free(j->pay);
    if (j->pcharged)
        exec_mem_charge(j->base.ctx, "hash join build", -j->pcharged);
    j->pay = NULL;
    j->npay = j->paycap = 0;
    j->pcharged = 0;
    eng_free(j->next);
    eng_free(j->matched);
    eng_free(j->nullrows);
    j->next = NULL;
    j->matched = NULL;
    j->nullrows = NULL;
    j->nnull = j->nullcap = 0;
    j->cap = 0;
    j->chained = false;
    j->built = false;
    j->build_ok = false;
}

/* Frees everything; a rescan after this builds again. */
static void op_hash_join_end(exec_op *op)
{
    op_join *j = (op_join *)op;
    free_build(j);
    reset_probe(j);
    spill_close_all(j);
    eng_arena_destroy(j->parena);
    j->parena = NULL;
}

/*
 * Restarts the join: the left input restarts and the probe begins again.
 * A completed build is kept with its matched marks cleared (see the top
 * of the file for when that is right); otherwise the build is freed and
 * the right input restarts too.
 */
static eng_rc op_hash_join_rescan(exec_op *op)
{
    op_join *j = (op_join *)op;
    exec_ctx *ctx = op->ctx;
    reset_probe(j);
    if (j->parena) {
        eng_arena_reset(j->parena);
    } else if (!(j->parena = eng_arena_create())) {
        return eng_err_oom(ctx->err);
    }
    spill_close_all(j);     /* spill: a spilled join builds again */
    if (j->build_ok && !j->right_varies && !j->spilled) {
        if (j->matched)
            memset(j->matched, 0, (size_t)j->cap);
    } else {
        free_build(j);
        j->spilled = false;
        eng_rc rc = exec_rescan(op->child[1]);
        if (rc != ENG_OK)
            return rc;
    }
    return exec_rescan(op->child[0]);
}

static const exec_op_vt join_vt = { op_hash_join_next, op_hash_join_rescan,
                                    op_hash_join_end, NULL };

/* Creates the join of node n and both inputs. */
eng_rc op_hash_join_init(exec_ctx *ctx, const plan_node *n, exec_op **out)
{
    op_join *j = (op_join *)exec_op_alloc(ctx, n, &join_vt, sizeof(op_join));
    if (!j)
        return ENG_NOMEM;
    j->parena = eng_arena_create();
    if (!j->parena) {
        exec_end(&j->base);
        return eng_err_oom(ctx->err);
    }
    eng_rc rc = exec_init_children(&j->base);
    if (rc != ENG_OK)
        return rc;
    j->nl = j->base.child[0]->ncols;
    j->nr = j->base.child[1]->ncols;
    j->nkeys = n->join_type == PJ_CROSS ? 0 : n->nkeys;
    j->keyed = j->nkeys > 0;
    j->exact = j->nkeys == 1 && n->lkeys[0]->type.id == n->rkeys[0]->type.id &&
               exec_hash_is_key(n->rkeys[0]->type.id);
    if (j->exact) {
        eng_type_id kt = n->rkeys[0]->type.id;
        j->dense_ok = !n->has_df &&
                      (kt == ENG_T_SMALLINT || kt == ENG_T_INTEGER ||
                       kt == ENG_T_BIGINT || kt == ENG_T_DATE);
    }
    j->marking = n->join_type == PJ_SEMI || n->join_type == PJ_ANTI ||
                 n->join_type == PJ_MARK;
    j->right_varies = plan_reads_corr(n->right);
    /* Allocated once per execution, so rebuilds add nothing to ctx->arena. */
    j->btypes = eng_arena_alloc(ctx->arena, sizeof(eng_type) *
                                            (size_t)(j->nkeys + 1));
    j->poff = eng_arena_alloc(ctx->arena, sizeof(int) * (size_t)(j->nr + 1));
    if (!j->btypes || !j->poff) {
        exec_end(&j->base);
        return eng_err_oom(ctx->err);
    }
    for (int k = 0; k < j->nkeys; k++)
        j->btypes[k] = n->rkeys[k]->type;
    pay_layout(j, j->base.child[1]->types);
    j->cur = -2;
    *out = &j->base;
    return ENG_OK;
}
