/*
 * driver/stmt.c
 *   The statement handle: allocation with its four implicit descriptors,
 *   release, SQLFreeStmt options, SQLCloseCursor, SQLCancel and statement
 *   attributes.
 * Interface: stmt_alloc, stmt_free, stmt_free_stmt, stmt_close_cursor,
 *   stmt_cancel, stmt_set_attr, stmt_get_attr, stmt_reset, stmt_scratch,
 *   stmt_odbc_ver.
 * Not here: preparing and executing (exec.c), fetching (fetch.c),
 *   descriptor fields (desc.c).
 *
 * States: ST_ALLOC (no text) -> ST_PREPARED (eng_stmt exists) ->
 * ST_EXECUTED (no result set) or ST_CURSOR (open cursor). Closing the
 * cursor returns to ST_PREPARED; a new text frees the old eng_stmt.
 * Cursors are forward-only (the default) or static (scroll.c); keyset
 * and dynamic requests become static with 01S02 (option value changed).
 * Every cursor is read-only.
 */
#include <string.h>
#include "driver.h"

/* The ODBC version the application asked for (defaults to 3). */
SQLINTEGER stmt_odbc_ver(const drv_stmt *s)
{
    SQLINTEGER v = s->dbc->env->odbc_ver;
    return v ? v : (SQLINTEGER)SQL_OV_ODBC3;
}

/* Ensures the statement's scratch buffer holds n bytes; false on OOM. */
bool stmt_scratch(drv_stmt *s, size_t n)
{
    return eng_array_grow(NULL, &s->scratch, &s->scratch_cap, n, 1);
}

/* Allocates a statement on connection c (c locked). 08003 if closed. */
SQLRETURN stmt_alloc(drv_dbc *c, SQLHANDLE *out)
{
    *out = SQL_NULL_HSTMT;
    if (!c->conn)
        return diag_pushf(&c->diag, "08003", "connection not open");
    drv_stmt *s = eng_calloc(1, sizeof *s);
    if (!s)
        return diag_oom(&c->diag);
    s->magic = DRV_STMT_MAGIC;
    pthread_mutex_init(&s->cancel_mu, NULL);
    diag_init(&s->diag);
    s->dbc = c;
    desc_init(&s->ard_impl, DESC_ARD, c, s);
    desc_init(&s->apd_impl, DESC_APD, c, s);
    desc_init(&s->ird, DESC_IRD, c, s);
    desc_init(&s->ipd, DESC_IPD, c, s);
    s->ard = &s->ard_impl;
    s->apd = &s->apd_impl;
    s->rowcount = -1;
    s->cursor_type = SQL_CURSOR_FORWARD_ONLY;
    s->concurrency = SQL_CONCUR_READ_ONLY;
    s->retrieve_data = SQL_RD_ON;
    s->use_bookmarks = SQL_UB_OFF;
    s->cursor_scrollable = SQL_NONSCROLLABLE;
    s->cursor_sensitivity = SQL_INSENSITIVE;
    s->async_enable = SQL_ASYNC_ENABLE_OFF;
    s->metadata_id = c->metadata_id;
    s->noscan = c->noscan;
    s->simulate_cursor = SQL_SC_UNIQUE;
    s->next = c->stmts;
    c->stmts = s;
    *out = s;
    return SQL_SUCCESS;
}

/* Closes any cursor and frees the engine statement (state ST_ALLOC). */
void stmt_reset(drv_stmt *s)
{
    stmt_close_cursor(s, false);
    param_reset(s);
    if (s->es) {
        /* not freed under a concurrent SQLCancel (stmt_cancel) */
        pthread_mutex_lock(&s->cancel_mu);
        eng_stmt *es = s->es;
        s->es = NULL;
        pthread_mutex_unlock(&s->cancel_mu);
        eng_stmt_free(es);
    }
    s->state = ST_ALLOC;
    s->executed_once = false;
    s->rowcount = -1;
}

