/*
 * tests/unit/connector/test_pg_deparse.c
 *   Unit tests of the PostgreSQL pushdown whitelist and deparser
 *   (engine/connector/pg/pg_shippable.c, pg_deparse.c): exact SQL text for
 *   every accepted shape, quoting of hostile identifiers and literals, and
 *   the shapes that must not ship; remote subtrees (aggregates with
 *   Trino's exact types, joins, top-N) and dynamic filters; split scans'
 *   ctid ranges and their group's waits (pg_split.c).
 * Interface: main (cmocka).
 * Not here: running the SQL (checked live against a server).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>
#include "connector/connector.h"
#include "connector/pg/pg_int.h"


static eng_arena *A;

/* ---- the scanned table ---- */

enum { C_ID, C_NAME, C_AMOUNT, C_DAY, C_OK, C_SCORE, C_SMALL, C_BIG,
       C_CODE, C_BARE, C_NM, C_WEIRD, NCOLS };

static eng_column_def cols[NCOLS] = {
    [C_ID]     = { "id", { ENG_T_INTEGER, 0, 0, 0 }, false, 23, -1, "integer" },
    [C_NAME]   = { "name", { ENG_T_VARCHAR, 0, 0, 50 }, true, 1043, 54,
                   "character varying(50)" },
    [C_AMOUNT] = { "amount", { ENG_T_DECIMAL, 10, 2, 0 }, true, 1700, 655366,
                   "numeric(10,2)" },
    [C_DAY]    = { "day", { ENG_T_DATE, 0, 0, 0 }, true, 1082, -1, "date" },
    [C_OK]     = { "ok", { ENG_T_BOOLEAN, 0, 0, 0 }, true, 16, -1, "boolean" },
    [C_SCORE]  = { "score", { ENG_T_DOUBLE, 0, 0, 0 }, true, 701, -1,
                   "double precision" },
    [C_SMALL]  = { "small", { ENG_T_SMALLINT, 0, 0, 0 }, true, 21, -1,
                   "smallint" },
    [C_BIG]    = { "big", { ENG_T_BIGINT, 0, 0, 0 }, true, 20, -1, "bigint" },
    [C_CODE]   = { "code", { ENG_T_VARCHAR, 0, 1, 3 }, true, 1042, 7,
                   "character(3)" },
    [C_BARE]   = { "bare", { ENG_T_VARCHAR, 0, 0, 0 }, true, 1042, -1,
                   "bpchar" },
    [C_NM]     = { "nm", { ENG_T_VARCHAR, 0, 0, 0 }, true, 19, -1, "name" },
    [C_WEIRD]  = { "we\"ird; --$$", { ENG_T_INTEGER, 0, 0, 0 }, true, 23, -1,
                   "integer" },
};

static eng_table_def table = { "cat", "public", "t", NCOLS, cols, 0, 0,
                               false };
static eng_table_def hostile = { "cat", "my\"schema", "ta'ble; DROP", NCOLS,
                                 cols, 0, 0, false };

/* ---- expression constructors (arena A) ---- */

static eng_type T(eng_type_id id) { eng_type t = { id, 0, 0, 0 }; return t; }

static plan_expr *mk(plan_expr_kind k, eng_type t, int nargs, ...)
{
    plan_expr *e = eng_arena_calloc(A, sizeof *e);
    va_list ap;
    e->kind = k;
    e->type = t;
    e->nargs = nargs;
    e->args = eng_arena_calloc(A, sizeof(plan_expr *) * (size_t)(nargs + 1));
    va_start(ap, nargs);
    for (int i = 0; i < nargs; i++)
        e->args[i] = va_arg(ap, plan_expr *);
    va_end(ap);
    return e;
}

static plan_expr *col(int i)
{
    plan_expr *e = mk(PX_COLREF, cols[i].type, 0);
    e->col = i;
    return e;
}

static plan_expr *cnst(eng_type t)
{
    plan_expr *e = mk(PX_CONST, t, 0);
    e->value.type = t;
    return e;
}

static plan_expr *i32(int64_t v) { plan_expr *e = cnst(T(ENG_T_INTEGER)); e->value.u.i = v; return e; }
static plan_expr *i64(int64_t v) { plan_expr *e = cnst(T(ENG_T_BIGINT)); e->value.u.i = v; return e; }
static plan_expr *i16(int64_t v) { plan_expr *e = cnst(T(ENG_T_SMALLINT)); e->value.u.i = v; return e; }
static plan_expr *dbl(double v) { plan_expr *e = cnst(T(ENG_T_DOUBLE)); e->value.u.d = v; return e; }
static plan_expr *bl(bool v) { plan_expr *e = cnst(T(ENG_T_BOOLEAN)); e->value.u.b = v; return e; }
static plan_expr *dt(int32_t v) { plan_expr *e = cnst(T(ENG_T_DATE)); e->value.u.date = v; return e; }
static plan_expr *dec(eng_int128 v, int p, int s)
{
    eng_type t = { ENG_T_DECIMAL, p, s, 0 };
    plan_expr *e = cnst(t);
    e->value.u.dec = v;
    return e;
}
static plan_expr *strn(const char *s, size_t n)
{
    eng_type t = { ENG_T_VARCHAR, 0, 0, 0 };
    plan_expr *e = cnst(t);
    e->value.u.s.ptr = s;
    e->value.u.s.len = (uint32_t)n;
    return e;
}
static plan_expr *str(const char *s) { return strn(s, strlen(s)); }
static plan_expr *null_of(eng_type t) { plan_expr *e = cnst(t); e->value.is_null = true; return e; }

static plan_expr *op(plan_op o, plan_expr *l, plan_expr *r)
{
    plan_expr *e = mk(PX_OP, T(ENG_T_BOOLEAN), 2, l, r);
    e->op = o;
    return e;
}

/* ---- deparse helper ---- */

/* Deparses the table with the given output columns, filters and limit;
 * every filter must be shippable. Returns the SQL (arena A). */
static const char *sql_for(const eng_table_def *t, int ncols, int *outcols,
                           int nf, plan_expr **f, int64_t limit)
{
    eng_scan_spec spec = { .table = t, .ncols = ncols, .cols = outcols,
                           .nfilters = nf, .filters = f, .limit = limit };
    eng_error err;
    char *sql = NULL;
    for (int i = 0; i < nf; i++)
        assert_true(eng_pg_connector.shippable(NULL, f[i]));
    assert_int_equal(eng_pg_connector.deparse(NULL, &spec, A, &sql, &err),
                     ENG_OK);
    return sql;
}

/* SQL of SELECT "id" FROM "public"."t" WHERE <e>. */
static const char *where(plan_expr *e)
{
    static int c0[1] = { C_ID };
    return sql_for(&table, 1, c0, 1, &e, -1);
}

#define ASSERT_WHERE(e, text) \
    assert_string_equal(where(e), "SELECT \"id\" FROM \"public\".\"t\" WHERE " text)

static int setup(void **state)
{
    (void)state;
    A = eng_arena_create();
    return A ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    eng_arena_destroy(A);
    return 0;
}

/* ---- tests ---- */

static void test_columns(void **state)
{
    (void)state;
    int c[3] = { C_ID, C_NAME, C_AMOUNT };
    assert_string_equal(sql_for(&table, 3, c, 0, NULL, -1),
                        "SELECT \"id\", \"name\", \"amount\" FROM \"public\".\"t\"");
    assert_string_equal(sql_for(&table, 0, NULL, 0, NULL, -1),
                        "SELECT FROM \"public\".\"t\"");
    assert_string_equal(sql_for(&table, 1, c, 0, NULL, 10),
                        "SELECT \"id\" FROM \"public\".\"t\" LIMIT 10");
    assert_string_equal(sql_for(&table, 0, NULL, 0, NULL, 0),
                        "SELECT FROM \"public\".\"t\" LIMIT 0");
}

