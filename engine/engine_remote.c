/*
 * engine/engine_remote.c
 *   The façade's Trino mode (Engine=trino): the same eng_* API answered by
 *   a remote Trino cluster instead of the embedded pipeline. engine.c calls
 *   these when the session or statement is remote; driver/ cannot tell.
 * Interface: remote_wants, remote_open, remote_set_default,
 *   remote_default_catalog, remote_default_schema, remote_prepare,
 *   remote_nparams, remote_execute, remote_fetch, remote_close_cursor,
 *   remote_free, remote_cancel (engine_remote.h).
 * Not here: HTTP and the protocol (connector/trino/); values as Trino
 *   literals (connector/trino/trino_literal.c).
 *
 * Statements:
 *  - queries (SELECT, WITH, VALUES, TABLE, a parenthesised query) are
 *    prepared on the server at eng_prepare: PREPARE meshodbc_N FROM ...,
 *    then DESCRIBE OUTPUT meshodbc_N gives the result columns before any
 *    row is read, as ODBC's SQLPrepare + SQLDescribeCol need. Each
 *    execution runs EXECUTE meshodbc_N. Trino keeps prepared statements
 *    only in the client's headers, so freeing one costs no round trip.
 *  - SHOW, DESCRIBE and EXPLAIN cannot be described without running them;
 *    they are read-only, so eng_prepare starts them and the first
 *    execution takes that running query (later ones run it again).
 *  - everything else (USE, SET SESSION, DDL, INSERT, ...) runs at
 *    execution; it has no result columns and reports the server's update
 *    count (0 for DDL).
 *
 * Transactions (autocommit off, engine.h): the server keeps them. The
 * first statement executed with autocommit off and no transaction sends
 * START TRANSACTION [ISOLATION LEVEL ...] first; from then on every
 * request carries X-Trino-Transaction-Id (trino_client.c follows
 * X-Trino-Started-Transaction-Id / X-Trino-Clear-Transaction-Id), and
 * remote_end_txn sends COMMIT or ROLLBACK. Trino aborts a transaction on
 * any failed statement (later ones: TRANSACTION_ALREADY_ABORTED, 25P02)
 * and answers a COMMIT of it with an error without clearing the id, so
 * the client forgets the id itself after a refused COMMIT or ROLLBACK:
 * the session is outside any transaction afterwards, as ODBC expects.
 * The application's own START TRANSACTION / COMMIT / ROLLBACK statements
 * go to the server as they are (never preceded by an implicit START).
 *
 * Parameter markers (`?`) are counted in the text (outside strings,
 * quoted identifiers and comments), as Trino's clients do. A statement
 * with markers is prepared on the server (a query already is; any other
 * statement is then prepared too), and DESCRIBE INPUT gives each marker's
 * type: a type the engine has (boolean, integers, double, decimal,
 * varchar, date, timestamp(p <= 6), time(p <= 6), the two intervals) is
 * the marker's type that SQLDescribeParam reports, and text sent for
 * such a marker is cast to it (engine.c, remote_params); other values
 * keep their own types and the server applies Trino's rules. "unknown"
 * (`select ?`), types the engine lacks (json, ...) and the types with a
 * time zone (text would need the server's session zone) leave the marker
 * untyped: SQLDescribeParam says varchar, or the bound type.
 * DESCRIBE INPUT's row count is the number of markers. Each execution
 * runs `EXECUTE name USING v1, v2, ...`, every value a typed literal
 * (trino_literal): the values never become part of the statement's
 * text, and the server, not the client, puts them in place. Since the
 * types of untyped markers follow the values, a query's result columns
 * are taken from the execution when they differ from DESCRIBE OUTPUT's.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <ctype.h>

#include "engine_remote.h"
#include "common/array.h"
#include "connector/trino/trino_literal.h"

typedef enum remote_kind { RK_QUERY, RK_EAGER, RK_OTHER } remote_kind;

struct remote_stmt {
    eng_conn *conn;
    trino_client *client;
    remote_kind kind;
    char *sql;              /* statement text (eng_malloc) */
    size_t len;
    char name[32];          /* RK_QUERY: the server-side prepared name */
    int ncols;
    eng_column_desc *cols;  /* in the statement arena */
    pthread_mutex_t mu;     /* guards q against remote_cancel */
    trino_query *q;         /* running query, NULL when idle */
    trino_query *pending;   /* RK_EAGER: started at prepare, not yet used */
    eng_arena *batch_arena; /* the last fetched batch */
    volatile int cancelled; /* set by remote_cancel for this execution */
    bool prepared;          /* name is a statement prepared on the server */
    char kw[16];            /* the statement's first keyword, lower case */
    int nparams;            /* parameter markers (DESCRIBE INPUT's rows) */
    eng_type *ptypes;       /* per marker: its type, ENG_T_UNKNOWN when
                               untyped (statement arena) */
    eng_arena *cols_arena;  /* columns taken from an execution (replaced
                               when they change again), NULL until then */
};

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

