/*
 * driver/info.c
 *   SQLGetInfo: one table of what the driver and its engine can do,
 *   covering what isql, pyodbc and common ODBC tools ask.
 * Interface: dbc_get_info, info_is_string.
 * Not here: SQLGetFunctions (dbc.c); SQLGetTypeInfo (catalog.c); which
 *   scalar functions and literals the escapes make work (escape.c).
 *
 * Each entry is a string, a 16-bit or a 32-bit value; a few strings
 * depend on the connection (DSN, user, current catalog). Unknown info
 * types give HY096. The answers are honest: cursors are forward-only or
 * static (scroll.c) and read-only, transactions run at READ COMMITTED
 * and write one catalog (SQL_TC_ALL; SQL_TC_NONE in Trino mode), and
 * there are no procedures.
 */
#include <string.h>
#include "driver.h"

enum { I_STR, I_U16, I_U32, I_DYN, I_ESC };

typedef struct info_ent {
    SQLUSMALLINT type;
    int kind;
    const char *s;
    SQLUINTEGER v;
} info_ent;

#define S(t, v) {t, I_STR, v, 0}
#define U16(t, v) {t, I_U16, NULL, (SQLUINTEGER)(v)}
#define U32(t, v) {t, I_U32, NULL, (SQLUINTEGER)(v)}
#define DYN(t) {t, I_DYN, NULL, 0}
/* a 32-bit mask the escape translator makes true (escape.c), | v */
#define ESC(t, v) {t, I_ESC, NULL, (SQLUINTEGER)(v)}

/* Trino keywords that are not ODBC reserved words (SQL_KEYWORDS). */
#define KEYWORDS \
    "ARRAY,CUBE,DESCRIBE,EXPLAIN,FILTER,FIRST,FUNCTION,GROUPING,IF,LAST," \
    "LIMIT,LOCALTIME,LOCALTIMESTAMP,MAP,NORMALIZE,NULLS,OFFSET,RECURSIVE," \
    "ROLLUP,SHOW,TRY_CAST,UESCAPE,UNNEST,USE"

/*
 * Targets of {fn CONVERT}, by source type. Character targets (CHAR,
 * VARCHAR, LONGVARCHAR and the W forms) all become varchar; FLOAT and
 * DOUBLE double; DECIMAL and NUMERIC decimal.
 */
#define CVT_TEXT (SQL_CVT_CHAR | SQL_CVT_VARCHAR | SQL_CVT_LONGVARCHAR | \
                  SQL_CVT_WCHAR | SQL_CVT_WVARCHAR | SQL_CVT_WLONGVARCHAR)
#define CVT_NUMS (SQL_CVT_TINYINT | SQL_CVT_SMALLINT | SQL_CVT_INTEGER | \
                  SQL_CVT_BIGINT | SQL_CVT_DECIMAL | SQL_CVT_NUMERIC | \
                  SQL_CVT_DOUBLE | SQL_CVT_FLOAT | SQL_CVT_REAL)
#define CVT_NUMBER (CVT_NUMS | SQL_CVT_BIT | CVT_TEXT)
#define CVT_BIT (CVT_NUMS | SQL_CVT_BIT | CVT_TEXT)
#define CVT_DATE (SQL_CVT_DATE | SQL_CVT_TIMESTAMP | CVT_TEXT)
#ifndef SQL_CVT_GUID             /* iODBC's headers lack it (ODBC 3.5) */
#define SQL_CVT_GUID 0x01000000L
#endif
#define CVT_BINS (SQL_CVT_BINARY | SQL_CVT_VARBINARY | SQL_CVT_LONGVARBINARY)
#define CVT_VARCHAR (CVT_NUMS | SQL_CVT_BIT | SQL_CVT_DATE | SQL_CVT_TIME | \
                     SQL_CVT_TIMESTAMP | CVT_TEXT | CVT_BINS | SQL_CVT_GUID)
/* varbinary: to itself only (Trino has no cast to text; to uuid only
 * 16 bytes); uuid: to text, varbinary and itself */
#define CVT_VARBINARY CVT_BINS
#define CVT_GUID (CVT_TEXT | CVT_BINS | SQL_CVT_GUID)
#define CVT_TIME (SQL_CVT_TIME | CVT_TEXT)
#define CVT_TIMESTAMP (SQL_CVT_TIMESTAMP | SQL_CVT_DATE | SQL_CVT_TIME | CVT_TEXT)

