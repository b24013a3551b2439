/*
 * engine/plan/plan_write.h
 *   What a connector is asked to change in its catalog: the write spec
 *   the binder fills and a connector's write ops (connector.h) carry out.
 * Interface: eng_write_kind (EW_*), eng_write_col, eng_write_spec.
 * Not here: binding writes (binder/bind_write.c), running them (the
 *   façade, engine.c), the PostgreSQL side (connector/pg/pg_write.c).
 *
 * Two shapes of write:
 *   - statements without rows (DDL, a whole DELETE/UPDATE whose filters
 *     and values the catalog accepted): one call of ops->write_exec;
 *   - writes fed with rows (INSERT, CTAS, and DELETE/UPDATE/MERGE that
 *     read other catalogs): write_begin, write_batch per batch, write_end.
 * Either way the connector runs the whole write in one remote
 * transaction: a failure or a cancel leaves the target as it was.
 * Names are the remote names (already folded). Everything lives in the
 * statement arena.
 */
#ifndef ENG_PLAN_WRITE_H
#define ENG_PLAN_WRITE_H

#include "plan.h"

typedef enum eng_write_kind {
    EW_CREATE_SCHEMA,   /* schema; if_not_exists */
    EW_DROP_SCHEMA,     /* schema; if_exists, cascade */
    EW_CREATE_TABLE,    /* schema.table (cols); if_not_exists */
    EW_DROP_TABLE,      /* schema.table; if_exists */
    EW_RENAME_TABLE,    /* schema.table -> new_schema.new_table */
    EW_ADD_COLUMN,      /* cols[0]; col_if = IF NOT EXISTS */
    EW_DROP_COLUMN,     /* column; col_if = IF EXISTS */
    EW_RENAME_COLUMN,   /* column -> new_name; col_if = IF EXISTS */
    EW_INSERT,          /* rows for cols (existing columns of target) */
    EW_CREATE_TABLE_AS, /* creates schema.table (cols), then rows (none
                           when !with_data), in the same transaction */
    EW_DELETE,          /* whole statement: DELETE ... WHERE filters */
    EW_UPDATE,          /* whole statement: UPDATE ... SET assign WHERE
                           filters */
    EW_APPLY,           /* rows computed by the engine (see below) */
    EW_CREATE_VIEW,     /* schema.table AS view_sql; or_replace */
    EW_DROP_VIEW,       /* schema.table; if_exists */
    EW_CREATE_INDEX     /* new_name ON schema.table (cols: name, desc);
                           unique, if_not_exists */
} eng_write_kind;

/* EW_APPLY row actions (first column of every applied row). */
#define EW_ACT_UPDATE 1
#define EW_ACT_DELETE 2
#define EW_ACT_INSERT 3

/* One column written or created. */
typedef struct eng_write_col {
    char *name;
    eng_type type;          /* engine type of the values sent */
    const char *decl;       /* CREATE: the type as written (lower case,
                               "real", "char(3)"), NULL: from `type` */
    bool not_null;
    bool unique;            /* CREATE: UNIQUE */
    bool desc;              /* CREATE INDEX: descending */
    int remote_type;        /* existing columns: connector type (OID) */
    int remote_typmod;
} eng_write_col;

typedef struct eng_write_spec {
    eng_write_kind kind;
    const char *catalog;    /* for messages */
    const char *schema;
    const char *table;      /* table or view; NULL for schema writes */
    bool if_exists, if_not_exists, cascade, col_if, or_replace;
    bool with_data;         /* EW_CREATE_TABLE_AS */
    bool unique;            /* EW_CREATE_INDEX */
    int npk;                /* CREATE TABLE: PRIMARY KEY column names */
    char **pk;
    int ncols;              /* CREATE TABLE/CTAS: new columns; ADD COLUMN:
                               cols[0]; INSERT: the batch's columns */
    eng_write_col *cols;
    const char *column;     /* DROP/RENAME COLUMN */
    const char *new_name;   /* RENAME COLUMN */
    const char *new_schema; /* RENAME TO */
    const char *new_table;
    /* EW_DELETE / EW_UPDATE / EW_APPLY: the existing table. */
    const eng_table_def *target;
    /* EW_DELETE / EW_UPDATE: conjuncts over target->cols the connector
     * accepted as shippable (none: every row). */
    int nfilters;
    plan_expr **filters;
    /* EW_UPDATE: target->cols[assign_cols[i]] = assign_vals[i] (over
     * target->cols, shippable). */
    int nassign;
    int *assign_cols;
    plan_expr **assign_vals;
    /* EW_APPLY: each row is (action integer, old values of every target
     * column, new values of every target column); the connector matches
     * old rows on the table's primary key, or on all columns when it has
     * none. nmatch_check: refuse a target row matched twice (MERGE). */
    bool match_check;
    /* EW_CREATE_VIEW: the view's query in the catalog's own SQL. */
    const char *view_sql;
    /* Execution bounds, filled by the executing code in its own copy
     * (as eng_scan_spec): deadline (CLOCK_MONOTONIC ms, 0 none), the
     * timeout it came from, the cancel flag (NULL none). */
    int64_t deadline_ms;
    unsigned timeout_s;
    volatile int *cancelled;
} eng_write_spec;

#endif
