/*
 * driver/odbc_api.c
 *   The ANSI ODBC entry points. Each one validates its handle, locks,
 *   clears diagnostics (except the diagnostic functions), calls the
 *   internal function, and unlocks through api_*_exit. No logic here.
 * Interface: SQLAllocHandle, SQLFreeHandle, SQLFreeStmt, SQLSetEnvAttr,
 *   SQLGetEnvAttr, SQLConnect, SQLDriverConnect, SQLDisconnect,
 *   SQLSetConnectAttr, SQLGetConnectAttr, SQLEndTran, SQLGetInfo,
 *   SQLGetFunctions, SQLNativeSql, SQLPrepare, SQLExecute, SQLExecDirect,
 *   SQLNumResultCols, SQLDescribeCol, SQLColAttribute, SQLRowCount,
 *   SQLMoreResults, SQLCloseCursor, SQLCancel, SQLSetStmtAttr,
 *   SQLGetStmtAttr, SQLBindParameter, SQLNumParams, SQLDescribeParam,
 *   SQLParamData, SQLPutData,
 *   SQLBindCol, SQLFetch, SQLFetchScroll, SQLGetData, SQLTables,
 *   SQLColumns, SQLGetTypeInfo, SQLPrimaryKeys, SQLForeignKeys,
 *   SQLStatistics, SQLSpecialColumns, SQLProcedures, SQLProcedureColumns,
 *   SQLTablePrivileges, SQLColumnPrivileges, SQLGetDiagRec,
 *   SQLGetDiagField, SQLGetDescField, SQLSetDescField, SQLGetDescRec,
 *   SQLSetDescRec, SQLCopyDesc, SQLBrowseConnect, SQLBulkOperations, SQLExtendedFetch, SQLSetPos,
 *   SQLGetCursorName, SQLSetCursorName.
 * Not here: the W entry points (odbc_apiw.c); everything they call.
 */
#include <string.h>
#include "driver.h"

/* Shorthands: enter or return SQL_INVALID_HANDLE. */
#define ENTER_STMT(h, fn) \
    drv_stmt *s = api_stmt_enter(h, true, fn); \
    if (!s) \
        return SQL_INVALID_HANDLE
#define ENTER_DBC(h, fn) \
    drv_dbc *c = api_dbc_enter(h, true, fn); \
    if (!c) \
        return SQL_INVALID_HANDLE
#define ENTER_DESC(h, fn) \
    drv_desc *d = api_desc_enter(h, true, fn); \
    if (!d) \
        return SQL_INVALID_HANDLE
#define ARG(p, n) ((cat_arg){(const char *)(p), (n)})

/* SQLAllocHandle: entry point; the work is done by api_alloc_handle(). */
SQLRETURN SQL_API SQLAllocHandle(SQLSMALLINT type, SQLHANDLE in,
                                 SQLHANDLE *out)
{
    return api_alloc_handle(type, in, out);
}

/* SQLFreeHandle: entry point; the work is done by api_free_handle(). */
SQLRETURN SQL_API SQLFreeHandle(SQLSMALLINT type, SQLHANDLE h)
{
    return api_free_handle(type, h);
}

/* SQLFreeStmt: SQL_DROP frees the handle (api_free_handle), the other
 * options go to stmt_free_stmt(). */
SQLRETURN SQL_API SQLFreeStmt(SQLHSTMT h, SQLUSMALLINT option)
{
    if (option == SQL_DROP)
        return api_free_handle(SQL_HANDLE_STMT, h);
    ENTER_STMT(h, "SQLFreeStmt");
    return api_stmt_exit(s, stmt_free_stmt(s, option));
}

/* SQLSetEnvAttr: entry point; the work is done by env_set_attr(). */
SQLRETURN SQL_API SQLSetEnvAttr(SQLHENV h, SQLINTEGER attr, SQLPOINTER val,
                                SQLINTEGER len)
{
    drv_env *e = api_env_enter(h, "SQLSetEnvAttr");
    if (!e)
        return SQL_INVALID_HANDLE;
    return api_env_exit(e, env_set_attr(e, attr, val, len));
}

