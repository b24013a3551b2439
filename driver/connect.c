/*
 * driver/connect.c
 *   Connecting and disconnecting: SQLConnect (DSN keys read from
 *   odbc.ini), SQLDriverConnect (connection string over DSN keys), the
 *   output connection string, and SQLDisconnect.
 * Interface: dbc_connect, dbc_driver_connect, dbc_browse_connect,
 *   dbc_browse_end, dbc_disconnect.
 * Not here: parsing connection strings (connstr.c); connection
 *   attributes (dbc.c); catalogs (the engine, through eng_open).
 * SQLBrowseConnect completes the string in rounds (dbc_browse_connect).
 *
 * The effective options are DSN keys first, then connection-string keys
 * (the string wins). The engine gets {Catalogs, Catalog, Schema}; a
 * missing Catalogs is 08001 before the engine is asked. Every completion
 * mode behaves as SQL_DRIVER_NOPROMPT: the driver has no dialog.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include <strings.h>
#include <odbcinst.h>
#include "driver.h"
#include "dsn_keys.h"

/* Replaces *dst with a copy of src (NULL or "" -> NULL). False on OOM. */
static bool set_str(char **dst, const char *src)
{
    eng_free(*dst);
    *dst = NULL;
    if (!src || !*src)
        return true;
    *dst = eng_strdup(src);
    return *dst != NULL;
}

/* Frees the remembered connection options of c. */
static void clear_options(drv_dbc *c)
{
    set_str(&c->dsn, NULL);
    set_str(&c->user, NULL);
    set_str(&c->catalogs, NULL);
    set_str(&c->catalog, NULL);
    set_str(&c->schema, NULL);
}

/*
 * Reads the driver's keys of DSN dsn from odbc.ini into cs (only keys
 * that have a non-empty value). Returns false on OOM.
 */
static bool read_dsn(const char *dsn, connstr *cs)
{
    /* the keys of dsn_keys.c: what setup.c writes is what is read here;
     * Engine=trino and the keys after it are only forwarded to the engine */
    for (size_t i = 0; i < dsn_nkeys; i++) {
        char buf[4096];
        buf[0] = '\0';
        int n = SQLGetPrivateProfileString(dsn, dsn_keys[i].name, "", buf,
                                           (int)sizeof buf, "odbc.ini");
        if (n > 0 && buf[0] && !connstr_set(cs, dsn_keys[i].name, buf))
            return false;
    }
    return true;
}

/* The trace file of Trace=yes without TraceFile= (README, dsn_keys.c). */
#define DEFAULT_TRACE_FILE "/tmp/meshodbc_trace.log"

/* True for yes/1/true/on (any case). */
static bool truthy(const char *v)
{
    return v && (!strcasecmp(v, "yes") || !strcmp(v, "1") ||
                 !strcasecmp(v, "true") || !strcasecmp(v, "on"));
}

/* True when s contains w (lower case), ignoring case. */
static bool has_word(const char *s, const char *w)
{
    size_t n = strlen(w);
    for (; *s; s++)
        if (strncasecmp(s, w, n) == 0)
            return true;
    return false;
}

/* True when the value of key must never be logged (passwords, tokens,
 * and anything spelled like one). */
static bool secret_option(const char *key)
{
    const dsn_key *k = dsn_key_find(key, strlen(key));
    return (k && k->secret) || has_word(key, "pw") ||
           has_word(key, "pass") || has_word(key, "token") ||
           has_word(key, "secret");
}

/*
 * Trace=yes (DSN or connection string): opens the connection's trace
 * file (TraceFile=, default DEFAULT_TRACE_FILE), binds it for the rest
 * of this call and logs the effective options, secrets masked. A file
 * that cannot be opened is warning 01000, not a failure.
 */
static SQLRETURN start_trace(drv_dbc *c, const connstr *cs)
{
    if (!truthy(connstr_get(cs, "Trace")))
        return SQL_SUCCESS;
    const char *path = connstr_get(cs, "TraceFile");
    if (!path || !*path)
        path = DEFAULT_TRACE_FILE;
    c->trace_sink = trace_open(path);
    if (!c->trace_sink) {
        return diag_pushf(&c->diag, "01000", "could not open the trace "
                          "file '%s' (TraceFile): %s; not tracing", path,
                          trace_open_reason(errno));
    }
    trace_attach(c->trace_sink, "dbc", c);
    for (int i = 0; i < cs->n; i++)
        trace_log("  option %s=%s", cs->pairs[i].key,
                  secret_option(cs->pairs[i].key) ? "***"
                                                  : cs->pairs[i].value);
    return SQL_SUCCESS;
}

