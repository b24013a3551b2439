/*
 * engine/engine_int.h
 *   The engine's private view of a session: its catalogs and defaults.
 *   Shared by engine.c, catalog.c, the binder, the executor and the
 *   system connector; never included by driver/.
 * Interface: eng_catalog, struct eng_conn, sess_catalog_find,
 *   sess_catalog_state, sess_catalog_file_load (catalog_file.c).
 * Not here: the façade (engine.h), connectors (connector/).
 */
#ifndef ENG_ENGINE_INT_H
#define ENG_ENGINE_INT_H

#include "engine.h"
#include "connector/connector.h"

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
} eng_catalog;

struct eng_conn {
    eng_arena *arena;     /* connection lifetime: catalogs, config */
    char *catalogs_path;
    int ncatalogs;
    eng_catalog *catalogs;   /* sorted by name; "system" is one of them */
    char *def_catalog;       /* allocated with eng_malloc */
    char *def_schema;
};

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
eng_rc sess_cat_get_table(eng_catalog *cat, const char *schema,
                          const char *table, eng_arena *a,
                          eng_table_def **out, eng_error *err);
/* True when the allow-lists expose schema (and table, if not NULL). */
bool sess_cat_allows(const eng_catalog *cat, const char *schema,
                     const char *table);
/* Parses a comma-separated allow-list into cat (catalog_file.c). */
eng_rc sess_cat_parse_allow(eng_arena *a, const char *value, char ***items,
                            int *n, eng_error *err);

/* The built-in system catalog's connector; its state is the eng_conn. */
extern const eng_connector_ops eng_system_connector;

#endif
