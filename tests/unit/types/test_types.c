/*
 * tests/unit/types/test_types.c
 *   Unit tests of engine/types: names, decimals, dates, batches, casts
 *   and text forms.
 * Not here: vectorized evaluation (tests/unit/exec/).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>
#include "types/types.h"
#include "types/types_int.h"

static eng_arena *A;

static int setup(void **state)
{
    (void)state;
    A = eng_arena_create();
    return A ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    eng_arena_destroy(A);
    return 0;
}

/* ---- value builders ---- */
static eng_value vint(eng_type_id id, int64_t i)
{
    eng_value v;
    memset(&v, 0, sizeof v);
    v.type = eng_type_make(id);
    v.u.i = i;
    return v;
}

static eng_value vdbl(double d)
{
    eng_value v;
    memset(&v, 0, sizeof v);
    v.type = eng_type_make(ENG_T_DOUBLE);
    v.u.d = d;
    return v;
}

static eng_value vdec(eng_int128 x, int p, int s)
{
    eng_value v;
    memset(&v, 0, sizeof v);
    v.type = eng_type_decimal(p, s);
    v.u.dec = x;
    return v;
}

static eng_value vstr(const char *s)
{
    eng_value v;
    memset(&v, 0, sizeof v);
    v.type = eng_type_varchar(0);
    v.u.s.ptr = s;
    v.u.s.len = (uint32_t)strlen(s);
    return v;
}

static eng_value vbool(bool b)
{
    eng_value v;
    memset(&v, 0, sizeof v);
    v.type = eng_type_make(ENG_T_BOOLEAN);
    v.u.b = b;
    return v;
}

static eng_value vdate(int32_t d)
{
    eng_value v;
    memset(&v, 0, sizeof v);
    v.type = eng_type_make(ENG_T_DATE);
    v.u.date = d;
    return v;
}

/* Casts v to `to` and returns the text of the result (must succeed). */
static const char *cast_text(eng_value v, eng_type to)
{
    eng_value out;
    eng_error err;
    eng_err_clear(&err);
    eng_rc rc = eng_value_cast(A, &v, to, &out, &err);
    if (rc != ENG_OK)
        fail_msg("cast failed: %s %s", err.sqlstate, err.message);
    assert_true(eng_type_equal(out.type, to));
    return eng_value_to_text(A, &out);
}

/* Casts v to `to`, expecting failure with `state`; returns the message. */
static const char *cast_fails(eng_value v, eng_type to, const char *state)
{
    static eng_error err;
    eng_value out;
    memset(&out, 0x5a, sizeof out);
    eng_rc rc = eng_value_cast(A, &v, to, &out, &err);
    assert_int_equal(rc, ENG_ERROR);
    assert_string_equal(err.sqlstate, state);
    return err.message;
}

static const char *dec_text(eng_int128 v, int scale)
{
    static char buf[64];
    int n = eng_decimal_format(v, scale, buf, sizeof buf);
    assert_int_equal(n, (int)strlen(buf));
    return buf;
}

static eng_int128 int128_max(void)
{
    return (eng_int128)(((unsigned __int128)1 << 127) - 1);
}

/* ---- tests ---- */

static void test_type_names(void **state)
{
    (void)state;
    char b[32];
    assert_string_equal(eng_type_name(eng_type_make(ENG_T_BOOLEAN), b, sizeof b), "boolean");
    assert_string_equal(eng_type_name(eng_type_make(ENG_T_SMALLINT), b, sizeof b), "smallint");
    assert_string_equal(eng_type_name(eng_type_make(ENG_T_INTEGER), b, sizeof b), "integer");
    assert_string_equal(eng_type_name(eng_type_make(ENG_T_BIGINT), b, sizeof b), "bigint");
    assert_string_equal(eng_type_name(eng_type_make(ENG_T_DOUBLE), b, sizeof b), "double");
    assert_string_equal(eng_type_name(eng_type_decimal(10, 2), b, sizeof b), "decimal(10,2)");
    assert_string_equal(eng_type_name(eng_type_make(ENG_T_DECIMAL), b, sizeof b), "decimal(38,0)");
    assert_string_equal(eng_type_name(eng_type_varchar(0), b, sizeof b), "varchar");
    assert_string_equal(eng_type_name(eng_type_varchar(255), b, sizeof b), "varchar(255)");
    assert_string_equal(eng_type_name(eng_type_make(ENG_T_DATE), b, sizeof b), "date");
    assert_string_equal(eng_type_name(eng_type_make(ENG_T_UNKNOWN), b, sizeof b), "unknown");
    assert_true(eng_type_equal(eng_type_decimal(10, 2), eng_type_decimal(10, 2)));
    assert_false(eng_type_equal(eng_type_decimal(10, 2), eng_type_decimal(10, 3)));
    assert_false(eng_type_equal(eng_type_varchar(3), eng_type_varchar(0)));
    assert_false(eng_type_equal(eng_type_make(ENG_T_INTEGER), eng_type_make(ENG_T_BIGINT)));
    assert_int_equal(eng_type_width(ENG_T_DECIMAL), 16);
    assert_int_equal(eng_type_width(ENG_T_SMALLINT), 2);
    assert_int_equal(eng_type_width(ENG_T_VARCHAR), sizeof(eng_str));
    assert_true(eng_type_is_integer(ENG_T_SMALLINT));
    assert_false(eng_type_is_integer(ENG_T_DECIMAL));
    assert_true(eng_type_is_numeric(ENG_T_DOUBLE));
    assert_false(eng_type_is_numeric(ENG_T_VARCHAR));
}

