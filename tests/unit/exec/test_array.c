/*
 * tests/unit/exec/test_array.c
 *   Trino's array(T) end to end over the in-memory connector (parse, bind,
 *   optimize, execute): typeof, the ARRAY[...] constructor and its common
 *   super type, the subscript, element_at, cardinality, contains, = / <> /
 *   IS DISTINCT FROM with NULL elements, CAST between arrays, || and
 *   concat, array_agg as array(T) (GROUP BY and window), UNNEST of array
 *   values, GROUP BY / DISTINCT / ORDER BY over arrays, the array
 *   functions of Trino's docs, their errors, and the allocation-failure
 *   loops.
 * Interface: main (cmocka).
 * Not here: agreement with Trino (tests/sql/differential.sql, branch
 *   arrays), ODBC delivery (tests/odbc/test_array_odbc.c).
 */
#include "exec_test_util.h"
#include "../test_connector.h"
#include "sql_harness.h"

#define Q SH_QTEXT
/* sql's text starts with want (errors whose message goes on) */
#define QS(sql, want) assert_true(tu_starts(sh_text(sql), want))

/* t(g varchar, k integer): a 2, a 1, a NULL, b 7. */
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
    sh_open(cat, "mem", "s");
    return 0;
}

static int teardown(void **state)
{
    sh_close();
    return tu_teardown(state);
}

static void test_types(void **state)
{
    (void)state;
    Q("select typeof(array[1, 2]), typeof(array[1, 2.5]), typeof(array['a', 'bc']), "
      "typeof(array[]), typeof(array[array[1]]), typeof(array[1e0, 2])",
      "array(integer)|array(decimal(11,1))|array(varchar(2))|array(unknown)|"
      "array(array(integer))|array(double)\n");
    Q("select array[1, 2, 3], array['a', null], array[], array[array[1, 2], null], "
      "array[date '2020-01-02']",
      "[1, 2, 3]|[a, NULL]|[]|[[1, 2], NULL]|[2020-01-02]\n");
    Q("select array[1, 2.5]", "[1.0, 2.5]\n");
    Q("select cast(array[1, 2] as array(varchar)), typeof(cast(array[1] as array(bigint)))",
      "[1, 2]|array(bigint)\n");
    Q("select cast(array['1', 'x'] as array(integer))",
      "ERR 22018 cannot cast 'x' to integer");
    Q("select cast(array[1] as varchar)", "ERR 42804 Cannot cast array(integer) to varchar");
    Q("select cast(null as array(integer)), typeof(cast(null as array(array(date))))",
      "NULL|array(array(date))\n");
}

static void test_subscript(void **state)
{
    (void)state;
    Q("select array[1, 2, 3][2], array['a', 'b'][1], array[array[1, 2], array[3]][1][2]",
      "2|a|2\n");
    Q("select element_at(array[1, 2, 3], 3), element_at(array[1, 2, 3], -1), "
      "element_at(array[1, 2, 3], 4), element_at(array[1, 2, 3], -4), "
      "element_at(array[1, null], 2)", "3|3|NULL|NULL|NULL\n");
    Q("select array[1, 2, 3][4]", "ERR 22023 Array subscript must be less than "
      "or equal to array length: 4 > 3");
    Q("select array[1, 2, 3][0]", "ERR 22023 SQL array indices start at 1");
    Q("select array[1, 2, 3][-1]", "ERR 22023 Array subscript is negative: -1");
    Q("select element_at(array[1], 0)", "ERR 22023 SQL array indices start at 1");
    Q("select element_at(array[1], -9223372036854775807 - 1), "
      "element_at(array[1], 9223372036854775807)", "NULL|NULL\n");
    Q("select array[k, 10][1], array[k, 10][2] from t order by g, k",
      "1|10\n2|10\nNULL|10\n7|10\n");
    Q("select (array[1, 2])[cast(null as integer)]", "NULL\n");
    Q("select 5[1]", "ERR 42804 Cannot use subscript on a value of type integer");
}

static void test_compare(void **state)
{
    (void)state;
    Q("select array[1, 2] = array[1, 2], array[1, 2] = array[1, 3], "
      "array[1, 2] = array[1], array[1, null] = array[1, null], "
      "array[1, null] = array[2, null], array[1] <> array[2], array[1, 2] = array[1.0, 2]",
      "true|false|false|NULL|false|true|true\n");
    Q("select array[1, null] is distinct from array[1, null], "
      "array[1] is distinct from array[2], array[1] is not distinct from null",
      "false|true|false\n");
    Q("select k from t where array[k, 1] = array[2, 1]", "2\n");
    Q("select array[1] = array['a']", "ERR 42804 Cannot apply operator: "
      "array(integer) = array(varchar(1))");
}

