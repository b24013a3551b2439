# engine/exec/local.mk
#   Automake fragment included by the top-level Makefile.am. Only += lines here.
#   The executor: operator tree, vectorized expressions, hashing, row store.
libmeshengine_la_SOURCES += engine/exec/executor.c engine/exec/vector.c \
	engine/exec/hash.c engine/exec/expr_eval.c engine/exec/expr_cast.c \
	engine/exec/expr_func.c engine/exec/expr_func_more.c \
	engine/exec/expr_func_date.c engine/exec/expr_func_dtparse.c engine/exec/expr_func_tz.c \
	engine/exec/expr_func_binary.c engine/exec/expr_func_bitwise.c \
	engine/exec/op_scan.c engine/exec/op_values.c \
	engine/exec/op_filter.c engine/exec/op_project.c engine/exec/op_limit.c \
	engine/exec/op_union_all.c engine/exec/op_distinct.c \
	engine/exec/op_hash_join.c engine/exec/op_hash_agg.c engine/exec/agg_collect.c engine/exec/op_sort.c \
	engine/exec/op_window.c engine/exec/op_groupid.c \
	engine/exec/op_apply.c engine/exec/op_setop.c engine/exec/dynfilter.c \
	engine/exec/scan_reader.c engine/exec/op_unnest.c \
	engine/exec/op_recursive.c
noinst_HEADERS += engine/exec/exec_int.h
# dates, timestamps, times and intervals in arithmetic
libmeshengine_la_SOURCES += engine/exec/expr_time.c
libmeshengine_la_SOURCES += engine/exec/expr_func_json.c
libmeshengine_la_SOURCES += engine/exec/expr_func_array.c
# spill files: sorts past the memory limit (spill.c)
libmeshengine_la_SOURCES += engine/exec/spill.c
libmeshengine_la_SOURCES += engine/exec/expr_func_trino.c
# one remote read feeding several uses (rule shared_scan)
libmeshengine_la_SOURCES += engine/exec/op_spool.c
