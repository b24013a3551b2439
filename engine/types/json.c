/*
 * engine/types/json.c
 *   Trino's json type: the canonical text every json value is stored as,
 *   casts into and out of json, Trino's legacy JSONPath (json_extract's
 *   `$.a["b"][0]`), and the per-value work of the JSON functions.
 * Interface: eng_json_parse, eng_json_from_value, eng_json_cast,
 *   eng_json_path_parse, eng_json_extract, eng_json_array_length,
 *   eng_json_array_get, eng_json_array_contains, eng_json_is_scalar
 *   (types.h).
 * Not here: the vectorized calls and argument checks
 *   (exec/expr_func_json.c, binder/bind_func_json.c); the dispatch of
 *   CAST (cast.c).
 *
 * Parsing is json-c's (JSON_TOKENER_STRICT), never our own; what json-c
 * accepts beyond Jackson's defaults (Trino's parser) is refused after the
 * fact from json-c's own results: the NaN / Infinity words, "1." (a
 * number ending in a point), and integers json-c saturates (it keeps
 * +-2^63 / 2^64-1 for anything longer, so those exact values are refused
 * with 0A000 rather than read wrong). One leniency stays: a raw control
 * character inside a string (Jackson refuses it; json-c cannot tell it
 * from an escaped one).
 *
 * The canonical text is what Trino's json_parse writes (Jackson reading
 * into Java objects, ORDER_MAP_ENTRIES_BY_KEYS): no blanks, object keys
 * sorted (Java's String order: UTF-16 code units), a repeated key's last
 * value, integers as written (within 64 bits), other numbers as Java's
 * Double.toString ("1.0", "1.0E10"; beyond double's range the strings
 * "Infinity"/"-Infinity" as Jackson quotes them), strings with Jackson's
 * escapes (\" \\ \b \f \n \r \t, \u00XX for other controls, the rest as
 * UTF-8). Equal values have equal text, so = / hash / GROUP BY compare
 * bytes, as Trino's json does.
 *
 * json-c allocates with malloc (outside the engine's allocator, so the
 * OOM tests do not reach it); every tree is freed before returning and
 * results are copied into the caller's arena.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json.h>
#include "types.h"
#include "types_int.h"
#include "../common/strbuf.h"

/* Nesting json-c accepts (its default is 32; Jackson's limit is 1000). */
#define JSON_MAX_DEPTH 1000

/* Bytes of a value quoted in a message. */
static int shown(size_t len)
{
    return len > 100 ? 100 : (int)len;
}

/* ------------------------------------------------------------------ */
/* parsing                                                              */

/*
 * True when json-c's number o is one Jackson would not read: the words
 * NaN/Infinity (json-c keeps no text for them), a text ending in '.' or
 * with ".e", or an integer json-c saturated.
 */
static bool bad_number(json_object *o, bool *too_big)
{
    if (json_object_is_type(o, json_type_double)) {
        const char *t = json_object_get_userdata(o);
        if (!t)
            return true;    /* NaN, Infinity, -Infinity words */
        const char *dot = strchr(t, '.');
        if (dot && (dot[1] < '0' || dot[1] > '9'))
            return true;    /* "1." or "1.e5" */
        return false;
    }
    if (json_object_is_type(o, json_type_int)) {
        /* json-c keeps INT64_MIN / UINT64_MAX for longer integers */
        if (json_object_get_int64(o) == INT64_MIN ||
            json_object_get_uint64(o) == UINT64_MAX) {
            *too_big = true;
            return true;
        }
    }
    return false;
}

/* Walks o for numbers bad_number refuses. */
static bool tree_ok(json_object *o, bool *too_big)
{
    switch (json_object_get_type(o)) {
    case json_type_double:
    case json_type_int:
        return !bad_number(o, too_big);
    case json_type_array: {
        size_t n = json_object_array_length(o);
        for (size_t i = 0; i < n; i++)
            if (!tree_ok(json_object_array_get_idx(o, i), too_big))
                return false;
        return true;
    }
    case json_type_object: {
        json_object_object_foreach(o, k, v) {
            (void)k;
            if (v && !tree_ok(v, too_big))
                return false;
        }
        return true;
    }
    default:
        return true;
    }
}

/* Outcome of read_doc. */
enum { DOC_OK, DOC_INVALID, DOC_TOO_BIG, DOC_NOMEM };

