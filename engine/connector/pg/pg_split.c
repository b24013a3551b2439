/*
 * engine/connector/pg/pg_split.c
 *   Split scans of a PostgreSQL table: the ranges' shared snapshot and
 *   their ctid conditions. Range 0 opens a REPEATABLE READ transaction
 *   and exports its snapshot (pg_export_snapshot); every other range
 *   opens its own and imports it (SET TRANSACTION SNAPSHOT) before its
 *   COPY, so all ranges read the table as of one instant; range 0 keeps
 *   its transaction open until every other range has imported or given
 *   up, and each range commits when its COPY has ended.
 * Interface: pg_split_open, pg_split_close (ops split_open/split_close),
 *   pg_split_begin, pg_split_abandon, pg_split_end, pg_split_cond
 *   (pg_int.h, for pg_scan.c).
 * Not here: the COPY and its connection (pg_scan.c), the threads that run
 *   the ranges and merge their batches (exec/scan_reader.c), the decision
 *   to split (optimizer/scansplit.c).
 *
 * Waits: a range waiting for the snapshot, and range 0 waiting for the
 * others to import, wait on the group's condition in ticks of
 * PG_WAIT_TICK_MS, checking their scan's deadline and cancel flag
 * (pg_wait_check) at each, so a cancel, a timeout or another range's
 * failure (the executor then cancels every range) ends them within a
 * tick. A range 0 that fails before exporting fails the group: the
 * ranges waiting for its snapshot end with range 0's own error, so
 * whichever range reports first, the query fails with the catalog's
 * error and SQLSTATE.
 * Ranges: the table's estimated pages P (spec->split_pages; at least
 * split_n when unknown or smaller) are cut at b_i = P * i / n; range 0 is
 * ctid < '(b_1,0)', range i in the middle b_i <= ctid < b_(i+1), the last
 * ctid >= '(b_(n-1),0)' with no upper bound, so rows on pages added since
 * the estimate are read too. PostgreSQL 14 and later read such a range
 * with a TID Range Scan (only its pages); older servers filter a full
 * scan, which is correct but reads the table once per range.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <libpq-fe.h>
#include "pg_int.h"

enum { SPLIT_WAIT, SPLIT_READY, SPLIT_FAILED };

typedef struct pg_split {
    int nparts;
    pthread_mutex_t mu;
    pthread_cond_t cv;            /* any change below (CLOCK_MONOTONIC) */
    int phase;                    /* SPLIT_*: range 0's snapshot */
    char snapshot[64];            /* its id, when SPLIT_READY */
    eng_error err;                /* range 0's failure (SPLIT_FAILED) */
    int pending;                  /* ranges 1.. not yet imported or gone */
    bool settled[PLAN_SPLIT_MAX]; /* range i counted out of pending */
} pg_split;

eng_rc pg_split_open(void *state, int nparts, void **group, eng_error *err)
{
    pthread_condattr_t ca;
    pg_split *g;
    (void)state;
    *group = NULL;
    if (nparts < 2 || nparts > PLAN_SPLIT_MAX)
        return eng_err_set(err, ENG_ERR_INTERNAL, 0,
                           "internal error: a split scan of %d ranges",
                           nparts);
    if (!(g = eng_calloc(1, sizeof *g)))
        return eng_err_oom(err);
    g->nparts = nparts;
    g->pending = nparts - 1;
    if (pthread_mutex_init(&g->mu, NULL) != 0) {
        eng_free(g);
        return eng_err_set(err, ENG_ERR_INTERNAL, 0,
                           "internal error: no mutex for a split scan");
    }
    if (pthread_condattr_init(&ca) != 0 ||
        pthread_condattr_setclock(&ca, CLOCK_MONOTONIC) != 0 ||
        pthread_cond_init(&g->cv, &ca) != 0) {
        pthread_mutex_destroy(&g->mu);
        eng_free(g);
        return eng_err_set(err, ENG_ERR_INTERNAL, 0,
                           "internal error: no condition for a split scan");
    }
    pthread_condattr_destroy(&ca);
    *group = g;
    return ENG_OK;
}

void pg_split_close(void *group)
{
    pg_split *g = group;
    if (!g)
        return;
    pthread_cond_destroy(&g->cv);
    pthread_mutex_destroy(&g->mu);
    eng_free(g);
}

/* Waits (g->mu held) one tick for a change of g; HY008 / HYT00 when w
 * says stop. */
