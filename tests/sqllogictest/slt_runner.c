/*
 * tests/sqllogictest/slt_runner.c
 *   A sqllogictest runner through the ODBC driver: reads .test files
 *   (SQLite's format), runs every record against the DSN jaffle_mesh in a
 *   scratch schema ordersdb.slt (dropped before each file and at the
 *   end), and prints per file the records passed, failed and skipped.
 * Usage: slt_runner [--min N] [--verbose] [FILE...]
 *   --min N    exit 1 when fewer than N records pass in all (a floor that
 *              keeps a regression from going unnoticed); default 0.
 *   Without FILE (as make check runs it): select1.test .. select4.test
 *   from $MESH_SLT_DIR, else $top_srcdir/../shared/sqllogictest, each
 *   with its floor in `floors` below; missing files are reported and
 *   skipped, and exit 77 (skip) when none exists. Built with
 *   -DSLT_SELECT5 (the program slt_select5) it runs select5.test instead,
 *   whose many-table joins make it the slowest file: as a program of its
 *   own it has its own time limit in make check.
 * Format (from the corpus): records are separated by blank lines;
 *   statement ok|error / SQL;  query <types> <nosort|rowsort|valuesort>
 *   [label] / SQL / ---- / values, one a line;  hash-threshold N (results
 *   of more than N values are compared as "N values hashing to <md5>",
 *   the MD5 of each value followed by a newline, after sorting);
 *   skipif|onlyif <engine> before a record (this engine: "meshodbc");
 *   halt ends the file. Each statement may run RECORD_TIMEOUT_S seconds
 *   (SQL_ATTR_QUERY_TIMEOUT; past it the record fails). Values: NULL as NULL, '' as (empty), I columns
 *   as integers, R columns with %.3f, bytes outside 0x20-0x7E in T
 *   columns as '@'. A statement counts as a record, as a query does.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sql.h>
#include <sqlext.h>

#define ENGINE_NAME "meshodbc"
#define RECORD_TIMEOUT_S 10     /* per statement (SQL_ATTR_QUERY_TIMEOUT) */

/* ------------------------------------------------------------------ */
/* MD5 (RFC 1321), for hashed results                                  */

typedef struct md5 {
    uint32_t h[4];
    uint64_t len;
    unsigned char buf[64];
    size_t n;
} md5;

static const uint32_t md5_k[64] = {
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a,
    0xa8304613, 0xfd469501, 0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be,
    0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340,
    0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
    0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8,
    0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c,
    0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, 0x289b7ec6, 0xeaa127fa,
    0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
    0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92,
    0xffeff47d, 0x85845dd1, 0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1,
    0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391
};
static const int md5_r[64] = {
    7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
    5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
    4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
    6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21
};

static void md5_init(md5 *m)
{
    m->h[0] = 0x67452301;
    m->h[1] = 0xefcdab89;
    m->h[2] = 0x98badcfe;
    m->h[3] = 0x10325476;
    m->len = 0;
    m->n = 0;
}

static void md5_block(md5 *m, const unsigned char *p)
{
    uint32_t w[16], a = m->h[0], b = m->h[1], c = m->h[2], d = m->h[3];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] | (uint32_t)p[4 * i + 1] << 8 |
               (uint32_t)p[4 * i + 2] << 16 | (uint32_t)p[4 * i + 3] << 24;
    for (int i = 0; i < 64; i++) {
        uint32_t f;
        int g;
        if (i < 16) { f = (b & c) | (~b & d); g = i; }
        else if (i < 32) { f = (d & b) | (~d & c); g = (5 * i + 1) % 16; }
        else if (i < 48) { f = b ^ c ^ d; g = (3 * i + 5) % 16; }
        else { f = c ^ (b | ~d); g = (7 * i) % 16; }
        uint32_t t = d;
        d = c;
        c = b;
        uint32_t x = a + f + md5_k[i] + w[g];
        b = b + ((x << md5_r[i]) | (x >> (32 - md5_r[i])));
        a = t;
    }
    m->h[0] += a;
    m->h[1] += b;
    m->h[2] += c;
    m->h[3] += d;
}

static void md5_update(md5 *m, const void *data, size_t len)
{
    const unsigned char *p = data;
    m->len += len;
    while (len > 0) {
        size_t k = 64 - m->n < len ? 64 - m->n : len;
        memcpy(m->buf + m->n, p, k);
        m->n += k;
        p += k;
        len -= k;
        if (m->n == 64) {
            md5_block(m, m->buf);
            m->n = 0;
        }
    }
}

