/*
 * engine/common/trace.h
 *   The remote-SQL trace hook: connectors report each statement they sent
 *   to a catalog (its text, rows and elapsed time) to one process-wide
 *   callback that the driver installs when tracing is on.
 * Interface: eng_trace_fn, eng_set_remote_trace, eng_trace_start,
 *   eng_trace_remote, eng_set_trace_context, eng_trace_context_save,
 *   eng_trace_context_restore.
 * Not here: where the lines go and which connection they belong to
 *   (driver/trace.c); the connectors' SQL (connector/).
 *
 * Why a process-wide hook: the engine knows nothing of trace files, and
 * connectors see no session. The engine runs on the calling thread, so
 * the driver's callback finds the calling connection's trace itself.
 * With no hook installed, eng_trace_start returns 0 and eng_trace_remote
 * does nothing: tracing off costs one atomic load per statement.
 */
#ifndef ENG_COMMON_TRACE_H
#define ENG_COMMON_TRACE_H

#include <stdint.h>

/* catalog: the catalog's name; sql: the text sent; rows: rows read or
 * written (-1 unknown); ms: elapsed milliseconds; outcome: NULL when it
 * completed, else a word ("failed", "closed early"). */
typedef void (*eng_trace_fn)(const char *catalog, const char *sql,
                             int64_t rows, double ms, const char *outcome);

/* Installs fn (NULL removes it); safe from any thread. */
void eng_set_remote_trace(eng_trace_fn fn);

/* A start time for eng_trace_remote (monotonic ns), or 0 when no hook
 * is installed. */
uint64_t eng_trace_start(void);

/* Reports one statement, timed from start (from eng_trace_start; 0 means
 * tracing was off when it began, and nothing is reported). */
void eng_trace_remote(uint64_t start, const char *catalog, const char *sql,
                      int64_t rows, const char *outcome);

/*
 * The calling thread's trace context (the driver's: which connection's
 * file its lines go to), carried into the threads the engine starts for
 * a statement (exec/scan_reader.c), so that their remote SQL is traced
 * where the statement's is. get returns the calling thread's context
 * (NULL: none); set binds ctx (NULL: unbinds) to the calling thread,
 * keeping it alive until the next set. Installed with the hook.
 */
typedef void *(*eng_trace_ctx_get_fn)(void);
typedef void (*eng_trace_ctx_set_fn)(void *ctx);
void eng_set_trace_context(eng_trace_ctx_get_fn get, eng_trace_ctx_set_fn set);
/* The calling thread's context, or NULL (no tracing or no context). */
void *eng_trace_context_save(void);
/* Binds ctx (from eng_trace_context_save; NULL unbinds) to the calling
 * thread; does nothing when no context functions are installed. */
void eng_trace_context_restore(void *ctx);

#endif
