/*
 * tests/unit/exec/test_bitwise.c
 *   Trino's bitwise functions end to end through the engine (parse, bind,
 *   optimize, execute) over the in-memory test connector: the values of
 *   Trino's documentation and of its BitwiseFunctions (shifts of 64 or
 *   more, negative shifts, narrow types keeping their width), result
 *   types, NULLs, the signatures refused (42883) and bit_count's
 *   argument errors (22023), and allocation failure at every step.
 * Interface: main (cmocka).
 * Not here: PostgreSQL pushdown of the operators
 *   (tests/unit/connector/test_pg_deparse.c), agreement with a real Trino
 *   (tests/sql/differential.sql, run against Trino by tests/trino).
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

/* n(i integer, b bigint, s smallint): a few values and a NULL row. */
static int setup(void **state)
{
    (void)state;
    CAT = tc_catalog_new();
    tc_table *t = tc_add_table(CAT, "public", "n", 3,
        (tc_colspec[]){ tc_col("i", ENG_T_INTEGER), tc_col("b", ENG_T_BIGINT),
                        tc_col("s", ENG_T_SMALLINT) });
    tc_add_row(t, tc_int(19), tc_bigint(25), tc_smallint(-8));
    tc_add_row(t, tc_int(-1), tc_bigint(INT64_MIN), tc_smallint(1));
    tc_add_row(t, tc_null(ENG_T_INTEGER), tc_bigint(7), tc_null(ENG_T_SMALLINT));
    sh_open(CAT, "mem", "public");
    return 0;
}

/* and, or, xor, not: bigint in two's complement (Trino's examples). */
static void test_logic(void **state)
{
    (void)state;
    QT("select bitwise_and(19, 25)", "bigint: 17\n");
    QT("select bitwise_or(19, 25)", "bigint: 27\n");
    QT("select bitwise_xor(19, 25)", "bigint: 10\n");
    QT("select bitwise_not(-12)", "bigint: 11\n");
    Q("select bitwise_not(19), bitwise_not(25)", "-20|-26\n");
    Q("select bitwise_and(-1, 9223372036854775807), bitwise_or(-9223372036854775807 - 1, 1)",
      "9223372036854775807|-9223372036854775807\n");
    /* columns of narrower types widen to bigint; NULL in, NULL out */
    Q("select i, bitwise_and(i, b), bitwise_xor(s, i), bitwise_not(s) from n order by b",
      "-1|-9223372036854775808|-2|-2\nNULL|NULL|NULL|NULL\n19|17|-21|7\n");
    Q("select bitwise_and(1, null), bitwise_not(null) is null", "NULL|true\n");
}

/* bit_count(x, bits): x as a bits-bit two's complement number. */
static void test_bit_count(void **state)
{
    (void)state;
    QT("select bit_count(9, 64)", "bigint: 2\n");
    Q("select bit_count(9, 8), bit_count(-7, 64), bit_count(-7, 8)", "2|62|6\n");
    Q("select bit_count(-128, 8), bit_count(127, 8), bit_count(-1, 2)", "1|7|2\n");
    Q("select bit_count(-9223372036854775807 - 1, 64), bit_count(0, 2)", "1|0\n");
    Q("select bit_count(b, 64) from n order by b", "1\n3\n3\n");
    QE("select bit_count(128, 8)", "22023",
       "128 cannot be represented with 8 bits");
    QE("select bit_count(-129, 8)", "22023", "cannot be represented");
    QE("select bit_count(2, 2)", "22023", "cannot be represented");
    QE("select bit_count(1, 1)", "22023", "between 2 and 64, got 1");
    QE("select bit_count(1, 65)", "22023", "between 2 and 64, got 65");
    QE("select bit_count(1, -3)", "22023", "got -3");
    Q("select bit_count(null, 3), bit_count(5, null)", "NULL|NULL\n");
}