/* tinyint: a smallint with precision ENG_SMALLINT_TINY (types.h) */
static void test_tinyint(void **state)
{
    (void)state;
    char b[32];
    eng_type ti = eng_type_tinyint(), si = eng_type_make(ENG_T_SMALLINT);
    assert_string_equal(eng_type_name(ti, b, sizeof b), "tinyint");
    assert_true(eng_type_is_tinyint(ti));
    assert_false(eng_type_is_tinyint(si));
    assert_false(eng_type_equal(ti, si));
    assert_true(eng_type_equal(ti, eng_type_tinyint()));
    int64_t lo, hi;
    eng_int_range(ti, &lo, &hi);
    assert_true(lo == -128 && hi == 127);
    eng_int_range(si, &lo, &hi);
    assert_true(lo == INT16_MIN && hi == INT16_MAX);
    eng_int_range(eng_type_make(ENG_T_INTEGER), &lo, &hi);
    assert_true(lo == INT32_MIN && hi == INT32_MAX);
    /* into tinyint: every source type, 22003 one past either end */
    assert_string_equal(cast_text(vint(ENG_T_INTEGER, 127), ti), "127");
    assert_string_equal(cast_text(vint(ENG_T_BIGINT, -128), ti), "-128");
    assert_string_equal(cast_fails(vint(ENG_T_INTEGER, 128), ti, "22003"),
                        "value 128 out of range for tinyint");
    cast_fails(vint(ENG_T_SMALLINT, -129), ti, "22003");
    cast_fails(vint(ENG_T_BIGINT, INT64_MIN), ti, "22003");
    assert_string_equal(cast_text(vdec(-12849, 5, 2), ti), "-128");
    cast_fails(vdec(-12850, 5, 2), ti, "22003");   /* rounds to -129 */
    assert_string_equal(cast_text(vdbl(126.5), ti), "127");
    cast_fails(vdbl(127.5), ti, "22003");
    assert_string_equal(cast_text(vbool(true), ti), "1");
    assert_string_equal(cast_text(vstr("-128"), ti), "-128");
    assert_string_equal(cast_text(vstr(" +7 "), ti), "7");
    cast_fails(vstr("128"), ti, "22018");
    cast_fails(vstr("1.5"), ti, "22018");
    cast_fails(vstr(""), ti, "22018");
    /* out of tinyint: the value's type is tinyint, the text is a number */
    eng_value t = vint(ENG_T_SMALLINT, -128);
    t.type = ti;
    assert_string_equal(cast_text(t, eng_type_varchar(0)), "-128");
    assert_string_equal(cast_text(t, si), "-128");
    assert_string_equal(cast_text(t, eng_type_decimal(3, 0)), "-128");
    cast_fails(t, eng_type_decimal(2, 0), "22003");
    assert_string_equal(cast_text(t, eng_type_make(ENG_T_DOUBLE)), "-128.0");
    assert_string_equal(cast_text(t, eng_type_make(ENG_T_BOOLEAN)), "true");
    cast_fails(t, eng_type_make(ENG_T_DATE), "42804");
}

static void test_pow10(void **state)
{
    (void)state;
    assert_true(eng_pow10(0) == 1);
    assert_true(eng_pow10(19) == (eng_int128)10000000000000000000ULL);
    assert_true(eng_pow10(20) == (eng_int128)10000000000000000000ULL * 10);
    eng_int128 p = 1;
    for (int i = 0; i < 38; i++)
        p *= 10;
    assert_true(eng_pow10(38) == p);
}

static void test_decimal_format(void **state)
{
    (void)state;
    assert_string_equal(dec_text(1250, 2), "12.50");
    assert_string_equal(dec_text(-5, 2), "-0.05");
    assert_string_equal(dec_text(0, 0), "0");
    assert_string_equal(dec_text(0, 3), "0.000");
    assert_string_equal(dec_text(7, 0), "7");
    assert_string_equal(dec_text(-123456, 3), "-123.456");
    assert_string_equal(dec_text(100, 2), "1.00");
    assert_string_equal(dec_text(int128_max(), 0),
                        "170141183460469231731687303715884105727");
    assert_string_equal(dec_text(-int128_max() - 1, 0),
                        "-170141183460469231731687303715884105728");
    assert_string_equal(dec_text(-int128_max() - 1, 38),
                        "-1.70141183460469231731687303715884105728");
    assert_string_equal(dec_text(1, 38),
                        "0.00000000000000000000000000000000000001");
    assert_string_equal(dec_text(eng_pow10(38) - 1, 0),
                        "99999999999999999999999999999999999999");
    assert_string_equal(dec_text((eng_int128)10000000000000000000ULL, 0),
                        "10000000000000000000");
    /* truncation into a small buffer keeps the full length as result */
    char small[4];
    assert_int_equal(eng_decimal_format(123456, 0, small, sizeof small), 6);
    assert_string_equal(small, "123");
}

static eng_int128 parse_ok(const char *s, int p, int sc)
{
    eng_int128 v = -999;
    eng_error err;
    eng_rc rc = eng_decimal_parse(s, strlen(s), p, sc, &v, &err);
    if (rc)
        fail_msg("parse of '%s' failed: %s", s, err.message);
    return v;
}

static void test_decimal_parse(void **state)
{
    (void)state;
    assert_true(parse_ok("12.5", 10, 2) == 1250);
    assert_true(parse_ok("-0.05", 10, 2) == -5);
    assert_true(parse_ok("+7", 3, 0) == 7);
    assert_true(parse_ok("  42  ", 5, 1) == 420);
    assert_true(parse_ok(".5", 2, 1) == 5);
    assert_true(parse_ok("5.", 2, 1) == 50);
    assert_true(parse_ok("000123.4500", 5, 2) == 12345);
    /* rounding half-up, away from zero */
    assert_true(parse_ok("1.005", 10, 2) == 101);
    assert_true(parse_ok("1.004", 10, 2) == 100);
    assert_true(parse_ok("-1.005", 10, 2) == -101);
    assert_true(parse_ok("0.5", 1, 0) == 1);
    assert_true(parse_ok("-0.5", 1, 0) == -1);
    assert_true(parse_ok("0.004", 3, 2) == 0);
    assert_true(parse_ok("-0", 3, 2) == 0);
    /* exponent */
    assert_true(parse_ok("1e3", 10, 0) == 1000);
    assert_true(parse_ok("1.5E-2", 10, 3) == 15);
    /* extremes */
    assert_true(parse_ok("99999999999999999999999999999999999999", 38, 0) ==
                eng_pow10(38) - 1);
    assert_true(parse_ok("-99999999999999999999999999999999999999", 38, 0) ==
                -(eng_pow10(38) - 1));
    assert_true(parse_ok("0.00000000000000000000000000000000000001", 38, 38) == 1);
    assert_true(parse_ok("1.0000000000000000000000000000000000000000000000000", 2, 1) == 10);

    eng_int128 v;
    eng_error err;
    assert_int_equal(eng_decimal_parse("123.45", 6, 4, 2, &v, &err), ENG_ERROR);
    assert_string_equal(err.sqlstate, "22003");
    assert_non_null(strstr(err.message, "'123.45'"));
    assert_non_null(strstr(err.message, "decimal(4,2)"));
    /* rounding up makes it overflow */
    assert_int_equal(eng_decimal_parse("9.99", 4, 2, 1, &v, &err), ENG_ERROR);
    assert_string_equal(err.sqlstate, "22003");
    assert_int_equal(eng_decimal_parse("100000000000000000000000000000000000000", 39, 38, 0, &v, &err), ENG_ERROR);
    assert_string_equal(err.sqlstate, "22003");
    const char *bad[] = {"", " ", "abc", "1.2.3", "1,5", "--1", "+", ".", "1e", "12a", "1 2"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(eng_decimal_parse(bad[i], strlen(bad[i]), 10, 2, &v, &err), ENG_ERROR);
        assert_string_equal(err.sqlstate, "22018");
    }
    assert_int_equal(eng_decimal_parse("abc", 3, 10, 2, &v, &err), ENG_ERROR);
    assert_string_equal(err.message, "cannot cast 'abc' to decimal(10,2): not a number");
}

