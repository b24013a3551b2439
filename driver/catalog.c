/*
 * driver/catalog.c
 *   ODBC catalog functions as engine queries over the `system.jdbc`
 *   schema: SQLTables, SQLColumns, SQLGetTypeInfo, SQLPrimaryKeys,
 *   SQLForeignKeys, SQLStatistics and SQLSpecialColumns (keys and
 *   indexes as each catalog's database has them), and empty result sets
 *   with the right ODBC layout for SQLProcedures, SQLProcedureColumns,
 *   SQLTablePrivileges and SQLColumnPrivileges (there are no procedures,
 *   and no privileges are kept).
 * Interface: cat_tables, cat_columns, cat_type_info, cat_empty,
 *   cat_primary_keys, cat_foreign_keys, cat_statistics,
 *   cat_special_columns.
 * Not here: executing and fetching (exec.c, fetch.c): a catalog function
 *   prepares and executes its query on the application's statement, which
 *   then reads like any other result.
 *
 * Arguments become LIKE patterns with ESCAPE '\' (ODBC's search-pattern
 * escape) or, with SQL_ATTR_METADATA_ID on, exact identifiers (unquoted
 * ones compared in lower case). Literals are quoted with '' doubling.
 * A NULL or empty argument does not filter. Result columns carry the
 * ODBC names (TABLE_CAT, TABLE_SCHEM, ...) and the order ODBC requires.
 * Their character columns are declared varchar(128), the identifier
 * length SQLGetInfo states (SQL_MAX_*_NAME_LEN), not unbounded: tools
 * size their display and buffers from it (isql's `help` lines).
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "driver.h"

/* Byte length of a catalog argument; -1 for NULL. */
static long arg_len(cat_arg a)
{
    if (!a.s)
        return -1;
    return a.len == SQL_NTS || a.len < 0 ? (long)strlen(a.s) : (long)a.len;
}

/* True if the argument is exactly the string v. */
static bool arg_is(cat_arg a, const char *v)
{
    long n = arg_len(a);
    return n == (long)strlen(v) && memcmp(a.s, v, (size_t)n) == 0;
}

/* True if the argument is NULL or empty. */
static bool arg_empty(cat_arg a)
{
    return arg_len(a) <= 0;
}

/*
 * Appends " AND col LIKE 'pattern' ESCAPE '\'" (pattern = true) or an
 * identifier comparison (metadata id) or an exact match; nothing for a
 * NULL/empty argument or the pattern "%".
 */
static void add_cond(eng_strbuf *b, const char *col, cat_arg a, bool pattern,
                    bool metadata_id)
{
    long n = arg_len(a);
    if (n <= 0)
        return;
    eng_sb_puts(b, " AND ");
    if (metadata_id) {
        if (n >= 2 && a.s[0] == '"' && a.s[n - 1] == '"') {
            eng_sb_puts(b, col);
            eng_sb_puts(b, " = ");
            eng_sb_quoted(b, '\'', a.s + 1, (size_t)n - 2);
        } else {
            eng_sb_puts(b, "lower(");
            eng_sb_puts(b, col);
            eng_sb_puts(b, ") = lower(");
            eng_sb_quoted(b, '\'', a.s, (size_t)n);
            eng_sb_puts(b, ")");
        }
        return;
    }
    if (pattern) {
        if (n == 1 && a.s[0] == '%') {
            eng_sb_puts(b, "true");
            return;
        }
        eng_sb_puts(b, col);
        eng_sb_puts(b, " LIKE ");
        eng_sb_quoted(b, '\'', a.s, (size_t)n);
        eng_sb_puts(b, " ESCAPE '\\'");
    } else {
        eng_sb_puts(b, col);
        eng_sb_puts(b, " = ");
        eng_sb_quoted(b, '\'', a.s, (size_t)n);
    }
}

static bool cas(const drv_stmt *s);

/*
 * The conditions of a catalog and a schema argument over columns catc
 * and schc (see add_cond). Under CatalogsAsSchemas the catalog argument
 * is not used and the schema argument names "catalog.schema": an exact
 * one with a dot becomes two equalities (so that only that catalog is
 * read), a pattern is matched against the joined name.
 */
static void cond_cs(eng_strbuf *b, const drv_stmt *s, const char *catc,
                    const char *schc, cat_arg cat, cat_arg sch,
                    bool cat_pattern, bool sch_pattern, bool mid)
{
    if (!cas(s)) {
        add_cond(b, catc, cat, cat_pattern, mid);
        add_cond(b, schc, sch, sch_pattern, mid);
        return;
    }
    long n = arg_len(sch);
    const char *dot = n > 0 ? memchr(sch.s, '.', (size_t)n) : NULL;
    if (dot && !sch_pattern && !mid) {
        add_cond(b, catc, (cat_arg){sch.s, (SQLSMALLINT)(dot - sch.s)}, false,
                 false);
        add_cond(b, schc, (cat_arg){dot + 1,
                                    (SQLSMALLINT)(n - (dot + 1 - sch.s))},
                 false, false);
        return;
    }
    char joined[300];
    snprintf(joined, sizeof joined, "(%s || '.' || %s)", catc, schc);
    add_cond(b, joined, sch, sch_pattern, mid);
}

