/*
 * tests/odbc/test_escapes.c
 *   ODBC escapes end to end through unixODBC against the test mesh, and
 *   the metadata claims that go with them, tested against behaviour:
 *   - every bit of SQL_STRING/NUMERIC/TIMEDATE/SYSTEM/CONVERT_FUNCTIONS,
 *     SQL_TIMEDATE_ADD/DIFF_INTERVALS and SQL_DATETIME_LITERALS: an
 *     advertised one must run and give the expected value; one that is
 *     not advertised must not (so the masks follow the engine both ways);
 *     an advertised bit without a sample here fails too;
 *   - SQL_CONVERT_<source> masks, pair by pair, both ways;
 *   - SQL_OJ_CAPABILITIES bit by bit with {oj} queries;
 *   - nesting, escapes inside literals, identifiers and comments, {oj},
 *     {escape}, {d}, the errors (42000 with the position, HYC00, 54001
 *     for hostile nesting), SQLNativeSql / SQLNativeSqlW with truncation,
 *     SQL_ATTR_NOSCAN on statements and connections, W prepare;
 *   - SQLGetFunctions: every function claimed is exported by the driver,
 *     with its W form when it takes text; SQL_ATTR_TXN_ISOLATION agrees
 *     with SQLGetInfo.
 * Not here: the translator's unit tests (tests/unit/driver/test_escape.c).
 */
#include <dlfcn.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <sql.h>
#include <sqlext.h>
#include <sqlucode.h>

#include "odbc_util.h"

static ou_conn conn;

OU_CONN_FIXTURE(conn, OU_DSN)

/*
 * Runs "SELECT expr" and reads the one value as text into out (NULL ->
 * "<null>"). Returns true on success; on failure out holds
 * "SQLSTATE message".
 */
static bool eval(const char *expr, char *out, size_t cap)
{
    size_t n = strlen(expr) + 8;
    char *sql = malloc(n);
    snprintf(sql, n, "SELECT %s", expr);
    SQLHSTMT st = SQL_NULL_HSTMT;
    ou_result r;
    ou_diag d;
    SQLRETURN rc = ou_query(&conn, &st, sql, &r, &d);
    bool ok = SQL_SUCCEEDED(rc) && r.nrows == 1 && r.ncols >= 1;
    if (ok)
        snprintf(out, cap, "%s", r.cells[0] ? r.cells[0] : "<null>");
    else
        snprintf(out, cap, "%s %s", d.sqlstate, d.message);
    if (SQL_SUCCEEDED(rc))
        ou_result_free(&r);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    free(sql);
    return ok;
}

static SQLUINTEGER info32(SQLUSMALLINT type)
{
    SQLUINTEGER v = 0xFFFFFFFFu;
    assert_int_equal(SQLGetInfo(conn.dbc, type, &v, sizeof v, NULL),
                     SQL_SUCCESS);
    return v;
}

/* ------------------------------------------------------- function masks */

/* One sample call of an advertised capability; expect NULL = any value. */
typedef struct sample {
    SQLUSMALLINT info;
    SQLUINTEGER bit;
    const char *expr;
    const char *expect;
} sample;

#define STR SQL_STRING_FUNCTIONS
#define NUM SQL_NUMERIC_FUNCTIONS
#define TD SQL_TIMEDATE_FUNCTIONS
#define SYS SQL_SYSTEM_FUNCTIONS
#define CVT SQL_CONVERT_FUNCTIONS
#define TADD SQL_TIMEDATE_ADD_INTERVALS
#define TDIFF SQL_TIMEDATE_DIFF_INTERVALS
#define DL SQL_DATETIME_LITERALS

