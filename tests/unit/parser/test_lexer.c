/*
 * tests/unit/parser/test_lexer.c
 *   cmocka tests of the keyword table and the lexer: folding, quoting,
 *   string escapes (embedded quotes and NUL), numbers, operators, comments,
 *   character positions, line:column, and every lexical error
 *   (unterminated string/identifier/comment, invalid UTF-8 -> 22021).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "engine/parser/parser.h"
#include "engine/parser/keywords.h"

#define MAXT 64

typedef struct lexed {
    eng_arena *a;
    eng_token t[MAXT];
    int n;
    eng_rc rc;
    eng_error err;
} lexed;

/* Lexes sql (len bytes) until EOF or an error into *L. */
static void lex_n(lexed *L, const char *sql, size_t len)
{
    eng_lexer lx;
    memset(L, 0, sizeof *L);
    L->a = eng_arena_create();
    assert_non_null(L->a);
    parse_lex_init(&lx, sql, len, L->a);
    for (;;) {
        assert_true(L->n < MAXT);
        L->rc = parse_lex_next(&lx, &L->t[L->n], &L->err);
        if (L->rc != ENG_OK)
            return;
        if (L->t[L->n++].kind == TK_EOF)
            return;
    }
}

static void lex(lexed *L, const char *sql)
{
    lex_n(L, sql, strlen(sql));
}

static void done(lexed *L)
{
    eng_arena_destroy(L->a);
}

static void test_keyword_table(void **state)
{
    (void)state;
    for (int i = 1; i < parse_kw_count(); i++)
        assert_true(strcmp(parse_kw_name(i - 1), parse_kw_name(i)) < 0);
    for (int i = 0; i < parse_kw_count(); i++) {
        const char *n = parse_kw_name(i);
        assert_int_equal(parse_kw_lookup(n, strlen(n)), i);
    }
    assert_int_equal(parse_kw_lookup("select", 6), KW_SELECT);
    assert_int_equal(parse_kw_lookup("SeLeCt", 6), KW_SELECT);
    assert_int_equal(parse_kw_lookup("selects", 7), -1);
    assert_int_equal(parse_kw_lookup("selec", 5), -1);
    assert_int_equal(parse_kw_lookup("", 0), -1);
    assert_true(parse_kw_reserved(KW_SELECT));
    assert_true(parse_kw_reserved(KW_ESCAPE));
    assert_true(parse_kw_reserved(KW_DESCRIBE));
    assert_false(parse_kw_reserved(KW_LIMIT));
    assert_false(parse_kw_reserved(KW_DATE));
    assert_false(parse_kw_reserved(KW_SHOW));
    assert_false(parse_kw_reserved(KW_ALL));
    assert_false(parse_kw_reserved(-1));
    assert_string_equal(parse_kw_name(KW_TRY_CAST), "TRY_CAST");
}

static void test_identifiers(void **state)
{
    lexed L;
    (void)state;
    lex(&L, "SeLeCt FooBar \"FooBar\" \"a\"\"b\" Date _x1 \"select\"");
    assert_int_equal(L.rc, ENG_OK);
    assert_int_equal(L.n, 8);
    assert_int_equal(L.t[0].kind, TK_KEYWORD);
    assert_int_equal(L.t[0].kw, KW_SELECT);
    assert_string_equal(L.t[0].text, "select");
    assert_int_equal(L.t[1].kind, TK_IDENT);
    assert_int_equal(L.t[1].kw, -1);
    assert_string_equal(L.t[1].text, "foobar");
    assert_int_equal(L.t[2].kind, TK_QIDENT);
    assert_string_equal(L.t[2].text, "FooBar");
    assert_int_equal(L.t[2].len, 8);
    assert_int_equal(L.t[3].kind, TK_QIDENT);
    assert_string_equal(L.t[3].text, "a\"b");
    assert_int_equal(L.t[3].text_len, 3);
    assert_int_equal(L.t[4].kind, TK_IDENT); /* non-reserved */
    assert_int_equal(L.t[4].kw, KW_DATE);
    assert_string_equal(L.t[4].text, "date");
    assert_string_equal(L.t[5].text, "_x1");
    assert_int_equal(L.t[6].kind, TK_QIDENT); /* quoted: never a keyword */
    assert_int_equal(L.t[6].kw, -1);
    assert_int_equal(L.t[7].kind, TK_EOF);
    done(&L);
}

