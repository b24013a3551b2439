/*
 * driver/cursor.c
 *   The row store of a static (scrollable) cursor: the result's rows kept
 *   in memory, and past the connection's StaticCursorMemory bytes in a
 *   temporary file, so that SQLFetchScroll can revisit any row.
 * Interface: cur_open, cur_close, cur_fill, cur_count, cur_complete,
 *   cur_load, cur_value.
 * Not here: where the rowsets go (fetch.c, scroll.c), the cursor
 *   attributes (stmt.c).
 *
 * Rows are pulled from the engine lazily, one batch at a time, only as
 * far as the application scrolls (SQL_FETCH_LAST reads to the end), and
 * SQL_ATTR_MAX_ROWS caps what is kept. Each row is encoded as, per
 * column, a byte 0 (NULL) or 1 followed by the value: 4-byte length and
 * bytes for varchar, 16 bytes for decimal, 8 bytes of the value union
 * for every other type (they all fit an int64/double). offs[r] is where
 * row r+1 starts; offs[n] is the end. The offsets stay in memory
 * (8 bytes a row).
 *
 * Spilling: while the encoded rows fit the limit they live in `buf`.
 * The row that would exceed it creates a file with mkstemp in $TMPDIR
 * (else /tmp), which is unlinked at once, so it vanishes when the cursor
 * closes and even if the process dies; everything in `buf` goes to the
 * file and `buf` becomes a write buffer of at most SPILL_FLUSH bytes
 * holding the file's tail. Reads take a row from the buffer or with
 * pread. The cursor is insensitive: it reads one execution's rows.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "driver.h"

#define SPILL_FLUSH (256u * 1024u)

struct drv_cursor {
    int ncols;
    eng_type *types;         /* the result's column types */
    size_t limit;            /* bytes kept in memory before spilling */
    uint64_t max_rows;       /* SQL_ATTR_MAX_ROWS at execution, 0 = all */
    uint64_t n;              /* rows stored */
    bool complete;           /* the engine has no more rows */
    uint64_t *offs;          /* n + 1 offsets */
    size_t offs_cap;
    char *buf;               /* rows, or the file's unwritten tail */
    size_t buf_len, buf_cap;
    int fd;                  /* spill file, -1 while in memory */
    uint64_t file_len;       /* bytes written to fd */
    char *row;               /* bytes of the loaded row */
    size_t row_cap;
    uint64_t loaded;         /* row number in row/vals, 0 = none */
    eng_value *vals;         /* decoded values of the loaded row */
};

/* Bytes a non-NULL value of type t takes (varchar, varbinary, uuid: the
 * length header only). */
static size_t fixed_width(eng_type_id t)
{
    return t == ENG_T_DECIMAL ? 16 : eng_type_is_str(t) ? 4 : 8;
}

/* See driver.h. */
bool cur_open(drv_stmt *s)
{
    cur_close(s);
    drv_cursor *c = eng_calloc(1, sizeof *c);
    if (!c)
        return false;
    c->fd = -1;
    c->ncols = eng_stmt_ncols(s->es);
    c->limit = s->dbc->cursor_memory;
    c->max_rows = s->max_rows;
    c->types = eng_calloc((size_t)(c->ncols ? c->ncols : 1), sizeof *c->types);
    c->vals = eng_calloc((size_t)(c->ncols ? c->ncols : 1), sizeof *c->vals);
    c->offs = eng_malloc(64 * sizeof *c->offs);
    if (!c->types || !c->vals || !c->offs) {
        eng_free(c->types);
        eng_free(c->vals);
        eng_free(c->offs);
        eng_free(c);
        return false;
    }
    c->offs_cap = 64;
    c->offs[0] = 0;
    for (int i = 0; i < c->ncols; i++) {
        c->types[i] = eng_stmt_column(s->es, i)->type;
        if (c->types[i].id == ENG_T_ARRAY)   /* it arrives as its text */
            c->types[i] = eng_type_varchar(0);
    }
    s->cur = c;
    return true;
}

/* See driver.h. */
void cur_close(drv_stmt *s)
{
    drv_cursor *c = s->cur;
    if (!c)
        return;
    if (c->fd >= 0)
        close(c->fd);
    eng_free(c->types);
    eng_free(c->vals);
    eng_free(c->offs);
    eng_free(c->buf);
    eng_free(c->row);
    eng_free(c);
    s->cur = NULL;
}

uint64_t cur_count(const drv_stmt *s)
{
    return s->cur ? s->cur->n : 0;
}

bool cur_complete(const drv_stmt *s)
{
    return s->cur && s->cur->complete;
}

/* Records an I/O failure on the spill file. */
static SQLRETURN io_error(drv_stmt *s, const char *what, int e)
{
    const char *dir = getenv("TMPDIR");
    return diag_pushf(&s->diag, "HY000", "static cursor: cannot %s the "
                      "temporary file in %s: %s", what,
                      dir && *dir ? dir : "/tmp", strerror(e));
}

/* Writes all of buf to the spill file; false with a record on failure. */
static bool flush(drv_stmt *s, drv_cursor *c)
{
    size_t done = 0;
    while (done < c->buf_len) {
        ssize_t w = pwrite(c->fd, c->buf + done, c->buf_len - done,
                           (off_t)(c->file_len + done));
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            io_error(s, "write", w < 0 ? errno : ENOSPC);
            return false;
        }
        done += (size_t)w;
    }
    c->file_len += c->buf_len;
    c->buf_len = 0;
    return true;
}

