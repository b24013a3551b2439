/*
 * tests/unit/plan/test_plan_util.c
 *   Unit tests of engine/plan/plan_util.c and explain.c: constructors,
 *   expression text and the EXPLAIN text of a hand-built plan.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "plan/plan.h"

static eng_arena *A;

static int setup(void **state)
{
    (void)state;
    A = eng_arena_create();
    return A ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    eng_arena_destroy(A);
    return 0;
}

static eng_type T(eng_type_id id)
{
    return eng_type_make(id);
}

static plan_expr *col(int c)
{
    return plan_colref(A, c, T(ENG_T_INTEGER));
}

static plan_expr *ival(int64_t i)
{
    eng_value v;
    memset(&v, 0, sizeof v);
    v.type = T(ENG_T_INTEGER);
    v.u.i = i;
    return plan_const(A, &v);
}

static plan_expr *sval(const char *s)
{
    eng_value v;
    memset(&v, 0, sizeof v);
    v.type = eng_type_varchar(0);
    v.u.s.ptr = s;
    v.u.s.len = (uint32_t)strlen(s);
    return plan_const(A, &v);
}

static plan_expr *node(plan_expr_kind k, eng_type t, int nargs, ...)
{
    plan_expr *e = plan_expr_new(A, k, t);
    e->nargs = nargs;
    e->args = eng_arena_calloc(A, sizeof(plan_expr *) * (size_t)(nargs ? nargs : 1));
    va_list ap;
    va_start(ap, nargs);
    for (int i = 0; i < nargs; i++)
        e->args[i] = va_arg(ap, plan_expr *);
    va_end(ap);
    return e;
}

static plan_expr *op(plan_op o, plan_expr *l, plan_expr *r)
{
    plan_expr *e = node(PX_OP, T(ENG_T_BOOLEAN), 2, l, r);
    e->op = o;
    return e;
}

static void test_constructors(void **state)
{
    (void)state;
    plan_node *n = plan_node_new(A, PN_PROJECT, 3);
    assert_non_null(n);
    assert_int_equal(n->kind, PN_PROJECT);
    assert_int_equal(n->ncols, 3);
    assert_int_equal(n->limit, -1);
    assert_int_equal(n->spec.limit, -1);
    assert_null(n->names[2]);
    assert_int_equal(n->types[2].id, ENG_T_UNKNOWN);
    assert_null(n->child);
    plan_node *z = plan_node_new(A, PN_VALUES, 0);
    assert_non_null(z);
    assert_int_equal(z->ncols, 0);

    char buf[] = "abc";
    plan_expr *c = sval(buf);
    buf[0] = 'x';
    assert_memory_equal(c->value.u.s.ptr, "abc", 3);
    assert_int_equal(c->kind, PX_CONST);
    plan_expr *r = plan_colref(A, 4, eng_type_decimal(10, 2));
    assert_int_equal(r->kind, PX_COLREF);
    assert_int_equal(r->col, 4);
    assert_int_equal(r->type.scale, 2);
}

static void test_expr_text(void **state)
{
    (void)state;
    assert_string_equal(plan_expr_text(A, col(3)), "#3");
    assert_string_equal(plan_expr_text(A, op(PO_ADD, col(1), ival(2))), "(#1 + 2)");
    assert_string_equal(plan_expr_text(A, sval("it's")), "'it''s'");

    plan_expr *neg = node(PX_OP, T(ENG_T_INTEGER), 1, col(0));
    neg->op = PO_NEG;
    assert_string_equal(plan_expr_text(A, neg), "(-#0)");

    plan_expr *and = node(PX_AND, T(ENG_T_BOOLEAN), 3, op(PO_GT, col(0), ival(5)),
                        op(PO_NE, col(1), sval("x")),
                        op(PO_IS_DISTINCT, col(2), col(3)));
    assert_string_equal(plan_expr_text(A, and),
                        "((#0 > 5) AND (#1 <> 'x') AND (#2 IS DISTINCT FROM #3))");
    plan_expr *not = node(PX_NOT, T(ENG_T_BOOLEAN), 1,
                        node(PX_OR, T(ENG_T_BOOLEAN), 2, col(0), col(1)));
    assert_string_equal(plan_expr_text(A, not), "(NOT (#0 OR #1))");
    plan_expr *isn = node(PX_IS_NULL, T(ENG_T_BOOLEAN), 1, col(2));
    isn->negated = true;
    assert_string_equal(plan_expr_text(A, isn), "(#2 IS NOT NULL)");

    plan_expr *cs = node(PX_CASE, T(ENG_T_VARCHAR), 5, op(PO_LT, col(0), ival(0)),
                       sval("neg"), op(PO_EQ, col(0), ival(0)), sval("zero"),
                       sval("pos"));
    cs->has_else = true;
    assert_string_equal(plan_expr_text(A, cs),
                        "CASE WHEN (#0 < 0) THEN 'neg' WHEN (#0 = 0) THEN 'zero' ELSE 'pos' END");
    cs->has_else = false;
    cs->nargs = 4;
    assert_string_equal(plan_expr_text(A, cs),
                        "CASE WHEN (#0 < 0) THEN 'neg' WHEN (#0 = 0) THEN 'zero' END");

    plan_expr *cast = node(PX_CAST, eng_type_decimal(10, 2), 1, col(1));
    assert_string_equal(plan_expr_text(A, cast), "CAST(#1 AS decimal(10,2))");
    cast->is_try = true;
    assert_string_equal(plan_expr_text(A, cast), "TRY_CAST(#1 AS decimal(10,2))");

    plan_expr *in = node(PX_IN_LIST, T(ENG_T_BOOLEAN), 3, col(0), ival(1), ival(2));
    assert_string_equal(plan_expr_text(A, in), "(#0 IN (1, 2))");
    in->negated = true;
    assert_string_equal(plan_expr_text(A, in), "(#0 NOT IN (1, 2))");

    plan_expr *like = node(PX_LIKE, T(ENG_T_BOOLEAN), 2, col(1), sval("a%"));
    assert_string_equal(plan_expr_text(A, like), "(#1 LIKE 'a%')");
    like = node(PX_LIKE, T(ENG_T_BOOLEAN), 3, col(1), sval("a!%"), sval("!"));
    like->negated = true;
    assert_string_equal(plan_expr_text(A, like), "(#1 NOT LIKE 'a!%' ESCAPE '!')");

    plan_expr *fn = node(PX_FUNC, T(ENG_T_VARCHAR), 2, col(0), sval("?"));
    fn->func = "coalesce";
    assert_string_equal(plan_expr_text(A, fn), "coalesce(#0, '?')");
    fn = node(PX_FUNC, T(ENG_T_DATE), 0);
    fn->func = "current_date";
    assert_string_equal(plan_expr_text(A, fn), "current_date()");

    plan_expr *p = plan_expr_new(A, PX_PARAM, T(ENG_T_INTEGER));
    p->param = 0;
    assert_string_equal(plan_expr_text(A, p), "?1");

    /* constants of every type */
    eng_value v;
    memset(&v, 0, sizeof v);
    v.type = eng_type_decimal(10, 2);
    v.u.dec = -1250;
    assert_string_equal(plan_expr_text(A, plan_const(A, &v)), "-12.50");
    v.type = T(ENG_T_DOUBLE);
    v.u.d = 1.5;
    assert_string_equal(plan_expr_text(A, plan_const(A, &v)), "DOUBLE '1.5'");
    v.type = T(ENG_T_DATE);
    v.u.date = 0;
    assert_string_equal(plan_expr_text(A, plan_const(A, &v)), "DATE '1970-01-01'");
    v.type = T(ENG_T_BOOLEAN);
    v.u.b = true;
    assert_string_equal(plan_expr_text(A, plan_const(A, &v)), "true");
    v.type = T(ENG_T_BIGINT);
    v.is_null = true;
    assert_string_equal(plan_expr_text(A, plan_const(A, &v)), "NULL");
}

