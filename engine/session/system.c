/*
 * engine/session/system.c
 *   The built-in `system` catalog: metadata about the session's catalogs,
 *   as tables that ordinary queries (and the driver's catalog functions)
 *   read.
 * Interface: eng_system_connector.
 * Not here: SHOW statements (binder/bind_show.c), which read the registry
 *   directly; what a type's code, size, radix, ... are (the type table,
 *   types/typeinfo.h, which the driver's result metadata reads too).
 *
 * Tables:
 *   system.metadata.catalogs(catalog_name, connector_id, connector_name)
 *   system.jdbc.catalogs(table_cat)
 *   system.jdbc.schemas(table_schem, table_catalog)
 *   system.jdbc.table_types(table_type): TABLE and VIEW
 *   system.jdbc.tables(table_cat, table_schem, table_name, table_type,
 *                      remarks, type_cat, type_schem, type_name,
 *                      self_referencing_col_name, ref_generation)
 *   system.jdbc.columns(table_cat ... is_nullable): the ODBC SQLColumns
 *                      layout, lower-case names; type_name is the base
 *                      name of a jdbc.types row (`varchar`, `decimal`),
 *                      the sizes are in column_size and decimal_digits
 *   system.jdbc.types(type_name ... interval_precision): SQLGetTypeInfo
 *   system.jdbc.primary_keys(table_cat, table_schem, table_name,
 *                      column_name, key_seq, pk_name): SQLPrimaryKeys
 *   system.jdbc.index_info(table_cat ... filter_condition): SQLStatistics
 *                      (no table-statistics row; cardinality and pages
 *                      NULL)
 *   system.jdbc.foreign_keys(pktable_cat ... deferrability):
 *                      SQLForeignKeys, rules and deferrability as JDBC
 *                      and ODBC number them
 *   (keys come from each catalog's own database: ops->get_keys and
 *   ops->foreign_keys, through governance)
 *   system.metadata.table_comments(catalog_name, schema_name, table_name,
 *                      comment): one row per table and view; the
 *                      comment is NULL (no catalog keeps one yet)
 * and, for every catalog C (the system catalog included), Trino's
 *   C.information_schema.schemata(catalog_name, schema_name)
 *   C.information_schema.tables(table_catalog, table_schema, table_name,
 *                      table_type 'BASE TABLE' | 'VIEW', table_comment)
 *   C.information_schema.columns(table_catalog, table_schema, table_name,
 *                      column_name, ordinal_position bigint,
 *                      column_default, is_nullable 'YES' | 'NO',
 *                      data_type (Trino's spelling, e.g. varchar(10),
 *                      decimal(12,2)), comment, extra_info)
 *   C.information_schema.views(table_catalog, table_schema, table_name,
 *                      view_definition: the SQL the catalog keeps)
 * which list C alone, through governance, and list information_schema
 * itself as Trino does. The binder resolves C.information_schema.T with
 * sess_info_schema_table: the table's definition names catalog C, and
 * the scan runs here.
 * The state of this connector is the eng_conn itself. A scan materializes
 * its rows at scan_begin (metadata is small) and hands them out in
 * batches. Equality filters on table_cat / table_schem / table_name are
 * accepted (shippable) and applied while listing, so that a listing
 * restricted to one catalog contacts only that catalog's server.
 */
#include <stdlib.h>
#include <string.h>

#include "session.h"
#include "../types/typeinfo.h"
#include "../common/array.h"

typedef enum sys_table {
    ST_META_CATALOGS, ST_JDBC_CATALOGS, ST_JDBC_SCHEMAS, ST_JDBC_TABLE_TYPES,
    ST_JDBC_TABLES, ST_JDBC_COLUMNS, ST_JDBC_TYPES,
    ST_JDBC_PRIMARY_KEYS, ST_JDBC_INDEX_INFO, ST_JDBC_FOREIGN_KEYS,
    ST_META_TABLE_COMMENTS,
    ST_IS_SCHEMATA, ST_IS_TABLES, ST_IS_COLUMNS, ST_IS_VIEWS
} sys_table;

/* The schema every catalog has (sess_info_schema_table). */
#define INFO_SCHEMA "information_schema"

typedef struct sys_col {
    const char *name;
    eng_type_id type;
} sys_col;

static const sys_col meta_catalogs_cols[] = {
    {"catalog_name", ENG_T_VARCHAR}, {"connector_id", ENG_T_VARCHAR},
    {"connector_name", ENG_T_VARCHAR}};
static const sys_col jdbc_catalogs_cols[] = {{"table_cat", ENG_T_VARCHAR}};
static const sys_col jdbc_schemas_cols[] = {
    {"table_schem", ENG_T_VARCHAR}, {"table_catalog", ENG_T_VARCHAR}};
static const sys_col jdbc_table_types_cols[] = {{"table_type", ENG_T_VARCHAR}};
static const sys_col jdbc_tables_cols[] = {
    {"table_cat", ENG_T_VARCHAR}, {"table_schem", ENG_T_VARCHAR},
    {"table_name", ENG_T_VARCHAR}, {"table_type", ENG_T_VARCHAR},
    {"remarks", ENG_T_VARCHAR}, {"type_cat", ENG_T_VARCHAR},
    {"type_schem", ENG_T_VARCHAR}, {"type_name", ENG_T_VARCHAR},
    {"self_referencing_col_name", ENG_T_VARCHAR},
    {"ref_generation", ENG_T_VARCHAR}};
