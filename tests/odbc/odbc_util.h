/*
 * tests/odbc/odbc_util.h
 *   Helpers for ODBC-level tests that go through the unixODBC driver
 *   manager: connect, run a query and read every value as text, read the
 *   diagnostics, load an expected CSV, run the cluster script, create
 *   the tables a test needs directly in PostgreSQL (psqlODBC).
 * Interface: ou_connect, ou_disconnect, ou_query, ou_result_free,
 *   ou_last_diag, ou_csv_load, ou_cluster, ou_file_oneline,
 *   ou_pg_connstr, ou_fixture_load, ou_fixture_drop; the shared
 *   connection fixture: ou_open, OU_CONN_FIXTURE, ou_state, ou_message,
 *   ou_new_stmt, ou_pg_open, ou_exec_list, ou_exec,
 *   ou_rows_text, ou_suite_setup, ou_suite_teardown, and the cmocka
 *   expectations OU_EXPECT_ROWS, OU_EXPECT_ERROR, OU_EXEC (on a
 *   connection), ou_expect, ou_expect_error, ou_run (on an ou_suite).
 *
 * A test program connects in its cmocka group setup: one connection to
 * the test DSN through ou_open (a failure prints the diagnostic and fails
 * the group; OU_CONN_FIXTURE writes that setup and its teardown), or, when it makes its own tables directly in PostgreSQL,
 * an ou_suite (ou_suite_setup / ou_suite_teardown: the test DSN plus
 * psqlODBC connections to the catalogs' servers, the tables made and
 * dropped). It checks what the engine answers with OU_EXPECT_ROWS /
 * OU_EXPECT_ERROR / OU_EXEC (ou_expect / ou_expect_error / ou_run on a
 * suite) rather than helpers of its own.
 */
#ifndef ODBC_UTIL_H
#define ODBC_UTIL_H

#include <stddef.h>
#include <stdlib.h>   /* free: the expectation macros */
#include <string.h>   /* strcmp, strstr: the expectation macros */
#include <sql.h>
#include <sqlext.h>

/* A result read as text: cells[r * ncols + c] is NULL for SQL NULL. */
typedef struct ou_result {
    int ncols;
    int nrows;
    char **names;
    char **cells;
} ou_result;

/* A diagnostic record. */
typedef struct ou_diag {
    char sqlstate[6];
    SQLINTEGER native;
    char message[2048];
} ou_diag;

typedef struct ou_conn {
    SQLHENV env;
    SQLHDBC dbc;
} ou_conn;

/* Connects with a connection string; returns the SQLDriverConnect code.
 * On failure *diag (if not NULL) holds the first record of the dbc. */
SQLRETURN ou_connect(ou_conn *c, const char *connstr, ou_diag *diag);
void ou_disconnect(ou_conn *c);

/*
 * Runs sql on a statement (allocated here when *stmt is SQL_NULL_HSTMT,
 * reused otherwise) and reads all rows with SQLGetData(SQL_C_CHAR).
 * Returns SQL_SUCCESS or the failing return code, with *diag filled from
 * the statement's first record; on failure *out is left empty (nothing to
 * free).
 */
SQLRETURN ou_query(ou_conn *c, SQLHSTMT *stmt, const char *sql,
                   ou_result *out, ou_diag *diag);
void ou_result_free(ou_result *r);

/* First diagnostic record of a handle; returns 0 if there is one. */
int ou_last_diag(SQLSMALLINT type, SQLHANDLE h, ou_diag *d);

/* Loads a CSV written by psql \copy (header, no quoting, empty = NULL). */
int ou_csv_load(const char *path, ou_result *out);

/* Runs `tests/pg_cluster.sh VERB $MESH_TEST_DIR NAME`; returns its status. */
int ou_cluster(const char *verb, const char *name);

/* Reads a SQL file, drops `--` comments and a trailing ';'. malloc'ed. */
char *ou_file_sql(const char *path);

