/*
 * engine/exec/op_apply.c
 *   Correlated nested loop (PN_APPLY): for every left row, stores the
 *   node's parameters in their correlation slots, reruns the right plan
 *   and reduces its rows to one value: EXISTS, the scalar value (21000
 *   when there are two rows), or the three-valued mark of ANY.
 * Interface: op_apply_init, op_apply_next, op_apply_rescan, op_apply_end
 *   (the last three through the vtable).
 * Not here: choosing between an apply and a join (planner/), the joins
 *   (op_hash_join.c).
 *
 * Output: each left batch's live rows, dense, plus the computed column.
 * The slots (ctx->corr[corr_base ..]) point into the parameter vectors of
 * the current left batch (this operator's parena), which live until the
 * next left batch; the right plan reads them through PX_CORR while it
 * runs for that row, and every operator in it that caches what it read
 * (a hash join's build) drops that on the rescan (plan_reads_corr). A
 * scalar string is copied into the output's batch arena, since the right
 * plan's batch dies with its next rescan.
 *
 * LATERAL (apply_kind PSQ_LATERAL, lateral_next): the output is every
 * right row of a left row's run beside that left row (its columns
 * repeated), one output batch per right batch, filtered by the ON
 * condition (mark_test); with join_type PJ_LEFT a left row whose run
 * gives no row that passes comes out once with NULL right columns. The
 * left batch is held across calls (its vectors live until the next read
 * of the left input), and so is the position in it.
 */
#include <string.h>
#include "exec_int.h"

typedef struct op_apply {
    exec_op base;
    int nl, nr;
    eng_arena *parena;        /* parameter vectors of the current left batch */
    eng_arena *tarena;        /* per right batch (ANY test) */
    /* LATERAL: the left batch being joined (NULL: read the next), its
     * parameter vectors (parena), the live row li whose run is open
     * (running) and whether that run has given a row (matched) */
    eng_batch *lin;
    eng_vector *pv;
    int lcnt, li;
    bool running, matched;
} op_apply;

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

static exec_status lateral_next(exec_op *op, eng_batch **out);

/* Runs the right plan once and reduces its rows into *out (type t). */
static eng_rc run_inner(op_apply *ap, const eng_batch *left, int li,
                        eng_type t, eng_value *out)
{
    exec_op *op = &ap->base;
    exec_ctx *ctx = op->ctx;
    const plan_node *n = op->node;
    exec_op *r = op->child[1];
    eng_rc rc = exec_rescan(r);
    int64_t rows = 0;
    int mark = 0;   /* ANY: 0 FALSE, 1 NULL, 2 TRUE */
    memset(out, 0, sizeof *out);
    out->type = t;
    out->is_null = true;
    if (rc != ENG_OK)
        return rc;
    for (;;) {
        eng_batch *b;
        exec_status st = exec_next(r, &b);
        if (st == EX_ERROR)
            return ENG_ERROR;
        if (st == EX_FINISHED)
            break;
        int m = eng_batch_count(b);
        if (m == 0)
            continue;
        if (n->apply_kind == PSQ_EXISTS) {
            rows = 1;
            break;
        }
        if (n->apply_kind == PSQ_SCALAR) {
            if (rows + m > 1)
                return eng_err_set(ctx->err, ENG_ERR_CARDINALITY_VIOLATION, 0,
                                   "Scalar sub-query has returned multiple rows");
            rows += m;
            eng_value v;
            exec_vec_get(&b->cols[0], eng_batch_row(b, 0), &v);
            eng_rc orc = eng_value_own(op->barena, &v, ctx->err);
            if (orc != ENG_OK)
                return orc;
            *out = v;
            continue;
        }
        /* ANY: the test over (the left row repeated) ++ the right rows */
        eng_arena_reset(ap->tarena);
        eng_batch *c = exec_batch_shell(ap->tarena, ap->nl + ap->nr, m);
        int *rep = eng_arena_alloc(ap->tarena, sizeof(int) * (size_t)m);
        if (!c || !rep)
            return eng_err_oom(ctx->err);
        for (int k = 0; k < m; k++)
            rep[k] = eng_batch_row(left, li);
        for (int col = 0; col < ap->nl; col++)
            if ((rc = exec_vec_gather(ap->tarena, &left->cols[col], rep, m,
                                      &c->cols[col], ctx->err)) != ENG_OK)
                return rc;
        for (int col = 0; col < ap->nr; col++)
            if ((rc = live_vec(ap->tarena, &b->cols[col], b->sel, m,
                               &c->cols[ap->nl + col], ctx->err)) != ENG_OK)
                return rc;
        exec_eval x = { ctx, c, ap->tarena };
        eng_vector tv;
        if ((rc = exec_eval_sel(&x, n->mark_test, NULL, m, &tv)) != ENG_OK)
            return rc;
        for (int k = 0; k < m && mark < 2; k++) {
            if (tv.type.id != ENG_T_BOOLEAN || !eng_vec_is_valid(&tv, k))
                mark = 1;
            else if (((const uint8_t *)tv.data)[k])
                mark = 2;
        }
        if (mark == 2)
            break;
    }
    if (n->apply_kind == PSQ_EXISTS) {
        out->is_null = false;
        out->u.b = rows > 0;
    } else if (n->apply_kind == PSQ_ANY && mark != 1) {
        out->is_null = false;
        out->u.b = mark == 2;
    }
    return ENG_OK;
}

