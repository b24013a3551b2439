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
 *               (use N)  (explain STMT)  (explain_analyze STMT)
 *               writes: (create_schema|drop_schema|create_table|ctas|
 *               drop_table|alter_table|insert|update|delete|merge|
 *               create_view|drop_view N [flags...] [parts...]), see
 *               print_write
 *   query       (query [(with CTE...)] BODY [(order_by ITEM...)]
 *                      [(offset E)] [(limit E)])
 *   cte         (cte NAME [(cols ID...)] QUERY)
 *   body        (select [distinct] (items ITEM...) [(from REL)]
 *                       [(where E)] [(group_by E...)] [(grouping_sets
 *                       (I...)...)] [(having E)]
 *                       [(window (ID WINDOW)...)])
 *               | QUERY (parenthesised query)
 *               | (union|intersect|except [all] BODY BODY)
 *   item        E | (as E ID)
 *   order item  (asc|desc E [nulls_first|nulls_last])
 *   window      (over [(ref ID)] [(partition_by E...)] [(order_by ITEM...)]
 *               [(rows|range|groups BOUND [BOUND])]); BOUND one of
 *               unbounded_preceding (preceding E) current_row
 *               (following E) unbounded_following
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
 *               (func N [distinct] E... [(filter E)]
 *               [ignore_nulls|respect_nulls] [WINDOW]) (func N * ...)
 *               (case [(operand E)] (when E E)... [(else E)])
 *               (cast E T) (try_cast E T) (subquery QUERY)
 *               (exists QUERY) (in_query E QUERY) (not_in_query ...)
 *   I           an index into group_by (grouping sets, expanded)
 *   N           identifiers joined by '.'; an identifier that is not
 *               [a-z_][a-z0-9_]* is written "quoted" with "" for ".
 *   S           'text' with '' for ', \\ for backslash and \xHH for
 *               bytes below 0x20 and 0x7F (NUL included).
 *   T           type name, with (p) or (p,s) when given: decimal(10,2).
 * Literal text is printed as written (int 007 keeps its digits).
 */
#include <string.h>
#include "parser.h"
#include "../common/strbuf.h"
#include "ast_write.h"

/* One identifier, quoted unless it is a plain lower-case word. */
static void put_ident(eng_strbuf *b, const char *id)
{
    bool plain = id[0] != '\0' && !(id[0] >= '0' && id[0] <= '9');
    for (const char *c = id; *c && plain; c++)
        plain = (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
                *c == '_';
    if (plain) {
        eng_sb_puts(b, id);
        return;
    }
    eng_sb_quoted(b, '"', id, strlen(id));
}

static void put_name(eng_strbuf *b, const ast_name *n)
{
    for (int i = 0; i < n->nparts; i++) {
        if (i)
            eng_sb_add(b, ".", 1);
        put_ident(b, n->parts[i]);
    }
}

/* A string literal of len bytes, escaped as documented above. */
static void put_string(eng_strbuf *b, const char *s, int len)
{
    eng_sb_add(b, "'", 1);
    for (int i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\'') {
            eng_sb_add(b, "''", 2);
        } else if (c == '\\') {
            eng_sb_add(b, "\\\\", 2);
        } else if (c < 0x20 || c == 0x7F) {
            eng_sb_printf(b, "\\x%02X", c);
        } else {
            eng_sb_add(b, (const char *)&c, 1);
        }
    }
    eng_sb_add(b, "'", 1);
}

static void put_type(eng_strbuf *b, const ast_type_name *t)
{
    eng_sb_puts(b, t->name ? t->name : "?");
    if (t->p1 >= 0) {
        eng_sb_add(b, "(", 1);
        eng_sb_printf(b, "%d", t->p1);
        if (t->p2 >= 0) {
            eng_sb_add(b, ",", 1);
            eng_sb_printf(b, "%d", t->p2);
        }
        eng_sb_add(b, ")", 1);
    }
}

