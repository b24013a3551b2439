/*
 * tests/bench/bench_mesh.c
 *   Benchmark client, not a test: runs one query through any ODBC driver
 *   (MeshODBC, psqlODBC) the way an application reading a whole result
 *   does (SQLExecDirect, every column bound, row arrays of 1,000 rows,
 *   every row fetched) and prints what run_mesh_bench.sh compares:
 *     rows <n> secs <s> rss_kb <peak RSS> checksum <hex> min <s>
 *   The checksum is order-independent (a sum of per-row hashes) over
 *   values normalised so that both drivers agree: integers as 64-bit
 *   integers, floating and numeric values as doubles rounded to 6
 *   significant digits, everything else as text.
 *   With --print it prints the rows instead (columns separated by '|'),
 *   which is handy for reading a long EXPLAIN.
 *   --warmup SQL runs SQL first, untimed (MeshODBC connects to a catalog
 *   lazily, at the first statement that reads it, psqlODBC at connect: the
 *   warm-up keeps connection setup out of both timings).
 *   --repeat N runs the query N times on the same connection (the first
 *   run, like any, timed; all must give the same rows): secs is the
 *   median, min the fastest, rss_kb the peak over all of them. For the
 *   small queries, whose times are mostly fixed per-statement cost.
 * Usage: bench_mesh [--print] [--warmup SQL] [--repeat N]
 *                   CONNECTION_STRING SQL
 * Exit status 0, or 1 with the ODBC diagnostic on stderr.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>
#include <sql.h>
#include <sqlext.h>

#define ROWSET 1000
#define MAXCOLS 32
#define TEXTLEN 256
#define MAXREPEAT 100

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(SQLSMALLINT type, SQLHANDLE h, const char *what)
{
    SQLCHAR st[6] = "", msg[1024] = "";
    SQLINTEGER nat;
    SQLSMALLINT len;
    SQLGetDiagRec(type, h, 1, st, &nat, msg, sizeof msg, &len);
    fprintf(stderr, "%s: %s %s\n", what, st, msg);
    exit(1);
}

/* One bound column: a row array of values and their indicators. */
typedef struct col {
    SQLSMALLINT ctype;
    size_t width;
    char *data;
    SQLLEN *ind;
} col;

static uint64_t mix(uint64_t h, uint64_t v)
{
    h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    h *= 0xff51afd7ed558ccdULL;
    return h ^ (h >> 33);
}

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

/* Runs sql once on st: every row fetched, bound columns. Returns the
 * rows; *sum gets the checksum. Exits on an ODBC error. */
static long run_once(SQLHSTMT st, const char *sql, int print, uint64_t *sum_out)
{
    SQLRETURN rc = SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS);
    if (!SQL_SUCCEEDED(rc))
        die(SQL_HANDLE_STMT, st, "execute");
    SQLSMALLINT ncols = 0;
    SQLNumResultCols(st, &ncols);
    if (ncols > MAXCOLS)
        ncols = MAXCOLS;
    col cols[MAXCOLS];
    SQLULEN fetched = 0;
    SQLSetStmtAttr(st, SQL_ATTR_ROW_BIND_TYPE, SQL_BIND_BY_COLUMN, 0);
    size_t rowset = print ? 4 : ROWSET;
    SQLSetStmtAttr(st, SQL_ATTR_ROW_ARRAY_SIZE, (SQLPOINTER)(uintptr_t)rowset, 0);
    SQLSetStmtAttr(st, SQL_ATTR_ROWS_FETCHED_PTR, &fetched, 0);
    for (SQLSMALLINT c = 0; c < ncols; c++) {
        SQLCHAR name[128];
        SQLSMALLINT nlen, type, dec, nul;
        SQLULEN size;
        SQLDescribeCol(st, (SQLUSMALLINT)(c + 1), name, sizeof name, &nlen, &type,
                       &size, &dec, &nul);
        switch (type) {
        case SQL_SMALLINT: case SQL_INTEGER: case SQL_BIGINT: case SQL_TINYINT:
            cols[c].ctype = SQL_C_SBIGINT;
            cols[c].width = sizeof(int64_t);
            break;
        case SQL_DOUBLE: case SQL_FLOAT: case SQL_REAL:
        case SQL_DECIMAL: case SQL_NUMERIC:
            cols[c].ctype = SQL_C_DOUBLE;
            cols[c].width = sizeof(double);
            break;
        default:
            cols[c].ctype = SQL_C_CHAR;
            cols[c].width = TEXTLEN;
            break;
        }
        if (print) {
            cols[c].ctype = SQL_C_CHAR;
            cols[c].width = 65536;
        }
        cols[c].data = malloc(cols[c].width * rowset);
        cols[c].ind = malloc(sizeof(SQLLEN) * rowset);
        if (!cols[c].data || !cols[c].ind)
            exit(1);
        SQLBindCol(st, (SQLUSMALLINT)(c + 1), cols[c].ctype, cols[c].data,
                   (SQLLEN)cols[c].width, cols[c].ind);
    }
    long rows = 0;
    uint64_t sum = 0;
    while ((rc = SQLFetch(st)) != SQL_NO_DATA) {
        if (!SQL_SUCCEEDED(rc))
            die(SQL_HANDLE_STMT, st, "fetch");
        for (SQLULEN r = 0; r < fetched; r++) {
            uint64_t h = 7;
            for (SQLSMALLINT c = 0; c < ncols; c++) {
                const char *p = cols[c].data + r * cols[c].width;
                SQLLEN ind = cols[c].ind[r];
                if (print) {
                    printf("%s%s", c ? "|" : "", ind == SQL_NULL_DATA ? "NULL" : p);
                    continue;
                }
                if (ind == SQL_NULL_DATA) {
                    h = mix(h, 0x4e554c4cULL);
                } else if (cols[c].ctype == SQL_C_SBIGINT) {
                    h = mix(h, (uint64_t)*(const int64_t *)p);
                } else if (cols[c].ctype == SQL_C_DOUBLE) {
                    char buf[64];
                    snprintf(buf, sizeof buf, "%.6g", *(const double *)p);
                    h = mix(h, hash_bytes(buf, strlen(buf)));
                } else {
                    size_t n = ind >= 0 && (size_t)ind < cols[c].width
                                   ? (size_t)ind : strlen(p);
                    h = mix(h, hash_bytes(p, n));
                }
            }
            if (print)
                printf("\n");
            sum += h;
            rows++;
        }
    }
    SQLCloseCursor(st);
    SQLSetStmtAttr(st, SQL_ATTR_ROWS_FETCHED_PTR, NULL, 0);
    SQLFreeStmt(st, SQL_UNBIND);
    for (SQLSMALLINT c = 0; c < ncols; c++) {
        free(cols[c].data);
        free(cols[c].ind);
    }
    *sum_out = sum;
    return rows;
}

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return a < b ? -1 : a > b;
}

