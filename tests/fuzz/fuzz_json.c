/*
 * tests/fuzz/fuzz_json.c
 *   libFuzzer target: engine/types/json.c over arbitrary bytes. The input
 *   splits at its first NUL byte into a JSONPath (Trino's legacy syntax,
 *   our own tokenizer) and a JSON document; the path is parsed, the
 *   document goes through json_parse (json-c, then the canonical
 *   writer), every extraction, the array functions and the casts out of
 *   json. Invariants: the canonical text parses again to itself, and
 *   nothing reads outside its input.
 */
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "engine/types/types.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data;
    const char *nul = memchr(p, '\0', size);
    size_t plen = nul ? (size_t)(nul - p) : size;
    const char *doc = nul ? nul + 1 : "";
    size_t dlen = nul ? size - plen - 1 : 0;
    eng_arena *a = eng_arena_create();
    eng_error err;
    if (!a)
        return 0;
    eng_json_path path;
    bool path_ok = eng_json_path_parse(a, p, plen, &path, &err) == ENG_OK;
    eng_str canon, again, out;
    eng_str d = { doc, (uint32_t)dlen };
    bool is_null, b;
    int64_t n;
    if (path_ok)
        for (int w = ENG_JSON_EXTRACT; w <= ENG_JSON_SIZE; w++)
            (void)eng_json_extract(a, d, &path, (eng_json_what)w, &is_null,
                                   &out, &n, &err);
    (void)eng_json_array_length(d, &is_null, &n, &err);
    (void)eng_json_array_get(a, d, -1, &is_null, &out, &err);
    (void)eng_json_is_scalar(d, &b, &err);
    if (eng_json_parse(a, doc, dlen, &canon, &err) == ENG_OK) {
        if (eng_json_parse(a, canon.ptr, canon.len, &again, &err) != ENG_OK ||
            again.len != canon.len || memcmp(again.ptr, canon.ptr, canon.len))
            abort();   /* the canonical form is a fixed point */
        eng_value v, r;
        memset(&v, 0, sizeof v);
        v.type = eng_type_make(ENG_T_JSON);
        v.u.s = canon;
        static const eng_type_id to[] = { ENG_T_BIGINT, ENG_T_DOUBLE,
                                          ENG_T_BOOLEAN, ENG_T_VARCHAR };
        for (size_t i = 0; i < sizeof to / sizeof to[0]; i++)
            (void)eng_json_cast(a, &v, eng_type_make(to[i]), &r, &err);
    }
    eng_arena_destroy(a);
    return 0;
}