static eng_rc wait_tick(pg_state *st, pg_split *g, const pg_wait *w,
                        eng_error *err)
{
    struct timespec ts;
    eng_rc rc = pg_wait_check(st, w, err);
    if (rc != ENG_OK)
        return rc;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    ts.tv_nsec += (long)PG_WAIT_TICK_MS * 1000000L;
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    (void)pthread_cond_timedwait(&g->cv, &g->mu, &ts);   /* or timed out */
    return ENG_OK;
}

/* Counts range part out of pending (once). */
static void settle(pg_split *g, int part)
{
    pthread_mutex_lock(&g->mu);
    if (part > 0 && part < g->nparts && !g->settled[part]) {
        g->settled[part] = true;
        g->pending--;
        pthread_cond_broadcast(&g->cv);
    }
    pthread_mutex_unlock(&g->mu);
}

/* Runs one command on conn, traced, leaving its (first failing, else
 * first) result in *res. ENG_OK, or HYT00/HY008 from w. */
static eng_rc traced(pg_state *st, pg_conn *conn, const pg_wait *w,
                     const char *sql, void **res, eng_error *err)
{
    uint64_t t0 = eng_trace_start();
    eng_rc rc = pg_session_command(st, conn, w, sql, res, err);
    const PGresult *r = *res;
    bool ok = rc == ENG_OK && r &&
              (PQresultStatus(r) == PGRES_COMMAND_OK ||
               PQresultStatus(r) == PGRES_TUPLES_OK);
    eng_trace_remote(t0, st->name, sql,
                     ok && PQresultStatus(r) == PGRES_TUPLES_OK
                     ? PQntuples(r) : ok ? 0 : -1, ok ? NULL : "failed");
    return rc;
}

/* Checks a command's result: ENG_OK when it succeeded, else the remote
 * error (naming the catalog) with *conn_failed telling whether the
 * connection itself failed. Clears res. */
static eng_rc result_ok(pg_state *st, pg_conn *conn, void *res,
                        bool *conn_failed, eng_error *err)
{
    PGresult *r = res;
    eng_rc rc = ENG_OK;
    if (!r || (PQresultStatus(r) != PGRES_COMMAND_OK &&
               PQresultStatus(r) != PGRES_TUPLES_OK)) {
        *conn_failed = pg_session_conn_error(conn, r);
        rc = pg_session_error(st, conn, r, err);
    }
    PQclear(r);
    return rc;
}

#define SPLIT_BEGIN "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY"

/* Range 0: opens the transaction, exports its snapshot into g. */
static eng_rc export_snapshot(pg_state *st, pg_conn *conn, const pg_wait *w,
                              pg_split *g, bool *conn_failed, eng_error *err)
{
    void *res = NULL;
    eng_rc rc = traced(st, conn, w, SPLIT_BEGIN, &res, err);
    if (rc != ENG_OK || (rc = result_ok(st, conn, res, conn_failed, err)))
        return rc;
    rc = traced(st, conn, w, "SELECT pg_export_snapshot()", &res, err);
    if (rc != ENG_OK)
        return rc;
    PGresult *r = res;
    if (r && PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 &&
        PQgetlength(r, 0, 0) > 0 &&
        (size_t)PQgetlength(r, 0, 0) < sizeof g->snapshot) {
        pthread_mutex_lock(&g->mu);
        memcpy(g->snapshot, PQgetvalue(r, 0, 0),
               (size_t)PQgetlength(r, 0, 0) + 1);
        g->phase = SPLIT_READY;
        pthread_cond_broadcast(&g->cv);
        pthread_mutex_unlock(&g->mu);
        PQclear(r);
        return ENG_OK;
    }
    if (r && PQresultStatus(r) == PGRES_TUPLES_OK) {
        PQclear(r);
        eng_err_set(err, ENG_ERR_PROTOCOL_VIOLATION, 0,
                    "Catalog '%s': pg_export_snapshot() returned no "
                    "snapshot id", st->name);
        eng_err_set_source(err, st->name);
        return ENG_ERROR;
    }
    return result_ok(st, conn, r, conn_failed, err);
}

/* Range i > 0: waits for range 0's snapshot, then opens its transaction
 * in it. */
