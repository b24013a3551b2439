/*
 * tests/unit/connector/test_trino_json.c
 *   Unit tests of Trino's client-protocol documents
 *   (engine/connector/trino/trino_json.c) over hand-written JSON: the
 *   document fields (id, nextUri, state, columns, data, updateCount,
 *   error), every type mapping (typeSignature and DESCRIBE OUTPUT's text),
 *   every value encoding (decimal strings, double NaN/Infinity, char
 *   padding, dates, integer ranges, zoned timestamps and times),
 *   unmapped types carried as text,
 *   malformed documents and values (08P01 naming what is wrong), the
 *   errorName -> SQLSTATE table, and allocation failure at every step.
 * Interface: main (cmocka).
 * Not here: HTTP (tests/trino/ runs the client against a real server).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>
#include <json.h>
#include "connector/trino/trino_json.h"

/* ---- helpers ---- */

typedef struct fx {
    eng_arena *a;      /* document strings */
    eng_arena *ba;     /* batches */
    trino_doc doc;
    eng_error err;
} fx;

static int fx_setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    f->a = eng_arena_create();
    f->ba = eng_arena_create();
    *state = f;
    return f->a && f->ba ? 0 : -1;
}

static int fx_teardown(void **state)
{
    fx *f = *state;
    trino_doc_free(&f->doc);
    eng_arena_destroy(f->a);
    eng_arena_destroy(f->ba);
    free(f);
    return 0;
}

static eng_rc parse(fx *f, const char *json, int line_offset)
{
    trino_doc_free(&f->doc);
    eng_err_clear(&f->err);
    return trino_doc_parse(json, strlen(json), line_offset, f->a, &f->doc, &f->err);
}

static void parse_ok(fx *f, const char *json)
{
    eng_rc rc = parse(f, json, 0);
    if (rc != ENG_OK)
        fail_msg("parse failed: %s %s", f->err.sqlstate, f->err.message);
}

/* Decodes every row of the current document against its own columns. */
static eng_batch *rows_of(fx *f, eng_rc *rc)
{
    eng_type types[64];
    for (int i = 0; i < f->doc.ncols; i++)
        types[i] = f->doc.cols[i].type;
    eng_batch *b = eng_batch_create(f->ba, f->doc.ncols, types,
                                    f->doc.nrows ? f->doc.nrows : 1);
    assert_non_null(b);
    eng_err_clear(&f->err);
    *rc = trino_doc_rows(&f->doc, 0, f->doc.nrows, f->doc.cols, f->doc.ncols, b,
                         &f->err);
    return b;
}

static eng_batch *rows_ok(fx *f)
{
    eng_rc rc;
    eng_batch *b = rows_of(f, &rc);
    if (rc != ENG_OK)
        fail_msg("rows failed: %s %s", f->err.sqlstate, f->err.message);
    return b;
}

/* A one-column document with the given column JSON and one data row. */
static void one_value(fx *f, const char *column, const char *value, char *buf,
                      size_t cap)
{
    snprintf(buf, cap, "{\"id\":\"q\",\"columns\":[%s],\"data\":[[%s]]}", column, value);
    parse_ok(f, buf);
}

/* Decoding one value of a column must fail with 08P01 whose message has
 * `needle`. */
static void value_fails(fx *f, const char *column, const char *value,
                        const char *needle)
{
    char buf[1024];
    eng_rc rc;
    one_value(f, column, value, buf, sizeof buf);
    rows_of(f, &rc);
    if (rc == ENG_OK)
        fail_msg("value %s of %s was accepted", value, column);
    assert_string_equal(f->err.sqlstate, "08P01");
    if (needle && !strstr(f->err.message, needle))
        fail_msg("message '%s' lacks '%s'", f->err.message, needle);
}

static eng_value value_of(fx *f, const char *column, const char *value)
{
    char buf[1024];
    eng_value v;
    one_value(f, column, value, buf, sizeof buf);
    eng_batch *b = rows_ok(f);
    eng_batch_get(b, 0, 0, &v);
    return v;
}

#define SIG(raw, args) "{\"rawType\":\"" raw "\",\"arguments\":[" args "]}"
#define LONGARG(n) "{\"kind\":\"LONG\",\"value\":" #n "}"
#define COL(name, type, sig) \
    "{\"name\":\"" name "\",\"type\":\"" type "\",\"typeSignature\":" sig "}"

static const char *DEC10_2 = COL("d", "decimal(10, 2)", SIG("decimal", LONGARG(10) "," LONGARG(2)));
static const char *DEC38_0 = COL("d", "decimal(38, 0)", SIG("decimal", LONGARG(38) "," LONGARG(0)));
static const char *DOUBLE = COL("x", "double", SIG("double", ""));
static const char *REAL = COL("x", "real", SIG("real", ""));
static const char *INTEGER = COL("i", "integer", SIG("integer", ""));
static const char *SMALLINT = COL("i", "smallint", SIG("smallint", ""));
static const char *TINYINT = COL("i", "tinyint", SIG("tinyint", ""));
static const char *BIGINT = COL("i", "bigint", SIG("bigint", ""));
static const char *VARCHAR = COL("s", "varchar", SIG("varchar", LONGARG(2147483647)));
static const char *CHAR5 = COL("s", "char(5)", SIG("char", LONGARG(5)));
static const char *DATE = COL("t", "date", SIG("date", ""));
static const char *BOOLEAN = COL("b", "boolean", SIG("boolean", ""));

static char *text_of(fx *f, const eng_value *v)
{
    return eng_value_to_text(f->ba, v);
}

/* ---- documents ---- */

/* A first page as Trino sends it: id, nextUri, stats, columns, data. */
static void test_document_fields(void **state)
{
    fx *f = *state;
    parse_ok(f, "{\"id\":\"20250101_000000_00001_abcde\","
                "\"infoUri\":\"http://h/ui/query.html?x\","
                "\"nextUri\":\"http://h/v1/statement/executing/x/y/1\","
                "\"columns\":[" COL("id", "integer", SIG("integer", "")) ","
                COL("first_name", "varchar(25)", SIG("varchar", LONGARG(25))) "],"
                "\"data\":[[1,\"Michael\"],[2,null],[null,\"Shawn\"]],"
                "\"stats\":{\"state\":\"RUNNING\",\"queued\":false},"
                "\"warnings\":[]}");
    assert_string_equal(f->doc.id, "20250101_000000_00001_abcde");
    assert_string_equal(f->doc.next_uri, "http://h/v1/statement/executing/x/y/1");
    assert_string_equal(f->doc.state, "RUNNING");
    assert_true(f->doc.has_columns);
    assert_false(f->doc.has_error);
    assert_false(f->doc.has_update_count);
    assert_int_equal(f->doc.ncols, 2);
    assert_string_equal(f->doc.cols[0].name, "id");
    assert_string_equal(f->doc.cols[0].trino_type, "integer");
    assert_int_equal(f->doc.cols[0].type.id, ENG_T_INTEGER);
    assert_string_equal(f->doc.cols[1].name, "first_name");
    assert_int_equal(f->doc.cols[1].type.id, ENG_T_VARCHAR);
    assert_int_equal(f->doc.cols[1].type.length, 25);
    assert_int_equal(f->doc.nrows, 3);

    eng_batch *b = rows_ok(f);
    eng_value v;
    assert_int_equal(b->nrows, 3);
    eng_batch_get(b, 0, 0, &v);
    assert_false(v.is_null);
    assert_int_equal(v.u.i, 1);
    eng_batch_get(b, 1, 0, &v);
    assert_int_equal(v.u.s.len, 7);
    assert_memory_equal(v.u.s.ptr, "Michael", 7);
    eng_batch_get(b, 1, 1, &v);
    assert_true(v.is_null);
    eng_batch_get(b, 0, 2, &v);
    assert_true(v.is_null);
    eng_batch_get(b, 1, 2, &v);
    assert_memory_equal(v.u.s.ptr, "Shawn", 5);
}

