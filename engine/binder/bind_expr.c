/*
 * engine/binder/bind_expr.c
 *   AST expressions -> typed plan_expr: column resolution, literals,
 *   operators, CASE, IN, LIKE, casts, and the implicit coercions that make
 *   both operands of an operator agree (Trino's rules).
 * Interface: bind_expr, bind_bool_expr, bind_common_type, bind_coerce,
 *   bind_resolve_column, bind_expr_equal, bind_parse_type, bind_type_str.
 * Not here: scalar functions and aggregate calls (bind_func.c), grouping
 *   (bind_select.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "bind_int.h"

/* Allocates a zeroed expression of `kind` and `type` at position pos.
 * Returns NULL on OOM. */
plan_expr *bind_new(bctx *b, plan_expr_kind kind, eng_type type, int pos)
{
    plan_expr *e = eng_arena_calloc(b->a, sizeof *e);
    if (!e)
        return NULL;
    e->kind = kind;
    e->type = type;
    e->pos = pos;
    e->col = -1;
    e->param = -1;
    return e;
}

/* Allocates the args array of e with n slots. Returns ENG_NOMEM on OOM. */
eng_rc bind_args(bctx *b, plan_expr *e, int n)
{
    e->nargs = n;
    e->args = eng_arena_calloc(b->a, sizeof(plan_expr *) * (size_t)(n ? n : 1));
    return e->args ? ENG_OK : eng_err_oom(b->err);
}

/* Returns Trino's name of t, in the arena ("?" on OOM). */
const char *bind_type_str(bctx *b, eng_type t)
{
    char buf[ENG_ARRAY_NAME_MAX + 8];   /* array(...) names are the longest */
    char *s = eng_arena_strdup(b->a, eng_type_name(t, buf, sizeof buf));
    return s ? s : "?";
}

/* True when the names are equal ignoring ASCII case. */
bool bind_name_eq(const char *a, const char *b)
{
    return a && b && strcasecmp(a, b) == 0;
}

/* ------------------------------------------------------------------ */
/* Column resolution                                                    */
/* ------------------------------------------------------------------ */

/* Does column c of a scope match the qualifier parts[0..nq-1]?
 * exact selects exact comparison, else ASCII case-insensitive. */
static bool qual_match(const bcol *c, char **parts, int nq, bool exact)
{
    const char *q[3] = { c->qcat, c->qschema, c->qtable };
    for (int i = 0; i < nq; i++) {
        const char *have = q[3 - nq + i];
        if (!have)
            return false;
        if (exact ? strcmp(have, parts[i]) != 0 : !bind_name_eq(have, parts[i]))
            return false;
    }
    return true;
}

/* Joins the parts of a name with dots, in the arena. */
static const char *name_text(bctx *b, const ast_name *n)
{
    eng_strbuf t;
    eng_sb_init(&t, b->a);
    for (int i = 0; i < n->nparts; i++) {
        if (i)
            eng_sb_putc(&t, '.');
        eng_sb_puts(&t, n->parts[i]);
    }
    const char *s = eng_sb_finish(&t, b->a);
    return s ? s : "?";
}

/*
 * Finds the column named n (col, t.col, s.t.col or c.s.t.col) in scope
 * and stores its index in *col. Exact matches win over case-insensitive
 * ones. Errors: 42703 unknown, 42702 ambiguous, 0A000 when the column's
 * remote type has no engine mapping.
 */
eng_rc bind_resolve_column(bctx *b, const brel *scope, const ast_name *n,
                          int *col)
{
    int nq = n->nparts - 1;
    const char *name = n->parts[n->nparts - 1];
    if (nq > 3)
        return eng_err_set(b->err, ENG_ERR_UNDEFINED_COLUMN, n->pos,
                           "Column '%s' cannot be resolved", name_text(b, n));
    for (int pass = 0; pass < 2; pass++) {
        bool exact = pass == 0;
        int found = -1, count = 0;
        for (int i = 0; scope && i < scope->ncols; i++) {
            const bcol *c = &scope->cols[i];
            if (c->using_hidden && nq == 0)
                continue;
            if (!c->name)
                continue;
            if (exact ? strcmp(c->name, name) != 0 : !bind_name_eq(c->name, name))
                continue;
            if (!qual_match(c, n->parts, nq, exact))
                continue;
            count++;
            found = i;
        }
        if (count > 1)
            return eng_err_set(b->err, ENG_ERR_AMBIGUOUS_COLUMN, n->pos,
                               "Column '%s' is ambiguous", name_text(b, n));
        if (count == 1) {
            const bcol *c = &scope->cols[found];
            if (c->type.id == ENG_T_UNKNOWN && c->remote_type_name)
                return eng_err_set(b->err, ENG_ERR_FEATURE_NOT_SUPPORTED,
                    n->pos, "Column '%s' of table '%s.%s.%s' has unsupported "
                    "type '%s'", c->name, c->ocat ? c->ocat : "",
                    c->oschema ? c->oschema : "", c->otable ? c->otable : "",
                    c->remote_type_name);
            *col = found;
            return ENG_OK;
        }
    }
    return eng_err_set(b->err, ENG_ERR_UNDEFINED_COLUMN, n->pos,
                       "Column '%s' cannot be resolved", name_text(b, n));
}

/* ------------------------------------------------------------------ */
/* Types and coercion                                                   */
/* ------------------------------------------------------------------ */

/* decimal(p,0) that holds every value of an integer type (Trino:
 * tinyint decimal(3,0), smallint (5,0), integer (10,0), bigint (19,0)). */
static eng_type int_as_decimal(eng_type t)
{
    switch (t.id) {
    case ENG_T_SMALLINT:
        return eng_type_decimal(eng_type_is_tinyint(t) ? 3 : 5, 0);
    case ENG_T_INTEGER: return eng_type_decimal(10, 0);
    default: return eng_type_decimal(19, 0);
    }
}

/* Width rank of an integer type (tinyint < smallint < integer < bigint). */
static int int_rank(eng_type t)
{
    if (t.id == ENG_T_SMALLINT)
        return eng_type_is_tinyint(t) ? 0 : 1;
    return t.id == ENG_T_INTEGER ? 2 : 3;
}

/* Integer max / min. */
static int imax(int a, int b) { return a > b ? a : b; }
static int imin(int a, int b) { return a < b ? a : b; }

/*
 * The common super type of a and b (Trino's implicit coercions): integer
 * widening, integer -> decimal, any numeric -> double, varchar lengths,
 * unknown -> the other type. Returns false when there is none.
 */
