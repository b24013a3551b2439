/*
 * tests/oom/test_oom_session.c
 *   The seed session under allocation failure, end to end: the driver's
 *   SQL* functions called directly (linked from libmeshdriver.la and
 *   libmeshengine.la, no driver manager) against the live test mesh, with
 *   the Nth engine/driver allocation made to fail for N = 1, 2, 3, ...
 *   until a session completes without reaching N (style rule 10).
 * Interface: main (a TESTS program run by tests/odbc/run_odbc_tests.sh,
 *   which sources the cluster's env.sh: MESH_CATALOGS, top_srcdir).
 * Not here: the allocator and its injection counter (engine/mem/alloc.c).
 *
 * One session: SQLAllocHandle(ENV), SQLSetEnvAttr(ODBC3), SQLAllocHandle(DBC),
 * SQLDriverConnect("Driver=MeshODBC;Catalogs=$MESH_CATALOGS"),
 * SQLAllocHandle(STMT), then six statements (the three counts, both
 * jaffle_shop models and a count over customersdb.information_schema.columns,
 * which the system catalog answers), each executed, described, fetched row by row with
 * SQLGetData(SQL_C_CHAR) and compared value by value with what it must
 * return; then three more driver paths: a prepared statement with bound
 * parameters and columns, SQLExecDirectW with SQL_C_WCHAR data, and
 * SQLColumns.
 *
 * The loop runs twice, once per kind of failure:
 *   - from N on (eng_alloc_fail_at): the Nth allocation and every later one
 *     fail; the session stops at the first step that fails;
 *   - once (eng_alloc_fail_once): only the Nth fails; the session goes on,
 *     so the paths that continue after an error run with memory back.
 * A step either succeeds with exactly the right results, or returns
 * SQL_ERROR whose first diagnostic is HY001 with a message (an env that
 * cannot be allocated has no handle to hold one).  Anything else is a bug:
 * another return code or SQLSTATE, a wrong value, a second HY001 when
 * only one allocation failed, a crash.  After an HY001 the failed step is
 * run again on the same handles with memory back: it must now succeed with
 * the right results (an OOM leaves no handle half broken).  Finally every
 * allocation is made to fail and all handles are released
 * (SQLFreeStmt(SQL_CLOSE), SQLFreeHandle(STMT), SQLDisconnect,
 * SQLFreeHandle(DBC), SQLFreeHandle(ENV)): each must return SQL_SUCCESS,
 * since releasing must never need memory.  Leaks are caught by valgrind
 * (make check-valgrind) or LeakSanitizer (the sanitizer build), which see
 * every run's leftovers at exit.
 *
 * Which N are run: a first run without injection counts the session's
 * allocations and records the call stack of each (eng_alloc_observe,
 * backtrace: the innermost SITE_FRAMES return addresses). By default an N
 * runs only when its stack is new: the first allocation of each distinct
 * call stack fails, once per loop, and the later ones from the same stack
 * (the same line reached again by the same callers: the next row, the
 * next batch, the second of two equal statements) are not failed again,
 * since they take the same error path. The seed session's 408
 * allocations come from 184 distinct stacks: 185 runs a loop instead of
 * 409 (one pair on a loaded machine: 352 s for every N, 128 s so), every
 * distinct path kept. Environment:
 *   MESH_OOM_ALL=1     run every N (each allocation failing in turn).
 *   MESH_OOM_STRIDE=S  after the first MESH_OOM_DENSE (default 2000) values
 *                      of N, run only every S-th one (default 1: all).
 *                      make check-valgrind sets both, since a run there is
 *                      ~30x slower.  The last N (the allocation count)
 *                      always runs.
 *   MESH_OOM_MODE=from|once|both  which loops run (default both).
 *   MESH_OOM_ONLY=N    run that one N only (with MESH_OOM_MODE=once: that
 *                      allocation only), to debug a failure.
 *   MESH_OOM_VERBOSE=1 print each run's outcome on stderr.
 * Output: one summary line per loop on stdout; each bug on stderr with its N.
 * Exit status: 0 if every run ended well, 1 otherwise, 77 (skip) when the
 *   mesh's environment is missing.
 */
