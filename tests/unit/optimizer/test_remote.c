/*
 * tests/unit/optimizer/test_remote.c
 *   Optimizer tests of the rules that push work to the catalogs: remote
 *   subtrees (the exact statement a catalog receives for aggregates,
 *   top-N, joins inside one catalog, and the output types), the build
 *   side by estimates, dynamic filters across joins, and switching each
 *   rule off (sess_set_optimizer), and the SQL of a whole plan one catalog
 *   computes (opt_source_sql). The PostgreSQL whitelist and deparser
 *   run over the in-memory test connector.
 * Interface: main (cmocka).
 * Not here: the deparser's shapes one by one
 *   (tests/unit/connector/test_pg_deparse.c), results (the differential
 *   ODBC test).
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
    tc_catalog *cats[3];
    eng_arena *a;
    eng_error err;
    plan_node *plan;
    int nscans, nremote;
    const plan_node *scans[8];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    static const char *const names[3] = { "customersdb", "ordersdb", "paymentsdb" };
    f->c = tc_conn_new();
    for (int i = 0; i < 3; i++)
        f->cats[i] = tc_catalog_new();
    tc_add_table(f->cats[0], "public", "customers", 3,
        (tc_colspec[]){ { "id", eng_type_make(ENG_T_INTEGER), true },
                        tc_col_t("first_name", eng_type_varchar(255)),
                        tc_col_t("last_name", eng_type_varchar(255)) });
    tc_add_table(f->cats[1], "public", "orders", 4,
        (tc_colspec[]){ tc_col("id", ENG_T_INTEGER), tc_col("user_id", ENG_T_INTEGER),
                        tc_col("order_date", ENG_T_DATE),
                        tc_col_t("status", eng_type_varchar(255)) });
    tc_add_table(f->cats[2], "public", "payments", 4,
        (tc_colspec[]){ tc_col("id", ENG_T_INTEGER), tc_col("order_id", ENG_T_INTEGER),
                        tc_col_t("payment_method", eng_type_varchar(128)),
                        tc_col("amount", ENG_T_INTEGER) });
    for (int i = 0; i < 3; i++) {
        tc_state *st = tc_state_new(f->cats[i]);
        st->shippable = eng_pg_connector.shippable;
        st->deparse = eng_pg_connector.deparse;
        st->shippable_node = eng_pg_connector.shippable_node;
        st->est_rows = i == 0 ? 100000 : i == 1 ? 99000 : 113000;
        tc_conn_add_catalog(f->c, names[i], &tc_connector_ops, st);
    }
    f->a = eng_arena_create();
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    eng_close(f->c);
    for (int i = 0; i < 3; i++)
        tc_catalog_free(f->cats[i]);
    eng_arena_destroy(f->a);
    free(f);
    return 0;
}

static void collect(fixture *f, const plan_node *n)
{
    if (!n)
        return;
    if (n->kind == PN_SCAN && f->nscans < 8)
        f->scans[f->nscans++] = n;
    if (n->kind == PN_SCAN && n->spec.remote)
        f->nremote++;
    collect(f, n->child);
    collect(f, n->left);
    collect(f, n->right);
}

/* Parses, binds and optimizes sql; scans are collected left to right. */
static void plan(fixture *f, const char *sql)
{
    ast_stmt *s;
    eng_bound_stmt *bs;
    memset(&f->err, 0, sizeof f->err);
    f->nscans = 0;
    f->nremote = 0;
    eng_rc rc = parse_statement(sql, strlen(sql), f->a, &s, &f->err);
    if (!rc)
        rc = bind_statement(f->c, s, f->a, &bs, &f->err);
    if (!rc)
        rc = opt_optimize(f->c, &bs->plan, f->a, &f->err);
    if (rc)
        fprintf(stderr, "failed: %s %s\n", f->err.sqlstate, f->err.message);
    assert_int_equal(rc, ENG_OK);
    f->plan = bs->plan;
    collect(f, f->plan);
}