static void test_hostile_identifiers(void **state)
{
    (void)state;
    int c[1] = { C_WEIRD };
    plan_expr *f = op(PO_EQ, col(C_WEIRD), i32(1));
    assert_string_equal(sql_for(&hostile, 1, c, 1, &f, -1),
                        "SELECT \"we\"\"ird; --$$\" FROM \"my\"\"schema\"."
                        "\"ta'ble; DROP\" WHERE (\"we\"\"ird; --$$\" = 1)");
}

static void test_integer_constants(void **state)
{
    (void)state;
    ASSERT_WHERE(op(PO_EQ, col(C_ID), i32(42)), "(\"id\" = 42)");
    ASSERT_WHERE(op(PO_NE, col(C_ID), i32(-7)), "(\"id\" <> (-7))");
    ASSERT_WHERE(op(PO_LT, col(C_BIG), i64(2147483647)),
                 "(\"big\" < 2147483647)");
    ASSERT_WHERE(op(PO_LE, col(C_BIG), i64(5000000000LL)),
                 "(\"big\" <= 5000000000::int8)");
    ASSERT_WHERE(op(PO_GT, col(C_BIG), i64(INT64_MIN)),
                 "(\"big\" > (-9223372036854775808)::int8)");
    ASSERT_WHERE(op(PO_GE, col(C_SMALL), i16(-32768)),
                 "(\"small\" >= (-32768))");
}

static void test_other_constants(void **state)
{
    (void)state;
    ASSERT_WHERE(op(PO_EQ, col(C_AMOUNT), dec(1250, 10, 2)),
                 "(\"amount\" = '12.50'::numeric(10,2))");
    ASSERT_WHERE(op(PO_LT, col(C_AMOUNT), dec(-5, 10, 2)),
                 "(\"amount\" < '-0.05'::numeric(10,2))");
    ASSERT_WHERE(op(PO_EQ, col(C_AMOUNT), dec(7, 10, 0)),
                 "(\"amount\" = '7'::numeric(10,0))");
    ASSERT_WHERE(op(PO_GE, col(C_DAY), dt(17532)),
                 "(\"day\" >= DATE '2018-01-01')");
    ASSERT_WHERE(op(PO_LT, col(C_DAY), dt(-1)),
                 "(\"day\" < DATE '1969-12-31')");
    ASSERT_WHERE(op(PO_EQ, col(C_DAY), dt(-719162)),
                 "(\"day\" = DATE '0001-01-01')");
    ASSERT_WHERE(op(PO_EQ, col(C_OK), bl(true)), "(\"ok\" = TRUE)");
    ASSERT_WHERE(op(PO_NE, col(C_OK), bl(false)), "(\"ok\" <> FALSE)");
    ASSERT_WHERE(op(PO_EQ, col(C_SCORE), dbl(1.5)),
                 "(\"score\" = '1.5'::float8)");
    ASSERT_WHERE(op(PO_NE, col(C_SCORE), dbl(0.1)),
                 "(\"score\" <> '0.10000000000000001'::float8)");
    ASSERT_WHERE(op(PO_EQ, col(C_ID), null_of(T(ENG_T_INTEGER))),
                 "(\"id\" = NULL::int4)");
    ASSERT_WHERE(op(PO_IS_DISTINCT, col(C_AMOUNT),
                    null_of((eng_type){ ENG_T_DECIMAL, 10, 2, 0 })),
                 "(\"amount\" IS DISTINCT FROM NULL::numeric(10,2))");
}

static void test_string_literals(void **state)
{
    (void)state;
    ASSERT_WHERE(op(PO_EQ, col(C_NAME), str("it's")),
                 "(\"name\" = 'it''s')");
    ASSERT_WHERE(op(PO_EQ, col(C_NAME), str("a\\b\\'")),
                 "(\"name\" = 'a\\b\\''')");
    ASSERT_WHERE(op(PO_EQ, col(C_NAME), str("x'; DROP TABLE t; --")),
                 "(\"name\" = 'x''; DROP TABLE t; --')");
    ASSERT_WHERE(op(PO_EQ, col(C_NAME), str("$$ $tag$ \"q\"")),
                 "(\"name\" = '$$ $tag$ \"q\"')");
    ASSERT_WHERE(op(PO_EQ, col(C_NAME), str("")), "(\"name\" = '')");
    ASSERT_WHERE(op(PO_EQ, col(C_NAME), str("\xc3\xa9t\xc3\xa9")),
                 "(\"name\" = '\xc3\xa9t\xc3\xa9')");
}

static void test_varchar_collation(void **state)
{
    (void)state;
    ASSERT_WHERE(op(PO_LT, col(C_NAME), str("m")),
                 "(\"name\" COLLATE \"C\" < 'm')");
    ASSERT_WHERE(op(PO_LE, col(C_NAME), str("m")),
                 "(\"name\" COLLATE \"C\" <= 'm')");
    ASSERT_WHERE(op(PO_GT, str("m"), col(C_NAME)),
                 "('m' COLLATE \"C\" > \"name\")");
    ASSERT_WHERE(op(PO_GE, col(C_NAME), col(C_NAME)),
                 "(\"name\" COLLATE \"C\" >= \"name\")");
    ASSERT_WHERE(op(PO_IS_NOT_DISTINCT, col(C_NAME), str("m")),
                 "(\"name\" IS NOT DISTINCT FROM 'm')");
    /* char(3), bare bpchar and name columns compare as the engine sees them */
    ASSERT_WHERE(op(PO_EQ, col(C_CODE), str("ab ")),
                 "(\"code\"::text = 'ab ')");
    ASSERT_WHERE(op(PO_LT, col(C_BARE), str("x")),
                 "(\"bare\"::text COLLATE \"C\" < 'x')");
    ASSERT_WHERE(op(PO_EQ, col(C_NM), str("pg_class")),
                 "(\"nm\"::text = 'pg_class')");
}

static void test_double_nan_guard(void **state)
{
    (void)state;
    ASSERT_WHERE(op(PO_GT, col(C_SCORE), dbl(2.0)),
                 "(\"score\" > '2'::float8 AND \"score\" <> 'NaN'::float8)");
    ASSERT_WHERE(op(PO_GE, col(C_SCORE), dbl(-0.5)),
                 "(\"score\" >= '-0.5'::float8 AND \"score\" <> 'NaN'::float8)");
    ASSERT_WHERE(op(PO_LT, dbl(2.0), col(C_SCORE)),
                 "('2'::float8 < \"score\" AND \"score\" <> 'NaN'::float8)");
    ASSERT_WHERE(op(PO_LT, col(C_SCORE), dbl(1e300)),
                 "(\"score\" < '1.0000000000000001e+300'::float8)");
}

static void test_logic(void **state)
{
    (void)state;
    plan_expr *a = op(PO_EQ, col(C_ID), i32(1));
    plan_expr *b = op(PO_EQ, col(C_ID), i32(2));
    plan_expr *isnull = mk(PX_IS_NULL, T(ENG_T_BOOLEAN), 1, col(C_NAME));
    plan_expr *notnull = mk(PX_IS_NULL, T(ENG_T_BOOLEAN), 1, col(C_DAY));
    notnull->negated = true;
    ASSERT_WHERE(mk(PX_AND, T(ENG_T_BOOLEAN), 3, a, b, isnull),
                 "((\"id\" = 1) AND (\"id\" = 2) AND (\"name\" IS NULL))");
    ASSERT_WHERE(mk(PX_OR, T(ENG_T_BOOLEAN), 2, a, notnull),
                 "((\"id\" = 1) OR (\"day\" IS NOT NULL))");
    ASSERT_WHERE(mk(PX_NOT, T(ENG_T_BOOLEAN), 1, col(C_OK)),
                 "(NOT \"ok\")");
    ASSERT_WHERE(col(C_OK), "(\"ok\")");
    ASSERT_WHERE(bl(true), "(TRUE)");
}

