/*
 * engine/plan/plan_util.c
 *   Constructors of plan expressions and nodes, and the text form of an
 *   expression.
 * Interface: plan_expr_new, plan_colref, plan_const, plan_node_new, plan_expr_text,
 *   plan_reads_corr, plan_expr_has_colref, plan_scan_waits_for_df,
 *   plan_df_published, plan_text_expr (plan_int.h).
 * Not here: whole-plan text (explain.c), building plans from the AST
 *   (binder/).
 *
 * Expression text is for people (EXPLAIN, test assertions, messages),
 * never for a remote server: column references print as #n, operators
 * infix inside parentheses, constants as SQL literals.
 */
#include <string.h>
#include "plan.h"
#include "plan_int.h"
#include "../types/types_int.h"

/* ---- constructors ---- */

/* Returns a zeroed expression of `kind` and `type` in a; NULL on OOM. */
plan_expr *plan_expr_new(eng_arena *a, plan_expr_kind kind, eng_type type)
{
    plan_expr *e = eng_arena_calloc(a, sizeof *e);
    if (!e)
        return NULL;
    e->kind = kind;
    e->type = type;
    return e;
}

/* Returns a reference to input column `col` of type `type`. */
plan_expr *plan_colref(eng_arena *a, int col, eng_type type)
{
    plan_expr *e = plan_expr_new(a, PX_COLREF, type);
    if (e)
        e->col = col;
    return e;
}

/*
 * Returns a constant holding a copy of *v (string bytes copied into a,
 * so the constant does not depend on v's storage). NULL on OOM.
 */
plan_expr *plan_const(eng_arena *a, const eng_value *v)
{
    plan_expr *e = plan_expr_new(a, PX_CONST, v->type);
    if (!e)
        return NULL;
    e->value = *v;
    eng_error ignored;   /* OOM is the only failure: NULL says it */
    if (eng_value_own(a, &e->value, &ignored) != ENG_OK)
        return NULL;
    return e;
}

/*
 * Returns a zeroed node of `kind` with ncols output columns: types and
 * names arrays of ncols zeroed entries (NULL when ncols is 0), limit and
 * spec.limit -1 (none). NULL on OOM.
 */
