/*
 * tests/odbc/test_binary.c
 *   bytea, uuid, json and jsonb columns of PostgreSQL tables through
 *   MeshODBC: Trino's types (varbinary as SQL_VARBINARY, uuid as
 *   SQL_GUID, json(b) as Trino's json: SQL_VARCHAR with TYPE_NAME json,
 *   its canonical text), SQLGetData in parts (01004 and
 *   the remaining length), SQL_C_CHAR hex, SQL_C_GUID, filters shipped
 *   with bytea/uuid literals (EXPLAIN shows them) and evaluated locally,
 *   a join of two catalogs on a uuid, INSERT and CREATE TABLE AS of these
 *   types, SQL_C_BINARY and SQL_C_GUID parameters (SQLDescribeParam
 *   too), SQLColumns and SQLGetTypeInfo.
 * Environment: the cluster of tests/pg_cluster.sh (env.sh): the test makes
 *   schema bin_test in customersdb's and ordersdb's servers through
 *   psqlODBC (PSQLODBC_DRIVER or the Debian path) and drops it at the end.
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

/* The shared fixture (odbc_util.h): f->pg[] holds psqlODBC connections to
 * the servers of setup's catalogs, in its order. */
typedef ou_suite fixture;
enum { CUST, ORD };

static int setup(void **state)
{
    static const char *const catalogs[] = {"customersdb", "ordersdb", NULL};
    static const char *const cust[] = {
        "drop schema if exists bin_test cascade",
        "create schema bin_test",
        "create table bin_test.t (id int, b bytea, u uuid, j json, jb jsonb)",
        "insert into bin_test.t values "
        "(1, '\\x00ff7f80', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', "
        "'{\"a\":  1}', '{\"b\":2, \"a\":1}'), "
        "(2, '\\x', '00000000-0000-0000-0000-000000000000', '[1, 2]', '[]'), "
        "(3, null, null, null, null), "
        "(4, '\\x7f', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '\"s\"', 'null')",
        NULL};
    static const char *const ord[] = {
        "drop schema if exists bin_test cascade",
        "create schema bin_test",
        "create table bin_test.k (u uuid, label text)",
        "insert into bin_test.k values "
        "('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'first'), "
        "('ffffffff-ffff-ffff-ffff-ffffffffffff', 'last'), "
        "('11111111-1111-1111-1111-111111111111', 'none')",
        NULL};
    static const char *const *const make[] = {cust, ord};
    return ou_suite_setup(state, catalogs, make, NULL);
}

static int teardown(void **state)
{
    static const char *const drop[] = {"drop schema if exists bin_test cascade",
                                       NULL};
    return ou_suite_teardown(state, drop);
}

/* True when the EXPLAIN of sql mentions needle (the remote SQL). */
static bool explain_has(fixture *f, const char *sql, const char *needle)
{
    char q[2048];
    SQLHSTMT st = SQL_NULL_HSTMT;
    ou_result r;
    ou_diag d;
    bool found = false;
    snprintf(q, sizeof q, "explain %s", sql);
    SQLRETURN rc = ou_query(&f->mesh, &st, q, &r, &d);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    if (!SQL_SUCCEEDED(rc))
        fail_msg("%s: %s %s", q, d.sqlstate, d.message);
    for (int i = 0; i < r.nrows * r.ncols; i++)
        if (r.cells[i] && strstr(r.cells[i], needle))
            found = true;
    ou_result_free(&r);
    return found;
}