/* A later page carries only data: rows decode against the first page's
 * columns, and a sub-range lands at row 0 of the batch. */
static void test_later_page_and_ranges(void **state)
{
    fx *f = *state;
    trino_col cols[1] = {{.name = "n", .trino_type = "bigint",
                          .type = {.id = ENG_T_BIGINT}}};
    parse_ok(f, "{\"id\":\"q\",\"nextUri\":\"http://h/2\",\"data\":[[10],[20],[30],[40]]}");
    assert_false(f->doc.has_columns);
    assert_int_equal(f->doc.nrows, 4);
    eng_type t = cols[0].type;
    eng_batch *b = eng_batch_create(f->ba, 1, &t, 2);
    assert_int_equal(trino_doc_rows(&f->doc, 1, 2, cols, 1, b, &f->err), ENG_OK);
    eng_value v;
    assert_int_equal(b->nrows, 2);
    eng_batch_get(b, 0, 0, &v);
    assert_int_equal(v.u.i, 20);
    eng_batch_get(b, 0, 1, &v);
    assert_int_equal(v.u.i, 30);
    /* zero rows asked: nothing to do */
    assert_int_equal(trino_doc_rows(&f->doc, 4, 0, cols, 1, b, &f->err), ENG_OK);
    /* outside the data, more than the batch holds, wrong column count */
    assert_int_equal(trino_doc_rows(&f->doc, 3, 2, cols, 1, b, &f->err), ENG_ERROR);
    assert_string_equal(f->err.sqlstate, "08P01");
    assert_int_equal(trino_doc_rows(&f->doc, -1, 1, cols, 1, b, &f->err), ENG_ERROR);
    assert_int_equal(trino_doc_rows(&f->doc, INT32_MAX, 1, cols, 1, b, &f->err), ENG_ERROR);
    assert_int_equal(trino_doc_rows(&f->doc, 0, 3, cols, 1, b, &f->err), ENG_ERROR);
    eng_type t2[2] = {t, t};
    eng_batch *b2 = eng_batch_create(f->ba, 2, t2, 4);
    assert_int_equal(trino_doc_rows(&f->doc, 0, 1, cols, 1, b2, &f->err), ENG_ERROR);
    /* the last page: no nextUri, state FINISHED, no data */
    parse_ok(f, "{\"id\":\"q\",\"stats\":{\"state\":\"FINISHED\"}}");
    assert_null(f->doc.next_uri);
    assert_null(f->doc.data);
    assert_int_equal(f->doc.nrows, 0);
    assert_string_equal(f->doc.state, "FINISHED");
    assert_int_equal(trino_doc_rows(&f->doc, 0, 1, cols, 1, b, &f->err), ENG_ERROR);
}

static void test_update_count(void **state)
{
    fx *f = *state;
    parse_ok(f, "{\"id\":\"q\",\"columns\":[" COL("rows", "bigint", SIG("bigint", "")) "],"
                "\"data\":[[3]],\"updateType\":\"INSERT\",\"updateCount\":3,"
                "\"stats\":{\"state\":\"FINISHED\"}}");
    assert_true(f->doc.has_update_count);
    assert_int_equal(f->doc.update_count, 3);
    assert_string_equal(f->doc.update_type, "INSERT");
    /* DDL: an updateType and no count */
    parse_ok(f, "{\"id\":\"q\",\"updateType\":\"CREATE TABLE\"}");
    assert_false(f->doc.has_update_count);
    assert_string_equal(f->doc.update_type, "CREATE TABLE");
    /* a count that is not an integer is ignored, not misread */
    parse_ok(f, "{\"id\":\"q\",\"updateCount\":\"7\"}");
    assert_false(f->doc.has_update_count);
    parse_ok(f, "{\"id\":\"q\",\"updateCount\":9000000000}");
    assert_int_equal(f->doc.update_count, 9000000000LL);
}

/* ---- errors ---- */

static void test_error_document(void **state)
{
    fx *f = *state;
    parse_ok(f, "{\"id\":\"q\",\"stats\":{\"state\":\"FAILED\"},\"error\":{"
                "\"message\":\"line 2:8: mismatched input 'fro'. Expecting: <expression>\","
                "\"errorCode\":1,\"errorName\":\"SYNTAX_ERROR\",\"errorType\":\"USER_ERROR\","
                "\"errorLocation\":{\"lineNumber\":2,\"columnNumber\":8},"
                "\"failureInfo\":{\"type\":\"io.trino.sql.parser.ParsingException\"}}}");
    assert_true(f->doc.has_error);
    assert_string_equal(f->doc.error.sqlstate, "42000");
    assert_int_equal(f->doc.error.native, 1);
    /* the "line L:C: " prefix goes; the location is reported once, shifted
     * back by the lines the client put before the user's text */
    assert_string_equal(f->doc.error.message,
                        "mismatched input 'fro'. Expecting: <expression> (Trino SYNTAX_ERROR at line 2:8)");
    assert_int_equal(parse(f, "{\"error\":{\"message\":\"line 2:8: bad\",\"errorName\":\"SYNTAX_ERROR\","
                              "\"errorLocation\":{\"lineNumber\":2,\"columnNumber\":8}}}", 1),
                     ENG_OK);
    assert_string_equal(f->doc.error.message, "bad (Trino SYNTAX_ERROR at line 1:8)");
    /* a location inside the client's own lines is not reported */
    assert_int_equal(parse(f, "{\"error\":{\"message\":\"m\",\"errorName\":\"SYNTAX_ERROR\","
                              "\"errorLocation\":{\"lineNumber\":1,\"columnNumber\":3}}}", 1),
                     ENG_OK);
    assert_string_equal(f->doc.error.message, "m (Trino SYNTAX_ERROR)");
    /* a mapped name: the embedded engine's state, the name kept */
    parse_ok(f, "{\"error\":{\"message\":\"Query exceeded per-node memory limit\","
                "\"errorCode\":131079,\"errorName\":\"EXCEEDED_LOCAL_MEMORY_LIMIT\"}}");
    assert_string_equal(f->doc.error.sqlstate, "53200");
    assert_non_null(strstr(f->doc.error.message, "EXCEEDED_LOCAL_MEMORY_LIMIT"));
    assert_int_equal(f->doc.error.native, 131079);
    /* unmapped names (internal errors, connectors') keep the name: HY000 */
    parse_ok(f, "{\"error\":{\"message\":\"Bad value for type long\","
                "\"errorCode\":16777216,\"errorName\":\"JDBC_ERROR\"}}");
    assert_string_equal(f->doc.error.sqlstate, "HY000");
    assert_non_null(strstr(f->doc.error.message, "JDBC_ERROR"));
    assert_int_equal(f->doc.error.native, 16777216);
    /* nothing but an error object */
    parse_ok(f, "{\"error\":{}}");
    assert_true(f->doc.has_error);
    assert_string_equal(f->doc.error.sqlstate, "HY000");
    assert_string_equal(f->doc.error.message, "query failed (Trino error)");
    /* a message that only looks like a location keeps its text */
    parse_ok(f, "{\"error\":{\"message\":\"line x: y\",\"errorName\":\"GENERIC_USER_ERROR\"}}");
    assert_string_equal(f->doc.error.message, "line x: y (Trino GENERIC_USER_ERROR)");
    /* an error that is not an object is no error */
    parse_ok(f, "{\"error\":\"boom\"}");
    assert_false(f->doc.has_error);
}

/* Hostile locations: no overflow (UBSan), no nonsense location. */
static void test_error_location_extremes(void **state)
{
    fx *f = *state;
    static const char *const locs[] = {
        "{\"lineNumber\":-2147483648,\"columnNumber\":1}",
        "{\"lineNumber\":9223372036854775807,\"columnNumber\":1}",
        "{\"lineNumber\":3,\"columnNumber\":-5}",
        "{\"lineNumber\":\"x\",\"columnNumber\":\"y\"}",
        "[1,2]",
    };
    for (size_t i = 0; i < sizeof locs / sizeof locs[0]; i++) {
        char buf[512];
        snprintf(buf, sizeof buf, "{\"error\":{\"message\":\"m\",\"errorName\":\"SYNTAX_ERROR\","
                                  "\"errorLocation\":%s}}", locs[i]);
        assert_int_equal(parse(f, buf, 1), ENG_OK);
        assert_string_equal(f->doc.error.message, "m (Trino SYNTAX_ERROR)");
    }
}

