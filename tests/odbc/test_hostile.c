/*
 * tests/odbc/test_hostile.c
 *   Hostile input through the unixODBC driver manager ("never take the
 *   host down"): string literals full of quotes, backslashes, comment and
 *   dollar-quote markers, injection attempts, ODBC escapes, unicode, NUL
 *   bytes and invalid UTF-8, sent both as plain SELECT values and through
 *   filters that are pushed down to PostgreSQL; quoted identifiers with
 *   embedded quotes (including a real remote table with a hostile name);
 *   DDL/DML and multi-statements; very deep nesting, a 10 MB statement and
 *   a 100,000-item IN list; and a wrong password that must never appear in
 *   diagnostics, the driver's trace file or any log.
 *   Every case either answers exactly (the bytes round-trip, the counts
 *   equal those computed here from the seed CSVs) or fails with a clear
 *   SQLSTATE, and the statement handle keeps working afterwards. The last
 *   test compares a checksum of every table and the list of relations,
 *   databases and roles of each server, taken through psqlODBC before and
 *   after, so nothing was changed on any server.
 * Environment: the cluster of tests/pg_cluster.sh (env.sh), PSQLODBC_DRIVER
 *   (default /usr/lib/x86_64-linux-gnu/odbc/psqlodbcw.so). The program sets
 *   MESHODBC_TRACE (the driver's trace file) before the driver is loaded.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdbool.h>
#include <ftw.h>
#include <time.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "odbc_util.h"

#define NSERVERS 3

/* The servers, their env.sh port variable and the table each holds. */
static const char *const server_name[NSERVERS] = {"customersdb", "ordersdb", "paymentsdb"};
static const char *const server_port_var[NSERVERS] = {
    "MESH_PORT_CUSTOMERSDB", "MESH_PORT_ORDERSDB", "MESH_PORT_PAYMENTSDB"};

/* Checksums of each server's data (SQL run through psqlODBC). */
static const char *const snapshot_sql[NSERVERS][4] = {
    {"select count(*)::text || '/' || sum(id)::text || '/' || md5(string_agg(id || ',' || "
     "first_name || ',' || last_name, ';' order by id)) from public.customers",
     NULL, NULL, NULL},
    {"select count(*)::text || '/' || sum(id)::text || '/' || sum(user_id)::text || '/' || "
     "md5(string_agg(id || ',' || user_id || ',' || order_date || ',' || status, ';' "
     "order by id)) from public.orders",
     NULL, NULL, NULL},
    {"select count(*)::text || '/' || sum(id)::text || '/' || sum(order_id)::text || '/' || "
     "md5(string_agg(id || ',' || order_id || ',' || payment_method || ',' || "
     "coalesce(amount::text, 'null'), ';' order by id)) from public.payments",
     NULL, NULL, NULL},
};

/* The same on every server: relations, databases, roles. */
static const char *const snapshot_common[] = {
    "select string_agg(n.nspname || '.' || c.relname || ':' || c.relkind::text, ',' "
    "order by n.nspname, c.relname) from pg_class c join pg_namespace n on "
    "n.oid = c.relnamespace where n.nspname not in ('pg_catalog', "
    "'information_schema', 'pg_toast')",
    "select string_agg(datname, ',' order by datname) from pg_database",
    "select string_agg(rolname || ':' || rolsuper, ',' order by rolname) from pg_roles",
    "select count(*) from pg_proc where pronamespace not in (select oid from "
    "pg_namespace where nspname in ('pg_catalog', 'information_schema'))",
};
#define NCOMMON (sizeof snapshot_common / sizeof snapshot_common[0])

/* A remote table with a hostile name, created on customersdb for the test. */
#define ODD_TABLE_PG "public.\"odd\"\"name; drop table customers; --\""
#define ODD_TABLE_MESH "customersdb.public.\"odd\"\"name; drop table customers; --\""

/* The wrong, unique password of the leak test. */
#define SECRET_FILE_PW "pw-9f8e7d-c4t4l0g"
#define SECRET_CONN_PW "pw-9f8e7d-c0nnstr"

typedef struct fixture {
    ou_conn mesh;
    SQLHSTMT st;
    ou_conn ref[NSERVERS];
    SQLHSTMT refst[NSERVERS];
    char *before[NSERVERS];     /* snapshot taken in setup */
    int ncust;
    char *first[128], *last[128];
    int nord;
    char *status[128];
    int failures;               /* CHECK failures of the running test */
} fixture;

/* Counts a failure and says why; the test asserts failures == 0 at its end. */
#define CHECK(f, cond, ...)                                   \
    do {                                                      \
        if (!(cond)) {                                        \
            fprintf(stderr, "CHECK failed: " __VA_ARGS__);    \
            fputc('\n', stderr);                              \
            (f)->failures++;                                  \
        }                                                     \
    } while (0)

/* ------------------------------------------------------------ buffers */

typedef struct sbuf {
    char *p;
    size_t len, cap;
} sbuf;

static void sb_add(sbuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        b->p = realloc(b->p, cap);
        assert_non_null(b->p);
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void sb_str(sbuf *b, const char *s)
{
    sb_add(b, s, strlen(s));
}

static void sb_fmt(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_fmt(sbuf *b, const char *fmt, ...)
{
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    assert_true(n >= 0 && (size_t)n < sizeof tmp);
    sb_add(b, tmp, (size_t)n);
}

/* Appends s (n bytes) as a SQL string literal: quotes, with ' doubled. */
static void sb_lit(sbuf *b, const char *s, size_t n)
{
    sb_add(b, "'", 1);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\'')
            sb_add(b, "''", 2);
        else
            sb_add(b, s + i, 1);
    }
    sb_add(b, "'", 1);
}

static void sb_free(sbuf *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}

/* Printable form of n bytes for messages (static buffer, one at a time). */
static const char *show(const char *s, size_t n)
{
    static char out[512];
    size_t o = 0;
    for (size_t i = 0; i < n && o + 8 < sizeof out; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x7f && c != '\\')
            out[o++] = (char)c;
        else
            o += (size_t)snprintf(out + o, sizeof out - o, "\\x%02x", c);
    }
    if (n && o + 8 >= sizeof out)
        o += (size_t)snprintf(out + o, sizeof out - o, "...");
    out[o] = '\0';
    return out;
}

/* ------------------------------------------------------ running SQL */

/* The outcome of one statement: return code, first diagnostic, row count
 * and the first column of the first row as exact bytes. */
typedef struct hres {
    SQLRETURN rc;
    char state[6];
    char msg[1024];
    int nrows;
    int ncols;
    char *val;          /* malloc'ed, NUL-terminated; NULL when SQL NULL or no row */
    size_t vlen;
} hres;

static void hres_free(hres *h)
{
    free(h->val);
    memset(h, 0, sizeof *h);
}

/* Reads column col of the current row as SQL_C_CHAR in chunks of 1000
 * bytes (the driver reports 01004 until the last chunk). *out is NULL for
 * SQL NULL. */
