/*
 * tests/unit/exec/test_selection.c
 *   Selection vectors: a filter narrows the selection and copies no value
 *   (its output shares the input's very vectors), and so do LIMIT,
 *   DISTINCT and a bare projection; every consumer of a batch (filter,
 *   project, limit, distinct, sort, aggregation, hash join build and
 *   probe, union, expression evaluation, the root that hands batches to
 *   eng_fetch) gives over a selected batch exactly what it gives over the
 *   dense batch of the same live rows. Differential: the same rows are fed
 *   once dense and once spread over bigger batches whose dead rows hold
 *   poison (a divisor 0 that would raise 22012, keys and strings that
 *   would add rows or groups) and a selection naming the live ones.
 * Not here: rescan (test_rescan.c).
 */
#include "exec_test_util.h"
#include "exec/exec_int.h"

/* ---- a feeder operator: hands out prepared batches ---- */

typedef struct feed_op {
    exec_op base;
    eng_batch **batches;
    int nb, pos;
} feed_op;

static exec_status feed_next(exec_op *op, eng_batch **out)
{
    feed_op *f = (feed_op *)op;
    if (f->pos >= f->nb)
        return EX_FINISHED;
    *out = f->batches[f->pos++];
    return EX_HAVE_OUTPUT;
}

static eng_rc feed_rescan(exec_op *op)
{
    ((feed_op *)op)->pos = 0;
    return ENG_OK;
}

static void feed_end(exec_op *op)
{
    (void)op;
}

static const exec_op_vt feed_vt = { feed_next, feed_rescan, feed_end, NULL };

/* Prepared input: the live rows of a leaf, cut into batches either dense
 * or spread over poisoned batches with a selection. */
typedef struct feed_data {
    const plan_node *leaf;    /* the VALUES node the feeder replaces */
    eng_batch **batches;
    int nb;
} feed_data;

/* A value no live row has at this position: it would show up, or fail,
 * if a consumer read a dead row. */
static eng_value poison(eng_type t, int k)
{
    switch (t.id) {
    case ENG_T_INTEGER: return vi(k % 3 == 2 ? -7 : 0);   /* 0: 100 / 0 */
    case ENG_T_VARCHAR: return vs(k % 2 ? "POISON" : "~dead");
    default: return vnull(t);
    }
}

/*
 * Cuts the rows of VALUES node leaf into batches of `per` live rows. Dense:
 * plain batches. Selected: batch k has 2*cnt+1+k%3 physical rows, live
 * row j at 2j+1 (so sel = 1, 3, 5, ...), poison everywhere else.
 */
static feed_data feed_make(const plan_node *leaf, int per, bool selected)
{
    feed_data d = { leaf, NULL, 0 };
    int n = leaf->nrows, nb = (n + per - 1) / per;
    d.batches = eng_arena_alloc(A, sizeof(eng_batch *) * (size_t)(nb + 1));
    for (int k = 0; k < nb; k++) {
        int first = k * per, cnt = n - first < per ? n - first : per;
        int phys = selected ? 2 * cnt + 1 + k % 3 : cnt;
        eng_batch *b = eng_batch_create(A, leaf->ncols, leaf->types, phys);
        assert_non_null(b);
        for (int r = 0; r < phys; r++) {
            bool live = !selected || (r % 2 == 1 && r / 2 < cnt);
            int src = first + (selected ? r / 2 : r);
            for (int c = 0; c < leaf->ncols; c++) {
                eng_value v = live ? leaf->rows[src][c] : poison(leaf->types[c], r);
                assert_int_equal(eng_batch_set(b, c, r, &v, &ERR), ENG_OK);
            }
        }
        b->nrows = phys;
        if (selected) {
            int *sel = eng_arena_alloc(A, sizeof(int) * (size_t)(cnt + 1));
            for (int j = 0; j < cnt; j++)
                sel[j] = 2 * j + 1;
            b->sel = sel;
            b->nsel = cnt;
        }
        d.batches[d.nb++] = b;
    }
    return d;
}

