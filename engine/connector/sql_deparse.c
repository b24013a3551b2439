/*
 * engine/connector/sql_deparse.c
 *   The one deparser of the SQL connectors (see sql_deparse.h): a scan
 *   or a remote subtree as one statement, in a dialect that is data
 *   (eng_sql_dialect), e.g. PostgreSQL's:
 *     SELECT "c1", "c2" FROM "schema"."table" WHERE (f1) AND (f2) LIMIT n
 *   or Trino's, the same with "catalog"."schema"."table" and typed
 *   literals; plus the dynamic filters a join published before the scan
 *   started.
 * Interface: eng_deparse_sql, eng_deparse_sql_expr.
 * Not here: deciding what may be shipped (each connector's whitelist),
 *   the dialect tables (pg/pg_deparse.c, trino/trino_connector.c),
 *   wrapping the statement (pg_scan.c's COPY).
 *
 * Safety: every identifier is double-quoted with " doubled; every string
 * literal is single-quoted with ' doubled, which is exact in both
 * dialects (PostgreSQL sessions run with standard_conforming_strings =
 * on, pg_connector.c; Trino has no backslash escapes); constants are
 * typed so that the server infers the engine's type. No user text
 * reaches the SQL unquoted.
 *
 * Expressions: every compound node is printed in parentheses, so operator
 * precedence never matters. Constants (ENG_SQL_LIT_PG):
 *   boolean TRUE / FALSE; integers in int32 range plain (negatives as
 *   (-5)), larger bigints 5000000000::int8 / (-5000000000)::int8;
 *   decimal '12.50'::numeric(p,s); date DATE 'YYYY-MM-DD';
 *   timestamp with time zone 'YYYY-MM-DD HH:MM:SS.ffffff+00'::timestamptz
 *   (the instant in UTC); real '1.5'::float4 (%.9g); bytea '\x0a0b'::bytea;
 *   uuid '...'::uuid;
 *   double '1.5'::float8 (%.17g, round-trips exactly; the decimal point is
 *   forced to '.' whatever the process locale); varchar 'it''s';
 *   NULL as NULL::<type>. (ENG_SQL_LIT_TRINO: trino_literal.c's typed
 *   literals, timestamps and times with all six digits.)
 * Column references in filters follow the value the engine receives
 * (ENG_SQL_CHAR_PG_OIDS):
 *   name -> "c"::text (a text literal compared with a name would be cut to
 *   63 bytes), bpchar with or without a length -> "c"::text: the cast
 *   drops the trailing blanks, as pg_copy.c does, so that the remote
 *   comparison sees the engine's value of a char(n) (Trino's char
 *   comparison pads both sides to one length, which is the same thing);
 *   json and jsonb -> "c"::text (Trino's json, carried as text: read,
 *   compared and ordered as their text, jsonb's normalized; the dialect's
 *   text_types); (ENG_SQL_CHAR_CAST_VARCHAR) char(n) -> CAST("c" AS
 *   varchar).
 * Varchar < <= > >= and LIKE get the dialect's varchar_order (PostgreSQL:
 * COLLATE "C", code point order as Trino); LIKE gets the default escape
 * (PostgreSQL: ESCAPE '', its default escape is backslash, Trino has
 * none). With nan_guard, double > and >= against a constant add AND x <>
 * 'NaN'::float8 (see pg_shippable.c).
 */
#include <stdio.h>
#include <string.h>
#include "sql_deparse.h"
#include "trino/trino_literal.h"
#include "../common/strbuf.h"

/* Deparse state: output, the scanned table (for column names and remote
 * types) or, inside a remote subtree, the aliases of the inputs whose
 * columns "c0", "c1", ... expressions reference (column < nl: left input),
 * the execution's dynamic filter slots (NULL at plan time), the next
 * subquery alias number and the first error met. */
typedef struct dctx {
    const eng_sql_dialect *d;
    const char *catalog;        /* three-part table names, or NULL */
    eng_strbuf b;               /* in the caller's arena; oom is sticky */
    const eng_table_def *t;
    int lalias, ralias, nl;
    const eng_df_slot *slots;
    int nalias;
    eng_error *err;
    eng_rc rc;                  /* first non-OOM error, ENG_OK if none */
} dctx;

/* Writes s as a quoted identifier: "a""b". */
static void put_ident(eng_strbuf *b, const char *s)
{
    eng_sb_quoted(b, '"', s, strlen(s));
}

/* Records an internal error (a shape the whitelist should have refused). */
static void fail(dctx *c, const char *what)
{
    if (c->rc == ENG_OK)
        c->rc = eng_err_set(c->err, ENG_ERR_INTERNAL, 0,
                            "cannot deparse filter for %s: %s", c->d->name, what);
}

/* Formats an unscaled decimal with `scale` fraction digits ("-0.05"). */
static void put_decimal(eng_strbuf *b, eng_int128 v, int scale)
{
    char digits[48], out[52];
    unsigned __int128 u = v < 0 ? -(unsigned __int128)v : (unsigned __int128)v;
    int n = 0, o = 0;
    do {
        digits[n++] = (char)('0' + (int)(u % 10));
        u /= 10;
    } while (u > 0);
    while (n <= scale)
        digits[n++] = '0';              /* at least one integer digit */
    if (v < 0)
        out[o++] = '-';
    for (int i = n - 1; i >= 0; i--) {
        out[o++] = digits[i];
        if (i == scale && scale > 0)
            out[o++] = '.';
    }
    out[o] = '\0';
    eng_sb_puts(b, out);
}

/* Writes days since 1970-01-01 as YYYY-MM-DD (proleptic Gregorian; the
 * shippable range is years 1..9999). Algorithm: H. Hinnant's
 * civil_from_days. */