static void test_in_list_and_cast(void **state)
{
    (void)state;
    plan_expr *in = mk(PX_IN_LIST, T(ENG_T_BOOLEAN), 4, col(C_ID), i32(1),
                     i32(-2), null_of(T(ENG_T_INTEGER)));
    plan_expr *nin = mk(PX_IN_LIST, T(ENG_T_BOOLEAN), 3, col(C_NAME),
                      str("a'b"), str("c"));
    plan_expr *cast = mk(PX_CAST, T(ENG_T_BIGINT), 1, col(C_SMALL));
    nin->negated = true;
    ASSERT_WHERE(in, "(\"id\" IN (1, (-2), NULL::int4))");
    ASSERT_WHERE(nin, "(\"name\" NOT IN ('a''b', 'c'))");
    ASSERT_WHERE(op(PO_EQ, cast, col(C_BIG)),
                 "(CAST(\"small\" AS bigint) = \"big\")");
    ASSERT_WHERE(op(PO_EQ, mk(PX_CAST, T(ENG_T_SMALLINT), 1, col(C_ID)),
                    i16(3)),
                 "(CAST(\"id\" AS smallint) = 3)");
}

static void test_like(void **state)
{
    (void)state;
    plan_expr *l1 = mk(PX_LIKE, T(ENG_T_BOOLEAN), 2, col(C_NAME), str("a\\%"));
    plan_expr *l2 = mk(PX_LIKE, T(ENG_T_BOOLEAN), 3, col(C_NAME),
                     str("10#%_x"), str("#"));
    plan_expr *l3 = mk(PX_LIKE, T(ENG_T_BOOLEAN), 3, col(C_NAME),
                     str("it''s!!"), str("!"));
    l2->negated = true;
    ASSERT_WHERE(l1, "(\"name\" COLLATE \"C\" LIKE 'a\\%' ESCAPE '')");
    ASSERT_WHERE(l2,
                 "(\"name\" COLLATE \"C\" NOT LIKE '10#%_x' ESCAPE '#')");
    ASSERT_WHERE(l3,
                 "(\"name\" COLLATE \"C\" LIKE 'it''''s!!' ESCAPE '!')");
}

static void test_several_filters_and_limit(void **state)
{
    (void)state;
    int c[2] = { C_ID, C_NAME };
    plan_expr *f[2] = { op(PO_GE, col(C_ID), i32(10)),
                      op(PO_LT, col(C_NAME), str("z")) };
    assert_string_equal(sql_for(&table, 2, c, 2, f, 5),
                        "SELECT \"id\", \"name\" FROM \"public\".\"t\" WHERE "
                        "(\"id\" >= 10) AND (\"name\" COLLATE \"C\" < 'z') "
                        "LIMIT 5");
}

/* An IN list of n integer constants over column id. */
static plan_expr *in_of(int n)
{
    plan_expr *e = mk(PX_IN_LIST, T(ENG_T_BOOLEAN), 0);
    e->nargs = n + 1;
    e->args = eng_arena_calloc(A, sizeof(plan_expr *) * (size_t)(n + 1));
    e->args[0] = col(C_ID);
    for (int i = 1; i <= n; i++)
        e->args[i] = i32(i);
    return e;
}

/* An OR of n comparisons `id = k` (3n + 1 nodes). */
static plan_expr *or_of(int n)
{
    plan_expr *e = mk(PX_OR, T(ENG_T_BOOLEAN), 0);
    e->nargs = n;
    e->args = eng_arena_calloc(A, sizeof(plan_expr *) * (size_t)n);
    for (int i = 0; i < n; i++)
        e->args[i] = op(PO_EQ, col(C_ID), i32(i));
    return e;
}

/* Size bound: at most 100,000 IN-list items and 10,000 other nodes ship. */
static void test_size_bound(void **state)
{
    (void)state;
    bool (*ship)(void *, const plan_expr *) = eng_pg_connector.shippable;
    assert_true(ship(NULL, in_of(100000)));
    assert_false(ship(NULL, in_of(100001)));
    assert_true(ship(NULL, or_of(3333)));     /* 10,000 nodes */
    assert_false(ship(NULL, or_of(3334)));    /* 10,003 nodes */
    /* the bound counts the whole expression, IN lists apart */
    assert_true(ship(NULL, mk(PX_AND, T(ENG_T_BOOLEAN), 2, in_of(100000),
                              or_of(3332))));
    assert_false(ship(NULL, mk(PX_AND, T(ENG_T_BOOLEAN), 2, or_of(2000),
                               or_of(2000))));
}

/* Integer arithmetic of one type: n-ary op node of that type. */
static plan_expr *arith(plan_op o, eng_type_id t, plan_expr *l, plan_expr *r)
{
    plan_expr *e = r ? mk(PX_OP, T(t), 2, l, r) : mk(PX_OP, T(t), 1, l);
    e->op = o;
    return e;
}

static void test_integer_arithmetic(void **state)
{
    (void)state;
    bool (*ship)(void *, const plan_expr *) = eng_pg_connector.shippable;
    /* constants carry their type: a bare 1 would make int2 + int4 widen */
    ASSERT_WHERE(op(PO_EQ, arith(PO_DIV, ENG_T_INTEGER, col(C_ID), i32(100)), i32(3)),
                 "((\"id\" / CAST(100 AS integer)) = 3)");
    ASSERT_WHERE(op(PO_EQ, arith(PO_ADD, ENG_T_SMALLINT, col(C_SMALL), i16(1)), i16(2)),
                 "((\"small\" + CAST(1 AS smallint)) = 2)");
    ASSERT_WHERE(op(PO_LT, arith(PO_MOD, ENG_T_BIGINT, col(C_BIG), i64(-7)), i64(0)),
                 "((\"big\" % CAST((-7) AS bigint)) < 0)");
    ASSERT_WHERE(op(PO_GT, arith(PO_NEG, ENG_T_BIGINT, col(C_BIG), NULL), i64(5)),
                 "((- \"big\") > 5)");
    ASSERT_WHERE(op(PO_EQ, arith(PO_MUL, ENG_T_INTEGER,
                                 arith(PO_SUB, ENG_T_INTEGER, col(C_ID), col(C_WEIRD)),
                                 i32(2)), i32(4)),
                 "(((\"id\" - \"we\"\"ird; --$$\") * CAST(2 AS integer)) = 4)");
    /* what stays local: mixed integer types, decimal, double, varchar */
    assert_false(ship(NULL, op(PO_EQ, arith(PO_ADD, ENG_T_BIGINT, col(C_ID), i64(1)), i64(2))));
    assert_false(ship(NULL, op(PO_EQ, arith(PO_MUL, ENG_T_DOUBLE, col(C_SCORE), dbl(2)), dbl(1))));
    assert_false(ship(NULL, op(PO_EQ, arith(PO_CONCAT, ENG_T_VARCHAR, col(C_NAME), str("x")), str("ax"))));
    assert_false(ship(NULL, op(PO_EQ, arith(PO_ADD, ENG_T_INTEGER, col(C_ID), NULL), i32(1))));
}

