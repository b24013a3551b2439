/*
 * tests/unit/exec/test_rescan.c
 *   exec_rescan for every operator: after a rescan a tree returns exactly
 *   the rows of its first run, whether it was rescanned fresh, after
 *   partial consumption, after the end of data or after exec_end; scans
 *   restart their remote scan (and end every one they begin); a hash join
 *   keeps a completed build side; a failed rescan (OOM) is reported and
 *   never passes for the end of data; the OOM loop over run + rescan.
 * Not here: selection vectors (test_selection.c), the operators' results
 *   themselves (test_operators.c).
 */
#include "exec_test_util.h"
#include "exec/exec_int.h"
#include "../test_connector.h"

/* n rows (i % mod or NULL every 7th, i, "s<i % 13>") in VALUES. */
static plan_node *rows3(int n, int mod)
{
    eng_value *v = eng_arena_alloc(A, sizeof(eng_value) * (size_t)(3 * n + 3));
    for (int i = 0; i < n; i++) {
        v[3 * i] = i % 7 == 3 ? vnull(TI) : vi(i % mod);
        v[3 * i + 1] = vi(i);
        v[3 * i + 2] = vs(eng_arena_sprintf(A, "s%d", i % 13));
    }
    return N_values(3, (eng_type[]){ TI, TI, TV }, n, v);
}

/*
 * The rescan contract on one plan: the first full run gives `want` (when
 * not NULL) and every later run gives the same text: rescan of a fresh
 * tree, after one batch, after the end of data, twice in a row, after
 * exec_end (exec_query_close). Returns the text of the first run.
 */
static char *check_rescan(const plan_node *plan, const char *want)
{
    exec_ctx ctx = tu_ctx();
    exec_op *root = NULL;
    assert_int_equal(exec_query_open(&ctx, plan, &root), ENG_OK);
    eng_rc rc;
    bool end;
    /* rescan before anything was read */
    assert_int_equal(exec_rescan(root), ENG_OK);
    char *full = tu_read(root, -1, &rc, &end);
    assert_int_equal(rc, ENG_OK);
    assert_true(end);
    if (want)
        assert_string_equal(full, want);
    /* after the end of data */
    assert_int_equal(exec_rescan(root), ENG_OK);
    assert_string_equal(tu_read(root, -1, &rc, &end), full);
    assert_true(end);
    /* after partial consumption (one batch), twice in a row */
    assert_int_equal(exec_rescan(root), ENG_OK);
    (void)tu_read(root, 1, &rc, &end);
    assert_int_equal(rc, ENG_OK);
    assert_int_equal(exec_rescan(root), ENG_OK);
    assert_int_equal(exec_rescan(root), ENG_OK);
    assert_string_equal(tu_read(root, -1, &rc, &end), full);
    /* after exec_end of the whole tree */
    exec_query_close(root);
    assert_int_equal(exec_rescan(root), ENG_OK);
    assert_string_equal(tu_read(root, -1, &rc, &end), full);
    assert_true(end);
    /* partial again, then close: nothing may leak (ASan) */
    assert_int_equal(exec_rescan(root), ENG_OK);
    (void)tu_read(root, 1, &rc, &end);
    exec_query_close(root);
    return full;
}

static void test_rescan_values_filter_project(void **state)
{
    (void)state;
    plan_node *v = rows3(2500, 5);
    char *all = check_rescan(v, NULL);
    assert_true(tu_starts(all, "0|0|s0\n1|1|s1\n2|2|s2\nNULL|3|s3\n"));
    /* filter b % 3 = 0 over three batches */
    plan_expr *p = X_op(PO_EQ, TBOOL, X_op(PO_MOD, TI, X_col(1, TI), X_const(vi(3))),
                        X_const(vi(0)));
    char *f = check_rescan(N_filter(v, p), NULL);
    assert_true(tu_starts(f, "0|0|s0\nNULL|3|s3\n1|6|s6\n"));
    /* filter over filter, then a computed and a bare projection */
    plan_node *ff = N_filter(N_filter(v, p),
                             X_op(PO_GT, TBOOL, X_col(1, TI), X_const(vi(2000))));
    char *g = check_rescan(ff, NULL);
    assert_true(tu_starts(g, "1|2001|s12\n"));
    plan_expr *ex[2] = { X_col(2, TV), X_op(PO_ADD, TI, X_col(1, TI), X_const(vi(1))) };
    char *pr = check_rescan(N_project(ff, 2, ex), NULL);
    assert_true(tu_starts(pr, "s12|2002\n"));
    plan_expr *bare[2] = { X_col(2, TV), X_col(0, TI) };
    char *pb = check_rescan(N_project(ff, 2, bare), NULL);
    assert_true(tu_starts(pb, "s12|1\n"));
}

