/*
 * tests/odbc/odbc_util.h
 *   Helpers for ODBC-level tests that go through the unixODBC driver
 *   manager: connect, run a query and read every value as text, read the
 *   diagnostics, load an expected CSV, run the cluster script, create
 *   the tables a test needs directly in PostgreSQL (psqlODBC).
 * Interface: ou_connect, ou_disconnect, ou_query, ou_result_free,
 *   ou_last_diag, ou_csv_load, ou_cluster, ou_file_oneline,
 *   ou_pg_connstr, ou_fixture_load, ou_fixture_drop.
 */
#ifndef ODBC_UTIL_H
#define ODBC_UTIL_H

#include <stddef.h>
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

#endif
