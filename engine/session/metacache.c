/*
 * engine/session/metacache.c
 *   The per-connection metadata cache: what governance.c read from a
 *   catalog (a table's definition, the schema, table and view lists, a
 *   table's keys, the foreign keys between two tables) is kept for MetadataCache seconds, so that binding a
 *   query or answering SQLColumns does not ask the catalog's server again.
 * Interface: sess_mc_create, sess_mc_destroy, sess_mc_set_ttl,
 *   sess_mc_flush, sess_mc_misses, sess_mc_get_table, sess_mc_put_table,
 *   sess_mc_get_list, sess_mc_put_list, sess_mc_get_keys, sess_mc_put_keys,
 *   sess_mc_get_fkeys, sess_mc_put_fkeys.
 * Not here: deciding what is allowed (governance.c, which calls these
 *   after its allow-list checks and before it asks the connector); when to
 *   flush (the façade after each write, txn.c at each transaction end,
 *   eng_refresh_metadata on demand).
 *
 * Why copies: callers own what they get in their own arena (a bound plan
 * keeps its table definitions as long as the statement lives), while a
 * flush must be able to drop everything at once. So entries live in the
 * cache's arena and every hit is copied out; a flush resets that arena.
 * Stale entries (older than the TTL) are unlinked and their memory stays
 * until the next flush; past SESS_MC_MAX_BYTES the cache flushes itself.
 * Only successful answers are kept: a table that was not found is asked
 * for again, so one created elsewhere shows at once.
 * One mutex guards the cache: the system catalog's scans (system.jdbc,
 * information_schema) may run on reader threads of another statement.
 */
#include <pthread.h>
#include <string.h>
#include <time.h>

#include "session.h"

#define SESS_MC_MAX_BYTES ((size_t)32 << 20)

typedef enum mc_kind { MC_TABLE, MC_SCHEMAS, MC_TABLES, MC_VIEWS, MC_KEYS,
                       MC_FKEYS } mc_kind;

typedef struct mc_entry {
    struct mc_entry *next;
    mc_kind kind;
    const eng_catalog *cat;
    char *schema, *table;     /* NULL when not part of the key */
    char *schema2, *table2;   /* MC_FKEYS: the referencing table (schema,
                                 table: the referenced one); NULL = any */
    int64_t loaded_ms;
    eng_table_def *def;       /* MC_TABLE */
    char **names, **defs;     /* MC_SCHEMAS/TABLES/VIEWS (defs: views) */
    int n;
    eng_table_keys keys;      /* MC_KEYS */
    eng_foreign_key *fks;     /* MC_FKEYS: n of them */
} mc_entry;

struct sess_metacache {
    pthread_mutex_t mu;
    unsigned ttl_s;           /* 0: off */
    eng_arena *arena;         /* entries; NULL until the first one */
    mc_entry *head;
    uint64_t misses;          /* answers asked of a catalog */
};

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

sess_metacache *sess_mc_create(unsigned ttl_s)
{
    sess_metacache *m = eng_calloc(1, sizeof *m);
    if (!m)
        return NULL;
    pthread_mutex_init(&m->mu, NULL);
    m->ttl_s = ttl_s;
    return m;
}

void sess_mc_destroy(sess_metacache *m)
{
    if (!m)
        return;
    if (m->arena)
        eng_arena_destroy(m->arena);
    pthread_mutex_destroy(&m->mu);
    eng_free(m);
}

/* Drops every entry; m->mu held. */
static void flush_locked(sess_metacache *m)
{
    m->head = NULL;
    if (m->arena)
        eng_arena_reset(m->arena);
}

void sess_mc_flush(sess_metacache *m)
{
    if (!m)
        return;
    pthread_mutex_lock(&m->mu);
    flush_locked(m);
    pthread_mutex_unlock(&m->mu);
}

void sess_mc_set_ttl(sess_metacache *m, unsigned ttl_s)
{
    if (!m)
        return;
    pthread_mutex_lock(&m->mu);
    m->ttl_s = ttl_s;
    flush_locked(m);
    pthread_mutex_unlock(&m->mu);
}

uint64_t sess_mc_misses(sess_metacache *m)
{
    if (!m)
        return 0;
    pthread_mutex_lock(&m->mu);
    uint64_t n = m->misses;
    pthread_mutex_unlock(&m->mu);
    return n;
}

