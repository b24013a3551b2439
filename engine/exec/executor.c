/*
 * engine/exec/executor.c
 *   Builds the operator tree from a plan and drives it: the executor's
 *   public entry points and the common operator protocol.
 * Interface: exec_query_open, exec_query_next, exec_query_close,
 *   exec_query_cancel, exec_expr_eval, exec_stats_of, exec_build,
 *   exec_op_alloc,
 *   exec_init_children, exec_next, exec_next_dense, exec_rescan, exec_end,
 *   exec_cancel,
 *   exec_check_interrupt.
 * Not here: the operators themselves (op_*.c), expressions (expr_eval.c).
 */
#include <string.h>
#include <time.h>
#include "exec_int.h"

/* Milliseconds of CLOCK_MONOTONIC. */
static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Returns ENG_OK unless the execution was cancelled (HY008) or ran past
 * its deadline (HYT00); then ctx->err is filled and ENG_ERROR returned.
 */
eng_rc exec_check_interrupt(exec_ctx *ctx)
{
    if (__atomic_load_n(&ctx->cancelled, __ATOMIC_ACQUIRE))
        return eng_err_set(ctx->err, ENG_ERR_OPERATION_CANCELED, 0,
                           "Query was canceled");
    if (ctx->deadline_ms > 0 && now_ms() >= ctx->deadline_ms)
        return eng_err_set(ctx->err, ENG_ERR_TIMEOUT, 0,
                           "Query exceeded the timeout of %u seconds",
                           ctx->timeout_s);
    return ENG_OK;
}

eng_rc exec_mem_charge(exec_ctx *ctx, const char *what, int64_t delta)
{
    ctx->mem_used += delta;
    if (delta > 0 && ctx->mem_limit > 0 && ctx->mem_used > ctx->mem_limit)
        return eng_err_set(ctx->err, ENG_ERR_QUERY_MEMORY_LIMIT, 0,
                           "Query exceeded the memory limit of %lld bytes "
                           "(QueryMemoryLimit) in %s",
                           (long long)ctx->mem_limit, what ? what : "an operator");
    return ENG_OK;
}

/*
 * Allocates a zeroed operator struct of `size` bytes (>= sizeof(exec_op)) in
 * ctx->arena and creates its batch arena. Output types default to the
 * node's. Returns NULL on OOM with ctx->err set.
 */
exec_op *exec_op_alloc(exec_ctx *ctx, const plan_node *node, const exec_op_vt *vt,
                   size_t size)
{
    exec_op *op = eng_arena_calloc(ctx->arena, size);
    if (!op) {
        eng_err_oom(ctx->err);
        return NULL;
    }
    op->barena = eng_arena_create();
    if (!op->barena) {
        eng_err_oom(ctx->err);
        return NULL;
    }
    op->vt = vt;
    op->ctx = ctx;
    op->node = node;
    op->ncols = node->ncols;
    op->types = node->types;
    return op;
}

/*
 * Builds the children of op: node->child for single-input operators,
 * node->left and node->right for joins and unions. On failure op and the
 * children built so far are ended and the error (ctx->err) returned.
 */
eng_rc exec_init_children(exec_op *op)
{
    const plan_node *n = op->node;
    const plan_node *kids[2] = { n->child, NULL };
    int nk = 1;
    if (n->kind == PN_JOIN || n->kind == PN_UNION_ALL ||
        n->kind == PN_APPLY || n->kind == PN_SETOP ||
        n->kind == PN_RECURSIVE) {
        kids[0] = n->left;
        kids[1] = n->right;
        nk = 2;
    }
    for (int i = 0; i < nk; i++) {
        exec_op *c = NULL;
        eng_rc rc = exec_build(op->ctx, kids[i], &c);
        if (rc != ENG_OK) {
            exec_end(op);
            return rc;
        }
        op->child[op->nchild++] = c;
    }
    return ENG_OK;
}

/* Monotonic clock in ns. */
static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Bytes of b's live rows in the engine's vectors: each value's storage
 * width, for varchar the string's bytes (NULL strings count nothing). */