static void print_query(eng_strbuf *b, const ast_query *q);
static void print_expr(eng_strbuf *b, const ast_expr *e);

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
static void print_order_items(eng_strbuf *b, const ast_order_item *items,
                              int n)
{
    eng_sb_puts(b, "(order_by");
    for (int i = 0; i < n; i++) {
        const ast_order_item *it = &items[i];
        eng_sb_puts(b, it->desc ? " (desc " : " (asc ");
        print_expr(b, it->expr);
        if (it->nulls == 1)
            eng_sb_puts(b, " nulls_first");
        else if (it->nulls == 2)
            eng_sb_puts(b, " nulls_last");
        eng_sb_add(b, ")", 1);
    }
    eng_sb_add(b, ")", 1);
}

static void print_bound(eng_strbuf *b, const ast_frame_bound *fb)
{
    static const char *const names[] = {
        "?", "unbounded_preceding", "preceding", "current_row", "following",
        "unbounded_following" };
    eng_sb_add(b, " ", 1);
    if (fb->offset) {
        eng_sb_printf(b, "(%s ", names[fb->kind]);
        print_expr(b, fb->offset);
        eng_sb_add(b, ")", 1);
    } else {
        eng_sb_puts(b, names[fb->kind]);
    }
}

static void print_window(eng_strbuf *b, const ast_window *w)
{
    static const char *const units[] = { "?", "rows", "range", "groups" };
    eng_sb_puts(b, "(over");
    if (w->ref) {
        eng_sb_puts(b, " (ref ");
        put_ident(b, w->ref);
        eng_sb_add(b, ")", 1);
    }
    if (w->npartition) {
        eng_sb_puts(b, " (partition_by");
        for (int i = 0; i < w->npartition; i++) {
            eng_sb_add(b, " ", 1);
            print_expr(b, w->partition[i]);
        }
        eng_sb_add(b, ")", 1);
    }
    if (w->norder) {
        eng_sb_add(b, " ", 1);
        print_order_items(b, w->order_by, w->norder);
    }
    if (w->unit != AFU_NONE) {
        eng_sb_printf(b, " (%s", units[w->unit]);
        print_bound(b, &w->start);
        if (w->end.kind != AFB_NONE)
            print_bound(b, &w->end);
        eng_sb_add(b, ")", 1);
    }
    eng_sb_add(b, ")", 1);
}

static void print_args(eng_strbuf *b, const ast_expr *e, int from)
{
    for (int i = from; i < e->nargs; i++) {
        eng_sb_add(b, " ", 1);
        print_expr(b, e->args[i]);
    }
}

