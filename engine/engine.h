/*
 * engine/engine.h
 *   The engine's façade: the only header driver/ includes from engine/.
 * Interface: eng_open, eng_close, eng_set_default, eng_get_default,
 *   eng_prepare, eng_stmt_ncols, eng_stmt_column, eng_execute,
 *   eng_stmt_nparams, eng_stmt_param, eng_stmt_set_param_types,
 *   eng_execute_params, eng_stmt_params_all_or_none, eng_param_cast,
 *   eng_fetch, eng_stmt_is_write, eng_stmt_rowcount, eng_stmt_close_cursor, eng_stmt_free,
 *   eng_cancel, eng_cancel_reset, eng_set_query_timeout, eng_set_timeout,
 *   eng_set_catalogs_as_schemas, eng_set_time_zone, eng_has_key_metadata, eng_version,
 *   eng_describe_type, eng_describe_type_row, eng_unbounded_size,
 *   eng_txn_caps_get, eng_set_isolation, eng_set_autocommit, eng_end_txn,
 *   eng_txn_in_progress.
 * Not here: anything ODBC (driver/), SQL text handling (parser/),
 *   catalogs (connector/).
 *
 * The façade is kept narrow on purpose (open, prepare, describe, execute,
 * fetch batches, cancel) so that a remote engine, such as a Trino
 * coordinator, can stand behind it later.
 *
 * Threading: one eng_conn and its statements must be used by one thread at
 * a time (the driver locks its connection handle around every call).
 * eng_cancel alone may be called from another thread.
 */
#ifndef ENG_ENGINE_H
#define ENG_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "error.h"
#include "mem/arena.h"
#include "types/types.h"      /* eng_type, eng_value, eng_batch, eng_column_desc */
#include "types/typeinfo.h"   /* eng_typeinfo: how each type is described to ODBC/JDBC */
/* The two shared helpers the driver uses too, re-exported on purpose (the
 * driver includes nothing of engine/ but this header): the string builder
 * (its catalog queries) and the grow step of arrays (its diagnostic,
 * descriptor and connection-string records). common/hash.h stays inside. */
#include "common/strbuf.h"    /* eng_strbuf, eng_sb_* */
#include "common/array.h"     /* eng_array_grow, eng_array_resize */
#include "common/trace.h"     /* eng_set_remote_trace: the driver traces remote SQL */

typedef struct eng_conn eng_conn;
typedef struct eng_stmt eng_stmt;

#include "common/option.h"   /* eng_option: key=value pairs for eng_open */
#include "session/txn_caps.h" /* eng_txn_caps, ENG_ISO_*: eng_txn_caps_get */

/*
 * Opens an engine session. Recognised keys (case-insensitive):
 *   Catalogs  path of the catalog INI file (required)
 *   Catalog   default catalog for unqualified names
 *   Schema    default schema for unqualified names
 *   UnboundedVarcharSize  the size declared for varchar and varbinary
 *             without a length (eng_describe_type); Trino mode too
 *   MetadataCache  seconds the session keeps table definitions, schema
 *             and table lists and keys it read from a catalog (default
 *             60; 0 = off; 22023 for anything but a whole number). The
 *             session's own writes and transaction ends forget them.
 * The catalog file is read and checked now (missing file, unknown
 * connector: F0000 naming the file and section); no catalog server is
 * contacted until a statement needs it (lazy connect).
 * On success *out owns everything; on failure *out is NULL and err is set.
 */
eng_rc eng_open(const eng_option *opts, int nopts, eng_conn **out,
                eng_error *err);
void eng_close(eng_conn *c);

/* Session defaults (USE catalog.schema changes them too). NULL clears. */
eng_rc eng_set_default(eng_conn *c, const char *catalog, const char *schema,
                       eng_error *err);
/* Current defaults; pointers valid until the next change, NULL if unset. */
const char *eng_get_default_catalog(eng_conn *c);
const char *eng_get_default_schema(eng_conn *c);

/*
 * Parses, binds and plans sql (len bytes, not necessarily NUL-terminated).
 * Catalogs the statement names are connected to here, because binding
 * needs their metadata. The statement can be executed many times.
 * Errors: 42000 with position for syntax, 42S02/42703/... for names,
 * 08001/28000 for unreachable catalogs, HY001 for OOM.
 */
eng_rc eng_prepare(eng_conn *c, const char *sql, size_t len, eng_stmt **out,
                   eng_error *err);

/* Result shape, known after eng_prepare. ncols is 0 for statements that
 * return no rows (USE). Index is 0-based. */
int eng_stmt_ncols(const eng_stmt *s);
const eng_column_desc *eng_stmt_column(const eng_stmt *s, int i);

/* Starts execution; closes any open cursor first. A statement with
 * parameter markers fails with 07002: use eng_execute_params. */
eng_rc eng_execute(eng_stmt *s, eng_error *err);

