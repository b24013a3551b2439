/*
 * tests/unit/optimizer/test_sort_pushdown.c
 *   The sort pushdown rule (optimizer/sortpush.c) and the order-keeping
 *   hash join it relies on (exec/op_hash_join.c): an ORDER BY over the
 *   probe side of LEFT and INNER joins moves into that side's catalog,
 *   the top sort disappears, and the rows still come out in the order
 *   the query asked for (unmatched LEFT rows in place, several matches
 *   per probe row together, NULL keys, DESC and NULLS FIRST); where it
 *   must not fire (keys over the build side, LEFT with a residual, a
 *   LIMIT over the sort, remote subtrees or the rule off).
 *   Each query is run with the rule on and off: the rows must be the same
 *   and in the same order (the ORDER BY keys here are unique, so the order
 *   is total).
 * Interface: main (cmocka).
 * Not here: results through PostgreSQL (tests/odbc/test_differential.c
 *   runs its queries with the rule on and off).
 */
#include "../exec/exec_test_util.h"
#include "../test_connector.h"
#include "session/session.h"
#include "parser/parser.h"
#include "binder/binder.h"
#include "optimizer/optimizer.h"

static eng_conn *C;
static tc_catalog *CATS[2];

static int setup(void **state)
{
    (void)state;
    A = eng_arena_create();
    C = tc_conn_new();
    for (int i = 0; i < 2; i++)
        CATS[i] = tc_catalog_new();
    /* customers, stored out of order; one NULL id */
    tc_table *c = tc_add_table(CATS[0], "public", "customers", 2,
        (tc_colspec[]){ tc_col("id", ENG_T_INTEGER),
                        tc_col_t("name", eng_type_varchar(20)) });
    int ids[] = { 5, 2, 9, 1, 7, 3, 8, 4, 6 };
    const char *names[] = { "e", "b", "i", "a", "g", "c", "h", "d", "f" };
    for (int i = 0; i < 9; i++)
        tc_add_row(c, tc_int(ids[i]), tc_str(names[i]));
    tc_add_row(c, tc_null(ENG_T_INTEGER), tc_str("z"));
    /* orders: customers 1, 3 and 7 have two, 4 one, the others none; an
     * order of a customer that does not exist, one without a customer */
    tc_table *o = tc_add_table(CATS[1], "public", "orders", 3,
        (tc_colspec[]){ tc_col("id", ENG_T_INTEGER),
                        tc_col("user_id", ENG_T_INTEGER),
                        tc_col("amount", ENG_T_INTEGER) });
    int orows[][3] = { { 10, 1, 100 }, { 11, 3, 30 }, { 12, 1, 50 },
                       { 13, 7, 70 }, { 14, 4, 40 }, { 15, 7, 75 },
                       { 16, 3, 35 }, { 17, 42, 1 } };
    for (int i = 0; i < 8; i++)
        tc_add_row(o, tc_int(orows[i][0]), tc_int(orows[i][1]),
                   tc_int(orows[i][2]));
    tc_add_row(o, tc_int(18), tc_null(ENG_T_INTEGER), tc_int(2));
    static const char *const cat_names[2] = { "customersdb", "ordersdb" };
    for (int i = 0; i < 2; i++) {
        tc_state *st = tc_state_new(CATS[i]);
        st->shippable = eng_pg_connector.shippable;
        st->deparse = eng_pg_connector.deparse;
        st->shippable_node = eng_pg_connector.shippable_node;
        /* customers the larger side: the build side rule would swap the
         * joins if keep_order did not stop it */
        st->est_rows = i == 0 ? 1000 : 10;
        tc_conn_add_catalog(C, cat_names[i], &tc_connector_ops, st);
    }
    eng_set_default(C, "customersdb", "public", &ERR);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    eng_close(C);
    for (int i = 0; i < 2; i++)
        tc_catalog_free(CATS[i]);
    eng_arena_destroy(A);
    return 0;
}

/* Parses, binds and optimizes sql under the session's switches. */
static plan_node *optimize(const char *sql)
{
    ast_stmt *s;
    eng_bound_stmt *bs;
    eng_error err;
    memset(&err, 0, sizeof err);
    eng_rc rc = parse_statement(sql, strlen(sql), A, &s, &err);
    if (!rc)
        rc = bind_statement(C, s, A, &bs, &err);
    if (!rc)
        rc = opt_optimize(C, &bs->plan, A, &err);
    if (rc)
        fail_msg("%s: %s %s", sql, err.sqlstate, err.message);
    return bs->plan;
}

