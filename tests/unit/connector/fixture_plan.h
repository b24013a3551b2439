/*
 * tests/unit/connector/fixture_plan.h
 *   The fixture the connector tests that build plans by hand share: the
 *   arena A of the program (made by fx_setup, freed by fx_teardown, the
 *   cmocka group setup and teardown), a parameterless type T(id), and a
 *   plain scan node over columns of a test table.
 * Interface: (static) A, T, fx_scan, fx_setup, fx_teardown.
 * Not here: each test's table and columns (they differ on purpose: the
 *   quoting and types each test needs), its expression builders.
 */
#ifndef FIXTURE_PLAN_H
#define FIXTURE_PLAN_H

#include "connector/connector.h"

static eng_arena *A;    /* everything a test builds; the group's lifetime */

/* The type id with no precision, scale or length. */
static inline eng_type T(eng_type_id id)
{
    eng_type t = {id, 0, 0, 0};
    return t;
}

/* A plain scan (no filter, no limit) of table's columns c[0..n), in A,
 * its output named and typed as those columns. */
static inline plan_node *fx_scan(eng_table_def *table, int n, const int *c)
{
    plan_node *s = plan_node_new(A, PN_SCAN, n);
    s->spec.table = table;
    s->spec.ncols = n;
    s->spec.cols = eng_arena_alloc(A, sizeof(int) * (size_t)(n + 1));
    s->spec.limit = -1;
    for (int i = 0; i < n; i++) {
        s->spec.cols[i] = c[i];
        s->types[i] = table->cols[c[i]].type;
        s->names[i] = table->cols[c[i]].name;
    }
    return s;
}

static inline int fx_setup(void **state)
{
    (void)state;
    A = eng_arena_create();
    return A ? 0 : -1;
}

static inline int fx_teardown(void **state)
{
    (void)state;
    eng_arena_destroy(A);
    return 0;
}

#endif
