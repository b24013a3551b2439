/*
 * engine/exec/hash.c
 *   Hashing, equality and ordering of vector elements, and the open-
 *   addressing hash table of row ids shared by hash join, hash
 *   aggregation and distinct.
 * Interface: exec_hash_vec, exec_hash_vec_sel, exec_hash_elem,
 *   exec_hash_is_key, exec_elem_eq, exec_elem_cmp, exec_htab_init,
 *   exec_htab_free, exec_htab_find, exec_htab_insert, exec_htab_reserve
 *   (exec_htab_prefetch
 *   and exec_htab_find_exact inline in exec_int.h).
 * Not here: what a key is (the operators decide which vectors to hash);
 *   the general-purpose mix, combine and byte hash (common/hash.h).
 *
 * Doubles hash and compare so that -0.0 equals 0.0 and every NaN equals
 * every other NaN; decimals of one type hash by unscaled value; strings by
 * their bytes. NULL has its own hash and equals NULL here (grouping):
 * joins skip NULL keys before they get this far.
 */
#include <math.h>
#include <string.h>
#include "exec_int.h"

#define NULL_HASH 0x9e3779b97f4a7c15ULL
#define SEED 0x2545f4914f6cdd1dULL

/* Hash of a double with -0.0 folded into 0.0 and one NaN. */
static inline uint64_t hash_double(double d)
{
    if (d == 0.0)
        d = 0.0;
    if (isnan(d))
        return 0x7ff8000000000000ULL * 31;
    uint64_t u;
    memcpy(&u, &d, 8);
    return eng_hash_u64(u);
}

static inline uint64_t hash_i128(eng_int128 v)
{
    unsigned __int128 u = (unsigned __int128)v;
    return eng_hash_u64((uint64_t)u ^ eng_hash_u64((uint64_t)(u >> 64)));
}

/* Element hash of v[i] (NULL_HASH for NULL). */
uint64_t exec_hash_elem(const eng_vector *v, int i)
{
    if (v->type.id == ENG_T_UNKNOWN || !eng_vec_is_valid(v, i))
        return NULL_HASH;
    switch (v->type.id) {
    case ENG_T_BOOLEAN: return eng_hash_u64(((const uint8_t *)v->data)[i] ? 2 : 1);
    case ENG_T_SMALLINT: return eng_hash_u64((uint64_t)((const int16_t *)v->data)[i]);
    case ENG_T_INTEGER:
    case ENG_T_DATE: return eng_hash_u64((uint64_t)((const int32_t *)v->data)[i]);
    case ENG_T_BIGINT:
    case ENG_T_TIMESTAMP: case ENG_T_TIME:
    case ENG_T_INTERVAL_DS: case ENG_T_INTERVAL_YM:
        return eng_hash_u64((uint64_t)((const int64_t *)v->data)[i]);
    case ENG_T_DOUBLE: return hash_double(((const double *)v->data)[i]);
    case ENG_T_DECIMAL: return hash_i128(((const eng_int128 *)v->data)[i]);
    case ENG_T_VARCHAR: case ENG_T_VARBINARY: case ENG_T_UUID: case ENG_T_JSON: {
        eng_str s = ((const eng_str *)v->data)[i];
        return eng_hash_bytes(s.ptr, s.len);
    }
    case ENG_T_TIMESTAMP_TZ: case ENG_T_TIME_TZ:
        /* by instant: equal instants in different zones are equal */
        return eng_hash_u64((uint64_t)eng_tstz_instant(
            v->type.id, ((const eng_tstz *)v->data)[i]));
    case ENG_T_ARRAY: {
        /* the elements' hashes in order, then the count */
        eng_vector ev;
        eng_arr x = ((const eng_arr *)v->data)[i];
        eng_arr_view(eng_type_elem(v->type), x, &ev);
        uint64_t h = SEED;
        for (uint32_t k = 0; k < x.n; k++)
            h = eng_hash_combine(h, exec_hash_elem(&ev, (int)k));
        return eng_hash_combine(h, eng_hash_u64(x.n));
    }
    case ENG_T_UNKNOWN: break;
    }
    return NULL_HASH;
}

#define HASH_LOOP(T, EXPR)                                                 \
    do {                                                                   \
        const T *d = v->data;                                              \
        for (int i = 0; i < n; i++) {                                      \
            uint64_t e = eng_vec_is_valid(v, i) ? (EXPR) : NULL_HASH;      \
            h[i] = eng_hash_combine(init ? SEED : h[i], e);                \
        }                                                                  \
    } while (0)

