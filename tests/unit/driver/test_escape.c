/*
 * tests/unit/driver/test_escape.c
 *   cmocka tests of the ODBC escape translator (driver/escape.c): every
 *   escape kind, every {fn} template, nesting, braces inside literals,
 *   quoted identifiers and comments, errors with their SQLSTATE and
 *   position, the depth bound, allocation failure at every step, and the
 *   masks the function table produces.
 * Not here: running the translations in the engine and checking the
 *   SQLGetInfo claims against behaviour (tests/odbc/test_escapes.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "driver/driver.h"
#include "engine/mem/arena.h"

/* Translates in, asserting success and the result want. */
static void tr_ok(const char *in, const char *want)
{
    char *out = NULL;
    size_t n = 0;
    esc_err err;
    esc_rc rc = esc_translate(in, strlen(in), &out, &n, &err);
    if (rc != ESC_OK)
        fail_msg("'%s': %s %s", in, err.state, err.msg);
    const char *got = out ? out : in;
    if (strcmp(got, want))
        fail_msg("'%s' -> '%s', want '%s'", in, got, want);
    assert_int_equal(n, strlen(want));
    eng_free(out);
}

/* Translates in, asserting failure with state and a message holding msg. */
static void tr_bad(const char *in, const char *state, const char *msg)
{
    char *out = (char *)1;
    size_t n;
    esc_err err;
    assert_int_equal(esc_translate(in, strlen(in), &out, &n, &err),
                     ESC_ERROR);
    assert_null(out);
    if (strcmp(err.state, state) || !strstr(err.msg, msg))
        fail_msg("'%s': got %s '%s', want %s '%s'", in, err.state, err.msg,
                 state, msg);
}

static void test_no_escape_is_not_copied(void **state)
{
    (void)state;
    char *out = (char *)1;
    size_t n = 0;
    esc_err err;
    const char *q = "select 1 from t where a = 'x'";
    long before = eng_alloc_count();
    assert_int_equal(esc_translate(q, strlen(q), &out, &n, &err), ESC_OK);
    assert_null(out);
    assert_int_equal(eng_alloc_count(), before);
    tr_ok("", "");
}

static void test_literals(void **state)
{
    (void)state;
    tr_ok("select {d '2024-01-07'}", "select DATE '2024-01-07'");
    tr_ok("select {D'2024-01-07'}", "select DATE '2024-01-07'");
    tr_ok("select { d  '2024-01-07'  }", "select DATE '2024-01-07'");
    tr_ok("x like 'a!_' {escape '!'}", "x like 'a!_' ESCAPE '!'");
    tr_ok("x like 'a\\_' {escape '\\'}", "x like 'a\\_' ESCAPE '\\'");
    tr_ok("x like 'a''_' {escape ''''}", "x like 'a''_' ESCAPE ''''");
    tr_ok("select {t '01:02:03'}", "select TIME '01:02:03'");
    tr_ok("select {ts '2024-01-07 01:02:03'}",
          "select TIMESTAMP '2024-01-07 01:02:03'");
    tr_ok("select {INTERVAL '1' DAY}", "select INTERVAL '1' DAY");
    tr_bad("select {d 2024}", "42000", "needs a string literal");
    tr_bad("select {d '2024}", "42000", "unterminated string literal");
    tr_bad("select {d '2024' x}", "42000", "line 1:18: expected '}'");
    tr_bad("select {d '2024'", "42000", "line 1:8: unterminated ODBC escape");
}

static void test_oj_and_call(void **state)
{
    (void)state;
    tr_ok("select * from {oj a LEFT OUTER JOIN b ON a.x = b.y}",
          "select * from a LEFT OUTER JOIN b ON a.x = b.y");
    tr_ok("select * from {oj a LEFT JOIN (b JOIN c ON (b.z = c.z)) ON "
          "{fn ucase(a.x)} = b.y}",
          "select * from a LEFT JOIN (b JOIN c ON (b.z = c.z)) ON "
          "upper(a.x) = b.y");
    tr_ok("{OJ a RIGHT OUTER JOIN b ON a.s = '}'}",
          "a RIGHT OUTER JOIN b ON a.s = '}'");
    tr_bad("select * from {oj a LEFT JOIN b ON a.x = b.y", "42000",
           "line 1:15: unterminated ODBC escape {oj ...}");
    tr_bad("{call p(1)}", "HYC00", "line 1:1: the ODBC escape {call ...} is "
           "not supported");
    tr_bad("{ ?= call p(1)}", "HYC00", "{?= call ...}");
}

