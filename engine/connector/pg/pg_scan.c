/*
 * engine/connector/pg/pg_scan.c
 *   Streaming scans of a PostgreSQL table: COPY (<spec->sql>) TO STDOUT
 *   (FORMAT binary) on a pooled connection, decoded batch by batch.
 * Interface: pg_scan_begin, pg_scan_next, pg_scan_end, pg_scan_cancel.
 * Not here: the SQL (pg_deparse.c), the wire format (pg_copy.c), the pool
 *   and error translation (pg_session.c).
 *
 * Life of a scan: begin borrows a connection, sends the COPY with
 * PQsendQuery and waits for PGRES_COPY_OUT; next pulls one CopyData
 * message at a time (PQgetCopyData, blocking), decodes it into the
 * caller's batch and frees it at once, so memory stays flat whatever the
 * table size; at the end of the stream the final result is checked and
 * the connection goes back to the pool. end on an unfinished scan cancels
 * the query, drains what is in flight and pools the connection only if it
 * came out clean.
 * A pooled connection that turns out dead before the first row arrived is
 * replaced once (pg_session.c explains why); after rows were delivered a
 * lost connection is an 08S01 error.
 * Threads: scan_cancel may run on another thread while next blocks; it
 * only uses the PGcancel object (PQcancel is thread-safe) under a lock.
 * The caller must not call scan_cancel after (or while) scan_end runs.
 */
#include <string.h>
#include <libpq-fe.h>
#include "pg_int.h"
#include "pg_copy.h"

typedef struct pg_scan {
    pg_state *st;
    PGconn *conn;            /* NULL once given back or dropped */
    bool reused;             /* conn came from the pool */
    bool retried;            /* the one retry has been used */
    bool in_copy;            /* COPY OUT running: data may still come */
    bool finished;           /* the stream ended cleanly */
    bool failed;             /* an error was reported; only end is valid */
    int cancel_requested;    /* set by scan_cancel (atomic) */
    int64_t rows;            /* rows decoded so far */
    char *copy_sql;          /* eng_malloc'ed COPY statement */
    pg_copy_decoder dec;
    int ncols;
    pg_copy_col *cols;       /* eng_malloc'ed; names point into spec */
    pthread_mutex_t cancel_lock;
    PGcancel *cancel;        /* guarded by cancel_lock */
} pg_scan;

/* Replaces the scan's cancel object with one for its current connection
 * (or none). */
static void set_cancel(pg_scan *s)
{
    PGcancel *fresh = s->conn ? PQgetCancel(s->conn) : NULL;
    PGcancel *old;
    pthread_mutex_lock(&s->cancel_lock);
    old = s->cancel;
    s->cancel = fresh;
    pthread_mutex_unlock(&s->cancel_lock);
    if (old)
        PQfreeCancel(old);
}

/* Reads and discards every remaining result of conn (COPY data included)
 * so that it is ready for the next command, or found broken. */
static void drain(PGconn *conn)
{
    PGresult *r;
    char *buf;
    int n;
    /* during COPY OUT, PQgetResult hands back a COPY_OUT result again */
    while ((r = PQgetResult(conn)) != NULL) {
        ExecStatusType st = PQresultStatus(r);
        PQclear(r);
        if (st == PGRES_COPY_OUT) {
            while ((n = PQgetCopyData(conn, &buf, 0)) > 0)
                PQfreemem(buf);
        } else if (st == PGRES_COPY_IN || st == PGRES_COPY_BOTH) {
            break;              /* never asked for; conn will be dropped */
        }
        if (PQstatus(conn) == CONNECTION_BAD)
            break;
    }
}

/* Gives the connection back (healthy and idle) or closes it. */
static void put_conn(pg_scan *s)
{
    if (!s->conn)
        return;
    pthread_mutex_lock(&s->cancel_lock);
    if (s->cancel) {
        PQfreeCancel(s->cancel);
        s->cancel = NULL;
    }
    pthread_mutex_unlock(&s->cancel_lock);
    pg_session_release(s->st, s->conn);
    s->conn = NULL;
    s->in_copy = false;
}

/* Fills err for a cancelled scan: HY008 naming the catalog. */
static eng_rc cancelled(pg_scan *s, eng_error *err)
{
    eng_err_set(err, ENG_ERR_OPERATION_CANCELED, 0,
                "Catalog '%s': query canceled", s->st->name);
    eng_err_set_source(err, s->st->name);
    return ENG_ERROR;
}

/*
 * Borrows a connection and starts the COPY; on return the server is
 * streaming (s->in_copy). A reused connection that is found dead is
 * replaced once. Errors as in pg_session_error; the connection is given
 * back or dropped before returning.
 */