/* The next left batch, with the computed column for each of its rows. */
static exec_status op_apply_next(exec_op *op, eng_batch **out)
{
    op_apply *ap = (op_apply *)op;
    exec_ctx *ctx = op->ctx;
    const plan_node *n = op->node;
    if (n->apply_kind == PSQ_LATERAL)
        return lateral_next(op, out);
    for (;;) {
        eng_batch *in;
        exec_status st = exec_next(op->child[0], &in);
        if (st == EX_FINISHED)
            exec_end(op->child[1]);
        if (st != EX_HAVE_OUTPUT)
            return st;
        int cnt = eng_batch_count(in);
        if (cnt == 0)
            continue;
        eng_arena_reset(ap->parena);
        eng_vector *pv = eng_arena_alloc(ap->parena, sizeof *pv *
                                                         (size_t)(n->nparams + 1));
        eng_batch *b = exec_batch_shell(op->barena, ap->nl + 1, cnt);
        if (!pv || !b) {
            eng_err_oom(ctx->err);
            return EX_ERROR;
        }
        exec_eval x = { ctx, in, ap->parena };
        for (int k = 0; k < n->nparams; k++)
            if (exec_eval_sel(&x, n->params[k], in->sel, cnt, &pv[k]) != ENG_OK)
                return EX_ERROR;
        for (int c = 0; c < ap->nl; c++)
            if (live_vec(op->barena, &in->cols[c], in->sel, cnt,
                         &b->cols[c], ctx->err) != ENG_OK)
                return EX_ERROR;
        eng_type t = op->types[ap->nl];
        eng_vector *res = &b->cols[ap->nl];
        if (exec_vec_alloc(op->barena, t, cnt, res, ctx->err) != ENG_OK)
            return EX_ERROR;
        for (int i = 0; i < cnt; i++) {
            for (int k = 0; k < n->nparams; k++)
                exec_vec_get(&pv[k], i, &ctx->corr[n->corr_base + k]);
            eng_value v;
            if (exec_check_interrupt(ctx) != ENG_OK ||
                run_inner(ap, in, i, t, &v) != ENG_OK)
                return EX_ERROR;
            if (!v.is_null)
                exec_vec_set(res, i, &v);
        }
        *out = b;
        return EX_HAVE_OUTPUT;
    }
}

