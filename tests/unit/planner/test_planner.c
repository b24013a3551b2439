/*
 * tests/unit/planner/test_planner.c
 *   Subqueries from SQL text to rows over the in-memory test connector:
 *   parse, bind, planner_run, opt_optimize, execute. Each query checks the
 *   plan the planner chose (SEMI / ANTI / MARK / LEFT / SINGLE join or
 *   Apply, in EXPLAIN's text) and the exact rows, NULL semantics
 *   included: NOT IN over a NULL, IN as a value, ALL / ANY, empty
 *   subqueries, count over no rows, 21000, correlation two levels up, in
 *   WHERE, the select list and HAVING; VALUES, INTERSECT and EXCEPT too.
 * Interface: main (cmocka).
 * Not here: the join operators over hand-made plans
 *   (tests/unit/exec/test_subquery_ops.c), the comparison with PostgreSQL
 *   (tests/sql/differential.sql).
 */
#include "../exec/exec_test_util.h"
#include "../test_connector.h"
#include "parser/parser.h"
#include "binder/binder.h"
#include "planner/planner.h"
#include "optimizer/optimizer.h"

static eng_conn *C;
static tc_catalog *CATS[2];

/*
 * c.public.customers(id, name): (1,'a') (2,'b') (3,'c') (4,NULL)
 * o.public.orders(id, user_id, amount): (10,1,5) (11,1,7) (12,2,3)
 *   (13,NULL,4) (14,9,1)
 */
static int setup(void **state)
{
    tu_setup(state);
    C = tc_conn_new();
    CATS[0] = tc_catalog_new();
    CATS[1] = tc_catalog_new();
    tc_table *c = tc_add_table(CATS[0], "public", "customers", 2,
        (tc_colspec[]){ tc_col("id", ENG_T_INTEGER), tc_col("name", ENG_T_VARCHAR) });
    tc_add_row(c, tc_int(1), tc_str("a"));
    tc_add_row(c, tc_int(2), tc_str("b"));
    tc_add_row(c, tc_int(3), tc_str("c"));
    tc_add_row(c, tc_int(4), tc_null(ENG_T_VARCHAR));
    tc_table *o = tc_add_table(CATS[1], "public", "orders", 3,
        (tc_colspec[]){ tc_col("id", ENG_T_INTEGER), tc_col("user_id", ENG_T_INTEGER),
                        tc_col("amount", ENG_T_INTEGER) });
    tc_add_row(o, tc_int(10), tc_int(1), tc_int(5));
    tc_add_row(o, tc_int(11), tc_int(1), tc_int(7));
    tc_add_row(o, tc_int(12), tc_int(2), tc_int(3));
    tc_add_row(o, tc_int(13), tc_null(ENG_T_INTEGER), tc_int(4));
    tc_add_row(o, tc_int(14), tc_int(9), tc_int(1));
    tc_conn_add_catalog(C, "c", &tc_connector_ops, tc_state_new(CATS[0]));
    tc_conn_add_catalog(C, "o", &tc_connector_ops, tc_state_new(CATS[1]));
    return 0;
}

static int teardown(void **state)
{
    eng_close(C);
    tc_catalog_free(CATS[0]);
    tc_catalog_free(CATS[1]);
    return tu_teardown(state);
}

/* Parses, binds, plans and optimizes sql; NULL with ERR set on failure. */
static plan_node *prepare(const char *sql)
{
    ast_stmt *s;
    eng_bound_stmt *bs;
    eng_err_clear(&ERR);
    if (parse_statement(sql, strlen(sql), A, &s, &ERR) ||
        bind_statement(C, s, A, &bs, &ERR))
        return NULL;
    plan_node *p = bs->plan;
    if (planner_run(C, &p, A, &ERR) || opt_optimize(C, &p, A, &ERR))
        return NULL;
    return p;
}

/* Runs sql; asserts the plan text contains `shape` (NULL: no check) and
 * returns the rows as text in output order. */
