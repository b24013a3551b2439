/*
 * tests/unit/exec/test_window.c
 *   Window functions end to end over the in-memory connector (parse, bind,
 *   optimize, op_window): ranking, peers, partitions, NULL ordering, ROWS
 *   and RANGE frames, lag/lead/first/last/nth_value with IGNORE NULLS,
 *   aggregates over windows (exact decimals, overflow), named windows,
 *   windows over aggregates; the binder's errors; EXPLAIN; then op_window
 *   alone: rescan in every state and the allocation-failure loop.
 * Interface: main (cmocka).
 * Not here: comparison with PostgreSQL (tests/sql/differential.sql).
 */
#include "exec_test_util.h"
#include "exec/exec_int.h"
#include "../test_connector.h"
#include "sql_harness.h"

#define Q SH_QTEXT

static eng_conn *C;

/* t(g varchar, k integer, v integer, d decimal(10,2)): two groups with a
 * tie, NULL values, and a NULL group. */
static int setup(void **state)
{
    (void)state;
    A = eng_arena_create();
    tc_catalog *cat = tc_catalog_new();
    tc_table *t = tc_add_table(cat, "s", "t", 4,
        (tc_colspec[]){ tc_col("g", ENG_T_VARCHAR), tc_col("k", ENG_T_INTEGER),
                        tc_col("v", ENG_T_INTEGER),
                        tc_col_t("d", eng_type_decimal(10, 2)) });
    tc_add_row(t, tc_str("a"), tc_int(1), tc_int(10), tc_dec(150, 10, 2));
    tc_add_row(t, tc_str("a"), tc_int(2), tc_null(ENG_T_INTEGER), tc_dec(250, 10, 2));
    tc_add_row(t, tc_str("a"), tc_int(2), tc_int(30), tc_dec(1, 10, 2));
    tc_add_row(t, tc_str("a"), tc_int(4), tc_int(40), tc_null(ENG_T_DECIMAL));
    tc_add_row(t, tc_str("b"), tc_int(1), tc_int(5), tc_dec(100, 10, 2));
    tc_add_row(t, tc_str("b"), tc_null(ENG_T_INTEGER), tc_int(6), tc_dec(200, 10, 2));
    tc_add_row(t, tc_null(ENG_T_VARCHAR), tc_int(9), tc_int(7), tc_dec(300, 10, 2));
    tc_table *big = tc_add_table(cat, "s", "big", 2,
        (tc_colspec[]){ tc_col("id", ENG_T_BIGINT), tc_col("x", ENG_T_BIGINT) });
    tc_add_row(big, tc_bigint(1), tc_bigint(INT64_MAX));
    tc_add_row(big, tc_bigint(2), tc_bigint(1));
    tc_table *n = tc_add_table(cat, "s", "n", 2,
        (tc_colspec[]){ tc_col("p", ENG_T_INTEGER), tc_col("i", ENG_T_INTEGER) });
    for (int i = 0; i < 3000; i++)
        tc_add_row(n, tc_int(i % 3), tc_int(i));
    tc_table *dd = tc_add_table(cat, "s", "dd", 2,
        (tc_colspec[]){ tc_col("dt", ENG_T_DATE), tc_col("v", ENG_T_INTEGER) });
    tc_add_row(dd, tc_date(2024, 1, 1), tc_int(1));
    tc_add_row(dd, tc_date(2024, 1, 3), tc_int(2));
    tc_add_row(dd, tc_date(2024, 1, 3), tc_int(4));
    tc_add_row(dd, tc_date(2024, 1, 8), tc_int(8));
    tc_add_row(dd, tc_date(2024, 2, 1), tc_int(16));
    tc_add_row(dd, tc_null(ENG_T_DATE), tc_int(32));
    C = sh_open(cat, "mem", "s");
    return 0;
}

static int teardown(void **state)
{
    sh_close();
    return tu_teardown(state);
}

