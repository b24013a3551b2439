/*
 * engine/parser/lexer.c
 *   SQL text -> tokens, following Trino's lexical rules.
 * Interface: parse_lex_init, parse_lex_next, parse_line_col.
 * Not here: keyword table (keywords.c), grammar (parser.c).
 *
 * The whole input is checked to be valid UTF-8 on the first call
 * (22021 with the position of the first bad byte otherwise), so the rest
 * of the lexer can count code points by skipping continuation bytes.
 * Tokens:
 *   identifiers  [A-Za-z_ or non-ASCII][A-Za-z0-9_ or non-ASCII]*, folded to
 *                lower case (ASCII only); reserved keywords become
 *                TK_KEYWORD, non-reserved ones stay TK_IDENT with kw set;
 *   "quoted"     case kept, "" is one ", empty is an error;
 *   'string'     '' is one '; may hold any byte, NUL included (text_len);
 *   numbers      123 (TK_INTEGER), 1.5 .5 1. (TK_DECIMAL),
 *                1e5 1.5E-3 (TK_DOUBLE); a letter right after a number is
 *                an error (Trino: identifiers must not start with a digit);
 *   ?            TK_PARAM;
 *   operators    ( ) , . ; + - * / % || = <> != < <= > >= [ ]  (TK_OP).
 * Comments: -- to end of line, and / * ... * / (not nested; an
 * unterminated one is an error). Errors are 42000 "line L:C: ...".
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "parser.h"
#include "keywords.h"

/* Converts a character position into line and column (both 1-based). */
void parse_line_col(const char *sql, size_t len, int pos, int *line,
                       int *col)
{
    int l = 1, c = 1, n = 1;
    size_t i = 0;
    while (i < len && n < pos) {
        unsigned char b = (unsigned char)sql[i++];
        if ((b & 0xC0) == 0x80)
            continue; /* continuation byte: same character */
        if (b == '\n') {
            l++;
            c = 1;
        } else {
            c++;
        }
        n++;
        /* skip the continuation bytes of this character */
        while (i < len && ((unsigned char)sql[i] & 0xC0) == 0x80)
            i++;
    }
    if (line)
        *line = l;
    if (col)
        *col = c;
}

/*
 * Records a 42000 (or other sqlstate) error at character position pos,
 * prefixing the message with "line L:C: ". Returns ENG_ERROR.
 */
static eng_rc lex_error(const eng_lexer *lx, eng_error *err,
                        const char *sqlstate, int pos, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static eng_rc lex_error(const eng_lexer *lx, eng_error *err,
                        const char *sqlstate, int pos, const char *fmt, ...)
{
    char msg[512];
    int line, col;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    parse_line_col(lx->sql, lx->len, pos, &line, &col);
    return eng_err_set(err, sqlstate, pos, "line %d:%d: %s", line, col, msg);
}

/*
 * Returns the byte offset of the first byte that is not part of a
 * well-formed UTF-8 sequence (overlongs, surrogates and code points above
 * U+10FFFF are rejected), or len if the whole text is valid.
 */
static size_t utf8_invalid_at(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned char b = s[i];
        size_t n;
        unsigned cp, min;
        if (b < 0x80) {
            i++;
            continue;
        } else if (b >= 0xC2 && b <= 0xDF) {
            n = 2; cp = b & 0x1F; min = 0x80;
        } else if (b >= 0xE0 && b <= 0xEF) {
            n = 3; cp = b & 0x0F; min = 0x800;
        } else if (b >= 0xF0 && b <= 0xF4) {
            n = 4; cp = b & 0x07; min = 0x10000;
        } else {
            return i;
        }
        if (i + n > len)
            return i;
        for (size_t k = 1; k < n; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += n;
    }
    return len;
}

/* Number of code points in s[0..n) (s is valid UTF-8). */
static size_t count_chars(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            c++;
    return c;
}

/* Moves the lexer n bytes forward, keeping the character count. */
static void advance(eng_lexer *lx, size_t n)
{
    lx->nchars += count_chars(lx->sql + lx->off, n);
    lx->off += n;
}

static int is_ident_start(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           c >= 0x80;
}

static int is_ident_char(unsigned char c)
{
    return is_ident_start(c) || (c >= '0' && c <= '9');
}

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* Byte at offset off + k, or 0 past the end. */
static unsigned char at(const eng_lexer *lx, size_t k)
{
    return lx->off + k < lx->len ? (unsigned char)lx->sql[lx->off + k] : 0;
}

/*
 * Skips whitespace and comments. Returns ENG_OK, or ENG_ERROR for an
 * unterminated block comment (position of its start).
 */
static eng_rc skip_space(eng_lexer *lx, eng_error *err)
{
    for (;;) {
        unsigned char c = at(lx, 0);
        if (lx->off >= lx->len)
            return ENG_OK;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
            c == '\v') {
            advance(lx, 1);
        } else if (c == '-' && at(lx, 1) == '-') {
            size_t k = 2;
            while (lx->off + k < lx->len && lx->sql[lx->off + k] != '\n')
                k++;
            advance(lx, k);
        } else if (c == '/' && at(lx, 1) == '*') {
            int start = (int)lx->nchars + 1;
            size_t k = 2;
            for (;;) {
                if (lx->off + k + 1 >= lx->len)
                    return lex_error(lx, err, ENG_ERR_SYNTAX_ERROR, start,
                                     "unterminated comment");
                if (lx->sql[lx->off + k] == '*' &&
                    lx->sql[lx->off + k + 1] == '/')
                    break;
                k++;
            }
            advance(lx, k + 2);
        } else {
            return ENG_OK;
        }
    }
}

