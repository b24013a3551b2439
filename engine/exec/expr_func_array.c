/*
 * engine/exec/expr_func_array.c
 *   The array(T) functions over vectors, with Trino's semantics: the
 *   constructor, the subscript a[i] (1-based; out of range 22023),
 *   element_at (negative from the end; out of range NULL), cardinality,
 *   contains, array_position, array_remove, concat and ||, array_join,
 *   split, array_distinct, array_sort (NULLs last), array_max, array_min,
 *   array_except, array_intersect, array_union, arrays_overlap, slice,
 *   sequence, reverse, flatten, repeat; and array equality (exec_arr_eq).
 * Interface: exec_func_array, exec_arr_eq (exec_int.h).
 * Not here: which functions exist and their types
 *   (binder/bind_func_array.c); hashing and the total order that
 *   grouping, DISTINCT and ORDER BY use (hash.c); casts (types/cast.c).
 *
 * An array value is a vector of its elements in one arena block
 * (types.h, eng_arr): a result is built in the evaluation arena by
 * copying element slots from its sources (strings shared, as every
 * string function here shares its input's bytes). Functions that Trino
 * declares without @SqlNullable return NULL when an argument is NULL;
 * the constructor, contains, array_join and arrays_overlap look at NULL
 * elements as Trino does (comments at each).
 */
#include <string.h>
#include "exec_int.h"

/* Trino's limits on generated arrays (sequence, repeat). */
#define MAX_GENERATED 10000

static eng_rc bad_arg(exec_eval *x, const plan_expr *e, const char *msg,
                      long long a, long long b)
{
    return eng_err_set(x->ctx->err, ENG_ERR_INVALID_PARAMETER_VALUE, e->pos,
                       msg, a, b);
}

/* See exec_int.h. */
int exec_arr_eq(const eng_vector *a, int ia, const eng_vector *b, int ib)
{
    eng_type et = eng_type_elem(a->type);
    eng_arr x = ((const eng_arr *)a->data)[ia];
    eng_arr y = ((const eng_arr *)b->data)[ib];
    if (x.n != y.n)
        return 0;
    eng_vector ex, ey;
    eng_arr_view(et, x, &ex);
    eng_arr_view(et, y, &ey);
    bool unknown = false;
    for (uint32_t k = 0; k < x.n; k++) {
        bool vx = et.id != ENG_T_UNKNOWN && eng_vec_is_valid(&ex, (int)k);
        bool vy = et.id != ENG_T_UNKNOWN && eng_vec_is_valid(&ey, (int)k);
        if (!vx || !vy) {
            unknown = true;
            continue;
        }
        int c;
        if (et.id == ENG_T_ARRAY) {
            c = exec_arr_eq(&ex, (int)k, &ey, (int)k);
            if (c < 0) {
                unknown = true;
                continue;
            }
            c = !c;
        } else if (et.id == ENG_T_DOUBLE) {
            /* = on doubles: NaN equals nothing */
            double p = ((const double *)ex.data)[k];
            double q = ((const double *)ey.data)[k];
            c = !(p == q);
        } else {
            c = exec_elem_cmp(&ex, (int)k, &ey, (int)k);
        }
        if (c)
            return 0;
    }
    return unknown ? -1 : 1;
}

/* Element equality for the set-like functions: NULL equals NULL. */
static bool elem_same(const eng_vector *a, int ia, const eng_vector *b, int ib)
{
    return exec_elem_eq(a, ia, b, ib);
}

/* Row i of array vector v as an element view. */
static void row_view(const eng_vector *v, int i, eng_vector *ev, eng_arr *x)
{
    *x = ((const eng_arr *)v->data)[i];
    eng_arr_view(eng_type_elem(v->type), *x, ev);
}

/* row_view into a view allocated in x->a, for slot lists that outlive the
 * caller's stack frame; NULL (and the error set) on OOM. */
static eng_vector *row_view_dup(exec_eval *x, const eng_vector *v, int i,
                                eng_arr *a)
{
    eng_vector *ev = eng_arena_alloc(x->a, sizeof *ev);
    if (!ev) {
        eng_err_oom(x->ctx->err);
        return NULL;
    }
    row_view(v, i, ev, a);
    return ev;
}

/* The source put_arr takes for element k of v: v itself, or NULL for a
 * NULL element (or an element of unknown type, which is always NULL). */
