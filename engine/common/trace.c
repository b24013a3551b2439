/*
 * engine/common/trace.c
 *   The remote-SQL trace hook (see trace.h).
 * Interface: eng_set_remote_trace, eng_trace_start, eng_trace_remote,
 *   eng_set_trace_context, eng_trace_context_save,
 *   eng_trace_context_restore.
 * Not here: formatting and files (driver/trace.c).
 */
#include <stddef.h>
#include <time.h>
#include "trace.h"

static eng_trace_fn hook;   /* read and written atomically */

void eng_set_remote_trace(eng_trace_fn fn)
{
    __atomic_store_n(&hook, fn, __ATOMIC_RELEASE);
}

/* Monotonic nanoseconds, never 0. */
static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec + 1;
}

uint64_t eng_trace_start(void)
{
    return __atomic_load_n(&hook, __ATOMIC_ACQUIRE) ? now_ns() : 0;
}

void eng_trace_remote(uint64_t start, const char *catalog, const char *sql,
                      int64_t rows, const char *outcome)
{
    eng_trace_fn fn = __atomic_load_n(&hook, __ATOMIC_ACQUIRE);
    if (!start || !fn)
        return;
    double ms = (double)(now_ns() - start) / 1e6;
    fn(catalog ? catalog : "?", sql ? sql : "", rows, ms, outcome);
}

static eng_trace_ctx_get_fn ctx_get;   /* read and written atomically */
static eng_trace_ctx_set_fn ctx_set;

void eng_set_trace_context(eng_trace_ctx_get_fn get, eng_trace_ctx_set_fn set)
{
    __atomic_store_n(&ctx_set, set, __ATOMIC_RELEASE);
    __atomic_store_n(&ctx_get, get, __ATOMIC_RELEASE);
}

void *eng_trace_context_save(void)
{
    eng_trace_ctx_get_fn get = __atomic_load_n(&ctx_get, __ATOMIC_ACQUIRE);
    return get ? get() : NULL;
}

void eng_trace_context_restore(void *ctx)
{
    eng_trace_ctx_set_fn set = __atomic_load_n(&ctx_set, __ATOMIC_ACQUIRE);
    if (set)
        set(ctx);
}
