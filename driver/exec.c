/*
 * driver/exec.c
 *   Preparing and executing statements through the engine, and result
 *   metadata: SQLPrepare, SQLExecute, SQLExecDirect, SQLNumResultCols,
 *   SQLDescribeCol, SQLColAttribute, SQLRowCount and SQLMoreResults.
 * Interface: stmt_prepare, stmt_execute, stmt_run, stmt_exec_direct,
 *   stmt_num_result_cols, stmt_describe_col, stmt_col_attribute,
 *   ird_field, col_attr_is_string, stmt_row_count, stmt_more_results,
 *   stmt_require_prepared.
 * Not here: fetching (fetch.c), type facts (sqltype.c), parameters
 *   (param.c).
 *
 * Column metadata is available right after SQLPrepare (eng_prepare
 * binds and plans), so applications may describe before executing.
 */
#include <string.h>
#include "driver.h"

/* True when s holds a prepared statement; else records HY010. */
bool stmt_require_prepared(drv_stmt *s)
{
    if (s->es)
        return true;
    diag_pushf(&s->diag, "HY010",
               "function sequence error: no statement has been prepared "
               "or executed");
    return false;
}

/* Turns an engine failure into diagnostics on s. */
static SQLRETURN eng_fail(drv_stmt *s, eng_rc rc, const eng_error *err)
{
    return rc == ENG_NOMEM ? diag_oom(&s->diag) : diag_engine(&s->diag, err);
}

/*
 * SQLPrepare: frees any previous statement and prepares sql (len bytes
 * or SQL_NTS) with the engine, ODBC escapes translated first unless
 * SQL_ATTR_NOSCAN is on. 24000 while a cursor is open.
 */
SQLRETURN stmt_prepare(drv_stmt *s, const char *sql, SQLLEN len)
{
    if (!sql)
        return diag_pushf(&s->diag, "HY009", "invalid use of null pointer");
    if (s->state == ST_CURSOR)
        return diag_pushf(&s->diag, "24000",
                          "invalid cursor state: close the cursor first");
    size_t n = len == SQL_NTS || len < 0 ? strlen(sql) : (size_t)len;
    trace_sql("sql", sql, n);
    stmt_reset(s);
    /* ODBC escapes -> Trino text before the engine sees it (escape.c) */
    char *tr;
    size_t trn;
    SQLRETURN trc = drv_translate(&s->diag, s->noscan == SQL_NOSCAN_ON, sql,
                                  n, &tr, &trn);
    if (!SQL_SUCCEEDED(trc))
        return trc;
    if (tr) {
        sql = tr;
        n = trn;
        trace_sql("sql after ODBC escapes", sql, n);
    }
    eng_error err;
    eng_err_clear(&err);
    eng_stmt *es = NULL;
    eng_set_timeout(s->dbc->conn, (unsigned)s->query_timeout);
    eng_rc rc = eng_prepare(s->dbc->conn, sql, n, &es, &err);
    eng_free(tr);
    if (rc != ENG_OK)
        return eng_fail(s, rc, &err);
    pthread_mutex_lock(&s->cancel_mu);
    s->es = es;
    pthread_mutex_unlock(&s->cancel_mu);
    eng_set_query_timeout(es, (unsigned)s->query_timeout);
    s->state = ST_PREPARED;
    /* SQLExecDirect goes on to run it in this call: its scans must mask
     * the parameter values they may carry (trace.c) */
    trace_mask_values(eng_stmt_nparams(es) > 0);
    return SQL_SUCCESS;
}

