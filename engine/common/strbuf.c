/*
 * engine/common/strbuf.c
 *   The string builder: a NUL-terminated buffer that grows by doubling
 *   (array.c), on the heap or in an arena, with a sticky OOM flag.
 * Interface: eng_sb_init, eng_sb_add, eng_sb_puts, eng_sb_putc,
 *   eng_sb_printf, eng_sb_vprintf, eng_sb_quoted, eng_sb_text,
 *   eng_sb_finish, eng_sb_free (strbuf.h).
 * Not here: the grow step itself (array.c).
 */
#include <stdio.h>
#include <string.h>
#include "strbuf.h"
#include "array.h"

/* First buffer size: most texts (a deparsed filter, an EXPLAIN line, a
 * catalog query) fit without a second grow. */
#define SB_FIRST_CAP 256

void eng_sb_init(eng_strbuf *b, eng_arena *a)
{
    memset(b, 0, sizeof *b);
    b->arena = a;
}

/*
 * Makes room for n more bytes and the NUL. Returns false (and sets the
 * sticky oom) when the buffer cannot grow or oom was already set.
 */
static bool reserve(eng_strbuf *b, size_t n)
{
    if (b->oom)
        return false;
    if (n > SIZE_MAX - 1 - b->len) {
        b->oom = true;
        return false;
    }
    size_t need = b->len + n + 1;
    if (need <= b->cap)
        return true;
    if (!b->cap && need < SB_FIRST_CAP)
        need = SB_FIRST_CAP;
    if (!eng_array_grow(b->arena, &b->buf, &b->cap, need, 1)) {
        b->oom = true;
        return false;
    }
    return true;
}

void eng_sb_add(eng_strbuf *b, const char *s, size_t n)
{
    if (!reserve(b, n))
        return;
    if (n)
        memcpy(b->buf + b->len, s, n);
    b->len += n;
    b->buf[b->len] = '\0';
}

void eng_sb_puts(eng_strbuf *b, const char *s)
{
    eng_sb_add(b, s, strlen(s));
}

void eng_sb_putc(eng_strbuf *b, char c)
{
    eng_sb_add(b, &c, 1);
}

/* Formats straight into the buffer: once when it fits, else again after
 * growing to the exact length vsnprintf reported. */
void eng_sb_vprintf(eng_strbuf *b, const char *fmt, va_list ap)
{
    if (b->oom)
        return;
    va_list cp;
    va_copy(cp, ap);
    size_t room = b->cap > b->len ? b->cap - b->len : 0;
    int n = vsnprintf(room ? b->buf + b->len : NULL, room, fmt, cp);
    va_end(cp);
    if (n < 0) {
        b->oom = true;
        if (room)
            b->buf[b->len] = '\0';
        return;
    }
    if ((size_t)n >= room) {
        if (!reserve(b, (size_t)n)) {
            if (room)
                b->buf[b->len] = '\0';
            return;
        }
        vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
    }
    b->len += (size_t)n;
}

void eng_sb_printf(eng_strbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    eng_sb_vprintf(b, fmt, ap);
    va_end(ap);
}

void eng_sb_quoted(eng_strbuf *b, char q, const char *s, size_t n)
{
    size_t start = 0;
    eng_sb_putc(b, q);
    for (size_t i = 0; i < n; i++)
        if (s[i] == q) {
            eng_sb_add(b, s + start, i - start + 1); /* the q, once */
            start = i;                               /* and again */
        }
    eng_sb_add(b, s + start, n - start);
    eng_sb_putc(b, q);
}

const char *eng_sb_text(const eng_strbuf *b)
{
    if (b->oom)
        return NULL;
    return b->buf ? b->buf : "";
}

char *eng_sb_finish(eng_strbuf *b, eng_arena *a)
{
    char *r = NULL;
    if (!b->oom) {
        if (b->arena && b->arena == a && b->buf)
            r = b->buf;
        else
            r = eng_arena_memdup(a, b->buf ? b->buf : "", b->len + 1);
    }
    eng_sb_free(b);
    return r;
}

void eng_sb_free(eng_strbuf *b)
{
    if (!b->arena)
        eng_free(b->buf);
    eng_sb_init(b, b->arena);
}