/*
 * Mixes the hash of v[i] into h[i] for i < n; with init the running value
 * starts from a fixed seed (first key column).
 */
void exec_hash_vec(const eng_vector *v, int n, uint64_t *h, bool init)
{
    switch (v->type.id) {
    case ENG_T_BOOLEAN: HASH_LOOP(uint8_t, eng_hash_u64(d[i] ? 2 : 1)); break;
    case ENG_T_SMALLINT: HASH_LOOP(int16_t, eng_hash_u64((uint64_t)d[i])); break;
    case ENG_T_INTEGER:
    case ENG_T_DATE: HASH_LOOP(int32_t, eng_hash_u64((uint64_t)d[i])); break;
    case ENG_T_BIGINT:
    case ENG_T_TIMESTAMP: case ENG_T_TIME:
    case ENG_T_INTERVAL_DS: case ENG_T_INTERVAL_YM:
        HASH_LOOP(int64_t, eng_hash_u64((uint64_t)d[i])); break;
    case ENG_T_DOUBLE: HASH_LOOP(double, hash_double(d[i])); break;
    case ENG_T_DECIMAL: HASH_LOOP(eng_int128, hash_i128(d[i])); break;
    case ENG_T_VARCHAR: case ENG_T_VARBINARY: case ENG_T_UUID: case ENG_T_JSON:
        HASH_LOOP(eng_str, eng_hash_bytes(d[i].ptr, d[i].len));
        break;
    case ENG_T_TIMESTAMP_TZ: case ENG_T_TIME_TZ:
        HASH_LOOP(eng_tstz, eng_hash_u64((uint64_t)eng_tstz_instant(
                                 v->type.id, d[i])));
        break;
    case ENG_T_ARRAY:
        for (int i = 0; i < n; i++)
            h[i] = eng_hash_combine(init ? SEED : h[i], exec_hash_elem(v, i));
        break;
    case ENG_T_UNKNOWN:
        for (int i = 0; i < n; i++)
            h[i] = eng_hash_combine(init ? SEED : h[i], NULL_HASH);
        break;
    }
}

/*
 * Like exec_hash_vec over the rows sel[0..n-1] of v (a batch read through
 * its selection vector): h[i] mixes the hash of element sel[i], the same
 * value exec_hash_vec gives that element. sel NULL means rows 0..n-1.
 */
void exec_hash_vec_sel(const eng_vector *v, const int *sel, int n, uint64_t *h,
                       bool init)
{
    if (!sel) {
        exec_hash_vec(v, n, h, init);
        return;
    }
    for (int i = 0; i < n; i++)
        h[i] = eng_hash_combine(init ? SEED : h[i], exec_hash_elem(v, sel[i]));
}

/*
 * Why the hash of one integer key is injective: eng_hash_u64 (splitmix64's
 * finalizer) is a bijection of 64-bit words, the value is sign-extended
 * into one (distinct values, distinct words), and eng_hash_combine with
 * the fixed seed adds a constant, xors one and mixes again, each a
 * bijection. The same holds for every width, so a smallint probe finds an
 * integer build key of equal value.
 */
bool exec_hash_is_key(eng_type_id t)
{
    switch (t) {
    case ENG_T_SMALLINT: case ENG_T_INTEGER: case ENG_T_DATE:
    case ENG_T_BIGINT: case ENG_T_TIMESTAMP: case ENG_T_TIME:
    case ENG_T_INTERVAL_DS: case ENG_T_INTERVAL_YM:
        return true;
    default:
        return false;
    }
}

/* Equality with NULL == NULL, -0.0 == 0.0, NaN == NaN. */
bool exec_elem_eq(const eng_vector *a, int ia, const eng_vector *b, int ib)
{
    bool va = a->type.id != ENG_T_UNKNOWN && eng_vec_is_valid(a, ia);
    bool vb = b->type.id != ENG_T_UNKNOWN && eng_vec_is_valid(b, ib);
    if (!va || !vb)
        return va == vb;
    if (a->type.id == ENG_T_DOUBLE) {
        double x = ((const double *)a->data)[ia];
        double y = ((const double *)b->data)[ib];
        return x == y || (isnan(x) && isnan(y));
    }
    return exec_elem_cmp(a, ia, b, ib) == 0;
}

