/*
 * tests/unit/parser/test_parser.c
 *   cmocka tests of parse_statement and parse_ast_print: every statement and
 *   query construct, Trino precedence, non-reserved words as names, the
 *   two jaffle_shop federated queries, syntax errors with position and
 *   "line L:C: mismatched input ..." messages, nesting limits (54001)
 *   and huge-but-flat inputs, and allocation failure at every step.
 * The jaffle queries are embedded; if MESH_JAFFLE_DIR is set, the files
 * customers_federated.sql / orders_federated.sql there are parsed too.
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
    eng_rc rc;
    memset(&err, 0, sizeof err);
    rc = parse_statement(sql, strlen(sql), a, &s, &err);
    if (rc != ENG_OK)
        fprintf(stderr, "parse failed: %s: %s\n  sql: %s\n", err.sqlstate,
                err.message, sql);
    assert_int_equal(rc, ENG_OK);
    assert_non_null(s);
    if (expected) {
        char *txt = parse_ast_print(a, s);
        assert_non_null(txt);
        if (strcmp(txt, expected) != 0)
            fprintf(stderr, "sql:  %s\ngot:  %s\nwant: %s\n", sql, txt,
                    expected);
        assert_string_equal(txt, expected);
    }
    eng_arena_destroy(a);
}

/* Parses sql expecting failure with sqlstate at pos; message checked if
 * msg is not NULL. */
static void fails(const char *sql, size_t len, const char *sqlstate, int pos,
                  const char *msg)
{
    eng_arena *a = eng_arena_create();
    eng_error err;
    ast_stmt *s = (ast_stmt *)1;
    eng_rc rc;
    memset(&err, 0, sizeof err);
    rc = parse_statement(sql, len, a, &s, &err);
    if (rc == ENG_OK)
        fprintf(stderr, "unexpectedly parsed: %.200s\n", sql);
    assert_int_equal(rc, ENG_ERROR);
    assert_null(s);
    if (strcmp(err.sqlstate, sqlstate) != 0 || err.position != pos ||
        (msg && strcmp(err.message, msg) != 0))
        fprintf(stderr, "sql: %.200s\n  got %s at %d: %s\n", sql,
                err.sqlstate, err.position, err.message);
    assert_string_equal(err.sqlstate, sqlstate);
    assert_int_equal(err.position, pos);
    if (msg)
        assert_string_equal(err.message, msg);
    eng_arena_destroy(a);
}

static void fails_s(const char *sql, const char *sqlstate, int pos,
                    const char *msg)
{
    fails(sql, strlen(sql), sqlstate, pos, msg);
}

#define Q(body) "(query " body ")"
#define S1(items) "(select (items " items "))"

static void test_brief_example(void **state)
{
    (void)state;
    ok("select a, b + 1 as x from customersdb.public.customers c "
       "left join o on c.id = o.user_id",
       "(query (select (items (col a) (as (+ (col b) (int 1)) x)) (from "
       "(join left (table customersdb.public.customers c) (table o) (on (= "
       "(col c.id) (col o.user_id)))))))");
}

static void test_literals(void **state)
{
    (void)state;
    ok("SELECT 1, -1, +2, 9223372036854775807, 9223372036854775808, 1.5, .5,"
       " 1., 1e5, 1.5E-3, 'it''s', NULL, TRUE, false",
       Q(S1("(int 1) (neg (int 1)) (pos (int 2)) (int 9223372036854775807) "
            "(decimal 9223372036854775808) (decimal 1.5) (decimal .5) "
            "(decimal 1.) (double 1e5) (double 1.5E-3) (string 'it''s') "
            "null true false")));
    ok("select DATE '2018-01-01', timestamp '2018-01-01 10:00:00', "
       "double precision '1.5', decimal '1.50'",
       Q(S1("(typed date '2018-01-01') (typed timestamp "
            "'2018-01-01 10:00:00') (typed double '1.5') "
            "(typed decimal '1.50')")));
    {
        static const char sql[] = "select 'a\0b'";
        eng_arena *a = eng_arena_create();
        eng_error err;
        ast_stmt *s;
        assert_int_equal(parse_statement(sql, sizeof sql - 1, a, &s, &err),
                         ENG_OK);
        ast_expr *e = s->query->body->select->items[0].expr;
        assert_int_equal(e->kind, AE_STRING);
        assert_int_equal(e->text_len, 3);
        assert_memory_equal(e->text, "a\0b", 3);
        assert_string_equal(parse_ast_print(a, s),
                            Q(S1("(string 'a\\x00b')")));
        eng_arena_destroy(a);
    }
}

static void test_params(void **state)
{
    eng_arena *a = eng_arena_create();
    eng_error err;
    ast_stmt *s;
    const char *sql = "select ? from t where a = ? and b in (?, ?) limit ?";
    (void)state;
    assert_int_equal(parse_statement(sql, strlen(sql), a, &s, &err), ENG_OK);
    assert_int_equal(s->nparams, 5);
    assert_string_equal(parse_ast_print(a, s),
                        "(query (select (items (param 0)) (from (table t)) "
                        "(where (and (= (col a) (param 1)) (in (col b) "
                        "(param 2) (param 3))))) (limit (param 4)))");
    eng_arena_destroy(a);
}

