/*
 * engine/connector/pg/pg_deparse.c
 *   Writes the SQL a PostgreSQL catalog runs for one scan:
 *     SELECT "c1", "c2" FROM "schema"."table" WHERE (f1) AND (f2) LIMIT n
 * Interface: pg_deparse, pg_deparse_expr.
 * Not here: deciding what may be shipped (pg_shippable.c), wrapping the
 *   statement in COPY (pg_scan.c).
 *
 * Safety: every identifier is double-quoted with " doubled; every string
 * literal is single-quoted with ' doubled, which is exact because the
 * session runs with standard_conforming_strings = on (pg_connector.c,
 * pg_session.c); constants are typed so that PostgreSQL infers the engine's
 * type. No user text reaches the SQL unquoted.
 *
 * Expressions: every compound node is printed in parentheses, so operator
 * precedence never matters. Constants:
 *   boolean TRUE / FALSE; integers in int32 range plain (negatives as
 *   (-5)), larger bigints 5000000000::int8 / (-5000000000)::int8;
 *   decimal '12.50'::numeric(p,s); date DATE 'YYYY-MM-DD';
 *   double '1.5'::float8 (%.17g, round-trips exactly; the decimal point is
 *   forced to '.' whatever the process locale); varchar 'it''s';
 *   NULL as NULL::<type>.
 * Column references in filters follow the value the engine receives:
 *   name -> "c"::text (a text literal compared with a name would be cut to
 *   63 bytes), char(n) -> rpad("c"::text, n) (the engine sees the padded
 *   value, PostgreSQL's char comparisons ignore the padding), bpchar
 *   without length -> "c"::text (pg_copy.c strips its trailing blanks).
 * Varchar < <= > >= and LIKE get COLLATE "C" (code point order, as
 * Trino); LIKE gets ESCAPE '' when no escape is given (PostgreSQL's
 * default escape is backslash, Trino has none). Double > and >= against a
 * constant add AND x <> 'NaN'::float8 (see pg_shippable.c).
 */
#include <stdio.h>
#include <string.h>
#include "pg_int.h"
#include "pg_copy.h"
#include "../../common/strbuf.h"

/* Deparse state: output, the scanned table (for column names and remote
 * types) and the first error met. */
typedef struct dctx {
    eng_strbuf b;               /* in the caller's arena; oom is sticky */
    const eng_table_def *t;
    eng_error *err;
    eng_rc rc;                  /* first non-OOM error, ENG_OK if none */
} dctx;

/* Writes s as a quoted identifier: "a""b". */
static void put_ident(eng_strbuf *b, const char *s)
{
    eng_sb_quoted(b, '"', s, strlen(s));
}