static void test_dates(void **state)
{
    (void)state;
    char buf[16];
    assert_int_equal(eng_date_from_ymd(1970, 1, 1), 0);
    assert_int_equal(eng_date_from_ymd(1969, 12, 31), -1);
    assert_int_equal(eng_date_from_ymd(1970, 1, 2), 1);
    assert_int_equal(eng_date_from_ymd(2000, 3, 1), 11017);
    assert_int_equal(eng_date_from_ymd(2000, 2, 29), 11016);
    assert_int_equal(eng_date_from_ymd(1, 1, 1), -719162);
    assert_int_equal(eng_date_from_ymd(9999, 12, 31), 2932896);
    assert_int_equal(eng_date_format(0, buf, sizeof buf), 10);
    assert_string_equal(buf, "1970-01-01");
    eng_date_format(-1, buf, sizeof buf);
    assert_string_equal(buf, "1969-12-31");
    eng_date_format(-719162, buf, sizeof buf);
    assert_string_equal(buf, "0001-01-01");
    eng_date_format(2932896, buf, sizeof buf);
    assert_string_equal(buf, "9999-12-31");
    eng_date_format(eng_date_from_ymd(2024, 2, 29), buf, sizeof buf);
    assert_string_equal(buf, "2024-02-29");
    /* outside 0..9999 (the hand-written path's range): printf's form */
    assert_int_equal(eng_date_format(eng_date_from_ymd(10000, 1, 2), buf,
                                     sizeof buf), 11);
    assert_string_equal(buf, "10000-01-02");
    eng_date_format(eng_date_from_ymd(-5, 3, 4), buf, sizeof buf);
    assert_string_equal(buf, "-0005-03-04");
    eng_date_format(eng_date_from_ymd(0, 12, 31), buf, sizeof buf);
    assert_string_equal(buf, "0000-12-31");
    /* a short buffer is cut and terminated; the full length returned */
    char small[5];
    assert_int_equal(eng_date_format(0, small, sizeof small), 10);
    assert_string_equal(small, "1970");
    /* round trip over a wide range, one day at a time */
    int y0, m0, d0;
    eng_date_to_ymd(-719162, &y0, &m0, &d0);
    for (int32_t day = -719162; day <= 2932896; day++) {
        int y, m, d;
        eng_date_to_ymd(day, &y, &m, &d);
        if (eng_date_from_ymd(y, m, d) != day)
            fail_msg("round trip failed at %d", day);
    }
    /* eng_date_to_ymd's fast span (date.c, -12699422 .. 200000000) and
     * the era algorithm beyond it: every day around both edges and at
     * int32's ends round-trips and is the day after the one before */
    const int32_t edges[] = { -12699422, 200000000, INT32_MIN + 800000,
                              INT32_MAX - 800000 };
    for (size_t e = 0; e < sizeof edges / sizeof *edges; e++) {
        int py = 0, pm = 0, pd = 0;
        for (int32_t day = edges[e] - 800; day <= edges[e] + 800; day++) {
            int y, m, d;
            eng_date_to_ymd(day, &y, &m, &d);
            if (m < 1 || m > 12 || d < 1 || d > 31 ||
                eng_date_from_ymd(y, m, d) != day)
                fail_msg("round trip failed at %d (%d-%d-%d)", day, y, m, d);
            if (day > edges[e] - 800 &&
                !(y == py && m == pm && d == pd + 1) &&
                !(y == py && m == pm + 1 && d == 1) &&
                !(y == py + 1 && m == 1 && d == 1 && pm == 12 && pd == 31))
                fail_msg("day %d (%d-%d-%d) does not follow %d-%d-%d", day,
                         y, m, d, py, pm, pd);
            py = y;
            pm = m;
            pd = d;
        }
    }
    eng_date_to_ymd(-12699422, &y0, &m0, &d0);     /* first day of the span */
    assert_int_equal(y0, -32800);
    assert_int_equal(m0, 3);
    assert_int_equal(d0, 1);

    int32_t out;
    eng_error err;
    assert_int_equal(eng_date_parse("2018-01-09", 10, &out, &err), ENG_OK);
    assert_int_equal(out, eng_date_from_ymd(2018, 1, 9));
    assert_int_equal(eng_date_parse("2000-02-29", 10, &out, &err), ENG_OK);
    assert_int_equal(eng_date_parse("1969-12-31", 10, &out, &err), ENG_OK);
    assert_int_equal(out, -1);
    const char *bad[] = {"1900-02-29", "2023-02-29", "2018-13-01", "2018-00-10",
                         "2018-04-31", "2018-01-00", "2018-1-09", "18-01-09",
                         "2018/01/09", "0000-01-01", "2018-01-09x", "abcd-ef-gh",
                         " 2018-01-09", ""};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        if (eng_date_parse(bad[i], strlen(bad[i]), &out, &err) != ENG_ERROR)
            fail_msg("'%s' parsed", bad[i]);
        assert_string_equal(err.sqlstate, "22007");
    }
    assert_non_null(strstr(err.message, "''"));
}

static void test_batch(void **state)
{
    (void)state;
    eng_type types[3] = {eng_type_make(ENG_T_INTEGER), eng_type_varchar(0),
                         eng_type_decimal(38, 2)};
    eng_batch *b = eng_batch_create(A, 3, types, 100);
    assert_non_null(b);
    assert_int_equal(b->capacity, 100);
    assert_int_equal(b->nrows, 0);
    eng_value v;
    eng_batch_get(b, 0, 99, &v);
    assert_true(v.is_null);

    char text[] = "hello";
    eng_value s = vstr(text);
    eng_value i = vint(ENG_T_INTEGER, -42);
    eng_value d = vdec(-int128_max(), 38, 2);
    assert_int_equal(eng_batch_set(b, 0, 5, &i, NULL), ENG_OK);
    assert_int_equal(eng_batch_set(b, 1, 5, &s, NULL), ENG_OK);
    assert_int_equal(eng_batch_set(b, 2, 5, &d, NULL), ENG_OK);
    text[0] = 'j'; /* the batch holds its own copy */
    eng_batch_get(b, 0, 5, &v);
    assert_false(v.is_null);
    assert_int_equal(v.u.i, -42);
    eng_batch_get(b, 1, 5, &v);
    assert_int_equal(v.u.s.len, 5);
    assert_memory_equal(v.u.s.ptr, "hello", 5);
    eng_batch_get(b, 2, 5, &v);
    assert_true(v.u.dec == -int128_max());
    assert_int_equal(v.type.scale, 2);

    eng_error err;
    eng_value wrong = vint(ENG_T_BIGINT, 1);
    assert_int_equal(eng_batch_set(b, 0, 6, &wrong, &err), ENG_ERROR);
    assert_string_equal(err.sqlstate, "HY000");

    eng_arena *a2 = eng_arena_create();
    eng_batch *c = eng_batch_create(a2, 3, types, 10);
    assert_int_equal(eng_batch_copy_row(c, 0, b, 5, NULL), ENG_OK);
    assert_int_equal(eng_batch_copy_row(c, 1, b, 6, NULL), ENG_OK);
    eng_batch_get(c, 1, 0, &v);
    assert_memory_equal(v.u.s.ptr, "hello", 5);
    assert_true(v.u.s.ptr >= (const char *)a2); /* copied, not shared */
    eng_batch_get(c, 2, 0, &v);
    assert_true(v.u.dec == -int128_max());
    eng_batch_get(c, 0, 1, &v);
    assert_true(v.is_null);
    /* setting NULL clears a valid row */
    eng_value null = vint(ENG_T_INTEGER, 0);
    null.is_null = true;
    eng_batch_set(c, 0, 0, &null, NULL);
    eng_batch_get(c, 0, 0, &v);
    assert_true(v.is_null);
    eng_arena_destroy(a2);
}

