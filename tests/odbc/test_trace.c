/*
 * tests/odbc/test_trace.c
 *   The driver's trace through the driver manager: Trace=yes and
 *   TraceFile= in a connection string log each ODBC call with its return
 *   code, the SQL sent to each catalog with its rows and time, and the
 *   connection string with passwords masked (never the password itself);
 *   Trace off writes nothing; connections on several threads share one
 *   file with whole lines.
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
    };
    return cmocka_run_group_tests_name("odbc_trace", tests, NULL, NULL);
}