static const info_ent table[] = {
    /* driver and data source */
    S(SQL_DRIVER_NAME, "libmeshodbc.so"),
    S(SQL_DRIVER_VER, "00.01.0000"),
    S(SQL_DRIVER_ODBC_VER, "03.80"),
    S(SQL_ODBC_VER, "03.80.0000"),
    S(SQL_DBMS_NAME, "MeshODBC"),
    DYN(SQL_DBMS_VER),
    DYN(SQL_DATA_SOURCE_NAME),
    DYN(SQL_SERVER_NAME),
    DYN(SQL_USER_NAME),
    DYN(SQL_DATABASE_NAME),
    S(SQL_DATA_SOURCE_READ_ONLY, "N"),
    S(SQL_ACCESSIBLE_TABLES, "Y"),
    S(SQL_ACCESSIBLE_PROCEDURES, "N"),
    U16(SQL_ACTIVE_ENVIRONMENTS, 0),
    U16(SQL_MAX_DRIVER_CONNECTIONS, 0),
    U16(SQL_MAX_CONCURRENT_ACTIVITIES, 0),
    U32(SQL_ODBC_INTERFACE_CONFORMANCE, SQL_OIC_CORE),
    U16(SQL_ODBC_API_CONFORMANCE, SQL_OAC_LEVEL1),
    U16(SQL_ODBC_SQL_CONFORMANCE, SQL_OSC_CORE),
    U16(SQL_ODBC_SAG_CLI_CONFORMANCE, SQL_OSCC_COMPLIANT),
    U32(SQL_SQL_CONFORMANCE, SQL_SC_SQL92_ENTRY),
    U32(SQL_STANDARD_CLI_CONFORMANCE, SQL_SCC_ISO92_CLI),
    S(SQL_XOPEN_CLI_YEAR, "1995"),
    U16(SQL_FILE_USAGE, SQL_FILE_NOT_SUPPORTED),
    U32(SQL_ASYNC_MODE, SQL_AM_NONE),
    U32(SQL_MAX_ASYNC_CONCURRENT_STATEMENTS, 0),
    U32(SQL_ASYNC_DBC_FUNCTIONS, SQL_ASYNC_DBC_NOT_CAPABLE),
    U32(SQL_ASYNC_NOTIFICATION, SQL_ASYNC_NOTIFICATION_NOT_CAPABLE),
    U32(SQL_DTC_TRANSITION_COST, 0),
    U32(SQL_GETDATA_EXTENSIONS, SQL_GD_ANY_COLUMN | SQL_GD_ANY_ORDER |
                                SQL_GD_BOUND),
    U32(SQL_BATCH_SUPPORT, 0),
    U32(SQL_BATCH_ROW_COUNT, 0),
    /* Parameter arrays: a query yields one result set per set of
     * parameters (param.c); a statement without result rows takes every
     * set in one engine call, so one row count covers the array. */
    U32(SQL_PARAM_ARRAY_ROW_COUNTS, SQL_PARC_BATCH),
    U32(SQL_PARAM_ARRAY_SELECTS, SQL_PAS_BATCH),
    S(SQL_DESCRIBE_PARAMETER, "Y"),
    S(SQL_MULT_RESULT_SETS, "N"),
    S(SQL_MULTIPLE_ACTIVE_TXN, "Y"),
    S(SQL_NEED_LONG_DATA_LEN, "N"),
    S(SQL_PROCEDURES, "N"),
    S(SQL_ROW_UPDATES, "N"),
    S(SQL_INTEGRITY, "N"),
    /* names and identifiers */
    S(SQL_IDENTIFIER_QUOTE_CHAR, "\""),
    U16(SQL_IDENTIFIER_CASE, SQL_IC_LOWER),
    U16(SQL_QUOTED_IDENTIFIER_CASE, SQL_IC_SENSITIVE),
    S(SQL_CATALOG_NAME, "Y"),
    S(SQL_CATALOG_NAME_SEPARATOR, "."),
    U16(SQL_CATALOG_LOCATION, SQL_CL_START),
    S(SQL_CATALOG_TERM, "catalog"),
    S(SQL_SCHEMA_TERM, "schema"),
    S(SQL_TABLE_TERM, "table"),
    S(SQL_PROCEDURE_TERM, "procedure"),
    U32(SQL_CATALOG_USAGE, SQL_CU_DML_STATEMENTS),
    U32(SQL_SCHEMA_USAGE, SQL_SU_DML_STATEMENTS),
    S(SQL_SEARCH_PATTERN_ESCAPE, "\\"),
    S(SQL_LIKE_ESCAPE_CLAUSE, "Y"),
    S(SQL_SPECIAL_CHARACTERS, ""),
    S(SQL_KEYWORDS, KEYWORDS),
    S(SQL_COLLATION_SEQ, "UTF-8"),
    U16(SQL_MAX_CATALOG_NAME_LEN, 128),
    U16(SQL_MAX_SCHEMA_NAME_LEN, 128),
    U16(SQL_MAX_TABLE_NAME_LEN, 128),
    U16(SQL_MAX_COLUMN_NAME_LEN, 128),
    U16(SQL_MAX_IDENTIFIER_LEN, 128),
    U16(SQL_MAX_CURSOR_NAME_LEN, 128),
    U16(SQL_MAX_USER_NAME_LEN, 0),
    U16(SQL_MAX_PROCEDURE_NAME_LEN, 0),
    U16(SQL_MAX_COLUMNS_IN_GROUP_BY, 0),
    U16(SQL_MAX_COLUMNS_IN_INDEX, 0),
    U16(SQL_MAX_COLUMNS_IN_ORDER_BY, 0),
    U16(SQL_MAX_COLUMNS_IN_SELECT, 0),
    U16(SQL_MAX_COLUMNS_IN_TABLE, 0),
    U16(SQL_MAX_TABLES_IN_SELECT, 0),
    U32(SQL_MAX_ROW_SIZE, 0),
    S(SQL_MAX_ROW_SIZE_INCLUDES_LONG, "N"),
    U32(SQL_MAX_STATEMENT_LEN, 0),
    U32(SQL_MAX_CHAR_LITERAL_LEN, 0),
    U32(SQL_MAX_BINARY_LITERAL_LEN, 0),
    U32(SQL_MAX_INDEX_SIZE, 0),
    /* cursors and transactions */
    U16(SQL_CURSOR_COMMIT_BEHAVIOR, SQL_CB_PRESERVE),
    U16(SQL_CURSOR_ROLLBACK_BEHAVIOR, SQL_CB_PRESERVE),
    /* transactions hold DDL and DML alike (a PostgreSQL catalog's DDL is
       transactional); READ COMMITTED only (engine/session/txn.c); the
       cursors of a catalog's transaction survive its end (its rows are
       read into memory first: pg_scan_spool). Trino mode: 0, see below */
    U16(SQL_TXN_CAPABLE, SQL_TC_ALL),
    U32(SQL_DEFAULT_TXN_ISOLATION, SQL_TXN_READ_COMMITTED),
    U32(SQL_TXN_ISOLATION_OPTION, SQL_TXN_READ_COMMITTED),
    /* static cursors (scroll.c): every orientation, bookmarks, SQLSetPos
       SQL_POSITION and SQL_REFRESH; keyset/dynamic requests become static */
    U32(SQL_SCROLL_OPTIONS, SQL_SO_FORWARD_ONLY | SQL_SO_STATIC),
    U32(SQL_FETCH_DIRECTION, SQL_FD_FETCH_NEXT | SQL_FD_FETCH_FIRST |
                             SQL_FD_FETCH_LAST | SQL_FD_FETCH_PRIOR |
                             SQL_FD_FETCH_ABSOLUTE | SQL_FD_FETCH_RELATIVE |
                             SQL_FD_FETCH_BOOKMARK),
    U32(SQL_SCROLL_CONCURRENCY, SQL_SCCO_READ_ONLY),
    U32(SQL_CURSOR_SENSITIVITY, SQL_INSENSITIVE),
    /* SQLBulkOperations SQL_ADD (bulk.c) inserts through an INSERT and
       leaves the read-only cursor as it is; no positioned or bookmark
       writes, so no concurrency but read-only is claimed */
    U32(SQL_FORWARD_ONLY_CURSOR_ATTRIBUTES1, SQL_CA1_NEXT | SQL_CA1_BULK_ADD),
    U32(SQL_FORWARD_ONLY_CURSOR_ATTRIBUTES2,
        SQL_CA2_READ_ONLY_CONCURRENCY | SQL_CA2_MAX_ROWS_SELECT),
    U32(SQL_STATIC_CURSOR_ATTRIBUTES1,
        SQL_CA1_NEXT | SQL_CA1_ABSOLUTE | SQL_CA1_RELATIVE |
        SQL_CA1_BOOKMARK | SQL_CA1_LOCK_NO_CHANGE | SQL_CA1_POS_POSITION |
        SQL_CA1_POS_REFRESH | SQL_CA1_BULK_ADD),
    U32(SQL_STATIC_CURSOR_ATTRIBUTES2,
        SQL_CA2_READ_ONLY_CONCURRENCY | SQL_CA2_MAX_ROWS_SELECT),
    U32(SQL_KEYSET_CURSOR_ATTRIBUTES1, 0),
    U32(SQL_KEYSET_CURSOR_ATTRIBUTES2, 0),
    U32(SQL_DYNAMIC_CURSOR_ATTRIBUTES1, 0),
    U32(SQL_DYNAMIC_CURSOR_ATTRIBUTES2, 0),
    U32(SQL_POS_OPERATIONS, SQL_POS_POSITION | SQL_POS_REFRESH),
    U32(SQL_POSITIONED_STATEMENTS, 0),
    U32(SQL_LOCK_TYPES, 0),
    U32(SQL_STATIC_SENSITIVITY, 0),
    U32(SQL_BOOKMARK_PERSISTENCE, SQL_BP_SCROLL),
    U16(SQL_NON_NULLABLE_COLUMNS, SQL_NNC_NULL),
    U16(SQL_NULL_COLLATION, SQL_NC_END),
    U16(SQL_CONCAT_NULL_BEHAVIOR, SQL_CB_NULL),
    /* SQL supported */
    S(SQL_COLUMN_ALIAS, "Y"),
    S(SQL_EXPRESSIONS_IN_ORDERBY, "Y"),
    S(SQL_ORDER_BY_COLUMNS_IN_SELECT, "N"),
    S(SQL_OUTER_JOINS, "Y"),
    U32(SQL_OJ_CAPABILITIES, SQL_OJ_LEFT | SQL_OJ_RIGHT | SQL_OJ_FULL |
                             SQL_OJ_NESTED | SQL_OJ_NOT_ORDERED |
                             SQL_OJ_INNER | SQL_OJ_ALL_COMPARISON_OPS),
    U32(SQL_SQL92_RELATIONAL_JOIN_OPERATORS,
        SQL_SRJO_CROSS_JOIN | SQL_SRJO_FULL_OUTER_JOIN |
        SQL_SRJO_INNER_JOIN | SQL_SRJO_LEFT_OUTER_JOIN |
        SQL_SRJO_RIGHT_OUTER_JOIN),
    U16(SQL_GROUP_BY, SQL_GB_NO_RELATION),
    U16(SQL_CORRELATION_NAME, SQL_CN_ANY),
    U32(SQL_UNION, SQL_U_UNION | SQL_U_UNION_ALL),
    U32(SQL_SUBQUERIES, SQL_SQ_COMPARISON | SQL_SQ_EXISTS | SQL_SQ_IN |
                        SQL_SQ_CORRELATED_SUBQUERIES),
    U32(SQL_AGGREGATE_FUNCTIONS, SQL_AF_ALL | SQL_AF_AVG | SQL_AF_COUNT |
                                 SQL_AF_DISTINCT | SQL_AF_MAX | SQL_AF_MIN |
                                 SQL_AF_SUM),
    /* scalar functions: what {fn ...} runs today (escape.c fn_table,
       checked both ways by tests/odbc/test_escapes.c) */
    ESC(SQL_NUMERIC_FUNCTIONS, 0),
    ESC(SQL_STRING_FUNCTIONS, 0),
    ESC(SQL_TIMEDATE_FUNCTIONS, 0),
    ESC(SQL_SYSTEM_FUNCTIONS, 0),
    ESC(SQL_TIMEDATE_ADD_INTERVALS, 0),
    ESC(SQL_TIMEDATE_DIFF_INTERVALS, 0),
    ESC(SQL_CONVERT_FUNCTIONS, SQL_FN_CVT_CAST),
    ESC(SQL_DATETIME_LITERALS, 0),
    U32(SQL_SQL92_PREDICATES, SQL_SP_BETWEEN | SQL_SP_COMPARISON |
                              SQL_SP_EXISTS | SQL_SP_IN | SQL_SP_ISNOTNULL |
                              SQL_SP_ISNULL | SQL_SP_LIKE),
    U32(SQL_SQL92_VALUE_EXPRESSIONS, SQL_SVE_CASE | SQL_SVE_CAST |
                                     SQL_SVE_COALESCE | SQL_SVE_NULLIF),
    U32(SQL_SQL92_STRING_FUNCTIONS, 0),
    U32(SQL_SQL92_NUMERIC_VALUE_FUNCTIONS, 0),
    U32(SQL_SQL92_DATETIME_FUNCTIONS, SQL_SDF_CURRENT_DATE),
    U32(SQL_SQL92_ROW_VALUE_CONSTRUCTOR, 0),
    U32(SQL_SQL92_FOREIGN_KEY_DELETE_RULE, 0),
    U32(SQL_SQL92_FOREIGN_KEY_UPDATE_RULE, 0),
    U32(SQL_SQL92_GRANT, 0),
    U32(SQL_SQL92_REVOKE, 0),
    U32(SQL_INFO_SCHEMA_VIEWS, 0),
    U32(SQL_INDEX_KEYWORDS, SQL_IK_NONE),
    U32(SQL_INSERT_STATEMENT, SQL_IS_INSERT_LITERALS | SQL_IS_INSERT_SEARCHED),
    U32(SQL_ALTER_TABLE, SQL_AT_ADD_COLUMN_SINGLE),
    U32(SQL_ALTER_DOMAIN, 0),
    U32(SQL_CREATE_ASSERTION, 0),
    U32(SQL_CREATE_CHARACTER_SET, 0),
    U32(SQL_CREATE_COLLATION, 0),
    U32(SQL_CREATE_DOMAIN, 0),
    U32(SQL_CREATE_SCHEMA, SQL_CS_CREATE_SCHEMA),
    U32(SQL_CREATE_TABLE, SQL_CT_CREATE_TABLE | SQL_CT_COLUMN_CONSTRAINT),
    U32(SQL_CREATE_TRANSLATION, 0),
    U32(SQL_CREATE_VIEW, 0),
    U32(SQL_DROP_ASSERTION, 0),
    U32(SQL_DROP_CHARACTER_SET, 0),
    U32(SQL_DROP_COLLATION, 0),
    U32(SQL_DROP_DOMAIN, 0),
    U32(SQL_DROP_SCHEMA, SQL_DS_DROP_SCHEMA | SQL_DS_RESTRICT | SQL_DS_CASCADE),
    U32(SQL_DROP_TABLE, SQL_DT_DROP_TABLE),
    U32(SQL_DROP_TRANSLATION, 0),
    U32(SQL_DROP_VIEW, SQL_DV_DROP_VIEW),
    U32(SQL_DDL_INDEX, 0),
    U32(SQL_AGGREGATE_FUNCTIONS, 0),
    /*
     * {fn CONVERT(x, SQL_T)} = CAST(x AS t): from each type the engine has
     * to each target its casts accept (engine/types/cast.c). Types the
     * engine lacks convert to nothing. Checked pair by pair, both ways, by
     * tests/odbc/test_escapes.c.
     */
    U32(SQL_CONVERT_BIGINT, CVT_NUMBER), U32(SQL_CONVERT_BINARY, 0),
    U32(SQL_CONVERT_BIT, CVT_BIT), U32(SQL_CONVERT_CHAR, CVT_VARCHAR),
    U32(SQL_CONVERT_DATE, CVT_DATE), U32(SQL_CONVERT_DECIMAL, CVT_NUMBER),
    U32(SQL_CONVERT_DOUBLE, CVT_NUMBER), U32(SQL_CONVERT_FLOAT, 0),
    U32(SQL_CONVERT_INTEGER, CVT_NUMBER),
    U32(SQL_CONVERT_INTERVAL_DAY_TIME, SQL_CVT_INTERVAL_DAY_TIME | CVT_TEXT),
    U32(SQL_CONVERT_INTERVAL_YEAR_MONTH, SQL_CVT_INTERVAL_YEAR_MONTH | CVT_TEXT),
    U32(SQL_CONVERT_LONGVARBINARY, 0), U32(SQL_CONVERT_LONGVARCHAR, 0),
    U32(SQL_CONVERT_NUMERIC, 0), U32(SQL_CONVERT_REAL, CVT_NUMBER),
    U32(SQL_CONVERT_SMALLINT, CVT_NUMBER), U32(SQL_CONVERT_TIME, CVT_TIME),
    U32(SQL_CONVERT_TIMESTAMP, CVT_TIMESTAMP), U32(SQL_CONVERT_TINYINT, CVT_NUMBER),
    U32(SQL_CONVERT_VARBINARY, CVT_VARBINARY),
    U32(SQL_CONVERT_VARCHAR, CVT_VARCHAR),
    U32(SQL_CONVERT_WCHAR, 0), U32(SQL_CONVERT_WLONGVARCHAR, 0),
    U32(SQL_CONVERT_WVARCHAR, 0), U32(SQL_CONVERT_GUID, CVT_GUID),
};

