/*
 * tests/unit/exec/test_time.c
 *   timestamp, time and interval types through SQL text over the in-memory
 *   connector: literals and their types, Trino's text forms, casts,
 *   arithmetic (datetime +/- interval, timestamp - timestamp, interval
 *   scaling), comparisons with dates, filters, joins, grouping, ordering,
 *   min/max, and the errors (22007, 22003, 22012, 22023, 42804, 0A000).
 * Not here: the value helpers alone (tests/unit/types/test_timestamp.c),
 *   PostgreSQL decoding (tests/unit/connector/test_pg_copy.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "../test_connector.h"
#include "sql_harness.h"

/* Asserts that sql yields exactly `want`. */
#define q SH_Q
/* Asserts that sql fails with SQLSTATE state (any message). */
#define qerr(sql, state) SH_QE(sql, state, "")

static tc_catalog *CAT;
static eng_conn *C;

/* The type of the single column sql returns, as Trino names it. */
static void qtype(const char *sql, const char *want)
{
    eng_stmt *s = NULL;
    char buf[64];
    eng_err_clear(&SH_ERR);
    if (eng_prepare(C, sql, strlen(sql), &s, &SH_ERR) != ENG_OK)
        fail_msg("%s: %s %s", sql, SH_ERR.sqlstate, SH_ERR.message);
    assert_string_equal(eng_type_name(eng_stmt_column(s, 0)->type, buf, sizeof buf),
                        want);
    eng_stmt_free(s);
}

static int setup(void **state)
{
    (void)state;
    CAT = tc_catalog_new();
    tc_table *t = tc_add_table(CAT, "s", "ev", 4, (tc_colspec[]){
        tc_col("id", ENG_T_INTEGER),
        {"ts", eng_type_timestamp(6), false},
        tc_col("d", ENG_T_DATE),
        {"tm", eng_type_time(0), false}});
    tc_add_row(t, tc_int(1), tc_str("2020-01-02 03:04:05.123456"),
               tc_date(2020, 1, 2), tc_str("03:04:05"));
    tc_add_row(t, tc_int(2), tc_str("2020-01-01 00:00:00"),
               tc_date(2020, 1, 1), tc_str("23:59:59"));
    tc_add_row(t, tc_int(3), tc_null(ENG_T_VARCHAR), tc_null(ENG_T_DATE),
               tc_null(ENG_T_VARCHAR));
    tc_add_row(t, tc_int(4), tc_str("1969-12-31 23:59:59.5"),
               tc_date(1969, 12, 31), tc_str("00:00:00"));
    tc_table *u = tc_add_table(CAT, "s", "day", 2, (tc_colspec[]){
        tc_col("d", ENG_T_DATE), tc_col("name", ENG_T_VARCHAR)});
    tc_add_row(u, tc_date(2020, 1, 1), tc_str("new year"));
    tc_add_row(u, tc_date(2020, 1, 2), tc_str("second"));
    C = sh_open(CAT, "mem", NULL);
    return 0;
}

static void test_literals(void **state)
{
    (void)state;
    q("select TIMESTAMP '2020-01-02 03:04:05', TIMESTAMP '2020-01-02 03:04:05.120',"
      " TIMESTAMP '2020-1-2', TIME '03:04', TIME '23:59:59.999999'",
      "2020-01-02 03:04:05|2020-01-02 03:04:05.120|2020-01-02 00:00:00|03:04:00|"
      "23:59:59.999999\n");
    qtype("select TIMESTAMP '2020-01-02 03:04:05'", "timestamp(0)");
    qtype("select TIMESTAMP '2020-01-02 03:04:05.12'", "timestamp(2)");
    qtype("select TIME '03:04:05.123456'", "time(6)");
    q("select INTERVAL '3' DAY, INTERVAL '2' MONTH, INTERVAL '1-2' YEAR TO MONTH, "
      "INTERVAL -'3' YEAR, INTERVAL '2 03:04:05.5' DAY TO SECOND, "
      "INTERVAL '1.25' SECOND, INTERVAL '90' MINUTE, INTERVAL '-36' HOUR",
      "3 00:00:00.000|0-2|1-2|-3-0|2 03:04:05.500|0 00:00:01.250|"
      "0 01:30:00.000|-1 12:00:00.000\n");
    qtype("select INTERVAL '3' DAY", "interval day to second");
    qtype("select INTERVAL '3' YEAR", "interval year to month");
    q("select -INTERVAL '2' MONTH, - INTERVAL '1' SECOND",
      "-0-2|-0 00:00:01.000\n");
    qerr("select TIMESTAMP '2020-02-30 00:00:00'", "22007");
    qerr("select TIMESTAMP 'yesterday'", "22007");
    qerr("select TIME '24:00:00'", "22007");
    /* a zone makes a timestamp with time zone (tests/unit/exec/test_tz.c) */
    qerr("select TIMESTAMP '2020-01-02 03:04:05 Nowhere/City'", "22023");
    qerr("select TIMESTAMP '2020-01-02 03:04:05.1234567'", "0A000");
    qerr("select INTERVAL '1:2' DAY", "22007");
    /* later fields carry over as in Trino 476 */
    q("select INTERVAL '1-13' YEAR TO MONTH, INTERVAL '1 25:00:00' DAY TO SECOND,"
      " INTERVAL '100:05' MINUTE TO SECOND, INTERVAL '1 99:99:99' DAY TO SECOND",
      "2-1|2 01:00:00.000|0 01:40:05.000|5 04:40:39.000\n");
    qerr("select INTERVAL '1-' YEAR TO MONTH", "22007");
    qerr("select INTERVAL '99999999999' YEAR", "22003");
    qerr("select cast(1 as timestamp with time zone)", "42804");
    qerr("select cast('x' as timestamp(7) with time zone)", "0A000");
    qerr("select cast('x' as timestamp(9))", "0A000");
}

