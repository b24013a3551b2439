/*
 * tests/unit/types/test_typeinfo.c
 *   Unit tests of the one type table (engine/types/typeinfo.c): a row for
 *   every engine type, names that agree with eng_type_name, every
 *   TYPE_NAME naming a listed row with the same code, sizes of
 *   parameterized types, the "not applicable" rules, and the listing.
 * Not here: the ODBC view of the same rows (tests/odbc/test_type_agree.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "types/typeinfo.h"

/* Every engine type id (ENG_T_UNKNOWN .. ENG_T_UUID, and json; the
 * zoned types are not listed; typeinfo.c's has_row makes the build fail
 * when a new id has no row). */
static const eng_type_id all_ids[] = {
    ENG_T_UNKNOWN, ENG_T_BOOLEAN, ENG_T_SMALLINT, ENG_T_INTEGER,
    ENG_T_BIGINT, ENG_T_DOUBLE, ENG_T_DECIMAL, ENG_T_VARCHAR, ENG_T_DATE,
    ENG_T_TIMESTAMP, ENG_T_TIME, ENG_T_INTERVAL_DS, ENG_T_INTERVAL_YM,
    ENG_T_VARBINARY, ENG_T_UUID, ENG_T_JSON};
#define NIDS ((int)(sizeof all_ids / sizeof all_ids[0]))

/* Finds the listed row named name; false if none. */
static bool find_row(const char *name, eng_typeinfo *out)
{
    for (int i = 0; eng_typeinfo_row(i, out); i++)
        if (!strcmp(out->type_name, name))
            return true;
    return false;
}

static void test_every_type_has_its_row(void **state)
{
    (void)state;
    for (int k = 0; k < NIDS; k++) {
        eng_typeinfo ti;
        char buf[64];
        eng_type t = eng_type_make(all_ids[k]);
        eng_typeinfo_of(t, &ti);
        assert_int_equal(ti.id, all_ids[k]);
        /* Trino's base name is what eng_type_name prints, sans params */
        eng_type_name(t, buf, sizeof buf);
        buf[strcspn(buf, "(")] = '\0';
        assert_string_equal(ti.trino_name, buf);
        assert_non_null(ti.type_name);
        assert_non_null(ti.local_type_name);
        assert_true(ti.column_size > 0);
        assert_true(ti.display_size > 0);
        assert_true(ti.octet_length > 0);
        assert_int_equal(ti.nullable, 1);
    }
}

/* TYPE_NAME names a row of system.jdbc.types with the same DATA_TYPE. */
static void test_type_name_names_a_row(void **state)
{
    (void)state;
    eng_type samples[] = {
        eng_type_make(ENG_T_UNKNOWN), eng_type_make(ENG_T_BOOLEAN),
        eng_type_make(ENG_T_SMALLINT), eng_type_make(ENG_T_INTEGER),
        eng_type_make(ENG_T_BIGINT), eng_type_make(ENG_T_DOUBLE),
        eng_type_tinyint(), eng_type_real(), eng_type_char(3),
        eng_type_decimal(12, 2), eng_type_decimal(38, 18),
        eng_type_varchar(255), eng_type_varchar(3), eng_type_varchar(0),
        eng_type_make(ENG_T_DATE)};
    for (size_t k = 0; k < sizeof samples / sizeof samples[0]; k++) {
        eng_typeinfo ti, row;
        eng_typeinfo_of(samples[k], &ti);
        assert_null(strchr(ti.type_name, '('));
        assert_true(find_row(ti.type_name, &row));
        assert_int_equal(row.data_type, ti.data_type);
        assert_int_equal(row.data_type_odbc2, ti.data_type_odbc2);
        assert_int_equal(row.sql_data_type, ti.sql_data_type);
        assert_int_equal(row.searchable, ti.searchable);
        assert_int_equal(row.unsigned_attr, ti.unsigned_attr);
        assert_int_equal(row.num_prec_radix, ti.num_prec_radix);
        assert_int_equal(row.case_sensitive, ti.case_sensitive);
        assert_string_equal(row.local_type_name, ti.local_type_name);
    }
}

/* A declared size of unbounded varchar and varbinary (UnboundedVarcharSize):
 * every size field follows, bounded types do not move, and the listing's
 * varchar and varbinary rows take it too. */
