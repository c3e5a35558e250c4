import { benchAuth } from "./auth.js";
import { benchCrypto } from "./crypto.js";
import { benchEngine } from "./engine.js";
import { benchGossipRounds } from "./gossip-rounds.js";
import { benchKadScale, benchKadVsLibp2p, benchSybilTable } from "./kademlia.js";
import { benchNat } from "./nat.js";
import { benchAccepts, benchBytes, benchWork } from "./notify.js";
import { benchPartitionHeal } from "./partition-heal.js";
import { benchProduction } from "./production.js";
import { benchRadio } from "./radio.js";
import { benchRegistry } from "./registry.js";
import { benchXstate } from "./xstate.js";
import { benchNostr } from "./nostr.js";
import { benchSweep } from "./sweep.js";

/**
 * `npm run bench`: every benchmark, printed as tables. Figures are printed, never
 * asserted. `npm run bench -- engine rounds` runs only the named sections.
 */
const sections: Record<string, () => Promise<unknown> | unknown> = {
  xstate: () => print("xstate: one event through createActor, pure transition() and a plain reducer", benchXstate()),
  engine: () => print("engine: events per second", benchEngine()),
  rounds: () =>
    print(
      "gossip: simulated seconds and counted rounds to inform all nodes (push-pull anti-entropy only)",
      benchGossipRounds(),
    ),
  "partition-heal": () => print("partition-heal scenario at scale (separate processes)", benchPartitionHeal()),
  kademlia: () => print("kademlia: n nodes join, then n lookups (separate processes)", benchKadScale()),
  "kademlia-libp2p": async () =>
    print("kademlia: 50 nodes join, 10 provide, 40 findProviders", await benchKadVsLibp2p()),
  "kademlia-sybil": () =>
    print("kademlia: honest lookup success of an eclipsed node (200 honest nodes)", benchSybilTable()),
  nat: () => print("NAT: 1,000 nodes, connectivity by path and relay load (separate processes)", benchNat()),
  production: async () =>
    print("production: gossip among 5 real nodes on loopback vs the simulator", await benchProduction()),
  sweep: async () =>
    print(
      "sweep: seeds of a 200-node partition-heal (default 200), 1 job / 2 jobs / queue with 2 workers",
      await benchSweep(),
    ),
  registry: async () =>
    print("registry: meshtwin registry over HTTP (own process, 32 in flight) and SQLite size", await benchRegistry()),
  nostr: async () =>
    print(
      "nostr: EVENT ingest with signature checks, REQ latency at 100k stored events; ours beside @nostr-relay/core (same index)",
      await benchNostr(),
    ),
  radio: () =>
    print(
      "radio: LoRa nodes (100/km², a beacon per node per minute) × 10 simulated minutes (separate processes)",
      benchRadio(),
    ),
  crypto: () => print("crypto: real vs modelled, PoW (CPU ms)", benchCrypto() as unknown as Record<string, unknown>[]),
  notify: () => {
    print("notify: work per threshold here (CPU time; expected 2^n hashes)", benchWork());
    print("notify: notifications a relay accepts per second (CPU time)", benchAccepts());
    print("notify: storage per notification vs the seed's estimate", benchBytes());
  },
  auth: () =>
    print(
      "auth: ML-DSA-87 here vs noble on an Apple M2; one backbone node's authentications and token checks (CPU time)",
      benchAuth() as unknown as Record<string, unknown>[],
    ),
};

function print(title: string, rows: Record<string, unknown>[]): void {
  process.stdout.write(`\n## ${title}\n`);
  console.table(rows);
}

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !(w in sections));
if (unknown.length) {
  process.stderr.write(`unknown bench section(s): ${unknown.join(", ")}; known: ${Object.keys(sections).join(", ")}\n`);
  process.exit(2);
}
for (const [name, run] of Object.entries(sections)) {
  if (wanted.length === 0 || wanted.includes(name)) await run();
}
