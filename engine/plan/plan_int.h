/*
 * engine/planner/plan_int.h
 *   Private helpers shared by plan_util.c and explain.c: a growable text
 *   buffer and expression rendering with a column offset.
 * Interface: plan_text, plan_text_add, plan_text_puts, plan_text_printf,
 *   plan_text_expr, plan_text_finish.
 * Not here: the plan structures (plan.h).
 */
#ifndef ENG_PLAN_INT_H
#define ENG_PLAN_INT_H

#include "plan.h"

/* Text under construction on the heap (eng_realloc); `oom` is sticky and
 * makes every later call a no-op. Zero-initialise before use. */
typedef struct plan_text {
    char *buf;
    size_t len, cap;
    bool oom;
} plan_text;

void plan_text_add(plan_text *t, const char *s, size_t n);
void plan_text_puts(plan_text *t, const char *s);
void plan_text_printf(plan_text *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Appends e as SQL-like text; column references print as #(col + off). */
void plan_text_expr(plan_text *t, const plan_expr *e, int off);
/* Copies the text into arena a and frees the heap buffer. Returns NULL
 * (buffer freed too) if anything ran out of memory. */
char *plan_text_finish(plan_text *t, eng_arena *a);

#endif
