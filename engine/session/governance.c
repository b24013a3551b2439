/*
 * engine/session/governance.c
 *   Metadata access through a catalog's allow-lists: what the catalog file
 *   does not expose is neither listed nor readable.
 * Interface: sess_cat_list_schemas, sess_cat_list_tables,
 *   sess_cat_list_views, sess_cat_get_table, sess_cat_allows,
 *   sess_cat_get_keys,
 *   sess_cat_foreign_keys.
 * Not here: reading the catalog file and its allow-lists (catalog_file.c);
 *   opening catalogs (session.c); the connectors.
 *
 * A catalog section may say
 *     schemas = public, sales
 *     tables  = public.customers, orders
 * A table entry with a schema names that table only; one without names
 * that table in every allowed schema. Either list may be absent (all).
 * Queries on a hidden table fail with 42501, listings omit it, so SHOW,
 * system.jdbc and the ODBC catalog functions agree.
 *
 * Answers (after the allow-lists) go through the session's metadata cache
 * (metacache.c; the catalog's mc): a fresh cached answer is returned
 * without asking the connector. Foreign keys are not cached (their
 * arguments may each be NULL; SQLForeignKeys is rare).
 */
#include <ctype.h>
#include <string.h>

#include "session.h"

/* True when schema is in the schema allow-list (or there is none). */
static bool schema_allowed(const eng_catalog *cat, const char *schema)
{
    if (cat->nallow_schemas == 0)
        return true;
    for (int i = 0; i < cat->nallow_schemas; i++)
        if (!strcmp(cat->allow_schemas[i], schema))
            return true;
    return false;
}

/* True when schema.table matches the table allow-list (or there is none). */
static bool table_allowed(const eng_catalog *cat, const char *schema,
                          const char *table)
{
    if (cat->nallow_tables == 0)
        return true;
    size_t sl = strlen(schema);
    for (int i = 0; i < cat->nallow_tables; i++) {
        const char *it = cat->allow_tables[i];
        const char *dot = strchr(it, '.');
        if (!dot) {
            if (!strcmp(it, table))
                return true;
        } else if ((size_t)(dot - it) == sl && !strncmp(it, schema, sl) &&
                   !strcmp(dot + 1, table)) {
            return true;
        }
    }
    return false;
}

bool sess_cat_allows(const eng_catalog *cat, const char *schema,
                     const char *table)
{
    if (!schema_allowed(cat, schema))
        return false;
    if (!table)
        return true;
    return table_allowed(cat, schema, table);
}

/*
 * Lists the allowed schemas. A schema that holds no allowed table stays
 * listed when only the table list restricts it, as an empty schema would.
 */
eng_rc sess_cat_list_schemas(eng_catalog *cat, eng_arena *a, char ***names,
                             int *n, eng_error *err)
{
    void *st;
    int hit = sess_mc_get_list(cat->mc, SESS_MC_SCHEMAS, cat, NULL, a, names,
                               NULL, n);
    if (hit)
        return hit > 0 ? ENG_OK : eng_err_oom(err);
    eng_rc rc = sess_catalog_state(cat, &st, err);
    if (rc == ENG_OK)
        rc = cat->ops->list_schemas(st, a, names, n, err);
    if (rc != ENG_OK)
        return rc;
    int k = 0;
    for (int i = 0; i < *n; i++)
        if (schema_allowed(cat, (*names)[i]))
            (*names)[k++] = (*names)[i];
    *n = k;
    sess_mc_put_list(cat->mc, SESS_MC_SCHEMAS, cat, NULL, *names, NULL, *n);
    return ENG_OK;
}

/* Lists the allowed tables of an allowed schema (none otherwise). */
eng_rc sess_cat_list_tables(eng_catalog *cat, const char *schema,
                            eng_arena *a, char ***names, int *n,
                            eng_error *err)
{
    void *st;
    *n = 0;
    *names = NULL;
    if (!schema_allowed(cat, schema))
        return ENG_OK;
    int hit = sess_mc_get_list(cat->mc, SESS_MC_TABLES, cat, schema, a,
                               names, NULL, n);
    if (hit)
        return hit > 0 ? ENG_OK : eng_err_oom(err);
    eng_rc rc = sess_catalog_state(cat, &st, err);
    if (rc == ENG_OK)
        rc = cat->ops->list_tables(st, schema, a, names, n, err);
    if (rc != ENG_OK)
        return rc;
    int k = 0;
    for (int i = 0; i < *n; i++)
        if (table_allowed(cat, schema, (*names)[i]))
            (*names)[k++] = (*names)[i];
    *n = k;
    sess_mc_put_list(cat->mc, SESS_MC_TABLES, cat, schema, *names, NULL, *n);
    return ENG_OK;
}

/* Lists the allowed views of an allowed schema with their definitions
 * (none when the connector has no views). */
