/*
 * engine/session/session.h
 *   The session room: a session's catalogs and defaults, the catalog file,
 *   governed metadata access, the connector registry and the built-in
 *   system catalog. Read by the façade (engine.c), the binder, the
 *   optimizer and the executor; never by driver/, the parser or connectors.
 * Interface: eng_catalog, struct eng_conn; sess_open, sess_close,
 *   sess_set_default, sess_set_timeout, sess_catalog_find,
 *   sess_catalog_state (session.c); sess_catalog_file_load,
 *   sess_cat_parse_allow (catalog_file.c); sess_cat_* (governance.c);
 *   sess_connector_find (registry.c); eng_system_connector,
 *   sess_info_schema_table (system.c); sess_txn_* (txn.c); sess_prop_*
 *   (session_props.c); sess_mc_* (metacache.c).
 * Not here: the façade (engine.h), connectors (connector/).
 */
#ifndef ENG_SESSION_H
#define ENG_SESSION_H

#include "../connector/connector.h"
#include "../connector/trino/trino_client.h"
#include "../types/typeinfo.h"   /* ENG_TI_UNBOUNDED_VARCHAR: sess_unbounded_size */

typedef struct eng_conn eng_conn;
typedef struct sess_metacache sess_metacache;

typedef struct eng_catalog {
    char *name;
    const eng_connector_ops *ops;
    eng_catalog_cfg cfg;
    void *state;          /* ops->open result; NULL until first use */
    bool read_only;       /* governance: `read_only = true` */
    int nallow_schemas;   /* governance: `schemas = a, b`; 0 = all */
    char **allow_schemas;
    int nallow_tables;    /* governance: `tables = s.t, t2`; 0 = all */
    char **allow_tables;  /* "schema.table" or "table" (any schema) */
    sess_metacache *mc;   /* the session's metadata cache (metacache.c);
                             NULL for the system catalog */
} eng_catalog;

/* Optimizer rules a session can switch off, for differential tests and
 * diagnosis: the DSN / connection-string key
 * `Optimizer=remote_subtree=off,dynamic_filter=off,build_side=off,
 * join_order=off`
 * (sess_set_optimizer). Bits of eng_conn.opt_off. */
#define SESS_OPT_REMOTE_SUBTREE 0x1u  /* optimizer/remote.c */
#define SESS_OPT_DYNAMIC_FILTER 0x2u  /* optimizer/dynfilter.c */
#define SESS_OPT_BUILD_SIDE     0x4u  /* optimizer/buildside.c */
#define SESS_OPT_PARALLEL_SCAN  0x8u  /* exec/: scans read ahead on threads */
#define SESS_OPT_JOIN_ORDER     0x10u /* optimizer/joinorder.c */
#define SESS_OPT_PARTIAL_AGG    0x20u /* optimizer/partialagg.c */
#define SESS_OPT_SORT_PUSHDOWN  0x40u /* optimizer/sortpush.c */
#define SESS_OPT_LOCAL_AGG      0x80u /* optimizer/remote.c */
#define SESS_OPT_SCAN_SPLIT     0x100u /* optimizer/scansplit.c */
#define SESS_OPT_SPILL          0x8000u /* exec/spill.c: sorts spill past
                                          the memory limit (not in `all`) */

/* Longest spill directory path + 1 (22023 beyond). */
#define SESS_SPILL_DIR_MAX 256
#define SESS_OPT_SHARED_SCAN    0x200u /* optimizer/sharedscan.c */

