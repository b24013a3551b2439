/*
 * engine/connector/pg/pg_connector.c
 *   The PostgreSQL connector's ops table ("postgresql") and the life of a
 *   catalog instance: open (configuration only) and close.
 * Interface: eng_pg_connector.
 * Not here: connections and the pool (pg_session.c), metadata (pg_meta.c),
 *   pushdown (pg_shippable.c, pg_deparse.c), scans (pg_scan.c).
 *
 * open() turns the catalog section into the keyword/value arrays of
 * PQconnectStartParams: every key passes through unchanged (expand_dbname is
 * 0, so a dbname is never parsed as a connection string). Three keys are
 * added when the section does not set them:
 *   client_encoding  = UTF8      the decoder expects UTF-8 text
 *   application_name = MeshODBC  visible in pg_stat_activity
 *   options = -c standard_conforming_strings=on
 *                                pg_deparse writes string literals with
 *                                only ' doubled, which is exact only when
 *                                backslashes are not escapes. If the user
 *                                sets `options`, pg_session.c still checks
 *                                the server-reported setting after connect
 *                                and issues SET when it is off.
 * No server is contacted here: a query that does not touch this catalog
 * works with its server down. `connect_timeout` (default 10 s) is also
 * read here: pg_session.c bounds every connect with it. The instance keeps
 * the engine's cfg pointer to read the session timeout (cfg->timeout_s).
 */
#include <stdlib.h>
#include <string.h>
#include <libpq-fe.h>
#include "pg_int.h"

/* True when the section already sets `key`. */
static bool has_key(const eng_catalog_cfg *cfg, const char *key)
{
    for (int i = 0; i < cfg->nkeys; i++)
        if (cfg->keys[i] && strcmp(cfg->keys[i], key) == 0)
            return true;
    return false;
}

/*
 * Checks that every key is a libpq connection keyword, using libpq's own
 * list (PQconndefaults; no network). Returns ENG_OK or F0000 naming the
 * catalog file, the section and the key. If libpq cannot produce its list
 * (OOM) the check is skipped: PQconnectStartParams will still reject bad keys
 * at connect time.
 */
static eng_rc check_keys(const eng_catalog_cfg *cfg, eng_error *err)
{
    PQconninfoOption *defs = PQconndefaults();
    eng_rc rc = ENG_OK;
    if (!defs)
        return ENG_OK;
    for (int i = 0; i < cfg->nkeys && rc == ENG_OK; i++) {
        bool known = false;
        if (!cfg->keys[i] || strcmp(cfg->keys[i], "connector") == 0)
            continue;
        for (PQconninfoOption *o = defs; o->keyword; o++)
            if (strcmp(o->keyword, cfg->keys[i]) == 0) {
                known = true;
                break;
            }
        if (!known) {
            rc = eng_err_set(err, ENG_ERR_CONFIG_FILE_ERROR, 0,
                             "Catalog file '%s', catalog '%s': '%s' is not a "
                             "PostgreSQL connection parameter",
                             cfg->file ? cfg->file : "",
                             cfg->name ? cfg->name : "", cfg->keys[i]);
            eng_err_set_source(err, cfg->name ? cfg->name : "");
        }
    }
    PQconninfoFree(defs);
    return rc;
}

/*
 * The connect timeout in seconds: the section's connect_timeout read as
 * libpq reads it (0 or negative: none, 1 counts as 2), or
 * PG_CONNECT_TIMEOUT_DEFAULT when the section sets none. pg_session.c
 * enforces it itself (non-blocking connects ignore libpq's own).
 */
static int connect_timeout(const eng_catalog_cfg *cfg)
{
    for (int i = 0; i < cfg->nkeys; i++)
        if (cfg->keys[i] && strcmp(cfg->keys[i], "connect_timeout") == 0) {
            long v = cfg->values[i] ? strtol(cfg->values[i], NULL, 10) : 0;
            if (v <= 0)
                return 0;
            return v == 1 ? 2 : (v > 86400 ? 86400 : (int)v);
        }
    return PG_CONNECT_TIMEOUT_DEFAULT;
}

