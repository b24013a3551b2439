/*
 * tests/unit/connector/test_trino_connector.c
 *   Unit tests of the Trino connector's parts that need no server
 *   (engine/connector/trino/trino_connector.c): open's key checks, the
 *   pushdown whitelist and the remote SQL (typed literals, quoting, char
 *   columns cast to varchar, SELECT 1 for no columns, LIMIT), and remote
 *   subtrees: the node whitelist and the SQL the one deparser writes in
 *   Trino's dialect.
 * Interface: main (cmocka).
 * Not here: metadata and scans against a real cluster (tests/trino,
 *   test_mixed_mesh).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "fixture_plan.h"

static eng_rc open_with(const char *const *kv, int n, void **st, eng_error *err)
{
    static const char *keys[16], *vals[16];
    static eng_catalog_cfg cfg;
    for (int i = 0; i < n; i++) {
        keys[i] = kv[2 * i];
        vals[i] = kv[2 * i + 1];
    }
    memset(&cfg, 0, sizeof cfg);
    cfg.name = "tcat";
    cfg.connector = "trino";
    cfg.file = "mesh.ini";
    cfg.nkeys = n;
    cfg.keys = keys;
    cfg.values = vals;
    return eng_trino_connector.open(&cfg, st, err);
}

static void test_open(void **state)
{
    (void)state;
    void *st = NULL;
    eng_error err;
    static const char *const good[] = {"url", "http://127.0.0.1:1", "user", "u",
                                       "trino_catalog", "remote", "connect_timeout", "3"};
    assert_int_equal(open_with(good, 4, &st, &err), ENG_OK);
    eng_trino_connector.close(st);
    static const char *const unknown[] = {"url", "http://h:1", "user", "u", "dbname", "x"};
    assert_int_equal(open_with(unknown, 3, &st, &err), ENG_ERROR);
    assert_string_equal(err.sqlstate, "F0000");
    assert_non_null(strstr(err.message, "'dbname' is not a key of the trino connector"));
    assert_string_equal(err.source, "tcat");
    static const char *const badv[] = {"url", "https://h:1", "user", "u", "ssl_verification", "SOME"};
    assert_int_equal(open_with(badv, 3, &st, &err), ENG_ERROR);
    assert_string_equal(err.sqlstate, "F0000");
    static const char *const pw_http[] = {"url", "http://h:1", "user", "u", "password", "s3cret"};
    assert_int_equal(open_with(pw_http, 3, &st, &err), ENG_ERROR);
    assert_string_equal(err.sqlstate, "28000");
    assert_null(strstr(err.message, "s3cret"));
    static const char *const nourl[] = {"user", "u"};
    assert_int_equal(open_with(nourl, 1, &st, &err), ENG_ERROR);
    assert_string_equal(err.sqlstate, "F0000");
    assert_non_null(strstr(err.message, "needs url"));
    static const char *const nouser[] = {"url", "http://h:1"};
    assert_int_equal(open_with(nouser, 1, &st, &err), ENG_ERROR);
    assert_string_equal(err.sqlstate, "F0000");
    assert_non_null(strstr(err.message, "needs user"));
}

/* ---- expressions ---- */

static eng_column_def cols[] = {
    {"id", {ENG_T_INTEGER, 0, 0, 0}, true, 0, 0, "integer", 0},
    {"na\"me", {ENG_T_VARCHAR, 0, 0, 25}, true, 0, 0, "varchar(25)", 0},
    {"code", {ENG_T_VARCHAR, 0, 0, 3}, true, 0, 0, "char(3)", 0},
    {"amount", {ENG_T_DECIMAL, 10, 2, 0}, true, 0, 0, "decimal(10,2)", 0},
    {"day", {ENG_T_DATE, 0, 0, 0}, true, 0, 0, "date", 0},
    {"score", {ENG_T_DOUBLE, 0, 0, 0}, true, 0, 0, "double", 0},
    {"big", {ENG_T_BIGINT, 0, 0, 0}, true, 0, 0, "bigint", 0},
};
static eng_table_def table = {"tcat", "pub'lic", "t", 7, cols, 0, 0, false};