static void test_casts(void **state)
{
    (void)state;
    q("select cast('2020-01-02 03:04:05.123456' as timestamp(3)), "
      "cast('2020-01-02 03:04:05.999999' as timestamp(0)), "
      "cast('2020-01-02' as timestamp), cast(DATE '2020-01-02' as timestamp(0)), "
      "cast(TIMESTAMP '2020-01-02 23:59:59.9' as date)",
      "2020-01-02 03:04:05.123|2020-01-02 03:04:06|2020-01-02 00:00:00.000|"
      "2020-01-02 00:00:00|2020-01-02\n");
    q("select cast(TIMESTAMP '2020-01-02 03:04:05.678' as time(1)), "
      "cast(TIME '23:59:59.95' as time(1)), cast('12:00' as time), "
      "cast(TIMESTAMP '2020-01-02 03:04:05' as varchar), "
      "cast(INTERVAL '3' DAY as varchar), cast(TIME '01:02:03' as varchar(8))",
      "03:04:05.7|00:00:00.0|12:00:00.000|2020-01-02 03:04:05|"
      "3 00:00:00.000|01:02:03\n");
    /* before the epoch: the fraction is positive, the day floors */
    q("select cast(TIMESTAMP '1969-12-31 23:59:59.5' as date), "
      "TIMESTAMP '1969-12-31 23:59:59.5'", "1969-12-31|1969-12-31 23:59:59.5\n");
    qerr("select cast('2020-13-01' as timestamp)", "22018");
    qerr("select cast('nope' as time)", "22018");
    qerr("select cast('2024-01-01 10:00 Foo/Bar' as timestamp with time zone)",
         "22018");
    q("select try_cast('2024-02-30' as date), try_cast('x' as timestamp)",
      "NULL|NULL\n");
    qerr("select cast(TIMESTAMP '2020-01-02 03:04:05' as integer)", "42804");
    qerr("select cast(INTERVAL '1' DAY as interval year to month)", "42804");
    qerr("select cast(TIMESTAMP '2020-01-02 03:04:05' as varchar(5))", "22018");
    q("select try_cast('bad' as timestamp)", "NULL\n");
}