struct eng_conn {
    eng_arena *arena;     /* connection lifetime: catalogs, config */
    unsigned opt_off;     /* SESS_OPT_* rules switched off */
    int64_t mem_limit;    /* bytes one query's operators may hold, 0 =
                             none (QueryMemoryLimit, sess_set_memory_limit) */
    unsigned opt_off_dsn; /* opt_off and mem_limit as the connection set */
    int64_t mem_limit_dsn;/* them: what RESET SESSION returns to */
    int max_recursion_depth;   /* runs of a WITH RECURSIVE step that may
                                  give rows (max_recursion_depth; 0 = not
                                  set: sess_max_recursion_depth) */
    int max_recursion_depth_dsn;
    /* Rule scan_split (optimizer/scansplit.c): ranges a split scan is
     * read in (scan_split_ranges) and the estimated pages from which a
     * table is split (scan_split_min_pages; 0 = every table whose size
     * is known or not). Set at open to the defaults below. */
    int split_ranges, split_ranges_dsn;
    int split_min_pages, split_min_pages_dsn;
    /* Where spill files go (SpillDirectory / spill_directory); "" = $TMPDIR,
     * else /tmp. Fixed buffers: nothing to allocate or free. */
    char spill_dir[SESS_SPILL_DIR_MAX];
    char spill_dir_dsn[SESS_SPILL_DIR_MAX];
    char *catalogs_path;
    int ncatalogs;
    eng_catalog *catalogs;   /* sorted by name; "system" is one of them */
    char *def_catalog;       /* allocated with eng_malloc */
    char *def_schema;
    bool catalogs_as_schemas; /* "cat.schema".table names cat.schema.table
                                 (eng_set_catalogs_as_schemas) */
    int unbounded_size;      /* declared size of unbounded varchar and
                                varbinary (UnboundedVarcharSize); 0 = the
                                type table's default (eng_unbounded_size) */
    trino_client *remote;    /* Engine=trino: every statement goes to this
                                server (engine_remote.c); no catalogs */
    /* The transaction (txn.c). In transaction mode (autocommit off, or
     * after START TRANSACTION) statements do not commit on their own. */
    bool autocommit_off;     /* eng_set_autocommit(false) */
    bool txn_explicit;       /* START TRANSACTION with autocommit on */
    bool txn_active;         /* a statement ran since the txn began */
    bool txn_failed;         /* a statement failed: only COMMIT/ROLLBACK */
    bool txn_read_only;      /* START TRANSACTION READ ONLY */
    unsigned txn_isolation;  /* ENG_ISO_* level of eng_set_isolation, 0 =
                                the engine's default (Trino mode sends it
                                with START TRANSACTION) */
    eng_catalog *txn_cat;    /* the catalog written: its remote
                                transaction is open; NULL before the
                                first write */
    /* The session time zone (a zone key, types.h): the client process's
     * zone at open, then TimeZone= (eng_set_time_zone) or SET TIME ZONE.
     * Casts to the types with a time zone, current_timestamp,
     * localtimestamp and current_date read it. */
    int32_t tz_key;
    /* The metadata cache (metacache.c) every catalog's mc points to;
     * NULL in Trino mode. */
    sess_metacache *mcache;
};

/* The session time zone of c (UTC without a session). */
static inline int32_t sess_tz(const eng_conn *c)
{
    return c ? c->tz_key : ENG_TZ_UTC;
}
/* The declared size of unbounded varchar and varbinary in session c
 * (UnboundedVarcharSize; the type table's default when unset or NULL). */
static inline int sess_unbounded_size(const eng_conn *c)
{
    return c && c->unbounded_size > 0 ? c->unbounded_size
                                      : ENG_TI_UNBOUNDED_VARCHAR;
}
/* The client process's zone: $TZ (without a leading ':'), else the zone
 * /etc/localtime links to, else UTC; never changes TZ. */
int32_t sess_local_zone(void);
/* Sets the session time zone from a zone name (eng_tz_lookup: 22023 for
 * an unknown zone); NULL or "" restores the client's zone. */
eng_rc sess_set_time_zone(eng_conn *c, const char *zone, eng_error *err);

/* Opens a session over the catalog file at path (see engine.h eng_open). */
eng_rc sess_open(const char *path, const char *catalog, const char *schema,
                 eng_conn **out, eng_error *err);
