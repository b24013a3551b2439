/*
 * engine/exec/expr_func_trino.c
 *   Trino's try(expr) and format(fmt, args...): both evaluate their own
 *   arguments (try to catch errors, format because a NULL argument
 *   prints "null" rather than making the result NULL).
 * Interface: exec_func_trino (exec_int.h); also "$arr_min" / "$arr_max",
 *   what min / max / min_by / max_by over arrays bind to
 *   (binder/bind_func_trino.c).
 * Not here: binding and result types (binder/bind_func_trino.c).
 *
 * try: the argument is evaluated over the whole selection first; when
 * that raises one of the errors Trino's TRY handles (DIVISION_BY_ZERO,
 * INVALID_CAST_ARGUMENT, INVALID_FUNCTION_ARGUMENT,
 * NUMERIC_VALUE_OUT_OF_RANGE: the engine's SQLSTATE class 22, data
 * exceptions) it is evaluated again row by row, so each failing row
 * alone becomes NULL. Other errors (out of memory, internal errors,
 * cancellation) propagate. Row-by-row evaluation sees the same live rows
 * the batch had, so lazily evaluated CASE branches stay lazy inside try.
 *
 * format: Java's java.util.Formatter over the Java values Trino's
 * FormatFunction makes (Boolean, Long for every integer type, Float,
 * Double, BigDecimal, String for varchar/char/json, LocalDate,
 * LocalTime, LocalDateTime): %[index$][flags][width][.precision]conv
 * with conversions b B s S d o x X e E f g G c C % n (and %<s, the
 * previous argument). Doubles print from their shortest round-trip
 * digits rounded half-up, as Java does (format('%.2f', 1.005e0) is
 * 1.01). A bad format string or an argument a conversion cannot take is
 * 22023 (Trino's INVALID_FUNCTION_ARGUMENT, "Invalid format string: ...
 * (Java exception: message)"); %h, %a and %t are 0A000.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "exec_int.h"
#include "../common/strbuf.h"
#include "../types/types_int.h"

/* ------------------------------------------------------------------ */
/* try                                                                 */
/* ------------------------------------------------------------------ */

/* Does Trino's TRY turn this error into NULL? */
static bool try_handles(const eng_error *err)
{
    return err->sqlstate[0] == '2' && err->sqlstate[1] == '2';
}

static eng_rc eval_try(exec_eval *x, const plan_expr *e, const int *sel,
                       int n, eng_vector *out)
{
    const plan_expr *a = e->args[0];
    eng_rc rc = exec_eval_sel(x, a, sel, n, out);
    if (rc != ENG_ERROR || !try_handles(x->ctx->err))
        return rc;
    eng_err_clear(x->ctx->err);
    if ((rc = exec_vec_alloc(x->a, e->type, n, out, x->ctx->err)) != ENG_OK)
        return rc;
    for (int i = 0; i < n; i++) {
        int row = sel ? sel[i] : i;
        eng_vector v;
        rc = exec_eval_sel(x, a, &row, 1, &v);
        if (rc == ENG_ERROR && try_handles(x->ctx->err)) {
            eng_err_clear(x->ctx->err);
            continue;       /* out[i] stays NULL */
        }
        if (rc != ENG_OK)
            return rc;
        if (v.type.id != ENG_T_UNKNOWN)
            exec_vec_copy_elem(out, i, &v, 0);
    }
    return ENG_OK;
}

/* ------------------------------------------------------------------ */
/* format: the Java values                                             */
/* ------------------------------------------------------------------ */

typedef enum { JV_NULL, JV_BOOL, JV_LONG, JV_FLOAT, JV_DOUBLE, JV_DECIMAL,
               JV_STRING, JV_DATE, JV_TIME, JV_DATETIME } jv_kind;

/* One argument as the Java object Trino hands to String.format. */
typedef struct jv {
    jv_kind k;
    bool b;
    int64_t i;          /* LONG; TIME/DATETIME: µs */
    double d;           /* FLOAT (widened), DOUBLE */
    eng_int128 dec;     /* DECIMAL unscaled */
    int scale;          /* DECIMAL */
    int32_t date;       /* DATE */
    eng_str s;          /* STRING */
    int pad_to;         /* STRING of a char(n): n code points, space-padded */
} jv;

static const char *jv_class(jv_kind k)
{
    switch (k) {
    case JV_BOOL: return "java.lang.Boolean";
    case JV_LONG: return "java.lang.Long";
    case JV_FLOAT: return "java.lang.Float";
    case JV_DOUBLE: return "java.lang.Double";
    case JV_DECIMAL: return "java.math.BigDecimal";
    case JV_STRING: return "java.lang.String";
    case JV_DATE: return "java.time.LocalDate";
    case JV_TIME: return "java.time.LocalTime";
    case JV_DATETIME: return "java.time.LocalDateTime";
    default: return "null";
    }
}

static jv jv_of(const eng_vector *v, int i)
{
    jv r;
    memset(&r, 0, sizeof r);
    eng_value val;
    exec_vec_get(v, i, &val);
    if (val.is_null)
        return r;
    switch (v->type.id) {
    case ENG_T_BOOLEAN: r.k = JV_BOOL; r.b = val.u.b; break;
    case ENG_T_SMALLINT: case ENG_T_INTEGER: case ENG_T_BIGINT:
        r.k = JV_LONG; r.i = val.u.i; break;
    case ENG_T_DOUBLE:
        r.k = eng_type_is_real(v->type) ? JV_FLOAT : JV_DOUBLE;
        r.d = val.u.d;
        break;
    case ENG_T_DECIMAL:
        r.k = JV_DECIMAL; r.dec = val.u.dec; r.scale = v->type.scale; break;
    case ENG_T_DATE: r.k = JV_DATE; r.date = val.u.date; break;
    case ENG_T_TIME: r.k = JV_TIME; r.i = val.u.i; break;
    case ENG_T_TIMESTAMP: r.k = JV_DATETIME; r.i = val.u.i; break;
    default:
        r.k = JV_STRING;
        r.s = val.u.s;
        if (eng_type_is_char(v->type))
            r.pad_to = v->type.length;
        break;
    }
    return r;
}

