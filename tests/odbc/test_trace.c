/*
 * tests/odbc/test_trace.c
 *   The driver's trace through the driver manager: Trace=yes and
 *   TraceFile= in a connection string log each ODBC call with its return
 *   code, the SQL sent to each catalog with its rows and time, and the
 *   connection string with passwords masked (never the password itself);
 *   Trace off writes nothing; connections on several threads share one
 *   file with whole lines; the application's SQL (SQLPrepare,
 *   SQLExecDirect, and after escape translation) with its parameter
 *   markers but never their values; the file opened safely (created
 *   0600, never through a symbolic link, not a FIFO, not another user's).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <pthread.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "odbc_util.h"

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

static const char *trace_path(const char *name)
{
    static char p[4096];
    snprintf(p, sizeof p, "%s/%s", getenv("MESH_TEST_DIR"), name);
    return p;
}

/* Runs sql on cs and checks the one value. */
static void run(const char *cs, const char *sql, const char *want)
{
    ou_conn c;
    ou_diag d;
    ou_result r;
    SQLHSTMT st = SQL_NULL_HSTMT;
    if (!SQL_SUCCEEDED(ou_connect(&c, cs, &d)))
        fail_msg("connect: %s %s", d.sqlstate, d.message);
    if (!SQL_SUCCEEDED(ou_query(&c, &st, sql, &r, &d)))
        fail_msg("%s: %s %s", sql, d.sqlstate, d.message);
    assert_string_equal(r.cells[0], want);
    ou_result_free(&r);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    ou_disconnect(&c);
}

static void test_trace_calls_sql_no_password(void **state)
{
    (void)state;
    char cs[8192], path[4096];
    snprintf(path, sizeof path, "%s", trace_path("conn_trace.log"));
    unlink(path);
    snprintf(cs, sizeof cs,
             "DSN=jaffle_mesh;Trace=yes;TraceFile={%s};PWD=Sup3rSecret;"
             "Password={Ano;ther}}Secret};AccessToken=Tok3nValue", path);
    run(cs, "select count(*) from ordersdb.public.orders o "
            "join customersdb.public.customers c on c.id = o.user_id "
            "where c.first_name = 'Michael'", "2");
    char *log = slurp(path);
    /* each call with its return code */
    assert_non_null(strstr(log, "SQLDriverConnect(dbc="));
    assert_non_null(strstr(log, "SQLExecDirect(stmt="));
    assert_non_null(strstr(log, "SQLExecDirect -> 0 SQL_SUCCESS"));
    assert_non_null(strstr(log, "SQLFetch -> 100 SQL_NO_DATA"));
    assert_non_null(strstr(log, "SQLDisconnect -> 0 SQL_SUCCESS"));
    /* the SQL each catalog got, with rows and time */
    /* two Michaels in customersdb; ordersdb's scan gets whatever the
     * optimizer ships (a dynamic filter today): its row count is not fixed
     * here, the line's shape is */
    regex_t re;
    assert_int_equal(regcomp(&re, "remote customersdb: 2 rows, [0-9]+\\.[0-9]{3} ms: "
                             "COPY \\(SELECT [^\n]*'Michael'", REG_EXTENDED), 0);
    if (regexec(&re, log, 0, NULL, 0) != 0)
        fail_msg("no customersdb scan in the trace:\n%s", log);
    regfree(&re);
    assert_int_equal(regcomp(&re, "remote ordersdb: [0-9]+ rows, [0-9]+\\.[0-9]{3} ms: "
                             "COPY \\(SELECT [^\n]*\"user_id\"", REG_EXTENDED), 0);
    if (regexec(&re, log, 0, NULL, 0) != 0)
        fail_msg("no ordersdb scan in the trace:\n%s", log);
    regfree(&re);
    /* a metadata query, with its row count */
    assert_non_null(strstr(log, "rows, "));
    assert_non_null(strstr(log, "FROM pg_catalog.pg_class"));
    /* options are logged, secrets masked */
    assert_non_null(strstr(log, "option PWD=***"));
    assert_non_null(strstr(log, "option Password=***"));
    assert_null(strstr(log, "Sup3rSecret"));
    assert_null(strstr(log, "Ano;ther"));
    assert_null(strstr(log, "Secret}"));
    assert_null(strstr(log, "Tok3nValue"));
    free(log);
}

