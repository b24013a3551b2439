/*
 * engine/parser/parser.c
 *   Hand-written recursive-descent parser: tokens -> AST (ast.h), following
 *   Trino's grammar (SqlBase.g4) for the subset the engine supports.
 * Interface: eng__parse.
 * Not here: tokens (lexer.c), keywords (keywords.c), printing
 *   (ast_print.c), meaning (binder/).
 *
 * Grammar (Trino precedence, loosest first):
 *   statement  := query | SHOW CATALOGS [LIKE s] | SHOW SCHEMAS [FROM|IN c]
 *                 [LIKE s] | SHOW TABLES [FROM|IN [c.]s] [LIKE s]
 *                 | SHOW COLUMNS FROM|IN t | DESCRIBE t | DESC t
 *                 | USE [c.]s | EXPLAIN statement            [';'] <EOF>
 *   query      := [WITH cte, ...] union [ORDER BY ...] [OFFSET n [ROW|ROWS]]
 *                 [LIMIT n|ALL | FETCH FIRST|NEXT [n] ROW|ROWS ONLY]
 *                 (OFFSET may also follow LIMIT, as in PostgreSQL)
 *   union      := intersect {(UNION|EXCEPT) [ALL|DISTINCT] intersect}
 *   intersect  := primary {INTERSECT [ALL|DISTINCT] primary}
 *   primary    := select | '(' query ')' | TABLE name
 *   expr       := or;  or := and {OR and};  and := not {AND not}
 *   not        := {NOT} predicated
 *   predicated := value [cmp value | [NOT] BETWEEN value AND value
 *                 | [NOT] IN '(' exprs | query ')' | [NOT] LIKE value
 *                 [ESCAPE value] | IS [NOT] NULL | IS [NOT] DISTINCT FROM v]
 *   value      := value '||' value < value (+|-) value < value (*|/|%) value
 *                 < (+|-) value < primary     (as in Trino, || is loosest)
 * A predicate is not chained (a = b = c is a syntax error, as in Trino).
 *
 * Limits: recursion is counted in p->depth and the height of the tree
 * being built in p->h; either above ENG_PARSE_MAX_DEPTH (1000) fails with
 * 54001, so neither this parser nor the recursive walks after it (binder,
 * printer) can overflow the stack. Constructs that are naturally long are
 * built without recursion and kept shallow: IN lists and select lists are
 * flat arrays; a run of NOTs collapses to NOT or NOT NOT (same meaning in
 * three-valued logic, type check kept); a chain of more than
 * ENG_PARSE_BALANCE_MIN operands of AND (or of OR) is built as a balanced
 * tree instead of a left-deep one (both operators are associative).
 *
 * Errors: 42000 "line L:C: mismatched input 'X'. Expecting: ..." where the
 * expected list gathers what the parser tried at that token. Lexer errors
 * are reported only if the parser reaches the bad token, so the first
 * problem in the text is the one reported (invalid UTF-8 always wins).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "parser.h"
#include "keywords.h"

#define ENG_PARSE_MAX_DEPTH 1000
#define ENG_PARSE_BALANCE_MIN 64
#define MAX_EXPECT 24

typedef struct expect_item {
    const char *s;
    bool quote;
} expect_item;

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
    expect_item exp[MAX_EXPECT];
} parser;

/* ------------------------------------------------------------------ */
/* errors                                                              */

/* Marks the parse as failed by OOM. Returns NULL for convenience. */
static void *oom(parser *p)
{
    if (p->rc == ENG_OK)
        p->rc = eng_err_oom(p->err);
    return NULL;
}

/* Records that `s` would have been accepted at the current token. */
static void expect(parser *p, const char *s, bool quote)
{
    if (p->exp_tok != p->cur) {
        p->exp_tok = p->cur;
        p->nexp = 0;
    }
    for (int i = 0; i < p->nexp; i++)
        if (strcmp(p->exp[i].s, s) == 0)
            return;
    if (p->nexp < MAX_EXPECT) {
        p->exp[p->nexp].s = s;
        p->exp[p->nexp].quote = quote;
        p->nexp++;
    }
}

static int cmp_expect(const void *x, const void *y)
{
    const expect_item *a = x, *b = y;
    if (a->quote != b->quote)
        return a->quote ? -1 : 1; /* quoted tokens first, <...> last */
    return strcmp(a->s, b->s);
}

/* Appends printf output to buf (cap bytes) at *n, never overflowing. */
static void bufcat(char *buf, size_t cap, size_t *n, const char *s,
                   size_t slen)
{
    if (*n >= cap - 1)
        return;
    if (slen > cap - 1 - *n)
        slen = cap - 1 - *n;
    memcpy(buf + *n, s, slen);
    *n += slen;
    buf[*n] = '\0';
}

/*
 * Fails with 42000 at the current token: "line L:C: mismatched input 'X'.
 * Expecting: ..." (the list is what was tried at this token). If the
 * current token is where the lexer failed, the lexer's error is reported
 * instead. Returns NULL.
 */
__attribute__((noinline, cold))
static void *syntax_error(parser *p)
{
    if (p->rc != ENG_OK)
        return NULL;
    if (p->lex_failed && p->cur == p->ntoks - 1) {
        if (p->err)
            *p->err = p->lex_err;
        p->rc = p->lex_rc;
        return NULL;
    }
    const eng_token *t = &p->toks[p->cur];
    char tokbuf[64];
    char list[700];
    size_t n = 0;
    int line, col;

    if (t->kind == TK_EOF) {
        snprintf(tokbuf, sizeof tokbuf, "'<EOF>'");
    } else {
        int l = t->len;
        if (l > 40) { /* cut at a character boundary */
            l = 40;
            while (l > 0 && ((unsigned char)t->start[l] & 0xC0) == 0x80)
                l--;
        }
        snprintf(tokbuf, sizeof tokbuf, "'%.*s%s'", l, t->start,
                 l < t->len ? "..." : "");
    }
    list[0] = '\0';
    if (p->exp_tok == p->cur && p->nexp > 0) {
        qsort(p->exp, (size_t)p->nexp, sizeof p->exp[0], cmp_expect);
        for (int i = 0; i < p->nexp; i++) {
            if (i)
                bufcat(list, sizeof list, &n, ", ", 2);
            if (p->exp[i].quote)
                bufcat(list, sizeof list, &n, "'", 1);
            bufcat(list, sizeof list, &n, p->exp[i].s, strlen(p->exp[i].s));
            if (p->exp[i].quote)
                bufcat(list, sizeof list, &n, "'", 1);
        }
    }
    eng__sql_line_col(p->sql, p->len, t->pos, &line, &col);
    if (n > 0)
        p->rc = eng_err_set(p->err, ENG_ERR_SYNTAX_ERROR, t->pos,
                            "line %d:%d: mismatched input %s. Expecting: %s",
                            line, col, tokbuf, list);
    else
        p->rc = eng_err_set(p->err, ENG_ERR_SYNTAX_ERROR, t->pos,
                            "line %d:%d: mismatched input %s", line, col,
                            tokbuf);
    return NULL;
}

/* Fails with 0A000 at the current token ("line L:C: <what> is not
 * supported"). Returns NULL. */
__attribute__((noinline, cold))
static void *unsupported(parser *p, const char *what)
{
    const eng_token *t = &p->toks[p->cur];
    int line, col;
    if (p->rc != ENG_OK)
        return NULL;
    eng__sql_line_col(p->sql, p->len, t->pos, &line, &col);
    p->rc = eng_err_set(p->err, ENG_ERR_FEATURE_NOT_SUPPORTED, t->pos,
                        "line %d:%d: %s is not supported", line, col, what);
    return NULL;
}

