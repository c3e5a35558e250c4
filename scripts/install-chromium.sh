#!/usr/bin/env bash
# Debian chromium for the visualizer's browser tests (test/viz/viewer.int.test.ts,
# live.int.test.ts), driven by playwright-core. playwright's own browser download is not
# used: CI reaches only the npm registry and Debian's archive. Exits 1 when chromium cannot
# be installed (see install-tool.sh).
set -euo pipefail
bash "$(dirname "$0")/install-tool.sh" /usr/bin/chromium chromium
/usr/bin/chromium --version