static const eng_vector *elem_src(const eng_vector *v, int k)
{
    return v->type.id != ENG_T_UNKNOWN && eng_vec_is_valid(v, k) ? v : NULL;
}

/*
 * Sets row i of out (an array vector) to the m elements src[k][idx[k]]
 * (srcs NULL-entry: a NULL element) copied into a new array in x->a.
 */
static eng_rc put_arr(exec_eval *x, eng_vector *out, int i,
                      const eng_vector *const *srcs, const int *idx, int m)
{
    eng_vector ov;
    eng_arr r;
    eng_rc rc = eng_arr_new(x->a, eng_type_elem(out->type), (uint32_t)m, &r,
                            &ov, x->ctx->err);
    if (rc != ENG_OK)
        return rc;
    for (int k = 0; k < m; k++)
        if (srcs[k] && ov.type.id != ENG_T_UNKNOWN)
            exec_vec_copy_elem(&ov, k, srcs[k], idx[k]);
    ((eng_arr *)out->data)[i] = r;
    eng_vec_set_valid(out, i, true);
    return ENG_OK;
}

/* Growable list of element slots for put_arr, in x->a. */
typedef struct slots {
    const eng_vector **src;
    int *idx;
    int n, cap;
} slots;

static eng_rc slot_add(exec_eval *x, slots *s, const eng_vector *v, int i)
{
    if (s->n == s->cap) {
        int nc = s->cap ? s->cap * 2 : 16;
        const eng_vector **ns = eng_arena_alloc(x->a, sizeof *ns * (size_t)nc);
        int *ni = eng_arena_alloc(x->a, sizeof *ni * (size_t)nc);
        if (!ns || !ni)
            return eng_err_oom(x->ctx->err);
        if (s->n) {
            memcpy(ns, s->src, sizeof *ns * (size_t)s->n);
            memcpy(ni, s->idx, sizeof *ni * (size_t)s->n);
        }
        s->src = ns;
        s->idx = ni;
        s->cap = nc;
    }
    s->src[s->n] = v;
    s->idx[s->n++] = i;
    return ENG_OK;
}

static bool in_slots(const slots *s, const eng_vector *v, int i)
{
    for (int k = 0; k < s->n; k++)
        if (s->src[k] ? (v && elem_same(s->src[k], s->idx[k], v, i)) : !v)
            return true;
    return false;
}

/* Adds element i of v (NULL v: a NULL element) unless already there. */
static eng_rc slot_add_distinct(exec_eval *x, slots *s, const eng_vector *v,
                                int i)
{
    if (v)
        v = elem_src(v, i);
    return in_slots(s, v, i) ? ENG_OK : slot_add(x, s, v, i);
}

/* Adds the n elements of the view ev (which must outlive s: in x->a or
 * the caller's arguments) in order, NULL elements as NULL; with distinct,
 * only those not already in s (NULL equal to NULL). */
static eng_rc slots_add_all(exec_eval *x, slots *s, const eng_vector *ev,
                            uint32_t n, bool distinct)
{
    for (uint32_t k = 0; k < n; k++) {
        eng_rc rc = distinct ? slot_add_distinct(x, s, ev, (int)k)
                             : slot_add(x, s, elem_src(ev, (int)k), (int)k);
        if (rc != ENG_OK)
            return rc;
    }
    return ENG_OK;
}

/* Adds the elements of row i of the array vector v, in order (through a
 * view in x->a, so that s may outlive the caller's frame). */
static eng_rc slots_add_row(exec_eval *x, slots *s, const eng_vector *v,
                            int i)
{
    eng_arr a;
    eng_vector *ev = row_view_dup(x, v, i, &a);
    return ev ? slots_add_all(x, s, ev, a.n, false) : ENG_NOMEM;
}

/* ARRAY[a, b, ...]: NULL elements stay (the array itself is never NULL). */
static eng_rc f_ctor(exec_eval *x, eng_vector *args, int k, int n,
                     eng_vector *out)
{
    const eng_vector **srcs = eng_arena_alloc(x->a, sizeof *srcs * (size_t)(k + 1));
    int *idx = eng_arena_alloc(x->a, sizeof *idx * (size_t)(k + 1));
    if (!srcs || !idx)
        return eng_err_oom(x->ctx->err);
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < k; j++) {
            srcs[j] = elem_src(&args[j], i);
            idx[j] = i;
        }
        eng_rc rc = put_arr(x, out, i, srcs, idx, k);
        if (rc != ENG_OK)
            return rc;
    }
    return ENG_OK;
}