/* See driver.h. */
eng_rc stmt_run(drv_stmt *s, const eng_value *vals, int nrows, int *bad_row,
                eng_error *err)
{
    eng_set_query_timeout(s->es, (unsigned)s->query_timeout);
    eng_set_timeout(s->dbc->conn, (unsigned)s->query_timeout);
    eng_rc rc = vals ? eng_execute_params(s->es, vals, nrows, bad_row, err)
                     : eng_execute(s->es, err);
    s->batch = NULL;
    s->batch_row = 0;
    s->eof = false;
    s->have_row = false;
    s->rows_fetched = 0;
    s->row_number = 0;
    s->gd_col = 0;
    if (rc != ENG_OK) {
        s->state = ST_PREPARED;
        return rc;
    }
    s->executed_once = true;
    s->rowcount = eng_stmt_rowcount(s->es);
    if (eng_stmt_ncols(s->es) > 0) {
        s->state = ST_CURSOR;
        s->diag.dyn_func = "SELECT CURSOR";
        s->diag.dyn_code = SQL_DIAG_SELECT_CURSOR;
    } else {
        s->state = ST_EXECUTED;
        s->diag.dyn_func = "";
        s->diag.dyn_code = SQL_DIAG_UNKNOWN_STATEMENT;
    }
    s->diag.row_count = (SQLLEN)s->rowcount;
    return ENG_OK;
}

/*
 * SQLExecute: runs the prepared statement; opens a cursor when it
 * returns rows. A statement with parameter markers runs with the bound
 * values (param.c). HY010 without a prepared statement, 24000 while a
 * cursor is open.
 */
static SQLRETURN execute_prepared(drv_stmt *s)
{
    if (s->state == ST_CURSOR)
        return diag_pushf(&s->diag, "24000",
                          "invalid cursor state: close the cursor first");
    if (eng_stmt_nparams(s->es) > 0) {
        trace_log("  %d parameter markers (values not traced)",
                  eng_stmt_nparams(s->es));
        return param_execute(s);
    }
    param_reset(s);
    eng_error err;
    eng_err_clear(&err);
    eng_rc rc = stmt_run(s, NULL, 0, NULL, &err);
    if (rc != ENG_OK)
        return eng_fail(s, rc, &err);
    return SQL_SUCCESS;
}

SQLRETURN stmt_execute(drv_stmt *s)
{
    if (!stmt_require_prepared(s))
        return SQL_ERROR;
    /* cancels before this call do not apply to it */
    eng_cancel_reset(s->es);
    return execute_prepared(s);
}

/*
 * SQLExecDirect = SQLPrepare + SQLExecute, one call: a SQLCancel from
 * another thread while it prepares (stmt_cancel finds no statement, or
 * the previous one) is applied to the new statement before it runs.
 */
SQLRETURN stmt_exec_direct(drv_stmt *s, const char *sql, SQLLEN len)
{
    pthread_mutex_lock(&s->cancel_mu);
    s->preparing = true;
    s->cancel_pending = false;
    pthread_mutex_unlock(&s->cancel_mu);
    SQLRETURN rc = stmt_prepare(s, sql, len);
    pthread_mutex_lock(&s->cancel_mu);
    bool pending = s->cancel_pending;
    s->preparing = false;
    s->cancel_pending = false;
    pthread_mutex_unlock(&s->cancel_mu);
    if (!SQL_SUCCEEDED(rc))
        return rc;
    if (pending)
        eng_cancel(s->es);
    return api_rc_merge(rc, execute_prepared(s));
}

/* SQLNumResultCols: columns of the prepared statement (HY010 if none). */
SQLRETURN stmt_num_result_cols(drv_stmt *s, SQLSMALLINT *out)
{
    if (!stmt_require_prepared(s))
        return SQL_ERROR;
    if (out)
        *out = (SQLSMALLINT)eng_stmt_ncols(s->es);
    return SQL_SUCCESS;
}

/* Checks a 1-based column number against the result (07009 if bad). */
static bool valid_col(drv_stmt *s, SQLUSMALLINT col)
{
    if (col >= 1 && col <= eng_stmt_ncols(s->es))
        return true;
    diag_pushf(&s->diag, "07009", "invalid descriptor index %u (the result "
               "has %d columns%s)", (unsigned)col, eng_stmt_ncols(s->es),
               col == 0 ? "; bookmarks are not supported" : "");
    return false;
}