static void test_text(void **state)
{
    fixture *f = *state;
    /* varbinary as upper-case hex for SQL_C_CHAR, uuid text, json and
     * jsonb as Trino's json: the canonical text (no blanks, keys sorted),
     * as Trino's PostgreSQL connector reads them */
    ou_expect(f, "select id, b, u, j, jb from customersdb.bin_test.t order by id",
              "1|00FF7F80|a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11|{\"a\":1}|"
              "{\"a\":1,\"b\":2}\n"
              "2||00000000-0000-0000-0000-000000000000|[1,2]|[]\n"
              "3|NULL|NULL|NULL|NULL\n"
              "4|7F|ffffffff-ffff-ffff-ffff-ffffffffffff|\"s\"|null\n");
    ou_expect(f, "select typeof(b), typeof(u), typeof(j), typeof(jb) from "
                 "customersdb.bin_test.t where id = 1",
              "varbinary|uuid|json|json\n");
    ou_expect(f, "select to_hex(b), length(b), from_utf8(substr(b, 3, 1)), "
                 "to_base64(b), to_hex(md5(b)) from customersdb.bin_test.t where id = 1",
              "00FF7F80|4|\x7f|AP9/gA==|E6A1A4E398E7A31B483EC30C13ECB0AA\n");
}

static void test_describe(void **state)
{
    fixture *f = *state;
    SQLHSTMT st;
    SQLSMALLINT type, digits, nullable, nl;
    SQLULEN size;
    SQLCHAR name[64];
    static const SQLSMALLINT want[] = { SQL_INTEGER, SQL_VARBINARY, SQL_GUID,
                                        SQL_VARCHAR, SQL_VARCHAR };
    assert_int_equal(SQLAllocHandle(SQL_HANDLE_STMT, f->mesh.dbc, &st), SQL_SUCCESS);
    assert_int_equal(SQLPrepare(st, (SQLCHAR *)"select id, b, u, j, jb from "
                                "customersdb.bin_test.t", SQL_NTS), SQL_SUCCESS);
    for (int c = 1; c <= 5; c++) {
        assert_int_equal(SQLDescribeCol(st, (SQLUSMALLINT)c, name, sizeof name,
                                        &nl, &type, &size, &digits, &nullable),
                         SQL_SUCCESS);
        assert_int_equal(type, want[c - 1]);
    }
    SQLFreeHandle(SQL_HANDLE_STMT, st);

    /* SQLColumns: DATA_TYPE and TYPE_NAME */
    assert_int_equal(SQLAllocHandle(SQL_HANDLE_STMT, f->mesh.dbc, &st), SQL_SUCCESS);
    assert_int_equal(SQLColumns(st, (SQLCHAR *)"customersdb", SQL_NTS,
                                (SQLCHAR *)"bin_test", SQL_NTS,
                                (SQLCHAR *)"t", SQL_NTS, NULL, 0), SQL_SUCCESS);
    static const char *const tn[] = { "integer", "varbinary", "uuid", "json",
                                      "json" };
    for (int c = 0; c < 5; c++) {
        SQLSMALLINT dt;
        SQLCHAR tname[64];
        SQLLEN ind;
        assert_int_equal(SQLFetch(st), SQL_SUCCESS);
        assert_int_equal(SQLGetData(st, 5, SQL_C_SSHORT, &dt, 0, &ind), SQL_SUCCESS);
        assert_int_equal(dt, want[c]);
        assert_int_equal(SQLGetData(st, 6, SQL_C_CHAR, tname, sizeof tname, &ind),
                         SQL_SUCCESS);
        assert_string_equal((char *)tname, tn[c]);
    }
    SQLFreeHandle(SQL_HANDLE_STMT, st);

    /* SQLGetTypeInfo lists the two new types */
    static const SQLSMALLINT ti[] = { SQL_VARBINARY, SQL_GUID };
    static const char *const tin[] = { "varbinary", "uuid" };
    for (int i = 0; i < 2; i++) {
        SQLCHAR tname[64];
        SQLLEN ind;
        assert_int_equal(SQLAllocHandle(SQL_HANDLE_STMT, f->mesh.dbc, &st),
                         SQL_SUCCESS);
        assert_int_equal(SQLGetTypeInfo(st, ti[i]), SQL_SUCCESS);
        assert_int_equal(SQLFetch(st), SQL_SUCCESS);
        assert_int_equal(SQLGetData(st, 1, SQL_C_CHAR, tname, sizeof tname, &ind),
                         SQL_SUCCESS);
        assert_string_equal((char *)tname, tin[i]);
        assert_int_equal(SQLFetch(st), SQL_NO_DATA);
        SQLFreeHandle(SQL_HANDLE_STMT, st);
    }
}