/* SQLGetEnvAttr: entry point; the work is done by env_get_attr(). */
SQLRETURN SQL_API SQLGetEnvAttr(SQLHENV h, SQLINTEGER attr, SQLPOINTER val,
                                SQLINTEGER buflen, SQLINTEGER *outlen)
{
    drv_env *e = api_env_enter(h, "SQLGetEnvAttr");
    if (!e)
        return SQL_INVALID_HANDLE;
    return api_env_exit(e, env_get_attr(e, attr, val, buflen, outlen));
}

/* Copies an ANSI argument of n bytes (SQL_NTS ok) into a C string. */
static char *arg_str(const SQLCHAR *p, SQLSMALLINT n, bool *ok)
{
    *ok = true;
    if (!p)
        return NULL;
    size_t len = n == SQL_NTS || n < 0 ? strlen((const char *)p) : (size_t)n;
    char *r = eng_malloc(len + 1);
    if (!r) {
        *ok = false;
        return NULL;
    }
    memcpy(r, p, len);
    r[len] = '\0';
    return r;
}

/* SQLConnect: entry point; the work is done by dbc_connect(). */
SQLRETURN SQL_API SQLConnect(SQLHDBC h, SQLCHAR *dsn, SQLSMALLINT dsnlen,
                             SQLCHAR *uid, SQLSMALLINT uidlen, SQLCHAR *pwd,
                             SQLSMALLINT pwdlen)
{
    ENTER_DBC(h, "SQLConnect");
    bool ok1, ok2, ok3;
    char *d = arg_str(dsn, dsnlen, &ok1);
    char *u = arg_str(uid, uidlen, &ok2);
    char *p = arg_str(pwd, pwdlen, &ok3);
    SQLRETURN rc = ok1 && ok2 && ok3 ? dbc_connect(c, d, u, p)
                                     : diag_oom(&c->diag);
    eng_free(d);
    eng_free(u);
    eng_free(p);
    return api_dbc_exit(c, rc);
}

/* SQLDriverConnect: entry point; the work is done by dbc_driver_connect(). */
SQLRETURN SQL_API SQLDriverConnect(SQLHDBC h, SQLHWND hwnd, SQLCHAR *in,
                                   SQLSMALLINT inlen, SQLCHAR *out,
                                   SQLSMALLINT outcap, SQLSMALLINT *outlen,
                                   SQLUSMALLINT completion)
{
    (void)hwnd;
    ENTER_DBC(h, "SQLDriverConnect");
    SQLLEN full = 0;
    SQLRETURN rc = dbc_driver_connect(c, (const char *)in, inlen,
                                      (char *)out, outcap, &full, completion);
    if (outlen)
        *outlen = (SQLSMALLINT)full;
    return api_dbc_exit(c, rc);
}

/* SQLBulkOperations: entry point; the work is done by
 * stmt_bulk_operations(). */
SQLRETURN SQL_API SQLBulkOperations(SQLHSTMT h, SQLSMALLINT op)
{
    ENTER_STMT(h, "SQLBulkOperations");
    return api_stmt_exit(s, stmt_bulk_operations(s, (SQLUSMALLINT)op));
}

/* SQLBrowseConnect: entry point; the work is done by
 * dbc_browse_connect(). */
SQLRETURN SQL_API SQLBrowseConnect(SQLHDBC h, SQLCHAR *in, SQLSMALLINT inlen,
                                   SQLCHAR *out, SQLSMALLINT outcap,
                                   SQLSMALLINT *outlen)
{
    ENTER_DBC(h, "SQLBrowseConnect");
    SQLLEN full = 0;
    SQLRETURN rc = dbc_browse_connect(c, (const char *)in, inlen,
                                      (char *)out, outcap, &full);
    if (outlen)
        *outlen = (SQLSMALLINT)full;
    return api_dbc_exit(c, rc);
}

/* SQLDisconnect: entry point; the work is done by dbc_disconnect(). */
SQLRETURN SQL_API SQLDisconnect(SQLHDBC h)
{
    ENTER_DBC(h, "SQLDisconnect");
    return api_dbc_exit(c, dbc_disconnect(c));
}