static SQLRETURN read_col(SQLHSTMT st, SQLUSMALLINT col, char **out, size_t *outlen)
{
    char buf[1001];
    sbuf b = {0};
    bool isnull = false;
    *out = NULL;
    *outlen = 0;
    for (int guard = 0; guard < 1000000; guard++) {
        SQLLEN ind = 0;
        SQLRETURN rc = SQLGetData(st, col, SQL_C_CHAR, buf, sizeof buf, &ind);
        if (rc == SQL_NO_DATA)
            break;
        if (!SQL_SUCCEEDED(rc)) {
            sb_free(&b);
            return rc;
        }
        if (ind == SQL_NULL_DATA) {
            isnull = true;
            break;
        }
        size_t n;
        if (rc == SQL_SUCCESS_WITH_INFO && (ind == SQL_NO_TOTAL || ind >= (SQLLEN)sizeof buf))
            n = sizeof buf - 1;
        else
            n = (size_t)ind;
        sb_add(&b, buf, n);
        if (rc == SQL_SUCCESS)
            break;
    }
    if (isnull) {
        sb_free(&b);
        return SQL_SUCCESS;
    }
    if (!b.p)
        sb_add(&b, "", 0);
    *out = b.p;
    *outlen = b.len;
    return SQL_SUCCESS;
}

/* Runs len bytes of sql on st (closing any open cursor first) and reads
 * every row. Returns the final code, also in h->rc, with h->state/msg
 * from the statement's first diagnostic record on failure. */
static SQLRETURN hrun(SQLHSTMT st, const char *sql, size_t len, hres *h)
{
    SQLRETURN rc;
    SQLSMALLINT nc = 0;
    memset(h, 0, sizeof *h);
    SQLFreeStmt(st, SQL_CLOSE);
    rc = SQLExecDirect(st, (SQLCHAR *)sql, (SQLINTEGER)len);
    if (!SQL_SUCCEEDED(rc))
        goto fail;
    rc = SQLNumResultCols(st, &nc);
    if (!SQL_SUCCEEDED(rc))
        goto fail;
    h->ncols = nc;
    for (;;) {
        rc = SQLFetch(st);
        if (rc == SQL_NO_DATA)
            break;
        if (!SQL_SUCCEEDED(rc))
            goto fail;
        if (h->nrows == 0 && nc > 0) {
            rc = read_col(st, 1, &h->val, &h->vlen);
            if (!SQL_SUCCEEDED(rc))
                goto fail;
        }
        h->nrows++;
    }
    SQLFreeStmt(st, SQL_CLOSE);
    h->rc = SQL_SUCCESS;
    return SQL_SUCCESS;
fail:
    h->rc = rc == SQL_SUCCESS ? SQL_ERROR : rc;
    {
        SQLSMALLINT ml = 0;
        SQLINTEGER native = 0;
        if (!SQL_SUCCEEDED(SQLGetDiagRec(SQL_HANDLE_STMT, st, 1, (SQLCHAR *)h->state, &native,
                                         (SQLCHAR *)h->msg, sizeof h->msg, &ml)))
            h->state[0] = '\0';
    }
    SQLFreeStmt(st, SQL_CLOSE);
    return h->rc;
}

static SQLRETURN hrun_sb(SQLHSTMT st, const sbuf *b, hres *h)
{
    return hrun(st, b->p, b->len, h);
}

/* True when h is a single row whose first value is the text want. */
static bool is_value(const hres *h, const char *want)
{
    return h->rc == SQL_SUCCESS && h->nrows == 1 && h->val && !strcmp(h->val, want);
}

/* The handle still works: a plain count on customers answers 100. */
static void handle_usable(fixture *f, const char *after)
{
    hres h;
    static const char q[] = "select count(*) from customersdb.public.customers";
    hrun(f->st, q, sizeof q - 1, &h);
    CHECK(f, is_value(&h, "100"), "after %s the statement handle does not work: rc %d %s %s",
          after, h.rc, h.state, h.msg);
    hres_free(&h);
}

/* An error that names itself: SQL_ERROR, a 5-character SQLSTATE, a message. */
static bool clear_error(const hres *h)
{
    return h->rc == SQL_ERROR && strlen(h->state) == 5 && h->msg[0];
}

/* ------------------------------------------------- reference (psqlODBC) */

static const char *psqlodbc_driver(void)
{
    const char *d = getenv("PSQLODBC_DRIVER");
    return d ? d : "/usr/lib/x86_64-linux-gnu/odbc/psqlodbcw.so";
}

/* One value (first column, first row) from server i through psqlODBC. */
static char *ref_value(fixture *f, int i, const char *sql)
{
    ou_result r;
    ou_diag d;
    SQLRETURN rc = ou_query(&f->ref[i], &f->refst[i], sql, &r, &d);
    if (!SQL_SUCCEEDED(rc)) {
        fprintf(stderr, "psqlODBC on %s failed: %s: %s %s\n", server_name[i], sql,
                d.sqlstate, d.message);
        return strdup("<error>");
    }
    char *v = strdup(r.nrows == 1 && r.cells[0] ? r.cells[0] : "<null>");
    ou_result_free(&r);
    return v;
}

/* Checksums of server i's data, relations, databases and roles. */
static char *snapshot(fixture *f, int i)
{
    sbuf b = {0};
    for (int k = 0; k < 4 && snapshot_sql[i][k]; k++) {
        char *v = ref_value(f, i, snapshot_sql[i][k]);
        sb_str(&b, v);
        sb_str(&b, "\n");
        free(v);
    }
    for (size_t k = 0; k < NCOMMON; k++) {
        char *v = ref_value(f, i, snapshot_common[k]);
        sb_str(&b, v);
        sb_str(&b, "\n");
        free(v);
    }
    return b.p;
}

static bool ref_exec(fixture *f, int i, const char *sql)
{
    ou_result r;
    ou_diag d;
    SQLRETURN rc = ou_query(&f->ref[i], &f->refst[i], sql, &r, &d);
    if (!SQL_SUCCEEDED(rc)) {
        fprintf(stderr, "psqlODBC on %s failed: %s: %s %s\n", server_name[i], sql,
                d.sqlstate, d.message);
        return false;
    }
    ou_result_free(&r);
    return true;
}

/* ------------------------------------------------------ seed data */

static void load_seed(fixture *f)
{
    ou_result r;
    assert_int_equal(ou_csv_load(ou_srcpath("setup/data/jaffle_shop/raw_customers.csv"), &r), 0);
    assert_int_equal(r.ncols, 3);
    assert_int_equal(r.nrows, 100);
    f->ncust = r.nrows;
    for (int i = 0; i < r.nrows; i++) {
        f->first[i] = strdup(r.cells[i * 3 + 1]);
        f->last[i] = strdup(r.cells[i * 3 + 2]);
    }
    ou_result_free(&r);
    assert_int_equal(ou_csv_load(ou_srcpath("setup/data/jaffle_shop/raw_orders.csv"), &r), 0);
    assert_int_equal(r.ncols, 4);
    assert_int_equal(r.nrows, 99);
    f->nord = r.nrows;
    for (int i = 0; i < r.nrows; i++)
        f->status[i] = strdup(r.cells[i * 4 + 3]);
    ou_result_free(&r);
}

/* Trino LIKE without ESCAPE: '%' any sequence, '_' one character (the seed
 * data is ASCII, so one byte), everything else literal, backslash too. */