static const sample samples[] = {
    {STR, SQL_FN_STR_ASCII, "{fn ascii('A')}", "65"},
    {STR, SQL_FN_STR_BIT_LENGTH, "{fn bit_length('ab')}", "16"},
    {STR, SQL_FN_STR_CHAR, "{fn char(65)}", "A"},
    {STR, SQL_FN_STR_CHAR_LENGTH, "{fn char_length('ab  ')}", "4"},
    {STR, SQL_FN_STR_CHARACTER_LENGTH, "{fn character_length('abc')}", "3"},
    {STR, SQL_FN_STR_CONCAT, "{fn concat('a', 'b')}", "ab"},
    {STR, SQL_FN_STR_CONCAT, "{fn concat('a', NULL)}", "<null>"},
    {STR, SQL_FN_STR_DIFFERENCE, "{fn difference('Robert', 'Rupert')}", "4"},
    {STR, SQL_FN_STR_INSERT, "{fn insert('abcdef', 2, 3, 'XY')}", "aXYef"},
    {STR, SQL_FN_STR_INSERT, "{fn insert('abc', 4, 0, 'd')}", "abcd"},
    {STR, SQL_FN_STR_LCASE, "{fn lcase('AbC')}", "abc"},
    {STR, SQL_FN_STR_LEFT, "{fn left('abc', 2)}", "ab"},
    {STR, SQL_FN_STR_LENGTH, "{fn length('ab  ')}", "2"},
    {STR, SQL_FN_STR_LOCATE, "{fn locate('c', 'abcabc')}", "3"},
    {STR, SQL_FN_STR_LOCATE, "{fn locate('c', 'abcabc', 4)}", "6"},
    {STR, SQL_FN_STR_LOCATE, "{fn locate('x', 'abcabc', 2)}", "0"},
    {STR, SQL_FN_STR_LOCATE_2, "{fn locate('b', 'abcabc')}", "2"},
    {STR, SQL_FN_STR_LTRIM, "{fn ltrim('  a ')}", "a "},
    {STR, SQL_FN_STR_OCTET_LENGTH, "{fn octet_length('\xc3\xa9')}", "2"},
    {STR, SQL_FN_STR_POSITION, "{fn position('b' IN 'abc')}", "2"},
    {STR, SQL_FN_STR_REPEAT, "{fn repeat('ab', 2)}", "abab"},
    {STR, SQL_FN_STR_REPLACE, "{fn replace('abc', 'b', 'x')}", "axc"},
    {STR, SQL_FN_STR_RIGHT, "{fn right('abc', 2)}", "bc"},
    {STR, SQL_FN_STR_RIGHT, "{fn right('abc', 5)}", "abc"},
    {STR, SQL_FN_STR_RIGHT, "{fn right('abc', 0)}", ""},
    {STR, SQL_FN_STR_RTRIM, "{fn rtrim(' a  ')}", " a"},
    {STR, SQL_FN_STR_SOUNDEX, "{fn soundex('Robert')}", "R163"},
    {STR, SQL_FN_STR_SPACE, "{fn concat({fn space(2)}, 'x')}", "  x"},
    {STR, SQL_FN_STR_SUBSTRING, "{fn substring('abcdef', 2, 3)}", "bcd"},
    {STR, SQL_FN_STR_SUBSTRING, "{fn substring('abcdef', 3)}", "cdef"},
    {STR, SQL_FN_STR_UCASE, "{fn ucase('aBc')}", "ABC"},
    {NUM, SQL_FN_NUM_ABS, "{fn abs(-3)}", "3"},
    {NUM, SQL_FN_NUM_ACOS, "{fn round({fn acos(0)}, 4)}", "1.5708"},
    {NUM, SQL_FN_NUM_ASIN, "{fn round({fn asin(1)}, 4)}", "1.5708"},
    {NUM, SQL_FN_NUM_ATAN, "{fn round({fn atan(1)}, 4)}", "0.7854"},
    {NUM, SQL_FN_NUM_ATAN2, "{fn round({fn atan2(1, 1)}, 4)}", "0.7854"},
    {NUM, SQL_FN_NUM_CEILING, "{fn ceiling(1.2)}", "2"},
    {NUM, SQL_FN_NUM_COS, "{fn round({fn cos(0)}, 4)}", "1"},
    {NUM, SQL_FN_NUM_COT, "{fn round({fn cot(1)}, 4)}", "0.6421"},
    {NUM, SQL_FN_NUM_DEGREES, "{fn round({fn degrees(1)}, 2)}", "57.3"},
    {NUM, SQL_FN_NUM_EXP, "{fn round({fn exp(1)}, 4)}", "2.7183"},
    {NUM, SQL_FN_NUM_FLOOR, "{fn floor(1.7)}", "1"},
    {NUM, SQL_FN_NUM_FLOOR, "{fn floor(-1.2)}", "-2"},
    {NUM, SQL_FN_NUM_LOG, "{fn round({fn log(10)}, 4)}", "2.3026"},
    {NUM, SQL_FN_NUM_LOG10, "{fn log10(100)}", "2"},
    {NUM, SQL_FN_NUM_MOD, "{fn mod(7, 3)}", "1"},
    {NUM, SQL_FN_NUM_PI, "{fn round({fn pi()}, 4)}", "3.1416"},
    {NUM, SQL_FN_NUM_POWER, "{fn power(2, 3)}", "8"},
    {NUM, SQL_FN_NUM_RADIANS, "{fn round({fn radians(180)}, 4)}", "3.1416"},
    {NUM, SQL_FN_NUM_RAND, "{fn rand()} BETWEEN 0 AND 1", "1"},
    {NUM, SQL_FN_NUM_ROUND, "{fn round(2.345, 2)}", "2.350"},
    {NUM, SQL_FN_NUM_SIGN, "{fn sign(-3)}", "-1"},
    {NUM, SQL_FN_NUM_SIN, "{fn round({fn sin(0)}, 4)}", "0"},
    {NUM, SQL_FN_NUM_SQRT, "{fn sqrt(16)}", "4"},
    {NUM, SQL_FN_NUM_TAN, "{fn round({fn tan(0)}, 4)}", "0"},
    {NUM, SQL_FN_NUM_TRUNCATE, "{fn truncate(1.789e0, 1)}", "1.7"},
    {TD, SQL_FN_TD_CURRENT_DATE, "{fn year({fn current_date()})} >= 2024", "1"},
    {TD, SQL_FN_TD_CURRENT_TIME, "{fn current_time()} IS NOT NULL", "1"},
    {TD, SQL_FN_TD_CURRENT_TIMESTAMP, "{fn current_timestamp()} IS NOT NULL",
     "1"},
    {TD, SQL_FN_TD_CURDATE, "{fn year({fn curdate()})} >= 2024", "1"},
    {TD, SQL_FN_TD_CURTIME, "{fn curtime()} IS NOT NULL", "1"},
    {TD, SQL_FN_TD_DAYNAME, "{fn dayname({d '2024-01-07'})}", "Sunday"},
    {TD, SQL_FN_TD_DAYOFMONTH, "{fn dayofmonth({d '2024-01-07'})}", "7"},
    {TD, SQL_FN_TD_DAYOFWEEK, "{fn dayofweek({d '2024-01-07'})}", "1"},
    {TD, SQL_FN_TD_DAYOFWEEK, "{fn dayofweek({d '2024-01-08'})}", "2"},
    {TD, SQL_FN_TD_DAYOFYEAR, "{fn dayofyear({d '2024-02-01'})}", "32"},
    {TD, SQL_FN_TD_EXTRACT, "{fn extract(YEAR FROM {d '2024-02-01'})}",
     "2024"},
    {TD, SQL_FN_TD_HOUR, "{fn hour({ts '2024-01-07 13:14:15'})}", "13"},
    {TD, SQL_FN_TD_MINUTE, "{fn minute({ts '2024-01-07 13:14:15'})}", "14"},
    {TD, SQL_FN_TD_MONTH, "{fn month({d '2024-02-01'})}", "2"},
    {TD, SQL_FN_TD_MONTHNAME, "{fn monthname({d '2024-02-01'})}", "February"},
    {TD, SQL_FN_TD_NOW, "{fn now()} IS NOT NULL", "1"},
    {TD, SQL_FN_TD_QUARTER, "{fn quarter({d '2024-05-01'})}", "2"},
    {TD, SQL_FN_TD_SECOND, "{fn second({ts '2024-01-07 13:14:15'})}", "15"},
    {TD, SQL_FN_TD_TIMESTAMPADD,
     "{fn timestampadd(SQL_TSI_DAY, 1, {d '2024-01-07'})}", "2024-01-08"},
    {TD, SQL_FN_TD_TIMESTAMPDIFF,
     "{fn timestampdiff(SQL_TSI_DAY, {d '2024-01-07'}, {d '2024-01-10'})}",
     "3"},
    {TD, SQL_FN_TD_WEEK, "{fn week({d '2024-01-10'})}", "2"},
    {TD, SQL_FN_TD_YEAR, "{fn year({d '2024-02-01'})}", "2024"},
    {SYS, SQL_FN_SYS_DBNAME, "{fn database()} IS NULL OR true", "1"},
    {SYS, SQL_FN_SYS_IFNULL, "{fn ifnull(NULL, 3)}", "3"},
    {SYS, SQL_FN_SYS_IFNULL, "{fn ifnull(2, 3)}", "2"},
    {SYS, SQL_FN_SYS_USERNAME, "{fn user()} IS NULL OR true", "1"},
    {CVT, SQL_FN_CVT_CAST, "CAST('12' AS integer) + 1", "13"},
    {CVT, SQL_FN_CVT_CONVERT, "{fn convert('12', SQL_INTEGER)} + 1", "13"},
#define TS "{ts '2024-01-07 13:14:15'}"
    {TADD, SQL_FN_TSI_SECOND, "{fn timestampadd(SQL_TSI_SECOND, 1, " TS ")}",
     NULL},
    {TADD, SQL_FN_TSI_MINUTE, "{fn timestampadd(SQL_TSI_MINUTE, 1, " TS ")}",
     NULL},
    {TADD, SQL_FN_TSI_HOUR, "{fn timestampadd(SQL_TSI_HOUR, 1, " TS ")}",
     NULL},
    {TADD, SQL_FN_TSI_DAY, "{fn timestampadd(SQL_TSI_DAY, 1, " TS ")}", NULL},
    {TADD, SQL_FN_TSI_WEEK, "{fn timestampadd(SQL_TSI_WEEK, 1, " TS ")}",
     NULL},
    {TADD, SQL_FN_TSI_MONTH, "{fn timestampadd(SQL_TSI_MONTH, 1, " TS ")}",
     NULL},
    {TADD, SQL_FN_TSI_QUARTER, "{fn timestampadd(SQL_TSI_QUARTER, 1, " TS
     ")}", NULL},
    {TADD, SQL_FN_TSI_YEAR, "{fn timestampadd(SQL_TSI_YEAR, 1, " TS ")}",
     NULL},
    {TDIFF, SQL_FN_TSI_SECOND, "{fn timestampdiff(SQL_TSI_SECOND, " TS ", "
     TS ")}", "0"},
    {TDIFF, SQL_FN_TSI_MINUTE, "{fn timestampdiff(SQL_TSI_MINUTE, " TS ", "
     TS ")}", "0"},
    {TDIFF, SQL_FN_TSI_HOUR, "{fn timestampdiff(SQL_TSI_HOUR, " TS ", " TS
     ")}", "0"},
    {TDIFF, SQL_FN_TSI_DAY, "{fn timestampdiff(SQL_TSI_DAY, " TS ", " TS ")}",
     "0"},
    {TDIFF, SQL_FN_TSI_WEEK, "{fn timestampdiff(SQL_TSI_WEEK, " TS ", " TS
     ")}", "0"},
    {TDIFF, SQL_FN_TSI_MONTH, "{fn timestampdiff(SQL_TSI_MONTH, " TS ", " TS
     ")}", "0"},
    {TDIFF, SQL_FN_TSI_QUARTER, "{fn timestampdiff(SQL_TSI_QUARTER, " TS ", "
     TS ")}", "0"},
    {TDIFF, SQL_FN_TSI_YEAR, "{fn timestampdiff(SQL_TSI_YEAR, " TS ", " TS
     ")}", "0"},
    /* literals: the escape and the engine's own syntax (the escape is
       refused while the driver believes the engine lacks the type, so the
       raw form is what shows that the engine has gained it) */
    {DL, SQL_DL_SQL92_DATE, "{d '2024-01-07'}", "2024-01-07"},
    {DL, SQL_DL_SQL92_DATE, "DATE '2024-01-07'", "2024-01-07"},
    {DL, SQL_DL_SQL92_TIME, "{t '13:14:15'}", NULL},
    {DL, SQL_DL_SQL92_TIME, "TIME '13:14:15'", NULL},
    {DL, SQL_DL_SQL92_TIMESTAMP, TS, NULL},
    {DL, SQL_DL_SQL92_TIMESTAMP, "TIMESTAMP '2024-01-07 13:14:15'", NULL},
#define IV(bit, lit) {DL, bit, "{INTERVAL " lit "}", NULL}, \
                     {DL, bit, "INTERVAL " lit, NULL}
    IV(SQL_DL_SQL92_INTERVAL_YEAR, "'1' YEAR"),
    IV(SQL_DL_SQL92_INTERVAL_MONTH, "'1' MONTH"),
    IV(SQL_DL_SQL92_INTERVAL_DAY, "'1' DAY"),
    IV(SQL_DL_SQL92_INTERVAL_HOUR, "'1' HOUR"),
    IV(SQL_DL_SQL92_INTERVAL_MINUTE, "'1' MINUTE"),
    IV(SQL_DL_SQL92_INTERVAL_SECOND, "'1' SECOND"),
    IV(SQL_DL_SQL92_INTERVAL_YEAR_TO_MONTH, "'1-2' YEAR TO MONTH"),
    IV(SQL_DL_SQL92_INTERVAL_DAY_TO_HOUR, "'1 2' DAY TO HOUR"),
    IV(SQL_DL_SQL92_INTERVAL_DAY_TO_MINUTE, "'1 2:03' DAY TO MINUTE"),
    IV(SQL_DL_SQL92_INTERVAL_DAY_TO_SECOND, "'1 2:03:04' DAY TO SECOND"),
    IV(SQL_DL_SQL92_INTERVAL_HOUR_TO_MINUTE, "'2:03' HOUR TO MINUTE"),
    IV(SQL_DL_SQL92_INTERVAL_HOUR_TO_SECOND, "'2:03:04' HOUR TO SECOND"),
    IV(SQL_DL_SQL92_INTERVAL_MINUTE_TO_SECOND, "'03:04' MINUTE TO SECOND"),
};

