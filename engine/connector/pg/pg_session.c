/*
 * engine/connector/pg/pg_session.c
 *   Connections of one PostgreSQL catalog: a small pool of PGconn, the
 *   retry of an operation that found its pooled connection dead, and the
 *   translation of libpq failures into engine errors.
 * Interface: pg_session_acquire, pg_session_release, pg_session_drop,
 *   pg_session_close_all, pg_session_broken, pg_session_query,
 *   pg_session_error, pg_scrub.
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
 */
#include <string.h>
#include <libpq-fe.h>
#include "pg_int.h"

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

/*
 * Opens a new connection with the catalog's parameters. Afterwards makes
 * sure standard_conforming_strings is on (pg_deparse depends on it).
 * Returns ENG_OK, 28000/08001 (see the file comment) or ENG_NOMEM.
 */
static eng_rc connect_new(pg_state *st, PGconn **out, eng_error *err)
{
    PGconn *conn;
    const char *scs;
    char msg[ENG_ERR_MSG_MAX];

    *out = NULL;
    conn = PQconnectdbParams(st->params_keys, st->params_values, 0);
    if (!conn)
        return eng_err_oom(err);
    if (PQstatus(conn) != CONNECTION_OK) {
        const char *state;
        pg_scrub(st, PQerrorMessage(conn), msg, sizeof msg);
        one_line(msg);
        state = auth_failure(conn, msg) ? ENG_ERR_INVALID_AUTHORIZATION
                                        : ENG_ERR_CONNECTION_FAILED;
        PQfinish(conn);
        eng_err_set(err, state, 0,
                    "Catalog '%s': could not connect to server: %s",
                    st->name, msg);
        eng_err_set_source(err, st->name);
        return ENG_ERROR;
    }
    PQsetNoticeProcessor(conn, quiet_notices, NULL);
    scs = PQparameterStatus(conn, "standard_conforming_strings");
    if (!scs || strcmp(scs, "on") != 0) {
        PGresult *r = PQexec(conn, "SET standard_conforming_strings = on");
        bool ok = r && PQresultStatus(r) == PGRES_COMMAND_OK;
        if (!ok) {
            eng_rc rc = pg_session_error(st, conn, r, err);
            PQclear(r);
            PQfinish(conn);
            return rc;
        }
        PQclear(r);
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

/*
 * Borrows an idle connection (skipping and closing any that libpq already
 * knows are dead) or opens a new one. *reused tells the caller whether a
 * failure may be a stale pooled connection worth one retry.
 */
eng_rc pg_session_acquire(pg_state *st, pg_conn **conn, bool *reused,
                          eng_error *err)
{
    *conn = NULL;
    *reused = false;
    for (;;) {
        PGconn *c = NULL;
        pthread_mutex_lock(&st->lock);
        if (st->nidle > 0)
            c = st->idle[--st->nidle];
        pthread_mutex_unlock(&st->lock);
        if (!c)
            break;
        /* read whatever the server sent while the connection was idle
         * (e.g. a termination notice), so a dead peer shows up now */
        PQconsumeInput(c);
        if (PQstatus(c) == CONNECTION_OK &&
            PQtransactionStatus(c) == PQTRANS_IDLE) {
            *conn = c;
            *reused = true;
            return ENG_OK;
        }
        PQfinish(c);
    }
    return connect_new(st, conn, err);
}

/* Gives conn back to the pool when it is healthy and idle; otherwise, or
 * when the pool is full, closes it. NULL allowed. */
void pg_session_release(pg_state *st, pg_conn *conn)
{
    if (!conn)
        return;
    if (PQstatus(conn) == CONNECTION_OK &&
        PQtransactionStatus(conn) == PQTRANS_IDLE) {
        pthread_mutex_lock(&st->lock);
        if (st->nidle < PG_POOL_MAX) {
            st->idle[st->nidle++] = conn;
            conn = NULL;
        }
        pthread_mutex_unlock(&st->lock);
    }
    if (conn)
        PQfinish(conn);
}

/* Closes conn without pooling it. NULL allowed. */
void pg_session_drop(pg_conn *conn)
{
    if (conn)
        PQfinish(conn);
}

/* Closes every idle connection of st. */
void pg_session_close_all(pg_state *st)
{
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
 * back to the pool in every case where it is still healthy.
 */
eng_rc pg_session_query(pg_state *st, const char *sql, int nparams,
                        const char *const *params, void **res,
                        eng_error *err)
{
    *res = NULL;
    for (int attempt = 0; attempt < 2; attempt++) {
        PGconn *conn;
        PGresult *r;
        bool reused;
        eng_rc rc = pg_session_acquire(st, &conn, &reused, err);
        if (rc != ENG_OK)
            return rc;
        r = PQexecParams(conn, sql, nparams, NULL, params, NULL, NULL, 0);
        if (r && (PQresultStatus(r) == PGRES_TUPLES_OK ||
                  PQresultStatus(r) == PGRES_COMMAND_OK)) {
            pg_session_release(st, conn);
            *res = r;
            return ENG_OK;
        }
        if (!r && PQstatus(conn) == CONNECTION_OK) {
            /* libpq could not allocate the result */
            pg_session_release(st, conn);
            return eng_err_oom(err);
        }
        if (pg_session_conn_error(conn, r) && reused && attempt == 0) {
            PQclear(r);
            pg_session_drop(conn);
            continue;
        }
        rc = pg_session_error(st, conn, r, err);
        PQclear(r);
        pg_session_release(st, conn);
        return rc;
    }
    return ENG_ERROR;   /* not reached: the second attempt never retries */
}
