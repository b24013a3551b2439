/*
 * engine/binder/bind_int.h
 *   Private declarations shared by the binder's files: the binding
 *   context, relation scopes (one entry per visible column) and the
 *   cross-file helpers.
 * Interface: bctx, bcol, brel, bexpr_mode and the bind_* functions.
 * Not here: the public entry point (binder.h).
 *
 * Everything the binder allocates lives in the plan arena bctx.a.
 */
#ifndef ENG_BIND_INT_H
#define ENG_BIND_INT_H

#include "binder.h"
#include "../common/array.h"
#include "../common/strbuf.h"

/* The WITH lists in scope: innermost first. Only the first `nvisible`
 * CTEs of `q` are visible (a CTE sees the ones before it, not itself). */
typedef struct cte_scope {
    const ast_query *q;
    int nvisible;
    const struct cte_scope *outer;
    struct bouter *levels;  /* the enclosing queries where the WITH is
                               written: a CTE's query sees those, never
                               those of the place that references it */
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
    plan_node *plan;
    int ncols;
    bcol *cols;
} brel;

/*
 * An enclosing query while a subquery expression is bound
 * (bind_subquery.c): the scope the subquery expression sits in, and the
 * outer values the subquery reads, as expressions over that scope (they
 * become the PX_SUBQUERY's correlation arguments). `up` is the next
 * enclosing level, for subqueries inside subqueries.
 */
typedef struct bouter {
    const struct brel *scope;
    int ncorr, cap;
    plan_expr **corr;
    struct bouter *up;
} bouter;

typedef struct bctx {
    eng_conn *c;
    eng_arena *a;
    eng_error *err;
    const cte_scope *ctes;
    int depth;
    bouter *outer;          /* NULL outside subquery expressions */
    const eng_type *param_hints; /* type per marker for those the query
                                    leaves untyped (ENG_T_UNKNOWN: none);
                                    NULL when there are none */
    int nparam_hints;
    /* WITH RECURSIVE: the recursive CTEs whose step is being bound (their
     * name in the step reads the working table), innermost first; the
     * number of PN_RECURSIVE nodes made so far (their rec_id) */
    struct brec *rec;
    int nrec;
} bctx;

/* A recursive CTE while its step is bound (bind.c). */
typedef struct brec {
    const char *name;
    int ncols;
    const eng_type *types;
    char **cols;
    int id;
    int refs;               /* references to the working table seen */
    struct brec *outer;
} brec;

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
    plan_agg *aggs;
} bagg_list;

/* Window function collection (bind_window.c): window call k is returned
 * as a colref with col = BND_WIN_BASE + k; bind_select.c puts PN_WINDOW
 * nodes under the projection and maps the markers onto their columns.
 * Each entry's expressions are bound like the select list (over the FROM
 * scope, with aggregate markers in an aggregate query). */
#define BND_WIN_BASE (2 << 24)
typedef struct bwin {
    plan_winfunc f;
    int npart;
    plan_expr **part;
    int nsort;
    plan_expr **sort;
    bool *desc, *nulls_first;
} bwin;
typedef struct bwin_list {
    int n, cap;
    bwin *w;
    const struct ast_select *sel;   /* its WINDOW clause names windows */
} bwin_list;

/* GROUP BY as grouping() sees it (bind_group.c): the distinct keys bound
 * over the FROM scope and, with GROUPING SETS / ROLLUP / CUBE, the sets
 * (bit g of masks[s]: key g is in set s). The set number of a row is a
 * colref marker BND_GID_COL, mapped onto the aggregate's set column. */
#define BND_GID_COL (3 << 24)
typedef struct bgroup_info {
    int ngroups;
    plan_expr **groups;
    int nsets;                  /* 0: plain GROUP BY */
    const uint64_t *masks;
} bgroup_info;

typedef struct bexpr_ctx {
    bctx *b;
    const brel *scope;
    bexpr_mode mode;
    bagg_list *aggs;
    const char *clause;     /* "WHERE", "ON", ... for messages */
    bwin_list *wins;        /* window calls allowed (SELECT, ORDER BY) when
                               set; NULL: they are a 42803 error */
    bagg_list *win_agg;     /* set while binding an aggregate OVER a window:
                               the call goes here, its arguments bind in
                               `mode` (they may hold the group's aggregates) */
    const bgroup_info *grouping;  /* grouping() allowed when set */
} bexpr_ctx;

/* bind.c */
eng_rc bind_query(bctx *b, const ast_query *q, brel *out);
plan_node *bind_project(bctx *b, plan_node *child, int n, plan_expr **exprs,
                     char **names);
bool bind_name_eq(const char *a, const char *b);
plan_node *bind_node(bctx *b, plan_node_kind kind, int ncols);
eng_rc bind_from(bctx *b, const ast_table_ref *from, brel *out);
eng_rc bind_cast_columns(bctx *b, brel *rel, const eng_type *to);