/* Trace off (the default, and Trace=no): the file is not even created. */
static void test_trace_off(void **state)
{
    (void)state;
    char cs[8192], path[4096];
    snprintf(path, sizeof path, "%s", trace_path("off_trace.log"));
    unlink(path);
    snprintf(cs, sizeof cs, "DSN=jaffle_mesh;Trace=no;TraceFile={%s}", path);
    run(cs, "select 1", "1");
    assert_int_not_equal(access(path, F_OK), 0);
}

/* An unwritable TraceFile: the connection works, with warning 01000. */
static void test_trace_file_unwritable(void **state)
{
    (void)state;
    ou_conn c;
    ou_diag d;
    SQLRETURN rc = ou_connect(&c, "DSN=jaffle_mesh;Trace=yes;"
                              "TraceFile=/nonexistent/dir/t.log", &d);
    assert_int_equal(rc, SQL_SUCCESS_WITH_INFO);
    assert_int_equal(ou_last_diag(SQL_HANDLE_DBC, c.dbc, &d), 0);
    assert_string_equal(d.sqlstate, "01000");
    assert_non_null(strstr(d.message, "/nonexistent/dir/t.log"));
    ou_disconnect(&c);
}

/*
 * The application's SQL: SQLPrepare's text with its markers, a count of
 * parameters and never their values (not in our lines, not in what a
 * catalog was sent), SQLExecDirect's text made one line, and the text
 * after ODBC escape translation.
 */
static void test_trace_app_sql(void **state)
{
    (void)state;
    char cs[8192], path[4096];
    snprintf(path, sizeof path, "%s", trace_path("sql_trace.log"));
    unlink(path);
    snprintf(cs, sizeof cs, "DSN=jaffle_mesh;Trace=yes;TraceFile={%s}", path);
    ou_conn c;
    ou_diag d;
    if (!SQL_SUCCEEDED(ou_connect(&c, cs, &d)))
        fail_msg("connect: %s %s", d.sqlstate, d.message);
    SQLHSTMT st;
    assert_int_equal(SQLAllocHandle(SQL_HANDLE_STMT, c.dbc, &st),
                     SQL_SUCCESS);
    assert_int_equal(SQLPrepare(st, (SQLCHAR *)
                                "select first_name from "
                                "customersdb.public.customers where "
                                "last_name = ? or id = ?", SQL_NTS),
                     SQL_SUCCESS);
    char secret[] = "Zq7SecretParam";
    SQLLEN slen = SQL_NTS;
    SQLINTEGER id = 987654;
    assert_int_equal(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_CHAR,
                                      SQL_VARCHAR, 64, 0, secret, 0, &slen),
                     SQL_SUCCESS);
    assert_int_equal(SQLBindParameter(st, 2, SQL_PARAM_INPUT, SQL_C_SLONG,
                                      SQL_INTEGER, 0, 0, &id, 0, NULL),
                     SQL_SUCCESS);
    assert_int_equal(SQLExecute(st), SQL_SUCCESS);
    assert_int_equal(SQLFetch(st), SQL_NO_DATA);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    /* SQLExecDirect with parameters on a new statement (prepared and run
     * in one call: nothing was known of it on entry) */
    assert_int_equal(SQLAllocHandle(SQL_HANDLE_STMT, c.dbc, &st),
                     SQL_SUCCESS);
    char secret2[] = "Wv5OtherParam";
    SQLLEN slen2 = SQL_NTS;
    assert_int_equal(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_CHAR,
                                      SQL_VARCHAR, 64, 0, secret2, 0, &slen2),
                     SQL_SUCCESS);
    assert_int_equal(SQLExecDirect(st, (SQLCHAR *)
                                   "select count(*) from "
                                   "ordersdb.public.orders where status = ?",
                                   SQL_NTS), SQL_SUCCESS);
    assert_int_equal(SQLFetch(st), SQL_SUCCESS);
    SQLFreeStmt(st, SQL_CLOSE);
    SQLFreeStmt(st, SQL_RESET_PARAMS);
    assert_int_equal(SQLExecDirect(st, (SQLCHAR *)
                                   "select {fn ucase('ab')}\n  as u", SQL_NTS),
                     SQL_SUCCESS);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    ou_disconnect(&c);

    char *log = slurp(path);
    const char *want[] = {
        "SQLPrepare(stmt=",
        "  sql: select first_name from customersdb.public.customers where "
        "last_name = ? or id = ?\n",
        "  2 parameter markers (values not traced)\n",
        "  sql: select {fn ucase('ab')}   as u\n",
        "  sql after ODBC escapes: select upper('ab')   as u\n",
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (!strstr(log, want[i]))
            fail_msg("no \"%s\" in the trace:\n%s", want[i], log);
    /* the catalog was sent the values (as literals today), but the trace
     * shows that statement's literals masked, and neither value */
    if (!strstr(log, "remote customersdb: 0 rows, ") ||
        !strstr(log, "(\"last_name\" = '?')") || !strstr(log, "(\"id\" = ?)"))
        fail_msg("no masked customersdb scan in the trace:\n%s", log);
    if (!strstr(log, "remote ordersdb: ") || !strstr(log, "= '?'"))
        fail_msg("no masked ordersdb statement in the trace:\n%s", log);
    if (strstr(log, "Zq7SecretParam") || strstr(log, "987654") ||
        strstr(log, "Wv5OtherParam"))
        fail_msg("a parameter value is in the trace:\n%s", log);
    free(log);
}