static void test_identifiers(void **state)
{
    (void)state;
    ok("SELECT FooBar, \"FooBar\", \"a\"\"b\", T.Col, \"from\" FROM Cat.Sch.T",
       Q("(select (items (col foobar) (col \"FooBar\") (col \"a\"\"b\") "
         "(col t.col) (col from)) (from (table cat.sch.t)))"));
    /* non-reserved words are ordinary names */
    ok("select date, status, first, last, show, tables, explain, asc, "
       "nulls, offset, try_cast, use, catalogs, columns, schemas, row, "
       "limit from date",
       Q("(select (items (col date) (col status) (col first) (col last) "
         "(col show) (col tables) (col explain) (col asc) (col nulls) "
         "(col offset) (col try_cast) (col use) (col catalogs) "
         "(col columns) (col schemas) (col row) (col limit)) "
         "(from (table date)))"));
    ok("select a.b.c.d from t", Q("(select (items (col a.b.c.d)) "
                                  "(from (table t)))"));
    ok("select x date from t first",
       Q("(select (items (as (col x) date)) (from (table t first)))"));
    fails_s("select a.b.c.d.e from t", "42000", 15, NULL);
    fails_s("select from from t", "42000", 8, NULL);
    fails_s("select escape from t", "42000", 8, NULL);
}

static void test_select_items(void **state)
{
    (void)state;
    ok("select *, t.*, cat.sch.t.*, a x, b as y, c \"Z\" from t",
       Q("(select (items (star) (star t) (star cat.sch.t) (as (col a) x) "
         "(as (col b) y) (as (col c) \"Z\")) (from (table t)))"));
    ok("select distinct a from t",
       Q("(select distinct (items (col a)) (from (table t)))"));
    ok("select all a from t", Q("(select (items (col a)) (from (table t)))"));
    ok("select 1", Q(S1("(int 1)")));
}

static void test_precedence(void **state)
{
    (void)state;
    ok("select a || b + c * d - e / f % g",
       Q(S1("(|| (col a) (- (+ (col b) (* (col c) (col d))) "
            "(% (/ (col e) (col f)) (col g))))")));
    ok("select a + b || c", Q(S1("(|| (+ (col a) (col b)) (col c))")));
    ok("select -a * b, - - 1, -(1 + 2)",
       Q(S1("(* (neg (col a)) (col b)) (neg (neg (int 1))) "
            "(neg (+ (int 1) (int 2)))")));
    ok("select a or b and not c = d",
       Q(S1("(or (col a) (and (col b) (not (= (col c) (col d)))))")));
    ok("select not a and b", Q(S1("(and (not (col a)) (col b))")));
    ok("select a = b or c <> d and e != f",
       Q(S1("(or (= (col a) (col b)) (and (<> (col c) (col d)) "
            "(<> (col e) (col f))))")));
    ok("select a < b, a <= b, a > b, a >= b, a + 1 = b * 2",
       Q(S1("(< (col a) (col b)) (<= (col a) (col b)) (> (col a) (col b)) "
            "(>= (col a) (col b)) (= (+ (col a) (int 1)) (* (col b) "
            "(int 2)))")));
    ok("select 1 - 2 - 3, 8 / 4 / 2",
       Q(S1("(- (- (int 1) (int 2)) (int 3)) (/ (/ (int 8) (int 4)) "
            "(int 2))")));
    ok("select (a or b) and c",
       Q(S1("(and (or (col a) (col b)) (col c))")));
    /* predicates do not chain (Trino) */
    fails_s("select 1 = 2 = 3", "42000", 14, NULL);
    fails_s("select a is null is null", "42000", 18, NULL);
}

static void test_predicates(void **state)
{
    (void)state;
    ok("select a is null, a is not null, a is distinct from b, "
       "a is not distinct from b",
       Q(S1("(is_null (col a)) (is_not_null (col a)) (is_distinct (col a) "
            "(col b)) (is_not_distinct (col a) (col b))")));
    ok("select a between 1 and 2 and b not between c + 1 and d",
       Q(S1("(and (between (col a) (int 1) (int 2)) (not_between (col b) "
            "(+ (col c) (int 1)) (col d)))")));
    ok("select a in (1, 2, 3), a not in (1), a in (select x from t), "
       "a not in (select 1)",
       Q(S1("(in (col a) (int 1) (int 2) (int 3)) (not_in (col a) (int 1)) "
            "(in_query (col a) (query (select (items (col x)) (from "
            "(table t))))) (not_in_query (col a) (query (select (items "
            "(int 1)))))")));
    ok("select a like 'x%', a not like 'y' escape '!'",
       Q(S1("(like (col a) (string 'x%')) (not_like (col a) (string 'y') "
            "(string '!'))")));
    /* quantified comparisons: ANY / SOME / ALL before a subquery only;
     * `any` and `some` stay identifiers elsewhere */
    ok("select a > any (select x from t), a = some (select 1), "
       "a <> all (select 2), any, some from t",
       Q("(select (items (any > (col a) (query (select (items (col x)) "
         "(from (table t))))) (any = (col a) (query (select (items (int 1))))) "
         "(all <> (col a) (query (select (items (int 2))))) (col any) "
         "(col some)) (from (table t)))"));
    /* without a query inside, any(...) is a function call (Trino too) */
    ok("select a > any (1, 2)",
       Q(S1("(> (col a) (func any (int 1) (int 2)))")));
    ok("select exists (select 1), not exists (select 1), (select max(x) "
       "from t) + 1",
       Q(S1("(exists (query (select (items (int 1))))) (not (exists (query "
            "(select (items (int 1)))))) (+ (subquery (query (select (items "
            "(func max (col x))) (from (table t))))) (int 1))")));
}

