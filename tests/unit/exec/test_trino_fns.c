/*
 * tests/unit/exec/test_trino_fns.c
 *   try(expr) and format(fmt, args...) end to end through the engine
 *   (parse, bind, optimize, execute) over the in-memory test connector,
 *   with the answers a real Trino 476 gave for the same statements:
 *   try's NULL per failing row (lazily, inside CASE and WHERE), the
 *   errors it lets through; format's Java conversions, flags, widths,
 *   precisions, argument indexes, its errors (22023) and the types it
 *   refuses; min / max / min_by / max_by over arrays and ORDER BY an
 *   array (Trino's refusal where NULL elements decide); CAST between
 *   array(T) and json; what Trino
 *   refuses that the engine used to answer; allocation failure at every
 *   step.
 * Interface: main (cmocka).
 * Not here: agreement with a real Trino over the differential queries
 *   (tests/sql/differential.sql, tests/trino).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "engine.h"
#include "tests/unit/test_connector.h"
#include "sql_harness.h"

#define Q SH_Q
#define QT SH_QT
#define QE SH_QE

static tc_catalog *CAT;

/* n(i integer, s varchar): 0, 1, 2 and NULL. */
static int setup(void **state)
{
    (void)state;
    CAT = tc_catalog_new();
    tc_table *t = tc_add_table(CAT, "public", "n", 2,
        (tc_colspec[]){ tc_col("i", ENG_T_INTEGER), tc_col("s", ENG_T_VARCHAR) });
    tc_add_row(t, tc_int(0), tc_str("x"));
    tc_add_row(t, tc_int(1), tc_str("12"));
    tc_add_row(t, tc_int(2), tc_str("%d|%s"));
    tc_add_row(t, tc_null(ENG_T_INTEGER), tc_null(ENG_T_VARCHAR));
    sh_open(CAT, "mem", "public");
    return 0;
}

/* try: the user errors become NULL, per row. */
static void test_try(void **state)
{
    (void)state;
    QT("select try(1 / 0)", "integer: NULL\n");
    Q("select try(cast('x' as integer)), try(2147483647 + cast(1 as integer)), "
      "typeof(try(1)), try(null)", "NULL|NULL|integer|NULL\n");
    Q("select try(cast('2020-13-01' as date)), try(from_hex('x')), "
      "try(array[1, 2][5]), try(cast(300 as tinyint))", "NULL|NULL|NULL|NULL\n");
    Q("select try(cast(9.99 as decimal(2,1))), try(bit_count(128, 8)), "
      "try(json_parse('x')), try(date '2020-01-31' + interval '1' month)",
      "NULL|NULL|NULL|2020-02-29\n");
    /* per row; inside CASE the branch still runs only where taken */
    Q("select i, try(10 / i), case when i > 0 then try(1 / (i - 1)) end "
      "from n order by i nulls last",
      "0|NULL|NULL\n1|10|NULL\n2|5|1\nNULL|NULL|NULL\n");
    Q("select i from n where try(10 / i) > 4 order by i", "1\n2\n");
    Q("select i, try(cast(s as integer)) from n order by i nulls last",
      "0|NULL\n1|12\n2|NULL\nNULL|NULL\n");
    Q("select sum(try(10 / i)), count(try(10 / i)) from n", "15|2\n");
    Q("select try(count(*)) from n", "4\n");
    /* not a user error: propagates */
    QE("select try(1 / 0) from nosuch", "42S02", "nosuch");
    QE("select try(1, 2)", "42883", "try");
    /* nested try and try of a try_cast */
    Q("select try(try(1 / 0) + 1), try(try_cast('x' as integer))", "NULL|NULL\n");
}