static const struct {
    SQLUSMALLINT info;
    const char *name;
} mask_types[] = {
    {STR, "SQL_STRING_FUNCTIONS"},     {NUM, "SQL_NUMERIC_FUNCTIONS"},
    {TD, "SQL_TIMEDATE_FUNCTIONS"},    {SYS, "SQL_SYSTEM_FUNCTIONS"},
    {CVT, "SQL_CONVERT_FUNCTIONS"},    {TADD, "SQL_TIMEDATE_ADD_INTERVALS"},
    {TDIFF, "SQL_TIMEDATE_DIFF_INTERVALS"}, {DL, "SQL_DATETIME_LITERALS"},
};

/*
 * For each mask: an advertised bit needs samples, and each must give its
 * value; a bit not advertised must have no sample that gives its value.
 */
static void test_function_masks(void **state)
{
    (void)state;
    int failures = 0;
    for (size_t m = 0; m < sizeof mask_types / sizeof *mask_types; m++) {
        SQLUINTEGER mask = info32(mask_types[m].info), works = 0, tried = 0;
        for (int b = 0; b < 32; b++) {
            SQLUINTEGER bit = 1u << b;
            bool any = false, all_ok = true, any_ok = false;
            for (size_t i = 0; i < sizeof samples / sizeof *samples; i++) {
                const sample *s = &samples[i];
                if (s->info != mask_types[m].info || s->bit != bit)
                    continue;
                any = true;
                char got[2300];
                bool ok = eval(s->expr, got, sizeof got);
                bool right = ok && (!s->expect || !strcmp(got, s->expect));
                all_ok &= right;
                any_ok |= right;
                if ((mask & bit) && !right) {
                    fprintf(stderr, "FAIL %s bit 0x%x advertised: SELECT %s "
                            "-> %s (want %s)\n", mask_types[m].name, bit,
                            s->expr, got, s->expect ? s->expect : "a value");
                    failures++;
                }
                if (!(mask & bit) && ok && !right)
                    fprintf(stderr, "note: %s bit 0x%x not advertised: "
                            "SELECT %s runs but gives %s (not %s)\n",
                            mask_types[m].name, bit, s->expr, got, s->expect);
            }
            if (any)
                tried |= bit;
            if (any && all_ok)
                works |= bit;
            if ((mask & bit) && !any) {
                fprintf(stderr, "FAIL %s bit 0x%x is advertised but this "
                        "test has no sample for it\n", mask_types[m].name,
                        bit);
                failures++;
            }
            if (!(mask & bit) && any_ok) {
                fprintf(stderr, "FAIL %s bit 0x%x works but is not "
                        "advertised (driver/escape.c)\n", mask_types[m].name,
                        bit);
                failures++;
            }
        }
        fprintf(stderr, "%s: advertised 0x%x, works 0x%x (of 0x%x tried)\n",
                mask_types[m].name, mask, works, tried);
    }
    assert_int_equal(failures, 0);
}

/* ------------------------------------------------------- convert masks */

