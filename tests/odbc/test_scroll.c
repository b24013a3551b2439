/*
 * tests/odbc/test_scroll.c
 *   Scrollable cursors through the driver manager: every SQLFetchScroll
 *   orientation over a static cursor with its before-first / after-last
 *   positions and SQL_NO_DATA, rowsets larger than one row with status
 *   arrays, bookmarks (column 0, SQL_FETCH_BOOKMARK), SQLSetPos
 *   (SQL_POSITION, SQL_REFRESH; writes HYC00), spilling to a temporary
 *   file under a tiny StaticCursorMemory (removed on close), cursor
 *   names, SQLExtendedFetch under ODBC 2, and the SQLGetInfo claims.
 * Interface: main (cmocka).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <unistd.h>
#include <cmocka.h>

#include "odbc_util.h"

#define Q_CUST "select id, first_name from customersdb.public.customers " \
               "order by id"
/* 9,900 rows: big enough to spill and to flush the spill buffer */
#define Q_CROSS "select c.id, o.id, c.first_name from " \
                "customersdb.public.customers c cross join " \
                "ordersdb.public.orders o order by 1, 2"

static ou_conn conn;

OU_CONN_FIXTURE(conn, OU_DSN)

/* Prints the first diagnostic of a statement when rc is not `want`. */
static void expect_rc(SQLHSTMT st, SQLRETURN rc, SQLRETURN want,
                      const char *what)
{
    if (rc != want) {
        ou_diag d;
        memset(&d, 0, sizeof d);
        ou_last_diag(SQL_HANDLE_STMT, st, &d);
        fprintf(stderr, "%s: rc %d (want %d) %s %s\n", what, (int)rc,
                (int)want, d.sqlstate, d.message);
    }
    assert_int_equal(rc, want);
}

/* Expects SQL_ERROR (or SWI when want_rc says so) with sqlstate. */
static void expect_state(SQLHSTMT st, SQLRETURN rc, SQLRETURN want_rc,
                         const char *state)
{
    ou_diag d;
    memset(&d, 0, sizeof d);
    ou_last_diag(SQL_HANDLE_STMT, st, &d);
    if (rc != want_rc || strcmp(d.sqlstate, state))
        fprintf(stderr, "rc %d %s %s (want %d %s)\n", (int)rc, d.sqlstate,
                d.message, (int)want_rc, state);
    assert_int_equal(rc, want_rc);
    assert_string_equal(d.sqlstate, state);
}

/* A statement with a static cursor over sql, executed. */
static SQLHSTMT static_stmt(ou_conn *c, const char *sql)
{
    SQLHSTMT st;
    assert_true(SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, c->dbc, &st)));
    expect_rc(st, SQLSetStmtAttr(st, SQL_ATTR_CURSOR_TYPE,
                                 (SQLPOINTER)SQL_CURSOR_STATIC, 0),
              SQL_SUCCESS, "cursor type");
    expect_rc(st, SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS), SQL_SUCCESS,
              sql);
    return st;
}

/* Fetches with orient/off (rowset of one) and returns the id read with
 * SQLGetData, or 0 for SQL_NO_DATA. */
static long scroll1(SQLHSTMT st, SQLSMALLINT orient, SQLLEN off)
{
    SQLRETURN rc = SQLFetchScroll(st, orient, off);
    if (rc == SQL_NO_DATA)
        return 0;
    expect_rc(st, rc, SQL_SUCCESS, "fetch scroll");
    SQLINTEGER id = -1;
    SQLLEN ind;
    expect_rc(st, SQLGetData(st, 1, SQL_C_SLONG, &id, 0, &ind), SQL_SUCCESS,
              "get data");
    return id;
}

/* The current row number (SQL_ATTR_ROW_NUMBER). */
static SQLULEN row_number(SQLHSTMT st)
{
    SQLULEN n = 99999;
    expect_rc(st, SQLGetStmtAttr(st, SQL_ATTR_ROW_NUMBER, &n, 0, NULL),
              SQL_SUCCESS, "row number");
    return n;
}

/* Forward-only stays the default: only SQL_FETCH_NEXT, no SQLSetPos. */
static void test_forward_only(void **state)
{
    (void)state;
    SQLHSTMT st;
    SQLULEN v = 99;
    assert_true(SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, conn.dbc, &st)));
    SQLGetStmtAttr(st, SQL_ATTR_CURSOR_TYPE, &v, 0, NULL);
    assert_int_equal(v, SQL_CURSOR_FORWARD_ONLY);
    SQLGetStmtAttr(st, SQL_ATTR_CURSOR_SCROLLABLE, &v, 0, NULL);
    assert_int_equal(v, SQL_NONSCROLLABLE);
    expect_rc(st, SQLExecDirect(st, (SQLCHAR *)Q_CUST, SQL_NTS), SQL_SUCCESS,
              "exec");
    expect_state(st, SQLFetchScroll(st, SQL_FETCH_FIRST, 0), SQL_ERROR,
                 "HY106");
    assert_int_equal(scroll1(st, SQL_FETCH_NEXT, 0), 1);
    assert_int_equal(scroll1(st, SQL_FETCH_NEXT, 0), 2);
    expect_state(st, SQLSetPos(st, 1, SQL_POSITION, SQL_LOCK_NO_CHANGE),
                 SQL_ERROR, "HYC00");
    /* the type cannot change under an open cursor */
    expect_state(st, SQLSetStmtAttr(st, SQL_ATTR_CURSOR_TYPE,
                                    (SQLPOINTER)SQL_CURSOR_STATIC, 0),
                 SQL_ERROR, "24000");
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

