/*
 * engine/binder/bind_int.h
 *   Private declarations shared by the binder's files: the binding
 *   context, relation scopes (one entry per visible column) and the
 *   cross-file helpers.
 * Interface: bctx, bcol, brel, bexpr_mode and the bnd_* functions.
 * Not here: the public entry point (binder.h).
 *
 * Everything the binder allocates lives in the plan arena bctx.a.
 */
#ifndef ENG_BIND_INT_H
#define ENG_BIND_INT_H

#include "binder.h"

/* The WITH lists in scope: innermost first. Only the first `nvisible`
 * CTEs of `q` are visible (a CTE sees the ones before it, not itself). */
typedef struct cte_scope {
    const ast_query *q;
    int nvisible;
    const struct cte_scope *outer;
} cte_scope;

/* One column of a relation as name resolution sees it. */
typedef struct bcol {
    const char *qcat, *qschema, *qtable; /* qualifiers; qcat/qschema NULL
                                            for aliases, CTEs, subqueries */
    const char *name;
    eng_type type;
    bool nullable;
    bool using_hidden;      /* the duplicate side of a USING column */
    const char *ocat, *oschema, *otable, *obase;  /* origin, or NULL */
    const char *remote_type_name; /* set when type is unsupported */
} bcol;

/* A bound relation: a plan and the scope of its output columns. */
typedef struct brel {
    pl_node *plan;
    int ncols;
    bcol *cols;
} brel;

typedef struct bctx {
    eng_conn *c;
    eng_arena *a;
    eng_error *err;
    const cte_scope *ctes;
    int depth;
} bctx;

/* How an expression is bound (see bind_expr.c). */
typedef enum bexpr_mode {
    BM_PLAIN,      /* aggregates are an error (WHERE, ON, GROUP BY) */
    BM_AGG         /* aggregates are collected into `aggs` */
} bexpr_mode;

/* Aggregate collection for BM_AGG: aggregate k is returned as a colref
 * with col = BND_AGG_BASE + k, rewritten later by bind_agg.c. */
#define BND_AGG_BASE (1 << 24)
typedef struct bagg_list {
    int n, cap;
    pl_agg *aggs;
} bagg_list;

typedef struct bexpr_ctx {
    bctx *b;
    const brel *scope;
    bexpr_mode mode;
    bagg_list *aggs;
    const char *clause;     /* "WHERE", "ON", ... for messages */
} bexpr_ctx;

/* bind.c */
eng_rc bnd_query(bctx *b, const ast_query *q, brel *out);
pl_node *bnd_project(bctx *b, pl_node *child, int n, pl_expr **exprs,
                     char **names);
bool bnd_name_eq(const char *a, const char *b);
pl_node *bnd_node(bctx *b, pl_node_kind kind, int ncols);
eng_rc bnd_from(bctx *b, const ast_table_ref *from, brel *out);

/* bind_select.c */
eng_rc bnd_select(bctx *b, const ast_select *sel, const ast_query *q,
                  brel *out);
eng_rc bnd_order_limit(bctx *b, const ast_query *q, brel *rel);
eng_rc bnd_limit(bctx *b, const ast_query *q, pl_node **plan);

/* bind_expr.c */
eng_rc bnd_expr(bexpr_ctx *x, const ast_expr *e, pl_expr **out);
eng_rc bnd_bool_expr(bexpr_ctx *x, const ast_expr *e, pl_expr **out);
bool bnd_common_type(eng_type a, eng_type b, eng_type *out);
eng_rc bnd_coerce(bctx *b, pl_expr *e, eng_type to, pl_expr **out);
eng_rc bnd_resolve_column(bctx *b, const brel *scope, const ast_name *n,
                          int *col);
bool bnd_is_agg_name(const char *name);
bool bnd_ast_has_agg(const ast_expr *e);
bool bnd_expr_equal(const pl_expr *x, const pl_expr *y);
eng_rc bnd_parse_type(bctx *b, const ast_type_name *t, eng_type *out);
const char *bnd_type_str(bctx *b, eng_type t);

pl_expr *bnd_new(bctx *b, pl_expr_kind kind, eng_type type, int pos);
eng_rc bnd_args(bctx *b, pl_expr *e, int n);
pl_expr *bnd_copy(bctx *b, const pl_expr *e);
eng_rc bnd_compare(bctx *b, ast_op op, pl_expr *l, pl_expr *r, int pos,
                   pl_expr **out);
eng_rc bnd_arith(bctx *b, ast_op op, pl_expr *l, pl_expr *r, int pos,
                 pl_expr **out);

/* bind_func.c */
eng_rc bnd_func(bexpr_ctx *x, const ast_expr *e, pl_expr **out);

/* bind_show.c */
eng_rc bnd_show(bctx *b, const ast_stmt *s, eng_bound_stmt *out);
eng_rc bnd_get_table(bctx *b, const ast_name *n, eng_catalog **cat,
                     eng_table_def **def);

#endif