static void test_ranking(void **state)
{
    (void)state;
    Q("select g, k, row_number() over (partition by g order by k), "
      "rank() over (partition by g order by k), "
      "dense_rank() over (partition by g order by k) "
      "from t where g = 'a' order by k, 3",
      "a|1|1|1|1\na|2|2|2|2\na|2|3|2|2\na|4|4|4|3\n");
    /* percent_rank, cume_dist are double; one-row partition: 0 and 1 */
    Q("select g, k, percent_rank() over (partition by g order by k), "
      "cume_dist() over (partition by g order by k) from t "
      "where g = 'a' or g is null order by g, k",
      "a|1|0.0|0.25\na|2|0.3333333333333333|0.75\na|2|0.3333333333333333|0.75\n"
      "a|4|1.0|1.0\nNULL|9|0.0|1.0\n");
    /* NULLS LAST by default for ASC and DESC; NULL partition of its own */
    Q("select g, k, row_number() over (partition by g order by k desc) "
      "from t where g = 'b' order by 3",
      "b|1|1\nb|NULL|2\n");
    Q("select g, k, row_number() over (partition by g order by k nulls first) "
      "from t where g = 'b' order by 3",
      "b|NULL|1\nb|1|2\n");
    Q("select g, count(*) over (partition by g) from t order by g, k",
      "a|4\na|4\na|4\na|4\nb|2\nb|2\nNULL|1\n");
    /* ntile: 4 rows in 3 buckets: 2,1,1; more buckets than rows */
    Q("select k, ntile(3) over (order by k, v) from t where g = 'a' order by 2, 1",
      "1|1\n2|1\n2|2\n4|3\n");
    Q("select k, ntile(10) over (order by k) from t where g = 'b' order by 2",
      "1|1\nNULL|2\n");
    Q("select ntile(0) over () from t", "ERR 22023 Buckets must be greater than 0");
}

static void test_types(void **state)
{
    (void)state;
    eng_stmt *s;
    eng_error err;
    const char *sql = "select row_number() over (), rank() over (order by k), "
                      "percent_rank() over (), cume_dist() over (), "
                      "lag(d) over (order by k), sum(v) over (), sum(d) over (), "
                      "avg(v) over (), avg(d) over (), ntile(2) over () from t";
    assert_int_equal(eng_prepare(C, sql, strlen(sql), &s, &err), ENG_OK);
    eng_type_id want[] = { ENG_T_BIGINT, ENG_T_BIGINT, ENG_T_DOUBLE,
                           ENG_T_DOUBLE, ENG_T_DECIMAL, ENG_T_BIGINT,
                           ENG_T_DECIMAL, ENG_T_DOUBLE, ENG_T_DECIMAL,
                           ENG_T_BIGINT };
    for (int i = 0; i < 10; i++)
        assert_int_equal(eng_stmt_column(s, i)->type.id, want[i]);
    assert_int_equal(eng_stmt_column(s, 6)->type.precision, 38);
    assert_int_equal(eng_stmt_column(s, 8)->type.precision, 10);
    eng_stmt_free(s);
}

