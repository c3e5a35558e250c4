#!/usr/bin/env bash
# iproute2 and iptables for the NAT integration test (test/drivers/nat-netns.int.test.ts),
# which builds private networks behind MASQUERADE routers in network namespaces. Exits 1
# when they cannot be installed (see install-tool.sh).
set -euo pipefail
here=$(dirname "$0")
bash "$here/install-tool.sh" ip iproute2
bash "$here/install-tool.sh" iptables iptables
iptables --version
