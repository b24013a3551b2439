/*
 * engine/common/strbuf.h
 *   The string builder of the engine and the driver: append bytes,
 *   strings, printf output and quoted text to a growing NUL-terminated
 *   buffer on the heap or in an arena, with OOM as a sticky flag.
 * Interface: eng_strbuf, eng_sb_init, eng_sb_add, eng_sb_puts, eng_sb_putc,
 *   eng_sb_printf, eng_sb_vprintf, eng_sb_quoted, eng_sb_text,
 *   eng_sb_finish, eng_sb_free.
 * Not here: what the text says (EXPLAIN in plan/, SQL for PostgreSQL in
 *   connector/pg/pg_deparse.c, the catalog queries in driver/catalog.c);
 *   fixed-size formatting (snprintf, eng_arena_sprintf).
 *
 * Appends never fail loudly: the first allocation failure sets `oom`, and
 * every later append does nothing, so a builder can write a whole text
 * and check once at the end (eng_sb_finish returns NULL).
 *
 * Where the buffer lives:
 *   - heap (eng_sb_init(b, NULL), or a zero-initialised eng_strbuf): grown
 *     with eng_realloc; eng_sb_finish copies it into an arena and frees it,
 *     or eng_sb_free frees it. For text whose result is not kept in an
 *     arena (a query the driver passes on) or is built in a loop.
 *   - arena (eng_sb_init(b, a)): grown inside a; old blocks stay behind
 *     until the arena is reset (at most the final size again). Nothing to
 *     free; eng_sb_finish(b, a) returns the buffer itself.
 */
#ifndef ENG_COMMON_STRBUF_H
#define ENG_COMMON_STRBUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include "../mem/arena.h"

typedef struct eng_strbuf {
    char *buf;          /* the text, NUL-terminated; NULL before the first byte */
    size_t len;         /* bytes of text, NUL excluded */
    size_t cap;         /* bytes allocated for buf */
    eng_arena *arena;   /* where buf lives; NULL: the heap (eng_realloc) */
    bool oom;           /* sticky: an append failed, later ones do nothing */
} eng_strbuf;

/* Starts an empty builder in arena a (NULL: on the heap). Allocates
 * nothing. */
void eng_sb_init(eng_strbuf *b, eng_arena *a);

/* Appends n bytes of s (which may hold NUL bytes). */
void eng_sb_add(eng_strbuf *b, const char *s, size_t n);
/* Appends the NUL-terminated string s. */
void eng_sb_puts(eng_strbuf *b, const char *s);
/* Appends one byte. */
void eng_sb_putc(eng_strbuf *b, char c);
/* Appends printf output. A format error sets oom too (the text would be
 * wrong otherwise). */
void eng_sb_printf(eng_strbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void eng_sb_vprintf(eng_strbuf *b, const char *fmt, va_list ap);
/*
 * Appends the n bytes of s between two q characters, each q inside s
 * doubled: q = '\'' gives the SQL literal 'it''s', q = '"' the quoted
 * identifier "a""b". Nothing else is escaped.
 */
void eng_sb_quoted(eng_strbuf *b, char q, const char *s, size_t n);

/* The text so far: "" when nothing was appended, NULL after OOM. Valid
 * until the next append. */
const char *eng_sb_text(const eng_strbuf *b);

/*
 * Returns the text in arena a (the buffer itself when it already lives in
 * a, else a copy) and leaves b empty, its heap buffer freed. Returns NULL
 * if an append or the copy ran out of memory.
 */
char *eng_sb_finish(eng_strbuf *b, eng_arena *a);

/* Frees a heap buffer (an arena buffer stays in its arena) and leaves b
 * empty, oom cleared. */
void eng_sb_free(eng_strbuf *b);

#endif
