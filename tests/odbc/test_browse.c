/*
 * tests/odbc/test_browse.c
 *   SQLBrowseConnect and SQLBrowseConnectW through unixODBC: DRIVER=
 *   alone needs the catalog file (SQL_NEED_DATA, "Catalogs:Catalog
 *   file=?" and the optional keys marked '*' in the browse syntax); the
 *   next round with Catalogs= connects (SQL_SUCCESS, the effective string)
 *   and the connection runs a query; a DSN that names its catalog file
 *   connects in one round; Engine=trino asks for Server and UID instead;
 *   SQLDisconnect ends a browse in progress; SQLGetFunctions says yes.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "odbc_util.h"

typedef struct handles {
    SQLHENV env;
    SQLHDBC dbc;
} handles;

static void h_open(handles *h)
{
    SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &h->env);
    SQLSetEnvAttr(h->env, SQL_ATTR_ODBC_VERSION, (SQLPOINTER)SQL_OV_ODBC3, 0);
    SQLAllocHandle(SQL_HANDLE_DBC, h->env, &h->dbc);
}

static void h_close(handles *h)
{
    SQLDisconnect(h->dbc);
    SQLFreeHandle(SQL_HANDLE_DBC, h->dbc);
    SQLFreeHandle(SQL_HANDLE_ENV, h->env);
}

static SQLRETURN browse(handles *h, const char *in, char *out, size_t cap)
{
    SQLSMALLINT n = 0;
    out[0] = '\0';
    SQLRETURN rc = SQLBrowseConnect(h->dbc, (SQLCHAR *)in, SQL_NTS,
                                    (SQLCHAR *)out, (SQLSMALLINT)cap, &n);
    if (rc != SQL_NEED_DATA && !SQL_SUCCEEDED(rc)) {
        ou_diag d;
        ou_last_diag(SQL_HANDLE_DBC, h->dbc, &d);
        fprintf(stderr, "browse '%s': %d %s %s\n", in, (int)rc, d.sqlstate,
                d.message);
    } else {
        assert_int_equal(n, (SQLSMALLINT)strlen(out));
    }
    return rc;
}

/* The connection runs a query. */
static void works(handles *h)
{
    SQLHSTMT st;
    SQLINTEGER v = 0;
    SQLAllocHandle(SQL_HANDLE_STMT, h->dbc, &st);
    assert_true(SQL_SUCCEEDED(SQLExecDirect(st, (SQLCHAR *)
        "select count(*) from customersdb.public.customers", SQL_NTS)));
    assert_int_equal(SQLFetch(st), SQL_SUCCESS);
    SQLGetData(st, 1, SQL_C_SLONG, &v, 0, NULL);
    assert_int_equal(v, 100);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

static void test_two_rounds(void **state)
{
    (void)state;
    handles h;
    char out[1024], in[1200];
    h_open(&h);
    assert_int_equal(browse(&h, "DRIVER=MeshODBC;", out, sizeof out),
                     SQL_NEED_DATA);
    assert_non_null(strstr(out, "Catalogs:Catalog file=?"));
    assert_null(strstr(out, "*Catalogs"));
    assert_non_null(strstr(out, "*Engine:Engine={embedded,trino}"));
    assert_non_null(strstr(out, "*Catalog:Default catalog=?"));
    assert_non_null(strstr(out, "*Schema:Default schema=?"));
    snprintf(in, sizeof in, "Catalogs=%s;Catalog=customersdb",
             getenv("MESH_CATALOGS"));
    assert_int_equal(browse(&h, in, out, sizeof out), SQL_SUCCESS);
    assert_non_null(strstr(out, "DRIVER=MeshODBC;"));
    assert_non_null(strstr(out, "Catalogs="));
    assert_non_null(strstr(out, "Catalog=customersdb"));
    works(&h);
    h_close(&h);
}

static void test_dsn_one_round(void **state)
{
    (void)state;
    handles h;
    char out[1024];
    h_open(&h);
    assert_int_equal(browse(&h, "DSN=jaffle_mesh", out, sizeof out),
                     SQL_SUCCESS);
    assert_non_null(strstr(out, "DSN=jaffle_mesh"));
    works(&h);
    h_close(&h);
}

/* Engine=trino needs Server and UID; SQLDisconnect ends the browse, and
 * the next one starts again. */
static void test_trino_and_cancel(void **state)
{
    (void)state;
    handles h;
    char out[1024], in[1200];
    h_open(&h);
    assert_int_equal(browse(&h, "DRIVER=MeshODBC;Engine=trino", out,
                            sizeof out), SQL_NEED_DATA);
    assert_non_null(strstr(out, "Server:Trino server=?"));
    assert_non_null(strstr(out, "UID:User=?"));
    assert_non_null(strstr(out, "*Port:Port=?"));
    assert_null(strstr(out, "Catalogs:"));
    assert_null(strstr(out, "Engine:"));
    assert_int_equal(browse(&h, "UID=alice", out, sizeof out), SQL_NEED_DATA);
    assert_non_null(strstr(out, "Server:Trino server=?"));
    assert_null(strstr(out, "UID:"));
    assert_int_equal(SQLDisconnect(h.dbc), SQL_SUCCESS);
    /* a new browse, the embedded engine chosen from the list */
    assert_int_equal(browse(&h, "DRIVER=MeshODBC", out, sizeof out),
                     SQL_NEED_DATA);
    snprintf(in, sizeof in, "Engine=embedded;Catalogs=%s",
             getenv("MESH_CATALOGS"));
    assert_int_equal(browse(&h, in, out, sizeof out), SQL_SUCCESS);
    works(&h);
    h_close(&h);
}

/* The W form: the same rounds in UTF-16. */
static void test_wide(void **state)
{
    (void)state;
    handles h;
    SQLWCHAR win[1200], wout[1024];
    char in[1200];
    SQLSMALLINT n = 0;
    h_open(&h);
    const char *first = "DRIVER=MeshODBC;";
    for (size_t i = 0; i <= strlen(first); i++)
        win[i] = (SQLWCHAR)first[i];
    assert_int_equal(SQLBrowseConnectW(h.dbc, win, SQL_NTS, wout, 1024, &n),
                     SQL_NEED_DATA);
    char narrow[1024];
    for (int i = 0; i <= n && i < 1023; i++)
        narrow[i] = (char)wout[i];
    narrow[n < 1023 ? n : 1023] = '\0';
    assert_non_null(strstr(narrow, "Catalogs:Catalog file=?"));
    snprintf(in, sizeof in, "Catalogs=%s", getenv("MESH_CATALOGS"));
    for (size_t i = 0; i <= strlen(in); i++)
        win[i] = (SQLWCHAR)(unsigned char)in[i];
    assert_true(SQL_SUCCEEDED(SQLBrowseConnectW(h.dbc, win, SQL_NTS, wout,
                                                1024, &n)));
    works(&h);
    SQLUSMALLINT yes = SQL_FALSE;
    SQLGetFunctions(h.dbc, SQL_API_SQLBROWSECONNECT, &yes);
    assert_int_equal(yes, SQL_TRUE);
    h_close(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_rounds),
        cmocka_unit_test(test_dsn_one_round),
        cmocka_unit_test(test_trino_and_cancel),
        cmocka_unit_test(test_wide),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
