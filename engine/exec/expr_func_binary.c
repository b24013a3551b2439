/*
 * engine/exec/expr_func_binary.c
 *   Evaluates Trino's varbinary and uuid functions: length, substr and
 *   concat of varbinary, to_utf8, from_utf8, to_hex, from_hex, to_base64,
 *   from_base64, md5, sha1, sha256, sha512 (OpenSSL's libcrypto), crc32
 *   (zlib), uuid() (random version 4, from libcrypto's RAND_bytes).
 * Interface: exec_func_binary (exec_int.h).
 * Not here: the dispatch and the varchar functions of the same names
 *   (expr_func.c), signatures (binder/bind_func_binary.c), the text
 *   codecs themselves (types/binary.c).
 *
 * Called by exec_eval_func with the arguments evaluated and out's
 * validity already the AND of theirs (NULL in, NULL out). Bad hex or
 * base64 text is 22023 (Trino's INVALID_FUNCTION_ARGUMENT). Digests are
 * never written by hand; the libraries allocate outside the engine's
 * allocator, so the OOM tests do not reach them.
 */
#include <string.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <zlib.h>
#include "exec_int.h"

/* True for the functions evaluated here, given the argument types the
 * binder chose (length/substr/concat are ours only over varbinary). */
static bool is_binary(const plan_expr *e)
{
    static const char *const names[] = {
        "to_utf8", "from_utf8", "to_hex", "from_hex", "to_base64",
        "from_base64", "md5", "sha1", "sha256", "sha512", "crc32", "uuid",
        NULL };
    const char *f = e->func;
    if (!strcmp(f, "length") || !strcmp(f, "substr") || !strcmp(f, "concat"))
        return e->nargs > 0 && e->args[0]->type.id == ENG_T_VARBINARY;
    for (int i = 0; names[i]; i++)
        if (!strcmp(f, names[i]))
            return true;
    return false;
}

/* Trino's VarbinaryFunctions.substr: 1-based start, negative counts from
 * the end, 0 or a non-positive length gives the empty value. */
static eng_str bin_substr(eng_str s, int64_t start, bool has_len, int64_t len)
{
    eng_str r = { s.ptr, 0 };
    int64_t n = s.len;
    if (!has_len)
        len = n;
    if (start == 0 || len <= 0 || n == 0)
        return r;
    if (start > 0) {
        start -= 1;
    } else {
        start += n;
        if (start < 0)
            return r;
    }
    if (start >= n)
        return r;
    if (len > n - start)
        len = n - start;
    r.ptr = s.ptr + start;
    r.len = (uint32_t)len;
    return r;
}

/* Writes code point cp as UTF-8 into out (4 bytes); returns the length,
 * 0 when cp is not a Unicode scalar value. */
static int utf8_encode(int64_t cp, char *out)
{
    if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return exec_utf8_put(out, (uint32_t)cp);
}

/* The replacement of from_utf8's row i (U+FFFD without a second
 * argument) into buf (4 bytes); *len its length. 22023 when the argument
 * is more than one character or not a code point. */
static eng_rc replacement(exec_eval *x, const plan_expr *e,
                          const eng_vector *arg, int i, char *buf, size_t *len)
{
    if (!arg) {
        memcpy(buf, "\xEF\xBF\xBD", 3);
        *len = 3;
        return ENG_OK;
    }
    if (arg->type.id == ENG_T_VARCHAR) {
        eng_str s = ((const eng_str *)arg->data)[i];
        uint32_t pos = 0;
        if (s.len > 0)
            exec_utf8_next(s.ptr, s.len, &pos);
        if (pos != s.len || s.len > 4)
            return eng_err_set(x->ctx->err, ENG_ERR_INVALID_PARAMETER_VALUE,
                               e->pos, "Replacement character string must "
                               "empty or a single character");
        memcpy(buf, s.ptr, s.len);
        *len = s.len;
        return ENG_OK;
    }
    int64_t cp = ((const int64_t *)arg->data)[i];
    int k = utf8_encode(cp, buf);
    if (k == 0)
        return eng_err_set(x->ctx->err, ENG_ERR_INVALID_PARAMETER_VALUE,
                           e->pos, "Invalid replacement character");
    *len = (size_t)k;
    return ENG_OK;
}

/* The digest `f` of s into out (EVP_MAX_MD_SIZE bytes); its length. */
static unsigned digest(const char *f, eng_str s, unsigned char *out)
{
    const EVP_MD *md = !strcmp(f, "md5") ? EVP_md5()
                     : !strcmp(f, "sha1") ? EVP_sha1()
                     : !strcmp(f, "sha256") ? EVP_sha256() : EVP_sha512();
    unsigned n = 0;
    if (!EVP_Digest(s.len ? s.ptr : "", s.len, out, &n, md, NULL))
        return 0;
    return n;
}

/* Replaces err's SQLSTATE with 22023 (a function's bad argument), the
 * message kept. */
static eng_rc bad_argument(eng_rc rc, eng_error *err)
{
    if (rc == ENG_ERROR)
        memcpy(err->sqlstate, "22023", 6);
    return rc;
}