/*
 * Parses the n bytes at p as one JSON document (blanks around it
 * allowed) into *out (json-c's tree, the caller puts it; a JSON null is
 * a NULL tree with DOC_OK).
 */
static int read_doc(const char *p, size_t n, json_object **out)
{
    *out = NULL;
    if (n > INT32_MAX - 1)
        return DOC_INVALID;
    /* json-c ends a top-level number or word only at a NUL it is given */
    char *buf = eng_malloc(n + 1);
    if (!buf)
        return DOC_NOMEM;
    if (n)
        memcpy(buf, p, n);
    buf[n] = '\0';
    struct json_tokener *tok = json_tokener_new_ex(JSON_MAX_DEPTH);
    if (!tok) {
        eng_free(buf);
        return DOC_NOMEM;
    }
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
    json_object *o = json_tokener_parse_ex(tok, buf, (int)n + 1);
    enum json_tokener_error e = json_tokener_get_error(tok);
    size_t end = json_tokener_get_parse_end(tok);
    json_tokener_free(tok);
    int rc = DOC_OK;
    bool too_big = false;
    if (e != json_tokener_success) {
        rc = DOC_INVALID;   /* json-c 0.16 has no distinct OOM error */
    } else {
        /* only blanks (and the NUL) may follow the document */
        for (size_t i = end; i < n && rc == DOC_OK; i++)
            if (buf[i] != ' ' && buf[i] != '\t' && buf[i] != '\n' &&
                buf[i] != '\r')
                rc = DOC_INVALID;
        if (end > n + 1)
            rc = DOC_INVALID;
        if (rc == DOC_OK && o && !tree_ok(o, &too_big))
            rc = too_big ? DOC_TOO_BIG : DOC_INVALID;
    }
    eng_free(buf);
    if (rc != DOC_OK) {
        json_object_put(o);
        return rc;
    }
    *out = o;
    return DOC_OK;
}

/* ------------------------------------------------------------------ */
/* writing                                                              */

/* Appends s (n bytes of UTF-8) as a JSON string with Jackson's escapes. */
static void put_string(eng_strbuf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    eng_sb_putc(b, '"');
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *esc = NULL;
        char u[7];
        if (c == '"') esc = "\\\"";
        else if (c == '\\') esc = "\\\\";
        else if (c == '\b') esc = "\\b";
        else if (c == '\f') esc = "\\f";
        else if (c == '\n') esc = "\\n";
        else if (c == '\r') esc = "\\r";
        else if (c == '\t') esc = "\\t";
        else if (c < 0x20) {
            memcpy(u, "\\u00", 4);
            u[4] = hex[c >> 4];
            u[5] = hex[c & 15];
            u[6] = '\0';
            esc = u;
        }
        if (!esc)
            continue;
        eng_sb_add(b, s + run, i - run);
        eng_sb_puts(b, esc);
        run = i + 1;
    }
    eng_sb_add(b, s + run, n - run);
    eng_sb_putc(b, '"');
}

/* Appends double d as Jackson writes it (Double.toString; non-finite
 * values as quoted words). */
static void put_double(eng_strbuf *b, double d)
{
    char t[40];
    eng_double_text(d, t, sizeof t);
    if (isfinite(d)) {
        eng_sb_puts(b, t);
    } else {
        eng_sb_putc(b, '"');
        eng_sb_puts(b, t);
        eng_sb_putc(b, '"');
    }
}

/* The next UTF-16 code unit of the UTF-8 text s[*i..n) (a surrogate
 * pair's units one per call, *pending holding the low half). */
static unsigned utf16_unit(const unsigned char *s, size_t n, size_t *i,
                           unsigned *pending)
{
    if (*pending) {
        unsigned u = *pending;
        *pending = 0;
        return u;
    }
    unsigned c = s[(*i)++];
    int more = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    if (more)
        c &= 0x3Fu >> more;
    while (more-- > 0 && *i < n)
        c = (c << 6) | (s[(*i)++] & 0x3Fu);
    if (c >= 0x10000) {
        c -= 0x10000;
        *pending = 0xDC00 + (c & 0x3FF);
        return 0xD800 + (c >> 10);
    }
    return c;
}

