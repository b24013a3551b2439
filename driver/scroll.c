/*
 * driver/scroll.c
 *   Scrollable cursors: which rowset SQLFetchScroll and SQLExtendedFetch
 *   land on over a static cursor, SQLSetPos (SQL_POSITION, SQL_REFRESH),
 *   bookmarks and cursor names.
 * Interface: scroll_wanted, scroll_fetch, scroll_bookmark,
 *   stmt_extended_fetch, stmt_set_pos,
 *   stmt_get_cursor_name, stmt_set_cursor_name.
 * Not here: the row store (cursor.c), converting a row into the bound
 *   buffers (fetch.c), the cursor attributes (stmt.c).
 *
 * Positions follow the rules of SQLFetchScroll in the ODBC reference
 * ("Cursor positioning rules"): rs_start is the first row of the
 * current rowset, 0 before the start and -1 after the end. Where a rule
 * moves a partial rowset to row 1 the fetch returns 01S06. Only the rows
 * a rule needs are read from the engine (LAST, negative ABSOLUTE and
 * PRIOR after the end read to the end).
 * A bookmark is the row's number (1-based) as an 8-byte unsigned
 * integer (SQL_C_BOOKMARK, SQL_C_VARBOOKMARK of 8 bytes; SQL_C_ULONG
 * gives 4), valid while the cursor stays open (SQL_BP_SCROLL).
 * The cursor is read-only: SQLSetPos SQL_UPDATE/SQL_DELETE are HYC00.
 * SQLBulkOperations (bulk.c) adds rows; its bookmark operations are
 * HYC00 (SQLFetchScroll SQL_FETCH_BOOKMARK fetches by bookmark).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "driver.h"

/* See driver.h. */
bool scroll_wanted(const drv_stmt *s)
{
    return s->cursor_type == SQL_CURSOR_STATIC;
}

/* See driver.h. */
SQLRETURN scroll_bookmark(drv_stmt *s, uint64_t r, SQLSMALLINT ctype,
                          SQLPOINTER ptr, SQLLEN buflen, SQLLEN *len)
{
    if (s->use_bookmarks == SQL_UB_OFF)
        return diag_pushf(&s->diag, "07009", "invalid descriptor index 0: "
                          "bookmarks are off (SQL_ATTR_USE_BOOKMARKS)");
    if (ctype == SQL_C_ULONG) {
        if (r > UINT32_MAX)
            return diag_pushf(&s->diag, "22003", "bookmark %llu does not "
                              "fit SQL_C_ULONG", (unsigned long long)r);
        uint32_t v = (uint32_t)r;
        if (ptr)
            memcpy(ptr, &v, 4);
        *len = 4;
        return SQL_SUCCESS;
    }
    uint64_t v = r;
    if (ctype == SQL_C_UBIGINT || ctype == SQL_C_SBIGINT) {
        if (ptr)
            memcpy(ptr, &v, 8);
        *len = 8;
        return SQL_SUCCESS;
    }
    if (ctype != SQL_C_VARBOOKMARK)
        return diag_pushf(&s->diag, "HY003", "the bookmark column takes "
                          "SQL_C_BOOKMARK or SQL_C_VARBOOKMARK, not C type "
                          "%d", (int)ctype);
    *len = 8;
    if (ptr && buflen > 0)
        memcpy(ptr, &v, buflen < 8 ? (size_t)buflen : 8);
    if (buflen < 8)
        return diag_pushf(&s->diag, "01004", "string data, right truncated: "
                          "the bookmark needs 8 bytes");
    return SQL_SUCCESS;
}

/* Reads up to `upto` rows into the store; false with a record on error. */
static bool fill(drv_stmt *s, uint64_t upto)
{
    return cur_fill(s, upto) != SQL_ERROR;
}

/* The number of the last row (reads the whole result); -1 on error. */
static int64_t last_row(drv_stmt *s)
{
    if (!fill(s, UINT64_MAX))
        return -1;
    return (int64_t)cur_count(s);
}

/* Where to start for SQL_FETCH_ABSOLUTE off; *warn set for 01S06.
 * Returns -2 on error. */
static int64_t absolute(drv_stmt *s, SQLLEN off, int64_t sz, bool *warn)
{
    if (off > 0)
        return off;
    if (off == 0)
        return 0;
    int64_t last = last_row(s);
    if (last < 0)
        return -2;
    int64_t n = -(int64_t)off;
    if (n <= last)
        return last - n + 1;
    if (n > sz)
        return 0;
    *warn = true;
    return 1;
}

/*
 * Fetches the rowset chosen by orient/off over the static cursor, of
 * `size` rows, into the bound buffers; status and rows_out (may be
 * NULL) receive the row statuses and count. bookmark: the target of
 * SQL_FETCH_BOOKMARK (0 = read SQL_ATTR_FETCH_BOOKMARK_PTR).
 */
