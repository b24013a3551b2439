/*
 * tests/unit/exec/test_subquery_ops.c
 *   The operators subqueries plan into, over hand-built plans: SEMI,
 *   ANTI and MARK joins (keys, residual, three-valued mark test,
 *   NULL-aware key 0 on both sides, empty build, keyless), SINGLE (21000
 *   on a second match and on a two-row keyless build), the correlated
 *   nested loop PN_APPLY (EXISTS, SCALAR, ANY; a hash join under it whose
 *   build reads a correlation slot is rebuilt per outer row), INTERSECT /
 *   EXCEPT [ALL] with NULLs equal, and allocation failure.
 * Interface: main (cmocka).
 * Not here: planning them from SQL (tests/unit/planner/test_planner.c).
 */
#include "exec_test_util.h"
#include "exec/exec_int.h"

#define NUL INT64_MIN

/* One-column integer VALUES (NUL = NULL). */
static plan_node *ints(int n, const int64_t *a)
{
    eng_value *v = eng_arena_alloc(A, sizeof(eng_value) * (size_t)(n + 1));
    for (int i = 0; i < n; i++)
        v[i] = a[i] == NUL ? vnull(TI) : vi(a[i]);
    return N_values(1, (eng_type[]){ TI }, n, v);
}

/* Two-column integer VALUES. */
static plan_node *ints2(int n, const int64_t *a, const int64_t *b)
{
    eng_value *v = eng_arena_alloc(A, sizeof(eng_value) * (size_t)(2 * n + 2));
    for (int i = 0; i < n; i++) {
        v[2 * i] = a[i] == NUL ? vnull(TI) : vi(a[i]);
        v[2 * i + 1] = b[i] == NUL ? vnull(TI) : vi(b[i]);
    }
    return N_values(2, (eng_type[]){ TI, TI }, n, v);
}

/* A SEMI/ANTI/MARK/SINGLE join of l and r, key l.lk = r.rk (lk < 0: no
 * key). */
static plan_node *sjoin(plan_join_type jt, plan_node *l, plan_node *r, int lk,
                        int rk, bool null_aware, plan_expr *resid, plan_expr *test)
{
    eng_type ty[8];
    int nl = l->ncols, n;
    for (int c = 0; c < nl; c++)
        ty[c] = l->types[c];
    if (jt == PJ_MARK) {
        ty[nl] = TBOOL;
        n = nl + 1;
    } else if (jt == PJ_SINGLE) {
        for (int c = 0; c < r->ncols; c++)
            ty[nl + c] = r->types[c];
        n = nl + r->ncols;
    } else {
        n = nl;
    }
    plan_node *j = N_over(PN_JOIN, NULL, n, ty);
    j->left = l;
    j->right = r;
    j->join_type = jt;
    if (lk >= 0) {
        j->nkeys = 1;
        j->lkeys = eng_arena_alloc(A, sizeof(plan_expr *));
        j->rkeys = eng_arena_alloc(A, sizeof(plan_expr *));
        j->lkeys[0] = X_col(lk, TI);
        j->rkeys[0] = X_col(rk, TI);
    }
    j->null_aware = null_aware;
    j->residual = resid;
    j->mark_test = test;
    return j;
}

