/*
 * tests/odbc/test_varchar_size.c
 *   The DSN key UnboundedVarcharSize (the declared size of varchar and
 *   varbinary without a length) and values longer than that size:
 *   the key reaches SQLDescribeCol(W), SQLColAttribute(W), the IRD
 *   (SQLGetDescField), SQLDescribeParam, SQLColumns and SQLGetTypeInfo;
 *   a bad value fails the connection naming the key; a 20,000-character
 *   value (ASCII, and text with characters outside the BMP) comes back
 *   whole through SQLGetData(W) in parts (01004 with the remaining
 *   length each time) as SQL_C_CHAR, SQL_C_WCHAR and SQL_C_BINARY, and a
 *   bound column truncates with 01004 and the full length.
 * Interface: the cmocka tests below (run by run_odbc_tests.sh).
 * Not here: the agreement of the four metadata paths for every type
 *   (test_type_agree.c), conversions of short values (test_odbc_api.c).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "odbc_util.h"

static ou_conn conn;   /* UnboundedVarcharSize=8000 */
#define DECLARED 8000
#define NCHARS 20000

static int setup(void **state)
{
    (void)state;
    return ou_open(&conn, OU_DSN "UnboundedVarcharSize=8000;");
}

static int teardown(void **state)
{
    (void)state;
    ou_disconnect(&conn);
    return 0;
}

/* The pattern of the long non-BMP value: 'a', 'é' (2 bytes), '😀'
 * (U+1F600: 4 bytes, a surrogate pair), 'z'; rpad repeats it. */
#define MIXED_PATTERN "a\xc3\xa9\xf0\x9f\x98\x80z"

/* The SQL of a value of NCHARS characters: rpad('', n, pattern). */
static void long_sql(char *buf, size_t cap, const char *pattern)
{
    snprintf(buf, cap, "select rpad('', %d, '%s') as v", NCHARS, pattern);
}

/* The expected UTF-8 text of NCHARS characters of the 1-char-per-unit
 * ASCII "abcdefghij" or of MIXED_PATTERN (malloc'ed; *len its bytes). */
static char *expected_utf8(bool mixed, size_t *len)
{
    static const char *const mixed_chars[] = {"a", "\xc3\xa9", "\xf0\x9f\x98\x80", "z"};
    char *out = malloc((size_t)NCHARS * 4 + 1);
    size_t n = 0;
    for (int i = 0; i < NCHARS; i++) {
        if (mixed) {
            const char *c = mixed_chars[i % 4];
            memcpy(out + n, c, strlen(c));
            n += strlen(c);
        } else {
            out[n++] = (char)('a' + i % 10);
        }
    }
    out[n] = '\0';
    *len = n;
    return out;
}

/* UTF-8 to UTF-16 (valid input only); malloc'ed, *units its length. */
static SQLWCHAR *to_utf16(const char *s, size_t len, size_t *units)
{
    SQLWCHAR *out = malloc((len + 1) * sizeof(SQLWCHAR));
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        uint32_t cp;
        int k = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        cp = k == 1 ? c : k == 2 ? c & 0x1F : k == 3 ? c & 0x0F : c & 0x07;
        for (int j = 1; j < k; j++)
            cp = (cp << 6) | ((unsigned char)s[i + j] & 0x3F);
        i += (size_t)k;
        if (cp >= 0x10000) {
            cp -= 0x10000;
            out[n++] = (SQLWCHAR)(0xD800 + (cp >> 10));
            out[n++] = (SQLWCHAR)(0xDC00 + (cp & 0x3FF));
        } else {
            out[n++] = (SQLWCHAR)cp;
        }
    }
    *units = n;
    return out;
}