/* Path under $top_srcdir (static buffer per call site: copy it). */
const char *ou_srcpath(const char *rel);

/* psqlODBC's connection string for the test server on `port`
 * (PSQLODBC_DRIVER overrides the driver path). */
void ou_pg_connstr(const char *port, char *buf, size_t cap);

/*
 * Fixtures: a file of PostgreSQL statements, each ending with ';' at the
 * end of a line. `-- catalog: NAME` sends the statements after it to the
 * server of mesh catalog NAME ($MESH_PORT_<NAME>), and each statement also
 * runs on refdb when $MESH_PORT_REFDB is set (the differential
 * reference). `-- cleanup: SQL` names a statement run on every such server
 * before the first statement there and by ou_fixture_drop. Other `--`
 * lines are comments. ou_fixture_load returns 0, or -1 after printing the
 * failing statement and diagnostic to stderr.
 */
int ou_fixture_load(const char *path);
void ou_fixture_drop(const char *path);

/* The connection string of the test DSN: "DSN=jaffle_mesh;". */
#define OU_DSN "DSN=jaffle_mesh;"

/* ---- the shared connection fixture -------------------------------- */

/* Connects c with connstr for a program's setup: 0, or -1 after printing
 * "connect: SQLSTATE message" to stderr (c is then disconnected). */
int ou_open(ou_conn *c, const char *connstr);

/*
 * Defines `setup` and `teardown`, the cmocka group setup and teardown of
 * a program whose tests share one connection: they connect the program's
 * ou_conn `conn` with connstr (ou_open) and disconnect it.
 */
#define OU_CONN_FIXTURE(conn, connstr) \
    static int setup(void **state) \
    { \
        (void)state; \
        return ou_open(&(conn), (connstr)); \
    } \
    static int teardown(void **state) \
    { \
        (void)state; \
        ou_disconnect(&(conn)); \
        return 0; \
    }

/* The SQLSTATE / message of diagnostic record rec of handle h ("" when
 * there is none); each in a static buffer, valid until its next call. */
const char *ou_state(SQLSMALLINT type, SQLHANDLE h, int rec);
const char *ou_message(SQLSMALLINT type, SQLHANDLE h, int rec);

/* Connects c through psqlODBC (ou_pg_connstr) to the server of mesh
 * catalog `catalog` ($MESH_PORT_<CATALOG>): 0, or -1 after printing. */
int ou_pg_open(ou_conn *c, const char *catalog);

/* Runs the NULL-terminated statements sqls on c, rows discarded: 0, or
 * -1 after printing the first one that fails and its diagnostic. */
int ou_exec_list(ou_conn *c, const char *const *sqls);

/* Runs sql on a statement of its own (freed before returning): the
 * SQLExecDirect code, with *diag (if not NULL) filled on failure. For
 * statements without a result set. */
SQLRETURN ou_exec(ou_conn *c, const char *sql, ou_diag *diag);

/* Runs sql and returns all its rows as text: cells "|"-joined, each row
 * "\n"-terminated, SQL NULL as "NULL"; malloc'ed, the caller frees. NULL
 * when sql fails, with *diag filled. */
char *ou_rows_text(ou_conn *c, const char *sql, ou_diag *diag);

/* The most PostgreSQL servers an ou_suite connects to. */
#define OU_SUITE_MAX_PG 4

/* A program's connections: the test DSN and psqlODBC connections. */
typedef struct ou_suite {
    ou_conn mesh;                 /* OU_DSN + the program's extra keys */
    ou_conn pg[OU_SUITE_MAX_PG];  /* pg[i]: the server of catalogs[i] */
    int npg;
} ou_suite;

/*
 * A cmocka group setup: connects psqlODBC to the server of each catalog
 * in catalogs (NULL-terminated, at most OU_SUITE_MAX_PG) and runs
 * make[i] there (NULL-terminated statement lists; make may be NULL),
 * then connects to OU_DSN followed by mesh_keys (NULL: none). *state
 * gets the calloc'ed ou_suite. Returns 0, or -1 after printing what
 * failed, with everything opened closed again.
 */