static void test_error_sqlstates(void **state)
{
    (void)state;
    static const struct { const char *name, *state; } want[] = {
        {"SYNTAX_ERROR", "42000"},
        {"TABLE_NOT_FOUND", "42S02"},
        {"COLUMN_NOT_FOUND", "42703"},   /* the driver reports 42S22 */
        {"CATALOG_NOT_FOUND", "3D000"},
        {"SCHEMA_NOT_FOUND", "3F000"},
        {"FUNCTION_NOT_FOUND", "42883"},
        {"DIVISION_BY_ZERO", "22012"},
        {"NUMERIC_VALUE_OUT_OF_RANGE", "22003"},
        {"INVALID_CAST_ARGUMENT", "22018"},
        {"PERMISSION_DENIED", "42501"},
        {"ACCESS_DENIED", "42501"},
        {"NOT_SUPPORTED", "0A000"},
        {"USER_CANCELED", "HY008"},
        {"EXCEEDED_TIME_LIMIT", "HYT00"},
        {"SUBQUERY_MULTIPLE_ROWS", "21000"},
        {"TABLE_ALREADY_EXISTS", "42P07"},  /* the embedded engine's */
        {"SCHEMA_ALREADY_EXISTS", "42P06"},
        {"INVALID_COLUMN_REFERENCE", "42P10"},
        {"EXPRESSION_NOT_IN_DISTINCT", "42P10"},
        {"INVALID_LIMIT_CLAUSE", "22003"},
        {"MISSING_OVER", "42883"},
        {"MISSING_ORDER_BY", "42P20"},
        {"INVALID_ORDER_BY", "42P20"},
        {"INVALID_WINDOW_FRAME", "42P20"},
        {"NESTED_AGGREGATION", "42803"},
        {"EXPRESSION_NOT_SCALAR", "42803"},
        {"MISMATCHED_COLUMN_ALIASES", "42000"},
        {"MISSING_COLUMN_NAME", "42000"},
        {"OPERATOR_NOT_FOUND", "42804"},
        {"INVALID_SESSION_PROPERTY", "22023"},
        {"INVALID_PARAMETER_USAGE", "07002"},
        {"DUPLICATE_NAMED_QUERY", "42712"},
        {"SCHEMA_NOT_EMPTY", "2BP01"},
        {"EXCEEDED_GLOBAL_MEMORY_LIMIT", "53200"},
        {"ADMINISTRATIVELY_KILLED", "57014"},
        {"REMOTE_TASK_ERROR", "HY000"},    /* internal errors stay HY000 */
        {"GENERIC_INTERNAL_ERROR", "HY000"},
        {"syntax_error", "HY000"},       /* names are exact */
        {"", "HY000"},
        {NULL, "HY000"},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        assert_string_equal(trino_error_sqlstate(want[i].name), want[i].state);
}

/* ---- types ---- */

static void expect_sig(const char *sig_json, eng_type_id id, int p, int s,
                       int len, bool as_text)
{
    json_object *sig = json_tokener_parse(sig_json);
    bool t = !as_text;
    eng_type ty = trino_type_from_signature(sig, &t);
    if (ty.id != id || t != as_text)
        fail_msg("%s: got type %d as_text %d", sig_json, ty.id, t);
    if (id == ENG_T_DECIMAL) {
        assert_int_equal(ty.precision, p);
        assert_int_equal(ty.scale, s);
    }
    if (id == ENG_T_VARCHAR)
        assert_int_equal(ty.length, len);
    if (id == ENG_T_TIMESTAMP || id == ENG_T_TIME || id == ENG_T_SMALLINT ||
        eng_type_is_tz(id))
        assert_int_equal(ty.precision, p);   /* smallint: 8 is tinyint */
    json_object_put(sig);
}

static void test_type_signatures(void **state)
{
    (void)state;
    expect_sig(SIG("boolean", ""), ENG_T_BOOLEAN, 0, 0, 0, false);
    expect_sig(SIG("tinyint", ""), ENG_T_SMALLINT, ENG_SMALLINT_TINY, 0, 0,
               false);
    expect_sig(SIG("smallint", ""), ENG_T_SMALLINT, 0, 0, 0, false);
    expect_sig(SIG("integer", ""), ENG_T_INTEGER, 0, 0, 0, false);
    expect_sig(SIG("bigint", ""), ENG_T_BIGINT, 0, 0, 0, false);
    expect_sig(SIG("real", ""), ENG_T_DOUBLE, 0, 0, 0, false);
    expect_sig(SIG("varbinary", ""), ENG_T_VARBINARY, 0, 0, 0, false);
    expect_sig(SIG("uuid", ""), ENG_T_UUID, 0, 0, 0, false);
    expect_sig(SIG("double", ""), ENG_T_DOUBLE, 0, 0, 0, false);
    expect_sig(SIG("date", ""), ENG_T_DATE, 0, 0, 0, false);
    expect_sig(SIG("decimal", LONGARG(12) "," LONGARG(2)), ENG_T_DECIMAL, 12, 2, 0, false);
    expect_sig(SIG("decimal", LONGARG(38) "," LONGARG(38)), ENG_T_DECIMAL, 38, 38, 0, false);
    expect_sig(SIG("decimal", LONGARG(1) "," LONGARG(0)), ENG_T_DECIMAL, 1, 0, 0, false);
    /* decimals the engine cannot hold travel as text */
    expect_sig(SIG("decimal", LONGARG(39) "," LONGARG(2)), ENG_T_VARCHAR, 0, 0, 0, true);
    expect_sig(SIG("decimal", LONGARG(5) "," LONGARG(6)), ENG_T_VARCHAR, 0, 0, 0, true);
    expect_sig(SIG("decimal", LONGARG(0) "," LONGARG(0)), ENG_T_VARCHAR, 0, 0, 0, true);
    expect_sig(SIG("varchar", LONGARG(25)), ENG_T_VARCHAR, 0, 0, 25, false);
    expect_sig(SIG("varchar", LONGARG(2147483647)), ENG_T_VARCHAR, 0, 0, 0, false);
    expect_sig(SIG("varchar", ""), ENG_T_VARCHAR, 0, 0, 0, false);
    expect_sig(SIG("char", LONGARG(5)), ENG_T_VARCHAR, 0, 0, 5, false);
    {   /* char(n) is the engine's char(n), varchar stays varchar */
        json_object *sig = json_tokener_parse(SIG("char", LONGARG(5)));
        bool t;
        assert_true(eng_type_is_char(trino_type_from_signature(sig, &t)));
        json_object_put(sig);
        sig = json_tokener_parse(SIG("varchar", LONGARG(5)));
        assert_false(eng_type_is_char(trino_type_from_signature(sig, &t)));
        json_object_put(sig);
        sig = json_tokener_parse(SIG("char", ""));
        eng_type c1 = trino_type_from_signature(sig, &t);
        assert_true(eng_type_is_char(c1));
        assert_int_equal(c1.length, 1);
        json_object_put(sig);
    }
    /* an argument that is not a LONG is not a length */
    expect_sig(SIG("varchar", "{\"kind\":\"TYPE\",\"value\":25}"), ENG_T_VARCHAR, 0, 0, 0, false);
    expect_sig(SIG("varchar", "{\"kind\":\"LONG\",\"value\":\"25\"}"), ENG_T_VARCHAR, 0, 0, 0, false);
    /* date and time types up to the engine's microseconds */
    expect_sig(SIG("timestamp", LONGARG(3)), ENG_T_TIMESTAMP, 3, 0, 0, false);
    expect_sig(SIG("timestamp", LONGARG(0)), ENG_T_TIMESTAMP, 0, 0, 0, false);
    expect_sig(SIG("timestamp", LONGARG(6)), ENG_T_TIMESTAMP, 6, 0, 0, false);
    expect_sig(SIG("timestamp", ""), ENG_T_TIMESTAMP, 3, 0, 0, false);
    expect_sig(SIG("time", LONGARG(6)), ENG_T_TIME, 6, 0, 0, false);
    expect_sig(SIG("time", LONGARG(0)), ENG_T_TIME, 0, 0, 0, false);
    expect_sig(SIG("timestamp with time zone", LONGARG(3)), ENG_T_TIMESTAMP_TZ, 3, 0, 0, false);
    expect_sig(SIG("timestamp with time zone", LONGARG(0)), ENG_T_TIMESTAMP_TZ, 0, 0, 0, false);
    expect_sig(SIG("timestamp with time zone", LONGARG(6)), ENG_T_TIMESTAMP_TZ, 6, 0, 0, false);
    expect_sig(SIG("timestamp with time zone", ""), ENG_T_TIMESTAMP_TZ, 3, 0, 0, false);
    expect_sig(SIG("time with time zone", LONGARG(3)), ENG_T_TIME_TZ, 3, 0, 0, false);
    expect_sig(SIG("interval day to second", ""), ENG_T_INTERVAL_DS, 0, 0, 0, false);
    expect_sig(SIG("interval year to month", ""), ENG_T_INTERVAL_YM, 0, 0, 0, false);
    /* unmapped types: unbounded varchar holding Trino's text; timestamp
     * and time beyond microseconds among them (exact text, never a
     * rounded value) */
    static const char *const unmapped[] = {
        SIG("timestamp", LONGARG(7)), SIG("timestamp", LONGARG(12)),
        SIG("time", LONGARG(9)), SIG("timestamp", LONGARG(-1)),
        SIG("timestamp with time zone", LONGARG(7)),
        SIG("time with time zone", LONGARG(9)),
        SIG("ipaddress", ""),
        SIG("array", "{\"kind\":\"TYPE\",\"value\":" SIG("integer", "") "}"),
        SIG("map", "{\"kind\":\"TYPE\",\"value\":" SIG("varchar", "") "},"
                   "{\"kind\":\"TYPE\",\"value\":" SIG("integer", "") "}"),
        SIG("row", ""), SIG("Geometry", ""), SIG("unknown", ""), SIG("", ""),
        "{}", "{\"rawType\":5}",
    };
    for (size_t i = 0; i < sizeof unmapped / sizeof unmapped[0]; i++)
        expect_sig(unmapped[i], ENG_T_VARCHAR, 0, 0, 0, true);
    /* json: the engine's json, its values carried as Trino's text */
    expect_sig(SIG("json", ""), ENG_T_JSON, 0, 0, 0, true);
    bool t;
    assert_int_equal(trino_type_from_signature(NULL, &t).id, ENG_T_VARCHAR);
    assert_true(t);
}

static void expect_text(const char *text, eng_type_id id, int p, int s, int len,
                        bool as_text)
{
    bool t = !as_text;
    eng_type ty = trino_type_from_text(text, &t);
    if (ty.id != id || t != as_text)
        fail_msg("'%s': got type %d as_text %d", text ? text : "(null)", ty.id, t);
    if (id == ENG_T_DECIMAL) {
        assert_int_equal(ty.precision, p);
        assert_int_equal(ty.scale, s);
    }
    if (id == ENG_T_VARCHAR)
        assert_int_equal(ty.length, len);
    if (id == ENG_T_TIMESTAMP || id == ENG_T_TIME || id == ENG_T_SMALLINT ||
        eng_type_is_tz(id))
        assert_int_equal(ty.precision, p);   /* smallint: 8 is tinyint */
}

/* DESCRIBE OUTPUT prints types as text. */
static void test_type_text(void **state)
{
    (void)state;
    expect_text("boolean", ENG_T_BOOLEAN, 0, 0, 0, false);
    expect_text("tinyint", ENG_T_SMALLINT, ENG_SMALLINT_TINY, 0, 0, false);
    expect_text("smallint", ENG_T_SMALLINT, 0, 0, 0, false);
    expect_text("integer", ENG_T_INTEGER, 0, 0, 0, false);
    expect_text("bigint", ENG_T_BIGINT, 0, 0, 0, false);
    expect_text("real", ENG_T_DOUBLE, 0, 0, 0, false);
    expect_text("double", ENG_T_DOUBLE, 0, 0, 0, false);
    expect_text("date", ENG_T_DATE, 0, 0, 0, false);
    expect_text("decimal(12,2)", ENG_T_DECIMAL, 12, 2, 0, false);
    expect_text("decimal(20, 10)", ENG_T_DECIMAL, 20, 10, 0, false);
    expect_text("decimal(39,2)", ENG_T_VARCHAR, 0, 0, 0, true);
    expect_text("decimal(10)", ENG_T_DECIMAL, 10, 0, 0, false);   /* Trino: scale 0 */
    expect_text("decimal(99999999999999999999,1)", ENG_T_VARCHAR, 0, 0, 0, true);
    expect_text("decimal(12,2", ENG_T_VARCHAR, 0, 0, 0, true);
    expect_text("varchar(25)", ENG_T_VARCHAR, 0, 0, 25, false);
    expect_text("varchar", ENG_T_VARCHAR, 0, 0, 0, false);
    expect_text("varchar(2147483647)", ENG_T_VARCHAR, 0, 0, 0, false);
    expect_text("varchar(-3)", ENG_T_VARCHAR, 0, 0, 0, false);
    expect_text("char(3)", ENG_T_VARCHAR, 0, 0, 3, false);
    {
        bool t;
        assert_true(eng_type_is_char(trino_type_from_text("char(3)", &t)));
        assert_false(eng_type_is_char(trino_type_from_text("varchar(3)", &t)));
        assert_int_equal(trino_type_from_text("char", &t).length, 1);
    }
    expect_text("timestamp(3)", ENG_T_TIMESTAMP, 3, 0, 0, false);
    expect_text("timestamp(6)", ENG_T_TIMESTAMP, 6, 0, 0, false);
    expect_text("timestamp", ENG_T_TIMESTAMP, 3, 0, 0, false);
    expect_text("time(0)", ENG_T_TIME, 0, 0, 0, false);
    expect_text("timestamp(9)", ENG_T_VARCHAR, 0, 0, 0, true);
    expect_text("time(7)", ENG_T_VARCHAR, 0, 0, 0, true);
    expect_text("interval day to second", ENG_T_INTERVAL_DS, 0, 0, 0, false);
    expect_text("interval year to month", ENG_T_INTERVAL_YM, 0, 0, 0, false);
    expect_text("timestamp(3) with time zone", ENG_T_TIMESTAMP_TZ, 3, 0, 0, false);
    expect_text("timestamp(6) with time zone", ENG_T_TIMESTAMP_TZ, 6, 0, 0, false);
    expect_text("timestamp with time zone", ENG_T_TIMESTAMP_TZ, 3, 0, 0, false);
    expect_text("time(0) with time zone", ENG_T_TIME_TZ, 0, 0, 0, false);
    expect_text("timestamp(9) with time zone", ENG_T_VARCHAR, 0, 0, 0, true);
    expect_text("timestamp(3) with time zonex", ENG_T_VARCHAR, 0, 0, 0, true);
    expect_text("timestamp(3)  with time zone", ENG_T_VARCHAR, 0, 0, 0, true);
    expect_text("date(3) with time zone", ENG_T_VARCHAR, 0, 0, 0, true);
    expect_text("timestamp(3)x", ENG_T_VARCHAR, 0, 0, 0, true);
    expect_text("array(integer)", ENG_T_VARCHAR, 0, 0, 0, true);
    expect_text("row(a integer, b varchar)", ENG_T_VARCHAR, 0, 0, 0, true);
    expect_text("INTERVAL DAY TO SECOND", ENG_T_INTERVAL_DS, 0, 0, 0, false);
    expect_text("a_type_name_longer_than_the_thirty_two_bytes_kept(1)", ENG_T_VARCHAR, 0, 0, 0, true);
    expect_text("", ENG_T_VARCHAR, 0, 0, 0, true);
    expect_text(NULL, ENG_T_VARCHAR, 0, 0, 0, true);
}

/* ---- values ---- */

static void test_values_integers(void **state)
{
    fx *f = *state;
    assert_int_equal(value_of(f, TINYINT, "-128").u.i, -128);
    assert_int_equal(value_of(f, TINYINT, "127").u.i, 127);
    assert_true(eng_type_is_tinyint(value_of(f, TINYINT, "1").type));
    assert_int_equal(value_of(f, SMALLINT, "32767").u.i, 32767);
    assert_int_equal(value_of(f, SMALLINT, "-32768").u.i, -32768);
    assert_int_equal(value_of(f, INTEGER, "2147483647").u.i, 2147483647);
    assert_int_equal(value_of(f, INTEGER, "-2147483648").u.i, -2147483648LL);
    assert_true(value_of(f, BIGINT, "9223372036854775807").u.i == INT64_MAX);
    assert_true(value_of(f, BIGINT, "-9223372036854775808").u.i == INT64_MIN);
    assert_true(value_of(f, BIGINT, "null").is_null);
    value_fails(f, SMALLINT, "32768", "integer out of range");
    value_fails(f, TINYINT, "128", "integer out of range");
    value_fails(f, TINYINT, "-129", "integer out of range");
    value_fails(f, INTEGER, "2147483648", "integer out of range");
    value_fails(f, INTEGER, "-2147483649", "integer out of range");
    /* json-c keeps 2^63 as uint64: not a bigint, not INT64_MAX */
    value_fails(f, BIGINT, "9223372036854775808", "integer out of range");
    value_fails(f, BIGINT, "18446744073709551615", "integer out of range");
    value_fails(f, INTEGER, "1.5", "not an integer");
    value_fails(f, INTEGER, "\"1\"", "not an integer");
    value_fails(f, INTEGER, "true", "not an integer");
    value_fails(f, INTEGER, "[1]", "not an integer");
    /* the message names the column, its type and the row */
    value_fails(f, INTEGER, "\"x\"", "column 'i' (integer) in row 1");
}

static void test_values_double(void **state)
{
    fx *f = *state;
    assert_true(value_of(f, DOUBLE, "1.5").u.d == 1.5);
    assert_true(value_of(f, DOUBLE, "-2").u.d == -2.0);
    assert_true(value_of(f, DOUBLE, "1.0E-300").u.d == 1.0e-300);
    assert_true(isnan(value_of(f, DOUBLE, "\"NaN\"").u.d));
    eng_value v = value_of(f, DOUBLE, "\"Infinity\"");
    assert_true(isinf(v.u.d) && v.u.d > 0);
    v = value_of(f, DOUBLE, "\"-Infinity\"");
    assert_true(isinf(v.u.d) && v.u.d < 0);
    assert_true(value_of(f, REAL, "1.5").u.d == 1.5);
    /* a real is the float its digits name, and its type says real */
    eng_value rv = value_of(f, REAL, "0.1");
    assert_true(rv.u.d == (double)0.1f);
    assert_true(eng_type_is_real(rv.type));
    /* varbinary: Trino's base64 decoded to the bytes; uuid: 16 bytes */
    static const char *VB = COL("x", "varbinary", SIG("varbinary", ""));
    static const char *UU = COL("x", "uuid", SIG("uuid", ""));
    eng_value bv = value_of(f, VB, "\"AQI=\"");
    assert_int_equal(bv.type.id, ENG_T_VARBINARY);
    assert_int_equal(bv.u.s.len, 2);
    assert_memory_equal(bv.u.s.ptr, "\x01\x02", 2);
    eng_value uv = value_of(f, UU, "\"ff09c17b-d6bb-47ac-9208-5cf7c55955a0\"");
    assert_int_equal(uv.type.id, ENG_T_UUID);
    assert_int_equal(uv.u.s.len, 16);
    assert_memory_equal(uv.u.s.ptr, "\xff\x09\xc1\x7b", 4);
    assert_true(isnan(value_of(f, REAL, "\"NaN\"").u.d));
    assert_true(value_of(f, DOUBLE, "null").is_null);
    value_fails(f, DOUBLE, "\"nan\"", "not a number");
    value_fails(f, DOUBLE, "\"1.5\"", "not a number");
    value_fails(f, DOUBLE, "\"inf\"", "not a number");
    value_fails(f, DOUBLE, "false", "not a number");
    /* a JSON number that overflows a double is not what Trino sends */
    value_fails(f, DOUBLE, "1e999", "not a finite number");
    /* json-c reads a bare NaN/Infinity even in strict mode; Trino quotes them */
    value_fails(f, DOUBLE, "NaN", "not a finite number");
    value_fails(f, DOUBLE, "-Infinity", "not a finite number");
}

static void test_values_decimal(void **state)
{
    fx *f = *state;
    eng_value v = value_of(f, DEC10_2, "\"12.50\"");
    assert_int_equal(v.type.id, ENG_T_DECIMAL);
    assert_true(v.u.dec == 1250);
    assert_string_equal(text_of(f, &v), "12.50");
    v = value_of(f, DEC10_2, "\"-0.05\"");
    assert_true(v.u.dec == -5);
    v = value_of(f, DEC10_2, "\"12\"");
    assert_true(v.u.dec == 1200);
    v = value_of(f, DEC10_2, "\"99999999.99\"");
    assert_true(v.u.dec == 9999999999LL);
    /* 38 digits exactly */
    v = value_of(f, DEC38_0, "\"99999999999999999999999999999999999999\"");
    assert_string_equal(text_of(f, &v), "99999999999999999999999999999999999999");
    v = value_of(f, DEC38_0, "\"-99999999999999999999999999999999999999\"");
    assert_string_equal(text_of(f, &v), "-99999999999999999999999999999999999999");
    v = value_of(f, COL("d", "decimal(38, 37)", SIG("decimal", LONGARG(38) "," LONGARG(37))),
                 "\"-1.5000000000000000000000000000000000000\"");
    assert_string_equal(text_of(f, &v), "-1.5000000000000000000000000000000000000");
    assert_true(value_of(f, DEC10_2, "null").is_null);
    /* exact: more digits than the scale would be rounded, so refused */
    value_fails(f, DEC10_2, "\"1.234\"", "not a decimal of its type");
    value_fails(f, DEC10_2, "\"123456789.00\"", "not a decimal of its type");
    value_fails(f, DEC38_0, "\"100000000000000000000000000000000000000\"", "not a decimal");
    value_fails(f, DEC10_2, "\"1e3\"", "not a decimal");
    value_fails(f, DEC10_2, "\" 1.00\"", "not a decimal");
    value_fails(f, DEC10_2, "\"+1.00\"", "not a decimal");
    value_fails(f, DEC10_2, "\"1.\"", "not a decimal");
    value_fails(f, DEC10_2, "\".5\"", "not a decimal");
    value_fails(f, DEC10_2, "\"-\"", "not a decimal");
    value_fails(f, DEC10_2, "\"\"", "not a decimal");
    value_fails(f, DEC10_2, "\"NaN\"", "not a decimal");
    /* an embedded NUL must not cut "1\u00002" down to a valid "1" */
    value_fails(f, DEC10_2, "\"1\\u00002\"", "not a decimal");
    value_fails(f, DEC10_2, "12.5", "decimal not sent as a string");
}

static void test_values_strings(void **state)
{
    fx *f = *state;
    eng_value v = value_of(f, VARCHAR, "\"Zo\\u00eb \\u65e5\\u672c \\ud83d\\ude00\"");
    assert_int_equal(v.type.id, ENG_T_VARCHAR);
    assert_int_equal(v.u.s.len, strlen("Zo\xc3\xab \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80"));
    assert_memory_equal(v.u.s.ptr, "Zo\xc3\xab \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80", v.u.s.len);
    /* char(n) arrives padded and stays so, as Trino shows it: the form
     * of a char value outside the engine (Trino mode hands it to the
     * driver as it is) */
    v = value_of(f, CHAR5, "\"ab   \"");
    assert_true(eng_type_is_char(v.type));
    assert_int_equal(v.type.length, 5);
    assert_int_equal(v.u.s.len, 5);
    assert_memory_equal(v.u.s.ptr, "ab   ", 5);
    /* an embedded NUL is part of the value, not its end */
    v = value_of(f, VARCHAR, "\"a\\u0000b\"");
    assert_int_equal(v.u.s.len, 3);
    assert_memory_equal(v.u.s.ptr, "a\0b", 3);
    v = value_of(f, VARCHAR, "\"\"");
    assert_false(v.is_null);
    assert_int_equal(v.u.s.len, 0);
    assert_true(value_of(f, VARCHAR, "null").is_null);
    /* byte sequences json-c lets through: a CESU surrogate, overlong
     * forms, beyond U+10FFFF */
    value_fails(f, VARCHAR, "\"\xed\xa0\x80\"", "not valid UTF-8");
    value_fails(f, VARCHAR, "\"\xe0\x80\xaf\"", "not valid UTF-8");
    value_fails(f, VARCHAR, "\"\xf4\x90\x80\x80\"", "not valid UTF-8");
    value_fails(f, COL("t", "json", SIG("json", "")), "\"\xed\xbf\xbf\"", "not valid UTF-8");
    value_fails(f, VARCHAR, "1", "not a string");
    value_fails(f, VARCHAR, "{\"a\":1}", "not a string");
}

static void test_values_date_boolean(void **state)
{
    fx *f = *state;
    eng_value v = value_of(f, DATE, "\"2020-01-02\"");
    assert_int_equal(v.u.date, eng_date_from_ymd(2020, 1, 2));
    assert_int_equal(value_of(f, DATE, "\"1970-01-01\"").u.date, 0);
    assert_int_equal(value_of(f, DATE, "\"2024-02-29\"").u.date, eng_date_from_ymd(2024, 2, 29));
    value_fails(f, DATE, "\"2023-02-29\"", "not a date");
    value_fails(f, DATE, "\"2020-1-2\"", "not a date");
    value_fails(f, DATE, "\"2020-01-02\\u0000\"", "not a date");
    value_fails(f, DATE, "20200102", "not a date");
    /* java.time's forms beyond 0001..9999 (year 0 is 1 BC, as in the
     * engine), to the ends of Trino's int32 day range */
    assert_int_equal(value_of(f, DATE, "\"+12345-01-01\"").u.date,
                     eng_date_from_ymd(12345, 1, 1));
    assert_int_equal(value_of(f, DATE, "\"-0044-03-15\"").u.date,
                     eng_date_from_ymd(-44, 3, 15));
    assert_int_equal(value_of(f, DATE, "\"0000-02-29\"").u.date,
                     eng_date_from_ymd(0, 2, 29));
    assert_int_equal(value_of(f, DATE, "\"+5881580-07-11\"").u.date, INT32_MAX);
    assert_int_equal(value_of(f, DATE, "\"-5877641-06-23\"").u.date, INT32_MIN);
    value_fails(f, DATE, "\"+5881580-07-12\"", "not a date");
    value_fails(f, DATE, "\"-5877641-06-22\"", "not a date");
    value_fails(f, DATE, "\"12345-01-01\"", "not a date");   /* needs '+' */
    value_fails(f, DATE, "\"+2020-01-01\"", "not a date");
    value_fails(f, DATE, "\"-44-01-01\"", "not a date");
    assert_true(value_of(f, BOOLEAN, "true").u.b);
    assert_false(value_of(f, BOOLEAN, "false").u.b);
    assert_true(value_of(f, BOOLEAN, "null").is_null);
    value_fails(f, BOOLEAN, "1", "not a boolean");
    value_fails(f, BOOLEAN, "\"true\"", "not a boolean");
}

#define TS3 COL("t", "timestamp(3)", SIG("timestamp", LONGARG(3)))
#define TS0 COL("t", "timestamp(0)", SIG("timestamp", LONGARG(0)))
#define TS6 COL("t", "timestamp(6)", SIG("timestamp", LONGARG(6)))
#define TM3 COL("t", "time(3)", SIG("time", LONGARG(3)))
#define IDS COL("t", "INTERVAL DAY TO SECOND", SIG("interval day to second", ""))
#define IYM COL("t", "INTERVAL YEAR TO MONTH", SIG("interval year to month", ""))

/* timestamp(p), time(p) and the intervals: the engine's own types, read
 * exactly as Trino writes them (p fraction digits; '+' years after 9999);
 * anything else 08P01. */
static void test_values_temporal(void **state)
{
    fx *f = *state;
    int64_t day = eng_date_from_ymd(2020, 1, 2);
    eng_value v = value_of(f, TS3, "\"2020-01-02 03:04:05.123\"");
    assert_int_equal(v.type.id, ENG_T_TIMESTAMP);
    assert_int_equal(v.type.precision, 3);
    assert_false(f->doc.cols[0].as_text);
    assert_true(v.u.i == day * ENG_US_PER_DAY + ((3 * 60 + 4) * 60 + 5) * ENG_US_PER_SEC + 123000);
    v = value_of(f, TS0, "\"2020-01-02 03:04:05\"");
    assert_true(v.u.i == day * ENG_US_PER_DAY + ((3 * 60 + 4) * 60 + 5) * ENG_US_PER_SEC);
    v = value_of(f, TS6, "\"1969-12-31 23:59:59.999999\"");
    assert_true(v.u.i == -1);
    v = value_of(f, TS6, "\"+294247-01-10 04:00:54.775807\"");
    assert_true(v.u.i == INT64_MAX);
    v = value_of(f, TS3, "\"-0044-03-15 12:00:00.000\"");
    assert_true(v.u.i == (int64_t)eng_date_from_ymd(-44, 3, 15) * ENG_US_PER_DAY + 12 * 3600 * ENG_US_PER_SEC);
    assert_true(value_of(f, TS3, "null").is_null);
    value_fails(f, TS6, "\"+294247-01-10 04:00:54.775808\"", "not a timestamp");
    value_fails(f, TS3, "\"2020-01-02 03:04:05\"", "not a timestamp");       /* digits != p */
    value_fails(f, TS3, "\"2020-01-02 03:04:05.1234\"", "not a timestamp");
    value_fails(f, TS0, "\"2020-01-02 03:04:05.0\"", "not a timestamp");
    value_fails(f, TS3, "\"2020-01-02T03:04:05.123\"", "not a timestamp");
    value_fails(f, TS3, "\"2020-01-02 24:00:00.000\"", "not a timestamp");
    value_fails(f, TS3, "\"2020-01-02 03:04:05.123 UTC\"", "not a timestamp");
    value_fails(f, TS3, "12345", "not a timestamp");
    v = value_of(f, TM3, "\"23:59:59.999\"");
    assert_int_equal(v.type.id, ENG_T_TIME);
    assert_true(v.u.i == ENG_US_PER_DAY - 1000);
    value_fails(f, TM3, "\"1:02:03.000\"", "not a time");
    value_fails(f, TM3, "\"01:02:03.000+01:00\"", "not a time");
    v = value_of(f, IDS, "\"2 03:04:05.123\"");
    assert_int_equal(v.type.id, ENG_T_INTERVAL_DS);
    assert_true(v.u.i == 2 * ENG_MS_PER_DAY + ((3 * 60 + 4) * 60 + 5) * 1000 + 123);
    assert_true(value_of(f, IDS, "\"-0 00:00:01.500\"").u.i == -1500);
    assert_true(value_of(f, IDS, "\"106751991167 07:12:55.807\"").u.i == INT64_MAX);
    assert_true(value_of(f, IDS, "\"-106751991167 07:12:55.808\"").u.i == INT64_MIN);
    value_fails(f, IDS, "\"106751991167 07:12:55.808\"", "not an interval");
    value_fails(f, IDS, "\"2 03:04:05\"", "not an interval");
    value_fails(f, IDS, "\"2 24:00:00.000\"", "not an interval");
    value_fails(f, IDS, "\"P2D\"", "not an interval");
    v = value_of(f, IYM, "\"1-2\"");
    assert_int_equal(v.type.id, ENG_T_INTERVAL_YM);
    assert_true(v.u.i == 14);
    assert_true(value_of(f, IYM, "\"-0-2\"").u.i == -2);
    assert_true(value_of(f, IYM, "\"178956970-7\"").u.i == INT32_MAX);
    assert_true(value_of(f, IYM, "\"-178956970-8\"").u.i == INT32_MIN);
    value_fails(f, IYM, "\"178956970-8\"", "not an interval");
    value_fails(f, IYM, "\"1-12\"", "not an interval");
    value_fails(f, IYM, "\"1\"", "not an interval");
    /* the text of each value is Trino's own again */
    static const struct { const char *col, *json; } same[] = {
        {TS3, "\"2020-01-02 03:04:05.123\""}, {TS0, "\"1999-12-31 23:59:59\""},
        {TM3, "\"01:02:03.000\""}, {IDS, "\"-1 02:03:04.500\""}, {IYM, "\"-1-2\""},
    };
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        v = value_of(f, same[i].col, same[i].json);
        char want[64];
        snprintf(want, sizeof want, "%.*s", (int)strlen(same[i].json) - 2, same[i].json + 1);
        assert_string_equal(text_of(f, &v), want);
    }
}