static SQLRETURN rowset(drv_stmt *s, SQLSMALLINT orient, SQLLEN off,
                        SQLULEN size, SQLUSMALLINT *status,
                        SQLULEN *rows_out, uint64_t bookmark)
{
    if (!s->cur) {
        if (s->rows_fetched || s->batch || s->eof)
            return diag_pushf(&s->diag, "HY106", "fetch type out of range: "
                              "the cursor was opened forward-only");
        if (!cur_open(s))
            return diag_oom(&s->diag);
        s->rs_start = 0;
        s->rs_rows = 0;
        s->rs_size = 0;
    }
    int64_t cur = s->rs_start, sz = (int64_t)size, start = 0;
    bool warn = false;
    switch (orient) {
    case SQL_FETCH_NEXT: {
        /* the previous rowset's size moves past it */
        int64_t prev = s->rs_size ? (int64_t)s->rs_size : sz;
        start = cur == 0 ? 1 : cur < 0 ? -1 : cur + prev;
        break;
    }
    case SQL_FETCH_PRIOR:
        if (cur == 0 || cur == 1) {
            start = 0;
        } else if (cur > 1 && cur <= sz) {
            start = 1;
            warn = true;
        } else if (cur > sz) {
            start = cur - sz;
        } else {
            int64_t last = last_row(s);
            if (last < 0)
                return SQL_ERROR;
            start = last < sz ? 1 : last - sz + 1;
            if (last == 0)
                start = 0;
        }
        break;
    case SQL_FETCH_RELATIVE:
        if ((cur == 0 && off > 0) || (cur < 0 && off < 0)) {
            start = absolute(s, off, sz, &warn);
        } else if (cur == 0) {
            start = 0;
        } else if (cur < 0) {
            start = -1;
        } else if (cur + off < 1) {
            if (cur == 1 || -(int64_t)off > sz) {
                start = 0;
            } else {
                start = 1;
                warn = true;
            }
        } else {
            start = cur + off;
        }
        break;
    case SQL_FETCH_ABSOLUTE:
        start = absolute(s, off, sz, &warn);
        break;
    case SQL_FETCH_FIRST:
        start = 1;
        break;
    case SQL_FETCH_LAST: {
        int64_t last = last_row(s);
        if (last < 0)
            return SQL_ERROR;
        start = sz <= last ? last - sz + 1 : 1;
        if (last == 0)
            start = -1;
        break;
    }
    case SQL_FETCH_BOOKMARK: {
        if (s->use_bookmarks == SQL_UB_OFF)
            return diag_pushf(&s->diag, "HY106", "fetch type out of range: "
                              "SQL_FETCH_BOOKMARK with bookmarks off "
                              "(SQL_ATTR_USE_BOOKMARKS)");
        uint64_t bm = bookmark;
        if (!bm) {
            if (!s->fetch_bookmark_ptr)
                return diag_pushf(&s->diag, "HY111", "invalid bookmark "
                                  "value: SQL_ATTR_FETCH_BOOKMARK_PTR is "
                                  "not set");
            memcpy(&bm, s->fetch_bookmark_ptr, sizeof bm);
        }
        if (bm < 1 || bm > cur_count(s))
            return diag_pushf(&s->diag, "HY111", "invalid bookmark value "
                              "%llu (the cursor has %llu rows so far)",
                              (unsigned long long)bm,
                              (unsigned long long)cur_count(s));
        start = (int64_t)bm + off;
        if (start < 1)
            start = 0;
        break;
    }
    default:
        return diag_pushf(&s->diag, "HY106", "fetch type out of range: %d",
                          (int)orient);
    }
    if (start == -2)
        return SQL_ERROR;
    if (start > 0 && !fill(s, (uint64_t)start + (uint64_t)sz - 1))
        return SQL_ERROR;
    if (start > 0 && (uint64_t)start > cur_count(s))
        start = -1;
    s->gd_col = 0;
    s->gd_done = false;
    s->rs_size = size;
    if (start <= 0) {
        s->rs_start = start;
        s->rs_rows = 0;
        s->have_row = false;
        s->row_number = 0;
        if (status)
            for (SQLULEN i = 0; i < size; i++)
                status[i] = SQL_ROW_NOROW;
        if (rows_out)
            *rows_out = 0;
        return SQL_NO_DATA;
    }
    uint64_t avail = cur_count(s) - (uint64_t)start + 1;
    SQLULEN n = avail < size ? (SQLULEN)avail : size;
    SQLRETURN rc = SQL_SUCCESS;
    bool errors = false;
    for (SQLULEN i = 0; i < n; i++) {
        s->row_number = (uint64_t)start + i;
        SQLRETURN rr = cur_load(s, s->row_number);
        if (rr != SQL_ERROR && s->retrieve_data != SQL_RD_OFF)
            rr = fetch_fill_row(s, i);
        if (status)
            status[i] = fetch_row_status(rr);
        if (rr == SQL_ERROR)
            errors = true;
        else
            rc = api_rc_merge(rc, rr);
    }
    if (status)
        for (SQLULEN i = n; i < size; i++)
            status[i] = SQL_ROW_NOROW;
    if (rows_out)
        *rows_out = n;
    s->rs_start = start;
    s->rs_rows = n;
    s->row_number = (uint64_t)start;
    s->have_row = true;
    if (warn)
        rc = api_rc_merge(rc, diag_pushf(&s->diag, "01S06", "attempt to "
                          "fetch before the result set returned the first "
                          "rowset"));
    if (errors)
        return size == 1 ? SQL_ERROR : SQL_SUCCESS_WITH_INFO;
    return rc;
}

