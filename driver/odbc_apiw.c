/*
 * driver/odbc_apiw.c
 *   The SQLxxxW (UTF-16) entry points: arguments are converted to UTF-8,
 *   the same internal functions as the ANSI entry points run, and string
 *   results are converted back with lengths in characters (or bytes
 *   where ODBC says so: SQLGetInfoW, SQLColAttributeW, SQLGetDiagFieldW,
 *   SQLGetConnectAttrW, SQLGetDescFieldW).
 * Interface: SQLConnectW, SQLDriverConnectW, SQLBrowseConnectW,
 *   SQLExecDirectW, SQLPrepareW,
 *   SQLDescribeColW, SQLColAttributeW, SQLGetDiagRecW, SQLGetDiagFieldW,
 *   SQLGetInfoW, SQLGetConnectAttrW, SQLSetConnectAttrW, SQLGetStmtAttrW,
 *   SQLSetStmtAttrW, SQLTablesW, SQLColumnsW, SQLGetTypeInfoW,
 *   SQLNativeSqlW, SQLPrimaryKeysW, SQLForeignKeysW, SQLStatisticsW,
 *   SQLSpecialColumnsW, SQLProceduresW, SQLGetDescFieldW,
 *   SQLProcedureColumnsW, SQLTablePrivilegesW, SQLColumnPrivilegesW,
 *   SQLGetDescRecW, SQLSetDescFieldW, SQLGetCursorNameW,
 *   SQLSetCursorNameW.
 * Not here: the conversions themselves (unicode.c); any statement logic.
 *
 * String results are produced by calling the internal function once to
 * learn the UTF-8 length, then again into a buffer of that size.
 */
#include <string.h>
#include "driver.h"

#define ENTER_STMT(h, fn) \
    drv_stmt *s = api_stmt_enter(h, true, fn); \
    if (!s) \
        return SQL_INVALID_HANDLE
#define ENTER_DBC(h, fn) \
    drv_dbc *c = api_dbc_enter(h, true, fn); \
    if (!c) \
        return SQL_INVALID_HANDLE

/* Converts a W argument (len characters or SQL_NTS) to UTF-8. */
static char *u8(const SQLWCHAR *w, SQLLEN len, bool *ok)
{
    bool o;
    char *r = uc_to_utf8(w, len, NULL, &o);
    if (!o)
        *ok = false;
    return r;
}

/* A catalog argument from UTF-16; the UTF-8 copy is owned by the caller. */
static cat_arg warg(const SQLWCHAR *w, SQLSMALLINT len, bool *ok)
{
    cat_arg a = {u8(w, len, ok), SQL_NTS};
    return a;
}

/* SQLConnectW: converts UTF-16 arguments and results; the work is done by
 * dbc_connect(). */
SQLRETURN SQL_API SQLConnectW(SQLHDBC h, SQLWCHAR *dsn, SQLSMALLINT dsnlen,
                              SQLWCHAR *uid, SQLSMALLINT uidlen,
                              SQLWCHAR *pwd, SQLSMALLINT pwdlen)
{
    ENTER_DBC(h, "SQLConnectW");
    bool ok = true;
    char *d = u8(dsn, dsnlen, &ok), *u = u8(uid, uidlen, &ok),
         *p = u8(pwd, pwdlen, &ok);
    SQLRETURN rc = ok ? dbc_connect(c, d, u, p) : diag_oom(&c->diag);
    eng_free(d);
    eng_free(u);
    eng_free(p);
    return api_dbc_exit(c, rc);
}

/* SQLDriverConnectW: converts UTF-16 arguments and results; the work is done by
 * dbc_driver_connect(). */