static void expect_sql(fixture *f, int i, const char *sql)
{
    assert_true(i < f->nscans);
    assert_non_null(f->scans[i]->spec.sql);
    assert_string_equal(f->scans[i]->spec.sql, sql);
}

/* The first node of `kind` in a depth-first walk, or NULL. */
static const plan_node *find(const plan_node *n, plan_node_kind kind)
{
    if (!n)
        return NULL;
    if (n->kind == kind)
        return n;
    const plan_node *r = find(n->child, kind);
    if (!r)
        r = find(n->left, kind);
    if (!r)
        r = find(n->right, kind);
    return r;
}


/* Counts nodes of a kind outside remote subtrees. */
static int count_kind(const plan_node *n, plan_node_kind k)
{
    if (!n)
        return 0;
    return (n->kind == k) + count_kind(n->child, k) + count_kind(n->left, k) +
           count_kind(n->right, k);
}

static void test_count_star_whole_query(void **state)
{
    fixture *f = *state;
    plan(f, "select count(*) from paymentsdb.public.payments");
    assert_int_equal(f->nscans, 1);
    assert_int_equal(f->nremote, 1);
    assert_int_equal(f->plan->kind, PN_SCAN);
    assert_true(f->plan->types[0].id == ENG_T_BIGINT);
    expect_sql(f, 0, "SELECT CAST(s0.\"c0\" AS int8) AS \"c0\" FROM "
                     "(SELECT count(*) AS \"c0\" FROM (SELECT FROM "
                     "\"public\".\"payments\") s1) s0");
}

static void test_group_by_types(void **state)
{
    fixture *f = *state;
    plan(f, "select payment_method, count(*), sum(amount), avg(amount), "
            "min(payment_method) from paymentsdb.public.payments "
            "where amount > 0 group by payment_method");
    assert_int_equal(f->nremote, 1);
    /* the types the local plan would have produced: Trino's */
    const plan_node *s = f->scans[0];
    assert_int_equal(s->ncols, 5);
    assert_int_equal(s->types[0].id, ENG_T_VARCHAR);
    assert_int_equal(s->types[1].id, ENG_T_BIGINT);
    assert_int_equal(s->types[2].id, ENG_T_BIGINT);
    assert_int_equal(s->types[3].id, ENG_T_DOUBLE);
    assert_int_equal(s->types[4].id, ENG_T_VARCHAR);
    assert_non_null(strstr(s->spec.sql,
        "count(*) AS \"c1\", CAST(sum(s1.\"c1\") AS int8) AS \"c2\", "
        "(CAST(sum(s1.\"c1\") AS float8) / CAST(NULLIF(count(s1.\"c1\"), 0) "
        "AS float8)) AS \"c3\", min(s1.\"c0\" COLLATE \"C\") AS \"c4\""));
    assert_non_null(strstr(s->spec.sql, "WHERE (\"amount\" > 0)) s1 GROUP BY s1.\"c0\""));
}

static void test_sum_of_double_stays_local(void **state)
{
    fixture *f = *state;
    plan(f, "select sum(cast(amount as double)) from paymentsdb.public.payments");
    assert_int_equal(f->nremote, 0);
    assert_int_equal(count_kind(f->plan, PN_AGG), 1);
}

static void test_top_n(void **state)
{
    fixture *f = *state;
    plan(f, "select id, amount from paymentsdb.public.payments "
            "order by amount desc, id limit 10");
    assert_int_equal(f->nremote, 1);
    assert_int_equal(f->plan->kind, PN_SCAN);
    assert_non_null(strstr(f->scans[0]->spec.sql,
        "ORDER BY (s0.\"c1\") DESC NULLS LAST, (s0.\"c0\") ASC NULLS LAST LIMIT 10"));
    /* text ordering only with COLLATE "C" */
    plan(f, "select first_name from customersdb.public.customers "
            "order by first_name limit 3");
    assert_non_null(strstr(f->scans[0]->spec.sql, "COLLATE \"C\" ASC NULLS LAST LIMIT 3"));
}

