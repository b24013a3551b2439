/*
 * engine/exec/op_hash_join.c
 *   Hash join (INNER, LEFT, RIGHT, FULL, CROSS): builds a hash table over
 *   the right input, probes it with the left input's batches.
 * Interface: op_hash_join_init, op_hash_join_next, op_hash_join_rescan,
 *   op_hash_join_end (the last three through the vtable).
 * Not here: choosing join order or sides (optimizer/).
 *
 * Build: every right row is copied into a chunked row store (its columns
 * plus its evaluated key values); rows whose keys are all non-NULL enter
 * the hash table, equal keys chained behind one entry. NULL keys never
 * match, but the rows are kept so RIGHT/FULL can emit them unmatched.
 * Probe: for each left row, the chain of equal keys gives candidate pairs
 * (every build row for CROSS or a join without keys); candidates are
 * gathered into a batch of left ++ right columns, the residual is applied
 * with three-valued logic (only TRUE passes), and the survivors are
 * output. Output batches hold at most ENG_BATCH_CAP rows; the position in
 * the probe batch and in the chain is kept across calls. After a probe
 * batch, LEFT/FULL emit its unmatched rows with NULL right columns; after
 * the last one, RIGHT/FULL emit unmatched build rows with NULL left ones.
 *
 * Selections: both inputs are read through their selection vectors (keys
 * are evaluated over the live rows only; probe positions are live-row
 * positions, mapped to vector rows when the left columns are gathered).
 * The residual narrows the candidate batch's selection instead of
 * copying the survivors.
 *
 * Rescan: the probe side restarts; a completed build side is kept (the
 * right input is not read again) and only its matched marks are cleared.
 * That is right as long as the right input gives the same rows on every
 * read, which holds today: nothing in a plan changes between two reads
 * of one execution (bound parameters are fixed). When correlated
 * parameters arrive, a rescan that changes a parameter the right subtree
 * reads must drop the build (PostgreSQL's chgParam). A build that failed
 * or was freed by exec_end is done again, reading the right input anew.
 */
#include <string.h>
#include "exec_int.h"

enum { PH_PROBE, PH_RIGHT_REST, PH_DONE };

typedef struct op_join {
    exec_op base;
    int nl, nr, nkeys;
    bool keyed;
    bool built;               /* the build was started */
    bool build_ok;            /* ... and completed: rescans keep it */
    eng_type *btypes;         /* build store column types (ctx->arena) */
    exec_rowstore build;        /* right columns, then key columns */
    exec_htab ht;               /* key hash -> first row of the key */
    int64_t *next;            /* chain of rows with equal keys (-1 ends) */
    uint8_t *matched;         /* per build row (RIGHT/FULL) */
    int64_t cap;              /* size of next / matched */
    /* probe state, in parena (reset per left batch) */
    eng_arena *parena;
    eng_batch *probe;         /* the left child's current batch */
    eng_vector *pkeys;
    uint64_t *ph;
    uint8_t *pmatched;
    int pi;                   /* current probe row */
    int64_t cur;              /* next candidate build row; -2: look up */
    int phase;
    int64_t rpos;             /* RIGHT/FULL tail position */
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
        const eng_vector *v = exec_rs_vec(&k->j->build, id, k->j->nr + c, &idx);
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
 * h. */
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
        exec_hash_vec(&vecs[k], n, h, k == 0);
    }
    return ENG_OK;
}

/* True when every key of row i is non-NULL. */
static bool keys_present(const eng_vector *vecs, int nkeys, int i)
{
    for (int k = 0; k < nkeys; k++)
        if (vecs[k].type.id == ENG_T_UNKNOWN || !eng_vec_is_valid(&vecs[k], i))
            return false;
    return true;
}

/* Reads the whole right input into the store and the hash table. */
static eng_rc build_side(op_join *j)
{
    exec_op *op = &j->base;
    exec_ctx *ctx = op->ctx;
    const plan_node *n = op->node;
    exec_op *r = op->child[1];
    int nc = j->nr + j->nkeys;
    eng_rc rc = exec_rs_init(&j->build, nc, j->btypes, ctx->err);
    if (rc == ENG_OK && j->keyed)
        rc = exec_htab_init(&j->ht, ctx->err);
    if (rc != ENG_OK)
        return rc;
    eng_arena *tmp = eng_arena_create();
    if (!tmp)
        return eng_err_oom(ctx->err);
    for (;;) {
        eng_batch *b;
        exec_status st = exec_next(r, &b);
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
        if (rc != ENG_OK)
            break;
        for (int c = 0; c < j->nr; c++)
            cols[c] = &b->cols[c];
        for (int k = 0; k < j->nkeys; k++)
            cols[j->nr + k] = &kv[k];
        for (int i = 0; i < live && rc == ENG_OK; i++) {
            int64_t id = j->build.nrows;
            rc = grow(j, id, ctx->err);
            /* right columns at the live row's vector index, keys at i */
            if (rc == ENG_OK)
                rc = exec_rs_append_split(&j->build, cols, j->nr,
                                          eng_batch_row(b, i), i, ctx->err);
            if (rc != ENG_OK)
                break;
            j->next[id] = -1;
            if (!j->keyed || !keys_present(kv, j->nkeys, i))
                continue;
            key_ref kr = { j, kv, i };
            int64_t head = exec_htab_find(&j->ht, h[i], keys_eq, &kr);
            if (head >= 0) {
                j->next[id] = j->next[head];
                j->next[head] = id;
            } else {
                rc = exec_htab_insert(&j->ht, h[i], id, ctx->err);
            }
        }
        if (rc != ENG_OK)
            break;
    }
    eng_arena_destroy(tmp);
    exec_end(r);
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
    exec_status st = exec_next(op->child[0], &b);
    if (st != EX_HAVE_OUTPUT)
        return st;
    eng_arena_reset(j->parena);
    int n = eng_batch_count(b);
    j->pkeys = eng_arena_alloc(j->parena, sizeof(eng_vector) * (size_t)(j->nkeys + 1));
    j->ph = eng_arena_alloc(j->parena, sizeof(uint64_t) * (size_t)(n + 1));
    j->pmatched = eng_arena_calloc(j->parena, (size_t)(n + 1));
    if (!j->pkeys || !j->ph || !j->pmatched) {
        eng_err_oom(ctx->err);
        return EX_ERROR;
    }
    if (eval_keys(ctx, op->node->lkeys, j->nkeys, b, j->parena, j->pkeys,
                  j->ph) != ENG_OK)
        return EX_ERROR;
    j->probe = b;
    j->pi = 0;
    j->cur = -2;
    return EX_HAVE_OUTPUT;
}