/* Prepares and executes the built query on s; frees b. */
static SQLRETURN run(drv_stmt *s, eng_strbuf *b)
{
    if (b->oom) {
        eng_sb_free(b);
        return diag_oom(&s->diag);
    }
    trace_log("catalog query: %s", eng_sb_text(b));
    SQLRETURN rc = stmt_exec_direct(s, eng_sb_text(b), (SQLLEN)b->len);
    eng_sb_free(b);
    return rc;
}

/* 24000 when a cursor is open (catalog functions need a free statement). */
static bool no_cursor(drv_stmt *s)
{
    if (s->state != ST_CURSOR)
        return true;
    diag_pushf(&s->diag, "24000", "invalid cursor state: close the cursor "
               "before calling a catalog function");
    return false;
}

#define NULLV "CAST(NULL AS varchar(128))"
/* A character column of a catalog result: an identifier's width. */
#define ID(expr, name) "CAST(" expr " AS varchar(128)) AS \"" name "\""

/* True when the connection shows catalog.schema as one schema name
 * (CatalogsAsSchemas): catalog columns are NULL, schema columns read
 * "catalog.schema", and the schema argument is matched against that. */
static bool cas(const drv_stmt *s)
{
    return s->dbc->catalogs_as_schemas;
}

/*
 * Appends the catalog and schema columns (named cname, sname) over the
 * columns catc and schc: as they are, or under CatalogsAsSchemas NULL and
 * "catc.schc" (257 characters: two identifiers and the dot).
 */
static void sel_cs(eng_strbuf *b, const drv_stmt *s, const char *catc,
                   const char *schc, const char *cname, const char *sname)
{
    char buf[512];
    if (cas(s))
        snprintf(buf, sizeof buf, "CAST(NULL AS varchar(128)) AS \"%s\", "
                 "CAST(%s || '.' || %s AS varchar(257)) AS \"%s\"", cname,
                 catc, schc, sname);
    else
        snprintf(buf, sizeof buf, "CAST(%s AS varchar(128)) AS \"%s\", "
                 "CAST(%s AS varchar(128)) AS \"%s\"", catc, cname, schc,
                 sname);
    eng_sb_puts(b, buf);
}

/*
 * Appends the DATA_TYPE expression over column `col`: the ODBC 3
 * code as system.jdbc has it, or for an ODBC 2 application the ODBC 2
 * code of every type whose code differs (SQL_DATE for dates), as the
 * engine's type table lists them; SQLDescribeCol reports the same.
 */
static void sb_data_type(eng_strbuf *b, drv_stmt *s, const char *col)
{
    eng_typeinfo ti;
    bool any = false;
    char buf[64];
    if (stmt_odbc_ver(s) == SQL_OV_ODBC2) {
        for (int i = 0; eng_typeinfo_row(i, &ti); i++) {
            if (ti.data_type_odbc2 == ti.data_type)
                continue;
            eng_sb_puts(b, any ? " " : "CASE");
            snprintf(buf, sizeof buf, " WHEN %s = %d THEN %d", col,
                     ti.data_type, ti.data_type_odbc2);
            eng_sb_puts(b, buf);
            any = true;
        }
    }
    eng_sb_puts(b, any ? " ELSE " : "");
    eng_sb_puts(b, col);
    eng_sb_puts(b, any ? " END" : "");
}

/*
 * Appends size column `col` of system.jdbc.columns with the size a
 * catalog reports for unbounded text and bytes (2147483647, Trino's
 * VarcharType.UNBOUNDED_LENGTH, as a Trino server answers in Trino mode)
 * read as the connection's declared size (eng_unbounded_size, the
 * UnboundedVarcharSize key), so that SQLColumns agrees with
 * SQLDescribeCol whichever engine answers. `per_char` is the octets of a
 * varchar character in that column (4 for CHAR_OCTET_LENGTH, else 1).
 * The embedded engine's system.jdbc already declares the size (the case
 * never applies there).
 */
static void sb_sized(eng_strbuf *b, const drv_stmt *s, const char *col,
                     int per_char)
{
    char buf[320];
    long long n = eng_unbounded_size(s->dbc->conn);
    long long chars = n * per_char > 2147483647LL ? 2147483647LL
                                                  : n * per_char;
    snprintf(buf, sizeof buf, "CASE WHEN %s = 2147483647 AND data_type = %d "
             "THEN %lld WHEN %s = 2147483647 AND data_type = %d THEN %lld "
             "ELSE %s END", col, (int)SQL_VARCHAR, chars, col,
             (int)SQL_VARBINARY, n, col);
    eng_sb_puts(b, buf);
}