/* Closes the connection's trace file (the current call keeps it open
 * until it returns: trace_bind holds its own reference). */
static void stop_trace(drv_dbc *c)
{
    trace_release(c->trace_sink);
    c->trace_sink = NULL;
}

/*
 * Parses a byte size with an optional k, m or g suffix (powers of 1024)
 * into *out. False when malformed.
 */
static bool parse_size(const char *v, size_t *out)
{
    char *end;
    unsigned long long n = strtoull(v, &end, 10);
    if (end == v || *v == '-')
        return false;
    unsigned shift = 0;
    switch (*end) {
    case 'k': case 'K': shift = 10; end++; break;
    case 'm': case 'M': shift = 20; end++; break;
    case 'g': case 'G': shift = 30; end++; break;
    default: break;
    }
    if ((*end == 'b' || *end == 'B') && shift)
        end++;
    if (*end || n > (SIZE_MAX >> shift))
        return false;
    *out = (size_t)n << shift;
    return true;
}

/*
 * The driver's own keys: StaticCursorMemory (bytes a static cursor keeps
 * in memory before spilling to a temporary file; default 64M) and
 * CatalogsAsSchemas (1/yes/true: catalog functions show catalog.schema
 * as one schema name). A malformed value is 08001 naming the key: the
 * state SQLConnect and SQLDriverConnect document for a connection the
 * driver cannot make (01S00 is for an unknown keyword, which the driver
 * ignores and connects anyway), as psqlODBC reports a connection string
 * libpq refuses. The engine's keys fail the same way (open_engine).
 */
static SQLRETURN driver_keys(drv_dbc *c, const connstr *cs)
{
    const char *mem = connstr_get(cs, "StaticCursorMemory");
    const char *cas = connstr_get(cs, "CatalogsAsSchemas");
    c->cursor_memory = CUR_DEFAULT_MEMORY;
    c->catalogs_as_schemas = false;
    if (mem && *mem && !parse_size(mem, &c->cursor_memory))
        return diag_pushf(&c->diag, "08001", "StaticCursorMemory='%s' is "
                          "not a size (bytes, or a number with k, m or g)",
                          mem);
    if (cas && *cas) {
        if (!strcasecmp(cas, "1") || !strcasecmp(cas, "yes") ||
            !strcasecmp(cas, "true") || !strcasecmp(cas, "on"))
            c->catalogs_as_schemas = true;
        else if (strcasecmp(cas, "0") && strcasecmp(cas, "no") &&
                 strcasecmp(cas, "false") && strcasecmp(cas, "off"))
            return diag_pushf(&c->diag, "08001", "CatalogsAsSchemas='%s' "
                              "is not a boolean (1 or 0)", cas);
    }
    return SQL_SUCCESS;
}

/*
 * Opens the engine with the options in cs and remembers them on c.
 * On failure c stays disconnected with diagnostics on c.
 */