/* "" for NULL strings. */
static const char *nz(const char *s)
{
    return s ? s : "";
}

/* See driver.h. */
bool ird_field(drv_stmt *s, int col, SQLUSMALLINT id, const char **str,
               SQLLEN *num)
{
    const eng_column_desc *cd = eng_stmt_column(s->es, col - 1);
    sqlt_info ti;
    sqlt_describe(s, cd->type, &ti);
    *str = NULL;
    *num = 0;
    switch (id) {
    case SQL_DESC_COUNT: case SQL_COLUMN_COUNT:
        *num = eng_stmt_ncols(s->es);
        break;
    case SQL_DESC_NAME: case SQL_COLUMN_NAME: case SQL_DESC_LABEL:
        *str = nz(cd->name);
        break;
    case SQL_DESC_BASE_COLUMN_NAME: *str = nz(cd->base_name); break;
    case SQL_DESC_BASE_TABLE_NAME: case SQL_DESC_TABLE_NAME:
        *str = nz(cd->table);
        break;
    case SQL_DESC_SCHEMA_NAME: *str = nz(cd->schema); break;
    case SQL_DESC_CATALOG_NAME: *str = nz(cd->catalog); break;
    case SQL_DESC_TYPE_NAME: *str = ti.type_name; break;
    case SQL_DESC_LOCAL_TYPE_NAME: *str = ti.local_type_name; break;
    case SQL_DESC_LITERAL_PREFIX: *str = ti.lit_prefix; break;
    case SQL_DESC_LITERAL_SUFFIX: *str = ti.lit_suffix; break;
    case SQL_DESC_CONCISE_TYPE: *num = ti.concise; break;
    case SQL_DESC_TYPE: *num = ti.verbose; break;
    case SQL_DESC_DATETIME_INTERVAL_CODE: *num = ti.datetime_sub; break;
    case SQL_DESC_LENGTH: *num = (SQLLEN)ti.column_size; break;
    case SQL_DESC_OCTET_LENGTH: *num = ti.octet_length; break;
    case SQL_DESC_PRECISION: *num = ti.precision; break;
    case SQL_DESC_SCALE: *num = ti.digits; break;
    case SQL_DESC_DISPLAY_SIZE: *num = ti.display_size; break;
    case SQL_DESC_NULLABLE: case SQL_COLUMN_NULLABLE:
        *num = cd->nullable ? SQL_NULLABLE : SQL_NO_NULLS;
        break;
    case SQL_DESC_UNSIGNED: *num = ti.is_unsigned ? SQL_TRUE : SQL_FALSE; break;
    case SQL_DESC_SEARCHABLE: *num = ti.searchable; break;
    case SQL_DESC_UPDATABLE: *num = SQL_ATTR_READONLY; break;
    case SQL_DESC_AUTO_UNIQUE_VALUE: *num = SQL_FALSE; break;
    case SQL_DESC_CASE_SENSITIVE:
        *num = ti.case_sensitive ? SQL_TRUE : SQL_FALSE;
        break;
    case SQL_DESC_FIXED_PREC_SCALE:
        *num = ti.fixed_prec_scale ? SQL_TRUE : SQL_FALSE;
        break;
    case SQL_DESC_NUM_PREC_RADIX: *num = ti.radix; break;
    case SQL_DESC_UNNAMED:
        *num = cd->name && *cd->name ? SQL_NAMED : SQL_UNNAMED;
        break;
    /* ODBC 2.x meanings */
    case SQL_COLUMN_LENGTH: *num = ti.octet_length; break;
    case SQL_COLUMN_PRECISION: *num = (SQLLEN)ti.column_size; break;
    case SQL_COLUMN_SCALE: *num = ti.digits; break;
    default:
        return false;
    }
    return true;
}

