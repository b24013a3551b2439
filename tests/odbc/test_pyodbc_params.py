#!/usr/bin/python3
# tests/odbc/test_pyodbc_params.py
#   Statement parameters through pyodbc (Debian's python3-pyodbc, which
#   setup/deps.sh installs), against the test mesh (DSN jaffle_mesh; env
#   from tests/pg_cluster.sh): cursor.execute(sql, params) and
#   executemany for int, float, str, bytes, Decimal, date, time, datetime,
#   bool and None, in typed contexts (a comparison with a column) and
#   untyped ones (`select ?`); bytes and uuid.UUID both ways (varbinary,
#   uuid: select, filters, executemany into a table); timestamp and time
#   columns (WHERE, INSERT);
#   INSERT/UPDATE with markers, executemany and
#   fast_executemany (a parameter array, one write).
# Run by tests/odbc/run_odbc_tests.sh (listed in ODBC_TESTS as
#   tests/odbc/test_pyodbc_params.sh, which runs it with /usr/bin/python3).
# Exit status: 0 when every check passed, 1 otherwise (never "skip": a
#   missing pyodbc is a failure, since deps.sh installs it).
# Not here: the C-level parameter tests (test_params.c).
import datetime
import decimal
import sys
import uuid

try:
    import pyodbc
except ImportError as e:
    print("FAIL: pyodbc is not installed (setup/deps.sh installs "
          "python3-pyodbc): %s" % e)
    sys.exit(1)

failures = 0


def check(name, got, want):
    global failures
    if got == want and type(got) is type(want):
        print("ok   %s" % name)
    else:
        failures += 1
        print("FAIL %s: got %r (%s), want %r (%s)"
              % (name, got, type(got).__name__, want, type(want).__name__))


def check_error(name, fn, state):
    global failures
    try:
        fn()
    except pyodbc.Error as e:
        if e.args and e.args[0] == state:
            print("ok   %s (%s)" % (name, state))
            return
        failures += 1
        print("FAIL %s: error %r, want SQLSTATE %s" % (name, e.args, state))
        return
    failures += 1
    print("FAIL %s: no error, want SQLSTATE %s" % (name, state))


cn = pyodbc.connect("DSN=jaffle_mesh", autocommit=True)
cur = cn.cursor()


def one(sql, *params):
    return cur.execute(sql, *params).fetchone()[0]


C = "customersdb.public.customers"
O = "ordersdb.public.orders"

# untyped markers take the Python value's type
check("select int", one("select ?", 42), 42)
check("select big int", one("select ?", 5000000000), 5000000000)
check("select float", one("select ?", 1.25), 1.25)
check("select str", one("select ?", "h\u00e9llo \U0001F600"),
      "h\u00e9llo \U0001F600")
check("select Decimal", one("select ?", decimal.Decimal("12.50")),
      decimal.Decimal("12.50"))
check("select negative Decimal", one("select ?", decimal.Decimal("-0.001")),
      decimal.Decimal("-0.001"))
check("select bool", one("select ?", True), True)
check("select None", one("select ?", None), None)
check("select date", one("select ?", datetime.date(2021, 3, 4)),
      datetime.date(2021, 3, 4))
check("? is null", one("select ? is null", None), True)
# datetime: pyodbc binds SQL_TYPE_TIMESTAMP with the decimal digits
# SQLGetTypeInfo's COLUMN_SIZE implies; the untyped marker takes them
check("select datetime",
      one("select ?", datetime.datetime(2020, 1, 2, 3, 4, 5, 123000)),
      datetime.datetime(2020, 1, 2, 3, 4, 5, 123000))
check("select datetime with microseconds",
      one("select ?", datetime.datetime(2020, 1, 2, 3, 4, 5, 123456)),
      datetime.datetime(2020, 1, 2, 3, 4, 5, 123456))
check("select time", one("select ?", datetime.time(1, 2, 3)),
      datetime.time(1, 2, 3))
check("datetime + interval",
      one("select cast(? as timestamp(3)) + interval '1' day",
          datetime.datetime(2020, 2, 28, 23, 0)),
      datetime.datetime(2020, 2, 29, 23, 0))
check("? + 1", one("select ? + 1", 41), 42)
check("lower(?)", one("select lower(?)", "ABC"), "abc")
desc = cur.execute("select ?", decimal.Decimal("7.25")).description
check("description of select ? (Decimal)", desc[0][1], decimal.Decimal)
cur.fetchall()

# typed markers: the column's type
check("int = column", one("select first_name from %s where id = ?" % C, 5),
      "Katherine")
check("str for an int column",
      one("select first_name from %s where id = ?" % C, "5"), "Katherine")
check("str = column",
      one("select count(*) from %s where first_name = ?" % C, "Shawn"), 1)
check("quote in a value",
      one("select count(*) from %s where first_name = ?" % C,
          "x' or '1'='1"), 0)