static void md5_hex(md5 *m, char out[33])
{
    uint64_t bits = m->len * 8;
    unsigned char pad = 0x80, zero = 0, lenb[8];
    md5_update(m, &pad, 1);
    while (m->n != 56)
        md5_update(m, &zero, 1);
    for (int i = 0; i < 8; i++)
        lenb[i] = (unsigned char)(bits >> (8 * i));
    md5_update(m, lenb, 8);
    for (int i = 0; i < 4; i++)
        for (int k = 0; k < 4; k++)
            sprintf(out + 8 * i + 2 * k, "%02x",
                    (unsigned)(m->h[i] >> (8 * k)) & 0xff);
    out[32] = '\0';
}

/* ------------------------------------------------------------------ */
/* ODBC                                                                */

static SQLHENV env;
static SQLHDBC dbc;
static SQLHSTMT st;
static bool verbose;
static char last_error[1024];

/* Runs sql; true on success (last_error holds the diagnostic if not). */
static bool exec_sql(const char *sql)
{
    SQLFreeStmt(st, SQL_CLOSE);
    SQLRETURN rc = SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS);
    if (SQL_SUCCEEDED(rc))
        return true;
    SQLCHAR state[6] = "", msg[900] = "";
    SQLINTEGER native;
    SQLSMALLINT len;
    SQLGetDiagRec(SQL_HANDLE_STMT, st, 1, state, &native, msg, sizeof msg,
                  &len);
    snprintf(last_error, sizeof last_error, "%s %s", state, msg);
    return false;
}

/* A value as the format renders it, for column type letter t. */
static char *render(const char *v, bool null, char t)
{
    char buf[64];
    if (null)
        return strdup("NULL");
    if (t == 'I' || t == 'R') {
        char *end;
        double d = strtod(v, &end);
        if (end == v)       /* not a number: what SQLite prints is 0 */
            d = 0;
        if (t == 'I') {
            long long x = strtoll(v, &end, 10);
            if (*end)
                x = (long long)d;
            snprintf(buf, sizeof buf, "%lld", x);
        } else {
            snprintf(buf, sizeof buf, "%.3f", d);
        }
        return strdup(buf);
    }
    if (!*v)
        return strdup("(empty)");
    char *s = strdup(v);
    for (char *p = s; *p; p++)
        if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e)
            *p = '@';
    return s;
}