/*
 * SQLTables, with ODBC's special cases: catalog "%" alone lists the
 * catalogs, schema "%" alone lists the schemas, table type "%" alone
 * lists the table types. Table types are a comma list, quoted or not.
 * Order: TABLE_TYPE, TABLE_CAT, TABLE_SCHEM, TABLE_NAME.
 */
SQLRETURN cat_tables(drv_stmt *s, cat_arg cat, cat_arg sch, cat_arg tab,
                     cat_arg types)
{
    if (!no_cursor(s))
        return SQL_ERROR;
    eng_strbuf b = {0};      /* on the heap; run() frees it */
    bool mid = s->metadata_id == SQL_TRUE;
    if (arg_is(cat, SQL_ALL_CATALOGS) && arg_empty(sch) && arg_empty(tab)) {
        eng_sb_puts(&b, "SELECT " ID("table_cat", "TABLE_CAT") ", " NULLV
               " AS \"TABLE_SCHEM\", " NULLV " AS \"TABLE_NAME\", " NULLV
               " AS \"TABLE_TYPE\", " NULLV " AS \"REMARKS\" "
               "FROM system.jdbc.catalogs");
        /* CatalogsAsSchemas: there are no catalogs to list */
        eng_sb_puts(&b, cas(s) ? " WHERE false" : " ORDER BY table_cat");
        return run(s, &b);
    }
    if (arg_is(sch, SQL_ALL_SCHEMAS) && arg_empty(cat) && arg_empty(tab)) {
        eng_sb_puts(&b, "SELECT ");
        sel_cs(&b, s, "table_catalog", "table_schem", "TABLE_CAT",
               "TABLE_SCHEM");
        eng_sb_puts(&b, ", " NULLV " AS \"TABLE_NAME\", " NULLV
               " AS \"TABLE_TYPE\", " NULLV " AS \"REMARKS\" "
               "FROM system.jdbc.schemas ORDER BY table_catalog, "
               "table_schem");
        return run(s, &b);
    }
    if (arg_is(types, SQL_ALL_TABLE_TYPES) && arg_empty(cat) &&
        arg_empty(sch) && arg_empty(tab)) {
        eng_sb_puts(&b, "SELECT " NULLV " AS \"TABLE_CAT\", " NULLV
               " AS \"TABLE_SCHEM\", " NULLV " AS \"TABLE_NAME\", "
               ID("table_type", "TABLE_TYPE") ", " NULLV " AS \"REMARKS\" "
               "FROM system.jdbc.table_types ORDER BY table_type");
        return run(s, &b);
    }
    eng_sb_puts(&b, "SELECT ");
    sel_cs(&b, s, "table_cat", "table_schem", "TABLE_CAT", "TABLE_SCHEM");
    eng_sb_puts(&b, ", " ID("table_name", "TABLE_NAME")
           ", " ID("table_type", "TABLE_TYPE") ", " ID("remarks", "REMARKS")
           " FROM system.jdbc.tables WHERE true");
    cond_cs(&b, s, "table_cat", "table_schem", cat, sch, true, true, mid);
    add_cond(&b, "table_name", tab, true, mid);
    long tn = arg_len(types);
    if (tn > 0 && !arg_is(types, SQL_ALL_TABLE_TYPES)) {
        eng_sb_puts(&b, " AND table_type IN (");
        bool first = true;
        const char *p = types.s, *end = types.s + tn;
        while (p < end) {
            const char *q = p;
            while (q < end && *q != ',')
                q++;
            const char *a = p, *z = q;
            while (a < z && (isspace((unsigned char)*a) || *a == '\''))
                a++;
            while (z > a && (isspace((unsigned char)z[-1]) || z[-1] == '\''))
                z--;
            if (z > a) {
                char up[64];
                size_t n = (size_t)(z - a) < sizeof up - 1 ? (size_t)(z - a)
                                                           : sizeof up - 1;
                for (size_t i = 0; i < n; i++)
                    up[i] = (char)toupper((unsigned char)a[i]);
                if (!first)
                    eng_sb_puts(&b, ", ");
                eng_sb_quoted(&b, '\'', up, n);
                first = false;
            }
            p = q < end ? q + 1 : end;
        }
        if (first)
            eng_sb_puts(&b, "''");
        eng_sb_puts(&b, ")");
    }
    eng_sb_puts(&b, " ORDER BY table_type, table_cat, table_schem, table_name");
    return run(s, &b);
}

/*
 * SQLColumns: the 18 ODBC columns from system.jdbc.columns, ordered by
 * TABLE_CAT, TABLE_SCHEM, TABLE_NAME, ORDINAL_POSITION. The catalog name
 * is an ordinary argument (exact), the others are patterns.
 */
