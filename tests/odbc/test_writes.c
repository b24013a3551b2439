/*
 * tests/odbc/test_writes.c
 *   Writes through the driver into the throwaway mesh (schema wt in
 *   ordersdb, dropped before and after): DDL and its row count 0; every
 *   type through CREATE TABLE + INSERT, read back through MeshODBC and
 *   compared with what PostgreSQL stored (psqlODBC); hostile literals and
 *   identifiers; CTAS of the three-catalog customers model checked
 *   against the expected CSV; federated INSERT ... SELECT; UPDATE and
 *   DELETE whole and engine-computed; MERGE with a federated source;
 *   failures (cast error half-way, too-long string, failed CTAS, query
 *   timeout) leave the target unchanged; views over their own catalog,
 *   federated ones refused; read-only catalogs, the system
 *   catalog and allow-lists refuse, inside a transaction too
 *   (transactions themselves: test_txn.c); an INSERT whose values do not
 *   match its columns is 21S01.
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

typedef struct fixture {
    ou_conn mesh, ref;         /* MeshODBC; psqlODBC on ordersdb */
    SQLHSTMT ms, rs;
} fixture;

/* Runs a statement without a result set; returns its SQLRowCount, or
 * -2 on failure with *d filled. */
static SQLLEN exec_n(fixture *f, const char *sql, ou_diag *d)
{
    SQLLEN n = -3;
    SQLRETURN rc;
    memset(d, 0, sizeof *d);
    SQLFreeStmt(f->ms, SQL_CLOSE);
    rc = SQLExecDirect(f->ms, (SQLCHAR *)sql, SQL_NTS);
    if (!SQL_SUCCEEDED(rc)) {
        ou_last_diag(SQL_HANDLE_STMT, f->ms, d);
        return -2;
    }
    SQLRowCount(f->ms, &n);
    return n;
}

/* A statement that must succeed with row count `want`. */
static void ok_n(fixture *f, const char *sql, SQLLEN want)
{
    ou_diag d;
    SQLLEN n = exec_n(f, sql, &d);
    if (n != want)
        fprintf(stderr, "%s\n  -> %ld (want %ld) %s %s\n", sql, (long)n,
                (long)want, d.sqlstate, d.message);
    assert_int_equal(n, want);
}

/* A statement that must fail with sqlstate; the message must contain
 * `part` when not NULL. */
static void fails(fixture *f, const char *sql, const char *state,
                  const char *part)
{
    ou_diag d;
    SQLLEN n = exec_n(f, sql, &d);
    if (n != -2 || strcmp(d.sqlstate, state) ||
        (part && !strstr(d.message, part)))
        fprintf(stderr, "%s\n  -> %ld %s %s (want %s '%s')\n", sql, (long)n,
                d.sqlstate, d.message, state, part ? part : "");
    assert_int_equal(n, -2);
    assert_string_equal(d.sqlstate, state);
    if (part)
        assert_non_null(strstr(d.message, part));
}

/* A query through MeshODBC (must succeed). */
static void q(fixture *f, const char *sql, ou_result *r)
{
    ou_diag d;
    SQLRETURN rc = ou_query(&f->mesh, &f->ms, sql, r, &d);
    if (!SQL_SUCCEEDED(rc))
        fprintf(stderr, "%s\n  -> %s %s\n", sql, d.sqlstate, d.message);
    assert_true(SQL_SUCCEEDED(rc));
}

/* A query through psqlODBC on ordersdb (must succeed). */
static void qref(fixture *f, const char *sql, ou_result *r)
{
    ou_diag d;
    SQLRETURN rc = ou_query(&f->ref, &f->rs, sql, r, &d);
    if (!SQL_SUCCEEDED(rc))
        fprintf(stderr, "ref: %s\n  -> %s %s\n", sql, d.sqlstate, d.message);
    assert_true(SQL_SUCCEEDED(rc));
}

