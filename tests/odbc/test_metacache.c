/*
 * tests/odbc/test_metacache.c
 *   The per-connection metadata cache through the driver manager: a
 *   query run again asks no catalog for its table (the connection's
 *   MESH_ATTR_METADATA_MISSES counter stays put); the connection's own
 *   DDL (ALTER, CREATE, DROP, CTAS) shows at once, and a rolled-back
 *   CREATE TABLE is forgotten; DDL made elsewhere (directly in
 *   PostgreSQL) is not seen by a caching connection until
 *   MESH_ATTR_REFRESH_METADATA, for queries, SQLColumns and SQLTables
 *   alike, and for SQLForeignKeys; MetadataCache=0 asks every time and sees it at once; a
 *   malformed MetadataCache fails the connection naming the key.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "odbc_util.h"

/* driver/driver.h: the driver-specific connection attributes */
#define MESH_ATTR_REFRESH_METADATA 0x4D01
#define MESH_ATTR_METADATA_MISSES  0x4D02

typedef struct fixture {
    ou_conn mesh, pg;          /* MeshODBC (default cache); psqlODBC */
    SQLHSTMT ms, ps;
} fixture;

static SQLUBIGINT misses(ou_conn *c)
{
    SQLUBIGINT n = 0;
    SQLINTEGER len = 0;
    SQLRETURN rc = SQLGetConnectAttr(c->dbc, MESH_ATTR_METADATA_MISSES, &n,
                                     sizeof n, &len);
    assert_true(SQL_SUCCEEDED(rc));
    return n;
}

/* Runs sql (no result wanted) and asserts success. */
static void run(ou_conn *c, SQLHSTMT *unused, const char *sql)
{
    SQLHSTMT st;
    ou_diag d;
    (void)unused;
    SQLAllocHandle(SQL_HANDLE_STMT, c->dbc, &st);
    SQLRETURN rc = SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS);
    if (!SQL_SUCCEEDED(rc)) {
        ou_last_diag(SQL_HANDLE_STMT, st, &d);
        fprintf(stderr, "%s\n  -> %s %s\n", sql, d.sqlstate, d.message);
    }
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    assert_true(SQL_SUCCEEDED(rc));
}

/* The number of columns `select *` of table gives. */
static int ncols(ou_conn *c, SQLHSTMT *st, const char *table)
{
    char sql[256];
    ou_result r;
    ou_diag d;
    snprintf(sql, sizeof sql, "select * from %s", table);
    SQLRETURN rc = ou_query(c, st, sql, &r, &d);
    if (!SQL_SUCCEEDED(rc))
        fprintf(stderr, "%s\n  -> %s %s\n", sql, d.sqlstate, d.message);
    assert_true(SQL_SUCCEEDED(rc));
    int n = r.ncols;
    ou_result_free(&r);
    return n;
}

/* Rows of a catalog function's result on a fresh statement of c. */
static int catalog_rows(ou_conn *c, bool columns, const char *table)
{
    SQLHSTMT st;
    SQLAllocHandle(SQL_HANDLE_STMT, c->dbc, &st);
    SQLRETURN rc = columns
        ? SQLColumns(st, (SQLCHAR *)"ordersdb", SQL_NTS, (SQLCHAR *)"mc",
                     SQL_NTS, (SQLCHAR *)table, SQL_NTS, NULL, 0)
        : SQLTables(st, (SQLCHAR *)"ordersdb", SQL_NTS, (SQLCHAR *)"mc",
                    SQL_NTS, (SQLCHAR *)table, SQL_NTS, NULL, 0);
    assert_true(SQL_SUCCEEDED(rc));
    int n = 0;
    while (SQL_SUCCEEDED(SQLFetch(st)))
        n++;
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    return n;
}

