/*
 * engine/session/catalog_file.c
 *   Reads the catalog file (INI, one section per catalog) into a session's
 *   catalog registry, and finds and lazily opens catalogs.
 * Interface: sess_catalog_file_load, sess_cat_parse_allow.
 * Not here: the connectors themselves (connector/), the façade (engine.c).
 *
 * Format:
 *     [customersdb]
 *     connector = postgresql
 *     host = 127.0.0.1
 *     port = 15432
 * Every key other than `connector`, `read_only`, `schemas` and `tables`
 * belongs to the connector (for postgresql, libpq connection keywords
 * passed unchanged). The last three are governance (governance.c). Section and key
 * names are case-insensitive (iniparser lower-cases them), which matches
 * Trino's lower-case catalog names. The built-in catalog `system` is always
 * present and cannot be redefined.
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <ctype.h>
#include <string.h>
#include <strings.h>
#if __has_include(<iniparser/iniparser.h>)
#include <iniparser/iniparser.h>
#else
#include <iniparser.h>
#endif

#include "session.h"

/* Trims ASCII spaces from both ends of [*s, *e). */
static void trim(const char **s, const char **e)
{
    while (*s < *e && isspace((unsigned char)**s))
        (*s)++;
    while (*e > *s && isspace((unsigned char)(*e)[-1]))
        (*e)--;
}

/*
 * Splits "a, b.c ,d" into lower-case items in arena a. Empty items are
 * skipped. Returns ENG_NOMEM on OOM.
 */
eng_rc sess_cat_parse_allow(eng_arena *a, const char *value, char ***items,
                            int *n, eng_error *err)
{
    int cap = 1;
    for (const char *p = value; *p; p++)
        cap += *p == ',';
    *items = eng_arena_calloc(a, sizeof(char *) * (size_t)cap);
    *n = 0;
    if (!*items)
        return eng_err_oom(err);
    const char *p = value;
    while (*p) {
        const char *e = strchr(p, ',');
        const char *end = e ? e : p + strlen(p);
        const char *s = p;
        trim(&s, &end);
        if (end > s) {
            char *item = eng_arena_strndup(a, s, (size_t)(end - s));
            if (!item)
                return eng_err_oom(err);
            for (char *q = item; *q; q++)
                *q = (char)tolower((unsigned char)*q);
            (*items)[(*n)++] = item;
        }
        p = e ? e + 1 : end;
    }
    return ENG_OK;
}

/*
 * iniparser reports syntax errors through one process-wide callback that
 * would otherwise print to stderr. We install a callback once that keeps
 * the last message in thread-local storage, so the error can name the
 * line and nothing is printed into the host application's streams.
 */
static __thread char ini_last_error[256];
static pthread_once_t ini_once = PTHREAD_ONCE_INIT;

static int ini_error_callback(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ini_last_error, sizeof ini_last_error, fmt, ap);
    va_end(ap);
    size_t n = strlen(ini_last_error);
    while (n > 0 && (ini_last_error[n - 1] == '\n' || ini_last_error[n - 1] == ' '))
        ini_last_error[--n] = '\0';
    return 0;
}

static void ini_install_callback(void)
{
    iniparser_set_error_callback(ini_error_callback);
}

/* Orders catalogs by name for qsort, so listings are sorted. */
static int catalog_cmp(const void *a, const void *b)
{
    return strcmp(((const eng_catalog *)a)->name,
                  ((const eng_catalog *)b)->name);
}

/*
 * Returns true when v spells true in the catalog file (true/yes/on/1),
 * case-insensitively.
 */
static bool is_true(const char *v)
{
    return v && (!strcasecmp(v, "true") || !strcasecmp(v, "yes") ||
                 !strcasecmp(v, "on") || !strcmp(v, "1"));
}

/*
 * Copies one INI section into cat (strings in arena a). Returns ENG_ERROR
 * with F0000 naming the file and section when `connector` is missing or
 * unknown.
 */
