/*
 * engine/connector/pg/pg_deparse.c
 *   PostgreSQL's dialect of the one deparser (connector/sql_deparse.c):
 *   a table of how PostgreSQL spells constants, types, char columns,
 *   code-point order and LIKE, and of the plan nodes a remote subtree
 *   may hold; and the connector's deparse and node-whitelist entry points
 *   over it. Statements name tables "schema"."table" (the connection is
 *   the catalog).
 * Interface: pg_deparse, pg_deparse_expr, pg_deparse_view_expr,
 *   pg_remote_oid, pg_shippable_node.
 * Not here: the deparser (connector/sql_deparse.c), the node walker
 *   (connector/sql_ship.c), the expression whitelist (pg_shippable.c),
 *   wrapping the statement in COPY (pg_scan.c).
 */
#include "pg_int.h"
#include "pg_copy.h"
#include "../sql_deparse.h"
#include "../sql_ship.h"

/* Remote types compared (and, the json ones, read) as their text. */
static const int pg_text_types[] = {
    PG_OID_NAME, PG_OID_BPCHAR, PG_OID_JSON, PG_OID_JSONB, 0
};
static const int pg_json_types[] = { PG_OID_JSON, PG_OID_JSONB, 0 };

#define T(id) ENG_SQL_TYPE_BIT(ENG_T_##id)

/*
 * The nodes PostgreSQL computes with exactly the engine's result and
 * types (sql_ship.h, sql_ship.c say what every dialect shares):
 *   columns of boolean, smallint, integer, bigint, decimal, varchar,
 *     date, double (what the deparser can cast and pg_copy can decode
 *     back into the same engine type);
 *   count(DISTINCT x) not of double (PostgreSQL's NaN = NaN);
 *   min/max of integers, decimal, date and varchar (COLLATE "C");
 *   avg of every integer type (numeric sum, then float8 both sides).
 */
static const eng_sql_ship_rules pg_ship_rules = {
    .out_types = T(BOOLEAN) | T(SMALLINT) | T(INTEGER) | T(BIGINT) |
                 T(DOUBLE) | T(DATE) | T(VARCHAR) | T(DECIMAL),
    .no_char_real = false,
    .project_passes_columns = false,
    .keys_same_precision = false,
    .count_distinct_double = false,
    .minmax_types = T(SMALLINT) | T(INTEGER) | T(BIGINT) | T(DECIMAL) |
                    T(DATE) | T(VARCHAR),
    .minmax_same_type = false,
    .avg_types = T(SMALLINT) | T(INTEGER) | T(BIGINT),
};

#undef T

/* Trino's bitwise functions over bigint as PostgreSQL's int8 operators,
 * which compute the same two's complement bits (pg_shippable ships the
 * shifts only by a constant 0..63: PostgreSQL's int8shl/int8shr shift by
 * whatever C does beyond that, Trino gives 0 or -1; its >> is
 * arithmetic, so bitwise_right_shift, logical, never ships). */
static const eng_sql_bitwise_ops pg_bitwise = {
    .and_op = "&", .or_op = "|", .xor_op = "#", .not_op = "~",
    .shl_op = "<<", .sar_op = ">>",
};

/* See sql_deparse.h for each field. */
static const eng_sql_dialect pg_dialect = {
    .name = "PostgreSQL",
    .literals = ENG_SQL_LIT_PG,
    .char_cols = ENG_SQL_CHAR_PG_OIDS,
    /* name: a text literal compared with a name would be cut to 63
     * bytes; bpchar: the cast drops the trailing blanks, as pg_copy.c
     * does, so the remote comparison sees the engine's char value;
     * json and jsonb are read as their text, which pg_copy.c turns into
     * Trino's json (ENG_T_JSON) */
    .text_types = pg_text_types,
    /* json has no =, jsonb's differs from its text's; nothing over a
     * json value ships at all (pg_shippable's types have no ENG_T_JSON):
     * Trino's json = compares canonical texts (keys sorted, numbers as
     * Java prints them), and PostgreSQL's JSON functions (->, ->>,
     * json_extract_path...) differ from Trino's json_extract &c. in
     * paths, number text and errors, so the engine evaluates them */
    .read_as_text_types = pg_json_types,
    .types = ENG_SQL_TYPES_PG,
    /* PostgreSQL's default collation follows the database locale */
    .varchar_order = " COLLATE \"C\"",
    .like_collate = " COLLATE \"C\"",
    /* PostgreSQL's LIKE escapes with backslash unless told otherwise */
    .like_default_escape = "''",
    /* its NaN equals itself and sorts above every number */
    .nan_guard = true,
    .empty_select = "",
    .shippable = pg_shippable,
    .ship = &pg_ship_rules,
    .bitwise = &pg_bitwise,
};

/*
 * True when node n can run inside PostgreSQL as part of a remote subtree
 * (pg_ship_rules above); n's inputs are assumed remote as well. state
 * may be NULL.
 */
bool pg_shippable_node(void *state, const plan_node *n)
{
    return eng_sql_shippable_node(&pg_dialect, state, n);
}

/*
 * The OID and typmod of what the root of a remote subtree sends for an
 * output column of engine type t (the deparser's root casts); -1 when t
 * cannot be returned.
 */
int pg_remote_oid(eng_type t, int *typmod)
{
    *typmod = -1;
    switch (t.id) {
    case ENG_T_BOOLEAN:  return PG_OID_BOOL;
    case ENG_T_SMALLINT: return PG_OID_INT2;
    case ENG_T_INTEGER:  return PG_OID_INT4;
    case ENG_T_BIGINT:   return PG_OID_INT8;
    case ENG_T_DOUBLE:   return PG_OID_FLOAT8;
    case ENG_T_DATE:     return PG_OID_DATE;
    case ENG_T_VARCHAR:  return PG_OID_TEXT;
    case ENG_T_DECIMAL:  return PG_OID_NUMERIC;
    case ENG_T_VARBINARY: return PG_OID_BYTEA;
    case ENG_T_UUID:     return PG_OID_UUID;
    default:             return -1;
    }
}

/*
 * Writes the remote SELECT for spec into *sql (arena a): see
 * eng_deparse_sql. Everything must have passed pg_shippable /
 * pg_shippable_node; anything else is an HY000 error. state may be NULL.
 */
eng_rc pg_deparse(void *state, const eng_scan_spec *spec, eng_arena *a,
                  char **sql, eng_error *err)
{
    (void)state;
    return eng_deparse_sql(&pg_dialect, NULL, spec, a, sql, err);
}

/*
 * Writes one shippable expression over the columns of table t (as a
 * filter of a scan of t would be written) into *sql (arena a), for the
 * WHERE and SET of a whole-statement UPDATE / DELETE (pg_write.c).
 */
eng_rc pg_deparse_expr(const eng_table_def *t, const plan_expr *e,
                       eng_arena *a, char **sql, eng_error *err)
{
    return eng_deparse_sql_expr(&pg_dialect, t, e, a, sql, err);
}

eng_rc pg_deparse_view_expr(void *state, const eng_table_def *t,
                            const plan_expr *e, eng_arena *a, char **sql,
                            eng_error *err)
{
    (void)state;
    return pg_deparse_expr(t, e, a, sql, err);
}
