#!/usr/bin/python3
# tests/odbc/test_libreoffice.py
#   LibreOffice (Debian's packages, headless) as a MeshODBC client, the way
#   a Base or Calc user reaches the mesh: through LibreOffice's sdbc ODBC
#   driver (libodbclo.so, package libreoffice-base-drivers) and unixODBC,
#   with the DSN jaffle_mesh of the test mesh (env from tests/pg_cluster.sh).
#   It starts soffice --headless with a throwaway user profile and drives it
#   over a UNO pipe (python3-uno):
#     1. com.sun.star.sdbc.DriverManager, sdbc:odbc:jaffle_mesh: the table
#        list of XDatabaseMetaData.getTables and customers' primary key;
#     2. a Base data source (com.sun.star.sdb.DataSource) on that URL: its
#        XTablesSupplier lists the three tables, customers has exactly one
#        key of type PRIMARY on (id); a RowSet opens customers as a table
#        (what Base's table view does), 100 rows, updatable thanks to the
#        key, and one edit through it reaches PostgreSQL and is undone;
#     3. Calc pulls the customers model (setup/data/jaffle_shop/
#        customers_federated.sql, saved in the data source as a query run
#        directly) into a sheet the way Data > Import does (XImportable.
#        doImport from the registered data source), saves it
#        as .ods; a second, fresh soffice loads the .ods and the test
#        compares row count, every value and a SHA-256 over the rows with
#        the same query run by psql on refdb (one PostgreSQL server holding
#        all three tables).
#   In the sanitizer build the soffice that loads the driver gets
#   AddressSanitizer's runtime preloaded (the second one does not: under
#   it soffice hangs loading an .ods, which is not the driver's doing).
#   Every wait is bounded: a watchdog kills soffice's process group and
#   fails the test after DEADLINE seconds (below run_odbc_tests.sh's 300),
#   and soffice is always killed at the end.
# Run by tests/odbc/run_odbc_tests.sh (listed in ODBC_TESTS).
# Exit status: 0 when every check passed, 1 otherwise, 77 (skip) only when
#   LibreOffice is not installed (no soffice); an installed LibreOffice
#   without python3-uno or the ODBC driver is a failure, since
#   setup/deps.sh installs them together.
# Not here: pyodbc (test_pyodbc_*.py); the catalog functions at the C level
#   (test_keys.c).
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

DEADLINE = 200          # seconds for the whole test
START_TIMEOUT = 90      # seconds for soffice to accept the UNO connection
DSN = "jaffle_mesh"
SRCDIR = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
MODEL_SQL = os.path.join(SRCDIR, "setup", "data", "jaffle_shop",
                         "customers_federated.sql")
ODBC_DRIVER = "/usr/lib/libreoffice/program/libodbclo.so"

# The sanitizer build (run_odbc_tests.sh preloads AddressSanitizer's
# runtime into scripts): the driver is loaded by soffice.bin, not by this
# interpreter, and pyuno's C++ exceptions fail under a preloaded ASan
# that came before libstdc++. So this process runs without the preload and
# hands it to the soffice that loads the driver, with libstdc++ after it.
if "libasan" in os.environ.get("LD_PRELOAD", ""):
    env = dict(os.environ)
    env["MESH_LO_SOFFICE_PRELOAD"] = env.pop("LD_PRELOAD") + " libstdc++.so.6"
    os.execve(sys.executable, [sys.executable] + sys.argv, env)

soffice_bin = shutil.which("soffice") or shutil.which("libreoffice")
if not soffice_bin:
    print("SKIP: LibreOffice is not installed (setup/deps.sh installs "
          "libreoffice-calc libreoffice-base libreoffice-base-drivers "
          "python3-uno)")
    sys.exit(77)
try:
    import uno
    from com.sun.star.beans import PropertyValue
    from com.sun.star.connection import NoConnectException
except ImportError as e:
    print("FAIL: LibreOffice is installed but python3-uno is not "
          "(setup/deps.sh installs it): %s" % e)
    sys.exit(1)
if not os.path.exists(ODBC_DRIVER):
    print("FAIL: LibreOffice's ODBC driver %s is missing (package "
          "libreoffice-base-drivers, installed by setup/deps.sh)"
          % ODBC_DRIVER)
    sys.exit(1)

failures = 0
workdir = tempfile.mkdtemp(prefix="meshodbc-lo.")
proc = None      # the running soffice (one at a time)


def check(name, got, want):
    global failures
    if got == want:
        print("ok   %s" % name)
    else:
        failures += 1
        print("FAIL %s: got %r, want %r" % (name, got, want))


def kill_soffice():
    """Kills soffice's whole process group (the soffice script, oosplash
    and soffice.bin) and reaps it; safe to call more than once."""
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        pass


