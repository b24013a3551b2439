/*
 * tests/odbc/test_setup.c
 *   The setup library (driver/setup.c, libmeshodbcS.so) through unixODBC's
 *   installer: SQLConfigDataSource adds a user DSN, the driver connects
 *   with it and runs a query, ODBC_CONFIG_DSN changes and removes keys,
 *   ODBC_REMOVE_DSN removes it; the same for system DSNs; every refusal
 *   (unknown key, bad value, a window, no catalog file, no such DSN)
 *   posts an installer error and writes nothing; SQLConfigDriver; a DSN
 *   written with Trace=yes traces to its TraceFile; odbcinst -i -s; the
 *   README documents every key of driver/dsn_keys.c.
 * Runs in a private ODBCSYSINI/ODBCINI (under $MESH_TEST_DIR/setup), set
 * before the first ODBC call because unixODBC caches the system path.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <dlfcn.h>
#include <regex.h>
#include <odbcinst.h>

#include "odbc_util.h"
#include "driver/dsn_keys.h"

static char sysdir[2048];     /* ODBCSYSINI: odbcinst.ini, system odbc.ini */
static char userini[4096];    /* ODBCINI: the user odbc.ini */
static char sysini[4096];
static char setup_lib[4096];   /* libmeshodbcS.so beside the driver */

/* The whole of a file as a malloc'ed string ("" when missing). */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return strdup("");
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    size_t got = fread(s, 1, (size_t)n, f);
    s[got] = '\0';
    fclose(f);
    return s;
}

/* True when path contains text. */
static int file_has(const char *path, const char *text)
{
    char *s = slurp(path);
    int r = strstr(s, text) != NULL;
    free(s);
    return r;
}

/* The newest installer error: its code, and its message in msg. (A
 * call through SQLConfigDataSource clears the list first; a direct call
 * of the setup library appends to it.) */
static DWORD installer_error(char *msg, size_t cap)
{
    DWORD code = 0;
    msg[0] = '\0';
    for (WORD i = 1; i <= 8; i++) {
        DWORD c = 0;
        WORD len = 0;
        char m[512];
        if (!SQL_SUCCEEDED(SQLInstallerError(i, &c, m, sizeof m, &len)))
            break;
        code = c;
        snprintf(msg, cap, "%s", m);
    }
    return code;
}

/* Builds "KEY=value\0...\0\0" from NULL-terminated strings into buf. */
static const char *attrs(char *buf, size_t cap, ...)
{
    va_list ap;
    size_t o = 0;
    va_start(ap, cap);
    for (const char *a; (a = va_arg(ap, const char *)) != NULL;) {
        size_t n = strlen(a) + 1;
        assert_true(o + n + 1 < cap);
        memcpy(buf + o, a, n);
        o += n;
    }
    va_end(ap);
    buf[o] = '\0';
    return buf;
}

/* Connects with cs, runs sql, checks the single value; returns 0 or the
 * connect/query failure's SQLSTATE in state. */
static int query_one(const char *cs, const char *sql, const char *want,
                     char state[6])
{
    ou_conn c;
    ou_diag d;
    ou_result r;
    SQLHSTMT st = SQL_NULL_HSTMT;
    state[0] = '\0';
    if (!SQL_SUCCEEDED(ou_connect(&c, cs, &d))) {
        strcpy(state, d.sqlstate);
        fprintf(stderr, "note: %s: %s %s\n", cs, d.sqlstate, d.message);
        ou_disconnect(&c);
        return -1;
    }
    SQLRETURN rc = ou_query(&c, &st, sql, &r, &d);
    if (!SQL_SUCCEEDED(rc)) {
        strcpy(state, d.sqlstate);
        SQLFreeHandle(SQL_HANDLE_STMT, st);
        ou_disconnect(&c);
        return -1;
    }
    assert_int_equal(r.nrows, 1);
    assert_string_equal(r.cells[0], want);
    ou_result_free(&r);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    ou_disconnect(&c);
    return 0;
}

/* The value of key in DSN dsn of the current mode's odbc.ini ("" if none). */
static const char *dsn_value(const char *dsn, const char *key)
{
    static char buf[1024];
    buf[0] = '\0';
    SQLGetPrivateProfileString(dsn, key, "", buf, sizeof buf, "odbc.ini");
    return buf;
}