/* Finds the table entry of type, or NULL. The first entry wins. */
static const info_ent *find(SQLUSMALLINT type)
{
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (table[i].type == type)
            return &table[i];
    return NULL;
}

/* True when the info type's value is a character string. */
bool info_is_string(SQLUSMALLINT type)
{
    const info_ent *e = find(type);
    return e && (e->kind == I_STR || e->kind == I_DYN);
}

/* Value of a connection-dependent string entry. */
static const char *dynamic(drv_dbc *c, SQLUSMALLINT type)
{
    switch (type) {
    case SQL_DBMS_VER: {
        const char *v = eng_version();
        return v ? v : "00.01.0000";
    }
    case SQL_DATA_SOURCE_NAME:
        return c->dsn ? c->dsn : "";
    case SQL_SERVER_NAME:
        return c->dsn ? c->dsn : "MeshODBC";
    case SQL_USER_NAME:
        return c->user ? c->user : "";
    case SQL_DATABASE_NAME: {
        const char *cat = c->conn ? eng_get_default_catalog(c->conn) : NULL;
        return cat ? cat : "";
    }
    default:
        return "";
    }
}

/*
 * SQLGetInfo: string values in UTF-8 with 01004 on truncation (*outlen
 * gets the full byte length), numbers as SQLUSMALLINT or SQLUINTEGER.
 * Handle-valued types are answered by the driver manager; HY096 for any
 * type not in the table.
 */