static void test_rescan_limit_union_distinct(void **state)
{
    (void)state;
    plan_node *v = rows3(2500, 5);
    /* the limit ends its child once satisfied: a rescan must revive it */
    char *l = check_rescan(N_limit(v, 1030, 3), NULL);
    assert_string_equal(l, "0|1030|s3\n1|1031|s4\nNULL|1032|s5\n");
    assert_string_equal(check_rescan(N_limit(v, 0, 0), ""), "");
    /* union ends its left input when exhausted */
    char *u = check_rescan(N_union(N_limit(v, 0, 2), N_limit(v, 2498, -1)), NULL);
    assert_string_equal(u, "0|0|s0\n1|1|s1\n3|2498|s2\n4|2499|s3\n");
    /* distinct forgets what it saw */
    plan_expr *ex[2] = { X_col(0, TI), X_op(PO_MOD, TI, X_col(1, TI), X_const(vi(2))) };
    char *d = check_rescan(N_over(PN_DISTINCT, N_project(v, 2, ex), 2,
                                  (eng_type[]){ TI, TI }), NULL);
    assert_string_equal(d, "0|0\n1|1\n2|0\nNULL|1\n4|0\n0|1\n1|0\n2|1\n3|0\n"
                           "4|1\nNULL|0\n3|1\n");
}

static void test_rescan_sort_agg(void **state)
{
    (void)state;
    plan_node *v = rows3(2500, 5);
    char *s = check_rescan(N_sort(v, 1, true, false), NULL);
    assert_true(tu_starts(s, "4|2499|s3\n3|2498|s2\n"));
    plan_expr **g = eng_arena_alloc(A, sizeof(plan_expr *));
    g[0] = X_col(0, TI);
    plan_agg *ag = eng_arena_alloc(A, sizeof(plan_agg) * 4);
    ag[0] = AGG(PA_COUNT_STAR, NULL, TB, false);
    ag[1] = AGG(PA_SUM, X_col(1, TI), TB, false);
    ag[2] = AGG(PA_COUNT, X_col(2, TV), TB, true);
    ag[3] = AGG(PA_MAX, X_col(2, TV), TV, false);
    char *a = check_rescan(N_sort(N_agg(v, 1, g, 4, ag), 0, false, false), NULL);
    /* 2500 rows, every 7th (i % 7 == 3) in the NULL group: 357 of them */
    assert_non_null(strstr(a, "NULL|357|"));
    /* no GROUP BY: one row every time */
    assert_string_equal(check_rescan(N_agg(v, 0, NULL, 2, ag), NULL),
                        "2500|3123750\n");
    /* aggregation over an empty input */
    plan_node *e = rows3(0, 5);
    assert_string_equal(check_rescan(N_agg(e, 0, NULL, 2, ag), NULL), "0|NULL\n");
}

