# tests/bench/local.mk
#   `make bench`: speed as ratios against a peer in the same run (psqlODBC
#   on the same server; PostgreSQL alone for a federated query). Not a test.
EXTRA_PROGRAMS = tests/bench/bench_scan tests/bench/bench_mesh
CLEANFILES += tests/bench/bench_scan tests/bench/bench_mesh
tests_bench_bench_scan_SOURCES = tests/bench/bench_scan.c
tests_bench_bench_scan_LDADD = $(ODBC_LIBS)
tests_bench_bench_mesh_SOURCES = tests/bench/bench_mesh.c
tests_bench_bench_mesh_LDADD = $(ODBC_LIBS) -lm
EXTRA_DIST += tests/bench/run_bench.sh tests/bench/run_mesh_bench.sh
BENCH_ROWS = 1000000
# Scale factor of the jaffle mesh benchmark (make bench SF=10000) and
# repetitions per workload (medians).
SF = 1000
BENCH_REPS = 3
bench: libmeshodbc.la tests/bench/bench_scan tests/bench/bench_mesh
	top_builddir='$(abs_top_builddir)' top_srcdir='$(abs_top_srcdir)' \
		$(BASH) $(srcdir)/tests/bench/run_mesh_bench.sh $(SF) $(BENCH_REPS)
bench-scan: libmeshodbc.la tests/bench/bench_scan
	top_builddir='$(abs_top_builddir)' top_srcdir='$(abs_top_srcdir)' \
		$(BASH) $(srcdir)/tests/bench/run_bench.sh $(BENCH_ROWS)
.PHONY: bench bench-scan
