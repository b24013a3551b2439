/*
 * driver/dbc.c
 *   The connection handle: allocation and release, connection attributes,
 *   SQLEndTran, SQLNativeSql and SQLGetFunctions.
 * Interface: dbc_alloc, dbc_free, dbc_set_attr, dbc_get_attr,
 *   dbc_attr_is_string, dbc_end_tran, dbc_native_sql, drv_translate,
 *   dbc_get_functions.
 * Not here: connecting (connect.c), SQLGetInfo (info.c), the escape
 *   translator itself (escape.c).
 *
 * Transactions: the engine keeps them (engine.h, eng_set_autocommit /
 * eng_end_txn); SQL_ATTR_AUTOCOMMIT and SQLEndTran hand them over.
 * Autocommit set before connecting takes effect at connect (connect.c).
 * SQL_ATTR_TXN_ISOLATION accepts READ COMMITTED, the only level.
 */
#include <string.h>
#include "driver.h"

/*
 * Allocates a connection on e into *out (e locked by the caller).
 * HY010 if the environment's ODBC version was never set; HY001 on OOM.
 */
SQLRETURN dbc_alloc(drv_env *e, SQLHANDLE *out)
{
    *out = SQL_NULL_HDBC;
    if (!e->odbc_ver)
        return diag_pushf(&e->diag, "HY010",
                          "function sequence error: set "
                          "SQL_ATTR_ODBC_VERSION before allocating a "
                          "connection");
    drv_dbc *c = eng_calloc(1, sizeof *c);
    if (!c)
        return diag_oom(&e->diag);
    c->magic = DRV_DBC_MAGIC;
    pthread_mutex_init(&c->mu, NULL);
    diag_init(&c->diag);
    c->env = e;
    c->autocommit = SQL_AUTOCOMMIT_ON;
    c->access_mode = SQL_MODE_READ_WRITE;
    c->login_timeout = 0;
    c->conn_timeout = 0;
    c->txn_isolation = SQL_TXN_READ_COMMITTED;   /* the only level */
    c->noscan = SQL_NOSCAN_OFF;
    c->odbc_cursors = SQL_CUR_USE_DRIVER;
    c->packet_size = 0;
    c->trace = SQL_OPT_TRACE_OFF;
    c->metadata_id = SQL_FALSE;
    c->async_enable = SQL_ASYNC_ENABLE_OFF;
    c->next = e->dbcs;
    e->dbcs = c;
    *out = c;
    return SQL_SUCCESS;
}

/*
 * Frees c (the caller holds no lock on c). HY010, leaving c alive, while
 * it is still connected.
 */
SQLRETURN dbc_free(drv_dbc *c)
{
    drv_env *e = c->env;
    pthread_mutex_lock(&c->mu);
    if (c->conn) {
        diag_clear(&c->diag);
        SQLRETURN rc = diag_pushf(&c->diag, "HY010",
                                  "function sequence error: disconnect "
                                  "before freeing the connection");
        c->diag.rc = rc;
        pthread_mutex_unlock(&c->mu);
        return rc;
    }
    while (c->descs)
        desc_free(c->descs);
    dbc_browse_end(c);
    c->magic = DRV_DEAD_MAGIC;
    pthread_mutex_unlock(&c->mu);
    pthread_mutex_lock(&e->mu);
    for (drv_dbc **p = &e->dbcs; *p; p = &(*p)->next)
        if (*p == c) {
            *p = c->next;
            break;
        }
    pthread_mutex_unlock(&e->mu);
    pthread_mutex_destroy(&c->mu);
    diag_free(&c->diag);
    eng_free(c->pending_catalog);
    eng_free(c->tracefile);
    eng_free(c->dsn);
    eng_free(c->user);
    eng_free(c->catalogs);
    eng_free(c->catalog);
    eng_free(c->schema);
    eng_free(c);
    return SQL_SUCCESS;
}