#include <execinfo.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sql.h>
#include <sqlext.h>

#include "mem/arena.h"
#include "tests/odbc/odbc_util.h"

enum outcome { RUN_OK, RUN_OOM, RUN_BUG };

/* One statement of the session and the result it must give. */
typedef struct query {
    const char *label;
    char *sql;            /* malloc'ed */
    ou_result want;       /* names are checked when want.names is set */
} query;

/* The handles of one session; SQL_NULL_HANDLE when not (yet) allocated. */
typedef struct session {
    SQLHENV env;
    SQLHDBC dbc;
    SQLHSTMT stmt;
    bool connected;
} session;

#define NQUERIES 6
static query queries[NQUERIES];
static char connstr[4096];
static volatile long current_n; /* for the crash handler */
static volatile bool current_once;
static bool verbose;

/* The call stacks of the measuring run's allocations: site[n - 1] a hash
 * of allocation n's innermost SITE_FRAMES return addresses (0: beyond
 * MAX_SITES, always run). Written by the observer, which must not go
 * through eng_malloc (backtrace uses the C library's own). */
#define SITE_FRAMES 24
#define MAX_SITES (1L << 16)
static uint64_t site[MAX_SITES];

static void record_site(long n)
{
    void *frames[SITE_FRAMES];
    int k = backtrace(frames, SITE_FRAMES);
    uint64_t h = 1469598103934665603ULL;      /* FNV-1a over the frames */
    for (int i = 0; i < k; i++) {
        h ^= (uint64_t)(uintptr_t)frames[i];
        h *= 1099511628211ULL;
    }
    if (n >= 1 && n <= MAX_SITES)
        site[n - 1] = h ? h : 1;
}

/* Marks in first[n] (n = 1 .. total) the allocations whose stack has not
 * been seen before n; returns how many. first is calloc'ed (free it). */
static long first_sites(long total, bool **first)
{
    long distinct = 0;
    *first = calloc((size_t)total + 2, sizeof **first);
    if (!*first)
        return -1;
    for (long n = 1; n <= total; n++) {
        bool seen = false;
        if (n <= MAX_SITES && site[n - 1])
            for (long m = 1; m < n && !seen; m++)
                seen = site[m - 1] == site[n - 1];
        (*first)[n] = !seen;
        distinct += !seen;
    }
    return distinct;
}

/* The steps of a session, in order: handles, the six queries,
 * then three more paths through the driver (prepared with bound columns,
 * UTF-16, a catalog function). */
enum step { S_ENV, S_ENVATTR, S_DBC, S_CONNECT, S_STMT, S_QUERY0,
            S_PREPARED = S_QUERY0 + NQUERIES, S_WIDE, S_COLUMNS, S_END };

/* Returns the name of step k for messages (a static string). */
static const char *step_name(int k)
{
    static const char *names[] = { "SQLAllocHandle(ENV)", "SQLSetEnvAttr",
                                   "SQLAllocHandle(DBC)", "SQLDriverConnect",
                                   "SQLAllocHandle(STMT)" };
    if (k < S_QUERY0)
        return names[k];
    if (k < S_PREPARED)
        return queries[k - S_QUERY0].label;
    return k == S_PREPARED ? "SQLPrepare/SQLExecute, SQLBindCol"
         : k == S_WIDE ? "SQLExecDirectW, SQL_C_WCHAR" : "SQLColumns";
}

/*
 * Judges a failed call on handle h (of type htype): an SQL_ERROR whose first
 * record is HY001 with a non-empty message is RUN_OOM; anything else is a
 * bug, printed with what and N.
 */