/*
 * Parameter markers (`?`), numbered 0.. in the order they appear in the
 * text. The binder types each from its context: compared with a column,
 * it takes the column's type; in arithmetic, the other operand's; as a
 * function argument, the parameter's; in CAST, the target. A marker the
 * query leaves untyped (`select ?`, `? is null`) takes the type of the
 * value the application binds (eng_stmt_set_param_types, or implicitly
 * eng_execute_params): the statement is bound again with that type, so
 * `select ?` with a decimal(10,2) value returns a decimal(10,2) column.
 * The result shape (eng_stmt_ncols / eng_stmt_column) may change then.
 */
int eng_stmt_nparams(const eng_stmt *s);

typedef struct eng_param_desc {
    eng_type type;   /* ENG_T_UNKNOWN: untyped and no value type set yet */
    bool fixed;      /* the query fixes the type (else: the app's type) */
} eng_param_desc;

/* Describes marker i (0-based); an out-of-range i gives UNKNOWN. */
eng_param_desc eng_stmt_param(const eng_stmt *s, int i);

/*
 * Gives the markers the query leaves untyped the types types[0..n) (those
 * of the application's values; ENG_T_UNKNOWN leaves a marker as it is;
 * entries for typed markers are ignored). When a type changes, any open
 * cursor is closed and the statement is bound and planned again; on
 * failure (e.g. 42804 when coalesce(?, ?) gets integer and varchar) the
 * statement keeps its previous types.
 */
eng_rc eng_stmt_set_param_types(eng_stmt *s, const eng_type *types, int n,
                                eng_error *err);

/*
 * Executes s with nrows parameter sets: values holds nrows rows of
 * eng_stmt_nparams(s) values each, row-major; each value carries its own
 * type (a NULL too), which types untyped markers as above. Each value is
 * cast to its marker's type (22018 bad text, 22003 out of range or not
 * exact, 22007 bad date; messages name the parameter, 1-based). Values are
 * copied: the caller's buffers may change once this returns.
 * The values become constants of the plan before it is optimized, so a
 * marker inside a filter pushed to a catalog travels as a quoted literal
 * of its type, never as text spliced into the SQL.
 * A statement that returns rows takes one set per call (nrows = 1; more:
 * 0A000): the application executes a parameter array set by set. A write
 * takes all nrows sets in one call: INSERT ... VALUES (?, ...) makes them
 * the rows of one write (one remote transaction and COPY, all or none;
 * on failure *bad_row is the set whose value could not be cast, or -1);
 * any other write runs once per set, in order, and stops at the first
 * that fails (*bad_row = that set; the sets before it are written).
 * rowcount: rows written by all sets. *bad_row may be NULL.
 */
eng_rc eng_execute_params(eng_stmt *s, const eng_value *values, int nrows,
                          int *bad_row, eng_error *err);

/* True when eng_execute_params makes all its sets one write (INSERT ...
 * VALUES of markers): on failure no set was written, even the ones
 * before *bad_row. */
bool eng_stmt_params_all_or_none(const eng_stmt *s);

/*
 * Casts an application's value v for marker i (0-based, for messages)
 * to type t as eng_execute_params does: Trino's cast, except that a
 * number that would lose digits is refused (22003) rather than rounded,
 * and so is a timestamp or time whose fractional seconds t would cut
 * (22008).
 * NULL stays NULL of t; varchar to varchar keeps the text whole. Strings
 * of the result are in a (or v's own).
 */
eng_rc eng_param_cast(eng_arena *a, const eng_value *v, int i, eng_type t,
                      eng_value *out, eng_error *err);

/*
 * Returns the next batch of result rows in *out, or *out = NULL at the end.
 * The batch (and every string in it) is valid until the next eng_fetch,
 * eng_stmt_close_cursor or eng_stmt_free on this statement. Batches have
 * exactly eng_stmt_ncols columns with the described types.
 */
eng_rc eng_fetch(eng_stmt *s, const eng_batch **out, eng_error *err);

/* True when the statement changes a catalog (CREATE, INSERT, UPDATE,
 * DELETE, MERGE, DROP, ALTER): it returns no rows, only a row count. */
bool eng_stmt_is_write(const eng_stmt *s);

/* Rows affected by the last execution, -1 if not applicable. For a
 * write: the rows written (INSERT, CTAS, UPDATE, DELETE, MERGE), 0 for
 * DDL. In autocommit mode each write commits on its own. */
int64_t eng_stmt_rowcount(const eng_stmt *s);

/* Ends the current execution and releases its resources (remote cursors
 * included); the statement can be executed again. */
void eng_stmt_close_cursor(eng_stmt *s);
void eng_stmt_free(eng_stmt *s);

/* Asks the running execution of s to stop; safe from any thread. The
 * running eng_fetch then fails with HY008. The request stays until
 * eng_cancel_reset: an execution of s that begins meanwhile fails with
 * HY008 (a cancel sent while the caller's call is still binding or
 * planning, before the execution runs, is not lost). */
void eng_cancel(eng_stmt *s);

