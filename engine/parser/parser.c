/*
 * engine/parser/parser.c
 *   Hand-written recursive-descent parser: tokens -> AST (ast.h), following
 *   Trino's grammar (SqlBase.g4) for the subset the engine supports. Here:
 *   the parser state's life cycle, token handling, error reporting,
 *   statements, queries, SELECT and FROM/joins.
 * Interface: parse_statement; for parse_expr.c (parse_int.h): the error
 *   functions parse_expect, _syntax_error, _unsupported, _too_deep,
 *   _enter, _height_ok; the token functions parse_accept_kw,
 *   _accept_op, _need_kw, _need_op; parse_alloc, _push; names
 *   parse_ident, _qname, _ident_list; parse_starts_query, parse_query.
 * Not here: expressions, predicates, CASE, CAST, function calls, literals
 *   and type names (parse_expr.c); shared state and token accessors
 *   (parse_int.h); tokens (lexer.c), keywords (keywords.c), printing
 *   (ast_print.c), meaning (binder/).
 *
 * Grammar (Trino; expressions `expr` are in parse_expr.c):
 *   statement  := query | SHOW CATALOGS [LIKE s] | SHOW SCHEMAS [FROM|IN c]
 *                 [LIKE s] | SHOW TABLES [FROM|IN [c.]s] [LIKE s]
 *                 | SHOW COLUMNS FROM|IN t | DESCRIBE t | DESC t
 *                 | SHOW SESSION [LIKE s] | SET SESSION n = expr
 *                 | RESET SESSION n (parse_session.c)
 *                 | USE [c.]s | EXPLAIN statement
 *                 | START TRANSACTION ... | COMMIT | ROLLBACK    [';'] <EOF>
 *   query      := [WITH cte, ...] union [ORDER BY ...] [OFFSET n [ROW|ROWS]]
 *                 [LIMIT n|ALL | FETCH FIRST|NEXT [n] ROW|ROWS ONLY]
 *                 (OFFSET may also follow LIMIT, as in PostgreSQL)
 *   union      := intersect {(UNION|EXCEPT) [ALL|DISTINCT] intersect}
 *   intersect  := primary {INTERSECT [ALL|DISTINCT] primary}
 *   primary    := select | '(' query ')' | TABLE name
 *   select     := SELECT [DISTINCT|ALL] item, ... [FROM relation, ...]
 *                 [WHERE expr] [GROUP BY expr, ...] [HAVING expr]
 *   relation   := aliased { CROSS JOIN aliased | [INNER|LEFT|RIGHT|FULL
 *                 [OUTER]] JOIN relation (ON expr | USING (cols)) }
 *
 * Limits: recursion is counted in p->depth and the height of the tree
 * being built in p->h; either above ENG_PARSE_MAX_DEPTH (1000) fails with
 * 54001, so neither this parser nor the recursive walks after it (binder,
 * printer) can overflow the stack. Constructs that are naturally long are
 * built without recursion and kept shallow: IN lists and select lists are
 * flat arrays; a run of NOTs collapses to NOT or NOT NOT (same meaning in
 * three-valued logic, type check kept); a chain of more than
 * ENG_PARSE_BALANCE_MIN operands of AND (or of OR) is built as a balanced
 * tree instead of a left-deep one (both operators are associative; see
 * parse_expr.c).
 *
 * Errors: 42000 "line L:C: mismatched input 'X'. Expecting: ..." where the
 * expected list gathers what the parser tried at that token. Lexer errors
 * are reported only if the parser reaches the bad token, so the first
 * problem in the text is the one reported (invalid UTF-8 always wins).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "parse_int.h"
#include "../common/array.h"

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
void parse_expect(parser *p, const char *s, bool quote)
{
    if (p->exp_tok != p->cur) {
        p->exp_tok = p->cur;
        p->nexp = 0;
    }
    for (int i = 0; i < p->nexp; i++)
        if (strcmp(p->exp[i].s, s) == 0)
            return;
    if (p->nexp < ENG_PARSE_MAX_EXPECT) {
        p->exp[p->nexp].s = s;
        p->exp[p->nexp].quote = quote;
        p->nexp++;
    }
}

/* qsort order of the expected list: quoted tokens first, then by text. */
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
void *parse_syntax_error(parser *p)
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
    parse_line_col(p->sql, p->len, t->pos, &line, &col);
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
void *parse_unsupported(parser *p, const char *what)
{
    const eng_token *t = &p->toks[p->cur];
    int line, col;
    if (p->rc != ENG_OK)
        return NULL;
    parse_line_col(p->sql, p->len, t->pos, &line, &col);
    p->rc = eng_err_set(p->err, ENG_ERR_FEATURE_NOT_SUPPORTED, t->pos,
                        "line %d:%d: %s is not supported", line, col, what);
    return NULL;
}