/* Replaces every remote subtree scan by the subtree itself, so that the
 * in-memory catalogs (which run no SQL) execute what the catalog would. */
static void expand(plan_node **slot)
{
    plan_node *n = *slot;
    if (!n)
        return;
    if (n->kind == PN_SCAN && n->spec.remote) {
        *slot = (plan_node *)n->spec.remote;
        expand(slot);
        return;
    }
    expand(&n->child);
    expand(&n->left);
    expand(&n->right);
}

/* Runs an optimized plan; rows in output order, as text. */
static char *run(plan_node *plan)
{
    expand(&plan);
    exec_ctx ctx = tu_ctx();
    ctx.conn = C;
    tu_result r = tu_run_ctx(&ctx, plan, false);
    if (r.rc != ENG_OK)
        fail_msg("run: %s %s", ERR.sqlstate, ERR.message);
    return r.text;
}

/* Optimizes and runs sql with the rule on, then off: the same rows in
 * the same order. Returns them; *moved tells whether the rule fired (the
 * plan's joins keep their probe order). */
static char *both(const char *sql, bool *moved)
{
    C->opt_off = 0;
    plan_node *on = optimize(sql);
    char *text = plan_explain(A, on);
    *moved = strstr(text, "order: probe") != NULL;
    if (*moved)   /* the sort went into the customers catalog's SQL */
        assert_non_null(strstr(text, "RemoteQuery[customersdb]"));
    char *r_on = run(on);
    C->opt_off = SESS_OPT_SORT_PUSHDOWN;
    plan_node *off = optimize(sql);
    assert_null(strstr(plan_explain(A, off), "order: probe"));
    char *r_off = run(off);
    C->opt_off = 0;
    if (strcmp(r_on, r_off))
        fail_msg("%s\nwith the rule:\n%swithout:\n%splan:\n%s", sql, r_on,
                 r_off, text);
    return r_on;
}

#define CU "customersdb.public.customers c"
#define OR "ordersdb.public.orders o"

/* The customers model's shape: LEFT joins of customers, ORDER BY its id;
 * customers without orders come out in place, NULL ids last. */
static void test_left_model_shape(void **state)
{
    (void)state;
    bool moved;
    char *r = both("select c.id, c.name, s.n, s.total from " CU " left join "
                   "(select user_id, count(*) n, sum(amount) total from " OR
                   " group by user_id) s on c.id = s.user_id order by c.id",
                   &moved);
    assert_true(moved);
    assert_string_equal(r,
        "1|a|2|150\n2|b|NULL|NULL\n3|c|2|65\n4|d|1|40\n5|e|NULL|NULL\n"
        "6|f|NULL|NULL\n7|g|2|145\n8|h|NULL|NULL\n9|i|NULL|NULL\n"
        "NULL|z|NULL|NULL\n");
    /* the top sort is gone: the plan's root is not a SORT */
    plan_node *pl = optimize("select c.id, s.n from " CU " left join (select "
                             "user_id, count(*) n from " OR " group by 1) s "
                             "on c.id = s.user_id order by c.id");
    const plan_node *n = pl;
    while (n && n->kind == PN_PROJECT)
        n = n->child;
    assert_non_null(n);
    assert_int_equal(n->kind, PN_JOIN);
    assert_true(n->keep_order);
    assert_false(n->swapped);
}

/* The first column of rows r (text "a|...\n"), joined with ','. */
static char *first_col(const char *r)
{
    char *out = eng_arena_alloc(A, strlen(r) + 1), *o = out;
    while (*r) {
        size_t n = strcspn(r, "|\n");
        memcpy(o, r, n);
        o += n;
        r = strchr(r, '\n');
        if (!r)
            break;
        r++;
        if (*r)
            *o++ = ',';
    }
    *o = '\0';
    return out;
}

/* Several matches per probe row (LEFT and INNER without aggregate: ties
 * of the order key, so only the key's order is checked), DESC with NULLS
 * FIRST, a key that is an expression of the probe side, an INNER
 * residual. */
