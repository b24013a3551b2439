/*
 * engine/parser/parse_write.c
 *   The statements that change a catalog, following Trino's grammar
 *   (SqlBase.g4): schemas, tables, views, INSERT, UPDATE, DELETE, MERGE.
 * Interface: parse_write_starts, parse_write_stmt (parse_int.h).
 * Not here: queries and relations (parser.c), expressions and type names
 *   (parse_expr.c), the AST (ast_write.h), meaning (binder/bind_write.c).
 *
 * Grammar (expr, query, relation and type as in parser.c/parse_expr.c):
 *   CREATE SCHEMA [IF NOT EXISTS] [c.]s
 *   CREATE TABLE [IF NOT EXISTS] t '(' col type [NOT NULL], ... ')'
 *   CREATE TABLE [IF NOT EXISTS] t ['(' col, ... ')'] AS query
 *          [WITH [NO] DATA]
 *   CREATE [OR REPLACE] VIEW v AS query
 *   CREATE [UNIQUE] INDEX [IF NOT EXISTS] i ON t '(' col [ASC|DESC], ... ')'
 *   (column constraints PRIMARY KEY and UNIQUE, and a table constraint
 *   PRIMARY KEY '(' col, ... ')', are accepted in CREATE TABLE; these
 *   and CREATE INDEX are the SQL standard's, not Trino's, and are kept
 *   by PostgreSQL catalogs: the SQL corpora use them)
 *   DROP SCHEMA [IF EXISTS] [c.]s [CASCADE | RESTRICT]
 *   DROP TABLE [IF EXISTS] t        DROP VIEW [IF EXISTS] v
 *   ALTER TABLE [IF EXISTS] t  RENAME TO t2
 *                            | ADD COLUMN [IF NOT EXISTS] col type [NOT NULL]
 *                            | DROP COLUMN [IF EXISTS] col
 *                            | RENAME COLUMN [IF EXISTS] col TO col2
 *   INSERT INTO t ['(' col, ... ')'] (VALUES row, ... | query)
 *          row := '(' expr, ... ')' | expr
 *   UPDATE t SET col = expr, ... [WHERE expr]
 *   DELETE FROM t [WHERE expr]
 *   MERGE INTO t [[AS] alias] USING relation ON expr
 *          { WHEN MATCHED [AND expr] THEN (UPDATE SET col = expr, ... | DELETE)
 *          | WHEN NOT MATCHED [AND expr] THEN INSERT ['(' col, ... ')']
 *            VALUES '(' expr, ... ')' }+
 * SCHEMA, VIEW, IF, DATA, NO, ADD, COLUMN, RENAME, TO, SET, UPDATE, MERGE,
 * MATCHED, CASCADE and RESTRICT are not reserved in Trino; they are
 * matched here by their text, so they stay identifiers everywhere else
 * and the keyword table does not grow.
 */
#include <string.h>
#include <strings.h>
#include "parse_int.h"
#include "ast_write.h"

/* True when the current token is the unquoted word w (any case). */
static bool is_word(parser *p, const char *w)
{
    eng_token *t = tok(p);
    return t->kind == TK_IDENT && strcasecmp(t->text, w) == 0;
}

/* Consumes the unquoted word w (upper case, for messages) if it is next;
 * otherwise records it as expected. */
static bool accept_word(parser *p, const char *w)
{
    if (is_word(p, w)) {
        next(p);
        return true;
    }
    parse_expect(p, w, true);
    return false;
}

/* Requires the word w; a syntax error otherwise. */
static bool need_word(parser *p, const char *w)
{
    if (accept_word(p, w))
        return true;
    parse_syntax_error(p);
    return false;
}

/* [IF EXISTS] */
static bool opt_if_exists(parser *p, bool *out)
{
    *out = false;
    if (!accept_word(p, "IF"))
        return true;
    if (!parse_need_kw(p, KW_EXISTS))
        return false;
    *out = true;
    return true;
}

/* [IF NOT EXISTS] */
static bool opt_if_not_exists(parser *p, bool *out)
{
    *out = false;
    if (!accept_word(p, "IF"))
        return true;
    if (!parse_need_kw(p, KW_NOT) || !parse_need_kw(p, KW_EXISTS))
        return false;
    *out = true;
    return true;
}

