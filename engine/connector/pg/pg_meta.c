/*
 * engine/connector/pg/pg_meta.c
 *   Metadata of a PostgreSQL catalog: schemas, tables of a schema, and the
 *   columns of one table with their engine types.
 * Interface: pg_list_schemas, pg_list_tables, pg_get_table, pg_map_type.
 * Not here: connections and retries (pg_session.c), reading rows
 *   (pg_scan.c, pg_copy.c).
 *
 * Every query reads pg_catalog directly and takes names as $n parameters
 * (PQsendQueryParams), so no user-supplied name is ever pasted into SQL text.
 * Names are sorted by byte value (COLLATE "C"), independent of the
 * database's collation.
 *
 * Type mapping (remote -> engine):
 *   int2 smallint, int4 integer, int8 bigint, bool boolean, date date,
 *   float4 and float8 double,
 *   timestamp(p) timestamp(p) and time(p) time(p) (undeclared p: 6),
 *   interval YEAR / MONTH / YEAR TO MONTH interval year to month, any
 *     other interval interval day to second (a value with months in such
 *     a column, or with days or time in a year-to-month one, fails at
 *     read time with 22015 naming the column),
 *   timestamptz and timetz stay unmapped: the binder's 0A000 names the
 *     column and 'timestamp with time zone',
 *   numeric(p,s) decimal(p,s) for p <= 38 and 0 <= s <= p,
 *   numeric without typmod decimal(38,18) (a value that does not fit
 *     exactly fails at read time with 22003 naming the column),
 *   text, name, varchar, bpchar without length: varchar (unbounded),
 *   varchar(n) and char(n): varchar(n).
 * A domain is mapped through its base type (one level). Any other type
 * (and numeric(p > 38), negative scales) gives ENG_T_UNKNOWN with
 * remote_type_name set to format_type(): the table is still described,
 * and the binder rejects (0A000) only queries that touch such a column.
 */
#include <stdlib.h>
#include <string.h>
#include <libpq-fe.h>
#include "pg_int.h"
#include "pg_copy.h"

/* Copies column 0 of every row of r into a sorted array in arena a. */
static eng_rc names_from_result(PGresult *r, eng_arena *a, char ***names,
                                int *n, eng_error *err)
{
    int rows = PQntuples(r);
    char **out = eng_arena_alloc(a, sizeof(char *) * (size_t)(rows + 1));
    if (!out)
        return eng_err_oom(err);
    for (int i = 0; i < rows; i++) {
        out[i] = eng_arena_strdup(a, PQgetvalue(r, i, 0));
        if (!out[i])
            return eng_err_oom(err);
    }
    out[rows] = NULL;
    *names = out;
    *n = rows;
    return ENG_OK;
}

/*
 * Lists the user schemas of the database, sorted: everything but
 * pg_catalog, information_schema, pg_toast* and pg_temp* (which also
 * covers pg_toast_temp_*). Arrays in arena a.
 */
eng_rc pg_list_schemas(void *state, eng_arena *a, char ***names, int *n,
                       eng_error *err)
{
    static const char sql[] =
        "SELECT nspname FROM pg_catalog.pg_namespace "
        "WHERE nspname NOT IN ('pg_catalog', 'information_schema') "
        "AND nspname NOT LIKE 'pg\\_toast%' "
        "AND nspname NOT LIKE 'pg\\_temp%' "
        "ORDER BY nspname COLLATE \"C\"";
    void *res;
    eng_rc rc;

    *names = NULL;
    *n = 0;
    rc = pg_session_query(state, sql, 0, NULL, &res, err);
    if (rc != ENG_OK)
        return rc;
    rc = names_from_result(res, a, names, n, err);
    PQclear(res);
    return rc;
}

/*
 * Lists the tables, partitioned tables, views, materialized views and
 * foreign tables of `schema`, sorted. An unknown schema gives an empty
 * list. Arrays in arena a.
 */
eng_rc pg_list_tables(void *state, const char *schema, eng_arena *a,
                      char ***names, int *n, eng_error *err)
{
    static const char sql[] =
        "SELECT c.relname FROM pg_catalog.pg_class c "
        "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f') "
        "ORDER BY c.relname COLLATE \"C\"";
    const char *params[1] = { schema };
    void *res;
    eng_rc rc;

    *names = NULL;
    *n = 0;
    rc = pg_session_query(state, sql, 1, params, &res, err);
    if (rc != ENG_OK)
        return rc;
    rc = names_from_result(res, a, names, n, err);
    PQclear(res);
    return rc;
}

/*
 * True when an interval typmod restricts the fields to YEAR, MONTH or
 * YEAR TO MONTH: the range mask is typmod >> 16 with bit 1 MONTH and
 * bit 2 YEAR (PostgreSQL's datetime.h); -1 (no typmod) is every field.
 */
static bool interval_year_month(int typmod)
{
    if (typmod < 0)
        return false;
    int range = (typmod >> 16) & 0x7fff;
    return range != 0 && (range & ~((1 << 1) | (1 << 2))) == 0;
}

/*
 * Returns the engine type for a remote (type OID, typmod) as described in
 * the file comment; id ENG_T_UNKNOWN when there is no mapping.
 */
