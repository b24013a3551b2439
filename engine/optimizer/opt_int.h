/*
 * engine/optimizer/opt_int.h
 *   Private declarations shared by the optimizer's files: the context,
 *   growable expression lists and expression rewriting helpers.
 * Interface: octx, xlist, opt_* (optimizer.c), opt_pushdown (pushdown.c),
 *   opt_join_keys (pushdown.c), opt_join_order (joinorder.c), opt_prune
 *   (prune.c), opt_remote and opt_remote_ok (remote.c), opt_partial_agg
 *   (partialagg.c), opt_sort_pushdown (sortpush.c), opt_estimate, opt_estimate_base and
 *   opt_build_side (buildside.c), opt_dynamic_filters (dynfilter.c),
 *   opt_scan_split (scansplit.c), opt_shared_scans (sharedscan.c).
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
    /* opt_remote: the whole plan runs in one catalog (rule local_agg
     * then keeps nothing local) */
    bool whole_remote;
} octx;

/* A growable list of expressions (arena memory). */
typedef struct xlist {
    int n, cap;
    plan_expr **v;
} xlist;

/* optimizer.c */
eng_rc opt_push(octx *o, xlist *l, plan_expr *e);
eng_rc opt_conjuncts(octx *o, plan_expr *e, xlist *l);
plan_expr *opt_and(octx *o, const xlist *l);
plan_expr *opt_remap(octx *o, const plan_expr *e, const int *map);
plan_expr *opt_shift(octx *o, const plan_expr *e, int delta);
plan_expr *opt_subst(octx *o, const plan_expr *e, plan_expr *const *exprs);
plan_expr *opt_cast(octx *o, plan_expr *e, eng_type t);
void opt_ref_sides(const plan_expr *e, int nl, bool *left, bool *right);
void opt_mark(const plan_expr *e, bool *need);
bool opt_all_below(const plan_expr *e, int limit, bool *any);
plan_node *opt_filter(octx *o, plan_node *child, plan_expr *pred);

/* pushdown.c */
eng_rc opt_pushdown(octx *o, plan_node *n, xlist *preds, plan_node **out);
eng_rc opt_join_keys(octx *o, plan_node *j, const xlist *res);

/* joinorder.c */
eng_rc opt_join_order(octx *o, plan_node **slot);

/* prune.c */
eng_rc opt_prune(octx *o, plan_node *n, const bool *need, int **map);

/* remote.c */
eng_rc opt_remote(octx *o, plan_node **root);
bool opt_remote_ok(octx *o, const plan_node *n, eng_catalog **cat);

/* partialagg.c */
eng_rc opt_partial_agg(octx *o, plan_node **root);

/* sortpush.c */
eng_rc opt_sort_pushdown(octx *o, plan_node **root);

/* buildside.c */
double opt_estimate(plan_node *n);
double opt_estimate_base(plan_node *n, double *base);
double opt_col_distinct(const plan_node *n, int col);
double opt_est_groups(const plan_node *n, plan_expr *const *keys, int nkeys,
                      double rows);
eng_rc opt_build_side(octx *o, plan_node **root);

/* dynfilter.c */
eng_rc opt_dynamic_filters(octx *o, plan_node *root);

/* scansplit.c */
eng_rc opt_scan_split(octx *o, plan_node *root);

/* sharedscan.c */
eng_rc opt_shared_scans(octx *o, plan_node **root);

#endif