static eng_rc start_copy(pg_scan *s, eng_error *err)
{
    for (;;) {
        PGresult *r = NULL;
        eng_rc rc = pg_session_acquire(s->st, &s->conn, &s->reused, err);
        if (rc != ENG_OK)
            return rc;
        pg_copy_decoder_init(&s->dec);
        if (PQsendQuery(s->conn, s->copy_sql)) {
            r = PQgetResult(s->conn);
            if (r && PQresultStatus(r) == PGRES_COPY_OUT) {
                PQclear(r);
                s->in_copy = true;
                set_cancel(s);
                return ENG_OK;
            }
        }
        /* read the rest, so that a connection the server closed after
         * its termination message shows up as broken */
        if (!pg_session_broken(s->conn))
            drain(s->conn);
        if (pg_session_conn_error(s->conn, r) && s->reused && !s->retried) {
            s->retried = true;
            PQclear(r);
            pg_session_drop(s->conn);
            s->conn = NULL;
            continue;
        }
        if (!r && !pg_session_broken(s->conn) && PQisBusy(s->conn) == 0 &&
            strstr(PQerrorMessage(s->conn), "out of memory"))
            rc = eng_err_oom(err);
        else
            rc = pg_session_error(s->st, s->conn, r, err);
        PQclear(r);
        put_conn(s);
        return rc;
    }
}

/* Frees everything a scan owns except its connection. */
static void scan_free(pg_scan *s)
{
    pthread_mutex_lock(&s->cancel_lock);
    if (s->cancel)
        PQfreeCancel(s->cancel);
    s->cancel = NULL;
    pthread_mutex_unlock(&s->cancel_lock);
    pthread_mutex_destroy(&s->cancel_lock);
    eng_free(s->copy_sql);
    eng_free(s->cols);
    eng_free(s);
}

/*
 * Starts reading spec (spec->sql as filled by the planner; deparsed here
 * when NULL). spec and its table must outlive the scan. Returns ENG_OK
 * with *scan set, or an error (08001/28000 connect, the remote SQLSTATE,
 * 08S01, HY001) with nothing left open.
 */
eng_rc pg_scan_begin(void *state, const eng_scan_spec *spec, void **scan,
                     eng_error *err)
{
    static const char pre[] = "COPY (", post[] = ") TO STDOUT (FORMAT binary)";
    pg_state *st = state;
    const char *select = spec->sql;
    eng_arena *tmp = NULL;
    pg_scan *s;
    size_t n;
    eng_rc rc;

    *scan = NULL;
    s = eng_calloc(1, sizeof *s);
    if (!s)
        return eng_err_oom(err);
    if (pthread_mutex_init(&s->cancel_lock, NULL) != 0) {
        eng_free(s);
        return eng_err_oom(err);
    }
    s->st = st;
    s->ncols = spec->ncols;
    s->cols = eng_calloc((size_t)(spec->ncols > 0 ? spec->ncols : 1),
                         sizeof(pg_copy_col));
    if (!s->cols)
        goto oom;
    for (int i = 0; i < spec->ncols; i++) {
        const eng_column_def *c;
        if (spec->cols[i] < 0 || spec->cols[i] >= spec->table->ncols) {
            scan_free(s);
            return eng_err_set(err, ENG_ERR_INTERNAL, 0,
                               "scan column index out of range");
        }
        c = &spec->table->cols[spec->cols[i]];
        s->cols[i].remote_type = c->remote_type;
        s->cols[i].remote_typmod = c->remote_typmod;
        s->cols[i].type = c->type;
        s->cols[i].name = c->name;
    }
    if (!select) {
        tmp = eng_arena_create();
        if (!tmp)
            goto oom;
        rc = pg_deparse(st, spec, tmp, (char **)&select, err);
        if (rc != ENG_OK) {
            eng_arena_destroy(tmp);
            scan_free(s);
            return rc;
        }
    }
    n = strlen(pre) + strlen(select) + strlen(post) + 1;
    s->copy_sql = eng_malloc(n);
    if (!s->copy_sql) {
        eng_arena_destroy(tmp);
        goto oom;
    }
    snprintf(s->copy_sql, n, "%s%s%s", pre, select, post);
    eng_arena_destroy(tmp);

    rc = start_copy(s, err);
    if (rc != ENG_OK) {
        scan_free(s);
        return rc;
    }
    *scan = s;
    return ENG_OK;
oom:
    scan_free(s);
    return eng_err_oom(err);
}

/* Re-labels a decoder error with the catalog: "Catalog 'x': ...". */
static eng_rc decode_error(pg_scan *s, eng_rc rc, eng_error *err)
{
    if (rc == ENG_ERROR && err) {
        char msg[ENG_ERR_MSG_MAX];
        char state[6];
        memcpy(state, err->sqlstate, sizeof state);
        memcpy(msg, err->message, sizeof msg);
        eng_err_set(err, state, 0, "Catalog '%s': %s", s->st->name, msg);
        eng_err_set_source(err, s->st->name);
    }
    return rc;
}

/* Closes the scan's connection without pooling it (after a failure that
 * left it broken) and forgets its cancel object. */
static void drop_conn(pg_scan *s)
{
    pthread_mutex_lock(&s->cancel_lock);
    if (s->cancel)
        PQfreeCancel(s->cancel);
    s->cancel = NULL;
    pthread_mutex_unlock(&s->cancel_lock);
    pg_session_drop(s->conn);
    s->conn = NULL;
    s->in_copy = false;
}

