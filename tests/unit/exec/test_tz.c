/*
 * tests/unit/exec/test_tz.c
 *   timestamp(p) / time(p) with time zone end to end through the engine
 *   (parse, bind, execute) over the in-memory test connector: literals and
 *   their text, zone rules from the system tz database (DST gaps and
 *   overlaps, the POSIX rule past the last transition), comparison,
 *   DISTINCT, GROUP BY and ORDER BY by instant across zones, casts with
 *   the session zone, AT TIME ZONE / at_timezone / with_timezone,
 *   from_unixtime / to_unixtime, fields in the value's zone,
 *   timezone_hour/minute, ISO 8601 both ways, and the zone rules alone
 *   (eng_tz_*). Expected values follow Trino 476's documented semantics.
 * Interface: main (cmocka).
 * Not here: through ODBC (tests/odbc/test_timestamptz.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "engine.h"
#include "tests/unit/test_connector.h"
#include "sql_harness.h"

#define Q SH_Q
#define QE SH_QE

static eng_conn *C;
static tc_catalog *CAT;

static int setup(void **state)
{
    (void)state;
    CAT = tc_catalog_new();
    tc_table *t = tc_add_table(CAT, "public", "t", 1,
        (tc_colspec[]){ tc_col("i", ENG_T_INTEGER) });
    tc_add_row(t, tc_int(1));
    C = sh_open(CAT, "mem", "public");
    eng_set_time_zone(C, "UTC", NULL);
    return 0;
}

/* The zone rules alone. */
static void test_rules(void **state)
{
    (void)state;
    int32_t ny, k;
    eng_error e = {0};
    assert_int_equal(eng_tz_lookup("America/New_York", 16, &ny, &e), ENG_OK);
    /* 2020-01-01 12:00Z: EST; 2020-07-01 12:00Z: EDT */
    assert_int_equal(eng_tz_offset_at(ny, 1577880000), -5 * 3600);
    assert_int_equal(eng_tz_offset_at(ny, 1593604800), -4 * 3600);
    /* 2100-07-01: past the file's transitions, the footer's POSIX rule */
    assert_int_equal(eng_tz_offset_at(ny, 4118126400LL), -4 * 3600);
    assert_int_equal(eng_tz_offset_at(ny, 4102488000LL), -5 * 3600);
    /* gap: 2020-03-08 02:30 local does not exist -> 03:30 EDT (07:30Z) */
    int64_t gap = 1583634600;   /* 2020-03-08 02:30 as if UTC */
    assert_int_equal(eng_tz_utc_of_local(ny, gap), gap + 5 * 3600);
    /* overlap: 2020-11-01 01:30 happens twice -> the earlier (EDT) */
    int64_t ov = 1604194200;    /* 2020-11-01 01:30 as if UTC */
    assert_int_equal(eng_tz_utc_of_local(ny, ov), ov + 4 * 3600);
    /* offsets and UTC names */
    assert_int_equal(eng_tz_lookup("+05:30", 6, &k, &e), ENG_OK);
    assert_int_equal(eng_tz_offset_at(k, 0), 5 * 3600 + 1800);
    assert_int_equal(eng_tz_lookup("Z", 1, &k, &e), ENG_OK);
    assert_int_equal(k, ENG_TZ_UTC);
    assert_int_equal(eng_tz_lookup("+00:00", 6, &k, &e), ENG_OK);
    assert_int_equal(k, ENG_TZ_UTC);
    /* never outside the zoneinfo directory; unknown zones 22023 */
    assert_int_equal(eng_tz_lookup("../../etc/passwd", 16, &k, &e), ENG_ERROR);
    assert_string_equal(e.sqlstate, "22023");
    assert_int_equal(eng_tz_lookup("Mars/Olympus", 12, &k, &e), ENG_ERROR);
    assert_int_equal(eng_tz_lookup("+15:00", 6, &k, &e), ENG_ERROR);
    /* malformed TZif data is refused, never read past its end */
    static const uint8_t junk[] = "TZif2\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"
                                  "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\xff";
    int32_t off[1];
    int64_t probe[1] = {0};
    assert_false(eng_tz_check_tzif(junk, sizeof junk - 1, probe, 1, off));
}

