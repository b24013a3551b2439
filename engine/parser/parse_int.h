/*
 * engine/parser/parse_int.h
 *   Private to the parser: the parser state shared by parser.c (state,
 *   tokens, errors, statements, queries, FROM/joins) and parse_expr.c
 *   (expressions, CASE, CAST, function calls, literals, type names), the
 *   token accessors both files use, and the functions each lends the other.
 * Interface: the parser struct; inline tok, peek, next, t_kw, t_op,
 *   t_ident, imax; parse_* below (parser.c: errors, tokens,
 *   allocation, names, queries; parse_expr.c: expressions).
 * Not here: the entry point parse_statement (parser.h), the AST (ast.h).
 *   Only the parser's own .c files include this header.
 */
#ifndef ENG_PARSE_INT_H
#define ENG_PARSE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include "parser.h"
#include "keywords.h"

/* Nesting and tree height allowed before 54001 (see parser.c's header). */
#define ENG_PARSE_MAX_DEPTH 1000
/* Expectations remembered at one token for the 42000 message. */
#define ENG_PARSE_MAX_EXPECT 24

/* One entry of the "Expecting: ..." list; quote adds '...' around s. */
typedef struct expect_item {
    const char *s;
    bool quote;
} expect_item;

/*
 * The state of one parse_statement call. parse_statement eng_callocs it (it holds an
 * eng_error, kept off the stack) and frees it, with toks, before
 * returning; AST nodes go in arena a and outlive it.
 */
typedef struct parser {
    eng_arena *a;
    eng_error *err;
    eng_rc rc;              /* ENG_OK until the first failure */
    const char *sql;
    size_t len;
    eng_token *toks;        /* eng_malloc'd; last one is TK_EOF */
    int ntoks, cap, cur;
    bool lex_failed;        /* last token stands for a lexer error */
    eng_rc lex_rc;
    eng_error lex_err;
    int depth;              /* current recursion depth */
    int h;                  /* height of the last tree returned */
    int nparams;
    int exp_tok;            /* token index the expectations refer to */
    int nexp;
    expect_item exp[ENG_PARSE_MAX_EXPECT];
} parser;

/* ------------------------------------------------------------------ */
/* token accessors (inline: both files call them at every token)       */

/* The larger of a and b. */
static inline int imax(int a, int b)
{
    return a > b ? a : b;
}

/* The current token (the final TK_EOF once the input is consumed). */
static inline eng_token *tok(parser *p)
{
    return &p->toks[p->cur];
}

/* Token k places ahead (the final TK_EOF if past the end). */
static inline eng_token *peek(parser *p, int k)
{
    int i = p->cur + k;
    if (i >= p->ntoks)
        i = p->ntoks - 1;
    return &p->toks[i];
}

/* Moves to the next token; stays on the final TK_EOF. */
static inline void next(parser *p)
{
    if (p->cur < p->ntoks - 1)
        p->cur++;
}

/* True if t is keyword kw, reserved (TK_KEYWORD) or not (TK_IDENT). */
static inline bool t_kw(const eng_token *t, int kw)
{
    return (t->kind == TK_KEYWORD || t->kind == TK_IDENT) && t->kw == kw;
}

/* True if t is the operator or punctuation op (exact text). */
static inline bool t_op(const eng_token *t, const char *op)
{
    return t->kind == TK_OP && (size_t)t->len == strlen(op) &&
           memcmp(t->start, op, (size_t)t->len) == 0;
}

/* An identifier: unquoted (incl. non-reserved keywords) or quoted. */
static inline bool t_ident(const eng_token *t)
{
    return t->kind == TK_IDENT || t->kind == TK_QIDENT;
}

/* ------------------------------------------------------------------ */
/* parser.c: errors (each sets p->rc only if no failure came first)    */

/* Records that s would have been accepted at the current token. */
void parse_expect(parser *p, const char *s, bool quote);
/* 42000 "line L:C: mismatched input 'X'. Expecting: ..." (or the lexer's
 * error at its bad token). Returns NULL. */
__attribute__((cold))
void *parse_syntax_error(parser *p);
/* 0A000 "line L:C: <what> is not supported" at the current token.
 * Returns NULL. */
__attribute__((cold))
void *parse_unsupported(parser *p, const char *what);
/* 54001 (nesting too deep) at character position pos. Returns NULL. */
__attribute__((cold))
void *parse_too_deep(parser *p, int pos);
/* Enters one level of recursion (the caller decrements p->depth on
 * success); false with 54001 set past ENG_PARSE_MAX_DEPTH. */