SQLRETURN dbc_get_info(drv_dbc *c, SQLUSMALLINT type, SQLPOINTER val,
                       SQLSMALLINT buflen, SQLSMALLINT *outlen)
{
    const info_ent *e = find(type);
    /* CatalogsAsSchemas: no catalogs; schemas are "catalog.schema" */
    static const info_ent no_catalogs[] = {
        S(SQL_CATALOG_NAME, "N"), S(SQL_CATALOG_NAME_SEPARATOR, ""),
        S(SQL_CATALOG_TERM, ""), U16(SQL_CATALOG_LOCATION, 0),
        U32(SQL_CATALOG_USAGE, 0), U16(SQL_MAX_CATALOG_NAME_LEN, 0),
        U16(SQL_MAX_SCHEMA_NAME_LEN, 257),
    };
    if (c->catalogs_as_schemas)
        for (size_t i = 0; i < sizeof no_catalogs / sizeof *no_catalogs; i++)
            if (no_catalogs[i].type == type)
                e = &no_catalogs[i];
    if (!e)
        return diag_pushf(&c->diag, "HY096",
                          "information type %u is not supported",
                          (unsigned)type);
    /* transactions: what the connection's engine offers (the embedded
       engine: READ COMMITTED, DDL inside; Trino mode: the server's four
       levels, READ UNCOMMITTED by default); the table's values stand
       before connecting */
    info_ent txn_ent;
    if ((type == SQL_TXN_CAPABLE || type == SQL_DEFAULT_TXN_ISOLATION ||
         type == SQL_TXN_ISOLATION_OPTION) && c->conn) {
        eng_txn_caps caps;
        eng_txn_caps_get(c->conn, &caps);
        txn_ent = *e;
        txn_ent.v = type == SQL_TXN_CAPABLE ? (caps.ddl ? SQL_TC_ALL : SQL_TC_DML)
                    : type == SQL_DEFAULT_TXN_ISOLATION
                        ? dbc_isolation_to_odbc(caps.default_level)
                        : dbc_isolation_to_odbc(caps.levels);
        e = &txn_ent;
    }
    switch (e->kind) {
    case I_U16:
        if (val)
            *(SQLUSMALLINT *)val = (SQLUSMALLINT)e->v;
        if (outlen)
            *outlen = sizeof(SQLUSMALLINT);
        return SQL_SUCCESS;
    case I_U32:
    case I_ESC:
        if (val)
            *(SQLUINTEGER *)val = e->kind == I_ESC
                                      ? e->v | esc_info_mask(type) : e->v;
        if (outlen)
            *outlen = sizeof(SQLUINTEGER);
        return SQL_SUCCESS;
    default: {
        const char *s = e->kind == I_STR ? e->s : dynamic(c, type);
        SQLLEN full;
        bool trunc = drv_copy_str(s, -1, val, buflen, &full);
        if (outlen)
            *outlen = (SQLSMALLINT)full;
        if (trunc)
            return diag_pushf(&c->diag, "01004",
                              "string data, right truncated");
        return SQL_SUCCESS;
    }
    }
}