SQLRETURN cat_columns(drv_stmt *s, cat_arg cat, cat_arg sch, cat_arg tab,
                      cat_arg col)
{
    if (!no_cursor(s))
        return SQL_ERROR;
    eng_strbuf b = {0};      /* on the heap; run() frees it */
    bool mid = s->metadata_id == SQL_TRUE;
    eng_sb_puts(&b, "SELECT ");
    sel_cs(&b, s, "table_cat", "table_schem", "TABLE_CAT", "TABLE_SCHEM");
    eng_sb_puts(&b, ", " ID("table_name", "TABLE_NAME")
           ", " ID("column_name", "COLUMN_NAME") ", ");
    sb_data_type(&b, s, "data_type");
    eng_sb_puts(&b, " AS \"DATA_TYPE\", " ID("type_name", "TYPE_NAME") ", ");
    sb_sized(&b, s, "column_size", 1);
    eng_sb_puts(&b, " AS \"COLUMN_SIZE\", buffer_length AS "
           "\"BUFFER_LENGTH\", decimal_digits AS \"DECIMAL_DIGITS\", "
           "num_prec_radix AS \"NUM_PREC_RADIX\", nullable AS \"NULLABLE\", "
           ID("remarks", "REMARKS") ", " ID("column_def", "COLUMN_DEF") ", "
           "sql_data_type AS \"SQL_DATA_TYPE\", sql_datetime_sub AS "
           "\"SQL_DATETIME_SUB\", ");
    sb_sized(&b, s, "char_octet_length", 4);
    eng_sb_puts(&b, " AS \"CHAR_OCTET_LENGTH\", ordinal_position AS "
           "\"ORDINAL_POSITION\", "
           ID("is_nullable", "IS_NULLABLE") " FROM system.jdbc.columns "
           "WHERE true");
    cond_cs(&b, s, "table_cat", "table_schem", cat, sch, false, true, mid);
    add_cond(&b, "table_name", tab, true, mid);
    add_cond(&b, "column_name", col, true, mid);
    eng_sb_puts(&b, " ORDER BY table_cat, table_schem, table_name, "
           "ordinal_position");
    return run(s, &b);
}

/* Appends the integer i as SQL, or a typed NULL for ENG_TI_NULL. */
static void sb_int_or_null(eng_strbuf *b, int i)
{
    char buf[32];
    if (i == ENG_TI_NULL) {
        eng_sb_puts(b, "CAST(NULL AS integer)");
        return;
    }
    snprintf(buf, sizeof buf, "%d", i);
    eng_sb_puts(b, buf);
}

/* Appends the string v as a varchar(128) literal, or a typed NULL. */
static void sb_str_or_null(eng_strbuf *b, const char *v)
{
    if (!v) {
        eng_sb_puts(b, NULLV);
        return;
    }
    eng_sb_puts(b, "CAST(");
    eng_sb_quoted(b, '\'', v, strlen(v));
    eng_sb_puts(b, " AS varchar(128))");
}

/*
 * SQLGetTypeInfo: the rows of the engine's type table as the connection
 * describes them (eng_describe_type_row: the same sizes as
 * SQLDescribeCol, UnboundedVarcharSize included), all (SQL_ALL_TYPES)
 * or of one SQL type (SQL_DATE of ODBC 2 reads as SQL_TYPE_DATE),
 * ordered by DATA_TYPE then TYPE_NAME (json after varchar, its closer
 * match). An ODBC 2 application sees ODBC 2 codes. The rows travel as a
 * VALUES list, so whichever engine answers (a Trino server in Trino
 * mode, whose system.jdbc.types lists its own JDBC codes) lists the
 * types the driver describes columns with; the embedded engine's
 * system.jdbc.types holds the same rows.
 */
