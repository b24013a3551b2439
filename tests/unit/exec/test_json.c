/*
 * tests/unit/exec/test_json.c
 *   Trino's json type end to end through the engine (parse, bind,
 *   optimize, execute) over the in-memory test connector: JSON literals
 *   and json_parse (the canonical text), casts both ways with Trino's
 *   errors, = / GROUP BY / DISTINCT / joins on json and the refusal of
 *   ordering, and the JSON functions (json_extract, json_extract_scalar,
 *   json_size, json_array_*, is_json_scalar, json_format) over json and
 *   varchar arguments, with invalid JSONPaths.
 * Interface: main (cmocka).
 * Not here: PostgreSQL json/jsonb columns and ODBC (tests/odbc/test_binary.c),
 *   agreement with a real Trino (tests/sql/differential.sql).
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
#define QT SH_QT
#define QE SH_QE

static tc_catalog *CAT;

static eng_value js(const char *text)
{
    eng_value v = tc_str(text);
    v.type = eng_type_make(ENG_T_JSON);
    return v;
}

/* j(i integer, j json, t varchar): canonical json values (as a
 * connector hands them over), their texts with blanks, a NULL. */
static int setup(void **state)
{
    (void)state;
    CAT = tc_catalog_new();
    tc_table *t = tc_add_table(CAT, "public", "j", 3,
        (tc_colspec[]){ tc_col("i", ENG_T_INTEGER), tc_col("j", ENG_T_JSON),
                        tc_col("t", ENG_T_VARCHAR) });
    tc_add_row(t, tc_int(1), js("{\"a\":1,\"b\":[1,2]}"), tc_str("{\"b\": [1, 2], \"a\": 1}"));
    tc_add_row(t, tc_int(2), js("[1,\"x\",true,null,1.5]"), tc_str("[1, \"x\", true, null, 1.5]"));
    tc_add_row(t, tc_int(3), js("\"s\""), tc_str("\"s\""));
    tc_add_row(t, tc_int(4), tc_null(ENG_T_JSON), tc_str("not json"));
    tc_add_row(t, tc_int(5), js("{\"a\":1,\"b\":[1,2]}"), tc_null(ENG_T_VARCHAR));
    sh_open(CAT, "mem", "public");
    return 0;
}

static void test_literals_and_parse(void **state)
{
    (void)state;
    /* the canonical text: no blanks, keys sorted, last of a repeated key,
     * numbers as Jackson writes them (Java's Double.toString) */
    QT("select json_parse('{\"b\": 1.50, \"a\": [1e2, -0, \"x\\ty\", null]}')",
       "json: {\"a\":[100.0,0,\"x\\ty\",null],\"b\":1.5}\n");
    QT("select JSON ' [ 1 , 2 ] '", "json: [1,2]\n");
    Q("select JSON '{\"b\":1,\"a\":2,\"b\":3}'", "{\"a\":2,\"b\":3}\n");
    Q("select json_parse('\"\\u00e9\\u0001\\\\/\"')", "\"\xc3\xa9\\u0001\\\\/\"\n");
    Q("select json_parse('1e400'), json_parse('12345678901234567')",
      "\"Infinity\"|12345678901234567\n");
    /* keys in Java's String order: UTF-16 units (U+10000 before U+FFFD) */
    Q("select json_parse('{\"\xef\xbf\xbd\":1,\"\xf0\x90\x80\x80\":2,\"Z\":3,\"a\":4}')",
      "{\"Z\":3,\"a\":4,\"\xf0\x90\x80\x80\":2,\"\xef\xbf\xbd\":1}\n");
    QT("select json_format(JSON '{\"a\" : [true,false]}')",
       "varchar: {\"a\":[true,false]}\n");
    Q("select json_parse(null), typeof(json_parse('1'))", "NULL|json\n");
    /* what Jackson refuses, json-c accepts and we refuse after it */
    QE("select json_parse('NaN')", "22023", "Cannot convert value to JSON: 'NaN'");
    QE("select json_parse('1.')", "22023", "Cannot convert value to JSON");
    QE("select json_parse('[1,]')", "22023", "Cannot convert value to JSON");
    QE("select json_parse('{\"a\":1} x')", "22023", "Cannot convert value to JSON");
    QE("select json_parse('')", "22023", "Cannot convert value to JSON");
    QE("select json_parse('01')", "22023", "Cannot convert value to JSON");
    QE("select JSON '{a:1}'", "22023", "Cannot convert value to JSON");
    QE("select json_parse('99999999999999999999')", "0A000", "64-bit");
}

