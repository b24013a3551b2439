/*
 * tests/unit/exec/test_agg_collect.c
 *   The collecting aggregates of op_hash_agg.c end to end over the
 *   in-memory connector (parse, bind, optimize, execute): listagg ...
 *   WITHIN GROUP (ORDER BY ...) with ON OVERFLOW ERROR / TRUNCATE,
 *   array_agg([DISTINCT] x [ORDER BY ...]) printed as Trino's CLI prints
 *   an array, approx_percentile(x, p) exact; FILTER, NULLs, empty groups,
 *   grouping sets; the binder's errors; EXPLAIN; the allocation-failure
 *   loop.
 * Interface: main (cmocka).
 * Not here: comparison with PostgreSQL (tests/sql/differential.sql and
 *   tests/odbc/test_differential.c's pairs).
 */
#include "exec_test_util.h"
#include "../test_connector.h"
#include "sql_harness.h"

#define Q SH_QTEXT

/* t(g varchar, k integer, s varchar, d decimal(10,2), x double): two
 * groups, a tie on k, NULL values and a NULL group; n(p, i): 3000 rows. */
static int setup(void **state)
{
    (void)state;
    A = eng_arena_create();
    tc_catalog *cat = tc_catalog_new();
    tc_table *t = tc_add_table(cat, "s", "t", 5,
        (tc_colspec[]){ tc_col("g", ENG_T_VARCHAR), tc_col("k", ENG_T_INTEGER),
                        tc_col("s", ENG_T_VARCHAR),
                        tc_col_t("d", eng_type_decimal(10, 2)),
                        tc_col("x", ENG_T_DOUBLE) });
    tc_add_row(t, tc_str("a"), tc_int(3), tc_str("c"), tc_dec(150, 10, 2), tc_double(1.5));
    tc_add_row(t, tc_str("a"), tc_int(1), tc_str("a"), tc_dec(250, 10, 2), tc_double(2.5));
    tc_add_row(t, tc_str("a"), tc_int(2), tc_null(ENG_T_VARCHAR), tc_dec(1, 10, 2), tc_double(-1));
    tc_add_row(t, tc_str("a"), tc_int(2), tc_str("b"), tc_null(ENG_T_DECIMAL), tc_double(4));
    tc_add_row(t, tc_str("b"), tc_int(5), tc_str("x"), tc_dec(100, 10, 2), tc_null(ENG_T_DOUBLE));
    tc_add_row(t, tc_str("b"), tc_null(ENG_T_INTEGER), tc_str("y"), tc_dec(200, 10, 2), tc_double(0));
    tc_add_row(t, tc_null(ENG_T_VARCHAR), tc_int(9), tc_str("z"), tc_dec(300, 10, 2), tc_double(9));
    tc_table *n = tc_add_table(cat, "s", "n", 2,
        (tc_colspec[]){ tc_col("p", ENG_T_INTEGER), tc_col("i", ENG_T_INTEGER) });
    for (int i = 0; i < 3000; i++)
        tc_add_row(n, tc_int(i % 3), tc_int(i));
    sh_open(cat, "mem", "s");
    return 0;
}

static int teardown(void **state)
{
    sh_close();
    return tu_teardown(state);
}

