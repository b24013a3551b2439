/*
 * tests/unit/exec/exec_test_util.h
 *   Helpers shared by the executor's unit tests: building typed
 *   expressions and hand-made plans (PN_VALUES and friends) in one arena,
 *   running a plan to completion and rendering its rows as text.
 * Interface: (static) tu_*, X_* builders.
 * Not here: the assertions themselves (test_expr.c, test_operators.c).
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