static eng_rc import_snapshot(pg_state *st, pg_conn *conn, const pg_wait *w,
                              pg_split *g, bool *conn_failed, eng_error *err)
{
    char sql[sizeof SPLIT_BEGIN + 96];
    void *res = NULL;
    eng_rc rc = ENG_OK;
    pthread_mutex_lock(&g->mu);
    while (g->phase == SPLIT_WAIT && rc == ENG_OK)
        rc = wait_tick(st, g, w, err);
    if (rc == ENG_OK && g->phase == SPLIT_FAILED) {
        *err = g->err;           /* range 0's error: the query's cause */
        rc = ENG_ERROR;
    }
    if (rc == ENG_OK)
        snprintf(sql, sizeof sql, "%s; SET TRANSACTION SNAPSHOT '%s'",
                 SPLIT_BEGIN, g->snapshot);
    pthread_mutex_unlock(&g->mu);
    if (rc != ENG_OK)
        return rc;
    /* the id is PostgreSQL's own text: hex digits and dashes */
    if ((rc = traced(st, conn, w, sql, &res, err)) != ENG_OK)
        return rc;
    return result_ok(st, conn, res, conn_failed, err);
}

/*
 * Opens range `part`'s transaction on conn in the group's snapshot
 * (range 0 exports it, the others wait for it and import it; see the
 * file comment). ENG_OK: the range is in the snapshot and an importer is
 * counted as started. Otherwise err is set (*conn_failed when the
 * connection itself failed, which a reused connection may retry once on
 * a fresh one; the caller closes or pools conn) and the caller calls
 * pg_split_abandon unless it retries.
 */
eng_rc pg_split_begin(pg_state *st, pg_conn *conn, const pg_wait *w,
                      void *group, int part, bool *conn_failed,
                      eng_error *err)
{
    pg_split *g = group;
    eng_rc rc;
    *conn_failed = false;
    if (part == 0)
        return export_snapshot(st, conn, w, g, conn_failed, err);
    rc = import_snapshot(st, conn, w, g, conn_failed, err);
    if (rc == ENG_OK)
        settle(g, part);
    return rc;
}

/*
 * Range `part` gives up for good (it failed, or was cancelled, before its
 * snapshot was in place, or it never ran): range 0 fails the group with
 * err (NULL: a cancel), so the ranges waiting for its snapshot stop; any
 * other range stops counting for range 0's wait.
 */
void pg_split_abandon(void *group, int part, const eng_error *err)
{
    pg_split *g = group;
    if (!g)
        return;
    if (part > 0) {
        settle(g, part);
        return;
    }
    pthread_mutex_lock(&g->mu);
    if (g->phase == SPLIT_WAIT) {
        g->phase = SPLIT_FAILED;
        if (err)
            g->err = *err;
        else
            eng_err_set(&g->err, ENG_ERR_OPERATION_CANCELED, 0,
                        "query canceled");
        pthread_cond_broadcast(&g->cv);
    }
    pthread_mutex_unlock(&g->mu);
}

/*
 * Ends range `part`'s transaction once its COPY has ended: range 0 first
 * waits until every other range has imported its snapshot or given up;
 * then COMMIT. ENG_OK when conn may go back to the pool; otherwise (a
 * wait stopped by w, a failed COMMIT) the caller closes it, which ends
 * the read-only transaction as well.
 */
eng_rc pg_split_end(pg_state *st, pg_conn *conn, const pg_wait *w,
                    void *group, int part, eng_error *err)
{
    pg_split *g = group;
    void *res = NULL;
    bool conn_failed;
    eng_rc rc = ENG_OK;
    if (part == 0) {
        pthread_mutex_lock(&g->mu);
        while (g->pending > 0 && rc == ENG_OK)
            rc = wait_tick(st, g, w, err);
        pthread_mutex_unlock(&g->mu);
        if (rc != ENG_OK)
            return rc;
    }
    if ((rc = traced(st, conn, w, "COMMIT", &res, err)) != ENG_OK)
        return rc;
    return result_ok(st, conn, res, &conn_failed, err);
}

/*
 * Writes range spec->split_part's condition (file comment) into buf:
 * "ctid >= '(a,0)'::tid AND ctid < '(b,0)'::tid" or one of its halves.
 */
void pg_split_cond(const eng_scan_spec *spec, char *buf, size_t cap)
{
    int n = spec->split_n, i = spec->split_part;
    int64_t pages = spec->split_pages > n ? spec->split_pages : n;
    long long lo = (long long)(pages * i / n);
    long long hi = (long long)(pages * (i + 1) / n);
    if (i == 0)
        snprintf(buf, cap, "ctid < '(%lld,0)'::tid", hi);
    else if (i == n - 1)
        snprintf(buf, cap, "ctid >= '(%lld,0)'::tid", lo);
    else
        snprintf(buf, cap, "ctid >= '(%lld,0)'::tid AND ctid < '(%lld,0)'::tid",
                 lo, hi);
}
