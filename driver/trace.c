/*
 * driver/trace.c
 *   Optional call logging to the file named by the environment variable
 *   MESHODBC_TRACE (never stdout). Connection strings are logged with the
 *   values of password keys (PWD, Password) masked.
 * Interface: trace_log, trace_connstr, trace_on.
 * Not here: the driver manager's own tracing (SQL_ATTR_TRACE).
 *
 * The file is opened once, on first use, in append mode; a mutex keeps
 * lines from different threads whole. Tracing off costs one test.
 */
#include <ctype.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "driver.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static FILE *out;

/* Opens the trace file named by MESHODBC_TRACE, if any. */
static void open_trace(void)
{
    const char *path = getenv("MESHODBC_TRACE");
    if (path && *path)
        out = fopen(path, "a");
}

/* True when tracing is on. */
bool trace_on(void)
{
    pthread_once(&once, open_trace);
    return out != NULL;
}

/* Writes one printf-style line to the trace file (if tracing is on). */
void trace_log(const char *fmt, ...)
{
    if (!trace_on())
        return;
    va_list ap;
    va_start(ap, fmt);
    pthread_mutex_lock(&mu);
    vfprintf(out, fmt, ap);
    fputc('\n', out);
    fflush(out);
    pthread_mutex_unlock(&mu);
    va_end(ap);
}

/* True if the key (n bytes) names a password. */
static bool secret_key(const char *k, size_t n)
{
    while (n && isspace((unsigned char)*k)) {
        k++;
        n--;
    }
    while (n && isspace((unsigned char)k[n - 1]))
        n--;
    return (n == 3 && strncasecmp(k, "pwd", 3) == 0) ||
           (n == 8 && strncasecmp(k, "password", 8) == 0);
}

/*
 * Logs a connection string (len bytes) with password values replaced
 * by "***", braced values included.
 */
void trace_connstr(const char *what, const char *s, size_t len)
{
    if (!trace_on() || !s)
        return;
    char *m = eng_malloc(len + 1);
    if (!m)
        return;
    size_t o = 0, i = 0;
    while (i < len) {
        size_t k = i;
        while (i < len && s[i] != '=' && s[i] != ';')
            m[o++] = s[i++];
        bool secret = secret_key(s + k, i - k);
        if (i < len && s[i] == '=') {
            m[o++] = s[i++];
            size_t v = i;
            if (i < len && s[i] == '{') {
                i++;
                while (i < len) {
                    if (s[i] == '}' && i + 1 < len && s[i + 1] == '}')
                        i += 2;
                    else if (s[i++] == '}')
                        break;
                }
            }
            while (i < len && s[i] != ';')
                i++;
            if (secret) {
                const char *mask = "***";
                size_t mn = i - v < 3 ? i - v : 3;
                memcpy(m + o, mask, mn);
                o += mn;
            } else {
                memcpy(m + o, s + v, i - v);
                o += i - v;
            }
        }
        if (i < len)
            m[o++] = s[i++];
    }
    m[o] = '\0';
    trace_log("%s: %s", what, m);
    eng_free(m);
}