static enum outcome judge_failure(SQLRETURN rc, SQLSMALLINT htype, SQLHANDLE h,
                                  const char *what)
{
    SQLCHAR state[6] = "", msg[1024] = "";
    SQLINTEGER native = 0;
    SQLSMALLINT len = 0;

    if (rc == SQL_ERROR && h != SQL_NULL_HANDLE) {
        SQLRETURN drc = SQLGetDiagRec(htype, h, 1, state, &native, msg,
                                      sizeof msg, &len);
        if (SQL_SUCCEEDED(drc) && !strcmp((char *)state, "HY001") && msg[0])
            return RUN_OOM;
    }
    fprintf(stderr, "BUG at N=%ld: %s returned %d, diagnostic %s: %s\n",
            current_n, what, (int)rc, state[0] ? (char *)state : "(none)",
            msg[0] ? (char *)msg : "(none)");
    return RUN_BUG;
}

/* Compares one fetched value (NULL for SQL NULL) with the expected one. */
static bool same_value(const char *got, const char *want)
{
    if (!got || !want)
        return got == want;
    return !strcmp(got, want);
}

/*
 * Runs query q on s->stmt: execute, describe, fetch every row and compare
 * every value. Returns RUN_OK, RUN_OOM (an HY001 error at some call; the
 * cursor is closed) or RUN_BUG (printed).
 */
static enum outcome run_query(session *s, const query *q)
{
    SQLHSTMT st = s->stmt;
    SQLSMALLINT ncols = 0;
    SQLRETURN rc;
    enum outcome out = RUN_OK;
    int row = 0;

    rc = SQLExecDirect(st, (SQLCHAR *)q->sql, SQL_NTS);
    if (rc != SQL_SUCCESS) {
        out = judge_failure(rc, SQL_HANDLE_STMT, st, q->label);
        goto done;
    }
    rc = SQLNumResultCols(st, &ncols);
    if (rc != SQL_SUCCESS) {
        out = judge_failure(rc, SQL_HANDLE_STMT, st, "SQLNumResultCols");
        goto done;
    }
    if (ncols != q->want.ncols) {
        fprintf(stderr, "BUG at N=%ld: %s: %d columns, expected %d\n",
                current_n, q->label, (int)ncols, q->want.ncols);
        out = RUN_BUG;
        goto done;
    }
    for (int c = 0; c < ncols && q->want.names; c++) {
        SQLCHAR name[256];
        SQLSMALLINT nlen, type, dec, nul;
        SQLULEN size;
        rc = SQLDescribeCol(st, (SQLUSMALLINT)(c + 1), name, sizeof name, &nlen,
                            &type, &size, &dec, &nul);
        if (rc != SQL_SUCCESS) {
            out = judge_failure(rc, SQL_HANDLE_STMT, st, "SQLDescribeCol");
            goto done;
        }
        if (strcmp((char *)name, q->want.names[c])) {
            fprintf(stderr, "BUG at N=%ld: %s: column %d is '%s', expected '%s'\n",
                    current_n, q->label, c + 1, (char *)name, q->want.names[c]);
            out = RUN_BUG;
            goto done;
        }
    }
    for (;;) {
        rc = SQLFetch(st);
        if (rc == SQL_NO_DATA)
            break;
        if (rc != SQL_SUCCESS) {
            out = judge_failure(rc, SQL_HANDLE_STMT, st, "SQLFetch");
            goto done;
        }
        if (row >= q->want.nrows) {
            fprintf(stderr, "BUG at N=%ld: %s: more than %d rows\n", current_n,
                    q->label, q->want.nrows);
            out = RUN_BUG;
            goto done;
        }
        for (int c = 0; c < ncols; c++) {
            char buf[4096];
            SQLLEN ind = 0;
            rc = SQLGetData(st, (SQLUSMALLINT)(c + 1), SQL_C_CHAR, buf, sizeof buf, &ind);
            if (rc != SQL_SUCCESS) {
                out = judge_failure(rc, SQL_HANDLE_STMT, st, "SQLGetData");
                goto done;
            }
            const char *got = ind == SQL_NULL_DATA ? NULL : buf;
            const char *want = q->want.cells[row * ncols + c];
            if (!same_value(got, want)) {
                fprintf(stderr, "BUG at N=%ld: %s: row %d column %d is '%s', "
                        "expected '%s'\n", current_n, q->label, row + 1, c + 1,
                        got ? got : "NULL", want ? want : "NULL");
                out = RUN_BUG;
                goto done;
            }
        }
        row++;
    }
    if (row != q->want.nrows) {
        fprintf(stderr, "BUG at N=%ld: %s: %d rows, expected %d\n", current_n,
                q->label, row, q->want.nrows);
        out = RUN_BUG;
    }
done:
    rc = SQLFreeStmt(st, SQL_CLOSE);
    if (rc != SQL_SUCCESS) {
        fprintf(stderr, "BUG at N=%ld: SQLFreeStmt(SQL_CLOSE) after %s returned %d\n",
                current_n, q->label, (int)rc);
        out = RUN_BUG;
    }
    return out;
}