static bool like_match(const char *v, size_t vn, const char *p, size_t pn)
{
    if (pn == 0)
        return vn == 0;
    if (p[0] == '%') {
        for (size_t k = 0; k <= vn; k++)
            if (like_match(v + k, vn - k, p + 1, pn - 1))
                return true;
        return false;
    }
    if (vn == 0)
        return false;
    if (p[0] == '_' || p[0] == v[0])
        return like_match(v + 1, vn - 1, p + 1, pn - 1);
    return false;
}

static bool bytes_eq(const char *a, const char *s, size_t n)
{
    return strlen(a) == n && !memcmp(a, s, n);
}

/* Number of code points of valid UTF-8 text. */
static long utf8_chars(const char *s, size_t n)
{
    long c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xc0) != 0x80;
    return c;
}

/* ------------------------------------------------------ setup/teardown */

/*
 * Writes a copy of the mesh's catalog file ($MESH_CATALOGS) with
 * `read_only = true` in every section, so that the hostile DDL/DML of
 * these tests is refused by the engine (42501) and never reaches a
 * server: the final snapshot comparison proves nothing changed. Returns
 * the path (static), or NULL.
 */
static const char *read_only_catalogs(void)
{
    static char path[4096];
    const char *src = getenv("MESH_CATALOGS"), *dir = getenv("MESH_TEST_DIR");
    char line[1024];
    FILE *in, *out;
    if (!src || !dir)
        return NULL;
    snprintf(path, sizeof path, "%s/hostile_read_only.ini", dir);
    if (!(in = fopen(src, "r")) || !(out = fopen(path, "w"))) {
        if (in)
            fclose(in);
        return NULL;
    }
    while (fgets(line, sizeof line, in)) {
        fputs(line, out);
        if (!strncmp(line, "connector", 9))
            fputs("read_only = true\n", out);
    }
    fclose(in);
    fclose(out);
    return path;
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    ou_diag d;
    char cs[1024];

    *state = f;
    load_seed(f);
    for (int i = 0; i < NSERVERS; i++) {
        const char *port = getenv(server_port_var[i]);
        if (!port) {
            fprintf(stderr, "%s is not set (source the cluster's env.sh)\n", server_port_var[i]);
            return -1;
        }
        snprintf(cs, sizeof cs,
                 "Driver=%s;Servername=127.0.0.1;Port=%s;Database=postgres;UID=postgres;PWD=postgres;",
                 psqlodbc_driver(), port);
        if (!SQL_SUCCEEDED(ou_connect(&f->ref[i], cs, &d))) {
            fprintf(stderr, "psqlODBC connect to %s failed: %s %s\n", server_name[i],
                    d.sqlstate, d.message);
            return -1;
        }
        f->refst[i] = SQL_NULL_HSTMT;
    }
    /* the hostile-named table, before the snapshot and before the mesh
     * connects (so its metadata is fresh) */
    if (!ref_exec(f, 0, "drop table if exists " ODD_TABLE_PG) ||
        !ref_exec(f, 0, "create table " ODD_TABLE_PG " (\"we\"\"ird\" int, \"a b\" text)") ||
        !ref_exec(f, 0, "insert into " ODD_TABLE_PG " values (1, 'x'), (2, 'y'), (3, 'z''q')"))
        return -1;
    for (int i = 0; i < NSERVERS; i++)
        f->before[i] = snapshot(f, i);

    const char *ro = read_only_catalogs();
    if (!ro) {
        fprintf(stderr, "cannot write the read-only catalog file\n");
        return -1;
    }
    char rocs[4200];
    snprintf(rocs, sizeof rocs, "Driver=MeshODBC;Catalogs={%s};", ro);
    if (!SQL_SUCCEEDED(ou_connect(&f->mesh, rocs, &d))) {
        fprintf(stderr, "connect to %s failed: %s %s\n", rocs, d.sqlstate, d.message);
        return -1;
    }
    if (!SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, f->mesh.dbc, &f->st)))
        return -1;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    if (!f)
        return 0;
    if (f->ref[0].dbc)
        ref_exec(f, 0, "drop table if exists " ODD_TABLE_PG);
    if (f->st)
        SQLFreeHandle(SQL_HANDLE_STMT, f->st);
    ou_disconnect(&f->mesh);
    for (int i = 0; i < NSERVERS; i++) {
        if (f->refst[i])
            SQLFreeHandle(SQL_HANDLE_STMT, f->refst[i]);
        ou_disconnect(&f->ref[i]);
        free(f->before[i]);
    }
    for (int i = 0; i < f->ncust; i++) {
        free(f->first[i]);
        free(f->last[i]);
    }
    for (int i = 0; i < f->nord; i++)
        free(f->status[i]);
    free(f);
    return 0;
}

/* ------------------------------------------------------ string literals */

typedef struct hs {
    const char *s;
    size_t n;
} hs;
#define HS(lit) {lit, sizeof(lit) - 1}

/* Valid UTF-8 text without NUL: must round-trip exactly. */
static const hs valid_strings[] = {
    HS("'"), HS("''"), HS("'''"), HS("O'Brien"), HS("Michael'"),
    HS("\\"), HS("\\\\"), HS("\\'"), HS("a\\'; select 1; --"), HS("\\''"),
    HS(";"), HS("--"), HS("-- comment\nMichael"), HS("/* */"), HS("/*"), HS("*/"),
    HS("Michael/**/"), HS("$$"), HS("$$ || (select 1) || $$"), HS("$tag$"),
    HS("$tag$ drop $tag$"), HS("$1"), HS("'); drop table customers; --"),
    HS("')); drop table customers; --"), HS("' or '1'='1"), HS("Michael' or 'a'='a"),
    HS("' union select 1 --"), HS("\") or 1=1 --"), HS("\""), HS("\"\""),
    HS("E'\\x41\\n'"), HS("\\x41\\n\\t\\000"), HS("\\'); drop table customers; --"),
    HS("?"), HS("? ?"), HS(":name"), HS("@p1"), HS("{fn ucase('a')}"),
    HS("{d '2018-01-01'}"), HS("{escape '\\'}"), HS("%"), HS("_"), HS("M%"),
    HS("%a%"), HS("_____"), HS("%\\"), HS("Mich_el"),
    HS("\xc3\xa9"),                              /* é */
    HS("Zo\xc3\xab"),                            /* Zoë */
    HS("\xe4\xb8\xad\xe6\x96\x87"),              /* 中文 */
    HS("\xf0\x9f\x98\x80"),                      /* emoji */
    HS("Zo\xc3\xab \xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x98\x80 '\\"),
    HS("\xef\xbb\xbfMichael"),                   /* BOM */
    HS("\xe2\x80\xae" "evil"),                   /* right-to-left override */
    HS("\t\n\r"), HS("\x01\x1f\x7f"), HS(" "), HS(""),
    HS("Michael"),
};