#define opt eng_option_get

static bool truthy(const char *v)
{
    return v && (!strcasecmp(v, "1") || !strcasecmp(v, "true") ||
                 !strcasecmp(v, "yes") || !strcasecmp(v, "on"));
}

/* A boolean key's value: absent, empty, truthy or its opposite. */
static bool boolean_ok(const char *v)
{
    return !v || !*v || truthy(v) || !strcasecmp(v, "0") ||
           !strcasecmp(v, "false") || !strcasecmp(v, "no") ||
           !strcasecmp(v, "off");
}

bool remote_wants(const eng_option *opts, int nopts)
{
    const char *e = opt(opts, nopts, "engine");
    return e && !strcasecmp(e, "trino");
}

eng_rc remote_open(const eng_option *opts, int nopts, eng_conn **out,
                   eng_error *err)
{
    trino_cfg cfg;
    char url[512];
    const char *server = opt(opts, nopts, "server");
    const char *port = opt(opts, nopts, "port");
    bool ssl = truthy(opt(opts, nopts, "ssl"));
    const char *verify = opt(opts, nopts, "sslverification");

    *out = NULL;
    memset(&cfg, 0, sizeof cfg);
    /* a bad value of a key of this mode: 08001 naming key and value, as
     * SSLVerification below and the driver's DSN keys */
    if (!boolean_ok(opt(opts, nopts, "ssl")))
        return eng_err_set(err, ENG_ERR_CONNECTION_FAILED, 0,
                           "SSL='%s' is not a boolean (1 or 0)",
                           opt(opts, nopts, "ssl"));
    if (!server || !*server)
        server = opt(opts, nopts, "host");
    if (!server || !*server)
        return eng_err_set(err, ENG_ERR_CONNECTION_FAILED, 0,
                           "Engine=trino needs Server= (a host name or an http(s):// address)");
    if (strstr(server, "://"))
        snprintf(url, sizeof url, "%s", server);
    else
        snprintf(url, sizeof url, "%s://%s:%s", ssl ? "https" : "http", server,
                 port && *port ? port : (ssl ? "443" : "8080"));
    cfg.url = url;
    cfg.user = opt(opts, nopts, "user");
    if (!cfg.user || !*cfg.user)
        cfg.user = opt(opts, nopts, "uid");
    cfg.password = opt(opts, nopts, "password");
    if (!cfg.password || !*cfg.password)
        cfg.password = opt(opts, nopts, "pwd");
    cfg.access_token = opt(opts, nopts, "accesstoken");
    cfg.catalog = opt(opts, nopts, "catalog");
    cfg.schema = opt(opts, nopts, "schema");
    cfg.ca_file = opt(opts, nopts, "sslcafile");
    cfg.verify_peer = true;
    cfg.verify_host = true;
    if (verify && !strcasecmp(verify, "CA"))
        cfg.verify_host = false;
    else if (verify && !strcasecmp(verify, "NONE"))
        cfg.verify_peer = cfg.verify_host = false;
    else if (verify && *verify && strcasecmp(verify, "FULL"))
        return eng_err_set(err, ENG_ERR_CONNECTION_FAILED, 0,
                           "SSLVerification must be FULL, CA or NONE, not '%s'",
                           verify);
    const char *ct = opt(opts, nopts, "connecttimeout");
    cfg.connect_timeout_s = 10;
    if (ct && *ct) {
        char *end;
        unsigned long secs = strtoul(ct, &end, 10);
        if (*ct == '-' || end == ct || *end || secs > 86400)
            return eng_err_set(err, ENG_ERR_CONNECTION_FAILED, 0,
                               "ConnectTimeout='%s' is not a number of "
                               "seconds (0 to 86400)", ct);
        cfg.connect_timeout_s = (unsigned)secs;
    }
    /* The session zone, as in embedded mode (TimeZone=, else the client's
     * zone; 22023 for an unknown one before any request): sent as
     * X-Trino-Time-Zone, and kept (the same key, looked up once) for
     * SQL_C_TYPE_TIMESTAMP of zoned values. */
    const char *tz = opt(opts, nopts, "timezone");
    int32_t tz_key;
    char tz_name[64];
    if (tz && *tz) {
        eng_rc trc = eng_tz_lookup(tz, strlen(tz), &tz_key, err);
        if (trc != ENG_OK)
            return trc;
    } else {
        tz_key = sess_local_zone();
    }
    eng_tz_name(tz_key, tz_name, sizeof tz_name);
    cfg.time_zone = tz_name;

    trino_client *client = NULL;
    eng_rc rc = trino_client_open(&cfg, &client, err);
    if (rc != ENG_OK)
        return rc;
    rc = sess_open_remote(client, tz_key, out, err);
    if (rc != ENG_OK)
        trino_client_close(client);
    return rc;
}