SQLRETURN cat_type_info(drv_stmt *s, SQLSMALLINT type)
{
    if (!no_cursor(s))
        return SQL_ERROR;
    eng_strbuf b = {0};      /* on the heap; run() frees it */
    eng_typeinfo ti;
    eng_sb_puts(&b, "SELECT type_name AS \"TYPE_NAME\", ");
    sb_data_type(&b, s, "data_type");
    eng_sb_puts(&b, " AS \"DATA_TYPE\", column_size AS \"COLUMN_SIZE\", "
           "literal_prefix AS \"LITERAL_PREFIX\", literal_suffix AS "
           "\"LITERAL_SUFFIX\", create_params AS \"CREATE_PARAMS\", "
           "nullable AS \"NULLABLE\", case_sensitive AS \"CASE_SENSITIVE\", "
           "searchable AS \"SEARCHABLE\", unsigned_attribute AS "
           "\"UNSIGNED_ATTRIBUTE\", fixed_prec_scale AS \"FIXED_PREC_SCALE\", "
           "auto_unique_value AS \"AUTO_UNIQUE_VALUE\", local_type_name AS "
           "\"LOCAL_TYPE_NAME\", minimum_scale AS \"MINIMUM_SCALE\", "
           "maximum_scale AS \"MAXIMUM_SCALE\", sql_data_type AS "
           "\"SQL_DATA_TYPE\", sql_datetime_sub AS \"SQL_DATETIME_SUB\", "
           "num_prec_radix AS \"NUM_PREC_RADIX\", interval_precision AS "
           "\"INTERVAL_PRECISION\" FROM (VALUES ");
    for (int i = 0; eng_describe_type_row(s->dbc->conn, i, &ti); i++) {
        eng_sb_puts(&b, i ? ", (" : "(");
        sb_str_or_null(&b, ti.type_name);
        eng_sb_puts(&b, ", ");
        sb_int_or_null(&b, ti.data_type);
        eng_sb_puts(&b, ", ");
        sb_int_or_null(&b, ti.column_size);
        eng_sb_puts(&b, ", ");
        sb_str_or_null(&b, ti.literal_prefix);
        eng_sb_puts(&b, ", ");
        sb_str_or_null(&b, ti.literal_suffix);
        eng_sb_puts(&b, ", ");
        sb_str_or_null(&b, ti.create_params);
        const int ints[] = {ti.nullable, ti.case_sensitive ? 1 : 0,
                            ti.searchable, ti.unsigned_attr,
                            ti.fixed_prec_scale ? 1 : 0, ti.auto_unique_value};
        for (size_t k = 0; k < sizeof ints / sizeof ints[0]; k++) {
            eng_sb_puts(&b, ", ");
            sb_int_or_null(&b, ints[k]);
        }
        eng_sb_puts(&b, ", ");
        sb_str_or_null(&b, ti.local_type_name);
        const int tail[] = {ti.minimum_scale, ti.maximum_scale,
                            ti.sql_data_type, ti.datetime_sub,
                            ti.num_prec_radix, ENG_TI_NULL};
        for (size_t k = 0; k < sizeof tail / sizeof tail[0]; k++) {
            eng_sb_puts(&b, ", ");
            sb_int_or_null(&b, tail[k]);
        }
        eng_sb_puts(&b, ")");
    }
    eng_sb_puts(&b, ") AS t(type_name, data_type, column_size, "
           "literal_prefix, literal_suffix, create_params, nullable, "
           "case_sensitive, searchable, unsigned_attribute, fixed_prec_scale, "
           "auto_unique_value, local_type_name, minimum_scale, maximum_scale, "
           "sql_data_type, sql_datetime_sub, num_prec_radix, "
           "interval_precision)");
    if (type != SQL_ALL_TYPES) {
        char buf[48];
        if (type == SQL_DATE)
            type = SQL_TYPE_DATE;
        snprintf(buf, sizeof buf, " WHERE data_type = %d", (int)type);
        eng_sb_puts(&b, buf);
    }
    /* json shares SQL_VARCHAR with varchar and maps to it less closely:
     * after it (an application taking the first SQL_VARCHAR row for its
     * DDL must get varchar) */
    eng_sb_puts(&b, " ORDER BY ");
    sb_data_type(&b, s, "data_type");
    eng_sb_puts(&b, ", type_name = 'json', type_name");
    return run(s, &b);
}

