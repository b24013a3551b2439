/*
 * engine/connector/pg/pg_shippable.c
 *   Decides which filter expressions PostgreSQL can evaluate exactly as
 *   the engine (Trino semantics) would: a whitelist in the spirit of
 *   postgres_fdw's is_foreign_expr.
 * Interface: pg_shippable.
 * Not here: writing the SQL (pg_deparse.c, which must print every shape
 *   accepted here), splitting conjuncts (optimizer/pushdown.c).
 *
 * Accepted, and nothing else:
 *   column references of boolean, smallint, integer, bigint, decimal,
 *     varchar, date, double;
 *   constants of those types (NULL included); varchar only when valid
 *     UTF-8 without NUL bytes; double only when finite; dates in years
 *     1..9999 (what DATE 'YYYY-MM-DD' can spell);
 *   AND, OR, NOT, IS [NOT] NULL;
 *   = <> < <= > >= and IS [NOT] DISTINCT FROM between operands of the
 *     same type. Varchar order comparisons are deparsed with COLLATE "C"
 *     (Trino compares code points; UTF-8 byte order is code point order).
 *     Double: PostgreSQL treats NaN as equal to itself and larger than
 *     everything, IEEE (the engine, Trino) makes every comparison with NaN
 *     false except <>. So a double comparison ships only against a finite
 *     constant (then = <> < <= agree on NaN, and pg_deparse adds
 *     `AND x <> 'NaN'` to > and >=); double IS DISTINCT never ships;
 *   [NOT] IN over a list of shippable constants of the operand's type;
 *   [NOT] LIKE with a constant pattern and optional constant one-character
 *     escape, when the pattern is valid for Trino (an escape character
 *     must be followed by %, _ or itself; otherwise Trino raises an error
 *     and the engine must evaluate it locally to raise it);
 *   CAST (not TRY_CAST) from one integer type to another (both sides
 *     raise 22003 on overflow), never to tinyint (PostgreSQL has none:
 *     its int2 would not fail beyond 127), and to a decimal(p,s) from an integer type
 *     or a decimal(p2,s2) whose integer digits fit (p - s at least 5, 10
 *     or 19 for smallint, integer, bigint; p - s >= p2 - s2) and whose
 *     scale it keeps or extends (s >= s2): such a cast never rounds and
 *     never overflows on either side;
 *   CASE (searched; the binder turns simple CASE and IF into it),
 *     COALESCE and NULLIF whose operands all ship, whose results (CASE's
 *     THEN/ELSE, every COALESCE operand, NULLIF's two) have exactly the
 *     expression's type (decimal precision and scale, real or double,
 *     char(n) or varchar, timestamp precision: the binder already cast
 *     them to Trino's common type, so PostgreSQL's own type resolution
 *     never picks another one; pg_deparse types every constant operand
 *     so that a bare 5 does not widen a smallint CASE to int4), and that
 *     hold no constant-only arithmetic or cast: PostgreSQL folds those
 *     while planning, so CASE WHEN x > 0 THEN 1 / 0 END would fail there
 *     even where no row reaches the branch, while Trino evaluates CASE,
 *     COALESCE and NULLIF lazily. NULLIF's comparison is PostgreSQL's =
 *     on the two operands' common type, which is Trino's except for
 *     double (NaN = NaN is true in PostgreSQL): NULLIF of double stays
 *     local;
 *   + - * / % and unary - over operands of one integer type (smallint,
 *     integer or bigint, not tinyint, whose range int2 does not check)
 *     giving that type: PostgreSQL's int2/int4/int8
 *     operators truncate division toward zero, give % the dividend's
 *     sign, raise 22003 on overflow and 22012 on a zero divisor, as
 *     Trino does (pg_deparse types every constant operand, so that a
 *     smallint stays smallint).
 *   Trino's bitwise_and, bitwise_or, bitwise_xor (bigint operands that
 *     ship) and bitwise_not as int8 & | # ~ (the same two's complement
 *     bits, never an error); bitwise_left_shift and
 *     bitwise_right_shift_arithmetic of a bigint by a constant 0..63 as
 *     int8 << and >> (PostgreSQL shifts by whatever C does beyond that
 *     where Trino gives 0 or -1, and its >> is arithmetic, so the logical
 *     bitwise_right_shift, narrower values' shifts and bit_count stay
 *     local).
 * Other arithmetic (decimal rounding and scales, double overflow to
 * infinity) and functions are not shipped: their semantics differ.
 * Size: an expression of more than PG_SHIP_MAX_NODES nodes (IN-list items
 * not counted) or with an IN list of more than PG_SHIP_MAX_IN_ITEMS items
 * is not shipped; the engine evaluates it locally. A PostgreSQL backend
 * given a 700,000-term OR chain grew to 22 GB planning it.
 */