/* Fails with 54001 at character position pos. Returns NULL. */
__attribute__((noinline, cold))
static void *too_deep(parser *p, int pos)
{
    int line, col;
    if (p->rc != ENG_OK)
        return NULL;
    eng__sql_line_col(p->sql, p->len, pos, &line, &col);
    p->rc = eng_err_set(p->err, ENG_ERR_STATEMENT_TOO_COMPLEX, pos,
                        "line %d:%d: statement is too complex: nesting "
                        "deeper than %d levels", line, col,
                        ENG_PARSE_MAX_DEPTH);
    return NULL;
}

/* Enters one level of recursion; false (54001 set) past the limit. */
static bool enter(parser *p)
{
    if (++p->depth > ENG_PARSE_MAX_DEPTH) {
        too_deep(p, p->toks[p->cur].pos);
        return false;
    }
    return true;
}

/* Checks a tree height; false (54001 set at pos) past the limit. */
static bool height_ok(parser *p, int h, int pos)
{
    if (h > ENG_PARSE_MAX_DEPTH) {
        too_deep(p, pos);
        return false;
    }
    return true;
}

static int imax(int a, int b)
{
    return a > b ? a : b;
}

/* ------------------------------------------------------------------ */
/* tokens                                                              */

static eng_token *tok(parser *p)
{
    return &p->toks[p->cur];
}

/* Token k places ahead (the final TK_EOF if past the end). */
static eng_token *peek(parser *p, int k)
{
    int i = p->cur + k;
    if (i >= p->ntoks)
        i = p->ntoks - 1;
    return &p->toks[i];
}

static void next(parser *p)
{
    if (p->cur < p->ntoks - 1)
        p->cur++;
}

static bool t_kw(const eng_token *t, int kw)
{
    return (t->kind == TK_KEYWORD || t->kind == TK_IDENT) && t->kw == kw;
}

static bool t_op(const eng_token *t, const char *op)
{
    return t->kind == TK_OP && (size_t)t->len == strlen(op) &&
           memcmp(t->start, op, (size_t)t->len) == 0;
}

/* An identifier: unquoted (incl. non-reserved keywords) or quoted. */
static bool t_ident(const eng_token *t)
{
    return t->kind == TK_IDENT || t->kind == TK_QIDENT;
}

/* Consumes keyword kw if it is next; otherwise records it as expected. */
static bool accept_kw(parser *p, int kw)
{
    if (t_kw(tok(p), kw)) {
        next(p);
        return true;
    }
    expect(p, eng__kw_name(kw), true);
    return false;
}

static bool accept_op(parser *p, const char *op)
{
    if (t_op(tok(p), op)) {
        next(p);
        return true;
    }
    expect(p, op, true);
    return false;
}

/* Consumes keyword kw if it is next, without recording an expectation
 * (for words that would only lengthen error messages). */
static bool eat_kw(parser *p, int kw)
{
    if (t_kw(tok(p), kw)) {
        next(p);
        return true;
    }
    return false;
}

/* Requires keyword kw; on mismatch sets a syntax error and returns false. */
static bool need_kw(parser *p, int kw)
{
    if (accept_kw(p, kw))
        return true;
    syntax_error(p);
    return false;
}

static bool need_op(parser *p, const char *op)
{
    if (accept_op(p, op))
        return true;
    syntax_error(p);
    return false;
}

/* ------------------------------------------------------------------ */
/* allocation                                                          */

static void *alloc(parser *p, size_t n)
{
    void *x = eng_arena_calloc(p->a, n);
    return x ? x : oom(p);
}

/*
 * Appends one element of size sz to a growable array in the arena
 * (doubling; the old block is simply left behind). Returns false on OOM.
 */
static bool push(parser *p, void *arrp, int *n, int *cap, size_t sz,
                 const void *elem)
{
    char **arr = arrp;
    if (*n == *cap) {
        int ncap = *cap ? *cap * 2 : 4;
        if (ncap > INT_MAX / 2 || (size_t)ncap > SIZE_MAX / sz) {
            oom(p);
            return false;
        }
        char *na = eng_arena_alloc(p->a, (size_t)ncap * sz);
        if (!na) {
            oom(p);
            return false;
        }
        if (*n)
            memcpy(na, *arr, (size_t)*n * sz);
        *arr = na;
        *cap = ncap;
    }
    memcpy(*arr + (size_t)*n * sz, elem, sz);
    (*n)++;
    return true;
}

static ast_expr *mk_expr(parser *p, ast_expr_kind kind, int pos)
{
    ast_expr *e = alloc(p, sizeof *e);
    if (e) {
        e->kind = kind;
        e->pos = pos;
        e->type_name.p1 = e->type_name.p2 = -1;
    }
    return e;
}

/* Builds a node with 1..3 children. */
static ast_expr *mk_node(parser *p, ast_expr_kind kind, int pos, int nargs,
                         ast_expr *a0, ast_expr *a1, ast_expr *a2)
{
    ast_expr *e = mk_expr(p, kind, pos);
    if (!e)
        return NULL;
    e->args = alloc(p, sizeof(ast_expr *) * (size_t)nargs);
    if (!e->args)
        return NULL;
    e->nargs = nargs;
    e->args[0] = a0;
    if (nargs > 1)
        e->args[1] = a1;
    if (nargs > 2)
        e->args[2] = a2;
    return e;
}

static ast_expr *mk_binary(parser *p, ast_op op, ast_expr *l, ast_expr *r)
{
    ast_expr *e = mk_node(p, AE_BINARY, l->pos, 2, l, r, NULL);
    if (e)
        e->op = op;
    return e;
}

/* ------------------------------------------------------------------ */
/* names                                                               */

/* Reads one identifier; records <identifier> and fails otherwise. */
static char *parse_ident(parser *p)
{
    eng_token *t = tok(p);
    if (!t_ident(t)) {
        expect(p, "<identifier>", false);
        return syntax_error(p);
    }
    next(p);
    return t->text;
}

/*
 * Reads identifier {'.' identifier} with at most maxparts parts into *n.
 * Returns false on error.
 */
static bool parse_qname(parser *p, ast_name *n, int maxparts)
{
    char **parts = NULL;
    int np = 0, cap = 0;
    n->pos = tok(p)->pos;
    for (;;) {
        char *id = parse_ident(p);
        if (!id)
            return false;
        if (!push(p, &parts, &np, &cap, sizeof(char *), &id))
            return false;
        if (!t_op(tok(p), ".") || !t_ident(peek(p, 1)))
            break;
        if (np >= maxparts) {
            syntax_error(p);
            return false;
        }
        next(p);
    }
    n->nparts = np;
    n->parts = parts;
    return true;
}

/* '(' ident {',' ident} ')' into *cols / *ncols. */
static bool parse_ident_list(parser *p, char ***cols, int *ncols)
{
    int cap = 0;
    *cols = NULL;
    *ncols = 0;
    if (!need_op(p, "("))
        return false;
    do {
        char *id = parse_ident(p);
        if (!id || !push(p, cols, ncols, &cap, sizeof(char *), &id))
            return false;
    } while (accept_op(p, ","));
    return need_op(p, ")");
}

/* ------------------------------------------------------------------ */
/* forward declarations                                                */

static ast_expr *parse_expr(parser *p);
static ast_expr *parse_value(parser *p, int min_prec);
static ast_query *parse_query(parser *p);
static ast_table_ref *parse_relation(parser *p);

/* True if the current token starts a query inside '(' (SELECT/WITH/...). */
static bool starts_query(const eng_token *t)
{
    return t_kw(t, KW_SELECT) || t_kw(t, KW_WITH) || t_kw(t, KW_TABLE) ||
           t_kw(t, KW_VALUES);
}

/*
 * True if a non-reserved word at the current token begins a clause
 * (LIMIT n, OFFSET n, FETCH FIRST) rather than being an implicit alias.
 */
static bool starts_clause(parser *p)
{
    eng_token *t = tok(p), *n = peek(p, 1);
    if (t->kind != TK_IDENT)
        return false;
    if (t->kw == KW_LIMIT)
        return n->kind == TK_INTEGER || n->kind == TK_PARAM ||
               t_kw(n, KW_ALL);
    if (t->kw == KW_OFFSET)
        return n->kind == TK_INTEGER || n->kind == TK_PARAM;
    if (t->kw == KW_FETCH)
        return t_kw(n, KW_FIRST) || t_kw(n, KW_NEXT);
    return false;
}

