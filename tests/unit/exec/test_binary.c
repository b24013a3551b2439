/*
 * tests/unit/exec/test_binary.c
 *   varbinary and uuid end to end through the engine (parse, bind,
 *   optimize, execute) over the in-memory test connector: X'..' and
 *   UUID '..' literals, casts, comparisons and ordering, GROUP BY /
 *   DISTINCT / join keys, and every binary function against values
 *   computed by Trino 476 (or by the RFCs for digests), with the SQLSTATE
 *   of each error path.
 * Interface: main (cmocka).
 * Not here: the text codecs alone (tests/unit/types/test_binary_text.c),
 *   PostgreSQL bytea/uuid/json and ODBC (tests/odbc/test_binary.c).
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

static eng_conn *C;
static tc_catalog *CAT;

static eng_value vb(const char *bytes, uint32_t n)
{
    eng_value v;
    memset(&v, 0, sizeof v);
    v.type = eng_type_make(ENG_T_VARBINARY);
    v.u.s.ptr = bytes;
    v.u.s.len = n;
    return v;
}

static eng_value uu(const char *bytes16)
{
    eng_value v = vb(bytes16, 16);
    v.type = eng_type_make(ENG_T_UUID);
    return v;
}

/* b(i integer, v varbinary, u uuid): bytes that sort differently signed
 * and unsigned (0x80 > 0x7f), a prefix, an empty value and a NULL. */
static int setup(void **state)
{
    (void)state;
    CAT = tc_catalog_new();
    tc_table *t = tc_add_table(CAT, "public", "b", 3,
        (tc_colspec[]){ tc_col("i", ENG_T_INTEGER), tc_col("v", ENG_T_VARBINARY),
                        tc_col("u", ENG_T_UUID) });
    tc_add_row(t, tc_int(1), vb("\x80", 1),
               uu("\xff\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x01"));
    tc_add_row(t, tc_int(2), vb("\x7f", 1),
               uu("\x01\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x02"));
    tc_add_row(t, tc_int(3), vb("\x7f\x00", 2),
               uu("\x01\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x02"));
    tc_add_row(t, tc_int(4), vb("", 0), tc_null(ENG_T_UUID));
    tc_add_row(t, tc_int(5), tc_null(ENG_T_VARBINARY),
               uu("\x80\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"));
    C = sh_open(CAT, "mem", "public");
    return 0;
}

static void test_literals(void **state)
{
    (void)state;
    /* Trino's CLI prints varbinary as blank-separated lower-case hex */
    QT("select X'0A0b'", "varbinary: 0a 0b\n");
    QT("select X''", "varbinary: \n");
    QT("select X'0a 0b\n ff'", "varbinary: 0a 0b ff\n");
    QE("select X'0g'", "42000", "hexadecimal digits");
    QE("select X'abc'", "42000", "even number of digits");
    QT("select VARBINARY 'abc'", "varbinary: 61 62 63\n");
    QT("select UUID '12151FD2-7586-11E9-8F9E-2A86E4085A59'",
       "uuid: 12151fd2-7586-11e9-8f9e-2a86e4085a59\n");
    QE("select UUID 'not-a-uuid'", "22018", "Cannot cast value to UUID");
    QE("select UUID '12151fd2758611e98f9e2a86e4085a59'", "22018", "UUID");
    QE("select UUID '12151fd2-7586-11e9-8f9e-2a86e4085a5g'", "22018", "UUID");
    /* x followed by a blank is no binary literal */
    QE("select x 'ab'", "0A000", "Type 'x' is not supported");
}