static int64_t batch_bytes(const eng_batch *b)
{
    int64_t total = 0;
    int n = eng_batch_count(b);
    for (int c = 0; c < b->ncols; c++) {
        const eng_vector *v = &b->cols[c];
        if (v->type.id == ENG_T_VARCHAR && v->data && v->validity) {
            const eng_str *s = v->data;
            for (int i = 0; i < n; i++) {
                int r = eng_batch_row(b, i);
                if (eng_vec_is_valid(v, r))
                    total += s[r].len;
            }
        } else {
            total += (int64_t)eng_type_width(v->type.id) * n;
        }
    }
    return total;
}

/* exec_next's call of op's next under EXPLAIN ANALYZE: timed, and the
 * returned rows' bytes counted. */
static exec_status next_analyzed(exec_op *op, eng_batch **out)
{
    int64_t t0 = now_ns();
    exec_status st = op->vt->next(op, out);
    op->time_ns += now_ns() - t0;
    if (st == EX_FINISHED) {
        op->finished = true;
    } else if (st == EX_HAVE_OUTPUT && *out) {
        op->rows_out += eng_batch_count(*out);
        op->bytes_out += batch_bytes(*out);
    }
    return st;
}

/*
 * Pulls the next batch of op. Checks for cancellation and the deadline,
 * resets the operator's batch arena (ending the life of its previous
 * output) and calls its next. After EX_FINISHED further calls keep
 * returning EX_FINISHED without touching the children.
 */
exec_status exec_next(exec_op *op, eng_batch **out)
{
    *out = NULL;
    if (op->broken) {
        /* Its state is half restored: never pass that off as the end. */
        eng_err_set(op->ctx->err, ENG_ERR_INTERNAL, 0,
                    "internal error: operator read after a failed rescan");
        return EX_ERROR;
    }
    if (op->ended || op->finished)
        return EX_FINISHED;
    if (exec_check_interrupt(op->ctx) != ENG_OK)
        return EX_ERROR;
    eng_arena_reset(op->barena);
    if (op->ctx->analyze)
        return next_analyzed(op, out);
    exec_status st = op->vt->next(op, out);
    if (st == EX_FINISHED)
        op->finished = true;
    else if (st == EX_HAVE_OUTPUT && *out)
        op->rows_out += eng_batch_count(*out);
    return st;
}

/*
 * Pulls the next batch of op's first child that has live rows (empty ones
 * are skipped) and gives its columns dense: arena a is reset, then *cols
 * gets ncols + 1 vectors in a whose row i is the batch's i-th live row (a
 * batch without a selection lends its vectors, so *cols lives as long as
 * the batch: until the child's next exec_next, which only op calls).
 * Returns EX_HAVE_OUTPUT with *in and *live set, or what the child
 * returned; EX_ERROR with ctx->err set on OOM. For the operators that
 * emit each input row several times (op_groupid.c, op_unnest.c).
 */
exec_status exec_next_dense(exec_op *op, eng_arena *a, eng_batch **in,
                            eng_vector **cols, int *live)
{
    exec_op *child = op->child[0];
    int nc = child->ncols;
    for (;;) {
        exec_status st = exec_next(child, in);
        if (st != EX_HAVE_OUTPUT)
            return st;
        const eng_batch *b = *in;
        *live = eng_batch_count(b);
        if (*live == 0)
            continue;
        eng_arena_reset(a);
        *cols = eng_arena_alloc(a, sizeof(eng_vector) * (size_t)(nc + 1));
        if (!*cols) {
            eng_err_oom(op->ctx->err);
            return EX_ERROR;
        }
        for (int c = 0; c < nc; c++) {
            if (!b->sel)
                (*cols)[c] = b->cols[c];
            else if (exec_vec_gather(a, &b->cols[c], b->sel, *live, &(*cols)[c],
                                     op->ctx->err) != ENG_OK)
                return EX_ERROR;
        }
        return EX_HAVE_OUTPUT;
    }
}