static void test_user_dsn_lifecycle(void **state)
{
    (void)state;
    char a[2048], cat[4200], st[6];
    snprintf(cat, sizeof cat, "Catalogs=%s", getenv("MESH_CATALOGS"));

    /* add: written to the user odbc.ini with its keys */
    assert_true(SQLConfigDataSource(NULL, ODBC_ADD_DSN, "MeshODBC",
        attrs(a, sizeof a, "DSN=setup_user", cat, "Catalog=ordersdb",
              "Schema=public", "Description=made by ConfigDSN", NULL)));
    assert_true(file_has(userini, "[setup_user]"));
    assert_true(file_has(userini, "Catalog=ordersdb") ||
                file_has(userini, "Catalog = ordersdb"));
    assert_false(file_has(sysini, "[setup_user]"));
    assert_string_equal(dsn_value("setup_user", "Driver"), "MeshODBC");
    assert_string_equal(dsn_value("setup_user", "Description"),
                        "made by ConfigDSN");

    /* connect with it: unqualified names use its Catalog and Schema */
    assert_int_equal(query_one("DSN=setup_user;", "select count(*) from orders",
                               "99", st), 0);

    /* change: another default catalog */
    assert_true(SQLConfigDataSource(NULL, ODBC_CONFIG_DSN, "MeshODBC",
        attrs(a, sizeof a, "DSN=setup_user", "Catalog=customersdb", NULL)));
    assert_string_equal(dsn_value("setup_user", "Catalog"), "customersdb");
    assert_int_equal(query_one("DSN=setup_user;",
                               "select count(*) from customers", "100", st), 0);
    /* the old default is gone: orders is not in customersdb */
    assert_int_equal(query_one("DSN=setup_user;", "select count(*) from orders",
                               "99", st), -1);
    assert_string_equal(st, "42S02");

    /* change: an empty value removes the key */
    assert_true(SQLConfigDataSource(NULL, ODBC_CONFIG_DSN, "MeshODBC",
        attrs(a, sizeof a, "DSN=setup_user", "Description=", NULL)));
    assert_string_equal(dsn_value("setup_user", "Description"), "");
    assert_string_equal(dsn_value("setup_user", "Catalog"), "customersdb");

    /* add again: replaces the section whole (no Catalog left) */
    assert_true(SQLConfigDataSource(NULL, ODBC_ADD_DSN, "MeshODBC",
        attrs(a, sizeof a, "DSN=setup_user", cat, NULL)));
    assert_string_equal(dsn_value("setup_user", "Catalog"), "");
    assert_int_equal(query_one("DSN=setup_user;",
        "select count(*) from paymentsdb.public.payments", "113", st), 0);

    /* remove: the DSN is gone for the driver manager too */
    assert_true(SQLConfigDataSource(NULL, ODBC_REMOVE_DSN, "MeshODBC",
        attrs(a, sizeof a, "DSN=setup_user", NULL)));
    assert_false(file_has(userini, "[setup_user]"));
    /* a new process (the driver manager inside this one caches profile
     * reads for 20 s in its own copy of the ini code): IM002, no DSN */
    assert_int_equal(system("isql -v setup_user </dev/null 2>&1 | grep -q IM002"), 0);
}