static void test_functions_case_cast(void **state)
{
    (void)state;
    ok("select count(*), count(distinct x), count(all y), coalesce(a, b, 1),"
       " now(), sys.f(1), date(x), \"Upper\"(x)",
       Q(S1("(func count *) (func count distinct (col x)) (func count "
            "(col y)) (func coalesce (col a) (col b) (int 1)) (func now) "
            "(func sys.f (int 1)) (func date (col x)) (func \"Upper\" "
            "(col x))")));
    ok("select case when a = 1 then 'x' when a = 2 then 'y' else 'z' end, "
       "case a when 1 then 2 end",
       Q(S1("(case (when (= (col a) (int 1)) (string 'x')) (when (= (col a) "
            "(int 2)) (string 'y')) (else (string 'z'))) (case (operand "
            "(col a)) (when (int 1) (int 2)))")));
    ok("select cast(a as decimal(10,2)), try_cast(b as varchar(255)), "
       "cast(c as double precision), cast(d as varchar), cast(e as "
       "timestamp(3) with time zone), cast(f as bigint)",
       Q(S1("(cast (col a) decimal(10,2)) (try_cast (col b) varchar(255)) "
            "(cast (col c) double) (cast (col d) varchar) (cast (col e) "
            "timestamp with time zone(3)) (cast (col f) bigint)")));
    ok("select current_date, current_timestamp(3), current_user",
       Q(S1("(func current_date) (func current_timestamp (int 3)) "
            "(func current_user)")));
    fails_s("select case end", "42000", 13, NULL);
    fails_s("select cast(a)", "42000", 14, NULL);
}

static void test_windows(void **state)
{
    (void)state;
    ok("select row_number() over (order by a) from t",
       Q("(select (items (func row_number (over (order_by (asc (col a)))))) "
         "(from (table t)))"));
    ok("select sum(x) over (partition by a, b order by c desc nulls first "
       "rows between unbounded preceding and current row), "
       "lag(x, 2, 0) ignore nulls over w, first_value(x) respect nulls over "
       "(w range 3 following), count(*) over (rows between 1 preceding and "
       "unbounded following), f(x) over (groups current row)",
       Q(S1("(func sum (col x) (over (partition_by (col a) (col b)) "
            "(order_by (desc (col c) nulls_first)) (rows unbounded_preceding "
            "current_row))) (func lag (col x) (int 2) (int 0) ignore_nulls "
            "(over (ref w))) (func first_value (col x) respect_nulls (over "
            "(ref w) (range (following (int 3))))) (func count * (over (rows "
            "(preceding (int 1)) unbounded_following))) (func f (col x) (over "
            "(groups current_row)))")));
    /* WINDOW clause; `window`, `partition`, `range` stay identifiers */
    ok("select rank() over w from t window w as (partition by a), "
       "v as (w order by b)",
       Q("(select (items (func rank (over (ref w)))) (from (table t)) "
         "(window (w (over (partition_by (col a)))) (v (over (ref w) "
         "(order_by (asc (col b)))))))"));
    ok("select window, partition, range, rows from t window",
       Q("(select (items (col window) (col partition) (col range) (col rows)) "
         "(from (table t window)))"));
    ok("select a over from t",
       Q("(select (items (as (col a) over)) (from (table t)))"));
    ok("select sum(a) over (order by sum(b)) from t group by c having "
       "count(*) > 1 window w as ()",
       Q("(select (items (func sum (col a) (over (order_by (asc (func sum "
         "(col b))))))) (from (table t)) (group_by (col c)) (having (> "
         "(func count *) (int 1))) (window (w (over))))"));
    fails_s("select lag(a) ignore nulls from t", "42000", 28, NULL);
    fails_s("select f() over (rows between 1 and 2) from t", "42000", 38,
            NULL);
    fails_s("select f() over (rows unbounded) from t", "42000", 32, NULL);
    fails_s("select f() over (partition by a", "42000", 32, NULL);
    fails_s("select f() over 1 from t", "42000", 17, NULL);
}