static void test_semi_anti(void **state)
{
    (void)state;
    int64_t l[] = { 1, 2, 3, NUL, 1 }, r[] = { 1, 1, 3, 5 };
    int64_t rn[] = { 1, NUL };
    plan_node *L = ints(5, l), *R = ints(4, r);
    tu_result x = tu_run(sjoin(PJ_SEMI, L, R, 0, 0, false, NULL, NULL), false);
    assert_int_equal(x.rc, ENG_OK);
    assert_string_equal(x.text, "1\n3\n1\n");     /* once each, in order */
    x = tu_run(sjoin(PJ_ANTI, L, R, 0, 0, false, NULL, NULL), false);
    assert_string_equal(x.text, "2\nNULL\n");      /* NOT EXISTS shape */
    /* NULL-aware ANTI (NOT IN): no NULL anywhere keeps 2; NULL probe drops */
    x = tu_run(sjoin(PJ_ANTI, L, R, 0, 0, true, NULL, NULL), false);
    assert_string_equal(x.text, "2\n");
    /* a NULL on the build side: nothing is NOT IN */
    x = tu_run(sjoin(PJ_ANTI, L, ints(2, rn), 0, 0, true, NULL, NULL), false);
    assert_string_equal(x.text, "");
    /* empty build: NOT IN is TRUE, also for NULL */
    x = tu_run(sjoin(PJ_ANTI, L, ints(0, NULL), 0, 0, true, NULL, NULL), false);
    assert_string_equal(x.text, "1\n2\n3\nNULL\n1\n");
    /* keyless SEMI (uncorrelated EXISTS) */
    x = tu_run(sjoin(PJ_SEMI, L, R, -1, 0, false, NULL, NULL), false);
    assert_int_equal(x.nrows, 5);
    x = tu_run(sjoin(PJ_SEMI, L, ints(0, NULL), -1, 0, false, NULL, NULL), false);
    assert_int_equal(x.nrows, 0);
    /* residual over left ++ right: l < r (keyless) */
    plan_expr *lt = X_op(PO_LT, TBOOL, X_col(0, TI), X_col(1, TI));
    x = tu_run(sjoin(PJ_SEMI, L, R, -1, 0, false, lt, NULL), false);
    assert_string_equal(x.text, "1\n2\n3\n1\n");
    x = tu_run(sjoin(PJ_ANTI, L, R, -1, 0, false, lt, NULL), false);
    assert_string_equal(x.text, "NULL\n");
}

static void test_mark(void **state)
{
    (void)state;
    int64_t l[] = { 1, 2, NUL }, r[] = { 1, NUL, 3 }, r2[] = { 1, 3 };
    plan_node *L = ints(3, l);
    /* IN as a value, NULL-aware: 1 TRUE, 2 NULL (NULL in build), NULL NULL */
    tu_result x = tu_run(sjoin(PJ_MARK, L, ints(3, r), 0, 0, true, NULL, NULL), false);
    assert_int_equal(x.rc, ENG_OK);
    assert_string_equal(x.text, "1|true\n2|NULL\nNULL|NULL\n");
    x = tu_run(sjoin(PJ_MARK, L, ints(2, r2), 0, 0, true, NULL, NULL), false);
    assert_string_equal(x.text, "1|true\n2|false\nNULL|NULL\n");
    x = tu_run(sjoin(PJ_MARK, L, ints(0, NULL), 0, 0, true, NULL, NULL), false);
    assert_string_equal(x.text, "1|false\n2|false\nNULL|false\n");
    /* EXISTS as a value (not NULL-aware) */
    x = tu_run(sjoin(PJ_MARK, L, ints(3, r), 0, 0, false, NULL, NULL), false);
    assert_string_equal(x.text, "1|true\n2|false\nNULL|false\n");
    /* x > ANY: three-valued test over left ++ right, keyless */
    plan_expr *gt = X_op(PO_GT, TBOOL, X_col(0, TI), X_col(1, TI));
    x = tu_run(sjoin(PJ_MARK, L, ints(3, r), -1, 0, false, NULL, gt), false);
    assert_string_equal(x.text, "1|NULL\n2|true\nNULL|NULL\n");
    x = tu_run(sjoin(PJ_MARK, L, ints(2, r2), -1, 0, false, NULL, gt), false);
    assert_string_equal(x.text, "1|false\n2|true\nNULL|NULL\n");
    /* correlated NULL-aware: key 1 pairs the rows, key 0 is the IN test */
    int64_t la[] = { 1, 2, NUL, 2 }, lb[] = { 10, 20, 20, 30 };
    int64_t ra[] = { 1, NUL, 5 }, rb[] = { 10, 20, 30 };
    plan_node *J = sjoin(PJ_MARK, ints2(4, la, lb), ints2(3, ra, rb), 0, 0, true,
                         NULL, NULL);
    J->nkeys = 2;
    J->lkeys = eng_arena_alloc(A, sizeof(plan_expr *) * 2);
    J->rkeys = eng_arena_alloc(A, sizeof(plan_expr *) * 2);
    J->lkeys[0] = X_col(0, TI);
    J->rkeys[0] = X_col(0, TI);
    J->lkeys[1] = X_col(1, TI);
    J->rkeys[1] = X_col(1, TI);
    x = tu_run(J, false);
    /* (1,10) meets (1,10): TRUE; (2,20) meets (NULL,20): NULL; (NULL,20)
     * meets (NULL,20): NULL; (2,30) meets (5,30): FALSE */
    assert_string_equal(x.text, "1|10|true\n2|20|NULL\nNULL|20|NULL\n2|30|false\n");
}