/* LocalTime.toString of us µs after midnight: HH:mm, then :ss when
 * seconds or fraction, then .SSS / .SSSSSS as the fraction needs. */
static void time_text(eng_strbuf *b, int64_t us)
{
    int64_t s = us / 1000000, f = us % 1000000;
    eng_sb_printf(b, "%02d:%02d", (int)(s / 3600), (int)(s / 60 % 60));
    if (s % 60 || f) {
        eng_sb_printf(b, ":%02d", (int)(s % 60));
        if (f % 1000 == 0 && f)
            eng_sb_printf(b, ".%03d", (int)(f / 1000));
        else if (f)
            eng_sb_printf(b, ".%06d", (int)f);
    }
}

static void date_text(eng_strbuf *b, int32_t days)
{
    char buf[32];
    int n = eng_date_format(days, buf, sizeof buf);
    eng_sb_add(b, buf, (size_t)(n > 0 ? n : 0));
}

/* Digits of |u| into dig (most significant first); their count. */
static int u128_digits(eng_int128 u, char *dig)
{
    if (u < 0)
        u = -u;
    char tmp[48];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + (int)(u % 10));
        u /= 10;
    } while (u);
    for (int i = 0; i < n; i++)
        dig[i] = tmp[n - 1 - i];
    return n;
}

/* BigDecimal.toString (scale >= 0): plain unless the adjusted exponent
 * is below -6 ("1E-7", "1.0E-7", "0E-8"). */
static void bigdec_text(eng_strbuf *b, eng_int128 u, int scale)
{
    char dig[48];
    int nd = u128_digits(u, dig);
    int adj = nd - 1 - scale;
    if (u < 0)
        eng_sb_putc(b, '-');
    if (scale == 0 || adj >= -6) {
        if (nd <= scale) {
            eng_sb_puts(b, "0.");
            for (int i = nd; i < scale; i++)
                eng_sb_putc(b, '0');
            eng_sb_add(b, dig, (size_t)nd);
        } else {
            eng_sb_add(b, dig, (size_t)(nd - scale));
            if (scale) {
                eng_sb_putc(b, '.');
                eng_sb_add(b, dig + nd - scale, (size_t)scale);
            }
        }
        return;
    }
    eng_sb_putc(b, dig[0]);
    if (nd > 1) {
        eng_sb_putc(b, '.');
        eng_sb_add(b, dig + 1, (size_t)(nd - 1));
    }
    eng_sb_printf(b, "E%d", adj);
}

/* Object.toString of the argument (what %s prints). */
static void jv_text(eng_strbuf *b, const jv *v)
{
    char buf[48];
    switch (v->k) {
    case JV_NULL: eng_sb_puts(b, "null"); break;
    case JV_BOOL: eng_sb_puts(b, v->b ? "true" : "false"); break;
    case JV_LONG: eng_sb_printf(b, "%lld", (long long)v->i); break;
    case JV_FLOAT: eng_sb_add(b, buf, (size_t)eng_real_text(v->d, buf, sizeof buf)); break;
    case JV_DOUBLE: eng_sb_add(b, buf, (size_t)eng_double_text(v->d, buf, sizeof buf)); break;
    case JV_DECIMAL: bigdec_text(b, v->dec, v->scale); break;
    case JV_STRING: {
        eng_sb_add(b, v->s.ptr, v->s.len);
        int cps = 0;
        for (uint32_t i = 0; i < v->s.len; i++)
            if (((unsigned char)v->s.ptr[i] & 0xC0) != 0x80)
                cps++;
        for (; cps < v->pad_to; cps++)
            eng_sb_putc(b, ' ');
        break;
    }
    case JV_DATE: date_text(b, v->date); break;
    case JV_TIME: time_text(b, v->i); break;
    case JV_DATETIME: {
        int64_t us = v->i, day = us / 86400000000LL;
        if (us % 86400000000LL < 0)
            day--;
        date_text(b, (int32_t)day);
        eng_sb_putc(b, 'T');
        time_text(b, us - day * 86400000000LL);
        break;
    }
    }
}

/* ------------------------------------------------------------------ */
/* format: the format string                                           */
/* ------------------------------------------------------------------ */

enum { F_LEFT = 1, F_ALT = 2, F_PLUS = 4, F_SPACE = 8, F_ZERO = 16,
       F_GROUP = 32, F_PAREN = 64, F_PREV = 128 };

/* One piece of the format: literal text, or a conversion. */
typedef struct fspec {
    const char *start;      /* the specifier's text (for messages) */
    int len;
    char conv;              /* 0: literal text start..len */
    int index;              /* explicit n$ (1-based), 0: ordinary */
    int flags;
    int width, prec;        /* -1: none */
} fspec;

/* 22023 in Trino's words: "Invalid format string: FMT (Exc: msg)". */
static eng_rc bad_format(exec_eval *x, const plan_expr *e, eng_str fmt,
                         const char *exc, const char *msg)
{
    return eng_err_set(x->ctx->err, ENG_ERR_INVALID_PARAMETER_VALUE, e->pos,
                       "Invalid format string: %.*s (%s: %s)",
                       (int)(fmt.len > 400 ? 400 : fmt.len), fmt.ptr, exc, msg);
}

static const char flag_chars[] = "-#+ 0,(<";

