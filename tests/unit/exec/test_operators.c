/*
 * tests/unit/exec/test_operators.c
 *   The operators over hand-built plans: filter, project, joins of every
 *   type (duplicates, NULL keys, > ENG_BATCH_CAP outputs), aggregation
 *   (empty input, NULL groups, overflow, DISTINCT), sort (DESC, NULLS
 *   FIRST/LAST, stability), limit (ending a scan early), union all,
 *   distinct, multi-batch and zero-column scans through the test connector.
 * Not here: expression semantics (test_expr.c).
 */
#include "exec_test_util.h"
#include "../test_connector.h"

static plan_node *ints2(int n, const int64_t *a, const int64_t *b)
{
    eng_value *v = eng_arena_alloc(A, sizeof(eng_value) * (size_t)(2 * n + 2));
    for (int i = 0; i < n; i++) {
        v[2 * i] = a[i] == INT64_MIN ? vnull(TI) : vi(a[i]);
        v[2 * i + 1] = b[i] == INT64_MIN ? vnull(TI) : vi(b[i]);
    }
    return N_values(2, (eng_type[]){ TI, TI }, n, v);
}
#define NUL INT64_MIN

static plan_node *join(plan_join_type jt, plan_node *l, plan_node *r, plan_expr *resid)
{
    eng_type ty[8];
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
        j->lkeys[0] = X_col(0, TI);
        j->rkeys[0] = X_col(0, TI);
    }
    j->residual = resid;
    return j;
}

static void test_joins(void **state)
{
    (void)state;
    int64_t la[] = { 1, 1, 2, NUL, 4 }, lb[] = { 10, 11, 20, 30, 40 };
    int64_t ra[] = { 1, 1, 3, NUL, 2 }, rb[] = { 100, 101, 300, 400, 200 };
    plan_node *L = ints2(5, la, lb), *R = ints2(5, ra, rb);
    tu_result r = tu_run(join(PJ_INNER, L, R, NULL), true);
    assert_int_equal(r.rc, ENG_OK);
    assert_string_equal(r.text, "1|10|1|100\n1|10|1|101\n1|11|1|100\n1|11|1|101\n"
                                "2|20|2|200\n");
    r = tu_run(join(PJ_LEFT, L, R, NULL), true);
    assert_string_equal(r.text, "1|10|1|100\n1|10|1|101\n1|11|1|100\n1|11|1|101\n"
                                "2|20|2|200\n4|40|NULL|NULL\nNULL|30|NULL|NULL\n");
    r = tu_run(join(PJ_RIGHT, L, R, NULL), true);
    assert_string_equal(r.text, "1|10|1|100\n1|10|1|101\n1|11|1|100\n1|11|1|101\n"
                                "2|20|2|200\nNULL|NULL|3|300\nNULL|NULL|NULL|400\n");
    /* FULL with a residual: l.b + 90 = r.b keeps (1,10,1,100), (1,11,1,101) */
    plan_expr *res = X_op(PO_EQ, TBOOL, X_op(PO_ADD, TI, X_col(1, TI), X_const(vi(90))),
                        X_col(3, TI));
    r = tu_run(join(PJ_FULL, L, R, res), true);
    assert_string_equal(r.text, "1|10|1|100\n1|11|1|101\n2|20|NULL|NULL\n"
                                "4|40|NULL|NULL\nNULL|30|NULL|NULL\n"
                                "NULL|NULL|2|200\nNULL|NULL|3|300\nNULL|NULL|NULL|400\n");
    /* CROSS with residual l.a < r.a (NULL comparisons drop) */
    plan_expr *lt = X_op(PO_LT, TBOOL, X_col(0, TI), X_col(2, TI));
    r = tu_run(join(PJ_CROSS, L, R, lt), true);
    assert_string_equal(r.text, "1|10|2|200\n1|10|3|300\n1|11|2|200\n1|11|3|300\n"
                                "2|20|3|300\n");
    r = tu_run(join(PJ_CROSS, L, R, NULL), false);
    assert_int_equal(r.nrows, 25);
    /* empty build side */
    plan_node *E = ints2(0, NULL, NULL);
    r = tu_run(join(PJ_LEFT, L, E, NULL), true);
    assert_int_equal(r.nrows, 5);
    r = tu_run(join(PJ_INNER, L, E, NULL), true);
    assert_int_equal(r.nrows, 0);
    r = tu_run(join(PJ_RIGHT, E, R, NULL), true);
    assert_int_equal(r.nrows, 5);
}

