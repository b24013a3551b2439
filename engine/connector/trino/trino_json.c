/*
 * engine/connector/trino/trino_json.c
 *   Trino client-protocol documents -> engine columns, batches and errors.
 * Interface: trino_doc_parse, trino_doc_free, trino_doc_rows,
 *   trino_type_from_signature, trino_type_from_text, trino_error_sqlstate.
 * Not here: HTTP, retries and session headers (trino_client.c).
 *
 * Value encodings the server uses (Trino's JSON row format): integers as
 * JSON numbers, double/real as numbers or the strings "NaN", "Infinity",
 * "-Infinity", decimal as a string of digits (exact), varchar/char as
 * strings (char padded to its length), date as "YYYY-MM-DD"
 * ("+YYYYY-MM-DD" after 9999, "-YYYY-MM-DD" before year 1), timestamp(p)
 * as "YYYY-MM-DD HH:MM:SS.fff" and time(p) as "HH:MM:SS.fff" with exactly
 * p digits (with a time zone: followed by " zone-id" or "+hh:mm"),
 * interval day to second as
 * "[-]D HH:MM:SS.mmm", year to month as "[-]Y-M", boolean as true/false,
 * NULL as null.
 * Everything is checked: a reply that does not match its column is a
 * protocol error (08P01), never a wrong value.
 */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <json.h>
#include "trino_json.h"

/* ---------------------------------------------------------------- errors */

/*
 * Trino's errorName -> the SQLSTATE the embedded engine gives for the
 * same error (engine/errcodes.txt, or the PostgreSQL state it passes on
 * from a catalog), so that an application sees one state whichever
 * engine ran the statement. Every user-facing code of Trino's
 * StandardErrorCode (476) is here, and its insufficient-resources codes;
 * the internal errors (GENERIC_INTERNAL_ERROR, REMOTE_TASK_ERROR, ...)
 * and connector codes stay HY000 with their name in the message. Where
 * the embedded engine has no such error, the state is PostgreSQL's for
 * it (42712, 42725, 54023, ...).
 */