#include <math.h>
#include <string.h>
#include "pg_int.h"
#include "pg_copy.h"

#define PG_SHIP_MAX_NODES 10000
#define PG_SHIP_MAX_IN_ITEMS 100000

static bool ship(const plan_expr *e);

/* Days since 1970-01-01 of 0001-01-01 and 9999-12-31. */
#define PG_MIN_SHIP_DATE (-719162)
#define PG_MAX_SHIP_DATE 2932896
/* Timestamps shipped as literals: 0001-01-01 00:00:00 up to, not
 * including, 10000-01-01 (µs since 1970). */
#define PG_MIN_SHIP_TS (-719162LL * 86400000000LL)
#define PG_END_SHIP_TS (2932897LL * 86400000000LL)

/* True for the engine types whose values and comparisons PostgreSQL
 * reproduces. */
static bool type_ok(eng_type_id id)
{
    switch (id) {
    case ENG_T_BOOLEAN:
    case ENG_T_SMALLINT:
    case ENG_T_INTEGER:
    case ENG_T_BIGINT:
    case ENG_T_DECIMAL:
    case ENG_T_VARCHAR:
    case ENG_T_DATE:
    case ENG_T_DOUBLE:
    case ENG_T_TIMESTAMP:   /* both sides exact µs, no time zone */
    case ENG_T_TIME:
    case ENG_T_VARBINARY:   /* bytea and uuid compare bytewise unsigned, */
    case ENG_T_UUID:        /* shorter prefix first, as Trino */
    case ENG_T_TIMESTAMP_TZ: /* both sides compare instants (µs) */
        return true;
    default:
        return false;
    }
}

/* True for smallint, integer and bigint. */
static bool int_type(eng_type_id id)
{
    return id == ENG_T_SMALLINT || id == ENG_T_INTEGER || id == ENG_T_BIGINT;
}

/* True when a varchar's bytes can be written as a PostgreSQL literal
 * that means the same string. */
static bool string_ok(const eng_str *s)
{
    if (s->len > 0 && !s->ptr)
        return false;
    if (s->len > 0 && memchr(s->ptr, '\0', s->len))
        return false;
    return pg_utf8_valid(s->ptr, s->len);
}

/* True when constant e can be deparsed as a literal of its own type. */
static bool const_ok(const plan_expr *e)
{
    if (!type_ok(e->type.id))
        return false;
    if (e->value.is_null)
        return true;
    switch (e->type.id) {
    case ENG_T_VARCHAR:
        return string_ok(&e->value.u.s);
    case ENG_T_DOUBLE:
        return isfinite(e->value.u.d);
    case ENG_T_DATE:
        return e->value.u.date >= PG_MIN_SHIP_DATE &&
               e->value.u.date <= PG_MAX_SHIP_DATE;
    case ENG_T_TIMESTAMP:
        /* years 1..9999, which print as plain ISO text PostgreSQL reads
         * back under every DateStyle */
        return e->value.u.i >= PG_MIN_SHIP_TS && e->value.u.i < PG_END_SHIP_TS;
    case ENG_T_TIME:
        return e->value.u.i >= 0 && e->value.u.i < ENG_US_PER_DAY;
    case ENG_T_TIMESTAMP_TZ:
        return e->value.u.tz.us >= PG_MIN_SHIP_TS &&
               e->value.u.tz.us < PG_END_SHIP_TS;
    case ENG_T_DECIMAL:
        return e->type.precision >= 1 &&
               e->type.precision <= ENG_DECIMAL_MAX_PRECISION &&
               e->type.scale >= 0 && e->type.scale <= e->type.precision;
    default:
        return true;
    }
}

/* Length in bytes of the UTF-8 character starting with byte c (1 for
 * anything malformed; callers validated the string already). */
static size_t char_len(unsigned char c)
{
    return c < 0xc0 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
}

/*
 * True when a LIKE pattern with escape esc (NULL: none) is valid under
 * Trino's rules: the escape is one character, and each escape in the
 * pattern is followed by '%', '_' or the escape itself.
 */