static void test_declared_unbounded_size(void **state)
{
    (void)state;
    eng_typeinfo ti;
    eng_typeinfo_sized(eng_type_varchar(0), 8000, &ti);
    assert_int_equal(ti.column_size, 8000);
    assert_int_equal(ti.precision, 8000);
    assert_int_equal(ti.display_size, 8000);
    assert_int_equal(ti.octet_length, 32000);
    assert_int_equal(ti.char_octet_length, 32000);
    eng_typeinfo_sized(eng_type_make(ENG_T_VARBINARY), 8000, &ti);
    assert_int_equal(ti.column_size, 8000);
    assert_int_equal(ti.display_size, 16000);
    assert_int_equal(ti.octet_length, 8000);
    assert_int_equal(ti.char_octet_length, 8000);
    /* bounded ones keep their length; other types ignore the size */
    eng_typeinfo_sized(eng_type_varchar(20), 8000, &ti);
    assert_int_equal(ti.column_size, 20);
    eng_typeinfo_sized(eng_type_char(3), 8000, &ti);
    assert_int_equal(ti.column_size, 3);
    eng_typeinfo_sized(eng_type_make(ENG_T_UNKNOWN), 8000, &ti);
    assert_int_equal(ti.column_size, 1);
    eng_typeinfo_sized(eng_type_make(ENG_T_UUID), 8000, &ti);
    assert_int_equal(ti.column_size, 36);
    /* the largest: octets and display capped at INT32_MAX */
    eng_typeinfo_sized(eng_type_varchar(0), ENG_TI_UNBOUNDED_MAX, &ti);
    assert_int_equal(ti.column_size, 2147483647);
    assert_int_equal(ti.octet_length, 2147483647);
    eng_typeinfo_sized(eng_type_make(ENG_T_VARBINARY), ENG_TI_UNBOUNDED_MAX, &ti);
    assert_int_equal(ti.display_size, 2147483647);
    /* 0 or less: the default */
    eng_typeinfo_sized(eng_type_varchar(0), 0, &ti);
    assert_int_equal(ti.column_size, ENG_TI_UNBOUNDED_VARCHAR);
    /* the listing */
    int seen = 0;
    for (int i = 0; eng_typeinfo_row_sized(i, 8000, &ti); i++)
        if (ti.id == ENG_T_VARBINARY ||
            (ti.id == ENG_T_VARCHAR && ti.data_type == 12)) {
            assert_int_equal(ti.column_size, 8000);
            seen++;
        }
    assert_int_equal(seen, 2);
}

/* array(T): an unbounded varchar to ODBC, Trino's full name as
 * TYPE_NAME, no row of its own in system.jdbc.types. */
static void test_array_row(void **state)
{
    (void)state;
    eng_type t;
    eng_error err;
    eng_typeinfo ti, row;
    assert_int_equal(eng_type_array(eng_type_decimal(5, 2), &t, &err), ENG_OK);
    eng_typeinfo_of(t, &ti);
    assert_int_equal(ti.data_type, 12);
    assert_int_equal(ti.column_size, ENG_TI_UNBOUNDED_VARCHAR);
    assert_string_equal(ti.type_name, "array(decimal(5,2))");
    assert_string_equal(ti.trino_name, "array");
    for (int i = 0; eng_typeinfo_row(i, &row); i++)
        assert_true(row.id != ENG_T_ARRAY);
}

