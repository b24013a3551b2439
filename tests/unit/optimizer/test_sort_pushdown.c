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
#include "opt_test_util.h"

static int setup(void **state)
{
    (void)state;
    ot_setup();
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
    /* customers the larger side: the build side rule would swap the
     * joins if keep_order did not stop it */
    return ot_register(cat_names, (const double[2]){ 1000, 10 },
                       "customersdb");
}

/* Optimizes and runs sql with the rule on, then off: the same rows in
 * the same order. Returns them; *moved tells whether the rule fired (the
 * plan's joins keep their probe order). */
static char *both(const char *sql, bool *moved)
{
    char *text;
    char *r = ot_both(sql, SESS_OPT_SORT_PUSHDOWN, "order: probe", false,
                      &text);
    *moved = strstr(text, "order: probe") != NULL;
    if (*moved)   /* the sort went into the customers catalog's SQL */
        assert_non_null(strstr(text, "RemoteQuery[customersdb]"));
    return r;
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
    plan_node *pl = ot_optimize("select c.id, s.n from " CU " left join "
                                "(select user_id, count(*) n from " OR
                                " group by 1) s on c.id = s.user_id "
                                "order by c.id");
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
    plan_node *pl = ot_optimize("select c.id, o.id from " CU " left join "
                                OR " on c.id = o.user_id order by c.id");
    assert_non_null(strstr(plan_explain(A, pl), "order: probe"));
    assert_string_equal(first_col(ot_run(pl, false)),
                        "1,1,2,3,3,4,5,6,7,7,8,9,NULL");
    pl = ot_optimize("select c.id, o.id from " CU " join " OR
                     " on c.id = o.user_id order by c.id desc nulls first");
    assert_non_null(strstr(plan_explain(A, pl), "order: probe"));
    assert_string_equal(first_col(ot_run(pl, false)), "7,7,4,3,3,1,1");
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
    plan_node *pl = ot_optimize("select c.id, s.n from " CU " left join "
                                "(select user_id, count(*) n from " OR
                                " group by 1) s on c.id = s.user_id "
                                "order by c.id");
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
        cmocka_unit_test_setup_teardown(test_left_model_shape, setup,
                                        ot_teardown),
        cmocka_unit_test_setup_teardown(test_many_matches_and_directions,
                                        setup, ot_teardown),
        cmocka_unit_test_setup_teardown(test_does_not_fire, setup,
                                        ot_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
