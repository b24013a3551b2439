/*
 * tests/bench/bench_scan.c
 *   Benchmark, not a test: reads the same PostgreSQL table through
 *   MeshODBC (binary COPY into batches) and through psqlODBC (the peer),
 *   in the same run, and prints rows/s and the ratio. Also a federated
 *   join+aggregate over two catalogs against the same query run by
 *   PostgreSQL itself on one server (through psqlODBC).
 * Usage (inside a tests/pg_cluster.sh mesh, env.sh sourced, with refdb):
 *   bench_scan [ROWS]        default 1,000,000
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sql.h>
#include <sqlext.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static SQLHDBC connect_to(SQLHENV env, const char *cs)
{
    SQLHDBC dbc;
    SQLAllocHandle(SQL_HANDLE_DBC, env, &dbc);
    if (!SQL_SUCCEEDED(SQLDriverConnect(dbc, NULL, (SQLCHAR *)cs, SQL_NTS, NULL, 0, NULL,
                                        SQL_DRIVER_NOPROMPT))) {
        SQLCHAR st[6], msg[512];
        SQLINTEGER nat;
        SQLSMALLINT len;
        SQLGetDiagRec(SQL_HANDLE_DBC, dbc, 1, st, &nat, msg, sizeof msg, &len);
        fprintf(stderr, "connect failed: %s %s\n", st, msg);
        exit(1);
    }
    return dbc;
}

static void exec_or_die(SQLHDBC dbc, const char *sql)
{
    SQLHSTMT st;
    SQLAllocHandle(SQL_HANDLE_STMT, dbc, &st);
    SQLRETURN rc = SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS);
    if (!SQL_SUCCEEDED(rc) && rc != SQL_NO_DATA) {
        SQLCHAR s[6], msg[512];
        SQLINTEGER nat;
        SQLSMALLINT len;
        SQLGetDiagRec(SQL_HANDLE_STMT, st, 1, s, &nat, msg, sizeof msg, &len);
        fprintf(stderr, "%s: %s %s\n", sql, s, msg);
        exit(1);
    }
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

/* Fetches every row with a 1000-row column-wise rowset of 4 columns as
 * text; returns rows and a checksum of lengths, so both drivers convert
 * every value. */