bool bind_common_type(eng_type a, eng_type b, eng_type *out)
{
    if (a.id == ENG_T_UNKNOWN) { *out = b; return true; }
    if (b.id == ENG_T_UNKNOWN) { *out = a; return true; }
    int tc = bind_time_common_type(a, b, out);
    if (tc >= 0)
        return tc == 1;
    if (a.id == ENG_T_ARRAY && b.id == ENG_T_ARRAY) {
        /* Trino: array(T) with array(U) is array of T's and U's common
         * type (array[1] = array[1.5] compares array(decimal(11,1))) */
        eng_type et;
        eng_error ignored;
        return bind_common_type(eng_type_elem(a), eng_type_elem(b), &et) &&
               eng_type_array(et, out, &ignored) == ENG_OK;
    }
    if (a.id == b.id) {
        if (a.id == ENG_T_VARCHAR && (eng_type_is_char(a) || eng_type_is_char(b))) {
            /* Trino: varchar coerces to char (so char = varchar compares
             * padded values); an unbounded varchar takes char's maximum */
            *out = eng_type_char(a.length == 0 || b.length == 0
                                 ? ENG_CHAR_MAX_LENGTH
                                 : imax(a.length, b.length));
        } else if (a.id == ENG_T_VARCHAR) {
            *out = eng_type_varchar(a.length == 0 || b.length == 0 ? 0
                                    : imax(a.length, b.length));
        } else if (a.id == ENG_T_DECIMAL) {
            int s = imax(a.scale, b.scale);
            int ip = imax(a.precision - a.scale, b.precision - b.scale);
            *out = eng_type_decimal(imin(ENG_DECIMAL_MAX_PRECISION, ip + s), s);
        } else if (a.id == ENG_T_DOUBLE) {
            /* real with real is real, with double double */
            *out = eng_type_is_real(a) && eng_type_is_real(b)
                   ? a : eng_type_make(ENG_T_DOUBLE);
        } else if (a.id == ENG_T_SMALLINT) {
            /* tinyint with tinyint is tinyint, with smallint smallint */
            *out = int_rank(a) >= int_rank(b) ? a : b;
        } else {
            *out = a;
        }
        return true;
    }
    if (!eng_type_is_numeric(a.id) || !eng_type_is_numeric(b.id))
        return false;
    if (a.id == ENG_T_DOUBLE || b.id == ENG_T_DOUBLE) {
        /* Trino: integers and decimals coerce to real */
        *out = a.id == ENG_T_DOUBLE ? a : b;
        return true;
    }
    if (a.id == ENG_T_DECIMAL || b.id == ENG_T_DECIMAL) {
        eng_type x = a.id == ENG_T_DECIMAL ? a : int_as_decimal(a);
        eng_type y = b.id == ENG_T_DECIMAL ? b : int_as_decimal(b);
        return bind_common_type(x, y, out);
    }
    *out = int_rank(a) >= int_rank(b) ? a : b;
    return true;
}

/*
 * Returns e converted to type `to` in *out: e itself when the types
 * already agree (varchars of any length agree), a typed NULL constant or
 * parameter for unknown-typed ones, else a PX_CAST. ENG_NOMEM on OOM.
 */
eng_rc bind_coerce(bctx *b, plan_expr *e, eng_type to, plan_expr **out)
{
    if (eng_type_equal(e->type, to) || to.id == ENG_T_UNKNOWN ||
        (e->type.id == ENG_T_VARCHAR && to.id == ENG_T_VARCHAR &&
         eng_type_is_char(e->type) == eng_type_is_char(to) &&
         (!eng_type_is_char(to) || e->type.length <= to.length))) {
        *out = e;
        return ENG_OK;
    }
    if (e->type.id == ENG_T_UNKNOWN &&
        (e->kind == PX_CONST || e->kind == PX_PARAM)) {
        plan_expr *n = bind_new(b, e->kind, to, e->pos);
        if (!n)
            return eng_err_oom(b->err);
        n->param = e->param;
        n->value.is_null = true;
        n->value.type = to;
        *out = n;
        return ENG_OK;
    }
    if (e->kind == PX_CONST && !e->value.is_null && eng_type_is_tz(to.id) &&
        eng_type_is_tz(e->type.id)) {
        /* a constant with a zone to another precision: folded now (it
         * needs no session zone), so that a filter comparing it with a
         * column can reach the catalog as a literal */
        plan_expr *n = bind_new(b, PX_CONST, to, e->pos);
        if (!n)
            return eng_err_oom(b->err);
        eng_rc rc = eng_value_cast(b->a, &e->value, to, &n->value, b->err);
        if (rc == ENG_OK) {
            *out = n;
            return ENG_OK;
        }
        if (rc == ENG_NOMEM)
            return rc;
        eng_err_clear(b->err);   /* left to the executor to report */
    }
    plan_expr *c = bind_new(b, PX_CAST, to, e->pos);
    if (!c || bind_args(b, c, 1))
        return eng_err_oom(b->err);
    c->args[0] = e;
    *out = c;
    return ENG_OK;
}

/*
 * Parses a written type into an engine type. Errors: 0A000 naming the
 * type when the engine has no such type; 22023 for bad parameters.
 */
eng_rc bind_parse_type(bctx *b, const ast_type_name *t, eng_type *out)
{
    const char *n = t->name ? t->name : "";
    if (t->elem) {   /* array(T) */
        eng_type et;
        eng_rc rc = bind_parse_type(b, t->elem, &et);
        if (rc == ENG_OK && (rc = eng_type_array(et, out, b->err)) == ENG_ERROR)
            b->err->position = t->pos;
        return rc;
    }
    bool time_type;
    eng_rc rc = bind_time_type(b, t, out, &time_type);
    if (rc || time_type)
        return rc;
    if (!strcmp(n, "boolean")) *out = eng_type_make(ENG_T_BOOLEAN);
    else if (!strcmp(n, "tinyint")) *out = eng_type_tinyint();
    else if (!strcmp(n, "smallint")) *out = eng_type_make(ENG_T_SMALLINT);
    else if (!strcmp(n, "integer") || !strcmp(n, "int"))
        *out = eng_type_make(ENG_T_INTEGER);
    else if (!strcmp(n, "bigint")) *out = eng_type_make(ENG_T_BIGINT);
    else if (!strcmp(n, "real"))
        *out = eng_type_real();
    else if (!strcmp(n, "double") || !strcmp(n, "double precision") ||
             !strcmp(n, "float"))
        *out = eng_type_make(ENG_T_DOUBLE);
    else if (!strcmp(n, "date")) *out = eng_type_make(ENG_T_DATE);
    else if (!strcmp(n, "varbinary")) *out = eng_type_make(ENG_T_VARBINARY);
    else if (!strcmp(n, "uuid")) *out = eng_type_make(ENG_T_UUID);
    else if (!strcmp(n, "json")) *out = eng_type_make(ENG_T_JSON);
    else if (!strcmp(n, "decimal") || !strcmp(n, "numeric")) {
        int p = t->p1 < 0 ? ENG_DECIMAL_MAX_PRECISION : t->p1;
        int s = t->p2 < 0 ? 0 : t->p2;
        if (p < 1 || p > ENG_DECIMAL_MAX_PRECISION || s > p)
            return eng_err_set(b->err, ENG_ERR_INVALID_PARAMETER_VALUE, t->pos,
                               "Invalid decimal type decimal(%d,%d)", p, s);
        *out = eng_type_decimal(p, s);
    } else if (!strcmp(n, "varchar") || !strcmp(n, "char") ||
               !strcmp(n, "character varying") || !strcmp(n, "character")) {
        int len = t->p1 < 0 ? 0 : t->p1;
        if (!strcmp(n, "char") || !strcmp(n, "character")) {
            if (t->p1 == 0 || len > ENG_CHAR_MAX_LENGTH)
                return eng_err_set(b->err, ENG_ERR_INVALID_PARAMETER_VALUE,
                                   t->pos, "Invalid char type char(%d)", len);
            *out = eng_type_char(t->p1 < 0 ? 1 : len);
        } else {
            *out = eng_type_varchar(len);
        }
    } else {
        return eng_err_set(b->err, ENG_ERR_FEATURE_NOT_SUPPORTED, t->pos,
                           "Type '%s' is not supported", n);
    }
    return ENG_OK;
}

