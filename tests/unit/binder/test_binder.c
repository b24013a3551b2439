/*
 * tests/unit/binder/test_binder.c
 *   Binder unit tests over the in-memory test connector: name resolution
 *   (3-part names, session defaults, CTE scoping), error SQLSTATEs and
 *   positions, expression types, parameter marker types and hints,
 *   GROUP BY / ORDER BY binding and SHOW.
 * Interface: main (cmocka).
 * Not here: optimizer pushdown (tests/unit/optimizer/test_pushdown.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "session/session.h"
#include "parser/parser.h"
#include "binder/binder.h"
#include "tests/unit/test_connector.h"

/* The test connector's ops, but get_table reports a column of type
 * ENG_T_UNKNOWN as the unsupported remote type "money". */
static eng_connector_ops money_ops;

static eng_rc money_get_table(void *state, const char *schema, const char *table,
                              eng_arena *a, eng_table_def **out, eng_error *err)
{
    eng_rc rc = tc_connector_ops.get_table(state, schema, table, a, out, err);
    for (int i = 0; rc == ENG_OK && i < (*out)->ncols; i++)
        if ((*out)->cols[i].type.id == ENG_T_UNKNOWN)
            (*out)->cols[i].remote_type_name = "money";
    return rc;
}

typedef struct fixture {
    eng_conn *c;
    tc_catalog *cats[3];
    eng_arena *a;
    eng_error err;
    eng_bound_stmt *bs;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    static const char *const names[3] = { "customersdb", "ordersdb", "paymentsdb" };
    f->c = tc_conn_new();
    for (int i = 0; i < 3; i++)
        f->cats[i] = tc_catalog_new();
    tc_table *t = tc_add_table(f->cats[0], "public", "customers", 3,
        (tc_colspec[]){ { "id", eng_type_make(ENG_T_INTEGER), true },
                        tc_col_t("first_name", eng_type_varchar(255)),
                        tc_col_t("last_name", eng_type_varchar(255)) });
    tc_add_row(t, tc_int(1), tc_str("Michael"), tc_str("P."));
    tc_add_table(f->cats[0], "public", "prices", 6,
        (tc_colspec[]){ tc_col_t("p", eng_type_decimal(10, 2)),
                        tc_col_t("q", eng_type_decimal(5, 3)),
                        tc_col("s", ENG_T_SMALLINT), tc_col("b", ENG_T_BIGINT),
                        tc_col("d", ENG_T_DOUBLE), tc_col("id", ENG_T_INTEGER) });
    t = tc_add_table(f->cats[1], "public", "orders", 4,
        (tc_colspec[]){ tc_col("id", ENG_T_INTEGER), tc_col("user_id", ENG_T_INTEGER),
                        tc_col("order_date", ENG_T_DATE),
                        tc_col_t("status", eng_type_varchar(255)) });
    tc_add_row(t, tc_int(1), tc_int(1), tc_date(2018, 1, 1), tc_str("returned"));
    t = tc_add_table(f->cats[2], "public", "payments", 4,
        (tc_colspec[]){ tc_col("id", ENG_T_INTEGER), tc_col("order_id", ENG_T_INTEGER),
                        tc_col_t("payment_method", eng_type_varchar(128)),
                        tc_col("amount", ENG_T_INTEGER) });
    tc_add_row(t, tc_int(1), tc_int(1), tc_str("credit_card"), tc_int(1000));
    tc_add_table(f->cats[2], "public", "refunds", 2,
        (tc_colspec[]){ tc_col("id", ENG_T_INTEGER), tc_col("fee", ENG_T_UNKNOWN) });
    money_ops = tc_connector_ops;
    money_ops.get_table = money_get_table;
    for (int i = 0; i < 3; i++)
        tc_conn_add_catalog(f->c, names[i], i == 2 ? &money_ops : &tc_connector_ops,
                            tc_state_new(f->cats[i]));
    f->a = eng_arena_create();
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    eng_free(f->c->def_catalog);
    eng_free(f->c->def_schema);
    f->c->def_catalog = f->c->def_schema = NULL;
    eng_close(f->c);
    for (int i = 0; i < 3; i++)
        tc_catalog_free(f->cats[i]);
    eng_arena_destroy(f->a);
    free(f);
    return 0;
}