static void refresh(ou_conn *c)
{
    assert_true(SQL_SUCCEEDED(SQLSetConnectAttr(
        c->dbc, MESH_ATTR_REFRESH_METADATA, (SQLPOINTER)1, 0)));
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    char pgcs[1024];
    ou_diag d;
    ou_pg_connstr(getenv("MESH_PORT_ORDERSDB"), pgcs, sizeof pgcs);
    if (!SQL_SUCCEEDED(ou_connect(&f->pg, pgcs, &d)) ||
        !SQL_SUCCEEDED(ou_connect(&f->mesh, OU_DSN, &d))) {
        fprintf(stderr, "connect: %s %s\n", d.sqlstate, d.message);
        return -1;
    }
    f->ms = f->ps = SQL_NULL_HSTMT;
    SQLHSTMT st;
    SQLAllocHandle(SQL_HANDLE_STMT, f->pg.dbc, &st);
    SQLExecDirect(st, (SQLCHAR *)"drop schema if exists mc cascade", SQL_NTS);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    run(&f->pg, &f->ps, "create schema mc");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    /* a failed test may have left a transaction open on the mesh */
    SQLEndTran(SQL_HANDLE_DBC, f->mesh.dbc, SQL_ROLLBACK);
    SQLFreeHandle(SQL_HANDLE_STMT, f->ms);
    ou_disconnect(&f->mesh);
    SQLHSTMT st;
    SQLAllocHandle(SQL_HANDLE_STMT, f->pg.dbc, &st);
    SQLExecDirect(st, (SQLCHAR *)"drop schema if exists mc cascade", SQL_NTS);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    if (f->ps != SQL_NULL_HSTMT)
        SQLFreeHandle(SQL_HANDLE_STMT, f->ps);
    ou_disconnect(&f->pg);
    free(f);
    return 0;
}

/* A repeated query is answered from the cache; the connection's own DDL
 * shows at once; a refresh shows DDL made elsewhere. */
static void test_cached_and_refreshed(void **state)
{
    fixture *f = *state;
    ou_conn *m = &f->mesh;
    run(m, &f->ms, "create table ordersdb.mc.t (a integer)");
    assert_int_equal(ncols(m, &f->ms, "ordersdb.mc.t"), 1);
    SQLUBIGINT m1 = misses(m);
    for (int i = 0; i < 5; i++)
        assert_int_equal(ncols(m, &f->ms, "ordersdb.mc.t"), 1);
    assert_int_equal(misses(m), m1);          /* no catalog asked */

    /* own DDL: seen at once */
    run(m, &f->ms, "alter table ordersdb.mc.t add column b integer");
    assert_int_equal(ncols(m, &f->ms, "ordersdb.mc.t"), 2);
    assert_true(misses(m) > m1);
    run(m, &f->ms, "create table ordersdb.mc.u as select 1 as x, 2 as y");
    assert_int_equal(ncols(m, &f->ms, "ordersdb.mc.u"), 2);
    assert_int_equal(catalog_rows(m, false, "%"), 2);
    assert_int_equal(catalog_rows(m, true, "t"), 2);

    /* DDL elsewhere: the cache still answers until refreshed */
    run(&f->pg, &f->ps, "alter table mc.t add column c integer");
    run(&f->pg, &f->ps, "create table mc.v (z integer)");
    assert_int_equal(ncols(m, &f->ms, "ordersdb.mc.t"), 2);
    assert_int_equal(catalog_rows(m, true, "t"), 2);
    assert_int_equal(catalog_rows(m, false, "%"), 2);
    refresh(m);
    assert_int_equal(ncols(m, &f->ms, "ordersdb.mc.t"), 3);
    assert_int_equal(catalog_rows(m, true, "t"), 3);
    assert_int_equal(catalog_rows(m, false, "%"), 3);

    run(m, &f->ms, "drop table ordersdb.mc.u");
    assert_int_equal(catalog_rows(m, false, "%"), 2);
    ou_result r;
    ou_diag d;
    assert_false(SQL_SUCCEEDED(ou_query(m, &f->ms, "select * from ordersdb.mc.u",
                                        &r, &d)));
    assert_string_equal(d.sqlstate, "42S02");
}

/* A CREATE TABLE rolled back is forgotten with the transaction. */
static void test_rollback_forgets(void **state)
{
    fixture *f = *state;
    ou_conn *m = &f->mesh;
    ou_result r;
    ou_diag d;
    SQLSetConnectAttr(m->dbc, SQL_ATTR_AUTOCOMMIT,
                      (SQLPOINTER)SQL_AUTOCOMMIT_OFF, 0);
    run(m, &f->ms, "create table ordersdb.mc.rb (a integer)");
    assert_int_equal(ncols(m, &f->ms, "ordersdb.mc.rb"), 1);
    assert_true(SQL_SUCCEEDED(SQLEndTran(SQL_HANDLE_DBC, m->dbc,
                                         SQL_ROLLBACK)));
    SQLSetConnectAttr(m->dbc, SQL_ATTR_AUTOCOMMIT,
                      (SQLPOINTER)SQL_AUTOCOMMIT_ON, 0);
    assert_false(SQL_SUCCEEDED(ou_query(m, &f->ms,
                                        "select * from ordersdb.mc.rb", &r,
                                        &d)));
    assert_string_equal(d.sqlstate, "42S02");
}