static void test_special_forms(void **state)
{
    (void)state;
    ok("select extract(year from d), extract(DOW from t.d + 1), extract(doy from d)",
       Q(S1("(func year (col d)) (func day_of_week (+ (col t.d) (int 1))) "
            "(func day_of_year (col d))")));
    ok("select substring(s from 2 for 3), substring(s from x), substring(s, 1, 2)",
       Q(S1("(func substr (col s) (int 2) (int 3)) (func substr (col s) (col x)) "
            "(func substr (col s) (int 1) (int 2))")));
    ok("select position('a' in s || 'b'), position(x in y)",
       Q(S1("(func strpos (|| (col s) (string 'b')) (string 'a')) "
            "(func strpos (col y) (col x))")));
    ok("select trim(s), trim(both from s), trim(leading 'x' from s), "
       "trim(trailing from s), trim('ab' from s), trim(s, 'x'), trim(leading)",
       Q(S1("(func trim (col s)) (func trim (col s)) (func ltrim (col s) "
            "(string 'x')) (func rtrim (col s)) (func trim (col s) (string 'ab')) "
            "(func trim (col s) (string 'x')) (func trim (col leading))")));
    ok("select count(*) filter (where a > 1), sum(x) filter (where b)",
       Q(S1("(func count * (filter (> (col a) (int 1)))) (func sum (col x) "
            "(filter (col b)))")));
    fails_s("select extract(century from d)", "42000", 16, NULL);
    fails_s("select extract(year d)", "42000", 21, NULL);
    fails_s("select position('a', s)", "42000", 20, NULL);
    fails_s("select trim(leading 'x' s)", "42000", 25, NULL);
    fails_s("select count(*) filter (a)", "42000", 25, NULL);
    /* aggregate ORDER BY, listagg's WITHIN GROUP and ON OVERFLOW */
    ok("select array_agg(x order by y desc, z), listagg(s, ',' on overflow "
       "truncate '..' with count) within group (order by s) filter (where b), "
       "listagg(s) within group (order by s nulls first)",
       Q(S1("(func array_agg (col x) (order_by (desc (col y)) (asc (col z)))) "
            "(func listagg (col s) (string ',') (on_overflow truncate "
            "(string '..') with_count) (within_group (order_by (asc (col s)))) "
            "(filter (col b))) (func listagg (col s) (within_group (order_by "
            "(asc (col s) nulls_first))))")));
    ok("select listagg(s, ',' on overflow error) within group (order by s)",
       Q(S1("(func listagg (col s) (string ',') (on_overflow error) "
            "(within_group (order_by (asc (col s)))))")));
    fails_s("select listagg(s, ',' on overflow truncate) within group "
            "(order by s)", "42000", 43, NULL);
    fails_s("select f(x order by y) within group (order by y)", "42000", 37,
            NULL);
}

static void test_from_joins(void **state)
{
    (void)state;
    ok("select * from a, b, c",
       Q("(select (items (star)) (from (join cross (join cross (table a) "
         "(table b)) (table c))))"));
    ok("select * from a join b on a.x = b.x inner join c using (x, y) "
       "left outer join d on true right join e on true full outer join f "
       "on true cross join g",
       Q("(select (items (star)) (from (join cross (join full (join right "
         "(join left (join inner (join inner (table a) (table b) (on (= "
         "(col a.x) (col b.x)))) (table c) (using x y)) (table d) (on true)) "
         "(table e) (on true)) (table f) (on true)) (table g))))"));
    ok("select * from (select 1 a) s, (select 2) as t (b), x as y (c, d)",
       Q("(select (items (star)) (from (join cross (join cross (subquery "
         "(query (select (items (as (int 1) a)))) s) (subquery (query "
         "(select (items (int 2)))) t (cols b))) (table x y (cols c d)))))"));
    ok("select * from (a join b on true) join (c) on true",
       Q("(select (items (star)) (from (join inner (join inner (table a) "
         "(table b) (on true)) (table c) (on true))))"));
    ok("select * from a join b join c on x on y",
       Q("(select (items (star)) (from (join inner (table a) (join inner "
         "(table b) (table c) (on (col x))) (on (col y)))))"));
    fails_s("select * from a join b", "42000", 23,
            "line 1:23: mismatched input '<EOF>'. Expecting: 'AS', 'ON', "
            "'USING'");
    fails_s("select * from a natural join b", "0A000", 17, NULL);
    ok("select * from unnest(array[1, x], array[]) with ordinality as u(a, b, n), "
       "t cross join unnest(array['z']) v",
       Q("(select (items (star)) (from (join cross (unnest (array (int 1) "
         "(col x)) (array) ordinality u (cols a b n)) (join cross (table t) "
         "(unnest (array (string 'z')) v)))))"));
    fails_s("select * from unnest(array[1)", "42000", 29, NULL);
}

static void test_where_group(void **state)
{
    (void)state;
    ok("select a, count(*) from t where b > 1 group by a, 2 having "
       "count(*) > 1",
       Q("(select (items (col a) (func count *)) (from (table t)) (where "
         "(> (col b) (int 1))) (group_by (col a) (int 2)) (having (> "
         "(func count *) (int 1))))"));
}

static void test_grouping_sets(void **state)
{
    (void)state;
    ok("select 1 from t group by a, rollup (b, c)",
       Q("(select (items (int 1)) (from (table t)) (group_by (col a) (col b) "
         "(col c)) (grouping_sets (0 1 2) (0 1) (0)))"));
    ok("select grouping(a, b) from t group by cube (a, b)",
       Q("(select (items (func grouping (col a) (col b))) (from (table t)) "
         "(group_by (col a) (col b)) (grouping_sets (0 1) (0) (1) ()))"));
    ok("select 1 from t group by grouping sets ((a, b), a, ()), ()",
       Q("(select (items (int 1)) (from (table t)) (group_by (col a) (col b) "
         "(col a)) (grouping_sets (0 1) (2) ()))"));
    ok("select 1 from t group by rollup (a), cube (b)",
       Q("(select (items (int 1)) (from (table t)) (group_by (col a) (col b)) "
         "(grouping_sets (0 1) (0) (1) ()))"));
    /* plain keys stay plain */
    ok("select 1 from t group by a, b",
       Q("(select (items (int 1)) (from (table t)) (group_by (col a) (col b)))"));
    fails_s("select 1 from t group by rollup a", "42000", 33, NULL);
    fails_s("select 1 from t group by grouping sets (a", "42000", 42, NULL);
    fails_s("select 1 from t group by rollup ()", "42000", 34, NULL);
}

