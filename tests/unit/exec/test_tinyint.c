/*
 * tests/unit/exec/test_tinyint.c
 *   Trino's tinyint end to end through the engine (parse, bind, optimize,
 *   execute) over the in-memory test connector: the TINYINT '…' literal
 *   and CAST to and from every type (22003 beyond -128..127, TRY_CAST
 *   NULL), arithmetic staying tinyint with 22003 on overflow, division and
 *   modulus, coercion with the wider types (smallint, integer, bigint,
 *   decimal(3,0), real, double), comparisons, aggregates (sum bigint, avg
 *   double, min/max tinyint), windows, grouping and joins over a tinyint
 *   column, typeof.
 * Interface: main (cmocka).
 * Not here: the type's name, range and value casts alone
 *   (tests/unit/types/test_types.c), its client description
 *   (tests/unit/types/test_typeinfo.c), ODBC (tests/odbc/test_type_agree.c),
 *   against PostgreSQL and Trino (tests/sql/differential.sql).
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

static eng_value tiny(int64_t i)
{
    eng_value v = tc_smallint(i);
    v.type = eng_type_tinyint();
    return v;
}

static eng_value tiny_null(void)
{
    eng_value v = tc_null(ENG_T_SMALLINT);
    v.type = eng_type_tinyint();
    return v;
}

/* t(id integer, v tinyint, s smallint): v holds both extremes and a NULL.
 * u(v tinyint, name varchar): a join partner on v. */
static int setup(void **state)
{
    (void)state;
    CAT = tc_catalog_new();
    tc_table *t = tc_add_table(CAT, "public", "t", 3,
        (tc_colspec[]){ tc_col("id", ENG_T_INTEGER),
                        tc_col_t("v", eng_type_tinyint()),
                        tc_col("s", ENG_T_SMALLINT) });
    tc_add_row(t, tc_int(1), tiny(127), tc_smallint(1000));
    tc_add_row(t, tc_int(2), tiny(-128), tc_smallint(-2));
    tc_add_row(t, tc_int(3), tiny(5), tc_smallint(5));
    tc_add_row(t, tc_int(4), tiny_null(), tc_smallint(7));
    tc_add_row(t, tc_int(5), tiny(5), tc_smallint(0));
    tc_table *u = tc_add_table(CAT, "public", "u", 2,
        (tc_colspec[]){ tc_col_t("v", eng_type_tinyint()),
                        tc_col("name", ENG_T_VARCHAR) });
    tc_add_row(u, tiny(5), tc_str("five"));
    tc_add_row(u, tiny(-128), tc_str("min"));
    sh_open(CAT, "mem", "public");
    return 0;
}

static void test_literal_and_cast(void **state)
{
    (void)state;
    QT("select TINYINT '5'", "tinyint: 5\n");
    QT("select TINYINT '-128'", "tinyint: -128\n");
    QT("select TINYINT '127'", "tinyint: 127\n");
    QE("select TINYINT '128'", "22018", "cannot cast");
    QE("select TINYINT 'x'", "22018", "cannot cast");
    QT("select typeof(TINYINT '1')", "varchar: tinyint\n");
    QT("select cast(100 as tinyint)", "tinyint: 100\n");
    QT("select cast(-128 as tinyint)", "tinyint: -128\n");
    QE("select cast(200 as tinyint)", "22003", "tinyint");
    QE("select cast(-129 as tinyint)", "22003", "tinyint");
    QE("select cast(SMALLINT '300' as tinyint)", "22003", "tinyint");
    QE("select cast(BIGINT '4000000000' as tinyint)", "22003", "tinyint");
    QT("select try_cast(200 as tinyint)", "tinyint: NULL\n");
    QT("select try_cast('x' as tinyint)", "tinyint: NULL\n");
    QT("select cast('  42 ' as tinyint)", "tinyint: 42\n");
    /* decimal and double round half away from zero, as to other integers */
    QT("select cast(DECIMAL '12.5' as tinyint)", "tinyint: 13\n");
    QT("select cast(-12.5e0 as tinyint)", "tinyint: -13\n");
    QE("select cast(127.5e0 as tinyint)", "22003", "tinyint");
    QE("select cast(DECIMAL '127.5' as tinyint)", "22003", "tinyint");
    QT("select cast(true as tinyint)", "tinyint: 1\n");
    QT("select cast(TINYINT '-7' as varchar)", "varchar: -7\n");
    QT("select cast(TINYINT '-7' as double)", "double: -7.0\n");
    QT("select cast(TINYINT '-7' as real)", "real: -7.0\n");
    QT("select cast(TINYINT '-7' as decimal(3,1))", "decimal(3,1): -7.0\n");
    QE("select cast(TINYINT '100' as decimal(2,0))", "22003", "decimal(2,0)");
    QT("select cast(TINYINT '0' as boolean)", "boolean: false\n");
    QT("select cast(TINYINT '-7' as bigint)", "bigint: -7\n");
    QT("select cast(TINYINT '-7' as smallint)", "smallint: -7\n");
    QE("select cast(DATE '2020-01-01' as tinyint)", "42804", "tinyint");
    /* a column narrowed: every valid row is checked, NULL rows are not */
    QE("select cast(s as tinyint) from t", "22003", "tinyint");
    Q("select try_cast(s as tinyint) from t order by id",
      "NULL\n-2\n5\n7\n0\n");
    Q("select cast(v as varchar) from t order by id",
      "127\n-128\n5\nNULL\n5\n");
}

