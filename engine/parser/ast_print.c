/*
 * engine/parser/ast_print.c
 *   AST -> canonical, fully parenthesised text, for tests and for the
 *   parse/print round-trip of the fuzzer.
 * Interface: parse_ast_print.
 * Not here: the AST itself (ast.h), SQL deparsing for remote catalogs
 *   (connector/pg/pg_deparse.c).
 *
 * Format (one line, single spaces, every node in parentheses):
 *   statements  (query ...)  (show_catalogs [(like S)])
 *               (show_schemas [(from N)] [(like S)])
 *               (show_tables [(from N)] [(like S)])  (show_columns N)
 *               (use N)  (explain STMT)
 *   query       (query [(with CTE...)] BODY [(order_by ITEM...)]
 *                      [(offset E)] [(limit E)])
 *   cte         (cte NAME [(cols ID...)] QUERY)
 *   body        (select [distinct] (items ITEM...) [(from REL)]
 *                       [(where E)] [(group_by E...)] [(having E)])
 *               | QUERY (parenthesised query)
 *               | (union|intersect|except [all] BODY BODY)
 *   item        E | (as E ID)
 *   order item  (asc|desc E [nulls_first|nulls_last])
 *   relation    (table N [ALIAS] [(cols ID...)])
 *               (subquery QUERY [ALIAS] [(cols ID...)])
 *               (join inner|left|right|full|cross REL REL [(on E)]
 *                     [(using ID...)] [ALIAS])
 *   expression  null true false (int 1) (decimal 1.5) (double 1e5)
 *               (string S) (typed T S) (col N) (star) (star N) (param 0)
 *               (neg E) (pos E) (not E) (OP E E) with OP one of
 *               + - * / % || = <> < <= > >= and or is_distinct
 *               is_not_distinct; (is_null E) (is_not_null E)
 *               (between E E E) (not_between ...) (in E E...)
 *               (not_in ...) (like E E [E]) (not_like ...)
 *               (func N [distinct] E...) (func N *)
 *               (case [(operand E)] (when E E)... [(else E)])
 *               (cast E T) (try_cast E T) (subquery QUERY)
 *               (exists QUERY) (in_query E QUERY) (not_in_query ...)
 *   N           identifiers joined by '.'; an identifier that is not
 *               [a-z_][a-z0-9_]* is written "quoted" with "" for ".
 *   S           'text' with '' for ', \\ for backslash and \xHH for
 *               bytes below 0x20 and 0x7F (NUL included).
 *   T           type name, with (p) or (p,s) when given: decimal(10,2).
 * Literal text is printed as written (int 007 keeps its digits).
 */
#include <stdio.h>
#include <string.h>
#include "parser.h"

typedef struct sbuf {
    char *buf;
    size_t len, cap;
    bool oom;
} sbuf;

static void put(sbuf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t ncap = b->cap ? b->cap * 2 : 256;
        char *nb;
        while (ncap < b->len + n + 1)
            ncap *= 2;
        nb = eng_realloc(b->buf, ncap);
        if (!nb) {
            b->oom = true;
            return;
        }
        b->buf = nb;
        b->cap = ncap;
    }
    memcpy(b->buf + b->len, s, n);
    b->len += n;
    b->buf[b->len] = '\0';
}

static void puts_(sbuf *b, const char *s)
{
    put(b, s, strlen(s));
}

static void put_int(sbuf *b, long long v)
{
    char tmp[32];
    int n = snprintf(tmp, sizeof tmp, "%lld", v);
    put(b, tmp, (size_t)n);
}

