/*
 * engine/plan/plan.h
 *   Bound expressions and plan nodes: what the binder produces, the
 *   optimizer rewrites, connectors deparse and the executor runs. A
 *   low-level header: it includes only types/, mem/ and error.h, so that
 *   every stage and every connector may include it.
 * Interface: plan_expr, plan_agg, plan_node, eng_scan_spec, eng_table_def
 *   and the helpers
 *   declared at the end (plan_util.c, explain.c, plan_params.c).
 * Not here: building plans from the AST (binder/), pushdown
 *   (optimizer/pushdown.c), running them (exec/).
 *
 * Every expression is typed. The binder inserts PX_CAST wherever two
 * operands must agree, so the executor never guesses: both sides of a
 * comparison, of + - * / %, of CASE branches and of IN lists have the same
 * type id (decimals may differ in precision/scale for arithmetic, where
 * the result type is computed by Trino's rules and stored on the node).
 * A PX_COLREF names a column of the node's input by index: for a join,
 * left columns first, then right ones.
 * All nodes live in the statement's plan arena.
 */
#ifndef ENG_PLAN_H
#define ENG_PLAN_H

#include <stdbool.h>
#include <stdint.h>
#include "../types/types.h"

typedef struct plan_expr plan_expr;
typedef struct plan_node plan_node;
struct eng_catalog;

typedef enum plan_expr_kind {
    PX_CONST,     /* value */
    PX_COLREF,    /* col */
    PX_PARAM,     /* param (0-based), type known after binding params */
    PX_OP,        /* op over args[0..nargs-1] */
    PX_AND,       /* n-ary, three-valued */
    PX_OR,        /* n-ary, three-valued */
    PX_NOT,       /* args[0] */
    PX_IS_NULL,   /* args[0] IS NULL (negated: IS NOT NULL) */
    PX_CASE,      /* args = cond1, res1, cond2, res2, ... [, else];
                     has_else says if the last arg is ELSE. Simple CASE
                     is rewritten by the binder into searched CASE. */
    PX_CAST,      /* args[0] cast to type; is_try: NULL instead of error */
    PX_IN_LIST,   /* args[0] IN (args[1..]); negated for NOT IN */
    PX_LIKE,      /* args[0] LIKE args[1] [ESCAPE args[2]]; negated */
    PX_FUNC,      /* scalar function `func` over args */
    /* Subqueries (binder -> planner/; none is left after the planner): */
    PX_SUBQUERY,  /* subq->plan as a value: args = the tested operand
                     (PSQ_ANY: args[0]) then the correlation values, i.e.
                     the outer expressions the subquery reads */
    PX_OUTER_REF, /* inside a subquery's plan: correlation value `param` of
                     the PX_SUBQUERY that encloses it (0-based, after the
                     tested operand) */
    PX_CORR       /* after the planner: the value of correlation slot
                     `param`, which a PN_APPLY sets for each outer row */
} plan_expr_kind;

/* What a PX_SUBQUERY computes. IN is ANY with PO_EQ; NOT IN and ALL are
 * PX_NOT over ANY (x > ALL s  ==  NOT (x <= ANY s), also under NULLs). */
typedef enum plan_subq_kind {
    PSQ_EXISTS,   /* TRUE when the plan has a row */
    PSQ_SCALAR,   /* the one value of a one-column plan; NULL when empty,
                     21000 when more than one row */
    PSQ_ANY,      /* args[0] op ANY (one-column plan): TRUE when some
                     comparison is TRUE, else NULL when some is NULL, else
                     FALSE (also when empty) */
    PSQ_LATERAL   /* never a PX_SUBQUERY: a PN_APPLY of a LATERAL derived
                     table (every right row, see plan_node) */
} plan_subq_kind;

typedef enum plan_op {
    PO_ADD, PO_SUB, PO_MUL, PO_DIV, PO_MOD, PO_NEG,
    PO_CONCAT,
    PO_EQ, PO_NE, PO_LT, PO_LE, PO_GT, PO_GE,
    PO_IS_DISTINCT, PO_IS_NOT_DISTINCT
} plan_op;

