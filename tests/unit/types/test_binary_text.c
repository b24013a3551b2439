/*
 * tests/unit/types/test_binary_text.c
 *   The text codecs of engine/types/binary.c alone: hex both ways (blanks
 *   only where allowed, odd counts and bad digits refused), base64 as
 *   java.util.Base64 (every padding case, bad characters, lengths), uuid
 *   text (exact shape only), UTF-8 repair (airlift's sequence rules), and
 *   allocation failure in each parser.
 * Interface: main (cmocka).
 * Not here: the SQL functions and casts over them (tests/unit/exec/test_binary.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "types/types.h"

static eng_arena *A;

static int setup(void **state)
{
    (void)state;
    A = eng_arena_create();
    return A ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    eng_arena_destroy(A);
    return 0;
}

static void test_hex(void **state)
{
    (void)state;
    eng_str out;
    eng_error err;
    char buf[8];
    eng_hex_format((const uint8_t *)"\x00\xab\xff", 3, true, buf);
    assert_memory_equal(buf, "00ABFF", 6);
    eng_hex_format((const uint8_t *)"\x00\xab\xff", 3, false, buf);
    assert_memory_equal(buf, "00abff", 6);
    assert_int_equal(eng_hex_parse(A, "0aFf", 4, false, "x", &out, &err), ENG_OK);
    assert_int_equal(out.len, 2);
    assert_memory_equal(out.ptr, "\x0a\xff", 2);
    assert_int_equal(eng_hex_parse(A, "", 0, false, "x", &out, &err), ENG_OK);
    assert_int_equal(out.len, 0);
    assert_int_equal(eng_hex_parse(A, " 0a\n\tf f ", 9, true, "x", &out, &err),
                     ENG_OK);
    assert_memory_equal(out.ptr, "\x0a\xff", 2);
    assert_int_equal(eng_hex_parse(A, "0a ff", 5, false, "from_hex", &out, &err),
                     ENG_ERROR);
    assert_string_equal(err.sqlstate, "22018");
    assert_non_null(strstr(err.message, "from_hex"));
    assert_int_equal(eng_hex_parse(A, "abc", 3, false, "x", &out, &err), ENG_ERROR);
    assert_non_null(strstr(err.message, "even number"));
    assert_int_equal(eng_hex_parse(A, "0g", 2, false, "x", &out, &err), ENG_ERROR);
    /* a NUL inside the text is a bad digit, not the end */
    assert_int_equal(eng_hex_parse(A, "0a\0b", 4, false, "x", &out, &err),
                     ENG_ERROR);
}

static void b64(const char *in, size_t n, const char *want)
{
    char buf[64];
    size_t m = eng_base64_len(n);
    eng_base64_format((const uint8_t *)in, n, buf);
    assert_int_equal(m, strlen(want));
    assert_memory_equal(buf, want, m);
}

static void test_base64(void **state)
{
    (void)state;
    eng_str out;
    eng_error err;
    b64("", 0, "");
    b64("f", 1, "Zg==");
    b64("fo", 2, "Zm8=");
    b64("foo", 3, "Zm9v");
    b64("\xfb\xff", 2, "+/8=");
    assert_int_equal(eng_base64_parse(A, "Zm9vYg==", 8, &out, &err), ENG_OK);
    assert_int_equal(out.len, 4);
    assert_memory_equal(out.ptr, "foob", 4);
    assert_int_equal(eng_base64_parse(A, "Zm9vYg", 6, &out, &err), ENG_OK);
    assert_memory_equal(out.ptr, "foob", 4);
    assert_int_equal(eng_base64_parse(A, "+/8=", 4, &out, &err), ENG_OK);
    assert_memory_equal(out.ptr, "\xfb\xff", 2);
    assert_int_equal(eng_base64_parse(A, "", 0, &out, &err), ENG_OK);
    assert_int_equal(out.len, 0);
    static const char *const bad[] = { "Z", "Zg=", "Zm9vY", "Zm9v=", "Zg===",
                                       "Zm 9v", "Zm9v-_==", "=", NULL };
    for (int i = 0; bad[i]; i++) {
        assert_int_equal(eng_base64_parse(A, bad[i], strlen(bad[i]), &out, &err),
                         ENG_ERROR);
        assert_string_equal(err.sqlstate, "22018");
    }
}