static const struct {
    const char *name, *state;
} error_map[] = {
    /* syntax and names */
    {"SYNTAX_ERROR", "42000"},
    {"CATALOG_NOT_FOUND", "3D000"},
    {"MISSING_CATALOG_NAME", "3D000"},
    {"SCHEMA_NOT_FOUND", "3F000"},
    {"MISSING_SCHEMA_NAME", "3F000"},
    {"TABLE_NOT_FOUND", "42S02"},
    {"MISSING_TABLE", "42S02"},
    {"NOT_FOUND", "42S02"},
    {"COLUMN_NOT_FOUND", "42703"},
    {"AMBIGUOUS_NAME", "42702"},
    /* ORDER BY / GROUP BY positions, column references that are not */
    {"INVALID_COLUMN_REFERENCE", "42P10"},
    {"EXPRESSION_NOT_IN_DISTINCT", "42P10"},
    {"FUNCTION_NOT_FOUND", "42883"},
    {"PROCEDURE_NOT_FOUND", "42883"},
    /* the embedded engine knows no window function without OVER, and no
     * scalar function with one, by those names */
    {"MISSING_OVER", "42883"},
    {"FUNCTION_NOT_WINDOW", "42883"},
    {"AMBIGUOUS_FUNCTION_CALL", "42725"},
    {"TYPE_NOT_FOUND", "0A000"},        /* embedded: type not supported */
    {"ROLE_NOT_FOUND", "42704"},
    /* semantic errors the embedded binder reports as 42000 */
    {"MISMATCHED_COLUMN_ALIASES", "42000"},
    {"MISSING_COLUMN_ALIASES", "42000"},
    {"MISSING_COLUMN_NAME", "42000"},   /* CREATE TABLE AS: a name needed */
    {"DUPLICATE_COLUMN_NAME", "42000"},
    {"FUNCTION_NOT_AGGREGATE", "42000"},  /* FILTER on a scalar */
    {"EXPRESSION_NOT_CONSTANT", "42000"},
    {"INVALID_VIEW", "42000"},
    {"VIEW_IS_STALE", "42000"},
    {"INVALID_ROW_FILTER", "42000"},
    {"INVALID_COLUMN_MASK", "42000"},
    {"DUPLICATE_NAMED_QUERY", "42712"},
    /* types */
    {"TYPE_MISMATCH", "42804"},
    {"OPERATOR_NOT_FOUND", "42804"},    /* "Cannot apply operator" */
    {"COLUMN_TYPE_UNKNOWN", "42804"},
    /* aggregates, grouping, windows */
    {"EXPRESSION_NOT_AGGREGATE", "42803"},
    {"MUST_BE_AGGREGATE_OR_GROUP_BY", "42803"},
    {"EXPRESSION_NOT_SCALAR", "42803"}, /* aggregates in WHERE, GROUP BY */
    {"NESTED_AGGREGATION", "42803"},
    {"NESTED_WINDOW", "42803"},
    {"MISSING_GROUP_BY", "42803"},      /* GROUPING() without GROUP BY */
    {"INVALID_ARGUMENTS", "42803"},     /* GROUPING() of other expressions */
    {"TOO_MANY_GROUPING_SETS", "0A000"},
    {"INVALID_WINDOW_FRAME", "42P20"},
    {"MISSING_ORDER_BY", "42P20"},      /* a RANGE offset frame needs one */
    {"INVALID_ORDER_BY", "42P20"},      /* ... and only one key */
    {"NULL_TREATMENT_NOT_ALLOWED", "42P20"},
    /* recursion */
    {"INVALID_RECURSIVE_REFERENCE", "0A000"},
    {"NESTED_RECURSIVE", "0A000"},
    {"VIEW_IS_RECURSIVE", "42P19"},
    /* values */
    {"DIVISION_BY_ZERO", "22012"},
    {"NUMERIC_VALUE_OUT_OF_RANGE", "22003"},
    {"INVALID_LIMIT_CLAUSE", "22003"},  /* a row count out of range */
    {"INVALID_CAST_ARGUMENT", "22018"},
    {"INVALID_FUNCTION_ARGUMENT", "22023"},
    {"INVALID_PROCEDURE_ARGUMENT", "22023"},
    {"INVALID_SESSION_PROPERTY", "22023"},
    {"INVALID_TABLE_PROPERTY", "22023"},
    {"INVALID_SCHEMA_PROPERTY", "22023"},
    {"INVALID_COLUMN_PROPERTY", "22023"},
    {"INVALID_ANALYZE_PROPERTY", "22023"},
    {"INVALID_SPATIAL_PARTITIONING", "22023"},
    {"DUPLICATE_PROPERTY", "42710"},
    {"INVALID_LITERAL", "22007"},
    {"SUBQUERY_MULTIPLE_ROWS", "21000"},
    {"INVALID_PARAMETER_USAGE", "07002"},  /* wrong number of parameters */
    /* objects (the embedded engine passes on PostgreSQL's states) */
    {"ALREADY_EXISTS", "42P07"},
    {"TABLE_ALREADY_EXISTS", "42P07"},
    {"SCHEMA_ALREADY_EXISTS", "42P06"},
    {"COLUMN_ALREADY_EXISTS", "42701"},
    {"ROLE_ALREADY_EXISTS", "42710"},
    {"SCHEMA_NOT_EMPTY", "2BP01"},
    {"CONSTRAINT_VIOLATION", "23502"},  /* NULL into a NOT NULL column */
    /* privileges */
    {"PERMISSION_DENIED", "42501"},
    {"ACCESS_DENIED", "42501"},
    {"INVALID_PRIVILEGE", "0LP01"},
    /* not supported */
    {"NOT_SUPPORTED", "0A000"},
    {"UNSUPPORTED_SUBQUERY", "0A000"},
    /* transactions: the states the embedded engine gives the same cases */
    {"NOT_IN_TRANSACTION", "25P01"},
    {"TRANSACTION_ALREADY_ABORTED", "25P02"},
    {"UNKNOWN_TRANSACTION", "25000"},
    {"AUTOCOMMIT_WRITE_CONFLICT", "25000"},
    {"MULTI_CATALOG_WRITE_CONFLICT", "25000"},
    {"READ_ONLY_VIOLATION", "25006"},
    {"UNSUPPORTED_ISOLATION_LEVEL", "0A000"},
    {"TRANSACTION_CONFLICT", "40001"},
    /* cancelled, killed, limits */
    {"USER_CANCELED", "HY008"},
    {"ABANDONED_QUERY", "57014"},
    {"ADMINISTRATIVELY_KILLED", "57014"},
    {"ADMINISTRATIVELY_PREEMPTED", "57014"},
    {"EXCEEDED_TIME_LIMIT", "HYT00"},
    {"EXCEEDED_FUNCTION_MEMORY_LIMIT", "53200"},
    {"EXCEEDED_GLOBAL_MEMORY_LIMIT", "53200"},
    {"EXCEEDED_LOCAL_MEMORY_LIMIT", "53200"},
    {"CLUSTER_OUT_OF_MEMORY", "53200"},
    {"EXCEEDED_CPU_LIMIT", "54000"},
    {"EXCEEDED_SCAN_LIMIT", "54000"},
    {"EXCEEDED_SPILL_LIMIT", "54000"},
    {"QUERY_TEXT_TOO_LARGE", "54000"},
    {"QUERY_HAS_TOO_MANY_STAGES", "54001"},
    {"TOO_MANY_ARGUMENTS", "54023"},
    {"QUERY_QUEUE_FULL", "53000"},
    {"GENERIC_INSUFFICIENT_RESOURCES", "53000"},
    {"INCOMPATIBLE_CLIENT", "08P01"},
    {"QUERY_REJECTED", "HY000"},
    {"GENERIC_USER_ERROR", "HY000"},
};

const char *trino_error_sqlstate(const char *error_name)
{
    if (error_name)
        for (size_t i = 0; i < sizeof error_map / sizeof error_map[0]; i++)
            if (!strcmp(error_map[i].name, error_name))
                return error_map[i].state;
    return "HY000";
}

/* ----------------------------------------------------------------- types */

/* The first LONG argument of a typeSignature, or dflt. */
static int64_t long_arg(json_object *sig, int idx, int64_t dflt)
{
    json_object *args, *arg, *kind, *val;
    if (!json_object_object_get_ex(sig, "arguments", &args) ||
        !json_object_is_type(args, json_type_array) ||
        (int)json_object_array_length(args) <= idx)
        return dflt;
    arg = json_object_array_get_idx(args, (size_t)idx);
    if (!arg || !json_object_object_get_ex(arg, "kind", &kind) ||
        !json_object_object_get_ex(arg, "value", &val) ||
        !json_object_is_type(val, json_type_int))
        return dflt;
    const char *k = json_object_get_string(kind);
    if (!k || (strcmp(k, "LONG") && strcmp(k, "LONG_LITERAL")))
        return dflt;
    return json_object_get_int64(val);
}

/*
 * The engine type of a Trino type given by its raw name (lower case, as
 * typeSignature's rawType or the text before any "(") and its arguments
 * (a1, a2; NOARG when absent). See trino_json.h for the mapping and why
 * precision above 6 is carried as text.
 */
#define NOARG LLONG_MIN