static const sys_col jdbc_columns_cols[] = {
    {"table_cat", ENG_T_VARCHAR}, {"table_schem", ENG_T_VARCHAR},
    {"table_name", ENG_T_VARCHAR}, {"column_name", ENG_T_VARCHAR},
    {"data_type", ENG_T_INTEGER}, {"type_name", ENG_T_VARCHAR},
    {"column_size", ENG_T_INTEGER}, {"buffer_length", ENG_T_INTEGER},
    {"decimal_digits", ENG_T_INTEGER}, {"num_prec_radix", ENG_T_INTEGER},
    {"nullable", ENG_T_INTEGER}, {"remarks", ENG_T_VARCHAR},
    {"column_def", ENG_T_VARCHAR}, {"sql_data_type", ENG_T_INTEGER},
    {"sql_datetime_sub", ENG_T_INTEGER}, {"char_octet_length", ENG_T_INTEGER},
    {"ordinal_position", ENG_T_INTEGER}, {"is_nullable", ENG_T_VARCHAR}};
static const sys_col jdbc_types_cols[] = {
    {"type_name", ENG_T_VARCHAR}, {"data_type", ENG_T_INTEGER},
    {"column_size", ENG_T_INTEGER}, {"literal_prefix", ENG_T_VARCHAR},
    {"literal_suffix", ENG_T_VARCHAR}, {"create_params", ENG_T_VARCHAR},
    {"nullable", ENG_T_INTEGER}, {"case_sensitive", ENG_T_INTEGER},
    {"searchable", ENG_T_INTEGER}, {"unsigned_attribute", ENG_T_INTEGER},
    {"fixed_prec_scale", ENG_T_INTEGER}, {"auto_unique_value", ENG_T_INTEGER},
    {"local_type_name", ENG_T_VARCHAR}, {"minimum_scale", ENG_T_INTEGER},
    {"maximum_scale", ENG_T_INTEGER}, {"sql_data_type", ENG_T_INTEGER},
    {"sql_datetime_sub", ENG_T_INTEGER}, {"num_prec_radix", ENG_T_INTEGER},
    {"interval_precision", ENG_T_INTEGER}};

static const sys_col jdbc_primary_keys_cols[] = {
    {"table_cat", ENG_T_VARCHAR}, {"table_schem", ENG_T_VARCHAR},
    {"table_name", ENG_T_VARCHAR}, {"column_name", ENG_T_VARCHAR},
    {"key_seq", ENG_T_SMALLINT}, {"pk_name", ENG_T_VARCHAR}};
static const sys_col jdbc_index_info_cols[] = {
    {"table_cat", ENG_T_VARCHAR}, {"table_schem", ENG_T_VARCHAR},
    {"table_name", ENG_T_VARCHAR}, {"non_unique", ENG_T_SMALLINT},
    {"index_qualifier", ENG_T_VARCHAR}, {"index_name", ENG_T_VARCHAR},
    {"type", ENG_T_SMALLINT}, {"ordinal_position", ENG_T_SMALLINT},
    {"column_name", ENG_T_VARCHAR}, {"asc_or_desc", ENG_T_VARCHAR},
    {"cardinality", ENG_T_INTEGER}, {"pages", ENG_T_INTEGER},
    {"filter_condition", ENG_T_VARCHAR}};
static const sys_col jdbc_foreign_keys_cols[] = {
    {"pktable_cat", ENG_T_VARCHAR}, {"pktable_schem", ENG_T_VARCHAR},
    {"pktable_name", ENG_T_VARCHAR}, {"pkcolumn_name", ENG_T_VARCHAR},
    {"fktable_cat", ENG_T_VARCHAR}, {"fktable_schem", ENG_T_VARCHAR},
    {"fktable_name", ENG_T_VARCHAR}, {"fkcolumn_name", ENG_T_VARCHAR},
    {"key_seq", ENG_T_SMALLINT}, {"update_rule", ENG_T_SMALLINT},
    {"delete_rule", ENG_T_SMALLINT}, {"fk_name", ENG_T_VARCHAR},
    {"pk_name", ENG_T_VARCHAR}, {"deferrability", ENG_T_SMALLINT}};
static const sys_col meta_table_comments_cols[] = {
    {"catalog_name", ENG_T_VARCHAR}, {"schema_name", ENG_T_VARCHAR},
    {"table_name", ENG_T_VARCHAR}, {"comment", ENG_T_VARCHAR}};
static const sys_col is_schemata_cols[] = {
    {"catalog_name", ENG_T_VARCHAR}, {"schema_name", ENG_T_VARCHAR}};
static const sys_col is_tables_cols[] = {
    {"table_catalog", ENG_T_VARCHAR}, {"table_schema", ENG_T_VARCHAR},
    {"table_name", ENG_T_VARCHAR}, {"table_type", ENG_T_VARCHAR},
    {"table_comment", ENG_T_VARCHAR}};