/* Appends the filter queries of string s and their expected counts. */
static void check_filters(fixture *f, const char *s, size_t n, bool nul_ok)
{
    long eq = 0, lk = 0, mich = 0, st = 0;
    for (int i = 0; i < f->ncust; i++) {
        eq += bytes_eq(f->first[i], s, n);
        lk += like_match(f->first[i], strlen(f->first[i]), s, n);
        mich += !strcmp(f->first[i], "Michael") && !bytes_eq(f->last[i], s, n);
    }
    for (int i = 0; i < f->nord; i++)
        st += bytes_eq(f->status[i], s, n);

    struct {
        const char *pre, *post;
        long want;
    } q[] = {
        {"select count(*) from customersdb.public.customers where first_name = ", "", eq},
        {"select count(*) from customersdb.public.customers where first_name <> ", "", 100 - eq},
        {"select count(*) from customersdb.public.customers where first_name in (", ", 'x')", eq},
        {"select count(*) from customersdb.public.customers where first_name like ", "", lk},
        {"select count(*) from customersdb.public.customers where first_name = 'Michael' and last_name <> ",
         "", mich},
        {"select count(*) from ordersdb.public.orders where status = ", "", st},
        {"select count(*) from ordersdb.public.orders where status <> ", " and id > 0", 99 - st},
    };
    for (size_t k = 0; k < sizeof q / sizeof q[0]; k++) {
        sbuf b = {0};
        hres h;
        char want[32];
        sb_str(&b, q[k].pre);
        sb_lit(&b, s, n);
        sb_str(&b, q[k].post);
        snprintf(want, sizeof want, "%ld", q[k].want);
        hrun_sb(f->st, &b, &h);
        if (nul_ok && h.rc == SQL_ERROR && !strcmp(h.state, "22021")) {
            /* a NUL byte refused with 22021: allowed */
        } else {
            CHECK(f, is_value(&h, want), "[%s] %s...: want %s, got rc %d %s %s %s",
                  show(s, n), q[k].pre, want, h.rc, h.val ? h.val : "(none)", h.state, h.msg);
        }
        hres_free(&h);
        sb_free(&b);
    }
    /* the literal in an expression evaluated over the rows */
    {
        sbuf b = {0};
        hres h;
        sb_str(&b, "select count(*) from customersdb.public.customers where first_name || ");
        sb_lit(&b, s, n);
        sb_str(&b, " = 'Michael' || ");
        sb_lit(&b, s, n);
        hrun_sb(f->st, &b, &h);
        if (!(nul_ok && h.rc == SQL_ERROR && !strcmp(h.state, "22021")))
            CHECK(f, is_value(&h, "2"), "[%s] concat filter: want 2, got rc %d %s %s %s",
                  show(s, n), h.rc, h.val ? h.val : "(none)", h.state, h.msg);
        hres_free(&h);
        sb_free(&b);
    }
}

/* select '<s>' returns exactly the bytes, and length() counts characters. */
static void check_roundtrip(fixture *f, const char *s, size_t n)
{
    sbuf b = {0};
    hres h;
    sb_str(&b, "select ");
    sb_lit(&b, s, n);
    hrun_sb(f->st, &b, &h);
    CHECK(f, h.rc == SQL_SUCCESS && h.nrows == 1 && h.val && h.vlen == n && !memcmp(h.val, s, n),
          "[%s] select literal: rc %d rows %d got [%s] %s %s", show(s, n), h.rc, h.nrows,
          h.val ? show(h.val, h.vlen) : "(null)", h.state, h.msg);
    hres_free(&h);
    sb_free(&b);

    char want[32];
    snprintf(want, sizeof want, "%ld", utf8_chars(s, n));
    sb_str(&b, "select length(");
    sb_lit(&b, s, n);
    sb_str(&b, ")");
    hrun_sb(f->st, &b, &h);
    CHECK(f, is_value(&h, want), "[%s] length: want %s, got rc %d %s %s %s", show(s, n), want,
          h.rc, h.val ? h.val : "(none)", h.state, h.msg);
    hres_free(&h);
    sb_free(&b);
}

static void test_literals_roundtrip(void **state)
{
    fixture *f = *state;
    f->failures = 0;
    for (size_t i = 0; i < sizeof valid_strings / sizeof valid_strings[0]; i++)
        check_roundtrip(f, valid_strings[i].s, valid_strings[i].n);
    handle_usable(f, "the literals");
    assert_int_equal(f->failures, 0);
}

static void test_literals_pushed_filters(void **state)
{
    fixture *f = *state;
    f->failures = 0;
    for (size_t i = 0; i < sizeof valid_strings / sizeof valid_strings[0]; i++)
        check_filters(f, valid_strings[i].s, valid_strings[i].n, false);
    handle_usable(f, "the filters");
    assert_int_equal(f->failures, 0);
}

/* 20,000 quotes and 20,000 backslashes: long, and every byte escaped. */
static void test_long_hostile_literal(void **state)
{
    fixture *f = *state;
    f->failures = 0;
    size_t n = 40000;
    char *s = malloc(n);
    for (size_t i = 0; i < n; i++)
        s[i] = i % 2 ? '\\' : '\'';
    check_roundtrip(f, s, n);
    check_filters(f, s, n, false);
    free(s);
    handle_usable(f, "the long literal");
    assert_int_equal(f->failures, 0);
}

/* A NUL byte inside the literal (the statement passed with its length):
 * refused with 22021, or carried as data exactly. */
static void test_nul_bytes(void **state)
{
    fixture *f = *state;
    static const hs nul_strings[] = {
        HS("a\0b"), HS("\0"), HS("Michael\0"), HS("Michael\0' or '1'='1"),
        HS("\0'); drop table customers; --"),
    };
    f->failures = 0;
    for (size_t i = 0; i < sizeof nul_strings / sizeof nul_strings[0]; i++) {
        const char *s = nul_strings[i].s;
        size_t n = nul_strings[i].n;
        sbuf b = {0};
        hres h;
        sb_str(&b, "select ");
        sb_lit(&b, s, n);
        hrun_sb(f->st, &b, &h);
        if (h.rc == SQL_ERROR)
            CHECK(f, !strcmp(h.state, "22021"), "[%s] NUL select: want 22021 or the bytes, got %s %s",
                  show(s, n), h.state, h.msg);
        else
            CHECK(f, h.rc == SQL_SUCCESS && h.nrows == 1 && h.val && h.vlen == n &&
                         !memcmp(h.val, s, n),
                  "[%s] NUL select: rc %d got [%s]", show(s, n), h.rc,
                  h.val ? show(h.val, h.vlen) : "(null)");
        hres_free(&h);
        sb_free(&b);
        check_filters(f, s, n, true);
        handle_usable(f, "a NUL literal");
    }
    /* a NUL outside any literal: an error, or the statement up to it is not
     * silently run with the rest dropped (the count would then be 2) */
    static const char q[] = "select count(*) from customersdb.public.customers "
                            "where first_name = 'Michael'\0 and id < 0";
    hres h;
    hrun(f->st, q, sizeof q - 1, &h);
    CHECK(f, clear_error(&h) || is_value(&h, "0"),
          "NUL between tokens: want an error or 0, got rc %d %s %s %s", h.rc,
          h.val ? h.val : "(none)", h.state, h.msg);
    hres_free(&h);
    handle_usable(f, "a NUL between tokens");
    assert_int_equal(f->failures, 0);
}

/* Invalid UTF-8 anywhere in the statement text: 22021, never a crash and
 * never bytes passed on to a server. */