/*
 * Reads a quoted run starting at the opening quote q (' or "), doubling
 * the quote to escape it. On success the unescaped bytes are copied into
 * the arena (NUL-terminated, *out_len excludes the terminator) and the
 * byte length of the whole literal is returned in *raw_len.
 * Returns ENG_ERROR if the closing quote is missing, ENG_NOMEM on OOM.
 */
static eng_rc read_quoted(eng_lexer *lx, char q, eng_error *err,
                          char **out, int *out_len, size_t *raw_len)
{
    size_t k = 1, n = 0;
    /* first pass: find the end and the unescaped length */
    for (;;) {
        if (lx->off + k >= lx->len)
            return lex_error(lx, err, ENG_ERR_SYNTAX_ERROR,
                             (int)lx->nchars + 1, q == '\''
                                 ? "unterminated string literal"
                                 : "unterminated quoted identifier");
        if (lx->sql[lx->off + k] == q) {
            if (lx->off + k + 1 < lx->len && lx->sql[lx->off + k + 1] == q) {
                k += 2;
                n++;
                continue;
            }
            break;
        }
        k++;
        n++;
    }
    char *d = eng_arena_alloc(lx->arena, n + 1);
    if (!d)
        return eng_err_oom(err);
    size_t j = 0;
    for (size_t i = 1; i < k; i++) {
        d[j++] = lx->sql[lx->off + i];
        if (lx->sql[lx->off + i] == q)
            i++; /* skip the second quote of the pair */
    }
    d[j] = '\0';
    *out = d;
    *out_len = (int)j;
    *raw_len = k + 1;
    return ENG_OK;
}

/* Copies len bytes of the input at the current offset into the arena. */
static char *copy_raw(eng_lexer *lx, size_t len)
{
    char *d = eng_arena_alloc(lx->arena, len + 1);
    if (d) {
        memcpy(d, lx->sql + lx->off, len);
        d[len] = '\0';
    }
    return d;
}

/* A token of the next len bytes taken as they are (an operator, a
 * parameter marker): its text copied, the input advanced past it. */
static eng_rc short_token(eng_lexer *lx, eng_token *tok, eng_tok_kind kind,
                          int len, eng_error *err)
{
    tok->kind = kind;
    tok->len = len;
    tok->text = copy_raw(lx, (size_t)len);
    if (!tok->text)
        return eng_err_oom(err);
    tok->text_len = len;
    advance(lx, (size_t)len);
    return ENG_OK;
}

/* Prepares the lexer; nothing is read yet. */
void parse_lex_init(eng_lexer *lx, const char *sql, size_t len, eng_arena *a)
{
    lx->sql = sql;
    lx->len = len;
    lx->off = 0;
    lx->arena = a;
    lx->nchars = 0;
}

/* Lexes a number starting at the current offset into tok. */
static eng_rc lex_number(eng_lexer *lx, eng_token *tok, eng_error *err)
{
    size_t k = 0;
    eng_tok_kind kind = TK_INTEGER;
    while (is_digit(at(lx, k)))
        k++;
    if (at(lx, k) == '.') {
        kind = TK_DECIMAL;
        k++;
        while (is_digit(at(lx, k)))
            k++;
    }
    if ((at(lx, k) == 'e' || at(lx, k) == 'E') &&
        (is_digit(at(lx, k + 1)) ||
         ((at(lx, k + 1) == '+' || at(lx, k + 1) == '-') &&
          is_digit(at(lx, k + 2))))) {
        kind = TK_DOUBLE;
        k += (at(lx, k + 1) == '+' || at(lx, k + 1) == '-') ? 2 : 1;
        while (is_digit(at(lx, k)))
            k++;
    }
    if (lx->off + k < lx->len && is_ident_char(at(lx, k)))
        return lex_error(lx, err, ENG_ERR_SYNTAX_ERROR, tok->pos,
                         "identifiers must not start with a digit; surround "
                         "the identifier with double quotes");
    tok->kind = kind;
    tok->len = (int)k;
    tok->text = copy_raw(lx, k);
    if (!tok->text)
        return eng_err_oom(err);
    tok->text_len = (int)k;
    advance(lx, k);
    return ENG_OK;
}

