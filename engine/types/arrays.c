/*
 * engine/types/arrays.c
 *   Trino's array(T): the process-wide table of array element types, array
 *   values (a vector of T and its validity bitmap in one arena block), their
 *   deep copy and their text ("[1, 2, NULL]", as Trino's CLI and JDBC
 *   getString show them).
 * Interface: eng_type_array, eng_type_elem, eng_type_array_name,
 *   eng_arr_new, eng_arr_view, eng_arr_get, eng_arr_copy, eng_value_own,
 *   eng_arr_to_text.
 * Not here: casts between arrays (cast.c), equality, hashing and the array
 *   functions (exec/expr_func_array.c, exec/hash.c).
 *
 * Why a table: eng_type is a small value that every layer copies into
 * plans, descriptions, caches and vectors of other lifetimes. A pointer to
 * an element type in some arena would dangle when one of those copies
 * outlives it; an index into a table that lives as long as the process
 * cannot. The table is static (no allocation, nothing to leak or to fail
 * under OOM), entries are never removed, and one statement rarely sees
 * more than a few element types, so a linear search under a mutex is
 * enough. array(array(T)) interns array(T) as an element like any other.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include "types.h"

typedef struct arr_entry {
    eng_type elem;
    char name[ENG_ARRAY_NAME_MAX + 8];   /* "array(" elem ")" */
} arr_entry;

static arr_entry arr_types[ENG_ARRAY_TYPES];
static int arr_ntypes;
static pthread_mutex_t arr_mu = PTHREAD_MUTEX_INITIALIZER;

/* Name of any type, arrays included (eng_type_name covers arrays too). */
static void elem_name(eng_type t, char *buf, size_t cap)
{
    eng_type_name(t, buf, cap);
}

/* See types.h. */
eng_rc eng_type_array(eng_type elem, eng_type *out, eng_error *err)
{
    char name[ENG_ARRAY_NAME_MAX + 8];
    char en[ENG_ARRAY_NAME_MAX + 8];
    elem_name(elem, en, sizeof en);
    int len = snprintf(name, sizeof name, "array(%s)", en);
    if (len < 0 || len > ENG_ARRAY_NAME_MAX)
        return eng_err_set(err, ENG_ERR_FEATURE_NOT_SUPPORTED, 0,
                           "array type nested too deeply (%s)", en);
    int found = -1;
    pthread_mutex_lock(&arr_mu);
    for (int i = 0; i < arr_ntypes; i++)
        if (eng_type_equal(arr_types[i].elem, elem)) {
            found = i;
            break;
        }
    if (found < 0 && arr_ntypes < ENG_ARRAY_TYPES) {
        found = arr_ntypes;
        arr_types[found].elem = elem;
        memcpy(arr_types[found].name, name, (size_t)len + 1);
        arr_ntypes++;
    }
    pthread_mutex_unlock(&arr_mu);
    if (found < 0)
        return eng_err_set(err, ENG_ERR_FEATURE_NOT_SUPPORTED, 0,
                           "more than %d distinct array element types in "
                           "one process are not supported", ENG_ARRAY_TYPES);
    memset(out, 0, sizeof *out);
    out->id = ENG_T_ARRAY;
    out->length = found;
    return ENG_OK;
}

/*
 * The entry of array type t. No lock: an entry is written once, under
 * arr_mu, before eng_type_array hands out its index, and never changes,
 * so whoever holds a type with that index (passed on through whatever
 * synchronizes the threads that share a plan) sees the entry whole. This
 * runs per element in hashing and sorting, where a lock would cost.
 */
static const arr_entry *entry_of(eng_type t)
{
    if (t.id != ENG_T_ARRAY || t.length < 0 || t.length >= ENG_ARRAY_TYPES)
        return NULL;
    return &arr_types[t.length];
}

/* See types.h. */
eng_type eng_type_elem(eng_type t)
{
    const arr_entry *e = entry_of(t);
    return e ? e->elem : eng_type_make(ENG_T_UNKNOWN);
}

/* See types.h. */
const char *eng_type_array_name(eng_type t)
{
    const arr_entry *e = entry_of(t);
    return e ? e->name : "array(unknown)";
}

static size_t vbytes(uint32_t n) { return ((size_t)n + 7) / 8; }

