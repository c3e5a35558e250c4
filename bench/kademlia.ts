import { execFileSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { parseScenario } from "../sim/scenario/load.js";
import { runScenario } from "../sim/run.js";
import { kadOps, summarize } from "../sim/kademlia/stats.js";

/**
 * Kademlia benchmarks: (1) join + lookups at 1,000 and 10,000 simulated nodes, each in
 * its own process so peak RSS is that run's; (2) 50 stock @libp2p/kad-dht nodes on
 * loopback beside the same join + provide + findProviders workload on 50 simulated
 * nodes; (3) honest lookup success by Sybil fraction × defences.
 */

type Row = Record<string, string | number>;

/** A scenario of n server nodes (1% backbone, ≥ 10) doing `lookups` node lookups after they join. */
function scaleScenario(n: number, lookups: number, extra = ""): string {
  const backbone = Math.max(10, Math.round(n / 100));
  const every = Math.max(1, Math.floor(10_000 / lookups));
  return `
name: kad-scale-${n}
seed: 3
duration: ${20 + Math.ceil((lookups * every) / 1000) + 10}s
nodes:
  - { group: backbone, count: ${backbone}, role: backbone, protocols: { kademlia: { bootstrap: [backbone], refreshInterval: 0s${extra} } } }
  - { group: node, count: ${n - backbone}, protocols: { kademlia: { bootstrap: [backbone], refreshInterval: 0s${extra} } } }
network:
  # A finite bandwidth makes the network model count bytes; 1 gbit adds no visible delay.
  default: { latency: 30ms, jitter: 20ms, bandwidth: 1gbit }
workload:
  - kad: { op: lookup, every: ${every}ms, start: 20s, stop: ${20 + Math.ceil((lookups * every) / 1000)}s, from: node, targets: node }
`;
}

/** Child process: one scale run, its figures as JSON on stdout. */
function scaleChild(n: number): Row {
  const scenario = parseScenario(scaleScenario(n, n), `kad-scale-${n}.yaml`);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let ops: ReturnType<typeof kadOps> = [];
  const { report } = runScenario(scenario, { beforeRun: (w) => void (ops = kadOps(w)) });
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const s = summarize(ops.filter((o) => o.op === "lookup"));
  return {
    nodes: n,
    "log2 n": Math.round(Math.log2(n) * 10) / 10,
    lookups: s.count,
    success: `${(s.success * 100).toFixed(1)}%`,
    "hops median": s.hops.median,
    "hops p99": s.hops.p99,
    "latency median ms": Math.round(s.ms.median),
    "lookups/s (wall)": Math.round(s.count / (wallMs / 1000)),
    "wall s": Math.round(wallMs / 100) / 10,
    "cpu s": Math.round((cpu.user + cpu.system) / 1e5) / 10,
    events: report.events,
    "KiB sent per node": Math.round(report.network.bytes / n / 1024),
    "peak RSS MiB": Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

/** Join + lookups at each scale, in separate processes. */
export function benchKadScale(sizes = [1000, 10_000]): Row[] {
  return sizes.map((n) => {
    const out = execFileSync(process.execPath, ["--import", "tsx", "bench/kademlia.ts", "--scale-child", String(n)], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
      maxBuffer: 1 << 26,
    });
    return JSON.parse(out.trim().split("\n").at(-1)!) as Row;
  });
}

const okOf = (ops: readonly { success: boolean }[]) => `${ops.filter((o) => o.success).length}/${ops.length}`;

/** 50 nodes join, 10 provide a key each, 40 look the keys up: simulated, in this process. */
function simSideBySide(n = 50): Row {
  const text = `
name: kad-50
seed: 9
duration: 40s
nodes:
  - { group: node, count: ${n}, protocols: { kademlia: { bootstrap: [node-0], refreshInterval: 0s } } }
network:
  default: { latency: 1ms }
workload:
  - kad: { op: provide, every: 100ms, start: 5s, stop: 5.9s, from: node }
  - kad: { op: findProviders, every: 25ms, start: 10s, stop: 10.99s, from: node }
`;
  const rss0 = process.memoryUsage().rss;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let ops: ReturnType<typeof kadOps> = [];
  const { report } = runScenario(parseScenario(text, "kad-50.yaml"), { beforeRun: (w) => void (ops = kadOps(w)) });
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return {
    implementation: `meshtwin actor, simulated (${n} nodes, 1 ms links)`,
    "wall s": Math.round(wallMs / 10) / 100,
    "cpu s": Math.round((cpu.user + cpu.system) / 1e4) / 100,
    "simulated s": Math.round(report.simulatedMs / 10) / 100,
    // ok: the record was stored on at least one peer (the actor's `stored > 0`).
    "provides ok": okOf(ops.filter((o) => o.op === "provide")),
    "findProviders ok": okOf(ops.filter((o) => o.op === "findProviders")),
    "RSS growth per node KiB": Math.round((process.memoryUsage().rss - rss0) / n / 1024),
  };
}

/** The same workload on 50 stock @libp2p/kad-dht nodes over loopback TCP, in this process. */
async function libp2pSideBySide(n = 50): Promise<Row> {
  await import("../runtime/polyfills.js");
  const { createLibp2p } = await import("libp2p");
  const { tcp } = await import("@libp2p/tcp");
  const { noise } = await import("@chainsafe/libp2p-noise");
  const { yamux } = await import("@chainsafe/libp2p-yamux");
  const { identify } = await import("@libp2p/identify");
  const { ping } = await import("@libp2p/ping");
  const { kadDHT, passthroughMapper } = await import("@libp2p/kad-dht");
  const { CID } = await import("multiformats/cid");
  const { sha256 } = await import("multiformats/hashes/sha2");
  type Dht = import("@libp2p/kad-dht").KadDHT;
  type SingleKadDHT = import("@libp2p/kad-dht").SingleKadDHT;
  const rss0 = process.memoryUsage().rss;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const nodes = await Promise.all(
    Array.from({ length: n }, () =>
      createLibp2p({
        start: false,
        addresses: { listen: ["/ip4/127.0.0.1/tcp/0"] },
        transports: [tcp()],
        connectionEncrypters: [noise()],
        streamMuxers: [yamux()],
        // 50 peers dialling each other at once on one host trip the default inbound rate limits.
        connectionManager: { maxIncomingPendingConnections: 200, inboundConnectionThreshold: 10_000 },
        services: {
          identify: identify(),
          ping: ping(),
          dht: kadDHT({ clientMode: false, peerInfoMapper: passthroughMapper, allowQueryWithZeroPeers: true }),
        },
      }),
    ),
  );
  await Promise.all(nodes.map((x) => x.start()));
  const dht = (i: number) => (nodes[i]!.services as unknown as { dht: Dht }).dht;
  // Join: every node dials node 0, then looks itself up.
  // One at a time: a burst of 49 inbound handshakes exceeds libp2p's pending-connection limit.
  for (const x of nodes.slice(1)) await x.dial(nodes[0]!.getMultiaddrs()[0]!);
  // Identify runs and routing tables fill: wait until every table has an entry (no fixed sleep).
  const table = (i: number) => (dht(i) as unknown as SingleKadDHT).routingTable.size;
  for (let waited = 0; nodes.some((_, i) => table(i) === 0) && waited < 10_000; waited += 20)
    await new Promise((r) => setTimeout(r, 20));
  const drain = async (it: AsyncIterable<unknown>) => {
    for await (const _ of it) void _;
  };
  await Promise.all(nodes.map((x, i) => drain(dht(i).getClosestPeers(x.peerId.toMultihash().bytes))));
  const cids = await Promise.all(
    Array.from({ length: 10 }, async (_, i) =>
      CID.createV1(0x55, await sha256.digest(new TextEncoder().encode(`k${i}`))),
    ),
  );
  // A provide counts as ok when at least one peer took the record (a PEER_RESPONSE to its
  // ADD_PROVIDER), as the actor's provide is ok when `stored > 0`.
  const provided = await Promise.all(
    cids.map(async (cid, i) => {
      let stored = 0;
      for await (const e of dht(i).provide(cid))
        if (e.name === "PEER_RESPONSE" && e.messageName === "ADD_PROVIDER") stored++;
      return stored > 0;
    }),
  );
  let ok = 0;
  await Promise.all(
    Array.from({ length: 40 }, async (_, j) => {
      for await (const e of dht(10 + j).findProviders(cids[j % 10]!)) {
        if ((e as { name?: string }).name === "PROVIDER") {
          ok++;
          break;
        }
      }
    }),
  );
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const rss = process.memoryUsage().rss;
  await Promise.all(nodes.map((x) => x.stop()));
  return {
    implementation: `stock @libp2p/kad-dht, loopback TCP (${n} nodes)`,
    "wall s": Math.round(wallMs / 10) / 100,
    "cpu s": Math.round((cpu.user + cpu.system) / 1e4) / 100,
    "provides ok": `${provided.filter(Boolean).length}/${provided.length}`,
    "findProviders ok": `${ok}/40`,
    "RSS growth per node KiB": Math.round((rss - rss0) / n / 1024),
  };
}

/** Both side by side: the simulated run first (it is smaller and leaves less behind). */
export async function benchKadVsLibp2p(): Promise<Row[]> {
  const sim = simSideBySide();
  return [sim, await libp2pSideBySide()];
}

const DEFENCES: Record<string, { params: string; pow: number }> = {
  off: { params: "", pow: 0 },
  "disjoint d=4": { params: ", disjointPaths: 4", pow: 0 },
  "diversity max 2": { params: ", diversity: { max: 2 }", pow: 0 },
  "id PoW 8 bits": { params: "", pow: 8 },
  all: { params: ", disjointPaths: 4, diversity: { max: 2 }", pow: 8 },
};

/** Eclipse of one node: honest lookup success of the target, per Sybil fraction and defence. */
export function benchSybilTable(fractions = [0, 0.1, 0.2, 0.3], honest = 200): Row[] {
  return fractions.map((f) => {
    const row: Row = { "sybil fraction": `${f * 100}%` };
    for (const [name, d] of Object.entries(DEFENCES)) {
      const text = `
name: sybil-table
seed: 5
duration: 70s
nodes:
  - { group: backbone, count: 10, role: backbone, protocols: { kademlia: { bootstrap: [backbone], refreshInterval: 0s${d.params} } } }
  - { group: node, count: ${honest - 10}, protocols: { kademlia: { bootstrap: [backbone], refreshInterval: 0s${d.params} } } }
network:
  default: { latency: 30ms, jitter: 20ms }
sybil: { at: 0s, fraction: ${f}, target: node-7, strategy: nearest-ids, behaviour: eclipse, bootstrap: [backbone], idPowBits: ${d.pow} }
workload:
  - kad: { op: lookup, every: 250ms, start: 40s, from: node, key: target }
`;
      let ops: ReturnType<typeof kadOps> = [];
      runScenario(parseScenario(text, "sybil-table.yaml"), { beforeRun: (w) => void (ops = kadOps(w)) });
      const s = summarize(ops.filter((o) => o.op === "lookup" && !o.node.startsWith("sybil")));
      row[name] = `${(s.success * 100).toFixed(1)}%`;
    }
    return row;
  });
}

if (process.argv[2] === "--scale-child")
  process.stdout.write(JSON.stringify(scaleChild(Number(process.argv[3]))) + "\n");