static void test_join_large_output(void **state)
{
    (void)state;
    int n = 60;
    int64_t *a = malloc(sizeof(int64_t) * (size_t)n), *b = malloc(sizeof(int64_t) * (size_t)n);
    for (int i = 0; i < n; i++) { a[i] = i % 2; b[i] = i; }
    plan_node *L = ints2(n, a, b), *R = ints2(n, a, b);
    tu_result r = tu_run(join(PJ_INNER, L, R, NULL), false);
    assert_int_equal(r.rc, ENG_OK);
    assert_int_equal(r.nrows, 2 * 30 * 30);
    assert_true(r.maxbatch <= ENG_BATCH_CAP);
    assert_true(r.nbatches >= 2);
    /* FULL over the same: every row matches */
    r = tu_run(join(PJ_FULL, L, R, NULL), false);
    assert_int_equal(r.nrows, 1800);
    free(a);
    free(b);
}

static plan_agg AG(plan_agg_kind k, plan_expr *arg, eng_type t, bool distinct)
{
    plan_agg g = { .kind = k, .arg = arg, .distinct = distinct, .type = t };
    return g;
}

static plan_node *agg(plan_node *child, int ngroups, plan_expr **groups, int naggs,
                    plan_agg *aggs)
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

static void test_aggregates(void **state)
{
    (void)state;
    int64_t a[] = { 1, 2, 1, NUL, NUL, 2, 1 }, b[] = { 10, 5, NUL, 7, 8, 5, 30 };
    plan_node *V = ints2(7, a, b);
    plan_expr **g = eng_arena_alloc(A, sizeof(plan_expr *));
    g[0] = X_col(0, TI);
    plan_agg *ag = eng_arena_alloc(A, sizeof(plan_agg) * 8);
    plan_expr *bb = X_col(1, TI);
    ag[0] = AG(PA_COUNT_STAR, NULL, TB, false);
    ag[1] = AG(PA_COUNT, bb, TB, false);
    ag[2] = AG(PA_SUM, bb, TB, false);
    ag[3] = AG(PA_MIN, bb, TI, false);
    ag[4] = AG(PA_MAX, bb, TI, false);
    ag[5] = AG(PA_AVG, bb, TD, false);
    ag[6] = AG(PA_COUNT, bb, TB, true);
    ag[7] = AG(PA_SUM, bb, TB, true);
    tu_result r = tu_run(agg(V, 1, g, 8, ag), true);
    assert_int_equal(r.rc, ENG_OK);
    assert_string_equal(r.text, "1|3|2|40|10|30|20.0|2|40\n"
                                "2|2|2|10|5|5|5.0|1|5\n"
                                "NULL|2|2|15|7|8|7.5|2|15\n");
    /* no GROUP BY over empty input: one row */
    plan_node *E = ints2(0, NULL, NULL);
    r = tu_run(agg(E, 0, NULL, 6, ag), false);
    assert_string_equal(r.text, "0|0|NULL|NULL|NULL|NULL\n");
    r = tu_run(agg(E, 1, g, 2, ag), false);
    assert_int_equal(r.rc, ENG_OK);
    assert_int_equal(r.nrows, 0);
    /* bigint sum overflow */
    eng_value big[] = { vb(INT64_MAX), vb(1) };
    plan_node *B = N_values(1, (eng_type[]){ TB }, 2, big);
    plan_agg *s = eng_arena_alloc(A, sizeof(plan_agg));
    s[0] = AG(PA_SUM, X_col(0, TB), TB, false);
    r = tu_run(agg(B, 0, NULL, 1, s), false);
    assert_int_equal(r.rc, ENG_ERROR);
    assert_string_equal(ERR.sqlstate, "22003");
    /* decimal sum and avg (HALF_UP), varchar min/max */
    eng_type d52 = eng_type_decimal(5, 2);
    eng_value dv[] = { vdec(100, 5, 2), vs("pear"), vdec(101, 5, 2), vs("apple"),
                       vdec(101, 5, 2), vs("zoo") };
    plan_node *D = N_values(2, (eng_type[]){ d52, TV }, 3, dv);
    plan_agg *da = eng_arena_alloc(A, sizeof(plan_agg) * 4);
    da[0] = AG(PA_SUM, X_col(0, d52), eng_type_decimal(38, 2), false);
    da[1] = AG(PA_AVG, X_col(0, d52), d52, false);
    da[2] = AG(PA_MIN, X_col(1, TV), TV, false);
    da[3] = AG(PA_MAX, X_col(1, TV), TV, false);
    r = tu_run(agg(D, 0, NULL, 4, da), false);
    assert_int_equal(r.rc, ENG_OK);
    assert_string_equal(r.text, "3.02|1.01|apple|zoo\n");
    /* many groups across batches: 3000 rows, 1500 groups of varchar keys */
    int n = 3000;
    eng_value *mv = eng_arena_alloc(A, sizeof(eng_value) * (size_t)n);
    for (int i = 0; i < n; i++)
        mv[i] = vs(eng_arena_sprintf(A, "k%d", i % 1500));
    plan_node *M = N_values(1, (eng_type[]){ TV }, n, mv);
    plan_expr **mg = eng_arena_alloc(A, sizeof(plan_expr *));
    mg[0] = X_col(0, TV);
    plan_agg *mc = eng_arena_alloc(A, sizeof(plan_agg));
    mc[0] = AG(PA_COUNT_STAR, NULL, TB, false);
    r = tu_run(agg(M, 1, mg, 1, mc), false);
    assert_int_equal(r.nrows, 1500);
    assert_non_null(strstr(r.text, "k1499|2\n"));
    assert_null(strstr(r.text, "|1\n"));
}

