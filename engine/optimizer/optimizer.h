/*
 * engine/optimizer/optimizer.h
 *   Rewrites a bound plan before execution: constant folding, predicate
 *   pushdown into scans (whitelist through ops->shippable), column
 *   pruning, LIMIT pushdown, and finally deparsing each scan's SQL.
 * Interface: opt_optimize, opt_view_sql, opt_source_sql (view.c).
 * Not here: binding (binder/), the SQL dialect of a catalog
 *   (connector/pg/pg_deparse.c).
 */
#ifndef ENG_OPTIMIZER_H
#define ENG_OPTIMIZER_H

#include "../session/session.h"
#include "../plan/plan.h"

/*
 * Optimizes *plan in place (new nodes in arena a) and fills every
 * PN_SCAN's spec.sql through its catalog's deparse. After this call each
 * scan reads only the columns the plan uses, and every conjunct over one
 * scan that the catalog accepts is in spec.filters and not evaluated
 * locally any more.
 */
eng_rc opt_optimize(eng_conn *c, plan_node **plan, eng_arena *a,
                     eng_error *err);

/*
 * The SQL catalog `cat` runs for an optimized plan, output columns named
 * names[] (CREATE VIEW), in arena a: only for a scan of cat with its
 * filters shipped, under column projections and a shipped LIMIT; else
 * 0A000 advising a table (view.c).
 */
eng_rc opt_view_sql(const plan_node *plan, const struct eng_catalog *cat,
                    int ncols, char *const *names, eng_arena *a, char **sql,
                    eng_error *err);

/*
 * The SQL catalog `cat` runs for all of an optimized plan whose columns
 * are values to insert (INSERT ... SELECT into a catalog the engine
 * cannot feed rows, connector.h write_query), in arena a: only for one
 * scan or remote subtree of cat, under projections that pass columns on
 * unchanged; *sql = NULL for any other shape (something would run
 * locally). ENG_NOMEM on OOM (view.c).
 */
eng_rc opt_source_sql(const plan_node *plan, const struct eng_catalog *cat,
                      eng_arena *a, char **sql, eng_error *err);

#endif