eng_rc sess_cat_list_views(eng_catalog *cat, const char *schema,
                           eng_arena *a, char ***names, char ***defs, int *n,
                           eng_error *err)
{
    void *st;
    *n = 0;
    *names = *defs = NULL;
    if (!schema_allowed(cat, schema) || !cat->ops->list_views)
        return ENG_OK;
    int hit = sess_mc_get_list(cat->mc, SESS_MC_VIEWS, cat, schema, a,
                               names, defs, n);
    if (hit)
        return hit > 0 ? ENG_OK : eng_err_oom(err);
    eng_rc rc = sess_catalog_state(cat, &st, err);
    if (rc == ENG_OK)
        rc = cat->ops->list_views(st, schema, a, names, defs, n, err);
    if (rc != ENG_OK)
        return rc;
    int k = 0;
    for (int i = 0; i < *n; i++)
        if (table_allowed(cat, schema, (*names)[i])) {
            (*defs)[k] = (*defs)[i];
            (*names)[k++] = (*names)[i];
        }
    *n = k;
    sess_mc_put_list(cat->mc, SESS_MC_VIEWS, cat, schema, *names, *defs, *n);
    return ENG_OK;
}

/*
 * Describes an allowed table. A table outside the allow-lists fails with
 * 42501 before the server is asked, so its existence is not revealed by
 * the difference between 42501 and 42S02.
 */
eng_rc sess_cat_get_table(eng_catalog *cat, const char *schema,
                          const char *table, eng_arena *a,
                          eng_table_def **out, eng_error *err)
{
    void *st;
    if (!sess_cat_allows(cat, schema, table)) {
        eng_rc rc = eng_err_set(err, ENG_ERR_INSUFFICIENT_PRIVILEGE, 0,
                                "Access Denied: table '%s.%s.%s' is not exposed by catalog '%s'",
                                cat->name, schema, table, cat->name);
        eng_err_set_source(err, cat->name);
        return rc;
    }
    int hit = sess_mc_get_table(cat->mc, cat, schema, table, a, out);
    if (hit)
        return hit > 0 ? ENG_OK : eng_err_oom(err);
    eng_rc rc = sess_catalog_state(cat, &st, err);
    if (rc != ENG_OK)
        return rc;
    rc = cat->ops->get_table(st, schema, table, a, out, err);
    if (rc == ENG_OK && *out && !(*out)->catalog)
        (*out)->catalog = cat->name;
    if (rc == ENG_OK && *out)
        sess_mc_put_table(cat->mc, cat, schema, table, *out);
    return rc;
}

/*
 * The primary key and indexes of an allowed table (nothing for a hidden
 * one, or when the connector has no keys): listings of keys omit hidden
 * tables as the other listings do.
 */
eng_rc sess_cat_get_keys(eng_catalog *cat, const char *schema,
                         const char *table, eng_arena *a,
                         eng_table_keys *out, eng_error *err)
{
    void *st;
    memset(out, 0, sizeof *out);
    if (!sess_cat_allows(cat, schema, table) || !cat->ops->get_keys)
        return ENG_OK;
    int hit = sess_mc_get_keys(cat->mc, cat, schema, table, a, out);
    if (hit)
        return hit > 0 ? ENG_OK : eng_err_oom(err);
    eng_rc rc = sess_catalog_state(cat, &st, err);
    if (rc == ENG_OK)
        rc = cat->ops->get_keys(st, schema, table, a, out, err);
    if (rc == ENG_OK)
        sess_mc_put_keys(cat->mc, cat, schema, table, out);
    return rc;
}

/*
 * The foreign keys of the catalog between the named tables (NULL: any),
 * keeping those whose both tables are allowed. The connector's answer is
 * kept in the metadata cache under the four names, before the
 * allow-lists (which never change within a session).
 */
eng_rc sess_cat_foreign_keys(eng_catalog *cat, const char *ref_schema,
                             const char *ref_table, const char *schema,
                             const char *table, eng_arena *a,
                             eng_foreign_key **out, int *n, eng_error *err)
{
    void *st;
    *out = NULL;
    *n = 0;
    if (!cat->ops->foreign_keys ||
        (ref_schema && !sess_cat_allows(cat, ref_schema, ref_table)) ||
        (schema && !sess_cat_allows(cat, schema, table)))
        return ENG_OK;
    eng_rc rc;
    int hit = sess_mc_get_fkeys(cat->mc, cat, ref_schema, ref_table, schema,
                                table, a, out, n);
    if (hit < 0)
        return eng_err_oom(err);
    if (!hit) {
        rc = sess_catalog_state(cat, &st, err);
        if (rc == ENG_OK)
            rc = cat->ops->foreign_keys(st, ref_schema, ref_table, schema,
                                        table, a, out, n, err);
        if (rc != ENG_OK)
            return rc;
        sess_mc_put_fkeys(cat->mc, cat, ref_schema, ref_table, schema, table,
                          *out, *n);
    }
    int k = 0;
    for (int i = 0; i < *n; i++)
        if (sess_cat_allows(cat, (*out)[i].schema, (*out)[i].table) &&
            sess_cat_allows(cat, (*out)[i].ref_schema, (*out)[i].ref_table))
            (*out)[k++] = (*out)[i];
    *n = k;
    return ENG_OK;
}