static void test_functions(void **state)
{
    (void)state;
    Q("select cardinality(array[1, 2, 3]), cardinality(array[]), cardinality(null), "
      "contains(array[1, 2], 2), contains(array[1, null], 3), contains(array[1, null], 1), "
      "contains(array[], 1), contains(array[1], null), contains(array['a'], 'a')",
      "3|0|NULL|true|NULL|true|false|NULL|true\n");
    Q("select array[1, 2] || array[3], array[1] || 2, 0 || array[1], "
      "concat(array[1], array[2, 3], array[]), array['a'] || array[null], "
      "array[1] || cast(null as array(integer))",
      "[1, 2, 3]|[1, 2]|[0, 1]|[1, 2, 3]|[a, NULL]|NULL\n");
    Q("select typeof(array[1] || array[2.5])", "array(decimal(11,1))\n");
    Q("select array_join(array[1, null, 3], ', '), array_join(array['a', null], '-', 'x'), "
      "array_join(array[], ',')", "1, 3|a-x|\n");
    Q("select split('a,b,,c', ','), split('a,b,c', ',', 2), split('', ','), "
      "typeof(split('a', ','))", "[a, b, , c]|[a, b,c]|[]|array(varchar)\n");
    Q("select split('abc', 'x', 0)", "ERR 22023 Limit must be positive");
    Q("select array_distinct(array[1, 2, 1, null, 2, null]), "
      "array_sort(array[3, null, 1, 2]), array_sort(array['b', 'a']), "
      "array_max(array[1, 5, 3]), array_min(array[4, 2]), array_max(array[1, null]), "
      "array_max(array[])", "[1, 2, NULL]|[1, 2, 3, NULL]|[a, b]|5|2|NULL|NULL\n");
    Q("select array_position(array[5, 6, 7], 7), array_position(array[5], 1), "
      "array_remove(array[1, 2, 1, null], 1), reverse(array[1, 2, 3]), reverse('abc')",
      "3|0|[2, NULL]|[3, 2, 1]|cba\n");
    Q("select array_except(array[1, 2, 2, 3], array[2]), "
      "array_intersect(array[1, 2, 2, 3], array[3, 2]), "
      "array_union(array[1, 1, 2], array[2, 3]), "
      "arrays_overlap(array[1, 2], array[2]), arrays_overlap(array[1], array[2]), "
      "arrays_overlap(array[1, null], array[2])",
      "[1, 3]|[2, 3]|[1, 2, 3]|true|false|NULL\n");
    Q("select slice(array[1, 2, 3, 4], 2, 2), slice(array[1, 2, 3, 4], -2, 5), "
      "slice(array[1, 2], 5, 1)", "[2, 3]|[3, 4]|[]\n");
    Q("select slice(array[1], 0, 1)", "ERR 22023 SQL array indices start at 1");
    Q("select sequence(1, 5), sequence(5, 1), sequence(0, 10, 5), sequence(3, 3)",
      "[1, 2, 3, 4, 5]|[5, 4, 3, 2, 1]|[0, 5, 10]|[3]\n");
    QS("select sequence(1, 5, -1)", "ERR 22023 sequence stop value should be");
    Q("select sequence(1, 5, 0)", "ERR 22023 step must not be zero");
    Q("select sequence(1, 100000)", "ERR 22023 result of sequence function must "
      "not have more than 10000 entries");
    Q("select flatten(array[array[1, 2], null, array[3]]), repeat('x', 3), "
      "repeat(1, 0), repeat(null, 2)", "[1, 2, 3]|[x, x, x]|[]|[NULL, NULL]\n");
    QS("select repeat(1, -1)", "ERR 22023 count argument of repeat function");
    Q("select array_sort(array[array[2], array[1, 5], array[1]])",
      "[[1], [1, 5], [2]]\n");
    Q("select array_position(array[1, null, 3], 3), array_position(array[1, 2], 5), "
      "array_remove(array[1, null, 1, 2], 1), array_distinct(array[null, 1, null]), "
      "array_max(array['b', 'c', 'a']), array_min(array[2.5, 1.5]), "
      "array_join(array[1.5, 2.25], ';'), repeat(null, 2), "
      "slice(array[1, 2, 3], -5, 2), sequence(-2, 2, 2)",
      "3|0|[NULL, 2]|[NULL, 1]|c|1.5|1.50;2.25|[NULL, NULL]|[]|[-2, 0, 2]\n");
    /* array_join casts each element to varchar: a double is Trino's
     * "1.5E0" (branch dblcast), while the array's display keeps 1.5 */
    Q("select array_join(array[1.5e0, 2e0, -0e0], '/'), "
      "array_join(array[cast(0.1 as real)], ','), array[1.5e0]",
      "1.5E0/2.0E0/-0E0|1.0E-1|[1.5]\n");
    Q("select arrays_overlap(array[1, 2], array[2, 3]), "
      "arrays_overlap(array[1, null], array[3]), contains(array[array[1]], array[2]), "
      "array[array[1, 2]] = array[array[1, 2]]", "true|NULL|false|true\n");
}

