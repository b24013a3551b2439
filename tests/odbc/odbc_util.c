/*
 * tests/odbc/odbc_util.c
 *   Implementation of the ODBC test helpers (see odbc_util.h).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "odbc_util.h"

SQLRETURN ou_connect(ou_conn *c, const char *connstr, ou_diag *diag)
{
    SQLRETURN rc;
    SQLCHAR out[1024];
    SQLSMALLINT outlen;

    memset(c, 0, sizeof *c);
    SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &c->env);
    SQLSetEnvAttr(c->env, SQL_ATTR_ODBC_VERSION, (SQLPOINTER)SQL_OV_ODBC3, 0);
    SQLAllocHandle(SQL_HANDLE_DBC, c->env, &c->dbc);
    rc = SQLDriverConnect(c->dbc, NULL, (SQLCHAR *)connstr, SQL_NTS, out,
                          sizeof out, &outlen, SQL_DRIVER_NOPROMPT);
    if (!SQL_SUCCEEDED(rc) && diag)
        ou_last_diag(SQL_HANDLE_DBC, c->dbc, diag);
    return rc;
}

void ou_disconnect(ou_conn *c)
{
    if (c->dbc) {
        SQLDisconnect(c->dbc);
        SQLFreeHandle(SQL_HANDLE_DBC, c->dbc);
    }
    if (c->env)
        SQLFreeHandle(SQL_HANDLE_ENV, c->env);
    memset(c, 0, sizeof *c);
}

int ou_last_diag(SQLSMALLINT type, SQLHANDLE h, ou_diag *d)
{
    SQLSMALLINT len;
    memset(d, 0, sizeof *d);
    SQLRETURN rc = SQLGetDiagRec(type, h, 1, (SQLCHAR *)d->sqlstate, &d->native,
                                 (SQLCHAR *)d->message, sizeof d->message, &len);
    return SQL_SUCCEEDED(rc) ? 0 : -1;
}

SQLRETURN ou_query(ou_conn *c, SQLHSTMT *stmt, const char *sql,
                   ou_result *out, ou_diag *diag)
{
    SQLRETURN rc;
    SQLSMALLINT ncols = 0;
    int cap = 0;

    memset(out, 0, sizeof *out);
    if (diag)
        memset(diag, 0, sizeof *diag);
    if (*stmt == SQL_NULL_HSTMT)
        SQLAllocHandle(SQL_HANDLE_STMT, c->dbc, stmt);
    else
        SQLFreeStmt(*stmt, SQL_CLOSE);
    rc = SQLExecDirect(*stmt, (SQLCHAR *)sql, SQL_NTS);
    if (!SQL_SUCCEEDED(rc))
        goto fail;
    rc = SQLNumResultCols(*stmt, &ncols);
    if (!SQL_SUCCEEDED(rc))
        goto fail;
    out->ncols = ncols;
    /* a statement without a result set (DDL, INSERT) leaves nothing to free */
    if (ncols > 0)
        out->names = calloc((size_t)ncols + 1, sizeof(char *));
    for (int i = 0; i < ncols; i++) {
        SQLCHAR name[256];
        SQLSMALLINT nlen, type, dec, nul;
        SQLULEN size;
        SQLDescribeCol(*stmt, (SQLUSMALLINT)(i + 1), name, sizeof name, &nlen,
                       &type, &size, &dec, &nul);
        out->names[i] = strdup((char *)name);
    }
    for (;;) {
        rc = SQLFetch(*stmt);
        if (rc == SQL_NO_DATA)
            break;
        if (!SQL_SUCCEEDED(rc))
            goto fail;
        /* room for the whole row, all NULL, counted at once so that a
         * failure half-way through the row frees what was read */
        int base = out->nrows * out->ncols;
        if (base + ncols > cap) {
            while (base + ncols > cap)
                cap = cap ? cap * 2 : 256;
            out->cells = realloc(out->cells, sizeof(char *) * (size_t)cap);
        }
        for (int i = 0; i < ncols; i++)
            out->cells[base + i] = NULL;
        out->nrows++;
        for (int i = 0; i < ncols; i++) {
            char buf[4096];
            SQLLEN ind;
            rc = SQLGetData(*stmt, (SQLUSMALLINT)(i + 1), SQL_C_CHAR, buf, sizeof buf, &ind);
            if (!SQL_SUCCEEDED(rc))
                goto fail;
            out->cells[base + i] = ind == SQL_NULL_DATA ? NULL : strdup(buf);
        }
    }
    SQLFreeStmt(*stmt, SQL_CLOSE);
    return SQL_SUCCESS;
fail:
    if (diag)
        ou_last_diag(SQL_HANDLE_STMT, *stmt, diag);
    SQLFreeStmt(*stmt, SQL_CLOSE);
    ou_result_free(out);   /* a failed query leaves no result behind */
    return rc == SQL_SUCCESS ? SQL_ERROR : rc;
}