static eng_type map_type(const char *r, long long a1, long long a2,
                         bool *as_text)
{
    *as_text = false;
    if (!strcmp(r, "boolean"))
        return eng_type_make(ENG_T_BOOLEAN);
    if (!strcmp(r, "tinyint"))
        return eng_type_tinyint();
    if (!strcmp(r, "smallint"))
        return eng_type_make(ENG_T_SMALLINT);
    if (!strcmp(r, "integer"))
        return eng_type_make(ENG_T_INTEGER);
    if (!strcmp(r, "bigint"))
        return eng_type_make(ENG_T_BIGINT);
    if (!strcmp(r, "double"))
        return eng_type_make(ENG_T_DOUBLE);
    if (!strcmp(r, "real"))
        return eng_type_real();
    /* varbinary arrives as base64, uuid as its 8-4-4-4-12 text */
    if (!strcmp(r, "varbinary"))
        return eng_type_make(ENG_T_VARBINARY);
    if (!strcmp(r, "uuid"))
        return eng_type_make(ENG_T_UUID);
    if (!strcmp(r, "date"))
        return eng_type_make(ENG_T_DATE);
    if (!strcmp(r, "decimal")) {
        if (a1 == NOARG)
            a1 = 38, a2 = 0;
        if (a2 == NOARG)
            a2 = 0;
        if (a1 >= 1 && a1 <= ENG_DECIMAL_MAX_PRECISION && a2 >= 0 && a2 <= a1)
            return eng_type_decimal((int)a1, (int)a2);
        *as_text = true;
        return eng_type_varchar(0);
    }
    if (!strcmp(r, "varchar"))
        /* Trino's unbounded varchar says 2147483647 */
        return eng_type_varchar(a1 > 0 && a1 < 2147483647 ? (int)a1 : 0);
    /* char(n), n = 1 when absent (Trino's bare `char`); its values are
     * kept as sent, padded to n (see trino_json.h) */
    if (!strcmp(r, "char")) {
        if (a1 == NOARG || a1 == 0)
            a1 = 1;
        if (a1 >= 1 && a1 <= 65536)
            return eng_type_char((int)a1);
        *as_text = true;
        return eng_type_varchar(0);
    }
    /* timestamp(p) and time(p), with or without a time zone, up to the
     * engine's microseconds; bare `timestamp` / `time` are p = 3 in
     * Trino */
    bool tz = !strcmp(r, "timestamp with time zone") ||
              !strcmp(r, "time with time zone");
    if (!strcmp(r, "timestamp") || !strcmp(r, "time") || tz) {
        long long p = a1 == NOARG ? ENG_TS_DEFAULT_PRECISION : a1;
        bool ts = r[4] == 's';
        if (p >= 0 && p <= ENG_TS_MAX_PRECISION) {
            if (tz)
                return ts ? eng_type_timestamp_tz((int)p)
                          : eng_type_time_tz((int)p);
            return ts ? eng_type_timestamp((int)p) : eng_type_time((int)p);
        }
        *as_text = true;
        return eng_type_varchar(0);
    }
    if (!strcmp(r, "json")) {
        /* the engine's json (TYPE_NAME json, as embedded); its values
         * arrive as their text (Trino's canonical form) */
        *as_text = true;
        return eng_type_make(ENG_T_JSON);
    }
    if (!strcmp(r, "interval day to second"))
        return eng_type_make(ENG_T_INTERVAL_DS);
    if (!strcmp(r, "interval year to month"))
        return eng_type_make(ENG_T_INTERVAL_YM);
    *as_text = true;
    return eng_type_varchar(0);
}

/* Lower-cases s into buf (cut to cap - 1 bytes). */
static void lower_into(char *buf, size_t cap, const char *s, size_t n)
{
    size_t k = 0;
    for (; k < n && k + 1 < cap; k++)
        buf[k] = (char)(s[k] >= 'A' && s[k] <= 'Z' ? s[k] + 32 : s[k]);
    buf[k] = '\0';
}

eng_type trino_type_from_signature(void *sigp, bool *as_text)
{
    json_object *sig = sigp, *raw;
    const char *r = NULL;
    char low[64];
    if (sig && json_object_object_get_ex(sig, "rawType", &raw))
        r = json_object_get_string(raw);
    if (!r)
        r = "";
    lower_into(low, sizeof low, r, strlen(r));
    long long a1 = long_arg(sig, 0, NOARG), a2 = long_arg(sig, 1, NOARG);
    if (!strcmp(low, "varchar"))
        a1 = long_arg(sig, 0, 0);
    return map_type(low, a1, a2, as_text);
}

eng_type trino_type_from_text(const char *text, bool *as_text)
{
    char raw[64];
    size_t n = 0;
    long long a1 = NOARG, a2 = NOARG;
    if (!text)
        text = "";
    while (text[n] && text[n] != '(')
        n++;
    lower_into(raw, sizeof raw, text, n);
    if (text[n] == '(') {
        char *end;
        a1 = strtoll(text + n + 1, &end, 10);
        if (*end == ',')
            a2 = strtoll(end + 1, &end, 10);
        /* "timestamp(6) with time zone": the zone's words follow the
         * arguments; anything else after them is no type known here */
        bool zone = *end == ')' && !strcmp(end + 1, " with time zone") &&
                    (!strcmp(raw, "timestamp") || !strcmp(raw, "time"));
        if (zone)
            strcat(raw, " with time zone");
        else if (*end != ')' || end[1] != '\0') {
            *as_text = true;
            return eng_type_varchar(0);
        }
    }
    return map_type(raw, a1, a2, as_text);
}

/* ------------------------------------------------------------- documents */

