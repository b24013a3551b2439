/*
 * tests/unit/connector/test_sql_ship.c
 *   Unit tests of the one node walker of remote subtrees
 *   (engine/connector/sql_ship.c): the same shapes asked of PostgreSQL's
 *   and Trino's dialects, where their rules (data) differ and where they
 *   share the walker's own refusals, and the walker driven by a dialect
 *   made up here.
 * Interface: main (cmocka).
 * Not here: each dialect's full node and expression whitelists
 *   (test_pg_deparse.c, test_trino_connector.c), the SQL written.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "connector/sql_ship.h"
#include "fixture_plan.h"

static eng_type dec(int p, int s) { eng_type t = {ENG_T_DECIMAL, p, s, 0}; return t; }

static eng_column_def cols[] = {
    {"i", {ENG_T_INTEGER, 0, 0, 0}, true, 0, 0, "integer", 0},
    {"b", {ENG_T_BIGINT, 0, 0, 0}, true, 0, 0, "bigint", 0},
    {"d", {ENG_T_DOUBLE, 0, 0, 0}, true, 0, 0, "double", 0},
    {"ts", {ENG_T_TIMESTAMP, 6, 0, 0}, true, 0, 0, "timestamp(6)", 0},
    {"n1", {ENG_T_DECIMAL, 10, 2, 0}, true, 0, 0, "decimal(10,2)", 0},
    {"n2", {ENG_T_DECIMAL, 12, 2, 0}, true, 0, 0, "decimal(12,2)", 0},
    {"v", {ENG_T_VARCHAR, 0, 0, 0}, true, 0, 0, "varchar", 0},
};
static eng_table_def table = {"c", "s", "t", 7, cols, 0, 0, false};

/* A plain scan of table's columns c[0..n). */
static plan_node *scan(int n, const int *c) { return fx_scan(&table, n, c); }

/* One aggregate over a scan of column c. */
static plan_node *agg1(int c, plan_agg_kind kind, bool distinct, eng_type out)
{
    plan_node *g = plan_node_new(A, PN_AGG, 1);
    g->child = scan(1, &c);
    g->naggs = 1;
    g->aggs = eng_arena_calloc(A, sizeof(plan_agg));
    g->aggs[0].kind = kind;
    g->aggs[0].distinct = distinct;
    g->aggs[0].arg = plan_colref(A, 0, cols[c].type);
    g->aggs[0].type = out;
    g->types[0] = out;
    return g;
}

/* An inner join of scans of columns lc and rc on their equality. */
static plan_node *join1(int lc, int rc, plan_join_type jt)
{
    plan_node *j = plan_node_new(A, PN_JOIN, 2);
    j->join_type = jt;
    j->left = scan(1, &lc);
    j->right = scan(1, &rc);
    j->types[0] = cols[lc].type;
    j->types[1] = cols[rc].type;
    j->nkeys = 1;
    j->lkeys = eng_arena_alloc(A, sizeof(plan_expr *));
    j->rkeys = eng_arena_alloc(A, sizeof(plan_expr *));
    j->lkeys[0] = plan_colref(A, 0, cols[lc].type);
    j->rkeys[0] = plan_colref(A, 0, cols[rc].type);
    return j;
}

static bool pg(const plan_node *n) { return eng_pg_connector.shippable_node(NULL, n); }
static bool trino(const plan_node *n) { return eng_trino_connector.shippable_node(NULL, n); }

/* Where the two dialects' rules differ, each keeps its own answer. */
static void test_rules_differ(void **state)
{
    (void)state;
    /* avg of bigint: PostgreSQL sums exactly (numeric); Trino's bigint
     * sum could overflow where the engine's would not */
    plan_node *g = agg1(1, PA_AVG, false, T(ENG_T_DOUBLE));
    assert_true(pg(g));
    assert_false(trino(g));
    g = agg1(0, PA_AVG, false, T(ENG_T_DOUBLE));
    assert_true(pg(g));
    assert_true(trino(g));
    /* count(DISTINCT double): PostgreSQL's NaN = NaN; Trino's expression
     * whitelist ships no double column at all */
    g = agg1(2, PA_COUNT, true, T(ENG_T_BIGINT));
    assert_false(pg(g));
    assert_false(trino(g));
    g = agg1(2, PA_COUNT, false, T(ENG_T_BIGINT));
    assert_true(pg(g));
    assert_false(trino(g));
    /* min of timestamp: Trino's type, not a PostgreSQL output type */
    g = agg1(3, PA_MIN, false, cols[3].type);
    assert_false(pg(g));
    assert_true(trino(g));
    /* min of decimal as another precision: Trino wants the very type */
    g = agg1(4, PA_MIN, false, dec(12, 2));
    assert_true(pg(g));
    assert_false(trino(g));
    /* join keys of one type id, other precisions */
    plan_node *j = join1(4, 5, PJ_INNER);
    assert_true(pg(j));
    assert_false(trino(j));
    j = join1(4, 4, PJ_INNER);
    assert_true(pg(j));
    assert_true(trino(j));
    /* a char(n) column: Trino keeps them local */
    plan_node *s = scan(1, (int[]){6});
    assert_true(pg(s));
    assert_true(trino(s));
    s->types[0] = eng_type_char(3);
    assert_true(pg(s));
    assert_false(trino(s));
    /* a bare double column passes a Trino projection, though Trino's
     * expression whitelist does not know double; computed, it does not */
    plan_node *p = plan_node_new(A, PN_PROJECT, 1);
    p->child = scan(1, (int[]){2});
    p->types[0] = T(ENG_T_DOUBLE);
    p->exprs = eng_arena_alloc(A, sizeof(plan_expr *));
    p->exprs[0] = plan_colref(A, 0, T(ENG_T_DOUBLE));
    assert_true(pg(p));
    assert_true(trino(p));
    plan_node *f = plan_node_new(A, PN_FILTER, 1);
    f->child = p->child;
    f->types[0] = T(ENG_T_DOUBLE);
    plan_expr *cmp = plan_expr_new(A, PX_OP, T(ENG_T_BOOLEAN));
    cmp->op = PO_EQ;
    cmp->nargs = 2;
    cmp->args = eng_arena_alloc(A, 2 * sizeof(plan_expr *));
    cmp->args[0] = plan_colref(A, 0, T(ENG_T_DOUBLE));
    cmp->args[1] = plan_colref(A, 0, T(ENG_T_DOUBLE));
    f->pred = cmp;
    assert_false(trino(f));
}

