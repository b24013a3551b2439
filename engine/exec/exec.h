/*
 * engine/exec/exec.h
 *   The executor: a tree of operators that pass columnar batches upward.
 * Interface: exec_ctx, exec_op, exec_query_open, exec_query_next,
 *   exec_query_close, exec_query_cancel, exec_expr_eval, exec_stats_of.
 * Not here: the plan's data structures (plan/), connectors (connector/),
 *   the operator protocol and exec_rescan (exec_int.h, README.md).
 *
 * Each operator lives in its own file (op_scan.c, op_filter.c, ...) with
 * op_X_init / next / rescan / end functions. next() pulls batches from its
 * children and returns EX_HAVE_OUTPUT with a batch, EX_FINISHED, or
 * EX_ERROR with ctx->err filled; rescan (exec_rescan, inside the executor:
 * correlated subqueries, nested loops) makes an operator return its rows
 * again from the first. Inside the tree batches may carry a selection
 * vector (a filter narrows it instead of copying values); the batches
 * exec_query_next hands out are always dense. Scans stream; join builds,
 * aggregates and sorts hold what they must.
 */
#ifndef ENG_EXEC_H
#define ENG_EXEC_H

#include "../session/session.h"
#include "../plan/plan.h"

typedef enum exec_status { EX_HAVE_OUTPUT, EX_FINISHED, EX_ERROR } exec_status;

typedef struct exec_ctx {
    eng_conn *conn;
    eng_arena *arena;        /* execution lifetime: operator state */
    eng_error *err;
    volatile int cancelled;  /* set by exec_query_cancel from any thread;
                                read and written with __atomic builtins */
    int64_t deadline_ms;     /* CLOCK_MONOTONIC ms; 0 = none */
    unsigned timeout_s;      /* the limit deadline_ms comes from */
    const eng_value *params; /* bound parameter values, or NULL */
    int nparams;
    eng_value *corr;         /* correlation slots (PX_CORR), set per outer
                                row by the PN_APPLY operators (op_apply.c);
                                in arena, sized when the tree is built */
    int ncorr;
    /* dynamic filters published by hash joins for the scans of their
     * probe sides (exec/dynfilter.c); zeroed = unset */
    eng_df_slot df[ENG_DF_MAX_SLOTS];
    /* Memory the operators hold (hash tables, sort and window stores,
     * materialized inputs), charged by exec_mem_charge on the executing
     * thread; past mem_limit (bytes, 0 = none: the session's
     * QueryMemoryLimit) the query fails with 53200. */
    int64_t mem_limit;
    int64_t mem_used;
    /* Spilling (spill.c): with `spill` (the session property, default on)
     * and a limit, a sort past its share of the limit writes sorted runs
     * to temporary files in spill_dir (SpillDirectory; NULL: $TMPDIR,
     * else /tmp; ctx->arena or the session's) instead of failing. */
    bool spill;
    const char *spill_dir;
    /* the query's clock: UTC µs since 1970 read at the first call of a
     * clock function (current_date, localtimestamp, ...), so every call
     * in one execution sees the same instant, as Trino's; 0 = not read */
    int64_t now_us;
    /* WITH RECURSIVE: each PN_RECURSIVE operator's working table, by the
     * plan's rec_id, for the PN_WORKTABLE operators of its step
     * (op_recursive.c; entries in arena) */
    struct exec_worktable *worktables;
    /* Shared scans (exec/op_spool.c): one buffered remote read per
     * plan share_id, found by the uses' operators as they are built
     * (entries in arena) */
    struct exec_spool *spools;
    /* EXPLAIN ANALYZE: every operator times its next calls and counts the
     * bytes of the rows it returns (exec_stats_of) */
    bool analyze;
} exec_ctx;

/* The rows a recursion step reads (op_recursive.c); rows NULL between
 * executions. */
typedef struct exec_worktable {
    int id;
    const struct exec_rowstore *rows;
    struct exec_worktable *next;
} exec_worktable;

typedef struct exec_op exec_op;

/* Builds the operator tree for plan. Nothing is read yet. */
eng_rc exec_query_open(exec_ctx *ctx, const plan_node *plan, exec_op **root);
/* Next batch of the root, or *out = NULL at the end. The batch is dense
 * (sel NULL) with at least one row, valid until the next call. */
eng_rc exec_query_next(exec_op *root, const eng_batch **out);
/* Ends every operator (scans end their remote queries). NULL allowed. */
void exec_query_close(exec_op *root);
/* What the operator of plan node n (in the tree under root) did so far:
 * rows, and with ctx->analyze bytes and time (see plan_node_stats); false
 * when no operator runs n (EXPLAIN ANALYZE). */
bool exec_stats_of(exec_op *root, const plan_node *n, plan_node_stats *out);
/* Marks ctx cancelled and cancels running scans; any thread. */
void exec_query_cancel(exec_op *root);

/*
 * Evaluates e over the live rows of `in` (all of them, or those its
 * selection names) into *out: a dense vector of e->type with one entry
 * per live row (eng_batch_count(in)), in arena a. Errors (22003 overflow,
 * 22012 division by zero, 22018 bad cast) fill ctx->err with e's position.
 */
eng_rc exec_expr_eval(exec_ctx *ctx, const plan_expr *e, const eng_batch *in,
                      eng_arena *a, eng_vector *out);

#endif
