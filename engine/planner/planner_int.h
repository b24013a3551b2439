/*
 * engine/planner/planner_int.h
 *   Private declarations shared by the planner's files: the context,
 *   expression lists and the expression and node helpers.
 * Interface: pctx, plist, planner_* helpers (planner.c), planner_attach,
 *   planner_lateral (subquery.c).
 * Not here: the public entry point (planner.h).
 *
 * The planner consumes each subquery plan once (plan_subquery.plan is set
 * to NULL when taken), so it may change that plan in place; expressions
 * of the outer plan are rebuilt, never changed in place, because the
 * binder shares subtrees.
 */
#ifndef ENG_PLANNER_INT_H
#define ENG_PLANNER_INT_H

#include "planner.h"

typedef struct pctx {
    eng_arena *a;
    eng_error *err;
    int next_slot;          /* next free correlation slot (PN_APPLY) */
} pctx;

/* A growable list of expressions (arena memory). */
typedef struct plist {
    int n, cap;
    plan_expr **v;
} plist;

/* How a subquery's result is used (planner_attach). */
typedef enum pmode {
    PM_VALUE,    /* its value is needed: a column is added */
    PM_SEMI,     /* a WHERE conjunct: keep rows where it is TRUE */
    PM_ANTI      /* a WHERE conjunct under NOT: keep rows where it is FALSE */
} pmode;

/* planner.c */
eng_rc planner_tree(pctx *p, plan_node **slot);
eng_rc planner_push(pctx *p, plist *l, plan_expr *e);
eng_rc planner_conjuncts(pctx *p, plan_expr *e, plist *l);
plan_expr *planner_and(pctx *p, const plist *l);
plan_expr *planner_colref(pctx *p, int col, eng_type t);
plan_node *planner_node(pctx *p, plan_node_kind kind, int ncols);
/* A copy of e: column c becomes column cmap(c) (cmap NULL: c + shift),
 * outer reference i becomes a copy of outer[i] (outer NULL: kept). NULL
 * on OOM. */
plan_expr *planner_map(pctx *p, const plan_expr *e, const int *cmap,
                       int shift, plan_expr *const *outer);
bool planner_has_kind(const plan_expr *e, plan_expr_kind kind);
bool planner_plan_has_outer(const plan_node *n);

/* subquery.c */
/* Numbers the correlation slots of a LATERAL apply (PN_APPLY of kind
 * PSQ_LATERAL, made by the binder) once its right side is planned. */
void planner_lateral(pctx *p, plan_node *n);
eng_rc planner_attach(pctx *p, plan_node **input, const plan_expr *s,
                      pmode mode, plan_expr **repl);

#endif