static void test_rescan_joins(void **state)
{
    (void)state;
    plan_node *L = rows3(1500, 50), *R = rows3(60, 40);
    plan_expr *res = X_op(PO_LT, TBOOL, X_col(1, TI), X_op(PO_MUL, TI, X_col(4, TI),
                                                           X_const(vi(30))));
    plan_join_type jts[] = { PJ_INNER, PJ_LEFT, PJ_RIGHT, PJ_FULL };
    for (int k = 0; k < 4; k++) {
        char *a = check_rescan(N_join(jts[k], L, R, 0, 0, NULL), NULL);
        char *b = check_rescan(N_join(jts[k], L, R, 0, 0, res), NULL);
        assert_true(strlen(a) > strlen(b));
    }
    /* CROSS with a residual over more than one output batch */
    check_rescan(N_join(PJ_CROSS, L, R, 0, 0,
                        X_op(PO_EQ, TBOOL, X_col(1, TI), X_col(4, TI))), NULL);
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

static plan_node *scan(scan_env *e)
{
    eng_type ty[2] = { e->def->cols[0].type, e->def->cols[1].type };
    plan_node *n = N_over(PN_SCAN, NULL, 2, ty);
    n->catalog = &e->cat;
    n->spec.table = e->def;
    n->spec.ncols = 2;
    n->spec.cols = eng_arena_alloc(A, sizeof(int) * 2);
    n->spec.cols[0] = 0;
    n->spec.cols[1] = 1;
    n->spec.limit = -1;
    return n;
}

static void test_rescan_scan(void **state)
{
    (void)state;
    scan_env e;
    env_open(&e, 2500);
    char *s = check_rescan(scan(&e), NULL);
    assert_true(tu_starts(s, "0|n0\n1|n1\n"));
    assert_non_null(strstr(s, "\n2499|n2499\n"));
    /* a fresh rescan begins nothing; then six full or partial reads,
     * each one a remote scan of its own, every one ended */
    assert_int_equal(e.st->scans_begun, 6);
    assert_int_equal(e.st->scans_ended, 6);
    /* a limit over the scan ends the remote scan early every time */
    int begun = e.st->scans_begun;
    char *l = check_rescan(N_limit(scan(&e), 2, 2), "2|n2\n3|n3\n");
    (void)l;
    assert_int_equal(e.st->scans_begun - begun, 6);
    assert_int_equal(e.st->scans_ended, e.st->scans_begun);
    env_close(&e);
}

static void test_rescan_join_keeps_build(void **state)
{
    (void)state;
    scan_env e;
    env_open(&e, 100);
    /* keys: left i % 50 (NULL every 7th) against right ids 0..99, so right
     * rows 50..99 never match */
    plan_node *L = N_limit(rows3(300, 50), 0, -1);
    plan_node *j = N_join(PJ_RIGHT, L, scan(&e), 0, 0, NULL);
    exec_ctx ctx = tu_ctx();
    exec_op *root = NULL;
    assert_int_equal(exec_query_open(&ctx, j, &root), ENG_OK);
    eng_rc rc;
    bool end;
    char *first = tu_read(root, -1, &rc, &end);
    assert_int_equal(rc, ENG_OK);
    assert_int_equal(e.st->scans_begun, 1);
    /* the completed build is kept: the right scan is not read again, and
     * the RIGHT join's unmatched rows come out again (marks cleared) */
    assert_int_equal(exec_rescan(root), ENG_OK);
    assert_string_equal(tu_read(root, -1, &rc, &end), first);
    (void)tu_read(root, 1, &rc, &end);
    assert_int_equal(exec_rescan(root), ENG_OK);
    assert_string_equal(tu_read(root, -1, &rc, &end), first);
    assert_int_equal(e.st->scans_begun, 1);
    assert_non_null(strstr(first, "NULL|NULL|NULL|99|n99\n"));
    assert_null(strstr(first, "NULL|NULL|NULL|0|n0\n"));
    /* the marks of the first runs are cleared: with the left input cut to
     * nothing, every right row comes out unmatched, once */
    L->limit = 0;
    assert_int_equal(exec_rescan(root), ENG_OK);
    char *none = tu_read(root, -1, &rc, &end);
    assert_non_null(strstr(none, "NULL|NULL|NULL|0|n0\n"));
    assert_non_null(strstr(none, "NULL|NULL|NULL|99|n99\n"));
    int lines = 0;
    for (const char *c = none; *c; c++)
        lines += *c == '\n';
    assert_int_equal(lines, 100);
    assert_int_equal(e.st->scans_begun, 1);
    L->limit = -1;
    /* exec_end frees the build: the next run reads the right side again */
    exec_query_close(root);
    assert_int_equal(exec_rescan(root), ENG_OK);
    assert_string_equal(tu_read(root, -1, &rc, &end), first);
    assert_int_equal(e.st->scans_begun, 2);
    assert_int_equal(e.st->scans_ended, 2);
    exec_query_close(root);
    /* a build that failed is done again on rescan */
    e.st->fail_after_batches = 0;
    ctx = tu_ctx();
    assert_int_equal(exec_query_open(&ctx, j, &root), ENG_OK);
    (void)tu_read(root, -1, &rc, &end);
    assert_int_equal(rc, ENG_ERROR);
    assert_string_equal(ERR.sqlstate, "08S01");
    e.st->fail_after_batches = -1;
    assert_int_equal(exec_rescan(root), ENG_OK);
    assert_string_equal(tu_read(root, -1, &rc, &end), first);
    assert_int_equal(rc, ENG_OK);
    exec_query_close(root);
    assert_int_equal(e.st->scans_ended, e.st->scans_begun);
    env_close(&e);
}

/* A failed rescan is an error on every read until a rescan succeeds. */
static void test_rescan_failure(void **state)
{
    (void)state;
    plan_node *v = rows3(30, 5);
    plan_node *plan = N_sort(N_union(v, v), 1, false, false);
    exec_ctx ctx = tu_ctx();
    exec_op *root = NULL;
    assert_int_equal(exec_query_open(&ctx, plan, &root), ENG_OK);
    eng_rc rc;
    bool end;
    char *first = tu_read(root, -1, &rc, &end);
    exec_query_close(root);   /* every batch arena is gone */
    int failures = 0;
    for (long k = 1; k < 40; k++) {
        eng_alloc_fail_at(k);
        eng_rc r = exec_rescan(root);
        eng_alloc_fail_at(0);
        if (r == ENG_OK)
            break;
        failures++;
        assert_int_equal(r, ENG_NOMEM);
        assert_string_equal(ERR.sqlstate, "HY001");
        const eng_batch *b = NULL;
        assert_int_equal(exec_query_next(root, &b), ENG_ERROR);
        assert_null(b);
        exec_query_close(root);
    }
    assert_true(failures >= 3);   /* sort, union, both values */
    assert_int_equal(exec_rescan(root), ENG_OK);
    assert_string_equal(tu_read(root, -1, &rc, &end), first);
    exec_query_close(root);
}

/* The plan of test_rescan_oom: sort over an aggregation over a LIMIT
 * over a FULL join with a filter below it. */
static plan_node *oom_plan(void)
{
    plan_node *L = rows3(40, 4), *R = rows3(30, 3);
    plan_expr *p = X_op(PO_GT, TBOOL, X_col(1, TI), X_const(vi(5)));
    plan_node *j = N_join(PJ_FULL, N_filter(L, p), R, 0, 0, NULL);
    plan_expr **g = eng_arena_alloc(A, sizeof(plan_expr *));
    g[0] = X_col(0, TI);
    plan_agg *ag = eng_arena_alloc(A, sizeof(plan_agg) * 2);
    ag[0] = AGG(PA_SUM, X_col(4, TI), TB, false);
    ag[1] = AGG(PA_COUNT, X_col(2, TV), TB, true);
    return N_sort(N_agg(N_limit(j, 1, 100), 1, g, 2, ag), 0, false, true);
}

/* Allocation N failing, N = 1, 2, ...: run, rescan, run again; every
 * attempt ends with the right rows (same digest twice) or HY001, and
 * nothing leaks (ASan). k = 0 is the reference run without failures. */
static void test_rescan_oom(void **state)
{
    (void)state;
    int64_t rows;
    long k = tu_oom_rescan_loop(oom_plan, &rows);
    assert_true(rows >= 3);
    assert_true(k > 20);      /* the failures above were really injected */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_rescan_values_filter_project, tu_setup, tu_teardown),
        cmocka_unit_test_setup_teardown(test_rescan_limit_union_distinct, tu_setup, tu_teardown),
        cmocka_unit_test_setup_teardown(test_rescan_sort_agg, tu_setup, tu_teardown),
        cmocka_unit_test_setup_teardown(test_rescan_joins, tu_setup, tu_teardown),
        cmocka_unit_test_setup_teardown(test_rescan_scan, tu_setup, tu_teardown),
        cmocka_unit_test_setup_teardown(test_rescan_join_keeps_build, tu_setup, tu_teardown),
        cmocka_unit_test_setup_teardown(test_rescan_failure, tu_setup, tu_teardown),
        cmocka_unit_test_setup_teardown(test_rescan_oom, tu_setup, tu_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
