/*
 * engine/planner/plan_util.c
 *   Constructors of plan expressions and nodes, and the text form of an
 *   expression.
 * Interface: pl_expr_new, pl_colref, pl_const, pl_node_new, pl_expr_text,
 *   pl__text_* (plan_int.h).
 * Not here: whole-plan text (explain.c), building plans from the AST
 *   (binder/).
 *
 * Expression text is for people (EXPLAIN, test assertions, messages),
 * never for a remote server: column references print as #n, operators
 * infix inside parentheses, constants as SQL literals.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "plan.h"
#include "plan_int.h"
#include "../types/types_int.h"

/* ---- constructors ---- */

/* Returns a zeroed expression of `kind` and `type` in a; NULL on OOM. */
pl_expr *pl_expr_new(eng_arena *a, pl_expr_kind kind, eng_type type)
{
    pl_expr *e = eng_arena_calloc(a, sizeof *e);
    if (!e)
        return NULL;
    e->kind = kind;
    e->type = type;
    return e;
}

/* Returns a reference to input column `col` of type `type`. */
pl_expr *pl_colref(eng_arena *a, int col, eng_type type)
{
    pl_expr *e = pl_expr_new(a, PX_COLREF, type);
    if (e)
        e->col = col;
    return e;
}

/*
 * Returns a constant holding a copy of *v (string bytes copied into a,
 * so the constant does not depend on v's storage). NULL on OOM.
 */
pl_expr *pl_const(eng_arena *a, const eng_value *v)
{
    pl_expr *e = pl_expr_new(a, PX_CONST, v->type);
    if (!e)
        return NULL;
    e->value = *v;
    if (v->type.id == ENG_T_VARCHAR && !v->is_null) {
        char *p = eng_arena_memdup(a, v->u.s.ptr ? v->u.s.ptr : "",
                                   v->u.s.len);
        if (!p)
            return NULL;
        e->value.u.s.ptr = p;
    }
    return e;
}

/*
 * Returns a zeroed node of `kind` with ncols output columns: types and
 * names arrays of ncols zeroed entries (NULL when ncols is 0), limit and
 * spec.limit -1 (none). NULL on OOM.
 */
pl_node *pl_node_new(eng_arena *a, pl_node_kind kind, int ncols)
{
    pl_node *n = eng_arena_calloc(a, sizeof *n);
    if (!n)
        return NULL;
    n->kind = kind;
    n->ncols = ncols;
    n->limit = -1;
    n->spec.limit = -1;
    if (ncols > 0) {
        n->types = eng_arena_calloc(a, sizeof *n->types * (size_t)ncols);
        n->names = eng_arena_calloc(a, sizeof *n->names * (size_t)ncols);
        if (!n->types || !n->names)
            return NULL;
    }
    return n;
}

/* ---- text buffer ---- */

void pl__text_add(pl_text *t, const char *s, size_t n)
{
    if (t->oom)
        return;
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 128;
        while (cap < t->len + n + 1)
            cap *= 2;
        char *b = eng_realloc(t->buf, cap);
        if (!b) {
            t->oom = true;
            return;
        }
        t->buf = b;
        t->cap = cap;
    }
    memcpy(t->buf + t->len, s, n);
    t->len += n;
    t->buf[t->len] = '\0';
}

void pl__text_puts(pl_text *t, const char *s)
{
    pl__text_add(t, s, strlen(s));
}

void pl__text_printf(pl_text *t, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof small) {
        pl__text_add(t, small, (size_t)n);
        return;
    }
    char *big = eng_malloc((size_t)n + 1);
    if (!big) {
        t->oom = true;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    pl__text_add(t, big, (size_t)n);
    eng_free(big);
}

char *pl__text_finish(pl_text *t, eng_arena *a)
{
    char *r = NULL;
    if (!t->oom)
        r = eng_arena_strndup(a, t->buf ? t->buf : "", t->len);
    eng_free(t->buf);
    t->buf = NULL;
    t->len = t->cap = 0;
    return r;
}

/* ---- expressions ---- */

static const char *op_text(pl_op op)
{
    switch (op) {
    case PO_ADD: return "+";
    case PO_SUB: return "-";
    case PO_MUL: return "*";
    case PO_DIV: return "/";
    case PO_MOD: return "%";
    case PO_NEG: return "-";
    case PO_CONCAT: return "||";
    case PO_EQ: return "=";
    case PO_NE: return "<>";
    case PO_LT: return "<";
    case PO_LE: return "<=";
    case PO_GT: return ">";
    case PO_GE: return ">=";
    case PO_IS_DISTINCT: return "IS DISTINCT FROM";
    case PO_IS_NOT_DISTINCT: return "IS NOT DISTINCT FROM";
    }
    return "?";
}

/* Appends a constant as a SQL literal: 5, 12.50, 'it''s', true,
 * DOUBLE '1.5', DATE '2020-01-01', NULL. */