/* Two-character operators, then one-character ones. */
static const char *const ops2[] = {"<>", "<=", ">=", "!=", "||"};
static const char ops1[] = "(),.;+-*/%=<>[]";

/*
 * Reads the next token into tok (see the file header for the rules).
 * At the end of input returns TK_EOF (repeatedly). Errors fill err with
 * 42000 (or 22021 for invalid UTF-8) and the character position.
 */
eng_rc parse_lex_next(eng_lexer *lx, eng_token *tok, eng_error *err)
{
    eng_rc rc;
    if (lx->off == 0) {
        size_t bad = utf8_invalid_at((const unsigned char *)lx->sql, lx->len);
        if (bad < lx->len) {
            int pos = (int)count_chars(lx->sql, bad) + 1;
            return lex_error(lx, err, ENG_ERR_CHARACTER_NOT_IN_REPERTOIRE,
                             pos, "invalid UTF-8 byte sequence (byte 0x%02X "
                             "at offset %zu)",
                             (unsigned char)lx->sql[bad], bad);
        }
    }
    rc = skip_space(lx, err);
    if (rc != ENG_OK)
        return rc;

    memset(tok, 0, sizeof *tok);
    tok->kw = -1;
    tok->pos = (int)lx->nchars + 1;
    tok->start = lx->sql + lx->off;

    if (lx->off >= lx->len) {
        tok->kind = TK_EOF;
        tok->text = copy_raw(lx, 0);
        return tok->text ? ENG_OK : eng_err_oom(err);
    }

    unsigned char c = at(lx, 0);
    if (is_ident_start(c)) {
        size_t k = 1;
        while (lx->off + k < lx->len && is_ident_char(at(lx, k)))
            k++;
        char *t = copy_raw(lx, k);
        if (!t)
            return eng_err_oom(err);
        for (size_t i = 0; i < k; i++)
            if (t[i] >= 'A' && t[i] <= 'Z')
                t[i] = (char)(t[i] - 'A' + 'a');
        tok->text = t;
        tok->text_len = (int)k;
        tok->len = (int)k;
        tok->kw = parse_kw_lookup(t, k);
        tok->kind = parse_kw_reserved(tok->kw) ? TK_KEYWORD : TK_IDENT;
        advance(lx, k);
        return ENG_OK;
    }
    if (is_digit(c) || (c == '.' && is_digit(at(lx, 1))))
        return lex_number(lx, tok, err);
    if (c == '\'' || c == '"') {
        size_t raw = 0;
        rc = read_quoted(lx, (char)c, err, &tok->text, &tok->text_len, &raw);
        if (rc != ENG_OK)
            return rc;
        if (c == '"' && tok->text_len == 0)
            return lex_error(lx, err, ENG_ERR_SYNTAX_ERROR, tok->pos,
                             "zero-length delimited identifier not allowed");
        tok->kind = c == '\'' ? TK_STRING : TK_QIDENT;
        tok->len = (int)raw;
        advance(lx, raw);
        return ENG_OK;
    }
    if (c == '`')
        return lex_error(lx, err, ENG_ERR_SYNTAX_ERROR, tok->pos,
                         "backquoted identifiers are not supported; use "
                         "double quotes to quote identifiers");
    if (c == '?') {
        return short_token(lx, tok, TK_PARAM, 1, err);
    }
    for (size_t i = 0; i < sizeof ops2 / sizeof ops2[0]; i++) {
        if (c == (unsigned char)ops2[i][0] &&
            at(lx, 1) == (unsigned char)ops2[i][1]) {
            return short_token(lx, tok, TK_OP, 2, err);
        }
    }
    if (c != '\0' && strchr(ops1, c)) {
        return short_token(lx, tok, TK_OP, 1, err);
    }
    if (c < 0x20 || c == 0x7F)
        return lex_error(lx, err, ENG_ERR_SYNTAX_ERROR, tok->pos,
                         "unexpected character 0x%02X", c);
    return lex_error(lx, err, ENG_ERR_SYNTAX_ERROR, tok->pos,
                     "unexpected character '%c'", c);
}
