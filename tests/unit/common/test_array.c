/*
 * tests/unit/common/test_array.c
 *   Unit tests of engine/common/array.c: doubling from the first
 *   capacity, contents kept and new slots zeroed, the three capacity
 *   types, arena and heap, parallel arrays, sizes that cannot fit, and
 *   allocation failure (array and capacity unchanged).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <limits.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "common/array.h"

/* Appends 0..99 one at a time the way call sites do. */
static void test_heap_int(void **state)
{
    (void)state;
    int *v = NULL, n = 0, cap = 0;
    for (int i = 0; i < 100; i++) {
        if (n == cap) {
            int old = cap;
            assert_true(eng_array_grow(NULL, &v, &cap, n + 1, sizeof *v));
            assert_int_equal(cap, old ? old * 2 : ENG_ARRAY_MIN_CAP);
            for (int k = old; k < cap; k++)
                assert_int_equal(v[k], 0);        /* new slots zeroed */
        }
        v[n++] = i * 3;
    }
    assert_int_equal(cap, 128);
    for (int i = 0; i < 100; i++)
        assert_int_equal(v[i], i * 3);
    /* a need within the capacity allocates nothing */
    eng_alloc_fail_at(0);
    int *same = v;
    assert_true(eng_array_grow(NULL, &v, &cap, 128, sizeof *v));
    assert_int_equal(eng_alloc_count(), 0);
    assert_ptr_equal(v, same);
    /* a far need jumps there in one step, still a doubling of cap */
    assert_true(eng_array_grow(NULL, &v, &cap, 1000, sizeof *v));
    assert_int_equal(cap, 1024);
    assert_int_equal(eng_alloc_count(), 1);
    assert_int_equal(v[99], 297);
    assert_int_equal(v[1023], 0);
    eng_free(v);
}

typedef struct pair {
    int64_t k;
    char tag[24];
} pair;

/* In an arena the old block stays behind, its contents copied. */
static void test_arena_i64_and_size(void **state)
{
    (void)state;
    eng_arena *a = eng_arena_create();
    assert_non_null(a);
    pair *p = NULL;
    int64_t cap = 0;
    for (int64_t i = 0; i < 5000; i++) {
        assert_true(eng_array_grow(a, &p, &cap, i + 1, sizeof *p));
        p[i].k = i;
        p[i].tag[0] = (char)('a' + i % 26);
    }
    assert_int_equal(cap, 8192);
    for (int64_t i = 0; i < 5000; i++) {
        assert_int_equal(p[i].k, i);
        assert_int_equal(p[i].tag[0], 'a' + i % 26);
    }
    assert_int_equal(p[6000].k, 0);

    char *bytes = NULL;
    size_t bcap = 0;
    assert_true(eng_array_grow(a, &bytes, &bcap, (size_t)3, 1));
    assert_int_equal(bcap, ENG_ARRAY_MIN_CAP);
    memcpy(bytes, "ab", 3);
    assert_true(eng_array_grow(a, &bytes, &bcap, (size_t)100, 1));
    assert_int_equal(bcap, 128);
    assert_string_equal(bytes, "ab");
    eng_arena_destroy(a);
}

/* Two arrays sharing one capacity: grow the first, resize the second to
 * the same capacity. */
static void test_parallel_resize(void **state)
{
    (void)state;
    int64_t *next = NULL;
    uint8_t *flag = NULL;
    int64_t cap = 0;
    for (int64_t id = 0; id < 3000; id++) {
        if (id >= cap) {
            int64_t nc = cap;
            assert_true(eng_array_grow(NULL, &next, &nc, id + 1, sizeof *next));
            assert_true(eng_array_resize(NULL, &flag, (size_t)cap, (size_t)nc, 1));
            cap = nc;
        }
        next[id] = id - 1;
        flag[id] = (uint8_t)(id & 1);
    }
    for (int64_t id = 0; id < 3000; id++) {
        assert_int_equal(next[id], id - 1);
        assert_int_equal(flag[id], id & 1);
    }
    assert_int_equal(flag[cap - 1], 0);
    /* same size: nothing to do; shrinking is refused */
    assert_true(eng_array_resize(NULL, &flag, (size_t)cap, (size_t)cap, 1));
    assert_false(eng_array_resize(NULL, &flag, (size_t)cap, 1, 1));
    eng_free(next);
    eng_free(flag);
}

/* Sizes that do not fit the capacity type or size_t fail at once, with
 * no allocation and nothing changed. */
static void test_too_big(void **state)
{
    (void)state;
    eng_alloc_fail_at(0);
    int *v = NULL, cap = 0;
    assert_false(eng_array_grow(NULL, &v, &cap, INT_MAX, SIZE_MAX / 2));
    assert_null(v);
    assert_int_equal(cap, 0);
    int64_t c64 = 0;
    assert_false(eng_array_grow(NULL, &v, &c64, INT64_MAX, 16));
    size_t cs = 0;
    assert_false(eng_array_grow(NULL, &v, &cs, SIZE_MAX, 2));
    assert_false(eng_array_grow(NULL, &v, &cs, (size_t)1, 0));
    assert_false(eng_array_resize(NULL, &v, 0, SIZE_MAX / 4, 8));
    assert_null(v);
    assert_int_equal(c64, 0);
    assert_int_equal(cs, 0);
    assert_int_equal(eng_alloc_count(), 0);
}

/* A refused allocation leaves the array, its contents and its capacity
 * as they were (heap: the old block is still the caller's; arena: a
 * grow that needs a new block of the arena). */
static void test_oom_unchanged(void **state)
{
    (void)state;
    int *v = NULL, cap = 0;
    assert_true(eng_array_grow(NULL, &v, &cap, 8, sizeof *v));
    for (int i = 0; i < 8; i++)
        v[i] = i + 1;
    int *old = v;
    eng_alloc_fail_at(1);
    assert_false(eng_array_grow(NULL, &v, &cap, 9, sizeof *v));
    eng_alloc_fail_at(0);
    assert_ptr_equal(v, old);
    assert_int_equal(cap, 8);
    for (int i = 0; i < 8; i++)
        assert_int_equal(v[i], i + 1);
    eng_free(v);

    eng_arena *a = eng_arena_create();
    assert_non_null(a);
    char *big = NULL;
    size_t bc = 0;
    assert_true(eng_array_grow(a, &big, &bc, (size_t)4000, 1));
    memset(big, 'q', bc);
    char *before = big;
    eng_alloc_fail_at(1);
    assert_false(eng_array_grow(a, &big, &bc, (size_t)5000, 1));
    eng_alloc_fail_at(0);
    assert_ptr_equal(big, before);
    assert_int_equal(bc, 4096);
    assert_int_equal(big[4095], 'q');
    eng_arena_destroy(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_heap_int),
        cmocka_unit_test(test_arena_i64_and_size),
        cmocka_unit_test(test_parallel_resize),
        cmocka_unit_test(test_too_big),
        cmocka_unit_test(test_oom_unchanged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
