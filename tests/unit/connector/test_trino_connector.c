/*
 * tests/unit/connector/test_trino_connector.c
 *   Unit tests of the Trino connector's parts that need no server
 *   (engine/connector/trino/trino_connector.c): open's key checks, the
 *   pushdown whitelist and the remote SQL (typed literals, quoting, char
 *   columns cast to varchar, SELECT 1 for no columns, LIMIT).
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
#include "connector/connector.h"

static eng_arena *A;

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
    {"id", {ENG_T_INTEGER, 0, 0, 0}, true, 0, 0, "integer"},
    {"na\"me", {ENG_T_VARCHAR, 0, 0, 25}, true, 0, 0, "varchar(25)"},
    {"code", {ENG_T_VARCHAR, 0, 0, 3}, true, 0, 0, "char(3)"},
    {"amount", {ENG_T_DECIMAL, 10, 2, 0}, true, 0, 0, "decimal(10,2)"},
    {"day", {ENG_T_DATE, 0, 0, 0}, true, 0, 0, "date"},
    {"score", {ENG_T_DOUBLE, 0, 0, 0}, true, 0, 0, "double"},
    {"big", {ENG_T_BIGINT, 0, 0, 0}, true, 0, 0, "bigint"},
};
static eng_table_def table = {"tcat", "pub'lic", "t", 7, cols, 0};

static eng_type T(eng_type_id id) { eng_type t = {id, 0, 0, 0}; return t; }

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
        "((\"id\" <= INTEGER '10')) AND ((\"na\"\"me\" <> 'it''s')) AND "
        "(((CAST(\"code\" AS varchar) = 'ab ') OR (NOT (\"amount\" > DECIMAL '-0.05')))) AND "
        "((\"day\" >= DATE '2018-01-02')) AND ((\"day\" IS NOT NULL)) AND "
        "((\"big\" < BIGINT '-9223372036854775808')) LIMIT 5");
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
    plan_expr *bad[] = {
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open),
        cmocka_unit_test(test_deparse),
        cmocka_unit_test(test_not_shippable),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
