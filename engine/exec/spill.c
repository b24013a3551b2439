/*
 * engine/exec/spill.c
 *   Spill files: a run of row batches written to a temporary file and read
 *   back, in order, once; the temp-file layer of the operators that spill
 *   past the memory limit (op_sort.c's external merge sort).
 * Interface: exec_spill_due, exec_spill_due_next, exec_spill_open, exec_spill_write,
 *   exec_spill_write_ids, exec_spill_rewind, exec_spill_read,
 *   exec_spill_close (exec_int.h).
 * Not here: when an operator spills and how it merges its runs (the
 *   operators); the memory accounting itself (executor.c).
 *
 * A file is made in the session's spill directory (SpillDirectory /
 * spill_directory; else $TMPDIR, else /tmp) without a name (O_TMPFILE),
 * or where the file system cannot, with mkstemp and unlinked at once:
 * only the descriptor keeps it, so nothing is left behind when the
 * statement ends, fails, is cancelled or the process dies.
 *
 * Format: blocks, one per written batch. A block is a 16-byte header
 * (magic, row count, payload bytes) and its payload: per column the
 * validity bitmap, then the values: fixed-width types as their vector
 * slots (zero for NULL), strings (varchar, varbinary, uuid, json) as
 * their lengths then their bytes, arrays as each element count followed
 * by the element vector encoded the same way (recursively). A block is
 * read into one allocation of the caller's arena and decoded in place:
 * strings point into it. Every length is checked against what is left
 * of the block, so a short or damaged file gives 58030, never a read
 * past the buffer. Writes are buffered (SPILL_BUF); a failed write
 * (ENOSPC, EIO, ...) gives 53100 naming the directory.
 */
#define _GNU_SOURCE   /* O_TMPFILE */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "exec_int.h"

#define SPILL_MAGIC 0x314c5053u     /* "SPL1" */
#define SPILL_BUF (256 * 1024)

struct exec_spill {
    int fd;
    exec_ctx *ctx;
    const char *dir;          /* the directory, for messages (ctx->arena) */
    int ncols;
    const eng_type *types;    /* the caller's; live as long as the file */
    uint8_t *buf;             /* encoding / write buffer (eng_malloc) */
    size_t len, cap;
    int64_t bytes;            /* bytes written to the file */
    int64_t rows;
    bool failed;              /* a write failed: nothing more is written */
};

/* The directory spill files go to: the session's, else $TMPDIR, else
 * /tmp. */
static const char *spill_dir(const exec_ctx *ctx)
{
    if (ctx->spill_dir && *ctx->spill_dir)
        return ctx->spill_dir;
    const char *t = getenv("TMPDIR");
    return t && *t ? t : "/tmp";
}

/* See exec_int.h. */
bool exec_spill_due(const exec_ctx *ctx, int64_t held)
{
    if (!ctx->spill || ctx->mem_limit <= 0 || held < EXEC_SPILL_MIN)
        return false;
    return held >= ctx->mem_limit / 4 ||
           ctx->mem_used >= ctx->mem_limit / 4 * 3;
}

/* See exec_int.h. */
bool exec_spill_due_next(const exec_ctx *ctx, int64_t held, int64_t *prev)
{
    int64_t grew = held - *prev > 0 ? held - *prev : 0;
    *prev = held;
    if (!ctx->spill || ctx->mem_limit <= 0 || held < EXEC_SPILL_MIN)
        return false;
    return held + grew >= ctx->mem_limit / 4 ||
           ctx->mem_used + grew >= ctx->mem_limit / 4 * 3;
}

/* See exec_int.h. */
eng_rc exec_spill_open(exec_ctx *ctx, int ncols, const eng_type *types,
                       exec_spill **out)
{
    *out = NULL;
    const char *dir = spill_dir(ctx);
    char *path = eng_arena_sprintf(ctx->arena, "%s/meshodbc-spill-XXXXXX",
                                   dir);
    exec_spill *f = eng_calloc(1, sizeof *f);
    if (!path || !f) {
        eng_free(f);
        return eng_err_oom(ctx->err);
    }
#ifdef O_TMPFILE
    /* a file without a name at all: nothing to unlink, nothing left even
     * if the process dies right here */
    f->fd = open(dir, O_TMPFILE | O_RDWR | O_EXCL | O_CLOEXEC, 0600);
    if (f->fd >= 0)
        goto made;
#endif
    f->fd = mkstemp(path);
    if (f->fd < 0) {
        int e = errno;
        eng_free(f);
        return eng_err_set(ctx->err, ENG_ERR_DISK_FULL, 0,
                           "Could not create a spill file in %s: %s", dir,
                           strerror(e));
    }
    unlink(path);   /* the descriptor alone keeps the file (file comment) */
#ifdef O_TMPFILE
made:
#endif
    f->ctx = ctx;
    f->dir = dir;
    f->ncols = ncols;
    f->types = types;
    *out = f;
    return ENG_OK;
}