static void flags_text(int flags, char *buf)
{
    int n = 0;
    for (int k = 0; k < 8; k++)
        if (flags & (1 << k))
            buf[n++] = flag_chars[k];
    buf[n] = 0;
}

/* Checks a parsed specifier as java.util.Formatter's FormatSpecifier
 * constructor does. */
static eng_rc check_spec(exec_eval *x, const plan_expr *e, eng_str fmt,
                         const fspec *s)
{
    char m[96], fl[16];
    char c = s->conv;
    char lc = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    int f = s->flags;
    if (c == 'h' || c == 'H' || c == 'a' || c == 'A' || c == 't' || c == 'T')
        return eng_err_set(x->ctx->err, ENG_ERR_FEATURE_NOT_SUPPORTED, e->pos,
                           "format(): the %%%c conversion is not supported", c);
    if (c == 'n') {
        if (s->width >= 0) {
            snprintf(m, sizeof m, "%d", s->width);
            return bad_format(x, e, fmt, "IllegalFormatWidth", m);
        }
        if (s->prec >= 0) {
            snprintf(m, sizeof m, "%d", s->prec);
            return bad_format(x, e, fmt, "IllegalFormatPrecision", m);
        }
        if (f) {
            flags_text(f, fl);
            snprintf(m, sizeof m, "Flags = '%s'", fl);
            return bad_format(x, e, fmt, "IllegalFormatFlags", m);
        }
        return ENG_OK;
    }
    bool integral = lc == 'd' || lc == 'o' || lc == 'x';
    bool floating = lc == 'e' || lc == 'f' || lc == 'g';
    if (s->prec >= 0 && (integral || lc == 'c' || c == '%')) {
        snprintf(m, sizeof m, "%d", s->prec);
        return bad_format(x, e, fmt, "IllegalFormatPrecision", m);
    }
    int bad = 0;
    if (c == '%')
        bad = f & ~F_LEFT;
    else if (lc == 's' || lc == 'b' || lc == 'c')
        bad = f & (F_PLUS | F_SPACE | F_ZERO | F_GROUP | F_PAREN |
                   (lc == 's' ? 0 : F_ALT));
    else if (lc == 'd')
        bad = f & F_ALT;
    else if (lc == 'e')
        bad = f & F_GROUP;
    else if (lc == 'g')
        bad = f & F_ALT;
    if (lc == 's' && (f & F_ALT))
        bad = F_ALT;   /* no argument is a java.util.Formattable */
    if (bad) {
        int one = bad & -bad;
        flags_text(one, fl);
        if (c == '%') {
            snprintf(m, sizeof m, "Flags = '%s'", fl);
            return bad_format(x, e, fmt, "IllegalFormatFlags", m);
        }
        snprintf(m, sizeof m, "Conversion = %c, Flags = %s", c, fl);
        return bad_format(x, e, fmt, "FormatFlagsConversionMismatch", m);
    }
    if ((integral || floating) &&
        (((f & F_PLUS) && (f & F_SPACE)) || ((f & F_LEFT) && (f & F_ZERO)))) {
        flags_text(f & ~F_PREV, fl);
        snprintf(m, sizeof m, "Flags = '%s'", fl);
        return bad_format(x, e, fmt, "IllegalFormatFlags", m);
    }
    if ((f & (F_LEFT | F_ZERO)) && s->width < 0) {
        snprintf(m, sizeof m, "%.*s", s->len > 60 ? 60 : s->len, s->start);
        return bad_format(x, e, fmt, "MissingFormatWidth", m);
    }
    return ENG_OK;
}

/* Parses fmt into *specs (n of them) in x's arena, checking each. */
static eng_rc parse_format(exec_eval *x, const plan_expr *e, eng_str fmt,
                           fspec **specs, int *n)
{
    int cap = 8, k = 0;
    fspec *v = eng_arena_alloc(x->a, sizeof *v * (size_t)cap);
    if (!v)
        return eng_err_oom(x->ctx->err);
    const char *p = fmt.ptr, *end = fmt.ptr + fmt.len;
    while (p < end) {
        if (k == cap) {
            fspec *w = eng_arena_alloc(x->a, sizeof *v * (size_t)cap * 2);
            if (!w)
                return eng_err_oom(x->ctx->err);
            memcpy(w, v, sizeof *v * (size_t)cap);
            v = w;
            cap *= 2;
        }
        fspec *s = &v[k++];
        memset(s, 0, sizeof *s);
        s->start = p;
        s->width = s->prec = -1;
        if (*p != '%') {
            while (p < end && *p != '%')
                p++;
            s->len = (int)(p - s->start);
            continue;
        }
        p++;
        /* argument index: digits followed by '$' */
        const char *q = p;
        long num = 0;
        while (q < end && *q >= '0' && *q <= '9' && num < 100000000)
            num = num * 10 + (*q++ - '0');
        if (q > p && q < end && *q == '$') {
            s->index = (int)num;
            p = q + 1;
        }
        for (; p < end; p++) {
            const char *fc = strchr(flag_chars, *p);
            if (!fc || !*p)
                break;
            /* '0' after a width digit is the width; as a flag it comes
             * before any digit, which this loop sees first */
            int bit = 1 << (int)(fc - flag_chars);
            if (s->flags & bit) {
                char m[32];
                snprintf(m, sizeof m, "Flags = '%c'", *p);
                return bad_format(x, e, fmt, "DuplicateFormatFlags", m);
            }
            s->flags |= bit;
        }
        if (p < end && *p >= '1' && *p <= '9') {
            long w = 0;
            while (p < end && *p >= '0' && *p <= '9' && w < 100000000)
                w = w * 10 + (*p++ - '0');
            s->width = (int)w;
        }
        if (p < end && *p == '.') {
            p++;
            if (p >= end || *p < '0' || *p > '9') {
                char m[32];
                snprintf(m, sizeof m, "Conversion = '%c'",
                         p < end ? *p : '%');
                return bad_format(x, e, fmt, "UnknownFormatConversion", m);
            }
            long pr = 0;
            while (p < end && *p >= '0' && *p <= '9' && pr < 100000000)
                pr = pr * 10 + (*p++ - '0');
            s->prec = (int)pr;
        }
        if (p >= end)
            return bad_format(x, e, fmt, "UnknownFormatConversion",
                              "Conversion = '%'");
        char c = *p++;
        s->conv = c;
        s->len = (int)(p - s->start);
        if (!strchr("bBhHsScCdoxXeEfgGaAtTn%", c)) {
            char m[32];
            snprintf(m, sizeof m, "Conversion = '%c'", c);
            return bad_format(x, e, fmt, "UnknownFormatConversion", m);
        }
        if ((c == 't' || c == 'T') && p < end)
            p++;    /* the date/time suffix; refused by check_spec */
        eng_rc rc = check_spec(x, e, fmt, s);
        if (rc != ENG_OK)
            return rc;
    }
    *specs = v;
    *n = k;
    return ENG_OK;
}

