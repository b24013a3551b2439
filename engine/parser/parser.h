/*
 * engine/parser/parser.h
 *   SQL text -> tokens (lexer.c) -> AST (parser.c); AST -> text (ast_print.c).
 * Interface: parse_lex_init, parse_lex_next, parse_statement, parse_ast_print.
 * Not here: the AST definition (ast.h), meaning (binder/).
 */
#ifndef ENG_PARSER_H
#define ENG_PARSER_H

#include <stddef.h>
#include "../error.h"
#include "../mem/arena.h"
#include "ast.h"

typedef enum eng_tok_kind {
    TK_EOF = 0,
    TK_IDENT,       /* unquoted identifier or non-reserved keyword */
    TK_QIDENT,      /* "quoted identifier" ("" unescaped in text) */
    TK_KEYWORD,     /* reserved keyword; kw holds which */
    TK_INTEGER,     /* 123 */
    TK_DECIMAL,     /* 1.5, .5, 1. */
    TK_DOUBLE,      /* 1e5, 1.5E-3 */
    TK_STRING,      /* 'text' ('' unescaped in text) */
    TK_PARAM,       /* ? */
    TK_OP           /* punctuation / operator; text holds it: ( ) , . ;
                       + - * / % || = <> != < <= > >= */
} eng_tok_kind;

typedef struct eng_token {
    eng_tok_kind kind;
    int pos;            /* 1-based character offset of the first byte */
    const char *start;  /* points into the statement text */
    int len;            /* bytes in the statement text */
    char *text;         /* decoded text in the lexer's arena: identifiers
                           lower-cased unless quoted, strings unescaped */
    int text_len;
    int kw;             /* keyword id for TK_KEYWORD/TK_IDENT, else -1 */
} eng_token;

typedef struct eng_lexer {
    const char *sql;
    size_t len;
    size_t off;
    eng_arena *arena;
    size_t nchars;      /* code points in sql[0..off), for token positions
                           (added by the parser owner) */
} eng_lexer;

void parse_lex_init(eng_lexer *lx, const char *sql, size_t len, eng_arena *a);
/* Reads the next token. Comments (--, / * * /) and whitespace are skipped.
 * Errors (unterminated string, stray character, invalid UTF-8 -> 22021)
 * fill err with the position. */
eng_rc parse_lex_next(eng_lexer *lx, eng_token *tok, eng_error *err);

/*
 * Parses exactly one statement (a trailing ';' is allowed). All nodes go in
 * arena a. Syntax errors return ENG_ERROR with SQLSTATE 42000, the
 * position, and a message such as
 *   "line 1:15: mismatched input 'FORM'. Expecting: ..."
 * Nesting deeper than 1000 levels fails with 54001 rather than
 * overflowing the stack.
 */
eng_rc parse_statement(const char *sql, size_t len, eng_arena *a, ast_stmt **out,
                  eng_error *err);

/*
 * Converts a 1-based character position in sql (len bytes of UTF-8) into a
 * 1-based line and column (columns count code points; lines end at '\n'),
 * as used in "line L:C: ..." messages. A position past the end gives the
 * line and column just after the last character. (Added by the parser
 * owner; the binder may use it for Trino-style messages.)
 */
void parse_line_col(const char *sql, size_t len, int pos, int *line,
                       int *col);

/* Prints the AST as a canonical S-expression-like text (for tests). */
char *parse_ast_print(eng_arena *a, const ast_stmt *s);

#endif