static void test_frames(void **state)
{
    (void)state;
    /* default frame with ORDER BY: RANGE, peers included (k = 2 twice) */
    Q("select k, sum(v) over (order by k) from t where g = 'a' order by k",
      "1|10\n2|40\n2|40\n4|80\n");
    /* ROWS: the running total stops at the current row */
    Q("select k, v, sum(v) over (order by k, v rows unbounded preceding) "
      "from t where g = 'a' order by k, v",
      "1|10|10\n2|30|40\n2|NULL|40\n4|40|80\n");
    /* without ORDER BY the whole partition */
    Q("select g, sum(v) over (partition by g), count(v) over (partition by g) "
      "from t order by g, k", "a|80|3\na|80|3\na|80|3\na|80|3\nb|11|2\nb|11|2\nNULL|7|1\n");
    /* sliding frames */
    Q("select i, sum(i) over (order by i rows between 1 preceding and 1 following), "
      "min(i) over (order by i rows between 2 preceding and current row), "
      "max(i) over (order by i rows between current row and 2 following), "
      "count(*) over (order by i rows between 2 following and 5 following) "
      "from n where p = 0 and i < 15 order by i",
      "0|3|0|6|3\n3|9|0|9|2\n6|18|0|12|1\n9|27|3|12|0\n12|21|6|12|0\n");
    Q("select i, avg(i) over (order by i rows between unbounded preceding and "
      "unbounded following), sum(i) over (order by i rows between 3 preceding "
      "and 1 preceding) from n where p = 1 and i < 12 order by i",
      "1|5.5|NULL\n4|5.5|1\n7|5.5|5\n10|5.5|12\n");
    /* RANGE CURRENT ROW to UNBOUNDED FOLLOWING: peers of the start count */
    Q("select k, count(*) over (order by k range between current row and "
      "unbounded following) from t where g = 'a' order by k",
      "1|4\n2|3\n2|3\n4|1\n");
    /* frame offsets from a column: per row */
    Q("select i, sum(i) over (order by i rows between p preceding and current row) "
      "from n where i < 6 order by i", "0|0\n1|1\n2|3\n3|3\n4|7\n5|12\n");
    /* sliding frames whose start moves: exact sums take rows out */
    Q("select p, min(s), max(s), min(c), max(c), sum(s) from (select p, "
      "sum(i) over (partition by p order by i rows between current row and "
      "unbounded following) s, count(i) over (partition by p order by i rows "
      "between 2 preceding and 2 following) c from n) x group by p order by p",
      "0|2997|1498500|3|5|999999000\n1|2998|1499500|3|5|1000499500\n"
      "2|2999|1500500|3|5|1001000000\n");
    Q("select i, sum(d) over (order by i rows between 1 preceding and current "
      "row), avg(k) over (order by i rows between 1 preceding and current row)"
      " from (select row_number() over (order by k, v) i, d, k from t where "
      "g = 'a') x order by i",
      "1|1.50|1.0\n2|1.51|1.5\n3|2.51|2.0\n4|2.50|3.0\n");
    /* a running total over 3000 rows in three partitions */
    Q("select p, max(r) from (select p, sum(i) over (partition by p order by i) r "
      "from n) x group by p order by p", "0|1498500\n1|1499500\n2|1500500\n");
}

static void test_range_offsets(void **state)
{
    (void)state;
    Q("select k, sum(v) over (order by k range between 1 preceding and "
      "current row) from t where g = 'a' order by k",
      "1|10\n2|40\n2|40\n4|40\n");
    Q("select k, sum(v) over (order by k range between 1 following and "
      "2 following) from t where g = 'a' order by k",
      "1|30\n2|40\n2|40\n4|NULL\n");
    Q("select k, sum(v) over (order by k desc range between 1 preceding and "
      "1 following), count(*) over (order by k desc range between current "
      "row and 1 following) from t where g = 'a' order by k",
      "1|40|1\n2|40|3\n2|40|3\n4|40|1\n");
    /* NULL keys: excluded from a non-NULL row's frame, their own peers */
    Q("select k, sum(v) over (order by k range between 1 preceding and "
      "1 following), sum(v) over (order by k range between unbounded "
      "preceding and 1 following) from t where g = 'b' order by k",
      "1|5|5\nNULL|6|11\n");
    Q("select k, sum(v) over (order by k nulls first range between 1 "
      "preceding and 1 following) from t where g = 'b' order by k",
      "1|5\nNULL|6\n");
    /* exact decimals, offsets of another scale */
    Q("select d, count(*) over (order by d range between 1 preceding and "
      "0.5 following) from t where g = 'a' order by d",
      "0.01|1\n1.50|1\n2.50|2\nNULL|1\n");
    Q("select k, count(*) over (order by k range between 0.5 preceding and "
      "0.5 following) from t where g = 'a' order by k",
      "1|1\n2|2\n2|2\n4|1\n");
    Q("select k, count(*) over (order by cast(k as double) range between "
      "1.5e0 preceding and current row) from t where g = 'a' order by k",
      "1|1\n2|3\n2|3\n4|1\n");
    /* key + offset beyond bigint: the bound lies past every key */
    Q("select id, count(*) over (order by x range between 1 following and "
      "unbounded following), count(*) over (order by x desc range between "
      "1 preceding and unbounded following) from big order by id",
      "1|0|2\n2|1|1\n");
    /* a running window over 3000 rows with a per-row-sized range */
    Q("select max(c) from (select count(*) over (partition by p order by i "
      "range between 30 preceding and 30 following) c from n) x", "21\n");
}