static void test_parameterized_sizes(void **state)
{
    (void)state;
    eng_typeinfo ti;
    eng_typeinfo_of(eng_type_varchar(255), &ti);
    assert_string_equal(ti.type_name, "varchar");
    assert_int_equal(ti.data_type, 12);
    assert_int_equal(ti.column_size, 255);
    assert_int_equal(ti.display_size, 255);
    assert_int_equal(ti.precision, 255);
    assert_int_equal(ti.octet_length, 1020);
    assert_int_equal(ti.char_octet_length, 1020);
    assert_int_equal(ti.decimal_digits, ENG_TI_NULL);

    eng_typeinfo_of(eng_type_varchar(0), &ti);
    assert_int_equal(ti.column_size, ENG_TI_UNBOUNDED_VARCHAR);
    assert_int_equal(ti.column_size, 65535);
    assert_int_equal(ti.display_size, 65535);
    assert_int_equal(ti.octet_length, 65535 * 4);

    /* octet lengths stop at INT32_MAX */
    eng_typeinfo_of(eng_type_varchar(1000000000), &ti);
    assert_int_equal(ti.column_size, 1000000000);
    assert_int_equal(ti.octet_length, 2147483647);

    /* timestamp(p) / time(p): 19 / 8 characters, plus '.' and p digits */
    static const struct { int p, ts, tm; } tp[] = {{0, 19, 8}, {3, 23, 12}, {6, 26, 15}};
    for (int i = 0; i < 3; i++) {
        eng_typeinfo_of(eng_type_timestamp(tp[i].p), &ti);
        assert_int_equal(ti.data_type, 93);
        assert_int_equal(ti.column_size, tp[i].ts);
        assert_int_equal(ti.display_size, tp[i].ts);
        assert_int_equal(ti.decimal_digits, tp[i].p);
        assert_int_equal(ti.precision, tp[i].p);
        assert_int_equal(ti.octet_length, 16);
        eng_typeinfo_of(eng_type_time(tp[i].p), &ti);
        assert_int_equal(ti.data_type, 92);
        assert_int_equal(ti.column_size, tp[i].tm);
        assert_int_equal(ti.decimal_digits, tp[i].p);
    }
    eng_typeinfo_of(eng_type_make(ENG_T_INTERVAL_DS), &ti);
    assert_int_equal(ti.data_type, 110);
    assert_int_equal(ti.sql_data_type, 10);
    assert_int_equal(ti.datetime_sub, 10);
    eng_typeinfo_of(eng_type_make(ENG_T_INTERVAL_YM), &ti);
    assert_int_equal(ti.data_type, 107);
    assert_int_equal(ti.datetime_sub, 7);

    eng_typeinfo_of(eng_type_decimal(12, 2), &ti);
    assert_string_equal(ti.type_name, "decimal");
    assert_int_equal(ti.data_type, 3);
    assert_int_equal(ti.column_size, 12);
    assert_int_equal(ti.precision, 12);
    assert_int_equal(ti.decimal_digits, 2);
    assert_int_equal(ti.display_size, 14);
    assert_int_equal(ti.octet_length, 14);
    assert_int_equal(ti.num_prec_radix, 10);
    assert_false(ti.fixed_prec_scale);

    eng_typeinfo_of(eng_type_make(ENG_T_DOUBLE), &ti);
    assert_int_equal(ti.data_type, 8);
    assert_int_equal(ti.column_size, 53);
    assert_int_equal(ti.precision, 53);
    assert_int_equal(ti.num_prec_radix, 2);
    assert_int_equal(ti.display_size, 24);
    assert_int_equal(ti.decimal_digits, ENG_TI_NULL);

    eng_typeinfo_of(eng_type_make(ENG_T_DATE), &ti);
    assert_int_equal(ti.data_type, 91);
    assert_int_equal(ti.data_type_odbc2, 9);
    assert_int_equal(ti.sql_data_type, 9);
    assert_int_equal(ti.datetime_sub, 1);
    assert_int_equal(ti.column_size, 10);
    assert_int_equal(ti.octet_length, 6);
    assert_string_equal(ti.literal_prefix, "DATE '");
    assert_string_equal(ti.literal_suffix, "'");

    /* a bare NULL reads as a one-character varchar */
    eng_typeinfo_of(eng_type_make(ENG_T_UNKNOWN), &ti);
    assert_string_equal(ti.trino_name, "unknown");
    assert_string_equal(ti.type_name, "varchar");
    assert_int_equal(ti.data_type, 12);
    assert_int_equal(ti.column_size, 1);
    assert_false(ti.listed);

    /* an id outside the enum reads as unknown */
    eng_type bad = eng_type_make(ENG_T_UNKNOWN);
    bad.id = (eng_type_id)99;
    eng_typeinfo_of(bad, &ti);
    assert_int_equal(ti.id, ENG_T_UNKNOWN);
}

/* Not-applicable attributes: NULL exactly where ODBC says. */
static void test_not_applicable(void **state)
{
    (void)state;
    for (int k = 0; k < NIDS; k++) {
        eng_typeinfo ti;
        eng_typeinfo_of(eng_type_make(all_ids[k]), &ti);
        bool numeric = eng_type_is_numeric(all_ids[k]);
        bool chr = all_ids[k] == ENG_T_VARCHAR || all_ids[k] == ENG_T_UNKNOWN;
        /* json: text, case sensitive, but = / <> only (no LIKE) */
        bool js = all_ids[k] == ENG_T_JSON;
        if (numeric) {
            assert_int_equal(ti.unsigned_attr, 0);
            assert_true(ti.num_prec_radix == 10 || ti.num_prec_radix == 2);
            assert_int_not_equal(ti.maximum_scale == ENG_TI_NULL,
                                 eng_type_is_integer(all_ids[k]) ||
                                 all_ids[k] == ENG_T_DECIMAL);
        } else {
            /* fractional seconds are the scale of the types that have them */
            bool secs = all_ids[k] == ENG_T_TIMESTAMP || all_ids[k] == ENG_T_TIME ||
                        all_ids[k] == ENG_T_INTERVAL_DS;
            assert_int_equal(ti.unsigned_attr, ENG_TI_NULL);
            assert_int_equal(ti.num_prec_radix, ENG_TI_NULL);
            assert_int_equal(ti.decimal_digits == ENG_TI_NULL, !secs);
            assert_int_equal(ti.maximum_scale == ENG_TI_NULL, !secs);
        }
        assert_int_equal(ti.case_sensitive, chr || js);
        assert_int_equal(ti.searchable, chr ? ENG_TI_SEARCHABLE : ENG_TI_PRED_BASIC);
        /* CHAR_OCTET_LENGTH: character and binary types (ODBC) */
        bool bin = all_ids[k] == ENG_T_VARBINARY;
        assert_int_equal(ti.char_octet_length == ENG_TI_NULL, !chr && !bin && !js);
        bool dt = all_ids[k] == ENG_T_DATE || eng_type_is_temporal64(all_ids[k]);
        assert_int_equal(ti.datetime_sub == ENG_TI_NULL, !dt);
        /* X'..' and UUID '..' literals too */
        assert_int_equal(ti.literal_prefix != NULL,
                         chr || dt || bin || js || all_ids[k] == ENG_T_UUID);
        assert_false(ti.fixed_prec_scale);
        assert_int_equal(ti.auto_unique_value, 0);
    }
}

