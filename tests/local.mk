# tests/local.mk
#   Automake fragment included by the top-level Makefile.am. Only += lines here.
# ODBC end-to-end tests (build system owner): one TESTS entry starts a
# throwaway PostgreSQL cluster and runs every program listed in ODBC_TESTS.
TESTS += tests/odbc/run_odbc_tests.sh
EXTRA_DIST += tests/odbc/run_odbc_tests.sh tests/pg_cluster.sh
# ODBC-level tests through the driver manager (run by run_odbc_tests.sh)
check_PROGRAMS += tests/odbc/test_seed tests/odbc/test_connect
ODBC_TESTS += tests/odbc/test_seed tests/odbc/test_connect
tests_odbc_test_seed_SOURCES = tests/odbc/test_seed.c tests/odbc/odbc_util.c tests/odbc/odbc_util.h
tests_odbc_test_seed_LDADD = $(ODBC_LIBS) $(CMOCKA_LIBS)
tests_odbc_test_connect_SOURCES = tests/odbc/test_connect.c tests/odbc/odbc_util.c tests/odbc/odbc_util.h
tests_odbc_test_connect_LDADD = $(ODBC_LIBS) $(CMOCKA_LIBS)
check_PROGRAMS += tests/odbc/test_differential
ODBC_TESTS += tests/odbc/test_differential
tests_odbc_test_differential_SOURCES = tests/odbc/test_differential.c tests/odbc/odbc_util.c tests/odbc/odbc_util.h
tests_odbc_test_differential_LDADD = $(ODBC_LIBS) $(CMOCKA_LIBS)
EXTRA_DIST += tests/sql/differential.sql tests/sql/differential_tables.sql
# engine foundations (mem, types, plan helpers)
check_PROGRAMS += tests/unit/mem/test_arena tests/unit/types/test_types \
	tests/unit/plan/test_plan_util tests/unit/plan/test_plan_params
TESTS += tests/unit/mem/test_arena tests/unit/types/test_types \
	tests/unit/plan/test_plan_util tests/unit/plan/test_plan_params
tests_unit_mem_test_arena_SOURCES = tests/unit/mem/test_arena.c
tests_unit_mem_test_arena_LDADD = libmeshengine.la $(CMOCKA_LIBS)
tests_unit_types_test_types_SOURCES = tests/unit/types/test_types.c
tests_unit_types_test_types_LDADD = libmeshengine.la $(CMOCKA_LIBS)
tests_unit_plan_test_plan_util_SOURCES = tests/unit/plan/test_plan_util.c
tests_unit_plan_test_plan_util_LDADD = libmeshengine.la $(CMOCKA_LIBS)
tests_unit_plan_test_plan_params_SOURCES = tests/unit/plan/test_plan_params.c
tests_unit_plan_test_plan_params_LDADD = libmeshengine.la $(CMOCKA_LIBS)
# the one type table (engine/types/typeinfo.c)
check_PROGRAMS += tests/unit/types/test_typeinfo
TESTS += tests/unit/types/test_typeinfo
tests_unit_types_test_typeinfo_SOURCES = tests/unit/types/test_typeinfo.c
tests_unit_types_test_typeinfo_LDADD = libmeshengine.la $(CMOCKA_LIBS)
# engine/common (string builder, growable arrays, hashing)
check_PROGRAMS += tests/unit/common/test_strbuf tests/unit/common/test_array \
	tests/unit/common/test_hash
TESTS += tests/unit/common/test_strbuf tests/unit/common/test_array \
	tests/unit/common/test_hash
tests_unit_common_test_strbuf_SOURCES = tests/unit/common/test_strbuf.c
tests_unit_common_test_strbuf_LDADD = libmeshengine.la $(CMOCKA_LIBS)
tests_unit_common_test_array_SOURCES = tests/unit/common/test_array.c
tests_unit_common_test_array_LDADD = libmeshengine.la $(CMOCKA_LIBS)
tests_unit_common_test_hash_SOURCES = tests/unit/common/test_hash.c
tests_unit_common_test_hash_LDADD = libmeshengine.la $(CMOCKA_LIBS)
# in-memory test connector self-test (engine foundations)
check_PROGRAMS += tests/unit/test_tc
TESTS += tests/unit/test_tc
tests_unit_test_tc_SOURCES = tests/unit/test_tc.c tests/unit/test_connector.c \
	tests/unit/test_connector.h
tests_unit_test_tc_LDADD = libmeshengine.la $(CMOCKA_LIBS)
# session: the rules of a transaction (session/txn.c)
check_PROGRAMS += tests/unit/session/test_txn
TESTS += tests/unit/session/test_txn
tests_unit_session_test_txn_SOURCES = tests/unit/session/test_txn.c \
	tests/unit/test_connector.c tests/unit/test_connector.h
tests_unit_session_test_txn_LDADD = libmeshengine.la $(CMOCKA_LIBS)
# connector/pg (PostgreSQL connector: COPY decoder, pushdown deparser)
check_PROGRAMS += tests/unit/connector/test_pg_copy tests/unit/connector/test_pg_deparse
TESTS += tests/unit/connector/test_pg_copy tests/unit/connector/test_pg_deparse
tests_unit_connector_test_pg_copy_SOURCES = tests/unit/connector/test_pg_copy.c
tests_unit_connector_test_pg_copy_LDADD = libmeshengine.la $(CMOCKA_LIBS)
tests_unit_connector_test_pg_deparse_SOURCES = tests/unit/connector/test_pg_deparse.c
tests_unit_connector_test_pg_deparse_LDADD = libmeshengine.la $(CMOCKA_LIBS)
# connector/trino (client-protocol documents; json-c)
check_PROGRAMS += tests/unit/connector/test_trino_json
TESTS += tests/unit/connector/test_trino_json
tests_unit_connector_test_trino_json_SOURCES = tests/unit/connector/test_trino_json.c
tests_unit_connector_test_trino_json_LDADD = libmeshengine.la $(CMOCKA_LIBS) $(JSONC_LIBS)
check_PROGRAMS += tests/unit/connector/test_trino_literal
TESTS += tests/unit/connector/test_trino_literal
tests_unit_connector_test_trino_literal_SOURCES = tests/unit/connector/test_trino_literal.c
tests_unit_connector_test_trino_literal_LDADD = libmeshengine.la $(CMOCKA_LIBS)
check_PROGRAMS += tests/unit/connector/test_trino_connector
TESTS += tests/unit/connector/test_trino_connector
tests_unit_connector_test_trino_connector_SOURCES = \
	tests/unit/connector/test_trino_connector.c tests/unit/connector/fixture_plan.h