typedef struct plan_subquery {
    plan_subq_kind kind;
    plan_op op;            /* PSQ_ANY: the comparison */
    plan_node *plan;
    int ntest;             /* 1 for PSQ_ANY (args[0]), else 0 */
} plan_subquery;

struct plan_expr {
    plan_expr_kind kind;
    eng_type type;       /* result type */
    int pos;             /* position in the statement, for errors */
    eng_value value;     /* PX_CONST */
    int col;             /* PX_COLREF */
    int param;           /* PX_PARAM; PX_OUTER_REF, PX_CORR: the slot */
    plan_op op;            /* PX_OP */
    const char *func;    /* PX_FUNC: lower-case name, e.g. "lower", "coalesce" */
    bool negated;
    bool has_else;
    bool is_try;
    int nargs;
    plan_expr **args;
    struct plan_subquery *subq;  /* PX_SUBQUERY */
};

typedef enum plan_agg_kind {
    PA_COUNT_STAR, PA_COUNT, PA_SUM, PA_MIN, PA_MAX, PA_AVG,
    PA_VAR_SAMP, PA_VAR_POP, PA_STDDEV_SAMP, PA_STDDEV_POP,
    PA_ARBITRARY,          /* any non-NULL value (the first one seen) */
    PA_MAX_BY, PA_MIN_BY,  /* arg at the row of the largest/smallest arg2 */
    /* collecting aggregates: every row's value is kept, then ordered */
    PA_LISTAGG,            /* varchar: non-NULL args joined by sep */
    PA_ARRAY_AGG,          /* varchar: every arg, NULLs included, printed
                              as Trino's CLI prints an array: [1, NULL] */
    PA_APPROX_PERCENTILE   /* arg's type: the value at percentile arg2
                              (double in [0, 1]), exact */
} plan_agg_kind;

/* Which step of a split aggregation a PN_AGG is (plan_node.agg_step). */
typedef enum plan_agg_step { PAS_SINGLE = 0, PAS_PARTIAL, PAS_FINAL }
    plan_agg_step;

/* One aggregate: result types follow Trino (count bigint; sum of integers
 * bigint, of decimal(p,s) decimal(38,s), of double double; avg of integers
 * and double double, of decimal(p,s) decimal(p,s); min/max/arbitrary/
 * max_by/min_by the arg type; variance and stddev double over a double
 * arg). The binder spells count_if(x) as count(*) with filter x,
 * bool_and/bool_or as min/max of a boolean, approx_distinct as an exact
 * count(DISTINCT). Rows where filter is not TRUE are skipped; otherwise
 * rows with a NULL arg (for max_by/min_by: a NULL arg2) are; array_agg
 * keeps them. listagg, array_agg and approx_percentile see their rows in
 * the order of `order` (then input order); they exist only in PN_AGG. */
typedef struct plan_agg {
    plan_agg_kind kind;
    plan_expr *arg;        /* over the child's columns; NULL for count(*) */
    bool distinct;
    eng_type type;
    plan_expr *arg2;       /* max_by/min_by: the key; approx_percentile:
                              the percentile; else NULL */
    plan_expr *filter;     /* FILTER (WHERE ...), boolean; NULL if none */
    int norder;            /* listagg WITHIN GROUP / array_agg ORDER BY */
    plan_expr **order;
    bool *order_desc, *order_nulls_first;
    /* listagg: the separator; ON OVERFLOW TRUNCATE (else ERROR) with its
     * filler and WITH COUNT; strings in the plan's arena */
    eng_str sep;
    bool truncate, with_count;
    eng_str filler;
} plan_agg;

/* Window functions (PN_WINDOW). Ranking and value functions are PW_*;
 * an aggregate over a window is PW_AGG with its plan_agg. */
typedef enum plan_win_kind {
    PW_ROW_NUMBER, PW_RANK, PW_DENSE_RANK, PW_PERCENT_RANK, PW_CUME_DIST,
    PW_NTILE,         /* args[0]: buckets, bigint */
    PW_LAG, PW_LEAD,  /* args: value, offset bigint, default (value type) */
    PW_FIRST_VALUE, PW_LAST_VALUE,
    PW_NTH_VALUE,     /* args: value, n bigint */
    PW_AGG
} plan_win_kind;