static void test_cast_integers(void **state)
{
    (void)state;
    eng_type si = eng_type_make(ENG_T_SMALLINT), in = eng_type_make(ENG_T_INTEGER),
             bi = eng_type_make(ENG_T_BIGINT);
    assert_string_equal(cast_text(vint(ENG_T_INTEGER, 32767), si), "32767");
    assert_string_equal(cast_text(vint(ENG_T_INTEGER, -32768), si), "-32768");
    const char *m = cast_fails(vint(ENG_T_INTEGER, 32768), si, "22003");
    assert_string_equal(m, "value 32768 out of range for smallint");
    cast_fails(vint(ENG_T_BIGINT, 2147483648LL), in, "22003");
    cast_fails(vint(ENG_T_BIGINT, INT64_MIN), in, "22003");
    assert_string_equal(cast_text(vint(ENG_T_BIGINT, -2147483648LL), in), "-2147483648");
    assert_string_equal(cast_text(vint(ENG_T_SMALLINT, -5), bi), "-5");
    assert_string_equal(cast_text(vbool(true), in), "1");
    assert_string_equal(cast_text(vint(ENG_T_INTEGER, 7), eng_type_make(ENG_T_BOOLEAN)), "true");
    assert_string_equal(cast_text(vint(ENG_T_INTEGER, 0), eng_type_make(ENG_T_BOOLEAN)), "false");
    /* decimal -> integer rounds half away from zero */
    assert_string_equal(cast_text(vdec(250, 5, 2), in), "3");
    assert_string_equal(cast_text(vdec(-250, 5, 2), in), "-3");
    assert_string_equal(cast_text(vdec(249, 5, 2), in), "2");
    cast_fails(vdec(eng_pow10(37), 38, 0), bi, "22003");
    /* double -> integer */
    assert_string_equal(cast_text(vdbl(2.5), in), "3");
    assert_string_equal(cast_text(vdbl(-2.5), in), "-3");
    assert_string_equal(cast_text(vdbl(1.4999), in), "1");
    assert_string_equal(cast_text(vdbl(-9223372036854775808.0), bi), "-9223372036854775808");
    cast_fails(vdbl(9223372036854775808.0), bi, "22003");
    cast_fails(vdbl(NAN), bi, "22003");
    cast_fails(vdbl(INFINITY), in, "22003");
    m = cast_fails(vdbl(1e10), in, "22003");
    assert_string_equal(m, "value 1.0E10 out of range for integer");
}

static void test_cast_decimals(void **state)
{
    (void)state;
    /* integer -> decimal */
    assert_string_equal(cast_text(vint(ENG_T_INTEGER, 123), eng_type_decimal(5, 2)), "123.00");
    assert_string_equal(cast_text(vint(ENG_T_INTEGER, -123), eng_type_decimal(3, 0)), "-123");
    const char *m = cast_fails(vint(ENG_T_INTEGER, 1234), eng_type_decimal(5, 2), "22003");
    assert_string_equal(m, "value 1234 does not fit decimal(5,2)");
    cast_fails(vint(ENG_T_INTEGER, 1), eng_type_decimal(2, 2), "22003");
    assert_string_equal(cast_text(vint(ENG_T_INTEGER, 0), eng_type_decimal(2, 2)), "0.00");
    assert_string_equal(cast_text(vint(ENG_T_BIGINT, INT64_MIN), eng_type_decimal(38, 18)),
                        "-9223372036854775808.000000000000000000");
    cast_fails(vint(ENG_T_BIGINT, INT64_MAX), eng_type_decimal(38, 20), "22003");
    /* decimal -> decimal */
    assert_string_equal(cast_text(vdec(12345, 10, 3), eng_type_decimal(10, 2)), "12.35");
    assert_string_equal(cast_text(vdec(-12345, 10, 3), eng_type_decimal(10, 2)), "-12.35");
    assert_string_equal(cast_text(vdec(-12344, 10, 3), eng_type_decimal(10, 2)), "-12.34");
    assert_string_equal(cast_text(vdec(5, 10, 1), eng_type_decimal(10, 0)), "1");
    assert_string_equal(cast_text(vdec(1250, 4, 2), eng_type_decimal(38, 10)), "12.5000000000");
    cast_fails(vdec(99999, 5, 0), eng_type_decimal(4, 0), "22003");
    cast_fails(vdec(9995, 4, 3), eng_type_decimal(3, 2), "22003"); /* 9.995 -> 10.00 */
    assert_string_equal(cast_text(vdec(9994, 4, 3), eng_type_decimal(3, 2)), "9.99");
    assert_string_equal(cast_text(vdec(eng_pow10(38) - 1, 38, 38), eng_type_decimal(1, 0)), "1");
    cast_fails(vdec(eng_pow10(38) - 1, 38, 0), eng_type_decimal(38, 1), "22003");
    /* double <-> decimal */
    assert_string_equal(cast_text(vdbl(0.1), eng_type_decimal(10, 3)), "0.100");
    assert_string_equal(cast_text(vdbl(2.675), eng_type_decimal(10, 2)), "2.68");
    assert_string_equal(cast_text(vdbl(-1.5), eng_type_decimal(2, 0)), "-2");
    assert_string_equal(cast_text(vdbl(1e20), eng_type_decimal(38, 0)), "100000000000000000000");
    assert_string_equal(cast_text(vdbl(0.0), eng_type_decimal(5, 2)), "0.00");
    cast_fails(vdbl(1000.0), eng_type_decimal(5, 2), "22003");
    cast_fails(vdbl(NAN), eng_type_decimal(5, 2), "22003");
    assert_string_equal(cast_text(vdec(1250, 10, 2), eng_type_make(ENG_T_DOUBLE)), "12.5");
    assert_string_equal(cast_text(vdec(1, 10, 1), eng_type_make(ENG_T_DOUBLE)), "0.1");
    assert_string_equal(cast_text(vint(ENG_T_BIGINT, 3), eng_type_make(ENG_T_DOUBLE)), "3.0");
}

/* A double's display text (eng_value_to_text: Java's Double.toString,
 * what Trino's CLI shows and ODBC delivers as characters). */
static const char *dtext(double d)
{
    eng_value v = vdbl(d);
    return eng_value_to_text(A, &v);
}

static eng_value vreal(float f)
{
    eng_value v = vdbl((double)f);
    v.type = eng_type_real();
    return v;
}

