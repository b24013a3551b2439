/*
 * engine/planner/plan_int.h
 *   Private helpers shared by plan_util.c and explain.c: a growable text
 *   buffer and expression rendering with a column offset.
 * Interface: pl_text, pl__text_add, pl__text_puts, pl__text_printf,
 *   pl__text_expr, pl__text_finish.
 * Not here: the plan structures (plan.h).
 */
#ifndef ENG_PLAN_INT_H
#define ENG_PLAN_INT_H

#include "plan.h"

/* Text under construction on the heap (eng_realloc); `oom` is sticky and
 * makes every later call a no-op. Zero-initialise before use. */
typedef struct pl_text {
    char *buf;
    size_t len, cap;
    bool oom;
} pl_text;

void pl__text_add(pl_text *t, const char *s, size_t n);
void pl__text_puts(pl_text *t, const char *s);
void pl__text_printf(pl_text *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Appends e as SQL-like text; column references print as #(col + off). */
void pl__text_expr(pl_text *t, const pl_expr *e, int off);
/* Copies the text into arena a and frees the heap buffer. Returns NULL
 * (buffer freed too) if anything ran out of memory. */
char *pl__text_finish(pl_text *t, eng_arena *a);

#endif
