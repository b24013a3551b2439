/*
 * tests/unit/connector/test_trino_literal.c
 *   Unit tests of engine values as Trino literals
 *   (engine/connector/trino/trino_literal.c), the values of Trino mode's
 *   EXECUTE ... USING: every engine type with its prefix and precision,
 *   NULL typed and untyped, doubles that are not finite, strings with
 *   quotes, hostile text, unicode and control characters (U& escapes).
 * Interface: main (cmocka).
 * Not here: running them on a server (tests/trino/test_trino.c,
 *   test_params).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>
#include "connector/trino/trino_literal.h"

/* The literal of v, in a static buffer. */
static const char *lit(eng_value v)
{
    static char out[512];
    eng_strbuf b;
    eng_sb_init(&b, NULL);
    trino_literal(&b, &v);
    assert_non_null(eng_sb_text(&b));
    snprintf(out, sizeof out, "%s", eng_sb_text(&b));
    eng_sb_free(&b);
    return out;
}

static eng_value iv(eng_type_id id, int64_t i)
{
    eng_value v;
    memset(&v, 0, sizeof v);
    v.type = eng_type_make(id);
    v.u.i = i;
    return v;
}

static eng_value sv(const char *s)
{
    eng_value v;
    memset(&v, 0, sizeof v);
    v.type = eng_type_varchar(0);
    v.u.s.ptr = s;
    v.u.s.len = (uint32_t)strlen(s);
    return v;
}

static void test_numbers(void **state)
{
    (void)state;
    assert_string_equal(lit(iv(ENG_T_SMALLINT, -7)), "SMALLINT '-7'");
    eng_value ti = iv(ENG_T_SMALLINT, -128);
    ti.type = eng_type_tinyint();
    assert_string_equal(lit(ti), "TINYINT '-128'");
    ti.is_null = true;
    assert_string_equal(lit(ti), "CAST(NULL AS tinyint)");
    assert_string_equal(lit(iv(ENG_T_INTEGER, 42)), "INTEGER '42'");
    assert_string_equal(lit(iv(ENG_T_BIGINT, INT64_MIN)),
                        "BIGINT '-9223372036854775808'");
    eng_value b = iv(ENG_T_BOOLEAN, 0);
    b.u.b = true;
    assert_string_equal(lit(b), "TRUE");
    eng_value d = iv(ENG_T_DOUBLE, 0);
    d.u.d = 1.25;
    assert_string_equal(lit(d), "DOUBLE '1.25'");
    d.u.d = 0.1;   /* every digit a double needs to come back the same */
    assert_string_equal(lit(d), "DOUBLE '0.10000000000000001'");
    d.u.d = INFINITY;
    assert_string_equal(lit(d), "infinity()");
    d.u.d = -INFINITY;
    assert_string_equal(lit(d), "-infinity()");
    d.u.d = NAN;
    assert_string_equal(lit(d), "nan()");
    /* a real stays a real on the server, exactly */
    d.type = eng_type_real();
    d.u.d = (double)0.1f;
    assert_string_equal(lit(d), "CAST(DOUBLE '0.10000000149011612' AS REAL)");
    eng_value dec = iv(ENG_T_DECIMAL, 0);
    dec.type = eng_type_decimal(10, 2);
    dec.u.dec = -1250;
    assert_string_equal(lit(dec), "DECIMAL '-12.50'");
}