/* One end of a frame. PF_PRECEDING/PF_FOLLOWING carry an offset. */
typedef enum plan_frame_bound {
    PF_UNBOUNDED_PRECEDING, PF_PRECEDING, PF_CURRENT_ROW, PF_FOLLOWING,
    PF_UNBOUNDED_FOLLOWING
} plan_frame_bound;

/* One window function of a PN_WINDOW node. Expressions are over the
 * node's child. The frame is ROWS (rows true), GROUPS (groups true: an
 * offset counts peer groups) or RANGE (an offset is a distance between
 * ORDER BY keys); CURRENT ROW in RANGE and GROUPS includes the peers. */
typedef struct plan_winfunc {
    plan_win_kind kind;
    int nargs;
    plan_expr **args;
    plan_agg agg;            /* PW_AGG */
    bool ignore_nulls;       /* lag, lead, first/last/nth_value */
    bool rows;
    bool groups;
    plan_frame_bound start, end;
    plan_expr *start_off, *end_off;   /* bigint, for n PRECEDING/FOLLOWING */
    /* RANGE over a date or timestamp key with a constant interval: then
     * start_off/end_off are the bound values themselves (the key minus or
     * plus the interval, in the direction of the sort), of the key's type */
    bool range_value;
    eng_type type;
} plan_winfunc;

/*
 * Join types. SEMI, ANTI and MARK come from subqueries (planner/): they
 * output the left rows once each, SEMI those with a match, ANTI those
 * without; MARK every left row plus one boolean column, the row's mark.
 * The mark of a left row is TRUE when some right row matches (keys equal,
 * residual TRUE, mark_test TRUE), else NULL when some right row passing
 * keys and residual gives mark_test NULL (or, null_aware, when key 0 is
 * NULL on either side), else FALSE. SEMI keeps TRUE, ANTI keeps FALSE.
 * SINGLE is a LEFT join that fails with 21000 when a left row matches
 * more than one right row (scalar subqueries); without keys it checks the
 * right input has at most one row.
 */
typedef enum plan_join_type {
    PJ_INNER, PJ_LEFT, PJ_RIGHT, PJ_FULL, PJ_CROSS,
    PJ_SEMI, PJ_ANTI, PJ_MARK, PJ_SINGLE
} plan_join_type;

typedef enum plan_node_kind {
    PN_SCAN,      /* rows from one catalog table, through a connector */
    PN_VALUES,    /* constant rows (SELECT without FROM, SHOW results) */
    PN_FILTER,    /* keeps rows where pred is TRUE */
    PN_PROJECT,   /* ncols exprs over the child */
    PN_JOIN,      /* hash join on equi-keys, plus residual predicate */
    PN_AGG,       /* hash aggregate: group exprs then aggregates */
    PN_SORT,      /* full sort */
    PN_LIMIT,     /* offset, then at most limit rows */
    PN_UNION_ALL, /* left rows then right rows (same column types) */
    PN_DISTINCT,  /* removes duplicate rows (all columns) */
    PN_WINDOW,    /* child columns, then one column per window function */
    PN_GROUPID,   /* each input row once per grouping set: child columns,
                     the ngroups keys (NULL outside the set), the set's
                     number (bigint); below the PN_AGG of GROUPING SETS */
    PN_APPLY,     /* correlated nested loop (planner/): per left row, sets
                     the correlation slots and reruns the right plan */
    PN_SETOP,     /* INTERSECT / EXCEPT [ALL] of left and right rows */
    PN_UNNEST,    /* each child row once per array element: child columns,
                     one column per array, [ordinality] (see below) */
    PN_RECURSIVE, /* WITH RECURSIVE: left (the base) rows, then the rows of
                     right (the step) run again and again over the rows
                     the last run gave, until a run gives none */
    PN_WORKTABLE  /* inside a PN_RECURSIVE's step: the rows of the last
                     run (of the PN_RECURSIVE with the same rec_id) */
} plan_node_kind;

