/*
 * tests/odbc/test_txn.c
 *   Transactions through the driver manager: with autocommit off, writes
 *   to one catalog commit or roll back together at SQLEndTran (and
 *   SQLTransact, ODBC 2); a second connection does not see them before;
 *   reads inside see them (also while a cursor of the catalog is open,
 *   and a table's own rows feeding an INSERT into it); DDL rolls back;
 *   a write to a second catalog is refused naming both; a failed
 *   statement aborts the transaction (25P02, then a commit is 40000);
 *   SQLDisconnect with a transaction in progress is 25000, and a client
 *   that dies with one leaves nothing; autocommit switched on commits;
 *   START TRANSACTION / COMMIT / ROLLBACK as SQL; SQLGetInfo,
 *   SQL_ATTR_TXN_ISOLATION and SQLGetFunctions agree with all this.
 *   Works in schema tx of ordersdb and customersdb, dropped before and
 *   after.
 * Not here: writes in autocommit mode (test_writes.c).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "odbc_util.h"

typedef struct fixture {
    ou_conn tx, other;         /* the transaction's; an autocommit one */
    SQLHSTMT ts, os;
} fixture;

/* Runs sql on stmt; returns its row count, or -2 with *d on failure. */
static SQLLEN run(SQLHSTMT st, const char *sql, ou_diag *d)
{
    SQLLEN n = -3;
    memset(d, 0, sizeof *d);
    SQLFreeStmt(st, SQL_CLOSE);
    if (!SQL_SUCCEEDED(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS))) {
        ou_last_diag(SQL_HANDLE_STMT, st, d);
        return -2;
    }
    SQLRowCount(st, &n);
    return n;
}

/* sql on stmt must succeed with row count want (-1: any). */
static void ok(SQLHSTMT st, const char *sql, SQLLEN want)
{
    ou_diag d;
    SQLLEN n = run(st, sql, &d);
    if (n == -2 || (want != -1 && n != want))
        fprintf(stderr, "%s\n  -> %ld (want %ld) %s %s\n", sql, (long)n,
                (long)want, d.sqlstate, d.message);
    assert_true(n != -2);
    if (want != -1)
        assert_int_equal(n, want);
}

/* sql on stmt must fail with state, the message containing part. */
static void fails(SQLHSTMT st, const char *sql, const char *state,
                  const char *part)
{
    ou_diag d;
    SQLLEN n = run(st, sql, &d);
    if (n != -2 || strcmp(d.sqlstate, state) ||
        (part && !strstr(d.message, part)))
        fprintf(stderr, "%s\n  -> %ld %s %s (want %s '%s')\n", sql, (long)n,
                d.sqlstate, d.message, state, part ? part : "");
    assert_int_equal(n, -2);
    assert_string_equal(d.sqlstate, state);
    if (part)
        assert_non_null(strstr(d.message, part));
}

/* The one value of a one-row query on connection c, as text ("" for
 * NULL), into buf. */
static const char *one(ou_conn *c, SQLHSTMT *st, const char *sql,
                       char *buf, size_t cap)
{
    ou_result r;
    ou_diag d;
    SQLRETURN rc = ou_query(c, st, sql, &r, &d);
    if (!SQL_SUCCEEDED(rc))
        fprintf(stderr, "%s\n  -> %s %s\n", sql, d.sqlstate, d.message);
    assert_true(SQL_SUCCEEDED(rc));
    assert_int_equal(r.nrows, 1);
    snprintf(buf, cap, "%s", r.cells[0] ? r.cells[0] : "");
    ou_result_free(&r);
    return buf;
}

/* count(*) of ordersdb.tx.t as the connection sees it. */
static int count_t(ou_conn *c, SQLHSTMT *st)
{
    char buf[32];
    return atoi(one(c, st, "select count(*) from ordersdb.tx.t", buf,
                    sizeof buf));
}

