/*
 * engine/connector/connector.h
 *   The one interface every catalog backend implements.
 * Interface: eng_connector_ops, eng_catalog_cfg, and the known
 *   connectors' ops tables.
 * Not here: PostgreSQL specifics (connector/pg/); the registry that maps
 *   names to ops and the system catalog, which reads the session
 *   (session/registry.c, session/system.c); the in-memory test connector
 *   (tests/).
 *
 * A connector instance (`state`) belongs to one engine session and one
 * catalog. open() only records configuration: no server is contacted until
 * metadata or a scan needs it, so a query touching one catalog needs only
 * that server up. A state may run several scans at once (a hash join
 * reads two tables of the same catalog), so connectors that hold one
 * remote session per scan keep a small pool.
 * All functions return ENG_OK or fill err (naming the catalog in
 * err->source and in the message) and return ENG_ERROR / ENG_NOMEM.
 */
#ifndef ENG_CONNECTOR_H
#define ENG_CONNECTOR_H

#include <stdbool.h>
#include "../error.h"
#include "../mem/arena.h"
#include "../types/types.h"
#include "../plan/plan.h"
#include "../plan/plan_write.h"

/* One section of the catalog file. keys/values are everything but
 * `connector`, in file order, lower-cased keys. */
typedef struct eng_catalog_cfg {
    const char *name;
    const char *connector;
    const char *file;     /* the catalog file, for error messages */
    int nkeys;
    const char **keys;
    const char **values;
    /* Session timeout in seconds (0 = none) for work done outside an
     * execution: metadata calls at prepare time. The engine updates it in
     * place (eng_set_timeout), and the cfg passed to open() stays valid for
     * the life of the instance, so a connector may keep the pointer and
     * read this field at each call. Scans are bounded by the spec's
     * deadline_ms / cancelled instead. */
    unsigned timeout_s;
} eng_catalog_cfg;

/*
 * Keys and indexes of one table (ops->get_keys), for the ODBC/JDBC
 * metadata functions. Column names are in key order; an index column
 * that is an expression carries the expression's text.
 */
typedef struct eng_index {
    const char *name;
    bool unique;
    bool primary;          /* the table's primary key (name = the key's) */
    bool hashed;           /* a hash index (else some other kind) */
    int ncols;
    const char **cols;
    bool *descending;      /* per column */
    const char *filter;    /* a partial index's predicate, or NULL */
} eng_index;

typedef struct eng_table_keys {
    int nindexes;          /* the primary key first, then by name */
    eng_index *indexes;
} eng_table_keys;

/* One foreign key (ops->foreign_keys): cols of schema.table reference
 * ref_cols of ref_schema.ref_table, in key order, in the same catalog. */
typedef enum eng_fk_rule {
    ENG_FK_NO_ACTION, ENG_FK_RESTRICT, ENG_FK_CASCADE, ENG_FK_SET_NULL,
    ENG_FK_SET_DEFAULT
} eng_fk_rule;

typedef struct eng_foreign_key {
    const char *name;
    const char *schema, *table;
    const char *ref_schema, *ref_table;
    const char *ref_key;   /* name of the referenced key or unique index */
    int ncols;
    const char **cols, **ref_cols;
    eng_fk_rule on_update, on_delete;
    bool deferrable, initially_deferred;
} eng_foreign_key;

