/*
 * engine/connector/pg/pg_session.c
 *   Connections of one PostgreSQL catalog: a small pool of PGconn, the
 *   retry of an operation that found its pooled connection dead, and the
 *   translation of libpq failures into engine errors.
 * Interface: pg_session_acquire, pg_session_release, pg_session_drop,
 *   pg_session_txn_scan, pg_session_close_all, pg_session_broken,
 *   pg_session_query, pg_session_command, pg_session_error, pg_scrub,
 *   pg_wait_check, pg_txn_begin, pg_txn_end.
 * Not here: what is queried (pg_meta.c, pg_scan.c).
 *
 * Pool: metadata queries and scans borrow an idle connection or open a new
 * one, and give it back when done. At most PG_POOL_MAX idle connections
 * are kept; a connection comes back only when it is healthy and outside
 * any transaction. Several scans of one catalog (a self-join) each hold
 * their own connection.
 * Retry: a connection taken from the pool may have died since it was last
 * used (server restart, idle timeout). Libpq only notices when it is used,
 * so an operation that fails with a connection-level error on a reused
 * connection, before it delivered anything, drops that connection and runs
 * once more on a fresh one. A fresh connection's failure is final.
 * Errors: connects that fail on credentials are 28000, any other connect
 * failure 08001; remote query errors keep the server's SQLSTATE; a link
 * that breaks mid-query is 08S01. Every message starts with
 * "Catalog '<name>': ", keeps libpq's text, never contains the password,
 * and err->source is the catalog name.
 * Never blocking: a stopped server (SIGSTOP, a frozen VM) accepts TCP
 * connections and then answers nothing, so no libpq call that waits for
 * the server is used. Connects go through PQconnectStartParams and
 * PQconnectPoll, bounded by the catalog's connect_timeout (default
 * PG_CONNECT_TIMEOUT_DEFAULT seconds; 08001 naming the timeout);
 * connections are in non-blocking mode and every exchange is send, then
 * poll() on PQsocket in ticks of PG_WAIT_TICK_MS + PQconsumeInput until
 * PQisBusy is false, checking a pg_wait (deadline -> HYT00, cancel flag ->
 * HY008) at every tick. After such a stop the connection is dropped
 * (PQfinish) rather than cancelled: PQcancel itself waits for the server.
 * The next operation opens a fresh connection. New connections also get
 * client_connection_check_interval = 1 s (servers >= 14) so that a query
 * abandoned this way stops on the server too.
 * Transactions: pg_txn_begin takes one connection out of the pool and
 * runs BEGIN on it; until pg_txn_end (COMMIT or ROLLBACK) acquire hands
 * out only that one (pg_state explains the sharing), and dropping it
 * loses the transaction: the server rolls it back.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libpq-fe.h>
#include "pg_int.h"

/* Milliseconds of CLOCK_MONOTONIC. */
int64_t pg_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The session's wait for a metadata call: cfg->timeout_s from now. */
void pg_wait_session(const pg_state *st, pg_wait *w)
{
    unsigned t = st->cfg ? st->cfg->timeout_s : 0;
    w->timeout_s = t;
    w->deadline_ms = t ? pg_now_ms() + (int64_t)t * 1000 : 0;
    w->cancelled = NULL;
}

/* HYT00 naming the catalog and the limit. Returns ENG_ERROR. */
static eng_rc timed_out(pg_state *st, const pg_wait *w, eng_error *err)
{
    eng_err_set(err, ENG_ERR_TIMEOUT, 0,
                "Query exceeded the timeout of %u seconds on catalog '%s'",
                w->timeout_s, st->name);
    eng_err_set_source(err, st->name);
    return ENG_ERROR;
}

/* HY008 naming the catalog. Returns ENG_ERROR. */
static eng_rc canceled(pg_state *st, eng_error *err)
{
    eng_err_set(err, ENG_ERR_OPERATION_CANCELED, 0,
                "Catalog '%s': query canceled", st->name);
    eng_err_set_source(err, st->name);
    return ENG_ERROR;
}

