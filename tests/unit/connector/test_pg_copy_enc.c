/*
 * tests/unit/connector/test_pg_copy_enc.c
 *   cmocka tests of the binary COPY encoder (pg_copy.c, writes): exact
 *   bytes of the header, trailer, integers and numerics; a round trip of
 *   every type through encoder and decoder, NULLs and edge values
 *   included; a seeded random round trip of decimals at every scale; the
 *   errors (22003, 22021) naming the column; allocation failure.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "connector/pg/pg_copy.h"

static const int oids[] = {
    PG_OID_BOOL, PG_OID_INT2, PG_OID_INT4, PG_OID_INT8, PG_OID_FLOAT4,
    PG_OID_FLOAT8, PG_OID_NUMERIC, PG_OID_VARCHAR, PG_OID_DATE,
    PG_OID_NUMERIC
};
#define NC ((int)(sizeof oids / sizeof oids[0]))

/* Column set: typmods (numeric(20,4), then numeric without typmod read
 * back as decimal(38,18) and written trimmed). */
static void cols_init(pg_copy_col *c, eng_type *t)
{
    eng_type types[NC] = {
        eng_type_make(ENG_T_BOOLEAN), eng_type_make(ENG_T_SMALLINT),
        eng_type_make(ENG_T_INTEGER), eng_type_make(ENG_T_BIGINT),
        eng_type_make(ENG_T_DOUBLE), eng_type_make(ENG_T_DOUBLE),
        eng_type_decimal(20, 4), eng_type_varchar(0),
        eng_type_make(ENG_T_DATE), eng_type_decimal(38, 18)
    };
    static const char *names[NC] = { "b", "s", "i", "l", "r", "d", "n", "v",
                                     "dt", "nn" };
    for (int i = 0; i < NC; i++) {
        t[i] = types[i];
        c[i].remote_type = oids[i];
        c[i].remote_typmod = i == 6 ? ((20 << 16) | 4) + 4 : -1;
        c[i].type = types[i];
        c[i].name = names[i];
    }
}

/* Encodes row r of `in` as its own CopyData message, decodes it into row
 * r of `out` (the first message also carries the header). */
static void roundtrip_row(pg_copy_decoder *d, const eng_batch *in, int r,
                          const pg_copy_col *cols, eng_batch *out)
{
    pg_copy_buf b = { NULL, 0, 0 };
    eng_error err;
    pg_copy_result res;
    if (r == 0)
        assert_int_equal(pg_copy_encode_header(&b, &err), ENG_OK);
    eng_rc rc = pg_copy_encode_row(&b, in, r, cols, NC, &err);
    if (rc != ENG_OK)
        fprintf(stderr, "encode: %s %s\n", err.sqlstate, err.message);
    assert_int_equal(rc, ENG_OK);
    rc = pg_copy_decode_row(d, b.p, b.len, cols, NC, out, r, &res, &err);
    if (rc != ENG_OK)
        fprintf(stderr, "decode: %s %s\n", err.sqlstate, err.message);
    assert_int_equal(rc, ENG_OK);
    assert_int_equal(res, PG_COPY_ROW);
    eng_free(b.p);
}

static void set(eng_batch *b, int col, int row, eng_value v)
{
    eng_error err;
    v.type = b->cols[col].type;
    assert_int_equal(eng_batch_set(b, col, row, &v, &err), ENG_OK);
}

