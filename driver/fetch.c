/*
 * driver/fetch.c
 *   Moving through results: SQLBindCol, SQLFetch, SQLFetchScroll and
 *   SQLGetData (any column, any order, in parts), over the engine's
 *   batches (forward-only) or a static cursor's row store (scroll.c).
 * Interface: stmt_bind_col, stmt_fetch, stmt_fetch_scroll, stmt_get_data,
 *   fetch_fill_row, fetch_row_status.
 * Not here: value conversions (convert_*.c), executing (exec.c),
 *   scrolling, SQLSetPos and bookmarks' positioning (scroll.c), the row
 *   store (cursor.c).
 *
 * A forward-only cursor (the default) walks the engine's batches
 * (eng_fetch) row by row, so the first rows reach the application before
 * the whole result exists, and nothing is buffered. A batch is valid
 * until the next eng_fetch: bound columns are converted as each row is
 * reached, and SQLGetData reads the current (last fetched) row, which
 * always lies in the current batch. A static cursor reads its rows from
 * the row store instead (row_value).
 * Binding follows the ARD: column-wise or row-wise (SQL_ATTR_ROW_BIND_
 * TYPE), rowsets of SQL_ATTR_ROW_ARRAY_SIZE rows, the bind offset, and
 * separate indicator and octet-length pointers. The IRD carries the row
 * status array and the rows-fetched pointer. Column 0 is the bookmark
 * (the row number) when SQL_ATTR_USE_BOOKMARKS is on.
 */
#include <string.h>
#include "driver.h"

/* True for C types whose values have a variable length. */
static bool var_len(SQLSMALLINT ctype)
{
    return ctype == SQL_C_CHAR || ctype == SQL_C_WCHAR ||
           ctype == SQL_C_BINARY;
}

/*
 * SQLBindCol: records the buffer for column col in the ARD. A NULL
 * buffer and NULL indicator unbind the column. 07009 for column 0 (no
 * bookmarks) or past the result's columns; HY003 for an unknown C type;
 * HY090 for a negative buffer length.
 */
SQLRETURN stmt_bind_col(drv_stmt *s, SQLUSMALLINT col, SQLSMALLINT ctype,
                        SQLPOINTER ptr, SQLLEN buflen, SQLLEN *ind)
{
    if (col == 0 && s->use_bookmarks == SQL_UB_OFF)
        return diag_pushf(&s->diag, "07009", "invalid descriptor index 0: "
                          "bookmarks are off (SQL_ATTR_USE_BOOKMARKS)");
    if (col == 0 && (ptr || ind) && ctype != SQL_C_BOOKMARK &&
        ctype != SQL_C_VARBOOKMARK && ctype != SQL_C_ULONG &&
        ctype != SQL_C_UBIGINT)
        return diag_pushf(&s->diag, "HY003", "the bookmark column takes "
                          "SQL_C_BOOKMARK or SQL_C_VARBOOKMARK, not C type "
                          "%d", (int)ctype);
    if (col == 0 && (ptr || ind)) {
        if (!desc_ensure(s->ard, 0))
            return diag_oom(&s->diag);
        desc_rec *r = &s->ard->recs[0];
        memset(r, 0, sizeof *r);
        r->type = r->concise_type = ctype;
        r->data_ptr = ptr;
        r->octet_length = buflen;
        r->indicator_ptr = r->octet_length_ptr = ind;
        return SQL_SUCCESS;
    }
    if (s->es && col > eng_stmt_ncols(s->es))
        return diag_pushf(&s->diag, "07009", "invalid descriptor index %u "
                          "(the result has %d columns)", (unsigned)col,
                          eng_stmt_ncols(s->es));
    if (!ptr && !ind) {
        if (col == 0 && s->ard->recs)
            memset(&s->ard->recs[0], 0, sizeof s->ard->recs[0]);
        else if (col <= s->ard->count) {
            memset(&s->ard->recs[col], 0, sizeof s->ard->recs[col]);
            while (s->ard->count > 0 &&
                   !s->ard->recs[s->ard->count].data_ptr &&
                   !s->ard->recs[s->ard->count].indicator_ptr)
                s->ard->count--;
        }
        return SQL_SUCCESS;
    }
    if (ctype != SQL_C_DEFAULT && !conv_c_type_valid(ctype))
        return diag_pushf(&s->diag, "HY003", "invalid application buffer "
                          "type %d", (int)ctype);
    if (buflen < 0)
        return diag_pushf(&s->diag, "HY090", "invalid buffer length %ld",
                          (long)buflen);
    if (!desc_ensure(s->ard, col))
        return diag_oom(&s->diag);
    desc_rec *r = &s->ard->recs[col];
    memset(r, 0, sizeof *r);
    r->concise_type = ctype;
    r->type = ctype;
    if (ctype == SQL_C_TYPE_DATE || ctype == SQL_C_TYPE_TIMESTAMP ||
        ctype == SQL_C_TYPE_TIME) {
        r->type = SQL_DATETIME;
        r->datetime_sub = ctype == SQL_C_TYPE_DATE ? SQL_CODE_DATE
                          : ctype == SQL_C_TYPE_TIME ? SQL_CODE_TIME
                                                     : SQL_CODE_TIMESTAMP;
    }
    r->data_ptr = ptr;
    r->octet_length = buflen;
    r->indicator_ptr = ind;
    r->octet_length_ptr = ind;
    if (col > s->ard->count)
        s->ard->count = col;
    return SQL_SUCCESS;
}

