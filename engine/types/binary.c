/*
 * engine/types/binary.c
 *   Text forms of varbinary and uuid: hex (to_hex, X'..' literals, ODBC's
 *   SQL_C_CHAR), base64 (to_base64/from_base64, standard alphabet with
 *   padding, as java.util.Base64), uuid text (8-4-4-4-12), and UTF-8
 *   repair as Trino's from_utf8 does it.
 * Interface: eng_hex_format, eng_hex_parse, eng_base64_format,
 *   eng_base64_parse, eng_uuid_format, eng_uuid_parse, eng_utf8_repair.
 * Not here: the casts that use them (cast.c), the SQL functions
 *   (exec/expr_func_binary.c), hashing digests (exec, libcrypto).
 *
 * Every parser here reads text from SQL or from a client, so each
 * rejects bad input with an error naming the problem and never reads
 * past len.
 */
#include <string.h>
#include "types.h"

static const char HEX_UP[] = "0123456789ABCDEF";
static const char HEX_LO[] = "0123456789abcdef";

static int hex_val(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/*
 * Writes two hex digits per byte of p[0..n) into out (2n bytes, not
 * terminated), upper case when `upper` (to_hex, ODBC) else lower case
 * (uuid text).
 */
void eng_hex_format(const uint8_t *p, size_t n, bool upper, char *out)
{
    const char *d = upper ? HEX_UP : HEX_LO;
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = d[p[i] >> 4];
        out[2 * i + 1] = d[p[i] & 15];
    }
}

/*
 * Parses hex digits s[0..len) into bytes in arena a. With skip_space,
 * blanks (space, tab, CR, LF) between digits are ignored, as Trino does
 * for X'..' literals. Fails with 22018 on a non-hex character or an odd
 * number of digits, naming `what` ("binary literal", "from_hex"), and
 * with ENG_NOMEM. *out points into a.
 */
eng_rc eng_hex_parse(eng_arena *a, const char *s, size_t len, bool skip_space,
                     const char *what, eng_str *out, eng_error *err)
{
    uint8_t *buf = eng_arena_alloc(a, len / 2 + 1);
    if (!buf)
        return eng_err_oom(err);
    size_t n = 0;
    int hi = -1;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (skip_space && (c == ' ' || c == '\t' || c == '\r' || c == '\n'))
            continue;
        int v = hex_val(c);
        if (v < 0)
            return eng_err_set(err, ENG_ERR_INVALID_CHARACTER_VALUE_FOR_CAST,
                               0, "%s can only contain hexadecimal digits "
                               "(found byte 0x%02X at offset %zu)", what,
                               (unsigned)c, i);
        if (hi < 0) {
            hi = v;
        } else {
            buf[n++] = (uint8_t)(hi << 4 | v);
            hi = -1;
        }
    }
    if (hi >= 0)
        return eng_err_set(err, ENG_ERR_INVALID_CHARACTER_VALUE_FOR_CAST, 0,
                           "%s must contain an even number of digits", what);
    out->ptr = (const char *)buf;
    out->len = (uint32_t)n;
    return ENG_OK;
}

static const char B64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Bytes eng_base64_format writes for n input bytes. */
size_t eng_base64_len(size_t n)
{
    return (n + 2) / 3 * 4;
}

/* Writes the base64 text of p[0..n) (with '=' padding) into out
 * (eng_base64_len(n) bytes, not terminated). */
void eng_base64_format(const uint8_t *p, size_t n, char *out)
{
    size_t o = 0, i = 0;
    for (; i + 3 <= n; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
        out[o++] = B64[v >> 18];
        out[o++] = B64[(v >> 12) & 63];
        out[o++] = B64[(v >> 6) & 63];
        out[o++] = B64[v & 63];
    }
    if (n - i == 1) {
        uint32_t v = (uint32_t)p[i] << 16;
        out[o++] = B64[v >> 18];
        out[o++] = B64[(v >> 12) & 63];
        out[o++] = '=';
        out[o++] = '=';
    } else if (n - i == 2) {
        uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8;
        out[o++] = B64[v >> 18];
        out[o++] = B64[(v >> 12) & 63];
        out[o++] = B64[(v >> 6) & 63];
        out[o++] = '=';
    }
}

static int b64_val(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

/*
 * Decodes base64 text s[0..len) into bytes in arena a, as Java's
 * Base64.getDecoder() (Trino's from_base64): the standard alphabet,
 * padding optional at the end but, when present, correct; no blanks.
 * Fails with 22018 naming the offset of the first bad character.
 */
eng_rc eng_base64_parse(eng_arena *a, const char *s, size_t len, eng_str *out,
                        eng_error *err)
{
    size_t n = len;
    size_t pad = 0;
    while (n > 0 && s[n - 1] == '=' && pad < 2) {
        n--;
        pad++;
    }
    if ((pad > 0 && (n + pad) % 4 != 0) || n % 4 == 1)
        return eng_err_set(err, ENG_ERR_INVALID_CHARACTER_VALUE_FOR_CAST, 0,
                           "from_base64: input of %zu characters is not "
                           "valid base64 (bad length or padding)", len);
    uint8_t *buf = eng_arena_alloc(a, n / 4 * 3 + 3);
    if (!buf)
        return eng_err_oom(err);
    size_t o = 0;
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < n; i++) {
        int v = b64_val((unsigned char)s[i]);
        if (v < 0)
            return eng_err_set(err, ENG_ERR_INVALID_CHARACTER_VALUE_FOR_CAST,
                               0, "from_base64: illegal base64 character "
                               "0x%02X at offset %zu", (unsigned)(unsigned char)s[i], i);
        acc = acc << 6 | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            buf[o++] = (uint8_t)(acc >> bits);
            acc &= (1u << bits) - 1;
        }
    }
    out->ptr = (const char *)buf;
    out->len = (uint32_t)o;
    return ENG_OK;
}

