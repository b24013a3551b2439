#!/usr/bin/env bash
# setup/deps.sh
#   Installs the Debian 12 packages MeshODBC needs to build, test and run the
#   demo, when any is missing.  As root it uses apt-get; otherwise it lists
#   what is missing and fails.
# Usage: setup/deps.sh [--update]   (--update: always run apt-get update first,
#   as CI does on a fresh machine)
# MESH_DEPS_NO_LIBREOFFICE=1 leaves out LibreOffice (about 60 packages, 300 MB
#   installed), which only tests/odbc/test_libreoffice.py uses; that test then
#   skips.  CI installs it (a few minutes on a fresh machine; nothing once
#   installed, since only missing packages are installed).
# Users: setup/demo.sh, setup/run_tests.sh, .ci/run.
set -euo pipefail

packages=(
    build-essential autoconf automake libtool pkg-config
    unixodbc unixodbc-dev odbcinst
    libpq-dev libiniparser-dev libcmocka-dev libpcre2-dev
    libssl-dev zlib1g-dev
    postgresql-15 postgresql-client-15 odbc-postgresql python3-pyodbc python3-venv
    clang libclang-rt-14-dev valgrind iproute2
    maven curl libcurl4-openssl-dev libjson-c-dev openssl apache2-utils
    # the iODBC driver manager and iodbctest, for the --with-iodbc build's
    # test; its headers (libiodbc2-dev) conflict with unixodbc-dev and are
    # unpacked privately by setup/iodbc_headers.sh instead
    iodbc libiodbc2
)
# LibreOffice headless as an ODBC client (tests/odbc/test_libreoffice.py):
# Calc, Base (the data sources and RowSets), the sdbc ODBC driver
# libodbclo.so (libreoffice-base-drivers) and the UNO bridge for Python
if [ "${MESH_DEPS_NO_LIBREOFFICE:-0}" != 1 ]; then
    packages+=(libreoffice-calc libreoffice-base libreoffice-base-drivers python3-uno)
fi

update=no
[ "${1:-}" = --update ] && update=yes

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$p")
    fi
done

if [ ${#missing[@]} -eq 0 ] && [ "$update" = no ]; then
    echo "deps: all packages present"
    exit 0
fi

if [ "$(id -u)" != 0 ]; then
    if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
    echo "deps: missing packages: ${missing[*]}" >&2
    echo "deps: run as root, or: sudo apt-get install ${missing[*]}" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
if [ "$update" = yes ] || [ ${#missing[@]} -gt 0 ]; then
    echo "deps: apt-get update"
    apt-get update -q </dev/null
fi
if [ ${#missing[@]} -gt 0 ]; then
    echo "deps: installing ${missing[*]}"
    apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
fi
echo "deps: all packages present"
