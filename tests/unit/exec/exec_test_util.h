/*
 * tests/unit/exec/exec_test_util.h
 *   Helpers shared by the executor's unit tests: building typed
 *   expressions and hand-made plans (PN_VALUES and friends) in one arena,
 *   running a plan to completion and rendering its rows as text.
 * Interface: (static) tu_*, X_* and N_* builders, tu_oom_rescan_loop.
 * Not here: the assertions themselves (test_expr.c, test_operators.c,
 *   test_rescan.c, test_selection.c).
 */
#ifndef EXEC_TEST_UTIL_H
#define EXEC_TEST_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "exec/exec.h"
#include "exec/exec_int.h"   /* exec_rescan: tu_oom_rescan_loop */
#include "plan/plan.h"

static eng_arena *A;          /* plan arena of the current test */
static eng_error ERR;

static inline eng_type T(eng_type_id id) { return eng_type_make(id); }
#define TI T(ENG_T_INTEGER)
#define TB T(ENG_T_BIGINT)
#define TBOOL T(ENG_T_BOOLEAN)
#define TD T(ENG_T_DOUBLE)
#define TV eng_type_varchar(0)

static inline eng_value vi(int64_t v) { eng_value x = {0}; x.type = TI; x.u.i = v; return x; }
static inline eng_value vb(int64_t v) { eng_value x = {0}; x.type = TB; x.u.i = v; return x; }
static inline eng_value vbool(bool b) { eng_value x = {0}; x.type = TBOOL; x.u.b = b; return x; }
static inline eng_value vd(double d) { eng_value x = {0}; x.type = TD; x.u.d = d; return x; }
static inline eng_value vs(const char *s) { eng_value x = {0}; x.type = TV; x.u.s.ptr = s; x.u.s.len = (uint32_t)strlen(s); return x; }
static inline eng_value vdec(eng_int128 u, int p, int s) { eng_value x = {0}; x.type = eng_type_decimal(p, s); x.u.dec = u; return x; }
static inline eng_value vnull(eng_type t) { eng_value x = {0}; x.type = t; x.is_null = true; return x; }

static inline plan_expr *X_const(eng_value v) { plan_expr *e = plan_const(A, &v); e->type = v.type; return e; }
static inline plan_expr *X_col(int c, eng_type t) { return plan_colref(A, c, t); }
static inline plan_expr *X_n(plan_expr_kind k, eng_type t, int n, ...)
{
    plan_expr *e = plan_expr_new(A, k, t);
    e->nargs = n;
    e->args = eng_arena_alloc(A, sizeof(plan_expr *) * (size_t)(n + 1));
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++)
        e->args[i] = va_arg(ap, plan_expr *);
    va_end(ap);
    return e;
}
static inline plan_expr *X_op(plan_op op, eng_type t, plan_expr *a, plan_expr *b)
{
    plan_expr *e = b ? X_n(PX_OP, t, 2, a, b) : X_n(PX_OP, t, 1, a);
    e->op = op;
    return e;
}

/* PN_VALUES with ncols columns of types and nrows rows (vals row-major). */
static inline plan_node *N_values(int ncols, const eng_type *types, int nrows,
                         const eng_value *vals)
{
    plan_node *n = plan_node_new(A, PN_VALUES, ncols);
    for (int c = 0; c < ncols; c++) {
        n->types[c] = types[c];
        n->names[c] = eng_arena_sprintf(A, "c%d", c);
    }
    n->nrows = nrows;
    n->rows = eng_arena_alloc(A, sizeof(eng_value *) * (size_t)(nrows + 1));
    for (int r = 0; r < nrows; r++) {
        n->rows[r] = eng_arena_alloc(A, sizeof(eng_value) * (size_t)(ncols + 1));
        memcpy(n->rows[r], vals + (size_t)r * ncols, sizeof(eng_value) * (size_t)ncols);
    }
    return n;
}

static inline plan_node *N_over(plan_node_kind k, plan_node *child, int ncols,
                       const eng_type *types)
{
    plan_node *n = plan_node_new(A, k, ncols);
    for (int c = 0; c < ncols; c++) {
        n->types[c] = types[c];
        n->names[c] = eng_arena_sprintf(A, "c%d", c);
    }
    n->child = child;
    return n;
}

