#!/usr/bin/env bash
# Debian chromium for the visualizer's browser test (test/viz/viewer.int.test.ts), driven
# by playwright-core. playwright's own browser download is not used: CI reaches only the
# npm registry and Debian's archive. Idempotent; needs root (CI runs as root).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  echo "chromium already installed: $(/usr/bin/chromium --version 2>/dev/null || echo unknown version)"
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "no apt-get: install chromium by hand; the browser test will skip without it" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null
/usr/bin/chromium --version