SQLRETURN SQL_API SQLDriverConnectW(SQLHDBC h, SQLHWND hwnd, SQLWCHAR *in,
                                    SQLSMALLINT inlen, SQLWCHAR *out,
                                    SQLSMALLINT outcap, SQLSMALLINT *outlen,
                                    SQLUSMALLINT completion)
{
    (void)hwnd;
    ENTER_DBC(h, "SQLDriverConnectW");
    bool ok = true;
    char *i = u8(in, inlen, &ok);
    SQLRETURN rc;
    if (!ok) {
        rc = diag_oom(&c->diag);
    } else {
        char buf[4096];
        SQLLEN full = 0;
        rc = dbc_driver_connect(c, i ? i : "", SQL_NTS, buf, sizeof buf,
                                &full, completion);
        if (SQL_SUCCEEDED(rc)) {
            diag_clear(&c->diag);  /* a 01004 for buf does not apply */
            SQLLEN n = 0;
            rc = uc_put(&c->diag, buf, out, out ? outcap : 0, false, &n);
            if (outlen)
                *outlen = (SQLSMALLINT)n;
        }
    }
    eng_free(i);
    return api_dbc_exit(c, rc);
}

/* SQLBrowseConnectW: converts UTF-16 arguments and results; the work is
 * done by dbc_browse_connect(). */
SQLRETURN SQL_API SQLBrowseConnectW(SQLHDBC h, SQLWCHAR *in,
                                    SQLSMALLINT inlen, SQLWCHAR *out,
                                    SQLSMALLINT outcap, SQLSMALLINT *outlen)
{
    ENTER_DBC(h, "SQLBrowseConnectW");
    bool ok = true;
    char *i = u8(in, inlen, &ok);
    SQLRETURN rc;
    if (!ok) {
        rc = diag_oom(&c->diag);
    } else {
        char buf[4096];
        SQLLEN full = 0;
        rc = dbc_browse_connect(c, i ? i : "", SQL_NTS, buf, sizeof buf,
                                &full);
        if (SQL_SUCCEEDED(rc) || rc == SQL_NEED_DATA) {
            SQLRETURN prc;
            diag_clear(&c->diag);  /* a 01004 for buf does not apply */
            SQLLEN n = 0;
            prc = uc_put(&c->diag, buf, out, out ? outcap : 0, false, &n);
            if (outlen)
                *outlen = (SQLSMALLINT)n;
            if (rc != SQL_NEED_DATA)
                rc = prc;
        }
    }
    eng_free(i);
    return api_dbc_exit(c, rc);
}

/* SQLExecDirectW: converts UTF-16 arguments and results; the work is done by
 * stmt_exec_direct(). */
SQLRETURN SQL_API SQLExecDirectW(SQLHSTMT h, SQLWCHAR *sql, SQLINTEGER len)
{
    ENTER_STMT(h, "SQLExecDirectW");
    bool ok = true;
    size_t n = 0;
    char *q = uc_to_utf8(sql, len, &n, &ok);
    SQLRETURN rc = !ok ? diag_oom(&s->diag)
                       : stmt_exec_direct(s, q, q ? (SQLLEN)n : 0);
    eng_free(q);
    return api_stmt_exit(s, rc);
}

/* SQLPrepareW: converts UTF-16 arguments and results; the work is done by
 * stmt_prepare(). */
SQLRETURN SQL_API SQLPrepareW(SQLHSTMT h, SQLWCHAR *sql, SQLINTEGER len)
{
    ENTER_STMT(h, "SQLPrepareW");
    bool ok = true;
    size_t n = 0;
    char *q = uc_to_utf8(sql, len, &n, &ok);
    SQLRETURN rc = !ok ? diag_oom(&s->diag)
                       : stmt_prepare(s, q, q ? (SQLLEN)n : 0);
    eng_free(q);
    return api_stmt_exit(s, rc);
}

/* SQLNativeSqlW: converts UTF-16 arguments and results (lengths in
 * characters); the work is done by dbc_native_sql(). */
SQLRETURN SQL_API SQLNativeSqlW(SQLHDBC h, SQLWCHAR *in, SQLINTEGER inlen,
                                SQLWCHAR *out, SQLINTEGER outcap,
                                SQLINTEGER *outlen)
{
    ENTER_DBC(h, "SQLNativeSqlW");
    bool ok = true;
    size_t n = 0;
    char *i = in && (inlen >= 0 || inlen == SQL_NTS)
                  ? uc_to_utf8(in, inlen, &n, &ok) : NULL;
    SQLRETURN rc;
    if (!ok) {
        rc = diag_oom(&c->diag);
    } else {
        char *text;
        rc = dbc_native_sql(c, in ? (i ? i : "") : NULL,
                            in && !i ? inlen : (SQLLEN)n, outcap, &text);
        if (SQL_SUCCEEDED(rc)) {
            SQLLEN len = 0;
            rc = uc_put(&c->diag, text, out, outcap, false, &len);
            if (outlen)
                *outlen = (SQLINTEGER)len;
            eng_free(text);
        }
    }
    eng_free(i);
    return api_dbc_exit(c, rc);
}