/* tinyint (a smallint with precision ENG_SMALLINT_TINY): PostgreSQL has
 * none. A tinyint constant is an int2 literal there, and a widening cast
 * from one ships; a cast to tinyint and tinyint arithmetic stay local,
 * since int2 would not fail beyond -128..127. */
static void test_tinyint(void **state)
{
    (void)state;
    bool (*ship)(void *, const plan_expr *) = eng_pg_connector.shippable;
    plan_expr *t5 = i16(5), *tn = null_of(eng_type_tinyint());
    t5->type = t5->value.type = eng_type_tinyint();
    ASSERT_WHERE(op(PO_EQ, mk(PX_CAST, T(ENG_T_SMALLINT), 1, t5), col(C_SMALL)),
                 "(CAST(5 AS smallint) = \"small\")");
    ASSERT_WHERE(op(PO_IS_DISTINCT, mk(PX_CAST, T(ENG_T_SMALLINT), 1, tn),
                    col(C_SMALL)),
                 "(CAST(NULL::int2 AS smallint) IS DISTINCT FROM \"small\")");
    plan_expr *narrow = mk(PX_CAST, eng_type_tinyint(), 1, col(C_SMALL));
    assert_false(ship(NULL, op(PO_EQ, narrow, t5)));
    plan_expr *sum = mk(PX_OP, eng_type_tinyint(), 2, t5, t5);
    sum->op = PO_ADD;
    assert_false(ship(NULL, op(PO_EQ, mk(PX_CAST, T(ENG_T_SMALLINT), 1, sum),
                               col(C_SMALL))));
}

static void test_not_shippable(void **state)
{
    (void)state;
    bool (*ship)(void *, const plan_expr *) = eng_pg_connector.shippable;
    /* decimal arithmetic stays local (rounding and scales differ) */
    plan_expr *add = mk(PX_OP, T(ENG_T_DECIMAL), 2, col(C_AMOUNT), col(C_AMOUNT));
    plan_expr *fn = mk(PX_FUNC, T(ENG_T_VARCHAR), 1, col(C_NAME));
    plan_expr *param = mk(PX_PARAM, T(ENG_T_INTEGER), 0);
    /* a CASE whose result is not of the CASE's type */
    plan_expr *cs = mk(PX_CASE, T(ENG_T_INTEGER), 2, bl(true), i64(1));
    plan_expr *trycast = mk(PX_CAST, T(ENG_T_SMALLINT), 1, col(C_ID));
    plan_expr *tostr = mk(PX_CAST, T(ENG_T_VARCHAR), 1, col(C_ID));
    plan_expr *like_col = mk(PX_LIKE, T(ENG_T_BOOLEAN), 2, col(C_NAME),
                           col(C_NAME));
    plan_expr *like_bad_esc = mk(PX_LIKE, T(ENG_T_BOOLEAN), 3, col(C_NAME),
                               str("a#b"), str("#"));
    plan_expr *like_end_esc = mk(PX_LIKE, T(ENG_T_BOOLEAN), 3, col(C_NAME),
                               str("ab#"), str("#"));
    plan_expr *like_long_esc = mk(PX_LIKE, T(ENG_T_BOOLEAN), 3, col(C_NAME),
                                str("ab"), str("##"));
    plan_expr *in_col = mk(PX_IN_LIST, T(ENG_T_BOOLEAN), 3, col(C_ID), i32(1),
                         col(C_ID));
    plan_expr *unknown = cnst(T(ENG_T_UNKNOWN));
    add->op = PO_ADD;
    trycast->is_try = true;

    assert_false(ship(NULL, NULL));
    assert_false(ship(NULL, op(PO_EQ, add, i32(3))));
    assert_false(ship(NULL, op(PO_EQ, fn, str("a"))));
    assert_false(ship(NULL, op(PO_EQ, col(C_ID), param)));
    assert_false(ship(NULL, op(PO_EQ, cs, i32(1))));
    assert_false(ship(NULL, op(PO_EQ, trycast, i16(1))));
    assert_false(ship(NULL, op(PO_EQ, tostr, str("1"))));
    /* CAST(double AS varchar) is Trino's "1.5E0", PostgreSQL's "1.5":
     * it stays local (branch dblcast) */
    assert_false(ship(NULL, op(PO_EQ, mk(PX_CAST, T(ENG_T_VARCHAR), 1,
                                         col(C_SCORE)), str("1.5E0"))));
    assert_false(ship(NULL, op(PO_EQ, col(C_ID), col(C_NAME))));
    assert_false(ship(NULL, op(PO_EQ, col(C_NAME), strn("a\0b", 3))));
    assert_false(ship(NULL, op(PO_EQ, col(C_NAME), str("\xff"))));
    assert_false(ship(NULL, op(PO_EQ, col(C_SCORE), dbl(NAN))));
    assert_false(ship(NULL, op(PO_LT, col(C_SCORE), dbl(INFINITY))));
    assert_false(ship(NULL, op(PO_EQ, col(C_SCORE), col(C_SCORE))));
    assert_false(ship(NULL, op(PO_IS_DISTINCT, col(C_SCORE), dbl(1.0))));
    assert_false(ship(NULL, op(PO_EQ, col(C_DAY), dt(2932897))));
    assert_false(ship(NULL, like_col));
    assert_false(ship(NULL, like_bad_esc));
    assert_false(ship(NULL, like_end_esc));
    assert_false(ship(NULL, like_long_esc));
    assert_false(ship(NULL, in_col));
    assert_false(ship(NULL, unknown));
    assert_false(ship(NULL, mk(PX_AND, T(ENG_T_BOOLEAN), 2,
                               op(PO_EQ, col(C_ID), i32(1)),
                               op(PO_EQ, add, i32(1)))));
    assert_false(ship(NULL, mk(PX_NOT, T(ENG_T_BOOLEAN), 1,
                               op(PO_EQ, fn, str("x")))));
    /* and a deparse of something unshippable is an error, not bad SQL */
    {
        plan_expr *f = op(PO_EQ, fn, str("a"));
        int c0[1] = { C_ID };
        eng_scan_spec spec = { .table = &table, .ncols = 1, .cols = c0,
                                .nfilters = 1, .filters = &f, .limit = -1 };
        eng_error err;
        char *sql = NULL;
        assert_int_equal(eng_pg_connector.deparse(NULL, &spec, A, &sql, &err),
                         ENG_ERROR);
        assert_null(sql);
        assert_string_equal(err.sqlstate, "HY000");
    }
}

/* ---- remote subtrees (connector/sql_ship.c over pg_deparse.c's rules) ---- */

/* A plain scan node of table columns c[0..n) (arena A). */
static plan_node *scan_node(int n, const int *c)
{
    plan_node *s = plan_node_new(A, PN_SCAN, n);
    s->spec.table = &table;
    s->spec.ncols = n;
    s->spec.cols = eng_arena_alloc(A, sizeof(int) * (size_t)(n + 1));
    for (int i = 0; i < n; i++) {
        s->spec.cols[i] = c[i];
        s->types[i] = cols[c[i]].type;
        s->names[i] = cols[c[i]].name;
    }
    return s;
}

/* An aggregate node over child with one group column (child col 0). */
static plan_node *agg_node(plan_node *child, int naggs, const plan_agg *aggs)
{
    plan_node *g = plan_node_new(A, PN_AGG, 1 + naggs);
    g->child = child;
    g->ngroups = 1;
    g->groups = eng_arena_alloc(A, sizeof(plan_expr *));
    g->groups[0] = plan_colref(A, 0, child->types[0]);
    g->types[0] = child->types[0];
    g->naggs = naggs;
    g->aggs = eng_arena_alloc(A, sizeof(plan_agg) * (size_t)naggs);
    for (int i = 0; i < naggs; i++) {
        g->aggs[i] = aggs[i];
        g->types[1 + i] = aggs[i].type;
    }
    return g;
}

