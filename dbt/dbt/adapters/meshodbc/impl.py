# dbt/dbt/adapters/meshodbc/impl.py
#   MeshODBCAdapter: dbt-trino's TrinoAdapter (relations, columns, type
#   conversions for seeds, incremental strategies) over the pyodbc connection
#   manager of connections.py.
# Not here: SQL (macros/*.sql), connections and errors (connections.py).
from dbt.adapters.trino.impl import TrinoAdapter

from dbt.adapters.meshodbc.connections import MeshODBCConnectionManager


class MeshODBCAdapter(TrinoAdapter):
    ConnectionManager = MeshODBCConnectionManager
    connections: MeshODBCConnectionManager

    @classmethod
    def type(cls) -> str:
        return "meshodbc"

    @classmethod
    def date_function(cls) -> str:
        # Trino's datenow() is no Trino function; current_date is.
        return "current_date"

    def valid_incremental_strategies(self):
        # microbatch needs timestamps and event-time filters; MeshODBC has
        # no timestamp type yet, so only the three row strategies.
        return ["append", "merge", "delete+insert"]