/* Makes room for n more bytes in f's buffer. */
static eng_rc reserve(exec_spill *f, size_t n)
{
    if (f->len + n <= f->cap)
        return ENG_OK;
    size_t cap = f->cap ? f->cap : 4096;
    while (cap < f->len + n)
        cap *= 2;
    uint8_t *p = eng_realloc(f->buf, cap);
    if (!p)
        return eng_err_oom(f->ctx->err);
    f->buf = p;
    f->cap = cap;
    return ENG_OK;
}

static eng_rc put(exec_spill *f, const void *p, size_t n)
{
    eng_rc rc = reserve(f, n);
    if (rc == ENG_OK && n) {
        memcpy(f->buf + f->len, p, n);
        f->len += n;
    }
    return rc;
}

/* Writes the first n bytes of the buffer to the file and drops them. */
static eng_rc drain(exec_spill *f, size_t n)
{
    size_t off = 0;
    while (off < n) {
        ssize_t w = write(f->fd, f->buf + off, n - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            int e = w < 0 ? errno : ENOSPC;
            f->failed = true;
            return eng_err_set(f->ctx->err, ENG_ERR_DISK_FULL, 0,
                               "Could not write a spill file in %s: %s",
                               f->dir, strerror(e));
        }
        off += (size_t)w;
    }
    memmove(f->buf, f->buf + n, f->len - n);
    f->len -= n;
    f->bytes += (int64_t)n;
    return ENG_OK;
}

/* Encodes rows rows[0..n) (NULL: 0..n-1) of v, of type t. */
static eng_rc encode_vec(exec_spill *f, eng_type t, const eng_vector *v,
                         const int *rows, int n)
{
    size_t vb = ((size_t)n + 7) / 8;
    eng_rc rc = reserve(f, vb);
    if (rc != ENG_OK)
        return rc;
    uint8_t *valid = f->buf + f->len;
    memset(valid, 0, vb);
    for (int i = 0; i < n; i++)
        if (eng_vec_is_valid(v, rows ? rows[i] : i))
            valid[i >> 3] |= (uint8_t)(1u << (i & 7));
    f->len += vb;
    if (eng_type_is_str(t.id)) {
        const eng_str *s = v->data;
        for (int i = 0; i < n && rc == ENG_OK; i++) {
            int r = rows ? rows[i] : i;
            uint32_t len = eng_vec_is_valid(v, r) ? s[r].len : 0;
            rc = put(f, &len, sizeof len);
        }
        for (int i = 0; i < n && rc == ENG_OK; i++) {
            int r = rows ? rows[i] : i;
            if (eng_vec_is_valid(v, r))
                rc = put(f, s[r].ptr, s[r].len);
        }
        return rc;
    }
    if (t.id == ENG_T_ARRAY) {
        const eng_arr *x = v->data;
        eng_type elem = eng_type_elem(t);
        for (int i = 0; i < n && rc == ENG_OK; i++) {
            int r = rows ? rows[i] : i;
            if (!eng_vec_is_valid(v, r))
                continue;
            uint32_t cnt = x[r].n;
            rc = put(f, &cnt, sizeof cnt);
            eng_vector ev;
            eng_arr_view(elem, x[r], &ev);
            if (rc == ENG_OK)
                rc = encode_vec(f, elem, &ev, NULL, (int)cnt);
        }
        return rc;
    }
    size_t w = eng_type_width(t.id);
    rc = reserve(f, w * (size_t)n);
    if (rc != ENG_OK)
        return rc;
    uint8_t *d = f->buf + f->len;
    for (int i = 0; i < n; i++) {
        int r = rows ? rows[i] : i;
        if (eng_vec_is_valid(v, r))
            memcpy(d + w * (size_t)i, (const uint8_t *)v->data + w * (size_t)r,
                   w);
        else
            memset(d + w * (size_t)i, 0, w);
    }
    f->len += w * (size_t)n;
    return ENG_OK;
}

