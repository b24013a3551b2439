# engine/connector/pg/local.mk
#   Automake fragment included by the top-level Makefile.am. Only += lines here.
#   The PostgreSQL connector ("postgresql"): libpq sessions and pool, catalog
#   metadata, pushdown whitelist and deparser, binary COPY decoder, scans.
libmeshengine_la_SOURCES += \
	engine/connector/pg/pg_int.h \
	engine/connector/pg/pg_copy.h \
	engine/connector/pg/pg_connector.c \
	engine/connector/pg/pg_session.c \
	engine/connector/pg/pg_meta.c \
	engine/connector/pg/pg_copy.c \
	engine/connector/pg/pg_scan.c \
	engine/connector/pg/pg_split.c \
	engine/connector/pg/pg_shippable.c \
	engine/connector/pg/pg_deparse.c \
	engine/connector/pg/pg_write.c
EXTRA_DIST += engine/connector/pg/README.md