/* PN_SETOP's operation; rows compare with NULLs equal. */
typedef enum plan_setop_kind { PS_INTERSECT, PS_EXCEPT } plan_setop_kind;

/*
 * What a connector is asked to read: some columns of one table, with the
 * conjuncts in `filters` to apply remotely. Column references inside
 * filters (PX_COLREF.col) index table->cols. Output batch column i is
 * table->cols[cols[i]], with that column's engine type.
 */
typedef struct eng_column_def {
    char *name;
    eng_type type;
    bool nullable;
    int remote_type;          /* connector-specific, e.g. a PostgreSQL OID */
    int remote_typmod;
    char *remote_type_name;   /* e.g. "character varying(255)" */
    double est_distinct;      /* the catalog's estimate of the column's
                                 distinct non-NULL values over the whole
                                 table (PostgreSQL: pg_stats.n_distinct,
                                 a negative share times reltuples);
                                 <= 0 when unknown */
} eng_column_def;

typedef struct eng_table_def {
    char *catalog;
    char *schema;
    char *name;
    int ncols;
    eng_column_def *cols;
    double est_rows;          /* the catalog's row estimate (PostgreSQL:
                                 reltuples); <= 0 when unknown */
    double est_pages;         /* the catalog's size estimate in pages
                                 (PostgreSQL: relpages); <= 0 unknown */
    bool ranges;              /* rows can be read in ranges of pages
                                 (ops->split_open; PostgreSQL: the ctid of
                                 a table or materialized view) */
} eng_table_def;

/*
 * Dynamic filtering (optimizer/dynfilter.c, exec/op_hash_join.c): once a
 * hash join has read its build side it publishes the distinct key values
 * it saw in the execution's slot `id`; a scan of the probe side that has
 * not started yet then reads only rows whose column is among them. The
 * plan holds the references (eng_df_ref on the scan, df_slot on the join);
 * the values live in the execution (exec_ctx), never in the plan.
 */
#define ENG_DF_MAX_SLOTS 16       /* dynamic filters per statement */
#define ENG_DF_MAX_VALUES 10000   /* beyond: a [min, max] range, except */
/* integer keys: up to ENG_DF_MAX_ARRAY values still go as a list when
 * they are at most 1/ENG_DF_ARRAY_SHARE of the probe side's estimated
 * rows (the connector sends a long list compactly, PostgreSQL as one
 * array literal: `= ANY('{...}'::int4[])`, a few bytes per key against
 * the rows it keeps off the wire); otherwise the range */
#define ENG_DF_MAX_ARRAY 200000
#define ENG_DF_ARRAY_SHARE 4

typedef enum eng_df_kind {
    ENG_DF_UNSET = 0,   /* not published (yet): no filter */
    ENG_DF_VALUES,      /* vals[0..nvals) (possibly none: no row matches) */
    ENG_DF_RANGE,       /* lo <= x <= hi */
    ENG_DF_NONE         /* too many values of an unordered type: no filter */
} eng_df_kind;

typedef struct eng_df_slot {
    eng_df_kind kind;
    eng_type type;
    int nvals;
    eng_value *vals;          /* execution arena */
    eng_value lo, hi;
} eng_df_slot;

/* A dynamic filter that applies to a scan: table column `col` must be in
 * the values of slot `slot`. */
typedef struct eng_df_ref {
    int slot;
    int col;                  /* index into table->cols */
} eng_df_ref;