/* Java's String.compareTo of two UTF-8 keys: UTF-16 code unit order. */
static int key_cmp(const char *a, size_t an, const char *b, size_t bn)
{
    size_t i = 0, j = 0;
    unsigned pa = 0, pb = 0;
    while ((i < an || pa) && (j < bn || pb)) {
        unsigned x = utf16_unit((const unsigned char *)a, an, &i, &pa);
        unsigned y = utf16_unit((const unsigned char *)b, bn, &j, &pb);
        if (x != y)
            return x < y ? -1 : 1;
    }
    bool a_left = i < an || pa, b_left = j < bn || pb;
    return a_left == b_left ? 0 : a_left ? 1 : -1;
}

typedef struct jkey {
    const char *k;
    size_t n;
    json_object *v;
} jkey;

static int jkey_cmp(const void *x, const void *y)
{
    const jkey *a = x, *b = y;
    return key_cmp(a->k, a->n, b->k, b->n);
}

static void put_tree(eng_strbuf *b, json_object *o, bool sort, int depth);

/* Appends object o: keys sorted (canonical form) or in their order. */
static void put_object(eng_strbuf *b, json_object *o, bool sort, int depth)
{
    size_t n = (size_t)json_object_object_length(o), k = 0;
    jkey *keys = n ? eng_malloc(sizeof *keys * n) : NULL;
    if (n && !keys) {
        b->oom = true;
        return;
    }
    json_object_object_foreach(o, key, val) {
        if (k < n) {
            keys[k].k = key;
            keys[k].n = strlen(key);
            keys[k].v = val;
            k++;
        }
    }
    if (sort && k > 1)
        qsort(keys, k, sizeof *keys, jkey_cmp);
    eng_sb_putc(b, '{');
    for (size_t i = 0; i < k; i++) {
        if (i)
            eng_sb_putc(b, ',');
        put_string(b, keys[i].k, keys[i].n);
        eng_sb_putc(b, ':');
        put_tree(b, keys[i].v, sort, depth + 1);
    }
    eng_sb_putc(b, '}');
    eng_free(keys);
}

/* Appends tree o (NULL: the JSON null). */
static void put_tree(eng_strbuf *b, json_object *o, bool sort, int depth)
{
    char t[32];
    switch (json_object_get_type(o)) {
    case json_type_null:
        eng_sb_puts(b, "null");
        break;
    case json_type_boolean:
        eng_sb_puts(b, json_object_get_boolean(o) ? "true" : "false");
        break;
    case json_type_int:
        if (json_object_get_int64(o) == INT64_MAX &&
            json_object_get_uint64(o) > (uint64_t)INT64_MAX)
            snprintf(t, sizeof t, "%llu",
                     (unsigned long long)json_object_get_uint64(o));
        else
            snprintf(t, sizeof t, "%lld",
                     (long long)json_object_get_int64(o));
        eng_sb_puts(b, t);
        break;
    case json_type_double:
        put_double(b, json_object_get_double(o));
        break;
    case json_type_string:
        put_string(b, json_object_get_string(o),
                   (size_t)json_object_get_string_len(o));
        break;
    case json_type_array: {
        size_t n = json_object_array_length(o);
        eng_sb_putc(b, '[');
        for (size_t i = 0; i < n; i++) {
            if (i)
                eng_sb_putc(b, ',');
            put_tree(b, json_object_array_get_idx(o, i), sort, depth + 1);
        }
        eng_sb_putc(b, ']');
        break;
    }
    case json_type_object:
        put_object(b, o, sort, depth);
        break;
    }
}

/* Writes tree o into *out (arena a). */
static eng_rc write_tree(eng_arena *a, json_object *o, bool sort,
                         eng_str *out, eng_error *err)
{
    eng_strbuf b;
    eng_sb_init(&b, NULL);
    put_tree(&b, o, sort, 0);
    size_t n = b.len;
    char *t = eng_sb_finish(&b, a);
    if (!t)
        return eng_err_oom(err);
    if (n > UINT32_MAX)
        return eng_err_set(err, ENG_ERR_STATEMENT_TOO_COMPLEX, 0,
                           "json value exceeds 4 GB");
    out->ptr = t;
    out->len = (uint32_t)n;
    return ENG_OK;
}

/* The text of a scalar as Jackson's getText gives it: a string's value,
 * a number as written (json-c keeps a non-integer's text), true/false.
 * *is_null for null, arrays and objects. */