/* a[i] (strict) and element_at(a, i) (lenient). */
static eng_rc f_subscript(exec_eval *x, const plan_expr *e, eng_vector *args,
                          int n, eng_vector *out, bool strict)
{
    const int64_t *ix = args[1].data;
    for (int i = 0; i < n; i++) {
        if (!eng_vec_is_valid(out, i))
            continue;
        eng_vector ev;
        eng_arr a;
        row_view(&args[0], i, &ev, &a);
        int64_t p = ix[i];
        eng_vec_set_valid(out, i, false);
        if (p == 0)
            return bad_arg(x, e, "SQL array indices start at 1", 0, 0);
        if (strict && p < 0)
            return bad_arg(x, e, "Array subscript is negative: %lld", p, 0);
        if (p > (int64_t)a.n || p < -(int64_t)a.n) {
            if (strict)
                return bad_arg(x, e, "Array subscript must be less than or "
                               "equal to array length: %lld > %lld", p,
                               (long long)a.n);
            continue;
        }
        int at = (int)(p > 0 ? p - 1 : (int64_t)a.n + p);
        if (ev.type.id != ENG_T_UNKNOWN && out->type.id != ENG_T_UNKNOWN)
            exec_vec_copy_elem(out, i, &ev, at);
    }
    return ENG_OK;
}

/* contains / array_position / array_remove (x already of the element
 * type). contains: NULL when x is NULL, or when not found and an element
 * is NULL (x = NULL is unknown); array_position: 0 when absent, NULL for
 * a NULL x; array_remove: every element equal to x removed, NULLs kept. */
static eng_rc f_find(exec_eval *x, const char *f, eng_vector *args, int n,
                     eng_vector *out)
{
    eng_vector *xv = &args[1];
    for (int i = 0; i < n; i++) {
        if (!eng_vec_is_valid(out, i))
            continue;
        eng_vector ev;
        eng_arr a;
        row_view(&args[0], i, &ev, &a);
        bool any_null = false;
        int found = -1;
        slots keep = {0};
        for (uint32_t k = 0; k < a.n; k++) {
            if (!elem_src(&ev, (int)k)) {
                any_null = true;
                if (f[6] == 'r') {
                    eng_rc rc = slot_add(x, &keep, NULL, 0);
                    if (rc != ENG_OK)
                        return rc;
                }
                continue;
            }
            bool eq;
            if (ev.type.id == ENG_T_ARRAY) {
                eq = exec_arr_eq(&ev, (int)k, xv, i) == 1;
            } else if (ev.type.id == ENG_T_DOUBLE) {
                eq = ((const double *)ev.data)[k] ==
                     ((const double *)xv->data)[i];
            } else {
                eq = exec_elem_cmp(&ev, (int)k, xv, i) == 0;
            }
            if (f[6] == 'r') {
                if (!eq) {
                    eng_rc rc = slot_add(x, &keep, &ev, (int)k);
                    if (rc != ENG_OK)
                        return rc;
                }
            } else if (eq) {
                found = (int)k;
                break;
            }
        }
        if (f[0] == 'c') {
            if (found < 0 && any_null)
                eng_vec_set_valid(out, i, false);
            else
                ((uint8_t *)out->data)[i] = found >= 0;
        } else if (f[6] == 'p') {
            ((int64_t *)out->data)[i] = found + 1;
        } else {
            eng_rc rc = put_arr(x, out, i, keep.src, keep.idx, keep.n);
            if (rc != ENG_OK)
                return rc;
        }
    }
    return ENG_OK;
}

/* concat(a, b, ...) over arrays: NULL when any is NULL. */
static eng_rc f_concat(exec_eval *x, eng_vector *args, int k, int n,
                       eng_vector *out)
{
    for (int i = 0; i < n; i++) {
        if (!eng_vec_is_valid(out, i))
            continue;
        slots s = {0};
        eng_rc rc;
        for (int j = 0; j < k; j++)
            if ((rc = slots_add_row(x, &s, &args[j], i)))
                return rc;
        rc = put_arr(x, out, i, s.src, s.idx, s.n);
        if (rc != ENG_OK)
            return rc;
    }
    return ENG_OK;
}

