/*
 * engine/connector/pg/pg_int.h
 *   Private declarations shared by the files of the PostgreSQL connector.
 * Interface: pg_state (one catalog instance), the session pool
 *   (pg_session.c), metadata (pg_meta.c), pushdown (pg_shippable.c,
 *   pg_deparse.c), scans (pg_scan.c) and split scans (pg_split.c).
 * Not here: the public ops table (connector.h declares eng_pg_connector),
 *   the binary COPY decoder (pg_copy.h).
 *
 * Only pg_session.c, pg_meta.c, pg_scan.c, pg_split.c and pg_connector.c include
 * libpq; shippable/deparse are pure and accept state == NULL.
 */
#ifndef ENG_PG_INT_H
#define ENG_PG_INT_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include "../connector.h"
#include "common/trace.h"     /* eng_trace_start/remote: the remote-SQL trace */

typedef struct pg_conn pg_conn;          /* = libpq's PGconn */

#define PG_POOL_MAX 4                    /* idle connections kept */
#define PG_IDLE_FRESH_MS 1000            /* a pooled connection idle for
                                            less is reused unchecked
                                            (pg_session_acquire) */

/*
 * One catalog instance. Everything is allocated with eng_malloc and
 * freed by pg_state_free. `params_keys/params_values` are the
 * NULL-terminated arrays handed to PQconnectStartParams; `password` points
 * into them (or is NULL) so that error messages can be scrubbed of it.
 * The pool is guarded by `lock` because a scan may end on a thread other
 * than the one that began it.
 */
typedef struct pg_state {
    char *name;                  /* catalog name, for messages */
    const char **params_keys;
    const char **params_values;
    const char *password;
    const eng_catalog_cfg *cfg;  /* the engine's; cfg->timeout_s is the
                                    session timeout for metadata calls */
    int connect_timeout_s;       /* connect_timeout, or 10; 0 = none */
    pthread_mutex_t lock;
    int nidle;
    pg_conn *idle[PG_POOL_MAX];
    int64_t idle_ms[PG_POOL_MAX];  /* pg_now_ms() when idle[i] came back */
    /* The open transaction (pg_txn_begin .. pg_txn_end). While txn is
     * set, pg_session_acquire hands out only this connection: writes,
     * scans and metadata calls of the catalog all run inside the
     * transaction and see its writes. One user at a time: a scan still
     * streaming on it (txn_use PG_TXN_SCAN) is read into memory
     * (pg_scan_spool) when another needs the connection. */
    pg_conn *txn;
    int txn_use;                 /* PG_TXN_IDLE / _SCAN / _BUSY */
    void *txn_scan;              /* the scan streaming on txn (_SCAN) */
    bool txn_lost;               /* txn was dropped (failure, timeout,
                                    cancel): the server rolled it back */
} pg_state;

enum { PG_TXN_IDLE, PG_TXN_SCAN, PG_TXN_BUSY };

#define PG_CONNECT_TIMEOUT_DEFAULT 10 /* seconds, when the catalog sets none */
#define PG_WAIT_TICK_MS 100          /* longest single poll() */

/*
 * What bounds a wait on the server: the statement's deadline
 * (CLOCK_MONOTONIC ms, 0 = none; timeout_s is the limit it came from, for
 * the message) and a cancel flag set from another thread (NULL = none,
 * read with __atomic_load_n). Every wait of the connector polls the
 * socket in ticks of PG_WAIT_TICK_MS and checks both between ticks, so a
 * stopped server never blocks the caller for longer than its deadline.
 */
typedef struct pg_wait {
    int64_t deadline_ms;
    unsigned timeout_s;
    volatile int *cancelled;
} pg_wait;

/* ---- pg_session.c ---- */
/* The wait of a metadata call: the session timeout (cfg->timeout_s, set
 * through eng_set_timeout) from now, no cancel flag. */
void pg_wait_session(const pg_state *st, pg_wait *w);
/* Milliseconds of CLOCK_MONOTONIC. */
int64_t pg_now_ms(void);
/*
 * Hands out a connection: an idle one from the pool (*reused = true) or a
 * new one, made without blocking: the connect is bounded by the catalog's
 * connect_timeout and by w. Errors: 28000 for rejected credentials, 08001
 * otherwise (a connect timeout names the timeout), HYT00/HY008 from w,
 * all naming the catalog (err->source set). The connection is in libpq's
 * non-blocking mode. The caller gives it back with pg_session_release or
 * drops it with pg_session_drop.
 */
