/*
 * tests/unit/parser/test_parse_write.c
 *   cmocka tests of the write statements of parse_write.c: every form
 *   printed back by parse_ast_print, non-reserved words (update, merge,
 *   schema, data...) still usable as names, syntax errors with their
 *   position, unsupported forms (0A000), and allocation failure.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "engine/parser/parser.h"

/* Parses sql and checks the canonical print equals expected. */
static void ok(const char *sql, const char *expected)
{
    eng_arena *a = eng_arena_create();
    eng_error err;
    ast_stmt *s = NULL;
    memset(&err, 0, sizeof err);
    eng_rc rc = parse_statement(sql, strlen(sql), a, &s, &err);
    if (rc != ENG_OK)
        fprintf(stderr, "parse failed: %s: %s\n  sql: %s\n", err.sqlstate,
                err.message, sql);
    assert_int_equal(rc, ENG_OK);
    char *txt = parse_ast_print(a, s);
    assert_non_null(txt);
    if (strcmp(txt, expected) != 0)
        fprintf(stderr, "sql:  %s\ngot:  %s\nwant: %s\n", sql, txt, expected);
    assert_string_equal(txt, expected);
    eng_arena_destroy(a);
}

/* Parses sql expecting sqlstate at pos (message checked if not NULL). */
static void fails(const char *sql, const char *sqlstate, int pos,
                  const char *msg)
{
    eng_arena *a = eng_arena_create();
    eng_error err;
    ast_stmt *s = (ast_stmt *)1;
    memset(&err, 0, sizeof err);
    eng_rc rc = parse_statement(sql, strlen(sql), a, &s, &err);
    if (rc == ENG_OK || strcmp(err.sqlstate, sqlstate) ||
        err.position != pos || (msg && strcmp(err.message, msg)))
        fprintf(stderr, "sql: %s\n  got %s at %d: %s\n", sql, err.sqlstate,
                err.position, err.message);
    assert_int_equal(rc, ENG_ERROR);
    assert_null(s);
    assert_string_equal(err.sqlstate, sqlstate);
    assert_int_equal(err.position, pos);
    if (msg)
        assert_string_equal(err.message, msg);
    eng_arena_destroy(a);
}

static void test_schemas(void **state)
{
    (void)state;
    ok("create schema s", "(create_schema s)");
    ok("CREATE SCHEMA IF NOT EXISTS c.\"S\"", "(create_schema c.\"S\" if_not_exists)");
    ok("drop schema c.s", "(drop_schema c.s)");
    ok("drop schema if exists s cascade", "(drop_schema s if_exists cascade)");
    ok("drop schema s restrict;", "(drop_schema s)");
    fails("create schema a.b.c", "42000", 18, NULL);
    fails("create schema s with (location = 'x')", "0A000", 17,
          "line 1:17: schema properties is not supported");
}

static void test_tables(void **state)
{
    (void)state;
    ok("create table t (a integer, b varchar(10) not null, c decimal(10,2), "
       "d double precision)",
       "(create_table t (column a integer) (column b varchar(10) not_null) "
       "(column c decimal(10,2)) (column d double))");
    ok("create table if not exists c.s.t (\"x y\" date)",
       "(create_table c.s.t if_not_exists (column \"x y\" date))");
    ok("create table t as select 1 a",
       "(ctas t (query (select (items (as (int 1) a)))))");
    ok("create table t (x, y) as (select a, b from u) with no data",
       "(ctas t no_data (cols x y) (query (query (select (items (col a) "
       "(col b)) (from (table u))))))");
    ok("create table t as select * from u with data",
       "(ctas t (query (select (items (star)) (from (table u)))))");
    ok("drop table t", "(drop_table t)");
    ok("drop table if exists a.b.c", "(drop_table a.b.c if_exists)");
    /* the SQL standard's constraints the corpora use (not Trino's) */
    ok("create table t (a integer primary key, b integer unique not null)",
       "(create_table t (column a integer primary_key) (column b integer "
       "not_null unique))");
    ok("create table t (a integer, b integer, primary key (a, b))",
       "(create_table t (column a integer) (column b integer) "
       "(primary_key a b))");
    ok("create unique index if not exists i on s.t (a, b desc)",
       "(create_index s.t if_not_exists (column a) (column b desc) "
       "unique i)");
    fails("create table t (a integer, foreign key (a) references u)", "0A000",
          28, NULL);
    fails("create table t (a)", "42000", 18, NULL);
    fails("create table t (a integer) with (format = 'orc')", "0A000", 28,
          NULL);
    fails("create table t (like u)", "0A000", 17, NULL);
    fails("create table t", "42000", 15, NULL);
}

static void test_alter(void **state)
{
    (void)state;
    ok("alter table t rename to u", "(alter_table t rename_to u)");
    ok("alter table if exists s.t rename to s2.u",
       "(alter_table s.t if_exists rename_to s2.u)");
    ok("alter table t add column c bigint not null",
       "(alter_table t add_column (column c bigint not_null))");
    ok("alter table t add column if not exists c bigint",
       "(alter_table t add_column if (column c bigint))");
    ok("alter table t drop column if exists c",
       "(alter_table t drop_column if c)");
    ok("alter table t rename column a to b",
       "(alter_table t rename_column a b)");
    fails("alter table t set properties x = 1", "0A000", 15, NULL);
    fails("alter table t rename a to b", "42000", 22, NULL);
}