static plan_node *sort(plan_node *child, int col, bool desc, bool nf)
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

static void test_sort(void **state)
{
    (void)state;
    int64_t a[] = { 3, NUL, 1, 3, 2 }, b[] = { 1, 2, 3, 4, 5 };
    plan_node *V = ints2(5, a, b);
    tu_result r = tu_run(sort(V, 0, false, false), false);
    assert_string_equal(r.text, "1|3\n2|5\n3|1\n3|4\nNULL|2\n");
    r = tu_run(sort(V, 0, true, false), false);
    assert_string_equal(r.text, "3|1\n3|4\n2|5\n1|3\nNULL|2\n");
    r = tu_run(sort(V, 0, false, true), false);
    assert_string_equal(r.text, "NULL|2\n1|3\n2|5\n3|1\n3|4\n");
    r = tu_run(sort(V, 0, true, true), false);
    assert_string_equal(r.text, "NULL|2\n3|1\n3|4\n2|5\n1|3\n");
    /* varchar by bytes, 2500 rows across batches */
    int n = 2500;
    eng_value *sv = eng_arena_alloc(A, sizeof(eng_value) * (size_t)n);
    for (int i = 0; i < n; i++)
        sv[i] = vs(eng_arena_sprintf(A, "%05d", (i * 7919) % n));
    plan_node *S = N_values(1, (eng_type[]){ TV }, n, sv);
    r = tu_run(sort(S, 0, false, false), false);
    assert_int_equal(r.nrows, n);
    assert_int_equal(strncmp(r.text, "00000\n00001\n00002\n", 18), 0);
    assert_non_null(strstr(r.text, "02498\n02499\n"));
}

static void test_union_distinct_limit(void **state)
{
    (void)state;
    int64_t a[] = { 1, 1, NUL, NUL, 2 }, b[] = { 5, 5, 6, 6, 7 };
    plan_node *V = ints2(5, a, b);
    plan_node *u = N_over(PN_UNION_ALL, NULL, 2, V->types);
    u->left = V;
    u->right = V;
    tu_result r = tu_run(u, false);
    assert_int_equal(r.nrows, 10);
    plan_node *d = N_over(PN_DISTINCT, u, 2, V->types);
    r = tu_run(d, true);
    assert_string_equal(r.text, "1|5\n2|7\nNULL|6\n");
    plan_node *l = N_over(PN_LIMIT, u, 2, V->types);
    l->offset = 3;
    l->limit = 4;
    r = tu_run(l, false);
    assert_string_equal(r.text, "NULL|6\n2|7\n1|5\n1|5\n");
    l->offset = 0;
    l->limit = 0;
    r = tu_run(l, false);
    assert_int_equal(r.nrows, 0);
    /* filter */
    plan_node *f = N_over(PN_FILTER, V, 2, V->types);
    f->pred = X_op(PO_GT, TBOOL, X_col(0, TI), X_const(vi(1)));
    r = tu_run(f, false);
    assert_string_equal(r.text, "2|7\n");
}