eng_rc remote_set_default(eng_conn *c, const char *catalog,
                          const char *schema, eng_error *err)
{
    return trino_client_set_default(c->remote, catalog, schema, err);
}

/* Refreshes *field from the client (USE on the server changes it). */
static const char *refresh(eng_conn *c, char **field, bool catalog)
{
    char buf[512];
    if (catalog)
        trino_client_catalog(c->remote, buf, sizeof buf);
    else
        trino_client_schema(c->remote, buf, sizeof buf);
    if (*field && !strcmp(*field, buf))
        return *field;
    char *d = buf[0] ? eng_strdup(buf) : NULL;
    if (buf[0] && !d)
        return *field;   /* OOM: the old value stays readable */
    eng_free(*field);
    *field = d;
    return *field;
}

const char *remote_default_catalog(eng_conn *c)
{
    return refresh(c, &c->def_catalog, true);
}

const char *remote_default_schema(eng_conn *c)
{
    return refresh(c, &c->def_schema, false);
}

/* The first keyword of sql, lower-cased into kw (comments, blanks and
 * opening parentheses skipped; "(" itself reported as "("). */
static void first_keyword(const char *s, size_t len, char *kw, size_t cap)
{
    size_t i = 0, n = 0;
    for (;;) {
        while (i < len && isspace((unsigned char)s[i]))
            i++;
        if (i + 1 < len && s[i] == '-' && s[i + 1] == '-') {
            while (i < len && s[i] != '\n')
                i++;
            continue;
        }
        if (i + 1 < len && s[i] == '/' && s[i + 1] == '*') {
            i += 2;
            while (i + 1 < len && !(s[i] == '*' && s[i + 1] == '/'))
                i++;
            i = i + 2 < len ? i + 2 : len;
            continue;
        }
        break;
    }
    if (i < len && s[i] == '(') {
        snprintf(kw, cap, "(");
        return;
    }
    while (i < len && n + 1 < cap && isalpha((unsigned char)s[i]))
        kw[n++] = (char)tolower((unsigned char)s[i++]);
    kw[n] = '\0';
}

/*
 * Reads query q to its end, dropping its rows (in an arena of its own),
 * puts its update count in *count (if not NULL) and closes q. Returns the
 * first error.
 */
static eng_rc drain(trino_query *q, int64_t *count, eng_error *err)
{
    eng_rc rc;
    eng_arena *a = eng_arena_create();
    if (!a) {
        trino_query_close(q);
        return eng_err_oom(err);
    }
    eng_batch *b;
    do {
        eng_arena_reset(a);
        rc = trino_query_next(q, a, &b, err);
    } while (rc == ENG_OK && b);
    if (count)
        *count = trino_query_update_count(q);
    eng_arena_destroy(a);
    trino_query_close(q);
    return rc;
}

/* Runs a session-level statement (START TRANSACTION, COMMIT,
 * ROLLBACK) to its end on c's server. */
static eng_rc conn_run(eng_conn *c, const char *sql, eng_error *err)
{
    trino_query *q = NULL;
    eng_rc rc = trino_query_start(c->remote, sql, strlen(sql), 0, 0, NULL, 0,
                                  &q, err);
    return rc == ENG_OK ? drain(q, NULL, err) : rc;
}

/* The application's own transaction statements: never preceded by an
 * implicit START TRANSACTION. */
static bool txn_keyword(const char *kw)
{
    return !strcmp(kw, "start") || !strcmp(kw, "commit") ||
           !strcmp(kw, "rollback");
}

/* With autocommit off and no transaction: START TRANSACTION, with the
 * level eng_set_isolation chose. */
