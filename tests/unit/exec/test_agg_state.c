/*
 * tests/unit/exec/test_agg_state.c
 *   Hash aggregation's packed group state (op_hash_agg.c, acc_lay): every
 *   aggregate kind side by side in one state row, over more groups than
 *   the first state chunk (64) and a full one (4096), with NULL
 *   arguments, FILTERs that leave a group no row (NULL sums, count 0),
 *   DISTINCT, the in-place count(*) and integer sums (overflow 22003),
 *   rescans (a correlated subquery) and the allocation-failure loop (an
 *   extra part made before a failure is freed).
 * Interface: main (cmocka).
 * Not here: the collecting aggregates' own results (test_agg_collect.c),
 *   the exact group lookup (test_hash_exact.c).
 *
 * n(i integer, s varchar, d decimal(10,2), x double, b boolean, t date,
 * big bigint): i = 0..9999; grouped by i % 5000, each group holds i and
 * i + 5000. s is NULL where i % 7 = 0 (else 'v' || i), d = i / 100 NULL
 * where i % 11 = 0, x = i / 2 NULL where i % 13 = 0, b = (i % 3 = 0),
 * t = day i after 1970-01-01, big = 2^62 for i < 2 else 1. The expected
 * figures are worked out from those formulas, not from a run.
 */
#include "exec_test_util.h"
#include "../test_connector.h"
#include "sql_harness.h"

#define Q SH_QTEXT
#define N 10000

static char sbuf[N][8];

static int setup(void **state)
{
    (void)state;
    A = eng_arena_create();
    tc_catalog *cat = tc_catalog_new();
    tc_table *t = tc_add_table(cat, "s", "n", 7,
        (tc_colspec[]){ tc_col("i", ENG_T_INTEGER), tc_col("s", ENG_T_VARCHAR),
                        tc_col_t("d", eng_type_decimal(10, 2)),
                        tc_col("x", ENG_T_DOUBLE), tc_col("b", ENG_T_BOOLEAN),
                        tc_col("t", ENG_T_DATE), tc_col("big", ENG_T_BIGINT) });
    for (int i = 0; i < N; i++) {
        snprintf(sbuf[i], sizeof sbuf[i], "v%d", i);
        tc_add_row(t, tc_int(i),
                   i % 7 ? tc_str(sbuf[i]) : tc_null(ENG_T_VARCHAR),
                   i % 11 ? tc_dec(i, 10, 2) : tc_null(ENG_T_DECIMAL),
                   i % 13 ? tc_double(i / 2.0) : tc_null(ENG_T_DOUBLE),
                   tc_bool(i % 3 == 0), tc_date(1970, 1, 1 + i),
                   tc_bigint(i < 2 ? (int64_t)1 << 62 : 1));
    }
    sh_open(cat, "mem", "s");
    return 0;
}

static int teardown(void **state)
{
    sh_close();
    return tu_teardown(state);
}

/* Totals over all 5000 groups: the per-group states summed again. */
static void test_totals(void **state)
{
    (void)state;
    /* count(s): 10000 - 1429 multiples of 7; sum(i) = 49995000;
     * count(d): 10000 - 910 multiples of 11; sum(d) = (49995000 - 11 *
     * (0 + ... + 909)) / 100 = (49995000 - 4549545) / 100 */
    Q("select count(*), sum(c), sum(cs), sum(si), sum(cd), sum(sd) from "
      "(select i % 5000 g, count(*) c, count(s) cs, sum(i) si, count(d) cd, "
      "sum(d) sd from n group by i % 5000)",
      "5000|10000|8571|49995000|9090|454454.55\n");
    /* the same with the states in another order of fields */
    Q("select sum(sd), sum(si), sum(cs) from (select sum(d) sd, max(s) ms, "
      "sum(i) si, count(s) cs, min(t) mt from n group by i % 5000)",
      "454454.55|49995000|8571\n");
}