/* Numeric SQLColAttribute (W when wide) of column 1. */
static SQLLEN attr(SQLHSTMT st, SQLUSMALLINT field, bool wide)
{
    SQLLEN v = -1;
    SQLRETURN rc = wide ? SQLColAttributeW(st, 1, field, NULL, 0, NULL, &v)
                        : SQLColAttribute(st, 1, field, NULL, 0, NULL, &v);
    assert_int_equal(rc, SQL_SUCCESS);
    return v;
}

/* -------------------------------------------------------------- metadata */

/* Every describe path of an unbounded varchar result column reads 8000
 * (octets 4 a character, for SQL_C_CHAR and SQL_C_WCHAR alike); a
 * bounded one keeps its length; varbinary declares 8000 bytes. */
static void test_describe_paths(void **state)
{
    (void)state;
    SQLHSTMT st = ou_new_stmt(&conn);
    SQLSMALLINT type, digits, nullable, nl;
    SQLULEN size = 0;
    SQLWCHAR wname[64];
    assert_int_equal(SQLPrepare(st, (SQLCHAR *)"select cast('x' as varchar) as v, "
                                "cast('x' as varchar(20000)) as b, to_utf8('x') as y",
                                SQL_NTS), SQL_SUCCESS);
    assert_int_equal(SQLDescribeCol(st, 1, NULL, 0, NULL, &type, &size, &digits,
                                    &nullable), SQL_SUCCESS);
    assert_int_equal(type, SQL_VARCHAR);
    assert_int_equal(size, DECLARED);
    size = 0;
    assert_int_equal(SQLDescribeColW(st, 1, wname, 64, &nl, &type, &size, &digits,
                                     &nullable), SQL_SUCCESS);
    assert_int_equal(size, DECLARED);
    for (int w = 0; w < 2; w++) {
        assert_int_equal(attr(st, SQL_DESC_LENGTH, w), DECLARED);
        assert_int_equal(attr(st, SQL_DESC_PRECISION, w), DECLARED);
        assert_int_equal(attr(st, SQL_DESC_DISPLAY_SIZE, w), DECLARED);
        assert_int_equal(attr(st, SQL_DESC_OCTET_LENGTH, w), 4 * DECLARED);
        assert_int_equal(attr(st, SQL_COLUMN_LENGTH, w), 4 * DECLARED);
        assert_int_equal(attr(st, SQL_COLUMN_PRECISION, w), DECLARED);
    }
    /* the IRD */
    SQLHDESC ird;
    SQLLEN len = 0;
    SQLINTEGER prec = 0;
    assert_int_equal(SQLGetStmtAttr(st, SQL_ATTR_IMP_ROW_DESC, &ird, 0, NULL),
                     SQL_SUCCESS);
    assert_int_equal(SQLGetDescField(ird, 1, SQL_DESC_LENGTH, &len, 0, NULL), SQL_SUCCESS);
    assert_int_equal(len, DECLARED);
    assert_int_equal(SQLGetDescField(ird, 1, SQL_DESC_OCTET_LENGTH, &len, 0, NULL),
                     SQL_SUCCESS);
    assert_int_equal(len, 4 * DECLARED);
    assert_int_equal(SQLGetDescField(ird, 1, SQL_DESC_DISPLAY_SIZE, &len, 0, NULL),
                     SQL_SUCCESS);
    assert_int_equal(len, DECLARED);
    assert_int_equal(SQLGetDescFieldW(ird, 1, SQL_DESC_PRECISION, &prec, 0, NULL),
                     SQL_SUCCESS);
    assert_int_equal(prec, DECLARED);
    /* a varchar(20000) is honest about its length */
    assert_int_equal(SQLDescribeCol(st, 2, NULL, 0, NULL, &type, &size, &digits,
                                    &nullable), SQL_SUCCESS);
    assert_int_equal(size, 20000);
    /* varbinary: bytes, and two hex digits each */
    assert_int_equal(SQLDescribeCol(st, 3, NULL, 0, NULL, &type, &size, &digits,
                                    &nullable), SQL_SUCCESS);
    assert_int_equal(type, SQL_VARBINARY);
    assert_int_equal(size, DECLARED);
    len = 0;
    assert_int_equal(SQLColAttribute(st, 3, SQL_DESC_DISPLAY_SIZE, NULL, 0, NULL, &len),
                     SQL_SUCCESS);
    assert_int_equal(len, 2 * DECLARED);
    assert_int_equal(SQLColAttribute(st, 3, SQL_DESC_OCTET_LENGTH, NULL, 0, NULL, &len),
                     SQL_SUCCESS);
    assert_int_equal(len, DECLARED);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

/* SQLDescribeParam: a marker the query types as unbounded varchar, and
 * one it leaves untyped (described as varchar), declare 8000. */
static void test_describe_param(void **state)
{
    (void)state;
    SQLHSTMT st = ou_new_stmt(&conn);
    SQLSMALLINT type, digits, nullable;
    SQLULEN size = 0;
    assert_int_equal(SQLPrepare(st, (SQLCHAR *)"select first_name from "
                                "customersdb.public.customers where "
                                "concat(first_name, '') = ?", SQL_NTS), SQL_SUCCESS);
    assert_int_equal(SQLDescribeParam(st, 1, &type, &size, &digits, &nullable),
                     SQL_SUCCESS);
    assert_int_equal(type, SQL_VARCHAR);
    assert_int_equal(size, DECLARED);
    SQLFreeStmt(st, SQL_CLOSE);
    size = 0;
    assert_int_equal(SQLPrepare(st, (SQLCHAR *)"select ?", SQL_NTS), SQL_SUCCESS);
    assert_int_equal(SQLDescribeParam(st, 1, &type, &size, &digits, &nullable),
                     SQL_SUCCESS);
    assert_int_equal(type, SQL_VARCHAR);
    assert_int_equal(size, DECLARED);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

/* SQLColumns of an unbounded varchar column (system.jdbc.columns'
 * type_name) and SQLGetTypeInfo(SQL_VARCHAR) declare 8000. */
static void test_catalog_functions(void **state)
{
    (void)state;
    SQLHSTMT st = ou_new_stmt(&conn);
    SQLINTEGER size = 0, buflen = 0, octets = 0;
    SQLLEN i1, i2, i3;
    assert_true(SQL_SUCCEEDED(SQLColumns(st, (SQLCHAR *)"system", SQL_NTS,
                                         (SQLCHAR *)"jdbc", SQL_NTS,
                                         (SQLCHAR *)"columns", SQL_NTS,
                                         (SQLCHAR *)"type_name", SQL_NTS)));
    assert_int_equal(SQLFetch(st), SQL_SUCCESS);
    assert_int_equal(SQLGetData(st, 7, SQL_C_SLONG, &size, 0, &i1), SQL_SUCCESS);
    assert_int_equal(SQLGetData(st, 8, SQL_C_SLONG, &buflen, 0, &i2), SQL_SUCCESS);
    assert_int_equal(SQLGetData(st, 16, SQL_C_SLONG, &octets, 0, &i3), SQL_SUCCESS);
    assert_int_equal(size, DECLARED);
    assert_int_equal(buflen, 4 * DECLARED);
    assert_int_equal(octets, 4 * DECLARED);
    assert_int_equal(SQLFetch(st), SQL_NO_DATA);
    SQLFreeStmt(st, SQL_CLOSE);
    assert_true(SQL_SUCCEEDED(SQLGetTypeInfo(st, SQL_VARCHAR)));
    assert_int_equal(SQLFetch(st), SQL_SUCCESS);
    assert_int_equal(SQLGetData(st, 3, SQL_C_SLONG, &size, 0, &i1), SQL_SUCCESS);
    assert_int_equal(size, DECLARED);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

/* A bad value fails the connection with 08001 naming the key; the
 * default is 65535. */
static void test_bad_values(void **state)
{
    (void)state;
    static const char *const bad[] = {"0", "-1", "abc", "8000x", "2147483648",
                                      "99999999999999999999"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ou_conn c;
        ou_diag d;
        char cs[128];
        snprintf(cs, sizeof cs, "%sUnboundedVarcharSize=%s;", OU_DSN, bad[i]);
        assert_int_equal(ou_connect(&c, cs, &d), SQL_ERROR);
        assert_string_equal(d.sqlstate, "08001");
        if (!strstr(d.message, "UnboundedVarcharSize") || !strstr(d.message, bad[i]) ||
            !strstr(d.message, "2147483647"))
            fail_msg("message: %s", d.message);
        ou_disconnect(&c);
    }
    ou_conn c;
    ou_diag d;
    assert_true(SQL_SUCCEEDED(ou_connect(&c, OU_DSN "UnboundedVarcharSize=;", &d)));
    SQLHSTMT st = SQL_NULL_HSTMT;
    SQLULEN size = 0;
    assert_int_equal(SQLAllocHandle(SQL_HANDLE_STMT, c.dbc, &st), SQL_SUCCESS);
    assert_int_equal(SQLPrepare(st, (SQLCHAR *)"select 'x' || 'y'", SQL_NTS), SQL_SUCCESS);
    assert_int_equal(SQLDescribeCol(st, 1, NULL, 0, NULL, NULL, &size, NULL, NULL),
                     SQL_SUCCESS);
    assert_int_equal(size, 2);   /* varchar(2): bounded */
    SQLFreeStmt(st, SQL_CLOSE);
    assert_int_equal(SQLPrepare(st, (SQLCHAR *)"select cast('x' as varchar)", SQL_NTS),
                     SQL_SUCCESS);
    assert_int_equal(SQLDescribeCol(st, 1, NULL, 0, NULL, NULL, &size, NULL, NULL),
                     SQL_SUCCESS);
    assert_int_equal(size, 65535);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    ou_disconnect(&c);
}

/* ------------------------------------------------------- long values */

/* Executes sql on a new statement and fetches its one row. */
static SQLHSTMT one_row(const char *sql)
{
    SQLHSTMT st = ou_new_stmt(&conn);
    assert_true(SQL_SUCCEEDED(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS)));
    assert_int_equal(SQLFetch(st), SQL_SUCCESS);
    return st;
}

/* SQLGetData as SQL_C_CHAR in parts of a `cap`-byte buffer: each part
 * but the last is 01004 with the bytes remaining before the call, the
 * parts reassemble to want, then SQL_NO_DATA. */
static void getdata_char_parts(const char *sql, const char *want, size_t wlen,
                               size_t cap)
{
    SQLHSTMT st = one_row(sql);
    char *buf = malloc(cap), *got = malloc(wlen + 1);
    size_t n = 0;
    int parts = 0;
    for (;;) {
        SQLLEN ind = 0;
        SQLRETURN rc = SQLGetData(st, 1, SQL_C_CHAR, buf, (SQLLEN)cap, &ind);
        if (rc == SQL_NO_DATA)
            break;
        assert_true(SQL_SUCCEEDED(rc));
        parts++;
        assert_int_equal(ind, (SQLLEN)(wlen - n));
        size_t part = strlen(buf);
        if (rc == SQL_SUCCESS_WITH_INFO) {
            assert_string_equal(ou_state(SQL_HANDLE_STMT, st, 1), "01004");
            assert_true(part < cap && part + 4 >= cap - 1);   /* whole characters */
        } else {
            assert_int_equal(part, wlen - n);
        }
        assert_true(n + part <= wlen);
        memcpy(got + n, buf, part);
        n += part;
        if (rc == SQL_SUCCESS)
            break;
    }
    assert_int_equal(SQLGetData(st, 1, SQL_C_CHAR, buf, (SQLLEN)cap, NULL), SQL_NO_DATA);
    assert_int_equal(n, wlen);
    assert_memory_equal(got, want, wlen);
    assert_true(parts >= (int)(wlen / cap));
    free(buf);
    free(got);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

/* The same as SQL_C_WCHAR (lengths in bytes of UTF-16). */
static void getdata_wchar_parts(const char *sql, const SQLWCHAR *want, size_t units,
                                size_t cap_units)
{
    SQLHSTMT st = one_row(sql);
    SQLWCHAR *buf = malloc(cap_units * sizeof(SQLWCHAR));
    SQLWCHAR *got = malloc((units + 1) * sizeof(SQLWCHAR));
    size_t n = 0;
    for (;;) {
        SQLLEN ind = 0;
        SQLRETURN rc = SQLGetData(st, 1, SQL_C_WCHAR, buf,
                                  (SQLLEN)(cap_units * sizeof(SQLWCHAR)), &ind);
        if (rc == SQL_NO_DATA)
            break;
        assert_true(SQL_SUCCEEDED(rc));
        assert_int_equal(ind, (SQLLEN)((units - n) * sizeof(SQLWCHAR)));
        size_t part = 0;
        while (buf[part])
            part++;
        if (rc == SQL_SUCCESS_WITH_INFO) {
            assert_string_equal(ou_state(SQL_HANDLE_STMT, st, 1), "01004");
            /* whole characters: a surrogate pair is never split */
            assert_true(part + 2 >= cap_units - 1);
            assert_false(buf[part - 1] >= 0xD800 && buf[part - 1] < 0xDC00);
        } else {
            assert_int_equal(part, units - n);
        }
        assert_true(n + part <= units);
        memcpy(got + n, buf, part * sizeof(SQLWCHAR));
        n += part;
        if (rc == SQL_SUCCESS)
            break;
    }
    assert_int_equal(n, units);
    assert_memory_equal(got, want, units * sizeof(SQLWCHAR));
    free(buf);
    free(got);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

/* 20,000 ASCII characters with the declared size 8000, and 20,000
 * characters of which a quarter are outside the BMP: every byte comes
 * back through SQLGetData in parts, as SQL_C_CHAR and SQL_C_WCHAR. */
static void test_getdata_in_parts(void **state)
{
    (void)state;
    char sql[128];
    for (int mixed = 0; mixed < 2; mixed++) {
        size_t len, units;
        char *want = expected_utf8(mixed, &len);
        SQLWCHAR *wwant = to_utf16(want, len, &units);
        long_sql(sql, sizeof sql, mixed ? MIXED_PATTERN : "abcdefghij");
        /* the column is declared 8000; the value is longer */
        SQLHSTMT st = ou_new_stmt(&conn);
        SQLULEN size = 0;
        assert_int_equal(SQLPrepare(st, (SQLCHAR *)sql, SQL_NTS), SQL_SUCCESS);
        assert_int_equal(SQLDescribeCol(st, 1, NULL, 0, NULL, NULL, &size, NULL, NULL),
                         SQL_SUCCESS);
        assert_int_equal(size, DECLARED);
        SQLFreeHandle(SQL_HANDLE_STMT, st);
        getdata_char_parts(sql, want, len, 4096);
        getdata_char_parts(sql, want, len, DECLARED + 1);   /* the declared size */
        getdata_char_parts(sql, want, len, 7);              /* tiny parts */
        getdata_wchar_parts(sql, wwant, units, 4096);
        getdata_wchar_parts(sql, wwant, units, DECLARED + 1);
        getdata_wchar_parts(sql, wwant, units, 5);
        free(want);
        free(wwant);
    }
}

/* A varbinary longer than the declared size comes back whole as
 * SQL_C_BINARY in parts (01004, the bytes remaining). */
static void test_getdata_binary_parts(void **state)
{
    (void)state;
    char sql[128];
    size_t len;
    char *want = expected_utf8(false, &len);
    snprintf(sql, sizeof sql, "select to_utf8(rpad('', %d, 'abcdefghij'))", NCHARS);
    SQLHSTMT st = one_row(sql);
    char buf[3000];
    size_t n = 0;
    for (;;) {
        SQLLEN ind = 0;
        SQLRETURN rc = SQLGetData(st, 1, SQL_C_BINARY, buf, sizeof buf, &ind);
        assert_true(SQL_SUCCEEDED(rc));
        assert_int_equal(ind, (SQLLEN)(len - n));
        size_t part = rc == SQL_SUCCESS ? (size_t)ind : sizeof buf;
        assert_memory_equal(buf, want + n, part);
        n += part;
        if (rc == SQL_SUCCESS)
            break;
        assert_string_equal(ou_state(SQL_HANDLE_STMT, st, 1), "01004");
    }
    assert_int_equal(n, len);
    assert_int_equal(SQLGetData(st, 1, SQL_C_BINARY, buf, sizeof buf, NULL), SQL_NO_DATA);
    free(want);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

/* A bound column of the declared size truncates honestly: 01004, the
 * buffer holds what fits (whole characters, NUL-terminated), and the
 * indicator the value's full length (bytes of UTF-8, of UTF-16). */
static void test_bound_columns_truncate(void **state)
{
    (void)state;
    char sql[128];
    for (int mixed = 0; mixed < 2; mixed++) {
        size_t len, units;
        char *want = expected_utf8(mixed, &len);
        SQLWCHAR *wwant = to_utf16(want, len, &units);
        long_sql(sql, sizeof sql, mixed ? MIXED_PATTERN : "abcdefghij");
        SQLHSTMT st = ou_new_stmt(&conn);
        char *cbuf = malloc(DECLARED + 1);
        SQLWCHAR *wbuf = malloc((DECLARED + 1) * sizeof(SQLWCHAR));
        SQLLEN cind = 0, wind = 0;
        assert_int_equal(SQLBindCol(st, 1, SQL_C_CHAR, cbuf, DECLARED + 1, &cind),
                         SQL_SUCCESS);
        assert_true(SQL_SUCCEEDED(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS)));
        assert_int_equal(SQLFetch(st), SQL_SUCCESS_WITH_INFO);
        assert_string_equal(ou_state(SQL_HANDLE_STMT, st, 1), "01004");
        assert_int_equal(cind, (SQLLEN)len);
        size_t got = strlen(cbuf);
        assert_true(got <= DECLARED && got + 4 > DECLARED);
        assert_memory_equal(cbuf, want, got);
        SQLFreeStmt(st, SQL_CLOSE);
        SQLFreeStmt(st, SQL_UNBIND);
        assert_int_equal(SQLBindCol(st, 1, SQL_C_WCHAR, wbuf,
                                    (SQLLEN)((DECLARED + 1) * sizeof(SQLWCHAR)), &wind),
                         SQL_SUCCESS);
        assert_true(SQL_SUCCEEDED(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS)));
        assert_int_equal(SQLFetch(st), SQL_SUCCESS_WITH_INFO);
        assert_string_equal(ou_state(SQL_HANDLE_STMT, st, 1), "01004");
        assert_int_equal(wind, (SQLLEN)(units * sizeof(SQLWCHAR)));
        size_t wgot = 0;
        while (wbuf[wgot])
            wgot++;
        assert_true(wgot <= DECLARED && wgot + 2 > DECLARED);
        assert_memory_equal(wbuf, wwant, wgot * sizeof(SQLWCHAR));
        SQLFreeHandle(SQL_HANDLE_STMT, st);
        free(cbuf);
        free(wbuf);
        free(want);
        free(wwant);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_describe_paths),
        cmocka_unit_test(test_describe_param),
        cmocka_unit_test(test_catalog_functions),
        cmocka_unit_test(test_bad_values),
        cmocka_unit_test(test_getdata_in_parts),
        cmocka_unit_test(test_getdata_binary_parts),
        cmocka_unit_test(test_bound_columns_truncate),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