static void put_date(eng_strbuf *b, int32_t days)
{
    long z = (long)days + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2)
        y++;
    eng_sb_printf(b, "DATE '%04ld-%02ld-%02ld'", y, m, d);
}

/* The dialect's spelling of engine type t in a CAST; PostgreSQL's
 * below, Trino's the engine's own names. */
static void put_type(const dctx *c, eng_strbuf *b, eng_type t)
{
    char buf[48];
    if (c->d->types == ENG_SQL_TYPES_TRINO) {
        eng_sb_puts(b, eng_type_name(t, buf, sizeof buf));
        return;
    }
    switch (t.id) {
    case ENG_T_BOOLEAN:  eng_sb_puts(b, "boolean"); break;
    case ENG_T_SMALLINT: eng_sb_puts(b, "int2"); break;
    case ENG_T_INTEGER:  eng_sb_puts(b, "int4"); break;
    case ENG_T_BIGINT:   eng_sb_puts(b, "int8"); break;
    case ENG_T_DOUBLE:
        eng_sb_puts(b, eng_type_is_real(t) ? "float4" : "float8");
        break;
    case ENG_T_DATE:     eng_sb_puts(b, "date"); break;
    case ENG_T_TIMESTAMP: eng_sb_puts(b, "timestamp"); break;
    case ENG_T_TIME:     eng_sb_puts(b, "time"); break;
    case ENG_T_TIMESTAMP_TZ: eng_sb_puts(b, "timestamptz"); break;
    case ENG_T_VARCHAR:  eng_sb_puts(b, "text"); break;
    case ENG_T_VARBINARY: eng_sb_puts(b, "bytea"); break;
    case ENG_T_UUID:     eng_sb_puts(b, "uuid"); break;
    case ENG_T_DECIMAL:
        eng_sb_printf(b, "numeric(%d,%d)", t.precision, t.scale);
        break;
    default:
        eng_sb_puts(b, "unknown");
        break;
    }
}

/* Writes a constant so that the server reads it back with the same type
 * and value (see the file comment). */
static void put_const(dctx *c, const plan_expr *e)
{
    eng_strbuf *b = &c->b;
    const eng_value *v = &e->value;
    char buf[64];
    if (c->d->literals == ENG_SQL_LIT_TRINO) {
        eng_value tv = *v;
        tv.type = e->type;
        /* all six digits: the value may carry more than its type shows */
        if (tv.type.id == ENG_T_TIMESTAMP || tv.type.id == ENG_T_TIME)
            tv.type.precision = ENG_TS_MAX_PRECISION;
        trino_literal(b, &tv);
        return;
    }
    if (v->is_null) {
        eng_sb_puts(b, "NULL::");
        put_type(c, b, e->type);
        return;
    }
    switch (e->type.id) {
    case ENG_T_BOOLEAN:
        eng_sb_puts(b, v->u.b ? "TRUE" : "FALSE");
        break;
    case ENG_T_SMALLINT:
    case ENG_T_INTEGER:
    case ENG_T_BIGINT: {
        bool wide = v->u.i < INT32_MIN || v->u.i > INT32_MAX;
        eng_sb_printf(b, v->u.i < 0 ? "(%lld)%s" : "%lld%s",
                      (long long)v->u.i, wide ? "::int8" : "");
        break;
    }
    case ENG_T_DECIMAL:
        eng_sb_puts(b, "'");
        put_decimal(b, v->u.dec, e->type.scale);
        eng_sb_printf(b, "'::numeric(%d,%d)", e->type.precision,
                      e->type.scale);
        break;
    case ENG_T_DATE:
        put_date(b, v->u.date);
        break;
    case ENG_T_TIMESTAMP:
        /* all six digits: the value may carry more than its type shows */
        eng_ts_format(v->u.i, ENG_TS_MAX_PRECISION, buf, sizeof buf);
        eng_sb_printf(b, "'%s'::timestamp", buf);
        break;
    case ENG_T_TIME:
        eng_time_format(v->u.i, ENG_TS_MAX_PRECISION, buf, sizeof buf);
        eng_sb_printf(b, "'%s'::time", buf);
        break;
    case ENG_T_TIMESTAMP_TZ:
        /* the instant in UTC with an explicit +00: PostgreSQL reads the
         * same instant whatever its session TimeZone */
        eng_ts_format(v->u.tz.us, ENG_TS_MAX_PRECISION, buf, sizeof buf);
        eng_sb_printf(b, "'%s+00'::timestamptz", buf);
        break;
    case ENG_T_DOUBLE:
        /* a real's 9 digits read back to the same float */
        snprintf(buf, sizeof buf, "%.*g", eng_type_is_real(v->type) ? 9 : 17,
                 v->u.d);
        /* a locale may have set another decimal separator */
        for (char *p = buf; *p; p++)
            if (!strchr("0123456789+-eE", *p))
                *p = '.';
        eng_sb_puts(b, "'");
        eng_sb_puts(b, buf);
        eng_sb_puts(b, eng_type_is_real(v->type) ? "'::float4" : "'::float8");
        break;
    case ENG_T_VARCHAR:
        /* backslashes stay as they are (standard_conforming_strings) */
        eng_sb_quoted(b, '\'', v->u.s.ptr ? v->u.s.ptr : "", v->u.s.len);
        break;
    case ENG_T_VARBINARY:
        /* '\x0a0b'::bytea: hex digits only, so nothing to escape */
        eng_sb_puts(b, "'\\x");
        for (uint32_t k = 0; k < v->u.s.len; k++) {
            eng_hex_format((const uint8_t *)v->u.s.ptr + k, 1, false, buf);
            eng_sb_add(b, buf, 2);
        }
        eng_sb_puts(b, "'::bytea");
        break;
    case ENG_T_UUID:
        if (v->u.s.len != 16) {
            fail(c, "uuid constant of other than 16 bytes");
            break;
        }
        eng_uuid_format((const uint8_t *)v->u.s.ptr, buf);
        eng_sb_printf(b, "'%.36s'::uuid", buf);
        break;
    default:
        fail(c, "constant of unsupported type");
        break;
    }
}

