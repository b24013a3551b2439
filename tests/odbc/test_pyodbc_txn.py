#!/usr/bin/python3
# tests/odbc/test_pyodbc_txn.py
#   Transactions through pyodbc, whose connections start with
#   autocommit=False (DB-API): commit() and rollback(), a second
#   connection that does not see the writes before the commit, reads of
#   the transaction's own writes (with parameters, executemany and
#   fast_executemany too), the second-catalog refusal (25000 naming both
#   catalogs), a failed statement aborting the transaction (25P02, then
#   commit() fails with 40000), close() with a transaction in progress
#   (pyodbc rolls back first), and autocommit switched on (commits).
# Run by tests/odbc/run_odbc_tests.sh (listed in ODBC_TESTS) with
#   /usr/bin/python3 against the test mesh (DSN jaffle_mesh).
# Exit status: 0 when every check passed, 1 otherwise (a missing pyodbc
#   is a failure: setup/deps.sh installs python3-pyodbc).
# Not here: the same at the ODBC C level (test_txn.c).
import sys

try:
    import pyodbc
except ImportError as e:
    print("FAIL: pyodbc is not installed (setup/deps.sh installs "
          "python3-pyodbc): %s" % e)
    sys.exit(1)

failures = 0


def check(name, got, want):
    global failures
    if got == want:
        print("ok   %s" % name)
    else:
        failures += 1
        print("FAIL %s: got %r, want %r" % (name, got, want))


def check_error(name, fn, state, parts=()):
    global failures
    try:
        fn()
    except pyodbc.Error as e:
        msg = str(e.args[1]) if len(e.args) > 1 else ""
        if e.args and e.args[0] == state and all(p in msg for p in parts):
            print("ok   %s (%s)" % (name, state))
            return
        failures += 1
        print("FAIL %s: error %r, want SQLSTATE %s with %r"
              % (name, e.args, state, parts))
        return
    failures += 1
    print("FAIL %s: no error, want SQLSTATE %s" % (name, state))


T = "ordersdb.pytx.t"
other = pyodbc.connect("DSN=jaffle_mesh", autocommit=True)
ocur = other.cursor()
ocur.execute("drop schema if exists ordersdb.pytx cascade")
ocur.execute("drop schema if exists customersdb.pytx cascade")
ocur.execute("create schema ordersdb.pytx")
ocur.execute("create table %s (id integer primary key, b varchar)" % T)
ocur.execute("create schema customersdb.pytx")
ocur.execute("create table customersdb.pytx.c (id integer)")


def seen_by_other():
    return ocur.execute("select count(*) from %s" % T).fetchone()[0]


cn = pyodbc.connect("DSN=jaffle_mesh")          # autocommit=False
cur = cn.cursor()
check("pyodbc's default is autocommit off", cn.autocommit, False)

# commit: invisible elsewhere before, visible after
cur.execute("insert into %s values (?, ?)" % T, 1, "a")
cur.executemany("insert into %s values (?, ?)" % T, [(2, "b"), (3, "c")])
cur.fast_executemany = True
cur.executemany("insert into %s values (?, ?)" % T,
                [(i, "f%d" % i) for i in range(10, 110)])
cur.fast_executemany = False
check("own writes", cur.execute("select count(*) from %s" % T)
      .fetchone()[0], 103)
check("own write by key", cur.execute("select b from %s where id = ?" % T,
                                      2).fetchone()[0], "b")
check("not seen before commit", seen_by_other(), 0)
cn.commit()
check("seen after commit", seen_by_other(), 103)

# rollback
cur.execute("delete from %s where id >= 10" % T)
cur.execute("update %s set b = 'zz' where id = 1" % T)
check("own delete", cur.execute("select count(*) from %s" % T)
      .fetchone()[0], 3)
cn.rollback()
check("rolled back", cur.execute("select count(*) from %s" % T)
      .fetchone()[0], 103)
check("update rolled back", cur.execute("select b from %s where id = 1" % T)
      .fetchone()[0], "a")

# one catalog per transaction
cur.execute("insert into %s values (500, 'x')" % T)
check_error("second catalog",
            lambda: cur.execute("insert into customersdb.pytx.c values (1)"),
            "25000", ("'ordersdb'", "'customersdb'"))
check_error("aborted after the refusal",
            lambda: cur.execute("select 1").fetchall(), "25P02")
cn.rollback()
check("first write rolled back with it", seen_by_other(), 103)

# a failed statement aborts; commit() then fails with 40000
cur.execute("insert into %s values (600, 'y')" % T)
check_error("duplicate key",
            lambda: cur.execute("insert into %s values (1, 'dup')" % T),
            "23505")
check_error("commit of an aborted transaction", cn.commit, "40000")
check("nothing of it committed", seen_by_other(), 103)
check("usable again", cur.execute("select count(*) from %s" % T)
      .fetchone()[0], 103)
cn.rollback()

# close() with a transaction in progress: pyodbc rolls back, then closes
cur.execute("insert into %s values (700, 'z')" % T)
cn.close()
check("close rolled back", seen_by_other(), 103)

# autocommit switched on commits what is in progress
cn = pyodbc.connect("DSN=jaffle_mesh")
cur = cn.cursor()
cur.execute("insert into %s values (800, 'w')" % T)
check("before autocommit on", seen_by_other(), 103)
cn.autocommit = True
check("autocommit on commits", seen_by_other(), 104)
cur.execute("insert into %s values (801, 'v')" % T)
check("autocommit: each statement", seen_by_other(), 105)
cn.close()

ocur.execute("drop schema ordersdb.pytx cascade")
ocur.execute("drop schema customersdb.pytx cascade")
other.close()
if failures:
    print("%d pyodbc transaction check(s) failed" % failures)
    sys.exit(1)
print("all pyodbc transaction checks passed")