tests_unit_connector_test_trino_connector_LDADD = libmeshengine.la $(CMOCKA_LIBS)
check_PROGRAMS += tests/unit/connector/test_sql_ship
TESTS += tests/unit/connector/test_sql_ship
tests_unit_connector_test_sql_ship_SOURCES = \
	tests/unit/connector/test_sql_ship.c tests/unit/connector/fixture_plan.h
tests_unit_connector_test_sql_ship_LDADD = libmeshengine.la $(CMOCKA_LIBS)
# parser
check_PROGRAMS += tests/unit/parser/test_lexer tests/unit/parser/test_parser
TESTS += tests/unit/parser/test_lexer tests/unit/parser/test_parser
tests_unit_parser_test_lexer_SOURCES = tests/unit/parser/test_lexer.c
tests_unit_parser_test_lexer_LDADD = libmeshengine.la $(CMOCKA_LIBS)
tests_unit_parser_test_parser_SOURCES = tests/unit/parser/test_parser.c
tests_unit_parser_test_parser_LDADD = libmeshengine.la $(CMOCKA_LIBS)
# binder and optimizer
check_PROGRAMS += tests/unit/binder/test_binder tests/unit/optimizer/test_pushdown
TESTS += tests/unit/binder/test_binder tests/unit/optimizer/test_pushdown
tests_unit_binder_test_binder_SOURCES = tests/unit/binder/test_binder.c \
	tests/unit/test_connector.c tests/unit/test_connector.h
tests_unit_binder_test_binder_LDADD = libmeshengine.la $(CMOCKA_LIBS)
tests_unit_optimizer_test_pushdown_SOURCES = tests/unit/optimizer/test_pushdown.c \
	tests/unit/test_connector.c tests/unit/test_connector.h
tests_unit_optimizer_test_pushdown_LDADD = libmeshengine.la $(CMOCKA_LIBS)
check_PROGRAMS += tests/unit/optimizer/test_remote
TESTS += tests/unit/optimizer/test_remote
tests_unit_optimizer_test_remote_SOURCES = tests/unit/optimizer/test_remote.c \
	tests/unit/test_connector.c tests/unit/test_connector.h
tests_unit_optimizer_test_remote_LDADD = libmeshengine.la $(CMOCKA_LIBS)
check_PROGRAMS += tests/unit/optimizer/test_partial_agg
TESTS += tests/unit/optimizer/test_partial_agg
tests_unit_optimizer_test_partial_agg_SOURCES = \
	tests/unit/optimizer/test_partial_agg.c tests/unit/optimizer/opt_test_util.h \
	tests/unit/exec/exec_test_util.h \
	tests/unit/test_connector.c tests/unit/test_connector.h
tests_unit_optimizer_test_partial_agg_LDADD = libmeshengine.la $(CMOCKA_LIBS)
check_PROGRAMS += tests/unit/optimizer/test_sort_pushdown
TESTS += tests/unit/optimizer/test_sort_pushdown
tests_unit_optimizer_test_sort_pushdown_SOURCES = \
	tests/unit/optimizer/test_sort_pushdown.c tests/unit/optimizer/opt_test_util.h \
	tests/unit/exec/exec_test_util.h \
	tests/unit/test_connector.c tests/unit/test_connector.h
tests_unit_optimizer_test_sort_pushdown_LDADD = libmeshengine.la $(CMOCKA_LIBS)
check_PROGRAMS += tests/unit/optimizer/test_estimates
TESTS += tests/unit/optimizer/test_estimates
tests_unit_optimizer_test_estimates_SOURCES = \
	tests/unit/optimizer/test_estimates.c tests/unit/optimizer/opt_test_util.h \
	tests/unit/exec/exec_test_util.h \
	tests/unit/test_connector.c tests/unit/test_connector.h
tests_unit_optimizer_test_estimates_LDADD = libmeshengine.la $(CMOCKA_LIBS)
check_PROGRAMS += tests/unit/exec/test_dynfilter
TESTS += tests/unit/exec/test_dynfilter
tests_unit_exec_test_dynfilter_SOURCES = tests/unit/exec/test_dynfilter.c \
	tests/unit/exec/exec_test_util.h tests/unit/test_connector.c \
	tests/unit/test_connector.h
tests_unit_exec_test_dynfilter_LDADD = libmeshengine.la $(CMOCKA_LIBS)
# executor
check_PROGRAMS += tests/unit/exec/test_expr tests/unit/exec/test_operators \
	tests/unit/exec/test_rescan tests/unit/exec/test_selection \
	tests/unit/exec/test_functions tests/unit/exec/test_window \
	tests/unit/exec/test_groupid tests/unit/exec/test_scan_reader \
	tests/unit/exec/test_mem_limit tests/unit/exec/test_agg_collect \
	tests/unit/exec/test_unnest tests/unit/exec/test_recursive \
	tests/unit/exec/test_lateral
TESTS += tests/unit/exec/test_expr tests/unit/exec/test_operators \
	tests/unit/exec/test_rescan tests/unit/exec/test_selection \
	tests/unit/exec/test_functions tests/unit/exec/test_window \
	tests/unit/exec/test_groupid tests/unit/exec/test_scan_reader \
	tests/unit/exec/test_mem_limit tests/unit/exec/test_agg_collect \
	tests/unit/exec/test_unnest tests/unit/exec/test_recursive \
	tests/unit/exec/test_lateral
# engine.c: cancels that come before the execution runs
check_PROGRAMS += tests/unit/test_engine_cancel
TESTS += tests/unit/test_engine_cancel
tests_unit_test_engine_cancel_SOURCES = tests/unit/test_engine_cancel.c \
	tests/unit/exec/exec_test_util.h \
	tests/unit/test_connector.c tests/unit/test_connector.h
tests_unit_test_engine_cancel_LDADD = libmeshengine.la $(CMOCKA_LIBS)
tests_unit_exec_test_recursive_SOURCES = \
	tests/unit/exec/test_recursive.c tests/unit/exec/exec_test_util.h \
	tests/unit/test_connector.c tests/unit/test_connector.h \
	tests/unit/exec/sql_harness.c tests/unit/exec/sql_harness.h