static SQLRETURN open_engine(drv_dbc *c, const connstr *cs, const char *dsn,
                             const char *user, const char *pwd)
{
    const char *catalogs = connstr_get(cs, "Catalogs");
    const char *catalog = connstr_get(cs, "Catalog");
    const char *schema = connstr_get(cs, "Schema");
    const char *engine = connstr_get(cs, "Engine");
    SQLRETURN warn = start_trace(c, cs);
    if ((!catalogs || !*catalogs) && (!engine || !*engine))
        return stop_trace(c), diag_pushf(&c->diag, "08001",
                          "no catalog file: set Catalogs= in the DSN or "
                          "connection string%s%s%s",
                          dsn && *dsn ? " (DSN '" : "", dsn ? dsn : "",
                          dsn && *dsn ? "')" : "");
    SQLRETURN krc = driver_keys(c, cs);
    if (krc != SQL_SUCCESS)
        return krc;
    /* Every option goes to the engine, which takes what it knows; user and
     * password given to SQLConnect count as UID/PWD. */
    eng_option opts[64];
    int nopts = 0;
    for (int i = 0; i < cs->n && nopts < 62; i++)
        if (strcasecmp(cs->pairs[i].key, "DSN") && strcasecmp(cs->pairs[i].key, "DRIVER"))
            opts[nopts++] = (eng_option){cs->pairs[i].key, cs->pairs[i].value};
    if (user && *user && !connstr_get(cs, "UID"))
        opts[nopts++] = (eng_option){"UID", user};
    if (pwd && *pwd && !connstr_get(cs, "PWD"))
        opts[nopts++] = (eng_option){"PWD", pwd};
    eng_error err;
    eng_err_clear(&err);
    eng_conn *conn = NULL;
    eng_rc rc = eng_open(opts, nopts, &conn, &err);
    if (rc != ENG_OK) {
        stop_trace(c);
        if (rc == ENG_NOMEM)
            return diag_oom(&c->diag);
        /* a key the engine knows with a bad value (22023 naming the key
         * and value): 08001, as for the driver's own keys (driver_keys) */
        if (!strcmp(err.sqlstate, "22023"))
            memcpy(err.sqlstate, "08001", sizeof "08001");
        return diag_engine(&c->diag, &err);
    }
    if (!set_str(&c->dsn, dsn) || !set_str(&c->user, user) ||
        !set_str(&c->catalogs, catalogs) || !set_str(&c->catalog, catalog) ||
        !set_str(&c->schema, schema)) {
        eng_close(conn);
        clear_options(c);
        stop_trace(c);
        return diag_oom(&c->diag);
    }
    c->conn = conn;
    eng_set_catalogs_as_schemas(conn, c->catalogs_as_schemas);
    if (c->autocommit == SQL_AUTOCOMMIT_OFF)     /* set before connecting */
        eng_set_autocommit(conn, false, NULL);  /* cannot fail: no txn yet */
    {
        /* the isolation level: the application's (READ COMMITTED, the
           only one taken before connecting, which every engine offers),
           else the engine's default */
        eng_txn_caps caps;
        eng_txn_caps_get(conn, &caps);
        if (c->txn_isolation_set)
            eng_set_isolation(conn, dbc_isolation_from_odbc(c->txn_isolation), NULL);
        else
            c->txn_isolation = dbc_isolation_to_odbc(caps.default_level);
    }
    if (c->pending_catalog) {
        eng_error e2;
        eng_err_clear(&e2);
        rc = eng_set_default(conn, c->pending_catalog,
                             eng_get_default_schema(conn), &e2);
        eng_free(c->pending_catalog);
        c->pending_catalog = NULL;
        if (rc != ENG_OK) {
            SQLRETURN r = diag_engine(&c->diag, &e2);
            eng_close(conn);
            c->conn = NULL;
            clear_options(c);
            stop_trace(c);
            return r;
        }
    }
    trace_log("connected: dsn=%s catalogs=%s engine=%s", dsn ? dsn : "(none)",
              catalogs ? catalogs : "(none)", engine ? engine : "embedded");
    return warn;
}

/*
 * SQLConnect: reads the DSN's Catalogs/Catalog/Schema from odbc.ini and
 * opens the engine. The user name is remembered (SQL_USER_NAME); the
 * password is not used (catalog credentials live in the catalog file).
 * 08002 when already connected.
 */
SQLRETURN dbc_connect(drv_dbc *c, const char *dsn, const char *user,
                      const char *pwd)
{
    if (c->conn)
        return diag_pushf(&c->diag, "08002", "connection already open");
    if (!dsn || !*dsn)
        dsn = "DEFAULT";
    connstr cs = {0};
    if (!read_dsn(dsn, &cs)) {
        connstr_free(&cs);
        return diag_oom(&c->diag);
    }
    SQLRETURN rc = open_engine(c, &cs, dsn, user, pwd);
    connstr_free(&cs);
    return rc;
}

/*
 * Writes the effective connection string of c (DSN or DRIVER, then the
 * options, never the password) into out. Returns SQL_SUCCESS_WITH_INFO +
 * 01004 on truncation; *outlen always gets the full length.
 */
static SQLRETURN out_string(drv_dbc *c, const char *driver, char *out,
                            SQLLEN outcap, SQLLEN *outlen)
{
    size_t cap = out && outcap > 0 ? (size_t)outcap : 0;
    size_t used = 0;
    if (c->dsn)
        used = connstr_format_pair("DSN", c->dsn, out, cap, used);
    else
        used = connstr_format_pair("DRIVER", driver ? driver : DRV_NAME, out,
                                   cap, used);
    if (c->catalogs)
        used = connstr_format_pair("Catalogs", c->catalogs, out, cap, used);
    if (c->catalog)
        used = connstr_format_pair("Catalog", c->catalog, out, cap, used);
    if (c->schema)
        used = connstr_format_pair("Schema", c->schema, out, cap, used);
    if (c->user)
        used = connstr_format_pair("UID", c->user, out, cap, used);
    if (out && cap)
        out[used < cap ? used : cap - 1] = '\0';
    if (outlen)
        *outlen = (SQLLEN)used;
    if (out && used >= cap)
        return diag_pushf(&c->diag, "01004",
                          "output connection string truncated (needs %zu "
                          "bytes)", used + 1);
    return SQL_SUCCESS;
}

