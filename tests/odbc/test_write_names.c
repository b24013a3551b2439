/*
 * tests/odbc/test_write_names.c
 *   Names and literals in the write paths test_writes.c does not cover,
 *   through the driver into the throwaway mesh (schema wn in ordersdb,
 *   dropped before and after), each checked twice: what PostgreSQL
 *   stored, read through psqlODBC as hex bytes, and what MeshODBC reads
 *   back, compared byte for byte with the C string sent:
 *   - hostile identifiers (embedded "", spaces, tab, non-ASCII, emoji)
 *     and literals (quotes, backslashes, $$, comment starts, tab,
 *     newline, emoji) through UPDATE ... SET (whole and engine-computed),
 *     MERGE (local and federated sources), ALTER TABLE RENAME TO / RENAME
 *     COLUMN / ADD COLUMN and CREATE VIEW;
 *   - names longer than PostgreSQL's 63 bytes (counted in bytes, not
 *     characters) refused with 42000 naming the catalog and the name,
 *     for every DDL form, with nothing created;
 *   - a 10,000-set parameter array INSERT is one remote transaction and
 *     one statement: a txid_current() column default and a FOR EACH
 *     STATEMENT trigger, made directly in PostgreSQL, say so.
 * Not here: the write paths' semantics (test_writes.c), transactions
 *   (test_txn.c), writes killed half-way (test_write_faults.c).
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

/* Hostile literals: every one must come back byte for byte. Written as
 * SQL they are quoted with sql_lit below (only ' is doubled: Trino's
 * string literals have no backslash escapes). */
static const char *const hostile[] = {
    "it's \\ -- /* $$ x",
    "tab\there",
    "new\nline\r\nend",
    "emoji 😀🎉 ☃ héllo",
    "'; drop table wn.x; --",
    "\\x00 \\n E'\\\\' $q$ $1 ?",
    "\"dq\" \"\"",
};
#define NHOSTILE (int)(sizeof hostile / sizeof hostile[0])

/* Runs a statement through MeshODBC; returns its SQLRowCount, or -2 on
 * failure with *d filled. */
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

static void ok_n(fixture *f, const char *sql, SQLLEN want)
{
    ou_diag d;
    SQLLEN n = exec_n(f, sql, &d);
    if (n != want)
        fprintf(stderr, "%s\n  -> %ld (want %ld) %s %s\n", sql, (long)n,
                (long)want, d.sqlstate, d.message);
    assert_int_equal(n, want);
}

/* Must fail with state and a message containing every non-NULL part. */
static void fails(fixture *f, const char *sql, const char *state,
                  const char *part1, const char *part2)
{
    ou_diag d;
    SQLLEN n = exec_n(f, sql, &d);
    if (n != -2 || strcmp(d.sqlstate, state) ||
        (part1 && !strstr(d.message, part1)) ||
        (part2 && !strstr(d.message, part2)))
        fprintf(stderr, "%s\n  -> %ld %s %s (want %s '%s' '%s')\n", sql,
                (long)n, d.sqlstate, d.message, state, part1 ? part1 : "",
                part2 ? part2 : "");
    assert_int_equal(n, -2);
    assert_string_equal(d.sqlstate, state);
    if (part1)
        assert_non_null(strstr(d.message, part1));
    if (part2)
        assert_non_null(strstr(d.message, part2));
}

static void q(fixture *f, const char *sql, ou_result *r)
{
    ou_diag d;
    SQLRETURN rc = ou_query(&f->mesh, &f->ms, sql, r, &d);
    if (!SQL_SUCCEEDED(rc))
        fprintf(stderr, "%s\n  -> %s %s\n", sql, d.sqlstate, d.message);
    assert_true(SQL_SUCCEEDED(rc));
}

/* A statement or query straight to PostgreSQL (psqlODBC). */
static void qref(fixture *f, const char *sql, ou_result *r)
{
    ou_diag d;
    SQLRETURN rc = ou_query(&f->ref, &f->rs, sql, r, &d);
    if (!SQL_SUCCEEDED(rc))
        fprintf(stderr, "ref: %s\n  -> %s %s\n", sql, d.sqlstate, d.message);
    assert_true(SQL_SUCCEEDED(rc));
}