/* Frees a state and everything it owns (idle connections included). */
static void state_free(pg_state *st)
{
    if (!st)
        return;
    pg_session_close_all(st);
    if (st->params_keys) {
        for (int i = 0; st->params_keys[i]; i++) {
            eng_free((void *)st->params_keys[i]);
            eng_free((void *)st->params_values[i]);
        }
    }
    eng_free(st->params_keys);
    eng_free(st->params_values);
    eng_free(st->name);
    pthread_mutex_destroy(&st->lock);
    eng_free(st);
}

/* Appends key=value (both copied) at index *n of st's arrays. Returns
 * false on OOM (what was copied stays owned by st). */
static bool add_param(pg_state *st, int *n, const char *key,
                      const char *value)
{
    char *k = eng_strdup(key);
    char *v = eng_strdup(value ? value : "");
    if (!k || !v) {
        eng_free(k);
        eng_free(v);
        return false;
    }
    st->params_keys[*n] = k;
    st->params_values[*n] = v;
    (*n)++;
    return true;
}

/*
 * Creates the catalog instance from cfg: copies the parameters, adds the
 * defaults described at the top of the file. No I/O. Returns ENG_OK with
 * *state set, F0000 for a key libpq does not know, ENG_NOMEM on OOM.
 */
static eng_rc pg_open(const eng_catalog_cfg *cfg, void **state,
                      eng_error *err)
{
    pg_state *st;
    int n = 0, cap;
    eng_rc rc;

    *state = NULL;
    if ((rc = check_keys(cfg, err)) != ENG_OK)
        return rc;
    st = eng_calloc(1, sizeof *st);
    if (!st)
        return eng_err_oom(err);
    if (pthread_mutex_init(&st->lock, NULL) != 0) {
        eng_free(st);
        return eng_err_oom(err);
    }
    cap = cfg->nkeys + 4;                 /* + 3 defaults + terminator */
    st->cfg = cfg;
    st->connect_timeout_s = connect_timeout(cfg);
    st->name = eng_strdup(cfg->name ? cfg->name : "");
    st->params_keys = eng_calloc((size_t)cap, sizeof(char *));
    st->params_values = eng_calloc((size_t)cap, sizeof(char *));
    if (!st->name || !st->params_keys || !st->params_values)
        goto oom;
    for (int i = 0; i < cfg->nkeys; i++) {
        if (!cfg->keys[i] || strcmp(cfg->keys[i], "connector") == 0)
            continue;
        if (!add_param(st, &n, cfg->keys[i], cfg->values[i]))
            goto oom;
        if (strcmp(cfg->keys[i], "password") == 0)
            st->password = st->params_values[n - 1];
    }
    if (!has_key(cfg, "client_encoding") &&
        !add_param(st, &n, "client_encoding", "UTF8"))
        goto oom;
    if (!has_key(cfg, "application_name") &&
        !add_param(st, &n, "application_name", "MeshODBC"))
        goto oom;
    if (!has_key(cfg, "options") &&
        !add_param(st, &n, "options", "-c standard_conforming_strings=on"))
        goto oom;
    *state = st;
    return ENG_OK;
oom:
    state_free(st);
    return eng_err_oom(err);
}

/* Closes every pooled connection and frees the instance. Scans must have
 * ended before (their connections are not in the pool). */
static void pg_close(void *state)
{
    state_free(state);
}

const eng_connector_ops eng_pg_connector = {
    .name = "postgresql",
    .open = pg_open,
    .close = pg_close,
    .list_schemas = pg_list_schemas,
    .list_tables = pg_list_tables,
    .list_views = pg_list_views,
    .get_table = pg_get_table,
    .get_keys = pg_get_keys,
    .foreign_keys = pg_foreign_keys,
    .shippable = pg_shippable,
    .deparse = pg_deparse,
    .shippable_node = pg_shippable_node,
    /* each scan borrows its own connection; the pool is locked */
    .parallel_scans = true,
    .deparse_expr = pg_deparse_view_expr,
    .scan_begin = pg_scan_begin,
    .scan_next = pg_scan_next,
    .scan_end = pg_scan_end,
    .scan_bytes = pg_scan_bytes,
    .scan_cancel = pg_scan_cancel,
    .split_open = pg_split_open,
    .split_close = pg_split_close,
    .write_shippable = pg_write_shippable,
    .write_exec = pg_write_exec,
    .write_begin = pg_write_begin,
    .write_batch = pg_write_batch,
    .write_end = pg_write_end,
    .txn_begin = pg_txn_begin,
    .txn_end = pg_txn_end,
};