/* array || element, element || array: the array NULL gives NULL; a NULL
 * element is added as a NULL element. */
static eng_rc f_append(exec_eval *x, bool prepend, eng_vector *args, int n,
                       eng_vector *out)
{
    int ai = prepend ? 1 : 0;
    eng_vector *av = &args[ai], *xv = &args[1 - ai];
    for (int i = 0; i < n; i++) {
        eng_vec_set_valid(out, i, false);
        if (!eng_vec_is_valid(av, i))
            continue;
        eng_vector ev;
        eng_arr a;
        row_view(av, i, &ev, &a);
        const eng_vector **srcs = eng_arena_alloc(x->a, sizeof *srcs * (a.n + 1));
        int *idx = eng_arena_alloc(x->a, sizeof *idx * (a.n + 1));
        if (!srcs || !idx)
            return eng_err_oom(x->ctx->err);
        int o = 0;
        if (prepend) {
            srcs[o] = elem_src(xv, i);
            idx[o++] = i;
        }
        for (uint32_t m = 0; m < a.n; m++) {
            srcs[o] = elem_src(&ev, (int)m);
            idx[o++] = (int)m;
        }
        if (!prepend) {
            srcs[o] = elem_src(xv, i);
            idx[o++] = i;
        }
        eng_rc rc = put_arr(x, out, i, srcs, idx, o);
        if (rc != ENG_OK)
            return rc;
    }
    return ENG_OK;
}

/* Appends s to a growable text in x->a. */
typedef struct text {
    char *p;
    size_t n, cap;
} text;

static eng_rc text_add(exec_eval *x, text *t, const char *s, size_t len)
{
    if (t->n + len + 1 > t->cap) {
        size_t nc = (t->cap ? t->cap * 2 : 64);
        while (nc < t->n + len + 1)
            nc *= 2;
        char *np = eng_arena_alloc(x->a, nc);
        if (!np)
            return eng_err_oom(x->ctx->err);
        if (t->n)
            memcpy(np, t->p, t->n);
        t->p = np;
        t->cap = nc;
    }
    memcpy(t->p + t->n, s, len);
    t->n += len;
    return ENG_OK;
}

/* array_join(a, d[, r]): elements cast to varchar joined by d; NULL
 * elements skipped, or written as r when given (NULL r: NULL result). */
static eng_rc f_join(exec_eval *x, const plan_expr *e, eng_vector *args,
                     int k, int n, eng_vector *out)
{
    for (int i = 0; i < n; i++) {
        if (!eng_vec_is_valid(out, i))
            continue;
        eng_vector ev;
        eng_arr a;
        row_view(&args[0], i, &ev, &a);
        eng_str d = ((const eng_str *)args[1].data)[i];
        text t = {0};
        bool first = true;
        for (uint32_t m = 0; m < a.n; m++) {
            eng_value v, s;
            exec_vec_get(&ev, (int)m, &v);
            const char *p;
            size_t len;
            if (v.is_null) {
                if (k < 3)
                    continue;
                eng_str r = ((const eng_str *)args[2].data)[i];
                p = r.ptr;
                len = r.len;
            } else {
                eng_rc rc = eng_value_cast(x->a, &v, eng_type_varchar(0), &s,
                                           x->ctx->err);
                if (rc != ENG_OK) {
                    if (x->ctx->err->position == 0)
                        x->ctx->err->position = e->pos;
                    return rc;
                }
                p = s.u.s.ptr;
                len = s.u.s.len;
            }
            eng_rc rc;
            if ((!first && (rc = text_add(x, &t, d.ptr, d.len))) ||
                (rc = text_add(x, &t, p ? p : "", len)))
                return rc;
            first = false;
        }
        eng_str r = { t.p ? t.p : "", (uint32_t)t.n };
        ((eng_str *)out->data)[i] = r;
    }
    return ENG_OK;
}

/* split(s, d[, limit]): the pieces of s between occurrences of d; with a
 * limit, at most limit pieces (the last holds the rest). An empty d
 * splits between code points, as Trino does. */