/* Encodes one block of n rows: cols[c] read at rows[0..n) (NULL: 0..n-1),
 * then writes the buffer out once it passes SPILL_BUF. */
static eng_rc write_block(exec_spill *f, const eng_vector *cols,
                          const int *rows, int n)
{
    if (f->failed)
        return eng_err_set(f->ctx->err, ENG_ERR_DISK_FULL, 0,
                           "Could not write a spill file in %s", f->dir);
    size_t start = f->len;
    uint32_t head[4] = { SPILL_MAGIC, (uint32_t)n, 0, 0 };
    eng_rc rc = put(f, head, sizeof head);
    for (int c = 0; c < f->ncols && rc == ENG_OK; c++)
        rc = encode_vec(f, f->types[c], &cols[c], rows, n);
    if (rc != ENG_OK) {
        f->len = start;
        return rc;
    }
    uint64_t payload = f->len - start - sizeof head;
    memcpy(f->buf + start + 8, &payload, sizeof payload);
    f->rows += n;
    return f->len >= SPILL_BUF ? drain(f, f->len) : ENG_OK;
}

/* See exec_int.h. */
eng_rc exec_spill_write(exec_spill *f, const eng_batch *b)
{
    int n = eng_batch_count(b);
    return n ? write_block(f, b->cols, b->sel, n) : ENG_OK;
}

/* See exec_int.h. */
eng_rc exec_spill_write_ids(exec_spill *f, const exec_rowstore *rs,
                            const int64_t *ids, int64_t n, eng_arena *tmp)
{
    eng_vector *cols = NULL;
    for (int64_t off = 0; off < n; off += ENG_BATCH_CAP) {
        int m = (int)(n - off < ENG_BATCH_CAP ? n - off : ENG_BATCH_CAP);
        eng_arena_reset(tmp);
        cols = eng_arena_alloc(tmp, sizeof *cols * (size_t)(f->ncols + 1));
        if (!cols)
            return eng_err_oom(f->ctx->err);
        for (int c = 0; c < f->ncols; c++)
            if (exec_rs_gather(rs, c, ids + off, m, tmp, &cols[c],
                               f->ctx->err) != ENG_OK)
                return ENG_ERROR;
        eng_rc rc = write_block(f, cols, NULL, m);
        if (rc != ENG_OK)
            return rc;
        if ((rc = exec_check_interrupt(f->ctx)) != ENG_OK)
            return rc;
    }
    eng_arena_reset(tmp);
    return ENG_OK;
}

/* See exec_int.h. */
eng_rc exec_spill_rewind(exec_spill *f)
{
    eng_rc rc = f->len ? drain(f, f->len) : ENG_OK;
    if (rc != ENG_OK)
        return rc;
    if (lseek(f->fd, 0, SEEK_SET) < 0)
        return eng_err_set(f->ctx->err, ENG_ERR_IO_ERROR, 0,
                           "Could not read a spill file in %s: %s", f->dir,
                           strerror(errno));
    /* the write buffer is not needed while reading */
    eng_free(f->buf);
    f->buf = NULL;
    f->cap = 0;
    return ENG_OK;
}

/* Reads exactly n bytes; *got = bytes read (less only at the end). */
static eng_rc read_full(exec_spill *f, void *p, size_t n, size_t *got)
{
    size_t off = 0;
    while (off < n) {
        ssize_t r = read(f->fd, (uint8_t *)p + off, n - off);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return eng_err_set(f->ctx->err, ENG_ERR_IO_ERROR, 0,
                               "Could not read a spill file in %s: %s",
                               f->dir, strerror(errno));
        if (r == 0)
            break;
        off += (size_t)r;
    }
    *got = off;
    return ENG_OK;
}

typedef struct reader {
    const uint8_t *p, *end;
    eng_arena *a;
    exec_spill *f;
} reader;

static eng_rc damaged(reader *r)
{
    return eng_err_set(r->f->ctx->err, ENG_ERR_IO_ERROR, 0,
                       "A spill file in %s is damaged (a block ends early)",
                       r->f->dir);
}

static eng_rc take(reader *r, size_t n, const uint8_t **out)
{
    if ((size_t)(r->end - r->p) < n)
        return damaged(r);
    *out = r->p;
    r->p += n;
    return ENG_OK;
}