static void test_single(void **state)
{
    (void)state;
    int64_t l[] = { 1, 2, 3 }, ra[] = { 1, 2, 2 }, rb[] = { 10, 20, 21 };
    int64_t one[] = { 7 };
    tu_result x = tu_run(sjoin(PJ_SINGLE, ints(1, l), ints2(3, ra, rb), 0, 0,
                               false, NULL, NULL), false);
    assert_int_equal(x.rc, ENG_OK);
    assert_string_equal(x.text, "1|1|10\n");
    x = tu_run(sjoin(PJ_SINGLE, ints(3, l), ints2(3, ra, rb), 0, 0, false, NULL,
                     NULL), false);
    assert_int_equal(x.rc, ENG_ERROR);
    assert_string_equal(ERR.sqlstate, "21000");
    /* keyless: one build row is fine, two fail even for no probe row */
    x = tu_run(sjoin(PJ_SINGLE, ints(3, l), ints(1, one), -1, 0, false, NULL,
                     NULL), false);
    assert_string_equal(x.text, "1|7\n2|7\n3|7\n");
    x = tu_run(sjoin(PJ_SINGLE, ints(0, NULL), ints(3, l), -1, 0, false, NULL,
                     NULL), false);
    assert_int_equal(x.rc, ENG_ERROR);
    assert_string_equal(ERR.sqlstate, "21000");
    /* unmatched rows come out with NULLs */
    x = tu_run(sjoin(PJ_SINGLE, ints(3, l), ints(0, NULL), -1, 0, false, NULL,
                     NULL), false);
    assert_string_equal(x.text, "1|NULL\n2|NULL\n3|NULL\n");
}

/* A correlation slot reference. */
static plan_expr *X_corr(int slot, eng_type t)
{
    plan_expr *e = plan_expr_new(A, PX_CORR, t);
    e->param = slot;
    return e;
}

/* An apply of kind k over l and r with parameter l.c0 in slot 0. */
static plan_node *apply(plan_subq_kind k, plan_node *l, plan_node *r,
                        eng_type t, plan_expr *test)
{
    eng_type ty[8];
    for (int c = 0; c < l->ncols; c++)
        ty[c] = l->types[c];
    ty[l->ncols] = t;
    plan_node *a = N_over(PN_APPLY, NULL, l->ncols + 1, ty);
    a->left = l;
    a->right = r;
    a->apply_kind = k;
    a->nparams = 1;
    a->params = eng_arena_alloc(A, sizeof(plan_expr *));
    a->params[0] = X_col(0, TI);
    a->corr_base = 0;
    a->mark_test = test;
    return a;
}