/* The SQL of a remote subtree rooted at n (every node must ship). */
static const char *remote_sql(const plan_node *n)
{
    eng_scan_spec spec = { .remote = n, .ncols = n->ncols, .limit = -1 };
    eng_error err;
    char *sql = NULL;
    assert_int_equal(eng_pg_connector.deparse(NULL, &spec, A, &sql, &err),
                     ENG_OK);
    return sql;
}

static void test_remote_aggregates_exact_types(void **state)
{
    (void)state;
    int c[3] = { C_NAME, C_ID, C_AMOUNT };
    plan_node *s = scan_node(3, c);
    plan_expr *id = plan_colref(A, 1, cols[C_ID].type);
    plan_expr *amt = plan_colref(A, 2, cols[C_AMOUNT].type);
    plan_expr *nm = plan_colref(A, 0, cols[C_NAME].type);
    eng_type d38 = { ENG_T_DECIMAL, 38, 2, 0 };
    plan_agg aggs[6] = {
        { .kind = PA_COUNT_STAR, .arg = NULL, .distinct = false, .type = T(ENG_T_BIGINT) },
        { .kind = PA_SUM, .arg = id, .distinct = false, .type = T(ENG_T_BIGINT) },
        { .kind = PA_AVG, .arg = id, .distinct = true, .type = T(ENG_T_DOUBLE) },
        { .kind = PA_SUM, .arg = amt, .distinct = false, .type = d38 },
        { .kind = PA_MAX, .arg = nm, .distinct = false, .type = cols[C_NAME].type },
        { .kind = PA_COUNT, .arg = id, .distinct = true, .type = T(ENG_T_BIGINT) },
    };
    plan_node *g = agg_node(s, 6, aggs);
    for (int i = 0; i < 2; i++)
        assert_true(eng_pg_connector.shippable_node(NULL, i ? g : s));
    assert_string_equal(remote_sql(g),
        "SELECT CAST(s0.\"c0\" AS text) AS \"c0\", "
        "CAST(count(*) AS int8) AS \"c1\", "
        "CAST(CAST(sum(s0.\"c1\") AS int8) AS int8) AS \"c2\", "
        "CAST((CAST(sum(DISTINCT s0.\"c1\") AS float8) / "
        "CAST(NULLIF(count(DISTINCT s0.\"c1\"), 0) AS float8)) AS float8) AS \"c3\", "
        "CAST(CAST(sum(s0.\"c2\") AS numeric) AS numeric) AS \"c4\", "
        "CAST(max(s0.\"c0\" COLLATE \"C\") AS text) AS \"c5\", "
        "CAST(count(DISTINCT s0.\"c1\") AS int8) AS \"c6\" "
        "FROM (SELECT \"name\" AS \"c0\", \"id\" AS \"c1\", \"amount\" AS \"c2\" "
        "FROM \"public\".\"t\") s0 GROUP BY s0.\"c0\"");
    /* what the root sends is what pg_copy decodes into the engine type */
    int tm;
    assert_int_equal(pg_remote_oid(T(ENG_T_BIGINT), &tm), 20);
    assert_int_equal(pg_remote_oid(T(ENG_T_DOUBLE), &tm), 701);
    assert_int_equal(pg_remote_oid(d38, &tm), 1700);
    assert_int_equal(tm, -1);
}

static void test_remote_refusals(void **state)
{
    (void)state;
    int c[3] = { C_SCORE, C_AMOUNT, C_OK };
    plan_node *s = scan_node(3, c);
    plan_expr *sc = plan_colref(A, 0, cols[C_SCORE].type);
    plan_expr *amt = plan_colref(A, 1, cols[C_AMOUNT].type);
    plan_expr *ok = plan_colref(A, 2, cols[C_OK].type);
    plan_agg bad[] = {
        { .kind = PA_SUM, .arg = sc, .distinct = false, .type = T(ENG_T_DOUBLE) },      /* order-dependent */
        { .kind = PA_AVG, .arg = sc, .distinct = false, .type = T(ENG_T_DOUBLE) },
        { .kind = PA_AVG, .arg = amt, .distinct = false, .type = cols[C_AMOUNT].type }, /* rounds twice */
        { .kind = PA_MAX, .arg = sc, .distinct = false, .type = T(ENG_T_DOUBLE) },      /* NaN */
        { .kind = PA_MIN, .arg = ok, .distinct = false, .type = T(ENG_T_BOOLEAN) },     /* no min(bool) */
        { .kind = PA_COUNT, .arg = sc, .distinct = true, .type = T(ENG_T_BIGINT) },     /* DISTINCT double */
    };
    int c2[1] = { C_ID };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        plan_node *g = agg_node(scan_node(1, c2), 1, &bad[i]);
        g->child = s;
        assert_false(eng_pg_connector.shippable_node(NULL, g));
    }
    /* FILTER (WHERE ...) stays local */
    {
        plan_agg fl = { .kind = PA_COUNT_STAR, .type = T(ENG_T_BIGINT),
                        .filter = op(PO_GT, plan_colref(A, 1, cols[C_AMOUNT].type),
                                     dec(0, 10, 2)) };
        plan_node *g = agg_node(scan_node(1, c2), 1, &fl);
        g->child = s;
        assert_false(eng_pg_connector.shippable_node(NULL, g));
    }
    /* a group key that is a constant would read as a position */
    plan_agg cnt = { .kind = PA_COUNT_STAR, .arg = NULL, .distinct = false, .type = T(ENG_T_BIGINT) };
    plan_node *g = agg_node(scan_node(1, c2), 1, &cnt);
    g->groups[0] = i32(1);
    assert_false(eng_pg_connector.shippable_node(NULL, g));
    /* FULL JOIN only on keys */
    plan_node *l = scan_node(1, c2), *r = scan_node(1, c2);
    plan_node *j = plan_node_new(A, PN_JOIN, 2);
    j->left = l;
    j->right = r;
    j->types[0] = j->types[1] = cols[C_ID].type;
    j->join_type = PJ_FULL;
    j->nkeys = 1;
    j->lkeys = eng_arena_alloc(A, sizeof(plan_expr *));
    j->rkeys = eng_arena_alloc(A, sizeof(plan_expr *));
    j->lkeys[0] = plan_colref(A, 0, cols[C_ID].type);
    j->rkeys[0] = plan_colref(A, 0, cols[C_ID].type);
    assert_true(eng_pg_connector.shippable_node(NULL, j));
    j->residual = op(PO_LT, plan_colref(A, 0, cols[C_ID].type),
                     plan_colref(A, 1, cols[C_ID].type));
    assert_false(eng_pg_connector.shippable_node(NULL, j));
    j->join_type = PJ_LEFT;
    assert_true(eng_pg_connector.shippable_node(NULL, j));
    assert_string_equal(remote_sql(j),
        "SELECT CAST(s0.\"c0\" AS int4) AS \"c0\", CAST(s1.\"c0\" AS int4) AS \"c1\" "
        "FROM (SELECT \"id\" AS \"c0\" FROM \"public\".\"t\") s0 LEFT JOIN "
        "(SELECT \"id\" AS \"c0\" FROM \"public\".\"t\") s1 "
        "ON ((s0.\"c0\" = s1.\"c0\") AND ((s0.\"c0\" < s1.\"c0\")))");
}

