/*
 * tests/odbc/test_connect.c
 *   Connection configuration through the driver manager: DSN-less
 *   connection strings with {}-quoted values, Catalog/Schema defaults,
 *   connection-string keys overriding the DSN's, and the configuration
 *   errors (missing catalog file, unknown connector, bad credentials),
 *   each naming the file or catalog and never the password; a known key
 *   with a bad value, the driver's or the engine's, fails with 08001
 *   naming the key and the value.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "odbc_util.h"

/* Writes a catalog file in the test dir and returns its path. */
static const char *write_catalogs(const char *name, const char *body)
{
    static char path[4096];
    snprintf(path, sizeof path, "%s/%s", getenv("MESH_TEST_DIR"), name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(body, f);
    fclose(f);
    return path;
}

static void test_dsnless_with_defaults(void **state)
{
    (void)state;
    char cs[8192];
    ou_conn c;
    ou_diag d;
    ou_result r;
    SQLHSTMT st = SQL_NULL_HSTMT;

    snprintf(cs, sizeof cs, "Driver=MeshODBC;Catalogs={%s/catalogs.ini};Catalog=ordersdb;Schema=public;",
             getenv("MESH_TEST_DIR"));
    assert_true(SQL_SUCCEEDED(ou_connect(&c, cs, &d)));
    assert_true(SQL_SUCCEEDED(ou_query(&c, &st, "select count(*) from orders", &r, &d)));
    assert_string_equal(r.cells[0], "99");
    ou_result_free(&r);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    ou_disconnect(&c);
}

static void test_override_dsn(void **state)
{
    (void)state;
    ou_conn c;
    ou_diag d;
    ou_result r;
    SQLHSTMT st = SQL_NULL_HSTMT;
    /* the DSN sets no default catalog; the string adds one */
    assert_true(SQL_SUCCEEDED(ou_connect(&c, "DSN=jaffle_mesh;Catalog=customersdb;Schema=public", &d)));
    assert_true(SQL_SUCCEEDED(ou_query(&c, &st, "select count(*) from customers", &r, &d)));
    assert_string_equal(r.cells[0], "100");
    ou_result_free(&r);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    ou_disconnect(&c);
}

/* Every key that takes a checked value: one state, 08001 (what
 * SQLConnect / SQLDriverConnect document for a refused connection),
 * the message naming the key and the value. */
static void test_bad_key_values(void **state)
{
    (void)state;
    static const char *const bad[][2] = {
        {"StaticCursorMemory", "lots"},  /* the driver's keys */
        {"CatalogsAsSchemas", "maybe"},
        {"UnboundedVarcharSize", "0"},   /* the engine's */
        {"MetadataCache", "soon"},
        {"TimeZone", "Nowhere/City"},
        {"QueryMemoryLimit", "12q"},
        {"Optimizer", "{join_order=maybe}"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ou_conn c;
        ou_diag d;
        char cs[256];
        snprintf(cs, sizeof cs, "%s%s=%s;", OU_DSN, bad[i][0], bad[i][1]);
        assert_int_equal(ou_connect(&c, cs, &d), SQL_ERROR);
        if (strcmp(d.sqlstate, "08001") || !strstr(d.message, bad[i][0]))
            fail_msg("%s: %s %s", cs, d.sqlstate, d.message);
        /* the value as given, or its item (Optimizer's without braces) */
        const char *v = bad[i][1][0] == '{' ? "join_order=maybe" : bad[i][1];
        if (!strstr(d.message, v))
            fail_msg("%s: message without the value: %s", cs, d.message);
        ou_disconnect(&c);
    }
    /* Trino mode's own keys, checked before any request (no server
     * listens on port 1) */
    static const char *const trino[][2] = {
        {"SSL", "maybe"},
        {"ConnectTimeout", "soon"},
        {"SSLVerification", "SOME"},
    };
    for (size_t i = 0; i < sizeof trino / sizeof trino[0]; i++) {
        ou_conn c;
        ou_diag d;
        char cs[256];
        snprintf(cs, sizeof cs, "Driver=MeshODBC;Engine=trino;"
                 "Server=http://127.0.0.1:1;UID=u;%s=%s;", trino[i][0],
                 trino[i][1]);
        assert_int_equal(ou_connect(&c, cs, &d), SQL_ERROR);
        if (strcmp(d.sqlstate, "08001") || !strstr(d.message, trino[i][0]) ||
            !strstr(d.message, trino[i][1]))
            fail_msg("%s: %s %s", cs, d.sqlstate, d.message);
        ou_disconnect(&c);
    }
}

static void test_missing_file(void **state)
{
    (void)state;
    ou_conn c;
    ou_diag d;
    SQLRETURN rc = ou_connect(&c, "Driver=MeshODBC;Catalogs=/nonexistent/mesh/catalogs.ini", &d);
    assert_int_equal(rc, SQL_ERROR);
    assert_non_null(strstr(d.message, "/nonexistent/mesh/catalogs.ini"));
    ou_disconnect(&c);
}

static void test_unknown_connector(void **state)
{
    (void)state;
    char cs[4200];
    ou_conn c;
    ou_diag d;
    const char *p = write_catalogs("bad_connector.ini", "[weird]\nconnector = oracle\nhost = x\n");
    snprintf(cs, sizeof cs, "Driver=MeshODBC;Catalogs=%s", p);
    SQLRETURN rc = ou_connect(&c, cs, &d);
    assert_int_equal(rc, SQL_ERROR);
    assert_non_null(strstr(d.message, "weird"));
    assert_non_null(strstr(d.message, "oracle"));
    ou_disconnect(&c);
}

static void test_bad_password(void **state)
{
    (void)state;
    char body[1024], cs[4200];
    ou_conn c;
    ou_diag d;
    ou_result r;
    SQLHSTMT st = SQL_NULL_HSTMT;
    snprintf(body, sizeof body,
             "[customersdb]\nconnector = postgresql\nhost = 127.0.0.1\nport = %s\n"
             "dbname = postgres\nuser = postgres\npassword = S3cretWr0ng\n",
             getenv("MESH_PORT_CUSTOMERSDB"));
    const char *p = write_catalogs("bad_password.ini", body);
    snprintf(cs, sizeof cs, "Driver=MeshODBC;Catalogs=%s", p);
    assert_true(SQL_SUCCEEDED(ou_connect(&c, cs, &d)));
    SQLRETURN rc = ou_query(&c, &st, "select count(*) from customersdb.public.customers", &r, &d);
    assert_int_equal(rc, SQL_ERROR);
    assert_string_equal(d.sqlstate, "28000");
    assert_non_null(strstr(d.message, "customersdb"));
    assert_null(strstr(d.message, "S3cretWr0ng"));
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    ou_disconnect(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dsnless_with_defaults),
        cmocka_unit_test(test_override_dsn),
        cmocka_unit_test(test_bad_key_values),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_unknown_connector),
        cmocka_unit_test(test_bad_password),
    };
    return cmocka_run_group_tests_name("odbc_connect", tests, NULL, NULL);
}
