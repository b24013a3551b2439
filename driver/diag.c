/*
 * driver/diag.c
 *   Diagnostic record lists, one per handle, and SQLGetDiagRec /
 *   SQLGetDiagField over them.
 * Interface: diag_init, diag_clear, diag_free, diag_push, diag_pushf,
 *   diag_pushf_odbc2, diag_pushrc, diag_engine, diag_oom, diag_count,
 *   diag_of, diag_get_rec, diag_get_field, drv_copy_str.
 * Not here: the ODBC 2.x state mapping and origins (sqlstate.c); clearing
 *   on entry (api_exit.c).
 *
 * Messages read "[MeshODBC] text", or "[MeshODBC][catalog] text" for an
 * engine error that names its source. When a record cannot be allocated
 * the list's `oom` flag is set: the HY001 record it stands for is static
 * and always reported first, so out-of-memory is reported without memory.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "driver.h"

static const char oom_msg[] = "[MeshODBC] memory allocation error (out of memory)";

/* Prepares an empty list. */
void diag_init(diag_list *d)
{
    memset(d, 0, sizeof *d);
    d->dyn_func = "";
}

/* Removes every record (and the OOM flag); keeps the array for reuse. */
void diag_clear(diag_list *d)
{
    for (int i = 0; i < d->n; i++)
        if (!d->recs[i].is_static)
            eng_free(d->recs[i].msg);
    d->n = 0;
    d->oom = false;
    d->rc = SQL_SUCCESS;
    d->row_count = 0;
    d->cursor_row_count = 0;
    d->dyn_func = "";
    d->dyn_code = 0;
}

/* Releases the list's memory. */
void diag_free(diag_list *d)
{
    diag_clear(d);
    eng_free(d->recs);
    d->recs = NULL;
    d->cap = 0;
}

/* Returns the ODBC return code a state implies (01xxx = warning). */
static SQLRETURN rc_of(const char *state)
{
    return (state[0] == '0' && state[1] == '1') ? SQL_SUCCESS_WITH_INFO
                                                : SQL_ERROR;
}

/* Marks out-of-memory on d; no allocation. Returns SQL_ERROR. */
SQLRETURN diag_oom(diag_list *d)
{
    d->oom = true;
    return SQL_ERROR;
}

/* Stores an already formatted message (prefix included, taken over). */
static SQLRETURN push_owned(diag_list *d, const char *state,
                            SQLINTEGER native, char *msg, SQLLEN row,
                            SQLINTEGER col)
{
    if (!msg)
        return diag_oom(d);
    if (d->n == d->cap &&
        !eng_array_grow(NULL, &d->recs, &d->cap, d->n + 1, sizeof *d->recs)) {
        eng_free(msg);
        return diag_oom(d);
    }
    diag_rec *r = &d->recs[d->n++];
    snprintf(r->state, sizeof r->state, "%.5s", state);
    r->state2[0] = '\0';
    r->native = native;
    r->msg = msg;
    r->is_static = false;
    r->row = row;
    r->col = col;
    trace_log("diag %s: %s", r->state, msg);
    return rc_of(state);
}

/* Formats "[MeshODBC]<src> body" into a new eng_malloc'ed string. */
static char *make_msg(const char *src, const char *body)
{
    size_t n = strlen(body) + (src ? strlen(src) + 2 : 0) + 16;
    char *m = eng_malloc(n);
    if (!m)
        return NULL;
    if (src && *src)
        snprintf(m, n, "[%s][%s] %s", DRV_NAME, src, body);
    else
        snprintf(m, n, "[%s] %s", DRV_NAME, body);
    return m;
}

/* Appends a record; see driver.h. */
SQLRETURN diag_push(diag_list *d, const char *state, SQLINTEGER native,
                    const char *msg, SQLLEN row, SQLINTEGER col)
{
    if (strcmp(state, ENG_ERR_OUT_OF_MEMORY) == 0)
        return diag_oom(d);
    return push_owned(d, state, native, make_msg(NULL, msg), row, col);
}

