#!/usr/bin/env bash
# Installs Debian packages so that a tool the tests need is present:
#   bash scripts/install-tool.sh CHECK PACKAGE...
# CHECK is a command name (looked up on PATH) or an absolute path that must be executable
# afterwards. Idempotent; needs root and apt-get (CI runs as root on Debian). Exits 1,
# saying why, when the tool is missing and cannot be installed: CI must fail there rather
# than go green with the tests that need the tool skipped (test/helpers/require-tool.ts
# makes those tests fail under CI=true too). Other install-*.sh scripts call this one.
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: install-tool.sh CHECK PACKAGE..." >&2
  exit 2
fi
check=$1
shift
have() {
  if [[ $check == /* ]]; then [ -x "$check" ]; else command -v "$check" >/dev/null; fi
}
packages=$*
fail() {
  echo "install-tool: cannot install $packages: $1; the tests that need $check fail under CI without it" >&2
  exit 1
}
if have; then
  echo "$check: already installed"
  exit 0
fi
if ! command -v apt-get >/dev/null; then fail "no apt-get on this machine"; fi
if [ "$(id -u)" != 0 ]; then fail "not root (uid $(id -u))"; fi
export DEBIAN_FRONTEND=noninteractive
if ! apt-get update -qq; then fail "apt-get update failed"; fi
if ! apt-get install -y -qq "$@" >/dev/null; then fail "apt-get install failed"; fi
if ! have; then fail "$check is still missing after installing"; fi
echo "$check: installed ($packages)"