static void test_join_inside_one_catalog(void **state)
{
    fixture *f = *state;
    plan(f, "select o1.id, o2.id from ordersdb.public.orders o1 "
            "join ordersdb.public.orders o2 on o1.user_id = o2.user_id "
            "where o1.status = 'returned'");
    assert_int_equal(f->nscans, 1);
    assert_int_equal(f->nremote, 1);
    assert_int_equal(count_kind(f->plan, PN_JOIN), 0);
    assert_non_null(strstr(f->scans[0]->spec.sql, " JOIN (SELECT"));
    assert_non_null(strstr(f->scans[0]->spec.sql, "WHERE (\"status\" = 'returned')"));
}

static void test_largest_subtree_per_catalog(void **state)
{
    fixture *f = *state;
    /* the per-user aggregate runs in ordersdb; the join with customers
     * (another catalog) stays local */
    plan(f, "select c.first_name, u.n from customersdb.public.customers c "
            "join (select user_id, count(*) as n from ordersdb.public.orders "
            "group by user_id) u on u.user_id = c.id");
    assert_int_equal(f->nscans, 2);
    assert_int_equal(f->nremote, 1);
    assert_int_equal(count_kind(f->plan, PN_JOIN), 1);
    assert_int_equal(count_kind(f->plan, PN_AGG), 0);
}

/* opt_source_sql: the SQL of a whole plan one catalog computes (an
 * INSERT's source for a catalog that takes it whole), or none. */
static void source_sql(fixture *f, const char *sql, int cat, const char *want)
{
    char *got = (char *)"unset";
    plan(f, sql);
    const plan_node *s = f->scans[0];
    const struct eng_catalog *c = cat < 0 ? s->catalog : f->scans[cat]->catalog;
    assert_int_equal(opt_source_sql(f->plan, c, f->a, &got, &f->err), ENG_OK);
    if (!want) {
        if (got)
            fail_msg("%s: got %s, want none", sql, got);
        return;
    }
    assert_non_null(got);
    assert_string_equal(got, want);
}

static void test_source_sql(void **state)
{
    fixture *f = *state;
    /* a scan with its filter, columns reordered */
    source_sql(f, "select status, id from ordersdb.public.orders where id < 5", -1,
               "SELECT q.\"status\", q.\"id\" FROM (SELECT \"id\", \"status\" FROM "
               "\"public\".\"orders\" WHERE (\"id\" < 5)) q");
    /* a remote subtree: its root's columns c0, c1 */
    plan(f, "select user_id, count(*) from ordersdb.public.orders group by user_id");
    assert_int_equal(f->nremote, 1);
    char *got = NULL;
    assert_int_equal(opt_source_sql(f->plan, f->scans[0]->catalog, f->a, &got, &f->err),
                     ENG_OK);
    assert_non_null(got);
    assert_true(!strncmp(got, "SELECT q.\"c0\", q.\"c1\" FROM (SELECT ", 33));
    assert_non_null(strstr(got, "GROUP BY"));
    /* none: a computed column, a local filter, another catalog's scan, a
     * join across catalogs */
    source_sql(f, "select status || 'x' from ordersdb.public.orders", -1, NULL);
    source_sql(f, "select id from ordersdb.public.orders where length(status) > 3", -1, NULL);
    source_sql(f, "select o.id from ordersdb.public.orders o "
                  "join customersdb.public.customers c on c.id = o.user_id", -1, NULL);
    source_sql(f, "select o.id from ordersdb.public.orders o "
                  "join customersdb.public.customers c on c.id = o.user_id", 1, NULL);
}