/* HY008 / HYT00 when w says stop now, else ENG_OK (see pg_int.h). */
eng_rc pg_wait_check(pg_state *st, const pg_wait *w, eng_error *err)
{
    if (w && w->cancelled && __atomic_load_n(w->cancelled, __ATOMIC_ACQUIRE))
        return canceled(st, err);
    if (w && w->deadline_ms > 0 && pg_now_ms() >= w->deadline_ms)
        return timed_out(st, w, err);
    return ENG_OK;
}

/*
 * Waits at most one tick (PG_WAIT_TICK_MS, less when w's deadline or
 * `limit_ms` (another CLOCK_MONOTONIC bound, 0 = none) is nearer) for
 * `events` on conn's socket. *ready tells whether the socket is ready
 * (or in error: libpq will report it). Returns HY008 / HYT00 when w says
 * stop, else ENG_OK. A missing socket counts as ready.
 */
static eng_rc wait_once(pg_state *st, PGconn *conn, const pg_wait *w,
                        short events, int64_t limit_ms, bool *ready,
                        eng_error *err)
{
    struct pollfd p;
    int64_t tick = PG_WAIT_TICK_MS, now;
    int n;

    *ready = false;
    if (w && w->cancelled && __atomic_load_n(w->cancelled, __ATOMIC_ACQUIRE))
        return canceled(st, err);
    now = pg_now_ms();
    if (w && w->deadline_ms > 0) {
        if (now >= w->deadline_ms)
            return timed_out(st, w, err);
        if (w->deadline_ms - now < tick)
            tick = w->deadline_ms - now;
    }
    if (limit_ms > 0 && limit_ms - now < tick)
        tick = limit_ms > now ? limit_ms - now : 0;
    p.fd = PQsocket(conn);
    if (p.fd < 0) {
        *ready = true;
        return ENG_OK;
    }
    p.events = events;
    p.revents = 0;
    n = poll(&p, 1, (int)tick);
    if (n > 0 || (n < 0 && errno != EINTR))
        *ready = true;
    return ENG_OK;
}

/* Sends everything libpq has queued (see pg_int.h). */
eng_rc pg_io_flush(pg_state *st, pg_conn *conn, const pg_wait *w,
                   eng_error *err)
{
    for (;;) {
        bool ready;
        eng_rc rc;
        if (PQflush(conn) != 1)
            return ENG_OK;              /* sent, or broken (reported later) */
        rc = wait_once(st, conn, w, POLLIN | POLLOUT, 0, &ready, err);
        if (rc != ENG_OK)
            return rc;
        /* the server may be waiting for us to read before it reads */
        if (ready && !PQconsumeInput(conn))
            return ENG_OK;
    }
}

/* Waits until a result can be read without blocking (see pg_int.h). */
eng_rc pg_io_await(pg_state *st, pg_conn *conn, const pg_wait *w,
                   eng_error *err)
{
    while (PQisBusy(conn) && PQstatus(conn) != CONNECTION_BAD) {
        bool ready;
        eng_rc rc = wait_once(st, conn, w, POLLIN, 0, &ready, err);
        if (rc != ENG_OK)
            return rc;
        if (ready && !PQconsumeInput(conn))
            return ENG_OK;
    }
    return ENG_OK;
}

/* One tick's wait for input, then reads it (see pg_int.h). */
eng_rc pg_io_wait(pg_state *st, pg_conn *conn, const pg_wait *w,
                  eng_error *err)
{
    bool ready;
    eng_rc rc = wait_once(st, conn, w, POLLIN, 0, &ready, err);
    if (rc == ENG_OK && ready)
        PQconsumeInput(conn);
    return rc;
}

/*
 * Reads every result of the command in flight without blocking. *res gets
 * the first result that is not PGRES_TUPLES_OK / PGRES_COMMAND_OK, else
 * the first result (NULL if there was none); the others are cleared.
 * Returns HYT00 / HY008 from w (with *res NULL), else ENG_OK.
 */