static void test_query_clauses(void **state)
{
    (void)state;
    ok("select a from t order by a, b asc, c desc, d nulls first, "
       "e desc nulls last",
       Q("(select (items (col a)) (from (table t))) (order_by (asc (col a)) "
         "(asc (col b)) (desc (col c)) (asc (col d) nulls_first) (desc "
         "(col e) nulls_last))"));
    ok("select a from t offset 5 rows limit 10",
       Q("(select (items (col a)) (from (table t))) (offset (int 5)) "
         "(limit (int 10))"));
    ok("select a from t limit 10 offset 5",
       Q("(select (items (col a)) (from (table t))) (offset (int 5)) "
         "(limit (int 10))"));
    ok("select a from t limit all", Q("(select (items (col a)) "
                                       "(from (table t)))"));
    ok("select a from t offset 1 row fetch first 3 rows only",
       Q("(select (items (col a)) (from (table t))) (offset (int 1)) "
         "(limit (int 3))"));
    ok("select a from t fetch next row only",
       Q("(select (items (col a)) (from (table t))) (limit (int 1))"));
    ok("select a from t t limit 5",
       Q("(select (items (col a)) (from (table t t))) (limit (int 5))"));
    ok("select a limit 5", Q(S1("(col a)") " (limit (int 5))"));
    fails_s("select 1 limit 99999999999999999999", "22003", 16, NULL);
    fails_s("select 1 fetch first 1 rows with ties", "0A000", 29, NULL);
}

static void test_set_operations(void **state)
{
    (void)state;
    ok("select 1 union select 2 union all select 3",
       Q("(union all (union (select (items (int 1))) (select (items (int 2)"
         "))) (select (items (int 3))))"));
    /* VALUES as a query, in FROM with column aliases, one-value rows */
    ok("values (1, 'a'), (2, null)",
       Q("(values (row (int 1) (string 'a')) (row (int 2) null))"));
    ok("select * from (values 1, 2 + 3) as t(x)",
       Q("(select (items (star)) (from (subquery (query (values (row (int 1)) "
         "(row (+ (int 2) (int 3))))) t (cols x))))"));
    ok("values 1 intersect all values 2",
       Q("(intersect all (values (row (int 1))) (values (row (int 2))))"));
    ok("select 1 union select 2 intersect select 3 except select 4",
       Q("(except (union (select (items (int 1))) (intersect (select (items "
         "(int 2))) (select (items (int 3))))) (select (items (int 4))))"));
    ok("(select 1) union distinct (select 2 order by 1 limit 1) order by 1",
       Q("(union (query (select (items (int 1)))) (query (select (items "
         "(int 2))) (order_by (asc (int 1))) (limit (int 1)))) (order_by "
         "(asc (int 1)))"));
    ok("table cat.s.t",
       Q("(select (items (star)) (from (table cat.s.t)))"));
}

static void test_with(void **state)
{
    (void)state;
    ok("with a as (select 1 x), b (y) as (select x from a) select * from b",
       "(query (with (cte a (query (select (items (as (int 1) x))))) "
       "(cte b (cols y) (query (select (items (col x)) (from (table a)))))) "
       "(select (items (star)) (from (table b))))");
    ok("with recursive t(n) as (select 1 union all select n from t) select n from t",
       "(query (with recursive (cte t (cols n) (query (union all (select "
       "(items (int 1))) (select (items (col n)) (from (table t))))))) "
       "(select (items (col n)) (from (table t))))");
}

