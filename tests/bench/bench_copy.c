/*
 * tests/bench/bench_copy.c
 *   Benchmark client, not a test: the raw-COPY peer of run_mesh_bench.sh.
 *   Reads `COPY (SQL) TO STDOUT (FORMAT binary)` with libpq straight from
 *   one PostgreSQL server, the floor any driver reading the same rows
 *   over the same wire pays. Timed like bench_mesh: the connection is made
 *   and a warm-up statement run untimed; the clock covers sending the
 *   COPY to the last message received. Each row's message is walked
 *   (field count and lengths) so that the client does the least decoding
 *   work, not none; values are not converted.
 *   Prints: rows <n> secs <s> rss_kb <peak RSS>
 * Usage: bench_copy CONNINFO SQL
 * Exit status 0, or 1 with libpq's message on stderr.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <sys/resource.h>
#include <libpq-fe.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Rows in one CopyData message (0 for the header alone or the trailer):
 * skips the 19-byte header if present, then each row's fields. */
static long count_rows(const char *buf, int n, int *bad)
{
    static const char sig[11] = "PGCOPY\n\377\r\n";
    long rows = 0;
    int p = 0;
    if (n >= 19 && memcmp(buf, sig, 11) == 0) {
        uint32_t ext;
        memcpy(&ext, buf + 15, 4);
        p = 19 + (int)ntohl(ext);
    }
    while (p + 2 <= n) {
        uint16_t nf;
        memcpy(&nf, buf + p, 2);
        p += 2;
        if ((int16_t)ntohs(nf) == -1)
            return rows;                 /* trailer */
        for (int f = 0; f < (int16_t)ntohs(nf); f++) {
            uint32_t len;
            if (p + 4 > n) {
                *bad = 1;
                return rows;
            }
            memcpy(&len, buf + p, 4);
            p += 4;
            if ((int32_t)ntohl(len) > 0)
                p += (int32_t)ntohl(len);
        }
        rows++;
    }
    return rows;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: bench_copy CONNINFO SQL\n");
        return 1;
    }
    PGconn *c = PQconnectdb(argv[1]);
    if (PQstatus(c) != CONNECTION_OK) {
        fprintf(stderr, "connect: %s", PQerrorMessage(c));
        return 1;
    }
    PGresult *r = PQexec(c, "select 1");     /* warm-up, untimed */
    PQclear(r);
    size_t n = strlen(argv[2]) + 64;
    char *sql = malloc(n);
    if (!sql)
        return 1;
    snprintf(sql, n, "COPY (%s) TO STDOUT (FORMAT binary)", argv[2]);

    double t0 = now();
    r = PQexec(c, sql);
    if (PQresultStatus(r) != PGRES_COPY_OUT) {
        fprintf(stderr, "copy: %s", PQerrorMessage(c));
        return 1;
    }
    PQclear(r);
    long rows = 0;
    int bad = 0, len;
    char *buf;
    while ((len = PQgetCopyData(c, &buf, 0)) > 0) {
        rows += count_rows(buf, len, &bad);
        PQfreemem(buf);
    }
    r = PQgetResult(c);
    if (len != -1 || PQresultStatus(r) != PGRES_COMMAND_OK || bad) {
        fprintf(stderr, "copy end: %s", PQerrorMessage(c));
        return 1;
    }
    PQclear(r);
    double secs = now() - t0;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("rows %ld secs %.3f rss_kb %ld\n", rows, secs, ru.ru_maxrss);
    free(sql);
    PQfinish(c);
    return 0;
}