/* Every template, and the special translations. */
static void test_functions(void **state)
{
    (void)state;
    static const char *const pairs[][2] = {
        {"{fn ascii(s)}", "codepoint(CAST(substr(s, 1, 1) AS varchar(1)))"},
        {"{fn bit_length(s)}", "(length(to_utf8(s)) * 8)"},
        {"{fn char(65)}", "chr(65)"},
        {"{fn char_length(s)}", "length(s)"},
        {"{fn character_length(s)}", "length(s)"},
        {"{fn concat(a, b)}", "concat(a, b)"},
        {"{fn difference(a, b)}", "difference(a, b)"},
        {"{fn insert(s, 2, 3, 'x')}",
         "concat(substr(s, 1, (2) - 1), 'x', substr(s, (2) + (3)))"},
        {"{fn lcase(s)}", "lower(s)"},
        {"{fn left(s, 2)}", "substr(s, 1, 2)"},
        {"{fn length(s)}", "length(rtrim(s))"},
        {"{fn locate(a, b)}", "strpos(b, a)"},
        {"{fn locate(a, b, 3)}", "CASE WHEN strpos(substr(b, 3), a) = 0 THEN "
         "0 ELSE strpos(substr(b, 3), a) + (3) - 1 END"},
        {"{fn ltrim(s)}", "ltrim(s)"},
        {"{fn octet_length(s)}", "length(to_utf8(s))"},
        {"{fn position('b' IN s)}", "strpos(s, 'b')"},
        {"{fn position(f(a, 'in') in (x in (1)))}",
         "strpos((x in (1)), f(a, 'in'))"},
        {"{fn repeat(s, 2)}", "array_join(repeat(s, 2), '')"},
        {"{fn replace(s, 'a', 'b')}", "replace(s, 'a', 'b')"},
        {"{fn right(s, 2)}", "substr(s, greatest(length(s) - (2) + 1, 1))"},
        {"{fn rtrim(s)}", "rtrim(s)"},
        {"{fn soundex(s)}", "soundex(s)"},
        {"{fn space(3)}", "lpad('', 3, ' ')"},
        {"{fn substring(s, 2)}", "substr(s, 2)"},
        {"{fn substring(s, 2, 3)}", "substr(s, 2, 3)"},
        {"{fn ucase(s)}", "upper(s)"},
        {"{fn abs(x)}", "abs(x)"},
        {"{fn acos(x)}", "acos(x)"},
        {"{fn asin(x)}", "asin(x)"},
        {"{fn atan(x)}", "atan(x)"},
        {"{fn atan2(x, y)}", "atan2(x, y)"},
        {"{fn ceiling(x)}", "ceiling(x)"},
        {"{fn cos(x)}", "cos(x)"},
        {"{fn cot(x)}", "(1e0 / tan(x))"},
        {"{fn degrees(x)}", "degrees(x)"},
        {"{fn exp(x)}", "exp(x)"},
        {"{fn floor(x)}", "floor(x)"},
        {"{fn log(x)}", "ln(x)"},
        {"{fn log10(x)}", "log10(x)"},
        {"{fn mod(x, 3)}", "mod(x, 3)"},
        {"{fn pi()}", "pi()"},
        {"{fn power(x, 2)}", "power(x, 2)"},
        {"{fn radians(x)}", "radians(x)"},
        {"{fn rand()}", "rand()"},
        {"{fn round(x)}", "round(x)"},
        {"{fn round(x, 2)}", "round(x, 2)"},
        {"{fn sign(x)}", "sign(x)"},
        {"{fn sin(x)}", "sin(x)"},
        {"{fn sqrt(x)}", "sqrt(x)"},
        {"{fn tan(x)}", "tan(x)"},
        {"{fn truncate(x, 1)}", "truncate(x, 1)"},
        {"{fn current_date()}", "current_date"},
        {"{fn current_time()}", "current_time"},
        {"{fn current_time(3)}", "current_time(3)"},
        {"{fn current_timestamp()}", "current_timestamp"},
        {"{fn current_timestamp(3)}", "current_timestamp(3)"},
        {"{fn curdate()}", "current_date"},
        {"{fn curdate}", "current_date"},
        {"{fn curtime()}", "current_time"},
        {"{fn dayname(d)}", "date_format(d, '%W')"},
        {"{fn dayofmonth(d)}", "day(d)"},
        {"{fn dayofweek(d)}", "(day_of_week(d) % 7 + 1)"},
        {"{fn dayofyear(d)}", "day_of_year(d)"},
        {"{fn extract(YEAR FROM d)}", "extract(YEAR FROM d)"},
        {"{fn hour(t)}", "hour(t)"},
        {"{fn minute(t)}", "minute(t)"},
        {"{fn month(d)}", "month(d)"},
        {"{fn monthname(d)}", "date_format(d, '%M')"},
        {"{fn now()}", "now()"},
        {"{fn quarter(d)}", "quarter(d)"},
        {"{fn second(t)}", "second(t)"},
        {"{fn timestampadd(SQL_TSI_DAY, 1, d)}", "date_add('day', 1, d)"},
        {"{fn timestampdiff(sql_tsi_month, a, b)}",
         "date_diff('month', a, b)"},
        {"{fn week(d)}", "week(d)"},
        {"{fn year(d)}", "year(d)"},
        {"{fn database()}", "current_catalog"},
        {"{fn ifnull(a, b)}", "coalesce(a, b)"},
        {"{fn user()}", "current_user"},
        {"{fn convert(x, SQL_INTEGER)}", "CAST(x AS integer)"},
        {"{fn convert(x, sql_varchar)}", "CAST(x AS varchar)"},
        {"{fn convert(x, SQL_WLONGVARCHAR)}", "CAST(x AS varchar)"},
        {"{fn convert(x, SQL_BIT)}", "CAST(x AS boolean)"},
        {"{fn convert(x, SQL_TYPE_DATE)}", "CAST(x AS date)"},
        {"{fn convert(x, SQL_FLOAT)}", "CAST(x AS double)"},
        {"{fn convert(x, SQL_NUMERIC)}", "CAST(x AS decimal)"},
        {"{fn convert(x, SQL_INTERVAL_DAY_TO_SECOND)}",
         "CAST(x AS interval day to second)"},
        /* not an ODBC function: passed through as written */
        {"{fn Greatest(1, 2, 3)}", "Greatest(1, 2, 3)"},
        {"{fn f(1, 2, 3, 4, 5, 6)}", "f(1, 2, 3, 4, 5, 6)"},
        {"{fn f()}", "f()"},
        {"{FN UCASE ( s ) }", "upper(s)"},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++)
        tr_ok(pairs[i][0], pairs[i][1]);
}

