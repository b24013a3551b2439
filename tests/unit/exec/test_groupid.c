/*
 * tests/unit/exec/test_groupid.c
 *   GROUPING SETS, ROLLUP, CUBE and grouping() end to end over the
 *   in-memory connector (parse, bind, optimize, op_groupid + hash
 *   aggregation): NULLs for rolled-up keys next to real NULL keys,
 *   duplicate sets, expressions and ordinals as keys, HAVING/ORDER BY on
 *   grouping(), windows over grouping sets, errors, EXPLAIN; then
 *   op_groupid under selections, rescan and the allocation-failure loop.
 * Interface: main (cmocka).
 * Not here: comparison with PostgreSQL (tests/sql/differential.sql).
 */
#include "exec_test_util.h"
#include "exec/exec_int.h"
#include "../test_connector.h"
#include "sql_harness.h"

#define Q SH_QTEXT

static eng_conn *C;
static tc_catalog *CAT;

/* t(s varchar, m varchar, a integer): a NULL status among them. */
static int setup(void **state)
{
    (void)state;
    A = eng_arena_create();
    CAT = tc_catalog_new();
    tc_table *t = tc_add_table(CAT, "s", "t", 3,
        (tc_colspec[]){ tc_col("s", ENG_T_VARCHAR), tc_col("m", ENG_T_VARCHAR),
                        tc_col("a", ENG_T_INTEGER) });
    tc_add_row(t, tc_str("x"), tc_str("card"), tc_int(1));
    tc_add_row(t, tc_str("x"), tc_str("cash"), tc_int(2));
    tc_add_row(t, tc_str("y"), tc_str("card"), tc_int(4));
    tc_add_row(t, tc_null(ENG_T_VARCHAR), tc_str("cash"), tc_int(8));
    tc_add_table(CAT, "s", "empty", 1,
        (tc_colspec[]){ tc_col("a", ENG_T_INTEGER) });
    C = sh_open(CAT, "mem", "s");
    return 0;
}

static int teardown(void **state)
{
    sh_close();
    return tu_teardown(state);
}

static void test_rollup_cube(void **state)
{
    (void)state;
    /* the rolled-up total next to the real NULL status, told apart by
     * grouping() */
    Q("select s, sum(a), grouping(s) from t group by rollup (s) "
      "order by 3, s",
      "x|3|0\ny|4|0\nNULL|8|0\nNULL|15|1\n");
    Q("select s, m, sum(a), count(*), grouping(s, m) from t "
      "group by rollup (s, m) order by 5, 1, 2",
      "x|card|1|1|0\nx|cash|2|1|0\ny|card|4|1|0\nNULL|cash|8|1|0\n"
      "x|NULL|3|2|1\ny|NULL|4|1|1\nNULL|NULL|8|1|1\nNULL|NULL|15|4|3\n");
    Q("select m, s, sum(a), grouping(m), grouping(s), grouping(m, s) from t "
      "group by cube (m, s) having grouping(s) = 1 order by 6, 1",
      "card|NULL|5|0|1|1\ncash|NULL|10|0|1|1\nNULL|NULL|15|1|1|3\n");
    Q("select count(*) from t group by cube (s, m)", "1\n1\n1\n1\n"
      "2\n1\n1\n2\n2\n4\n");
}

static void test_grouping_sets(void **state)
{
    (void)state;
    Q("select s, m, sum(a) from t group by grouping sets ((s), (m), ()) "
      "order by s nulls first, m nulls first, 3",
      "NULL|NULL|8\nNULL|NULL|15\nNULL|card|5\nNULL|cash|10\nx|NULL|3\n"
      "y|NULL|4\n");
    /* a set listed twice gives its rows twice, as in Trino */
    Q("select s, sum(a) from t where s = 'x' group by grouping sets (s, s)",
      "x|3\nx|3\n");
    /* a plain key crossed with a ROLLUP; ordinals and expressions */
    Q("select upper(s), m, sum(a) from t where s is not null "
      "group by 1, rollup (m) order by 1, 2 nulls last",
      "X|card|1\nX|cash|2\nX|NULL|3\nY|card|4\nY|NULL|4\n");
    /* GROUP BY () and one full set are plain aggregations */
    Q("select count(*), sum(a) from empty group by ()", "0|NULL\n");
    /* empty input: one row per empty grouping set, none for the others */
    Q("select a, count(*), grouping(a) from empty group by rollup (a)",
      "NULL|0|1\n");
    Q("select a, count(*) from empty group by grouping sets ((), a, ())",
      "NULL|0\nNULL|0\n");
    Q("select a, count(*) from empty group by cube (a) having count(*) > 0", "");
    Q("select s, grouping(s) from t group by grouping sets ((s)) order by s",
      "x|0\ny|0\nNULL|0\n");
    Q("select s, grouping(s) from t group by s order by s", "x|0\ny|0\nNULL|0\n");
    /* windows over a ROLLUP */
    Q("select s, v, r from (select s, sum(a) v, rank() over (partition by "
      "grouping(s) order by sum(a) desc) r, grouping(s) g from t group by "
      "rollup (s)) z order by g, r",
      "NULL|8|1\ny|4|2\nx|3|3\nNULL|15|1\n");
    /* a filter above the rollup on a key */
    Q("select * from (select s, sum(a) v from t group by rollup (s)) z "
      "where s = 'y'", "y|4\n");
}