/* Every orientation with a rowset of one row. */
static void test_orientations(void **state)
{
    (void)state;
    SQLHSTMT st = static_stmt(&conn, Q_CUST);
    SQLULEN v = 0;
    SQLGetStmtAttr(st, SQL_ATTR_CURSOR_SCROLLABLE, &v, 0, NULL);
    assert_int_equal(v, SQL_SCROLLABLE);
    /* before the start: PRIOR stays there */
    assert_int_equal(scroll1(st, SQL_FETCH_PRIOR, 0), 0);
    assert_int_equal(scroll1(st, SQL_FETCH_NEXT, 0), 1);
    assert_int_equal(row_number(st), 1);
    assert_int_equal(scroll1(st, SQL_FETCH_NEXT, 0), 2);
    assert_int_equal(scroll1(st, SQL_FETCH_LAST, 0), 100);
    assert_int_equal(row_number(st), 100);
    /* after the end, NEXT stays there and PRIOR comes back */
    assert_int_equal(scroll1(st, SQL_FETCH_NEXT, 0), 0);
    assert_int_equal(scroll1(st, SQL_FETCH_NEXT, 0), 0);
    assert_int_equal(scroll1(st, SQL_FETCH_PRIOR, 0), 100);
    assert_int_equal(scroll1(st, SQL_FETCH_PRIOR, 0), 99);
    assert_int_equal(scroll1(st, SQL_FETCH_ABSOLUTE, 50), 50);
    assert_int_equal(scroll1(st, SQL_FETCH_RELATIVE, -10), 40);
    assert_int_equal(scroll1(st, SQL_FETCH_RELATIVE, 0), 40);
    assert_int_equal(scroll1(st, SQL_FETCH_RELATIVE, 60), 100);
    assert_int_equal(scroll1(st, SQL_FETCH_RELATIVE, 1), 0);   /* after */
    assert_int_equal(scroll1(st, SQL_FETCH_RELATIVE, -3), 98); /* from after */
    assert_int_equal(scroll1(st, SQL_FETCH_ABSOLUTE, -1), 100);
    assert_int_equal(scroll1(st, SQL_FETCH_ABSOLUTE, -100), 1);
    assert_int_equal(scroll1(st, SQL_FETCH_ABSOLUTE, -101), 0);  /* before */
    assert_int_equal(scroll1(st, SQL_FETCH_RELATIVE, -1), 0);
    assert_int_equal(scroll1(st, SQL_FETCH_RELATIVE, 5), 5);     /* from before */
    assert_int_equal(scroll1(st, SQL_FETCH_RELATIVE, -5), 0);    /* before */
    assert_int_equal(scroll1(st, SQL_FETCH_ABSOLUTE, 0), 0);
    assert_int_equal(scroll1(st, SQL_FETCH_ABSOLUTE, 101), 0);
    assert_int_equal(scroll1(st, SQL_FETCH_FIRST, 0), 1);
    assert_int_equal(scroll1(st, SQL_FETCH_PRIOR, 0), 0);
    /* SQLFetch mixes with SQLFetchScroll: NEXT from before the start */
    expect_rc(st, SQLFetch(st), SQL_SUCCESS, "fetch");
    assert_int_equal(row_number(st), 1);
    expect_state(st, SQLFetchScroll(st, 99, 0), SQL_ERROR, "HY106");
    /* re-execution starts over */
    SQLCloseCursor(st);
    expect_rc(st, SQLExecDirect(st, (SQLCHAR *)Q_CUST, SQL_NTS), SQL_SUCCESS,
              "exec");
    assert_int_equal(scroll1(st, SQL_FETCH_ABSOLUTE, 7), 7);
    SQLFreeHandle(SQL_HANDLE_STMT, st);

    /* an empty result: every orientation is SQL_NO_DATA */
    st = static_stmt(&conn, "select id from customersdb.public.customers "
                            "where id < 0");
    assert_int_equal(scroll1(st, SQL_FETCH_LAST, 0), 0);
    assert_int_equal(scroll1(st, SQL_FETCH_FIRST, 0), 0);
    assert_int_equal(scroll1(st, SQL_FETCH_ABSOLUTE, -1), 0);
    assert_int_equal(scroll1(st, SQL_FETCH_PRIOR, 0), 0);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

/* Rowsets of 10 rows, column-wise, with status array and row count. */
static void test_rowsets(void **state)
{
    (void)state;
    SQLHSTMT st;
    SQLINTEGER ids[10];
    SQLLEN ind[10];
    SQLUSMALLINT status[10];
    SQLULEN got = 0;
    assert_true(SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, conn.dbc, &st)));
    /* keyset and dynamic become static with 01S02 */
    expect_state(st, SQLSetStmtAttr(st, SQL_ATTR_CURSOR_TYPE,
                                    (SQLPOINTER)SQL_CURSOR_KEYSET_DRIVEN, 0),
                 SQL_SUCCESS_WITH_INFO, "01S02");
    SQLULEN v = 0;
    SQLGetStmtAttr(st, SQL_ATTR_CURSOR_TYPE, &v, 0, NULL);
    assert_int_equal(v, SQL_CURSOR_STATIC);
    SQLSetStmtAttr(st, SQL_ATTR_ROW_ARRAY_SIZE, (SQLPOINTER)10, 0);
    SQLSetStmtAttr(st, SQL_ATTR_ROW_STATUS_PTR, status, 0);
    SQLSetStmtAttr(st, SQL_ATTR_ROWS_FETCHED_PTR, &got, 0);
    SQLBindCol(st, 1, SQL_C_SLONG, ids, 0, ind);
    expect_rc(st, SQLExecDirect(st, (SQLCHAR *)Q_CUST, SQL_NTS), SQL_SUCCESS,
              "exec");
    expect_rc(st, SQLFetchScroll(st, SQL_FETCH_FIRST, 0), SQL_SUCCESS, "first");
    assert_int_equal(got, 10);
    for (int i = 0; i < 10; i++) {
        assert_int_equal(ids[i], i + 1);
        assert_int_equal(status[i], SQL_ROW_SUCCESS);
    }
    expect_rc(st, SQLFetchScroll(st, SQL_FETCH_NEXT, 0), SQL_SUCCESS, "next");
    assert_int_equal(ids[0], 11);
    assert_int_equal(ids[9], 20);
    expect_rc(st, SQLFetchScroll(st, SQL_FETCH_LAST, 0), SQL_SUCCESS, "last");
    assert_int_equal(ids[0], 91);
    assert_int_equal(ids[9], 100);
    /* a partial rowset at the end */
    expect_rc(st, SQLFetchScroll(st, SQL_FETCH_ABSOLUTE, 95), SQL_SUCCESS,
              "abs 95");
    assert_int_equal(got, 6);
    assert_int_equal(ids[5], 100);
    assert_int_equal(status[5], SQL_ROW_SUCCESS);
    for (int i = 6; i < 10; i++)
        assert_int_equal(status[i], SQL_ROW_NOROW);
    /* NEXT past a partial rowset: after the end */
    assert_int_equal(SQLFetchScroll(st, SQL_FETCH_NEXT, 0), SQL_NO_DATA);
    /* PRIOR from after the end: the last full rowset */
    expect_rc(st, SQLFetchScroll(st, SQL_FETCH_PRIOR, 0), SQL_SUCCESS, "prior");
    assert_int_equal(ids[0], 91);
    /* PRIOR from row 5: row 1 with 01S06 */
    expect_rc(st, SQLFetchScroll(st, SQL_FETCH_ABSOLUTE, 5), SQL_SUCCESS,
              "abs 5");
    expect_state(st, SQLFetchScroll(st, SQL_FETCH_PRIOR, 0),
                 SQL_SUCCESS_WITH_INFO, "01S06");
    assert_int_equal(ids[0], 1);
    assert_int_equal(got, 10);
    /* RELATIVE -3 from 11 */
    expect_rc(st, SQLFetchScroll(st, SQL_FETCH_ABSOLUTE, 11), SQL_SUCCESS,
              "abs 11");
    expect_rc(st, SQLFetchScroll(st, SQL_FETCH_RELATIVE, -3), SQL_SUCCESS,
              "rel -3");
    assert_int_equal(ids[0], 8);
    assert_int_equal(ids[9], 17);
    /* RELATIVE -9 from 8: row 1 with 01S06; -20 from 8: before */
    expect_rc(st, SQLFetchScroll(st, SQL_FETCH_ABSOLUTE, 8), SQL_SUCCESS,
              "abs 8");
    expect_state(st, SQLFetchScroll(st, SQL_FETCH_RELATIVE, -9),
                 SQL_SUCCESS_WITH_INFO, "01S06");
    assert_int_equal(ids[0], 1);
    expect_rc(st, SQLFetchScroll(st, SQL_FETCH_ABSOLUTE, 8), SQL_SUCCESS,
              "abs 8");
    assert_int_equal(SQLFetchScroll(st, SQL_FETCH_RELATIVE, -20), SQL_NO_DATA);
    assert_int_equal(got, 0);
    assert_int_equal(status[0], SQL_ROW_NOROW);
    /* ABSOLUTE -n past the start by more than a rowset: before it */
    assert_int_equal(SQLFetchScroll(st, SQL_FETCH_ABSOLUTE, -105), SQL_NO_DATA);
    expect_rc(st, SQLFetchScroll(st, SQL_FETCH_ABSOLUTE, -100), SQL_SUCCESS,
              "abs -100");
    assert_int_equal(ids[0], 1);
    /* SQLGetData in a block reads the current row (the first) */
    SQLINTEGER one = 0;
    SQLLEN oind;
    expect_rc(st, SQLFetchScroll(st, SQL_FETCH_ABSOLUTE, 30), SQL_SUCCESS,
              "abs 30");
    expect_rc(st, SQLGetData(st, 1, SQL_C_SLONG, &one, 0, &oind), SQL_SUCCESS,
              "getdata");
    assert_int_equal(one, 30);
    SQLFreeHandle(SQL_HANDLE_STMT, st);

    /* forward-only blocks keep refusing SQLGetData */
    assert_true(SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, conn.dbc, &st)));
    SQLSetStmtAttr(st, SQL_ATTR_ROW_ARRAY_SIZE, (SQLPOINTER)10, 0);
    SQLBindCol(st, 1, SQL_C_SLONG, ids, 0, ind);
    expect_rc(st, SQLExecDirect(st, (SQLCHAR *)Q_CUST, SQL_NTS), SQL_SUCCESS,
              "exec");
    expect_rc(st, SQLFetch(st), SQL_SUCCESS, "fetch");
    expect_state(st, SQLGetData(st, 1, SQL_C_SLONG, &one, 0, &oind),
                 SQL_ERROR, "HYC00");
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

