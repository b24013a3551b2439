/*
 * engine/parser/parse_expr.c
 *   The expression half of the recursive-descent parser (parser.c):
 *   boolean and value operators by Trino precedence, predicates, CASE,
 *   CAST / TRY_CAST, function calls, literals, parameters, subquery
 *   expressions and type names -> ast_expr (ast.h).
 * Interface (parse_int.h): parse_expr, parse_primary,
 *   parse_integer, parse_mk_expr.
 * Not here: the parser state, tokens, errors, names and queries
 *   (parser.c); the public entry point parse_statement (parser.c, parser.h).
 *
 * Grammar (Trino precedence, loosest first):
 *   expr       := or;  or := and {OR and};  and := not {AND not}
 *   not        := {NOT} predicated
 *   predicated := value [cmp value | cmp (ANY|SOME|ALL) '(' query ')'
 *                 | [NOT] BETWEEN value AND value
 *                 | [NOT] IN '(' exprs | query ')' | [NOT] LIKE value
 *                 [ESCAPE value] | IS [NOT] NULL | IS [NOT] DISTINCT FROM v]
 *   value      := value '||' value < value (+|-) value < value (*|/|%) value
 *                 < (+|-) value < primary     (as in Trino, || is loosest)
 *   primary    := literal | ? | '(' expr ')' | '(' query ')' | EXISTS
 *                 '(' query ')' | CASE ... END | [TRY_]CAST '(' expr AS
 *                 type ')' | type 'string' | INTERVAL [+|-] 'string'
 *                 field [TO field] | name ['(' args ')'] |
 *                 CURRENT_DATE, CURRENT_TIMESTAMP [(p)], ... |
 *                 EXTRACT '(' field FROM value ')' |
 *                 SUBSTRING '(' expr FROM expr [FOR expr] ')' |
 *                 POSITION '(' value IN value ')' |
 *                 TRIM '(' [[BOTH|LEADING|TRAILING] [expr] FROM] expr ')'
 * The special forms become plain calls of Trino's functions (EXTRACT(MONTH
 * FROM d) is month(d), POSITION(a IN b) is strpos(b, a), TRIM(LEADING c
 * FROM s) is ltrim(s, c)), so the binder knows nothing of them.
 * A predicate is not chained (a = b = c is a syntax error, as in Trino).
 *
 * Limits (see parser.c's header): every tree built here is height-checked
 * against ENG_PARSE_MAX_DEPTH. Long constructs stay shallow without
 * recursion: IN lists are flat arrays, a run of signs is read in a loop, a
 * run of NOTs collapses to NOT or NOT NOT, and a chain of more than
 * ENG_PARSE_BALANCE_MIN operands of AND (or of OR) is built as a balanced
 * tree.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "parse_int.h"

/* AND / OR chains longer than this are built balanced, not left-deep. */
#define ENG_PARSE_BALANCE_MIN 64

static ast_expr *parse_value(parser *p, int min_prec);

/* ------------------------------------------------------------------ */
/* nodes                                                               */

/* A zeroed node of kind at pos (type_name parameters -1) in p->a; NULL on
 * OOM. */
ast_expr *parse_mk_expr(parser *p, ast_expr_kind kind, int pos)
{
    ast_expr *e = parse_alloc(p, sizeof *e);
    if (e) {
        e->kind = kind;
        e->pos = pos;
        e->type_name.p1 = e->type_name.p2 = -1;
    }
    return e;
}