tests_unit_exec_test_recursive_LDADD = libmeshengine.la $(CMOCKA_LIBS)
tests_unit_exec_test_lateral_SOURCES = \
	tests/unit/exec/test_lateral.c tests/unit/exec/exec_test_util.h \
	tests/unit/test_connector.c tests/unit/test_connector.h \
	tests/unit/exec/sql_harness.c tests/unit/exec/sql_harness.h
tests_unit_exec_test_lateral_LDADD = libmeshengine.la $(CMOCKA_LIBS)
tests_unit_exec_test_unnest_SOURCES = \
	tests/unit/exec/test_unnest.c tests/unit/exec/exec_test_util.h \
	tests/unit/test_connector.c tests/unit/test_connector.h \
	tests/unit/exec/sql_harness.c tests/unit/exec/sql_harness.h
tests_unit_exec_test_unnest_LDADD = libmeshengine.la $(CMOCKA_LIBS)
# array(T) end to end (branch arrays)
check_PROGRAMS += tests/unit/exec/test_array
TESTS += tests/unit/exec/test_array
tests_unit_exec_test_array_SOURCES = \
	tests/unit/exec/test_array.c tests/unit/exec/exec_test_util.h \
	tests/unit/test_connector.c tests/unit/test_connector.h \
	tests/unit/exec/sql_harness.c tests/unit/exec/sql_harness.h
tests_unit_exec_test_array_LDADD = libmeshengine.la $(CMOCKA_LIBS)
tests_unit_exec_test_agg_collect_SOURCES = \
	tests/unit/exec/test_agg_collect.c tests/unit/exec/exec_test_util.h \
	tests/unit/test_connector.c tests/unit/test_connector.h \
	tests/unit/exec/sql_harness.c tests/unit/exec/sql_harness.h
tests_unit_exec_test_agg_collect_LDADD = libmeshengine.la $(CMOCKA_LIBS)
tests_unit_exec_test_mem_limit_SOURCES = \
	tests/unit/exec/test_mem_limit.c tests/unit/exec/exec_test_util.h \
	tests/unit/test_connector.c tests/unit/test_connector.h \
	tests/unit/exec/sql_harness.c tests/unit/exec/sql_harness.h
tests_unit_exec_test_mem_limit_LDADD = libmeshengine.la $(CMOCKA_LIBS)
# hash aggregation's packed group state (branch cmodel)
check_PROGRAMS += tests/unit/exec/test_agg_state
TESTS += tests/unit/exec/test_agg_state
tests_unit_exec_test_agg_state_SOURCES = \
	tests/unit/exec/test_agg_state.c tests/unit/exec/exec_test_util.h \
	tests/unit/test_connector.c tests/unit/test_connector.h \
	tests/unit/exec/sql_harness.c tests/unit/exec/sql_harness.h
tests_unit_exec_test_agg_state_LDADD = libmeshengine.la $(CMOCKA_LIBS)
# spill files: sorts past the memory limit (branch spill)
check_PROGRAMS += tests/unit/exec/test_spill
TESTS += tests/unit/exec/test_spill
tests_unit_exec_test_spill_SOURCES = \
	tests/unit/exec/test_spill.c tests/unit/exec/exec_test_util.h \
	tests/unit/test_connector.c tests/unit/test_connector.h \
	tests/unit/exec/sql_harness.c tests/unit/exec/sql_harness.h
tests_unit_exec_test_spill_LDADD = libmeshengine.la $(CMOCKA_LIBS) -lpthread
tests_unit_exec_test_scan_reader_SOURCES = \
	tests/unit/exec/test_scan_reader.c tests/unit/exec/exec_test_util.h \
	tests/unit/test_connector.c tests/unit/test_connector.h
tests_unit_exec_test_scan_reader_LDADD = libmeshengine.la $(CMOCKA_LIBS)
tests_unit_exec_test_groupid_SOURCES = tests/unit/exec/test_groupid.c \
	tests/unit/exec/exec_test_util.h tests/unit/test_connector.c \
	tests/unit/test_connector.h \
	tests/unit/exec/sql_harness.c tests/unit/exec/sql_harness.h
tests_unit_exec_test_groupid_LDADD = libmeshengine.la $(CMOCKA_LIBS)
tests_unit_exec_test_window_SOURCES = tests/unit/exec/test_window.c \
	tests/unit/exec/exec_test_util.h tests/unit/test_connector.c \
	tests/unit/test_connector.h \
	tests/unit/exec/sql_harness.c tests/unit/exec/sql_harness.h
tests_unit_exec_test_window_LDADD = libmeshengine.la $(CMOCKA_LIBS)
tests_unit_exec_test_expr_SOURCES = tests/unit/exec/test_expr.c \
	tests/unit/exec/exec_test_util.h
tests_unit_exec_test_expr_LDADD = libmeshengine.la $(CMOCKA_LIBS)
tests_unit_exec_test_operators_SOURCES = tests/unit/exec/test_operators.c \
	tests/unit/exec/exec_test_util.h tests/unit/test_connector.c \
	tests/unit/test_connector.h
tests_unit_exec_test_operators_LDADD = libmeshengine.la $(CMOCKA_LIBS)
tests_unit_exec_test_rescan_SOURCES = tests/unit/exec/test_rescan.c \
	tests/unit/exec/exec_test_util.h tests/unit/test_connector.c \
	tests/unit/test_connector.h
tests_unit_exec_test_rescan_LDADD = libmeshengine.la $(CMOCKA_LIBS)
tests_unit_exec_test_selection_SOURCES = tests/unit/exec/test_selection.c \
	tests/unit/exec/exec_test_util.h tests/unit/test_connector.c \
	tests/unit/test_connector.h
tests_unit_exec_test_selection_LDADD = libmeshengine.la $(CMOCKA_LIBS)
tests_unit_exec_test_functions_SOURCES = tests/unit/exec/test_functions.c \
	tests/unit/test_connector.c tests/unit/test_connector.h \
	tests/unit/exec/sql_harness.c tests/unit/exec/sql_harness.h
tests_unit_exec_test_functions_LDADD = libmeshengine.la $(CMOCKA_LIBS)
check_PROGRAMS += tests/unit/exec/test_binary
TESTS += tests/unit/exec/test_binary
tests_unit_exec_test_binary_SOURCES = tests/unit/exec/test_binary.c \
	tests/unit/test_connector.c tests/unit/test_connector.h \
	tests/unit/exec/sql_harness.c tests/unit/exec/sql_harness.h