static eng_rc collect(pg_state *st, PGconn *conn, const pg_wait *w,
                      PGresult **res, eng_error *err)
{
    PGresult *keep = NULL, *r;
    *res = NULL;
    for (;;) {
        eng_rc rc = pg_io_await(st, conn, w, err);
        if (rc != ENG_OK) {
            PQclear(keep);
            return rc;
        }
        if ((r = PQgetResult(conn)) == NULL)
            break;
        if (!keep) {
            keep = r;
        } else if ((PQresultStatus(keep) == PGRES_TUPLES_OK ||
                    PQresultStatus(keep) == PGRES_COMMAND_OK) &&
                   PQresultStatus(r) != PGRES_TUPLES_OK &&
                   PQresultStatus(r) != PGRES_COMMAND_OK) {
            PQclear(keep);
            keep = r;
        } else {
            PQclear(r);
        }
        if (PQstatus(conn) == CONNECTION_BAD)
            break;
    }
    *res = keep;
    return ENG_OK;
}

/*
 * Copies msg into buf (cap bytes): the catalog's password, wherever it
 * appears, becomes "***"; trailing newlines and blanks are removed. libpq
 * does not put passwords in its messages, but a password mistakenly set
 * as another parameter could be echoed back.
 */
void pg_scrub(const pg_state *st, const char *msg, char *buf, size_t cap)
{
    size_t o = 0, plen = 0;
    const char *pw = st ? st->password : NULL;
    if (cap == 0)
        return;
    if (!msg)
        msg = "";
    if (pw)
        plen = strlen(pw);
    while (*msg && o + 1 < cap) {
        if (plen > 0 && strncmp(msg, pw, plen) == 0) {
            for (const char *r = "***"; *r && o + 1 < cap; r++)
                buf[o++] = *r;
            msg += plen;
            continue;
        }
        buf[o++] = *msg++;
    }
    while (o > 0 && (buf[o - 1] == '\n' || buf[o - 1] == ' ' ||
                     buf[o - 1] == '\t' || buf[o - 1] == '\r'))
        o--;
    buf[o] = '\0';
}

/*
 * Makes libpq's multi-line connection error one line: lines that start
 * with a tab (hints such as "Is the server running...?") are dropped, the
 * others are joined with "; ".
 */
static void one_line(char *s)
{
    char *in = s, *out = s;
    bool first = true;
    while (*in) {
        char *eol = strchr(in, '\n');
        size_t n = eol ? (size_t)(eol - in) : strlen(in);
        if (n > 0 && in[0] != '\t') {
            if (!first) {
                *out++ = ';';
                *out++ = ' ';
            }
            memmove(out, in, n);
            out += n;
            first = false;
        }
        in += n;
        if (*in == '\n')
            in++;
    }
    *out = '\0';
}

/* True when libpq's connect failure is the server (or libpq) rejecting
 * the credentials rather than the server being unreachable. */
static bool auth_failure(PGconn *conn, const char *msg)
{
    if (PQconnectionNeedsPassword(conn))
        return true;
    if (strstr(msg, "password authentication failed"))
        return true;
    /* other methods (scram, md5, ident, peer) and pg_hba.conf rejections
     * are 28P01/28000 on the server too */
    return strstr(msg, "authentication failed") != NULL ||
           strstr(msg, "no pg_hba.conf entry") != NULL ||
           strstr(msg, "pg_hba.conf rejects connection") != NULL;
}

/* libpq's default notice processor prints to stderr; the engine never
 * prints, so notices and warnings are dropped. */
