/*
 * tests/odbc/test_array_odbc.c
 *   Trino's array(T) through MeshODBC: PostgreSQL array columns (int4[],
 *   text[], varchar(5)[], numeric(5,2)[], date[], with NULL arrays, NULL
 *   elements and empty arrays) read as array(T) through binary COPY and
 *   an array expression, delivered as Trino's text ("[1, 2, NULL]"),
 *   described as SQL_VARCHAR with TYPE_NAME array(integer) alike in
 *   SQLDescribeCol, SQLColAttribute and SQLColumns; element access, UNNEST
 *   of a column and array_agg across catalogs; a filter on an array column
 *   evaluated by the engine (never sent to PostgreSQL); a
 *   multi-dimensional value and an INSERT of an array refused with 0A000.
 * Environment: the cluster of tests/pg_cluster.sh (env.sh): the test makes
 *   schema arr_test in customersdb's server through psqlODBC and drops it
 *   at the end.
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

typedef ou_suite fixture;

static int setup(void **state)
{
    static const char *const catalogs[] = {"customersdb", NULL};
    static const char *const cust[] = {
        "drop schema if exists arr_test cascade",
        "create schema arr_test",
        "create table arr_test.a (id int, ints int4[], txt text[], "
        "vc varchar(5)[], num numeric(5,2)[], d date[], m int4[])",
        "insert into arr_test.a values "
        "(1, '{1,2,3}', '{a,\"b c\",NULL}', '{x}', '{1.50,-2}', '{2020-01-02}', null), "
        "(2, '{}', '{}', null, null, null, null), "
        "(3, null, null, null, null, null, '{{1,2},{3,4}}'), "
        "(4, '{7,NULL}', '{\"\"}', '{yy,zz}', '{0}', '{2024-02-29,NULL}', null)",
        NULL};
    static const char *const *const make[] = {cust};
    return ou_suite_setup(state, catalogs, make, NULL);
}

static int teardown(void **state)
{
    static const char *const drop[] = {"drop schema if exists arr_test cascade",
                                       NULL};
    return ou_suite_teardown(state, drop);
}

static void test_read(void **state)
{
    fixture *f = *state;
    ou_expect(f, "select id, ints, txt, vc, num, d from customersdb.arr_test.a "
                 "where id <> 3 order by id",
              "1|[1, 2, 3]|[a, b c, NULL]|[x]|[1.50, -2.00]|[2020-01-02]\n"
              "2|[]|[]|NULL|NULL|NULL\n"
              "4|[7, NULL]|[]|[yy, zz]|[0.00]|[2024-02-29, NULL]\n");
    ou_expect(f, "select typeof(ints), typeof(txt), typeof(vc), typeof(num), "
                 "typeof(d) from customersdb.arr_test.a where id = 1",
              "array(integer)|array(varchar)|array(varchar(5))|"
              "array(decimal(5,2))|array(date)\n");
    ou_expect(f, "select id, cardinality(ints), ints[1], element_at(txt, -1), "
                 "contains(ints, 7) from customersdb.arr_test.a "
                 "where id in (1, 4) order by id",
              "1|3|1|NULL|0\n4|2|7||1\n");
    /* a filter on an array column: the engine's (no array reaches the
     * PostgreSQL deparser) */
    ou_expect(f, "select id from customersdb.arr_test.a where ints = array[1, 2, 3] "
                 "or cardinality(ints) = 0 order by id", "1\n2\n");
    ou_expect(f, "select a.id, u.x, u.n from customersdb.arr_test.a a cross join "
                 "unnest(a.ints) with ordinality u(x, n) order by 1, 3",
              "1|1|1\n1|2|2\n1|3|3\n4|7|1\n4|NULL|2\n");
    /* an array expression across catalogs */
    ou_expect(f, "select array_agg(o.id order by o.id), array[c.first_name, "
                 "c.last_name] from customersdb.public.customers c join "
                 "ordersdb.public.orders o on o.user_id = c.id where c.id = 1 "
                 "group by c.first_name, c.last_name",
              "[1, 37]|[Michael, P.]\n");
    ou_expect_error(f, "select m from customersdb.arr_test.a where id = 3",
                    "0A000", "multi-dimensional");
    /* writing an array into PostgreSQL: not yet */
    ou_expect_error(f, "insert into customersdb.arr_test.a (id, ints) values "
                    "(9, array[1])", "0A000", "not supported");
}

