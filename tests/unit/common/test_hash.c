/*
 * tests/unit/common/test_hash.c
 *   Unit tests of engine/common/hash.c: the splitmix64 finalizer against
 *   its published output, known answers of combine and of the byte hash
 *   (the values exec/hash.c produced before the move, so hash tables
 *   build the same), and the properties callers rely on.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "common/hash.h"

static void test_u64(void **state)
{
    (void)state;
    /* splitmix64 seeded with 0: its first output is the finalizer of the
     * golden-ratio increment */
    assert_true(eng_hash_u64(0x9e3779b97f4a7c15ULL) == 0xe220a8397b1dcdafULL);
    assert_true(eng_hash_u64(0) == 0);
    assert_true(eng_hash_u64(1) == 0x5692161d100b05e5ULL);
    assert_true(eng_hash_u64(42) == 0xa759ea27d4727622ULL);
    assert_true(eng_hash_u64(UINT64_MAX) == 0xb4d055fcf2cbbd7bULL);
}

static void test_combine(void **state)
{
    (void)state;
    uint64_t seed = 0x2545f4914f6cdd1dULL;
    assert_true(eng_hash_combine(seed, eng_hash_u64(1)) == 0x97c7aedf55f6a7b0ULL);
    /* order matters: (a, b) and (b, a) differ */
    uint64_t a = eng_hash_u64(1), b = eng_hash_u64(2);
    assert_true(eng_hash_combine(eng_hash_combine(seed, a), b) !=
                eng_hash_combine(eng_hash_combine(seed, b), a));
}

static void test_bytes(void **state)
{
    (void)state;
    assert_true(eng_hash_bytes(NULL, 0) == 0x25fc6dd36ce04b20ULL);
    assert_true(eng_hash_bytes("", 0) == 0x25fc6dd36ce04b20ULL);
    assert_true(eng_hash_bytes("a", 1) == 0x270aeb36a95726cfULL);
    assert_true(eng_hash_bytes("customersdb", 11) == 0x752bea28896adb37ULL);
    assert_true(eng_hash_bytes("0123456789abcdef!", 17) == 0xc2e4f53f9f06981aULL);
    /* the length counts: a trailing NUL makes another key */
    assert_true(eng_hash_bytes("a", 1) != eng_hash_bytes("a\0", 2));
    /* every prefix length of one text hashes differently (word and tail
     * paths), and equal bytes at another address hash the same */
    const char *s = "abcdefghijklmnopqrstuvwxyz";
    char copy[27];
    memcpy(copy, s, sizeof copy);
    uint64_t seen[27];
    for (size_t n = 0; n <= 26; n++) {
        seen[n] = eng_hash_bytes(s, n);
        assert_true(seen[n] == eng_hash_bytes(copy, n));
        for (size_t k = 0; k < n; k++)
            assert_true(seen[k] != seen[n]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_u64),
        cmocka_unit_test(test_combine),
        cmocka_unit_test(test_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