/* LATERAL's output: left row li of ap->lin beside rows [0, m) of the
 * right batch rb (NULL: one row of NULLs), those that pass the ON
 * condition; *out NULL when none does. */
static eng_rc lateral_batch(op_apply *ap, const eng_batch *rb, int m,
                            eng_batch **out)
{
    exec_op *op = &ap->base;
    exec_ctx *ctx = op->ctx;
    const plan_node *n = op->node;
    eng_rc rc;
    eng_batch *c = exec_batch_shell(op->barena, ap->nl + ap->nr, m);
    int *rep = eng_arena_alloc(op->barena, sizeof(int) * (size_t)m);
    if (!c || !rep)
        return eng_err_oom(ctx->err);
    for (int k = 0; k < m; k++)
        rep[k] = eng_batch_row(ap->lin, ap->li);
    for (int col = 0; col < ap->nl; col++)
        if ((rc = exec_vec_gather(op->barena, &ap->lin->cols[col], rep, m,
                                  &c->cols[col], ctx->err)) != ENG_OK)
            return rc;
    for (int col = 0; col < ap->nr; col++) {
        eng_vector *v = &c->cols[ap->nl + col];
        if (!rb) {
            if ((rc = exec_vec_alloc(op->barena, op->types[ap->nl + col], m,
                                     v, ctx->err)) != ENG_OK)
                return rc;
            exec_vec_all_null(v, m);
        } else if ((rc = live_vec(op->barena, &rb->cols[col], rb->sel, m, v,
                                  ctx->err)) != ENG_OK) {
            return rc;
        }
    }
    *out = c;
    if (!rb || !n->mark_test)
        return ENG_OK;
    exec_eval x = { ctx, c, op->barena };
    eng_vector tv;
    if ((rc = exec_eval_sel(&x, n->mark_test, NULL, m, &tv)) != ENG_OK)
        return rc;
    int *sel = eng_arena_alloc(op->barena, sizeof(int) * (size_t)m), ns = 0;
    if (!sel)
        return eng_err_oom(ctx->err);
    for (int k = 0; k < m; k++)
        if (tv.type.id == ENG_T_BOOLEAN && eng_vec_is_valid(&tv, k) &&
            ((const uint8_t *)tv.data)[k])
            sel[ns++] = k;
    if (ns == m)
        return ENG_OK;
    *out = ns ? exec_batch_select(op->barena, c, sel, ns) : NULL;
    return ns && !*out ? eng_err_oom(ctx->err) : ENG_OK;
}

/* LATERAL: the next batch of (left row, right row) pairs; see the top. */
static exec_status lateral_next(exec_op *op, eng_batch **out)
{
    op_apply *ap = (op_apply *)op;
    exec_ctx *ctx = op->ctx;
    const plan_node *n = op->node;
    for (;;) {
        if (!ap->lin) {
            eng_batch *in;
            exec_status st = exec_next(op->child[0], &in);
            if (st == EX_FINISHED)
                exec_end(op->child[1]);
            if (st != EX_HAVE_OUTPUT)
                return st;
            int cnt = eng_batch_count(in);
            if (cnt == 0)
                continue;
            eng_arena_reset(ap->parena);
            ap->pv = eng_arena_alloc(ap->parena, sizeof *ap->pv *
                                                 (size_t)(n->nparams + 1));
            if (!ap->pv) {
                eng_err_oom(ctx->err);
                return EX_ERROR;
            }
            exec_eval x = { ctx, in, ap->parena };
            for (int k = 0; k < n->nparams; k++)
                if (exec_eval_sel(&x, n->params[k], in->sel, cnt,
                                  &ap->pv[k]) != ENG_OK)
                    return EX_ERROR;
            ap->lin = in;
            ap->lcnt = cnt;
            ap->li = 0;
            ap->running = false;
        }
        if (ap->li >= ap->lcnt) {
            ap->lin = NULL;
            continue;
        }
        if (!ap->running) {
            for (int k = 0; k < n->nparams; k++)
                exec_vec_get(&ap->pv[k], ap->li, &ctx->corr[n->corr_base + k]);
            if (exec_check_interrupt(ctx) != ENG_OK ||
                exec_rescan(op->child[1]) != ENG_OK)
                return EX_ERROR;
            ap->running = true;
            ap->matched = false;
        }
        eng_batch *rb;
        exec_status st = exec_next(op->child[1], &rb);
        if (st == EX_ERROR)
            return st;
        if (st == EX_FINISHED) {
            ap->running = false;
            bool pad = n->join_type == PJ_LEFT && !ap->matched;
            eng_batch *b = NULL;
            if (pad && lateral_batch(ap, NULL, 1, &b) != ENG_OK)
                return EX_ERROR;
            ap->li++;
            if (pad) {
                *out = b;
                return EX_HAVE_OUTPUT;
            }
            continue;
        }
        int m = eng_batch_count(rb);
        eng_batch *b = NULL;
        if (m == 0)
            continue;
        if (lateral_batch(ap, rb, m, &b) != ENG_OK)
            return EX_ERROR;
        if (!b)
            continue;
        ap->matched = true;
        *out = b;
        return EX_HAVE_OUTPUT;
    }
}