/* SQLDescribeColW: converts UTF-16 arguments and results; the work is done by
 * stmt_describe_col(). */
SQLRETURN SQL_API SQLDescribeColW(SQLHSTMT h, SQLUSMALLINT col,
                                  SQLWCHAR *name, SQLSMALLINT namecap,
                                  SQLSMALLINT *namelen, SQLSMALLINT *type,
                                  SQLULEN *size, SQLSMALLINT *digits,
                                  SQLSMALLINT *nullable)
{
    ENTER_STMT(h, "SQLDescribeColW");
    SQLSMALLINT n8 = 0;
    SQLRETURN rc = stmt_describe_col(s, col, NULL, 0, &n8, type, size,
                                     digits, nullable);
    if (SQL_SUCCEEDED(rc)) {
        char *buf = eng_malloc((size_t)n8 + 1);
        if (!buf) {
            rc = diag_oom(&s->diag);
        } else {
            stmt_describe_col(s, col, buf, (SQLSMALLINT)(n8 + 1), NULL, NULL,
                              NULL, NULL, NULL);
            SQLLEN n = 0;
            rc = uc_put(&s->diag, buf, name, namecap, false, &n);
            if (namelen)
                *namelen = (SQLSMALLINT)n;
            eng_free(buf);
        }
    }
    return api_stmt_exit(s, rc);
}

/* SQLColAttributeW: converts UTF-16 arguments and results; the work is done by
 * stmt_col_attribute(). */
SQLRETURN SQL_API SQLColAttributeW(SQLHSTMT h, SQLUSMALLINT col,
                                   SQLUSMALLINT id, SQLPOINTER strbuf,
                                   SQLSMALLINT buflen, SQLSMALLINT *outlen,
                                   SQLLEN *num)
{
    ENTER_STMT(h, "SQLColAttributeW");
    SQLRETURN rc;
    if (!col_attr_is_string(id)) {
        rc = stmt_col_attribute(s, col, id, strbuf, buflen, outlen, num);
    } else {
        SQLSMALLINT n8 = 0;
        rc = stmt_col_attribute(s, col, id, NULL, 0, &n8, num);
        if (SQL_SUCCEEDED(rc)) {
            char *buf = eng_malloc((size_t)n8 + 1);
            if (!buf) {
                rc = diag_oom(&s->diag);
            } else {
                stmt_col_attribute(s, col, id, buf, (SQLSMALLINT)(n8 + 1),
                                   NULL, NULL);
                SQLLEN n = 0;
                rc = uc_put(&s->diag, buf, strbuf, buflen, true, &n);
                if (outlen)
                    *outlen = (SQLSMALLINT)n;
                eng_free(buf);
            }
        }
    }
    return api_stmt_exit(s, rc);
}

/* SQLGetInfoW: converts UTF-16 arguments and results; the work is done by
 * dbc_get_info(). */
SQLRETURN SQL_API SQLGetInfoW(SQLHDBC h, SQLUSMALLINT type, SQLPOINTER val,
                              SQLSMALLINT buflen, SQLSMALLINT *outlen)
{
    ENTER_DBC(h, "SQLGetInfoW");
    SQLRETURN rc;
    if (!info_is_string(type)) {
        rc = dbc_get_info(c, type, val, buflen, outlen);
    } else {
        char buf[1024];
        rc = dbc_get_info(c, type, buf, sizeof buf, NULL);
        if (SQL_SUCCEEDED(rc)) {
            SQLLEN n = 0;
            rc = uc_put(&c->diag, buf, val, buflen, true, &n);
            if (outlen)
                *outlen = (SQLSMALLINT)n;
        }
    }
    return api_dbc_exit(c, rc);
}