static void test_literals(void **state)
{
    (void)state;
    Q("select TIMESTAMP '2020-01-01 10:00:00 America/New_York', "
      "TIMESTAMP '2020-01-01 10:00:00.123456 +05:30', "
      "TIMESTAMP '2020-01-01 10:00 UTC', TIMESTAMP '2020-01-01 10:00:00+02:00'",
      "2020-01-01 10:00:00 America/New_York|2020-01-01 10:00:00.123456 +05:30|"
      "2020-01-01 10:00:00 UTC|2020-01-01 10:00:00 +02:00\n");
    Q("select typeof(TIMESTAMP '2020-01-01 10:00:00.1 UTC'), "
      "typeof(TIME '10:00:00+05:00'), TIME '10:00:00.5 -08:00'",
      "timestamp(1) with time zone|time(0) with time zone|10:00:00.5-08:00\n");
    /* the DST gap moves later, the overlap takes the earlier offset */
    Q("select TIMESTAMP '2020-03-08 02:30:00 America/New_York' = "
      "TIMESTAMP '2020-03-08 07:30:00 UTC', "
      "TIMESTAMP '2020-11-01 01:30:00 America/New_York' = "
      "TIMESTAMP '2020-11-01 05:30:00 UTC'",
      "true|true\n");
    Q("select cast(TIMESTAMP '2020-03-08 02:30:00 America/New_York' as varchar)",
      "2020-03-08 03:30:00 America/New_York\n");
    QE("select TIMESTAMP '2020-01-01 10:00:00 Mars/Base'", "22023",
       "Time zone not supported: Mars/Base");
    QE("select TIMESTAMP '2020-01-01 10:00:00.1234567 UTC'", "0A000",
       "timestamp with time zone(7)");
}

static void test_compare(void **state)
{
    (void)state;
    /* equal instants in different zones are equal */
    Q("select TIMESTAMP '2020-01-01 10:00:00 America/New_York' = "
      "TIMESTAMP '2020-01-01 15:00:00 UTC', "
      "TIMESTAMP '2020-01-01 10:00:00 +05:00' < "
      "TIMESTAMP '2020-01-01 10:00:00 UTC', "
      "TIME '10:00:00+05:00' = TIME '05:00:00+00:00'",
      "true|true|true\n");
    Q("select count(distinct x) from (values "
      "TIMESTAMP '2020-01-01 10:00:00 America/New_York', "
      "TIMESTAMP '2020-01-01 15:00:00 UTC', "
      "TIMESTAMP '2020-01-01 16:00:00 +01:00', "
      "TIMESTAMP '2020-01-01 16:00:00 UTC') v(x)",
      "2\n");
    Q("select to_unixtime(x) from (values "
      "TIMESTAMP '2020-01-01 16:00:00 UTC', "
      "TIMESTAMP '2020-01-01 10:00:00 America/New_York', "
      "TIMESTAMP '2020-01-01 12:00:00 +05:00') v(x) order by x",
      "1.577862E9\n1.5778908E9\n1.5778944E9\n");
    Q("select min(x), max(x) from (values "
      "TIMESTAMP '2020-01-01 16:00:00 UTC', "
      "TIMESTAMP '2020-01-01 10:00:00 America/New_York') v(x)",
      "2020-01-01 10:00:00 America/New_York|2020-01-01 16:00:00 UTC\n");
}