/* Fails with 54001 at character position pos. Returns NULL. */
__attribute__((noinline, cold))
void *parse_too_deep(parser *p, int pos)
{
    int line, col;
    if (p->rc != ENG_OK)
        return NULL;
    parse_line_col(p->sql, p->len, pos, &line, &col);
    p->rc = eng_err_set(p->err, ENG_ERR_STATEMENT_TOO_COMPLEX, pos,
                        "line %d:%d: statement is too complex: nesting "
                        "deeper than %d levels", line, col,
                        ENG_PARSE_MAX_DEPTH);
    return NULL;
}

/* Enters one level of recursion; false (54001 set) past the limit. */
bool parse_enter(parser *p)
{
    if (++p->depth > ENG_PARSE_MAX_DEPTH) {
        parse_too_deep(p, p->toks[p->cur].pos);
        return false;
    }
    return true;
}

/* Checks a tree height; false (54001 set at pos) past the limit. */
bool parse_height_ok(parser *p, int h, int pos)
{
    if (h > ENG_PARSE_MAX_DEPTH) {
        parse_too_deep(p, pos);
        return false;
    }
    return true;
}

/* ------------------------------------------------------------------ */
/* tokens (the accessors tok, peek, next, t_kw... are in parse_int.h)  */

/* Consumes keyword kw if it is next; otherwise records it as expected. */
bool parse_accept_kw(parser *p, int kw)
{
    if (t_kw(tok(p), kw)) {
        next(p);
        return true;
    }
    parse_expect(p, parse_kw_name(kw), true);
    return false;
}

/* Consumes operator op if it is next; otherwise records it as expected. */
bool parse_accept_op(parser *p, const char *op)
{
    if (t_op(tok(p), op)) {
        next(p);
        return true;
    }
    parse_expect(p, op, true);
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
bool parse_need_kw(parser *p, int kw)
{
    if (parse_accept_kw(p, kw))
        return true;
    parse_syntax_error(p);
    return false;
}

/* Requires operator op; on mismatch sets a syntax error and returns
 * false. */
bool parse_need_op(parser *p, const char *op)
{
    if (parse_accept_op(p, op))
        return true;
    parse_syntax_error(p);
    return false;
}

/* ------------------------------------------------------------------ */
/* allocation                                                          */

/* Returns n zeroed bytes in the statement's arena p->a (they live as long
 * as the AST); on OOM sets ENG_NOMEM and returns NULL. */
void *parse_alloc(parser *p, size_t n)
{
    void *x = eng_arena_calloc(p->a, n);
    return x ? x : oom(p);
}

/*
 * Appends one element of size sz to a growable array in the parser's
 * arena (common/array.h: doubling, the old block left behind). Returns
 * false on OOM.
 */
bool parse_push(parser *p, void *arrp, int *n, int *cap, size_t sz,
                     const void *elem)
{
    char **arr = arrp;
    if (*n == *cap && !eng_array_grow(p->a, arrp, cap, *n + 1, sz)) {
        oom(p);
        return false;
    }
    memcpy(*arr + (size_t)*n * sz, elem, sz);
    (*n)++;
    return true;
}

/* ------------------------------------------------------------------ */
/* names                                                               */

/* Reads one identifier; records <identifier> and fails otherwise. */
char *parse_ident(parser *p)
{
    eng_token *t = tok(p);
    if (!t_ident(t)) {
        parse_expect(p, "<identifier>", false);
        return parse_syntax_error(p);
    }
    next(p);
    return t->text;
}

/*
 * Reads identifier {'.' identifier} with at most maxparts parts into *n.
 * Returns false on error.
 */
bool parse_qname(parser *p, ast_name *n, int maxparts)
{
    char **parts = NULL;
    int np = 0, cap = 0;
    n->pos = tok(p)->pos;
    for (;;) {
        char *id = parse_ident(p);
        if (!id)
            return false;
        if (!parse_push(p, &parts, &np, &cap, sizeof(char *), &id))
            return false;
        if (!t_op(tok(p), ".") || !t_ident(peek(p, 1)))
            break;
        if (np >= maxparts) {
            parse_syntax_error(p);
            return false;
        }
        next(p);
    }
    n->nparts = np;
    n->parts = parts;
    return true;
}

/* See parse_int.h. */
bool parse_ident_list(parser *p, char ***cols, int *ncols)
{
    int cap = 0;
    *cols = NULL;
    *ncols = 0;
    if (!parse_need_op(p, "("))
        return false;
    do {
        char *id = parse_ident(p);
        if (!id || !parse_push(p, cols, ncols, &cap, sizeof(char *), &id))
            return false;
    } while (parse_accept_op(p, ","));
    return parse_need_op(p, ")");
}

/* True if the current token starts a query inside '(' (SELECT/WITH/...). */
bool parse_starts_query(const eng_token *t)
{
    return t_kw(t, KW_SELECT) || t_kw(t, KW_WITH) || t_kw(t, KW_TABLE) ||
           t_kw(t, KW_VALUES);
}

/*
 * True if a non-reserved word at the current token begins a clause
 * (LIMIT n, OFFSET n, FETCH FIRST, WINDOW w AS) rather than being an implicit alias.
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
    if (t->kw == KW_WINDOW)   /* WINDOW w AS (...) */
        return t_ident(n) && t_kw(peek(p, 2), KW_AS);
    return false;
}