static void print_expr(eng_strbuf *b, const ast_expr *e)
{
    if (!e) {
        eng_sb_puts(b, "<null>");
        return;
    }
    switch (e->kind) {
    case AE_NULL:
        eng_sb_puts(b, "null");
        return;
    case AE_BOOL:
        eng_sb_puts(b, e->bool_val ? "true" : "false");
        return;
    case AE_INT:
    case AE_DECIMAL:
    case AE_DOUBLE:
        eng_sb_puts(b, e->kind == AE_INT ? "(int " : e->kind == AE_DECIMAL
                                                   ? "(decimal " : "(double ");
        if (e->text)
            eng_sb_add(b, e->text, (size_t)e->text_len);
        else
            eng_sb_printf(b, "%lld", (long long)e->int_val);
        eng_sb_add(b, ")", 1);
        return;
    case AE_STRING:
        eng_sb_puts(b, "(string ");
        put_string(b, e->text, e->text_len);
        eng_sb_add(b, ")", 1);
        return;
    case AE_TYPED_LITERAL:
        eng_sb_puts(b, "(typed ");
        put_type(b, &e->type_name);
        eng_sb_add(b, " ", 1);
        put_string(b, e->text, e->text_len);
        eng_sb_add(b, ")", 1);
        return;
    case AE_COLUMN:
        eng_sb_puts(b, "(col ");
        put_name(b, &e->name);
        eng_sb_add(b, ")", 1);
        return;
    case AE_STAR:
        eng_sb_puts(b, "(star");
        if (e->name.nparts) {
            eng_sb_add(b, " ", 1);
            put_name(b, &e->name);
        }
        eng_sb_add(b, ")", 1);
        return;
    case AE_PARAM:
        eng_sb_puts(b, "(param ");
        eng_sb_printf(b, "%d", e->param_index);
        eng_sb_add(b, ")", 1);
        return;
    case AE_UNARY:
    case AE_BINARY:
        eng_sb_add(b, "(", 1);
        eng_sb_puts(b, op_name(e->op));
        print_args(b, e, 0);
        eng_sb_add(b, ")", 1);
        return;
    case AE_IS_NULL:
        eng_sb_puts(b, e->negated ? "(is_not_null" : "(is_null");
        break;
    case AE_BETWEEN:
        eng_sb_puts(b, e->negated ? "(not_between" : "(between");
        break;
    case AE_IN_LIST:
        eng_sb_puts(b, e->negated ? "(not_in" : "(in");
        break;
    case AE_ARRAY:
        eng_sb_puts(b, "(array");
        break;
    case AE_LIKE:
        eng_sb_puts(b, e->negated ? "(not_like" : "(like");
        break;
    case AE_FUNC:
        eng_sb_puts(b, "(func ");
        put_name(b, &e->name);
        if (e->distinct)
            eng_sb_puts(b, " distinct");
        if (e->star)
            eng_sb_puts(b, " *");
        print_args(b, e, 0);
        if (e->overflow) {
            eng_sb_puts(b, e->overflow == 1 ? " (on_overflow error" :
                        " (on_overflow truncate");
            if (e->overflow_filler) {
                eng_sb_add(b, " ", 1);
                print_expr(b, e->overflow_filler);
            }
            if (e->overflow == 2)
                eng_sb_puts(b, e->overflow_count ? " with_count" : " without_count");
            eng_sb_add(b, ")", 1);
        }
        if (e->nagg_order) {
            eng_sb_puts(b, e->within_group ? " (within_group " : " ");
            print_order_items(b, e->agg_order, e->nagg_order);
            if (e->within_group)
                eng_sb_add(b, ")", 1);
        }
        if (e->filter) {
            eng_sb_puts(b, " (filter ");
            print_expr(b, e->filter);
            eng_sb_add(b, ")", 1);
        }
        if (e->null_treatment)
            eng_sb_puts(b, e->null_treatment == 1 ? " ignore_nulls"
                                                  : " respect_nulls");
        if (e->over) {
            eng_sb_add(b, " ", 1);
            print_window(b, e->over);
        }
        eng_sb_add(b, ")", 1);
        return;
    case AE_CASE:
        eng_sb_puts(b, "(case");
        if (e->case_operand) {
            eng_sb_puts(b, " (operand ");
            print_expr(b, e->case_operand);
            eng_sb_add(b, ")", 1);
        }
        for (int i = 0; i < e->nwhen; i++) {
            eng_sb_puts(b, " (when ");
            print_expr(b, e->when_conds[i]);
            eng_sb_add(b, " ", 1);
            print_expr(b, e->when_results[i]);
            eng_sb_add(b, ")", 1);
        }
        if (e->else_result) {
            eng_sb_puts(b, " (else ");
            print_expr(b, e->else_result);
            eng_sb_add(b, ")", 1);
        }
        eng_sb_add(b, ")", 1);
        return;
    case AE_CAST:
        eng_sb_puts(b, e->is_try ? "(try_cast" : "(cast");
        print_args(b, e, 0);
        eng_sb_add(b, " ", 1);
        put_type(b, &e->type_name);
        eng_sb_add(b, ")", 1);
        return;
    case AE_SUBQUERY:
    case AE_EXISTS:
        eng_sb_puts(b, e->kind == AE_EXISTS ? "(exists " : "(subquery ");
        print_query(b, e->subquery);
        eng_sb_add(b, ")", 1);
        return;
    case AE_QUANTIFIED:
        eng_sb_puts(b, e->quant_all ? "(all " : "(any ");
        eng_sb_puts(b, op_name(e->op));
        print_args(b, e, 0);
        eng_sb_add(b, " ", 1);
        print_query(b, e->subquery);
        eng_sb_add(b, ")", 1);
        return;
    case AE_IN_SUBQUERY:
        eng_sb_puts(b, e->negated ? "(not_in_query" : "(in_query");
        print_args(b, e, 0);
        eng_sb_add(b, " ", 1);
        print_query(b, e->subquery);
        eng_sb_add(b, ")", 1);
        return;
    }
    print_args(b, e, 0);
    eng_sb_add(b, ")", 1);
}