/*
 * Advances the cursor by one row. *got is false at the end (or when
 * SQL_ATTR_MAX_ROWS is reached). Engine errors are recorded on s.
 */
static SQLRETURN next_row(drv_stmt *s, bool *got)
{
    *got = false;
    if (s->eof)
        return SQL_SUCCESS;
    if (s->max_rows && s->rows_fetched >= s->max_rows) {
        s->eof = true;
        return SQL_SUCCESS;
    }
    if (s->batch && s->batch_row + 1 < s->batch->nrows) {
        s->batch_row++;
    } else {
        for (;;) {
            const eng_batch *b = NULL;
            eng_error err;
            eng_err_clear(&err);
            s->batch = NULL;
            eng_rc rc = eng_fetch(s->es, &b, &err);
            if (rc != ENG_OK) {
                s->eof = true;
                return rc == ENG_NOMEM ? diag_oom(&s->diag)
                                       : diag_engine(&s->diag, &err);
            }
            if (!b) {
                s->eof = true;
                return SQL_SUCCESS;
            }
            if (b->nrows > 0) {
                s->batch = b;
                s->batch_row = 0;
                break;
            }
        }
    }
    s->rows_fetched++;
    s->row_number++;
    *got = true;
    return SQL_SUCCESS;
}

/* Resolves SQL_C_DEFAULT to the column's default C type. */
static SQLSMALLINT resolve_ctype(drv_stmt *s, int col, SQLSMALLINT ctype)
{
    if (ctype != SQL_C_DEFAULT)
        return ctype;
    if (col == 0)
        return s->use_bookmarks == SQL_UB_VARIABLE ? SQL_C_VARBOOKMARK
                                                    : SQL_C_BOOKMARK;
    sqlt_info ti;
    sqlt_describe(s, eng_stmt_column(s->es, col - 1)->type, &ti);
    if (ti.c_default == SQL_C_TYPE_DATE && stmt_odbc_ver(s) == SQL_OV_ODBC2)
        return SQL_C_DATE;
    return ti.c_default;
}

/* Fills the precision/scale a SQL_C_NUMERIC target defaults to. */
static void numeric_defaults(drv_stmt *s, int col, conv_target *t,
                             SQLSMALLINT prec, SQLSMALLINT scale)
{
    eng_type ty = eng_stmt_column(s->es, col - 1)->type;
    if (prec > 0) {
        t->precision = prec;
        t->scale = scale;
    } else if (ty.id == ENG_T_DECIMAL) {
        t->precision = (SQLSMALLINT)ty.precision;
        t->scale = (SQLSMALLINT)ty.scale;
    } else {
        t->precision = 38;
        t->scale = 0;
    }
}

/* Column col (0-based) of the current row: the batch's row, or the
 * static cursor's loaded row. */
static void row_value(drv_stmt *s, int col, eng_value *v)
{
    if (s->cur)
        cur_value(s, col, v);
    else
        eng_batch_get(s->batch, col, s->batch_row, v);
}

/*
 * The common bound-column conversions straight from the current batch's
 * vector, without an eng_value and the general conversion's dispatch:
 * NULL into an indicator, an integer into SQL_C_SBIGINT / SQL_C_SLONG
 * (no range to check), a double into SQL_C_DOUBLE, and varchar and date
 * into SQL_C_CHAR when the text fits the buffer. Writes exactly what
 * conv_value would (value, length, indicator 0 when separate) and returns
 * true; false leaves the column to the general path (everything else:
 * truncation, diagnostics, a missing buffer or indicator).
 */