static tu_result run(const char *sql, const char *shape)
{
    plan_node *p = prepare(sql);
    if (!p)
        fprintf(stderr, "%s: %s %s\n", sql, ERR.sqlstate, ERR.message);
    assert_non_null(p);
    if (shape) {
        char *text = plan_explain(A, p);
        if (!strstr(text, shape))
            fprintf(stderr, "plan of %s lacks %s:\n%s\n", sql, shape, text);
        assert_non_null(strstr(text, shape));
    }
    exec_ctx ctx = tu_ctx();
    ctx.conn = C;
    return tu_run_ctx(&ctx, p, false);
}

static void expect(const char *sql, const char *shape, const char *rows)
{
    tu_result r = run(sql, shape);
    if (r.rc != ENG_OK)
        fprintf(stderr, "%s: %s %s\n", sql, ERR.sqlstate, ERR.message);
    assert_int_equal(r.rc, ENG_OK);
    assert_string_equal(r.text, rows);
}

static void test_in_and_not_in(void **state)
{
    (void)state;
    expect("select id from c.public.customers where id in "
           "(select user_id from o.public.orders) order by id",
           "HashJoin[SEMI]", "1\n2\n");
    /* the subquery holds a NULL: NOT IN is never TRUE */
    expect("select id from c.public.customers where id not in "
           "(select user_id from o.public.orders) order by id",
           "null-aware", "");
    expect("select id from c.public.customers where id not in "
           "(select user_id from o.public.orders where user_id is not null) "
           "order by id", "HashJoin[ANTI]", "3\n4\n");
    /* an empty subquery: NOT IN is TRUE even for a NULL operand */
    expect("select name from c.public.customers where name not in "
           "(select name from c.public.customers where id > 10) order by id",
           NULL, "a\nb\nc\nNULL\n");
    /* IN as a value: TRUE, NULL (no match, NULL in the subquery) */
    expect("select id, id in (select user_id from o.public.orders), "
           "id not in (select user_id from o.public.orders) "
           "from c.public.customers order by id", "HashJoin[MARK]",
           "1|true|false\n2|true|false\n3|NULL|NULL\n4|NULL|NULL\n");
    /* a NULL operand against a non-empty subquery without NULLs */
    expect("select id, case when id = 2 then null else id end in "
           "(select user_id from o.public.orders where user_id is not null) "
           "from c.public.customers order by id", NULL,
           "1|true\n2|NULL\n3|false\n4|false\n");
}

static void test_quantified(void **state)
{
    (void)state;
    expect("select id from c.public.customers where id > all "
           "(select user_id from o.public.orders where user_id < 3) order by id",
           "HashJoin[ANTI]", "3\n4\n");
    /* ALL over a NULL is never TRUE; over nothing it is TRUE */
    expect("select id from c.public.customers where id < all "
           "(select user_id from o.public.orders) order by id", NULL, "");
    expect("select id from c.public.customers where id < all "
           "(select user_id from o.public.orders where id > 100) order by id",
           NULL, "1\n2\n3\n4\n");
    expect("select id, id >= any (select user_id from o.public.orders), "
           "id = some (select case when user_id = 2 then null else user_id end "
           "from o.public.orders) "
           "from c.public.customers order by id", "test:",
           "1|true|true\n2|true|NULL\n3|true|NULL\n4|true|NULL\n");
}