/* Join of l and r (output l ++ r columns); keys l.lk = r.rk unless CROSS. */
static inline plan_node *N_join(plan_join_type jt, plan_node *l, plan_node *r,
                                int lk, int rk, plan_expr *resid)
{
    eng_type ty[16];
    int nc = l->ncols + r->ncols;
    for (int c = 0; c < l->ncols; c++) ty[c] = l->types[c];
    for (int c = 0; c < r->ncols; c++) ty[l->ncols + c] = r->types[c];
    plan_node *j = N_over(PN_JOIN, NULL, nc, ty);
    j->left = l;
    j->right = r;
    j->join_type = jt;
    if (jt != PJ_CROSS) {
        j->nkeys = 1;
        j->lkeys = eng_arena_alloc(A, sizeof(plan_expr *));
        j->rkeys = eng_arena_alloc(A, sizeof(plan_expr *));
        j->lkeys[0] = X_col(lk, l->types[lk]);
        j->rkeys[0] = X_col(rk, r->types[rk]);
    }
    j->residual = resid;
    return j;
}

/* GROUP BY groups[0..ngroups-1] with aggregates aggs[0..naggs-1]. */
static inline plan_node *N_agg(plan_node *child, int ngroups, plan_expr **groups,
                               int naggs, plan_agg *aggs)
{
    eng_type ty[16];
    for (int i = 0; i < ngroups; i++) ty[i] = groups[i]->type;
    for (int i = 0; i < naggs; i++) ty[ngroups + i] = aggs[i].type;
    plan_node *n = N_over(PN_AGG, child, ngroups + naggs, ty);
    n->ngroups = ngroups;
    n->groups = groups;
    n->naggs = naggs;
    n->aggs = aggs;
    return n;
}

/* ORDER BY column col of child. */
static inline plan_node *N_sort(plan_node *child, int col, bool desc, bool nf)
{
    plan_node *s = N_over(PN_SORT, child, child->ncols, child->types);
    s->nsort = 1;
    s->sort_keys = eng_arena_alloc(A, sizeof(plan_expr *));
    s->sort_keys[0] = X_col(col, child->types[col]);
    s->sort_desc = eng_arena_alloc(A, sizeof(bool));
    s->sort_nulls_first = eng_arena_alloc(A, sizeof(bool));
    s->sort_desc[0] = desc;
    s->sort_nulls_first[0] = nf;
    return s;
}

/* Projection of child onto exprs (types from the expressions). */
static inline plan_node *N_project(plan_node *child, int n, plan_expr **exprs)
{
    eng_type ty[16];
    for (int i = 0; i < n; i++) ty[i] = exprs[i]->type;
    plan_node *p = N_over(PN_PROJECT, child, n, ty);
    p->exprs = eng_arena_alloc(A, sizeof(plan_expr *) * (size_t)(n + 1));
    memcpy(p->exprs, exprs, sizeof(plan_expr *) * (size_t)n);
    return p;
}

static inline plan_node *N_filter(plan_node *child, plan_expr *pred)
{
    plan_node *f = N_over(PN_FILTER, child, child->ncols, child->types);
    f->pred = pred;
    return f;
}

static inline plan_node *N_limit(plan_node *child, int64_t offset, int64_t limit)
{
    plan_node *l = N_over(PN_LIMIT, child, child->ncols, child->types);
    l->offset = offset;
    l->limit = limit;
    return l;
}

static inline plan_node *N_union(plan_node *l, plan_node *r)
{
    plan_node *u = N_over(PN_UNION_ALL, NULL, l->ncols, l->types);
    u->left = l;
    u->right = r;
    return u;
}

static inline plan_agg AGG(plan_agg_kind k, plan_expr *arg, eng_type t,
                           bool distinct)
{
    plan_agg g = { .kind = k, .arg = arg, .distinct = distinct, .type = t };
    return g;
}