/* Parses and binds sql; returns the rc. */
static eng_rc bind(fixture *f, const char *sql)
{
    ast_stmt *s;
    memset(&f->err, 0, sizeof f->err);
    f->bs = NULL;
    eng_rc rc = parse_statement(sql, strlen(sql), f->a, &s, &f->err);
    if (rc) {
        fprintf(stderr, "parse failed: %s %s\n", f->err.sqlstate, f->err.message);
        return rc;
    }
    return bind_statement(f->c, s, f->a, &f->bs, &f->err);
}

static void expect_ok(fixture *f, const char *sql)
{
    eng_rc rc = bind(f, sql);
    if (rc)
        fprintf(stderr, "bind failed: %s %s (%s)\n", f->err.sqlstate,
                f->err.message, sql);
    assert_int_equal(rc, ENG_OK);
}

static void expect_err(fixture *f, const char *sql, const char *state,
                       int pos, const char *msg)
{
    assert_int_equal(bind(f, sql), ENG_ERROR);
    assert_string_equal(f->err.sqlstate, state);
    if (pos >= 0)
        assert_int_equal(f->err.position, pos);
    if (msg)
        assert_string_equal(f->err.message, msg);
}

static const char *tname(fixture *f, int i)
{
    static char buf[160];
    return eng_type_name(f->bs->cols[i].type, buf, sizeof buf);
}

static void set_defaults(fixture *f, const char *cat, const char *schema)
{
    eng_free(f->c->def_catalog);
    eng_free(f->c->def_schema);
    f->c->def_catalog = cat ? eng_strdup(cat) : NULL;
    f->c->def_schema = schema ? eng_strdup(schema) : NULL;
}

/* ---- resolution ---- */

static void test_three_part_name(void **state)
{
    fixture *f = *state;
    expect_ok(f, "select id, first_name, c.last_name, c.id "
                 "from customersdb.public.customers c");
    /* an alias hides the table name: customers.id must fail */
    expect_err(f, "select customers.id from customersdb.public.customers c",
               "42703", 8, "Column 'customers.id' cannot be resolved");
    expect_ok(f, "select customers.id, public.customers.first_name, "
                 "customersdb.public.customers.last_name "
                 "from customersdb.public.customers");
    assert_int_equal(f->bs->kind, EB_QUERY);
    assert_int_equal(f->bs->ncols, 3);
    assert_string_equal(f->bs->cols[0].name, "id");
    assert_string_equal(f->bs->cols[0].catalog, "customersdb");
    assert_string_equal(f->bs->cols[0].schema, "public");
    assert_string_equal(f->bs->cols[0].table, "customers");
    assert_string_equal(f->bs->cols[0].base_name, "id");
    assert_false(f->bs->cols[0].nullable);
    assert_string_equal(tname(f, 1), "varchar(255)");
    assert_true(f->bs->cols[1].nullable);
}

/* Several stars mixed with expressions: the item list grows past its
 * first estimate (an unchecked append overflowed it; found by fuzzing). */
static void test_many_stars(void **state)
{
    fixture *f = *state;
    expect_ok(f, "select 1, *, 2, *, 3, c.*, 4, 5, 6, 7, 8 "
                 "from customersdb.public.customers c");
    assert_int_equal(f->bs->ncols, 8 + 3 * 3);
    assert_string_equal(f->bs->cols[1].name, "id");
    assert_string_equal(f->bs->cols[16].name, "_col16");
}

static void test_session_defaults(void **state)
{
    fixture *f = *state;
    expect_err(f, "select * from orders", "3D000", 15,
               "Catalog must be specified when session catalog is not set");
    set_defaults(f, "ordersdb", NULL);
    expect_ok(f, "select * from public.orders");
    assert_int_equal(f->bs->ncols, 4);
    expect_err(f, "select * from orders", "3F000", 15,
               "Schema must be specified when session schema is not set");
    set_defaults(f, "ordersdb", "public");
    expect_ok(f, "select status from orders");
    assert_string_equal(f->bs->cols[0].catalog, "ordersdb");
    set_defaults(f, NULL, NULL);
}

static void test_cte_shadows_table(void **state)
{
    fixture *f = *state;
    /* the CTE's own body reads the base table, the outer query the CTE */
    set_defaults(f, "customersdb", "public");
    expect_ok(f, "with customers as (select id from customers) "
                 "select * from customers");
    assert_int_equal(f->bs->ncols, 1);
    assert_string_equal(f->bs->cols[0].name, "id");
    set_defaults(f, NULL, NULL);
    expect_ok(f, "with customers as (select * from customersdb.public.customers) "
                 "select customers.first_name from customers");
    assert_string_equal(f->bs->cols[0].table, "customers");
}