/* Bookmarks: column 0, SQL_FETCH_BOOKMARK with an offset. */
static void test_bookmarks(void **state)
{
    (void)state;
    SQLHSTMT st;
    unsigned char bm[8], saved[8];
    SQLLEN bml = 0;
    assert_true(SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, conn.dbc, &st)));
    /* without bookmarks column 0 does not exist */
    expect_state(st, SQLBindCol(st, 0, SQL_C_VARBOOKMARK, bm, sizeof bm, &bml),
                 SQL_ERROR, "07009");
    expect_rc(st, SQLSetStmtAttr(st, SQL_ATTR_USE_BOOKMARKS,
                                 (SQLPOINTER)SQL_UB_VARIABLE, 0),
              SQL_SUCCESS, "use bookmarks");
    SQLSetStmtAttr(st, SQL_ATTR_CURSOR_TYPE, (SQLPOINTER)SQL_CURSOR_STATIC, 0);
    expect_rc(st, SQLBindCol(st, 0, SQL_C_VARBOOKMARK, bm, sizeof bm, &bml),
              SQL_SUCCESS, "bind 0");
    expect_rc(st, SQLExecDirect(st, (SQLCHAR *)Q_CUST, SQL_NTS), SQL_SUCCESS,
              "exec");
    /* SQL_FETCH_BOOKMARK before the pointer is set */
    expect_state(st, SQLFetchScroll(st, SQL_FETCH_BOOKMARK, 0), SQL_ERROR,
                 "HY111");
    assert_int_equal(scroll1(st, SQL_FETCH_ABSOLUTE, 42), 42);
    assert_int_equal(bml, 8);
    memcpy(saved, bm, sizeof bm);
    /* SQLGetData on column 0 gives the same bookmark */
    unsigned char gd[8];
    SQLLEN gdl = 0;
    expect_rc(st, SQLGetData(st, 0, SQL_C_VARBOOKMARK, gd, sizeof gd, &gdl),
              SQL_SUCCESS, "getdata 0");
    assert_int_equal(gdl, 8);
    assert_memory_equal(gd, saved, 8);
    assert_int_equal(scroll1(st, SQL_FETCH_FIRST, 0), 1);
    assert_memory_not_equal(bm, saved, 8);
    SQLSetStmtAttr(st, SQL_ATTR_FETCH_BOOKMARK_PTR, saved, 0);
    assert_int_equal(scroll1(st, SQL_FETCH_BOOKMARK, 0), 42);
    assert_int_equal(scroll1(st, SQL_FETCH_BOOKMARK, 3), 45);
    assert_int_equal(scroll1(st, SQL_FETCH_BOOKMARK, -41), 1);
    assert_int_equal(scroll1(st, SQL_FETCH_BOOKMARK, -42), 0);   /* before */
    assert_int_equal(scroll1(st, SQL_FETCH_BOOKMARK, 59), 0);    /* after */
    void *p = NULL;
    SQLGetStmtAttr(st, SQL_ATTR_FETCH_BOOKMARK_PTR, &p, 0, NULL);
    assert_ptr_equal(p, saved);
    /* a bookmark the cursor never gave */
    unsigned char bad[8] = {0};
    SQLSetStmtAttr(st, SQL_ATTR_FETCH_BOOKMARK_PTR, bad, 0);
    expect_state(st, SQLFetchScroll(st, SQL_FETCH_BOOKMARK, 0), SQL_ERROR,
                 "HY111");
    /* SQLBulkOperations by bookmark is HYC00 (test_bulk: SQL_ADD) */
    expect_state(st, SQLBulkOperations(st, SQL_UPDATE_BY_BOOKMARK), SQL_ERROR,
                 "HYC00");
    expect_state(st, SQLBulkOperations(st, SQL_FETCH_BY_BOOKMARK), SQL_ERROR,
                 "HYC00");
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