/* ------------------------------------------------------------------ */
/* types                                                               */

/* Reads a non-negative integer type parameter. */
static bool parse_type_param(parser *p, int *out)
{
    eng_token *t = tok(p);
    if (t->kind != TK_INTEGER || t->len > 9) {
        expect(p, "<integer>", false);
        syntax_error(p);
        return false;
    }
    *out = atoi(t->text);
    next(p);
    return true;
}

/*
 * type := DOUBLE PRECISION | (TIME|TIMESTAMP) ['(' n ')'] [WITH|WITHOUT
 *         TIME ZONE] | identifier ['(' n [',' n] ')']
 * Names are stored lower-cased; DOUBLE PRECISION becomes "double" and
 * "... WITH TIME ZONE" is appended to time/timestamp.
 */
static bool parse_type(parser *p, ast_type_name *tn)
{
    eng_token *t = tok(p);
    tn->pos = t->pos;
    tn->p1 = tn->p2 = -1;
    if (t_kw(t, KW_DOUBLE) && t_kw(peek(p, 1), KW_PRECISION)) {
        next(p);
        next(p);
        tn->name = "double";
        return true;
    }
    tn->name = parse_ident(p);
    if (!tn->name)
        return false;
    if (accept_op(p, "(")) {
        if (!parse_type_param(p, &tn->p1))
            return false;
        if (accept_op(p, ",") && !parse_type_param(p, &tn->p2))
            return false;
        if (!need_op(p, ")"))
            return false;
    }
    if (t->kind == TK_IDENT && (t->kw == KW_TIME || t->kw == KW_TIMESTAMP)) {
        if (t_kw(tok(p), KW_WITH) && t_kw(peek(p, 1), KW_TIME)) {
            next(p);
            next(p);
            if (!need_kw(p, KW_ZONE))
                return false;
            tn->name = t->kw == KW_TIME ? "time with time zone"
                                        : "timestamp with time zone";
        } else if (t_kw(tok(p), KW_WITHOUT)) {
            next(p);
            if (!need_kw(p, KW_TIME) || !need_kw(p, KW_ZONE))
                return false;
        }
    }
    return true;
}

/* ------------------------------------------------------------------ */
/* primary expressions                                                 */

/* CASE [operand] WHEN c THEN r ... [ELSE e] END */
static ast_expr *parse_case(parser *p)
{
    ast_expr *e = mk_expr(p, AE_CASE, tok(p)->pos);
    int h = 0, capc = 0, capr = 0, nres = 0;
    if (!e)
        return NULL;
    next(p); /* CASE */
    if (!t_kw(tok(p), KW_WHEN)) {
        e->case_operand = parse_expr(p);
        if (!e->case_operand)
            return NULL;
        h = p->h;
    }
    while (accept_kw(p, KW_WHEN)) {
        ast_expr *c, *r;
        if (!(c = parse_expr(p)))
            return NULL;
        h = imax(h, p->h);
        if (!need_kw(p, KW_THEN) || !(r = parse_expr(p)))
            return NULL;
        h = imax(h, p->h);
        if (!push(p, &e->when_conds, &e->nwhen, &capc, sizeof c, &c) ||
            !push(p, &e->when_results, &nres, &capr, sizeof r, &r))
            return NULL;
    }
    if (e->nwhen == 0)
        return syntax_error(p);
    if (accept_kw(p, KW_ELSE)) {
        if (!(e->else_result = parse_expr(p)))
            return NULL;
        h = imax(h, p->h);
    }
    if (!need_kw(p, KW_END))
        return NULL;
    p->h = h + 1;
    return height_ok(p, p->h, e->pos) ? e : NULL;
}

/* CAST '(' expr AS type ')' and TRY_CAST (is_try). */
static ast_expr *parse_cast(parser *p, bool is_try)
{
    ast_expr *e = mk_expr(p, AE_CAST, tok(p)->pos), *x;
    int h;
    if (!e)
        return NULL;
    e->is_try = is_try;
    next(p); /* CAST / TRY_CAST */
    if (!need_op(p, "(") || !(x = parse_expr(p)))
        return NULL;
    h = p->h;
    if (!need_kw(p, KW_AS) || !parse_type(p, &e->type_name) ||
        !need_op(p, ")"))
        return NULL;
    e->args = alloc(p, sizeof(ast_expr *));
    if (!e->args)
        return NULL;
    e->args[0] = x;
    e->nargs = 1;
    p->h = h + 1;
    return height_ok(p, p->h, e->pos) ? e : NULL;
}

/* name '(' [*] | [DISTINCT|ALL] expr, ... ')' ; the '(' is current. */
static ast_expr *parse_func(parser *p, const ast_name *name)
{
    ast_expr *e = mk_expr(p, AE_FUNC, name->pos);
    int h = 0, cap = 0;
    if (!e)
        return NULL;
    e->name = *name;
    next(p); /* ( */
    if (t_op(tok(p), "*")) {
        next(p);
        e->star = true;
        if (!need_op(p, ")"))
            return NULL;
    } else if (!accept_op(p, ")")) {
        if (accept_kw(p, KW_DISTINCT))
            e->distinct = true;
        else
            accept_kw(p, KW_ALL);
        do {
            ast_expr *a = parse_expr(p);
            if (!a)
                return NULL;
            h = imax(h, p->h);
            if (!push(p, &e->args, &e->nargs, &cap, sizeof a, &a))
                return NULL;
        } while (accept_op(p, ","));
        if (!need_op(p, ")"))
            return NULL;
    }
    if (tok(p)->kind == TK_IDENT && tok(p)->kw == KW_OVER)
        return unsupported(p, "window function (OVER)");
    if (tok(p)->kind == TK_IDENT && tok(p)->kw == KW_FILTER &&
        t_op(peek(p, 1), "("))
        return unsupported(p, "aggregate FILTER");
    p->h = h + 1;
    return height_ok(p, p->h, e->pos) ? e : NULL;
}

/* CURRENT_DATE, CURRENT_TIMESTAMP [(p)], CURRENT_USER ...: a function call
 * with no parentheses, named by the keyword in lower case. */
static ast_expr *parse_special_func(parser *p, bool precision)
{
    eng_token *t = tok(p);
    ast_expr *e = mk_expr(p, AE_FUNC, t->pos);
    if (!e)
        return NULL;
    e->name.nparts = 1;
    e->name.pos = t->pos;
    e->name.parts = alloc(p, sizeof(char *));
    if (!e->name.parts)
        return NULL;
    e->name.parts[0] = t->text;
    next(p);
    p->h = 1;
    if (precision && t_op(tok(p), "(")) {
        eng_token *n = peek(p, 1);
        ast_expr *a;
        next(p);
        if (n->kind != TK_INTEGER) {
            expect(p, "<integer>", false);
            return syntax_error(p);
        }
        if (!(a = mk_expr(p, AE_INT, n->pos)))
            return NULL;
        a->int_val = atoll(n->text);
        a->text = n->text;
        a->text_len = n->text_len;
        next(p);
        if (!need_op(p, ")"))
            return NULL;
        e->args = alloc(p, sizeof(ast_expr *));
        if (!e->args)
            return NULL;
        e->args[0] = a;
        e->nargs = 1;
        p->h = 2;
    }
    return e;
}

/*
 * Integer literal: AE_INT when the digits fit int64, else AE_DECIMAL with
 * the text (negative numbers are unary minus applied later).
 */