static eng_rc scalar_text(eng_arena *a, json_object *o, bool *is_null,
                          eng_str *out, eng_error *err)
{
    char t[40];
    const char *p = t;
    size_t n;
    *is_null = false;
    switch (json_object_get_type(o)) {
    case json_type_string:
        p = json_object_get_string(o);
        n = (size_t)json_object_get_string_len(o);
        break;
    case json_type_boolean:
        p = json_object_get_boolean(o) ? "true" : "false";
        n = strlen(p);
        break;
    case json_type_double:
        if (json_object_get_userdata(o)) {
            p = json_object_get_userdata(o);
            n = strlen(p);
        } else {
            n = (size_t)eng_double_text(json_object_get_double(o), t, sizeof t);
        }
        break;
    case json_type_int:
        if (json_object_get_int64(o) == INT64_MAX &&
            json_object_get_uint64(o) > (uint64_t)INT64_MAX)
            n = (size_t)snprintf(t, sizeof t, "%llu",
                                 (unsigned long long)json_object_get_uint64(o));
        else
            n = (size_t)snprintf(t, sizeof t, "%lld",
                                 (long long)json_object_get_int64(o));
        break;
    default:
        *is_null = true;
        return ENG_OK;
    }
    char *d = eng_arena_memdup(a, n ? p : "", n);
    if (!d)
        return eng_err_oom(err);
    out->ptr = d;
    out->len = (uint32_t)n;
    return ENG_OK;
}

/* ------------------------------------------------------------------ */
/* json_parse, casts                                                    */

/* See types.h. */
eng_rc eng_json_parse(eng_arena *a, const char *p, size_t n, eng_str *out,
                      eng_error *err)
{
    json_object *o;
    int rc = read_doc(p ? p : "", n, &o);
    if (rc == DOC_NOMEM)
        return eng_err_oom(err);
    if (rc == DOC_TOO_BIG)
        return eng_err_set(err, ENG_ERR_FEATURE_NOT_SUPPORTED, 0,
                           "JSON numbers beyond 64-bit integers are not "
                           "supported: '%.*s'", shown(n), p ? p : "");
    if (rc != DOC_OK)
        return eng_err_set(err, ENG_ERR_INVALID_PARAMETER_VALUE, 0,
                           "Cannot convert value to JSON: '%.*s'", shown(n),
                           p ? p : "");
    eng_rc r = write_tree(a, o, true, out, err);
    json_object_put(o);
    return r;
}

/* See types.h. */
eng_rc eng_json_from_value(eng_arena *a, const eng_value *v, eng_str *out,
                           eng_error *err)
{
    eng_strbuf b;
    char t[64];
    eng_sb_init(&b, NULL);
    switch (v->type.id) {
    case ENG_T_JSON:
        *out = v->u.s;
        return ENG_OK;
    case ENG_T_VARCHAR: {
        /* char(n) is padded to n, as its value in Trino */
        size_t n = v->u.s.len;
        put_string(&b, v->u.s.ptr ? v->u.s.ptr : "", n);
        if (eng_type_is_char(v->type)) {
            size_t chars = 0;
            for (size_t i = 0; i < n; i++)
                chars += ((unsigned char)v->u.s.ptr[i] & 0xC0) != 0x80;
            if (chars < (size_t)v->type.length) {
                b.len--;   /* reopen the string: pad inside the quotes */
                for (size_t i = chars; i < (size_t)v->type.length; i++)
                    eng_sb_putc(&b, ' ');
                eng_sb_putc(&b, '"');
            }
        }
        break;
    }
    case ENG_T_BOOLEAN:
        eng_sb_puts(&b, v->u.b ? "true" : "false");
        break;
    case ENG_T_SMALLINT: case ENG_T_INTEGER: case ENG_T_BIGINT:
        snprintf(t, sizeof t, "%lld", (long long)v->u.i);
        eng_sb_puts(&b, t);
        break;
    case ENG_T_DOUBLE:
        if (eng_type_is_real(v->type)) {
            eng_real_text(v->u.d, t, sizeof t);
            if (isfinite(v->u.d))
                eng_sb_puts(&b, t);
            else
                eng_sb_printf(&b, "\"%s\"", t);
        } else {
            put_double(&b, v->u.d);
        }
        break;
    case ENG_T_DECIMAL: {
        /* a JSON number with the decimal's digits and scale ("1.50") */
        eng_arena *tmp = eng_arena_create();
        if (!tmp)
            return eng_err_oom(err);
        char *txt = eng_value_to_text(tmp, v);
        if (txt)
            eng_sb_puts(&b, txt);
        else
            b.oom = true;
        eng_arena_destroy(tmp);
        break;
    }
    default: {
        char x[48];
        return eng_err_set(err, ENG_ERR_DATATYPE_MISMATCH, 0,
                           "Cannot cast %s to json",
                           eng_type_name(v->type, x, sizeof x));
    }
    }
    size_t n = b.len;
    char *d = eng_sb_finish(&b, a);
    if (!d)
        return eng_err_oom(err);
    out->ptr = d;
    out->len = (uint32_t)n;
    return ENG_OK;
}