static void test_system_dsn_lifecycle(void **state)
{
    (void)state;
    char a[2048], cat[4200], st[6];
    snprintf(cat, sizeof cat, "Catalogs=%s", getenv("MESH_CATALOGS"));

    assert_true(SQLConfigDataSource(NULL, ODBC_ADD_SYS_DSN, "MeshODBC",
        attrs(a, sizeof a, "DSN=setup_sys", cat, "Catalog=paymentsdb",
              "Schema=public", NULL)));
    assert_true(file_has(sysini, "[setup_sys]"));
    assert_false(file_has(userini, "[setup_sys]"));
    assert_int_equal(query_one("DSN=setup_sys;",
                               "select count(*) from payments", "113", st), 0);

    assert_true(SQLConfigDataSource(NULL, ODBC_CONFIG_SYS_DSN, "MeshODBC",
        attrs(a, sizeof a, "DSN=setup_sys", "Catalog=customersdb", NULL)));
    assert_true(file_has(sysini, "customersdb"));
    assert_int_equal(query_one("DSN=setup_sys;",
                               "select count(*) from customers", "100", st), 0);

    /* a user request does not see the system DSN */
    assert_false(SQLConfigDataSource(NULL, ODBC_REMOVE_DSN, "MeshODBC",
        attrs(a, sizeof a, "DSN=setup_sys", NULL)));
    char msg[512];
    assert_int_equal(installer_error(msg, sizeof msg), ODBC_ERROR_INVALID_DSN);
    assert_non_null(strstr(msg, "setup_sys"));

    assert_true(SQLConfigDataSource(NULL, ODBC_REMOVE_SYS_DSN, "MeshODBC",
        attrs(a, sizeof a, "DSN=setup_sys", NULL)));
    assert_false(file_has(sysini, "[setup_sys]"));
}

/* Each refusal posts its installer error, names the culprit and leaves
 * the user odbc.ini as it was. */
static void test_refusals(void **state)
{
    (void)state;
    char a[2048], cat[4200], msg[512];
    snprintf(cat, sizeof cat, "Catalogs=%s", getenv("MESH_CATALOGS"));
    char *before = slurp(userini);

    assert_false(SQLConfigDataSource(NULL, ODBC_ADD_DSN, "MeshODBC",
        attrs(a, sizeof a, "DSN=bad", cat, "Catalgos=/x", NULL)));
    assert_int_equal(installer_error(msg, sizeof msg),
                     ODBC_ERROR_INVALID_KEYWORD_VALUE);
    assert_non_null(strstr(msg, "Catalgos"));

    assert_false(SQLConfigDataSource(NULL, ODBC_ADD_DSN, "MeshODBC",
        attrs(a, sizeof a, "DSN=bad", cat, "Trace=maybe", NULL)));
    assert_int_equal(installer_error(msg, sizeof msg),
                     ODBC_ERROR_INVALID_KEYWORD_VALUE);
    assert_non_null(strstr(msg, "Trace"));

    assert_false(SQLConfigDataSource(NULL, ODBC_ADD_DSN, "MeshODBC",
        attrs(a, sizeof a, "DSN=bad", "Catalog=x", NULL)));
    assert_int_equal(installer_error(msg, sizeof msg),
                     ODBC_ERROR_INVALID_KEYWORD_VALUE);
    assert_non_null(strstr(msg, "Catalogs"));

    assert_false(SQLConfigDataSource(NULL, ODBC_ADD_DSN, "MeshODBC",
        attrs(a, sizeof a, cat, NULL)));
    assert_int_equal(installer_error(msg, sizeof msg), ODBC_ERROR_INVALID_DSN);

    assert_false(SQLConfigDataSource(NULL, ODBC_ADD_DSN, "MeshODBC",
        attrs(a, sizeof a, "DSN=bad", "no equals sign", NULL)));
    assert_int_equal(installer_error(msg, sizeof msg),
                     ODBC_ERROR_INVALID_KEYWORD_VALUE);

    /* a window: no dialog to show */
    int fake_window;
    assert_false(SQLConfigDataSource((HWND)&fake_window, ODBC_ADD_DSN,
        "MeshODBC", attrs(a, sizeof a, "DSN=bad", cat, NULL)));
    assert_int_equal(installer_error(msg, sizeof msg), ODBC_ERROR_INVALID_HWND);
    assert_non_null(strstr(msg, "no dialog"));

    assert_false(SQLConfigDataSource(NULL, ODBC_CONFIG_DSN, "MeshODBC",
        attrs(a, sizeof a, "DSN=nosuchdsn", "Catalog=x", NULL)));
    assert_int_equal(installer_error(msg, sizeof msg), ODBC_ERROR_INVALID_DSN);
    assert_non_null(strstr(msg, "nosuchdsn"));

    char *after = slurp(userini);
    assert_string_equal(before, after);
    free(before);
    free(after);
}