static void test_casts(void **state)
{
    (void)state;
    /* timestamp -> with time zone takes the session zone */
    assert_int_equal(eng_set_time_zone(C, "Asia/Kolkata", &SH_ERR), ENG_OK);
    Q("select cast(TIMESTAMP '2020-01-01 10:00:00' as timestamp with time zone), "
      "cast(DATE '2020-01-01' as timestamp(0) with time zone), "
      "cast('2020-01-01 10:00:00' as timestamp(3) with time zone)",
      "2020-01-01 10:00:00.000 Asia/Kolkata|2020-01-01 00:00:00 Asia/Kolkata|"
      "2020-01-01 10:00:00.000 Asia/Kolkata\n");
    Q("select TIMESTAMP '2020-01-01 10:00:00' = "
      "TIMESTAMP '2020-01-01 04:30:00 UTC'", "true\n");
    assert_int_equal(eng_set_time_zone(C, "UTC", &SH_ERR), ENG_OK);
    /* back to the wall-clock value in the value's own zone */
    Q("select cast(TIMESTAMP '2020-01-01 23:30:00 America/New_York' as timestamp), "
      "cast(TIMESTAMP '2020-01-01 23:30:00 America/New_York' as date), "
      "cast(TIMESTAMP '2020-01-01 23:30:00.123 America/New_York' as time(1)), "
      "cast(TIMESTAMP '2020-07-01 23:30:00 America/New_York' as time with time zone)",
      "2020-01-01 23:30:00.000|2020-01-01|23:30:00.1|23:30:00.000-04:00\n");
    Q("select cast(TIMESTAMP '2020-01-01 10:00:00.123456 UTC' as "
      "timestamp(3) with time zone), cast('2020-01-01 10:00 Europe/Paris' as "
      "timestamp(0) with time zone)",
      "2020-01-01 10:00:00.123 UTC|2020-01-01 10:00:00 Europe/Paris\n");
}

static void test_functions(void **state)
{
    (void)state;
    Q("select TIMESTAMP '2020-01-01 10:00:00 UTC' at time zone 'America/Los_Angeles', "
      "at_timezone(TIMESTAMP '2020-07-01 10:00:00 UTC', '+05:30'), "
      "with_timezone(TIMESTAMP '2020-07-01 10:00:00', 'Europe/Berlin')",
      "2020-01-01 02:00:00 America/Los_Angeles|2020-07-01 15:30:00 +05:30|"
      "2020-07-01 10:00:00 Europe/Berlin\n");
    Q("select hour(TIMESTAMP '2020-07-01 10:00:00 UTC' at time zone 'Asia/Tokyo'), "
      "day(TIMESTAMP '2020-07-01 23:00:00 America/New_York'), "
      "timezone_hour(TIMESTAMP '2020-07-01 10:00:00 America/New_York'), "
      "timezone_minute(TIMESTAMP '2020-07-01 10:00:00 +05:30'), "
      "timezone_hour(TIMESTAMP '2020-01-01 10:00:00 -03:30'), "
      "timezone_minute(TIMESTAMP '2020-01-01 10:00:00 -03:30')",
      "19|1|-4|30|-3|-30\n");
    Q("select from_unixtime(0), from_unixtime(1577880000.5, 'America/New_York'), "
      "to_unixtime(TIMESTAMP '1970-01-01 00:00:01.5 UTC'), "
      "typeof(from_unixtime(1))",
      "1970-01-01 00:00:00.000 UTC|2020-01-01 07:00:00.500 America/New_York|"
      "1.5|timestamp(3) with time zone\n");
    Q("select from_iso8601_timestamp('2020-01-01T10:00:00.123-05:00'), "
      "from_iso8601_timestamp('2020-01-01T10:00:00Z'), "
      "to_iso8601(TIMESTAMP '2020-07-01 10:00:00.000 America/New_York'), "
      "to_iso8601(TIMESTAMP '2020-07-01 10:00:00 UTC')",
      "2020-01-01 10:00:00.123 -05:00|2020-01-01 10:00:00.000 UTC|"
      "2020-07-01T10:00:00.000-04:00|2020-07-01T10:00:00Z\n");
    Q("select format_datetime(TIMESTAMP '2020-07-01 10:00:00 America/New_York', "
      "'yyyy-MM-dd HH:mm')", "2020-07-01 10:00\n");
    Q("select typeof(current_timestamp), typeof(now()), typeof(current_time), "
      "typeof(current_timestamp(6)), current_timestamp = now(), "
      "cast(current_timestamp as date) = current_date",
      "timestamp(3) with time zone|timestamp(3) with time zone|"
      "time(3) with time zone|timestamp(6) with time zone|true|true\n");
    QE("select at_timezone(TIMESTAMP '2020-01-01 10:00:00 UTC', 'Nowhere/City')",
       "22023", "Time zone not supported: Nowhere/City");
    /* Joda's zone letters: Z -0500, ZZ -05:00, ZZZ the id, z the
     * abbreviation (by the instant: EST / EDT) */
    Q("select format_datetime(TIMESTAMP '2020-01-01 10:00 America/New_York', "
      "'yyyy-MM-dd HH:mm Z ZZ ZZZ z'), format_datetime(TIMESTAMP "
      "'2020-07-01 10:00 America/New_York', 'HH:mm z ''Z'' Z'), "
      "format_datetime(TIMESTAMP '2020-07-01 10:00 UTC', 'HH Z ZZ z')",
      "2020-01-01 10:00 -0500 -05:00 America/New_York EST|10:00 EDT Z -0400|"
      "10 +0000 +00:00 UTC\n");
    QE("select format_datetime(TIMESTAMP '2020-01-01 10:00:00 UTC', 'zzzz')",
       "0A000", "zzzz");
    /* date_format: the wall-clock time in the value's zone (Trino 476) */
    Q("select date_format(TIMESTAMP '2024-07-01 10:05:06.789 America/New_York', "
      "'%Y-%m-%d %H:%i:%s.%f %p %W %j %r'), date_format(TIMESTAMP "
      "'2024-01-01 23:30:00 +05:30', '%d %H:%i')",
      "2024-07-01 10:05:06.789000 AM Monday 183 10:05:06 AM|01 23:30\n");
    QE("select date_format(TIMESTAMP '2024-07-01 10:00 UTC', '%u')", "22023",
       "%u not supported in date format string");
}

