# dbt/dbt/adapters/meshodbc/connections.py
#   Credentials (profiles.yml: type meshodbc, dsn or connection_string,
#   database = target catalog, schema, threads) and the connection manager:
#   one pyodbc connection per dbt thread, in autocommit mode.
# Interface: MeshODBCCredentials, MeshODBCConnectionManager.
# Not here: SQL (macros/), relations and types (dbt-trino's, via impl.py).
#
# Why autocommit: as in dbt-trino, every statement commits on its own
# and dbt's BEGIN/COMMIT are no-ops.  (MeshODBC transactions, with
# autocommit off, write one catalog only, which a run across catalogs
# could not keep to.)
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Optional, Tuple

import pyodbc
import sqlparse
from dbt.adapters.contracts.connection import AdapterResponse, Credentials
from dbt.adapters.events.logging import AdapterLogger
from dbt.adapters.sql import SQLConnectionManager
from dbt_common.exceptions import DbtDatabaseError, DbtRuntimeError
from dbt.adapters.exceptions.connection import FailedToConnectError

logger = AdapterLogger("MeshODBC")


@dataclass
class MeshODBCCredentials(Credentials):
    """profiles.yml keys. `database` is the catalog models are written to,
    `schema` the schema in it; exactly one of `dsn` and `connection_string`
    names the MeshODBC data source."""

    dsn: Optional[str] = None
    connection_string: Optional[str] = None
    # SQL_ATTR_QUERY_TIMEOUT for every statement (seconds; 0 = none)
    query_timeout: int = 0

    _ALIASES = {"catalog": "database"}

    @property
    def type(self) -> str:
        return "meshodbc"

    @property
    def unique_field(self) -> str:
        return self.dsn or self.connection_string or ""

    def _connection_keys(self) -> Tuple[str, ...]:
        return ("dsn", "connection_string", "database", "schema", "query_timeout")

    def odbc_connection_string(self) -> str:
        if bool(self.dsn) == bool(self.connection_string):
            raise DbtRuntimeError(
                "meshodbc profile: set exactly one of 'dsn' and 'connection_string'"
            )
        if self.dsn:
            return "DSN={%s}" % self.dsn.replace("}", "}}")
        return self.connection_string  # type: ignore[return-value]


