/*
 * tests/unit/exec/test_unnest.c
 *   UNNEST end to end over the in-memory connector (parse, bind, optimize,
 *   op_unnest): arrays built with ARRAY[...], several arrays zipped (the
 *   shorter padded with NULL), WITH ORDINALITY, CROSS JOIN / comma /
 *   JOIN ... ON UNNEST over the left row (lateral), more rows than a
 *   batch, inside a correlated subquery (rescans); cardinality and
 *   contains over array constructors; the binder's errors; EXPLAIN; the
 *   allocation-failure loop.
 * Interface: main (cmocka).
 * Not here: comparison with PostgreSQL (tests/sql/differential.sql).
 */
#include "exec_test_util.h"
#include "../test_connector.h"
#include "sql_harness.h"

#define Q SH_QTEXT

/* t(g varchar, k integer): three rows of group a, one of b; n(i): 3000. */
static int setup(void **state)
{
    (void)state;
    A = eng_arena_create();
    tc_catalog *cat = tc_catalog_new();
    tc_table *t = tc_add_table(cat, "s", "t", 2,
        (tc_colspec[]){ tc_col("g", ENG_T_VARCHAR), tc_col("k", ENG_T_INTEGER) });
    tc_add_row(t, tc_str("a"), tc_int(2));
    tc_add_row(t, tc_str("a"), tc_int(1));
    tc_add_row(t, tc_str("a"), tc_null(ENG_T_INTEGER));
    tc_add_row(t, tc_str("b"), tc_int(7));
    tc_table *n = tc_add_table(cat, "s", "n", 1,
        (tc_colspec[]){ tc_col("i", ENG_T_INTEGER) });
    for (int i = 0; i < 3000; i++)
        tc_add_row(n, tc_int(i));
    sh_open(cat, "mem", "s");
    return 0;
}

static int teardown(void **state)
{
    sh_close();
    return tu_teardown(state);
}

static void test_standalone(void **state)
{
    (void)state;
    Q("select * from unnest(array[1, 2, 3]) as t(x)", "1\n2\n3\n");
    Q("select x, y from unnest(array[1, 2], array['a', 'b', 'c']) as t(x, y)",
      "1|a\n2|b\nNULL|c\n");
    Q("select * from unnest(array['a', 'b']) with ordinality as t(x, n)",
      "a|1\nb|2\n");
    Q("select x from unnest(array[1, 2.5, null]) t(x)", "1.0\n2.5\nNULL\n");
    Q("select count(*) from unnest(array[])", "0\n");
    Q("select sum(x), count(*) from unnest(array[1, 2, 3]) t(x) where x > 1",
      "5|2\n");
    Q("select u.x + 1 from unnest(array[10]) u(x)", "11\n");
    Q("select * from unnest(array[1, 2]) a(x) join unnest(array[2, 3]) b(y) "
      "on a.x = b.y", "2|2\n");
}

static void test_lateral(void **state)
{
    (void)state;
    /* a row's elements come out together, in array order */
    Q("select t.k, u.x from t cross join unnest(array[t.k, t.k * 10]) "
      "as u(x) where t.g = 'a'", "2|2\n2|20\n1|1\n1|10\nNULL|NULL\nNULL|NULL\n");
    Q("select g, x, n from t, unnest(array[k]) with ordinality u(x, n) "
      "order by g, x", "a|1|1\na|2|1\na|NULL|1\nb|7|1\n");
    Q("select t.k, u.x from t join unnest(array[1, 2, 3]) u(x) on t.k = u.x "
      "order by 1", "1|1\n2|2\n");
    Q("select g, sum(x) from t cross join unnest(array[k, 100]) u(x) "
      "group by g order by g", "a|303\nb|107\n");
    /* more rows than a batch: 3000 rows times 3 elements */
    Q("select count(*), count(x), sum(x) from n cross join unnest(array[i, "
      "i + 1, null]) u(x)", "9000|6000|9000000\n");
    /* in a correlated subquery: the UNNEST reruns per outer row */
    Q("select k, (select max(x) from unnest(array[t.k, 5]) u(x)) from t "
      "order by k", "1|5\n2|5\n7|7\nNULL|5\n");
}

static void test_array_functions(void **state)
{
    (void)state;
    Q("select cardinality(array[1, 2, 3]), cardinality(array[]), "
      "contains(array[1, 2], 2), contains(array[1, null], 3), "
      "contains(array[], 1), contains(array[1], null)",
      "3|0|true|NULL|false|NULL\n");
    Q("select k from t where contains(array[1, 7], k) order by k", "1\n7\n");
}

static void test_errors(void **state)
{
    (void)state;
    assert_true(tu_starts(sh_text("select * from unnest(5)"),
                          "ERR 42804 Cannot unnest type: integer"));
    assert_true(tu_starts(sh_text("select * from t cross join unnest(t.g) u(x)"),
                          "ERR 42804 Cannot unnest type: varchar"));
    assert_true(tu_starts(sh_text("select * from t left join unnest(array[1]) u(x) "
                            "on true"), "ERR 0A000 LEFT JOIN UNNEST"));
    assert_true(tu_starts(sh_text("select * from unnest(array[1]) u(x, y)"),
                          "ERR 42000 Column alias list has 2 entries"));
    assert_true(tu_starts(sh_text("select * from unnest(array[1, 'a'])"),
                          "ERR 42804 All ARRAY elements must be the same type"));
    assert_true(tu_starts(sh_text("select * from unnest(array[1)"), "ERR 42000"));
}

static void test_explain(void **state)
{
    (void)state;
    char *t = sh_text("explain select t.k, u.x from t cross join unnest(array[t.k, "
                "3], array['z']) with ordinality u(x, y, n)");
    assert_non_null(strstr(t, "Unnest [#"));
    assert_non_null(strstr(t, "WITH ORDINALITY"));
}

static void test_oom(void **state)
{
    (void)state;
    const char *sql = "select t.k, u.x, u.y, u.n from t cross join unnest("
                      "array[t.k, t.k * 10], array['p']) with ordinality "
                      "as u(x, y, n) where t.g = 'a' order by 1, 4";
    sh_oom_loop(sql, 6);
}

int main(void)
{
    (void)tu_setup;       /* the group's setup makes the arena instead */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_standalone),
        cmocka_unit_test(test_lateral),
        cmocka_unit_test(test_array_functions),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_explain),
        cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