static void test_function_errors(void **state)
{
    (void)state;
    tr_bad("select {fn ucase(a, b)}", "42000",
           "line 1:8: {fn ucase} takes 1 argument, got 2");
    tr_bad("{fn substring(s)}", "42000", "{fn substring} takes 2 to 3 "
           "arguments, got 1");
    tr_bad("{fn locate(a)}", "42000", "takes 2 to 3 arguments");
    tr_bad("{fn ucase()}", "42000", "got 0");
    tr_bad("{fn ucase(a,)}", "42000", "argument 2 is empty");
    tr_bad("{fn ucase(a}", "42000", "'}' inside the argument list");
    tr_bad("{fn ucase(a)", "42000", "unterminated ODBC escape {fn ...}");
    tr_bad("{fn ucase(a", "42000", "expected ')'");
    tr_bad("{fn ucase(a) x}", "42000", "expected '}'");
    tr_bad("{fn (a)}", "42000", "expected a function name");
    tr_bad("{fn convert(x, INTEGER)}", "42000", "'INTEGER' is not an ODBC "
           "SQL type name");
    tr_bad("{fn convert(x, SQL_INTEGER + 1)}", "42000", "not an ODBC SQL type");
    tr_bad("{fn timestampadd(DAY, 1, d)}", "42000", "SQL_TSI_SECOND");
    tr_bad("{fn position(a, b)}", "42000", "takes 1 argument");
    tr_bad("{fn position(a)}", "42000", "POSITION(string1 IN string2)");
    tr_bad("{fn rand(5)}", "HYC00", "RAND with a seed is not supported");
    /* a marker in an argument the translation copies */
    tr_bad("{fn locate('a', ?, 2)}", "HYC00", "parameter marker in argument 2");
    tr_bad("{fn right(?, 2)}", "HYC00", "argument 1");
    tr_ok("{fn locate(?, ?)}", "strpos(?, ?)");
    tr_ok("{fn right('?', ?)}", "substr('?', greatest(length('?') - (?) + 1, "
          "1))");
}