/* format: Java's String.format over Trino's Java values. */
static void test_format(void **state)
{
    (void)state;
    QT("select format('%s %s', 1, 'a')", "varchar: 1 a\n");
    Q("select format('%d', 5), format('%.2f', 3.14159), format('%x', 255), "
      "format('%%', 1), format('%2$s %1$s', 'a', 'b')", "5|3.14|ff|%|b a\n");
    Q("select format('%5d|%-5d|%05d', 42, 42, 42), format('%s', 1.5e0), "
      "format('%s', cast(1.50 as decimal(3,2))), format('%s', true), "
      "format('%s', null), format('%d', null)",
      "   42|42   |00042|1.5|1.50|true|null|null\n");
    Q("select format('%s', date '2020-01-02'), format('%.3f', 2.5), "
      "format('%f', 1.0), format('%e', 12345.678), format('%,d', 1234567), "
      "format('%+d', 5)", "2020-01-02|2.500|1.000000|1.234568e+04|1,234,567|+5\n");
    Q("select format('%o', 8), format('%X', 255), format('%10.3f|', 3.14159), "
      "format('%-10s|', 'ab'), format('%S', 'ab'), format('%b', true)",
      "10|FF|     3.142||ab        ||AB|true\n");
    /* doubles round half up from their shortest digits, as Java */
    Q("select format('%.2f', 1.005e0), format('%.2f', 1.005), format('%.1f', 0.25e0), "
      "format('%.1f', 0.35e0), format('%s', 1e20), format('%s', 0.1e0 + 0.2e0), "
      "format('%s', 100e0), format('%s', 1e7), format('%s', 1e-3), format('%s', 1e-4)",
      "1.01|1.01|0.3|0.4|1.0E20|0.30000000000000004|100.0|1.0E7|0.001|1.0E-4\n");
    Q("select format('%x', -1), format('%x', cast(-1 as integer)), "
      "format('%s', cast(1.5 as real)), format('%.3f', cast(1.5 as real)), "
      "format('%s', cast(0.1 as real)), format('%d', cast(5 as tinyint)), "
      "format('%5.1f|', -2.25e0), format('%s', -0e0), format('%s', nan()), "
      "format('%.2f', infinity())",
      "ffffffffffffffff|ffffffffffffffff|1.5|1.500|0.1|5| -2.3||-0.0|NaN|Infinity\n");
    Q("select format('%s', timestamp '2020-01-02 03:04:05'), "
      "format('%s', timestamp '2020-01-02 03:04:00'), format('%s', time '03:04:05.123')",
      "2020-01-02T03:04:05|2020-01-02T03:04|03:04:05.123\n");
    Q("select format('%.1s|%3.2s|', 'abc', 'xyz'), format('%s', json '[1,2]'), "
      "format('%s', cast('x' as char(3))), format('%(d', -5), format('% d', 5), "
      "format('%#x', 255), format('%08.2f', -3.5e0)",
      "a| xy||[1,2]|x  |(5)| 5|0xff|-0003.50\n");
    Q("select format('%s', 12345678901234567890.123), format('%.1f', 2.25), "
      "format('%.0f', 2.5), format('%.0f', 2.5e0), format('%.0f', 3.5e0), "
      "format('%10.4e', 1234.5e0), format('%g', 1234.5e0)",
      "12345678901234567890.123|2.3|3|3|4|1.2345e+03|1234.50\n");
    Q("select format('%s %s', 1, 2, 3), format('%s %<s', 'a'), format('abc', 1)",
      "1 2|a a|abc\n");
    /* a column format, NULL format */
    Q("select format(s, i, s) from n where i = 2", "2|%d|%s\n");
    Q("select format(cast(null as varchar), 1) is null", "true\n");
}

