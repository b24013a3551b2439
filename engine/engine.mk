# engine/engine.mk
#   The engine façade and the session room: the catalog file, governance,
#   the connector registry, the session state and the built-in system catalog.
libmeshengine_la_SOURCES += engine/engine.c engine/session/session.c \
	engine/session/catalog_file.c engine/session/governance.c \
	engine/session/registry.c engine/session/system.c