static eng_table_def *table(const char *name, int ncols, const char **cols)
{
    eng_table_def *t = eng_arena_calloc(A, sizeof *t);
    t->catalog = "db";
    t->schema = "public";
    t->name = (char *)name;
    t->ncols = ncols;
    t->cols = eng_arena_calloc(A, sizeof(eng_column_def) * (size_t)ncols);
    for (int i = 0; i < ncols; i++) {
        t->cols[i].name = (char *)cols[i];
        t->cols[i].type = T(ENG_T_INTEGER);
    }
    return t;
}

static plan_node *scan(eng_table_def *t, int ncols, int *cols)
{
    plan_node *n = plan_node_new(A, PN_SCAN, ncols);
    n->spec.table = t;
    n->spec.ncols = ncols;
    n->spec.cols = cols;
    return n;
}

/* Builds: Limit / Sort / Aggregate / Filter / Join(Scan, Scan). */
static plan_node *sample_plan(void)
{
    static const char *ccols[] = {"id", "first_name", "last_name"};
    static const char *ocols[] = {"id", "user_id", "order_date", "status"};
    static int cproj[] = {0, 1, 2};
    static int oproj[] = {1, 3};
    plan_node *l = scan(table("customers", 3, ccols), 3, cproj);
    l->spec.sql = "SELECT \"id\", \"first_name\", \"last_name\" FROM \"public\".\"customers\"";
    plan_node *r = scan(table("orders", 4, ocols), 2, oproj);
    r->spec.nfilters = 1;
    r->spec.filters = eng_arena_calloc(A, sizeof(plan_expr *));
    r->spec.filters[0] = op(PO_EQ, col(3), sval("completed"));
    r->spec.limit = 100;

    plan_node *j = plan_node_new(A, PN_JOIN, 5);
    j->join_type = PJ_LEFT;
    j->left = l;
    j->right = r;
    j->nkeys = 1;
    j->lkeys = eng_arena_calloc(A, sizeof(plan_expr *));
    j->rkeys = eng_arena_calloc(A, sizeof(plan_expr *));
    j->lkeys[0] = col(0);
    j->rkeys[0] = col(0); /* right column 0 = join column #3 */
    j->residual = op(PO_NE, col(1), col(4));

    plan_node *f = plan_node_new(A, PN_FILTER, 5);
    f->child = j;
    f->pred = op(PO_GT, col(0), ival(5));

    plan_node *g = plan_node_new(A, PN_AGG, 4);
    g->child = f;
    g->ngroups = 1;
    g->groups = eng_arena_calloc(A, sizeof(plan_expr *));
    g->groups[0] = col(1);
    g->naggs = 3;
    g->aggs = eng_arena_calloc(A, sizeof(plan_agg) * 3);
    g->aggs[0].kind = PA_COUNT_STAR;
    g->aggs[1].kind = PA_SUM;
    g->aggs[1].arg = col(2);
    g->aggs[2].kind = PA_COUNT;
    g->aggs[2].arg = col(3);
    g->aggs[2].distinct = true;

    plan_node *s = plan_node_new(A, PN_SORT, 4);
    s->child = g;
    s->nsort = 2;
    s->sort_keys = eng_arena_calloc(A, sizeof(plan_expr *) * 2);
    s->sort_desc = eng_arena_calloc(A, sizeof(bool) * 2);
    s->sort_nulls_first = eng_arena_calloc(A, sizeof(bool) * 2);
    s->sort_keys[0] = col(1);
    s->sort_desc[0] = true;
    s->sort_keys[1] = col(0);
    s->sort_nulls_first[1] = true;

    plan_node *lim = plan_node_new(A, PN_LIMIT, 4);
    lim->child = s;
    lim->limit = 10;
    return lim;
}