/* 22018 naming the json text and the target (Trino's INVALID_CAST_ARGUMENT
 * "Cannot cast '...' to bigint"). */
static eng_rc bad_cast(const eng_value *v, eng_type to, eng_error *err)
{
    char x[48];
    return eng_err_set(err, ENG_ERR_INVALID_CHARACTER_VALUE_FOR_CAST, 0,
                       "Cannot cast '%.*s' to %s", shown(v->u.s.len),
                       v->u.s.ptr ? v->u.s.ptr : "",
                       eng_type_name(to, x, sizeof x));
}

/* See types.h. */
eng_rc eng_json_cast(eng_arena *a, const eng_value *v, eng_type to,
                     eng_value *r, eng_error *err)
{
    json_object *o;
    int rc = read_doc(v->u.s.ptr ? v->u.s.ptr : "", v->u.s.len, &o);
    if (rc == DOC_NOMEM)
        return eng_err_oom(err);
    if (rc != DOC_OK)
        return bad_cast(v, to, err);
    eng_value s;
    memset(&s, 0, sizeof s);
    eng_rc out = ENG_OK;
    bool null = false;
    switch (json_object_get_type(o)) {
    case json_type_null:
        null = true;
        break;
    case json_type_boolean:
        s.type = eng_type_make(ENG_T_BOOLEAN);
        s.u.b = json_object_get_boolean(o);
        /* Trino: true is 1 / 1.0 / "true" */
        break;
    case json_type_double:
        s.type = eng_type_make(ENG_T_DOUBLE);
        s.u.d = json_object_get_double(o);
        if (to.id == ENG_T_VARCHAR) {
            /* a JSON number with a point or exponent: Trino casts the
             * double to varchar, "3.5E0" (eng_double_cast_text) */
            char t[40];
            int n = eng_double_cast_text(s.u.d, false, t, sizeof t);
            s.type = eng_type_varchar(0);
            s.u.s.ptr = eng_arena_memdup(a, t, (size_t)n);
            s.u.s.len = (uint32_t)n;
            if (!s.u.s.ptr)
                out = eng_err_oom(err);
        }
        break;
    case json_type_int:
        if (json_object_get_int64(o) == INT64_MAX &&
            json_object_get_uint64(o) > (uint64_t)INT64_MAX) {
            bool nl;
            s.type = eng_type_varchar(0);
            out = scalar_text(a, o, &nl, &s.u.s, err);
        } else {
            s.type = eng_type_make(ENG_T_BIGINT);
            s.u.i = json_object_get_int64(o);
        }
        break;
    case json_type_string:
        s.type = eng_type_varchar(0);
        s.u.s.ptr = eng_arena_memdup(a, json_object_get_string(o),
                                     (size_t)json_object_get_string_len(o));
        s.u.s.len = (uint32_t)json_object_get_string_len(o);
        if (!s.u.s.ptr)
            out = eng_err_oom(err);
        break;
    case json_type_array:
    case json_type_object:
        json_object_put(o);
        return bad_cast(v, to, err);
    }
    json_object_put(o);
    if (out)
        return out;
    if (null) {
        memset(r, 0, sizeof *r);
        r->type = to;
        r->is_null = true;
        return ENG_OK;
    }
    if (s.type.id == ENG_T_BOOLEAN && to.id != ENG_T_BOOLEAN &&
        to.id != ENG_T_VARCHAR && !eng_type_is_numeric(to.id))
        return bad_cast(v, to, err);
    if (s.type.id == ENG_T_BOOLEAN && eng_type_is_numeric(to.id)) {
        s.type = eng_type_make(ENG_T_BIGINT);
        s.u.i = s.u.b ? 1 : 0;
    }
    if (s.type.id == ENG_T_DOUBLE && to.id == ENG_T_BOOLEAN) {
        s.type = eng_type_make(ENG_T_BOOLEAN);
        s.u.b = s.u.d != 0;
    }
    eng_rc c = eng_value_cast(a, &s, to, r, err);
    if (c == ENG_ERROR)
        return bad_cast(v, to, err);
    return c;
}