/* SQLSetConnectAttr: entry point; the work is done by dbc_set_attr(). */
SQLRETURN SQL_API SQLSetConnectAttr(SQLHDBC h, SQLINTEGER attr,
                                    SQLPOINTER val, SQLINTEGER len)
{
    ENTER_DBC(h, "SQLSetConnectAttr");
    return api_dbc_exit(c, dbc_set_attr(c, attr, val, len));
}

/* SQLGetConnectAttr: entry point; the work is done by dbc_get_attr(). */
SQLRETURN SQL_API SQLGetConnectAttr(SQLHDBC h, SQLINTEGER attr,
                                    SQLPOINTER val, SQLINTEGER buflen,
                                    SQLINTEGER *outlen)
{
    ENTER_DBC(h, "SQLGetConnectAttr");
    return api_dbc_exit(c, dbc_get_attr(c, attr, val, buflen, outlen));
}

/* SQLEndTran: entry point; the work is done by api_end_tran(). */
SQLRETURN SQL_API SQLEndTran(SQLSMALLINT type, SQLHANDLE h, SQLSMALLINT op)
{
    return api_end_tran(type, h, op);
}

/* SQLGetInfo: entry point; the work is done by dbc_get_info(). */
SQLRETURN SQL_API SQLGetInfo(SQLHDBC h, SQLUSMALLINT type, SQLPOINTER val,
                             SQLSMALLINT buflen, SQLSMALLINT *outlen)
{
    ENTER_DBC(h, "SQLGetInfo");
    return api_dbc_exit(c, dbc_get_info(c, type, val, buflen, outlen));
}

/* SQLGetFunctions: entry point; the work is done by dbc_get_functions(). */
SQLRETURN SQL_API SQLGetFunctions(SQLHDBC h, SQLUSMALLINT id,
                                  SQLUSMALLINT *out)
{
    ENTER_DBC(h, "SQLGetFunctions");
    return api_dbc_exit(c, dbc_get_functions(c, id, out));
}

/* SQLNativeSql: entry point; the work is done by dbc_native_sql(). */
SQLRETURN SQL_API SQLNativeSql(SQLHDBC h, SQLCHAR *in, SQLINTEGER inlen,
                               SQLCHAR *out, SQLINTEGER outcap,
                               SQLINTEGER *outlen)
{
    ENTER_DBC(h, "SQLNativeSql");
    char *text;
    SQLRETURN rc = dbc_native_sql(c, (const char *)in, inlen, outcap, &text);
    if (SQL_SUCCEEDED(rc)) {
        SQLLEN full = 0;
        if (drv_copy_str(text, -1, (char *)out, outcap, &full))
            rc = diag_pushf(&c->diag, "01004", "string data, right truncated");
        if (outlen)
            *outlen = (SQLINTEGER)full;
        eng_free(text);
    }
    return api_dbc_exit(c, rc);
}

/* SQLPrepare: entry point; the work is done by stmt_prepare(). */
SQLRETURN SQL_API SQLPrepare(SQLHSTMT h, SQLCHAR *sql, SQLINTEGER len)
{
    ENTER_STMT(h, "SQLPrepare");
    return api_stmt_exit(s, stmt_prepare(s, (const char *)sql, len));
}

/* SQLExecute: entry point; the work is done by stmt_execute(). */
SQLRETURN SQL_API SQLExecute(SQLHSTMT h)
{
    ENTER_STMT(h, "SQLExecute");
    return api_stmt_exit(s, stmt_execute(s));
}

/* SQLExecDirect: entry point; the work is done by stmt_exec_direct(). */
SQLRETURN SQL_API SQLExecDirect(SQLHSTMT h, SQLCHAR *sql, SQLINTEGER len)
{
    ENTER_STMT(h, "SQLExecDirect");
    return api_stmt_exit(s, stmt_exec_direct(s, (const char *)sql, len));
}

/* SQLNumResultCols: entry point; the work is done by stmt_num_result_cols(). */
SQLRETURN SQL_API SQLNumResultCols(SQLHSTMT h, SQLSMALLINT *out)
{
    ENTER_STMT(h, "SQLNumResultCols");
    return api_stmt_exit(s, stmt_num_result_cols(s, out));
}