/* ------------------------------------------------------------------ */
/* Structural equality                                                  */
/* ------------------------------------------------------------------ */

/* Are two constants the same value of the same type? */
static bool value_equal(const eng_value *x, const eng_value *y)
{
    if (!eng_type_equal(x->type, y->type) || x->is_null != y->is_null)
        return false;
    if (x->is_null)
        return true;
    switch (x->type.id) {
    case ENG_T_BOOLEAN: return x->u.b == y->u.b;
    case ENG_T_SMALLINT: case ENG_T_INTEGER: case ENG_T_BIGINT:
        return x->u.i == y->u.i;
    case ENG_T_DOUBLE: return x->u.d == y->u.d;
    case ENG_T_DECIMAL: return x->u.dec == y->u.dec;
    case ENG_T_DATE: return x->u.date == y->u.date;
    case ENG_T_TIMESTAMP: case ENG_T_TIME:
    case ENG_T_INTERVAL_DS: case ENG_T_INTERVAL_YM:
        return x->u.i == y->u.i;
    case ENG_T_VARCHAR: case ENG_T_VARBINARY: case ENG_T_UUID: case ENG_T_JSON:
        return x->u.s.len == y->u.s.len &&
               (x->u.s.len == 0 || !memcmp(x->u.s.ptr, y->u.s.ptr, x->u.s.len));
    default: return true;
    }
}

/* True when x and y are the same expression (same tree, types, values). */
bool bind_expr_equal(const plan_expr *x, const plan_expr *y)
{
    if (x == y)
        return true;
    if (!x || !y || x->kind != y->kind || !eng_type_equal(x->type, y->type) ||
        x->nargs != y->nargs || x->negated != y->negated ||
        x->has_else != y->has_else || x->is_try != y->is_try)
        return false;
    switch (x->kind) {
    case PX_CONST: return value_equal(&x->value, &y->value);
    case PX_COLREF: return x->col == y->col;
    case PX_PARAM: case PX_OUTER_REF: case PX_CORR:
        return x->param == y->param;
    case PX_SUBQUERY:
        /* one subquery is only ever equal to itself (the same binding) */
        if (x->subq != y->subq) return false;
        break;
    case PX_OP: if (x->op != y->op) return false; break;
    case PX_FUNC:
        if (!x->func || !y->func || strcmp(x->func, y->func)) return false;
        break;
    default: break;
    }
    for (int i = 0; i < x->nargs; i++)
        if (!bind_expr_equal(x->args[i], y->args[i]))
            return false;
    return true;
}

/* ------------------------------------------------------------------ */
/* Literals                                                             */
/* ------------------------------------------------------------------ */

/* A PX_CONST holding *v. */
static eng_rc make_const(bctx *b, const eng_value *v, int pos, plan_expr **out)
{
    plan_expr *e = bind_new(b, PX_CONST, v->type, pos);
    if (!e)
        return eng_err_oom(b->err);
    e->value = *v;
    *out = e;
    return ENG_OK;
}

/* Number of UTF-8 characters in s[0..len). */
static int utf8_chars(const char *s, int len)
{
    int n = 0;
    for (int i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            n++;
    return n;
}

/* 1.50 -> decimal(3,2): precision = significant digits, scale = digits
 * after the point. More than 38 digits is 22003. */
static eng_rc bind_decimal_literal(bctx *b, const ast_expr *e, plan_expr **out)
{
    const char *t = e->text ? e->text : "0";
    size_t len = strlen(t);
    const char *p = t;
    if (*p == '+' || *p == '-')
        p++;
    while (*p == '0')
        p++;
    int ip = 0, fp = 0;
    while (*p >= '0' && *p <= '9') { ip++; p++; }
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9') { fp++; p++; }
    }
    int prec = ip + fp < 1 ? 1 : ip + fp;
    if (prec > ENG_DECIMAL_MAX_PRECISION)
        return eng_err_set(b->err, ENG_ERR_NUMERIC_VALUE_OUT_OF_RANGE, e->pos,
                           "Decimal literal '%s' has more than 38 digits", t);
    eng_value v;
    memset(&v, 0, sizeof v);
    v.type = eng_type_decimal(prec, fp);
    eng_rc rc = eng_decimal_parse(t, len, prec, fp, &v.u.dec, b->err);
    if (rc) {
        b->err->position = e->pos;
        return rc;
    }
    return make_const(b, &v, e->pos, out);
}

/*
 * DECIMAL 'text': like an exact numeric literal, typed by its own digits
 * (Trino): optional blanks, sign, digits with at most one '.', at least one
 * digit, no exponent. Precision is the digit count without the integer
 * part's leading zeros (at least 1), scale the digits after the point, so
 * DECIMAL '0.1' is decimal(1,1) and DECIMAL '007.50' decimal(3,2).
 * 22018 when the text is not such a number, 22003 past 38 digits.
 */
static eng_rc bind_decimal_text(bctx *b, const ast_expr *e, const char *text,
                                size_t len, plan_expr **out)
{
    size_t i = 0, end = len;
    while (i < end && (text[i] == ' ' || text[i] == '\t'))
        i++;
    while (end > i && (text[end - 1] == ' ' || text[end - 1] == '\t'))
        end--;
    size_t start = i;
    if (i < end && (text[i] == '+' || text[i] == '-'))
        i++;
    size_t digits0 = i;
    while (i < end && text[i] == '0')
        i++;
    int ip = 0, fp = 0, zeros = (int)(i - digits0);
    while (i < end && text[i] >= '0' && text[i] <= '9') { ip++; i++; }
    if (i < end && text[i] == '.') {
        i++;
        while (i < end && text[i] >= '0' && text[i] <= '9') { fp++; i++; }
    }
    if (i != end || ip + fp + zeros < 1)
        return eng_err_set(b->err, ENG_ERR_INVALID_CHARACTER_VALUE_FOR_CAST,
                           e->pos, "'%.*s' is not a valid decimal literal",
                           (int)len, text);
    int prec = ip + fp < 1 ? 1 : ip + fp;
    if (prec > ENG_DECIMAL_MAX_PRECISION)
        return eng_err_set(b->err, ENG_ERR_NUMERIC_VALUE_OUT_OF_RANGE, e->pos,
                           "Decimal literal '%.*s' has more than 38 digits",
                           (int)len, text);
    eng_value v;
    memset(&v, 0, sizeof v);
    v.type = eng_type_decimal(prec, fp);
    eng_rc rc = eng_decimal_parse(text + start, end - start, prec, fp,
                                  &v.u.dec, b->err);
    if (rc) {
        b->err->position = e->pos;
        return rc;
    }
    return make_const(b, &v, e->pos, out);
}

/*
 * TYPE 'text' literals, as Trino reads them: X'0A0B' (varbinary; 42000
 * on a non-hex digit or an odd count, Trino's parsing error); DATE '...' (22007 when
 * invalid); DECIMAL '...' typed by its digits (bind_decimal_text); any
 * other type name is a cast of the string to that type (INTEGER '12',
 * DOUBLE '1.5', BOOLEAN 'true', VARCHAR 'x' (unbounded)). Types the engine
 * lacks (TIMESTAMP, TIME, INTERVAL ...) are 0A000 from bind_parse_type.
 */