static void print_idlist(eng_strbuf *b, const char *head, char **ids, int n)
{
    if (n <= 0)
        return;
    eng_sb_add(b, " (", 2);
    eng_sb_puts(b, head);
    for (int i = 0; i < n; i++) {
        eng_sb_add(b, " ", 1);
        put_ident(b, ids[i]);
    }
    eng_sb_add(b, ")", 1);
}

static void print_rel(eng_strbuf *b, const ast_table_ref *r)
{
    static const char *const jt[] = {"inner", "left", "right", "full",
                                     "cross"};
    switch (r->kind) {
    case ATR_TABLE:
        eng_sb_puts(b, "(table ");
        put_name(b, &r->name);
        break;
    case ATR_SUBQUERY:
        eng_sb_puts(b, "(subquery ");
        print_query(b, r->subquery);
        break;
    case ATR_JOIN:
        eng_sb_puts(b, "(join ");
        eng_sb_puts(b, jt[r->join_type]);
        eng_sb_add(b, " ", 1);
        print_rel(b, r->left);
        eng_sb_add(b, " ", 1);
        print_rel(b, r->right);
        if (r->on) {
            eng_sb_puts(b, " (on ");
            print_expr(b, r->on);
            eng_sb_add(b, ")", 1);
        }
        print_idlist(b, "using", r->using_cols, r->nusing);
        break;
    case ATR_UNNEST:
        eng_sb_puts(b, "(unnest");
        for (int i = 0; i < r->nargs; i++) {
            eng_sb_add(b, " ", 1);
            print_expr(b, r->args[i]);
        }
        if (r->ordinality)
            eng_sb_puts(b, " ordinality");
        break;
    }
    if (r->alias) {
        eng_sb_add(b, " ", 1);
        put_ident(b, r->alias);
    }
    print_idlist(b, "cols", r->col_aliases, r->ncol_aliases);
    eng_sb_add(b, ")", 1);
}