static void test_cte_reads_cte(void **state)
{
    fixture *f = *state;
    expect_ok(f, "with a as (select id, user_id as uid from ordersdb.public.orders), "
                 "b as (select uid from a where id > 1) "
                 "select b.uid from b");
    assert_int_equal(f->bs->ncols, 1);
    assert_string_equal(f->bs->cols[0].name, "uid");
    assert_string_equal(f->bs->cols[0].base_name, "user_id");
    /* a CTE does not see later ones, nor itself */
    expect_err(f, "with a as (select * from b), b as (select 1 x) select * from a",
               "3D000", 26, NULL);
}

/* ---- errors ---- */

static void test_errors(void **state)
{
    fixture *f = *state;
    expect_err(f, "select * from customersdb.public.nope", "42S02", 15,
               "Table 'customersdb.public.nope' does not exist");
    expect_err(f, "select * from nodb.public.t", "3D000", 15,
               "Catalog 'nodb' does not exist");
    expect_err(f, "select nope from customersdb.public.customers", "42703", 8,
               "Column 'nope' cannot be resolved");
    expect_err(f, "select id from customersdb.public.customers a "
                  "join ordersdb.public.orders b on a.id = b.user_id",
               "42702", 8, "Column 'id' is ambiguous");
    expect_err(f, "select first_name, count(*) from customersdb.public.customers",
               "42803", 8, "'first_name' must be an aggregate expression or "
               "appear in GROUP BY clause");
    expect_err(f, "select id from customersdb.public.customers where count(*) > 1",
               "42803", 51, NULL);
    expect_err(f, "select foo(id) from customersdb.public.customers", "42883", 8,
               "Function 'foo' not registered");
    expect_err(f, "select * from ordersdb.public.orders where order_date > 'yesterday'",
               "42804", -1, "Cannot apply operator: date > varchar(9)");
    expect_err(f, "select * from ordersdb.public.orders where id = 'x'",
               "42804", -1, "Cannot apply operator: integer = varchar(1)");
    expect_err(f, "select user_id, count(*) from ordersdb.public.orders group by 3",
               "42P10", 63, NULL);
    expect_ok(f, "select (select 1)");   /* subqueries bind (bind_subquery.c) */
    expect_err(f, "select cast(id as timestamp with time zone) from "
               "ordersdb.public.orders", "42804", -1,
               "Cannot cast integer to timestamp(3) with time zone");
    /* Trino has no integer -> timestamp cast */
    expect_err(f, "select cast(id as timestamp) from ordersdb.public.orders",
               "42804", -1, "Cannot cast integer to timestamp(3)");
    expect_err(f, "select date '2018-13-45'", "22007", 8, NULL);
}

static void test_unsupported_type(void **state)
{
    fixture *f = *state;
    expect_ok(f, "select id from paymentsdb.public.refunds");
    expect_ok(f, "select count(*) from paymentsdb.public.refunds");
    expect_err(f, "select fee from paymentsdb.public.refunds", "0A000", 8,
               "Column 'fee' of table 'paymentsdb.public.refunds' has "
               "unsupported type 'money'");
    expect_err(f, "select * from paymentsdb.public.refunds", "0A000", 8, NULL);
}

/* ---- types ---- */