static plan_expr *mk(plan_expr_kind k, eng_type t, int nargs, ...)
{
    plan_expr *e = eng_arena_calloc(A, sizeof *e);
    va_list ap;
    e->kind = k;
    e->type = t;
    e->nargs = nargs;
    e->args = eng_arena_calloc(A, sizeof(plan_expr *) * (size_t)(nargs + 1));
    va_start(ap, nargs);
    for (int i = 0; i < nargs; i++)
        e->args[i] = va_arg(ap, plan_expr *);
    va_end(ap);
    return e;
}

static plan_expr *col(int i)
{
    plan_expr *e = mk(PX_COLREF, cols[i].type, 0);
    e->col = i;
    return e;
}

static plan_expr *cnst(eng_type t)
{
    plan_expr *e = mk(PX_CONST, t, 0);
    e->value.type = t;
    return e;
}

static plan_expr *i32(int64_t v) { plan_expr *e = cnst(T(ENG_T_INTEGER)); e->value.u.i = v; return e; }
static plan_expr *i64(int64_t v) { plan_expr *e = cnst(T(ENG_T_BIGINT)); e->value.u.i = v; return e; }
static plan_expr *str(const char *s, size_t n)
{
    eng_type t = {ENG_T_VARCHAR, 0, 0, 0};
    plan_expr *e = cnst(t);
    e->value.u.s.ptr = s;
    e->value.u.s.len = (uint32_t)n;
    return e;
}
static plan_expr *op(plan_op o, plan_expr *l, plan_expr *r)
{
    plan_expr *e = mk(PX_OP, T(ENG_T_BOOLEAN), 2, l, r);
    e->op = o;
    return e;
}

static void *open_ok(void)
{
    static const char *const kv[] = {"url", "http://127.0.0.1:1", "user", "u",
                                     "trino_catalog", "re\"mote"};
    void *st;
    eng_error err;
    assert_int_equal(open_with(kv, 3, &st, &err), ENG_OK);
    return st;
}

static const char *deparse(void *st, int ncols, int *outcols, int nf,
                           plan_expr **filters, int64_t limit)
{
    eng_scan_spec spec;
    eng_error err;
    char *sql;
    memset(&spec, 0, sizeof spec);
    spec.table = &table;
    spec.ncols = ncols;
    spec.cols = outcols;
    spec.nfilters = nf;
    spec.filters = filters;
    spec.limit = limit;
    for (int i = 0; i < nf; i++)
        if (!eng_trino_connector.shippable(st, filters[i]))
            fail_msg("filter %d not shippable", i);
    if (eng_trino_connector.deparse(st, &spec, A, &sql, &err) != ENG_OK)
        fail_msg("deparse: %s %s", err.sqlstate, err.message);
    return sql;
}

static void test_deparse(void **state)
{
    (void)state;
    void *st = open_ok();
    int two[] = {0, 1};
    plan_expr *amount = cnst((eng_type){ENG_T_DECIMAL, 10, 2, 0});
    amount->value.u.dec = -5;
    plan_expr *day = cnst(T(ENG_T_DATE));
    day->value.u.date = eng_date_from_ymd(2018, 1, 2);
    plan_expr *isnull = mk(PX_IS_NULL, T(ENG_T_BOOLEAN), 1, col(4));
    isnull->negated = true;
    plan_expr *f[] = {
        op(PO_LE, col(0), i32(10)),
        op(PO_NE, col(1), str("it's", 4)),
        mk(PX_OR, T(ENG_T_BOOLEAN), 2, op(PO_EQ, col(2), str("ab ", 3)),
           mk(PX_NOT, T(ENG_T_BOOLEAN), 1, op(PO_GT, col(3), amount))),
        op(PO_GE, col(4), day),
        isnull,
        op(PO_LT, col(6), i64(INT64_MIN)),
    };
    assert_string_equal(deparse(st, 2, two, 6, f, 5),
        "SELECT \"id\", \"na\"\"me\" FROM \"re\"\"mote\".\"pub'lic\".\"t\" WHERE "
        "(\"id\" <= INTEGER '10') AND (\"na\"\"me\" <> 'it''s') AND "
        "((CAST(\"code\" AS varchar) = 'ab ') OR (NOT (\"amount\" > DECIMAL '-0.05'))) AND "
        "(\"day\" >= DATE '2018-01-02') AND (\"day\" IS NOT NULL) AND "
        "(\"big\" < BIGINT '-9223372036854775808') LIMIT 5");
    /* no column (count(*)): Trino has no empty select list */
    assert_string_equal(deparse(st, 0, NULL, 0, NULL, -1),
                        "SELECT 1 FROM \"re\"\"mote\".\"pub'lic\".\"t\"");
    eng_trino_connector.close(st);
}