void sess_close(eng_conn *c);
/* Opens a session with no catalogs whose statements all go to client
 * (Trino mode), in the session time zone tz_key (the caller looked it up
 * once, for the client's X-Trino-Time-Zone as well); on success the
 * session owns client, on failure the caller still does. */
eng_rc sess_open_remote(trino_client *client, int32_t tz_key, eng_conn **out,
                        eng_error *err);
/* Replaces the defaults (folded to lower case); NULL clears. */
eng_rc sess_set_default(eng_conn *c, const char *catalog, const char *schema,
                        eng_error *err);
/*
 * Parses an optimizer setting, a comma-separated list of rule=on|off
 * (rules: remote_subtree, dynamic_filter, build_side, parallel_scan,
 * join_order, all), into
 * c->opt_off. Errors: 22023 naming an unknown rule or value.
 */
eng_rc sess_set_optimizer(eng_conn *c, const char *value, eng_error *err);
/* Default of QueryMemoryLimit: 1 GiB. */
#define SESS_QUERY_MEMORY_DEFAULT ((int64_t)1 << 30)
/*
 * Parses a per-query memory limit, bytes with an optional k, m or g
 * (powers of 1024); 0 = no limit; NULL or "" = the default
 * (SESS_QUERY_MEMORY_DEFAULT), into c->mem_limit. Errors: 22023 naming
 * the value; c->mem_limit is then unchanged.
 */
eng_rc sess_set_memory_limit(eng_conn *c, const char *value, eng_error *err);
/* Sets the spill directory (SpillDirectory); NULL or "" = $TMPDIR, else
 * /tmp. 22023 for a path of SESS_SPILL_DIR_MAX bytes or more. */
eng_rc sess_set_spill_dir(eng_conn *c, const char *value, eng_error *err);
/*
 * Session properties (session_props.c): SET SESSION / RESET SESSION /
 * SHOW SESSION over the rule switches (boolean, true = on) and the query
 * memory limit (query_max_memory, a data size such as '1GB'). Defaults
 * are the connection's values (sess_prop_dsn_snapshot).
 *   sess_prop_find     index of a name, or -1 with 22023 in err;
 *   sess_prop_set      typed value (22023 for a wrong type or size);
 *   sess_prop_reset    back to the default;
 *   sess_prop_value / sess_prop_default   text of the value / default in
 *                      arena a (NULL on OOM).
 */
typedef enum sess_prop_type { SESS_PROP_BOOLEAN, SESS_PROP_VARCHAR,
                              SESS_PROP_INTEGER } sess_prop_type;
/* Trino's default max_recursion_depth. */
#define SESS_MAX_RECURSION_DEFAULT 10
/* Rule scan_split's defaults (optimizer/README.md has the measurement). */
#define SESS_SPLIT_RANGES_DEFAULT 2
#define SESS_SPLIT_MIN_PAGES_DEFAULT 4096
typedef struct sess_prop_info {
    const char *name;
    sess_prop_type type;
    const char *description;
} sess_prop_info;
/* The session's max_recursion_depth (SESS_MAX_RECURSION_DEFAULT when never
 * set, or for a NULL session). */
int sess_max_recursion_depth(const eng_conn *c);
int sess_prop_count(void);
const sess_prop_info *sess_prop_info_at(int i);
int sess_prop_find(const char *name, eng_error *err);
eng_rc sess_prop_set(eng_conn *c, const char *name, const eng_value *v,
                     eng_error *err);
eng_rc sess_prop_reset(eng_conn *c, const char *name, eng_error *err);
char *sess_prop_value(const eng_conn *c, int i, eng_arena *a);
char *sess_prop_default(const eng_conn *c, int i, eng_arena *a);
void sess_prop_dsn_snapshot(eng_conn *c);
/* Bounds metadata work in every catalog (cfg.timeout_s). */
void sess_set_timeout(eng_conn *c, unsigned seconds);