/* SQLDescribeCol: entry point; the work is done by stmt_describe_col(). */
SQLRETURN SQL_API SQLDescribeCol(SQLHSTMT h, SQLUSMALLINT col, SQLCHAR *name,
                                 SQLSMALLINT namecap, SQLSMALLINT *namelen,
                                 SQLSMALLINT *type, SQLULEN *size,
                                 SQLSMALLINT *digits, SQLSMALLINT *nullable)
{
    ENTER_STMT(h, "SQLDescribeCol");
    return api_stmt_exit(s, stmt_describe_col(s, col, (char *)name, namecap,
                                              namelen, type, size, digits,
                                              nullable));
}

/* SQLColAttribute: entry point; the work is done by stmt_col_attribute(). */
SQLRETURN SQL_API SQLColAttribute(SQLHSTMT h, SQLUSMALLINT col,
                                  SQLUSMALLINT id, SQLPOINTER strbuf,
                                  SQLSMALLINT buflen, SQLSMALLINT *outlen,
                                  SQLLEN *num)
{
    ENTER_STMT(h, "SQLColAttribute");
    return api_stmt_exit(s, stmt_col_attribute(s, col, id, strbuf, buflen,
                                               outlen, num));
}

/* SQLRowCount: entry point; the work is done by stmt_row_count(). */
SQLRETURN SQL_API SQLRowCount(SQLHSTMT h, SQLLEN *out)
{
    ENTER_STMT(h, "SQLRowCount");
    return api_stmt_exit(s, stmt_row_count(s, out));
}

/* SQLMoreResults: entry point; the work is done by stmt_more_results(). */
SQLRETURN SQL_API SQLMoreResults(SQLHSTMT h)
{
    ENTER_STMT(h, "SQLMoreResults");
    return api_stmt_exit(s, stmt_more_results(s));
}

/* SQLCloseCursor: entry point; the work is done by stmt_close_cursor(). */
SQLRETURN SQL_API SQLCloseCursor(SQLHSTMT h)
{
    ENTER_STMT(h, "SQLCloseCursor");
    return api_stmt_exit(s, stmt_close_cursor(s, true));
}

/* No lock: SQLCancel must reach a statement busy in another thread. */
SQLRETURN SQL_API SQLCancel(SQLHSTMT h)
{
    drv_stmt *s = h;
    if (!s || s->magic != DRV_STMT_MAGIC)
        return SQL_INVALID_HANDLE;
    return stmt_cancel(s);
}

/* SQLSetStmtAttr: entry point; the work is done by stmt_set_attr(). */
SQLRETURN SQL_API SQLSetStmtAttr(SQLHSTMT h, SQLINTEGER attr, SQLPOINTER val,
                                 SQLINTEGER len)
{
    ENTER_STMT(h, "SQLSetStmtAttr");
    return api_stmt_exit(s, stmt_set_attr(s, attr, val, len));
}

/* SQLGetStmtAttr: entry point; the work is done by stmt_get_attr(). */
SQLRETURN SQL_API SQLGetStmtAttr(SQLHSTMT h, SQLINTEGER attr, SQLPOINTER val,
                                 SQLINTEGER buflen, SQLINTEGER *outlen)
{
    ENTER_STMT(h, "SQLGetStmtAttr");
    return api_stmt_exit(s, stmt_get_attr(s, attr, val, buflen, outlen));
}

/* SQLBindParameter: entry point; the work is done by stmt_bind_param(). */
SQLRETURN SQL_API SQLBindParameter(SQLHSTMT h, SQLUSMALLINT n,
                                   SQLSMALLINT io, SQLSMALLINT ctype,
                                   SQLSMALLINT sqltype, SQLULEN size,
                                   SQLSMALLINT digits, SQLPOINTER ptr,
                                   SQLLEN buflen, SQLLEN *ind)
{
    ENTER_STMT(h, "SQLBindParameter");
    return api_stmt_exit(s, stmt_bind_param(s, n, io, ctype, sqltype, size,
                                            digits, ptr, buflen, ind));
}

/* SQLNumParams: entry point; the work is done by stmt_num_params(). */
SQLRETURN SQL_API SQLNumParams(SQLHSTMT h, SQLSMALLINT *out)
{
    ENTER_STMT(h, "SQLNumParams");
    return api_stmt_exit(s, stmt_num_params(s, out));
}

