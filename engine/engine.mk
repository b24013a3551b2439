# engine/engine.mk
#   The engine façade, the catalog registry and the built-in system catalog.
libmeshengine_la_SOURCES += engine/engine.c engine/catalog_file.c \
	engine/connector/registry.c engine/connector/system.c engine/governance.c