static void test_remote_top_n(void **state)
{
    (void)state;
    int c[2] = { C_CODE, C_AMOUNT };
    plan_node *s = scan_node(2, c);
    plan_node *srt = plan_node_new(A, PN_SORT, 2);
    srt->child = s;
    srt->types[0] = s->types[0];
    srt->types[1] = s->types[1];
    srt->nsort = 2;
    srt->sort_keys = eng_arena_alloc(A, sizeof(plan_expr *) * 2);
    srt->sort_keys[0] = plan_colref(A, 1, s->types[1]);
    srt->sort_keys[1] = plan_colref(A, 0, s->types[0]);
    static bool desc[2] = { true, false }, nf[2] = { false, true };
    srt->sort_desc = desc;
    srt->sort_nulls_first = nf;
    plan_node *lim = plan_node_new(A, PN_LIMIT, 2);
    lim->child = srt;
    lim->types[0] = s->types[0];
    lim->types[1] = s->types[1];
    lim->limit = 10;
    lim->offset = 5;
    assert_true(eng_pg_connector.shippable_node(NULL, srt));
    assert_true(eng_pg_connector.shippable_node(NULL, lim));
    /* char(3) arrives padded, as the engine reads it; text orders in C */
    assert_string_equal(remote_sql(lim),
        "SELECT CAST(s0.\"c0\" AS text) AS \"c0\", CAST(s0.\"c1\" AS numeric) AS \"c1\" "
        "FROM (SELECT \"code\"::text AS \"c0\", \"amount\" AS \"c1\" "
        "FROM \"public\".\"t\") s0 ORDER BY (s0.\"c1\") DESC NULLS LAST, "
        "(s0.\"c0\") COLLATE \"C\" ASC NULLS FIRST LIMIT 10 OFFSET 5");
}

static void test_dynamic_filters(void **state)
{
    (void)state;
    int c[1] = { C_ID };
    eng_df_ref refs[2] = { { 0, C_ID }, { 1, C_NAME } };
    eng_df_slot slots[ENG_DF_MAX_SLOTS];
    eng_value vals[2];
    memset(slots, 0, sizeof slots);
    memset(vals, 0, sizeof vals);
    vals[0].type = vals[1].type = cols[C_ID].type;
    vals[0].u.i = 7;
    vals[1].u.i = -3;
    eng_scan_spec spec = { .table = &table, .ncols = 1, .cols = c, .limit = -1,
                           .ndf = 2, .df = refs, .df_slots = slots };
    eng_error err;
    char *sql;
    /* nothing published: no filter */
    assert_int_equal(eng_pg_connector.deparse(NULL, &spec, A, &sql, &err), ENG_OK);
    assert_string_equal(sql, "SELECT \"id\" FROM \"public\".\"t\"");
    slots[0].kind = ENG_DF_VALUES;
    slots[0].type = cols[C_ID].type;
    slots[0].nvals = 2;
    slots[0].vals = vals;
    slots[1].kind = ENG_DF_RANGE;
    slots[1].type = cols[C_NAME].type;
    slots[1].lo.type = slots[1].hi.type = cols[C_NAME].type;
    slots[1].lo.u.s.ptr = "a'b";
    slots[1].lo.u.s.len = 3;
    slots[1].hi.u.s.ptr = "z";
    slots[1].hi.u.s.len = 1;
    assert_int_equal(eng_pg_connector.deparse(NULL, &spec, A, &sql, &err), ENG_OK);
    assert_string_equal(sql, "SELECT \"id\" FROM \"public\".\"t\" WHERE "
        "(\"id\" IN (7, (-3))) AND (\"name\" COLLATE \"C\" >= 'a''b' AND "
        "\"name\" COLLATE \"C\" <= 'z')");
    /* an empty build side: nothing can match */
    slots[0].nvals = 0;
    slots[1].kind = ENG_DF_NONE;
    assert_int_equal(eng_pg_connector.deparse(NULL, &spec, A, &sql, &err), ENG_OK);
    assert_string_equal(sql, "SELECT \"id\" FROM \"public\".\"t\" WHERE FALSE");
}

/* More than ENG_DF_MAX_VALUES integer keys: one array literal typed as
 * the column; fewer stay an IN list; other types never use it. */
static void test_dynamic_filter_array(void **state)
{
    (void)state;
    int c[1] = { C_ID };
    eng_df_ref refs[1] = { { 0, C_ID } };
    eng_df_slot slots[ENG_DF_MAX_SLOTS];
    int n = ENG_DF_MAX_VALUES + 2;
    eng_value *vals = eng_arena_calloc(A, sizeof *vals * (size_t)n);
    memset(slots, 0, sizeof slots);
    for (int i = 0; i < n; i++) {
        vals[i].type = cols[C_ID].type;
        vals[i].u.i = i == 0 ? -3 : i;
    }
    slots[0].kind = ENG_DF_VALUES;
    slots[0].type = cols[C_ID].type;
    slots[0].nvals = n;
    slots[0].vals = vals;
    eng_scan_spec spec = { .table = &table, .ncols = 1, .cols = c, .limit = -1,
                           .ndf = 1, .df = refs, .df_slots = slots };
    eng_error err;
    char *sql;
    assert_int_equal(eng_pg_connector.deparse(NULL, &spec, A, &sql, &err), ENG_OK);
    const char *head = "SELECT \"id\" FROM \"public\".\"t\" WHERE "
                       "(\"id\" = ANY('{-3,1,2,3,";
    assert_int_equal(strncmp(sql, head, strlen(head)), 0);
    const char *tail = ",10000,10001}'::int4[]))";
    assert_string_equal(sql + strlen(sql) - strlen(tail), tail);
    /* at the list bound: IN */
    slots[0].nvals = ENG_DF_MAX_VALUES;
    assert_int_equal(eng_pg_connector.deparse(NULL, &spec, A, &sql, &err), ENG_OK);
    assert_non_null(strstr(sql, "(\"id\" IN ((-3), 1, 2, "));
    /* a bigint column: int8[] */
    eng_df_ref big[1] = { { 0, C_BIG } };
    slots[0].nvals = n;
    slots[0].type = cols[C_BIG].type;
    for (int i = 0; i < n; i++)
        vals[i].type = cols[C_BIG].type;
    spec.df = big;
    assert_int_equal(eng_pg_connector.deparse(NULL, &spec, A, &sql, &err), ENG_OK);
    assert_non_null(strstr(sql, "(\"big\" = ANY('{-3,1,"));
    assert_non_null(strstr(sql, "}'::int8[]))"));
}

/* A searched CASE of type t over cond/result pairs and an optional else
 * (NULL: none). */
static plan_expr *case_of(eng_type t, plan_expr *c1, plan_expr *r1,
                          plan_expr *c2, plan_expr *r2, plan_expr *els)
{
    plan_expr *e = mk(PX_CASE, t, (c2 ? 4 : 2) + (els ? 1 : 0), c1, r1,
                      c2 ? c2 : els, c2 ? r2 : NULL, c2 ? els : NULL);
    e->has_else = els != NULL;
    return e;
}

static plan_expr *fn_of(const char *name, eng_type t, plan_expr *a,
                        plan_expr *b)
{
    plan_expr *e = mk(PX_FUNC, t, b ? 2 : 1, a, b);
    e->func = name;
    return e;
}