static void test_casts(void **state)
{
    (void)state;
    QT("select cast('héllo' as varbinary)", "varbinary: 68 c3 a9 6c 6c 6f\n");
    QE("select cast(X'41' as varchar)", "42804", "ast varbinary to varchar");
    QT("select cast(UUID '12151fd2-7586-11e9-8f9e-2a86e4085a59' as varchar)",
       "varchar: 12151fd2-7586-11e9-8f9e-2a86e4085a59\n");
    QT("select cast('00000000-0000-0000-0000-0000000000FF' as uuid)",
       "uuid: 00000000-0000-0000-0000-0000000000ff\n");
    QE("select cast('x' as uuid)", "22018", "Cannot cast value to UUID: x");
    Q("select try_cast('x' as uuid) is null", "true\n");
    QT("select cast(X'000102030405060708090a0b0c0d0e0f' as uuid)",
       "uuid: 00010203-0405-0607-0809-0a0b0c0d0e0f\n");
    QE("select cast(X'00' as uuid)", "22018", "Invalid UUID binary length: 1");
    QT("select cast(UUID '00010203-0405-0607-0809-0a0b0c0d0e0f' as varbinary)",
       "varbinary: 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f\n");
    QE("select cast(1 as varbinary)", "42804", "annot cast");
    QE("select cast(X'01' as integer)", "42804", "annot cast");
    QE("select X'01' = 'a'", "42804", "");
    QE("select UUID '00010203-0405-0607-0809-0a0b0c0d0e0f' = "
       "'00010203-0405-0607-0809-0a0b0c0d0e0f'", "42804", "");
}

static void test_compare_order(void **state)
{
    (void)state;
    /* unsigned bytewise, a prefix first; NULLs last */
    Q("select i from b order by v", "4\n2\n3\n1\n5\n");
    Q("select i from b order by v desc", "1\n3\n2\n4\n5\n");
    Q("select X'80' > X'7f', X'7f' < X'7f00', X'' < X'00', X'0a' = X'0A',"
      " X'01' <> X'01', X'01' is distinct from null", "true|true|true|true|false|true\n");
    Q("select i from b where v = X'7f'", "2\n");
    Q("select i from b where v between X'7f' and X'7fff' order by i", "2\n3\n");
    Q("select i from b where v in (X'80', X'') order by i", "1\n4\n");
    Q("select i from b order by u, i", "2\n3\n5\n1\n4\n");
    Q("select i from b where u > UUID '7fffffff-ffff-ffff-ffff-ffffffffffff' "
      "order by i", "1\n5\n");
    Q("select min(v), max(v), min(u), max(u) from b",
      "|80|01000000-0000-0000-0000-000000000002|ff000000-0000-0000-0000-000000000001\n");
}

static void test_group_join(void **state)
{
    (void)state;
    Q("select u, count(*) from b group by u order by u",
      "01000000-0000-0000-0000-000000000002|2\n"
      "80000000-0000-0000-0000-000000000000|1\n"
      "ff000000-0000-0000-0000-000000000001|1\n"
      "NULL|1\n");
    Q("select count(distinct u), count(distinct v), count(distinct substr(v, 1, 1))"
      " from b", "3|4|3\n");
    Q("select distinct substr(v, 1, 1) from b order by 1", "\n7f\n80\nNULL\n");
    Q("select x.i, y.i from b x join b y on x.u = y.u and x.i < y.i", "2|3\n");
    Q("select x.i, y.i from b x join b y on substr(x.v, 1, 1) = y.v "
      "order by 1, 2", "1|1\n2|2\n3|2\n4|4\n");
    Q("select i from b where u in (select u from b where i = 2) order by i",
      "2\n3\n");
}