static void print_select(eng_strbuf *b, const ast_select *s)
{
    eng_sb_puts(b, "(select");
    if (s->distinct)
        eng_sb_puts(b, " distinct");
    eng_sb_puts(b, " (items");
    for (int i = 0; i < s->nitems; i++) {
        eng_sb_add(b, " ", 1);
        if (s->items[i].alias) {
            eng_sb_puts(b, "(as ");
            print_expr(b, s->items[i].expr);
            eng_sb_add(b, " ", 1);
            put_ident(b, s->items[i].alias);
            eng_sb_add(b, ")", 1);
        } else {
            print_expr(b, s->items[i].expr);
        }
    }
    eng_sb_add(b, ")", 1);
    if (s->from) {
        eng_sb_puts(b, " (from ");
        print_rel(b, s->from);
        eng_sb_add(b, ")", 1);
    }
    if (s->where) {
        eng_sb_puts(b, " (where ");
        print_expr(b, s->where);
        eng_sb_add(b, ")", 1);
    }
    if (s->ngroup) {
        eng_sb_puts(b, " (group_by");
        for (int i = 0; i < s->ngroup; i++) {
            eng_sb_add(b, " ", 1);
            print_expr(b, s->group_by[i]);
        }
        eng_sb_add(b, ")", 1);
    }
    if (s->ngsets) {
        eng_sb_puts(b, " (grouping_sets");
        for (int i = 0; i < s->ngsets; i++) {
            eng_sb_puts(b, " (");
            for (int k = 0; k < s->gsets[i].n; k++)
                eng_sb_printf(b, "%s%d", k ? " " : "", s->gsets[i].idx[k]);
            eng_sb_add(b, ")", 1);
        }
        eng_sb_add(b, ")", 1);
    }
    if (s->having) {
        eng_sb_puts(b, " (having ");
        print_expr(b, s->having);
        eng_sb_add(b, ")", 1);
    }
    if (s->nwindows) {
        eng_sb_puts(b, " (window");
        for (int i = 0; i < s->nwindows; i++) {
            eng_sb_puts(b, " (");
            put_ident(b, s->windows[i].name);
            eng_sb_add(b, " ", 1);
            print_window(b, s->windows[i].spec);
            eng_sb_add(b, ")", 1);
        }
        eng_sb_add(b, ")", 1);
    }
    eng_sb_add(b, ")", 1);
}

static void print_body(eng_strbuf *b, const ast_query_body *qb)
{
    static const char *const so[] = {"?", "union", "intersect", "except"};
    if (qb->setop != AS_NONE) {
        eng_sb_add(b, "(", 1);
        eng_sb_puts(b, so[qb->setop]);
        if (qb->all)
            eng_sb_puts(b, " all");
        eng_sb_add(b, " ", 1);
        print_body(b, qb->left);
        eng_sb_add(b, " ", 1);
        print_body(b, qb->right);
        eng_sb_add(b, ")", 1);
    } else if (qb->nested) {
        print_query(b, qb->nested);
    } else if (qb->nrows > 0) {
        eng_sb_puts(b, "(values");
        for (int r = 0; r < qb->nrows; r++) {
            eng_sb_puts(b, " (row");
            for (int i = 0; i < qb->rows[r].nvals; i++) {
                eng_sb_add(b, " ", 1);
                print_expr(b, qb->rows[r].vals[i]);
            }
            eng_sb_add(b, ")", 1);
        }
        eng_sb_add(b, ")", 1);
    } else {
        print_select(b, qb->select);
    }
}

static void print_query(eng_strbuf *b, const ast_query *q)
{
    eng_sb_puts(b, "(query");
    if (q->nctes) {
        eng_sb_puts(b, q->recursive ? " (with recursive" : " (with");
        for (int i = 0; i < q->nctes; i++) {
            eng_sb_puts(b, " (cte ");
            put_ident(b, q->ctes[i].name);
            print_idlist(b, "cols", q->ctes[i].cols, q->ctes[i].ncols);
            eng_sb_add(b, " ", 1);
            print_query(b, q->ctes[i].query);
            eng_sb_add(b, ")", 1);
        }
        eng_sb_add(b, ")", 1);
    }
    eng_sb_add(b, " ", 1);
    print_body(b, q->body);
    if (q->norder) {
        eng_sb_add(b, " ", 1);
        print_order_items(b, q->order_by, q->norder);
    }
    if (q->offset) {
        eng_sb_puts(b, " (offset ");
        print_expr(b, q->offset);
        eng_sb_add(b, ")", 1);
    }
    if (q->limit) {
        eng_sb_puts(b, " (limit ");
        print_expr(b, q->limit);
        eng_sb_add(b, ")", 1);
    }
    eng_sb_add(b, ")", 1);
}

/* (set (ID E)...) of UPDATE / MERGE. */
static void print_assign(eng_strbuf *b, const ast_assign *as, int n)
{
    eng_sb_puts(b, " (set");
    for (int i = 0; i < n; i++) {
        eng_sb_puts(b, " (");
        put_ident(b, as[i].column);
        eng_sb_add(b, " ", 1);
        print_expr(b, as[i].value);
        eng_sb_add(b, ")", 1);
    }
    eng_sb_add(b, ")", 1);
}