static void test_expression_types(void **state)
{
    fixture *f = *state;
    expect_ok(f, "select p + q, p * q, p / q, p % q, s + id, b + s, p + s, "
                 "d + p, s * s, 1, 5000000000, 1.50, 1e3, 'abc', null, "
                 "-p, p - 1, sum(p), avg(id), avg(p), count(*), sum(s) "
                 "from customersdb.public.prices group by p, q, s, b, d, id");
    static const char *const want[] = {
        "decimal(12,3)", "decimal(15,5)", "decimal(14,3)", "decimal(5,3)",
        "integer", "bigint", "decimal(11,2)", "double", "smallint", "integer",
        "bigint", "decimal(3,2)", "double", "varchar(3)", "unknown",
        "decimal(10,2)", "decimal(13,2)", "decimal(38,2)", "double",
        "decimal(10,2)", "bigint", "bigint" };
    assert_int_equal(f->bs->ncols, (int)(sizeof want / sizeof *want));
    for (int i = 0; i < f->bs->ncols; i++)
        assert_string_equal(tname(f, i), want[i]);
    assert_string_equal(f->bs->cols[0].name, "_col0");

    /* comparisons coerce both sides to one type */
    expect_ok(f, "select id from customersdb.public.prices where p > q and s = b");
    const plan_node *flt = f->bs->plan->child;
    assert_int_equal(flt->kind, PN_FILTER);
    const plan_expr *and = flt->pred;
    assert_int_equal(and->kind, PX_AND);
    const plan_expr *gt = and->args[0];
    assert_int_equal(gt->args[0]->type.id, ENG_T_DECIMAL);
    assert_true(eng_type_equal(gt->args[0]->type, gt->args[1]->type));
    assert_int_equal(gt->args[0]->type.precision, 11);
    assert_int_equal(gt->args[0]->type.scale, 3);
    const plan_expr *eq = and->args[1];
    assert_int_equal(eq->args[0]->kind, PX_CAST);
    assert_int_equal(eq->args[0]->type.id, ENG_T_BIGINT);

    expect_ok(f, "select coalesce(s, prices.id, 2), case when prices.id > 1 then p else 0 end, "
                 "substr(first_name, 2), length(first_name), round(p), "
                 "nullif(prices.id, 3), year(order_date) "
                 "from customersdb.public.prices, customersdb.public.customers c, "
                 "ordersdb.public.orders o");
    static const char *const want2[] = { "integer", "decimal(12,2)", "varchar(255)",
                                         "bigint", "decimal(9,0)", "integer",
                                         "bigint" };
    for (int i = 0; i < 7; i++)
        assert_string_equal(tname(f, i), want2[i]);
}

/* Result types of typed literals, the new functions and aggregates, and
 * how the binder spells the aggregates it rewrites. */
/* array(T): the constructor's common super type, the subscript and the
 * array functions' result types, CAST targets, || over arrays, and the
 * errors with their positions. */
static void test_array_types(void **state)
{
    fixture *f = *state;
    expect_ok(f, "select array[1, 2], array[s, 2.5], array[], array[array[p]], "
                 "array[s][1], element_at(array['ab'], 1), cardinality(array[1]), "
                 "array_agg(first_name), split('a', ','), sequence(1, 3), "
                 "cast(null as array(array(date))), array[1] || 2, "
                 "array_join(array[1], ','), contains(array[1], 1.5), "
                 "array_position(array['a'], 'b'), flatten(array[array[1]]) "
                 "from customersdb.public.prices, customersdb.public.customers c "
                 "group by s, p");
    static const char *const want[] = {
        "array(integer)", "array(decimal(6,1))", "array(unknown)",
        "array(array(decimal(10,2)))", "smallint", "varchar(2)", "bigint",
        "array(varchar(255))", "array(varchar)", "array(bigint)",
        "array(array(date))", "array(integer)", "varchar", "boolean",
        "bigint", "array(integer)" };
    for (int i = 0; i < (int)(sizeof want / sizeof want[0]); i++)
        assert_string_equal(tname(f, i), want[i]);
    expect_err(f, "select array[1, 'a']", "42804", 17,
               "All ARRAY elements must be the same type: integer");
    expect_err(f, "select s[1] from customersdb.public.prices", "42804", 9,
               "Cannot use subscript on a value of type smallint");
    expect_err(f, "select cast(array[1] as varchar)", "42804", 8,
               "Cannot cast array(integer) to varchar");
    expect_err(f, "select cast('[1]' as array(integer))", "42804", 8,
               "Cannot cast varchar(3) to array(integer)");
    expect_ok(f, "select min(array[1])");     /* collected (bind_func_trino.c) */
    expect_err(f, "select min(array[1]) over ()", "0A000", 8,
               "min over array values is not supported");
    expect_err(f, "select arbitrary(array[1])", "0A000", 8,
               "arbitrary over array values is not supported");
    expect_err(f, "select array[1] || 'a'", "42804", 8,
               "Cannot apply operator: array(integer) || varchar(1)");
    expect_err(f, "select cardinality(5)", "42883", -1, NULL);
}

