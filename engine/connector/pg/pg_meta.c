/*
 * engine/connector/pg/pg_meta.c
 *   Metadata of a PostgreSQL catalog: schemas, tables of a schema, the
 *   columns of one table with their engine types, and its keys: primary
 *   key and indexes (pg_index), foreign keys (pg_constraint).
 * Interface: pg_list_schemas, pg_list_tables, pg_get_table, pg_map_type,
 *   pg_get_keys, pg_foreign_keys.
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
 *   float4 real, float8 double,
 *   timestamp(p) timestamp(p) and time(p) time(p) (undeclared p: 6),
 *   interval YEAR / MONTH / YEAR TO MONTH interval year to month, any
 *     other interval interval day to second (a value with months in such
 *     a column, or with days or time in a year-to-month one, fails at
 *     read time with 22015 naming the column),
 *   timestamptz(p) timestamp(p) with time zone (undeclared p: 6), its
 *     values in zone UTC (Trino's PostgreSQL connector does the same),
 *   timetz stays unmapped: the binder's 0A000 names the column,
 *   numeric(p,s) decimal(p,s) for p <= 38 and 0 <= s <= p,
 *   numeric without typmod decimal(38,18) (a value that does not fit
 *     exactly fails at read time with 22003 naming the column),
 *   text, name, varchar, bpchar without length: varchar (unbounded),
 *   varchar(n) varchar(n), char(n) char(n) (read without its trailing
 *   blanks, the engine's form of a char value).
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
 * Lists the views and materialized views of `schema`, sorted like
 * pg_list_tables, with pg_get_viewdef's text of each. Arrays in arena a.
 */
eng_rc pg_list_views(void *state, const char *schema, eng_arena *a,
                     char ***names, char ***defs, int *n, eng_error *err)
{
    static const char sql[] =
        "SELECT c.relname, pg_catalog.pg_get_viewdef(c.oid) "
        "FROM pg_catalog.pg_class c "
        "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = $1 AND c.relkind IN ('v', 'm') "
        "ORDER BY c.relname COLLATE \"C\"";
    const char *params[1] = { schema };
    void *res;
    PGresult *r;
    eng_rc rc;
    int rows;

    *names = *defs = NULL;
    *n = 0;
    rc = pg_session_query(state, sql, 1, params, &res, err);
    if (rc != ENG_OK)
        return rc;
    r = res;
    rows = PQntuples(r);
    *names = eng_arena_alloc(a, sizeof(char *) * (size_t)(rows + 1));
    *defs = eng_arena_alloc(a, sizeof(char *) * (size_t)(rows + 1));
    if (!*names || !*defs) {
        PQclear(r);
        return eng_err_oom(err);
    }
    for (int i = 0; i < rows; i++) {
        (*names)[i] = eng_arena_strdup(a, PQgetvalue(r, i, 0));
        (*defs)[i] = PQgetisnull(r, i, 1) ? NULL
                                          : eng_arena_strdup(a, PQgetvalue(r, i, 1));
        if (!(*names)[i] || (!PQgetisnull(r, i, 1) && !(*defs)[i])) {
            PQclear(r);
            return eng_err_oom(err);
        }
    }
    *n = rows;
    PQclear(r);
    return ENG_OK;
}

/*
 * Returns the engine type for a remote (type OID, typmod) as described in
 * the file comment; id ENG_T_UNKNOWN when there is no mapping.
 */