/* Builds a node with 1..3 children (a0..a2); NULL on OOM. */
static ast_expr *mk_node(parser *p, ast_expr_kind kind, int pos, int nargs,
                         ast_expr *a0, ast_expr *a1, ast_expr *a2)
{
    ast_expr *e = parse_mk_expr(p, kind, pos);
    if (!e)
        return NULL;
    e->args = parse_alloc(p, sizeof(ast_expr *) * (size_t)nargs);
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

/* Builds l op r, positioned at l; NULL on OOM. */
static ast_expr *mk_binary(parser *p, ast_op op, ast_expr *l, ast_expr *r)
{
    ast_expr *e = mk_node(p, AE_BINARY, l->pos, 2, l, r, NULL);
    if (e)
        e->op = op;
    return e;
}

/* ------------------------------------------------------------------ */
/* types                                                               */

/* 1..6 when t is the interval field YEAR, MONTH, DAY, HOUR, MINUTE or
 * SECOND (plain identifiers, not keywords), else 0. */
static int interval_field(const eng_token *t)
{
    static const char *const f[] = {"year", "month", "day", "hour",
                                    "minute", "second"};
    if (t->kind != TK_IDENT)
        return 0;
    for (int i = 0; i < 6; i++)
        if (!strcmp(t->text, f[i]))
            return i + 1;
    return 0;
}

/*
 * interval_qualifier := field [TO field], at the current token. Stores
 * "interval <field>[ to <field>]" in *name (parser arena) for the binder,
 * which decides which combinations exist.
 */
static bool parse_interval_qualifier(parser *p, char **name)
{
    const char *from = tok(p)->text, *to = NULL;
    if (!interval_field(tok(p))) {
        parse_expect(p, "YEAR, MONTH, DAY, HOUR, MINUTE or SECOND", false);
        parse_syntax_error(p);
        return false;
    }
    next(p);
    if (tok(p)->kind == TK_IDENT && !strcmp(tok(p)->text, "to")) {
        next(p);
        if (!interval_field(tok(p))) {
            parse_expect(p, "YEAR, MONTH, DAY, HOUR, MINUTE or SECOND", false);
            parse_syntax_error(p);
            return false;
        }
        to = tok(p)->text;
        next(p);
    }
    size_t n = strlen("interval ") + strlen(from) + (to ? 4 + strlen(to) : 0) + 1;
    char *s = parse_alloc(p, n);
    if (!s)
        return false;
    snprintf(s, n, "interval %s%s%s", from, to ? " to " : "", to ? to : "");
    *name = s;
    return true;
}

/*
 * INTERVAL [+|-] 'text' qualifier: a typed literal named "interval ..."
 * (see parse_interval_qualifier); a minus becomes a unary minus around it.
 */
static ast_expr *parse_interval_literal(parser *p)
{
    int pos = tok(p)->pos, sign_pos = 0;
    ast_expr *e;
    next(p);
    if (t_op(tok(p), "-") || t_op(tok(p), "+")) {
        if (t_op(tok(p), "-"))
            sign_pos = tok(p)->pos;
        next(p);
    }
    if (tok(p)->kind != TK_STRING) {
        parse_expect(p, "<string>", false);
        return parse_syntax_error(p);
    }
    if (!(e = parse_mk_expr(p, AE_TYPED_LITERAL, pos)))
        return NULL;
    e->text = tok(p)->text;
    e->text_len = tok(p)->text_len;
    e->type_name.pos = pos;
    next(p);
    if (!parse_interval_qualifier(p, &e->type_name.name))
        return NULL;
    p->h = 1;
    if (sign_pos) {
        if (!(e = mk_node(p, AE_UNARY, sign_pos, 1, e, NULL, NULL)))
            return NULL;
        e->op = AOP_NEG;
        p->h = 2;
    }
    return e;
}

/* Reads a non-negative integer type parameter. */
static bool parse_type_param(parser *p, int *out)
{
    eng_token *t = tok(p);
    if (t->kind != TK_INTEGER || t->len > 9) {
        parse_expect(p, "<integer>", false);
        parse_syntax_error(p);
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
    if (t->kind == TK_IDENT && !strcmp(t->text, "interval") &&
        interval_field(peek(p, 1))) {
        next(p);
        return parse_interval_qualifier(p, &tn->name);
    }
    tn->name = parse_ident(p);
    if (!tn->name)
        return false;
    tn->elem = NULL;
    if (!strcmp(tn->name, "array") && t_op(tok(p), "(")) {
        /* array(T): T any type, arrays included */
        next(p);
        if (!parse_enter(p))
            return false;
        tn->elem = parse_alloc(p, sizeof *tn->elem);
        if (!tn->elem) {
            p->depth--;
            return false;
        }
        bool ok = parse_type(p, tn->elem) && parse_need_op(p, ")");
        p->depth--;
        return ok;
    }
    if (parse_accept_op(p, "(")) {
        if (!parse_type_param(p, &tn->p1))
            return false;
        if (parse_accept_op(p, ",") && !parse_type_param(p, &tn->p2))
            return false;
        if (!parse_need_op(p, ")"))
            return false;
    }
    if (t->kind == TK_IDENT && (t->kw == KW_TIME || t->kw == KW_TIMESTAMP)) {
        if (t_kw(tok(p), KW_WITH) && t_kw(peek(p, 1), KW_TIME)) {
            next(p);
            next(p);
            if (!parse_need_kw(p, KW_ZONE))
                return false;
            tn->name = t->kw == KW_TIME ? "time with time zone"
                                        : "timestamp with time zone";
        } else if (t_kw(tok(p), KW_WITHOUT)) {
            next(p);
            if (!parse_need_kw(p, KW_TIME) ||
                !parse_need_kw(p, KW_ZONE))
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
    ast_expr *e = parse_mk_expr(p, AE_CASE, tok(p)->pos);
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
    while (parse_accept_kw(p, KW_WHEN)) {
        ast_expr *c, *r;
        if (!(c = parse_expr(p)))
            return NULL;
        h = imax(h, p->h);
        if (!parse_need_kw(p, KW_THEN) || !(r = parse_expr(p)))
            return NULL;
        h = imax(h, p->h);
        if (!parse_push(p, &e->when_conds, &e->nwhen, &capc, sizeof c,
                             &c) ||
            !parse_push(p, &e->when_results, &nres, &capr, sizeof r,
                             &r))
            return NULL;
    }
    if (e->nwhen == 0)
        return parse_syntax_error(p);
    if (parse_accept_kw(p, KW_ELSE)) {
        if (!(e->else_result = parse_expr(p)))
            return NULL;
        h = imax(h, p->h);
    }
    if (!parse_need_kw(p, KW_END))
        return NULL;
    p->h = h + 1;
    return parse_height_ok(p, p->h, e->pos) ? e : NULL;
}

/* CAST '(' expr AS type ')' and TRY_CAST (is_try). */
static ast_expr *parse_cast(parser *p, bool is_try)
{
    ast_expr *e = parse_mk_expr(p, AE_CAST, tok(p)->pos), *x;
    int h;
    if (!e)
        return NULL;
    e->is_try = is_try;
    next(p); /* CAST / TRY_CAST */
    if (!parse_need_op(p, "(") || !(x = parse_expr(p)))
        return NULL;
    h = p->h;
    if (!parse_need_kw(p, KW_AS) || !parse_type(p, &e->type_name) ||
        !parse_need_op(p, ")"))
        return NULL;
    e->args = parse_alloc(p, sizeof(ast_expr *));
    if (!e->args)
        return NULL;
    e->args[0] = x;
    e->nargs = 1;
    p->h = h + 1;
    return parse_height_ok(p, p->h, e->pos) ? e : NULL;
}

/* Is t the unquoted word w (not a keyword of the list: WITHIN, OVERFLOW,
 * ERROR, TRUNCATE and COUNT are ordinary names elsewhere)? */
static bool t_word(const eng_token *t, const char *w)
{
    return t->kind == TK_IDENT && (size_t)t->len == strlen(w) &&
           strncasecmp(t->start, w, (size_t)t->len) == 0;
}

/* listagg's ON OVERFLOW ERROR | TRUNCATE ['filler'] WITH|WITHOUT COUNT;
 * ON is current. */
static bool parse_overflow(parser *p, ast_expr *e)
{
    next(p); /* ON */
    if (!t_word(tok(p), "overflow")) {
        parse_expect(p, "OVERFLOW", false);
        return parse_syntax_error(p) != NULL;
    }
    next(p);
    if (t_word(tok(p), "error")) {
        next(p);
        e->overflow = 1;
        return true;
    }
    if (!t_word(tok(p), "truncate")) {
        parse_expect(p, "ERROR", false);
        parse_expect(p, "TRUNCATE", false);
        return parse_syntax_error(p) != NULL;
    }
    next(p);
    e->overflow = 2;
    if (tok(p)->kind == TK_STRING && !(e->overflow_filler = parse_primary(p)))
        return false;
    if (parse_accept_kw(p, KW_WITH))
        e->overflow_count = true;
    else if (!parse_accept_kw(p, KW_WITHOUT)) {
        parse_expect(p, "WITH", false);
        parse_expect(p, "WITHOUT", false);
        return parse_syntax_error(p) != NULL;
    }
    if (!t_word(tok(p), "count")) {
        parse_expect(p, "COUNT", false);
        return parse_syntax_error(p) != NULL;
    }
    next(p);
    return true;
}

/* expr {',' expr} appended to e->args (*cap its capacity), *h raised to
 * the tallest; false on error (set). */
static bool expr_list(parser *p, ast_expr *e, int *cap, int *h)
{
    do {
        ast_expr *a = parse_expr(p);
        if (!a)
            return false;
        *h = imax(*h, p->h);
        if (!parse_push(p, &e->args, &e->nargs, cap, sizeof a, &a))
            return false;
    } while (parse_accept_op(p, ","));
    return true;
}

/* name '(' [*] | [DISTINCT|ALL] expr, ... [ORDER BY ...] [ON OVERFLOW ...]
 * ')' [WITHIN GROUP '(' ORDER BY ... ')'] [FILTER '(' WHERE expr ')'];
 * the '(' is current. */
static ast_expr *parse_func(parser *p, const ast_name *name)
{
    ast_expr *e = parse_mk_expr(p, AE_FUNC, name->pos);
    int h = 0, cap = 0;
    if (!e)
        return NULL;
    e->name = *name;
    next(p); /* ( */
    if (t_op(tok(p), "*")) {
        next(p);
        e->star = true;
        if (!parse_need_op(p, ")"))
            return NULL;
    } else if (!parse_accept_op(p, ")")) {
        if (parse_accept_kw(p, KW_DISTINCT))
            e->distinct = true;
        else
            parse_accept_kw(p, KW_ALL);
        if (!expr_list(p, e, &cap, &h))
            return NULL;
        if (parse_accept_kw(p, KW_ORDER) &&
            (!parse_need_kw(p, KW_BY) ||
             !parse_order_items(p, &e->agg_order, &e->nagg_order, &h)))
            return NULL;
        if (t_kw(tok(p), KW_ON) && !parse_overflow(p, e))
            return NULL;
        if (!parse_need_op(p, ")"))
            return NULL;
    }
    if (t_word(tok(p), "within") && t_kw(peek(p, 1), KW_GROUP)) {
        next(p); /* WITHIN */
        next(p); /* GROUP */
        if (e->nagg_order) {
            parse_expect(p, "FILTER", false);
            return parse_syntax_error(p);
        }
        e->within_group = true;
        if (!parse_need_op(p, "(") || !parse_need_kw(p, KW_ORDER) ||
            !parse_need_kw(p, KW_BY) ||
            !parse_order_items(p, &e->agg_order, &e->nagg_order, &h) ||
            !parse_need_op(p, ")"))
            return NULL;
    }
    if (tok(p)->kind == TK_IDENT && tok(p)->kw == KW_FILTER &&
        t_op(peek(p, 1), "(")) {
        next(p); /* FILTER */
        next(p); /* ( */
        if (!parse_need_kw(p, KW_WHERE) || !(e->filter = parse_expr(p)) ||
            !parse_need_op(p, ")"))
            return NULL;
        h = imax(h, p->h);
    }
    /* [IGNORE | RESPECT] NULLS, then OVER: a window function call */
    if ((t_kw(tok(p), KW_IGNORE) || t_kw(tok(p), KW_RESPECT)) &&
        t_kw(peek(p, 1), KW_NULLS)) {
        e->null_treatment = t_kw(tok(p), KW_IGNORE) ? 1 : 2;
        next(p);
        next(p);
        if (!t_kw(tok(p), KW_OVER)) {
            parse_expect(p, "OVER", false);
            return parse_syntax_error(p);
        }
    }
    if (tok(p)->kind == TK_IDENT && tok(p)->kw == KW_OVER) {
        if (!(e->over = parse_over(p)))
            return NULL;
        h = imax(h, p->h);
    }
    p->h = h + 1;
    return parse_height_ok(p, p->h, e->pos) ? e : NULL;
}

/* CURRENT_DATE, CURRENT_TIMESTAMP [(p)], CURRENT_USER ...: a function call
 * with no parentheses, named by the keyword in lower case. */
static ast_expr *parse_special_func(parser *p, bool precision)
{
    eng_token *t = tok(p);
    ast_expr *e = parse_mk_expr(p, AE_FUNC, t->pos);
    if (!e)
        return NULL;
    e->name.nparts = 1;
    e->name.pos = t->pos;
    e->name.parts = parse_alloc(p, sizeof(char *));
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
            parse_expect(p, "<integer>", false);
            return parse_syntax_error(p);
        }
        if (!(a = parse_mk_expr(p, AE_INT, n->pos)))
            return NULL;
        a->int_val = atoll(n->text);
        a->text = n->text;
        a->text_len = n->text_len;
        next(p);
        if (!parse_need_op(p, ")"))
            return NULL;
        e->args = parse_alloc(p, sizeof(ast_expr *));
        if (!e->args)
            return NULL;
        e->args[0] = a;
        e->nargs = 1;
        p->h = 2;
    }
    return e;
}

/* ------------------------------------------------------------------ */
/* SQL-standard special forms                                          */

/* A call of the one-part function `name` over nargs (1..3) arguments at
 * pos, with height h (of the tallest argument) + 1; NULL on error. */
static ast_expr *mk_call(parser *p, const char *name, int pos, int h,
                         int nargs, ast_expr *a0, ast_expr *a1, ast_expr *a2)
{
    ast_expr *e = mk_node(p, AE_FUNC, pos, nargs, a0, a1, a2);
    if (!e)
        return NULL;
    e->name.nparts = 1;
    e->name.pos = pos;
    e->name.parts = parse_alloc(p, sizeof(char *));
    if (!e->name.parts)
        return NULL;
    e->name.parts[0] = (char *)name;
    p->h = h + 1;
    return parse_height_ok(p, p->h, pos) ? e : NULL;
}

/* EXTRACT fields and the function each one means (Trino's names). */
static const struct { const char *field, *func; } extract_fields[] = {
    { "year", "year" }, { "quarter", "quarter" }, { "month", "month" },
    { "week", "week" }, { "day", "day" }, { "day_of_month", "day" },
    { "day_of_week", "day_of_week" }, { "dow", "day_of_week" },
    { "day_of_year", "day_of_year" }, { "doy", "day_of_year" },
    { "year_of_week", "year_of_week" }, { "yow", "year_of_week" },
    { "hour", "hour" }, { "minute", "minute" }, { "second", "second" },
    { "timezone_hour", "timezone_hour" },
    { "timezone_minute", "timezone_minute" },
};

/* EXTRACT '(' field FROM value ')' -> field's function (value). */
static ast_expr *parse_extract(parser *p)
{
    int pos = tok(p)->pos;
    const char *func = NULL;
    ast_expr *x;
    next(p); /* EXTRACT */
    if (!parse_need_op(p, "("))
        return NULL;
    eng_token *f = tok(p);
    if (!t_ident(f)) {
        parse_expect(p, "<identifier>", false);
        return parse_syntax_error(p);
    }
    for (size_t i = 0; i < sizeof extract_fields / sizeof *extract_fields; i++)
        if (f->kind == TK_IDENT && !strcmp(f->text, extract_fields[i].field))
            func = extract_fields[i].func;
    if (!func) {
        parse_expect(p, "YEAR, QUARTER, MONTH, WEEK, DAY, DAY_OF_WEEK, "
                        "DAY_OF_YEAR, YEAR_OF_WEEK, HOUR, MINUTE, SECOND", false);
        return parse_syntax_error(p);
    }
    next(p);
    if (!parse_need_kw(p, KW_FROM) || !(x = parse_value(p, 1)))
        return NULL;
    int h = p->h;
    if (!parse_need_op(p, ")"))
        return NULL;
    ast_expr *call = mk_call(p, func, pos, h, 1, x, NULL, NULL);
    if (call)
        call->extract = true;
    return call;
}

/*
 * SUBSTRING '(' value FROM value [FOR value] ')' -> substr(...); the
 * plain call substring(a, b [, c]) is read here too. The name is current.
 */
static ast_expr *parse_substring(parser *p)
{
    int pos = tok(p)->pos, h;
    ast_expr *s, *from, *len = NULL;
    next(p); /* SUBSTRING */
    next(p); /* ( */
    if (!(s = parse_expr(p)))
        return NULL;
    h = p->h;
    if (parse_accept_kw(p, KW_FROM)) {
        if (!(from = parse_expr(p)))
            return NULL;
        h = imax(h, p->h);
        if (parse_accept_kw(p, KW_FOR)) {
            if (!(len = parse_expr(p)))
                return NULL;
            h = imax(h, p->h);
        }
    } else {
        if (!parse_need_op(p, ",") || !(from = parse_expr(p)))
            return NULL;
        h = imax(h, p->h);
        if (parse_accept_op(p, ",")) {
            if (!(len = parse_expr(p)))
                return NULL;
            h = imax(h, p->h);
        }
    }
    if (!parse_need_op(p, ")"))
        return NULL;
    return mk_call(p, "substr", pos, h, len ? 3 : 2, s, from, len);
}

/* POSITION '(' value IN value ')' -> strpos(string, substring). */
static ast_expr *parse_position(parser *p)
{
    int pos = tok(p)->pos, h;
    ast_expr *sub, *s;
    next(p); /* POSITION */
    next(p); /* ( */
    if (!(sub = parse_value(p, 1)))
        return NULL;
    h = p->h;
    if (!parse_need_kw(p, KW_IN) || !(s = parse_value(p, 1)))
        return NULL;
    h = imax(h, p->h);
    if (!parse_need_op(p, ")"))
        return NULL;
    return mk_call(p, "strpos", pos, h, 2, s, sub, NULL);
}

/*
 * TRIM '(' [[BOTH | LEADING | TRAILING] [chars] FROM] source ')' and
 * TRIM '(' source [, chars] ')' -> trim / ltrim / rtrim (source [, chars]).
 * A specification word is one only when an expression or FROM follows it,
 * so a column named `leading` still reads as a source.
 */
static ast_expr *parse_trim(parser *p)
{
    int pos = tok(p)->pos, h = 0;
    const char *func = "trim";
    bool spec = false;
    ast_expr *chars = NULL, *src;
    next(p); /* TRIM */
    if (!parse_need_op(p, "("))
        return NULL;
    eng_token *t = tok(p), *n = peek(p, 1);
    if (t->kind == TK_IDENT && (n->kind != TK_OP || t_op(n, "(")) &&
        (!strcmp(t->text, "both") || !strcmp(t->text, "leading") ||
         !strcmp(t->text, "trailing"))) {
        func = t->text[0] == 'l' ? "ltrim" : t->text[0] == 't' ? "rtrim" : "trim";
        spec = true;
        next(p);
    }
    if (parse_accept_kw(p, KW_FROM)) {
        if (!(src = parse_expr(p)))
            return NULL;
        h = p->h;
    } else {
        ast_expr *x = parse_expr(p);
        if (!x)
            return NULL;
        h = p->h;
        if (parse_accept_kw(p, KW_FROM)) {
            chars = x;
            if (!(src = parse_expr(p)))
                return NULL;
            h = imax(h, p->h);
        } else if (spec) {
            parse_need_kw(p, KW_FROM);
            return NULL;
        } else {
            src = x;
            if (parse_accept_op(p, ",")) {
                if (!(chars = parse_expr(p)))
                    return NULL;
                h = imax(h, p->h);
            }
        }
    }
    if (!parse_need_op(p, ")"))
        return NULL;
    return mk_call(p, func, pos, h, chars ? 2 : 1, src, chars, NULL);
}

/*
 * Integer literal: AE_INT when the digits fit int64, else AE_DECIMAL with
 * the text (negative numbers are unary minus applied later).
 */
ast_expr *parse_integer(parser *p)
{
    eng_token *t = tok(p);
    ast_expr *e = parse_mk_expr(p, AE_INT, t->pos);
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
 * literal (DATE '...', DOUBLE PRECISION '...', X'0A0B', any type name
 * followed by a string), a function call, or a column reference of 1 to
 * 4 parts.
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
        if (t_op(n1, "(") && !strcmp(t->text, "substring"))
            return parse_substring(p);
        if (t_op(n1, "(") && !strcmp(t->text, "position"))
            return parse_position(p);
        if (!strcmp(t->text, "interval") &&
            (n1->kind == TK_STRING ||
             ((t_op(n1, "-") || t_op(n1, "+")) && peek(p, 2)->kind == TK_STRING)))
            return parse_interval_literal(p);
        if (t->kw == KW_DOUBLE && t_kw(n1, KW_PRECISION) &&
            peek(p, 2)->kind == TK_STRING) {
            tname = "double";
            skip = 2;
        } else if (n1->kind == TK_STRING && t->len == 1 &&
                   (t->start[0] == 'x' || t->start[0] == 'X') &&
                   n1->start == t->start + 1) {
            /* X'0A0B', a binary literal (one token in Trino's lexer: no
             * blank between X and the quote). The name is one no user
             * can write as a type. */
            tname = PARSE_BINARY_LITERAL;
            skip = 1;
        } else if (n1->kind == TK_STRING) {
            tname = t->text;
            skip = 1;
        }
        if (tname) {
            eng_token *s;
            if (!(e = parse_mk_expr(p, AE_TYPED_LITERAL, t->pos)))
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
    if (t_word(t, "array") && t_op(peek(p, 1), "[")) {
        /* ARRAY[e, ...] (UNNEST's arguments; the binder says where) */
        int h = 0, cap = 0;
        if (!(e = parse_mk_expr(p, AE_ARRAY, t->pos)))
            return NULL;
        next(p);
        next(p);
        if (!parse_accept_op(p, "]") &&
            (!expr_list(p, e, &cap, &h) || !parse_need_op(p, "]")))
            return NULL;
        p->h = h + 1;
        return parse_height_ok(p, p->h, e->pos) ? e : NULL;
    }
    if (!parse_qname(p, &n, 4))
        return NULL;
    if (t_op(tok(p), "("))
        return parse_func(p, &n);
    if (!(e = parse_mk_expr(p, AE_COLUMN, n.pos)))
        return NULL;
    e->name = n;
    p->h = 1;
    return e;
}

/* Literals, parameters, ( expr ), (query), EXISTS, CASE, CAST, names. */
ast_expr *parse_primary(parser *p)
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
        e = parse_mk_expr(p, t->kind == TK_DECIMAL ? AE_DECIMAL
                               : t->kind == TK_DOUBLE ? AE_DOUBLE
                               : AE_STRING, t->pos);
        if (!e)
            return NULL;
        e->text = t->text;
        e->text_len = t->text_len;
        next(p);
        return e;
    case TK_PARAM:
        if (!(e = parse_mk_expr(p, AE_PARAM, t->pos)))
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
            e = parse_mk_expr(p, t->kw == KW_NULL ? AE_NULL : AE_BOOL,
                                   t->pos);
            if (!e)
                return NULL;
            e->bool_val = t->kw == KW_TRUE;
            next(p);
            return e;
        case KW_CASE:
            return parse_case(p);
        /* Trino's SQL/JSON functions (their own syntax: 'lax $.a',
         * RETURNING, ON ERROR ...): not built, the legacy JSON functions
         * are (json_extract, ...) */
        case KW_JSON_QUERY:
            return parse_unsupported(p, "json_query");
        case KW_JSON_VALUE:
            return parse_unsupported(p, "json_value");
        case KW_JSON_EXISTS:
            return parse_unsupported(p, "json_exists");
        case KW_JSON_OBJECT:
            return parse_unsupported(p, "json_object");
        case KW_JSON_ARRAY:
            return parse_unsupported(p, "json_array");
        case KW_JSON_TABLE:
            return parse_unsupported(p, "json_table");
        case KW_CAST:
            return parse_cast(p, false);
        case KW_EXTRACT:
            return parse_extract(p);
        case KW_TRIM:
            return parse_trim(p);
        case KW_EXISTS:
            if (!(e = parse_mk_expr(p, AE_EXISTS, t->pos)))
                return NULL;
            next(p);
            if (!parse_need_op(p, "(") ||
                !(e->subquery = parse_query(p)) ||
                !parse_need_op(p, ")"))
                return NULL;
            p->h++;
            return parse_height_ok(p, p->h, e->pos) ? e : NULL;
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
        case KW_GROUPING:
        case KW_LISTAGG:
            /* grouping(a, b), listagg(x, sep): reserved words called as
             * functions */
            if (t_op(peek(p, 1), "(")) {
                ast_name n = { 1, NULL, t->pos };
                if (!(n.parts = parse_alloc(p, sizeof(char *))))
                    return NULL;
                n.parts[0] = t->kw == KW_GROUPING ? "grouping" : "listagg";
                next(p);
                return parse_func(p, &n);
            }
            break;
        default:
            break;
        }
        break;
    case TK_OP:
        if (t_op(t, "(")) {
            if (parse_starts_query(peek(p, 1))) {
                if (!(e = parse_mk_expr(p, AE_SUBQUERY, t->pos)))
                    return NULL;
                next(p);
                if (!(e->subquery = parse_query(p)) ||
                    !parse_need_op(p, ")"))
                    return NULL;
                p->h++;
                return parse_height_ok(p, p->h, e->pos) ? e : NULL;
            }
            next(p);
            if (!(e = parse_expr(p)) || !parse_need_op(p, ")"))
                return NULL;
            return e; /* parentheses add no node; p->h already set */
        }
        break;
    default:
        break;
    }
    parse_expect(p, "<expression>", false);
    return parse_syntax_error(p);
}

