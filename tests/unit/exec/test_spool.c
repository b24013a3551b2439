/*
 * tests/unit/exec/test_spool.c
 *   Shared scans (exec/op_spool.c): uses of one shared scan read the
 *   catalog once, whichever use pulls first and at whatever pace each
 *   reads; a use rescanned reads the kept rows again without a new
 *   remote read; after every use ended, a rescan reads the catalog
 *   again; the buffer counts against the memory limit (53200 naming
 *   "shared scan"); a self-join, a UNION ALL and a CTE used twice through
 *   SQL give the rows they give unshared, with one remote read; the
 *   allocation-failure loop over a plan with a shared scan is clean.
 * Interface: main (cmocka).
 * Not here: which scans the optimizer shares (tests/unit/optimizer/
 *   test_shared_scan.c), the differential queries (tests/sql/
 *   differential.sql, run with shared_scan on and off).
 */
#include "../optimizer/opt_test_util.h"

#define NROWS 2500            /* three chunks: 1024, 1024, 452 rows */

static tc_state *ST;          /* the state of catalog db (scans_begun) */

static int setup(void **state)
{
    (void)state;
    ot_setup();
    tc_table *t = tc_add_table(CATS[0], "public", "t", 3,
        (tc_colspec[]){ tc_col("id", ENG_T_INTEGER),
                        tc_col("g", ENG_T_INTEGER),
                        tc_col_t("name", eng_type_varchar(20)) });
    tc_set_est_distinct(t, 0, NROWS);   /* joins on id: no dynamic filter */
    static char names[NROWS][16];
    for (int i = 0; i < NROWS; i++) {
        snprintf(names[i], sizeof names[i], "n%d", i);
        tc_add_row(t, tc_int(i), i % 7 ? tc_int(i % 10)
                                       : tc_null(ENG_T_INTEGER),
                   tc_str(names[i]));
    }
    /* catalog db with PostgreSQL's deparser (the SQL decides sharing)
     * but no remote subtrees, so that its joins run in the engine */
    ST = tc_state_new(CATS[0]);
    ST->shippable = eng_pg_connector.shippable;
    ST->deparse = eng_pg_connector.deparse;
    ST->est_rows = NROWS;
    tc_conn_add_catalog(C, "db", &tc_connector_ops, ST);
    tc_state *other = tc_state_new(CATS[1]);
    tc_conn_add_catalog(C, "other", &tc_connector_ops, other);
    eng_set_default(C, "db", "public", &ERR);
    return 0;
}

/* The first PN_SCAN under n (walk order), or NULL. */
static plan_node *first_scan(plan_node *n)
{
    if (!n)
        return NULL;
    if (n->kind == PN_SCAN)
        return n;
    plan_node *s = first_scan(n->child);
    if (!s)
        s = first_scan(n->left);
    return s ? s : first_scan(n->right);
}

/* The scan of `select id, g from t`, marked as shared (share_id 1). */
static plan_node *shared_scan_node(void)
{
    C->opt_off = SESS_OPT_SHARED_SCAN;
    plan_node *s = first_scan(ot_optimize("select id, g from t"));
    C->opt_off = 0;
    assert_non_null(s);
    s->share_id = 1;
    s->share_uses = 2;
    return s;
}

/* Reads one batch of use op: its live rows added to *rows, the sum of
 * column 0 to *sum; false at the end. */
static bool pull(exec_op *op, int64_t *rows, int64_t *sum)
{
    eng_batch *b = NULL;
    exec_status st = exec_next(op, &b);
    if (st == EX_ERROR)
        fail_msg("%s %s", ERR.sqlstate, ERR.message);
    if (st == EX_FINISHED)
        return false;
    int n = eng_batch_count(b);
    for (int i = 0; i < n; i++) {
        eng_value v;
        eng_batch_get(b, 0, eng_batch_row(b, i), &v);
        *sum += v.u.i;
    }
    *rows += n;
    return true;
}

#define SUM_IDS ((int64_t)NROWS * (NROWS - 1) / 2)

/* Two uses at different paces: A reads one batch, B two, A to the end,
 * B to the end; one remote read; every use gets every row. A rescan of
 * A reads the kept rows (no new read); once both ended, a rescan reads
 * the catalog again. */
static void test_two_paces_and_rescan(void **state)
{
    (void)state;
    plan_node *s = shared_scan_node();
    exec_ctx ctx = tu_ctx();
    ctx.conn = C;
    exec_op *a = NULL, *b = NULL;
    assert_int_equal(op_spool_init(&ctx, s, &a), ENG_OK);
    assert_int_equal(op_spool_init(&ctx, s, &b), ENG_OK);
    assert_ptr_equal(exec_spool_scan(a), exec_spool_scan(b));
    int before = ST->scans_begun;
    int64_t ra = 0, sa = 0, rb = 0, sb = 0;
    assert_true(pull(a, &ra, &sa));
    assert_int_equal(ra, 1024);
    assert_true(pull(b, &rb, &sb));
    assert_true(pull(b, &rb, &sb));
    assert_int_equal(rb, 2048);
    while (pull(a, &ra, &sa))
        ;
    while (pull(b, &rb, &sb))
        ;
    assert_int_equal(ra, NROWS);
    assert_int_equal(rb, NROWS);
    assert_int_equal(sa, SUM_IDS);
    assert_int_equal(sb, SUM_IDS);
    assert_int_equal(ST->scans_begun, before + 1);
    /* a rescanned use reads the rows kept: no new remote read */
    assert_int_equal(exec_rescan(a), ENG_OK);
    ra = sa = 0;
    while (pull(a, &ra, &sa))
        ;
    assert_int_equal(ra, NROWS);
    assert_int_equal(sa, SUM_IDS);
    assert_int_equal(ST->scans_begun, before + 1);
    /* the buffer is charged while it lives, given back at the end */
    assert_true(ctx.mem_used > 0);
    exec_end(a);
    assert_true(ctx.mem_used > 0);      /* b still reads */
    exec_end(b);
    assert_int_equal(ctx.mem_used, 0);
    /* after all ended: a rescan reads the catalog again */
    assert_int_equal(exec_rescan(b), ENG_OK);
    rb = sb = 0;
    while (pull(b, &rb, &sb))
        ;
    assert_int_equal(rb, NROWS);
    assert_int_equal(sb, SUM_IDS);
    assert_int_equal(ST->scans_begun, before + 2);
    exec_end(b);
    exec_end(a);                        /* idempotent */
    assert_int_equal(ctx.mem_used, 0);
}