static void test_uuid(void **state)
{
    (void)state;
    uint8_t u[16];
    char txt[37];
    const char *s = "A0EEBC99-9c0b-4EF8-bb6d-6BB9BD380A11";
    assert_true(eng_uuid_parse(s, 36, u));
    eng_uuid_format(u, txt);
    txt[36] = 0;
    assert_string_equal(txt, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
    static const char *const bad[] = {
        "a0eebc999c0b4ef8bb6d6bb9bd380a11",
        "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}",
        "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1",
        "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a111",
        "a0eebc99+9c0b-4ef8-bb6d-6bb9bd380a11",
        "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1g",
        " a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1", NULL };
    for (int i = 0; bad[i]; i++)
        assert_false(eng_uuid_parse(bad[i], strlen(bad[i]), u));
}

static void repaired(const char *in, size_t n, const char *want)
{
    eng_str out;
    eng_error err;
    assert_int_equal(eng_utf8_repair(A, (const uint8_t *)in, n, "?", 1, &out,
                                     &err), ENG_OK);
    assert_int_equal(out.len, strlen(want));
    assert_memory_equal(out.ptr, want, out.len);
}

static void test_utf8_repair(void **state)
{
    (void)state;
    repaired("abc", 3, "abc");
    repaired("\xc3\xa9\xf0\x9f\x98\x80", 6, "\xc3\xa9\xf0\x9f\x98\x80");
    repaired("a\xff" "b", 3, "a?b");
    repaired("\x80\x80", 2, "??");               /* stray continuations */
    repaired("\xe2\x82", 2, "?");                /* cut: one sequence */
    repaired("\xe2\x82x", 3, "?x");
    repaired("\xc0\xaf", 2, "?");                /* overlong */
    repaired("\xed\xa0\x80", 3, "?");            /* surrogate */
    repaired("\xf4\x90\x80\x80", 4, "?");        /* above U+10FFFF */
    repaired("\xf8\x88\x80\x80\x80z", 6, "?z");  /* 5-byte form */
    repaired("\xf0\x9f\x98", 3, "?");
    /* an empty replacement drops the bad sequences */
    eng_str out;
    eng_error err;
    assert_int_equal(eng_utf8_repair(A, (const uint8_t *)"a\xffz", 3, "", 0,
                                     &out, &err), ENG_OK);
    assert_int_equal(out.len, 2);
    assert_memory_equal(out.ptr, "az", 2);
}

/* Each parser with allocation n failing, n = 1, 2, ...: ENG_NOMEM with
 * the HY001 record, never a crash, until it succeeds. Inputs big enough
 * that the arena must grow. */
static void test_oom(void **state)
{
    (void)state;
    static char hex[200001], b64t[80000];
    static uint8_t bad[50000];
    memset(hex, 'a', sizeof hex - 1);
    memset(b64t, 'A', sizeof b64t);
    memset(bad, 0xff, sizeof bad);
    for (int which = 0; which < 3; which++) {
        for (long n = 1; n < 50; n++) {
            eng_str out;
            eng_error err;
            eng_arena *a = eng_arena_create();
            assert_non_null(a);
            eng_alloc_fail_at(n);
            eng_rc rc = which == 0
                ? eng_hex_parse(a, hex, sizeof hex - 1, false, "x", &out, &err)
                : which == 1 ? eng_base64_parse(a, b64t, sizeof b64t, &out, &err)
                : eng_utf8_repair(a, bad, sizeof bad, "?", 1, &out, &err);
            eng_alloc_fail_at(0);
            eng_arena_destroy(a);
            if (rc == ENG_OK)
                break;
            assert_int_equal(rc, ENG_NOMEM);
            assert_string_equal(err.sqlstate, "HY001");
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hex),
        cmocka_unit_test(test_base64),
        cmocka_unit_test(test_uuid),
        cmocka_unit_test(test_utf8_repair),
        cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