static const sys_col is_columns_cols[] = {
    {"table_catalog", ENG_T_VARCHAR}, {"table_schema", ENG_T_VARCHAR},
    {"table_name", ENG_T_VARCHAR}, {"column_name", ENG_T_VARCHAR},
    {"ordinal_position", ENG_T_BIGINT}, {"column_default", ENG_T_VARCHAR},
    {"is_nullable", ENG_T_VARCHAR}, {"data_type", ENG_T_VARCHAR},
    {"comment", ENG_T_VARCHAR}, {"extra_info", ENG_T_VARCHAR}};
static const sys_col is_views_cols[] = {
    {"table_catalog", ENG_T_VARCHAR}, {"table_schema", ENG_T_VARCHAR},
    {"table_name", ENG_T_VARCHAR}, {"view_definition", ENG_T_VARCHAR}};

typedef struct sys_table_info {
    const char *schema;
    const char *name;
    sys_table id;
    const sys_col *cols;
    int ncols;
} sys_table_info;

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))
static const sys_table_info sys_tables[] = {
    {"jdbc", "catalogs", ST_JDBC_CATALOGS, jdbc_catalogs_cols, N(jdbc_catalogs_cols)},
    {"jdbc", "columns", ST_JDBC_COLUMNS, jdbc_columns_cols, N(jdbc_columns_cols)},
    {"jdbc", "foreign_keys", ST_JDBC_FOREIGN_KEYS, jdbc_foreign_keys_cols,
     N(jdbc_foreign_keys_cols)},
    {"jdbc", "index_info", ST_JDBC_INDEX_INFO, jdbc_index_info_cols,
     N(jdbc_index_info_cols)},
    {"jdbc", "primary_keys", ST_JDBC_PRIMARY_KEYS, jdbc_primary_keys_cols,
     N(jdbc_primary_keys_cols)},
    {"jdbc", "schemas", ST_JDBC_SCHEMAS, jdbc_schemas_cols, N(jdbc_schemas_cols)},
    {"jdbc", "table_types", ST_JDBC_TABLE_TYPES, jdbc_table_types_cols, N(jdbc_table_types_cols)},
    {"jdbc", "tables", ST_JDBC_TABLES, jdbc_tables_cols, N(jdbc_tables_cols)},
    {"jdbc", "types", ST_JDBC_TYPES, jdbc_types_cols, N(jdbc_types_cols)},
    {"metadata", "catalogs", ST_META_CATALOGS, meta_catalogs_cols, N(meta_catalogs_cols)},
    {"metadata", "table_comments", ST_META_TABLE_COMMENTS, meta_table_comments_cols,
     N(meta_table_comments_cols)},
};

/* information_schema's tables, in name order (sess_info_schema_table). */
static const sys_table_info is_tables[] = {
    {INFO_SCHEMA, "columns", ST_IS_COLUMNS, is_columns_cols, N(is_columns_cols)},
    {INFO_SCHEMA, "schemata", ST_IS_SCHEMATA, is_schemata_cols, N(is_schemata_cols)},
    {INFO_SCHEMA, "tables", ST_IS_TABLES, is_tables_cols, N(is_tables_cols)},
    {INFO_SCHEMA, "views", ST_IS_VIEWS, is_views_cols, N(is_views_cols)},
};

/* Finds a system table by schema and name; NULL if none. */
static const sys_table_info *find_table(const char *schema, const char *name)
{
    for (int i = 0; i < N(sys_tables); i++)
        if (!strcmp(sys_tables[i].schema, schema) && !strcmp(sys_tables[i].name, name))
            return &sys_tables[i];
    if (!strcmp(schema, INFO_SCHEMA))
        for (int i = 0; i < N(is_tables); i++)
            if (!strcmp(is_tables[i].name, name))
                return &is_tables[i];
    return NULL;
}

static eng_rc sys_open(const eng_catalog_cfg *cfg, void **state, eng_error *err)
{
    (void)cfg;
    (void)state;
    /* The session sets the state itself; reaching here is a wiring bug. */
    return eng_err_set(err, ENG_ERR_INTERNAL, 0, "system catalog opened without a session");
}

static void sys_close(void *state) { (void)state; }

static eng_rc sys_list_schemas(void *state, eng_arena *a, char ***names, int *n,
                               eng_error *err)
{
    (void)state;
    *names = eng_arena_alloc(a, 2 * sizeof(char *));
    if (!*names)
        return eng_err_oom(err);
    (*names)[0] = "jdbc";
    (*names)[1] = "metadata";
    *n = 2;
    return ENG_OK;
}

static eng_rc sys_list_tables(void *state, const char *schema, eng_arena *a,
                              char ***names, int *n, eng_error *err)
{
    (void)state;
    *n = 0;
    *names = eng_arena_alloc(a, N(sys_tables) * sizeof(char *));
    if (!*names)
        return eng_err_oom(err);
    for (int i = 0; i < N(sys_tables); i++)
        if (!strcmp(sys_tables[i].schema, schema))
            (*names)[(*n)++] = (char *)sys_tables[i].name;
    return ENG_OK;
}

/* The definition of system table t, named catalog.t->schema.t->name, in
 * arena a. */
