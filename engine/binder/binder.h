/*
 * engine/binder/binder.h
 *   AST -> typed logical plan: name resolution through catalog metadata,
 *   type checking and coercion, aggregate extraction.
 * Interface: bind_statement, bind_statement_params.
 * Not here: parsing (parser/), pushdown (optimizer/), execution (exec/).
 */
#ifndef ENG_BINDER_H
#define ENG_BINDER_H

#include "../session/session.h"
#include "../parser/ast.h"
#include "../plan/plan.h"

/* What binding a statement yields: a plan (rows, or EXPLAIN's text) and
 * its result shape, or the new defaults of USE. In the statement arena. */
typedef enum eng_bound_kind {
    EB_QUERY,      /* plan returns rows */
    EB_USE,        /* sets session defaults: use_catalog, use_schema */
    EB_EXPLAIN,    /* plan returns the text of inner plan (one row) */
    EB_WRITE,      /* changes write_cat as `write` says; plan (NULL for
                      writes without rows) feeds its rows; no result set,
                      a row count (bind_write.c) */
    EB_TXN,        /* START TRANSACTION / COMMIT / ROLLBACK: txn_op,
                      txn_read_only (session/txn.c runs it) */
    EB_SESSION     /* SET SESSION / RESET SESSION: session_name,
                      session_value, session_reset (session_props.c) */
} eng_bound_kind;

typedef enum eng_txn_op { EB_TXN_START, EB_TXN_COMMIT, EB_TXN_ROLLBACK }
    eng_txn_op;

typedef struct eng_bound_stmt {
    eng_bound_kind kind;
    plan_node *plan;
    int ncols;
    eng_column_desc *cols;
    char *use_catalog;
    char *use_schema;
    bool set_time_zone;     /* EB_USE of SET TIME ZONE: use_schema holds
                               the zone, NULL for LOCAL */
    int nparams;           /* ? markers, numbered 0.. in text order */
    eng_type *param_types; /* nparams types: what the query makes of each
                              marker (comparison with a column, arithmetic,
                              function argument, CAST, or a hint), or
                              ENG_T_UNKNOWN where it fixes none
                              (`select ?`, `? is null`) */
    /* EB_WRITE: the catalog written and what to do there; write NULL
     * when there is nothing to do (IF [NOT] EXISTS found it so). */
    struct eng_catalog *write_cat;
    eng_write_spec *write;
    bool analyze;  /* EB_EXPLAIN: EXPLAIN ANALYZE (run, then rows per node) */
    eng_txn_op txn_op;         /* EB_TXN */
    bool txn_read_only;        /* EB_TXN_START ... READ ONLY */
    char *session_name;        /* EB_SESSION: the property */
    eng_value session_value;   /* EB_SESSION SET: a checked literal */
    bool session_reset;        /* EB_SESSION: RESET SESSION */
} eng_bound_stmt;

/*
 * Binds statement s for session c into *out (everything in arena a).
 * Table names resolve as catalog.schema.table, schema.table (session
 * catalog) or table (session catalog and schema, after CTEs in scope).
 * Errors name the object and carry its position: 42S02 unknown table,
 * 3D000 unknown catalog, 3F000 unknown schema, 42703 unknown column,
 * 42702 ambiguous column, 42803 grouping error, 42804 type mismatch,
 * 42883 unknown function; remote metadata errors come back as the
 * connector reported them.
 */
eng_rc bind_statement(eng_conn *c, const ast_stmt *s, eng_arena *a,
                      eng_bound_stmt **out, eng_error *err);

/*
 * bind_statement with a type for markers: marker k is bound with type
 * hints[k] unless that is ENG_T_UNKNOWN (then context types it as
 * usual). The engine passes, for markers the query leaves untyped, the
 * type of the value the application bound, so `select ?` with a decimal
 * returns a decimal. hints may be NULL.
 */
eng_rc bind_statement_params(eng_conn *c, const ast_stmt *s,
                             const eng_type *hints, int nhints,
                             eng_arena *a, eng_bound_stmt **out,
                             eng_error *err);

#endif