static void test_getdata_parts(void **state)
{
    fixture *f = *state;
    SQLHSTMT st;
    unsigned char buf[8];
    char hex[6];
    SQLLEN ind;
    SQLGUID g;
    SQLCHAR sqlstate[6], msg[256];
    SQLINTEGER native;
    SQLSMALLINT ml;
    assert_int_equal(SQLAllocHandle(SQL_HANDLE_STMT, f->mesh.dbc, &st), SQL_SUCCESS);
    assert_int_equal(SQLExecDirect(st, (SQLCHAR *)"select b, b, u, u, b from "
                                   "customersdb.bin_test.t where id = 1",
                                   SQL_NTS), SQL_SUCCESS);
    assert_int_equal(SQLFetch(st), SQL_SUCCESS);
    /* 4 bytes in parts of 3: 01004 with the length left, then the rest */
    assert_int_equal(SQLGetData(st, 1, SQL_C_BINARY, buf, 3, &ind),
                     SQL_SUCCESS_WITH_INFO);
    assert_int_equal(ind, 4);
    assert_int_equal(SQLGetDiagRec(SQL_HANDLE_STMT, st, 1, sqlstate, &native, msg,
                                   sizeof msg, &ml), SQL_SUCCESS);
    assert_string_equal((char *)sqlstate, "01004");
    assert_memory_equal(buf, "\x00\xff\x7f", 3);
    assert_int_equal(SQLGetData(st, 1, SQL_C_BINARY, buf, 3, &ind), SQL_SUCCESS);
    assert_int_equal(ind, 1);
    assert_int_equal(buf[0], 0x80);
    assert_int_equal(SQLGetData(st, 1, SQL_C_BINARY, buf, 3, &ind), SQL_NO_DATA);
    /* hex for SQL_C_CHAR, in whole bytes: "00FF" then "7F80" */
    assert_int_equal(SQLGetData(st, 2, SQL_C_CHAR, hex, sizeof hex, &ind),
                     SQL_SUCCESS_WITH_INFO);
    assert_int_equal(ind, 8);
    assert_string_equal(hex, "00FF");
    assert_int_equal(SQLGetData(st, 2, SQL_C_CHAR, hex, sizeof hex, &ind),
                     SQL_SUCCESS);
    assert_string_equal(hex, "7F80");
    /* SQL_C_GUID */
    assert_int_equal(SQLGetData(st, 3, SQL_C_GUID, &g, sizeof g, &ind), SQL_SUCCESS);
    assert_int_equal(ind, sizeof g);
    assert_int_equal(g.Data1, 0xa0eebc99u);
    assert_int_equal(g.Data2, 0x9c0b);
    assert_int_equal(g.Data3, 0x4ef8);
    assert_memory_equal(g.Data4, "\xbb\x6d\x6b\xb9\xbd\x38\x0a\x11", 8);
    /* a GUID does not fit 10 characters: 22003; a number from bytes: 07006 */
    assert_int_equal(SQLGetData(st, 4, SQL_C_CHAR, hex, sizeof hex, &ind),
                     SQL_ERROR);
    assert_int_equal(SQLGetDiagRec(SQL_HANDLE_STMT, st, 1, sqlstate, &native, msg,
                                   sizeof msg, &ml), SQL_SUCCESS);
    assert_string_equal((char *)sqlstate, "22003");
    SQLINTEGER iv;
    assert_int_equal(SQLGetData(st, 5, SQL_C_SLONG, &iv, 0, &ind), SQL_ERROR);
    assert_int_equal(SQLGetDiagRec(SQL_HANDLE_STMT, st, 1, sqlstate, &native, msg,
                                   sizeof msg, &ml), SQL_SUCCESS);
    assert_string_equal((char *)sqlstate, "07006");
    SQLFreeHandle(SQL_HANDLE_STMT, st);

    /* bound column: SQL_C_BINARY with 01004 and the full length */
    assert_int_equal(SQLAllocHandle(SQL_HANDLE_STMT, f->mesh.dbc, &st), SQL_SUCCESS);
    assert_int_equal(SQLBindCol(st, 1, SQL_C_BINARY, buf, 2, &ind), SQL_SUCCESS);
    assert_int_equal(SQLExecDirect(st, (SQLCHAR *)"select b from "
                                   "customersdb.bin_test.t where id = 1",
                                   SQL_NTS), SQL_SUCCESS);
    assert_int_equal(SQLFetch(st), SQL_SUCCESS_WITH_INFO);
    assert_int_equal(ind, 4);
    assert_memory_equal(buf, "\x00\xff", 2);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

static void test_filters(void **state)
{
    fixture *f = *state;
    const char *q = "select id from customersdb.bin_test.t where b = X'00FF7F80'";
    ou_expect(f, q, "1\n");
    assert_true(explain_has(f, q, "'\\x00ff7f80'::bytea"));
    q = "select id from customersdb.bin_test.t "
        "where u = UUID 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'";
    ou_expect(f, q, "1\n");
    assert_true(explain_has(f, q, "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid"));
    /* ordering: unsigned bytes, a prefix first, as Trino and PostgreSQL */
    ou_expect(f, "select id from customersdb.bin_test.t where b > X'00' order by b",
              "1\n4\n");
    ou_expect(f, "select id from customersdb.bin_test.t order by b desc, id",
              "4\n1\n2\n3\n");
    ou_expect(f, "select id from customersdb.bin_test.t "
                 "where u < UUID 'b0000000-0000-0000-0000-000000000000' order by u",
              "2\n1\n");
    ou_expect(f, "select id from customersdb.bin_test.t where b in (X'', X'7F') "
                 "order by id", "2\n4\n");
    /* json(b) compare as Trino's json (canonical text), locally: never
     * shipped (PostgreSQL's json has no =, jsonb's is not Trino's); the
     * scan reads ::text */
    q = "select id from customersdb.bin_test.t where jb = JSON '{\"b\": 2, \"a\": 1}'";
    ou_expect(f, q, "1\n");
    assert_true(explain_has(f, q, "\"jb\"::text"));
    assert_false(explain_has(f, q, "\"b\": 2"));
    ou_expect(f, "select id from customersdb.bin_test.t where j = json '[1, 2]'", "2\n");
    ou_expect(f, "select json_format(j), count(*) from customersdb.bin_test.t "
                 "group by j order by 1", "\"s\"|1\n[1,2]|1\n{\"a\":1}|1\nNULL|1\n");
    /* json is not orderable, and never equal to a varchar (Trino) */
    ou_expect_error(f, "select j from customersdb.bin_test.t order by j", "42804", NULL);
    ou_expect_error(f, "select id from customersdb.bin_test.t where j = '[1, 2]'",
                    "42804", NULL);
    /* evaluated locally: functions of the columns */
    ou_expect(f, "select id from customersdb.bin_test.t where to_hex(b) like '7F%' "
                 "or crc32(b) = 0 order by id", "2\n4\n");
    /* a join of two catalogs on a uuid, and GROUP BY of bytes */
    ou_expect(f, "select t.id, k.label from customersdb.bin_test.t t "
                 "join ordersdb.bin_test.k k on k.u = t.u order by t.id",
              "1|first\n4|last\n");
    ou_expect(f, "select substr(b, 1, 1), count(*) from customersdb.bin_test.t "
                 "group by 1 order by 1", "|1\n00|1\n7F|1\nNULL|1\n");
    ou_expect_error(f, "select id from customersdb.bin_test.t where u = "
                       "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'", "42804", NULL);
}

static void test_writes(void **state)
{
    fixture *f = *state;
    /* json columns take json values (a varchar is Trino's "mismatched
     * column types"); PostgreSQL gets the text */
    ou_expect_error(f, "insert into customersdb.bin_test.t (id, j) values "
                       "(11, '{\"x\":1}')", "42804", NULL);
    ou_run(f, "insert into customersdb.bin_test.t values (10, X'DEADBEEF', "
              "UUID '12151fd2-7586-11e9-8f9e-2a86e4085a59', JSON '{\"x\":1}', "
              "json_parse('{\"y\": [2]}'))");
    ou_expect(f, "select b, u, j, jb from customersdb.bin_test.t where id = 10",
              "DEADBEEF|12151fd2-7586-11e9-8f9e-2a86e4085a59|{\"x\":1}|"
              "{\"y\":[2]}\n");
    ou_run(f, "create table customersdb.bin_test.c as select id, b, u, "
              "to_utf8(json_format(j)) as jbytes from customersdb.bin_test.t where id in (1, 10)");
    ou_expect(f, "select id, b, u, from_utf8(jbytes) from customersdb.bin_test.c "
                 "order by id",
              "1|00FF7F80|a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11|{\"a\":1}\n"
              "10|DEADBEEF|12151fd2-7586-11e9-8f9e-2a86e4085a59|{\"x\":1}\n");
    /* PostgreSQL sees bytea and uuid columns */
    ou_result r;
    ou_diag d;
    SQLHSTMT st = SQL_NULL_HSTMT;
    assert_true(SQL_SUCCEEDED(ou_query(&f->pg[CUST], &st,
        "select format_type(atttypid, atttypmod) from pg_attribute where "
        "attrelid = 'bin_test.c'::regclass and attnum > 0 order by attnum",
        &r, &d)));
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    assert_int_equal(r.nrows, 4);
    assert_string_equal(r.cells[1], "bytea");
    assert_string_equal(r.cells[2], "uuid");
    assert_string_equal(r.cells[3], "bytea");
    ou_result_free(&r);
    ou_run(f, "create table customersdb.bin_test.d (b varbinary, u uuid)");
    ou_run(f, "insert into customersdb.bin_test.d select b, u from "
              "customersdb.bin_test.t where id <= 2");
    ou_expect(f, "select count(*), count(b), min(u) from customersdb.bin_test.d",
              "2|2|00000000-0000-0000-0000-000000000000\n");
    ou_expect_error(f, "insert into customersdb.bin_test.d values (1, null)",
                    "42804", NULL);
}

/* The JSON functions over PostgreSQL json and jsonb columns, a json
 * column made by CTAS (jsonb, as Trino's connector creates), and the
 * type in SQLGetTypeInfo. */
static void test_json(void **state)
{
    fixture *f = *state;
    ou_expect(f, "select id, json_extract_scalar(j, '$.a'), json_size(jb, '$'), "
                 "json_array_length(j), json_extract(jb, '$.b') "
                 "from customersdb.bin_test.t where id <= 4 order by id",
              "1|1|2|NULL|2\n2|NULL|0|2|NULL\n3|NULL|NULL|NULL|NULL\n"
              "4|NULL|0|NULL|NULL\n");
    ou_expect(f, "select cast(j as varchar) from customersdb.bin_test.t "
                 "where id = 4", "s\n");
    ou_expect(f, "select cast(json_array_get(j, 1) as bigint) from "
                 "customersdb.bin_test.t where id = 2", "2\n");
    ou_expect_error(f, "select cast(j as varchar) from customersdb.bin_test.t "
                       "where id = 2", "22018", NULL);
    ou_expect_error(f, "select json_extract(j, '$.') from customersdb.bin_test.t",
                    "22023", NULL);
    ou_expect_error(f, "select json_query(j, 'lax $.a') from customersdb.bin_test.t",
                    "0A000", NULL);
    ou_run(f, "create table customersdb.bin_test.jc as select id, jb from "
              "customersdb.bin_test.t where id <= 2");
    ou_expect(f, "select id, jb from customersdb.bin_test.jc order by id",
              "1|{\"a\":1,\"b\":2}\n2|[]\n");
    /* a join on json: computed by the engine (no dynamic filter, nothing
     * shipped), the canonical texts compared */
    ou_expect(f, "select t.id, c.id from customersdb.bin_test.t t join "
                 "customersdb.bin_test.jc c on c.jb = t.jb order by t.id",
              "1|1\n2|2\n");
    ou_expect(f, "select count(*) from customersdb.bin_test.t t join "
                 "(select json_parse(json_format(jb)) as x from "
                 "customersdb.bin_test.jc) c on c.x = t.jb", "2\n");
    ou_result r;
    ou_diag d;
    SQLHSTMT st = SQL_NULL_HSTMT;
    assert_true(SQL_SUCCEEDED(ou_query(&f->pg[CUST], &st,
        "select format_type(atttypid, atttypmod) from pg_attribute where "
        "attrelid = 'bin_test.jc'::regclass and attnum = 2", &r, &d)));
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    assert_string_equal(r.cells[0], "jsonb");
    ou_result_free(&r);
    /* SQLGetTypeInfo(SQL_VARCHAR): varchar first, then json */
    SQLCHAR tname[64];
    SQLLEN ind;
    assert_int_equal(SQLAllocHandle(SQL_HANDLE_STMT, f->mesh.dbc, &st), SQL_SUCCESS);
    assert_int_equal(SQLGetTypeInfo(st, SQL_VARCHAR), SQL_SUCCESS);
    assert_int_equal(SQLFetch(st), SQL_SUCCESS);
    assert_int_equal(SQLGetData(st, 1, SQL_C_CHAR, tname, sizeof tname, &ind),
                     SQL_SUCCESS);
    assert_string_equal((char *)tname, "varchar");
    assert_int_equal(SQLFetch(st), SQL_SUCCESS);
    assert_int_equal(SQLGetData(st, 1, SQL_C_CHAR, tname, sizeof tname, &ind),
                     SQL_SUCCESS);
    assert_string_equal((char *)tname, "json");
    assert_int_equal(SQLFetch(st), SQL_NO_DATA);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

static void test_params(void **state)
{
    fixture *f = *state;
    SQLHSTMT st;
    unsigned char bytes[4] = { 0x00, 0xff, 0x7f, 0x80 };
    SQLLEN blen = 4, glen = sizeof(SQLGUID);
    SQLGUID g = { 0xa0eebc99u, 0x9c0b, 0x4ef8,
                  { 0xbb, 0x6d, 0x6b, 0xb9, 0xbd, 0x38, 0x0a, 0x11 } };
    SQLINTEGER id;
    SQLLEN ind;
    SQLSMALLINT type, digits, nullable;
    SQLULEN size;

    assert_int_equal(SQLAllocHandle(SQL_HANDLE_STMT, f->mesh.dbc, &st), SQL_SUCCESS);
    assert_int_equal(SQLPrepare(st, (SQLCHAR *)"select id from customersdb.bin_test.t "
                                "where b = ? or u = ? order by id", SQL_NTS),
                     SQL_SUCCESS);
    assert_int_equal(SQLDescribeParam(st, 1, &type, &size, &digits, &nullable),
                     SQL_SUCCESS);
    assert_int_equal(type, SQL_VARBINARY);
    assert_int_equal(SQLDescribeParam(st, 2, &type, &size, &digits, &nullable),
                     SQL_SUCCESS);
    assert_int_equal(type, SQL_GUID);
    assert_int_equal(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_BINARY,
                                      SQL_VARBINARY, 4, 0, bytes, 4, &blen),
                     SQL_SUCCESS);
    assert_int_equal(SQLBindParameter(st, 2, SQL_PARAM_INPUT, SQL_C_GUID,
                                      SQL_GUID, 16, 0, &g, sizeof g, &glen),
                     SQL_SUCCESS);
    assert_int_equal(SQLExecute(st), SQL_SUCCESS);
    assert_int_equal(SQLBindCol(st, 1, SQL_C_SLONG, &id, 0, &ind), SQL_SUCCESS);
    assert_int_equal(SQLFetch(st), SQL_SUCCESS);
    assert_int_equal(id, 1);
    assert_int_equal(SQLFetch(st), SQL_NO_DATA);
    SQLCloseCursor(st);
    /* another value: the empty varbinary and the zero GUID */
    blen = 0;
    memset(&g, 0, sizeof g);
    assert_int_equal(SQLExecute(st), SQL_SUCCESS);
    assert_int_equal(SQLFetch(st), SQL_SUCCESS);
    assert_int_equal(id, 2);
    assert_int_equal(SQLFetch(st), SQL_NO_DATA);
    SQLFreeHandle(SQL_HANDLE_STMT, st);

    /* select ? bound to bytes returns varbinary; a uuid marker takes 16
     * bytes, another length is 22018 */
    unsigned char out[8];
    assert_int_equal(SQLAllocHandle(SQL_HANDLE_STMT, f->mesh.dbc, &st), SQL_SUCCESS);
    blen = 3;
    assert_int_equal(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_BINARY,
                                      SQL_VARBINARY, 3, 0, bytes, 4, &blen),
                     SQL_SUCCESS);
    assert_int_equal(SQLExecDirect(st, (SQLCHAR *)"select ?", SQL_NTS), SQL_SUCCESS);
    assert_int_equal(SQLDescribeCol(st, 1, NULL, 0, NULL, &type, &size, &digits,
                                    &nullable), SQL_SUCCESS);
    assert_int_equal(type, SQL_VARBINARY);
    assert_int_equal(SQLFetch(st), SQL_SUCCESS);
    assert_int_equal(SQLGetData(st, 1, SQL_C_BINARY, out, sizeof out, &ind),
                     SQL_SUCCESS);
    assert_int_equal(ind, 3);
    assert_memory_equal(out, bytes, 3);
    SQLCloseCursor(st);
    assert_int_equal(SQLExecDirect(st, (SQLCHAR *)"select cast(? as uuid)",
                                   SQL_NTS), SQL_ERROR);
    SQLFreeHandle(SQL_HANDLE_STMT, st);

    /* INSERT with parameters */
    assert_int_equal(SQLAllocHandle(SQL_HANDLE_STMT, f->mesh.dbc, &st), SQL_SUCCESS);
    g.Data1 = 0x01020304u;
    blen = 4;
    assert_int_equal(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_BINARY,
                                      SQL_VARBINARY, 4, 0, bytes, 4, &blen),
                     SQL_SUCCESS);
    assert_int_equal(SQLBindParameter(st, 2, SQL_PARAM_INPUT, SQL_C_GUID,
                                      SQL_GUID, 16, 0, &g, sizeof g, &glen),
                     SQL_SUCCESS);
    assert_int_equal(SQLExecDirect(st, (SQLCHAR *)"insert into "
                                   "customersdb.bin_test.t (id, b, u) values "
                                   "(20, ?, ?)", SQL_NTS), SQL_SUCCESS);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    ou_expect(f, "select b, u from customersdb.bin_test.t where id = 20",
              "00FF7F80|01020304-0000-0000-0000-000000000000\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_describe),
        cmocka_unit_test(test_getdata_parts),
        cmocka_unit_test(test_filters),
        cmocka_unit_test(test_writes),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_params),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