/* Copies o's string (a non-string: its JSON text; JSON null: NULL) into
 * *dst. False on OOM: a field silently missing (nextUri above all: the
 * query would look finished) must not stand in for a failed copy. */
static bool take_str(eng_arena *a, json_object *o, char **dst)
{
    const char *s = o ? json_object_get_string(o) : NULL;
    *dst = s ? eng_arena_strdup(a, s) : NULL;
    return !s || *dst;
}

static eng_rc bad(eng_error *err, const char *what)
{
    return eng_err_set(err, ENG_ERR_PROTOCOL_VIOLATION, 0,
                       "Trino returned a malformed response: %s", what);
}

/* Trino's messages start with "line L:C: " when they have a location;
 * that prefix is dropped and the location reported once, at the end. */
static const char *strip_location(const char *msg)
{
    const char *p = msg;
    if (strncmp(p, "line ", 5))
        return msg;
    p += 5;
    while (*p >= '0' && *p <= '9')
        p++;
    if (*p++ != ':')
        return msg;
    while (*p >= '0' && *p <= '9')
        p++;
    if (*p++ != ':')
        return msg;
    while (*p == ' ')
        p++;
    return p;
}

static eng_rc parse_error(json_object *e, trino_doc *doc, int line_offset)
{
    json_object *o;
    const char *name = NULL, *msg = NULL;
    int64_t line = 0, col = 0;
    if (json_object_object_get_ex(e, "errorName", &o))
        name = json_object_get_string(o);
    if (json_object_object_get_ex(e, "message", &o))
        msg = json_object_get_string(o);
    if (json_object_object_get_ex(e, "errorLocation", &o) &&
        json_object_is_type(o, json_type_object)) {
        json_object *v;
        /* 64-bit and range-checked: a hostile reply's INT_MIN minus the
         * offset must not overflow, nor print a nonsense location */
        if (json_object_object_get_ex(o, "lineNumber", &v))
            line = json_object_get_int64(v);
        if (json_object_object_get_ex(o, "columnNumber", &v))
            col = json_object_get_int64(v);
        if (line < 1 || line > INT32_MAX || col < 1 || col > INT32_MAX)
            line = col = 0;
    }
    doc->has_error = true;
    const char *state = trino_error_sqlstate(name);
    if (msg)
        msg = strip_location(msg);
    line -= line_offset;
    /* Unmapped errors keep Trino's name in the message so nothing is lost. */
    if (line > 0)
        eng_err_set(&doc->error, state, 0, "%s (Trino %s at line %d:%d)",
                    msg ? msg : "query failed", name ? name : "error",
                    (int)line, (int)col);
    else
        eng_err_set(&doc->error, state, 0, "%s (Trino %s)",
                    msg ? msg : "query failed", name ? name : "error");
    if (json_object_object_get_ex(e, "errorCode", &o))
        doc->error.native = json_object_get_int(o);
    return ENG_OK;
}

eng_rc trino_doc_parse(const char *body, size_t len, int line_offset,
                       eng_arena *a, trino_doc *doc, eng_error *err)
{
    json_tokener *tok;
    json_object *root, *o;

    memset(doc, 0, sizeof *doc);
    if (len > (size_t)INT32_MAX)
        return bad(err, "document too large");
    tok = json_tokener_new_ex(64);
    if (!tok)
        return eng_err_oom(err);
    /* Trino writes standard JSON in UTF-8: anything else (invalid UTF-8,
     * leading zeros, trailing commas, bare NaN) is a malformed reply, never
     * a value passed on to the application. Trailing bytes are checked
     * below, to name them. */
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8 |
                                    JSON_TOKENER_ALLOW_TRAILING_CHARS);
    root = json_tokener_parse_ex(tok, body, (int)len);
    enum json_tokener_error jerr = json_tokener_get_error(tok);
    size_t used = json_tokener_get_parse_end(tok);
    json_tokener_free(tok);
    if (!root && jerr == json_tokener_success)
        return bad(err, "not a JSON object");   /* the document "null" */
    if (!root || jerr != json_tokener_success) {
        json_object_put(root);
        return bad(err, "not a complete JSON document");
    }
    for (size_t i = used; i < len; i++)
        if (body[i] != ' ' && body[i] != '\n' && body[i] != '\r' && body[i] != '\t') {
            json_object_put(root);
            return bad(err, "trailing bytes after the JSON document");
        }
    if (!json_object_is_type(root, json_type_object)) {
        json_object_put(root);
        return bad(err, "not a JSON object");
    }
    doc->root = root;

    bool ok = true;
    if (json_object_object_get_ex(root, "id", &o))
        ok &= take_str(a, o, &doc->id);
    if (json_object_object_get_ex(root, "nextUri", &o) &&
        json_object_is_type(o, json_type_string))
        ok &= take_str(a, o, &doc->next_uri);
    if (json_object_object_get_ex(root, "stats", &o) &&
        json_object_is_type(o, json_type_object)) {
        json_object *st;
        if (json_object_object_get_ex(o, "state", &st))
            ok &= take_str(a, st, &doc->state);
    }
    if (json_object_object_get_ex(root, "updateType", &o) &&
        json_object_is_type(o, json_type_string))
        ok &= take_str(a, o, &doc->update_type);
    if (!ok) {
        trino_doc_free(doc);
        return eng_err_oom(err);
    }
    if (json_object_object_get_ex(root, "updateCount", &o) &&
        json_object_is_type(o, json_type_int)) {
        doc->has_update_count = true;
        doc->update_count = json_object_get_int64(o);
    }
    if (json_object_object_get_ex(root, "error", &o) &&
        json_object_is_type(o, json_type_object))
        parse_error(o, doc, line_offset);

    if (json_object_object_get_ex(root, "columns", &o) &&
        json_object_is_type(o, json_type_array)) {
        size_t n = json_object_array_length(o);
        if (n > 100000) {
            trino_doc_free(doc);
            return bad(err, "too many columns");
        }
        doc->has_columns = true;
        doc->ncols = (int)n;
        doc->cols = n ? eng_arena_calloc(a, n * sizeof(trino_col)) : NULL;
        if (n && !doc->cols) {
            trino_doc_free(doc);
            return eng_err_oom(err);
        }
        for (size_t i = 0; i < n; i++) {
            json_object *c = json_object_array_get_idx(o, i), *v, *sig = NULL;
            trino_col *tc = &doc->cols[i];
            if (!c || !json_object_is_type(c, json_type_object)) {
                trino_doc_free(doc);
                return bad(err, "a column is not an object");
            }
            bool cok = true;
            if (json_object_object_get_ex(c, "name", &v))
                cok &= take_str(a, v, &tc->name);
            if (json_object_object_get_ex(c, "type", &v))
                cok &= take_str(a, v, &tc->trino_type);
            if (cok && !tc->name)
                tc->name = eng_arena_strdup(a, "");
            if (cok && !tc->trino_type)
                tc->trino_type = eng_arena_strdup(a, "unknown");
            if (!cok || !tc->name || !tc->trino_type) {
                trino_doc_free(doc);
                return eng_err_oom(err);
            }
            json_object_object_get_ex(c, "typeSignature", &sig);
            tc->type = trino_type_from_signature(sig, &tc->as_text);
        }
    }
    if (json_object_object_get_ex(root, "data", &o) &&
        json_object_is_type(o, json_type_array)) {
        size_t n = json_object_array_length(o);
        if (n > (size_t)INT32_MAX) {
            trino_doc_free(doc);
            return bad(err, "too many rows");
        }
        doc->data = o;
        doc->nrows = (int)n;
    }
    return ENG_OK;
}

