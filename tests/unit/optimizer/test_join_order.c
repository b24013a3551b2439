/*
 * tests/unit/optimizer/test_join_order.c
 *   Join ordering (engine/optimizer/joinorder.c) from SQL text to rows over
 *   the in-memory test connector: comma joins whose FROM order starts with
 *   cross products plan without them (exhaustive search and, above ten
 *   relations, greedy), the output columns keep their order, outer joins
 *   and subquery joins stay where they are, a join graph of two parts gets
 *   exactly one cross product, estimates put the selective relation first,
 *   and `Optimizer={join_order=off}` keeps the FROM order; allocation
 *   failure gives ENG_NOMEM. Every query's rows are compared with the
 *   rows of the FROM-order plan.
 * Interface: main (cmocka).
 * Not here: the comparison with PostgreSQL (tests/sql/differential.sql,
 *   run with each optimizer rule off), sqllogictest's select5
 *   (tests/sqllogictest).
 */
#include "../exec/exec_test_util.h"
#include "../test_connector.h"
#include "parser/parser.h"
#include "binder/binder.h"
#include "planner/planner.h"
#include "optimizer/optimizer.h"

#define NT 14                 /* tables m.s.t1 .. m.s.t14 */

static eng_conn *C;
static tc_catalog *CATS[3];

/*
 * Catalog m: t1..t14 (a, b, c, d integer), four rows each: row k (0..3)
 * of table i is (k, (k + i) % 4, (k * 3 + i) % 4, NULL when k = 3 else k).
 * Catalog big: f(a, b) estimated at 1,000,000 rows; catalog small: x(a)
 * estimated at 10 rows (the test connector reports one estimate per
 * catalog). Both hold a few real rows.
 */
static int setup(void **state)
{
    tu_setup(state);
    C = tc_conn_new();
    for (int i = 0; i < 3; i++)
        CATS[i] = tc_catalog_new();
    for (int i = 1; i <= NT; i++) {
        char name[16];
        snprintf(name, sizeof name, "t%d", i);
        tc_table *t = tc_add_table(CATS[0], "s", name, 4,
            (tc_colspec[]){ tc_col("a", ENG_T_INTEGER), tc_col("b", ENG_T_INTEGER),
                            tc_col("c", ENG_T_INTEGER), tc_col("d", ENG_T_INTEGER) });
        for (int k = 0; k < 4; k++)
            tc_add_row(t, tc_int(k), tc_int((k + i) % 4), tc_int((k * 3 + i) % 4),
                       k == 3 ? tc_null(ENG_T_INTEGER) : tc_int(k));
    }
    tc_table *f = tc_add_table(CATS[1], "s", "f", 2,
        (tc_colspec[]){ tc_col("a", ENG_T_INTEGER), tc_col("b", ENG_T_INTEGER) });
    tc_table *g = tc_add_table(CATS[1], "s", "g", 2,
        (tc_colspec[]){ tc_col("a", ENG_T_INTEGER), tc_col("b", ENG_T_INTEGER) });
    for (int k = 0; k < 6; k++) {
        tc_add_row(f, tc_int(k), tc_int(k % 3));
        tc_add_row(g, tc_int(k % 3), tc_int(k));
    }
    tc_table *x = tc_add_table(CATS[2], "s", "x", 1,
        (tc_colspec[]){ tc_col("a", ENG_T_INTEGER) });
    tc_add_row(x, tc_int(1));
    tc_add_row(x, tc_int(4));
    tc_conn_add_catalog(C, "m", &tc_connector_ops, tc_state_new(CATS[0]));
    tc_state *sb = tc_state_new(CATS[1]), *ss = tc_state_new(CATS[2]);
    sb->est_rows = 1000000;
    ss->est_rows = 10;
    tc_conn_add_catalog(C, "big", &tc_connector_ops, sb);
    tc_conn_add_catalog(C, "small", &tc_connector_ops, ss);
    return 0;
}

static int teardown(void **state)
{
    eng_close(C);
    for (int i = 0; i < 3; i++)
        tc_catalog_free(CATS[i]);
    return tu_teardown(state);
}

/* Parses, binds, plans and optimizes sql with the optimizer setting opt;
 * asserts success. */