static void test_double_text(void **state)
{
    (void)state;
    assert_string_equal(dtext(1.5), "1.5");
    assert_string_equal(dtext(1e10), "1.0E10");
    assert_string_equal(dtext(0.1), "0.1");
    assert_string_equal(dtext(100.0), "100.0");
    assert_string_equal(dtext(0.0), "0.0");
    assert_string_equal(dtext(-0.0), "-0.0");
    assert_string_equal(dtext(1234567.0), "1234567.0");
    assert_string_equal(dtext(12345678.0), "1.2345678E7");
    assert_string_equal(dtext(0.001), "0.001");
    assert_string_equal(dtext(0.0001), "1.0E-4");
    assert_string_equal(dtext(-2.5e-7), "-2.5E-7");
    assert_string_equal(dtext(1.0 / 3), "0.3333333333333333");
    assert_string_equal(dtext(123.456), "123.456");
    assert_string_equal(dtext(1.7976931348623157e308), "1.7976931348623157E308");
    assert_string_equal(dtext(4.9e-324), "4.9E-324");
    assert_string_equal(dtext(NAN), "NaN");
    assert_string_equal(dtext(-INFINITY), "-Infinity");
}

/* CAST(double AS varchar): Trino's DoubleOperators.castToVarchar,
 * DecimalFormat("0.0###################E0") over the shortest digits;
 * zeros are "0E0" / "-0E0"; the cases of Trino's TestDoubleOperators. */
static void test_double_cast_text(void **state)
{
    (void)state;
    eng_type vc = eng_type_varchar(0);
    assert_string_equal(cast_text(vdbl(37.7), vc), "3.77E1");
    assert_string_equal(cast_text(vdbl(17.1), vc), "1.71E1");
    assert_string_equal(cast_text(vdbl(1.5), vc), "1.5E0");
    assert_string_equal(cast_text(vdbl(1.0), vc), "1.0E0");
    assert_string_equal(cast_text(vdbl(-1.0), vc), "-1.0E0");
    assert_string_equal(cast_text(vdbl(1200.0), vc), "1.2E3");
    assert_string_equal(cast_text(vdbl(12345678.9), vc), "1.23456789E7");
    assert_string_equal(cast_text(vdbl(1e10), vc), "1.0E10");
    assert_string_equal(cast_text(vdbl(0.1), vc), "1.0E-1");
    assert_string_equal(cast_text(vdbl(-0.00125), vc), "-1.25E-3");
    assert_string_equal(cast_text(vdbl(1.0 / 3), vc), "3.333333333333333E-1");
    assert_string_equal(cast_text(vdbl(0.1 + 0.2), vc), "3.0000000000000004E-1");
    assert_string_equal(cast_text(vdbl(1.7976931348623157e308), vc), "1.7976931348623157E308");
    assert_string_equal(cast_text(vdbl(0.0), vc), "0E0");
    assert_string_equal(cast_text(vdbl(-0.0), vc), "-0E0");
    assert_string_equal(cast_text(vdbl(NAN), vc), "NaN");
    assert_string_equal(cast_text(vdbl(INFINITY), vc), "Infinity");
    assert_string_equal(cast_text(vdbl(-INFINITY), vc), "-Infinity");
    /* varchar(n): the whole text fits or the cast fails */
    assert_string_equal(cast_text(vdbl(1200.0), eng_type_varchar(5)), "1.2E3");
    assert_string_equal(cast_text(vdbl(NAN), eng_type_varchar(3)), "NaN");
    const char *m = cast_fails(vdbl(1200.0), eng_type_varchar(4), "22018");
    assert_string_equal(m, "Value 1200.0 (1.2E3) cannot be represented as varchar(4)");
    m = cast_fails(vdbl(0.0), eng_type_varchar(2), "22018");
    assert_string_equal(m, "Value 0.0 (0E0) cannot be represented as varchar(2)");
    cast_fails(vdbl(-0.0), eng_type_varchar(3), "22018");
    cast_fails(vdbl(INFINITY), eng_type_varchar(7), "22018");
    /* the display text stays Double.toString */
    assert_string_equal(dtext(1.5), "1.5");
}

/* CAST(real AS varchar): Trino's RealOperators.castToVarchar,
 * DecimalFormat("0.0#####E0") over Float.toString's digits: at most 7
 * significant digits, rounded half-even. */
static void test_real_cast_text(void **state)
{
    (void)state;
    eng_type vc = eng_type_varchar(0);
    char buf[32];
    assert_string_equal(cast_text(vreal(754.1985f), vc), "7.541985E2");
    assert_string_equal(cast_text(vreal(-754.2008f), vc), "-7.542008E2");
    assert_string_equal(cast_text(vreal(12345678.9f), vc), "1.234568E7");
    assert_string_equal(cast_text(vreal(1200.0f), vc), "1.2E3");
    assert_string_equal(cast_text(vreal(0.1f), vc), "1.0E-1");
    assert_string_equal(cast_text(vreal(65536.5f), vc), "6.55365E4");
    assert_string_equal(cast_text(vreal(0.0f), vc), "0E0");
    assert_string_equal(cast_text(vreal(-0.0f), vc), "-0E0");
    assert_string_equal(cast_text(vreal(INFINITY), vc), "Infinity");
    assert_string_equal(cast_text(vreal(NAN), vc), "NaN");
    /* 8 and 9 digit floats: 16777215 -> 1.6777215E7 -> 1.677722E7
     * (a tie on an exact value: half-even rounds ...1|5 up to ...2);
     * 16777213 -> 1.677721E7 (...1|3 down); 9.9999996E-26 carries to
     * 1.0E-25; a "5" tail on an inexact double goes by the double's
     * exact value: 9.9999995E-36 lies above the tie, 9.9999995E-37 below */
    assert_string_equal(cast_text(vreal(16777215.0f), vc), "1.677722E7");
    assert_string_equal(cast_text(vreal(16777213.0f), vc), "1.677721E7");
    assert_string_equal(cast_text(vreal(12345665.0f), vc), "1.234566E7");
    assert_string_equal(cast_text(vreal(9.9999996e-26f), vc), "1.0E-25");
    assert_string_equal(cast_text(vreal(9.9999995e-36f), vc), "1.0E-35");
    assert_string_equal(cast_text(vreal(9.9999995e-37f), vc), "9.999999E-37");
    assert_int_equal(eng_double_cast_text((double)3.4028235e38f, true, buf, sizeof buf), 11);
    assert_string_equal(buf, "3.402823E38");
    assert_string_equal(cast_text(vreal(1.4e-45f), vc), "1.4E-45");
    const char *m = cast_fails(vreal(1200.0f), eng_type_varchar(4), "22018");
    assert_string_equal(m, "Value 1200.0 (1.2E3) cannot be represented as varchar(4)");
}