/* Source types of SQL_CONVERT_*: the SQL type a sample must describe as. */
static const struct {
    SQLUSMALLINT info;
    const char *name;
    SQLSMALLINT type;
    const char *expr;     /* %s: the text sample for character sources */
} sources[] = {
    {SQL_CONVERT_BIGINT, "BIGINT", SQL_BIGINT, "CAST(1 AS bigint)"},
    {SQL_CONVERT_BINARY, "BINARY", SQL_BINARY, "X'01'"},
    {SQL_CONVERT_BIT, "BIT", SQL_BIT, "true"},
    {SQL_CONVERT_CHAR, "CHAR", SQL_CHAR, "CAST(%s AS char(40))"},
    {SQL_CONVERT_DATE, "DATE", SQL_TYPE_DATE, "DATE '2024-01-07'"},
    {SQL_CONVERT_DECIMAL, "DECIMAL", SQL_DECIMAL, "CAST(1 AS decimal(10,2))"},
    {SQL_CONVERT_DOUBLE, "DOUBLE", SQL_DOUBLE, "CAST(1 AS double)"},
    {SQL_CONVERT_FLOAT, "FLOAT", SQL_FLOAT, "CAST(1 AS double)"},
    {SQL_CONVERT_INTEGER, "INTEGER", SQL_INTEGER, "CAST(1 AS integer)"},
    {SQL_CONVERT_INTERVAL_DAY_TIME, "INTERVAL_DAY_TIME",
     SQL_INTERVAL_DAY_TO_SECOND, "INTERVAL '1' DAY"},
    {SQL_CONVERT_INTERVAL_YEAR_MONTH, "INTERVAL_YEAR_MONTH",
     SQL_INTERVAL_YEAR_TO_MONTH, "INTERVAL '1' YEAR"},
    {SQL_CONVERT_LONGVARBINARY, "LONGVARBINARY", SQL_LONGVARBINARY,
     "X'01'"},
    {SQL_CONVERT_LONGVARCHAR, "LONGVARCHAR", SQL_LONGVARCHAR, "%s"},
    {SQL_CONVERT_NUMERIC, "NUMERIC", SQL_NUMERIC, "CAST(1 AS decimal(10,2))"},
    {SQL_CONVERT_REAL, "REAL", SQL_REAL, "CAST(1 AS real)"},
    {SQL_CONVERT_SMALLINT, "SMALLINT", SQL_SMALLINT, "CAST(1 AS smallint)"},
    {SQL_CONVERT_TIME, "TIME", SQL_TYPE_TIME, "TIME '13:14:15'"},
    {SQL_CONVERT_TIMESTAMP, "TIMESTAMP", SQL_TYPE_TIMESTAMP,
     "TIMESTAMP '2024-01-07 13:14:15'"},
    {SQL_CONVERT_TINYINT, "TINYINT", SQL_TINYINT, "CAST(1 AS tinyint)"},
    {SQL_CONVERT_VARBINARY, "VARBINARY", SQL_VARBINARY, "X'01'"},
    {SQL_CONVERT_VARCHAR, "VARCHAR", SQL_VARCHAR, "%s"},
    {SQL_CONVERT_WCHAR, "WCHAR", SQL_WCHAR, "CAST(%s AS char(40))"},
    {SQL_CONVERT_WLONGVARCHAR, "WLONGVARCHAR", SQL_WLONGVARCHAR, "%s"},
    {SQL_CONVERT_WVARCHAR, "WVARCHAR", SQL_WVARCHAR, "%s"},
    {SQL_CONVERT_GUID, "GUID", SQL_GUID,
     "CAST('12151fd2-7586-11e9-8f9e-2a86e4085a59' AS uuid)"},
};

/* Targets: the bit, the ODBC type name, the text a character source holds. */
static const struct {
    SQLUINTEGER bit;
    const char *name;
    const char *text;
} targets[] = {
    {SQL_CVT_BIGINT, "SQL_BIGINT", "'1'"},
    {SQL_CVT_BINARY, "SQL_BINARY", "'ab'"},
    {SQL_CVT_BIT, "SQL_BIT", "'true'"},
    {SQL_CVT_CHAR, "SQL_CHAR", "'1'"},
    {SQL_CVT_DATE, "SQL_DATE", "'2024-01-07'"},
    {SQL_CVT_DECIMAL, "SQL_DECIMAL", "'1'"},
    {SQL_CVT_DOUBLE, "SQL_DOUBLE", "'1'"},
    {SQL_CVT_FLOAT, "SQL_FLOAT", "'1'"},
    {SQL_CVT_INTEGER, "SQL_INTEGER", "'1'"},
    {SQL_CVT_INTERVAL_YEAR_MONTH, "SQL_INTERVAL_YEAR_TO_MONTH", "'1-2'"},
    {SQL_CVT_INTERVAL_DAY_TIME, "SQL_INTERVAL_DAY_TO_SECOND", "'1 2:03:04'"},
    {SQL_CVT_LONGVARBINARY, "SQL_LONGVARBINARY", "'ab'"},
    {SQL_CVT_LONGVARCHAR, "SQL_LONGVARCHAR", "'1'"},
    {SQL_CVT_NUMERIC, "SQL_NUMERIC", "'1'"},
    {SQL_CVT_REAL, "SQL_REAL", "'1'"},
    {SQL_CVT_SMALLINT, "SQL_SMALLINT", "'1'"},
    {SQL_CVT_TIME, "SQL_TIME", "'13:14:15'"},
    {SQL_CVT_TIMESTAMP, "SQL_TIMESTAMP", "'2024-01-07 13:14:15'"},
    {SQL_CVT_TINYINT, "SQL_TINYINT", "'1'"},
    {SQL_CVT_VARBINARY, "SQL_VARBINARY", "'ab'"},
    {SQL_CVT_VARCHAR, "SQL_VARCHAR", "'1'"},
    {SQL_CVT_WCHAR, "SQL_WCHAR", "'1'"},
    {SQL_CVT_WLONGVARCHAR, "SQL_WLONGVARCHAR", "'1'"},
    {SQL_CVT_WVARCHAR, "SQL_WVARCHAR", "'1'"},
    {SQL_CVT_GUID, "SQL_GUID", "'12151fd2-7586-11e9-8f9e-2a86e4085a59'"},
};

/* SQL type of "SELECT expr", or 0 if it fails. */
static SQLSMALLINT type_of(const char *expr)
{
    char sql[600];
    snprintf(sql, sizeof sql, "SELECT %s", expr);
    SQLHSTMT st;
    SQLAllocHandle(SQL_HANDLE_STMT, conn.dbc, &st);
    SQLSMALLINT type = 0, dec, nul, nl;
    SQLULEN size;
    SQLCHAR name[64];
    if (!SQL_SUCCEEDED(SQLPrepare(st, (SQLCHAR *)sql, SQL_NTS)) ||
        !SQL_SUCCEEDED(SQLDescribeCol(st, 1, name, sizeof name, &nl, &type,
                                      &size, &dec, &nul)))
        type = 0;
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    return type;
}

/*
 * SQL_CONVERT_<source>: 0 when the engine has no value of that type (the
 * sample does not describe as it); otherwise each target bit is set if and
 * only if {fn CONVERT(sample, SQL_<target>)} runs.
 */
static void test_convert_masks(void **state)
{
    (void)state;
    int failures = 0;
    for (size_t i = 0; i < sizeof sources / sizeof *sources; i++) {
        SQLUINTEGER mask = info32(sources[i].info), works = 0;
        char expr[512];
        snprintf(expr, sizeof expr, sources[i].expr, "'1'");
        SQLSMALLINT t = type_of(expr);
        bool have = t == sources[i].type ||
                    (sources[i].type == SQL_TYPE_DATE && t == SQL_DATE);
        if (have) {
            for (size_t k = 0; k < sizeof targets / sizeof *targets; k++) {
                char val[256], call[700], got[2300];
                snprintf(val, sizeof val, sources[i].expr, targets[k].text);
                snprintf(call, sizeof call, "{fn convert(%s, %s)}", val,
                         targets[k].name);
                bool ok = eval(call, got, sizeof got);
                if (ok)
                    works |= targets[k].bit;
                if (ok != !!(mask & targets[k].bit)) {
                    fprintf(stderr, "FAIL SQL_CONVERT_%s %s %s: SELECT %s -> "
                            "%s\n", sources[i].name, ok ? "does not advertise"
                            : "advertises", targets[k].name, call, got);
                    failures++;
                }
            }
        } else if (mask) {
            fprintf(stderr, "FAIL SQL_CONVERT_%s = 0x%x but the engine has no "
                    "such values (SELECT %s describes as %d)\n",
                    sources[i].name, mask, expr, t);
            failures++;
        }
        fprintf(stderr, "SQL_CONVERT_%s: advertised 0x%x, works 0x%x%s\n",
                sources[i].name, mask, works, have ? "" : " (no such type)");
    }
    assert_int_equal(failures, 0);
}

