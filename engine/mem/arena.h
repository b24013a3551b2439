/*
 * engine/mem/arena.h
 *   Lifetime arenas and the one allocation hook of the engine and driver.
 * Interface: eng_malloc, eng_realloc, eng_free, eng_alloc_fail_at,
 *   eng_alloc_fail_once, eng_alloc_count, eng_alloc_observe,
 *   eng_arena_create, eng_arena_alloc, eng_arena_calloc,
 *   eng_arena_strdup, eng_arena_strndup, eng_arena_sprintf, eng_arena_reset,
 *   eng_arena_destroy, eng_arena_bytes.
 * Not here: error records (error.h).
 *
 * Every byte the engine and the driver allocate passes through eng_malloc /
 * eng_realloc, so that a test build can make the Nth allocation fail
 * (eng_alloc_fail_at) and prove every path turns that into HY001.
 * Arenas hand out memory that is never freed piece by piece: a connection,
 * a statement, an execution and a batch each own one, and resetting or
 * destroying the arena is the only way their memory goes back.
 */
#ifndef ENG_ARENA_H
#define ENG_ARENA_H

#include <stddef.h>
#include <stdarg.h>

/* Raw allocation hook. Returns NULL on failure (real or injected). */
void *eng_malloc(size_t n);
void *eng_calloc(size_t count, size_t size);
void *eng_realloc(void *p, size_t n);
void eng_free(void *p);
char *eng_strdup(const char *s);

/*
 * Fault injection for tests: after eng_alloc_fail_at(n), the nth allocation
 * from now (1-based) and every one after it fails, until
 * eng_alloc_fail_at(0) turns injection off. eng_alloc_count() returns the
 * number of allocations since the last eng_alloc_fail_at() call.
 * Both are process-wide and meant for single-threaded tests.
 */
void eng_alloc_fail_at(long n);
long eng_alloc_count(void);
/*
 * Like eng_alloc_fail_at, but only the nth allocation from now fails; the
 * ones after it succeed again (a transient failure, which exercises the
 * paths that go on after an error). n <= 0 turns injection off.
 */
void eng_alloc_fail_once(long n);
/*
 * Calls fn(n) at every counted allocation, n being its number since the
 * last eng_alloc_fail_* call, before the allocation is made or failed;
 * NULL stops. fn must not allocate through eng_malloc. For tests only
 * (tests/oom tells allocations apart by their call stacks).
 */
void eng_alloc_observe(void (*fn)(long n));

typedef struct eng_arena eng_arena;

/* Creates an empty arena. Returns NULL on OOM. */
eng_arena *eng_arena_create(void);

/*
 * Returns n bytes aligned for any type (16 bytes, so __int128 fits), valid
 * until the arena is reset or destroyed. Returns NULL on OOM. n == 0 is
 * allowed and returns a valid, unique pointer.
 */
void *eng_arena_alloc(eng_arena *a, size_t n);
void *eng_arena_calloc(eng_arena *a, size_t n);
char *eng_arena_strdup(eng_arena *a, const char *s);
char *eng_arena_strndup(eng_arena *a, const char *s, size_t n);
char *eng_arena_memdup(eng_arena *a, const void *p, size_t n);
char *eng_arena_sprintf(eng_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *eng_arena_vsprintf(eng_arena *a, const char *fmt, va_list ap);

/* Frees all blocks but the first; the arena can be used again. */
void eng_arena_reset(eng_arena *a);
/* Frees everything. NULL is allowed. */
void eng_arena_destroy(eng_arena *a);
/* Bytes currently held from the allocator (for tests of flat memory). */
size_t eng_arena_bytes(const eng_arena *a);

#endif
