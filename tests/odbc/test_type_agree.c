/*
 * tests/odbc/test_type_agree.c
 *   For every engine type, the four ways ODBC describes a column agree:
 *   SQLDescribeCol, SQLColAttribute (every field), SQLColumns and the
 *   SQLGetTypeInfo row that SQLColumns' TYPE_NAME names (which must
 *   exist, with the same DATA_TYPE). The values are also checked against
 *   the ODBC rules and the few choices documented in
 *   engine/types/typeinfo.h (unbounded varchar 65535, double 53 bits in
 *   radix 2, SEARCHABLE 3 only for text, UNSIGNED NULL/SQL_TRUE for
 *   non-numeric types), so that both sides drifting together still
 *   fails (timestamp, time and both intervals included); the same with
 *   the DSN key UnboundedVarcharSize set (8000, 1, 2147483647). An ODBC 2
 *   application sees SQL_DATE (9) in all three places,
 *   and SHOW COLUMNS keeps Trino's full type names.
 * Environment: the cluster of tests/pg_cluster.sh (env.sh): the test makes
 *   schema type_agree in customersdb's server (through psqlODBC,
 *   PSQLODBC_DRIVER or the Debian path) with one column of every type the
 *   PostgreSQL connector maps, and drops it at the end.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "odbc_util.h"

/* One column of the test table: its PostgreSQL type and what ODBC must
 * report (TYPE_NAME, DATA_TYPE, COLUMN_SIZE, DECIMAL_DIGITS (-1 = NULL),
 * DISPLAY_SIZE). */
typedef struct col_spec {
    const char *name, *pg_type;
    const char *type_name, *trino_type;   /* SQLColumns / SHOW COLUMNS */
    int data_type, column_size, digits, display;
} col_spec;

static const col_spec cols[] = {
    {"c_bool", "boolean", "boolean", "boolean", SQL_BIT, 1, -1, 1},
    {"c_small", "smallint", "smallint", "smallint", SQL_SMALLINT, 5, 0, 6},
    {"c_int", "integer", "integer", "integer", SQL_INTEGER, 10, 0, 11},
    {"c_big", "bigint", "bigint", "bigint", SQL_BIGINT, 19, 0, 20},
    {"c_double", "double precision", "double", "double", SQL_DOUBLE, 53, -1, 24},
    {"c_real", "real", "real", "real", SQL_REAL, 24, -1, 14},
    {"c_dec", "numeric(12,2)", "decimal", "decimal(12,2)", SQL_DECIMAL, 12, 2, 14},
    {"c_num", "numeric", "decimal", "decimal(38,18)", SQL_DECIMAL, 38, 18, 40},
    {"c_vc", "varchar(255)", "varchar", "varchar(255)", SQL_VARCHAR, 255, -1, 255},
    {"c_char", "char(3)", "char", "char(3)", SQL_CHAR, 3, -1, 3},
    {"c_text", "text", "varchar", "varchar", SQL_VARCHAR, 65535, -1, 65535},
    {"c_ts", "timestamp(3)", "timestamp", "timestamp(3)", SQL_TYPE_TIMESTAMP, 23, 3, 23},
    {"c_ts6", "timestamp", "timestamp", "timestamp(6)", SQL_TYPE_TIMESTAMP, 26, 6, 26},
    {"c_time", "time(0)", "time", "time(0)", SQL_TYPE_TIME, 8, 0, 8},
    {"c_ids", "interval", "interval day to second", "interval day to second",
     SQL_INTERVAL_DAY_TO_SECOND, 26, 3, 26},
    {"c_iym", "interval year to month", "interval year to month",
     "interval year to month", SQL_INTERVAL_YEAR_TO_MONTH, 12, -1, 12},
    {"c_bytea", "bytea", "varbinary", "varbinary", SQL_VARBINARY, 65535, -1, 131070},
    {"c_uuid", "uuid", "uuid", "uuid", SQL_GUID, 36, -1, 36},
    {"c_json", "json", "json", "json", SQL_VARCHAR, 65535, -1, 65535},
    {"c_jsonb", "jsonb", "json", "json", SQL_VARCHAR, 65535, -1, 65535},
    {"c_date", "date", "date", "date", SQL_TYPE_DATE, 10, -1, 10},
    {"c_notnull", "integer not null", "integer", "integer", SQL_INTEGER, 10, 0, 11},
};
#define NCOLS ((int)(sizeof cols / sizeof cols[0]))

typedef struct fixture {
    ou_conn mesh, ref;
    SQLHSTMT rs;
} fixture;

static const char *psqlodbc_driver(void)
{
    const char *d = getenv("PSQLODBC_DRIVER");
    return d ? d : "/usr/lib/x86_64-linux-gnu/odbc/psqlodbcw.so";
}

