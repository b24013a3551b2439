/*
 * engine/optimizer/optimizer.h
 *   Rewrites a bound plan before execution: constant folding, predicate
 *   pushdown into scans (whitelist through ops->shippable), column
 *   pruning, LIMIT pushdown, and finally deparsing each scan's SQL.
 * Interface: opt_optimize.
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

#endif