/* ------------------------------------------------------- outer joins */

#define CUST "customersdb.public.customers"
#define ORD "ordersdb.public.orders"
#define PAY "paymentsdb.public.payments"

/* SQL_OJ_CAPABILITIES bit by bit: the {oj} form runs and agrees with the
 * same query without the escape. */
static void test_outer_joins(void **state)
{
    (void)state;
    static const struct {
        SQLUINTEGER bit;
        const char *from;
    } oj[] = {
        {SQL_OJ_LEFT, CUST " c LEFT OUTER JOIN " ORD " o ON o.user_id = c.id"},
        {SQL_OJ_RIGHT, ORD " o RIGHT OUTER JOIN " CUST " c ON o.user_id = c.id"},
        {SQL_OJ_FULL, CUST " c FULL OUTER JOIN " ORD " o ON o.user_id = c.id"},
        {SQL_OJ_NESTED, CUST " c LEFT OUTER JOIN " ORD " o ON o.user_id = c.id"
         " LEFT OUTER JOIN " PAY " p ON p.order_id = o.id"},
        {SQL_OJ_NOT_ORDERED, CUST " c LEFT OUTER JOIN " ORD
         " o ON c.id = o.user_id"},
        {SQL_OJ_INNER, CUST " c LEFT OUTER JOIN " ORD " o ON o.user_id = c.id"
         " INNER JOIN " PAY " p ON p.order_id = o.id"},
        {SQL_OJ_ALL_COMPARISON_OPS, CUST " c LEFT OUTER JOIN " ORD
         " o ON o.user_id = c.id AND o.id < 10"},
    };
    SQLUINTEGER mask = info32(SQL_OJ_CAPABILITIES), works = 0;
    int failures = 0;
    for (size_t i = 0; i < sizeof oj / sizeof *oj; i++) {
        char esc[1024], plain[1024], a[2300], b[2300];
        snprintf(esc, sizeof esc, "count(*) FROM {oj %s}", oj[i].from);
        snprintf(plain, sizeof plain, "count(*) FROM %s", oj[i].from);
        bool ok = eval(esc, a, sizeof a) && eval(plain, b, sizeof b) &&
                  !strcmp(a, b);
        if (ok)
            works |= oj[i].bit;
        if ((mask & oj[i].bit) && !ok) {
            fprintf(stderr, "FAIL SQL_OJ_CAPABILITIES 0x%x advertised: "
                    "SELECT %s -> %s / %s\n", oj[i].bit, esc, a, b);
            failures++;
        }
    }
    fprintf(stderr, "SQL_OJ_CAPABILITIES: advertised 0x%x, works 0x%x\n",
            mask, works);
    char yn[8];
    assert_int_equal(SQLGetInfo(conn.dbc, SQL_OUTER_JOINS, yn, sizeof yn,
                                NULL), SQL_SUCCESS);
    assert_string_equal(yn, (mask & (SQL_OJ_LEFT | SQL_OJ_RIGHT)) ? "Y" : "N");
    assert_int_equal(failures, 0);
}

/* -------------------------------------------------------- behaviours */

/* SQLSTATE and message of a failing "SELECT expr". */
static void expect_error(const char *expr, const char *state,
                         const char *in_msg)
{
    char got[2300];
    if (eval(expr, got, sizeof got)) {
        fprintf(stderr, "SELECT %s succeeded: %s\n", expr, got);
        fail();
    }
    if (strncmp(got, state, 5) || (in_msg && !strstr(got, in_msg))) {
        fprintf(stderr, "SELECT %s: got %s, want %s ... %s\n", expr, got,
                state, in_msg ? in_msg : "");
        fail();
    }
}

static void want_value(const char *expr, const char *want)
{
    char got[2300];
    if (!eval(expr, got, sizeof got) || strcmp(got, want)) {
        fprintf(stderr, "SELECT %s -> %s, want %s\n", expr, got, want);
        fail();
    }
}

static void test_escape_behaviour(void **state)
{
    (void)state;
    /* nesting, mixed case, blanks */
    want_value("{fn ucase({fn lcase({fn concat('Ab', 'C')})})}", "ABC");
    want_value("{ FN UCase ( 'x' ) }", "X");
    want_value("{fn length({fn ltrim({fn concat('  a', {fn rtrim('b  ')})})})}",
                 "2");
    /* braces in literals, quoted identifiers and comments are text */
    want_value("'{fn ucase(''a'')}'", "{fn ucase('a')}");
    {
        SQLHSTMT st = SQL_NULL_HSTMT;
        ou_result r;
        ou_diag d;
        assert_true(SQL_SUCCEEDED(ou_query(&conn, &st,
            "SELECT {fn ucase('a')} AS \"{fn x}\" -- {unbalanced\n"
            ", /* {d 'x'} */ 1 AS \"}\"", &r, &d)));
        assert_string_equal(r.names[0], "{fn x}");
        assert_string_equal(r.names[1], "}");
        assert_string_equal(r.cells[0], "A");
        ou_result_free(&r);
        SQLFreeHandle(SQL_HANDLE_STMT, st);
    }
    /* date literal, LIKE escape, oj over a real join */
    want_value("{d '2024-01-07'}", "2024-01-07");
    want_value("{fn year({d '2024-01-07'})} + 1", "2025");
    want_value("'a_c' LIKE 'a!_c' {escape '!'}", "1");
    want_value("'abc' LIKE 'a!_c' {escape '!'}", "0");
    want_value("count(*) FROM {oj " CUST " c LEFT OUTER JOIN " ORD
                 " o ON o.user_id = c.id} WHERE o.id IS NULL", "38");
    want_value("{fn convert({fn convert('7', SQL_INTEGER)}, SQL_VARCHAR)}",
                 "7");
    want_value("{fn locate('b', {fn concat('ab', 'b')}, 3)}", "3");
    /* time, timestamp and interval literals (the engine has the types) */
    want_value("{t '13:14:15'}", "13:14:15");
    want_value("{ts '2024-01-07 13:14:15'}", "2024-01-07 13:14:15");
    want_value("{ts '2024-01-07 13:14:15'} + {INTERVAL '1' DAY}",
               "2024-01-08 13:14:15.000");
    want_value("{INTERVAL -'1-2' YEAR TO MONTH}", "-1-2");
    /* a Trino function through {fn} (not an ODBC name) */
    want_value("{fn greatest(1, 5, 3)}", "5");
    /* errors, with their position */
    expect_error("{fn ucase('a')", "42000", "line 1:8: unterminated ODBC "
                 "escape");
    expect_error("{fn ucase('a'}", "42000", "line 1:21:");
    expect_error("1 }", "42000", "line 1:10: unbalanced '}'");
    expect_error("{xyz 1}", "42000", "unknown ODBC escape '{xyz'");
    expect_error("{}", "42000", "empty ODBC escape");
    expect_error("{fn ucase('a', 'b')}", "42000", "{fn ucase} takes 1 "
                 "argument, got 2");
    expect_error("{fn convert(1, SQL_NOPE)}", "42000", "not an ODBC SQL type");
    expect_error("{fn ucase(,)}", "42000", "argument 1 is empty");
    expect_error("{d 2024}", "42000", "needs a string literal");
    expect_error("{call p(1)}", "HYC00", "{call ...} is not supported");
    expect_error("{?= call p(1)}", "HYC00", "{?= call ...}");
    expect_error("{fn rand(3)}", "HYC00", "seed");
    /* the engine's own errors still come through */
    expect_error("{fn ucase(1)}", "42883", NULL);
}