static void test_strings(void **state)
{
    lexed L;
    static const char sql[] = "'it''s' '' 'a\0b' ''''";
    (void)state;
    lex_n(&L, sql, sizeof sql - 1);
    assert_int_equal(L.rc, ENG_OK);
    assert_int_equal(L.n, 5);
    assert_int_equal(L.t[0].kind, TK_STRING);
    assert_string_equal(L.t[0].text, "it's");
    assert_int_equal(L.t[0].text_len, 4);
    assert_int_equal(L.t[0].len, 7);
    assert_int_equal(L.t[1].text_len, 0);
    assert_int_equal(L.t[2].text_len, 3);
    assert_memory_equal(L.t[2].text, "a\0b", 3);
    assert_int_equal(L.t[2].pos, 12);
    assert_string_equal(L.t[3].text, "'");
    done(&L);
}

static void test_numbers(void **state)
{
    lexed L;
    static const struct { const char *text; eng_tok_kind kind; } exp[] = {
        {"123", TK_INTEGER}, {"1.5", TK_DECIMAL}, {".5", TK_DECIMAL},
        {"1.", TK_DECIMAL}, {"1e5", TK_DOUBLE}, {"1.5E-3", TK_DOUBLE},
        {"2E+2", TK_DOUBLE}, {".5e1", TK_DOUBLE},
        {"99999999999999999999", TK_INTEGER}};
    (void)state;
    lex(&L, "123 1.5 .5 1. 1e5 1.5E-3 2E+2 .5e1 99999999999999999999");
    assert_int_equal(L.rc, ENG_OK);
    assert_int_equal(L.n, 10);
    for (int i = 0; i < 9; i++) {
        assert_int_equal(L.t[i].kind, exp[i].kind);
        assert_string_equal(L.t[i].text, exp[i].text);
    }
    done(&L);
    lex(&L, "select 1abc");
    assert_int_equal(L.rc, ENG_ERROR);
    assert_string_equal(L.err.sqlstate, "42000");
    assert_int_equal(L.err.position, 8);
    assert_string_equal(L.err.message,
                        "line 1:8: identifiers must not start with a digit; "
                        "surround the identifier with double quotes");
    done(&L);
}

static void test_operators(void **state)
{
    lexed L;
    static const char *const ops[] = {"(", ")", ",", ".", ";", "+", "-",
                                      "*", "/", "%", "||", "=", "<>", "!=",
                                      "<", "<=", ">", ">=", "?"};
    (void)state;
    lex(&L, "( ) , . ; + - * / % || = <> != < <= > >= ?");
    assert_int_equal(L.rc, ENG_OK);
    assert_int_equal(L.n, 20);
    for (int i = 0; i < 19; i++) {
        assert_int_equal(L.t[i].kind, i == 18 ? TK_PARAM : TK_OP);
        assert_string_equal(L.t[i].text, ops[i]);
    }
    done(&L);
    lex(&L, "a<=b");
    assert_int_equal(L.n, 4);
    assert_string_equal(L.t[1].text, "<=");
    done(&L);
}

static void test_comments(void **state)
{
    lexed L;
    (void)state;
    lex(&L, "-- hello\nselect /* a\n * b */ x -- tail");
    assert_int_equal(L.rc, ENG_OK);
    assert_int_equal(L.n, 3);
    assert_string_equal(L.t[0].text, "select");
    assert_int_equal(L.t[0].pos, 10);
    assert_string_equal(L.t[1].text, "x");
    assert_int_equal(L.t[1].pos, 30);
    done(&L);
    lex(&L, "select 1 - -1 /* open");
    assert_int_equal(L.rc, ENG_ERROR);
    assert_string_equal(L.err.sqlstate, "42000");
    assert_int_equal(L.err.position, 15);
    assert_string_equal(L.err.message, "line 1:15: unterminated comment");
    done(&L);
    lex(&L, "/*/");
    assert_int_equal(L.rc, ENG_ERROR);
    done(&L);
}