static void test_datetimes(void **state)
{
    (void)state;
    eng_value dt = iv(ENG_T_DATE, 0);
    dt.u.date = eng_date_from_ymd(2021, 3, 4);
    assert_string_equal(lit(dt), "DATE '2021-03-04'");
    eng_value ts = iv(ENG_T_TIMESTAMP, 0);
    ts.type = eng_type_timestamp(3);
    ts.u.i = (int64_t)eng_date_from_ymd(2020, 1, 2) * ENG_US_PER_DAY +
             ((3 * 3600 + 4 * 60 + 5) * ENG_US_PER_SEC) + 123000;
    assert_string_equal(lit(ts), "TIMESTAMP '2020-01-02 03:04:05.123'");
    ts.type = eng_type_timestamp(0);
    ts.u.i -= 123000;
    assert_string_equal(lit(ts), "TIMESTAMP '2020-01-02 03:04:05'");
    eng_value t = iv(ENG_T_TIME, 0);
    t.type = eng_type_time(6);
    t.u.i = 5 * ENG_US_PER_SEC + 5;
    assert_string_equal(lit(t), "TIME '00:00:05.000005'");
    assert_string_equal(lit(iv(ENG_T_INTERVAL_DS, 2 * 86400000LL + 500)),
                        "INTERVAL '2 00:00:00.500' DAY TO SECOND");
    assert_string_equal(lit(iv(ENG_T_INTERVAL_DS, -1500)),
                        "INTERVAL -'0 00:00:01.500' DAY TO SECOND");
    assert_string_equal(lit(iv(ENG_T_INTERVAL_YM, 14)),
                        "INTERVAL '1-2' YEAR TO MONTH");
    assert_string_equal(lit(iv(ENG_T_INTERVAL_YM, -2)),
                        "INTERVAL -'0-2' YEAR TO MONTH");
    /* with a time zone: Trino's text with the zone, never NULL */
    eng_value tz;
    memset(&tz, 0, sizeof tz);
    tz.type = eng_type_timestamp_tz(3);
    tz.u.tz.us = (int64_t)eng_date_from_ymd(2020, 1, 2) * ENG_US_PER_DAY;
    tz.u.tz.zone = ENG_TZ_UTC;
    assert_string_equal(lit(tz), "TIMESTAMP '2020-01-02 00:00:00.000 UTC'");
    /* char(n): kept trimmed, Trino pads it back */
    eng_value c = sv("ab");
    c.type = eng_type_char(5);
    assert_string_equal(lit(c), "CAST('ab' AS char(5))");
}

static void test_nulls(void **state)
{
    (void)state;
    eng_value n = iv(ENG_T_UNKNOWN, 0);
    n.is_null = true;
    assert_string_equal(lit(n), "NULL");
    n.type = eng_type_decimal(10, 2);
    assert_string_equal(lit(n), "CAST(NULL AS decimal(10,2))");
    n.type = eng_type_timestamp(3);
    assert_string_equal(lit(n), "CAST(NULL AS timestamp(3))");
}

static void test_strings(void **state)
{
    (void)state;
    assert_string_equal(lit(sv("")), "''");
    assert_string_equal(lit(sv("it's")), "'it''s'");
    assert_string_equal(lit(sv("'; drop table t; --")),
                        "'''; drop table t; --'");
    assert_string_equal(lit(sv("x' or '1'='1")), "'x'' or ''1''=''1'");
    assert_string_equal(lit(sv("a \"b\" \\ ?")), "'a \"b\" \\ ?'");
    assert_string_equal(lit(sv("h\xc3\xa9llo \xf0\x9f\x98\x80")),
                        "'h\xc3\xa9llo \xf0\x9f\x98\x80'");
    /* control characters: a Unicode literal, backslashes doubled */
    assert_string_equal(lit(sv("a\nb\\c'\x7f")),
                        "U&'a\\000Ab\\\\c''\\007F'");
    eng_value z = sv("");
    z.u.s.ptr = "a\0b";
    z.u.s.len = 3;
    assert_string_equal(lit(z), "U&'a\\0000b'");
}

/* varbinary as X'..', uuid as UUID '..', their NULLs typed */
static void test_binary(void **state)
{
    (void)state;
    eng_value v = sv("");
    v.type = eng_type_make(ENG_T_VARBINARY);
    v.u.s.ptr = "\x00\xab'";
    v.u.s.len = 3;
    assert_string_equal(lit(v), "X'00AB27'");
    v.u.s.len = 0;
    assert_string_equal(lit(v), "X''");
    v.type = eng_type_make(ENG_T_UUID);
    v.u.s.ptr = "\xa0\xee\xbc\x99\x9c\x0b\x4e\xf8\xbb\x6d\x6b\xb9\xbd\x38\x0a\x11";
    v.u.s.len = 16;
    assert_string_equal(lit(v), "UUID 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'");
    v.is_null = true;
    assert_string_equal(lit(v), "CAST(NULL AS uuid)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_datetimes),
        cmocka_unit_test(test_nulls),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_binary),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
