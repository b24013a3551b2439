/*
 * tests/odbc/test_functions.c
 *   tests/odbc/FUNCTIONS.md against the driver: the table names every
 *   ODBC 3.8 function exactly once; an `implemented` one is exported
 *   (with its W form when it takes or returns text) and SQLGetFunctions
 *   (one id, SQL_API_ODBC3_ALL_FUNCTIONS and, below 100,
 *   SQL_API_ALL_FUNCTIONS) says yes through unixODBC; a `driver manager`
 *   or `not offered` one is not exported, and a `not offered` one is not
 *   claimed. Asynchronous execution is refused: SQL_ATTR_ASYNC_ENABLE on
 *   is HYC00 on the connection and the statement, and SQLGetInfo claims
 *   no asynchronous mode.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "odbc_util.h"

#ifndef SQL_API_SQLCOMPLETEASYNC
#define SQL_API_SQLCOMPLETEASYNC 1551   /* Microsoft's sqlext.h */
#endif

/* Every ODBC 3.8 function: its SQL_API id (0: SQLGetFunctions has none)
 * and whether it takes or returns text. */
static const struct {
    const char *name;
    SQLUSMALLINT id;
    bool text;
} odbc38[] = {
    {"SQLAllocConnect", SQL_API_SQLALLOCCONNECT, false},
    {"SQLAllocEnv", SQL_API_SQLALLOCENV, false},
    {"SQLAllocHandle", SQL_API_SQLALLOCHANDLE, false},
    {"SQLAllocHandleStd", SQL_API_SQLALLOCHANDLESTD, false},
    {"SQLAllocStmt", SQL_API_SQLALLOCSTMT, false},
    {"SQLBindCol", SQL_API_SQLBINDCOL, false},
    {"SQLBindParam", SQL_API_SQLBINDPARAM, false},
    {"SQLBindParameter", SQL_API_SQLBINDPARAMETER, false},
    {"SQLBrowseConnect", SQL_API_SQLBROWSECONNECT, true},
    {"SQLBulkOperations", SQL_API_SQLBULKOPERATIONS, false},
    {"SQLCancel", SQL_API_SQLCANCEL, false},
    {"SQLCancelHandle", SQL_API_SQLCANCELHANDLE, false},
    {"SQLCloseCursor", SQL_API_SQLCLOSECURSOR, false},
    {"SQLColAttribute", SQL_API_SQLCOLATTRIBUTE, true},
    {"SQLColAttributes", SQL_API_SQLCOLATTRIBUTES, true},
    {"SQLColumnPrivileges", SQL_API_SQLCOLUMNPRIVILEGES, true},
    {"SQLColumns", SQL_API_SQLCOLUMNS, true},
    {"SQLCompleteAsync", SQL_API_SQLCOMPLETEASYNC, false},
    {"SQLConnect", SQL_API_SQLCONNECT, true},
    {"SQLCopyDesc", SQL_API_SQLCOPYDESC, false},
    {"SQLDataSources", SQL_API_SQLDATASOURCES, true},
    {"SQLDescribeCol", SQL_API_SQLDESCRIBECOL, true},
    {"SQLDescribeParam", SQL_API_SQLDESCRIBEPARAM, false},
    {"SQLDisconnect", SQL_API_SQLDISCONNECT, false},
    {"SQLDriverConnect", SQL_API_SQLDRIVERCONNECT, true},
    {"SQLDrivers", SQL_API_SQLDRIVERS, true},
    {"SQLEndTran", SQL_API_SQLENDTRAN, false},
    {"SQLError", SQL_API_SQLERROR, true},
    {"SQLExecDirect", SQL_API_SQLEXECDIRECT, true},
    {"SQLExecute", SQL_API_SQLEXECUTE, false},
    {"SQLExtendedFetch", SQL_API_SQLEXTENDEDFETCH, false},
    {"SQLFetch", SQL_API_SQLFETCH, false},
    {"SQLFetchScroll", SQL_API_SQLFETCHSCROLL, false},
    {"SQLForeignKeys", SQL_API_SQLFOREIGNKEYS, true},
    {"SQLFreeConnect", SQL_API_SQLFREECONNECT, false},
    {"SQLFreeEnv", SQL_API_SQLFREEENV, false},
    {"SQLFreeHandle", SQL_API_SQLFREEHANDLE, false},
    {"SQLFreeStmt", SQL_API_SQLFREESTMT, false},
    {"SQLGetConnectAttr", SQL_API_SQLGETCONNECTATTR, true},
    {"SQLGetConnectOption", SQL_API_SQLGETCONNECTOPTION, true},
    {"SQLGetCursorName", SQL_API_SQLGETCURSORNAME, true},
    {"SQLGetData", SQL_API_SQLGETDATA, false},
    {"SQLGetDescField", SQL_API_SQLGETDESCFIELD, true},
    {"SQLGetDescRec", SQL_API_SQLGETDESCREC, true},
    {"SQLGetDiagField", SQL_API_SQLGETDIAGFIELD, true},
    {"SQLGetDiagRec", SQL_API_SQLGETDIAGREC, true},
    {"SQLGetEnvAttr", SQL_API_SQLGETENVATTR, false},
    {"SQLGetFunctions", SQL_API_SQLGETFUNCTIONS, false},
    {"SQLGetInfo", SQL_API_SQLGETINFO, true},
    {"SQLGetStmtAttr", SQL_API_SQLGETSTMTATTR, true},
    {"SQLGetStmtOption", SQL_API_SQLGETSTMTOPTION, false},
    {"SQLGetTypeInfo", SQL_API_SQLGETTYPEINFO, true},
    {"SQLMoreResults", SQL_API_SQLMORERESULTS, false},
    {"SQLNativeSql", SQL_API_SQLNATIVESQL, true},
    {"SQLNumParams", SQL_API_SQLNUMPARAMS, false},
    {"SQLNumResultCols", SQL_API_SQLNUMRESULTCOLS, false},
    {"SQLParamData", SQL_API_SQLPARAMDATA, false},
    {"SQLParamOptions", SQL_API_SQLPARAMOPTIONS, false},
    {"SQLPrepare", SQL_API_SQLPREPARE, true},
    {"SQLPrimaryKeys", SQL_API_SQLPRIMARYKEYS, true},
    {"SQLProcedureColumns", SQL_API_SQLPROCEDURECOLUMNS, true},
    {"SQLProcedures", SQL_API_SQLPROCEDURES, true},
    {"SQLPutData", SQL_API_SQLPUTDATA, false},
    {"SQLRowCount", SQL_API_SQLROWCOUNT, false},
    {"SQLSetConnectAttr", SQL_API_SQLSETCONNECTATTR, true},
    {"SQLSetConnectOption", SQL_API_SQLSETCONNECTOPTION, true},
    {"SQLSetCursorName", SQL_API_SQLSETCURSORNAME, true},
    {"SQLSetDescField", SQL_API_SQLSETDESCFIELD, true},
    {"SQLSetDescRec", SQL_API_SQLSETDESCREC, false},
    {"SQLSetEnvAttr", SQL_API_SQLSETENVATTR, false},
    {"SQLSetParam", SQL_API_SQLSETPARAM, false},
    {"SQLSetPos", SQL_API_SQLSETPOS, false},
    {"SQLSetScrollOptions", SQL_API_SQLSETSCROLLOPTIONS, false},
    {"SQLSetStmtAttr", SQL_API_SQLSETSTMTATTR, true},
    {"SQLSetStmtOption", SQL_API_SQLSETSTMTOPTION, false},
    {"SQLSpecialColumns", SQL_API_SQLSPECIALCOLUMNS, true},
    {"SQLStatistics", SQL_API_SQLSTATISTICS, true},
    {"SQLTablePrivileges", SQL_API_SQLTABLEPRIVILEGES, true},
    {"SQLTables", SQL_API_SQLTABLES, true},
    {"SQLTransact", SQL_API_SQLTRANSACT, false},
};
#define N38 (sizeof odbc38 / sizeof odbc38[0])