/* Replaces every operator built from one of the feeds' leaves under op
 * by a feeder of that feed. */
static void swap_leaves(exec_ctx *ctx, exec_op *op, const feed_data *feeds,
                        int nfeeds)
{
    for (int i = 0; i < op->nchild; i++) {
        exec_op *c = op->child[i];
        const feed_data *fd = NULL;
        for (int k = 0; k < nfeeds; k++)
            if (c->node == feeds[k].leaf)
                fd = &feeds[k];
        if (!fd) {
            swap_leaves(ctx, c, feeds, nfeeds);
            continue;
        }
        exec_end(c);
        feed_op *f = (feed_op *)exec_op_alloc(ctx, c->node, &feed_vt,
                                              sizeof(feed_op));
        assert_non_null(f);
        f->batches = fd->batches;
        f->nb = fd->nb;
        op->child[i] = &f->base;
    }
}

/* Runs plan with its leaves fed from feeds; returns the rows as text (or
 * NULL on error, with *rc set). */
static char *run_fed(const plan_node *plan, const feed_data *feeds, int nfeeds,
                     eng_rc *rc)
{
    exec_ctx ctx = tu_ctx();
    exec_op *root = NULL;
    assert_int_equal(exec_query_open(&ctx, plan, &root), ENG_OK);
    swap_leaves(&ctx, root, feeds, nfeeds);
    bool end;
    char *t = tu_read(root, -1, rc, &end);
    /* the same again after a rescan, through the same selections */
    if (*rc == ENG_OK) {
        assert_int_equal(exec_rescan(root), ENG_OK);
        assert_string_equal(tu_read(root, -1, rc, &end), t);
    }
    exec_query_close(root);
    return *rc == ENG_OK ? t : NULL;
}

/* 48 rows (a, b, s): a = i % 6 (NULL every 5th), b = 1 + i % 20 (NULL
 * every 9th; never 0), s = "s<i % 8>"; the (a, s) pairs repeat every 24
 * rows where no NULL breaks them. */
static plan_node *data1(void)
{
    int n = 48;
    eng_value *v = eng_arena_alloc(A, sizeof(eng_value) * (size_t)(3 * n));
    for (int i = 0; i < n; i++) {
        v[3 * i] = i % 5 == 4 ? vnull(TI) : vi(i % 6);
        v[3 * i + 1] = i % 9 == 8 ? vnull(TI) : vi(1 + i % 20);
        v[3 * i + 2] = vs(eng_arena_sprintf(A, "s%d", i % 8));
    }
    return N_values(3, (eng_type[]){ TI, TI, TV }, n, v);
}