static plan_node *prepare(const char *sql, const char *opt)
{
    ast_stmt *s;
    eng_bound_stmt *bs;
    eng_err_clear(&ERR);
    assert_int_equal(sess_set_optimizer(C, "all=on", &ERR), ENG_OK);
    assert_int_equal(sess_set_optimizer(C, opt, &ERR), ENG_OK);
    eng_rc rc = parse_statement(sql, strlen(sql), A, &s, &ERR);
    if (!rc)
        rc = bind_statement(C, s, A, &bs, &ERR);
    plan_node *p = rc ? NULL : bs->plan;
    if (!rc)
        rc = planner_run(C, &p, A, &ERR);
    if (!rc)
        rc = opt_optimize(C, &p, A, &ERR);
    if (rc)
        fprintf(stderr, "%s: %s %s\n", sql, ERR.sqlstate, ERR.message);
    assert_int_equal(rc, ENG_OK);
    return p;
}

static char *rows(const plan_node *p)
{
    exec_ctx ctx = tu_ctx();
    ctx.conn = C;
    tu_result r = tu_run_ctx(&ctx, p, false);
    if (r.rc)
        fprintf(stderr, "run: %s %s\n", ERR.sqlstate, ERR.message);
    assert_int_equal(r.rc, ENG_OK);
    return r.text;
}

/* Counts the PN_JOINs of type jt in the plan. */
static int count_joins(const plan_node *n, plan_join_type jt)
{
    if (!n)
        return 0;
    return (n->kind == PN_JOIN && n->join_type == jt) +
           count_joins(n->child, jt) + count_joins(n->left, jt) +
           count_joins(n->right, jt);
}

static bool has_text(const plan_node *p, const char *s)
{
    char *text = plan_explain(A, p);
    return text && strstr(text, s);
}

/*
 * Plans sql with join ordering on and off; asserts the ordered plan has
 * `cross` cross products, the FROM-order plan at least `cross_off`, and
 * both return the same rows (sql must order them), which are returned.
 */
static char *check(const char *sql, int cross, int cross_off)
{
    plan_node *on = prepare(sql, NULL);
    int n = count_joins(on, PJ_CROSS);
    if (n != cross)
        fprintf(stderr, "%s: %d cross joins:\n%s\n", sql, n, plan_explain(A, on));
    assert_int_equal(n, cross);
    char *r_on = rows(on);
    plan_node *off = prepare(sql, "join_order=off");
    assert_true(count_joins(off, PJ_CROSS) >= cross_off);
    assert_string_equal(r_on, rows(off));
    return r_on;
}

static void test_comma_join_through_last(void **state)
{
    (void)state;
    /* five tables joined through the last one: FROM order crosses the
     * first four */
    const char *sql =
        "select * from m.s.t1, m.s.t2, m.s.t3, m.s.t4, m.s.t5 "
        "where t1.a = t5.a and t2.b = t5.b and t3.c = t5.c and t4.a = t5.d "
        "order by t1.a, t2.a, t3.a, t4.a, t5.a";
    char *r = check(sql, 0, 3);
    /* the rows, columns in FROM order: t5 row k is (k, (k+5)%4,
     * (3k+5)%4, k or NULL); t4.a = t5.d drops t5's NULL row */
    assert_string_equal(r,
        "0|1|1|0|3|1|3|NULL|2|1|1|2|0|0|0|0|0|1|1|0\n"
        "1|2|0|1|0|2|2|0|3|2|0|NULL|1|1|3|1|1|2|0|1\n"
        "2|3|3|2|1|3|1|1|0|3|3|0|2|2|2|2|2|3|3|2\n");
    /* the columns keep their names and order */
    plan_node *p = prepare(sql, NULL);
    assert_int_equal(p->ncols, 20);
    assert_string_equal(p->names[0], "a");
    assert_string_equal(p->names[19], "d");
    /* switched off: FROM order, cross products first */
    p = prepare(sql, "join_order=off");
    assert_int_equal(count_joins(p, PJ_CROSS), 3);
    assert_false(has_text(prepare(sql, NULL), "HashJoin[CROSS]"));
}