tests_unit_exec_test_binary_LDADD = libmeshengine.la $(CMOCKA_LIBS)
check_PROGRAMS += tests/unit/exec/test_tinyint
TESTS += tests/unit/exec/test_tinyint
tests_unit_exec_test_tinyint_SOURCES = tests/unit/exec/test_tinyint.c \
	tests/unit/test_connector.c tests/unit/test_connector.h \
	tests/unit/exec/sql_harness.c tests/unit/exec/sql_harness.h
tests_unit_exec_test_tinyint_LDADD = libmeshengine.la $(CMOCKA_LIBS)
# ODBC-level hostile input and load tests (run by run_odbc_tests.sh)
check_PROGRAMS += tests/odbc/test_hostile tests/odbc/test_load
ODBC_TESTS += tests/odbc/test_hostile tests/odbc/test_load
tests_odbc_test_hostile_SOURCES = tests/odbc/test_hostile.c tests/odbc/odbc_util.c tests/odbc/odbc_util.h
tests_odbc_test_hostile_CPPFLAGS = $(ODBC_CFLAGS)
tests_odbc_test_hostile_LDADD = $(ODBC_LIBS) $(CMOCKA_LIBS)
tests_odbc_test_load_SOURCES = tests/odbc/test_load.c tests/odbc/odbc_util.c tests/odbc/odbc_util.h
tests_odbc_test_load_CPPFLAGS = $(ODBC_CFLAGS)
tests_odbc_test_load_LDADD = $(ODBC_LIBS) $(CMOCKA_LIBS) -lpthread
# driver: connection string parser
check_PROGRAMS += tests/unit/driver/test_connstr
TESTS += tests/unit/driver/test_connstr
tests_unit_driver_test_connstr_SOURCES = tests/unit/driver/test_connstr.c driver/connstr.c
tests_unit_driver_test_connstr_CPPFLAGS = $(AM_CPPFLAGS)
tests_unit_driver_test_connstr_LDADD = libmeshengine.la $(CMOCKA_LIBS)
# driver: the ODBC API through the driver manager (run by run_odbc_tests.sh)
check_PROGRAMS += tests/odbc/test_odbc_api
ODBC_TESTS += tests/odbc/test_odbc_api
tests_odbc_test_odbc_api_SOURCES = tests/odbc/test_odbc_api.c tests/odbc/odbc_util.c tests/odbc/odbc_util.h
tests_odbc_test_odbc_api_CPPFLAGS = $(ODBC_CFLAGS)
tests_odbc_test_odbc_api_LDADD = $(ODBC_LIBS) $(CMOCKA_LIBS)
# every catalog's information_schema, the view forms dbt writes (run by
# run_odbc_tests.sh)
check_PROGRAMS += tests/odbc/test_info_schema
ODBC_TESTS += tests/odbc/test_info_schema
tests_odbc_test_info_schema_SOURCES = tests/odbc/test_info_schema.c tests/odbc/odbc_util.c tests/odbc/odbc_util.h
tests_odbc_test_info_schema_LDADD = $(ODBC_LIBS) $(CMOCKA_LIBS)
check_PROGRAMS += tests/odbc/test_governance
ODBC_TESTS += tests/odbc/test_governance
tests_odbc_test_governance_SOURCES = tests/odbc/test_governance.c tests/odbc/odbc_util.c tests/odbc/odbc_util.h
tests_odbc_test_governance_LDADD = $(ODBC_LIBS) $(CMOCKA_LIBS)
# ODBC-level catalog faults: remote errors, restarts, a server stopped
# mid-fetch, a frozen server (run by run_odbc_tests.sh)
check_PROGRAMS += tests/odbc/test_faults
ODBC_TESTS += tests/odbc/test_faults
tests_odbc_test_faults_SOURCES = tests/odbc/test_faults.c tests/odbc/odbc_util.c tests/odbc/odbc_util.h
tests_odbc_test_faults_CPPFLAGS = $(ODBC_CFLAGS)
tests_odbc_test_faults_LDADD = $(ODBC_LIBS) $(CMOCKA_LIBS) -lpthread
# optimizer: OR of equalities -> IN list, pushdown size bound
check_PROGRAMS += tests/unit/optimizer/test_or_in
TESTS += tests/unit/optimizer/test_or_in
tests_unit_optimizer_test_or_in_SOURCES = tests/unit/optimizer/test_or_in.c \
	tests/unit/test_connector.c tests/unit/test_connector.h
tests_unit_optimizer_test_or_in_LDADD = libmeshengine.la $(CMOCKA_LIBS)
# optimizer: join order over inner-join graphs, from SQL text to rows
check_PROGRAMS += tests/unit/optimizer/test_join_order
TESTS += tests/unit/optimizer/test_join_order
tests_unit_optimizer_test_join_order_SOURCES = tests/unit/optimizer/test_join_order.c \
	tests/unit/exec/exec_test_util.h tests/unit/test_connector.c \
	tests/unit/test_connector.h
tests_unit_optimizer_test_join_order_LDADD = libmeshengine.la $(CMOCKA_LIBS)
# allocation failure end to end: the seed session with the Nth allocation
# failing, N = 1, 2, ... (run by run_odbc_tests.sh; links the driver's objects
# directly, not the driver manager, to reach eng_alloc_fail_at)
check_PROGRAMS += tests/oom/test_oom_session
ODBC_TESTS += tests/oom/test_oom_session
tests_oom_test_oom_session_SOURCES = tests/oom/test_oom_session.c tests/odbc/odbc_util.c \
	tests/odbc/odbc_util.h
tests_oom_test_oom_session_LDADD = libmeshdriver.la libmeshengine.la $(ODBCINST_LIBS) -lpthread
# ODBC-level: SQLDescribeCol, SQLColAttribute, SQLColumns and SQLGetTypeInfo
# agree for every engine type (run by run_odbc_tests.sh)
check_PROGRAMS += tests/odbc/test_type_agree
ODBC_TESTS += tests/odbc/test_type_agree
tests_odbc_test_type_agree_SOURCES = tests/odbc/test_type_agree.c tests/odbc/odbc_util.c tests/odbc/odbc_util.h
tests_odbc_test_type_agree_CPPFLAGS = $(ODBC_CFLAGS)
tests_odbc_test_type_agree_LDADD = $(ODBC_LIBS) $(CMOCKA_LIBS)