/* SQLGetConnectAttrW: converts UTF-16 arguments and results; the work is done by
 * dbc_attr_is_string(). */
SQLRETURN SQL_API SQLGetConnectAttrW(SQLHDBC h, SQLINTEGER attr,
                                     SQLPOINTER val, SQLINTEGER buflen,
                                     SQLINTEGER *outlen)
{
    ENTER_DBC(h, "SQLGetConnectAttrW");
    SQLRETURN rc;
    if (!dbc_attr_is_string(attr)) {
        rc = dbc_get_attr(c, attr, val, buflen, outlen);
    } else {
        char buf[4096];
        rc = dbc_get_attr(c, attr, buf, sizeof buf, NULL);
        if (SQL_SUCCEEDED(rc)) {
            SQLLEN n = 0;
            rc = uc_put(&c->diag, buf, val, buflen, true, &n);
            if (outlen)
                *outlen = (SQLINTEGER)n;
        }
    }
    return api_dbc_exit(c, rc);
}

/* SQLSetConnectAttrW: converts UTF-16 arguments and results; the work is done by
 * dbc_attr_is_string(). */
SQLRETURN SQL_API SQLSetConnectAttrW(SQLHDBC h, SQLINTEGER attr,
                                     SQLPOINTER val, SQLINTEGER len)
{
    ENTER_DBC(h, "SQLSetConnectAttrW");
    SQLRETURN rc;
    if (!dbc_attr_is_string(attr)) {
        rc = dbc_set_attr(c, attr, val, len);
    } else {
        bool ok = true;
        SQLLEN chars = len == SQL_NTS || len < 0 ? SQL_NTS
                                                 : len / (SQLINTEGER)sizeof(SQLWCHAR);
        char *v = u8(val, chars, &ok);
        rc = ok ? dbc_set_attr(c, attr, v ? v : "", SQL_NTS)
                : diag_oom(&c->diag);
        eng_free(v);
    }
    return api_dbc_exit(c, rc);
}

/* SQLGetStmtAttrW: converts UTF-16 arguments and results; the work is done by
 * stmt_get_attr(). */
SQLRETURN SQL_API SQLGetStmtAttrW(SQLHSTMT h, SQLINTEGER attr, SQLPOINTER val,
                                  SQLINTEGER buflen, SQLINTEGER *outlen)
{
    ENTER_STMT(h, "SQLGetStmtAttrW");
    return api_stmt_exit(s, stmt_get_attr(s, attr, val, buflen, outlen));
}

/* SQLSetStmtAttrW: converts UTF-16 arguments and results; the work is done by
 * stmt_set_attr(). */
SQLRETURN SQL_API SQLSetStmtAttrW(SQLHSTMT h, SQLINTEGER attr, SQLPOINTER val,
                                  SQLINTEGER len)
{
    ENTER_STMT(h, "SQLSetStmtAttrW");
    return api_stmt_exit(s, stmt_set_attr(s, attr, val, len));
}

/* SQLGetDiagRecW: converts UTF-16 arguments and results; the work is done by
 * diag_get_rec(). */
SQLRETURN SQL_API SQLGetDiagRecW(SQLSMALLINT type, SQLHANDLE h,
                                 SQLSMALLINT recno, SQLWCHAR *state,
                                 SQLINTEGER *native, SQLWCHAR *msg,
                                 SQLSMALLINT buflen, SQLSMALLINT *textlen)
{
    pthread_mutex_t *mu = api_handle_mutex(type, h);
    if (!mu)
        return SQL_INVALID_HANDLE;
    pthread_mutex_lock(mu);
    char st[6] = "";
    SQLSMALLINT n8 = 0;
    SQLRETURN rc = diag_get_rec(type, h, recno, st, native, NULL, 0, &n8);
    if (SQL_SUCCEEDED(rc)) {
        char *buf = eng_malloc((size_t)n8 + 1);
        if (!buf) {
            rc = SQL_ERROR;
        } else {
            diag_get_rec(type, h, recno, NULL, NULL, buf,
                         (SQLSMALLINT)(n8 + 1), NULL);
            if (state)
                uc_from_utf8(st, strlen(st), state, 6, NULL);
            size_t total;
            size_t w = uc_from_utf8(buf, strlen(buf), msg,
                                    msg && buflen > 0 ? (size_t)buflen : 0,
                                    &total);
            if (textlen)
                *textlen = (SQLSMALLINT)total;
            rc = msg && w < total ? SQL_SUCCESS_WITH_INFO : SQL_SUCCESS;
            eng_free(buf);
        }
    }
    pthread_mutex_unlock(mu);
    return rc;
}