/* True for the connection attributes whose values are strings. */
bool dbc_attr_is_string(SQLINTEGER attr)
{
    return attr == SQL_ATTR_CURRENT_CATALOG || attr == SQL_ATTR_TRACEFILE ||
           attr == SQL_ATTR_TRANSLATE_LIB;
}

/* Copies a string attribute argument (len bytes or SQL_NTS). */
static char *attr_str(SQLPOINTER val, SQLINTEGER len)
{
    const char *s = val ? val : "";
    size_t n = len == SQL_NTS || len < 0 ? strlen(s) : (size_t)len;
    char *p = eng_malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

/* Sets the current catalog (engine default, or pending before connect). */
static SQLRETURN set_catalog(drv_dbc *c, SQLPOINTER val, SQLINTEGER len)
{
    char *cat = attr_str(val, len);
    if (!cat)
        return diag_oom(&c->diag);
    if (!c->conn) {
        eng_free(c->pending_catalog);
        c->pending_catalog = cat;
        return SQL_SUCCESS;
    }
    eng_error err;
    eng_err_clear(&err);
    eng_rc rc = eng_set_default(c->conn, *cat ? cat : NULL,
                                eng_get_default_schema(c->conn), &err);
    eng_free(cat);
    if (rc != ENG_OK)
        return rc == ENG_NOMEM ? diag_oom(&c->diag)
                               : diag_engine(&c->diag, &err);
    return SQL_SUCCESS;
}

/*
 * SQLSetConnectAttr. Supported: autocommit (both values), access mode,
 * current catalog, login/connection timeout, ODBC cursors, packet size,
 * quiet mode, trace/tracefile, metadata id, async enable (off only),
 * SQL_ATTR_NOSCAN (as a default for the statements). Unknown attributes:
 * HY092; known but unsupported ones (transaction isolation, translation,
 * DTC enlistment): HYC00.
 */
SQLRETURN dbc_set_attr(drv_dbc *c, SQLINTEGER attr, SQLPOINTER val,
                       SQLINTEGER len)
{
    SQLUINTEGER v = (SQLUINTEGER)(uintptr_t)val;
    switch (attr) {
    case SQL_ATTR_AUTOCOMMIT:
        if (v != SQL_AUTOCOMMIT_ON && v != SQL_AUTOCOMMIT_OFF)
            return diag_pushf(&c->diag, "HY024",
                              "invalid SQL_ATTR_AUTOCOMMIT value %lu",
                              (unsigned long)v);
        if (c->conn && v != c->autocommit) {
            /* on: commits the transaction in progress (ODBC); autocommit
               is on even if that commit fails (it rolled back) */
            eng_error err;
            eng_err_clear(&err);
            eng_rc rc = eng_set_autocommit(c->conn, v == SQL_AUTOCOMMIT_ON,
                                           &err);
            c->autocommit = v;
            if (rc != ENG_OK)
                return rc == ENG_NOMEM ? diag_oom(&c->diag)
                                       : diag_engine(&c->diag, &err);
        }
        c->autocommit = v;
        return SQL_SUCCESS;
    case SQL_ATTR_ACCESS_MODE:
        if (v != SQL_MODE_READ_ONLY && v != SQL_MODE_READ_WRITE)
            return diag_pushf(&c->diag, "HY024",
                              "invalid SQL_ATTR_ACCESS_MODE value");
        c->access_mode = v;
        return SQL_SUCCESS;
    case SQL_ATTR_CURRENT_CATALOG:
        return set_catalog(c, val, len);
    case SQL_ATTR_LOGIN_TIMEOUT:
        c->login_timeout = v;
        return SQL_SUCCESS;
    case SQL_ATTR_CONNECTION_TIMEOUT:
        c->conn_timeout = v;
        return SQL_SUCCESS;
    case SQL_ATTR_TXN_ISOLATION:
        /* the levels of SQL_TXN_ISOLATION_OPTION: the engine's (info.c) */
        if (v != SQL_TXN_READ_UNCOMMITTED && v != SQL_TXN_READ_COMMITTED &&
            v != SQL_TXN_REPEATABLE_READ && v != SQL_TXN_SERIALIZABLE)
            return diag_pushf(&c->diag, "HY024",
                              "invalid SQL_ATTR_TXN_ISOLATION value");
        if (c->conn && eng_txn_in_progress(c->conn))
            return diag_pushf(&c->diag, "HY011", "attribute cannot be set "
                              "now: a transaction is in progress");
        if (c->conn) {
            eng_error err;
            eng_err_clear(&err);
            if (eng_set_isolation(c->conn, dbc_isolation_from_odbc(v), &err) != ENG_OK)
                return diag_pushf(&c->diag, "HYC00", "%s", err.message);
        } else if (v != SQL_TXN_READ_COMMITTED)
            /* before connecting: the embedded engine's one level (a
               Trino-mode connection takes the others once connected) */
            return diag_pushf(&c->diag, "HYC00", "transaction isolation "
                              "level %s is not supported: transactions run "
                              "at READ COMMITTED",
                              v == SQL_TXN_READ_UNCOMMITTED ? "READ UNCOMMITTED"
                              : v == SQL_TXN_REPEATABLE_READ ? "REPEATABLE READ"
                              : "SERIALIZABLE");
        c->txn_isolation = v;
        c->txn_isolation_set = true;
        return SQL_SUCCESS;
    case SQL_ATTR_NOSCAN:
        /* ODBC 2 connection-level statement option: the default for new
           statements, and the value of every current one */
        if (v != SQL_NOSCAN_OFF && v != SQL_NOSCAN_ON)
            return diag_pushf(&c->diag, "HY024",
                              "invalid SQL_ATTR_NOSCAN value");
        c->noscan = v;
        for (drv_stmt *s = c->stmts; s; s = s->next)
            s->noscan = v;
        return SQL_SUCCESS;
    case SQL_ATTR_ODBC_CURSORS:
        c->odbc_cursors = v;
        return SQL_SUCCESS;
    case SQL_ATTR_PACKET_SIZE:
        c->packet_size = v;
        return SQL_SUCCESS;
    case SQL_ATTR_QUIET_MODE:
        c->quiet_mode = val;
        return SQL_SUCCESS;
    case SQL_ATTR_TRACE:
        c->trace = v;
        return SQL_SUCCESS;
    case SQL_ATTR_TRACEFILE: {
        char *f = attr_str(val, len);
        if (!f)
            return diag_oom(&c->diag);
        eng_free(c->tracefile);
        c->tracefile = f;
        return SQL_SUCCESS;
    }
    case SQL_ATTR_METADATA_ID:
        c->metadata_id = v ? SQL_TRUE : SQL_FALSE;
        return SQL_SUCCESS;
    case SQL_ATTR_ASYNC_ENABLE:
        if (v != SQL_ASYNC_ENABLE_OFF)
            return diag_pushf(&c->diag, "HYC00",
                              "asynchronous execution is not supported");
        return SQL_SUCCESS;
    case SQL_ATTR_CONNECTION_DEAD:
        return diag_pushf(&c->diag, "HY092",
                          "SQL_ATTR_CONNECTION_DEAD is read-only");
    case MESH_ATTR_REFRESH_METADATA:
        if (!c->conn)
            return diag_pushf(&c->diag, "08003", "connection not open");
        eng_refresh_metadata(c->conn);
        return SQL_SUCCESS;
    case MESH_ATTR_METADATA_MISSES:
        return diag_pushf(&c->diag, "HY092", "MESH_ATTR_METADATA_MISSES "
                          "is read-only");
    case SQL_ATTR_TRANSLATE_LIB:
    case SQL_ATTR_TRANSLATE_OPTION:
    case SQL_ATTR_ENLIST_IN_DTC:
        return diag_pushf(&c->diag, "HYC00",
                          "connection attribute %d is not supported",
                          (int)attr);
    default:
        return diag_pushf(&c->diag, "HY092",
                          "invalid connection attribute %d", (int)attr);
    }
}

/*
 * SQLGetConnectAttr: integer attributes are written as SQLUINTEGER,
 * string ones (UTF-8) with 01004 on truncation.
 */
SQLRETURN dbc_get_attr(drv_dbc *c, SQLINTEGER attr, SQLPOINTER val,
                       SQLINTEGER buflen, SQLINTEGER *outlen)
{
    SQLUINTEGER v;
    const char *s = NULL;
    switch (attr) {
    case SQL_ATTR_AUTOCOMMIT: v = c->autocommit; break;
    case SQL_ATTR_ACCESS_MODE: v = c->access_mode; break;
    case SQL_ATTR_LOGIN_TIMEOUT: v = c->login_timeout; break;
    case SQL_ATTR_CONNECTION_TIMEOUT: v = c->conn_timeout; break;
    case SQL_ATTR_TXN_ISOLATION: v = c->txn_isolation; break;
    case SQL_ATTR_NOSCAN: v = (SQLUINTEGER)c->noscan; break;
    case SQL_ATTR_ODBC_CURSORS: v = c->odbc_cursors; break;
    case SQL_ATTR_PACKET_SIZE: v = c->packet_size; break;
    case SQL_ATTR_TRACE: v = c->trace; break;
    case SQL_ATTR_METADATA_ID: v = c->metadata_id; break;
    case SQL_ATTR_ASYNC_ENABLE: v = SQL_ASYNC_ENABLE_OFF; break;
    case SQL_ATTR_AUTO_IPD: v = SQL_FALSE; break;
    case SQL_ATTR_CONNECTION_DEAD:
        v = c->conn ? SQL_CD_FALSE : SQL_CD_TRUE;
        break;
    case MESH_ATTR_METADATA_MISSES:
        if (!c->conn)
            return diag_pushf(&c->diag, "08003", "connection not open");
        if (val)
            *(SQLUBIGINT *)val = (SQLUBIGINT)eng_metadata_misses(c->conn);
        if (outlen)
            *outlen = sizeof(SQLUBIGINT);
        return SQL_SUCCESS;
    case SQL_ATTR_QUIET_MODE:
        if (val)
            *(SQLPOINTER *)val = c->quiet_mode;
        if (outlen)
            *outlen = sizeof(SQLPOINTER);
        return SQL_SUCCESS;
    case SQL_ATTR_CURRENT_CATALOG:
        if (c->conn)
            s = eng_get_default_catalog(c->conn);
        else
            s = c->pending_catalog;
        if (!s)
            s = "";
        break;
    case SQL_ATTR_TRACEFILE:
        s = c->tracefile ? c->tracefile : "";
        break;
    default:
        return diag_pushf(&c->diag, "HY092",
                          "invalid connection attribute %d", (int)attr);
    }
    if (s) {
        SQLLEN full;
        bool trunc = drv_copy_str(s, -1, val, buflen, &full);
        if (outlen)
            *outlen = (SQLINTEGER)full;
        if (trunc)
            return diag_pushf(&c->diag, "01004",
                              "string data, right truncated");
        return SQL_SUCCESS;
    }
    if (val)
        *(SQLUINTEGER *)val = v;
    if (outlen)
        *outlen = sizeof(SQLUINTEGER);
    return SQL_SUCCESS;
}

/* ODBC's SQL_TXN_* isolation bits <-> the engine's ENG_ISO_* bits. */
SQLUINTEGER dbc_isolation_to_odbc(unsigned levels)
{
    return ((levels & ENG_ISO_READ_UNCOMMITTED) ? SQL_TXN_READ_UNCOMMITTED : 0) |
           ((levels & ENG_ISO_READ_COMMITTED) ? SQL_TXN_READ_COMMITTED : 0) |
           ((levels & ENG_ISO_REPEATABLE_READ) ? SQL_TXN_REPEATABLE_READ : 0) |
           ((levels & ENG_ISO_SERIALIZABLE) ? SQL_TXN_SERIALIZABLE : 0);
}

unsigned dbc_isolation_from_odbc(SQLUINTEGER v)
{
    return ((v & SQL_TXN_READ_UNCOMMITTED) ? ENG_ISO_READ_UNCOMMITTED : 0) |
           ((v & SQL_TXN_READ_COMMITTED) ? ENG_ISO_READ_COMMITTED : 0) |
           ((v & SQL_TXN_REPEATABLE_READ) ? ENG_ISO_REPEATABLE_READ : 0) |
           ((v & SQL_TXN_SERIALIZABLE) ? ENG_ISO_SERIALIZABLE : 0);
}

/*
 * SQLEndTran on a connection: commits or rolls back the transaction in
 * progress (nothing to do without one, or in autocommit mode). A commit
 * that fails leaves the transaction rolled back (40000, or the catalog's
 * SQLSTATE). HY012 for another operation, 08003 when not connected.
 */
SQLRETURN dbc_end_tran(drv_dbc *c, SQLSMALLINT op)
{
    if (op != SQL_COMMIT && op != SQL_ROLLBACK)
        return diag_pushf(&c->diag, "HY012",
                          "invalid transaction operation code %d", (int)op);
    if (!c->conn)
        return diag_pushf(&c->diag, "08003", "connection not open");
    eng_error err;
    eng_err_clear(&err);
    eng_rc rc = eng_end_txn(c->conn, op == SQL_COMMIT, &err);
    if (rc != ENG_OK)
        return rc == ENG_NOMEM ? diag_oom(&c->diag)
                               : diag_engine(&c->diag, &err);
    return SQL_SUCCESS;
}

/* See driver.h. */
SQLRETURN drv_translate(diag_list *d, bool noscan, const char *sql, size_t n,
                        char **out, size_t *outlen)
{
    *out = NULL;
    *outlen = n;
    if (noscan)
        return SQL_SUCCESS;
    esc_err err;
    switch (esc_translate(sql, n, out, outlen, &err)) {
    case ESC_OK:
        if (!*out)
            *outlen = n;
        return SQL_SUCCESS;
    case ESC_NOMEM:
        return diag_oom(d);
    default:
        return diag_pushf(d, err.state, "%s", err.msg);
    }
}

/*
 * SQLNativeSql: the text the engine would receive, escapes translated
 * (always, whatever SQL_ATTR_NOSCAN says: the application asks what the
 * driver makes of the text).
 */
SQLRETURN dbc_native_sql(drv_dbc *c, const char *in, SQLLEN inlen,
                         SQLLEN outcap, char **text)
{
    *text = NULL;
    if (!in)
        return diag_pushf(&c->diag, "HY009", "invalid use of null pointer");
    if ((inlen < 0 && inlen != SQL_NTS) || outcap < 0)
        return diag_pushf(&c->diag, "HY090", "invalid string or buffer "
                          "length");
    if (!c->conn)
        return diag_pushf(&c->diag, "08003", "connection not open");
    size_t n = inlen == SQL_NTS ? strlen(in) : (size_t)inlen;
    char *tr;
    size_t trn;
    SQLRETURN rc = drv_translate(&c->diag, false, in, n, &tr, &trn);
    if (!SQL_SUCCEEDED(rc))
        return rc;
    if (!tr) {
        tr = eng_malloc(n + 1);
        if (!tr)
            return diag_oom(&c->diag);
        memcpy(tr, in, n);
        tr[n] = '\0';
    }
    *text = tr;
    return SQL_SUCCESS;
}

/* The functions this driver exports, by SQL_API_* id. */
static const SQLUSMALLINT implemented[] = {
    SQL_API_SQLALLOCHANDLE, SQL_API_SQLBINDCOL, SQL_API_SQLBINDPARAMETER,
    SQL_API_SQLCANCEL, SQL_API_SQLCLOSECURSOR, SQL_API_SQLCOLATTRIBUTE,
    SQL_API_SQLCOLUMNS, SQL_API_SQLCONNECT, SQL_API_SQLCOPYDESC,
    SQL_API_SQLDESCRIBECOL, SQL_API_SQLDESCRIBEPARAM, SQL_API_SQLDISCONNECT,
    SQL_API_SQLDRIVERCONNECT, SQL_API_SQLENDTRAN, SQL_API_SQLEXECDIRECT,
    SQL_API_SQLEXECUTE, SQL_API_SQLEXTENDEDFETCH, SQL_API_SQLFETCH,
    SQL_API_SQLFETCHSCROLL, SQL_API_SQLGETCURSORNAME,
    SQL_API_SQLSETCURSORNAME, SQL_API_SQLSETPOS,
    SQL_API_SQLFOREIGNKEYS, SQL_API_SQLFREEHANDLE, SQL_API_SQLFREESTMT,
    SQL_API_SQLGETCONNECTATTR, SQL_API_SQLGETDATA, SQL_API_SQLGETDESCFIELD,
    SQL_API_SQLGETDESCREC, SQL_API_SQLGETDIAGFIELD, SQL_API_SQLGETDIAGREC,
    SQL_API_SQLGETENVATTR, SQL_API_SQLGETFUNCTIONS, SQL_API_SQLGETINFO,
    SQL_API_SQLGETSTMTATTR, SQL_API_SQLGETTYPEINFO, SQL_API_SQLMORERESULTS,
    SQL_API_SQLNATIVESQL, SQL_API_SQLNUMPARAMS, SQL_API_SQLNUMRESULTCOLS,
    SQL_API_SQLPARAMDATA, SQL_API_SQLPUTDATA, SQL_API_SQLPREPARE,
    SQL_API_SQLPRIMARYKEYS, SQL_API_SQLPROCEDURES,
    SQL_API_SQLPROCEDURECOLUMNS, SQL_API_SQLROWCOUNT,
    SQL_API_SQLSETCONNECTATTR, SQL_API_SQLSETDESCFIELD,
    SQL_API_SQLSETDESCREC, SQL_API_SQLSETENVATTR, SQL_API_SQLBROWSECONNECT,
    SQL_API_SQLBULKOPERATIONS,
    SQL_API_SQLSETSTMTATTR, SQL_API_SQLSPECIALCOLUMNS, SQL_API_SQLSTATISTICS,
    SQL_API_SQLTABLES, SQL_API_SQLTABLEPRIVILEGES,
    SQL_API_SQLCOLUMNPRIVILEGES,
};

/*
 * SQLGetFunctions: a bitmap for SQL_API_ODBC3_ALL_FUNCTIONS, a 100-entry
 * array for SQL_API_ALL_FUNCTIONS, else SQL_TRUE/SQL_FALSE for one id.
 */
SQLRETURN dbc_get_functions(drv_dbc *c, SQLUSMALLINT id, SQLUSMALLINT *out)
{
    if (!out)
        return diag_pushf(&c->diag, "HY009", "invalid use of null pointer");
    size_t n = sizeof implemented / sizeof implemented[0];
    if (id == SQL_API_ODBC3_ALL_FUNCTIONS) {
        memset(out, 0, sizeof(SQLUSMALLINT) * SQL_API_ODBC3_ALL_FUNCTIONS_SIZE);
        for (size_t i = 0; i < n; i++)
            out[implemented[i] >> 4] |= (SQLUSMALLINT)(1u << (implemented[i] & 0xF));
        return SQL_SUCCESS;
    }
    if (id == SQL_API_ALL_FUNCTIONS) {
        memset(out, 0, sizeof(SQLUSMALLINT) * 100);
        for (size_t i = 0; i < n; i++)
            if (implemented[i] < 100)
                out[implemented[i]] = SQL_TRUE;
        return SQL_SUCCESS;
    }
    *out = SQL_FALSE;
    for (size_t i = 0; i < n; i++)
        if (implemented[i] == id)
            *out = SQL_TRUE;
    return SQL_SUCCESS;
}
