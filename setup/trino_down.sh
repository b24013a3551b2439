#!/usr/bin/env bash
# setup/trino_down.sh
#   Stops the Trino server started by trino_up.sh. Idempotent. The unpacked
#   server ($TRINO_CACHE) and the Maven cache stay (--purge also removes
#   $TRINO_DIR, the configuration and data).
# Environment: as trino_up.sh.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=setup/trinolib.sh
. "$here/trinolib.sh"
trino_stop_server
echo "trino: stopped"
if [ "${1:-}" = --purge ]; then rm -rf "$TRINO_DIR"; echo "trino: removed $TRINO_DIR"; fi