/* ------------------------------------------------------------------ */
/* value and boolean expressions                                       */

/* One prefix sign seen by parse_unary, applied after its operand. */
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
            return parse_too_deep(p, s.pos);
        if (!parse_push(p, &signs, &n, &cap, sizeof s, &s))
            return NULL;
        next(p);
    }
    if (!(e = parse_primary(p)))
        return NULL;
    h = p->h;
    /* primary[index]: Trino's subscript (1-based; the binder checks the
     * types), any number in a row: a[1][2] */
    while (t_op(tok(p), "[")) {
        int pos = tok(p)->pos;
        ast_expr *ix;
        next(p);
        if (!(ix = parse_expr(p)) || !parse_need_op(p, "]"))
            return NULL;
        h = imax(h, p->h);
        if (!(e = mk_call(p, "$subscript", pos, h, 2, e, ix, NULL)))
            return NULL;
        h++;
    }
    /* primary AT TIME ZONE zone -> at_timezone(primary, zone) (`at` is
     * no keyword: an alias named at is still an alias) */
    while (tok(p)->kind == TK_IDENT && !strcmp(tok(p)->text, "at") &&
           t_kw(peek(p, 1), KW_TIME) && t_kw(peek(p, 2), KW_ZONE)) {
        int pos = tok(p)->pos;
        ast_expr *z;
        next(p);
        next(p);
        next(p);
        if (!(z = parse_primary(p)))
            return NULL;
        h = imax(h, p->h);
        if (!(e = mk_call(p, "at_timezone", pos, h, 2, e, z, NULL)))
            return NULL;
        e->at_tz = true;
        h++;
    }
    for (int i = n - 1; i >= 0; i--) {
        if (!(e = mk_node(p, AE_UNARY, signs[i].pos, 1, e, NULL, NULL)))
            return NULL;
        e->op = signs[i].op;
        h++;
    }
    if (!parse_height_ok(p, h, e->pos))
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
        if (!(l = mk_binary(p, op, l, r)) ||
            !parse_height_ok(p, h, l->pos))
            return NULL;
    }
    p->h = h;
    return l;
}