static ast_expr *parse_integer(parser *p)
{
    eng_token *t = tok(p);
    ast_expr *e = mk_expr(p, AE_INT, t->pos);
    uint64_t v = 0;
    if (!e)
        return NULL;
    e->text = t->text;
    e->text_len = t->text_len;
    for (int i = 0; i < t->text_len; i++) {
        unsigned d = (unsigned)(t->text[i] - '0');
        if (v > ((uint64_t)INT64_MAX - d) / 10) {
            e->kind = AE_DECIMAL;
            break;
        }
        v = v * 10 + d;
    }
    if (e->kind == AE_INT)
        e->int_val = (int64_t)v;
    next(p);
    return e;
}

/*
 * An expression starting with an identifier: TRY_CAST(...), a typed
 * literal (DATE '...', DOUBLE PRECISION '...', any type name followed by
 * a string), a function call, or a column reference of 1 to 4 parts.
 */
static ast_expr *parse_name_expr(parser *p)
{
    eng_token *t = tok(p);
    ast_expr *e;
    ast_name n;
    if (t->kind == TK_IDENT) {
        eng_token *n1 = peek(p, 1);
        const char *tname = NULL;
        int skip = 0;
        if (t->kw == KW_TRY_CAST && t_op(n1, "("))
            return parse_cast(p, true);
        if (t->kw == KW_DOUBLE && t_kw(n1, KW_PRECISION) &&
            peek(p, 2)->kind == TK_STRING) {
            tname = "double";
            skip = 2;
        } else if (n1->kind == TK_STRING) {
            tname = t->text;
            skip = 1;
        }
        if (tname) {
            eng_token *s;
            if (!(e = mk_expr(p, AE_TYPED_LITERAL, t->pos)))
                return NULL;
            e->type_name.name = (char *)tname;
            e->type_name.pos = t->pos;
            while (skip--)
                next(p);
            s = tok(p);
            e->text = s->text;
            e->text_len = s->text_len;
            next(p);
            p->h = 1;
            return e;
        }
    }
    if (!parse_qname(p, &n, 4))
        return NULL;
    if (t_op(tok(p), "("))
        return parse_func(p, &n);
    if (!(e = mk_expr(p, AE_COLUMN, n.pos)))
        return NULL;
    e->name = n;
    p->h = 1;
    return e;
}

/* Literals, parameters, ( expr ), (query), EXISTS, CASE, CAST, names. */
static ast_expr *parse_primary(parser *p)
{
    eng_token *t = tok(p);
    ast_expr *e;
    p->h = 1;
    switch (t->kind) {
    case TK_INTEGER:
        return parse_integer(p);
    case TK_DECIMAL:
    case TK_DOUBLE:
    case TK_STRING:
        e = mk_expr(p, t->kind == TK_DECIMAL ? AE_DECIMAL
                       : t->kind == TK_DOUBLE ? AE_DOUBLE : AE_STRING, t->pos);
        if (!e)
            return NULL;
        e->text = t->text;
        e->text_len = t->text_len;
        next(p);
        return e;
    case TK_PARAM:
        if (!(e = mk_expr(p, AE_PARAM, t->pos)))
            return NULL;
        e->param_index = p->nparams++;
        next(p);
        return e;
    case TK_IDENT:
    case TK_QIDENT:
        return parse_name_expr(p);
    case TK_KEYWORD:
        switch (t->kw) {
        case KW_NULL:
        case KW_TRUE:
        case KW_FALSE:
            e = mk_expr(p, t->kw == KW_NULL ? AE_NULL : AE_BOOL, t->pos);
            if (!e)
                return NULL;
            e->bool_val = t->kw == KW_TRUE;
            next(p);
            return e;
        case KW_CASE:
            return parse_case(p);
        case KW_CAST:
            return parse_cast(p, false);
        case KW_EXISTS:
            if (!(e = mk_expr(p, AE_EXISTS, t->pos)))
                return NULL;
            next(p);
            if (!need_op(p, "(") || !(e->subquery = parse_query(p)) ||
                !need_op(p, ")"))
                return NULL;
            p->h++;
            return height_ok(p, p->h, e->pos) ? e : NULL;
        case KW_CURRENT_DATE:
        case KW_CURRENT_USER:
        case KW_CURRENT_CATALOG:
        case KW_CURRENT_SCHEMA:
        case KW_CURRENT_PATH:
            return parse_special_func(p, false);
        case KW_CURRENT_TIME:
        case KW_CURRENT_TIMESTAMP:
        case KW_LOCALTIME:
        case KW_LOCALTIMESTAMP:
            return parse_special_func(p, true);
        default:
            break;
        }
        break;
    case TK_OP:
        if (t_op(t, "(")) {
            if (starts_query(peek(p, 1))) {
                if (!(e = mk_expr(p, AE_SUBQUERY, t->pos)))
                    return NULL;
                next(p);
                if (!(e->subquery = parse_query(p)) || !need_op(p, ")"))
                    return NULL;
                p->h++;
                return height_ok(p, p->h, e->pos) ? e : NULL;
            }
            next(p);
            if (!(e = parse_expr(p)) || !need_op(p, ")"))
                return NULL;
            return e; /* parentheses add no node; p->h already set */
        }
        break;
    default:
        break;
    }
    expect(p, "<expression>", false);
    return syntax_error(p);
}

/* ------------------------------------------------------------------ */
/* value and boolean expressions                                       */

typedef struct sign_item {
    ast_op op;
    int pos;
} sign_item;

/* {'-' | '+'} primary, without recursion over the signs. */
static ast_expr *parse_unary(parser *p)
{
    sign_item *signs = NULL;
    int n = 0, cap = 0, h;
    ast_expr *e;
    while (t_op(tok(p), "-") || t_op(tok(p), "+")) {
        sign_item s = {t_op(tok(p), "-") ? AOP_NEG : AOP_PLUS, tok(p)->pos};
        if (n >= ENG_PARSE_MAX_DEPTH)
            return too_deep(p, s.pos);
        if (!push(p, &signs, &n, &cap, sizeof s, &s))
            return NULL;
        next(p);
    }
    if (!(e = parse_primary(p)))
        return NULL;
    h = p->h;
    for (int i = n - 1; i >= 0; i--) {
        if (!(e = mk_node(p, AE_UNARY, signs[i].pos, 1, e, NULL, NULL)))
            return NULL;
        e->op = signs[i].op;
        h++;
    }
    if (!height_ok(p, h, e->pos))
        return NULL;
    p->h = h;
    return e;
}

/* Binary value operators: precedence (0 = not one) and AST op. */
static int binop_prec(const eng_token *t, ast_op *op)
{
    if (t->kind != TK_OP)
        return 0;
    if (t_op(t, "||")) { *op = AOP_CONCAT; return 1; }
    if (t_op(t, "+")) { *op = AOP_ADD; return 2; }
    if (t_op(t, "-")) { *op = AOP_SUB; return 2; }
    if (t_op(t, "*")) { *op = AOP_MUL; return 3; }
    if (t_op(t, "/")) { *op = AOP_DIV; return 3; }
    if (t_op(t, "%")) { *op = AOP_MOD; return 3; }
    return 0;
}

/*
 * Precedence climbing over || (1), + - (2), * / % (3), all left
 * associative. Recursion is bounded by the number of levels.
 */
static ast_expr *parse_value(parser *p, int min_prec)
{
    ast_expr *l = parse_unary(p);
    int h;
    if (!l)
        return NULL;
    h = p->h;
    for (;;) {
        ast_op op = AOP_NONE;
        int prec = binop_prec(tok(p), &op);
        ast_expr *r;
        if (prec == 0 || prec < min_prec)
            break;
        next(p);
        if (!(r = parse_value(p, prec + 1)))
            return NULL;
        h = imax(h, p->h) + 1;
        if (!(l = mk_binary(p, op, l, r)) || !height_ok(p, h, l->pos))
            return NULL;
    }
    p->h = h;
    return l;
}