/* Layouts of the empty result sets: "NAME:type" with v/s/i types. */
static const char *layout(SQLUSMALLINT which)
{
    switch (which) {
    case SQL_API_SQLPRIMARYKEYS:
        return "TABLE_CAT:v,TABLE_SCHEM:v,TABLE_NAME:v,COLUMN_NAME:v,"
               "KEY_SEQ:s,PK_NAME:v";
    case SQL_API_SQLFOREIGNKEYS:
        return "PKTABLE_CAT:v,PKTABLE_SCHEM:v,PKTABLE_NAME:v,PKCOLUMN_NAME:v,"
               "FKTABLE_CAT:v,FKTABLE_SCHEM:v,FKTABLE_NAME:v,FKCOLUMN_NAME:v,"
               "KEY_SEQ:s,UPDATE_RULE:s,DELETE_RULE:s,FK_NAME:v,PK_NAME:v,"
               "DEFERRABILITY:s";
    case SQL_API_SQLSTATISTICS:
        return "TABLE_CAT:v,TABLE_SCHEM:v,TABLE_NAME:v,NON_UNIQUE:s,"
               "INDEX_QUALIFIER:v,INDEX_NAME:v,TYPE:s,ORDINAL_POSITION:s,"
               "COLUMN_NAME:v,ASC_OR_DESC:v,CARDINALITY:i,PAGES:i,"
               "FILTER_CONDITION:v";
    case SQL_API_SQLSPECIALCOLUMNS:
        return "SCOPE:s,COLUMN_NAME:v,DATA_TYPE:s,TYPE_NAME:v,COLUMN_SIZE:i,"
               "BUFFER_LENGTH:i,DECIMAL_DIGITS:s,PSEUDO_COLUMN:s";
    case SQL_API_SQLPROCEDURES:
        return "PROCEDURE_CAT:v,PROCEDURE_SCHEM:v,PROCEDURE_NAME:v,"
               "NUM_INPUT_PARAMS:i,NUM_OUTPUT_PARAMS:i,NUM_RESULT_SETS:i,"
               "REMARKS:v,PROCEDURE_TYPE:s";
    case SQL_API_SQLPROCEDURECOLUMNS:
        return "PROCEDURE_CAT:v,PROCEDURE_SCHEM:v,PROCEDURE_NAME:v,"
               "COLUMN_NAME:v,COLUMN_TYPE:s,DATA_TYPE:s,TYPE_NAME:v,"
               "COLUMN_SIZE:i,BUFFER_LENGTH:i,DECIMAL_DIGITS:s,"
               "NUM_PREC_RADIX:s,NULLABLE:s,REMARKS:v,COLUMN_DEF:v,"
               "SQL_DATA_TYPE:s,SQL_DATETIME_SUB:s,CHAR_OCTET_LENGTH:i,"
               "ORDINAL_POSITION:i,IS_NULLABLE:v";
    case SQL_API_SQLTABLEPRIVILEGES:
        return "TABLE_CAT:v,TABLE_SCHEM:v,TABLE_NAME:v,GRANTOR:v,GRANTEE:v,"
               "PRIVILEGE:v,IS_GRANTABLE:v";
    case SQL_API_SQLCOLUMNPRIVILEGES:
        return "TABLE_CAT:v,TABLE_SCHEM:v,TABLE_NAME:v,COLUMN_NAME:v,"
               "GRANTOR:v,GRANTEE:v,PRIVILEGE:v,IS_GRANTABLE:v";
    default:
        return NULL;
    }
}

/*
 * An empty result set with the ODBC layout of catalog function `which`
 * (typed NULL columns, WHERE false): there are no procedures, no
 * privileges are kept, no column changes by itself (SQL_ROWVER), and in
 * Trino mode the server keeps no keys.
 */
SQLRETURN cat_empty(drv_stmt *s, SQLUSMALLINT which)
{
    if (!no_cursor(s))
        return SQL_ERROR;
    const char *l = layout(which);
    if (!l)
        return diag_pushf(&s->diag, "HY000", "no layout for catalog "
                          "function %u", (unsigned)which);
    eng_strbuf b = {0};      /* on the heap; run() frees it */
    eng_sb_puts(&b, "SELECT ");
    bool first = true;
    while (*l) {
        const char *colon = strchr(l, ':');
        if (!first)
            eng_sb_puts(&b, ", ");
        first = false;
        char t = colon[1];
        eng_sb_puts(&b, t == 'v' ? NULLV
                   : t == 's' ? "CAST(NULL AS smallint)"
                              : "CAST(NULL AS integer)");
        eng_sb_puts(&b, " AS \"");
        eng_sb_add(&b, l, (size_t)(colon - l));
        eng_sb_puts(&b, "\"");
        l = colon + 2;
        if (*l == ',')
            l++;
    }
    eng_sb_puts(&b, " FROM system.jdbc.catalogs WHERE false");
    return run(s, &b);
}


/* True when the engine can list keys; in Trino mode the server keeps
 * none, and the key functions answer an empty result of their layout. */
static bool has_keys(drv_stmt *s)
{
    return eng_has_key_metadata(s->dbc->conn);
}

/* HY009 when a required name argument is a null pointer. */
static bool required(drv_stmt *s, cat_arg a, const char *what)
{
    if (a.s)
        return true;
    diag_pushf(&s->diag, "HY009", "invalid use of null pointer: %s is "
               "required", what);
    return false;
}

/*
 * SQLPrimaryKeys: the columns of the table's primary key in its
 * catalog's database (system.jdbc.primary_keys), ordered by TABLE_CAT,
 * TABLE_SCHEM, TABLE_NAME, KEY_SEQ. The arguments are ordinary
 * (not patterns); the table name is required.
 */