static bool fast_fill(drv_stmt *s, int col, SQLSMALLINT ctype, char *data,
                      SQLLEN buflen, SQLLEN *ind, SQLLEN *len)
{
    const eng_vector *v = &s->batch->cols[col];
    int row = s->batch_row;
    eng_type_id t = v->type.id;
    if (t == ENG_T_UNKNOWN || !eng_vec_is_valid(v, row)) {
        if (!ind)
            return false;     /* 22002: the general path says it */
        *ind = SQL_NULL_DATA;
        return true;
    }
    if (!data)
        return false;
    SQLLEN n;
    if ((ctype == SQL_C_SBIGINT || ctype == SQL_C_SLONG) &&
        (t == ENG_T_SMALLINT || t == ENG_T_INTEGER ||
         (t == ENG_T_BIGINT && ctype == SQL_C_SBIGINT))) {
        int64_t x = t == ENG_T_SMALLINT ? ((const int16_t *)v->data)[row]
                  : t == ENG_T_INTEGER ? ((const int32_t *)v->data)[row]
                  : ((const int64_t *)v->data)[row];
        if (ctype == SQL_C_SBIGINT) {
            SQLBIGINT y = x;
            memcpy(data, &y, sizeof y);
            n = sizeof y;
        } else {
            SQLINTEGER y = (SQLINTEGER)x;
            memcpy(data, &y, sizeof y);
            n = sizeof y;
        }
    } else if (ctype == SQL_C_DOUBLE && t == ENG_T_DOUBLE) {
        SQLDOUBLE y = ((const double *)v->data)[row];
        memcpy(data, &y, sizeof y);
        n = sizeof y;
    } else if (ctype == SQL_C_CHAR && t == ENG_T_VARCHAR) {
        eng_str x = ((const eng_str *)v->data)[row];
        if ((SQLLEN)x.len >= buflen)
            return false;     /* truncation: 01004 */
        if (x.len)
            memcpy(data, x.ptr, x.len);
        data[x.len] = '\0';
        n = (SQLLEN)x.len;
    } else if (ctype == SQL_C_CHAR && t == ENG_T_DATE) {
        char tmp[32];
        int k = eng_date_format(((const int32_t *)v->data)[row], tmp,
                                sizeof tmp);
        if (k <= 0 || k >= (int)sizeof tmp || (SQLLEN)k >= buflen)
            return false;
        memcpy(data, tmp, (size_t)k + 1);
        n = k;
    } else {
        return false;
    }
    if (len)
        *len = n;
    if (ind && ind != len)
        *ind = 0;
    return true;
}

/* See driver.h. */
SQLUSMALLINT fetch_row_status(SQLRETURN rc)
{
    return rc == SQL_SUCCESS ? SQL_ROW_SUCCESS
           : rc == SQL_SUCCESS_WITH_INFO ? SQL_ROW_SUCCESS_WITH_INFO
                                         : SQL_ROW_ERROR;
}

/*
 * Converts the current row's bound columns into rowset slot i, the
 * bookmark (column 0) first. Returns the combined code of the row (SWI
 * for warnings, ERROR if any column failed).
 */
