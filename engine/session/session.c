/*
 * engine/session/session.c
 *   A session's state: its catalogs (read from the catalog file), their
 *   lazily opened connector instances, and the default catalog/schema.
 * Interface: sess_open, sess_close, sess_set_default, sess_set_timeout,
 *   sess_catalog_find, sess_catalog_state, sess_set_optimizer.
 * Not here: parsing the catalog file (catalog_file.c), allow-lists
 *   (governance.c), the façade that wraps these (engine.c).
 *
 * Lifetime: the session's arena holds the catalog registry and lives from
 * sess_open to sess_close; the defaults are eng_malloc'ed because USE
 * replaces them many times.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "session.h"

/* Returns an eng_malloc'ed lower-case copy of s, or NULL on OOM. */
static char *lower_dup(const char *s)
{
    char *d = eng_strdup(s);
    if (d)
        for (char *p = d; *p; p++)
            *p = (char)tolower((unsigned char)*p);
    return d;
}

/*
 * Opens a session over the catalog file at path, with optional default
 * catalog and schema (NULL or ""). Reads the file now; contacts no server.
 * On failure *out is NULL and err says why.
 */
eng_rc sess_open(const char *path, const char *cat, const char *sch,
                 eng_conn **out, eng_error *err)
{
    eng_conn *c;
    eng_rc rc;

    *out = NULL;
    c = eng_calloc(1, sizeof *c);
    if (!c)
        return eng_err_oom(err);
    c->arena = eng_arena_create();
    if (!c->arena) {
        eng_free(c);
        return eng_err_oom(err);
    }
    c->tz_key = sess_local_zone();
    c->split_ranges = c->split_ranges_dsn = SESS_SPLIT_RANGES_DEFAULT;
    c->split_min_pages = c->split_min_pages_dsn =
        SESS_SPLIT_MIN_PAGES_DEFAULT;
    if (!(c->mcache = sess_mc_create(SESS_MC_DEFAULT_TTL))) {
        eng_arena_destroy(c->arena);
        eng_free(c);
        return eng_err_oom(err);
    }
    rc = sess_catalog_file_load(c, path, err);
    /* every catalog but the built-in one (answered from memory) caches */
    for (int i = 0; rc == ENG_OK && i < c->ncatalogs; i++)
        if (c->catalogs[i].ops != &eng_system_connector)
            c->catalogs[i].mc = c->mcache;
    if (rc == ENG_OK)
        rc = sess_set_default(c, (cat && *cat) ? cat : NULL,
                             (sch && *sch) ? sch : NULL, err);
    /* the default catalog is checked once folded, as every name is */
    if (rc == ENG_OK && c->def_catalog && !sess_catalog_find(c, c->def_catalog))
        rc = eng_err_set(err, ENG_ERR_INVALID_CATALOG_NAME, 0,
                         "Catalog '%s' does not exist in catalog file '%s'",
                         cat, c->catalogs_path);
    if (rc != ENG_OK) {
        sess_close(c);
        return rc;
    }
    *out = c;
    return ENG_OK;
}

eng_rc sess_open_remote(trino_client *client, int32_t tz_key, eng_conn **out,
                        eng_error *err)
{
    eng_conn *c = eng_calloc(1, sizeof *c);
    *out = NULL;
    if (!c || !(c->arena = eng_arena_create())) {
        eng_free(c);
        return eng_err_oom(err);
    }
    c->remote = client;
    c->tz_key = tz_key;
    *out = c;
    return ENG_OK;
}

/* Closes every opened connector instance and frees the session. */
void sess_close(eng_conn *c)
{
    if (!c)
        return;
    trino_client_close(c->remote);
    for (int i = 0; i < c->ncatalogs; i++) {
        eng_catalog *cat = &c->catalogs[i];
        if (cat->state && cat->ops != &eng_system_connector && cat->ops->close)
            cat->ops->close(cat->state);
        cat->state = NULL;
    }
    eng_free(c->def_catalog);
    eng_free(c->def_schema);
    sess_mc_destroy(c->mcache);
    eng_arena_destroy(c->arena);
    eng_free(c);
}

/*
 * Replaces the session's default catalog and schema (names are folded to
 * lower case as Trino does). Either may be NULL to clear it. On OOM the
 * old values stay.
 */
