/*
 * engine/error.c
 *   Filling and clearing the fixed-size eng_error record.
 * Interface: eng_err_set, eng_err_oom, eng_err_set_source, eng_err_clear,
 *   eng_errcode_message.
 * Not here: the SQLSTATE table itself (errcodes.txt, generated into
 *   errcodes.h and errcodes_table.c); ODBC diagnostics (driver/diag.c).
 *
 * Nothing here allocates: reporting an error, above all running out of
 * memory, must always succeed. Messages longer than the record are cut at
 * a UTF-8 character boundary.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "error.h"

/*
 * Cuts a string that vsnprintf truncated to fit `cap` bytes back to the
 * start of a UTF-8 sequence, so that no partial character remains.
 */
static void trim_partial_utf8(char *s, size_t cap)
{
    size_t len = strlen(s);
    if (len + 1 < cap)
        return; /* not truncated */
    size_t i = len;
    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
        i--;
    if (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0xC0) {
        /* lead byte of a sequence: keep it only if it is complete */
        unsigned char lead = (unsigned char)s[i - 1];
        size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
        if (len - (i - 1) < need)
            s[i - 1] = '\0';
    }
}

/* Copies a SQLSTATE (5 characters) into the record. */
static void copy_state(eng_error *err, const char *sqlstate)
{
    size_t n = sqlstate ? strnlen(sqlstate, 5) : 0;
    memcpy(err->sqlstate, sqlstate ? sqlstate : "", n);
    err->sqlstate[n] = '\0';
}

/*
 * Fills err with sqlstate, a printf-style message and a position. A NULL
 * or empty fmt takes the table's default message for the state. Returns
 * ENG_NOMEM for HY001 and ENG_ERROR otherwise; err == NULL records
 * nothing but still returns the code.
 */
eng_rc eng_err_set(eng_error *err, const char *sqlstate, int position,
                   const char *fmt, ...)
{
    eng_rc rc = (sqlstate && strcmp(sqlstate, ENG_ERR_OUT_OF_MEMORY) == 0)
                    ? ENG_NOMEM : ENG_ERROR;
    if (!err)
        return rc;
    copy_state(err, sqlstate);
    err->position = position;
    err->source[0] = '\0';
    err->native = 0;
    if (fmt && *fmt) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
        trim_partial_utf8(err->message, sizeof err->message);
    } else {
        const char *def = eng_errcode_message(err->sqlstate);
        snprintf(err->message, sizeof err->message, "%s",
                 def ? def : "error");
    }
    return rc;
}

/* Records out-of-memory (HY001, fixed text). Returns ENG_NOMEM. */
eng_rc eng_err_oom(eng_error *err)
{
    if (err) {
        memcpy(err->sqlstate, ENG_ERR_OUT_OF_MEMORY, 6);
        snprintf(err->message, sizeof err->message, "%s",
                 "memory allocation error (out of memory)");
        err->position = 0;
        err->source[0] = '\0';
        err->native = 0;
    }
    return ENG_NOMEM;
}

/* Names the catalog (or file) the error in err came from; NULL clears.
 * Truncated to fit. */
void eng_err_set_source(eng_error *err, const char *source)
{
    if (!err)
        return;
    snprintf(err->source, sizeof err->source, "%s", source ? source : "");
    trim_partial_utf8(err->source, sizeof err->source);
}

/* Empties the record (no error). NULL is allowed. */
void eng_err_clear(eng_error *err)
{
    if (!err)
        return;
    err->sqlstate[0] = '\0';
    err->message[0] = '\0';
    err->position = 0;
    err->source[0] = '\0';
    err->native = 0;
}

/* Returns the default message of sqlstate from errcodes.txt, or NULL. */
const char *eng_errcode_message(const char *sqlstate)
{
    if (!sqlstate)
        return NULL;
    for (const eng_errcode_entry *e = eng_errcode_table; e->sqlstate; e++)
        if (strcmp(e->sqlstate, sqlstate) == 0)
            return e->message;
    return NULL;
}