def on_deadline():
    # Runs in the watchdog thread: a UNO call blocked in the main thread
    # cannot be interrupted otherwise.
    print("FAIL: the test did not finish within %d s; killing soffice"
          % DEADLINE, flush=True)
    kill_soffice()
    shutil.rmtree(workdir, ignore_errors=True)
    os._exit(1)


def on_signal(signum, frame):
    kill_soffice()
    shutil.rmtree(workdir, ignore_errors=True)
    os._exit(128 + signum)


watchdog = threading.Timer(DEADLINE, on_deadline)
watchdog.daemon = True
watchdog.start()
signal.signal(signal.SIGTERM, on_signal)
signal.signal(signal.SIGINT, on_signal)


def props(**kw):
    out = []
    for k, v in kw.items():
        p = PropertyValue()
        p.Name = k
        p.Value = v
        out.append(p)
    return tuple(out)


def start_office(name, with_driver):
    """Starts soffice in its own process group with a throwaway profile
    (workdir/name) and returns the remote component context, or fails
    after START_TIMEOUT. with_driver: this soffice loads MeshODBC, so it
    gets the sanitizer preload, if any."""
    global proc
    pipe = "meshodbc_lo_%d_%s" % (os.getpid(), name)
    profile = uno.systemPathToFileUrl(os.path.join(workdir, name))
    env = dict(os.environ)
    env.pop("MESH_LO_SOFFICE_PRELOAD", None)
    if with_driver and os.environ.get("MESH_LO_SOFFICE_PRELOAD"):
        env["LD_PRELOAD"] = os.environ["MESH_LO_SOFFICE_PRELOAD"]
    proc = subprocess.Popen(
        [soffice_bin, "--headless", "--invisible", "--norestore",
         "--nologo", "--nodefault", "--nolockcheck",
         "-env:UserInstallation=" + profile,
         "--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % pipe],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=open(os.path.join(workdir, "soffice.err"), "a"),
        start_new_session=True, env=env)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    t0 = time.time()
    while True:
        try:
            return resolver.resolve(
                "uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
        except NoConnectException:
            if proc.poll() is not None:
                raise RuntimeError("soffice exited with status %d before "
                                   "accepting a connection" % proc.returncode)
            if time.time() - t0 > START_TIMEOUT:
                raise RuntimeError("soffice did not accept a connection "
                                   "within %d s" % START_TIMEOUT)
            time.sleep(0.25)


def psql(port, sql):
    """Runs sql with psql on 127.0.0.1:port; returns the rows as lists of
    strings (NULL as ''), fields split on the unit separator."""
    out = subprocess.run(
        ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1",
         "-F", "\x1f", "-P", "null=", "-h", "127.0.0.1", "-p", str(port),
         "-U", "postgres", "-d", "postgres", "-c", sql],
        env=dict(os.environ, PGPASSWORD="postgres", PGCONNECT_TIMEOUT="10"),
        capture_output=True, text=True, timeout=60, check=True).stdout
    return [line.split("\x1f") for line in out.splitlines()]


def digest(rows):
    h = hashlib.sha256()
    for r in rows:
        h.update(("\x1f".join(r) + "\n").encode())
    return h.hexdigest()


def model_sql():
    """The seed's customers model: the file without comments or the final
    semicolon."""
    lines = [ln for ln in open(MODEL_SQL).read().splitlines()
             if not ln.lstrip().startswith("--")]
    return "\n".join(lines).strip().rstrip(";")


def read_sheet(doc):
    """The used area of the first sheet as rows of canonical strings: empty
    cells '', numbers without a trailing .0, cells formatted as dates as
    YYYY-MM-DD (from the serial number and the document's null date).
    Returns (rows, the sorted indexes of columns holding date cells)."""
    import datetime
    from com.sun.star.table.CellContentType import EMPTY, TEXT
    from com.sun.star.util.NumberFormat import DATE
    sheet = doc.Sheets.getByIndex(0)
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    addr = cursor.getRangeAddress()
    formats = doc.NumberFormats
    nd = doc.NullDate
    null_date = datetime.date(nd.Year, nd.Month, nd.Day)
    rows = []
    date_cols = set()
    for r in range(addr.EndRow + 1):
        row = []
        for c in range(addr.EndColumn + 1):
            cell = sheet.getCellByPosition(c, r)
            kind = cell.getType()
            if kind == EMPTY:
                row.append("")
            elif kind == TEXT:
                row.append(cell.getString())
            else:
                v = cell.getValue()
                fmt = formats.getByKey(cell.NumberFormat)
                if fmt.Type & DATE:
                    date_cols.add(c)
                    row.append((null_date + datetime.timedelta(
                        days=int(v))).isoformat())
                elif v == int(v):
                    row.append(str(int(v)))
                else:
                    row.append(repr(v))
        rows.append(row)
    return rows, sorted(date_cols)


def stop_office(ctx):
    """Asks soffice to quit, waits a bounded time, then kills what is
    left of its process group."""
    try:
        ctx.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", ctx).terminate()
    except Exception:
        pass   # the bridge may close under us as soffice quits
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        pass
    kill_soffice()


def main():
    ctx = start_office("office1", True)
    smgr = ctx.ServiceManager
    url = "sdbc:odbc:" + DSN

    # 1. the plain sdbc connection through the DriverManager
    dm = smgr.createInstanceWithContext("com.sun.star.sdbc.DriverManager",
                                        ctx)
    drv = dm.getDriverByURL(url)
    check("DriverManager picks LibreOffice's ODBC driver",
          drv.getImplementationName(), "com.sun.star.comp.sdbc.ODBCDriver")
    con = dm.getConnectionWithInfo(url, ())
    md = con.getMetaData()
    check("driver name", md.getDriverName(), "libmeshodbc.so")
    rs = md.getTables(None, "%", "%", ("TABLE", "VIEW"))
    tables = []
    while rs.next():
        tables.append((rs.getString(1), rs.getString(2), rs.getString(3),
                       rs.getString(4)))
    # (schema public only: other tests may leave schemas of their own)
    check("getTables: the mesh's user tables",
          [t for t in tables if t[0] != "system" and t[1] == "public"],
          [("customersdb", "public", "customers", "TABLE"),
           ("ordersdb", "public", "orders", "TABLE"),
           ("paymentsdb", "public", "payments", "TABLE")])
    rs = md.getPrimaryKeys("customersdb", "public", "customers")
    pk = []
    while rs.next():
        pk.append((rs.getString(4), rs.getShort(5), rs.getString(6)))
    check("getPrimaryKeys customers", pk, [("id", 1, "customers_pkey")])
    con.close()

    # 2. Base: a data source, its tables and keys, the table opened
    dbctx = smgr.createInstanceWithContext(
        "com.sun.star.sdb.DatabaseContext", ctx)
    ds = dbctx.createInstance()
    ds.URL = url
    # The customers model as a saved Base query run directly ("Run SQL
    # command directly": EscapeProcessing off), since LibreOffice's own
    # parser knows no WITH; Calc imports it by name.
    query = smgr.createInstanceWithContext(
        "com.sun.star.sdb.QueryDefinition", ctx)
    query.Command = model_sql()
    query.EscapeProcessing = False
    ds.QueryDefinitions.insertByName("customers_model", query)
    odb = uno.systemPathToFileUrl(os.path.join(workdir, "mesh.odb"))
    ds.DatabaseDocument.storeAsURL(odb, ())
    dbctx.registerObject("MeshODBC_test", ds)
    con = ds.getConnection("", "")
    names = con.getTables().getElementNames()
    for t in ("customersdb.public.customers", "ordersdb.public.orders",
              "paymentsdb.public.payments"):
        check("Base lists table %s" % t, t in names, True)
    table = con.getTables().getByName("customersdb.public.customers")
    check("customers' columns",
          list(table.getColumns().getElementNames()),
          ["id", "first_name", "last_name"])
    keys = table.getKeys()
    found = []
    for i in range(keys.getCount()):
        k = keys.getByIndex(i)
        found.append((k.Name, k.Type, list(k.Columns.getElementNames())))
    # com.sun.star.sdbcx.KeyType.PRIMARY == 1
    check("customers has its primary key",
          found, [("customers_pkey", uno.getConstantByName(
              "com.sun.star.sdbcx.KeyType.PRIMARY"), ["id"])])

    rowset = smgr.createInstanceWithContext("com.sun.star.sdb.RowSet", ctx)
    rowset.ActiveConnection = con
    rowset.CommandType = uno.getConstantByName(
        "com.sun.star.sdb.CommandType.TABLE")
    rowset.Command = "customersdb.public.customers"
    rowset.execute()
    check("table view's statement", rowset.ActiveCommand,
          'SELECT * FROM "customersdb"."public"."customers"')
    n = 0
    while rowset.next():
        n += 1
    check("table view: rows", n, 100)
    check("table view: updatable (it has a key)",
          rowset.ResultSetConcurrency, uno.getConstantByName(
              "com.sun.star.sdbc.ResultSetConcurrency.UPDATABLE"))
    upd = uno.getConstantByName("com.sun.star.sdbcx.Privilege.UPDATE")
    check("table view: UPDATE privilege", bool(rowset.Privileges & upd),
          True)
    port = os.environ["MESH_PORT_CUSTOMERSDB"]
    before = psql(port, "select last_name from public.customers "
                        "where id = 3")
    try:
        # SELECT * has no order: find the row of id 3
        rowset.beforeFirst()
        while rowset.next() and rowset.getInt(1) != 3:
            pass
        check("table view: the row of id 3",
              (rowset.getInt(1), rowset.getString(2)), (3, "Kathleen"))
        rowset.updateString(3, "Edited in Base")
        rowset.updateRow()
        check("an edit in the table view reaches customersdb",
              psql(port, "select last_name from public.customers "
                         "where id = 3"), [["Edited in Base"]])
        rowset.updateString(3, before[0][0])
        rowset.updateRow()
        check("and is undone", psql(port, "select last_name from "
                                          "public.customers where id = 3"),
              before)
    finally:
        if psql(port, "select last_name from public.customers "
                      "where id = 3") != before:
            psql(port, "update public.customers set last_name = '%s' "
                       "where id = 3" % before[0][0].replace("'", "''"))
    rowset.dispose()

    # A query LibreOffice parses itself (Base's query designer, escape
    # processing on) and sends with an ODBC escape. Its parser reserves
    # PUBLIC, so the schema is quoted (see the README).
    rowset = smgr.createInstanceWithContext("com.sun.star.sdb.RowSet", ctx)
    rowset.ActiveConnection = con
    rowset.CommandType = uno.getConstantByName(
        "com.sun.star.sdb.CommandType.COMMAND")
    rowset.Command = ('SELECT {fn ucase(first_name)} AS u FROM '
                      'customersdb."public".customers WHERE id = 1')
    rowset.execute()
    got = []
    while rowset.next():
        got.append(rowset.getString(1))
    check("a parsed query with {fn ucase()}", got, ["MICHAEL"])
    rowset.dispose()
    con.close()

    # 3. Calc: the customers model into a sheet, saved, read back
    desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop",
                                             ctx)
    doc = desktop.loadComponentFromURL("private:factory/scalc", "_blank", 0,
                                       props(Hidden=True))
    sheet = doc.Sheets.getByIndex(0)
    sql = model_sql()
    desc = sheet.createImportDescriptor(True)
    for p in desc:
        if p.Name == "DatabaseName":
            p.Value = "MeshODBC_test"
        elif p.Name == "SourceType":
            p.Value = uno.Enum("com.sun.star.sheet.DataImportMode", "QUERY")
        elif p.Name == "SourceObject":
            p.Value = "customers_model"
    t0 = time.time()
    sheet.getCellRangeByName("A1").doImport(desc)
    print("     import took %.2f s" % (time.time() - t0))
    ods = os.path.join(workdir, "customers.ods")
    doc.storeToURL(uno.systemPathToFileUrl(ods), props(FilterName="calc8"))
    doc.close(True)
    check("the .ods was written", os.path.getsize(ods) > 0, True)
    dbctx.revokeObject("MeshODBC_test")
    stop_office(ctx)

    # a second, fresh soffice (which never loads the driver) reads the file
    ctx = start_office("office2", False)
    desktop = ctx.ServiceManager.createInstanceWithContext(
        "com.sun.star.frame.Desktop", ctx)
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(ods),
                                       "_blank", 0, props(Hidden=True))
    got, date_cols = read_sheet(doc)
    doc.close(True)
    check("first_order and most_recent_order are date cells", date_cols,
          [3, 4])

    ref_sql = sql
    for cat in ("customersdb", "ordersdb", "paymentsdb"):
        ref_sql = ref_sql.replace(cat + ".public.", "public.")
    ref = psql(os.environ["MESH_PORT_REFDB"], ref_sql)
    check("sheet header", got[0] if got else None,
          ["customer_id", "first_name", "last_name", "first_order",
           "most_recent_order", "number_of_orders",
           "customer_lifetime_value"])
    body = got[1:]
    check("sheet rows = psql rows", len(body), len(ref))
    check("psql rows", len(ref), 100)
    for i, (a, b) in enumerate(zip(body, ref)):
        if a != b:
            check("sheet row %d" % (i + 1), a, b)
            break
    check("sheet checksum = psql checksum", digest(body), digest(ref))
    print("     sha256 %s" % digest(body))
    stop_office(ctx)


try:
    main()
except Exception as e:
    failures += 1
    print("FAIL: %s: %s" % (type(e).__name__, e))
    err = os.path.join(workdir, "soffice.err")
    if os.path.exists(err):
        sys.stdout.write(open(err).read()[-2000:])
finally:
    kill_soffice()
    watchdog.cancel()
    shutil.rmtree(workdir, ignore_errors=True)

print("libreoffice: %d failed" % failures)
sys.exit(1 if failures else 0)