static void const_text(pl_text *t, const eng_value *v)
{
    char buf[64];
    if (v->is_null || v->type.id == ENG_T_UNKNOWN) {
        pl__text_puts(t, "NULL");
        return;
    }
    switch (v->type.id) {
    case ENG_T_BOOLEAN:
        pl__text_puts(t, v->u.b ? "true" : "false");
        break;
    case ENG_T_SMALLINT:
    case ENG_T_INTEGER:
    case ENG_T_BIGINT:
        pl__text_printf(t, "%lld", (long long)v->u.i);
        break;
    case ENG_T_DECIMAL:
        eng_decimal_format(v->u.dec, v->type.scale, buf, sizeof buf);
        pl__text_puts(t, buf);
        break;
    case ENG_T_DOUBLE:
        eng__double_text(v->u.d, buf, sizeof buf);
        pl__text_printf(t, "DOUBLE '%s'", buf);
        break;
    case ENG_T_DATE:
        eng_date_format(v->u.date, buf, sizeof buf);
        pl__text_printf(t, "DATE '%s'", buf);
        break;
    case ENG_T_VARCHAR: {
        pl__text_puts(t, "'");
        const char *p = v->u.s.ptr ? v->u.s.ptr : "";
        size_t start = 0;
        for (size_t i = 0; i < v->u.s.len; i++) {
            if (p[i] == '\'') {
                pl__text_add(t, p + start, i - start + 1);
                pl__text_puts(t, "'");
                start = i + 1;
            }
        }
        pl__text_add(t, p + start, v->u.s.len - start);
        pl__text_puts(t, "'");
        break;
    }
    case ENG_T_UNKNOWN:
        break;
    }
}

static void args_text(pl_text *t, const pl_expr *e, int from, int off)
{
    for (int i = from; i < e->nargs; i++) {
        if (i > from)
            pl__text_puts(t, ", ");
        pl__text_expr(t, e->args[i], off);
    }
}

void pl__text_expr(pl_text *t, const pl_expr *e, int off)
{
    char tn[48];
    if (!e) {
        pl__text_puts(t, "<null>");
        return;
    }
    switch (e->kind) {
    case PX_CONST:
        const_text(t, &e->value);
        break;
    case PX_COLREF:
        pl__text_printf(t, "#%d", e->col + off);
        break;
    case PX_PARAM:
        pl__text_printf(t, "?%d", e->param + 1);
        break;
    case PX_OP:
        if (e->op == PO_NEG || e->nargs == 1) {
            pl__text_printf(t, "(%s", op_text(e->op));
            pl__text_expr(t, e->nargs > 0 ? e->args[0] : NULL, off);
            pl__text_puts(t, ")");
        } else {
            pl__text_puts(t, "(");
            pl__text_expr(t, e->nargs > 0 ? e->args[0] : NULL, off);
            pl__text_printf(t, " %s ", op_text(e->op));
            pl__text_expr(t, e->nargs > 1 ? e->args[1] : NULL, off);
            pl__text_puts(t, ")");
        }
        break;
    case PX_AND:
    case PX_OR:
        pl__text_puts(t, "(");
        for (int i = 0; i < e->nargs; i++) {
            if (i)
                pl__text_puts(t, e->kind == PX_AND ? " AND " : " OR ");
            pl__text_expr(t, e->args[i], off);
        }
        pl__text_puts(t, ")");
        break;
    case PX_NOT:
        pl__text_puts(t, "(NOT ");
        pl__text_expr(t, e->nargs > 0 ? e->args[0] : NULL, off);
        pl__text_puts(t, ")");
        break;
    case PX_IS_NULL:
        pl__text_puts(t, "(");
        pl__text_expr(t, e->nargs > 0 ? e->args[0] : NULL, off);
        pl__text_puts(t, e->negated ? " IS NOT NULL)" : " IS NULL)");
        break;
    case PX_CASE: {
        int pairs = (e->nargs - (e->has_else ? 1 : 0)) / 2;
        pl__text_puts(t, "CASE");
        for (int i = 0; i < pairs; i++) {
            pl__text_puts(t, " WHEN ");
            pl__text_expr(t, e->args[2 * i], off);
            pl__text_puts(t, " THEN ");
            pl__text_expr(t, e->args[2 * i + 1], off);
        }
        if (e->has_else && e->nargs > 0) {
            pl__text_puts(t, " ELSE ");
            pl__text_expr(t, e->args[e->nargs - 1], off);
        }
        pl__text_puts(t, " END");
        break;
    }
    case PX_CAST:
        pl__text_puts(t, e->is_try ? "TRY_CAST(" : "CAST(");
        pl__text_expr(t, e->nargs > 0 ? e->args[0] : NULL, off);
        pl__text_printf(t, " AS %s)", eng_type_name(e->type, tn, sizeof tn));
        break;
    case PX_IN_LIST:
        pl__text_puts(t, "(");
        pl__text_expr(t, e->nargs > 0 ? e->args[0] : NULL, off);
        pl__text_puts(t, e->negated ? " NOT IN (" : " IN (");
        args_text(t, e, 1, off);
        pl__text_puts(t, "))");
        break;
    case PX_LIKE:
        pl__text_puts(t, "(");
        pl__text_expr(t, e->nargs > 0 ? e->args[0] : NULL, off);
        pl__text_puts(t, e->negated ? " NOT LIKE " : " LIKE ");
        pl__text_expr(t, e->nargs > 1 ? e->args[1] : NULL, off);
        if (e->nargs > 2) {
            pl__text_puts(t, " ESCAPE ");
            pl__text_expr(t, e->args[2], off);
        }
        pl__text_puts(t, ")");
        break;
    case PX_FUNC:
        pl__text_printf(t, "%s(", e->func ? e->func : "?");
        args_text(t, e, 0, off);
        pl__text_puts(t, ")");
        break;
    }
}

/*
 * Returns e as readable SQL-like text in arena a: `#3`, `(#0 + 1)`,
 * `CAST(#1 AS decimal(10,2))`, `CASE WHEN ... END`, `lower(#2)`,
 * 'it''s', DATE '2020-01-01', DOUBLE '1.5'. NULL on OOM.
 */
char *pl_expr_text(eng_arena *a, const pl_expr *e)
{
    pl_text t = {0};
    pl__text_expr(&t, e, 0);
    return pl__text_finish(&t, a);
}