static void test_apply(void **state)
{
    (void)state;
    int64_t l[] = { 1, 2, 3, NUL }, ra[] = { 1, 1, 2, 3 }, rb[] = { 10, 11, 20, NUL };
    plan_node *R = ints2(4, ra, rb);
    /* rows of R with a = the outer value */
    plan_node *F = N_filter(R, X_op(PO_EQ, TBOOL, X_col(0, TI), X_corr(0, TI)));
    tu_result x = tu_run(apply(PSQ_EXISTS, ints(4, l), F, TBOOL, NULL), false);
    assert_int_equal(x.rc, ENG_OK);
    assert_string_equal(x.text, "1|true\n2|true\n3|true\nNULL|false\n");
    /* scalar: b of the one matching row; two rows for 1 fail */
    plan_expr *pb[] = { X_col(1, TI) };
    plan_node *P = N_project(N_filter(R, X_op(PO_EQ, TBOOL, X_col(0, TI),
                                              X_corr(0, TI))), 1, pb);
    int64_t l2[] = { 2, 3, 4 };
    x = tu_run(apply(PSQ_SCALAR, ints(3, l2), P, TI, NULL), false);
    assert_string_equal(x.text, "2|20\n3|NULL\n4|NULL\n");
    x = tu_run(apply(PSQ_SCALAR, ints(4, l), P, TI, NULL), false);
    assert_int_equal(x.rc, ENG_ERROR);
    assert_string_equal(ERR.sqlstate, "21000");
    /* ANY: outer < b over the rows with a = outer; NULL b gives NULL */
    plan_expr *lt = X_op(PO_LT, TBOOL, X_col(0, TI), X_col(1, TI));
    x = tu_run(apply(PSQ_ANY, ints(4, l), P, TBOOL, lt), false);
    assert_string_equal(x.text, "1|true\n2|true\n3|NULL\nNULL|false\n");
    /* a hash join under the apply whose build reads the slot must be
     * rebuilt for every outer row (it is the right side of the join) */
    int64_t ka[] = { 1, 2, 3 };
    plan_node *B = N_filter(ints2(4, ra, rb), X_op(PO_EQ, TBOOL, X_col(0, TI),
                                                   X_corr(0, TI)));
    plan_node *J = N_over(PN_JOIN, NULL, 3, (eng_type[]){ TI, TI, TI });
    J->left = ints(3, ka);
    J->right = B;
    J->join_type = PJ_INNER;
    J->nkeys = 1;
    J->lkeys = eng_arena_alloc(A, sizeof(plan_expr *));
    J->rkeys = eng_arena_alloc(A, sizeof(plan_expr *));
    J->lkeys[0] = X_col(0, TI);
    J->rkeys[0] = X_col(0, TI);
    plan_expr *pj[] = { X_col(2, TI) };
    plan_node *PJ = N_project(N_filter(J, X_op(PO_LT, TBOOL, X_col(2, TI),
                                                X_const(vi(11)))), 1, pj);
    x = tu_run(apply(PSQ_SCALAR, ints(3, l2), PJ, TI, NULL), false);
    assert_int_equal(x.rc, ENG_OK);
    assert_string_equal(x.text, "2|NULL\n3|NULL\n4|NULL\n");
    int64_t l3[] = { 1, 2, 1 };
    x = tu_run(apply(PSQ_SCALAR, ints(3, l3), PJ, TI, NULL), false);
    assert_string_equal(x.text, "1|10\n2|NULL\n1|10\n");
}

/* INTERSECT / EXCEPT of two one-column inputs. */
static plan_node *setop(plan_setop_kind k, bool all, plan_node *l, plan_node *r)
{
    plan_node *s = N_over(PN_SETOP, NULL, 1, (eng_type[]){ TI });
    s->left = l;
    s->right = r;
    s->setop = k;
    s->setop_all = all;
    return s;
}

static void test_setops(void **state)
{
    (void)state;
    int64_t l[] = { 1, 1, 1, 2, NUL, NUL, 3 }, r[] = { 1, 1, NUL, 4, 4 };
    plan_node *L = ints(7, l), *R = ints(5, r);
    tu_result x = tu_run(setop(PS_INTERSECT, false, L, R), false);
    assert_string_equal(x.text, "1\nNULL\n");
    x = tu_run(setop(PS_INTERSECT, true, L, R), false);
    assert_string_equal(x.text, "1\n1\nNULL\n");
    x = tu_run(setop(PS_EXCEPT, false, L, R), false);
    assert_string_equal(x.text, "2\n3\n");
    x = tu_run(setop(PS_EXCEPT, true, L, R), false);
    assert_string_equal(x.text, "1\n2\nNULL\n3\n");
    x = tu_run(setop(PS_EXCEPT, true, L, ints(0, NULL)), false);
    assert_int_equal(x.nrows, 7);
}