/* What the walker refuses for every dialect. */
static void test_shared_refusals(void **state)
{
    (void)state;
    /* the join kinds of subqueries; FULL without keys */
    plan_node *j = join1(0, 0, PJ_SEMI);
    assert_false(pg(j));
    assert_false(trino(j));
    j = join1(0, 0, PJ_FULL);
    assert_true(pg(j));
    assert_true(trino(j));
    j->nkeys = 0;
    assert_false(pg(j));
    assert_false(trino(j));
    /* double join keys and group keys */
    j = join1(2, 2, PJ_INNER);
    assert_false(pg(j));
    assert_false(trino(j));
    plan_node *g = plan_node_new(A, PN_AGG, 1);
    g->child = scan(1, (int[]){2});
    g->ngroups = 1;
    g->groups = eng_arena_alloc(A, sizeof(plan_expr *));
    g->groups[0] = plan_colref(A, 0, T(ENG_T_DOUBLE));
    g->types[0] = T(ENG_T_DOUBLE);
    assert_false(pg(g));
    assert_false(trino(g));
    /* sum of double; an aggregate with FILTER */
    g = agg1(2, PA_SUM, false, T(ENG_T_DOUBLE));
    assert_false(pg(g));
    assert_false(trino(g));
    g = agg1(0, PA_COUNT, false, T(ENG_T_BIGINT));
    assert_true(pg(g));
    g->aggs[0].filter = plan_colref(A, 0, T(ENG_T_BOOLEAN));
    assert_false(pg(g));
    assert_false(trino(g));
    /* a filter that is not boolean; a scan that already is a subtree */
    plan_node *f = plan_node_new(A, PN_FILTER, 1);
    f->child = scan(1, (int[]){0});
    f->types[0] = T(ENG_T_INTEGER);
    f->pred = plan_colref(A, 0, T(ENG_T_INTEGER));
    assert_false(pg(f));
    assert_false(trino(f));
    plan_node *s = scan(1, (int[]){0});
    s->spec.remote = f;
    assert_false(pg(s));
    assert_false(trino(s));
    assert_false(pg(NULL));
    assert_false(trino(NULL));
}

static bool accept_all(void *state, const plan_expr *e)
{
    (void)state;
    return e != NULL;
}

/* The walker reads nothing but the dialect's data. */
static void test_made_up_dialect(void **state)
{
    (void)state;
    eng_sql_ship_rules r;
    memset(&r, 0, sizeof r);
    r.out_types = ENG_SQL_TYPE_BIT(ENG_T_INTEGER) | ENG_SQL_TYPE_BIT(ENG_T_DOUBLE);
    eng_sql_dialect d = {.name = "made-up", .shippable = accept_all, .ship = &r};
    plan_node *s = scan(1, (int[]){0});
    assert_true(eng_sql_shippable_node(&d, NULL, s));
    assert_false(eng_sql_shippable_node(&d, NULL, scan(1, (int[]){1})));
    /* min/max and avg only over the types the rules list */
    plan_node *g = agg1(0, PA_MAX, false, T(ENG_T_INTEGER));
    assert_false(eng_sql_shippable_node(&d, NULL, g));
    r.minmax_types = ENG_SQL_TYPE_BIT(ENG_T_INTEGER);
    assert_true(eng_sql_shippable_node(&d, NULL, g));
    g = agg1(0, PA_AVG, false, T(ENG_T_DOUBLE));
    assert_false(eng_sql_shippable_node(&d, NULL, g));
    r.avg_types = ENG_SQL_TYPE_BIT(ENG_T_INTEGER);
    assert_true(eng_sql_shippable_node(&d, NULL, g));
    /* the whole subtree, a scan's pushed filters included */
    plan_node *li = plan_node_new(A, PN_LIMIT, 1);
    li->child = g;
    li->types[0] = T(ENG_T_DOUBLE);
    li->limit = 3;
    assert_true(eng_sql_shippable_subtree(&d, NULL, li));
    g->child->spec.nfilters = 1;
    g->child->spec.filters = eng_arena_alloc(A, sizeof(plan_expr *));
    g->child->spec.filters[0] = plan_colref(A, 0, T(ENG_T_INTEGER));
    assert_false(eng_sql_shippable_subtree(&d, NULL, li));
    /* a dialect without rules ships no node */
    d.ship = NULL;
    assert_false(eng_sql_shippable_node(&d, NULL, s));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rules_differ),
        cmocka_unit_test(test_shared_refusals),
        cmocka_unit_test(test_made_up_dialect),
    };
    return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