/* Forgets earlier eng_cancel requests on s; the caller calls it when a
 * new call that executes s begins (same thread as the execution). */
void eng_cancel_reset(eng_stmt *s);

/* Seconds after which an execution fails with HYT00; 0 = no limit. */
void eng_set_query_timeout(eng_stmt *s, unsigned seconds);

/* Session timeout for work outside an execution (metadata calls at
 * prepare time): each remote call fails with HYT00 after `seconds`
 * (0 = no limit). The driver sets it from the statement's query timeout
 * right before eng_prepare and eng_execute. */
void eng_set_timeout(eng_conn *c, unsigned seconds);

/*
 * For tools that present "catalog.schema" as one schema name (the
 * driver's CatalogsAsSchemas key): when on, a two-part table name whose
 * first part holds a dot, "cat.schema".table, names cat.schema.table.
 * Off by default (Trino reads such a name as a schema with a dot).
 * Ignored in Trino mode.
 */
void eng_set_catalogs_as_schemas(eng_conn *c, bool on);
/* Sets the session time zone (the DSN key TimeZone=, SET TIME ZONE): an
 * IANA zone id, UTC or a fixed offset like +05:30; NULL or "" the client
 * process's zone. 22023 naming an unknown zone. */
eng_rc eng_set_time_zone(eng_conn *c, const char *zone, eng_error *err);
/* The session time zone's key (types.h eng_tz_*); UTC for NULL. */
int32_t eng_get_time_zone(const eng_conn *c);

/*
 * How type t describes itself to ODBC/JDBC in session c: the one type
 * table (types/typeinfo.h), with the session's declared size of
 * unbounded varchar and varbinary, the eng_open key UnboundedVarcharSize
 * (default ENG_TI_UNBOUNDED_VARCHAR, 65535; 1..2147483647, else eng_open
 * fails with 22023 naming the key). The session's system.jdbc tables
 * (SQLColumns, SQLGetTypeInfo) use the same size, in Trino mode too for
 * everything the engine describes. c may be NULL: the default.
 */
void eng_describe_type(const eng_conn *c, eng_type t, eng_typeinfo *out);
/* Row i of the type listing (system.jdbc.types, SQLGetTypeInfo) as
 * session c declares it; false past the last row. */
bool eng_describe_type_row(const eng_conn *c, int i, eng_typeinfo *out);
int eng_unbounded_size(const eng_conn *c);

/* Forgets every cached table definition, list and key of the session
 * (MetadataCache): the next statement reads them from the catalogs again.
 * Does nothing in Trino mode (the server keeps the metadata) or for NULL. */
void eng_refresh_metadata(eng_conn *c);
/* How many metadata answers the session could not take from its cache
 * (each one a request to a catalog, or a cache switched off). */
uint64_t eng_metadata_misses(eng_conn *c);

/* True when the session's system catalog has system.jdbc.primary_keys,
 * index_info and foreign_keys (the embedded engine); false in Trino mode,
 * whose server keeps no keys. */
bool eng_has_key_metadata(const eng_conn *c);

/*
 * Transactions (session/txn.c has the rules). Autocommit is on when a
 * session opens: each statement commits on its own. With autocommit off
 * (or after START TRANSACTION) the first statement begins a transaction
 * that ends at eng_end_txn (or the SQL COMMIT / ROLLBACK): its writes,
 * to one catalog only, commit or roll back together, and its reads of
 * that catalog see them. READ COMMITTED is the only isolation level. A
 * statement that fails while executing aborts the transaction (rolled
 * back at once; later statements 25P02 until it ends; a commit then
 * fails with 40000). eng_close rolls back a transaction in progress.
 * In Trino mode the server keeps the transaction: with autocommit off
 * the first statement sends START TRANSACTION (with the isolation level
 * set by eng_set_isolation, if any), every request carries the server's
 * transaction id, and eng_end_txn sends COMMIT or ROLLBACK. The server's
 * own rules apply (its catalogs may refuse writes inside a transaction:
 * Trino's message comes back); a commit of a transaction the server
 * already aborted or forgot fails with 40000.
 *   eng_txn_caps_get    what the session's engine offers (SQLGetInfo);
 *   eng_set_isolation   the level of the next transaction, one
 *                       ENG_ISO_* bit of caps.levels (others 0A000);
 *   eng_set_autocommit  on: commits the transaction in progress first
 *                       (autocommit is on even when that commit fails);
 *   eng_end_txn         commit or roll back (fine without a transaction);
 *   eng_txn_in_progress a statement has run since the transaction began.
 */
void eng_txn_caps_get(const eng_conn *c, eng_txn_caps *out);
eng_rc eng_set_isolation(eng_conn *c, unsigned level, eng_error *err);
eng_rc eng_set_autocommit(eng_conn *c, bool on, eng_error *err);
eng_rc eng_end_txn(eng_conn *c, bool commit, eng_error *err);
bool eng_txn_in_progress(const eng_conn *c);

const char *eng_version(void);

#endif