static void test_listagg(void **state)
{
    (void)state;
    /* NULLs skipped; ties on k keep input order; separator optional */
    Q("select g, listagg(s, ', ') within group (order by k) from t "
      "group by g order by g", "a|a, b, c\nb|x, y\nNULL|z\n");
    Q("select listagg(s) within group (order by s desc) from t",
      "zyxcba\n");
    Q("select g, listagg(s, '-') within group (order by k desc nulls first, s) "
      "from t group by g order by g", "a|c-b-a\nb|y-x\nNULL|z\n");
    /* FILTER, DISTINCT, a group with no value: NULL */
    Q("select g, listagg(s, ',') within group (order by s) filter (where k > 1) "
      "from t group by g order by g", "a|b,c\nb|x\nNULL|z\n");
    Q("select listagg(distinct g, ',') within group (order by g) from t",
      "a,b\n");
    Q("select g, listagg(s, ',') within group (order by s) from t where k = 2 "
      "group by g", "a|b\n");
    Q("select listagg(s, ',') within group (order by s) from t where k > 100",
      "NULL\n");
    Q("select g, listagg(s, ',') within group (order by k) from t "
      "where s is null group by g", "a|NULL\n");
    /* past 1 MB: ERROR by default, TRUNCATE on request. Each value is 400
     * bytes, 401 with its separator: 2614 values fit (1048213 bytes), then
     * ",", the filler and the count of the 386 left out */
    char want_trunc[300];
    memset(want_trunc, 0, sizeof want_trunc);
    strcpy(want_trunc, "1048221|");
    memset(want_trunc + 8, 'x', 214);
    strcat(want_trunc, ",!!(386)\n");
    assert_true(tu_starts(sh_text("select listagg(rpad(cast(i as varchar), 400, 'x'), "
                            "',') within group (order by i) from n"),
                          "ERR 54000 Concatenated string has the length in "
                          "bytes larger than the maximum output length 1048576"));
    Q("select length(listagg(rpad(cast(i as varchar), 400, 'x'), ',' on "
      "overflow truncate '!!' with count) within group (order by i)), "
      "substr(listagg(rpad(cast(i as varchar), 400, 'x'), ',' on overflow "
      "truncate '!!' with count) within group (order by i), 1048000) from n",
      want_trunc);
    Q("select length(listagg(rpad(cast(i as varchar), 400, 'x'), ',' on "
      "overflow truncate without count) within group (order by i)) from n",
      "1048217\n");
}

static void test_array_agg(void **state)
{
    (void)state;
    /* NULLs kept, printed as Trino's CLI prints them */
    Q("select g, array_agg(s order by k, s) from t group by g order by g",
      "a|[a, b, NULL, c]\nb|[x, y]\nNULL|[z]\n");
    Q("select array_agg(k order by k desc) from t where g = 'a'",
      "[3, 2, 2, 1]\n");
    Q("select array_agg(d order by d nulls first), array_agg(distinct k order "
      "by k) from t where g = 'a'",
      "[NULL, 0.01, 1.50, 2.50]|[1, 2, 3]\n");
    Q("select array_agg(k) filter (where k > 100) from t", "NULL\n");
    Q("select g, array_agg(k order by k) from t group by rollup (g) "
      "order by g nulls first, 2",
      "NULL|[1, 2, 2, 3, 5, 9, NULL]\nNULL|[9]\na|[1, 2, 2, 3]\nb|[5, NULL]\n");
}

static void test_approx_percentile(void **state)
{
    (void)state;
    /* the first value whose running count exceeds p * n */
    Q("select approx_percentile(i, 0.5), approx_percentile(i, 0), "
      "approx_percentile(i, 1), approx_percentile(i, 0.999) from n",
      "1500|0|2999|2997\n");
    Q("select p, approx_percentile(i, 0.25) from n group by p order by p",
      "0|750\n1|751\n2|752\n");
    Q("select g, approx_percentile(k, 0.5), approx_percentile(x, 0.5), "
      "approx_percentile(d, 0.5) from t group by g order by g",
      "a|2|2.5|1.5\nb|5|0.0|2.0\nNULL|9|9.0|3.0\n");
    Q("select approx_percentile(k, 0.5) from t where k > 100", "NULL\n");
    assert_true(tu_starts(sh_text("select approx_percentile(k, 1.5) from t"),
                          "ERR 22023 Percentile must be between 0 and 1"));
    Q("select approx_percentile(k, cast(null as double)) from t", "NULL\n");
}

/* Over windows (op_window's collect_frame), as Trino 476 answers: the
 * frame's rows in window order unless the aggregate orders them, peers
 * in the default RANGE frame, empty frames NULL (approx_distinct 0). */
