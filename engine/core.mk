# engine/core.mk
#   The engine's foundations: allocation and arenas, the shared helpers
#   (string builder, growable arrays, hashing), the error record,
#   logical types / batches / decimals / dates / casts, and the planner's
#   plan helpers and EXPLAIN text.  (errcodes_table.c is generated and
#   added by the top-level Makefile.am.)
libmeshengine_la_SOURCES += engine/mem/alloc.c engine/mem/arena.c \
	engine/common/strbuf.c engine/common/array.c engine/common/hash.c \
	engine/common/trace.c \
	engine/error.c \
	engine/types/types.c engine/types/batch.c engine/types/decimal.c \
	engine/types/date.c engine/types/timestamp.c engine/types/tzone.c engine/types/cast.c engine/types/typeinfo.c \
	engine/types/binary.c engine/types/json.c engine/types/arrays.c \
	engine/plan/plan_util.c engine/plan/explain.c engine/plan/plan_params.c
noinst_HEADERS += engine/types/types_int.h engine/plan/plan_int.h \
	engine/common/strbuf.h engine/common/array.h engine/common/hash.h \
	engine/common/trace.h \
	tests/unit/test_connector.h
# cast.c uses round() and friends
libmeshengine_la_LIBADD += -lm