/* Braces inside strings, quoted identifiers and comments are text. */
static void test_not_in_literals(void **state)
{
    (void)state;
    tr_ok("select '{fn ucase(a)}', {fn ucase('}')}",
          "select '{fn ucase(a)}', upper('}')");
    tr_ok("select 'it''s {d ''x''}' || {fn lcase('{')}",
          "select 'it''s {d ''x''}' || lower('{')");
    tr_ok("select \"{fn\"\"x}\" from {oj t}", "select \"{fn\"\"x}\" from t");
    tr_ok("select 1 -- {fn ucase(\n, {fn ucase(a)}",
          "select 1 -- {fn ucase(\n, upper(a)");
    tr_ok("select /* } { */ {fn ucase(a)} /* {", "select /* } { */ upper(a) "
          "/* {");
    tr_ok("select {fn ucase(/* ) } */ a -- )}\n)}",
          "select upper(/* ) } */ a -- )}\n)");
    tr_ok("{fn position('a' -- x\n IN b)}", "strpos(b, 'a' -- x\n)");
    tr_ok("select {fn concat('a,b', \"c,)\")}", "select concat('a,b', \"c,)\")");
    tr_ok("select {fn concat(f(a, b), (c, d))}",
          "select concat(f(a, b), (c, d))");
    /* an unterminated string keeps its braces: the engine reports it */
    tr_ok("select 'abc {fn", "select 'abc {fn");
    tr_ok("select {fn ucase('a')} || 'x{", "select upper('a') || 'x{");
}

static void test_nesting_and_positions(void **state)
{
    (void)state;
    tr_ok("{fn ucase({fn lcase({fn concat('A', {fn ltrim(' b')})})})}",
          "upper(lower(concat('A', ltrim(' b'))))");
    tr_ok("{fn convert({fn convert(x, SQL_INTEGER)}, SQL_VARCHAR)}",
          "CAST(CAST(x AS integer) AS varchar)");
    tr_ok("{fn year({d '2024-01-07'})}", "year(DATE '2024-01-07')");
    tr_bad("select 1 }", "42000", "line 1:10: unbalanced '}'");
    tr_bad("select\n  {xyz}", "42000", "line 2:3: unknown ODBC escape '{xyz'");
    tr_bad("select {}", "42000", "line 1:8: empty ODBC escape");
    tr_bad("select {", "42000", "unterminated ODBC escape '{'");
    tr_bad("select {(", "42000", "'{' followed by '('");
    /* columns count characters, not bytes */
    tr_bad("select '\xc3\xa9\xc3\xa9', {x}", "42000", "line 1:14:");
    tr_bad("{fn ucase({fn lcase({d 1})})}", "42000", "line 1:24:");
    tr_bad("{fn position(IN b)}", "42000", "POSITION(string1 IN string2)");
    esc_err err;
    char *out;
    size_t n;
    esc_translate("ab {q}", 6, &out, &n, &err);
    assert_int_equal(err.pos, 4);
}

