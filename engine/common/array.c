/*
 * engine/common/array.c
 *   The grow step of growable arrays, on the heap or in an arena.
 * Interface: eng_array_grow_int, eng_array_grow_i64, eng_array_grow_size
 *   (through the eng_array_grow macro), eng_array_resize.
 * Not here: text buffers (strbuf.c).
 *
 * All variants compute in size_t and differ only in the largest capacity
 * their type can hold, so the overflow checks live in one place.
 */
#include <limits.h>
#include <string.h>
#include "array.h"

/*
 * Resizes *itemsp from oldcap to newcap elements, zeroing the new slots.
 * The caller has checked newcap * elem for overflow.
 */
static bool resize(eng_arena *a, void *itemsp, size_t oldcap, size_t newcap,
                   size_t elem)
{
    char **items = itemsp;
    char *p;
    if (a) {
        p = eng_arena_alloc(a, newcap * elem);
        if (!p)
            return false;
        if (oldcap && *items)
            memcpy(p, *items, oldcap * elem);
    } else {
        p = eng_realloc(*items, newcap * elem);
        if (!p)
            return false;
    }
    memset(p + oldcap * elem, 0, (newcap - oldcap) * elem);
    *items = p;
    return true;
}

/*
 * Grows from cap to at least need elements, doubling from
 * ENG_ARRAY_MIN_CAP, but never past max (the capacity type's limit).
 * Returns the new capacity, or 0 on OOM or when need cannot fit.
 */
static size_t grow(eng_arena *a, void *itemsp, size_t cap, size_t need,
                   size_t elem, size_t max)
{
    if (elem == 0 || need > max || need > SIZE_MAX / elem)
        return 0;
    size_t limit = SIZE_MAX / elem < max ? SIZE_MAX / elem : max;
    size_t nc = cap ? cap : ENG_ARRAY_MIN_CAP;
    while (nc < need)
        nc = nc > limit / 2 ? limit : nc * 2;
    if (nc > limit)
        nc = limit;
    if (!resize(a, itemsp, cap, nc, elem))
        return 0;
    return nc;
}

bool eng_array_grow_int(eng_arena *a, void *itemsp, int *cap, int need,
                        size_t elem)
{
    if (need <= *cap)
        return true;
    size_t nc = grow(a, itemsp, (size_t)(*cap > 0 ? *cap : 0), (size_t)need,
                     elem, INT_MAX);
    if (!nc)
        return false;
    *cap = (int)nc;
    return true;
}

bool eng_array_grow_i64(eng_arena *a, void *itemsp, int64_t *cap,
                        int64_t need, size_t elem)
{
    if (need <= *cap)
        return true;
    size_t max = (uint64_t)INT64_MAX < SIZE_MAX ? (size_t)INT64_MAX : SIZE_MAX;
    size_t nc = grow(a, itemsp, (size_t)(*cap > 0 ? *cap : 0), (size_t)need,
                     elem, max);
    if (!nc)
        return false;
    *cap = (int64_t)nc;
    return true;
}

bool eng_array_grow_size(eng_arena *a, void *itemsp, size_t *cap,
                         size_t need, size_t elem)
{
    if (need <= *cap)
        return true;
    size_t nc = grow(a, itemsp, *cap, need, elem, SIZE_MAX);
    if (!nc)
        return false;
    *cap = nc;
    return true;
}

bool eng_array_resize(eng_arena *a, void *itemsp, size_t oldcap,
                      size_t newcap, size_t elem)
{
    if (newcap < oldcap || elem == 0 || newcap > SIZE_MAX / elem)
        return false;
    if (newcap == oldcap)
        return true;
    return resize(a, itemsp, oldcap, newcap, elem);
}