typedef struct eng_connector_ops {
    const char *name;     /* value of `connector =` in the catalog file */

    /* Validates cfg and creates the instance in *state (no I/O). */
    eng_rc (*open)(const eng_catalog_cfg *cfg, void **state, eng_error *err);
    /* Frees the instance and closes remote sessions. NULL allowed. */
    void (*close)(void *state);

    /* Schemas visible in the catalog, sorted. Arrays in arena a. */
    eng_rc (*list_schemas)(void *state, eng_arena *a, char ***names, int *n,
                           eng_error *err);
    /* Tables (and views) of one schema, sorted. Arrays in arena a. */
    eng_rc (*list_tables)(void *state, const char *schema, eng_arena *a,
                          char ***names, int *n, eng_error *err);
    /* The views among list_tables' names (sorted), each with the SQL the
     * catalog keeps for it in defs[i] (NULL if unknown), for
     * information_schema's table_type and views. Arrays in arena a. NULL
     * member = the catalog has no views. */
    eng_rc (*list_views)(void *state, const char *schema, eng_arena *a,
                         char ***names, char ***defs, int *n, eng_error *err);
    /* Column definitions of schema.table, in arena a. Returns ENG_NOT_FOUND
     * (no error record) when the table does not exist. A column whose
     * remote type has no engine mapping comes back as ENG_T_UNKNOWN with
     * remote_type_name set; the binder fails with 0A000 naming the column
     * and that type only if a query touches it. */
    eng_rc (*get_table)(void *state, const char *schema, const char *table,
                        eng_arena *a, eng_table_def **out, eng_error *err);

    /* Primary key and indexes of schema.table (in arena a); none for a
     * view or an unknown table. NULL member = the catalog has no keys. */
    eng_rc (*get_keys)(void *state, const char *schema, const char *table,
                       eng_arena *a, eng_table_keys *out, eng_error *err);
    /* Foreign keys whose referenced table is ref_schema.ref_table and
     * whose own table is schema.table; a NULL name matches any. Sorted
     * by schema, table, name. NULL member = the catalog has none. */
    eng_rc (*foreign_keys)(void *state, const char *ref_schema,
                           const char *ref_table, const char *schema,
                           const char *table, eng_arena *a,
                           eng_foreign_key **out, int *n, eng_error *err);

    /* True when the connector can evaluate e remotely exactly as the engine
     * would (whitelist: every node, operator, function and type known).
     * Column refs in e index the scanned table's columns. NULL = nothing. */
    bool (*shippable)(void *state, const plan_expr *e);
    /* Writes the remote statement for spec into *sql (arena a). Every
     * identifier and literal is quoted. NULL for connectors without SQL. */
    eng_rc (*deparse)(void *state, const eng_scan_spec *spec, eng_arena *a,
                      char **sql, eng_error *err);
    /* Writes one expression that shippable accepted, over the columns of
     * table t (column refs index t->cols, named as in t), into *sql
     * (arena a): the computed columns of a CREATE VIEW. NULL = none. */
    eng_rc (*deparse_expr)(void *state, const eng_table_def *t,
                           const plan_expr *e, eng_arena *a, char **sql,
                           eng_error *err);

    /*
     * Starts reading spec. Rows arrive through scan_next in batches with
     * spec->ncols columns of the spec's types. *scan lives until scan_end.
     * Waits (begin, next, end) must honour spec->deadline_ms (HYT00) and
     * spec->cancelled (HY008), never blocking longer than a short tick
     * without checking them.
     */
    eng_rc (*scan_begin)(void *state, const eng_scan_spec *spec,
                         void **scan, eng_error *err);
    /* Fills `out` (created by the caller with the spec's types, capacity
     * rows, empty) with the next rows; out->nrows == 0 means the end.
     * Strings go into out->arena. */
    eng_rc (*scan_next)(void *scan, eng_batch *out, eng_error *err);
    /* Ends the scan (abandoning the remote query if unfinished). */
    void (*scan_end)(void *scan);
    /* Asks a running scan to stop; callable from another thread, but only
     * while the scan is alive. The executor does not use it: it cancels
     * through spec->cancelled, which every wait of a connector polls (so
     * cancelling never touches a scan the executing thread may be
     * ending). NULL allowed. */
    void (*scan_cancel)(void *scan);

    /*
     * Writes (plan/plan_write.h). NULL members: the catalog cannot be
     * written (the engine refuses with 0A000 naming it). Every write runs
     * in one remote transaction and honours spec->deadline_ms (HYT00) and
     * spec->cancelled (HY008) like scans; on any failure nothing of it
     * remains in the catalog. Remote errors keep their SQLSTATE and name
     * the catalog.
     */
    /* True when the catalog can evaluate e (over spec->target's columns)
     * in a whole-statement UPDATE/DELETE exactly as the engine would.
     * NULL = never. */
    bool (*write_shippable)(void *state, const plan_expr *e);
    /* A write without rows (DDL, EW_DELETE, EW_UPDATE, views): runs it
     * and commits. *rows = rows changed (0 for DDL). */
    eng_rc (*write_exec)(void *state, const eng_write_spec *spec,
                         int64_t *rows, eng_error *err);
    /* A write fed with rows: begins the transaction (and for CTAS creates
     * the table), ready for write_batch. spec must outlive *w. */
    eng_rc (*write_begin)(void *state, const eng_write_spec *spec, void **w,
                          eng_error *err);
    /* Sends the rows of b (columns as the spec says) in bulk. */
    eng_rc (*write_batch)(void *w, const eng_batch *b, eng_error *err);
    /* commit: finishes and commits, *rows = rows written. !commit (after
     * an error or a cancel): rolls back. Frees w in both cases; after a
     * failed commit the transaction is rolled back too. */
    eng_rc (*write_end)(void *w, bool commit, int64_t *rows, eng_error *err);
    /* An INSERT ... SELECT whose whole source the catalog computes: sends
     * INSERT INTO target (spec->cols) select_sql as one statement, where
     * select_sql is this connector's deparse of a scan or remote subtree
     * of this same instance, its columns those of spec->cols in order.
     * *rows = rows inserted. For connectors without write_begin (the
     * engine cannot feed them rows): the binder then lets INSERT through,
     * and the engine refuses any other source shape with 0A000. NULL:
     * not supported. */
    eng_rc (*write_query)(void *state, const eng_write_spec *spec,
                          const char *select_sql, int64_t *rows,
                          eng_error *err);

    /*
     * Remote subtrees (optimizer/remote.c). True when the connector can
     * compute node n remotely with exactly the engine's result and output
     * types, given that each of n's inputs is itself computed remotely in
     * this catalog (whitelist, as for shippable: every node kind,
     * aggregate, expression and type known; volatile functions never).
     * For a PN_SCAN: whether the scan can be a leaf of a remote subtree.
     * deparse then accepts a spec whose `remote` is a subtree of nodes
     * each accepted here. NULL: only single scans are shipped.
     */
    bool (*shippable_node)(void *state, const plan_node *n);

    /*
     * Transactions (autocommit off, or START TRANSACTION). NULL members:
     * the catalog takes writes only in autocommit mode (the engine
     * refuses a write inside a transaction with 0A000 naming it).
     * txn_begin opens one remote transaction (READ COMMITTED); from then
     * on until txn_end every write, scan and metadata call of this
     * instance runs inside it, so the transaction reads its own writes,
     * and writes no longer commit on their own: write_exec and
     * write_end(commit) only finish the statement. A write that fails
     * inside the transaction may leave it rolled back (the engine rolls
     * back the whole transaction after any failed statement).
     * txn_end commits (commit) or rolls back; either way the instance is
     * outside any transaction afterwards. A commit that cannot be made
     * (the remote transaction failed, was lost with its connection, or
     * the server refused the COMMIT) rolls back and fails: 40000, or
     * the server's SQLSTATE, naming the catalog. Scans still streaming
     * at txn_end keep their rows (they are read into memory first).
     */
    eng_rc (*txn_begin)(void *state, eng_error *err);
    eng_rc (*txn_end)(void *state, bool commit, eng_error *err);

    /*
     * True when scan_begin / scan_next / scan_end of one scan may run on a
     * thread of their own, at the same time as other scans of the same
     * instance and as metadata calls on the session's thread (each scan
     * on its own remote connection; shared state locked). The executor
     * then reads such scans ahead on reader threads (exec/scan_reader.c),
     * except, in transaction mode, scans of a catalog that has or may
     * still get the transaction's remote connection (txn_begin), whose
     * one user at a time is managed on the session's thread.
     * false: every call stays on the session's thread.
     */
    bool parallel_scans;

    /*
     * Split scans (optimizer/scansplit.c, rule scan_split): a plain scan
     * of a table whose definition has `ranges` is read as spec->split_n
     * ranges at once, each through its own scan_begin .. scan_end on a
     * thread and a connection of its own (exec/scan_reader.c), all in
     * one snapshot, so that together they return exactly the rows one
     * scan would. split_open makes the object the ranges share (no I/O);
     * each range's spec carries it in split_group and its index in
     * split_part. Ranges wait for one another only through it, each wait
     * bounded by its spec's deadline and cancel flag; a range that fails
     * or is cancelled lets the others' waits end too. split_close frees
     * it once every range's scan has ended. NULL: the catalog never
     * splits. The engine never splits inside a transaction (txn_begin),
     * where the transaction's own connection must read.
     */
    eng_rc (*split_open)(void *state, int nparts, void **group,
                         eng_error *err);
    void (*split_close)(void *group);

    /* Bytes the scan has received from its catalog so far (the wire
     * format's, e.g. PostgreSQL's COPY data), for EXPLAIN ANALYZE; called
     * on the scan's thread before scan_end. NULL: not known. */
    int64_t (*scan_bytes)(void *scan);
} eng_connector_ops;

extern const eng_connector_ops eng_pg_connector;     /* "postgresql" */
extern const eng_connector_ops eng_trino_connector;  /* "trino" */

#endif