static void ref_exec(fixture *f, const char *sql)
{
    ou_result r;
    qref(f, sql, &r);
    ou_result_free(&r);
}

/* The one value of a one-row, one-column query on PostgreSQL, as text
 * (static buffer; "NULL" for NULL). */
static const char *ref_scalar(fixture *f, const char *sql)
{
    static char buf[1024];
    ou_result r;
    qref(f, sql, &r);
    if (r.nrows != 1)
        fprintf(stderr, "ref: %s -> %d rows\n", sql, r.nrows);
    assert_int_equal(r.nrows, 1);
    snprintf(buf, sizeof buf, "%s", r.cells[0] ? r.cells[0] : "NULL");
    ou_result_free(&r);
    return buf;
}

/* s as lower-case hex (static buffer per call; two live at a time). */
static const char *hex(const char *s)
{
    static char bufs[2][1024];
    static int which;
    char *out = bufs[which ^= 1];
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s;
         *p && n + 3 < sizeof bufs[0]; p++)
        n += (size_t)snprintf(out + n, 3, "%02x", *p);
    out[n] = '\0';
    return out;
}

/* s as a SQL string literal ('' doubled), appended to buf. */
static void put_lit(char *buf, size_t cap, const char *s)
{
    size_t n = strlen(buf);
    if (n + 1 < cap)
        buf[n++] = '\'';
    for (; *s && n + 3 < cap; s++) {
        if (*s == '\'')
            buf[n++] = '\'';
        buf[n++] = *s;
    }
    buf[n++] = '\'';
    buf[n] = '\0';
}

/* What PostgreSQL stored in column col (an SQL expression over wn.tab)
 * of the row where key = k equals want, byte for byte. */
static void stored_is(fixture *f, const char *tab, const char *col,
                      const char *key, int k, const char *want)
{
    char sql[1024];
    snprintf(sql, sizeof sql, "select encode(convert_to(%s, 'UTF8'), "
             "'hex') from wn.%s where %s = %d", col, tab, key, k);
    const char *got = ref_scalar(f, sql);
    if (strcmp(got, hex(want)))
        fprintf(stderr, "stored %s.%s[%d]: %s\n  want: %s (%s)\n", tab, col,
                k, got, hex(want), want);
    assert_string_equal(got, hex(want));
}

/* MeshODBC reads back column col of the row where key = k as want. */
static void reads_is(fixture *f, const char *tab, const char *col,
                     const char *key, int k, const char *want)
{
    char sql[1024];
    ou_result r;
    snprintf(sql, sizeof sql, "select %s from ordersdb.wn.%s where %s = %d",
             col, tab, key, k);
    q(f, sql, &r);
    assert_int_equal(r.nrows, 1);
    assert_non_null(r.cells[0]);
    if (strcmp(r.cells[0], want))
        fprintf(stderr, "read %s.%s[%d]: %s\n  want: %s\n", tab, col, k,
                hex(r.cells[0]), hex(want));
    assert_string_equal(r.cells[0], want);
    ou_result_free(&r);
}