/* One identifier, quoted unless it is a plain lower-case word. */
static void put_ident(sbuf *b, const char *id)
{
    bool plain = id[0] != '\0' && !(id[0] >= '0' && id[0] <= '9');
    for (const char *c = id; *c && plain; c++)
        plain = (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
                *c == '_';
    if (plain) {
        puts_(b, id);
        return;
    }
    put(b, "\"", 1);
    for (const char *c = id; *c; c++) {
        if (*c == '"')
            put(b, "\"", 1);
        put(b, c, 1);
    }
    put(b, "\"", 1);
}

static void put_name(sbuf *b, const ast_name *n)
{
    for (int i = 0; i < n->nparts; i++) {
        if (i)
            put(b, ".", 1);
        put_ident(b, n->parts[i]);
    }
}

/* A string literal of len bytes, escaped as documented above. */
static void put_string(sbuf *b, const char *s, int len)
{
    put(b, "'", 1);
    for (int i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\'') {
            put(b, "''", 2);
        } else if (c == '\\') {
            put(b, "\\\\", 2);
        } else if (c < 0x20 || c == 0x7F) {
            char tmp[8];
            snprintf(tmp, sizeof tmp, "\\x%02X", c);
            put(b, tmp, 4);
        } else {
            put(b, (const char *)&c, 1);
        }
    }
    put(b, "'", 1);
}

static void put_type(sbuf *b, const ast_type_name *t)
{
    puts_(b, t->name ? t->name : "?");
    if (t->p1 >= 0) {
        put(b, "(", 1);
        put_int(b, t->p1);
        if (t->p2 >= 0) {
            put(b, ",", 1);
            put_int(b, t->p2);
        }
        put(b, ")", 1);
    }
}

static void print_query(sbuf *b, const ast_query *q);
static void print_expr(sbuf *b, const ast_expr *e);

static const char *op_name(ast_op op)
{
    switch (op) {
    case AOP_ADD: return "+";
    case AOP_SUB: return "-";
    case AOP_MUL: return "*";
    case AOP_DIV: return "/";
    case AOP_MOD: return "%";
    case AOP_CONCAT: return "||";
    case AOP_EQ: return "=";
    case AOP_NE: return "<>";
    case AOP_LT: return "<";
    case AOP_LE: return "<=";
    case AOP_GT: return ">";
    case AOP_GE: return ">=";
    case AOP_AND: return "and";
    case AOP_OR: return "or";
    case AOP_NOT: return "not";
    case AOP_NEG: return "neg";
    case AOP_PLUS: return "pos";
    case AOP_IS_DISTINCT: return "is_distinct";
    case AOP_IS_NOT_DISTINCT: return "is_not_distinct";
    case AOP_NONE: break;
    }
    return "?";
}

/* " E1 E2 ..." for args[from..nargs). */
static void print_args(sbuf *b, const ast_expr *e, int from)
{
    for (int i = from; i < e->nargs; i++) {
        put(b, " ", 1);
        print_expr(b, e->args[i]);
    }
}

