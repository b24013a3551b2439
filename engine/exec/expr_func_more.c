/*
 * engine/exec/expr_func_more.c
 *   More scalar functions over vectors, with Trino's semantics: math
 *   (power, sqrt, cbrt, ln, log2, log10, log, exp, degrees, radians, the
 *   trigonometric functions, pi, e, nan, infinity, truncate), strings (lpad, rpad,
 *   split_part, reverse, starts_with) and regular expressions
 *   (regexp_like, regexp_extract, regexp_replace) through PCRE2.
 * Interface: exec_func_more (exec_int.h).
 * Not here: the first set of functions and the dispatch (expr_func.c),
 *   date functions (expr_func_date.c), types and arity (binder/).
 *
 * Called by exec_eval_func with the arguments evaluated and out's validity
 * already the AND of theirs (NULL in, NULL out). Double functions follow
 * Java's Math (NaN and infinities instead of errors: ln(0) is -Infinity,
 * sqrt(-1) NaN), as Trino does. Regular expressions use Java-like syntax
 * as PCRE2 reads it, in UTF mode (invalid UTF-8 subjects are matched, not
 * rejected); a bad pattern is 22023. Compiled patterns are cached for the
 * run of equal patterns in one call and freed before returning; PCRE2
 * allocates through eng_malloc so the OOM tests reach it.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <math.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "exec_int.h"

/* ------------------------------------------------------------------ */
/* helpers                                                              */

/* Number of code points of s (invalid bytes count one each). */
static int64_t ncp(eng_str s)
{
    int64_t n = 0;
    uint32_t pos = 0;
    while (pos < s.len) {
        exec_utf8_next(s.ptr, s.len, &pos);
        n++;
    }
    return n;
}

/* Byte offset after k code points of s (s.len when past the end). */
static uint32_t cp_off(eng_str s, int64_t k)
{
    uint32_t pos = 0;
    while (k-- > 0 && pos < s.len)
        exec_utf8_next(s.ptr, s.len, &pos);
    return pos;
}

/* Reads integer element i of v (smallint, integer or bigint). */
static int64_t ival(const eng_vector *v, int i)
{
    switch (v->type.id) {
    case ENG_T_SMALLINT: return ((const int16_t *)v->data)[i];
    case ENG_T_INTEGER: return ((const int32_t *)v->data)[i];
    default: return ((const int64_t *)v->data)[i];
    }
}

/* 22023 at e's position with message msg (and detail, may be ""). */
static eng_rc bad_arg(exec_eval *x, const plan_expr *e, const char *msg,
                      const char *detail)
{
    eng_err_set(x->ctx->err, ENG_ERR_INVALID_PARAMETER_VALUE, e->pos, "%s%s",
                msg, detail);
    return ENG_ERROR;
}

/* ------------------------------------------------------------------ */
/* math                                                                 */

/* Java's Math.pow where it differs from C's: NaN exponent, or |x| = 1
 * with an infinite exponent, give NaN. */
static double java_pow(double a, double b)
{
    if (isnan(b) || (fabs(a) == 1.0 && isinf(b)))
        return NAN;
    return pow(a, b);
}

