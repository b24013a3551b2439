/*
 * tests/unit/exec/test_hash_exact.c
 *   The executor's fast paths for hash tables and row stores: a join or
 *   an aggregation over one integer key found by hash alone
 *   (exec_hash_is_key, exec_htab_find_exact), joins whose build keys are
 *   all distinct (no chain read), the bulk row-store append
 *   (exec_rs_append_rows) and the per-width gather (exec_rs_gather).
 * Interface: main (cmocka).
 * Not here: the operators' general behaviour (test_operators.c,
 *   test_subquery_ops.c), rescans (test_rescan.c).
 *
 * Each fast path is checked against a path that does not take it over
 * the same rows: a keyed join against the keyless join with the equality
 * as its residual; a grouping by one integer against the grouping by
 * that integer and a constant (two keys: compared column by column).
 * The rows cross batch and store-chunk boundaries (more than
 * ENG_BATCH_CAP), hold NULL keys, negative keys, duplicate build keys,
 * empty and NULL strings, and pass through a selection (a filter below).
 */
#include "exec_test_util.h"

/* The inverse of eng_hash_u64 (splitmix64's finalizer). */
static uint64_t unshift(uint64_t y, int s)
{
    uint64_t x = y;
    for (int i = 0; i < 64 / s + 1; i++)
        x = y ^ (x >> s);
    return x;
}
static uint64_t inv_mul(uint64_t c)
{
    uint64_t inv = c;             /* Newton: doubles the correct bits */
    for (int i = 0; i < 6; i++)
        inv *= 2 - c * inv;
    return inv;
}
static uint64_t unhash(uint64_t y)
{
    y = unshift(y, 31);
    y *= inv_mul(0x94d049bb133111ebULL);
    y = unshift(y, 27);
    y *= inv_mul(0xbf58476d1ce4e5b9ULL);
    return unshift(y, 30);
}

/* The bigint whose element hash equals the one NULL gets (hash.c's
 * NULL_HASH): an exact grouping that put NULL in its table would merge
 * the two groups. */
static int64_t null_twin(void)
{
    int64_t x = (int64_t)unhash(0x9e3779b97f4a7c15ULL);
    assert_int_equal(eng_hash_u64((uint64_t)x), 0x9e3779b97f4a7c15ULL);
    return x;
}

#define NL 2600
#define NR 2300

/* Left rows: (k integer, i integer); k NULL every 97th row. */
static plan_node *left_rows(int n)
{
    eng_type ty[2] = { TI, TI };
    eng_value *v = eng_arena_alloc(A, sizeof(eng_value) * 2 * (size_t)n);
    for (int i = 0; i < n; i++) {
        v[2 * i] = i % 97 == 0 ? vnull(TI) : vi(i % 700 - 50);
        v[2 * i + 1] = vi(i);
    }
    return N_values(2, ty, n, v);
}

/* Right rows: (k integer, s varchar, i integer) with k duplicated when
 * dup (else distinct), NULL every 89th row; s empty, NULL or text. A
 * filter (i > 40) below gives the join's build a selection. */
static plan_node *right_rows(int n, bool dup)
{
    eng_type ty[3] = { TI, TV, TI };
    eng_value *v = eng_arena_alloc(A, sizeof(eng_value) * 3 * (size_t)n);
    for (int i = 0; i < n; i++) {
        int k = dup ? (i * 7) % 900 - 100 : i - 100;
        v[3 * i] = i % 89 == 0 ? vnull(TI) : vi(k);
        v[3 * i + 1] = i % 5 == 0 ? vnull(TV)
                     : i % 5 == 1 ? vs("")
                     : vs(eng_arena_sprintf(A, "r%d", i));
        v[3 * i + 2] = vi(i);
    }
    plan_node *r = N_values(3, ty, n, v);
    return N_filter(r, X_op(PO_GT, TBOOL, X_col(2, TI), X_const(vi(40))));
}

/* The same join without keys: l.k = r.k as the residual. */
static plan_node *keyless(plan_join_type jt, plan_node *l, plan_node *r)
{
    plan_node *j = N_join(jt, l, r, 0, 0, NULL);
    j->nkeys = 0;
    j->residual = X_op(PO_EQ, TBOOL, X_col(0, TI), X_col(l->ncols, TI));
    return j;
}