/* SQLSetPos: SQL_POSITION moves SQLGetData, SQL_REFRESH refills. */
static void test_setpos(void **state)
{
    (void)state;
    SQLHSTMT st;
    SQLINTEGER ids[5];
    SQLLEN ind[5];
    SQLUSMALLINT status[5];
    assert_true(SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, conn.dbc, &st)));
    SQLSetStmtAttr(st, SQL_ATTR_CURSOR_SCROLLABLE, (SQLPOINTER)SQL_SCROLLABLE, 0);
    SQLSetStmtAttr(st, SQL_ATTR_ROW_ARRAY_SIZE, (SQLPOINTER)5, 0);
    SQLSetStmtAttr(st, SQL_ATTR_ROW_STATUS_PTR, status, 0);
    SQLBindCol(st, 1, SQL_C_SLONG, ids, 0, ind);
    expect_rc(st, SQLExecDirect(st, (SQLCHAR *)Q_CUST, SQL_NTS), SQL_SUCCESS,
              "exec");
    /* before any fetch there is no rowset */
    expect_state(st, SQLSetPos(st, 1, SQL_POSITION, SQL_LOCK_NO_CHANGE),
                 SQL_ERROR, "24000");
    expect_rc(st, SQLFetchScroll(st, SQL_FETCH_ABSOLUTE, 20), SQL_SUCCESS,
              "abs 20");
    assert_int_equal(ids[4], 24);
    expect_rc(st, SQLSetPos(st, 3, SQL_POSITION, SQL_LOCK_NO_CHANGE),
              SQL_SUCCESS, "position 3");
    SQLINTEGER one = 0;
    SQLLEN oind;
    expect_rc(st, SQLGetData(st, 1, SQL_C_SLONG, &one, 0, &oind), SQL_SUCCESS,
              "getdata");
    assert_int_equal(one, 22);
    assert_int_equal(row_number(st), 22);
    /* a refresh rewrites the bound buffers */
    memset(ids, 0, sizeof ids);
    memset(status, 0xff, sizeof status);
    expect_rc(st, SQLSetPos(st, 0, SQL_REFRESH, SQL_LOCK_NO_CHANGE),
              SQL_SUCCESS, "refresh");
    for (int i = 0; i < 5; i++) {
        assert_int_equal(ids[i], 20 + i);
        assert_int_equal(status[i], SQL_ROW_SUCCESS);
    }
    ids[1] = 0;
    expect_rc(st, SQLSetPos(st, 2, SQL_REFRESH, SQL_LOCK_NO_CHANGE),
              SQL_SUCCESS, "refresh 2");
    assert_int_equal(ids[1], 21);
    expect_state(st, SQLSetPos(st, 6, SQL_POSITION, SQL_LOCK_NO_CHANGE),
                 SQL_ERROR, "HY107");
    expect_state(st, SQLSetPos(st, 0, SQL_POSITION, SQL_LOCK_NO_CHANGE),
                 SQL_ERROR, "HY109");
    expect_state(st, SQLSetPos(st, 1, SQL_UPDATE, SQL_LOCK_NO_CHANGE),
                 SQL_ERROR, "HYC00");
    expect_state(st, SQLSetPos(st, 1, SQL_DELETE, SQL_LOCK_NO_CHANGE),
                 SQL_ERROR, "HYC00");
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

