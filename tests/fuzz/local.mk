# tests/fuzz/local.mk
#   Fuzz targets (libFuzzer, clang) and their replay tests.
#   - configure --enable-fuzzing (CC=clang): `make fuzz-targets` builds
#     tests/fuzz/fuzz_<t> with -fsanitize=fuzzer; `make fuzz FUZZ_SECONDS=n`
#     runs each for n seconds over its seed corpus (tests/fuzz/run_fuzz.sh).
#   - every build: `make check` replays each target's seed corpus and its
#     regress/ inputs (inputs that once crashed) through
#     tests/fuzz/standalone_main.c, so a fixed crash stays fixed.
FUZZ_TARGETS = parser catalog_file pg_copy binder connstr odbc_escape trino_json tzif json
FUZZ_SECONDS = 30
FUZZ_RUNS =
FUZZ_SEED =
EXTRA_DIST += tests/fuzz/corpus tests/fuzz/regress tests/fuzz/run_fuzz.sh \
	tests/fuzz/run_replay.sh tests/fuzz/standalone_main.c

if ENABLE_FUZZING
noinst_PROGRAMS = tests/fuzz/fuzz_parser tests/fuzz/fuzz_catalog_file tests/fuzz/fuzz_pg_copy \
	tests/fuzz/fuzz_binder tests/fuzz/fuzz_connstr tests/fuzz/fuzz_odbc_escape tests/fuzz/fuzz_trino_json \
	tests/fuzz/fuzz_tzif tests/fuzz/fuzz_json
tests_fuzz_fuzz_json_SOURCES = tests/fuzz/fuzz_json.c
tests_fuzz_fuzz_json_LDADD = libmeshengine.la
tests_fuzz_fuzz_json_LDFLAGS = -fsanitize=fuzzer
tests_fuzz_fuzz_tzif_SOURCES = tests/fuzz/fuzz_tzif.c
tests_fuzz_fuzz_tzif_LDADD = libmeshengine.la
tests_fuzz_fuzz_tzif_LDFLAGS = -fsanitize=fuzzer
tests_fuzz_fuzz_odbc_escape_SOURCES = tests/fuzz/fuzz_odbc_escape.c driver/escape.c
tests_fuzz_fuzz_odbc_escape_LDADD = libmeshengine.la
tests_fuzz_fuzz_odbc_escape_CPPFLAGS = $(AM_CPPFLAGS)
tests_fuzz_fuzz_odbc_escape_LDFLAGS = -fsanitize=fuzzer
tests_fuzz_fuzz_trino_json_SOURCES = tests/fuzz/fuzz_trino_json.c
tests_fuzz_fuzz_trino_json_LDADD = libmeshengine.la
tests_fuzz_fuzz_trino_json_LDFLAGS = -fsanitize=fuzzer
tests_fuzz_fuzz_binder_SOURCES = tests/fuzz/fuzz_binder.c tests/unit/test_connector.c
tests_fuzz_fuzz_binder_LDADD = libmeshengine.la
tests_fuzz_fuzz_binder_LDFLAGS = -fsanitize=fuzzer
tests_fuzz_fuzz_connstr_SOURCES = tests/fuzz/fuzz_connstr.c driver/connstr.c
tests_fuzz_fuzz_connstr_LDADD = libmeshengine.la
tests_fuzz_fuzz_connstr_CPPFLAGS = $(AM_CPPFLAGS)
tests_fuzz_fuzz_connstr_LDFLAGS = -fsanitize=fuzzer
tests_fuzz_fuzz_pg_copy_SOURCES = tests/fuzz/fuzz_pg_copy.c
tests_fuzz_fuzz_pg_copy_LDADD = libmeshengine.la
tests_fuzz_fuzz_pg_copy_LDFLAGS = -fsanitize=fuzzer
tests_fuzz_fuzz_parser_SOURCES = tests/fuzz/fuzz_parser.c
tests_fuzz_fuzz_parser_LDADD = libmeshengine.la
tests_fuzz_fuzz_parser_LDFLAGS = -fsanitize=fuzzer
tests_fuzz_fuzz_catalog_file_SOURCES = tests/fuzz/fuzz_catalog_file.c
tests_fuzz_fuzz_catalog_file_LDADD = libmeshengine.la
tests_fuzz_fuzz_catalog_file_LDFLAGS = -fsanitize=fuzzer
fuzz-targets: $(BUILT_SOURCES)
	$(MAKE) $(AM_MAKEFLAGS) $(noinst_PROGRAMS)