/* Whether remote type oid is in the 0-terminated list (NULL: empty). */
static bool type_in(const int *list, int oid)
{
    for (; list && *list; list++)
        if (*list == oid)
            return true;
    return false;
}

/* Writes a column reference inside a filter (see the file comment for
 * name, char and json columns). */
static void put_colref(dctx *c, const plan_expr *e)
{
    const eng_column_def *col;
    if (!c->t) {
        /* inside a remote subtree: a column of an input subquery */
        bool left = e->col < c->nl;
        if (e->col < 0) {
            fail(c, "column reference out of range");
            return;
        }
        eng_sb_printf(&c->b, "s%d.\"c%d\"", left ? c->lalias : c->ralias,
                      left ? e->col : e->col - c->nl);
        return;
    }
    if (e->col < 0 || e->col >= c->t->ncols) {
        fail(c, "column reference out of range");
        return;
    }
    col = &c->t->cols[e->col];
    if (c->d->char_cols == ENG_SQL_CHAR_CAST_VARCHAR) {
        if (col->type.id == ENG_T_VARCHAR && col->remote_type_name &&
            !strncmp(col->remote_type_name, "char", 4)) {
            eng_sb_puts(&c->b, "CAST(");
            put_ident(&c->b, col->name);
            eng_sb_puts(&c->b, " AS varchar)");
        } else
            put_ident(&c->b, col->name);
        return;
    }
    if (col->type.id == ENG_T_VARCHAR &&
        type_in(c->d->text_types, col->remote_type)) {
        put_ident(&c->b, col->name);
        eng_sb_puts(&c->b, "::text");
    } else {
        put_ident(&c->b, col->name);
    }
}

static void put_expr(dctx *c, const plan_expr *e);

/* The SQL operator of a comparison. */
static const char *op_text(plan_op op)
{
    switch (op) {
    case PO_EQ: return "=";
    case PO_NE: return "<>";
    case PO_LT: return "<";
    case PO_LE: return "<=";
    case PO_GT: return ">";
    case PO_GE: return ">=";
    case PO_IS_DISTINCT: return "IS DISTINCT FROM";
    case PO_IS_NOT_DISTINCT: return "IS NOT DISTINCT FROM";
    default: return NULL;
    }
}

/* (l op r), with the dialect's varchar order for varchar order
 * comparisons and the NaN guard for double > / >= (either orientation). */
static void put_comparison(dctx *c, const plan_expr *e)
{
    const char *op = op_text(e->op);
    const plan_expr *l, *r, *greater = NULL;
    bool order;
    if (!op || e->nargs != 2) {
        fail(c, "unsupported operator");
        return;
    }
    l = e->args[0];
    r = e->args[1];
    order = e->op == PO_LT || e->op == PO_LE || e->op == PO_GT ||
            e->op == PO_GE;
    if (l->type.id == ENG_T_DOUBLE && c->d->nan_guard) {
        /* the operand that must be the larger one for the result to be
         * true: PostgreSQL's NaN would satisfy it, IEEE's NaN does not */
        if ((e->op == PO_GT || e->op == PO_GE) && l->kind != PX_CONST)
            greater = l;
        else if ((e->op == PO_LT || e->op == PO_LE) && r->kind != PX_CONST)
            greater = r;
    }
    eng_sb_puts(&c->b, "(");
    put_expr(c, l);
    if (order && l->type.id == ENG_T_VARCHAR)
        eng_sb_puts(&c->b, c->d->varchar_order);
    eng_sb_puts(&c->b, " ");
    eng_sb_puts(&c->b, op);
    eng_sb_puts(&c->b, " ");
    put_expr(c, r);
    if (greater) {
        eng_sb_puts(&c->b, " AND ");
        put_expr(c, greater);
        eng_sb_puts(&c->b, " <> 'NaN'::float8");
    }
    eng_sb_puts(&c->b, ")");
}

/* The SQL operator of integer arithmetic; NULL for anything else. */
static const char *arith_text(plan_op op)
{
    switch (op) {
    case PO_ADD: return "+";
    case PO_SUB: return "-";
    case PO_MUL: return "*";
    case PO_DIV: return "/";
    case PO_MOD: return "%";
    case PO_NEG: return "-";
    default: return NULL;
    }
}

/* An operand of integer arithmetic, CASE, COALESCE or NULLIF: an integer
 * constant gets its type spelled out (a bare 5 is int4 to PostgreSQL, and
 * int2 + int4 would widen); other constants are typed by put_const
 * already (a varchar literal resolves to its context's text type). */
static void put_arith_operand(dctx *c, const plan_expr *e)
{
    if (e->kind != PX_CONST || (e->type.id != ENG_T_SMALLINT &&
                                e->type.id != ENG_T_INTEGER &&
                                e->type.id != ENG_T_BIGINT)) {
        put_expr(c, e);
        return;
    }
    eng_sb_puts(&c->b, "CAST(");
    put_const(c, e);
    eng_sb_puts(&c->b, e->type.id == ENG_T_SMALLINT ? " AS smallint)"
                : e->type.id == ENG_T_INTEGER ? " AS integer)" : " AS bigint)");
}

/* (l op r) or (op x): e's one or two operands typed as put_arith_operand
 * types them. */