/* Starts again from the first left row. */
static eng_rc op_apply_rescan(exec_op *op)
{
    op_apply *ap = (op_apply *)op;
    ap->lin = NULL;
    ap->running = false;
    if (!ap->parena && !(ap->parena = eng_arena_create()))
        return eng_err_oom(op->ctx->err);
    if (!ap->tarena && !(ap->tarena = eng_arena_create()))
        return eng_err_oom(op->ctx->err);
    return exec_rescan(op->child[0]);
}

/* Frees the per-batch arenas; a rescan re-creates them. */
static void op_apply_end(exec_op *op)
{
    op_apply *ap = (op_apply *)op;
    eng_arena_destroy(ap->parena);
    eng_arena_destroy(ap->tarena);
    ap->parena = ap->tarena = NULL;
    ap->lin = NULL;
    ap->running = false;
}

static const exec_op_vt apply_vt = { op_apply_next, op_apply_rescan,
                                     op_apply_end, NULL };

/* Creates the apply of node n, both inputs, and its correlation slots
 * (ctx->corr grows to hold corr_base + nparams). */
eng_rc op_apply_init(exec_ctx *ctx, const plan_node *n, exec_op **out)
{
    op_apply *ap = (op_apply *)exec_op_alloc(ctx, n, &apply_vt, sizeof(op_apply));
    if (!ap)
        return ENG_NOMEM;
    ap->parena = eng_arena_create();
    ap->tarena = eng_arena_create();
    int need = n->corr_base + n->nparams;
    if (ap->parena && ap->tarena && need > ctx->ncorr) {
        eng_value *slots = eng_arena_calloc(ctx->arena, sizeof *slots *
                                                            (size_t)need);
        if (slots) {
            if (ctx->ncorr > 0)
                memcpy(slots, ctx->corr, sizeof *slots * (size_t)ctx->ncorr);
            for (int i = ctx->ncorr; i < need; i++)
                slots[i].is_null = true;
            ctx->corr = slots;
            ctx->ncorr = need;
        } else {
            ap->base.nchild = 0;
            exec_end(&ap->base);
            return eng_err_oom(ctx->err);
        }
    }
    if (!ap->parena || !ap->tarena) {
        exec_end(&ap->base);
        return eng_err_oom(ctx->err);
    }
    eng_rc rc = exec_init_children(&ap->base);
    if (rc != ENG_OK)
        return rc;
    ap->nl = ap->base.child[0]->ncols;
    ap->nr = ap->base.child[1]->ncols;
    *out = &ap->base;
    return ENG_OK;
}