/* ---- scans through the in-memory connector ---- */

typedef struct scan_env {
    tc_catalog *tcat;
    tc_state *st;
    eng_catalog cat;
    eng_table_def *def;
} scan_env;

static void env_open(scan_env *e, int nrows)
{
    memset(e, 0, sizeof *e);
    e->tcat = tc_catalog_new();
    tc_table *t = tc_add_table(e->tcat, "s", "t", 2,
                               (tc_colspec[]){ tc_col("id", ENG_T_INTEGER),
                                               tc_col("name", ENG_T_VARCHAR) });
    char buf[32];
    for (int i = 0; i < nrows; i++) {
        snprintf(buf, sizeof buf, "n%d", i);
        assert_int_equal(tc_add_row(t, tc_int(i), tc_str(buf)), ENG_OK);
    }
    e->st = tc_state_new(e->tcat);
    e->cat.name = "mem";
    e->cat.ops = &tc_connector_ops;
    e->cat.state = e->st;
    assert_int_equal(tc_connector_ops.get_table(e->st, "s", "t", A, &e->def, &ERR),
                     ENG_OK);
}

static void env_close(scan_env *e)
{
    tc_connector_ops.close(e->st);
    tc_catalog_free(e->tcat);
}

static plan_node *scan(scan_env *e, int ncols, const int *cols)
{
    eng_type ty[2];
    for (int i = 0; i < ncols; i++)
        ty[i] = e->def->cols[cols[i]].type;
    plan_node *n = N_over(PN_SCAN, NULL, ncols, ty);
    n->catalog = &e->cat;
    n->spec.table = e->def;
    n->spec.ncols = ncols;
    n->spec.cols = eng_arena_alloc(A, sizeof(int) * 2);
    if (ncols > 0)   /* cols may be NULL for a zero-column scan */
        memcpy(n->spec.cols, cols, sizeof(int) * (size_t)ncols);
    n->spec.limit = -1;
    return n;
}

static void test_scan_multibatch(void **state)
{
    (void)state;
    scan_env e;
    env_open(&e, 3000);
    tu_result r = tu_run(scan(&e, 2, (int[]){ 0, 1 }), false);
    assert_int_equal(r.rc, ENG_OK);
    assert_int_equal(r.nrows, 3000);
    assert_true(r.nbatches >= 3);
    assert_true(r.maxbatch <= ENG_BATCH_CAP);
    assert_int_equal(strncmp(r.text, "0|n0\n1|n1\n", 10), 0);
    assert_non_null(strstr(r.text, "2999|n2999\n"));
    assert_int_equal(e.st->scans_begun, 1);
    assert_int_equal(e.st->scans_ended, 1);
    /* count(*) over a zero-column scan */
    plan_agg *c = eng_arena_alloc(A, sizeof(plan_agg));
    c[0] = AG(PA_COUNT_STAR, NULL, TB, false);
    r = tu_run(agg(scan(&e, 0, NULL), 0, NULL, 1, c), false);
    assert_int_equal(r.rc, ENG_OK);
    assert_string_equal(r.text, "3000\n");
    /* join of the table with itself on id, filtered */
    plan_node *j = join(PJ_INNER, scan(&e, 2, (int[]){ 0, 1 }),
                      scan(&e, 2, (int[]){ 0, 1 }), NULL);
    plan_node *f = N_over(PN_FILTER, j, 4, j->types);
    f->pred = X_op(PO_LT, TBOOL, X_col(0, TI), X_const(vi(2)));
    r = tu_run(f, true);
    assert_string_equal(r.text, "0|n0|0|n0\n1|n1|1|n1\n");
    env_close(&e);
}