static eng_rc txn_begin_if_needed(eng_conn *c, const char *kw, eng_error *err)
{
    if (!c->autocommit_off || txn_keyword(kw) || trino_client_in_txn(c->remote))
        return ENG_OK;
    const char *lvl = c->txn_isolation == ENG_ISO_READ_UNCOMMITTED ? " ISOLATION LEVEL READ UNCOMMITTED"
                      : c->txn_isolation == ENG_ISO_READ_COMMITTED ? " ISOLATION LEVEL READ COMMITTED"
                      : c->txn_isolation == ENG_ISO_REPEATABLE_READ ? " ISOLATION LEVEL REPEATABLE READ"
                      : c->txn_isolation == ENG_ISO_SERIALIZABLE ? " ISOLATION LEVEL SERIALIZABLE"
                      : "";
    char sql[80];
    snprintf(sql, sizeof sql, "START TRANSACTION%s", lvl);
    eng_rc rc = conn_run(c, sql, err);
    if (rc == ENG_OK && !trino_client_in_txn(c->remote))
        rc = eng_err_set(err, ENG_ERR_PROTOCOL_VIOLATION, 0,
                         "Trino did not start a transaction (no X-Trino-Started-Transaction-Id)");
    return rc;
}

void remote_txn_caps(eng_txn_caps *out)
{
    /* as Trino's own JDBC driver says: DDL and DML in transactions, the
     * four levels (a catalog may refuse a level or a write when first
     * used in the transaction: Trino's error comes back), READ
     * UNCOMMITTED when START TRANSACTION names none */
    out->ddl = true;
    out->levels = ENG_ISO_READ_UNCOMMITTED | ENG_ISO_READ_COMMITTED |
                  ENG_ISO_REPEATABLE_READ | ENG_ISO_SERIALIZABLE;
    out->default_level = ENG_ISO_READ_UNCOMMITTED;
}

bool remote_txn_in_progress(const eng_conn *c)
{
    return trino_client_in_txn(c->remote);
}

eng_rc remote_end_txn(eng_conn *c, bool commit, eng_error *err)
{
    if (!trino_client_in_txn(c->remote))
        return ENG_OK;
    eng_error e;
    eng_err_clear(&e);
    eng_rc rc = conn_run(c, commit ? "COMMIT" : "ROLLBACK", &e);
    if (rc == ENG_OK && !trino_client_in_txn(c->remote))
        return ENG_OK;
    /* refused (aborted or unknown transaction), or the server is gone:
     * the transaction is over either way (the server rolls back an
     * aborted one and expires a forgotten one) */
    trino_client_clear_txn(c->remote);
    if (rc == ENG_NOMEM) {
        *err = e;
        return rc;
    }
    if (!commit)
        return ENG_OK;
    if (rc == ENG_OK)
        return eng_err_set(err, ENG_ERR_PROTOCOL_VIOLATION, 0,
                           "Trino did not end the transaction at COMMIT");
    if (!strncmp(e.sqlstate, "25", 2)) {
        rc = eng_err_set(err, ENG_ERR_TRANSACTION_ROLLBACK, 0,
                         "the transaction was rolled back: %s", e.message);
        if (err)
            err->native = e.native;
        return rc;
    }
    *err = e;
    return rc;
}

/* Runs text to its end (a statement without rows worth keeping). */
static eng_rc run_to_end(remote_stmt *rs, const char *text, size_t len,
                         int line_offset, int64_t *count, eng_error *err)
{
    trino_query *q = NULL;
    eng_rc rc = trino_query_start(rs->client, text, len, line_offset, 0,
                                  &rs->cancelled, 0, &q, err);
    return rc == ENG_OK ? drain(q, count, err) : rc;
}

/*
 * Takes one batch of DESCRIBE's answer into rs (in arena a); *cap is the
 * capacity of the array it appends to. A batch not of the expected shape
 * is a protocol violation.
 */
typedef eng_rc (*describe_take_fn)(remote_stmt *rs, const eng_batch *b,
                                   eng_arena *a, int *cap, eng_error *err);

/*
 * Runs DESCRIBE <what> rs->name ("OUTPUT" or "INPUT") and hands every
 * batch of its answer to take; the batches live in an arena of their own,
 * so take copies what it keeps into a. Returns the first error.
 */