/* timestamp(p) / time(p) with time zone: the engine's zoned values, the
 * instant and the zone of Trino's text; p digits and a zone required. */
static void test_values_zoned(void **state)
{
    fx *f = *state;
    const char *TZ3 = COL("z", "timestamp(3) with time zone",
                          SIG("timestamp with time zone", LONGARG(3)));
    const char *TZ0 = COL("z", "timestamp(0) with time zone",
                          SIG("timestamp with time zone", LONGARG(0)));
    const char *TTZ3 = COL("z", "time(3) with time zone",
                           SIG("time with time zone", LONGARG(3)));
    int64_t day = eng_date_from_ymd(2020, 1, 2);
    int64_t local = day * ENG_US_PER_DAY + ((3 * 60 + 4) * 60 + 5) * ENG_US_PER_SEC;
    eng_value v = value_of(f, TZ3, "\"2020-01-02 03:04:05.123 UTC\"");
    assert_int_equal(v.type.id, ENG_T_TIMESTAMP_TZ);
    assert_int_equal(v.type.precision, 3);
    assert_false(f->doc.cols[0].as_text);
    assert_true(v.u.tz.us == local + 123000);
    assert_int_equal(v.u.tz.zone, ENG_TZ_UTC);
    /* a fixed offset: the instant is the local time minus it */
    v = value_of(f, TZ0, "\"2020-01-02 03:04:05 +05:30\"");
    assert_true(v.u.tz.us == local - (5 * 60 + 30) * 60 * ENG_US_PER_SEC);
    assert_int_equal(v.u.tz.zone, eng_tz_offset_key(5 * 60 + 30));
    /* a named zone: its offset at that time (EST, -5 h in January) */
    v = value_of(f, TZ3, "\"2020-01-02 03:04:05.000 America/New_York\"");
    assert_true(v.u.tz.us == local + 5 * 3600 * ENG_US_PER_SEC);
    assert_true(value_of(f, TZ3, "null").is_null);
    value_fails(f, TZ3, "\"2020-01-02 03:04:05 UTC\"", "not a timestamp with time zone");
    value_fails(f, TZ3, "\"2020-01-02 03:04:05.1234 UTC\"", "not a timestamp with time zone");
    value_fails(f, TZ3, "\"2020-01-02 03:04:05.123\"", "not a timestamp with time zone");
    value_fails(f, TZ3, "\"2020-01-02 03:04:05.123 Mars/Olympus\"", "not a timestamp with time zone");
    value_fails(f, TZ3, "12345", "not a timestamp with time zone");
    v = value_of(f, TTZ3, "\"03:04:05.123+05:30\"");
    assert_int_equal(v.type.id, ENG_T_TIME_TZ);
    assert_true(v.u.tz.us == ((3 * 60 + 4) * 60 + 5) * ENG_US_PER_SEC + 123000);
    assert_int_equal(v.u.tz.zone, eng_tz_offset_key(5 * 60 + 30));
    value_fails(f, TTZ3, "\"03:04:05.123\"", "not a time with time zone");
    value_fails(f, TTZ3, "\"03:04:05+05:30\"", "not a time with time zone");
    /* the text of each value is Trino's own again */
    static const char *const same[][2] = {
        {"z3", "\"2020-01-02 03:04:05.123 UTC\""},
        {"z3", "\"1999-12-31 23:59:59.999 America/New_York\""},
        {"z0", "\"2020-06-30 12:00:00 -08:00\""},
        {"t3", "\"23:59:59.999-14:00\""},
    };
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        const char *col = same[i][0][0] == 't' ? TTZ3 : same[i][0][1] == '3' ? TZ3 : TZ0;
        v = value_of(f, col, same[i][1]);
        char want[80];
        snprintf(want, sizeof want, "%.*s", (int)strlen(same[i][1]) - 2, same[i][1] + 1);
        assert_string_equal(text_of(f, &v), want);
    }
}

