/*
 * engine/connector/trino/trino_client.h
 *   A client of Trino's HTTP client protocol (libcurl): one client per
 *   engine session holds the server address, credentials and the session
 *   state the server hands back (catalog, schema, session properties,
 *   prepared statements, transaction); queries stream their rows as
 *   engine batches.
 * Interface: trino_cfg, trino_client_open, trino_client_close,
 *   trino_client_set_default, trino_client_forget_prepared,
 *   trino_client_catalog, trino_client_schema, trino_client_in_txn,
 *   trino_client_clear_txn,
 *   trino_query_start, trino_query_columns, trino_query_next,
 *   trino_query_update_count, trino_query_cancel, trino_query_close.
 * Not here: decoding documents (trino_json.c); the façade's Trino mode
 *   (engine.c).
 */
#ifndef ENG_TRINO_CLIENT_H
#define ENG_TRINO_CLIENT_H

#include <stdbool.h>
#include <stdint.h>
#include "../../error.h"
#include "../../mem/arena.h"
#include "../../types/types.h"
#include "trino_json.h"

typedef struct trino_client trino_client;
typedef struct trino_query trino_query;

/* How to reach the server. Strings are copied by trino_client_open. */
typedef struct trino_cfg {
    const char *url;          /* http[s]://host:port (no trailing path) */
    const char *user;         /* X-Trino-User; required */
    const char *password;     /* HTTP Basic; refused unless url is https */
    const char *access_token; /* JWT: Authorization: Bearer */
    const char *catalog;      /* initial session catalog, may be NULL */
    const char *schema;
    const char *time_zone;    /* X-Trino-Time-Zone: an IANA id or +hh:mm;
                                 NULL: the server's default */
    const char *ca_file;      /* PEM bundle for TLS verification */
    bool verify_peer;         /* TLS certificate check (default on) */
    bool verify_host;         /* TLS hostname check (default on) */
    unsigned connect_timeout_s;
} trino_cfg;

/*
 * Creates a client; contacts no server. A password over plain http is
 * refused (28000): Basic credentials would travel in clear text.
 */
eng_rc trino_client_open(const trino_cfg *cfg, trino_client **out,
                         eng_error *err);
void trino_client_close(trino_client *c);

/* The session's catalog/schema (USE on the server changes them too). */
eng_rc trino_client_set_default(trino_client *c, const char *catalog,
                                const char *schema, eng_error *err);
/* Forgets a prepared statement (X-Trino-Added-Prepare) client-side:
 * Trino keeps prepared statements only in the client's headers. */
void trino_client_forget_prepared(trino_client *c, const char *name);

/* True while the server's transaction id is held (from
 * X-Trino-Started-Transaction-Id until X-Trino-Clear-Transaction-Id). */
bool trino_client_in_txn(trino_client *c);
/* Forgets the transaction id: after a COMMIT or ROLLBACK the server
 * refused (an aborted or unknown transaction), which it does not clear. */
void trino_client_clear_txn(trino_client *c);

/* Copies the current catalog / schema into buf ("" if unset). */
void trino_client_catalog(trino_client *c, char *buf, size_t cap);
void trino_client_schema(trino_client *c, char *buf, size_t cap);

/*
 * Submits sql (len bytes) and follows nextUri until the server has said
 * what the result looks like (columns, an update count, or the end).
 * deadline_ms (CLOCK_MONOTONIC ms, 0 = none) and *cancelled (may be NULL)
 * bound every wait: HYT00 / HY008, after which the query is deleted on the
 * server. Server errors keep Trino's message, position and name with a
 * mapped SQLSTATE; transport failures are 08S01 (08001 before the first
 * response). 502/503/504 replies are retried briefly. line_offset: lines
 * the caller put before the user's text (error locations are shifted back).
 */
eng_rc trino_query_start(trino_client *c, const char *sql, size_t len,
                         int line_offset, int64_t deadline_ms,
                         volatile int *cancelled, unsigned timeout_s,
                         trino_query **out, eng_error *err);

/* The result columns, NULL/0 for statements without rows. Valid until
 * trino_query_close. */
int trino_query_columns(const trino_query *q, const trino_col **cols);

/*
 * The next batch of rows (at most ENG_BATCH_CAP) in *out, allocated in
 * arena a; *out = NULL at the end. Fetches more pages as needed.
 */
eng_rc trino_query_next(trino_query *q, eng_arena *a, eng_batch **out,
                        eng_error *err);

/* Rows written as the server reported them, -1 if none. */
int64_t trino_query_update_count(const trino_query *q);
/* The server's updateType ("INSERT", "SET SESSION", ...), NULL if none. */
const char *trino_query_update_type(const trino_query *q);

/*
 * Asks the server to stop the query (DELETE nextUri) from any thread; the
 * thread fetching sees HY008 at its next wait.
 */
void trino_query_cancel(trino_query *q);

/* Deletes the query on the server if it is still running, and frees it. */
void trino_query_close(trino_query *q);

#endif
