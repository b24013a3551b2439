/*
 * driver/api_exit.c
 *   The entry and exit steps every ODBC entry point shares: handle
 *   validation, locking, clearing diagnostics, and the single place where
 *   an out-of-memory condition becomes SQL_ERROR + HY001 (rule 8).
 * Interface: api_env_enter, api_dbc_enter, api_stmt_enter, api_desc_enter,
 *   api_env_exit, api_dbc_exit, api_stmt_exit, api_desc_exit, api_rc_merge.
 * Not here: the entry points themselves (odbc_api.c, odbc_apiw.c).
 *
 * Locks: an env call holds the env mutex; dbc, stmt and desc calls hold
 * the connection's mutex. The HY001 record is preallocated in every
 * diagnostic list (diag.c), so the exit path never allocates.
 */
#include "driver.h"

/* Worse of two return codes: ERROR > SWI > SUCCESS (NO_DATA kept). */
SQLRETURN api_rc_merge(SQLRETURN a, SQLRETURN b)
{
    if (a == SQL_ERROR || b == SQL_ERROR)
        return SQL_ERROR;
    if (a == SQL_SUCCESS_WITH_INFO || b == SQL_SUCCESS_WITH_INFO)
        return SQL_SUCCESS_WITH_INFO;
    return a == SQL_SUCCESS ? b : a;
}

/* Final return code of a call given its diagnostic list. */
static SQLRETURN finish(diag_list *d, SQLRETURN rc)
{
    if (d->oom && rc != SQL_INVALID_HANDLE)
        rc = SQL_ERROR;
    d->rc = rc;
    return rc;
}

/* Validates and locks an environment handle. */
drv_env *api_env_enter(SQLHENV h, const char *fn)
{
    drv_env *e = h;
    if (!e || e->magic != DRV_ENV_MAGIC)
        return NULL;
    pthread_mutex_lock(&e->mu);
    diag_clear(&e->diag);
    trace_call(NULL, fn, "env", h);
    return e;
}

/* True when the statement's prepared SQL has parameter markers: its
 * remote SQL is traced with literals masked (trace_mask_values). */
static bool stmt_has_params(const drv_stmt *s)
{
    return s->es && eng_stmt_nparams(s->es) > 0;
}

/* Same for any statement of the connection (c's lock held). */
static bool dbc_has_params(const drv_dbc *c)
{
    for (const drv_stmt *s = c->stmts; s; s = s->next)
        if (stmt_has_params(s))
            return true;
    return false;
}

/* Validates and locks a connection handle. */
drv_dbc *api_dbc_enter(SQLHDBC h, bool clear, const char *fn)
{
    drv_dbc *c = h;
    if (!c || c->magic != DRV_DBC_MAGIC)
        return NULL;
    pthread_mutex_lock(&c->mu);
    if (clear)
        diag_clear(&c->diag);
    trace_call(c->trace_sink, fn, "dbc", h);
    if (trace_on())   /* SQLDisconnect, SQLEndTran... may end scans */
        trace_mask_values(dbc_has_params(c));
    return c;
}

/* Validates a statement handle and locks its connection. */
drv_stmt *api_stmt_enter(SQLHSTMT h, bool clear, const char *fn)
{
    drv_stmt *s = h;
    if (!s || s->magic != DRV_STMT_MAGIC)
        return NULL;
    pthread_mutex_lock(&s->dbc->mu);
    if (clear)
        diag_clear(&s->diag);
    trace_call(s->dbc->trace_sink, fn, "stmt", h);
    if (trace_on())
        trace_mask_values(stmt_has_params(s));
    return s;
}

/* Validates a descriptor handle and locks its connection. */
drv_desc *api_desc_enter(SQLHDESC h, bool clear, const char *fn)
{
    drv_desc *d = h;
    if (!d || d->magic != DRV_DESC_MAGIC)
        return NULL;
    pthread_mutex_lock(desc_mutex(d));
    if (clear)
        diag_clear(&d->diag);
    trace_call(d->dbc->trace_sink, fn, "desc", h);
    return d;
}

/* Exit for env calls: final code recorded on e, e's lock released. */
SQLRETURN api_env_exit(drv_env *e, SQLRETURN rc)
{
    rc = finish(&e->diag, rc);
    trace_return(rc);
    pthread_mutex_unlock(&e->mu);
    return rc;
}

/* Exit for dbc calls: final code recorded on c, c's lock released. */
SQLRETURN api_dbc_exit(drv_dbc *c, SQLRETURN rc)
{
    rc = finish(&c->diag, rc);
    trace_return(rc);
    pthread_mutex_unlock(&c->mu);
    return rc;
}

/* Exit for stmt calls: final code recorded on s, the dbc lock released. */
SQLRETURN api_stmt_exit(drv_stmt *s, SQLRETURN rc)
{
    rc = finish(&s->diag, rc);
    trace_return(rc);
    pthread_mutex_unlock(&s->dbc->mu);
    return rc;
}

/* Exit for desc calls: final code recorded on d, the dbc lock released. */
SQLRETURN api_desc_exit(drv_desc *d, SQLRETURN rc)
{
    rc = finish(&d->diag, rc);
    trace_return(rc);
    pthread_mutex_unlock(desc_mutex(d));
    return rc;
}