/* Types without an engine equivalent: Trino's text of the value; maps and
 * rows as compact JSON, arrays as Trino's CLI prints them. */
static void test_values_unmapped(void **state)
{
    fx *f = *state;
    static const struct { const char *col, *json, *want; } cases[] = {
        {COL("t", "timestamp(9)", SIG("timestamp", LONGARG(9))),
         "\"2020-01-01 00:00:00.123456789\"", "2020-01-01 00:00:00.123456789"},
        {COL("t", "time(7)", SIG("time", LONGARG(7))), "\"01:02:03.0000001\"", "01:02:03.0000001"},
        {COL("t", "timestamp(9) with time zone", SIG("timestamp with time zone", LONGARG(9))),
         "\"2020-01-01 00:00:00.000000000 UTC\"", "2020-01-01 00:00:00.000000000 UTC"},
        /* an array: Trino's CLI text, the embedded array(T)'s */
        {COL("t", "array(integer)", SIG("array", "")), "[1, 2, null]", "[1, 2, NULL]"},
        {COL("t", "array(array(varchar))", SIG("array", "")),
         "[[\"a b\", null], []]", "[[a b, NULL], []]"},
        {COL("t", "map(varchar(1), integer)", SIG("map", "")), "{\"a\": 1}", "{\"a\":1}"},
        {COL("t", "row(integer, varchar(1))", SIG("row", "")), "[1, \"a\"]", "[1,\"a\"]"},
        {COL("t", "decimal(39, 2)", SIG("decimal", LONGARG(39) "," LONGARG(2))),
         "\"1.00\"", "1.00"},
        {COL("t", "ipaddress", SIG("ipaddress", "")), "7", "7"},
        {COL("t", "json", SIG("json", "")), "true", "true"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        eng_value v = value_of(f, cases[i].col, cases[i].json);
        assert_true(f->doc.cols[0].as_text);
        assert_int_equal(v.type.id, strstr(cases[i].col, "\"json\"")
                                    ? ENG_T_JSON : ENG_T_VARCHAR);
        if (v.u.s.len != strlen(cases[i].want) ||
            memcmp(v.u.s.ptr, cases[i].want, v.u.s.len))
            fail_msg("%s: got '%.*s'", cases[i].json, (int)v.u.s.len, v.u.s.ptr);
    }
    assert_true(value_of(f, cases[0].col, "null").is_null);
    /* a column without name, type or signature: text, named "" */
    eng_value v = value_of(f, "{}", "\"x\"");
    assert_string_equal(f->doc.cols[0].name, "");
    assert_string_equal(f->doc.cols[0].trino_type, "unknown");
    assert_true(f->doc.cols[0].as_text);
    assert_memory_equal(v.u.s.ptr, "x", 1);
}

/* ---- malformed documents: 08P01 naming the problem ---- */

static void expect_malformed(fx *f, const char *body, size_t len, const char *needle)
{
    trino_doc_free(&f->doc);
    eng_err_clear(&f->err);
    eng_rc rc = trino_doc_parse(body, len, 0, f->a, &f->doc, &f->err);
    if (rc == ENG_OK)
        fail_msg("malformed document accepted: %.*s", (int)len, body);
    assert_int_equal(rc, ENG_ERROR);
    assert_string_equal(f->err.sqlstate, "08P01");
    if (!strstr(f->err.message, needle))
        fail_msg("message '%s' lacks '%s'", f->err.message, needle);
    assert_null(f->doc.root);   /* nothing to free */
}

#define MALFORMED(f, s, needle) expect_malformed(f, s, sizeof(s) - 1, needle)

static void test_malformed_documents(void **state)
{
    fx *f = *state;
    MALFORMED(f, "", "not a complete JSON document");
    MALFORMED(f, "   ", "not a complete JSON document");
    MALFORMED(f, "<html><body>502 Bad Gateway</body></html>", "not a complete JSON document");
    MALFORMED(f, "{\"id\":\"q\"", "not a complete JSON document");
    MALFORMED(f, "{\"id\":\"q\",\"data\":[[1,", "not a complete JSON document");
    MALFORMED(f, "{\"id\":\"q\"} x", "trailing bytes");
    MALFORMED(f, "{}{}", "trailing bytes");
    MALFORMED(f, "{\"a\":1}\0", "trailing bytes");
    MALFORMED(f, "[1,2]", "not a JSON object");
    MALFORMED(f, "\"str\"", "not a JSON object");
    MALFORMED(f, "null ", "not a JSON object");
    /* a bare number could go on: the tokener waits for more */
    MALFORMED(f, "42", "not a complete JSON document");
    MALFORMED(f, "42 ", "not a JSON object");
    /* not standard JSON: strict parsing refuses it */
    MALFORMED(f, "{\"n\":01}", "not a complete JSON document");
    MALFORMED(f, "{\"d\":[1,]}", "not a complete JSON document");
    MALFORMED(f, "{'id':'q'}", "not a complete JSON document");
    /* invalid UTF-8 never reaches a varchar */
    MALFORMED(f, "{\"data\":[[\"\xff\"]]}", "not a complete JSON document");
    MALFORMED(f, "{\"data\":[[\"\xc3\x28\"]]}", "not a complete JSON document");
    /* columns of the wrong shape */
    MALFORMED(f, "{\"columns\":[1]}", "a column is not an object");
    MALFORMED(f, "{\"columns\":[{\"name\":\"a\"},null]}", "a column is not an object");
    /* nesting deeper than the tokener allows */
    char deep[300];
    memset(deep, '[', sizeof deep);
    expect_malformed(f, deep, sizeof deep, "not a complete JSON document");
    /* trailing blanks are fine */
    parse_ok(f, "{\"id\":\"q\"}\r\n\t ");
    /* fields of unexpected types are ignored, not misread */
    parse_ok(f, "{\"id\":5,\"nextUri\":7,\"columns\":{},\"data\":{},\"stats\":[],"
                "\"updateType\":1}");
    assert_null(f->doc.next_uri);
    assert_false(f->doc.has_columns);
    assert_null(f->doc.data);
    assert_null(f->doc.state);
    assert_null(f->doc.update_type);
    assert_string_equal(f->doc.id, "5");
}

static void test_malformed_rows(void **state)
{
    fx *f = *state;
    eng_rc rc;
    parse_ok(f, "{\"columns\":[" COL("a", "integer", SIG("integer", "")) ","
                COL("b", "varchar", SIG("varchar", "")) "],\"data\":[[1,\"x\"],[2]]}");
    rows_of(f, &rc);
    assert_int_equal(rc, ENG_ERROR);
    assert_string_equal(f->err.sqlstate, "08P01");
    assert_non_null(strstr(f->err.message, "row 2 does not have 2 values"));
    parse_ok(f, "{\"columns\":[" COL("a", "integer", SIG("integer", "")) "],"
                "\"data\":[[1],[2,3]]}");
    rows_of(f, &rc);
    assert_int_equal(rc, ENG_ERROR);
    assert_non_null(strstr(f->err.message, "row 2 does not have 1 values"));
    parse_ok(f, "{\"columns\":[" COL("a", "integer", SIG("integer", "")) "],"
                "\"data\":[[1],5]}");
    rows_of(f, &rc);
    assert_int_equal(rc, ENG_ERROR);
    parse_ok(f, "{\"columns\":[" COL("a", "integer", SIG("integer", "")) "],"
                "\"data\":[null]}");
    rows_of(f, &rc);
    assert_int_equal(rc, ENG_ERROR);
    /* the bad value is named by its row */
    parse_ok(f, "{\"columns\":[" COL("a", "integer", SIG("integer", "")) "],"
                "\"data\":[[1],[2],[\"three\"]]}");
    rows_of(f, &rc);
    assert_int_equal(rc, ENG_ERROR);
    assert_non_null(strstr(f->err.message, "column 'a' (integer) in row 3: not an integer"));
}

/* Every arena allocation failing in turn: NOMEM or success, never a
 * crash or a leak (LeakSanitizer in the sanitizer build). */
static void test_out_of_memory(void **state)
{
    (void)state;
    static const char body[] =
        "{\"id\":\"q\",\"nextUri\":\"http://h/1\",\"updateType\":\"SELECT\","
        "\"stats\":{\"state\":\"RUNNING\"},\"columns\":["
        COL("a", "integer", SIG("integer", "")) ","
        COL("b", "varchar(5)", SIG("varchar", LONGARG(5))) ","
        COL("c", "array(integer)", SIG("array", "")) "],"
        "\"data\":[[1,\"hello\",[1]],[null,\"x\",null]]}";
    for (int once = 0; once < 2; once++) {
    bool succeeded = false;
    for (long n = 1; n < 200 && !succeeded; n++) {
        eng_arena *a = eng_arena_create();
        eng_arena *ba = eng_arena_create();
        assert_non_null(a);
        assert_non_null(ba);
        trino_doc doc;
        eng_error err;
        if (once)
            eng_alloc_fail_once(n);
        else
            eng_alloc_fail_at(n);
        eng_rc rc = trino_doc_parse(body, sizeof body - 1, 0, a, &doc, &err);
        if (rc == ENG_OK) {
            eng_type types[3] = {eng_type_make(ENG_T_INTEGER), eng_type_varchar(5),
                                 eng_type_varchar(0)};
            eng_batch *b = eng_batch_create(ba, 3, types, 2);
            if (b) {
                rc = trino_doc_rows(&doc, 0, 2, doc.cols, doc.ncols, b, &err);
                succeeded = rc == ENG_OK;
            }
            trino_doc_free(&doc);
        }
        eng_alloc_fail_at(0);
        if (rc != ENG_OK) {
            assert_int_equal(rc, ENG_NOMEM);
            assert_string_equal(err.sqlstate, "HY001");
        }
        eng_arena_destroy(a);
        eng_arena_destroy(ba);
    }
    assert_true(succeeded);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_document_fields, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_later_page_and_ranges, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_update_count, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_error_document, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_error_location_extremes, fx_setup, fx_teardown),
        cmocka_unit_test(test_error_sqlstates),
        cmocka_unit_test(test_type_signatures),
        cmocka_unit_test(test_type_text),
        cmocka_unit_test_setup_teardown(test_values_integers, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_values_double, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_values_decimal, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_values_strings, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_values_date_boolean, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_values_temporal, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_values_unmapped, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_values_zoned, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_malformed_documents, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_malformed_rows, fx_setup, fx_teardown),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
