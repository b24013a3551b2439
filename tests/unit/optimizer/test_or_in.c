/*
 * tests/unit/optimizer/test_or_in.c
 *   The optimizer's OR-to-IN rewrite and the PostgreSQL connector's
 *   pushdown size bound, seen through the SQL a catalog receives: an OR of
 *   equalities on one column ships as one IN list, anything else stays an
 *   OR, and an OR chain too large to ship runs locally as an IN list.
 * Interface: main (cmocka).
 * Not here: the rest of pushdown (tests/unit/optimizer/test_pushdown.c).
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
#include "optimizer/optimizer.h"
#include "tests/unit/test_connector.h"

typedef struct fixture {
    eng_conn *c;
    tc_catalog *cat;
    eng_arena *a;
    eng_error err;
    plan_node *plan;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->c = tc_conn_new();
    f->cat = tc_catalog_new();
    tc_add_table(f->cat, "public", "customers", 2,
        (tc_colspec[]){ tc_col("id", ENG_T_INTEGER),
                        tc_col_t("first_name", eng_type_varchar(255)) });
    tc_state *st = tc_state_new(f->cat);
    st->shippable = eng_pg_connector.shippable;
    st->deparse = eng_pg_connector.deparse;
    tc_conn_add_catalog(f->c, "customersdb", &tc_connector_ops, st);
    f->a = eng_arena_create();
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    eng_close(f->c);
    tc_catalog_free(f->cat);
    eng_arena_destroy(f->a);
    free(f);
    return 0;
}

/* The first scan below n. */
static const plan_node *scan_of(const plan_node *n)
{
    while (n && n->kind != PN_SCAN)
        n = n->child ? n->child : n->left;
    return n;
}

/* The first filter below n, NULL if none. */
static const plan_node *filter_of(const plan_node *n)
{
    while (n && n->kind != PN_FILTER)
        n = n->child ? n->child : n->left;
    return n;
}

/* Parses, binds and optimizes sql into f->plan. */
static void plan(fixture *f, const char *sql)
{
    ast_stmt *s;
    eng_bound_stmt *bs;
    memset(&f->err, 0, sizeof f->err);
    eng_rc rc = parse_statement(sql, strlen(sql), f->a, &s, &f->err);
    if (!rc)
        rc = bind_statement(f->c, s, f->a, &bs, &f->err);
    if (!rc)
        rc = opt_optimize(f->c, &bs->plan, f->a, &f->err);
    if (rc)
        fprintf(stderr, "failed: %s %s\n", f->err.sqlstate, f->err.message);
    assert_int_equal(rc, ENG_OK);
    f->plan = bs->plan;
}

static void test_or_of_equalities_ships_as_in(void **state)
{
    fixture *f = *state;
    plan(f, "select first_name from customersdb.public.customers "
            "where id = 1 or id = 2 or 3 = id");
    const plan_node *s = scan_of(f->plan);
    assert_non_null(s);
    assert_string_equal(s->spec.sql,
                        "SELECT \"first_name\" FROM \"public\".\"customers\" "
                        "WHERE (\"id\" IN (1, 2, 3))");
    assert_null(filter_of(f->plan));
}

static void test_mixed_or_stays_or(void **state)
{
    fixture *f = *state;
    plan(f, "select id from customersdb.public.customers "
            "where id = 1 or id = 2 or first_name = 'x'");
    assert_string_equal(scan_of(f->plan)->spec.sql,
                        "SELECT \"id\" FROM \"public\".\"customers\" "
                        "WHERE ((\"id\" = 1) OR (\"id\" = 2) OR "
                        "(\"first_name\" = 'x'))");
    /* inside an AND, under NOT: rewritten where it is found */
    plan(f, "select id from customersdb.public.customers "
            "where first_name = 'x' and not (id = 1 or id = 2)");
    assert_string_equal(scan_of(f->plan)->spec.sql,
                        "SELECT \"id\" FROM \"public\".\"customers\" "
                        "WHERE (\"first_name\" = 'x') AND "
                        "(NOT (\"id\" IN (1, 2)))");
}

static void test_huge_or_runs_locally(void **state)
{
    fixture *f = *state;
    size_t cap = 4u << 20, len;
    char *sql = malloc(cap);
    len = (size_t)snprintf(sql, cap, "select count(*) from customersdb.public.customers "
                                     "where id = 0");
    for (int k = 1; k < 150000; k++)
        len += (size_t)snprintf(sql + len, cap - len, " or id = %d", k);
    plan(f, sql);
    free(sql);
    /* too large to ship (> 100,000 items): no remote filter, and the
     * local filter is one IN list */
    assert_string_equal(scan_of(f->plan)->spec.sql,
                        "SELECT \"id\" FROM \"public\".\"customers\"");
    const plan_node *flt = filter_of(f->plan);
    assert_non_null(flt);
    assert_int_equal(flt->pred->kind, PX_IN_LIST);
    assert_int_equal(flt->pred->nargs, 150001);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_or_of_equalities_ships_as_in, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mixed_or_stays_or, setup, teardown),
        cmocka_unit_test_setup_teardown(test_huge_or_runs_locally, setup, teardown),
    };
    return cmocka_run_group_tests_name("optimizer_or_in", tests, NULL, NULL);
}