/* Both of the above. */
static void both_are(fixture *f, const char *tab, const char *col,
                     const char *key, int k, const char *want)
{
    stored_is(f, tab, col, key, k, want);
    reads_is(f, tab, col, key, k, want);
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
    exec_n(f, "drop schema if exists ordersdb.wn cascade", &d);
    if (exec_n(f, "create schema ordersdb.wn", &d) != 0) {
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
    exec_n(f, "drop schema if exists ordersdb.wn cascade", &d);
    SQLFreeHandle(SQL_HANDLE_STMT, f->ms);
    if (f->rs != SQL_NULL_HSTMT)
        SQLFreeHandle(SQL_HANDLE_STMT, f->rs);
    ou_disconnect(&f->mesh);
    ou_disconnect(&f->ref);
    free(f);
    return 0;
}

/* The target of the UPDATE and MERGE tests: hostile table and column
 * names, rows 1..NHOSTILE with plain values. */
#define TAB "\"we\"\"ird täb ☃\""
#define TAB_PG "\"we\"\"ird täb ☃\""
#define CID "\"i\"\"d\""
#define CVAL "\"v al\"\"ue 😀\""
#define CTAB "\"tab\tcol\""

static void make_target(fixture *f)
{
    char sql[4096];
    ok_n(f, "create table ordersdb.wn." TAB " (" CID " integer, " CVAL
            " varchar, " CTAB " varchar(100))", 0);
    for (int i = 0; i < NHOSTILE; i++) {
        snprintf(sql, sizeof sql, "insert into ordersdb.wn." TAB
                 " values (%d, 'plain', 'p')", i + 1);
        ok_n(f, sql, 1);
    }
}

/* UPDATE ... SET with hostile literals into hostile columns: whole (the
 * catalog runs it) and engine-computed (the WHERE reads another
 * catalog), plus expressions over the hostile values. */
static void test_update_hostile(void **state)
{
    fixture *f = *state;
    char sql[4096];
    make_target(f);
    for (int i = 0; i < NHOSTILE; i++) {
        snprintf(sql, sizeof sql, "update ordersdb.wn." TAB " set " CVAL
                 " = ");
        put_lit(sql, sizeof sql, hostile[i]);
        snprintf(sql + strlen(sql), sizeof sql - strlen(sql),
                 ", " CTAB " = ");
        put_lit(sql, sizeof sql, hostile[NHOSTILE - 1 - i]);
        snprintf(sql + strlen(sql), sizeof sql - strlen(sql),
                 " where " CID " = %d", i + 1);
        ok_n(f, sql, 1);
    }
    for (int i = 0; i < NHOSTILE; i++) {
        both_are(f, TAB_PG, CVAL, CID, i + 1, hostile[i]);
        both_are(f, TAB_PG, CTAB, CID, i + 1, hostile[NHOSTILE - 1 - i]);
    }
    /* engine-computed: the keys come from customersdb */
    snprintf(sql, sizeof sql, "update ordersdb.wn." TAB " set " CTAB " = "
             CVAL " || '''\t\"\\' where " CID " in (select id from "
             "customersdb.public.customers where id <= 3)");
    ok_n(f, sql, 3);
    for (int i = 0; i < 3; i++) {
        char want[512];
        snprintf(want, sizeof want, "%s'\t\"\\", hostile[i]);
        both_are(f, TAB_PG, CTAB, CID, i + 1, want);
    }
    /* a WHERE on a hostile value finds exactly its row */
    snprintf(sql, sizeof sql, "update ordersdb.wn." TAB " set " CID
             " = " CID " + 100 where " CVAL " = ");
    put_lit(sql, sizeof sql, hostile[2]);
    ok_n(f, sql, 1);
    both_are(f, TAB_PG, CVAL, CID, 103, hostile[2]);
    ok_n(f, "update ordersdb.wn." TAB " set " CID " = 3 where " CID
            " = 103", 1);
}

/* MERGE with hostile target and source column names and values: a
 * local source table and a federated source with computed values. */
static void test_merge_hostile(void **state)
{
    fixture *f = *state;
    char sql[8192];
    ok_n(f, "create table ordersdb.wn.\"src \"\"tab\"\" é\" (\"k\"\"ey\" "
            "integer, \"s v\tal ☃\" varchar)", 0);
    snprintf(sql, sizeof sql, "insert into ordersdb.wn.\"src \"\"tab\"\" "
             "é\" values ");
    for (int i = 0; i < NHOSTILE; i++) {
        snprintf(sql + strlen(sql), sizeof sql - strlen(sql), "%s(%d, ",
                 i ? ", " : "", i % 2 ? i + 1 : i + 11);
        put_lit(sql, sizeof sql, hostile[i]);
        strcat(sql, ")");
    }
    ok_n(f, sql, NHOSTILE);
    /* odd i match rows i+1 of the target (updated), even i are new keys
     * i+11 (inserted) */
    ok_n(f, "merge into ordersdb.wn." TAB " t using ordersdb.wn.\"src "
            "\"\"tab\"\" é\" s on t." CID " = s.\"k\"\"ey\" "
            "when matched then update set " CVAL " = s.\"s v\tal ☃\", "
            CTAB " = 'upd''\n' "
            "when not matched then insert (" CID ", " CVAL ", " CTAB ") "
            "values (s.\"k\"\"ey\", s.\"s v\tal ☃\" || '😀', 'ins\\')",
         NHOSTILE);
    for (int i = 0; i < NHOSTILE; i++) {
        if (i % 2) {
            both_are(f, TAB_PG, CVAL, CID, i + 1, hostile[i]);
            both_are(f, TAB_PG, CTAB, CID, i + 1, "upd'\n");
        } else {
            char want[512];
            snprintf(want, sizeof want, "%s😀", hostile[i]);
            both_are(f, TAB_PG, CVAL, CID, i + 11, want);
            both_are(f, TAB_PG, CTAB, CID, i + 11, "ins\\");
        }
    }
    /* a federated source whose column names and values are hostile */
    ok_n(f, "merge into ordersdb.wn." TAB " t using (select id as "
            "\"c\"\"id ☃\", first_name || '''\"\t😀\\' as \"n a\"\"me\" "
            "from customersdb.public.customers where id in (1, 2, 30)) s "
            "on t." CID " = s.\"c\"\"id ☃\" "
            "when matched and s.\"c\"\"id ☃\" = 2 then delete "
            "when matched then update set " CTAB " = s.\"n a\"\"me\" "
            "when not matched then insert (" CID ", " CVAL ") values "
            "(s.\"c\"\"id ☃\", '$$' || s.\"n a\"\"me\" || '\n')", 3);
    both_are(f, TAB_PG, CTAB, CID, 1, "Michael'\"\t😀\\");
    both_are(f, TAB_PG, CVAL, CID, 30, "$$Christina'\"\t😀\\\n");
    assert_string_equal(ref_scalar(f, "select count(*) from wn." TAB_PG
                                   " where " CID " = 2"), "0");
    assert_string_equal(ref_scalar(f, "select count(*) from wn." TAB_PG),
                        "11");
}

/* A column name as PostgreSQL's catalog stores it (hex), by position. */
static const char *pg_attname(fixture *f, const char *rel, int attnum)
{
    char sql[1024];
    snprintf(sql, sizeof sql, "select encode(convert_to(attname::text, "
             "'UTF8'), 'hex') from pg_attribute where attrelid = "
             "'wn.%s'::regclass and attnum = %d and not attisdropped",
             rel, attnum);
    return ref_scalar(f, sql);
}

/* ALTER TABLE RENAME TO / RENAME COLUMN / ADD COLUMN with hostile
 * names, the catalog checked in pg_class/pg_attribute and the names read
 * back through MeshODBC (SQLDescribeCol, SHOW COLUMNS); CREATE VIEW over
 * the renamed table. */
static void test_alter_and_view_hostile(void **state)
{
    fixture *f = *state;
    ou_result r;
    ok_n(f, "create table ordersdb.wn.plain (a integer, b varchar)", 0);
    ok_n(f, "insert into ordersdb.wn.plain values (1, 'x'), (2, 'y')", 2);
    ok_n(f, "alter table ordersdb.wn.plain rename to \"re \"\"named\"\" "
            "😀\tt\"", 0);
    assert_string_equal(ref_scalar(f, "select encode(convert_to("
        "relname::text, 'UTF8'), 'hex') from pg_class where relnamespace = "
        "'wn'::regnamespace and relname like 're %'"),
        hex("re \"named\" 😀\tt"));
    assert_string_equal(ref_scalar(f, "select count(*) from pg_class where "
        "relnamespace = 'wn'::regnamespace and relname = 'plain'"), "0");
#define REN "\"re \"\"named\"\" 😀\tt\""
    ok_n(f, "alter table ordersdb.wn." REN " rename column a to "
            "\"a\"\"b c\nd\"", 0);
    ok_n(f, "alter table ordersdb.wn." REN " add column \"ad\"\"ded é "
            "☃\" varchar(30)", 0);
    ok_n(f, "alter table ordersdb.wn." REN " rename column b to \"\"\"\"", 0);
    assert_string_equal(pg_attname(f, REN, 1), hex("a\"b c\nd"));
    assert_string_equal(pg_attname(f, REN, 2), hex("\""));
    assert_string_equal(pg_attname(f, REN, 3), hex("ad\"ded é ☃"));
    /* the new names are seen at once, and written through */
    ok_n(f, "update ordersdb.wn." REN " set \"ad\"\"ded é ☃\" = 'it''s ☃' "
            "|| \"\"\"\" where \"a\"\"b c\nd\" = 2", 1);
    both_are(f, REN, "\"ad\"\"ded é ☃\"", "\"a\"\"b c\nd\"", 2, "it's ☃y");
    q(f, "select * from ordersdb.wn." REN " order by 1", &r);
    assert_int_equal(r.ncols, 3);
    assert_string_equal(r.names[0], "a\"b c\nd");
    assert_string_equal(r.names[1], "\"");
    assert_string_equal(r.names[2], "ad\"ded é ☃");
    assert_int_equal(r.nrows, 2);
    assert_null(r.cells[2]);
    ou_result_free(&r);
    q(f, "show columns from ordersdb.wn." REN, &r);
    assert_int_equal(r.nrows, 3);
    assert_string_equal(r.cells[0 * r.ncols], "a\"b c\nd");
    assert_string_equal(r.cells[1 * r.ncols], "\"");
    assert_string_equal(r.cells[2 * r.ncols], "ad\"ded é ☃");
    ou_result_free(&r);

    /* a view over it, with a hostile name, column alias and filter */
    ok_n(f, "create view ordersdb.wn.\"vi\"\"ew ☃ \" as select "
            "\"a\"\"b c\nd\" as \"al\"\"ias 😀\", \"\"\"\" from "
            "ordersdb.wn." REN " where \"\"\"\" <> 'it''s \\ -- /* x'", 0);
    assert_string_equal(ref_scalar(f, "select count(*) from "
        "wn.\"vi\"\"ew ☃ \""), "2");
    assert_string_equal(pg_attname(f, "\"vi\"\"ew ☃ \"", 1),
                        hex("al\"ias 😀"));
    q(f, "select * from ordersdb.wn.\"vi\"\"ew ☃ \" order by 1", &r);
    assert_int_equal(r.ncols, 2);
    assert_string_equal(r.names[0], "al\"ias 😀");
    assert_string_equal(r.names[1], "\"");
    assert_int_equal(r.nrows, 2);
    assert_string_equal(r.cells[0], "1");
    assert_string_equal(r.cells[1], "x");
    assert_string_equal(r.cells[3], "y");
    ou_result_free(&r);
    /* the view's filter literal is data, not SQL */
    ok_n(f, "insert into ordersdb.wn." REN " (\"a\"\"b c\nd\", \"\"\"\") "
            "values (3, 'it''s \\ -- /* x')", 1);
    assert_string_equal(ref_scalar(f, "select count(*) from "
        "wn.\"vi\"\"ew ☃ \""), "2");
    q(f, "select count(*) from ordersdb.wn.\"vi\"\"ew ☃ \"", &r);
    assert_string_equal(r.cells[0], "2");
    ou_result_free(&r);
    ok_n(f, "drop view ordersdb.wn.\"vi\"\"ew ☃ \"", 0);
    assert_string_equal(ref_scalar(f, "select count(*) from pg_class where "
        "relnamespace = 'wn'::regnamespace and relkind = 'v'"), "0");
#undef REN
}

/* 21 snowmen, 63 bytes */
#define SNOW21 "\"☃☃☃☃☃☃☃☃☃☃☃☃☃☃☃☃☃☃☃☃☃\""

/* Names longer than the 63 bytes PostgreSQL keeps are refused (42000,
 * naming the catalog and the name) for every DDL form, counted in bytes;
 * nothing is created or renamed. 63 bytes pass. */
static void test_long_names(void **state)
{
    fixture *f = *state;
    char n63[64], n64[65], snow21[64], snow22[67], sql[1024];
    memset(n63, 'a', 63);
    n63[63] = '\0';
    memset(n64, 'b', 64);
    n64[64] = '\0';
    snow21[0] = snow22[0] = '\0';
    for (int i = 0; i < 21; i++)
        strcat(snow21, "☃");      /* 3 bytes each: 63 */
    snprintf(snow22, sizeof snow22, "%s☃", snow21);     /* 66 */

    /* 63 bytes are fine, ASCII and multi-byte */
    snprintf(sql, sizeof sql, "create table ordersdb.wn.%s (\"%s\" integer)",
             n63, snow21);
    ok_n(f, sql, 0);
    snprintf(sql, sizeof sql, "insert into ordersdb.wn.%s values (7)", n63);
    ok_n(f, sql, 1);
    snprintf(sql, sizeof sql, "select \"%s\" from wn.%s", snow21, n63);
    assert_string_equal(ref_scalar(f, sql), "7");

    struct { const char *fmt; const char *name; } cases[] = {
        { "create table ordersdb.wn.%s (a integer)", n64 },
        { "create table ordersdb.wn.\"%s\" (a integer)", snow22 },
        { "create table ordersdb.wn.lc (a integer, %s varchar)", n64 },
        { "create table ordersdb.wn.lc (\"%s\" integer)", snow22 },
        { "create table ordersdb.wn.lc as select 1 as %s", n64 },
        { "create schema ordersdb.%s", n64 },
        { "create schema if not exists ordersdb.\"%s\"", snow22 },
        { "create table ordersdb.%s.t (a integer)", n64 },
        { "alter table ordersdb.wn.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
          "aaaaaaaaaaaaaaaaaaaaaaaa rename to %s", n64 },
        { "alter table ordersdb.wn.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
          "aaaaaaaaaaaaaaaaaaaaaaaa rename column " SNOW21 " to %s", n64 },
        { "alter table ordersdb.wn.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
          "aaaaaaaaaaaaaaaaaaaaaaaa add column %s integer", n64 },
        { "create view ordersdb.wn.%s as select id from "
          "ordersdb.public.orders", n64 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char h[41];
        snprintf(sql, sizeof sql, cases[i].fmt, cases[i].name);
        /* the message quotes the name's first 40 bytes; a multi-byte
         * name is cut there on a character boundary or not at all, so
         * look for its first 39 bytes (13 snowmen) */
        snprintf(h, cases[i].name == n64 ? 41 : 40, "%s", cases[i].name);
        fails(f, sql, "42000", "Catalog 'ordersdb'", h);
    }
    /* nothing was created, renamed or added */
    assert_string_equal(ref_scalar(f, "select count(*) from pg_namespace "
        "where octet_length(nspname::text) >= 60"), "0");
    /* (PostgreSQL would have cut a name to 63 bytes) */
    assert_string_equal(ref_scalar(f, "select string_agg(relname, ',' "
        "order by relname) from pg_class where relnamespace = "
        "'wn'::regnamespace and (octet_length(relname::text) >= 60 or "
        "relname = 'lc')"), n63);
    snprintf(sql, sizeof sql, "select string_agg(attname, ',' order by "
             "attnum) from pg_attribute where attrelid = 'wn.%s'::regclass "
             "and attnum > 0 and not attisdropped", n63);
    assert_string_equal(ref_scalar(f, sql), snow21);
    snprintf(sql, sizeof sql, "drop table ordersdb.wn.%s", n63);
    ok_n(f, sql, 0);
}

/* A 10,000-set parameter array INSERT with hostile values: one remote
 * transaction (every row's txid_current() default is the same) and one
 * statement (a FOR EACH STATEMENT trigger logs once), all rows stored
 * byte for byte. */
#define NSETS 10000
static void test_param_array_one_txn(void **state)
{
    fixture *f = *state;
    ou_result r;
    SQLHSTMT st;
    static SQLINTEGER keys[NSETS];
    static char vals[NSETS][32];
    static SQLLEN klen[NSETS], vlen[NSETS];
    static SQLUSMALLINT status[NSETS];
    SQLULEN processed = 0;
    SQLLEN n = -1;
    long long want_sum = 0, want_bytes = 0;
    char sql[256];

    ref_exec(f, "create table wn.pa (k integer primary key, "
                "v varchar(40), tx bigint default txid_current())");
    ref_exec(f, "create table wn.pa_log (tx bigint, op text, "
                "lvl text)");
    ref_exec(f, "create function wn.pa_log_fn() returns trigger "
                "language plpgsql as 'begin insert into wn.pa_log "
                "values (txid_current(), tg_op, tg_level); return null; "
                "end'");
    ref_exec(f, "create trigger pa_stmt after insert on wn.pa for each "
                "statement execute procedure wn.pa_log_fn()");

    for (int i = 0; i < NSETS; i++) {
        keys[i] = i + 1;
        klen[i] = 0;
        snprintf(vals[i], sizeof vals[i], "%s%d",
                 (const char *[]){ "it's\\", "tab\t\"", "☃😀'", "$$--",
                                   "nl\n" }[i % 5], i);
        vlen[i] = SQL_NTS;
        want_sum += i + 1;
        want_bytes += (long long)strlen(vals[i]);
    }
    vlen[17] = SQL_NULL_DATA;
    want_bytes -= (long long)strlen(vals[17]);

    assert_true(SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, f->mesh.dbc,
                                             &st)));
    assert_true(SQL_SUCCEEDED(SQLPrepare(st, (SQLCHAR *)
        "insert into ordersdb.wn.pa (k, v) values (?, ?)", SQL_NTS)));
    SQLSetStmtAttr(st, SQL_ATTR_PARAM_BIND_TYPE,
                   (SQLPOINTER)SQL_PARAM_BIND_BY_COLUMN, 0);
    SQLSetStmtAttr(st, SQL_ATTR_PARAMSET_SIZE, (SQLPOINTER)(SQLULEN)NSETS,
                   0);
    SQLSetStmtAttr(st, SQL_ATTR_PARAM_STATUS_PTR, status, 0);
    SQLSetStmtAttr(st, SQL_ATTR_PARAMS_PROCESSED_PTR, &processed, 0);
    assert_true(SQL_SUCCEEDED(SQLBindParameter(st, 1, SQL_PARAM_INPUT,
        SQL_C_SLONG, SQL_INTEGER, 0, 0, keys, 0, klen)));
    assert_true(SQL_SUCCEEDED(SQLBindParameter(st, 2, SQL_PARAM_INPUT,
        SQL_C_CHAR, SQL_VARCHAR, 40, 0, vals, sizeof vals[0], vlen)));
    SQLRETURN rc = SQLExecute(st);
    if (!SQL_SUCCEEDED(rc)) {
        ou_diag d;
        ou_last_diag(SQL_HANDLE_STMT, st, &d);
        fprintf(stderr, "param array: %s %s\n", d.sqlstate, d.message);
    }
    assert_true(SQL_SUCCEEDED(rc));
    SQLRowCount(st, &n);
    assert_int_equal(n, NSETS);
    assert_int_equal(processed, NSETS);
    for (int i = 0; i < NSETS; i++)
        if (status[i] != SQL_PARAM_SUCCESS) {
            fprintf(stderr, "set %d: status %d\n", i, status[i]);
            assert_int_equal(status[i], SQL_PARAM_SUCCESS);
        }
    SQLFreeHandle(SQL_HANDLE_STMT, st);

    /* one transaction, one statement, the trigger's in the same one */
    snprintf(sql, sizeof sql, "%d|1|%lld|%lld|1", NSETS, want_sum,
             want_bytes);
    qref(f, "select count(*), count(distinct tx), sum(k), "
            "sum(octet_length(v)), count(*) filter (where v is null) "
            "from wn.pa", &r);
    char got[256];
    snprintf(got, sizeof got, "%s|%s|%s|%s|%s", r.cells[0], r.cells[1],
             r.cells[2], r.cells[3], r.cells[4]);
    ou_result_free(&r);
    if (strcmp(got, sql))
        fprintf(stderr, "pa: %s want %s\n", got, sql);
    assert_string_equal(got, sql);
    assert_string_equal(ref_scalar(f, "select count(*) || '|' || "
        "string_agg(op || '/' || lvl, ',') || '|' || count(*) filter "
        "(where tx = (select min(tx) from wn.pa)) from wn.pa_log"),
        "1|INSERT/STATEMENT|1");
    /* a few rows byte for byte, through PostgreSQL and MeshODBC */
    for (int i = 0; i < 7; i++) {
        int k = i == 6 ? NSETS : i * 1013 + 1;
        both_are(f, "pa", "v", "k", k, vals[k - 1]);
    }
    assert_string_equal(ref_scalar(f, "select count(*) from wn.pa where "
                                   "k = 18 and v is null"), "1");
    q(f, "select count(*), count(distinct v) from "
         "ordersdb.wn.pa", &r);
    assert_string_equal(r.cells[0], "10000");
    assert_string_equal(r.cells[1], "9999");
    ou_result_free(&r);
}

