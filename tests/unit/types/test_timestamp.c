/*
 * tests/unit/types/test_timestamp.c
 *   The value helpers of engine/types/timestamp.c: Trino's text forms of
 *   timestamps, times and intervals (negative values and extremes
 *   included), parsing with its errors, half-up rounding, month
 *   arithmetic with day clamping, and casts through eng_value_cast.
 * Not here: SQL-level behaviour (tests/unit/exec/test_time.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "types/types.h"

static void test_format(void **state)
{
    (void)state;
    char b[64];
    eng_ts_format(0, 3, b, sizeof b);
    assert_string_equal(b, "1970-01-01 00:00:00.000");
    eng_ts_format(-1, 6, b, sizeof b);
    assert_string_equal(b, "1969-12-31 23:59:59.999999");
    eng_ts_format(1577934245123456LL, 0, b, sizeof b);
    assert_string_equal(b, "2020-01-02 03:04:05");
    eng_time_format(3723000001LL, 6, b, sizeof b);
    assert_string_equal(b, "01:02:03.000001");
    eng_interval_ds_format(-1500, b, sizeof b);
    assert_string_equal(b, "-0 00:00:01.500");
    eng_interval_ds_format(INT64_MIN, b, sizeof b);
    assert_string_equal(b, "-106751991167 07:12:55.808");
    eng_interval_ym_format(14, b, sizeof b);
    assert_string_equal(b, "1-2");
    eng_interval_ym_format(-2, b, sizeof b);
    assert_string_equal(b, "-0-2");
    /* a small buffer gets a NUL-terminated prefix and the full length */
    assert_int_equal(eng_ts_format(0, 0, b, 5), 19);
    assert_string_equal(b, "1970");
}

static void test_parse(void **state)
{
    (void)state;
    eng_error err;
    int64_t us;
    int nd;
    assert_int_equal(eng_ts_parse(" 2020-1-2 3:4:5.1 ", 18, &us, &nd, &err), ENG_OK);
    assert_int_equal(us, 1577934245100000LL);
    assert_int_equal(nd, 1);
    assert_int_equal(eng_ts_parse("2020-01-02", 10, &us, &nd, &err), ENG_OK);
    assert_int_equal(nd, 0);
    assert_int_equal(eng_ts_parse("1969-12-31 23:59:59.999999", 26, &us, &nd, &err),
                     ENG_OK);
    assert_int_equal(us, -1);
    static const char *const bad[] = {"2020-02-30", "2020-13-01", "20-01-01",
        "2020-01-01 24:00", "2020-01-01 10:60", "2020-01-01T10:00", "2020-01-01 10",
        "2020-01-01 10:00:00.", "", "x"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(eng_ts_parse(bad[i], strlen(bad[i]), &us, &nd, &err), ENG_ERROR);
        assert_string_equal(err.sqlstate, "22007");
    }
    assert_int_equal(eng_ts_parse("2020-01-01 10:00 UTC", 20, &us, &nd, &err), ENG_ERROR);
    assert_string_equal(err.sqlstate, "0A000");
    assert_int_equal(eng_ts_parse("2020-01-01 10:00:00.1234567", 27, &us, &nd, &err),
                     ENG_ERROR);
    assert_string_equal(err.sqlstate, "0A000");
    assert_int_equal(eng_time_parse("23:59:59.5", 10, &us, &nd, &err), ENG_OK);
    assert_int_equal(us, 86399500000LL);
    /* a zone makes it a time with time zone (eng_timetz_parse) */
    assert_int_equal(eng_time_parse("10:00+02:00", 11, &us, &nd, &err), ENG_ERROR);
    assert_string_equal(err.sqlstate, "22007");
    assert_int_equal(eng_time_parse("1:2:3:4", 7, &us, &nd, &err), ENG_ERROR);
    assert_string_equal(err.sqlstate, "22007");
}

static void test_round_and_months(void **state)
{
    (void)state;
    int64_t r;
    int32_t d;
    assert_int_equal(eng_ts_round(1499, 3, &r), 0);
    assert_int_equal(r, 1000);
    assert_int_equal(eng_ts_round(1500, 3, &r), 0);
    assert_int_equal(r, 2000);
    assert_int_equal(eng_ts_round(-1500, 3, &r), 0);   /* ties toward +inf */
    assert_int_equal(r, -1000);
    assert_int_equal(eng_ts_round(-1501, 3, &r), 0);
    assert_int_equal(r, -2000);
    assert_int_equal(eng_ts_round(INT64_MAX, 0, &r), 1);
    assert_int_equal(eng_date_add_months(eng_date_from_ymd(2020, 1, 31), 1, &d), 0);
    assert_int_equal(d, eng_date_from_ymd(2020, 2, 29));
    assert_int_equal(eng_date_add_months(eng_date_from_ymd(2020, 3, 31), -13, &d), 0);
    assert_int_equal(d, eng_date_from_ymd(2019, 2, 28));
    assert_int_equal(eng_date_add_months(0, (int64_t)INT32_MAX + 1, &d), 1);
    assert_int_equal(eng_date_add_months(0, INT32_MAX, &d), 1);
}

static void test_casts(void **state)
{
    (void)state;
    eng_arena *a = eng_arena_create();
    eng_error err;
    eng_value v = {0}, r;
    v.type = eng_type_timestamp(6);
    v.u.i = -1;                                   /* 1969-12-31 23:59:59.999999 */
    assert_int_equal(eng_value_cast(a, &v, eng_type_make(ENG_T_DATE), &r, &err), ENG_OK);
    assert_int_equal(r.u.date, -1);
    assert_int_equal(eng_value_cast(a, &v, eng_type_timestamp(3), &r, &err), ENG_OK);
    assert_int_equal(r.u.i, 0);                   /* rounds up into 1970 */
    assert_int_equal(eng_value_cast(a, &v, eng_type_time(6), &r, &err), ENG_OK);
    assert_int_equal(r.u.i, 86399999999LL);
    assert_int_equal(eng_value_cast(a, &v, eng_type_varchar(0), &r, &err), ENG_OK);
    assert_int_equal(r.u.s.len, 26);
    assert_int_equal(eng_value_cast(a, &v, eng_type_make(ENG_T_BIGINT), &r, &err),
                     ENG_ERROR);
    assert_string_equal(err.sqlstate, "42804");
    v.u.i = INT64_MAX;
    assert_int_equal(eng_value_cast(a, &v, eng_type_timestamp(0), &r, &err), ENG_ERROR);
    assert_string_equal(err.sqlstate, "22003");
    eng_arena_destroy(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_round_and_months),
        cmocka_unit_test(test_casts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