eng_rc sess_set_default(eng_conn *c, const char *catalog, const char *schema,
                        eng_error *err)
{
    char *nc = NULL, *ns = NULL;
    if (catalog && !(nc = lower_dup(catalog)))
        return eng_err_oom(err);
    if (schema && !(ns = lower_dup(schema))) {
        eng_free(nc);
        return eng_err_oom(err);
    }
    eng_free(c->def_catalog);
    eng_free(c->def_schema);
    c->def_catalog = nc;
    c->def_schema = ns;
    return ENG_OK;
}

/*
 * Sets the session timeout that bounds work outside an execution
 * (metadata calls while preparing): written into every catalog's cfg,
 * which connector instances read at each call (connector.h).
 */
void sess_set_timeout(eng_conn *c, unsigned seconds)
{
    for (int i = 0; i < c->ncatalogs; i++)
        c->catalogs[i].cfg.timeout_s = seconds;
}

/* Binary search over the sorted registry; NULL when absent. */
eng_catalog *sess_catalog_find(eng_conn *c, const char *name)
{
    int lo = 0, hi = c->ncatalogs - 1;
    if (!name)
        return NULL;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        int cmp = strcmp(name, c->catalogs[mid].name);
        if (cmp == 0)
            return &c->catalogs[mid];
        if (cmp < 0)
            hi = mid - 1;
        else
            lo = mid + 1;
    }
    return NULL;
}

/*
 * Opens the catalog's connector instance the first time it is needed.
 * open() does no I/O, so this only fails on bad configuration or OOM.
 */
eng_rc sess_catalog_state(eng_catalog *cat, void **state, eng_error *err)
{
    if (!cat->state) {
        eng_rc rc = cat->ops->open(&cat->cfg, &cat->state, err);
        if (rc != ENG_OK) {
            cat->state = NULL;
            if (err && !err->source[0])
                eng_err_set_source(err, cat->name);
            return rc;
        }
    }
    *state = cat->state;
    return ENG_OK;
}

/* See session.h. A zone the tz database does not have is UTC, which is
 * also what the C library falls back to. */
int32_t sess_local_zone(void)
{
    char buf[512];
    const char *z = NULL;
    const char *tz = getenv("TZ");
    int32_t key = ENG_TZ_UTC;
    eng_error e = {0};
    if (tz && *tz) {
        z = tz[0] == ':' ? tz + 1 : tz;
    } else {
        ssize_t n = readlink("/etc/localtime", buf, sizeof buf - 1);
        if (n > 0) {
            buf[n] = 0;
            const char *p = strstr(buf, "zoneinfo/");
            if (p)
                z = p + 9;
        }
    }
    if (z && eng_tz_lookup(z, strlen(z), &key, &e) != ENG_OK)
        key = ENG_TZ_UTC;
    return key;
}

eng_rc sess_set_time_zone(eng_conn *c, const char *zone, eng_error *err)
{
    if (!zone || !*zone) {
        c->tz_key = sess_local_zone();
        return ENG_OK;
    }
    return eng_tz_lookup(zone, strlen(zone), &c->tz_key, err);
}

/* One optimizer rule name and its bit. */
static const struct { const char *name; unsigned bit; } opt_rules[] = {
    { "remote_subtree", SESS_OPT_REMOTE_SUBTREE },
    { "dynamic_filter", SESS_OPT_DYNAMIC_FILTER },
    { "build_side", SESS_OPT_BUILD_SIDE },
    { "parallel_scan", SESS_OPT_PARALLEL_SCAN },
    { "join_order", SESS_OPT_JOIN_ORDER },
    { "partial_agg", SESS_OPT_PARTIAL_AGG },
    { "sort_pushdown", SESS_OPT_SORT_PUSHDOWN },
    { "local_agg", SESS_OPT_LOCAL_AGG },
    { "scan_split", SESS_OPT_SCAN_SPLIT },
    { "spill", SESS_OPT_SPILL },
    { "shared_scan", SESS_OPT_SHARED_SCAN },
    { "all", SESS_OPT_REMOTE_SUBTREE | SESS_OPT_DYNAMIC_FILTER |
             SESS_OPT_BUILD_SIDE | SESS_OPT_PARALLEL_SCAN |
             SESS_OPT_JOIN_ORDER | SESS_OPT_PARTIAL_AGG |
             SESS_OPT_SORT_PUSHDOWN | SESS_OPT_LOCAL_AGG |
             SESS_OPT_SCAN_SPLIT | SESS_OPT_SHARED_SCAN },
};