/* Evaluates a statement call; a failure leaves the step through `done`. */
#define STMT_CALL(call, what)                                             \
    do {                                                                  \
        SQLRETURN rc_ = (call);                                           \
        if (rc_ != SQL_SUCCESS) {                                         \
            out = judge_failure(rc_, SQL_HANDLE_STMT, st, what);          \
            goto done;                                                    \
        }                                                                 \
    } while (0)

/* Reports a wrong value of an extra step as a bug. */
#define EXPECT(cond, ...)                                                 \
    do {                                                                  \
        if (!(cond)) {                                                    \
            fprintf(stderr, "BUG at N=%ld: ", current_n);                 \
            fprintf(stderr, __VA_ARGS__);                                 \
            fputc('\n', stderr);                                          \
            out = RUN_BUG;                                                \
            goto done;                                                    \
        }                                                                 \
    } while (0)

/*
 * The extra steps: (S_PREPARED) SQLPrepare, SQLNumResultCols before
 * execution, three SQLBindParameter, SQLExecute, two SQLBindCol columns,
 * SQLFetch;
 * (S_WIDE) SQLExecDirectW and SQLGetData(SQL_C_WCHAR); (S_COLUMNS)
 * SQLColumns on customersdb.public.customers. Each ends with the cursor
 * closed and nothing bound. Returns RUN_OK, RUN_OOM or RUN_BUG.
 */
static enum outcome run_extra(session *s, int k)
{
    SQLHSTMT st = s->stmt;
    enum outcome out = RUN_OK;
    SQLLEN ind1 = 0, ind2 = 0;
    SQLRETURN rc;

