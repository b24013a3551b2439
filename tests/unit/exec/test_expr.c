/*
 * tests/unit/exec/test_expr.c
 *   Vectorized expression evaluation: three-valued logic, overflow and
 *   division errors, lazy CASE / coalesce / AND, exact decimals, LIKE,
 *   IN with NULLs, casts and the scalar functions.
 * Not here: operators (test_operators.c).
 */
#include "exec_test_util.h"

/* Projects exprs over a VALUES node and returns the rendered rows. */
static tu_result proj(plan_node *vals, int n, plan_expr **exprs)
{
    eng_type types[16];
    for (int i = 0; i < n; i++)
        types[i] = exprs[i]->type;
    plan_node *p = N_over(PN_PROJECT, vals, n, types);
    p->exprs = eng_arena_alloc(A, sizeof(plan_expr *) * (size_t)n);
    memcpy(p->exprs, exprs, sizeof(plan_expr *) * (size_t)n);
    return tu_run(p, false);
}

/* One-row evaluation of a constant expression. */
static tu_result one(plan_expr *e)
{
    eng_value v = vi(0);
    plan_node *vals = N_values(1, (eng_type[]){ TI }, 1, &v);
    return proj(vals, 1, &e);
}

static void test_three_valued(void **state)
{
    (void)state;
    eng_value rows[18];
    eng_value tv[3] = { vbool(true), vbool(false), vnull(TBOOL) };
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            rows[(i * 3 + j) * 2] = tv[i];
            rows[(i * 3 + j) * 2 + 1] = tv[j];
        }
    plan_node *vals = N_values(2, (eng_type[]){ TBOOL, TBOOL }, 9, rows);
    plan_expr *a = X_col(0, TBOOL), *b = X_col(1, TBOOL);
    plan_expr *ex[3] = { X_n(PX_AND, TBOOL, 2, a, b), X_n(PX_OR, TBOOL, 2, a, b),
                       X_n(PX_NOT, TBOOL, 1, a) };
    tu_result r = proj(vals, 3, ex);
    assert_int_equal(r.rc, ENG_OK);
    assert_string_equal(r.text,
        "true|true|false\n"  "false|true|false\n" "NULL|true|false\n"
        "false|true|true\n"  "false|false|true\n" "false|NULL|true\n"
        "NULL|true|NULL\n"   "false|NULL|NULL\n"  "NULL|NULL|NULL\n");
}

static void test_comparisons_and_null(void **state)
{
    (void)state;
    eng_value rows[] = { vi(1), vi(2), vi(2), vi(2), vnull(TI), vi(1) };
    plan_node *vals = N_values(2, (eng_type[]){ TI, TI }, 3, rows);
    plan_expr *a = X_col(0, TI), *b = X_col(1, TI);
    plan_expr *isn = X_n(PX_IS_NULL, TBOOL, 1, a);
    plan_expr *ex[5] = { X_op(PO_LT, TBOOL, a, b), X_op(PO_EQ, TBOOL, a, b),
                       X_op(PO_IS_DISTINCT, TBOOL, a, b), isn,
                       X_op(PO_IS_NOT_DISTINCT, TBOOL, a, a) };
    tu_result r = proj(vals, 5, ex);
    assert_int_equal(r.rc, ENG_OK);
    assert_string_equal(r.text, "true|false|true|false|true\n"
                                "false|true|false|false|true\n"
                                "NULL|NULL|true|true|true\n");
    /* varchar by bytes, booleans false < true */
    eng_value rows2[] = { vs("abc"), vs("abd"), vs("\xc3\xa9"), vs("z") };
    vals = N_values(1, (eng_type[]){ TV }, 4, rows2);
    plan_expr *ex2[1] = { X_op(PO_GT, TBOOL, X_col(0, TV), X_const(vs("abcd"))) };
    r = proj(vals, 1, ex2);
    assert_string_equal(r.text, "false\ntrue\ntrue\ntrue\n");
    r = one(X_op(PO_LT, TBOOL, X_const(vbool(false)), X_const(vbool(true))));
    assert_string_equal(r.text, "true\n");
}

static void expect_err(tu_result r, const char *state, const char *msg)
{
    assert_int_equal(r.rc, ENG_ERROR);
    assert_string_equal(ERR.sqlstate, state);
    if (msg)
        assert_non_null(strstr(ERR.message, msg));
}