/* A long statement is cut at 4096 bytes, and the length is said. */
static void test_trace_long_sql(void **state)
{
    (void)state;
    char cs[8192], path[4096];
    snprintf(path, sizeof path, "%s", trace_path("long_trace.log"));
    unlink(path);
    snprintf(cs, sizeof cs, "DSN=jaffle_mesh;Trace=yes;TraceFile={%s}", path);
    size_t n = 10000;
    char *sql = malloc(n + 1);
    strcpy(sql, "select 1");
    memset(sql + 8, ' ', n - 8 - 2);
    strcpy(sql + n - 2, "--");
    run(cs, sql, "1");
    free(sql);
    char *log = slurp(path);
    assert_non_null(strstr(log, "  sql (10000 bytes, the first 4096 shown): "
                                "select 1 "));
    free(log);
}

/* Checks that tracing to path is refused with 01000 naming why. */
static void expect_refused(const char *path, const char *why)
{
    char cs[8192];
    snprintf(cs, sizeof cs, "DSN=jaffle_mesh;Trace=yes;TraceFile={%s}", path);
    ou_conn c;
    ou_diag d;
    SQLRETURN rc = ou_connect(&c, cs, &d);
    assert_int_equal(rc, SQL_SUCCESS_WITH_INFO);
    assert_int_equal(ou_last_diag(SQL_HANDLE_DBC, c.dbc, &d), 0);
    assert_string_equal(d.sqlstate, "01000");
    if (!strstr(d.message, path) || !strstr(d.message, why))
        fail_msg("01000 should name %s and say \"%s\": %s", path, why,
                 d.message);
    /* and the connection works */
    ou_result r;
    SQLHSTMT st = SQL_NULL_HSTMT;
    assert_int_equal(ou_query(&c, &st, "select 2", &r, &d), SQL_SUCCESS);
    assert_string_equal(r.cells[0], "2");
    ou_result_free(&r);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    ou_disconnect(&c);
}

static off_t file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? st.st_size : -1;
}

/*
 * The trace file is opened safely, as a file in /tmp must be: a new one
 * is created 0600; a symbolic link is never followed (its target stays
 * untouched); a FIFO is refused without hanging; a file another user
 * owns is refused (checked when running as root, who can make one).
 */