/* Every type, edge values and NULLs: decode(encode(x)) == x. */
static void test_roundtrip(void **state)
{
    (void)state;
    pg_copy_col cols[NC];
    eng_type t[NC];
    cols_init(cols, t);
    eng_arena *a = eng_arena_create();
    eng_batch *in = eng_batch_create(a, NC, t, 8);
    eng_batch *out = eng_batch_create(a, NC, t, 8);
    eng_value v;
    int nrows = 4;
    /* row 0: typical; row 1: extremes; row 2: zeros; row 3: all NULL */
    for (int r = 0; r < 3; r++) {
        memset(&v, 0, sizeof v); v.u.b = r == 0; set(in, 0, r, v);
        memset(&v, 0, sizeof v); v.u.i = r == 1 ? INT16_MIN : r == 0 ? 7 : 0; set(in, 1, r, v);
        memset(&v, 0, sizeof v); v.u.i = r == 1 ? INT32_MAX : r == 0 ? -5 : 0; set(in, 2, r, v);
        memset(&v, 0, sizeof v); v.u.i = r == 1 ? INT64_MIN : r == 0 ? 5000000000LL : 0; set(in, 3, r, v);
        memset(&v, 0, sizeof v); v.u.d = r == 1 ? -3.4e38 : r == 0 ? 1.25 : 0; set(in, 4, r, v);
        memset(&v, 0, sizeof v); v.u.d = r == 1 ? 1e308 : r == 0 ? -0.1 : 0; set(in, 5, r, v);
        memset(&v, 0, sizeof v);
        v.u.dec = r == 1 ? (eng_int128)-9999999999999999LL * 10000 - 9999
                : r == 0 ? 125000 : 0;               /* 12.5000 */
        set(in, 6, r, v);
        memset(&v, 0, sizeof v);
        v.u.s.ptr = r == 0 ? "héllo ☃" : r == 1 ? "it's \\ -- $$" : "";
        v.u.s.len = (uint32_t)strlen(v.u.s.ptr);
        set(in, 7, r, v);
        memset(&v, 0, sizeof v);
        v.u.date = r == 1 ? eng_date_from_ymd(1, 1, 1) : r == 0 ? 18000 : 0;
        set(in, 8, r, v);
        memset(&v, 0, sizeof v);
        v.u.dec = r == 1 ? eng_pow10(37) * 9 + 1       /* 9e19 + 1e-18 */
                : r == 0 ? (eng_int128)50000000000000000LL : 0; /* 0.05 */
        set(in, 9, r, v);
    }
    in->nrows = nrows;               /* row 3 stays NULL everywhere */
    pg_copy_decoder d;
    pg_copy_decoder_init(&d);
    for (int r = 0; r < nrows; r++)
        roundtrip_row(&d, in, r, cols, out);
    for (int c = 0; c < NC; c++)
        for (int r = 0; r < nrows; r++) {
            eng_value x, y;
            eng_batch_get(in, c, r, &x);
            eng_batch_get(out, c, r, &y);
            assert_int_equal(x.is_null, y.is_null);
            if (x.is_null)
                continue;
            switch (t[c].id) {
            case ENG_T_BOOLEAN: assert_int_equal(x.u.b, y.u.b); break;
            case ENG_T_DOUBLE:
                if (c == 4)          /* real: float precision */
                    assert_true((float)x.u.d == (float)y.u.d);
                else
                    assert_true(x.u.d == y.u.d);
                break;
            case ENG_T_DECIMAL: assert_true(x.u.dec == y.u.dec); break;
            case ENG_T_VARCHAR:
                assert_int_equal(x.u.s.len, y.u.s.len);
                assert_memory_equal(x.u.s.ptr, y.u.s.ptr, x.u.s.len);
                break;
            case ENG_T_DATE: assert_int_equal(x.u.date, y.u.date); break;
            default: assert_true(x.u.i == y.u.i); break;
            }
        }
    /* the trailer ends the stream */
    pg_copy_buf b = { NULL, 0, 0 };
    eng_error err;
    pg_copy_result res;
    assert_int_equal(pg_copy_encode_trailer(&b, &err), ENG_OK);
    assert_int_equal(pg_copy_decode_row(&d, b.p, b.len, cols, NC, out, 0,
                                        &res, &err), ENG_OK);
    assert_int_equal(res, PG_COPY_TRAILER);
    eng_free(b.p);
    eng_arena_destroy(a);
}