/* The comparison operator t stands for, or AOP_NONE. */
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
    if (!parse_need_op(p, "("))
        return NULL;
    if (parse_starts_query(tok(p))) {
        if (!(e = mk_node(p, AE_IN_SUBQUERY, v->pos, 1, v, NULL, NULL)))
            return NULL;
        if (!(e->subquery = parse_query(p)) ||
            !parse_need_op(p, ")"))
            return NULL;
        *h = imax(*h, p->h);
    } else {
        int cap = 0;
        if (!(e = parse_mk_expr(p, AE_IN_LIST, v->pos)))
            return NULL;
        if (!parse_push(p, &e->args, &e->nargs, &cap, sizeof v, &v) ||
            !expr_list(p, e, &cap, h))
            return NULL;
        if (!parse_need_op(p, ")"))
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
        t = tok(p);
        if ((t_kw(t, KW_ANY) || t_kw(t, KW_SOME) || t_kw(t, KW_ALL)) &&
            t_op(peek(p, 1), "(") && parse_starts_query(peek(p, 2))) {
            /* v op ANY|SOME|ALL (query) */
            if (!(e = mk_node(p, AE_QUANTIFIED, v->pos, 1, v, NULL, NULL)))
                return NULL;
            e->op = op;
            e->quant_all = t_kw(t, KW_ALL);
            next(p);
            next(p);
            if (!(e->subquery = parse_query(p)) || !parse_need_op(p, ")"))
                return NULL;
            h = imax(h, p->h);
        } else {
            if (!(r = parse_value(p, 1)))
                return NULL;
            h = imax(h, p->h);
            e = mk_binary(p, op, v, r);
        }
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
            if (!parse_need_kw(p, KW_AND) || !(x = parse_value(p, 1)))
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
            if (parse_accept_kw(p, KW_ESCAPE)) {
                if (!(x = parse_value(p, 1)))
                    return NULL;
                h = imax(h, p->h);
            }
            e = mk_node(p, AE_LIKE, v->pos, x ? 3 : 2, v, r, x);
        } else if (t_kw(t, KW_IS)) {
            next(p);
            neg = parse_accept_kw(p, KW_NOT);
            if (parse_accept_kw(p, KW_NULL)) {
                e = mk_node(p, AE_IS_NULL, v->pos, 1, v, NULL, NULL);
            } else if (parse_accept_kw(p, KW_DISTINCT)) {
                if (!parse_need_kw(p, KW_FROM) ||
                    !(r = parse_value(p, 1)))
                    return NULL;
                h = imax(h, p->h);
                e = mk_binary(p, neg ? AOP_IS_NOT_DISTINCT : AOP_IS_DISTINCT,
                              v, r);
                neg = false;
            } else {
                return parse_syntax_error(p);
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
    return parse_height_ok(p, p->h, e->pos) ? e : NULL;
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
    if (!parse_height_ok(p, h, pos))
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
    if (!parse_push(p, &es, &n, &cap, sizeof e, &e) ||
        !parse_push(p, &hs, &nh, &caph, sizeof h, &h))
        return NULL;
    while (t_kw(tok(p), kw)) {
        next(p);
        if (!(e = is_or ? parse_bool(p, false) : parse_not(p)))
            return NULL;
        h = p->h;
        if (!parse_push(p, &es, &n, &cap, sizeof e, &e) ||
            !parse_push(p, &hs, &nh, &caph, sizeof h, &h))
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
    if (!e || !parse_height_ok(p, p->h, e->pos))
        return NULL;
    return e;
}

/* expr := or, one level of nesting. */
ast_expr *parse_expr(parser *p)
{
    ast_expr *e;
    if (!parse_enter(p))
        return NULL;
    e = parse_bool(p, true);
    p->depth--;
    return e;
}

/* A type as written, for CREATE TABLE / ADD COLUMN (parse_write.c). */
bool parse_type_name(parser *p, ast_type_name *tn)
{
    return parse_type(p, tn);
}
