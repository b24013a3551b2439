/*
 * engine/exec/expr_func.c
 *   The scalar functions of the engine over vectors: string functions
 *   (lower, upper, length, substr, trim, ltrim, rtrim (with an optional
 *   set of characters; whitespace as Java's), concat, replace,
 *   strpos), numeric ones (abs, round, ceil, ceiling, floor, mod, sign,
 *   greatest, least) and date parts (year, month, day).
 * Interface: exec_eval_func, exec_utf8_put, exec_put_text.
 * Not here: coalesce and nullif (lazy, in expr_eval.c); which functions
 *   exist and their types (binder/); math beyond these, more string
 *   functions and regexps (expr_func_more.c), the other date functions
 *   (expr_func_date.c), which exec_eval_func dispatches to.
 *
 * Every function here returns NULL when any argument is NULL (as Trino
 * does for these). Strings are UTF-8; positions and lengths count code
 * points. The binder has checked arity and types and inserted casts.
 */
#include <math.h>
#include <string.h>
#include <wctype.h>
#include "exec_int.h"

/* Simple lower-case mapping: ASCII, Latin-1, Latin Extended-A, Greek and
 * Cyrillic, then towlower for anything else. */
static uint32_t cp_lower(uint32_t c)
{
    if (c < 0x80)
        return (c >= 'A' && c <= 'Z') ? c + 32 : c;
    if ((c >= 0xC0 && c <= 0xDE && c != 0xD7) ||
        (c >= 0x391 && c <= 0x3AB && c != 0x3A2) ||
        (c >= 0x410 && c <= 0x42F))
        return c + 32;
    if (c >= 0x400 && c <= 0x40F)
        return c + 80;
    if (c == 0x178)
        return 0xFF;
    if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177))
        return c | 1;
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
        return (c & 1) ? c + 1 : c;
    return (uint32_t)towlower((wint_t)c);
}

/* Inverse of cp_lower. */
static uint32_t cp_upper(uint32_t c)
{
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') ? c - 32 : c;
    if ((c >= 0xE0 && c <= 0xFE && c != 0xF7) ||
        (c >= 0x3B1 && c <= 0x3CB && c != 0x3C2) ||
        (c >= 0x430 && c <= 0x44F))
        return c - 32;
    if (c >= 0x450 && c <= 0x45F)
        return c - 80;
    if (c == 0xFF)
        return 0x178;
    if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177))
        return c & ~1u;
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
        return (c & 1) ? c : c - 1;
    return (uint32_t)towupper((wint_t)c);
}

/* Copies buf[0..n) into x's arena as the string *r (exec_int.h). */
eng_rc exec_put_text(exec_eval *x, eng_str *r, const char *buf, int n)
{
    char *p = eng_arena_alloc(x->a, (size_t)n + 1);
    if (!p)
        return eng_err_oom(x->ctx->err);
    memcpy(p, buf, (size_t)n);
    r->ptr = p;
    r->len = (uint32_t)n;
    return ENG_OK;
}