static void test_trace_file_safety(void **state)
{
    (void)state;
    char path[4096], target[4096], cs[8192];
    /* created 0600 */
    snprintf(path, sizeof path, "%s", trace_path("mode_trace.log"));
    unlink(path);
    snprintf(cs, sizeof cs, "DSN=jaffle_mesh;Trace=yes;TraceFile={%s}", path);
    mode_t old = umask(0);   /* the mode must come from the driver */
    run(cs, "select 1", "1");
    umask(old);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0600);

    /* a symbolic link, to a file that exists and to one that does not */
    snprintf(target, sizeof target, "%s", trace_path("victim.txt"));
    FILE *f = fopen(target, "w");
    assert_non_null(f);
    fputs("precious\n", f);
    fclose(f);
    snprintf(path, sizeof path, "%s", trace_path("link_trace.log"));
    unlink(path);
    assert_int_equal(symlink(target, path), 0);
    expect_refused(path, "symbolic link");
    assert_int_equal(file_size(target), 9);
    unlink(path);
    unlink(target);
    assert_int_equal(symlink(target, path), 0);
    expect_refused(path, "symbolic link");
    assert_int_not_equal(access(target, F_OK), 0);
    unlink(path);

    /* a FIFO: refused at once (no reader would make open() wait) */
    snprintf(path, sizeof path, "%s", trace_path("fifo_trace.log"));
    unlink(path);
    assert_int_equal(mkfifo(path, 0600), 0);
    expect_refused(path, "not a regular file");
    unlink(path);

    /* another user's file */
    if (geteuid() == 0) {
        snprintf(path, sizeof path, "%s", trace_path("theirs_trace.log"));
        f = fopen(path, "w");
        assert_non_null(f);
        fclose(f);
        assert_int_equal(chown(path, 65534, 65534), 0);
        expect_refused(path, "not a regular file owned by this user");
        assert_int_equal(file_size(path), 0);
        unlink(path);
    } else {
        print_message("(not root: the other user's file is not checked)\n");
    }
}

#define NTHREADS 4
#define NQUERIES 5

static void *worker(void *arg)
{
    const char *cs = arg;
    for (int i = 0; i < NQUERIES; i++)
        run(cs, "select count(*) from paymentsdb.public.payments", "113");
    return NULL;
}

/* Several threads, one file: every line is whole (starts with the time
 * stamp) and every query's scan of payments is there. */
static void test_trace_threads(void **state)
{
    (void)state;
    char cs[8192], path[4096];
    snprintf(path, sizeof path, "%s", trace_path("threads_trace.log"));
    unlink(path);
    snprintf(cs, sizeof cs, "DSN=jaffle_mesh;Trace=1;TraceFile=%s", path);
    pthread_t t[NTHREADS];
    for (int i = 0; i < NTHREADS; i++)
        assert_int_equal(pthread_create(&t[i], NULL, worker, cs), 0);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    char *log = slurp(path);
    regex_t re;
    assert_int_equal(regcomp(&re, "^[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{6} \\[[0-9]+\\] ",
                             REG_EXTENDED | REG_NOSUB), 0);
    int scans = 0, lines = 0;
    for (char *line = strtok(log, "\n"); line; line = strtok(NULL, "\n")) {
        lines++;
        if (regexec(&re, line, 0, NULL, 0) != 0)
            fail_msg("broken trace line: %s", line);
        if (strstr(line, "remote paymentsdb: ") && strstr(line, " rows, ") &&
            strstr(line, "COPY (") && strstr(line, "\"payments\""))
            scans++;
    }
    regfree(&re);
    assert_int_equal(scans, NTHREADS * NQUERIES);
    assert_true(lines > NTHREADS * NQUERIES * 4);
    free(log);
}

int main(void)
{
    if (!getenv("MESH_TEST_DIR")) {
        fprintf(stderr, "test_trace: run by run_odbc_tests.sh\n");
        return 77;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trace_calls_sql_no_password),
        cmocka_unit_test(test_trace_off),
        cmocka_unit_test(test_trace_file_unwritable),
        cmocka_unit_test(test_trace_threads),
        cmocka_unit_test(test_trace_app_sql),
        cmocka_unit_test(test_trace_long_sql),
        cmocka_unit_test(test_trace_file_safety),
    };
    return cmocka_run_group_tests_name("odbc_trace", tests, NULL, NULL);
}