/* True when column attribute id is a string. */
bool col_attr_is_string(SQLUSMALLINT id)
{
    return id == SQL_COLUMN_NAME || desc_field_is_string((SQLSMALLINT)id);
}

/*
 * SQLDescribeCol: name (UTF-8, 01004 when cut), SQL type, column size,
 * decimal digits and nullability of column col.
 */
SQLRETURN stmt_describe_col(drv_stmt *s, SQLUSMALLINT col, char *name,
                            SQLSMALLINT namecap, SQLSMALLINT *namelen,
                            SQLSMALLINT *type, SQLULEN *size,
                            SQLSMALLINT *digits, SQLSMALLINT *nullable)
{
    if (!stmt_require_prepared(s) || !valid_col(s, col))
        return SQL_ERROR;
    const eng_column_desc *cd = eng_stmt_column(s->es, col - 1);
    sqlt_info ti;
    sqlt_describe(s, cd->type, &ti);
    SQLRETURN rc = SQL_SUCCESS;
    SQLLEN full;
    if (drv_copy_str(nz(cd->name), -1, name, namecap, &full))
        rc = diag_pushf(&s->diag, "01004", "column name truncated");
    if (namelen)
        *namelen = (SQLSMALLINT)full;
    if (type)
        *type = ti.concise;
    if (size)
        *size = ti.column_size;
    if (digits)
        *digits = ti.digits;
    if (nullable)
        *nullable = cd->nullable ? SQL_NULLABLE : SQL_NO_NULLS;
    return rc;
}

/*
 * SQLColAttribute: string attributes into strbuf (UTF-8, 01004 when cut),
 * numeric ones into *num. HY091 for an unknown field id.
 */
SQLRETURN stmt_col_attribute(drv_stmt *s, SQLUSMALLINT col, SQLUSMALLINT id,
                             SQLPOINTER strbuf, SQLSMALLINT buflen,
                             SQLSMALLINT *outlen, SQLLEN *num)
{
    if (!stmt_require_prepared(s))
        return SQL_ERROR;
    if (id == SQL_DESC_COUNT || id == SQL_COLUMN_COUNT) {
        if (num)
            *num = eng_stmt_ncols(s->es);
        return SQL_SUCCESS;
    }
    if (!valid_col(s, col))
        return SQL_ERROR;
    const char *str;
    SQLLEN n;
    if (!ird_field(s, col, id, &str, &n))
        return diag_pushf(&s->diag, "HY091",
                          "invalid descriptor field identifier %u",
                          (unsigned)id);
    if (str) {
        SQLLEN full;
        bool trunc = drv_copy_str(str, -1, strbuf, buflen, &full);
        if (outlen)
            *outlen = (SQLSMALLINT)full;
        if (trunc)
            return diag_pushf(&s->diag, "01004",
                              "string data, right truncated");
        return SQL_SUCCESS;
    }
    if (num)
        *num = n;
    return SQL_SUCCESS;
}

/* SQLRowCount: rows affected by the last execution, -1 for queries. */
SQLRETURN stmt_row_count(drv_stmt *s, SQLLEN *out)
{
    if (s->state != ST_EXECUTED && s->state != ST_CURSOR)
        return diag_pushf(&s->diag, "HY010",
                          "function sequence error: the statement has not "
                          "been executed");
    if (out)
        *out = (SQLLEN)s->rowcount;
    return SQL_SUCCESS;
}

/*
 * SQLMoreResults: one result per statement, except for a query executed
 * with a parameter array, which has one per set of parameters: the next
 * set runs then (param_more_results). Otherwise closes the cursor and
 * returns SQL_NO_DATA.
 */
SQLRETURN stmt_more_results(drv_stmt *s)
{
    if (s->state == ST_ALLOC)
        return SQL_NO_DATA;
    SQLULEN count = s->pset_count;
    stmt_close_cursor(s, false);
    s->pset_count = count;
    return param_more_results(s);
}
