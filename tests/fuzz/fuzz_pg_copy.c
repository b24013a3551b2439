/*
 * tests/fuzz/fuzz_pg_copy.c
 *   libFuzzer target: the decoder of PostgreSQL's binary COPY stream.
 *   The input is a sequence of messages, each prefixed by a 2-byte
 *   big-endian length (as PQgetCopyData would hand them over), decoded
 *   against one fixed column list that covers every mapped type. The
 *   first byte picks how many of those columns the stream has.
 */
#include <stdint.h>
#include <stddef.h>
#include <string.h>
#include "connector/pg/pg_copy.h"

static const struct { int oid, typmod; eng_type_id id; int p, s; } layout[] = {
    {PG_OID_INT4, -1, ENG_T_INTEGER, 0, 0},
    {PG_OID_TEXT, -1, ENG_T_VARCHAR, 0, 0},
    {PG_OID_NUMERIC, -1, ENG_T_DECIMAL, 10, 2},
    {PG_OID_DATE, -1, ENG_T_DATE, 0, 0},
    {PG_OID_INT8, -1, ENG_T_BIGINT, 0, 0},
    {PG_OID_INT2, -1, ENG_T_SMALLINT, 0, 0},
    {PG_OID_BOOL, -1, ENG_T_BOOLEAN, 0, 0},
    {PG_OID_FLOAT8, -1, ENG_T_DOUBLE, 0, 0},
    {PG_OID_FLOAT4, -1, ENG_T_DOUBLE, 0, 0},
    {PG_OID_NUMERIC, -1, ENG_T_DECIMAL, 38, 18},
    {PG_OID_VARCHAR, -1, ENG_T_VARCHAR, 0, 0},
    {PG_OID_BPCHAR, 9, ENG_T_VARCHAR, 0, 0},
    {PG_OID_NAME, -1, ENG_T_VARCHAR, 0, 0},
    {PG_OID_TIMESTAMP, 6, ENG_T_TIMESTAMP, 6, 0},
    {PG_OID_TIME, -1, ENG_T_TIME, 6, 0},
    {PG_OID_INTERVAL, -1, ENG_T_INTERVAL_DS, 0, 0},
    {PG_OID_INTERVAL, (6 << 16) | 0xffff, ENG_T_INTERVAL_YM, 0, 0},
    /* arrays (array_send's layout, decoded element by element): p is the
     * element type id */
    {1007, -1, ENG_T_ARRAY, ENG_T_INTEGER, 0},
    {1009, -1, ENG_T_ARRAY, ENG_T_VARCHAR, 0},
};
#define NLAYOUT ((int)(sizeof layout / sizeof layout[0]))

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pg_copy_col cols[NLAYOUT];
    eng_type types[NLAYOUT];
    pg_copy_decoder d;
    eng_error err;
    if (size < 1)
        return 0;
    int ncols = data[0] % (NLAYOUT + 1);
    data++;
    size--;
    for (int i = 0; i < ncols; i++) {
        cols[i].remote_type = layout[i].oid;
        cols[i].remote_typmod = layout[i].typmod;
        if (layout[i].id == ENG_T_ARRAY &&
            eng_type_array(eng_type_make((eng_type_id)layout[i].p), &cols[i].type,
                           &err) != ENG_OK)
            return 0;
        cols[i].type = layout[i].id == ENG_T_ARRAY ? cols[i].type
                     : layout[i].id == ENG_T_DECIMAL ? eng_type_decimal(layout[i].p, layout[i].s)
                     : layout[i].id == ENG_T_VARCHAR ? eng_type_varchar(0)
                     : layout[i].id == ENG_T_TIMESTAMP ? eng_type_timestamp(layout[i].p)
                     : layout[i].id == ENG_T_TIME ? eng_type_time(layout[i].p)
                                                     : eng_type_make(layout[i].id);
        cols[i].name = "c";
        types[i] = cols[i].type;
    }
    eng_arena *a = eng_arena_create();
    if (!a)
        return 0;
    eng_batch *b = eng_batch_create(a, ncols, types, 4);
    pg_copy_decoder_init(&d);
    int row = 0;
    while (b && size >= 2) {
        size_t n = ((size_t)data[0] << 8) | data[1];
        data += 2;
        size -= 2;
        if (n > size)
            n = size;
        pg_copy_result res;
        if (pg_copy_decode_row(&d, (const char *)data, n, cols, ncols, b, row, &res, &err) != ENG_OK)
            break;
        data += n;
        size -= n;
        if (res == PG_COPY_TRAILER)
            break;
        if (res == PG_COPY_ROW && ++row == b->capacity) {
            eng_arena_reset(a);
            b = eng_batch_create(a, ncols, types, 4);
            row = 0;
        }
    }
    eng_arena_destroy(a);
    return 0;
}
