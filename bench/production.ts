import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { replayNodeLog } from "../cli/replay.js";
import { startNode, type NodeHandle } from "../cli/node-runtime.js";
import { runScenario } from "../sim/run.js";
import { parseScenario } from "../sim/scenario/load.js";

const PROTOCOLS = {
  discovery: { retryInterval: 1000, timeout: 500, refreshInterval: 5000 },
  membership: { viewSize: 4 },
  gossip: { fanout: 3, pullInterval: 1000 },
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
};
const r1 = (x: number) => Math.round(x * 10) / 10;

/** Publishes `count` messages round-robin, `perTick` per macrotask, and times every delivery. */
async function workload(nodes: NodeHandle[], count: number, perTick: number, tickMs: number) {
  const published = new Map<string, number>();
  const delivered = new Map<string, number[]>();
  for (const n of nodes) {
    n.store.log!.entries$.subscribe((e) => {
      const id = (e.data as { id?: string }).id;
      if (e.type === "gossip.published" && id) published.set(id, performance.now());
      if (e.type === "gossip.delivered" && id) {
        const l = delivered.get(id) ?? [];
        l.push(performance.now());
        delivered.set(id, l);
      }
    });
  }
  const t0 = performance.now();
  for (let i = 0; i < count;) {
    for (let k = 0; k < perTick && i < count; k++, i++)
      void nodes[i % nodes.length]!.command("gossip", { type: "publish", body: i });
    await sleep(tickMs);
  }
  const offered = count / ((performance.now() - t0) / 1000);
  const everyone = nodes.length - 1;
  for (let w = 0; w < 600; w++) {
    if (published.size === count && [...published.keys()].every((id) => delivered.get(id)?.length === everyone)) break;
    await sleep(50);
  }
  const tEnd = Math.max(...[...delivered.values()].flat());
  const lat: number[] = [];
  const all: number[] = [];
  let complete = 0;
  for (const [id, at] of published) {
    const d = delivered.get(id) ?? [];
    for (const t of d) lat.push(t - at);
    if (d.length === everyone) {
      complete++;
      all.push(Math.max(...d) - at);
    }
  }
  const views = nodes.map((n) => (n.host.snapshot("membership")?.context.active as unknown[] | undefined)?.length ?? 0);
  return {
    messages: count,
    "fully delivered": `${complete}/${count}`,
    "frames dropped": JSON.stringify(
      nodes.map((n) => Object.entries(n.driver.stats.dropReasons).filter(([, v]) => v > 0)),
    ),
    "active views": views.join(" "),
    "offered/s": Math.round(offered),
    "msgs/s": Math.round(count / ((tEnd - t0) / 1000)),
    "p50 ms": r1(pct(lat, 50)),
    "p99 ms": r1(pct(lat, 99)),
    "p99 all-informed ms": r1(pct(all, 99)),
  };
}

/** The same five nodes and gossip parameters in the simulator, loopback-like links. */
function simulated(count: number, everyMs: number) {
  const scenario = parseScenario(
    `
name: production-twin
seed: 5
duration: ${10_000 + count * everyMs + 5000}ms
nodes:
  - group: n
    count: 5
    protocols:
      discovery: { seeds: [n-0], retryInterval: 1s, timeout: 500ms, refreshInterval: 5s }
      membership: { viewSize: 4 }
      gossip: { fanout: 3, pullInterval: 1s }
network:
  default: { latency: 0.2ms, jitter: 0.1ms }
workload:
  - publish: { every: ${everyMs}ms, start: 10s, stop: ${10_000 + count * everyMs - 1}ms }
`,
    "bench:production-twin",
  );
  const t = performance.now();
  const { world } = runScenario(scenario);
  const wall = (performance.now() - t) / 1000;
  const lat: number[] = [];
  for (const [id, p] of world.observations.publications)
    for (const at of world.observations.deliveries.get(id)?.values() ?? []) if (at !== p.at) lat.push(at - p.at);
  return {
    messages: world.observations.publications.size,
    "msgs/s (wall)": Math.round(world.observations.publications.size / wall),
    "p50 ms (simulated)": r1(pct(lat, 50)),
    "p99 ms (simulated)": r1(pct(lat, 99)),
  };
}

/**
 * Gossip among five real nodes (libp2p over loopback TCP, fsync'ed level stores, one
 * process): messages/s and delivery latency, at a steady rate and flat out; the same
 * workload in the simulator; and replay speed of one node's recorded log.
 */
export async function benchProduction(): Promise<Record<string, unknown>[]> {
  const root = mkdtempSync(join(tmpdir(), "mt-bench-"));
  const nodes: NodeHandle[] = [];
  try {
    nodes.push(await startNode({ protocols: PROTOCOLS }, { dataDir: join(root, "n0") }));
    for (let i = 1; i < 5; i++)
      nodes.push(
        await startNode(
          { protocols: PROTOCOLS, bootstrap: [nodes[0]!.addresses[0]!] },
          { dataDir: join(root, `n${i}`) },
        ),
      );
    await sleep(4000); // discovery and membership settle
    const steady = await workload(nodes, 500, 1, 5);
    const burst = await workload(nodes, 3000, 100, 1);
    for (const n of nodes) await n.stop();
    const replay = await replayNodeLog(join(root, "n1"));
    return [
      { run: "real, 1 msg per 5 ms timer", ...steady },
      { run: "real, 100 msgs per 1 ms timer", ...burst },
      { run: "simulated, 1 msg per 5 ms", ...simulated(500, 5) },
      {
        run: "replay of one node's log",
        entries: replay.matched,
        "entries/s": Math.round(replay.matched / replay.seconds),
        ok: replay.mismatch === undefined ? true : JSON.stringify(replay.mismatch),
      },
    ];
  } finally {
    for (const n of nodes) await n.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await benchProduction());