static void test_overflow(void **state)
{
    (void)state;
    plan_expr *e = X_op(PO_ADD, TI, X_const(vi(INT32_MAX)), X_const(vi(1)));
    e->pos = 7;
    expect_err(one(e), "22003", "integer overflow");
    assert_int_equal(ERR.position, 7);
    expect_err(one(X_op(PO_MUL, TB, X_const(vb(INT64_MAX / 2)), X_const(vb(3)))),
               "22003", "bigint overflow");
    expect_err(one(X_op(PO_NEG, TB, X_const(vb(INT64_MIN)), NULL)), "22003",
               "bigint overflow");
    expect_err(one(X_op(PO_NEG, TI, X_const(vi(INT32_MIN)), NULL)), "22003",
               "integer overflow");
    expect_err(one(X_op(PO_SUB, TI, X_const(vi(INT32_MIN)), X_const(vi(1)))),
               "22003", "integer overflow");
    tu_result r = one(X_op(PO_ADD, TB, X_const(vb(INT32_MAX)), X_const(vb(1))));
    assert_string_equal(r.text, "2147483648\n");
    /* NULL rows never overflow */
    eng_value rows[] = { vnull(TI), vi(5) };
    plan_node *vals = N_values(1, (eng_type[]){ TI }, 2, rows);
    plan_expr *ex[1] = { X_op(PO_ADD, TI, X_col(0, TI), X_const(vi(INT32_MAX - 5))) };
    r = proj(vals, 1, ex);
    assert_int_equal(r.rc, ENG_OK);
    assert_string_equal(r.text, "NULL\n2147483647\n");
}

static void test_division(void **state)
{
    (void)state;
    expect_err(one(X_op(PO_DIV, TI, X_const(vi(1)), X_const(vi(0)))), "22012",
               "Division by zero");
    expect_err(one(X_op(PO_MOD, TB, X_const(vb(1)), X_const(vb(0)))), "22012",
               NULL);
    tu_result r = one(X_op(PO_DIV, TI, X_const(vi(-7)), X_const(vi(2))));
    assert_string_equal(r.text, "-3\n");
    r = one(X_op(PO_MOD, TI, X_const(vi(-7)), X_const(vi(2))));
    assert_string_equal(r.text, "-1\n");
    r = one(X_op(PO_DIV, TD, X_const(vd(1.0)), X_const(vd(0.0))));
    assert_int_equal(r.rc, ENG_OK);
    assert_string_equal(r.text, "Infinity\n");
    expect_err(one(X_op(PO_DIV, TB, X_const(vb(INT64_MIN)), X_const(vb(-1)))),
               "22003", NULL);
}

static void test_lazy_branches(void **state)
{
    (void)state;
    eng_value rows[] = { vi(0), vi(5), vnull(TI) };
    plan_node *vals = N_values(1, (eng_type[]){ TI }, 3, rows);
    plan_expr *x = X_col(0, TI);
    /* CASE WHEN x <> 0 THEN 10 / x END */
    plan_expr *cs = X_n(PX_CASE, TI, 2, X_op(PO_NE, TBOOL, x, X_const(vi(0))),
                      X_op(PO_DIV, TI, X_const(vi(10)), x));
    /* CASE WHEN x = 0 THEN -1 ELSE 10 / x END */
    plan_expr *cs2 = X_n(PX_CASE, TI, 3, X_op(PO_EQ, TBOOL, x, X_const(vi(0))),
                       X_const(vi(-1)), X_op(PO_DIV, TI, X_const(vi(10)), x));
    cs2->has_else = true;
    /* x <> 0 AND 10 / x > 1 ; x = 0 OR 10 / x > 1 */
    plan_expr *gt = X_op(PO_GT, TBOOL, X_op(PO_DIV, TI, X_const(vi(10)), x),
                       X_const(vi(1)));
    plan_expr *an = X_n(PX_AND, TBOOL, 2, X_op(PO_NE, TBOOL, x, X_const(vi(0))), gt);
    plan_expr *orx = X_n(PX_OR, TBOOL, 2, X_op(PO_EQ, TBOOL, x, X_const(vi(0))), gt);
    /* coalesce(nullif(x, 0), 10 / x)-style: coalesce(1, 10 / x) */
    plan_expr *co = X_n(PX_FUNC, TI, 2, X_const(vi(1)),
                      X_op(PO_DIV, TI, X_const(vi(10)), x));
    co->func = "coalesce";
    plan_expr *ex[5] = { cs, cs2, an, orx, co };
    tu_result r = proj(vals, 5, ex);
    assert_int_equal(r.rc, ENG_OK);
    assert_string_equal(r.text, "NULL|-1|false|true|1\n"
                                "2|2|true|true|1\n"
                                "NULL|NULL|NULL|NULL|1\n");
}

