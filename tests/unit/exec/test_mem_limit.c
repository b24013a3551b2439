/*
 * tests/unit/exec/test_mem_limit.c
 *   The per-query memory limit (QueryMemoryLimit, exec_mem_charge): a
 *   hash join build, a hash aggregation, a sort, a window and DISTINCT
 *   that hold more than the limit end the query with 53200 naming the
 *   operator and the limit; under the limit (or with 0 = none) the same
 *   queries give their rows; the session runs queries after a failure;
 *   the limit's parsing (sess_set_memory_limit).
 * Not here: the ODBC key (tests/odbc/test_faults.c).
 */
#include "exec_test_util.h"
#include "../test_connector.h"
#include "sql_harness.h"

#define Q SH_QTEXT

static eng_conn *C;
static tc_catalog *CAT;

static int setup(void **state)
{
    (void)state;
    A = eng_arena_create();
    CAT = tc_catalog_new();
    tc_table *t = tc_add_table(CAT, "s", "t", 3,
        (tc_colspec[]){ tc_col("id", ENG_T_INTEGER), tc_col("g", ENG_T_INTEGER),
                        tc_col("name", ENG_T_VARCHAR) });
    static char names[20000][24];
    for (int i = 0; i < 20000; i++) {
        snprintf(names[i], sizeof names[i], "name-%08d-xxxxxx", i);
        tc_add_row(t, tc_int(i), tc_int(i % 10), tc_str(names[i]));
    }
    C = sh_open(CAT, "m", "s");
    return 0;
}

static int teardown(void **state)
{
    sh_close();
    return tu_teardown(state);
}

static const struct {
    const char *sql, *want, *op;
} CASES[] = {
    { "select count(*), max(b.name) from t a join t b on a.id = b.id",
      "20000|name-00019999-xxxxxx\n", "hash join" },
    { "select count(*) from (select name, count(*) from t group by name) x",
      "20000\n", "hash aggregation" },
    { "select name from t order by name desc limit 1",
      "name-00019999-xxxxxx\n", "ORDER BY sort" },
    { "select max(r) from (select row_number() over (order by name) r "
      "from t) x", "20000\n", "window" },
    { "select count(*) from (select distinct name from t) x", "20000\n",
      "DISTINCT" },
};
#define NCASES (sizeof CASES / sizeof CASES[0])

/* Past the limit: 53200 naming the operator and the limit; the session
 * stays usable; no limit and a large one give the rows. */
static void test_limit_enforced(void **state)
{
    (void)state;
    C->opt_off |= SESS_OPT_SPILL;   /* a spilling sort finishes (test_spill.c) */
    for (size_t i = 0; i < NCASES; i++) {
        C->mem_limit = 0;
        assert_string_equal(sh_text(CASES[i].sql), CASES[i].want);
        C->mem_limit = 256 * 1024;
        char *r = sh_text(CASES[i].sql);
        char want[256];
        snprintf(want, sizeof want, "ERR 53200 Query exceeded the memory "
                 "limit of 262144 bytes (QueryMemoryLimit) in %s",
                 CASES[i].op);
        if (!tu_starts(r, want))
            fail_msg("%s: got '%s', want '%s...'", CASES[i].sql, r, want);
        C->mem_limit = 512 * 1024 * 1024;
        assert_string_equal(sh_text(CASES[i].sql), CASES[i].want);
    }
    /* a small query under a small limit runs */
    C->mem_limit = 256 * 1024;
    assert_string_equal(sh_text("select g, count(*) from t where id < 30 group by g "
                          "order by g limit 2"), "0|3\n1|3\n");
    C->mem_limit = 0;
    C->opt_off &= ~SESS_OPT_SPILL;
}

static void test_parse(void **state)
{
    (void)state;
    eng_error err;
    assert_int_equal(sess_set_memory_limit(C, "64k", &err), ENG_OK);
    assert_int_equal(C->mem_limit, 65536);
    assert_int_equal(sess_set_memory_limit(C, "2G", &err), ENG_OK);
    assert_int_equal(C->mem_limit, (int64_t)2 << 30);
    assert_int_equal(sess_set_memory_limit(C, " 300 MB ", &err), ENG_OK);
    assert_int_equal(C->mem_limit, (int64_t)300 << 20);
    assert_int_equal(sess_set_memory_limit(C, "0", &err), ENG_OK);
    assert_int_equal(C->mem_limit, 0);
    assert_int_equal(sess_set_memory_limit(C, NULL, &err), ENG_OK);
    assert_int_equal(C->mem_limit, SESS_QUERY_MEMORY_DEFAULT);
    assert_int_equal(sess_set_memory_limit(C, "12x", &err), ENG_ERROR);
    assert_string_equal(err.sqlstate, "22023");
    assert_int_equal(sess_set_memory_limit(C, "-5", &err), ENG_ERROR);
    assert_int_equal(sess_set_memory_limit(C, "99999999999999999999g", &err),
                     ENG_ERROR);
    assert_int_equal(C->mem_limit, SESS_QUERY_MEMORY_DEFAULT);
    C->mem_limit = 0;
}

int main(void)
{
    (void)tu_setup;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_limit_enforced),
        cmocka_unit_test(test_parse),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
