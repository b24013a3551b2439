/*
 * tests/unit/mem/test_arena.c
 *   Unit tests of engine/mem: the allocation hook, fault injection and
 *   block arenas (alignment, growth, big requests, reset, destroy).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "mem/arena.h"

static void test_alignment(void **state)
{
    (void)state;
    eng_arena *a = eng_arena_create();
    assert_non_null(a);
    for (size_t n = 0; n < 300; n++) {
        char *p = eng_arena_alloc(a, n % 37);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % 16, 0);
    }
    __int128 *x = eng_arena_alloc(a, sizeof *x * 4);
    x[3] = (__int128)1 << 100;
    assert_true(x[3] == (__int128)1 << 100);
    /* n == 0 gives distinct pointers */
    void *p0 = eng_arena_alloc(a, 0), *p1 = eng_arena_alloc(a, 0);
    assert_non_null(p0);
    assert_ptr_not_equal(p0, p1);
    eng_arena_destroy(a);
}

static void test_growth_and_reset(void **state)
{
    (void)state;
    eng_arena *a = eng_arena_create();
    size_t base = eng_arena_bytes(a);
    assert_true(base >= 8192);
    assert_true(base < 8192 + 256);
    /* fill beyond the first block: new blocks, contents intact */
    char *ptrs[1000];
    for (int i = 0; i < 1000; i++) {
        ptrs[i] = eng_arena_alloc(a, 100);
        assert_non_null(ptrs[i]);
        memset(ptrs[i], i & 0xff, 100);
    }
    for (int i = 0; i < 1000; i++)
        for (int j = 0; j < 100; j++)
            assert_int_equal((unsigned char)ptrs[i][j], i & 0xff);
    size_t grown = eng_arena_bytes(a);
    assert_true(grown > base + 100000);
    /* blocks grow: far fewer than one block per 8 KB */
    assert_true(grown < 4 * 112 * 1000);

    /* a big request gets its own block of about its size */
    size_t before = eng_arena_bytes(a);
    char *big = eng_arena_alloc(a, 5 * 1024 * 1024);
    assert_non_null(big);
    memset(big, 1, 5 * 1024 * 1024);
    size_t after = eng_arena_bytes(a);
    assert_true(after - before >= 5 * 1024 * 1024);
    assert_true(after - before < 5 * 1024 * 1024 + 256);
    /* small allocations continue in the current block, not a new one */
    before = eng_arena_bytes(a);
    assert_non_null(eng_arena_alloc(a, 16));
    assert_int_equal(eng_arena_bytes(a), before);

    eng_arena_reset(a);
    assert_int_equal(eng_arena_bytes(a), base);
    /* the first block is reused from its start */
    char *p = eng_arena_alloc(a, 8000);
    assert_non_null(p);
    assert_int_equal(eng_arena_bytes(a), base);
    eng_arena_reset(a);
    assert_ptr_equal(eng_arena_alloc(a, 8000), p);
    eng_arena_destroy(a);
    eng_arena_destroy(NULL);
    assert_int_equal(eng_arena_bytes(NULL), 0);
}

static void test_strings(void **state)
{
    (void)state;
    eng_arena *a = eng_arena_create();
    assert_string_equal(eng_arena_strdup(a, "hello"), "hello");
    assert_null(eng_arena_strdup(a, NULL));
    assert_string_equal(eng_arena_strndup(a, "hello", 3), "hel");
    assert_string_equal(eng_arena_strndup(a, "hi", 10), "hi");
    assert_memory_equal(eng_arena_memdup(a, "a\0b", 3), "a\0b", 3);
    assert_string_equal(eng_arena_sprintf(a, "%s.%s.%d", "c", "t", 42), "c.t.42");
    char *calloced = eng_arena_calloc(a, 64);
    for (int i = 0; i < 64; i++)
        assert_int_equal(calloced[i], 0);
    /* a long sprintf result goes to its own block */
    char *s = eng_arena_sprintf(a, "%05000d", 7);
    assert_int_equal(strlen(s), 5000);
    assert_int_equal(s[4999], '7');
    eng_arena_destroy(a);
}

static void test_alloc_hook(void **state)
{
    (void)state;
    eng_alloc_fail_at(0);
    void *p = eng_malloc(10);
    assert_non_null(p);
    p = eng_realloc(p, 1000);
    assert_non_null(p);
    eng_free(p);
    eng_free(NULL);
    char *d = eng_strdup("abc");
    assert_string_equal(d, "abc");
    eng_free(d);
    assert_null(eng_strdup(NULL));
    int *z = eng_calloc(10, sizeof *z);
    for (int i = 0; i < 10; i++)
        assert_int_equal(z[i], 0);
    eng_free(z);
    assert_null(eng_calloc(SIZE_MAX / 2, 4)); /* overflow */
    void *m0 = eng_malloc(0);
    assert_non_null(m0);
    eng_free(m0);
}

static void test_fault_injection(void **state)
{
    (void)state;
    eng_alloc_fail_at(3);
    assert_int_equal(eng_alloc_count(), 0);
    void *a = eng_malloc(8), *b = eng_malloc(8);
    assert_non_null(a);
    assert_non_null(b);
    assert_null(eng_malloc(8));      /* the 3rd fails */
    assert_null(eng_calloc(1, 8));   /* and every later one */
    void *r = eng_realloc(a, 100);   /* failed realloc keeps a */
    assert_null(r);
    assert_null(eng_strdup("x"));
    assert_int_equal(eng_alloc_count(), 6);
    eng_alloc_fail_at(0);
    assert_int_equal(eng_alloc_count(), 0);
    eng_free(a);
    eng_free(b);

    /* creating an arena is one allocation */
    eng_alloc_fail_at(1);
    assert_null(eng_arena_create());
    eng_alloc_fail_at(2);
    eng_arena *ar = eng_arena_create();
    assert_non_null(ar);
    assert_int_equal(eng_alloc_count(), 1);
    /* the first block serves small requests without allocating */
    assert_non_null(eng_arena_alloc(ar, 1000));
    assert_int_equal(eng_alloc_count(), 1);
    /* the next block is the 2nd allocation: it fails, the arena says NULL */
    assert_null(eng_arena_alloc(ar, 8000));
    assert_null(eng_arena_sprintf(ar, "%09000d", 1));
    /* what still fits in the current block needs no allocation */
    assert_string_equal(eng_arena_strdup(ar, "still fits"), "still fits");
    eng_alloc_fail_at(0);
    /* the arena is still usable after the failure */
    assert_non_null(eng_arena_alloc(ar, 8000));
    eng_arena_destroy(ar);

    /* every allocation of a scenario fails in turn, no leaks (valgrind) */
    for (long n = 1; n < 10; n++) {
        eng_alloc_fail_at(n);
        eng_arena *x = eng_arena_create();
        bool failed = x == NULL;
        for (int i = 0; x && i < 50; i++)
            if (!eng_arena_alloc(x, 1000))
                failed = true;
        eng_arena_destroy(x);
        long used = eng_alloc_count();
        eng_alloc_fail_at(0);
        assert_true(failed || used < n);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alignment),
        cmocka_unit_test(test_growth_and_reset),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_alloc_hook),
        cmocka_unit_test(test_fault_injection),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