/* Applies the double function f to every valid row. */
static bool math_fn(const char *f, const eng_vector *args, int k, int n,
                    eng_vector *out)
{
    double *r = out->data;
    const double *a = k > 0 ? args[0].data : NULL;
    const double *b = k > 1 ? args[1].data : NULL;
    for (int i = 0; i < n; i++) {
        if (!eng_vec_is_valid(out, i))
            continue;
        double v = a ? a[i] : 0, w = b ? b[i] : 0, y;
        if (!strcmp(f, "power")) y = java_pow(v, w);
        else if (!strcmp(f, "sqrt")) y = sqrt(v);
        else if (!strcmp(f, "cbrt"))   /* glibc's cbrt is off by an ulp on
                                          cubes (27 -> 3.0000000000000004) */
            y = (double)cbrtl((long double)v);
        else if (!strcmp(f, "ln")) y = log(v);
        else if (!strcmp(f, "log2")) y = log(v) / log(2.0);   /* as Trino */
        else if (!strcmp(f, "log10")) y = log10(v);
        else if (!strcmp(f, "log")) y = log(w) / log(v);       /* log(b, x) */
        else if (!strcmp(f, "exp")) y = exp(v);
        else if (!strcmp(f, "degrees")) y = v * 57.29577951308232;
        else if (!strcmp(f, "radians")) y = v * 0.017453292519943295;
        else if (!strcmp(f, "sin")) y = sin(v);
        else if (!strcmp(f, "cos")) y = cos(v);
        else if (!strcmp(f, "tan")) y = tan(v);
        else if (!strcmp(f, "asin")) y = asin(v);
        else if (!strcmp(f, "acos")) y = acos(v);
        else if (!strcmp(f, "atan")) y = atan(v);
        else if (!strcmp(f, "atan2")) y = atan2(v, w);
        else if (!strcmp(f, "sinh")) y = sinh(v);
        else if (!strcmp(f, "cosh")) y = cosh(v);
        else if (!strcmp(f, "tanh")) y = tanh(v);
        else if (!strcmp(f, "pi")) y = M_PI;
        else if (!strcmp(f, "e")) y = M_E;
        else if (!strcmp(f, "nan")) y = NAN;
        else if (!strcmp(f, "infinity")) y = INFINITY;
        else return false;
        r[i] = y;
    }
    return true;
}

/* truncate(x): toward zero; decimals to scale 0 (result type set by the
 * binder, never wider than the argument's integer digits). */
static void truncate_fn(const eng_vector *a, int n, eng_vector *out)
{
    for (int i = 0; i < n; i++) {
        if (!eng_vec_is_valid(out, i))
            continue;
        if (a->type.id == ENG_T_DOUBLE)
            ((double *)out->data)[i] = trunc(((const double *)a->data)[i]);
        else
            ((eng_int128 *)out->data)[i] = ((const eng_int128 *)a->data)[i] /
                                           eng_pow10(a->type.scale);
    }
}

/*
 * truncate(x, d) of a double or real as Trino's BigDecimal.valueOf(x)
 * .setScale(d, DOWN): x's shortest digits (those that read back to the
 * same double, or float for a real) cut after d decimal places (d < 0:
 * digits left of the point become zeros). NaN and infinities stay.
 */
static double truncate_digits(double x, int64_t d, bool real)
{
    char t[40], m[48];
    int p;
    if (!isfinite(x) || x == 0)
        return x;
    for (p = 1; p <= 17; p++) {
        snprintf(t, sizeof t, "%.*e", p - 1, x);
        if (real ? (double)strtof(t, NULL) == x : strtod(t, NULL) == x)
            break;
    }
    /* t is "[-]D[.DDD]e[+-]X": digits and exponent of the first one */
    const char *c = t;
    bool neg = *c == '-';
    if (neg)
        c++;
    char dig[24];
    int nd = 0;
    for (; *c && *c != 'e'; c++)
        if (*c >= '0' && *c <= '9')
            dig[nd++] = *c;
    long e = strtol(c + 1, NULL, 10);   /* value = D.DDD * 10^e */
    /* keep the digits worth at least 10^-d: positions 0 .. e + d */
    int64_t keep = (int64_t)e + d + 1;
    if (keep <= 0)
        return 0.0;
    if (keep < nd)
        nd = (int)keep;
    snprintf(m, sizeof m, "%s0.%.*se%ld", neg ? "-" : "", nd, dig, e + 1);
    return real ? (double)strtof(m, NULL) : strtod(m, NULL);
}

/* truncate(x, d): decimals keep their type, digits past d dropped toward
 * zero; doubles and reals through truncate_digits. */