/* col type [NOT NULL] (COMMENT and WITH properties are not supported). */
static bool column_def(parser *p, ast_column_def *c)
{
    memset(c, 0, sizeof *c);
    c->pos = tok(p)->pos;
    if (!(c->name = parse_ident(p)) || !parse_type_name(p, &c->type))
        return false;
    /* NOT NULL, and the PRIMARY KEY / UNIQUE constraints of the SQL
     * standard (not Trino's grammar; PostgreSQL catalogs keep them) */
    for (;;) {
        if (parse_accept_kw(p, KW_NOT)) {
            if (!parse_need_kw(p, KW_NULL))
                return false;
            c->not_null = true;
        } else if (accept_word(p, "PRIMARY")) {
            if (!need_word(p, "KEY"))
                return false;
            c->primary_key = true;
        } else if (accept_word(p, "UNIQUE")) {
            c->unique = true;
        } else {
            break;
        }
    }
    if (is_word(p, "comment"))
        return parse_unsupported(p, "COMMENT on a column") != NULL;
    if (t_kw(tok(p), KW_WITH))
        return parse_unsupported(p, "column properties") != NULL;
    return true;
}

/* '(' column_def, ... ')' */
static bool column_defs(parser *p, ast_write *w)
{
    int cap = 0;
    if (!parse_need_op(p, "("))
        return false;
    do {
        ast_column_def c;
        if (t_kw(tok(p), KW_LIKE))
            return parse_unsupported(p, "CREATE TABLE ... LIKE") != NULL;
        if (t_kw(tok(p), KW_CONSTRAINT) || is_word(p, "unique") ||
            is_word(p, "foreign") || is_word(p, "check"))
            return parse_unsupported(p, "this table constraint") != NULL;
        if (is_word(p, "primary") && peek(p, 1)->kind == TK_IDENT &&
            strcasecmp(peek(p, 1)->text, "key") == 0) {
            next(p);
            next(p);
            if (w->npk)
                return parse_syntax_error(p) != NULL;
            if (!parse_ident_list(p, &w->pk, &w->npk))
                return false;
            continue;
        }
        if (!column_def(p, &c) ||
            !parse_push(p, &w->coldefs, &w->ncoldefs, &cap, sizeof c, &c))
            return false;
    } while (parse_accept_op(p, ","));
    return parse_need_op(p, ")");
}

/* A query after AS / INSERT; tracks nesting like any query. */
static ast_query *query(parser *p)
{
    return parse_query(p);
}

/* CREATE [UNIQUE] INDEX [IF NOT EXISTS] name ON t (col [ASC|DESC], ...):
 * not Trino's grammar, but the SQL corpora (sqllogictest) use it and a
 * PostgreSQL catalog can keep it. */
static bool parse_create_index(parser *p, ast_stmt *s, ast_write *w)
{
    int cap = 0;
    s->kind = AST_CREATE_INDEX;
    w->unique = accept_word(p, "UNIQUE");
    if (!need_word(p, "INDEX") || !opt_if_not_exists(p, &w->if_not_exists) ||
        !(w->new_name = parse_ident(p)) || !parse_need_kw(p, KW_ON) ||
        !parse_qname(p, &w->target, 3) || !parse_need_op(p, "("))
        return false;
    do {
        ast_column_def c;
        memset(&c, 0, sizeof c);
        c.pos = tok(p)->pos;
        if (!(c.name = parse_ident(p)))
            return false;
        if (parse_accept_kw(p, KW_DESC))
            c.desc = true;
        else
            parse_accept_kw(p, KW_ASC);
        if (!parse_push(p, &w->coldefs, &w->ncoldefs, &cap, sizeof c, &c))
            return false;
    } while (parse_accept_op(p, ","));
    return parse_need_op(p, ")");
}