SQLRETURN fetch_fill_row(drv_stmt *s, SQLULEN i)
{
    drv_desc *ard = s->ard;
    int ncols = eng_stmt_ncols(s->es);
    SQLLEN off = ard->bind_offset_ptr ? *ard->bind_offset_ptr : 0;
    SQLRETURN rowrc = SQL_SUCCESS;
    int first = ard->recs && s->use_bookmarks != SQL_UB_OFF &&
                (ard->recs[0].data_ptr || ard->recs[0].indicator_ptr) ? 0 : 1;
    for (int c = first; c <= ard->count && c <= ncols; c++) {
        desc_rec *r = &ard->recs[c];
        if (!r->data_ptr && !r->indicator_ptr && !r->octet_length_ptr)
            continue;
        SQLSMALLINT ctype = resolve_ctype(s, c, r->concise_type);
        char *data = NULL;
        SQLLEN *ind = NULL, *len = NULL;
        if (ard->bind_type == SQL_BIND_BY_COLUMN) {
            SQLLEN elem = var_len(ctype) ? r->octet_length : conv_c_size(ctype);
            if (r->data_ptr)
                data = (char *)r->data_ptr + off + (SQLLEN)i * elem;
            if (r->indicator_ptr)
                ind = (SQLLEN *)((char *)(r->indicator_ptr + i) + off);
            if (r->octet_length_ptr)
                len = (SQLLEN *)((char *)(r->octet_length_ptr + i) + off);
        } else {
            SQLLEN step = (SQLLEN)ard->bind_type * (SQLLEN)i + off;
            if (r->data_ptr)
                data = (char *)r->data_ptr + step;
            if (r->indicator_ptr)
                ind = (SQLLEN *)((char *)r->indicator_ptr + step);
            if (r->octet_length_ptr)
                len = (SQLLEN *)((char *)r->octet_length_ptr + step);
        }
        SQLLEN rowno = (SQLLEN)i + 1;
        if (c == 0) {
            SQLLEN bl = 0;
            SQLRETURN rc = scroll_bookmark(s, s->row_number, ctype, data,
                                           r->octet_length, &bl);
            if (ind)
                *ind = bl;
            if (len && len != ind)
                *len = bl;
            rowrc = api_rc_merge(rowrc, rc);
            continue;
        }
        if (!s->cur && fast_fill(s, c - 1, ctype, data, r->octet_length, ind,
                                 len))
            continue;
        eng_value v;
        row_value(s, c - 1, &v);
        if (v.is_null) {
            if (!ind) {
                rowrc = api_rc_merge(rowrc, diag_pushrc(&s->diag, "22002",
                    rowno, c, "indicator variable required but not "
                    "supplied (column %d is NULL)", c));
                continue;
            }
            *ind = SQL_NULL_DATA;
            continue;
        }
        conv_target t = {0};
        t.ctype = ctype;
        t.ptr = data;
        t.buflen = r->octet_length;
        t.len_out = len;
        t.row = rowno;
        t.col = c;
        if (ctype == SQL_C_NUMERIC)
            numeric_defaults(s, c, &t, r->precision, r->scale);
        SQLRETURN rc = conv_value(s, &v, &t);
        if (ind && ind != len)
            *ind = 0;
        rowrc = api_rc_merge(rowrc, rc);
    }
    return rowrc;
}

/* Checks that s has an open cursor (HY010 / 24000 otherwise). */
static bool require_cursor(drv_stmt *s)
{
    if (s->state == ST_CURSOR)
        return true;
    if (s->state == ST_EXECUTED)
        diag_pushf(&s->diag, "24000", "invalid cursor state: the statement "
                   "returned no result set");
    else
        diag_pushf(&s->diag, "HY010", "function sequence error: the "
                   "statement has not been executed");
    return false;
}

/*
 * SQLFetch: fetches the next rowset (SQL_ATTR_ROW_ARRAY_SIZE rows) into
 * the bound columns, filling the row status array and rows-fetched
 * count. SQL_NO_DATA at the end.
 */
SQLRETURN stmt_fetch(drv_stmt *s)
{
    if (!require_cursor(s))
        return SQL_ERROR;
    if (s->cur || scroll_wanted(s))
        return scroll_fetch(s, SQL_FETCH_NEXT, 0);
    drv_desc *ard = s->ard;
    SQLUSMALLINT *status = s->ird.array_status_ptr;
    SQLULEN n = 0, size = ard->array_size ? ard->array_size : 1;
    SQLRETURN rc = SQL_SUCCESS;
    s->gd_col = 0;
    s->gd_done = false;
    s->have_row = false;
    bool errors = false, fatal = false;
    for (SQLULEN i = 0; i < size; i++) {
        bool got;
        SQLRETURN r = next_row(s, &got);
        if (r == SQL_ERROR) {
            fatal = true;
            break;
        }
        if (!got)
            break;
        SQLRETURN rr = s->retrieve_data == SQL_RD_OFF ? SQL_SUCCESS
                                                       : fetch_fill_row(s, i);
        if (status)
            status[i] = fetch_row_status(rr);
        if (rr == SQL_ERROR)
            errors = true;
        else
            rc = api_rc_merge(rc, rr);
        n++;
    }
    if (status)
        for (SQLULEN i = n; i < size; i++)
            status[i] = SQL_ROW_NOROW;
    if (s->ird.rows_processed_ptr)
        *s->ird.rows_processed_ptr = n;
    s->have_row = n > 0;
    if (fatal && n == 0)
        return SQL_ERROR;
    if (n == 0)
        return SQL_NO_DATA;
    if (errors)
        return size == 1 ? SQL_ERROR : SQL_SUCCESS_WITH_INFO;
    return fatal ? SQL_SUCCESS_WITH_INFO : rc;
}

/*
 * SQLFetchScroll: every orientation over a static cursor (scroll.c);
 * SQL_FETCH_NEXT only over a forward-only one (HY106 otherwise).
 */
