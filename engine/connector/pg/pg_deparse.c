/*
 * engine/connector/pg/pg_deparse.c
 *   PostgreSQL's dialect of the one deparser (connector/sql_deparse.c):
 *   a table of how PostgreSQL spells constants, types, char columns,
 *   code-point order and LIKE; and the connector's deparse entry points
 *   over it. Statements name tables "schema"."table" (the connection is
 *   the catalog).
 * Interface: pg_deparse, pg_deparse_expr, pg_deparse_view_expr,
 *   pg_remote_oid.
 * Not here: the deparser (connector/sql_deparse.c), deciding what may be
 *   shipped (pg_shippable.c, pg_ship_node.c), wrapping the statement in
 *   COPY (pg_scan.c).
 */
#include "pg_int.h"
#include "pg_copy.h"
#include "../sql_deparse.h"

/* Remote types compared (and, the json ones, read) as their text. */
static const int pg_text_types[] = {
    PG_OID_NAME, PG_OID_BPCHAR, PG_OID_JSON, PG_OID_JSONB, 0
};
static const int pg_json_types[] = { PG_OID_JSON, PG_OID_JSONB, 0 };

/* See sql_deparse.h for each field. */
static const eng_sql_dialect pg_dialect = {
    .name = "PostgreSQL",
    .literals = ENG_SQL_LIT_PG,
    .char_cols = ENG_SQL_CHAR_PG_OIDS,
    /* name: a text literal compared with a name would be cut to 63
     * bytes; bpchar: the cast drops the trailing blanks, as pg_copy.c
     * does, so the remote comparison sees the engine's char value;
     * json and jsonb are Trino's json, carried as text */
    .text_types = pg_text_types,
    /* json has no =, jsonb's differs from its text's */
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
};

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
