/*
 * driver/trace.c
 *   The driver's trace: each ODBC call (entry and return code), the SQL
 *   each catalog was sent with its rows and elapsed time, connection
 *   strings with their passwords masked. Two switches: the environment
 *   variable MESHODBC_TRACE (a file for the whole process) and the DSN /
 *   connection-string keys Trace=yes and TraceFile= (a file for that
 *   connection's calls). Never stdout. The application's SQL (SQLPrepare,
 *   SQLExecDirect) is logged as written: parameter values never are, so
 *   the SQL a catalog was sent for a statement with parameters (where
 *   they may travel as literals) is logged with its literals masked.
 * Interface: trace_open, trace_open_reason, trace_release, trace_bind,
 *   trace_attach, trace_call, trace_return, trace_log, trace_sql,
 *   trace_mask_values, trace_connstr, trace_on.
 * Not here: the driver manager's own tracing (SQL_ATTR_TRACE); timing
 *   the remote statements (the connectors, through engine/common/trace.h).
 *
 * Files: one trace_sink per path, shared and reference-counted, so two
 * connections tracing to one file share one FILE and their lines never
 * interleave mid-line; the process-wide one (MESHODBC_TRACE) is opened on
 * first use and kept. Which connection a line belongs to: each entry
 * point binds its connection's sink to the calling thread (trace_bind,
 * from api_exit.c, under the connection's lock) and unbinds it on return,
 * so code below the entry points (diag.c, the engine's remote-SQL hook)
 * writes to the right file without being told. A bound sink holds a
 * reference, so a disconnect inside a call does not close the file under
 * the call's own return line. One mutex guards the sinks and every
 * write. Tracing off costs a test of two pointers.
 *
 * A trace file usually lives in a directory every user can write (the
 * default is /tmp/meshodbc_trace.log), and it holds SQL: it is opened
 * without following a symbolic link, created with mode 0600, and used
 * only when it is a regular file owned by the process's user, so nobody
 * can point it at another file or pre-create it to read it.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include "driver.h"

/* One open trace file; eng_malloc'ed, freed when refs drops to 0. */
struct trace_sink {
    char *path;
    FILE *f;
    int refs;
    struct trace_sink *next;
};

static pthread_once_t once = PTHREAD_ONCE_INIT;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct trace_sink *env_sink;   /* MESHODBC_TRACE; never closed */
static struct trace_sink *sinks;      /* the per-connection ones */
static _Thread_local struct trace_sink *cur;   /* bound by trace_bind */
static _Thread_local const char *cur_fn;       /* the call being traced */
/* the call's statement has parameters: mask literals in remote SQL */
static _Thread_local bool cur_mask;

static void remote_hook(const char *catalog, const char *sql, int64_t rows,
                        double ms, const char *outcome);
static void install_hooks(void);

/* Longest application SQL text the trace shows (the rest is counted). */
#define TRACE_SQL_MAX 4096

/*
 * Opens path for appending, safely in a shared directory (see the top of
 * the file): O_NOFOLLOW, created 0600, and only a regular file owned by
 * the effective user. Returns NULL with errno set: ELOOP for a symbolic
 * link, EPERM for a file that is not a regular file or not ours, ENXIO
 * for a FIFO nobody reads, or what open() said.
 */
static FILE *open_trace_file(const char *path)
{
    /* O_NONBLOCK: opening a FIFO must not hang; it is refused below */
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW |
                            O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0600);
    if (fd < 0)
        return NULL;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
        st.st_uid != geteuid()) {
        close(fd);
        errno = EPERM;
        return NULL;
    }
    FILE *f = fdopen(fd, "a");
    if (!f) {
        int e = errno;
        close(fd);
        errno = e;
    }
    return f;
}