static void test_exists(void **state)
{
    (void)state;
    expect("select id from c.public.customers c where exists (select 1 from "
           "o.public.orders o where o.user_id = c.id and o.amount > 4) order by id",
           "HashJoin[SEMI]", "1\n");
    expect("select id from c.public.customers c where not exists (select 1 from "
           "o.public.orders o where o.user_id = c.id and o.amount > 4) order by id",
           "HashJoin[ANTI]", "2\n3\n4\n");
    expect("select id, exists (select * from o.public.orders o where o.user_id = c.id) "
           "or id = 4 from c.public.customers c order by id", "HashJoin[MARK]",
           "1|true\n2|true\n3|false\n4|true\n");
    /* uncorrelated */
    expect("select count(*) from c.public.customers where exists "
           "(select 1 from o.public.orders where amount > 6)", NULL, "4\n");
    expect("select count(*) from c.public.customers where exists "
           "(select 1 from o.public.orders where amount > 60)", NULL, "0\n");
    /* a CTE referenced inside a subquery does not see the subquery's
     * outer query: `name` there is the CTE's own column */
    expect("with x as (select name from c.public.customers where id = 1) "
           "select id from c.public.customers c where exists (select 1 from x "
           "where x.name = c.name) order by id", NULL, "1\n");
    assert_null(prepare("with x as (select 1 as k from o.public.orders where "
                        "amount = length(name)) select id from c.public.customers c "
                        "where exists (select 1 from x)"));
    assert_string_equal(ERR.sqlstate, "42703");
    /* correlated two levels up: the inner subquery reads c.id */
    expect("select id from c.public.customers c where exists (select 1 from "
           "o.public.orders o where o.user_id = c.id and exists (select 1 from "
           "o.public.orders o2 where o2.amount > o.amount and o2.user_id = c.id)) "
           "order by id", NULL, "1\n");
}

static void test_scalar(void **state)
{
    (void)state;
    /* count over no rows is 0, sum NULL */
    expect("select id, (select count(*) from o.public.orders o where o.user_id = c.id), "
           "(select sum(amount) from o.public.orders o where o.user_id = c.id) + 0 "
           "from c.public.customers c order by id", "HashJoin[LEFT]",
           "1|2|12\n2|1|3\n3|0|NULL\n4|0|NULL\n");
    expect("select id, (select o.amount from o.public.orders o where "
           "o.user_id = c.id and o.amount < 6) from c.public.customers c order by id",
           "HashJoin[SINGLE]", "1|5\n2|3\n3|NULL\n4|NULL\n");
    /* LIMIT inside: no decorrelation, the apply runs it per row */
    expect("select id, (select o.amount from o.public.orders o where "
           "o.user_id = c.id order by o.amount desc limit 1) from "
           "c.public.customers c order by id", "Apply[SCALAR]",
           "1|7\n2|3\n3|NULL\n4|NULL\n");
    /* in WHERE, uncorrelated */
    expect("select id from o.public.orders where amount > (select avg(amount) "
           "from o.public.orders) order by id", NULL, "10\n11\n");
    /* HAVING, correlated to a group column */
    expect("select user_id, count(*) from o.public.orders o group by user_id "
           "having count(*) >= (select count(*) from c.public.customers c "
           "where c.id < o.user_id + 1) order by user_id", NULL,
           "1|2\nNULL|1\n");   /* NULL group: nothing counted, 1 >= 0 */
    /* in GROUP BY (by ordinal) and inside an aggregate's argument */
    expect("select (select count(*) from o.public.orders o where o.user_id = c.id), "
           "count(*) from c.public.customers c group by 1 order by 1", NULL,
           "0|2\n1|1\n2|1\n");
    expect("select sum(case when id in (select user_id from o.public.orders) "
           "then 1 else 0 end) from c.public.customers", NULL, "2\n");
    /* next to a window function, and with one inside (run per row) */
    expect("select id, (select count(*) from o.public.orders o where "
           "o.user_id = c.id), row_number() over (order by id desc) "
           "from c.public.customers c order by id", NULL,
           "1|2|4\n2|1|3\n3|0|2\n4|0|1\n");
    expect("select id, (select max(r) from (select row_number() over "
           "(order by amount) as r from o.public.orders o where "
           "o.user_id = c.id) x) from c.public.customers c order by id",
           "Apply[SCALAR]", "1|2\n2|1\n3|NULL\n4|NULL\n");
    assert_null(prepare("select sum((select 1)) over () from c.public.customers"));
    assert_string_equal(ERR.sqlstate, "0A000");
    /* a correlated subquery in the select list of a grouped query */
    expect("select user_id, (select name from c.public.customers c where "
           "c.id = o.user_id) from o.public.orders o group by user_id "
           "order by user_id nulls first", NULL, "NULL|NULL\n1|a\n2|b\n9|NULL\n");
}