/* The operator running plan node n in the tree under root, or NULL. */
static exec_op *op_of(exec_op *root, const plan_node *n)
{
    if (!root)
        return NULL;
    if (root->node == n)
        return root;
    for (int i = 0; i < root->nchild; i++) {
        exec_op *r = op_of(root->child[i], n);
        if (r)
            return r;
    }
    return NULL;
}

/* What the operator running plan node n did so far (exec.h). */
bool exec_stats_of(exec_op *root, const plan_node *n, plan_node_stats *out)
{
    exec_op *op = op_of(root, n);
    if (!op)
        return false;
    /* A shared scan (op_spool.c): the use whose node its source runs
     * (the first built, the first in EXPLAIN's walk) shows the remote
     * read itself: its rows, time and wire bytes; the other uses their
     * own rows from the buffer and no wire bytes, so that the catalog's
     * line counts the read once. */
    exec_op *src = n->kind == PN_SCAN ? exec_spool_scan(op) : NULL;
    if (src && src != op && src->node == n)
        op = src;
    out->rows = op->rows_out;
    out->bytes = op->ctx->analyze ? op->bytes_out : -1;
    out->time_ns = op->ctx->analyze ? op->time_ns : -1;
    out->wire_bytes = !src ? -1
                      : src->node == n ? exec_scan_wire_bytes(src) : 0;
    out->nranges = src && src->node == n
                   ? exec_scan_range_rows(src, out->range_rows) : 0;
    out->spill_runs = op->spill_runs;
    out->spill_bytes = op->spill_bytes;
    return true;
}

/*
 * Restarts op so that its next call returns its rows from the first
 * again. Re-creates the batch arena when an exec_end destroyed it (or
 * resets it, ending the previous output), clears the finished and ended
 * marks, then lets the operator reset its own state and rescan the
 * children it reads again. On failure ctx->err is set and op is marked
 * broken, so a caller that ignores the error gets EX_ERROR, never a
 * silent end of data; exec_end stays safe.
 */
eng_rc exec_rescan(exec_op *op)
{
    if (!op)
        return ENG_OK;
    op->broken = true;
    if (op->barena) {
        eng_arena_reset(op->barena);
    } else {
        op->barena = eng_arena_create();
        if (!op->barena)
            return eng_err_oom(op->ctx->err);
    }
    op->ended = false;
    op->finished = false;
    eng_rc rc = op->vt->rescan(op);
    if (rc == ENG_OK)
        op->broken = false;
    return rc;
}

/*
 * Ends op and its subtree: the operator frees its own storage, scans end
 * their remote queries, and the batch arena is destroyed. Idempotent; a
 * later exec_rescan may restart the subtree.
 */
void exec_end(exec_op *op)
{
    if (!op || op->ended)
        return;
    op->ended = true;
    if (op->vt->end)
        op->vt->end(op);
    for (int i = 0; i < op->nchild; i++)
        exec_end(op->child[i]);
    eng_arena_destroy(op->barena);
    op->barena = NULL;
}

/*
 * Forwards a cancel request to every operator of the subtree that has a
 * cancel hook. Runs on the executing thread only: it reads operator state
 * that exec_end changes. Other threads cancel through exec_query_cancel.
 */
void exec_cancel(exec_op *op)
{
    if (!op || op->ended)
        return;
    if (op->vt->cancel)
        op->vt->cancel(op);
    for (int i = 0; i < op->nchild; i++)
        exec_cancel(op->child[i]);
}

/*
 * Builds the operator for node and, through the operators' init
 * functions, its children. Returns ENG_OK with *out set, or an error in
 * ctx->err (anything built so far is ended by the caller's close of the
 * execution arena owner; partially built subtrees are ended here).
 */
