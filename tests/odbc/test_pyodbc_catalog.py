#!/usr/bin/python3
# tests/odbc/test_pyodbc_catalog.py
#   Catalog functions through pyodbc (Debian's python3-pyodbc, which
#   setup/deps.sh installs), against the test mesh (DSN jaffle_mesh; env
#   from tests/pg_cluster.sh): cursor.tables, columns, primaryKeys,
#   foreignKeys (over a schema pyk made in ordersdb with psqlODBC),
#   statistics, procedures and procedureColumns, and the declared width
#   of their character columns.
# Run by tests/odbc/run_odbc_tests.sh (listed in ODBC_TESTS).
# Exit status: 0 when every check passed, 1 otherwise (never "skip": a
#   missing pyodbc is a failure, since deps.sh installs it).
# Not here: the C-level catalog tests (test_keys.c).
import os
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


ref = pyodbc.connect(
    "Driver=/usr/lib/x86_64-linux-gnu/odbc/psqlodbcw.so;Servername=127.0.0.1;"
    "Port=%s;Database=postgres;UID=postgres;PWD=postgres;"
    % os.environ["MESH_PORT_ORDERSDB"], autocommit=True)
rc = ref.cursor()
rc.execute("drop schema if exists pyk cascade")
rc.execute("create schema pyk")
rc.execute("create table pyk.parent (id int primary key, name text unique)")
rc.execute("create table pyk.child (id int primary key, parent_id int "
           "references pyk.parent (id) on delete cascade)")

try:
    cn = pyodbc.connect("DSN=jaffle_mesh")
    cur = cn.cursor()

    rows = cur.tables(catalog="ordersdb", schema="public").fetchall()
    check("tables ordersdb.public",
          [(r.table_cat, r.table_schem, r.table_name, r.table_type)
           for r in rows],
          [("ordersdb", "public", "orders", "TABLE")])
    rows = cur.tables(table="par%", schema="pyk").fetchall()
    check("tables pattern", [r.table_name for r in rows], ["parent"])
    check("tables: catalogs",
          [r.table_cat for r in cur.tables(catalog="%", schema="",
                                           table="").fetchall()],
          ["customersdb", "ordersdb", "paymentsdb", "system"])
    check("tables: types",
          [r.table_type for r in cur.tables(catalog="", schema="", table="",
                                            tableType="%").fetchall()],
          ["TABLE", "VIEW"])

    rows = cur.columns(table="customers", catalog="customersdb").fetchall()
    check("columns", [(r.column_name, r.ordinal_position) for r in rows],
          [("id", 1), ("first_name", 2), ("last_name", 3)])
    # description: (name, type, display size, internal size, ...)
    check("columns: width of COLUMN_NAME", cur.description[3][3], 128)

    rows = cur.primaryKeys("customers", catalog="customersdb",
                           schema="public").fetchall()
    check("primaryKeys customers",
          [(r.table_cat, r.column_name, r.key_seq, r.pk_name) for r in rows],
          [("customersdb", "id", 1, "customers_pkey")])
    rows = cur.primaryKeys("child", catalog="ordersdb", schema="pyk").fetchall()
    check("primaryKeys pyk.child", [r.column_name for r in rows], ["id"])

    fk = [("ordersdb", "pyk", "parent", "id", "ordersdb", "pyk", "child",
           "parent_id", 1, 3, 0, "child_parent_id_fkey", "parent_pkey", 7)]
    rows = cur.foreignKeys(table="parent", catalog="ordersdb",
                           schema="pyk").fetchall()
    check("foreignKeys referencing parent", [tuple(r) for r in rows], fk)
    rows = cur.foreignKeys(foreignTable="child", foreignCatalog="ordersdb",
                           foreignSchema="pyk").fetchall()
    check("foreignKeys of child", [tuple(r) for r in rows], fk)

    rows = cur.statistics("parent", catalog="ordersdb", schema="pyk").fetchall()
    check("statistics parent",
          [(r.non_unique, r.index_name, r.ordinal_position, r.column_name)
           for r in rows],
          [(0, "parent_name_key", 1, "name"), (0, "parent_pkey", 1, "id")])
    rows = cur.statistics("customers", catalog="customersdb",
                          unique=True).fetchall()
    check("statistics customers unique", [r.index_name for r in rows],
          ["customers_pkey"])

    check("procedures", cur.procedures().fetchall(), [])
    check("procedures: columns", len(cur.description), 8)
    check("procedureColumns", cur.procedureColumns().fetchall(), [])
    check("procedureColumns: columns", len(cur.description), 19)
    cn.close()
except pyodbc.Error as e:
    failures += 1
    print("FAIL: %r" % (e.args,))
finally:
    rc.execute("drop schema if exists pyk cascade")
    ref.close()

print("%s: %d failure(s)" % (sys.argv[0], failures))
sys.exit(1 if failures else 0)