/* RANGE over dates and timestamps with constant intervals. */
static void test_range_intervals(void **state)
{
    (void)state;
    Q("select dt, sum(v) over (order by dt range between interval '2' day "
      "preceding and current row), sum(v) over (order by dt range between "
      "current row and interval '1' month following), sum(v) over (order by "
      "dt desc range between interval '7' day preceding and current row) "
      "from dd order by dt, v",
      "2024-01-01|1|31|15\n2024-01-03|7|30|14\n2024-01-03|7|30|14\n"
      "2024-01-08|8|24|8\n2024-02-01|16|16|16\nNULL|32|32|32\n");
    Q("select ts, sum(v) over (order by ts range between interval '36' hour "
      "preceding and current row), count(*) over (order by ts range between "
      "interval '1' day following and interval '5' day following) from "
      "(select cast(dt as timestamp) ts, v from dd) x order by ts, v",
      "2024-01-01 00:00:00.000|1|2\n2024-01-03 00:00:00.000|6|1\n"
      "2024-01-03 00:00:00.000|6|1\n2024-01-08 00:00:00.000|8|0\n"
      "2024-02-01 00:00:00.000|16|0\nNULL|32|1\n");
    assert_true(tu_starts(sh_text("select sum(v) over (order by dt range 2 preceding) "
                            "from dd"),
                          "ERR 42804 Window frame RANGE value type (integer) "
                          "not compatible with sort item type (date)"));
    assert_true(tu_starts(sh_text("select sum(v) over (order by dt range interval "
                            "'-1' day preceding) from dd"),
                          "ERR 22023 Window frame offset value must not be"));
    assert_true(tu_starts(sh_text("select sum(v) over (order by dt range v * "
                            "interval '1' day preceding) from dd"),
                          "ERR 0A000 Window frame of type RANGE over a date "
                          "key with an offset that is not a constant"));
    char *t = sh_text("explain select sum(v) over (order by dt range interval '2' "
                "day preceding) from dd");
    assert_non_null(strstr(t, "RANGE BETWEEN "));
}

/* GROUPS frames count peer groups; g = 'a' has groups {1}, {2, 2}, {4}. */
static void test_groups(void **state)
{
    (void)state;
    Q("select k, sum(v) over (order by k groups between 1 preceding and "
      "current row), sum(v) over (order by k groups between 1 following and "
      "1 following), sum(v) over (order by k groups between unbounded "
      "preceding and 1 preceding) from t where g = 'a' order by k, v",
      "1|10|30|NULL\n2|40|40|10\n2|40|40|10\n4|70|NULL|40\n");
    /* offsets past the partition clamp; CURRENT ROW means the peer group */
    Q("select k, count(*) over (order by k groups between "
      "9223372036854775807 preceding and 9223372036854775807 following), "
      "count(*) over (order by k groups current row), max(v) over "
      "(order by k desc groups between 1 preceding and 1 following) "
      "from t where g = 'a' order by k, v",
      "1|4|1|30\n2|4|2|40\n2|4|2|40\n4|4|1|40\n");
    /* per partition, NULL keys are one group (last), offsets per row */
    Q("select g, k, count(*) over (partition by g order by k groups between "
      "1 preceding and 0 following), sum(k) over (partition by g order by k "
      "groups between current row and unbounded following) from t "
      "order by g, k",
      "a|1|1|9\na|2|3|8\na|2|3|8\na|4|3|4\nb|1|1|1\nb|NULL|2|NULL\n"
      "NULL|9|1|9\n");
    Q("select i, sum(i) over (partition by p order by i groups between p "
      "preceding and current row) from n where i < 9 order by i",
      "0|0\n1|1\n2|2\n3|3\n4|5\n5|7\n6|6\n7|11\n8|15\n");
    char *t = sh_text("explain select sum(v) over (order by k groups between 1 "
                "preceding and 2 following) from t");
    assert_non_null(strstr(t, "GROUPS BETWEEN CAST(1 AS bigint) PRECEDING AND "
                              "CAST(2 AS bigint) FOLLOWING"));
}

