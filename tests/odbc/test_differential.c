/*
 * tests/odbc/test_differential.c
 *   Differential test: every query of tests/sql/differential.sql runs
 *   through MeshODBC (three catalogs) and through psqlODBC on one
 *   PostgreSQL server holding all three tables (the cluster's `refdb`);
 *   the two results must agree in shape and in every value, in order.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "odbc_util.h"

/* Replaces every "<catalog>.public." with "public." for the reference. */
static char *strip_catalogs(const char *sql)
{
    static const char *const cats[] = {"customersdb.", "ordersdb.", "paymentsdb."};
    char *out = strdup(sql);
    for (size_t i = 0; i < sizeof cats / sizeof cats[0]; i++) {
        char *p;
        while ((p = strstr(out, cats[i])) != NULL)
            memmove(p, p + strlen(cats[i]), strlen(p + strlen(cats[i])) + 1);
    }
    return out;
}

/* Splits the file into statements ending with ';' at the end of a line. */
static int load_queries(const char *path, char ***out)
{
    char *all = ou_file_sql(path);   /* comments removed, lines joined */
    int n = 0, cap = 64;
    char **qs = malloc(sizeof(char *) * (size_t)cap);
    assert_non_null(all);
    for (char *s = strtok(all, ";"); s; s = strtok(NULL, ";")) {
        while (*s == ' ')
            s++;
        if (!*s)
            continue;
        if (n == cap)
            qs = realloc(qs, sizeof(char *) * (size_t)(cap *= 2));
        qs[n++] = strdup(s);
    }
    free(all);
    *out = qs;
    return n;
}

/* Normalises a reference value: psqlODBC prints booleans and numbers the
 * same way we do for the types used here, so only trailing spaces go. */
static int same(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return !strcmp(a, b);
}

static void test_differential(void **state)
{
    (void)state;
    char refcs[1024];
    ou_conn mesh, ref;
    ou_diag d;
    char **qs;
    int failures = 0;
    const char *port = getenv("MESH_PORT_REFDB");

    assert_non_null(port);
    snprintf(refcs, sizeof refcs,
             "Driver=%s;Servername=127.0.0.1;Port=%s;Database=postgres;UID=postgres;PWD=postgres;",
             getenv("PSQLODBC_DRIVER") ? getenv("PSQLODBC_DRIVER")
                                       : "/usr/lib/x86_64-linux-gnu/odbc/psqlodbcw.so",
             port);
    assert_true(SQL_SUCCEEDED(ou_connect(&mesh, OU_DSN, &d)));
    if (!SQL_SUCCEEDED(ou_connect(&ref, refcs, &d))) {
        fprintf(stderr, "reference connect failed: %s %s\n", d.sqlstate, d.message);
        fail();
    }
    int n = load_queries(ou_srcpath("tests/sql/differential.sql"), &qs);
    assert_true(n > 20);
    SQLHSTMT ms = SQL_NULL_HSTMT, rs = SQL_NULL_HSTMT;
    for (int i = 0; i < n; i++) {
        ou_result a, b;
        char *refsql = strip_catalogs(qs[i]);
        SQLRETURN rc = ou_query(&mesh, &ms, qs[i], &a, &d);
        if (!SQL_SUCCEEDED(rc)) {
            fprintf(stderr, "query %d failed on MeshODBC: %s\n  %s %s\n", i + 1, qs[i], d.sqlstate, d.message);
            failures++;
            free(refsql);
            continue;
        }
        rc = ou_query(&ref, &rs, refsql, &b, &d);
        if (!SQL_SUCCEEDED(rc)) {
            fprintf(stderr, "query %d failed on reference: %s\n  %s %s\n", i + 1, refsql, d.sqlstate, d.message);
            failures++;
        } else if (a.ncols != b.ncols || a.nrows != b.nrows) {
            fprintf(stderr, "query %d shape differs: mesh %dx%d, ref %dx%d: %s\n", i + 1,
                    a.nrows, a.ncols, b.nrows, b.ncols, qs[i]);
            failures++;
        } else {
            for (int k = 0; k < a.nrows * a.ncols; k++)
                if (!same(a.cells[k], b.cells[k])) {
                    fprintf(stderr, "query %d row %d col %d: mesh '%s', ref '%s': %s\n", i + 1,
                            k / a.ncols + 1, k % a.ncols + 1, a.cells[k] ? a.cells[k] : "NULL",
                            b.cells[k] ? b.cells[k] : "NULL", qs[i]);
                    failures++;
                    break;
                }
            ou_result_free(&b);
        }
        ou_result_free(&a);
        free(refsql);
    }
    for (int i = 0; i < n; i++)
        free(qs[i]);
    free(qs);
    SQLFreeHandle(SQL_HANDLE_STMT, ms);
    SQLFreeHandle(SQL_HANDLE_STMT, rs);
    ou_disconnect(&mesh);
    ou_disconnect(&ref);
    fprintf(stderr, "differential: %d queries, %d failures\n", n, failures);
    assert_int_equal(failures, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_differential),
    };
    return cmocka_run_group_tests_name("odbc_differential", tests, NULL, NULL);
}
