# engine/planner/local.mk
#   Automake fragment included by the top-level Makefile.am. Only += lines here.
#   The planner: subquery decorrelation between the binder and the optimizer.
libmeshengine_la_SOURCES += engine/planner/planner.c engine/planner/subquery.c \
	engine/planner/planner.h engine/planner/planner_int.h
EXTRA_DIST += engine/planner/README.md