static void test_values(void **state)
{
    (void)state;
    Q("select k, v, lag(v) over (order by k, v), lead(v, 2, -1) over "
      "(order by k, v), lag(v, 1) ignore nulls over (order by k, v) from t "
      "where g = 'a' order by k, v",
      "1|10|NULL|NULL|NULL\n2|30|10|40|10\n2|NULL|30|-1|30\n4|40|NULL|-1|30\n");
    Q("select k, lead(v) ignore nulls over (order by k, v nulls first) "
      "from t where g = 'a' order by k, v nulls first",
      "1|30\n2|30\n2|40\n4|NULL\n");
    Q("select lag(v, 0) over (order by k) from t where g = 'b' order by k",
      "5\n6\n");
    Q("select lag(v, -1) over (order by k) from t", "ERR 22023 Offset must be at least 0");
    Q("select k, first_value(v) over w, last_value(v) over w, "
      "nth_value(v, 2) over w, first_value(v) ignore nulls over "
      "(order by k nulls first, v nulls first rows between current row and "
      "unbounded following) from t where g = 'a' "
      "window w as (order by k, v nulls first rows between unbounded preceding "
      "and unbounded following) order by k, v nulls first",
      "1|10|40|NULL|10\n2|10|40|NULL|30\n2|10|40|NULL|30\n4|10|40|NULL|40\n");
    Q("select k, last_value(v) over (order by k) from t where g = 'a' order by k, v",
      "1|10\n2|30\n2|30\n4|40\n");
    Q("select nth_value(v, 0) over () from t", "ERR 22023 Offset must be at least 1");
    Q("select lag(g, 1, 'none') over (order by k nulls first) from t "
      "where v < 7 order by k nulls first", "none\nb\n");
}

static void test_aggregates(void **state)
{
    (void)state;
    /* exact decimals: sum decimal(38,2), avg decimal(10,2) HALF_UP */
    Q("select g, sum(d) over (partition by g), avg(d) over (partition by g) "
      "from t where g = 'a' limit 1", "a|4.01|1.34\n");
    Q("select id, sum(x) over (order by id) from big order by id",
      "ERR 22003 bigint overflow");
    Q("select id, sum(x) over (order by id desc) from big order by id limit 1",
      "ERR 22003 bigint overflow");
    Q("select id, max(x) over () , min(x) over () from big order by id",
      "1|9223372036854775807|1\n2|9223372036854775807|1\n");
    /* the other aggregates and FILTER over windows */
    Q("select g, count_if(v > 10) over (partition by g), round(stddev_samp(v) "
      "over (partition by g), 3), var_pop(v) over (partition by g), "
      "max_by(k, v) over (partition by g), min_by(g, v) over (), "
      "bool_and(v > 5) over (partition by g) from t order by g, k limit 6",
      "a|2|15.275|155.55555555555554|4|b|true\na|2|15.275|155.55555555555554|4|b|true\n"
      "a|2|15.275|155.55555555555554|4|b|true\na|2|15.275|155.55555555555554|4|b|true\n"
      "b|0|0.707|0.25|NULL|b|false\nb|0|0.707|0.25|NULL|b|false\n");
    Q("select k, v, arbitrary(v) over (order by k, v rows between 1 following "
      "and 2 following), sum(v) filter (where k > 1) over (order by k, v rows "
      "between 1 preceding and current row), count(*) filter (where v > 20) "
      "over (order by k, v) from t where g = 'a' order by k, v",
      "1|10|30|NULL|0\n2|30|40|30|1\n2|NULL|40|30|1\n4|40|NULL|40|2\n");
    Q("select g, sum(v), sum(sum(v)) over (), rank() over (order by sum(v) desc) "
      "from t group by g order by 4", "a|80|98|1\nb|11|98|2\nNULL|7|98|3\n");
    Q("select g from t group by g order by row_number() over (order by g desc)",
      "b\na\nNULL\n");
    Q("select g, count(*) over () c from t where g = 'b'", "b|2\nb|2\n");
    Q("select distinct g, count(*) over (partition by g) from t order by g",
      "a|4\nb|2\nNULL|1\n");
    /* with a filter above (not pushed below the window) */
    Q("select * from (select k, row_number() over (order by k) r from t "
      "where g = 'a') x where r > 3", "4|4\n");
}