static eng_rc load_section(eng_conn *c, dictionary *d, const char *sec,
                           eng_catalog *cat, eng_error *err)
{
    eng_arena *a = c->arena;
    char key[512];
    int nkeys = iniparser_getsecnkeys(d, sec);
    const char **keys = NULL;

    if (nkeys > 0) {
        keys = eng_malloc(sizeof(char *) * (size_t)nkeys);
        if (!keys)
            return eng_err_oom(err);
        if (!iniparser_getseckeys(d, sec, keys)) {
            eng_free(keys);
            return eng_err_oom(err);
        }
    }
    memset(cat, 0, sizeof *cat);
    cat->name = eng_arena_strdup(a, sec);
    cat->cfg.name = cat->name;
    cat->cfg.file = c->catalogs_path;
    cat->cfg.keys = eng_arena_calloc(a, sizeof(char *) * (size_t)(nkeys + 1));
    cat->cfg.values = eng_arena_calloc(a, sizeof(char *) * (size_t)(nkeys + 1));
    if (!cat->name || !cat->cfg.keys || !cat->cfg.values) {
        eng_free(keys);
        return eng_err_oom(err);
    }
    for (int i = 0; i < nkeys; i++) {
        /* iniparser returns "section:key"; keep the part after ':' */
        const char *full = keys[i];
        const char *k = strchr(full, ':');
        k = k ? k + 1 : full;
        snprintf(key, sizeof key, "%s", full);
        const char *v = iniparser_getstring(d, key, NULL);
        /* A section named "a:b" shows up as key "b" of section "a" with
         * no value (found by fuzzing); it is not a key of this section. */
        if (!v)
            continue;
        if (!strcmp(k, "connector")) {
            cat->cfg.connector = eng_arena_strdup(a, v);
            if (!cat->cfg.connector)
                goto oom;
            continue;
        }
        if (!strcmp(k, "read_only")) {
            cat->read_only = is_true(v);
            continue;
        }
        if (!strcmp(k, "schemas") || !strcmp(k, "tables")) {
            bool sch = !strcmp(k, "schemas");
            eng_rc rc = sess_cat_parse_allow(a, v, sch ? &cat->allow_schemas : &cat->allow_tables,
                                             sch ? &cat->nallow_schemas : &cat->nallow_tables, err);
            if (rc != ENG_OK) {
                eng_free(keys);
                return rc;
            }
            continue;
        }
        char *kc = eng_arena_strdup(a, k);
        char *vc = eng_arena_strdup(a, v);
        if (!kc || !vc)
            goto oom;
        cat->cfg.keys[cat->cfg.nkeys] = kc;
        cat->cfg.values[cat->cfg.nkeys] = vc;
        cat->cfg.nkeys++;
    }
    eng_free(keys);
    if (!cat->cfg.connector || !*cat->cfg.connector)
        return eng_err_set(err, ENG_ERR_CONFIG_FILE_ERROR, 0,
                           "Catalog file '%s': catalog '%s' has no 'connector' key",
                           c->catalogs_path, sec);
    cat->ops = sess_connector_find(cat->cfg.connector);
    if (!cat->ops)
        return eng_err_set(err, ENG_ERR_CONFIG_FILE_ERROR, 0,
                           "Catalog file '%s': catalog '%s' names unknown connector '%s' (known: postgresql)",
                           c->catalogs_path, sec, cat->cfg.connector);
    return ENG_OK;
oom:
    eng_free(keys);
    return eng_err_oom(err);
}

/*
 * Loads the catalog file into c->catalogs. The file must exist, be readable
 * and parse; each section must name a known connector. Returns ENG_OK or
 * ENG_ERROR (F0000 naming the file) / ENG_NOMEM.
 */
eng_rc sess_catalog_file_load(eng_conn *c, const char *path, eng_error *err)
{
    FILE *f;
    dictionary *d;
    eng_rc rc = ENG_OK;

    if (!path || !*path)
        return eng_err_set(err, ENG_ERR_CONFIG_FILE_ERROR, 0,
                           "No catalog file: set Catalogs= in the DSN or connection string");
    c->catalogs_path = eng_arena_strdup(c->arena, path);
    if (!c->catalogs_path)
        return eng_err_oom(err);
    /* Check readability ourselves so the message says why. */
    f = fopen(path, "r");
    if (!f)
        return eng_err_set(err, ENG_ERR_CONFIG_FILE_ERROR, 0,
                           "Cannot read catalog file '%s': %s", path, strerror(errno));
    fclose(f);

    pthread_once(&ini_once, ini_install_callback);
    ini_last_error[0] = '\0';
    d = iniparser_load(path);
    if (!d) {
        if (ini_last_error[0])
            return eng_err_set(err, ENG_ERR_CONFIG_FILE_ERROR, 0,
                               "Cannot parse catalog file '%s': %s", path, ini_last_error);
        return eng_err_set(err, ENG_ERR_CONFIG_FILE_ERROR, 0,
                           "Cannot parse catalog file '%s'", path);
    }

    int nsec = iniparser_getnsec(d);
    c->catalogs = eng_arena_calloc(c->arena, sizeof(eng_catalog) * (size_t)(nsec + 1));
    if (!c->catalogs) {
        iniparser_freedict(d);
        return eng_err_oom(err);
    }
    c->ncatalogs = 0;
    for (int i = 0; i < nsec; i++) {
        const char *sec = iniparser_getsecname(d, i);
        if (!sec)
            continue;
        if (!strcmp(sec, "system")) {
            rc = eng_err_set(err, ENG_ERR_CONFIG_FILE_ERROR, 0,
                             "Catalog file '%s': 'system' is a built-in catalog and cannot be defined",
                             path);
            break;
        }
        rc = load_section(c, d, sec, &c->catalogs[c->ncatalogs], err);
        if (rc != ENG_OK)
            break;
        c->ncatalogs++;
    }
    iniparser_freedict(d);
    if (rc != ENG_OK)
        return rc;

    /* The built-in system catalog: its connector state is the session. */
    eng_catalog *sys = &c->catalogs[c->ncatalogs++];
    memset(sys, 0, sizeof *sys);
    sys->name = "system";
    sys->cfg.name = "system";
    sys->cfg.connector = "system";
    sys->cfg.file = c->catalogs_path;
    sys->ops = &eng_system_connector;
    sys->state = c;
    sys->read_only = true;
    qsort(c->catalogs, (size_t)c->ncatalogs, sizeof(eng_catalog), catalog_cmp);
    return ENG_OK;
}