static void test_explain(void **state)
{
    (void)state;
    const char *expect =
        "Limit 10\n"
        "  Sort keys: #1 DESC NULLS LAST, #0 ASC NULLS FIRST\n"
        "    Aggregate groups: #1 aggs: count(*), sum(#2), count(DISTINCT #3)\n"
        "      Filter (#0 > 5)\n"
        "        HashJoin[LEFT] keys: #0 = #3 filter: (#1 <> #4)\n"
        "          Scan[db.public.customers] columns: id, first_name, last_name"
        " sql: SELECT \"id\", \"first_name\", \"last_name\" FROM \"public\".\"customers\"\n"
        "          Scan[db.public.orders] columns: user_id, status"
        " filters: (#3 = 'completed') limit: 100";
    char *text = plan_explain(A, sample_plan());
    assert_non_null(text);
    assert_string_equal(text, expect);
}

static void test_explain_small_nodes(void **state)
{
    (void)state;
    plan_node *v = plan_node_new(A, PN_VALUES, 1);
    v->nrows = 3;
    plan_node *p = plan_node_new(A, PN_PROJECT, 2);
    p->child = v;
    p->exprs = eng_arena_calloc(A, sizeof(plan_expr *) * 2);
    p->exprs[0] = col(0);
    p->exprs[1] = op(PO_ADD, col(1), col(2));
    plan_node *d = plan_node_new(A, PN_DISTINCT, 2);
    d->child = p;
    plan_node *v1 = plan_node_new(A, PN_VALUES, 2);
    v1->nrows = 1;
    plan_node *u = plan_node_new(A, PN_UNION_ALL, 2);
    u->left = d;
    u->right = v1;
    plan_node *lim = plan_node_new(A, PN_LIMIT, 2);
    lim->child = u;
    lim->offset = 5;
    plan_node *c = plan_node_new(A, PN_AGG, 1);
    c->child = lim;
    c->naggs = 1;
    c->aggs = eng_arena_calloc(A, sizeof(plan_agg));
    c->aggs[0].kind = PA_AVG;
    c->aggs[0].arg = col(0);
    assert_string_equal(plan_explain(A, c),
                        "Aggregate aggs: avg(#0)\n"
                        "  Limit ALL offset 5\n"
                        "    UnionAll\n"
                        "      Distinct\n"
                        "        Project #0, (#1 + #2)\n"
                        "          Values 3 rows\n"
                        "      Values 1 row");
}

static void test_explain_oom(void **state)
{
    (void)state;
    plan_node *plan = sample_plan();
    bool ok = false;
    /* every allocation failing in turn gives NULL, never a crash or a
     * leak (valgrind), until one run succeeds */
    for (long n = 1; n < 100; n++) {
        eng_arena *a = eng_arena_create();
        eng_alloc_fail_at(n);
        char *text = plan_explain(a, plan);
        long used = eng_alloc_count();
        eng_alloc_fail_at(0);
        eng_arena_destroy(a);
        if (text) {
            ok = true;
            break;
        }
        assert_true(used >= n);
    }
    assert_true(ok);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_constructors),
        cmocka_unit_test(test_expr_text),
        cmocka_unit_test(test_explain),
        cmocka_unit_test(test_explain_small_nodes),
        cmocka_unit_test(test_explain_oom),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