static void test_outer_join_is_a_barrier(void **state)
{
    (void)state;
    /* the LEFT join is one relation of the graph: it keeps its inputs */
    const char *sql =
        "select t3.a, t4.a, t1.a, t2.a from m.s.t3, m.s.t4, "
        "m.s.t1 left join m.s.t2 on t2.b = t1.a and t2.a > 0 "
        "where t3.a = t1.b and t4.a = t1.c order by 1, 2, 3, 4";
    check(sql, 0, 1);
    plan_node *p = prepare(sql, NULL);
    int outer = count_joins(p, PJ_LEFT) + count_joins(p, PJ_RIGHT);
    assert_int_equal(outer, 1);
    /* an inner join under the null-supplying side is ordered on its own,
     * and the outer join's result above it too */
    check("select t1.a, t2.a, t3.a, t4.a, t5.a from m.s.t5, m.s.t1 "
          "left join (select t2.a, t2.b from m.s.t2, m.s.t3, m.s.t4 "
          "where t2.a = t4.b and t3.a = t4.c) t2 on t2.b = t1.a, m.s.t3, "
          "m.s.t4 where t3.a = t1.b and t4.a = t1.c and t5.d = t4.b "
          "order by 1, 2, 3, 4, 5", 0, 1);
    /* full and right joins mixed with comma joins */
    check("select t1.a, t2.a, t3.a, t6.b from m.s.t6, m.s.t1 full join m.s.t2 "
          "on t1.a = t2.b right join m.s.t3 on t3.a = t2.a, m.s.t4 "
          "where t4.a = t3.b and t6.a = t4.c order by 1, 2, 3, 4", 0, 1);
}

static void test_subquery_join_is_a_barrier(void **state)
{
    (void)state;
    const char *sql =
        "select t1.a, t2.a, t3.a from m.s.t2, m.s.t3, m.s.t1 "
        "where t2.a = t1.b and t3.a = t1.c and exists (select 1 from "
        "m.s.t4 where t4.a = t2.c) and t1.a not in (select b from m.s.t5 "
        "where b is not null and b > 2) order by 1, 2, 3";
    check(sql, 0, 1);
    plan_node *p = prepare(sql, NULL);
    assert_int_equal(count_joins(p, PJ_SEMI), 1);
    assert_int_equal(count_joins(p, PJ_ANTI), 1);
}

static void test_many_tables_greedy(void **state)
{
    (void)state;
    /* fourteen tables (greedy: above the exhaustive limit), each joined
     * to the one listed after it, listed so that neighbours never meet */
    const char *sql =
        "select t1.a, t7.a, t14.a, t9.b from m.s.t1, m.s.t3, m.s.t5, m.s.t7, "
        "m.s.t9, m.s.t11, m.s.t13, m.s.t2, m.s.t4, m.s.t6, m.s.t8, m.s.t10, "
        "m.s.t12, m.s.t14 where t1.a = t2.a and t2.b = t3.a and t3.b = t4.a "
        "and t4.b = t5.a and t5.b = t6.a and t6.b = t7.a and t7.b = t8.a "
        "and t8.b = t9.a and t9.b = t10.a and t10.b = t11.a and "
        "t11.b = t12.a and t12.b = t13.a and t13.b = t14.a "
        "order by 1, 2, 3, 4";
    /* (the FROM-order plan is not run: its 7-table cross product alone
     * has 16,384 rows before the first condition) */
    plan_node *p = prepare(sql, NULL);
    assert_int_equal(count_joins(p, PJ_CROSS), 0);
    assert_int_equal(count_joins(p, PJ_INNER), 13);
    /* t2.a = t1.a, then t(i+1).a = t(i).b = (t(i).a + i) % 4: each t1
     * row has one chain */
    assert_string_equal(rows(p),
        "0|0|2|0\n1|1|3|1\n2|2|0|2\n3|3|1|3\n");
    /* a smaller chain the FROM-order plan can run too */
    check("select t1.a, t4.b from m.s.t1, m.s.t3, m.s.t2, m.s.t4 "
          "where t1.a = t2.a and t2.b = t3.a and t3.b = t4.a order by 1", 0, 1);
}

static void test_disconnected_graph(void **state)
{
    (void)state;
    /* {t1, t3} and {t2, t4} share no condition: one cross product */
    check("select t1.a, t2.a, t3.a, t4.a from m.s.t1, m.s.t2, m.s.t3, m.s.t4 "
          "where t1.a = t3.b and t2.a = t4.c order by 1, 2, 3, 4", 1, 1);
    /* a condition over three relations connects them only together */
    check("select t1.a, t2.a, t3.a from m.s.t1, m.s.t2, m.s.t3 "
          "where t1.a + t2.b = t3.c and t1.b = t3.a order by 1, 2, 3", 0, 1);
}

/* The relations below the innermost join of p (FILTERs and PROJECTs
 * looked through): their table names into names[0..1]. */