/* The listing: every type but unknown, once, each at its widest. */
static void test_listing(void **state)
{
    (void)state;
    eng_typeinfo ti;
    int n = 0;
    bool seen_char = false, seen_real = false, seen_tinyint = false;
    for (; eng_typeinfo_row(n, &ti); n++) {
        assert_true(ti.listed);
        assert_string_equal(ti.type_name, ti.trino_name);
        for (int j = 0; j < n; j++) {
            eng_typeinfo o;
            assert_true(eng_typeinfo_row(j, &o));
            assert_string_not_equal(o.type_name, ti.type_name);
        }
        if (ti.id == ENG_T_VARCHAR && !strcmp(ti.type_name, "varchar"))
            assert_int_equal(ti.column_size, ENG_TI_UNBOUNDED_VARCHAR);
        if (!strcmp(ti.type_name, "char")) {   /* char(n): SQL_CHAR */
            assert_int_equal(ti.data_type, 1);
            assert_int_equal(ti.column_size, ENG_CHAR_MAX_LENGTH);
            seen_char = true;
        }
        if (!strcmp(ti.type_name, "real")) {   /* real: SQL_REAL, 24 bits */
            assert_int_equal(ti.data_type, 7);
            assert_int_equal(ti.column_size, 24);
            assert_int_equal(ti.num_prec_radix, 2);
            seen_real = true;
        }
        if (!strcmp(ti.type_name, "tinyint")) {   /* SQL_TINYINT, signed */
            assert_int_equal(ti.data_type, -6);
            assert_int_equal(ti.column_size, 3);
            assert_int_equal(ti.num_prec_radix, 10);
            assert_int_equal(ti.unsigned_attr, 0);
            assert_int_equal(ti.decimal_digits, 0);
            assert_int_equal(ti.id, ENG_T_SMALLINT);
            seen_tinyint = true;
        }
        if (ti.id == ENG_T_DECIMAL) {
            assert_int_equal(ti.column_size, 38);
            assert_string_equal(ti.create_params, "precision,scale");
            assert_int_equal(ti.minimum_scale, 0);
            assert_int_equal(ti.maximum_scale, 38);
        }
    }
    assert_int_equal(n, NIDS - 1 + 3);   /* + char, real and tinyint */
    /* rows ordered by DATA_TYPE whatever the enum order (93 before 92 in
     * the enum); timestamp and time listed at their widest */
    for (int i = 1; i < n; i++) {
        eng_typeinfo a, b;
        assert_true(eng_typeinfo_row(i - 1, &a) && eng_typeinfo_row(i, &b));
        /* json shares varchar's SQL_VARCHAR and comes after it (ODBC
         * orders rows of one DATA_TYPE by how closely they map to it) */
        assert_true(a.data_type < b.data_type ||
                    (a.data_type == b.data_type && a.id == ENG_T_VARCHAR &&
                     b.id == ENG_T_JSON));
        if (b.id == ENG_T_TIMESTAMP)
            assert_int_equal(b.column_size, 26);
    }
    /* past the end: false, *out untouched */
    memset(&ti, 0x5a, sizeof ti);
    eng_typeinfo before = ti;
    assert_true(seen_char && seen_real && seen_tinyint);
    assert_false(eng_typeinfo_row(n, &ti));
    assert_false(eng_typeinfo_row(-1, &ti));
    assert_memory_equal(&ti, &before, sizeof ti);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_type_has_its_row),
        cmocka_unit_test(test_type_name_names_a_row),
        cmocka_unit_test(test_parameterized_sizes),
        cmocka_unit_test(test_declared_unbounded_size),
        cmocka_unit_test(test_array_row),
        cmocka_unit_test(test_not_applicable),
        cmocka_unit_test(test_listing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