eng_type pg_map_type(int oid, int typmod)
{
    eng_type t = { ENG_T_UNKNOWN, 0, 0, 0 };
    int eoid = pg_array_elem_oid(oid);
    if (eoid) {
        /* int4[] ... : array(T) of the element's mapping (the typmod is
         * the element's: varchar(10)[]); none when that has none */
        eng_type et = pg_map_type(eoid, typmod), at;
        eng_error ignored;
        if (et.id != ENG_T_UNKNOWN && eng_type_array(et, &at, &ignored) == ENG_OK)
            return at;
        return t;
    }
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
    case PG_OID_TIMESTAMPTZ:
        /* an instant; read in UTC, as Trino's PostgreSQL connector */
        t = eng_type_timestamp_tz(typmod >= 0 ? typmod : ENG_TS_MAX_PRECISION);
        break;
    case PG_OID_INTERVAL:
        t.id = interval_year_month(typmod) ? ENG_T_INTERVAL_YM
                                           : ENG_T_INTERVAL_DS;
        break;
    case PG_OID_FLOAT4:  t = eng_type_real(); break;
    case PG_OID_FLOAT8:  t.id = ENG_T_DOUBLE; break;
    case PG_OID_TEXT:
    case PG_OID_NAME:    t.id = ENG_T_VARCHAR; break;
    case PG_OID_BYTEA:   t.id = ENG_T_VARBINARY; break;
    case PG_OID_UUID:    t.id = ENG_T_UUID; break;
    case PG_OID_JSON:    /* Trino's json (its PostgreSQL connector maps
                            both): every scan reads the text (::text,
                            pg_deparse.c), pg_copy.c canonicalizes it */
    case PG_OID_JSONB:   t.id = ENG_T_JSON; break;
    case PG_OID_VARCHAR:
    case PG_OID_BPCHAR:
        t.id = ENG_T_VARCHAR;
        t.length = typmod >= 4 ? typmod - 4 : 0;   /* VARHDRSZ */
        /* char(n) is Trino's char(n); bpchar without a length stays an
         * unbounded varchar (its blanks dropped, pg_copy.c) */
        if (oid == PG_OID_BPCHAR && t.length > 0)
            t.scale = ENG_VARCHAR_CHAR;
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

/* Column row's distinct values from pg_stats.n_distinct (cell 6): a
 * count when positive, minus a share of the rows when negative (scaled
 * by reltuples); 0 (unknown) when NULL, zero, or a share of an unknown
 * row count. */
static double distinct_of(PGresult *r, int row, double reltuples)
{
    if (PQgetisnull(r, row, 6))
        return 0;
    double d = strtod(PQgetvalue(r, row, 6), NULL);
    if (d < 0)
        d = reltuples > 0 ? -d * reltuples : 0;
    return d;
}

/*
 * Describes schema.table (any relation kind list_tables shows) in arena
 * a: columns in attnum order, dropped and system columns excluded, with
 * engine type, nullability (attnotnull), remote OID, typmod and
 * format_type(), the row and page estimates (reltuples, relpages; with
 * relkind whether ctid ranges can split its scans) and each column's distinct
 * values (pg_stats.n_distinct, the statistics ANALYZE gathers; the view
 * shows only columns the user may read, and inherited statistics, which
 * cover a parent's children as its scans do, come first). One query; a relation
 * with no columns still yields one
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
        "  pg_catalog.format_type(a.atttypid, a.atttypmod), "
        "  c.reltuples, "
        "  (SELECT s.n_distinct FROM pg_catalog.pg_stats s "
        "   WHERE s.schemaname = n.nspname AND s.tablename = c.relname "
        "     AND s.attname = a.attname "
        "   ORDER BY s.inherited DESC LIMIT 1), "
        "  c.relpages, c.relkind "
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
    if (rows == 0 || PQnfields(r) != 9) {
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
    /* reltuples: -1 (never analyzed, PostgreSQL >= 14) or 0 (an empty or
     * never vacuumed table before 14) both read as unknown */
    def->est_rows = strtod(PQgetvalue(r, 0, 5), NULL);
    /* relpages: 0 until the first VACUUM / ANALYZE / CREATE INDEX. Only
     * a table's or a materialized view's rows have a ctid that reads
     * them in ranges (a view, a partitioned parent, a foreign table have
     * none of their own) */
    def->est_pages = strtod(PQgetvalue(r, 0, 7), NULL);
    def->ranges = strcmp(PQgetvalue(r, 0, 8), "r") == 0 ||
                  strcmp(PQgetvalue(r, 0, 8), "m") == 0;
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
        c->est_distinct = distinct_of(r, i, def->est_rows);
    }
    PQclear(r);
    *out = def;
    return ENG_OK;
oom:
    PQclear(r);
    return eng_err_oom(err);
}

/* Copies a result cell into arena a (NULL for SQL NULL); *oom on failure. */
static const char *cell(PGresult *r, int row, int col, eng_arena *a, bool *oom)
{
    if (PQgetisnull(r, row, col))
        return NULL;
    char *v = eng_arena_strdup(a, PQgetvalue(r, row, col));
    if (!v)
        *oom = true;
    return v;
}