/* Open descriptors of this process that are the driver's spill files. */
static int spill_files(void)
{
    int n = 0;
    DIR *d = opendir("/proc/self/fd");
    struct dirent *e;
    if (!d)
        return -1;
    while ((e = readdir(d))) {
        char path[300], target[512];
        snprintf(path, sizeof path, "/proc/self/fd/%s", e->d_name);
        ssize_t k = readlink(path, target, sizeof target - 1);
        if (k <= 0)
            continue;
        target[k] = '\0';
        if (strstr(target, "meshodbc-cursor-") && strstr(target, "(deleted)"))
            n++;
    }
    closedir(d);
    return n;
}

/* Reads the whole cross join forward into ids (2 per row). */
static int read_forward(ou_conn *c, SQLINTEGER *ids, int cap)
{
    SQLHSTMT st;
    int n = 0;
    assert_true(SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, c->dbc, &st)));
    expect_rc(st, SQLExecDirect(st, (SQLCHAR *)Q_CROSS, SQL_NTS), SQL_SUCCESS,
              "exec");
    while (SQLFetch(st) == SQL_SUCCESS && n < cap) {
        SQLLEN ind;
        SQLGetData(st, 1, SQL_C_SLONG, &ids[2 * n], 0, &ind);
        SQLGetData(st, 2, SQL_C_SLONG, &ids[2 * n + 1], 0, &ind);
        n++;
    }
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    return n;
}

/* A tiny StaticCursorMemory spills to an unlinked temporary file that
 * disappears on close; every row reads back right. */
