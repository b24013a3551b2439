/*
 * tests/unit/exec/test_lateral.c
 *   LATERAL derived tables end to end over the in-memory connector
 *   (parse, bind, plan, optimize, op_apply's LATERAL mode): CROSS JOIN
 *   LATERAL, `, LATERAL`, JOIN LATERAL ... ON, LEFT JOIN LATERAL with
 *   NULL padding, several rows and columns per left row, a correlated
 *   aggregate, top-n per row, a LATERAL that reads nothing of its left
 *   (an ordinary join, RIGHT and FULL allowed), LATERAL inside a
 *   correlated subquery (rerun per outer row), column pruning, EXPLAIN,
 *   the refusals (42P10 as Trino, 0A000 naming the feature) and the
 *   allocation-failure loop.
 * Interface: main (cmocka).
 * Not here: comparison with PostgreSQL (tests/sql/differential.sql).
 */
#include "exec_test_util.h"
#include "../test_connector.h"
#include "sql_harness.h"

#define Q SH_QTEXT
#define QE SH_QE

/* t(g varchar, k integer): groups a, b, c (c without rows in u);
 * u(g varchar, v integer): values per group, a NULL. */
static int setup(void **state)
{
    (void)state;
    A = eng_arena_create();
    tc_catalog *cat = tc_catalog_new();
    tc_table *t = tc_add_table(cat, "s", "t", 2,
        (tc_colspec[]){ tc_col("g", ENG_T_VARCHAR), tc_col("k", ENG_T_INTEGER) });
    tc_add_row(t, tc_str("a"), tc_int(1));
    tc_add_row(t, tc_str("b"), tc_int(2));
    tc_add_row(t, tc_str("c"), tc_int(3));
    tc_table *u = tc_add_table(cat, "s", "u", 2,
        (tc_colspec[]){ tc_col("g", ENG_T_VARCHAR), tc_col("v", ENG_T_INTEGER) });
    tc_add_row(u, tc_str("a"), tc_int(10));
    tc_add_row(u, tc_str("a"), tc_int(30));
    tc_add_row(u, tc_str("a"), tc_int(20));
    tc_add_row(u, tc_str("b"), tc_int(5));
    tc_add_row(u, tc_str("b"), tc_null(ENG_T_INTEGER));
    sh_open(cat, "mem", "s");
    return 0;
}

static int teardown(void **state)
{
    sh_close();
    return tu_teardown(state);
}

static void test_cross(void **state)
{
    (void)state;
    /* several rows and columns per left row, in the left row's order */
    Q("select t.k, x.a, x.b from t cross join lateral (select k * 10 as a, "
      "'x' || g as b union all select k * 100, g) x order by 1, 2",
      "1|10|xa\n1|100|a\n2|20|xb\n2|200|b\n3|30|xc\n3|300|c\n");
    /* a correlated aggregate, comma form: one row per left row */
    Q("select t.g, s.n, s.m from t, lateral (select count(*) n, max(v) m "
      "from u where u.g = t.g) s order by 1",
      "a|3|30\nb|2|5\nc|0|NULL\n");
    /* top-1 per left row; a row without any is dropped (inner) */
    Q("select t.g, x.v from t cross join lateral (select v from u where "
      "u.g = t.g and v is not null order by v desc limit 1) x order by 1",
      "a|30\nb|5\n");
    /* non-equality correlation */
    Q("select t.k, x.c from t join lateral (select count(*) c from u where "
      "u.v > t.k * 10) x on true order by 1", "1|2\n2|1\n3|0\n");
}