/* True for a "t" cell. */
static bool is_true(PGresult *r, int row, int col)
{
    return !strcmp(PQgetvalue(r, row, col), "t");
}

/*
 * The primary key and indexes of schema.table (ops->get_keys): one row
 * per key column of each index (included columns of a covering index
 * are not keys), the primary key first, then by index name. A column
 * that is an expression gets pg_get_indexdef's text of it. A view or an
 * unknown table has none.
 */
eng_rc pg_get_keys(void *state, const char *schema, const char *table,
                   eng_arena *a, eng_table_keys *out, eng_error *err)
{
    static const char sql[] =
        "SELECT i.relname, x.indisunique, x.indisprimary, am.amname = 'hash', "
        "  CASE WHEN k.attnum > 0 THEN a.attname::text "
        "       ELSE pg_catalog.pg_get_indexdef(x.indexrelid, k.ord::int, true) END, "
        "  (x.indoption[k.ord - 1] & 1) = 1, "
        "  pg_catalog.pg_get_expr(x.indpred, x.indrelid, true) "
        "FROM pg_catalog.pg_class c "
        "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "JOIN pg_catalog.pg_index x ON x.indrelid = c.oid "
        "JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid "
        "JOIN pg_catalog.pg_am am ON am.oid = i.relam "
        "CROSS JOIN LATERAL unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord) "
        "LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid "
        "  AND a.attnum = k.attnum "
        "WHERE n.nspname = $1 AND c.relname = $2 AND k.ord <= x.indnkeyatts "
        "  AND x.indislive "
        "ORDER BY x.indisprimary DESC, i.relname COLLATE \"C\", k.ord";
    const char *params[2] = { schema, table };
    void *res;
    bool oom = false;

    memset(out, 0, sizeof *out);
    eng_rc rc = pg_session_query(state, sql, 2, params, &res, err);
    if (rc != ENG_OK)
        return rc;
    PGresult *r = res;
    int rows = PQntuples(r), nidx = 0;
    for (int i = 0; i < rows; i++)
        if (i == 0 || strcmp(PQgetvalue(r, i, 0), PQgetvalue(r, i - 1, 0)))
            nidx++;
    out->indexes = eng_arena_calloc(a, sizeof(eng_index) * (size_t)(nidx + 1));
    if (!out->indexes)
        goto oom;
    for (int i = 0; i < rows;) {
        int j = i;
        while (j < rows && !strcmp(PQgetvalue(r, j, 0), PQgetvalue(r, i, 0)))
            j++;
        eng_index *x = &out->indexes[out->nindexes++];
        x->name = cell(r, i, 0, a, &oom);
        x->unique = is_true(r, i, 1);
        x->primary = is_true(r, i, 2);
        x->hashed = is_true(r, i, 3);
        x->filter = cell(r, i, 6, a, &oom);
        x->ncols = j - i;
        x->cols = eng_arena_calloc(a, sizeof(char *) * (size_t)x->ncols);
        x->descending = eng_arena_calloc(a, sizeof(bool) * (size_t)x->ncols);
        if (!x->cols || !x->descending)
            goto oom;
        for (int k = i; k < j; k++) {
            x->cols[k - i] = cell(r, k, 4, a, &oom);
            x->descending[k - i] = is_true(r, k, 5);
        }
        i = j;
    }
    if (oom)
        goto oom;
    PQclear(r);
    return ENG_OK;
oom:
    PQclear(r);
    return eng_err_oom(err);
}

/* pg_constraint's confupdtype / confdeltype as a rule. */
static eng_fk_rule fk_rule(const char *c)
{
    switch (c[0]) {
    case 'r': return ENG_FK_RESTRICT;
    case 'c': return ENG_FK_CASCADE;
    case 'n': return ENG_FK_SET_NULL;
    case 'd': return ENG_FK_SET_DEFAULT;
    default: return ENG_FK_NO_ACTION;
    }
}

/*
 * The foreign keys between ref_schema.ref_table (referenced) and
 * schema.table (referencing), any of them NULL = any (ops->foreign_keys):
 * one row per column pair, names passed as $n parameters.
 */
