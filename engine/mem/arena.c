/*
 * engine/mem/arena.c
 *   Block arenas: memory handed out by bumping a pointer, returned only by
 *   resetting or destroying the whole arena.
 * Interface: eng_arena_create, eng_arena_alloc, eng_arena_calloc,
 *   eng_arena_strdup, eng_arena_strndup, eng_arena_memdup,
 *   eng_arena_sprintf, eng_arena_vsprintf, eng_arena_reset,
 *   eng_arena_destroy, eng_arena_bytes.
 * Not here: the raw allocation hook and fault injection (alloc.c).
 *
 * Layout: the arena header and its first block (~8 KB) are one
 * allocation, so creating an arena costs exactly one eng_malloc and the
 * first block survives every reset. Later blocks double in size up to
 * BLOCK_MAX; a request larger than a quarter of the next block size gets a
 * block of its own, so one big string does not waste a fresh block.
 * Every pointer returned is 16-byte aligned (alignment is computed on the
 * address, not assumed from malloc).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "arena.h"

#define ARENA_ALIGN 16
#define FIRST_BLOCK 8192
#define BLOCK_MAX (1024 * 1024)

typedef struct blk {
    struct blk *next;  /* older blocks */
    size_t cap;        /* usable bytes after the header */
    size_t used;       /* bytes handed out (incl. alignment padding) */
    size_t total;      /* bytes obtained from eng_malloc for this block */
} blk;

struct eng_arena {
    blk *cur;          /* block being filled */
    blk *blocks;       /* every block, newest first; first block is last */
    blk *first;        /* the block embedded in this allocation */
    size_t bytes;      /* sum of blk.total plus the header */
    size_t next_size;  /* usable size of the next normal block */
};

/* First usable byte of block b. */
static char *blk_data(blk *b)
{
    return (char *)(b + 1);
}

/*
 * Tries to carve n bytes, 16-byte aligned, from b. Returns NULL when they
 * do not fit.
 */
static void *blk_take(blk *b, size_t n)
{
    uintptr_t base = (uintptr_t)blk_data(b);
    uintptr_t p = base + b->used;
    uintptr_t aligned = (p + (ARENA_ALIGN - 1)) & ~(uintptr_t)(ARENA_ALIGN - 1);
    size_t off = (size_t)(aligned - base);
    if (off > b->cap || b->cap - off < n)
        return NULL;
    b->used = off + n;
    return (void *)aligned;
}

/*
 * Allocates a new block with at least `usable` bytes (plus alignment
 * slack) and links it at the head of a->blocks. Returns NULL on OOM or
 * on a size that overflows.
 */
static blk *blk_new(eng_arena *a, size_t usable)
{
    if (usable > SIZE_MAX - sizeof(blk) - ARENA_ALIGN)
        return NULL;
    size_t total = sizeof(blk) + usable + ARENA_ALIGN;
    blk *b = eng_malloc(total);
    if (!b)
        return NULL;
    b->cap = usable + ARENA_ALIGN;
    b->used = 0;
    b->total = total;
    b->next = a->blocks;
    a->blocks = b;
    a->bytes += total;
    return b;
}

/*
 * Creates an empty arena whose first block is part of the same
 * allocation. Returns NULL on OOM.
 */
eng_arena *eng_arena_create(void)
{
    size_t hdr = sizeof(eng_arena);
    size_t total = hdr + sizeof(blk) + FIRST_BLOCK;
    eng_arena *a = eng_malloc(total);
    if (!a)
        return NULL;
    blk *b = (blk *)((char *)a + hdr);
    b->next = NULL;
    b->cap = FIRST_BLOCK;
    b->used = 0;
    b->total = sizeof(blk) + FIRST_BLOCK;
    a->cur = b;
    a->blocks = b;
    a->first = b;
    a->bytes = total;
    a->next_size = FIRST_BLOCK * 2;
    return a;
}

/*
 * Returns n bytes aligned to 16, valid until reset/destroy; NULL on OOM.
 * n == 0 is served as one byte so that the pointer is unique.
 */
void *eng_arena_alloc(eng_arena *a, size_t n)
{
    if (!a)
        return NULL;
    if (n == 0)
        n = 1;
    void *p = blk_take(a->cur, n);
    if (p)
        return p;
    if (n > a->next_size / 4) {
        /* Own block, linked into a->blocks; a->cur stays the block being
         * filled, so its free space is not abandoned. */
        blk *b = blk_new(a, n);
        if (!b)
            return NULL;
        return blk_take(b, n);
    }
    blk *b = blk_new(a, a->next_size);
    if (!b)
        return NULL;
    if (a->next_size < BLOCK_MAX)
        a->next_size *= 2;
    a->cur = b;
    return blk_take(b, n);
}

/* As eng_arena_alloc, with the bytes zeroed. */
void *eng_arena_calloc(eng_arena *a, size_t n)
{
    void *p = eng_arena_alloc(a, n);
    if (p)
        memset(p, 0, n);
    return p;
}

/* Copies n bytes of p into the arena. Returns NULL on OOM. */
char *eng_arena_memdup(eng_arena *a, const void *p, size_t n)
{
    char *d = eng_arena_alloc(a, n);
    if (d && n)
        memcpy(d, p, n);
    return d;
}

/* Copies len bytes of s and a terminating NUL. */
static char *copy_terminated(eng_arena *a, const char *s, size_t len)
{
    if (len == SIZE_MAX)
        return NULL;
    char *d = eng_arena_alloc(a, len + 1);
    if (d) {
        memcpy(d, s, len);
        d[len] = '\0';
    }
    return d;
}

/* Copies at most n bytes of s (stopping at a NUL) and terminates the
 * copy. Returns NULL on OOM. */
char *eng_arena_strndup(eng_arena *a, const char *s, size_t n)
{
    return copy_terminated(a, s, strnlen(s, n));
}

/* Copies s into the arena. s == NULL returns NULL. */
char *eng_arena_strdup(eng_arena *a, const char *s)
{
    if (!s)
        return NULL;
    return copy_terminated(a, s, strlen(s));
}

/* printf into the arena. Returns NULL on OOM or a bad format. */
char *eng_arena_vsprintf(eng_arena *a, const char *fmt, va_list ap)
{
    va_list cp;
    va_copy(cp, ap);
    int len = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (len < 0)
        return NULL;
    char *d = eng_arena_alloc(a, (size_t)len + 1);
    if (!d)
        return NULL;
    vsnprintf(d, (size_t)len + 1, fmt, ap);
    return d;
}

char *eng_arena_sprintf(eng_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *d = eng_arena_vsprintf(a, fmt, ap);
    va_end(ap);
    return d;
}

/*
 * Frees every block but the first and makes the whole first block
 * available again. Pointers handed out before are invalid afterwards.
 */
void eng_arena_reset(eng_arena *a)
{
    if (!a)
        return;
    blk *b = a->blocks;
    while (b && b != a->first) {
        blk *next = b->next;
        a->bytes -= b->total;
        eng_free(b);
        b = next;
    }
    a->first->used = 0;
    a->first->next = NULL;
    a->blocks = a->first;
    a->cur = a->first;
    a->next_size = FIRST_BLOCK * 2;
}

/* Frees the arena and all its blocks. NULL is allowed. */
void eng_arena_destroy(eng_arena *a)
{
    if (!a)
        return;
    eng_arena_reset(a);
    eng_free(a);
}

/* Bytes currently obtained from the allocator, header included. */
size_t eng_arena_bytes(const eng_arena *a)
{
    return a ? a->bytes : 0;
}