/* Writes the 36-character lower-case text of the 16 bytes u into out
 * (not terminated). */
void eng_uuid_format(const uint8_t *u, char *out)
{
    static const int group[] = {4, 2, 2, 2, 6};
    int o = 0, b = 0;
    for (int g = 0; g < 5; g++) {
        if (g > 0)
            out[o++] = '-';
        eng_hex_format(u + b, (size_t)group[g], false, out + o);
        o += 2 * group[g];
        b += group[g];
    }
}

/*
 * Parses uuid text: exactly 36 characters, hex digits (either case) in
 * groups 8-4-4-4-12 separated by '-', as Trino's CAST(varchar AS uuid).
 * Writes 16 bytes into u. Returns false when the text is not one.
 */
bool eng_uuid_parse(const char *s, size_t len, uint8_t *u)
{
    if (len != 36)
        return false;
    int b = 0;
    for (size_t i = 0; i < 36;) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (s[i] != '-')
                return false;
            i++;
            continue;
        }
        int h = hex_val((unsigned char)s[i]), l = hex_val((unsigned char)s[i + 1]);
        if (h < 0 || l < 0)
            return false;
        u[b++] = (uint8_t)(h << 4 | l);
        i += 2;
    }
    return true;
}

/*
 * The UTF-8 sequence at p[0..n): its length k (> 0) when valid, or -k
 * when the k bytes there form one invalid sequence, exactly as airlift's
 * SliceUtf8.tryGetCodePointAt (which Trino's from_utf8 uses): a sequence
 * is cut where a continuation byte is missing, overlong forms,
 * surrogates, code points above U+10FFFF and 5- and 6-byte forms are
 * invalid as a whole.
 */
static int utf8_seq(const uint8_t *p, size_t n)
{
    uint8_t c = p[0];
    int len;
    if (c < 0x80)
        return 1;
    if (c < 0xC0)
        return -1;
    len = c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF8 ? 4 : c < 0xFC ? 5
        : c < 0xFE ? 6 : -1;
    if (len < 0)
        return -1;
    uint32_t cp = c & (0x7Fu >> len);
    for (int i = 1; i < len; i++) {
        if ((size_t)i >= n || (p[i] & 0xC0) != 0x80)
            return -i;
        cp = cp << 6 | (p[i] & 0x3Fu);
        if (i == 1 && len == 2)
            return cp < 0x80 ? -2 : 2;
        if (i == 2 && len == 3)
            return (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) ? -3 : 3;
        if (i == 3 && len == 4)
            return (cp >= 0x10000 && cp < 0x110000) ? 4 : -4;
    }
    return -len;    /* 5- and 6-byte forms: never valid (RFC 3629) */
}

/*
 * Copies p[0..n) into arena a as valid UTF-8, replacing each invalid
 * sequence (utf8_seq) with `repl` (UTF-8 text, Trino's default U+FFFD;
 * repl_len 0 drops them), as Trino's from_utf8 does (airlift's
 * SliceUtf8.fixInvalidUtf8). *out points into a, or at p when p is
 * valid already; ENG_NOMEM on OOM.
 */
eng_rc eng_utf8_repair(eng_arena *a, const uint8_t *p, size_t n,
                       const char *repl, size_t repl_len, eng_str *out,
                       eng_error *err)
{
    size_t bad = 0;
    for (size_t i = 0; i < n;) {
        int k = utf8_seq(p + i, n - i);
        if (k < 0) {
            bad++;
            k = -k;
        }
        i += (size_t)k;
    }
    if (bad == 0) {
        out->ptr = (const char *)p;
        out->len = (uint32_t)n;
        return ENG_OK;
    }
    size_t cap = n + bad * repl_len;
    char *buf = eng_arena_alloc(a, cap ? cap : 1);
    if (!buf)
        return eng_err_oom(err);
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        int k = utf8_seq(p + i, n - i);
        if (k < 0) {
            memcpy(buf + o, repl, repl_len);
            o += repl_len;
            i += (size_t)-k;
        } else {
            memcpy(buf + o, p + i, (size_t)k);
            o += (size_t)k;
            i += (size_t)k;
        }
    }
    out->ptr = buf;
    out->len = (uint32_t)o;
    return ENG_OK;
}
