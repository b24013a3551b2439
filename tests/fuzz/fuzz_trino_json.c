/*
 * tests/fuzz/fuzz_trino_json.c
 *   libFuzzer target: the decoder of Trino's client-protocol documents
 *   (engine/connector/trino/trino_json.c). The input is one response
 *   body. It is parsed with a line offset of 0 or 1 (the client shifts
 *   error locations back by the lines it put before the user's text),
 *   then its rows are decoded twice: against the columns the document
 *   itself announced, and against one fixed list covering every mapped
 *   type (a later page is decoded against an earlier page's columns), in
 *   batches of at most 7 rows so that sub-ranges are exercised. The same
 *   bytes, NUL-terminated, also go through trino_type_from_text (the
 *   types of DESCRIBE OUTPUT).
 */
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "connector/trino/trino_json.h"

#define CHUNK 7

static trino_col fixed[] = {
    {.name = "b", .trino_type = "boolean", .type = {.id = ENG_T_BOOLEAN}},
    {.name = "s", .trino_type = "smallint", .type = {.id = ENG_T_SMALLINT}},
    {.name = "i", .trino_type = "integer", .type = {.id = ENG_T_INTEGER}},
    {.name = "l", .trino_type = "bigint", .type = {.id = ENG_T_BIGINT}},
    {.name = "d", .trino_type = "double", .type = {.id = ENG_T_DOUBLE}},
    {.name = "m", .trino_type = "decimal(10,2)",
     .type = {.id = ENG_T_DECIMAL, .precision = 10, .scale = 2}},
    {.name = "v", .trino_type = "varchar(5)", .type = {.id = ENG_T_VARCHAR, .length = 5}},
    {.name = "t", .trino_type = "date", .type = {.id = ENG_T_DATE}},
    {.name = "x", .trino_type = "timestamp(3)", .type = {.id = ENG_T_VARCHAR}, .as_text = true},
    {.name = "M", .trino_type = "decimal(38,0)",
     .type = {.id = ENG_T_DECIMAL, .precision = 38, .scale = 0}},
};
#define NFIXED ((int)(sizeof fixed / sizeof fixed[0]))

/* Decodes every row of doc against cols, CHUNK rows at a time, stopping
 * at the first error (as the client does). */
static void decode_all(const trino_doc *doc, const trino_col *cols, int ncols,
                       eng_arena *a)
{
    eng_type types[NFIXED > 64 ? NFIXED : 64];
    eng_error err;
    if (ncols > 64)
        return;
    for (int i = 0; i < ncols; i++)
        types[i] = cols[i].type;
    for (int first = 0; first < doc->nrows; first += CHUNK) {
        int n = doc->nrows - first < CHUNK ? doc->nrows - first : CHUNK;
        eng_arena_reset(a);
        eng_batch *b = eng_batch_create(a, ncols, types, CHUNK);
        if (!b || trino_doc_rows(doc, first, n, cols, ncols, b, &err) != ENG_OK)
            return;
        /* read every value back, as the driver would */
        for (int r = 0; r < b->nrows; r++)
            for (int c = 0; c < ncols; c++) {
                eng_value v;
                eng_batch_get(b, c, r, &v);
                (void)eng_value_to_text(a, &v);
            }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    eng_error err;
    trino_doc doc;
    eng_arena *a = eng_arena_create(), *ba = eng_arena_create();
    if (!a || !ba)
        goto out;
    if (trino_doc_parse((const char *)data, size, (int)(size & 1), a, &doc, &err) == ENG_OK) {
        if (doc.has_columns)
            decode_all(&doc, doc.cols, doc.ncols, ba);
        /* the fixed list only where the shape could match */
        for (int n = 1; n <= NFIXED; n++)
            decode_all(&doc, fixed, n, ba);
        trino_doc_free(&doc);
    }
    char *text = malloc(size + 1);
    if (text) {
        memcpy(text, data, size);
        text[size] = '\0';
        bool as_text;
        (void)trino_type_from_text(text, &as_text);
        free(text);
    }
out:
    eng_arena_destroy(a);
    eng_arena_destroy(ba);
    return 0;
}
