/*
 * driver/bulk.c
 *   SQLBulkOperations: SQL_ADD inserts the rows bound in the ARD into the
 *   table the open result set reads; the bookmark operations are HYC00.
 * Interface: stmt_bulk_operations.
 * Not here: the INSERT itself (the engine's write path, through an
 *   internal statement of the same connection and the parameter code of
 *   param.c); positioned operations (scroll.c).
 *
 * Why through parameters: the ARD's records, array size, bind type and
 * offset are exactly an APD's for a parameter array, so SQL_ADD is
 * `INSERT INTO t (bound columns) VALUES (?, ...)` with the ARD lent to
 * the APD, and gets every conversion, the all-or-none array INSERT (one
 * remote transaction) and the connection's transaction for free. The
 * target is the one table every bound column comes from (the IRD's
 * catalog, schema, table and base column name); a bound column that is
 * an expression or from another table is HYC00. ODBC lists HY092 for
 * SQL_ADD on a read-only cursor; every MeshODBC cursor is read-only (it
 * is never changed in place), and SQL_ADD does not touch it, so SQL_ADD
 * is taken whatever SQL_ATTR_CONCURRENCY says: accepting another
 * concurrency would tell clients (LibreOffice Base, for one) that rows
 * can be updated through the cursor. Inserted rows are not visible to the open
 * cursor (static cursors are insensitive; a forward-only cursor reads
 * its query's snapshot).
 */
#include <stdio.h>
#include <string.h>
#include "driver.h"

/* Appends "name" as a quoted identifier. */
static void put_ident(eng_strbuf *sb, const char *name)
{
    eng_sb_quoted(sb, '"', name, strlen(name));
}

/* The indicator of row r of ARD record rec (NULL when none is bound). */
static SQLLEN *row_ind(const drv_desc *ard, const desc_rec *rec, SQLULEN r)
{
    SQLLEN *p = rec->indicator_ptr ? rec->indicator_ptr
                                   : rec->octet_length_ptr;
    if (!p)
        return NULL;
    char *base = (char *)p;
    if (ard->bind_offset_ptr)
        base += *ard->bind_offset_ptr;
    base += ard->bind_type == SQL_BIND_BY_COLUMN ? r * sizeof(SQLLEN)
                                                 : r * ard->bind_type;
    return (SQLLEN *)base;
}

/* Copies the records of t's diagnostics onto s (without a second
 * "[MeshODBC] " prefix). */
static void take_diags(drv_stmt *s, drv_stmt *t)
{
    static const char pfx[] = "[MeshODBC] ";
    if (t->diag.oom)
        diag_oom(&s->diag);
    for (int i = 0; i < t->diag.n; i++) {
        const diag_rec *r = &t->diag.recs[i];
        const char *m = r->msg ? r->msg : "";
        if (!strncmp(m, pfx, sizeof pfx - 1))
            m += sizeof pfx - 1;
        diag_push(&s->diag, r->state, r->native, m, r->row, r->col);
    }
}