static void test_spill(void **state)
{
    (void)state;
    char dir[] = "/tmp/meshodbc-spill-XXXXXX";
    const char *old = getenv("TMPDIR");
    char *keep = old ? strdup(old) : NULL;
    assert_non_null(mkdtemp(dir));
    setenv("TMPDIR", dir, 1);
    ou_conn small;
    ou_diag d;
    if (!SQL_SUCCEEDED(ou_connect(&small, OU_DSN "StaticCursorMemory=1k;", &d)))
        fail_msg("connect: %s %s", d.sqlstate, d.message);
    static SQLINTEGER want[2 * 10000];
    int n = read_forward(&small, want, 10000);
    assert_int_equal(n, 9900);
    /* forward-only never buffers */
    assert_int_equal(spill_files(), 0);

    SQLHSTMT st = static_stmt(&small, Q_CROSS);
    assert_int_equal(spill_files(), 0);           /* nothing read yet */
    expect_rc(st, SQLFetchScroll(st, SQL_FETCH_LAST, 0), SQL_SUCCESS, "last");
    assert_int_equal(spill_files(), 1);
    static const long probe[] = {9900, 1, 5000, 2, 9899, 4321, 100, 7777};
    for (size_t i = 0; i < sizeof probe / sizeof probe[0]; i++) {
        SQLINTEGER a = 0, b = 0;
        SQLLEN ind;
        char name[64];
        expect_rc(st, SQLFetchScroll(st, SQL_FETCH_ABSOLUTE, probe[i]),
                  SQL_SUCCESS, "abs");
        SQLGetData(st, 1, SQL_C_SLONG, &a, 0, &ind);
        SQLGetData(st, 2, SQL_C_SLONG, &b, 0, &ind);
        expect_rc(st, SQLGetData(st, 3, SQL_C_CHAR, name, sizeof name, &ind),
                  SQL_SUCCESS, "name");
        assert_true(ind > 0);
        assert_int_equal(a, want[2 * (probe[i] - 1)]);
        assert_int_equal(b, want[2 * (probe[i] - 1) + 1]);
    }
    /* backwards through the whole result */
    long k = 9900;
    SQLRETURN rc;
    expect_rc(st, SQLFetchScroll(st, SQL_FETCH_LAST, 0), SQL_SUCCESS, "last");
    do {
        SQLINTEGER a = 0, b = 0;
        SQLLEN ind;
        SQLGetData(st, 1, SQL_C_SLONG, &a, 0, &ind);
        SQLGetData(st, 2, SQL_C_SLONG, &b, 0, &ind);
        assert_int_equal(a, want[2 * (k - 1)]);
        assert_int_equal(b, want[2 * (k - 1) + 1]);
        k--;
    } while ((rc = SQLFetchScroll(st, SQL_FETCH_PRIOR, 0)) == SQL_SUCCESS);
    assert_int_equal(rc, SQL_NO_DATA);
    assert_int_equal(k, 0);
    SQLCloseCursor(st);
    assert_int_equal(spill_files(), 0);
    SQLFreeHandle(SQL_HANDLE_STMT, st);

    /* with the default limit the same cursor stays in memory */
    st = static_stmt(&conn, Q_CROSS);
    expect_rc(st, SQLFetchScroll(st, SQL_FETCH_LAST, 0), SQL_SUCCESS, "last");
    assert_int_equal(spill_files(), 0);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    ou_disconnect(&small);
    rmdir(dir);
    if (keep)
        setenv("TMPDIR", keep, 1);
    else
        unsetenv("TMPDIR");
    free(keep);

    /* a malformed size fails the connection */
    assert_false(SQL_SUCCEEDED(ou_connect(&small, OU_DSN
                                          "StaticCursorMemory=lots;", &d)));
    assert_string_equal(d.sqlstate, "08001");
}

/* SQL_ATTR_MAX_ROWS caps what a static cursor holds. */
static void test_max_rows(void **state)
{
    (void)state;
    SQLHSTMT st;
    assert_true(SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, conn.dbc, &st)));
    SQLSetStmtAttr(st, SQL_ATTR_CURSOR_TYPE, (SQLPOINTER)SQL_CURSOR_STATIC, 0);
    SQLSetStmtAttr(st, SQL_ATTR_MAX_ROWS, (SQLPOINTER)30, 0);
    expect_rc(st, SQLExecDirect(st, (SQLCHAR *)Q_CUST, SQL_NTS), SQL_SUCCESS,
              "exec");
    assert_int_equal(scroll1(st, SQL_FETCH_LAST, 0), 30);
    assert_int_equal(scroll1(st, SQL_FETCH_ABSOLUTE, 31), 0);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

/* Cursor names: SQL_CUR<n> defaults, 3C000, 34000, 24000, 01004. */
static void test_cursor_names(void **state)
{
    (void)state;
    SQLHSTMT a, b;
    SQLCHAR name[200];
    SQLSMALLINT len = 0;
    assert_true(SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, conn.dbc, &a)));
    assert_true(SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, conn.dbc, &b)));
    expect_rc(a, SQLGetCursorName(a, name, sizeof name, &len), SQL_SUCCESS,
              "get a");
    assert_int_equal(strncmp((char *)name, "SQL_CUR", 7), 0);
    assert_int_equal(len, (SQLSMALLINT)strlen((char *)name));
    char first[200];
    strcpy(first, (char *)name);
    expect_rc(b, SQLGetCursorName(b, name, sizeof name, &len), SQL_SUCCESS,
              "get b");
    assert_string_not_equal(first, (char *)name);
    /* stable */
    expect_rc(a, SQLGetCursorName(a, name, sizeof name, &len), SQL_SUCCESS,
              "get a again");
    assert_string_equal(first, (char *)name);
    expect_rc(a, SQLSetCursorName(a, (SQLCHAR *)"orders_cur", SQL_NTS),
              SQL_SUCCESS, "set");
    expect_rc(a, SQLGetCursorName(a, name, sizeof name, &len), SQL_SUCCESS,
              "get set");
    assert_string_equal((char *)name, "orders_cur");
    /* truncated */
    expect_state(a, SQLGetCursorName(a, name, 4, &len), SQL_SUCCESS_WITH_INFO,
                 "01004");
    assert_int_equal(len, 10);
    assert_string_equal((char *)name, "ord");
    expect_state(b, SQLSetCursorName(b, (SQLCHAR *)"ORDERS_CUR", SQL_NTS),
                 SQL_ERROR, "3C000");
    expect_state(b, SQLSetCursorName(b, (SQLCHAR *)"SQL_CURsor", SQL_NTS),
                 SQL_ERROR, "34000");
    expect_state(b, SQLSetCursorName(b, (SQLCHAR *)"sqlcur1", SQL_NTS),
                 SQL_ERROR, "34000");
    char longname[200];
    memset(longname, 'x', 129);
    longname[129] = '\0';
    expect_state(b, SQLSetCursorName(b, (SQLCHAR *)longname, SQL_NTS),
                 SQL_ERROR, "34000");
    expect_rc(b, SQLExecDirect(b, (SQLCHAR *)Q_CUST, SQL_NTS), SQL_SUCCESS,
              "exec");
    expect_state(b, SQLSetCursorName(b, (SQLCHAR *)"late", SQL_NTS),
                 SQL_ERROR, "24000");
    /* a freed statement's name can be taken again */
    SQLFreeHandle(SQL_HANDLE_STMT, a);
    SQLCloseCursor(b);
    expect_rc(b, SQLSetCursorName(b, (SQLCHAR *)"orders_cur", SQL_NTS),
              SQL_SUCCESS, "reuse");
    SQLWCHAR w[64];
    expect_rc(b, SQLGetCursorNameW(b, w, 64, &len), SQL_SUCCESS, "get W");
    assert_int_equal(len, 10);
    assert_int_equal(w[0], 'o');
    SQLFreeHandle(SQL_HANDLE_STMT, b);
}