/* The write statements of ast_write.h: (KIND N [flags] [parts]). */
static void print_write(eng_strbuf *b, const ast_stmt *s)
{
    static const char *const kinds[] = {
        "create_schema", "drop_schema", "create_table", "ctas",
        "drop_table", "alter_table", "insert", "update", "delete", "merge",
        "create_view", "drop_view", "create_index"
    };
    static const char *const alters[] = {
        "rename_to", "add_column", "drop_column", "rename_column"
    };
    const ast_write *w = s->write;
    eng_sb_add(b, "(", 1);
    eng_sb_puts(b, kinds[s->kind - AST_CREATE_SCHEMA]);
    eng_sb_add(b, " ", 1);
    put_name(b, &w->target);
    if (w->if_exists) eng_sb_puts(b, " if_exists");
    if (w->if_not_exists) eng_sb_puts(b, " if_not_exists");
    if (w->cascade) eng_sb_puts(b, " cascade");
    if (w->or_replace) eng_sb_puts(b, " or_replace");
    if (s->kind == AST_CREATE_TABLE_AS && !w->with_data)
        eng_sb_puts(b, " no_data");
    if (w->alias) {
        eng_sb_puts(b, " (alias ");
        put_ident(b, w->alias);
        eng_sb_add(b, ")", 1);
    }
    if (s->kind == AST_ALTER_TABLE) {
        eng_sb_add(b, " ", 1);
        eng_sb_puts(b, alters[w->alter]);
        if (w->col_if) eng_sb_puts(b, " if");
        if (w->column) { eng_sb_add(b, " ", 1); put_ident(b, w->column); }
        if (w->new_name) { eng_sb_add(b, " ", 1); put_ident(b, w->new_name); }
        if (w->new_table.nparts) { eng_sb_add(b, " ", 1); put_name(b, &w->new_table); }
    }
    for (int i = 0; i < w->ncoldefs; i++) {
        eng_sb_puts(b, " (column ");
        put_ident(b, w->coldefs[i].name);
        if (s->kind != AST_CREATE_INDEX) {
            eng_sb_add(b, " ", 1);
            put_type(b, &w->coldefs[i].type);
        }
        if (w->coldefs[i].not_null) eng_sb_puts(b, " not_null");
        if (w->coldefs[i].primary_key) eng_sb_puts(b, " primary_key");
        if (w->coldefs[i].unique) eng_sb_puts(b, " unique");
        if (w->coldefs[i].desc) eng_sb_puts(b, " desc");
        eng_sb_add(b, ")", 1);
    }
    print_idlist(b, "cols", w->cols, w->ncols);
    print_idlist(b, "primary_key", w->pk, w->npk);
    if (s->kind == AST_CREATE_INDEX) {
        eng_sb_puts(b, w->unique ? " unique " : " ");
        put_ident(b, w->new_name);
    }
    for (int i = 0; i < w->nrows; i++) {
        eng_sb_puts(b, " (row");
        for (int k = 0; k < w->rowlens[i]; k++) {
            eng_sb_add(b, " ", 1);
            print_expr(b, w->rows[i][k]);
        }
        eng_sb_add(b, ")", 1);
    }
    if (w->nassign)
        print_assign(b, w->assign, w->nassign);
    if (w->source) {
        eng_sb_puts(b, " (using ");
        print_rel(b, w->source);
        eng_sb_puts(b, ") (on ");
        print_expr(b, w->on);
        eng_sb_add(b, ")", 1);
    }
    for (int i = 0; i < w->nclauses; i++) {
        const ast_merge_clause *c = &w->clauses[i];
        eng_sb_puts(b, c->matched ? " (when_matched" : " (when_not_matched");
        if (c->cond) {
            eng_sb_puts(b, " (and ");
            print_expr(b, c->cond);
            eng_sb_add(b, ")", 1);
        }
        if (c->action == AMA_DELETE)
            eng_sb_puts(b, " delete");
        else if (c->action == AMA_UPDATE)
            print_assign(b, c->assign, c->nassign);
        else {
            eng_sb_puts(b, " (insert");
            print_idlist(b, "cols", c->cols, c->ncols);
            for (int k = 0; k < c->nvalues; k++) {
                eng_sb_add(b, " ", 1);
                print_expr(b, c->values[k]);
            }
            eng_sb_add(b, ")", 1);
        }
        eng_sb_add(b, ")", 1);
    }
    if (w->where) {
        eng_sb_puts(b, " (where ");
        print_expr(b, w->where);
        eng_sb_add(b, ")", 1);
    }
    if (w->query) {
        eng_sb_add(b, " ", 1);
        print_query(b, w->query);
    }
    eng_sb_add(b, ")", 1);
}