    if (k == S_PREPARED) {
        char first[64] = "", last[64] = "";
        SQLSMALLINT ncols = 0;
        /* three markers: typed by a column (integer, varchar) and untyped
         * (the statement is bound again with the bound SQL type) */
        SQLINTEGER id = 7, one = 1;
        SQLLEN nts = SQL_NTS;
        char lname[] = "M.";
        STMT_CALL(SQLPrepare(st, (SQLCHAR *)"select first_name, last_name from "
                             "customersdb.public.customers where id = ? and "
                             "last_name = ? and ? is not null", SQL_NTS),
                  "SQLPrepare");
        STMT_CALL(SQLNumResultCols(st, &ncols), "SQLNumResultCols (prepared)");
        EXPECT(ncols == 2, "prepared: %d columns, expected 2", (int)ncols);
        STMT_CALL(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG,
                                   SQL_INTEGER, 0, 0, &id, 0, NULL),
                  "SQLBindParameter");
        STMT_CALL(SQLBindParameter(st, 2, SQL_PARAM_INPUT, SQL_C_CHAR,
                                   SQL_VARCHAR, 10, 0, lname, sizeof lname,
                                   &nts), "SQLBindParameter");
        STMT_CALL(SQLBindParameter(st, 3, SQL_PARAM_INPUT, SQL_C_SLONG,
                                   SQL_INTEGER, 0, 0, &one, 0, NULL),
                  "SQLBindParameter");
        STMT_CALL(SQLExecute(st), "SQLExecute");
        STMT_CALL(SQLBindCol(st, 1, SQL_C_CHAR, first, sizeof first, &ind1), "SQLBindCol");
        STMT_CALL(SQLBindCol(st, 2, SQL_C_CHAR, last, sizeof last, &ind2), "SQLBindCol");
        STMT_CALL(SQLFetch(st), "SQLFetch (prepared)");
        EXPECT(!strcmp(first, "Martin") && !strcmp(last, "M."),
               "customer 7 is '%s %s', expected 'Martin M.'", first, last);
        rc = SQLFetch(st);
        if (rc != SQL_NO_DATA)
            STMT_CALL(rc, "SQLFetch (prepared, the end)");
        EXPECT(rc == SQL_NO_DATA, "a second row for customer 7");
    } else if (k == S_WIDE) {
        const char *sql = "select count(*) from ordersdb.public.orders where status = 'completed'";
        SQLWCHAR wsql[128], wval[32];
        size_t i;
        for (i = 0; sql[i]; i++)
            wsql[i] = (SQLWCHAR)sql[i];
        wsql[i] = 0;
        STMT_CALL(SQLExecDirectW(st, wsql, SQL_NTS), "SQLExecDirectW");
        STMT_CALL(SQLFetch(st), "SQLFetch (wide)");
        STMT_CALL(SQLGetData(st, 1, SQL_C_WCHAR, wval, sizeof wval, &ind1),
                  "SQLGetData(SQL_C_WCHAR)");
        EXPECT(ind1 == 4 && wval[0] == '6' && wval[1] == '7' && wval[2] == 0,
               "wide count: length %ld, expected the 2 characters '67'", (long)ind1);
    } else {
        static const char *want[] = { "id", "first_name", "last_name" };
        STMT_CALL(SQLColumns(st, (SQLCHAR *)"customersdb", SQL_NTS, (SQLCHAR *)"public",
                             SQL_NTS, (SQLCHAR *)"customers", SQL_NTS, (SQLCHAR *)"%",
                             SQL_NTS), "SQLColumns");
        for (int i = 0; i < 3; i++) {
            char col[64] = "";
            STMT_CALL(SQLFetch(st), "SQLFetch (SQLColumns)");
            STMT_CALL(SQLGetData(st, 4, SQL_C_CHAR, col, sizeof col, &ind1),
                      "SQLGetData (SQLColumns)");
            EXPECT(!strcmp(col, want[i]), "SQLColumns row %d is '%s', expected '%s'",
                   i + 1, col, want[i]);
        }
        rc = SQLFetch(st);
        if (rc != SQL_NO_DATA)
            STMT_CALL(rc, "SQLFetch (SQLColumns, the end)");
        EXPECT(rc == SQL_NO_DATA, "SQLColumns: a fourth row");
    }
done:
    if ((rc = SQLFreeStmt(st, SQL_CLOSE)) != SQL_SUCCESS ||
        (rc = SQLFreeStmt(st, SQL_UNBIND)) != SQL_SUCCESS ||
        (rc = SQLFreeStmt(st, SQL_RESET_PARAMS)) != SQL_SUCCESS) {
        fprintf(stderr, "BUG at N=%ld: SQLFreeStmt after %s returned %d\n",
                current_n, step_name(k), (int)rc);
        out = RUN_BUG;
    }
    return out;
}

/* Runs step k of the session on s. Returns RUN_OK, RUN_OOM or RUN_BUG. */
static enum outcome run_step(session *s, int k)
{
    SQLRETURN rc;