static void test_errors(void **state)
{
    (void)state;
    assert_true(tu_starts(sh_text("select k from t where row_number() over () > 1"),
                            "ERR 42803 WHERE clause cannot contain window"));
    assert_true(tu_starts(sh_text("select g from t group by g having rank() over () = 1"),
                            "ERR 42803 HAVING clause cannot contain window"));
    assert_true(tu_starts(sh_text("select g from t group by row_number() over ()"),
                            "ERR 42803 GROUP BY clause cannot contain window"));
    assert_true(tu_starts(sh_text("select sum(row_number() over ()) from t"),
                            "ERR 42803 Aggregate function argument cannot"));
    assert_true(tu_starts(sh_text("select lag(rank() over ()) over () from t"),
                            "ERR 42803 Window function argument cannot"));
    assert_true(tu_starts(sh_text("select k, sum(v) over () from t group by k"),
                            "ERR 42803 'v' must be an aggregate"));
    assert_true(tu_starts(sh_text("select lower(g) over () from t"), "ERR 42883"));
    assert_true(tu_starts(sh_text("select rank(k) over () from t"), "ERR 42883"));
    assert_true(tu_starts(sh_text("select max_by(k) over () from t"), "ERR 42883"));
    assert_true(tu_starts(sh_text("select count(distinct k) over () from t"),
                            "ERR 0A000 DISTINCT in window"));
    assert_true(tu_starts(sh_text("select sum(k) over (range between 1 preceding "
                            "and current row) from t"),
                            "ERR 42P20 Window frame of type RANGE PRECEDING or "
                            "FOLLOWING requires single sort item"));
    assert_true(tu_starts(sh_text("select sum(k) over (order by g range 1 preceding) "
                            "from t"),
                            "ERR 0A000 Window frame of type RANGE with an "
                            "offset over a sort key of type varchar"));
    assert_true(tu_starts(sh_text("select sum(k) over (order by k range 'a' "
                            "preceding) from t"), "ERR 42804"));
    assert_true(tu_starts(sh_text("select sum(k) over (order by k range -1 "
                            "preceding) from t"),
                            "ERR 22023 Window frame offset value must not be"));
    assert_true(tu_starts(sh_text("select sum(k) over (groups 1 preceding) from t"),
                            "ERR 42P20 Window frame of type GROUPS PRECEDING "
                            "or FOLLOWING requires ORDER BY"));
    assert_true(tu_starts(sh_text("select sum(k) over (order by k groups 1.5 "
                            "preceding) from t"),
                            "ERR 42804 Window frame GROUPS start value type "
                            "must be an exact numeric type"));
    assert_true(tu_starts(sh_text("select sum(k) over (order by k groups between "
                            "current row and v following) from t where v is null"),
                            "ERR 22023 Window frame offset value must not be"));
    assert_true(tu_starts(sh_text("select sum(k) over (rows unbounded following) from t"),
                            "ERR 42P20 Window frame start cannot be UNBOUNDED"));
    assert_true(tu_starts(sh_text("select sum(k) over (rows between current row and "
                            "unbounded preceding) from t"),
                            "ERR 42P20 Window frame end cannot"));
    assert_true(tu_starts(sh_text("select sum(k) over (rows between current row and "
                            "1 preceding) from t"),
                            "ERR 42P20 Window frame starting from CURRENT ROW"));
    assert_true(tu_starts(sh_text("select sum(k) over (rows between 1 following and "
                            "current row) from t"),
                            "ERR 42P20 Window frame starting from FOLLOWING"));
    assert_true(tu_starts(sh_text("select sum(k) over (rows 'x' preceding) from t"),
                            "ERR 42804"));
    assert_true(tu_starts(sh_text("select sum(k) over (rows between v preceding and "
                            "current row) from t"),
                            "ERR 22023 Window frame offset value must not be"));
    assert_true(tu_starts(sh_text("select rank() over w from t"),
                            "ERR 42P20 Cannot resolve WINDOW name w"));
    assert_true(tu_starts(sh_text("select row_number() ignore nulls over () from t"),
                            "ERR 42P20 Cannot specify null treatment"));
    assert_true(tu_starts(sh_text("select lag(k) ignore nulls from t"), "ERR 42000"));
}