eng_type pg_map_type(int oid, int typmod)
{
    eng_type t = { ENG_T_UNKNOWN, 0, 0, 0 };
    switch (oid) {
    case PG_OID_INT2:    t.id = ENG_T_SMALLINT; break;
    case PG_OID_INT4:    t.id = ENG_T_INTEGER; break;
    case PG_OID_INT8:    t.id = ENG_T_BIGINT; break;
    case PG_OID_BOOL:    t.id = ENG_T_BOOLEAN; break;
    case PG_OID_DATE:    t.id = ENG_T_DATE; break;
    case PG_OID_TIMESTAMP:
        /* typmod is the fractional digits (0..6), -1 when undeclared: 6 */
        t = eng_type_timestamp(typmod >= 0 ? typmod : ENG_TS_MAX_PRECISION);
        break;
    case PG_OID_TIME:
        t = eng_type_time(typmod >= 0 ? typmod : ENG_TS_MAX_PRECISION);
        break;
    case PG_OID_INTERVAL:
        t.id = interval_year_month(typmod) ? ENG_T_INTERVAL_YM
                                           : ENG_T_INTERVAL_DS;
        break;
    case PG_OID_FLOAT4:
    case PG_OID_FLOAT8:  t.id = ENG_T_DOUBLE; break;
    case PG_OID_TEXT:
    case PG_OID_NAME:    t.id = ENG_T_VARCHAR; break;
    case PG_OID_VARCHAR:
    case PG_OID_BPCHAR:
        t.id = ENG_T_VARCHAR;
        t.length = typmod >= 4 ? typmod - 4 : 0;   /* VARHDRSZ */
        break;
    case PG_OID_NUMERIC:
        if (typmod < 4) {
            t.id = ENG_T_DECIMAL;
            t.precision = ENG_DECIMAL_MAX_PRECISION;
            t.scale = 18;
        } else {
            int p = ((typmod - 4) >> 16) & 0xffff;
            int s = (((typmod - 4) & 0x7ff) ^ 1024) - 1024;  /* signed */
            if (p >= 1 && p <= ENG_DECIMAL_MAX_PRECISION && s >= 0 &&
                s <= p) {
                t.id = ENG_T_DECIMAL;
                t.precision = p;
                t.scale = s;
            }
        }
        break;
    default:
        break;
    }
    return t;
}

/*
 * Describes schema.table (any relation kind list_tables shows) in arena
 * a: columns in attnum order, dropped and system columns excluded, with
 * engine type, nullability (attnotnull), remote OID, typmod and
 * format_type(). One query; a relation with no columns still yields one
 * row (the LEFT JOIN), which tells "no columns" from "no table".
 * Returns ENG_NOT_FOUND without an error record if there is no such
 * relation.
 */
eng_rc pg_get_table(void *state, const char *schema, const char *table,
                    eng_arena *a, eng_table_def **out, eng_error *err)
{
    static const char sql[] =
        "SELECT a.attname, "
        "  CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE a.atttypid END, "
        "  CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END, "
        "  a.attnotnull, "
        "  pg_catalog.format_type(a.atttypid, a.atttypmod) "
        "FROM pg_catalog.pg_class c "
        "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid "
        "  AND a.attnum > 0 AND NOT a.attisdropped "
        "LEFT JOIN pg_catalog.pg_type t ON t.oid = a.atttypid "
        "WHERE n.nspname = $1 AND c.relname = $2 "
        "  AND c.relkind IN ('r', 'p', 'v', 'm', 'f') "
        "ORDER BY a.attnum";
    const char *params[2] = { schema, table };
    pg_state *st = state;
    eng_table_def *def;
    PGresult *r;
    void *res;
    int rows, ncols;
    eng_rc rc;

    *out = NULL;
    rc = pg_session_query(st, sql, 2, params, &res, err);
    if (rc != ENG_OK)
        return rc;
    r = res;
    rows = PQntuples(r);
    if (rows == 0 || PQnfields(r) != 5) {
        PQclear(r);
        return ENG_NOT_FOUND;
    }
    /* a relation without columns: one row of NULLs from the LEFT JOIN */
    ncols = (rows == 1 && PQgetisnull(r, 0, 0)) ? 0 : rows;

    def = eng_arena_calloc(a, sizeof *def);
    if (!def)
        goto oom;
    def->catalog = eng_arena_strdup(a, st->name);
    def->schema = eng_arena_strdup(a, schema);
    def->name = eng_arena_strdup(a, table);
    def->ncols = ncols;
    def->cols = eng_arena_calloc(a, sizeof(eng_column_def) *
                                    (size_t)(ncols > 0 ? ncols : 1));
    if (!def->catalog || !def->schema || !def->name || !def->cols)
        goto oom;
    for (int i = 0; i < ncols; i++) {
        eng_column_def *c = &def->cols[i];
        c->name = eng_arena_strdup(a, PQgetvalue(r, i, 0));
        c->remote_type = (int)strtol(PQgetvalue(r, i, 1), NULL, 10);
        c->remote_typmod = (int)strtol(PQgetvalue(r, i, 2), NULL, 10);
        c->nullable = strcmp(PQgetvalue(r, i, 3), "t") != 0;
        c->remote_type_name = eng_arena_strdup(a, PQgetvalue(r, i, 4));
        if (!c->name || !c->remote_type_name)
            goto oom;
        c->type = pg_map_type(c->remote_type, c->remote_typmod);
    }
    PQclear(r);
    *out = def;
    return ENG_OK;
oom:
    PQclear(r);
    return eng_err_oom(err);
}