/* Hostile nesting: deep escapes give 54001 (or the engine's limit), never
 * a crash; thousands of unbalanced braces give 42000. */
static void test_hostile_nesting(void **state)
{
    (void)state;
    size_t depth = 100000;
    char *q = malloc(depth * 12 + 64);
    size_t n = 0;
    for (size_t i = 0; i < depth; i++) {
        memcpy(q + n, "{fn ucase(", 10);
        n += 10;
    }
    q[n++] = '1';
    for (size_t i = 0; i < depth; i++) {
        memcpy(q + n, ")}", 2);
        n += 2;
    }
    q[n] = '\0';
    expect_error(q, "54001", "nested more than");
    memset(q, '{', depth);
    q[depth] = '\0';
    expect_error(q, "42000", "unknown ODBC escape");
    for (size_t i = 0; i < depth; i++)
        q[i] = i % 2 ? '}' : '{';
    expect_error(q, "42000", "empty ODBC escape");
    /* 30 levels: within the bound, and the engine takes it */
    n = 0;
    for (int i = 0; i < 30; i++)
        n += (size_t)sprintf(q + n, "{fn %s(", i % 2 ? "ucase" : "lcase");
    n += (size_t)sprintf(q + n, "'aB'");
    for (int i = 0; i < 30; i++)
        n += (size_t)sprintf(q + n, ")}");
    want_value(q, "ab");
    free(q);
}

static void test_native_sql(void **state)
{
    (void)state;
    const char *in = "SELECT {fn ucase('a')}, {d '2024-01-07'}";
    const char *want = "SELECT upper('a'), DATE '2024-01-07'";
    SQLCHAR out[256];
    SQLINTEGER len = -1;
    assert_int_equal(SQLNativeSql(conn.dbc, (SQLCHAR *)in, SQL_NTS, out,
                                  sizeof out, &len), SQL_SUCCESS);
    assert_string_equal((char *)out, want);
    assert_int_equal(len, (SQLINTEGER)strlen(want));
    /* explicit input length: only the first statement's text */
    assert_int_equal(SQLNativeSql(conn.dbc, (SQLCHAR *)in, 22, out,
                                  sizeof out, &len), SQL_SUCCESS);
    assert_string_equal((char *)out, "SELECT upper('a')");
    /* truncation: 01004, the full length, a terminated prefix */
    assert_int_equal(SQLNativeSql(conn.dbc, (SQLCHAR *)in, SQL_NTS, out, 10,
                                  &len), SQL_SUCCESS_WITH_INFO);
    assert_string_equal((char *)out, "SELECT up");
    assert_int_equal(len, (SQLINTEGER)strlen(want));
    char st[6] = "";
    SQLINTEGER nat;
    SQLSMALLINT ml;
    SQLCHAR msg[256];
    SQLGetDiagRec(SQL_HANDLE_DBC, conn.dbc, 1, (SQLCHAR *)st, &nat, msg,
                  sizeof msg, &ml);
    assert_string_equal(st, "01004");
    /* length only */
    len = -1;
    assert_int_equal(SQLNativeSql(conn.dbc, (SQLCHAR *)in, SQL_NTS, NULL, 0,
                                  &len), SQL_SUCCESS);
    assert_int_equal(len, (SQLINTEGER)strlen(want));
    /* a translation error */
    assert_int_equal(SQLNativeSql(conn.dbc, (SQLCHAR *)"{fn x(", SQL_NTS,
                                  out, sizeof out, &len), SQL_ERROR);
    SQLGetDiagRec(SQL_HANDLE_DBC, conn.dbc, 1, (SQLCHAR *)st, &nat, msg,
                  sizeof msg, &ml);
    assert_string_equal(st, "42000");
    /* W: lengths in characters, a non-BMP character kept whole */
    SQLWCHAR win[64], wout[64];
    const char *src = "{fn ucase('\xf0\x9f\x98\x80')}";  /* U+1F600 */
    size_t k = 0;
    for (const char *p = src; *p; p++) {
        if ((unsigned char)*p == 0xf0) {
            win[k++] = 0xD83D;
            win[k++] = 0xDE00;
            p += 3;
        } else {
            win[k++] = (SQLWCHAR)(unsigned char)*p;
        }
    }
    win[k] = 0;
    len = -1;
    assert_int_equal(SQLNativeSqlW(conn.dbc, win, SQL_NTS, wout, 64, &len),
                     SQL_SUCCESS);
    assert_int_equal(len, 11);   /* upper('') + 2 units */
    assert_int_equal(wout[0], 'u');
    assert_int_equal(wout[7], 0xD83D);
    assert_int_equal(wout[8], 0xDE00);
    assert_int_equal(wout[10], ')');
    /* cut before the surrogate pair: never half of it */
    assert_int_equal(SQLNativeSqlW(conn.dbc, win, SQL_NTS, wout, 9, &len),
                     SQL_SUCCESS_WITH_INFO);
    assert_int_equal(len, 11);
    assert_int_equal(wout[7], 0);
}