void ou_result_free(ou_result *r)
{
    for (int i = 0; i < r->ncols; i++)
        free(r->names ? r->names[i] : NULL);
    for (int i = 0; i < r->nrows * r->ncols; i++)
        free(r->cells[i]);
    free(r->names);
    free(r->cells);
    memset(r, 0, sizeof *r);
}

int ou_csv_load(const char *path, ou_result *out)
{
    FILE *f = fopen(path, "r");
    char line[8192];
    int cap = 0, first = 1;

    memset(out, 0, sizeof *out);
    if (!f)
        return -1;
    while (fgets(line, sizeof line, f)) {
        size_t n = strlen(line);
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        int nf = 1;
        for (char *p = line; *p; p++)
            nf += *p == ',';
        if (first) {
            out->ncols = nf;
            out->names = calloc((size_t)nf + 1, sizeof(char *));
        } else if (nf != out->ncols) {
            fclose(f);
            return -1;
        }
        char *p = line;
        for (int i = 0; i < nf; i++) {
            char *e = strchr(p, ',');
            if (e)
                *e = '\0';
            if (first) {
                out->names[i] = strdup(p);
            } else {
                int k = out->nrows * out->ncols + i;
                if (k >= cap) {
                    cap = cap ? cap * 2 : 256;
                    out->cells = realloc(out->cells, sizeof(char *) * (size_t)cap);
                }
                out->cells[k] = *p ? strdup(p) : NULL;
            }
            p = e ? e + 1 : p + strlen(p);
        }
        if (!first)
            out->nrows++;
        first = 0;
    }
    fclose(f);
    return 0;
}

int ou_cluster(const char *verb, const char *name)
{
    char cmd[4096];
    const char *src = getenv("top_srcdir");
    const char *dir = getenv("MESH_TEST_DIR");
    snprintf(cmd, sizeof cmd, "%s/tests/pg_cluster.sh %s %s %s >/dev/null 2>&1",
             src ? src : ".", verb, dir ? dir : "/nonexistent", name ? name : "");
    return system(cmd);
}

const char *ou_srcpath(const char *rel)
{
    static char buf[4096];
    const char *src = getenv("top_srcdir");
    snprintf(buf, sizeof buf, "%s/%s", src ? src : ".", rel);
    return buf;
}

char *ou_file_sql(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, len = 0;
    char *out = malloc(cap);
    char line[4096];
    while (fgets(line, sizeof line, f)) {
        char *c = strstr(line, "--");
        if (c)
            *c = '\0';
        size_t n = strlen(line);
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (len + n + 2 >= cap)
            out = realloc(out, cap *= 2);
        memcpy(out + len, line, n);
        len += n;
        out[len++] = ' ';
    }
    fclose(f);
    while (len && (out[len - 1] == ' ' || out[len - 1] == ';'))
        len--;
    out[len] = '\0';
    return out;
}

void ou_pg_connstr(const char *port, char *buf, size_t cap)
{
    const char *drv = getenv("PSQLODBC_DRIVER");
    snprintf(buf, cap,
             "Driver=%s;Servername=127.0.0.1;Port=%s;Database=postgres;UID=postgres;PWD=postgres;",
             drv ? drv : "/usr/lib/x86_64-linux-gnu/odbc/psqlodbcw.so", port ? port : "0");
}

/* One server a fixture writes to: its port and an open connection. */
typedef struct fx_server {
    char name[64];
    const char *port;
    ou_conn conn;
    int open;
} fx_server;

/* Runs sql on server s (connecting on first use); 0 or -1 (printed). */
static int fx_exec(fx_server *s, const char *sql)
{
    ou_diag d;
    ou_result r;
    SQLHSTMT st = SQL_NULL_HSTMT;
    if (!s->open) {
        char cs[1024];
        if (!s->port) {
            fprintf(stderr, "fixture: no port for server %s (MESH_PORT_*)\n", s->name);
            return -1;
        }
        ou_pg_connstr(s->port, cs, sizeof cs);
        if (!SQL_SUCCEEDED(ou_connect(&s->conn, cs, &d))) {
            fprintf(stderr, "fixture: connect to %s failed: %s %s\n", s->name,
                    d.sqlstate, d.message);
            ou_disconnect(&s->conn);
            return -1;
        }
        s->open = 1;
    }
    SQLRETURN rc = ou_query(&s->conn, &st, sql, &r, &d);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    if (!SQL_SUCCEEDED(rc)) {
        fprintf(stderr, "fixture on %s: %s\n  %s %s\n", s->name, sql, d.sqlstate, d.message);
        return -1;
    }
    ou_result_free(&r);
    return 0;
}