static void truncate2_fn(const eng_vector *a, const eng_vector *dv, int n,
                         eng_vector *out)
{
    for (int i = 0; i < n; i++) {
        if (!eng_vec_is_valid(out, i))
            continue;
        int64_t d = ival(dv, i);
        if (a->type.id == ENG_T_DOUBLE) {
            ((double *)out->data)[i] = truncate_digits(
                ((const double *)a->data)[i], d, eng_type_is_real(a->type));
            continue;
        }
        eng_int128 v = ((const eng_int128 *)a->data)[i];
        int64_t k = (int64_t)a->type.scale - d;   /* digits to drop */
        if (k > ENG_DECIMAL_MAX_PRECISION)
            v = 0;
        else if (k > 0)
            v = v / eng_pow10((int)k) * eng_pow10((int)k);
        ((eng_int128 *)out->data)[i] = v;
    }
}

/*
 * The generator of random(): xorshift64* per thread, seeded once from the
 * clock and the state's address (Trino: a pseudo-random value per row,
 * no seed the user can set). Not for anything that needs secrecy.
 */
static uint64_t next_random(void)
{
    static _Thread_local uint64_t s;
    if (s == 0) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        s = ((uint64_t)ts.tv_sec * 1000000007u) ^ (uint64_t)ts.tv_nsec ^
            (uint64_t)(uintptr_t)&s;
        if (s == 0)
            s = 0x9E3779B97F4A7C15u;
    }
    s ^= s >> 12;
    s ^= s << 25;
    s ^= s >> 27;
    return s * 0x2545F4914F6CDD1Du;
}

/* random(): double in [0, 1); random(n): 0 <= r < n of n's integer type,
 * n <= 0 is 22023 (Trino: "bound must be positive"). */
static eng_rc random_fn(exec_eval *x, const plan_expr *e,
                        const eng_vector *args, int k, int n, eng_vector *out)
{
    for (int i = 0; i < n; i++) {
        if (!eng_vec_is_valid(out, i))
            continue;
        if (k == 0) {
            ((double *)out->data)[i] =
                (double)(next_random() >> 11) * 0x1.0p-53;
            continue;
        }
        int64_t bound = ival(&args[0], i);
        if (bound <= 0)
            return bad_arg(x, e, "random: bound must be positive", "");
        int64_t r = (int64_t)(next_random() % (uint64_t)bound);
        switch (out->type.id) {
        case ENG_T_SMALLINT: ((int16_t *)out->data)[i] = (int16_t)r; break;
        case ENG_T_INTEGER: ((int32_t *)out->data)[i] = (int32_t)r; break;
        default: ((int64_t *)out->data)[i] = r; break;
        }
    }
    return ENG_OK;
}

/* ------------------------------------------------------------------ */
/* strings                                                              */

/* lpad/rpad(s, size, pad): s cut or filled with pad to size code points. */
static eng_rc pad_fn(exec_eval *x, const plan_expr *e, bool left,
                     const eng_vector *args, int n, eng_vector *out)
{
    const eng_str *s = args[0].data, *p = args[2].data;
    eng_str *r = out->data;
    for (int i = 0; i < n; i++) {
        if (!eng_vec_is_valid(out, i))
            continue;
        int64_t size = ival(&args[1], i);
        if (size < 0 || size > INT32_MAX)
            return bad_arg(x, e, "Target length must be in the range "
                           "[0..2147483647]", "");
        int64_t have = ncp(s[i]);
        if (size <= have) {
            r[i].ptr = s[i].ptr;
            r[i].len = cp_off(s[i], size);
            continue;
        }
        if (p[i].len == 0)
            return bad_arg(x, e, "Padding string must not be empty", "");
        int64_t fill = size - have, plen = ncp(p[i]);
        /* bytes: whole repetitions of pad plus a prefix of it */
        uint64_t bytes = (uint64_t)(fill / plen) * p[i].len +
                         cp_off(p[i], fill % plen) + s[i].len;
        if (bytes > UINT32_MAX)
            return eng_err_oom(x->ctx->err);
        char *buf = eng_arena_alloc(x->a, (size_t)bytes + 1);
        if (!buf)
            return eng_err_oom(x->ctx->err);
        size_t o = 0;
        if (!left) {
            memcpy(buf, s[i].ptr, s[i].len);
            o = s[i].len;
        }
        for (int64_t j = 0; j < fill / plen; j++) {
            memcpy(buf + o, p[i].ptr, p[i].len);
            o += p[i].len;
        }
        uint32_t tail = cp_off(p[i], fill % plen);
        if (tail)
            memcpy(buf + o, p[i].ptr, tail);
        o += tail;
        if (left) {
            if (s[i].len)
                memcpy(buf + o, s[i].ptr, s[i].len);
            o += s[i].len;
        }
        r[i].ptr = buf;
        r[i].len = (uint32_t)o;
    }
    return ENG_OK;
}