static void autocommit(ou_conn *c, bool on)
{
    assert_true(SQL_SUCCEEDED(SQLSetConnectAttr(c->dbc, SQL_ATTR_AUTOCOMMIT,
        (SQLPOINTER)(uintptr_t)(on ? SQL_AUTOCOMMIT_ON : SQL_AUTOCOMMIT_OFF),
        0)));
}

static void end_tran(ou_conn *c, SQLSMALLINT op)
{
    SQLRETURN rc = SQLEndTran(SQL_HANDLE_DBC, c->dbc, op);
    if (!SQL_SUCCEEDED(rc)) {
        ou_diag d;
        ou_last_diag(SQL_HANDLE_DBC, c->dbc, &d);
        fprintf(stderr, "SQLEndTran: %s %s\n", d.sqlstate, d.message);
    }
    assert_true(SQL_SUCCEEDED(rc));
}

/* Empties t (autocommit) before each test. */
static int reset(void **state)
{
    fixture *f = *state;
    ou_diag d;
    SQLEndTran(SQL_HANDLE_DBC, f->tx.dbc, SQL_ROLLBACK);
    SQLSetConnectAttr(f->tx.dbc, SQL_ATTR_AUTOCOMMIT,
                      (SQLPOINTER)SQL_AUTOCOMMIT_ON, 0);
    if (run(f->os, "delete from ordersdb.tx.t", &d) == -2 ||
        run(f->os, "delete from ordersdb.tx.big", &d) == -2 ||
        run(f->os, "drop table if exists ordersdb.tx.d", &d) == -2) {
        fprintf(stderr, "reset: %s %s\n", d.sqlstate, d.message);
        return -1;
    }
    return 0;
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    ou_diag d;
    if (!SQL_SUCCEEDED(ou_connect(&f->tx, OU_DSN, &d)) ||
        !SQL_SUCCEEDED(ou_connect(&f->other, OU_DSN, &d))) {
        fprintf(stderr, "connect: %s %s\n", d.sqlstate, d.message);
        return -1;
    }
    SQLAllocHandle(SQL_HANDLE_STMT, f->tx.dbc, &f->ts);
    SQLAllocHandle(SQL_HANDLE_STMT, f->other.dbc, &f->os);
    run(f->os, "drop schema if exists ordersdb.tx cascade", &d);
    run(f->os, "drop schema if exists customersdb.tx cascade", &d);
    if (run(f->os, "create schema ordersdb.tx", &d) == -2 ||
        run(f->os, "create table ordersdb.tx.t (id integer primary key, "
                   "b varchar)", &d) == -2 ||
        run(f->os, "create table ordersdb.tx.big (k integer)", &d) == -2 ||
        run(f->os, "create schema customersdb.tx", &d) == -2 ||
        run(f->os, "create table customersdb.tx.c (id integer)", &d) == -2) {
        fprintf(stderr, "setup: %s %s\n", d.sqlstate, d.message);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    ou_diag d;
    SQLEndTran(SQL_HANDLE_DBC, f->tx.dbc, SQL_ROLLBACK);
    run(f->os, "drop schema if exists ordersdb.tx cascade", &d);
    run(f->os, "drop schema if exists customersdb.tx cascade", &d);
    SQLFreeHandle(SQL_HANDLE_STMT, f->ts);
    SQLFreeHandle(SQL_HANDLE_STMT, f->os);
    ou_disconnect(&f->tx);
    ou_disconnect(&f->other);
    free(f);
    return 0;
}

/* Commit: invisible elsewhere before, visible after; the transaction
 * reads its own writes, joined with another catalog too. */
static void test_commit(void **state)
{
    fixture *f = *state;
    char buf[64];
    autocommit(&f->tx, false);
    ok(f->ts, "insert into ordersdb.tx.t values (1, 'a'), (2, 'b')", 2);
    ok(f->ts, "update ordersdb.tx.t set b = 'bb' where id = 2", 1);
    assert_int_equal(count_t(&f->other, &f->os), 0);
    assert_int_equal(count_t(&f->tx, &f->ts), 2);
    assert_string_equal(one(&f->tx, &f->ts,
        "select b from ordersdb.tx.t where id = 2", buf, sizeof buf), "bb");
    /* a federated read: the written catalog through the transaction */
    assert_string_equal(one(&f->tx, &f->ts,
        "select count(*) from ordersdb.tx.t t join customersdb.public."
        "customers c on c.id = t.id", buf, sizeof buf), "2");
    end_tran(&f->tx, SQL_COMMIT);
    assert_int_equal(count_t(&f->other, &f->os), 2);
    /* the next transaction begins by itself (still autocommit off) */
    ok(f->ts, "delete from ordersdb.tx.t where id = 1", 1);
    assert_int_equal(count_t(&f->other, &f->os), 2);
    end_tran(&f->tx, SQL_COMMIT);
    assert_int_equal(count_t(&f->other, &f->os), 1);
}

/* Rollback undoes rows and DDL; a table created in the transaction can
 * be written and read in it (metadata through the transaction). */
static void test_rollback(void **state)
{
    fixture *f = *state;
    char buf[64];
    ok(f->os, "insert into ordersdb.tx.t values (7, 'keep')", 1);
    autocommit(&f->tx, false);
    ok(f->ts, "insert into ordersdb.tx.t values (8, 'x')", 1);
    ok(f->ts, "delete from ordersdb.tx.t where id = 7", 1);
    ok(f->ts, "create table ordersdb.tx.d (k integer)", 0);
    ok(f->ts, "insert into ordersdb.tx.d values (1), (2), (3)", 3);
    assert_string_equal(one(&f->tx, &f->ts,
        "select sum(k) from ordersdb.tx.d", buf, sizeof buf), "6");
    end_tran(&f->tx, SQL_ROLLBACK);
    assert_string_equal(one(&f->other, &f->os,
        "select b from ordersdb.tx.t", buf, sizeof buf), "keep");
    fails(f->os, "select * from ordersdb.tx.d", "42S02", NULL);
    fails(f->ts, "select * from ordersdb.tx.d", "42S02", NULL);
}

/* SQLTransact (ODBC 2) through the driver manager; SQLEndTran on the
 * environment ends every connection of it. */
static void test_transact_and_env(void **state)
{
    fixture *f = *state;
    autocommit(&f->tx, false);
    ok(f->ts, "insert into ordersdb.tx.t values (1, 'a')", 1);
    assert_true(SQL_SUCCEEDED(SQLTransact(SQL_NULL_HENV, f->tx.dbc,
                                          SQL_ROLLBACK)));
    assert_int_equal(count_t(&f->tx, &f->ts), 0);
    ok(f->ts, "insert into ordersdb.tx.t values (2, 'b')", 1);
    assert_true(SQL_SUCCEEDED(SQLTransact(SQL_NULL_HENV, f->tx.dbc,
                                          SQL_COMMIT)));
    assert_int_equal(count_t(&f->other, &f->os), 1);
    ok(f->ts, "insert into ordersdb.tx.t values (3, 'c')", 1);
    assert_true(SQL_SUCCEEDED(SQLEndTran(SQL_HANDLE_ENV, f->tx.env,
                                         SQL_COMMIT)));
    assert_int_equal(count_t(&f->other, &f->os), 2);
}

/* A second catalog is refused naming both; the refusal aborts the
 * transaction like any failed statement (Trino), so the first write is
 * rolled back too. */
static void test_second_catalog(void **state)
{
    fixture *f = *state;
    ou_diag d;
    autocommit(&f->tx, false);
    ok(f->ts, "insert into ordersdb.tx.t values (1, 'a')", 1);
    /* reading other catalogs is fine */
    ok(f->ts, "select count(*) from customersdb.public.customers", -1);
    SQLLEN n = run(f->ts, "insert into customersdb.tx.c values (1)", &d);
    assert_int_equal(n, -2);
    assert_string_equal(d.sqlstate, "25000");
    assert_non_null(strstr(d.message, "Multi-catalog writes not supported"));
    assert_non_null(strstr(d.message, "'ordersdb'"));
    assert_non_null(strstr(d.message, "'customersdb'"));
    fails(f->ts, "select count(*) from ordersdb.tx.t", "25P02",
          "Current transaction is aborted");
    end_tran(&f->tx, SQL_ROLLBACK);
    assert_int_equal(count_t(&f->tx, &f->ts), 0);
    assert_int_equal(count_t(&f->other, &f->os), 0);
    /* the next transaction may pick the other catalog */
    ok(f->ts, "insert into customersdb.tx.c values (1)", 1);
    end_tran(&f->tx, SQL_COMMIT);
    ok(f->os, "delete from customersdb.tx.c", 1);
}

/* A failed statement aborts: 25P02 until the end, a commit is 40000 and
 * rolls back, a rollback is fine. */
static void test_failed_statement(void **state)
{
    fixture *f = *state;
    ou_diag d;
    autocommit(&f->tx, false);
    ok(f->ts, "insert into ordersdb.tx.t values (1, 'a')", 1);
    fails(f->ts, "insert into ordersdb.tx.t values (1, 'dup')", "23505",
          "Catalog 'ordersdb'");
    fails(f->ts, "insert into ordersdb.tx.t values (2, 'b')", "25P02", NULL);
    assert_int_equal(SQLEndTran(SQL_HANDLE_DBC, f->tx.dbc, SQL_COMMIT),
                     SQL_ERROR);
    ou_last_diag(SQL_HANDLE_DBC, f->tx.dbc, &d);
    assert_string_equal(d.sqlstate, "40000");
    assert_int_equal(count_t(&f->other, &f->os), 0);
    /* a run-time error of a read aborts too; a prepare error does not */
    ok(f->ts, "insert into ordersdb.tx.t values (3, 'c')", 1);
    fails(f->ts, "select * from ordersdb.tx.nope", "42S02", NULL);
    ok(f->ts, "insert into ordersdb.tx.t values (4, 'd')", 1);
    {   /* the error comes while fetching */
        ou_result r;
        assert_false(SQL_SUCCEEDED(ou_query(&f->tx, &f->ts,
            "select 1 / (id - id) from ordersdb.tx.t", &r, &d)));
        assert_string_equal(d.sqlstate, "22012");
    }
    fails(f->ts, "select 1", "25P02", NULL);
    end_tran(&f->tx, SQL_ROLLBACK);
    assert_int_equal(count_t(&f->tx, &f->ts), 0);
}

/* SQLDisconnect with a transaction in progress: 25000, still connected,
 * nothing committed. A client that dies mid-transaction leaves nothing. */
static void test_disconnect(void **state)
{
    fixture *f = *state;
    ou_diag d;
    autocommit(&f->tx, false);
    ok(f->ts, "insert into ordersdb.tx.t values (1, 'a')", 1);
    assert_int_equal(SQLDisconnect(f->tx.dbc), SQL_ERROR);
    ou_last_diag(SQL_HANDLE_DBC, f->tx.dbc, &d);
    assert_string_equal(d.sqlstate, "25000");
    assert_int_equal(count_t(&f->tx, &f->ts), 1);       /* still there */
    assert_int_equal(count_t(&f->other, &f->os), 0);
    end_tran(&f->tx, SQL_ROLLBACK);
    assert_int_equal(count_t(&f->tx, &f->ts), 0);

    /* a child process writes in a transaction and exits without ending
     * it or disconnecting */
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        ou_conn c;
        SQLHSTMT s;
        if (!SQL_SUCCEEDED(ou_connect(&c, OU_DSN, NULL)))
            _exit(2);
        SQLSetConnectAttr(c.dbc, SQL_ATTR_AUTOCOMMIT,
                          (SQLPOINTER)SQL_AUTOCOMMIT_OFF, 0);
        SQLAllocHandle(SQL_HANDLE_STMT, c.dbc, &s);
        if (!SQL_SUCCEEDED(SQLExecDirect(s, (SQLCHAR *)
                "insert into ordersdb.tx.t values (9, 'orphan')", SQL_NTS)))
            _exit(3);
        _exit(0);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    /* the server rolls back when it sees the socket close; give it time */
    int n = 1;
    for (int i = 0; i < 50 && (n = count_t(&f->other, &f->os)) != 0; i++)
        usleep(100000);
    assert_int_equal(n, 0);
    /* no transaction in progress: disconnect works */
    ou_conn c2;
    assert_true(SQL_SUCCEEDED(ou_connect(&c2, OU_DSN, &d)));
    SQLSetConnectAttr(c2.dbc, SQL_ATTR_AUTOCOMMIT,
                      (SQLPOINTER)SQL_AUTOCOMMIT_OFF, 0);
    assert_true(SQL_SUCCEEDED(SQLDisconnect(c2.dbc)));
    SQLFreeHandle(SQL_HANDLE_DBC, c2.dbc);
    SQLFreeHandle(SQL_HANDLE_ENV, c2.env);
}

/* Switching autocommit back on commits (ODBC). */
static void test_autocommit_on_commits(void **state)
{
    fixture *f = *state;
    SQLUINTEGER v = 0;
    autocommit(&f->tx, false);
    SQLGetConnectAttr(f->tx.dbc, SQL_ATTR_AUTOCOMMIT, &v, 0, NULL);
    assert_int_equal(v, SQL_AUTOCOMMIT_OFF);
    ok(f->ts, "insert into ordersdb.tx.t values (1, 'a')", 1);
    assert_int_equal(count_t(&f->other, &f->os), 0);
    autocommit(&f->tx, true);
    assert_int_equal(count_t(&f->other, &f->os), 1);
    /* and each statement commits again */
    ok(f->ts, "insert into ordersdb.tx.t values (2, 'b')", 1);
    assert_int_equal(count_t(&f->other, &f->os), 2);
}

/* The SQL statements, in autocommit mode and with autocommit off. */
static void test_sql_statements(void **state)
{
    fixture *f = *state;
    ok(f->ts, "start transaction", 0);
    ok(f->ts, "insert into ordersdb.tx.t values (1, 'a')", 1);
    assert_int_equal(count_t(&f->other, &f->os), 0);
    fails(f->ts, "start transaction", "25001", "Nested transactions");
    ok(f->ts, "rollback", 0);
    assert_int_equal(count_t(&f->tx, &f->ts), 0);
    ok(f->ts, "START TRANSACTION ISOLATION LEVEL READ COMMITTED, READ WRITE",
       0);
    ok(f->ts, "insert into ordersdb.tx.t values (2, 'b')", 1);
    ou_diag d;
    assert_int_equal(SQLDisconnect(f->tx.dbc), SQL_ERROR);
    ou_last_diag(SQL_HANDLE_DBC, f->tx.dbc, &d);
    assert_string_equal(d.sqlstate, "25000");
    ok(f->ts, "commit work", 0);
    assert_int_equal(count_t(&f->other, &f->os), 1);
    /* back in autocommit mode */
    fails(f->ts, "commit", "25P01", "No transaction in progress");
    fails(f->ts, "rollback", "25P01", NULL);
    ok(f->ts, "insert into ordersdb.tx.t values (3, 'c')", 1);
    assert_int_equal(count_t(&f->other, &f->os), 2);
    fails(f->ts, "start transaction isolation level serializable", "0A000",
          "SERIALIZABLE");
    fails(f->ts, "start transaction read only, read write", "42000", NULL);
    ok(f->ts, "start transaction read only", 0);
    ok(f->ts, "select count(*) from ordersdb.tx.t", -1);
    fails(f->ts, "delete from ordersdb.tx.t", "25006", "read-only");
    ok(f->ts, "rollback", 0);
    /* with autocommit off, COMMIT / ROLLBACK are SQLEndTran */
    autocommit(&f->tx, false);
    ok(f->ts, "commit", 0);
    ok(f->ts, "insert into ordersdb.tx.t values (4, 'd')", 1);
    ok(f->ts, "commit", 0);
    assert_int_equal(count_t(&f->other, &f->os), 3);
    ok(f->ts, "delete from ordersdb.tx.t", 3);
    ok(f->ts, "rollback", 0);
    assert_int_equal(count_t(&f->tx, &f->ts), 3);
    end_tran(&f->tx, SQL_COMMIT);
    /* "commit" and "level" are still names */
    ok(f->ts, "select 1 as commit, 2 as level", -1);
}

/* The transaction's own rows feed a write into its catalog (the scan
 * gives the connection up to the write), a cursor of the catalog stays
 * open across another statement and across the commit, and the
 * engine-computed UPDATE and MERGE run twice in one transaction. */
static void test_shared_connection(void **state)
{
    fixture *f = *state;
    SQLHSTMT cur;
    char buf[64];
    autocommit(&f->tx, false);
    ok(f->ts, "insert into ordersdb.tx.t values (1, 'a'), (2, 'b'), "
              "(3, 'c')", 3);
    ok(f->ts, "insert into ordersdb.tx.t select id + 10, b || b from "
              "ordersdb.tx.t", 3);
    assert_int_equal(count_t(&f->tx, &f->ts), 6);
    /* not shippable (functions stay local): computed, applied by key */
    ok(f->ts, "update ordersdb.tx.t set b = upper(b) where id > 10", 3);
    ok(f->ts, "update ordersdb.tx.t set b = lower(b) || '!' where id > 10",
       3);
    assert_string_equal(one(&f->tx, &f->ts,
        "select b from ordersdb.tx.t where id = 12", buf, sizeof buf),
        "bb!");
    ok(f->ts, "merge into ordersdb.tx.t t using (select id from "
              "customersdb.public.customers where id <= 4) s on t.id = s.id "
              "when matched then update set b = 'm' "
              "when not matched then insert values (s.id, 'new')", 4);
    assert_int_equal(count_t(&f->tx, &f->ts), 7);

    /* more rows than one batch: scans of big stream over several */
    ok(f->ts, "insert into ordersdb.tx.big select c.id * 1000 + o.id from "
              "customersdb.public.customers c cross join "
              "ordersdb.public.orders o", 9900);
    ok(f->ts, "insert into ordersdb.tx.big select k + 1000000 from "
              "ordersdb.tx.big", 9900);
    assert_string_equal(one(&f->tx, &f->ts,
        "select count(*) from ordersdb.tx.big", buf, sizeof buf), "19800");

    /* a cursor on the catalog, then another statement, then commit */
    SQLAllocHandle(SQL_HANDLE_STMT, f->tx.dbc, &cur);
    assert_true(SQL_SUCCEEDED(SQLExecDirect(cur, (SQLCHAR *)
        "select k from ordersdb.tx.big", SQL_NTS)));
    SQLINTEGER k = 0, rows = 0;
    SQLBindCol(cur, 1, SQL_C_SLONG, &k, 0, NULL);
    assert_int_equal(SQLFetch(cur), SQL_SUCCESS);
    rows++;
    ok(f->ts, "insert into ordersdb.tx.t values (100, 'late')", 1);
    end_tran(&f->tx, SQL_COMMIT);
    while (SQLFetch(cur) == SQL_SUCCESS)
        rows++;
    /* the cursor's result is the state when it was opened */
    assert_int_equal(rows, 19800);
    SQLFreeHandle(SQL_HANDLE_STMT, cur);
    assert_int_equal(count_t(&f->other, &f->os), 8);
    assert_string_equal(one(&f->other, &f->os,
        "select count(*) from ordersdb.tx.big", buf, sizeof buf), "19800");

    /* a cursor left unfinished does not cost the transaction */
    ok(f->ts, "insert into ordersdb.tx.t values (200, 'x')", 1);
    SQLAllocHandle(SQL_HANDLE_STMT, f->tx.dbc, &cur);
    assert_true(SQL_SUCCEEDED(SQLExecDirect(cur, (SQLCHAR *)
        "select k from ordersdb.tx.big", SQL_NTS)));
    assert_int_equal(SQLFetch(cur), SQL_SUCCESS);
    SQLFreeHandle(SQL_HANDLE_STMT, cur);
    ok(f->ts, "delete from ordersdb.tx.big where k > 1000000", 9900);
    end_tran(&f->tx, SQL_COMMIT);
    assert_int_equal(count_t(&f->other, &f->os), 9);
    assert_string_equal(one(&f->other, &f->os,
        "select count(*) from ordersdb.tx.big", buf, sizeof buf), "9900");
}

/* SQLGetInfo, SQL_ATTR_TXN_ISOLATION and SQLGetFunctions agree. */
static void test_info(void **state)
{
    fixture *f = *state;
    SQLUSMALLINT u16 = 0;
    SQLUINTEGER u32 = 0;
    char s[8];
    ou_diag d;
    SQLGetInfo(f->tx.dbc, SQL_TXN_CAPABLE, &u16, sizeof u16, NULL);
    assert_int_equal(u16, SQL_TC_ALL);
    SQLGetInfo(f->tx.dbc, SQL_DEFAULT_TXN_ISOLATION, &u32, sizeof u32, NULL);
    assert_int_equal(u32, SQL_TXN_READ_COMMITTED);
    SQLGetInfo(f->tx.dbc, SQL_TXN_ISOLATION_OPTION, &u32, sizeof u32, NULL);
    assert_int_equal(u32, SQL_TXN_READ_COMMITTED);
    SQLGetInfo(f->tx.dbc, SQL_MULTIPLE_ACTIVE_TXN, s, sizeof s, NULL);
    assert_string_equal(s, "Y");   /* the two connections here: yes */
    SQLGetInfo(f->tx.dbc, SQL_CURSOR_COMMIT_BEHAVIOR, &u16, sizeof u16, NULL);
    assert_int_equal(u16, SQL_CB_PRESERVE);   /* test_shared_connection */
    SQLGetConnectAttr(f->tx.dbc, SQL_ATTR_TXN_ISOLATION, &u32, 0, NULL);
    assert_int_equal(u32, SQL_TXN_READ_COMMITTED);
    assert_true(SQL_SUCCEEDED(SQLSetConnectAttr(f->tx.dbc,
        SQL_ATTR_TXN_ISOLATION, (SQLPOINTER)SQL_TXN_READ_COMMITTED, 0)));
    SQLUINTEGER bad[] = { SQL_TXN_READ_UNCOMMITTED, SQL_TXN_REPEATABLE_READ,
                          SQL_TXN_SERIALIZABLE };
    for (int i = 0; i < 3; i++) {
        assert_int_equal(SQLSetConnectAttr(f->tx.dbc, SQL_ATTR_TXN_ISOLATION,
                             (SQLPOINTER)(uintptr_t)bad[i], 0), SQL_ERROR);
        ou_last_diag(SQL_HANDLE_DBC, f->tx.dbc, &d);
        assert_string_equal(d.sqlstate, "HYC00");
    }
    SQLGetConnectAttr(f->tx.dbc, SQL_ATTR_TXN_ISOLATION, &u32, 0, NULL);
    assert_int_equal(u32, SQL_TXN_READ_COMMITTED);
    SQLUSMALLINT yes = SQL_FALSE;
    SQLGetFunctions(f->tx.dbc, SQL_API_SQLENDTRAN, &yes);
    assert_int_equal(yes, SQL_TRUE);
    yes = SQL_FALSE;
    SQLGetFunctions(f->tx.dbc, SQL_API_SQLTRANSACT, &yes);
    assert_int_equal(yes, SQL_TRUE);  /* the driver manager maps it */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_commit, reset),
        cmocka_unit_test_setup(test_rollback, reset),
        cmocka_unit_test_setup(test_transact_and_env, reset),
        cmocka_unit_test_setup(test_second_catalog, reset),
        cmocka_unit_test_setup(test_failed_statement, reset),
        cmocka_unit_test_setup(test_disconnect, reset),
        cmocka_unit_test_setup(test_autocommit_on_commits, reset),
        cmocka_unit_test_setup(test_sql_statements, reset),
        cmocka_unit_test_setup(test_shared_connection, reset),
        cmocka_unit_test_setup(test_info, reset),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