/*
 * ConfigDriver, called directly: unixODBC 2.3.11's SQLConfigDriver cannot
 * reach it on 64-bit builds (its PLATFORM64 branch fails when the Setup
 * key IS found), never passes ODBC_CONFIG_DRIVER on, and ignores the
 * result, so the library is loaded as the driver manager would.
 */
static void test_config_driver(void **state)
{
    (void)state;
    char msg[256], err[512];
    WORD len = 0;
    void *lib = dlopen(setup_lib, RTLD_NOW | RTLD_LOCAL);
    assert_non_null(lib);
    BOOL (*config_driver)(HWND, WORD, LPCSTR, LPCSTR, LPSTR, WORD, WORD *);
    *(void **)&config_driver = dlsym(lib, "ConfigDriver");
    assert_non_null(config_driver);
    assert_true(config_driver(NULL, ODBC_INSTALL_DRIVER, "MeshODBC", "",
                              msg, sizeof msg, &len));
    assert_non_null(strstr(msg, "MeshODBC"));
    assert_int_equal(len, strlen(msg));
    assert_true(config_driver(NULL, ODBC_REMOVE_DRIVER, "MeshODBC", "",
                              msg, sizeof msg, &len));
    /* a short buffer: truncated, the full length told */
    assert_true(config_driver(NULL, ODBC_INSTALL_DRIVER, "MeshODBC", "",
                              msg, 5, &len));
    assert_int_equal(strlen(msg), 4);
    assert_true(len > 4);
    assert_false(config_driver(NULL, ODBC_CONFIG_DRIVER, "MeshODBC",
                               "X=1\0", msg, sizeof msg, &len));
    assert_int_equal(installer_error(err, sizeof err),
                     ODBC_ERROR_INVALID_REQUEST_TYPE);
    assert_non_null(strstr(err, "no driver-specific request"));
    /* the exports are exactly the two entry points */
    assert_non_null(dlsym(lib, "ConfigDSN"));
    assert_null(dlsym(lib, "dsn_key_find"));
    dlclose(lib);
}

/* Trace=yes and TraceFile= written by ConfigDSN: the connection's calls
 * and its remote SQL go to that file, and the password does not. */
static void test_dsn_trace(void **state)
{
    (void)state;
    char a[2048], cat[4200], tf[4200], path[4096], st[6];
    snprintf(cat, sizeof cat, "Catalogs=%s", getenv("MESH_CATALOGS"));
    snprintf(path, sizeof path, "%s/dsn_trace.log", sysdir);
    snprintf(tf, sizeof tf, "TraceFile=%s", path);
    unlink(path);
    assert_true(SQLConfigDataSource(NULL, ODBC_ADD_DSN, "MeshODBC",
        attrs(a, sizeof a, "DSN=setup_trace", cat, "Trace=yes", tf,
              "PWD=dsnS3cret", NULL)));
    assert_int_equal(query_one("DSN=setup_trace;PWD=connS3cret;",
        "select count(*) from customersdb.public.customers where id > 90",
        "10", st), 0);
    char *log = slurp(path);
    assert_non_null(strstr(log, "SQLExecDirect(stmt="));
    assert_non_null(strstr(log, "SQLExecDirect -> 0 SQL_SUCCESS"));
    /* the scan with its pushed-down filter, rows and time (how much of
     * the query ships is the optimizer's business: only the line's shape
     * is checked) */
    regex_t re;
    assert_int_equal(regcomp(&re, "remote customersdb: [0-9]+ rows, [0-9]+\\.[0-9]{3} ms: "
                             "COPY \\([^\n]*\"id\" > 90", REG_EXTENDED), 0);
    if (regexec(&re, log, 0, NULL, 0) != 0)
        fail_msg("no remote SQL of customersdb in the trace:\n%s", log);
    regfree(&re);
    assert_null(strstr(log, "dsnS3cret"));
    assert_null(strstr(log, "connS3cret"));
    free(log);
    assert_true(SQLConfigDataSource(NULL, ODBC_REMOVE_DSN, "MeshODBC",
        attrs(a, sizeof a, "DSN=setup_trace", NULL)));
}

/* odbcinst -i -s installs a MeshODBC DSN from a template; the driver
 * connects with it. */