static void test_cast_to_varchar(void **state)
{
    (void)state;
    eng_type vc = eng_type_varchar(0);
    assert_string_equal(cast_text(vbool(true), vc), "true");
    assert_string_equal(cast_text(vbool(false), vc), "false");
    assert_string_equal(cast_text(vint(ENG_T_BIGINT, INT64_MIN), vc), "-9223372036854775808");
    assert_string_equal(cast_text(vdec(-5, 10, 2), vc), "-0.05");
    assert_string_equal(cast_text(vdate(eng_date_from_ymd(2018, 1, 9)), vc), "2018-01-09");
    /* varchar(n) truncates text by characters */
    assert_string_equal(cast_text(vstr("abcdef"), eng_type_varchar(3)), "abc");
    assert_string_equal(cast_text(vstr("ab"), eng_type_varchar(3)), "ab");
    assert_string_equal(cast_text(vstr("\xc3\xa9t\xc3\xa9s"), eng_type_varchar(3)), "\xc3\xa9t\xc3\xa9");
    assert_string_equal(cast_text(vstr("\xe2\x82\xac\xe2\x82\xac"), eng_type_varchar(1)), "\xe2\x82\xac");
    /* a number that does not fit varchar(n) fails */
    const char *m = cast_fails(vint(ENG_T_INTEGER, 12345), eng_type_varchar(3), "22018");
    assert_string_equal(m, "Value 12345 cannot be represented as varchar(3)");
    assert_string_equal(cast_text(vint(ENG_T_INTEGER, 123), eng_type_varchar(3)), "123");
}

static void test_cast_from_varchar(void **state)
{
    (void)state;
    eng_type in = eng_type_make(ENG_T_INTEGER), bi = eng_type_make(ENG_T_BIGINT),
             si = eng_type_make(ENG_T_SMALLINT), db = eng_type_make(ENG_T_DOUBLE),
             bo = eng_type_make(ENG_T_BOOLEAN), dt = eng_type_make(ENG_T_DATE);
    assert_string_equal(cast_text(vstr(" 42 "), in), "42");
    assert_string_equal(cast_text(vstr("+7"), in), "7");
    assert_string_equal(cast_text(vstr("-9223372036854775808"), bi), "-9223372036854775808");
    assert_string_equal(cast_text(vstr("9223372036854775807"), bi), "9223372036854775807");
    const char *m = cast_fails(vstr("abc"), in, "22018");
    assert_string_equal(m, "cannot cast 'abc' to integer");
    cast_fails(vstr("1.5"), in, "22018");
    cast_fails(vstr(""), in, "22018");
    cast_fails(vstr("-"), in, "22018");
    cast_fails(vstr("9223372036854775808"), bi, "22018");
    cast_fails(vstr("99999999999999999999999"), bi, "22018");
    cast_fails(vstr("32768"), si, "22018");
    assert_string_equal(cast_text(vstr("-32768"), si), "-32768");
    /* double */
    assert_string_equal(cast_text(vstr(" 1.5 "), db), "1.5");
    assert_string_equal(cast_text(vstr("1e10"), db), "1.0E10");
    assert_string_equal(cast_text(vstr("-.5"), db), "-0.5");
    assert_string_equal(cast_text(vstr("NaN"), db), "NaN");
    assert_string_equal(cast_text(vstr("-Infinity"), db), "-Infinity");
    m = cast_fails(vstr("1.5x"), db, "22018");
    assert_string_equal(m, "cannot cast '1.5x' to double");
    cast_fails(vstr("0x10"), db, "22018");
    cast_fails(vstr("inf"), db, "22018");
    cast_fails(vstr("e5"), db, "22018");
    /* decimal */
    assert_string_equal(cast_text(vstr(" 12.345 "), eng_type_decimal(10, 2)), "12.35");
    cast_fails(vstr("12.3.4"), eng_type_decimal(10, 2), "22018");
    cast_fails(vstr("123456"), eng_type_decimal(5, 0), "22003");
    /* boolean follows Trino: true/false/t/f/1/0, any case, untrimmed */
    assert_string_equal(cast_text(vstr("TRUE"), bo), "true");
    assert_string_equal(cast_text(vstr("False"), bo), "false");
    assert_string_equal(cast_text(vstr("t"), bo), "true");
    assert_string_equal(cast_text(vstr("F"), bo), "false");
    assert_string_equal(cast_text(vstr("1"), bo), "true");
    assert_string_equal(cast_text(vstr("0"), bo), "false");
    m = cast_fails(vstr("yes"), bo, "22018");
    assert_string_equal(m, "cannot cast 'yes' to boolean");
    cast_fails(vstr(" true"), bo, "22018");
    cast_fails(vstr("2"), bo, "22018");
    /* date */
    assert_string_equal(cast_text(vstr("2020-02-29"), dt), "2020-02-29");
    assert_string_equal(cast_text(vstr(" 2020-02-29 "), dt), "2020-02-29");
    /* Trino's INVALID_CAST_ARGUMENT and message, the text as written */
    m = cast_fails(vstr("2021-02-29"), dt, "22018");
    assert_string_equal(m, "Value cannot be cast to date: 2021-02-29");
    m = cast_fails(vstr(" 2021-02-30"), dt, "22018");
    assert_string_equal(m, "Value cannot be cast to date:  2021-02-30");
    cast_fails(vstr("yesterday"), dt, "22018");
    eng_type ts = eng_type_make(ENG_T_TIMESTAMP);
    ts.precision = 3;
    m = cast_fails(vstr("2024-01-01 25:00:00"), ts, "22018");
    assert_string_equal(m, "Value cannot be cast to timestamp: 2024-01-01 25:00:00");
    eng_type tt = eng_type_make(ENG_T_TIME);
    tt.precision = 3;
    m = cast_fails(vstr("25:00"), tt, "22018");
    assert_string_equal(m, "Value cannot be cast to time: 25:00");
}

static void test_cast_nulls_and_mismatch(void **state)
{
    (void)state;
    eng_value n;
    memset(&n, 0, sizeof n);
    n.type = eng_type_make(ENG_T_UNKNOWN);
    n.is_null = true;
    eng_value out;
    eng_error err;
    assert_int_equal(eng_value_cast(A, &n, eng_type_decimal(10, 2), &out, &err), ENG_OK);
    assert_true(out.is_null);
    assert_true(eng_type_equal(out.type, eng_type_decimal(10, 2)));
    assert_string_equal(eng_value_to_text(A, &out), "NULL");
    eng_value ni = vint(ENG_T_INTEGER, 99999);
    ni.is_null = true;
    assert_int_equal(eng_value_cast(A, &ni, eng_type_make(ENG_T_SMALLINT), &out, &err), ENG_OK);
    assert_true(out.is_null);
    assert_int_equal(out.type.id, ENG_T_SMALLINT);
    /* casts Trino rejects */
    const char *m = cast_fails(vdate(0), eng_type_make(ENG_T_INTEGER), "42804");
    assert_string_equal(m, "cannot cast date to integer");
    cast_fails(vint(ENG_T_INTEGER, 1), eng_type_make(ENG_T_DATE), "42804");
    cast_fails(vbool(true), eng_type_make(ENG_T_DATE), "42804");
    /* in-place cast */
    eng_value x = vint(ENG_T_INTEGER, 5);
    assert_int_equal(eng_value_cast(A, &x, eng_type_decimal(3, 1), &x, &err), ENG_OK);
    assert_true(x.u.dec == 50);
    /* failed cast leaves out untouched */
    eng_value y = vint(ENG_T_INTEGER, 5);
    eng_value big = vint(ENG_T_BIGINT, INT64_MAX);
    assert_int_equal(eng_value_cast(A, &big, eng_type_make(ENG_T_INTEGER), &y, &err), ENG_ERROR);
    assert_int_equal(y.u.i, 5);
}