/* Creates the unlinked spill file and moves the rows into it. */
static bool spill(drv_stmt *s, drv_cursor *c)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    size_t n = strlen(dir) + sizeof "/meshodbc-cursor-XXXXXX";
    char *path = eng_malloc(n);
    if (!path) {
        diag_oom(&s->diag);
        return false;
    }
    snprintf(path, n, "%s/meshodbc-cursor-XXXXXX", dir);
    c->fd = mkstemp(path);
    int e = errno;
    if (c->fd >= 0)
        unlink(path);    /* gone when closed, whatever happens */
    eng_free(path);
    if (c->fd < 0) {
        io_error(s, "create", e);
        return false;
    }
    trace_log("static cursor: spilling to a temporary file after %zu bytes",
              c->buf_len);
    return flush(s, c);
}

/* Appends row `row` of batch b to the store. false with a record on
 * failure (OOM or I/O). */
static bool store_row(drv_stmt *s, drv_cursor *c, const eng_batch *b, int row)
{
    size_t need = 0;
    for (int i = 0; i < c->ncols; i++) {
        eng_value v;
        eng_batch_get(b, i, row, &v);
        need += 1;
        if (!v.is_null)
            need += fixed_width(c->types[i].id) +
                    (eng_type_is_str(c->types[i].id) ? v.u.s.len : 0);
    }
    if (c->fd < 0 && c->buf_len + need > c->limit && !spill(s, c))
        return false;
    if (c->fd >= 0 && c->buf_len > 0 && c->buf_len + need > SPILL_FLUSH &&
        !flush(s, c))
        return false;
    if (!eng_array_grow(NULL, &c->buf, &c->buf_cap, c->buf_len + need, 1) ||
        !eng_array_grow(NULL, &c->offs, &c->offs_cap, (size_t)c->n + 2,
                        sizeof *c->offs)) {
        diag_oom(&s->diag);
        return false;
    }
    char *p = c->buf + c->buf_len;
    for (int i = 0; i < c->ncols; i++) {
        eng_value v;
        eng_batch_get(b, i, row, &v);
        *p++ = v.is_null ? 0 : 1;
        if (v.is_null)
            continue;
        if (eng_type_is_str(c->types[i].id)) {
            uint32_t len = v.u.s.len;
            memcpy(p, &len, 4);
            if (len)
                memcpy(p + 4, v.u.s.ptr, len);
            p += 4 + len;
        } else if (c->types[i].id == ENG_T_DECIMAL) {
            memcpy(p, &v.u.dec, 16);
            p += 16;
        } else {
            memcpy(p, &v.u, 8);
            p += 8;
        }
    }
    c->buf_len += need;
    c->n++;
    c->offs[c->n] = c->offs[c->n - 1] + need;
    return true;
}

/* See driver.h. */
SQLRETURN cur_fill(drv_stmt *s, uint64_t upto)
{
    drv_cursor *c = s->cur;
    while (!c->complete && c->n < upto) {
        const eng_batch *b = NULL;
        eng_error err;
        eng_err_clear(&err);
        eng_rc rc = eng_fetch(s->es, &b, &err);
        if (rc != ENG_OK) {
            c->complete = true;
            return rc == ENG_NOMEM ? diag_oom(&s->diag)
                                   : diag_engine(&s->diag, &err);
        }
        if (!b) {
            c->complete = true;
            break;
        }
        /* the whole batch: it is gone after the next eng_fetch */
        for (int r = 0; r < b->nrows; r++) {
            if (c->max_rows && c->n >= c->max_rows) {
                c->complete = true;
                break;
            }
            if (!store_row(s, c, b, r)) {
                c->complete = true;
                return SQL_ERROR;
            }
        }
        if (c->max_rows && c->n >= c->max_rows)
            c->complete = true;
    }
    return SQL_SUCCESS;
}

/* See driver.h. */
SQLRETURN cur_load(drv_stmt *s, uint64_t r)
{
    drv_cursor *c = s->cur;
    if (c->loaded == r)
        return SQL_SUCCESS;
    uint64_t start = c->offs[r - 1];
    size_t len = (size_t)(c->offs[r] - start);
    if (!eng_array_grow(NULL, &c->row, &c->row_cap, len ? len : 1, 1))
        return diag_oom(&s->diag);
    uint64_t mem0 = c->fd >= 0 ? c->file_len : 0;   /* buf's first offset */
    if (start >= mem0) {
        memcpy(c->row, c->buf + (start - mem0), len);
    } else {
        size_t done = 0;
        while (done < len) {
            ssize_t got = pread(c->fd, c->row + done, len - done,
                                (off_t)(start + done));
            if (got < 0 && errno == EINTR)
                continue;
            if (got <= 0)
                return io_error(s, "read", got < 0 ? errno : EIO);
            done += (size_t)got;
        }
    }
    const char *p = c->row;
    for (int i = 0; i < c->ncols; i++) {
        eng_value *v = &c->vals[i];
        memset(v, 0, sizeof *v);
        v->type = c->types[i];
        v->is_null = *p++ == 0;
        if (v->is_null)
            continue;
        if (eng_type_is_str(v->type.id)) {
            uint32_t n;
            memcpy(&n, p, 4);
            v->u.s.ptr = p + 4;
            v->u.s.len = n;
            p += 4 + n;
        } else if (v->type.id == ENG_T_DECIMAL) {
            memcpy(&v->u.dec, p, 16);
            p += 16;
        } else {
            memcpy(&v->u, p, 8);
            p += 8;
        }
    }
    c->loaded = r;
    return SQL_SUCCESS;
}

/* See driver.h. */
void cur_value(drv_stmt *s, int col, eng_value *out)
{
    *out = s->cur->vals[col];
}