static void test_conditionals(void **state)
{
    (void)state;
    bool (*ship)(void *, const plan_expr *) = eng_pg_connector.shippable;
    eng_type dec102 = { ENG_T_DECIMAL, 10, 2, 0 };
    eng_type dec122 = { ENG_T_DECIMAL, 12, 2, 0 };
    eng_type dec123 = { ENG_T_DECIMAL, 12, 3, 0 };
    eng_type dec92 = { ENG_T_DECIMAL, 9, 2, 0 };
    eng_type dec112 = { ENG_T_DECIMAL, 11, 2, 0 };
    /* the orders model's shape: integer constants typed, varchar literal
     * plain, every branch the CASE's type */
    ASSERT_WHERE(op(PO_GT, case_of(T(ENG_T_SMALLINT),
                                   op(PO_EQ, col(C_NAME), str("coupon")),
                                   col(C_SMALL), NULL, NULL, i16(0)), i16(5)),
                 "((CASE WHEN (\"name\" = \'coupon\') THEN \"small\" "
                 "ELSE CAST(0 AS smallint) END) > 5)");
    /* two WHENs, no ELSE; a varchar CASE compared in code point order */
    ASSERT_WHERE(op(PO_LT, case_of(T(ENG_T_VARCHAR),
                                   mk(PX_IS_NULL, T(ENG_T_BOOLEAN), 1, col(C_ID)),
                                   str("none"), col(C_OK), col(C_NM), NULL),
                    str("m")),
                 "((CASE WHEN (\"id\" IS NULL) THEN \'none\' WHEN \"ok\" THEN "
                 "\"nm\"::text END) COLLATE \"C\" < \'m\')");
    /* COALESCE and NULLIF, constants typed */
    ASSERT_WHERE(op(PO_EQ, fn_of("coalesce", T(ENG_T_BIGINT), col(C_BIG), i64(-1)),
                    i64(3)),
                 "(COALESCE(\"big\", CAST((-1) AS bigint)) = 3)");
    ASSERT_WHERE(mk(PX_IS_NULL, T(ENG_T_BOOLEAN), 1,
                    fn_of("nullif", T(ENG_T_INTEGER), col(C_ID), i32(0))),
                 "(NULLIF(\"id\", CAST(0 AS integer)) IS NULL)");
    /* widening casts into decimal ship: never round, never overflow */
    ASSERT_WHERE(op(PO_EQ, case_of(dec122, col(C_OK),
                                   mk(PX_CAST, dec122, 1, col(C_AMOUNT)), NULL,
                                   NULL, mk(PX_CAST, dec122, 1, col(C_ID))),
                    dec(100, 12, 2)),
                 "((CASE WHEN \"ok\" THEN CAST(\"amount\" AS numeric(12,2)) "
                 "ELSE CAST(\"id\" AS numeric(12,2)) END) = \'1.00\'::numeric(12,2))");
    assert_true(ship(NULL, op(PO_EQ, mk(PX_CAST, dec123, 1, col(C_AMOUNT)),
                              dec(1, 12, 3))));
    /* a constant cast that cannot fail may sit in a branch */
    assert_true(ship(NULL, op(PO_EQ, case_of(T(ENG_T_BIGINT), col(C_OK), col(C_BIG),
                                             NULL, NULL,
                                             mk(PX_CAST, T(ENG_T_BIGINT), 1, i32(0))),
                              i64(1))));

    /* what stays local */
    /* a result of another type than the CASE's (PostgreSQL would resolve
     * its own common type) */
    assert_false(ship(NULL, op(PO_EQ, case_of(dec122, col(C_OK), col(C_AMOUNT),
                                              NULL, NULL, NULL), dec(1, 12, 2))));
    assert_false(ship(NULL, op(PO_EQ, case_of(T(ENG_T_BIGINT), col(C_OK), col(C_ID),
                                              NULL, NULL, NULL), i64(1))));
    /* a non-boolean condition, an unshippable branch */
    assert_false(ship(NULL, op(PO_EQ, case_of(T(ENG_T_INTEGER), col(C_ID), col(C_ID),
                                              NULL, NULL, NULL), i32(1))));
    assert_false(ship(NULL, op(PO_EQ, case_of(T(ENG_T_VARCHAR), col(C_OK),
                                              fn_of("lower", T(ENG_T_VARCHAR),
                                                    col(C_NAME), NULL),
                                              NULL, NULL, NULL), str("a"))));
    /* constant arithmetic or a constant cast that might fail: PostgreSQL
     * folds it while planning, even in a branch no row reaches */
    assert_false(ship(NULL, op(PO_EQ, case_of(T(ENG_T_INTEGER),
                                              op(PO_GT, col(C_ID), i32(0)),
                                              arith(PO_DIV, ENG_T_INTEGER, i32(1), i32(0)),
                                              NULL, NULL, col(C_ID)), i32(1))));
    assert_false(ship(NULL, op(PO_EQ, fn_of("coalesce", T(ENG_T_SMALLINT), col(C_SMALL),
                                            mk(PX_CAST, T(ENG_T_SMALLINT), 1,
                                               i32(70000))), i16(1))));
    assert_false(ship(NULL, op(PO_EQ, fn_of("coalesce", T(ENG_T_SMALLINT), col(C_SMALL),
                                            mk(PX_CAST, T(ENG_T_SMALLINT), 1,
                                               mk(PX_CAST, T(ENG_T_INTEGER), 1,
                                                  i64(5)))), i16(1))));
    /* a malformed CASE: has_else disagreeing with the argument count */
    {
        plan_expr *bad = case_of(T(ENG_T_INTEGER), col(C_OK), col(C_ID), NULL,
                                 NULL, col(C_ID));
        bad->has_else = false;
        assert_false(ship(NULL, op(PO_EQ, bad, i32(1))));
    }
    /* a char(3) result in a varchar CASE (the binder casts it) */
    assert_false(ship(NULL, op(PO_EQ, case_of(T(ENG_T_VARCHAR), col(C_OK),
                                              col(C_CODE), NULL, NULL, NULL),
                               str("a"))));
    /* NULLIF of double: PostgreSQL's NaN = NaN */
    assert_false(ship(NULL, op(PO_EQ, fn_of("nullif", T(ENG_T_DOUBLE), col(C_SCORE),
                                            dbl(1)), dbl(2))));
    /* another function, or a NULL name */
    assert_false(ship(NULL, op(PO_EQ, fn_of("greatest", T(ENG_T_INTEGER), col(C_ID),
                                            i32(1)), i32(1))));
    assert_false(ship(NULL, op(PO_EQ, fn_of(NULL, T(ENG_T_INTEGER), col(C_ID),
                                            i32(1)), i32(1))));
    /* narrowing, rounding or integer-digit-losing decimal casts */
    assert_false(ship(NULL, op(PO_EQ, mk(PX_CAST, dec92, 1, col(C_AMOUNT)),
                               dec(1, 9, 2))));
    assert_false(ship(NULL, op(PO_EQ, mk(PX_CAST, T(ENG_T_DECIMAL), 1, col(C_AMOUNT)),
                               dec(1, 10, 0))));
    assert_false(ship(NULL, op(PO_EQ, mk(PX_CAST, dec112, 1, col(C_BIG)),
                               dec(1, 11, 2))));
    assert_true(ship(NULL, op(PO_EQ, mk(PX_CAST, dec102, 1, col(C_SMALL)),
                              dec(1, 10, 2))));
}

/* Trino's bitwise functions over bigint as int8 & | # ~ << >>; the
 * shifts only by a constant 0..63, the logical right shift, bit_count
 * and narrower values never. */