/* Every kind in one state row, read back for three groups. */
static void test_mixed_row(void **state)
{
    (void)state;
    /* group 0: i = 0 (s, d, x NULL; b true) and 5000 (s v5000, d 50.00,
     * x 2500, b false: 5000 % 3 = 2); group 7: 7 (s NULL, d .07, x 3.5,
     * b false) and 5007 (s v5007, d 50.07, x 2503.5, b true: 5007 = 3 *
     * 1669); group 4999: 4999 (v4999, 49.99, 2499.5, false) and 9999
     * (v9999, d NULL: 9999 = 11 * 909, 4999.5, true) */
    Q("select i % 5000 g, count(*), count(s), sum(i), avg(i), min(s), max(s), "
      "sum(d), avg(d), min(d), sum(x), min(x), max(b), min(t), max(t), "
      "max_by(s, i), min_by(d, i), var_pop(x) "
      "from n where i % 5000 in (0, 7, 4999) group by i % 5000 order by 1",
      "0|2|1|5000|2500.0|v5000|v5000|50.00|50.00|50.00|2500.0|2500.0|true|"
      "1970-01-01|1983-09-10|v5000|NULL|0.0\n"
      "7|2|1|5014|2507.0|v5007|v5007|50.14|25.07|0.07|2507.0|3.5|true|"
      "1970-01-08|1983-09-17|v5007|0.07|1562500.0\n"
      "4999|2|2|14998|7499.0|v4999|v9999|49.99|49.99|49.99|7499.0|2499.5|"
      "true|1983-09-09|1997-05-18|v9999|49.99|1562500.0\n");
}

/* A group that no row reaches through a FILTER: NULL, count 0. */
static void test_empty_states(void **state)
{
    (void)state;
    Q("select i % 5000 g, count(*) filter (where i > 5000), "
      "count(s) filter (where i > 5000), sum(i) filter (where i > 5000), "
      "sum(d) filter (where i > 5000), avg(x) filter (where i > 5000), "
      "max(s) filter (where i > 5000), min(b) filter (where i > 5000), "
      "max_by(s, i) filter (where i > 5000), "
      "stddev_samp(x) filter (where i > 5000) "
      "from n where i % 5000 in (0, 1) group by i % 5000 order by 1",
      "0|0|0|NULL|NULL|NULL|NULL|NULL|NULL|NULL\n"
      "1|1|1|5001|50.01|2500.5|v5001|true|v5001|NULL\n");
    /* DISTINCT beside plain states */
    Q("select count(distinct b), sum(distinct i % 2), count(*) from n "
      "group by i % 5000 having i % 5000 = 3",
      "2|1|2\n");
}

/* The in-place integer sum keeps bigint's overflow check. */
static void test_sum_overflow(void **state)
{
    (void)state;
    /* the group of i = 0, 1, 5000, 5001 adds 2^62 twice */
    SH_QE("select i % 5000 < 2, sum(big) from n group by i % 5000 < 2",
          "22003", "bigint overflow");
    Q("select i % 5000 g, sum(big) from n where i in (0, 5000) "
      "group by i % 5000", "0|4611686018427387905\n");
}

/* Rescans: a correlated subquery reruns the aggregation per outer row. */
static void test_rescan(void **state)
{
    (void)state;
    Q("select o.i, (select max(s) || '/' || cast(count(*) as varchar) "
      "from n where i % 5000 = o.i group by i % 5000) from n o "
      "where o.i in (6, 7, 8) order by 1",
      "6|v6/2\n7|v5007/2\n8|v8/2\n");
}

/* Every allocation failing in turn: HY001 or the same rows, no leak
 * (extra parts made before the failure are freed with their rows). */
static void test_oom(void **state)
{
    (void)state;
    sh_oom_loop("select i % 100, max(s), max_by(s, i), min(d), sum(i), "
                "count(*) from n where i < 300 group by i % 100", 100);
}

int main(void)
{
    (void)tu_setup;       /* the group's setup makes the arena instead */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_totals),
        cmocka_unit_test(test_mixed_row),
        cmocka_unit_test(test_empty_states),
        cmocka_unit_test(test_sum_overflow),
        cmocka_unit_test(test_rescan),
        cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