    switch (k) {
    case S_ENV:
        rc = SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &s->env);
        if (rc == SQL_SUCCESS)
            return RUN_OK;
        if (rc == SQL_ERROR && s->env == SQL_NULL_HENV)
            return RUN_OOM; /* no handle, so no diagnostic: as ODBC says */
        return judge_failure(rc, SQL_HANDLE_ENV, s->env, step_name(k));
    case S_ENVATTR:
        rc = SQLSetEnvAttr(s->env, SQL_ATTR_ODBC_VERSION, (SQLPOINTER)SQL_OV_ODBC3, 0);
        return rc == SQL_SUCCESS ? RUN_OK
                                 : judge_failure(rc, SQL_HANDLE_ENV, s->env, step_name(k));
    case S_DBC:
        rc = SQLAllocHandle(SQL_HANDLE_DBC, s->env, &s->dbc);
        if (rc == SQL_SUCCESS)
            return RUN_OK;
        if (s->dbc != SQL_NULL_HDBC) {
            fprintf(stderr, "BUG at N=%ld: failed %s left a handle\n", current_n,
                    step_name(k));
            return RUN_BUG;
        }
        return judge_failure(rc, SQL_HANDLE_ENV, s->env, step_name(k));
    case S_CONNECT: {
        SQLCHAR outstr[1024];
        SQLSMALLINT outlen;
        rc = SQLDriverConnect(s->dbc, NULL, (SQLCHAR *)connstr, SQL_NTS, outstr,
                              sizeof outstr, &outlen, SQL_DRIVER_NOPROMPT);
        if (rc == SQL_SUCCESS) {
            s->connected = true;
            return RUN_OK;
        }
        return judge_failure(rc, SQL_HANDLE_DBC, s->dbc, step_name(k));
    }
    case S_STMT:
        rc = SQLAllocHandle(SQL_HANDLE_STMT, s->dbc, &s->stmt);
        if (rc == SQL_SUCCESS)
            return RUN_OK;
        if (s->stmt != SQL_NULL_HSTMT) {
            fprintf(stderr, "BUG at N=%ld: failed %s left a handle\n", current_n,
                    step_name(k));
            return RUN_BUG;
        }
        return judge_failure(rc, SQL_HANDLE_DBC, s->dbc, step_name(k));
    default:
        if (k >= S_PREPARED)
            return run_extra(s, k);
        return run_query(s, &queries[k - S_QUERY0]);
    }
}

/*
 * Releases every handle of s with all allocations failing; each call must
 * return SQL_SUCCESS. Returns false (printed) otherwise. Injection is off
 * again afterwards.
 */
static bool release(session *s)
{
    bool ok = true;
    SQLRETURN rc;

    eng_alloc_fail_at(1);
    if (s->stmt && (rc = SQLFreeHandle(SQL_HANDLE_STMT, s->stmt)) != SQL_SUCCESS) {
        fprintf(stderr, "BUG at N=%ld: SQLFreeHandle(STMT) returned %d\n", current_n, (int)rc);
        ok = false;
    }
    if (s->connected && (rc = SQLDisconnect(s->dbc)) != SQL_SUCCESS) {
        fprintf(stderr, "BUG at N=%ld: SQLDisconnect returned %d\n", current_n, (int)rc);
        ok = false;
    }
    if (s->dbc && (rc = SQLFreeHandle(SQL_HANDLE_DBC, s->dbc)) != SQL_SUCCESS) {
        fprintf(stderr, "BUG at N=%ld: SQLFreeHandle(DBC) returned %d\n", current_n, (int)rc);
        ok = false;
    }
    if (s->env && (rc = SQLFreeHandle(SQL_HANDLE_ENV, s->env)) != SQL_SUCCESS) {
        fprintf(stderr, "BUG at N=%ld: SQLFreeHandle(ENV) returned %d\n", current_n, (int)rc);
        ok = false;
    }
    eng_alloc_fail_at(0);
    memset(s, 0, sizeof *s);
    return ok;
}

/*
 * One run with the nth allocation failing (n == 0: no injection): with
 * once, only that allocation fails (eng_alloc_fail_once); otherwise it and
 * every later one do (eng_alloc_fail_at). After an HY001 at step k, step k
 * runs again on the same handles and must succeed; with once, the rest of
 * the session then runs too (memory is back, so every later step must
 * succeed), otherwise the session stops there. Stores the allocations the
 * steps made (up to the failure when persistent) in *used and the failed
 * step (or -1) in *failed_step. Returns false on any bug.
 */