/* First candidate build row for probe row i, or -1. */
static int64_t first_candidate(op_join *j, int i)
{
    if (j->build.nrows == 0)
        return -1;
    if (!j->keyed)
        return 0;
    if (!keys_present(j->pkeys, j->nkeys, i))
        return -1;
    key_ref kr = { j, j->pkeys, i };
    return exec_htab_find(&j->ht, j->ph[i], keys_eq, &kr);
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
    for (int c = 0; c < j->nl; c++) {
        eng_rc rc = lsel ? exec_vec_gather(op->barena, &j->probe->cols[c], rows,
                                         n, &b->cols[c], ctx->err)
                         : exec_vec_alloc(op->barena, op->child[0]->types[c],
                                        n, &b->cols[c], ctx->err);
        if (rc != ENG_OK)
            return NULL;
    }
    for (int c = 0; c < j->nr; c++) {
        eng_rc rc = rids ? exec_rs_gather(&j->build, c, rids, n, op->barena,
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
        j->pmatched[lsel[i]] = 1;
        j->matched[rids[i]] = 1;
    }
    return b;
}

static exec_status op_hash_join_next(exec_op *op, eng_batch **out)
{
    op_join *j = (op_join *)op;
    exec_ctx *ctx = op->ctx;
    plan_join_type jt = op->node->join_type;
    bool left_outer = jt == PJ_LEFT || jt == PJ_FULL;
    bool right_outer = jt == PJ_RIGHT || jt == PJ_FULL;
    if (!j->built) {
        j->built = true;
        if (build_side(j) != ENG_OK)
            return EX_ERROR;
    }
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
            int cnt = 0;
            int pn = eng_batch_count(j->probe);
            while (j->pi < pn && cnt < ENG_BATCH_CAP) {
                if (j->cur == -2)
                    j->cur = first_candidate(j, j->pi);
                if (j->cur < 0) {
                    j->pi++;
                    j->cur = -2;
                    continue;
                }
                lsel[cnt] = j->pi;
                rids[cnt] = j->cur;
                cnt++;
                if (j->keyed)
                    j->cur = j->next[j->cur];
                else
                    j->cur = j->cur + 1 < j->build.nrows ? j->cur + 1 : -1;
            }
            if (cnt > 0) {
                eng_batch *b = make_out(j, lsel, rids, cnt);
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
        return EX_FINISHED;
    }
}

/* Forgets where the probe is (the left batch it pointed into is gone). */
static void reset_probe(op_join *j)
{
    j->probe = NULL;
    j->pkeys = NULL;
    j->ph = NULL;
    j->pmatched = NULL;
    j->pi = 0;
    j->cur = -2;
    j->phase = PH_PROBE;
    j->rpos = 0;
}

/* Frees the build side (store, table, chains) so a later next builds
 * again. */
static void free_build(op_join *j)
{
    exec_rs_free(&j->build);
    exec_htab_free(&j->ht);
    eng_free(j->next);
    eng_free(j->matched);
    j->next = NULL;
    j->matched = NULL;
    j->cap = 0;
    j->built = false;
    j->build_ok = false;
}

/* Frees everything; a rescan after this builds again. */
static void op_hash_join_end(exec_op *op)
{
    op_join *j = (op_join *)op;
    free_build(j);
    reset_probe(j);
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
    if (j->build_ok) {
        if (j->matched)
            memset(j->matched, 0, (size_t)j->cap);
    } else {
        free_build(j);
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
    /* Allocated once per execution, so rebuilds add nothing to ctx->arena. */
    j->btypes = eng_arena_alloc(ctx->arena, sizeof(eng_type) *
                                            (size_t)(j->nr + j->nkeys + 1));
    if (!j->btypes) {
        exec_end(&j->base);
        return eng_err_oom(ctx->err);
    }
    for (int c = 0; c < j->nr; c++)
        j->btypes[c] = j->base.child[1]->types[c];
    for (int k = 0; k < j->nkeys; k++)
        j->btypes[j->nr + k] = n->rkeys[k]->type;
    j->cur = -2;
    *out = &j->base;
    return ENG_OK;
}