# dbt over the mesh (issue 13): the adapter in dbt/ in a virtual
# environment, the jaffle_mesh project and dbt-labs' jaffle_shop against a
# throwaway mesh with a warehouse catalog (skips in sanitizer builds).
TESTS += tests/dbt/run_dbt_tests.sh
EXTRA_DIST += tests/dbt/run_dbt_tests.sh tests/dbt/check_mesh.py

# Trino mode against a real Trino server: one TESTS entry that starts the
# mesh and Trino (skips unless MESH_TRINO=1: setup/run_tests.sh --trino).
TESTS += tests/trino/run_trino_tests.sh
EXTRA_DIST += tests/trino/run_trino_tests.sh tests/trino/known_differences tests/trino/trino_ctl.sh
check_PROGRAMS += tests/trino/test_trino
TRINO_TESTS = tests/trino/test_trino
tests_trino_test_trino_SOURCES = tests/trino/test_trino.c tests/odbc/odbc_util.c tests/odbc/odbc_util.h
tests_trino_test_trino_LDADD = $(ODBC_LIBS) $(CMOCKA_LIBS) -lpthread
# ODBC escapes and the metadata claims about functions, conversions, outer
# joins and entry points, tested against behaviour (run by run_odbc_tests.sh)
check_PROGRAMS += tests/odbc/test_escapes
ODBC_TESTS += tests/odbc/test_escapes
tests_odbc_test_escapes_SOURCES = tests/odbc/test_escapes.c tests/odbc/odbc_util.c tests/odbc/odbc_util.h
tests_odbc_test_escapes_CPPFLAGS = $(ODBC_CFLAGS)
tests_odbc_test_escapes_LDADD = $(ODBC_LIBS) $(CMOCKA_LIBS) -ldl
# driver: the ODBC escape translator
check_PROGRAMS += tests/unit/driver/test_escape
TESTS += tests/unit/driver/test_escape
tests_unit_driver_test_escape_SOURCES = tests/unit/driver/test_escape.c driver/escape.c
tests_unit_driver_test_escape_CPPFLAGS = $(AM_CPPFLAGS)
tests_unit_driver_test_escape_LDADD = libmeshengine.la $(CMOCKA_LIBS)

# writes: DDL, INSERT/CTAS through COPY, UPDATE/DELETE/MERGE, refusals
check_PROGRAMS += tests/odbc/test_writes
ODBC_TESTS += tests/odbc/test_writes
tests_odbc_test_writes_SOURCES = tests/odbc/test_writes.c tests/odbc/odbc_util.c tests/odbc/odbc_util.h
tests_odbc_test_writes_LDADD = $(ODBC_LIBS) $(CMOCKA_LIBS)
# writes: hostile names and literals in UPDATE/MERGE/ALTER/VIEW, names over
# 63 bytes refused, a parameter array INSERT as one transaction and statement
check_PROGRAMS += tests/odbc/test_write_names
ODBC_TESTS += tests/odbc/test_write_names
tests_odbc_test_write_names_SOURCES = tests/odbc/test_write_names.c tests/odbc/odbc_util.c tests/odbc/odbc_util.h
tests_odbc_test_write_names_LDADD = $(ODBC_LIBS) $(CMOCKA_LIBS)
# transactions: autocommit off, SQLEndTran, START TRANSACTION / COMMIT
check_PROGRAMS += tests/odbc/test_txn
ODBC_TESTS += tests/odbc/test_txn
tests_odbc_test_txn_SOURCES = tests/odbc/test_txn.c tests/odbc/odbc_util.c tests/odbc/odbc_util.h
tests_odbc_test_txn_LDADD = $(ODBC_LIBS) $(CMOCKA_LIBS)
ODBC_TESTS += tests/odbc/test_pyodbc_txn.py
# writes killed half-way (cancel, server stopped, timeout) change nothing
check_PROGRAMS += tests/odbc/test_write_faults
ODBC_TESTS += tests/odbc/test_write_faults
tests_odbc_test_write_faults_SOURCES = tests/odbc/test_write_faults.c tests/odbc/odbc_util.c tests/odbc/odbc_util.h
tests_odbc_test_write_faults_LDADD = $(ODBC_LIBS) $(CMOCKA_LIBS) -lpthread
EXTRA_DIST += tests/odbc/test_pyodbc_txn.py
# parser: write statements (parse_write.c)
check_PROGRAMS += tests/unit/parser/test_parse_write
TESTS += tests/unit/parser/test_parse_write
tests_unit_parser_test_parse_write_SOURCES = tests/unit/parser/test_parse_write.c
tests_unit_parser_test_parse_write_LDADD = libmeshengine.la $(CMOCKA_LIBS)
# connector/pg: binary COPY encoder (writes)
check_PROGRAMS += tests/unit/connector/test_pg_copy_enc
TESTS += tests/unit/connector/test_pg_copy_enc
tests_unit_connector_test_pg_copy_enc_SOURCES = tests/unit/connector/test_pg_copy_enc.c
tests_unit_connector_test_pg_copy_enc_LDADD = libmeshengine.la $(CMOCKA_LIBS)
# sqllogictest runner over ../shared/sqllogictest (select1-5), with floors
check_PROGRAMS += tests/sqllogictest/slt_runner
ODBC_TESTS += tests/sqllogictest/slt_runner
tests_sqllogictest_slt_runner_SOURCES = tests/sqllogictest/slt_runner.c
tests_sqllogictest_slt_runner_CPPFLAGS = $(ODBC_CFLAGS)
tests_sqllogictest_slt_runner_LDADD = $(ODBC_LIBS)
# select5.test (joins of up to 64 tables) as a program of its own
check_PROGRAMS += tests/sqllogictest/slt_select5
ODBC_TESTS += tests/sqllogictest/slt_select5
tests_sqllogictest_slt_select5_SOURCES = tests/sqllogictest/slt_runner.c
tests_sqllogictest_slt_select5_CPPFLAGS = $(ODBC_CFLAGS) -DSLT_SELECT5
tests_sqllogictest_slt_select5_LDADD = $(ODBC_LIBS)
# planner: subqueries from SQL text to rows (decorrelated joins, apply)
check_PROGRAMS += tests/unit/planner/test_planner
TESTS += tests/unit/planner/test_planner
tests_unit_planner_test_planner_SOURCES = tests/unit/planner/test_planner.c \
	tests/unit/exec/exec_test_util.h tests/unit/test_connector.c \
	tests/unit/test_connector.h