static bool innermost(const plan_node *n, const char **names)
{
    if (!n)
        return false;
    if (n->kind == PN_JOIN) {
        if (innermost(n->left, names) || innermost(n->right, names))
            return true;
        const plan_node *s[2] = { n->left, n->right };
        for (int i = 0; i < 2; i++) {
            while (s[i]->kind == PN_FILTER || s[i]->kind == PN_PROJECT)
                s[i] = s[i]->child;
            if (s[i]->kind != PN_SCAN)
                return false;
            names[i] = s[i]->spec.table->name;
        }
        return true;
    }
    return innermost(n->child, names);
}

static void test_estimates_order(void **state)
{
    (void)state;
    /* f and g are estimated at a million rows, x at ten: FROM order joins
     * f and g first (a million rows estimated); x joins first instead */
    const char *sql =
        "select f.a, g.b, x.a from big.s.f, big.s.g, small.s.x "
        "where f.b = g.a and x.a = f.a order by 1, 2, 3";
    check(sql, 0, 0);
    const char *names[2] = { NULL, NULL };
    assert_true(innermost(prepare(sql, NULL), names));
    assert_true((!strcmp(names[0], "x") && !strcmp(names[1], "f")) ||
                (!strcmp(names[0], "f") && !strcmp(names[1], "x")));
    assert_true(innermost(prepare(sql, "join_order=off"), names));
    assert_true(!strcmp(names[0], "f") || !strcmp(names[1], "f"));
    assert_true(!strcmp(names[0], "g") || !strcmp(names[1], "g"));
}

/* Allocation failure anywhere in the optimizer, join order included:
 * ENG_NOMEM with HY001 (no crash, no leak under ASan), until the
 * allocation count says nothing failed. */
static void test_out_of_memory(void **state)
{
    (void)state;
    const char *sql =
        "select * from m.s.t1, m.s.t2, m.s.t3, m.s.t4, m.s.t5 "
        "where t1.a = t5.a and t2.b = t5.b and t3.c = t5.c and t4.a = t5.d";
    bool done = false;
    for (long k = 1; k < 100000 && !done; k++) {
        ast_stmt *s;
        eng_bound_stmt *bs;
        eng_err_clear(&ERR);
        assert_int_equal(parse_statement(sql, strlen(sql), A, &s, &ERR), ENG_OK);
        assert_int_equal(bind_statement(C, s, A, &bs, &ERR), ENG_OK);
        plan_node *p = bs->plan;
        assert_int_equal(planner_run(C, &p, A, &ERR), ENG_OK);
        /* a fresh arena: its chunks are allocated while injection is on */
        eng_arena *oa = eng_arena_create();
        assert_non_null(oa);
        eng_alloc_fail_at(k);
        eng_rc rc = opt_optimize(C, &p, oa, &ERR);
        long n = eng_alloc_count();
        eng_alloc_fail_at(0);
        eng_arena_destroy(oa);
        if (rc == ENG_OK) {
            done = n < k;
            continue;
        }
        assert_int_equal(rc, ENG_NOMEM);
        assert_string_equal(ERR.sqlstate, "HY001");
    }
    assert_true(done);
}

static void test_switch(void **state)
{
    (void)state;
    eng_error err;
    eng_err_clear(&err);
    assert_int_equal(sess_set_optimizer(C, "join_order=off", &err), ENG_OK);
    assert_true(C->opt_off & SESS_OPT_JOIN_ORDER);
    assert_int_equal(sess_set_optimizer(C, "all=on", &err), ENG_OK);
    assert_false(C->opt_off & SESS_OPT_JOIN_ORDER);
    assert_int_equal(sess_set_optimizer(C, "all=off", &err), ENG_OK);
    assert_true(C->opt_off & SESS_OPT_JOIN_ORDER);
    assert_int_equal(sess_set_optimizer(C, "join_orders=off", &err),
                     ENG_ERROR);
    assert_string_equal(err.sqlstate, "22023");
    assert_non_null(strstr(err.message, "join_order"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_comma_join_through_last, setup, teardown),
        cmocka_unit_test_setup_teardown(test_outer_join_is_a_barrier, setup, teardown),
        cmocka_unit_test_setup_teardown(test_subquery_join_is_a_barrier, setup, teardown),
        cmocka_unit_test_setup_teardown(test_many_tables_greedy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_disconnected_graph, setup, teardown),
        cmocka_unit_test_setup_teardown(test_estimates_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_out_of_memory, setup, teardown),
        cmocka_unit_test_setup_teardown(test_switch, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