/* MetadataCache=0: every query asks, and DDL elsewhere shows at once. */
static void test_off(void **state)
{
    fixture *f = *state;
    ou_conn off;
    ou_diag d;
    SQLHSTMT st = SQL_NULL_HSTMT;
    assert_true(SQL_SUCCEEDED(ou_connect(&off, OU_DSN "MetadataCache=0;",
                                         &d)));
    run(&f->pg, &f->ps, "create table mc.o (a integer)");
    assert_int_equal(ncols(&off, &st, "ordersdb.mc.o"), 1);
    SQLUBIGINT m1 = misses(&off);
    assert_int_equal(ncols(&off, &st, "ordersdb.mc.o"), 1);
    SQLUBIGINT m2 = misses(&off);
    assert_true(m2 > m1);
    run(&f->pg, &f->ps, "alter table mc.o add column b integer");
    assert_int_equal(ncols(&off, &st, "ordersdb.mc.o"), 2);
    assert_true(misses(&off) > m2);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    ou_disconnect(&off);

    /* a short TTL expires on its own (whether the second query comes
     * within the second depends on the machine: only the end is sure) */
    ou_conn ttl;
    st = SQL_NULL_HSTMT;
    assert_true(SQL_SUCCEEDED(ou_connect(&ttl, OU_DSN "MetadataCache=1;",
                                         &d)));
    assert_int_equal(ncols(&ttl, &st, "ordersdb.mc.o"), 2);
    run(&f->pg, &f->ps, "alter table mc.o add column c integer");
    struct timespec ts = { 1, 200000000 };
    nanosleep(&ts, NULL);
    assert_int_equal(ncols(&ttl, &st, "ordersdb.mc.o"), 3);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    ou_disconnect(&ttl);
}

/* A malformed value fails the connection naming the key. */
static void test_bad_value(void **state)
{
    (void)state;
    ou_conn c;
    ou_diag d;
    assert_false(SQL_SUCCEEDED(ou_connect(&c, OU_DSN "MetadataCache=soon;",
                                          &d)));
    assert_string_equal(d.sqlstate, "08001");
    assert_non_null(strstr(d.message, "MetadataCache"));
    ou_disconnect(&c);
}

/* SQLForeignKeys rows referencing ordersdb.mc.fk_p on a fresh statement. */
static int fk_rows(ou_conn *c)
{
    SQLHSTMT st;
    SQLAllocHandle(SQL_HANDLE_STMT, c->dbc, &st);
    assert_true(SQL_SUCCEEDED(SQLForeignKeys(st, (SQLCHAR *)"ordersdb", SQL_NTS,
                                             (SQLCHAR *)"mc", SQL_NTS,
                                             (SQLCHAR *)"fk_p", SQL_NTS, NULL, 0,
                                             NULL, 0, NULL, 0)));
    int n = 0;
    while (SQL_SUCCEEDED(SQLFetch(st)))
        n++;
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    return n;
}

/* SQLForeignKeys is cached too: a second call asks no catalog, a foreign
 * key made elsewhere shows after a refresh, and the connection's own DDL
 * forgets the cached answer at once. */
static void test_foreign_keys_cached(void **state)
{
    fixture *f = *state;
    ou_conn *m = &f->mesh;
    run(&f->pg, &f->ps, "create table mc.fk_p (id integer primary key)");
    run(&f->pg, &f->ps, "create table mc.fk_c1 (pid integer references mc.fk_p (id))");
    refresh(m);
    assert_int_equal(fk_rows(m), 1);
    SQLUBIGINT m1 = misses(m);
    assert_int_equal(fk_rows(m), 1);
    assert_int_equal(misses(m), m1);          /* no catalog asked */

    /* a foreign key made elsewhere: the cache answers until refreshed */
    run(&f->pg, &f->ps, "create table mc.fk_c2 (pid integer, "
                        "constraint fk_c2_p foreign key (pid) references mc.fk_p (id))");
    assert_int_equal(fk_rows(m), 1);
    assert_int_equal(misses(m), m1);
    refresh(m);
    assert_int_equal(fk_rows(m), 2);
    assert_true(misses(m) > m1);

    /* the connection's own DDL forgets it at once */
    run(&f->pg, &f->ps, "create table mc.fk_c3 (pid integer references mc.fk_p (id))");
    assert_int_equal(fk_rows(m), 2);
    run(m, &f->ms, "create table ordersdb.mc.fk_other (a integer)");
    assert_int_equal(fk_rows(m), 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cached_and_refreshed),
        cmocka_unit_test(test_rollback_forgets),
        cmocka_unit_test(test_off),
        cmocka_unit_test(test_bad_value),
        cmocka_unit_test(test_foreign_keys_cached),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