static void test_many_matches_and_directions(void **state)
{
    (void)state;
    bool moved;
    plan_node *pl = optimize("select c.id, o.id from " CU " left join " OR
                             " on c.id = o.user_id order by c.id");
    assert_non_null(strstr(plan_explain(A, pl), "order: probe"));
    assert_string_equal(first_col(run(pl)), "1,1,2,3,3,4,5,6,7,7,8,9,NULL");
    pl = optimize("select c.id, o.id from " CU " join " OR
                  " on c.id = o.user_id order by c.id desc nulls first");
    assert_non_null(strstr(plan_explain(A, pl), "order: probe"));
    assert_string_equal(first_col(run(pl)), "7,7,4,3,3,1,1");
    char *r = both("select c.id, c.name, s.total from " CU " join (select "
                   "user_id, sum(amount) total from " OR " group by 1) s "
                   "on c.id = s.user_id order by c.name desc", &moved);
    assert_true(moved);
    assert_string_equal(r, "7|g|145\n4|d|40\n3|c|65\n1|a|150\n");
    r = both("select c.id, o.amount from " CU " join " OR
             " on c.id = o.user_id and (o.amount >= 100 or o.amount = c.id * 10) "
             "order by c.id * -1 nulls first", &moved);
    assert_true(moved);
    assert_string_equal(r, "7|70\n4|40\n3|30\n1|100\n");
    r = both("select c.id, s.n from " CU " left join (select user_id, "
             "count(*) n from " OR " group by 1) s on c.id = s.user_id "
             "order by c.id desc nulls first", &moved);
    assert_true(moved);
    assert_string_equal(r, "NULL|NULL\n9|NULL\n8|NULL\n7|2\n6|NULL\n5|NULL\n"
                           "4|1\n3|2\n2|NULL\n1|2\n");
    /* a key over the build side stays on top */
    both("select c.id, o.id from " CU " left join " OR
         " on c.id = o.user_id order by c.id desc nulls first, o.id", &moved);
    assert_false(moved);
}

/* Shapes it leaves alone. */
static void test_does_not_fire(void **state)
{
    (void)state;
    bool moved;
    /* LEFT with a residual: unmatched rows are only known per batch */
    both("select c.id, o.id from " CU " left join " OR " on c.id = o.user_id"
         " and o.amount > 40 order by c.id, o.id", &moved);
    assert_false(moved);
    /* a key over the build side */
    both("select c.id, s.n from " CU " left join (select user_id, count(*) n"
         " from " OR " group by 1) s on c.id = s.user_id order by s.n, c.id",
         &moved);
    assert_false(moved);
    /* top-N keeps its LIMIT over the sort */
    both("select c.id, s.n from " CU " left join (select user_id, count(*) n"
         " from " OR " group by 1) s on c.id = s.user_id order by c.id "
         "limit 3", &moved);
    assert_false(moved);
    /* the probe side's catalog cannot sort it (the customers side is a
     * cross-catalog join itself): nothing gained, nothing moved */
    both("select c.id, o.id from " CU " join " OR " on c.id = o.user_id "
         "join customersdb.public.customers c2 on c2.id = o.user_id "
         "order by c.id, o.id", &moved);
    assert_false(moved);
    /* remote subtrees off */
    C->opt_off = SESS_OPT_REMOTE_SUBTREE;
    plan_node *pl = optimize("select c.id, s.n from " CU " left join (select "
                             "user_id, count(*) n from " OR " group by 1) s "
                             "on c.id = s.user_id order by c.id");
    assert_null(strstr(plan_explain(A, pl), "order: probe"));
    C->opt_off = 0;
    /* the switch */
    eng_error err;
    assert_int_equal(sess_set_optimizer(C, "sort_pushdown=off", &err), ENG_OK);
    assert_int_equal(C->opt_off, SESS_OPT_SORT_PUSHDOWN);
    assert_int_equal(sess_set_optimizer(C, "all=off", &err), ENG_OK);
    assert_true(C->opt_off & SESS_OPT_SORT_PUSHDOWN);
    C->opt_off = 0;
}

int main(void)
{
    (void)tu_setup;      /* exec_test_util.h's; this file has its own */
    (void)tu_teardown;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_left_model_shape, setup, teardown),
        cmocka_unit_test_setup_teardown(test_many_matches_and_directions,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_does_not_fire, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