/* split_part(s, delim, index): the index-th (1-based) field, NULL past
 * the last; an empty delimiter splits into code points. */
static eng_rc split_part_fn(exec_eval *x, const plan_expr *e,
                            const eng_vector *args, int n, eng_vector *out)
{
    const eng_str *s = args[0].data, *d = args[1].data;
    eng_str *r = out->data;
    for (int i = 0; i < n; i++) {
        if (!eng_vec_is_valid(out, i))
            continue;
        int64_t idx = ival(&args[2], i);
        if (idx <= 0)
            return bad_arg(x, e, "Index must be greater than zero", "");
        eng_str str = s[i], del = d[i];
        if (del.len == 0) {
            uint32_t b = cp_off(str, idx - 1);
            if (b >= str.len) {
                eng_vec_set_valid(out, i, false);
                continue;
            }
            uint32_t en = b;
            exec_utf8_next(str.ptr, str.len, &en);
            r[i].ptr = str.ptr + b;
            r[i].len = en - b;
            continue;
        }
        int64_t count = 0;
        uint32_t prev = 0;
        bool done = false;
        while (prev < str.len) {
            uint32_t m = prev;
            while (m + del.len <= str.len &&
                   memcmp(str.ptr + m, del.ptr, del.len) != 0)
                m++;
            if (m + del.len > str.len)
                break;
            if (++count == idx) {
                r[i].ptr = str.ptr + prev;
                r[i].len = m - prev;
                done = true;
                break;
            }
            prev = m + del.len;
        }
        if (done)
            continue;
        if (count == idx - 1) {
            r[i].ptr = str.ptr + prev;
            r[i].len = str.len - prev;
        } else {
            eng_vec_set_valid(out, i, false);
        }
    }
    return ENG_OK;
}

/* reverse(s) by code points (an invalid byte stays one unit). */
static eng_rc reverse_fn(exec_eval *x, const eng_vector *args, int n,
                         eng_vector *out)
{
    const eng_str *s = args[0].data;
    eng_str *r = out->data;
    for (int i = 0; i < n; i++) {
        if (!eng_vec_is_valid(out, i))
            continue;
        char *buf = eng_arena_alloc(x->a, (size_t)s[i].len + 1);
        if (!buf)
            return eng_err_oom(x->ctx->err);
        uint32_t pos = 0, o = s[i].len;
        while (pos < s[i].len) {
            uint32_t st = pos;
            exec_utf8_next(s[i].ptr, s[i].len, &pos);
            o -= pos - st;
            memcpy(buf + o, s[i].ptr + st, pos - st);
        }
        r[i].ptr = buf;
        r[i].len = s[i].len;
    }
    return ENG_OK;
}

/* ------------------------------------------------------------------ */
/* regular expressions (PCRE2)                                          */

static void *rx_malloc(size_t n, void *ud) { (void)ud; return eng_malloc(n); }
static void rx_free(void *p, void *ud) { (void)ud; eng_free(p); }

/* One compiled pattern, reused while the pattern text repeats. */
typedef struct rx_cache {
    pcre2_general_context *gc;
    pcre2_code *code;
    pcre2_match_data *md;
    eng_str pat;
    uint32_t ngroups;
} rx_cache;

static void rx_done(rx_cache *c)
{
    pcre2_match_data_free(c->md);
    pcre2_code_free(c->code);
    pcre2_general_context_free(c->gc);
    memset(c, 0, sizeof *c);
}