static void test_odbcinst_cli(void **state)
{
    (void)state;
    char tmpl[4096], cmd[8400], st[6];
    snprintf(tmpl, sizeof tmpl, "%s/template.ini", sysdir);
    FILE *f = fopen(tmpl, "w");
    assert_non_null(f);
    fprintf(f, "[setup_cli]\nDriver=MeshODBC\nCatalogs=%s\nCatalog=ordersdb\n"
            "Schema=public\n", getenv("MESH_CATALOGS"));
    fclose(f);
    snprintf(cmd, sizeof cmd, "odbcinst -i -s -h -f '%s' >/dev/null 2>&1", tmpl);
    if (system(cmd) != 0)
        fail_msg("odbcinst -i -s failed: %s", cmd);
    assert_true(file_has(userini, "[setup_cli]"));
    assert_int_equal(query_one("DSN=setup_cli;", "select count(*) from orders",
                               "99", st), 0);
    assert_true(SQLConfigDataSource(NULL, ODBC_REMOVE_DSN, "MeshODBC",
        "DSN=setup_cli\0"));
    assert_false(file_has(userini, "[setup_cli]"));
}

/* The README's key table lists every key of driver/dsn_keys.c, with a
 * default column, and the DSN keys section names no key the table lacks. */
static void test_readme_lists_every_key(void **state)
{
    (void)state;
    char *readme = slurp(ou_srcpath("README.md"));
    const char *sec = strstr(readme, "### Data source keys");
    assert_non_null(sec);
    const char *end = strstr(sec + 1, "\n### ");
    assert_non_null(end);
    for (size_t i = 0; i < dsn_nkeys; i++) {
        char cell[128];
        snprintf(cell, sizeof cell, "\n| `%s` | ", dsn_keys[i].name);
        const char *at = strstr(sec, cell);
        if (!at || at > end)
            fail_msg("README's data source key table lacks %s", dsn_keys[i].name);
    }
    free(readme);
}

int main(void)
{
    const char *top = getenv("MESH_TEST_DIR");
    const char *drv = getenv("MESH_DRIVER_LIB");
    if (!top || !drv || !getenv("MESH_CATALOGS")) {
        fprintf(stderr, "test_setup: run by run_odbc_tests.sh\n");
        return 77;
    }
    /* the setup library sits beside the driver */
    char *setup = setup_lib;
    const char *env_setup = getenv("MESH_SETUP_LIB");
    if (env_setup)
        snprintf(setup, sizeof setup_lib, "%s", env_setup);
    else {
        const char *slash = strrchr(drv, '/');
        snprintf(setup, sizeof setup_lib, "%.*slibmeshodbcS.so",
                 slash ? (int)(slash - drv + 1) : 0, drv);
    }
    if (access(setup, R_OK) != 0) {
        fprintf(stderr, "test_setup: no setup library at %s\n", setup);
        return 1;
    }
    snprintf(sysdir, sizeof sysdir, "%s/setup", top);
    mkdir(sysdir, 0700);
    snprintf(sysini, sizeof sysini, "%s/odbc.ini", sysdir);
    snprintf(userini, sizeof userini, "%s/user_odbc.ini", sysdir);
    char path[4200];
    snprintf(path, sizeof path, "%s/odbcinst.ini", sysdir);
    FILE *f = fopen(path, "w");
    if (!f)
        return 1;
    fprintf(f, "[MeshODBC]\nDescription=MeshODBC (build tree)\nDriver=%s\n"
            "Setup=%s\nThreading=0\nFileUsage=0\nUsageCount=1\n", drv, setup);
    fclose(f);
    f = fopen(sysini, "w");
    if (f)
        fclose(f);
    f = fopen(userini, "w");
    if (f)
        fclose(f);
    setenv("ODBCSYSINI", sysdir, 1);
    setenv("ODBCINI", userini, 1);

    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_user_dsn_lifecycle),
        cmocka_unit_test(test_system_dsn_lifecycle),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_config_driver),
        cmocka_unit_test(test_dsn_trace),
        cmocka_unit_test(test_odbcinst_cli),
        cmocka_unit_test(test_readme_lists_every_key),
    };
    return cmocka_run_group_tests_name("odbc_setup", tests, NULL, NULL);
}