static ou_conn conn;
OU_CONN_FIXTURE(conn, OU_DSN)

/* Reads FUNCTIONS.md: states[i] for odbc38[i] ("" when missing). */
static int read_table(char states[][32])
{
    const char *path = ou_srcpath("tests/odbc/FUNCTIONS.md");
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "cannot read %s\n", path);
        return -1;
    }
    char line[1024];
    int errors = 0;
    while (fgets(line, sizeof line, f)) {
        char name[64], state[32];
        if (sscanf(line, "| `%63[A-Za-z]` | %31[a-z ] |", name, state) != 2)
            continue;
        size_t n = strlen(state);
        while (n && state[n - 1] == ' ')
            state[--n] = '\0';
        size_t i = 0;
        while (i < N38 && strcmp(odbc38[i].name, name))
            i++;
        if (i == N38) {
            fprintf(stderr, "FUNCTIONS.md names %s, not an ODBC 3.8 "
                    "function\n", name);
            errors++;
        } else if (states[i][0]) {
            fprintf(stderr, "FUNCTIONS.md names %s twice\n", name);
            errors++;
        } else if (strcmp(state, "implemented") &&
                   strcmp(state, "driver manager") &&
                   strcmp(state, "not offered")) {
            fprintf(stderr, "FUNCTIONS.md: %s has state '%s'\n", name, state);
            errors++;
        } else {
            snprintf(states[i], 32, "%s", state);
        }
    }
    fclose(f);
    for (size_t i = 0; i < N38; i++)
        if (!states[i][0]) {
            fprintf(stderr, "FUNCTIONS.md does not list %s\n", odbc38[i].name);
            errors++;
        }
    return errors;
}