/* SQLExtendedFetch for an ODBC 2 application. */
static void test_extended_fetch_odbc2(void **state)
{
    (void)state;
    SQLHENV env;
    SQLHDBC dbc;
    SQLHSTMT st;
    SQLINTEGER ids[4];
    SQLLEN ind[4];
    SQLUSMALLINT status[4];
    SQLULEN rows = 0;
    assert_true(SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_ENV, NULL, &env)));
    SQLSetEnvAttr(env, SQL_ATTR_ODBC_VERSION, (SQLPOINTER)SQL_OV_ODBC2, 0);
    assert_true(SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_DBC, env, &dbc)));
    assert_true(SQL_SUCCEEDED(SQLDriverConnect(dbc, NULL, (SQLCHAR *)OU_DSN,
                                               SQL_NTS, NULL, 0, NULL,
                                               SQL_DRIVER_NOPROMPT)));
    assert_true(SQL_SUCCEEDED(SQLAllocStmt(dbc, &st)));
    expect_rc(st, SQLSetStmtOption(st, SQL_CURSOR_TYPE, SQL_CURSOR_STATIC),
              SQL_SUCCESS, "cursor type");
    expect_rc(st, SQLSetStmtOption(st, SQL_ROWSET_SIZE, 4), SQL_SUCCESS,
              "rowset size");
    expect_rc(st, SQLSetStmtOption(st, SQL_USE_BOOKMARKS, SQL_UB_ON),
              SQL_SUCCESS, "bookmarks");
    SQLBindCol(st, 1, SQL_C_SLONG, ids, 0, ind);
    expect_rc(st, SQLExecDirect(st, (SQLCHAR *)Q_CUST, SQL_NTS), SQL_SUCCESS,
              "exec");
    expect_rc(st, SQLExtendedFetch(st, SQL_FETCH_FIRST, 0, &rows, status),
              SQL_SUCCESS, "first");
    assert_int_equal(rows, 4);
    assert_int_equal(ids[0], 1);
    assert_int_equal(ids[3], 4);
    assert_int_equal(status[3], SQL_ROW_SUCCESS);
    expect_rc(st, SQLExtendedFetch(st, SQL_FETCH_NEXT, 0, &rows, status),
              SQL_SUCCESS, "next");
    assert_int_equal(ids[0], 5);
    expect_rc(st, SQLExtendedFetch(st, SQL_FETCH_ABSOLUTE, 98, &rows, status),
              SQL_SUCCESS, "abs 98");
    assert_int_equal(rows, 3);
    assert_int_equal(ids[2], 100);
    assert_int_equal(status[3], SQL_ROW_NOROW);
    /* ODBC 2: the offset of SQL_FETCH_BOOKMARK is the bookmark */
    expect_rc(st, SQLExtendedFetch(st, SQL_FETCH_BOOKMARK, 10, &rows, status),
              SQL_SUCCESS, "bookmark 10");
    assert_int_equal(ids[0], 10);
    assert_int_equal(ids[3], 13);
    expect_rc(st, SQLExtendedFetch(st, SQL_FETCH_PRIOR, 0, &rows, status),
              SQL_SUCCESS, "prior");
    assert_int_equal(ids[0], 6);
    assert_int_equal(SQLExtendedFetch(st, SQL_FETCH_ABSOLUTE, 0, &rows,
                                      status), SQL_NO_DATA);
    SQLFreeStmt(st, SQL_DROP);

    /* a forward-only ExtendedFetch: NEXT only, S1106 under ODBC 2 */
    assert_true(SQL_SUCCEEDED(SQLAllocStmt(dbc, &st)));
    SQLSetStmtOption(st, SQL_ROWSET_SIZE, 4);
    SQLBindCol(st, 1, SQL_C_SLONG, ids, 0, ind);
    expect_rc(st, SQLExecDirect(st, (SQLCHAR *)Q_CUST, SQL_NTS), SQL_SUCCESS,
              "exec");
    expect_rc(st, SQLExtendedFetch(st, SQL_FETCH_NEXT, 0, &rows, status),
              SQL_SUCCESS, "fo next");
    assert_int_equal(rows, 4);
    assert_int_equal(ids[3], 4);
    expect_rc(st, SQLExtendedFetch(st, SQL_FETCH_NEXT, 0, &rows, status),
              SQL_SUCCESS, "fo next 2");
    assert_int_equal(ids[0], 5);
    expect_state(st, SQLExtendedFetch(st, SQL_FETCH_FIRST, 0, &rows, status),
                 SQL_ERROR, "S1106");
    SQLFreeStmt(st, SQL_DROP);
    SQLDisconnect(dbc);
    SQLFreeHandle(SQL_HANDLE_DBC, dbc);
    SQLFreeHandle(SQL_HANDLE_ENV, env);
}