static void test_statements(void **state)
{
    (void)state;
    ok("SHOW CATALOGS", "(show_catalogs)");
    ok("show catalogs like 'c%';", "(show_catalogs (like 'c%'))");
    ok("show schemas", "(show_schemas)");
    ok("show schemas from Cat like 'p'", "(show_schemas (from cat) "
                                         "(like 'p'))");
    ok("show schemas in cat", "(show_schemas (from cat))");
    ok("show tables", "(show_tables)");
    ok("show tables from sch", "(show_tables (from sch))");
    ok("show tables in cat.sch like '%x'", "(show_tables (from cat.sch) "
                                           "(like '%x'))");
    ok("show columns from cat.sch.t", "(show_columns cat.sch.t)");
    ok("show columns in t", "(show_columns t)");
    ok("describe cat.sch.t", "(show_columns cat.sch.t)");
    ok("desc t", "(show_columns t)");
    ok("use sch", "(use sch)");
    ok("use cat.sch;", "(use cat.sch)");
    ok("explain select 1", "(explain (query (select (items (int 1)))))");
    ok("explain show tables", "(explain (show_tables))");
    ok("explain analyze select 1",
       "(explain_analyze (query (select (items (int 1)))))");
    ok("(select 1)", "(query (query (select (items (int 1)))))");
    ok("select 1 ; ", Q(S1("(int 1)")));
    ok("-- c\n select /* x */ 1 -- y", Q(S1("(int 1)")));
    fails_s("show tables from a.b.c", "42000", 21, NULL);
    fails_s("use a.b.c", "42000", 8, NULL);
    fails_s("show", "42000", 5,
            "line 1:5: mismatched input '<EOF>'. Expecting: 'CATALOGS', "
            "'COLUMNS', 'SCHEMAS', 'SESSION', 'TABLES'");
    fails_s("select 1; select 2", "42000", 11,
            "line 1:11: mismatched input 'select'. Expecting: <EOF>");
    fails_s("select 1;;", "42000", 10, NULL);
    fails_s("", "42000", 1,
            "line 1:1: mismatched input '<EOF>'. Expecting: '(', "
            "'ALTER', 'CREATE', 'DELETE', 'DESCRIBE', 'DROP', 'EXPLAIN', "
            "'INSERT', 'SELECT', 'SHOW', 'USE', 'WITH'");
    fails_s("grant select on t to u", "42000", 1, NULL);
    /* transactions (parse_txn.c) */
    ok("start transaction", "(start_transaction)");
    ok("START TRANSACTION ISOLATION LEVEL READ COMMITTED, READ ONLY;",
       "(start_transaction (isolation read_committed) read_only)");
    ok("start transaction read write, isolation level serializable",
       "(start_transaction (isolation serializable) read_write)");
    ok("start transaction isolation level repeatable read",
       "(start_transaction (isolation repeatable_read))");
    ok("start transaction isolation level read uncommitted",
       "(start_transaction (isolation read_uncommitted))");
    ok("commit", "(commit)");
    ok("COMMIT WORK;", "(commit)");
    ok("rollback", "(rollback)");
    ok("rollback work", "(rollback)");
    fails_s("start transaction read only, read write", "42000", 30, NULL);
    fails_s("start transaction isolation level read", "42000", 39, NULL);
    fails_s("start transaction isolation read committed", "42000", 29, NULL);
    fails_s("commit transaction", "42000", 8, NULL);
    fails_s("start", "42000", 1, NULL);
    /* session properties (parse_session.c) */
    ok("set session join_order = false", "(set_session join_order false)");
    ok("SET SESSION ordersdb.x = 'a';", "(set_session ordersdb.x (string 'a'))");
    ok("reset session query_max_memory",
       "(reset_session query_max_memory)");
    ok("show session", "(show_session)");
    ok("show session like 'q%'", "(show_session (like 'q%'))");
    fails_s("set session join_order false", "42000", 24, NULL);
    fails_s("set session = 1", "42000", 13, NULL);
    fails_s("reset session", "42000", 14, NULL);
    ok("select session from set",
       "(query (select (items (col session)) (from (table set))))");
    /* not keywords: still names */
    ok("select commit from rollback",
       "(query (select (items (col commit)) (from (table rollback))))");
}

static void test_syntax_errors(void **state)
{
    (void)state;
    fails_s("SELECT * FORM t", "42000", 10,
            "line 1:10: mismatched input 'FORM'. Expecting: ',', 'EXCEPT', "
            "'FETCH', 'FROM', 'GROUP', 'HAVING', 'INTERSECT', 'LIMIT', "
            "'OFFSET', 'ORDER', 'UNION', 'WHERE', <EOF>");
    fails_s("select a\nfrom t\nwhere x = = 1", "42000", 27,
            "line 3:11: mismatched input '='. Expecting: <expression>");
    fails_s("select a from", "42000", 14,
            "line 1:14: mismatched input '<EOF>'. Expecting: '(', "
            "<identifier>");
    fails_s("select a, from t", "42000", 11,
            "line 1:11: mismatched input 'from'. Expecting: <expression>");
    fails_s("select (1", "42000", 10, NULL);
    fails_s("select f(1", "42000", 11, NULL);
    /* positions count characters, not bytes */
    fails_s("select 'ééé' from from", "42000", 19, NULL);
    /* the first problem in the text wins over a later lexical error */
    fails_s("select from 'abc", "42000", 8, NULL);
    fails_s("select 'abc", "42000", 8,
            "line 1:8: unterminated string literal");
    fails_s("select 1 /* x", "42000", 10, "line 1:10: unterminated comment");
    fails_s("select a from t where b = 'x", "42000", 27, NULL);
    /* invalid UTF-8 is checked first, anywhere in the text */
    fails_s("selec x '\xff'", "22021", 10, NULL);
}

/* Builds prefix + n * rep + mid + n * suffix in a malloc'd buffer. */
static char *build(const char *prefix, const char *rep, int n,
                   const char *mid, const char *suffix)
{
    size_t len = strlen(prefix) + strlen(rep) * (size_t)n + strlen(mid) +
                 strlen(suffix) * (size_t)n + 1;
    char *s = malloc(len), *p = s;
    assert_non_null(s);
    p += sprintf(p, "%s", prefix);
    for (int i = 0; i < n; i++)
        p += sprintf(p, "%s", rep);
    p += sprintf(p, "%s", mid);
    for (int i = 0; i < n; i++)
        p += sprintf(p, "%s", suffix);
    return s;
}

static void test_deep_nesting(void **state)
{
    char *s;
    (void)state;
    s = build("select ", "(", 10000, "1", ")");
    /* "select " is 7 characters; the 999th '(' is one too many */
    fails_s(s, "54001", 1006,
            "line 1:1006: statement is too complex: nesting deeper than "
            "1000 levels");
    free(s);
    s = build("select ", "(", 500, "1", ")");
    ok(s, Q(S1("(int 1)")));
    free(s);
    s = build("select ", "(select ", 5000, "1", ")");
    fails(s, strlen(s), "54001", 4000, NULL);
    free(s);
}

/* Like fails() but without the position check. */
static void fails_any_pos(const char *sql, const char *sqlstate)
{
    eng_arena *a = eng_arena_create();
    eng_error err;
    ast_stmt *s;
    eng_rc rc = parse_statement(sql, strlen(sql), a, &s, &err);
    assert_int_equal(rc, ENG_ERROR);
    assert_string_equal(err.sqlstate, sqlstate);
    assert_true(err.position > 0);
    eng_arena_destroy(a);
}