/* Runs a query and renders its values row by row into *vals (*n). */
static bool run_query(const char *sql, const char *types, char ***vals,
                      int *n, int *ncols_out)
{
    SQLSMALLINT ncols = 0;
    int cap = 0;
    *vals = NULL;
    *n = 0;
    if (!exec_sql(sql))
        return false;
    SQLNumResultCols(st, &ncols);
    *ncols_out = ncols;
    for (;;) {
        SQLRETURN rc = SQLFetch(st);
        if (rc == SQL_NO_DATA)
            break;
        if (!SQL_SUCCEEDED(rc)) {
            SQLCHAR state[6] = "", msg[900] = "";
            SQLINTEGER native;
            SQLSMALLINT len;
            SQLGetDiagRec(SQL_HANDLE_STMT, st, 1, state, &native, msg,
                          sizeof msg, &len);
            snprintf(last_error, sizeof last_error, "%s %s", state, msg);
            return false;
        }
        for (int c = 0; c < ncols; c++) {
            char buf[8192];
            SQLLEN ind = 0;
            SQLGetData(st, (SQLUSMALLINT)(c + 1), SQL_C_CHAR, buf, sizeof buf,
                       &ind);
            if (*n == cap) {
                cap = cap ? cap * 2 : 64;
                *vals = realloc(*vals, sizeof(char *) * (size_t)cap);
            }
            char t = c < (int)strlen(types) ? types[c] : 'T';
            (*vals)[(*n)++] = render(buf, ind == SQL_NULL_DATA, t);
        }
    }
    return true;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Row comparison for rowsort: value by value. */
static int row_ncols;
static int cmp_row(const void *a, const void *b)
{
    char *const *x = a, *const *y = b;
    for (int i = 0; i < row_ncols; i++) {
        int c = strcmp(x[i], y[i]);
        if (c)
            return c;
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* files                                                               */

typedef struct counts {
    int passed, failed, skipped;
} counts;

/* Reads the next line into line (without '\n'); false at EOF. */
static bool next_line(FILE *fp, char **line, size_t *cap)
{
    ssize_t n = getline(line, cap, fp);
    if (n < 0)
        return false;
    while (n > 0 && ((*line)[n - 1] == '\n' || (*line)[n - 1] == '\r'))
        (*line)[--n] = '\0';
    return true;
}

/* Appends s and a newline to the growable *buf. */
static void append(char **buf, size_t *len, const char *s)
{
    size_t k = strlen(s);
    *buf = realloc(*buf, *len + k + 2);
    memcpy(*buf + *len, s, k);
    *len += k;
    (*buf)[(*len)++] = '\n';
    (*buf)[*len] = '\0';
}

static void fresh_schema(void)
{
    exec_sql("drop schema if exists ordersdb.slt cascade");
    if (!exec_sql("create schema ordersdb.slt") ||
        !exec_sql("use ordersdb.slt"))
        fprintf(stderr, "slt: cannot create the scratch schema: %s\n",
                last_error);
}

/* Runs one file; adds to *tot. Returns false if it cannot be read. */
static bool run_file(const char *path, counts *tot)
{
    FILE *fp = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0;
    counts c = { 0, 0, 0 };
    int threshold = 0, shown = 0;
    if (!fp) {
        printf("slt: %s: not found, skipped\n", path);
        return false;
    }
    fresh_schema();
    bool more = next_line(fp, &line, &cap);
    while (more) {
        bool skip = false;
        /* skip blank lines and comments between records */
        if (!line[0] || line[0] == '#') {
            more = next_line(fp, &line, &cap);
            continue;
        }
        while (!strncmp(line, "skipif ", 7) || !strncmp(line, "onlyif ", 7)) {
            bool is_me = !strcmp(line + 7, ENGINE_NAME);
            if (line[0] == 's' ? is_me : !is_me)
                skip = true;
            if (!(more = next_line(fp, &line, &cap)))
                break;
        }
        if (!more)
            break;
        if (!strncmp(line, "halt", 4))
            break;
        if (!strncmp(line, "hash-threshold", 14)) {
            threshold = atoi(line + 15);
            more = next_line(fp, &line, &cap);
            continue;
        }
        bool is_stmt = !strncmp(line, "statement", 9);
        bool is_query = !strncmp(line, "query", 5);
        if (!is_stmt && !is_query) {
            more = next_line(fp, &line, &cap);
            continue;
        }
        char head[256];
        snprintf(head, sizeof head, "%s", line);
        char *sql = NULL, *expect = NULL;
        size_t slen = 0, elen = 0;
        int nexp = 0;
        bool in_result = false;
        while ((more = next_line(fp, &line, &cap)) && line[0]) {
            if (is_query && !strcmp(line, "----")) {
                in_result = true;
                continue;
            }
            if (in_result) {
                append(&expect, &elen, line);
                nexp++;
            } else {
                append(&sql, &slen, line);
            }
        }
        if (sql)
            sql[slen - 1] = '\0';       /* drop the last newline */
        if (skip || !sql) {
            c.skipped++;
        } else if (is_stmt) {
            bool want_ok = !strncmp(head, "statement ok", 12);
            bool ok = exec_sql(sql);
            if (ok == want_ok) {
                c.passed++;
            } else {
                c.failed++;
                if (verbose || shown < 5) {
                    shown++;
                    printf("slt: %s: FAIL %s\n  %s\n  -> %s\n", path, head,
                           sql, ok ? "succeeded" : last_error);
                }
            }
        } else {
            /* head holds up to 255 characters: a type letter per
             * column (select5 has 64) must not spill into the sort mode */
            char types[256] = "", sort[32] = "nosort";
            sscanf(head, "query %255s %31s", types, sort);
            char **vals;
            int n, ncols = 1;
            bool pass = false;
            char *got = NULL;
            size_t glen = 0;
            if (run_query(sql, types, &vals, &n, &ncols)) {
                if (n == 0) {
                    /* nothing to sort (vals is NULL) */
                } else if (!strcmp(sort, "rowsort") && ncols > 0) {
                    row_ncols = ncols;
                    qsort(vals, (size_t)(n / ncols),
                          sizeof(char *) * (size_t)ncols, cmp_row);
                } else if (!strcmp(sort, "valuesort")) {
                    qsort(vals, (size_t)n, sizeof(char *), cmp_str);
                }
                int hn;
                char hx[40];
                /* the corpus hashes large results whatever the threshold */
                bool hashed = expect && nexp == 1 &&
                    sscanf(expect, "%d values hashing to %39s", &hn, hx) == 2;
                if (hashed || (threshold > 0 && n > threshold)) {
                    md5 m;
                    char hex[33], buf[128];
                    md5_init(&m);
                    for (int i = 0; i < n; i++) {
                        md5_update(&m, vals[i], strlen(vals[i]));
                        md5_update(&m, "\n", 1);
                    }
                    md5_hex(&m, hex);
                    snprintf(buf, sizeof buf, "%d values hashing to %s", n,
                             hex);
                    append(&got, &glen, buf);
                } else {
                    for (int i = 0; i < n; i++)
                        append(&got, &glen, vals[i]);
                }
                pass = (!got && !expect) ||
                       (got && expect && !strcmp(got, expect));
                for (int i = 0; i < n; i++)
                    free(vals[i]);
                free(vals);
            }
            if (pass) {
                c.passed++;
            } else {
                c.failed++;
                if (verbose || shown < 5) {
                    shown++;
                    printf("slt: %s: FAIL %s\n  %s\n  -> %s\n", path, head,
                           sql, got ? "wrong result" : last_error);
                }
            }
            free(got);
        }
        free(sql);
        free(expect);
    }
    fclose(fp);
    free(line);
    printf("slt: %s: %d passed, %d failed, %d skipped\n", path, c.passed,
           c.failed, c.skipped);
    tot->passed += c.passed;
    tot->failed += c.failed;
    tot->skipped += c.skipped;
    return true;
}

/* Records of each corpus file known to pass (a floor, raised as the
 * engine learns more: with subqueries, INTERSECT and EXCEPT every record
 * of select1-4 passes today). */
static const struct { const char *file; int floor; bool slow; } floors[] = {
    { "select1.test", 1031, false }, { "select2.test", 1031, false },
    { "select3.test", 3351, false }, { "select4.test", 3857, false },
    /* joins of up to 64 tables (comma joins in an order full of cross
     * products, which the optimizer's join order fixes): slt_select5 */
    { "select5.test", 1436, true },
};

#ifdef SLT_SELECT5
#define SLT_SLOW true
#else
#define SLT_SLOW false
#endif

int main(int argc, char **argv)
{
    long min = 0;
    int nfiles = 0, i = 1;
    counts tot = { 0, 0, 0 };
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "--min") && i + 1 < argc)
            min = atol(argv[++i]);
        else if (!strcmp(argv[i], "--verbose"))
            verbose = true;
    }
    SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &env);
    SQLSetEnvAttr(env, SQL_ATTR_ODBC_VERSION, (SQLPOINTER)SQL_OV_ODBC3, 0);
    SQLAllocHandle(SQL_HANDLE_DBC, env, &dbc);
    SQLRETURN rc = SQLDriverConnect(dbc, NULL, (SQLCHAR *)"DSN=jaffle_mesh;",
                                    SQL_NTS, NULL, 0, NULL,
                                    SQL_DRIVER_NOPROMPT);
    if (!SQL_SUCCEEDED(rc)) {
        fprintf(stderr, "slt: cannot connect to jaffle_mesh\n");
        return 1;
    }
    SQLAllocHandle(SQL_HANDLE_STMT, dbc, &st);
    /* a record the engine cannot finish in time counts as failed */
    SQLSetStmtAttr(st, SQL_ATTR_QUERY_TIMEOUT, (SQLPOINTER)(SQLULEN)RECORD_TIMEOUT_S,
                   0);
    if (i == argc) {
        char dir[3000], path[3100];
        const char *d = getenv("MESH_SLT_DIR");
        if (d)
            snprintf(dir, sizeof dir, "%s", d);
        else
            snprintf(dir, sizeof dir, "%s/../shared/sqllogictest",
                     getenv("top_srcdir") ? getenv("top_srcdir") : ".");
        for (size_t k = 0; k < sizeof floors / sizeof floors[0]; k++) {
            snprintf(path, sizeof path, "%s/%s", dir, floors[k].file);
            if (floors[k].slow != SLT_SLOW)
                continue;
            if (run_file(path, &tot)) {
                nfiles++;
                min += floors[k].floor;
            }
        }
    }
    for (; i < argc; i++)
        if (run_file(argv[i], &tot))
            nfiles++;
    exec_sql("use ordersdb.public");
    exec_sql("drop schema if exists ordersdb.slt cascade");
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    SQLDisconnect(dbc);
    SQLFreeHandle(SQL_HANDLE_DBC, dbc);
    SQLFreeHandle(SQL_HANDLE_ENV, env);
    if (nfiles == 0) {
        printf("slt: no sqllogictest file found: skipped\n");
        return 77;
    }
    printf("slt: total: %d passed, %d failed, %d skipped\n", tot.passed,
           tot.failed, tot.skipped);
    if (tot.passed < min) {
        printf("slt: FAIL: %d records passed, the floor is %ld\n",
               tot.passed, min);
        return 1;
    }
    return 0;
}
