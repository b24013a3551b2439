/*
 * tests/unit/common/test_strbuf.c
 *   Unit tests of engine/common/strbuf.c: appends of every kind on the
 *   heap and in an arena, printf past the buffer's end, quoting, finish and
 *   free, and allocation failure (sticky, no leak, NUL-terminated).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "common/strbuf.h"

static void test_heap_appends(void **state)
{
    (void)state;
    eng_strbuf b = {0};                 /* zero-initialised = heap builder */
    assert_string_equal(eng_sb_text(&b), "");
    eng_sb_add(&b, "abc", 2);
    eng_sb_puts(&b, "cd");
    eng_sb_putc(&b, '-');
    eng_sb_printf(&b, "%d/%s", 42, "x");
    assert_false(b.oom);
    assert_int_equal(b.len, strlen("abcd-42/x"));
    assert_string_equal(eng_sb_text(&b), "abcd-42/x");
    eng_sb_free(&b);
    assert_null(b.buf);
    assert_int_equal(b.len, 0);
    /* usable again after free */
    eng_sb_puts(&b, "again");
    assert_string_equal(eng_sb_text(&b), "again");
    eng_sb_free(&b);
}

/* Text longer than any first buffer, from many small and a few big
 * appends, printf included: every byte where it belongs. */
static void test_growth(void **state)
{
    (void)state;
    eng_strbuf b;
    eng_sb_init(&b, NULL);
    char expect[20000];
    size_t n = 0;
    for (int i = 0; i < 2000; i++) {
        char one[16];
        int k = snprintf(one, sizeof one, "%d,", i);
        memcpy(expect + n, one, (size_t)k);
        n += (size_t)k;
        if (i % 3)
            eng_sb_printf(&b, "%d,", i);
        else
            eng_sb_add(&b, one, (size_t)k);
    }
    expect[n] = '\0';
    assert_false(b.oom);
    assert_int_equal(b.len, n);
    assert_true(b.cap > n);
    assert_string_equal(eng_sb_text(&b), expect);

    /* one printf far longer than the room left: formatted again after
     * growing, nothing lost */
    char big[5000];
    memset(big, 'z', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    eng_sb_printf(&b, "[%s]", big);
    assert_int_equal(b.len, n + 2 + sizeof big - 1);
    assert_int_equal(b.buf[n], '[');
    assert_int_equal(b.buf[b.len - 1], ']');
    assert_int_equal(b.buf[b.len], '\0');
    assert_memory_equal(b.buf + n + 1, big, sizeof big - 1);
    eng_sb_free(&b);
}

static void test_quoted(void **state)
{
    (void)state;
    eng_strbuf b = {0};
    eng_sb_quoted(&b, '\'', "it's", 4);
    eng_sb_putc(&b, ' ');
    eng_sb_quoted(&b, '"', "a\"b\"\"", 5);
    eng_sb_putc(&b, ' ');
    eng_sb_quoted(&b, '\'', "", 0);
    eng_sb_putc(&b, ' ');
    eng_sb_quoted(&b, '\'', "'''", 3);
    eng_sb_putc(&b, ' ');
    eng_sb_quoted(&b, '\'', "no quote", 8);
    assert_string_equal(eng_sb_text(&b),
                        "'it''s' \"a\"\"b\"\"\"\"\" '' '''''''' 'no quote'");
    eng_sb_free(&b);

    /* bytes after a NUL are kept: the length decides, not strlen */
    eng_sb_quoted(&b, '\'', "a\0'b", 4);
    assert_int_equal(b.len, 7);
    assert_memory_equal(b.buf, "'a\0''b'", 7);
    eng_sb_free(&b);
}

/* In an arena: finish hands over the buffer itself, finish into another
 * arena copies; nothing to free. */
static void test_arena(void **state)
{
    (void)state;
    eng_arena *a = eng_arena_create(), *other = eng_arena_create();
    assert_non_null(a);
    assert_non_null(other);
    eng_strbuf b;
    eng_sb_init(&b, a);
    for (int i = 0; i < 1000; i++)
        eng_sb_printf(&b, "%04d", i);
    assert_int_equal(b.len, 4000);
    char *buf = b.buf;
    char *r = eng_sb_finish(&b, a);
    assert_ptr_equal(r, buf);
    assert_int_equal(strlen(r), 4000);
    assert_memory_equal(r + 3996, "0999", 4);
    assert_null(b.buf);
    assert_ptr_equal(b.arena, a);

    eng_sb_puts(&b, "copy me");
    r = eng_sb_finish(&b, other);
    assert_string_equal(r, "copy me");
    assert_ptr_not_equal(r, buf);

    /* finish of an empty builder is "" */
    r = eng_sb_finish(&b, other);
    assert_string_equal(r, "");

    /* a heap builder finishes into an arena and frees its buffer (ASan
     * would report the leak otherwise) */
    eng_strbuf h = {0};
    eng_sb_puts(&h, "heap");
    r = eng_sb_finish(&h, a);
    assert_string_equal(r, "heap");
    assert_null(h.buf);
    eng_arena_destroy(a);
    eng_arena_destroy(other);
}

/* The first allocation fails: oom is sticky, later appends do nothing
 * (even ones that would need no memory), text and finish say NULL. */
static void test_oom_sticky(void **state)
{
    (void)state;
    eng_arena *a = eng_arena_create();
    assert_non_null(a);
    eng_strbuf b = {0};
    eng_alloc_fail_at(1);
    eng_sb_puts(&b, "x");
    eng_alloc_fail_at(0);
    assert_true(b.oom);
    assert_null(b.buf);
    eng_sb_puts(&b, "y");
    eng_sb_printf(&b, "%d", 1);
    eng_sb_quoted(&b, '\'', "z", 1);
    assert_true(b.oom);
    assert_int_equal(b.len, 0);
    assert_null(eng_sb_text(&b));
    assert_null(eng_sb_finish(&b, a));
    assert_false(b.oom);               /* finish leaves b empty */
    eng_arena_destroy(a);
}

/* printf that does not fit and then cannot grow leaves the text it had,
 * NUL-terminated at its old length (vsnprintf wrote into the room). */
static void test_oom_printf_keeps_text(void **state)
{
    (void)state;
    eng_strbuf b = {0};
    eng_sb_puts(&b, "head");
    size_t cap = b.cap;
    char fill[512];
    memset(fill, 'f', sizeof fill - 1);
    fill[sizeof fill - 1] = '\0';
    assert_true(sizeof fill > cap);
    eng_alloc_fail_at(1);
    eng_sb_printf(&b, "%s", fill);
    eng_alloc_fail_at(0);
    assert_true(b.oom);
    assert_int_equal(b.len, 4);
    assert_string_equal(b.buf, "head");
    eng_sb_free(&b);
    assert_false(b.oom);
}

/* Allocation N fails, N = 1, 2, ... until a run succeeds: every run ends
 * with the whole text or with NULL, on the heap and in an arena. */
static void build(eng_strbuf *b)
{
    for (int i = 0; i < 2000; i++) {       /* ~24 KB: past an arena's first block */
        eng_sb_printf(b, "(%d ", i);
        eng_sb_quoted(b, '\'', "o'k", 3);
        eng_sb_puts(b, ")");
    }
}

static void test_oom_each_allocation(void **state)
{
    (void)state;
    eng_strbuf ref = {0};
    build(&ref);
    assert_false(ref.oom);
    for (int arena = 0; arena < 2; arena++) {
        bool done = false;
        for (long n = 1; n < 1000 && !done; n++) {
            eng_arena *a = eng_arena_create();
            assert_non_null(a);
            eng_strbuf b;
            eng_sb_init(&b, arena ? a : NULL);
            eng_alloc_fail_at(n);
            build(&b);
            char *r = eng_sb_finish(&b, a);
            long used = eng_alloc_count();
            eng_alloc_fail_at(0);
            if (used >= n) {
                assert_null(r);         /* allocation n was refused */
            } else {
                assert_non_null(r);
                assert_string_equal(r, ref.buf);
                done = true;
            }
            eng_arena_destroy(a);
        }
        assert_true(done);
    }
    eng_sb_free(&ref);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_heap_appends),
        cmocka_unit_test(test_growth),
        cmocka_unit_test(test_quoted),
        cmocka_unit_test(test_arena),
        cmocka_unit_test(test_oom_sticky),
        cmocka_unit_test(test_oom_printf_keeps_text),
        cmocka_unit_test(test_oom_each_allocation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
