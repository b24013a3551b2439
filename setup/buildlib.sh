# shellcheck shell=bash
# setup/buildlib.sh  (sourced by bash scripts, not run)
#   Build helpers shared by setup/demo.sh and setup/run_tests.sh: regenerate
#   the autotools files, and configure + make in a separate build directory
#   (a "VPATH build"), so that several builds (plain, sanitizers, demo) can
#   live side by side under one source tree.
# Interface: mesh_autoreconf, mesh_configure, mesh_jobs
# Requires: MESH_SRCDIR set by the caller to the repository root.

# mesh_jobs: the -j value for make: $MAKE_JOBS, else 2 (the machines have 2 cores).
mesh_jobs() { echo "${MAKE_JOBS:-2}"; }

# mesh_autoreconf: run autoreconf -fi in the source tree.  A source tree
# configured in place (./configure run there) cannot host separate build
# directories, so its in-place build is removed first with make distclean.
mesh_autoreconf() {
    (
        cd "$MESH_SRCDIR" || exit 1
        if [ -f config.status ]; then
            echo "build: the source tree was configured in place; running make distclean there first"
            if [ -f Makefile ]; then make distclean >/dev/null 2>&1 || true; fi
            rm -f config.status config.log config.h libtool stamp-h1
        fi
        echo "build: autoreconf -fi"
        autoreconf -fi
    )
}

# mesh_configure BUILDDIR ARGS...: create BUILDDIR (relative to the source
# tree unless absolute) and run ../configure ARGS there.  Returns configure's
# status; its output goes to BUILDDIR/configure.out (shown on failure).
mesh_configure() {
    local b=$1; shift
    case $b in /*) ;; *) b=$MESH_SRCDIR/$b ;; esac
    mkdir -p "$b"
    echo "build: configure in $b: $*"
    if ! (cd "$b" && "$MESH_SRCDIR/configure" "$@") >"$b/configure.out" 2>&1; then
        tail -n 40 "$b/configure.out" >&2
        echo "build: configure failed in $b (see $b/config.log)" >&2
        return 1
    fi
    sed -n '/MeshODBC [0-9]/,$p' "$b/configure.out"
}