static void test_functions(void **state)
{
    (void)state;
    QT("select length(X'00ff00')", "bigint: 3\n");
    QT("select X'01' || X'0203'", "varbinary: 01 02 03\n");
    Q("select X'01' || null is null, concat(X'01', X'', X'02')", "true|01 02\n");
    QE("select X'01' || 'a'", "42804", "");
    QE("select concat(X'01', 'a')", "42883", "concat");
    Q("select substr(X'0102030405', 2), substr(X'0102030405', 2, 2),"
      " substr(X'0102030405', -2), substr(X'0102030405', 0),"
      " substr(X'0102030405', 9), substr(X'0102030405', -9),"
      " substr(X'0102030405', 2, -1)", "02 03 04 05|02 03|04 05||||\n");
    QT("select to_utf8('é')", "varbinary: c3 a9\n");
    QT("select from_utf8(X'c3a9')", "varchar: é\n");
    /* airlift's repair: a cut sequence is one replacement, an overlong
     * or surrogate sequence one, a stray continuation byte one */
    Q("select from_utf8(X'61ff62'), from_utf8(X'e282'), from_utf8(X'c0af'),"
      " from_utf8(X'eda080'), from_utf8(X'80bf')",
      "a\xef\xbf\xbd" "b|\xef\xbf\xbd|\xef\xbf\xbd|\xef\xbf\xbd|"
      "\xef\xbf\xbd\xef\xbf\xbd\n");
    Q("select from_utf8(X'61ff', '?'), from_utf8(X'61ff', ''), from_utf8(X'61ff', 35)",
      "a?|a|a#\n");
    QE("select from_utf8(X'61', 'ab')", "22023", "single character");
    QE("select from_utf8(X'61', 1114112)", "22023", "Invalid replacement");
    QT("select to_hex(X'00ab7F')", "varchar: 00AB7F\n");
    QT("select from_hex('00ab7F')", "varbinary: 00 ab 7f\n");
    QE("select from_hex('0')", "22023", "even number");
    QE("select from_hex('zz')", "22023", "hexadecimal");
    Q("select to_base64(X''), to_base64(X'66'), to_base64(X'666f'),"
      " to_base64(X'666f6f'), to_base64(to_utf8('foobar'))",
      "|Zg==|Zm8=|Zm9v|Zm9vYmFy\n");
    Q("select from_base64('Zm9vYmFy'), from_base64('Zg=='), from_base64('Zg'),"
      " from_base64(to_utf8('Zm8='))", "66 6f 6f 62 61 72|66|66|66 6f\n");
    QE("select from_base64('Z'), 1", "22023", "base64");
    QE("select from_base64('Zm9v!A=='), 1", "22023", "illegal base64 character");
    QE("select from_base64('Zg=')", "22023", "base64");
    /* RFC 1321, FIPS 180 and zlib test vectors */
    Q("select to_hex(md5(X'')), to_hex(md5(to_utf8('abc')))",
      "D41D8CD98F00B204E9800998ECF8427E|900150983CD24FB0D6963F7D28E17F72\n");
    Q("select to_hex(sha1(to_utf8('abc')))",
      "A9993E364706816ABA3E25717850C26C9CD0D89D\n");
    Q("select to_hex(sha256(to_utf8('abc')))",
      "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD\n");
    Q("select length(sha512(X'')), substr(to_hex(sha512(to_utf8('abc'))), 1, 16)",
      "64|DDAF35A193617ABA\n");
    QT("select crc32(to_utf8('123456789'))", "bigint: 3421780262\n");
    Q("select crc32(X''), md5(null) is null", "0|true\n");
    QE("select md5('abc')", "42883", "md5");
    QE("select to_hex('abc')", "42883", "to_hex");
    QE("select length(X'01', 2)", "42883", "length");
}

static void test_uuid_fn(void **state)
{
    (void)state;
    QT("select length(cast(uuid() as varchar))", "bigint: 36\n");
    /* version 4, RFC 4122 variant; two calls differ */
    Q("select substr(cast(u as varchar), 15, 1), "
      "substr(cast(u as varchar), 20, 1) in ('8', '9', 'a', 'b') "
      "from (select uuid() as u)", "4|true\n");
    Q("select count(distinct u) from (select uuid() as u from b)", "5\n");
    QE("select uuid(1)", "42883", "uuid");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_literals),
        cmocka_unit_test(test_casts),
        cmocka_unit_test(test_compare_order),
        cmocka_unit_test(test_group_join),
        cmocka_unit_test(test_functions),
        cmocka_unit_test(test_uuid_fn),
    };
    return cmocka_run_group_tests(tests, setup, sh_teardown);
}