static eng_rc describe(remote_stmt *rs, const char *what,
                       describe_take_fn take, eng_arena *a, eng_error *err)
{
    char text[64];
    int n = snprintf(text, sizeof text, "DESCRIBE %s %s", what, rs->name);
    trino_query *q = NULL;
    eng_rc rc = trino_query_start(rs->client, text, (size_t)n, 0, 0,
                                  &rs->cancelled, 0, &q, err);
    if (rc != ENG_OK)
        return rc;
    eng_arena *ba = eng_arena_create();
    int cap = 0;
    if (!ba) {
        trino_query_close(q);
        return eng_err_oom(err);
    }
    for (;;) {
        eng_batch *b;
        eng_arena_reset(ba);
        rc = trino_query_next(q, ba, &b, err);
        if (rc != ENG_OK || !b)
            break;
        if ((rc = take(rs, b, a, &cap, err)) != ENG_OK)
            break;
    }
    eng_arena_destroy(ba);
    trino_query_close(q);
    return rc;
}

/* Column descriptions from rows of DESCRIBE OUTPUT (name, catalog,
 * schema, table, type, ...). */
static eng_rc take_output(remote_stmt *rs, const eng_batch *b, eng_arena *a,
                          int *cap, eng_error *err)
{
    if (b->ncols < 5)
        return eng_err_set(err, ENG_ERR_PROTOCOL_VIOLATION, 0,
                           "DESCRIBE OUTPUT returned %d columns", b->ncols);
    for (int r = 0; r < b->nrows; r++) {
        if (!eng_array_grow(a, &rs->cols, cap, rs->ncols + 1, sizeof *rs->cols))
            return eng_err_oom(err);
        eng_column_desc *d = &rs->cols[rs->ncols++];
        const char *f[5];
        for (int k = 0; k < 5; k++) {
            eng_value v;
            eng_batch_get(b, k, r, &v);
            f[k] = v.is_null ? eng_arena_strdup(a, "")
                             : eng_arena_strndup(a, v.u.s.ptr, v.u.s.len);
            if (!f[k])
                return eng_err_oom(err);
        }
        bool as_text;
        d->name = f[0];
        d->catalog = f[1];
        d->schema = f[2];
        d->table = f[3];
        d->base_name = f[3][0] ? f[0] : "";
        d->type = trino_type_from_text(f[4], &as_text);
        d->nullable = true;
    }
    return ENG_OK;
}

static eng_rc describe_output(remote_stmt *rs, eng_arena *a, eng_error *err)
{
    rs->ncols = 0;
    rs->cols = NULL;
    return describe(rs, "OUTPUT", take_output, a, err);
}

/* Describes the columns of a running query (RK_EAGER). */
static eng_rc columns_of(remote_stmt *rs, trino_query *q, eng_arena *a,
                         eng_error *err)
{
    const trino_col *tc;
    int n = trino_query_columns(q, &tc);
    rs->ncols = n;
    rs->cols = n ? eng_arena_calloc(a, (size_t)n * sizeof *rs->cols) : NULL;
    if (n && !rs->cols)
        return eng_err_oom(err);
    for (int i = 0; i < n; i++) {
        rs->cols[i].name = eng_arena_strdup(a, tc[i].name);
        if (!rs->cols[i].name)
            return eng_err_oom(err);
        rs->cols[i].type = tc[i].type;
        rs->cols[i].nullable = true;
        rs->cols[i].catalog = rs->cols[i].schema = rs->cols[i].table = "";
        rs->cols[i].base_name = "";
    }
    return ENG_OK;
}

/*
 * Counts the `?` markers of sql outside 'strings' (quotes doubled),
 * "quoted identifiers", -- comments and block comments, as Trino's lexer
 * reads them.
 */
static int count_markers(const char *s, size_t len)
{
    int n = 0;
    size_t i = 0;
    while (i < len) {
        char c = s[i];
        if (c == '\'' || c == '"') {
            for (i++; i < len; i++) {
                if (s[i] == c) {
                    if (i + 1 < len && s[i + 1] == c) {
                        i++;
                        continue;
                    }
                    break;
                }
            }
            i++;
        } else if (c == '-' && i + 1 < len && s[i + 1] == '-') {
            while (i < len && s[i] != '\n')
                i++;
        } else if (c == '/' && i + 1 < len && s[i + 1] == '*') {
            i += 2;
            while (i + 1 < len && !(s[i] == '*' && s[i + 1] == '/'))
                i++;
            i += 2;
        } else {
            if (c == '?')
                n++;
            i++;
        }
    }
    return n;
}

/* The marker type DESCRIBE INPUT's text gives (see the top): false when
 * the marker stays untyped. */