static void test_invalid_utf8(void **state)
{
    fixture *f = *state;
    static const hs bad[] = {
        HS("\xff"), HS("a\xc0\xaf" "b"), HS("\xe2\x82"), HS("Michael\xe2\x82"),
        HS("\xed\xa0\x80"),            /* UTF-16 surrogate */
        HS("\xf4\x90\x80\x80"),        /* above U+10FFFF */
        HS("\xc0\x80"),                /* overlong NUL */
        HS("\x80"), HS("'\xff'); drop table customers; --"),
    };
    f->failures = 0;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *s = bad[i].s;
        size_t n = bad[i].n;
        static const char *const pre[] = {
            "select ",
            "select count(*) from customersdb.public.customers where first_name = ",
            "select count(*) from customersdb.public.customers where first_name <> ",
            "select count(*) from customersdb.public.customers where first_name like ",
            "select count(*) from ordersdb.public.orders where status in ('x', ",
        };
        for (size_t k = 0; k < sizeof pre / sizeof pre[0]; k++) {
            sbuf b = {0};
            hres h;
            sb_str(&b, pre[k]);
            sb_lit(&b, s, n);
            if (k == 4)
                sb_str(&b, ")");
            hrun_sb(f->st, &b, &h);
            CHECK(f, h.rc == SQL_ERROR && !strcmp(h.state, "22021"),
                  "[%s] %s...: want 22021, got rc %d %s %s", show(s, n), pre[k], h.rc, h.state,
                  h.msg);
            hres_free(&h);
            sb_free(&b);
        }
        /* in a quoted identifier and in a comment */
        sbuf b = {0};
        hres h;
        sb_str(&b, "select 1 as \"");
        sb_add(&b, s, n);
        sb_str(&b, "\"");
        hrun_sb(f->st, &b, &h);
        CHECK(f, h.rc == SQL_ERROR && (!strcmp(h.state, "22021") || !strcmp(h.state, "42000")),
              "[%s] identifier: want 22021, got rc %d %s %s", show(s, n), h.rc, h.state, h.msg);
        hres_free(&h);
        sb_free(&b);
        sb_str(&b, "select 1 /* ");
        sb_add(&b, s, n);
        sb_str(&b, " */");
        hrun_sb(f->st, &b, &h);
        CHECK(f, (h.rc == SQL_ERROR && !strcmp(h.state, "22021")) || is_value(&h, "1"),
              "[%s] comment: want 22021 or 1, got rc %d %s %s", show(s, n), h.rc, h.state, h.msg);
        hres_free(&h);
        sb_free(&b);
        handle_usable(f, "invalid UTF-8");
    }
    assert_int_equal(f->failures, 0);
}

/* ------------------------------------------------------ identifiers */

static void test_quoted_identifiers(void **state)
{
    fixture *f = *state;
    hres h;
    SQLCHAR name[256];
    SQLSMALLINT nlen = 0, type, dec, nul;
    SQLULEN size;
    f->failures = 0;

    /* a column alias with an embedded quote */
    static const char q1[] = "select 1 as \"a\"\"b\"";
    SQLFreeStmt(f->st, SQL_CLOSE);
    SQLRETURN rc = SQLExecDirect(f->st, (SQLCHAR *)q1, SQL_NTS);
    CHECK(f, rc == SQL_SUCCESS, "%s: rc %d", q1, rc);
    if (SQL_SUCCEEDED(rc)) {
        rc = SQLDescribeCol(f->st, 1, name, sizeof name, &nlen, &type, &size, &dec, &nul);
        CHECK(f, SQL_SUCCEEDED(rc) && !strcmp((char *)name, "a\"b") && nlen == 3,
              "%s: column named [%s] (%d)", q1, (char *)name, nlen);
    }
    SQLFreeStmt(f->st, SQL_CLOSE);

    static const char *const missing[] = {
        "select * from customersdb.public.\"customers\"\"; drop\"",
        "select * from customersdb.public.\"customers\"\"; drop table customers; --\"",
        "select * from customersdb.public.\"customers; drop table customers\"",
        "select count(*) from customersdb.public.\"customers\"\" where 1=1 or \"\"\"",
    };
    for (size_t i = 0; i < sizeof missing / sizeof missing[0]; i++) {
        hrun(f->st, missing[i], strlen(missing[i]), &h);
        CHECK(f, h.rc == SQL_ERROR && !strcmp(h.state, "42S02"), "%s: want 42S02, got rc %d %s %s",
              missing[i], h.rc, h.state, h.msg);
        hres_free(&h);
    }
    static const char *const missing_schema[] = {
        "select * from customersdb.\"public\"\"; drop table customers; --\".customers",
        "select * from customersdb.\"public.customers; --\".customers",
    };
    for (size_t i = 0; i < sizeof missing_schema / sizeof missing_schema[0]; i++) {
        hrun(f->st, missing_schema[i], strlen(missing_schema[i]), &h);
        CHECK(f, h.rc == SQL_ERROR && (!strcmp(h.state, "42S02") || !strcmp(h.state, "3F000")),
              "%s: want 42S02 or 3F000, got rc %d %s %s", missing_schema[i], h.rc, h.state, h.msg);
        hres_free(&h);
    }
    static const char q2[] =
        "select \"first_name\"\" from customers; --\" from customersdb.public.customers";
    hrun(f->st, q2, sizeof q2 - 1, &h);
    CHECK(f, h.rc == SQL_ERROR && (!strcmp(h.state, "42S22") || !strcmp(h.state, "42703")),
          "%s: want 42S22 (or 42703), got rc %d %s %s", q2, h.rc, h.state, h.msg);
    hres_free(&h);

    /* a real remote table whose table and column names need quoting in the
     * SQL sent to PostgreSQL */
    static const char q3[] = "select count(*) from " ODD_TABLE_MESH " where \"we\"\"ird\" >= 2";
    hrun(f->st, q3, sizeof q3 - 1, &h);
    CHECK(f, is_value(&h, "2"), "%s: want 2, got rc %d %s %s %s", q3, h.rc,
          h.val ? h.val : "(none)", h.state, h.msg);
    hres_free(&h);
    static const char q4[] = "select \"a b\" from " ODD_TABLE_MESH " where \"we\"\"ird\" = 3";
    hrun(f->st, q4, sizeof q4 - 1, &h);
    CHECK(f, is_value(&h, "z'q"), "%s: want z'q, got rc %d %s %s %s", q4, h.rc,
          h.val ? h.val : "(none)", h.state, h.msg);
    hres_free(&h);
    static const char q5[] = "select count(*) from " ODD_TABLE_MESH " o join "
                             "customersdb.public.customers c on c.id = o.\"we\"\"ird\" "
                             "where o.\"a b\" <> 'x'";
    hrun(f->st, q5, sizeof q5 - 1, &h);
    CHECK(f, is_value(&h, "2"), "%s: want 2, got rc %d %s %s %s", q5, h.rc,
          h.val ? h.val : "(none)", h.state, h.msg);
    hres_free(&h);
    handle_usable(f, "the identifiers");
    assert_int_equal(f->failures, 0);
}

/* ------------------------------------------- statements that must not run */