static bool like_ok(const eng_str *pat, const eng_str *esc)
{
    size_t i = 0, elen;
    if (!esc)
        return true;
    if (esc->len == 0 || char_len((unsigned char)esc->ptr[0]) != esc->len)
        return false;
    elen = esc->len;
    while (i < pat->len) {
        size_t n = char_len((unsigned char)pat->ptr[i]);
        if (n == elen && i + n <= pat->len &&
            memcmp(pat->ptr + i, esc->ptr, elen) == 0) {
            size_t j = i + n, m;
            if (j >= pat->len)
                return false;
            m = char_len((unsigned char)pat->ptr[j]);
            if (!(m == 1 && (pat->ptr[j] == '%' || pat->ptr[j] == '_')) &&
                !(m == elen && memcmp(pat->ptr + j, esc->ptr, elen) == 0))
                return false;
            i = j + m;
            continue;
        }
        i += n;
    }
    return true;
}

/* True for a non-NULL varchar constant usable as a LIKE pattern/escape. */
static bool string_const(const plan_expr *e)
{
    return e && e->kind == PX_CONST && e->type.id == ENG_T_VARCHAR &&
           !e->value.is_null && const_ok(e);
}

/* Checks integer arithmetic (see the file comment). */
static bool arith_ok(const plan_expr *e)
{
    switch (e->op) {
    case PO_ADD: case PO_SUB: case PO_MUL: case PO_DIV: case PO_MOD:
        if (e->nargs != 2)
            return false;
        break;
    case PO_NEG:
        if (e->nargs != 1)
            return false;
        break;
    default:
        return false;
    }
    if (!e->args || !int_type(e->type.id) || eng_type_is_tinyint(e->type))
        return false;
    for (int i = 0; i < e->nargs; i++)
        if (!e->args[i] || e->args[i]->type.id != e->type.id ||
            !ship(e->args[i]))
            return false;
    return true;
}

/* True when a value of type a is a value of type b in every respect
 * PostgreSQL's type resolution or the engine could tell apart. */
static bool same_type(eng_type a, eng_type b)
{
    if (a.id != b.id)
        return false;
    switch (a.id) {
    case ENG_T_DECIMAL:
        return a.precision == b.precision && a.scale == b.scale;
    case ENG_T_DOUBLE:
        return eng_type_is_real(a) == eng_type_is_real(b);
    case ENG_T_VARCHAR:
        /* lengths do not matter: char values are kept without their
         * padding, and PostgreSQL sees both kinds as text */
        return eng_type_is_char(a) == eng_type_is_char(b);
    case ENG_T_TIMESTAMP:
    case ENG_T_TIME:
    case ENG_T_TIMESTAMP_TZ:
        return a.precision == b.precision;
    default:
        return true;
    }
}

/* Range of an integer type. */
static void int_range(eng_type_id id, int64_t *lo, int64_t *hi)
{
    *lo = id == ENG_T_SMALLINT ? INT16_MIN : id == ENG_T_INTEGER ? INT32_MIN
          : INT64_MIN;
    *hi = id == ENG_T_SMALLINT ? INT16_MAX : id == ENG_T_INTEGER ? INT32_MAX
          : INT64_MAX;
}

/* True when e, a constant or casts over one that pg_shippable accepted,
 * cannot fail: every integer cast's value fits its target (a decimal
 * target was checked to hold every value of its operand's type). */
static bool const_safe(const plan_expr *e)
{
    const plan_expr *a;
    int64_t lo, hi;
    if (e->kind == PX_CONST)
        return true;
    if (e->kind != PX_CAST || e->nargs != 1 || !(a = e->args[0]) ||
        !const_safe(a))
        return false;
    if (!int_type(e->type.id))
        return true;
    int_range(e->type.id, &lo, &hi);
    if (a->kind == PX_CONST)
        return a->value.is_null || (a->value.u.i >= lo && a->value.u.i <= hi);
    int64_t alo, ahi;
    int_range(a->type.id, &alo, &ahi);
    return alo >= lo && ahi <= hi;
}

/* True when e holds arithmetic or a cast over constants only that might
 * fail: PostgreSQL's planner folds those, raising their errors before any
 * row is read (see the file comment). */