static bool run_session(long n, bool once, long *used, int *failed_step)
{
    session s = { 0 };
    enum outcome o = RUN_OK;
    bool ok = true;

    current_n = n;
    current_once = once;
    *failed_step = -1;
    *used = -1;
    if (once)
        eng_alloc_fail_once(n);
    else
        eng_alloc_fail_at(n);
    for (int k = 0; k < S_END && ok; k++) {
        o = run_step(&s, k);
        if (o == RUN_BUG) {
            ok = false;
        } else if (o == RUN_OOM) {
            if (n == 0 || *failed_step >= 0) {
                fprintf(stderr, "BUG at N=%ld%s: HY001 without an injected failure "
                        "at %s\n", n, once ? " (once)" : "", step_name(k));
                ok = false;
                break;
            }
            *failed_step = k;
            if (!once) {
                *used = eng_alloc_count();
                eng_alloc_fail_at(0);
            }
            /* the same step again, memory permitting, on the same handles */
            if (run_step(&s, k) != RUN_OK) {
                fprintf(stderr, "BUG at N=%ld%s: %s fails again after an OOM "
                        "with memory back\n", n, once ? " (once)" : "", step_name(k));
                ok = false;
            }
            if (!once)
                break;
        }
    }
    if (*used < 0)
        *used = eng_alloc_count();
    eng_alloc_fail_at(0);
    if (!release(&s))
        ok = false;
    if (verbose)
        fprintf(stderr, "N=%ld%s: %ld allocations, %s%s\n", n, once ? " (once)" : "",
                *used, *failed_step < 0 ? "completed" : "HY001 at ",
                *failed_step < 0 ? "" : step_name(*failed_step));
    return ok;
}

/*
 * Runs the loop N = 1, 2, ... (every N up to dense, then every stride-th,
 * skipping those with first[N] false when first is given, and always the
 * session's last allocation, total) in one mode, until a session
 * completes without reaching N. Prints a summary; returns the number of
 * runs with a bug.
 */
static long oom_loop(bool once, long total, long dense, long stride,
                     const bool *first)
{
    long used, runs = 0, ooms = 0, absorbed = 0, bugs = 0, last = 0;
    long per_step[S_END] = { 0 };
    int failed_step;
    time_t t0 = time(NULL);

    for (long n = 1;; n = n < dense ? n + 1 : n + stride) {
        if (n > total && last < total)
            n = total; /* always run the last allocation */
        if (first && n < total && !first[n])
            continue;  /* a stack already failed: the same error path */
        if (!run_session(n, once, &used, &failed_step))
            bugs++;
        runs++;
        last = n;
        if (failed_step >= 0) {
            ooms++;
            per_step[failed_step]++;
        } else if (used >= n) {
            absorbed++; /* an allocation failed, yet all results were right */
        } else {
            break; /* n is past the session's last allocation */
        }
        if (bugs >= 20) {
            fprintf(stderr, "too many bugs, stopping\n");
            break;
        }
    }
    printf("oom (%s): the session makes %ld allocations; %ld runs (%s, every N up "
           "to %ld, then every %ld-th, always N = %ld; the last, N = %ld, made no "
           "allocation fail), %ld ended in HY001, %ld absorbed the failure, %ld "
           "with a bug, %lds\n", once ? "fail once" : "fail from N on", total,
           runs, first ? "the first N of each call stack" : "all N",
           dense < total ? dense : total, stride, total, last, ooms, absorbed,
           bugs, (long)(time(NULL) - t0));
    for (int k = 0; k < S_END; k++)
        if (per_step[k])
            printf("oom:   HY001 at %-30s %ld runs\n", step_name(k), per_step[k]);
    return bugs;
}