static long fetch_all(SQLHDBC dbc, const char *sql, double *secs, long *check)
{
    enum { N = 1000, W = 64 };
    static char buf[4][N][W];
    static SQLLEN ind[4][N];
    SQLULEN fetched = 0;
    SQLHSTMT st;
    long rows = 0;
    double t0 = now();
    *check = 0;
    SQLAllocHandle(SQL_HANDLE_STMT, dbc, &st);
    SQLSetStmtAttr(st, SQL_ATTR_ROW_ARRAY_SIZE, (SQLPOINTER)(SQLULEN)N, 0);
    SQLSetStmtAttr(st, SQL_ATTR_ROWS_FETCHED_PTR, &fetched, 0);
    if (!SQL_SUCCEEDED(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS))) {
        fprintf(stderr, "query failed: %s\n", sql);
        exit(1);
    }
    SQLSMALLINT ncols;
    SQLNumResultCols(st, &ncols);
    for (int c = 0; c < ncols && c < 4; c++)
        SQLBindCol(st, (SQLUSMALLINT)(c + 1), SQL_C_CHAR, buf[c], W, ind[c]);
    while (SQL_SUCCEEDED(SQLFetch(st))) {
        rows += (long)fetched;
        for (SQLULEN r = 0; r < fetched; r++)
            for (int c = 0; c < ncols && c < 4; c++)
                *check += ind[c][r] > 0 ? ind[c][r] : 0;
    }
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    *secs = now() - t0;
    return rows;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 1000000;
    char cs[1024], sql[512];
    SQLHENV env;
    const char *port = getenv("MESH_PORT_CUSTOMERSDB");
    const char *refport = getenv("MESH_PORT_REFDB");
    const char *psql = getenv("PSQLODBC_DRIVER") ? getenv("PSQLODBC_DRIVER")
                       : "/usr/lib/x86_64-linux-gnu/odbc/psqlodbcw.so";
    if (!port) {
        fprintf(stderr, "source a tests/pg_cluster.sh env.sh first\n");
        return 2;
    }
    SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &env);
    SQLSetEnvAttr(env, SQL_ATTR_ODBC_VERSION, (SQLPOINTER)SQL_OV_ODBC3, 0);
    snprintf(cs, sizeof cs, "Driver=%s;Servername=127.0.0.1;Port=%s;Database=postgres;"
             "UID=postgres;PWD=postgres;UseDeclareFetch=1;Fetch=10000;", psql, port);
    SQLHDBC peer = connect_to(env, cs);
    SQLHDBC mesh = connect_to(env, "DSN=jaffle_mesh;");

    exec_or_die(peer, "drop table if exists public.bench");
    snprintf(sql, sizeof sql,
             "create table public.bench as select g as id, 'name ' || g as name, "
             "(g %% 100000)::numeric(10,2) / 7 as amount, date '2018-01-01' + (g %% 1000) as d "
             "from generate_series(1, %ld) g", n);
    exec_or_die(peer, "set statement_timeout = 0");
    exec_or_die(peer, sql);
    exec_or_die(peer, "alter table public.bench alter column amount type numeric(12,2)");
    exec_or_die(peer, "analyze public.bench");

    double tp, tm;
    long cp, cm;
    /* warm both, then measure */
    fetch_all(peer, "select id, name, amount, d from public.bench where id <= 1000", &tp, &cp);
    fetch_all(mesh, "select id, name, amount, d from customersdb.public.bench where id <= 1000", &tm, &cm);
    long rp = fetch_all(peer, "select id, name, amount, d from public.bench", &tp, &cp);
    long rm = fetch_all(mesh, "select id, name, amount, d from customersdb.public.bench", &tm, &cm);
    printf("scan %ld rows x 4 cols as text: psqlODBC %.3fs (%.0f rows/s), MeshODBC %.3fs (%.0f rows/s), ratio mesh/peer time %.2f%s\n",
           n, tp, rp / tp, tm, rm / tm, tm / tp, (rp == rm && cp == cm) ? "" : "  (RESULTS DIFFER!)");

    /* filter pushdown: both read 1% */
    rp = fetch_all(peer, "select id, name, amount, d from public.bench where id % 100 = 0 and id > 0", &tp, &cp);
    rm = fetch_all(mesh, "select id, name, amount, d from customersdb.public.bench where id > 0 and id < 10001", &tm, &cm);
    (void)rp;
    (void)rm;

    if (refport) {
        snprintf(cs, sizeof cs, "Driver=%s;Servername=127.0.0.1;Port=%s;Database=postgres;"
                 "UID=postgres;PWD=postgres;", psql, refport);
        SQLHDBC ref = connect_to(env, cs);
        const char *q = "select o.status, count(*), sum(p.amount) from %sorders o join %spayments p "
                        "on o.id = p.order_id group by o.status order by 1";
        char q1[512], q2[512];
        snprintf(q1, sizeof q1, q, "public.", "public.");
        snprintf(q2, sizeof q2, q, "ordersdb.public.", "paymentsdb.public.");
        double t1 = 0, t2 = 0, t;
        long c;
        for (int i = 0; i < 50; i++) {
            fetch_all(ref, q1, &t, &c);
            t1 += t;
            fetch_all(mesh, q2, &t, &c);
            t2 += t;
        }
        printf("federated join+aggregate (jaffle, 50 runs): PostgreSQL alone %.2f ms/query, MeshODBC over 2 catalogs %.2f ms/query, ratio %.2f\n",
               t1 * 1000 / 50, t2 * 1000 / 50, t2 / t1);
        SQLDisconnect(ref);
        SQLFreeHandle(SQL_HANDLE_DBC, ref);
    }
    exec_or_die(peer, "drop table public.bench");
    SQLDisconnect(peer);
    SQLDisconnect(mesh);
    SQLFreeHandle(SQL_HANDLE_DBC, peer);
    SQLFreeHandle(SQL_HANDLE_DBC, mesh);
    SQLFreeHandle(SQL_HANDLE_ENV, env);
    return 0;
}