static void test_function_types(void **state)
{
    fixture *f = *state;
    expect_ok(f, "select DECIMAL '0.1', DECIMAL '-007.250', DECIMAL '0.1' + "
                 "DECIMAL '0.2', INTEGER '5', DATE '2020-01-01', power(s, 2), "
                 "truncate(p), truncate(q), truncate(d), truncate(prices.id), "
                 "lpad(first_name, 3, 'x'), split_part(first_name, ',', 1), "
                 "reverse(last_name), starts_with(first_name, 'a'), "
                 "regexp_extract(first_name, 'a'), regexp_replace(first_name, 'a'), "
                 "if(s > 1, p, 1), extract(dow from order_date), "
                 "date_trunc('week', order_date), date_add('day', s, order_date), "
                 "date_diff('day', order_date, order_date), "
                 "format_datetime(order_date, 'yyyy'), current_date, typeof(q) "
                 "from customersdb.public.prices, customersdb.public.customers c, "
                 "ordersdb.public.orders o");
    static const char *const want[] = {
        "decimal(1,1)", "decimal(4,3)", "decimal(2,1)", "integer", "date", "double",
        "decimal(8,0)", "decimal(2,0)", "double", "decimal(10,0)", "varchar",
        "varchar(255)", "varchar(255)", "boolean", "varchar(255)", "varchar(255)",
        "decimal(12,2)", "bigint", "date", "date", "bigint", "varchar", "date",
        "varchar" };
    assert_int_equal(f->bs->ncols, (int)(sizeof want / sizeof *want));
    for (int i = 0; i < f->bs->ncols; i++)
        assert_string_equal(tname(f, i), want[i]);

    expect_ok(f, "select stddev(s), var_pop(p), count_if(s > 1), bool_and(s > 1), "
                 "bool_or(s > 1), arbitrary(q), max_by(q, s), min_by(b, d), "
                 "approx_distinct(b), sum(p) filter (where s > 1) "
                 "from customersdb.public.prices");
    static const char *const want2[] = {
        "double", "double", "bigint", "boolean", "boolean", "decimal(5,3)",
        "decimal(5,3)", "bigint", "bigint", "decimal(38,2)" };
    for (int i = 0; i < 10; i++)
        assert_string_equal(tname(f, i), want2[i]);
    const plan_node *agg = f->bs->plan->child;
    while (agg && agg->kind != PN_AGG)
        agg = agg->child;
    assert_non_null(agg);
    assert_int_equal(agg->naggs, 10);
    assert_int_equal(agg->aggs[2].kind, PA_COUNT_STAR);      /* count_if */
    assert_non_null(agg->aggs[2].filter);
    assert_null(agg->aggs[2].arg);
    assert_int_equal(agg->aggs[3].kind, PA_MIN);             /* bool_and */
    assert_int_equal(agg->aggs[4].kind, PA_MAX);             /* bool_or */
    assert_int_equal(agg->aggs[6].kind, PA_MAX_BY);
    assert_non_null(agg->aggs[6].arg2);
    assert_int_equal(agg->aggs[8].kind, PA_COUNT);           /* approx_distinct */
    assert_true(agg->aggs[8].distinct);
    assert_non_null(agg->aggs[9].filter);

    expect_err(f, "select power('a', 2)", "42883", 8, NULL);
    expect_err(f, "select count_if(1) from customersdb.public.prices", "42883", 8, NULL);
    expect_err(f, "select max_by(s) from customersdb.public.prices", "42883", 8, NULL);
    expect_err(f, "select lower('a') filter (where true)", "42000", 8, NULL);
    expect_err(f, "select DECIMAL 'x1'", "22018", 8, NULL);
    expect_err(f, "select date_trunc('day', 'x')", "42883", 8, NULL);
}

/* Parses and binds sql with marker hints. */
static eng_rc bind_hints(fixture *f, const char *sql, const eng_type *h, int n)
{
    ast_stmt *s;
    memset(&f->err, 0, sizeof f->err);
    f->bs = NULL;
    eng_rc rc = parse_statement(sql, strlen(sql), f->a, &s, &f->err);
    if (rc)
        return rc;
    return bind_statement_params(f->c, s, h, n, f->a, &f->bs, &f->err);
}

static const char *ptype(fixture *f, int i)
{
    static char buf[64];
    return eng_type_name(f->bs->param_types[i], buf, sizeof buf);
}