/* The server of catalog `name` in servers[] (added on first use). */
static fx_server *fx_server_of(fx_server *servers, int *n, int max, const char *name)
{
    for (int i = 0; i < *n; i++)
        if (!strcmp(servers[i].name, name))
            return &servers[i];
    if (*n == max)
        return NULL;
    fx_server *s = &servers[(*n)++];
    char var[96];
    memset(s, 0, sizeof *s);
    snprintf(s->name, sizeof s->name, "%s", name);
    snprintf(var, sizeof var, "MESH_PORT_%s", name);
    for (char *v = var; *v; v++)
        *v = (char)toupper((unsigned char)*v);
    s->port = getenv(var);
    return s;
}

/* Loads (drop_only = 0) or cleans up (1) the fixture at path. */
static int fx_run(const char *path, int drop_only)
{
    enum { MAXS = 8 };
    fx_server servers[MAXS];
    int nservers = 0, rc = 0;
    char cleanup[1024] = "", line[8192];
    size_t cap = 1 << 14, len = 0;
    char *stmt = malloc(cap);
    fx_server *cur = NULL, *ref = NULL;
    FILE *f = fopen(path, "r");
    if (!f || !stmt) {
        fprintf(stderr, "fixture: cannot read %s\n", path);
        free(stmt);
        if (f)
            fclose(f);
        return -1;
    }
    if (getenv("MESH_PORT_REFDB"))
        ref = fx_server_of(servers, &nservers, MAXS, "refdb");
    while (rc == 0 && fgets(line, sizeof line, f)) {
        size_t n = strlen(line);
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' '))
            line[--n] = '\0';
        const char *p = line;
        while (*p == ' ')
            p++;
        if (!strncmp(p, "-- catalog:", 11)) {
            p += 11;
            while (*p == ' ')
                p++;
            cur = fx_server_of(servers, &nservers, MAXS, p);
            if (!cur) {
                rc = -1;
                break;
            }
            /* first use of a server: its cleanup runs first (and the
             * reference's, once) */
            if (drop_only)
                continue;
            if (cleanup[0] && !cur->open)
                rc = fx_exec(cur, cleanup);
            if (rc == 0 && ref && !ref->open && cleanup[0])
                rc = fx_exec(ref, cleanup);
            continue;
        }
        if (!strncmp(p, "-- cleanup:", 11)) {
            p += 11;
            while (*p == ' ')
                p++;
            snprintf(cleanup, sizeof cleanup, "%s", p);
            continue;
        }
        if (!strncmp(p, "--", 2) || !*p || drop_only)
            continue;
        if (len + n + 2 > cap) {
            while (len + n + 2 > cap)
                cap *= 2;
            char *bigger = realloc(stmt, cap);
            if (!bigger) {
                rc = -1;
                break;
            }
            stmt = bigger;
        }
        memcpy(stmt + len, line, n);
        len += n;
        stmt[len++] = '\n';
        stmt[len] = '\0';
        if (line[n - 1] != ';')
            continue;
        stmt[len - 2] = '\0';   /* the ';' and the newline */
        if (!cur) {
            fprintf(stderr, "fixture %s: a statement before any '-- catalog:'\n", path);
            rc = -1;
            break;
        }
        rc = fx_exec(cur, stmt);
        if (rc == 0 && ref)
            rc = fx_exec(ref, stmt);
        len = 0;
    }
    fclose(f);
    free(stmt);
    if (drop_only && cleanup[0])
        for (int i = 0; i < nservers; i++)
            rc |= fx_exec(&servers[i], cleanup);
    for (int i = 0; i < nservers; i++)
        if (servers[i].open)
            ou_disconnect(&servers[i].conn);
    return rc;
}

int ou_fixture_load(const char *path)
{
    return fx_run(path, 0);
}

void ou_fixture_drop(const char *path)
{
    (void)fx_run(path, 1);
}

/* ---- the shared connection fixture -------------------------------- */

int ou_open(ou_conn *c, const char *connstr)
{
    ou_diag d;
    if (SQL_SUCCEEDED(ou_connect(c, connstr, &d)))
        return 0;
    fprintf(stderr, "connect: %s %s\n", d.sqlstate, d.message);
    ou_disconnect(c);
    return -1;
}

const char *ou_state(SQLSMALLINT type, SQLHANDLE h, int rec)
{
    static char st[6];
    SQLINTEGER nat;
    SQLCHAR msg[2048];
    SQLSMALLINT len;
    st[0] = '\0';
    SQLGetDiagRec(type, h, (SQLSMALLINT)rec, (SQLCHAR *)st, &nat, msg,
                  sizeof msg, &len);
    return st;
}