static bool marker_type(const char *text, eng_type *out)
{
    bool as_text;
    int p;
    eng_type t = trino_type_from_text(text, &as_text);
    /* text for a marker with a time zone would need the server's session
     * zone to become a value: such markers stay untyped, the server
     * converts */
    if (!as_text && eng_type_is_tz(t.id))
        return false;
    if (!as_text) {
        /* a varchar(n) marker takes any text: the server checks n */
        *out = t.id == ENG_T_VARCHAR ? eng_type_varchar(0) : t;
        return true;
    }
    if (strstr(text, "with time zone"))
        return false;
    if (sscanf(text, "timestamp(%d)", &p) == 1 && p >= 0) {
        *out = eng_type_timestamp(p > ENG_TS_MAX_PRECISION
                                  ? ENG_TS_MAX_PRECISION : p);
        return true;
    }
    if (sscanf(text, "time(%d)", &p) == 1 && p >= 0) {
        *out = eng_type_time(p > ENG_TS_MAX_PRECISION
                             ? ENG_TS_MAX_PRECISION : p);
        return true;
    }
    if (!strcmp(text, "interval day to second")) {
        *out = eng_type_make(ENG_T_INTERVAL_DS);
        return true;
    }
    if (!strcmp(text, "interval year to month")) {
        *out = eng_type_make(ENG_T_INTERVAL_YM);
        return true;
    }
    return false;
}

/* Marker types from rows of DESCRIBE INPUT (position, type). */
static eng_rc take_input(remote_stmt *rs, const eng_batch *b, eng_arena *a,
                         int *cap, eng_error *err)
{
    if (b->ncols < 2 || b->cols[1].type.id != ENG_T_VARCHAR)
        return eng_err_set(err, ENG_ERR_PROTOCOL_VIOLATION, 0,
                           "DESCRIBE INPUT returned %d columns", b->ncols);
    for (int r = 0; r < b->nrows; r++) {
        if (!eng_array_grow(a, &rs->ptypes, cap, rs->nparams + 1,
                            sizeof *rs->ptypes))
            return eng_err_oom(err);
        eng_value v;
        char tname[128];
        eng_batch_get(b, 1, r, &v);
        snprintf(tname, sizeof tname, "%.*s",
                 v.is_null ? 0 : (int)v.u.s.len, v.is_null ? "" : v.u.s.ptr);
        eng_type *t = &rs->ptypes[rs->nparams++];
        if (!marker_type(tname, t))
            *t = eng_type_make(ENG_T_UNKNOWN);
    }
    return ENG_OK;
}

static eng_rc describe_input(remote_stmt *rs, eng_arena *a, eng_error *err)
{
    rs->nparams = 0;
    rs->ptypes = NULL;
    return describe(rs, "INPUT", take_input, a, err);
}

/* PREPARE rs->name FROM the statement's text (a fresh name). */
static eng_rc prepare_on_server(remote_stmt *rs, eng_error *err)
{
    static int counter;
    snprintf(rs->name, sizeof rs->name, "meshodbc_%d",
             __atomic_add_fetch(&counter, 1, __ATOMIC_RELAXED));
    size_t n = rs->len + 64;
    char *text = eng_malloc(n);
    if (!text)
        return eng_err_oom(err);
    /* the newline keeps the user's columns; lines shift by one */
    int tl = snprintf(text, n, "PREPARE %s FROM\n", rs->name);
    memcpy(text + tl, rs->sql, rs->len);
    eng_rc rc = run_to_end(rs, text, (size_t)tl + rs->len, 1, NULL, err);
    eng_free(text);
    if (rc == ENG_OK)
        rs->prepared = true;
    return rc;
}