/* SQL_ATTR_NOSCAN: statement and connection attribute. */
static void test_noscan(void **state)
{
    (void)state;
    const char *sql = "SELECT {fn ucase('a')}";
    SQLHSTMT st;
    SQLAllocHandle(SQL_HANDLE_STMT, conn.dbc, &st);
    SQLULEN v = 99;
    assert_int_equal(SQLGetStmtAttr(st, SQL_ATTR_NOSCAN, &v, 0, NULL),
                     SQL_SUCCESS);
    assert_int_equal(v, SQL_NOSCAN_OFF);
    assert_int_equal(SQLSetStmtAttr(st, SQL_ATTR_NOSCAN,
                                    (SQLPOINTER)SQL_NOSCAN_ON, 0),
                     SQL_SUCCESS);
    assert_int_equal(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS), SQL_ERROR);
    ou_diag d;
    ou_last_diag(SQL_HANDLE_STMT, st, &d);
    assert_string_equal(d.sqlstate, "42000");   /* the engine saw the '{' */
    assert_int_equal(SQLSetStmtAttr(st, SQL_ATTR_NOSCAN,
                                    (SQLPOINTER)SQL_NOSCAN_OFF, 0),
                     SQL_SUCCESS);
    assert_int_equal(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS), SQL_SUCCESS);
    SQLFreeStmt(st, SQL_CLOSE);
    /* connection level: current and future statements */
    assert_int_equal(SQLSetConnectAttr(conn.dbc, SQL_ATTR_NOSCAN,
                                       (SQLPOINTER)SQL_NOSCAN_ON, 0),
                     SQL_SUCCESS);
    SQLUINTEGER cv = 0;
    assert_int_equal(SQLGetConnectAttr(conn.dbc, SQL_ATTR_NOSCAN, &cv, 0,
                                       NULL), SQL_SUCCESS);
    assert_int_equal(cv, SQL_NOSCAN_ON);
    SQLHSTMT st2;
    SQLAllocHandle(SQL_HANDLE_STMT, conn.dbc, &st2);
    assert_int_equal(SQLPrepare(st2, (SQLCHAR *)sql, SQL_NTS), SQL_ERROR);
    assert_int_equal(SQLPrepare(st, (SQLCHAR *)sql, SQL_NTS), SQL_ERROR);
    assert_int_equal(SQLSetConnectAttr(conn.dbc, SQL_ATTR_NOSCAN,
                                       (SQLPOINTER)SQL_NOSCAN_OFF, 0),
                     SQL_SUCCESS);
    assert_int_equal(SQLPrepare(st2, (SQLCHAR *)sql, SQL_NTS), SQL_SUCCESS);
    /* W forms translate too */
    SQLWCHAR w[64];
    for (size_t i = 0; i <= strlen(sql); i++)
        w[i] = (SQLWCHAR)sql[i];
    assert_int_equal(SQLPrepareW(st2, w, SQL_NTS), SQL_SUCCESS);
    assert_int_equal(SQLExecute(st2), SQL_SUCCESS);
    char buf[8];
    SQLLEN ind;
    assert_int_equal(SQLFetch(st2), SQL_SUCCESS);
    assert_int_equal(SQLGetData(st2, 1, SQL_C_CHAR, buf, sizeof buf, &ind),
                     SQL_SUCCESS);
    assert_string_equal(buf, "A");
    SQLFreeStmt(st2, SQL_CLOSE);
    assert_int_equal(SQLExecDirectW(st2, w, SQL_NTS), SQL_SUCCESS);
    SQLFreeHandle(SQL_HANDLE_STMT, st2);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

/* ---------------------------------------------- functions and isolation */

/* SQL_API id, exported name, and whether it takes or returns text. */
static const struct {
    SQLUSMALLINT id;
    const char *name;
    bool text;
} api[] = {
    {SQL_API_SQLALLOCHANDLE, "SQLAllocHandle", false},
    {SQL_API_SQLBINDCOL, "SQLBindCol", false},
    {SQL_API_SQLBINDPARAMETER, "SQLBindParameter", false},
    {SQL_API_SQLBROWSECONNECT, "SQLBrowseConnect", true},
    {SQL_API_SQLBULKOPERATIONS, "SQLBulkOperations", false},
    {SQL_API_SQLCANCEL, "SQLCancel", false},
    {SQL_API_SQLCLOSECURSOR, "SQLCloseCursor", false},
    {SQL_API_SQLCOLATTRIBUTE, "SQLColAttribute", true},
    {SQL_API_SQLCOLUMNPRIVILEGES, "SQLColumnPrivileges", true},
    {SQL_API_SQLCOLUMNS, "SQLColumns", true},
    {SQL_API_SQLCONNECT, "SQLConnect", true},
    {SQL_API_SQLCOPYDESC, "SQLCopyDesc", false},
    {SQL_API_SQLDESCRIBECOL, "SQLDescribeCol", true},
    {SQL_API_SQLDESCRIBEPARAM, "SQLDescribeParam", false},
    {SQL_API_SQLDISCONNECT, "SQLDisconnect", false},
    {SQL_API_SQLDRIVERCONNECT, "SQLDriverConnect", true},
    {SQL_API_SQLENDTRAN, "SQLEndTran", false},
    {SQL_API_SQLEXECDIRECT, "SQLExecDirect", true},
    {SQL_API_SQLEXECUTE, "SQLExecute", false},
    {SQL_API_SQLEXTENDEDFETCH, "SQLExtendedFetch", false},
    {SQL_API_SQLFETCH, "SQLFetch", false},
    {SQL_API_SQLFETCHSCROLL, "SQLFetchScroll", false},
    {SQL_API_SQLFOREIGNKEYS, "SQLForeignKeys", true},
    {SQL_API_SQLFREEHANDLE, "SQLFreeHandle", false},
    {SQL_API_SQLFREESTMT, "SQLFreeStmt", false},
    {SQL_API_SQLGETCONNECTATTR, "SQLGetConnectAttr", true},
    {SQL_API_SQLGETCURSORNAME, "SQLGetCursorName", true},
    {SQL_API_SQLGETDATA, "SQLGetData", false},
    {SQL_API_SQLGETDESCFIELD, "SQLGetDescField", true},
    {SQL_API_SQLGETDESCREC, "SQLGetDescRec", true},
    {SQL_API_SQLGETDIAGFIELD, "SQLGetDiagField", true},
    {SQL_API_SQLGETDIAGREC, "SQLGetDiagRec", true},
    {SQL_API_SQLGETENVATTR, "SQLGetEnvAttr", false},
    {SQL_API_SQLGETFUNCTIONS, "SQLGetFunctions", false},
    {SQL_API_SQLGETINFO, "SQLGetInfo", true},
    {SQL_API_SQLGETSTMTATTR, "SQLGetStmtAttr", true},
    {SQL_API_SQLGETTYPEINFO, "SQLGetTypeInfo", true},
    {SQL_API_SQLMORERESULTS, "SQLMoreResults", false},
    {SQL_API_SQLNATIVESQL, "SQLNativeSql", true},
    {SQL_API_SQLNUMPARAMS, "SQLNumParams", false},
    {SQL_API_SQLNUMRESULTCOLS, "SQLNumResultCols", false},
    {SQL_API_SQLPARAMDATA, "SQLParamData", false},
    {SQL_API_SQLPREPARE, "SQLPrepare", true},
    {SQL_API_SQLPRIMARYKEYS, "SQLPrimaryKeys", true},
    {SQL_API_SQLPROCEDURECOLUMNS, "SQLProcedureColumns", true},
    {SQL_API_SQLPROCEDURES, "SQLProcedures", true},
    {SQL_API_SQLPUTDATA, "SQLPutData", false},
    {SQL_API_SQLROWCOUNT, "SQLRowCount", false},
    {SQL_API_SQLSETCONNECTATTR, "SQLSetConnectAttr", true},
    {SQL_API_SQLSETCURSORNAME, "SQLSetCursorName", true},
    {SQL_API_SQLSETDESCFIELD, "SQLSetDescField", true},
    {SQL_API_SQLSETDESCREC, "SQLSetDescRec", false},
    {SQL_API_SQLSETENVATTR, "SQLSetEnvAttr", false},
    {SQL_API_SQLSETPOS, "SQLSetPos", false},
    {SQL_API_SQLSETSTMTATTR, "SQLSetStmtAttr", true},
    {SQL_API_SQLSPECIALCOLUMNS, "SQLSpecialColumns", true},
    {SQL_API_SQLSTATISTICS, "SQLStatistics", true},
    {SQL_API_SQLTABLEPRIVILEGES, "SQLTablePrivileges", true},
    {SQL_API_SQLTABLES, "SQLTables", true},
};

/*
 * Every function SQLGetFunctions claims is exported by the driver, and
 * its W form too when it takes or returns text (unixODBC calls the W
 * form of a Unicode driver: without it the application gets IM001).
 */