static eng_rc describe(const sys_table_info *t, const char *catalog,
                       eng_arena *a, eng_table_def **out, eng_error *err)
{
    eng_table_def *d = eng_arena_calloc(a, sizeof *d);
    if (!d || !(d->cols = eng_arena_calloc(a, sizeof(eng_column_def) * (size_t)t->ncols)))
        return eng_err_oom(err);
    d->catalog = (char *)catalog;
    d->schema = (char *)t->schema;
    d->name = (char *)t->name;
    d->ncols = t->ncols;
    for (int i = 0; i < t->ncols; i++) {
        d->cols[i].name = (char *)t->cols[i].name;
        d->cols[i].type = t->cols[i].type == ENG_T_VARCHAR ? eng_type_varchar(0)
                                                            : eng_type_make(t->cols[i].type);
        d->cols[i].nullable = true;
        d->cols[i].remote_type_name = "";
    }
    *out = d;
    return ENG_OK;
}

static eng_rc sys_get_table(void *state, const char *schema, const char *table,
                            eng_arena *a, eng_table_def **out, eng_error *err)
{
    (void)state;
    const sys_table_info *t = find_table(schema, table);
    if (!t)
        return ENG_NOT_FOUND;
    return describe(t, "system", a, out, err);
}

eng_rc sess_info_schema_table(eng_conn *c, eng_catalog *cat,
                              const char *table, eng_arena *a,
                              eng_table_def **out, eng_catalog **scan_cat,
                              eng_error *err)
{
    const sys_table_info *t = find_table(INFO_SCHEMA, table);
    eng_catalog *sys = sess_catalog_find(c, "system");
    if (!t || t->id < ST_IS_SCHEMATA)
        return ENG_NOT_FOUND;
    if (!sys)
        return eng_err_set(err, ENG_ERR_INTERNAL, 0, "no system catalog");
    *scan_cat = sys;
    return describe(t, cat->name, a, out, err);
}

/* ---------------------------------------------------------------- filters */

/*
 * Names of the columns whose equality filters also narrow the walk over
 * catalogs, schemas and tables (index 0 catalog, 1 schema, 2 table).
 */
static const struct { const char *name; int k; } filter_cols[] = {
    {"table_cat", 0}, {"table_catalog", 0}, {"catalog_name", 0},
    {"table_schem", 1}, {"table_schema", 1}, {"schema_name", 1},
    {"table_name", 2},
    /* foreign keys: the referencing side 0..2, the referenced one 3..5 */
    {"fktable_cat", 0}, {"fktable_schem", 1}, {"fktable_name", 2},
    {"pktable_cat", 3}, {"pktable_schem", 4}, {"pktable_name", 5}};

/*
 * Accepts `varchar column = 'constant'`. Every accepted filter is applied
 * exactly to the materialized rows (filter_rows); those on the listing
 * columns above also keep the walk away from other catalogs' servers.
 */
static bool sys_shippable(void *state, const plan_expr *e)
{
    (void)state;
    if (e->kind != PX_OP || e->op != PO_EQ || e->nargs != 2)
        return false;
    const plan_expr *l = e->args[0], *r = e->args[1];
    if (l->kind == PX_CONST && r->kind == PX_COLREF) {
        const plan_expr *t = l;
        l = r;
        r = t;
    }
    return l->kind == PX_COLREF && r->kind == PX_CONST && !r->value.is_null &&
           r->value.type.id == ENG_T_VARCHAR;
}

/* The equality filters of a scan, by listing column; NULL = unrestricted. */
typedef struct sys_filter {
    char *val[6];
} sys_filter;

/* Collects accepted filters; a second, different value for the same column
 * makes the listing empty (set *empty). */
static eng_rc collect_filters(const eng_scan_spec *spec, eng_arena *a,
                              sys_filter *f, bool *empty, eng_error *err)
{
    memset(f, 0, sizeof *f);
    *empty = false;
    for (int i = 0; i < spec->nfilters; i++) {
        const plan_expr *e = spec->filters[i];
        const plan_expr *l = e->args[0], *r = e->args[1];
        if (l->kind == PX_CONST) {
            const plan_expr *t = l;
            l = r;
            r = t;
        }
        const char *cname = spec->table->cols[l->col].name;
        int k = -1;
        for (int j = 0; j < N(filter_cols); j++)
            if (!strcmp(cname, filter_cols[j].name))
                k = filter_cols[j].k;
        if (k < 0)
            continue;
        char *v = eng_arena_strndup(a, r->value.u.s.ptr, r->value.u.s.len);
        if (!v)
            return eng_err_oom(err);
        if (f->val[k] && strcmp(f->val[k], v))
            *empty = true;
        f->val[k] = v;
    }
    return ENG_OK;
}

/* ------------------------------------------------------------------ scans */

typedef struct sys_scan {
    eng_arena *arena;
    const eng_scan_spec *spec;
    const sys_table_info *t;
    int ncols_full;
    eng_value *rows;       /* nrows * ncols_full values */
    int nrows, cap;
    int next;
} sys_scan;

/* Appends an empty row (all NULL, typed) and returns it, or NULL on OOM. */
static eng_value *add_row(sys_scan *s)
{
    if (s->nrows == s->cap &&
        !eng_array_grow(s->arena, &s->rows, &s->cap, s->nrows + 1,
                        sizeof(eng_value) * (size_t)s->ncols_full))
        return NULL;
    eng_value *row = &s->rows[(size_t)s->nrows * (size_t)s->ncols_full];
    for (int i = 0; i < s->ncols_full; i++) {
        memset(&row[i], 0, sizeof row[i]);
        row[i].is_null = true;
        row[i].type = s->t->cols[i].type == ENG_T_VARCHAR ? eng_type_varchar(0)
                                                          : eng_type_make(s->t->cols[i].type);
    }
    s->nrows++;
    return row;
}

