#!/usr/bin/env bash
# socat (Debian package) for the serial framings' PTY test (test/drivers/serial/pty.int.test.ts),
# which makes a pseudo-terminal pair with socat and pushes frames through it. Exits 1
# when it cannot install.
set -euo pipefail
exec bash "$(dirname "$0")/install-tool.sh" socat socat
