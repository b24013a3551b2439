/*
 * engine/optimizer/view.c
 *   The remote SQL of a whole optimized plan, when one catalog can run
 *   all of it exactly as the engine would: what CREATE VIEW sends.
 * Interface: opt_view_sql, opt_source_sql.
 * Not here: binding the view (binder/bind_write.c), running the DDL
 *   (connector/pg/pg_write.c).
 *
 * opt_source_sql is the same question for the source of an INSERT into a
 * catalog that takes it whole (connector.h write_query): there the rows
 * are only values to insert, so a remote subtree (its columns cast to
 * the engine's types) is as good as a scan, and only projections that
 * pass columns on unchanged are allowed above it.
 *
 * Accepted shapes, and nothing else: a scan of the view's catalog whose
 * filters were all accepted by the catalog (its spec.sql, written by the
 * connector's deparser under the pushdown whitelist), under projections
 * of column references and of expressions the same whitelist accepts
 * (integer arithmetic, comparisons, ...), and a LIMIT the scan carries.
 * Anything the engine would compute itself (joins, aggregates, decimal or
 * double arithmetic, functions, a filter
 * the catalog refused, ORDER BY, DISTINCT, UNION) would be computed by
 * the catalog with its own semantics, which may differ from Trino's, so
 * it is refused (0A000) with the advice to create a table instead.
 */
#include <stdio.h>
#include <string.h>
#include "opt_int.h"
#include "../common/strbuf.h"

/* 0A000 for a view the catalog cannot run exactly. */
static eng_rc refuse(eng_error *err, const char *what)
{
    return eng_err_set(err, ENG_ERR_FEATURE_NOT_SUPPORTED, 0,
                       "CREATE VIEW: %s cannot be sent to the catalog as it "
                       "is; create a table instead (CREATE TABLE ... AS "
                       "SELECT; materialized='table' in dbt)", what);
}

/*
 * A copy of e in arena a in which each column reference k becomes a copy
 * of by[k] (by != NULL, k < n) or the reference map[k] (map != NULL);
 * with neither, a plain copy. NULL on OOM or a reference out of range
 * (*oom tells which).
 */
static plan_expr *copy_subst(eng_arena *a, const plan_expr *e,
                             plan_expr *const *by, const int *map, int n,
                             bool *oom)
{
    if (!e)
        return NULL;
    if (e->kind == PX_COLREF && (by || map)) {
        if (e->col < 0 || e->col >= n)
            return NULL;
        if (by)
            return copy_subst(a, by[e->col], NULL, NULL, 0, oom);
    }
    plan_expr *c = eng_arena_alloc(a, sizeof *c);
    if (!c) {
        *oom = true;
        return NULL;
    }
    *c = *e;
    if (e->kind == PX_COLREF && map)
        c->col = map[e->col];
    if (e->nargs > 0) {
        c->args = eng_arena_alloc(a, sizeof *c->args * (size_t)e->nargs);
        if (!c->args) {
            *oom = true;
            return NULL;
        }
        for (int i = 0; i < e->nargs; i++) {
            c->args[i] = NULL;
            if (e->args[i] &&
                !(c->args[i] = copy_subst(a, e->args[i], by, map, n, oom)))
                return NULL;
        }
    }
    return c;
}

/*
 * Writes into *sql (arena a) the SQL the catalog `cat` runs for `plan`,
 * with output columns named names[0..ncols-1]:
 *   SELECT q."c" AS "name", (<expr>) AS "name2", ... FROM (<scan sql>) q
 * A computed column is kept when the catalog accepts it (ops->shippable:
 * the pushdown whitelist, e.g. integer arithmetic) and writes it
 * (ops->deparse_expr) over the scan's columns, which the subquery q
 * exposes under their names. Returns 0A000 (see the file comment) when
 * the plan has another shape.
 */