static void test_arithmetic(void **state)
{
    (void)state;
    QT("select TINYINT '100' + TINYINT '27'", "tinyint: 127\n");
    QE("select TINYINT '100' + TINYINT '100'", "22003", "tinyint overflow");
    QE("select TINYINT '-100' - TINYINT '100'", "22003", "tinyint overflow");
    QE("select TINYINT '16' * TINYINT '8'", "22003", "tinyint overflow");
    QE("select -TINYINT '-128'", "22003", "tinyint overflow");
    QE("select -SMALLINT '-32768'", "22003", "smallint overflow");
    QT("select -TINYINT '-127'", "tinyint: 127\n");
    QE("select TINYINT '-128' / TINYINT '-1'", "22003", "tinyint overflow");
    QT("select TINYINT '-128' % TINYINT '-1'", "tinyint: 0\n");
    QT("select TINYINT '-7' / TINYINT '2'", "tinyint: -3\n");
    QT("select TINYINT '-7' % TINYINT '2'", "tinyint: -1\n");
    QE("select TINYINT '7' / TINYINT '0'", "22012", "Division by zero");
    QE("select TINYINT '7' % TINYINT '0'", "22012", "Division by zero");
    QT("select abs(TINYINT '-5')", "tinyint: 5\n");
    QE("select abs(TINYINT '-128')", "22003", "tinyint");
    QT("select mod(TINYINT '7', TINYINT '3')", "tinyint: 1\n");
    QT("select sign(TINYINT '-7')", "tinyint: -1\n");
    /* a column: the overflowing row fails, a NULL row does not */
    QE("select v + v from t", "22003", "tinyint overflow");
    Q("select v - TINYINT '1' from t where id > 2 order by id", "4\nNULL\n4\n");
}

static void test_coercion(void **state)
{
    (void)state;
    QT("select TINYINT '100' + SMALLINT '100'", "smallint: 200\n");
    QT("select TINYINT '100' + 100", "integer: 200\n");
    QT("select TINYINT '100' + BIGINT '100'", "bigint: 200\n");
    /* tinyint is decimal(3,0) there: (3,0) + (2,1) is decimal(5,1) */
    QT("select TINYINT '1' + DECIMAL '1.5'", "decimal(5,1): 2.5\n");
    QT("select TINYINT '1' * DECIMAL '1.5'", "decimal(5,1): 1.5\n");
    QT("select TINYINT '1' + 1.5e0", "double: 2.5\n");
    QT("select TINYINT '1' + REAL '1.5'", "real: 2.5\n");
    QT("select coalesce(v, s) from t where id = 4", "smallint: 7\n");
    QT("select coalesce(v, TINYINT '0') from t where id = 4", "tinyint: 0\n");
    QT("select case when id = 1 then v else 1000 end from t where id = 1",
       "integer: 127\n");
    QT("select greatest(TINYINT '1', TINYINT '2')", "tinyint: 2\n");
    QT("select greatest(TINYINT '1', SMALLINT '2')", "smallint: 2\n");
    Q("select typeof(v) from t where id = 1 union all select typeof(s) from t"
      " where id = 1", "tinyint\nsmallint\n");
    QT("select v from t where id = 1 union all select s from t where id = 1",
       "smallint: 127\n1000\n");
    QT("select v from t where id = 1 union all select v from t where id = 2",
       "tinyint: 127\n-128\n");
    /* a comparison with a wider value does not narrow it */
    Q("select id from t where v < 1000 order by id", "1\n2\n3\n5\n");
    Q("select id from t where v = s order by id", "3\n");
    Q("select id from t where v = 5 order by id", "3\n5\n");
    Q("select id from t where v between -128 and 0 order by id", "2\n");
    Q("select id from t where v in (127, 300) order by id", "1\n");
    QE("select TINYINT '1' + DATE '2020-01-01'", "42804", "tinyint + date");
}

static void test_aggregates_and_grouping(void **state)
{
    (void)state;
    QT("select sum(v) from t", "bigint: 9\n");
    QT("select avg(v) from t", "double: 2.25\n");
    QT("select min(v) from t", "tinyint: -128\n");
    QT("select max(v) from t", "tinyint: 127\n");
    QT("select count(v) from t", "bigint: 4\n");
    QT("select sum(v + v) from t where id > 2", "bigint: 20\n");
    Q("select v, count(*) from t group by v order by v",
      "-128|1\n5|2\n127|1\nNULL|1\n");
    Q("select count(distinct v) from t", "3\n");
    Q("select t.id, u.name from t join u on t.v = u.v order by t.id",
      "2|min\n3|five\n5|five\n");
    Q("select t.id, u.name from t join u on t.s = u.v order by t.id",
      "3|five\n");
    Q("select id, sum(v) over (order by id) from t order by id",
      "1|127\n2|-1\n3|4\n4|4\n5|9\n");
    Q("select id, rank() over (order by v desc) from t order by id",
      "1|1\n2|4\n3|2\n4|5\n5|2\n");
    QT("select max(v) over () from t where id = 1", "tinyint: 127\n");
    QT("select lag(v) over (order by id) from t where id < 3 order by id",
       "tinyint: NULL\n127\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_literal_and_cast),
        cmocka_unit_test(test_arithmetic),
        cmocka_unit_test(test_coercion),
        cmocka_unit_test(test_aggregates_and_grouping),
    };
    return cmocka_run_group_tests(tests, setup, sh_teardown);
}