/* A use that stops early (a LIMIT above ends it) leaves the other one
 * reading: it drives the source on its own. */
static void test_one_use_ends_early(void **state)
{
    (void)state;
    plan_node *s = shared_scan_node();
    exec_ctx ctx = tu_ctx();
    ctx.conn = C;
    exec_op *a = NULL, *b = NULL;
    assert_int_equal(op_spool_init(&ctx, s, &a), ENG_OK);
    assert_int_equal(op_spool_init(&ctx, s, &b), ENG_OK);
    int64_t ra = 0, sa = 0, rb = 0, sb = 0;
    assert_true(pull(a, &ra, &sa));
    exec_end(a);
    while (pull(b, &rb, &sb))
        ;
    assert_int_equal(rb, NROWS);
    assert_int_equal(sb, SUM_IDS);
    exec_end(b);
    assert_int_equal(ctx.mem_used, 0);
}

/* The buffer counts against the query's memory limit: past it 53200
 * naming the shared scan; the uses end cleanly. */
static void test_memory_limit(void **state)
{
    (void)state;
    plan_node *s = shared_scan_node();
    exec_ctx ctx = tu_ctx();
    ctx.conn = C;
    ctx.mem_limit = 16 * 1024;
    exec_op *a = NULL, *b = NULL;
    assert_int_equal(op_spool_init(&ctx, s, &a), ENG_OK);
    assert_int_equal(op_spool_init(&ctx, s, &b), ENG_OK);
    eng_batch *out = NULL;
    exec_status st = EX_HAVE_OUTPUT;
    while (st == EX_HAVE_OUTPUT)
        st = exec_next(a, &out);
    assert_int_equal(st, EX_ERROR);
    assert_string_equal(ERR.sqlstate, "53200");
    assert_non_null(strstr(ERR.message, "in shared scan"));
    /* the other use may read the complete chunks kept before the
     * failure, but never passes a half-read buffer off as the end */
    st = EX_HAVE_OUTPUT;
    while (st == EX_HAVE_OUTPUT)
        st = exec_next(b, &out);
    assert_int_equal(st, EX_ERROR);
    exec_end(a);
    exec_end(b);
    assert_int_equal(ctx.mem_used, 0);
}

/* SQL end to end: the same rows with the rule on and off, one remote
 * read with it (the rule's EXPLAIN marker), two without. */
static void check_sql(const char *sql, const char *want)
{
    char *explain;
    int before = ST->scans_begun;
    char *rows = ot_both(sql, SESS_OPT_SHARED_SCAN, "shared scan:", true,
                         &explain);
    if (!strstr(explain, "shared scan: 2 uses"))
        fail_msg("%s: not shared:\n%s", sql, explain);
    /* on: one read; off: two */
    assert_int_equal(ST->scans_begun - before, 3);
    if (want)
        assert_string_equal(rows, want);
}

static void test_sql_shapes(void **state)
{
    (void)state;
    check_sql("select count(*), sum(a.g), sum(b.g) from t a join t b "
              "on a.id = b.id", NULL);
    check_sql("select count(*) from (select id, g from t union all "
              "select id, g from t) x", "5000\n");
    check_sql("with c as (select id, g from t where g > 5) "
              "select count(*), min(c1.id) from c c1 join c c2 "
              "on c1.id = c2.id", NULL);
    check_sql("select a.g, count(b.g) from t a left join t b on a.id = b.id "
              "and a.g <> b.g + 1 group by a.g order by 1", NULL);
    /* one catalog whole with remote subtrees: the self-join runs inside
     * it, one scan, nothing to share */
    ST->shippable_node = eng_pg_connector.shippable_node;
    C->opt_off = 0;
    char *e = plan_explain(A, ot_optimize("select count(*) from t a join t b "
                                          "on a.id = b.id"));
    ST->shippable_node = NULL;
    assert_null(strstr(e, "shared scan"));
}

/* The allocation-failure loop over a UNION ALL of one shared scan with
 * itself, read, rescanned, read again. */
static plan_node *build_union(void)
{
    C->opt_off = 0;
    plan_node *p = ot_optimize("select id, g from t union all "
                               "select id, g from t");
    assert_non_null(strstr(plan_explain(A, p), "shared scan: 2 uses"));
    return p;
}

static void test_oom_loop(void **state)
{
    (void)state;
    int64_t rows = 0;
    long k = tu_oom_rescan_loop(build_union, &rows);
    assert_true(k > 1);
    assert_int_equal(rows, 2 * NROWS);
}

int main(void)
{
    (void)tu_setup;
    (void)tu_teardown;
    (void)ot_register;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_paces_and_rescan),
        cmocka_unit_test(test_one_use_ends_early),
        cmocka_unit_test(test_memory_limit),
        cmocka_unit_test(test_sql_shapes),
        cmocka_unit_test(test_oom_loop),
    };
    return cmocka_run_group_tests(tests, setup, ot_teardown);
}