static void test_limit_ends_scan(void **state)
{
    (void)state;
    scan_env e;
    env_open(&e, 3000);
    plan_node *s = scan(&e, 2, (int[]){ 0, 1 });
    plan_node *l = N_over(PN_LIMIT, s, 2, s->types);
    l->limit = 5;
    l->offset = 2;
    tu_result r = tu_run(l, false);
    assert_int_equal(r.rc, ENG_OK);
    assert_string_equal(r.text, "2|n2\n3|n3\n4|n4\n5|n5\n6|n6\n");
    assert_int_equal(e.st->scans_begun, 1);
    assert_int_equal(e.st->scans_ended, 1);
    assert_true(e.st->batches_served < 3);
    env_close(&e);
}

static void test_cancel(void **state)
{
    (void)state;
    scan_env e;
    env_open(&e, 3000);
    exec_ctx ctx = tu_ctx();
    exec_op *root;
    assert_int_equal(exec_query_open(&ctx, scan(&e, 2, (int[]){ 0, 1 }), &root),
                     ENG_OK);
    const eng_batch *b;
    assert_int_equal(exec_query_next(root, &b), ENG_OK);
    assert_non_null(b);
    exec_query_cancel(root);
    assert_int_equal(exec_query_next(root, &b), ENG_ERROR);
    assert_string_equal(ERR.sqlstate, "HY008");
    exec_query_close(root);
    assert_int_equal(e.st->scans_ended, 1);
    env_close(&e);
}

static void test_oom(void **state)
{
    (void)state;
    /* Every allocation failing in turn gives HY001 and no leak (valgrind). */
    int64_t a[] = { 1, 2, 1, NUL }, b[] = { 10, 5, NUL, 7 };
    bool succeeded = false;
    long k;
    for (k = 1; k < 2000; k++) {
        eng_arena *save = A;
        A = eng_arena_create();
        plan_node *L = ints2(4, a, b), *R = ints2(4, a, b);
        plan_node *j = join(PJ_FULL, L, R, NULL);
        plan_node *s = sort(j, 1, false, false);
        plan_expr **g = eng_arena_alloc(A, sizeof(plan_expr *));
        g[0] = X_col(0, TI);
        plan_agg *ag = eng_arena_alloc(A, sizeof(plan_agg));
        ag[0] = AG(PA_SUM, X_col(1, TI), TB, false);
        plan_node *plan = agg(s, 1, g, 1, ag);
        exec_ctx ctx = tu_ctx();
        exec_op *root = NULL;
        eng_alloc_fail_at(k);
        eng_rc rc = exec_query_open(&ctx, plan, &root);
        int rows = 0;
        while (rc == ENG_OK) {
            const eng_batch *bt;
            rc = exec_query_next(root, &bt);
            if (rc != ENG_OK || !bt)
                break;
            rows += bt->nrows;
        }
        exec_query_close(root);
        eng_alloc_fail_at(0);
        eng_arena_destroy(A);
        A = save;
        if (rc == ENG_OK) {
            assert_int_equal(rows, 3);
            succeeded = true;
            break;
        }
        assert_int_equal(rc, ENG_NOMEM);
        assert_string_equal(ERR.sqlstate, "HY001");
    }
    assert_true(succeeded);
    assert_true(k > 10);      /* the failures above were really injected */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_joins, tu_setup, tu_teardown),
        cmocka_unit_test_setup_teardown(test_join_large_output, tu_setup, tu_teardown),
        cmocka_unit_test_setup_teardown(test_aggregates, tu_setup, tu_teardown),
        cmocka_unit_test_setup_teardown(test_sort, tu_setup, tu_teardown),
        cmocka_unit_test_setup_teardown(test_union_distinct_limit, tu_setup, tu_teardown),
        cmocka_unit_test_setup_teardown(test_scan_multibatch, tu_setup, tu_teardown),
        cmocka_unit_test_setup_teardown(test_limit_ends_scan, tu_setup, tu_teardown),
        cmocka_unit_test_setup_teardown(test_cancel, tu_setup, tu_teardown),
        cmocka_unit_test_setup_teardown(test_oom, tu_setup, tu_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