static ast_op cmp_op(const eng_token *t)
{
    if (t->kind != TK_OP)
        return AOP_NONE;
    if (t_op(t, "=")) return AOP_EQ;
    if (t_op(t, "<>") || t_op(t, "!=")) return AOP_NE;
    if (t_op(t, "<")) return AOP_LT;
    if (t_op(t, "<=")) return AOP_LE;
    if (t_op(t, ">")) return AOP_GT;
    if (t_op(t, ">=")) return AOP_GE;
    return AOP_NONE;
}

/* The IN predicate after `v [NOT] IN`; the IN token is current. */
static ast_expr *parse_in(parser *p, ast_expr *v, bool neg, int *h)
{
    ast_expr *e;
    next(p); /* IN */
    if (!need_op(p, "("))
        return NULL;
    if (starts_query(tok(p))) {
        if (!(e = mk_node(p, AE_IN_SUBQUERY, v->pos, 1, v, NULL, NULL)))
            return NULL;
        if (!(e->subquery = parse_query(p)) || !need_op(p, ")"))
            return NULL;
        *h = imax(*h, p->h);
    } else {
        int cap = 0;
        if (!(e = mk_expr(p, AE_IN_LIST, v->pos)))
            return NULL;
        if (!push(p, &e->args, &e->nargs, &cap, sizeof v, &v))
            return NULL;
        do {
            ast_expr *x = parse_expr(p);
            if (!x)
                return NULL;
            *h = imax(*h, p->h);
            if (!push(p, &e->args, &e->nargs, &cap, sizeof x, &x))
                return NULL;
        } while (accept_op(p, ","));
        if (!need_op(p, ")"))
            return NULL;
    }
    e->negated = neg;
    return e;
}

/* value [predicate]: comparison, BETWEEN, IN, LIKE, IS (one at most). */
static ast_expr *parse_predicated(parser *p)
{
    ast_expr *v = parse_value(p, 1), *e, *r, *x;
    eng_token *t;
    ast_op op;
    bool neg = false;
    int h;
    if (!v)
        return NULL;
    h = p->h;
    t = tok(p);
    if ((op = cmp_op(t)) != AOP_NONE) {
        next(p);
        if (!(r = parse_value(p, 1)))
            return NULL;
        h = imax(h, p->h);
        e = mk_binary(p, op, v, r);
    } else {
        if (t_kw(t, KW_NOT) && (t_kw(peek(p, 1), KW_BETWEEN) ||
                                t_kw(peek(p, 1), KW_IN) ||
                                t_kw(peek(p, 1), KW_LIKE))) {
            neg = true;
            next(p);
            t = tok(p);
        }
        if (t_kw(t, KW_BETWEEN)) {
            next(p);
            if (!(r = parse_value(p, 1)))
                return NULL;
            h = imax(h, p->h);
            if (!need_kw(p, KW_AND) || !(x = parse_value(p, 1)))
                return NULL;
            h = imax(h, p->h);
            e = mk_node(p, AE_BETWEEN, v->pos, 3, v, r, x);
        } else if (t_kw(t, KW_IN)) {
            e = parse_in(p, v, neg, &h);
        } else if (t_kw(t, KW_LIKE)) {
            next(p);
            if (!(r = parse_value(p, 1)))
                return NULL;
            h = imax(h, p->h);
            x = NULL;
            if (accept_kw(p, KW_ESCAPE)) {
                if (!(x = parse_value(p, 1)))
                    return NULL;
                h = imax(h, p->h);
            }
            e = mk_node(p, AE_LIKE, v->pos, x ? 3 : 2, v, r, x);
        } else if (t_kw(t, KW_IS)) {
            next(p);
            neg = accept_kw(p, KW_NOT);
            if (accept_kw(p, KW_NULL)) {
                e = mk_node(p, AE_IS_NULL, v->pos, 1, v, NULL, NULL);
            } else if (accept_kw(p, KW_DISTINCT)) {
                if (!need_kw(p, KW_FROM) || !(r = parse_value(p, 1)))
                    return NULL;
                h = imax(h, p->h);
                e = mk_binary(p, neg ? AOP_IS_NOT_DISTINCT : AOP_IS_DISTINCT,
                              v, r);
                neg = false;
            } else {
                return syntax_error(p);
            }
        } else {
            p->h = h;
            return v;
        }
    }
    if (!e)
        return NULL;
    e->negated = neg;
    p->h = h + 1;
    return height_ok(p, p->h, e->pos) ? e : NULL;
}

/* {NOT} predicated; a run of n NOTs keeps n's parity (NOT or NOT NOT). */
static ast_expr *parse_not(parser *p)
{
    int n = 0, pos = tok(p)->pos, h;
    ast_expr *e;
    while (t_kw(tok(p), KW_NOT)) {
        n++;
        next(p);
    }
    if (!(e = parse_predicated(p)))
        return NULL;
    h = p->h;
    for (int k = n == 0 ? 0 : (n % 2 ? 1 : 2); k > 0; k--) {
        if (!(e = mk_node(p, AE_UNARY, pos, 1, e, NULL, NULL)))
            return NULL;
        e->op = AOP_NOT;
        h++;
    }
    if (!height_ok(p, h, pos))
        return NULL;
    p->h = h;
    return e;
}

/* Builds a balanced tree of op over e[lo..hi); sets p->h. */
static ast_expr *build_balanced(parser *p, ast_op op, ast_expr **e, int *hs,
                                int lo, int hi)
{
    ast_expr *l, *r;
    int lh, mid;
    if (hi - lo == 1) {
        p->h = hs[lo];
        return e[lo];
    }
    mid = lo + (hi - lo) / 2;
    if (!(l = build_balanced(p, op, e, hs, lo, mid)))
        return NULL;
    lh = p->h;
    if (!(r = build_balanced(p, op, e, hs, mid, hi)))
        return NULL;
    p->h = imax(lh, p->h) + 1;
    return mk_binary(p, op, l, r);
}

/*
 * or := and {OR and}; and := not {AND not}. Short chains are left-deep,
 * long ones balanced (see the file header).
 */
static ast_expr *parse_bool(parser *p, bool is_or)
{
    int kw = is_or ? KW_OR : KW_AND;
    ast_op op = is_or ? AOP_OR : AOP_AND;
    ast_expr **es = NULL;
    int *hs = NULL, n = 0, cap = 0, nh = 0, caph = 0, h;
    ast_expr *e = is_or ? parse_bool(p, false) : parse_not(p);
    if (!e)
        return NULL;
    if (!t_kw(tok(p), kw))
        return e;
    h = p->h;
    if (!push(p, &es, &n, &cap, sizeof e, &e) ||
        !push(p, &hs, &nh, &caph, sizeof h, &h))
        return NULL;
    while (t_kw(tok(p), kw)) {
        next(p);
        if (!(e = is_or ? parse_bool(p, false) : parse_not(p)))
            return NULL;
        h = p->h;
        if (!push(p, &es, &n, &cap, sizeof e, &e) ||
            !push(p, &hs, &nh, &caph, sizeof h, &h))
            return NULL;
    }
    if (n > ENG_PARSE_BALANCE_MIN)
        e = build_balanced(p, op, es, hs, 0, n);
    else {
        e = es[0];
        h = hs[0];
        for (int i = 1; i < n && e; i++) {
            e = mk_binary(p, op, e, es[i]);
            h = imax(h, hs[i]) + 1;
        }
        p->h = h;
    }
    if (!e || !height_ok(p, p->h, e->pos))
        return NULL;
    return e;
}

/* expr := or, one level of nesting. */
static ast_expr *parse_expr(parser *p)
{
    ast_expr *e;
    if (!enter(p))
        return NULL;
    e = parse_bool(p, true);
    p->depth--;
    return e;
}

/* ------------------------------------------------------------------ */
/* relations                                                           */

/* [AS] alias [(col, ...)] after a relation primary. */
static bool parse_rel_alias(parser *p, ast_table_ref *r)
{
    if (accept_kw(p, KW_AS)) {
        if (!(r->alias = parse_ident(p)))
            return false;
    } else if (t_ident(tok(p)) && !starts_clause(p)) {
        r->alias = tok(p)->text;
        next(p);
    } else {
        return true;
    }
    if (t_op(tok(p), "("))
        return parse_ident_list(p, &r->col_aliases, &r->ncol_aliases);
    return true;
}