SQLRETURN cat_primary_keys(drv_stmt *s, cat_arg cat, cat_arg sch, cat_arg tab)
{
    if (!no_cursor(s) || !required(s, tab, "the table name"))
        return SQL_ERROR;
    if (!has_keys(s))
        return cat_empty(s, SQL_API_SQLPRIMARYKEYS);
    eng_strbuf b = {0};      /* on the heap; run() frees it */
    bool mid = s->metadata_id == SQL_TRUE;
    eng_sb_puts(&b, "SELECT ");
    sel_cs(&b, s, "table_cat", "table_schem", "TABLE_CAT", "TABLE_SCHEM");
    eng_sb_puts(&b, ", " ID("table_name", "TABLE_NAME")
           ", " ID("column_name", "COLUMN_NAME") ", key_seq AS \"KEY_SEQ\", "
           ID("pk_name", "PK_NAME") " FROM system.jdbc.primary_keys "
           "WHERE true");
    cond_cs(&b, s, "table_cat", "table_schem", cat, sch, false, false, mid);
    add_cond(&b, "table_name", tab, false, mid);
    eng_sb_puts(&b, " ORDER BY table_cat, table_schem, table_name, key_seq");
    return run(s, &b);
}

/*
 * SQLForeignKeys: with a primary-key table, the foreign keys that
 * reference it (ordered by the FK table); with a foreign-key table, the
 * keys it holds (ordered by the PK table); with both, the one between
 * them. Ordinary arguments; at least one table name is required.
 */
SQLRETURN cat_foreign_keys(drv_stmt *s, cat_arg pc, cat_arg ps, cat_arg pt,
                           cat_arg fc, cat_arg fs, cat_arg ft)
{
    if (!no_cursor(s))
        return SQL_ERROR;
    if (arg_empty(pt) && arg_empty(ft))
        return diag_pushf(&s->diag, "HY009", "invalid use of null pointer: "
                          "SQLForeignKeys needs the primary-key or the "
                          "foreign-key table name");
    if (!has_keys(s))
        return cat_empty(s, SQL_API_SQLFOREIGNKEYS);
    eng_strbuf b = {0};      /* on the heap; run() frees it */
    bool mid = s->metadata_id == SQL_TRUE;
    eng_sb_puts(&b, "SELECT ");
    sel_cs(&b, s, "pktable_cat", "pktable_schem", "PKTABLE_CAT",
           "PKTABLE_SCHEM");
    eng_sb_puts(&b, ", " ID("pktable_name", "PKTABLE_NAME") ", "
           ID("pkcolumn_name", "PKCOLUMN_NAME") ", ");
    sel_cs(&b, s, "fktable_cat", "fktable_schem", "FKTABLE_CAT",
           "FKTABLE_SCHEM");
    eng_sb_puts(&b, ", " ID("fktable_name", "FKTABLE_NAME") ", "
           ID("fkcolumn_name", "FKCOLUMN_NAME") ", key_seq AS \"KEY_SEQ\", "
           "update_rule AS \"UPDATE_RULE\", delete_rule AS \"DELETE_RULE\", "
           ID("fk_name", "FK_NAME") ", " ID("pk_name", "PK_NAME") ", "
           "deferrability AS \"DEFERRABILITY\" FROM system.jdbc.foreign_keys "
           "WHERE true");
    cond_cs(&b, s, "pktable_cat", "pktable_schem", pc, ps, false, false,
            mid);
    add_cond(&b, "pktable_name", pt, false, mid);
    cond_cs(&b, s, "fktable_cat", "fktable_schem", fc, fs, false, false,
            mid);
    add_cond(&b, "fktable_name", ft, false, mid);
    eng_sb_puts(&b, arg_empty(ft)
        ? " ORDER BY fktable_cat, fktable_schem, fktable_name, key_seq, "
          "fk_name"
        : " ORDER BY pktable_cat, pktable_schem, pktable_name, key_seq, "
          "fk_name");
    return run(s, &b);
}

/*
 * SQLStatistics: the table's indexes, one row per key column
 * (system.jdbc.index_info), ordered by NON_UNIQUE, TYPE,
 * INDEX_QUALIFIER, INDEX_NAME, ORDINAL_POSITION; SQL_INDEX_UNIQUE keeps
 * the unique ones. No SQL_TABLE_STAT row: the catalogs' statistics are
 * estimates, and CARDINALITY and PAGES are NULL rather than guessed.
 */