eng_rc remote_prepare(eng_conn *c, const char *sql, size_t len, eng_arena *a,
                      remote_stmt **out, eng_error *err)
{
    char kw[16];

    *out = NULL;
    remote_stmt *rs = eng_calloc(1, sizeof *rs);
    if (!rs)
        return eng_err_oom(err);
    pthread_mutex_init(&rs->mu, NULL);
    rs->conn = c;
    rs->client = c->remote;
    rs->sql = eng_malloc(len + 1);
    rs->batch_arena = eng_arena_create();
    if (!rs->sql || !rs->batch_arena) {
        remote_free(rs);
        return eng_err_oom(err);
    }
    memcpy(rs->sql, sql, len);
    rs->sql[len] = '\0';
    rs->len = len;
    first_keyword(sql, len, kw, sizeof kw);
    memcpy(rs->kw, kw, sizeof rs->kw);
    int markers = count_markers(sql, len);

    eng_rc rc = ENG_OK;
    if (!strcmp(kw, "select") || !strcmp(kw, "with") || !strcmp(kw, "values") ||
        !strcmp(kw, "table") || !strcmp(kw, "(")) {
        rs->kind = RK_QUERY;
        rc = prepare_on_server(rs, err);
        if (rc == ENG_OK)
            rc = describe_output(rs, a, err);
    } else if (!strcmp(kw, "show") || !strcmp(kw, "describe") ||
               !strcmp(kw, "explain")) {
        rs->kind = RK_EAGER;
        if (markers > 0) {
            rc = eng_err_set(err, ENG_ERR_FEATURE_NOT_SUPPORTED, 0,
                             "parameter markers in %s are not supported in "
                             "Trino mode", kw);
        } else {
            /* it runs now: inside the transaction autocommit off asks for */
            rc = txn_begin_if_needed(c, kw, err);
            if (rc == ENG_OK)
                rc = trino_query_start(rs->client, sql, len, 0, 0, &rs->cancelled,
                                       0, &rs->pending, err);
            if (rc == ENG_OK)
                rc = columns_of(rs, rs->pending, a, err);
        }
    } else {
        rs->kind = RK_OTHER;
        if (markers > 0)
            rc = prepare_on_server(rs, err);
    }
    if (rc == ENG_OK && markers > 0)
        rc = describe_input(rs, a, err);
    if (rc != ENG_OK) {
        remote_free(rs);
        return rc;
    }
    *out = rs;
    return ENG_OK;
}

int remote_nparams(const remote_stmt *rs, const eng_type **types)
{
    *types = rs->ptypes;
    return rs->nparams;
}

/*
 * The text to run: the statement itself, EXECUTE name, or EXECUTE name
 * USING the values as literals; heap memory in *out (the caller frees).
 */
static eng_rc exec_text(remote_stmt *rs, const eng_value *params, int np,
                        char **out, size_t *outlen, eng_error *err)
{
    eng_strbuf b;
    eng_sb_init(&b, NULL);
    if (!rs->prepared) {
        eng_sb_add(&b, rs->sql, rs->len);
    } else {
        eng_sb_printf(&b, "EXECUTE %s", rs->name);
        for (int i = 0; i < np; i++) {
            eng_sb_puts(&b, i ? ", " : " USING ");
            trino_literal(&b, &params[i]);
        }
    }
    const char *t = eng_sb_text(&b);
    if (!t) {
        eng_sb_free(&b);
        return eng_err_oom(err);
    }
    *outlen = strlen(t);
    *out = eng_malloc(*outlen + 1);
    if (!*out) {
        eng_sb_free(&b);
        return eng_err_oom(err);
    }
    memcpy(*out, t, *outlen + 1);
    eng_sb_free(&b);
    return ENG_OK;
}

/* Takes a query's result columns from its execution (untyped markers
 * follow the values), in a fresh columns arena. */
static eng_rc columns_from_execution(remote_stmt *rs, trino_query *q,
                                     eng_error *err)
{
    eng_arena *a = eng_arena_create();
    if (!a)
        return eng_err_oom(err);
    eng_rc rc = columns_of(rs, q, a, err);
    if (rc != ENG_OK) {
        /* columns_of left rs->cols half-built in a: keep nothing */
        rs->ncols = 0;
        rs->cols = NULL;
        eng_arena_destroy(a);
        eng_arena_destroy(rs->cols_arena);
        rs->cols_arena = NULL;
        return rc;
    }
    eng_arena_destroy(rs->cols_arena);
    rs->cols_arena = a;
    return ENG_OK;
}

int remote_ncols(const remote_stmt *rs, eng_column_desc **cols)
{
    *cols = rs->cols;
    return rs->ncols;
}

