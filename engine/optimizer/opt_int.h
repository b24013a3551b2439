/*
 * engine/optimizer/opt_int.h
 *   Private declarations shared by the optimizer's files: the context,
 *   growable expression lists and expression rewriting helpers.
 * Interface: octx, xlist, ox_* (optimizer.c), opt_pushdown (pushdown.c),
 *   opt_prune (prune.c).
 * Not here: the public entry point (optimizer.h).
 *
 * Rewrites never modify an expression in place: a rewritten expression
 * is always a new tree, because the binder may share subtrees.
 */
#ifndef ENG_OPT_INT_H
#define ENG_OPT_INT_H

#include "optimizer.h"

typedef struct octx {
    eng_conn *c;
    eng_arena *a;
    eng_error *err;
} octx;

/* A growable list of expressions (arena memory). */
typedef struct xlist {
    int n, cap;
    pl_expr **v;
} xlist;

/* optimizer.c */
eng_rc ox_push(octx *o, xlist *l, pl_expr *e);
eng_rc ox_conjuncts(octx *o, pl_expr *e, xlist *l);
pl_expr *ox_and(octx *o, const xlist *l);
pl_expr *ox_remap(octx *o, const pl_expr *e, const int *map);
pl_expr *ox_shift(octx *o, const pl_expr *e, int delta);
pl_expr *ox_subst(octx *o, const pl_expr *e, pl_expr *const *exprs);
pl_expr *ox_cast(octx *o, pl_expr *e, eng_type t);
void ox_ref_sides(const pl_expr *e, int nl, bool *left, bool *right);
void ox_mark(const pl_expr *e, bool *need);
bool ox_all_below(const pl_expr *e, int limit, bool *any);
pl_node *ox_filter(octx *o, pl_node *child, pl_expr *pred);

/* pushdown.c */
eng_rc opt_pushdown(octx *o, pl_node *n, xlist *preds, pl_node **out);

/* prune.c */
eng_rc opt_prune(octx *o, pl_node *n, const bool *need, int **map);

#endif
