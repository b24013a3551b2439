/*
 * engine/common/array.h
 *   Growable arrays: the one capacity-doubling grow step of the engine and
 *   the driver, on the heap or in an arena, never aborting.
 * Interface: eng_array_grow (int, int64_t or size_t capacity),
 *   eng_array_resize.
 * Not here: column vectors (eng_vec, types/types.h), hash tables
 *   (exec/hash.c), text (strbuf.h).
 *
 * A caller keeps its own `items` pointer, count and capacity (any of int,
 * int64_t or size_t) and calls eng_array_grow before it appends:
 *
 *     if (l->n == l->cap &&
 *         !eng_array_grow(a, &l->items, &l->cap, l->n + 1, sizeof *l->items))
 *         return eng_err_oom(err);
 *     l->items[l->n++] = x;
 *
 * With an arena the old block is left behind in the arena (arena memory is
 * never freed piece by piece; the waste is at most the final size). With
 * a == NULL the block is eng_realloc'ed and the caller eng_free's it.
 * Either way, on failure the array and its capacity are unchanged, and the
 * slots a grow adds are zeroed.
 */
#ifndef ENG_COMMON_ARRAY_H
#define ENG_COMMON_ARRAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "../mem/arena.h"

/* Capacity of an array's first block, in elements. */
#define ENG_ARRAY_MIN_CAP 8

/*
 * Makes *itemsp (a pointer to the array pointer, of any element type) hold
 * at least `need` elements of `elem` bytes. The capacity doubles, starting
 * from ENG_ARRAY_MIN_CAP, until it reaches `need`; *cap is updated. Does
 * nothing when *cap >= need already. Returns false on OOM or when the size
 * does not fit the capacity's type or size_t, with *itemsp and *cap
 * unchanged. The new slots [old *cap, new *cap) are zeroed.
 * a: the arena the array lives in, or NULL for the heap (eng_realloc).
 * The capacity's type picks the variant: int *, int64_t * or size_t *.
 */
#define eng_array_grow(a, itemsp, cap, need, elem)                          \
    _Generic((cap),                                                        \
        int *: eng_array_grow_int,                                         \
        int64_t *: eng_array_grow_i64,                                     \
        size_t *: eng_array_grow_size)((a), (itemsp), (cap), (need), (elem))

bool eng_array_grow_int(eng_arena *a, void *itemsp, int *cap, int need,
                        size_t elem);
bool eng_array_grow_i64(eng_arena *a, void *itemsp, int64_t *cap,
                        int64_t need, size_t elem);
bool eng_array_grow_size(eng_arena *a, void *itemsp, size_t *cap,
                         size_t need, size_t elem);

/*
 * Resizes *itemsp from exactly `oldcap` to exactly `newcap` elements of
 * `elem` bytes (newcap >= oldcap); the new slots are zeroed. For arrays
 * that share one capacity with an array grown by eng_array_grow (parallel
 * arrays). Returns false on OOM or overflow, *itemsp unchanged.
 */
bool eng_array_resize(eng_arena *a, void *itemsp, size_t oldcap,
                      size_t newcap, size_t elem);

#endif
