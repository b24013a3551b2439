/*
 * engine/planner/planner.h
 *   The planning stage between the binder and the optimizer: subqueries
 *   in expressions become joins (semi, anti, mark, single, left) or, where
 *   they cannot be decorrelated, a correlated nested loop (PN_APPLY).
 * Interface: planner_run.
 * Not here: binding subqueries (binder/bind_subquery.c), pushdown and
 *   pruning of the joins it makes (optimizer/), running them (exec/).
 */
#ifndef ENG_PLANNER_H
#define ENG_PLANNER_H

#include "../session/session.h"
#include "../plan/plan.h"

/*
 * Rewrites *plan in place (new nodes in arena a) so that no PX_SUBQUERY
 * and no PX_OUTER_REF is left: after this call a plan holds only the node
 * and expression kinds the optimizer and the executor know, PX_CORR
 * appearing only inside the right input of a PN_APPLY that sets it.
 * Errors: 0A000 for a subquery where the engine cannot evaluate one (JOIN
 * ON), ENG_NOMEM.
 */
eng_rc planner_run(eng_conn *c, plan_node **plan, eng_arena *a,
                   eng_error *err);

#endif