static void test_scalar_errors(void **state)
{
    (void)state;
    /* two rows for customer 1: 21000 while running */
    tu_result r = run("select id, (select o.amount from o.public.orders o "
                      "where o.user_id = c.id) from c.public.customers c", NULL);
    assert_int_equal(r.rc, ENG_ERROR);
    assert_string_equal(ERR.sqlstate, "21000");
    r = run("select (select amount from o.public.orders)", NULL);
    assert_int_equal(r.rc, ENG_ERROR);
    assert_string_equal(ERR.sqlstate, "21000");
    r = run("select id, (select o.amount from o.public.orders o where "
            "o.user_id = c.id order by 1 limit 2) from c.public.customers c", NULL);
    assert_int_equal(r.rc, ENG_ERROR);
    assert_string_equal(ERR.sqlstate, "21000");
    /* an empty scalar subquery is NULL */
    expect("select (select amount from o.public.orders where id = 99)", NULL,
           "NULL\n");
    /* binding errors */
    assert_null(prepare("select (select id, amount from o.public.orders)"));
    assert_string_equal(ERR.sqlstate, "42000");
    assert_null(prepare("select id from c.public.customers where id in "
                        "(select name from c.public.customers)"));
    assert_string_equal(ERR.sqlstate, "42804");
    assert_null(prepare("select id from c.public.customers c where exists "
                        "(select 1 from o.public.orders o where o.nope = c.id)"));
    assert_string_equal(ERR.sqlstate, "42703");
    assert_null(prepare("select user_id, (select count(*) from c.public.customers c "
                        "where c.id = o.amount) from o.public.orders o group by user_id"));
    assert_string_equal(ERR.sqlstate, "42803");
    assert_null(prepare("select 1 from c.public.customers c join o.public.orders o "
                        "on o.user_id = (select 1)"));
    assert_string_equal(ERR.sqlstate, "0A000");
}

static void test_values_and_setops(void **state)
{
    (void)state;
    expect("select * from (values (1, 'x'), (1 + 1, 'yy'), (null, null)) "
           "as t(a, b) order by a", NULL, "1|x\n2|yy\nNULL|NULL\n");
    expect("values 1, 2.5, -3", NULL, "1.0\n2.5\n-3.0\n");
    expect("select user_id from o.public.orders intersect select id from "
           "c.public.customers order by 1", "Intersect", "1\n2\n");
    expect("select user_id from o.public.orders except select id from "
           "c.public.customers order by 1", "Except", "9\nNULL\n");
    expect("select x from (values 1, 1, 1, 2, null, null) t(x) intersect all "
           "select x from (values 1, 1, null, 3) u(x) order by 1", NULL,
           "1\n1\nNULL\n");
    expect("select x from (values 1, 1, 1, 2, null, null) t(x) except all "
           "select x from (values 1, null, 3) u(x) order by 1", NULL,
           "1\n1\n2\nNULL\n");
    /* INTERSECT binds tighter than UNION and EXCEPT */
    expect("select 1 union select 2 intersect select 3 order by 1", NULL, "1\n");
    assert_null(prepare("values (1, 2), (3)"));
    assert_string_equal(ERR.sqlstate, "42000");
    assert_null(prepare("select 1 intersect select 1, 2"));
    assert_string_equal(ERR.sqlstate, "42804");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_in_and_not_in, setup, teardown),
        cmocka_unit_test_setup_teardown(test_quantified, setup, teardown),
        cmocka_unit_test_setup_teardown(test_exists, setup, teardown),
        cmocka_unit_test_setup_teardown(test_scalar, setup, teardown),
        cmocka_unit_test_setup_teardown(test_scalar_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_values_and_setops, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