/*
 * relation primary with its alias: name (1-3 parts), '(' query ')',
 * '(' relation ')'. A '(' followed (after more '('s) by SELECT/WITH/
 * TABLE/VALUES is taken as a subquery.
 */
static ast_table_ref *parse_aliased(parser *p)
{
    eng_token *t = tok(p);
    ast_table_ref *r;
    int h;
    if (t_op(t, "(")) {
        int k = 1;
        while (t_op(peek(p, k), "("))
            k++;
        if (starts_query(peek(p, k))) {
            if (!(r = alloc(p, sizeof *r)))
                return NULL;
            r->kind = ATR_SUBQUERY;
            r->pos = t->pos;
            next(p);
            if (!(r->subquery = parse_query(p)) || !need_op(p, ")"))
                return NULL;
            h = p->h + 1;
        } else {
            next(p);
            if (!(r = parse_relation(p)) || !need_op(p, ")"))
                return NULL;
            h = p->h;
        }
    } else if (t_ident(t)) {
        if (!(r = alloc(p, sizeof *r)))
            return NULL;
        r->kind = ATR_TABLE;
        r->pos = t->pos;
        if (!parse_qname(p, &r->name, 3))
            return NULL;
        h = 1;
    } else if (t_kw(t, KW_UNNEST)) {
        return unsupported(p, "UNNEST");
    } else {
        expect(p, "(", true);
        expect(p, "<identifier>", false);
        return syntax_error(p);
    }
    if (!parse_rel_alias(p, r))
        return NULL;
    p->h = h;
    return r;
}

static ast_table_ref *mk_join(parser *p, ast_join_type jt, ast_table_ref *l,
                              ast_table_ref *r)
{
    ast_table_ref *j = alloc(p, sizeof *j);
    if (j) {
        j->kind = ATR_JOIN;
        j->pos = l->pos;
        j->join_type = jt;
        j->left = l;
        j->right = r;
    }
    return j;
}

/*
 * relation := aliased { CROSS JOIN aliased | jointype JOIN relation
 *             (ON expr | USING (cols)) }, left-deep as in Trino.
 */
static ast_table_ref *parse_relation(parser *p)
{
    ast_table_ref *l, *r;
    int h;
    if (!enter(p))
        return NULL;
    if (!(l = parse_aliased(p)))
        return NULL;
    h = p->h;
    for (;;) {
        ast_join_type jt;
        if (eat_kw(p, KW_CROSS)) {
            if (!need_kw(p, KW_JOIN) || !(r = parse_aliased(p)))
                return NULL;
            h = imax(h, p->h) + 1;
            if (!(l = mk_join(p, AJ_CROSS, l, r)) || !height_ok(p, h, l->pos))
                return NULL;
            continue;
        }
        if (t_kw(tok(p), KW_NATURAL))
            return unsupported(p, "NATURAL JOIN");
        if (eat_kw(p, KW_JOIN))
            jt = AJ_INNER;
        else if (eat_kw(p, KW_INNER))
            jt = AJ_INNER;
        else if (eat_kw(p, KW_LEFT))
            jt = AJ_LEFT;
        else if (eat_kw(p, KW_RIGHT))
            jt = AJ_RIGHT;
        else if (eat_kw(p, KW_FULL))
            jt = AJ_FULL;
        else
            break;
        if (jt != AJ_INNER || !t_kw(&p->toks[p->cur - 1], KW_JOIN)) {
            if (jt != AJ_INNER)
                eat_kw(p, KW_OUTER);
            if (!need_kw(p, KW_JOIN))
                return NULL;
        }
        if (!(r = parse_relation(p)))
            return NULL;
        h = imax(h, p->h);
        if (!(l = mk_join(p, jt, l, r)))
            return NULL;
        if (accept_kw(p, KW_ON)) {
            if (!(l->on = parse_expr(p)))
                return NULL;
            h = imax(h, p->h);
        } else if (accept_kw(p, KW_USING)) {
            if (!parse_ident_list(p, &l->using_cols, &l->nusing))
                return NULL;
        } else {
            return syntax_error(p);
        }
        h++;
        if (!height_ok(p, h, l->pos))
            return NULL;
    }
    p->depth--;
    p->h = h;
    return l;
}

/* ------------------------------------------------------------------ */
/* SELECT                                                              */

/* One select item: *, name.*, or expr [[AS] alias]. */
static bool parse_select_item(parser *p, ast_select_item *it)
{
    eng_token *t = tok(p);
    it->pos = t->pos;
    it->alias = NULL;
    if (t_op(t, "*")) {
        if (!(it->expr = mk_expr(p, AE_STAR, t->pos)))
            return false;
        next(p);
        p->h = 1;
        return true;
    }
    if (t_ident(t)) {
        int k = 1;
        while (t_op(peek(p, k), ".") && t_ident(peek(p, k + 1)))
            k += 2;
        if (t_op(peek(p, k), ".") && t_op(peek(p, k + 1), "*")) {
            if (!(it->expr = mk_expr(p, AE_STAR, t->pos)) ||
                !parse_qname(p, &it->expr->name, 3))
                return false;
            next(p); /* . */
            next(p); /* * */
            p->h = 1;
            return true;
        }
    }
    if (!(it->expr = parse_expr(p)))
        return false;
    if (accept_kw(p, KW_AS)) {
        int h = p->h;
        if (!(it->alias = parse_ident(p)))
            return false;
        p->h = h;
    } else if (t_ident(tok(p)) && !starts_clause(p)) {
        it->alias = tok(p)->text;
        next(p);
    }
    return true;
}

/* SELECT [DISTINCT|ALL] items [FROM ...] [WHERE] [GROUP BY] [HAVING] */
static ast_select *parse_select(parser *p)
{
    ast_select *s = alloc(p, sizeof *s);
    int h = 0, cap = 0;
    if (!s)
        return NULL;
    s->pos = tok(p)->pos;
    next(p); /* SELECT */
    if (accept_kw(p, KW_DISTINCT))
        s->distinct = true;
    else
        accept_kw(p, KW_ALL);
    do {
        ast_select_item it;
        if (!parse_select_item(p, &it))
            return NULL;
        h = imax(h, p->h);
        if (!push(p, &s->items, &s->nitems, &cap, sizeof it, &it))
            return NULL;
    } while (accept_op(p, ","));
    if (accept_kw(p, KW_FROM)) {
        if (!(s->from = parse_relation(p)))
            return NULL;
        h = imax(h, p->h);
        while (accept_op(p, ",")) {
            ast_table_ref *r = parse_relation(p);
            int fh;
            if (!r)
                return NULL;
            fh = imax(h, p->h) + 1;
            if (!(s->from = mk_join(p, AJ_CROSS, s->from, r)) ||
                !height_ok(p, fh, r->pos))
                return NULL;
            h = fh;
        }
    }
    if (accept_kw(p, KW_WHERE)) {
        if (!(s->where = parse_expr(p)))
            return NULL;
        h = imax(h, p->h);
    }
    if (accept_kw(p, KW_GROUP)) {
        int gcap = 0;
        if (!need_kw(p, KW_BY))
            return NULL;
        do {
            ast_expr *g;
            if (t_kw(tok(p), KW_ROLLUP) || t_kw(tok(p), KW_CUBE) ||
                t_kw(tok(p), KW_GROUPING))
                return unsupported(p, "ROLLUP, CUBE and GROUPING SETS");
            if (!(g = parse_expr(p)))
                return NULL;
            h = imax(h, p->h);
            if (!push(p, &s->group_by, &s->ngroup, &gcap, sizeof g, &g))
                return NULL;
        } while (accept_op(p, ","));
    }
    if (accept_kw(p, KW_HAVING)) {
        if (!(s->having = parse_expr(p)))
            return NULL;
        h = imax(h, p->h);
    }
    p->h = h + 1;
    return s;
}