/* bind_select.c */
eng_rc bind_select(bctx *b, const ast_select *sel, const ast_query *q,
                  brel *out);
eng_rc bind_order_limit(bctx *b, const ast_query *q, brel *rel);
eng_rc bind_limit(bctx *b, const ast_query *q, plan_node **plan);

/* bind_expr.c */
eng_rc bind_expr(bexpr_ctx *x, const ast_expr *e, plan_expr **out);
eng_rc bind_bool_expr(bexpr_ctx *x, const ast_expr *e, plan_expr **out);
bool bind_common_type(eng_type a, eng_type b, eng_type *out);
eng_rc bind_coerce(bctx *b, plan_expr *e, eng_type to, plan_expr **out);
eng_rc bind_resolve_column(bctx *b, const brel *scope, const ast_name *n,
                          int *col);
bool bind_is_agg_name(const char *name);
bool bind_ast_has_agg(const ast_expr *e);
bool bind_expr_equal(const plan_expr *x, const plan_expr *y);
eng_rc bind_parse_type(bctx *b, const ast_type_name *t, eng_type *out);
const char *bind_type_str(bctx *b, eng_type t);

plan_expr *bind_new(bctx *b, plan_expr_kind kind, eng_type type, int pos);
eng_rc bind_args(bctx *b, plan_expr *e, int n);
plan_expr *bind_copy(bctx *b, const plan_expr *e);
eng_rc bind_compare(bctx *b, ast_op op, plan_expr *l, plan_expr *r, int pos,
                   plan_expr **out);
eng_rc bind_arith(bctx *b, ast_op op, plan_expr *l, plan_expr *r, int pos,
                 plan_expr **out);

/* bind_subquery.c */
eng_rc bind_subquery(bexpr_ctx *x, const ast_expr *e, plan_expr **out);
eng_rc bind_outer_column(bexpr_ctx *x, const ast_name *n, plan_expr **out);
/* bind_time.c */
eng_rc bind_time_type(bctx *b, const ast_type_name *t, eng_type *out,
                      bool *matched);
eng_rc bind_time_literal(bctx *b, const ast_expr *e, plan_expr **out,
                         bool *matched);
int bind_time_common_type(eng_type a, eng_type b, eng_type *out);
bool bind_time_arith_applies(eng_type_id l, eng_type_id r);
eng_rc bind_time_arith(bctx *b, ast_op op, plan_expr *l, plan_expr *r,
                       int pos, plan_expr **out);

/* bind_func.c */
eng_rc bind_func(bexpr_ctx *x, const ast_expr *e, plan_expr **out);
/* 42883 "Unexpected parameters (types) for function name" at e's position
 * (bind_func.c; every function binder reports argument mismatches so). */
eng_rc bind_bad_args(bctx *b, const ast_expr *e, const char *name,
                     plan_expr **args, int n);
/*
 * Binds the arguments of the scalar call e into a new array of
 * e->nargs (+1, never empty) expressions in b->a (bind_func.c). A
 * DISTINCT or * inside the call is 42601 "<name> is not an aggregate
 * function"; an argument's own error as it comes.
 */
eng_rc bind_scalar_args(bexpr_ctx *x, const ast_expr *e, const char *name,
                        plan_expr ***out);
/*
 * Fits the bound argument *a to a parameter of type class `to`
 * (bind_func.c; every function binder checks its arguments so): an
 * untyped NULL or marker becomes a NULL of it; any integer fits an
 * integer class (cast to that width), any numeric fits DOUBLE, a varchar
 * of any length (or a char) fits VARCHAR unchanged; otherwise only `to`
 * itself. Returns false on a mismatch, for the caller's bind_bad_args. A
 * failed coercion (OOM) is left in *rc, which once set is never
 * overwritten, so a whole signature can be checked before looking at it.
 */
bool bind_fit_arg(bctx *b, plan_expr **a, eng_type_id to, eng_rc *rc);
/*
 * Checks name(args[0..n)) against a signature: between min and max
 * arguments, argument i fitted to params[i] by bind_fit_arg. Returns
 * ENG_OK, bind_bad_args' 42883 naming the function and the argument
 * types, or the coercion's error (bind_func.c). BIND_SIG counts the
 * parameter list: BIND_SIG(b, e, name, args, n, 2, ENG_T_VARBINARY,
 * ENG_T_BIGINT, ENG_T_BIGINT) takes 2 or 3 arguments.
 */
eng_rc bind_check_sig(bctx *b, const ast_expr *e, const char *name,
                      plan_expr **args, int n, int min, int max,
                      const eng_type_id *params);