/* x AT TIME ZONE z of a time with time zone (Trino 476): the instant of
 * the day at z's offset, a named zone's offset in force now (Kathmandu
 * has had +05:45 all year since 1986); a time takes the session zone
 * first; the functions at_timezone / with_timezone refuse a time (42883
 * as Trino). An interval offset works for timestamps too. */
static void test_time_at_zone(void **state)
{
    (void)state;
    Q("select TIME '10:00:00+05:00' AT TIME ZONE 'UTC', TIME '01:00:00.123+05:00' "
      "AT TIME ZONE '-08:00', TIME '10:00:00+05:00' AT TIME ZONE 'Asia/Kathmandu', "
      "TIME '23:00:00-02:00' AT TIME ZONE INTERVAL '2' HOUR, "
      "typeof(TIME '10:00:00.12+05:00' AT TIME ZONE 'UTC')",
      "05:00:00+00:00|12:00:00.123-08:00|10:45:00+05:45|03:00:00+02:00|"
      "time(2) with time zone\n");
    Q("select cast(null as time with time zone) AT TIME ZONE 'UTC'", "NULL\n");
    Q("SET TIME ZONE '+05:30'", "");
    Q("select TIME '10:00:00' AT TIME ZONE 'UTC', typeof(TIME '10:00:00' AT "
      "TIME ZONE 'UTC')", "04:30:00+00:00|time(0) with time zone\n");
    Q("SET TIME ZONE 'UTC'", "");
    QE("select at_timezone(TIME '10:00:00+05:00', '+01:30')", "42883",
       "Unexpected parameters (time(0) with time zone, varchar(6)) for "
       "function at_timezone");
    QE("select with_timezone(TIME '10:00:00+05:00', 'UTC')", "42883",
       "Unexpected parameters");
    QE("select TIME '10:00:00+05:00' AT TIME ZONE 'Nowhere/City'", "22023",
       "Time zone not supported: Nowhere/City");
    Q("select TIMESTAMP '2024-01-01 10:00 UTC' AT TIME ZONE INTERVAL '-02:30' "
      "HOUR TO MINUTE, at_timezone(TIMESTAMP '2024-01-01 10:00 UTC', "
      "INTERVAL '2' HOUR)",
      "2024-01-01 07:30:00 -02:30|2024-01-01 12:00:00 +02:00\n");
    QE("select TIMESTAMP '2024-01-01 10:00 UTC' AT TIME ZONE INTERVAL '15' HOUR",
       "22023", "Invalid offset minutes 900");
    QE("select TIMESTAMP '2024-01-01 10:00 UTC' AT TIME ZONE INTERVAL '90' SECOND",
       "22023", "Invalid time zone offset interval: interval contains seconds");
}