static eng_rc bind_typed_literal(bctx *b, const ast_expr *e, plan_expr **out)
{
    eng_type t;
    eng_value v;
    memset(&v, 0, sizeof v);
    const char *text = e->text ? e->text : "";
    size_t len = e->text ? (size_t)e->text_len : 0;
    if (e->type_name.name &&
        !strcmp(e->type_name.name, PARSE_BINARY_LITERAL)) {
        /* X'..': hex digits, blanks between them ignored (Trino) */
        v.type = eng_type_make(ENG_T_VARBINARY);
        eng_rc hrc = eng_hex_parse(b->a, text, len, true, "Binary literal",
                                   &v.u.s, b->err);
        if (hrc == ENG_ERROR) { /* Trino: a parsing error */
            char msg[ENG_ERR_MSG_MAX];
            snprintf(msg, sizeof msg, "%s", b->err->message);
            return eng_err_set(b->err, ENG_ERR_SYNTAX_ERROR, e->pos, "%s",
                               msg);
        }
        if (hrc)
            return hrc;
        return make_const(b, &v, e->pos, out);
    }
    if (e->type_name.name && (!strcmp(e->type_name.name, "decimal") ||
                              !strcmp(e->type_name.name, "numeric")))
        return bind_decimal_text(b, e, text, len, out);
    bool time_lit;
    eng_rc trc = bind_time_literal(b, e, out, &time_lit);
    if (trc || time_lit)
        return trc;
    if (e->type_name.name && !strcmp(e->type_name.name, "json")) {
        /* JSON '...' is json_parse's value (a cast would quote it) */
        v.type = eng_type_make(ENG_T_JSON);
        eng_rc jrc = eng_json_parse(b->a, text, len, &v.u.s, b->err);
        if (jrc) {
            b->err->position = e->pos;
            return jrc;
        }
        return make_const(b, &v, e->pos, out);
    }
    if (e->type_name.name && !strcmp(e->type_name.name, "date")) {
        v.type = eng_type_make(ENG_T_DATE);
        if (eng_date_parse(text, len, &v.u.date, b->err) != ENG_OK)
            return eng_err_set(b->err, ENG_ERR_INVALID_DATETIME_FORMAT, e->pos,
                               "'%.*s' is not a valid date literal",
                               (int)len, text);
        return make_const(b, &v, e->pos, out);
    }
    eng_rc rc = bind_parse_type(b, &e->type_name, &t);
    if (rc)
        return rc;
    eng_value s;
    memset(&s, 0, sizeof s);
    s.type = eng_type_varchar(0);
    s.u.s.ptr = text;
    s.u.s.len = (uint32_t)len;
    rc = eng_value_cast_zone(b->a, &s, t, sess_tz(b->c), &v, b->err);
    if (rc) {
        b->err->position = e->pos;
        return rc;
    }
    return make_const(b, &v, e->pos, out);
}

/* Literals: integer if it fits int32 else bigint, decimal, double,
 * varchar(n) with n characters, boolean, NULL (unknown type). */
static eng_rc bind_literal(bctx *b, const ast_expr *e, plan_expr **out)
{
    eng_value v;
    memset(&v, 0, sizeof v);
    switch (e->kind) {
    case AE_NULL:
        v.type = eng_type_make(ENG_T_UNKNOWN);
        v.is_null = true;
        break;
    case AE_BOOL:
        v.type = eng_type_make(ENG_T_BOOLEAN);
        v.u.b = e->bool_val;
        break;
    case AE_INT:
        v.type = eng_type_make(e->int_val >= INT32_MIN && e->int_val <= INT32_MAX
                               ? ENG_T_INTEGER : ENG_T_BIGINT);
        v.u.i = e->int_val;
        break;
    case AE_DOUBLE:
        v.type = eng_type_make(ENG_T_DOUBLE);
        v.u.d = strtod(e->text ? e->text : "0", NULL);
        break;
    case AE_STRING: {
        int len = e->text ? e->text_len : 0;
        v.type = eng_type_varchar(utf8_chars(e->text, len));
        v.u.s.ptr = e->text ? e->text : "";
        v.u.s.len = (uint32_t)len;
        break;
    }
    case AE_DECIMAL:
        return bind_decimal_literal(b, e, out);
    default:
        return bind_typed_literal(b, e, out);
    }
    return make_const(b, &v, e->pos, out);
}

/* ------------------------------------------------------------------ */
/* Operators                                                            */
/* ------------------------------------------------------------------ */

/* The operator as Trino prints it in error messages. */
static const char *op_text(ast_op op)
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
    case AOP_IS_DISTINCT: return "IS DISTINCT FROM";
    case AOP_IS_NOT_DISTINCT: return "IS NOT DISTINCT FROM";
    default: return "?";
    }
}

/* AST operator -> plan operator. */
static plan_op map_op(ast_op op)
{
    switch (op) {
    case AOP_ADD: return PO_ADD;
    case AOP_SUB: return PO_SUB;
    case AOP_MUL: return PO_MUL;
    case AOP_DIV: return PO_DIV;
    case AOP_MOD: return PO_MOD;
    case AOP_CONCAT: return PO_CONCAT;
    case AOP_EQ: return PO_EQ;
    case AOP_NE: return PO_NE;
    case AOP_LT: return PO_LT;
    case AOP_LE: return PO_LE;
    case AOP_GT: return PO_GT;
    case AOP_GE: return PO_GE;
    case AOP_IS_DISTINCT: return PO_IS_DISTINCT;
    default: return PO_IS_NOT_DISTINCT;
    }
}

/* 42804 "Cannot apply operator: <type> <op> <type>". */
static eng_rc op_mismatch(bctx *b, int pos, ast_op op, eng_type l, eng_type r)
{
    return eng_err_set(b->err, ENG_ERR_DATATYPE_MISMATCH, pos,
                       "Cannot apply operator: %s %s %s", bind_type_str(b, l),
                       op_text(op), bind_type_str(b, r));
}

/* Builds PX_OP op(l, r) of result type t. */
static eng_rc make_op(bctx *b, plan_op op, eng_type t, plan_expr *l, plan_expr *r,
                      int pos, plan_expr **out)
{
    plan_expr *e = bind_new(b, PX_OP, t, pos);
    if (!e || bind_args(b, e, r ? 2 : 1))
        return eng_err_oom(b->err);
    e->op = op;
    e->args[0] = l;
    if (r)
        e->args[1] = r;
    *out = e;
    return ENG_OK;
}

/*
 * A comparison l op r: both sides are coerced to their common type
 * (42804 when there is none). Result boolean.
 */