/* format: Java's exceptions are Trino's INVALID_FUNCTION_ARGUMENT. */
static void test_format_errors(void **state)
{
    (void)state;
    QE("select format('%d', 'a')", "22023",
       "Invalid format string: %d (IllegalFormatConversion: d != java.lang.String)");
    QE("select format('%q', 1)", "22023", "Conversion = 'q'");
    QE("select format('%d', 1.5)", "22023", "d != java.math.BigDecimal");
    QE("select format('%f', 5)", "22023", "f != java.lang.Long");
    QE("select format('%c', 65)", "22023", "c != java.lang.Long");
    QE("select format('%2$s', 'a')", "22023", "Format specifier '%2$s'");
    QE("select format('%d %s', 1)", "22023", "Format specifier '%s'");
    QE("select format('%-d', 5)", "22023", "MissingFormatWidth");
    QE("select format('%05s', 'a')", "22023", "Conversion = s, Flags = 0");
    QE("select format('%.2d', 5)", "22023", "IllegalFormatPrecision: 2");
    QE("select format('%', 5)", "22023", "UnknownFormatConversion");
    QE("select format('%--5d', 5)", "22023", "DuplicateFormatFlags");
    /* the row whose format is bad fails the statement */
    QE("select format(s, s) from n", "22023", "Invalid format string: %d|%s");
    /* binding: Trino's arity and type refusals */
    QE("select format('%s')", "42000", "at least two arguments");
    QE("select format('%s', array[1, 2])", "0A000",
       "Type not supported for formatting: array(integer)");
    QE("select format('%s', x'0102')", "0A000", "varbinary");
    QE("select format(1, 2)", "42883", "format");
    QE("select format('%tY', date '2020-01-02')", "0A000", "%t");
}

/* What Trino 476 refuses, refused the same way (the SQLSTATE the Trino
 * connector maps its errorName to, so both modes agree). */
static void test_trino_refusals(void **state)
{
    (void)state;
    QE("select lag(1) over () from n", "42P20",
       "lag function requires an ORDER BY window clause");
    QE("select lead(i) over (partition by i) from n", "42P20",
       "lead function requires an ORDER BY window clause");
    Q("select lag(i) over (order by i) from n where i < 2", "NULL\n0\n");
    QE("select i, count(*) from n group by grouping sets ((i), ()) "
       "order by grouping(i)", "42803", "grouping() expression in ORDER BY");
    Q("select i, count(*), grouping(i) from n group by grouping sets ((i), ()) "
      "order by 3, 1 nulls first", "NULL|1|0\n0|1|0\n1|1|0\n2|1|0\nNULL|4|1\n");
    QE("select i, count(*) from n group by rollup (i + 1, i)", "42P10",
       "GROUP BY expression must be a column reference");
    QE("select count(*) from n group by cube (i + 1)", "42P10", "column reference");
    QE("select count(*) from n group by grouping sets ((i + 1))", "42P10",
       "column reference");
    Q("select i + 1, count(*) from n group by i + 1, rollup (s) having i + 1 = 1",
      "1|1\n1|1\n");
    Q("select i from n group by rollup ((i)) order by i nulls first",
      "NULL\nNULL\n0\n1\n2\n");
    QE("with a as (select 1 x), A as (select 2 x) select * from a", "42712",
       "WITH query name 'a' specified more than once");
    Q("with a as (select 1 x), b as (with a as (select 3 x) select * from a) "
      "select * from b", "3\n");
    QE("select 1 fetch first 0 rows only", "22003",
       "FETCH FIRST row count must be positive (actual value: 0)");
    Q("select 1 limit 0", "");
    Q("select 1 fetch first 1 row only", "1\n");
    /* a too-short varchar(n): text truncates, other values fail (22018) */
    Q("select cast('abc' as varchar(2))", "ab\n");
    QE("select cast(12345 as varchar(3))", "22018",
       "Value 12345 cannot be represented as varchar(3)");
    QE("select cast(date '2020-01-01' as varchar(4))", "22018", "varchar(4)");
    /* lambdas are not implemented: a clean syntax error */
    QE("select transform(array[1, 2], x -> x + 1)", "42000", "mismatched input");
}

/* min / max / min_by / max_by over arrays and ORDER BY an array: Trino's
 * element-wise order, and its refusal where NULL elements would decide. */