static void put_operator(dctx *c, const char *op, const plan_expr *e)
{
    if (!op || e->nargs < 1 || e->nargs > 2) {
        fail(c, "unsupported operator");
        return;
    }
    eng_sb_puts(&c->b, "(");
    if (e->nargs == 1) {
        eng_sb_printf(&c->b, "%s ", op);
        put_arith_operand(c, e->args[0]);
    } else {
        put_arith_operand(c, e->args[0]);
        eng_sb_printf(&c->b, " %s ", op);
        put_arith_operand(c, e->args[1]);
    }
    eng_sb_puts(&c->b, ")");
}

/* (l op r) or (- x) over one integer type (pg_shippable's arith_ok). */
static void put_arith(dctx *c, const plan_expr *e)
{
    put_operator(c, arith_text(e->op), e);
}

/*
 * (CASE WHEN c1 THEN r1 ... [ELSE r] END): every result has the CASE's
 * type (the connector's whitelist, e.g. pg_shippable), and constants are
 * typed through put_arith_operand, so the server resolves the CASE to
 * that type.
 */
static void put_case(dctx *c, const plan_expr *e)
{
    int nwhen = e->nargs / 2;
    eng_sb_puts(&c->b, "(CASE");
    for (int i = 0; i < nwhen; i++) {
        eng_sb_puts(&c->b, " WHEN ");
        put_expr(c, e->args[2 * i]);
        eng_sb_puts(&c->b, " THEN ");
        put_arith_operand(c, e->args[2 * i + 1]);
    }
    if (e->has_else) {
        eng_sb_puts(&c->b, " ELSE ");
        put_arith_operand(c, e->args[e->nargs - 1]);
    }
    eng_sb_puts(&c->b, " END)");
}

/* COALESCE(a, ...) and NULLIF(a, b), operands typed as in put_case. */
static void put_conditional_func(dctx *c, const plan_expr *e)
{
    if (!e->func || (strcmp(e->func, "coalesce") && strcmp(e->func, "nullif"))) {
        fail(c, "unsupported function");
        return;
    }
    eng_sb_puts(&c->b, e->func[0] == 'c' ? "COALESCE(" : "NULLIF(");
    for (int i = 0; i < e->nargs; i++) {
        if (i)
            eng_sb_puts(&c->b, ", ");
        put_arith_operand(c, e->args[i]);
    }
    eng_sb_puts(&c->b, ")");
}

/* The dialect's operator for bitwise function f; NULL when it has none. */
static const char *bitwise_op(const eng_sql_bitwise_ops *o, const char *f)
{
    if (!o || !f)
        return NULL;
    return !strcmp(f, "bitwise_and") ? o->and_op
         : !strcmp(f, "bitwise_or") ? o->or_op
         : !strcmp(f, "bitwise_xor") ? o->xor_op
         : !strcmp(f, "bitwise_not") ? o->not_op
         : !strcmp(f, "bitwise_left_shift") ? o->shl_op
         : !strcmp(f, "bitwise_right_shift_arithmetic") ? o->sar_op : NULL;
}

/* A function: one of Trino's bitwise functions as the dialect's operator,
 * (a & b) or (~ a), operands typed as arithmetic's; else COALESCE or
 * NULLIF. */
static void put_func(dctx *c, const plan_expr *e)
{
    const char *op = bitwise_op(c->d->bitwise, e->func);
    if (op)
        put_operator(c, op, e);
    else
        put_conditional_func(c, e);
}

/* Writes one expression the connector's whitelist accepted. */
static void put_expr(dctx *c, const plan_expr *e)
{
    eng_strbuf *b = &c->b;
    if (!e) {
        fail(c, "missing expression");
        return;
    }
    switch (e->kind) {
    case PX_COLREF:
        put_colref(c, e);
        break;
    case PX_CONST:
        put_const(c, e);
        break;
    case PX_AND:
    case PX_OR:
        eng_sb_puts(b, "(");
        for (int i = 0; i < e->nargs; i++) {
            if (i > 0)
                eng_sb_puts(b, e->kind == PX_AND ? " AND " : " OR ");
            put_expr(c, e->args[i]);
        }
        eng_sb_puts(b, ")");
        break;
    case PX_NOT:
        eng_sb_puts(b, "(NOT ");
        put_expr(c, e->args[0]);
        eng_sb_puts(b, ")");
        break;
    case PX_IS_NULL:
        eng_sb_puts(b, "(");
        put_expr(c, e->args[0]);
        eng_sb_puts(b, e->negated ? " IS NOT NULL)" : " IS NULL)");
        break;
    case PX_OP:
        if (arith_text(e->op))
            put_arith(c, e);
        else
            put_comparison(c, e);
        break;
    case PX_IN_LIST:
        eng_sb_puts(b, "(");
        put_expr(c, e->args[0]);
        eng_sb_puts(b, e->negated ? " NOT IN (" : " IN (");
        for (int i = 1; i < e->nargs; i++) {
            if (i > 1)
                eng_sb_puts(b, ", ");
            put_expr(c, e->args[i]);
        }
        eng_sb_puts(b, "))");
        break;
    case PX_LIKE:
        eng_sb_puts(b, "(");
        put_expr(c, e->args[0]);
        eng_sb_puts(b, c->d->like_collate);
        eng_sb_puts(b, e->negated ? " NOT LIKE " : " LIKE ");
        put_expr(c, e->args[1]);
        if (e->nargs == 3) {
            eng_sb_puts(b, " ESCAPE ");
            put_expr(c, e->args[2]);
        } else if (c->d->like_default_escape) {
            eng_sb_puts(b, " ESCAPE ");
            eng_sb_puts(b, c->d->like_default_escape);
        }
        eng_sb_puts(b, ")");
        break;
    case PX_CAST:
        eng_sb_puts(b, "CAST(");
        put_expr(c, e->args[0]);
        if (e->type.id == ENG_T_DECIMAL)
            eng_sb_printf(b, " AS %s(%d,%d))",
                          c->d->types == ENG_SQL_TYPES_PG ? "numeric"
                                                          : "decimal",
                          e->type.precision, e->type.scale);
        else
            eng_sb_puts(b, e->type.id == ENG_T_SMALLINT ? " AS smallint)"
                   : e->type.id == ENG_T_INTEGER ? " AS integer)"
                   : " AS bigint)");
        break;
    case PX_CASE:
        put_case(c, e);
        break;
    case PX_FUNC:
        put_func(c, e);
        break;
    default:
        fail(c, "unsupported expression");
        break;
    }
}

