/*
 * engine/connector/pg/pg_scan.c
 *   Streaming scans of a PostgreSQL table: COPY (<spec->sql>) TO STDOUT
 *   (FORMAT binary) on a pooled connection, decoded batch by batch.
 * Interface: pg_scan_begin, pg_scan_next, pg_scan_end, pg_scan_cancel,
 *   pg_scan_spool, pg_scan_bytes.
 * Not here: the SQL (pg_deparse.c), the wire format (pg_copy.c), the pool,
 *   the non-blocking waits and error translation (pg_session.c).
 *
 * Life of a scan: begin borrows a connection, sends the COPY and waits
 * for PGRES_COPY_OUT; next pulls one CopyData message at a time
 * (PQgetCopyData in async mode, waiting in ticks on the socket when none
 * is buffered), decodes it into the caller's batch and frees it at once,
 * so memory stays flat whatever the table size; at the end of the stream
 * the final result is checked and the connection goes back to the pool.
 * end on an unfinished scan keeps the connection only if the rest of the
 * stream is already buffered, and otherwise closes it (no PQcancel: it
 * blocks on a stopped server; the server stops the abandoned query when
 * it notices the closed socket, see pg_session.c).
 * Every wait honours the spec's deadline (HYT00) and cancel flag (HY008),
 * copied into the scan at begin; after either the connection is dropped.
 * A pooled connection that turns out dead before the first row arrived is
 * replaced once (pg_session.c explains why); after rows were delivered a
 * lost connection is an 08S01 error.
 * Transactions: on the transaction's connection (pg_int.h) a scan may
 * have to give the connection up before its end: pg_scan_spool reads the
 * rest of its stream into memory, and next continues from there. An
 * unfinished scan ends by reading its stream to the end (rows discarded)
 * instead of closing the connection, which would roll the transaction
 * back.
 * Threads: cancellation reaches a scan through the flag, which it reads;
 * nothing on another thread touches the scan. pg_scan_cancel (kept for
 * the ops table) only sets the scan's own flag.
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
    int cancel_requested;    /* set by pg_scan_cancel (atomic) */
    pg_wait wait;            /* the execution's deadline and cancel flag */
    int64_t rows;            /* rows decoded so far */
    int64_t bytes;           /* CopyData bytes received (pg_scan_bytes) */
    uint64_t trace_t0;       /* eng_trace_start at begin (0: not traced) */
    char *copy_sql;          /* eng_malloc'ed COPY statement */
    pg_copy_decoder dec;
    void *group;             /* a split scan's range: its group
                                (pg_split.c), else NULL */
    int part;                /* and its index */
    int ncols;
    pg_copy_col *cols;       /* eng_malloc'ed; names point into spec */
    /* pg_scan_spool: the rest of the stream, read into memory because
     * another user needed the transaction's connection */
    bool spooled;            /* next reads from here, not from conn */
    struct spooled *sp_head, *sp_tail;
    eng_rc sp_rc;            /* how the stream ended (after the rows) */
    eng_error sp_err;
} pg_scan;

/* One CopyData message kept by pg_scan_spool (buf from PQgetCopyData). */
typedef struct spooled {
    struct spooled *next;
    char *buf;
    int n;
} spooled;

/* Gives the connection back (healthy and idle) or closes it. A split
 * range's transaction is ended first (pg_split_end: range 0 waits for the
 * others to have imported its snapshot); if that fails the connection is
 * closed, which ends the read-only transaction as well. */
static void put_conn(pg_scan *s)
{
    if (!s->conn)
        return;
    if (s->group && PQtransactionStatus(s->conn) == PQTRANS_INTRANS) {
        eng_error ignored;   /* the rows were read: nothing to report */
        if (pg_split_end(s->st, s->conn, &s->wait, s->group, s->part,
                         &ignored) != ENG_OK) {
            pg_session_drop(s->st, s->conn);
            s->conn = NULL;
            s->in_copy = false;
            return;
        }
    }
    pg_session_release(s->st, s->conn);
    s->conn = NULL;
    s->in_copy = false;
}

