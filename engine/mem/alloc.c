/*
 * engine/mem/alloc.c
 *   The one allocation hook of the engine and the driver, with the
 *   fault-injection counter that OOM tests drive.
 * Interface: eng_malloc, eng_calloc, eng_realloc, eng_free, eng_strdup,
 *   eng_alloc_fail_at, eng_alloc_fail_once, eng_alloc_count,
 *   eng_alloc_observe.
 * Not here: arenas (arena.c).
 *
 * Every allocation bumps a process-wide counter. After eng_alloc_fail_at(n)
 * the nth allocation from then on, and every later one, returns NULL as if
 * the system were out of memory; after eng_alloc_fail_once(n) only the nth
 * does. The counter and the threshold are updated
 * with __atomic builtins so that threads allocating at the same time are
 * not a data race (the numbering is then only as deterministic as the
 * threads are).
 */
#include <stdlib.h>
#include <string.h>
#include <stdbool.h>
#include <stdint.h>
#include "arena.h"

static long alloc_count;   /* allocations since the last eng_alloc_fail_* */
static long alloc_fail_at; /* 0 = injection off, else 1-based index */
static bool alloc_fail_once; /* only allocation alloc_fail_at fails */
static void (*alloc_observer)(long n); /* eng_alloc_observe's, or NULL */

/*
 * Counts one allocation and says whether it must fail. Returns true when
 * injection is on and this allocation's number reached the threshold (is
 * the threshold, after eng_alloc_fail_once).
 */
static bool injected_failure(void)
{
    long n = __atomic_add_fetch(&alloc_count, 1, __ATOMIC_RELAXED);
    long at = __atomic_load_n(&alloc_fail_at, __ATOMIC_RELAXED);
    void (*observer)(long) = __atomic_load_n(&alloc_observer,
                                             __ATOMIC_RELAXED);
    if (observer)
        observer(n);
    if (__atomic_load_n(&alloc_fail_once, __ATOMIC_RELAXED))
        return at > 0 && n == at;
    return at > 0 && n >= at;
}

/*
 * Makes the nth allocation from now (1-based) and all later ones fail;
 * n <= 0 turns injection off. Also restarts eng_alloc_count at 0.
 */
void eng_alloc_fail_at(long n)
{
    __atomic_store_n(&alloc_fail_once, false, __ATOMIC_RELAXED);
    __atomic_store_n(&alloc_count, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&alloc_fail_at, n > 0 ? n : 0, __ATOMIC_RELAXED);
}

/*
 * Makes only the nth allocation from now (1-based) fail; n <= 0 turns
 * injection off. Also restarts eng_alloc_count at 0.
 */
void eng_alloc_fail_once(long n)
{
    __atomic_store_n(&alloc_fail_at, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&alloc_count, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&alloc_fail_once, n > 0, __ATOMIC_RELAXED);
    __atomic_store_n(&alloc_fail_at, n > 0 ? n : 0, __ATOMIC_RELAXED);
}

/* Calls fn(n) at every counted allocation (n as eng_alloc_count will
 * say), before it is made or failed; NULL stops. For tests that tell
 * allocations apart by their call stacks (tests/oom). */
void eng_alloc_observe(void (*fn)(long n))
{
    __atomic_store_n(&alloc_observer, fn, __ATOMIC_RELAXED);
}

/* Returns the number of allocations since the last eng_alloc_fail_at or
 * eng_alloc_fail_once. */
long eng_alloc_count(void)
{
    return __atomic_load_n(&alloc_count, __ATOMIC_RELAXED);
}

/*
 * Returns n bytes from the system allocator, or NULL on (real or injected)
 * failure. n == 0 returns a unique pointer that eng_free accepts.
 */
void *eng_malloc(size_t n)
{
    if (injected_failure())
        return NULL;
    return malloc(n ? n : 1);
}

/*
 * Returns count * size zeroed bytes, or NULL on failure, including a
 * product that does not fit size_t.
 */
void *eng_calloc(size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return NULL;
    if (injected_failure())
        return NULL;
    if (!count || !size)
        count = size = 1;
    return calloc(count, size);
}

/*
 * Resizes p (NULL allowed: behaves as eng_malloc) to n bytes. On failure
 * returns NULL and leaves p untouched and still owned by the caller.
 * n == 0 keeps a one-byte block rather than freeing p.
 */
void *eng_realloc(void *p, size_t n)
{
    if (injected_failure())
        return NULL;
    return realloc(p, n ? n : 1);
}

/* Frees memory from eng_malloc/eng_calloc/eng_realloc. NULL is allowed. */
void eng_free(void *p)
{
    free(p);
}

/*
 * Returns a copy of s to be released with eng_free, or NULL on failure.
 * s == NULL returns NULL without counting an allocation.
 */
char *eng_strdup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *p = eng_malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}