/*
 * Transactions (txn.c). A transaction writes to at most one catalog, as
 * in Trino; reads of other catalogs see their committed state.
 *   sess_txn_mode      true in transaction mode (see struct eng_conn);
 *   sess_txn_statement called as each statement starts executing: 25P02
 *                      after a failure until the end (txn_control: the
 *                      statement is COMMIT/ROLLBACK, always allowed);
 *                      marks the transaction active;
 *   sess_txn_write     called before a write to cat executes: opens
 *                      cat's remote transaction at the first write;
 *                      25006 in a READ ONLY transaction, 25000 naming
 *                      both catalogs for a second catalog, 0A000 when
 *                      cat's connector has no transactions;
 *   sess_txn_fail      a statement failed: the remote transaction is
 *                      rolled back now and the transaction is aborted;
 *   sess_txn_start     START TRANSACTION (25001 when one is in progress);
 *   sess_txn_end       COMMIT / ROLLBACK (both fine without a
 *                      transaction); a commit of an aborted or lost
 *                      transaction rolls back and fails with 40000;
 *                      afterwards no transaction is in progress;
 *   sess_txn_in_progress  a transaction has begun and not ended.
 */
bool sess_txn_mode(const eng_conn *c);
eng_rc sess_txn_statement(eng_conn *c, bool txn_control, eng_error *err);
eng_rc sess_txn_write(eng_conn *c, eng_catalog *cat, eng_error *err);
void sess_txn_fail(eng_conn *c);
eng_rc sess_txn_start(eng_conn *c, bool read_only, eng_error *err);
eng_rc sess_txn_end(eng_conn *c, bool commit, eng_error *err);
bool sess_txn_in_progress(const eng_conn *c);

/* Finds a catalog by exact (already case-folded) name; NULL if none. */
eng_catalog *sess_catalog_find(eng_conn *c, const char *name);

/* Returns the connector instance of cat, opening it on first use. */
eng_rc sess_catalog_state(eng_catalog *cat, void **state, eng_error *err);

/*
 * Reads the INI catalog file at path into c->catalogs (arena c->arena),
 * adding the built-in `system` catalog. Errors: F0000 naming the file for
 * an unreadable file, a section without `connector`, or an unknown
 * connector (naming the section and the value).
 */
eng_rc sess_catalog_file_load(eng_conn *c, const char *path, eng_error *err);

/*
 * Governed metadata access (governance.c). Everyone above the connectors
 * (binder, system catalog) lists and describes through these, never
 * through cat->ops directly, so that the catalog file's `schemas =` and
 * `tables =` allow-lists hide everything else. Listings silently omit what
 * is not allowed; sess_cat_get_table on a table outside the lists fails
 * with 42501 naming it. The catalog is opened lazily.
 */
eng_rc sess_cat_list_schemas(eng_catalog *cat, eng_arena *a, char ***names,
                             int *n, eng_error *err);
eng_rc sess_cat_list_tables(eng_catalog *cat, const char *schema,
                            eng_arena *a, char ***names, int *n,
                            eng_error *err);
eng_rc sess_cat_list_views(eng_catalog *cat, const char *schema,
                           eng_arena *a, char ***names, char ***defs, int *n,
                           eng_error *err);
eng_rc sess_cat_get_table(eng_catalog *cat, const char *schema,
                          const char *table, eng_arena *a,
                          eng_table_def **out, eng_error *err);
/* Keys and indexes of an allowed table; foreign keys whose two tables
 * are allowed (NULL names match any). Hidden tables have none. */
eng_rc sess_cat_get_keys(eng_catalog *cat, const char *schema,
                         const char *table, eng_arena *a,
                         eng_table_keys *out, eng_error *err);
eng_rc sess_cat_foreign_keys(eng_catalog *cat, const char *ref_schema,
                             const char *ref_table, const char *schema,
                             const char *table, eng_arena *a,
                             eng_foreign_key **out, int *n, eng_error *err);
/* True when the allow-lists expose schema (and table, if not NULL). */
bool sess_cat_allows(const eng_catalog *cat, const char *schema,
                     const char *table);