static void test_decimal(void **state)
{
    (void)state;
    eng_type d21 = eng_type_decimal(2, 1), d31 = eng_type_decimal(3, 1);
    tu_result r = one(X_op(PO_ADD, d31, X_const(vdec(1, 2, 1)),
                           X_const(vdec(2, 2, 1))));
    assert_string_equal(r.text, "0.3\n");
    (void)d21;
    /* 1.00 / 3 -> decimal(?,2): 0.33; 2.00/3 = 0.67; -2.00/3 = -0.67 */
    eng_type d52 = eng_type_decimal(5, 2);
    eng_value rows[] = { vdec(100, 3, 2), vdec(200, 3, 2), vdec(-200, 3, 2),
                         vdec(5, 3, 2) };
    plan_node *vals = N_values(1, (eng_type[]){ eng_type_decimal(3, 2) }, 4, rows);
    plan_expr *ex[2] = {
        X_op(PO_DIV, d52, X_col(0, eng_type_decimal(3, 2)), X_const(vdec(3, 1, 0))),
        X_op(PO_MUL, eng_type_decimal(7, 4), X_col(0, eng_type_decimal(3, 2)),
             X_const(vdec(-150, 3, 2))) };
    r = proj(vals, 2, ex);
    assert_int_equal(r.rc, ENG_OK);
    assert_string_equal(r.text, "0.33|-1.5000\n0.67|-3.0000\n-0.67|3.0000\n"
                                "0.02|-0.0750\n");
    /* overflow beyond precision */
    expect_err(one(X_op(PO_ADD, eng_type_decimal(2, 0), X_const(vdec(99, 2, 0)),
                        X_const(vdec(1, 2, 0)))), "22003", NULL);
    expect_err(one(X_op(PO_DIV, d52, X_const(vdec(1, 2, 0)),
                        X_const(vdec(0, 2, 0)))), "22012", NULL);
    /* rescale when adding different scales: 1.5 + 0.25 = 1.75 */
    r = one(X_op(PO_ADD, eng_type_decimal(4, 2), X_const(vdec(15, 2, 1)),
                 X_const(vdec(25, 3, 2))));
    assert_string_equal(r.text, "1.75\n");
}

static void test_like(void **state)
{
    (void)state;
    eng_value rows[] = { vs("abc"), vs("a_c"), vs("\xc3\xa9t\xc3\xa9"), vs("") ,
                         vnull(TV) };
    plan_node *vals = N_values(1, (eng_type[]){ TV }, 5, rows);
    plan_expr *s = X_col(0, TV);
    plan_expr *l1 = X_n(PX_LIKE, TBOOL, 2, s, X_const(vs("a%")));
    plan_expr *l2 = X_n(PX_LIKE, TBOOL, 2, s, X_const(vs("_t_")));
    plan_expr *l3 = X_n(PX_LIKE, TBOOL, 3, s, X_const(vs("a!_c")), X_const(vs("!")));
    plan_expr *l4 = X_n(PX_LIKE, TBOOL, 2, s, X_const(vs("%")));
    plan_expr *l5 = X_n(PX_LIKE, TBOOL, 2, s, X_const(vs("%c")));
    l5->negated = true;
    plan_expr *ex[5] = { l1, l2, l3, l4, l5 };
    tu_result r = proj(vals, 5, ex);
    assert_int_equal(r.rc, ENG_OK);
    assert_string_equal(r.text, "true|false|false|true|false\n"
                                "true|false|true|true|false\n"
                                "false|true|false|true|true\n"
                                "false|false|false|true|true\n"
                                "NULL|NULL|NULL|NULL|NULL\n");
    expect_err(one(X_n(PX_LIKE, TBOOL, 3, X_const(vs("a")), X_const(vs("a!")),
                       X_const(vs("!")))), "22023", NULL);
}