/* Why a trace file could not be opened, from trace_open's errno. */
const char *trace_open_reason(int err)
{
    switch (err) {
    case ELOOP:
        return "it is a symbolic link, which the trace never follows";
    case EPERM:
        return "it is not a regular file owned by this user";
    case ENXIO:   /* a FIFO without a reader (O_NONBLOCK), or a device */
        return "it is not a regular file";
    case ENOMEM:
        return "out of memory";
    case EACCES:
        return "permission denied";
    case ENOENT:
        return "no such directory";
    default:
        return "it cannot be opened for appending";
    }
}

/* Opens the process-wide trace file named by MESHODBC_TRACE, if any. The
 * sink is static: it lives as long as the process. */
static void open_env_trace(void)
{
    static struct trace_sink s;
    const char *path = getenv("MESHODBC_TRACE");
    if (!path || !*path)
        return;
    s.f = open_trace_file(path);
    if (!s.f)
        return;
    static char path_copy[4096];
    snprintf(path_copy, sizeof path_copy, "%s", path);
    s.path = path_copy;
    s.refs = 1;
    env_sink = &s;
    install_hooks();
}

/* True when this thread's lines go anywhere. */
bool trace_on(void)
{
    pthread_once(&once, open_env_trace);
    return env_sink || cur;
}

/*
 * A sink for path (opened in append mode by open_trace_file, or shared
 * with a connection that already traces there), holding one reference;
 * NULL when the file cannot be opened or on OOM (errno tells which:
 * ENOMEM for OOM; trace_open_reason words it).
 */
trace_sink *trace_open(const char *path)
{
    pthread_once(&once, open_env_trace);
    pthread_mutex_lock(&mu);
    struct trace_sink *s;
    for (s = sinks; s; s = s->next)
        if (strcmp(s->path, path) == 0)
            break;
    if (s) {
        s->refs++;
    } else if ((s = eng_calloc(1, sizeof *s)) == NULL) {
        errno = ENOMEM;
    } else {
        s->path = eng_strdup(path);
        s->f = s->path ? open_trace_file(path) : NULL;
        if (!s->f) {
            int e = s->path ? errno : ENOMEM;
            eng_free(s->path);
            eng_free(s);
            s = NULL;
            errno = e;
        } else {
            s->refs = 1;
            s->next = sinks;
            sinks = s;
        }
    }
    pthread_mutex_unlock(&mu);
    if (s)
        install_hooks();
    return s;
}

/* Drops one reference (mu held); the last one closes the file. */
static void release_locked(struct trace_sink *s)
{
    if (!s || s == env_sink || --s->refs > 0)
        return;
    struct trace_sink **pp = &sinks;
    while (*pp && *pp != s)
        pp = &(*pp)->next;
    if (*pp)
        *pp = s->next;
    fclose(s->f);
    eng_free(s->path);
    eng_free(s);
}

/* Drops the reference trace_open gave. NULL allowed. */
void trace_release(trace_sink *s)
{
    if (!s)
        return;
    pthread_mutex_lock(&mu);
    release_locked(s);
    pthread_mutex_unlock(&mu);
}

/* Makes s (NULL: none) the calling thread's connection sink, holding a
 * reference to it until the next bind. */
void trace_bind(trace_sink *s)
{
    if (s == cur)
        return;
    pthread_mutex_lock(&mu);
    if (s)
        s->refs++;
    release_locked(cur);
    cur = s;
    pthread_mutex_unlock(&mu);
}

/* Writes one line, with time and thread, to f (mu held). */
static void put_line(FILE *f, const char *fmt, va_list ap)
{
    struct timeval tv;
    struct tm tm;
    gettimeofday(&tv, NULL);
    localtime_r(&tv.tv_sec, &tm);
    fprintf(f, "%02d:%02d:%02d.%06ld [%ld] ", tm.tm_hour, tm.tm_min,
            tm.tm_sec, (long)tv.tv_usec, (long)syscall(SYS_gettid));
    vfprintf(f, fmt, ap);
    fputc('\n', f);
    fflush(f);
}