static void set_str(eng_value *v, const char *s)
{
    if (!s)
        return;
    v->is_null = false;
    v->u.s.ptr = s;
    v->u.s.len = (uint32_t)strlen(s);
}

static void set_int(eng_value *v, int64_t i)
{
    v->is_null = false;
    v->u.i = i;
}

/* Sets v to the integer i, or leaves it NULL for ENG_TI_NULL. */
static void set_int_or_null(eng_value *v, int i)
{
    if (i != ENG_TI_NULL)
        set_int(v, i);
}

/* Sets v to 1 or 0. */
static void set_bool(eng_value *v, bool b)
{
    set_int(v, b ? 1 : 0);
}

/*
 * Fills system.jdbc.types: one row per listed type of the type table
 * (types/typeinfo.h), at its widest.
 */
static eng_rc rows_types(sys_scan *s, const eng_conn *c, eng_error *err)
{
    eng_typeinfo ti;
    int unbounded = sess_unbounded_size(c);
    for (int i = 0; eng_typeinfo_row_sized(i, unbounded, &ti); i++) {
        eng_value *r = add_row(s);
        if (!r)
            return eng_err_oom(err);
        set_str(&r[0], ti.type_name);
        set_int(&r[1], ti.data_type);
        set_int_or_null(&r[2], ti.column_size);
        set_str(&r[3], ti.literal_prefix);
        set_str(&r[4], ti.literal_suffix);
        set_str(&r[5], ti.create_params);
        set_int(&r[6], ti.nullable);
        set_bool(&r[7], ti.case_sensitive);
        set_int(&r[8], ti.searchable);
        set_int_or_null(&r[9], ti.unsigned_attr);
        set_bool(&r[10], ti.fixed_prec_scale);
        set_int_or_null(&r[11], ti.auto_unique_value);
        set_str(&r[12], ti.local_type_name);
        set_int_or_null(&r[13], ti.minimum_scale);
        set_int_or_null(&r[14], ti.maximum_scale);
        set_int(&r[15], ti.sql_data_type);
        set_int_or_null(&r[16], ti.datetime_sub);
        set_int_or_null(&r[17], ti.num_prec_radix);
    }
    return ENG_OK;
}

/* True when the listing filter allows value v for filter column k. */
static bool allowed(const sys_filter *f, int k, const char *v)
{
    return !f->val[k] || !strcmp(f->val[k], v);
}

/* Adds the jdbc.primary_keys or jdbc.index_info rows of one table. */
static eng_rc rows_keys(sys_scan *s, eng_catalog *cat, const char *schema,
                        const char *table, eng_error *err)
{
    eng_table_keys k;
    eng_rc rc = sess_cat_get_keys(cat, schema, table, s->arena, &k, err);
    if (rc != ENG_OK)
        return rc;
    for (int i = 0; i < k.nindexes; i++) {
        const eng_index *x = &k.indexes[i];
        if (s->t->id == ST_JDBC_PRIMARY_KEYS && !x->primary)
            continue;
        for (int c = 0; c < x->ncols; c++) {
            eng_value *r = add_row(s);
            if (!r)
                return eng_err_oom(err);
            set_str(&r[0], cat->name);
            set_str(&r[1], schema);
            set_str(&r[2], table);
            if (s->t->id == ST_JDBC_PRIMARY_KEYS) {
                set_str(&r[3], x->cols[c]);
                set_int(&r[4], c + 1);
                set_str(&r[5], x->name);
                continue;
            }
            set_int(&r[3], x->unique ? 0 : 1);
            set_str(&r[4], cat->name);   /* qualifies the index name */
            set_str(&r[5], x->name);
            set_int(&r[6], x->hashed ? 2 : 3);   /* hashed / other */
            set_int(&r[7], c + 1);
            set_str(&r[8], x->cols[c]);
            set_str(&r[9], x->descending[c] ? "D" : "A");
            set_str(&r[12], x->filter);
        }
    }
    return ENG_OK;
}

/* JDBC's (and ODBC's) numbers of a foreign key's rule. */
static int rule_code(eng_fk_rule r)
{
    switch (r) {
    case ENG_FK_CASCADE: return 0;
    case ENG_FK_RESTRICT: return 1;
    case ENG_FK_SET_NULL: return 2;
    case ENG_FK_SET_DEFAULT: return 4;
    default: return 3;   /* no action */
    }
}

