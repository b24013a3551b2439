/*
 * engine/connector/trino/trino_json.c
 *   Trino client-protocol documents -> engine columns, batches and errors.
 * Interface: trino_doc_parse, trino_doc_free, trino_doc_rows,
 *   trino_type_from_signature, trino_error_sqlstate.
 * Not here: HTTP, retries and session headers (trino_client.c).
 *
 * Value encodings the server uses (Trino's JSON row format): integers as
 * JSON numbers, double/real as numbers or the strings "NaN", "Infinity",
 * "-Infinity", decimal as a string of digits (exact), varchar/char as
 * strings, date as "YYYY-MM-DD", boolean as true/false, NULL as null.
 * Everything is checked: a reply that does not match its column is a
 * protocol error (08P01), never a wrong value.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <json.h>
#include "trino_json.h"

/* ---------------------------------------------------------------- errors */

static const struct {
    const char *name, *state;
} error_map[] = {
    {"SYNTAX_ERROR", "42000"},
    {"TABLE_NOT_FOUND", "42S02"},
    {"CATALOG_NOT_FOUND", "3D000"},
    {"SCHEMA_NOT_FOUND", "3F000"},
    {"COLUMN_NOT_FOUND", "42703"},
    {"MISSING_TABLE", "42S02"},
    {"MISSING_CATALOG_NAME", "3D000"},
    {"MISSING_SCHEMA_NAME", "3F000"},
    {"MISSING_COLUMN_NAME", "42703"},
    {"FUNCTION_NOT_FOUND", "42883"},
    {"AMBIGUOUS_NAME", "42702"},
    {"TYPE_MISMATCH", "42804"},
    {"EXPRESSION_NOT_AGGREGATE", "42803"},
    {"MUST_BE_AGGREGATE_OR_GROUP_BY", "42803"},
    {"DIVISION_BY_ZERO", "22012"},
    {"NUMERIC_VALUE_OUT_OF_RANGE", "22003"},
    {"INVALID_CAST_ARGUMENT", "22018"},
    {"INVALID_FUNCTION_ARGUMENT", "22023"},
    {"INVALID_LITERAL", "22007"},
    {"PERMISSION_DENIED", "42501"},
    {"ACCESS_DENIED", "42501"},
    {"NOT_SUPPORTED", "0A000"},
    {"USER_CANCELED", "HY008"},
    {"EXCEEDED_TIME_LIMIT", "HYT00"},
    {"QUERY_REJECTED", "HY000"},
    {"SUBQUERY_MULTIPLE_ROWS", "21000"},
    {"NOT_FOUND", "42S02"},
    {"ALREADY_EXISTS", "42S01"},
    {"TABLE_ALREADY_EXISTS", "42S01"},
    {"SCHEMA_ALREADY_EXISTS", "42P06"},
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

eng_type trino_type_from_signature(void *sigp, bool *as_text)
{
    json_object *sig = sigp, *raw;
    const char *r = NULL;
    *as_text = false;
    if (sig && json_object_object_get_ex(sig, "rawType", &raw))
        r = json_object_get_string(raw);
    if (!r)
        r = "";
    if (!strcmp(r, "boolean"))
        return eng_type_make(ENG_T_BOOLEAN);
    if (!strcmp(r, "tinyint") || !strcmp(r, "smallint"))
        return eng_type_make(ENG_T_SMALLINT);
    if (!strcmp(r, "integer"))
        return eng_type_make(ENG_T_INTEGER);
    if (!strcmp(r, "bigint"))
        return eng_type_make(ENG_T_BIGINT);
    if (!strcmp(r, "double") || !strcmp(r, "real"))
        return eng_type_make(ENG_T_DOUBLE);
    if (!strcmp(r, "date"))
        return eng_type_make(ENG_T_DATE);
    if (!strcmp(r, "decimal")) {
        int64_t p = long_arg(sig, 0, 38), s = long_arg(sig, 1, 0);
        if (p >= 1 && p <= ENG_DECIMAL_MAX_PRECISION && s >= 0 && s <= p)
            return eng_type_decimal((int)p, (int)s);
        *as_text = true;
        return eng_type_varchar(0);
    }
    if (!strcmp(r, "varchar") || !strcmp(r, "char")) {
        int64_t n = long_arg(sig, 0, 0);
        /* Trino's unbounded varchar says 2147483647 */
        return eng_type_varchar(n > 0 && n < 2147483647 ? (int)n : 0);
    }
    *as_text = true;
    return eng_type_varchar(0);
}

eng_type trino_type_from_text(const char *text, bool *as_text)
{
    char raw[32];
    size_t n = 0;
    long a1 = -1, a2 = -1;
    *as_text = false;
    if (!text)
        text = "";
    while (text[n] && text[n] != '(' && n < sizeof raw - 1) {
        raw[n] = text[n];
        n++;
    }
    raw[n] = '\0';
    if (text[n] == '(') {
        char *end;
        a1 = strtol(text + n + 1, &end, 10);
        if (*end == ',')
            a2 = strtol(end + 1, &end, 10);
        if (*end != ')')
            a1 = a2 = -1;
    }
    if (!strcmp(raw, "decimal")) {
        if (a1 >= 1 && a1 <= ENG_DECIMAL_MAX_PRECISION && a2 >= 0 && a2 <= a1)
            return eng_type_decimal((int)a1, (int)a2);
        *as_text = true;
        return eng_type_varchar(0);
    }
    if (!strcmp(raw, "varchar") || !strcmp(raw, "char"))
        return eng_type_varchar(a1 > 0 && a1 < 2147483647 ? (int)a1 : 0);
    if (!strcmp(raw, "boolean"))
        return eng_type_make(ENG_T_BOOLEAN);
    if (!strcmp(raw, "tinyint") || !strcmp(raw, "smallint"))
        return eng_type_make(ENG_T_SMALLINT);
    if (!strcmp(raw, "integer"))
        return eng_type_make(ENG_T_INTEGER);
    if (!strcmp(raw, "bigint"))
        return eng_type_make(ENG_T_BIGINT);
    if (!strcmp(raw, "double") || !strcmp(raw, "real"))
        return eng_type_make(ENG_T_DOUBLE);
    if (!strcmp(raw, "date"))
        return eng_type_make(ENG_T_DATE);
    *as_text = true;
    return eng_type_varchar(0);
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
        if ((c->type.id == ENG_T_SMALLINT && (i < INT16_MIN || i > INT16_MAX)) ||
            (c->type.id == ENG_T_INTEGER && (i < INT32_MIN || i > INT32_MAX)))
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
    case ENG_T_DATE: {
        if (t != json_type_string)
            return value_err(err, c, row, "date not sent as a string");
        const char *s = json_object_get_string(v);
        eng_error e2;
        if (eng_date_parse(s, (size_t)json_object_get_string_len(v), &val.u.date,
                           &e2) != ENG_OK)
            return value_err(err, c, row, "not a date");
        break;
    }
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