static void test_in_list(void **state)
{
    (void)state;
    eng_value rows[] = { vi(1), vi(3), vnull(TI) };
    plan_node *vals = N_values(1, (eng_type[]){ TI }, 3, rows);
    plan_expr *x = X_col(0, TI);
    plan_expr *in1 = X_n(PX_IN_LIST, TBOOL, 3, x, X_const(vi(1)), X_const(vi(2)));
    plan_expr *in2 = X_n(PX_IN_LIST, TBOOL, 3, x, X_const(vi(1)), X_const(vnull(TI)));
    plan_expr *in3 = X_n(PX_IN_LIST, TBOOL, 3, x, X_const(vi(1)), X_const(vnull(TI)));
    in3->negated = true;
    plan_expr *in4 = X_n(PX_IN_LIST, TBOOL, 3, x, X_const(vi(1)), X_const(vi(2)));
    in4->negated = true;
    plan_expr *ex[4] = { in1, in2, in3, in4 };
    tu_result r = proj(vals, 4, ex);
    assert_string_equal(r.text, "true|true|false|false\n"
                                "false|NULL|NULL|true\n"
                                "NULL|NULL|NULL|NULL\n");
}

/* An IN list of `m` integer constants 1, 2, 4, 5, ... (3 is skipped),
 * plus a NULL item when with_null: long enough for the hashed path. */
static plan_expr *long_in(plan_expr *x, int m, bool with_null, bool negated)
{
    plan_expr *e = plan_expr_new(A, PX_IN_LIST, TBOOL);
    e->nargs = 1 + m + (with_null ? 1 : 0);
    e->args = eng_arena_alloc(A, sizeof(plan_expr *) * (size_t)e->nargs);
    e->args[0] = x;
    for (int k = 0, v = 1; k < m; k++, v++) {
        if (v == 3)
            v++;
        e->args[1 + k] = X_const(vi(v));
    }
    if (with_null)
        e->args[1 + m] = X_const(vnull(TI));
    e->negated = negated;
    return e;
}

/* The hashed path for long constant lists gives the same three-valued
 * answers as the short path above. */
static void test_in_list_long(void **state)
{
    (void)state;
    eng_value rows[] = { vi(1), vi(3), vnull(TI), vi(21), vi(22) };
    plan_node *vals = N_values(1, (eng_type[]){ TI }, 5, rows);
    plan_expr *x = X_col(0, TI);
    plan_expr *ex[4] = { long_in(x, 20, false, false), long_in(x, 20, true, false),
                       long_in(x, 20, true, true), long_in(x, 20, false, true) };
    tu_result r = proj(vals, 4, ex);
    assert_string_equal(r.text, "true|true|false|false\n"
                                "false|NULL|NULL|true\n"
                                "NULL|NULL|NULL|NULL\n"
                                "true|true|false|false\n"
                                "false|NULL|NULL|true\n");
}

static plan_expr *F(const char *name, eng_type t, int n, ...)
{
    plan_expr *e = plan_expr_new(A, PX_FUNC, t);
    e->func = name;
    e->nargs = n;
    e->args = eng_arena_alloc(A, sizeof(plan_expr *) * (size_t)(n + 1));
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++)
        e->args[i] = va_arg(ap, plan_expr *);
    va_end(ap);
    return e;
}