static void print_expr(sbuf *b, const ast_expr *e)
{
    if (!e) {
        puts_(b, "<null>");
        return;
    }
    switch (e->kind) {
    case AE_NULL:
        puts_(b, "null");
        return;
    case AE_BOOL:
        puts_(b, e->bool_val ? "true" : "false");
        return;
    case AE_INT:
    case AE_DECIMAL:
    case AE_DOUBLE:
        puts_(b, e->kind == AE_INT ? "(int " : e->kind == AE_DECIMAL
                                                   ? "(decimal " : "(double ");
        if (e->text)
            put(b, e->text, (size_t)e->text_len);
        else
            put_int(b, e->int_val);
        put(b, ")", 1);
        return;
    case AE_STRING:
        puts_(b, "(string ");
        put_string(b, e->text, e->text_len);
        put(b, ")", 1);
        return;
    case AE_TYPED_LITERAL:
        puts_(b, "(typed ");
        put_type(b, &e->type_name);
        put(b, " ", 1);
        put_string(b, e->text, e->text_len);
        put(b, ")", 1);
        return;
    case AE_COLUMN:
        puts_(b, "(col ");
        put_name(b, &e->name);
        put(b, ")", 1);
        return;
    case AE_STAR:
        puts_(b, "(star");
        if (e->name.nparts) {
            put(b, " ", 1);
            put_name(b, &e->name);
        }
        put(b, ")", 1);
        return;
    case AE_PARAM:
        puts_(b, "(param ");
        put_int(b, e->param_index);
        put(b, ")", 1);
        return;
    case AE_UNARY:
    case AE_BINARY:
        put(b, "(", 1);
        puts_(b, op_name(e->op));
        print_args(b, e, 0);
        put(b, ")", 1);
        return;
    case AE_IS_NULL:
        puts_(b, e->negated ? "(is_not_null" : "(is_null");
        break;
    case AE_BETWEEN:
        puts_(b, e->negated ? "(not_between" : "(between");
        break;
    case AE_IN_LIST:
        puts_(b, e->negated ? "(not_in" : "(in");
        break;
    case AE_LIKE:
        puts_(b, e->negated ? "(not_like" : "(like");
        break;
    case AE_FUNC:
        puts_(b, "(func ");
        put_name(b, &e->name);
        if (e->distinct)
            puts_(b, " distinct");
        if (e->star)
            puts_(b, " *");
        break;
    case AE_CASE:
        puts_(b, "(case");
        if (e->case_operand) {
            puts_(b, " (operand ");
            print_expr(b, e->case_operand);
            put(b, ")", 1);
        }
        for (int i = 0; i < e->nwhen; i++) {
            puts_(b, " (when ");
            print_expr(b, e->when_conds[i]);
            put(b, " ", 1);
            print_expr(b, e->when_results[i]);
            put(b, ")", 1);
        }
        if (e->else_result) {
            puts_(b, " (else ");
            print_expr(b, e->else_result);
            put(b, ")", 1);
        }
        put(b, ")", 1);
        return;
    case AE_CAST:
        puts_(b, e->is_try ? "(try_cast" : "(cast");
        print_args(b, e, 0);
        put(b, " ", 1);
        put_type(b, &e->type_name);
        put(b, ")", 1);
        return;
    case AE_SUBQUERY:
    case AE_EXISTS:
        puts_(b, e->kind == AE_EXISTS ? "(exists " : "(subquery ");
        print_query(b, e->subquery);
        put(b, ")", 1);
        return;
    case AE_IN_SUBQUERY:
        puts_(b, e->negated ? "(not_in_query" : "(in_query");
        print_args(b, e, 0);
        put(b, " ", 1);
        print_query(b, e->subquery);
        put(b, ")", 1);
        return;
    }
    print_args(b, e, 0);
    put(b, ")", 1);
}

static void print_idlist(sbuf *b, const char *head, char **ids, int n)
{
    if (n <= 0)
        return;
    put(b, " (", 2);
    puts_(b, head);
    for (int i = 0; i < n; i++) {
        put(b, " ", 1);
        put_ident(b, ids[i]);
    }
    put(b, ")", 1);
}

static void print_rel(sbuf *b, const ast_table_ref *r)
{
    static const char *const jt[] = {"inner", "left", "right", "full",
                                     "cross"};
    switch (r->kind) {
    case ATR_TABLE:
        puts_(b, "(table ");
        put_name(b, &r->name);
        break;
    case ATR_SUBQUERY:
        puts_(b, "(subquery ");
        print_query(b, r->subquery);
        break;
    case ATR_JOIN:
        puts_(b, "(join ");
        puts_(b, jt[r->join_type]);
        put(b, " ", 1);
        print_rel(b, r->left);
        put(b, " ", 1);
        print_rel(b, r->right);
        if (r->on) {
            puts_(b, " (on ");
            print_expr(b, r->on);
            put(b, ")", 1);
        }
        print_idlist(b, "using", r->using_cols, r->nusing);
        break;
    }
    if (r->alias) {
        put(b, " ", 1);
        put_ident(b, r->alias);
    }
    print_idlist(b, "cols", r->col_aliases, r->ncol_aliases);
    put(b, ")", 1);
}

static void print_select(sbuf *b, const ast_select *s)
{
    puts_(b, "(select");
    if (s->distinct)
        puts_(b, " distinct");
    puts_(b, " (items");
    for (int i = 0; i < s->nitems; i++) {
        put(b, " ", 1);
        if (s->items[i].alias) {
            puts_(b, "(as ");
            print_expr(b, s->items[i].expr);
            put(b, " ", 1);
            put_ident(b, s->items[i].alias);
            put(b, ")", 1);
        } else {
            print_expr(b, s->items[i].expr);
        }
    }
    put(b, ")", 1);
    if (s->from) {
        puts_(b, " (from ");
        print_rel(b, s->from);
        put(b, ")", 1);
    }
    if (s->where) {
        puts_(b, " (where ");
        print_expr(b, s->where);
        put(b, ")", 1);
    }
    if (s->ngroup) {
        puts_(b, " (group_by");
        for (int i = 0; i < s->ngroup; i++) {
            put(b, " ", 1);
            print_expr(b, s->group_by[i]);
        }
        put(b, ")", 1);
    }
    if (s->having) {
        puts_(b, " (having ");
        print_expr(b, s->having);
        put(b, ")", 1);
    }
    put(b, ")", 1);
}