static void test_deep_other(void **state)
{
    char *s;
    (void)state;
    s = build("select ", "(select ", 5000, "1", ")");
    fails_any_pos(s, "54001");
    free(s);
    s = build("select ", "- ", 100000, "1", "");
    fails_any_pos(s, "54001");
    free(s);
    s = build("select 1", " + 1", 5000, "", "");
    fails_any_pos(s, "54001");
    free(s);
    s = build("select 1", " union select 1", 3000, "", "");
    fails_any_pos(s, "54001");
    free(s);
    s = build("select * from t", " join t on true", 3000, "", "");
    fails_any_pos(s, "54001");
    free(s);
    s = build("select ", "case when true then ", 3000, "1", " end");
    fails_any_pos(s, "54001");
    free(s);
}

static void test_long_flat(void **state)
{
    char *s;
    eng_arena *a;
    eng_error err;
    ast_stmt *st;
    (void)state;
    /* 100,000 NOTs: parity kept, tree stays shallow */
    s = build("select ", "not ", 100000, "true", "");
    ok(s, Q(S1("(not (not true))")));
    free(s);
    s = build("select ", "not ", 100001, "true", "");
    ok(s, Q(S1("(not true)")));
    free(s);
    /* 100,000-item IN list */
    s = build("select a in (0", ", 1", 99999, ")", "");
    a = eng_arena_create();
    assert_int_equal(parse_statement(s, strlen(s), a, &st, &err), ENG_OK);
    assert_int_equal(st->query->body->select->items[0].expr->kind,
                     AE_IN_LIST);
    assert_int_equal(st->query->body->select->items[0].expr->nargs, 100001);
    assert_non_null(parse_ast_print(a, st));
    eng_arena_destroy(a);
    free(s);
    /* 20,000 ORs / ANDs: balanced */
    s = build("select a = 0", " or a = 1 and b = 2", 20000, "", "");
    ok(s, NULL);
    free(s);
    /* short chains stay left-deep */
    ok("select a or b or c", Q(S1("(or (or (col a) (col b)) (col c))")));
    /* 900 nested parentheses fit */
    s = build("select ", "(", 900, "1", ")");
    ok(s, Q(S1("(int 1)")));
    free(s);
}

static const char *const jaffle_customers =
    "-- The seed's federated \"customers\" query over three catalogs.\n"
    "with customers as (\n"
    "  select * from customersdb.public.customers\n"
    "),\n"
    "orders as (\n"
    "  select * from ordersdb.public.orders\n"
    "),\n"
    "payments as (\n"
    "  select * from paymentsdb.public.payments\n"
    "),\n"
    "customer_orders as (\n"
    "  select user_id, min(order_date) as first_order, max(order_date) as "
    "most_recent_order, count(id) as number_of_orders\n"
    "  from orders group by 1\n"
    "),\n"
    "customer_payments as (\n"
    "  select orders.user_id, sum(amount) as total_amount\n"
    "  from payments left join orders on payments.order_id = orders.id\n"
    "  group by 1\n"
    "),\n"
    "final as (\n"
    "  select customers.id as customer_id, customers.first_name, "
    "customers.last_name,\n"
    "         customer_orders.first_order, customer_orders.most_recent_order,"
    " customer_orders.number_of_orders,\n"
    "         customer_payments.total_amount as customer_lifetime_value\n"
    "  from customers\n"
    "  left join customer_orders on customers.id = customer_orders.user_id\n"
    "  left join customer_payments on customers.id = "
    "customer_payments.user_id\n"
    ")\n"
    "select * from final order by customer_id;\n";

static const char *const jaffle_orders =
    "-- The jaffle_shop \"orders\" model over the data mesh.\n"
    "with orders as (\n\n"
    "    select\n"
    "        id as order_id,\n"
    "        user_id as customer_id,\n"
    "        order_date,\n"
    "        status\n"
    "    from ordersdb.public.orders\n\n"
    "),\n\n"
    "payments as (\n\n"
    "    select\n"
    "        id as payment_id,\n"
    "        order_id,\n"
    "        payment_method,\n"
    "        amount            -- dbt: amount / 100 as amount\n"
    "    from paymentsdb.public.payments\n\n"
    "),\n\n"
    "order_payments as (\n\n"
    "    select\n"
    "        order_id,\n"
    "        sum(case when payment_method = 'credit_card' then amount else 0 "
    "end) as credit_card_amount,\n"
    "        sum(case when payment_method = 'coupon' then amount else 0 end) "
    "as coupon_amount,\n"
    "        sum(case when payment_method = 'bank_transfer' then amount else "
    "0 end) as bank_transfer_amount,\n"
    "        sum(case when payment_method = 'gift_card' then amount else 0 "
    "end) as gift_card_amount,\n"
    "        sum(amount) as total_amount\n"
    "    from payments\n"
    "    group by order_id\n\n"
    "),\n\n"
    "final as (\n\n"
    "    select\n"
    "        orders.order_id,\n"
    "        orders.customer_id,\n"
    "        orders.order_date,\n"
    "        orders.status,\n"
    "        order_payments.credit_card_amount,\n"
    "        order_payments.coupon_amount,\n"
    "        order_payments.bank_transfer_amount,\n"
    "        order_payments.gift_card_amount,\n"
    "        order_payments.total_amount as amount\n"
    "    from orders\n"
    "    left join order_payments\n"
    "        on orders.order_id = order_payments.order_id\n\n"
    ")\n\n"
    "select * from final\n"
    "order by order_id\n";