static void test_array_order(void **state)
{
    (void)state;
    Q("select min(a), max(a) from (values array[1,2], array[1,3], array[0,9,9]) t(a)",
      "[0, 9, 9]|[1, 3]\n");
    Q("select min(a), max(a) from (values array[1,2], array[1,2,3], array[1]) t(a)",
      "[1]|[1, 2, 3]\n");
    Q("select max(a) from (values array[1,null], array[2]) t(a)", "[2]\n");
    QE("select max(a) from (values array[1,null], array[1,2]) t(a)", "0A000",
       "ARRAY comparison not supported for arrays with null elements");
    QE("select min(a) from (values array[null], array[null]) t(a)", "0A000",
       "null elements");
    Q("select max(a) from (values array[1,2], cast(null as array(integer))) t(a)",
      "[1, 2]\n");
    Q("select min(a), max(a) from (values array['b'], array['a','z']) t(a)",
      "[a, z]|[b]\n");
    Q("select min_by(x, a), max_by(x, a), min_by(a, x), max_by(a, x) from "
      "(values (1, array[3]), (2, array[1,5]), (3, array[2])) t(x, a)",
      "2|1|[3]|[2]\n");
    QE("select max_by(x, a) from (values (1, array[null, 1]), (2, array[2])) t(x, a)",
       "0A000", "null elements");
    QE("select max_by(x, a) from (values (1, array[1, null]), (2, array[1, 3])) t(x, a)",
       "0A000", "null elements");
    Q("select max(a) from (values array[array[1,2]], array[array[1,3]]) t(a)",
      "[[1, 3]]\n");
    QE("select max(a) from (values array[array[1,null]], array[array[1,3]]) t(a)",
       "0A000", "null elements");
    Q("select max(a) from (values array[1,2], array[1,3]) t(a) where false", "NULL\n");
    Q("select typeof(min(a)), count(*) from (values array[1]) t(a)",
      "array(integer)|1\n");
    Q("select x, min(a), max(a) filter (where x > 1) from (values (1, array[3]), "
      "(1, array[1,5]), (2, array[2])) t(x, a) group by x order by x",
      "1|[1, 5]|NULL\n2|[2]|[2]\n");
    /* over a window: not yet */
    QE("select min(a) over () from (values array[1]) t(a)", "0A000",
       "min over array values");
    /* ORDER BY: only a comparison that reaches a NULL element fails */
    Q("select a from (values array[2,null], array[1]) t(a) order by a",
      "[1]\n[2, NULL]\n");
    Q("select a from (values array[2,1], array[1, null]) t(a) order by a desc",
      "[2, 1]\n[1, NULL]\n");
    QE("select a from (values array[2,1], array[null]) t(a) order by a", "0A000",
       "null elements");
    QE("select a from (values array[1,null], array[1,null]) t(a) order by a",
       "0A000", "null elements");
    Q("select a, x from (values (array[1,null], 1), (array[1,2], 2)) t(a, x) "
      "order by x, a", "[1, NULL]|1\n[1, 2]|2\n");
}