static void test_param_types(void **state)
{
    fixture *f = *state;
    /* context types each marker; untyped ones stay unknown */
    expect_ok(f, "select ?, ? is null from customersdb.public.prices "
                 "where p = ? and s < ? and id + ? > 0 and p + ? > 0 "
                 "and d = ? and cast(? as date) is null "
                 "and lower(?) = 'x' and coalesce(?, b) = 1");
    assert_int_equal(f->bs->nparams, 10);
    static const char *const want[] = {
        "unknown", "unknown", "decimal(10,2)", "smallint", "bigint",
        "decimal(38,2)", "double", "date", "varchar", "bigint" };
    for (int i = 0; i < 10; i++)
        assert_string_equal(ptype(f, i), want[i]);
    assert_string_equal(tname(f, 0), "unknown");
    /* hints type the untyped ones and leave the rest to context */
    eng_type h[3] = { eng_type_decimal(10, 2), eng_type_make(ENG_T_UNKNOWN),
                      eng_type_varchar(0) };
    assert_int_equal(bind_hints(f, "select ?, ?, ? from customersdb.public."
                                   "prices where s = ?", h, 3), ENG_OK);
    assert_string_equal(tname(f, 0), "decimal(10,2)");
    assert_string_equal(tname(f, 1), "unknown");
    assert_string_equal(tname(f, 2), "varchar");
    assert_string_equal(ptype(f, 3), "smallint");
    /* EXPLAIN counts the markers of its statement */
    expect_ok(f, "explain select id from customersdb.public.prices "
                 "where id = ?");
    assert_int_equal(f->bs->nparams, 1);
    assert_string_equal(ptype(f, 0), "integer");
    /* two untyped markers given incompatible types: no coalesce fits */
    eng_type h2[2] = { eng_type_make(ENG_T_INTEGER), eng_type_varchar(0) };
    assert_int_equal(bind_hints(f, "select coalesce(?, ?)", h2, 2),
                     ENG_ERROR);
    assert_string_equal(f->err.sqlstate, "42883");
}

/* ---- grouping and ordering ---- */

static void test_group_by_ordinal(void **state)
{
    fixture *f = *state;
    expect_ok(f, "select user_id, min(order_date) as first_order, count(id) "
                 "from ordersdb.public.orders group by 1 having count(*) > 1");
    const plan_node *p = f->bs->plan;
    assert_int_equal(p->kind, PN_PROJECT);
    assert_int_equal(p->child->kind, PN_FILTER);
    const plan_node *g = p->child->child;
    assert_int_equal(g->kind, PN_AGG);
    assert_int_equal(g->ngroups, 1);
    assert_int_equal(g->groups[0]->kind, PX_COLREF);
    assert_int_equal(g->groups[0]->col, 1);
    assert_int_equal(g->naggs, 3);
    assert_int_equal(g->aggs[0].kind, PA_MIN);
    assert_int_equal(g->aggs[1].kind, PA_COUNT);
    assert_int_equal(g->aggs[2].kind, PA_COUNT_STAR);
    assert_string_equal(f->bs->cols[1].name, "first_order");
    assert_string_equal(f->bs->cols[2].name, "_col2");
    assert_string_equal(tname(f, 2), "bigint");
}

static void test_order_by(void **state)
{
    fixture *f = *state;
    expect_ok(f, "select id as k, first_name from customersdb.public.customers "
                 "order by k desc, 2 nulls first");
    const plan_node *s = f->bs->plan;
    assert_int_equal(s->kind, PN_SORT);
    assert_int_equal(s->nsort, 2);
    assert_int_equal(s->sort_keys[0]->col, 0);
    assert_true(s->sort_desc[0]);
    assert_false(s->sort_nulls_first[0]);
    assert_int_equal(s->sort_keys[1]->col, 1);
    assert_false(s->sort_desc[1]);
    assert_true(s->sort_nulls_first[1]);

    /* hidden sort column, dropped by a final projection */
    expect_ok(f, "select first_name from customersdb.public.customers "
                 "order by last_name limit 5");
    const plan_node *top = f->bs->plan;
    assert_int_equal(top->kind, PN_PROJECT);
    assert_int_equal(top->ncols, 1);
    assert_int_equal(top->child->kind, PN_LIMIT);
    assert_int_equal(top->child->limit, 5);
    assert_int_equal(top->child->child->kind, PN_SORT);
    assert_int_equal(top->child->child->sort_keys[0]->col, 1);
    assert_int_equal(top->child->child->child->ncols, 2);
    assert_int_equal(f->bs->ncols, 1);

    expect_err(f, "select id from customersdb.public.customers order by 2",
               "42P10", 54, NULL);
    expect_err(f, "select distinct first_name from customersdb.public.customers "
                  "order by id", "42P10", -1, NULL);
}

