/*
 * tests/unit/optimizer/opt_test_util.h
 *   The harness of the optimizer rule tests that run their plans: two
 *   in-memory catalogs with PostgreSQL's whitelist and deparser in one
 *   session, planning a statement under the session's switches, running
 *   a plan with its remote subtrees expanded back into local operators,
 *   and running a query with a rule on and off (the same rows).
 * Interface: (static) C, CATS, ot_setup, ot_register, ot_teardown,
 *   ot_optimize, ot_expand, ot_run, ot_both.
 * Not here: each test's tables and rows (its setup), what a rule's plan
 *   must look like (the tests), SQL end to end over one catalog
 *   (tests/unit/exec/sql_harness.h), hand-made plans (exec_test_util.h).
 */
#ifndef OPT_TEST_UTIL_H
#define OPT_TEST_UTIL_H

#include "../exec/exec_test_util.h"
#include "../test_connector.h"
#include "session/session.h"
#include "parser/parser.h"
#include "binder/binder.h"
#include "optimizer/optimizer.h"

#define OT_NCATS 2

static eng_conn *C;                 /* the session of the program */
static tc_catalog *CATS[OT_NCATS];  /* its catalogs, filled by the setup */

/* The first half of a group setup: the arena A, the session C and the
 * empty catalogs CATS; the setup then adds its tables and rows. */
static void ot_setup(void)
{
    A = eng_arena_create();
    C = tc_conn_new();
    for (int i = 0; i < OT_NCATS; i++)
        CATS[i] = tc_catalog_new();
}

/* The second half: registers CATS[i] as catalog names[i] with
 * PostgreSQL's whitelist and deparser (so the remote subtree rule ships
 * what PostgreSQL would run) and est_rows[i] rows; default catalog
 * `def`, schema public. */
static int ot_register(const char *const names[OT_NCATS],
                       const double est_rows[OT_NCATS], const char *def)
{
    for (int i = 0; i < OT_NCATS; i++) {
        tc_state *st = tc_state_new(CATS[i]);
        st->shippable = eng_pg_connector.shippable;
        st->deparse = eng_pg_connector.deparse;
        st->shippable_node = eng_pg_connector.shippable_node;
        st->est_rows = est_rows[i];
        tc_conn_add_catalog(C, names[i], &tc_connector_ops, st);
    }
    eng_set_default(C, def, "public", &ERR);
    return 0;
}

/* The group teardown: the session, the catalogs, the arena. */
static int ot_teardown(void **state)
{
    (void)state;
    eng_close(C);
    for (int i = 0; i < OT_NCATS; i++)
        tc_catalog_free(CATS[i]);
    eng_arena_destroy(A);
    return 0;
}

/* Parses, binds and optimizes sql under the session's switches. */
static plan_node *ot_optimize(const char *sql)
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
    return bs->plan;
}

/* Replaces every remote subtree scan by the subtree itself, so that the
 * in-memory catalogs (which run no SQL) execute what the catalog would. */
static void ot_expand(plan_node **slot)
{
    plan_node *n = *slot;
    if (!n)
        return;
    if (n->kind == PN_SCAN && n->spec.remote) {
        *slot = (plan_node *)n->spec.remote;
        ot_expand(slot);
        return;
    }
    ot_expand(&n->child);
    ot_expand(&n->left);
    ot_expand(&n->right);
}

/* Runs an optimized plan; its rows as text, sorted or in output order. */
static char *ot_run(plan_node *plan, bool sorted)
{
    ot_expand(&plan);
    exec_ctx ctx = tu_ctx();
    ctx.conn = C;
    tu_result r = tu_run_ctx(&ctx, plan, sorted);
    if (r.rc != ENG_OK)
        fail_msg("run: %s %s", ERR.sqlstate, ERR.message);
    return r.text;
}

/*
 * Optimizes and runs sql with every rule on, then with `rule` (a
 * SESS_OPT_* bit) off: the same rows (sorted, or in the same order).
 * The plan without the rule must not show `marker` in EXPLAIN. Returns
 * the rows; *explain gets EXPLAIN's text of the plan with the rule.
 */
static char *ot_both(const char *sql, unsigned rule, const char *marker,
                     bool sorted, char **explain)
{
    C->opt_off = 0;
    plan_node *on = ot_optimize(sql);
    char *text = plan_explain(A, on);
    char *r_on = ot_run(on, sorted);
    C->opt_off = rule;
    plan_node *off = ot_optimize(sql);
    assert_null(strstr(plan_explain(A, off), marker));
    char *r_off = ot_run(off, sorted);
    C->opt_off = 0;
    if (strcmp(r_on, r_off))
        fail_msg("%s\nwith the rule:\n%swithout:\n%splan:\n%s", sql, r_on,
                 r_off, text);
    *explain = text;
    return r_on;
}

#endif