static void test_functions(void **state)
{
    (void)state;
    plan_expr *s = X_const(vs("H\xc3\xa9llo W\xc3\xb6rld"));
    plan_expr *ex[] = {
        F("lower", TV, 1, s), F("upper", TV, 1, s), F("length", TB, 1, s),
        F("substr", TV, 3, s, X_const(vb(2)), X_const(vb(4))),
        F("substr", TV, 2, s, X_const(vb(-3))),
        F("strpos", TB, 2, s, X_const(vs("W"))),
        F("replace", TV, 3, s, X_const(vs("l")), X_const(vs("L"))),
        F("trim", TV, 1, X_const(vs("  a b  "))),
        F("concat", TV, 3, X_const(vs("a")), X_const(vs("b")), X_const(vs("c"))),
        F("concat", TV, 2, X_const(vs("a")), X_const(vnull(TV))),
    };
    int n = (int)(sizeof ex / sizeof ex[0]);
    eng_value v = vi(0);
    tu_result r = proj(N_values(1, (eng_type[]){ TI }, 1, &v), n, ex);
    assert_int_equal(r.rc, ENG_OK);
    assert_string_equal(r.text, "h\xc3\xa9llo w\xc3\xb6rld|H\xc3\x89LLO W\xc3\x96RLD|"
                        "11|\xc3\xa9llo|rld|7|H\xc3\xa9LLo W\xc3\xb6rLd|a b|abc|NULL\n");
    eng_type d52 = eng_type_decimal(5, 2);
    plan_expr *ex2[] = {
        F("round", eng_type_decimal(4, 0), 1, X_const(vdec(-1250, 5, 2))),
        F("round", d52, 2, X_const(vdec(12345, 5, 2)), X_const(vi(1))),
        F("round", TD, 1, X_const(vd(2.5))),
        F("abs", TI, 1, X_const(vi(-4))),
        F("floor", eng_type_decimal(4, 0), 1, X_const(vdec(-1250, 5, 2))),
        F("ceil", TD, 1, X_const(vd(1.2))),
        F("mod", TI, 2, X_const(vi(7)), X_const(vi(-3))),
        F("sign", TI, 1, X_const(vi(-9))),
        F("greatest", TI, 3, X_const(vi(1)), X_const(vi(9)), X_const(vi(3))),
        F("least", TI, 2, X_const(vi(1)), X_const(vnull(TI))),
        F("year", TB, 1, X_const((eng_value){ .type = { ENG_T_DATE, 0, 0, 0 },
                                             .u.date = eng_date_from_ymd(2024, 2, 29) })),
        F("day", TB, 1, X_const((eng_value){ .type = { ENG_T_DATE, 0, 0, 0 },
                                            .u.date = eng_date_from_ymd(2024, 2, 29) })),
    };
    n = (int)(sizeof ex2 / sizeof ex2[0]);
    r = proj(N_values(1, (eng_type[]){ TI }, 1, &v), n, ex2);
    assert_int_equal(r.rc, ENG_OK);
    assert_string_equal(r.text, "-13|123.50|3.0|4|-13|2.0|1|-1|9|NULL|2024|29\n");
    expect_err(one(F("abs", TI, 1, X_const(vi(INT32_MIN)))), "22003", NULL);
}

static void test_cast(void **state)
{
    (void)state;
    plan_expr *c1 = X_n(PX_CAST, TB, 1, X_const(vi(5)));
    plan_expr *c2 = X_n(PX_CAST, TI, 1, X_const(vs("12")));
    plan_expr *c3 = X_n(PX_CAST, TI, 1, X_const(vs("x")));
    c3->is_try = true;
    plan_expr *c4 = X_n(PX_CAST, TD, 1, X_const(vi(3)));
    plan_expr *ex[4] = { c1, c2, c3, c4 };
    eng_value v = vi(0);
    tu_result r = proj(N_values(1, (eng_type[]){ TI }, 1, &v), 4, ex);
    assert_int_equal(r.rc, ENG_OK);
    assert_string_equal(r.text, "5|12|NULL|3.0\n");
    expect_err(one(X_n(PX_CAST, TI, 1, X_const(vs("x")))), "22018", NULL);
    expect_err(one(X_n(PX_CAST, T(ENG_T_SMALLINT), 1, X_const(vi(70000)))),
               "22003", NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_three_valued, tu_setup, tu_teardown),
        cmocka_unit_test_setup_teardown(test_comparisons_and_null, tu_setup, tu_teardown),
        cmocka_unit_test_setup_teardown(test_overflow, tu_setup, tu_teardown),
        cmocka_unit_test_setup_teardown(test_division, tu_setup, tu_teardown),
        cmocka_unit_test_setup_teardown(test_lazy_branches, tu_setup, tu_teardown),
        cmocka_unit_test_setup_teardown(test_decimal, tu_setup, tu_teardown),
        cmocka_unit_test_setup_teardown(test_like, tu_setup, tu_teardown),
        cmocka_unit_test_setup_teardown(test_in_list, tu_setup, tu_teardown),
        cmocka_unit_test_setup_teardown(test_in_list_long, tu_setup, tu_teardown),
        cmocka_unit_test_setup_teardown(test_functions, tu_setup, tu_teardown),
        cmocka_unit_test_setup_teardown(test_cast, tu_setup, tu_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