/* The mutex guarding h: the env's, or the connection's for the rest. */
pthread_mutex_t *api_handle_mutex(SQLSMALLINT htype, SQLHANDLE h)
{
    if (!h)
        return NULL;
    switch (htype) {
    case SQL_HANDLE_ENV:
        return ((drv_env *)h)->magic == DRV_ENV_MAGIC ? &((drv_env *)h)->mu
                                                      : NULL;
    case SQL_HANDLE_DBC:
        return ((drv_dbc *)h)->magic == DRV_DBC_MAGIC ? &((drv_dbc *)h)->mu
                                                      : NULL;
    case SQL_HANDLE_STMT:
        return ((drv_stmt *)h)->magic == DRV_STMT_MAGIC
                   ? &((drv_stmt *)h)->dbc->mu : NULL;
    case SQL_HANDLE_DESC:
        return ((drv_desc *)h)->magic == DRV_DESC_MAGIC
                   ? desc_mutex((drv_desc *)h) : NULL;
    default:
        return NULL;
    }
}

/*
 * SQLAllocHandle: an environment needs no input handle; a connection is
 * allocated on an env, a statement or a descriptor on a connection.
 */
SQLRETURN api_alloc_handle(SQLSMALLINT htype, SQLHANDLE in, SQLHANDLE *out)
{
    if (!out)
        return SQL_ERROR;
    switch (htype) {
    case SQL_HANDLE_ENV:
        return env_alloc(out);
    case SQL_HANDLE_DBC: {
        drv_env *e = api_env_enter(in, "SQLAllocHandle(DBC)");
        if (!e)
            return SQL_INVALID_HANDLE;
        return api_env_exit(e, dbc_alloc(e, out));
    }
    case SQL_HANDLE_STMT: {
        drv_dbc *c = api_dbc_enter(in, true, "SQLAllocHandle(STMT)");
        if (!c)
            return SQL_INVALID_HANDLE;
        return api_dbc_exit(c, stmt_alloc(c, out));
    }
    case SQL_HANDLE_DESC: {
        drv_dbc *c = api_dbc_enter(in, true, "SQLAllocHandle(DESC)");
        if (!c)
            return SQL_INVALID_HANDLE;
        return api_dbc_exit(c, desc_alloc(c, out));
    }
    default:
        return SQL_ERROR;
    }
}

/* SQLFreeHandle: validates h, then frees it under its parent's lock. */
SQLRETURN api_free_handle(SQLSMALLINT htype, SQLHANDLE h)
{
    if (!api_handle_mutex(htype, h))
        return SQL_INVALID_HANDLE;
    trace_log("SQLFreeHandle(%d, %p)", (int)htype, h);
    switch (htype) {
    case SQL_HANDLE_ENV:
        return env_free(h);
    case SQL_HANDLE_DBC:
        return dbc_free(h);
    case SQL_HANDLE_STMT: {
        drv_stmt *s = h;
        drv_dbc *c = s->dbc;
        pthread_mutex_lock(&c->mu);
        /* freeing ends the statement's scans: their remote SQL goes to
         * the connection's trace */
        trace_call(c->trace_sink, "SQLFreeHandle(STMT)", "stmt", h);
        if (trace_on())
            trace_mask_values(stmt_has_params(s));
        SQLRETURN rc = stmt_free(s);
        trace_return(rc);
        pthread_mutex_unlock(&c->mu);
        return rc;
    }
    default: {
        drv_desc *d = h;
        pthread_mutex_t *mu = desc_mutex(d);
        pthread_mutex_lock(mu);
        diag_clear(&d->diag);
        SQLRETURN rc = desc_free(d);
        pthread_mutex_unlock(mu);
        return rc;
    }
    }
}

/* SQLEndTran on a connection, or on every connection of an env. */
SQLRETURN api_end_tran(SQLSMALLINT htype, SQLHANDLE h, SQLSMALLINT op)
{
    if (htype == SQL_HANDLE_DBC) {
        drv_dbc *c = api_dbc_enter(h, true, "SQLEndTran");
        if (!c)
            return SQL_INVALID_HANDLE;
        return api_dbc_exit(c, dbc_end_tran(c, op));
    }
    if (htype != SQL_HANDLE_ENV)
        return SQL_ERROR;
    drv_env *e = api_env_enter(h, "SQLEndTran");
    if (!e)
        return SQL_INVALID_HANDLE;
    SQLRETURN rc = SQL_SUCCESS;
    if (op != SQL_COMMIT && op != SQL_ROLLBACK)
        return api_env_exit(e, diag_pushf(&e->diag, "HY012", "invalid "
                            "transaction operation code %d", (int)op));
    /* every open connection of the environment, each under its own lock;
       a failure on one does not stop the others (ODBC: 25S01 then) */
    int failed = 0, done = 0;
    for (drv_dbc *c = e->dbcs; c; c = c->next) {
        pthread_mutex_lock(&c->mu);
        if (c->conn) {
            diag_clear(&c->diag);
            if (!SQL_SUCCEEDED(dbc_end_tran(c, op)))
                failed++;
            else
                done++;
        }
        pthread_mutex_unlock(&c->mu);
    }
    if (failed)
        rc = diag_pushf(&e->diag, "25S01", "transaction state unknown: "
                        "%d of %d connections could not %s (see each "
                        "connection's diagnostics)", failed, failed + done,
                        op == SQL_COMMIT ? "commit" : "roll back");
    return api_env_exit(e, rc);
}
