/*
 * engine/session/txn_caps.h
 *   What a session's transactions offer: the isolation level bits
 *   (ENG_ISO_*) and eng_txn_caps, as the façade reports them
 *   (eng_txn_caps_get, engine.h) and Trino mode fills them
 *   (remote_txn_caps, engine_remote.h).
 * Interface: ENG_ISO_READ_UNCOMMITTED, ENG_ISO_READ_COMMITTED,
 *   ENG_ISO_REPEATABLE_READ, ENG_ISO_SERIALIZABLE, eng_txn_caps.
 * Not here: the transaction itself (txn.c), the functions that report
 *   and set these (engine.h).
 *
 * A header of its own, below the façade, so that engine.h and
 * engine_remote.h both read it and neither includes the other.
 */
#ifndef ENG_SESSION_TXN_CAPS_H
#define ENG_SESSION_TXN_CAPS_H

#include <stdbool.h>

#define ENG_ISO_READ_UNCOMMITTED 0x1u
#define ENG_ISO_READ_COMMITTED   0x2u
#define ENG_ISO_REPEATABLE_READ  0x4u
#define ENG_ISO_SERIALIZABLE     0x8u

typedef struct eng_txn_caps {
    bool ddl;               /* DDL runs inside transactions (rolls back with
                               them) rather than outside */
    unsigned levels;        /* ENG_ISO_* bits eng_set_isolation accepts */
    unsigned default_level; /* the level without eng_set_isolation */
} eng_txn_caps;

#endif