bool parse_enter(parser *p);
/* Checks a tree height; false with 54001 set at pos past the limit. */
bool parse_height_ok(parser *p, int h, int pos);

/* parser.c: tokens. accept_* consume a match or record it as expected;
 * need_* also set a syntax error and return false on mismatch. */
bool parse_accept_kw(parser *p, int kw);
bool parse_accept_op(parser *p, const char *op);
bool parse_need_kw(parser *p, int kw);
bool parse_need_op(parser *p, const char *op);

/* parser.c: allocation in p->a; failures set ENG_NOMEM (HY001). */
/* Zeroed n bytes, or NULL on OOM. */
void *parse_alloc(parser *p, size_t n);
/* Appends elem (sz bytes) to the growable array *arrp of *n elements and
 * *cap capacity. Returns false on OOM. */
bool parse_push(parser *p, void *arrp, int *n, int *cap, size_t sz,
                     const void *elem);

/* parser.c: names and queries. */
/* One identifier (decoded text in the lexer's arena), or NULL on error. */
char *parse_ident(parser *p);
/* identifier {'.' identifier}, at most maxparts parts; false on error. */
bool parse_qname(parser *p, ast_name *n, int maxparts);
/* '(' ident {',' ident} ')' into *cols / *ncols (in p->a); false on
 * error (syntax or OOM set). Column lists of aliases, USING, INSERT,
 * CREATE TABLE's key, views and indexes. */
bool parse_ident_list(parser *p, char ***cols, int *ncols);
/* True if t starts a query inside '(' (SELECT, WITH, TABLE, VALUES). */
bool parse_starts_query(const eng_token *t);
/* A full query (WITH, set operations, ORDER BY, OFFSET, LIMIT/FETCH);
 * sets p->h. NULL on error. */
ast_query *parse_query(parser *p);
/* ORDER BY's items after BY, appended to *items; raises *h to the
 * tallest key. false on error. */
bool parse_order_items(parser *p, ast_order_item **items, int *n, int *h);

/* parse_group.c: the elements after GROUP BY (expressions, ROLLUP, CUBE,
 * GROUPING SETS, ()) into s->group_by and s->gsets; raises *h. */
bool parse_group_by(parser *p, ast_select *s, int *h);

/* parse_window.c: OVER (...) / OVER name at the current OVER token, and
 * the WINDOW clause at the current WINDOW token; p->h / *h raised to the
 * tallest expression. NULL / false on error. */
ast_window *parse_over(parser *p);
bool parse_window_clause(parser *p, ast_select *s, int *h);

/* ------------------------------------------------------------------ */
/* parse_expr.c: expressions; each sets p->h and returns NULL on error */

/* A zeroed expression node of the given kind and position (type_name
 * parameters -1), or NULL on OOM. */
ast_expr *parse_mk_expr(parser *p, ast_expr_kind kind, int pos);
/* expr := or (one level of nesting). */
ast_expr *parse_expr(parser *p);
/* A primary: literal, parameter, ( expr ), (query), EXISTS, CASE, CAST,
 * name or function call. */
ast_expr *parse_primary(parser *p);
/* An integer literal: AE_INT if it fits int64, else AE_DECIMAL. */
ast_expr *parse_integer(parser *p);
/* A type as written (CAST's grammar) into *tn; false on error. */
bool parse_type_name(parser *p, ast_type_name *tn);

/* ------------------------------------------------------------------ */
/* parser.c, lent to parse_write.c                                     */

/* A FROM item with joins (MERGE ... USING); NULL on error. */
ast_table_ref *parse_from_relation(parser *p);

/* ------------------------------------------------------------------ */
/* parse_write.c: CREATE, DROP, ALTER, INSERT, UPDATE, DELETE, MERGE   */

/* True when the current token starts a write statement. */
bool parse_write_starts(parser *p);
/* Parses it into s (kind, s->write); false with p->rc set on error. */
bool parse_write_stmt(parser *p, ast_stmt *s);

/* parse_txn.c: START TRANSACTION, COMMIT, ROLLBACK                    */
/* True when the current token starts one of them. */
bool parse_txn_starts(parser *p);
/* Parses it into s; false with p->rc set on error. */
bool parse_txn_stmt(parser *p, ast_stmt *s);

/* parse_session.c: SET SESSION, RESET SESSION                         */
/* True when the current token starts one of them. */
bool parse_session_starts(parser *p);
/* Parses it into s; false with p->rc set on error. */
bool parse_session_stmt(parser *p, ast_stmt *s);

#endif