static void test_agg(void **state)
{
    (void)state;
    Q("select g, array_agg(k order by k), typeof(array_agg(k)) from t group by g order by g",
      "a|[1, 2, NULL]|array(integer)\nb|[7]|array(integer)\n");
    Q("select array_agg(g order by k desc) from t", "[b, a, a, a]\n");
    Q("select cardinality(array_agg(k)), array_agg(k order by k)[1] from t", "4|1\n");
    Q("select g, k, array_agg(k) over (partition by g order by k) from t order by g, k",
      "a|1|[1]\na|2|[1, 2]\na|NULL|[1, 2, NULL]\nb|7|[7]\n");
    Q("select array_agg(x order by x) from (select array[k] x from t where k is not null) s",
      "[[1], [2], [7]]\n");
    /* min / max over arrays (test_trino_fns has more): [NULL] can only be
     * ordered by its NULL element, which Trino refuses */
    Q("select max(array[k]), min(array[k]) from t where k is not null", "[7]|[1]\n");
    Q("select max(array[k]) from t",
      "ERR 0A000 ARRAY comparison not supported for arrays with null elements");
    Q("select max(array[k]) over () from t",
      "ERR 0A000 max over array values is not supported");
    Q("select count(array[k]) from t", "4\n");
}

static void test_relational(void **state)
{
    (void)state;
    Q("select x, count(*) from (select array[g] x from t) s group by x order by x",
      "[a]|3\n[b]|1\n");
    Q("select distinct array[g, 'z'] from t order by 1", "[a, z]\n[b, z]\n");
    Q("select array[k] from t where k is not null order by 1", "[1]\n[2]\n[7]\n");
    Q("select array[k] from t order by 1",
      "ERR 0A000 ARRAY comparison not supported for arrays with null elements");
    Q("select g, x from (select g, array_agg(k order by k) a from t group by g) s "
      "cross join unnest(s.a) u(x) order by g, x", "a|1\na|2\na|NULL\nb|7\n");
    Q("select x, n from unnest(sequence(1, 3)) with ordinality u(x, n)",
      "1|1\n2|2\n3|3\n");
    Q("select g, x, y from t cross join unnest(array[k, 1], split(g, ',')) u(x, y) "
      "where g = 'b'", "b|7|b\nb|1|NULL\n");
    Q("select count(*) from t cross join unnest(cast(null as array(integer))) u(x)",
      "0\n");
    Q("select a[2] from (select array[g, 'q'] a from t) s where a[1] = 'b'", "q\n");
    /* a join on arrays: Trino's = (NULL elements match nothing) */
    Q("select x.k, y.k from t x join t y on array[x.k, 1] = array[y.k, 1] "
      "order by 1", "1|1\n2|2\n7|7\n");
}

static void test_oom(void **state)
{
    (void)state;
    sh_oom_loop("select g, array_agg(k order by k), array_join(split(g || ',x', ','), "
                "'-') from t group by g order by g", 2);
    sh_oom_loop("select array_sort(array_distinct(array[k, 1, k] || array[2])), "
                "array[g][1] from t where k is not null order by 1", 3);
    sh_oom_loop("select x from t cross join unnest(array[array[k], null][1]) u(x)", 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_types),
        cmocka_unit_test(test_subscript),
        cmocka_unit_test(test_compare),
        cmocka_unit_test(test_functions),
        cmocka_unit_test(test_agg),
        cmocka_unit_test(test_relational),
        cmocka_unit_test(test_oom),
    };
    (void)tu_setup;       /* the group's setup makes the arena instead */
    return cmocka_run_group_tests(tests, setup, teardown);
}
