# engine/binder/local.mk
#   Automake fragment included by the top-level Makefile.am. Only += lines here.
libmeshengine_la_SOURCES += engine/binder/bind.c engine/binder/bind_expr.c \
	engine/binder/bind_func.c engine/binder/bind_func_more.c engine/binder/bind_func_binary.c \
	engine/binder/bind_func_bitwise.c \
	engine/binder/bind_select.c engine/binder/bind_subquery.c \
	engine/binder/bind_show.c engine/binder/bind_write.c \
	engine/binder/bind_window.c engine/binder/bind_group.c \
	engine/binder/bind_time.c engine/binder/bind_func_date.c \
	engine/binder/bind_int.h \
	engine/optimizer/optimizer.c engine/optimizer/pushdown.c \
	engine/optimizer/prune.c engine/optimizer/view.c \
	engine/optimizer/opt_int.h
EXTRA_DIST += engine/binder/README.md engine/optimizer/README.md
libmeshengine_la_SOURCES += engine/optimizer/remote.c \
	engine/optimizer/buildside.c engine/optimizer/dynfilter.c
libmeshengine_la_SOURCES += engine/optimizer/joinorder.c
libmeshengine_la_SOURCES += engine/optimizer/partialagg.c
libmeshengine_la_SOURCES += engine/optimizer/sortpush.c
libmeshengine_la_SOURCES += engine/optimizer/scansplit.c
libmeshengine_la_SOURCES += engine/binder/bind_func_json.c
libmeshengine_la_SOURCES += engine/binder/bind_func_array.c
libmeshengine_la_SOURCES += engine/binder/bind_func_trino.c
libmeshengine_la_SOURCES += engine/optimizer/sharedscan.c