eng_rc pg_session_acquire(pg_state *st, const pg_wait *w, pg_conn **conn,
                          bool *reused, eng_error *err);
/*
 * The three waits every exchange is made of. Each returns ENG_OK when it
 * may proceed (or when the connection broke: the caller then finds the
 * failure in PQgetResult / PQgetCopyData), or HYT00 ("Query exceeded the
 * timeout of N seconds on catalog 'x'") / HY008 when w says stop; then
 * the caller must drop the connection (never PQcancel: it blocks on a
 * stopped server).
 *   pg_io_flush: until everything queued is sent;
 *   pg_io_await: until a result can be read without blocking (!PQisBusy);
 *   pg_io_wait:  one tick's wait for input, then PQconsumeInput.
 */
eng_rc pg_io_flush(pg_state *st, pg_conn *conn, const pg_wait *w,
                   eng_error *err);
eng_rc pg_io_await(pg_state *st, pg_conn *conn, const pg_wait *w,
                   eng_error *err);
eng_rc pg_io_wait(pg_state *st, pg_conn *conn, const pg_wait *w,
                  eng_error *err);
/* HY008 / HYT00 (naming the catalog) when w says stop now, else ENG_OK:
 * what every wait checks between ticks. */
eng_rc pg_wait_check(pg_state *st, const pg_wait *w, eng_error *err);
/* Sends sql (no parameters) on conn and reads its results, bounded by w:
 * *res (a PGresult, caller PQclears; NULL when nothing could be sent)
 * gets the first failing result, else the first. ENG_OK, or HYT00 /
 * HY008 from w (the caller drops conn). */
eng_rc pg_session_command(pg_state *st, pg_conn *conn, const pg_wait *w,
                          const char *sql, void **res, eng_error *err);
/* Returns conn to the pool if it is idle and healthy, else closes it. */
void pg_session_release(pg_state *st, pg_conn *conn);
/* Closes conn without pooling it. NULL allowed. The transaction's
 * connection closed this way is lost: the server rolls it back, and the
 * next use of the catalog (or txn_end with commit) fails with 40000. */
void pg_session_drop(pg_state *st, pg_conn *conn);
/* Closes a reused connection found dead and every idle one of the pool:
 * they were opened as long ago, so after a server restart they are all
 * dead, and the one retry an operation gets must not take another. */
void pg_session_drop_stale(pg_state *st, pg_conn *conn);
/* Records that scan streams on conn, when conn is the transaction's
 * connection (see pg_state). */
void pg_session_txn_scan(pg_state *st, pg_conn *conn, void *scan);
/* The transaction ops (connector.h txn_begin / txn_end). */
eng_rc pg_txn_begin(void *state, eng_error *err);
eng_rc pg_txn_end(void *state, bool commit, eng_error *err);
/* Closes every idle connection. */
void pg_session_close_all(pg_state *st);
/* True when conn is unusable (connection-level failure). */
bool pg_session_broken(pg_conn *conn);
/* True when the failure of conn (with result res, may be NULL) is at the
 * connection level: bad connection, SQLSTATE class 08 or 57P01..57P03. */
bool pg_session_conn_error(pg_conn *conn, const void *res);
/*
 * Runs one parameterised query (text params, text results) and leaves
 * the PGresult (as void *) in *res on success. A broken pooled connection
 * is dropped and the query retried once on a fresh one. Remote errors
 * keep their SQLSTATE, prefixed with the catalog; a connection lost
 * mid-query is 08S01. Bounded by the session timeout (pg_wait_session):
 * past it, HYT00 and the connection is dropped.
 */
eng_rc pg_session_query(pg_state *st, const char *sql, int nparams,
                        const char *const *params, void **res,
                        eng_error *err);
/* Fills err from a failed result or connection: the remote SQLSTATE and
 * primary message (08S01 if the link broke), prefixed with the catalog.
 * `res` may be NULL. Returns ENG_ERROR. */
eng_rc pg_session_error(pg_state *st, pg_conn *conn, const void *res,
                        eng_error *err);