SQLRETURN stmt_bulk_operations(drv_stmt *s, SQLUSMALLINT op)
{
    if (op == SQL_UPDATE_BY_BOOKMARK || op == SQL_DELETE_BY_BOOKMARK)
        return diag_pushf(&s->diag, "HYC00", "optional feature not "
                          "implemented: SQLBulkOperations %s; the cursor's "
                          "rows are changed only by UPDATE and DELETE "
                          "statements",
                          op == SQL_UPDATE_BY_BOOKMARK
                              ? "SQL_UPDATE_BY_BOOKMARK"
                              : "SQL_DELETE_BY_BOOKMARK");
    if (op == SQL_FETCH_BY_BOOKMARK)
        return diag_pushf(&s->diag, "HYC00", "optional feature not "
                          "implemented: SQLBulkOperations "
                          "SQL_FETCH_BY_BOOKMARK; use SQLFetchScroll with "
                          "SQL_FETCH_BOOKMARK on a static cursor");
    if (op != SQL_ADD)
        return diag_pushf(&s->diag, "HY092", "invalid SQLBulkOperations "
                          "operation %u", (unsigned)op);
    if (s->state != ST_CURSOR)
        return diag_pushf(&s->diag, s->state == ST_EXECUTED ? "24000"
                          : "HY010", "function sequence error: SQL_ADD "
                          "needs an open result set");
    drv_desc *ard = s->ard;
    int ncols = eng_stmt_ncols(s->es);
    const eng_column_desc *first = NULL;
    int nbound = 0;
    for (int c = 1; c <= ard->count && c <= ncols; c++) {
        const desc_rec *r = &ard->recs[c];
        if (!r->data_ptr && !r->indicator_ptr && !r->octet_length_ptr)
            continue;
        const eng_column_desc *cd = eng_stmt_column(s->es, c - 1);
        if (!cd->table || !*cd->table || !cd->base_name || !*cd->base_name)
            return diag_pushf(&s->diag, "HYC00", "optional feature not "
                              "implemented: SQL_ADD of column %d (%s), "
                              "which is not a column of a table", c,
                              cd->name ? cd->name : "");
        if (first && (strcmp(first->catalog, cd->catalog) ||
                      strcmp(first->schema, cd->schema) ||
                      strcmp(first->table, cd->table)))
            return diag_pushf(&s->diag, "HYC00", "optional feature not "
                              "implemented: SQL_ADD into two tables (%s.%s.%s "
                              "and %s.%s.%s); bind columns of one table",
                              first->catalog, first->schema, first->table,
                              cd->catalog, cd->schema, cd->table);
        if (!first)
            first = cd;
        nbound++;
    }
    if (!nbound)
        return diag_pushf(&s->diag, "HY000", "SQL_ADD: no column is bound "
                          "(SQLBindCol)");
    SQLULEN nrows = ard->array_size ? ard->array_size : 1;
    for (int c = 1; c <= ard->count && c <= ncols; c++) {
        const desc_rec *r = &ard->recs[c];
        if (!r->data_ptr && !r->indicator_ptr && !r->octet_length_ptr)
            continue;
        for (SQLULEN i = 0; i < nrows; i++) {
            if (ard->array_status_ptr && ard->array_status_ptr[i] ==
                SQL_ROW_IGNORE)
                continue;
            SQLLEN *ind = row_ind(ard, r, i);
            if (!ind)
                continue;
            if (*ind == SQL_COLUMN_IGNORE)
                return diag_pushrc(&s->diag, "HYC00", (SQLLEN)i + 1, c,
                                   "optional feature not implemented: "
                                   "SQL_COLUMN_IGNORE in SQL_ADD (row %lu, "
                                   "column %d): leave the column unbound "
                                   "instead", (unsigned long)i + 1, c);
            if (*ind == SQL_DATA_AT_EXEC ||
                *ind <= SQL_LEN_DATA_AT_EXEC_OFFSET)
                return diag_pushrc(&s->diag, "HYC00", (SQLLEN)i + 1, c,
                                   "optional feature not implemented: "
                                   "data at execution in SQL_ADD (row %lu, "
                                   "column %d)", (unsigned long)i + 1, c);
        }
    }

    /* INSERT INTO "c"."s"."t" ("a", "b") VALUES (?, ?) */
    eng_strbuf sb;
    eng_sb_init(&sb, NULL);
    eng_sb_puts(&sb, "INSERT INTO ");
    put_ident(&sb, first->catalog);
    eng_sb_putc(&sb, '.');
    put_ident(&sb, first->schema);
    eng_sb_putc(&sb, '.');
    put_ident(&sb, first->table);
    eng_sb_puts(&sb, " (");
    int k = 0;
    for (int c = 1; c <= ard->count && c <= ncols; c++) {
        const desc_rec *r = &ard->recs[c];
        if (!r->data_ptr && !r->indicator_ptr && !r->octet_length_ptr)
            continue;
        if (k++)
            eng_sb_puts(&sb, ", ");
        put_ident(&sb, eng_stmt_column(s->es, c - 1)->base_name);
    }
    eng_sb_puts(&sb, ") VALUES (");
    for (int i = 0; i < nbound; i++)
        eng_sb_puts(&sb, i ? ", ?" : "?");
    eng_sb_putc(&sb, ')');
    if (sb.oom) {
        eng_sb_free(&sb);
        return diag_oom(&s->diag);
    }

    SQLHANDLE h;
    SQLRETURN rc = stmt_alloc(s->dbc, &h);
    if (!SQL_SUCCEEDED(rc)) {
        eng_sb_free(&sb);
        return diag_oom(&s->diag);
    }
    drv_stmt *t = h;
    t->noscan = SQL_NOSCAN_ON;      /* generated text: no escapes */
    k = 0;
    for (int c = 1; c <= ard->count && c <= ncols && SQL_SUCCEEDED(rc); c++) {
        const desc_rec *r = &ard->recs[c];
        if (!r->data_ptr && !r->indicator_ptr && !r->octet_length_ptr)
            continue;
        sqlt_info ti;
        sqlt_describe(s, eng_stmt_column(s->es, c - 1)->type, &ti);
        rc = stmt_bind_param(t, (SQLUSMALLINT)++k, SQL_PARAM_INPUT,
                             r->concise_type, ti.concise, ti.column_size,
                             ti.digits, r->data_ptr, r->octet_length,
                             r->indicator_ptr ? r->indicator_ptr
                                              : r->octet_length_ptr);
        if (SQL_SUCCEEDED(rc)) {
            /* SQLBindCol may give separate length and indicator pointers */
            desc_rec *p = &t->apd->recs[k];
            p->octet_length_ptr = r->octet_length_ptr;
            p->indicator_ptr = r->indicator_ptr;
            p->precision = r->precision;
            p->scale = r->scale;
        }
    }
    if (SQL_SUCCEEDED(rc)) {
        t->apd->array_size = nrows;
        t->apd->bind_type = ard->bind_type;
        t->apd->bind_offset_ptr = ard->bind_offset_ptr;
        /* SQL_ROW_IGNORE == SQL_PARAM_IGNORE: the row operation array is
         * the parameter operation array */
        t->apd->array_status_ptr = ard->array_status_ptr;
        rc = stmt_exec_direct(t, sb.buf, (SQLLEN)sb.len);
    }
    eng_sb_free(&sb);
    take_diags(s, t);
    if (s->ird.array_status_ptr)
        for (SQLULEN i = 0; i < nrows; i++)
            if (!ard->array_status_ptr ||
                ard->array_status_ptr[i] != SQL_ROW_IGNORE)
                s->ird.array_status_ptr[i] = SQL_SUCCEEDED(rc)
                                             ? SQL_ROW_ADDED : SQL_ROW_ERROR;
    if (SQL_SUCCEEDED(rc)) {
        SQLLEN n = 0;
        stmt_row_count(t, &n);
        s->diag.row_count = n;
    }
    stmt_free(t);
    return rc;
}