/* Compiles pat unless it is the cached one. 22023 for a bad pattern. */
static eng_rc rx_get(exec_eval *x, const plan_expr *e, rx_cache *c, eng_str pat)
{
    if (c->code && c->pat.len == pat.len &&
        (pat.len == 0 || !memcmp(c->pat.ptr, pat.ptr, pat.len)))
        return ENG_OK;
    if (!c->gc && !(c->gc = pcre2_general_context_create(rx_malloc, rx_free,
                                                          NULL)))
        return eng_err_oom(x->ctx->err);
    pcre2_match_data_free(c->md);
    pcre2_code_free(c->code);
    c->md = NULL;
    c->code = NULL;
    pcre2_compile_context *cc = pcre2_compile_context_create(c->gc);
    if (!cc)
        return eng_err_oom(x->ctx->err);
    int ec;
    PCRE2_SIZE eo;
    c->code = pcre2_compile((PCRE2_SPTR)(pat.len ? pat.ptr : ""), pat.len,
                            PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &ec, &eo, cc);
    pcre2_compile_context_free(cc);
    if (!c->code) {
        if (ec == PCRE2_ERROR_HEAP_FAILED || ec == PCRE2_ERROR_NOMEMORY)
            return eng_err_oom(x->ctx->err);
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(ec, msg, sizeof msg);
        eng_err_set(x->ctx->err, ENG_ERR_INVALID_PARAMETER_VALUE, e->pos,
                    "Invalid regular expression '%.*s': %s at offset %zu",
                    (int)(pat.len > 200 ? 200 : pat.len), pat.ptr,
                    (const char *)msg, (size_t)eo);
        return ENG_ERROR;
    }
    pcre2_pattern_info(c->code, PCRE2_INFO_CAPTURECOUNT, &c->ngroups);
    if (!(c->md = pcre2_match_data_create_from_pattern(c->code, c->gc)))
        return eng_err_oom(x->ctx->err);
    c->pat = pat;
    return ENG_OK;
}

/* Runs the cached pattern on s from byte start: 1 match, 0 none, or an
 * error (22023 when PCRE2 gives up, e.g. its match limit). */
static int rx_match(exec_eval *x, const plan_expr *e, rx_cache *c, eng_str s,
                    uint32_t start, uint32_t opts)
{
    int rc = pcre2_match(c->code, (PCRE2_SPTR)(s.len ? s.ptr : ""), s.len,
                         start, opts, c->md, NULL);
    if (rc >= 0)
        return 1;
    if (rc == PCRE2_ERROR_NOMATCH)
        return 0;
    if (rc == PCRE2_ERROR_NOMEMORY) {
        eng_err_oom(x->ctx->err);
        return -1;
    }
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(rc, msg, sizeof msg);
    eng_err_set(x->ctx->err, ENG_ERR_INVALID_PARAMETER_VALUE, e->pos,
                "Regular expression match failed: %s", (const char *)msg);
    return -1;
}

/* A growable output buffer in the evaluation arena. */
typedef struct obuf {
    char *p;
    size_t len, cap;
} obuf;

static bool ob_put(exec_eval *x, obuf *b, const char *s, size_t n)
{
    if (b->len + n > b->cap) {
        size_t nc = (b->cap + n) * 2 + 16;
        char *np = eng_arena_alloc(x->a, nc);
        if (!np)
            return false;
        if (b->len)
            memcpy(np, b->p, b->len);
        b->p = np;
        b->cap = nc;
    }
    if (n)
        memcpy(b->p + b->len, s, n);
    b->len += n;
    return true;
}

/*
 * Appends the replacement for the current match, Java style: $n (the
 * longest group number that exists, at least one digit), ${name}, and \c
 * for a literal c. 22023 "Illegal group reference" otherwise.
 */