static void test_positions_utf8(void **state)
{
    lexed L;
    int line, col;
    const char *sql = "select 'é€😀' x,\n  \"ñ\" y";
    (void)state;
    lex(&L, sql);
    assert_int_equal(L.rc, ENG_OK);
    assert_int_equal(L.t[1].pos, 8);           /* the string */
    assert_int_equal(L.t[1].text_len, 9);      /* 2 + 3 + 4 bytes */
    assert_int_equal(L.t[2].pos, 14);          /* x: code points */
    assert_int_equal(L.t[4].pos, 19);          /* "ñ" on line 2 */
    parse_line_col(sql, strlen(sql), L.t[4].pos, &line, &col);
    assert_int_equal(line, 2);
    assert_int_equal(col, 3);
    parse_line_col(sql, strlen(sql), 1, &line, &col);
    assert_int_equal(line, 1);
    assert_int_equal(col, 1);
    parse_line_col(sql, strlen(sql), L.t[2].pos, &line, &col);
    assert_int_equal(line, 1);
    assert_int_equal(col, 14);
    done(&L);
}

static void test_invalid_utf8(void **state)
{
    lexed L;
    (void)state;
    lex(&L, "select 'é' \xff");
    assert_int_equal(L.rc, ENG_ERROR);
    assert_string_equal(L.err.sqlstate, "22021");
    assert_int_equal(L.err.position, 12);
    assert_int_equal(L.n, 0); /* checked before the first token */
    done(&L);
    lex(&L, "x \xC0\xAF"); /* overlong '/' */
    assert_string_equal(L.err.sqlstate, "22021");
    assert_int_equal(L.err.position, 3);
    done(&L);
    lex(&L, "'\xED\xA0\x80'"); /* surrogate */
    assert_string_equal(L.err.sqlstate, "22021");
    assert_int_equal(L.err.position, 2);
    done(&L);
    lex(&L, "'\xE2\x82'"); /* truncated sequence */
    assert_string_equal(L.err.sqlstate, "22021");
    done(&L);
    lex(&L, "'\xF4\x90\x80\x80'"); /* above U+10FFFF */
    assert_string_equal(L.err.sqlstate, "22021");
    done(&L);
}

static void test_errors(void **state)
{
    lexed L;
    (void)state;
    lex(&L, "select 'abc");
    assert_int_equal(L.rc, ENG_ERROR);
    assert_string_equal(L.err.sqlstate, "42000");
    assert_int_equal(L.err.position, 8);
    assert_string_equal(L.err.message, "line 1:8: unterminated string literal");
    done(&L);
    lex(&L, "select\n  \"abc");
    assert_int_equal(L.err.position, 10);
    assert_string_equal(L.err.message,
                        "line 2:3: unterminated quoted identifier");
    done(&L);
    lex(&L, "select \"\"");
    assert_string_equal(L.err.message,
                        "line 1:8: zero-length delimited identifier not "
                        "allowed");
    done(&L);
    lex(&L, "select `a`");
    assert_string_equal(L.err.sqlstate, "42000");
    assert_int_equal(L.err.position, 8);
    done(&L);
    lex(&L, "select #");
    assert_string_equal(L.err.message, "line 1:8: unexpected character '#'");
    done(&L);
    lex_n(&L, "a \0", 3);
    assert_string_equal(L.err.message,
                        "line 1:3: unexpected character 0x00");
    done(&L);
    lex(&L, "a | b");
    assert_int_equal(L.rc, ENG_ERROR);
    assert_int_equal(L.err.position, 3);
    done(&L);
}

static void test_eof_repeats(void **state)
{
    eng_lexer lx;
    eng_token t;
    eng_error err;
    eng_arena *a = eng_arena_create();
    (void)state;
    parse_lex_init(&lx, "  ", 2, a);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(parse_lex_next(&lx, &t, &err), ENG_OK);
        assert_int_equal(t.kind, TK_EOF);
        assert_int_equal(t.pos, 3);
    }
    eng_arena_destroy(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keyword_table),
        cmocka_unit_test(test_identifiers),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_operators),
        cmocka_unit_test(test_comments),
        cmocka_unit_test(test_positions_utf8),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_eof_repeats),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