/* Prints the N being run when the process dies of a signal, then dies. */
static void on_crash(int sig)
{
    char buf[96];
    int len = snprintf(buf, sizeof buf, "CRASH (signal %d) at N=%ld%s\n", sig,
                       (long)current_n, current_once ? " (once)" : "");
    if (len > 0 && write(2, buf, (size_t)len) < 0)
        len = 0;
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Sets up a count query (one value, no names checked). */
static void count_query(query *q, const char *table, const char *count)
{
    char sql[256];
    snprintf(sql, sizeof sql, "select count(*) from %s", table);
    q->label = table;
    q->sql = strdup(sql);
    q->want.ncols = 1;
    q->want.nrows = 1;
    q->want.cells = calloc(1, sizeof(char *));
    q->want.cells[0] = strdup(count);
}

/* Sets up a model query from its SQL file and expected CSV. */
static int model_query(query *q, const char *label, const char *sqlfile, const char *csvfile)
{
    char path[4096];
    q->label = label;
    snprintf(path, sizeof path, "%s", ou_srcpath(sqlfile));
    q->sql = ou_file_sql(path);
    snprintf(path, sizeof path, "%s", ou_srcpath(csvfile));
    if (!q->sql || ou_csv_load(path, &q->want) != 0) {
        fprintf(stderr, "cannot read %s or %s\n", sqlfile, csvfile);
        return -1;
    }
    return 0;
}

/* Returns the environment variable name as a number, or dflt if unset. */
static long env_long(const char *name, long dflt)
{
    const char *v = getenv(name);
    return v && *v ? strtol(v, NULL, 10) : dflt;
}

/* Loads the expected results, runs the session once without injection to
 * size the loops, then runs them (or the single MESH_OOM_ONLY run). */
int main(void)
{
    const char *catalogs = getenv("MESH_CATALOGS");
    long stride = env_long("MESH_OOM_STRIDE", 1);
    long dense = env_long("MESH_OOM_DENSE", 2000);
    long only = env_long("MESH_OOM_ONLY", 0);
    const char *mode = getenv("MESH_OOM_MODE");
    bool persistent = !mode || !*mode || !strcmp(mode, "both") || !strcmp(mode, "from");
    bool transient = !mode || !*mode || !strcmp(mode, "both") || !strcmp(mode, "once");
    long total, used, bugs = 0;
    int failed_step;

    verbose = env_long("MESH_OOM_VERBOSE", 0) != 0;
    if (!catalogs || !*catalogs) {
        fprintf(stderr, "MESH_CATALOGS is not set (run through run_odbc_tests.sh)\n");
        return 77;
    }
    if (stride < 1)
        stride = 1;
#if !defined(__SANITIZE_ADDRESS__)
    signal(SIGSEGV, on_crash);
    signal(SIGBUS, on_crash);
    signal(SIGFPE, on_crash);
    signal(SIGABRT, on_crash);
#endif
    snprintf(connstr, sizeof connstr, "Driver=MeshODBC;Catalogs=%s", catalogs);
    count_query(&queries[0], "customersdb.public.customers", "100");
    count_query(&queries[1], "ordersdb.public.orders", "99");
    count_query(&queries[2], "paymentsdb.public.payments", "113");
    if (model_query(&queries[3], "customers model",
                    "setup/data/jaffle_shop/customers_federated.sql",
                    "setup/data/jaffle_shop/expected_customers.csv") ||
        model_query(&queries[4], "orders model",
                    "setup/data/jaffle_shop/orders_federated.sql",
                    "setup/data/jaffle_shop/expected_orders.csv"))
        return 1;
    count_query(&queries[5], "customersdb.information_schema.columns "
                "where table_name = 'customers'", "3");

    /* The session without injection: it must pass, and it sizes the loop
     * and records each allocation's call stack. */
    eng_alloc_observe(record_site);
    bool passed = run_session(0, false, &total, &failed_step);
    eng_alloc_observe(NULL);
    if (!passed || failed_step >= 0) {
        fprintf(stderr, "the session fails without injection\n");
        return 1;
    }
    if (only > 0) {
        bool ok = run_session(only, transient && !persistent, &used, &failed_step);
        printf("oom: N=%ld: %s%s\n", only, failed_step < 0 ? "completed" : "HY001 at ",
               failed_step < 0 ? "" : step_name(failed_step));
        return ok ? 0 : 1;
    }
    bool *first = NULL;
    if (!env_long("MESH_OOM_ALL", 0)) {
        long distinct = first_sites(total, &first);
        if (distinct < 0)
            return 1;
        printf("oom: %ld allocations from %ld distinct call stacks\n", total,
               distinct);
    }
    if (persistent)
        bugs += oom_loop(false, total, dense, stride, first);
    if (transient)
        bugs += oom_loop(true, total, dense, stride, first);
    free(first);
    for (int i = 0; i < NQUERIES; i++) {
        free(queries[i].sql);
        ou_result_free(&queries[i].want);
    }
    return bugs ? 1 : 0;
}