/* Encodes c as UTF-8 into p; returns the byte count (exec_int.h). */
int exec_utf8_put(char *p, uint32_t c)
{
    if (c < 0x80) { p[0] = (char)c; return 1; }
    if (c < 0x800) {
        p[0] = (char)(0xC0 | (c >> 6));
        p[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        p[0] = (char)(0xE0 | (c >> 12));
        p[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        p[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    p[0] = (char)(0xF0 | (c >> 18));
    p[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    p[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    p[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

/* Number of code points in s. */
static int64_t cp_count(eng_str s)
{
    int64_t n = 0;
    for (uint32_t i = 0; i < s.len; i++)
        n += ((unsigned char)s.ptr[i] & 0xC0) != 0x80;
    return n;
}

/* Byte offset of code point k (0-based) of s, s.len past the end. */
static uint32_t cp_offset(eng_str s, int64_t k)
{
    uint32_t pos = 0;
    while (k > 0 && pos < s.len) {
        exec_utf8_next(s.ptr, s.len, &pos);
        k--;
    }
    return pos;
}

/* Case mapping of one string into arena a. */
static eng_rc map_case(exec_eval *x, eng_str s, bool upper, eng_str *out)
{
    char *buf = eng_arena_alloc(x->a, (size_t)s.len * 2 + 4);
    if (!buf)
        return eng_err_oom(x->ctx->err);
    uint32_t pos = 0, o = 0;
    while (pos < s.len) {
        uint32_t start = pos;
        uint32_t c = exec_utf8_next(s.ptr, s.len, &pos);
        if (pos - start == 1 && c >= 0x80) {   /* invalid byte: keep */
            buf[o++] = s.ptr[start];
            continue;
        }
        o += (uint32_t)exec_utf8_put(buf + o, upper ? cp_upper(c) : cp_lower(c));
    }
    out->ptr = buf;
    out->len = o;
    return ENG_OK;
}

/* substr(s, start[, len]) with Trino's rules (1-based, negative start
 * counts from the end, start 0 or out of range gives ''). */
static eng_str substr(eng_str s, int64_t start, bool has_len, int64_t len)
{
    eng_str empty = { s.ptr, 0 };
    if (start == 0 || (has_len && len <= 0))
        return empty;
    int64_t n = cp_count(s);
    if (start > 0) {
        if (start > n)
            return empty;
        start--;
    } else {
        start += n;
        if (start < 0)
            return empty;
    }
    int64_t end = n;
    if (has_len && len < n - start)
        end = start + len;
    uint32_t b = cp_offset(s, start);
    eng_str rest = { s.ptr + b, s.len - b };
    uint32_t e = cp_offset(rest, end - start);
    eng_str r = { s.ptr + b, e };
    return r;
}

/* strpos(s, sub): 1-based code point index of the first match, 0 if none. */
static int64_t strpos(eng_str s, eng_str sub)
{
    if (sub.len == 0)
        return 1;
    if (sub.len > s.len)
        return 0;
    for (uint32_t i = 0; i + sub.len <= s.len; i++)
        if (memcmp(s.ptr + i, sub.ptr, sub.len) == 0) {
            eng_str head = { s.ptr, i };
            return cp_count(head) + 1;
        }
    return 0;
}

/* Java's Character.isWhitespace, which Trino's trim uses: ASCII blanks
 * and controls 9-13 and 28-31, and the Unicode space separators that are
 * not no-break spaces. */
static bool is_ws(uint32_t c)
{
    return c == ' ' || (c >= 9 && c <= 13) || (c >= 28 && c <= 31) ||
           c == 0x1680 || (c >= 0x2000 && c <= 0x2006) ||
           (c >= 0x2008 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
           c == 0x205F || c == 0x3000;
}

/* Is code point c one of the code points of set? */
static bool in_set(uint32_t c, const eng_str *set)
{
    uint32_t pos = 0;
    while (pos < set->len)
        if (exec_utf8_next(set->ptr, set->len, &pos) == c)
            return true;
    return false;
}

/* trim/ltrim/rtrim: strips whitespace (set NULL) or the code points of
 * set from the left (l) and/or right (r) end. Shares s's bytes. */
static eng_str trim_str(eng_str s, const eng_str *set, bool l, bool r)
{
    uint32_t b = 0, en = s.len;
    while (l && b < en) {
        uint32_t nx = b, c = exec_utf8_next(s.ptr, en, &nx);
        if (set ? !in_set(c, set) : !is_ws(c))
            break;
        b = nx;
    }
    while (r && en > b) {
        uint32_t st = en - 1;
        while (st > b && ((unsigned char)s.ptr[st] & 0xC0) == 0x80)
            st--;
        uint32_t nx = st, c = exec_utf8_next(s.ptr, en, &nx);
        if (nx != en)             /* not one whole character: keep it */
            break;
        if (set ? !in_set(c, set) : !is_ws(c))
            break;
        en = st;
    }
    eng_str out = { s.ptr + b, en - b };
    return out;
}

/* replace(s, from, to); an empty `from` inserts `to` around every code
 * point, as Trino does. */
static eng_rc replace(exec_eval *x, eng_str s, eng_str from, eng_str to,
                      eng_str *out)
{
    size_t cap;
    if (from.len == 0)
        cap = (size_t)s.len + ((size_t)s.len + 1) * to.len;
    else
        cap = (size_t)s.len + (s.len / from.len + 1) * (size_t)to.len;
    char *buf = eng_arena_alloc(x->a, cap + 1);
    if (!buf)
        return eng_err_oom(x->ctx->err);
    size_t o = 0;
    if (from.len == 0) {
        uint32_t pos = 0;
        memcpy(buf, to.ptr, to.len);
        o = to.len;
        while (pos < s.len) {
            uint32_t st = pos;
            exec_utf8_next(s.ptr, s.len, &pos);
            memcpy(buf + o, s.ptr + st, pos - st);
            o += pos - st;
            if (to.len)
                memcpy(buf + o, to.ptr, to.len);
            o += to.len;
        }
    } else {
        uint32_t i = 0;
        while (i < s.len) {
            if (i + from.len <= s.len &&
                memcmp(s.ptr + i, from.ptr, from.len) == 0) {
                if (to.len)
                    memcpy(buf + o, to.ptr, to.len);
                o += to.len;
                i += from.len;
            } else {
                buf[o++] = s.ptr[i++];
            }
        }
    }
    out->ptr = buf;
    out->len = (uint32_t)o;
    return ENG_OK;
}

/* Reads integer element i of v as int64. */
static int64_t geti(const eng_vector *v, int i)
{
    switch (v->type.id) {
    case ENG_T_SMALLINT: return ((const int16_t *)v->data)[i];
    case ENG_T_INTEGER:
    case ENG_T_DATE: return ((const int32_t *)v->data)[i];
    case ENG_T_BIGINT: return ((const int64_t *)v->data)[i];
    default: return 0;
    }
}

/* Stores integer r into element i of an integer vector of type t, with the
 * range check; returns false on overflow. */
static bool puti(eng_vector *v, int i, int64_t r)
{
    int64_t lo, hi;
    eng_int_range(v->type, &lo, &hi);
    if (r < lo || r > hi)
        return false;
    switch (v->type.id) {
    case ENG_T_SMALLINT:   /* and tinyint */
        ((int16_t *)v->data)[i] = (int16_t)r; return true;
    case ENG_T_INTEGER:
        ((int32_t *)v->data)[i] = (int32_t)r; return true;
    default:
        ((int64_t *)v->data)[i] = r; return true;
    }
}

/* round(v, d) HALF_UP away from zero for a double. */
static double round_double(double v, int64_t d)
{
    if (isnan(v) || isinf(v))
        return v;
    if (d == 0)
        return round(v);
    if (d > 300 || d < -300)
        return d > 0 ? v : 0.0 * v;
    double f = pow(10.0, (double)d);
    double r = round(v * f) / f;
    return isfinite(r) ? r : v;
}

/* Floor/ceil of unscaled decimal v at scale s, as an integer count. */
static eng_int128 dec_floor_ceil(eng_int128 v, int s, bool ceil_)
{
    eng_int128 p = eng_pow10(s);
    eng_int128 q = v / p, r = v % p;
    if (r != 0 && ceil_ && v > 0)
        q++;
    if (r != 0 && !ceil_ && v < 0)
        q--;
    return q;
}

/* Numeric functions of one argument plus optional digits. */
static eng_rc numeric_fn(exec_eval *x, const plan_expr *e, const char *f,
                         eng_vector *a, const eng_vector *dv, int n,
                         eng_vector *out)
{
    eng_type_id t = a->type.id;
    for (int i = 0; i < n; i++) {
        if (!eng_vec_is_valid(out, i))
            continue;
        int64_t d = dv ? geti(dv, i) : 0;
        if (t == ENG_T_DOUBLE) {
            double v = ((const double *)a->data)[i], r = v;
            if (!strcmp(f, "abs")) r = fabs(v);
            else if (!strcmp(f, "round")) r = round_double(v, d);
            else if (!strcmp(f, "ceil") || !strcmp(f, "ceiling")) r = ceil(v);
            else if (!strcmp(f, "floor")) r = floor(v);
            else if (!strcmp(f, "sign"))
                r = isnan(v) ? v : v > 0 ? 1.0 : v < 0 ? -1.0 : 0.0;
            if (out->type.id == ENG_T_DOUBLE)
                ((double *)out->data)[i] = r;
            else if (!puti(out, i, (int64_t)r))
                return exec_err_overflow(x, e, out->type.id);
        } else if (eng_type_is_integer(t)) {
            int64_t v = geti(a, i), r = v;
            if (!strcmp(f, "abs")) {
                if (v == INT64_MIN)
                    return exec_err_overflow(x, e, out->type.id);
                r = v < 0 ? -v : v;
            } else if (!strcmp(f, "round") && d < 0) {
                if (d < -18) {
                    r = 0;
                } else {
                    int64_t p = 1;
                    for (int64_t k = 0; k < -d; k++) p *= 10;
                    int64_t q = v / p, rem = v % p;
                    if ((rem < 0 ? -rem : rem) * 2 >= p)
                        q += v < 0 ? -1 : 1;
                    if (__builtin_mul_overflow(q, p, &r))
                        return exec_err_overflow(x, e, out->type.id);
                }
            } else if (!strcmp(f, "sign")) {
                r = v > 0 ? 1 : v < 0 ? -1 : 0;
            }
            if (out->type.id == ENG_T_DOUBLE)
                ((double *)out->data)[i] = (double)r;
            else if (out->type.id == ENG_T_DECIMAL)
                ((eng_int128 *)out->data)[i] =
                    (eng_int128)r * eng_pow10(out->type.scale);
            else if (!puti(out, i, r))
                return exec_err_overflow(x, e, out->type.id);
        } else if (t == ENG_T_DECIMAL) {
            eng_int128 v = ((const eng_int128 *)a->data)[i], r = v;
            int s = a->type.scale, rs = s;   /* r is at scale rs */
            if (!strcmp(f, "abs")) {
                r = v < 0 ? -v : v;
            } else if (!strcmp(f, "round")) {
                if (d < s) {
                    if (d < -38 || s - d > 38) {
                        r = 0;   /* |v| < 10^38: under half the unit */
                    } else if (d >= 0) {
                        exec_dec_rescale(v, s, (int)d, &r);
                        rs = (int)d;
                    } else {
                        /* one rounding step from scale s to 10^-d: going
                         * through scale 0 first would round twice
                         * (round(4.5, -1) is 0, not 10) */
                        eng_int128 q;
                        exec_dec_div_round(v, eng_pow10((int)(s - d)), &q);
                        if (__builtin_mul_overflow(q, eng_pow10((int)-d), &r))
                            return exec_err_overflow(x, e, ENG_T_DECIMAL);
                        rs = 0;
                    }
                }
            } else if (!strcmp(f, "ceil") || !strcmp(f, "ceiling") ||
                       !strcmp(f, "floor")) {
                r = dec_floor_ceil(v, s, f[0] == 'c');
                rs = 0;
            } else if (!strcmp(f, "sign")) {
                r = v > 0 ? 1 : v < 0 ? -1 : 0;
                rs = 0;
            }
            if (out->type.id == ENG_T_DECIMAL) {
                if (exec_dec_rescale(r, rs, out->type.scale, &r) ||
                    !exec_dec_fits(r, out->type.precision))
                    return exec_err_overflow(x, e, ENG_T_DECIMAL);
                ((eng_int128 *)out->data)[i] = r;
            } else if (out->type.id == ENG_T_DOUBLE) {
                ((double *)out->data)[i] = (double)r / (double)eng_pow10(rs);
            } else {
                exec_dec_rescale(r, rs, 0, &r);
                if (r > INT64_MAX || r < INT64_MIN ||
                    !puti(out, i, (int64_t)r))
                    return exec_err_overflow(x, e, out->type.id);
            }
        }
    }
    return ENG_OK;
}

/* greatest/least over k argument vectors (already of e->type). */
static void greatest_least(const plan_expr *e, eng_vector *args, int k, int n,
                           eng_vector *out)
{
    bool great = e->func[0] == 'g';
    for (int i = 0; i < n; i++) {
        if (!eng_vec_is_valid(out, i))
            continue;
        int best = 0;
        for (int j = 1; j < k; j++) {
            int c = exec_elem_cmp(&args[j], i, &args[best], i);
            if (great ? c > 0 : c < 0)
                best = j;
        }
        exec_vec_copy_elem(out, i, &args[best], i);
    }
}

/*
 * Evaluates the PX_FUNC e over the selected rows: all arguments first,
 * NULL in any argument gives NULL. Unknown names fail with 42883.
 */
eng_rc exec_eval_func(exec_eval *x, const plan_expr *e, const int *sel, int n,
                    eng_vector *out)
{
    const char *f = e->func ? e->func : "";
    if (!strcmp(f, "mod")) {
        plan_expr m = *e;
        m.kind = PX_OP;
        m.op = PO_MOD;
        return exec_eval_sel(x, &m, sel, n, out);
    }
    int k = e->nargs;
    eng_vector *args = eng_arena_alloc(x->a, sizeof *args * (size_t)(k + 1));
    if (!args)
        return eng_err_oom(x->ctx->err);
    bool coerce_all = !strcmp(f, "greatest") || !strcmp(f, "least") ||
                      !strcmp(f, "concat");
    for (int j = 0; j < k; j++) {
        eng_rc rc = coerce_all
                        ? exec_eval_as(x, e->args[j], sel, n, e->type, &args[j])
                        : exec_eval_sel(x, e->args[j], sel, n, &args[j]);
        if (rc != ENG_OK)
            return rc;
    }
    eng_rc rc = exec_vec_alloc(x->a, e->type, n, out, x->ctx->err);
    if (rc != ENG_OK)
        return rc;
    for (int j = 0; j < k; j++)
        if (args[j].type.id == ENG_T_UNKNOWN)
            return ENG_OK;   /* all NULL */
    memset(out->validity, 0xFF, ((size_t)n + 7) / 8);
    for (int j = 0; j < k; j++)
        for (size_t b = 0; b < ((size_t)n + 7) / 8; b++)
            out->validity[b] &= args[j].validity[b];

    eng_str *rs = out->data;
    bool bin;
    if ((rc = exec_func_binary(x, e, args, k, n, out, &bin)) != ENG_OK || bin)
        return rc;
    if ((rc = exec_func_bitwise(x, e, args, k, n, out, &bin)) != ENG_OK || bin)
        return rc;
    if ((rc = exec_func_json(x, e, args, k, n, out, &bin)) != ENG_OK || bin)
        return rc;
    if (!strcmp(f, "lower") || !strcmp(f, "upper")) {
        const eng_str *s = args[0].data;
        for (int i = 0; i < n; i++)
            if (eng_vec_is_valid(out, i) &&
                (rc = map_case(x, s[i], f[0] == 'u', &rs[i])) != ENG_OK)
                return rc;
    } else if (!strcmp(f, "length")) {
        const eng_str *s = args[0].data;
        for (int i = 0; i < n; i++)
            if (eng_vec_is_valid(out, i))
                puti(out, i, cp_count(s[i]));
    } else if (!strcmp(f, "substr") || !strcmp(f, "substring")) {
        const eng_str *s = args[0].data;
        for (int i = 0; i < n; i++)
            if (eng_vec_is_valid(out, i))
                rs[i] = substr(s[i], geti(&args[1], i), k > 2,
                               k > 2 ? geti(&args[2], i) : 0);
    } else if (!strcmp(f, "trim") || !strcmp(f, "ltrim") ||
               !strcmp(f, "rtrim")) {
        const eng_str *s = args[0].data;
        const eng_str *set = k > 1 ? args[1].data : NULL;
        bool l = f[0] != 'r', r = f[0] != 'l';
        for (int i = 0; i < n; i++)
            if (eng_vec_is_valid(out, i))
                rs[i] = trim_str(s[i], set ? &set[i] : NULL, l, r);
    } else if (!strcmp(f, "concat")) {
        for (int i = 0; i < n; i++) {
            if (!eng_vec_is_valid(out, i))
                continue;
            size_t tot = 0;
            for (int j = 0; j < k; j++)
                tot += ((const eng_str *)args[j].data)[i].len;
            char *buf = eng_arena_alloc(x->a, tot + 1);
            if (!buf)
                return eng_err_oom(x->ctx->err);
            size_t o = 0;
            for (int j = 0; j < k; j++) {
                eng_str p = ((const eng_str *)args[j].data)[i];
                if (p.len)
                    memcpy(buf + o, p.ptr, p.len);
                o += p.len;
            }
            rs[i].ptr = buf;
            rs[i].len = (uint32_t)o;
        }
    } else if (!strcmp(f, "replace")) {
        const eng_str *s = args[0].data, *fr = args[1].data;
        for (int i = 0; i < n; i++) {
            if (!eng_vec_is_valid(out, i))
                continue;
            eng_str to = { "", 0 };
            if (k > 2)
                to = ((const eng_str *)args[2].data)[i];
            if ((rc = replace(x, s[i], fr[i], to, &rs[i])) != ENG_OK)
                return rc;
        }
    } else if (!strcmp(f, "strpos")) {
        const eng_str *s = args[0].data, *sub = args[1].data;
        for (int i = 0; i < n; i++)
            if (eng_vec_is_valid(out, i))
                puti(out, i, strpos(s[i], sub[i]));
    } else if (!strcmp(f, "abs") || !strcmp(f, "round") ||
               !strcmp(f, "ceil") || !strcmp(f, "ceiling") ||
               !strcmp(f, "floor") || !strcmp(f, "sign")) {
        return numeric_fn(x, e, f, &args[0], k > 1 ? &args[1] : NULL, n, out);
    } else if (!strcmp(f, "greatest") || !strcmp(f, "least")) {
        greatest_least(e, args, k, n, out);
    } else {
        bool found;
        if ((rc = exec_func_more(x, e, args, k, n, out, &found)) != ENG_OK ||
            found)
            return rc;
        /* before exec_func_date: date_trunc/add/diff over a value with a
         * time zone are exec_func_tz's */
        if ((rc = exec_func_tz(x, e, args, k, n, out, &found)) != ENG_OK ||
            found)
            return rc;
        if ((rc = exec_func_date(x, e, args, k, n, out, &found)) != ENG_OK ||
            found)
            return rc;
        if ((rc = exec_func_dtparse(x, e, args, k, n, out, &found)) != ENG_OK ||
            found)
            return rc;
        return eng_err_set(x->ctx->err, ENG_ERR_UNDEFINED_FUNCTION, e->pos,
                           "Function '%s' not registered", f);
    }
    return ENG_OK;
}