/* See exec_int.h. */
eng_rc exec_func_binary(exec_eval *x, const plan_expr *e, eng_vector *args,
                        int k, int n, eng_vector *out, bool *found)
{
    const char *f = e->func;
    eng_error *err = x->ctx->err;
    eng_str *rs = out->data;
    eng_rc rc;
    *found = is_binary(e);
    if (!*found)
        return ENG_OK;
    if (!strcmp(f, "uuid")) {
        /* no arguments: every row is valid and gets its own value */
        memset(out->validity, 0xFF, ((size_t)n + 7) / 8);
        for (int i = 0; i < n; i++) {
            unsigned char *u = eng_arena_alloc(x->a, 16);
            if (!u)
                return eng_err_oom(err);
            if (RAND_bytes(u, 16) != 1)
                return eng_err_set(err, ENG_ERR_INTERNAL, e->pos,
                                   "uuid(): no random bytes available");
            u[6] = (unsigned char)((u[6] & 0x0F) | 0x40);  /* version 4 */
            u[8] = (unsigned char)((u[8] & 0x3F) | 0x80);  /* RFC 4122 */
            rs[i].ptr = (const char *)u;
            rs[i].len = 16;
        }
        return ENG_OK;
    }
    const eng_str *s = args[0].data;
    for (int i = 0; i < n; i++) {
        if (!eng_vec_is_valid(out, i))
            continue;
        if (!strcmp(f, "length")) {
            ((int64_t *)out->data)[i] = s[i].len;
        } else if (!strcmp(f, "crc32")) {
            uLong c = crc32(0L, Z_NULL, 0);
            const Bytef *p = (const Bytef *)s[i].ptr;
            uint32_t left = s[i].len;
            while (left > 0) {   /* zlib takes uInt lengths */
                uInt chunk = left > 0x40000000u ? 0x40000000u : left;
                c = crc32(c, p, chunk);
                p += chunk;
                left -= chunk;
            }
            ((int64_t *)out->data)[i] = (int64_t)(c & 0xFFFFFFFFu);
        } else if (!strcmp(f, "substr")) {
            rs[i] = bin_substr(s[i], ((const int64_t *)args[1].data)[i], k > 2,
                               k > 2 ? ((const int64_t *)args[2].data)[i] : 0);
        } else if (!strcmp(f, "concat")) {
            size_t tot = 0;
            for (int j = 0; j < k; j++)
                tot += ((const eng_str *)args[j].data)[i].len;
            if (tot > UINT32_MAX)
                return eng_err_set(err, ENG_ERR_STATEMENT_TOO_COMPLEX, e->pos,
                                   "concat: result exceeds 4 GB");
            char *buf = eng_arena_alloc(x->a, tot ? tot : 1);
            if (!buf)
                return eng_err_oom(err);
            size_t o = 0;
            for (int j = 0; j < k; j++) {
                eng_str p = ((const eng_str *)args[j].data)[i];
                if (p.len)
                    memcpy(buf + o, p.ptr, p.len);
                o += p.len;
            }
            rs[i].ptr = buf;
            rs[i].len = (uint32_t)o;
        } else if (!strcmp(f, "to_utf8")) {
            rs[i] = s[i];    /* varchar is UTF-8 already */
        } else if (!strcmp(f, "from_utf8")) {
            char rep[4];
            size_t rlen = 0;
            if ((rc = replacement(x, e, k > 1 ? &args[1] : NULL, i, rep,
                                  &rlen)) != ENG_OK)
                return rc;
            if ((rc = eng_utf8_repair(x->a, (const uint8_t *)s[i].ptr,
                                      s[i].len, rep, rlen, &rs[i], err)))
                return rc;
        } else if (!strcmp(f, "to_hex")) {
            char *buf = eng_arena_alloc(x->a, (size_t)s[i].len * 2 + 1);
            if (!buf)
                return eng_err_oom(err);
            eng_hex_format((const uint8_t *)s[i].ptr, s[i].len, true, buf);
            rs[i].ptr = buf;
            rs[i].len = s[i].len * 2;
        } else if (!strcmp(f, "from_hex")) {
            if ((rc = eng_hex_parse(x->a, s[i].ptr, s[i].len, false,
                                    "from_hex: input", &rs[i], err)))
                return bad_argument(rc, err);
        } else if (!strcmp(f, "to_base64")) {
            size_t m = eng_base64_len(s[i].len);
            char *buf = eng_arena_alloc(x->a, m + 1);
            if (!buf)
                return eng_err_oom(err);
            eng_base64_format((const uint8_t *)s[i].ptr, s[i].len, buf);
            rs[i].ptr = buf;
            rs[i].len = (uint32_t)m;
        } else if (!strcmp(f, "from_base64")) {
            if ((rc = eng_base64_parse(x->a, s[i].ptr, s[i].len, &rs[i], err)))
                return bad_argument(rc, err);
        } else {    /* md5, sha1, sha256, sha512 */
            unsigned char md[EVP_MAX_MD_SIZE];
            unsigned m = digest(f, s[i], md);
            if (m == 0)
                return eng_err_set(err, ENG_ERR_INTERNAL, e->pos,
                                   "%s: the digest failed", f);
            char *buf = eng_arena_memdup(x->a, md, m);
            if (!buf)
                return eng_err_oom(err);
            rs[i].ptr = buf;
            rs[i].len = m;
        }
    }
    return ENG_OK;
}