static void test_windows(void **state)
{
    (void)state;
    Q("select g, k, s, listagg(s, ',') within group (order by s) over "
      "(partition by g order by k), array_agg(s) over (partition by g order "
      "by k, s) from t order by g, k, s",
      "a|1|a|a|[a]\na|2|b|a,b|[a, b]\na|2|NULL|a,b|[a, b, NULL]\n"
      "a|3|c|a,b,c|[a, b, NULL, c]\nb|5|x|x|[x]\nb|NULL|y|x,y|[x, y]\n"
      "NULL|9|z|z|[z]\n");
    Q("select distinct g, approx_percentile(k, 0.5) over (partition by g), "
      "approx_distinct(k) over (partition by g) from t order by g",
      "a|2|3\nb|5|1\nNULL|9|1\n");
    Q("select k, array_agg(k) over w, approx_distinct(k) over w, "
      "listagg(s) within group (order by s) over w from t where g = 'b' "
      "window w as (order by k rows between 1 following and 1 following) "
      "order by k", "5|[NULL]|0|y\nNULL|NULL|0|NULL\n");
    /* the aggregate's own ORDER BY, sliding frames, FILTER */
    Q("select k, array_agg(k order by k desc) over (order by k, s rows "
      "between 1 preceding and 1 following), approx_percentile(x, 0.5) over "
      "(order by k, s rows between current row and unbounded following), "
      "array_agg(s) filter (where k <> 2) over (order by k, s) from t "
      "where g = 'a' order by k, s",
      "1|[2, 1]|2.5|[a]\n2|[2, 2, 1]|1.5|[a]\n2|[3, 2, 2]|1.5|[a]\n"
      "3|[3, 2]|1.5|[a, c]\n");
    Q("select p, approx_percentile(p, 0.5) over (order by i rows 1 preceding) "
      "from n where i < 5 order by i", "0|0\n1|1\n2|2\n0|2\n1|1\n");
    assert_true(tu_starts(sh_text("select approx_percentile(k, 1.5) over () from t"),
                          "ERR 22023 Percentile must be between 0 and 1"));
}

static void test_errors(void **state)
{
    (void)state;
    assert_true(tu_starts(sh_text("select listagg(s, ',') from t"),
                          "ERR 42000 listagg requires WITHIN GROUP"));
    assert_true(tu_starts(sh_text("select listagg(k, ',') within group (order by k) from t"),
                          "ERR 42883"));
    assert_true(tu_starts(sh_text("select listagg(s, g) within group (order by k) from t"),
                          "ERR 42000 listagg separator must be a string literal"));
    assert_true(tu_starts(sh_text("select sum(k) within group (order by k) from t"),
                          "ERR 42000 WITHIN GROUP is only allowed for listagg"));
    assert_true(tu_starts(sh_text("select sum(k order by k) from t"),
                          "ERR 0A000 ORDER BY in aggregate function sum"));
    assert_true(tu_starts(sh_text("select array_agg(distinct k) over () from t"),
                          "ERR 0A000 DISTINCT in window function parameters"));
    assert_true(tu_starts(sh_text("select approx_percentile(k, 1, 0.5) from t"),
                          "ERR 0A000 approx_percentile with a weight"));
    assert_true(tu_starts(sh_text("select approx_percentile(s, 0.5) from t"),
                          "ERR 42883"));
    assert_true(tu_starts(sh_text("select array_agg(distinct k order by s) from t"),
                          "ERR 0A000 array_agg(DISTINCT ...) ordered by"));
}

static void test_explain(void **state)
{
    (void)state;
    char *t = sh_text("explain select listagg(s, '; ' on overflow truncate '..' with "
                "count) within group (order by k desc, s nulls first), "
                "array_agg(k order by s), approx_percentile(k, 0.5) from t");
    assert_non_null(strstr(t, "listagg(#1, '; ' ON OVERFLOW TRUNCATE '..' WITH "
                              "COUNT) WITHIN GROUP (ORDER BY #0 DESC, #1 "
                              "NULLS FIRST)"));
    assert_non_null(strstr(t, "array_agg(#0 ORDER BY #1)"));
    assert_non_null(strstr(t, "approx_percentile(CAST(#0 AS bigint), "
                              "CAST(0.5 AS double))"));
}

static void test_oom(void **state)
{
    (void)state;
    const char *sql = "select g, listagg(s, ',') within group (order by k), "
                      "array_agg(d order by s), approx_percentile(x, 0.5) "
                      "from t group by g order by g";
    sh_oom_loop(sql, 3);
    sh_oom_loop("select g, k, listagg(s, ',') within group (order by s) over "
                "(partition by g order by k), array_agg(k) over (order by k "
                "rows 1 preceding), approx_percentile(x, 0.5) over (), "
                "approx_distinct(g) over () from t", 7);
}

int main(void)
{
    (void)tu_setup;       /* the group's setup makes the arena instead */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_listagg),
        cmocka_unit_test(test_array_agg),
        cmocka_unit_test(test_approx_percentile),
        cmocka_unit_test(test_windows),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_explain),
        cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