typedef struct eng_scan_spec {
    const eng_table_def *table;
    int ncols;
    int *cols;
    int nfilters;
    plan_expr **filters;
    int64_t limit;            /* -1: none; >= 0 pushed LIMIT */
    char *sql;                /* the deparsed remote statement, filled by
                                 the planner through ops->deparse */
    /* Execution bounds, filled by the executor in its own copy of the spec
     * (zero / NULL in the plan): CLOCK_MONOTONIC ms after which waits fail
     * with HYT00 (0 = none), the timeout it came from (for messages), and
     * the execution's cancel flag (read with __atomic_load_n; NULL = none). */
    int64_t deadline_ms;
    unsigned timeout_s;
    volatile int *cancelled;

    /*
     * Remote subtree (optimizer/remote.c): when not NULL this scan reads
     * the result of a whole plan subtree that touches only this catalog
     * (joins, aggregates, DISTINCT, ORDER BY ... LIMIT over its tables),
     * deparsed into one statement by the connector. Then table and cols
     * are unused (NULL / 0 columns of a table); the output batch column i
     * is remote->names[i] of type remote->types[i], exactly what the local
     * plan would have produced. The subtree's leaves are PN_SCANs with
     * their own plain specs.
     */
    const plan_node *remote;
    /* Dynamic filters that apply to this (plain) scan, set by the
     * optimizer; and, at execution, the execution's slot array (NULL in
     * the plan), which the connector reads when deparsing at scan start,
     * for this scan and for the leaves of `remote`. */
    int ndf;
    eng_df_ref *df;
    const eng_df_slot *df_slots;

    /*
     * Split scan (optimizer/scansplit.c, rule scan_split): a plain scan
     * (no remote subtree, LIMIT or dynamic filter) of a large table read
     * as split_n ranges of its split_pages estimated pages, each on its
     * own connection, all in one snapshot (exec/scan_reader.c starts one
     * reader per range; connector.h split_open). 0: read whole. sql stays
     * the whole scan's, which a scan read synchronously (parallel_scan
     * off, a rescan, a transaction) runs as before.
     * At execution each range's copy of the spec carries split_group
     * (ops->split_open's, shared by the ranges; NULL in the plan) and its
     * index split_part (0 .. split_n-1; range 0 makes the snapshot the
     * others import).
     */
    int split_n;
    int64_t split_pages;
    int split_part;
    void *split_group;
} eng_scan_spec;

struct plan_node {
    plan_node_kind kind;
    int ncols;
    eng_type *types;
    char **names;             /* output column labels */
    plan_node *child;           /* FILTER, PROJECT, AGG, SORT, LIMIT, DISTINCT */
    plan_node *left, *right;    /* JOIN, UNION_ALL */

    /* PN_SCAN */
    struct eng_catalog *catalog;
    eng_scan_spec spec;

    /* PN_VALUES: nrows rows of ncols values each */
    int nrows;
    eng_value **rows;

    /* PN_FILTER */
    plan_expr *pred;

    /* PN_PROJECT: ncols expressions */
    plan_expr **exprs;

    /* PN_JOIN: rows match when every lkeys[i] (over left columns) equals
     * rkeys[i] (over right columns), NULL keys never matching, and the
     * residual (over left ++ right columns, may be NULL) is TRUE. */
    plan_join_type join_type;
    int nkeys;
    plan_expr **lkeys;
    plan_expr **rkeys;
    plan_expr *residual;
    /* Dynamic filter published by this join after its build (right)
     * side is read (has_df): rkeys[df_key] values into slot df_slot. */
    bool has_df;
    int df_slot;
    int df_key;
    /* Build side swapped by the optimizer (EXPLAIN shows it). */
    bool swapped;
    /* The output must keep the left (probe) input's row order: set by
     * optimizer/sortpush.c on the joins a sort was moved below (only
     * INNER, or LEFT without residual); the build side then never swaps
     * and a LEFT join emits an unmatched row in its place, not after its
     * batch (EXPLAIN: "order: probe"). */
    bool keep_order;