/* ------------------------------------------------------------------ */
/* JSONPath                                                             */

/*
 * Java's Character.isLetterOrDigit, exactly for ASCII; other code points
 * count as letters except the common punctuation and blank blocks (an
 * approximation: the tables of Unicode categories are not worth carrying
 * for path segments).
 */
static bool letter_or_digit(uint32_t c)
{
    if (c < 0x80)
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
               (c >= 'A' && c <= 'Z');
    if (c < 0xC0)
        return c == 0xAA || c == 0xB5 || c == 0xBA || (c >= 0xB2 && c <= 0xB3)
               || c == 0xB9 || (c >= 0xBC && c <= 0xBE);
    if (c == 0xD7 || c == 0xF7)
        return false;
    if ((c >= 0x2000 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x303F) ||
        (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF0F) ||
        (c >= 0xFF1A && c <= 0xFF20) || c == 0xFEFF)
        return false;
    return true;
}

/* The code point at p[*i] (UTF-8, n bytes); advances *i. */
static uint32_t next_cp(const char *p, size_t n, size_t *i)
{
    const unsigned char *s = (const unsigned char *)p;
    uint32_t c = s[(*i)++];
    int more = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    if (more)
        c &= 0x3Fu >> more;
    while (more-- > 0 && *i < n)
        c = (c << 6) | (s[(*i)++] & 0x3Fu);
    return c;
}

/* Java's Integer.parseInt of a token, -1 when it is not an int. */
static int32_t token_index(const char *t, size_t n)
{
    size_t i = 0;
    bool neg = false;
    int64_t v = 0;
    if (n && (t[0] == '-' || t[0] == '+')) {
        neg = t[0] == '-';
        i = 1;
    }
    if (i == n)
        return -1;
    for (; i < n; i++) {
        if (t[i] < '0' || t[i] > '9')
            return -1;
        v = v * 10 + (t[i] - '0');
        if (v > (int64_t)INT32_MAX + 1)
            return -1;
    }
    if (neg)
        v = -v;
    if (v > INT32_MAX)
        return -1;
    return (int32_t)v;
}

static eng_rc bad_path(const char *p, size_t n, eng_error *err)
{
    return eng_err_set(err, ENG_ERR_INVALID_PARAMETER_VALUE, 0,
                       "Invalid JSON path: '%.*s'", shown(n), p);
}

/* See types.h. Follows Trino's JsonPathTokenizer. */
eng_rc eng_json_path_parse(eng_arena *a, const char *p, size_t n,
                           eng_json_path *out, eng_error *err)
{
    size_t i = 0, cap = 0;
    p = p ? p : "";
    memset(out, 0, sizeof *out);
    if (n == 0 || p[0] != '$')
        return bad_path(p, n, err);
    i = 1;
    while (i < n) {
        size_t start, end;
        char *key = NULL;
        size_t klen = 0;
        if (p[i] == '.' || (p[i] == '[' && (i + 1 >= n || p[i + 1] != '"'))) {
            /* .segment: ':' '_' letters, digits; [unquoted]: '_' letters,
             * digits, then ']' */
            bool dot = p[i] == '.';
            start = ++i;
            while (i < n) {
                size_t j = i;
                uint32_t c = next_cp(p, n, &j);
                if (!(c == '_' || (dot && c == ':') || letter_or_digit(c)))
                    break;
                i = j;
            }
            end = i;
            if (end == start)
                return bad_path(p, n, err);
            if (!dot) {
                if (i >= n || p[i] != ']')
                    return bad_path(p, n, err);
                i++;
            }
            key = eng_arena_memdup(a, p + start, end - start);
            klen = end - start;
        } else if (p[i] == '[') {
            /* ["quoted"]: \" and \\ are the only escapes */
            i += 2;
            key = eng_arena_alloc(a, n - i + 1);
            if (!key)
                return eng_err_oom(err);
            bool closed = false;
            while (i < n) {
                if (p[i] == '\\') {
                    if (i + 1 >= n || (p[i + 1] != '"' && p[i + 1] != '\\'))
                        return bad_path(p, n, err);
                    key[klen++] = p[i + 1];
                    i += 2;
                } else if (p[i] == '"') {
                    closed = true;
                    i++;
                    break;
                } else {
                    key[klen++] = p[i++];
                }
            }
            if (!closed || i >= n || p[i] != ']')
                return bad_path(p, n, err);
            i++;
        } else {
            return bad_path(p, n, err);
        }
        if (!key)
            return eng_err_oom(err);
        if (out->nsteps == (int)cap) {
            size_t nc = cap ? cap * 2 : 4;
            eng_json_step *s = eng_arena_alloc(a, sizeof *s * nc);
            if (!s)
                return eng_err_oom(err);
            if (out->nsteps)
                memcpy(s, out->steps, sizeof *s * (size_t)out->nsteps);
            out->steps = s;
            cap = nc;
        }
        eng_json_step *st = &out->steps[out->nsteps++];
        st->key = key;
        st->len = (uint32_t)klen;
        st->index = token_index(key, klen);
    }
    return ENG_OK;
}