static void test_errors(void **state)
{
    (void)state;
    assert_true(tu_starts(sh_text("select grouping(m) from t group by rollup (s)"),
                          "ERR 42803 GROUPING argument must be"));
    assert_true(tu_starts(sh_text("select a from t where grouping(s) = 0"),
                          "ERR 42803 WHERE clause cannot contain grouping"));
    assert_true(tu_starts(sh_text("select grouping(s) from t"),
                          "ERR 42803 SELECT clause cannot contain grouping"));
    assert_true(tu_starts(sh_text("select s, m from t group by rollup (s)"),
                          "ERR 42803 'm' must be an aggregate"));
    assert_true(tu_starts(sh_text("select 1 from t group by cube (a, a, a, a, a, a, "
                            "a, a, a, a, a, a, a)"),
                          "ERR 0A000 line 1:26: CUBE of more than 12"));
    assert_true(tu_starts(sh_text("select 1 from t group by grouping sets (a"),
                          "ERR 42000"));
}

static void test_explain(void **state)
{
    (void)state;
    char *t = sh_text("explain select s, m, count(*) from t group by rollup (s, m)");
    assert_non_null(strstr(t, "GroupId keys: #0, #1 sets: (#2, #3) (#2) ()"));
    assert_non_null(strstr(t, "Aggregate groups: #2, #3, #4"));
}

/* GROUPID over a filtered VALUES (a selection vector), then SUM per set. */
static plan_node *gid_plan(int nrows)
{
    eng_type ty[2] = { TI, TI };
    eng_value *vals = eng_arena_alloc(A, sizeof(eng_value) * (size_t)(2 * nrows));
    for (int r = 0; r < nrows; r++) {
        vals[2 * r] = vi(r % 4);
        vals[2 * r + 1] = vi(r);
    }
    plan_node *v = N_filter(N_values(2, ty, nrows, vals),
                            X_op(PO_NE, TBOOL, X_col(0, TI), X_const(vi(3))));
    eng_type gt[4] = { TI, TI, TI, TB };
    plan_node *g = N_over(PN_GROUPID, v, 4, gt);
    g->ngroups = 1;
    g->groups = eng_arena_alloc(A, sizeof(plan_expr *));
    g->groups[0] = X_op(PO_MUL, TI, X_col(0, TI), X_const(vi(10)));
    g->nsets = 2;
    g->gset_masks = eng_arena_alloc(A, sizeof(uint64_t) * 2);
    g->gset_masks[0] = 1;
    g->gset_masks[1] = 0;
    plan_expr **keys = eng_arena_alloc(A, sizeof(plan_expr *) * 2);
    keys[0] = X_col(2, TI);
    keys[1] = X_col(3, TB);
    plan_agg *ag = eng_arena_alloc(A, sizeof(plan_agg));
    ag[0] = AGG(PA_SUM, X_col(1, TI), TB, false);
    plan_node *agg = N_agg(g, 2, keys, 1, ag);
    return N_sort(N_sort(agg, 0, false, false), 1, false, false);
}

static void test_rescan(void **state)
{
    (void)state;
    plan_node *plan = gid_plan(8);     /* rows 0..7, key 3 filtered out */
    const char *want = "0|0|4\n10|0|6\n20|0|8\nNULL|1|18\n";
    exec_ctx ctx = tu_ctx();
    exec_op *root = NULL;
    eng_rc rc;
    bool end;
    assert_int_equal(exec_query_open(&ctx, plan, &root), ENG_OK);
    assert_string_equal(tu_read(root, -1, &rc, &end), want);
    assert_int_equal(exec_rescan(root), ENG_OK);
    assert_string_equal(tu_read(root, -1, &rc, &end), want);
    exec_query_close(root);
    assert_int_equal(exec_rescan(root), ENG_OK);
    assert_string_equal(tu_read(root, -1, &rc, &end), want);
    exec_query_close(root);
    /* the GroupId alone, mid-stream over several input batches */
    plan = gid_plan(3 * ENG_BATCH_CAP)->child->child->child;
    ctx = tu_ctx();
    assert_int_equal(exec_query_open(&ctx, plan, &root), ENG_OK);
    char *one = tu_read(root, 1, &rc, &end);
    assert_int_equal(rc, ENG_OK);
    assert_int_equal(exec_rescan(root), ENG_OK);
    char *all = tu_read(root, -1, &rc, &end);
    assert_true(end);
    assert_true(tu_starts(all, one));
    int lines = 0;
    for (const char *c = all; *c; c++)
        lines += *c == '\n';
    assert_int_equal(lines, 2 * (3 * ENG_BATCH_CAP - 3 * ENG_BATCH_CAP / 4));
    exec_query_close(root);
}

static plan_node *gid_oom_plan(void)
{
    return gid_plan(2 * ENG_BATCH_CAP + 7);
}

static void test_oom(void **state)
{
    (void)state;
    int64_t rows;
    long k = tu_oom_rescan_loop(gid_oom_plan, &rows);
    assert_int_equal(rows, 4);
    assert_true(k > 10);
}

int main(void)
{
    (void)tu_setup;       /* the group's setup makes the arena instead */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rollup_cube),
        cmocka_unit_test(test_grouping_sets),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_explain),
        cmocka_unit_test(test_rescan),
        cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