tests_unit_planner_test_planner_LDADD = libmeshengine.la $(CMOCKA_LIBS)
# executor: the join kinds, apply and set operations subqueries plan into
check_PROGRAMS += tests/unit/exec/test_subquery_ops
TESTS += tests/unit/exec/test_subquery_ops
tests_unit_exec_test_subquery_ops_SOURCES = tests/unit/exec/test_subquery_ops.c \
	tests/unit/exec/exec_test_util.h
tests_unit_exec_test_subquery_ops_LDADD = libmeshengine.la $(CMOCKA_LIBS)
# ODBC-level: subqueries through the driver manager (21000, parameters)
check_PROGRAMS += tests/odbc/test_subquery
ODBC_TESTS += tests/odbc/test_subquery
tests_odbc_test_subquery_SOURCES = tests/odbc/test_subquery.c tests/odbc/odbc_util.c tests/odbc/odbc_util.h
tests_odbc_test_subquery_CPPFLAGS = $(ODBC_CFLAGS)
tests_odbc_test_subquery_LDADD = $(ODBC_LIBS) $(CMOCKA_LIBS)
# timestamp, time and interval through SQL over the in-memory connector
check_PROGRAMS += tests/unit/exec/test_time
TESTS += tests/unit/exec/test_time
tests_unit_exec_test_time_SOURCES = tests/unit/exec/test_time.c \
	tests/unit/test_connector.c tests/unit/test_connector.h \
	tests/unit/exec/sql_harness.c tests/unit/exec/sql_harness.h
tests_unit_exec_test_time_LDADD = libmeshengine.la $(CMOCKA_LIBS)
# ODBC-level: timestamp, time and interval columns of PostgreSQL tables
check_PROGRAMS += tests/odbc/test_time
ODBC_TESTS += tests/odbc/test_time
tests_odbc_test_time_SOURCES = tests/odbc/test_time.c tests/odbc/odbc_util.c tests/odbc/odbc_util.h
tests_odbc_test_time_CPPFLAGS = $(ODBC_CFLAGS)
tests_odbc_test_time_LDADD = $(ODBC_LIBS) $(CMOCKA_LIBS)
# varbinary, uuid and json(b) through ODBC over PostgreSQL
check_PROGRAMS += tests/odbc/test_binary
ODBC_TESTS += tests/odbc/test_binary
tests_odbc_test_binary_SOURCES = tests/odbc/test_binary.c tests/odbc/odbc_util.c tests/odbc/odbc_util.h
tests_odbc_test_binary_CPPFLAGS = $(ODBC_CFLAGS)
tests_odbc_test_binary_LDADD = $(ODBC_LIBS) $(CMOCKA_LIBS)

# PostgreSQL timestamptz columns as timestamp with time zone, through ODBC
check_PROGRAMS += tests/odbc/test_timestamptz
ODBC_TESTS += tests/odbc/test_timestamptz
tests_odbc_test_timestamptz_SOURCES = tests/odbc/test_timestamptz.c tests/odbc/odbc_util.c tests/odbc/odbc_util.h
tests_odbc_test_timestamptz_CPPFLAGS = $(ODBC_CFLAGS)
tests_odbc_test_timestamptz_LDADD = $(ODBC_LIBS) $(CMOCKA_LIBS)
# array(T) through ODBC, PostgreSQL array columns (branch arrays)
check_PROGRAMS += tests/odbc/test_array_odbc
ODBC_TESTS += tests/odbc/test_array_odbc
tests_odbc_test_array_odbc_SOURCES = tests/odbc/test_array_odbc.c tests/odbc/odbc_util.c tests/odbc/odbc_util.h
tests_odbc_test_array_odbc_CPPFLAGS = $(ODBC_CFLAGS)
tests_odbc_test_array_odbc_LDADD = $(ODBC_LIBS) $(CMOCKA_LIBS)
# types: timestamp, time and interval value helpers
check_PROGRAMS += tests/unit/types/test_timestamp
TESTS += tests/unit/types/test_timestamp
tests_unit_types_test_timestamp_SOURCES = tests/unit/types/test_timestamp.c
tests_unit_types_test_timestamp_LDADD = libmeshengine.la $(CMOCKA_LIBS)
check_PROGRAMS += tests/unit/types/test_binary_text
TESTS += tests/unit/types/test_binary_text
tests_unit_types_test_binary_text_SOURCES = tests/unit/types/test_binary_text.c
tests_unit_types_test_binary_text_LDADD = libmeshengine.la $(CMOCKA_LIBS)
# driver: statement parameters through the driver manager (run by
# run_odbc_tests.sh), and the same through pyodbc
check_PROGRAMS += tests/odbc/test_params
ODBC_TESTS += tests/odbc/test_params
tests_odbc_test_params_SOURCES = tests/odbc/test_params.c tests/odbc/odbc_util.c tests/odbc/odbc_util.h
tests_odbc_test_params_CPPFLAGS = $(ODBC_CFLAGS)
tests_odbc_test_params_LDADD = $(ODBC_LIBS) $(CMOCKA_LIBS)
ODBC_TESTS += tests/odbc/test_pyodbc_params.py
EXTRA_DIST += tests/odbc/test_pyodbc_params.py
# driver: static scrollable cursors, bookmarks, SQLSetPos, cursor names,
# SQLExtendedFetch (run by run_odbc_tests.sh)
check_PROGRAMS += tests/odbc/test_scroll
ODBC_TESTS += tests/odbc/test_scroll
tests_odbc_test_scroll_SOURCES = tests/odbc/test_scroll.c tests/odbc/odbc_util.c tests/odbc/odbc_util.h
tests_odbc_test_scroll_CPPFLAGS = $(ODBC_CFLAGS)
tests_odbc_test_scroll_LDADD = $(ODBC_LIBS) $(CMOCKA_LIBS)
# driver: keys, indexes and SQLTables from each catalog's database
# (run by run_odbc_tests.sh)
check_PROGRAMS += tests/odbc/test_keys
ODBC_TESTS += tests/odbc/test_keys
tests_odbc_test_keys_SOURCES = tests/odbc/test_keys.c tests/odbc/odbc_util.c tests/odbc/odbc_util.h
tests_odbc_test_keys_CPPFLAGS = $(ODBC_CFLAGS)
tests_odbc_test_keys_LDADD = $(ODBC_LIBS) $(CMOCKA_LIBS)
# the catalog functions through pyodbc (a source-tree script)
ODBC_TESTS += tests/odbc/test_pyodbc_catalog.py
EXTRA_DIST += tests/odbc/test_pyodbc_catalog.py
# driver/setup.c (the setup library) and driver/trace.c through the driver
# manager (run by run_odbc_tests.sh)
check_PROGRAMS += tests/odbc/test_setup tests/odbc/test_trace
ODBC_TESTS += tests/odbc/test_setup tests/odbc/test_trace
tests_odbc_test_setup_SOURCES = tests/odbc/test_setup.c tests/odbc/odbc_util.c tests/odbc/odbc_util.h \
	driver/dsn_keys.c driver/dsn_keys.h