static bool same(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

/* The fresh entry for the key, or NULL; unlinks a stale one. m->mu held. */
static mc_entry *find_locked(sess_metacache *m, mc_kind kind,
                             const eng_catalog *cat, const char *schema,
                             const char *table, const char *schema2,
                             const char *table2)
{
    int64_t now = now_ms();
    for (mc_entry **pp = &m->head; *pp; pp = &(*pp)->next) {
        mc_entry *e = *pp;
        if (e->kind != kind || e->cat != cat || !same(e->schema, schema) ||
            !same(e->table, table) || !same(e->schema2, schema2) ||
            !same(e->table2, table2))
            continue;
        if (now - e->loaded_ms >= (int64_t)m->ttl_s * 1000) {
            *pp = e->next;
            return NULL;
        }
        return e;
    }
    return NULL;
}

/*
 * Locks m and finds the key. Returns NULL with m unlocked when the cache
 * is off or has no fresh entry (a miss, counted), else the entry with m
 * locked: the caller copies it out and unlocks.
 */
static mc_entry *lookup2(sess_metacache *m, mc_kind kind,
                         const eng_catalog *cat, const char *schema,
                         const char *table, const char *schema2,
                         const char *table2)
{
    if (!m)
        return NULL;
    pthread_mutex_lock(&m->mu);
    mc_entry *e = m->ttl_s ? find_locked(m, kind, cat, schema, table, schema2,
                                         table2)
                           : NULL;
    if (!e) {
        m->misses++;
        pthread_mutex_unlock(&m->mu);
    }
    return e;
}

/*
 * Locks m and returns a new entry for the key in m's arena (linked
 * first), or NULL with m unlocked when the cache is off or memory ran
 * out (the answer is then simply not kept).
 */
static mc_entry *insert2(sess_metacache *m, mc_kind kind,
                         const eng_catalog *cat, const char *schema,
                         const char *table, const char *schema2,
                         const char *table2)
{
    if (!m)
        return NULL;
    pthread_mutex_lock(&m->mu);
    if (!m->ttl_s)
        goto none;
    if (m->arena && eng_arena_bytes(m->arena) > SESS_MC_MAX_BYTES)
        flush_locked(m);
    if (!m->arena && !(m->arena = eng_arena_create()))
        goto none;
    for (mc_entry **pp = &m->head; *pp; pp = &(*pp)->next)
        if ((*pp)->kind == kind && (*pp)->cat == cat &&
            same((*pp)->schema, schema) && same((*pp)->table, table) &&
            same((*pp)->schema2, schema2) && same((*pp)->table2, table2)) {
            *pp = (*pp)->next;        /* no duplicates */
            break;
        }
    mc_entry *e = eng_arena_calloc(m->arena, sizeof *e);
    if (!e || (schema && !(e->schema = eng_arena_strdup(m->arena, schema))) ||
        (table && !(e->table = eng_arena_strdup(m->arena, table))) ||
        (schema2 && !(e->schema2 = eng_arena_strdup(m->arena, schema2))) ||
        (table2 && !(e->table2 = eng_arena_strdup(m->arena, table2))))
        goto none;
    e->kind = kind;
    e->cat = cat;
    e->loaded_ms = now_ms();
    return e;
none:
    pthread_mutex_unlock(&m->mu);
    return NULL;
}

/* lookup2 / insert2 for the kinds keyed by one table (or none). */
static mc_entry *lookup(sess_metacache *m, mc_kind kind,
                        const eng_catalog *cat, const char *schema,
                        const char *table)
{
    return lookup2(m, kind, cat, schema, table, NULL, NULL);
}

static mc_entry *insert(sess_metacache *m, mc_kind kind,
                        const eng_catalog *cat, const char *schema,
                        const char *table)
{
    return insert2(m, kind, cat, schema, table, NULL, NULL);
}

/* Links e (from insert) and unlocks m. */
static void publish(sess_metacache *m, mc_entry *e)
{
    e->next = m->head;
    m->head = e;
    pthread_mutex_unlock(&m->mu);
}

/* ------------------------------------------------------------- copies */

static bool dup_str(eng_arena *a, char **dst, const char *src)
{
    *dst = NULL;
    return !src || (*dst = eng_arena_strdup(a, src)) != NULL;
}

/* A deep copy of def in arena a; NULL on OOM. */
static eng_table_def *copy_def(eng_arena *a, const eng_table_def *def)
{
    eng_table_def *d = eng_arena_alloc(a, sizeof *d);
    if (!d)
        return NULL;
    *d = *def;
    d->cols = eng_arena_calloc(a, sizeof *d->cols *
                                  (size_t)(def->ncols > 0 ? def->ncols : 1));
    if (!d->cols || !dup_str(a, &d->catalog, def->catalog) ||
        !dup_str(a, &d->schema, def->schema) ||
        !dup_str(a, &d->name, def->name))
        return NULL;
    for (int i = 0; i < def->ncols; i++) {
        d->cols[i] = def->cols[i];
        if (!dup_str(a, &d->cols[i].name, def->cols[i].name) ||
            !dup_str(a, &d->cols[i].remote_type_name,
                     def->cols[i].remote_type_name))
            return NULL;
    }
    return d;
}

/* A copy of n strings (an array of n + 1, NULL-terminated); *out NULL
 * for a NULL array. False on OOM. */
static bool copy_names(eng_arena *a, char **src, int n, char ***out)
{
    *out = NULL;
    if (!src)
        return true;
    char **v = eng_arena_calloc(a, sizeof *v * (size_t)(n + 1));
    if (!v)
        return false;
    for (int i = 0; i < n; i++)
        if (!dup_str(a, &v[i], src[i]))
            return false;
    *out = v;
    return true;
}

static bool copy_cstr(eng_arena *a, const char **dst, const char *src)
{
    char *d;
    if (!dup_str(a, &d, src))
        return false;
    *dst = d;
    return true;
}

static bool copy_keys(eng_arena *a, const eng_table_keys *src,
                      eng_table_keys *dst)
{
    memset(dst, 0, sizeof *dst);
    if (src->nindexes == 0)
        return true;
    dst->indexes = eng_arena_calloc(a, sizeof *dst->indexes *
                                       (size_t)src->nindexes);
    if (!dst->indexes)
        return false;
    dst->nindexes = src->nindexes;
    for (int i = 0; i < src->nindexes; i++) {
        const eng_index *s = &src->indexes[i];
        eng_index *d = &dst->indexes[i];
        *d = *s;
        d->cols = NULL;
        d->descending = NULL;
        if (!copy_cstr(a, &d->name, s->name) ||
            !copy_cstr(a, &d->filter, s->filter))
            return false;
        if (s->ncols > 0) {
            const char **c = eng_arena_calloc(a, sizeof *c * (size_t)s->ncols);
            bool *desc = eng_arena_calloc(a, sizeof *desc * (size_t)s->ncols);
            if (!c || !desc)
                return false;
            for (int k = 0; k < s->ncols; k++) {
                if (!copy_cstr(a, &c[k], s->cols[k]))
                    return false;
                desc[k] = s->descending ? s->descending[k] : false;
            }
            d->cols = c;
            d->descending = desc;
        }
    }
    return true;
}

/* A deep copy of n foreign keys in arena a (*dst NULL for none). False on
 * OOM. */
static bool copy_fks(eng_arena *a, const eng_foreign_key *src, int n,
                     eng_foreign_key **dst)
{
    *dst = NULL;
    if (n <= 0)
        return true;
    eng_foreign_key *v = eng_arena_calloc(a, sizeof *v * (size_t)n);
    if (!v)
        return false;
    for (int i = 0; i < n; i++) {
        const eng_foreign_key *f = &src[i];
        eng_foreign_key *d = &v[i];
        *d = *f;
        d->cols = d->ref_cols = NULL;
        if (!copy_cstr(a, &d->name, f->name) ||
            !copy_cstr(a, &d->schema, f->schema) ||
            !copy_cstr(a, &d->table, f->table) ||
            !copy_cstr(a, &d->ref_schema, f->ref_schema) ||
            !copy_cstr(a, &d->ref_table, f->ref_table) ||
            !copy_cstr(a, &d->ref_key, f->ref_key))
            return false;
        if (f->ncols > 0) {
            const char **c = eng_arena_calloc(a, sizeof *c * (size_t)f->ncols);
            const char **r = eng_arena_calloc(a, sizeof *r * (size_t)f->ncols);
            if (!c || !r)
                return false;
            for (int k = 0; k < f->ncols; k++)
                if (!copy_cstr(a, &c[k], f->cols[k]) ||
                    !copy_cstr(a, &r[k], f->ref_cols[k]))
                    return false;
            d->cols = c;
            d->ref_cols = r;
        }
    }
    *dst = v;
    return true;
}

/* ------------------------------------------------------------- entries */

int sess_mc_get_table(sess_metacache *m, const eng_catalog *cat,
                      const char *schema, const char *table, eng_arena *a,
                      eng_table_def **out)
{
    mc_entry *e = lookup(m, MC_TABLE, cat, schema, table);
    if (!e)
        return 0;
    *out = copy_def(a, e->def);
    pthread_mutex_unlock(&m->mu);
    return *out ? 1 : -1;
}

void sess_mc_put_table(sess_metacache *m, const eng_catalog *cat,
                       const char *schema, const char *table,
                       const eng_table_def *def)
{
    mc_entry *e = insert(m, MC_TABLE, cat, schema, table);
    if (!e)
        return;
    if (!(e->def = copy_def(m->arena, def))) {
        pthread_mutex_unlock(&m->mu);
        return;
    }
    publish(m, e);
}

/* MC_SCHEMAS (schema NULL), MC_TABLES, MC_VIEWS (with defs). */
static mc_kind list_kind(int which)
{
    return which == SESS_MC_SCHEMAS ? MC_SCHEMAS
           : which == SESS_MC_TABLES ? MC_TABLES : MC_VIEWS;
}

int sess_mc_get_list(sess_metacache *m, int which, const eng_catalog *cat,
                     const char *schema, eng_arena *a, char ***names,
                     char ***defs, int *n)
{
    mc_entry *e = lookup(m, list_kind(which), cat, schema, NULL);
    if (!e)
        return 0;
    bool ok = copy_names(a, e->names, e->n, names) &&
              (!defs || copy_names(a, e->defs, e->n, defs));
    *n = e->n;
    pthread_mutex_unlock(&m->mu);
    return ok ? 1 : -1;
}

void sess_mc_put_list(sess_metacache *m, int which, const eng_catalog *cat,
                      const char *schema, char **names, char **defs, int n)
{
    mc_entry *e = insert(m, list_kind(which), cat, schema, NULL);
    if (!e)
        return;
    e->n = n;
    if (!copy_names(m->arena, names, n, &e->names) ||
        !copy_names(m->arena, defs, n, &e->defs)) {
        pthread_mutex_unlock(&m->mu);
        return;
    }
    publish(m, e);
}

int sess_mc_get_keys(sess_metacache *m, const eng_catalog *cat,
                     const char *schema, const char *table, eng_arena *a,
                     eng_table_keys *out)
{
    mc_entry *e = lookup(m, MC_KEYS, cat, schema, table);
    if (!e)
        return 0;
    bool ok = copy_keys(a, &e->keys, out);
    pthread_mutex_unlock(&m->mu);
    return ok ? 1 : -1;
}

void sess_mc_put_keys(sess_metacache *m, const eng_catalog *cat,
                      const char *schema, const char *table,
                      const eng_table_keys *keys)
{
    mc_entry *e = insert(m, MC_KEYS, cat, schema, table);
    if (!e)
        return;
    if (!copy_keys(m->arena, keys, &e->keys)) {
        pthread_mutex_unlock(&m->mu);
        return;
    }
    publish(m, e);
}

int sess_mc_get_fkeys(sess_metacache *m, const eng_catalog *cat,
                      const char *ref_schema, const char *ref_table,
                      const char *schema, const char *table, eng_arena *a,
                      eng_foreign_key **out, int *n)
{
    mc_entry *e = lookup2(m, MC_FKEYS, cat, ref_schema, ref_table, schema,
                          table);
    if (!e)
        return 0;
    bool ok = copy_fks(a, e->fks, e->n, out);
    *n = ok ? e->n : 0;
    pthread_mutex_unlock(&m->mu);
    return ok ? 1 : -1;
}

void sess_mc_put_fkeys(sess_metacache *m, const eng_catalog *cat,
                       const char *ref_schema, const char *ref_table,
                       const char *schema, const char *table,
                       const eng_foreign_key *fks, int n)
{
    mc_entry *e = insert2(m, MC_FKEYS, cat, ref_schema, ref_table, schema,
                          table);
    if (!e)
        return;
    e->n = n;
    if (!copy_fks(m->arena, fks, n, &e->fks)) {
        pthread_mutex_unlock(&m->mu);
        return;
    }
    publish(m, e);
}