static void test_union(void **state)
{
    fixture *f = *state;
    expect_ok(f, "select id from customersdb.public.customers union "
                 "select amount from paymentsdb.public.payments order by 1");
    assert_int_equal(f->bs->plan->kind, PN_SORT);
    assert_int_equal(f->bs->plan->child->kind, PN_DISTINCT);
    assert_int_equal(f->bs->plan->child->child->kind, PN_UNION_ALL);
    expect_ok(f, "select s from customersdb.public.prices union all "
                 "select b from customersdb.public.prices");
    assert_string_equal(tname(f, 0), "bigint");
}

/* The first node of `kind` in a depth-first walk, or NULL. */
static const plan_node *find_node(const plan_node *n, plan_node_kind kind)
{
    if (!n || n->kind == kind)
        return n;
    const plan_node *r = find_node(n->child, kind);
    if (!r)
        r = find_node(n->left, kind);
    return r ? r : find_node(n->right, kind);
}

static void test_subqueries(void **state)
{
    fixture *f = *state;
    /* correlated EXISTS: the outer column is the subquery's argument */
    expect_ok(f, "select id from customersdb.public.customers c where exists "
                 "(select 1 from ordersdb.public.orders o where o.user_id = c.id)");
    const plan_node *flt = find_node(f->bs->plan, PN_FILTER);
    assert_non_null(flt);
    assert_string_equal(plan_expr_text(f->a, flt->pred), "(EXISTS(subquery with #0))");
    const plan_node *inner = find_node(flt->pred->subq->plan, PN_FILTER);
    assert_string_equal(plan_expr_text(f->a, inner->pred), "(#1 = outer#0)");
    /* NOT IN is NOT (= ANY); ALL negates the comparison */
    expect_ok(f, "select id not in (select user_id from ordersdb.public.orders), "
                 "id > all (select user_id from ordersdb.public.orders) "
                 "from customersdb.public.customers");
    const plan_node *pr = find_node(f->bs->plan, PN_PROJECT);
    assert_string_equal(plan_expr_text(f->a, pr->exprs[0]),
                        "(NOT (#0 = ANY(subquery)))");
    assert_string_equal(plan_expr_text(f->a, pr->exprs[1]),
                        "(NOT (#0 <= ANY(subquery)))");
    /* a column two levels up becomes an outer reference of the middle
     * query, which is then an argument of the inner subquery */
    expect_ok(f, "select id from customersdb.public.customers c where exists "
                 "(select 1 from ordersdb.public.orders o where exists (select 1 "
                 "from paymentsdb.public.payments p where p.order_id = o.id "
                 "and p.amount > c.id))");
    flt = find_node(f->bs->plan, PN_FILTER);
    assert_string_equal(plan_expr_text(f->a, flt->pred), "(EXISTS(subquery with #0))");
    const plan_node *mid = find_node(flt->pred->subq->plan, PN_FILTER);
    assert_string_equal(plan_expr_text(f->a, mid->pred),
                        "(EXISTS(subquery with #0, outer#0))");
    /* scalar subquery: its column's type; IN: operands coerced */
    expect_ok(f, "select (select max(order_date) from ordersdb.public.orders), "
                 "b in (select id from customersdb.public.customers) "
                 "from customersdb.public.prices");
    assert_string_equal(tname(f, 0), "date");
    assert_string_equal(tname(f, 1), "boolean");
    /* a correlated column must be grouped in an aggregate query */
    expect_err(f, "select count(*), (select 1 from ordersdb.public.orders o "
                  "where o.user_id = c.id) from customersdb.public.customers c",
               "42803", -1, NULL);
    expect_err(f, "select (select id, user_id from ordersdb.public.orders)",
               "42000", 8, "Multiple columns returned by subquery are not yet "
               "supported. Found 2");
    expect_err(f, "select 1 where exists (select nope from "
                  "ordersdb.public.orders)", "42703", 31, NULL);
}