static void test_join_on(void **state)
{
    (void)state;
    /* JOIN LATERAL ... ON: the condition over both sides */
    Q("select t.g, x.v from t join lateral (select v from u where u.g = t.g) "
      "x on x.v > t.k * 15 order by 1, 2", "a|20\na|30\n");
    /* LEFT: a left row without a passing right row comes once, NULLs */
    Q("select t.g, x.v from t left join lateral (select v from u where "
      "u.g = t.g) x on x.v > 15 order by 1, 2",
      "a|20\na|30\nb|NULL\nc|NULL\n");
    Q("select t.g, x.v from t left join lateral (select v from u where "
      "u.g = t.g order by v desc limit 1) x on true order by 1",
      "a|30\nb|5\nc|NULL\n");
    /* a filter above on the right side stays above the LEFT join */
    Q("select * from (select t.g, x.v from t left join lateral (select v "
      "from u where u.g = t.g) x on true) y where y.v is null order by 1",
      "b|NULL\nc|NULL\n");
}

static void test_uncorrelated_and_nested(void **state)
{
    (void)state;
    /* reading nothing on its left: an ordinary derived table, any join */
    Q("select t.k, x.z from t right join lateral (select 7 z) x on x.z = "
      "t.k * 7 order by 1", "1|7\n");
    Q("select count(*) from t full join lateral (select 9 z) x on false",
      "4\n");
    /* inside a correlated scalar subquery: rerun for each outer row; the
     * LATERAL may read the enclosing query's columns too */
    Q("select t.g, (select max(x.w) from u cross join lateral (select u.v * "
      "2 as w) x where u.g = t.g) from t order by 1",
      "a|60\nb|10\nc|NULL\n");
    Q("select t.g, (select max(x.w) from u cross join lateral (select u.v * "
      "t.k as w) x where u.g = t.g) from t order by 1",
      "a|30\nb|10\nc|NULL\n");
    Q("select t.k, (select count(*) from u cross join lateral (select t.k + "
      "u.v z where u.v > t.k * 10) x) from t order by 1", "1|2\n2|1\n3|0\n");
    /* two in a row, the second reading the first */
    Q("select t.k, a.x, b.y from t cross join lateral (select k + 1 x) a "
      "cross join lateral (select a.x * 2 y) b order by 1",
      "1|2|4\n2|3|6\n3|4|8\n");
    /* only the columns used above are kept */
    Q("select x.b from t cross join lateral (select k a, g b, k * 2 c) x "
      "where x.c > 2 order by 1", "b\nc\n");
    /* `lateral` is no keyword: a column or alias may be named so */
    Q("select k lateral from t where k = 1", "1\n");
}

static void test_errors(void **state)
{
    (void)state;
    QE("select * from t right join lateral (select k z) x on true", "42P10",
       "LATERAL reference not allowed in RIGHT JOIN");
    QE("select * from t full join lateral (select k z) x on true", "42P10",
       "LATERAL reference not allowed in FULL JOIN");
    QE("select * from t join lateral (select k, g z) x using (k)", "0A000",
       "JOIN LATERAL ... USING");
    QE("select * from t join lateral (select k z) x on x.z in (select v "
       "from u)", "0A000", "a subquery in the ON condition of JOIN LATERAL");
    /* without LATERAL the left side is not visible */
    QE("select * from t cross join (select k z) x", "42703", "");
}

static void test_explain(void **state)
{
    (void)state;
    char *s = sh_text("explain select t.g, x.v from t left join lateral "
                      "(select v from u where u.g = t.g) x on x.v > 1");
    if (!strstr(s, "Apply[LATERAL LEFT] slots 0.. = #0 test: (#1 > 1)") ||
        !strstr(s, "$corr0"))
        fail_msg("%s", s);
}

static void test_oom(void **state)
{
    (void)state;
    sh_oom_loop("select t.g, x.v, y.n from t left join lateral (select v from "
                "u where u.g = t.g order by v limit 2) x on x.v > 5 cross "
                "join lateral (select count(*) n from u where u.v > t.k) y", 4);
}

int main(void)
{
    (void)tu_setup;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cross),
        cmocka_unit_test(test_join_on),
        cmocka_unit_test(test_uncorrelated_and_nested),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_explain),
        cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