/* CREATE ... (CREATE consumed). */
static bool parse_create(parser *p, ast_stmt *s, ast_write *w)
{
    if (accept_word(p, "SCHEMA")) {
        s->kind = AST_CREATE_SCHEMA;
        if (!opt_if_not_exists(p, &w->if_not_exists) ||
            !parse_qname(p, &w->target, 2))
            return false;
        if (t_kw(tok(p), KW_WITH) || is_word(p, "authorization"))
            return parse_unsupported(p, "schema properties") != NULL;
        return true;
    }
    if (parse_accept_kw(p, KW_OR)) {
        if (!need_word(p, "REPLACE"))
            return false;
        w->or_replace = true;
        if (!is_word(p, "view")) {
            parse_expect(p, "VIEW", true);
            return parse_syntax_error(p) != NULL;
        }
    }
    if (accept_word(p, "VIEW")) {
        s->kind = AST_CREATE_VIEW;
        if (!parse_qname(p, &w->target, 3))
            return false;
        /* SECURITY DEFINER is what a catalog's view does anyway (a
         * PostgreSQL view reads its tables with its owner's rights) and
         * Trino's default; dbt-trino always writes it. INVOKER would need
         * security_invoker views and COMMENT a COMMENT ON: not yet. */
        if (accept_word(p, "security")) {
            if (!is_word(p, "definer"))
                return parse_unsupported(p, "SECURITY INVOKER") != NULL;
            accept_word(p, "definer");
        }
        if (is_word(p, "comment") || is_word(p, "security"))
            return parse_unsupported(p, "view properties") != NULL;
        return parse_need_kw(p, KW_AS) && (w->query = query(p)) != NULL;
    }
    if (is_word(p, "materialized"))
        return parse_unsupported(p, "CREATE MATERIALIZED VIEW") != NULL;
    if (is_word(p, "unique") || is_word(p, "index"))
        return parse_create_index(p, s, w);
    if (!parse_accept_kw(p, KW_TABLE)) {
        parse_expect(p, "SCHEMA", true);
        parse_expect(p, "VIEW", true);
        parse_expect(p, "INDEX", true);
        return parse_syntax_error(p) != NULL;
    }
    if (!opt_if_not_exists(p, &w->if_not_exists) ||
        !parse_qname(p, &w->target, 3))
        return false;
    /* '(' ident ',' | '(' ident ')' is a column-name list for AS */
    if (t_op(tok(p), "(") && t_ident(peek(p, 1)) &&
        (t_op(peek(p, 2), ",") || t_op(peek(p, 2), ")")) &&
        !(t_op(peek(p, 2), ")") && !t_kw(peek(p, 3), KW_AS))) {
        if (!parse_ident_list(p, &w->cols, &w->ncols))
            return false;
        if (!t_kw(tok(p), KW_AS)) {
            parse_expect(p, "AS", true);
            return parse_syntax_error(p) != NULL;
        }
    }
    if (parse_accept_kw(p, KW_AS)) {
        s->kind = AST_CREATE_TABLE_AS;
        w->with_data = true;
        if (!(w->query = query(p)))
            return false;
        if (parse_accept_kw(p, KW_WITH)) {
            if (accept_word(p, "NO"))
                w->with_data = false;
            if (!need_word(p, "DATA"))
                return false;
        }
        return true;
    }
    s->kind = AST_CREATE_TABLE;
    if (!column_defs(p, w))
        return false;
    if (is_word(p, "comment") || t_kw(tok(p), KW_WITH))
        return parse_unsupported(p, "table properties") != NULL;
    return true;
}

/* DROP ... (DROP consumed). */
static bool parse_drop(parser *p, ast_stmt *s, ast_write *w)
{
    if (accept_word(p, "SCHEMA")) {
        s->kind = AST_DROP_SCHEMA;
        if (!opt_if_exists(p, &w->if_exists) ||
            !parse_qname(p, &w->target, 2))
            return false;
        if (accept_word(p, "CASCADE"))
            w->cascade = true;
        else
            accept_word(p, "RESTRICT");
        return true;
    }
    if (accept_word(p, "VIEW"))
        s->kind = AST_DROP_VIEW;
    else if (parse_accept_kw(p, KW_TABLE))
        s->kind = AST_DROP_TABLE;
    else
        return parse_syntax_error(p) != NULL;
    return opt_if_exists(p, &w->if_exists) && parse_qname(p, &w->target, 3);
}

