/*
 * engine/engine_remote.h
 *   The façade's Trino mode, private to engine.c and engine_remote.c.
 * Interface: see engine_remote.c.
 */
#ifndef ENG_ENGINE_REMOTE_H
#define ENG_ENGINE_REMOTE_H

#include "error.h"
#include "mem/arena.h"
#include "types/types.h"
#include "common/option.h"
#include "session/session.h"
#include "session/txn_caps.h"

typedef struct remote_stmt remote_stmt;

/* True when the options ask for Engine=trino. */
bool remote_wants(const eng_option *opts, int nopts);
/* Opens a session answered by the Trino server the options name
 * (Server, Port, SSL, User/UID, Password/PWD, AccessToken, SSLCAFile,
 * SSLVerification=FULL|CA|NONE, Catalog, Schema, ConnectTimeout). */
eng_rc remote_open(const eng_option *opts, int nopts, eng_conn **out,
                   eng_error *err);
eng_rc remote_set_default(eng_conn *c, const char *catalog,
                          const char *schema, eng_error *err);
const char *remote_default_catalog(eng_conn *c);
const char *remote_default_schema(eng_conn *c);

/* Prepares sql on the server; result columns in arena a. */
eng_rc remote_prepare(eng_conn *c, const char *sql, size_t len, eng_arena *a,
                      remote_stmt **out, eng_error *err);
int remote_ncols(const remote_stmt *rs, eng_column_desc **cols);
/* Markers of the statement and their types (ENG_T_UNKNOWN: untyped; the
 * array lives as long as the statement). */
int remote_nparams(const remote_stmt *rs, const eng_type **types);
/* Runs the statement with np values (exactly the markers' number; each
 * already of its marker's type, or of its own for an untyped one). The
 * result columns may change (remote_ncols again). */
eng_rc remote_execute(remote_stmt *rs, const eng_value *params, int np,
                      unsigned timeout_s, int64_t *rowcount, eng_error *err);
eng_rc remote_fetch(remote_stmt *rs, const eng_batch **out, eng_error *err);
void remote_close_cursor(remote_stmt *rs);
void remote_cancel(remote_stmt *rs);
void remote_free(remote_stmt *rs);

/*
 * Transactions on the server (see engine.h): remote_txn_caps fills what
 * Trino offers; remote_txn_in_progress is true while the client holds a
 * transaction id; remote_end_txn sends COMMIT or ROLLBACK (nothing
 * without a transaction) and always leaves the session outside one.
 */
void remote_txn_caps(eng_txn_caps *out);
bool remote_txn_in_progress(const eng_conn *c);
eng_rc remote_end_txn(eng_conn *c, bool commit, eng_error *err);

#endif