void trino_doc_free(trino_doc *doc)
{
    if (doc->root)
        json_object_put(doc->root);
    doc->root = NULL;
    doc->data = NULL;
}

/* ---------------------------------------------------------------- values */

static eng_rc value_err(eng_error *err, const trino_col *c, int row,
                        const char *why)
{
    return eng_err_set(err, ENG_ERR_PROTOCOL_VIOLATION, 0,
                       "Trino returned a malformed value for column '%s' (%s) in row %d: %s",
                       c->name, c->trino_type, row + 1, why);
}

/*
 * True when s[0..len) is well-formed UTF-8 by the rules the PostgreSQL
 * connector applies too (shortest form, no surrogates, nothing above
 * U+10FFFF). json-c's own check (JSON_TOKENER_VALIDATE_UTF8) looks at the
 * byte structure only and lets CESU-encoded surrogates and overlong forms
 * through; strings reach the application as UTF-8 and UTF-16, so they
 * must be exact.
 */
static bool utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        unsigned char c = p[i], lo = 0x80, hi = 0xbf;
        size_t n;
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xc2 && c <= 0xdf)
            n = 1;
        else if (c >= 0xe0 && c <= 0xef) {
            n = 2;
            lo = c == 0xe0 ? 0xa0 : 0x80;   /* overlong */
            hi = c == 0xed ? 0x9f : 0xbf;   /* surrogates */
        } else if (c >= 0xf0 && c <= 0xf4) {
            n = 3;
            lo = c == 0xf0 ? 0x90 : 0x80;   /* overlong */
            hi = c == 0xf4 ? 0x8f : 0xbf;   /* above U+10FFFF */
        } else
            return false;
        if (len - i - 1 < n || p[i + 1] < lo || p[i + 1] > hi)
            return false;
        for (size_t k = 2; k <= n; k++)
            if (p[i + k] < 0x80 || p[i + k] > 0xbf)
                return false;
        i += n + 1;
    }
    return true;
}

/* True when s is how Trino writes a decimal of this scale: an optional
 * '-', digits, and at most `scale` digits after a point (it writes exactly
 * `scale`). Anything else (exponents, blanks, extra digits that would be
 * rounded away) is not what the server sends. */
static bool plain_decimal(const char *s, size_t len, int scale)
{
    size_t i = 0, d = 0;
    if (i < len && s[i] == '-')
        i++;
    while (i < len && s[i] >= '0' && s[i] <= '9')
        i++, d++;
    if (!d)
        return false;
    if (i < len && s[i] == '.') {
        size_t f = 0;
        i++;
        while (i < len && s[i] >= '0' && s[i] <= '9')
            i++, f++;
        if (!f || f > (size_t)scale)
            return false;
    }
    return i == len;
}

/*
 * Trino's text of dates, times, timestamps and intervals, read exactly as
 * the server writes them (java.time's ISO forms and Trino's interval
 * formats); anything else is a malformed reply. Each reader takes the
 * whole string and returns false when it does not match.
 */

/* n digits at s[*i] (n > 0) into *v; false if any is not a digit. */
static bool ndigits(const char *s, size_t len, size_t *i, int n, int64_t *v)
{
    int64_t x = 0;
    if (len - *i < (size_t)n)
        return false;
    for (int k = 0; k < n; k++) {
        char ch = s[*i + (size_t)k];
        if (ch < '0' || ch > '9')
            return false;
        x = x * 10 + (ch - '0');
    }
    *i += (size_t)n;
    *v = x;
    return true;
}

static bool leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/*
 * "YYYY-MM-DD" at s[*i]: a year of four digits (0000 is 1 BC, as in
 * java.time and the engine), "-YYYY..." before it, "+YYYYY..." (five or
 * more digits) after 9999. Into days since 1970-01-01; false when the day
 * does not exist or leaves the int32 day range (Trino's date).
 */