SQLRETURN stmt_fetch_scroll(drv_stmt *s, SQLSMALLINT orient, SQLLEN off)
{
    if (!require_cursor(s))
        return SQL_ERROR;
    if (s->cur || scroll_wanted(s))
        return scroll_fetch(s, orient, off);
    if (orient != SQL_FETCH_NEXT)
        return diag_pushf(&s->diag, "HY106", "fetch type out of range: the "
                          "cursor is forward-only (only SQL_FETCH_NEXT; set "
                          "SQL_ATTR_CURSOR_TYPE to SQL_CURSOR_STATIC to "
                          "scroll)");
    return stmt_fetch(s);
}

/*
 * SQLGetData: column col of the current row. Character and binary
 * values come in parts: each call returns the next part (01004 while
 * more remains, with the remaining length in *ind), then SQL_NO_DATA
 * once the column was fully read. NULL gives SQL_NULL_DATA, or 22002
 * without an indicator.
 */
SQLRETURN stmt_get_data(drv_stmt *s, SQLUSMALLINT col, SQLSMALLINT ctype,
                        SQLPOINTER ptr, SQLLEN buflen, SQLLEN *ind)
{
    if (!require_cursor(s))
        return SQL_ERROR;
    if (!s->have_row || (!s->batch && !s->cur))
        return diag_pushf(&s->diag, "24000", "invalid cursor state: no "
                          "current row (call SQLFetch first)");
    /* a static cursor keeps every row, so any row of a block can be read
     * (SQLSetPos positions); a forward-only batch has moved on */
    if (s->ard->array_size > 1 && !s->cur)
        return diag_pushf(&s->diag, "HYC00", "SQLGetData with a rowset "
                          "larger than one row needs a static cursor "
                          "(SQL_ATTR_CURSOR_TYPE = SQL_CURSOR_STATIC)");
    if (col == 0 && s->use_bookmarks != SQL_UB_OFF) {
        if (ctype == SQL_ARD_TYPE || ctype == SQL_C_DEFAULT)
            ctype = resolve_ctype(s, 0, SQL_C_DEFAULT);
        SQLLEN bl = 0;
        SQLRETURN rc = scroll_bookmark(s, s->row_number, ctype, ptr, buflen,
                                       &bl);
        if (ind)
            *ind = bl;
        return rc;
    }
    if (col == 0 || col > eng_stmt_ncols(s->es))
        return diag_pushf(&s->diag, "07009", "invalid descriptor index %u",
                          (unsigned)col);
    SQLSMALLINT prec = 0, scale = 0;
    if (ctype == SQL_ARD_TYPE) {
        if (col > s->ard->count)
            return diag_pushf(&s->diag, "07009", "SQL_ARD_TYPE: column %u "
                              "has no ARD record", (unsigned)col);
        ctype = s->ard->recs[col].concise_type;
        prec = s->ard->recs[col].precision;
        scale = s->ard->recs[col].scale;
    }
    if (ctype != SQL_C_DEFAULT && !conv_c_type_valid(ctype))
        return diag_pushf(&s->diag, "HY003", "invalid application buffer "
                          "type %d", (int)ctype);
    if (buflen < 0)
        return diag_pushf(&s->diag, "HY090", "invalid buffer length %ld",
                          (long)buflen);
    ctype = resolve_ctype(s, col, ctype);
    if (s->gd_col != col) {
        s->gd_col = col;
        s->gd_off = 0;
        s->gd_done = false;
    }
    if (s->gd_done)
        return SQL_NO_DATA;
    if (s->cur) {
        SQLRETURN lr = cur_load(s, s->row_number);
        if (lr == SQL_ERROR)
            return lr;
    }
    eng_value v;
    row_value(s, col - 1, &v);
    if (v.is_null) {
        s->gd_done = true;
        if (!ind)
            return diag_pushrc(&s->diag, "22002", SQL_NO_ROW_NUMBER, col,
                               "indicator variable required but not "
                               "supplied (column %u is NULL)", (unsigned)col);
        *ind = SQL_NULL_DATA;
        return SQL_SUCCESS;
    }
    conv_target t = {0};
    t.ctype = ctype;
    t.ptr = ptr;
    t.buflen = buflen;
    t.len_out = ind;
    t.offset = s->gd_off;
    t.row = SQL_NO_ROW_NUMBER;
    t.col = col;
    if (ctype == SQL_C_NUMERIC)
        numeric_defaults(s, col, &t, prec, scale);
    if (!var_len(ctype) && !ptr)
        return diag_pushf(&s->diag, "HY009", "invalid use of null pointer");
    SQLRETURN rc = conv_value(s, &v, &t);
    if (rc == SQL_ERROR)
        return rc;
    s->gd_off = t.consumed;
    s->gd_done = t.done;
    return rc;
}