eng_rc exec_build(exec_ctx *ctx, const plan_node *node, exec_op **out)
{
    *out = NULL;
    if (!node)
        return eng_err_set(ctx->err, ENG_ERR_INTERNAL, 0,
                           "internal error: missing plan node");
    switch (node->kind) {
    case PN_SCAN:
        /* a use of a shared scan (rule shared_scan): op_spool.c */
        return node->share_id > 0 ? op_spool_init(ctx, node, out)
                                  : op_scan_init(ctx, node, out);
    case PN_VALUES: return op_values_init(ctx, node, out);
    case PN_FILTER: return op_filter_init(ctx, node, out);
    case PN_PROJECT: return op_project_init(ctx, node, out);
    case PN_JOIN: return op_hash_join_init(ctx, node, out);
    case PN_AGG: return op_hash_agg_init(ctx, node, out);
    case PN_SORT: return op_sort_init(ctx, node, out);
    case PN_LIMIT: return op_limit_init(ctx, node, out);
    case PN_UNION_ALL: return op_union_all_init(ctx, node, out);
    case PN_DISTINCT: return op_distinct_init(ctx, node, out);
    case PN_WINDOW: return op_window_init(ctx, node, out);
    case PN_GROUPID: return op_groupid_init(ctx, node, out);
    case PN_APPLY: return op_apply_init(ctx, node, out);
    case PN_SETOP: return op_setop_init(ctx, node, out);
    case PN_UNNEST: return op_unnest_init(ctx, node, out);
    case PN_RECURSIVE: return op_recursive_init(ctx, node, out);
    case PN_WORKTABLE: return op_worktable_init(ctx, node, out);
    }
    return eng_err_set(ctx->err, ENG_ERR_INTERNAL, 0,
                       "internal error: unknown plan node kind %d",
                       (int)node->kind);
}

/*
 * Starts every scan of the subtree that can begin now on its reader
 * thread (exec_scan_read_ahead). The right input of a PN_APPLY is rerun
 * per outer row with new correlation values, so its scans start lazily.
 */
static void read_ahead(exec_op *op)
{
    if (!op)
        return;
    if (op->node->kind == PN_SCAN) {
        /* a shared scan's source starts once (it is then started) */
        exec_scan_read_ahead(exec_spool_scan(op));
        return;
    }
    for (int i = 0; i < op->nchild; i++)
        if (!(op->node->kind == PN_APPLY && i == 1))
            read_ahead(op->child[i]);
}

/* A plan's only scan when it has exactly one (not under an apply's
 * right side, which read_ahead leaves alone anyway), else NULL; *n counts
 * the scans seen. */
static exec_op *only_scan(exec_op *op, int *n)
{
    exec_op *found = NULL;
    if (!op)
        return NULL;
    if (op->node->kind == PN_SCAN) {
        (*n)++;
        return op;
    }
    for (int i = 0; i < op->nchild && *n < 2; i++) {
        exec_op *s = only_scan(op->child[i], n);
        if (s)
            found = s;
    }
    return *n == 1 ? found : NULL;
}

/* Asks every reader thread of the subtree to stop (no wait), so that
 * ending the tree joins them all in about one tick, not one each. */
static void signal_readers(exec_op *op)
{
    if (!op || op->ended)
        return;
    if (op->node->kind == PN_SCAN && !exec_spool_scan(op)->ended)
        exec_scan_signal(exec_spool_scan(op));
    for (int i = 0; i < op->nchild; i++)
        signal_readers(op->child[i]);
}

/* True when the tree reads one scan only and the optimizer expects at
 * most EXEC_SMALL_SCAN_ROWS rows from it (a count, a top-N, a point
 * lookup run whole in its catalog): no other catalog to read meanwhile
 * and about one batch to overlap with, so a reader thread would only add
 * its start and hand-offs to a statement of a few milliseconds. */
#define EXEC_SMALL_SCAN_ROWS 1000.0
static bool one_small_scan(exec_op *root)
{
    int n = 0;
    exec_op *s = only_scan(root, &n);
    /* a scan the optimizer split (rule scan_split: large, or splits
     * forced) reads its ranges on reader threads */
    return s && s->node->est_rows > 0 &&
           s->node->est_rows <= EXEC_SMALL_SCAN_ROWS &&
           s->node->spec.split_n < 2;
}