/* Shifts keep the value's type and width (Trino's overloads). */
static void test_shifts(void **state)
{
    (void)state;
    QT("select bitwise_left_shift(1, 2)", "integer: 4\n");
    Q("select bitwise_left_shift(5, 2), bitwise_left_shift(0, 1), bitwise_left_shift(20, 0)",
      "20|0|20\n");
    QT("select bitwise_left_shift(tinyint '1', 7)", "tinyint: -128\n");
    QT("select bitwise_left_shift(smallint '1', 15)", "smallint: -32768\n");
    Q("select bitwise_left_shift(tinyint '3', 7), bitwise_left_shift(1, 31), bitwise_left_shift(1, 32)",
      "-128|-2147483648|0\n");
    QT("select bitwise_left_shift(bigint '1', 63)", "bigint: -9223372036854775808\n");
    /* 64 and more: 0; negative: the low six bits of the shift (Java) */
    Q("select bitwise_left_shift(bigint '1', 64), bitwise_left_shift(bigint '1', -1), "
      "bitwise_left_shift(1, -63), bitwise_left_shift(1, -31)",
      "0|-9223372036854775808|2|0\n");
    QT("select bitwise_right_shift(8, 3)", "integer: 1\n");
    Q("select bitwise_right_shift(9, 1), bitwise_right_shift(12, 64), bitwise_right_shift(-1, 0)",
      "4|0|-1\n");
    /* logical: the value read as unsigned of its own width */
    Q("select bitwise_right_shift(-8, 1), bitwise_right_shift(tinyint '-1', 1), "
      "bitwise_right_shift(smallint '-1', 4), bitwise_right_shift(bigint '-8', 1)",
      "2147483644|127|4095|9223372036854775804\n");
    Q("select bitwise_right_shift(bigint '-1', -1)", "1\n");
    QT("select bitwise_right_shift_arithmetic(-8, 1)", "integer: -4\n");
    Q("select bitwise_right_shift_arithmetic(12, 64), bitwise_right_shift_arithmetic(-45, 64), "
      "bitwise_right_shift_arithmetic(tinyint '-128', 7), bitwise_right_shift_arithmetic(bigint '-9', 2)",
      "0|-1|-1|-3\n");
    Q("select s, bitwise_left_shift(s, 2), bitwise_right_shift(s, 1), "
      "bitwise_right_shift_arithmetic(s, 1) from n order by s",
      "-8|-32|32764|-4\n1|4|0|0\nNULL|NULL|NULL|NULL\n");
    /* an untyped NULL value takes Trino's most specific overload */
    QT("select bitwise_left_shift(null, 1)", "tinyint: NULL\n");
    Q("select bitwise_right_shift(5, null)", "NULL\n");
    /* a narrow value whose unsigned reading leaves its type: 22003
     * (Trino fails it as an internal error) */
    QE("select bitwise_right_shift(-1, -64)", "22003", "out of range for integer");
}

/* Trino's signatures and nothing else. */
static void test_signatures(void **state)
{
    (void)state;
    QE("select bitwise_and(1.5, 2)", "42883", "bitwise_and");
    QE("select bitwise_or('a', 2)", "42883", "bitwise_or");
    QE("select bitwise_xor(1, 2, 3)", "42883", "bitwise_xor");
    QE("select bitwise_not(1, 2)", "42883", "bitwise_not");
    QE("select bitwise_not(1e0)", "42883", "bitwise_not");
    QE("select bit_count(1)", "42883", "bit_count");
    QE("select bitwise_left_shift(1, bigint '2')", "42883", "bitwise_left_shift");
    QE("select bitwise_right_shift(1.0, 2)", "42883", "bitwise_right_shift");
    QE("select bitwise_right_shift_arithmetic(1)", "42883",
       "bitwise_right_shift_arithmetic");
    QE("select bitwise_nand(1, 2)", "42883", "bitwise_nand");
}

static void test_oom(void **state)
{
    (void)state;
    sh_oom_loop("select bitwise_and(i, b), bit_count(b, 64), bitwise_left_shift(s, 3) from n", 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_logic),
        cmocka_unit_test(test_bit_count),
        cmocka_unit_test(test_shifts),
        cmocka_unit_test(test_signatures),
        cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests(tests, setup, sh_teardown);
}