static void test_arithmetic(void **state)
{
    (void)state;
    q("select TIMESTAMP '2020-01-31 10:00:00' + INTERVAL '1' MONTH, "
      "TIMESTAMP '2020-01-02 03:04:05' - INTERVAL '1' DAY, "
      "INTERVAL '36' HOUR + TIMESTAMP '2020-01-01 00:00:00', "
      "DATE '2020-01-31' + INTERVAL '1' MONTH, DATE '2020-03-01' - INTERVAL '1' DAY, "
      "DATE '2024-02-29' + INTERVAL '1' YEAR",
      "2020-02-29 10:00:00|2020-01-01 03:04:05.000|2020-01-02 12:00:00.000|"
      "2020-02-29|2020-02-29|2025-02-28\n");
    qtype("select TIMESTAMP '2020-01-02 03:04:05' + INTERVAL '1' DAY", "timestamp(3)");
    qtype("select TIMESTAMP '2020-01-02 03:04:05' + INTERVAL '1' MONTH", "timestamp(0)");
    qtype("select DATE '2020-01-02' + INTERVAL '1' DAY", "date");
    q("select TIMESTAMP '2020-01-02 03:04:05.5' - TIMESTAMP '2020-01-01 00:00:00', "
      "TIMESTAMP '2020-01-01 00:00:00' - TIMESTAMP '2020-01-02 00:00:00.0006', "
      "TIME '01:00' - TIME '03:30', TIMESTAMP '2020-01-02 00:00:00' - DATE '2020-01-01'",
      "1 03:04:05.500|-1 00:00:00.001|-0 02:30:00.000|1 00:00:00.000\n");
    q("select TIME '23:00' + INTERVAL '2' HOUR, TIME '01:00' - INTERVAL '3' HOUR",
      "01:00:00.000|22:00:00.000\n");
    q("select INTERVAL '1' DAY + INTERVAL '1' HOUR, INTERVAL '1' YEAR - INTERVAL '1' MONTH, "
      "INTERVAL '1' HOUR * 3, 2 * INTERVAL '1' MONTH, INTERVAL '1' DAY / 4, "
      "INTERVAL '1' SECOND * 1.5, INTERVAL '7' MONTH / 2",
      "1 01:00:00.000|0-11|0 03:00:00.000|0-2|0 06:00:00.000|0 00:00:01.500|0-3\n");
    q("select INTERVAL '1' DAY + NULL, NULL - INTERVAL '1' DAY, "
      "TIMESTAMP '2020-01-01 00:00:00' + cast(NULL as interval day to second)",
      "NULL|NULL|NULL\n");
    qerr("select DATE '2020-01-01' + INTERVAL '1' HOUR", "22023");
    qerr("select INTERVAL '1' DAY / 0", "22012");
    qerr("select INTERVAL '1' DAY / 0.0", "22012");
    qerr("select INTERVAL '2000000000' MONTH * 2", "22003");
    qerr("select DATE '2020-01-01' - DATE '2019-01-01'", "42804");
    qerr("select TIME '01:00' + INTERVAL '1' MONTH", "42804");
    qerr("select INTERVAL '1' DAY + INTERVAL '1' MONTH", "42804");
    qerr("select TIMESTAMP '2020-01-01 00:00:00' + 1", "42804");
    qerr("select 1 / INTERVAL '1' DAY", "42804");
}

static void test_tables(void **state)
{
    (void)state;
    q("select id, ts, d, tm from mem.s.ev order by id",
      "1|2020-01-02 03:04:05.123456|2020-01-02|03:04:05\n"
      "2|2020-01-01 00:00:00.000000|2020-01-01|23:59:59\n"
      "3|NULL|NULL|NULL\n"
      "4|1969-12-31 23:59:59.500000|1969-12-31|00:00:00\n");
    /* comparisons with literals of other precisions and with dates */
    q("select id from mem.s.ev where ts > TIMESTAMP '2020-01-01 00:00:00' order by id",
      "1\n");
    q("select id from mem.s.ev where ts >= DATE '2020-01-01' order by id", "1\n2\n");
    q("select id from mem.s.ev where ts = TIMESTAMP '2020-01-02 03:04:05.123456'", "1\n");
    q("select id from mem.s.ev where tm between TIME '03:00' and TIME '23:59:59' "
      "order by id", "1\n2\n");
    q("select id from mem.s.ev where ts < cast(d as timestamp) + INTERVAL '1' HOUR "
      "order by id", "2\n");
    qerr("select id from mem.s.ev where ts < d + INTERVAL '1' HOUR", "22023");
    q("select id from mem.s.ev where ts in (TIMESTAMP '2020-01-01 00:00:00', "
      "TIMESTAMP '1969-12-31 23:59:59.5') order by id", "2\n4\n");
    /* order, min/max, count, group by, distinct */
    q("select id from mem.s.ev order by ts desc nulls last", "1\n2\n4\n3\n");
    q("select min(ts), max(ts), count(ts), min(tm), max(d + INTERVAL '1' MONTH) "
      "from mem.s.ev",
      "1969-12-31 23:59:59.500000|2020-01-02 03:04:05.123456|3|00:00:00|2020-02-02\n");
    q("select cast(ts as date) k, count(*) from mem.s.ev group by cast(ts as date) "
      "order by k nulls first",
      "NULL|1\n1969-12-31|1\n2020-01-01|1\n2020-01-02|1\n");
    q("select max(ts - TIMESTAMP '2020-01-01 00:00:00') from mem.s.ev",
      "1 03:04:05.123\n");
    /* a join on a timestamp computed from a date */
    q("select e.id, y.name from mem.s.ev e join mem.s.day y "
      "on cast(e.ts as date) = y.d order by e.id", "1|second\n2|new year\n");
    q("select e.id from mem.s.ev e join mem.s.day y on e.ts = y.d order by e.id",
      "2\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_literals),
        cmocka_unit_test(test_casts),
        cmocka_unit_test(test_arithmetic),
        cmocka_unit_test(test_tables),
    };
    return cmocka_run_group_tests(tests, setup, sh_teardown);
}