static void test_hostile_statements(void **state)
{
    fixture *f = *state;
    f->failures = 0;
    /* must fail: every catalog of this connection is read_only (42501 for
     * the writes, 42000/0A000 for the rest), and these must never reach
     * a server (writes themselves are tested in test_writes.c) */
    static const char *const must_fail[] = {
        "drop table customersdb.public.customers",
        "delete from customersdb.public.customers",
        "insert into customersdb.public.customers values (1000, 'a', 'b')",
        "update customersdb.public.customers set first_name = 'x'",
        "create table customersdb.public.evil (a int)",
        "create schema customersdb.evil",
        "alter table customersdb.public.customers rename to gone",
        "truncate table customersdb.public.customers",
        "grant select on customersdb.public.customers to public",
        "select count(*) from customersdb.public.customers where pg_sleep(1) is not null",
        "select count(*) from customersdb.public.customers where "
        "current_setting('is_superuser') = 'on'",
        "select count(*) from customersdb.public.customers where "
        "pg_terminate_backend(pg_backend_pid())",
        "select * from customersdb.public.customers where id = 1 /* unterminated",
        "select 'unterminated",
        "select \"unterminated",
        "select 1 from customersdb.public.customers where first_name = 'a' 'b' 'c' = ",
        "",
        "   ",
        ";",
    };
    for (size_t i = 0; i < sizeof must_fail / sizeof must_fail[0]; i++) {
        hres h;
        hrun(f->st, must_fail[i], strlen(must_fail[i]), &h);
        CHECK(f, clear_error(&h), "[%s] want a clear error, got rc %d %s %s", must_fail[i], h.rc,
              h.state, h.msg);
        hres_free(&h);
        handle_usable(f, must_fail[i]);
    }
    /* may answer or fail, but clearly (checked for damage at the end) */
    static const char *const either[] = {
        "select 1; drop table customersdb.public.customers",
        "select 1; select 2",
        "select count(*) from customersdb.public.customers; delete from customersdb.public.customers",
        "select E'\\''",
        "select E'abc'",
        "select $$abc$$",
        "select $tag$abc$tag$",
        "select U&'\\0041'",
        "select X'41'",
        "select chr(0)",
        "select 1 --",
        "select {fn ucase('a')}",
        "select ?",
        "select count(*) from customersdb.public.customers where first_name = ?",
        "select count(*) from customersdb.public.customers where first_name = $1",
        "select count(*) from customersdb.pg_catalog.pg_class",
        "show tables from customersdb.\"public\"\"; drop table customers; --\"",
        "describe customersdb.public.\"customers\"\"; drop\"",
    };
    for (size_t i = 0; i < sizeof either / sizeof either[0]; i++) {
        hres h;
        hrun(f->st, either[i], strlen(either[i]), &h);
        CHECK(f, h.rc == SQL_SUCCESS || clear_error(&h), "[%s] want a result or a clear error, "
              "got rc %d %s %s", either[i], h.rc, h.state, h.msg);
        hres_free(&h);
        handle_usable(f, either[i]);
    }
    assert_int_equal(f->failures, 0);
}

/* ------------------------------------------------------ size and depth */

/* Runs b: a result equal to want, or a clear error (one of the states
 * listed, or any when states is NULL); the handle works afterwards. */
static void result_or_error(fixture *f, const char *what, const sbuf *b, const char *want,
                            const char *const *states)
{
    hres h;
    hrun_sb(f->st, b, &h);
    if (h.rc == SQL_SUCCESS) {
        CHECK(f, is_value(&h, want), "%s: want %s, got %s (%d rows)", what, want,
              h.val ? h.val : "(null)", h.nrows);
    } else {
        bool listed = states == NULL;
        for (int i = 0; states && states[i]; i++)
            listed |= !strcmp(h.state, states[i]);
        CHECK(f, clear_error(&h) && listed, "%s: want %s or a clear error, got rc %d [%s] %.200s",
              what, want, h.rc, h.state, h.msg);
        fprintf(stderr, "note: %s -> %s %.200s\n", what, h.state, h.msg);
    }
    hres_free(&h);
    handle_usable(f, what);
}

static const char *const too_deep[] = {"54001", NULL};

static void repeat(sbuf *b, const char *s, int n)
{
    for (int i = 0; i < n; i++)
        sb_str(b, s);
}