static void check_join(plan_join_type jt, bool dup)
{
    plan_node *fast = N_join(jt, left_rows(NL), right_rows(NR, dup), 0, 0, NULL);
    plan_node *slow = keyless(jt, left_rows(NL), right_rows(NR, dup));
    tu_result a = tu_run(fast, true);
    tu_result b = tu_run(slow, true);
    assert_int_equal(a.rc, ENG_OK);
    assert_int_equal(b.rc, ENG_OK);
    assert_true(a.nrows > 0);
    assert_int_equal(a.nrows, b.nrows);
    assert_string_equal(a.text, b.text);
}

static void test_join_exact_unique(void **state)
{
    (void)state;
    check_join(PJ_INNER, false);
    check_join(PJ_LEFT, false);
    check_join(PJ_RIGHT, false);
    check_join(PJ_FULL, false);
}

static void test_join_exact_chained(void **state)
{
    (void)state;
    check_join(PJ_INNER, true);
    check_join(PJ_LEFT, true);
    check_join(PJ_RIGHT, true);
    check_join(PJ_FULL, true);
}

/* A varchar key (compared in the store, not by hash alone), with many
 * build rows under one key (""): the table made after the build input
 * ends chains them like the one filled while reading. */
static void test_join_varchar_key(void **state)
{
    (void)state;
    plan_join_type types[] = { PJ_INNER, PJ_LEFT, PJ_FULL };
    for (int t = 0; t < 3; t++) {
        plan_node *fast = N_join(types[t], right_rows(700, true),
                                 right_rows(900, false), 1, 1, NULL);
        plan_node *slow = N_join(types[t], right_rows(700, true),
                                 right_rows(900, false), 1, 1, NULL);
        slow->nkeys = 0;
        slow->residual = X_op(PO_EQ, TBOOL, X_col(1, TV), X_col(4, TV));
        tu_result a = tu_run(fast, true);
        tu_result b = tu_run(slow, true);
        assert_int_equal(a.rc, ENG_OK);
        assert_int_equal(b.rc, ENG_OK);
        assert_true(a.nrows > 900);
        assert_string_equal(a.text, b.text);
    }
}

/* SEMI and ANTI project only the left columns. */
static void test_join_exact_semi_anti(void **state)
{
    (void)state;
    for (int d = 0; d < 2; d++) {
        for (int t = 0; t < 2; t++) {
            plan_join_type jt = t ? PJ_ANTI : PJ_SEMI;
            plan_node *l = left_rows(NL);
            plan_node *fast = N_join(jt, l, right_rows(NR, d), 0, 0, NULL);
            plan_node *slow = keyless(jt, left_rows(NL), right_rows(NR, d));
            fast->ncols = slow->ncols = 2;
            tu_result a = tu_run(fast, true);
            tu_result b = tu_run(slow, true);
            assert_int_equal(a.rc, ENG_OK);
            assert_int_equal(b.rc, ENG_OK);
            assert_true(a.nrows > 0);
            assert_string_equal(a.text, b.text);
        }
    }
}

/* A keep-order LEFT join over an exact, unique build gives the probe's
 * order, unmatched rows in place. */
static void test_join_exact_keep_order(void **state)
{
    (void)state;
    plan_node *j = N_join(PJ_LEFT, left_rows(NL), right_rows(NR, false), 0, 0,
                          NULL);
    j->keep_order = true;
    tu_result a = tu_run(j, false);
    assert_int_equal(a.rc, ENG_OK);
    assert_int_equal(a.nrows, NL);
    /* column 1 is the probe row number: 0, 1, 2, ... in order */
    const char *p = a.text;
    for (int i = 0; i < NL; i++) {
        const char *bar = strchr(p, '|');
        assert_non_null(bar);
        assert_int_equal(atoi(bar + 1), i);
        p = strchr(p, '\n') + 1;
    }
}

/* Rows (g bigint, x integer): g cycles over 1500 values with NULL and
 * NULL's hash twin among them. */