static void test_casts(void **state)
{
    (void)state;
    QT("select cast('a\"b' as json)", "json: \"a\\\"b\"\n");
    Q("select cast(12 as json), cast(1.50 as json), cast(1e10 as json), "
      "cast(true as json), cast(real '1.5' as json), cast(null as json)",
      "12|1.50|1.0E10|true|1.5|NULL\n");
    Q("select cast(cast('ab' as char(3)) as json)", "\"ab \"\n");
    QE("select cast(date '2024-01-01' as json)", "42804", "Cannot cast date to json");
    /* out of json: scalars only, Trino's conversions */
    Q("select cast(json '\"12\"' as bigint), cast(json '1.6' as bigint), "
      "cast(json 'true' as double), cast(json 'false' as integer)",
      "12|2|1.0|0\n");
    Q("select cast(json '1' as varchar), cast(json '\"abc\"' as varchar), "
      "cast(json '3.5' as varchar), cast(json 'null' as varchar), "
      "cast(json 'true' as varchar)", "1|abc|3.5E0|NULL|true\n");
    /* a non-integer number is Trino's double -> varchar text */
    Q("select cast(json '100.0' as varchar), cast(json '-0.00125' as varchar), "
      "cast(json '1e300' as varchar), cast(json '-0.0' as varchar), "
      "cast(json '0.1' as varchar)", "1.0E2|-1.25E-3|1.0E300|-0E0|1.0E-1\n");
    Q("select cast(json '0' as boolean), cast(json '\"t\"' as boolean), "
      "cast(json '2.5' as decimal(3,1))", "false|true|2.5\n");
    QE("select cast(json '[1]' as varchar)", "22018", "Cannot cast '[1]' to varchar");
    QE("select cast(json '{\"a\":1}' as bigint)", "22018", "to bigint");
    QE("select cast(json '\"x\"' as bigint)", "22018", "Cannot cast '\"x\"' to bigint");
    QE("select cast(json '300' as tinyint)", "22018", "to tinyint");
    QE("select cast(json '1' as date)", "42804", "Cannot cast json to date");
    Q("select try_cast(json '[1]' as bigint)", "NULL\n");
}

static void test_compare_group(void **state)
{
    (void)state;
    Q("select i from j where j = json '{\"b\":[1,2],\"a\":1}' order by i", "1\n5\n");
    Q("select i from j where j <> json '\"s\"' order by i", "1\n2\n5\n");
    Q("select i from j where j is distinct from json '\"s\"' order by i",
      "1\n2\n4\n5\n");
    Q("select i from j where j in (json '\"s\"', json '[]') order by i", "3\n");
    Q("select json_format(j), count(*) from j group by j order by 1 nulls last",
      "\"s\"|1\n[1,\"x\",true,null,1.5]|1\n{\"a\":1,\"b\":[1,2]}|2\nNULL|1\n");
    Q("select count(distinct j) from j", "3\n");
    Q("select a.i, b.i from j a join j b on a.j = b.j and a.i < b.i", "1|5\n");
    QE("select * from j order by j", "42804", "not orderable");
    QE("select i from j order by 1, j", "42804", "not orderable");
    QE("select max(j) from j", "42883", "Unexpected parameters (json) for function max");
    QE("select rank() over (order by j) from j", "42804", "not orderable");
    Q("select count(*) over (partition by j) from j where i in (1, 5)", "2\n2\n");
    QE("select min_by(i, j) from j", "42883", "min_by");
    Q("select max_by(j, i), arbitrary(j) is not null from j", "{\"a\":1,\"b\":[1,2]}|true\n");
    QE("select i from j where j < json '1'", "42804", "Cannot apply operator");
    QE("select i from j where j = '\"s\"'", "42804", "Cannot apply operator");
}