static void test_values_setops(void **state)
{
    fixture *f = *state;
    expect_ok(f, "values (1, 'a'), (2.5, 'bcd')");
    assert_int_equal(f->bs->ncols, 2);
    assert_string_equal(tname(f, 0), "decimal(11,1)");
    assert_string_equal(tname(f, 1), "varchar(3)");
    assert_string_equal(f->bs->cols[0].name, "_col0");
    expect_ok(f, "select x, y from (values (1, null), (null, 2e0)) as t(x, y)");
    assert_string_equal(tname(f, 0), "integer");
    assert_string_equal(tname(f, 1), "double");
    /* a computed row becomes a projection, the constant run a VALUES */
    expect_ok(f, "values 1, 2, 1 + 2");
    assert_int_equal(f->bs->plan->kind, PN_UNION_ALL);
    expect_err(f, "values (1, 2), (3)", "42000", 16, NULL);
    expect_err(f, "values 1, 'a'", "42804", 11, NULL);
    expect_ok(f, "select s from customersdb.public.prices intersect all "
                 "select b from customersdb.public.prices");
    assert_int_equal(f->bs->plan->kind, PN_SETOP);
    assert_int_equal(f->bs->plan->setop, PS_INTERSECT);
    assert_true(f->bs->plan->setop_all);
    assert_string_equal(tname(f, 0), "bigint");
    expect_err(f, "select 1 except select 'a'", "42804", 1, NULL);
}

static void test_joins(void **state)
{
    fixture *f = *state;
    expect_ok(f, "select c.id, o.status from customersdb.public.customers c "
                 "left join ordersdb.public.orders o on c.id = o.user_id");
    const plan_node *j = f->bs->plan->child;
    assert_int_equal(j->kind, PN_JOIN);
    assert_int_equal(j->join_type, PJ_LEFT);
    assert_int_equal(j->nkeys, 0);
    assert_non_null(j->residual);
    assert_true(f->bs->cols[1].nullable);
    expect_ok(f, "select * from ordersdb.public.orders o join "
                 "paymentsdb.public.payments p using (id)");
    assert_int_equal(f->bs->ncols, 7);
}

static void test_show(void **state)
{
    fixture *f = *state;
    expect_ok(f, "show catalogs");
    const plan_node *v = f->bs->plan;
    assert_int_equal(v->kind, PN_VALUES);
    assert_string_equal(f->bs->cols[0].name, "Catalog");
    assert_int_equal(v->nrows, 3);
    static const char *const want[] = { "customersdb", "ordersdb", "paymentsdb" };
    for (int i = 0; i < 3; i++) {
        assert_int_equal(v->rows[i][0].u.s.len, strlen(want[i]));
        assert_memory_equal(v->rows[i][0].u.s.ptr, want[i], strlen(want[i]));
    }
    expect_ok(f, "show catalogs like 'p%'");
    assert_int_equal(f->bs->plan->nrows, 1);
    assert_memory_equal(f->bs->plan->rows[0][0].u.s.ptr, "paymentsdb", 10);
    expect_ok(f, "show tables from customersdb.public");
    assert_int_equal(f->bs->plan->nrows, 2);
    expect_ok(f, "describe ordersdb.public.orders");
    assert_int_equal(f->bs->ncols, 4);
    assert_int_equal(f->bs->plan->nrows, 4);
    assert_memory_equal(f->bs->plan->rows[2][1].u.s.ptr, "date", 4);
    expect_ok(f, "use ordersdb.public");
    assert_int_equal(f->bs->kind, EB_USE);
    assert_string_equal(f->bs->use_catalog, "ordersdb");
    assert_string_equal(f->bs->use_schema, "public");
    expect_err(f, "use nodb.x", "3D000", -1, "Catalog 'nodb' does not exist");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_three_part_name, setup, teardown),
        cmocka_unit_test_setup_teardown(test_many_stars, setup, teardown),
        cmocka_unit_test_setup_teardown(test_session_defaults, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cte_shadows_table, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cte_reads_cte, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unsupported_type, setup, teardown),
        cmocka_unit_test_setup_teardown(test_function_types, setup, teardown),
        cmocka_unit_test_setup_teardown(test_array_types, setup, teardown),
        cmocka_unit_test_setup_teardown(test_expression_types, setup, teardown),
        cmocka_unit_test_setup_teardown(test_param_types, setup, teardown),
        cmocka_unit_test_setup_teardown(test_group_by_ordinal, setup, teardown),
        cmocka_unit_test_setup_teardown(test_order_by, setup, teardown),
        cmocka_unit_test_setup_teardown(test_union, setup, teardown),
        cmocka_unit_test_setup_teardown(test_joins, setup, teardown),
        cmocka_unit_test_setup_teardown(test_subqueries, setup, teardown),
        cmocka_unit_test_setup_teardown(test_values_setops, setup, teardown),
        cmocka_unit_test_setup_teardown(test_show, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