static void test_get_functions_exported(void **state)
{
    (void)state;
    const char *lib = getenv("MESH_DRIVER_LIB");
    assert_non_null(lib);
    void *h = dlopen(lib, RTLD_NOW | RTLD_LOCAL);
    assert_non_null(h);
    SQLUSMALLINT bits[SQL_API_ODBC3_ALL_FUNCTIONS_SIZE];
    assert_int_equal(SQLGetFunctions(conn.dbc, SQL_API_ODBC3_ALL_FUNCTIONS,
                                     bits), SQL_SUCCESS);
    int failures = 0;
    for (size_t i = 0; i < sizeof api / sizeof *api; i++) {
        if (!SQL_FUNC_EXISTS(bits, api[i].id))
            continue;
        char w[64];
        snprintf(w, sizeof w, "%sW", api[i].name);
        if (!dlsym(h, api[i].name) || (api[i].text && !dlsym(h, w))) {
            fprintf(stderr, "FAIL SQLGetFunctions claims %s, but %s is not "
                    "exported\n", api[i].name,
                    dlsym(h, api[i].name) ? w : api[i].name);
            failures++;
        }
    }
    dlclose(h);
    assert_int_equal(failures, 0);
}

/* The five functions that once lacked a W form answer through it. */
static void test_w_catalog_and_desc(void **state)
{
    (void)state;
    static const struct {
        int which;
        int ncols;
    } cat[] = {{0, 19}, {1, 7}, {2, 8}};
    SQLWCHAR tab[] = {'c', 'u', 's', 't', 'o', 'm', 'e', 'r', 's', 0};
    for (size_t i = 0; i < 3; i++) {
        SQLHSTMT st;
        SQLAllocHandle(SQL_HANDLE_STMT, conn.dbc, &st);
        SQLRETURN rc = cat[i].which == 0
            ? SQLProcedureColumnsW(st, NULL, 0, NULL, 0, NULL, 0, NULL, 0)
            : cat[i].which == 1
            ? SQLTablePrivilegesW(st, NULL, 0, NULL, 0, NULL, 0)
            : SQLColumnPrivilegesW(st, NULL, 0, NULL, 0, tab, SQL_NTS, NULL,
                                   0);
        if (rc != SQL_SUCCESS) {
            ou_diag d;
            ou_last_diag(SQL_HANDLE_STMT, st, &d);
            fprintf(stderr, "catalog function %zu: %d %s %s\n", i, (int)rc,
                    d.sqlstate, d.message);
        }
        assert_int_equal(rc, SQL_SUCCESS);
        SQLSMALLINT n = 0;
        assert_int_equal(SQLNumResultCols(st, &n), SQL_SUCCESS);
        assert_int_equal(n, cat[i].ncols);
        assert_int_equal(SQLFetch(st), SQL_NO_DATA);
        SQLFreeHandle(SQL_HANDLE_STMT, st);
    }
    SQLHSTMT st;
    SQLAllocHandle(SQL_HANDLE_STMT, conn.dbc, &st);
    assert_int_equal(SQLExecDirect(st, (SQLCHAR *)"SELECT 1 AS \"\xc3\xa9t\xc3\xa9\"",
                                   SQL_NTS), SQL_SUCCESS);
    SQLHDESC ird, ard;
    SQLGetStmtAttr(st, SQL_ATTR_IMP_ROW_DESC, &ird, 0, NULL);
    SQLGetStmtAttr(st, SQL_ATTR_APP_ROW_DESC, &ard, 0, NULL);
    SQLWCHAR name[16];
    SQLSMALLINT nl = 0, type = 0, sub, prec, scale, nul;
    SQLLEN len;
    assert_int_equal(SQLGetDescRecW(ird, 1, name, 16, &nl, &type, &sub, &len,
                                    &prec, &scale, &nul), SQL_SUCCESS);
    assert_int_equal(nl, 3);
    assert_int_equal(name[0], 0xE9);
    assert_int_equal(name[1], 't');
    assert_int_equal(type, SQL_INTEGER);
    assert_int_equal(SQLGetDescRecW(ird, 1, name, 2, &nl, &type, &sub, &len,
                                    &prec, &scale, &nul),
                     SQL_SUCCESS_WITH_INFO);
    assert_int_equal(nl, 3);
    assert_int_equal(SQLSetDescFieldW(ard, 1, SQL_DESC_CONCISE_TYPE,
                                      (SQLPOINTER)SQL_C_SLONG, 0),
                     SQL_SUCCESS);
    SQLINTEGER val = 0;
    SQLLEN ind = 0;
    assert_int_equal(SQLSetDescFieldW(ard, 1, SQL_DESC_DATA_PTR, &val, 0),
                     SQL_SUCCESS);
    assert_int_equal(SQLSetDescFieldW(ard, 1, SQL_DESC_INDICATOR_PTR, &ind,
                                      0), SQL_SUCCESS);
    assert_int_equal(SQLFetch(st), SQL_SUCCESS);
    assert_int_equal(val, 1);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

/* SQL_ATTR_TXN_ISOLATION agrees with SQLGetInfo: the levels
 * SQL_TXN_ISOLATION_OPTION names can be set, no other. */
static void test_txn_isolation(void **state)
{
    (void)state;
    SQLUSMALLINT tc = 99;
    assert_int_equal(SQLGetInfo(conn.dbc, SQL_TXN_CAPABLE, &tc, sizeof tc,
                                NULL), SQL_SUCCESS);
    SQLUINTEGER def = info32(SQL_DEFAULT_TXN_ISOLATION);
    SQLUINTEGER opts = info32(SQL_TXN_ISOLATION_OPTION);
    SQLUINTEGER cur = 99;
    assert_int_equal(SQLGetConnectAttr(conn.dbc, SQL_ATTR_TXN_ISOLATION, &cur,
                                       0, NULL), SQL_SUCCESS);
    assert_int_equal(cur, def);
    if (tc == SQL_TC_NONE) {
        assert_int_equal(def, 0);
        assert_int_equal(opts, 0);
    }
    static const SQLUINTEGER levels[] = {
        SQL_TXN_READ_UNCOMMITTED, SQL_TXN_READ_COMMITTED,
        SQL_TXN_REPEATABLE_READ, SQL_TXN_SERIALIZABLE};
    for (int i = 0; i < 4; i++) {
        SQLRETURN rc = SQLSetConnectAttr(conn.dbc, SQL_ATTR_TXN_ISOLATION,
                                         (SQLPOINTER)(uintptr_t)levels[i], 0);
        if (opts & levels[i]) {
            assert_true(SQL_SUCCEEDED(rc));
        } else {
            assert_int_equal(rc, SQL_ERROR);
            ou_diag d;
            ou_last_diag(SQL_HANDLE_DBC, conn.dbc, &d);
            assert_string_equal(d.sqlstate, "HYC00");
        }
    }
    assert_int_equal(SQLGetConnectAttr(conn.dbc, SQL_ATTR_TXN_ISOLATION, &cur,
                                       0, NULL), SQL_SUCCESS);
    assert_int_equal(cur, def);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_function_masks),
        cmocka_unit_test(test_convert_masks),
        cmocka_unit_test(test_outer_joins),
        cmocka_unit_test(test_escape_behaviour),
        cmocka_unit_test(test_hostile_nesting),
        cmocka_unit_test(test_native_sql),
        cmocka_unit_test(test_noscan),
        cmocka_unit_test(test_get_functions_exported),
        cmocka_unit_test(test_w_catalog_and_desc),
        cmocka_unit_test(test_txn_isolation),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
