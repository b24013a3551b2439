/*
 * engine/exec/op_setop.c
 *   INTERSECT and EXCEPT, DISTINCT or ALL (PN_SETOP): counts the right
 *   input's rows by value, then streams the left input, keeping each row
 *   as its count says. Rows compare with NULLs equal (set semantics).
 * Interface: op_setop_init, op_setop_next, op_setop_rescan, op_setop_end
 *   (the last three through the vtable).
 * Not here: UNION (op_union_all.c, op_distinct.c).
 *
 * For a left row with count c on the right (c = 0 when absent):
 * INTERSECT ALL keeps it while c > 0 (and counts c down: min(m, n) copies
 * in all), INTERSECT keeps the first one when c > 0 (then sets c to 0),
 * EXCEPT ALL drops it while c > 0 (counting down: max(m - n, 0) copies),
 * EXCEPT keeps the first one when the row is absent (remembering it with
 * count -1 so a duplicate is dropped). The kept rows go up as the left
 * batch under a narrower selection, in the left input's order.
 *
 * The right input is read whole on the first next; a rescan reads both
 * inputs again.
 */
#include <string.h>
#include "exec_int.h"

typedef struct op_setop {
    exec_op base;
    exec_rowstore rows;       /* one copy of each distinct row seen */
    exec_htab set;            /* hash -> row id in rows */
    int64_t *count;           /* per stored row */
    int64_t cap;
    bool ready, built;
} op_setop;

/* Hashes the live rows of b (all columns) into h (arena a). NULL on OOM. */
static uint64_t *hash_rows(eng_arena *a, const eng_batch *b)
{
    int n = eng_batch_count(b);
    uint64_t *h = eng_arena_alloc(a, sizeof(uint64_t) * (size_t)(n + 1));
    if (!h)
        return NULL;
    for (int i = 0; i < n; i++)
        h[i] = 0x9e3779b97f4a7c15ULL;
    for (int c = 0; c < b->ncols; c++)
        exec_hash_vec_sel(&b->cols[c], b->sel, n, h, c == 0);
    return h;
}

/* Stores row `row` of b with count c. */
static eng_rc add_row(op_setop *s, const eng_batch *b, int row, uint64_t h,
                      int64_t c)
{
    exec_ctx *ctx = s->base.ctx;
    const eng_vector **cp = eng_arena_alloc(s->base.barena, sizeof(void *) *
                                                            (size_t)(b->ncols + 1));
    if (!cp)
        return eng_err_oom(ctx->err);
    for (int k = 0; k < b->ncols; k++)
        cp[k] = &b->cols[k];
    int64_t id = s->rows.nrows;
    if (id >= s->cap &&
        !eng_array_grow(NULL, &s->count, &s->cap, id + 1, sizeof *s->count))
        return eng_err_oom(ctx->err);
    eng_rc rc = exec_rs_append(&s->rows, cp, row, ctx->err);
    if (rc == ENG_OK)
        rc = exec_htab_insert(&s->set, h, id, ctx->err);
    if (rc == ENG_OK)
        s->count[id] = c;
    return rc;
}

/* Reads the whole right input into counts. */
static eng_rc build(op_setop *s)
{
    exec_op *op = &s->base;
    exec_ctx *ctx = op->ctx;
    for (;;) {
        eng_batch *b;
        exec_status st = exec_next(op->child[1], &b);
        if (st == EX_ERROR)
            return ENG_ERROR;
        if (st == EX_FINISHED)
            break;
        eng_arena_reset(op->barena);
        int n = eng_batch_count(b);
        uint64_t *h = hash_rows(op->barena, b);
        if (!h)
            return eng_err_oom(ctx->err);
        for (int i = 0; i < n; i++) {
            int row = eng_batch_row(b, i);
            exec_rs_probe r = { &s->rows, b->cols, row };
            int64_t id = exec_htab_find(&s->set, h[i], exec_rs_row_eq, &r);
            eng_rc rc;
            if (id >= 0)
                s->count[id]++;
            else if ((rc = add_row(s, b, row, h[i], 1)) != ENG_OK)
                return rc;
        }
    }
    exec_end(op->child[1]);
    return ENG_OK;
}

/* The kept rows of the next left batch. */
static exec_status op_setop_next(exec_op *op, eng_batch **out)
{
    op_setop *s = (op_setop *)op;
    exec_ctx *ctx = op->ctx;
    const plan_node *n = op->node;
    if (!s->ready) {
        if (exec_rs_init(&s->rows, op->ncols, op->types, ctx->err) != ENG_OK ||
            exec_htab_init(&s->set, ctx->err) != ENG_OK ||
            exec_rs_account(&s->rows, ctx, "INTERSECT/EXCEPT") != ENG_OK ||
            exec_htab_account(&s->set, ctx, "INTERSECT/EXCEPT table") != ENG_OK)
            return EX_ERROR;
        s->ready = true;
    }
    if (!s->built) {
        s->built = true;
        if (build(s) != ENG_OK)
            return EX_ERROR;
    }
    bool inter = n->setop == PS_INTERSECT;
    for (;;) {
        eng_batch *in;
        exec_status st = exec_next(op->child[0], &in);
        if (st != EX_HAVE_OUTPUT)
            return st;
        eng_arena_reset(op->barena);
        int cnt = eng_batch_count(in), m = 0;
        uint64_t *h = hash_rows(op->barena, in);
        int *sel = eng_arena_alloc(op->barena, sizeof(int) * (size_t)(cnt + 1));
        if (!h || !sel) {
            eng_err_oom(ctx->err);
            return EX_ERROR;
        }
        for (int i = 0; i < cnt; i++) {
            int row = eng_batch_row(in, i);
            exec_rs_probe r = { &s->rows, in->cols, row };
            int64_t id = exec_htab_find(&s->set, h[i], exec_rs_row_eq, &r);
            int64_t c = id >= 0 ? s->count[id] : 0;
            bool keep;
            if (inter) {
                keep = c > 0;
                if (keep)
                    s->count[id] = n->setop_all ? c - 1 : 0;
            } else if (n->setop_all) {
                keep = c <= 0;
                if (!keep)
                    s->count[id] = c - 1;
            } else {
                keep = id < 0;
                if (keep && add_row(s, in, row, h[i], -1) != ENG_OK)
                    return EX_ERROR;
            }
            if (keep)
                sel[m++] = row;
        }
        if (m == 0)
            continue;
        return exec_emit_rows(op, in, sel, m, cnt, out);
    }
}

/* Frees the counts; the next call reads the right input again. */
static void op_setop_end(exec_op *op)
{
    op_setop *s = (op_setop *)op;
    exec_rs_free(&s->rows);
    exec_htab_free(&s->set);
    eng_free(s->count);
    s->count = NULL;
    s->cap = 0;
    s->ready = s->built = false;
}

/* Forgets the counts and restarts both inputs. */
static eng_rc op_setop_rescan(exec_op *op)
{
    op_setop_end(op);
    eng_rc rc = exec_rescan(op->child[1]);
    return rc != ENG_OK ? rc : exec_rescan(op->child[0]);
}

static const exec_op_vt setop_vt = { op_setop_next, op_setop_rescan,
                                     op_setop_end, NULL };

/* Creates the set operation of node n and both inputs. */
eng_rc op_setop_init(exec_ctx *ctx, const plan_node *n, exec_op **out)
{
    exec_op *op = exec_op_alloc(ctx, n, &setop_vt, sizeof(op_setop));
    if (!op)
        return ENG_NOMEM;
    eng_rc rc = exec_init_children(op);
    if (rc == ENG_OK)
        *out = op;
    return rc;
}