static void test_deep_nesting(void **state)
{
    fixture *f = *state;
    sbuf b = {0};
    f->failures = 0;

    sb_str(&b, "select ");
    repeat(&b, "(", 10000);
    sb_str(&b, "1");
    repeat(&b, ")", 10000);
    result_or_error(f, "10,000 parentheses around 1", &b, "1", too_deep);
    sb_free(&b);

    sb_str(&b, "select count(*) from customersdb.public.customers where id = ");
    repeat(&b, "(", 10000);
    sb_str(&b, "1");
    repeat(&b, ")", 10000);
    result_or_error(f, "10,000 parentheses in a pushed filter", &b, "1", too_deep);
    sb_free(&b);

    sb_str(&b, "select count(*) from customersdb.public.customers where ");
    repeat(&b, "(", 10000);
    sb_str(&b, "id");
    repeat(&b, ")", 10000);
    sb_str(&b, " <= 3");
    result_or_error(f, "10,000 parentheses around a column", &b, "3", too_deep);
    sb_free(&b);

    sb_str(&b, "select count(*) from customersdb.public.customers where ");
    repeat(&b, "not ", 100000);
    sb_str(&b, "id = 1");
    result_or_error(f, "100,000 NOTs", &b, "1", too_deep);
    sb_free(&b);

    sb_str(&b, "select ");
    repeat(&b, "- ", 100000);
    sb_str(&b, "1");
    result_or_error(f, "100,000 unary minuses", &b, "1", too_deep);
    sb_free(&b);

    sb_str(&b, "select count(*) from customersdb.public.customers where id < 0");
    repeat(&b, "+1", 200000);
    result_or_error(f, "200,000 additions", &b, "100", too_deep);
    sb_free(&b);

    sb_str(&b, "select count(*) from ");
    repeat(&b, "(select * from ", 5000);
    sb_str(&b, "customersdb.public.customers");
    repeat(&b, ")", 5000);
    result_or_error(f, "5,000 nested subqueries", &b, "100", too_deep);
    sb_free(&b);

    sb_str(&b, "select ");
    repeat(&b, "case when true then ", 10000);
    sb_str(&b, "1");
    repeat(&b, " end", 10000);
    result_or_error(f, "10,000 nested CASEs", &b, "1", too_deep);
    sb_free(&b);

    sb_str(&b, "select ");
    repeat(&b, "coalesce(", 10000);
    sb_str(&b, "1");
    repeat(&b, ")", 10000);
    result_or_error(f, "10,000 nested function calls", &b, "1", too_deep);
    sb_free(&b);

    assert_int_equal(f->failures, 0);
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* A catalog file like the cluster's, whose customersdb sessions cancel any
 * statement after 15 s (libpq options). Returns its path (static). */
static const char *timeout_catalogs(void)
{
    static char path[4096];
    snprintf(path, sizeof path, "%s/hostile_timeout.ini", getenv("MESH_TEST_DIR"));
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fprintf(fp, "[customersdb]\nconnector = postgresql\nhost = 127.0.0.1\nport = %s\n"
            "dbname = postgres\nuser = postgres\npassword = postgres\n"
            "options = -c standard_conforming_strings=on -c statement_timeout=15s\n",
            getenv("MESH_PORT_CUSTOMERSDB"));
    fclose(fp);
    return path;
}

static void test_huge_statements(void **state)
{
    fixture *f = *state;
    sbuf b = {0};
    f->failures = 0;

    /* a 10 MB string literal */
    const size_t mb10 = 10u << 20;
    char *x = malloc(mb10);
    memset(x, 'x', mb10);
    sb_str(&b, "select length(");
    sb_lit(&b, x, mb10);
    sb_str(&b, ")");
    result_or_error(f, "a 10 MB literal", &b, "10485760", NULL);
    sb_free(&b);
    free(x);

    /* a 10 MB chain of ORs in a filter that can be pushed down: answered,
     * or refused by the engine as too large (54xxx), on a connection whose
     * customersdb sessions have a statement_timeout -- so that a predicate
     * shipped whole does not overwhelm the server but fails with 57014
     * instead (without the timeout, the PostgreSQL backend that received the
     * whole chain grew to 22 GB before the kernel's OOM killer stopped it) */
    sb_str(&b, "select count(*) from customersdb.public.customers where id = 0");
    for (int k = 1; b.len < mb10; k++)
        sb_fmt(&b, " or id = %d", k);
    {
        ou_conn c;
        ou_diag d;
        hres h;
        SQLHSTMT st = SQL_NULL_HSTMT;
        char cs[8192];
        snprintf(cs, sizeof cs, "Driver=MeshODBC;Catalogs={%s};", timeout_catalogs());
        assert_true(SQL_SUCCEEDED(ou_connect(&c, cs, &d)));
        assert_true(SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, c.dbc, &st)));
        double t0 = now_s();
        hrun_sb(st, &b, &h);
        fprintf(stderr, "note: a 10 MB chain of ORs -> rc %d %s %s %.200s (%.1f s)\n", h.rc,
                h.val ? h.val : "", h.state, h.msg, now_s() - t0);
        CHECK(f, is_value(&h, "100") || (clear_error(&h) && !strncmp(h.state, "54", 2)),
              "a 10 MB chain of ORs: want 100 or 54xxx from the engine, got rc %d %s %.300s",
              h.rc, h.state, h.msg);
        hres_free(&h);
        static const char q[] = "select count(*) from customersdb.public.customers";
        hrun(st, q, sizeof q - 1, &h);
        CHECK(f, is_value(&h, "100"), "after the OR chain: rc %d %s %s", h.rc, h.state, h.msg);
        hres_free(&h);
        SQLFreeHandle(SQL_HANDLE_STMT, st);
        ou_disconnect(&c);
    }
    sb_free(&b);

    /* 100,000 items in an IN list: must answer */
    sb_str(&b, "select count(*) from customersdb.public.customers where id in (");
    for (int k = 1; k <= 100000; k++)
        sb_fmt(&b, k > 1 ? ",%d" : "%d", k);
    sb_str(&b, ")");
    {
        hres h;
        hrun_sb(f->st, &b, &h);
        CHECK(f, is_value(&h, "100"), "100,000-item IN list: want 100, got rc %d %s %s %.200s",
              h.rc, h.val ? h.val : "(none)", h.state, h.msg);
        hres_free(&h);
        handle_usable(f, "the IN list");
    }
    sb_free(&b);

    /* 100,000 strings in an IN list, some of them hostile */
    sb_str(&b, "select count(*) from customersdb.public.customers where first_name in ('Michael'");
    for (int k = 1; k < 100000; k++)
        sb_fmt(&b, k % 3 ? ",'x%d'''" : ",'\\%d$$'", k);
    sb_str(&b, ")");
    {
        hres h;
        hrun_sb(f->st, &b, &h);
        CHECK(f, is_value(&h, "2"), "100,000-string IN list: want 2, got rc %d %s %s %.200s",
              h.rc, h.val ? h.val : "(none)", h.state, h.msg);
        hres_free(&h);
        handle_usable(f, "the string IN list");
    }
    sb_free(&b);

    /* the same IN list across catalogs, joined */
    sb_str(&b, "select count(*) from customersdb.public.customers c join ordersdb.public.orders o "
               "on o.user_id = c.id where o.id in (");
    for (int k = 1; k <= 100000; k++)
        sb_fmt(&b, k > 1 ? ",%d" : "%d", k);
    sb_str(&b, ")");
    {
        hres h;
        hrun_sb(f->st, &b, &h);
        CHECK(f, is_value(&h, "99"), "joined IN list: want 99, got rc %d %s %s %.200s", h.rc,
              h.val ? h.val : "(none)", h.state, h.msg);
        hres_free(&h);
        handle_usable(f, "the joined IN list");
    }
    sb_free(&b);
    assert_int_equal(f->failures, 0);
}

/* ------------------------------------------------------ password leaks */

static const char *leak_needles[] = {SECRET_FILE_PW, SECRET_CONN_PW, "9f8e7d"};
static char trace_file[4096];      /* MESHODBC_TRACE, set in main */
static const char *leak_skip;       /* the catalog file, which holds it */
static int leak_hits;

/* nftw callback: reports any regular file holding a needle. */
static int leak_scan(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)ftw;
    if (flag != FTW_F || !S_ISREG(sb->st_mode) || (leak_skip && !strcmp(path, leak_skip)))
        return 0;
    if (sb->st_size > (64 << 20))
        return 0;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return 0;
    char *buf = malloc((size_t)sb->st_size + 1);
    size_t n = fread(buf, 1, (size_t)sb->st_size, fp);
    fclose(fp);
    for (size_t i = 0; i < sizeof leak_needles / sizeof leak_needles[0]; i++)
        if (memmem(buf, n, leak_needles[i], strlen(leak_needles[i]))) {
            fprintf(stderr, "password leak: '%s' found in %s\n", leak_needles[i], path);
            leak_hits++;
            break;
        }
    free(buf);
    return 0;
}

/* Checks every diagnostic record of handle h for the password. */
static void diag_no_secret(fixture *f, SQLSMALLINT type, SQLHANDLE h, const char *what,
                           int *nrecs)
{
    for (SQLSMALLINT rec = 1; rec < 50; rec++) {
        char state[6], msg[4096];
        SQLINTEGER native;
        SQLSMALLINT len;
        if (!SQL_SUCCEEDED(SQLGetDiagRec(type, h, rec, (SQLCHAR *)state, &native,
                                         (SQLCHAR *)msg, sizeof msg, &len)))
            break;
        (*nrecs)++;
        CHECK(f, !strstr(msg, "9f8e7d"), "%s: diagnostic record %d holds the password: %s", what,
              rec, msg);
        /* the same text through SQLGetDiagField */
        char field[4096];
        if (SQL_SUCCEEDED(SQLGetDiagField(type, h, rec, SQL_DIAG_MESSAGE_TEXT, field, sizeof field,
                                          &len)))
            CHECK(f, !strstr(field, "9f8e7d"), "%s: SQL_DIAG_MESSAGE_TEXT %d holds the password",
                  what, rec);
    }
}