/* Frees s (connection locked): its cursor, statement and descriptors. */
SQLRETURN stmt_free(drv_stmt *s)
{
    drv_dbc *c = s->dbc;
    stmt_reset(s);
    for (drv_stmt **p = &c->stmts; *p; p = &(*p)->next)
        if (*p == s) {
            *p = s->next;
            break;
        }
    desc_release(&s->ard_impl);
    desc_release(&s->apd_impl);
    desc_release(&s->ird);
    desc_release(&s->ipd);
    diag_free(&s->diag);
    eng_free(s->scratch);
    eng_arena_destroy(s->param_arena);
    eng_free(s->cursor_name);
    pthread_mutex_destroy(&s->cancel_mu);
    s->magic = DRV_DEAD_MAGIC;
    eng_free(s);
    return SQL_SUCCESS;
}

/*
 * Closes the open cursor (engine resources included). Without an open
 * cursor: 24000 when must_be_open (SQLCloseCursor), else nothing.
 */
SQLRETURN stmt_close_cursor(drv_stmt *s, bool must_be_open)
{
    s->pset_count = 0;     /* the rest of a parameter array's results go */
    if (s->state != ST_CURSOR) {
        if (s->state == ST_EXECUTED)
            s->state = ST_PREPARED;
        if (must_be_open)
            return diag_pushf(&s->diag, "24000",
                              "invalid cursor state: no cursor is open");
        return SQL_SUCCESS;
    }
    eng_stmt_close_cursor(s->es);
    cur_close(s);
    s->rs_start = 0;
    s->rs_rows = 0;
    s->rs_size = 0;
    s->state = ST_PREPARED;
    s->batch = NULL;
    s->batch_row = 0;
    s->eof = false;
    s->have_row = false;
    s->gd_col = 0;
    return SQL_SUCCESS;
}

/* SQLFreeStmt with SQL_CLOSE, SQL_UNBIND or SQL_RESET_PARAMS. */
SQLRETURN stmt_free_stmt(drv_stmt *s, SQLUSMALLINT option)
{
    switch (option) {
    case SQL_CLOSE:
        return stmt_close_cursor(s, false);
    case SQL_UNBIND:
        desc_unbind(s->ard);
        return SQL_SUCCESS;
    case SQL_RESET_PARAMS:
        desc_unbind(s->apd);
        desc_unbind(&s->ipd);
        return SQL_SUCCESS;
    default:
        return diag_pushf(&s->diag, "HY092", "invalid SQLFreeStmt option %u",
                          (unsigned)option);
    }
}

/*
 * SQLCancel: called WITHOUT the connection lock; asks the engine to stop
 * the execution of the SQLExecute / SQLExecDirect call in progress
 * (which then fails with HY008), also when that call has not reached the
 * execution yet (still preparing: cancel_pending; binding or planning:
 * the engine keeps the request until the next call's eng_cancel_reset).
 * Without a call in progress it has no effect.
 */
SQLRETURN stmt_cancel(drv_stmt *s)
{
    pthread_mutex_lock(&s->cancel_mu);
    if (s->es)
        eng_cancel(s->es);
    if (s->preparing)
        s->cancel_pending = true;
    pthread_mutex_unlock(&s->cancel_mu);
    /* SQLCancel while data-at-execution values are awaited ends that
     * state (the application's own thread: nothing runs meanwhile). */
    if (__atomic_load_n(&s->state, __ATOMIC_ACQUIRE) == ST_NEED_DATA) {
        pthread_mutex_lock(&s->dbc->mu);
        if (s->state == ST_NEED_DATA)
            param_reset(s);
        pthread_mutex_unlock(&s->dbc->mu);
    }
    return SQL_SUCCESS;
}

/* Reports that a requested attribute value was replaced (01S02). */
static SQLRETURN changed(drv_stmt *s, const char *what)
{
    return diag_pushf(&s->diag, "01S02", "option value changed: %s", what);
}

/*
 * SQLSetStmtAttr. Rowset, binding and status attributes go to the
 * descriptors; cursor attributes accept only forward-only read-only
 * values (others: 01S02 with the value kept, or HYC00); query timeout is
 * passed to the engine at execution.
 */
