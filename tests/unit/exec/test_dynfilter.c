/*
 * tests/unit/exec/test_dynfilter.c
 *   Publishing a hash join's dynamic filter (exec/dynfilter.c) and its SQL
 *   (connector/pg/pg_deparse.c) end to end over in-memory catalogs with
 *   PostgreSQL's deparser: up to ENG_DF_MAX_VALUES keys an IN list; more
 *   integer keys an `= ANY('{...}'::int4[])` array when they are few
 *   against the probe side's estimate, else the [min, max] range; the
 *   join's rows are the same whichever filter went out.
 * Interface: main (cmocka).
 * Not here: which joins get a filter (tests/unit/optimizer/test_remote.c).
 */
#include "exec_test_util.h"
#include "../test_connector.h"
#include "session/session.h"
#include "parser/parser.h"
#include "binder/binder.h"
#include "optimizer/optimizer.h"

static eng_conn *C;
static tc_catalog *CATS[2];
static tc_state *ST[2];

/* keys: the build side ("small", nkeys distinct keys 0..nkeys-1 in
 * catalog a), the probe side ("big" in catalog b: keys 5, 7, 10000,
 * 10000, 20000, NULL) */
static void make(int nkeys, double probe_est)
{
    A = eng_arena_create();
    C = tc_conn_new();
    for (int i = 0; i < 2; i++)
        CATS[i] = tc_catalog_new();
    tc_table *s = tc_add_table(CATS[0], "s", "small", 1,
        (tc_colspec[]){ tc_col("k", ENG_T_INTEGER) });
    for (int i = 0; i < nkeys; i++)
        tc_add_row(s, tc_int(i));
    tc_table *b = tc_add_table(CATS[1], "s", "big", 2,
        (tc_colspec[]){ tc_col("k", ENG_T_INTEGER), tc_col("v", ENG_T_INTEGER) });
    int bk[] = { 5, 7, 10000, 10000, 20000 };
    for (int i = 0; i < 5; i++)
        tc_add_row(b, tc_int(bk[i]), tc_int(i));
    tc_add_row(b, tc_null(ENG_T_INTEGER), tc_int(9));
    static const char *const names[2] = { "a", "b" };
    for (int i = 0; i < 2; i++) {
        ST[i] = tc_state_new(CATS[i]);
        ST[i]->shippable = eng_pg_connector.shippable;
        ST[i]->deparse = eng_pg_connector.deparse;
        ST[i]->est_rows = i == 0 ? nkeys : probe_est;
        tc_conn_add_catalog(C, names[i], &tc_connector_ops, ST[i]);
    }
    assert_int_equal(sess_set_optimizer(C, "dynamic_filter=on", &ERR), ENG_OK);
}

static void unmake(void)
{
    eng_close(C);
    for (int i = 0; i < 2; i++)
        tc_catalog_free(CATS[i]);
    eng_arena_destroy(A);
}

/* Runs sql; its rows sorted, as text. */
static char *q(const char *sql)
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
    exec_ctx ctx = tu_ctx();
    ctx.conn = C;
    tu_result r = tu_run_ctx(&ctx, bs->plan, true);
    if (r.rc != ENG_OK)
        fail_msg("run: %s %s", ERR.sqlstate, ERR.message);
    return r.text;
}

#define JOIN "select b.k, b.v from b.s.big b join a.s.small s on b.k = s.k"

/* 10,001 keys against a probe side estimated at a million rows: one
 * array literal with every key. */
static void test_many_keys_array(void **state)
{
    (void)state;
    make(ENG_DF_MAX_VALUES + 1, 1e6);
    assert_string_equal(q(JOIN), "10000|2\n10000|3\n5|0\n7|1\n");
    const char *sql = ST[1]->last_sql;
    assert_non_null(sql);
    assert_non_null(strstr(sql, "(\"k\" = ANY('{"));
    assert_non_null(strstr(sql, "}'::int4[]))"));
    assert_null(strstr(sql, ">="));
    /* every key once, in some order */
    const char *p = strstr(sql, "'{") + 2;
    int commas = 0;
    for (; *p && *p != '}'; p++)
        commas += *p == ',';
    assert_int_equal(commas, ENG_DF_MAX_VALUES);
    unmake();
}

/* The same keys against a probe side estimated below four times their
 * number: the range, as before. */
static void test_many_keys_small_probe_range(void **state)
{
    (void)state;
    make(ENG_DF_MAX_VALUES + 1, 30000);
    assert_string_equal(q(JOIN), "10000|2\n10000|3\n5|0\n7|1\n");
    const char *sql = ST[1]->last_sql;
    assert_non_null(sql);
    assert_null(strstr(sql, "ANY("));
    assert_non_null(strstr(sql, "(\"k\" >= 0 AND \"k\" <= 10000)"));
    unmake();
}

/* Few keys: an IN list whatever the estimate. */
static void test_few_keys_in_list(void **state)
{
    (void)state;
    make(8, 1e6);
    assert_string_equal(q(JOIN), "5|0\n7|1\n");
    const char *sql = ST[1]->last_sql;
    assert_non_null(sql);
    assert_non_null(strstr(sql, "\"k\" IN ("));
    unmake();
}

int main(void)
{
    (void)tu_setup;      /* exec_test_util.h's; this file has its own */
    (void)tu_teardown;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_many_keys_array),
        cmocka_unit_test(test_many_keys_small_probe_range),
        cmocka_unit_test(test_few_keys_in_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