/* put_line with its arguments inline (mu held). */
static void put_linef(FILE *f, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void put_linef(FILE *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    put_line(f, fmt, ap);
    va_end(ap);
}

/* Writes one printf-style line to the process-wide file and to this
 * thread's connection file (each once), if tracing is on. */
void trace_log(const char *fmt, ...)
{
    if (!trace_on())
        return;
    va_list ap;
    pthread_mutex_lock(&mu);
    if (env_sink) {
        va_start(ap, fmt);
        put_line(env_sink->f, fmt, ap);
        va_end(ap);
    }
    if (cur && !(env_sink && strcmp(cur->path, env_sink->path) == 0)) {
        va_start(ap, fmt);
        put_line(cur->f, fmt, ap);
        va_end(ap);
    }
    pthread_mutex_unlock(&mu);
}

/*
 * Logs the application's SQL text (n bytes) as one line
 * "  <what>: <sql>": line breaks and other control characters become
 * spaces so the line stays one line, and past TRACE_SQL_MAX bytes the
 * rest is only counted. The text is the statement as the application
 * wrote it, with its parameter markers; values bound to them are never
 * logged.
 */
void trace_sql(const char *what, const char *sql, size_t n)
{
    if (!trace_on() || !sql)
        return;
    size_t shown = n > TRACE_SQL_MAX ? TRACE_SQL_MAX : n;
    char *m = eng_malloc(shown + 1);
    if (!m)
        return;
    for (size_t i = 0; i < shown; i++)
        m[i] = (unsigned char)sql[i] < 0x20 || sql[i] == 0x7f ? ' ' : sql[i];
    m[shown] = '\0';
    if (shown < n)
        trace_log("  %s (%zu bytes, the first %zu shown): %s", what, n,
                  shown, m);
    else
        trace_log("  %s: %s", what, m);
    eng_free(m);
}

/* Entry of an ODBC call on handle h: binds its connection's sink and
 * logs "fn(kind=h)". */
void trace_call(trace_sink *s, const char *fn, const char *kind, void *h)
{
    trace_bind(s);
    cur_fn = fn;
    trace_log("%s(%s=%p)", fn, kind, h);
}

/* Binds s in the middle of a call (the connect that turned Trace on)
 * and logs the call's entry line to it, which it missed. */
void trace_attach(trace_sink *s, const char *kind, void *h)
{
    trace_bind(s);
    if (s && cur_fn) {
        pthread_mutex_lock(&mu);
        put_linef(s->f, "%s(%s=%p): Trace=yes, file %s", cur_fn, kind, h,
                  s->path);
        pthread_mutex_unlock(&mu);
    }
}

/* The name of an ODBC return code, for the trace. */
static const char *rc_name(SQLRETURN rc)
{
    switch (rc) {
    case SQL_SUCCESS: return "SQL_SUCCESS";
    case SQL_SUCCESS_WITH_INFO: return "SQL_SUCCESS_WITH_INFO";
    case SQL_NO_DATA: return "SQL_NO_DATA";
    case SQL_ERROR: return "SQL_ERROR";
    case SQL_INVALID_HANDLE: return "SQL_INVALID_HANDLE";
    case SQL_NEED_DATA: return "SQL_NEED_DATA";
    case SQL_STILL_EXECUTING: return "SQL_STILL_EXECUTING";
    default: return "?";
    }
}

/* Return of the call trace_call began: logs "fn -> code" and unbinds. */
void trace_return(SQLRETURN rc)
{
    trace_log("%s -> %d %s", cur_fn ? cur_fn : "?", (int)rc, rc_name(rc));
    cur_fn = NULL;
    cur_mask = false;
    trace_bind(NULL);
}

/*
 * For the rest of the current call: the statements it may end have
 * parameters, so the remote SQL logged meanwhile (here, or by the scan
 * reader threads the call starts) masks its literals, where parameter
 * values may travel. Set on entry by api_exit.c.
 */
void trace_mask_values(bool on)
{
    cur_mask = on;
}

/*
 * The engine's thread context (engine/common/trace.h): a scan reader
 * thread binds the sink of the connection that started it, holding a
 * reference until it unbinds, and the masking of the call that started
 * it. Both travel in one pointer: sinks are eng_malloc'ed, so aligned,
 * and the low bit carries cur_mask.
 */
static void *ctx_get(void)
{
    return cur ? (void *)((uintptr_t)cur | (cur_mask ? 1u : 0u)) : NULL;
}

static void ctx_set(void *ctx)
{
    trace_bind((trace_sink *)((uintptr_t)ctx & ~(uintptr_t)1));
    cur_mask = ((uintptr_t)ctx & 1u) != 0;
}

/*
 * sql with every literal masked: a quoted string becomes '?', a number
 * standing alone ?. Double-quoted identifiers stay as they are. Returns
 * an eng_malloc'ed string, or NULL on OOM.
 */
static char *mask_literals(const char *sql)
{
    size_t n = strlen(sql);
    char *m = eng_malloc(n + 1);   /* masking never lengthens */
    if (!m)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        char ch = sql[i];
        if (ch == '"' || ch == '\'') {
            size_t j = i + 1;   /* the closing quote ('' and "" doubled) */
            while (j < n && !(sql[j] == ch && (j + 1 >= n || sql[j + 1] != ch)))
                j += sql[j] == ch ? 2 : 1;
            if (ch == '"') {
                memcpy(m + o, sql + i, (j < n ? j + 1 : n) - i);
                o += (j < n ? j + 1 : n) - i;
            } else {
                memcpy(m + o, "'?'", 3);
                o += 3;
            }
            i = j < n ? j + 1 : n;
        } else if (isdigit((unsigned char)ch) &&
                   (i == 0 || !(isalnum((unsigned char)sql[i - 1]) ||
                                sql[i - 1] == '_' || sql[i - 1] == '$'))) {
            while (i < n && (isdigit((unsigned char)sql[i]) || sql[i] == '.'))
                i++;
            m[o++] = '?';
        } else {
            m[o++] = sql[i++];
        }
    }
    m[o] = '\0';
    return m;
}

