/*
 * tests/fuzz/fuzz_odbc_escape.c
 *   libFuzzer target: the ODBC escape translator (driver/escape.c) over
 *   arbitrary bytes. Checks what must hold for any input: an error leaves
 *   no output and a SQLSTATE of five characters; a translation is
 *   NUL-terminated at its stated length; translating the translation
 *   again changes nothing when it holds no brace.
 */
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "driver/driver.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *out = NULL;
    size_t n = 0;
    esc_err err;
    esc_rc rc = esc_translate((const char *)data, size, &out, &n, &err);
    if (rc == ESC_ERROR) {
        if (out || strlen(err.state) != 5 || !err.msg[0])
            abort();
        return 0;
    }
    if (rc != ESC_OK || (out && out[n] != '\0'))
        abort();
    if (out && !memchr(out, '{', n) && !memchr(out, '}', n)) {
        char *again = NULL;
        size_t m;
        if (esc_translate(out, n, &again, &m, &err) != ESC_OK || again)
            abort();
    }
    eng_free(out);
    return 0;
}