check("date > column",
      one("select count(*) from %s where order_date > ?" % O,
          datetime.date(2018, 3, 1)), 41)
check("datetime at midnight for a date column",
      one("select count(*) from %s where order_date = ?" % O,
          datetime.datetime(2018, 1, 1)), 1)
check("None = column",
      one("select count(*) from %s where id = ?" % C, None), 0)
check("float = int column",
      one("select count(*) from %s where id = ?" % C, 7.0), 1)
check("several markers",
      one("select count(*) from %s where id between ? and ? and "
          "first_name like ?" % C, 1, 50, "%a%"),
      one("select count(*) from %s where id between 1 and 50 and "
          "first_name like '%%a%%'" % C))

check("marker in an aggregate FILTER and argument",
      one("select sum(id + ?) filter (where id <= ?) from %s" % C, 1, 3), 9)

check("marker in a window function",
      one("select max(id * ?) over (partition by id > ?) from %s "
          "order by id limit 1" % C, 2, 50), 100)

# bytes are varbinary, uuid.UUID is uuid (SQL_GUID), both ways
check("select bytes", one("select ?", b"\x00ab\xff"), b"\x00ab\xff")
check("select empty bytes", one("select ?", b""), b"")
check("bytes functions", one("select to_hex(? || X'01')", b"\x0a"), "0A01")
check("select uuid as text",
      one("select ?", uuid.UUID("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")),
      "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")
pyodbc.native_uuid = True
check("select uuid native",
      one("select ?", uuid.UUID("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")),
      uuid.UUID("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"))
check("uuid literal native",
      one("select UUID '12151fd2-7586-11e9-8f9e-2a86e4085a59'"),
      uuid.UUID("12151fd2-7586-11e9-8f9e-2a86e4085a59"))
pyodbc.native_uuid = False
check("uuid marker compared",
      one("select UUID '12151fd2-7586-11e9-8f9e-2a86e4085a59' = ?",
          uuid.UUID("12151fd2-7586-11e9-8f9e-2a86e4085a59")), True)
check("bytes marker compared", one("select X'00ff' = ?", b"\x00\xff"), True)
big = bytes(range(256)) * 300
check("long bytes round trip", one("select ?", big), big)
cur.execute("drop table if exists ordersdb.wpyodbc_bin.t")
cur.execute("drop schema if exists ordersdb.wpyodbc_bin")
cur.execute("create schema ordersdb.wpyodbc_bin")
cur.execute("create table ordersdb.wpyodbc_bin.t (id integer, b varbinary, "
            "u uuid)")
cur.executemany("insert into ordersdb.wpyodbc_bin.t values (?, ?, ?)",
                [(1, b"\x01\x02", uuid.UUID(int=1)), (2, big, None),
                 (3, None, uuid.UUID(int=2 ** 128 - 1))])
check("bytes written",
      one("select b from ordersdb.wpyodbc_bin.t where id = ?", 2), big)
check("bytes filter",
      one("select id from ordersdb.wpyodbc_bin.t where b = ?", b"\x01\x02"), 1)
check("uuid filter",
      one("select id from ordersdb.wpyodbc_bin.t where u = ?",
          uuid.UUID(int=2 ** 128 - 1)), 3)
check("uuid written",
      one("select cast(u as varchar) from ordersdb.wpyodbc_bin.t where id = 1"),
      "00000000-0000-0000-0000-000000000001")
check("varbinary description",
      cur.execute("select b, u from ordersdb.wpyodbc_bin.t").description[0][1],
      bytearray)
cur.execute("drop table ordersdb.wpyodbc_bin.t")
cur.execute("drop schema ordersdb.wpyodbc_bin")

# bad values: clear errors
check_error("bytes for an int column",
            lambda: one("select count(*) from %s where id = ?" % C, b"\x01"),
            "07006")
check_error("bytes for a varchar column",
            lambda: one("select count(*) from %s where first_name = ?" % C,
                        b"\x01"), "07006")
check_error("bytes of other than 16 for a uuid",
            lambda: one("select cast(? as uuid)", b"\x01"), "22018")
check_error("datetime with a time for a date column",
            lambda: one("select count(*) from %s where order_date = ?" % O,
                        datetime.datetime(2018, 1, 1, 10, 0)), "22008")
check_error("1.5 for an int column",
            lambda: one("select count(*) from %s where id = ?" % C, 1.5),
            "22003")
check_error("not a number for an int column",
            lambda: one("select count(*) from %s where id = ?" % C, "x"),
            "22018")
check("cursor usable after errors", one("select ?", 1), 1)

# timestamp and time columns: INSERT (execute, executemany and
# fast_executemany) and WHERE
cur.execute("drop table if exists ordersdb.wpyodbc_time.ev")
cur.execute("drop schema if exists ordersdb.wpyodbc_time")
cur.execute("create schema ordersdb.wpyodbc_time")
cur.execute("create table ordersdb.wpyodbc_time.ev (id integer, "
            "ts timestamp(3), ts6 timestamp(6), t time(0))")