/* Fills jdbc.foreign_keys: one query per catalog the filters allow. */
static eng_rc rows_foreign_keys(sys_scan *s, eng_conn *c, const sys_filter *f,
                                eng_error *err)
{
    for (int ci = 0; ci < c->ncatalogs; ci++) {
        eng_catalog *cat = &c->catalogs[ci];
        eng_foreign_key *fks;
        int n;
        if (!allowed(f, 0, cat->name) || !allowed(f, 3, cat->name))
            continue;
        eng_rc rc = sess_cat_foreign_keys(cat, f->val[4], f->val[5], f->val[1],
                                          f->val[2], s->arena, &fks, &n, err);
        if (rc != ENG_OK)
            return rc;
        for (int i = 0; i < n; i++) {
            const eng_foreign_key *k = &fks[i];
            for (int j = 0; j < k->ncols; j++) {
                eng_value *r = add_row(s);
                if (!r)
                    return eng_err_oom(err);
                set_str(&r[0], cat->name);
                set_str(&r[1], k->ref_schema);
                set_str(&r[2], k->ref_table);
                set_str(&r[3], k->ref_cols[j]);
                set_str(&r[4], cat->name);
                set_str(&r[5], k->schema);
                set_str(&r[6], k->table);
                set_str(&r[7], k->cols[j]);
                set_int(&r[8], j + 1);
                set_int(&r[9], rule_code(k->on_update));
                set_int(&r[10], rule_code(k->on_delete));
                set_str(&r[11], k->name);
                set_str(&r[12], k->ref_key);
                /* initially deferred 5, initially immediate 6, not 7 */
                set_int(&r[13], !k->deferrable ? 7
                                : k->initially_deferred ? 5 : 6);
            }
        }
    }
    return ENG_OK;
}

