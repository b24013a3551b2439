/*
 * tests/fuzz/fuzz_parser.c
 *   libFuzzer target: the SQL lexer and parser over arbitrary bytes, then
 *   the AST printer over whatever parsed. Any crash, leak, sanitizer
 *   report or unbounded recursion is a bug.
 */
#include <stdint.h>
#include <stddef.h>
#include "parser/parser.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    eng_arena *a = eng_arena_create();
    ast_stmt *s = NULL;
    eng_error err;
    if (!a)
        return 0;
    if (parse_statement((const char *)data, size, a, &s, &err) == ENG_OK && s)
        (void)parse_ast_print(a, s);
    eng_arena_destroy(a);
    return 0;
}
