/*
 * tests/unit/test_tc.c
 *   Self-test of the in-memory test connector (tests/unit/test_connector.c):
 *   metadata, batching over several batches, projection, pushed filters
 *   and limit, cancellation, failure injection, and the session helper.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "tests/unit/test_connector.h"

static void test_tc_all(void **state)
{
    (void)state;
    tc_catalog *cat = tc_catalog_new();
    tc_colspec cols[3] = {tc_col("id", ENG_T_BIGINT), tc_col("name", ENG_T_VARCHAR),
                          tc_col_t("amount", eng_type_decimal(10, 2))};
    tc_table *t = tc_add_table(cat, "public", "t", 3, cols);
    assert_non_null(t);
    tc_add_schema(cat, "empty");
    assert_non_null(tc_add_table(cat, "public", "a", 1, cols));
    char nm[16];
    for (int i = 0; i < 2500; i++) {
        snprintf(nm, sizeof nm, "n%d", i);
        assert_int_equal(tc_add_row(t, tc_int(i), i % 10 ? tc_str(nm) : tc_null(ENG_T_VARCHAR),
                                    tc_dec(i * 100 + 5, 10, 2)), ENG_OK);
    }
    assert_int_equal(tc_table_nrows(t), 2500);
    /* a value that does not fit its column is refused */
    assert_int_equal(tc_add_row(t, tc_int(1), tc_str("x"), tc_dec(eng_pow10(12), 13, 0)), ENG_ERROR);

    tc_state *st = tc_state_new(cat);
    eng_conn *c = tc_conn_new();
    assert_int_equal(tc_conn_add_catalog(c, "zeta", &tc_connector_ops, tc_state_new(cat)), ENG_OK);
    assert_int_equal(tc_conn_add_catalog(c, "mem", &tc_connector_ops, st), ENG_OK);
    assert_int_equal(c->ncatalogs, 2);
    assert_string_equal(c->catalogs[0].name, "mem");
    assert_ptr_equal(c->catalogs[0].state, st);
    assert_string_equal(st->name, "mem");

    eng_arena *a = eng_arena_create();
    eng_error err;
    char **names;
    int n;
    assert_int_equal(tc_connector_ops.list_schemas(st, a, &names, &n, &err), ENG_OK);
    assert_int_equal(n, 2);
    assert_string_equal(names[0], "empty");
    assert_string_equal(names[1], "public");
    assert_int_equal(tc_connector_ops.list_tables(st, "public", a, &names, &n, &err), ENG_OK);
    assert_int_equal(n, 2);
    assert_string_equal(names[0], "a");
    assert_string_equal(names[1], "t");
    eng_table_def *td;
    assert_int_equal(tc_connector_ops.get_table(st, "public", "nope", a, &td, &err), ENG_NOT_FOUND);
    assert_int_equal(tc_connector_ops.get_table(st, "public", "t", a, &td, &err), ENG_OK);
    assert_string_equal(td->catalog, "mem");
    assert_int_equal(td->ncols, 3);
    assert_string_equal(td->cols[2].name, "amount");
    assert_int_equal(td->cols[2].type.scale, 2);

    /* projection of two columns, all rows, several batches */
    int proj[2] = {2, 0};
    eng_scan_spec spec;
    memset(&spec, 0, sizeof spec);
    spec.table = td;
    spec.ncols = 2;
    spec.cols = proj;
    spec.limit = -1;
    char *sql;
    assert_int_equal(tc_connector_ops.deparse(st, &spec, a, &sql, &err), ENG_OK);
    assert_string_equal(sql, "SELECT \"amount\", \"id\" FROM \"public\".\"t\"");
    spec.sql = sql;
    assert_false(tc_connector_ops.shippable(st, NULL));
    void *scan;
    assert_int_equal(tc_connector_ops.scan_begin(st, &spec, &scan, &err), ENG_OK);
    assert_int_equal(st->scans_begun, 1);
    assert_string_equal(st->last_table, "public.t");
    assert_string_equal(st->last_sql, sql);
    assert_int_equal(st->last_cols[0], 2);
    eng_type types[2] = {td->cols[2].type, td->cols[0].type};
    eng_arena *ba = eng_arena_create();
    int total = 0, batches = 0;
    for (;;) {
        eng_arena_reset(ba);
        eng_batch *b = eng_batch_create(ba, 2, types, ENG_BATCH_CAP);
        assert_int_equal(tc_connector_ops.scan_next(scan, b, &err), ENG_OK);
        if (b->nrows == 0)
            break;
        assert_true(b->nrows <= ENG_BATCH_CAP);
        eng_value v;
        eng_batch_get(b, 1, 0, &v);
        assert_int_equal(v.u.i, total);
        eng_batch_get(b, 0, 0, &v);
        assert_true(v.u.dec == (eng_int128)total * 100 + 5);
        total += b->nrows;
        batches++;
    }
    assert_int_equal(total, 2500);
    assert_int_equal(batches, 3);
    tc_connector_ops.scan_end(scan);
    assert_int_equal(st->scans_ended, 1);

    /* cancel */
    assert_int_equal(tc_connector_ops.scan_begin(st, &spec, &scan, &err), ENG_OK);
    tc_connector_ops.scan_cancel(scan);
    eng_batch *b = eng_batch_create(ba, 2, types, 10);
    assert_int_equal(tc_connector_ops.scan_next(scan, b, &err), ENG_ERROR);
    assert_string_equal(err.sqlstate, "HY008");
    assert_string_equal(err.source, "mem");
    tc_connector_ops.scan_end(scan);

    /* injected failure after one batch */
    st->fail_after_batches = 1;
    assert_int_equal(tc_connector_ops.scan_begin(st, &spec, &scan, &err), ENG_OK);
    assert_int_equal(tc_connector_ops.scan_next(scan, b, &err), ENG_OK);
    assert_int_equal(b->nrows, 10);
    assert_int_equal(tc_connector_ops.scan_next(scan, b, &err), ENG_ERROR);
    assert_string_equal(err.sqlstate, "08S01");
    tc_connector_ops.scan_end(scan);
    st->fail_after_batches = -1;

    /* pushed filter (id % 7 = 3 written as id >= 2490) and limit */
    plan_expr *f = plan_expr_new(a, PX_OP, eng_type_make(ENG_T_BOOLEAN));
    f->op = PO_GE;
    f->nargs = 2;
    f->args = eng_arena_calloc(a, 2 * sizeof(plan_expr *));
    f->args[0] = plan_colref(a, 0, eng_type_make(ENG_T_BIGINT));
    eng_value k = tc_bigint(2490);
    f->args[1] = plan_const(a, &k);
    spec.nfilters = 1;
    spec.filters = &f;
    spec.limit = 7;
    assert_int_equal(tc_connector_ops.scan_begin(st, &spec, &scan, &err), ENG_OK);
    assert_int_equal(st->last_nfilters, 1);
    assert_string_equal(st->last_filters[0], "(#0 >= 2490)");
    assert_int_equal(st->last_limit, 7);
    b = eng_batch_create(ba, 2, types, 4);
    assert_int_equal(tc_connector_ops.scan_next(scan, b, &err), ENG_OK);
    assert_int_equal(b->nrows, 4);
    eng_value v;
    eng_batch_get(b, 1, 0, &v);
    assert_int_equal(v.u.i, 2490);
    assert_int_equal(tc_connector_ops.scan_next(scan, b, &err), ENG_OK);
    assert_int_equal(b->nrows, 3);
    eng_batch_get(b, 1, 2, &v);
    assert_int_equal(v.u.i, 2496);
    assert_int_equal(tc_connector_ops.scan_next(scan, b, &err), ENG_OK);
    assert_int_equal(b->nrows, 0);
    tc_connector_ops.scan_end(scan);

    eng_arena_destroy(ba);
    eng_arena_destroy(a);
    eng_close(c);
    tc_catalog_free(cat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tc_all),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