/* qsort/bsearch comparator over char * */
static int cmp_name(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Index of name in the sorted views[0..n-1], or -1. */
static int view_index(char **views, int n, const char *name)
{
    char **hit;
    if (n == 0)
        return -1;
    hit = bsearch(&name, views, (size_t)n, sizeof *views, cmp_name);
    return hit ? (int)(hit - views) : -1;
}

/* Trino's spelling of a column's type (arena copy), or its remote type
 * name when the engine cannot read it; NULL on OOM. */
static const char *type_text(sys_scan *s, const eng_column_def *col)
{
    char buf[64];
    if (col->type.id == ENG_T_UNKNOWN && col->remote_type_name &&
        *col->remote_type_name)
        return col->remote_type_name;
    return eng_arena_strdup(s->arena, eng_type_name(col->type, buf, sizeof buf));
}

/* Adds one information_schema.columns row per column of def. */
static eng_rc rows_is_columns(sys_scan *s, const char *cat, const char *schema,
                              const char *table, const eng_table_def *def,
                              eng_error *err)
{
    for (int k = 0; k < def->ncols; k++) {
        const eng_column_def *col = &def->cols[k];
        eng_value *r = add_row(s);
        const char *ty = type_text(s, col);
        if (!r || !ty)
            return eng_err_oom(err);
        set_str(&r[0], cat);
        set_str(&r[1], schema);
        set_str(&r[2], table);
        set_str(&r[3], col->name);
        set_int(&r[4], k + 1);
        set_str(&r[6], col->nullable ? "YES" : "NO");
        set_str(&r[7], ty);
    }
    return ENG_OK;
}

/* Adds a catalog's rows about information_schema itself (Trino lists it
 * like any schema). */
static eng_rc rows_info_schema_self(sys_scan *s, const char *cat,
                                    const sys_filter *f, eng_error *err)
{
    sys_table id = s->t->id;
    if (!allowed(f, 1, INFO_SCHEMA) || id == ST_IS_VIEWS)
        return ENG_OK;
    if (id == ST_IS_SCHEMATA) {
        eng_value *r = add_row(s);
        if (!r)
            return eng_err_oom(err);
        set_str(&r[0], cat);
        set_str(&r[1], INFO_SCHEMA);
        return ENG_OK;
    }
    for (int i = 0; i < N(is_tables); i++) {
        const sys_table_info *t = &is_tables[i];
        eng_table_def *def;
        eng_rc rc;
        if (!allowed(f, 2, t->name))
            continue;
        if (id == ST_IS_TABLES) {
            eng_value *r = add_row(s);
            if (!r)
                return eng_err_oom(err);
            set_str(&r[0], cat);
            set_str(&r[1], INFO_SCHEMA);
            set_str(&r[2], t->name);
            set_str(&r[3], "BASE TABLE");
            continue;
        }
        if ((rc = describe(t, cat, s->arena, &def, err)) ||
            (rc = rows_is_columns(s, cat, INFO_SCHEMA, t->name, def, err)))
            return rc;
    }
    return ENG_OK;
}

/*
 * Fills jdbc.schemas / jdbc.tables / jdbc.columns, metadata.table_comments
 * and information_schema.* by walking the catalogs the filters allow (for
 * information_schema, the one catalog it belongs to); only those
 * catalogs' servers are contacted.
 */
static eng_rc rows_walk(sys_scan *s, eng_conn *c, const sys_filter *f,
                        eng_error *err)
{
    sys_table id = s->t->id;
    bool is = id >= ST_IS_SCHEMATA;
    const char *only = is ? s->spec->table->catalog : NULL;
    for (int ci = 0; ci < c->ncatalogs; ci++) {
        eng_catalog *cat = &c->catalogs[ci];
        char **schemas;
        int nschemas;
        eng_rc rc;

        if (!allowed(f, 0, cat->name) || (only && strcmp(only, cat->name)))
            continue;
        rc = sess_cat_list_schemas(cat, s->arena, &schemas, &nschemas, err);
        if (rc != ENG_OK)
            return rc;
        for (int si = 0; si < nschemas; si++) {
            char **tables, **views = NULL, **defs = NULL;
            int ntables, nviews = 0;
            if (!allowed(f, 1, schemas[si]))
                continue;
            if (id == ST_JDBC_SCHEMAS || id == ST_IS_SCHEMATA) {
                eng_value *r = add_row(s);
                if (!r)
                    return eng_err_oom(err);
                set_str(&r[id == ST_JDBC_SCHEMAS ? 0 : 1], schemas[si]);
                set_str(&r[id == ST_JDBC_SCHEMAS ? 1 : 0], cat->name);
                continue;
            }
            if (id == ST_IS_TABLES || id == ST_IS_VIEWS ||
                id == ST_JDBC_TABLES) {
                rc = sess_cat_list_views(cat, schemas[si], s->arena, &views,
                                         &defs, &nviews, err);
                if (rc != ENG_OK)
                    return rc;
            }
            if (id == ST_IS_VIEWS) {
                for (int vi = 0; vi < nviews; vi++) {
                    eng_value *r;
                    if (!allowed(f, 2, views[vi]))
                        continue;
                    if (!(r = add_row(s)))
                        return eng_err_oom(err);
                    set_str(&r[0], cat->name);
                    set_str(&r[1], schemas[si]);
                    set_str(&r[2], views[vi]);
                    set_str(&r[3], defs[vi]);
                }
                continue;
            }
            rc = sess_cat_list_tables(cat, schemas[si], s->arena, &tables, &ntables, err);
            if (rc != ENG_OK)
                return rc;
            for (int ti = 0; ti < ntables; ti++) {
                /* TABLE_TYPE: the views are VIEW */
                bool is_view = view_index(views, nviews, tables[ti]) >= 0;
                if (!allowed(f, 2, tables[ti]))
                    continue;
                if (s->t->id == ST_JDBC_PRIMARY_KEYS ||
                    s->t->id == ST_JDBC_INDEX_INFO) {
                    rc = rows_keys(s, cat, schemas[si], tables[ti], err);
                    if (rc != ENG_OK)
                        return rc;
                    continue;
                }
                if (id == ST_JDBC_TABLES || id == ST_IS_TABLES ||
                    id == ST_META_TABLE_COMMENTS) {
                    eng_value *r = add_row(s);
                    if (!r)
                        return eng_err_oom(err);
                    set_str(&r[0], cat->name);
                    set_str(&r[1], schemas[si]);
                    set_str(&r[2], tables[ti]);
                    if (id == ST_JDBC_TABLES)
                        set_str(&r[3], is_view ? "VIEW" : "TABLE");
                    else if (id == ST_IS_TABLES)
                        set_str(&r[3], is_view ? "VIEW" : "BASE TABLE");
                    continue;
                }
                eng_table_def *def;
                rc = sess_cat_get_table(cat, schemas[si], tables[ti], s->arena, &def, err);
                if (rc == ENG_NOT_FOUND)
                    continue;   /* dropped between listing and describing */
                if (rc != ENG_OK)
                    return rc;
                if (id == ST_IS_COLUMNS) {
                    rc = rows_is_columns(s, cat->name, schemas[si], tables[ti], def, err);
                    if (rc != ENG_OK)
                        return rc;
                    continue;
                }
                for (int k = 0; k < def->ncols; k++) {
                    const eng_column_def *col = &def->cols[k];
                    eng_typeinfo ty;
                    eng_value *r = add_row(s);
                    if (!r)
                        return eng_err_oom(err);
                    eng_typeinfo_sized(col->type, sess_unbounded_size(c), &ty);
                    set_str(&r[0], cat->name);
                    set_str(&r[1], schemas[si]);
                    set_str(&r[2], tables[ti]);
                    set_str(&r[3], col->name);
                    set_int(&r[4], ty.data_type);
                    /* The base name of a system.jdbc.types row (the sizes
                     * are in the next columns); a remote column the
                     * engine cannot read keeps its remote name. */
                    if (col->type.id == ENG_T_UNKNOWN && col->remote_type_name &&
                        *col->remote_type_name)
                        set_str(&r[5], col->remote_type_name);
                    else
                        set_str(&r[5], ty.type_name);
                    set_int_or_null(&r[6], ty.column_size);
                    set_int_or_null(&r[7], ty.octet_length);
                    set_int_or_null(&r[8], ty.decimal_digits);
                    set_int_or_null(&r[9], ty.num_prec_radix);
                    set_int(&r[10], col->nullable ? 1 : 0);
                    set_int(&r[13], ty.sql_data_type);
                    set_int_or_null(&r[14], ty.datetime_sub);
                    set_int_or_null(&r[15], ty.char_octet_length);
                    set_int(&r[16], k + 1);
                    set_str(&r[17], col->nullable ? "YES" : "NO");
                }
            }
        }
        if (is && (rc = rows_info_schema_self(s, cat->name, f, err)) != ENG_OK)
            return rc;
    }
    return ENG_OK;
}

/*
 * Drops the materialized rows that fail any accepted `col = 'const'`
 * filter, so that the result is exact whatever the filter's column.
 */
static void filter_rows(sys_scan *s)
{
    int keep = 0;
    for (int r = 0; r < s->nrows; r++) {
        const eng_value *row = &s->rows[(size_t)r * (size_t)s->ncols_full];
        bool ok = true;
        for (int i = 0; i < s->spec->nfilters && ok; i++) {
            const plan_expr *e = s->spec->filters[i];
            const plan_expr *l = e->args[0], *c = e->args[1];
            if (l->kind == PX_CONST) {
                const plan_expr *t = l;
                l = c;
                c = t;
            }
            const eng_value *v = &row[l->col];
            ok = !v->is_null && v->u.s.len == c->value.u.s.len &&
                 !memcmp(v->u.s.ptr, c->value.u.s.ptr, v->u.s.len);
        }
        if (ok) {
            if (keep != r)
                memmove(&s->rows[(size_t)keep * (size_t)s->ncols_full], row,
                        sizeof(eng_value) * (size_t)s->ncols_full);
            keep++;
        }
    }
    s->nrows = keep;
}

static eng_rc sys_scan_begin(void *state, const eng_scan_spec *spec,
                             void **out, eng_error *err)
{
    eng_conn *c = state;
    sys_filter f;
    bool empty;
    eng_rc rc = ENG_OK;
    sys_scan *s;
    eng_arena *a = eng_arena_create();

    *out = NULL;
    if (!a)
        return eng_err_oom(err);
    s = eng_arena_calloc(a, sizeof *s);
    if (!s) {
        eng_arena_destroy(a);
        return eng_err_oom(err);
    }
    s->arena = a;
    s->spec = spec;
    s->t = find_table(spec->table->schema, spec->table->name);
    if (!s->t) {
        eng_arena_destroy(a);
        return eng_err_set(err, ENG_ERR_UNDEFINED_TABLE, 0, "Table 'system.%s.%s' does not exist",
                           spec->table->schema, spec->table->name);
    }
    s->ncols_full = s->t->ncols;
    rc = collect_filters(spec, a, &f, &empty, err);
    if (rc == ENG_OK && !empty) {
        switch (s->t->id) {
        case ST_META_CATALOGS:
        case ST_JDBC_CATALOGS:
            for (int i = 0; i < c->ncatalogs && rc == ENG_OK; i++) {
                if (!allowed(&f, 0, c->catalogs[i].name))
                    continue;
                eng_value *r = add_row(s);
                if (!r) {
                    rc = eng_err_oom(err);
                    break;
                }
                set_str(&r[0], c->catalogs[i].name);
                if (s->t->id == ST_META_CATALOGS) {
                    set_str(&r[1], c->catalogs[i].name);
                    set_str(&r[2], c->catalogs[i].cfg.connector);
                }
            }
            break;
        case ST_JDBC_TABLE_TYPES: {
            eng_value *r = add_row(s);
            eng_value *v = r ? add_row(s) : NULL;
            if (!v) {
                rc = eng_err_oom(err);
            } else {
                r = &s->rows[0];   /* add_row may have moved the rows */
                set_str(&r[0], "TABLE");
                set_str(&s->rows[s->ncols_full], "VIEW");
            }
            break;
        }
        case ST_JDBC_TYPES:
            rc = rows_types(s, c, err);
            break;
        case ST_JDBC_SCHEMAS:
        case ST_JDBC_TABLES:
        case ST_JDBC_COLUMNS:
        case ST_JDBC_PRIMARY_KEYS:
        case ST_JDBC_INDEX_INFO:
        case ST_META_TABLE_COMMENTS:
        case ST_IS_SCHEMATA:
        case ST_IS_TABLES:
        case ST_IS_COLUMNS:
        case ST_IS_VIEWS:
            rc = rows_walk(s, c, &f, err);
            break;
        case ST_JDBC_FOREIGN_KEYS:
            rc = rows_foreign_keys(s, c, &f, err);
            break;
        }
    }
    if (rc != ENG_OK) {
        eng_arena_destroy(a);
        return rc;
    }
    filter_rows(s);
    *out = s;
    return ENG_OK;
}

static eng_rc sys_scan_next(void *scan, eng_batch *out, eng_error *err)
{
    sys_scan *s = scan;
    int n = 0;
    while (s->next < s->nrows && n < out->capacity) {
        const eng_value *row = &s->rows[(size_t)s->next * (size_t)s->ncols_full];
        for (int i = 0; i < s->spec->ncols; i++) {
            eng_rc rc = eng_batch_set(out, i, n, &row[s->spec->cols[i]], err);
            if (rc != ENG_OK)
                return rc;
        }
        n++;
        s->next++;
    }
    out->nrows = n;
    return ENG_OK;
}

static void sys_scan_end(void *scan)
{
    if (scan)
        eng_arena_destroy(((sys_scan *)scan)->arena);
}

static void sys_scan_cancel(void *scan) { (void)scan; }

const eng_connector_ops eng_system_connector = {
    .name = "system",
    .open = sys_open,
    .close = sys_close,
    .list_schemas = sys_list_schemas,
    .list_tables = sys_list_tables,
    .get_table = sys_get_table,
    .shippable = sys_shippable,
    .deparse = NULL,
    .scan_begin = sys_scan_begin,
    .scan_next = sys_scan_next,
    .scan_end = sys_scan_end,
    .scan_cancel = sys_scan_cancel,
};