/* Writes " WHERE " or " AND " before the k-th condition. */
static void put_cond_sep(dctx *c, int *k)
{
    eng_sb_puts(&c->b, (*k)++ == 0 ? " WHERE " : " AND ");
}

/* A constant expression of type t and value v on the stack, for
 * printing dynamic filter values through put_const. */
static plan_expr const_of(eng_type t, const eng_value *v)
{
    plan_expr e;
    memset(&e, 0, sizeof e);
    e.kind = PX_CONST;
    e.type = t;
    e.value = *v;
    e.value.type = t;
    return e;
}

/*
 * Writes the dynamic filters of spec whose slots have been published
 * (c->slots, execution only): `col IN (v, ...)`, `FALSE` for an empty
 * build side, or `col >= lo AND col <= hi`; in PostgreSQL's dialect a
 * list of more than ENG_DF_MAX_VALUES integers (plan.h) as
 * `col = ANY('{v,...}'::int4[])`, one array literal PostgreSQL reads in
 * one go where an IN list of as many constants would be parsed and
 * planned item by item (other dialects leave such a list out). A filter
 * with any value
 * the dialect's whitelist refuses (e.g. a double NaN) is left out: a missing
 * dynamic filter only costs rows on the wire, never correctness.
 */
static void put_dyn_filters(dctx *c, const eng_scan_spec *spec, int *k)
{
    const eng_table_def *t = spec->table;
    if (!c->slots)
        return;
    for (int i = 0; i < spec->ndf; i++) {
        const eng_df_ref *r = &spec->df[i];
        const eng_df_slot *sl;
        plan_expr col;
        bool ok = true;
        if (r->slot < 0 || r->slot >= ENG_DF_MAX_SLOTS || r->col < 0 ||
            r->col >= t->ncols)
            continue;
        sl = &c->slots[r->slot];
        if (sl->kind != ENG_DF_VALUES && sl->kind != ENG_DF_RANGE)
            continue;
        if (sl->type.id != t->cols[r->col].type.id)
            continue;
        memset(&col, 0, sizeof col);
        col.kind = PX_COLREF;
        col.type = t->cols[r->col].type;
        col.col = r->col;
        if (sl->kind == ENG_DF_VALUES) {
            for (int v = 0; v < sl->nvals && ok; v++) {
                plan_expr e = const_of(col.type, &sl->vals[v]);
                ok = !sl->vals[v].is_null && c->d->shippable(NULL, &e);
            }
            if (!ok || (sl->nvals > ENG_DF_MAX_VALUES &&
                        (c->d->types != ENG_SQL_TYPES_PG ||
                         (col.type.id != ENG_T_SMALLINT &&
                          col.type.id != ENG_T_INTEGER &&
                          col.type.id != ENG_T_BIGINT))))
                continue;
            put_cond_sep(c, k);
            if (sl->nvals == 0) {
                eng_sb_puts(&c->b, "FALSE");
                continue;
            }
            if (sl->nvals > ENG_DF_MAX_VALUES) {
                eng_sb_puts(&c->b, "(");
                put_colref(c, &col);
                eng_sb_puts(&c->b, " = ANY('{");
                for (int v = 0; v < sl->nvals; v++)
                    eng_sb_printf(&c->b, v ? ",%lld" : "%lld",
                                  (long long)sl->vals[v].u.i);
                eng_sb_puts(&c->b, col.type.id == ENG_T_SMALLINT ? "}'::int2[]))"
                            : col.type.id == ENG_T_INTEGER ? "}'::int4[]))"
                            : "}'::int8[]))");
                continue;
            }
            eng_sb_puts(&c->b, "(");
            put_colref(c, &col);
            eng_sb_puts(&c->b, " IN (");
            for (int v = 0; v < sl->nvals; v++) {
                plan_expr e = const_of(col.type, &sl->vals[v]);
                if (v)
                    eng_sb_puts(&c->b, ", ");
                put_const(c, &e);
            }
            eng_sb_puts(&c->b, "))");
        } else {
            plan_expr lo = const_of(col.type, &sl->lo);
            plan_expr hi = const_of(col.type, &sl->hi);
            const char *coll = col.type.id == ENG_T_VARCHAR ? c->d->varchar_order : "";
            if (col.type.id == ENG_T_DOUBLE || sl->lo.is_null || sl->hi.is_null ||
                !c->d->shippable(NULL, &lo) || !c->d->shippable(NULL, &hi))
                continue;
            put_cond_sep(c, k);
            eng_sb_puts(&c->b, "(");
            put_colref(c, &col);
            eng_sb_puts(&c->b, coll);
            eng_sb_puts(&c->b, " >= ");
            put_const(c, &lo);
            eng_sb_puts(&c->b, " AND ");
            put_colref(c, &col);
            eng_sb_puts(&c->b, coll);
            eng_sb_puts(&c->b, " <= ");
            put_const(c, &hi);
            eng_sb_puts(&c->b, ")");
        }
    }
}