static void print_body(sbuf *b, const ast_query_body *qb)
{
    static const char *const so[] = {"?", "union", "intersect", "except"};
    if (qb->setop != AS_NONE) {
        put(b, "(", 1);
        puts_(b, so[qb->setop]);
        if (qb->all)
            puts_(b, " all");
        put(b, " ", 1);
        print_body(b, qb->left);
        put(b, " ", 1);
        print_body(b, qb->right);
        put(b, ")", 1);
    } else if (qb->nested) {
        print_query(b, qb->nested);
    } else {
        print_select(b, qb->select);
    }
}

static void print_query(sbuf *b, const ast_query *q)
{
    puts_(b, "(query");
    if (q->nctes) {
        puts_(b, " (with");
        for (int i = 0; i < q->nctes; i++) {
            puts_(b, " (cte ");
            put_ident(b, q->ctes[i].name);
            print_idlist(b, "cols", q->ctes[i].cols, q->ctes[i].ncols);
            put(b, " ", 1);
            print_query(b, q->ctes[i].query);
            put(b, ")", 1);
        }
        put(b, ")", 1);
    }
    put(b, " ", 1);
    print_body(b, q->body);
    if (q->norder) {
        puts_(b, " (order_by");
        for (int i = 0; i < q->norder; i++) {
            const ast_order_item *it = &q->order_by[i];
            puts_(b, it->desc ? " (desc " : " (asc ");
            print_expr(b, it->expr);
            if (it->nulls == 1)
                puts_(b, " nulls_first");
            else if (it->nulls == 2)
                puts_(b, " nulls_last");
            put(b, ")", 1);
        }
        put(b, ")", 1);
    }
    if (q->offset) {
        puts_(b, " (offset ");
        print_expr(b, q->offset);
        put(b, ")", 1);
    }
    if (q->limit) {
        puts_(b, " (limit ");
        print_expr(b, q->limit);
        put(b, ")", 1);
    }
    put(b, ")", 1);
}

static void print_stmt(sbuf *b, const ast_stmt *s)
{
    switch (s->kind) {
    case AST_QUERY:
        print_query(b, s->query);
        return;
    case AST_SHOW_CATALOGS:
        puts_(b, "(show_catalogs");
        break;
    case AST_SHOW_SCHEMAS:
    case AST_SHOW_TABLES:
        puts_(b, s->kind == AST_SHOW_SCHEMAS ? "(show_schemas"
                                             : "(show_tables");
        if (s->name.nparts) {
            puts_(b, " (from ");
            put_name(b, &s->name);
            put(b, ")", 1);
        }
        break;
    case AST_SHOW_COLUMNS:
    case AST_USE:
        puts_(b, s->kind == AST_USE ? "(use " : "(show_columns ");
        put_name(b, &s->name);
        break;
    case AST_EXPLAIN:
        puts_(b, "(explain ");
        print_stmt(b, s->inner);
        break;
    }
    if (s->like) {
        puts_(b, " (like ");
        put_string(b, s->like, (int)strlen(s->like));
        put(b, ")", 1);
    }
    put(b, ")", 1);
}

/*
 * Returns the canonical text of s (format in the file header) as a
 * NUL-terminated string in arena a, or NULL on OOM. The recursion follows
 * the tree, whose height the parser bounds.
 */
char *parse_ast_print(eng_arena *a, const ast_stmt *s)
{
    sbuf b = {NULL, 0, 0, false};
    char *out;
    print_stmt(&b, s);
    if (b.oom) {
        eng_free(b.buf);
        return NULL;
    }
    out = eng_arena_memdup(a, b.buf ? b.buf : "", b.len + 1);
    eng_free(b.buf);
    return out;
}
