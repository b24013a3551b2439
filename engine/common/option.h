/*
 * engine/common/option.h
 *   Key=value configuration pairs (what eng_open takes) and their lookup.
 * Interface: eng_option, eng_option_get.
 * Not here: what the keys mean (engine.c for the embedded engine,
 *   engine_remote.c for Trino mode).
 *
 * Below the façade so that both halves of it read options the same way:
 * keys compare case-insensitively, as ODBC connection-string keys do.
 */
#ifndef ENG_OPTION_H
#define ENG_OPTION_H

#include <stddef.h>
#include <strings.h>

/* One key=value pair of configuration handed to eng_open. */
typedef struct eng_option {
    const char *key;
    const char *value;
} eng_option;

/* The value of the first pair whose key equals key (ASCII case-
 * insensitively) and whose value is not NULL; NULL if none. */
static inline const char *eng_option_get(const eng_option *opts, int n,
                                         const char *key)
{
    for (int i = 0; i < n; i++)
        if (opts[i].key && opts[i].value && !strcasecmp(opts[i].key, key))
            return opts[i].value;
    return NULL;
}

#endif