static void test_rescan_marks(void **state)
{
    (void)state;
    /* a MARK join read twice through exec_rescan gives the same rows */
    int64_t l[] = { 1, 2, NUL }, r[] = { 1, NUL };
    plan_node *J = sjoin(PJ_MARK, ints(3, l), ints(2, r), 0, 0, true, NULL, NULL);
    exec_ctx ctx = tu_ctx();
    exec_op *root;
    assert_int_equal(exec_query_open(&ctx, J, &root), ENG_OK);
    eng_rc rc;
    char *a = tu_read(root, -1, &rc, NULL);
    assert_int_equal(rc, ENG_OK);
    assert_int_equal(exec_rescan(root), ENG_OK);
    char *b = tu_read(root, -1, &rc, NULL);
    assert_string_equal(a, "1|true\n2|NULL\nNULL|NULL\n");
    assert_string_equal(a, b);
    exec_query_close(root);
    /* an apply over the MARK join and a set operation over that, rescanned
     * mid-stream, at the end and after being closed */
    int64_t ra[] = { 1, 1, 2 }, rb[] = { 10, 11, 20 }, sub[] = { 2 };
    plan_node *F = N_filter(ints2(3, ra, rb), X_op(PO_EQ, TBOOL, X_col(0, TI),
                                                   X_corr(0, TI)));
    plan_node *AP = apply(PSQ_EXISTS, sjoin(PJ_MARK, ints(3, l), ints(2, r), 0, 0,
                                            true, NULL, NULL), F, TBOOL, NULL);
    plan_node *S = setop(PS_EXCEPT, false, N_project(AP, 1, (plan_expr *[]){
                             X_col(2, TBOOL) }), N_project(ints(1, sub), 1,
                             (plan_expr *[]){ X_const(vbool(true)) }));
    const char *want = "false\n";
    assert_int_equal(exec_query_open(&ctx, S, &root), ENG_OK);
    a = tu_read(root, 1, &rc, NULL);
    assert_int_equal(rc, ENG_OK);
    assert_int_equal(exec_rescan(root), ENG_OK);
    assert_string_equal(tu_read(root, -1, &rc, NULL), want);
    assert_int_equal(exec_rescan(root), ENG_OK);
    assert_string_equal(tu_read(root, -1, &rc, NULL), want);
    exec_query_close(root);
    assert_int_equal(exec_rescan(root), ENG_OK);
    assert_string_equal(tu_read(root, -1, &rc, NULL), want);
    exec_query_close(root);
}

static void test_oom(void **state)
{
    (void)state;
    /* every allocation failing in turn: HY001, then success; no leak */
    int64_t l[] = { 1, 2, NUL, 3 }, ra[] = { 1, NUL, 3 }, rb[] = { 1, 2, 3 };
    bool ok = false;
    long k;
    for (k = 1; k < 4000 && !ok; k++) {
        eng_arena *save = A;
        A = eng_arena_create();
        plan_node *M = sjoin(PJ_MARK, ints(4, l), ints(3, ra), 0, 0, true, NULL, NULL);
        plan_node *F = N_filter(ints2(3, ra, rb), X_op(PO_EQ, TBOOL, X_col(1, TI),
                                                        X_corr(0, TI)));
        plan_node *AP = apply(PSQ_EXISTS, M, F, TBOOL, NULL);
        plan_node *S = setop(PS_EXCEPT, true, N_project(AP, 1, (plan_expr *[]){
                                 X_col(0, TI) }), ints(3, ra));
        exec_ctx ctx = tu_ctx();
        exec_op *root = NULL;
        eng_alloc_fail_at(k);
        eng_rc rc = exec_query_open(&ctx, S, &root);
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
            assert_int_equal(rows, 1);   /* 2 */
            ok = true;
        } else {
            assert_int_equal(rc, ENG_NOMEM);
            assert_string_equal(ERR.sqlstate, "HY001");
        }
    }
    assert_true(ok);
    assert_true(k > 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_semi_anti, tu_setup, tu_teardown),
        cmocka_unit_test_setup_teardown(test_mark, tu_setup, tu_teardown),
        cmocka_unit_test_setup_teardown(test_single, tu_setup, tu_teardown),
        cmocka_unit_test_setup_teardown(test_apply, tu_setup, tu_teardown),
        cmocka_unit_test_setup_teardown(test_setops, tu_setup, tu_teardown),
        cmocka_unit_test_setup_teardown(test_rescan_marks, tu_setup, tu_teardown),
        cmocka_unit_test_setup_teardown(test_oom, tu_setup, tu_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