/* Installs the remote-SQL hook and the thread-context functions. */
static void install_hooks(void)
{
    eng_set_trace_context(ctx_get, ctx_set);
    eng_set_remote_trace(remote_hook);
}

/* The engine's remote-SQL hook (engine/common/trace.h): one line per
 * statement a catalog was sent, to the calling thread's files. */
static void remote_hook(const char *catalog, const char *sql, int64_t rows,
                        double ms, const char *outcome)
{
    char *masked = NULL;
    if (cur_mask && trace_on()) {
        masked = mask_literals(sql);
        sql = masked ? masked : "(not shown: out of memory)";
    }
    if (rows >= 0)
        trace_log("  remote %s: %lld rows, %.3f ms%s%s: %s", catalog,
                  (long long)rows, ms, outcome ? ", " : "",
                  outcome ? outcome : "", sql);
    else
        trace_log("  remote %s: %.3f ms%s%s: %s", catalog, ms,
                  outcome ? ", " : "", outcome ? outcome : "", sql);
    eng_free(masked);
}

/* True if the key (n bytes) names a password or a token. */
static bool secret_key(const char *k, size_t n)
{
    while (n && isspace((unsigned char)*k)) {
        k++;
        n--;
    }
    while (n && isspace((unsigned char)k[n - 1]))
        n--;
    return (n == 3 && strncasecmp(k, "pwd", 3) == 0) ||
           (n == 8 && strncasecmp(k, "password", 8) == 0) ||
           (n == 11 && strncasecmp(k, "accesstoken", 11) == 0);
}

/*
 * Logs a connection string (len bytes) with password and token values
 * replaced by "***", braced values included.
 */
void trace_connstr(const char *what, const char *s, size_t len)
{
    if (!trace_on() || !s)
        return;
    char *m = eng_malloc(2 * len + 4);   /* each secret grows by <= 3 */
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
                /* always three stars: the length is not told either */
                memcpy(m + o, "***", 3);
                o += 3;
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
