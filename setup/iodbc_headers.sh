#!/usr/bin/env bash
# setup/iodbc_headers.sh
#   Prints the PREFIX for configure --with-iodbc=PREFIX: a directory whose
#   include/iodbc/ holds iODBC's headers. Debian's libiodbc2-dev conflicts
#   with unixodbc-dev (both cannot be installed), so when it is not
#   installed the package is fetched with apt-get download and unpacked
#   with dpkg -x into a private cache (nothing is installed): $MESH_IODBC_CACHE,
#   default /var/cache/meshodbc/iodbc as root, ~/.cache/meshodbc/iodbc
#   otherwise. The runtime (libiodbc2, iodbc for iodbctest) is installed
#   normally by setup/deps.sh: it does not conflict with unixODBC.
# Exit status: 0 with the prefix on stdout; 1 with the reason on stderr.
# Users: setup/run_tests.sh.
set -euo pipefail

if [ -f /usr/include/iodbc/sql.h ] && [ -f /usr/include/iodbc/sqltypes.h ]; then
    echo /usr
    exit 0
fi
if [ "$(id -u)" = 0 ]; then
    cache=${MESH_IODBC_CACHE:-/var/cache/meshodbc/iodbc}
else
    cache=${MESH_IODBC_CACHE:-$HOME/.cache/meshodbc/iodbc}
fi
if [ -f "$cache/usr/include/iodbc/sql.h" ]; then
    echo "$cache/usr"
    exit 0
fi
mkdir -p "$cache"
cd "$cache"
rm -f libiodbc2-dev_*.deb
# apt-get download writes as _apt when it can; a cache it cannot write to
# only gives a warning and the download runs as the caller
if ! apt-get download -q libiodbc2-dev >/dev/null 2>"$cache/download.err"; then
    echo "iodbc_headers: apt-get download libiodbc2-dev failed:" >&2
    cat "$cache/download.err" >&2
    exit 1
fi
deb=$(ls libiodbc2-dev_*.deb 2>/dev/null | head -n 1)
if [ -z "$deb" ] || ! dpkg -x "$deb" "$cache"; then
    echo "iodbc_headers: could not unpack libiodbc2-dev into $cache" >&2
    exit 1
fi
rm -f "$deb"
if [ ! -f "$cache/usr/include/iodbc/sql.h" ]; then
    echo "iodbc_headers: $cache/usr/include/iodbc/sql.h missing after unpacking" >&2
    exit 1
fi
echo "$cache/usr"