static void test_extract(void **state)
{
    (void)state;
    Q("select i, json_extract(j, '$.b'), json_extract_scalar(j, '$.b[1]'), "
      "json_size(j, '$.b'), json_size(j, '$') from j order by i",
      "1|[1,2]|2|2|2\n2|NULL|NULL|NULL|5\n3|NULL|NULL|NULL|0\n"
      "4|NULL|NULL|NULL|NULL\n5|[1,2]|2|2|2\n");
    QT("select json_extract(j, '$') from j where i = 3", "json: \"s\"\n");
    QT("select json_extract_scalar(j, '$') from j where i = 3", "varchar: s\n");
    /* over varchar: the text's own key order and number text; not JSON is
     * NULL */
    Q("select i, json_extract(t, '$'), json_extract_scalar(t, '$[4]'), "
      "json_extract(t, '$[3]') from j order by i",
      "1|{\"b\":[1,2],\"a\":1}|NULL|NULL\n2|[1,\"x\",true,null,1.5]|1.5|null\n"
      "3|\"s\"|NULL|NULL\n4|NULL|NULL|NULL\n5|NULL|NULL|NULL\n");
    Q("select json_extract_scalar('{\"a\":1.50}', '$.a'), "
      "json_extract('{\"a\":1.50}', '$.a'), "
      "json_extract_scalar('{\"a\":{\"b\":1}}', '$.a')", "1.50|1.5|NULL\n");
    /* path syntax: .key (letters, digits, _ and :), [n], ["key"] with \"
     * and \\ escapes; a number names a key of an object too */
    Q("select json_extract_scalar('{\"a:b\":1}', '$.a:b'), "
      "json_extract_scalar('{\"k \\\"q\\\\\":2}', '$[\"k \\\"q\\\\\"]'), "
      "json_extract_scalar('{\"0\":3}', '$.0'), "
      "json_extract_scalar('[4,5]', '$[\"1\"]'), "
      "json_extract_scalar('{\"\xc3\xa9t\xc3\xa9\":6}', '$.\xc3\xa9t\xc3\xa9')",
      "1|2|3|5|6\n");
    Q("select json_extract_scalar('[1,2]', '$[\"-1\"]'), "
      "json_extract_scalar('[1,2]', '$[9]'), json_extract('1', '$.a')",
      "NULL|NULL|NULL\n");
    QE("select json_extract('[1]', '$[-1]')", "22023", "Invalid JSON path: '$[-1]'");
    QE("select json_extract(j, 'a') from j", "22023", "Invalid JSON path: 'a'");
    QE("select json_extract(j, '$.') from j", "22023", "Invalid JSON path: '$.'");
    QE("select json_extract(j, '$[*]') from j", "22023", "Invalid JSON path");
    QE("select json_extract(j, '$.a b') from j", "22023", "Invalid JSON path");
    QE("select json_extract(j, '$[\"a') from j", "22023", "Invalid JSON path");
    QE("select json_extract(j, '$[\"\\a\"]') from j", "22023", "Invalid JSON path");
    QE("select json_size(j, '') from j", "22023", "Invalid JSON path: ''");
    QE("select json_extract(j) from j", "42883", "Unexpected parameters");
    QE("select json_extract(1, '$') from j", "42883", "Unexpected parameters");
}

static void test_arrays(void **state)
{
    (void)state;
    Q("select i, json_array_length(j), json_array_length(t), json_array_get(j, 1), "
      "json_array_get(j, -1), json_array_get(j, 3) from j order by i",
      "1|NULL|NULL|NULL|NULL|NULL\n2|5|5|x|1.5|NULL\n3|NULL|NULL|NULL|NULL|NULL\n"
      "4|NULL|NULL|NULL|NULL|NULL\n5|NULL|NULL|NULL|NULL|NULL\n");
    QT("select json_array_get('[[1, 2], {\"b\": 1, \"a\": 2}]', -1)",
       "json: {\"b\":1,\"a\":2}\n");
    Q("select json_array_get('[1]', -2), json_array_get('[1]', -9223372036854775807 - 1)",
      "NULL|NULL\n");
    Q("select json_array_contains(j, 'x'), json_array_contains(j, 1), "
      "json_array_contains(j, 1.5), json_array_contains(j, true), "
      "json_array_contains(j, false) from j where i = 2",
      "true|true|true|true|false\n");
    /* a kind matches its own kind only: 1 is not 1.0, "1" is not 1 */
    Q("select json_array_contains('[1.0, \"1\"]', 1), "
      "json_array_contains('[1, \"1\"]', 1.0), "
      "json_array_contains('[1]', nan()), json_array_contains('{}', 1), "
      "json_array_contains('bad', 1)", "false|false|false|NULL|NULL\n");
    Q("select is_json_scalar(j), is_json_scalar(t) from j where i <= 3 order by i",
      "false|false\nfalse|false\ntrue|true\n");
    QE("select is_json_scalar('not json')", "22023", "Invalid JSON value: not json");
    QE("select json_array_contains(j, date '2024-01-01') from j", "42883",
       "Unexpected parameters");
}

static void test_unsupported(void **state)
{
    (void)state;
    QE("select json_query(j, 'lax $.a') from j", "0A000", "json_query");
    QE("select json_value(t, 'lax $.a' returning bigint) from j", "0A000",
       "json_value is not supported");
    QE("select json_array(1, 2)", "0A000", "json_array");
    QE("select \"json_exists\"(t, 'lax $.a') from j", "0A000", "json_exists");
}

static void test_oom(void **state)
{
    (void)state;
    sh_oom_loop("select json_extract(j, '$.b'), json_parse(t), "
                "cast(json_extract(j, '$.a') as varchar) from j where i = 1", 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_literals_and_parse),
        cmocka_unit_test(test_casts),
        cmocka_unit_test(test_compare_group),
        cmocka_unit_test(test_extract),
        cmocka_unit_test(test_arrays),
        cmocka_unit_test(test_unsupported),
        cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests(tests, setup, sh_teardown);
}
