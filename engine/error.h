/*
 * engine/error.h
 *   The engine's return codes and its error record.
 * Interface: eng_err_set, eng_err_oom, eng_err_set_source, eng_err_clear,
 *   eng_errcode_message.
 * Not here: the SQLSTATE list (errcodes.txt -> errcodes.h); turning
 *   records into ODBC diagnostics (driver/diag.c).
 *
 * Engine functions return an eng_rc and, on failure, fill an eng_error the
 * caller passed in. The record is fixed-size so that reporting an error,
 * and above all out-of-memory, needs no allocation.
 */
#ifndef ENG_ERROR_H
#define ENG_ERROR_H

#include <stdbool.h>
#include "errcodes.h"

typedef enum eng_rc {
    ENG_OK = 0,
    ENG_ERROR = 1,     /* details in the eng_error record */
    ENG_NOMEM = 2,     /* allocation failed; record holds HY001 */
    ENG_NOT_FOUND = 3  /* a lookup found nothing; no error record is set */
} eng_rc;

#define ENG_ERR_MSG_MAX 1024
#define ENG_ERR_SOURCE_MAX 128

typedef struct eng_error {
    char sqlstate[6];                 /* e.g. "42S02"; "" when no error */
    char message[ENG_ERR_MSG_MAX];    /* full text, already names the object */
    int position;                     /* 1-based character offset in the
                                         statement text, 0 if none */
    char source[ENG_ERR_SOURCE_MAX];  /* catalog (or file) the error came
                                         from, "" if the engine itself */
    int native;                       /* remote native code, 0 if none */
} eng_error;

/*
 * Fills err with sqlstate, a printf-style message and a position (0 = none).
 * Returns ENG_ERROR, or ENG_NOMEM when sqlstate is HY001, so callers can
 * write `return eng_err_set(...)`. err may be NULL (nothing is recorded).
 * The message is truncated to fit; no allocation happens.
 */
eng_rc eng_err_set(eng_error *err, const char *sqlstate, int position,
                   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Sets err to HY001 with a fixed message. Returns ENG_NOMEM. */
eng_rc eng_err_oom(eng_error *err);

/* Records the source (catalog name) of the error already in err. */
void eng_err_set_source(eng_error *err, const char *source);

void eng_err_clear(eng_error *err);

/* Returns the default message for a SQLSTATE from the table, or NULL. */
const char *eng_errcode_message(const char *sqlstate);

#endif