/* The value path leads to in o, or NULL with *missing set (a step into a
 * scalar, an absent key, an index past the end). A JSON null reached is
 * NULL with *missing false. */
static json_object *walk(json_object *o, const eng_json_path *path,
                         bool *missing)
{
    *missing = false;
    for (int s = 0; s < path->nsteps; s++) {
        const eng_json_step *st = &path->steps[s];
        json_object *next = NULL;
        if (json_object_is_type(o, json_type_object)) {
            /* keys are NUL-terminated in json-c: one with a NUL never
             * matches a path key (which cannot hold one either) */
            char *k = eng_malloc((size_t)st->len + 1);
            if (!k) {
                *missing = true;
                return NULL;
            }
            memcpy(k, st->key, st->len);
            k[st->len] = '\0';
            bool found = strlen(k) == st->len &&
                         json_object_object_get_ex(o, k, &next);
            eng_free(k);
            if (!found) {
                *missing = true;
                return NULL;
            }
        } else if (json_object_is_type(o, json_type_array)) {
            if (st->index < 0 ||
                (size_t)st->index >= json_object_array_length(o)) {
                *missing = true;
                return NULL;
            }
            next = json_object_array_get_idx(o, (size_t)st->index);
        } else {
            *missing = true;
            return NULL;
        }
        o = next;
    }
    return o;
}

/* See types.h. */
eng_rc eng_json_extract(eng_arena *a, eng_str doc, const eng_json_path *path,
                        eng_json_what what, bool *is_null, eng_str *out,
                        int64_t *size, eng_error *err)
{
    json_object *root, *o;
    bool missing;
    *is_null = true;
    int rc = read_doc(doc.ptr ? doc.ptr : "", doc.len, &root);
    if (rc == DOC_NOMEM)
        return eng_err_oom(err);
    if (rc != DOC_OK)
        return ENG_OK;      /* Trino: unreadable JSON gives NULL */
    o = walk(root, path, &missing);
    eng_rc r = ENG_OK;
    if (!missing) {
        switch (what) {
        case ENG_JSON_EXTRACT:
            /* the value as JSON (a JSON null is the text null), in its
             * own key order, as Jackson's copyCurrentStructure */
            *is_null = false;
            r = write_tree(a, o, false, out, err);
            break;
        case ENG_JSON_SCALAR:
            r = scalar_text(a, o, is_null, out, err);
            break;
        case ENG_JSON_SIZE:
            *is_null = false;
            *size = json_object_is_type(o, json_type_array)
                        ? (int64_t)json_object_array_length(o)
                    : json_object_is_type(o, json_type_object)
                        ? (int64_t)json_object_object_length(o) : 0;
            break;
        }
    }
    json_object_put(root);
    return r;
}

/* See types.h. */
eng_rc eng_json_array_length(eng_str doc, bool *is_null, int64_t *out,
                             eng_error *err)
{
    json_object *o;
    int rc = read_doc(doc.ptr ? doc.ptr : "", doc.len, &o);
    if (rc == DOC_NOMEM)
        return eng_err_oom(err);
    *is_null = rc != DOC_OK || !json_object_is_type(o, json_type_array);
    if (!*is_null)
        *out = (int64_t)json_object_array_length(o);
    json_object_put(o);
    return ENG_OK;
}