/* SQLDescribeParam: entry point; the work is done by stmt_describe_param(). */
SQLRETURN SQL_API SQLDescribeParam(SQLHSTMT h, SQLUSMALLINT n,
                                   SQLSMALLINT *type, SQLULEN *size,
                                   SQLSMALLINT *digits, SQLSMALLINT *nullable)
{
    ENTER_STMT(h, "SQLDescribeParam");
    return api_stmt_exit(s, stmt_describe_param(s, n, type, size, digits,
                                                nullable));
}

/* SQLParamData: entry point; the work is done by stmt_param_data(). */
SQLRETURN SQL_API SQLParamData(SQLHSTMT h, SQLPOINTER *token)
{
    ENTER_STMT(h, "SQLParamData");
    return api_stmt_exit(s, stmt_param_data(s, token));
}

/* SQLPutData: entry point; the work is done by stmt_put_data(). */
SQLRETURN SQL_API SQLPutData(SQLHSTMT h, SQLPOINTER data, SQLLEN len)
{
    ENTER_STMT(h, "SQLPutData");
    return api_stmt_exit(s, stmt_put_data(s, data, len));
}

/* SQLBindCol: entry point; the work is done by stmt_bind_col(). */
SQLRETURN SQL_API SQLBindCol(SQLHSTMT h, SQLUSMALLINT col, SQLSMALLINT ctype,
                             SQLPOINTER ptr, SQLLEN buflen, SQLLEN *ind)
{
    ENTER_STMT(h, "SQLBindCol");
    return api_stmt_exit(s, stmt_bind_col(s, col, ctype, ptr, buflen, ind));
}

/* SQLFetch: entry point; the work is done by stmt_fetch(). */
SQLRETURN SQL_API SQLFetch(SQLHSTMT h)
{
    ENTER_STMT(h, "SQLFetch");
    return api_stmt_exit(s, stmt_fetch(s));
}

/* SQLFetchScroll: entry point; the work is done by stmt_fetch_scroll(). */
SQLRETURN SQL_API SQLFetchScroll(SQLHSTMT h, SQLSMALLINT orient, SQLLEN off)
{
    ENTER_STMT(h, "SQLFetchScroll");
    return api_stmt_exit(s, stmt_fetch_scroll(s, orient, off));
}

/* SQLExtendedFetch: entry point; the work is done by stmt_extended_fetch(). */
SQLRETURN SQL_API SQLExtendedFetch(SQLHSTMT h, SQLUSMALLINT orient,
                                   SQLLEN off, SQLULEN *rows,
                                   SQLUSMALLINT *status)
{
    ENTER_STMT(h, "SQLExtendedFetch");
    return api_stmt_exit(s, stmt_extended_fetch(s, orient, off, rows,
                                                status));
}

/* SQLSetPos: entry point; the work is done by stmt_set_pos(). */
SQLRETURN SQL_API SQLSetPos(SQLHSTMT h, SQLSETPOSIROW row, SQLUSMALLINT op,
                            SQLUSMALLINT lock)
{
    ENTER_STMT(h, "SQLSetPos");
    return api_stmt_exit(s, stmt_set_pos(s, row, op, lock));
}

/* SQLGetCursorName: entry point; the work is done by
 * stmt_get_cursor_name(). */
SQLRETURN SQL_API SQLGetCursorName(SQLHSTMT h, SQLCHAR *name,
                                   SQLSMALLINT cap, SQLSMALLINT *len)
{
    ENTER_STMT(h, "SQLGetCursorName");
    const char *n = NULL;
    SQLRETURN rc = stmt_get_cursor_name(s, &n);
    if (SQL_SUCCEEDED(rc)) {
        SQLLEN full;
        if (cap < 0)
            rc = diag_pushf(&s->diag, "HY090", "invalid buffer length %d",
                            (int)cap);
        else if (drv_copy_str(n, -1, (char *)name, cap, &full))
            rc = diag_pushf(&s->diag, "01004", "cursor name truncated");
        if (len && rc != SQL_ERROR)
            *len = (SQLSMALLINT)full;
    }
    return api_stmt_exit(s, rc);
}