/* ALTER TABLE ... (ALTER consumed). */
static bool parse_alter(parser *p, ast_stmt *s, ast_write *w)
{
    s->kind = AST_ALTER_TABLE;
    if (!parse_need_kw(p, KW_TABLE) || !opt_if_exists(p, &w->if_exists) ||
        !parse_qname(p, &w->target, 3))
        return false;
    if (accept_word(p, "RENAME")) {
        if (accept_word(p, "COLUMN")) {
            w->alter = AAL_RENAME_COLUMN;
            return opt_if_exists(p, &w->col_if) &&
                   (w->column = parse_ident(p)) != NULL &&
                   need_word(p, "TO") &&
                   (w->new_name = parse_ident(p)) != NULL;
        }
        w->alter = AAL_RENAME_TABLE;
        return need_word(p, "TO") && parse_qname(p, &w->new_table, 3);
    }
    if (accept_word(p, "ADD")) {
        w->alter = AAL_ADD_COLUMN;
        if (!need_word(p, "COLUMN") || !opt_if_not_exists(p, &w->col_if))
            return false;
        w->coldefs = parse_alloc(p, sizeof *w->coldefs);
        if (!w->coldefs || !column_def(p, w->coldefs))
            return false;
        w->ncoldefs = 1;
        return true;
    }
    if (parse_accept_kw(p, KW_DROP)) {
        w->alter = AAL_DROP_COLUMN;
        return need_word(p, "COLUMN") && opt_if_exists(p, &w->col_if) &&
               (w->column = parse_ident(p)) != NULL;
    }
    if (is_word(p, "set") || t_kw(tok(p), KW_EXECUTE) || is_word(p, "alter"))
        return parse_unsupported(p, "this form of ALTER TABLE") != NULL;
    return parse_syntax_error(p) != NULL;
}

/* One VALUES row: '(' expr, ... ')' or a single expr. */
static bool values_row(parser *p, ast_write *w, int *rcap, int *lcap)
{
    ast_expr **row = NULL;
    int n = 0, cap = 0;
    if (parse_accept_op(p, "(")) {
        do {
            ast_expr *e = parse_expr(p);
            if (!e || !parse_push(p, &row, &n, &cap, sizeof e, &e))
                return false;
        } while (parse_accept_op(p, ","));
        if (!parse_need_op(p, ")"))
            return false;
    } else {
        ast_expr *e = parse_expr(p);
        if (!e || !parse_push(p, &row, &n, &cap, sizeof e, &e))
            return false;
    }
    /* rows and rowlens are parallel arrays of w->nrows entries */
    int nr = w->nrows;
    if (!parse_push(p, &w->rows, &nr, rcap, sizeof row, &row))
        return false;
    nr = w->nrows;
    if (!parse_push(p, &w->rowlens, &nr, lcap, sizeof n, &n))
        return false;
    w->nrows = nr;
    return true;
}

/* INSERT INTO ... (INSERT consumed). */
static bool parse_insert(parser *p, ast_stmt *s, ast_write *w)
{
    s->kind = AST_INSERT;
    if (!parse_need_kw(p, KW_INTO) || !parse_qname(p, &w->target, 3))
        return false;
    if (t_op(tok(p), "(") && !parse_starts_query(peek(p, 1)) &&
        !t_op(peek(p, 1), "(") && !parse_ident_list(p, &w->cols, &w->ncols))
        return false;
    if (parse_accept_kw(p, KW_VALUES)) {
        int rcap = 0, lcap = 0;
        do {
            if (!values_row(p, w, &rcap, &lcap))
                return false;
        } while (parse_accept_op(p, ","));
        return true;
    }
    if (!parse_starts_query(tok(p)) && !t_op(tok(p), "(")) {
        parse_expect(p, "VALUES", true);
        parse_expect(p, "SELECT", true);
        return parse_syntax_error(p) != NULL;
    }
    return (w->query = query(p)) != NULL;
}

/* col = expr, ... after SET. */
static bool assignments(parser *p, ast_assign **out, int *n)
{
    int cap = 0;
    *out = NULL;
    *n = 0;
    do {
        ast_assign a;
        a.pos = tok(p)->pos;
        if (!(a.column = parse_ident(p)) || !parse_need_op(p, "=") ||
            !(a.value = parse_expr(p)) ||
            !parse_push(p, out, n, &cap, sizeof a, &a))
            return false;
    } while (parse_accept_op(p, ","));
    return true;
}

/* UPDATE t SET ... [WHERE ...] (UPDATE consumed). */
static bool parse_update(parser *p, ast_stmt *s, ast_write *w)
{
    s->kind = AST_UPDATE;
    if (!parse_qname(p, &w->target, 3) || !need_word(p, "SET") ||
        !assignments(p, &w->assign, &w->nassign))
        return false;
    if (parse_accept_kw(p, KW_WHERE) && !(w->where = parse_expr(p)))
        return false;
    return true;
}

