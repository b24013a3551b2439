/*
 * engine/engine.h
 *   The engine's façade: the only header driver/ includes from engine/.
 * Interface: eng_open, eng_close, eng_set_default, eng_get_default,
 *   eng_prepare, eng_stmt_ncols, eng_stmt_column, eng_execute,
 *   eng_fetch, eng_stmt_is_write, eng_stmt_rowcount, eng_stmt_close_cursor, eng_stmt_free,
 *   eng_cancel, eng_set_query_timeout, eng_set_timeout, eng_version.
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

typedef struct eng_conn eng_conn;
typedef struct eng_stmt eng_stmt;

#include "common/option.h"   /* eng_option: key=value pairs for eng_open */

/*
 * Opens an engine session. Recognised keys (case-insensitive):
 *   Catalogs  path of the catalog INI file (required)
 *   Catalog   default catalog for unqualified names
 *   Schema    default schema for unqualified names
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

/* Starts execution; closes any open cursor first. */
eng_rc eng_execute(eng_stmt *s, eng_error *err);

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
 * DDL. Each write commits on its own (autocommit). */
int64_t eng_stmt_rowcount(const eng_stmt *s);

/* Ends the current execution and releases its resources (remote cursors
 * included); the statement can be executed again. */
void eng_stmt_close_cursor(eng_stmt *s);
void eng_stmt_free(eng_stmt *s);

/* Asks the running execution of s to stop; safe from any thread. The
 * running eng_fetch then fails with HY008. */
void eng_cancel(eng_stmt *s);

/* Seconds after which an execution fails with HYT00; 0 = no limit. */
void eng_set_query_timeout(eng_stmt *s, unsigned seconds);

/* Session timeout for work outside an execution (metadata calls at
 * prepare time): each remote call fails with HYT00 after `seconds`
 * (0 = no limit). The driver sets it from the statement's query timeout
 * right before eng_prepare and eng_execute. */
void eng_set_timeout(eng_conn *c, unsigned seconds);

const char *eng_version(void);

#endif