static eng_rc f_split(exec_eval *x, const plan_expr *e, eng_vector *args,
                      int k, int n, eng_vector *out)
{
    eng_type vt = eng_type_varchar(0);
    for (int i = 0; i < n; i++) {
        if (!eng_vec_is_valid(out, i))
            continue;
        eng_str s = ((const eng_str *)args[0].data)[i];
        eng_str d = ((const eng_str *)args[1].data)[i];
        int64_t limit = k > 2 ? ((const int64_t *)args[2].data)[i] : INT64_MAX;
        if (limit <= 0)
            return bad_arg(x, e, "Limit must be positive", 0, 0);
        /* count pieces first */
        uint32_t cnt = 0, pos = 0;
        eng_str *pieces = NULL;
        for (int pass = 0; pass < 2; pass++) {
            uint32_t c = 0, start = 0;
            pos = 0;
            while (c + 1 < (uint64_t)limit) {
                uint32_t hit = UINT32_MAX, next = 0;
                if (d.len == 0) {
                    if (pos >= s.len)
                        break;
                    uint32_t q = pos;
                    exec_utf8_next(s.ptr, s.len, &q);
                    hit = q;
                    next = q;
                } else {
                    for (uint32_t p = pos; p + d.len <= s.len; p++)
                        if (!memcmp(s.ptr + p, d.ptr, d.len)) {
                            hit = p;
                            next = p + d.len;
                            break;
                        }
                    if (hit == UINT32_MAX)
                        break;
                }
                if (pass)
                    pieces[c] = (eng_str){ s.ptr + start, hit - start };
                c++;
                start = pos = next;
            }
            if (pass)
                pieces[c] = (eng_str){ s.ptr + start, s.len - start };
            c++;
            if (!pass) {
                cnt = c;
                pieces = eng_arena_alloc(x->a, sizeof *pieces * cnt);
                if (!pieces)
                    return eng_err_oom(x->ctx->err);
            }
        }
        eng_vector ov;
        eng_arr r;
        eng_rc rc = eng_arr_new(x->a, vt, cnt, &r, &ov, x->ctx->err);
        if (rc != ENG_OK)
            return rc;
        for (uint32_t m = 0; m < cnt; m++) {
            ((eng_str *)ov.data)[m] = pieces[m];
            eng_vec_set_valid(&ov, (int)m, true);
        }
        ((eng_arr *)out->data)[i] = r;
    }
    return ENG_OK;
}

/* Element order for array_sort / array_max / array_min: NULLs last
 * (exec_sort_ids is stable, so equal elements keep their order). */
static int cmp_elem(const void *ctx, int64_t a, int64_t b)
{
    const eng_vector *v = ctx;
    bool va = elem_src(v, (int)a) != NULL;
    bool vb = elem_src(v, (int)b) != NULL;
    if (!va || !vb)
        return va == vb ? 0 : va ? -1 : 1;
    return exec_elem_cmp(v, (int)a, v, (int)b);
}

/* array_sort (ascending, NULLs last), array_max / array_min (NULL when
 * the array is empty or holds a NULL, as Trino), array_distinct (first
 * occurrences in order), reverse. */
