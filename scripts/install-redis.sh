#!/usr/bin/env bash
# redis-server (Debian package) for the sweep queue's integration test
# (test/cli/sweep/sweep-queue.int.test.ts), which starts its own redis-server on a free
# loopback port; the package's own service is not used. Exits 1 when it cannot install.
set -euo pipefail
exec bash "$(dirname "$0")/install-tool.sh" redis-server redis-server