    /* Row estimate of this node's output (optimizer, for the build side
     * and EXPLAIN); <= 0 when not estimated. */
    double est_rows;
    /* What an estimate-driven rule decided here, for EXPLAIN (0 / false
     * when the rule did not look at the node):
     * - PN_AGG, optimizer/partialagg.c: est_groups partial groups out of
     *   est_in rows of the aggregated side; est_skipped when the rule
     *   left the aggregate whole because the groups would not reduce the
     *   rows enough (EXPLAIN: "partial: skipped (est. groups: G of R
     *   rows)" on the aggregate, "est. groups: G of R rows" on an
     *   Aggregate[partial]);
     * - PN_JOIN, optimizer/dynfilter.c: est_groups distinct build keys
     *   against est_in distinct probe keys; est_skipped when no dynamic
     *   filter was given because it would keep most probe rows (EXPLAIN:
     *   "dynamic filter: skipped (est. keys: K of D)"). */
    double est_groups, est_in;
    bool est_skipped;
    /* PN_AGG, optimizer/remote.c (rule local_agg): the aggregate stays
     * in the engine over a pushed scan of its one catalog because its
     * est_groups groups are most of its est_in input rows (EXPLAIN:
     * "local (est. groups: G of N rows)"). */
    bool est_local;
    /* PN_SCAN, optimizer/sharedscan.c (rule shared_scan): share_uses
     * scans of the plan send the same SQL to the same catalog. With
     * share_id > 0 (the same id on each) the executor reads it once and
     * feeds every use from one buffer (exec/op_spool.c; EXPLAIN "shared
     * scan: N uses"); with share_id 0 and share_uses > 1 the rule left
     * them apart because share_bytes, the estimated bytes of the rows,
     * is over its bound (EXPLAIN "shared scan: skipped (...)"). */
    int share_id;
    int share_uses;
    double share_bytes;

    /* PN_AGG: output columns = ngroups group values, then naggs aggs.
     * PN_GROUPID: groups are the keys over the child; bit g of
     * gset_masks[s] is set when key g belongs to grouping set s. */
    int ngroups;
    plan_expr **groups;
    int naggs;
    plan_agg *aggs;
    /* PN_AGG split around a join by optimizer/partialagg.c: PAS_PARTIAL
     * below it (grouped by the join key), PAS_FINAL above it
     * (re-aggregating the partial values); PAS_SINGLE otherwise. */
    plan_agg_step agg_step;

    /* PN_SORT: keys over the child; nulls_first as resolved by binder
     * (Trino default: NULLS LAST for ASC and DESC) */
    int nsort;
    plan_expr **sort_keys;
    bool *sort_desc;
    bool *sort_nulls_first;

    /* PN_LIMIT */
    int64_t limit;            /* -1: no limit */
    int64_t offset;

    /* PN_WINDOW: rows are partitioned by part_keys and ordered within a
     * partition by the sort_* fields above (nsort keys); output = child
     * columns, then nwin values (wins[k].type). */
    int npart;
    plan_expr **part_keys;
    int nwin;
    plan_winfunc *wins;

    /* PN_GROUPID (keys in ngroups/groups above); also on the PN_AGG above
     * it, whose last group column is then the set number */
    int nsets;
    uint64_t *gset_masks;

    /* Subqueries (planner/). PN_JOIN of type SEMI/ANTI/MARK: null_aware
     * makes key 0 three-valued (NOT IN); mark_test (over left ++ right,
     * may be NULL) is the three-valued comparison of ANY. PN_APPLY:
     * output = left columns ++ one column computed per left row as
     * apply_kind says from the right plan's rows (PSQ_ANY through
     * mark_test); before each run the nparams expressions `params` (over
     * the left columns) are stored in correlation slots corr_base.. that
     * the right plan's PX_CORR read. apply_kind PSQ_LATERAL (the binder's,
     * for `JOIN LATERAL (query)`): output = left ++ right columns, each
     * left row with every right row of its run for which mark_test (the
     * ON condition over left ++ right, NULL = TRUE) holds; join_type
     * PJ_LEFT keeps a left row without any, right columns NULL. The
     * binder leaves the right plan's PX_OUTER_REF(i) (= params[i]) for
     * the planner to number into slots. */
    bool null_aware;
    plan_expr *mark_test;
    plan_subq_kind apply_kind;
    int nparams;
    plan_expr **params;
    int corr_base;

    /* PN_SETOP: left rows kept by their count on the right (ALL: as many
     * times as INTERSECT min(m, n) / EXCEPT max(m - n, 0) say; else once) */
    plan_setop_kind setop;
    bool setop_all;