static bool folds_early(const plan_expr *e)
{
    if (!e)
        return false;
    if ((e->kind == PX_OP && e->op >= PO_ADD && e->op <= PO_NEG) ||
        e->kind == PX_CAST)
        if (!plan_expr_has_colref(e) && !const_safe(e))
            return true;
    for (int i = 0; i < e->nargs; i++)
        if (folds_early(e->args[i]))
            return true;
    return false;
}

/* True when operand o of a CASE, COALESCE or NULLIF of type t ships. */
static bool result_ok(const plan_expr *o, eng_type t)
{
    return o && same_type(o->type, t) && ship(o);
}

/* Checks CASE, COALESCE and NULLIF (see the file comment). */
static bool conditional_ok(const plan_expr *e)
{
    if (!e->args || e->nargs < 1 || !type_ok(e->type.id) || folds_early(e))
        return false;
    if (e->type.id == ENG_T_DECIMAL &&
        (e->type.precision < 1 || e->type.precision > ENG_DECIMAL_MAX_PRECISION ||
         e->type.scale < 0 || e->type.scale > e->type.precision))
        return false;
    if (e->kind == PX_CASE) {
        int nwhen = e->nargs / 2;
        if (e->nargs < 2 || (e->nargs % 2 == 1) != e->has_else)
            return false;
        for (int i = 0; i < nwhen; i++)
            if (!e->args[2 * i] || e->args[2 * i]->type.id != ENG_T_BOOLEAN ||
                !ship(e->args[2 * i]) || !result_ok(e->args[2 * i + 1], e->type))
                return false;
        return !e->has_else || result_ok(e->args[e->nargs - 1], e->type);
    }
    if (!e->func)
        return false;
    if (strcmp(e->func, "coalesce") == 0) {
        for (int i = 0; i < e->nargs; i++)
            if (!result_ok(e->args[i], e->type))
                return false;
        return true;
    }
    if (strcmp(e->func, "nullif") == 0)
        return e->nargs == 2 && e->type.id != ENG_T_DOUBLE &&
               result_ok(e->args[0], e->type) &&
               result_ok(e->args[1], e->type);
    return false;
}

/* Integer digits of an integer type (what a decimal must hold). */
static int int_digits(eng_type_id id)
{
    return id == ENG_T_SMALLINT ? 5 : id == ENG_T_INTEGER ? 10 : 19;
}

/* Checks CAST (see the file comment). */
static bool cast_ok(const plan_expr *e)
{
    const plan_expr *a;
    eng_type t = e->type;
    if (e->is_try || e->nargs != 1 || !e->args || !(a = e->args[0]))
        return false;
    if (int_type(t.id))
        return !eng_type_is_tinyint(t) && int_type(a->type.id) && ship(a);
    if (t.id != ENG_T_DECIMAL || t.precision < 1 ||
        t.precision > ENG_DECIMAL_MAX_PRECISION || t.scale < 0 ||
        t.scale > t.precision)
        return false;
    if (int_type(a->type.id))
        return t.precision - t.scale >= int_digits(a->type.id) && ship(a);
    return a->type.id == ENG_T_DECIMAL && t.scale >= a->type.scale &&
           t.precision - t.scale >= a->type.precision - a->type.scale &&
           ship(a);
}

/* Checks one of Trino's bitwise functions (see the file comment). */
static bool bitwise_ok(const plan_expr *e)
{
    static const char *const logic[] = {
        "bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_not", NULL };
    const char *f = e->func;
    bool shift;
    int i;
    if (!f || !e->args || e->nargs < 1 || e->nargs > 2 ||
        e->type.id != ENG_T_BIGINT)
        return false;
    for (i = 0; logic[i] && strcmp(f, logic[i]); i++)
        ;
    shift = !strcmp(f, "bitwise_left_shift") ||
            !strcmp(f, "bitwise_right_shift_arithmetic");
    if ((!logic[i] && !shift) ||
        e->nargs != (logic[i] && !strcmp(f, "bitwise_not") ? 1 : 2))
        return false;
    for (int k = 0; k < (shift ? 1 : e->nargs); k++)
        if (!e->args[k] || e->args[k]->type.id != ENG_T_BIGINT ||
            !ship(e->args[k]))
            return false;
    if (!shift)
        return true;
    const plan_expr *s = e->args[1];
    return s && s->kind == PX_CONST && s->type.id == ENG_T_INTEGER &&
           !s->value.is_null && s->value.u.i >= 0 && s->value.u.i <= 63;
}