/* date_trunc / date_add / date_diff in the value's zone, across DST */
static void test_arith(void **state)
{
    (void)state;
    Q("select date_trunc('day', TIMESTAMP '2020-03-08 12:00:00 America/New_York'), "
      "date_trunc('month', TIMESTAMP '2020-03-08 12:00:00.5 +05:30'), "
      "date_trunc('hour', TIMESTAMP '2020-11-01 06:30:00 UTC' at time zone "
      "'America/New_York') = TIMESTAMP '2020-11-01 06:00:00 UTC'",
      "2020-03-08 00:00:00 America/New_York|2020-03-01 00:00:00.0 +05:30|true\n");
    /* a day across spring-forward is 23 hours; 24 hours is 13:00 */
    Q("select date_add('day', 1, TIMESTAMP '2020-03-07 12:00:00 America/New_York'), "
      "date_add('hour', 24, TIMESTAMP '2020-03-07 12:00:00 America/New_York'), "
      "date_add('month', 1, TIMESTAMP '2020-01-31 10:00:00 Europe/Paris'), "
      "date_add('minute', -30, TIMESTAMP '2020-01-01 00:10:00 UTC')",
      "2020-03-08 12:00:00 America/New_York|2020-03-08 13:00:00 America/New_York|"
      "2020-02-29 10:00:00 Europe/Paris|2019-12-31 23:40:00 UTC\n");
    Q("select date_diff('hour', TIMESTAMP '2020-03-07 12:00:00 America/New_York', "
      "TIMESTAMP '2020-03-08 12:00:00 America/New_York'), "
      "date_diff('day', TIMESTAMP '2020-03-07 12:00:00 America/New_York', "
      "TIMESTAMP '2020-03-08 12:00:00 America/New_York'), "
      "date_diff('hour', TIMESTAMP '2020-01-01 00:00:00 UTC', "
      "TIMESTAMP '2020-01-01 00:00:00 +05:00'), "
      "typeof(date_add('day', 1, TIMESTAMP '2020-01-01 00:00:00.123 UTC'))",
      "23|1|-5|timestamp(3) with time zone\n");
    QE("select date_trunc('fortnight', TIMESTAMP '2020-01-01 00:00:00 UTC')",
       "22023", "'fortnight' is not a valid TIMESTAMP field");
}

static void test_set_time_zone(void **state)
{
    (void)state;
    Q("SET TIME ZONE 'America/Chicago'", "");
    Q("select current_timezone(), cast(TIMESTAMP '2020-07-01 10:00:00' as "
      "timestamp(0) with time zone)",
      "America/Chicago|2020-07-01 10:00:00 America/Chicago\n");
    Q("SET TIME ZONE INTERVAL '-08:00' HOUR TO MINUTE", "");
    Q("select current_timezone()", "-08:00\n");
    Q("SET TIME ZONE '+05:30'", "");
    Q("select current_timezone()", "+05:30\n");
    QE("SET TIME ZONE 'Nowhere/City'", "22023",
       "Time zone not supported: Nowhere/City");
    Q("select current_timezone()", "+05:30\n");
    Q("SET TIME ZONE 'UTC'", "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rules),
        cmocka_unit_test(test_literals),
        cmocka_unit_test(test_compare),
        cmocka_unit_test(test_casts),
        cmocka_unit_test(test_functions),
        cmocka_unit_test(test_arith),
        cmocka_unit_test(test_time_at_zone),
        cmocka_unit_test(test_set_time_zone),
    };
    return cmocka_run_group_tests(tests, setup, sh_teardown);
}