SQLRETURN cat_statistics(drv_stmt *s, cat_arg cat, cat_arg sch, cat_arg tab,
                         SQLUSMALLINT unique, SQLUSMALLINT reserved)
{
    if (!no_cursor(s) || !required(s, tab, "the table name"))
        return SQL_ERROR;
    if (unique != SQL_INDEX_UNIQUE && unique != SQL_INDEX_ALL)
        return diag_pushf(&s->diag, "HY100", "uniqueness option type out "
                          "of range: %u", (unsigned)unique);
    if (reserved != SQL_ENSURE && reserved != SQL_QUICK)
        return diag_pushf(&s->diag, "HY101", "accuracy option type out of "
                          "range: %u", (unsigned)reserved);
    if (!has_keys(s))
        return cat_empty(s, SQL_API_SQLSTATISTICS);
    eng_strbuf b = {0};      /* on the heap; run() frees it */
    bool mid = s->metadata_id == SQL_TRUE;
    eng_sb_puts(&b, "SELECT ");
    sel_cs(&b, s, "table_cat", "table_schem", "TABLE_CAT", "TABLE_SCHEM");
    eng_sb_puts(&b, ", " ID("table_name", "TABLE_NAME")
           ", non_unique AS \"NON_UNIQUE\", ");
    /* the index qualifier is the catalog, or under CatalogsAsSchemas
     * the joined schema name */
    eng_sb_puts(&b, cas(s) ? "CAST(table_cat || '.' || table_schem AS "
                             "varchar(257)) AS \"INDEX_QUALIFIER\", "
                           : ID("index_qualifier", "INDEX_QUALIFIER") ", ");
    eng_sb_puts(&b, ID("index_name", "INDEX_NAME") ", type AS \"TYPE\", "
           "ordinal_position AS \"ORDINAL_POSITION\", "
           ID("column_name", "COLUMN_NAME") ", "
           "CAST(asc_or_desc AS varchar(1)) AS \"ASC_OR_DESC\", "
           "cardinality AS \"CARDINALITY\", pages AS \"PAGES\", "
           /* a predicate, not an identifier: never cut to 128 */
           "filter_condition AS \"FILTER_CONDITION\""
           " FROM system.jdbc.index_info WHERE true");
    cond_cs(&b, s, "table_cat", "table_schem", cat, sch, false, false, mid);
    add_cond(&b, "table_name", tab, false, mid);
    if (unique == SQL_INDEX_UNIQUE)
        eng_sb_puts(&b, " AND non_unique = 0");
    eng_sb_puts(&b, " ORDER BY non_unique, type, index_qualifier, "
                "index_name, ordinal_position");
    return run(s, &b);
}

/*
 * SQLSpecialColumns: SQL_BEST_ROWID gives the primary key's columns
 * with their types (valid for the session: SQL_SCOPE_SESSION, never
 * pseudo-columns); a table without a primary key has none.
 * SQL_ROWVER: no column changes by itself, an empty result. Key columns
 * are never NULL, so `nullable` removes nothing.
 */
SQLRETURN cat_special_columns(drv_stmt *s, SQLUSMALLINT idtype, cat_arg cat,
                              cat_arg sch, cat_arg tab, SQLUSMALLINT scope,
                              SQLUSMALLINT nullable)
{
    if (!no_cursor(s) || !required(s, tab, "the table name"))
        return SQL_ERROR;
    if (idtype != SQL_BEST_ROWID && idtype != SQL_ROWVER)
        return diag_pushf(&s->diag, "HY097", "column type out of range: %u",
                          (unsigned)idtype);
    if (scope != SQL_SCOPE_CURROW && scope != SQL_SCOPE_TRANSACTION &&
        scope != SQL_SCOPE_SESSION)
        return diag_pushf(&s->diag, "HY098", "scope type out of range: %u",
                          (unsigned)scope);
    if (nullable != SQL_NO_NULLS && nullable != SQL_NULLABLE)
        return diag_pushf(&s->diag, "HY099", "nullable type out of range: "
                          "%u", (unsigned)nullable);
    if (idtype == SQL_ROWVER || !has_keys(s))
        return cat_empty(s, SQL_API_SQLSPECIALCOLUMNS);
    eng_strbuf b = {0};      /* on the heap; run() frees it */
    bool mid = s->metadata_id == SQL_TRUE;
    eng_sb_puts(&b, "SELECT CAST(2 AS smallint) AS \"SCOPE\", "
           ID("k.column_name", "COLUMN_NAME") ", CAST(");
    sb_data_type(&b, s, "c.data_type");
    eng_sb_puts(&b, " AS smallint) AS \"DATA_TYPE\", "
           ID("c.type_name", "TYPE_NAME") ", c.column_size AS "
           "\"COLUMN_SIZE\", c.buffer_length AS \"BUFFER_LENGTH\", "
           "CAST(c.decimal_digits AS smallint) AS \"DECIMAL_DIGITS\", "
           "CAST(1 AS smallint) AS \"PSEUDO_COLUMN\" "
           "FROM system.jdbc.primary_keys k JOIN system.jdbc.columns c "
           "ON c.table_cat = k.table_cat AND c.table_schem = k.table_schem "
           "AND c.table_name = k.table_name AND c.column_name = k.column_name "
           "WHERE true");
    /* the same conditions on both sides, so that each listing reads only
     * the named table's catalog */
    cond_cs(&b, s, "k.table_cat", "k.table_schem", cat, sch, false, false,
            mid);
    add_cond(&b, "k.table_name", tab, false, mid);
    cond_cs(&b, s, "c.table_cat", "c.table_schem", cat, sch, false, false,
            mid);
    add_cond(&b, "c.table_name", tab, false, mid);
    eng_sb_puts(&b, " ORDER BY k.key_seq");
    return run(s, &b);
}