/* See driver.h. */
SQLRETURN scroll_fetch(drv_stmt *s, SQLSMALLINT orient, SQLLEN off)
{
    SQLULEN size = s->ard->array_size ? s->ard->array_size : 1;
    return rowset(s, orient, off, size, s->ird.array_status_ptr,
                  s->ird.rows_processed_ptr, 0);
}

/*
 * SQLExtendedFetch (ODBC 2): the rowset size is SQL_ROWSET_SIZE, the
 * statuses and count go to the arguments, and SQL_FETCH_BOOKMARK takes
 * the bookmark itself as the offset. A forward-only cursor takes
 * SQL_FETCH_NEXT only.
 */
SQLRETURN stmt_extended_fetch(drv_stmt *s, SQLUSMALLINT orient, SQLLEN off,
                              SQLULEN *rows, SQLUSMALLINT *status)
{
    if (s->state != ST_CURSOR)
        return diag_pushf(&s->diag, s->state == ST_EXECUTED ? "24000"
                          : "HY010", "no open cursor");
    SQLULEN size = s->rowset_size ? s->rowset_size : 1;
    if (s->cur || scroll_wanted(s)) {
        if (orient == SQL_FETCH_BOOKMARK)
            return rowset(s, SQL_FETCH_BOOKMARK, 0, size, status, rows,
                          off > 0 ? (uint64_t)off : UINT64_MAX);
        return rowset(s, (SQLSMALLINT)orient, off, size, status, rows, 0);
    }
    if (orient != SQL_FETCH_NEXT)
        return diag_pushf(&s->diag, "HY106", "fetch type out of range: the "
                          "cursor is forward-only (only SQL_FETCH_NEXT)");
    /* the forward-only fetch with this call's rowset and arrays */
    SQLULEN keep_size = s->ard->array_size;
    SQLUSMALLINT *keep_status = s->ird.array_status_ptr;
    SQLULEN *keep_rows = s->ird.rows_processed_ptr;
    s->ard->array_size = size;
    s->ird.array_status_ptr = status;
    s->ird.rows_processed_ptr = rows;
    SQLRETURN rc = stmt_fetch(s);
    s->ard->array_size = keep_size;
    s->ird.array_status_ptr = keep_status;
    s->ird.rows_processed_ptr = keep_rows;
    return rc;
}

/*
 * SQLSetPos over the current rowset of a static cursor: SQL_POSITION
 * makes row `row` current (SQLGetData reads it), SQL_REFRESH converts
 * the row (0: every row) into the bound buffers again and updates the
 * row status array. The cursor is insensitive, so a refresh returns the
 * rows as they were read. SQL_UPDATE, SQL_DELETE (and SQL_ADD): HYC00.
 */