eng_rc pg_foreign_keys(void *state, const char *ref_schema,
                       const char *ref_table, const char *schema,
                       const char *table, eng_arena *a,
                       eng_foreign_key **out, int *n, eng_error *err)
{
    static const char sql[] =
        "SELECT con.conname, fn.nspname, fc.relname, pn.nspname, pc.relname, "
        "  ri.relname, fa.attname, pa.attname, con.confupdtype, "
        "  con.confdeltype, con.condeferrable, con.condeferred, con.oid "
        "FROM pg_catalog.pg_constraint con "
        "JOIN pg_catalog.pg_class fc ON fc.oid = con.conrelid "
        "JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace "
        "JOIN pg_catalog.pg_class pc ON pc.oid = con.confrelid "
        "JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace "
        "LEFT JOIN pg_catalog.pg_class ri ON ri.oid = con.conindid "
        "CROSS JOIN LATERAL unnest(con.conkey, con.confkey) "
        "  WITH ORDINALITY AS k(fatt, patt, ord) "
        "JOIN pg_catalog.pg_attribute fa ON fa.attrelid = con.conrelid "
        "  AND fa.attnum = k.fatt "
        "JOIN pg_catalog.pg_attribute pa ON pa.attrelid = con.confrelid "
        "  AND pa.attnum = k.patt "
        "WHERE con.contype = 'f' "
        "  AND ($1::text IS NULL OR pn.nspname = $1) "
        "  AND ($2::text IS NULL OR pc.relname = $2) "
        "  AND ($3::text IS NULL OR fn.nspname = $3) "
        "  AND ($4::text IS NULL OR fc.relname = $4) "
        "ORDER BY fn.nspname COLLATE \"C\", fc.relname COLLATE \"C\", "
        "  con.conname COLLATE \"C\", con.oid, k.ord";
    const char *params[4] = { ref_schema, ref_table, schema, table };
    void *res;
    bool oom = false;

    *out = NULL;
    *n = 0;
    eng_rc rc = pg_session_query(state, sql, 4, params, &res, err);
    if (rc != ENG_OK)
        return rc;
    PGresult *r = res;
    int rows = PQntuples(r), nfk = 0;
    /* a constraint is its oid (column 12): names repeat across tables */
    for (int i = 0; i < rows; i++)
        if (i == 0 || strcmp(PQgetvalue(r, i, 12), PQgetvalue(r, i - 1, 12)))
            nfk++;
    eng_foreign_key *fks = eng_arena_calloc(a, sizeof *fks * (size_t)(nfk + 1));
    if (!fks)
        goto oom;
    for (int i = 0; i < rows;) {
        int j = i;
        while (j < rows && !strcmp(PQgetvalue(r, j, 12), PQgetvalue(r, i, 12)))
            j++;
        eng_foreign_key *f = &fks[(*n)++];
        f->name = cell(r, i, 0, a, &oom);
        f->schema = cell(r, i, 1, a, &oom);
        f->table = cell(r, i, 2, a, &oom);
        f->ref_schema = cell(r, i, 3, a, &oom);
        f->ref_table = cell(r, i, 4, a, &oom);
        f->ref_key = cell(r, i, 5, a, &oom);
        f->on_update = fk_rule(PQgetvalue(r, i, 8));
        f->on_delete = fk_rule(PQgetvalue(r, i, 9));
        f->deferrable = is_true(r, i, 10);
        f->initially_deferred = is_true(r, i, 11);
        f->ncols = j - i;
        f->cols = eng_arena_calloc(a, sizeof(char *) * (size_t)f->ncols);
        f->ref_cols = eng_arena_calloc(a, sizeof(char *) * (size_t)f->ncols);
        if (!f->cols || !f->ref_cols)
            goto oom;
        for (int k = i; k < j; k++) {
            f->cols[k - i] = cell(r, k, 6, a, &oom);
            f->ref_cols[k - i] = cell(r, k, 7, a, &oom);
        }
        i = j;
    }
    if (oom)
        goto oom;
    PQclear(r);
    *out = fks;
    return ENG_OK;
oom:
    PQclear(r);
    *n = 0;
    return eng_err_oom(err);
}