eng_rc sess_set_spill_dir(eng_conn *c, const char *value, eng_error *err)
{
    size_t n = value ? strlen(value) : 0;
    if (n >= SESS_SPILL_DIR_MAX)
        return eng_err_set(err, ENG_ERR_INVALID_PARAMETER_VALUE, 0,
                           "Spill directory is too long (%zu bytes; at most "
                           "%d)", n, SESS_SPILL_DIR_MAX - 1);
    memcpy(c->spill_dir, value ? value : "", n);
    c->spill_dir[n] = '\0';
    return ENG_OK;
}

eng_rc sess_set_memory_limit(eng_conn *c, const char *value, eng_error *err)
{
    const char *p = value;
    unsigned long long n = 0;
    int shift = 0;
    if (!p || !*p) {
        c->mem_limit = SESS_QUERY_MEMORY_DEFAULT;
        return ENG_OK;
    }
    while (isspace((unsigned char)*p))
        p++;
    if (!isdigit((unsigned char)*p))
        goto bad;
    for (; isdigit((unsigned char)*p); p++) {
        if (n > (1ULL << 52))
            goto bad;
        n = n * 10 + (unsigned)(*p - '0');
    }
    while (isspace((unsigned char)*p))
        p++;
    switch (tolower((unsigned char)*p)) {
    case 'k': shift = 10; p++; break;
    case 'm': shift = 20; p++; break;
    case 'g': shift = 30; p++; break;
    default: break;
    }
    if (tolower((unsigned char)*p) == 'b')
        p++;
    while (isspace((unsigned char)*p))
        p++;
    if (*p || (shift && n > (1ULL << (62 - shift))))
        goto bad;
    c->mem_limit = (int64_t)(n << shift);
    return ENG_OK;
bad:
    return eng_err_set(err, ENG_ERR_INVALID_PARAMETER_VALUE, 0,
                       "QueryMemoryLimit: '%s' is not a size (bytes, or a "
                       "number with k, m or g; 0 = no limit)", value);
}

/*
 * Parses `rule=on|off[,rule=on|off...]` (case-insensitive, blanks
 * allowed around items) into c->opt_off; later items win. An empty value
 * changes nothing. Errors: 22023 naming the item; c->opt_off is then
 * unchanged.
 */
eng_rc sess_set_optimizer(eng_conn *c, const char *value, eng_error *err)
{
    unsigned off = c->opt_off;
    const char *p = value ? value : "";
    while (*p) {
        char item[64];
        size_t n = strcspn(p, ",");
        const char *eq;
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (!isspace((unsigned char)p[i]) && k + 1 < sizeof item)
                item[k++] = (char)tolower((unsigned char)p[i]);
        item[k] = '\0';
        p += n + (p[n] == ',');
        if (k == 0)
            continue;
        eq = strchr(item, '=');
        bool found = false, on = false;
        if (eq && (!strcmp(eq + 1, "on") || !strcmp(eq + 1, "off"))) {
            on = !strcmp(eq + 1, "on");
            for (size_t r = 0; r < sizeof opt_rules / sizeof opt_rules[0]; r++)
                if (strlen(opt_rules[r].name) == (size_t)(eq - item) &&
                    !strncmp(item, opt_rules[r].name, (size_t)(eq - item))) {
                    off = on ? off & ~opt_rules[r].bit : off | opt_rules[r].bit;
                    found = true;
                }
        }
        if (!found)
            return eng_err_set(err, ENG_ERR_INVALID_PARAMETER_VALUE, 0,
                               "Optimizer: '%s' is not rule=on|off with a "
                               "rule among remote_subtree, dynamic_filter, "
                               "build_side, parallel_scan, join_order, "
                               "partial_agg, sort_pushdown, local_agg, "
                               "scan_split, shared_scan, spill, all",
                               item);
    }
    c->opt_off = off;
    return ENG_OK;
}