tests_odbc_test_setup_CPPFLAGS = $(AM_CPPFLAGS) $(ODBC_CFLAGS)
tests_odbc_test_setup_LDADD = $(ODBC_LIBS) $(ODBCINST_LIBS) $(CMOCKA_LIBS) -ldl
tests_odbc_test_trace_SOURCES = tests/odbc/test_trace.c tests/odbc/odbc_util.c tests/odbc/odbc_util.h
tests_odbc_test_trace_CPPFLAGS = $(AM_CPPFLAGS) $(ODBC_CFLAGS)
tests_odbc_test_trace_LDADD = $(ODBC_LIBS) $(CMOCKA_LIBS) -lpthread
# SET SESSION / RESET SESSION / SHOW SESSION through the driver manager
check_PROGRAMS += tests/odbc/test_session
ODBC_TESTS += tests/odbc/test_session
tests_odbc_test_session_SOURCES = tests/odbc/test_session.c tests/odbc/odbc_util.c tests/odbc/odbc_util.h
tests_odbc_test_session_CPPFLAGS = $(ODBC_CFLAGS)
tests_odbc_test_session_LDADD = $(ODBC_LIBS) $(CMOCKA_LIBS)
# EXPLAIN ANALYZE's rows, bytes and time per operator and per catalog
check_PROGRAMS += tests/odbc/test_explain_analyze
ODBC_TESTS += tests/odbc/test_explain_analyze
tests_odbc_test_explain_analyze_SOURCES = tests/odbc/test_explain_analyze.c tests/odbc/odbc_util.c tests/odbc/odbc_util.h
tests_odbc_test_explain_analyze_CPPFLAGS = $(ODBC_CFLAGS)
tests_odbc_test_explain_analyze_LDADD = $(ODBC_LIBS) $(CMOCKA_LIBS)
# ODBC 2 applications get ODBC 2 SQLSTATEs (driver/sqlstate.c and the
# driver manager's own), through SQLGetDiagRec, SQLGetDiagField and SQLError
check_PROGRAMS += tests/odbc/test_odbc2_states
ODBC_TESTS += tests/odbc/test_odbc2_states
tests_odbc_test_odbc2_states_SOURCES = tests/odbc/test_odbc2_states.c tests/odbc/odbc_util.c tests/odbc/odbc_util.h
tests_odbc_test_odbc2_states_CPPFLAGS = $(AM_CPPFLAGS) $(ODBC_CFLAGS)
tests_odbc_test_odbc2_states_LDADD = $(ODBC_LIBS) $(CMOCKA_LIBS)
# LibreOffice headless (Debian's packages, setup/deps.sh) over the mesh: its
# sdbc ODBC driver lists the tables, opens customers with its primary key
# and Calc imports the customers model (a source-tree script; skips only
# when LibreOffice is not installed)
ODBC_TESTS += tests/odbc/test_libreoffice.py
EXTRA_DIST += tests/odbc/test_libreoffice.py
# odbcfin: the per-connection metadata cache (MetadataCache, refresh)
check_PROGRAMS += tests/odbc/test_metacache
ODBC_TESTS += tests/odbc/test_metacache
tests_odbc_test_metacache_SOURCES = tests/odbc/test_metacache.c tests/odbc/odbc_util.c tests/odbc/odbc_util.h
tests_odbc_test_metacache_LDADD = $(ODBC_LIBS) $(CMOCKA_LIBS)
# odbcfin: SQLSetDescRec on ARD, APD and IPD
check_PROGRAMS += tests/odbc/test_desc_rec
ODBC_TESTS += tests/odbc/test_desc_rec
tests_odbc_test_desc_rec_SOURCES = tests/odbc/test_desc_rec.c tests/odbc/odbc_util.c tests/odbc/odbc_util.h
tests_odbc_test_desc_rec_LDADD = $(ODBC_LIBS) $(CMOCKA_LIBS)
# odbcfin: SQLBrowseConnect(W) rounds through unixODBC
check_PROGRAMS += tests/odbc/test_browse
ODBC_TESTS += tests/odbc/test_browse
tests_odbc_test_browse_SOURCES = tests/odbc/test_browse.c tests/odbc/odbc_util.c tests/odbc/odbc_util.h
tests_odbc_test_browse_LDADD = $(ODBC_LIBS) $(CMOCKA_LIBS)
# odbcfin: SQLBulkOperations SQL_ADD, bookmark operations HYC00
check_PROGRAMS += tests/odbc/test_bulk
ODBC_TESTS += tests/odbc/test_bulk
tests_odbc_test_bulk_SOURCES = tests/odbc/test_bulk.c tests/odbc/odbc_util.c tests/odbc/odbc_util.h
tests_odbc_test_bulk_LDADD = $(ODBC_LIBS) $(CMOCKA_LIBS)
# odbcfin: tests/odbc/FUNCTIONS.md (every ODBC 3.8 function and its
# state) against exports and SQLGetFunctions; no asynchronous execution
check_PROGRAMS += tests/odbc/test_functions
ODBC_TESTS += tests/odbc/test_functions
tests_odbc_test_functions_SOURCES = tests/odbc/test_functions.c tests/odbc/odbc_util.c tests/odbc/odbc_util.h
tests_odbc_test_functions_CPPFLAGS = $(ODBC_CFLAGS)
tests_odbc_test_functions_LDADD = $(ODBC_LIBS) $(CMOCKA_LIBS) -ldl
EXTRA_DIST += tests/odbc/FUNCTIONS.md
# odbcvc: UnboundedVarcharSize (the declared size of unbounded varchar
# and varbinary) and values longer than it, in parts and bound
check_PROGRAMS += tests/odbc/test_varchar_size
ODBC_TESTS += tests/odbc/test_varchar_size
tests_odbc_test_varchar_size_SOURCES = tests/odbc/test_varchar_size.c tests/odbc/odbc_util.c tests/odbc/odbc_util.h
tests_odbc_test_varchar_size_LDADD = $(ODBC_LIBS) $(CMOCKA_LIBS)
# speedcm: bound columns through the driver's direct conversions
check_PROGRAMS += tests/odbc/test_bound_fetch
ODBC_TESTS += tests/odbc/test_bound_fetch
tests_odbc_test_bound_fetch_SOURCES = tests/odbc/test_bound_fetch.c tests/odbc/odbc_util.c tests/odbc/odbc_util.h
tests_odbc_test_bound_fetch_CPPFLAGS = $(ODBC_CFLAGS)
tests_odbc_test_bound_fetch_LDADD = $(ODBC_LIBS) $(CMOCKA_LIBS)
# ctidsplit: split scans (ctid ranges sharing one snapshot), their faults
check_PROGRAMS += tests/odbc/test_scan_split
ODBC_TESTS += tests/odbc/test_scan_split
tests_odbc_test_scan_split_SOURCES = tests/odbc/test_scan_split.c tests/odbc/odbc_util.c tests/odbc/odbc_util.h
tests_odbc_test_scan_split_CPPFLAGS = $(ODBC_CFLAGS)
tests_odbc_test_scan_split_LDADD = $(ODBC_LIBS) $(CMOCKA_LIBS) -lpthread
# The iODBC build (configure --with-iodbc): the seed session through
# iodbctest against libmeshodbc-iodbc.so; skips (77) with the reason in a
# build without it
TESTS += tests/iodbc/run_iodbc_tests.sh
EXTRA_DIST += tests/iodbc/run_iodbc_tests.sh