fuzz: fuzz-targets
	FUZZ_SECONDS='$(FUZZ_SECONDS)' FUZZ_RUNS='$(FUZZ_RUNS)' FUZZ_SEED='$(FUZZ_SEED)' $(BASH) $(srcdir)/tests/fuzz/run_fuzz.sh \
		'$(abs_top_builddir)' '$(abs_top_srcdir)' $(FUZZ_TARGETS)
else
fuzz-targets fuzz:
	@echo "configure with CC=clang --enable-fuzzing to build the fuzz targets" >&2; exit 1
endif
.PHONY: fuzz fuzz-targets

check_PROGRAMS += tests/fuzz/fuzz_parser_replay tests/fuzz/fuzz_catalog_file_replay tests/fuzz/fuzz_pg_copy_replay \
	tests/fuzz/fuzz_binder_replay tests/fuzz/fuzz_connstr_replay tests/fuzz/fuzz_odbc_escape_replay tests/fuzz/fuzz_trino_json_replay \
	tests/fuzz/fuzz_tzif_replay tests/fuzz/fuzz_json_replay
tests_fuzz_fuzz_json_replay_SOURCES = tests/fuzz/fuzz_json.c tests/fuzz/standalone_main.c
tests_fuzz_fuzz_json_replay_LDADD = libmeshengine.la
tests_fuzz_fuzz_tzif_replay_SOURCES = tests/fuzz/fuzz_tzif.c tests/fuzz/standalone_main.c
tests_fuzz_fuzz_tzif_replay_LDADD = libmeshengine.la
tests_fuzz_fuzz_odbc_escape_replay_SOURCES = tests/fuzz/fuzz_odbc_escape.c driver/escape.c tests/fuzz/standalone_main.c
tests_fuzz_fuzz_odbc_escape_replay_LDADD = libmeshengine.la
tests_fuzz_fuzz_odbc_escape_replay_CPPFLAGS = $(AM_CPPFLAGS)
tests_fuzz_fuzz_trino_json_replay_SOURCES = tests/fuzz/fuzz_trino_json.c tests/fuzz/standalone_main.c
tests_fuzz_fuzz_trino_json_replay_LDADD = libmeshengine.la
tests_fuzz_fuzz_binder_replay_SOURCES = tests/fuzz/fuzz_binder.c tests/unit/test_connector.c tests/fuzz/standalone_main.c
tests_fuzz_fuzz_binder_replay_LDADD = libmeshengine.la
tests_fuzz_fuzz_connstr_replay_SOURCES = tests/fuzz/fuzz_connstr.c driver/connstr.c tests/fuzz/standalone_main.c
tests_fuzz_fuzz_connstr_replay_LDADD = libmeshengine.la
tests_fuzz_fuzz_connstr_replay_CPPFLAGS = $(AM_CPPFLAGS)
tests_fuzz_fuzz_pg_copy_replay_SOURCES = tests/fuzz/fuzz_pg_copy.c tests/fuzz/standalone_main.c
tests_fuzz_fuzz_pg_copy_replay_LDADD = libmeshengine.la
TESTS += tests/fuzz/run_replay.sh
tests_fuzz_fuzz_parser_replay_SOURCES = tests/fuzz/fuzz_parser.c tests/fuzz/standalone_main.c
tests_fuzz_fuzz_parser_replay_LDADD = libmeshengine.la
tests_fuzz_fuzz_catalog_file_replay_SOURCES = tests/fuzz/fuzz_catalog_file.c tests/fuzz/standalone_main.c
tests_fuzz_fuzz_catalog_file_replay_LDADD = libmeshengine.la