/* SQLGetInfo says what the tests above show, and SQL_GD_BOUND holds. */
static void test_info(void **state)
{
    (void)state;
    SQLUINTEGER v = 0;
    SQLGetInfo(conn.dbc, SQL_SCROLL_OPTIONS, &v, sizeof v, NULL);
    assert_int_equal(v, SQL_SO_FORWARD_ONLY | SQL_SO_STATIC);
    SQLGetInfo(conn.dbc, SQL_STATIC_CURSOR_ATTRIBUTES1, &v, sizeof v, NULL);
    assert_true(v & SQL_CA1_ABSOLUTE);
    assert_true(v & SQL_CA1_RELATIVE);
    assert_true(v & SQL_CA1_BOOKMARK);
    assert_true(v & SQL_CA1_POS_POSITION);
    assert_true(v & SQL_CA1_POS_REFRESH);
    assert_true(v & SQL_CA1_BULK_ADD);        /* test_bulk */
    assert_false(v & (SQL_CA1_POS_UPDATE | SQL_CA1_POS_DELETE |
                      SQL_CA1_BULK_UPDATE_BY_BOOKMARK |
                      SQL_CA1_BULK_DELETE_BY_BOOKMARK |
                      SQL_CA1_BULK_FETCH_BY_BOOKMARK));
    SQLGetInfo(conn.dbc, SQL_FORWARD_ONLY_CURSOR_ATTRIBUTES1, &v, sizeof v,
               NULL);
    assert_int_equal(v, SQL_CA1_NEXT | SQL_CA1_BULK_ADD);
    SQLGetInfo(conn.dbc, SQL_DYNAMIC_CURSOR_ATTRIBUTES1, &v, sizeof v, NULL);
    assert_int_equal(v, 0);
    SQLGetInfo(conn.dbc, SQL_KEYSET_CURSOR_ATTRIBUTES1, &v, sizeof v, NULL);
    assert_int_equal(v, 0);
    SQLGetInfo(conn.dbc, SQL_POS_OPERATIONS, &v, sizeof v, NULL);
    assert_int_equal(v, SQL_POS_POSITION | SQL_POS_REFRESH);
    SQLGetInfo(conn.dbc, SQL_BOOKMARK_PERSISTENCE, &v, sizeof v, NULL);
    assert_int_equal(v, SQL_BP_SCROLL);
    SQLGetInfo(conn.dbc, SQL_GETDATA_EXTENSIONS, &v, sizeof v, NULL);
    assert_int_equal(v, SQL_GD_ANY_COLUMN | SQL_GD_ANY_ORDER | SQL_GD_BOUND);
    SQLUSMALLINT f = 0;
    SQLGetFunctions(conn.dbc, SQL_API_SQLSETPOS, &f);
    assert_int_equal(f, SQL_TRUE);
    SQLGetFunctions(conn.dbc, SQL_API_SQLBULKOPERATIONS, &f);
    assert_int_equal(f, SQL_TRUE);

    /* SQL_GD_BOUND: a bound column can be read with SQLGetData too, and
     * SQL_GD_ANY_ORDER: columns in any order */
    SQLHSTMT st;
    SQLINTEGER id = 0, id2 = 0;
    SQLLEN ind, ind2;
    char name[64];
    assert_true(SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, conn.dbc, &st)));
    SQLBindCol(st, 1, SQL_C_SLONG, &id, 0, &ind);
    expect_rc(st, SQLExecDirect(st, (SQLCHAR *)Q_CUST, SQL_NTS), SQL_SUCCESS,
              "exec");
    expect_rc(st, SQLFetch(st), SQL_SUCCESS, "fetch");
    expect_rc(st, SQLGetData(st, 2, SQL_C_CHAR, name, sizeof name, &ind2),
              SQL_SUCCESS, "col 2");
    expect_rc(st, SQLGetData(st, 1, SQL_C_SLONG, &id2, 0, &ind2), SQL_SUCCESS,
              "col 1 bound");
    assert_int_equal(id, 1);
    assert_int_equal(id2, 1);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forward_only),
        cmocka_unit_test(test_orientations),
        cmocka_unit_test(test_rowsets),
        cmocka_unit_test(test_bookmarks),
        cmocka_unit_test(test_setpos),
        cmocka_unit_test(test_spill),
        cmocka_unit_test(test_max_rows),
        cmocka_unit_test(test_cursor_names),
        cmocka_unit_test(test_extended_fetch_odbc2),
        cmocka_unit_test(test_info),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