static void test_bitwise(void **state)
{
    (void)state;
    bool (*ship)(void *, const plan_expr *) = eng_pg_connector.shippable;
    eng_type big = T(ENG_T_BIGINT);
    plan_expr *widened = mk(PX_CAST, big, 1, col(C_ID));
    ASSERT_WHERE(op(PO_EQ, fn_of("bitwise_and", big, col(C_BIG), i64(12)), i64(8)),
                 "((\"big\" & CAST(12 AS bigint)) = 8)");
    ASSERT_WHERE(op(PO_NE, fn_of("bitwise_or", big, widened, col(C_BIG)), i64(0)),
                 "((CAST(\"id\" AS bigint) | \"big\") <> 0)");
    ASSERT_WHERE(op(PO_LT, fn_of("bitwise_xor", big, col(C_BIG), i64(-1)), i64(0)),
                 "((\"big\" # CAST((-1) AS bigint)) < 0)");
    ASSERT_WHERE(op(PO_GT, fn_of("bitwise_not", big, col(C_BIG), NULL), i64(5)),
                 "((~ \"big\") > 5)");
    ASSERT_WHERE(op(PO_EQ, fn_of("bitwise_left_shift", big, col(C_BIG), i32(3)), i64(8)),
                 "((\"big\" << CAST(3 AS integer)) = 8)");
    ASSERT_WHERE(op(PO_EQ, fn_of("bitwise_right_shift_arithmetic", big, col(C_BIG),
                                 i32(63)), i64(-1)),
                 "((\"big\" >> CAST(63 AS integer)) = (-1))");
    /* shifts: 64 and more, negative, a column, NULL; other functions */
    assert_false(ship(NULL, op(PO_EQ, fn_of("bitwise_left_shift", big, col(C_BIG),
                                            i32(64)), i64(0))));
    assert_false(ship(NULL, op(PO_EQ, fn_of("bitwise_left_shift", big, col(C_BIG),
                                            i32(-1)), i64(0))));
    assert_false(ship(NULL, op(PO_EQ, fn_of("bitwise_right_shift_arithmetic", big,
                                            col(C_BIG), col(C_ID)), i64(0))));
    assert_false(ship(NULL, op(PO_EQ, fn_of("bitwise_left_shift", big, col(C_BIG),
                                            null_of(T(ENG_T_INTEGER))), i64(0))));
    assert_false(ship(NULL, op(PO_EQ, fn_of("bitwise_right_shift", big, col(C_BIG),
                                            i32(1)), i64(0))));
    assert_false(ship(NULL, op(PO_EQ, fn_of("bit_count", big, col(C_BIG), i64(64)),
                               i64(1))));
    /* an integer value's shift keeps 32 bits: local; so do operands that
     * are not bigint, and a wrong arity */
    assert_false(ship(NULL, op(PO_EQ, fn_of("bitwise_left_shift", T(ENG_T_INTEGER),
                                            col(C_ID), i32(1)), i32(2))));
    assert_false(ship(NULL, op(PO_EQ, fn_of("bitwise_and", big, col(C_ID), i64(1)),
                               i64(1))));
    assert_false(ship(NULL, op(PO_EQ, fn_of("bitwise_not", big, col(C_BIG), i64(1)),
                               i64(1))));
    assert_false(ship(NULL, op(PO_EQ, fn_of("bitwise_and", big, col(C_BIG), NULL),
                               i64(1))));
}

/* ---- split scans (pg_split.c) ---- */

/* The ranges' ctid conditions: range 0 from the start, the last one
 * open-ended, the cuts at P * i / n; P at least n when unknown. */
static void test_split_ranges(void **state)
{
    (void)state;
    eng_scan_spec sp;
    char buf[128];
    memset(&sp, 0, sizeof sp);
    sp.split_n = 2;
    sp.split_pages = 8334;
    sp.split_part = 0;
    pg_split_cond(&sp, buf, sizeof buf);
    assert_string_equal(buf, "ctid < '(4167,0)'::tid");
    sp.split_part = 1;
    pg_split_cond(&sp, buf, sizeof buf);
    assert_string_equal(buf, "ctid >= '(4167,0)'::tid");
    sp.split_n = 3;
    sp.split_pages = 10;
    sp.split_part = 1;
    pg_split_cond(&sp, buf, sizeof buf);
    assert_string_equal(buf, "ctid >= '(3,0)'::tid AND ctid < '(6,0)'::tid");
    sp.split_part = 2;
    pg_split_cond(&sp, buf, sizeof buf);
    assert_string_equal(buf, "ctid >= '(6,0)'::tid");
    /* pages unknown (forced split): one page a range, the last the rest */
    sp.split_n = 2;
    sp.split_pages = 0;
    sp.split_part = 0;
    pg_split_cond(&sp, buf, sizeof buf);
    assert_string_equal(buf, "ctid < '(1,0)'::tid");
    sp.split_part = 1;
    pg_split_cond(&sp, buf, sizeof buf);
    assert_string_equal(buf, "ctid >= '(1,0)'::tid");
}

/* The group's waits without a server: a range waiting for the snapshot
 * of a range 0 that failed ends with range 0's own error; range 0's
 * wait for the others ends on a cancel (HY008) or the deadline (HYT00),
 * each naming the catalog. */
static void test_split_group_waits(void **state)
{
    (void)state;
    pg_state st;
    eng_error err, cause;
    void *g = NULL;
    volatile int cancel = 0;
    bool conn_failed = true;
    pg_wait w = { 0, 5, &cancel };
    memset(&st, 0, sizeof st);
    st.name = (char *)"cat";
    assert_int_equal(pg_split_open(&st, 1, &g, &err), ENG_ERROR);
    assert_int_equal(pg_split_open(&st, 2, &g, &err), ENG_OK);
    eng_err_set(&cause, "42501", 0, "Catalog 'cat': permission denied");
    pg_split_abandon(g, 0, &cause);
    assert_int_equal(pg_split_begin(&st, NULL, &w, g, 1, &conn_failed, &err),
                     ENG_ERROR);
    assert_false(conn_failed);
    assert_string_equal(err.sqlstate, "42501");
    assert_non_null(strstr(err.message, "permission denied"));
    /* range 1 never imported: range 0 waits, and stops on a cancel */
    cancel = 1;
    assert_int_equal(pg_split_end(&st, NULL, &w, g, 0, &err), ENG_ERROR);
    assert_string_equal(err.sqlstate, "HY008");
    assert_non_null(strstr(err.message, "cat"));
    cancel = 0;
    w.deadline_ms = pg_now_ms() - 1;
    assert_int_equal(pg_split_end(&st, NULL, &w, g, 0, &err), ENG_ERROR);
    assert_string_equal(err.sqlstate, "HYT00");
    assert_non_null(strstr(err.message, "'cat'"));
    pg_split_close(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_columns),
        cmocka_unit_test(test_hostile_identifiers),
        cmocka_unit_test(test_integer_constants),
        cmocka_unit_test(test_other_constants),
        cmocka_unit_test(test_string_literals),
        cmocka_unit_test(test_varchar_collation),
        cmocka_unit_test(test_double_nan_guard),
        cmocka_unit_test(test_logic),
        cmocka_unit_test(test_in_list_and_cast),
        cmocka_unit_test(test_like),
        cmocka_unit_test(test_several_filters_and_limit),
        cmocka_unit_test(test_not_shippable),
        cmocka_unit_test(test_integer_arithmetic),
        cmocka_unit_test(test_tinyint),
        cmocka_unit_test(test_size_bound),
        cmocka_unit_test(test_remote_aggregates_exact_types),
        cmocka_unit_test(test_remote_refusals),
        cmocka_unit_test(test_remote_top_n),
        cmocka_unit_test(test_dynamic_filters),
        cmocka_unit_test(test_conditionals),
        cmocka_unit_test(test_dynamic_filter_array),
        cmocka_unit_test(test_bitwise),
        cmocka_unit_test(test_split_ranges),
        cmocka_unit_test(test_split_group_waits),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