/* SQLGetDiagFieldW: converts UTF-16 arguments and results; the work is done by
 * diag_get_field(). */
SQLRETURN SQL_API SQLGetDiagFieldW(SQLSMALLINT type, SQLHANDLE h,
                                   SQLSMALLINT recno, SQLSMALLINT id,
                                   SQLPOINTER buf, SQLSMALLINT buflen,
                                   SQLSMALLINT *outlen)
{
    pthread_mutex_t *mu = api_handle_mutex(type, h);
    if (!mu)
        return SQL_INVALID_HANDLE;
    pthread_mutex_lock(mu);
    SQLRETURN rc;
    bool str = id == SQL_DIAG_SQLSTATE || id == SQL_DIAG_MESSAGE_TEXT ||
               id == SQL_DIAG_CLASS_ORIGIN || id == SQL_DIAG_SUBCLASS_ORIGIN ||
               id == SQL_DIAG_CONNECTION_NAME || id == SQL_DIAG_SERVER_NAME ||
               id == SQL_DIAG_DYNAMIC_FUNCTION;
    if (!str) {
        rc = diag_get_field(type, h, recno, id, buf, buflen, outlen);
    } else {
        SQLSMALLINT n8 = 0;
        rc = diag_get_field(type, h, recno, id, NULL, 0, &n8);
        char *tmp = SQL_SUCCEEDED(rc) ? eng_malloc((size_t)n8 + 1) : NULL;
        if (SQL_SUCCEEDED(rc) && !tmp)
            rc = SQL_ERROR;
        if (tmp) {
            diag_get_field(type, h, recno, id, tmp, (SQLSMALLINT)(n8 + 1),
                           NULL);
            size_t total;
            size_t chars = buf && buflen > 0
                               ? (size_t)buflen / sizeof(SQLWCHAR) : 0;
            size_t w = uc_from_utf8(tmp, strlen(tmp), buf, chars, &total);
            if (outlen)
                *outlen = (SQLSMALLINT)(total * sizeof(SQLWCHAR));
            rc = buf && w < total ? SQL_SUCCESS_WITH_INFO : SQL_SUCCESS;
            eng_free(tmp);
        }
    }
    pthread_mutex_unlock(mu);
    return rc;
}

/* SQLGetDescFieldW: converts UTF-16 arguments and results; the work is done by
 * desc_field_is_string(). */
SQLRETURN SQL_API SQLGetDescFieldW(SQLHDESC h, SQLSMALLINT rec,
                                   SQLSMALLINT field, SQLPOINTER val,
                                   SQLINTEGER buflen, SQLINTEGER *outlen)
{
    drv_desc *d = api_desc_enter(h, true, "SQLGetDescFieldW");
    if (!d)
        return SQL_INVALID_HANDLE;
    SQLRETURN rc;
    if (!desc_field_is_string(field)) {
        rc = desc_get_field(d, rec, field, val, buflen, outlen);
    } else {
        char buf[1024];
        rc = desc_get_field(d, rec, field, buf, sizeof buf, NULL);
        if (SQL_SUCCEEDED(rc)) {
            SQLLEN n = 0;
            rc = uc_put(&d->diag, buf, val, buflen, true, &n);
            if (outlen)
                *outlen = (SQLINTEGER)n;
        }
    }
    return api_desc_exit(d, rc);
}

/* Runs a catalog function with four converted arguments. */
#define CAT4(fn, call) \
    ENTER_STMT(h, fn); \
    bool ok = true; \
    cat_arg a = warg(cat, catlen, &ok), b = warg(sch, schlen, &ok), \
            t = warg(tab, tablen, &ok), x = warg(four, fourlen, &ok); \
    SQLRETURN rc = ok ? call : diag_oom(&s->diag); \
    eng_free((char *)a.s); eng_free((char *)b.s); \
    eng_free((char *)t.s); eng_free((char *)x.s); \
    return api_stmt_exit(s, rc)