/*
 * SQLDriverConnect: parses `in`, reads the DSN's keys when DSN= is given
 * (connection-string keys override them), opens the engine, and writes
 * the effective string to out. All completion modes act as NOPROMPT.
 */
SQLRETURN dbc_driver_connect(drv_dbc *c, const char *in, SQLLEN inlen,
                             char *out, SQLLEN outcap, SQLLEN *outlen,
                             SQLUSMALLINT completion)
{
    (void)completion;
    if (c->conn)
        return diag_pushf(&c->diag, "08002", "connection already open");
    trace_connstr("SQLDriverConnect in", in, inlen < 0 ? strlen(in ? in : "")
                                                       : (size_t)inlen);
    connstr given = {0}, eff = {0};
    char errbuf[256];
    bool oom;
    SQLRETURN rc;
    if (!connstr_parse(in, inlen, &given, errbuf, sizeof errbuf, &oom)) {
        rc = oom ? diag_oom(&c->diag) : diag_pushf(&c->diag, "08001", "%s",
                                                   errbuf);
        goto out;
    }
    const char *dsn = connstr_get(&given, "DSN");
    const char *driver = connstr_get(&given, "DRIVER");
    if (dsn && *dsn && !read_dsn(dsn, &eff)) {
        rc = diag_oom(&c->diag);
        goto out;
    }
    for (int i = 0; i < given.n; i++) {
        if (!connstr_set(&eff, given.pairs[i].key, given.pairs[i].value)) {
            rc = diag_oom(&c->diag);
            goto out;
        }
    }
    const char *user = connstr_get(&eff, "UID");
    rc = open_engine(c, &eff, dsn && *dsn ? dsn : NULL, user, NULL);
    if (SQL_SUCCEEDED(rc))
        rc = api_rc_merge(rc, out_string(c, driver, out, outcap, outlen));
out:
    connstr_free(&given);
    connstr_free(&eff);
    return rc;
}

/* ------------------------------------------------------ SQLBrowseConnect */

void dbc_browse_end(drv_dbc *c)
{
    if (c->browse) {
        connstr_free(c->browse);
        eng_free(c->browse);
        c->browse = NULL;
    }
}

/* Appends "KEY:Prompt=?;" (or "*KEY:..." when optional, or a choice list
 * "{a,b}" instead of "?") to out; returns the length needed. */
static size_t browse_item(char *out, size_t cap, size_t used, bool optional,
                          const char *key, const char *prompt,
                          const char *choices)
{
    char item[256];
    int n = snprintf(item, sizeof item, "%s%s%s:%s=%s", used ? ";" : "",
                     optional ? "*" : "", key, prompt,
                     choices ? choices : "?");
    if (n < 0)
        return used;
    if (used < cap)
        snprintf(out + used, cap - used, "%s", item);
    return used + (size_t)n;
}

/* True when cs has a non-empty value for key. */
static bool has_key(const connstr *cs, const char *key)
{
    const char *v = connstr_get(cs, key);
    return v && *v;
}

/*
 * SQLBrowseConnect: each call adds the keys of `in` to what the earlier
 * calls gave (the first one must name DSN= or DRIVER=; a DSN's keys are
 * read from odbc.ini). While a required key is missing, returns
 * SQL_NEED_DATA with the browse result in out: the required keys
 * (Catalogs for the embedded engine; Server and UID with Engine=trino),
 * then the optional ones marked '*' (Engine={embedded,trino}, Catalog,
 * Schema; in Trino mode Port, SSL, PWD). Once every required key is
 * there it connects as SQLDriverConnect does and returns its code with
 * the effective connection string in out. A failed connection ends the
 * browse (the next call starts again, as ODBC says for 08001).
 */