SQLRETURN stmt_set_attr(drv_stmt *s, SQLINTEGER attr, SQLPOINTER val,
                        SQLINTEGER len)
{
    (void)len;
    SQLULEN v = (SQLULEN)(uintptr_t)val;
    switch (attr) {
    case SQL_ATTR_ROW_ARRAY_SIZE:
        if (v < 1)
            return diag_pushf(&s->diag, "HY024", "invalid row array size 0");
        s->ard->array_size = v;
        return SQL_SUCCESS;
    case SQL_ROWSET_SIZE:       /* SQLExtendedFetch's rowset (ODBC 2) */
        if (v < 1)
            return diag_pushf(&s->diag, "HY024", "invalid rowset size 0");
        s->rowset_size = v;
        return SQL_SUCCESS;
    case SQL_ATTR_ROW_BIND_TYPE: s->ard->bind_type = v; return SQL_SUCCESS;
    case SQL_ATTR_ROW_STATUS_PTR: s->ird.array_status_ptr = val; return SQL_SUCCESS;
    case SQL_ATTR_ROWS_FETCHED_PTR: s->ird.rows_processed_ptr = val; return SQL_SUCCESS;
    case SQL_ATTR_ROW_BIND_OFFSET_PTR: s->ard->bind_offset_ptr = val; return SQL_SUCCESS;
    case SQL_ATTR_ROW_OPERATION_PTR: s->ard->array_status_ptr = val; return SQL_SUCCESS;
    case SQL_ATTR_PARAMSET_SIZE:
        if (v < 1)
            return diag_pushf(&s->diag, "HY024", "invalid paramset size 0");
        s->apd->array_size = v;
        return SQL_SUCCESS;
    case SQL_ATTR_PARAM_BIND_TYPE: s->apd->bind_type = v; return SQL_SUCCESS;
    case SQL_ATTR_PARAM_BIND_OFFSET_PTR: s->apd->bind_offset_ptr = val; return SQL_SUCCESS;
    case SQL_ATTR_PARAM_OPERATION_PTR: s->apd->array_status_ptr = val; return SQL_SUCCESS;
    case SQL_ATTR_PARAM_STATUS_PTR: s->ipd.array_status_ptr = val; return SQL_SUCCESS;
    case SQL_ATTR_PARAMS_PROCESSED_PTR: s->ipd.rows_processed_ptr = val; return SQL_SUCCESS;
    case SQL_ATTR_CURSOR_TYPE:
        if (s->state == ST_CURSOR)
            return diag_pushf(&s->diag, "24000", "invalid cursor state: "
                              "close the cursor before changing its type");
        if (v == SQL_CURSOR_FORWARD_ONLY || v == SQL_CURSOR_STATIC) {
            s->cursor_type = v;
            return SQL_SUCCESS;
        }
        if (v != SQL_CURSOR_KEYSET_DRIVEN && v != SQL_CURSOR_DYNAMIC)
            return diag_pushf(&s->diag, "HY024", "invalid cursor type %lu",
                              (unsigned long)v);
        s->cursor_type = SQL_CURSOR_STATIC;
        return changed(s, "keyset-driven and dynamic cursors are static");
    case SQL_ATTR_CONCURRENCY:
        /* cursors are never updated in place (SQLSetPos SQL_UPDATE is
           HYC00); SQLBulkOperations SQL_ADD inserts without one */
        s->concurrency = SQL_CONCUR_READ_ONLY;
        return v == SQL_CONCUR_READ_ONLY
                   ? SQL_SUCCESS : changed(s, "concurrency is read-only");
    case SQL_ATTR_CURSOR_SCROLLABLE:
        if (s->state == ST_CURSOR)
            return diag_pushf(&s->diag, "24000", "invalid cursor state: "
                              "close the cursor before changing it");
        if (v != SQL_NONSCROLLABLE && v != SQL_SCROLLABLE)
            return diag_pushf(&s->diag, "HY024", "invalid "
                              "SQL_ATTR_CURSOR_SCROLLABLE value %lu",
                              (unsigned long)v);
        /* scrollable cursors are static ones */
        s->cursor_type = v == SQL_SCROLLABLE ? SQL_CURSOR_STATIC
                                             : SQL_CURSOR_FORWARD_ONLY;
        return SQL_SUCCESS;
    case SQL_ATTR_CURSOR_SENSITIVITY:
        if (v == SQL_SENSITIVE)
            return diag_pushf(&s->diag, "HYC00",
                              "sensitive cursors are not supported");
        s->cursor_sensitivity = v;
        return SQL_SUCCESS;
    case SQL_ATTR_QUERY_TIMEOUT:
        s->query_timeout = v;
        if (s->es)
            eng_set_query_timeout(s->es, (unsigned)v);
        return SQL_SUCCESS;
    case SQL_ATTR_MAX_ROWS: s->max_rows = v; return SQL_SUCCESS;
    case SQL_ATTR_MAX_LENGTH: s->max_length = v; return SQL_SUCCESS;
    case SQL_ATTR_NOSCAN:
        /* SQL_NOSCAN_ON: the text goes to the engine without escape
           translation (escape.c) */
        if (v != SQL_NOSCAN_OFF && v != SQL_NOSCAN_ON)
            return diag_pushf(&s->diag, "HY024",
                              "invalid SQL_ATTR_NOSCAN value");
        s->noscan = v;
        return SQL_SUCCESS;
    case SQL_ATTR_RETRIEVE_DATA: s->retrieve_data = v; return SQL_SUCCESS;
    case SQL_ATTR_KEYSET_SIZE: s->keyset_size = v; return SQL_SUCCESS;
    case SQL_ATTR_SIMULATE_CURSOR: s->simulate_cursor = v; return SQL_SUCCESS;
    case SQL_ATTR_METADATA_ID: s->metadata_id = v ? SQL_TRUE : SQL_FALSE; return SQL_SUCCESS;
    case SQL_ATTR_USE_BOOKMARKS:
        if (v != SQL_UB_OFF && v != SQL_UB_VARIABLE && v != SQL_UB_ON)
            return diag_pushf(&s->diag, "HY024", "invalid "
                              "SQL_ATTR_USE_BOOKMARKS value %lu",
                              (unsigned long)v);
        if (s->state == ST_CURSOR)
            return diag_pushf(&s->diag, "24000", "invalid cursor state: "
                              "close the cursor before changing bookmarks");
        s->use_bookmarks = v;
        return SQL_SUCCESS;
    case SQL_ATTR_ASYNC_ENABLE:
        if (v != SQL_ASYNC_ENABLE_OFF)
            return diag_pushf(&s->diag, "HYC00", "asynchronous execution "
                              "is not supported");
        return SQL_SUCCESS;
    case SQL_ATTR_ENABLE_AUTO_IPD:
        if (v != SQL_FALSE)
            return diag_pushf(&s->diag, "HYC00", "automatic IPD population "
                              "is not supported");
        return SQL_SUCCESS;
    case SQL_ATTR_APP_ROW_DESC:
    case SQL_ATTR_APP_PARAM_DESC: {
        drv_desc *d = val;
        drv_desc *impl = attr == SQL_ATTR_APP_ROW_DESC ? &s->ard_impl
                                                       : &s->apd_impl;
        if (!d || d == impl) {
            *(attr == SQL_ATTR_APP_ROW_DESC ? &s->ard : &s->apd) = impl;
            return SQL_SUCCESS;
        }
        if (d->magic != DRV_DESC_MAGIC || d->alloc_type != SQL_DESC_ALLOC_USER
            || d->dbc != s->dbc)
            return diag_pushf(&s->diag, "HY017",
                              "invalid use of an automatically allocated "
                              "descriptor handle");
        *(attr == SQL_ATTR_APP_ROW_DESC ? &s->ard : &s->apd) = d;
        return SQL_SUCCESS;
    }
    case SQL_ATTR_IMP_ROW_DESC:
    case SQL_ATTR_IMP_PARAM_DESC:
    case SQL_ATTR_ROW_NUMBER:
        return diag_pushf(&s->diag, "HY024", "statement attribute %d is "
                          "read-only", (int)attr);
    case SQL_ATTR_FETCH_BOOKMARK_PTR:
        s->fetch_bookmark_ptr = val;
        return SQL_SUCCESS;
    default:
        return diag_pushf(&s->diag, "HY092", "invalid statement attribute %d",
                          (int)attr);
    }
}