/* SQLTablesW: converts UTF-16 arguments and results; the work is done by
 * cat_tables(). */
SQLRETURN SQL_API SQLTablesW(SQLHSTMT h, SQLWCHAR *cat, SQLSMALLINT catlen,
                             SQLWCHAR *sch, SQLSMALLINT schlen, SQLWCHAR *tab,
                             SQLSMALLINT tablen, SQLWCHAR *four,
                             SQLSMALLINT fourlen)
{
    CAT4("SQLTablesW", cat_tables(s, a, b, t, x));
}

/* SQLColumnsW: converts UTF-16 arguments and results; the work is done by
 * cat_columns(). */
SQLRETURN SQL_API SQLColumnsW(SQLHSTMT h, SQLWCHAR *cat, SQLSMALLINT catlen,
                              SQLWCHAR *sch, SQLSMALLINT schlen,
                              SQLWCHAR *tab, SQLSMALLINT tablen,
                              SQLWCHAR *four, SQLSMALLINT fourlen)
{
    CAT4("SQLColumnsW", cat_columns(s, a, b, t, x));
}

/* SQLGetTypeInfoW: converts UTF-16 arguments and results; the work is done by
 * cat_type_info(). */
SQLRETURN SQL_API SQLGetTypeInfoW(SQLHSTMT h, SQLSMALLINT type)
{
    ENTER_STMT(h, "SQLGetTypeInfoW");
    return api_stmt_exit(s, cat_type_info(s, type));
}

/* SQLPrimaryKeysW: converts UTF-16 arguments and results; the work is done by
 * cat_primary_keys(). */
SQLRETURN SQL_API SQLPrimaryKeysW(SQLHSTMT h, SQLWCHAR *cat,
                                  SQLSMALLINT catlen, SQLWCHAR *sch,
                                  SQLSMALLINT schlen, SQLWCHAR *tab,
                                  SQLSMALLINT tablen)
{
    SQLWCHAR *four = NULL;
    SQLSMALLINT fourlen = 0;
    CAT4("SQLPrimaryKeysW", cat_primary_keys(s, a, b, t));
}

/* SQLForeignKeysW: converts UTF-16 arguments and results; the work is done by
 * cat_foreign_keys(). */
SQLRETURN SQL_API SQLForeignKeysW(SQLHSTMT h, SQLWCHAR *pc, SQLSMALLINT pcl,
                                  SQLWCHAR *ps, SQLSMALLINT psl,
                                  SQLWCHAR *pt, SQLSMALLINT ptl,
                                  SQLWCHAR *fc, SQLSMALLINT fcl,
                                  SQLWCHAR *fs, SQLSMALLINT fsl,
                                  SQLWCHAR *ft, SQLSMALLINT ftl)
{
    ENTER_STMT(h, "SQLForeignKeysW");
    bool ok = true;
    cat_arg a = warg(pc, pcl, &ok), b = warg(ps, psl, &ok),
            c = warg(pt, ptl, &ok), d = warg(fc, fcl, &ok),
            e = warg(fs, fsl, &ok), f = warg(ft, ftl, &ok);
    SQLRETURN rc = ok ? cat_foreign_keys(s, a, b, c, d, e, f)
                      : diag_oom(&s->diag);
    eng_free((char *)a.s); eng_free((char *)b.s); eng_free((char *)c.s);
    eng_free((char *)d.s); eng_free((char *)e.s); eng_free((char *)f.s);
    return api_stmt_exit(s, rc);
}

/* SQLStatisticsW: converts UTF-16 arguments and results; the work is done by
 * cat_statistics(). */
SQLRETURN SQL_API SQLStatisticsW(SQLHSTMT h, SQLWCHAR *cat,
                                 SQLSMALLINT catlen, SQLWCHAR *sch,
                                 SQLSMALLINT schlen, SQLWCHAR *tab,
                                 SQLSMALLINT tablen, SQLUSMALLINT unique,
                                 SQLUSMALLINT reserved)
{
    SQLWCHAR *four = NULL;
    SQLSMALLINT fourlen = 0;
    CAT4("SQLStatisticsW", cat_statistics(s, a, b, t, unique, reserved));
}