plan_node *plan_node_new(eng_arena *a, plan_node_kind kind, int ncols)
{
    plan_node *n = eng_arena_calloc(a, sizeof *n);
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

/* ---- expressions ---- */

static const char *op_text(plan_op op)
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

/* Appends a constant as a SQL literal: 5, 12.50, 'it''s', true, X'0A',
 * UUID '...',
 * DOUBLE '1.5', DATE '2020-01-01', TIMESTAMP '...', INTERVAL '...' ...,
 * NULL. */
static void const_text(eng_strbuf *t, const eng_value *v)
{
    char buf[128];
    if (v->is_null || v->type.id == ENG_T_UNKNOWN) {
        eng_sb_puts(t, "NULL");
        return;
    }
    switch (v->type.id) {
    case ENG_T_BOOLEAN:
        eng_sb_puts(t, v->u.b ? "true" : "false");
        break;
    case ENG_T_SMALLINT:
    case ENG_T_INTEGER:
    case ENG_T_BIGINT:
        eng_sb_printf(t, "%lld", (long long)v->u.i);
        break;
    case ENG_T_DECIMAL:
        eng_decimal_format(v->u.dec, v->type.scale, buf, sizeof buf);
        eng_sb_puts(t, buf);
        break;
    case ENG_T_DOUBLE:
        eng_double_text(v->u.d, buf, sizeof buf);
        eng_sb_printf(t, "DOUBLE '%s'", buf);
        break;
    case ENG_T_DATE:
        eng_date_format(v->u.date, buf, sizeof buf);
        eng_sb_printf(t, "DATE '%s'", buf);
        break;
    case ENG_T_VARCHAR:
        eng_sb_quoted(t, '\'', v->u.s.ptr ? v->u.s.ptr : "", v->u.s.len);
        break;
    case ENG_T_TIMESTAMP:
        eng_ts_format(v->u.i, v->type.precision, buf, sizeof buf);
        eng_sb_printf(t, "TIMESTAMP '%s'", buf);
        break;
    case ENG_T_TIME:
        eng_time_format(v->u.i, v->type.precision, buf, sizeof buf);
        eng_sb_printf(t, "TIME '%s'", buf);
        break;
    case ENG_T_TIMESTAMP_TZ:
        eng_tstz_format(v->u.tz, v->type.precision, buf, sizeof buf);
        eng_sb_printf(t, "TIMESTAMP '%s'", buf);
        break;
    case ENG_T_TIME_TZ:
        eng_timetz_format(v->u.tz, v->type.precision, buf, sizeof buf);
        eng_sb_printf(t, "TIME '%s'", buf);
        break;
    case ENG_T_INTERVAL_DS:
        eng_interval_ds_format(v->u.i, buf, sizeof buf);
        eng_sb_printf(t, "INTERVAL '%s' DAY TO SECOND", buf);
        break;
    case ENG_T_INTERVAL_YM:
        eng_interval_ym_format(v->u.i, buf, sizeof buf);
        eng_sb_printf(t, "INTERVAL '%s' YEAR TO MONTH", buf);
        break;
    case ENG_T_VARBINARY: {
        /* X'0A0B': Trino's binary literal */
        eng_sb_puts(t, "X'");
        for (uint32_t k = 0; k < v->u.s.len; k++) {
            char h[2];
            eng_hex_format((const uint8_t *)v->u.s.ptr + k, 1, true, h);
            eng_sb_add(t, h, 2);
        }
        eng_sb_puts(t, "'");
        break;
    }
    case ENG_T_UUID:
        if (v->u.s.len == 16) {
            eng_uuid_format((const uint8_t *)v->u.s.ptr, buf);
            eng_sb_printf(t, "UUID '%.36s'", buf);
        }
        break;
    case ENG_T_JSON:
        eng_sb_puts(t, "JSON ");
        eng_sb_quoted(t, '\'', v->u.s.ptr ? v->u.s.ptr : "", v->u.s.len);
        break;
    case ENG_T_ARRAY: {
        /* ARRAY[1, 2]: Trino's constructor; elements as literals */
        eng_type et = eng_type_elem(v->type);
        eng_sb_puts(t, "ARRAY[");
        for (uint32_t k = 0; k < v->u.arr.n; k++) {
            eng_value e;
            eng_arr_get(et, v->u.arr, k, &e);
            if (k)
                eng_sb_puts(t, ", ");
            const_text(t, &e);
        }
        eng_sb_puts(t, "]");
        break;
    }
    case ENG_T_UNKNOWN:
        break;
    }
}

static void args_text(eng_strbuf *t, const plan_expr *e, int from, int off)
{
    for (int i = from; i < e->nargs; i++) {
        if (i > from)
            eng_sb_puts(t, ", ");
        plan_text_expr(t, e->args[i], off);
    }
}

void plan_text_expr(eng_strbuf *t, const plan_expr *e, int off)
{
    char tn[48];
    if (!e) {
        eng_sb_puts(t, "<null>");
        return;
    }
    switch (e->kind) {
    case PX_CONST:
        const_text(t, &e->value);
        break;
    case PX_COLREF:
        eng_sb_printf(t, "#%d", e->col + off);
        break;
    case PX_PARAM:
        eng_sb_printf(t, "?%d", e->param + 1);
        break;
    case PX_OP:
        if (e->op == PO_NEG || e->nargs == 1) {
            eng_sb_printf(t, "(%s", op_text(e->op));
            plan_text_expr(t, e->nargs > 0 ? e->args[0] : NULL, off);
            eng_sb_puts(t, ")");
        } else {
            eng_sb_puts(t, "(");
            plan_text_expr(t, e->nargs > 0 ? e->args[0] : NULL, off);
            eng_sb_printf(t, " %s ", op_text(e->op));
            plan_text_expr(t, e->nargs > 1 ? e->args[1] : NULL, off);
            eng_sb_puts(t, ")");
        }
        break;
    case PX_AND:
    case PX_OR:
        eng_sb_puts(t, "(");
        for (int i = 0; i < e->nargs; i++) {
            if (i)
                eng_sb_puts(t, e->kind == PX_AND ? " AND " : " OR ");
            plan_text_expr(t, e->args[i], off);
        }
        eng_sb_puts(t, ")");
        break;
    case PX_NOT:
        eng_sb_puts(t, "(NOT ");
        plan_text_expr(t, e->nargs > 0 ? e->args[0] : NULL, off);
        eng_sb_puts(t, ")");
        break;
    case PX_IS_NULL:
        eng_sb_puts(t, "(");
        plan_text_expr(t, e->nargs > 0 ? e->args[0] : NULL, off);
        eng_sb_puts(t, e->negated ? " IS NOT NULL)" : " IS NULL)");
        break;
    case PX_CASE: {
        int pairs = (e->nargs - (e->has_else ? 1 : 0)) / 2;
        eng_sb_puts(t, "CASE");
        for (int i = 0; i < pairs; i++) {
            eng_sb_puts(t, " WHEN ");
            plan_text_expr(t, e->args[2 * i], off);
            eng_sb_puts(t, " THEN ");
            plan_text_expr(t, e->args[2 * i + 1], off);
        }
        if (e->has_else && e->nargs > 0) {
            eng_sb_puts(t, " ELSE ");
            plan_text_expr(t, e->args[e->nargs - 1], off);
        }
        eng_sb_puts(t, " END");
        break;
    }
    case PX_CAST:
        eng_sb_puts(t, e->is_try ? "TRY_CAST(" : "CAST(");
        plan_text_expr(t, e->nargs > 0 ? e->args[0] : NULL, off);
        eng_sb_printf(t, " AS %s)", eng_type_name(e->type, tn, sizeof tn));
        break;
    case PX_IN_LIST:
        eng_sb_puts(t, "(");
        plan_text_expr(t, e->nargs > 0 ? e->args[0] : NULL, off);
        eng_sb_puts(t, e->negated ? " NOT IN (" : " IN (");
        args_text(t, e, 1, off);
        eng_sb_puts(t, "))");
        break;
    case PX_LIKE:
        eng_sb_puts(t, "(");
        plan_text_expr(t, e->nargs > 0 ? e->args[0] : NULL, off);
        eng_sb_puts(t, e->negated ? " NOT LIKE " : " LIKE ");
        plan_text_expr(t, e->nargs > 1 ? e->args[1] : NULL, off);
        if (e->nargs > 2) {
            eng_sb_puts(t, " ESCAPE ");
            plan_text_expr(t, e->args[2], off);
        }
        eng_sb_puts(t, ")");
        break;
    case PX_FUNC:
        eng_sb_printf(t, "%s(", e->func ? e->func : "?");
        args_text(t, e, 0, off);
        eng_sb_puts(t, ")");
        break;
    case PX_SUBQUERY: {
        static const char *const kn[] = { "EXISTS", "SCALAR", "ANY" };
        const plan_subquery *q = e->subq;
        eng_sb_puts(t, "(");
        if (q && q->kind == PSQ_ANY && e->nargs > 0) {
            plan_text_expr(t, e->args[0], off);
            eng_sb_printf(t, " %s ", op_text(q->op));
        }
        eng_sb_printf(t, "%s(subquery", q ? kn[q->kind] : "?");
        if (q && e->nargs > q->ntest) {
            eng_sb_puts(t, " with ");
            args_text(t, e, q->ntest, off);
        }
        eng_sb_puts(t, "))");
        break;
    }
    case PX_OUTER_REF:
        eng_sb_printf(t, "outer#%d", e->param);
        break;
    case PX_CORR:
        eng_sb_printf(t, "$corr%d", e->param);
        break;
    }
}

static bool node_waits_for_df(const plan_node *n)
{
    if (!n)
        return false;
    if (n->kind == PN_SCAN)
        return plan_scan_waits_for_df(&n->spec);
    return node_waits_for_df(n->child) || node_waits_for_df(n->left) ||
           node_waits_for_df(n->right);
}

bool plan_scan_waits_for_df(const eng_scan_spec *spec)
{
    return spec->ndf > 0 || node_waits_for_df(spec->remote);
}

bool plan_expr_has_colref(const plan_expr *e)
{
    if (!e)
        return false;
    if (e->kind == PX_COLREF)
        return true;
    for (int i = 0; i < e->nargs; i++)
        if (plan_expr_has_colref(e->args[i]))
            return true;
    return false;
}

/* True when e reads a correlation slot. */
static bool expr_reads_corr(const plan_expr *e)
{
    if (!e)
        return false;
    if (e->kind == PX_CORR)
        return true;
    for (int i = 0; i < e->nargs; i++)
        if (expr_reads_corr(e->args[i]))
            return true;
    return false;
}

static bool exprs_read_corr(plan_expr *const *es, int n)
{
    for (int i = 0; es && i < n; i++)
        if (expr_reads_corr(es[i]))
            return true;
    return false;
}

/*
 * True when any expression of the subtree n reads a correlation slot:
 * filters, projections, join keys/residuals/tests, aggregate arguments,
 * sort keys, apply parameters and scan filters (which a connector never
 * accepts, but a caller may have put there).
 */
bool plan_reads_corr(const plan_node *n)
{
    /* a recursion step's working table changes between runs like a
     * correlated input between outer rows */
    if (n && n->kind == PN_WORKTABLE)
        return true;
    if (!n)
        return false;
    if (expr_reads_corr(n->pred) || expr_reads_corr(n->residual) ||
        expr_reads_corr(n->mark_test) ||
        (n->kind == PN_PROJECT && exprs_read_corr(n->exprs, n->ncols)) ||
        exprs_read_corr(n->lkeys, n->nkeys) ||
        exprs_read_corr(n->rkeys, n->nkeys) ||
        exprs_read_corr(n->groups, n->ngroups) ||
        exprs_read_corr(n->sort_keys, n->nsort) ||
        exprs_read_corr(n->params, n->nparams) ||
        exprs_read_corr(n->spec.filters, n->spec.nfilters))
        return true;
    for (int i = 0; i < n->naggs; i++)
        if (expr_reads_corr(n->aggs[i].arg) || expr_reads_corr(n->aggs[i].arg2) ||
            expr_reads_corr(n->aggs[i].filter) ||
            exprs_read_corr(n->aggs[i].order, n->aggs[i].norder))
            return true;
    if (exprs_read_corr(n->part_keys, n->npart))
        return true;
    for (int f = 0; f < n->nwin; f++) {
        const plan_winfunc *w = &n->wins[f];
        if (exprs_read_corr(w->args, w->nargs) || expr_reads_corr(w->agg.arg) ||
            expr_reads_corr(w->agg.arg2) || expr_reads_corr(w->agg.filter) ||
            expr_reads_corr(w->start_off) || expr_reads_corr(w->end_off))
            return true;
    }
    return plan_reads_corr(n->child) || plan_reads_corr(n->left) ||
           plan_reads_corr(n->right);
}

/*
 * Returns e as readable SQL-like text in arena a: `#3`, `(#0 + 1)`,
 * `CAST(#1 AS decimal(10,2))`, `CASE WHEN ... END`, `lower(#2)`,
 * 'it''s', DATE '2020-01-01', DOUBLE '1.5'. NULL on OOM.
 */
char *plan_expr_text(eng_arena *a, const plan_expr *e)
{
    eng_strbuf t;
    eng_sb_init(&t, a);
    plan_text_expr(&t, e, 0);
    return eng_sb_finish(&t, a);
}

/* True when a dynamic filter of n (or of a leaf of its remote subtree)
 * has values in slots. */
static bool node_df_published(const plan_node *n, const eng_df_slot *slots)
{
    if (!n)
        return false;
    if (n->kind == PN_SCAN)
        return plan_df_published(&n->spec, slots);
    return node_df_published(n->child, slots) ||
           node_df_published(n->left, slots) ||
           node_df_published(n->right, slots);
}

/*
 * True when some dynamic filter of the scan spec (or of a leaf of its
 * remote subtree) has been published in slots, so that the scan's SQL
 * must be written again at execution.
 */
bool plan_df_published(const eng_scan_spec *spec, const eng_df_slot *slots)
{
    if (!spec || !slots)
        return false;
    if (spec->remote)
        return node_df_published(spec->remote, slots);
    for (int i = 0; i < spec->ndf; i++) {
        int s = spec->df[i].slot;
        if (s >= 0 && s < ENG_DF_MAX_SLOTS &&
            (slots[s].kind == ENG_DF_VALUES || slots[s].kind == ENG_DF_RANGE))
            return true;
    }
    return false;
}