static eng_rc f_reorder(exec_eval *x, const char *f, eng_vector *args, int n,
                        eng_vector *out)
{
    for (int i = 0; i < n; i++) {
        if (!eng_vec_is_valid(out, i))
            continue;
        eng_arr a;
        eng_vector *evp = row_view_dup(x, &args[0], i, &a);
        if (!evp)
            return ENG_NOMEM;
        if (!strcmp(f, "array_distinct")) {
            slots s = {0};
            eng_rc rc;
            if ((rc = slots_add_all(x, &s, evp, a.n, true)) ||
                (rc = put_arr(x, out, i, s.src, s.idx, s.n)))
                return rc;
            continue;
        }
        int *idx = eng_arena_alloc(x->a, sizeof *idx * (a.n + 1));
        const eng_vector **srcs = eng_arena_alloc(x->a, sizeof *srcs * (a.n + 1));
        if (!idx || !srcs)
            return eng_err_oom(x->ctx->err);
        int m = 0;
        for (uint32_t j = 0; j < a.n; j++) {
            idx[m] = !strcmp(f, "reverse") ? (int)(a.n - 1 - j) : (int)j;
            srcs[m] = elem_src(evp, idx[m]);
            m++;
        }
        if (!strcmp(f, "reverse")) {
            eng_rc rc = put_arr(x, out, i, srcs, idx, m);
            if (rc != ENG_OK)
                return rc;
            continue;
        }
        int64_t *ids = eng_arena_alloc(x->a, sizeof *ids * 2 * (size_t)(m + 1));
        if (!ids)
            return eng_err_oom(x->ctx->err);
        for (int j = 0; j < m; j++)
            ids[j] = idx[j];
        exec_sort_ids(ids, ids + m + 1, m, cmp_elem, evp);
        for (int j = 0; j < m; j++)
            idx[j] = (int)ids[j];
        for (int j = 0; j < m; j++)
            srcs[j] = elem_src(evp, idx[j]);
        if (!strcmp(f, "array_sort")) {
            eng_rc rc = put_arr(x, out, i, srcs, idx, m);
            if (rc != ENG_OK)
                return rc;
            continue;
        }
        /* max / min: any NULL element (sorted last) or none gives NULL */
        eng_vec_set_valid(out, i, false);
        if (m == 0 || !srcs[m - 1] || out->type.id == ENG_T_UNKNOWN)
            continue;
        exec_vec_copy_elem(out, i, evp, f[7] == 'a' ? idx[m - 1] : idx[0]);
    }
    return ENG_OK;
}

/* array_except / array_intersect / array_union (distinct results, NULL
 * equal to NULL, in first-occurrence order) and arrays_overlap (true on
 * a common non-NULL element; else NULL when either holds a NULL). */
static eng_rc f_sets(exec_eval *x, const char *f, eng_vector *args, int n,
                     eng_vector *out)
{
    for (int i = 0; i < n; i++) {
        if (!eng_vec_is_valid(out, i))
            continue;
        eng_vector *va = eng_arena_alloc(x->a, sizeof *va * 2), *vb = va + 1;
        if (!va)
            return eng_err_oom(x->ctx->err);
        eng_arr a, b;
        row_view(&args[0], i, va, &a);
        row_view(&args[1], i, vb, &b);
        slots inb = {0}, res = {0};
        eng_rc rc;
        if ((rc = slots_add_all(x, &inb, vb, b.n, true)))
            return rc;
        if (!strcmp(f, "arrays_overlap")) {
            bool nul = false, hit = false;
            for (uint32_t j = 0; j < a.n && !hit; j++) {
                if (!elem_src(va, (int)j)) {
                    nul = true;
                    continue;
                }
                hit = in_slots(&inb, va, (int)j);
            }
            if (!hit && in_slots(&inb, NULL, 0))
                nul = true;
            if (!hit && nul)
                eng_vec_set_valid(out, i, false);
            else
                ((uint8_t *)out->data)[i] = hit;
            continue;
        }
        for (uint32_t j = 0; j < a.n; j++) {
            bool there = in_slots(&inb, elem_src(va, (int)j), (int)j);
            if ((f[6] == 'e' && there) || (f[6] == 'i' && !there))
                continue;
            if ((rc = slot_add_distinct(x, &res, va, (int)j)))
                return rc;
        }
        if (f[6] == 'u' && (rc = slots_add_all(x, &res, vb, b.n, true)))
            return rc;
        if ((rc = put_arr(x, out, i, res.src, res.idx, res.n)))
            return rc;
    }
    return ENG_OK;
}

/* slice(a, start, length): start 1-based or negative from the end. */
static eng_rc f_slice(exec_eval *x, const plan_expr *e, eng_vector *args,
                      int n, eng_vector *out)
{
    for (int i = 0; i < n; i++) {
        if (!eng_vec_is_valid(out, i))
            continue;
        eng_arr a;
        eng_vector *ev = row_view_dup(x, &args[0], i, &a);
        if (!ev)
            return ENG_NOMEM;
        int64_t st = ((const int64_t *)args[1].data)[i];
        int64_t len = ((const int64_t *)args[2].data)[i];
        if (len < 0)   /* Trino checks the length first */
            return bad_arg(x, e, "length must be greater than or equal to 0",
                           0, 0);
        if (st == 0)
            return bad_arg(x, e, "SQL array indices start at 1", 0, 0);
        int64_t from = st > 0 ? st - 1 : (int64_t)a.n + st;
        int m = 0;
        int *idx = NULL;
        const eng_vector **srcs = NULL;
        if (from >= 0 && from < (int64_t)a.n) {
            int64_t to = len > (int64_t)a.n - from ? (int64_t)a.n : from + len;
            m = (int)(to - from);
            idx = eng_arena_alloc(x->a, sizeof *idx * (size_t)(m + 1));
            srcs = eng_arena_alloc(x->a, sizeof *srcs * (size_t)(m + 1));
            if (!idx || !srcs)
                return eng_err_oom(x->ctx->err);
            for (int j = 0; j < m; j++) {
                idx[j] = (int)from + j;
                srcs[j] = elem_src(ev, idx[j]);
            }
        }
        eng_rc rc = put_arr(x, out, i, srcs, idx, m);
        if (rc != ENG_OK)
            return rc;
    }
    return ENG_OK;
}