static void test_insert(void **state)
{
    (void)state;
    ok("insert into t values (1, 'a'), (2, null)",
       "(insert t (row (int 1) (string 'a')) (row (int 2) null))");
    ok("insert into c.s.t (a, b) values (-1, 2 + 3)",
       "(insert c.s.t (cols a b) (row (neg (int 1)) (+ (int 2) (int 3))))");
    ok("insert into t values 1, 2", "(insert t (row (int 1)) (row (int 2)))");
    ok("insert into t select * from u",
       "(insert t (query (select (items (star)) (from (table u)))))");
    ok("insert into t (a) (select 1)",
       "(insert t (cols a) (query (query (select (items (int 1))))))");
    ok("insert into t (select 1)",
       "(insert t (query (query (select (items (int 1))))))");
    ok("insert into t with x as (select 1) select * from x",
       "(insert t (query (with (cte x (query (select (items (int 1)))))) "
       "(select (items (star)) (from (table x)))))");
    fails("insert t values (1)", "42000", 8, NULL);
    fails("insert into t", "42000", 14, NULL);
    fails("insert into t values (1,", "42000", 25, NULL);
}

static void test_update_delete(void **state)
{
    (void)state;
    ok("update t set a = 1, b = b || 'x' where c > 2",
       "(update t (set (a (int 1)) (b (|| (col b) (string 'x')))) "
       "(where (> (col c) (int 2))))");
    ok("update s.t set a = null", "(update s.t (set (a null)))");
    ok("delete from t", "(delete t)");
    ok("delete from c.s.t where a in (1, 2)",
       "(delete c.s.t (where (in (col a) (int 1) (int 2))))");
    fails("delete t", "42000", 8, NULL);
    fails("update t where a = 1", "42000", 10, NULL);
    /* update, merge, schema and data stay names */
    ok("select update, merge, schema, data, matched from update",
       "(query (select (items (col update) (col merge) (col schema) "
       "(col data) (col matched)) (from (table update))))");
}

static void test_merge(void **state)
{
    (void)state;
    ok("merge into t x using s on x.id = s.id "
       "when matched and s.d then delete "
       "when matched then update set v = s.v "
       "when not matched then insert (id, v) values (s.id, s.v)",
       "(merge t (alias x) (using (table s)) (on (= (col x.id) (col s.id))) "
       "(when_matched (and (col s.d)) delete) "
       "(when_matched (set (v (col s.v)))) "
       "(when_not_matched (insert (cols id v) (col s.id) (col s.v))))");
    ok("merge into c.s.t using (select 1 id) src on t.id = src.id "
       "when not matched then insert values (src.id)",
       "(merge c.s.t (using (subquery (query (select (items (as (int 1) id)))) "
       "src)) (on (= (col t.id) (col src.id))) (when_not_matched (insert "
       "(col src.id))))");
    fails("merge into t using s on a = b", "42000", 30, NULL);
    fails("merge into t using s on a = b when matched then insert values (1)",
          "42000", 49, "line 1:49: mismatched input 'insert'. Expecting: "
          "'DELETE', 'UPDATE'");
}

static void test_views(void **state)
{
    (void)state;
    ok("create view v as select 1", "(create_view v (query (select (items (int 1)))))");
    ok("create or replace view c.s.v as select a from t",
       "(create_view c.s.v or_replace (query (select (items (col a)) (from "
       "(table t)))))");
    ok("drop view if exists v", "(drop_view v if_exists)");
    fails("create or replace table t (a integer)", "42000", 19, NULL);
    fails("create materialized view v as select 1", "0A000", 8, NULL);
}

/* Every allocation of a long write statement fails in turn: HY001 or
 * success, never a crash or a leak (the arena holds everything). */
static void test_oom(void **state)
{
    (void)state;
    const char *sql = "merge into t x using (select * from s) y on x.a = y.a "
                      "when matched then update set b = y.b "
                      "when not matched then insert values (y.a, y.b)";
    int ok_at = 0;
    for (long n = 1; n < 100000; n++) {
        eng_arena *a = eng_arena_create();
        eng_error err;
        ast_stmt *s = NULL;
        assert_non_null(a);
        eng_alloc_fail_at(n);
        eng_rc rc = parse_statement(sql, strlen(sql), a, &s, &err);
        char *txt = rc == ENG_OK ? parse_ast_print(a, s) : NULL;
        eng_alloc_fail_at(0);
        if (rc == ENG_OK && txt) {
            ok_at = (int)n;
            eng_arena_destroy(a);
            break;
        }
        if (rc != ENG_OK) {
            assert_int_equal(rc, ENG_NOMEM);
            assert_string_equal(err.sqlstate, "HY001");
            assert_null(s);
        }
        eng_arena_destroy(a);
    }
    assert_true(ok_at > 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_schemas),
        cmocka_unit_test(test_tables),
        cmocka_unit_test(test_alter),
        cmocka_unit_test(test_insert),
        cmocka_unit_test(test_update_delete),
        cmocka_unit_test(test_merge),
        cmocka_unit_test(test_views),
        cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