static eng_rc append_repl(exec_eval *x, const plan_expr *e, rx_cache *c,
                          eng_str subj, eng_str rep, obuf *b)
{
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(c->md);
    for (uint32_t i = 0; i < rep.len; i++) {
        char ch = rep.ptr[i];
        if (ch == '\\') {
            if (++i >= rep.len)
                return bad_arg(x, e, "Character to be escaped is missing", "");
            if (!ob_put(x, b, rep.ptr + i, 1))
                return eng_err_oom(x->ctx->err);
            continue;
        }
        if (ch != '$') {
            if (!ob_put(x, b, &ch, 1))
                return eng_err_oom(x->ctx->err);
            continue;
        }
        int64_t g = -1;
        if (i + 1 < rep.len && rep.ptr[i + 1] == '{') {
            uint32_t j = i + 2;
            while (j < rep.len && rep.ptr[j] != '}')
                j++;
            if (j >= rep.len || j == i + 2)
                return bad_arg(x, e, "Illegal group reference", "");
            char name[128];
            size_t nl = j - (i + 2);
            if (nl >= sizeof name)
                return bad_arg(x, e, "Illegal group reference", "");
            memcpy(name, rep.ptr + i + 2, nl);
            name[nl] = 0;
            int num = pcre2_substring_number_from_name(c->code,
                                                       (PCRE2_SPTR)name);
            if (num < 0)
                return bad_arg(x, e, "No group with this name: ", name);
            g = num;
            i = j;
        } else {
            if (i + 1 >= rep.len || rep.ptr[i + 1] < '0' || rep.ptr[i + 1] > '9')
                return bad_arg(x, e, "Illegal group reference", "");
            g = rep.ptr[++i] - '0';
            if (g > (int64_t)c->ngroups)
                return bad_arg(x, e, "Illegal group reference: no such group",
                               "");
            while (i + 1 < rep.len && rep.ptr[i + 1] >= '0' &&
                   rep.ptr[i + 1] <= '9' &&
                   g * 10 + (rep.ptr[i + 1] - '0') <= (int64_t)c->ngroups)
                g = g * 10 + (rep.ptr[++i] - '0');
        }
        PCRE2_SIZE s0 = ov[2 * g], s1 = ov[2 * g + 1];
        if (s0 != PCRE2_UNSET && !ob_put(x, b, subj.ptr + s0, s1 - s0))
            return eng_err_oom(x->ctx->err);
    }
    return ENG_OK;
}