/* The exact bytes PostgreSQL expects for one numeric field. */
static void numeric_bytes(eng_int128 v, int scale, bool trim,
                          const unsigned char *want, size_t n)
{
    pg_copy_col col = { PG_OID_NUMERIC, trim ? -1 : ((38 << 16) | scale) + 4,
                        eng_type_decimal(38, scale), "n" };
    eng_arena *a = eng_arena_create();
    eng_batch *in = eng_batch_create(a, 1, &col.type, 1);
    eng_value x = { .type = col.type };
    eng_error err;
    x.u.dec = v;
    assert_int_equal(eng_batch_set(in, 0, 0, &x, &err), ENG_OK);
    in->nrows = 1;
    pg_copy_buf b = { NULL, 0, 0 };
    assert_int_equal(pg_copy_encode_row(&b, in, 0, &col, 1, &err), ENG_OK);
    assert_int_equal(b.len, n);
    assert_memory_equal(b.p, want, n);
    eng_free(b.p);
    eng_arena_destroy(a);
}

static void test_exact_bytes(void **state)
{
    (void)state;
    pg_copy_buf b = { NULL, 0, 0 };
    eng_error err;
    assert_int_equal(pg_copy_encode_header(&b, &err), ENG_OK);
    assert_int_equal(b.len, 19);
    assert_memory_equal(b.p, "PGCOPY\n\377\r\n\0\0\0\0\0\0\0\0\0", 19);
    assert_int_equal(pg_copy_encode_trailer(&b, &err), ENG_OK);
    assert_memory_equal(b.p + 19, "\377\377", 2);
    eng_free(b.p);
    /* 12.50: 1 field, len 12, ndigits 2, weight 0, +, dscale 2, 12, 5000 */
    static const unsigned char n1[] = { 0, 1, 0, 0, 0, 12, 0, 2, 0, 0, 0, 0,
                                        0, 2, 0, 12, 0x13, 0x88 };
    numeric_bytes(1250, 2, false, n1, sizeof n1);
    /* -0.05: ndigits 1, weight -1, -, dscale 2, 500 */
    static const unsigned char n2[] = { 0, 1, 0, 0, 0, 10, 0, 1, 0xff, 0xff,
                                        0x40, 0, 0, 2, 0x01, 0xf4 };
    numeric_bytes(-5, 2, false, n2, sizeof n2);
    /* 0 at scale 3: no digits, weight 0, dscale 3 */
    static const unsigned char n3[] = { 0, 1, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0,
                                        0, 3 };
    numeric_bytes(0, 3, false, n3, sizeof n3);
    /* 100000000 (1e8): ndigits 1, weight 2, digit 1 */
    static const unsigned char n4[] = { 0, 1, 0, 0, 0, 10, 0, 1, 0, 2, 0, 0,
                                        0, 0, 0, 1 };
    numeric_bytes(100000000, 0, false, n4, sizeof n4);
    /* unbounded numeric: 1.5 at scale 18 is sent with dscale 1 */
    static const unsigned char n5[] = { 0, 1, 0, 0, 0, 12, 0, 2, 0, 0, 0, 0,
                                        0, 1, 0, 1, 0x13, 0x88 };
    numeric_bytes((eng_int128)15 * eng_pow10(17), 18, true, n5, sizeof n5);
}