static void quiet_notices(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

/* Fills err for a failed connect attempt: 28000 or 08001 with libpq's
 * message made one line. Closes conn. Returns ENG_ERROR. */
static eng_rc connect_failed(pg_state *st, PGconn *conn, eng_error *err)
{
    char msg[ENG_ERR_MSG_MAX];
    const char *state;
    pg_scrub(st, PQerrorMessage(conn), msg, sizeof msg);
    one_line(msg);
    state = auth_failure(conn, msg) ? ENG_ERR_INVALID_AUTHORIZATION
                                    : ENG_ERR_CONNECTION_FAILED;
    PQfinish(conn);
    eng_err_set(err, state, 0, "Catalog '%s': could not connect to server: %s",
                st->name, msg);
    eng_err_set_source(err, st->name);
    return ENG_ERROR;
}

/*
 * Runs the session settings a new connection needs: standard_conforming_
 * strings on (pg_deparse depends on it) when the server reports it off,
 * and client_connection_check_interval (servers >= 14). ENG_OK, or the
 * error (conn is then closed by the caller).
 */
static eng_rc session_settings(pg_state *st, PGconn *conn, const pg_wait *w,
                               eng_error *err)
{
    const char *scs = PQparameterStatus(conn, "standard_conforming_strings");
    char sql[160] = "";
    PGresult *r = NULL;
    eng_rc rc;

    if (!scs || strcmp(scs, "on") != 0)
        strcat(sql, "SET standard_conforming_strings = on;");
    if (PQserverVersion(conn) >= 140000)
        strcat(sql, "SET client_connection_check_interval = 1000;");
    if (!sql[0])
        return ENG_OK;
    if (!PQsendQuery(conn, sql))
        return pg_session_error(st, conn, NULL, err);
    if ((rc = pg_io_flush(st, conn, w, err)) != ENG_OK ||
        (rc = collect(st, conn, w, &r, err)) != ENG_OK)
        return rc;
    if (!r || PQresultStatus(r) != PGRES_COMMAND_OK) {
        rc = pg_session_error(st, conn, r, err);
        PQclear(r);
        return rc;
    }
    PQclear(r);
    return ENG_OK;
}

/*
 * Opens a new connection with the catalog's parameters without blocking
 * (PQconnectStartParams + PQconnectPoll), bounded by connect_timeout and
 * by w, then applies session_settings and puts it in non-blocking mode.
 * Returns ENG_OK, 28000/08001 (see the file comment), HYT00/HY008 from w,
 * or ENG_NOMEM.
 */
static eng_rc connect_new(pg_state *st, const pg_wait *w, PGconn **out,
                          eng_error *err)
{
    PostgresPollingStatusType ps = PGRES_POLLING_WRITING;
    int64_t limit = 0;
    PGconn *conn;
    eng_rc rc;

    *out = NULL;
    conn = PQconnectStartParams(st->params_keys, st->params_values, 0);
    if (!conn)
        return eng_err_oom(err);
    if (st->connect_timeout_s > 0)
        limit = pg_now_ms() + (int64_t)st->connect_timeout_s * 1000;
    if (PQstatus(conn) == CONNECTION_BAD)
        ps = PGRES_POLLING_FAILED;
    while (ps != PGRES_POLLING_OK && ps != PGRES_POLLING_FAILED) {
        bool ready;
        if (limit > 0 && pg_now_ms() >= limit) {
            PQfinish(conn);
            eng_err_set(err, ENG_ERR_CONNECTION_FAILED, 0,
                        "Catalog '%s': could not connect to server: timeout "
                        "expired after %d seconds (connect_timeout)",
                        st->name, st->connect_timeout_s);
            eng_err_set_source(err, st->name);
            return ENG_ERROR;
        }
        rc = wait_once(st, conn, w,
                       ps == PGRES_POLLING_READING ? POLLIN : POLLOUT, limit,
                       &ready, err);
        if (rc != ENG_OK) {
            PQfinish(conn);
            return rc;
        }
        if (ready)
            ps = PQconnectPoll(conn);
    }
    if (ps == PGRES_POLLING_FAILED || PQstatus(conn) != CONNECTION_OK)
        return connect_failed(st, conn, err);
    PQsetNoticeProcessor(conn, quiet_notices, NULL);
    if (PQsetnonblocking(conn, 1) != 0) {
        rc = pg_session_error(st, conn, NULL, err);
        PQfinish(conn);
        return rc;
    }
    if ((rc = session_settings(st, conn, w, err)) != ENG_OK) {
        PQfinish(conn);
        return rc;
    }
    *out = conn;
    return ENG_OK;
}

/* True when conn is unusable: libpq marked it bad. */
bool pg_session_broken(pg_conn *conn)
{
    return !conn || PQstatus(conn) == CONNECTION_BAD;
}

/*
 * True when a failure is about the connection rather than the query: the
 * connection is marked bad, or the server reported class 08 (connection
 * exception) or 57P01..57P03 (backend terminated by a shutdown or
 * restart; libpq may not have seen the socket close yet). Such a failure
 * on a pooled connection, before any row, is worth one retry.
 */
bool pg_session_conn_error(pg_conn *conn, const void *res)
{
    const char *state;
    if (pg_session_broken(conn))
        return true;
    state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    return state && (strncmp(state, "08", 2) == 0 ||
                     strcmp(state, "57P01") == 0 ||
                     strcmp(state, "57P02") == 0 ||
                     strcmp(state, "57P03") == 0);
}

/* 40000: the transaction's connection was closed after a failure, a
 * timeout or a cancel, so the server rolled the transaction back. The
 * engine rolls back every transaction whose statement failed, so this is
 * seen only when an error of that kind went unnoticed (e.g. a scan
 * abandoned while its connection stalled). Returns ENG_ERROR. */
static eng_rc txn_lost(pg_state *st, eng_error *err)
{
    eng_err_set(err, ENG_ERR_TRANSACTION_ROLLBACK, 0,
                "Catalog '%s': the transaction was rolled back: its "
                "connection was closed after a failure, a timeout or a "
                "cancel", st->name);
    eng_err_set_source(err, st->name);
    return ENG_ERROR;
}

/*
 * Borrows an idle connection (skipping and closing any that libpq already
 * knows are dead) or opens a new one. *reused tells the caller whether a
 * failure may be a stale pooled connection worth one retry.
 */
eng_rc pg_session_acquire(pg_state *st, const pg_wait *w, pg_conn **conn,
                          bool *reused, eng_error *err)
{
    *conn = NULL;
    *reused = false;
    if (!st->txn_lost && st->txn && st->txn_use == PG_TXN_SCAN)
        pg_scan_spool(st->txn_scan);   /* may lose the transaction */
    if (st->txn_lost)
        return txn_lost(st, err);
    if (st->txn) {
        /* inside a transaction everything runs on its connection; never
         * retried (reused stays false): a lost one is the transaction */
        if (st->txn_use == PG_TXN_BUSY)
            return eng_err_set(err, ENG_ERR_FEATURE_NOT_SUPPORTED, 0,
                               "Catalog '%s': inside a transaction, this "
                               "statement needs the transaction's "
                               "connection while it is busy writing (a "
                               "read of the catalog that starts while "
                               "rows are written to it)", st->name);
        st->txn_use = PG_TXN_BUSY;
        *conn = st->txn;
        return ENG_OK;
    }
    for (;;) {
        PGconn *c = NULL;
        int64_t since = 0;
        pthread_mutex_lock(&st->lock);
        if (st->nidle > 0) {
            c = st->idle[--st->nidle];
            since = st->idle_ms[st->nidle];
        }
        pthread_mutex_unlock(&st->lock);
        if (!c)
            break;
        /* read whatever the server sent while the connection was idle
         * (e.g. a termination notice), so a dead peer shows up now; not
         * for one given back under PG_IDLE_FRESH_MS ago: back-to-back
         * statements would pay a read that finds nothing (a system call
         * per statement), and a peer that died in that moment fails the
         * operation, which then runs once more on a fresh connection
         * (Retry, at the top of this file) */
        if (pg_now_ms() - since >= PG_IDLE_FRESH_MS)
            PQconsumeInput(c);
        if (PQstatus(c) == CONNECTION_OK &&
            PQtransactionStatus(c) == PQTRANS_IDLE) {
            *conn = c;
            *reused = true;
            return ENG_OK;
        }
        PQfinish(c);
    }
    return connect_new(st, w, conn, err);
}

/* Gives conn back to the pool when it is healthy and idle; otherwise, or
 * when the pool is full, closes it. The transaction's connection stays
 * the transaction's (lost if it broke). NULL allowed. */
void pg_session_release(pg_state *st, pg_conn *conn)
{
    if (!conn)
        return;
    if (conn == st->txn) {
        st->txn_use = PG_TXN_IDLE;
        st->txn_scan = NULL;
        if (PQstatus(conn) != CONNECTION_OK)
            pg_session_drop(st, conn);
        return;
    }
    if (PQstatus(conn) == CONNECTION_OK &&
        PQtransactionStatus(conn) == PQTRANS_IDLE) {
        pthread_mutex_lock(&st->lock);
        if (st->nidle < PG_POOL_MAX) {
            st->idle_ms[st->nidle] = pg_now_ms();
            st->idle[st->nidle++] = conn;
            conn = NULL;
        }
        pthread_mutex_unlock(&st->lock);
    }
    if (conn)
        PQfinish(conn);
}

/* See pg_int.h. */
void pg_session_drop_stale(pg_state *st, pg_conn *conn)
{
    pg_conn *idle[PG_POOL_MAX];
    int n;
    pg_session_drop(st, conn);
    pthread_mutex_lock(&st->lock);
    n = st->nidle;
    memcpy(idle, st->idle, sizeof(pg_conn *) * (size_t)n);
    st->nidle = 0;
    pthread_mutex_unlock(&st->lock);
    for (int i = 0; i < n; i++)
        PQfinish(idle[i]);
}

/* Closes conn without pooling it (see pg_int.h). NULL allowed. */
void pg_session_drop(pg_state *st, pg_conn *conn)
{
    if (!conn)
        return;
    if (conn == st->txn) {
        st->txn = NULL;
        st->txn_use = PG_TXN_IDLE;
        st->txn_scan = NULL;
        st->txn_lost = true;
    }
    PQfinish(conn);
}

/* See pg_int.h. */
void pg_session_txn_scan(pg_state *st, pg_conn *conn, void *scan)
{
    if (conn && conn == st->txn) {
        st->txn_use = PG_TXN_SCAN;
        st->txn_scan = scan;
    }
}

/* Closes every idle connection of st, and the transaction's: closing it
 * without COMMIT makes the server roll the transaction back. */
void pg_session_close_all(pg_state *st)
{
    if (st->txn) {
        PQfinish(st->txn);
        st->txn = NULL;
        st->txn_use = PG_TXN_IDLE;
        st->txn_scan = NULL;
    }
    st->txn_lost = false;
    pthread_mutex_lock(&st->lock);
    for (int i = 0; i < st->nidle; i++)
        PQfinish(st->idle[i]);
    st->nidle = 0;
    pthread_mutex_unlock(&st->lock);
}

/*
 * Fills err for a failed query: 08S01 when the connection broke (the
 * server went away, or shut down / restarted: 57P01, 57P02), else the
 * server's SQLSTATE (HY000 if it sent none) and primary message. All
 * prefixed with the catalog name; err->source is the catalog.
 */
eng_rc pg_session_error(pg_state *st, pg_conn *conn, const void *res,
                        eng_error *err)
{
    char msg[ENG_ERR_MSG_MAX];
    const PGresult *r = res;
    const char *state = NULL, *primary = NULL;

    if (r) {
        state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
        primary = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
    }
    if (pg_session_broken(conn) ||
        (state && (strcmp(state, "57P01") == 0 || strcmp(state, "57P02") == 0))) {
        pg_scrub(st, primary ? primary : PQerrorMessage(conn), msg,
                 sizeof msg);
        one_line(msg);
        eng_err_set(err, ENG_ERR_COMMUNICATION_LINK_FAILURE, 0,
                    "Catalog '%s': connection to server lost: %s",
                    st->name, msg);
    } else {
        char code[6] = "HY000";
        if (state && strlen(state) == 5)
            memcpy(code, state, 6);
        pg_scrub(st, primary ? primary
                     : (r ? PQresultErrorMessage(r) : PQerrorMessage(conn)),
                 msg, sizeof msg);
        eng_err_set(err, code, 0, "Catalog '%s': %s", st->name, msg);
    }
    eng_err_set_source(err, st->name);
    return ENG_ERROR;
}

/*
 * Runs sql with nparams text parameters ($1..$n, never pasted into the
 * text) and returns the PGresult in *res (caller PQclears it). A reused
 * connection that turns out dead is replaced once. The connection goes
 * back to the pool in every case where it is still healthy; after a
 * timeout it is dropped. Bounded by the session timeout.
 */
static eng_rc query_untraced(pg_state *st, const char *sql, int nparams,
                             const char *const *params, void **res,
                             eng_error *err)
{
    pg_wait w;
    pg_wait_session(st, &w);
    *res = NULL;
    for (int attempt = 0; attempt < 2; attempt++) {
        PGconn *conn;
        PGresult *r = NULL;
        bool reused;
        eng_rc rc = pg_session_acquire(st, &w, &conn, &reused, err);
        if (rc != ENG_OK)
            return rc;
        if (PQsendQueryParams(conn, sql, nparams, NULL, params, NULL, NULL,
                              0)) {
            if ((rc = pg_io_flush(st, conn, &w, err)) != ENG_OK ||
                (rc = collect(st, conn, &w, &r, err)) != ENG_OK) {
                pg_session_drop(st, conn);
                return rc;
            }
        }
        if (r && (PQresultStatus(r) == PGRES_TUPLES_OK ||
                  PQresultStatus(r) == PGRES_COMMAND_OK)) {
            pg_session_release(st, conn);
            *res = r;
            return ENG_OK;
        }
        if (!r && PQstatus(conn) == CONNECTION_OK &&
            strstr(PQerrorMessage(conn), "out of memory")) {
            pg_session_release(st, conn);
            return eng_err_oom(err);
        }
        if (pg_session_conn_error(conn, r) && reused && attempt == 0) {
            PQclear(r);
            pg_session_drop_stale(st, conn);
            continue;
        }
        rc = pg_session_error(st, conn, r, err);
        PQclear(r);
        pg_session_release(st, conn);
        return rc;
    }
    return ENG_ERROR;   /* not reached: the second attempt never retries */
}

/* query_untraced, reported to the remote-SQL trace (common/trace.h). */
eng_rc pg_session_query(pg_state *st, const char *sql, int nparams,
                        const char *const *params, void **res,
                        eng_error *err)
{
    uint64_t t0 = eng_trace_start();
    eng_rc rc = query_untraced(st, sql, nparams, params, res, err);
    int64_t rows = -1;
    if (rc == ENG_OK && *res) {
        PGresult *r = *res;
        const char *n = PQcmdTuples(r);
        rows = PQresultStatus(r) == PGRES_TUPLES_OK ? PQntuples(r)
               : n && *n ? strtoll(n, NULL, 10) : 0;
    }
    eng_trace_remote(t0, st->name, sql, rows, rc == ENG_OK ? NULL : "failed");
    return rc;
}

/* ------------------------------------------------------------ transactions */

/*
 * Sends one command on conn and reads its results (bounded by w). *res
 * gets the first failing result or the command's result. ENG_OK, or
 * HYT00/HY008 (the caller drops conn).
 */
static eng_rc command(pg_state *st, PGconn *conn, const pg_wait *w,
                      const char *sql, PGresult **res, eng_error *err)
{
    eng_rc rc;
    *res = NULL;
    if (!PQsendQuery(conn, sql))
        return ENG_OK;           /* *res NULL: the failure is in conn */
    if ((rc = pg_io_flush(st, conn, w, err)) != ENG_OK)
        return rc;
    return collect(st, conn, w, res, err);
}

/* command() for the other files of the connector (pg_int.h). */
eng_rc pg_session_command(pg_state *st, pg_conn *conn, const pg_wait *w,
                          const char *sql, void **res, eng_error *err)
{
    PGresult *r = NULL;
    eng_rc rc = command(st, conn, w, sql, &r, err);
    *res = r;
    return rc;
}

/*
 * Opens the transaction: a connection (from the pool, replaced once if
 * found dead) that has run BEGIN ISOLATION LEVEL READ COMMITTED, kept in
 * st->txn until pg_txn_end. Bounded by the session timeout. Nothing is
 * left open on failure.
 */
eng_rc pg_txn_begin(void *state, eng_error *err)
{
    pg_state *st = state;
    pg_wait w;

    if (st->txn)
        return ENG_OK;
    st->txn_lost = false;
    pg_wait_session(st, &w);
    for (int attempt = 0; attempt < 2; attempt++) {
        PGconn *conn;
        PGresult *r;
        bool reused;
        eng_rc rc = pg_session_acquire(st, &w, &conn, &reused, err);
        if (rc != ENG_OK)
            return rc;
        rc = command(st, conn, &w, "BEGIN ISOLATION LEVEL READ COMMITTED",
                     &r, err);
        if (rc != ENG_OK) {
            pg_session_drop(st, conn);
            return rc;
        }
        if (r && PQresultStatus(r) == PGRES_COMMAND_OK) {
            PQclear(r);
            st->txn = conn;
            st->txn_use = PG_TXN_IDLE;
            st->txn_scan = NULL;
            return ENG_OK;
        }
        if (pg_session_conn_error(conn, r) && reused && attempt == 0) {
            PQclear(r);
            pg_session_drop_stale(st, conn);
            continue;
        }
        rc = pg_session_error(st, conn, r, err);
        PQclear(r);
        pg_session_drop(st, conn);
        return rc;
    }
    return ENG_ERROR;   /* not reached */
}

/*
 * Ends the transaction: COMMIT (commit) or ROLLBACK on its connection,
 * which then goes back to the pool. A scan still streaming on it is read
 * into memory first, so its rows survive the end. A transaction already
 * failed on the server (a statement's error) or lost with its connection
 * is rolled back, and a commit of it fails with 40000; a COMMIT the
 * server refuses keeps the server's SQLSTATE. Afterwards st is outside
 * any transaction in every case.
 */
eng_rc pg_txn_end(void *state, bool commit, eng_error *err)
{
    pg_state *st = state;
    PGconn *conn;
    PGresult *r = NULL;
    bool failed;
    pg_wait w;
    eng_rc rc;

    if (st->txn && st->txn_use == PG_TXN_SCAN)
        pg_scan_spool(st->txn_scan);
    if (st->txn_lost) {
        st->txn_lost = false;
        return commit ? txn_lost(st, err) : ENG_OK;
    }
    if (!st->txn)
        return ENG_OK;
    conn = st->txn;
    st->txn = NULL;               /* from here on, an ordinary connection */
    st->txn_use = PG_TXN_IDLE;
    st->txn_scan = NULL;
    failed = PQtransactionStatus(conn) == PQTRANS_INERROR;
    pg_wait_session(st, &w);
    rc = command(st, conn, &w, commit && !failed ? "COMMIT" : "ROLLBACK", &r,
                 err);
    if (rc != ENG_OK) {          /* timeout: closing rolls back */
        pg_session_drop(st, conn);
        return rc;
    }
    if (!r || PQresultStatus(r) != PGRES_COMMAND_OK) {
        rc = pg_session_error(st, conn, r, err);
        PQclear(r);
        if (pg_session_broken(conn) || PQisBusy(conn))
            pg_session_drop(st, conn);
        else
            pg_session_release(st, conn);
        return rc;
    }
    /* COMMIT of a transaction the server had to abort answers ROLLBACK */
    if (commit && (failed || strcmp(PQcmdStatus(r), "COMMIT") != 0)) {
        eng_err_set(err, ENG_ERR_TRANSACTION_ROLLBACK, 0,
                    "Catalog '%s': the transaction was rolled back: a "
                    "statement in it failed", st->name);
        eng_err_set_source(err, st->name);
        rc = ENG_ERROR;
    }
    PQclear(r);
    pg_session_release(st, conn);
    return rc;
}
