/*
 * engine/optimizer/view.c
 *   The remote SQL of a whole optimized plan, when one catalog can run
 *   all of it exactly as the engine would: what CREATE VIEW sends.
 * Interface: opt_view_sql.
 * Not here: binding the view (binder/bind_write.c), running the DDL
 *   (connector/pg/pg_write.c).
 *
 * Accepted shapes, and nothing else: a scan of the view's catalog whose
 * filters were all accepted by the catalog (its spec.sql, written by the
 * connector's deparser under the pushdown whitelist), under projections
 * of plain column references and a LIMIT the scan carries. Anything the
 * engine would compute itself (joins, aggregates, arithmetic, a filter
 * the catalog refused, ORDER BY, DISTINCT, UNION) would be computed by
 * the catalog with its own semantics, which may differ from Trino's, so
 * it is refused (0A000) with the advice to create a table instead.
 */
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
 * Writes into *sql (arena a) the SQL the catalog `cat` runs for `plan`,
 * with output columns named names[0..ncols-1]:
 *   SELECT q."c" AS "name", ... FROM (<scan sql>) q
 * Returns 0A000 (see the file comment) when the plan has another shape.
 */
eng_rc opt_view_sql(const plan_node *plan, const struct eng_catalog *cat,
                    int ncols, char *const *names, eng_arena *a, char **sql,
                    eng_error *err)
{
    const plan_node *n = plan;
    int *map = eng_arena_alloc(a, sizeof *map * (size_t)(ncols + 1));
    int64_t limit = -1;
    *sql = NULL;
    if (!map)
        return eng_err_oom(err);
    for (int i = 0; i < ncols; i++)
        map[i] = i;
    /* walk down through column projections and a LIMIT, composing the
     * column map onto the scan's output */
    for (;;) {
        if (n->kind == PN_PROJECT) {
            for (int i = 0; i < ncols; i++) {
                const plan_expr *e = n->exprs[map[i]];
                if (e->kind != PX_COLREF)
                    return refuse(err, "a computed column");
                map[i] = e->col;
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
        if (map[i] < 0 || map[i] >= n->spec.ncols)
            return eng_err_set(err, ENG_ERR_INTERNAL, 0,
                               "view column out of range");
        const char *col = n->spec.table->cols[n->spec.cols[map[i]]].name;
        eng_sb_puts(&sb, i ? ", q." : " q.");
        eng_sb_quoted(&sb, '"', col, strlen(col));
        eng_sb_puts(&sb, " AS ");
        eng_sb_quoted(&sb, '"', names[i], strlen(names[i]));
    }
    eng_sb_printf(&sb, " FROM (%s) q", n->spec.sql);
    *sql = eng_sb_finish(&sb, a);
    return *sql ? ENG_OK : eng_err_oom(err);
}
