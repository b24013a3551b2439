/*
 * tests/unit/session/test_txn.c
 *   The rules of a session's transaction (engine/session/txn.c) over the
 *   in-memory connector with counting txn_begin/txn_end: the one catalog
 *   a transaction writes, the refusal of a second naming both, read-only
 *   transactions, catalogs without transactions, a failed statement
 *   aborting (25P02, then a commit is 40000), nested START, and that
 *   nothing happens in autocommit mode.
 * Not here: the SQL and ODBC surface (tests/odbc/test_txn.c), the
 *   PostgreSQL side (the same test, against real servers).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../test_connector.h"

static int begins, commits, rollbacks;
static bool fail_commit;        /* the next commit fails (40001) */

static eng_rc fake_begin(void *state, eng_error *err)
{
    (void)state;
    (void)err;
    begins++;
    return ENG_OK;
}

static eng_rc fake_end(void *state, bool commit, eng_error *err)
{
    (void)state;
    if (!commit) {
        rollbacks++;
        return ENG_OK;
    }
    if (fail_commit) {
        fail_commit = false;
        rollbacks++;
        return eng_err_set(err, "40001", 0, "could not serialize");
    }
    commits++;
    return ENG_OK;
}

static eng_connector_ops txn_ops;   /* tc_connector_ops + the fakes */

typedef struct fixture {
    tc_catalog *cat;
    eng_conn *c;
    eng_catalog *a, *b, *plain;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    txn_ops = tc_connector_ops;
    txn_ops.txn_begin = fake_begin;
    txn_ops.txn_end = fake_end;
    f->cat = tc_catalog_new();
    f->c = tc_conn_new();
    if (!f->cat || !f->c ||
        tc_conn_add_catalog(f->c, "a", &txn_ops, tc_state_new(f->cat)) ||
        tc_conn_add_catalog(f->c, "b", &txn_ops, tc_state_new(f->cat)) ||
        tc_conn_add_catalog(f->c, "plain", &tc_connector_ops,
                            tc_state_new(f->cat)))
        return -1;
    f->a = sess_catalog_find(f->c, "a");
    f->b = sess_catalog_find(f->c, "b");
    f->plain = sess_catalog_find(f->c, "plain");
    begins = commits = rollbacks = 0;
    fail_commit = false;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    eng_close(f->c);
    tc_catalog_free(f->cat);
    free(f);
    return 0;
}

static void test_autocommit_does_nothing(void **state)
{
    fixture *f = *state;
    eng_error err;
    assert_false(sess_txn_mode(f->c));
    assert_int_equal(sess_txn_statement(f->c, false, &err), ENG_OK);
    assert_int_equal(sess_txn_write(f->c, f->a, &err), ENG_OK);
    assert_int_equal(sess_txn_write(f->c, f->plain, &err), ENG_OK);
    sess_txn_fail(f->c);
    assert_int_equal(sess_txn_statement(f->c, false, &err), ENG_OK);
    assert_false(sess_txn_in_progress(f->c));
    assert_int_equal(begins + commits + rollbacks, 0);
}

static void test_one_catalog(void **state)
{
    fixture *f = *state;
    eng_error err;
    assert_int_equal(eng_set_autocommit(f->c, false, &err), ENG_OK);
    assert_false(sess_txn_in_progress(f->c));
    assert_int_equal(sess_txn_statement(f->c, false, &err), ENG_OK);
    assert_true(sess_txn_in_progress(f->c));
    assert_int_equal(sess_txn_write(f->c, f->a, &err), ENG_OK);
    assert_int_equal(sess_txn_write(f->c, f->a, &err), ENG_OK);
    assert_int_equal(begins, 1);
    assert_int_equal(sess_txn_write(f->c, f->b, &err), ENG_ERROR);
    assert_string_equal(err.sqlstate, "25000");
    assert_non_null(strstr(err.message, "Already wrote to catalog 'a'"));
    assert_non_null(strstr(err.message, "catalog 'b'"));
    assert_int_equal(begins, 1);
    assert_int_equal(sess_txn_end(f->c, true, &err), ENG_OK);
    assert_int_equal(commits, 1);
    assert_false(sess_txn_in_progress(f->c));
    /* the next transaction may write b */
    assert_int_equal(sess_txn_statement(f->c, false, &err), ENG_OK);
    assert_int_equal(sess_txn_write(f->c, f->b, &err), ENG_OK);
    assert_int_equal(begins, 2);
    /* autocommit on commits it */
    assert_int_equal(eng_set_autocommit(f->c, true, &err), ENG_OK);
    assert_int_equal(commits, 2);
    assert_false(sess_txn_mode(f->c));
}

static void test_failure_aborts(void **state)
{
    fixture *f = *state;
    eng_error err;
    eng_set_autocommit(f->c, false, &err);
    sess_txn_statement(f->c, false, &err);
    assert_int_equal(sess_txn_write(f->c, f->a, &err), ENG_OK);
    sess_txn_fail(f->c);
    assert_int_equal(rollbacks, 1);            /* at once */
    assert_int_equal(sess_txn_statement(f->c, false, &err), ENG_ERROR);
    assert_string_equal(err.sqlstate, "25P02");
    assert_int_equal(sess_txn_statement(f->c, true, &err), ENG_OK);
    assert_int_equal(sess_txn_end(f->c, true, &err), ENG_ERROR);
    assert_string_equal(err.sqlstate, "40000");
    assert_int_equal(commits, 0);
    assert_int_equal(rollbacks, 1);
    /* over: statements run again, a rollback of nothing is fine */
    assert_int_equal(sess_txn_statement(f->c, false, &err), ENG_OK);
    assert_int_equal(sess_txn_end(f->c, false, &err), ENG_OK);
    /* a commit the catalog refuses: its SQLSTATE, and the txn is over */
    sess_txn_statement(f->c, false, &err);
    sess_txn_write(f->c, f->a, &err);
    fail_commit = true;
    assert_int_equal(sess_txn_end(f->c, true, &err), ENG_ERROR);
    assert_string_equal(err.sqlstate, "40001");
    assert_false(sess_txn_in_progress(f->c));
    assert_int_equal(sess_txn_write(f->c, f->b, &err), ENG_OK);
}

static void test_refusals(void **state)
{
    fixture *f = *state;
    eng_error err;
    /* START TRANSACTION READ ONLY in autocommit mode */
    assert_int_equal(sess_txn_start(f->c, true, &err), ENG_OK);
    assert_true(sess_txn_in_progress(f->c));
    assert_int_equal(sess_txn_start(f->c, false, &err), ENG_ERROR);
    assert_string_equal(err.sqlstate, "25001");
    assert_int_equal(sess_txn_write(f->c, f->a, &err), ENG_ERROR);
    assert_string_equal(err.sqlstate, "25006");
    assert_int_equal(sess_txn_end(f->c, false, &err), ENG_OK);
    assert_false(sess_txn_mode(f->c));          /* autocommit again */
    /* a catalog whose connector has no transactions */
    assert_int_equal(sess_txn_start(f->c, false, &err), ENG_OK);
    assert_int_equal(sess_txn_write(f->c, f->plain, &err), ENG_ERROR);
    assert_string_equal(err.sqlstate, "0A000");
    assert_non_null(strstr(err.message, "'plain'"));
    assert_int_equal(sess_txn_end(f->c, true, &err), ENG_OK);
    assert_int_equal(begins, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_autocommit_does_nothing, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_one_catalog, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failure_aborts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