    /* PN_UNNEST: unnest_narr arrays built in the query (ARRAY[...]), all
     * padded with typed NULLs to unnest_len elements; element j of array
     * i is groups[j * unnest_narr + i], an expression over the child (so
     * an array may read the child row: CROSS JOIN UNNEST(ARRAY[t.a]));
     * ngroups = unnest_narr * unnest_len. Each child row comes out
     * unnest_len times, element j in row j, then (unnest_ordinality) the
     * bigint j + 1. */
    int unnest_narr, unnest_len;
    bool unnest_ordinality;
    /* PN_UNNEST over array values (an array column or any array-typed
     * expression): groups[i] (ngroups = unnest_narr, unnest_len 0) is
     * array i; each child row comes out as many times as its longest
     * array has elements (a NULL array has none), the shorter padded
     * with NULL. */
    bool unnest_values;

    /* PN_RECURSIVE and the PN_WORKTABLEs of its step: the same rec_id
     * (unique in the plan); rec_max_depth steps may give rows, the next
     * one must give none (Trino's max_recursion_depth, default 10). */
    int rec_id;
    int rec_max_depth;
};

/* ---- helpers (planner/plan_util.c) ---- */
/* Constructors return NULL on OOM (arena a). */
plan_expr *plan_expr_new(eng_arena *a, plan_expr_kind kind, eng_type type);
plan_expr *plan_colref(eng_arena *a, int col, eng_type type);
plan_expr *plan_const(eng_arena *a, const eng_value *v);
plan_node *plan_node_new(eng_arena *a, plan_node_kind kind, int ncols);
/* Most ranges one split scan is read in (eng_scan_spec.split_n). */
#define PLAN_SPLIT_MAX 8
/* Renders a plan as indented text (EXPLAIN; tests). NULL on OOM. */
char *plan_explain(eng_arena *a, const plan_node *n);
/* What EXPLAIN ANALYZE shows of one node's run; -1 = not known. */
typedef struct plan_node_stats {
    int64_t rows;         /* rows returned (a scan: from its catalog) */
    int64_t bytes;        /* bytes of those rows in the engine's vectors */
    int64_t wire_bytes;   /* a scan: bytes received from its catalog */
    int64_t time_ns;      /* wall time spent in the node, inputs included */
    int nranges;          /* a split scan read in ranges: rows of each
                             (0: read whole) */
    int64_t range_rows[PLAN_SPLIT_MAX];
    int64_t spill_runs;   /* runs the node wrote to spill files (0: none) */
    int64_t spill_bytes;  /* their bytes */
} plan_node_stats;
/* plan_explain with each node's stats (where stats(arg, node, &st)
 * returns true) after its line, then one line per catalog summing its
 * scans (EXPLAIN ANALYZE). NULL on OOM. */
char *plan_explain_stats(eng_arena *a, const plan_node *n,
                         bool (*stats)(void *arg, const plan_node *n,
                                       plan_node_stats *out),
                         void *arg);
char *plan_expr_text(eng_arena *a, const plan_expr *e);
/* True when an expression of the subtree n (a PN_APPLY's right side
 * included) reads a correlation slot (PX_CORR): then n may return other
 * rows on every rescan. */
bool plan_reads_corr(const plan_node *n);
/* True when e (NULL: false) references a column (PX_COLREF) anywhere. */
bool plan_expr_has_colref(const plan_expr *e);
/* True when the scan's SQL is written again with a join's published keys:
 * it or some leaf of its remote subtree waits for dynamic filters (the
 * executor starts such a scan late; the optimizer never shares it). */
bool plan_scan_waits_for_df(const eng_scan_spec *spec);

/* ---- parameter markers (plan/plan_params.c) ---- */
/* The type each marker has in p, into types[0..n) (untyped ones are left
 * as they are). */
void plan_param_types(const plan_node *p, eng_type *types, int n);
/* A deep copy of p in a with markers replaced by constants from vals
 * (NULL: kept). NULL with err set on failure. */
plan_node *plan_copy_bound(eng_arena *a, const plan_node *p,
                           const eng_value *vals, int nvals, eng_error *err);
/* True when a dynamic filter of spec (or of a leaf of spec->remote) has
 * values in slots (plan_util.c). */
bool plan_df_published(const eng_scan_spec *spec, const eng_df_slot *slots);

#endif