/* The three regexp functions over the valid rows. */
static eng_rc regexp_fn(exec_eval *x, const plan_expr *e, const char *f,
                        const eng_vector *args, int k, int n, eng_vector *out)
{
    rx_cache c;
    memset(&c, 0, sizeof c);
    const eng_str *s = args[0].data, *pat = args[1].data;
    eng_rc rc = ENG_OK;
    for (int i = 0; i < n && rc == ENG_OK; i++) {
        if (!eng_vec_is_valid(out, i))
            continue;
        if ((rc = rx_get(x, e, &c, pat[i])) != ENG_OK)
            break;
        eng_str subj = s[i];
        if (f[7] == 'l') {                       /* regexp_like */
            int m = rx_match(x, e, &c, subj, 0, 0);
            if (m < 0) { rc = ENG_ERROR; break; }
            ((uint8_t *)out->data)[i] = (uint8_t)m;
        } else if (f[7] == 'e') {                /* regexp_extract */
            int64_t g = k > 2 ? ival(&args[2], i) : 0;
            if (g < 0) {
                rc = bad_arg(x, e, "Group cannot be negative", "");
                break;
            }
            if (g > (int64_t)c.ngroups) {
                eng_err_set(x->ctx->err, ENG_ERR_INVALID_PARAMETER_VALUE,
                            e->pos, "Pattern has %u groups. Cannot access "
                            "group %lld", c.ngroups, (long long)g);
                rc = ENG_ERROR;
                break;
            }
            int m = rx_match(x, e, &c, subj, 0, 0);
            if (m < 0) { rc = ENG_ERROR; break; }
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(c.md);
            if (!m || ov[2 * g] == PCRE2_UNSET) {
                eng_vec_set_valid(out, i, false);
                continue;
            }
            ((eng_str *)out->data)[i].ptr = subj.ptr + ov[2 * g];
            ((eng_str *)out->data)[i].len = (uint32_t)(ov[2 * g + 1] - ov[2 * g]);
        } else {                                 /* regexp_replace */
            eng_str rep = { "", 0 };
            if (k > 2)
                rep = ((const eng_str *)args[2].data)[i];
            obuf b = { NULL, 0, 0 };
            uint32_t pos = 0, copied = 0;
            for (;;) {
                int m = pos <= subj.len ? rx_match(x, e, &c, subj, pos, 0) : 0;
                if (m < 0) { rc = ENG_ERROR; break; }
                if (!m)
                    break;
                PCRE2_SIZE *ov = pcre2_get_ovector_pointer(c.md);
                uint32_t ms = (uint32_t)ov[0], me = (uint32_t)ov[1];
                if (!ob_put(x, &b, subj.ptr + copied, ms - copied)) {
                    rc = eng_err_oom(x->ctx->err);
                    break;
                }
                if ((rc = append_repl(x, e, &c, subj, rep, &b)) != ENG_OK)
                    break;
                copied = me;
                if (me == ms) {          /* empty match: step one character */
                    if (me >= subj.len)
                        break;
                    uint32_t nx = me;
                    exec_utf8_next(subj.ptr, subj.len, &nx);
                    if (!ob_put(x, &b, subj.ptr + me, nx - me)) {
                        rc = eng_err_oom(x->ctx->err);
                        break;
                    }
                    copied = pos = nx;
                } else {
                    pos = me;
                }
            }
            if (rc != ENG_OK)
                break;
            if (copied < subj.len && !ob_put(x, &b, subj.ptr + copied,
                                             subj.len - copied)) {
                rc = eng_err_oom(x->ctx->err);
                break;
            }
            ((eng_str *)out->data)[i].ptr = b.p ? b.p : "";
            ((eng_str *)out->data)[i].len = (uint32_t)b.len;
        }
    }
    rx_done(&c);
    return rc;
}

/* ------------------------------------------------------------------ */
/* dispatch                                                             */

/*
 * Evaluates e (args[0..k) evaluated over n rows; out allocated, its
 * validity the AND of the arguments') when its name is one of this file's;
 * *found says whether it was.
 */
eng_rc exec_func_more(exec_eval *x, const plan_expr *e, eng_vector *args,
                      int k, int n, eng_vector *out, bool *found)
{
    const char *f = e->func;
    *found = true;
    if (out->type.id == ENG_T_DOUBLE && strcmp(f, "truncate") &&
        strcmp(f, "random") &&
        math_fn(f, args, k, n, out))
        return ENG_OK;
    if (!strcmp(f, "random"))
        return random_fn(x, e, args, k, n, out);
    if (!strcmp(f, "truncate")) {
        if (k == 2)
            truncate2_fn(&args[0], &args[1], n, out);
        else
            truncate_fn(&args[0], n, out);
        return ENG_OK;
    }
    if (!strcmp(f, "lpad") || !strcmp(f, "rpad"))
        return pad_fn(x, e, f[0] == 'l', args, n, out);
    if (!strcmp(f, "split_part"))
        return split_part_fn(x, e, args, n, out);
    if (!strcmp(f, "reverse"))
        return reverse_fn(x, args, n, out);
    if (!strcmp(f, "starts_with")) {
        const eng_str *s = args[0].data, *p = args[1].data;
        for (int i = 0; i < n; i++)
            if (eng_vec_is_valid(out, i))
                ((uint8_t *)out->data)[i] =
                    p[i].len <= s[i].len &&
                    (p[i].len == 0 || !memcmp(s[i].ptr, p[i].ptr, p[i].len));
        return ENG_OK;
    }
    if (!strncmp(f, "regexp_", 7))
        return regexp_fn(x, e, f, args, k, n, out);
    *found = false;
    return ENG_OK;
}