/* Checks a binary comparison (see the file comment). */
static bool comparison_ok(const plan_expr *e)
{
    const plan_expr *l, *r;
    switch (e->op) {
    case PO_EQ: case PO_NE: case PO_LT: case PO_LE: case PO_GT: case PO_GE:
    case PO_IS_DISTINCT: case PO_IS_NOT_DISTINCT:
        break;
    default:
        return false;
    }
    if (e->nargs != 2 || !e->args)
        return false;
    l = e->args[0];
    r = e->args[1];
    if (!l || !r || l->type.id != r->type.id)
        return false;
    if (l->type.id == ENG_T_DOUBLE) {
        if (e->op == PO_IS_DISTINCT || e->op == PO_IS_NOT_DISTINCT)
            return false;
        /* one side must be a finite constant (checked by const_ok) */
        if (l->kind != PX_CONST && r->kind != PX_CONST)
            return false;
        if ((l->kind == PX_CONST && l->value.is_null) ||
            (r->kind == PX_CONST && r->value.is_null))
            return false;
    }
    return ship(l) && ship(r);
}

/*
 * Counts the nodes of e into *nodes, IN-list items apart, and returns
 * false as soon as the total passes PG_SHIP_MAX_NODES or one IN list has
 * more than PG_SHIP_MAX_IN_ITEMS items.
 */
static bool size_ok(const plan_expr *e, int *nodes)
{
    if (!e)
        return true;
    if (++*nodes > PG_SHIP_MAX_NODES)
        return false;
    if (e->kind == PX_IN_LIST) {
        if (e->nargs - 1 > PG_SHIP_MAX_IN_ITEMS)
            return false;
        return e->nargs < 1 || size_ok(e->args[0], nodes);
    }
    for (int i = 0; i < e->nargs; i++)
        if (!size_ok(e->args[i], nodes))
            return false;
    return true;
}

/*
 * True when e (column references indexing the scanned table's columns)
 * can be evaluated by PostgreSQL with the engine's exact semantics once
 * pg_deparse prints it, and is small enough (see the file comment). state
 * is unused and may be NULL. A NULL e is not shippable.
 */
bool pg_shippable(void *state, const plan_expr *e)
{
    int nodes = 0;
    (void)state;
    return e && size_ok(e, &nodes) && ship(e);
}

/* The whitelist itself (pg_shippable without the size check). */
static bool ship(const plan_expr *e)
{
    if (!e)
        return false;
    switch (e->kind) {
    case PX_COLREF:
        return e->col >= 0 && type_ok(e->type.id);
    case PX_CONST:
        return const_ok(e);
    case PX_AND:
    case PX_OR:
        if (e->nargs < 1 || !e->args || e->type.id != ENG_T_BOOLEAN)
            return false;
        for (int i = 0; i < e->nargs; i++)
            if (!e->args[i] || e->args[i]->type.id != ENG_T_BOOLEAN ||
                !ship(e->args[i]))
                return false;
        return true;
    case PX_NOT:
        return e->nargs == 1 && e->args && e->args[0] &&
               e->args[0]->type.id == ENG_T_BOOLEAN &&
               ship(e->args[0]);
    case PX_IS_NULL:
        return e->nargs == 1 && e->args && ship(e->args[0]);
    case PX_OP:
        return comparison_ok(e) || arith_ok(e);
    case PX_IN_LIST:
        if (e->nargs < 2 || !e->args || !ship(e->args[0]))
            return false;
        for (int i = 1; i < e->nargs; i++) {
            const plan_expr *c = e->args[i];
            if (!c || c->kind != PX_CONST ||
                c->type.id != e->args[0]->type.id || !const_ok(c))
                return false;
        }
        return true;
    case PX_LIKE:
        if ((e->nargs != 2 && e->nargs != 3) || !e->args || !e->args[0] ||
            e->args[0]->type.id != ENG_T_VARCHAR ||
            !ship(e->args[0]) || !string_const(e->args[1]))
            return false;
        if (e->nargs == 3 && !string_const(e->args[2]))
            return false;
        return like_ok(&e->args[1]->value.u.s,
                       e->nargs == 3 ? &e->args[2]->value.u.s : NULL);
    case PX_CAST:
        return cast_ok(e);
    case PX_CASE:
        return conditional_ok(e);
    case PX_FUNC:
        return bitwise_ok(e) || conditional_ok(e);
    default:
        return false;   /* PX_PARAM, other functions, arithmetic ... */
    }
}