/* SQLSetCursorName: entry point; the work is done by
 * stmt_set_cursor_name(). */
SQLRETURN SQL_API SQLSetCursorName(SQLHSTMT h, SQLCHAR *name, SQLSMALLINT len)
{
    ENTER_STMT(h, "SQLSetCursorName");
    return api_stmt_exit(s, stmt_set_cursor_name(s, (const char *)name,
                                                 len));
}

/* SQLGetData: entry point; the work is done by stmt_get_data(). */
SQLRETURN SQL_API SQLGetData(SQLHSTMT h, SQLUSMALLINT col, SQLSMALLINT ctype,
                             SQLPOINTER ptr, SQLLEN buflen, SQLLEN *ind)
{
    ENTER_STMT(h, "SQLGetData");
    return api_stmt_exit(s, stmt_get_data(s, col, ctype, ptr, buflen, ind));
}

/* SQLTables: entry point; the work is done by cat_tables(). */
SQLRETURN SQL_API SQLTables(SQLHSTMT h, SQLCHAR *cat, SQLSMALLINT catlen,
                            SQLCHAR *sch, SQLSMALLINT schlen, SQLCHAR *tab,
                            SQLSMALLINT tablen, SQLCHAR *typ,
                            SQLSMALLINT typlen)
{
    ENTER_STMT(h, "SQLTables");
    return api_stmt_exit(s, cat_tables(s, ARG(cat, catlen), ARG(sch, schlen),
                                       ARG(tab, tablen), ARG(typ, typlen)));
}

/* SQLColumns: entry point; the work is done by cat_columns(). */
SQLRETURN SQL_API SQLColumns(SQLHSTMT h, SQLCHAR *cat, SQLSMALLINT catlen,
                             SQLCHAR *sch, SQLSMALLINT schlen, SQLCHAR *tab,
                             SQLSMALLINT tablen, SQLCHAR *col,
                             SQLSMALLINT collen)
{
    ENTER_STMT(h, "SQLColumns");
    return api_stmt_exit(s, cat_columns(s, ARG(cat, catlen), ARG(sch, schlen),
                                        ARG(tab, tablen), ARG(col, collen)));
}

/* SQLGetTypeInfo: entry point; the work is done by cat_type_info(). */
SQLRETURN SQL_API SQLGetTypeInfo(SQLHSTMT h, SQLSMALLINT type)
{
    ENTER_STMT(h, "SQLGetTypeInfo");
    return api_stmt_exit(s, cat_type_info(s, type));
}

/* SQLPrimaryKeys: entry point; the work is done by cat_primary_keys(). */
SQLRETURN SQL_API SQLPrimaryKeys(SQLHSTMT h, SQLCHAR *cat, SQLSMALLINT catlen,
                                 SQLCHAR *sch, SQLSMALLINT schlen,
                                 SQLCHAR *tab, SQLSMALLINT tablen)
{
    ENTER_STMT(h, "SQLPrimaryKeys");
    return api_stmt_exit(s, cat_primary_keys(s, ARG(cat, catlen),
                                             ARG(sch, schlen),
                                             ARG(tab, tablen)));
}

/* SQLForeignKeys: entry point; the work is done by cat_foreign_keys(). */
SQLRETURN SQL_API SQLForeignKeys(SQLHSTMT h, SQLCHAR *pc, SQLSMALLINT pcl,
                                 SQLCHAR *ps, SQLSMALLINT psl, SQLCHAR *pt,
                                 SQLSMALLINT ptl, SQLCHAR *fc,
                                 SQLSMALLINT fcl, SQLCHAR *fs,
                                 SQLSMALLINT fsl, SQLCHAR *ft,
                                 SQLSMALLINT ftl)
{
    ENTER_STMT(h, "SQLForeignKeys");
    return api_stmt_exit(s, cat_foreign_keys(s, ARG(pc, pcl), ARG(ps, psl),
                                             ARG(pt, ptl), ARG(fc, fcl),
                                             ARG(fs, fsl), ARG(ft, ftl)));
}