T = "ordersdb.wpyodbc_time.ev"
cur.execute("insert into %s values (?, ?, ?, ?)" % T, 1,
            datetime.datetime(2021, 5, 6, 7, 8, 9, 123000),
            datetime.datetime(2021, 5, 6, 7, 8, 9), datetime.time(7, 8, 9))
cur.executemany("insert into %s values (?, ?, ?, ?)" % T,
                [(2, datetime.datetime(2021, 5, 7), None,
                  datetime.time(23, 0, 0)),
                 (3, None, datetime.datetime(1999, 12, 31, 23, 59, 59, 999000),
                  None)])
cur.fast_executemany = True
cur.executemany("insert into %s values (?, ?, ?, ?)" % T,
                [(10 + i, datetime.datetime(2022, 1, 1 + i, 12, 0, 0, 5000),
                  None, datetime.time(i, 30, 0)) for i in range(20)])
cur.fast_executemany = False
check("timestamp rows written", one("select count(*) from %s" % T), 23)
check("datetime = timestamp(3) column",
      one("select id from %s where ts = ?" % T,
          datetime.datetime(2021, 5, 6, 7, 8, 9, 123000)), 1)
check("datetime read back",
      one("select ts from %s where id = ?" % T, 1),
      datetime.datetime(2021, 5, 6, 7, 8, 9, 123000))
check("datetime > timestamp(6) column",
      one("select count(*) from %s where ts6 > ?" % T,
          datetime.datetime(2000, 1, 1)), 1)
check("datetime range",
      one("select count(*) from %s where ts between ? and ?" % T,
          datetime.datetime(2022, 1, 5), datetime.datetime(2022, 1, 10, 23)),
      6)
check("time < time(0) column",
      one("select count(*) from %s where t < ?" % T, datetime.time(8, 0)), 9)
check("time read back",
      one("select t from %s where id = ?" % T, 2), datetime.time(23, 0))
check("str for a timestamp column",
      one("select id from %s where ts = ?" % T, "2021-05-07 00:00:00"), 2)
check_error("str with more digits than timestamp(3)",
            lambda: one("select id from %s where ts = ?" % T,
                        "2021-05-06 07:08:09.1234"), "22008")
cur.execute("drop table %s" % T)
cur.execute("drop schema ordersdb.wpyodbc_time")

# executemany
cur.executemany("select count(*) from %s where id = ?" % C,
                [(1,), (2,), (3,)])
check("executemany ran", True, True)
cur.fast_executemany = True
cur.executemany("select count(*) from %s where id = ? and first_name = ?"
                % C, [(1, "Michael"), (2, "Shawn"), (3, None)])
check("fast executemany (parameter array) ran", True, True)
cur.fast_executemany = False
try:
    cur.executemany("select count(*) from %s where id = ?" % C,
                    [(1,), ("bad",)])
    failures += 1
    print("FAIL executemany with a bad row: no error")
except pyodbc.Error as e:
    check("executemany with a bad row", e.args[0], "22018")

# writes: executemany (a row per execution) and fast_executemany (one
# parameter array: one write of every row)
cur.execute("drop table if exists ordersdb.wpyodbc.t")
cur.execute("drop schema if exists ordersdb.wpyodbc")
cur.execute("create schema ordersdb.wpyodbc")
cur.execute("create table ordersdb.wpyodbc.t (id integer, name varchar(20), "
            "amount decimal(10,2), d date, ok boolean)")
rows = [(i, "n%d" % i, decimal.Decimal("%d.25" % i),
         datetime.date(2020, 1 + i % 12, 1), i % 2 == 0) for i in range(1000)]
cur.fast_executemany = True
cur.executemany("insert into ordersdb.wpyodbc.t values (?, ?, ?, ?, ?)", rows)
cur.fast_executemany = False
cur.executemany("insert into ordersdb.wpyodbc.t values (?, ?, ?, ?, ?)",
                [(2000, None, None, None, None), (2001, "x'y", 1, None, True)])
check("rows written", one("select count(*) from ordersdb.wpyodbc.t"), 1002)
check("sum written", one("select sum(amount) from ordersdb.wpyodbc.t"),
      decimal.Decimal("499750.00") + decimal.Decimal("1.00"))
check("text written",
      one("select name from ordersdb.wpyodbc.t where id = ?", 2001), "x'y")
check("update with markers",
      cur.execute("update ordersdb.wpyodbc.t set name = ? where id = ?",
                  "z", 2000).rowcount, 1)
cur.execute("drop table ordersdb.wpyodbc.t")
cur.execute("drop schema ordersdb.wpyodbc")

cn.close()
if failures:
    print("%d pyodbc parameter check(s) failed" % failures)
    sys.exit(1)
print("all pyodbc parameter checks passed")