/* ------------------------------------------------------------------ */
/* relations                                                           */

static ast_table_ref *parse_relation(parser *p);

/* [AS] alias [(col, ...)] after a relation primary. */
static bool parse_rel_alias(parser *p, ast_table_ref *r)
{
    if (parse_accept_kw(p, KW_AS)) {
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
 * LATERAL '(' query ')', '(' relation ')'. A '(' followed (after more
 * '('s) by SELECT/WITH/TABLE/VALUES is taken as a subquery. LATERAL is
 * no keyword: a table named lateral stays a table unless a query in
 * parentheses follows.
 */
static ast_table_ref *parse_aliased(parser *p)
{
    eng_token *t = tok(p);
    ast_table_ref *r;
    int h;
    if (t->kind == TK_IDENT && t->len == 7 &&
        !strncasecmp(t->start, "lateral", 7) && t_op(peek(p, 1), "(")) {
        int k = 2;
        while (t_op(peek(p, k), "("))
            k++;
        if (parse_starts_query(peek(p, k))) {
            if (!(r = parse_alloc(p, sizeof *r)))
                return NULL;
            r->kind = ATR_SUBQUERY;
            r->lateral = true;
            r->pos = t->pos;
            next(p);
            next(p);
            if (!(r->subquery = parse_query(p)) || !parse_need_op(p, ")"))
                return NULL;
            h = p->h + 1;
            if (!parse_rel_alias(p, r))
                return NULL;
            p->h = h;
            return r;
        }
    }
    if (t_op(t, "(")) {
        int k = 1;
        while (t_op(peek(p, k), "("))
            k++;
        if (parse_starts_query(peek(p, k))) {
            if (!(r = parse_alloc(p, sizeof *r)))
                return NULL;
            r->kind = ATR_SUBQUERY;
            r->pos = t->pos;
            next(p);
            if (!(r->subquery = parse_query(p)) ||
                !parse_need_op(p, ")"))
                return NULL;
            h = p->h + 1;
        } else {
            next(p);
            if (!(r = parse_relation(p)) || !parse_need_op(p, ")"))
                return NULL;
            h = p->h;
        }
    } else if (t_ident(t)) {
        if (!(r = parse_alloc(p, sizeof *r)))
            return NULL;
        r->kind = ATR_TABLE;
        r->pos = t->pos;
        if (!parse_qname(p, &r->name, 3))
            return NULL;
        h = 1;
    } else if (t_kw(t, KW_UNNEST)) {
        int cap = 0;
        if (!(r = parse_alloc(p, sizeof *r)))
            return NULL;
        r->kind = ATR_UNNEST;
        r->pos = t->pos;
        next(p);
        if (!parse_need_op(p, "("))
            return NULL;
        h = 0;
        do {
            ast_expr *a = parse_expr(p);
            if (!a)
                return NULL;
            h = imax(h, p->h);
            if (!parse_push(p, &r->args, &r->nargs, &cap, sizeof a, &a))
                return NULL;
        } while (parse_accept_op(p, ","));
        if (!parse_need_op(p, ")"))
            return NULL;
        if (t_kw(tok(p), KW_WITH) && peek(p, 1)->kind == TK_IDENT && peek(p, 1)->len == 10 &&
            strncasecmp(peek(p, 1)->start, "ordinality", 10) == 0) {
            next(p);
            next(p);
            r->ordinality = true;
        }
        h++;
    } else {
        parse_expect(p, "(", true);
        parse_expect(p, "<identifier>", false);
        return parse_syntax_error(p);
    }
    if (!parse_rel_alias(p, r))
        return NULL;
    p->h = h;
    return r;
}

/* A join node over l and r (positioned at l), or NULL on OOM; the caller
 * fills ON / USING. */
static ast_table_ref *mk_join(parser *p, ast_join_type jt, ast_table_ref *l,
                              ast_table_ref *r)
{
    ast_table_ref *j = parse_alloc(p, sizeof *j);
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
    if (!parse_enter(p))
        return NULL;
    if (!(l = parse_aliased(p)))
        return NULL;
    h = p->h;
    for (;;) {
        ast_join_type jt;
        if (eat_kw(p, KW_CROSS)) {
            if (!parse_need_kw(p, KW_JOIN) || !(r = parse_aliased(p)))
                return NULL;
            h = imax(h, p->h) + 1;
            if (!(l = mk_join(p, AJ_CROSS, l, r)) ||
                !parse_height_ok(p, h, l->pos))
                return NULL;
            continue;
        }
        if (t_kw(tok(p), KW_NATURAL))
            return parse_unsupported(p, "NATURAL JOIN");
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
            if (!parse_need_kw(p, KW_JOIN))
                return NULL;
        }
        if (!(r = parse_relation(p)))
            return NULL;
        h = imax(h, p->h);
        if (!(l = mk_join(p, jt, l, r)))
            return NULL;
        if (parse_accept_kw(p, KW_ON)) {
            if (!(l->on = parse_expr(p)))
                return NULL;
            h = imax(h, p->h);
        } else if (parse_accept_kw(p, KW_USING)) {
            if (!parse_ident_list(p, &l->using_cols, &l->nusing))
                return NULL;
        } else {
            return parse_syntax_error(p);
        }
        h++;
        if (!parse_height_ok(p, h, l->pos))
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
        if (!(it->expr = parse_mk_expr(p, AE_STAR, t->pos)))
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
            if (!(it->expr = parse_mk_expr(p, AE_STAR, t->pos)) ||
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
    if (parse_accept_kw(p, KW_AS)) {
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
    ast_select *s = parse_alloc(p, sizeof *s);
    int h = 0, cap = 0;
    if (!s)
        return NULL;
    s->pos = tok(p)->pos;
    next(p); /* SELECT */
    if (parse_accept_kw(p, KW_DISTINCT))
        s->distinct = true;
    else
        parse_accept_kw(p, KW_ALL);
    do {
        ast_select_item it;
        if (!parse_select_item(p, &it))
            return NULL;
        h = imax(h, p->h);
        if (!parse_push(p, &s->items, &s->nitems, &cap, sizeof it, &it))
            return NULL;
    } while (parse_accept_op(p, ","));
    if (parse_accept_kw(p, KW_FROM)) {
        if (!(s->from = parse_relation(p)))
            return NULL;
        h = imax(h, p->h);
        while (parse_accept_op(p, ",")) {
            ast_table_ref *r = parse_relation(p);
            int fh;
            if (!r)
                return NULL;
            fh = imax(h, p->h) + 1;
            if (!(s->from = mk_join(p, AJ_CROSS, s->from, r)) ||
                !parse_height_ok(p, fh, r->pos))
                return NULL;
            h = fh;
        }
    }
    if (parse_accept_kw(p, KW_WHERE)) {
        if (!(s->where = parse_expr(p)))
            return NULL;
        h = imax(h, p->h);
    }
    if (parse_accept_kw(p, KW_GROUP)) {
        if (!parse_need_kw(p, KW_BY) || !parse_group_by(p, s, &h))
            return NULL;
    }
    if (parse_accept_kw(p, KW_HAVING)) {
        if (!(s->having = parse_expr(p)))
            return NULL;
        h = imax(h, p->h);
    }
    if (t_kw(tok(p), KW_WINDOW) && t_ident(peek(p, 1)) &&
        t_kw(peek(p, 2), KW_AS) && !parse_window_clause(p, s, &h))
        return NULL;
    p->h = h + 1;
    return s;
}

/* ------------------------------------------------------------------ */
/* queries                                                             */

/* An empty query body at pos, or NULL on OOM. */
static ast_query_body *mk_body(parser *p, int pos)
{
    ast_query_body *b = parse_alloc(p, sizeof *b);
    if (b)
        b->pos = pos;
    return b;
}

/*
 * VALUES row {, row}: a row is '(' expr {, expr} ')' or one expression.
 * Rows of different widths are left to the binder (42000 there, naming
 * the row).
 */
static ast_query_body *parse_values(parser *p)
{
    ast_query_body *b = mk_body(p, tok(p)->pos);
    int cap = 0, h = 0;
    if (!b)
        return NULL;
    next(p);
    do {
        ast_values_row row = { 0, NULL, tok(p)->pos };
        int vcap = 0;
        if (t_op(tok(p), "(") && !parse_starts_query(peek(p, 1))) {
            next(p);
            do {
                ast_expr *x = parse_expr(p);
                if (!x || !parse_push(p, &row.vals, &row.nvals, &vcap,
                                      sizeof x, &x))
                    return NULL;
                h = imax(h, p->h);
            } while (parse_accept_op(p, ","));
            if (!parse_need_op(p, ")"))
                return NULL;
        } else {
            ast_expr *x = parse_expr(p);
            if (!x || !parse_push(p, &row.vals, &row.nvals, &vcap, sizeof x, &x))
                return NULL;
            h = imax(h, p->h);
        }
        if (!parse_push(p, &b->rows, &b->nrows, &cap, sizeof row, &row))
            return NULL;
    } while (parse_accept_op(p, ","));
    p->h = h + 2;
    return parse_height_ok(p, p->h, b->pos) ? b : NULL;
}

/* primary := select | '(' query ')' | VALUES ... | TABLE name (= SELECT *
 * FROM name) */
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
        if (!(b->nested = parse_query(p)) || !parse_need_op(p, ")"))
            return NULL;
        p->h++;
        return b;
    }
    if (t_kw(t, KW_TABLE)) {
        ast_select *s;
        ast_table_ref *r;
        if (!(b = mk_body(p, t->pos)) ||
            !(s = parse_alloc(p, sizeof *s)) ||
            !(r = parse_alloc(p, sizeof *r)) ||
            !(s->items = parse_alloc(p, sizeof *s->items)) ||
            !(s->items[0].expr = parse_mk_expr(p, AE_STAR, t->pos)))
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
        return parse_values(p);
    parse_expect(p, "SELECT", true);
    parse_expect(p, "(", true);
    parse_expect(p, "TABLE", true);
    return parse_syntax_error(p);
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
    return parse_height_ok(p, p->h, b->pos) ? b : NULL;
}

/* intersect := primary {INTERSECT [ALL|DISTINCT] primary} */
static ast_query_body *parse_intersect(parser *p)
{
    ast_query_body *l = parse_qprimary(p);
    while (l && parse_accept_kw(p, KW_INTERSECT)) {
        int lh = p->h;
        bool all = parse_accept_kw(p, KW_ALL);
        ast_query_body *r;
        if (!all)
            parse_accept_kw(p, KW_DISTINCT);
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
        if (parse_accept_kw(p, KW_UNION))
            op = AS_UNION;
        else if (parse_accept_kw(p, KW_EXCEPT))
            op = AS_EXCEPT;
        else
            break;
        all = parse_accept_kw(p, KW_ALL);
        if (!all)
            parse_accept_kw(p, KW_DISTINCT);
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
        parse_expect(p, "<integer>", false);
        parse_expect(p, "?", true);
        return parse_syntax_error(p);
    }
    if (!(e = parse_integer(p)))
        return NULL;
    if (e->kind != AE_INT) {
        int line, col;
        parse_line_col(p->sql, p->len, t->pos, &line, &col);
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
    return parse_need_kw(p, KW_BY) &&
           parse_order_items(p, &q->order_by, &q->norder, h);
}

/* item {, item} after ORDER BY (queries and window specifications). */
bool parse_order_items(parser *p, ast_order_item **items, int *n, int *h)
{
    int cap = 0;
    do {
        ast_order_item it;
        memset(&it, 0, sizeof it);
        it.pos = tok(p)->pos;
        if (!(it.expr = parse_expr(p)))
            return false;
        *h = imax(*h, p->h);
        if (parse_accept_kw(p, KW_DESC))
            it.desc = true;
        else
            parse_accept_kw(p, KW_ASC);
        if (parse_accept_kw(p, KW_NULLS)) {
            if (parse_accept_kw(p, KW_FIRST))
                it.nulls = 1;
            else if (parse_accept_kw(p, KW_LAST))
                it.nulls = 2;
            else
                return parse_syntax_error(p) != NULL;
        }
        if (!parse_push(p, items, n, &cap, sizeof it, &it))
            return false;
    } while (parse_accept_op(p, ","));
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
    if (!parse_accept_kw(p, KW_FIRST) &&
        !parse_accept_kw(p, KW_NEXT))
        return parse_syntax_error(p) != NULL;
    if (tok(p)->kind == TK_INTEGER || tok(p)->kind == TK_PARAM) {
        int at = tok(p)->pos, line, col;
        if (!(q->limit = parse_count(p)))
            return false;
        /* Trino: NUMERIC_VALUE_OUT_OF_RANGE (LIMIT 0 is fine) */
        if (q->limit->kind == AE_INT && q->limit->int_val == 0 &&
            p->rc == ENG_OK) {
            parse_line_col(p->sql, p->len, at, &line, &col);
            p->rc = eng_err_set(p->err, ENG_ERR_NUMERIC_VALUE_OUT_OF_RANGE, at,
                                "line %d:%d: FETCH FIRST row count must be "
                                "positive (actual value: 0)", line, col);
            return false;
        }
    } else {
        if (!(q->limit = parse_mk_expr(p, AE_INT, fetch_pos)))
            return false;
        q->limit->int_val = 1;
        q->limit->text = "1";
        q->limit->text_len = 1;
    }
    if (!parse_accept_kw(p, KW_ROWS) && !parse_accept_kw(p, KW_ROW))
        return parse_syntax_error(p) != NULL;
    if (t_kw(tok(p), KW_WITH))
        return parse_unsupported(p, "FETCH ... WITH TIES") != NULL;
    return parse_need_kw(p, KW_ONLY);
}

/*
 * query := [WITH cte, ...] union [ORDER BY ...] [OFFSET n] [LIMIT n|ALL |
 * FETCH ...] (OFFSET after LIMIT is accepted too).
 */
ast_query *parse_query(parser *p)
{
    ast_query *q;
    int h = 0;
    if (!parse_enter(p))
        return NULL;
    if (!(q = parse_alloc(p, sizeof *q)))
        return NULL;
    q->pos = tok(p)->pos;
    if (parse_accept_kw(p, KW_WITH)) {
        int cap = 0;
        if (parse_accept_kw(p, KW_RECURSIVE))
            q->recursive = true;
        do {
            ast_cte c;
            memset(&c, 0, sizeof c);
            c.pos = tok(p)->pos;
            if (!(c.name = parse_ident(p)))
                return NULL;
            if (t_op(tok(p), "(") &&
                !parse_ident_list(p, &c.cols, &c.ncols))
                return NULL;
            if (!parse_need_kw(p, KW_AS) || !parse_need_op(p, "(") ||
                !(c.query = parse_query(p)) ||
                !parse_need_op(p, ")"))
                return NULL;
            h = imax(h, p->h);
            if (!parse_push(p, &q->ctes, &q->nctes, &cap, sizeof c, &c))
                return NULL;
        } while (parse_accept_op(p, ","));
    }
    if (!(q->body = parse_union(p)))
        return NULL;
    h = imax(h, p->h);
    if (parse_accept_kw(p, KW_ORDER) && !parse_order_by(p, q, &h))
        return NULL;
    if (parse_accept_kw(p, KW_OFFSET) && !parse_offset(p, q))
        return NULL;
    if (parse_accept_kw(p, KW_LIMIT)) {
        if (!parse_accept_kw(p, KW_ALL) && !(q->limit = parse_count(p)))
            return NULL;
        if (!q->offset && parse_accept_kw(p, KW_OFFSET) &&
            !parse_offset(p, q))
            return NULL;
    } else {
        int fpos = tok(p)->pos;
        if (parse_accept_kw(p, KW_FETCH) && !parse_fetch(p, q, fpos))
            return NULL;
    }
    p->depth--;
    p->h = h + 1;
    return parse_height_ok(p, p->h, q->pos) ? q : NULL;
}

/* ------------------------------------------------------------------ */
/* statements                                                          */

/* [LIKE 'pattern'] for SHOW statements. */
static bool parse_show_like(parser *p, ast_stmt *s)
{
    if (!parse_accept_kw(p, KW_LIKE))
        return true;
    if (tok(p)->kind != TK_STRING) {
        parse_expect(p, "<string>", false);
        return parse_syntax_error(p) != NULL;
    }
    s->like = tok(p)->text;
    next(p);
    return true;
}

/* [FROM|IN name] for SHOW SCHEMAS / SHOW TABLES. */
static bool parse_show_from(parser *p, ast_stmt *s, int maxparts)
{
    if (!parse_accept_kw(p, KW_FROM) && !parse_accept_kw(p, KW_IN))
        return true;
    return parse_qname(p, &s->name, maxparts);
}

/*
 * statement := query | SHOW ... | DESCRIBE t | DESC t | USE [c.]s |
 * EXPLAIN statement (the trailing ';' and <EOF> are checked by
 * parse_statement). Returns the statement in p->a, or NULL with p->rc set.
 */
static ast_stmt *parse_stmt(parser *p)
{
    eng_token *t = tok(p);
    ast_stmt *s;
    if (!parse_enter(p))
        return NULL;
    if (!(s = parse_alloc(p, sizeof *s)))
        return NULL;
    s->pos = t->pos;
    if (t_kw(t, KW_SELECT) || t_kw(t, KW_WITH) || t_kw(t, KW_TABLE) ||
        t_kw(t, KW_VALUES) || t_op(t, "(")) {
        s->kind = AST_QUERY;
        if (!(s->query = parse_query(p)))
            return NULL;
    } else if (t->kind == TK_IDENT && t->kw == KW_SHOW) {
        next(p);
        if (parse_accept_kw(p, KW_CATALOGS)) {
            s->kind = AST_SHOW_CATALOGS;
            if (!parse_show_like(p, s))
                return NULL;
        } else if (parse_accept_kw(p, KW_SCHEMAS)) {
            s->kind = AST_SHOW_SCHEMAS;
            if (!parse_show_from(p, s, 1) || !parse_show_like(p, s))
                return NULL;
        } else if (parse_accept_kw(p, KW_TABLES)) {
            s->kind = AST_SHOW_TABLES;
            if (!parse_show_from(p, s, 2) || !parse_show_like(p, s))
                return NULL;
        } else if (tok(p)->kind == TK_IDENT &&
                   strcasecmp(tok(p)->text, "session") == 0) {
            next(p);
            s->kind = AST_SHOW_SESSION;
            if (!parse_show_like(p, s))
                return NULL;
        } else if (parse_expect(p, "SESSION", true),
                   parse_accept_kw(p, KW_COLUMNS)) {
            s->kind = AST_SHOW_COLUMNS;
            if (!parse_accept_kw(p, KW_FROM) &&
                !parse_accept_kw(p, KW_IN))
                return parse_syntax_error(p);
            if (!parse_qname(p, &s->name, 3))
                return NULL;
        } else {
            return parse_syntax_error(p);
        }
    } else if (t_kw(t, KW_DESCRIBE) ||
               (t->kind == TK_IDENT && t->kw == KW_DESC)) {
        next(p);
        s->kind = AST_SHOW_COLUMNS;
        if (!parse_qname(p, &s->name, 3))
            return NULL;
    } else if (t->kind == TK_IDENT && !strcasecmp(t->text, "set") &&
               t_kw(peek(p, 1), KW_TIME) && t_kw(peek(p, 2), KW_ZONE)) {
        /* SET TIME ZONE LOCAL | 'zone' | INTERVAL '[+-]hh:mm' HOUR TO MINUTE */
        next(p);
        next(p);
        next(p);
        s->kind = AST_SET_TIME_ZONE;
        eng_token *z = tok(p);
        if (z->kind == TK_IDENT && !strcasecmp(z->text, "local")) {
            next(p);
            s->like = NULL;
        } else if (z->kind == TK_STRING) {
            s->like = z->text;
            next(p);
        } else if (z->kind == TK_IDENT && !strcasecmp(z->text, "interval") &&
                   peek(p, 1)->kind == TK_STRING) {
            s->like = peek(p, 1)->text;
            s->analyze = true;      /* the text is an interval */
            next(p);
            next(p);
            if (!(tok(p)->kind == TK_IDENT && !strcasecmp(tok(p)->text, "hour") &&
                  peek(p, 1)->kind == TK_IDENT &&
                  !strcasecmp(peek(p, 1)->text, "to") &&
                  peek(p, 2)->kind == TK_IDENT &&
                  !strcasecmp(peek(p, 2)->text, "minute")))
                return parse_unsupported(p, "SET TIME ZONE INTERVAL other "
                                            "than HOUR TO MINUTE");
            next(p);
            next(p);
            next(p);
        } else {
            parse_expect(p, "LOCAL", true);
            parse_expect(p, "<string>", false);
            return parse_syntax_error(p);
        }
    } else if (t->kind == TK_IDENT && t->kw == KW_USE) {
        next(p);
        s->kind = AST_USE;
        if (!parse_qname(p, &s->name, 2))
            return NULL;
    } else if (t->kind == TK_IDENT && t->kw == KW_EXPLAIN) {
        next(p);
        s->kind = AST_EXPLAIN;
        if (t_kw(tok(p), KW_ANALYZE)) {
            next(p);
            s->analyze = true;
        }
        if (t_op(tok(p), "(") && (t_kw(peek(p, 1), KW_TYPE) ||
                                  t_kw(peek(p, 1), KW_FORMAT)))
            return parse_unsupported(p, "EXPLAIN (TYPE/FORMAT ...)");
        if (!(s->inner = parse_stmt(p)))
            return NULL;
    } else if (parse_write_starts(p)) {
        if (!parse_write_stmt(p, s))
            return NULL;
    } else if (parse_txn_starts(p)) {
        if (!parse_txn_stmt(p, s))
            return NULL;
    } else if (parse_session_starts(p)) {
        if (!parse_session_stmt(p, s))
            return NULL;
    } else {
        static const int starts[] = {KW_SELECT, KW_WITH, KW_SHOW,
                                     KW_DESCRIBE, KW_USE, KW_EXPLAIN,
                                     KW_CREATE, KW_INSERT, KW_DELETE,
                                     KW_DROP, KW_ALTER};
        for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++)
            parse_expect(p, parse_kw_name(starts[i]), true);
        parse_expect(p, "(", true);
        return parse_syntax_error(p);
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
    parse_lex_init(&lx, p->sql, p->len, p->a);
    for (;;) {
        eng_token t;
        eng_rc rc;
        if (p->ntoks == p->cap &&
            !eng_array_grow(NULL, &p->toks, &p->cap, p->ntoks + 1, sizeof *p->toks))
            return eng_err_oom(p->err);
        rc = parse_lex_next(&lx, &t, &p->lex_err);
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
eng_rc parse_statement(const char *sql, size_t len, eng_arena *a, ast_stmt **out,
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
                parse_expect(p, "<EOF>", false);
                parse_syntax_error(p);
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

/* A FROM item with its joins, for MERGE ... USING (parse_write.c). */
ast_table_ref *parse_from_relation(parser *p)
{
    return parse_relation(p);
}
