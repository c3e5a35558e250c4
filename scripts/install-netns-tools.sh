#!/usr/bin/env bash
# iproute2 and iptables for the NAT integration test (test/drivers/nat-netns.int.test.ts),
# which builds private networks behind MASQUERADE routers in network namespaces.
# Idempotent; needs root (CI runs as root). Without them the test skips, saying why.
set -euo pipefail
if command -v ip >/dev/null && command -v iptables >/dev/null; then
  echo "ip and iptables already installed"
  exit 0
fi
if ! command -v apt-get >/dev/null || [ "$(id -u)" != 0 ]; then
  echo "cannot install iproute2/iptables here: the NAT namespace test will skip" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq iproute2 iptables >/dev/null
iptables --version
