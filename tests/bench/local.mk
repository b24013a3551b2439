# tests/bench/local.mk
#   `make bench`: speed as ratios against peers in the same run (psqlODBC
#   over a warehouse server, psqlODBC over postgres_fdw federating the
#   three catalogs, a raw binary COPY with libpq). Not a test.
EXTRA_PROGRAMS = tests/bench/bench_scan tests/bench/bench_mesh \
	tests/bench/bench_copy
CLEANFILES += tests/bench/bench_scan tests/bench/bench_mesh \
	tests/bench/bench_copy
tests_bench_bench_scan_SOURCES = tests/bench/bench_scan.c
tests_bench_bench_scan_LDADD = $(ODBC_LIBS)
tests_bench_bench_mesh_SOURCES = tests/bench/bench_mesh.c
tests_bench_bench_mesh_LDADD = $(ODBC_LIBS) -lm
# the raw binary COPY peer (libpq alone)
tests_bench_bench_copy_SOURCES = tests/bench/bench_copy.c
tests_bench_bench_copy_LDADD = $(PQ_LIBS)
EXTRA_DIST += tests/bench/run_bench.sh tests/bench/run_mesh_bench.sh
BENCH_ROWS = 1000000
# Scale factor of the jaffle mesh benchmark (make bench SF=10000) and
# repetitions per workload (medians).
SF = 1000
BENCH_REPS = 3
# TRINO=1: a real Trino as a peer too (tests/bench/run_mesh_bench.sh).
TRINO =
# BEFORE=/path/to/libmeshodbc.so: another build of the driver runs every
# workload too, alternating with this one (before/after in one run).
BEFORE =
bench: libmeshodbc.la tests/bench/bench_scan tests/bench/bench_mesh \
		tests/bench/bench_copy
	top_builddir='$(abs_top_builddir)' top_srcdir='$(abs_top_srcdir)' \
		MESH_BENCH_TRINO='$(TRINO)' MESH_BENCH_BEFORE='$(BEFORE)' \
		$(BASH) $(srcdir)/tests/bench/run_mesh_bench.sh $(SF) $(BENCH_REPS)
bench-scan: libmeshodbc.la tests/bench/bench_scan
	top_builddir='$(abs_top_builddir)' top_srcdir='$(abs_top_srcdir)' \
		$(BASH) $(srcdir)/tests/bench/run_bench.sh $(BENCH_ROWS)
.PHONY: bench bench-scan