int main(int argc, char **argv)
{
    int print = 0, a = 1, repeat = 1;
    const char *warmup = NULL;
    for (;;) {
        if (argc > a && !strcmp(argv[a], "--print")) {
            print = 1;
            a++;
        } else if (argc > a + 1 && !strcmp(argv[a], "--warmup")) {
            warmup = argv[a + 1];
            a += 2;
        } else if (argc > a + 1 && !strcmp(argv[a], "--repeat")) {
            repeat = atoi(argv[a + 1]);
            if (repeat < 1 || repeat > MAXREPEAT) {
                fprintf(stderr, "--repeat: 1 to %d\n", MAXREPEAT);
                return 2;
            }
            a += 2;
        } else {
            break;
        }
    }
    if (argc - a != 2) {
        fprintf(stderr, "usage: bench_mesh [--print] [--warmup SQL] "
                "[--repeat N] CONNECTION_STRING SQL\n");
        return 2;
    }
    SQLHENV env;
    SQLHDBC dbc;
    SQLHSTMT st;
    SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &env);
    SQLSetEnvAttr(env, SQL_ATTR_ODBC_VERSION, (SQLPOINTER)SQL_OV_ODBC3, 0);
    SQLAllocHandle(SQL_HANDLE_DBC, env, &dbc);
    if (!SQL_SUCCEEDED(SQLDriverConnect(dbc, NULL, (SQLCHAR *)argv[a], SQL_NTS,
                                        NULL, 0, NULL, SQL_DRIVER_NOPROMPT)))
        die(SQL_HANDLE_DBC, dbc, "connect");
    SQLAllocHandle(SQL_HANDLE_STMT, dbc, &st);
    if (warmup) {
        if (!SQL_SUCCEEDED(SQLExecDirect(st, (SQLCHAR *)warmup, SQL_NTS)))
            die(SQL_HANDLE_STMT, st, "warm-up");
        while (SQL_SUCCEEDED(SQLFetch(st)))
            ;
        SQLCloseCursor(st);
    }

    double times[MAXREPEAT];
    long rows = 0;
    uint64_t sum = 0;
    for (int r = 0; r < repeat; r++) {
        uint64_t rsum;
        double t0 = now();
        long n = run_once(st, argv[a + 1], print, &rsum);
        times[r] = now() - t0;
        if (r > 0 && (n != rows || rsum != sum)) {
            fprintf(stderr, "run %d: %ld rows, checksum %016llx; run 1: %ld, "
                    "%016llx\n", r + 1, n, (unsigned long long)rsum, rows,
                    (unsigned long long)sum);
            return 1;
        }
        rows = n;
        sum = rsum;
    }
    qsort(times, (size_t)repeat, sizeof *times, cmp_double);
    double secs = times[(repeat - 1) / 2];
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    if (!print)
        printf("rows %ld secs %.6f rss_kb %ld checksum %016llx min %.6f\n",
               rows, secs, ru.ru_maxrss, (unsigned long long)sum, times[0]);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    SQLDisconnect(dbc);
    SQLFreeHandle(SQL_HANDLE_DBC, dbc);
    SQLFreeHandle(SQL_HANDLE_ENV, env);
    return 0;
}
