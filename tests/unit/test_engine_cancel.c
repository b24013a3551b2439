/*
 * tests/unit/test_engine_cancel.c
 *   eng_cancel before the execution runs (engine/engine.c): a cancel that
 *   comes while the caller's call is still preparing, binding or planning
 *   is kept until eng_cancel_reset, so the execution that follows fails
 *   with HY008 at once instead of running to the end (the lost SQLCancel
 *   of a CREATE TABLE AS seen in tests/odbc/test_write_faults.c); after
 *   eng_cancel_reset an earlier cancel no longer applies; a cancel during
 *   a fetch still ends the cursor.
 * Not here: the driver's side (SQLCancel during SQLExecDirect's prepare,
 *   driver/exec.c), the ODBC-level tests (tests/odbc/test_write_faults.c).
 */
#include "exec/exec_test_util.h"
#include "test_connector.h"

static eng_conn *C;
static tc_catalog *CAT;

static int setup(void **state)
{
    (void)state;
    A = eng_arena_create();
    CAT = tc_catalog_new();
    tc_table *t = tc_add_table(CAT, "s", "t", 1,
        (tc_colspec[]){ tc_col("id", ENG_T_INTEGER) });
    for (int i = 0; i < 5000; i++)
        tc_add_row(t, tc_int(i));
    C = tc_conn_new();
    tc_conn_add_catalog(C, "m", &tc_connector_ops, tc_state_new(CAT));
    eng_set_default(C, "m", "s", &ERR);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    eng_close(C);
    tc_catalog_free(CAT);
    eng_arena_destroy(A);
    return 0;
}

static eng_stmt *prep(const char *sql)
{
    eng_stmt *s = NULL;
    eng_error err;
    memset(&err, 0, sizeof err);
    assert_int_equal(eng_prepare(C, sql, strlen(sql), &s, &err), ENG_OK);
    return s;
}

/* Fetches to the end: the row count, or -1 with err filled. */
static int64_t drain(eng_stmt *s, eng_error *err)
{
    int64_t n = 0;
    for (;;) {
        const eng_batch *b;
        if (eng_fetch(s, &b, err) != ENG_OK)
            return -1;
        if (!b)
            return n;
        n += eng_batch_count(b);
    }
}

/* Cancelled after prepare, before execute: HY008 from the execute. */
static void test_cancel_before_execute(void **state)
{
    (void)state;
    eng_stmt *s = prep("select count(*) from t a cross join t b");
    eng_error err;
    memset(&err, 0, sizeof err);
    eng_cancel(s);
    assert_int_equal(eng_execute(s, &err), ENG_ERROR);
    assert_string_equal(err.sqlstate, "HY008");
    /* still cancelled: the request lasts until eng_cancel_reset */
    memset(&err, 0, sizeof err);
    assert_int_equal(eng_execute(s, &err), ENG_ERROR);
    assert_string_equal(err.sqlstate, "HY008");
    eng_stmt_free(s);
}

/* After eng_cancel_reset an earlier cancel is forgotten. */
static void test_reset_forgets(void **state)
{
    (void)state;
    eng_stmt *s = prep("select id from t");
    eng_error err;
    memset(&err, 0, sizeof err);
    eng_cancel(s);
    eng_cancel_reset(s);
    assert_int_equal(eng_execute(s, &err), ENG_OK);
    assert_int_equal(drain(s, &err), 5000);
    /* a cancel after the cursor ended, then a reset: runs again */
    eng_cancel(s);
    eng_cancel_reset(s);
    assert_int_equal(eng_execute(s, &err), ENG_OK);
    assert_int_equal(drain(s, &err), 5000);
    eng_stmt_free(s);
}

/* A cancel of an open cursor still ends it with HY008. */
static void test_cancel_cursor(void **state)
{
    (void)state;
    eng_stmt *s = prep("select a.id from t a cross join t b");
    eng_error err;
    memset(&err, 0, sizeof err);
    eng_cancel_reset(s);
    assert_int_equal(eng_execute(s, &err), ENG_OK);
    const eng_batch *b;
    assert_int_equal(eng_fetch(s, &b, &err), ENG_OK);
    eng_cancel(s);
    assert_int_equal(drain(s, &err), -1);
    assert_string_equal(err.sqlstate, "HY008");
    eng_stmt_free(s);
}

int main(void)
{
    (void)tu_setup;       /* the group's setup makes the arena instead */
    (void)tu_teardown;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cancel_before_execute),
        cmocka_unit_test(test_reset_forgets),
        cmocka_unit_test(test_cancel_cursor),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
