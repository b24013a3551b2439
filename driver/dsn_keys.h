/*
 * driver/dsn_keys.h
 *   The one table of data-source keys: every key a MeshODBC DSN may hold,
 *   with its default and meaning. The driver reads exactly these keys from
 *   odbc.ini (connect.c); the setup library accepts exactly these
 *   (setup.c); the README's key table lists them (tests/setup checks).
 * Interface: dsn_key, dsn_keys, dsn_nkeys, dsn_key_find.
 * Not here: connection-string parsing (connstr.c); what each key does
 *   (the engine for Catalogs/Engine/..., trace.c for Trace/TraceFile).
 */
#ifndef DRV_DSN_KEYS_H
#define DRV_DSN_KEYS_H

#include <stddef.h>

typedef struct dsn_key {
    const char *name;       /* spelling written to odbc.ini */
    const char *def;        /* default, as documented ("" = none) */
    const char *meaning;    /* one line, for messages and the README */
    unsigned char secret;   /* 1: a password or token, never logged */
} dsn_key;

extern const dsn_key dsn_keys[];
extern const size_t dsn_nkeys;

/* The entry of name (case-insensitive, n bytes), or NULL. */
const dsn_key *dsn_key_find(const char *name, size_t n);

#endif