/* Closes the scan's connection without pooling it (after a failure that
 * left it broken, a timeout or a cancel). */
static void drop_conn(pg_scan *s)
{
    pg_session_drop(s->st, s->conn);
    s->conn = NULL;
    s->in_copy = false;
}

/* True when the scan was asked to stop through pg_scan_cancel. */
static bool cancel_asked(pg_scan *s)
{
    return __atomic_load_n(&s->cancel_requested, __ATOMIC_ACQUIRE) ||
           (s->wait.cancelled &&
            __atomic_load_n(s->wait.cancelled, __ATOMIC_ACQUIRE));
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
 * replaced once. Errors as in pg_session_error, plus HYT00/HY008 from
 * the scan's wait; the connection is given back or dropped before
 * returning.
 */
static eng_rc start_copy(pg_scan *s, eng_error *err)
{
    for (;;) {
        PGresult *r = NULL;
        eng_rc rc = pg_session_acquire(s->st, &s->wait, &s->conn, &s->reused,
                                       err);
        if (rc != ENG_OK)
            return rc;
        if (s->group) {
            bool conn_failed = false;
            rc = pg_split_begin(s->st, s->conn, &s->wait, s->group, s->part,
                                &conn_failed, err);
            if (rc != ENG_OK) {
                if (conn_failed && s->reused && !s->retried) {
                    s->retried = true;
                    pg_session_drop_stale(s->st, s->conn);
                    s->conn = NULL;
                    continue;
                }
                drop_conn(s);
                return rc;
            }
            /* in the snapshot now: a fresh connection could not join it
             * again (range 0's may be committed), so no retry from here */
            s->retried = true;
        }
        pg_copy_decoder_init(&s->dec);
        if (PQsendQuery(s->conn, s->copy_sql)) {
            if ((rc = pg_io_flush(s->st, s->conn, &s->wait, err)) != ENG_OK ||
                (rc = pg_io_await(s->st, s->conn, &s->wait, err)) != ENG_OK) {
                drop_conn(s);
                return rc;
            }
            r = PQgetResult(s->conn);
            if (r && PQresultStatus(r) == PGRES_COPY_OUT) {
                PQclear(r);
                s->in_copy = true;
                pg_session_txn_scan(s->st, s->conn, s);
                return ENG_OK;
            }
        }
        /* an error: read the rest (without waiting for a server that may
         * not answer), so that a connection the server closed after its
         * termination message shows up as broken */
        if (!pg_session_broken(s->conn)) {
            PGresult *more;
            PQconsumeInput(s->conn);
            while (!PQisBusy(s->conn) &&
                   (more = PQgetResult(s->conn)) != NULL)
                PQclear(more);
        }
        if (pg_session_conn_error(s->conn, r) && s->reused && !s->retried) {
            s->retried = true;
            PQclear(r);
            pg_session_drop_stale(s->st, s->conn);
            s->conn = NULL;
            s->in_copy = false;
            continue;
        }
        if (!r && !pg_session_broken(s->conn) &&
            strstr(PQerrorMessage(s->conn), "out of memory"))
            rc = eng_err_oom(err);
        else
            rc = pg_session_error(s->st, s->conn, r, err);
        PQclear(r);
        if (PQisBusy(s->conn))
            drop_conn(s);
        else
            put_conn(s);
        return rc;
    }
}

/* Frees everything a scan owns except its connection. */
static void scan_free(pg_scan *s)
{
    while (s->sp_head) {
        spooled *p = s->sp_head;
        s->sp_head = p->next;
        PQfreemem(p->buf);
        eng_free(p);
    }
    eng_free(s->copy_sql);
    eng_free(s->cols);
    eng_free(s);
}

/*
 * Starts reading spec (spec->sql as filled by the planner; deparsed here
 * when NULL, which the executor asks for when dynamic filters were
 * published). A remote subtree's columns arrive in the types its root
 * casts to (pg_remote_oid). spec and its table must outlive the scan; the spec's
 * deadline and cancel flag bound every wait. Returns ENG_OK with *scan
 * set, or an error (08001/28000 connect, the remote SQLSTATE, 08S01,
 * HYT00, HY008, HY001) with nothing left open.
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
    char range[96] = "";

    *scan = NULL;
    s = eng_calloc(1, sizeof *s);
    if (!s)
        return eng_err_oom(err);
    s->st = st;
    s->wait.deadline_ms = spec->deadline_ms;
    s->wait.timeout_s = spec->timeout_s;
    s->wait.cancelled = spec->cancelled;
    s->ncols = spec->ncols;
    s->cols = eng_calloc((size_t)(spec->ncols > 0 ? spec->ncols : 1),
                         sizeof(pg_copy_col));
    if (!s->cols)
        goto oom;
    for (int i = 0; spec->remote && i < spec->ncols; i++) {
        /* a remote subtree's root casts each column (pg_deparse.c) */
        const plan_node *r = spec->remote;
        if (i >= r->ncols ||
            (s->cols[i].remote_type = pg_remote_oid(
                 r->types[i], &s->cols[i].remote_typmod)) < 0) {
            scan_free(s);
            return eng_err_set(err, ENG_ERR_INTERNAL, 0,
                               "remote query column %d of no known type", i);
        }
        s->cols[i].type = r->types[i];
        s->cols[i].name = r->names && r->names[i] ? r->names[i] : "?";
    }
    for (int i = 0; !spec->remote && i < spec->ncols; i++) {
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
    if (spec->split_group) {
        /* a range of a split scan: the plain scan's statement (no LIMIT,
         * no dynamic filter: the optimizer splits only such scans) with
         * the range's ctid condition ANDed to its WHERE, whose every
         * filter the deparser parenthesised */
        s->group = spec->split_group;
        s->part = spec->split_part;
        if (spec->remote || spec->limit >= 0 || spec->ndf > 0 || st->txn ||
            spec->split_part < 0 || spec->split_part >= spec->split_n) {
            scan_free(s);
            rc = eng_err_set(err, ENG_ERR_INTERNAL, 0,
                             "Catalog '%s': internal error: a split scan "
                             "that is not a plain scan outside a "
                             "transaction", st->name);
            pg_split_abandon(spec->split_group, spec->split_part, err);
            return rc;
        }
        pg_split_cond(spec, range, sizeof range);
    }
    if (!select) {
        tmp = eng_arena_create();
        if (!tmp)
            goto oom;
        rc = pg_deparse(st, spec, tmp, (char **)&select, err);
        if (rc != ENG_OK) {
            eng_arena_destroy(tmp);
            scan_free(s);
            pg_split_abandon(spec->split_group, spec->split_part, err);
            return rc;
        }
    }
    n = strlen(pre) + strlen(select) + strlen(post) + strlen(range) + 8;
    s->copy_sql = eng_malloc(n);
    if (!s->copy_sql) {
        eng_arena_destroy(tmp);
        goto oom;
    }
    snprintf(s->copy_sql, n, "%s%s%s%s%s", pre, select,
             !range[0] ? "" : spec->nfilters > 0 ? " AND " : " WHERE ",
             range, post);
    eng_arena_destroy(tmp);

    s->trace_t0 = eng_trace_start();
    rc = start_copy(s, err);
    if (rc != ENG_OK) {
        eng_trace_remote(s->trace_t0, st->name, s->copy_sql, 0, "failed");
        scan_free(s);
        pg_split_abandon(spec->split_group, spec->split_part, err);
        return rc;
    }
    *scan = s;
    return ENG_OK;
oom:
    scan_free(s);
    rc = eng_err_oom(err);
    pg_split_abandon(spec->split_group, spec->split_part, err);
    return rc;
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

/*
 * Called when PQgetCopyData reported the end of the COPY (-1) or a
 * failure (-2). Collects the final results without blocking: on success
 * the connection goes back to the pool and the scan is finished. *retry
 * is set when the caller should restart the COPY on a fresh connection
 * (pooled connection found dead before any row was decoded).
 */
static eng_rc finish_copy(pg_scan *s, bool *retry, eng_error *err)
{
    PGresult *r, *bad = NULL;
    bool cancel = cancel_asked(s);
    eng_rc rc;

    *retry = false;
    s->in_copy = false;
    for (;;) {
        if ((rc = pg_io_await(s->st, s->conn, &s->wait, err)) != ENG_OK) {
            PQclear(bad);
            s->failed = true;
            drop_conn(s);
            return rc;
        }
        if ((r = PQgetResult(s->conn)) == NULL)
            break;
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
        pg_session_drop_stale(s->st, s->conn);
        s->conn = NULL;
        s->in_copy = false;
        *retry = true;
        return ENG_OK;
    }
    rc = cancel ? cancelled(s, err) : pg_session_error(s->st, s->conn, bad, err);
    PQclear(bad);
    s->failed = true;
    if (pg_session_broken(s->conn) || cancel)
        drop_conn(s);
    else
        put_conn(s);
    return rc;
}

/*
 * pg_scan_next for a spooled scan: decodes the kept messages, then
 * reports how the stream ended (once; afterwards the scan is failed or
 * finished as usual).
 */
static eng_rc next_spooled(pg_scan *s, eng_batch *out, eng_error *err)
{
    int nrows = 0;
    while (nrows < out->capacity && s->sp_head) {
        spooled *p = s->sp_head;
        pg_copy_result res;
        eng_rc rc;
        s->sp_head = p->next;
        if (!s->sp_head)
            s->sp_tail = NULL;
        rc = pg_copy_decode_row(&s->dec, p->buf, (size_t)p->n, s->cols,
                                s->ncols, out, nrows, &res, err);
        PQfreemem(p->buf);
        eng_free(p);
        if (rc != ENG_OK) {
            s->spooled = false;
            s->failed = true;
            return decode_error(s, rc, err);
        }
        if (res == PG_COPY_ROW) {
            nrows++;
            s->rows++;
        }
    }
    if (!s->sp_head && nrows == 0) {
        s->spooled = false;
        if (s->sp_rc != ENG_OK) {
            if (err)
                *err = s->sp_err;
            s->failed = true;
            return s->sp_rc;
        }
    }
    out->nrows = nrows;
    return ENG_OK;
}

/*
 * Reads the rest of the stream (see pg_int.h). keep: into s's spool;
 * otherwise the rows are discarded (scan_end of an unfinished scan, whose
 * transaction must keep its connection). The connection is released at
 * the end of the COPY, or dropped after a timeout or cancel.
 */
static void spool(pg_scan *s, bool keep)
{
    s->spooled = keep;
    s->sp_rc = ENG_OK;
    while (s->conn && s->in_copy) {
        char *buf = NULL;
        int n = PQgetCopyData(s->conn, &buf, 1);
        if (n > 0)
            s->bytes += n;
        if (n > 0) {
            spooled *p = keep ? eng_malloc(sizeof *p) : NULL;
            if (!p) {
                PQfreemem(buf);
                if (!keep)
                    continue;
                s->sp_rc = eng_err_oom(&s->sp_err);
                drop_conn(s);
                return;
            }
            p->next = NULL;
            p->buf = buf;
            p->n = n;
            if (s->sp_tail)
                s->sp_tail->next = p;
            else
                s->sp_head = p;
            s->sp_tail = p;
            continue;
        }
        if (n == 0 && !pg_session_broken(s->conn)) {
            eng_rc rc = pg_io_wait(s->st, s->conn, &s->wait, &s->sp_err);
            if (rc != ENG_OK) {
                s->sp_rc = rc;
                drop_conn(s);
                return;
            }
            continue;
        }
        bool retry;             /* never: the transaction's conn is fresh */
        s->sp_rc = finish_copy(s, &retry, &s->sp_err);
        if (s->conn)
            drop_conn(s);
        return;
    }
}

void pg_scan_spool(void *scan)
{
    if (scan)
        spool(scan, true);
}

/*
 * Fills `out` (empty, spec's column types) with up to out->capacity rows;
 * out->nrows == 0 means the scan is over. Strings go into out->arena.
 * Errors: decode errors (22003, 22008, 22021, 08P01) and remote errors
 * prefixed with the catalog, 08S01 for a lost connection, HYT00 past the
 * deadline, HY008 once cancelled. After an error only scan_end is
 * meaningful.
 */
eng_rc pg_scan_next(void *scan, eng_batch *out, eng_error *err)
{
    pg_scan *s = scan;
    int nrows = 0;

    out->nrows = 0;
    if (s->spooled && out->ncols == s->ncols)
        return next_spooled(s, out, err);
    if (s->failed)
        return eng_err_set(err, ENG_ERR_FUNCTION_SEQUENCE, 0,
                           "Catalog '%s': scan already failed", s->st->name);
    if (s->finished)
        return ENG_OK;
    if (cancel_asked(s)) {
        s->failed = true;
        drop_conn(s);
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
        int n = PQgetCopyData(s->conn, &buf, 1);
        if (n > 0) {
            pg_copy_result res;
            s->bytes += n;
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
        if (n == 0 && !pg_session_broken(s->conn)) {
            /* nothing complete buffered: wait one tick for more */
            eng_rc rc = pg_io_wait(s->st, s->conn, &s->wait, err);
            if (rc != ENG_OK) {
                s->failed = true;
                drop_conn(s);
                return rc;
            }
            continue;
        }
        /* n == 0 on a broken connection: a message cut short by the lost
         * link, which async mode reports as "not yet"; it never comes */
        /* n == -1: COPY finished; n == -2 (or the above): failure. Either
         * way the outcome is in the results that follow. */
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
 * True when the rest of an unfinished COPY is already in libpq's buffer
 * or the socket's (it ended and its results are complete): then it is
 * read and discarded without waiting, and the connection can be pooled.
 */
static bool drain_buffered(PGconn *conn)
{
    char *buf;
    int n;
    PGresult *r;
    if (!PQconsumeInput(conn))
        return false;
    while ((n = PQgetCopyData(conn, &buf, 1)) > 0)
        PQfreemem(buf);
    if (n == 0)
        return false;                 /* more is coming: don't wait */
    for (;;) {
        if (PQisBusy(conn) && (!PQconsumeInput(conn) || PQisBusy(conn)))
            return false;
        if ((r = PQgetResult(conn)) == NULL)
            return true;
        PQclear(r);
    }
}

/* Bytes of COPY data the scan has received from its catalog so far
 * (EXPLAIN ANALYZE). NULL allowed (0). */
int64_t pg_scan_bytes(void *scan)
{
    return scan ? ((const pg_scan *)scan)->bytes : 0;
}

/*
 * Ends the scan and frees it. An unfinished COPY whose rest is already
 * buffered is drained and the connection pooled; otherwise the
 * connection is closed (see the file comment). NULL allowed.
 */
void pg_scan_end(void *scan)
{
    pg_scan *s = scan;
    if (!s)
        return;
    eng_trace_remote(s->trace_t0, s->st->name, s->copy_sql, s->rows,
                     s->finished ? NULL
                     : s->failed ? "failed" : "closed early");
    if (s->conn) {
        if (s->in_copy && s->conn == s->st->txn)
            spool(s, false);      /* the transaction keeps its connection */
        else if (s->in_copy && !drain_buffered(s->conn))
            drop_conn(s);
        else
            put_conn(s);
    }
    scan_free(s);
}

/*
 * Marks the scan cancelled: its next wait fails with HY008 and drops the
 * connection. Touches nothing but an atomic flag, but the caller must
 * still guarantee the scan is alive; the executor cancels through
 * spec->cancelled instead and never calls this.
 */
void pg_scan_cancel(void *scan)
{
    pg_scan *s = scan;
    if (s)
        __atomic_store_n(&s->cancel_requested, 1, __ATOMIC_RELEASE);
}