eng_rc bind_compare(bctx *b, ast_op op, plan_expr *l, plan_expr *r, int pos,
                   plan_expr **out)
{
    eng_type t;
    if (!bind_common_type(l->type, r->type, &t))
        return op_mismatch(b, pos, op, l->type, r->type);
    /* json is comparable (=, <>, IS DISTINCT FROM), not orderable */
    if (t.id == ENG_T_JSON && op != AOP_EQ && op != AOP_NE &&
        op != AOP_IS_DISTINCT && op != AOP_IS_NOT_DISTINCT)
        return op_mismatch(b, pos, op, l->type, r->type);
    if (t.id == ENG_T_UNKNOWN)
        t = eng_type_make(ENG_T_BOOLEAN);
    if (bind_coerce(b, l, t, &l) || bind_coerce(b, r, t, &r))
        return ENG_NOMEM;
    return make_op(b, map_op(op), eng_type_make(ENG_T_BOOLEAN), l, r, pos, out);
}

/* Trino's result type of decimal arithmetic. */
static eng_type decimal_result(plan_op op, eng_type x, eng_type y)
{
    int p1 = x.precision, s1 = x.scale, p2 = y.precision, s2 = y.scale;
    int s = imax(s1, s2), p;
    switch (op) {
    case PO_ADD: case PO_SUB:
        p = imax(p1 - s1, p2 - s2) + s + 1;
        break;
    case PO_MUL:
        p = p1 + p2;
        s = s1 + s2;
        break;
    case PO_DIV:
        p = p1 + s2 + imax(s2 - s1, 0);
        break;
    default: /* PO_MOD */
        p = imin(p2 - s2, p1 - s1) + s;
        break;
    }
    if (p > ENG_DECIMAL_MAX_PRECISION)
        p = ENG_DECIMAL_MAX_PRECISION;
    if (s > p)
        s = p;
    if (p < 1)
        p = 1;
    return eng_type_decimal(p, s);
}

/*
 * Arithmetic l op r (+ - * / %). Integers widen to the wider type, any
 * double makes both double, decimals keep their own scales with the
 * result type on the node (integers become decimal(n,0) first).
 */
/*
 * The type an untyped operand takes from the other operand t of
 * arithmetic: t itself for a NULL literal; for a parameter marker the
 * widest type of t's family (bigint, decimal(38, t's scale), double), so
 * that `? + 1` takes any bigint and `? + 0.001` any decimal with three
 * digits after the point, as Trino would with the value written in.
 */
static eng_type untyped_operand(const plan_expr *e, eng_type t)
{
    if (e->kind != PX_PARAM)
        return t;
    if (eng_type_is_integer(t.id))
        return eng_type_make(ENG_T_BIGINT);
    if (t.id == ENG_T_DECIMAL)
        return eng_type_decimal(ENG_DECIMAL_MAX_PRECISION, t.scale);
    return t;
}

eng_rc bind_arith(bctx *b, ast_op aop, plan_expr *l, plan_expr *r, int pos,
                 plan_expr **out)
{
    plan_op op = map_op(aop);
    eng_type lt = l->type, rt = r->type;
    if (lt.id == ENG_T_UNKNOWN && rt.id == ENG_T_UNKNOWN)
        lt = rt = eng_type_make(ENG_T_INTEGER);
    else if (lt.id == ENG_T_UNKNOWN)
        lt = untyped_operand(l, rt);
    else if (rt.id == ENG_T_UNKNOWN)
        rt = untyped_operand(r, lt);
    if (bind_time_arith_applies(l->type.id, r->type.id))
        return bind_time_arith(b, aop, l, r, pos, out);
    if (!eng_type_is_numeric(lt.id) || !eng_type_is_numeric(rt.id))
        return op_mismatch(b, pos, aop, l->type, r->type);
    if (bind_coerce(b, l, lt, &l) || bind_coerce(b, r, rt, &r))
        return ENG_NOMEM;
    if (lt.id == ENG_T_DOUBLE || rt.id == ENG_T_DOUBLE) {
        /* double, or real when no side is a double (Trino: real op real,
         * real op integer/decimal are real) */
        eng_type d = eng_type_make(ENG_T_DOUBLE);
        if ((eng_type_is_real(lt) || lt.id != ENG_T_DOUBLE) &&
            (eng_type_is_real(rt) || rt.id != ENG_T_DOUBLE))
            d = eng_type_real();
        if (bind_coerce(b, l, d, &l) || bind_coerce(b, r, d, &r))
            return ENG_NOMEM;
        return make_op(b, op, d, l, r, pos, out);
    }
    if (lt.id == ENG_T_DECIMAL || rt.id == ENG_T_DECIMAL) {
        if (lt.id != ENG_T_DECIMAL) {
            lt = int_as_decimal(lt);
            if (bind_coerce(b, l, lt, &l))
                return ENG_NOMEM;
        }
        if (rt.id != ENG_T_DECIMAL) {
            rt = int_as_decimal(rt);
            if (bind_coerce(b, r, rt, &r))
                return ENG_NOMEM;
        }
        return make_op(b, op, decimal_result(op, lt, rt), l, r, pos, out);
    }
    eng_type t;
    bind_common_type(lt, rt, &t);
    if (bind_coerce(b, l, t, &l) || bind_coerce(b, r, t, &r))
        return ENG_NOMEM;
    return make_op(b, op, t, l, r, pos, out);
}

/* Requires e to be boolean (unknown becomes a boolean NULL). */
static eng_rc want_bool(bexpr_ctx *x, plan_expr *e, int pos, const char *what,
                        plan_expr **out)
{
    if (e->type.id == ENG_T_UNKNOWN)
        return bind_coerce(x->b, e, eng_type_make(ENG_T_BOOLEAN), out);
    if (e->type.id != ENG_T_BOOLEAN)
        return eng_err_set(x->b->err, ENG_ERR_DATATYPE_MISMATCH, pos,
                           "%s must evaluate to a boolean: actual type %s",
                           what, bind_type_str(x->b, e->type));
    *out = e;
    return ENG_OK;
}

/* Appends e to the n-ary AND/OR node dst, flattening nested ones. */
static eng_rc add_junct(bctx *b, plan_expr *dst, plan_expr *e, int *cap)
{
    if (e->kind == dst->kind) {
        for (int i = 0; i < e->nargs; i++)
            if (add_junct(b, dst, e->args[i], cap))
                return ENG_NOMEM;
        return ENG_OK;
    }
    if (dst->nargs == *cap &&
        !eng_array_grow(b->a, &dst->args, cap, dst->nargs + 1, sizeof *dst->args))
        return eng_err_oom(b->err);
    dst->args[dst->nargs++] = e;
    return ENG_OK;
}

/* AND / OR over booleans, flattened into one n-ary node. */
static eng_rc bind_logical(bexpr_ctx *x, const ast_expr *e, plan_expr **out)
{
    plan_expr *l, *r;
    const char *w = e->op == AOP_AND ? "AND operand" : "OR operand";
    eng_rc rc;
    if ((rc = bind_expr(x, e->args[0], &l)) ||
        (rc = want_bool(x, l, e->args[0]->pos, w, &l)) ||
        (rc = bind_expr(x, e->args[1], &r)) ||
        (rc = want_bool(x, r, e->args[1]->pos, w, &r)))
        return rc;
    plan_expr *n = bind_new(x->b, e->op == AOP_AND ? PX_AND : PX_OR,
                         eng_type_make(ENG_T_BOOLEAN), e->pos);
    if (!n)
        return eng_err_oom(x->b->err);
    int cap = 0;
    if (add_junct(x->b, n, l, &cap) || add_junct(x->b, n, r, &cap))
        return ENG_NOMEM;
    *out = n;
    return ENG_OK;
}