/* CAST(array AS json) and CAST(json AS array(T)): Trino 476's answers. */
static void test_json_array_casts(void **state)
{
    (void)state;
    QT("select cast(array[1, 2, null] as json)", "json: [1,2,null]\n");
    Q("select cast(array['a', 'b'] as json), cast(array[1.5, 2.25] as json), "
      "cast(array[1e0, 2.5e0] as json), cast(array[true, false] as json)",
      "[\"a\",\"b\"]|[1.50,2.25]|[1.0,2.5]|[true,false]\n");
    Q("select cast(array[array[1], array[2, 3]] as json), "
      "cast(array[date '2020-01-01'] as json), cast(array[cast(1.5 as real)] as json), "
      "cast(array['a\"b\\c'] as json)",
      "[[1],[2,3]]|[\"2020-01-01\"]|[1.5]|[\"a\\\"b\\\\c\"]\n");
    Q("select cast(array[] as json), cast(cast(null as array(integer)) as json), "
      "cast(array[null] as json), cast(array[1e20, 0.1e0, -0e0] as json), "
      "cast(array[nan()] as json), cast(array[json '{\"a\":1}'] as json)",
      "[]|NULL|[null]|[1.0E20,0.1,-0.0]|[\"NaN\"]|[{\"a\":1}]\n");
    Q("select cast(array[timestamp '2020-01-02 03:04:05'] as json)",
      "[\"2020-01-02 03:04:05\"]\n");
    QE("select cast(array[x'01'] as json)", "42804",
       "Cannot cast array(varbinary) to json");
    QT("select cast(json '[1,2,null]' as array(integer))",
       "array(integer): [1, 2, NULL]\n");
    Q("select cast(json '[1.5,\"2\"]' as array(double)), "
      "cast(json '[\"a\",1,true,1.5,null]' as array(varchar)), "
      "cast(json 'null' as array(integer))",
      "[1.5, 2.0]|[a, 1, true, 1.5E0, NULL]|NULL\n");
    Q("select cast(json '[[1,2],[3]]' as array(array(integer))), "
      "cast(json_extract('{\"a\":[1,2]}', '$.a') as array(bigint)), "
      "cast(json '[true,false,1,0,\"true\"]' as array(boolean)), "
      "cast(json '[1.5,2.5,-1.5]' as array(integer)), "
      "cast(json '[1,\"2\",3.0]' as array(decimal(5,2)))",
      "[[1, 2], [3]]|[1, 2]|[true, false, true, false, true]|[2, 3, -2]|"
      "[1.00, 2.00, 3.00]\n");
    Q("select cast(json '[[1],null]' as array(array(integer))), "
      "cast(json '[null]' as array(json)), "
      "cast(json '[1,[2],{\"a\":3}]' as array(json)), "
      "cast(json '[]' as array(integer)), "
      "cast(json '[\"a,b\",\"c]\"]' as array(varchar))",
      "[[1], NULL]|[null]|[1, [2], {\"a\":3}]|[]|[a,b, c]]\n");
    QE("select cast(json '{\"a\":1}' as array(integer))", "22018",
       "Cannot cast to array(integer). Expected a json array, but got {");
    QE("select cast(json '1' as array(integer))", "22018", "Expected a json array");
    QE("select cast(json '[300]' as array(tinyint))", "22018",
       "Cannot cast to array(tinyint)");
    QE("select cast(json '[\"x\"]' as array(integer))", "22018", "array(integer)");
    QE("select cast(json '[[1]]' as array(integer))", "22018", "Unexpected token");
    QE("select cast(json '[12345678901]' as array(integer))", "22018",
       "array(integer)");
    QE("select cast(json '[\"2020-01-02\"]' as array(date))", "42804",
       "Cannot cast json to array(date)");
    Q("select try(cast(json '[\"x\"]' as array(integer))), "
      "try_cast(json '[\"x\"]' as array(integer))", "NULL|NULL\n");
    /* round trip */
    Q("select cast(cast(array[array[1, null], null] as json) as array(array(integer)))",
      "[[1, NULL], NULL]\n");
}

static void test_oom(void **state)
{
    (void)state;
    sh_oom_loop("select i, try(10 / i), format('%05.1f|%s|%x', 1.25e0, s, i) from n", 4);
    sh_oom_loop("select cast(cast(array[array[1, null], null] as json) "
                "as array(array(integer)))", 1);
    sh_oom_loop("select min(a), max_by(x, a) from (values (1, array[3]), "
                "(2, array[1, 5])) t(x, a)", 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_try),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_format_errors),
        cmocka_unit_test(test_trino_refusals),
        cmocka_unit_test(test_array_order),
        cmocka_unit_test(test_json_array_casts),
        cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests(tests, setup, sh_teardown);
}