#define BIND_SIG(b, e, name, args, n, min, ...)                           \
    bind_check_sig((b), (e), (name), (args), (n), (min),                  \
                   (int)(sizeof((const eng_type_id[]){ __VA_ARGS__ }) /   \
                         sizeof(eng_type_id)),                           \
                   (const eng_type_id[]){ __VA_ARGS__ })
/* PX_FUNC name(args[0..n)) of type t at pos, into *out; ENG_NOMEM on
 * OOM (bind_func.c). */
eng_rc bind_make_func(bctx *b, const char *name, eng_type t, plan_expr **args,
                      int n, int pos, plan_expr **out);
/* Is name one of the NULL-terminated list? (bind_func.c) */
bool bind_name_in(const char *name, const char *const *list);

/* bind_func_binary.c: varbinary and uuid functions; args already bound. */
bool bind_is_binary_func(const char *name);
eng_rc bind_func_binary(bctx *b, const ast_expr *e, const char *name,
                        plan_expr **args, int n, plan_expr **out);
/* bind_func_bitwise.c: Trino's bitwise functions; args already bound. */
bool bind_is_bitwise_func(const char *name);
eng_rc bind_func_bitwise(bctx *b, const ast_expr *e, const char *name,
                         plan_expr **args, int n, plan_expr **out);
/* bind_func_json.c: the JSON functions; args already bound. */
bool bind_is_json_func(const char *name);
eng_rc bind_func_json(bctx *b, const ast_expr *e, const char *name,
                      plan_expr **args, int n, plan_expr **out);
/* bind_func_trino.c: try and format; args already bound. */
bool bind_is_trino_func(const char *name);
eng_rc bind_func_trino(bctx *b, const ast_expr *e, const char *name,
                       plan_expr **args, int n, plan_expr **out);
/* bind_func_trino.c: min / max / min_by / max_by g (not over a window)
 * whose value or key is an array: the values collected in key order
 * (array_agg ORDER BY key, rows with a NULL key left out), then the
 * first or last picked by "$arr_min" / "$arr_max", which also fail as
 * Trino does where ordering the keys compares NULL elements. *out is
 * that expression of g's type. */
eng_rc bind_agg_over_arrays(bexpr_ctx *x, const plan_agg *g, int pos,
                            plan_expr **out);
/* bind_func_trino.c: CAST / TRY_CAST (e) of a (array(T) or json) to t
 * (json or array(U)): "$array_to_json" / "$json_to_array" (inside try()
 * for TRY_CAST), or 42804 "Cannot cast" for element types Trino refuses. */
eng_rc bind_json_array_cast(bctx *b, const ast_expr *e, plan_expr *a,
                            eng_type t, plan_expr **out);
/* bind_func_date.c: the date and time functions (see that file). */
bool bind_is_date_func(const char *name);
eng_rc bind_func_date(bexpr_ctx *x, const ast_expr *e, const char *name,
                      plan_expr **out);
/* bind_func_array.c: ARRAY[...], a || b with an array side, the array
 * functions (bind_is_array_func names them; bind_func_array binds one),
 * and reverse / concat over arrays (args bound). */
eng_rc bind_array_ctor(bexpr_ctx *x, const ast_expr *e, plan_expr **out);
eng_rc bind_array_concat(bctx *b, plan_expr *l, plan_expr *r, int pos,
                         plan_expr **out);
bool bind_is_array_func(const char *name);
eng_rc bind_func_array(bexpr_ctx *x, const ast_expr *e, const char *name,
                       plan_expr **out);
eng_rc bind_array_overload(bctx *b, const ast_expr *e, const char *name,
                           plan_expr **args, int n, plan_expr **out);
/* bind_func_more.c: the scalar functions bind_func does not list (math,
 * string, regexp, date, if, typeof, current_date); 42883 for unknown
 * names. */
eng_rc bind_func_more(bexpr_ctx *x, const ast_expr *e, const char *name,
                      plan_expr **out);

/* bind_write.c */
eng_rc bind_write(bctx *b, const ast_stmt *s, eng_bound_stmt *out);

/* bind_group.c */
eng_rc bind_grouping_call(bexpr_ctx *x, const ast_expr *e, plan_expr **out);

/* bind_window.c */
eng_rc bind_window_call(bexpr_ctx *x, const ast_expr *e, plan_expr **out);
/* Puts the window functions of l over *plan (one PN_WINDOW per distinct
 * PARTITION BY / ORDER BY); colmap[k] receives window k's output column. */
eng_rc bind_window_nodes(bctx *b, const bwin_list *l, plan_node **plan,
                         int *colmap);
/* Replaces window markers in e (in place) by colrefs to colmap[k]. */
void bind_window_markers(plan_expr *e, const int *colmap);

/* bind_show.c */
eng_rc bind_show(bctx *b, const ast_stmt *s, eng_bound_stmt *out);
eng_rc bind_get_table(bctx *b, const ast_name *n, eng_catalog **cat,
                     eng_table_def **def);

#endif