/* DELETE FROM t [WHERE ...] (DELETE consumed). */
static bool parse_delete(parser *p, ast_stmt *s, ast_write *w)
{
    s->kind = AST_DELETE;
    if (!parse_need_kw(p, KW_FROM) || !parse_qname(p, &w->target, 3))
        return false;
    if (parse_accept_kw(p, KW_WHERE) && !(w->where = parse_expr(p)))
        return false;
    return true;
}

/* One WHEN clause of MERGE (WHEN consumed). */
static bool merge_clause(parser *p, ast_merge_clause *c)
{
    memset(c, 0, sizeof *c);
    c->pos = tok(p)->pos;
    c->matched = !parse_accept_kw(p, KW_NOT);
    if (!need_word(p, "MATCHED"))
        return false;
    if (parse_accept_kw(p, KW_AND) && !(c->cond = parse_expr(p)))
        return false;
    if (!parse_need_kw(p, KW_THEN))
        return false;
    if (c->matched) {
        if (accept_word(p, "UPDATE")) {
            c->action = AMA_UPDATE;
            return need_word(p, "SET") &&
                   assignments(p, &c->assign, &c->nassign);
        }
        if (parse_accept_kw(p, KW_DELETE)) {
            c->action = AMA_DELETE;
            return true;
        }
        return parse_syntax_error(p) != NULL;
    }
    c->action = AMA_INSERT;
    if (!parse_need_kw(p, KW_INSERT))
        return false;
    if (t_op(tok(p), "(") && !parse_ident_list(p, &c->cols, &c->ncols))
        return false;
    if (!parse_need_kw(p, KW_VALUES) || !parse_need_op(p, "("))
        return false;
    int cap = 0;
    do {
        ast_expr *e = parse_expr(p);
        if (!e || !parse_push(p, &c->values, &c->nvalues, &cap, sizeof e, &e))
            return false;
    } while (parse_accept_op(p, ","));
    return parse_need_op(p, ")");
}

/* MERGE INTO ... (MERGE consumed). */
static bool parse_merge(parser *p, ast_stmt *s, ast_write *w)
{
    int cap = 0;
    s->kind = AST_MERGE;
    if (!parse_need_kw(p, KW_INTO) || !parse_qname(p, &w->target, 3))
        return false;
    if (parse_accept_kw(p, KW_AS)) {
        if (!(w->alias = parse_ident(p)))
            return false;
    } else if (t_ident(tok(p)) && !is_word(p, "using")) {
        w->alias = tok(p)->text;
        next(p);
    }
    if (!parse_need_kw(p, KW_USING) || !(w->source = parse_from_relation(p)) ||
        !parse_need_kw(p, KW_ON) || !(w->on = parse_expr(p)))
        return false;
    do {
        ast_merge_clause c;
        if (!parse_need_kw(p, KW_WHEN) || !merge_clause(p, &c) ||
            !parse_push(p, &w->clauses, &w->nclauses, &cap, sizeof c, &c))
            return false;
    } while (t_kw(tok(p), KW_WHEN));
    return true;
}

/* True when the current token starts a statement of this file. */
bool parse_write_starts(parser *p)
{
    eng_token *t = tok(p);
    if (t_kw(t, KW_CREATE) || t_kw(t, KW_DROP) || t_kw(t, KW_ALTER) ||
        t_kw(t, KW_INSERT) || t_kw(t, KW_DELETE))
        return true;
    /* UPDATE and MERGE are not reserved: only as the first word */
    return (is_word(p, "update") && t_ident(peek(p, 1))) ||
           (is_word(p, "merge") && t_kw(peek(p, 1), KW_INTO));
}

/*
 * Parses one write statement at the current token into s (kind and
 * s->write). Returns false with p->rc set on error.
 */
bool parse_write_stmt(parser *p, ast_stmt *s)
{
    ast_write *w = parse_alloc(p, sizeof *w);
    eng_token *t = tok(p);
    if (!w)
        return false;
    s->write = w;
    next(p);
    if (t_kw(t, KW_CREATE))
        return parse_create(p, s, w);
    if (t_kw(t, KW_DROP))
        return parse_drop(p, s, w);
    if (t_kw(t, KW_ALTER))
        return parse_alter(p, s, w);
    if (t_kw(t, KW_INSERT))
        return parse_insert(p, s, w);
    if (t_kw(t, KW_DELETE))
        return parse_delete(p, s, w);
    if (t->kind == TK_IDENT && strcasecmp(t->text, "update") == 0)
        return parse_update(p, s, w);
    return parse_merge(p, s, w);
}