static void test_value_text(void **state)
{
    (void)state;
    eng_value v = vstr("it's");
    assert_string_equal(eng_value_to_text(A, &v), "it's");
    v = vdec(123, 5, 3);
    assert_string_equal(eng_value_to_text(A, &v), "0.123");
    v = vdate(-1);
    assert_string_equal(eng_value_to_text(A, &v), "1969-12-31");
    v = vint(ENG_T_SMALLINT, -3);
    assert_string_equal(eng_value_to_text(A, &v), "-3");
}

static void test_errors(void **state)
{
    (void)state;
    eng_error err;
    assert_int_equal(eng_err_set(&err, ENG_ERR_UNDEFINED_TABLE, 12, "table '%s' not found", "x.y.z"), ENG_ERROR);
    assert_string_equal(err.sqlstate, "42S02");
    assert_string_equal(err.message, "table 'x.y.z' not found");
    assert_int_equal(err.position, 12);
    eng_err_set_source(&err, "pg1");
    assert_string_equal(err.source, "pg1");
    assert_int_equal(eng_err_set(&err, ENG_ERR_OUT_OF_MEMORY, 0, "no"), ENG_NOMEM);
    assert_int_equal(eng_err_set(NULL, ENG_ERR_OUT_OF_MEMORY, 0, "no"), ENG_NOMEM);
    assert_int_equal(eng_err_set(NULL, ENG_ERR_SYNTAX_ERROR, 0, "no"), ENG_ERROR);
    assert_int_equal(eng_err_oom(&err), ENG_NOMEM);
    assert_string_equal(err.sqlstate, "HY001");
    assert_string_equal(err.source, "");
    assert_int_equal(eng_err_oom(NULL), ENG_NOMEM);
    /* truncation is safe and never cuts a UTF-8 character */
    char big[3000];
    memset(big, 'x', sizeof big);
    big[sizeof big - 1] = '\0';
    eng_err_set(&err, ENG_ERR_INTERNAL, 0, "%s", big);
    assert_int_equal(strlen(err.message), ENG_ERR_MSG_MAX - 1);
    memset(big, 0, sizeof big);
    for (int i = 0; i < 1100; i += 2)
        memcpy(big + i, "\xc3\xa9", 2);
    eng_err_set(&err, ENG_ERR_INTERNAL, 0, "%s", big); /* 1023 = 511 chars + 1 byte */
    size_t len = strlen(err.message);
    assert_true(len == ENG_ERR_MSG_MAX - 2);
    assert_true(((unsigned char)err.message[len - 1] & 0xC0) == 0x80);
    eng_err_set(&err, ENG_ERR_INTERNAL, 0, "x%s", big); /* ends on a boundary */
    len = strlen(err.message);
    assert_true(len == ENG_ERR_MSG_MAX - 1);
    eng_err_clear(&err);
    assert_string_equal(err.sqlstate, "");
    assert_string_equal(err.message, "");
    assert_string_equal(eng_errcode_message("22012"), "division by zero");
    assert_null(eng_errcode_message("ZZZZZ"));
    assert_null(eng_errcode_message(NULL));
}

/* char(n): named char(n), equal only to itself; casts into it drop the
 * trailing blanks and cut to n, casts out of it pad to n (Trino). */
static void test_char_type(void **state)
{
    (void)state;
    char b[32];
    eng_value v, r;
    eng_error err;
    assert_string_equal(eng_type_name(eng_type_char(5), b, sizeof b), "char(5)");
    assert_string_equal(eng_type_name(eng_type_char(0), b, sizeof b), "char(1)");
    assert_false(eng_type_equal(eng_type_char(5), eng_type_varchar(5)));
    assert_true(eng_type_equal(eng_type_char(5), eng_type_char(5)));
    memset(&v, 0, sizeof v);
    v.type = eng_type_varchar(0);
    v.u.s.ptr = "ab   ";
    v.u.s.len = 5;
    assert_int_equal(eng_value_cast(A, &v, eng_type_char(5), &r, &err), ENG_OK);
    assert_int_equal(r.u.s.len, 2);
    assert_memory_equal(r.u.s.ptr, "ab", 2);
    v.u.s.ptr = "abcdef";
    v.u.s.len = 6;
    assert_int_equal(eng_value_cast(A, &v, eng_type_char(3), &r, &err), ENG_OK);
    assert_int_equal(r.u.s.len, 3);
    assert_memory_equal(r.u.s.ptr, "abc", 3);
    v.type = eng_type_char(4);
    v.u.s.ptr = "ab";
    v.u.s.len = 2;
    assert_int_equal(eng_value_cast(A, &v, eng_type_varchar(0), &r, &err), ENG_OK);
    assert_int_equal(r.u.s.len, 4);
    assert_memory_equal(r.u.s.ptr, "ab  ", 4);
    assert_int_equal(eng_value_cast(A, &v, eng_type_varchar(3), &r, &err), ENG_OK);
    assert_int_equal(r.u.s.len, 3);
    assert_memory_equal(r.u.s.ptr, "ab ", 3);
}

/* real: named real, distinct from double; casts round through float and
 * print as Java's Float.toString; beyond float's range is 22003. */
static void test_real_type(void **state)
{
    (void)state;
    char b[32];
    eng_value v, r;
    eng_error err;
    assert_string_equal(eng_type_name(eng_type_real(), b, sizeof b), "real");
    assert_false(eng_type_equal(eng_type_real(), eng_type_make(ENG_T_DOUBLE)));
    memset(&v, 0, sizeof v);
    v.type = eng_type_make(ENG_T_DOUBLE);
    v.u.d = 0.1;
    assert_int_equal(eng_value_cast(A, &v, eng_type_real(), &r, &err), ENG_OK);
    assert_true(r.u.d == (double)0.1f);
    assert_string_equal(eng_value_to_text(A, &r), "0.1");
    v.u.d = 1e10;
    assert_int_equal(eng_value_cast(A, &v, eng_type_real(), &r, &err), ENG_OK);
    assert_string_equal(eng_value_to_text(A, &r), "1.0E10");
    /* beyond real's range: Infinity, as Trino (Java's float cast) */
    v.u.d = 1e300;
    assert_int_equal(eng_value_cast(A, &v, eng_type_real(), &r, &err), ENG_OK);
    assert_string_equal(eng_value_to_text(A, &r), "Infinity");
    v.u.d = -1e300;
    assert_int_equal(eng_value_cast(A, &v, eng_type_real(), &r, &err), ENG_OK);
    assert_string_equal(eng_value_to_text(A, &r), "-Infinity");
    /* real -> double keeps the float's value, printed with double digits */
    v.type = eng_type_real();
    v.u.d = (double)0.1f;
    assert_int_equal(eng_value_cast(A, &v, eng_type_make(ENG_T_DOUBLE), &r, &err),
                     ENG_OK);
    assert_string_equal(eng_value_to_text(A, &r), "0.10000000149011612");
    assert_int_equal(eng_value_cast(A, &v, eng_type_varchar(0), &r, &err), ENG_OK);
    assert_int_equal(r.u.s.len, 6);   /* Trino's cast text */
    assert_memory_equal(r.u.s.ptr, "1.0E-1", 6);
}