/* printf-style push without row and column numbers. */
SQLRETURN diag_pushf(diag_list *d, const char *state, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return diag_push(d, state, 0, buf, SQL_NO_ROW_NUMBER,
                     SQL_NO_COLUMN_NUMBER);
}

/* diag_pushf with the record's own ODBC 2.x state; see driver.h. */
SQLRETURN diag_pushf_odbc2(diag_list *d, const char *state,
                           const char *state2, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    int n = d->n;
    SQLRETURN rc = diag_push(d, state, 0, buf, SQL_NO_ROW_NUMBER,
                             SQL_NO_COLUMN_NUMBER);
    if (d->n == n + 1)   /* stored (not the OOM record) */
        snprintf(d->recs[n].state2, sizeof d->recs[n].state2, "%.5s",
                 state2);
    return rc;
}

/* printf-style push with a row and a column number. */
SQLRETURN diag_pushrc(diag_list *d, const char *state, SQLLEN row,
                      SQLINTEGER col, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return diag_push(d, state, 0, buf, row, col);
}

/* Records an engine error record; HY001 becomes the OOM record. */
SQLRETURN diag_engine(diag_list *d, const eng_error *e)
{
    const char *state = e->sqlstate[0] ? sqlstate_odbc3(e->sqlstate)
                                        : ENG_ERR_INTERNAL;
    if (strcmp(state, ENG_ERR_OUT_OF_MEMORY) == 0)
        return diag_oom(d);
    SQLRETURN rc = push_owned(d, state, e->native,
                              make_msg(e->source, e->message[0] ? e->message
                                                                : "error"),
                              SQL_NO_ROW_NUMBER, SQL_NO_COLUMN_NUMBER);
    return rc == SQL_SUCCESS_WITH_INFO ? rc : SQL_ERROR;
}

/* Number of records including the OOM one. */
int diag_count(const diag_list *d)
{
    return d->n + (d->oom ? 1 : 0);
}

/*
 * Returns the list of handle h of type htype (NULL if h is not a valid
 * handle of that type), its environment's ODBC version and the name to
 * report as server/connection name.
 */
diag_list *diag_of(SQLSMALLINT htype, SQLHANDLE h, SQLINTEGER *odbc_ver,
                   const char **server)
{
    drv_dbc *c = NULL;
    diag_list *d = NULL;
    *odbc_ver = SQL_OV_ODBC3;
    *server = "";
    if (!h)
        return NULL;
    switch (htype) {
    case SQL_HANDLE_ENV: {
        drv_env *e = h;
        if (e->magic != DRV_ENV_MAGIC)
            return NULL;
        if (e->odbc_ver)
            *odbc_ver = e->odbc_ver;
        return &e->diag;
    }
    case SQL_HANDLE_DBC:
        c = h;
        if (c->magic != DRV_DBC_MAGIC)
            return NULL;
        d = &c->diag;
        break;
    case SQL_HANDLE_STMT: {
        drv_stmt *s = h;
        if (s->magic != DRV_STMT_MAGIC)
            return NULL;
        c = s->dbc;
        d = &s->diag;
        break;
    }
    case SQL_HANDLE_DESC: {
        drv_desc *ds = h;
        if (ds->magic != DRV_DESC_MAGIC)
            return NULL;
        c = ds->dbc;
        d = &ds->diag;
        break;
    }
    default:
        return NULL;
    }
    if (c->env->odbc_ver)
        *odbc_ver = c->env->odbc_ver;
    *server = c->dsn ? c->dsn : "";
    return d;
}

