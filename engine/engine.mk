# engine/engine.mk
#   The engine façade and the session room: the catalog file, governance,
#   the connector registry, the session state and the built-in system catalog.
libmeshengine_la_SOURCES += engine/engine.c engine/engine_remote.c engine/engine_remote.h \
	engine/session/session.c \
	engine/session/catalog_file.c engine/session/governance.c \
	engine/session/metacache.c \
	engine/session/registry.c engine/session/system.c \
	engine/session/txn.c engine/session/txn_caps.h engine/session/session_props.c
# The one deparser of the SQL connectors (dialects are data: pg/, trino/).
libmeshengine_la_SOURCES += engine/connector/sql_deparse.c \
	engine/connector/sql_deparse.h engine/connector/sql_ship.c \
	engine/connector/sql_ship.h
# The Trino client (Engine=trino; libcurl + json-c).
libmeshengine_la_SOURCES += engine/connector/trino/trino_client.c \
	engine/connector/trino/trino_client.h engine/connector/trino/trino_json.c \
	engine/connector/trino/trino_json.h engine/connector/trino/trino_connector.c \
	engine/connector/trino/trino_literal.c engine/connector/trino/trino_literal.h