static bool read_date(const char *s, size_t len, size_t *i, int32_t *out)
{
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool neg = false, plus = false;
    int64_t y = 0, m, d;
    int nd = 0;
    if (*i < len && (s[*i] == '-' || s[*i] == '+')) {
        neg = s[*i] == '-';
        plus = s[*i] == '+';
        (*i)++;
    }
    while (*i < len && s[*i] >= '0' && s[*i] <= '9' && nd < 8) {
        y = y * 10 + (s[*i] - '0');
        (*i)++;
        nd++;
    }
    if (nd < 4 || (plus && nd < 5) || (!plus && !neg && nd > 4))
        return false;
    if (neg)
        y = -y;
    if (*i >= len || s[(*i)++] != '-' || !ndigits(s, len, i, 2, &m) ||
        *i >= len || s[(*i)++] != '-' || !ndigits(s, len, i, 2, &d))
        return false;
    if (m < 1 || m > 12 || d < 1 || d > (m == 2 && leap(y) ? 29 : dim[m - 1]))
        return false;
    /* int32 days reach -5877641-06-23 .. 5881580-07-11 */
    if (y < -5877641 || y > 5881580)
        return false;
    int32_t days = eng_date_from_ymd((int)y, (int)m, (int)d);
    int yy, mm, dd;
    eng_date_to_ymd(days, &yy, &mm, &dd);   /* the edges wrap: catch it */
    if (yy != y || mm != m || dd != d)
        return false;
    *out = days;
    return true;
}

/* "HH:MM:SS" plus exactly p fraction digits (p <= 6) at s[*i], into µs
 * since midnight. */
static bool read_time(const char *s, size_t len, size_t *i, int p, int64_t *us)
{
    int64_t h, mi, sec, f = 0;
    if (!ndigits(s, len, i, 2, &h) || *i >= len || s[(*i)++] != ':' ||
        !ndigits(s, len, i, 2, &mi) || *i >= len || s[(*i)++] != ':' ||
        !ndigits(s, len, i, 2, &sec) || h > 23 || mi > 59 || sec > 59)
        return false;
    if (p > 0) {
        if (*i >= len || s[(*i)++] != '.' || !ndigits(s, len, i, p, &f))
            return false;
        for (int k = p; k < 6; k++)
            f *= 10;
    }
    *us = ((h * 60 + mi) * 60 + sec) * ENG_US_PER_SEC + f;
    return true;
}

static bool parse_date(const char *s, size_t len, int32_t *out)
{
    size_t i = 0;
    return read_date(s, len, &i, out) && i == len;
}

/* "YYYY-MM-DD HH:MM:SS[.f]" (p digits) into µs since the epoch; false on
 * int64 overflow too (Trino's range ends at year 294247 as the engine's). */
static bool parse_timestamp(const char *s, size_t len, int p, int64_t *out)
{
    size_t i = 0;
    int32_t days;
    int64_t tod, us;
    if (!read_date(s, len, &i, &days) || i >= len || s[i++] != ' ' ||
        !read_time(s, len, &i, p, &tod) || i != len)
        return false;
    if (__builtin_mul_overflow((int64_t)days, ENG_US_PER_DAY, &us) ||
        __builtin_add_overflow(us, tod, &us))
        return false;
    *out = us;
    return true;
}

static bool parse_time(const char *s, size_t len, int p, int64_t *out)
{
    size_t i = 0;
    return read_time(s, len, &i, p, out) && i == len;
}

/* Trino's interval day to second: "[-]D HH:MM:SS.mmm" (IntervalDayTime.
 * formatMillis), into milliseconds. */
static bool parse_interval_ds(const char *s, size_t len, int64_t *out)
{
    size_t i = 0;
    bool neg = len > 0 && s[0] == '-';
    uint64_t day = 0;
    int64_t h, mi, sec, ms;
    int nd = 0;
    if (neg)
        i++;
    while (i < len && s[i] >= '0' && s[i] <= '9' && nd < 19) {
        day = day * 10 + (uint64_t)(s[i] - '0');
        i++;
        nd++;
    }
    if (!nd || i >= len || s[i++] != ' ' || !ndigits(s, len, &i, 2, &h) ||
        i >= len || s[i++] != ':' || !ndigits(s, len, &i, 2, &mi) ||
        i >= len || s[i++] != ':' || !ndigits(s, len, &i, 2, &sec) ||
        i >= len || s[i++] != '.' || !ndigits(s, len, &i, 3, &ms) || i != len ||
        h > 23 || mi > 59 || sec > 59)
        return false;
    /* the magnitude in unsigned arithmetic: INT64_MIN milliseconds has
     * no positive counterpart */
    uint64_t mag = (uint64_t)(((h * 60 + mi) * 60 + sec) * 1000 + ms), dm;
    if (day > UINT64_MAX / (uint64_t)ENG_MS_PER_DAY)
        return false;
    dm = day * (uint64_t)ENG_MS_PER_DAY;
    if (dm > UINT64_MAX - mag)
        return false;
    mag += dm;
    if (neg ? mag > (uint64_t)INT64_MAX + 1 : mag > (uint64_t)INT64_MAX)
        return false;
    *out = neg ? (int64_t)(0 - mag) : (int64_t)mag;
    return true;
}

/* Trino's interval year to month: "[-]Y-M" (M 0..11), into months, which
 * Trino keeps in an int. */