#define CMP3(x, y) ((x) < (y) ? -1 : (x) > (y) ? 1 : 0)

/* Three-way comparison of two non-NULL elements of one type id. */
int exec_elem_cmp(const eng_vector *a, int ia, const eng_vector *b, int ib)
{
    switch (a->type.id) {
    case ENG_T_BOOLEAN: {
        int x = ((const uint8_t *)a->data)[ia] != 0;
        int y = ((const uint8_t *)b->data)[ib] != 0;
        return CMP3(x, y);
    }
    case ENG_T_SMALLINT:
        return CMP3(((const int16_t *)a->data)[ia],
                    ((const int16_t *)b->data)[ib]);
    case ENG_T_INTEGER:
    case ENG_T_DATE:
        return CMP3(((const int32_t *)a->data)[ia],
                    ((const int32_t *)b->data)[ib]);
    case ENG_T_BIGINT:
    case ENG_T_TIMESTAMP: case ENG_T_TIME:
    case ENG_T_INTERVAL_DS: case ENG_T_INTERVAL_YM:
        return CMP3(((const int64_t *)a->data)[ia],
                    ((const int64_t *)b->data)[ib]);
    case ENG_T_TIMESTAMP_TZ: case ENG_T_TIME_TZ: {
        int64_t x = eng_tstz_instant(a->type.id,
                                     ((const eng_tstz *)a->data)[ia]);
        int64_t y = eng_tstz_instant(b->type.id,
                                     ((const eng_tstz *)b->data)[ib]);
        return CMP3(x, y);
    }
    case ENG_T_DOUBLE: {
        double x = ((const double *)a->data)[ia];
        double y = ((const double *)b->data)[ib];
        bool nx = isnan(x), ny = isnan(y);
        if (nx || ny)
            return nx == ny ? 0 : nx ? 1 : -1;
        return CMP3(x, y);
    }
    case ENG_T_DECIMAL: {
        eng_int128 x = ((const eng_int128 *)a->data)[ia];
        eng_int128 y = ((const eng_int128 *)b->data)[ib];
        int sa = a->type.scale, sb = b->type.scale;
        if (sa != sb) {
            eng_int128 rx = x, ry = y;
            if (sa < sb ? exec_dec_rescale(x, sa, sb, &rx)
                        : exec_dec_rescale(y, sb, sa, &ry))
                return sa < sb ? (x < 0 ? -1 : 1) : (y < 0 ? 1 : -1);
            return CMP3(rx, ry);
        }
        return CMP3(x, y);
    }
    case ENG_T_VARCHAR: case ENG_T_VARBINARY: case ENG_T_UUID: case ENG_T_JSON: {
        eng_str x = ((const eng_str *)a->data)[ia];
        eng_str y = ((const eng_str *)b->data)[ib];
        uint32_t m = x.len < y.len ? x.len : y.len;
        int c = m ? memcmp(x.ptr, y.ptr, m) : 0;
        if (c)
            return c < 0 ? -1 : 1;
        return CMP3(x.len, y.len);
    }
    case ENG_T_ARRAY: {
        /* element by element (exec_elem_eq's equality, NULL elements
         * equal to each other and after values), then the shorter first:
         * a total order for grouping, DISTINCT and sorting */
        eng_type et = eng_type_elem(a->type);
        eng_arr x = ((const eng_arr *)a->data)[ia];
        eng_arr y = ((const eng_arr *)b->data)[ib];
        eng_vector ex, ey;
        eng_arr_view(et, x, &ex);
        eng_arr_view(et, y, &ey);
        uint32_t m = x.n < y.n ? x.n : y.n;
        for (uint32_t k = 0; k < m; k++) {
            bool vx = et.id != ENG_T_UNKNOWN && eng_vec_is_valid(&ex, (int)k);
            bool vy = et.id != ENG_T_UNKNOWN && eng_vec_is_valid(&ey, (int)k);
            if (!vx || !vy) {
                if (vx != vy)
                    return vx ? -1 : 1;
                continue;
            }
            int c = exec_elem_cmp(&ex, (int)k, &ey, (int)k);
            if (c)
                return c;
        }
        return CMP3(x.n, y.n);
    }
    case ENG_T_UNKNOWN: break;
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Hash table                                                          */
/* ------------------------------------------------------------------ */

/* Allocates the slot array for cap slots, all empty. */
static eng_rc htab_alloc(exec_htab *h, uint64_t cap, eng_error *err)
{
    h->slots = eng_malloc(sizeof(exec_htab_slot) * cap);
    if (!h->slots)
        return eng_err_oom(err);
    for (uint64_t i = 0; i < cap; i++)
        h->slots[i].id = -1;
    h->cap = cap;
    return ENG_OK;
}

/* Creates an empty table (64 slots). ENG_NOMEM on OOM. */
eng_rc exec_htab_init(exec_htab *h, eng_error *err)
{
    memset(h, 0, sizeof *h);
    return htab_alloc(h, 64, err);
}

/* Frees the table; safe on a zeroed or already freed table. */
void exec_htab_free(exec_htab *h)
{
    if (h->acct)
        exec_mem_charge(h->acct, h->what, -h->charged);
    eng_free(h->slots);
    memset(h, 0, sizeof *h);
}

eng_rc exec_htab_account(exec_htab *h, exec_ctx *ctx, const char *what)
{
    h->acct = ctx;
    h->what = what;
    h->charged = (int64_t)h->cap * (int64_t)sizeof(exec_htab_slot);
    return exec_mem_charge(ctx, what, h->charged);
}

/* Returns the id of an entry with `hash` accepted by eq(arg, id), or -1. */
int64_t exec_htab_find(const exec_htab *h, uint64_t hash, exec_eq_fn eq, void *arg)
{
    uint64_t mask = h->cap - 1;
    for (uint64_t i = hash & mask;; i = (i + 1) & mask) {
        const exec_htab_slot *s = &h->slots[i];
        if (s->id < 0)
            return -1;
        if (s->hash == hash && eq(arg, s->id))
            return s->id;
    }
}

/* Places (hash, id) in the first free slot of its probe sequence. */
static void place(exec_htab *h, uint64_t hash, int64_t id)
{
    uint64_t mask = h->cap - 1;
    uint64_t i = hash & mask;
    while (h->slots[i].id >= 0)
        i = (i + 1) & mask;
    h->slots[i].id = id;
    h->slots[i].hash = hash;
}

/* Moves every entry of h into a fresh table of cap slots; on OOM h is
 * unchanged. Charges the growth to h's account. */
static eng_rc htab_regrow(exec_htab *h, uint64_t cap, eng_error *err)
{
    exec_htab old = *h;
    eng_rc rc = htab_alloc(h, cap, err);
    if (rc != ENG_OK) {
        *h = old;
        return rc;
    }
    h->count = old.count;
    for (uint64_t i = 0; i < old.cap; i++)
        if (old.slots[i].id >= 0)
            place(h, old.slots[i].hash, old.slots[i].id);
    eng_free(old.slots);
    h->acct = old.acct;
    h->what = old.what;
    h->charged = old.charged;
    if (h->acct) {
        int64_t d = (int64_t)(h->cap - old.cap) *
                    (int64_t)sizeof(exec_htab_slot);
        h->charged += d;
        if ((rc = exec_mem_charge(h->acct, h->what, d)) != ENG_OK)
            return rc;
    }
    return ENG_OK;
}

/*
 * Grows h so that n entries in all fit without a resize (70% full at
 * most). No-op when they already do. ENG_NOMEM on OOM (h unchanged),
 * 53200 past the memory limit.
 */
eng_rc exec_htab_reserve(exec_htab *h, uint64_t n, eng_error *err)
{
    uint64_t cap = h->cap;
    while (n * 10 > cap * 7)
        cap *= 2;
    return cap == h->cap ? ENG_OK : htab_regrow(h, cap, err);
}

/*
 * Inserts (hash, id), doubling the table past 70% full (linear probing
 * with the hash beside its id in one 16-byte slot: a lookup touches one
 * cache line, and a probe run rarely leaves it; a million groups fit
 * 2^20 slots, 16 MB, where a half-full limit needed 32). On OOM the
 * table is unchanged and ENG_NOMEM is returned.
 */
eng_rc exec_htab_insert(exec_htab *h, uint64_t hash, int64_t id, eng_error *err)
{
    if ((h->count + 1) * 10 > h->cap * 7) {
        eng_rc rc = htab_regrow(h, h->cap * 2, err);
        if (rc != ENG_OK)
            return rc;
    }
    place(h, hash, id);
    h->count++;
    return ENG_OK;
}