/* Records an internal error (a shape pg_shippable should have refused). */
static void fail(dctx *c, const char *what)
{
    if (c->rc == ENG_OK)
        c->rc = eng_err_set(c->err, ENG_ERR_INTERNAL, 0,
                            "cannot deparse filter for PostgreSQL: %s", what);
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

/* The PostgreSQL spelling of an engine type, for NULL::type. */
static void put_pg_type(eng_strbuf *b, eng_type t)
{
    switch (t.id) {
    case ENG_T_BOOLEAN:  eng_sb_puts(b, "boolean"); break;
    case ENG_T_SMALLINT: eng_sb_puts(b, "int2"); break;
    case ENG_T_INTEGER:  eng_sb_puts(b, "int4"); break;
    case ENG_T_BIGINT:   eng_sb_puts(b, "int8"); break;
    case ENG_T_DOUBLE:   eng_sb_puts(b, "float8"); break;
    case ENG_T_DATE:     eng_sb_puts(b, "date"); break;
    case ENG_T_TIMESTAMP: eng_sb_puts(b, "timestamp"); break;
    case ENG_T_TIME:     eng_sb_puts(b, "time"); break;
    case ENG_T_VARCHAR:  eng_sb_puts(b, "text"); break;
    case ENG_T_DECIMAL:
        eng_sb_printf(b, "numeric(%d,%d)", t.precision, t.scale);
        break;
    default:
        eng_sb_puts(b, "unknown");
        break;
    }
}

/* Writes a constant so that PostgreSQL reads it back with the same type
 * and value (see the file comment). */
static void put_const(dctx *c, const plan_expr *e)
{
    eng_strbuf *b = &c->b;
    const eng_value *v = &e->value;
    char buf[64];
    if (v->is_null) {
        eng_sb_puts(b, "NULL::");
        put_pg_type(b, e->type);
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
    case ENG_T_DOUBLE:
        snprintf(buf, sizeof buf, "%.17g", v->u.d);
        /* a locale may have set another decimal separator */
        for (char *p = buf; *p; p++)
            if (!strchr("0123456789+-eE", *p))
                *p = '.';
        eng_sb_puts(b, "'");
        eng_sb_puts(b, buf);
        eng_sb_puts(b, "'::float8");
        break;
    case ENG_T_VARCHAR:
        /* backslashes stay as they are (standard_conforming_strings) */
        eng_sb_quoted(b, '\'', v->u.s.ptr ? v->u.s.ptr : "", v->u.s.len);
        break;
    default:
        fail(c, "constant of unsupported type");
        break;
    }
}

/* Writes a column reference inside a filter (see the file comment for
 * name and char columns). */
static void put_colref(dctx *c, const plan_expr *e)
{
    const eng_column_def *col;
    if (e->col < 0 || e->col >= c->t->ncols) {
        fail(c, "column reference out of range");
        return;
    }
    col = &c->t->cols[e->col];
    if (col->type.id == ENG_T_VARCHAR && col->remote_type == PG_OID_BPCHAR &&
        col->remote_typmod > 4) {
        eng_sb_puts(&c->b, "rpad(");
        put_ident(&c->b, col->name);
        eng_sb_printf(&c->b, "::text, %d)", col->remote_typmod - 4);
    } else if (col->type.id == ENG_T_VARCHAR &&
               (col->remote_type == PG_OID_NAME ||
                col->remote_type == PG_OID_BPCHAR)) {
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

/* (l op r), with COLLATE "C" for varchar order comparisons and the NaN
 * guard for double > / >= (either orientation). */
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
    if (l->type.id == ENG_T_DOUBLE) {
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
        eng_sb_puts(&c->b, " COLLATE \"C\"");
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

/* Writes one expression accepted by pg_shippable. */
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
        eng_sb_puts(b, e->negated ? " COLLATE \"C\" NOT LIKE " : " COLLATE \"C\" LIKE ");
        put_expr(c, e->args[1]);
        eng_sb_puts(b, " ESCAPE ");
        if (e->nargs == 3)
            put_expr(c, e->args[2]);
        else
            eng_sb_puts(b, "''");
        eng_sb_puts(b, ")");
        break;
    case PX_CAST:
        eng_sb_puts(b, "CAST(");
        put_expr(c, e->args[0]);
        eng_sb_puts(b, e->type.id == ENG_T_SMALLINT ? " AS smallint)"
               : e->type.id == ENG_T_INTEGER ? " AS integer)"
               : " AS bigint)");
        break;
    default:
        fail(c, "unsupported expression");
        break;
    }
}

/*
 * Writes the remote SELECT for spec into *sql (arena a): the columns
 * table->cols[spec->cols[i]] in order (none: SELECT FROM ...), the
 * filters joined with AND, and LIMIT when spec->limit >= 0. Filters must
 * have passed pg_shippable; anything else is an HY000 error. state may be
 * NULL. Returns ENG_OK, ENG_ERROR or ENG_NOMEM.
 */
eng_rc pg_deparse(void *state, const eng_scan_spec *spec, eng_arena *a,
                  char **sql, eng_error *err)
{
    dctx c;
    const eng_table_def *t = spec ? spec->table : NULL;

    (void)state;
    *sql = NULL;
    if (!t)
        return eng_err_set(err, ENG_ERR_INTERNAL, 0,
                           "deparse: scan without a table");
    memset(&c, 0, sizeof c);
    eng_sb_init(&c.b, a);
    c.t = t;
    c.err = err;
    c.rc = ENG_OK;

    eng_sb_puts(&c.b, "SELECT");
    for (int i = 0; i < spec->ncols; i++) {
        int k = spec->cols[i];
        if (k < 0 || k >= t->ncols) {
            fail(&c, "column index out of range");
            break;
        }
        eng_sb_puts(&c.b, i == 0 ? " " : ", ");
        put_ident(&c.b, t->cols[k].name);
    }
    eng_sb_puts(&c.b, " FROM ");
    put_ident(&c.b, t->schema ? t->schema : "");
    eng_sb_puts(&c.b, ".");
    put_ident(&c.b, t->name ? t->name : "");
    for (int i = 0; i < spec->nfilters; i++) {
        const plan_expr *f = spec->filters[i];
        bool bare = f && (f->kind == PX_COLREF || f->kind == PX_CONST ||
                          f->kind == PX_CAST);
        eng_sb_puts(&c.b, i == 0 ? " WHERE " : " AND ");
        if (bare)
            eng_sb_puts(&c.b, "(");
        put_expr(&c, f);
        if (bare)
            eng_sb_puts(&c.b, ")");
    }
    if (spec->limit >= 0)
        eng_sb_printf(&c.b, " LIMIT %lld", (long long)spec->limit);

    /* an unfinished text stays in a until the arena is reset */
    if (c.b.oom)
        return eng_err_oom(err);
    if (c.rc != ENG_OK)
        return c.rc;
    *sql = eng_sb_finish(&c.b, a);
    return *sql ? ENG_OK : eng_err_oom(err);
}

/*
 * Writes one shippable expression over the columns of table t (as a
 * filter of a scan of t would be written) into *sql (arena a), for the
 * WHERE and SET of a whole-statement UPDATE / DELETE (pg_write.c).
 * Errors as pg_deparse.
 */
eng_rc pg_deparse_expr(const eng_table_def *t, const plan_expr *e,
                       eng_arena *a, char **sql, eng_error *err)
{
    dctx c;
    *sql = NULL;
    memset(&c, 0, sizeof c);
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