/* Copies src into buf; see driver.h. */
bool drv_copy_str(const char *src, SQLLEN srclen, char *buf, SQLLEN buflen,
                  SQLLEN *outlen)
{
    if (!src)
        src = "";
    size_t n = srclen < 0 ? strlen(src) : (size_t)srclen;
    if (outlen)
        *outlen = (SQLLEN)n;
    if (!buf)
        return false;
    if (buflen <= 0)
        return n > 0;
    size_t k = n;
    bool trunc = false;
    if (k >= (size_t)buflen) {
        k = (size_t)buflen - 1;
        /* do not cut a UTF-8 sequence in two */
        while (k > 0 && ((unsigned char)src[k] & 0xC0) == 0x80)
            k--;
        trunc = true;
    }
    memcpy(buf, src, k);
    buf[k] = '\0';
    return trunc;
}

/*
 * Returns record recno (1-based) of d as state/native/msg; *state is the
 * ODBC 2.x state when ver is SQL_OV_ODBC2.
 */
static bool get_rec(const diag_list *d, int recno, SQLINTEGER ver,
                    const char **state, SQLINTEGER *native,
                    const char **msg, SQLLEN *row, SQLINTEGER *col)
{
    if (recno < 1 || recno > diag_count(d))
        return false;
    if (d->oom) {
        if (recno == 1) {
            *state = ver == SQL_OV_ODBC2 ? sqlstate_odbc2(ENG_ERR_OUT_OF_MEMORY)
                                         : ENG_ERR_OUT_OF_MEMORY;
            *native = 0;
            *msg = oom_msg;
            *row = SQL_NO_ROW_NUMBER;
            *col = SQL_NO_COLUMN_NUMBER;
            return true;
        }
        recno--;
    }
    const diag_rec *r = &d->recs[recno - 1];
    *state = ver != SQL_OV_ODBC2 ? r->state
             : r->state2[0]      ? r->state2
                                 : sqlstate_odbc2(r->state);
    *native = r->native;
    *msg = r->msg;
    *row = r->row;
    *col = r->col;
    return true;
}

/*
 * SQLGetDiagRec: state (6 bytes) and message (buflen bytes) of record
 * recno. Returns SQL_NO_DATA past the last record, SQL_ERROR for a bad
 * recno or buflen, SQL_SUCCESS_WITH_INFO when the message was truncated
 * (*textlen always gets the full length).
 */
SQLRETURN diag_get_rec(SQLSMALLINT htype, SQLHANDLE h, SQLSMALLINT recno,
                       char *state, SQLINTEGER *native, char *msg,
                       SQLSMALLINT buflen, SQLSMALLINT *textlen)
{
    SQLINTEGER ver;
    const char *server;
    diag_list *d = diag_of(htype, h, &ver, &server);
    if (!d)
        return SQL_INVALID_HANDLE;
    if (recno <= 0 || buflen < 0)
        return SQL_ERROR;
    const char *st, *m;
    SQLINTEGER nat;
    SQLLEN row;
    SQLINTEGER col;
    if (!get_rec(d, recno, ver, &st, &nat, &m, &row, &col))
        return SQL_NO_DATA;
    if (state)
        snprintf(state, 6, "%s", st);
    if (native)
        *native = nat;
    SQLLEN full;
    bool trunc = drv_copy_str(m, -1, msg, buflen, &full);
    if (textlen)
        *textlen = (SQLSMALLINT)(full > 32767 ? 32767 : full);
    return trunc ? SQL_SUCCESS_WITH_INFO : SQL_SUCCESS;
}

/* Writes a string diagnostic field; SWI on truncation. */
static SQLRETURN str_field(const char *v, SQLPOINTER buf, SQLSMALLINT buflen,
                           SQLSMALLINT *outlen)
{
    SQLLEN full;
    bool trunc = drv_copy_str(v, -1, buf, buflen, &full);
    if (outlen)
        *outlen = (SQLSMALLINT)full;
    return trunc ? SQL_SUCCESS_WITH_INFO : SQL_SUCCESS;
}

