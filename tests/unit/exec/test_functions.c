/*
 * tests/unit/exec/test_functions.c
 *   Scalar functions, special forms and aggregates end to end through the
 *   engine (parse, bind, optimize, execute) over the in-memory test
 *   connector: each SQL statement's rows rendered as text, compared
 *   exactly; NULLs, edge cases and the SQLSTATE of every error path.
 * Interface: main (cmocka).
 * Not here: hand-built expression trees (test_expr.c), operators
 *   (test_operators.c), through ODBC against PostgreSQL
 *   (tests/odbc/test_differential.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "engine.h"
#include "tests/unit/test_connector.h"

static eng_conn *C;
static tc_catalog *CAT;
static eng_error ERR;
static char OUT[8192];

/* t(i integer, s varchar, d date, x double, m decimal(10,2), b boolean, g integer) */
static int setup(void **state)
{
    (void)state;
    CAT = tc_catalog_new();
    tc_table *t = tc_add_table(CAT, "public", "t", 7,
        (tc_colspec[]){ tc_col("i", ENG_T_INTEGER), tc_col("s", ENG_T_VARCHAR),
                        tc_col("d", ENG_T_DATE), tc_col("x", ENG_T_DOUBLE),
                        tc_col_t("m", eng_type_decimal(10, 2)),
                        tc_col("b", ENG_T_BOOLEAN), tc_col("g", ENG_T_INTEGER) });
    tc_add_row(t, tc_int(1), tc_str("apple"), tc_date(2024, 2, 29), tc_double(1.5),
               tc_dec(1050, 10, 2), tc_bool(true), tc_int(1));
    tc_add_row(t, tc_int(2), tc_str("banana"), tc_date(2023, 12, 31), tc_double(-2.0),
               tc_dec(-275, 10, 2), tc_bool(false), tc_int(1));
    tc_add_row(t, tc_int(3), tc_null(ENG_T_VARCHAR), tc_null(ENG_T_DATE),
               tc_null(ENG_T_DOUBLE), tc_null(ENG_T_DECIMAL), tc_null(ENG_T_BOOLEAN),
               tc_int(2));
    tc_add_row(t, tc_int(4), tc_str("cherry"), tc_date(1970, 1, 1), tc_double(4.0),
               tc_dec(400, 10, 2), tc_bool(true), tc_int(2));
    C = tc_conn_new();
    tc_conn_add_catalog(C, "mem", &tc_connector_ops, tc_state_new(CAT));
    eng_set_default(C, "mem", "public", NULL);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    eng_close(C);
    tc_catalog_free(CAT);
    return 0;
}

/*
 * Runs sql; returns the rc and fills OUT with rows ("a|b\n" each) or, on
 * error, ERR. With want_type, the first column's type name comes first,
 * followed by ": ".
 */
static eng_rc run(const char *sql, bool want_type)
{
    eng_stmt *s = NULL;
    const eng_batch *b;
    size_t o = 0;
    OUT[0] = 0;
    memset(&ERR, 0, sizeof ERR);
    eng_rc rc = eng_prepare(C, sql, strlen(sql), &s, &ERR);
    if (rc == ENG_OK && want_type) {
        char buf[64];
        o += (size_t)snprintf(OUT, sizeof OUT, "%s: ",
                              eng_type_name(eng_stmt_column(s, 0)->type, buf,
                                            sizeof buf));
    }
    if (rc == ENG_OK)
        rc = eng_execute(s, &ERR);
    while (rc == ENG_OK && (rc = eng_fetch(s, &b, &ERR)) == ENG_OK && b) {
        eng_arena *a = eng_arena_create();
        for (int r = 0; r < b->nrows; r++)
            for (int c = 0; c < b->ncols; c++) {
                eng_value v;
                eng_batch_get(b, c, r, &v);
                o += (size_t)snprintf(OUT + o, sizeof OUT - o, "%s%s",
                                      eng_value_to_text(a, &v),
                                      c + 1 < b->ncols ? "|" : "\n");
            }
        eng_arena_destroy(a);
    }
    eng_stmt_free(s);
    return rc;
}

/* Asserts that sql returns exactly `rows`. */
#define Q(sql, rows) do { \
        if (run(sql, false) != ENG_OK) \
            fail_msg("%s: %s %s", sql, ERR.sqlstate, ERR.message); \
        if (strcmp(OUT, rows)) \
            fail_msg("%s:\n got '%s'\nwant '%s'", sql, OUT, rows); \
    } while (0)
/* Asserts the type of the first column and the rows ("type: rows"). */
#define QT(sql, text) do { \
        if (run(sql, true) != ENG_OK) \
            fail_msg("%s: %s %s", sql, ERR.sqlstate, ERR.message); \
        if (strcmp(OUT, text)) \
            fail_msg("%s:\n got '%s'\nwant '%s'", sql, OUT, text); \
    } while (0)
/* Asserts that sql fails with `state` and a message containing msg. */
#define QE(sql, state, msg) do { \
        if (run(sql, false) == ENG_OK) \
            fail_msg("%s: expected %s, got '%s'", sql, state, OUT); \
        if (strcmp(ERR.sqlstate, state) || !strstr(ERR.message, msg)) \
            fail_msg("%s: got %s %s, want %s '%s'", sql, ERR.sqlstate, \
                     ERR.message, state, msg); \
    } while (0)

static void test_typed_literals(void **state)
{
    (void)state;
    QT("select DECIMAL '0.1' + DECIMAL '0.2'", "decimal(2,1): 0.3\n");
    QT("select DECIMAL '0.1'", "decimal(1,1): 0.1\n");
    QT("select DECIMAL '007.50'", "decimal(3,2): 7.50\n");
    QT("select DECIMAL '-12.345'", "decimal(5,3): -12.345\n");
    QT("select DECIMAL ' 5 '", "decimal(1,0): 5\n");
    QT("select DECIMAL '.5'", "decimal(1,1): 0.5\n");
    QT("select DECIMAL '0'", "decimal(1,0): 0\n");
    QE("select DECIMAL '1e5'", "22018", "not a valid decimal literal");
    QE("select DECIMAL ''", "22018", "not a valid decimal literal");
    QE("select DECIMAL '-'", "22018", "not a valid decimal literal");
    QE("select DECIMAL '123456789012345678901234567890123456789'", "22003",
       "38 digits");
    QT("select DATE '2024-02-29'", "date: 2024-02-29\n");
    QE("select DATE '2023-02-29'", "22007", "not a valid date literal");
    QT("select INTEGER '42'", "integer: 42\n");
    QT("select BIGINT '-7'", "bigint: -7\n");
    QT("select SMALLINT '7'", "smallint: 7\n");
    QE("select INTEGER '3000000000'", "22018", "cannot cast");
    QT("select DOUBLE '1.5'", "double: 1.5\n");
    QT("select BOOLEAN 'true'", "boolean: true\n");
    QT("select VARCHAR 'abc'", "varchar: abc\n");
    QE("select TIMESTAMP '2020-01-01 00:00:00'", "0A000", "timestamp");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_typed_literals),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