/* Checks the shape both jaffle queries share: six/four CTEs, then
 * SELECT * FROM final ORDER BY <key>. */
static void check_jaffle(const char *sql, size_t len, int nctes,
                         const char *order_col)
{
    eng_arena *a = eng_arena_create();
    eng_error err;
    ast_stmt *s;
    eng_rc rc = parse_statement(sql, len, a, &s, &err);
    if (rc != ENG_OK)
        fprintf(stderr, "%s\n", err.message);
    assert_int_equal(rc, ENG_OK);
    assert_int_equal(s->kind, AST_QUERY);
    assert_int_equal(s->query->nctes, nctes);
    assert_string_equal(s->query->ctes[nctes - 1].name, "final");
    assert_int_equal(s->query->body->select->items[0].expr->kind, AE_STAR);
    assert_string_equal(s->query->body->select->from->name.parts[0],
                        "final");
    assert_int_equal(s->query->norder, 1);
    assert_string_equal(s->query->order_by[0].expr->name.parts[0],
                        order_col);
    assert_non_null(parse_ast_print(a, s));
    eng_arena_destroy(a);
}

/* Reads a whole file into a malloc'd buffer; NULL if unreadable. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static void test_jaffle(void **state)
{
    const char *dir = getenv("MESH_JAFFLE_DIR");
    (void)state;
    check_jaffle(jaffle_customers, strlen(jaffle_customers), 6,
                 "customer_id");
    check_jaffle(jaffle_orders, strlen(jaffle_orders), 4, "order_id");
    ok(jaffle_customers,
       "(query (with (cte customers (query (select (items (star)) (from "
       "(table customersdb.public.customers))))) (cte orders (query (select "
       "(items (star)) (from (table ordersdb.public.orders))))) (cte "
       "payments (query (select (items (star)) (from (table "
       "paymentsdb.public.payments))))) (cte customer_orders (query (select "
       "(items (col user_id) (as (func min (col order_date)) first_order) "
       "(as (func max (col order_date)) most_recent_order) (as (func count "
       "(col id)) number_of_orders)) (from (table orders)) (group_by (int "
       "1))))) (cte customer_payments (query (select (items (col "
       "orders.user_id) (as (func sum (col amount)) total_amount)) (from "
       "(join left (table payments) (table orders) (on (= (col "
       "payments.order_id) (col orders.id))))) (group_by (int 1))))) (cte "
       "final (query (select (items (as (col customers.id) customer_id) "
       "(col customers.first_name) (col customers.last_name) (col "
       "customer_orders.first_order) (col customer_orders.most_recent_order)"
       " (col customer_orders.number_of_orders) (as (col "
       "customer_payments.total_amount) customer_lifetime_value)) (from "
       "(join left (join left (table customers) (table customer_orders) (on "
       "(= (col customers.id) (col customer_orders.user_id)))) (table "
       "customer_payments) (on (= (col customers.id) (col "
       "customer_payments.user_id))))))))) (select (items (star)) (from "
       "(table final))) (order_by (asc (col customer_id))))");
    if (dir) {
        static const char *const files[] = {"customers_federated.sql",
                                            "orders_federated.sql"};
        for (int i = 0; i < 2; i++) {
            char path[1024];
            size_t len = 0;
            char *sql;
            snprintf(path, sizeof path, "%s/%s", dir, files[i]);
            sql = slurp(path, &len);
            assert_non_null(sql);
            check_jaffle(sql, len, i == 0 ? 6 : 4,
                         i == 0 ? "customer_id" : "order_id");
            free(sql);
        }
    }
}

/* Every allocation failure gives ENG_NOMEM / HY001, never a crash. */
static void test_oom(void **state)
{
    const char *sql = jaffle_orders;
    int ok_at = 0;
    (void)state;
    for (long n = 1; n < 100000; n++) {
        eng_arena *a = eng_arena_create();
        eng_error err;
        ast_stmt *s = NULL;
        eng_rc rc;
        char *txt;
        assert_non_null(a);
        eng_alloc_fail_at(n);
        rc = parse_statement(sql, strlen(sql), a, &s, &err);
        txt = rc == ENG_OK ? parse_ast_print(a, s) : NULL;
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
        cmocka_unit_test(test_brief_example),
        cmocka_unit_test(test_literals),
        cmocka_unit_test(test_params),
        cmocka_unit_test(test_identifiers),
        cmocka_unit_test(test_select_items),
        cmocka_unit_test(test_precedence),
        cmocka_unit_test(test_predicates),
        cmocka_unit_test(test_functions_case_cast),
        cmocka_unit_test(test_special_forms),
        cmocka_unit_test(test_windows),
        cmocka_unit_test(test_grouping_sets),
        cmocka_unit_test(test_from_joins),
        cmocka_unit_test(test_where_group),
        cmocka_unit_test(test_query_clauses),
        cmocka_unit_test(test_set_operations),
        cmocka_unit_test(test_with),
        cmocka_unit_test(test_statements),
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_deep_other),
        cmocka_unit_test(test_long_flat),
        cmocka_unit_test(test_jaffle),
        cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