/* ------------------------------------------------------------------ */
/* queries                                                             */

static ast_query_body *mk_body(parser *p, int pos)
{
    ast_query_body *b = alloc(p, sizeof *b);
    if (b)
        b->pos = pos;
    return b;
}

/* primary := select | '(' query ')' | TABLE name (= SELECT * FROM name) */
static ast_query_body *parse_qprimary(parser *p)
{
    eng_token *t = tok(p);
    ast_query_body *b;
    if (t_kw(t, KW_SELECT)) {
        if (!(b = mk_body(p, t->pos)) || !(b->select = parse_select(p)))
            return NULL;
        p->h++;
        return b;
    }
    if (t_op(t, "(")) {
        if (!(b = mk_body(p, t->pos)))
            return NULL;
        next(p);
        if (!(b->nested = parse_query(p)) || !need_op(p, ")"))
            return NULL;
        p->h++;
        return b;
    }
    if (t_kw(t, KW_TABLE)) {
        ast_select *s;
        ast_table_ref *r;
        if (!(b = mk_body(p, t->pos)) || !(s = alloc(p, sizeof *s)) ||
            !(r = alloc(p, sizeof *r)) ||
            !(s->items = alloc(p, sizeof *s->items)) ||
            !(s->items[0].expr = mk_expr(p, AE_STAR, t->pos)))
            return NULL;
        next(p);
        r->kind = ATR_TABLE;
        r->pos = tok(p)->pos;
        if (!parse_qname(p, &r->name, 3))
            return NULL;
        s->pos = t->pos;
        s->nitems = 1;
        s->items[0].pos = t->pos;
        s->from = r;
        b->select = s;
        p->h = 3;
        return b;
    }
    if (t_kw(t, KW_VALUES))
        return unsupported(p, "VALUES");
    expect(p, "SELECT", true);
    expect(p, "(", true);
    expect(p, "TABLE", true);
    return syntax_error(p);
}

/* A set operation node over l and r; sets p->h from lh and p->h. */
static ast_query_body *mk_setop(parser *p, ast_setop op, bool all,
                                ast_query_body *l, ast_query_body *r, int lh)
{
    ast_query_body *b = mk_body(p, l->pos);
    if (!b)
        return NULL;
    b->setop = op;
    b->all = all;
    b->left = l;
    b->right = r;
    p->h = imax(lh, p->h) + 1;
    return height_ok(p, p->h, b->pos) ? b : NULL;
}

/* intersect := primary {INTERSECT [ALL|DISTINCT] primary} */
static ast_query_body *parse_intersect(parser *p)
{
    ast_query_body *l = parse_qprimary(p);
    while (l && accept_kw(p, KW_INTERSECT)) {
        int lh = p->h;
        bool all = accept_kw(p, KW_ALL);
        ast_query_body *r;
        if (!all)
            accept_kw(p, KW_DISTINCT);
        if (!(r = parse_qprimary(p)))
            return NULL;
        l = mk_setop(p, AS_INTERSECT, all, l, r, lh);
    }
    return l;
}

/* union := intersect {(UNION|EXCEPT) [ALL|DISTINCT] intersect} */
static ast_query_body *parse_union(parser *p)
{
    ast_query_body *l = parse_intersect(p);
    while (l) {
        ast_setop op;
        int lh = p->h;
        bool all;
        ast_query_body *r;
        if (accept_kw(p, KW_UNION))
            op = AS_UNION;
        else if (accept_kw(p, KW_EXCEPT))
            op = AS_EXCEPT;
        else
            break;
        all = accept_kw(p, KW_ALL);
        if (!all)
            accept_kw(p, KW_DISTINCT);
        if (!(r = parse_intersect(p)))
            return NULL;
        l = mk_setop(p, op, all, l, r, lh);
    }
    return l;
}

/* A row count for OFFSET / LIMIT / FETCH: an integer or '?'. */
static ast_expr *parse_count(parser *p)
{
    eng_token *t = tok(p);
    ast_expr *e;
    if (t->kind == TK_PARAM)
        return parse_primary(p);
    if (t->kind != TK_INTEGER) {
        expect(p, "<integer>", false);
        expect(p, "?", true);
        return syntax_error(p);
    }
    if (!(e = parse_integer(p)))
        return NULL;
    if (e->kind != AE_INT) {
        int line, col;
        eng__sql_line_col(p->sql, p->len, t->pos, &line, &col);
        p->rc = eng_err_set(p->err, ENG_ERR_NUMERIC_VALUE_OUT_OF_RANGE,
                            t->pos, "line %d:%d: row count %s is out of "
                            "range", line, col, t->text);
        return NULL;
    }
    return e;
}

/* ORDER BY item {, item}: expr [ASC|DESC] [NULLS FIRST|LAST] */
static bool parse_order_by(parser *p, ast_query *q, int *h)
{
    int cap = 0;
    if (!need_kw(p, KW_BY))
        return false;
    do {
        ast_order_item it;
        memset(&it, 0, sizeof it);
        it.pos = tok(p)->pos;
        if (!(it.expr = parse_expr(p)))
            return false;
        *h = imax(*h, p->h);
        if (accept_kw(p, KW_DESC))
            it.desc = true;
        else
            accept_kw(p, KW_ASC);
        if (accept_kw(p, KW_NULLS)) {
            if (accept_kw(p, KW_FIRST))
                it.nulls = 1;
            else if (accept_kw(p, KW_LAST))
                it.nulls = 2;
            else
                return syntax_error(p) != NULL;
        }
        if (!push(p, &q->order_by, &q->norder, &cap, sizeof it, &it))
            return false;
    } while (accept_op(p, ","));
    return true;
}

/* OFFSET n [ROW|ROWS] */
static bool parse_offset(parser *p, ast_query *q)
{
    if (!(q->offset = parse_count(p)))
        return false;
    if (!eat_kw(p, KW_ROWS))
        eat_kw(p, KW_ROW);
    return true;
}

/* FETCH FIRST|NEXT [n] ROW|ROWS ONLY (FETCH is consumed). */
static bool parse_fetch(parser *p, ast_query *q, int fetch_pos)
{
    if (!accept_kw(p, KW_FIRST) && !accept_kw(p, KW_NEXT))
        return syntax_error(p) != NULL;
    if (tok(p)->kind == TK_INTEGER || tok(p)->kind == TK_PARAM) {
        if (!(q->limit = parse_count(p)))
            return false;
    } else {
        if (!(q->limit = mk_expr(p, AE_INT, fetch_pos)))
            return false;
        q->limit->int_val = 1;
        q->limit->text = "1";
        q->limit->text_len = 1;
    }
    if (!accept_kw(p, KW_ROWS) && !accept_kw(p, KW_ROW))
        return syntax_error(p) != NULL;
    if (t_kw(tok(p), KW_WITH))
        return unsupported(p, "FETCH ... WITH TIES") != NULL;
    return need_kw(p, KW_ONLY);
}

/*
 * query := [WITH cte, ...] union [ORDER BY ...] [OFFSET n] [LIMIT n|ALL |
 * FETCH ...] (OFFSET after LIMIT is accepted too).
 */