/*
 * Builds the operator tree for plan in ctx->arena and, unless the session
 * switched it off (Optimizer key `parallel_scan=off`), starts every scan
 * that can begin now on a reader thread of its own, so all catalogs work
 * at once from the start (op_scan.c, scan_reader.c) — except when the
 * plan reads one scan expected to return few rows (one_small_scan), which
 * is read on the calling thread as with parallel_scan off. On failure
 * *root is NULL, every operator built so far has been ended, and
 * ctx->err is set.
 */
eng_rc exec_query_open(exec_ctx *ctx, const plan_node *plan, exec_op **root)
{
    eng_rc rc = exec_build(ctx, plan, root);
    if (rc == ENG_OK &&
        !(ctx->conn && (ctx->conn->opt_off & SESS_OPT_PARALLEL_SCAN)) &&
        !one_small_scan(*root))
        read_ahead(*root);
    return rc;
}

/*
 * Returns the root's next batch in *out, or *out = NULL at the end. The
 * batch is dense (sel NULL) and has at least one row; it stays valid until
 * the next call on this tree. Errors (ctx->err) return ENG_ERROR or
 * ENG_NOMEM with *out = NULL.
 */
/* A copy in a of d's header and column array (the vectors' data still
 * d's), for a pass that replaces some columns' data; NULL on OOM with
 * err set. */
static eng_batch *copy_header(eng_arena *a, const eng_batch *d,
                              eng_error *err)
{
    eng_batch *p = eng_arena_alloc(a, sizeof *p);
    eng_vector *cols = eng_arena_alloc(a, sizeof *cols * (size_t)d->ncols);
    if (!p || !cols) {
        eng_err_oom(err);
        return NULL;
    }
    *p = *d;
    memcpy(cols, d->cols, sizeof *cols * (size_t)d->ncols);
    p->cols = cols;
    return p;
}

/*
 * Returns the dense batch d with its char(n) columns padded with blanks
 * to n characters: inside the engine a char value has no trailing blanks
 * (types.h, ENG_VARCHAR_CHAR), outside it has Trino's n characters. d itself when
 * it has no char column; else a copy in a (vectors of other columns
 * shared). NULL on OOM with err set.
 */
static const eng_batch *pad_char_columns(eng_arena *a, const eng_batch *d,
                                         eng_error *err)
{
    int c;
    for (c = 0; c < d->ncols; c++)
        if (eng_type_is_char(d->cols[c].type))
            break;
    if (c == d->ncols)
        return d;
    eng_batch *p = copy_header(a, d, err);
    if (!p)
        return NULL;
    eng_vector *cols = p->cols;
    for (; c < d->ncols; c++) {
        eng_vector *v = &cols[c];
        if (!eng_type_is_char(v->type))
            continue;
        const eng_str *in = v->data;
        size_t rows = d->nrows > 0 ? (size_t)d->nrows : 1;
        eng_str *o = eng_arena_alloc(a, sizeof *o * rows);
        if (!o) {
            eng_err_oom(err);
            return NULL;
        }
        for (int i = 0; i < d->nrows; i++) {
            size_t chars = 0, n = in[i].len, pad;
            o[i] = in[i];
            if (!(v->validity[i >> 3] & (1u << (i & 7))))
                continue;
            for (size_t k = 0; k < n; k++)
                chars += ((unsigned char)in[i].ptr[k] & 0xC0) != 0x80;
            if (chars >= (size_t)v->type.length)
                continue;
            pad = (size_t)v->type.length - chars;
            char *buf = eng_arena_alloc(a, n + pad);
            if (!buf) {
                eng_err_oom(err);
                return NULL;
            }
            if (n)
                memcpy(buf, in[i].ptr, n);
            memset(buf + n, ' ', pad);
            o[i].ptr = buf;
            o[i].len = (uint32_t)(n + pad);
        }
        v->data = o;
    }
    return p;
}