/* SQLSpecialColumnsW: converts UTF-16 arguments and results; the work is done by
 * cat_special_columns(). */
SQLRETURN SQL_API SQLSpecialColumnsW(SQLHSTMT h, SQLUSMALLINT idtype,
                                     SQLWCHAR *cat, SQLSMALLINT catlen,
                                     SQLWCHAR *sch, SQLSMALLINT schlen,
                                     SQLWCHAR *tab, SQLSMALLINT tablen,
                                     SQLUSMALLINT scope,
                                     SQLUSMALLINT nullable)
{
    SQLWCHAR *four = NULL;
    SQLSMALLINT fourlen = 0;
    CAT4("SQLSpecialColumnsW", cat_special_columns(s, idtype, a, b, t, scope,
                                                   nullable));
}

/* SQLProceduresW: converts UTF-16 arguments and results; the work is done by
 * cat_empty(). */
SQLRETURN SQL_API SQLProceduresW(SQLHSTMT h, SQLWCHAR *cat,
                                 SQLSMALLINT catlen, SQLWCHAR *sch,
                                 SQLSMALLINT schlen, SQLWCHAR *proc,
                                 SQLSMALLINT proclen)
{
    (void)cat; (void)catlen; (void)sch; (void)schlen; (void)proc;
    (void)proclen;
    ENTER_STMT(h, "SQLProceduresW");
    return api_stmt_exit(s, cat_empty(s, SQL_API_SQLPROCEDURES));
}

/* SQLProcedureColumnsW: the engine has no procedures, so the result is
 * empty, with the ODBC columns (cat_empty), as in SQLProcedureColumns. */
SQLRETURN SQL_API SQLProcedureColumnsW(SQLHSTMT h, SQLWCHAR *cat,
                                       SQLSMALLINT catlen, SQLWCHAR *sch,
                                       SQLSMALLINT schlen, SQLWCHAR *proc,
                                       SQLSMALLINT proclen, SQLWCHAR *col,
                                       SQLSMALLINT collen)
{
    (void)cat; (void)catlen; (void)sch; (void)schlen; (void)proc;
    (void)proclen; (void)col; (void)collen;
    ENTER_STMT(h, "SQLProcedureColumnsW");
    return api_stmt_exit(s, cat_empty(s, SQL_API_SQLPROCEDURECOLUMNS));
}

/* SQLTablePrivilegesW: as SQLTablePrivileges (cat_empty). */
SQLRETURN SQL_API SQLTablePrivilegesW(SQLHSTMT h, SQLWCHAR *cat,
                                      SQLSMALLINT catlen, SQLWCHAR *sch,
                                      SQLSMALLINT schlen, SQLWCHAR *tab,
                                      SQLSMALLINT tablen)
{
    (void)cat; (void)catlen; (void)sch; (void)schlen; (void)tab; (void)tablen;
    ENTER_STMT(h, "SQLTablePrivilegesW");
    return api_stmt_exit(s, cat_empty(s, SQL_API_SQLTABLEPRIVILEGES));
}

/* SQLColumnPrivilegesW: as SQLColumnPrivileges (cat_empty). */
SQLRETURN SQL_API SQLColumnPrivilegesW(SQLHSTMT h, SQLWCHAR *cat,
                                       SQLSMALLINT catlen, SQLWCHAR *sch,
                                       SQLSMALLINT schlen, SQLWCHAR *tab,
                                       SQLSMALLINT tablen, SQLWCHAR *col,
                                       SQLSMALLINT collen)
{
    (void)cat; (void)catlen; (void)sch; (void)schlen; (void)tab; (void)tablen;
    (void)col; (void)collen;
    ENTER_STMT(h, "SQLColumnPrivilegesW");
    return api_stmt_exit(s, cat_empty(s, SQL_API_SQLCOLUMNPRIVILEGES));
}

/* SQLGetDescRecW: converts the name to UTF-16 (lengths in characters);
 * the work is done by desc_get_rec(). */
