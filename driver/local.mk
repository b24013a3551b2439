# driver/local.mk
#   Automake fragment included by the top-level Makefile.am. Only += lines here.
libmeshdriver_la_SOURCES += \
	driver/driver.h \
	driver/odbc_api.c driver/odbc_apiw.c driver/api_exit.c driver/dsn_keys.h driver/dsn_keys.c \
	driver/diag.c driver/sqlstate.c driver/trace.c driver/unicode.c \
	driver/env.c driver/dbc.c driver/connect.c driver/connstr.c driver/escape.c \
	driver/info.c driver/stmt.c driver/exec.c driver/param.c driver/desc.c \
	driver/fetch.c driver/cursor.c driver/scroll.c driver/bulk.c driver/sqltype.c driver/catalog.c \
	driver/convert_str.c driver/convert_num.c driver/convert_datetime.c \
	driver/convert_param.c

# The setup library (driver/setup.c): ConfigDSN/ConfigDriver for
# SQLConfigDataSource, named by Setup= in odbcinst.ini.in. It links only
# libodbcinst and shares the key table with the driver.
lib_LTLIBRARIES += libmeshodbcS.la
libmeshodbcS_la_SOURCES = driver/setup.c driver/dsn_keys.c driver/dsn_keys.h
libmeshodbcS_la_LIBADD = $(ODBCINST_LIBS)
libmeshodbcS_la_LDFLAGS = $(AM_LDFLAGS) -module -avoid-version -no-undefined $(NO_UNDEFINED_LDFLAGS) \
	-export-symbols-regex '^(ConfigDSN|ConfigDriver)$$'

# The iODBC driver (configure --with-iodbc): the same driver sources
# compiled again against iODBC's headers (their directory comes first, so
# <sql.h> is iODBC's; SQLWCHAR is 4 bytes and unicode.c converts UTF-32),
# linked with the same engine and iODBC's libiodbcinst, never libiodbc.
if WITH_IODBC
noinst_LTLIBRARIES += libmeshdriver_iodbc.la
lib_LTLIBRARIES += libmeshodbc-iodbc.la
libmeshdriver_iodbc_la_SOURCES = $(libmeshdriver_la_SOURCES)
libmeshdriver_iodbc_la_CPPFLAGS = $(IODBC_CFLAGS) $(AM_CPPFLAGS) \
	-include $(srcdir)/driver/iodbc_compat.h
libmeshdriver_iodbc_la_LIBADD = $(IODBC_LIBS)
libmeshodbc_iodbc_la_SOURCES = driver/module.c
libmeshodbc_iodbc_la_CPPFLAGS = $(IODBC_CFLAGS) $(AM_CPPFLAGS)
EXTRA_DIST += driver/iodbc_compat.h
libmeshodbc_iodbc_la_LIBADD = libmeshdriver_iodbc.la libmeshengine.la $(IODBC_LIBS)
libmeshodbc_iodbc_la_LDFLAGS = $(AM_LDFLAGS) -module -avoid-version -no-undefined $(NO_UNDEFINED_LDFLAGS) \
	-export-symbols-regex '^SQL[A-Za-z]+W?$$'
endif