/* The one value of a one-row, one-column query through MeshODBC, as
 * text (static buffer; "NULL" for NULL). */
static const char *scalar(fixture *f, const char *sql)
{
    static char buf[512];
    ou_result r;
    q(f, sql, &r);
    assert_int_equal(r.nrows, 1);
    snprintf(buf, sizeof buf, "%s", r.cells[0] ? r.cells[0] : "NULL");
    ou_result_free(&r);
    return buf;
}

/* Rows of a query through MeshODBC joined as "a|b;c|d" (NULL as ~). */
static char *rows_text(fixture *f, const char *sql, bool ref)
{
    ou_result r;
    size_t cap = 1 << 16, len = 0;
    char *out = calloc(1, cap);
    if (ref)
        qref(f, sql, &r);
    else
        q(f, sql, &r);
    for (int i = 0; i < r.nrows; i++)
        for (int c = 0; c < r.ncols; c++) {
            const char *v = r.cells[i * r.ncols + c];
            len += (size_t)snprintf(out + len, cap - len, "%s%s",
                                    v ? v : "~",
                                    c + 1 < r.ncols ? "|"
                                    : i + 1 < r.nrows ? ";" : "");
        }
    ou_result_free(&r);
    return out;
}

static void rows_are(fixture *f, const char *sql, const char *want)
{
    char *got = rows_text(f, sql, false);
    if (strcmp(got, want))
        fprintf(stderr, "%s\n  got:  %s\n  want: %s\n", sql, got, want);
    assert_string_equal(got, want);
    free(got);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    char refcs[1024];
    ou_diag d;
    snprintf(refcs, sizeof refcs,
             "Driver=/usr/lib/x86_64-linux-gnu/odbc/psqlodbcw.so;"
             "Servername=127.0.0.1;Port=%s;Database=postgres;UID=postgres;"
             "PWD=postgres;", getenv("MESH_PORT_ORDERSDB"));
    if (!SQL_SUCCEEDED(ou_connect(&f->ref, refcs, &d)) ||
        !SQL_SUCCEEDED(ou_connect(&f->mesh, OU_DSN, &d))) {
        fprintf(stderr, "connect: %s %s\n", d.sqlstate, d.message);
        return -1;
    }
    f->rs = SQL_NULL_HSTMT;
    SQLAllocHandle(SQL_HANDLE_STMT, f->mesh.dbc, &f->ms);
    exec_n(f, "drop schema if exists ordersdb.wt cascade", &d);
    if (exec_n(f, "create schema ordersdb.wt", &d) != 0) {
        fprintf(stderr, "create schema: %s %s\n", d.sqlstate, d.message);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    ou_diag d;
    exec_n(f, "drop schema if exists ordersdb.wt cascade", &d);
    SQLFreeHandle(SQL_HANDLE_STMT, f->ms);
    if (f->rs != SQL_NULL_HSTMT)
        SQLFreeHandle(SQL_HANDLE_STMT, f->rs);
    ou_disconnect(&f->mesh);
    ou_disconnect(&f->ref);
    free(f);
    return 0;
}

/* DDL: row count 0, remote errors keep their SQLSTATE and name the
 * catalog, IF [NOT] EXISTS, ALTER TABLE forms, DROP SCHEMA RESTRICT. */
static void test_ddl(void **state)
{
    fixture *f = *state;
    ok_n(f, "create schema if not exists ordersdb.wt", 0);
    fails(f, "create schema ordersdb.wt", "42P06", "Catalog 'ordersdb'");
    ok_n(f, "create table ordersdb.wt.d1 (a integer not null, b varchar)", 0);
    ok_n(f, "create table if not exists ordersdb.wt.d1 (x integer)", 0);
    fails(f, "create table ordersdb.wt.d1 (x integer)", "42P07", "d1");
    ok_n(f, "alter table ordersdb.wt.d1 add column c decimal(5,1)", 0);
    ok_n(f, "alter table ordersdb.wt.d1 add column if not exists c integer", 0);
    ok_n(f, "alter table ordersdb.wt.d1 rename column b to bb", 0);
    ok_n(f, "alter table ordersdb.wt.d1 rename column if exists nope to x", 0);
    ok_n(f, "alter table ordersdb.wt.d1 drop column a", 0);
    ok_n(f, "alter table ordersdb.wt.d1 drop column if exists a", 0);
    ok_n(f, "alter table ordersdb.wt.d1 rename to d2", 0);
    /* metadata is read again at once: the new name and columns show */
    rows_are(f, "show columns from ordersdb.wt.d2",
             "bb|varchar||;c|decimal(5,1)||");
    fails(f, "select * from ordersdb.wt.d1", "42S02", "d1");
    ok_n(f, "create schema ordersdb.wt2", 0);
    ok_n(f, "alter table ordersdb.wt.d2 rename to wt2.d3", 0);
    fails(f, "drop schema ordersdb.wt2", "2BP01", "Catalog 'ordersdb'");
    ok_n(f, "drop schema ordersdb.wt2 cascade", 0);
    ok_n(f, "drop table if exists ordersdb.wt.d3", 0);
    fails(f, "drop table ordersdb.wt.nope", "42S02", "Catalog 'ordersdb'");
    fails(f, "create table ordersdb.wt.bad (a time with time zone)",
          "0A000", "time(3) with time zone");
    fails(f, "create table nosuch.s.t (a integer)", "3D000", "nosuch");
    fails(f, "alter table ordersdb.wt.x rename to customersdb.public.x",
          "0A000", "across catalogs");
}

/* Every type through CREATE TABLE + INSERT + SELECT, compared with what
 * PostgreSQL stored; hostile literals and identifiers round-trip. */
static void test_types_roundtrip(void **state)
{
    fixture *f = *state;
    ok_n(f, "create table ordersdb.wt.ty (\"we\"\"ird col\" integer, "
            "b boolean, si smallint, bi bigint, r real, d double, "
            "dc decimal(20,4), dn decimal(38,0), v varchar(40), "
            "u varchar, c char(3), dt date)", 0);
    ok_n(f, "insert into ordersdb.wt.ty values "
            "(1, true, -32768, 9223372036854775807, 1.5, -2.25e10, "
            "-1234567890123456.7891, 12345678901234567890123456789012345678, "
            "'it''s \\ -- /* $$ x', 'héllo wörld ☃', 'ab', date '1999-12-31'),"
            "(2, false, 32767, -9223372036854775807, 0, 0.1, 0.0001, -1, "
            "'', '''; drop table x; --', 'a', date '0001-01-01'),"
            "(3, null, null, null, null, null, null, null, null, null, null, "
            "null)", 3);
    rows_are(f, "select * from ordersdb.wt.ty order by 1",
             "1|1|-32768|9223372036854775807|1.5|-22500000000|"
             "-1234567890123456.7891|12345678901234567890123456789012345678|"
             "it's \\ -- /* $$ x|héllo wörld ☃|ab |1999-12-31;"
             "2|0|32767|-9223372036854775807|0|0.1|0.0001|-1||"
             "'; drop table x; --|a  |0001-01-01;"
             "3|~|~|~|~|~|~|~|~|~|~|~");
    /* what PostgreSQL itself stored, as text */
    char *ref = rows_text(f, "select \"we\"\"ird col\", b::text, si, bi, r, "
                          "d, dc, dn, v, u, c, dt from wt.ty order by 1",
                          true);
    const char *want =
        "1|true|-32768|9223372036854775807|1.5|-22500000000|"
        "-1234567890123456.7891|12345678901234567890123456789012345678|"
        "it's \\ -- /* $$ x|héllo wörld ☃|ab |1999-12-31;"
        "2|false|32767|-9223372036854775807|0|0.1|0.0001|-1||"
        "'; drop table x; --|a  |0001-01-01;"
        "3|~|~|~|~|~|~|~|~|~|~|~";
    if (strcmp(ref, want))
        fprintf(stderr, "stored: %s\nwant:   %s\n", ref, want);
    assert_string_equal(ref, want);
    free(ref);
    /* Trino's INSERT rules: integer into decimal and double is fine,
     * varchar into integer is not; narrowing that overflows fails */
    ok_n(f, "insert into ordersdb.wt.ty (\"we\"\"ird col\", dc, d) values "
            "(4, 5, 7)", 1);
    fails(f, "insert into ordersdb.wt.ty (\"we\"\"ird col\") values ('5')",
          "42804", "we\"ird col");
    fails(f, "insert into ordersdb.wt.ty (si) values (40000)", "22003", NULL);
    fails(f, "insert into ordersdb.wt.ty (nope) values (1)", "42S22", "nope");
    fails(f, "insert into ordersdb.wt.ty (si, bi) values (1)", "21S01", NULL);
    assert_string_equal(scalar(f, "select count(*) from ordersdb.wt.ty"), "4");
}

/* A tinyint column written to PostgreSQL, which has none, is a smallint
 * (as Trino's PostgreSQL connector makes it): every tinyint value fits,
 * and the table reads back as smallint. Values into it are checked
 * against tinyint only while they are tinyint expressions. */
static void test_tinyint_columns(void **state)
{
    fixture *f = *state;
    ok_n(f, "create table ordersdb.wt.tiny (id integer, a tinyint)", 0);
    ok_n(f, "insert into ordersdb.wt.tiny values (1, TINYINT '-128'), "
            "(2, cast(127 as tinyint)), (3, null)", 3);
    fails(f, "insert into ordersdb.wt.tiny values (4, TINYINT '100' + "
             "TINYINT '100')", "22003", "tinyint");
    ok_n(f, "create table ordersdb.wt.tiny2 as select id, a, "
            "cast(a / TINYINT '2' as tinyint) as h from ordersdb.wt.tiny", 3);
    char *ref = rows_text(f, "select table_name, column_name, data_type "
                          "from information_schema.columns where "
                          "table_schema = 'wt' and table_name like 'tiny%' "
                          "and column_name <> 'id' order by 1, 2", true);
    assert_string_equal(ref, "tiny|a|smallint;tiny2|a|smallint;"
                             "tiny2|h|smallint");
    free(ref);
    rows_are(f, "select id, a, h, typeof(a) from ordersdb.wt.tiny2 order by id",
             "1|-128|-64|smallint;2|127|63|smallint;3|~|~|smallint");
    /* a filter with a tinyint literal reaches PostgreSQL as int2 */
    rows_are(f, "select id from ordersdb.wt.tiny where a = TINYINT '127' or "
                "a < TINYINT '0' order by id", "1;2");
}

/* CTAS of the three-catalog customers model equals the expected CSV
 * (what PostgreSQL computes over one database); WITH NO DATA; IF NOT
 * EXISTS on an existing table writes nothing. */
static void test_ctas_federated(void **state)
{
    fixture *f = *state;
    char *model = ou_file_sql(ou_srcpath(
        "setup/data/jaffle_shop/customers_federated.sql"));
    ou_result want, got;
    size_t n = strlen(model) + 64;
    char *sql = malloc(n);
    assert_non_null(model);
    snprintf(sql, n, "create table ordersdb.wt.customers as %s", model);
    ok_n(f, sql, 100);
    snprintf(sql, n, "create table if not exists ordersdb.wt.customers as %s",
             model);
    ok_n(f, sql, 0);
    assert_int_equal(ou_csv_load(ou_srcpath(
        "setup/data/jaffle_shop/expected_customers.csv"), &want), 0);
    q(f, "select * from ordersdb.wt.customers order by customer_id", &got);
    assert_int_equal(got.ncols, want.ncols);
    assert_int_equal(got.nrows, want.nrows);
    for (int i = 0; i < want.nrows * want.ncols; i++) {
        const char *g = got.cells[i], *w = want.cells[i];
        if ((!g) != (!w) || (g && strcmp(g, w)))
            fprintf(stderr, "row %d col %d: got %s want %s\n",
                    i / want.ncols, i % want.ncols, g ? g : "NULL",
                    w ? w : "NULL");
        assert_true((!g) == (!w));
        if (g)
            assert_string_equal(g, w);
    }
    ou_result_free(&got);
    ou_result_free(&want);
    ok_n(f, "create table ordersdb.wt.empty (k, name) as select id, "
            "first_name from customersdb.public.customers with no data", 0);
    rows_are(f, "select count(*) from ordersdb.wt.empty", "0");
    rows_are(f, "show columns from ordersdb.wt.empty",
             "k|integer||;name|varchar(255)||");
    fails(f, "create table ordersdb.wt.n as select null as x", "42804",
          "unknown");
    fails(f, "create table ordersdb.wt.n as select 1, 2", "42000",
          "Column name not specified");
    free(sql);
    free(model);
}

/* INSERT ... SELECT across catalogs, 9,900 rows in one COPY stream. */
static void test_insert_select_federated(void **state)
{
    fixture *f = *state;
    ok_n(f, "create table ordersdb.wt.pairs (cid bigint, oid integer, "
            "amount decimal(12,2), name varchar(50))", 0);
    ok_n(f, "insert into ordersdb.wt.pairs select c.id, o.id, o.id * 1.5, "
            "c.first_name from customersdb.public.customers c "
            "cross join ordersdb.public.orders o", 9900);
    rows_are(f, "select count(*), sum(cid), sum(oid), sum(amount), "
                "count(distinct name) from ordersdb.wt.pairs",
             "9900|499950|495000|742500.00|79");
    char *ref = rows_text(f, "select count(*), sum(amount) from wt.pairs",
                          true);
    assert_string_equal(ref, "9900|742500.00");
    free(ref);
    /* column list: the others get their default (NULL) */
    ok_n(f, "insert into ordersdb.wt.pairs (oid, name) select id, "
            "'x' from paymentsdb.public.payments where id <= 3", 3);
    rows_are(f, "select count(*) from ordersdb.wt.pairs where cid is null",
             "3");
}

/* A failure half-way (engine cast error after rows were streamed, a
 * string too long for the column, a failed CTAS, a timeout) leaves the
 * target as it was, and no table behind. */
static void test_failure_leaves_target(void **state)
{
    fixture *f = *state;
    ok_n(f, "create table ordersdb.wt.f (k bigint, v integer, "
            "s varchar(3))", 0);
    ok_n(f, "insert into ordersdb.wt.f values (1, 1, 'a')", 1);
    /* the 9,000th row of the cross join divides by zero */
    fails(f, "insert into ordersdb.wt.f select c.id * 1000 + o.id, "
             "100 / (c.id * 1000 + o.id - 91050), 'b' "
             "from customersdb.public.customers c cross join "
             "ordersdb.public.orders o", "22012", NULL);
    fails(f, "insert into ordersdb.wt.f select id, id, 'toolong' "
             "from customersdb.public.customers", "22001",
          "Catalog 'ordersdb'");
    fails(f, "insert into ordersdb.wt.f select id, 3000000000 + id, 'c' "
             "from customersdb.public.customers", "22003", NULL);
    rows_are(f, "select * from ordersdb.wt.f", "1|1|a");
    fails(f, "create table ordersdb.wt.g as select id, 10 / (id - 77) q "
             "from customersdb.public.customers", "22012", NULL);
    fails(f, "select * from ordersdb.wt.g", "42S02", NULL);
    /* killed by the query timeout halfway through 111 M rows */
    SQLULEN one = 1;
    SQLSetStmtAttr(f->ms, SQL_ATTR_QUERY_TIMEOUT, (SQLPOINTER)one, 0);
    fails(f, "insert into ordersdb.wt.f select c.id, o.id, 'x' "
             "from customersdb.public.customers c, ordersdb.public.orders o, "
             "paymentsdb.public.payments p, customersdb.public.customers c2",
          "HYT00", NULL);
    SQLSetStmtAttr(f->ms, SQL_ATTR_QUERY_TIMEOUT, (SQLPOINTER)0, 0);
    rows_are(f, "select * from ordersdb.wt.f", "1|1|a");
    char *ref = rows_text(f, "select count(*) from wt.f", true);
    assert_string_equal(ref, "1");
    free(ref);
}

/* UPDATE / DELETE: whole statements when the catalog runs them, engine-
 * computed ones otherwise (arithmetic), both checked row by row. */
static void test_update_delete(void **state)
{
    fixture *f = *state;
    ok_n(f, "create table ordersdb.wt.u (id integer, v integer, "
            "s varchar(10))", 0);
    ok_n(f, "insert into ordersdb.wt.u select id, id * 10, first_name "
            "from customersdb.public.customers where id <= 6", 6);
    ok_n(f, "update ordersdb.wt.u set s = 'six' where id = 6", 1);
    ok_n(f, "update ordersdb.wt.u set v = v + 1, s = s || '!' "
            "where id in (1, 2)", 2);
    ok_n(f, "delete from ordersdb.wt.u where id = 5", 1);
    ok_n(f, "delete from ordersdb.wt.u where v / 3 = 10", 1);
    ok_n(f, "update ordersdb.wt.u set v = 0 where id > 100", 0);
    rows_are(f, "select id, v, s from ordersdb.wt.u order by id",
             "1|11|Michael!;2|21|Shawn!;4|40|Jimmy;6|60|six");
    fails(f, "update ordersdb.wt.u set v = 'x'", "42804", "v");
    fails(f, "update ordersdb.wt.u set nope = 1", "42S22", "nope");
    ok_n(f, "delete from ordersdb.wt.u", 4);
    rows_are(f, "select count(*) from ordersdb.wt.u", "0");
}

/* MERGE with a source from another catalog; a target row matched twice
 * is refused (21000) and changes nothing. */
static void test_merge(void **state)
{
    fixture *f = *state;
    ok_n(f, "create table ordersdb.wt.m (id integer, name varchar(20), "
            "n integer)", 0);
    ok_n(f, "insert into ordersdb.wt.m values (1, 'old1', 0), "
            "(2, 'old2', 0), (3, 'old3', 0), (50, 'keep', 0)", 4);
    ok_n(f, "merge into ordersdb.wt.m t using (select id, first_name "
            "from customersdb.public.customers where id <= 5) s "
            "on t.id = s.id "
            "when matched and s.id = 1 then delete "
            "when matched then update set name = s.first_name, n = t.n + 1 "
            "when not matched and s.id <> 4 then insert (id, name, n) "
            "values (s.id, 'new', -1)", 4);
    rows_are(f, "select id, name, n from ordersdb.wt.m order by id",
             "2|Shawn|1;3|Kathleen|1;5|new|-1;50|keep|0");
    fails(f, "merge into ordersdb.wt.m t using customersdb.public.customers "
             "s on t.id < 4 when matched then delete", "21000",
          "more than one source row");
    rows_are(f, "select count(*) from ordersdb.wt.m", "4");
}

/* Views over their own catalog are sent as SQL the catalog runs exactly
 * (scan, shipped filters, column renames); federated or computed ones are
 * refused with the advice to create a table. */
static void test_views(void **state)
{
    fixture *f = *state;
    ok_n(f, "create view ordersdb.wt.v1 as select id as order_id, status "
            "from ordersdb.public.orders where status = 'completed' and "
            "id < 50", 0);
    rows_are(f, "select count(*), min(order_id), max(order_id) from "
                "ordersdb.wt.v1", "44|2|49");
    ok_n(f, "create or replace view ordersdb.wt.v1 as select id, user_id "
            "from ordersdb.public.orders where id <= 3", 0);
    rows_are(f, "select * from ordersdb.wt.v1 order by id", "1|1;2|3;3|94");
    char *ref = rows_text(f, "select count(*) from wt.v1", true);
    assert_string_equal(ref, "3");
    free(ref);
    fails(f, "create view ordersdb.wt.v2 as select o.id from "
             "ordersdb.public.orders o join customersdb.public.customers c "
             "on c.id = o.user_id", "0A000", "materialized='table'");
    /* integer arithmetic runs in PostgreSQL exactly as in Trino (the
     * pushdown whitelist), decimal arithmetic does not */
    ok_n(f, "create view ordersdb.wt.v3 as select id + 1 as x from "
            "ordersdb.public.orders where id <= 2", 0);
    rows_are(f, "select x from ordersdb.wt.v3 order by x", "2;3");
    ok_n(f, "drop view ordersdb.wt.v3", 0);
    fails(f, "create view ordersdb.wt.v3 as select id * 1.5 as x from "
             "ordersdb.public.orders", "0A000", "create a table instead");
    fails(f, "create view ordersdb.wt.v4 as select count(*) as n from "
             "ordersdb.public.orders", "0A000", "create a table instead");
    ok_n(f, "drop view ordersdb.wt.v1", 0);
    ok_n(f, "drop view if exists ordersdb.wt.v1", 0);
    fails(f, "select * from ordersdb.wt.v1", "42S02", NULL);
}

/* Refusals: read-only catalogs (42501 naming it), the system catalog,
 * tables outside the allow-list, also with autocommit off. */
static void test_refusals(void **state)
{
    (void)state;
    char path[4096], cs[4200];
    ou_conn gov;
    SQLHSTMT gs = SQL_NULL_HSTMT;
    ou_diag d;
    ou_result r;
    snprintf(path, sizeof path, "%s/writes_ro.ini", getenv("MESH_TEST_DIR"));
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fprintf(fp, "[customersdb]\nconnector = postgresql\nhost = 127.0.0.1\n"
                "port = %s\ndbname = postgres\nuser = postgres\n"
                "password = postgres\nread_only = true\n\n"
                "[ordersdb]\nconnector = postgresql\nhost = 127.0.0.1\n"
                "port = %s\ndbname = postgres\nuser = postgres\n"
                "password = postgres\ntables = wt.allowed\n",
            getenv("MESH_PORT_CUSTOMERSDB"), getenv("MESH_PORT_ORDERSDB"));
    fclose(fp);
    snprintf(cs, sizeof cs, "Driver=MeshODBC;Catalogs=%s", path);
    assert_true(SQL_SUCCEEDED(ou_connect(&gov, cs, &d)));
    struct { const char *sql, *state, *part; } cases[] = {
        { "create table customersdb.public.x (a integer)", "42501",
          "catalog 'customersdb' is read-only" },
        { "insert into customersdb.public.customers select * from "
          "customersdb.public.customers", "42501", "read-only" },
        { "delete from customersdb.public.customers", "42501", "read-only" },
        { "drop table customersdb.public.customers", "42501", "read-only" },
        { "create table system.metadata.x (a integer)", "42501",
          "catalog 'system' is read-only" },
        { "create table ordersdb.wt.hidden (a integer)", "42501",
          "not exposed" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        SQLRETURN rc = ou_query(&gov, &gs, cases[i].sql, &r, &d);
        if (SQL_SUCCEEDED(rc) || strcmp(d.sqlstate, cases[i].state) ||
            !strstr(d.message, cases[i].part))
            fprintf(stderr, "%s -> %s %s\n", cases[i].sql, d.sqlstate,
                    d.message);
        assert_false(SQL_SUCCEEDED(rc));
        assert_string_equal(d.sqlstate, cases[i].state);
        assert_non_null(strstr(d.message, cases[i].part));
    }
    /* the allowed table can be created and written */
    SQLFreeHandle(SQL_HANDLE_STMT, gs);
    gs = SQL_NULL_HSTMT;
    SQLAllocHandle(SQL_HANDLE_STMT, gov.dbc, &gs);
    assert_true(SQL_SUCCEEDED(SQLExecDirect(gs, (SQLCHAR *)
        "create table ordersdb.wt.allowed (a integer)", SQL_NTS)));
    /* autocommit off: a read-only catalog still refuses (42501), and
     * the allowed table is written inside the transaction */
    SQLSetConnectAttr(gov.dbc, SQL_ATTR_AUTOCOMMIT,
                      (SQLPOINTER)SQL_AUTOCOMMIT_OFF, 0);
    SQLFreeStmt(gs, SQL_CLOSE);
    assert_int_equal(SQLExecDirect(gs, (SQLCHAR *)
        "delete from customersdb.public.customers", SQL_NTS), SQL_ERROR);
    ou_last_diag(SQL_HANDLE_STMT, gs, &d);
    assert_string_equal(d.sqlstate, "42501");
    SQLFreeStmt(gs, SQL_CLOSE);
    assert_true(SQL_SUCCEEDED(SQLExecDirect(gs, (SQLCHAR *)
        "insert into ordersdb.wt.allowed values (1)", SQL_NTS)));
    assert_true(SQL_SUCCEEDED(SQLEndTran(SQL_HANDLE_DBC, gov.dbc,
                                         SQL_COMMIT)));
    assert_true(SQL_SUCCEEDED(ou_query(&gov, &gs,
        "select count(*) from ordersdb.wt.allowed", &r, &d)));
    assert_string_equal(r.cells[0], "1");
    ou_result_free(&r);
    SQLEndTran(SQL_HANDLE_DBC, gov.dbc, SQL_ROLLBACK);
    SQLUSMALLINT tc = 99;
    SQLGetInfo(gov.dbc, SQL_TXN_CAPABLE, &tc, sizeof tc, NULL);
    assert_int_equal(tc, SQL_TC_ALL);
    SQLFreeHandle(SQL_HANDLE_STMT, gs);
    ou_disconnect(&gov);
}

/* INSERT with more or fewer values than targeted columns: 21S01 (ODBC's
 * "insert value list does not match column list"), for VALUES rows, a
 * query and MERGE's INSERT; nothing is written. */
static void test_value_count(void **state)
{
    fixture *f = *state;
    ok_n(f, "create table ordersdb.wt.vc (a integer, b varchar)", 0);
    fails(f, "insert into ordersdb.wt.vc values (1, 'x', 3)", "21S01",
          "Insert query has 3 columns, but 2 columns are targeted");
    fails(f, "insert into ordersdb.wt.vc (a) values (1, 'x')", "21S01",
          "Insert query has 2 columns, but 1 columns are targeted");
    fails(f, "insert into ordersdb.wt.vc values (1, 'x'), (2)", "21S01",
          "Insert query has 1 columns");
    fails(f, "insert into ordersdb.wt.vc select 1, 'x', 2", "21S01",
          "Insert query has 3 columns");
    fails(f, "merge into ordersdb.wt.vc t using (values 1) s(k) on t.a = s.k "
             "when not matched then insert values (s.k, 'y', 3)", "21S01",
          "MERGE INSERT has 3 values for 2 columns");
    rows_are(f, "select count(*) from ordersdb.wt.vc", "0");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ddl),
        cmocka_unit_test(test_types_roundtrip),
        cmocka_unit_test(test_tinyint_columns),
        cmocka_unit_test(test_ctas_federated),
        cmocka_unit_test(test_insert_select_federated),
        cmocka_unit_test(test_failure_leaves_target),
        cmocka_unit_test(test_update_delete),
        cmocka_unit_test(test_merge),
        cmocka_unit_test(test_views),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_value_count),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
