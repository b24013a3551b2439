/*
 * tests/odbc/odbc_util.c
 *   Implementation of the ODBC test helpers (see odbc_util.h).
 */
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