# the date and time functions over timestamps, times and intervals
check_PROGRAMS += tests/unit/exec/test_time_fns
TESTS += tests/unit/exec/test_time_fns
tests_unit_exec_test_time_fns_SOURCES = tests/unit/exec/test_time_fns.c \
	tests/unit/test_connector.c tests/unit/test_connector.h \
	tests/unit/exec/sql_harness.c tests/unit/exec/sql_harness.h
tests_unit_exec_test_time_fns_LDADD = libmeshengine.la $(CMOCKA_LIBS)

# timestamp / time with time zone, and the zone rules
check_PROGRAMS += tests/unit/exec/test_tz
TESTS += tests/unit/exec/test_tz
tests_unit_exec_test_tz_SOURCES = tests/unit/exec/test_tz.c \
	tests/unit/test_connector.c tests/unit/test_connector.h \
	tests/unit/exec/sql_harness.c tests/unit/exec/sql_harness.h
tests_unit_exec_test_tz_LDADD = libmeshengine.la $(CMOCKA_LIBS)
# Trino's bitwise functions end to end
check_PROGRAMS += tests/unit/exec/test_bitwise
TESTS += tests/unit/exec/test_bitwise
tests_unit_exec_test_bitwise_SOURCES = tests/unit/exec/test_bitwise.c \
	tests/unit/test_connector.c tests/unit/test_connector.h \
	tests/unit/exec/sql_harness.c tests/unit/exec/sql_harness.h
tests_unit_exec_test_bitwise_LDADD = libmeshengine.la $(CMOCKA_LIBS)
check_PROGRAMS += tests/unit/exec/test_hash_exact
TESTS += tests/unit/exec/test_hash_exact
tests_unit_exec_test_hash_exact_SOURCES = tests/unit/exec/test_hash_exact.c \
	tests/unit/exec/exec_test_util.h
tests_unit_exec_test_hash_exact_LDADD = libmeshengine.la $(CMOCKA_LIBS)

# json: Trino's json type, its casts and the JSON functions (JSONPath)
check_PROGRAMS += tests/unit/exec/test_json
TESTS += tests/unit/exec/test_json
tests_unit_exec_test_json_SOURCES = tests/unit/exec/test_json.c \
	tests/unit/test_connector.c tests/unit/test_connector.h \
	tests/unit/exec/sql_harness.c tests/unit/exec/sql_harness.h
tests_unit_exec_test_json_LDADD = libmeshengine.la $(CMOCKA_LIBS)
# ODBC-level spilling: queries past QueryMemoryLimit finish (branch spill;
# run by run_odbc_tests.sh)
check_PROGRAMS += tests/odbc/test_spill
ODBC_TESTS += tests/odbc/test_spill
tests_odbc_test_spill_SOURCES = tests/odbc/test_spill.c tests/odbc/odbc_util.c tests/odbc/odbc_util.h
tests_odbc_test_spill_LDADD = $(ODBC_LIBS) $(CMOCKA_LIBS)
# try and format (Trino's semantics, Java's formatter)
check_PROGRAMS += tests/unit/exec/test_trino_fns
TESTS += tests/unit/exec/test_trino_fns
tests_unit_exec_test_trino_fns_SOURCES = tests/unit/exec/test_trino_fns.c \
	tests/unit/test_connector.c tests/unit/test_connector.h \
	tests/unit/exec/sql_harness.c tests/unit/exec/sql_harness.h
tests_unit_exec_test_trino_fns_LDADD = libmeshengine.la $(CMOCKA_LIBS)
# shared scans: one remote read feeding several uses (exec/op_spool.c)
check_PROGRAMS += tests/unit/exec/test_spool
TESTS += tests/unit/exec/test_spool
tests_unit_exec_test_spool_SOURCES = tests/unit/exec/test_spool.c \
	tests/unit/optimizer/opt_test_util.h tests/unit/exec/exec_test_util.h \
	tests/unit/test_connector.c tests/unit/test_connector.h
tests_unit_exec_test_spool_LDADD = libmeshengine.la $(CMOCKA_LIBS)
check_PROGRAMS += tests/unit/optimizer/test_shared_scan
TESTS += tests/unit/optimizer/test_shared_scan
tests_unit_optimizer_test_shared_scan_SOURCES = \
	tests/unit/optimizer/test_shared_scan.c tests/unit/optimizer/opt_test_util.h \
	tests/unit/exec/exec_test_util.h \
	tests/unit/test_connector.c tests/unit/test_connector.h
tests_unit_optimizer_test_shared_scan_LDADD = libmeshengine.la $(CMOCKA_LIBS)
