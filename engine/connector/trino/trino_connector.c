/*
 * engine/connector/trino/trino_connector.c
 *   The Trino connector ("trino"): one catalog-file section exposes one
 *   catalog of a Trino cluster beside the local PostgreSQL catalogs, so a
 *   query can join them. Metadata comes from the remote catalog's
 *   information_schema; a scan is one Trino query (the columns read, the
 *   shippable filters, a LIMIT) streamed through trino_client.c, and a
 *   remote subtree that touches only this catalog (joins, aggregates,
 *   DISTINCT, ORDER BY ... LIMIT) is one Trino query too, written by the
 *   one deparser in Trino's dialect (trino_dialect below).
 * Interface: eng_trino_connector.
 * Not here: the protocol (trino_client.c, trino_json.c); the deparser
 *   (../sql_deparse.c); Engine=trino,
 *   where the whole statement goes to the cluster (engine_remote.c).
 *
 * Section keys: url (http[s]://host:port, required), user (required),
 * password (https only), access_token, ssl_ca_file, ssl_verification
 * (FULL, CA, NONE), connect_timeout (seconds), trino_catalog (the remote
 * catalog; default: the section's name). Others are refused (F0000).
 *
 * Pushdown is a whitelist (STYLE rule 12): column references of mapped
 * types (a char(n) column is written CAST("c" AS varchar): Trino compares
 * char values ignoring the padding, while the engine sees the padded
 * varchar the cast gives), constants of boolean, integer,
 * decimal, date, varchar, timestamp, time and interval type (typed
 * literals of trino_literal.c, so Trino infers the engine's type:
 * BIGINT '5', DECIMAL '12.50', DATE '2020-01-02', 'it''s', TIMESTAMP
 * '2020-01-02 03:04:05.000000' with all six digits the engine keeps),
 * = <> < <= > >= between operands of one type (and one precision for
 * decimals, timestamps and times), AND, OR, NOT, IS [NOT]
 * NULL. Trino's semantics are the engine's for all of these (three-valued
 * logic, code-point order for varchar). Everything else runs locally.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include "trino_client.h"
#include "../sql_deparse.h"
#include "../sql_ship.h"
#include "../connector.h"
#include "../../common/strbuf.h"
#include "../../common/trace.h"

typedef struct tstate {
    const eng_catalog_cfg *cfg;   /* the engine's; lives as long as we do */
    trino_client *client;
    char *remote;                 /* the remote catalog's name */
} tstate;

typedef struct tscan {
    tstate *st;
    trino_query *q;
    eng_arena *a;                 /* the pending batch */
    eng_batch *pending;           /* rows not yet handed out */
    int pending_row;
    int ncols;
    const char *sql;              /* spec->sql (the spec outlives the scan) */
    uint64_t trace_t0;            /* eng_trace_start at begin (0: untraced) */
    int64_t rows;                 /* rows handed out */
    bool finished, failed;
} tscan;

static const char *cfg_get(const eng_catalog_cfg *cfg, const char *key)
{
    for (int i = 0; i < cfg->nkeys; i++)
        if (cfg->keys[i] && !strcmp(cfg->keys[i], key))
            return cfg->values[i];
    return NULL;
}