/* See types.h. */
void eng_arr_view(eng_type elem, eng_arr x, eng_vector *view)
{
    size_t w = eng_type_width(elem.id);
    view->type = elem;
    view->data = (void *)x.data;
    view->validity = (uint8_t *)x.data + w * x.n;
}

/* See types.h. */
eng_rc eng_arr_new(eng_arena *a, eng_type elem, uint32_t n, eng_arr *out,
                   eng_vector *view, eng_error *err)
{
    size_t w = eng_type_width(elem.id);
    void *p = eng_arena_calloc(a, w * n + vbytes(n) + 1);
    if (!p)
        return eng_err_oom(err);
    memset(out, 0, sizeof *out);
    out->data = p;
    out->n = n;
    if (view)
        eng_arr_view(elem, *out, view);
    return ENG_OK;
}

/* See types.h. */
void eng_arr_get(eng_type elem, eng_arr x, uint32_t i, eng_value *out)
{
    eng_vector v;
    eng_arr_view(elem, x, &v);
    eng_batch b;
    memset(&b, 0, sizeof b);
    b.ncols = 1;
    b.nrows = (int)x.n;
    b.cols = &v;
    eng_batch_get(&b, 0, (int)i, out);
}

/* See types.h. */
eng_rc eng_arr_copy(eng_arena *a, eng_type elem, eng_arr x, eng_arr *out,
                    eng_error *err)
{
    size_t w = eng_type_width(elem.id);
    size_t sz = w * x.n + vbytes(x.n) + 1;
    void *p = eng_arena_alloc(a, sz);
    if (!p)
        return eng_err_oom(err);
    memcpy(p, x.data, sz);
    eng_arr r = x;
    r.data = p;
    r.pad = 0;
    if (eng_type_is_str(elem.id)) {
        eng_str *s = p;
        for (uint32_t i = 0; i < x.n; i++) {
            if (!s[i].len)
                continue;
            char *c = eng_arena_memdup(a, s[i].ptr, s[i].len);
            if (!c)
                return eng_err_oom(err);
            s[i].ptr = c;
        }
    } else if (elem.id == ENG_T_ARRAY) {
        eng_type inner = eng_type_elem(elem);
        eng_arr *s = p;
        eng_vector v;
        eng_arr_view(elem, r, &v);
        for (uint32_t i = 0; i < x.n; i++) {
            if (!eng_vec_is_valid(&v, (int)i))
                continue;
            eng_rc rc = eng_arr_copy(a, inner, s[i], &s[i], err);
            if (rc != ENG_OK)
                return rc;
        }
    }
    *out = r;
    return ENG_OK;
}

/* See types.h. */
eng_rc eng_value_own(eng_arena *a, eng_value *v, eng_error *err)
{
    if (v->is_null)
        return ENG_OK;
    if (eng_type_is_str(v->type.id)) {
        char *p = eng_arena_memdup(a, v->u.s.ptr ? v->u.s.ptr : "",
                                   v->u.s.len);
        if (!p)
            return eng_err_oom(err);
        v->u.s.ptr = p;
    } else if (v->type.id == ENG_T_ARRAY) {
        return eng_arr_copy(a, eng_type_elem(v->type), v->u.arr, &v->u.arr,
                            err);
    }
    return ENG_OK;
}

/* See types.h. Each element as eng_value_to_text prints it (strings as
 * they are, NULL as NULL, inner arrays bracketed), joined by ", ". */
char *eng_arr_to_text(eng_arena *a, eng_type elem, eng_arr x)
{
    char **parts = x.n ? eng_arena_alloc(a, sizeof *parts * x.n) : NULL;
    size_t total = 2;
    if (x.n && !parts)
        return NULL;
    for (uint32_t i = 0; i < x.n; i++) {
        eng_value e;
        eng_arr_get(elem, x, i, &e);
        if (!(parts[i] = eng_value_to_text(a, &e)))
            return NULL;
        total += strlen(parts[i]) + (i ? 2 : 0);
    }
    char *t = eng_arena_alloc(a, total + 1);
    if (!t)
        return NULL;
    size_t o = 0;
    t[o++] = '[';
    for (uint32_t i = 0; i < x.n; i++) {
        if (i) {
            t[o++] = ',';
            t[o++] = ' ';
        }
        size_t k = strlen(parts[i]);
        memcpy(t + o, parts[i], k);
        o += k;
    }
    t[o++] = ']';
    t[o] = '\0';
    return t;
}