def literal(value: Any) -> str:
    """A Python value as a Trino SQL literal.  MeshODBC has no parameter
    markers yet (SQLBindParameter answers HYC00), so the few statements dbt
    binds values into (seed batches) get them inlined; strings are quoted
    with '' so no value can end its literal."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, Decimal)):
        return str(value)
    if isinstance(value, float):
        return repr(value) if value == value and value not in (float("inf"), float("-inf")) \
            else "CAST('%s' AS double)" % ("NaN" if value != value else ("Infinity" if value > 0 else "-Infinity"))
    if isinstance(value, datetime):
        return "TIMESTAMP '%s'" % value.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]
    if isinstance(value, date):
        return "DATE '%s'" % value.strftime("%Y-%m-%d")
    if isinstance(value, str):
        return "'%s'" % value.replace("'", "''")
    raise DbtRuntimeError("meshodbc: cannot write a %s value into SQL" % type(value).__name__)


def inline_bindings(sql: str, bindings) -> str:
    """Replaces each %s of sql (the binding character of meshodbc__
    get_binding_char) by the literal of the next binding, left to right."""
    if not bindings:
        return sql
    parts = sql.split("%s")
    if len(parts) - 1 != len(bindings):
        raise DbtRuntimeError(
            "meshodbc: %d bindings for %d markers" % (len(bindings), len(parts) - 1)
        )
    out = [parts[0]]
    for value, rest in zip(bindings, parts[1:]):
        out.append(literal(value))
        out.append(rest)
    return "".join(out)


def odbc_message(exc: pyodbc.Error) -> str:
    """MeshODBC's diagnostic as dbt shows it: SQLSTATE first, then the
    driver's message without unixODBC's '[unixODBC][MeshODBC]' prefix and
    its '(native) (SQLExecDirectW)' suffix."""
    args = exc.args
    if len(args) >= 2 and isinstance(args[0], str):
        state, msg = args[0], str(args[1])
    else:
        state, msg = "HY000", str(exc)
    for prefix in ("[%s] " % state, "[unixODBC]", "[MeshODBC]"):
        while msg.startswith(prefix):
            msg = msg[len(prefix):].lstrip()
    for suffix in (" (SQLExecDirectW)", " (SQLExecDirect)", " (SQLDriverConnect)",
                   " (SQLFetch)", " (SQLMoreResults)"):
        if msg.endswith(suffix):
            msg = msg[: -len(suffix)]
    msg = msg.rstrip()
    # pyodbc appends the native error code as " (0)"
    if msg.endswith(")") and msg.rfind(" (") > 0 and msg[msg.rfind(" (") + 2:-1].lstrip("-").isdigit():
        msg = msg[: msg.rfind(" (")]
    return "MeshODBC error %s: %s" % (state, msg)


class CursorWrapper:
    """A pyodbc cursor whose execute() takes dbt's bindings (inlined, see
    literal()) and whose rowcount survives a statement without result."""

    def __init__(self, cursor: pyodbc.Cursor, timeout: int):
        self._cursor = cursor
        if timeout:
            cursor.connection.timeout = timeout

    def execute(self, sql: str, bindings=None):
        return self._cursor.execute(inline_bindings(sql, bindings))

    def fetchall(self):
        return self._cursor.fetchall()

    def fetchone(self):
        return self._cursor.fetchone()

    def fetchmany(self, size):
        return self._cursor.fetchmany(size)

    @property
    def description(self):
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    def cancel(self):
        self._cursor.cancel()

    def close(self):
        self._cursor.close()


class HandleWrapper:
    """The pyodbc connection as dbt's connection handle; commit and rollback
    do nothing because every statement already committed (autocommit)."""

    def __init__(self, conn: pyodbc.Connection, timeout: int):
        self._conn = conn
        self._timeout = timeout
        self._cursor: Optional[CursorWrapper] = None

    def cursor(self) -> CursorWrapper:
        self._cursor = CursorWrapper(self._conn.cursor(), self._timeout)
        return self._cursor

    def cancel(self):
        if self._cursor is not None:
            self._cursor.cancel()

    def commit(self):
        pass

    def rollback(self):
        pass

    def close(self):
        self._conn.close()


class MeshODBCConnectionManager(SQLConnectionManager):
    TYPE = "meshodbc"

    def __init__(self, profile, mp_context, behavior_flags=None) -> None:
        # TrinoAdapter passes its behavior flags; there are none to keep.
        super().__init__(profile, mp_context)

    @contextmanager
    def exception_handler(self, sql: str):
        try:
            yield
        except pyodbc.Error as e:
            msg = odbc_message(e)
            logger.debug(msg)
            raise DbtDatabaseError(msg) from e
        except DbtRuntimeError:
            raise
        except Exception as e:
            raise DbtRuntimeError(str(e)) from e

    # No transactions (see the file comment).
    def add_begin_query(self):
        pass

    def add_commit_query(self):
        pass

    def begin(self):
        connection = self.get_thread_connection()
        connection.transaction_open = True
        return connection

    def commit(self):
        connection = self.get_thread_connection()
        connection.transaction_open = False
        return connection

    @classmethod
    def open(cls, connection):
        if connection.state == "open":
            return connection
        credentials: MeshODBCCredentials = connection.credentials
        try:
            handle = pyodbc.connect(credentials.odbc_connection_string(), autocommit=True)
        except pyodbc.Error as e:
            connection.state = "fail"
            connection.handle = None
            raise FailedToConnectError(odbc_message(e)) from e
        # MeshODBC returns VARCHAR as UTF-8 in SQLCHAR; read wide text as
        # UTF-16 so non-ASCII values come back intact.
        handle.setdecoding(pyodbc.SQL_CHAR, encoding="utf-8")
        handle.setdecoding(pyodbc.SQL_WCHAR, encoding="utf-16le")
        handle.setencoding(encoding="utf-16le")
        connection.handle = HandleWrapper(handle, credentials.query_timeout)
        connection.state = "open"
        return connection

    def cancel(self, connection):
        if connection.handle is not None:
            connection.handle.cancel()

    @classmethod
    def get_response(cls, cursor) -> AdapterResponse:
        rows = cursor.rowcount if cursor is not None else -1
        message = "OK" if rows is None or rows < 0 else "OK (%d rows)" % rows
        return AdapterResponse(_message=message, rows_affected=rows if rows and rows > 0 else 0)

    def add_query(self, sql, auto_begin=True, bindings=None, abridge_sql_log=False):
        # dbt-trino's macros join several statements with ';' (contracts,
        # alter_column_type); MeshODBC runs one statement per call, so they
        # are split here and sent one by one, as dbt-trino does.
        connection, cursor = None, None
        for stmt in sqlparse.split(sql):
            stmt = stmt.strip().rstrip(";").strip()
            if not _has_code(stmt):
                continue
            connection, cursor = super().add_query(stmt, auto_begin, bindings, abridge_sql_log)
        if cursor is None:
            raise DbtRuntimeError("Tried to run an empty query:\n%s" % sql)
        return connection, cursor

    @classmethod
    def data_type_code_to_name(cls, type_code) -> str:
        # pyodbc describes columns by Python type
        names = {str: "VARCHAR", int: "BIGINT", float: "DOUBLE", Decimal: "DECIMAL",
                 bool: "BOOLEAN", date: "DATE", datetime: "TIMESTAMP"}
        return names.get(type_code, str(getattr(type_code, "__name__", type_code)).upper())


def _has_code(stmt: str) -> bool:
    """True when stmt holds more than comments and blanks."""
    for tok in sqlparse.parse(stmt)[0].flatten() if stmt else []:
        if not (tok.is_whitespace or tok.ttype in sqlparse.tokens.Comment
                or tok.ttype in sqlparse.tokens.Comment.Single
                or tok.ttype in sqlparse.tokens.Comment.Multiline):
            return True
    return False