static void test_password_never_leaks(void **state)
{
    fixture *f = *state;
    const char *dir = getenv("MESH_TEST_DIR");
    char path[4096], body[2048], cs[8192];
    SQLCHAR out[4096];
    SQLSMALLINT outlen = 0;
    ou_conn c;
    hres h;
    int nrecs = 0;
    f->failures = 0;
    assert_non_null(dir);

    snprintf(path, sizeof path, "%s/hostile_password.ini", dir);
    snprintf(body, sizeof body,
             "[customersdb]\nconnector = postgresql\nhost = 127.0.0.1\nport = %s\n"
             "dbname = postgres\nuser = postgres\npassword = " SECRET_FILE_PW "\n\n"
             "[ordersdb]\nconnector = postgresql\nhost = 127.0.0.1\nport = %s\n"
             "dbname = postgres\nuser = postgres\npassword = postgres\n",
             getenv("MESH_PORT_CUSTOMERSDB"), getenv("MESH_PORT_ORDERSDB"));
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(body, fp);
    fclose(fp);
    leak_skip = path;

    /* the connection string carries a password of its own, too */
    snprintf(cs, sizeof cs, "Driver=MeshODBC;Catalogs={%s};UID=postgres;PWD=" SECRET_CONN_PW ";",
             path);
    memset(&c, 0, sizeof c);
    SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &c.env);
    SQLSetEnvAttr(c.env, SQL_ATTR_ODBC_VERSION, (SQLPOINTER)SQL_OV_ODBC3, 0);
    SQLAllocHandle(SQL_HANDLE_DBC, c.env, &c.dbc);
    SQLRETURN rc = SQLDriverConnect(c.dbc, NULL, (SQLCHAR *)cs, SQL_NTS, out, sizeof out, &outlen,
                                    SQL_DRIVER_NOPROMPT);
    diag_no_secret(f, SQL_HANDLE_DBC, c.dbc, "connect", &nrecs);
    assert_true(SQL_SUCCEEDED(rc));
    CHECK(f, !strstr((char *)out, SECRET_FILE_PW), "the output connection string holds the "
          "catalog file's password: %s", (char *)out);

    SQLHSTMT st;
    assert_true(SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, c.dbc, &st)));
    static const char *const fails[] = {
        "select count(*) from customersdb.public.customers",
        "select count(*) from customersdb.public.customers c join ordersdb.public.orders o "
        "on o.user_id = c.id",
        "show tables from customersdb.public",
    };
    for (size_t i = 0; i < sizeof fails / sizeof fails[0]; i++) {
        SQLFreeStmt(st, SQL_CLOSE);
        rc = SQLExecDirect(st, (SQLCHAR *)fails[i], SQL_NTS);
        if (SQL_SUCCEEDED(rc)) {
            /* execution may be lazy: the error may come with the fetch */
            rc = SQLFetch(st);
        }
        CHECK(f, rc == SQL_ERROR, "%s: want 28000, got rc %d", fails[i], rc);
        char state5[6] = "";
        SQLINTEGER native;
        SQLSMALLINT len;
        char msg[2048] = "";
        SQLGetDiagRec(SQL_HANDLE_STMT, st, 1, (SQLCHAR *)state5, &native, (SQLCHAR *)msg,
                      sizeof msg, &len);
        CHECK(f, !strcmp(state5, "28000"), "%s: want 28000, got %s %s", fails[i], state5, msg);
        diag_no_secret(f, SQL_HANDLE_STMT, st, fails[i], &nrecs);
        diag_no_secret(f, SQL_HANDLE_DBC, c.dbc, fails[i], &nrecs);
    }
    static const char okq[] = "select count(*) from ordersdb.public.orders";
    hrun(st, okq, sizeof okq - 1, &h);
    CHECK(f, is_value(&h, "99"), "%s on the good catalog: rc %d %s %s", okq, h.rc, h.state, h.msg);
    hres_free(&h);
    CHECK(f, nrecs >= 3, "only %d diagnostic records were read", nrecs);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    ou_disconnect(&c);

    /* the trace file (MESHODBC_TRACE), the servers' logs, every file in
     * the test directory except the catalog file itself */
    leak_hits = 0;
    nftw(dir, leak_scan, 16, FTW_PHYS);
    struct stat tsb;
    if (stat(trace_file, &tsb) == 0) {
        if (strncmp(trace_file, dir, strlen(dir)))
            nftw(trace_file, leak_scan, 4, FTW_PHYS);
        fprintf(stderr, "note: trace file %s holds %lld bytes\n", trace_file,
                (long long)tsb.st_size);
    } else {
        fprintf(stderr, "note: no trace file was written at %s (MESHODBC_TRACE)\n", trace_file);
    }
    CHECK(f, leak_hits == 0, "the password appears in %d file(s)", leak_hits);
    leak_skip = NULL;
    remove(path);
    assert_int_equal(f->failures, 0);
}

/* ------------------------------------------------------ nothing changed */

static void test_servers_unchanged(void **state)
{
    fixture *f = *state;
    hres h;
    f->failures = 0;
    static const char *const counts[][2] = {
        {"select count(*) from customersdb.public.customers", "100"},
        {"select count(*) from ordersdb.public.orders", "99"},
        {"select count(*) from paymentsdb.public.payments", "113"},
    };
    for (size_t i = 0; i < 3; i++) {
        hrun(f->st, counts[i][0], strlen(counts[i][0]), &h);
        CHECK(f, is_value(&h, counts[i][1]), "%s: want %s, got rc %d %s %s %s", counts[i][0],
              counts[i][1], h.rc, h.val ? h.val : "(none)", h.state, h.msg);
        hres_free(&h);
    }
    static const char *const seed_sums[NSERVERS] = {"100/5050/", "99/4950/", "113/6441/"};
    for (int i = 0; i < NSERVERS; i++) {
        char *after = snapshot(f, i);
        CHECK(f, !strcmp(after, f->before[i]), "server %s changed:\nbefore:\n%s\nafter:\n%s",
              server_name[i], f->before[i], after);
        CHECK(f, !strncmp(f->before[i], seed_sums[i], strlen(seed_sums[i])),
              "server %s does not hold the seed data: %s", server_name[i], f->before[i]);
        free(after);
    }
    assert_int_equal(f->failures, 0);
}

int main(void)
{
    /* the driver's trace file, set before the driver manager loads it */
    const char *dir = getenv("MESH_TEST_DIR");
    snprintf(trace_file, sizeof trace_file, "%s/hostile_trace.log", dir ? dir : "/tmp");
    setenv("MESHODBC_TRACE", trace_file, 1);

    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quoted_identifiers),
        cmocka_unit_test(test_literals_roundtrip),
        cmocka_unit_test(test_literals_pushed_filters),
        cmocka_unit_test(test_long_hostile_literal),
        cmocka_unit_test(test_nul_bytes),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_hostile_statements),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_huge_statements),
        cmocka_unit_test(test_password_never_leaks),
        cmocka_unit_test(test_servers_unchanged),
    };
    return cmocka_run_group_tests_name("odbc_hostile", tests, setup, teardown);
}