eng_rc opt_view_sql(const plan_node *plan, const struct eng_catalog *cat,
                    int ncols, char *const *names, eng_arena *a, char **sql,
                    eng_error *err)
{
    const plan_node *n = plan;
    plan_expr **cols = eng_arena_alloc(a, sizeof *cols * (size_t)(ncols + 1));
    int64_t limit = -1;
    bool oom = false;
    *sql = NULL;
    if (!cols)
        return eng_err_oom(err);
    /* each output column as an expression over the current node's
     * output, composed down through projections and a LIMIT */
    for (int i = 0; i < ncols; i++) {
        eng_value v = { .is_null = true };
        if (!(cols[i] = plan_const(a, &v)))
            return eng_err_oom(err);
        cols[i]->kind = PX_COLREF;
        cols[i]->col = i;
    }
    for (;;) {
        if (n->kind == PN_PROJECT) {
            for (int i = 0; i < ncols; i++) {
                plan_expr *e = copy_subst(a, cols[i], n->exprs, NULL,
                                          n->ncols, &oom);
                if (!e)
                    return oom ? eng_err_oom(err)
                               : eng_err_set(err, ENG_ERR_INTERNAL, 0,
                                             "view column out of range");
                cols[i] = e;
            }
            n = n->child;
        } else if (n->kind == PN_LIMIT) {
            if (n->offset != 0 || limit >= 0)
                return refuse(err, "OFFSET");
            limit = n->limit;
            n = n->child;
        } else {
            break;
        }
    }
    /* a remote subtree (optimizer/remote.c) is still a join, aggregate or
     * sort: its SQL casts the columns to the engine's canonical types, not
     * the declared ones a view should keep */
    if (n->kind != PN_SCAN || n->spec.remote || !n->spec.table)
        return refuse(err, "a query the engine computes (join, aggregate, "
                           "set operation, sort, local filter)");
    if (n->catalog != cat)
        return refuse(err, "a query over another catalog");
    if (!n->spec.sql)
        return refuse(err, "a query without remote SQL");
    if (limit >= 0 && n->spec.limit != limit)
        return refuse(err, "LIMIT");
    eng_strbuf sb;
    eng_sb_init(&sb, a);
    eng_sb_puts(&sb, "SELECT");
    for (int i = 0; i < ncols; i++) {
        const plan_expr *e = cols[i];
        eng_sb_puts(&sb, i ? ", " : " ");
        if (e->kind == PX_COLREF) {
            if (e->col < 0 || e->col >= n->spec.ncols)
                return eng_err_set(err, ENG_ERR_INTERNAL, 0,
                                   "view column out of range");
            const char *col = n->spec.table->cols[n->spec.cols[e->col]].name;
            eng_sb_puts(&sb, "q.");
            eng_sb_quoted(&sb, '"', col, strlen(col));
        } else {
            /* over the table's columns, for the connector's whitelist */
            plan_expr *t = copy_subst(a, e, NULL, n->spec.cols, n->spec.ncols,
                                      &oom);
            void *state;
            char *text;
            eng_rc rc;
            if (!t)
                return oom ? eng_err_oom(err)
                           : eng_err_set(err, ENG_ERR_INTERNAL, 0,
                                         "view column out of range");
            if (!cat->ops->shippable || !cat->ops->deparse_expr)
                return refuse(err, "a computed column");
            if ((rc = sess_catalog_state((struct eng_catalog *)cat, &state, err)))
                return rc;
            if (!cat->ops->shippable(state, t))
                return refuse(err, "a computed column");
            if ((rc = cat->ops->deparse_expr(state, n->spec.table, t, a, &text,
                                             err)))
                return rc;
            eng_sb_puts(&sb, text);
        }
        eng_sb_puts(&sb, " AS ");
        eng_sb_quoted(&sb, '"', names[i], strlen(names[i]));
    }
    eng_sb_printf(&sb, " FROM (%s) q", n->spec.sql);
    *sql = eng_sb_finish(&sb, a);
    return *sql ? ENG_OK : eng_err_oom(err);
}

/* See optimizer.h. */
eng_rc opt_source_sql(const plan_node *plan, const struct eng_catalog *cat,
                      eng_arena *a, char **sql, eng_error *err)
{
    const plan_node *n = plan;
    int ncols = plan ? plan->ncols : 0;
    int *map = eng_arena_alloc(a, sizeof *map * (size_t)(ncols + 1));
    *sql = NULL;
    if (!plan)
        return ENG_OK;
    if (!map)
        return eng_err_oom(err);
    /* output column i is column map[i] of the current node */
    for (int i = 0; i < ncols; i++)
        map[i] = i;
    while (n->kind == PN_PROJECT && n->child) {
        for (int i = 0; i < ncols; i++) {
            const plan_expr *e = map[i] < n->ncols ? n->exprs[map[i]] : NULL;
            if (!e || e->kind != PX_COLREF || e->col < 0 ||
                e->col >= n->child->ncols ||
                !eng_type_equal(e->type, n->child->types[e->col]))
                return ENG_OK;
            map[i] = e->col;
        }
        n = n->child;
    }
    if (n->kind != PN_SCAN || n->catalog != cat || !n->spec.sql ||
        n->spec.ndf > 0 || (!n->spec.remote && !n->spec.table))
        return ENG_OK;
    eng_strbuf sb;
    eng_sb_init(&sb, a);
    eng_sb_puts(&sb, "SELECT");
    for (int i = 0; i < ncols; i++) {
        eng_sb_puts(&sb, i ? ", q." : " q.");
        if (n->spec.remote) {
            /* a remote subtree's root names its columns c0, c1, ... */
            char c[24];
            snprintf(c, sizeof c, "c%d", map[i]);
            eng_sb_quoted(&sb, '"', c, strlen(c));
        } else {
            if (map[i] >= n->spec.ncols)
                return eng_err_set(err, ENG_ERR_INTERNAL, 0,
                                   "insert source column out of range");
            const char *col = n->spec.table->cols[n->spec.cols[map[i]]].name;
            eng_sb_quoted(&sb, '"', col, strlen(col));
        }
    }
    eng_sb_printf(&sb, " FROM (%s) q", n->spec.sql);
    *sql = eng_sb_finish(&sb, a);
    return *sql ? ENG_OK : eng_err_oom(err);
}