/* Copies msg into buf (cap bytes) with every occurrence of the catalog's
 * password replaced by "***" and trailing newlines removed. */
void pg_scrub(const pg_state *st, const char *msg, char *buf, size_t cap);

/* ---- pg_meta.c ---- */
eng_rc pg_list_schemas(void *state, eng_arena *a, char ***names, int *n,
                       eng_error *err);
eng_rc pg_list_tables(void *state, const char *schema, eng_arena *a,
                      char ***names, int *n, eng_error *err);
eng_rc pg_list_views(void *state, const char *schema, eng_arena *a,
                     char ***names, char ***defs, int *n, eng_error *err);
eng_rc pg_get_table(void *state, const char *schema, const char *table,
                    eng_arena *a, eng_table_def **out, eng_error *err);
/* The engine type of a remote (OID, typmod); ENG_T_UNKNOWN if unmapped. */
eng_type pg_map_type(int oid, int typmod);
eng_rc pg_get_keys(void *state, const char *schema, const char *table,
                   eng_arena *a, eng_table_keys *out, eng_error *err);
eng_rc pg_foreign_keys(void *state, const char *ref_schema,
                       const char *ref_table, const char *schema,
                       const char *table, eng_arena *a,
                       eng_foreign_key **out, int *n, eng_error *err);

/* ---- pg_shippable.c / pg_deparse.c (state may be NULL) ---- */
bool pg_shippable(void *state, const plan_expr *e);
eng_rc pg_deparse(void *state, const eng_scan_spec *spec, eng_arena *a,
                  char **sql, eng_error *err);
/* One shippable expression over table t's columns, parenthesised. */
eng_rc pg_deparse_expr(const eng_table_def *t, const plan_expr *e,
                       eng_arena *a, char **sql, eng_error *err);
/* ops->deparse_expr: pg_deparse_expr for a view's computed column. */
eng_rc pg_deparse_view_expr(void *state, const eng_table_def *t,
                            const plan_expr *e, eng_arena *a, char **sql,
                            eng_error *err);

/* ---- pg_write.c ---- */
bool pg_write_shippable(void *state, const plan_expr *e);
eng_rc pg_write_exec(void *state, const eng_write_spec *spec, int64_t *rows,
                     eng_error *err);
eng_rc pg_write_begin(void *state, const eng_write_spec *spec, void **w,
                      eng_error *err);
eng_rc pg_write_batch(void *w, const eng_batch *b, eng_error *err);
eng_rc pg_write_end(void *w, bool commit, int64_t *rows, eng_error *err);

/* The OID (and typmod, -1) a remote subtree's root sends for an output
 * column of engine type t; -1 if none (pg_deparse.c). */
int pg_remote_oid(eng_type t, int *typmod);

/* ---- pg_deparse.c: the node whitelist (state may be NULL) ---- */
bool pg_shippable_node(void *state, const plan_node *n);

/* ---- pg_split.c: split scans (ranges sharing one snapshot) ---- */
eng_rc pg_split_open(void *state, int nparts, void **group, eng_error *err);
void pg_split_close(void *group);
eng_rc pg_split_begin(pg_state *st, pg_conn *conn, const pg_wait *w,
                      void *group, int part, bool *conn_failed,
                      eng_error *err);
void pg_split_abandon(void *group, int part, const eng_error *err);
eng_rc pg_split_end(pg_state *st, pg_conn *conn, const pg_wait *w,
                    void *group, int part, eng_error *err);
void pg_split_cond(const eng_scan_spec *spec, char *buf, size_t cap);

/* ---- pg_scan.c ---- */
eng_rc pg_scan_begin(void *state, const eng_scan_spec *spec, void **scan,
                     eng_error *err);
eng_rc pg_scan_next(void *scan, eng_batch *out, eng_error *err);
void pg_scan_end(void *scan);
int64_t pg_scan_bytes(void *scan);
void pg_scan_cancel(void *scan);
/* Reads the rest of a scan streaming on the transaction's connection into
 * memory (its next calls read from there) and frees the connection for
 * another user. A failure is kept in the scan and reported by its next
 * call; a timeout or cancel drops the connection (the transaction is
 * then lost, see pg_session_drop). */
void pg_scan_spool(void *scan);

#endif