/* Parses a comma-separated allow-list into cat (catalog_file.c). */
eng_rc sess_cat_parse_allow(eng_arena *a, const char *value, char ***items,
                            int *n, eng_error *err);

/*
 * The metadata cache (metacache.c): governance.c's answers kept per
 * session for ttl_s seconds (0: off; SESS_MC_DEFAULT_TTL unless the
 * connection says MetadataCache=). Every function takes a NULL cache
 * (off).
 *   sess_mc_create     a cache (NULL on OOM); sess_mc_destroy frees it;
 *   sess_mc_set_ttl    changes the TTL and flushes;
 *   sess_mc_flush      forgets everything (after a write, at each
 *                      transaction end, on demand);
 *   sess_mc_misses     how many answers were not found in the cache;
 *   sess_mc_get_*      1: a fresh answer, copied into arena a; 0: none
 *                      (counted as a miss); -1: OOM copying it;
 *   sess_mc_put_*      keeps a copy of an answer (silently not, on OOM).
 * Lists: which is SESS_MC_SCHEMAS (schema NULL), SESS_MC_TABLES or
 * SESS_MC_VIEWS (with defs; defs NULL otherwise).
 */
#define SESS_MC_DEFAULT_TTL 60
enum { SESS_MC_SCHEMAS, SESS_MC_TABLES, SESS_MC_VIEWS };
sess_metacache *sess_mc_create(unsigned ttl_s);
void sess_mc_destroy(sess_metacache *m);
void sess_mc_set_ttl(sess_metacache *m, unsigned ttl_s);
void sess_mc_flush(sess_metacache *m);
uint64_t sess_mc_misses(sess_metacache *m);
int sess_mc_get_table(sess_metacache *m, const eng_catalog *cat,
                      const char *schema, const char *table, eng_arena *a,
                      eng_table_def **out);
void sess_mc_put_table(sess_metacache *m, const eng_catalog *cat,
                       const char *schema, const char *table,
                       const eng_table_def *def);
int sess_mc_get_list(sess_metacache *m, int which, const eng_catalog *cat,
                     const char *schema, eng_arena *a, char ***names,
                     char ***defs, int *n);
void sess_mc_put_list(sess_metacache *m, int which, const eng_catalog *cat,
                      const char *schema, char **names, char **defs, int n);
int sess_mc_get_keys(sess_metacache *m, const eng_catalog *cat,
                     const char *schema, const char *table, eng_arena *a,
                     eng_table_keys *out);
void sess_mc_put_keys(sess_metacache *m, const eng_catalog *cat,
                      const char *schema, const char *table,
                      const eng_table_keys *keys);
/* Foreign keys, keyed as sess_cat_foreign_keys asks (the referenced
 * table, the referencing table; NULL = any), before the allow-lists. */
int sess_mc_get_fkeys(sess_metacache *m, const eng_catalog *cat,
                      const char *ref_schema, const char *ref_table,
                      const char *schema, const char *table, eng_arena *a,
                      eng_foreign_key **out, int *n);
void sess_mc_put_fkeys(sess_metacache *m, const eng_catalog *cat,
                       const char *ref_schema, const char *ref_table,
                       const char *schema, const char *table,
                       const eng_foreign_key *fks, int n);

/* The connector a catalog file's `connector =` names, NULL if unknown. */
const eng_connector_ops *sess_connector_find(const char *name);

/* The built-in system catalog's connector; its state is the eng_conn. */
extern const eng_connector_ops eng_system_connector;

/*
 * Describes <cat>.information_schema.<table> (schemata, tables, columns,
 * views, as Trino has them) in arena a: out->catalog is cat's name, and
 * *scan_cat the catalog whose connector reads it (the built-in system
 * catalog, which lists cat through governance). ENG_NOT_FOUND (no error
 * record) for another table name. system.c.
 */
eng_rc sess_info_schema_table(eng_conn *c, eng_catalog *cat,
                              const char *table, eng_arena *a,
                              eng_table_def **out, eng_catalog **scan_cat,
                              eng_error *err);

#endif