/*
 * Writes the SELECT of one table scan: its columns (plain: the raw
 * columns, which pg_copy decodes by their remote types; as a leaf of a
 * remote subtree: each column as the engine sees its value, named "c<i>"),
 * the pushed filters, the published dynamic filters and the LIMIT.
 */
static void put_scan(dctx *c, const eng_scan_spec *spec, bool leaf)
{
    const eng_table_def *t = spec->table;
    char buf[48];
    int k = 0;
    c->t = t;
    eng_sb_puts(&c->b, "SELECT");
    if (spec->ncols == 0 && c->d->empty_select[0]) {
        eng_sb_puts(&c->b, " ");
        eng_sb_puts(&c->b, c->d->empty_select);
    }
    for (int i = 0; i < spec->ncols; i++) {
        int col = spec->cols[i];
        if (col < 0 || col >= t->ncols) {
            fail(c, "column index out of range");
            break;
        }
        eng_sb_puts(&c->b, i == 0 ? " " : ", ");
        if (leaf) {
            plan_expr ref;
            memset(&ref, 0, sizeof ref);
            ref.kind = PX_COLREF;
            ref.type = t->cols[col].type;
            ref.col = col;
            put_colref(c, &ref);
            snprintf(buf, sizeof buf, " AS \"c%d\"", i);
            eng_sb_puts(&c->b, buf);
        } else {
            put_ident(&c->b, t->cols[col].name);
            if (type_in(c->d->read_as_text_types, t->cols[col].remote_type)) {
                /* json as text above, too (the dialect's reason) */
                eng_sb_puts(&c->b, "::text AS ");
                put_ident(&c->b, t->cols[col].name);
            }
        }
    }
    eng_sb_puts(&c->b, " FROM ");
    if (c->catalog) {
        put_ident(&c->b, c->catalog);
        eng_sb_puts(&c->b, ".");
    }
    put_ident(&c->b, t->schema ? t->schema : "");
    eng_sb_puts(&c->b, ".");
    put_ident(&c->b, t->name ? t->name : "");
    for (int i = 0; i < spec->nfilters; i++) {
        const plan_expr *f = spec->filters[i];
        /* compound nodes print their own parentheses */
        bool bare = f && (f->kind == PX_COLREF || f->kind == PX_CONST ||
                          f->kind == PX_CAST);
        put_cond_sep(c, &k);
        if (bare)
            eng_sb_puts(&c->b, "(");
        put_expr(c, f);
        if (bare)
            eng_sb_puts(&c->b, ")");
    }
    put_dyn_filters(c, spec, &k);
    if (spec->limit >= 0) {
        snprintf(buf, sizeof buf, " LIMIT %lld", (long long)spec->limit);
        eng_sb_puts(&c->b, buf);
    }
    c->t = NULL;
}

/* ------------------------------------------------------------------ */
/* Remote subtrees                                                     */
/* ------------------------------------------------------------------ */
/*
 * Every node of a remote subtree becomes one SELECT whose output columns
 * are named "c0", "c1", ...; an input is a subquery in FROM with alias
 * s<n>, its columns referenced as s<n>."c<i>". The servers' planners
 * flatten these subqueries, so the nesting costs nothing. Only the root
 * SELECT casts its columns to the type the connector decodes into the
 * node's engine type (PostgreSQL: pg_remote_oid; Trino: the engine's own
 * type name), and only the root may order (SORT, or LIMIT over SORT: the
 * ORDER BY then sits in the outermost SELECT, the only place whose order
 * SQL keeps). Aggregates print as sql_ship.c explains.
 */

static void put_node(dctx *c, const plan_node *n, bool root);

/* PostgreSQL's spelling of the root cast for engine type t (what
 * pg_copy decodes: pg_remote_oid in pg_deparse.c); NULL if none. */
static const char *pg_root_cast(eng_type t)
{
    switch (t.id) {
    case ENG_T_BOOLEAN:  return "boolean";
    case ENG_T_SMALLINT: return "int2";
    case ENG_T_INTEGER:  return "int4";
    case ENG_T_BIGINT:   return "int8";
    case ENG_T_DOUBLE:   return "float8";
    case ENG_T_DATE:     return "date";
    case ENG_T_VARCHAR:  return "text";
    case ENG_T_DECIMAL:  return "numeric";
    case ENG_T_VARBINARY: return "bytea";
    case ENG_T_UUID:     return "uuid";
    default:             return NULL;
    }
}

/* Starts output column i: "CAST(" at the root. */
static void col_begin(dctx *c, int i, bool root)
{
    eng_sb_puts(&c->b, i == 0 ? " " : ", ");
    if (root)
        eng_sb_puts(&c->b, "CAST(");
}

/* Ends output column i of type t: " AS type)" at the root, then the
 * column's name. */
static void col_end(dctx *c, int i, eng_type t, bool root)
{
    char buf[32];
    if (root) {
        char tn[48];
        const char *ty = c->d->types == ENG_SQL_TYPES_TRINO
                             ? eng_type_name(t, tn, sizeof tn) : pg_root_cast(t);
        if (!ty) {
            fail(c, "output column of unsupported type");
            return;
        }
        eng_sb_puts(&c->b, " AS ");
        eng_sb_puts(&c->b, ty);
        eng_sb_puts(&c->b, ")");
    }
    snprintf(buf, sizeof buf, " AS \"c%d\"", i);
    eng_sb_puts(&c->b, buf);
}

/* Writes the input n as "(SELECT ...) s<k>" and returns k. */
static int put_input(dctx *c, const plan_node *n)
{
    char buf[24];
    int k = c->nalias++;
    eng_sb_puts(&c->b, "(");
    put_node(c, n, false);
    snprintf(buf, sizeof buf, ") s%d", k);
    eng_sb_puts(&c->b, buf);
    return k;
}