/*
 * Called when PQgetCopyData reported the end of the COPY (-1) or a
 * failure (-2). Collects the final results: on success the connection
 * goes back to the pool and the scan is finished. *retry is set when the
 * caller should restart the COPY on a fresh connection (pooled connection
 * found dead before any row was decoded).
 */
static eng_rc finish_copy(pg_scan *s, bool *retry, eng_error *err)
{
    PGresult *r, *bad = NULL;
    bool cancel = __atomic_load_n(&s->cancel_requested, __ATOMIC_RELAXED);
    eng_rc rc;

    *retry = false;
    s->in_copy = false;
    while ((r = PQgetResult(s->conn)) != NULL) {
        if (PQresultStatus(r) != PGRES_COMMAND_OK && !bad)
            bad = r;
        else
            PQclear(r);
        if (pg_session_broken(s->conn))
            break;
    }
    if (!bad && !pg_session_broken(s->conn)) {
        s->finished = true;
        put_conn(s);
        return ENG_OK;
    }
    if (pg_session_conn_error(s->conn, bad) && s->rows == 0 && s->reused &&
        !s->retried && !cancel) {
        PQclear(bad);
        s->retried = true;
        drop_conn(s);
        *retry = true;
        return ENG_OK;
    }
    rc = cancel ? cancelled(s, err) : pg_session_error(s->st, s->conn, bad, err);
    PQclear(bad);
    s->failed = true;
    if (pg_session_broken(s->conn))
        drop_conn(s);
    else
        put_conn(s);
    return rc;
}

/*
 * Fills `out` (empty, spec's column types) with up to out->capacity rows;
 * out->nrows == 0 means the scan is over. Strings go into out->arena.
 * Errors: decode errors (22003, 22008, 22021, 08P01) and remote errors
 * prefixed with the catalog, 08S01 for a lost connection, HY008 after
 * scan_cancel. After an error only scan_end is meaningful.
 */
eng_rc pg_scan_next(void *scan, eng_batch *out, eng_error *err)
{
    pg_scan *s = scan;
    int nrows = 0;

    out->nrows = 0;
    if (s->failed)
        return eng_err_set(err, ENG_ERR_FUNCTION_SEQUENCE, 0,
                           "Catalog '%s': scan already failed", s->st->name);
    if (s->finished)
        return ENG_OK;
    if (__atomic_load_n(&s->cancel_requested, __ATOMIC_RELAXED)) {
        s->failed = true;
        return cancelled(s, err);
    }
    if (out->ncols != s->ncols) {
        s->failed = true;
        return eng_err_set(err, ENG_ERR_INTERNAL, 0,
                           "Catalog '%s': batch has %d columns, scan %d",
                           s->st->name, out->ncols, s->ncols);
    }
    while (nrows < out->capacity) {
        char *buf = NULL;
        int n = PQgetCopyData(s->conn, &buf, 0);
        if (n > 0) {
            pg_copy_result res;
            eng_rc rc = pg_copy_decode_row(&s->dec, buf, (size_t)n, s->cols,
                                           s->ncols, out, nrows, &res, err);
            PQfreemem(buf);
            if (rc != ENG_OK) {
                s->failed = true;
                return decode_error(s, rc, err);
            }
            if (res == PG_COPY_ROW) {
                nrows++;
                s->rows++;
            }
            continue;
        }
        /* n == -1: COPY finished; n == -2: failure. Either way the
         * outcome is in the results that follow. */
        {
            bool retry;
            eng_rc rc = finish_copy(s, &retry, err);
            if (rc != ENG_OK)
                return rc;
            if (retry) {
                rc = start_copy(s, err);
                if (rc != ENG_OK) {
                    s->failed = true;
                    return rc;
                }
                continue;
            }
            break;
        }
    }
    out->nrows = nrows;
    return ENG_OK;
}

/*
 * Ends the scan and frees it. An unfinished COPY is cancelled and drained;
 * the connection returns to the pool only when it is then idle and
 * healthy, otherwise it is closed. NULL allowed.
 */
void pg_scan_end(void *scan)
{
    pg_scan *s = scan;
    if (!s)
        return;
    if (s->conn) {
        if (s->in_copy) {
            char errbuf[256];
            pthread_mutex_lock(&s->cancel_lock);
            if (s->cancel)
                PQcancel(s->cancel, errbuf, sizeof errbuf);
            pthread_mutex_unlock(&s->cancel_lock);
        }
        if (!pg_session_broken(s->conn))
            drain(s->conn);
        put_conn(s);
    }
    scan_free(s);
}

/*
 * Asks the server to stop the scan's query (PQcancel on the PGcancel
 * object made at begin; thread-safe). The scan's next call then fails
 * with HY008. Safe from another thread while pg_scan_next blocks.
 */
void pg_scan_cancel(void *scan)
{
    pg_scan *s = scan;
    char errbuf[256];
    if (!s)
        return;
    __atomic_store_n(&s->cancel_requested, 1, __ATOMIC_RELAXED);
    pthread_mutex_lock(&s->cancel_lock);
    if (s->cancel)
        PQcancel(s->cancel, errbuf, sizeof errbuf);
    pthread_mutex_unlock(&s->cancel_lock);
}