/* 15 rows (k, name): k = i % 9 (NULL for i = 7), name "r<i>". */
static plan_node *data2(void)
{
    int n = 15;
    eng_value *v = eng_arena_alloc(A, sizeof(eng_value) * (size_t)(2 * n));
    for (int i = 0; i < n; i++) {
        v[2 * i] = i == 7 ? vnull(TI) : vi(i % 9);
        v[2 * i + 1] = vs(eng_arena_sprintf(A, "r%d", i));
    }
    return N_values(2, (eng_type[]){ TI, TV }, n, v);
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

/* The lines of text, sorted, as a new text in A. */
static char *sorted_lines(const char *text)
{
    size_t n = 0, len = strlen(text);
    for (const char *c = text; *c; c++)
        n += *c == '\n';
    char *copy = eng_arena_strdup(A, text);
    char **lines = eng_arena_alloc(A, sizeof(char *) * (n + 1));
    size_t k = 0;
    for (char *c = copy, *start = copy; *c; c++)
        if (*c == '\n') {
            *c = 0;
            lines[k++] = start;
            start = c + 1;
        }
    qsort(lines, k, sizeof(char *), cmp_str);
    char *out = eng_arena_alloc(A, len + 1), *o = out;
    for (size_t i = 0; i < k; i++) {
        size_t l = strlen(lines[i]);
        memcpy(o, lines[i], l);
        o[l] = '\n';
        o += l + 1;
    }
    *o = 0;
    return out;
}

/*
 * The differential: plan over leaves V (and W) fed dense in batches of
 * 7 and 5 rows, then fed selected; same text, no error, at least min_rows
 * rows. Returns the text. Without any leaf swapped (plain VALUES) the
 * result must hold the same rows too.
 */
static char *diff(const plan_node *plan, const plan_node *V, const plan_node *W,
                  int min_rows)
{
    feed_data dense[2] = { feed_make(V, 7, false) };
    feed_data sel[2] = { feed_make(V, 7, true) };
    int nf = 1;
    if (W) {
        dense[1] = feed_make(W, 5, false);
        sel[1] = feed_make(W, 5, true);
        nf = 2;
    }
    eng_rc rc;
    char *a = run_fed(plan, dense, nf, &rc);
    assert_int_equal(rc, ENG_OK);
    char *b = run_fed(plan, sel, nf, &rc);
    if (rc != ENG_OK)
        fail_msg("selected input failed: %s %s", ERR.sqlstate, ERR.message);
    if (strcmp(a, b) != 0)
        fail_msg("dense and selected differ:\n--- dense\n%s--- selected\n%s", a, b);
    tu_result plain = tu_run(plan, false);
    assert_int_equal(plain.rc, ENG_OK);
    /* VALUES hands out other batch boundaries, which may move rows a
     * join emits per probe batch (unmatched LEFT rows): same multiset */
    if (strcmp(sorted_lines(plain.text), sorted_lines(a)) != 0)
        fail_msg("plain and fed differ:\n--- plain\n%s--- fed\n%s", plain.text, a);
    int lines = 0;
    for (const char *c = a; *c; c++)
        lines += *c == '\n';
    assert_true(lines >= min_rows);
    assert_null(strstr(a, "POISON"));
    assert_null(strstr(a, "~dead"));
    return a;
}

static plan_expr *div100(int col)   /* 100 / col: 22012 on a poison 0 */
{
    return X_op(PO_DIV, TI, X_const(vi(100)), X_col(col, TI));
}

static void test_diff_filter_project_limit(void **state)
{
    (void)state;
    plan_node *V = data1();
    plan_expr *p = X_op(PO_GT, TBOOL, div100(1), X_const(vi(10)));
    plan_node *f = N_filter(V, p);
    char *t = diff(f, V, NULL, 10);
    assert_true(tu_starts(t, "0|1|s0\n1|2|s1\n2|3|s2\n3|4|s3\n"));
    /* filter over filter: a selection over a selection */
    plan_node *ff = N_filter(f, X_n(PX_IS_NULL, TBOOL, 1, X_col(0, TI)));
    ff->pred->negated = true;
    diff(ff, V, NULL, 8);
    /* computed projection evaluates live rows only */
    plan_expr *ex[3] = { X_op(PO_ADD, TI, X_col(0, TI), div100(1)), X_col(2, TV),
                         X_col(1, TI) };
    diff(N_project(V, 3, ex), V, NULL, 48);
    /* bare projection keeps the selection; a filter above reads through it */
    plan_expr *bare[2] = { X_col(2, TV), X_col(1, TI) };
    plan_node *pb = N_project(V, 2, bare);
    diff(pb, V, NULL, 48);
    diff(N_filter(pb, X_op(PO_LT, TBOOL, div100(1), X_const(vi(8)))), V, NULL, 5);
    /* limits cut through selections, within and across batches */
    diff(N_limit(V, 3, 10), V, NULL, 10);
    diff(N_limit(f, 2, 5), V, NULL, 5);
    diff(N_limit(V, 0, 100), V, NULL, 48);
    diff(N_limit(ff, 9, -1), V, NULL, 1);
}

static void test_diff_distinct_sort_union(void **state)
{
    (void)state;
    plan_node *V = data1();
    plan_expr *as[2] = { X_col(0, TI), X_col(2, TV) };
    plan_node *p = N_project(V, 2, as);
    char *d = diff(N_over(PN_DISTINCT, p, 2, p->types), V, NULL, 20);
    assert_true(tu_starts(d, "0|s0\n1|s1\n2|s2\n3|s3\nNULL|s4\n"));
    diff(N_over(PN_DISTINCT, V, 3, V->types), V, NULL, 24);
    diff(N_sort(V, 0, true, true), V, NULL, 48);
    diff(N_sort(N_filter(V, X_op(PO_GT, TBOOL, div100(1), X_const(vi(6)))), 2,
                false, false), V, NULL, 10);
    diff(N_union(V, N_limit(V, 40, -1)), V, NULL, 56);
}

static void test_diff_aggregates(void **state)
{
    (void)state;
    plan_node *V = data1();
    plan_expr **g = eng_arena_alloc(A, sizeof(plan_expr *));
    g[0] = X_col(0, TI);
    plan_agg *ag = eng_arena_alloc(A, sizeof(plan_agg) * 7);
    ag[0] = AGG(PA_COUNT_STAR, NULL, TB, false);
    ag[1] = AGG(PA_SUM, X_col(1, TI), TB, false);
    ag[2] = AGG(PA_COUNT, X_col(2, TV), TB, true);
    ag[3] = AGG(PA_MIN, X_col(2, TV), TV, false);
    ag[4] = AGG(PA_MAX, X_col(1, TI), TI, false);
    ag[5] = AGG(PA_AVG, X_col(1, TI), TD, false);
    ag[6] = AGG(PA_SUM, div100(1), TB, false);
    char *t = diff(N_sort(N_agg(V, 1, g, 7, ag), 0, false, false), V, NULL, 7);
    /* group 0: i in {0, 6, 12, 18, 30, 36, 42} (24 and 48 excluded: 24 % 5
     * = 4 makes a NULL; 48 is out of range) */
    assert_true(tu_starts(t, "0|7|"));
    assert_string_equal(diff(N_agg(V, 0, NULL, 2, ag), V, NULL, 1), "48|401\n");
    /* aggregation of filtered rows */
    plan_node *f = N_filter(V, X_op(PO_GT, TBOOL, div100(1), X_const(vi(9))));
    diff(N_agg(f, 1, g, 7, ag), V, NULL, 3);
}

static void test_diff_joins(void **state)
{
    (void)state;
    plan_node *V = data1(), *W = data2();
    plan_expr *res = X_op(PO_LT, TBOOL, X_col(1, TI),
                          X_op(PO_ADD, TI, X_col(3, TI), X_const(vi(8))));
    plan_join_type jts[] = { PJ_INNER, PJ_LEFT, PJ_RIGHT, PJ_FULL };
    for (int k = 0; k < 4; k++) {
        /* V probes W; W probes V; with and without a residual */
        diff(N_sort(N_join(jts[k], V, W, 0, 0, NULL), 1, false, false), V, W, 15);
        diff(N_join(jts[k], W, V, 0, 0, NULL), V, W, 15);
        diff(N_join(jts[k], V, W, 0, 0, res), V, W, 5);
        /* keys computed from the columns: 100 / b over poison fails */
        plan_node *j = N_join(jts[k], V, W, 1, 0, NULL);
        j->lkeys[0] = X_op(PO_MOD, TI, div100(1), X_const(vi(9)));
        diff(j, V, W, 10);
    }
    diff(N_join(PJ_CROSS, V, W, 0, 0, res), V, W, 40);
    diff(N_join(PJ_CROSS, N_filter(V, X_op(PO_GT, TBOOL, div100(1), X_const(vi(20)))),
                W, 0, 0, NULL), V, W, 15);
}

/* ---- no copy: pointer identity of the vectors ---- */

/* Opens plan, feeds its leaf V from fd and returns the root. */
static exec_op *open_fed(exec_ctx *ctx, const plan_node *plan, feed_data *fd)
{
    exec_op *root = NULL;
    assert_int_equal(exec_query_open(ctx, plan, &root), ENG_OK);
    swap_leaves(ctx, root, fd, 1);
    return root;
}

/* Bytes of every vector of b (data and validity) for a later compare. */
static char *snapshot(const eng_batch *b, size_t *len)
{
    size_t n = 0;
    for (int c = 0; c < b->ncols; c++)
        n += eng_type_width(b->cols[c].type.id) * (size_t)b->nrows +
             ((size_t)b->nrows + 7) / 8;
    char *s = malloc(n + 1), *o = s;
    for (int c = 0; c < b->ncols; c++) {
        size_t w = eng_type_width(b->cols[c].type.id) * (size_t)b->nrows;
        memcpy(o, b->cols[c].data, w);
        o += w;
        memcpy(o, b->cols[c].validity, ((size_t)b->nrows + 7) / 8);
        o += ((size_t)b->nrows + 7) / 8;
    }
    *len = n;
    return s;
}

static void test_filter_no_copy(void **state)
{
    (void)state;
    plan_node *V = data1();
    plan_expr *p = X_op(PO_GT, TBOOL, div100(1), X_const(vi(10)));
    for (int mode = 0; mode < 2; mode++) {
        feed_data fd = feed_make(V, 48, mode == 1);
        const eng_batch *in = fd.batches[0];
        size_t len, len2;
        char *before = snapshot(in, &len);
        exec_ctx ctx = tu_ctx();
        exec_op *root = open_fed(&ctx, N_filter(V, p), &fd);
        eng_batch *b = NULL;
        assert_int_equal(exec_next(root, &b), EX_HAVE_OUTPUT);
        /* the very vectors of the input, a selection over them */
        assert_ptr_equal(b->cols, in->cols);
        for (int c = 0; c < 3; c++)
            assert_ptr_equal(b->cols[c].data, in->cols[c].data);
        assert_int_equal(b->nrows, in->nrows);
        assert_non_null(b->sel);
        assert_true(b->nsel > 0 && b->nsel < eng_batch_count(in));
        /* the selection names exactly the live rows where 100 / b > 10 */
        int expect = 0;
        for (int i = 0; i < eng_batch_count(in); i++) {
            eng_value v;
            eng_batch_get(in, 1, eng_batch_row(in, i), &v);
            if (!v.is_null && 100 / v.u.i > 10) {
                assert_true(expect < b->nsel);
                assert_int_equal(b->sel[expect], eng_batch_row(in, i));
                expect++;
            }
        }
        assert_int_equal(expect, b->nsel);
        for (int i = 1; i < b->nsel; i++)
            assert_true(b->sel[i - 1] < b->sel[i]);
        /* nothing written into the input */
        char *after = snapshot(in, &len2);
        assert_int_equal(len, len2);
        assert_memory_equal(before, after, len);
        free(before);
        free(after);
        /* a filter over the filter narrows further, still no copy */
        exec_query_close(root);
        plan_node *ff = N_filter(N_filter(V, p),
                                 X_op(PO_NE, TBOOL, X_col(2, TV), X_const(vs("s1"))));
        root = open_fed(&ctx, ff, &fd);
        eng_batch *b2 = NULL;
        assert_int_equal(exec_next(root, &b2), EX_HAVE_OUTPUT);
        assert_ptr_equal(b2->cols, in->cols);
        assert_true(b2->nsel > 0 && b2->nsel < expect);
        exec_query_close(root);
        /* every live row passing: the input batch itself goes up */
        root = open_fed(&ctx, N_filter(V, X_const(vbool(true))), &fd);
        assert_int_equal(exec_next(root, &b2), EX_HAVE_OUTPUT);
        assert_ptr_equal(b2, in);
        exec_query_close(root);
    }
}

static void test_limit_distinct_project_no_copy(void **state)
{
    (void)state;
    plan_node *V = data1();
    for (int mode = 0; mode < 2; mode++) {
        feed_data fd = feed_make(V, 48, mode == 1);
        const eng_batch *in = fd.batches[0];
        exec_ctx ctx = tu_ctx();
        /* limit: a slice of the selection over the same vectors */
        exec_op *root = open_fed(&ctx, N_limit(V, 5, 10), &fd);
        eng_batch *b = NULL;
        assert_int_equal(exec_next(root, &b), EX_HAVE_OUTPUT);
        assert_ptr_equal(b->cols, in->cols);
        assert_int_equal(b->nsel, 10);
        if (in->sel)
            assert_ptr_equal(b->sel, in->sel + 5);
        else
            assert_int_equal(b->sel[0], 5);
        exec_query_close(root);
        /* distinct over all columns: rows 24.. repeat rows 0.. on (a, s)
         * but not on b, so project (a, s) first (bare: keeps the vectors) */
        plan_expr *as[2] = { X_col(0, TI), X_col(2, TV) };
        plan_node *p = N_project(V, 2, as);
        root = open_fed(&ctx, N_over(PN_DISTINCT, p, 2, p->types), &fd);
        assert_int_equal(exec_next(root, &b), EX_HAVE_OUTPUT);
        assert_ptr_equal(b->cols[0].data, in->cols[0].data);
        assert_ptr_equal(b->cols[1].data, in->cols[2].data);
        assert_non_null(b->sel);
        assert_true(b->nsel < eng_batch_count(in));
        exec_query_close(root);
        /* bare projection: same vectors, same selection array */
        root = open_fed(&ctx, p, &fd);
        assert_int_equal(exec_next(root, &b), EX_HAVE_OUTPUT);
        assert_ptr_equal(b->cols[1].data, in->cols[2].data);
        assert_ptr_equal(b->sel, in->sel);
        assert_int_equal(eng_batch_count(b), eng_batch_count(in));
        exec_query_close(root);
    }
}

/* The join's residual narrows its candidate batch instead of copying. */
static void test_join_residual_selects(void **state)
{
    (void)state;
    plan_node *V = data1(), *W = data2();
    plan_expr *res = X_op(PO_LT, TBOOL, X_col(1, TI), X_col(3, TI));
    plan_node *j = N_join(PJ_INNER, V, W, 0, 0, res);
    exec_ctx ctx = tu_ctx();
    exec_op *root = NULL;
    assert_int_equal(exec_query_open(&ctx, j, &root), ENG_OK);
    eng_batch *b = NULL;
    assert_int_equal(exec_next(root, &b), EX_HAVE_OUTPUT);
    assert_non_null(b->sel);
    assert_true(b->nsel > 0 && b->nsel < b->nrows);
    for (int i = 0; i < b->nsel; i++) {
        eng_value x, y;
        eng_batch_get(b, 1, b->sel[i], &x);
        eng_batch_get(b, 3, b->sel[i], &y);
        assert_true(!x.is_null && !y.is_null && x.u.i < y.u.i);
    }
    exec_query_close(root);
}

/* exec_expr_eval and exec_query_next over selected batches. */
static void test_eval_and_root(void **state)
{
    (void)state;
    plan_node *V = data1();
    feed_data dn = feed_make(V, 48, false), sl = feed_make(V, 48, true);
    exec_ctx ctx = tu_ctx();
    plan_expr *e = X_op(PO_ADD, TI, X_col(0, TI), div100(1));
    eng_vector a, b;
    assert_int_equal(exec_expr_eval(&ctx, e, dn.batches[0], A, &a), ENG_OK);
    assert_int_equal(exec_expr_eval(&ctx, e, sl.batches[0], A, &b), ENG_OK);
    for (int i = 0; i < 48; i++) {
        eng_value x, y;
        exec_vec_get(&a, i, &x);
        exec_vec_get(&b, i, &y);
        assert_int_equal(x.is_null, y.is_null);
        if (!x.is_null)
            assert_int_equal(x.u.i, y.u.i);
    }
    /* reading dead rows would have failed: prove the poison is there */
    eng_batch all = *sl.batches[0];
    all.sel = NULL;
    assert_int_equal(exec_expr_eval(&ctx, e, &all, A, &b), ENG_ERROR);
    assert_string_equal(ERR.sqlstate, "22012");
    /* the root flattens: a selected batch leaves dense, the same rows */
    ctx = tu_ctx();
    exec_op *root = open_fed(&ctx, N_limit(V, 1, 3), &sl);
    const eng_batch *out;
    assert_int_equal(exec_query_next(root, &out), ENG_OK);
    assert_null(out->sel);
    assert_int_equal(out->nrows, 3);
    eng_value v;
    eng_batch_get(out, 2, 0, &v);
    assert_int_equal(v.u.s.len, 2);
    assert_memory_equal(v.u.s.ptr, "s1", 2);
    exec_query_close(root);
}

/* Allocation N failing over a selected input: HY001 or the right rows. */
static void test_selection_oom(void **state)
{
    (void)state;
    plan_node *V = data1(), *W = data2();
    feed_data fd[2] = { feed_make(V, 7, true), feed_make(W, 5, true) };
    plan_expr *p = X_op(PO_GT, TBOOL, div100(1), X_const(vi(6)));
    plan_expr **g = eng_arena_alloc(A, sizeof(plan_expr *));
    g[0] = X_col(3, TI);
    plan_agg *ag = eng_arena_alloc(A, sizeof(plan_agg) * 2);
    ag[0] = AGG(PA_COUNT, X_col(2, TV), TB, true);
    ag[1] = AGG(PA_SUM, X_col(1, TI), TB, false);
    plan_node *plan = N_sort(N_agg(N_limit(N_join(PJ_FULL, N_filter(V, p), W, 0, 0,
                                                  NULL), 2, 40),
                                   1, g, 2, ag), 0, false, false);
    uint64_t want = 0;
    int64_t want_rows = 0;
    bool succeeded = false;
    long k;
    for (k = 0; k < 4000; k++) {
        exec_ctx ctx = tu_ctx();
        eng_arena *ea = eng_arena_create();
        assert_non_null(ea);
        ctx.arena = ea;       /* execution state apart from the plan */
        exec_op *root = NULL;
        /* building the tree and swapping in the feeders is scaffolding
         * (test_operators.c covers OOM in the build); faults start with
         * the first read */
        assert_int_equal(exec_query_open(&ctx, plan, &root), ENG_OK);
        swap_leaves(&ctx, root, fd, 2);
        if (k)
            eng_alloc_fail_at(k);
        uint64_t h = 0;
        int64_t n = 0;
        eng_rc rc;
        h = tu_digest(root, &rc, &n);
        exec_query_close(root);
        eng_alloc_fail_at(0);
        eng_arena_destroy(ea);
        if (rc != ENG_OK) {
            assert_int_equal(rc, ENG_NOMEM);
            assert_string_equal(ERR.sqlstate, "HY001");
            continue;
        }
        if (k == 0) {
            want = h;
            want_rows = n;
            assert_true(n > 2);
            continue;
        }
        assert_true(h == want);
        assert_int_equal(n, want_rows);
        succeeded = true;
        break;
    }
    assert_true(succeeded);
    assert_true(k > 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_diff_filter_project_limit, tu_setup, tu_teardown),
        cmocka_unit_test_setup_teardown(test_diff_distinct_sort_union, tu_setup, tu_teardown),
        cmocka_unit_test_setup_teardown(test_diff_aggregates, tu_setup, tu_teardown),
        cmocka_unit_test_setup_teardown(test_diff_joins, tu_setup, tu_teardown),
        cmocka_unit_test_setup_teardown(test_filter_no_copy, tu_setup, tu_teardown),
        cmocka_unit_test_setup_teardown(test_limit_distinct_project_no_copy, tu_setup, tu_teardown),
        cmocka_unit_test_setup_teardown(test_join_residual_selects, tu_setup, tu_teardown),
        cmocka_unit_test_setup_teardown(test_eval_and_root, tu_setup, tu_teardown),
        cmocka_unit_test_setup_teardown(test_selection_oom, tu_setup, tu_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