/* Points expression column references at input alias k. */
static void refs_to(dctx *c, int k)
{
    c->lalias = k;
    c->ralias = k;
    c->nl = 1 << 30;
}

/* "SELECT [DISTINCT] s<k>."c0" AS "c0", ..." over one input. */
static void put_passthrough(dctx *c, const plan_node *n, const plan_node *in,
                            bool distinct, bool root, int *k)
{
    eng_sb_puts(&c->b, distinct ? "SELECT DISTINCT" : "SELECT");
    /* the alias number is fixed before the input is written */
    *k = c->nalias;
    for (int i = 0; i < n->ncols; i++) {
        char buf[32];
        col_begin(c, i, root);
        snprintf(buf, sizeof buf, "s%d.\"c%d\"", *k, i);
        eng_sb_puts(&c->b, buf);
        col_end(c, i, n->types[i], root);
    }
    eng_sb_puts(&c->b, " FROM ");
    put_input(c, in);
}

/* ORDER BY keys of a SORT node over input alias k. */
static void put_order(dctx *c, const plan_node *s, int k)
{
    refs_to(c, k);
    eng_sb_puts(&c->b, " ORDER BY ");
    for (int i = 0; i < s->nsort; i++) {
        if (i)
            eng_sb_puts(&c->b, ", ");
        eng_sb_puts(&c->b, "(");
        put_expr(c, s->sort_keys[i]);
        eng_sb_puts(&c->b, ")");
        if (s->sort_keys[i]->type.id == ENG_T_VARCHAR)
            eng_sb_puts(&c->b, c->d->varchar_order);
        eng_sb_puts(&c->b, s->sort_desc && s->sort_desc[i] ? " DESC" : " ASC");
        eng_sb_puts(&c->b, s->sort_nulls_first && s->sort_nulls_first[i]
                       ? " NULLS FIRST" : " NULLS LAST");
    }
}

/* One aggregate (sql_ship.c and the dialects' ship rules say which, and why so). */
static void put_agg(dctx *c, const plan_agg *g)
{
    const char *d = g->distinct ? "DISTINCT " : "";
    eng_type_id t = g->arg ? g->arg->type.id : ENG_T_UNKNOWN;
    switch (g->kind) {
    case PA_COUNT_STAR:
        eng_sb_puts(&c->b, "count(*)");
        return;
    case PA_COUNT:
        eng_sb_puts(&c->b, "count(");
        eng_sb_puts(&c->b, d);
        put_expr(c, g->arg);
        eng_sb_puts(&c->b, ")");
        return;
    case PA_SUM:
        eng_sb_puts(&c->b, "CAST(sum(");
        eng_sb_puts(&c->b, d);
        put_expr(c, g->arg);
        eng_sb_puts(&c->b, ") AS ");
        if (c->d->types == ENG_SQL_TYPES_TRINO)
            put_type(c, &c->b, g->type);    /* bigint, decimal(38,s) */
        else
            eng_sb_puts(&c->b, t == ENG_T_DECIMAL ? "numeric" : "int8");
        eng_sb_puts(&c->b, ")");
        return;
    case PA_MIN:
    case PA_MAX:
        eng_sb_puts(&c->b, g->kind == PA_MIN ? "min(" : "max(");
        put_expr(c, g->arg);
        if (t == ENG_T_VARCHAR)
            eng_sb_puts(&c->b, c->d->varchar_order);
        eng_sb_puts(&c->b, ")");
        return;
    case PA_AVG: {
        const char *dbl = c->d->types == ENG_SQL_TYPES_TRINO ? "double" : "float8";
        eng_sb_puts(&c->b, "(CAST(sum(");
        eng_sb_puts(&c->b, d);
        put_expr(c, g->arg);
        eng_sb_printf(&c->b, ") AS %s) / CAST(NULLIF(count(", dbl);
        eng_sb_puts(&c->b, d);
        put_expr(c, g->arg);
        eng_sb_printf(&c->b, "), 0) AS %s))", dbl);
        return;
    }
    default:            /* refused by the connector's node whitelist */
        break;
    }
    fail(c, "unsupported aggregate");
}

/* JOIN keyword of a join type. */
static const char *join_kw(plan_join_type t)
{
    switch (t) {
    case PJ_INNER: return " JOIN ";
    case PJ_LEFT:  return " LEFT JOIN ";
    case PJ_RIGHT: return " RIGHT JOIN ";
    case PJ_FULL:  return " FULL JOIN ";
    case PJ_CROSS: return " CROSS JOIN ";
    case PJ_SEMI: case PJ_ANTI: case PJ_MARK: case PJ_SINGLE:
        break;      /* refused by the connector's node whitelist */
    }
    return NULL;
}