SQLRETURN dbc_browse_connect(drv_dbc *c, const char *in, SQLLEN inlen,
                             char *out, SQLLEN outcap, SQLLEN *outlen)
{
    if (c->conn)
        return diag_pushf(&c->diag, "08002", "connection already open");
    connstr given = {0};
    char errbuf[256];
    bool oom;
    SQLRETURN rc;
    if (!connstr_parse(in ? in : "", in ? inlen : 0, &given, errbuf,
                       sizeof errbuf, &oom)) {
        dbc_browse_end(c);
        return oom ? diag_oom(&c->diag)
                   : diag_pushf(&c->diag, "08001", "%s", errbuf);
    }
    if (!c->browse) {
        const char *dsn = connstr_get(&given, "DSN");
        if (!has_key(&given, "DSN") && !has_key(&given, "DRIVER")) {
            connstr_free(&given);
            return diag_pushf(&c->diag, "IM002", "SQLBrowseConnect: the "
                              "first connection string names neither DSN= "
                              "nor DRIVER=");
        }
        if (!(c->browse = eng_calloc(1, sizeof *c->browse)) ||
            (dsn && *dsn && !read_dsn(dsn, c->browse))) {
            connstr_free(&given);
            dbc_browse_end(c);
            return diag_oom(&c->diag);
        }
    }
    for (int i = 0; i < given.n; i++)
        if (!connstr_set(c->browse, given.pairs[i].key, given.pairs[i].value)) {
            connstr_free(&given);
            dbc_browse_end(c);
            return diag_oom(&c->diag);
        }
    connstr_free(&given);

    connstr *cs = c->browse;
    const char *engine = connstr_get(cs, "Engine");
    bool trino = engine && !strcasecmp(engine, "trino");
    bool need_catalogs = !trino && !has_key(cs, "Catalogs");
    bool need_server = trino && !has_key(cs, "Server") && !has_key(cs, "Host");
    bool need_uid = trino && !has_key(cs, "UID") && !has_key(cs, "User");
    size_t cap = out && outcap > 0 ? (size_t)outcap : 0, used = 0;
    if (need_catalogs || need_server || need_uid) {
        if (need_catalogs)
            used = browse_item(out, cap, used, false, "Catalogs",
                               "Catalog file", NULL);
        if (need_server)
            used = browse_item(out, cap, used, false, "Server",
                               "Trino server", NULL);
        if (need_uid)
            used = browse_item(out, cap, used, false, "UID", "User", NULL);
        if (!has_key(cs, "Engine"))
            used = browse_item(out, cap, used, true, "Engine", "Engine",
                               "{embedded,trino}");
        if (trino && !has_key(cs, "Port"))
            used = browse_item(out, cap, used, true, "Port", "Port", NULL);
        if (trino && !has_key(cs, "SSL"))
            used = browse_item(out, cap, used, true, "SSL", "Use TLS",
                               "{0,1}");
        if (trino && !has_key(cs, "PWD") && !has_key(cs, "Password"))
            used = browse_item(out, cap, used, true, "PWD", "Password", NULL);
        if (!has_key(cs, "Catalog"))
            used = browse_item(out, cap, used, true, "Catalog",
                               "Default catalog", NULL);
        if (!has_key(cs, "Schema"))
            used = browse_item(out, cap, used, true, "Schema",
                               "Default schema", NULL);
        if (out && cap)
            out[used < cap ? used : cap - 1] = '\0';
        if (outlen)
            *outlen = (SQLLEN)used;
        if (out && used >= cap)
            diag_pushf(&c->diag, "01004", "browse result truncated (needs "
                       "%zu bytes)", used + 1);
        return SQL_NEED_DATA;
    }
    /* "embedded" is the browse choice for the default engine */
    if (engine && !strcasecmp(engine, "embedded") &&
        !connstr_set(cs, "Engine", "")) {
        dbc_browse_end(c);
        return diag_oom(&c->diag);
    }
    const char *dsn = connstr_get(cs, "DSN");
    rc = open_engine(c, cs, dsn && *dsn ? dsn : NULL, connstr_get(cs, "UID"),
                     NULL);
    if (SQL_SUCCEEDED(rc))
        rc = api_rc_merge(rc, out_string(c, connstr_get(cs, "DRIVER"), out,
                                         outcap, outlen));
    dbc_browse_end(c);
    return rc;
}

/*
 * SQLDisconnect: frees every statement and explicit descriptor of c and
 * closes the engine session. 08003 when not connected; 25000 (nothing
 * closed) while a transaction is in progress. During a browse
 * (SQLBrowseConnect returned SQL_NEED_DATA) it ends the browse.
 */
SQLRETURN dbc_disconnect(drv_dbc *c)
{
    if (!c->conn && c->browse) {
        dbc_browse_end(c);
        return SQL_SUCCESS;
    }
    if (!c->conn)
        return diag_pushf(&c->diag, "08003", "connection not open");
    /* ODBC: the transaction stays active; the application ends it */
    if (eng_txn_in_progress(c->conn))
        return diag_pushf(&c->diag, "25000", "invalid transaction state: "
                          "a transaction is in progress; commit or roll it "
                          "back (SQLEndTran) before disconnecting");
    while (c->stmts)
        stmt_free(c->stmts);
    while (c->descs)
        desc_free(c->descs);
    eng_close(c->conn);
    c->conn = NULL;
    clear_options(c);
    trace_log("disconnected");
    stop_trace(c);
    return SQL_SUCCESS;
}