static void test_explain(void **state)
{
    (void)state;
    char *t = sh_text("explain select k, sum(v) over (partition by g order by k "
                "rows between 1 preceding and current row), rank() over "
                "(partition by g order by k) from t");
    assert_non_null(strstr(t, "Window partition: "));
    assert_non_null(strstr(t, "sum("));
    assert_non_null(strstr(t, "ROWS BETWEEN CAST(1 AS bigint) PRECEDING AND CURRENT ROW"));
    assert_non_null(strstr(t, "rank() RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW"));
    /* one window node for both functions (same partition and order) */
    assert_null(strstr(strstr(t, "Window ") + 1, "Window "));
    t = sh_text("explain select rank() over (order by k), rank() over (order by v) from t");
    assert_non_null(strstr(strstr(t, "Window ") + 1, "Window "));
}

/* PN_WINDOW over VALUES: (p, x) rows, row_number and running sum per p. */
static plan_node *window_plan(int nrows)
{
    eng_type ty[2] = { TI, TI };
    eng_value *vals = eng_arena_alloc(A, sizeof(eng_value) * (size_t)(2 * nrows));
    for (int r = 0; r < nrows; r++) {
        vals[2 * r] = vi(r % 3);
        vals[2 * r + 1] = r % 5 == 0 ? vnull(TI) : vi(r);
    }
    plan_node *v = N_values(2, ty, nrows, vals);
    eng_type wt[4] = { TI, TI, TB, TB };
    plan_node *w = N_over(PN_WINDOW, v, 4, wt);
    w->npart = 1;
    w->part_keys = eng_arena_alloc(A, sizeof(plan_expr *));
    w->part_keys[0] = X_col(0, TI);
    w->nsort = 1;
    w->sort_keys = eng_arena_alloc(A, sizeof(plan_expr *));
    w->sort_keys[0] = X_col(1, TI);
    w->sort_desc = eng_arena_calloc(A, sizeof(bool));
    w->sort_nulls_first = eng_arena_calloc(A, sizeof(bool));
    w->nwin = 2;
    w->wins = eng_arena_calloc(A, sizeof(plan_winfunc) * 2);
    w->wins[0].kind = PW_ROW_NUMBER;
    w->wins[0].type = TB;
    w->wins[1].kind = PW_AGG;
    w->wins[1].agg = AGG(PA_SUM, X_col(1, TI), TB, false);
    w->wins[1].type = TB;
    w->wins[1].start = PF_UNBOUNDED_PRECEDING;
    w->wins[1].end = PF_CURRENT_ROW;
    w->wins[1].rows = true;
    return N_sort(w, 2, false, false);
}