/* Names the catalog in the error already in err. */
static eng_rc named(const tstate *st, eng_rc rc, eng_error *err)
{
    if (rc != ENG_OK && err && !err->source[0])
        eng_err_set_source(err, st->cfg->name ? st->cfg->name : "");
    return rc;
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ------------------------------------------------------------- open/close */

static void t_close(void *p)
{
    tstate *st = p;
    if (!st)
        return;
    trino_client_close(st->client);
    eng_free(st->remote);
    eng_free(st);
}

static eng_rc t_open(const eng_catalog_cfg *cfg, void **out, eng_error *err)
{
    static const char *const known[] = {
        "url", "user", "password", "access_token", "ssl_ca_file",
        "ssl_verification", "connect_timeout", "trino_catalog",
    };
    const char *file = cfg->file ? cfg->file : "", *name = cfg->name ? cfg->name : "";
    *out = NULL;
    for (int i = 0; i < cfg->nkeys; i++) {
        bool ok = !cfg->keys[i] || !strcmp(cfg->keys[i], "connector");
        for (size_t k = 0; !ok && k < sizeof known / sizeof known[0]; k++)
            ok = !strcmp(cfg->keys[i], known[k]);
        if (!ok) {
            eng_err_set(err, ENG_ERR_CONFIG_FILE_ERROR, 0,
                        "Catalog file '%s', catalog '%s': '%s' is not a key of the trino connector",
                        file, name, cfg->keys[i]);
            eng_err_set_source(err, name);
            return ENG_ERROR;
        }
    }
    trino_cfg tc;
    memset(&tc, 0, sizeof tc);
    tc.url = cfg_get(cfg, "url");
    tc.user = cfg_get(cfg, "user");
    tc.password = cfg_get(cfg, "password");
    tc.access_token = cfg_get(cfg, "access_token");
    tc.ca_file = cfg_get(cfg, "ssl_ca_file");
    tc.verify_peer = tc.verify_host = true;
    const char *v = cfg_get(cfg, "ssl_verification");
    if (v && !strcasecmp(v, "CA"))
        tc.verify_host = false;
    else if (v && !strcasecmp(v, "NONE"))
        tc.verify_peer = tc.verify_host = false;
    else if (v && *v && strcasecmp(v, "FULL")) {
        eng_err_set(err, ENG_ERR_CONFIG_FILE_ERROR, 0,
                    "Catalog file '%s', catalog '%s': ssl_verification must be FULL, CA or NONE, not '%s'",
                    file, name, v);
        eng_err_set_source(err, name);
        return ENG_ERROR;
    }
    if (!tc.url || !*tc.url || !tc.user || !*tc.user) {
        eng_err_set(err, ENG_ERR_CONFIG_FILE_ERROR, 0,
                    "Catalog file '%s', catalog '%s': the trino connector needs %s",
                    file, name, !tc.url || !*tc.url ? "url (http[s]://host:port)" : "user");
        eng_err_set_source(err, name);
        return ENG_ERROR;
    }
    const char *ct = cfg_get(cfg, "connect_timeout");
    tc.connect_timeout_s = ct ? (unsigned)strtoul(ct, NULL, 10) : 10;
    const char *remote = cfg_get(cfg, "trino_catalog");
    if (!remote || !*remote)
        remote = name;

    tstate *st = eng_calloc(1, sizeof *st);
    if (!st)
        return eng_err_oom(err);
    st->cfg = cfg;
    st->remote = eng_strdup(remote);
    if (!st->remote) {
        t_close(st);
        return eng_err_oom(err);
    }
    eng_rc rc = trino_client_open(&tc, &st->client, err);
    if (rc != ENG_OK) {
        t_close(st);
        eng_err_set_source(err, name);
        return rc;
    }
    *out = st;
    return ENG_OK;
}

/* ------------------------------------------------------------ metadata */

/* Runs sql (a metadata query of ncols varchar columns) to its end and
 * returns its rows' values as strings in arena a: rows[r * ncols + c]
 * (NULL for SQL NULL). Bounded by the session timeout. */
static eng_rc run_rows(tstate *st, const char *sql, int ncols, eng_arena *a,
                       char ***rows, int *nrows, eng_error *err)
{
    unsigned t = st->cfg->timeout_s;
    int64_t deadline = t ? now_ms() + (int64_t)t * 1000 : 0;
    trino_query *q = NULL;
    uint64_t t0 = eng_trace_start();
    *rows = NULL;
    *nrows = 0;
    eng_rc rc = trino_query_start(st->client, sql, strlen(sql), 0, deadline,
                                  NULL, t, &q, err);
    if (rc != ENG_OK) {
        eng_trace_remote(t0, st->cfg->name, sql, -1, "failed");
        return named(st, rc, err);
    }
    eng_arena *ba = eng_arena_create();
    int cap = 0;
    if (!ba) {
        trino_query_close(q);
        return eng_err_oom(err);
    }
    for (;;) {
        eng_batch *b;
        eng_arena_reset(ba);
        rc = trino_query_next(q, ba, &b, err);
        if (rc != ENG_OK || !b)
            break;
        if (b->ncols != ncols) {
            rc = eng_err_set(err, ENG_ERR_PROTOCOL_VIOLATION, 0,
                             "Trino metadata query returned %d columns, not %d",
                             b->ncols, ncols);
            break;
        }
        for (int r = 0; r < b->nrows; r++) {
            if (*nrows == cap) {
                int ncap = cap ? cap * 2 : 32;
                char **nr = eng_arena_alloc(a, (size_t)ncap * (size_t)ncols * sizeof(char *));
                if (!nr) {
                    rc = eng_err_oom(err);
                    goto out;
                }
                if (*nrows)
                    memcpy(nr, *rows, (size_t)*nrows * (size_t)ncols * sizeof(char *));
                *rows = nr;
                cap = ncap;
            }
            for (int c = 0; c < ncols; c++) {
                eng_value v;
                eng_batch_get(b, c, r, &v);
                char *s = NULL;
                if (!v.is_null && !(s = eng_arena_strndup(a, v.u.s.ptr, v.u.s.len))) {
                    rc = eng_err_oom(err);
                    goto out;
                }
                (*rows)[*nrows * ncols + c] = s;
            }
            (*nrows)++;
        }
    }
out:
    eng_arena_destroy(ba);
    trino_query_close(q);
    eng_trace_remote(t0, st->cfg->name, sql, rc == ENG_OK ? *nrows : -1,
                     rc == ENG_OK ? NULL : "failed");
    return named(st, rc, err);
}

/* Appends s as a string literal: 'it''s'. */
static void put_lit(eng_strbuf *b, const char *s)
{
    eng_sb_quoted(b, '\'', s, strlen(s));
}

static void put_ident(eng_strbuf *b, const char *s)
{
    eng_sb_quoted(b, '"', s, strlen(s));
}

/* Builds "SELECT <what> FROM "remote".information_schema.<view> WHERE
 * <conditions on schema/table> ORDER BY <order>" in arena a. */
static char *meta_sql(tstate *st, eng_arena *a, const char *what, const char *view,
                      const char *schema, const char *table, const char *order)
{
    eng_strbuf b;
    eng_sb_init(&b, a);
    eng_sb_printf(&b, "SELECT %s FROM ", what);
    put_ident(&b, st->remote);
    eng_sb_printf(&b, ".information_schema.%s WHERE ", view);
    if (!strcmp(view, "schemata"))
        eng_sb_puts(&b, "schema_name <> 'information_schema'");
    else {
        eng_sb_puts(&b, "table_schema = ");
        put_lit(&b, schema);
    }
    if (table) {
        eng_sb_puts(&b, " AND table_name = ");
        put_lit(&b, table);
    }
    eng_sb_printf(&b, " ORDER BY %s", order);
    return b.oom ? NULL : eng_sb_finish(&b, a);
}

static eng_rc t_list_schemas(void *p, eng_arena *a, char ***names, int *n,
                             eng_error *err)
{
    tstate *st = p;
    char *sql = meta_sql(st, a, "schema_name", "schemata", NULL, NULL, "schema_name");
    if (!sql)
        return eng_err_oom(err);
    return run_rows(st, sql, 1, a, names, n, err);
}

static eng_rc t_list_tables(void *p, const char *schema, eng_arena *a,
                            char ***names, int *n, eng_error *err)
{
    tstate *st = p;
    char *sql = meta_sql(st, a, "table_name", "tables", schema, NULL, "table_name");
    if (!sql)
        return eng_err_oom(err);
    return run_rows(st, sql, 1, a, names, n, err);
}

static eng_rc t_get_table(void *p, const char *schema, const char *table,
                          eng_arena *a, eng_table_def **out, eng_error *err)
{
    tstate *st = p;
    char **rows;
    int n;
    *out = NULL;
    char *sql = meta_sql(st, a, "column_name, data_type, is_nullable", "columns",
                         schema, table, "ordinal_position");
    if (!sql)
        return eng_err_oom(err);
    eng_rc rc = run_rows(st, sql, 3, a, &rows, &n, err);
    if (rc != ENG_OK)
        return rc;
    if (n == 0)
        return ENG_NOT_FOUND;
    eng_table_def *t = eng_arena_calloc(a, sizeof *t);
    eng_column_def *cols = eng_arena_calloc(a, (size_t)n * sizeof *cols);
    if (!t || !cols)
        return eng_err_oom(err);
    t->catalog = eng_arena_strdup(a, st->cfg->name ? st->cfg->name : "");
    t->schema = eng_arena_strdup(a, schema);
    t->name = eng_arena_strdup(a, table);
    if (!t->catalog || !t->schema || !t->name)
        return eng_err_oom(err);
    for (int i = 0; i < n; i++) {
        const char *name = rows[i * 3], *type = rows[i * 3 + 1], *nul = rows[i * 3 + 2];
        bool as_text;
        cols[i].name = (char *)(name ? name : "");
        cols[i].remote_type_name = (char *)(type ? type : "unknown");
        cols[i].type = trino_type_from_text(type, &as_text);
        /* like the PostgreSQL connector: unmapped types fail only the
         * queries that touch them (0A000 naming the type); so do the
         * time zone types here (Trino mode's alone so far). char(n)
         * columns read as the padded varchar(n) Trino sends (its char
         * values are padded, the engine's are not: see README) */
        if (as_text || eng_type_is_tz(cols[i].type.id))
            cols[i].type = eng_type_make(ENG_T_UNKNOWN);
        else if (eng_type_is_char(cols[i].type))
            cols[i].type = eng_type_varchar(cols[i].type.length);
        cols[i].nullable = !nul || strcasecmp(nul, "NO");
    }
    t->ncols = n;
    t->cols = cols;
    *out = t;
    return ENG_OK;
}

/* ---------------------------------------------------------- pushdown */

static bool lit_type_ok(eng_type_id id)
{
    return id == ENG_T_BOOLEAN || id == ENG_T_SMALLINT || id == ENG_T_INTEGER ||
           id == ENG_T_BIGINT || id == ENG_T_DECIMAL || id == ENG_T_DATE ||
           id == ENG_T_VARCHAR || id == ENG_T_TIMESTAMP || id == ENG_T_TIME ||
           id == ENG_T_INTERVAL_DS || id == ENG_T_INTERVAL_YM;
}

/* The whitelist, by node and type. Values of the engine's char(n) (a
 * varchar id, stored without its padding) stay local: a Trino catalog's
 * char columns are read as padded varchar (trino_json.c), so char values
 * only come from the query's own casts, whose padding-blind comparison
 * Trino's varchar would not keep. Real (a double id) stays local as
 * double does (NaN); varbinary and uuid are not in lit_type_ok. */
static bool ship(const plan_expr *e)
{
    if (!e || eng_type_is_char(e->type) || eng_type_is_real(e->type))
        return false;
    switch (e->kind) {
    case PX_COLREF:
        return lit_type_ok(e->type.id);
    case PX_CONST:
        if (e->value.is_null || !lit_type_ok(e->value.type.id) ||
            eng_type_is_char(e->value.type))
            return false;
        if (e->value.type.id == ENG_T_VARCHAR)
            return !memchr(e->value.u.s.ptr, '\0', e->value.u.s.len);
        return true;
    case PX_OP:
        if (e->nargs != 2 || e->op < PO_EQ || e->op > PO_GE)
            return false;
        if (e->args[0]->type.id != e->args[1]->type.id)
            return false;
        /* decimals, timestamps and times of one precision only: the
         * engine compares the values its casts made, Trino would widen */
        if ((e->args[0]->type.id == ENG_T_DECIMAL ||
             e->args[0]->type.id == ENG_T_TIMESTAMP ||
             e->args[0]->type.id == ENG_T_TIME) &&
            (e->args[0]->type.precision != e->args[1]->type.precision ||
             e->args[0]->type.scale != e->args[1]->type.scale))
            return false;
        return ship(e->args[0]) && ship(e->args[1]);
    case PX_AND:
    case PX_OR:
        for (int i = 0; i < e->nargs; i++)
            if (!ship(e->args[i]))
                return false;
        return e->nargs > 0;
    case PX_NOT:
    case PX_IS_NULL:
        return e->nargs == 1 && ship(e->args[0]);
    default:
        return false;
    }
}

static bool t_shippable(void *p, const plan_expr *e)
{
    (void)p;
    return e && e->type.id == ENG_T_BOOLEAN && ship(e);
}

/* The dynamic filters' values: constants the whitelist ships. */
static bool value_ships(void *p, const plan_expr *e)
{
    (void)p;
    return e && ship(e);
}

#define T(id) ENG_SQL_TYPE_BIT(ENG_T_##id)

/*
 * The nodes Trino computes with the engine's result and types
 * (../sql_ship.h): columns of the mapped types (trino_json.c decodes
 * them exactly; char(n) and real stay local, see ship(); varbinary and
 * uuid are not mapped); a projected column passes whatever its type
 * (computed values only from ship()); join keys of one precision and
 * scale (the engine compares the values its casts made, Trino would
 * widen); count(DISTINCT x) of double too; min/max of integers,
 * decimal, date, varchar, timestamp and time, of the argument's very
 * type; avg of smallint and integer (a bigint sum of them cannot
 * overflow where the engine's would not).
 */
static const eng_sql_ship_rules trino_ship_rules = {
    .out_types = T(BOOLEAN) | T(SMALLINT) | T(INTEGER) | T(BIGINT) |
                 T(DOUBLE) | T(DATE) | T(VARCHAR) | T(DECIMAL) |
                 T(TIMESTAMP) | T(TIME) | T(INTERVAL_DS) | T(INTERVAL_YM),
    .no_char_real = true,
    .project_passes_columns = true,
    .keys_same_precision = true,
    .count_distinct_double = true,
    .minmax_types = T(SMALLINT) | T(INTEGER) | T(BIGINT) | T(DECIMAL) |
                    T(DATE) | T(VARCHAR) | T(TIMESTAMP) | T(TIME),
    .minmax_same_type = true,
    .avg_types = T(SMALLINT) | T(INTEGER),
};

#undef T

/* Trino's dialect of the one deparser (connector/sql_deparse.c): typed
 * literals, Trino's type names, char(n) columns compared as the padded
 * varchar the engine reads, varchar already in code-point order, LIKE
 * without a default escape, "catalog"."schema"."table" names; the node
 * rules above. */
static const eng_sql_dialect trino_dialect = {
    .name = "Trino",
    .literals = ENG_SQL_LIT_TRINO,
    .char_cols = ENG_SQL_CHAR_CAST_VARCHAR,
    .text_types = NULL,
    .read_as_text_types = NULL,
    .types = ENG_SQL_TYPES_TRINO,
    .varchar_order = "",
    .like_collate = "",
    .like_default_escape = NULL,
    .nan_guard = false,
    .empty_select = "1",       /* Trino has no empty select list */
    .shippable = value_ships,
    .ship = &trino_ship_rules,
};

/* ---------------------------------------------------- remote subtrees */

/*
 * ops->shippable_node: node n can run on the cluster inside a remote
 * subtree of this catalog (its inputs remote too) with exactly the
 * engine's result and types: the one node walker (../sql_ship.c) over
 * trino_dialect's rules, the expression whitelist ship()'s.
 */
static bool t_shippable_node(void *p, const plan_node *n)
{
    (void)p;
    return eng_sql_shippable_node(&trino_dialect, NULL, n);
}

/*
 * SELECT "c1", ... FROM "remote"."schema"."table" WHERE (f1) AND ... LIMIT
 * n, or a remote subtree as nested SELECTs (eng_deparse_sql). Only what
 * the whitelists accepted reaches here; anything else is an internal
 * error, never a filter silently dropped.
 */
static eng_rc t_deparse(void *p, const eng_scan_spec *spec, eng_arena *a,
                        char **sql, eng_error *err)
{
    tstate *st = p;
    *sql = NULL;
    /* the whitelists again: a shape they refuse is a bug upstream, never
     * a filter silently dropped or a node Trino computes otherwise */
    bool ok = spec && (spec->remote
                    ? eng_sql_shippable_subtree(&trino_dialect, NULL, spec->remote)
                    : spec->table != NULL);
    for (int i = 0; ok && !spec->remote && i < spec->nfilters; i++)
        ok = t_shippable(st, spec->filters[i]);
    if (!ok) {
        eng_err_set(err, ENG_ERR_INTERNAL, 0,
                    "cannot deparse the scan of %s for Trino catalog '%s'",
                    spec && spec->table && spec->table->name ? spec->table->name
                                                             : "a remote subtree",
                    st->cfg->name ? st->cfg->name : "");
        return named(st, ENG_ERROR, err);
    }
    return named(st, eng_deparse_sql(&trino_dialect, st->remote, spec, a, sql,
                                     err), err);
}

/* -------------------------------------------------------------- writes */

/*
 * INSERT ... SELECT computed by the cluster (see connector.h): INSERT
 * INTO "catalog"."schema"."table" ("c1", ...) <select_sql>, one Trino
 * statement, bounded by the write's deadline and cancel flag (a cancel
 * sends DELETE: Trino's PostgreSQL connector then drops its temporary
 * table, and the target is unchanged). *rows: Trino's update count.
 */
static eng_rc t_write_query(void *p, const eng_write_spec *spec,
                            const char *select_sql, int64_t *rows,
                            eng_error *err)
{
    tstate *st = p;
    eng_strbuf b;
    *rows = 0;
    if (spec->kind != EW_INSERT || !spec->schema || !spec->table || !select_sql)
        return named(st, eng_err_set(err, ENG_ERR_INTERNAL, 0,
                                     "Trino catalog '%s': not an INSERT ... SELECT",
                                     st->cfg->name ? st->cfg->name : ""), err);
    eng_arena *a = eng_arena_create();
    if (!a)
        return eng_err_oom(err);
    eng_sb_init(&b, a);
    eng_sb_puts(&b, "INSERT INTO ");
    put_ident(&b, st->remote);
    eng_sb_puts(&b, ".");
    put_ident(&b, spec->schema);
    eng_sb_puts(&b, ".");
    put_ident(&b, spec->table);
    eng_sb_puts(&b, " (");
    for (int i = 0; i < spec->ncols; i++) {
        if (i)
            eng_sb_puts(&b, ", ");
        put_ident(&b, spec->cols[i].name);
    }
    eng_sb_puts(&b, ") ");
    eng_sb_puts(&b, select_sql);
    char *sql = eng_sb_finish(&b, a);
    if (!sql) {
        eng_arena_destroy(a);
        return eng_err_oom(err);
    }
    uint64_t t0 = eng_trace_start();
    trino_query *q = NULL;
    eng_rc rc = trino_query_start(st->client, sql, strlen(sql), 0,
                                  spec->deadline_ms, spec->cancelled,
                                  spec->timeout_s, &q, err);
    if (rc == ENG_OK) {
        eng_arena *ba = eng_arena_create();
        eng_batch *out = NULL;
        if (!ba)
            rc = eng_err_oom(err);
        while (rc == ENG_OK) {
            eng_arena_reset(ba);
            rc = trino_query_next(q, ba, &out, err);
            if (!out)
                break;
        }
        eng_arena_destroy(ba);
        if (rc == ENG_OK) {
            int64_t n = trino_query_update_count(q);
            *rows = n >= 0 ? n : 0;
        }
        trino_query_close(q);
    }
    eng_trace_remote(t0, st->cfg->name, sql, rc == ENG_OK ? *rows : -1,
                     rc == ENG_OK ? NULL : "failed");
    eng_arena_destroy(a);
    return named(st, rc, err);
}

/* --------------------------------------------------------------- scans */

static void t_scan_end(void *p)
{
    tscan *s = p;
    if (!s)
        return;
    if (s->sql)
        eng_trace_remote(s->trace_t0, s->st->cfg->name, s->sql, s->rows,
                         s->finished ? NULL
                         : s->failed ? "failed" : "closed early");
    trino_query_close(s->q);
    eng_arena_destroy(s->a);
    eng_free(s);
}

static eng_rc t_scan_begin(void *p, const eng_scan_spec *spec, void **out,
                           eng_error *err)
{
    tstate *st = p;
    *out = NULL;
    if (!spec->sql)
        return eng_err_set(err, ENG_ERR_INTERNAL, 0, "scan of Trino catalog '%s' without SQL",
                           st->cfg->name ? st->cfg->name : "");
    tscan *s = eng_calloc(1, sizeof *s);
    if (!s)
        return eng_err_oom(err);
    s->st = st;
    s->ncols = spec->ncols;
    s->trace_t0 = eng_trace_start();
    s->a = eng_arena_create();
    if (!s->a) {
        t_scan_end(s);
        return eng_err_oom(err);
    }
    eng_rc rc = trino_query_start(st->client, spec->sql, strlen(spec->sql), 0,
                                  spec->deadline_ms, spec->cancelled,
                                  spec->timeout_s, &s->q, err);
    if (rc == ENG_OK) {
        /* the columns must be those get_table described (a remote
         * subtree: those of its root node) */
        const trino_col *tc;
        int n = trino_query_columns(s->q, &tc);
        bool same = n == (spec->ncols ? spec->ncols : 1);
        for (int i = 0; same && i < spec->ncols; i++)
            same = tc[i].type.id ==
                   (spec->remote ? spec->remote->types[i].id
                                 : spec->table->cols[spec->cols[i]].type.id);
        if (!same)
            rc = spec->remote
                 ? eng_err_set(err, ENG_ERR_PROTOCOL_VIOLATION, 0,
                               "Trino returned other columns than the remote subtree computes")
                 : eng_err_set(err, ENG_ERR_PROTOCOL_VIOLATION, 0,
                               "Trino returned other columns than %s.%s has",
                               spec->table->schema, spec->table->name);
    }
    if (rc != ENG_OK) {
        s->sql = spec->sql;   /* traced as failed by t_scan_end */
        s->failed = true;
        t_scan_end(s);
        return named(st, rc, err);
    }
    s->sql = spec->sql;
    *out = s;
    return ENG_OK;
}

static eng_rc t_scan_next(void *p, eng_batch *out, eng_error *err)
{
    tscan *s = p;
    out->nrows = 0;
    while (out->nrows < out->capacity) {
        if (!s->pending || s->pending_row >= s->pending->nrows) {
            eng_arena_reset(s->a);
            s->pending = NULL;
            s->pending_row = 0;
            eng_rc rc = trino_query_next(s->q, s->a, &s->pending, err);
            if (rc != ENG_OK) {
                s->failed = true;
                return named(s->st, rc, err);
            }
            if (!s->pending) {
                s->finished = true;
                return ENG_OK;   /* the end */
            }
            continue;
        }
        int n = s->pending->nrows - s->pending_row;
        if (n > out->capacity - out->nrows)
            n = out->capacity - out->nrows;
        for (int r = 0; r < n && s->ncols > 0; r++) {
            eng_rc rc = eng_batch_copy_row(out, out->nrows + r, s->pending,
                                           s->pending_row + r, err);
            if (rc != ENG_OK)
                return rc;
        }
        out->nrows += n;
        s->pending_row += n;
        s->rows += n;
    }
    return ENG_OK;
}

static void t_scan_cancel(void *p)
{
    tscan *s = p;
    if (s)
        trino_query_cancel(s->q);
}

const eng_connector_ops eng_trino_connector = {
    .name = "trino",
    .open = t_open,
    .close = t_close,
    .list_schemas = t_list_schemas,
    .list_tables = t_list_tables,
    .get_table = t_get_table,
    .shippable = t_shippable,
    .deparse = t_deparse,
    .shippable_node = t_shippable_node,
    .scan_begin = t_scan_begin,
    .scan_next = t_scan_next,
    .scan_end = t_scan_end,
    .scan_cancel = t_scan_cancel,
    .write_query = t_write_query,
};