/* SQLStatistics: entry point; the work is done by cat_statistics(). */
SQLRETURN SQL_API SQLStatistics(SQLHSTMT h, SQLCHAR *cat, SQLSMALLINT catlen,
                                SQLCHAR *sch, SQLSMALLINT schlen,
                                SQLCHAR *tab, SQLSMALLINT tablen,
                                SQLUSMALLINT unique, SQLUSMALLINT reserved)
{
    ENTER_STMT(h, "SQLStatistics");
    return api_stmt_exit(s, cat_statistics(s, ARG(cat, catlen),
                                           ARG(sch, schlen), ARG(tab, tablen),
                                           unique, reserved));
}

/* SQLSpecialColumns: entry point; the work is done by cat_special_columns(). */
SQLRETURN SQL_API SQLSpecialColumns(SQLHSTMT h, SQLUSMALLINT idtype,
                                    SQLCHAR *cat, SQLSMALLINT catlen,
                                    SQLCHAR *sch, SQLSMALLINT schlen,
                                    SQLCHAR *tab, SQLSMALLINT tablen,
                                    SQLUSMALLINT scope, SQLUSMALLINT nullable)
{
    ENTER_STMT(h, "SQLSpecialColumns");
    return api_stmt_exit(s, cat_special_columns(s, idtype, ARG(cat, catlen),
                                                ARG(sch, schlen),
                                                ARG(tab, tablen), scope,
                                                nullable));
}

/* SQLProcedures: entry point; the work is done by cat_empty(). */
SQLRETURN SQL_API SQLProcedures(SQLHSTMT h, SQLCHAR *cat, SQLSMALLINT catlen,
                                SQLCHAR *sch, SQLSMALLINT schlen,
                                SQLCHAR *proc, SQLSMALLINT proclen)
{
    (void)cat; (void)catlen; (void)sch; (void)schlen; (void)proc;
    (void)proclen;
    ENTER_STMT(h, "SQLProcedures");
    return api_stmt_exit(s, cat_empty(s, SQL_API_SQLPROCEDURES));
}

/* SQLProcedureColumns: entry point; the work is done by cat_empty(). */
SQLRETURN SQL_API SQLProcedureColumns(SQLHSTMT h, SQLCHAR *cat,
                                      SQLSMALLINT catlen, SQLCHAR *sch,
                                      SQLSMALLINT schlen, SQLCHAR *proc,
                                      SQLSMALLINT proclen, SQLCHAR *col,
                                      SQLSMALLINT collen)
{
    (void)cat; (void)catlen; (void)sch; (void)schlen; (void)proc;
    (void)proclen; (void)col; (void)collen;
    ENTER_STMT(h, "SQLProcedureColumns");
    return api_stmt_exit(s, cat_empty(s, SQL_API_SQLPROCEDURECOLUMNS));
}

/* SQLTablePrivileges: entry point; the work is done by cat_empty(). */
SQLRETURN SQL_API SQLTablePrivileges(SQLHSTMT h, SQLCHAR *cat,
                                     SQLSMALLINT catlen, SQLCHAR *sch,
                                     SQLSMALLINT schlen, SQLCHAR *tab,
                                     SQLSMALLINT tablen)
{
    (void)cat; (void)catlen; (void)sch; (void)schlen; (void)tab; (void)tablen;
    ENTER_STMT(h, "SQLTablePrivileges");
    return api_stmt_exit(s, cat_empty(s, SQL_API_SQLTABLEPRIVILEGES));
}

/* SQLColumnPrivileges: entry point; the work is done by cat_empty(). */
SQLRETURN SQL_API SQLColumnPrivileges(SQLHSTMT h, SQLCHAR *cat,
                                      SQLSMALLINT catlen, SQLCHAR *sch,
                                      SQLSMALLINT schlen, SQLCHAR *tab,
                                      SQLSMALLINT tablen, SQLCHAR *col,
                                      SQLSMALLINT collen)
{
    (void)cat; (void)catlen; (void)sch; (void)schlen; (void)tab; (void)tablen;
    (void)col; (void)collen;
    ENTER_STMT(h, "SQLColumnPrivileges");
    return api_stmt_exit(s, cat_empty(s, SQL_API_SQLCOLUMNPRIVILEGES));
}