static plan_node *group_rows(int n)
{
    eng_type ty[2] = { TB, TI };
    eng_value *v = eng_arena_alloc(A, sizeof(eng_value) * 2 * (size_t)n);
    int64_t twin = null_twin();
    for (int i = 0; i < n; i++) {
        int m = i % 1500;
        v[2 * i] = m == 7 ? vnull(TB) : m == 8 ? vb(twin)
                 : vb(m % 2 ? -m : (int64_t)m << 33);
        v[2 * i + 1] = vi(i);
    }
    plan_node *r = N_values(2, ty, n, v);
    return N_filter(r, X_op(PO_GT, TBOOL, X_col(1, TI), X_const(vi(3))));
}

static plan_node *exact_agg(int n)
{
    plan_expr **g = eng_arena_alloc(A, sizeof(plan_expr *));
    g[0] = X_col(0, TB);
    plan_agg *ag = eng_arena_alloc(A, sizeof(plan_agg) * 2);
    ag[0] = AGG(PA_COUNT_STAR, NULL, TB, false);
    ag[1] = AGG(PA_SUM, X_col(1, TI), TB, false);
    return N_agg(group_rows(n), 1, g, 2, ag);
}

static void test_agg_exact(void **state)
{
    (void)state;
    plan_node *fast = exact_agg(4000);
    /* grouping by (g, 1): two keys, compared in the store */
    plan_expr **g = eng_arena_alloc(A, sizeof(plan_expr *) * 2);
    g[0] = X_col(0, TB);
    g[1] = X_const(vi(1));
    plan_agg *ag = eng_arena_alloc(A, sizeof(plan_agg) * 2);
    ag[0] = AGG(PA_COUNT_STAR, NULL, TB, false);
    ag[1] = AGG(PA_SUM, X_col(1, TI), TB, false);
    plan_node *slow2 = N_agg(group_rows(4000), 2, g, 2, ag);
    plan_expr **pe = eng_arena_alloc(A, sizeof(plan_expr *) * 3);
    pe[0] = X_col(0, TB);
    pe[1] = X_col(2, TB);
    pe[2] = X_col(3, TB);
    plan_node *slow = N_project(slow2, 3, pe);
    tu_result a = tu_run(fast, true);
    tu_result b = tu_run(slow, true);
    assert_int_equal(a.rc, ENG_OK);
    assert_int_equal(b.rc, ENG_OK);
    assert_int_equal(a.nrows, 1500);
    assert_string_equal(a.text, b.text);
    /* NULL and its hash twin are two groups */
    char *all = eng_arena_sprintf(A, "\n%s", a.text);
    char *want = eng_arena_sprintf(A, "\n%lld|", (long long)null_twin());
    assert_non_null(strstr(all, want));
    assert_non_null(strstr(all, "\nNULL|"));
}

/* exec_rs_append_rows against exec_rs_append_split row by row, across a
 * chunk boundary, through a selection; exec_rs_gather with missing ids. */