/* Seeded random decimals at every scale round-trip exactly. */
static void test_random_decimals(void **state)
{
    (void)state;
    uint64_t seed = 42;
    for (int scale = 0; scale <= 38; scale++) {
        pg_copy_col col = { PG_OID_NUMERIC, ((38 << 16) | scale) + 4,
                            eng_type_decimal(38, scale), "n" };
        eng_arena *a = eng_arena_create();
        eng_batch *in = eng_batch_create(a, 1, &col.type, 64);
        eng_batch *out = eng_batch_create(a, 1, &col.type, 64);
        eng_error err;
        for (int r = 0; r < 64; r++) {
            unsigned __int128 u = 0;
            int digits = 1 + (int)(seed % 38);
            for (int k = 0; k < digits; k++) {
                seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
                u = u * 10 + (seed >> 33) % 10;
            }
            eng_value x = { .type = col.type };
            x.u.dec = (seed & 1) ? -(eng_int128)u : (eng_int128)u;
            assert_int_equal(eng_batch_set(in, 0, r, &x, &err), ENG_OK);
        }
        in->nrows = 64;
        pg_copy_decoder d;
        pg_copy_decoder_init(&d);
        for (int r = 0; r < 64; r++) {
            pg_copy_buf b = { NULL, 0, 0 };
            pg_copy_result res;
            if (r == 0)
                pg_copy_encode_header(&b, &err);
            assert_int_equal(pg_copy_encode_row(&b, in, r, &col, 1, &err),
                             ENG_OK);
            assert_int_equal(pg_copy_decode_row(&d, b.p, b.len, &col, 1, out,
                                                r, &res, &err), ENG_OK);
            eng_value x, y;
            eng_batch_get(in, 0, r, &x);
            eng_batch_get(out, 0, r, &y);
            assert_true(x.u.dec == y.u.dec);
            eng_free(b.p);
        }
        eng_arena_destroy(a);
    }
}

/* Values the remote type cannot hold fail naming the column. */
static void test_errors(void **state)
{
    (void)state;
    pg_copy_col cols[3] = {
        { PG_OID_INT2, -1, eng_type_make(ENG_T_INTEGER), "small" },
        { PG_OID_TEXT, -1, eng_type_varchar(0), "txt" },
        { PG_OID_FLOAT4, -1, eng_type_make(ENG_T_DOUBLE), "flt" },
    };
    eng_type t[3] = { cols[0].type, cols[1].type, cols[2].type };
    eng_arena *a = eng_arena_create();
    eng_batch *in = eng_batch_create(a, 3, t, 4);
    eng_error err;
    eng_value v = { .type = t[0] };
    v.u.i = 40000;
    eng_batch_set(in, 0, 0, &v, &err);
    v = (eng_value){ .type = t[1] };
    v.u.s.ptr = "\xff\xfe";
    v.u.s.len = 2;
    eng_batch_set(in, 1, 1, &v, &err);
    v.u.s.ptr = "a\0b";
    v.u.s.len = 3;
    eng_batch_set(in, 1, 2, &v, &err);
    v = (eng_value){ .type = t[2] };
    v.u.d = 1e300;
    eng_batch_set(in, 2, 3, &v, &err);
    in->nrows = 4;
    static const char *state_of[4] = { "22003", "22021", "22021", "22003" };
    static const char *name_of[4] = { "small", "txt", "txt", "flt" };
    for (int r = 0; r < 4; r++) {
        pg_copy_buf b = { NULL, 0, 0 };
        assert_int_equal(pg_copy_encode_row(&b, in, r, cols, 3, &err),
                         ENG_ERROR);
        assert_string_equal(err.sqlstate, state_of[r]);
        assert_non_null(strstr(err.message, name_of[r]));
        eng_free(b.p);
    }
    eng_arena_destroy(a);
}

/* Allocation failure while growing the buffer: ENG_NOMEM, no leak. */
static void test_oom(void **state)
{
    (void)state;
    eng_type t = eng_type_varchar(0);
    pg_copy_col col = { PG_OID_TEXT, -1, t, "v" };
    eng_arena *a = eng_arena_create();
    eng_batch *in = eng_batch_create(a, 1, &t, 1);
    eng_error err;
    eng_value v = { .type = t };
    v.u.s.ptr = "x";
    v.u.s.len = 1;
    eng_batch_set(in, 0, 0, &v, &err);
    in->nrows = 1;
    pg_copy_buf b = { NULL, 0, 0 };
    eng_alloc_fail_at(1);
    eng_rc rc = pg_copy_encode_row(&b, in, 0, &col, 1, &err);
    eng_alloc_fail_at(0);
    assert_int_equal(rc, ENG_NOMEM);
    assert_string_equal(err.sqlstate, "HY001");
    eng_free(b.p);
    eng_arena_destroy(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roundtrip),
        cmocka_unit_test(test_exact_bytes),
        cmocka_unit_test(test_random_decimals),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
