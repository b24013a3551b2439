#!/usr/bin/env python3
# tests/dbt/check_mesh.py
#   Checks over the tables dbt built, read back through MeshODBC (pyodbc,
#   DSN from $MESH_DSN): run by run_dbt_tests.sh inside the dbt venv.
# Usage:
#   check_mesh.py expected CATALOG.SCHEMA.TABLE CSV KEY  the table equals the
#       CSV value by value (rows ordered by KEY; NULL is the empty field,
#       dates are YYYY-MM-DD, numbers compared as exact decimals)
#   check_mesh.py sql "STATEMENT"                       runs a write
#   check_mesh.py rows "QUERY" EXPECTED                 the query's rows, each
#       joined with ',' and rows with ';', equal EXPECTED
# Exit status 0 when the check holds; 1 with a message on stderr otherwise.
import csv
import decimal
import os
import sys

import pyodbc


def connect():
    return pyodbc.connect("DSN=%s" % os.environ.get("MESH_DSN", "jaffle_mesh"),
                          autocommit=True)


def text(v):
    if v is None:
        return ""
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return str(v)


def same(a, b):
    if a == b:
        return True
    try:
        return decimal.Decimal(a) == decimal.Decimal(b)
    except decimal.InvalidOperation:
        return False


def expected(table, path, key):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    header, want = rows[0], rows[1:]
    cur = connect().cursor()
    cur.execute("select %s from %s order by %s" % (", ".join(header), table, key))
    got = [[text(v) for v in r] for r in cur.fetchall()]
    bad = 0
    if len(got) != len(want):
        print("%s: %d rows, %s has %d" % (table, len(got), path, len(want)), file=sys.stderr)
        bad += 1
    for i, (g, w) in enumerate(zip(got, want)):
        for col, gv, wv in zip(header, g, w):
            if not same(gv, wv):
                bad += 1
                if bad <= 10:
                    print("%s row %d column %s: got %r, expected %r"
                          % (table, i + 1, col, gv, wv), file=sys.stderr)
    if bad == 0:
        print("%s equals %s (%d rows x %d columns)"
              % (table, os.path.basename(path), len(want), len(header)))
    return bad == 0


def rows(query, want):
    cur = connect().cursor()
    cur.execute(query)
    got = ";".join(",".join(text(v) for v in r) for r in cur.fetchall())
    if got != want:
        print("%s\n  got      %s\n  expected %s" % (query, got, want), file=sys.stderr)
        return False
    return True


def main(argv):
    if argv[1] == "expected":
        return expected(argv[2], argv[3], argv[4])
    if argv[1] == "sql":
        connect().cursor().execute(argv[2])
        return True
    if argv[1] == "rows":
        return rows(argv[2], argv[3])
    print("unknown check %s" % argv[1], file=sys.stderr)
    return False


if __name__ == "__main__":
    sys.exit(0 if main(sys.argv) else 1)