/* ------------------------------------------------------------------ */
/* format: printing one conversion                                     */
/* ------------------------------------------------------------------ */

/* Appends s (n bytes) padded to width code points (left: pad right). */
static void pad(eng_strbuf *b, const char *s, size_t n, int width, bool left)
{
    int cps = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            cps++;
    if (!left)
        for (int i = cps; i < width; i++)
            eng_sb_putc(b, ' ');
    eng_sb_add(b, s, n);
    if (left)
        for (int i = cps; i < width; i++)
            eng_sb_putc(b, ' ');
}

/* ASCII upper case of b's text from byte `from` on (Java upper-cases the
 * whole result of %S, %X, %E, ...; non-ASCII letters keep their case here). */
static void upper_from(eng_strbuf *b, size_t from)
{
    if (b->oom || !b->buf)
        return;
    for (size_t i = from; i < b->len; i++)
        if (b->buf[i] >= 'a' && b->buf[i] <= 'z')
            b->buf[i] = (char)(b->buf[i] - 32);
}

/* Inserts ',' every 3 digits into the integer digits int_[0..n). */
static void put_grouped(eng_strbuf *b, const char *d, int n, bool group)
{
    for (int i = 0; i < n; i++) {
        eng_sb_putc(b, d[i]);
        if (group && (n - 1 - i) % 3 == 0 && i < n - 1)
            eng_sb_putc(b, ',');
    }
}

/*
 * Writes a number given by its sign and body text (digits, grouping,
 * point, exponent; already final) with Java's sign, '(' , '0' and width
 * handling into b.
 */
static void put_number(eng_strbuf *b, const fspec *s, bool neg,
                       const char *body, size_t n, bool finite)
{
    eng_strbuf t;
    eng_sb_init(&t, b->arena);
    if (neg)
        eng_sb_putc(&t, (s->flags & F_PAREN) ? '(' : '-');
    else if (s->flags & F_PLUS)
        eng_sb_putc(&t, '+');
    else if (s->flags & F_SPACE)
        eng_sb_putc(&t, ' ');
    size_t sign = t.len;
    if ((s->flags & F_ZERO) && finite) {
        int used = (int)(sign + n + (neg && (s->flags & F_PAREN) ? 1 : 0));
        for (int i = used; i < s->width; i++)
            eng_sb_putc(&t, '0');
    }
    eng_sb_add(&t, body, n);
    if (neg && (s->flags & F_PAREN))
        eng_sb_putc(&t, ')');
    if (t.oom) {
        b->oom = true;
        return;
    }
    pad(b, t.buf ? t.buf : "", t.len, s->width, s->flags & F_LEFT);
}

/*
 * Rounds the decimal digits dig[0..nd) (value 0.d1d2.. * 10^e10) half up
 * (away from zero) to their first `keep` digits, into out: returns the
 * count of digits kept (0: the value rounds to zero); a carry out of the
 * first digit gives "1" with *e10 one higher.
 */
static int round_digits(const char *dig, int nd, int *e10, int keep, char *out)
{
    if (keep >= nd) {
        memcpy(out, dig, (size_t)nd);
        return nd;
    }
    if (keep < 0)
        return 0;
    memcpy(out, dig, (size_t)keep);
    int k = keep;
    if (dig[keep] >= '5') {
        int i = k - 1;
        while (i >= 0 && out[i] == '9')
            i--;
        if (i < 0) {
            out[0] = '1';
            (*e10)++;
            return 1;
        }
        out[i]++;
        k = i + 1;
    }
    return k;
}

/* Significant digits of a float/double/decimal argument: value =
 * 0.dig * 10^e10; nd digits (0 for zero). */
static int num_digits(const jv *v, char *dig, int *e10, bool *neg)
{
    if (v->k == JV_DECIMAL) {
        int nd = u128_digits(v->dec, dig);
        *neg = v->dec < 0;
        *e10 = nd - v->scale;
        if (v->dec == 0)
            return 0;
        while (nd > 1 && dig[nd - 1] == '0')
            nd--;
        return nd;
    }
    *neg = signbit(v->d) != 0;
    if (v->d == 0) {
        *e10 = 1;
        return 0;
    }
    int nd = eng_double_digits(v->d, dig, e10);
    return nd;
}