static ast_query *parse_query(parser *p)
{
    ast_query *q;
    int h = 0;
    if (!enter(p))
        return NULL;
    if (!(q = alloc(p, sizeof *q)))
        return NULL;
    q->pos = tok(p)->pos;
    if (accept_kw(p, KW_WITH)) {
        int cap = 0;
        if (t_kw(tok(p), KW_RECURSIVE))
            return unsupported(p, "WITH RECURSIVE");
        do {
            ast_cte c;
            memset(&c, 0, sizeof c);
            c.pos = tok(p)->pos;
            if (!(c.name = parse_ident(p)))
                return NULL;
            if (t_op(tok(p), "(") &&
                !parse_ident_list(p, &c.cols, &c.ncols))
                return NULL;
            if (!need_kw(p, KW_AS) || !need_op(p, "(") ||
                !(c.query = parse_query(p)) || !need_op(p, ")"))
                return NULL;
            h = imax(h, p->h);
            if (!push(p, &q->ctes, &q->nctes, &cap, sizeof c, &c))
                return NULL;
        } while (accept_op(p, ","));
    }
    if (!(q->body = parse_union(p)))
        return NULL;
    h = imax(h, p->h);
    if (accept_kw(p, KW_ORDER) && !parse_order_by(p, q, &h))
        return NULL;
    if (accept_kw(p, KW_OFFSET) && !parse_offset(p, q))
        return NULL;
    if (accept_kw(p, KW_LIMIT)) {
        if (!accept_kw(p, KW_ALL) && !(q->limit = parse_count(p)))
            return NULL;
        if (!q->offset && accept_kw(p, KW_OFFSET) && !parse_offset(p, q))
            return NULL;
    } else {
        int fpos = tok(p)->pos;
        if (accept_kw(p, KW_FETCH) && !parse_fetch(p, q, fpos))
            return NULL;
    }
    p->depth--;
    p->h = h + 1;
    return height_ok(p, p->h, q->pos) ? q : NULL;
}

/* ------------------------------------------------------------------ */
/* statements                                                          */

/* [LIKE 'pattern'] for SHOW statements. */
static bool parse_show_like(parser *p, ast_stmt *s)
{
    if (!accept_kw(p, KW_LIKE))
        return true;
    if (tok(p)->kind != TK_STRING) {
        expect(p, "<string>", false);
        return syntax_error(p) != NULL;
    }
    s->like = tok(p)->text;
    next(p);
    return true;
}

/* [FROM|IN name] for SHOW SCHEMAS / SHOW TABLES. */
static bool parse_show_from(parser *p, ast_stmt *s, int maxparts)
{
    if (!accept_kw(p, KW_FROM) && !accept_kw(p, KW_IN))
        return true;
    return parse_qname(p, &s->name, maxparts);
}

static ast_stmt *parse_stmt(parser *p)
{
    eng_token *t = tok(p);
    ast_stmt *s;
    if (!enter(p))
        return NULL;
    if (!(s = alloc(p, sizeof *s)))
        return NULL;
    s->pos = t->pos;
    if (t_kw(t, KW_SELECT) || t_kw(t, KW_WITH) || t_kw(t, KW_TABLE) ||
        t_kw(t, KW_VALUES) || t_op(t, "(")) {
        s->kind = AST_QUERY;
        if (!(s->query = parse_query(p)))
            return NULL;
    } else if (t->kind == TK_IDENT && t->kw == KW_SHOW) {
        next(p);
        if (accept_kw(p, KW_CATALOGS)) {
            s->kind = AST_SHOW_CATALOGS;
            if (!parse_show_like(p, s))
                return NULL;
        } else if (accept_kw(p, KW_SCHEMAS)) {
            s->kind = AST_SHOW_SCHEMAS;
            if (!parse_show_from(p, s, 1) || !parse_show_like(p, s))
                return NULL;
        } else if (accept_kw(p, KW_TABLES)) {
            s->kind = AST_SHOW_TABLES;
            if (!parse_show_from(p, s, 2) || !parse_show_like(p, s))
                return NULL;
        } else if (accept_kw(p, KW_COLUMNS)) {
            s->kind = AST_SHOW_COLUMNS;
            if (!accept_kw(p, KW_FROM) && !accept_kw(p, KW_IN))
                return syntax_error(p);
            if (!parse_qname(p, &s->name, 3))
                return NULL;
        } else {
            return syntax_error(p);
        }
    } else if (t_kw(t, KW_DESCRIBE) ||
               (t->kind == TK_IDENT && t->kw == KW_DESC)) {
        next(p);
        s->kind = AST_SHOW_COLUMNS;
        if (!parse_qname(p, &s->name, 3))
            return NULL;
    } else if (t->kind == TK_IDENT && t->kw == KW_USE) {
        next(p);
        s->kind = AST_USE;
        if (!parse_qname(p, &s->name, 2))
            return NULL;
    } else if (t->kind == TK_IDENT && t->kw == KW_EXPLAIN) {
        next(p);
        s->kind = AST_EXPLAIN;
        if (t_kw(tok(p), KW_ANALYZE))
            return unsupported(p, "EXPLAIN ANALYZE");
        if (t_op(tok(p), "(") && (t_kw(peek(p, 1), KW_TYPE) ||
                                  t_kw(peek(p, 1), KW_FORMAT)))
            return unsupported(p, "EXPLAIN (TYPE/FORMAT ...)");
        if (!(s->inner = parse_stmt(p)))
            return NULL;
    } else {
        static const int starts[] = {KW_SELECT, KW_WITH, KW_SHOW,
                                     KW_DESCRIBE, KW_USE, KW_EXPLAIN};
        for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++)
            expect(p, eng__kw_name(starts[i]), true);
        expect(p, "(", true);
        return syntax_error(p);
    }
    p->depth--;
    return s;
}

/*
 * Lexes the whole statement into p->toks. A lexer error (other than OOM
 * and invalid UTF-8, which are returned at once) becomes a final TK_EOF
 * token flagged in p->lex_failed, reported only if the parser gets there.
 */
static eng_rc lex_all(parser *p)
{
    eng_lexer lx;
    eng__lex_init(&lx, p->sql, p->len, p->a);
    for (;;) {
        eng_token t;
        eng_rc rc;
        if (p->ntoks == p->cap) {
            int ncap = p->cap ? p->cap * 2 : 64;
            eng_token *nt;
            if (ncap > INT_MAX / 2)
                return eng_err_oom(p->err);
            nt = eng_realloc(p->toks, (size_t)ncap * sizeof *nt);
            if (!nt)
                return eng_err_oom(p->err);
            p->toks = nt;
            p->cap = ncap;
        }
        rc = eng__lex_next(&lx, &t, &p->lex_err);
        if (rc != ENG_OK) {
            if (rc == ENG_NOMEM ||
                strcmp(p->lex_err.sqlstate,
                       ENG_ERR_CHARACTER_NOT_IN_REPERTOIRE) == 0) {
                if (p->err)
                    *p->err = p->lex_err;
                return rc;
            }
            memset(&t, 0, sizeof t);
            t.kind = TK_EOF;
            t.kw = -1;
            t.pos = p->lex_err.position;
            t.start = p->sql + lx.off;
            t.text = "";
            p->lex_failed = true;
            p->lex_rc = rc;
            p->toks[p->ntoks++] = t;
            return ENG_OK;
        }
        p->toks[p->ntoks++] = t;
        if (t.kind == TK_EOF)
            return ENG_OK;
    }
}

/* Parses one statement (see parser.h and the file header). */
eng_rc eng__parse(const char *sql, size_t len, eng_arena *a, ast_stmt **out,
                  eng_error *err)
{
    parser *p;
    ast_stmt *s = NULL;
    eng_rc rc;
    *out = NULL;
    /* the parser state holds an eng_error: keep it off the stack */
    p = eng_calloc(1, sizeof *p);
    if (!p)
        return eng_err_oom(err);
    p->a = a;
    p->err = err;
    p->sql = sql;
    p->len = len;
    p->exp_tok = -1;
    rc = lex_all(p);
    if (rc == ENG_OK) {
        s = parse_stmt(p);
        if (s) {
            if (t_op(tok(p), ";"))
                next(p);
            if (tok(p)->kind != TK_EOF ||
                (p->lex_failed && p->cur == p->ntoks - 1)) {
                expect(p, "<EOF>", false);
                syntax_error(p);
                s = NULL;
            }
        }
        rc = p->rc;
        if (s) {
            s->nparams = p->nparams;
            *out = s;
        }
    }
    eng_free(p->toks);
    eng_free(p);
    return rc;
}