/* SQLDescribeCol, SQLColAttribute and SQLColumns agree on an array. */
static void test_describe(void **state)
{
    fixture *f = *state;
    SQLHSTMT st;
    SQLCHAR name[64], tname[64], text[64];
    SQLSMALLINT nl, type, digits, nullable;
    SQLULEN size;
    SQLLEN ind, num;
    assert_int_equal(SQLAllocHandle(SQL_HANDLE_STMT, f->mesh.dbc, &st), SQL_SUCCESS);
    assert_int_equal(SQLExecDirect(st, (SQLCHAR *)"select ints, array['x'] from "
                                   "customersdb.arr_test.a where id = 1",
                                   SQL_NTS), SQL_SUCCESS);
    assert_int_equal(SQLDescribeCol(st, 1, name, sizeof name, &nl, &type, &size,
                                    &digits, &nullable), SQL_SUCCESS);
    assert_int_equal(type, SQL_VARCHAR);
    assert_int_equal(size, 65535);
    assert_int_equal(SQLColAttribute(st, 1, SQL_DESC_TYPE_NAME, tname,
                                     sizeof tname, &nl, NULL), SQL_SUCCESS);
    assert_string_equal((char *)tname, "array(integer)");
    assert_int_equal(SQLColAttribute(st, 2, SQL_DESC_TYPE_NAME, tname,
                                     sizeof tname, &nl, NULL), SQL_SUCCESS);
    assert_string_equal((char *)tname, "array(varchar(1))");
    assert_int_equal(SQLColAttribute(st, 1, SQL_DESC_CONCISE_TYPE, NULL, 0,
                                     NULL, &num), SQL_SUCCESS);
    assert_int_equal(num, SQL_VARCHAR);
    assert_int_equal(SQLFetch(st), SQL_SUCCESS);
    assert_int_equal(SQLGetData(st, 1, SQL_C_CHAR, text, sizeof text, &ind),
                     SQL_SUCCESS);
    assert_string_equal((char *)text, "[1, 2, 3]");
    SQLWCHAR wtext[64];
    assert_int_equal(SQLGetData(st, 2, SQL_C_WCHAR, wtext, sizeof wtext, &ind),
                     SQL_SUCCESS);
    assert_int_equal(ind, 3 * (SQLLEN)sizeof(SQLWCHAR));
    assert_int_equal(wtext[0], '[');
    assert_int_equal(wtext[1], 'x');
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    /* SQLColumns: the same DATA_TYPE and TYPE_NAME */
    assert_int_equal(SQLAllocHandle(SQL_HANDLE_STMT, f->mesh.dbc, &st), SQL_SUCCESS);
    assert_int_equal(SQLColumns(st, (SQLCHAR *)"customersdb", SQL_NTS,
                                (SQLCHAR *)"arr_test", SQL_NTS,
                                (SQLCHAR *)"a", SQL_NTS,
                                (SQLCHAR *)"ints", SQL_NTS), SQL_SUCCESS);
    assert_int_equal(SQLFetch(st), SQL_SUCCESS);
    SQLSMALLINT dt;
    assert_int_equal(SQLGetData(st, 5, SQL_C_SSHORT, &dt, 0, &ind), SQL_SUCCESS);
    assert_int_equal(dt, SQL_VARCHAR);
    assert_int_equal(SQLGetData(st, 6, SQL_C_CHAR, tname, sizeof tname, &ind),
                     SQL_SUCCESS);
    assert_string_equal((char *)tname, "array(integer)");
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read),
        cmocka_unit_test(test_describe),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