/* Fixed notation with prec places into body. */
static void fixed_text(eng_strbuf *body, const char *dig, int nd, int e10,
                       int prec, bool group)
{
    char r[128];
    int k = nd ? round_digits(dig, nd, &e10, e10 + prec, r) : 0;
    /* integer part: digits r[0..e10) (zeros past k), or "0" */
    int ni = e10 > 0 ? e10 : 1;
    for (int i = 0; i < ni; i++) {
        eng_sb_putc(body, e10 > 0 && i < k ? r[i] : '0');
        if (group && (ni - 1 - i) % 3 == 0 && i < ni - 1)
            eng_sb_putc(body, ',');
    }
    if (prec > 0) {
        eng_sb_putc(body, '.');
        for (int i = 0; i < prec; i++) {
            int pos = e10 + i;    /* index into r */
            eng_sb_putc(body, pos >= 0 && pos < k ? r[pos] : '0');
        }
    }
}

/* Scientific notation d.ddde+XX with prec places into body. */
static void sci_text(eng_strbuf *body, const char *dig, int nd, int e10,
                     int prec)
{
    char r[128];
    int k = 0, exp = 0;
    if (nd) {
        int e = e10;
        k = round_digits(dig, nd, &e, prec + 1, r);
        exp = e - 1;
    }
    eng_sb_putc(body, k ? r[0] : '0');
    if (prec > 0) {
        eng_sb_putc(body, '.');
        for (int i = 1; i <= prec; i++)
            eng_sb_putc(body, i < k ? r[i] : '0');
    }
    eng_sb_printf(body, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
}

/* Prints one conversion of argument v (NULL for %% and %n). */
static eng_rc print_spec(exec_eval *x, const plan_expr *e, eng_str fmt,
                         eng_strbuf *b, const fspec *s, const jv *v)
{
    char c = s->conv;
    char lc = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    bool upper = c >= 'A' && c <= 'Z';
    bool left = s->flags & F_LEFT;
    size_t from = b->len;
    char m[96];
    if (c == '%') {
        pad(b, "%", 1, s->width, left);
        return ENG_OK;
    }
    if (c == 'n') {
        eng_sb_putc(b, '\n');
        return ENG_OK;
    }
    if (lc == 's' || lc == 'b' || (v->k == JV_NULL)) {
        eng_strbuf t;
        eng_sb_init(&t, x->a);
        if (lc == 'b')
            eng_sb_puts(&t, v->k == JV_NULL ? "false"
                        : v->k == JV_BOOL ? (v->b ? "true" : "false") : "true");
        else
            jv_text(&t, v);
        if (t.oom)
            return eng_err_oom(x->ctx->err);
        size_t n = t.len;
        const char *p = t.buf ? t.buf : "";
        if (s->prec >= 0) {     /* at most prec code points */
            size_t i = 0;
            int cps = 0;
            while (i < n && cps < s->prec) {
                i++;
                while (i < n && ((unsigned char)p[i] & 0xC0) == 0x80)
                    i++;
                cps++;
            }
            n = i;
        }
        pad(b, p, n, s->width, left);
        if (upper)
            upper_from(b, from);
        return ENG_OK;
    }
    bool integral = lc == 'd' || lc == 'o' || lc == 'x';
    bool floating = lc == 'e' || lc == 'f' || lc == 'g';
    if (lc == 'c' || (integral && v->k != JV_LONG) ||
        (floating && v->k != JV_FLOAT && v->k != JV_DOUBLE &&
         v->k != JV_DECIMAL)) {
        snprintf(m, sizeof m, "%c != %s", c, jv_class(v->k));
        return bad_format(x, e, fmt, "IllegalFormatConversion", m);
    }
    eng_strbuf body;
    eng_sb_init(&body, x->a);
    bool neg = false, finite = true;
    if (lc == 'd') {
        char dig[32];
        uint64_t u = v->i < 0 ? (uint64_t)0 - (uint64_t)v->i : (uint64_t)v->i;
        int nd = snprintf(dig, sizeof dig, "%llu", (unsigned long long)u);
        neg = v->i < 0;
        put_grouped(&body, dig, nd, s->flags & F_GROUP);
    } else if (lc == 'o' || lc == 'x') {
        /* Long in two's complement, as Long.toHexString / toOctalString */
        char dig[32];
        int nd = snprintf(dig, sizeof dig, lc == 'o' ? "%llo" : "%llx",
                          (unsigned long long)(uint64_t)v->i);
        int len = nd + ((s->flags & F_ALT) ? (lc == 'o' ? 1 : 2) : 0);
        if (s->flags & F_ALT)
            eng_sb_puts(&body, lc == 'o' ? "0" : "0x");
        if (s->flags & F_ZERO)
            for (int i = len; i < s->width; i++)
                eng_sb_putc(&body, '0');
        eng_sb_add(&body, dig, (size_t)nd);
        if (body.oom)
            return eng_err_oom(x->ctx->err);
        pad(b, body.buf, body.len, s->width, left);
        if (upper)
            upper_from(b, from);
        return ENG_OK;
    } else {
        double d = v->d;
        if (v->k != JV_DECIMAL && !isfinite(d)) {
            finite = false;
            neg = d < 0;
            eng_sb_puts(&body, isnan(d) ? "NaN" : "Infinity");
        } else {
            char dig[64];
            int e10;
            int nd = num_digits(v, dig, &e10, &neg);
            int prec = s->prec < 0 ? 6 : s->prec;
            if (lc == 'f')
                fixed_text(&body, dig, nd, e10, prec, s->flags & F_GROUP);
            else if (lc == 'e')
                sci_text(&body, dig, nd, e10, prec);
            else {
                /* %g: prec significant digits; fixed when the rounded
                 * value is in [1e-4, 10^prec), else scientific */
                if (prec == 0)
                    prec = 1;
                char r[128];
                int e = e10;
                if (nd)
                    round_digits(dig, nd, &e, prec, r);
                int exp = e - 1;
                if (!nd || (exp >= -4 && exp < prec))
                    fixed_text(&body, dig, nd, e10,
                               nd ? prec - 1 - exp : prec - 1,
                               s->flags & F_GROUP);
                else
                    sci_text(&body, dig, nd, e10, prec - 1);
            }
        }
    }
    if (body.oom)
        return eng_err_oom(x->ctx->err);
    /* NaN has no sign */
    if (!finite && isnan(v->d))
        neg = false;
    put_number(b, s, neg, body.buf ? body.buf : "", body.len, finite);
    if (upper)
        upper_from(b, from);
    return ENG_OK;
}

/* format(fmt, args...) over the selected rows. */
static eng_rc eval_format(exec_eval *x, const plan_expr *e, const int *sel,
                          int n, eng_vector *out)
{
    int k = e->nargs;
    eng_vector *args = eng_arena_alloc(x->a, sizeof *args * (size_t)k);
    jv *vals = eng_arena_alloc(x->a, sizeof *vals * (size_t)k);
    if (!args || !vals)
        return eng_err_oom(x->ctx->err);
    for (int j = 0; j < k; j++) {
        eng_rc rc = exec_eval_sel(x, e->args[j], sel, n, &args[j]);
        if (rc != ENG_OK)
            return rc;
    }
    eng_rc rc = exec_vec_alloc(x->a, e->type, n, out, x->ctx->err);
    if (rc != ENG_OK)
        return rc;
    if (args[0].type.id == ENG_T_UNKNOWN)
        return ENG_OK;
    const eng_str *fmts = args[0].data;
    eng_str *rs = out->data;
    eng_str last = { NULL, 0 };
    fspec *specs = NULL;
    int nspecs = 0;
    for (int i = 0; i < n; i++) {
        if (!eng_vec_is_valid(&args[0], i))
            continue;
        eng_str fmt = fmts[i];
        /* the format of a column is parsed again only when it changes */
        if (!specs || fmt.len != last.len ||
            (fmt.len && memcmp(fmt.ptr, last.ptr, fmt.len))) {
            if ((rc = parse_format(x, e, fmt, &specs, &nspecs)) != ENG_OK)
                return rc;
            last = fmt;
        }
        for (int j = 1; j < k; j++)
            vals[j] = jv_of(&args[j], i);
        eng_strbuf b;
        eng_sb_init(&b, x->a);
        int ordinary = 0, prev = -1;
        for (int j = 0; j < nspecs; j++) {
            const fspec *s = &specs[j];
            if (!s->conv) {
                eng_sb_add(&b, s->start, (size_t)s->len);
                continue;
            }
            int ai = -1;
            if (s->conv != '%' && s->conv != 'n') {
                char m[80];
                if (s->flags & F_PREV)
                    ai = prev;
                else if (s->index > 0)
                    ai = s->index - 1;
                else
                    ai = ordinary++;
                if (ai < 0 || ai >= k - 1) {
                    snprintf(m, sizeof m, "Format specifier '%.*s'",
                             s->len > 40 ? 40 : s->len, s->start);
                    return bad_format(x, e, fmt, "MissingFormatArgument", m);
                }
                prev = ai;
            }
            if ((rc = print_spec(x, e, fmt, &b, s,
                                 ai >= 0 ? &vals[ai + 1] : NULL)) != ENG_OK)
                return rc;
        }
        if (b.oom)
            return eng_err_oom(x->ctx->err);
        rs[i].ptr = b.buf ? b.buf : "";
        rs[i].len = (uint32_t)b.len;
        eng_vec_set_valid(out, i, true);
    }
    return ENG_OK;
}

/* ------------------------------------------------------------------ */
/* min / max / min_by / max_by over arrays                             */
/* ------------------------------------------------------------------ */

/* Trino's ordering of a[ia] and b[ib] (same type): -1, 0, 1; *hit set
 * when the answer needed a NULL element (Trino refuses then). Arrays go
 * element by element, then the shorter first. */
static int order_cmp(const eng_vector *a, int ia, const eng_vector *b, int ib,
                     bool *hit)
{
    if (a->type.id != ENG_T_ARRAY)
        return exec_elem_cmp(a, ia, b, ib);
    eng_type et = eng_type_elem(a->type);
    eng_arr x = ((const eng_arr *)a->data)[ia];
    eng_arr y = ((const eng_arr *)b->data)[ib];
    eng_vector ex, ey;
    eng_arr_view(et, x, &ex);
    eng_arr_view(et, y, &ey);
    uint32_t m = x.n < y.n ? x.n : y.n;
    for (uint32_t k = 0; k < m; k++) {
        if (et.id == ENG_T_UNKNOWN || !eng_vec_is_valid(&ex, (int)k) ||
            !eng_vec_is_valid(&ey, (int)k)) {
            *hit = true;
            return 0;
        }
        int c = order_cmp(&ex, (int)k, &ey, (int)k, hit);
        if (c || *hit)
            return c;
    }
    return x.n < y.n ? -1 : x.n > y.n;
}

/*
 * "$arr_min" / "$arr_max"(vals [, keys]): the first / last element of
 * vals, an aggregate's values collected in key order (binder's
 * bind_agg_over_arrays); keys, when given, are those array keys in the
 * same order, and any two neighbours whose order needs a NULL element
 * fail with Trino's NOT_SUPPORTED (0A000).
 */
static eng_rc eval_arr_pick(exec_eval *x, const plan_expr *e, const int *sel,
                            int n, eng_vector *out)
{
    eng_vector v[2];
    for (int j = 0; j < e->nargs; j++) {
        eng_rc rc = exec_eval_sel(x, e->args[j], sel, n, &v[j]);
        if (rc != ENG_OK)
            return rc;
    }
    eng_rc rc = exec_vec_alloc(x->a, e->type, n, out, x->ctx->err);
    if (rc != ENG_OK || v[0].type.id == ENG_T_UNKNOWN)
        return rc;
    bool is_max = !strcmp(e->func, "$arr_max");
    eng_type et = eng_type_elem(v[0].type);
    for (int i = 0; i < n; i++) {
        if (!eng_vec_is_valid(&v[0], i))
            continue;
        eng_arr a = ((const eng_arr *)v[0].data)[i];
        if (a.n == 0)
            continue;
        if (e->nargs > 1 && eng_vec_is_valid(&v[1], i)) {
            eng_arr k = ((const eng_arr *)v[1].data)[i];
            eng_vector kv;
            eng_arr_view(eng_type_elem(v[1].type), k, &kv);
            for (uint32_t j = 0; j + 1 < k.n; j++) {
                bool hit = false;
                order_cmp(&kv, (int)j, &kv, (int)j + 1, &hit);
                if (hit)
                    return eng_err_set(x->ctx->err, ENG_ERR_FEATURE_NOT_SUPPORTED,
                                       e->pos, "ARRAY comparison not supported "
                                       "for arrays with null elements");
            }
        }
        eng_vector av;
        eng_arr_view(et, a, &av);
        if (et.id != ENG_T_UNKNOWN)
            exec_vec_copy_elem(out, i, &av, is_max ? (int)a.n - 1 : 0);
    }
    return ENG_OK;
}

/* See exec_int.h. */
eng_rc exec_sort_check_arrays(exec_ctx *ctx, const exec_rowstore *rs,
                              const int64_t *order, int c0, int nkeys)
{
    bool any = false;
    for (int k = 0; k < nkeys && !any; k++)
        any = rs->types[c0 + k].id == ENG_T_ARRAY;
    for (int64_t r = 0; any && r + 1 < rs->nrows; r++) {
        for (int k = 0; k < nkeys; k++) {
            int ia, ib;
            const eng_vector *va = exec_rs_vec(rs, order[r], c0 + k, &ia);
            const eng_vector *vb = exec_rs_vec(rs, order[r + 1], c0 + k, &ib);
            bool na = va->type.id == ENG_T_UNKNOWN || !eng_vec_is_valid(va, ia);
            bool nb = vb->type.id == ENG_T_UNKNOWN || !eng_vec_is_valid(vb, ib);
            if (na || nb) {
                if (na && nb)
                    continue;
                break;
            }
            bool hit = false;
            int c = order_cmp(va, ia, vb, ib, &hit);
            if (hit)
                return eng_err_set(ctx->err, ENG_ERR_FEATURE_NOT_SUPPORTED, 0,
                                   "ARRAY comparison not supported for "
                                   "arrays with null elements");
            if (c)
                break;
        }
    }
    return ENG_OK;
}

/* ------------------------------------------------------------------ */
/* CAST(array AS json), CAST(json AS array)                            */
/* ------------------------------------------------------------------ */

/* Appends element i of v (any type the binder let through) as JSON. */
static eng_rc put_json(exec_eval *x, eng_strbuf *b, const eng_vector *v, int i)
{
    if (v->type.id == ENG_T_UNKNOWN || !eng_vec_is_valid(v, i)) {
        eng_sb_puts(b, "null");
        return ENG_OK;
    }
    if (v->type.id == ENG_T_ARRAY) {
        eng_arr a = ((const eng_arr *)v->data)[i];
        eng_vector ev;
        eng_arr_view(eng_type_elem(v->type), a, &ev);
        eng_sb_putc(b, '[');
        for (uint32_t k = 0; k < a.n; k++) {
            if (k)
                eng_sb_putc(b, ',');
            eng_rc rc = put_json(x, b, &ev, (int)k);
            if (rc != ENG_OK)
                return rc;
        }
        eng_sb_putc(b, ']');
        return ENG_OK;
    }
    eng_value val;
    exec_vec_get(v, i, &val);
    if (v->type.id == ENG_T_DATE || v->type.id == ENG_T_TIMESTAMP) {
        /* Trino writes them as JSON strings of their text */
        char *t = eng_value_to_text(x->a, &val);
        if (!t)
            return eng_err_oom(x->ctx->err);
        eng_sb_printf(b, "\"%s\"", t);
        return ENG_OK;
    }
    eng_str js;
    eng_rc rc = eng_json_from_value(x->a, &val, &js, x->ctx->err);
    if (rc != ENG_OK)
        return rc;
    eng_sb_add(b, js.ptr, js.len);
    return ENG_OK;
}

static eng_rc eval_array_to_json(exec_eval *x, const plan_expr *e,
                                 const int *sel, int n, eng_vector *out)
{
    eng_vector v;
    eng_rc rc = exec_eval_sel(x, e->args[0], sel, n, &v);
    if (rc == ENG_OK)
        rc = exec_vec_alloc(x->a, e->type, n, out, x->ctx->err);
    if (rc != ENG_OK || v.type.id == ENG_T_UNKNOWN)
        return rc;
    eng_str *rs = out->data;
    for (int i = 0; i < n; i++) {
        if (!eng_vec_is_valid(&v, i))
            continue;
        eng_strbuf b;
        eng_sb_init(&b, x->a);
        if ((rc = put_json(x, &b, &v, i)) != ENG_OK)
            return rc;
        if (b.oom)
            return eng_err_oom(x->ctx->err);
        rs[i].ptr = b.buf;
        rs[i].len = (uint32_t)b.len;
        eng_vec_set_valid(out, i, true);
    }
    return ENG_OK;
}

/* Length of the canonical JSON value starting at p (< end). */
static size_t json_value_len(const char *p, const char *end)
{
    const char *q = p;
    int depth = 0;
    bool str = false;
    for (; q < end; q++) {
        char c = *q;
        if (str) {
            if (c == '\\')
                q++;
            else if (c == '"')
                str = false;
            if (!str && depth == 0)
                return (size_t)(q - p + 1);
            continue;
        }
        if (c == '"')
            str = true;
        else if (c == '[' || c == '{')
            depth++;
        else if (c == ']' || c == '}') {
            if (depth == 0)
                break;
            if (--depth == 0)
                return (size_t)(q - p + 1);
        } else if (c == ',' && depth == 0)
            break;
    }
    return (size_t)(q - p);
}

/* 22018 in Trino's words: "Cannot cast to array(T). <why>". */
static eng_rc bad_json_cast(exec_eval *x, const plan_expr *e, eng_type t,
                            const char *why)
{
    char tn[128];
    return eng_err_set(x->ctx->err, ENG_ERR_INVALID_CHARACTER_VALUE_FOR_CAST,
                       e->pos, "Cannot cast to %s. %s",
                       eng_type_name(t, tn, sizeof tn), why);
}

/* The json doc (canonical text) as array type t into *r, is_null for a
 * JSON null; elements cast as Trino's json casts do. */
static eng_rc json_to_array(exec_eval *x, const plan_expr *e, eng_str doc,
                            eng_type t, bool *is_null, eng_arr *r)
{
    const char *p = doc.ptr, *end = doc.ptr + doc.len;
    *is_null = false;
    if (doc.len == 4 && !memcmp(p, "null", 4)) {
        *is_null = true;
        return ENG_OK;
    }
    if (doc.len < 2 || p[0] != '[') {
        char why[96];
        snprintf(why, sizeof why, "Expected a json array, but got %.40s",
                 doc.len ? (p[0] == '{' ? "{" : p) : "");
        return bad_json_cast(x, e, t, why);
    }
    /* count the elements */
    uint32_t cnt = 0;
    for (const char *q = p + 1; q < end - 1;) {
        q += json_value_len(q, end - 1);
        cnt++;
        if (q < end - 1 && *q == ',')
            q++;
    }
    eng_type et = eng_type_elem(t);
    eng_vector ev;
    eng_rc rc = eng_arr_new(x->a, et, cnt, r, &ev, x->ctx->err);
    if (rc != ENG_OK)
        return rc;
    uint32_t k = 0;
    for (const char *q = p + 1; q < end - 1 && k < cnt; k++) {
        size_t len = json_value_len(q, end - 1);
        eng_str el = { q, (uint32_t)len };
        q += len;
        if (q < end - 1 && *q == ',')
            q++;
        eng_value v, cv;
        memset(&v, 0, sizeof v);
        if (et.id == ENG_T_JSON) {   /* the element's text, null included */
            v.type = et;
            v.u.s = el;
            exec_vec_set(&ev, (int)k, &v);
            continue;
        }
        if (len == 4 && !memcmp(el.ptr, "null", 4))
            continue;                /* stays NULL */
        if (et.id == ENG_T_ARRAY) {
            bool nul;
            eng_arr sub;
            if ((rc = json_to_array(x, e, el, et, &nul, &sub)) != ENG_OK)
                return rc;
            if (!nul)
                ((eng_arr *)ev.data)[k] = sub, eng_vec_set_valid(&ev, (int)k, true);
            continue;
        }
        if (el.ptr[0] == '[' || el.ptr[0] == '{') {
            char why[64];
            snprintf(why, sizeof why, "Unexpected token when cast to %s: %c",
                     et.id == ENG_T_VARCHAR ? "varchar" : "a scalar", el.ptr[0]);
            return bad_json_cast(x, e, t, why);
        }
        v.type = eng_type_make(ENG_T_JSON);
        v.u.s = el;
        rc = eng_json_cast(x->a, &v, et, &cv, x->ctx->err);
        if (rc == ENG_ERROR) {
            char why[ENG_ERR_MSG_MAX / 2];
            snprintf(why, sizeof why, "%.400s", x->ctx->err->message);
            return bad_json_cast(x, e, t, why);
        }
        if (rc != ENG_OK)
            return rc;
        exec_vec_set(&ev, (int)k, &cv);
    }
    return ENG_OK;
}

static eng_rc eval_json_to_array(exec_eval *x, const plan_expr *e,
                                 const int *sel, int n, eng_vector *out)
{
    eng_vector v;
    eng_rc rc = exec_eval_sel(x, e->args[0], sel, n, &v);
    if (rc == ENG_OK)
        rc = exec_vec_alloc(x->a, e->type, n, out, x->ctx->err);
    if (rc != ENG_OK || v.type.id == ENG_T_UNKNOWN)
        return rc;
    const eng_str *docs = v.data;
    for (int i = 0; i < n; i++) {
        if (!eng_vec_is_valid(&v, i))
            continue;
        bool nul;
        eng_arr r;
        if ((rc = json_to_array(x, e, docs[i], e->type, &nul, &r)) != ENG_OK)
            return rc;
        if (!nul) {
            ((eng_arr *)out->data)[i] = r;
            eng_vec_set_valid(out, i, true);
        }
    }
    return ENG_OK;
}

/*
 * try and format over the rows sel[0..n) into out; *found false (and
 * nothing done) when e->func is neither.
 */
eng_rc exec_func_trino(exec_eval *x, const plan_expr *e, const int *sel,
                       int n, eng_vector *out, bool *found)
{
    *found = true;
    if (!strcmp(e->func, "try"))
        return eval_try(x, e, sel, n, out);
    if (!strcmp(e->func, "format"))
        return eval_format(x, e, sel, n, out);
    if (!strcmp(e->func, "$arr_min") || !strcmp(e->func, "$arr_max"))
        return eval_arr_pick(x, e, sel, n, out);
    if (!strcmp(e->func, "$array_to_json"))
        return eval_array_to_json(x, e, sel, n, out);
    if (!strcmp(e->func, "$json_to_array"))
        return eval_json_to_array(x, e, sel, n, out);
    *found = false;
    return ENG_OK;
}
