/*
 * tests/unit/driver/test_connstr.c
 *   cmocka tests of the ODBC connection string parser and formatter
 *   (driver/connstr.c): plain pairs, braces, `}}`, whitespace, duplicate
 *   keys, malformed input with positions, round trips.
 * Not here: connecting (tests/odbc/).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "driver/driver.h"

/* Parses s, asserting success; the caller frees cs. */
static void parse_ok(const char *s, connstr *cs)
{
    char err[256];
    bool oom;
    memset(cs, 0, sizeof *cs);
    assert_true(connstr_parse(s, SQL_NTS, cs, err, sizeof err, &oom));
    assert_false(oom);
}

/* Parses s, asserting failure with a message containing `want`. */
static void parse_bad(const char *s, const char *want)
{
    char err[256];
    bool oom;
    connstr cs = {0};
    assert_false(connstr_parse(s, SQL_NTS, &cs, err, sizeof err, &oom));
    assert_false(oom);
    if (!strstr(err, want))
        fail_msg("error '%s' lacks '%s'", err, want);
    connstr_free(&cs);
}

static void test_simple_pairs(void **state)
{
    (void)state;
    connstr cs;
    parse_ok("DSN=mesh;Catalogs=/etc/cat.ini;UID=bob", &cs);
    assert_int_equal(cs.n, 3);
    assert_string_equal(connstr_get(&cs, "dsn"), "mesh");
    assert_string_equal(connstr_get(&cs, "CATALOGS"), "/etc/cat.ini");
    assert_string_equal(connstr_get(&cs, "Uid"), "bob");
    assert_null(connstr_get(&cs, "PWD"));
    connstr_free(&cs);
}

static void test_whitespace_trimmed(void **state)
{
    (void)state;
    connstr cs;
    parse_ok("  DSN = my dsn  ;  Schema=public ; ", &cs);
    assert_int_equal(cs.n, 2);
    assert_string_equal(cs.pairs[0].key, "DSN");
    assert_string_equal(connstr_get(&cs, "DSN"), "my dsn");
    assert_string_equal(connstr_get(&cs, "schema"), "public");
    connstr_free(&cs);
}

static void test_braces(void **state)
{
    (void)state;
    connstr cs;
    parse_ok("Driver={MeshODBC Driver};Catalogs={/a b/c;d=e.ini} ;X={}", &cs);
    assert_string_equal(connstr_get(&cs, "driver"), "MeshODBC Driver");
    assert_string_equal(connstr_get(&cs, "catalogs"), "/a b/c;d=e.ini");
    assert_string_equal(connstr_get(&cs, "x"), "");
    connstr_free(&cs);
}

static void test_escaped_brace(void **state)
{
    (void)state;
    connstr cs;
    parse_ok("PWD={a}}b}}};UID=u", &cs);
    assert_string_equal(connstr_get(&cs, "pwd"), "a}b}");
    assert_string_equal(connstr_get(&cs, "uid"), "u");
    connstr_free(&cs);
    parse_ok("K={  spaced  }", &cs);
    assert_string_equal(connstr_get(&cs, "k"), "  spaced  ");
    connstr_free(&cs);
}

static void test_duplicates_last_wins(void **state)
{
    (void)state;
    connstr cs;
    parse_ok("Catalog=a;catalog=b;CATALOG={c}", &cs);
    assert_int_equal(cs.n, 1);
    assert_string_equal(connstr_get(&cs, "Catalog"), "c");
    connstr_free(&cs);
}

static void test_empty_and_trailing(void **state)
{
    (void)state;
    connstr cs;
    parse_ok("", &cs);
    assert_int_equal(cs.n, 0);
    connstr_free(&cs);
    parse_ok(";;A=1;;;", &cs);
    assert_int_equal(cs.n, 1);
    assert_string_equal(connstr_get(&cs, "a"), "1");
    connstr_free(&cs);
    parse_ok("A=", &cs);
    assert_string_equal(connstr_get(&cs, "a"), "");
    connstr_free(&cs);
}

static void test_explicit_length(void **state)
{
    (void)state;
    char err[64];
    bool oom;
    connstr cs = {0};
    assert_true(connstr_parse("A=1;B=2", 3, &cs, err, sizeof err, &oom));
    assert_int_equal(cs.n, 1);
    assert_string_equal(connstr_get(&cs, "a"), "1");
    connstr_free(&cs);
}

static void test_malformed(void **state)
{
    (void)state;
    parse_bad("DSN=x;Catalogs={/tmp/cat", "position 16: unterminated '{'");
    parse_bad("DSN", "position 1: keyword without '='");
    parse_bad("A=1;B", "position 5");
    parse_bad("=value", "position 1: empty keyword");
    parse_bad("A={x}y;B=1", "position 6: unexpected text after a braced");
    parse_bad("{A}=1", "braces");
}

static void test_set_and_format(void **state)
{
    (void)state;
    connstr cs = {0};
    assert_true(connstr_set(&cs, "DSN", "one"));
    assert_true(connstr_set(&cs, "dsn", "two"));
    assert_int_equal(cs.n, 1);
    assert_string_equal(connstr_get(&cs, "DSN"), "two");
    connstr_free(&cs);

    char out[128];
    size_t n = connstr_format_pair("DSN", "plain", out, sizeof out, 0);
    n = connstr_format_pair("Catalogs", "/a;b}c", out, sizeof out, n);
    assert_string_equal(out, "DSN=plain;Catalogs={/a;b}}c};");
    assert_int_equal(n, strlen(out));
    /* round trip */
    parse_ok(out, &cs);
    assert_string_equal(connstr_get(&cs, "catalogs"), "/a;b}c");
    connstr_free(&cs);
    /* truncation reports the full length */
    char small[8];
    n = connstr_format_pair("Catalogs", "/x", small, sizeof small, 0);
    assert_int_equal(n, strlen("Catalogs=/x;"));
    assert_int_equal(strlen(small), sizeof small - 1);
}

static void test_oom(void **state)
{
    (void)state;
    for (long k = 1; k < 20; k++) {
        char err[64];
        bool oom = false;
        connstr cs = {0};
        eng_alloc_fail_at(k);
        bool ok = connstr_parse("A=1;B={2};C=3", SQL_NTS, &cs, err,
                                sizeof err, &oom);
        eng_alloc_fail_at(0);
        connstr_free(&cs);
        if (ok) {
            assert_true(k > 3);
            return;
        }
        assert_true(oom);
    }
    fail_msg("parse never succeeded");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_simple_pairs),
        cmocka_unit_test(test_whitespace_trimmed),
        cmocka_unit_test(test_braces),
        cmocka_unit_test(test_escaped_brace),
        cmocka_unit_test(test_duplicates_last_wins),
        cmocka_unit_test(test_empty_and_trailing),
        cmocka_unit_test(test_explicit_length),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_set_and_format),
        cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
