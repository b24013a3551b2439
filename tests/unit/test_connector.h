/*
 * tests/unit/test_connector.h
 *   An in-memory connector for unit tests: tables built by test code,
 *   scans served from memory, and a record of what the engine asked for.
 * Interface: tc_catalog_new, tc_catalog_free, tc_add_schema, tc_add_table,
 *   tc_add_row, tc_add_row_values, tc_int, tc_bigint, tc_smallint,
 *   tc_double, tc_dec, tc_str, tc_bool, tc_date, tc_null, tc_col,
 *   tc_state_new, tc_connector_ops, tc_conn_new, tc_conn_add_catalog.
 * Not here: the PostgreSQL connector (engine/connector/pg/), which this
 *   file neither uses nor imitates beyond the ops contract.
 *
 * Typical use:
 *   tc_catalog *cat = tc_catalog_new();
 *   tc_table *t = tc_add_table(cat, "public", "t", 2,
 *       (tc_colspec[]){ tc_col("id", ENG_T_INTEGER), tc_col("name", ENG_T_VARCHAR) });
 *   tc_add_row(t, tc_int(1), tc_str("a"));
 *   tc_state *st = tc_state_new(cat);
 *   eng_conn *c = tc_conn_new();
 *   tc_conn_add_catalog(c, "mem", &tc_connector_ops, st);
 *   ... eng_prepare / bind / plan against c; assert st->scans_begun ...
 *   eng_close(c);          (closes st through ops->close)
 *   tc_catalog_free(cat);  (after every state using it is closed)
 */
#ifndef TC_TEST_CONNECTOR_H
#define TC_TEST_CONNECTOR_H

#include "engine.h"
#include "session/session.h"

typedef struct tc_catalog tc_catalog;
typedef struct tc_table tc_table;

/* A column of a table being defined. */
typedef struct tc_colspec {
    const char *name;
    eng_type type;
    bool not_null;
} tc_colspec;

/* Creates an empty catalog (owns its own arena). NULL on OOM. */
tc_catalog *tc_catalog_new(void);
void tc_catalog_free(tc_catalog *cat);
/* Declares a schema with no tables (list_schemas shows it). */
int tc_add_schema(tc_catalog *cat, const char *schema);
/* Adds schema.name with ncols columns; the schema is created as needed.
 * Returns the table, NULL on OOM. */
tc_table *tc_add_table(tc_catalog *cat, const char *schema, const char *name,
                       int ncols, const tc_colspec *cols);
/*
 * Appends a row of exactly the table's ncols values (passed by value).
 * Each value is cast to its column's type (tc_int(5) fits a bigint or a
 * decimal column) and strings are copied. Returns ENG_OK, or an error if
 * a cast fails (the message goes to stderr).
 */
eng_rc tc_add_row(tc_table *t, ...);
eng_rc tc_add_row_values(tc_table *t, const eng_value *vals);
int tc_table_nrows(const tc_table *t);
/* Sets the distinct values get_table reports for column col (what
 * PostgreSQL's pg_stats.n_distinct gives the optimizer; 0 = unknown, the
 * default). */
void tc_set_est_distinct(tc_table *t, int col, double d);

/* Value and column builders. */
tc_colspec tc_col(const char *name, eng_type_id id);
tc_colspec tc_col_t(const char *name, eng_type type);
eng_value tc_null(eng_type_id id);
eng_value tc_int(int64_t v);            /* integer */
eng_value tc_bigint(int64_t v);
eng_value tc_smallint(int64_t v);
eng_value tc_double(double v);
eng_value tc_dec(eng_int128 unscaled, int precision, int scale);
eng_value tc_str(const char *s);        /* varchar; s must outlive the call */
eng_value tc_bool(bool b);
eng_value tc_date(int y, int m, int d);

/*
 * One connector instance over a catalog. Tests read and set the fields
 * directly. The catalog is not owned (unless the state came from
 * ops->open, which makes an empty catalog of its own).
 */
typedef struct tc_state {
    tc_catalog *cat;
    bool owns_cat;
    char name[64];            /* catalog name, set by tc_conn_add_catalog */

    /* Pluggable pushdown: NULL shippable = nothing ships; NULL deparse =
     * `SELECT "c1", "c2" FROM "schema"."t"` (filters and limit not shown;
     * `SELECT NULL FROM ...` when no column is read). */
    bool (*shippable)(void *state, const plan_expr *e);
    eng_rc (*deparse)(void *state, const eng_scan_spec *spec, eng_arena *a,
                      char **sql, eng_error *err);
    /* NULL = no remote subtrees (ops->shippable_node answers false). */
    bool (*shippable_node)(void *state, const plan_node *n);
    /* Row estimate every table of this state reports (0 = unknown). */
    double est_rows;

    /* What the engine asked for. last_* describe the most recent
     * scan_begin and stay valid until the state is closed. */
    int scans_begun;
    int scans_ended;
    int scans_cancelled;
    int batches_served;
    int last_ncols;
    int *last_cols;           /* indexes into the table's columns */
    int last_nfilters;
    char **last_filters;      /* plan_expr_text of each pushed filter */
    int64_t last_limit;
    char *last_table;         /* "schema.table" */
    char *last_sql;           /* spec->sql, or NULL */

    /* Failure injection: scan_next fails with 08S01 once this many
     * batches were served by the current scan (-1 = never). */
    int fail_after_batches;
} tc_state;

/* Creates a state serving cat (not owned). NULL on OOM. */
tc_state *tc_state_new(tc_catalog *cat);

extern const eng_connector_ops tc_connector_ops;  /* name "memory" */

/*
 * Returns an engine session with no catalog file and no catalogs, to be
 * freed with eng_close (which closes every added state). NULL on OOM.
 */
eng_conn *tc_conn_new(void);
/*
 * Adds catalog `name` served by ops with the given (already open) state,
 * keeping c->catalogs sorted by name, so sess_catalog_state returns
 * `state` without calling ops->open. When ops is &tc_connector_ops the
 * state's name is set too. Returns ENG_OK or ENG_NOMEM.
 */
eng_rc tc_conn_add_catalog(eng_conn *c, const char *name,
                           const eng_connector_ops *ops, void *state);

#endif