static void test_rowstore_bulk(void **state)
{
    (void)state;
    enum { N = 1500 };
    eng_type ty[4] = { TI, TV, T(ENG_T_DECIMAL), T(ENG_T_UNKNOWN) };
    eng_vector v[4];
    for (int c = 0; c < 4; c++)
        assert_int_equal(exec_vec_alloc(A, ty[c], N, &v[c], &ERR), ENG_OK);
    int *sel = eng_arena_alloc(A, sizeof(int) * N);
    int nsel = 0;
    for (int i = 0; i < N; i++) {
        if (i % 3)
            sel[nsel++] = i;
        eng_value x = vi(i * 11 - 300);
        if (i % 13)
            exec_vec_set(&v[0], i, &x);
        eng_value s = vs(i % 4 == 0 ? "" : eng_arena_sprintf(A, "s%d", i));
        if (i % 6)
            exec_vec_set(&v[1], i, &s);
        eng_value d = vdec((eng_int128)i * 1000003, 20, 2);
        if (i % 7)
            exec_vec_set(&v[2], i, &d);
    }
    const eng_vector *cols[4] = { &v[0], &v[1], &v[2], &v[3] };
    exec_rowstore bulk, one;
    assert_int_equal(exec_rs_init(&bulk, 4, ty, &ERR), ENG_OK);
    assert_int_equal(exec_rs_init(&one, 4, ty, &ERR), ENG_OK);
    /* columns 0..1 through the selection, 2..3 dense (as a join's keys);
     * in two calls so the second starts mid-chunk */
    int half = nsel / 3;
    assert_int_equal(exec_rs_append_rows(&bulk, cols, 2, sel, half, &ERR), ENG_OK);
    eng_vector shifted[4];
    const eng_vector *cols2[4];
    for (int c = 0; c < 4; c++) {
        shifted[c] = v[c];
        cols2[c] = c < 2 ? &v[c] : &shifted[c];
    }
    /* the dense columns of the second call start at element half */
    for (int c = 2; c < 4; c++) {
        int *rest = eng_arena_alloc(A, sizeof(int) * N);
        for (int i = 0; i < nsel - half; i++)
            rest[i] = half + i;
        assert_int_equal(exec_vec_gather(A, &v[c], rest, nsel - half,
                                         &shifted[c], &ERR), ENG_OK);
    }
    assert_int_equal(exec_rs_append_rows(&bulk, cols2, 2, sel + half,
                                         nsel - half, &ERR), ENG_OK);
    for (int i = 0; i < nsel; i++)
        assert_int_equal(exec_rs_append_split(&one, cols, 2, sel[i], i, &ERR),
                         ENG_OK);
    assert_int_equal(bulk.nrows, nsel);
    assert_int_equal(one.nrows, nsel);
    for (int64_t id = 0; id < nsel; id++) {
        for (int c = 0; c < 4; c++) {
            int ia, ib;
            const eng_vector *x = exec_rs_vec(&bulk, id, c, &ia);
            const eng_vector *y = exec_rs_vec(&one, id, c, &ib);
            if (c == 3) {
                assert_false(eng_vec_is_valid(x, ia));
                continue;
            }
            assert_true(exec_elem_eq(x, ia, y, ib));
            if (c == 1 && eng_vec_is_valid(x, ia)) {
                const eng_str *s = &((const eng_str *)x->data)[ia];
                assert_non_null(s->ptr);   /* "" too points somewhere */
                /* the bytes are the store's own, not the input's */
                const eng_str *in = &((const eng_str *)v[1].data)[sel[id]];
                assert_true(s->len == 0 || s->ptr != in->ptr);
            }
        }
    }
    /* gather: scattered ids, -1 gives NULL */
    int64_t ids[40];
    for (int i = 0; i < 40; i++)
        ids[i] = i % 5 == 4 ? -1 : (int64_t)((i * 379) % nsel);
    for (int c = 0; c < 4; c++) {
        eng_vector out;
        assert_int_equal(exec_rs_gather(&bulk, c, ids, 40, A, &out, &ERR), ENG_OK);
        for (int i = 0; i < 40; i++) {
            if (ids[i] < 0 || c == 3) {
                assert_false(eng_vec_is_valid(&out, i));
                continue;
            }
            int ib;
            const eng_vector *y = exec_rs_vec(&one, ids[i], c, &ib);
            assert_true(exec_elem_eq(&out, i, y, ib));
        }
    }
    exec_rs_free(&bulk);
    exec_rs_free(&one);
}

static plan_node *oom_join(void)
{
    return N_join(PJ_LEFT, left_rows(1200), right_rows(1100, true), 0, 0, NULL);
}

static plan_node *oom_agg(void)
{
    return exact_agg(1300);
}

static void test_oom(void **state)
{
    (void)state;
    int64_t rows;
    assert_true(tu_oom_rescan_loop(oom_join, &rows) > 1);
    assert_true(rows > 1200);
    assert_true(tu_oom_rescan_loop(oom_agg, &rows) > 1);
    assert_int_equal(rows, 1296);   /* rows 0..3 filtered out */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_join_exact_unique, tu_setup, tu_teardown),
        cmocka_unit_test_setup_teardown(test_join_exact_chained, tu_setup, tu_teardown),
        cmocka_unit_test_setup_teardown(test_join_exact_semi_anti, tu_setup, tu_teardown),
        cmocka_unit_test_setup_teardown(test_join_varchar_key, tu_setup, tu_teardown),
        cmocka_unit_test_setup_teardown(test_join_exact_keep_order, tu_setup, tu_teardown),
        cmocka_unit_test_setup_teardown(test_agg_exact, tu_setup, tu_teardown),
        cmocka_unit_test_setup_teardown(test_rowstore_bulk, tu_setup, tu_teardown),
        cmocka_unit_test_setup_teardown(test_oom, tu_setup, tu_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