/* Arithmetic, ||, comparisons and IS [NOT] DISTINCT FROM. */
static eng_rc bind_binary(bexpr_ctx *x, const ast_expr *e, plan_expr **out)
{
    bctx *b = x->b;
    plan_expr *l, *r;
    eng_rc rc;
    if (e->op == AOP_AND || e->op == AOP_OR)
        return bind_logical(x, e, out);
    if ((rc = bind_expr(x, e->args[0], &l)) || (rc = bind_expr(x, e->args[1], &r)))
        return rc;
    switch (e->op) {
    case AOP_ADD: case AOP_SUB: case AOP_MUL: case AOP_DIV: case AOP_MOD:
        return bind_arith(b, e->op, l, r, e->pos, out);
    case AOP_CONCAT: {
        eng_type v0 = eng_type_varchar(0);
        if (l->type.id == ENG_T_ARRAY || r->type.id == ENG_T_ARRAY)
            return bind_array_concat(b, l, r, e->pos, out);
        if (l->type.id == ENG_T_VARBINARY || r->type.id == ENG_T_VARBINARY) {
            /* varbinary || varbinary (an untyped NULL side included) */
            eng_type vb = eng_type_make(ENG_T_VARBINARY);
            if ((l->type.id != ENG_T_VARBINARY && l->type.id != ENG_T_UNKNOWN) ||
                (r->type.id != ENG_T_VARBINARY && r->type.id != ENG_T_UNKNOWN))
                return op_mismatch(b, e->pos, e->op, l->type, r->type);
            if (bind_coerce(b, l, vb, &l) || bind_coerce(b, r, vb, &r))
                return ENG_NOMEM;
            return make_op(b, PO_CONCAT, vb, l, r, e->pos, out);
        }
        if ((l->type.id != ENG_T_VARCHAR && l->type.id != ENG_T_UNKNOWN) ||
            (r->type.id != ENG_T_VARCHAR && r->type.id != ENG_T_UNKNOWN))
            return op_mismatch(b, e->pos, e->op, l->type, r->type);
        if (bind_coerce(b, l, v0, &l) || bind_coerce(b, r, v0, &r))
            return ENG_NOMEM;
        int len = l->type.length && r->type.length
                  ? l->type.length + r->type.length : 0;
        return make_op(b, PO_CONCAT, eng_type_varchar(len), l, r, e->pos, out);
    }
    default:
        return bind_compare(b, e->op, l, r, e->pos, out);
    }
}

/* NOT, unary minus (folded on literals) and unary plus. */
static eng_rc bind_unary(bexpr_ctx *x, const ast_expr *e, plan_expr **out)
{
    bctx *b = x->b;
    plan_expr *a;
    eng_rc rc = bind_expr(x, e->args[0], &a);
    if (rc)
        return rc;
    if (e->op == AOP_NOT) {
        if ((rc = want_bool(x, a, e->args[0]->pos, "NOT operand", &a)))
            return rc;
        plan_expr *n = bind_new(b, PX_NOT, a->type, e->pos);
        if (!n || bind_args(b, n, 1))
            return eng_err_oom(b->err);
        n->args[0] = a;
        *out = n;
        return ENG_OK;
    }
    if (a->type.id == ENG_T_UNKNOWN) {
        *out = a;
        return ENG_OK;
    }
    if (!eng_type_is_numeric(a->type.id) &&
        a->type.id != ENG_T_INTERVAL_DS && a->type.id != ENG_T_INTERVAL_YM)
        return eng_err_set(b->err, ENG_ERR_DATATYPE_MISMATCH, e->pos,
                           "Cannot apply operator: %s%s",
                           e->op == AOP_NEG ? "-" : "+",
                           bind_type_str(b, a->type));
    if (e->op == AOP_PLUS) {
        *out = a;
        return ENG_OK;
    }
    /* Fold the negation of a literal (so -2147483648 stays an integer
     * literal the way Trino reads it). */
    if (a->kind == PX_CONST && !a->value.is_null) {
        plan_expr *c = bind_new(b, PX_CONST, a->type, e->pos);
        if (!c)
            return eng_err_oom(b->err);
        c->value = a->value;
        switch (a->type.id) {
        case ENG_T_DOUBLE: c->value.u.d = -a->value.u.d; *out = c; return ENG_OK;
        case ENG_T_DECIMAL: c->value.u.dec = -a->value.u.dec; *out = c; return ENG_OK;
        default: {
            /* only when the negation fits the type: -TINYINT '-128' (or
             * -SMALLINT '-32768') is left to PO_NEG, which fails 22003 */
            int64_t lo = INT64_MIN, hi = INT64_MAX;
            if (eng_type_is_integer(a->type.id))
                eng_int_range(a->type, &lo, &hi);
            if (a->value.u.i != INT64_MIN && -a->value.u.i >= lo &&
                -a->value.u.i <= hi) {
                c->value.u.i = -a->value.u.i;
                *out = c;
                return ENG_OK;
            }
            break;
        }
        }
    }
    return make_op(b, PO_NEG, a->type, a, NULL, e->pos, out);
}

/* ------------------------------------------------------------------ */
/* Predicates and CASE                                                  */
/* ------------------------------------------------------------------ */

/* True when e contains a subquery expression. Such an operand is bound
 * again rather than copied where it is used twice (BETWEEN, simple CASE):
 * the planner consumes each subquery plan once. */
static bool ast_has_subquery(const ast_expr *e)
{
    if (!e)
        return false;
    if (e->kind == AE_SUBQUERY || e->kind == AE_EXISTS ||
        e->kind == AE_IN_SUBQUERY || e->kind == AE_QUANTIFIED)
        return true;
    for (int i = 0; i < e->nargs; i++)
        if (ast_has_subquery(e->args[i]))
            return true;
    if (ast_has_subquery(e->case_operand) || ast_has_subquery(e->else_result))
        return true;
    for (int i = 0; i < e->nwhen; i++)
        if (ast_has_subquery(e->when_conds[i]) ||
            ast_has_subquery(e->when_results[i]))
            return true;
    return false;
}

/* Deep copy of e (so that a rewritten tree never shares nodes). */
plan_expr *bind_copy(bctx *b, const plan_expr *e)
{
    plan_expr *n = bind_new(b, e->kind, e->type, e->pos);
    if (!n)
        return NULL;
    *n = *e;
    if (e->nargs) {
        n->args = eng_arena_alloc(b->a, sizeof(plan_expr *) * (size_t)e->nargs);
        if (!n->args)
            return NULL;
        for (int i = 0; i < e->nargs; i++)
            if (!(n->args[i] = bind_copy(b, e->args[i])))
                return NULL;
    }
    return n;
}