/* A parameter array that fails leaves the target as it was, and its
 * status array says no set was written: a set the engine cannot cast
 * (22003, before anything is sent) and a set PostgreSQL refuses mid-COPY
 * (duplicate key, 23505). Runs after test_param_array_one_txn (wn.pa
 * holds keys 1..10,000, its trigger logged once). */
static void test_param_array_fails_whole(void **state)
{
    fixture *f = *state;
    static SQLBIGINT keys[NSETS];
    static SQLLEN klen[NSETS];
    static SQLUSMALLINT status[NSETS];
    SQLULEN processed = 0;
    SQLHSTMT st;
    ou_diag d;
    struct { int bad; SQLBIGINT key; const char *state; } cases[] = {
        { 4999, 3000000000LL, "22003" },    /* over integer: engine */
        { 6999, 17, "23505" },              /* key 17 exists: remote */
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        for (int i = 0; i < NSETS; i++) {
            keys[i] = 20001 + i;
            klen[i] = 0;
            status[i] = 99;
        }
        keys[cases[c].bad] = cases[c].key;
        assert_true(SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT,
                                                 f->mesh.dbc, &st)));
        assert_true(SQL_SUCCEEDED(SQLPrepare(st, (SQLCHAR *)
            "insert into ordersdb.wn.pa (k, v) values (?, 'x')", SQL_NTS)));
        SQLSetStmtAttr(st, SQL_ATTR_PARAMSET_SIZE,
                       (SQLPOINTER)(SQLULEN)NSETS, 0);
        SQLSetStmtAttr(st, SQL_ATTR_PARAM_STATUS_PTR, status, 0);
        SQLSetStmtAttr(st, SQL_ATTR_PARAMS_PROCESSED_PTR, &processed, 0);
        assert_true(SQL_SUCCEEDED(SQLBindParameter(st, 1, SQL_PARAM_INPUT,
            SQL_C_SBIGINT, SQL_BIGINT, 0, 0, keys, 0, klen)));
        assert_int_equal(SQLExecute(st), SQL_ERROR);
        ou_last_diag(SQL_HANDLE_STMT, st, &d);
        if (strcmp(d.sqlstate, cases[c].state))
            fprintf(stderr, "case %zu: %s %s\n", c, d.sqlstate, d.message);
        assert_string_equal(d.sqlstate, cases[c].state);
        int nsuccess = 0, nerror = 0;
        for (int i = 0; i < NSETS; i++) {
            nsuccess += status[i] == SQL_PARAM_SUCCESS;
            nerror += status[i] == SQL_PARAM_ERROR;
        }
        if (nsuccess || status[cases[c].bad] != SQL_PARAM_ERROR)
            fprintf(stderr, "case %zu: %d sets SQL_PARAM_SUCCESS, %d "
                    "SQL_PARAM_ERROR, the bad one %d\n", c, nsuccess,
                    nerror, status[cases[c].bad]);
        /* nothing was written, so no set may claim it was */
        assert_int_equal(nsuccess, 0);
        assert_int_equal(status[cases[c].bad], SQL_PARAM_ERROR);
        SQLFreeHandle(SQL_HANDLE_STMT, st);
        assert_string_equal(ref_scalar(f, "select count(*) || '|' || "
            "max(k) from wn.pa"), "10000|10000");
        assert_string_equal(ref_scalar(f, "select count(*) from wn.pa_log"),
                            "1");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_update_hostile),
        cmocka_unit_test(test_merge_hostile),
        cmocka_unit_test(test_alter_and_view_hostile),
        cmocka_unit_test(test_long_names),
        cmocka_unit_test(test_param_array_one_txn),
        cmocka_unit_test(test_param_array_fails_whole),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