int ou_suite_setup(void **state, const char *const *catalogs,
                   const char *const *const *make, const char *mesh_keys);
/* Its teardown: runs drop (NULL-terminated; NULL: nothing) on every
 * PostgreSQL connection, closes them all and frees the suite. */
int ou_suite_teardown(void **state, const char *const *drop);

/*
 * cmocka expectations over a connection (include <cmocka.h> first; they
 * are macros so that the programs that do not link cmocka can still use
 * the rest of this file).
 * OU_EXPECT_ROWS: sql succeeds and its rows (ou_rows_text) are `want`.
 * OU_EXPECT_ERROR: sql fails with SQLSTATE `state` and a message holding
 *   needle (NULL: any message).
 * OU_EXEC: sql, without a result set, succeeds.
 */
#define OU_EXPECT_ROWS(c, sql, want) do { \
        ou_diag ou_d_; \
        const char *ou_sql_ = (sql), *ou_want_ = (want); \
        char *ou_got_ = ou_rows_text((c), ou_sql_, &ou_d_); \
        if (!ou_got_) \
            fail_msg("%s: %s %s", ou_sql_, ou_d_.sqlstate, ou_d_.message); \
        if (strcmp(ou_got_, ou_want_)) { \
            print_error("%s:\n got '%s'\nwant '%s'\n", ou_sql_, ou_got_, \
                        ou_want_); \
            free(ou_got_); \
            fail(); \
        } \
        free(ou_got_); \
    } while (0)
#define OU_EXPECT_ERROR(c, sql, state, needle) do { \
        ou_diag ou_d_; \
        const char *ou_sql_ = (sql), *ou_state_ = (state), *ou_needle_ = (needle); \
        char *ou_got_ = ou_rows_text((c), ou_sql_, &ou_d_); \
        if (ou_got_) { \
            free(ou_got_); \
            fail_msg("%s: expected %s", ou_sql_, ou_state_); \
        } \
        if (strcmp(ou_d_.sqlstate, ou_state_) || \
            (ou_needle_ && !strstr(ou_d_.message, ou_needle_))) \
            fail_msg("%s: got %s '%s', want %s '%s'", ou_sql_, ou_d_.sqlstate, \
                     ou_d_.message, ou_state_, ou_needle_ ? ou_needle_ : ""); \
    } while (0)
#define OU_EXEC(c, sql) do { \
        ou_diag ou_d_; \
        const char *ou_sql_ = (sql); \
        if (!SQL_SUCCEEDED(ou_exec((c), ou_sql_, &ou_d_))) \
            fail_msg("%s: %s %s", ou_sql_, ou_d_.sqlstate, ou_d_.message); \
    } while (0)

#ifdef cmocka_unit_test
/* A new statement on c; its allocation must succeed (after <cmocka.h>
 * only, as what follows). */
static inline SQLHSTMT ou_new_stmt(ou_conn *c)
{
    SQLHSTMT st = SQL_NULL_HSTMT;
    assert_int_equal(SQLAllocHandle(SQL_HANDLE_STMT, c->dbc, &st), SQL_SUCCESS);
    return st;
}

/* The expectations over an ou_suite's connection to the test DSN:
 * ou_expect, ou_expect_error, ou_run. */
static inline void ou_expect(ou_suite *s, const char *sql, const char *want)
{
    OU_EXPECT_ROWS(&s->mesh, sql, want);
}

static inline void ou_expect_error(ou_suite *s, const char *sql,
                                   const char *state, const char *needle)
{
    OU_EXPECT_ERROR(&s->mesh, sql, state, needle);
}

static inline void ou_run(ou_suite *s, const char *sql)
{
    OU_EXEC(&s->mesh, sql);
}
#endif

#endif