/* The selective query: the small side builds, its keys filter the others. */
static void test_selective_build_side_and_dynamic_filters(void **state)
{
    fixture *f = *state;
    const char *q = "select c.first_name, o.order_date, p.amount "
        "from customersdb.public.customers c "
        "join ordersdb.public.orders o on o.user_id = c.id "
        "join paymentsdb.public.payments p on p.order_id = o.id where c.id = 4242";
    plan(f, q);
    assert_int_equal(f->nscans, 3);
    const plan_node *pay = NULL, *ord = NULL;
    for (int i = 0; i < f->nscans; i++) {
        const char *t = f->scans[i]->spec.table->name;
        if (!strcmp(t, "payments"))
            pay = f->scans[i];
        else if (!strcmp(t, "orders"))
            ord = f->scans[i];
    }
    assert_non_null(pay);
    assert_non_null(ord);
    assert_int_equal(pay->spec.ndf, 1);
    assert_string_equal(pay->spec.table->cols[pay->spec.df[0].col].name, "order_id");
    assert_int_equal(ord->spec.ndf, 1);
    assert_string_equal(ord->spec.table->cols[ord->spec.df[0].col].name, "user_id");
    /* both joins build on the filtered side */
    const plan_node *j = find(f->plan, PN_JOIN);
    assert_true(j->swapped);
    assert_true(j->has_df);
    char *text = plan_explain(f->a, f->plan);
    assert_non_null(strstr(text, "build: swapped dynamic filter: df0"));
    assert_non_null(strstr(text, "dynamic filters: order_id IN df0"));

    /* each rule off: gone from the plan */
    assert_int_equal(sess_set_optimizer(f->c, "dynamic_filter=off", &f->err), ENG_OK);
    plan(f, q);
    for (int i = 0; i < f->nscans; i++)
        assert_int_equal(f->scans[i]->spec.ndf, 0);
    assert_int_equal(sess_set_optimizer(f->c, "dynamic_filter=on, build_side=off", &f->err),
                     ENG_OK);
    plan(f, q);
    assert_false(find(f->plan, PN_JOIN)->swapped);
    assert_int_equal(sess_set_optimizer(f->c, "all=on", &f->err), ENG_OK);
}

/* LEFT joins keep their probe rows: no dynamic filter; outer joins mirror
 * into RIGHT joins so the same side stays preserved. */
static void test_outer_joins(void **state)
{
    fixture *f = *state;
    plan(f, "select c.id, o.id from ordersdb.public.orders o "
            "left join customersdb.public.customers c on c.id = o.user_id "
            "where o.id = 7");
    const plan_node *j = find(f->plan, PN_JOIN);
    assert_true(j->swapped);
    assert_int_equal(j->join_type, PJ_RIGHT);
    /* RIGHT join: the probe (left, customers) may be filtered */
    assert_true(j->has_df);
    plan(f, "select c.id, o.id from customersdb.public.customers c "
            "left join ordersdb.public.orders o on c.id = o.user_id");
    j = find(f->plan, PN_JOIN);
    assert_false(j->has_df);
}

static void test_remote_off(void **state)
{
    fixture *f = *state;
    assert_int_equal(sess_set_optimizer(f->c, "remote_subtree=off", &f->err), ENG_OK);
    plan(f, "select count(*) from paymentsdb.public.payments");
    assert_int_equal(f->nremote, 0);
    expect_sql(f, 0, "SELECT FROM \"public\".\"payments\"");
    assert_int_equal(sess_set_optimizer(f->c, "bogus=off", &f->err), ENG_ERROR);
    assert_string_equal(f->err.sqlstate, "22023");
    assert_int_equal(sess_set_optimizer(f->c, "build_side=maybe", &f->err), ENG_ERROR);
    /* a failed setting changes nothing */
    assert_int_equal(f->c->opt_off, SESS_OPT_REMOTE_SUBTREE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_count_star_whole_query, setup, teardown),
        cmocka_unit_test_setup_teardown(test_group_by_types, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sum_of_double_stays_local, setup, teardown),
        cmocka_unit_test_setup_teardown(test_top_n, setup, teardown),
        cmocka_unit_test_setup_teardown(test_join_inside_one_catalog, setup, teardown),
        cmocka_unit_test_setup_teardown(test_largest_subtree_per_catalog, setup, teardown),
        cmocka_unit_test_setup_teardown(test_selective_build_side_and_dynamic_filters,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_outer_joins, setup, teardown),
        cmocka_unit_test_setup_teardown(test_remote_off, setup, teardown),
        cmocka_unit_test_setup_teardown(test_source_sql, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