static bool parse_interval_ym(const char *s, size_t len, int64_t *out)
{
    size_t i = 0;
    bool neg = len > 0 && s[0] == '-';
    int64_t y = 0, m = 0;
    int nd = 0;
    if (neg)
        i++;
    while (i < len && s[i] >= '0' && s[i] <= '9' && nd < 10)
        y = y * 10 + (s[i++] - '0'), nd++;
    if (!nd || i >= len || s[i++] != '-')
        return false;
    nd = 0;
    while (i < len && s[i] >= '0' && s[i] <= '9' && nd < 2)
        m = m * 10 + (s[i++] - '0'), nd++;
    if (!nd || i != len || m > 11)
        return false;
    int64_t months = y * 12 + m;
    if (neg)
        months = -months;
    if (months < INT32_MIN || months > INT32_MAX)
        return false;
    *out = months;
    return true;
}

/*
 * An array value (JSON array) as Trino's CLI prints it, the embedded
 * engine's text of array(T) (types/arrays.c): "[1, 2, NULL]", strings
 * as they are, nested arrays bracketed. Into a (NULL on OOM).
 */
static char *array_text(eng_arena *a, json_object *v)
{
    size_t n = json_object_array_length(v), total = 3;
    char **parts = eng_arena_alloc(a, sizeof *parts * (n + 1));
    if (!parts)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        json_object *e = json_object_array_get_idx(v, i);
        enum json_type t = e ? json_object_get_type(e) : json_type_null;
        const char *s = t == json_type_null ? "NULL"
            : t == json_type_array ? array_text(a, e)
            : t == json_type_string ? json_object_get_string(e)
            : json_object_to_json_string_ext(e, JSON_C_TO_STRING_PLAIN);
        if (!s)
            return NULL;
        parts[i] = (char *)s;
        total += strlen(s) + 2;
    }
    char *r = eng_arena_alloc(a, total), *o = r;
    if (!r)
        return NULL;
    *o++ = '[';
    for (size_t i = 0; i < n; i++) {
        size_t k = strlen(parts[i]);
        if (i) {
            *o++ = ',';
            *o++ = ' ';
        }
        memcpy(o, parts[i], k);
        o += k;
    }
    *o++ = ']';
    *o = '\0';
    return r;
}