/*
 * SQLGetStmtAttr: integer attributes as SQLULEN, pointers and descriptor
 * handles as pointers.
 */
SQLRETURN stmt_get_attr(drv_stmt *s, SQLINTEGER attr, SQLPOINTER val,
                        SQLINTEGER buflen, SQLINTEGER *outlen)
{
    (void)buflen;
    SQLULEN v;
    void *p;
    switch (attr) {
    case SQL_ATTR_APP_ROW_DESC: p = s->ard; goto ptr;
    case SQL_ATTR_APP_PARAM_DESC: p = s->apd; goto ptr;
    case SQL_ATTR_IMP_ROW_DESC: p = &s->ird; goto ptr;
    case SQL_ATTR_IMP_PARAM_DESC: p = &s->ipd; goto ptr;
    case SQL_ATTR_ROW_STATUS_PTR: p = s->ird.array_status_ptr; goto ptr;
    case SQL_ATTR_ROWS_FETCHED_PTR: p = s->ird.rows_processed_ptr; goto ptr;
    case SQL_ATTR_ROW_BIND_OFFSET_PTR: p = s->ard->bind_offset_ptr; goto ptr;
    case SQL_ATTR_ROW_OPERATION_PTR: p = s->ard->array_status_ptr; goto ptr;
    case SQL_ATTR_PARAM_BIND_OFFSET_PTR: p = s->apd->bind_offset_ptr; goto ptr;
    case SQL_ATTR_PARAM_OPERATION_PTR: p = s->apd->array_status_ptr; goto ptr;
    case SQL_ATTR_PARAM_STATUS_PTR: p = s->ipd.array_status_ptr; goto ptr;
    case SQL_ATTR_PARAMS_PROCESSED_PTR: p = s->ipd.rows_processed_ptr; goto ptr;
    case SQL_ATTR_FETCH_BOOKMARK_PTR: p = s->fetch_bookmark_ptr; goto ptr;
    case SQL_ATTR_ROW_ARRAY_SIZE: v = s->ard->array_size; break;
    case SQL_ROWSET_SIZE: v = s->rowset_size ? s->rowset_size : 1; break;
    case SQL_ATTR_ROW_BIND_TYPE: v = s->ard->bind_type; break;
    case SQL_ATTR_PARAMSET_SIZE: v = s->apd->array_size; break;
    case SQL_ATTR_PARAM_BIND_TYPE: v = s->apd->bind_type; break;
    case SQL_ATTR_CURSOR_TYPE: v = s->cursor_type; break;
    case SQL_ATTR_CONCURRENCY: v = s->concurrency; break;
    case SQL_ATTR_CURSOR_SCROLLABLE:
        v = s->cursor_type == SQL_CURSOR_FORWARD_ONLY ? SQL_NONSCROLLABLE
                                                      : SQL_SCROLLABLE;
        break;
    case SQL_ATTR_CURSOR_SENSITIVITY: v = s->cursor_sensitivity; break;
    case SQL_ATTR_QUERY_TIMEOUT: v = s->query_timeout; break;
    case SQL_ATTR_MAX_ROWS: v = s->max_rows; break;
    case SQL_ATTR_MAX_LENGTH: v = s->max_length; break;
    case SQL_ATTR_NOSCAN: v = s->noscan; break;
    case SQL_ATTR_RETRIEVE_DATA: v = s->retrieve_data; break;
    case SQL_ATTR_KEYSET_SIZE: v = s->keyset_size; break;
    case SQL_ATTR_SIMULATE_CURSOR: v = s->simulate_cursor; break;
    case SQL_ATTR_METADATA_ID: v = s->metadata_id; break;
    case SQL_ATTR_USE_BOOKMARKS: v = s->use_bookmarks; break;
    case SQL_ATTR_ASYNC_ENABLE: v = SQL_ASYNC_ENABLE_OFF; break;
    case SQL_ATTR_ENABLE_AUTO_IPD: v = SQL_FALSE; break;
    case SQL_ATTR_ROW_NUMBER:
        if (s->state != ST_CURSOR)
            return diag_pushf(&s->diag, "24000", "invalid cursor state: "
                              "no cursor is open");
        v = s->have_row ? (SQLULEN)s->row_number : 0;
        break;
    default:
        return diag_pushf(&s->diag, "HY092", "invalid statement attribute %d",
                          (int)attr);
    }
    if (val)
        *(SQLULEN *)val = v;
    if (outlen)
        *outlen = sizeof(SQLULEN);
    return SQL_SUCCESS;
ptr:
    if (val)
        *(void **)val = p;
    if (outlen)
        *outlen = sizeof(void *);
    return SQL_SUCCESS;
}