SQLRETURN stmt_set_pos(drv_stmt *s, SQLSETPOSIROW row, SQLUSMALLINT op,
                       SQLUSMALLINT lock)
{
    if (s->state != ST_CURSOR)
        return diag_pushf(&s->diag, s->state == ST_EXECUTED ? "24000"
                          : "HY010", "function sequence error: no open "
                          "cursor");
    if (op == SQL_UPDATE || op == SQL_DELETE || op == SQL_ADD)
        return diag_pushf(&s->diag, "HYC00", "optional feature not "
                          "implemented: SQLSetPos %s; the cursor is "
                          "read-only (SQL_CONCUR_READ_ONLY): change rows "
                          "with UPDATE, DELETE or INSERT statements",
                          op == SQL_UPDATE ? "SQL_UPDATE"
                          : op == SQL_DELETE ? "SQL_DELETE" : "SQL_ADD");
    if (op != SQL_POSITION && op != SQL_REFRESH)
        return diag_pushf(&s->diag, "HY092", "invalid SQLSetPos operation "
                          "%u", (unsigned)op);
    if (lock != SQL_LOCK_NO_CHANGE)
        return diag_pushf(&s->diag, "HYC00", "optional feature not "
                          "implemented: SQLSetPos locks (only "
                          "SQL_LOCK_NO_CHANGE)");
    if (!s->cur)
        return diag_pushf(&s->diag, "HYC00", "optional feature not "
                          "implemented: SQLSetPos on a forward-only cursor "
                          "(set SQL_ATTR_CURSOR_TYPE to SQL_CURSOR_STATIC)");
    if (s->rs_rows == 0)
        return diag_pushf(&s->diag, "24000", "invalid cursor state: the "
                          "cursor is not positioned on a rowset");
    if (row > s->rs_rows)
        return diag_pushf(&s->diag, "HY107", "row value out of range: %lu "
                          "(the rowset has %lu rows)", (unsigned long)row,
                          (unsigned long)s->rs_rows);
    if (op == SQL_POSITION && row == 0)
        return diag_pushf(&s->diag, "HY109", "invalid cursor position: "
                          "SQL_POSITION needs a row number");
    s->gd_col = 0;
    s->gd_done = false;
    if (op == SQL_POSITION) {
        s->row_number = (uint64_t)s->rs_start + row - 1;
        return SQL_SUCCESS;
    }
    SQLULEN from = row ? row - 1 : 0, to = row ? row : s->rs_rows;
    SQLUSMALLINT *status = s->ird.array_status_ptr;
    SQLRETURN rc = SQL_SUCCESS;
    for (SQLULEN i = from; i < to; i++) {
        s->row_number = (uint64_t)s->rs_start + i;
        SQLRETURN rr = cur_load(s, s->row_number);
        if (rr != SQL_ERROR)
            rr = fetch_fill_row(s, i);
        if (status)
            status[i] = fetch_row_status(rr);
        rc = api_rc_merge(rc, rr);
    }
    s->row_number = (uint64_t)s->rs_start + (row ? row - 1 : 0);
    return rc;
}

/* ---------------------------------------------------------- cursor names */

#define MAX_CURSOR_NAME 128

/* See driver.h. The default name SQL_CUR<n> is made on first demand. */
SQLRETURN stmt_get_cursor_name(drv_stmt *s, const char **name)
{
    if (!s->cursor_name) {
        char buf[32];
        snprintf(buf, sizeof buf, "SQL_CUR%u", ++s->dbc->cursor_seq);
        s->cursor_name = eng_strdup(buf);
        if (!s->cursor_name)
            return diag_oom(&s->diag);
    }
    *name = s->cursor_name;
    return SQL_SUCCESS;
}

/*
 * SQLSetCursorName: 24000 while a cursor is open; 34000 for an empty or
 * too long name or one starting with SQLCUR / SQL_CUR (reserved for the
 * driver's names); 3C000 when another statement of the connection has
 * the name (compared without case, as an identifier).
 */
SQLRETURN stmt_set_cursor_name(drv_stmt *s, const char *name, SQLLEN len)
{
    if (!name)
        return diag_pushf(&s->diag, "HY009", "invalid use of null pointer");
    if (len < 0 && len != SQL_NTS)
        return diag_pushf(&s->diag, "HY090", "invalid string or buffer "
                          "length %ld", (long)len);
    size_t n = len == SQL_NTS ? strlen(name) : (size_t)len;
    if (s->state == ST_CURSOR)
        return diag_pushf(&s->diag, "24000", "invalid cursor state: a "
                          "cursor is open on the statement");
    if (n == 0 || n > MAX_CURSOR_NAME)
        return diag_pushf(&s->diag, "34000", "invalid cursor name: %s",
                          n ? "longer than 128 characters" : "empty");
    if ((n >= 6 && !strncasecmp(name, "SQLCUR", 6)) ||
        (n >= 7 && !strncasecmp(name, "SQL_CUR", 7)))
        return diag_pushf(&s->diag, "34000", "invalid cursor name '%.*s': "
                          "names starting with SQLCUR or SQL_CUR are the "
                          "driver's", (int)n, name);
    for (drv_stmt *o = s->dbc->stmts; o; o = o->next)
        if (o != s && o->cursor_name && strlen(o->cursor_name) == n &&
            !strncasecmp(o->cursor_name, name, n))
            return diag_pushf(&s->diag, "3C000", "duplicate cursor name "
                              "'%.*s'", (int)n, name);
    char *copy = eng_malloc(n + 1);
    if (!copy)
        return diag_oom(&s->diag);
    memcpy(copy, name, n);
    copy[n] = '\0';
    eng_free(s->cursor_name);
    s->cursor_name = copy;
    return SQL_SUCCESS;
}