const char *ou_message(SQLSMALLINT type, SQLHANDLE h, int rec)
{
    static char msg[2048];
    char st[6];
    SQLINTEGER nat;
    SQLSMALLINT len;
    msg[0] = '\0';
    SQLGetDiagRec(type, h, (SQLSMALLINT)rec, (SQLCHAR *)st, &nat,
                  (SQLCHAR *)msg, sizeof msg, &len);
    return msg;
}

int ou_pg_open(ou_conn *c, const char *catalog)
{
    char var[96], cs[1024];
    ou_diag d;
    snprintf(var, sizeof var, "MESH_PORT_%s", catalog);
    for (char *v = var; *v; v++)
        *v = (char)toupper((unsigned char)*v);
    ou_pg_connstr(getenv(var), cs, sizeof cs);
    if (SQL_SUCCEEDED(ou_connect(c, cs, &d)))
        return 0;
    fprintf(stderr, "psqlODBC connect to %s: %s %s\n", catalog, d.sqlstate,
            d.message);
    ou_disconnect(c);
    return -1;
}

int ou_exec_list(ou_conn *c, const char *const *sqls)
{
    for (; sqls && *sqls; sqls++) {
        SQLHSTMT st = SQL_NULL_HSTMT;
        ou_result r;
        ou_diag d;
        SQLRETURN rc = ou_query(c, &st, *sqls, &r, &d);
        SQLFreeHandle(SQL_HANDLE_STMT, st);
        if (!SQL_SUCCEEDED(rc)) {
            fprintf(stderr, "psqlODBC: %s: %s %s\n", *sqls, d.sqlstate, d.message);
            return -1;
        }
        ou_result_free(&r);
    }
    return 0;
}

SQLRETURN ou_exec(ou_conn *c, const char *sql, ou_diag *diag)
{
    SQLHSTMT st = SQL_NULL_HSTMT;
    SQLRETURN rc = SQLAllocHandle(SQL_HANDLE_STMT, c->dbc, &st);
    if (!SQL_SUCCEEDED(rc)) {
        if (diag)
            ou_last_diag(SQL_HANDLE_DBC, c->dbc, diag);
        return rc;
    }
    rc = SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS);
    if (!SQL_SUCCEEDED(rc) && diag)
        ou_last_diag(SQL_HANDLE_STMT, st, diag);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    return rc;
}

char *ou_rows_text(ou_conn *c, const char *sql, ou_diag *diag)
{
    SQLHSTMT st = SQL_NULL_HSTMT;
    ou_result r;
    SQLRETURN rc = ou_query(c, &st, sql, &r, diag);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    if (!SQL_SUCCEEDED(rc))
        return NULL;
    size_t cap = 1, len = 0;
    for (int i = 0; i < r.nrows * r.ncols; i++)
        cap += strlen(r.cells[i] ? r.cells[i] : "NULL") + 1;
    char *text = malloc(cap);
    if (text) {
        text[0] = '\0';
        for (int i = 0; i < r.nrows; i++)
            for (int k = 0; k < r.ncols; k++) {
                const char *v = r.cells[i * r.ncols + k];
                len += (size_t)snprintf(text + len, cap - len, "%s%s",
                                        v ? v : "NULL",
                                        k + 1 < r.ncols ? "|" : "\n");
            }
    } else if (diag) {
        snprintf(diag->sqlstate, sizeof diag->sqlstate, "HY001");
        snprintf(diag->message, sizeof diag->message, "out of memory (test)");
    }
    ou_result_free(&r);
    return text;
}

int ou_suite_setup(void **state, const char *const *catalogs,
                   const char *const *const *make, const char *mesh_keys)
{
    ou_suite *s = calloc(1, sizeof *s);
    char cs[1024];
    if (!s)
        return -1;
    for (int i = 0; catalogs && catalogs[i]; i++) {
        if (s->npg == OU_SUITE_MAX_PG || ou_pg_open(&s->pg[s->npg], catalogs[i]))
            goto fail;
        s->npg++;
        if (make && ou_exec_list(&s->pg[i], make[i]))
            goto fail;
    }
    snprintf(cs, sizeof cs, "%s%s", OU_DSN, mesh_keys ? mesh_keys : "");
    if (ou_open(&s->mesh, cs))
        goto fail;
    *state = s;
    return 0;
fail:
    *state = s;
    ou_suite_teardown(state, NULL);
    return -1;
}

int ou_suite_teardown(void **state, const char *const *drop)
{
    ou_suite *s = *state;
    if (!s)
        return 0;
    for (int i = 0; i < s->npg; i++) {
        (void)ou_exec_list(&s->pg[i], drop);
        ou_disconnect(&s->pg[i]);
    }
    ou_disconnect(&s->mesh);
    free(s);
    *state = NULL;
    return 0;
}