/* a BETWEEN b AND c -> (a >= b AND a <= c); NOT BETWEEN -> NOT (...). */
static eng_rc bind_between(bexpr_ctx *x, const ast_expr *e, plan_expr **out)
{
    bctx *b = x->b;
    plan_expr *v, *lo, *hi, *c1, *c2;
    eng_type t, t2;
    eng_rc rc;
    if ((rc = bind_expr(x, e->args[0], &v)) || (rc = bind_expr(x, e->args[1], &lo)) ||
        (rc = bind_expr(x, e->args[2], &hi)))
        return rc;
    if (!bind_common_type(v->type, lo->type, &t))
        return op_mismatch(b, e->pos, AOP_GE, v->type, lo->type);
    if (!bind_common_type(t, hi->type, &t2))
        return op_mismatch(b, e->pos, AOP_LE, v->type, hi->type);
    plan_expr *v2;
    if (ast_has_subquery(e->args[0])) {
        if ((rc = bind_expr(x, e->args[0], &v2)))
            return rc;
    } else if (!(v2 = bind_copy(b, v))) {
        return eng_err_oom(b->err);
    }
    if ((rc = bind_coerce(b, v, t2, &v)) || (rc = bind_coerce(b, v2, t2, &v2)) ||
        (rc = bind_compare(b, AOP_GE, v, lo, e->pos, &c1)) ||
        (rc = bind_compare(b, AOP_LE, v2, hi, e->pos, &c2)))
        return rc;
    plan_expr *n = bind_new(b, PX_AND, eng_type_make(ENG_T_BOOLEAN), e->pos);
    if (!n || bind_args(b, n, 2))
        return eng_err_oom(b->err);
    n->args[0] = c1;
    n->args[1] = c2;
    if (e->negated) {
        plan_expr *nt = bind_new(b, PX_NOT, n->type, e->pos);
        if (!nt || bind_args(b, nt, 1))
            return eng_err_oom(b->err);
        nt->args[0] = n;
        n = nt;
    }
    *out = n;
    return ENG_OK;
}

/* a [NOT] IN (list): every element coerced to one common type. */
static eng_rc bind_in_list(bexpr_ctx *x, const ast_expr *e, plan_expr **out)
{
    bctx *b = x->b;
    plan_expr *n = bind_new(b, PX_IN_LIST, eng_type_make(ENG_T_BOOLEAN), e->pos);
    if (!n || bind_args(b, n, e->nargs))
        return eng_err_oom(b->err);
    n->negated = e->negated;
    eng_type t = eng_type_make(ENG_T_UNKNOWN);
    for (int i = 0; i < e->nargs; i++) {
        eng_rc rc = bind_expr(x, e->args[i], &n->args[i]);
        if (rc)
            return rc;
        eng_type nt;
        if (!bind_common_type(t, n->args[i]->type, &nt))
            return op_mismatch(b, e->args[i]->pos, AOP_EQ, n->args[0]->type,
                               n->args[i]->type);
        t = nt;
    }
    for (int i = 0; i < e->nargs; i++)
        if (bind_coerce(b, n->args[i], t, &n->args[i]))
            return ENG_NOMEM;
    *out = n;
    return ENG_OK;
}

/* a [NOT] LIKE pattern [ESCAPE e]: varchar operands only. */
static eng_rc bind_like(bexpr_ctx *x, const ast_expr *e, plan_expr **out)
{
    bctx *b = x->b;
    plan_expr *n = bind_new(b, PX_LIKE, eng_type_make(ENG_T_BOOLEAN), e->pos);
    if (!n || bind_args(b, n, e->nargs))
        return eng_err_oom(b->err);
    n->negated = e->negated;
    for (int i = 0; i < e->nargs; i++) {
        eng_rc rc = bind_expr(x, e->args[i], &n->args[i]);
        if (rc)
            return rc;
        eng_type_id id = n->args[i]->type.id;
        if (id != ENG_T_VARCHAR && id != ENG_T_UNKNOWN)
            return eng_err_set(b->err, ENG_ERR_DATATYPE_MISMATCH, e->args[i]->pos,
                               "LIKE requires varchar operands, not %s",
                               bind_type_str(b, n->args[i]->type));
        if (bind_coerce(b, n->args[i], eng_type_varchar(0), &n->args[i]))
            return ENG_NOMEM;
    }
    *out = n;
    return ENG_OK;
}

/* CASE: simple CASE becomes searched (operand = value); results unified. */
static eng_rc bind_case(bexpr_ctx *x, const ast_expr *e, plan_expr **out)
{
    bctx *b = x->b;
    int n = e->nwhen * 2 + (e->else_result ? 1 : 0);
    plan_expr *c = bind_new(b, PX_CASE, eng_type_make(ENG_T_UNKNOWN), e->pos);
    if (!c || bind_args(b, c, n))
        return eng_err_oom(b->err);
    c->has_else = e->else_result != NULL;
    plan_expr *operand = NULL;
    eng_rc rc;
    if (e->case_operand && (rc = bind_expr(x, e->case_operand, &operand)))
        return rc;
    eng_type t = eng_type_make(ENG_T_UNKNOWN);
    for (int i = 0; i < e->nwhen; i++) {
        plan_expr *cond;
        if ((rc = bind_expr(x, e->when_conds[i], &cond)))
            return rc;
        if (operand) {
            plan_expr *op = operand;
            if (i && ast_has_subquery(e->case_operand)) {
                if ((rc = bind_expr(x, e->case_operand, &op)))
                    return rc;
            } else if (i && !(op = bind_copy(b, operand))) {
                return eng_err_oom(b->err);
            }
            if ((rc = bind_compare(b, AOP_EQ, op, cond, e->when_conds[i]->pos,
                                  &cond)))
                return rc;
        } else if ((rc = want_bool(x, cond, e->when_conds[i]->pos,
                                   "CASE WHEN clause", &cond))) {
            return rc;
        }
        c->args[2 * i] = cond;
        if ((rc = bind_expr(x, e->when_results[i], &c->args[2 * i + 1])))
            return rc;
    }
    if (e->else_result && (rc = bind_expr(x, e->else_result, &c->args[n - 1])))
        return rc;
    for (int i = 0; i < n; i++) {
        if (i < 2 * e->nwhen && i % 2 == 0)
            continue;
        eng_type nt;
        if (!bind_common_type(t, c->args[i]->type, &nt))
            return eng_err_set(b->err, ENG_ERR_DATATYPE_MISMATCH,
                               c->args[i]->pos, "All CASE results must be the "
                               "same type or coercible to a common type: %s "
                               "and %s", bind_type_str(b, t),
                               bind_type_str(b, c->args[i]->type));
        t = nt;
    }
    for (int i = 0; i < n; i++) {
        if (i < 2 * e->nwhen && i % 2 == 0)
            continue;
        if (bind_coerce(b, c->args[i], t, &c->args[i]))
            return ENG_NOMEM;
    }
    c->type = t;
    *out = c;
    return ENG_OK;
}