/* sequence(start, stop[, step]) over bigint; step defaults to 1 or -1. */
static eng_rc f_sequence(exec_eval *x, const plan_expr *e, eng_vector *args,
                         int k, int n, eng_vector *out)
{
    eng_type bt = eng_type_make(ENG_T_BIGINT);
    for (int i = 0; i < n; i++) {
        if (!eng_vec_is_valid(out, i))
            continue;
        int64_t a = ((const int64_t *)args[0].data)[i];
        int64_t b = ((const int64_t *)args[1].data)[i];
        int64_t s = k > 2 ? ((const int64_t *)args[2].data)[i] : (a <= b ? 1 : -1);
        if (s == 0)
            return bad_arg(x, e, "step must not be zero", 0, 0);
        if ((s > 0 && a > b) || (s < 0 && a < b))
            return bad_arg(x, e, "sequence stop value should be greater than "
                           "or equal to start value if step is greater than "
                           "zero otherwise stop should be less than or equal "
                           "to start", 0, 0);
        __int128 cnt = ((__int128)b - a) / s + 1;
        if (cnt > MAX_GENERATED)
            return bad_arg(x, e, "result of sequence function must not have "
                           "more than %lld entries", MAX_GENERATED, 0);
        eng_vector ov;
        eng_arr r;
        eng_rc rc = eng_arr_new(x->a, bt, (uint32_t)cnt, &r, &ov, x->ctx->err);
        if (rc != ENG_OK)
            return rc;
        for (int j = 0; j < (int)cnt; j++) {
            ((int64_t *)ov.data)[j] = a + (int64_t)j * s;
            eng_vec_set_valid(&ov, j, true);
        }
        ((eng_arr *)out->data)[i] = r;
    }
    return ENG_OK;
}

/* flatten(array(array(T))): the inner arrays in order, NULL ones
 * skipped. */
static eng_rc f_flatten(exec_eval *x, eng_vector *args, int n,
                        eng_vector *out)
{
    for (int i = 0; i < n; i++) {
        if (!eng_vec_is_valid(out, i))
            continue;
        eng_vector ov;
        eng_arr a;
        row_view(&args[0], i, &ov, &a);
        slots s = {0};
        eng_rc rc;
        for (uint32_t j = 0; j < a.n; j++)
            if (eng_vec_is_valid(&ov, (int)j) &&
                (rc = slots_add_row(x, &s, &ov, (int)j)))
                return rc;
        rc = put_arr(x, out, i, s.src, s.idx, s.n);
        if (rc != ENG_OK)
            return rc;
    }
    return ENG_OK;
}

/* repeat(x, n): n copies of x (NULL x: n NULL elements). */
static eng_rc f_repeat(exec_eval *x, const plan_expr *e, eng_vector *args,
                       int n, eng_vector *out)
{
    for (int i = 0; i < n; i++) {
        eng_vec_set_valid(out, i, false);
        if (!eng_vec_is_valid(&args[1], i))
            continue;
        int64_t c = ((const int64_t *)args[1].data)[i];
        if (c < 0)
            return bad_arg(x, e, "count argument of repeat function must be "
                           "greater than or equal to 0", 0, 0);
        if (c > MAX_GENERATED)
            return bad_arg(x, e, "count argument of repeat function must be "
                           "less than or equal to %lld", MAX_GENERATED, 0);
        const eng_vector *src = elem_src(&args[0], i);
        const eng_vector **srcs = eng_arena_alloc(x->a, sizeof *srcs * (size_t)(c + 1));
        int *idx = eng_arena_alloc(x->a, sizeof *idx * (size_t)(c + 1));
        if (!srcs || !idx)
            return eng_err_oom(x->ctx->err);
        for (int j = 0; j < (int)c; j++) {
            srcs[j] = src;
            idx[j] = i;
        }
        eng_rc rc = put_arr(x, out, i, srcs, idx, (int)c);
        if (rc != ENG_OK)
            return rc;
    }
    return ENG_OK;
}