/*
 * SQLGetDiagField for header fields (recno ignored) and record fields.
 * String fields are returned in UTF-8. Returns SQL_NO_DATA for a record
 * past the end, SQL_ERROR for an unknown field or a header field asked of
 * the wrong handle type.
 */
SQLRETURN diag_get_field(SQLSMALLINT htype, SQLHANDLE h, SQLSMALLINT recno,
                         SQLSMALLINT id, SQLPOINTER buf, SQLSMALLINT buflen,
                         SQLSMALLINT *outlen)
{
    SQLINTEGER ver;
    const char *server;
    diag_list *d = diag_of(htype, h, &ver, &server);
    if (!d)
        return SQL_INVALID_HANDLE;
    switch (id) {  /* header fields */
    case SQL_DIAG_NUMBER:
        if (buf)
            *(SQLINTEGER *)buf = diag_count(d);
        return SQL_SUCCESS;
    case SQL_DIAG_RETURNCODE:
        if (buf)
            *(SQLRETURN *)buf = d->rc;
        return SQL_SUCCESS;
    case SQL_DIAG_ROW_COUNT:
    case SQL_DIAG_CURSOR_ROW_COUNT:
        if (htype != SQL_HANDLE_STMT)
            return SQL_ERROR;
        if (buf)
            *(SQLLEN *)buf = id == SQL_DIAG_ROW_COUNT ? d->row_count
                                                      : d->cursor_row_count;
        return SQL_SUCCESS;
    case SQL_DIAG_DYNAMIC_FUNCTION:
        if (htype != SQL_HANDLE_STMT)
            return SQL_ERROR;
        return str_field(d->dyn_func, buf, buflen, outlen);
    case SQL_DIAG_DYNAMIC_FUNCTION_CODE:
        if (htype != SQL_HANDLE_STMT)
            return SQL_ERROR;
        if (buf)
            *(SQLINTEGER *)buf = d->dyn_code;
        return SQL_SUCCESS;
    default:
        break;
    }
    const char *st, *m;
    SQLINTEGER nat;
    SQLLEN row;
    SQLINTEGER col;
    if (recno <= 0)
        return SQL_ERROR;
    /* st: the ODBC 3 state (the origins follow it); st_out: what
     * SQL_DIAG_SQLSTATE shows, the ODBC 2.x state for an ODBC 2 app */
    if (!get_rec(d, recno, SQL_OV_ODBC3, &st, &nat, &m, &row, &col))
        return SQL_NO_DATA;
    const char *st_out = st;
    get_rec(d, recno, ver, &st_out, &nat, &m, &row, &col);
    switch (id) {
    case SQL_DIAG_SQLSTATE:
        return str_field(st_out, buf, buflen, outlen);
    case SQL_DIAG_NATIVE:
        if (buf)
            *(SQLINTEGER *)buf = nat;
        return SQL_SUCCESS;
    case SQL_DIAG_MESSAGE_TEXT:
        return str_field(m, buf, buflen, outlen);
    case SQL_DIAG_CLASS_ORIGIN:
        return str_field(sqlstate_class_origin(st), buf, buflen, outlen);
    case SQL_DIAG_SUBCLASS_ORIGIN:
        return str_field(sqlstate_subclass_origin(st), buf, buflen, outlen);
    case SQL_DIAG_CONNECTION_NAME:
    case SQL_DIAG_SERVER_NAME:
        return str_field(htype == SQL_HANDLE_ENV ? "" : server, buf, buflen,
                         outlen);
    case SQL_DIAG_COLUMN_NUMBER:
        if (htype != SQL_HANDLE_STMT)
            return SQL_ERROR;
        if (buf)
            *(SQLINTEGER *)buf = col;
        return SQL_SUCCESS;
    case SQL_DIAG_ROW_NUMBER:
        if (htype != SQL_HANDLE_STMT)
            return SQL_ERROR;
        if (buf)
            *(SQLLEN *)buf = row;
        return SQL_SUCCESS;
    default:
        return SQL_ERROR;
    }
}