/* May a value of type `from` be cast to type `to`? */
static bool castable(eng_type_id from, eng_type_id to)
{
    /* arrays only to arrays (bind_cast checks their elements) */
    if ((from == ENG_T_ARRAY || to == ENG_T_ARRAY) && from != ENG_T_UNKNOWN)
        return from == to;
    /* Trino: varbinary never to varchar (from_utf8 / to_hex say which
     * text); uuid <-> varbinary (16 bytes) */
    if (from == ENG_T_VARBINARY && to == ENG_T_VARCHAR)
        return false;
    if ((from == ENG_T_VARBINARY && to == ENG_T_UUID) ||
        (from == ENG_T_UUID && to == ENG_T_VARBINARY))
        return true;
    /* json: from and to boolean, numbers and varchar (types/json.c) */
    if (to == ENG_T_JSON || from == ENG_T_JSON) {
        eng_type_id o = to == ENG_T_JSON ? from : to;
        return o == ENG_T_JSON || o == ENG_T_UNKNOWN || o == ENG_T_VARCHAR ||
               o == ENG_T_BOOLEAN || eng_type_is_numeric(o);
    }
    if (from == to || from == ENG_T_UNKNOWN || from == ENG_T_VARCHAR ||
        to == ENG_T_VARCHAR)
        return true;
    if (eng_type_is_numeric(from) || from == ENG_T_BOOLEAN)
        return eng_type_is_numeric(to) || to == ENG_T_BOOLEAN;
    /* date <-> timestamp, timestamp -> time (types/cast.c) */
    if ((from == ENG_T_DATE || from == ENG_T_TIMESTAMP) &&
        (to == ENG_T_DATE || to == ENG_T_TIMESTAMP))
        return true;
    /* with time zone: timestamp, date <-> timestamp with time zone; it
     * and time -> time with time zone; back to time (types/cast.c) */
    if (to == ENG_T_TIMESTAMP_TZ)
        return from == ENG_T_DATE || from == ENG_T_TIMESTAMP;
    if (from == ENG_T_TIMESTAMP_TZ)
        return to == ENG_T_DATE || to == ENG_T_TIMESTAMP || to == ENG_T_TIME ||
               to == ENG_T_TIME_TZ;
    if (to == ENG_T_TIME_TZ)
        return from == ENG_T_TIME;
    if (from == ENG_T_TIME_TZ)
        return to == ENG_T_TIME;
    return from == ENG_T_TIMESTAMP && to == ENG_T_TIME;
}

/* CAST / TRY_CAST to a supported type (42804 when not castable). */
static eng_rc bind_cast(bexpr_ctx *x, const ast_expr *e, plan_expr **out)
{
    bctx *b = x->b;
    eng_type t;
    plan_expr *a;
    eng_rc rc;
    if ((rc = bind_parse_type(b, &e->type_name, &t)) ||
        (rc = bind_expr(x, e->args[0], &a)))
        return rc;
    /* array(T) <-> json: Trino's rules (bind_func_trino.c) */
    if ((a->type.id == ENG_T_ARRAY && t.id == ENG_T_JSON) ||
        (a->type.id == ENG_T_JSON && t.id == ENG_T_ARRAY))
        return bind_json_array_cast(b, e, a, t, out);
    eng_type fe = a->type, te = t;
    while (fe.id == ENG_T_ARRAY && te.id == ENG_T_ARRAY) {
        fe = eng_type_elem(fe);
        te = eng_type_elem(te);
    }
    if (!castable(a->type.id, t.id) || !castable(fe.id, te.id))
        return eng_err_set(b->err, ENG_ERR_DATATYPE_MISMATCH, e->pos,
                           "Cannot cast %s to %s", bind_type_str(b, a->type),
                           bind_type_str(b, t));
    if (a->type.id == ENG_T_UNKNOWN)
        return bind_coerce(b, a, t, out);
    if (eng_type_equal(a->type, t)) {
        *out = a;
        return ENG_OK;
    }
    plan_expr *c = bind_new(b, PX_CAST, t, e->pos);
    if (!c || bind_args(b, c, 1))
        return eng_err_oom(b->err);
    c->is_try = e->is_try;
    c->args[0] = a;
    *out = c;
    return ENG_OK;
}

/*
 * Binds e over x->scope into a typed expression in *out. Aggregate calls
 * are allowed only in BM_AGG mode (see bind_func.c). Errors carry e's
 * position.
 */
eng_rc bind_expr(bexpr_ctx *x, const ast_expr *e, plan_expr **out)
{
    bctx *b = x->b;
    if (++b->depth > 1000) {
        b->depth--;
        return eng_err_set(b->err, ENG_ERR_STATEMENT_TOO_COMPLEX, e->pos,
                           "Expression nested too deeply");
    }
    eng_rc rc = ENG_OK;
    switch (e->kind) {
    case AE_NULL: case AE_BOOL: case AE_INT: case AE_DECIMAL: case AE_DOUBLE:
    case AE_STRING: case AE_TYPED_LITERAL:
        rc = bind_literal(b, e, out);
        break;
    case AE_ARRAY:
        rc = bind_array_ctor(x, e, out);
        break;
    case AE_COLUMN: {
        int col;
        if ((rc = bind_resolve_column(b, x->scope, &e->name, &col))) {
            /* inside a subquery: perhaps a column of an enclosing query */
            if (b->outer && !strcmp(b->err->sqlstate, ENG_ERR_UNDEFINED_COLUMN))
                rc = bind_outer_column(x, &e->name, out);
            break;
        }
        plan_expr *n = bind_new(b, PX_COLREF, x->scope->cols[col].type, e->pos);
        if (!n) {
            rc = eng_err_oom(b->err);
            break;
        }
        n->col = col;
        *out = n;
        break;
    }
    case AE_STAR:
        rc = eng_err_set(b->err, ENG_ERR_SYNTAX_ERROR, e->pos,
                         "'*' is not allowed here");
        break;
    case AE_PARAM: {
        /* Untyped until context types it (bind_coerce), unless the
         * engine hints the application's type for a marker the query
         * leaves untyped. */
        eng_type t = eng_type_make(ENG_T_UNKNOWN);
        if (b->param_hints && e->param_index >= 0 &&
            e->param_index < b->nparam_hints)
            t = b->param_hints[e->param_index];
        plan_expr *n = bind_new(b, PX_PARAM, t, e->pos);
        if (!n) {
            rc = eng_err_oom(b->err);
            break;
        }
        n->param = e->param_index;
        n->value.is_null = true;
        *out = n;
        break;
    }
    case AE_UNARY: rc = bind_unary(x, e, out); break;
    case AE_BINARY: rc = bind_binary(x, e, out); break;
    case AE_IS_NULL: {
        plan_expr *a;
        if ((rc = bind_expr(x, e->args[0], &a)))
            break;
        plan_expr *n = bind_new(b, PX_IS_NULL, eng_type_make(ENG_T_BOOLEAN), e->pos);
        if (!n || bind_args(b, n, 1)) {
            rc = eng_err_oom(b->err);
            break;
        }
        n->negated = e->negated;
        n->args[0] = a;
        *out = n;
        break;
    }
    case AE_BETWEEN: rc = bind_between(x, e, out); break;
    case AE_IN_LIST: rc = bind_in_list(x, e, out); break;
    case AE_LIKE: rc = bind_like(x, e, out); break;
    case AE_FUNC: rc = bind_func(x, e, out); break;
    case AE_CASE: rc = bind_case(x, e, out); break;
    case AE_CAST: rc = bind_cast(x, e, out); break;
    case AE_SUBQUERY: case AE_EXISTS: case AE_IN_SUBQUERY: case AE_QUANTIFIED:
        rc = bind_subquery(x, e, out);
        break;
    }
    b->depth--;
    return rc;
}

/* Binds e and requires a boolean (x->clause names it in the error). */
eng_rc bind_bool_expr(bexpr_ctx *x, const ast_expr *e, plan_expr **out)
{
    plan_expr *r;
    eng_rc rc = bind_expr(x, e, &r);
    if (rc)
        return rc;
    return want_bool(x, r, e->pos, x->clause ? x->clause : "WHERE clause",
                     out);
}