static void test_table_matches_driver(void **state)
{
    (void)state;
    static char states[N38][32];
    memset(states, 0, sizeof states);
    assert_int_equal(read_table(states), 0);
    void *h = dlopen(getenv("MESH_DRIVER_LIB"), RTLD_NOW | RTLD_LOCAL);
    assert_non_null(h);
    SQLUSMALLINT bits[SQL_API_ODBC3_ALL_FUNCTIONS_SIZE];
    SQLUSMALLINT all[100];
    assert_int_equal(SQLGetFunctions(conn.dbc, SQL_API_ODBC3_ALL_FUNCTIONS,
                                     bits), SQL_SUCCESS);
    assert_int_equal(SQLGetFunctions(conn.dbc, SQL_API_ALL_FUNCTIONS, all),
                     SQL_SUCCESS);
    int errors = 0;
    for (size_t i = 0; i < N38; i++) {
        const char *nm = odbc38[i].name;
        SQLUSMALLINT one = 99;
        SQLRETURN rc = SQLGetFunctions(conn.dbc, odbc38[i].id, &one);
        ou_diag d;
        if (rc == SQL_ERROR && !ou_last_diag(SQL_HANDLE_DBC, conn.dbc, &d) &&
            !strcmp(d.sqlstate, "HY095") &&
            !strcmp(states[i], "not offered")) {
            /* unixODBC does not know the ODBC 3.8 ids (SQLCancelHandle,
               SQLCompleteAsync) and refuses them; the bitmap is the
               driver's answer */
            one = SQL_FALSE;
            rc = SQL_SUCCESS;
        }
        if (rc != SQL_SUCCESS) {
            ou_last_diag(SQL_HANDLE_DBC, conn.dbc, &d);
            fprintf(stderr, "SQLGetFunctions(%s = %u): %d %s %s\n", nm,
                    (unsigned)odbc38[i].id, (int)rc, d.sqlstate, d.message);
            errors++;
            continue;
        }
        bool bit = SQL_FUNC_EXISTS(bits, odbc38[i].id);
        char w[64];
        snprintf(w, sizeof w, "%sW", nm);
        bool exported = dlsym(h, nm) != NULL;
        bool wexported = dlsym(h, w) != NULL;
        if (!strcmp(states[i], "implemented")) {
            if (!exported || (odbc38[i].text && !wexported)) {
                fprintf(stderr, "%s: implemented, but %s is not exported\n",
                        nm, exported ? w : nm);
                errors++;
            }
            if (one != SQL_TRUE || !bit ||
                (odbc38[i].id < 100 && all[odbc38[i].id] != SQL_TRUE)) {
                fprintf(stderr, "%s: implemented, but SQLGetFunctions says "
                        "%d (bitmap %d)\n", nm, one, bit);
                errors++;
            }
        } else {
            if (exported || wexported) {
                fprintf(stderr, "%s: %s, but the driver exports it\n", nm,
                        states[i]);
                errors++;
            }
            if (!strcmp(states[i], "not offered") &&
                (one != SQL_FALSE || bit)) {
                fprintf(stderr, "%s: not offered, but SQLGetFunctions says "
                        "%d (bitmap %d)\n", nm, one, bit);
                errors++;
            }
        }
    }
    dlclose(h);
    assert_int_equal(errors, 0);
}

/* No asynchronous execution: ON is HYC00, SQLGetInfo claims none. */
static void test_no_async(void **state)
{
    (void)state;
    ou_diag d;
    assert_int_equal(SQLSetConnectAttr(conn.dbc, SQL_ATTR_ASYNC_ENABLE,
                                       (SQLPOINTER)SQL_ASYNC_ENABLE_ON, 0),
                     SQL_ERROR);
    ou_last_diag(SQL_HANDLE_DBC, conn.dbc, &d);
    assert_string_equal(d.sqlstate, "HYC00");
    SQLHSTMT st;
    SQLAllocHandle(SQL_HANDLE_STMT, conn.dbc, &st);
    assert_int_equal(SQLSetStmtAttr(st, SQL_ATTR_ASYNC_ENABLE,
                                    (SQLPOINTER)SQL_ASYNC_ENABLE_ON, 0),
                     SQL_ERROR);
    ou_last_diag(SQL_HANDLE_STMT, st, &d);
    assert_string_equal(d.sqlstate, "HYC00");
    assert_int_equal(SQLSetStmtAttr(st, SQL_ATTR_ASYNC_ENABLE,
                                    (SQLPOINTER)SQL_ASYNC_ENABLE_OFF, 0),
                     SQL_SUCCESS);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    SQLUINTEGER v = 99;
    SQLGetInfo(conn.dbc, SQL_ASYNC_MODE, &v, sizeof v, NULL);
    assert_int_equal(v, SQL_AM_NONE);
    SQLGetInfo(conn.dbc, SQL_ASYNC_DBC_FUNCTIONS, &v, sizeof v, NULL);
    assert_int_equal(v, SQL_ASYNC_DBC_NOT_CAPABLE);
    SQLGetInfo(conn.dbc, SQL_MAX_ASYNC_CONCURRENT_STATEMENTS, &v, sizeof v,
               NULL);
    assert_int_equal(v, 0);
#ifdef SQL_ASYNC_NOTIFICATION
    SQLGetInfo(conn.dbc, SQL_ASYNC_NOTIFICATION, &v, sizeof v, NULL);
    assert_int_equal(v, SQL_ASYNC_NOTIFICATION_NOT_CAPABLE);
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_matches_driver),
        cmocka_unit_test(test_no_async),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