/* eng_int_format against printf over the edges and a spread of values. */
static void test_int_format(void **state)
{
    (void)state;
    char buf[24], ref[32];
    const int64_t edge[] = { 0, 1, -1, 9, 10, -10, 99, 100, 12345,
                             INT64_MAX, INT64_MIN, INT64_MIN + 1,
                             INT32_MAX, INT32_MIN, 1000000000000000000LL };
    for (size_t i = 0; i < sizeof edge / sizeof edge[0]; i++) {
        int n = eng_int_format(edge[i], buf);
        snprintf(ref, sizeof ref, "%lld", (long long)edge[i]);
        assert_string_equal(buf, ref);
        assert_int_equal(n, (int)strlen(ref));
    }
    uint64_t x = 0x9e3779b97f4a7c15ULL;
    for (int i = 0; i < 100000; i++) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        int64_t v = (int64_t)x >> (i % 64);
        eng_int_format(v, buf);
        snprintf(ref, sizeof ref, "%lld", (long long)v);
        if (strcmp(buf, ref) != 0)
            fail_msg("%s != %s", buf, ref);
    }
    /* the text form of an integer value goes through it */
    eng_value v = { .type = eng_type_make(ENG_T_BIGINT) };
    v.u.i = INT64_MIN;
    eng_arena *a = eng_arena_create();
    assert_non_null(a);
    assert_string_equal(eng_value_to_text(a, &v), "-9223372036854775808");
    v.u.i = 42;
    assert_string_equal(eng_value_to_text(a, &v), "42");
    eng_arena_destroy(a);
}

/* array(T): interned element types (equal types, equal entries), names,
 * nesting, values built, copied deep, printed and cast element-wise. */
static void test_array_type(void **state)
{
    (void)state;
    eng_error err;
    eng_type a1, a2, a3, aa, ad;
    char buf[160];
    assert_int_equal(eng_type_array(eng_type_make(ENG_T_INTEGER), &a1, &err), ENG_OK);
    assert_int_equal(eng_type_array(eng_type_make(ENG_T_INTEGER), &a2, &err), ENG_OK);
    assert_int_equal(eng_type_array(eng_type_varchar(3), &a3, &err), ENG_OK);
    assert_int_equal(eng_type_array(a1, &aa, &err), ENG_OK);
    assert_int_equal(eng_type_array(eng_type_decimal(5, 2), &ad, &err), ENG_OK);
    assert_true(eng_type_equal(a1, a2));
    assert_false(eng_type_equal(a1, a3));
    assert_false(eng_type_equal(a1, aa));
    assert_string_equal(eng_type_name(a1, buf, sizeof buf), "array(integer)");
    assert_string_equal(eng_type_name(a3, buf, sizeof buf), "array(varchar(3))");
    assert_string_equal(eng_type_name(aa, buf, sizeof buf),
                        "array(array(integer))");
    assert_true(eng_type_equal(eng_type_elem(aa), a1));
    assert_int_equal(eng_type_elem(eng_type_make(ENG_T_INTEGER)).id, ENG_T_UNKNOWN);
    /* a name past ENG_ARRAY_NAME_MAX is refused, not cut */
    eng_type deep = a1;
    eng_rc rc = ENG_OK;
    for (int i = 0; i < 40 && rc == ENG_OK; i++)
        rc = eng_type_array(deep, &deep, &err);
    assert_int_equal(rc, ENG_ERROR);
    assert_string_equal(err.sqlstate, "0A000");
    /* values: [["x", NULL]] deep-copied, printed, the copy independent */
    eng_vector v, iv;
    eng_arr inner, outer, copy;
    assert_int_equal(eng_arr_new(A, eng_type_varchar(3), 2, &inner, &v, &err), ENG_OK);
    char *x = eng_arena_strdup(A, "x");
    ((eng_str *)v.data)[0] = (eng_str){ x, 1 };
    eng_vec_set_valid(&v, 0, true);
    assert_int_equal(eng_arr_new(A, a3, 1, &outer, &iv, &err), ENG_OK);
    ((eng_arr *)iv.data)[0] = inner;
    eng_vec_set_valid(&iv, 0, true);
    eng_type aav;
    assert_int_equal(eng_type_array(a3, &aav, &err), ENG_OK);
    eng_arena *b = eng_arena_create();
    assert_non_null(b);
    assert_int_equal(eng_arr_copy(b, a3, outer, &copy, &err), ENG_OK);
    x[0] = 'y';
    assert_string_equal(eng_arr_to_text(A, a3, copy), "[[x, NULL]]");
    assert_string_equal(eng_arr_to_text(A, a3, outer), "[[y, NULL]]");
    eng_arena_destroy(b);
    /* cast array(integer) -> array(decimal(5,2)), element errors kept */
    eng_value iv1, r;
    memset(&iv1, 0, sizeof iv1);
    iv1.type = a1;
    assert_int_equal(eng_arr_new(A, eng_type_make(ENG_T_INTEGER), 2, &iv1.u.arr,
                                 &v, &err), ENG_OK);
    ((int32_t *)v.data)[0] = 7;
    eng_vec_set_valid(&v, 0, true);
    assert_int_equal(eng_value_cast(A, &iv1, ad, &r, &err), ENG_OK);
    assert_string_equal(eng_value_to_text(A, &r), "[7.00, NULL]");
    ((int32_t *)v.data)[0] = 7000;
    assert_int_equal(eng_value_cast(A, &iv1, ad, &r, &err), ENG_ERROR);
    assert_string_equal(err.sqlstate, "22003");
    assert_int_equal(eng_value_cast(A, &iv1, eng_type_varchar(0), &r, &err),
                     ENG_ERROR);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_type_names),
        cmocka_unit_test(test_array_type),
        cmocka_unit_test(test_pow10),
        cmocka_unit_test(test_decimal_format),
        cmocka_unit_test(test_decimal_parse),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_batch),
        cmocka_unit_test(test_cast_integers),
        cmocka_unit_test(test_tinyint),
        cmocka_unit_test(test_cast_decimals),
        cmocka_unit_test(test_double_text),
        cmocka_unit_test(test_double_cast_text),
        cmocka_unit_test(test_real_cast_text),
        cmocka_unit_test(test_cast_to_varchar),
        cmocka_unit_test(test_cast_from_varchar),
        cmocka_unit_test(test_cast_nulls_and_mismatch),
        cmocka_unit_test(test_value_text),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_char_type),
        cmocka_unit_test(test_real_type),
        cmocka_unit_test(test_int_format),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