static void test_not_shippable(void **state)
{
    (void)state;
    void *st = open_ok();
    plan_expr *dbl = cnst(T(ENG_T_DOUBLE));
    dbl->value.u.d = 1.5;
    plan_expr *null = cnst(T(ENG_T_INTEGER));
    null->value.is_null = true;
    plan_expr *fn = mk(PX_FUNC, T(ENG_T_BOOLEAN), 1, col(1));
    fn->func = "starts_with";
    plan_expr *other_dec = cnst((eng_type){ENG_T_DECIMAL, 12, 3, 0});
    /* the engine's char(3) (stored without padding) and real: Trino's
     * varchar and double would not compare them as the engine does */
    plan_expr *chr = str("a", 1);
    chr->type = chr->value.type = eng_type_char(3);
    plan_expr *chr_col = col(1);
    chr_col->type = eng_type_char(3);
    plan_expr *chr_col2 = col(1);
    chr_col2->type = eng_type_char(3);
    plan_expr *real_col = col(5);
    real_col->type = eng_type_real();
    plan_expr *bad[] = {
        op(PO_EQ, col(1), chr),                          /* char constant */
        op(PO_EQ, chr_col, chr_col2),                    /* char operands */
        mk(PX_IS_NULL, T(ENG_T_BOOLEAN), 1, real_col),   /* real operand */
        op(PO_GT, col(5), dbl),                          /* double */
        op(PO_EQ, col(0), null),                         /* NULL constant */
        fn,                                              /* functions */
        op(PO_EQ, col(3), other_dec),                    /* decimal(10,2) vs (12,3) */
        op(PO_EQ, col(1), str("a\0b", 3)),               /* NUL in a literal */
        op(PO_EQ, col(0), i64(1)),                       /* integer vs bigint */
        mk(PX_LIKE, T(ENG_T_BOOLEAN), 2, col(1), str("a%", 2)),
        mk(PX_CAST, T(ENG_T_BOOLEAN), 1, col(1)),
        col(0),                                          /* not a boolean */
        mk(PX_AND, T(ENG_T_BOOLEAN), 2, op(PO_EQ, col(0), i32(1)),
           op(PO_GT, col(5), dbl)),                      /* one bad part */
        NULL,
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (eng_trino_connector.shippable(st, bad[i]))
            fail_msg("expression %zu was shippable", i);
    /* deparse refuses what shippable refused: never a dropped filter */
    eng_scan_spec spec;
    eng_error err;
    char *sql;
    int one[] = {0};
    memset(&spec, 0, sizeof spec);
    spec.table = &table;
    spec.ncols = 1;
    spec.cols = one;
    spec.nfilters = 1;
    spec.filters = &bad[0];
    spec.limit = -1;
    assert_int_equal(eng_trino_connector.deparse(st, &spec, A, &sql, &err), ENG_ERROR);
    assert_string_equal(err.sqlstate, "HY000");
    assert_non_null(strstr(err.message, "cannot deparse"));
    eng_trino_connector.close(st);
}

/* ---- remote subtrees (t_shippable_node, the Trino dialect) ---- */

static plan_node *scan_node(int n, const int *c)
{
    return fx_scan(&table, n, c);
}

static const char *remote_sql(void *st, const plan_node *n)
{
    eng_scan_spec spec = {.remote = n, .ncols = n->ncols, .limit = -1};
    eng_error err;
    char *sql = NULL;
    if (eng_trino_connector.deparse(st, &spec, A, &sql, &err) != ENG_OK)
        fail_msg("deparse: %s %s", err.sqlstate, err.message);
    return sql;
}

/* One deparser, Trino's dialect: typed literals, Trino's type names in
 * the root casts and sum/avg, no COLLATE, three-part names, char(n) as
 * CAST(.. AS varchar), ORDER BY with NULLS spelled out. */
static void test_remote_subtree(void **state)
{
    (void)state;
    void *st = open_ok();
    int lc[] = {0, 2}, rc[] = {0, 3};
    plan_node *l = scan_node(2, lc), *r = scan_node(2, rc);
    plan_expr *lf = op(PO_GT, col(0), i32(3));
    l->spec.nfilters = 1;
    l->spec.filters = eng_arena_alloc(A, sizeof(plan_expr *));
    l->spec.filters[0] = lf;
    plan_node *j = plan_node_new(A, PN_JOIN, 4);
    j->join_type = PJ_LEFT;
    j->left = l;
    j->right = r;
    for (int i = 0; i < 2; i++) {
        j->types[i] = l->types[i];
        j->types[2 + i] = r->types[i];
    }
    j->nkeys = 1;
    j->lkeys = eng_arena_alloc(A, sizeof(plan_expr *));
    j->rkeys = eng_arena_alloc(A, sizeof(plan_expr *));
    j->lkeys[0] = plan_colref(A, 0, cols[0].type);
    j->rkeys[0] = plan_colref(A, 0, cols[0].type);
    plan_node *g = plan_node_new(A, PN_AGG, 5);
    g->child = j;
    g->ngroups = 1;
    g->groups = eng_arena_alloc(A, sizeof(plan_expr *));
    g->groups[0] = plan_colref(A, 1, cols[2].type);
    g->types[0] = cols[2].type;
    eng_type d38 = {ENG_T_DECIMAL, 38, 2, 0};
    plan_agg aggs[4] = {
        {.kind = PA_COUNT_STAR, .type = T(ENG_T_BIGINT)},
        {.kind = PA_SUM, .arg = plan_colref(A, 3, cols[3].type), .type = d38},
        {.kind = PA_AVG, .arg = plan_colref(A, 0, cols[0].type), .type = T(ENG_T_DOUBLE)},
        {.kind = PA_MAX, .arg = plan_colref(A, 1, cols[2].type), .distinct = false,
         .type = cols[2].type},
    };
    g->naggs = 4;
    g->aggs = aggs;
    for (int i = 0; i < 4; i++)
        g->types[1 + i] = aggs[i].type;
    plan_node *so = plan_node_new(A, PN_SORT, 5);
    so->child = g;
    memcpy(so->types, g->types, sizeof(eng_type) * 5);
    so->nsort = 1;
    so->sort_keys = eng_arena_alloc(A, sizeof(plan_expr *));
    so->sort_keys[0] = plan_colref(A, 0, cols[2].type);
    so->sort_desc = eng_arena_calloc(A, sizeof(bool));
    so->sort_desc[0] = true;
    so->sort_nulls_first = eng_arena_calloc(A, sizeof(bool));
    plan_node *li = plan_node_new(A, PN_LIMIT, 5);
    li->child = so;
    memcpy(li->types, g->types, sizeof(eng_type) * 5);
    li->limit = 10;
    const plan_node *all[] = {l, r, j, g, so, li};
    for (size_t i = 0; i < 6; i++)
        assert_true(eng_trino_connector.shippable_node(st, all[i]));
    assert_string_equal(remote_sql(st, li),
        "SELECT CAST(s0.\"c0\" AS varchar(3)) AS \"c0\", CAST(s0.\"c1\" AS bigint) AS \"c1\", "
        "CAST(s0.\"c2\" AS decimal(38,2)) AS \"c2\", CAST(s0.\"c3\" AS double) AS \"c3\", "
        "CAST(s0.\"c4\" AS varchar(3)) AS \"c4\" FROM (SELECT s1.\"c1\" AS \"c0\", "
        "count(*) AS \"c1\", CAST(sum(s1.\"c3\") AS decimal(38,2)) AS \"c2\", "
        "(CAST(sum(s1.\"c0\") AS double) / CAST(NULLIF(count(s1.\"c0\"), 0) AS double)) AS \"c3\", "
        "max(s1.\"c1\") AS \"c4\" FROM (SELECT s2.\"c0\" AS \"c0\", s2.\"c1\" AS \"c1\", "
        "s3.\"c0\" AS \"c2\", s3.\"c1\" AS \"c3\" FROM (SELECT \"id\" AS \"c0\", "
        "CAST(\"code\" AS varchar) AS \"c1\" FROM \"re\"\"mote\".\"pub'lic\".\"t\" "
        "WHERE (\"id\" > INTEGER '3')) s2 LEFT JOIN (SELECT \"id\" AS \"c0\", \"amount\" AS \"c1\" "
        "FROM \"re\"\"mote\".\"pub'lic\".\"t\") s3 ON ((s2.\"c0\" = s3.\"c0\"))) s1 "
        "GROUP BY s1.\"c1\") s0 ORDER BY (s0.\"c0\") DESC NULLS LAST LIMIT 10");
    eng_trino_connector.close(st);
}

/* Nodes whose result Trino would compute otherwise stay local, and the
 * deparser refuses them (never a different answer). */
static void test_remote_refusals(void **state)
{
    (void)state;
    void *st = open_ok();
    int c1[] = {0}, cd[] = {5}, cb[] = {6};
    static const struct { int col; plan_agg_kind kind; eng_type_id type; bool filter; } bad[] = {
        {0, PA_AVG, ENG_T_DOUBLE, false},     /* avg of bigint: sum may overflow */
        {5, PA_SUM, ENG_T_DOUBLE, false},     /* double sum: order-dependent */
        {5, PA_MIN, ENG_T_DOUBLE, false},     /* NaN */
        {0, PA_COUNT, ENG_T_BIGINT, true},    /* FILTER */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        plan_node *s = scan_node(1, bad[i].col == 5 ? cd : cb);
        plan_node *g = plan_node_new(A, PN_AGG, 1);
        g->child = s;
        g->naggs = 1;
        g->aggs = eng_arena_calloc(A, sizeof(plan_agg));
        g->aggs[0].kind = bad[i].kind;
        g->aggs[0].arg = plan_colref(A, 0, s->types[0]);
        g->aggs[0].type = T(bad[i].type);
        if (bad[i].filter)
            g->aggs[0].filter = op(PO_EQ, plan_colref(A, 0, s->types[0]), i64(1));
        g->types[0] = g->aggs[0].type;
        if (eng_trino_connector.shippable_node(st, g))
            fail_msg("aggregate %zu was shippable", i);
        eng_scan_spec spec = {.remote = g, .ncols = 1, .limit = -1};
        eng_error err;
        char *sql;
        assert_int_equal(eng_trino_connector.deparse(st, &spec, A, &sql, &err), ENG_ERROR);
        assert_string_equal(err.sqlstate, "HY000");
    }
    /* a double group key; a join on double keys; a scan of a subtree */
    plan_node *s = scan_node(1, cd);
    plan_node *g = plan_node_new(A, PN_AGG, 1);
    g->child = s;
    g->ngroups = 1;
    g->groups = eng_arena_alloc(A, sizeof(plan_expr *));
    g->groups[0] = plan_colref(A, 0, s->types[0]);
    g->types[0] = s->types[0];
    assert_false(eng_trino_connector.shippable_node(st, g));
    plan_node *j = plan_node_new(A, PN_JOIN, 2);
    j->join_type = PJ_INNER;
    j->left = scan_node(1, cd);
    j->right = scan_node(1, cd);
    j->types[0] = j->types[1] = s->types[0];
    j->nkeys = 1;
    j->lkeys = eng_arena_alloc(A, sizeof(plan_expr *));
    j->rkeys = eng_arena_alloc(A, sizeof(plan_expr *));
    j->lkeys[0] = plan_colref(A, 0, s->types[0]);
    j->rkeys[0] = plan_colref(A, 0, s->types[0]);
    assert_false(eng_trino_connector.shippable_node(st, j));
    plan_node *nested = scan_node(1, c1);
    nested->spec.remote = g;
    assert_false(eng_trino_connector.shippable_node(st, nested));
    eng_trino_connector.close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open),
        cmocka_unit_test(test_deparse),
        cmocka_unit_test(test_not_shippable),
        cmocka_unit_test(test_remote_subtree),
        cmocka_unit_test(test_remote_refusals),
    };
    return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