/* Appends the rows of a dense batch to a malloc'd text ("a|b\n"). */
static inline void tu_append_rows(const eng_batch *b, char **text, size_t *len)
{
    assert_null(b->sel);
    for (int i = 0; i < b->nrows; i++) {
        char buf[4096];
        size_t o = 0;
        buf[0] = 0;
        for (int c = 0; c < b->ncols; c++) {
            eng_value v;
            eng_batch_get(b, c, i, &v);
            char *t = eng_value_to_text(A, &v);
            o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s",
                                  c ? "|" : "", t);
        }
        *text = realloc(*text, *len + o + 2);
        memcpy(*text + *len, buf, o);
        (*text)[*len + o] = '\n';
        *len += o + 1;
        (*text)[*len] = 0;
    }
}

/*
 * Reads at most max_batches batches (< 0: all) of an open tree through
 * exec_query_next and returns their rows as text in A; *rc gets the last
 * return code. At the end of data *at_end is set.
 */
static inline char *tu_read(exec_op *root, int max_batches, eng_rc *rc,
                            bool *at_end)
{
    char *text = calloc(1, 1);
    size_t len = 0;
    *rc = ENG_OK;
    if (at_end)
        *at_end = false;
    for (int k = 0; max_batches < 0 || k < max_batches; k++) {
        const eng_batch *b;
        *rc = exec_query_next(root, &b);
        if (*rc != ENG_OK)
            break;
        if (!b) {
            if (at_end)
                *at_end = true;
            break;
        }
        assert_true(b->nrows > 0);
        tu_append_rows(b, &text, &len);
    }
    char *t = eng_arena_strdup(A, text);
    free(text);
    return t;
}

/* True when text begins with prefix. */
static inline bool tu_starts(const char *text, const char *prefix)
{
    return strncmp(text, prefix, strlen(prefix)) == 0;
}

/* Folds bytes into an FNV-1a digest. */
static inline uint64_t tu_fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *c = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ c[i]) * 0x100000001b3ULL;
    return h;
}

/*
 * Reads an open tree to its end (or first error, returned in *rc) and
 * digests its rows in order without allocating anything, so that it can
 * run while allocations are being made to fail. *nrows counts the rows.
 */
static inline uint64_t tu_digest(exec_op *root, eng_rc *rc, int64_t *nrows)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    *nrows = 0;
    for (;;) {
        const eng_batch *b;
        *rc = exec_query_next(root, &b);
        if (*rc != ENG_OK || !b)
            return h;
        assert_null(b->sel);
        for (int i = 0; i < b->nrows; i++) {
            for (int c = 0; c < b->ncols; c++) {
                eng_value v;
                eng_batch_get(b, c, i, &v);
                h = tu_fnv(h, &v.is_null, 1);
                if (v.is_null)
                    continue;
                switch (v.type.id) {
                case ENG_T_VARCHAR: h = tu_fnv(h, v.u.s.ptr, v.u.s.len); break;
                case ENG_T_DOUBLE: h = tu_fnv(h, &v.u.d, sizeof v.u.d); break;
                case ENG_T_DECIMAL: h = tu_fnv(h, &v.u.dec, sizeof v.u.dec); break;
                case ENG_T_BOOLEAN: h = tu_fnv(h, &v.u.b, 1); break;
                case ENG_T_DATE: h = tu_fnv(h, &v.u.date, 4); break;
                default: h = tu_fnv(h, &v.u.i, 8); break;
                }
            }
            h = tu_fnv(h, "\n", 1);
            (*nrows)++;
        }
    }
}

typedef struct tu_result {
    eng_rc rc;
    int nrows;
    int nbatches;
    int maxbatch;
    char *text;               /* rows "a|b\n" in output order */
} tu_result;