/* Decodes n rows of type t into v, allocated for n rows (validity all
 * NULL). Strings point into the block. */
static eng_rc decode_vec(reader *r, eng_type t, eng_vector *v, int n)
{
    const uint8_t *valid = NULL;
    eng_rc rc = take(r, ((size_t)n + 7) / 8, &valid);
    if (rc != ENG_OK)
        return rc;
    memcpy(v->validity, valid, ((size_t)n + 7) / 8);
    if (eng_type_is_str(t.id)) {
        const uint8_t *lens = NULL;
        if ((rc = take(r, sizeof(uint32_t) * (size_t)n, &lens)) != ENG_OK)
            return rc;
        eng_str *s = v->data;
        for (int i = 0; i < n; i++) {
            uint32_t len;
            memcpy(&len, lens + sizeof len * (size_t)i, sizeof len);
            const uint8_t *bytes = NULL;
            if ((rc = take(r, len, &bytes)) != ENG_OK)
                return rc;
            s[i].ptr = len ? (const char *)bytes : "";
            s[i].len = len;
        }
        return ENG_OK;
    }
    if (t.id == ENG_T_ARRAY) {
        eng_arr *x = v->data;
        eng_type elem = eng_type_elem(t);
        for (int i = 0; i < n; i++) {
            if (!eng_vec_is_valid(v, i))
                continue;
            const uint8_t *c = NULL;
            uint32_t cnt;
            if ((rc = take(r, sizeof cnt, &c)) != ENG_OK)
                return rc;
            memcpy(&cnt, c, sizeof cnt);
            if (cnt > (size_t)(r->end - r->p) * 8)   /* >= 1 bit each */
                return damaged(r);
            eng_vector ev;
            if ((rc = eng_arr_new(r->a, elem, cnt, &x[i], &ev,
                                  r->f->ctx->err)) != ENG_OK ||
                (rc = decode_vec(r, elem, &ev, (int)cnt)) != ENG_OK)
                return rc;
        }
        return ENG_OK;
    }
    size_t w = eng_type_width(t.id);
    const uint8_t *d = NULL;
    if ((rc = take(r, w * (size_t)n, &d)) != ENG_OK)
        return rc;
    memcpy(v->data, d, w * (size_t)n);
    return ENG_OK;
}

/* See exec_int.h. */
eng_rc exec_spill_read(exec_spill *f, eng_arena *a, eng_batch **out)
{
    *out = NULL;
    uint32_t head[4];
    size_t got;
    eng_rc rc = read_full(f, head, sizeof head, &got);
    if (rc != ENG_OK || got == 0)
        return rc;
    uint64_t payload;
    memcpy(&payload, &head[2], sizeof payload);
    reader r = { NULL, NULL, a, f };
    if (got != sizeof head || head[0] != SPILL_MAGIC ||
        head[1] > ENG_BATCH_CAP || payload > ((uint64_t)1 << 40))
        return damaged(&r);
    uint8_t *blk = eng_arena_alloc(a, payload ? (size_t)payload : 1);
    if (!blk)
        return eng_err_oom(f->ctx->err);
    if ((rc = read_full(f, blk, (size_t)payload, &got)) != ENG_OK)
        return rc;
    if (got != payload)
        return damaged(&r);
    r.p = blk;
    r.end = blk + payload;
    int n = (int)head[1];
    eng_batch *b = exec_batch_shell(a, f->ncols, n);
    if (!b)
        return eng_err_oom(f->ctx->err);
    for (int c = 0; c < f->ncols; c++) {
        if ((rc = exec_vec_alloc(a, f->types[c], n, &b->cols[c],
                                 f->ctx->err)) != ENG_OK ||
            (rc = decode_vec(&r, f->types[c], &b->cols[c], n)) != ENG_OK)
            return rc;
    }
    if (r.p != r.end)
        return damaged(&r);
    *out = b;
    return ENG_OK;
}

/* See exec_int.h. */
int64_t exec_spill_bytes(const exec_spill *f)
{
    return f ? f->bytes + (int64_t)f->len : 0;
}

/* See exec_int.h. */
void exec_spill_close(exec_spill *f)
{
    if (!f)
        return;
    if (f->fd >= 0)
        close(f->fd);
    eng_free(f->buf);
    eng_free(f);
}