eng_rc remote_execute(remote_stmt *rs, const eng_value *params, int np,
                      unsigned timeout_s, int64_t *rowcount, eng_error *err)
{
    trino_query *q = NULL;
    eng_rc rc;
    int64_t deadline = timeout_s ? now_ms() + (int64_t)timeout_s * 1000 : 0;

    remote_close_cursor(rs);
    __atomic_store_n(&rs->cancelled, 0, __ATOMIC_RELEASE);
    *rowcount = -1;
    if (np != rs->nparams)
        return eng_err_set(err, ENG_ERR_COUNT_FIELD_INCORRECT, 0,
                           "the statement has %d parameter markers and %d "
                           "values were given", rs->nparams, np);
    if (rs->kind == RK_EAGER && rs->pending) {
        q = rs->pending;
        rs->pending = NULL;
    } else {
        bool ending = !strcmp(rs->kw, "commit") || !strcmp(rs->kw, "rollback");
        if (ending && rs->conn->autocommit_off && !trino_client_in_txn(rs->client)) {
            /* autocommit off: a transaction has not begun yet, so there
             * is nothing to end (as SQLEndTran without one) */
            *rowcount = 0;
            return ENG_OK;
        }
        if ((rc = txn_begin_if_needed(rs->conn, rs->kw, err)) != ENG_OK)
            return rc;
        char *text = NULL;
        size_t tl = 0;
        if ((rc = exec_text(rs, params, np, &text, &tl, err)) != ENG_OK)
            return rc;
        rc = trino_query_start(rs->client, text, tl, 0, deadline,
                               &rs->cancelled, timeout_s, &q, err);
        eng_free(text);
        if (rc != ENG_OK) {
            /* a refused COMMIT/ROLLBACK leaves the id set on the server's
             * side of the protocol: the transaction is over all the same */
            if (ending)
                trino_client_clear_txn(rs->client);
            return rc;
        }
    }
    if (rs->kind == RK_OTHER) {
        int64_t n = -1;
        pthread_mutex_lock(&rs->mu);
        rs->q = q;
        pthread_mutex_unlock(&rs->mu);
        eng_batch *b;
        do {
            eng_arena_reset(rs->batch_arena);
            rc = trino_query_next(q, rs->batch_arena, &b, err);
        } while (rc == ENG_OK && b);
        n = trino_query_update_count(q);
        remote_close_cursor(rs);
        if (rc != ENG_OK && (!strcmp(rs->kw, "commit") || !strcmp(rs->kw, "rollback")))
            trino_client_clear_txn(rs->client);
        if (rc == ENG_OK)
            *rowcount = n >= 0 ? n : 0;
        return rc;
    }
    /* The shape must be what eng_prepare described: the driver bound it.
     * With markers the types may follow the values: take them from the
     * execution (the driver reads the columns again after each one). */
    const trino_col *tc;
    int n = trino_query_columns(q, &tc);
    bool same = n == rs->ncols, exact = same;
    for (int i = 0; same && i < n; i++) {
        same = tc[i].type.id == rs->cols[i].type.id;
        exact = exact && eng_type_equal(tc[i].type, rs->cols[i].type);
    }
    if (!exact && rs->nparams > 0 && n == rs->ncols) {
        if ((rc = columns_from_execution(rs, q, err)) != ENG_OK) {
            trino_query_close(q);
            return rc;
        }
        same = true;
    }
    if (!same) {
        trino_query_close(q);
        return eng_err_set(err, ENG_ERR_INTERNAL, 0,
                           "the result of the statement changed shape since it was prepared (%d columns, described %d); prepare it again",
                           n, rs->ncols);
    }
    pthread_mutex_lock(&rs->mu);
    rs->q = q;
    pthread_mutex_unlock(&rs->mu);
    return ENG_OK;
}

eng_rc remote_fetch(remote_stmt *rs, const eng_batch **out, eng_error *err)
{
    eng_batch *b = NULL;
    *out = NULL;
    if (!rs->q)
        return ENG_OK;
    eng_arena_reset(rs->batch_arena);
    eng_rc rc = trino_query_next(rs->q, rs->batch_arena, &b, err);
    if (rc != ENG_OK || !b) {
        remote_close_cursor(rs);
        return rc;
    }
    *out = b;
    return ENG_OK;
}

void remote_close_cursor(remote_stmt *rs)
{
    pthread_mutex_lock(&rs->mu);
    trino_query *q = rs->q;
    rs->q = NULL;
    pthread_mutex_unlock(&rs->mu);
    trino_query_close(q);
}

void remote_cancel(remote_stmt *rs)
{
    __atomic_store_n(&rs->cancelled, 1, __ATOMIC_RELEASE);
    pthread_mutex_lock(&rs->mu);
    if (rs->q)
        trino_query_cancel(rs->q);
    pthread_mutex_unlock(&rs->mu);
}

void remote_free(remote_stmt *rs)
{
    if (!rs)
        return;
    remote_close_cursor(rs);
    trino_query_close(rs->pending);
    if (rs->prepared)
        trino_client_forget_prepared(rs->client, rs->name);
    eng_free(rs->sql);
    eng_arena_destroy(rs->batch_arena);
    eng_arena_destroy(rs->cols_arena);
    pthread_mutex_destroy(&rs->mu);
    eng_free(rs);
}
