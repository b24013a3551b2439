/*
 * driver/unicode.c
 *   SQLWCHAR <-> UTF-8 conversion for the SQLxxxW entry points and
 *   SQL_C_WCHAR data. SQLWCHAR is UTF-16 (2 bytes, unixODBC) or, in the
 *   iODBC build (configure --with-iodbc), UTF-32 (wchar_t, 4 bytes); the
 *   width follows the ODBC headers the file is compiled with. Lengths on
 *   the wide side are in characters (code units), as ODBC requires.
 * Interface: uc_to_utf8, uc_utf16_len, uc_from_utf8.
 * Not here: the W entry points (odbc_apiw.c).
 *
 * Invalid input never fails: an unpaired surrogate or a bad UTF-8 byte
 * becomes U+FFFD, so that a message or a value can always be returned.
 */
#include <string.h>
#include "driver.h"

/* True when SQLWCHAR holds a whole code point (iODBC's UTF-32). */
#define WIDE32 (sizeof(SQLWCHAR) == 4)

/* Decodes one UTF-8 character at s[*i] (len bytes); U+FFFD if invalid. */
static uint32_t next_cp(const unsigned char *s, size_t len, size_t *i)
{
    unsigned char c = s[*i];
    uint32_t cp;
    int need;
    if (c < 0x80) {
        (*i)++;
        return c;
    } else if ((c & 0xE0) == 0xC0) {
        cp = c & 0x1F;
        need = 1;
    } else if ((c & 0xF0) == 0xE0) {
        cp = c & 0x0F;
        need = 2;
    } else if ((c & 0xF8) == 0xF0) {
        cp = c & 0x07;
        need = 3;
    } else {
        (*i)++;
        return 0xFFFD;
    }
    size_t j = *i + 1;
    for (int k = 0; k < need; k++, j++) {
        if (j >= len || (s[j] & 0xC0) != 0x80) {
            *i = j;
            return 0xFFFD;
        }
        cp = (cp << 6) | (s[j] & 0x3F);
    }
    *i = j;
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp < 0xE000))
        return 0xFFFD;
    return cp;
}

/* Number of SQLWCHAR units for the UTF-8 string s of len bytes. */
size_t uc_utf16_len(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len;)
        n += next_cp((const unsigned char *)s, len, &i) >= 0x10000 && !WIDE32
                 ? 2 : 1;
    return n;
}

/* See driver.h: converts UTF-8 to SQLWCHAR into buf (cap units). */
size_t uc_from_utf8(const char *s, size_t len, SQLWCHAR *buf, size_t cap,
                    size_t *total)
{
    size_t n = 0, w = 0;
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < len;) {
        uint32_t cp = next_cp(u, len, &i);
        size_t units = cp >= 0x10000 && !WIDE32 ? 2 : 1;
        if (buf && cap > 0 && w == n && n + units <= cap - 1) {
            if (units == 2) {
                cp -= 0x10000;
                buf[w++] = (SQLWCHAR)(0xD800 + (cp >> 10));
                buf[w++] = (SQLWCHAR)(0xDC00 + (cp & 0x3FF));
            } else {
                buf[w++] = (SQLWCHAR)cp;
            }
        }
        n += units;
    }
    if (buf && cap > 0)
        buf[w] = 0;
    if (total)
        *total = n;
    return w;
}

/* See driver.h: converts SQLWCHAR text to a new UTF-8 string. */
char *uc_to_utf8(const SQLWCHAR *w, SQLLEN len, size_t *outlen, bool *ok)
{
    *ok = true;
    if (outlen)
        *outlen = 0;
    if (!w)
        return NULL;
    size_t n;
    if (len == SQL_NTS || len < 0) {
        n = 0;
        while (w[n])
            n++;
    } else {
        n = (size_t)len;
    }
    /* a UTF-16 unit needs at most 3 bytes (a pair 4 for 2 units); a
     * UTF-32 unit up to 4 */
    char *out = eng_malloc(n * (WIDE32 ? 4 : 3) + 1);
    if (!out) {
        *ok = false;
        return NULL;
    }
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t cp = (uint32_t)w[i];
        if (WIDE32) {
            if (cp > 0x10FFFF || (cp >= 0xD800 && cp < 0xE000))
                cp = 0xFFFD;
        } else if (cp >= 0xD800 && cp < 0xDC00 && i + 1 < n &&
                   w[i + 1] >= 0xDC00 && w[i + 1] < 0xE000) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (w[i + 1] - 0xDC00);
            i++;
        } else if (cp >= 0xD800 && cp < 0xE000) {
            cp = 0xFFFD;
        }
        if (cp < 0x80) {
            out[o++] = (char)cp;
        } else if (cp < 0x800) {
            out[o++] = (char)(0xC0 | (cp >> 6));
            out[o++] = (char)(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out[o++] = (char)(0xE0 | (cp >> 12));
            out[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
            out[o++] = (char)(0x80 | (cp & 0x3F));
        } else {
            out[o++] = (char)(0xF0 | (cp >> 18));
            out[o++] = (char)(0x80 | ((cp >> 12) & 0x3F));
            out[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
            out[o++] = (char)(0x80 | (cp & 0x3F));
        }
    }
    out[o] = '\0';
    if (outlen)
        *outlen = o;
    return out;
}

/* See driver.h. */
SQLRETURN uc_put(diag_list *d, const char *s, SQLWCHAR *buf, SQLLEN cap,
                 bool bytes, SQLLEN *outlen)
{
    if (!s)
        s = "";
    size_t n = strlen(s), total;
    size_t chars = cap <= 0 ? 0 : bytes ? (size_t)cap / sizeof(SQLWCHAR)
                                        : (size_t)cap;
    size_t w = uc_from_utf8(s, n, buf, buf ? chars : 0, &total);
    if (outlen)
        *outlen = (SQLLEN)(bytes ? total * sizeof(SQLWCHAR) : total);
    if (buf && w < total)
        return diag_push(d, "01004", 0, "string data, right truncated",
                         SQL_NO_ROW_NUMBER, SQL_NO_COLUMN_NUMBER);
    return SQL_SUCCESS;
}