static int cmp_lines(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs plan; sorted: rows are sorted before being joined into text. */
static tu_result tu_run_ctx(exec_ctx *ctx, const plan_node *plan, bool sorted)
{
    tu_result r = {0};
    exec_op *root = NULL;
    r.rc = exec_query_open(ctx, plan, &root);
    if (r.rc != ENG_OK)
        return r;
    size_t cap = 1024, nl = 0;
    char **lines = malloc(sizeof(char *) * cap);
    for (;;) {
        const eng_batch *b;
        r.rc = exec_query_next(root, &b);
        if (r.rc != ENG_OK || !b)
            break;
        r.nbatches++;
        if (b->nrows > r.maxbatch)
            r.maxbatch = b->nrows;
        assert_int_equal(b->ncols, plan->ncols);
        for (int i = 0; i < b->nrows; i++) {
            char buf[4096];
            size_t o = 0;
            buf[0] = 0;
            for (int c = 0; c < b->ncols; c++) {
                eng_value v;
                eng_batch_get(b, c, i, &v);
                char *t = eng_value_to_text(A, &v);
                o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s",
                                      c ? "|" : "", t);
            }
            if (nl == cap)
                lines = realloc(lines, sizeof(char *) * (cap *= 2));
            lines[nl++] = strdup(buf);
        }
        r.nrows += b->nrows;
    }
    exec_query_close(root);
    if (sorted)
        qsort(lines, nl, sizeof(char *), cmp_lines);
    size_t tot = 1;
    for (size_t i = 0; i < nl; i++)
        tot += strlen(lines[i]) + 1;
    char *t = eng_arena_alloc(A, tot);
    t[0] = 0;
    size_t o = 0;
    for (size_t i = 0; i < nl; i++) {
        size_t l = strlen(lines[i]);
        memcpy(t + o, lines[i], l);
        t[o + l] = '\n';
        o += l + 1;
        free(lines[i]);
    }
    t[o] = 0;
    free(lines);
    r.text = t;
    return r;
}

static exec_ctx tu_ctx(void)
{
    exec_ctx c;
    memset(&c, 0, sizeof c);
    c.arena = A;
    eng_err_clear(&ERR);
    c.err = &ERR;
    return c;
}

static inline tu_result tu_run(const plan_node *plan, bool sorted)
{
    exec_ctx c = tu_ctx();
    return tu_run_ctx(&c, plan, sorted);
}

/*
 * The allocation-failure loop over an operator tree. For k = 0, 1, 2, ...
 * builds the plan anew with build() in a fresh arena A, makes allocation k
 * fail (k = 0: none, the reference run), opens the tree, reads it to the
 * end, rescans it, reads it again and closes it. Every attempt must end in
 * ENG_NOMEM / HY001, or give the same rows both times (digest and count)
 * and, after k = 0, the reference rows. Returns the first k > 0 that
 * succeeds (the caller checks that failures were really injected before
 * it) with *rows the reference row count; fails the test when none below
 * 4000 does. Leaks show under ASan.
 */
static inline long tu_oom_rescan_loop(plan_node *(*build)(void), int64_t *rows)
{
    uint64_t want = 0;
    int64_t want_rows = -1;
    for (long k = 0; k < 4000; k++) {
        eng_arena *save = A;
        A = eng_arena_create();
        plan_node *plan = build();
        exec_ctx ctx = tu_ctx();
        exec_op *root = NULL;
        if (k)
            eng_alloc_fail_at(k);
        eng_rc rc = exec_query_open(&ctx, plan, &root);
        uint64_t a = 0, b = 0;
        int64_t na = 0, nb = 0;
        if (rc == ENG_OK)
            a = tu_digest(root, &rc, &na);
        if (rc == ENG_OK)
            rc = exec_rescan(root);
        if (rc == ENG_OK)
            b = tu_digest(root, &rc, &nb);
        exec_query_close(root);
        eng_alloc_fail_at(0);
        eng_arena_destroy(A);
        A = save;
        if (rc != ENG_OK) {
            assert_true(k > 0);
            assert_int_equal(rc, ENG_NOMEM);
            assert_string_equal(ERR.sqlstate, "HY001");
            continue;
        }
        assert_true(a == b);
        assert_int_equal(na, nb);
        if (k == 0) {
            want = a;
            want_rows = na;
            continue;
        }
        assert_true(a == want);
        assert_int_equal(na, want_rows);
        *rows = want_rows;
        return k;
    }
    fail_msg("no attempt of the allocation-failure loop succeeded");
    return -1;
}

static int tu_setup(void **state)
{
    (void)state;
    A = eng_arena_create();
    eng_err_clear(&ERR);
    return A ? 0 : -1;
}

static int tu_teardown(void **state)
{
    (void)state;
    eng_arena_destroy(A);
    A = NULL;
    return 0;
}

#endif