/*
 * Returns the dense batch d with its array columns as their text, Trino's
 * "[1, 2, NULL]" (eng_arr_to_text), in varchar vectors: an array leaves
 * the engine as text, which is how the driver delivers it (an unbounded
 * varchar whose TYPE_NAME is "array(T)", types/typeinfo.c). d itself when
 * it has none; else a copy in a. NULL on OOM with err set.
 */
static const eng_batch *text_array_columns(eng_arena *a, const eng_batch *d,
                                           eng_error *err)
{
    int c;
    for (c = 0; c < d->ncols; c++)
        if (d->cols[c].type.id == ENG_T_ARRAY)
            break;
    if (c == d->ncols)
        return d;
    eng_batch *p = copy_header(a, d, err);
    if (!p)
        return NULL;
    eng_vector *cols = p->cols;
    for (; c < d->ncols; c++) {
        eng_vector *v = &cols[c];
        if (v->type.id != ENG_T_ARRAY)
            continue;
        eng_type et = eng_type_elem(v->type);
        const eng_arr *in = v->data;
        size_t rows = d->nrows > 0 ? (size_t)d->nrows : 1;
        eng_str *o = eng_arena_calloc(a, sizeof *o * rows);
        if (!o) {
            eng_err_oom(err);
            return NULL;
        }
        for (int i = 0; i < d->nrows; i++) {
            if (!eng_vec_is_valid(v, i))
                continue;
            char *t = eng_arr_to_text(a, et, in[i]);
            if (!t) {
                eng_err_oom(err);
                return NULL;
            }
            o[i].ptr = t;
            o[i].len = (uint32_t)strlen(t);
        }
        v->data = o;
        v->type = eng_type_varchar(0);
    }
    return p;
}

eng_rc exec_query_next(exec_op *root, const eng_batch **out)
{
    *out = NULL;
    if (!root)
        return ENG_OK;
    for (;;) {
        eng_batch *b = NULL;
        exec_status st = exec_next(root, &b);
        if (st == EX_FINISHED)
            return ENG_OK;
        if (st == EX_ERROR)
            return strcmp(root->ctx->err->sqlstate, ENG_ERR_OUT_OF_MEMORY) == 0
                       ? ENG_NOMEM : ENG_ERROR;
        if (!b || eng_batch_count(b) == 0)
            continue;
        /* Batches leave the executor dense, so that eng_fetch's readers
         * (driver/fetch.c) never see a selection. The copy lives in the
         * root's batch arena, which the root resets on its next call. */
        const eng_batch *d = exec_batch_flatten(root->barena, b,
                                                root->ctx->err);
        if (d)
            d = pad_char_columns(root->barena, d, root->ctx->err);
        if (d)
            d = text_array_columns(root->barena, d, root->ctx->err);
        if (!d)
            return ENG_NOMEM;
        *out = d;
        return ENG_OK;
    }
}

/* Ends every operator of the tree (remote scans included). NULL allowed. */
void exec_query_close(exec_op *root)
{
    signal_readers(root);
    exec_end(root);
}

/*
 * Marks the execution cancelled; callable from any thread. It only sets
 * the atomic flag: the running next fails with HY008 at its next check
 * (exec_next, between batches) and connector waits poll the same flag
 * through their spec (op_scan.c), so a scan blocked on its server stops
 * within one wait tick. Nothing here reads the operator tree, which the
 * executing thread may be ending or rescanning meanwhile.
 */
void exec_query_cancel(exec_op *root)
{
    if (!root)
        return;
    __atomic_store_n(&root->ctx->cancelled, 1, __ATOMIC_RELEASE);
}

/*
 * Evaluates e over the live rows of `in` into *out (a dense vector of
 * e->type with eng_batch_count(in) rows, one per live row in order, in
 * arena a; it may share storage with in's columns when in is dense).
 */
eng_rc exec_expr_eval(exec_ctx *ctx, const plan_expr *e, const eng_batch *in,
                      eng_arena *a, eng_vector *out)
{
    exec_eval x = { ctx, in, a };
    return exec_eval_sel(&x, e, in->sel, eng_batch_count(in), out);
}