/* Decodes one JSON value v of column c into row `row` of vector out. */
static eng_rc decode_value(json_object *v, const trino_col *c, int row,
                           eng_batch *b, int col, eng_error *err)
{
    eng_value val;
    memset(&val, 0, sizeof val);
    val.type = c->type;
    if (!v) {  /* JSON null */
        val.is_null = true;
        return eng_batch_set(b, col, row, &val, err);
    }
    enum json_type t = json_object_get_type(v);
    if (c->as_text) {
        const char *s = t == json_type_string ? json_object_get_string(v)
                        : t == json_type_array && c->trino_type &&
                          !strncmp(c->trino_type, "array(", 6)
                        ? array_text(b->arena, v)
                        : json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN);
        if (!s)
            return eng_err_oom(err);
        val.u.s.ptr = s;
        val.u.s.len = t == json_type_string ? (uint32_t)json_object_get_string_len(v)
                                            : (uint32_t)strlen(s);
        if (!utf8_valid(s, val.u.s.len))
            return value_err(err, c, row, "not valid UTF-8");
        return eng_batch_set(b, col, row, &val, err);
    }
    switch (c->type.id) {
    case ENG_T_BOOLEAN:
        if (t != json_type_boolean)
            return value_err(err, c, row, "not a boolean");
        val.u.b = json_object_get_boolean(v);
        break;
    case ENG_T_SMALLINT:
    case ENG_T_INTEGER:
    case ENG_T_BIGINT: {
        if (t != json_type_int)
            return value_err(err, c, row, "not an integer");
        /* json-c keeps numbers above INT64_MAX as uint64 and reads them
         * back as INT64_MAX: tell the two apart. (It also saturates
         * numbers beyond +-2^64 as it parses; those cannot be told from
         * the limits, which Trino's bigint never exceeds anyway.) */
        int64_t i = json_object_get_int64(v);
        if (i == INT64_MAX && json_object_get_uint64(v) != (uint64_t)INT64_MAX)
            return value_err(err, c, row, "integer out of range");
        int64_t lo, hi;
        eng_int_range(c->type, &lo, &hi);
        if (i < lo || i > hi)
            return value_err(err, c, row, "integer out of range");
        val.u.i = i;
        break;
    }
    case ENG_T_DOUBLE:
        if (t == json_type_double || t == json_type_int) {
            val.u.d = json_object_get_double(v);
            /* Trino spells non-finite values as strings; a number that
             * overflows a double, or a bare NaN (json-c reads it even in
             * strict mode), is not what it sent */
            if (!isfinite(val.u.d))
                return value_err(err, c, row, "not a finite number");
            /* a real is written with a float's shortest digits: the
             * float it names (a value beyond float's range is not one) */
            if (eng_type_is_real(c->type)) {
                if (fabs(val.u.d) > FLT_MAX)
                    return value_err(err, c, row, "not a real");
                val.u.d = eng_real_round(val.u.d);
            }
        } else if (t == json_type_string) {
            const char *s = json_object_get_string(v);
            if (!strcmp(s, "NaN"))
                val.u.d = NAN;
            else if (!strcmp(s, "Infinity"))
                val.u.d = INFINITY;
            else if (!strcmp(s, "-Infinity"))
                val.u.d = -INFINITY;
            else
                return value_err(err, c, row, "not a number");
        } else
            return value_err(err, c, row, "not a number");
        break;
    case ENG_T_DECIMAL: {
        if (t != json_type_string)
            return value_err(err, c, row, "decimal not sent as a string");
        const char *s = json_object_get_string(v);
        /* the JSON length: an embedded \u0000 must not cut the text short */
        size_t sl = (size_t)json_object_get_string_len(v);
        eng_error e2;
        if (!plain_decimal(s, sl, c->type.scale) ||
            eng_decimal_parse(s, sl, c->type.precision, c->type.scale,
                              &val.u.dec, &e2) != ENG_OK)
            return value_err(err, c, row, "not a decimal of its type");
        break;
    }
    case ENG_T_VARCHAR: {
        if (t != json_type_string)
            return value_err(err, c, row, "not a string");
        val.u.s.ptr = json_object_get_string(v);
        val.u.s.len = (uint32_t)json_object_get_string_len(v);
        if (!utf8_valid(val.u.s.ptr, val.u.s.len))
            return value_err(err, c, row, "not valid UTF-8");
        break;
    }
    case ENG_T_VARBINARY: {
        if (t != json_type_string)
            return value_err(err, c, row, "varbinary not sent as a string");
        eng_error e2;
        eng_rc rc = eng_base64_parse(b->arena, json_object_get_string(v),
                                     (size_t)json_object_get_string_len(v),
                                     &val.u.s, &e2);
        if (rc == ENG_NOMEM)
            return eng_err_oom(err);
        if (rc != ENG_OK)
            return value_err(err, c, row, "not base64");
        break;
    }
    case ENG_T_UUID: {
        uint8_t *u = eng_arena_alloc(b->arena, 16);
        if (!u)
            return eng_err_oom(err);
        if (t != json_type_string ||
            !eng_uuid_parse(json_object_get_string(v),
                            (size_t)json_object_get_string_len(v), u))
            return value_err(err, c, row, "not a uuid");
        val.u.s.ptr = (const char *)u;
        val.u.s.len = 16;
        break;
    }
    case ENG_T_DATE:
        if (t != json_type_string ||
            !parse_date(json_object_get_string(v),
                        (size_t)json_object_get_string_len(v), &val.u.date))
            return value_err(err, c, row, "not a date");
        break;
    case ENG_T_TIMESTAMP:
        if (t != json_type_string ||
            !parse_timestamp(json_object_get_string(v),
                             (size_t)json_object_get_string_len(v),
                             c->type.precision, &val.u.i))
            return value_err(err, c, row, "not a timestamp of its precision");
        break;
    case ENG_T_TIME:
        if (t != json_type_string ||
            !parse_time(json_object_get_string(v),
                        (size_t)json_object_get_string_len(v),
                        c->type.precision, &val.u.i))
            return value_err(err, c, row, "not a time of its precision");
        break;
    case ENG_T_TIMESTAMP_TZ:
    case ENG_T_TIME_TZ: {
        /* "2020-01-02 03:04:05.123 America/New_York" (zone ids and
         * offsets as the engine names them), "03:04:05.123+05:30"; p
         * digits exactly, as for the types without a zone */
        eng_error e2;
        int nd = -1;
        const char *s = t == json_type_string ? json_object_get_string(v) : NULL;
        size_t sl = s ? (size_t)json_object_get_string_len(v) : 0;
        eng_rc rc = !s ? ENG_ERROR
                    : c->type.id == ENG_T_TIMESTAMP_TZ
                    ? eng_tstz_parse(s, sl, ENG_TZ_UTC, &val.u.tz, &nd, &e2)
                    : eng_timetz_parse(s, sl, ENG_TZ_UTC, &val.u.tz, &nd, &e2);
        if (rc == ENG_NOMEM)
            return eng_err_oom(err);
        /* the zone must be in the text: a default would be a guess */
        if (rc != ENG_OK || nd != c->type.precision ||
            (c->type.id == ENG_T_TIMESTAMP_TZ ? !eng_ts_text_has_zone(s, sl)
                                              : !eng_time_text_has_zone(s, sl)))
            return value_err(err, c, row, c->type.id == ENG_T_TIMESTAMP_TZ
                             ? "not a timestamp with time zone of its precision"
                             : "not a time with time zone of its precision");
        break;
    }
    case ENG_T_INTERVAL_DS:
        if (t != json_type_string ||
            !parse_interval_ds(json_object_get_string(v),
                               (size_t)json_object_get_string_len(v), &val.u.i))
            return value_err(err, c, row, "not an interval day to second");
        break;
    case ENG_T_INTERVAL_YM:
        if (t != json_type_string ||
            !parse_interval_ym(json_object_get_string(v),
                               (size_t)json_object_get_string_len(v), &val.u.i))
            return value_err(err, c, row, "not an interval year to month");
        break;
    default:
        return value_err(err, c, row, "unsupported column type");
    }
    return eng_batch_set(b, col, row, &val, err);
}

eng_rc trino_doc_rows(const trino_doc *doc, int first, int n,
                      const trino_col *cols, int ncols, eng_batch *out,
                      eng_error *err)
{
    json_object *data = doc->data;
    if (n <= 0)
        return ENG_OK;
    if (!data || first < 0 || first > doc->nrows || n > doc->nrows - first ||
        n > out->capacity ||
        out->ncols != ncols)
        return bad(err, "row range outside the data");
    for (int r = 0; r < n; r++) {
        json_object *row = json_object_array_get_idx(data, (size_t)(first + r));
        if (!row || !json_object_is_type(row, json_type_array) ||
            (int)json_object_array_length(row) != ncols)
            return eng_err_set(err, ENG_ERR_PROTOCOL_VIOLATION, 0,
                               "Trino returned a malformed response: row %d does not have %d values",
                               first + r + 1, ncols);
        for (int c = 0; c < ncols; c++) {
            eng_rc rc = decode_value(json_object_array_get_idx(row, (size_t)c),
                                     &cols[c], r, out, c, err);
            if (rc != ENG_OK)
                return rc;
        }
    }
    out->nrows = n;
    return ENG_OK;
}