/* One node of a remote subtree as a SELECT (see above). */
static void put_node(dctx *c, const plan_node *n, bool root)
{
    char buf[64];
    int k;
    if (c->rc || c->b.oom)
        return;
    switch (n->kind) {
    case PN_SCAN:
        if (!n->spec.table || n->spec.remote) {
            fail(c, "nested remote scan");
            return;
        }
        put_scan(c, &n->spec, true);
        return;
    case PN_FILTER:
        put_passthrough(c, n, n->child, false, root, &k);
        refs_to(c, k);
        eng_sb_puts(&c->b, " WHERE (");
        put_expr(c, n->pred);
        eng_sb_puts(&c->b, ")");
        return;
    case PN_DISTINCT:
        put_passthrough(c, n, n->child, true, root, &k);
        return;
    case PN_SORT:
        put_passthrough(c, n, n->child, false, root, &k);
        put_order(c, n, k);
        return;
    case PN_LIMIT: {
        const plan_node *in = n->child;
        bool sorted = in->kind == PN_SORT;
        put_passthrough(c, n, sorted ? in->child : in, false, root, &k);
        if (sorted)
            put_order(c, in, k);
        if (n->limit >= 0) {
            snprintf(buf, sizeof buf, " LIMIT %lld", (long long)n->limit);
            eng_sb_puts(&c->b, buf);
        }
        if (n->offset > 0) {
            snprintf(buf, sizeof buf, " OFFSET %lld", (long long)n->offset);
            eng_sb_puts(&c->b, buf);
        }
        return;
    }
    case PN_PROJECT:
    case PN_AGG: {
        int ng = n->kind == PN_AGG ? n->ngroups : 0;
        eng_sb_puts(&c->b, "SELECT");
        k = c->nalias;
        for (int i = 0; i < n->ncols; i++) {
            col_begin(c, i, root);
            refs_to(c, k);
            if (n->kind == PN_PROJECT)
                put_expr(c, n->exprs[i]);
            else if (i < ng)
                put_expr(c, n->groups[i]);
            else
                put_agg(c, &n->aggs[i - ng]);
            col_end(c, i, n->types[i], root);
        }
        eng_sb_puts(&c->b, " FROM ");
        put_input(c, n->child);
        refs_to(c, k);
        for (int i = 0; i < ng; i++) {
            eng_sb_puts(&c->b, i == 0 ? " GROUP BY " : ", ");
            put_expr(c, n->groups[i]);
        }
        return;
    }
    case PN_JOIN: {
        int nl = n->left->ncols, lk, rk;
        eng_sb_puts(&c->b, "SELECT");
        lk = c->nalias;
        rk = c->nalias + 1;
        for (int i = 0; i < n->ncols; i++) {
            col_begin(c, i, root);
            snprintf(buf, sizeof buf, "s%d.\"c%d\"", i < nl ? lk : rk,
                     i < nl ? i : i - nl);
            eng_sb_puts(&c->b, buf);
            col_end(c, i, n->types[i], root);
        }
        eng_sb_puts(&c->b, " FROM ");
        c->nalias += 2;         /* the inputs take the reserved aliases */
        eng_sb_puts(&c->b, "(");
        put_node(c, n->left, false);
        snprintf(buf, sizeof buf, ") s%d", lk);
        eng_sb_puts(&c->b, buf);
        const char *kw = join_kw(n->join_type);
        if (!kw) {
            fail(c, "join kind without a SQL spelling");
            return;
        }
        eng_sb_puts(&c->b, kw);
        eng_sb_puts(&c->b, "(");
        put_node(c, n->right, false);
        snprintf(buf, sizeof buf, ") s%d", rk);
        eng_sb_puts(&c->b, buf);
        if (n->join_type == PJ_CROSS)
            return;
        eng_sb_puts(&c->b, " ON (");
        bool any = false;
        for (int i = 0; i < n->nkeys; i++) {
            if (any)
                eng_sb_puts(&c->b, " AND ");
            any = true;
            eng_sb_puts(&c->b, "(");
            refs_to(c, lk);
            put_expr(c, n->lkeys[i]);
            eng_sb_puts(&c->b, " = ");
            refs_to(c, rk);
            put_expr(c, n->rkeys[i]);
            eng_sb_puts(&c->b, ")");
        }
        if (n->residual) {
            if (any)
                eng_sb_puts(&c->b, " AND ");
            any = true;
            c->lalias = lk;
            c->ralias = rk;
            c->nl = nl;
            eng_sb_puts(&c->b, "(");
            put_expr(c, n->residual);
            eng_sb_puts(&c->b, ")");
        }
        if (!any)
            eng_sb_puts(&c->b, "TRUE");
        eng_sb_puts(&c->b, ")");
        return;
    }
    default:
        fail(c, "plan node that cannot run remotely");
        return;
    }
}

/* See sql_deparse.h. */
eng_rc eng_deparse_sql(const eng_sql_dialect *d, const char *catalog,
                       const eng_scan_spec *spec, eng_arena *a, char **sql,
                       eng_error *err)
{
    dctx c;

    *sql = NULL;
    if (!spec || (!spec->table && !spec->remote))
        return eng_err_set(err, ENG_ERR_INTERNAL, 0,
                           "deparse: scan without a table");
    memset(&c, 0, sizeof c);
    c.d = d;
    c.catalog = catalog;
    eng_sb_init(&c.b, a);
    c.err = err;
    c.rc = ENG_OK;
    c.slots = spec->df_slots;
    if (spec->remote)
        put_node(&c, spec->remote, true);
    else
        put_scan(&c, spec, false);

    /* an unfinished text stays in a until the arena is reset */
    if (c.b.oom)
        return eng_err_oom(err);
    if (c.rc != ENG_OK)
        return c.rc;
    *sql = eng_sb_finish(&c.b, a);
    return *sql ? ENG_OK : eng_err_oom(err);
}

/* See sql_deparse.h. */
eng_rc eng_deparse_sql_expr(const eng_sql_dialect *d, const eng_table_def *t,
                            const plan_expr *e, eng_arena *a, char **sql,
                            eng_error *err)
{
    dctx c;
    *sql = NULL;
    memset(&c, 0, sizeof c);
    c.d = d;
    eng_sb_init(&c.b, a);
    c.t = t;
    c.err = err;
    c.rc = ENG_OK;
    eng_sb_puts(&c.b, "(");
    put_expr(&c, e);
    eng_sb_puts(&c.b, ")");
    if (c.b.oom)
        return eng_err_oom(err);
    if (c.rc != ENG_OK)
        return c.rc;
    *sql = eng_sb_finish(&c.b, a);
    return *sql ? ENG_OK : eng_err_oom(err);
}
