/*
 * driver/connstr.c
 *   The ODBC connection string parser and formatter: `key=value;` pairs,
 *   case-insensitive keys, whitespace trimmed around keys and unquoted
 *   values, `{...}`-quoted values in which `}}` stands for one `}`, and
 *   the last occurrence of a key wins.
 * Interface: connstr_parse, connstr_free, connstr_get, connstr_set,
 *   connstr_format_pair.
 * Not here: what the keys mean (connect.c).
 *
 * Pure: no I/O, no global state; memory only through eng_malloc (the
 * parsed pairs belong to the connstr). Errors name a 1-based position in
 * the input so that fuzzing and users both get precise messages.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "driver.h"

/* Releases every pair of cs and empties it. */
void connstr_free(connstr *cs)
{
    for (int i = 0; i < cs->n; i++) {
        eng_free(cs->pairs[i].key);
        eng_free(cs->pairs[i].value);
    }
    eng_free(cs->pairs);
    cs->pairs = NULL;
    cs->n = cs->cap = 0;
}

/* Returns the value of key (case-insensitive), or NULL if absent. */
const char *connstr_get(const connstr *cs, const char *key)
{
    for (int i = 0; i < cs->n; i++)
        if (strcasecmp(cs->pairs[i].key, key) == 0)
            return cs->pairs[i].value;
    return NULL;
}

/* Copies n bytes of s into a new NUL-terminated string; NULL on OOM. */
static char *dupn(const char *s, size_t n)
{
    char *p = eng_malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

/*
 * Stores key=value, taking ownership of both strings (they are freed on
 * failure). An existing key keeps its position and gets the new value.
 * Returns false on OOM.
 */
static bool set_owned(connstr *cs, char *key, char *value)
{
    if (!key || !value)
        goto fail;
    for (int i = 0; i < cs->n; i++) {
        if (strcasecmp(cs->pairs[i].key, key) == 0) {
            eng_free(cs->pairs[i].value);
            eng_free(cs->pairs[i].key);
            cs->pairs[i].key = key;
            cs->pairs[i].value = value;
            return true;
        }
    }
    if (cs->n == cs->cap &&
        !eng_array_grow(NULL, &cs->pairs, &cs->cap, cs->n + 1, sizeof *cs->pairs))
        goto fail;
    cs->pairs[cs->n].key = key;
    cs->pairs[cs->n].value = value;
    cs->n++;
    return true;
fail:
    eng_free(key);
    eng_free(value);
    return false;
}

/* Sets key to value (copies both). Returns false on OOM. */
bool connstr_set(connstr *cs, const char *key, const char *value)
{
    return set_owned(cs, dupn(key, strlen(key)), dupn(value, strlen(value)));
}

/* Writes a parse error naming a 1-based position. Returns false. */
static bool fail_at(char *errbuf, size_t errcap, size_t pos, const char *what)
{
    if (errbuf && errcap)
        snprintf(errbuf, errcap,
                 "invalid connection string at position %zu: %s", pos + 1,
                 what);
    return false;
}

/*
 * Parses s; see driver.h. On failure cs keeps the pairs parsed so far
 * (the caller frees it either way).
 */
bool connstr_parse(const char *s, SQLLEN len, connstr *cs, char *errbuf,
                   size_t errcap, bool *oom)
{
    size_t n = len == SQL_NTS || len < 0 ? (s ? strlen(s) : 0) : (size_t)len;
    size_t i = 0;
    *oom = false;
    if (errbuf && errcap)
        errbuf[0] = '\0';
    while (i < n) {
        /* key */
        while (i < n && isspace((unsigned char)s[i]))
            i++;
        if (i < n && s[i] == ';') {  /* empty segment */
            i++;
            continue;
        }
        if (i >= n)
            break;
        if (s[i] == '\0')   /* embedded NUL ends the string */
            break;
        size_t kstart = i;
        while (i < n && s[i] != '=' && s[i] != ';')
            i++;
        size_t kend = i;
        while (kend > kstart && isspace((unsigned char)s[kend - 1]))
            kend--;
        if (i >= n || s[i] == ';')
            return fail_at(errbuf, errcap, kstart,
                           "keyword without '=' (expected key=value)");
        if (kend == kstart)
            return fail_at(errbuf, errcap, kstart, "empty keyword before '='");
        if (s[kstart] == '{')
            return fail_at(errbuf, errcap, kstart,
                           "a keyword cannot be enclosed in braces");
        i++; /* '=' */
        /* value */
        while (i < n && isspace((unsigned char)s[i]))
            i++;
        char *value;
        if (i < n && s[i] == '{') {
            size_t open = i++;
            value = eng_malloc(n - i + 1);
            if (!value) {
                *oom = true;
                return false;
            }
            size_t vn = 0;
            bool closed = false;
            while (i < n) {
                if (s[i] == '}') {
                    if (i + 1 < n && s[i + 1] == '}') {
                        value[vn++] = '}';
                        i += 2;
                        continue;
                    }
                    closed = true;
                    i++;
                    break;
                }
                value[vn++] = s[i++];
            }
            value[vn] = '\0';
            if (!closed) {
                eng_free(value);
                return fail_at(errbuf, errcap, open,
                               "unterminated '{' (a braced value must end "
                               "with '}')");
            }
            while (i < n && isspace((unsigned char)s[i]))
                i++;
            if (i < n && s[i] != ';') {
                eng_free(value);
                return fail_at(errbuf, errcap, i,
                               "unexpected text after a braced value "
                               "(expected ';')");
            }
        } else {
            size_t vstart = i;
            while (i < n && s[i] != ';')
                i++;
            size_t vend = i;
            while (vend > vstart && isspace((unsigned char)s[vend - 1]))
                vend--;
            value = dupn(s + vstart, vend - vstart);
            if (!value) {
                *oom = true;
                return false;
            }
        }
        if (!set_owned(cs, dupn(s + kstart, kend - kstart), value)) {
            *oom = true;
            return false;
        }
        if (i < n && s[i] == ';')
            i++;
    }
    return true;
}

/* True if value must be written inside braces to survive a round trip. */
static bool needs_braces(const char *v)
{
    size_t n = strlen(v);
    if (n && (isspace((unsigned char)v[0]) || isspace((unsigned char)v[n - 1])))
        return true;
    return strpbrk(v, ";{}=") != NULL;
}

/* Appends one byte if it fits (keeps room for the NUL). */
static void put(char *out, size_t cap, size_t *used, char ch)
{
    if (out && *used + 1 < cap)
        out[*used] = ch;
    (*used)++;
}

/*
 * Appends "key=value;" at offset `used` of out (cap bytes, NUL-terminated
 * as far as it fits). Returns the new total length (which may exceed cap:
 * the caller then reports truncation).
 */
size_t connstr_format_pair(const char *key, const char *value, char *out,
                           size_t cap, size_t used)
{
    for (const char *p = key; *p; p++)
        put(out, cap, &used, *p);
    put(out, cap, &used, '=');
    bool br = needs_braces(value);
    if (br)
        put(out, cap, &used, '{');
    for (const char *p = value; *p; p++) {
        put(out, cap, &used, *p);
        if (br && *p == '}')
            put(out, cap, &used, '}');
    }
    if (br)
        put(out, cap, &used, '}');
    put(out, cap, &used, ';');
    if (out && cap)
        out[used < cap ? used : cap - 1] = '\0';
    return used;
}
