# driver/local.mk
#   Automake fragment included by the top-level Makefile.am. Only += lines here.
libmeshdriver_la_SOURCES += \
	driver/driver.h \
	driver/odbc_api.c driver/odbc_apiw.c driver/api_exit.c \
	driver/diag.c driver/sqlstate.c driver/trace.c driver/unicode.c \
	driver/env.c driver/dbc.c driver/connect.c driver/connstr.c driver/escape.c \
	driver/info.c driver/stmt.c driver/exec.c driver/param.c driver/desc.c \
	driver/fetch.c driver/cursor.c driver/scroll.c driver/sqltype.c driver/catalog.c \
	driver/convert_str.c driver/convert_num.c driver/convert_datetime.c \
	driver/convert_param.c