/* See types.h. */
eng_rc eng_json_array_get(eng_arena *a, eng_str doc, int64_t index,
                          bool *is_null, eng_str *out, eng_error *err)
{
    json_object *o;
    *is_null = true;
    int rc = read_doc(doc.ptr ? doc.ptr : "", doc.len, &o);
    if (rc == DOC_NOMEM)
        return eng_err_oom(err);
    if (rc != DOC_OK || !json_object_is_type(o, json_type_array) ||
        index == INT64_MIN) {
        json_object_put(o);
        return ENG_OK;
    }
    int64_t len = (int64_t)json_object_array_length(o);
    if (index < 0)
        index += len;
    eng_rc r = ENG_OK;
    if (index >= 0 && index < len) {
        json_object *e = json_object_array_get_idx(o, (size_t)index);
        /* Trino 476 (its documentation warns so): a string element
         * comes back as its bare value, not as a JSON string */
        if (json_object_is_type(e, json_type_array) ||
            json_object_is_type(e, json_type_object)) {
            *is_null = false;
            r = write_tree(a, e, false, out, err);
        } else {
            r = scalar_text(a, e, is_null, out, err);
        }
    }
    json_object_put(o);
    return r;
}

/* See types.h. */
eng_rc eng_json_array_contains(eng_str doc, const eng_value *v, bool *is_null,
                               bool *out, eng_error *err)
{
    json_object *o;
    *is_null = true;
    *out = false;
    if (v->type.id == ENG_T_DOUBLE && !isfinite(v->u.d)) {
        *is_null = false;   /* Trino: never contains a non-finite double */
        return ENG_OK;
    }
    int rc = read_doc(doc.ptr ? doc.ptr : "", doc.len, &o);
    if (rc == DOC_NOMEM)
        return eng_err_oom(err);
    if (rc != DOC_OK || !json_object_is_type(o, json_type_array)) {
        json_object_put(o);
        return ENG_OK;
    }
    *is_null = false;
    size_t n = json_object_array_length(o);
    for (size_t i = 0; i < n && !*out; i++) {
        json_object *e = json_object_array_get_idx(o, i);
        switch (v->type.id) {
        case ENG_T_BOOLEAN:
            *out = json_object_is_type(e, json_type_boolean) &&
                   json_object_get_boolean(e) == v->u.b;
            break;
        case ENG_T_BIGINT:
            /* integer tokens within 64 bits */
            *out = json_object_is_type(e, json_type_int) &&
                   !(json_object_get_int64(e) == INT64_MAX &&
                     json_object_get_uint64(e) > (uint64_t)INT64_MAX) &&
                   json_object_get_int64(e) == v->u.i;
            break;
        case ENG_T_DOUBLE:
            /* only tokens with a point or an exponent */
            *out = json_object_is_type(e, json_type_double) &&
                   isfinite(json_object_get_double(e)) &&
                   json_object_get_double(e) == v->u.d;
            break;
        case ENG_T_VARCHAR:
            *out = json_object_is_type(e, json_type_string) &&
                   (size_t)json_object_get_string_len(e) == v->u.s.len &&
                   (v->u.s.len == 0 ||
                    !memcmp(json_object_get_string(e), v->u.s.ptr, v->u.s.len));
            break;
        default:
            break;
        }
    }
    json_object_put(o);
    return ENG_OK;
}

/* See types.h. */
eng_rc eng_json_is_scalar(eng_str doc, bool *out, eng_error *err)
{
    json_object *o;
    int rc = read_doc(doc.ptr ? doc.ptr : "", doc.len, &o);
    if (rc == DOC_NOMEM)
        return eng_err_oom(err);
    if (rc != DOC_OK)
        return eng_err_set(err, ENG_ERR_INVALID_PARAMETER_VALUE, 0,
                           "Invalid JSON value: %.*s", shown(doc.len),
                           doc.ptr ? doc.ptr : "");
    *out = !json_object_is_type(o, json_type_array) &&
           !json_object_is_type(o, json_type_object);
    json_object_put(o);
    return ENG_OK;
}