static void print_stmt(eng_strbuf *b, const ast_stmt *s)
{
    switch (s->kind) {
    default:
        print_write(b, s);
        return;
    case AST_QUERY:
        print_query(b, s->query);
        return;
    case AST_SHOW_CATALOGS:
        eng_sb_puts(b, "(show_catalogs");
        break;
    case AST_SHOW_SCHEMAS:
    case AST_SHOW_TABLES:
        eng_sb_puts(b, s->kind == AST_SHOW_SCHEMAS ? "(show_schemas"
                                             : "(show_tables");
        if (s->name.nparts) {
            eng_sb_puts(b, " (from ");
            put_name(b, &s->name);
            eng_sb_add(b, ")", 1);
        }
        break;
    case AST_SHOW_COLUMNS:
    case AST_USE:
        eng_sb_puts(b, s->kind == AST_USE ? "(use " : "(show_columns ");
        put_name(b, &s->name);
        break;
    case AST_EXPLAIN:
        eng_sb_puts(b, s->analyze ? "(explain_analyze " : "(explain ");
        print_stmt(b, s->inner);
        break;
    case AST_COMMIT:
    case AST_ROLLBACK:
        eng_sb_puts(b, s->kind == AST_COMMIT ? "(commit" : "(rollback");
        break;
    case AST_SET_SESSION:
    case AST_RESET_SESSION:
        eng_sb_puts(b, s->kind == AST_SET_SESSION ? "(set_session "
                                                 : "(reset_session ");
        put_name(b, &s->name);
        if (s->value) {
            eng_sb_add(b, " ", 1);
            print_expr(b, s->value);
        }
        break;
    case AST_SHOW_SESSION:
        eng_sb_puts(b, "(show_session");
        break;
    case AST_START_TRANSACTION: {
        static const char *const iso[] = { "", " (isolation read_uncommitted)",
            " (isolation read_committed)", " (isolation repeatable_read)",
            " (isolation serializable)" };
        eng_sb_puts(b, "(start_transaction");
        eng_sb_puts(b, iso[s->txn_isolation]);
        if (s->txn_access != AST_ACCESS_DEFAULT)
            eng_sb_puts(b, s->txn_access == AST_ACCESS_READ_ONLY
                               ? " read_only" : " read_write");
        break;
    }
    }
    if (s->like) {
        eng_sb_puts(b, " (like ");
        put_string(b, s->like, (int)strlen(s->like));
        eng_sb_add(b, ")", 1);
    }
    eng_sb_add(b, ")", 1);
}

/*
 * Returns the canonical text of s (format in the file header) as a
 * NUL-terminated string in arena a, or NULL on OOM. The recursion follows
 * the tree, whose height the parser bounds.
 */
char *parse_ast_print(eng_arena *a, const ast_stmt *s)
{
    eng_strbuf b;
    eng_sb_init(&b, a);
    print_stmt(&b, s);
    return eng_sb_finish(&b, a);
}