/* Runs one statement on the reference (PostgreSQL) connection. */
static int ref_exec(fixture *f, const char *sql)
{
    ou_result r;
    ou_diag d;
    SQLRETURN rc = ou_query(&f->ref, &f->rs, sql, &r, &d);
    if (!SQL_SUCCEEDED(rc)) {
        fprintf(stderr, "psqlODBC: %s: %s %s\n", sql, d.sqlstate, d.message);
        return -1;
    }
    ou_result_free(&r);
    return 0;
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    char cs[1024], ddl[2048];
    ou_diag d;
    size_t n;

    snprintf(cs, sizeof cs, "Driver=%s;Servername=127.0.0.1;Port=%s;"
             "Database=postgres;UID=postgres;PWD=postgres;", psqlodbc_driver(),
             getenv("MESH_PORT_CUSTOMERSDB"));
    if (!SQL_SUCCEEDED(ou_connect(&f->ref, cs, &d))) {
        fprintf(stderr, "psqlODBC connect: %s %s\n", d.sqlstate, d.message);
        return -1;
    }
    f->rs = SQL_NULL_HSTMT;
    n = (size_t)snprintf(ddl, sizeof ddl, "create table type_agree.all_types (");
    for (int i = 0; i < NCOLS; i++)
        n += (size_t)snprintf(ddl + n, sizeof ddl - n, "%s%s %s", i ? ", " : "",
                              cols[i].name, cols[i].pg_type);
    snprintf(ddl + n, sizeof ddl - n, ")");
    if (ref_exec(f, "drop schema if exists type_agree cascade") ||
        ref_exec(f, "create schema type_agree") || ref_exec(f, ddl) ||
        ref_exec(f, "insert into type_agree.all_types values (true, 1, 2, 3, "
                    "4.5, 5.5, 6.25, 7.125, 'abc', 'xy', 'text', "
                    "'2024-02-29 01:02:03.456', '2024-02-29 01:02:03.456789', "
                    "'01:02:03', '1 day 02:03:04.5', '1 year 2 mons', "
                    "'\\x0a0b', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', "
                    "'{\"a\": 1}', '{\"b\": 2}', date '2024-02-29', 8)"))
        return -1;
    if (!SQL_SUCCEEDED(ou_connect(&f->mesh, OU_DSN, &d))) {
        fprintf(stderr, "connect: %s %s\n", d.sqlstate, d.message);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    ref_exec(f, "drop schema if exists type_agree cascade");
    SQLFreeHandle(SQL_HANDLE_STMT, f->rs);
    ou_disconnect(&f->ref);
    ou_disconnect(&f->mesh);
    free(f);
    return 0;
}

/* ---------------------------------------------------------------- reading */

/* Reads every row of the open result on st as text (NULL = SQL NULL). */
static void read_rows(SQLHSTMT st, ou_result *out)
{
    SQLSMALLINT ncols = 0;
    int cap = 0;
    memset(out, 0, sizeof *out);
    assert_true(SQL_SUCCEEDED(SQLNumResultCols(st, &ncols)));
    out->ncols = ncols;
    out->names = calloc((size_t)ncols + 1, sizeof(char *));
    for (int i = 0; i < ncols; i++) {
        SQLCHAR name[128];
        SQLSMALLINT nlen;
        assert_true(SQL_SUCCEEDED(SQLColAttribute(st, (SQLUSMALLINT)(i + 1),
                                                  SQL_DESC_NAME, name, sizeof name,
                                                  &nlen, NULL)));
        out->names[i] = strdup((char *)name);
    }
    for (;;) {
        SQLRETURN rc = SQLFetch(st);
        if (rc == SQL_NO_DATA)
            break;
        assert_true(SQL_SUCCEEDED(rc));
        if ((out->nrows + 1) * ncols > cap) {
            cap = cap ? cap * 2 : 64 * ncols;
            out->cells = realloc(out->cells, sizeof(char *) * (size_t)cap);
        }
        for (int i = 0; i < ncols; i++) {
            char buf[512];
            SQLLEN ind;
            assert_true(SQL_SUCCEEDED(SQLGetData(st, (SQLUSMALLINT)(i + 1), SQL_C_CHAR,
                                                 buf, sizeof buf, &ind)));
            out->cells[out->nrows * ncols + i] = ind == SQL_NULL_DATA ? NULL : strdup(buf);
        }
        out->nrows++;
    }
    SQLFreeStmt(st, SQL_CLOSE);
}

/* Cell of row r named col; fails the test when the column is missing. */
static const char *cell(const ou_result *res, int r, const char *col)
{
    for (int i = 0; i < res->ncols; i++)
        if (!strcmp(res->names[i], col))
            return res->cells[r * res->ncols + i];
    fail_msg("no column %s", col);
    return NULL;
}

/* Integer value of a cell, `null_as` for NULL. */
static long num(const ou_result *res, int r, const char *col, long null_as)
{
    const char *v = cell(res, r, col);
    return v ? strtol(v, NULL, 10) : null_as;
}

/* Numeric SQLColAttribute field. */
static SQLLEN attr_num(SQLHSTMT st, int col, SQLUSMALLINT field)
{
    SQLLEN v = -12345;
    assert_int_equal(SQLColAttribute(st, (SQLUSMALLINT)col, field, NULL, 0, NULL, &v),
                     SQL_SUCCESS);
    return v;
}

/* String SQLColAttribute field (static buffer per call: copy it). */
static const char *attr_str(SQLHSTMT st, int col, SQLUSMALLINT field, char *buf,
                            size_t cap)
{
    SQLSMALLINT len = -1;
    buf[0] = '\x7f';
    assert_int_equal(SQLColAttribute(st, (SQLUSMALLINT)col, field, buf,
                                     (SQLSMALLINT)cap, &len, NULL),
                     SQL_SUCCESS);
    assert_int_equal(len, (SQLSMALLINT)strlen(buf));
    return buf;
}

/* "" for NULL. */
static const char *nz(const char *s)
{
    return s ? s : "";
}

/* The SQLGetTypeInfo row named name with DATA_TYPE data_type; -1 if none. */
static int type_row(const ou_result *ti, const char *name, long data_type)
{
    for (int r = 0; r < ti->nrows; r++)
        if (!strcmp(nz(cell(ti, r, "TYPE_NAME")), name) &&
            num(ti, r, "DATA_TYPE", -999) == data_type)
            return r;
    return -1;
}

/* The declared size of unbounded varchar of the connection under test
 * (UnboundedVarcharSize). */
static long declared = 65535;

/*
 * Checks column `col` (1-based) of the prepared result on st against the
 * SQLColumns row cr of columns (NULL for a computed column) and the
 * SQLGetTypeInfo result ti. want gives the expected absolute values.
 */
static void check_column(SQLHSTMT st, int col, const ou_result *columns, int cr,
                         const ou_result *ti, const col_spec *want)
{
    char name[128], tname[128], buf[128];
    SQLSMALLINT nlen, type, digits, nullable;
    SQLULEN size;
    assert_int_equal(SQLDescribeCol(st, (SQLUSMALLINT)col, (SQLCHAR *)name, sizeof name,
                                    &nlen, &type, &size, &digits, &nullable),
                     SQL_SUCCESS);
    print_message("column %s: type %d size %lu digits %d nullable %d\n", name, type,
                  (unsigned long)size, digits, nullable);

    /* SQLDescribeCol = SQLColAttribute */
    assert_int_equal(attr_num(st, col, SQL_DESC_CONCISE_TYPE), type);
    assert_int_equal(attr_num(st, col, SQL_DESC_LENGTH), (SQLLEN)size);
    assert_int_equal(attr_num(st, col, SQL_DESC_SCALE), digits);
    assert_int_equal(attr_num(st, col, SQL_DESC_NULLABLE), nullable);
    attr_str(st, col, SQL_DESC_TYPE_NAME, tname, sizeof tname);

    /* the expected values */
    assert_string_equal(tname, want->type_name);
    assert_int_equal(type, want->data_type);
    assert_int_equal(size, (SQLULEN)want->column_size);
    assert_int_equal(digits, want->digits < 0 ? 0 : want->digits);
    assert_int_equal(attr_num(st, col, SQL_DESC_DISPLAY_SIZE), want->display);

    /* the SQLGetTypeInfo row that TYPE_NAME names, with the same code */
    int r = type_row(ti, tname, type);
    if (r < 0)
        fail_msg("column %s: TYPE_NAME %s with DATA_TYPE %d is no SQLGetTypeInfo row",
                 name, tname, type);
    assert_int_equal(attr_num(st, col, SQL_DESC_TYPE), num(ti, r, "SQL_DATA_TYPE", -1));
    assert_int_equal(attr_num(st, col, SQL_DESC_DATETIME_INTERVAL_CODE),
                     num(ti, r, "SQL_DATETIME_SUB", 0));
    assert_int_equal(attr_num(st, col, SQL_DESC_NUM_PREC_RADIX),
                     num(ti, r, "NUM_PREC_RADIX", 0));
    /* ODBC: UNSIGNED_ATTRIBUTE is NULL for non-numeric types, and
     * SQL_DESC_UNSIGNED is then SQL_TRUE ("unsigned or not numeric") */
    assert_int_equal(attr_num(st, col, SQL_DESC_UNSIGNED),
                     num(ti, r, "UNSIGNED_ATTRIBUTE", SQL_TRUE));
    assert_int_equal(attr_num(st, col, SQL_DESC_SEARCHABLE), num(ti, r, "SEARCHABLE", -1));
    assert_int_equal(attr_num(st, col, SQL_DESC_CASE_SENSITIVE),
                     num(ti, r, "CASE_SENSITIVE", -1));
    assert_int_equal(attr_num(st, col, SQL_DESC_FIXED_PREC_SCALE),
                     num(ti, r, "FIXED_PREC_SCALE", -1));
    assert_int_equal(attr_num(st, col, SQL_DESC_AUTO_UNIQUE_VALUE),
                     num(ti, r, "AUTO_UNIQUE_VALUE", SQL_FALSE));
    assert_string_equal(attr_str(st, col, SQL_DESC_LITERAL_PREFIX, buf, sizeof buf),
                        nz(cell(ti, r, "LITERAL_PREFIX")));
    assert_string_equal(attr_str(st, col, SQL_DESC_LITERAL_SUFFIX, buf, sizeof buf),
                        nz(cell(ti, r, "LITERAL_SUFFIX")));
    assert_string_equal(attr_str(st, col, SQL_DESC_LOCAL_TYPE_NAME, buf, sizeof buf),
                        nz(cell(ti, r, "LOCAL_TYPE_NAME")));
    /* the column fits the type's widest declaration; SQLGetTypeInfo's
     * varchar and varbinary rows declare the connection's size of the
     * unbounded types, which a varchar(n) may exceed */
    if (!((type == SQL_VARCHAR || type == SQL_VARBINARY) && (long)size > declared))
        assert_true((long)size <= num(ti, r, "COLUMN_SIZE", -1));
    if (want->digits > 0)
        assert_true(digits <= num(ti, r, "MAXIMUM_SCALE", -1));

    /* the choices of engine/types/typeinfo.h */
    bool text = type == SQL_VARCHAR || type == SQL_CHAR;
    /* CHAR_OCTET_LENGTH: character and binary types (ODBC) */
    bool octets = text || type == SQL_VARBINARY;
    bool numeric = type == SQL_TINYINT || type == SQL_SMALLINT ||
                   type == SQL_INTEGER || type == SQL_BIGINT ||
                   type == SQL_DOUBLE || type == SQL_REAL || type == SQL_DECIMAL;
    /* json: text, but = and <> only (no LIKE) */
    bool js = !strcmp(tname, "json");
    assert_int_equal(attr_num(st, col, SQL_DESC_SEARCHABLE),
                     text && !js ? SQL_SEARCHABLE : SQL_PRED_BASIC);
    assert_int_equal(attr_num(st, col, SQL_DESC_UNSIGNED), numeric ? SQL_FALSE : SQL_TRUE);
    assert_int_equal(attr_num(st, col, SQL_DESC_CASE_SENSITIVE), text ? SQL_TRUE : SQL_FALSE);
    assert_int_equal(attr_num(st, col, SQL_DESC_NUM_PREC_RADIX),
                     type == SQL_DOUBLE || type == SQL_REAL ? 2
                     : numeric ? 10 : 0);
    if (numeric)
        assert_int_equal(attr_num(st, col, SQL_DESC_PRECISION), (SQLLEN)size);

    if (!columns)
        return;
    /* SQLColumns: the same answers */
    assert_string_equal(cell(columns, cr, "COLUMN_NAME"), name);
    assert_int_equal(num(columns, cr, "DATA_TYPE", -1), type);
    assert_string_equal(nz(cell(columns, cr, "TYPE_NAME")), tname);
    assert_int_equal(num(columns, cr, "COLUMN_SIZE", -1), (long)size);
    assert_int_equal(num(columns, cr, "DECIMAL_DIGITS", -1), want->digits);
    assert_int_equal(num(columns, cr, "NUM_PREC_RADIX", 0),
                     attr_num(st, col, SQL_DESC_NUM_PREC_RADIX));
    assert_int_equal(num(columns, cr, "BUFFER_LENGTH", -1),
                     attr_num(st, col, SQL_DESC_OCTET_LENGTH));
    assert_int_equal(num(columns, cr, "CHAR_OCTET_LENGTH", -1),
                     octets ? attr_num(st, col, SQL_DESC_OCTET_LENGTH) : -1);
    assert_int_equal(num(columns, cr, "SQL_DATA_TYPE", -1), attr_num(st, col, SQL_DESC_TYPE));
    assert_int_equal(num(columns, cr, "SQL_DATETIME_SUB", 0),
                     attr_num(st, col, SQL_DESC_DATETIME_INTERVAL_CODE));
    assert_int_equal(num(columns, cr, "NULLABLE", -1), nullable);
    assert_string_equal(cell(columns, cr, "IS_NULLABLE"),
                        nullable == SQL_NO_NULLS ? "NO" : "YES");
}

/* SQLGetTypeInfo(SQL_ALL_TYPES) on a fresh statement of c. */
static void all_type_info(ou_conn *c, ou_result *ti)
{
    SQLHSTMT st;
    assert_int_equal(SQLAllocHandle(SQL_HANDLE_STMT, c->dbc, &st), SQL_SUCCESS);
    assert_true(SQL_SUCCEEDED(SQLGetTypeInfo(st, SQL_ALL_TYPES)));
    read_rows(st, ti);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

/* SQLColumns of type_agree.all_types on a fresh statement of c. */
static void all_columns(ou_conn *c, ou_result *res)
{
    SQLHSTMT st;
    assert_int_equal(SQLAllocHandle(SQL_HANDLE_STMT, c->dbc, &st), SQL_SUCCESS);
    assert_true(SQL_SUCCEEDED(SQLColumns(st, (SQLCHAR *)"customersdb", SQL_NTS,
                                         (SQLCHAR *)"type_agree", SQL_NTS,
                                         (SQLCHAR *)"all_types", SQL_NTS, NULL, 0)));
    read_rows(st, res);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

/* -------------------------------------------------------------------- tests */

/* Trino's tinyint: SQL_TINYINT, 3 digits, display "-128" (4). */
static const col_spec tinyint_col = {"t", "", "tinyint", "tinyint", SQL_TINYINT,
                                     3, 0, 4};

/*
 * Every column of type_agree.all_types on connection c, whose declared
 * size of unbounded varchar and varbinary is `unbounded` (the
 * UnboundedVarcharSize key; 65535 by default): the expected sizes of
 * cols[] are those of the default, scaled here.
 */
static void every_column_agrees(ou_conn *c, int unbounded)
{
    ou_result ti, columns;
    SQLHSTMT st;
    bool covered[64] = {false};

    declared = unbounded;
    all_type_info(c, &ti);
    all_columns(c, &columns);
    assert_int_equal(columns.nrows, NCOLS);
    assert_int_equal(SQLAllocHandle(SQL_HANDLE_STMT, c->dbc, &st), SQL_SUCCESS);
    assert_int_equal(SQLPrepare(st, (SQLCHAR *)"select * from customersdb.type_agree.all_types",
                                SQL_NTS), SQL_SUCCESS);
    for (int i = 0; i < NCOLS; i++) {
        col_spec want = cols[i];
        if (want.column_size == 65535) {   /* unbounded text or bytes */
            want.column_size = unbounded;
            want.display = want.data_type == SQL_VARBINARY ? 2 * unbounded
                                                           : unbounded;
            /* octets: 4 a character (UTF-8, or UTF-16 surrogate pairs),
             * 1 a byte; SQLColumns and the IRD say the same */
            assert_int_equal(attr_num(st, i + 1, SQL_DESC_OCTET_LENGTH),
                             want.data_type == SQL_VARBINARY ? unbounded
                                                             : 4 * unbounded);
            assert_int_equal(attr_num(st, i + 1, SQL_DESC_PRECISION), unbounded);
        }
        check_column(st, i + 1, &columns, i, &ti, &want);
        covered[type_row(&ti, cols[i].type_name, cols[i].data_type)] = true;
    }
    /* SQLGetTypeInfo's varchar and varbinary rows declare the same size */
    assert_int_equal(num(&ti, type_row(&ti, "varchar", SQL_VARCHAR), "COLUMN_SIZE", -1),
                     unbounded);
    assert_int_equal(num(&ti, type_row(&ti, "varbinary", SQL_VARBINARY), "COLUMN_SIZE",
                         -1), unbounded);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    /* PostgreSQL has no tinyint (a tinyint column written there is a
     * smallint): its row is covered by a computed column instead */
    assert_int_equal(SQLAllocHandle(SQL_HANDLE_STMT, c->dbc, &st), SQL_SUCCESS);
    assert_int_equal(SQLPrepare(st, (SQLCHAR *)"select cast(1 as tinyint) as t",
                                SQL_NTS), SQL_SUCCESS);
    check_column(st, 1, NULL, 0, &ti, &tinyint_col);
    covered[type_row(&ti, "tinyint", SQL_TINYINT)] = true;
    /* every SQLGetTypeInfo row is some column's type: a type added to the
     * engine without a column here fails */
    assert_true(ti.nrows < 64);
    for (int r = 0; r < ti.nrows; r++)
        if (!covered[r])
            fail_msg("SQLGetTypeInfo row %s has no column in this test",
                     cell(&ti, r, "TYPE_NAME"));
    /* rows come ordered by DATA_TYPE */
    for (int r = 1; r < ti.nrows; r++)
        assert_true(num(&ti, r - 1, "DATA_TYPE", 0) <= num(&ti, r, "DATA_TYPE", 0));
    /* the NOT NULL column */
    assert_int_equal(num(&columns, NCOLS - 1, "NULLABLE", -1), SQL_NO_NULLS);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    ou_result_free(&columns);
    ou_result_free(&ti);
}

static void test_every_column_agrees(void **state)
{
    fixture *f = *state;
    every_column_agrees(&f->mesh, 65535);
}

/* With UnboundedVarcharSize set (8000: Excel's limit; 1: the smallest),
 * the four paths still agree, at that size. */
static void test_every_column_agrees_sized(void **state)
{
    (void)state;
    static const int sizes[] = {8000, 1, 2147483647};
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        ou_conn c;
        ou_diag d;
        char cs[128];
        snprintf(cs, sizeof cs, "%sUnboundedVarcharSize=%d;", OU_DSN, sizes[k]);
        if (!SQL_SUCCEEDED(ou_connect(&c, cs, &d)))
            fail_msg("connect %s: %s %s", cs, d.sqlstate, d.message);
        print_message("UnboundedVarcharSize=%d\n", sizes[k]);
        if (sizes[k] < 1073741824)   /* display 2n of varbinary fits */
            every_column_agrees(&c, sizes[k]);
        else {   /* the honest size: octets and display capped at INT_MAX */
            SQLHSTMT st;
            assert_int_equal(SQLAllocHandle(SQL_HANDLE_STMT, c.dbc, &st), SQL_SUCCESS);
            assert_int_equal(SQLPrepare(st, (SQLCHAR *)"select c_text, c_bytea from "
                                        "customersdb.type_agree.all_types", SQL_NTS),
                             SQL_SUCCESS);
            assert_int_equal(attr_num(st, 1, SQL_DESC_LENGTH), 2147483647);
            assert_int_equal(attr_num(st, 1, SQL_DESC_OCTET_LENGTH), 2147483647);
            assert_int_equal(attr_num(st, 2, SQL_DESC_DISPLAY_SIZE), 2147483647);
            SQLFreeHandle(SQL_HANDLE_STMT, st);
        }
        ou_disconnect(&c);
    }
    declared = 65535;
}

/* The type of a bare NULL (engine type unknown) reads as a varchar row. */
static void test_null_literal(void **state)
{
    fixture *f = *state;
    ou_result ti;
    SQLHSTMT st;
    static const col_spec want = {"n", "", "varchar", "unknown", SQL_VARCHAR, 1, -1, 1};
    all_type_info(&f->mesh, &ti);
    assert_int_equal(SQLAllocHandle(SQL_HANDLE_STMT, f->mesh.dbc, &st), SQL_SUCCESS);
    assert_int_equal(SQLPrepare(st, (SQLCHAR *)"select null as n", SQL_NTS), SQL_SUCCESS);
    check_column(st, 1, NULL, 0, &ti, &want);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    ou_result_free(&ti);
}

/* Expressions get the same metadata as stored columns of their type. */
static void test_expressions(void **state)
{
    fixture *f = *state;
    ou_result ti;
    SQLHSTMT st;
    static const col_spec want[] = {
        {"a", "", "decimal", "", SQL_DECIMAL, 2, 1, 4},   /* decimal(2,1) */
        {"b", "", "varchar", "", SQL_VARCHAR, 3, -1, 3},
        {"c", "", "date", "", SQL_TYPE_DATE, 10, -1, 10},
        {"d", "", "double", "", SQL_DOUBLE, 53, -1, 24},
        {"e", "", "boolean", "", SQL_BIT, 1, -1, 1},
        {"f", "", "bigint", "", SQL_BIGINT, 19, 0, 20},
        {"g", "", "char", "", SQL_CHAR, 4, -1, 4},
        {"h", "", "real", "", SQL_REAL, 24, -1, 14},
        {"i", "", "tinyint", "", SQL_TINYINT, 3, 0, 4},
    };
    all_type_info(&f->mesh, &ti);
    assert_int_equal(SQLAllocHandle(SQL_HANDLE_STMT, f->mesh.dbc, &st), SQL_SUCCESS);
    assert_int_equal(SQLPrepare(st, (SQLCHAR *)
                                "select 1.5 as a, 'abc' as b, date '2024-01-02' as c, "
                                "cast(1 as double) as d, 1 < 2 as e, count(*) as f, "
                                "cast('ab' as char(4)) as g, cast(1 as real) as h, "
                                "TINYINT '-5' as i",
                                SQL_NTS), SQL_SUCCESS);
    for (int i = 0; i < (int)(sizeof want / sizeof want[0]); i++)
        check_column(st, i + 1, NULL, 0, &ti, &want[i]);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    ou_result_free(&ti);
}

/* Values of char(n) and real: a char comes padded to n, a real prints as
 * its float ("0.1", not 0.10000000149011612) and SQL_C_DEFAULT of a real
 * is the 4-byte SQL_C_FLOAT. */
static void test_char_real_values(void **state)
{
    fixture *f = *state;
    SQLHSTMT st;
    char s[32];
    float fl = 0;
    SQLLEN ind;
    assert_int_equal(SQLAllocHandle(SQL_HANDLE_STMT, f->mesh.dbc, &st), SQL_SUCCESS);
    assert_true(SQL_SUCCEEDED(SQLExecDirect(st, (SQLCHAR *)
                "select cast('ab' as char(4)), cast(0.1 as real), "
                "cast(0.1 as real), cast('ab' as char(4)) = 'ab'", SQL_NTS)));
    assert_int_equal(SQLFetch(st), SQL_SUCCESS);
    assert_int_equal(SQLGetData(st, 1, SQL_C_CHAR, s, sizeof s, &ind), SQL_SUCCESS);
    assert_string_equal(s, "ab  ");
    assert_int_equal(SQLGetData(st, 2, SQL_C_CHAR, s, sizeof s, &ind), SQL_SUCCESS);
    assert_string_equal(s, "0.1");
    assert_int_equal(SQLGetData(st, 3, SQL_C_DEFAULT, &fl, sizeof fl, &ind),
                     SQL_SUCCESS);
    assert_true(fl == 0.1f);
    assert_int_equal(ind, (SQLLEN)sizeof(float));
    assert_int_equal(SQLGetData(st, 4, SQL_C_CHAR, s, sizeof s, &ind), SQL_SUCCESS);
    assert_string_equal(s, "1");
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

/* Values of tinyint: SQL_C_DEFAULT is the signed byte (SQL_C_STINYINT),
 * other C integer types take it when it fits (SQL_C_UTINYINT of -128 is
 * 22003), SQLGetTypeInfo(SQL_TINYINT) is its one row, and a parameter
 * bound as SQL_TINYINT makes a tinyint marker (200 is 22003). */
static void test_tinyint_values(void **state)
{
    fixture *f = *state;
    SQLHSTMT st;
    char s[32];
    signed char sc = 0;
    SQLINTEGER li = 0;
    SQLLEN ind, n = 0;
    ou_diag d;
    assert_int_equal(SQLAllocHandle(SQL_HANDLE_STMT, f->mesh.dbc, &st), SQL_SUCCESS);
    assert_true(SQL_SUCCEEDED(SQLExecDirect(st, (SQLCHAR *)
                "select TINYINT '-128', cast(127 as tinyint), TINYINT '-1'",
                SQL_NTS)));
    assert_int_equal(SQLFetch(st), SQL_SUCCESS);
    assert_int_equal(SQLGetData(st, 1, SQL_C_DEFAULT, &sc, sizeof sc, &ind),
                     SQL_SUCCESS);
    assert_int_equal(sc, -128);
    assert_int_equal(ind, 1);
    assert_int_equal(SQLGetData(st, 2, SQL_C_SLONG, &li, sizeof li, &ind),
                     SQL_SUCCESS);
    assert_int_equal(li, 127);
    assert_int_equal(SQLGetData(st, 3, SQL_C_UTINYINT, &sc, sizeof sc, &ind),
                     SQL_ERROR);
    assert_int_equal(ou_last_diag(SQL_HANDLE_STMT, st, &d), 0);
    assert_string_equal(d.sqlstate, "22003");
    assert_int_equal(SQLGetData(st, 3, SQL_C_CHAR, s, sizeof s, &ind), SQL_SUCCESS);
    assert_string_equal(s, "-1");
    SQLFreeStmt(st, SQL_CLOSE);

    assert_int_equal(SQLGetTypeInfo(st, SQL_TINYINT), SQL_SUCCESS);
    assert_int_equal(SQLFetch(st), SQL_SUCCESS);
    assert_int_equal(SQLGetData(st, 1, SQL_C_CHAR, s, sizeof s, &ind), SQL_SUCCESS);
    assert_string_equal(s, "tinyint");
    assert_int_equal(SQLFetch(st), SQL_NO_DATA);
    SQLFreeStmt(st, SQL_CLOSE);

    SQLSMALLINT type, digits, nullable, nl;
    SQLULEN size;
    li = 100;
    assert_int_equal(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_TINYINT,
                                      0, 0, &li, 0, &n), SQL_SUCCESS);
    assert_true(SQL_SUCCEEDED(SQLExecDirect(st, (SQLCHAR *)"select ?", SQL_NTS)));
    assert_int_equal(SQLDescribeCol(st, 1, (SQLCHAR *)s, sizeof s, &nl, &type,
                                    &size, &digits, &nullable), SQL_SUCCESS);
    assert_int_equal(type, SQL_TINYINT);
    assert_int_equal(SQLFetch(st), SQL_SUCCESS);
    assert_int_equal(SQLGetData(st, 1, SQL_C_CHAR, s, sizeof s, &ind), SQL_SUCCESS);
    assert_string_equal(s, "100");
    SQLFreeStmt(st, SQL_CLOSE);
    li = 200;
    assert_int_equal(SQLExecDirect(st, (SQLCHAR *)"select ?", SQL_NTS), SQL_ERROR);
    assert_int_equal(ou_last_diag(SQL_HANDLE_STMT, st, &d), 0);
    assert_string_equal(d.sqlstate, "22003");
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

/* An ODBC 2 application sees SQL_DATE (9) everywhere a date's code shows
 * (and the ODBC 2 codes of timestamp and time in SQLColumns). */
static void test_odbc2_dates(void **state)
{
    (void)state;
    ou_conn c;
    SQLHSTMT st;
    ou_result ti, columns;
    SQLSMALLINT type = 0;
    assert_int_equal(SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &c.env), SQL_SUCCESS);
    assert_int_equal(SQLSetEnvAttr(c.env, SQL_ATTR_ODBC_VERSION, (SQLPOINTER)SQL_OV_ODBC2, 0),
                     SQL_SUCCESS);
    assert_int_equal(SQLAllocHandle(SQL_HANDLE_DBC, c.env, &c.dbc), SQL_SUCCESS);
    assert_true(SQL_SUCCEEDED(SQLDriverConnect(c.dbc, NULL, (SQLCHAR *)OU_DSN, SQL_NTS, NULL,
                                               0, NULL, SQL_DRIVER_NOPROMPT)));
    assert_int_equal(SQLAllocHandle(SQL_HANDLE_STMT, c.dbc, &st), SQL_SUCCESS);
    assert_int_equal(SQLPrepare(st, (SQLCHAR *)"select c_date from customersdb.type_agree.all_types",
                                SQL_NTS), SQL_SUCCESS);
    assert_int_equal(SQLDescribeCol(st, 1, NULL, 0, NULL, &type, NULL, NULL, NULL),
                     SQL_SUCCESS);
    assert_int_equal(type, SQL_DATE);
    SQLFreeHandle(SQL_HANDLE_STMT, st);

    all_columns(&c, &columns);
    assert_string_equal(cell(&columns, NCOLS - 2, "COLUMN_NAME"), "c_date");
    assert_int_equal(num(&columns, NCOLS - 2, "DATA_TYPE", -1), SQL_DATE);
    /* and SQL_TIMESTAMP (11), SQL_TIME (10) for the other datetimes */
    for (int i = 0; i < NCOLS; i++) {
        const char *nm = cell(&columns, i, "COLUMN_NAME");
        long want = !strcmp(nm, "c_text") ? SQL_VARCHAR
                  : !strncmp(nm, "c_ts", 4) ? SQL_TIMESTAMP
                  : !strcmp(nm, "c_time") ? SQL_TIME : -2;
        if (want != -2)
            assert_int_equal(num(&columns, i, "DATA_TYPE", -1), want);
    }

    assert_int_equal(SQLAllocHandle(SQL_HANDLE_STMT, c.dbc, &st), SQL_SUCCESS);
    assert_true(SQL_SUCCEEDED(SQLGetTypeInfo(st, SQL_DATE)));
    read_rows(st, &ti);
    assert_int_equal(ti.nrows, 1);
    assert_string_equal(cell(&ti, 0, "TYPE_NAME"), "date");
    assert_int_equal(num(&ti, 0, "DATA_TYPE", -1), SQL_DATE);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    ou_result_free(&ti);
    ou_result_free(&columns);
    ou_disconnect(&c);
}

/* SHOW COLUMNS and DESCRIBE keep Trino's full type names. */
static void test_show_columns_full_names(void **state)
{
    fixture *f = *state;
    SQLHSTMT st = SQL_NULL_HSTMT;
    ou_result r;
    ou_diag d;
    static const char *const q[] = {"show columns from customersdb.type_agree.all_types",
                                    "describe customersdb.type_agree.all_types"};
    for (int k = 0; k < 2; k++) {
        assert_int_equal(ou_query(&f->mesh, &st, q[k], &r, &d), SQL_SUCCESS);
        assert_int_equal(r.nrows, NCOLS);
        for (int i = 0; i < NCOLS; i++) {
            assert_string_equal(r.cells[i * r.ncols], cols[i].name);
            assert_string_equal(r.cells[i * r.ncols + 1], cols[i].trino_type);
        }
        ou_result_free(&r);
    }
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_column_agrees),
        cmocka_unit_test(test_every_column_agrees_sized),
        cmocka_unit_test(test_null_literal),
        cmocka_unit_test(test_expressions),
        cmocka_unit_test(test_char_real_values),
        cmocka_unit_test(test_tinyint_values),
        cmocka_unit_test(test_odbc2_dates),
        cmocka_unit_test(test_show_columns_full_names),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
