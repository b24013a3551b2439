/*
 * engine/plan/plan_int.h
 *   Private helper shared by plan_util.c and explain.c: expression
 *   rendering with a column offset, into the engine's string builder.
 * Interface: plan_text_expr.
 * Not here: the plan structures (plan.h), the builder (common/strbuf.h).
 */
#ifndef ENG_PLAN_INT_H
#define ENG_PLAN_INT_H

#include "plan.h"
#include "../common/strbuf.h"

/* Appends e as SQL-like text to t; column references print as
 * #(col + off). OOM is left in t->oom. */
void plan_text_expr(eng_strbuf *t, const plan_expr *e, int off);

#endif