SQLRETURN SQL_API SQLGetDescRecW(SQLHDESC h, SQLSMALLINT rec, SQLWCHAR *name,
                                 SQLSMALLINT namecap, SQLSMALLINT *namelen,
                                 SQLSMALLINT *type, SQLSMALLINT *sub,
                                 SQLLEN *len, SQLSMALLINT *prec,
                                 SQLSMALLINT *scale, SQLSMALLINT *nullable)
{
    drv_desc *d = api_desc_enter(h, true, "SQLGetDescRecW");
    if (!d)
        return SQL_INVALID_HANDLE;
    SQLSMALLINT n8 = 0;
    SQLRETURN rc = desc_get_rec(d, rec, NULL, 0, &n8, type, sub, len, prec,
                                scale, nullable);
    if (SQL_SUCCEEDED(rc)) {
        char *buf = eng_malloc((size_t)n8 + 1);
        if (!buf) {
            rc = diag_oom(&d->diag);
        } else {
            rc = desc_get_rec(d, rec, buf, (SQLSMALLINT)(n8 + 1), NULL, NULL,
                              NULL, NULL, NULL, NULL, NULL);
            if (SQL_SUCCEEDED(rc)) {
                SQLLEN n = 0;
                rc = uc_put(&d->diag, buf, name, namecap, false, &n);
                if (namelen)
                    *namelen = (SQLSMALLINT)n;
            }
            eng_free(buf);
        }
    }
    return api_desc_exit(d, rc);
}

/* SQLSetDescFieldW: converts a string field's value from UTF-16 (len in
 * bytes, or SQL_NTS); the work is done by desc_set_field(). */
SQLRETURN SQL_API SQLSetDescFieldW(SQLHDESC h, SQLSMALLINT rec,
                                   SQLSMALLINT field, SQLPOINTER val,
                                   SQLINTEGER len)
{
    drv_desc *d = api_desc_enter(h, true, "SQLSetDescFieldW");
    if (!d)
        return SQL_INVALID_HANDLE;
    SQLRETURN rc;
    if (!desc_field_is_string(field) || !val) {
        rc = desc_set_field(d, rec, field, val, len);
    } else {
        bool ok = true;
        SQLLEN chars = len == SQL_NTS || len < 0
                           ? SQL_NTS : (SQLLEN)len / (SQLLEN)sizeof(SQLWCHAR);
        char *v = u8(val, chars, &ok);
        rc = ok ? desc_set_field(d, rec, field, v, SQL_NTS)
                : diag_oom(&d->diag);
        eng_free(v);
    }
    return api_desc_exit(d, rc);
}

/* SQLGetCursorNameW: the name in UTF-16 (lengths in characters); the work
 * is done by stmt_get_cursor_name(). */
SQLRETURN SQL_API SQLGetCursorNameW(SQLHSTMT h, SQLWCHAR *name,
                                    SQLSMALLINT cap, SQLSMALLINT *len)
{
    ENTER_STMT(h, "SQLGetCursorNameW");
    const char *n = NULL;
    SQLRETURN rc = stmt_get_cursor_name(s, &n);
    if (SQL_SUCCEEDED(rc)) {
        if (cap < 0) {
            rc = diag_pushf(&s->diag, "HY090", "invalid buffer length %d",
                            (int)cap);
        } else {
            SQLLEN full = 0;
            rc = uc_put(&s->diag, n, name, cap, false, &full);
            if (len)
                *len = (SQLSMALLINT)full;
        }
    }
    return api_stmt_exit(s, rc);
}

/* SQLSetCursorNameW: converts the name; the work is done by
 * stmt_set_cursor_name(). */
SQLRETURN SQL_API SQLSetCursorNameW(SQLHSTMT h, SQLWCHAR *name,
                                    SQLSMALLINT len)
{
    ENTER_STMT(h, "SQLSetCursorNameW");
    bool ok = true;
    size_t n = 0;
    char *u = name ? uc_to_utf8(name, len, &n, &ok) : NULL;
    SQLRETURN rc = !ok ? diag_oom(&s->diag)
                       : stmt_set_cursor_name(s, u, name ? (SQLLEN)n : 0);
    eng_free(u);
    return api_stmt_exit(s, rc);
}
