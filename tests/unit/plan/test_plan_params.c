/*
 * tests/unit/plan/test_plan_params.c
 *   Parameter markers in plans (engine/plan/plan_params.c): the types the
 *   markers carry, and the deep copy that puts bound values in their
 *   place without touching the original plan.
 * Interface: main (cmocka).
 * Not here: typing markers (tests/unit/binder/test_binder.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "plan/plan.h"

static eng_arena *A;

static plan_expr *param(int k, eng_type t)
{
    plan_expr *e = plan_expr_new(A, PX_PARAM, t);
    e->param = k;
    return e;
}

static plan_expr *op2(plan_op op, plan_expr *l, plan_expr *r)
{
    plan_expr *e = plan_expr_new(A, PX_OP, eng_type_make(ENG_T_BOOLEAN));
    e->op = op;
    e->nargs = 2;
    e->args = eng_arena_alloc(A, 2 * sizeof *e->args);
    e->args[0] = l;
    e->args[1] = r;
    return e;
}

/* FILTER(#0 = ?1 AND #1 = ?2) over PROJECT(?3) over VALUES. */
static plan_node *sample(void)
{
    plan_node *v = plan_node_new(A, PN_VALUES, 2);
    v->types[0] = eng_type_make(ENG_T_INTEGER);
    v->types[1] = eng_type_varchar(10);
    plan_node *p = plan_node_new(A, PN_PROJECT, 1);
    p->child = v;
    p->types[0] = eng_type_make(ENG_T_UNKNOWN);
    p->exprs = eng_arena_alloc(A, sizeof *p->exprs);
    p->exprs[0] = param(2, eng_type_make(ENG_T_UNKNOWN));
    plan_node *f = plan_node_new(A, PN_FILTER, 1);
    f->child = p;
    f->pred = plan_expr_new(A, PX_AND, eng_type_make(ENG_T_BOOLEAN));
    f->pred->nargs = 2;
    f->pred->args = eng_arena_alloc(A, 2 * sizeof(plan_expr *));
    f->pred->args[0] = op2(PO_EQ, plan_colref(A, 0, eng_type_make(ENG_T_INTEGER)),
                           param(0, eng_type_make(ENG_T_INTEGER)));
    f->pred->args[1] = op2(PO_EQ, plan_colref(A, 1, eng_type_varchar(10)),
                           param(1, eng_type_varchar(10)));
    return f;
}

static void test_types(void **state)
{
    (void)state;
    eng_type t[4];
    memset(t, 0, sizeof t);
    plan_param_types(sample(), t, 4);
    assert_int_equal(t[0].id, ENG_T_INTEGER);
    assert_int_equal(t[1].id, ENG_T_VARCHAR);
    assert_int_equal(t[2].id, ENG_T_UNKNOWN);   /* untyped */
    assert_int_equal(t[3].id, ENG_T_UNKNOWN);   /* absent */
}

static void test_copy_bound(void **state)
{
    (void)state;
    plan_node *orig = sample();
    char text[] = "it's";
    eng_value v[3];
    memset(v, 0, sizeof v);
    v[0].type = eng_type_make(ENG_T_BIGINT);    /* cast to integer */
    v[0].u.i = 7;
    v[1].type = eng_type_varchar(0);            /* kept whole */
    v[1].u.s.ptr = text;
    v[1].u.s.len = 4;
    v[2].type = eng_type_make(ENG_T_INTEGER);
    v[2].is_null = true;
    eng_error err;
    plan_node *c = plan_copy_bound(A, orig, v, 3, &err);
    assert_non_null(c);
    assert_ptr_not_equal(c, orig);
    const plan_expr *eq0 = c->pred->args[0];
    assert_int_equal(eq0->args[1]->kind, PX_CONST);
    assert_int_equal(eq0->args[1]->type.id, ENG_T_INTEGER);
    assert_int_equal(eq0->args[1]->value.u.i, 7);
    const plan_expr *eq1 = c->pred->args[1];
    assert_int_equal(eq1->args[1]->kind, PX_CONST);
    assert_int_equal(eq1->args[1]->value.u.s.len, 4);
    /* the bytes were copied: the caller's buffer may change */
    assert_ptr_not_equal(eq1->args[1]->value.u.s.ptr, text);
    text[0] = 'X';
    assert_memory_equal(eq1->args[1]->value.u.s.ptr, "it's", 4);
    const plan_expr *p2 = c->child->exprs[0];
    assert_int_equal(p2->kind, PX_CONST);
    assert_true(p2->value.is_null);
    /* the original keeps its markers */
    assert_int_equal(orig->pred->args[0]->args[1]->kind, PX_PARAM);
    assert_int_equal(orig->child->exprs[0]->kind, PX_PARAM);
    assert_ptr_not_equal(c->child, orig->child);
    /* a value that cannot be cast names its position; too few values */
    v[0].type = eng_type_varchar(0);
    v[0].u.s.ptr = "x";
    v[0].u.s.len = 1;
    assert_null(plan_copy_bound(A, orig, v, 3, &err));
    assert_string_equal(err.sqlstate, "22018");
    v[0] = v[2];
    assert_null(plan_copy_bound(A, orig, v, 1, &err));
    assert_string_equal(err.sqlstate, "07002");
    /* without values: an exact copy */
    c = plan_copy_bound(A, orig, NULL, 0, &err);
    assert_non_null(c);
    assert_int_equal(c->pred->args[1]->args[1]->kind, PX_PARAM);
}

static void test_copy_oom(void **state)
{
    (void)state;
    plan_node *orig = sample();
    eng_value v[3];
    memset(v, 0, sizeof v);
    for (int i = 0; i < 3; i++)
        v[i].is_null = true;
    /* every allocation of the copy failing in turn: NULL and HY001 */
    for (long n = 1;; n++) {
        eng_arena *a = eng_arena_create();
        eng_error err;
        memset(&err, 0, sizeof err);
        eng_alloc_fail_at(n);
        plan_node *c = plan_copy_bound(a, orig, v, 3, &err);
        eng_alloc_fail_at(0);
        eng_arena_destroy(a);
        if (c)
            break;
        assert_string_equal(err.sqlstate, "HY001");
        assert_true(n < 1000);
    }
}

int main(void)
{
    A = eng_arena_create();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_types),
        cmocka_unit_test(test_copy_bound),
        cmocka_unit_test(test_copy_oom),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    eng_arena_destroy(A);
    return rc;
}