/* The depth bound: deep nesting is 54001, never a stack overflow. */
static void test_depth_bound(void **state)
{
    (void)state;
    size_t depth = 200000, n = 0;
    char *q = malloc(depth * 12 + 8);
    for (size_t i = 0; i < depth; i++) {
        memcpy(q + n, "{fn f(", 6);
        n += 6;
    }
    q[n++] = '1';
    for (size_t i = 0; i < depth; i++) {
        memcpy(q + n, ")}", 2);
        n += 2;
    }
    q[n] = '\0';
    tr_bad(q, "54001", "ODBC escapes nested more than 64 levels deep");
    n = 0;
    for (size_t i = 0; i < depth; i++)
        q[n++] = '{';
    q[n] = '\0';
    tr_bad(q, "42000", "unknown ODBC escape");
    n = 0;
    for (int i = 0; i < 64; i++) {
        memcpy(q + n, "{oj ", 4);
        n += 4;
    }
    q[n++] = 'x';
    for (int i = 0; i < 64; i++)
        q[n++] = '}';
    q[n] = '\0';
    tr_ok(q, "x");
    free(q);
}

/* Allocation failure at each step: ESC_NOMEM, nothing leaked, then the
 * same call succeeds. */
static void test_oom(void **state)
{
    (void)state;
    const char *q = "select {fn ucase({fn concat('a', {fn locate(x, y, 2)})})}"
                    ", {d '2024-01-07'} from {oj a left join b on {fn "
                    "lcase(a.x)} = b.y}";
    for (long k = 1; k < 200; k++) {
        char *out = NULL;
        size_t n;
        esc_err err;
        eng_alloc_fail_once(k);
        esc_rc rc = esc_translate(q, strlen(q), &out, &n, &err);
        eng_alloc_fail_at(0);
        if (rc == ESC_OK) {
            assert_non_null(out);
            eng_free(out);
            assert_true(k > 3);
            return;
        }
        assert_int_equal(rc, ESC_NOMEM);
        assert_null(out);
    }
    fail_msg("never succeeded");
}

/* The masks come from the table: only entries that work, and a function
 * counts only when all its arities work. */
static void test_masks(void **state)
{
    (void)state;
    SQLUINTEGER s = esc_info_mask(SQL_STRING_FUNCTIONS);
    assert_true(s & SQL_FN_STR_UCASE);
    assert_true(s & SQL_FN_STR_LOCATE);
    assert_false(s & SQL_FN_STR_SOUNDEX);
    assert_true(esc_info_mask(SQL_SYSTEM_FUNCTIONS) & SQL_FN_SYS_IFNULL);
    assert_true(esc_info_mask(SQL_CONVERT_FUNCTIONS) & SQL_FN_CVT_CONVERT);
    assert_true(esc_info_mask(SQL_DATETIME_LITERALS) & SQL_DL_SQL92_DATE);
    /* TIMESTAMPADD/DIFF take every SQL_TSI interval but FRAC_SECOND on
     * timestamps; HOUR, MINUTE, SECOND work */
    assert_true(esc_info_mask(SQL_TIMEDATE_FUNCTIONS) & SQL_FN_TD_TIMESTAMPADD);
    assert_true(esc_info_mask(SQL_TIMEDATE_FUNCTIONS) & SQL_FN_TD_HOUR);
    assert_true(esc_info_mask(SQL_TIMEDATE_FUNCTIONS) & SQL_FN_TD_SECOND);
    assert_int_equal(esc_info_mask(SQL_TIMEDATE_ADD_INTERVALS), 0x1fe);
    assert_int_equal(esc_info_mask(SQL_TIMEDATE_DIFF_INTERVALS), 0x1fe);
    assert_false(esc_info_mask(SQL_TIMEDATE_ADD_INTERVALS) & SQL_FN_TSI_FRAC_SECOND);
    assert_int_equal(esc_info_mask(SQL_KEYWORDS), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_escape_is_not_copied),
        cmocka_unit_test(test_literals),
        cmocka_unit_test(test_oj_and_call),
        cmocka_unit_test(test_functions),
        cmocka_unit_test(test_function_errors),
        cmocka_unit_test(test_not_in_literals),
        cmocka_unit_test(test_nesting_and_positions),
        cmocka_unit_test(test_depth_bound),
        cmocka_unit_test(test_oom),
        cmocka_unit_test(test_masks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