static void test_rescan(void **state)
{
    (void)state;
    plan_node *plan = window_plan(7);
    exec_ctx ctx = tu_ctx();
    exec_op *root = NULL;
    eng_rc rc;
    bool end;
    assert_int_equal(exec_query_open(&ctx, plan, &root), ENG_OK);
    const char *want = "0|3|1|3\n1|1|1|1\n2|2|1|2\n0|6|2|9\n1|4|2|5\n2|NULL|2|2\n"
                       "0|NULL|3|9\n";
    char *first = tu_read(root, -1, &rc, &end);
    assert_int_equal(rc, ENG_OK);
    assert_string_equal(first, want);
    /* rescan at the end, fresh, after exec_end */
    assert_int_equal(exec_rescan(root), ENG_OK);
    assert_string_equal(tu_read(root, -1, &rc, &end), want);
    assert_int_equal(exec_rescan(root), ENG_OK);
    assert_int_equal(exec_rescan(root), ENG_OK);
    assert_string_equal(tu_read(root, -1, &rc, &end), want);
    exec_query_close(root);
    assert_int_equal(exec_rescan(root), ENG_OK);
    assert_string_equal(tu_read(root, -1, &rc, &end), want);
    exec_query_close(root);
    /* mid-stream: more than one batch out of the window */
    plan = window_plan(3 * ENG_BATCH_CAP);
    plan = plan->child;            /* the window itself, no sort above */
    ctx = tu_ctx();
    assert_int_equal(exec_query_open(&ctx, plan, &root), ENG_OK);
    char *one = tu_read(root, 1, &rc, &end);
    assert_int_equal(rc, ENG_OK);
    assert_false(end);
    assert_int_equal(exec_rescan(root), ENG_OK);
    char *all = tu_read(root, -1, &rc, &end);
    assert_true(end);
    assert_true(tu_starts(all, one));
    /* the last row: partition 2's running total over every row r % 3 == 2
     * that r % 5 != 0, in sorted order (NULLs last) */
    int64_t sum = 0, cnt = 0;
    for (int r = 0; r < 3 * ENG_BATCH_CAP; r++)
        if (r % 3 == 2) {
            cnt++;
            if (r % 5)
                sum += r;
        }
    char tail[64];
    snprintf(tail, sizeof tail, "2|NULL|%lld|%lld\n", (long long)cnt, (long long)sum);
    assert_true(strlen(all) > strlen(tail));
    assert_string_equal(all + strlen(all) - strlen(tail), tail);
    exec_query_close(root);
}

static plan_node *window_oom_plan(void)
{
    return window_plan(2 * ENG_BATCH_CAP + 5);
}

/* Allocation N failing: open, run, rescan, run; every attempt ends with
 * the right rows or HY001, and nothing leaks (ASan). */
static void test_window_oom(void **state)
{
    (void)state;
    int64_t rows;
    long k = tu_oom_rescan_loop(window_oom_plan, &rows);
    assert_int_equal(rows, 2 * ENG_BATCH_CAP + 5);
    assert_true(k > 10);
}

/* Allocation N failing through the whole statement path (parse, bind,
 * optimize, execute): HY001 or the right answer, never anything else. */
static void test_sql_oom(void **state)
{
    (void)state;
    const char *sql = "select g, k, sum(v) over (partition by g order by k), "
                      "lag(k) over w, rank() over w from t window w as "
                      "(order by k) order by g, k, 3";
    sh_oom_loop(sql, 7);
}

int main(void)
{
    (void)tu_setup;       /* the group's setup makes the arena instead */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ranking),
        cmocka_unit_test(test_types),
        cmocka_unit_test(test_frames),
        cmocka_unit_test(test_range_offsets),
        cmocka_unit_test(test_groups),
        cmocka_unit_test(test_range_intervals),
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_aggregates),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_explain),
        cmocka_unit_test(test_rescan),
        cmocka_unit_test(test_window_oom),
        cmocka_unit_test(test_sql_oom),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
