# dbt/dbt/adapters/meshodbc/__init__.py
#   The dbt plugin: adapter type `meshodbc`.  It depends on the `trino` plugin
#   so that adapter.dispatch and the materialization lookup search
#   meshodbc__* / adapter='meshodbc', then trino__* / adapter='trino', then
#   default__*: every dbt-trino macro applies unless macros/ overrides it.
from dbt.adapters.base import AdapterPlugin

from dbt.adapters.meshodbc.connections import (  # noqa: F401
    MeshODBCConnectionManager,
    MeshODBCCredentials,
)
from dbt.adapters.meshodbc.impl import MeshODBCAdapter
from dbt.include import meshodbc

Plugin = AdapterPlugin(
    adapter=MeshODBCAdapter,  # type: ignore
    credentials=MeshODBCCredentials,
    include_path=meshodbc.PACKAGE_PATH,
    dependencies=["trino"],
)