/* Diagnostic functions: lock, but never clear the list they read. */
SQLRETURN SQL_API SQLGetDiagRec(SQLSMALLINT type, SQLHANDLE h,
                                SQLSMALLINT recno, SQLCHAR *state,
                                SQLINTEGER *native, SQLCHAR *msg,
                                SQLSMALLINT buflen, SQLSMALLINT *textlen)
{
    pthread_mutex_t *mu = api_handle_mutex(type, h);
    if (!mu)
        return SQL_INVALID_HANDLE;
    pthread_mutex_lock(mu);
    SQLRETURN rc = diag_get_rec(type, h, recno, (char *)state, native,
                                (char *)msg, buflen, textlen);
    pthread_mutex_unlock(mu);
    return rc;
}

/* SQLGetDiagField: entry point; the work is done by diag_get_field(). */
SQLRETURN SQL_API SQLGetDiagField(SQLSMALLINT type, SQLHANDLE h,
                                  SQLSMALLINT recno, SQLSMALLINT id,
                                  SQLPOINTER buf, SQLSMALLINT buflen,
                                  SQLSMALLINT *outlen)
{
    pthread_mutex_t *mu = api_handle_mutex(type, h);
    if (!mu)
        return SQL_INVALID_HANDLE;
    pthread_mutex_lock(mu);
    SQLRETURN rc = diag_get_field(type, h, recno, id, buf, buflen, outlen);
    pthread_mutex_unlock(mu);
    return rc;
}

/* SQLGetDescField: entry point; the work is done by desc_get_field(). */
SQLRETURN SQL_API SQLGetDescField(SQLHDESC h, SQLSMALLINT rec,
                                  SQLSMALLINT field, SQLPOINTER val,
                                  SQLINTEGER buflen, SQLINTEGER *outlen)
{
    ENTER_DESC(h, "SQLGetDescField");
    return api_desc_exit(d, desc_get_field(d, rec, field, val, buflen,
                                           outlen));
}

/* SQLSetDescField: entry point; the work is done by desc_set_field(). */
SQLRETURN SQL_API SQLSetDescField(SQLHDESC h, SQLSMALLINT rec,
                                  SQLSMALLINT field, SQLPOINTER val,
                                  SQLINTEGER len)
{
    ENTER_DESC(h, "SQLSetDescField");
    return api_desc_exit(d, desc_set_field(d, rec, field, val, len));
}

/* SQLGetDescRec: entry point; the work is done by desc_get_rec(). */
SQLRETURN SQL_API SQLGetDescRec(SQLHDESC h, SQLSMALLINT rec, SQLCHAR *name,
                                SQLSMALLINT namecap, SQLSMALLINT *namelen,
                                SQLSMALLINT *type, SQLSMALLINT *sub,
                                SQLLEN *len, SQLSMALLINT *prec,
                                SQLSMALLINT *scale, SQLSMALLINT *nullable)
{
    ENTER_DESC(h, "SQLGetDescRec");
    return api_desc_exit(d, desc_get_rec(d, rec, (char *)name, namecap,
                                         namelen, type, sub, len, prec,
                                         scale, nullable));
}

/* SQLSetDescRec: entry point; the work is done by desc_set_rec(). */
SQLRETURN SQL_API SQLSetDescRec(SQLHDESC h, SQLSMALLINT rec,
                                SQLSMALLINT type, SQLSMALLINT sub,
                                SQLLEN len, SQLSMALLINT prec,
                                SQLSMALLINT scale, SQLPOINTER data,
                                SQLLEN *octlen, SQLLEN *ind)
{
    ENTER_DESC(h, "SQLSetDescRec");
    return api_desc_exit(d, desc_set_rec(d, rec, type, sub, len, prec, scale,
                                         data, octlen, ind));
}

/* SQLCopyDesc: entry point; the work is done by desc_copy(). */
SQLRETURN SQL_API SQLCopyDesc(SQLHDESC src, SQLHDESC dst)
{
    drv_desc *sd = src;
    if (!sd || sd->magic != DRV_DESC_MAGIC)
        return SQL_INVALID_HANDLE;
    ENTER_DESC(dst, "SQLCopyDesc");
    return api_desc_exit(d, desc_copy(sd, d));
}