static const char *const own[] = {
    "array", "$subscript", "element_at", "cardinality", "contains",
    "array_position", "array_remove", "array_join", "split",
    "array_distinct", "array_sort", "array_max", "array_min",
    "array_except", "array_intersect", "array_union", "arrays_overlap",
    "slice", "sequence", "flatten", "repeat", "$append", "$prepend", NULL };

/* See exec_int.h. */
eng_rc exec_func_array(exec_eval *x, const plan_expr *e, const int *sel,
                       int n, eng_vector *out, bool *found)
{
    const char *f = e->func ? e->func : "";
    bool mine = false;
    for (int j = 0; own[j] && !mine; j++)
        mine = !strcmp(f, own[j]);
    /* concat and reverse are the string functions unless over arrays */
    if (!mine && e->type.id == ENG_T_ARRAY &&
        (!strcmp(f, "concat") || !strcmp(f, "reverse")))
        mine = true;
    *found = mine;
    if (!mine)
        return ENG_OK;
    int k = e->nargs;
    eng_vector *args = eng_arena_calloc(x->a, sizeof *args * (size_t)(k + 1));
    if (!args)
        return eng_err_oom(x->ctx->err);
    for (int j = 0; j < k; j++) {
        eng_rc rc = exec_eval_sel(x, e->args[j], sel, n, &args[j]);
        if (rc != ENG_OK)
            return rc;
    }
    eng_rc rc = exec_vec_alloc(x->a, e->type, n, out, x->ctx->err);
    if (rc != ENG_OK)
        return rc;
    if (!strcmp(f, "array"))
        return f_ctor(x, args, k, n, out);
    if (!strcmp(f, "repeat"))
        return f_repeat(x, e, args, n, out);
    if (f[0] == '$' && f[1] != 's')
        return f_append(x, f[1] == 'p', args, n, out);
    /* the rest: NULL when an argument is NULL (array_join's replacement
     * included, as Trino) */
    for (int j = 0; j < k; j++)
        if (args[j].type.id == ENG_T_UNKNOWN)
            return ENG_OK;
    memset(out->validity, 0xFF, ((size_t)n + 7) / 8);
    for (int j = 0; j < k; j++)
        for (size_t b = 0; b < ((size_t)n + 7) / 8; b++)
            out->validity[b] &= args[j].validity[b];
    if (!strcmp(f, "$subscript") || !strcmp(f, "element_at"))
        return f_subscript(x, e, args, n, out, f[0] == '$');
    if (!strcmp(f, "cardinality")) {
        for (int i = 0; i < n; i++)
            if (eng_vec_is_valid(out, i))
                ((int64_t *)out->data)[i] = ((const eng_arr *)args[0].data)[i].n;
        return ENG_OK;
    }
    if (!strcmp(f, "contains") || !strcmp(f, "array_position") ||
        !strcmp(f, "array_remove"))
        return f_find(x, f, args, n, out);
    if (!strcmp(f, "concat"))
        return f_concat(x, args, k, n, out);
    if (!strcmp(f, "array_join"))
        return f_join(x, e, args, k, n, out);
    if (!strcmp(f, "split"))
        return f_split(x, e, args, k, n, out);
    if (!strcmp(f, "array_distinct") || !strcmp(f, "array_sort") ||
        !strcmp(f, "array_max") || !strcmp(f, "array_min") ||
        !strcmp(f, "reverse"))
        return f_reorder(x, f, args, n, out);
    if (!strcmp(f, "slice"))
        return f_slice(x, e, args, n, out);
    if (!strcmp(f, "sequence"))
        return f_sequence(x, e, args, k, n, out);
    if (!strcmp(f, "flatten"))
        return f_flatten(x, args, n, out);
    return f_sets(x, f, args, n, out);
}
