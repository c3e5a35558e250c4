import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, statSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  decisionMessage,
  heartbeatMessage,
  registerMessage,
  signerFromSeed,
  type NodeRecord,
  type Signer,
} from "../actors/registry/index.js";
import { RegistryStore } from "../drivers/registry/store.js";

const N_REGISTER = 2000;
const N_HEARTBEAT = 6000;
const CONCURRENCY = 32;
/** The seed's workload: 10,000 validators heartbeating every 2 minutes. */
const NEEDED_HB = 10_000 / 120;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
};
const r1 = (x: number) => Math.round(x * 10) / 10;
const key = (): Signer => signerFromSeed("ed25519", new Uint8Array(randomBytes(32)));

/** Sends pre-built requests with `CONCURRENCY` in flight; per-request latency in ms. */
async function load(url: string, bodies: { path: string; body: unknown }[]) {
  const lat: number[] = [];
  let failed = 0;
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < bodies.length) {
        const b = bodies[next++]!;
        const t = performance.now();
        const res = await fetch(url + b.path, { method: "POST", body: JSON.stringify(b.body) });
        await res.arrayBuffer();
        lat.push(performance.now() - t);
        if (res.status !== 200) failed++;
      }
    }),
  );
  const secs = (performance.now() - t0) / 1000;
  return { perSec: Math.round(bodies.length / secs), p50: r1(pct(lat, 50)), p99: r1(pct(lat, 99)), failed, lat, secs };
}

/** Figures over several timed chunks (the time between chunks, spent signing, is not counted). */
function merge(parts: Awaited<ReturnType<typeof load>>[]): Awaited<ReturnType<typeof load>> {
  const lat = parts.flatMap((p) => p.lat);
  const secs = parts.reduce((t, p) => t + p.secs, 0);
  const failed = parts.reduce((t, p) => t + p.failed, 0);
  return { perSec: Math.round(lat.length / secs), p50: r1(pct(lat, 50)), p99: r1(pct(lat, 99)), failed, lat, secs };
}

/** The HTTP service in its own process (as deployed), loaded from this one with pre-signed requests. */
async function http(): Promise<Record<string, unknown>[]> {
  const dir = mkdtempSync(join(tmpdir(), "bench-registry-"));
  const sovereign = key();
  const child = spawn(process.execPath, ["cli/bin.js", "registry", "--port", "0", "--db", join(dir, "mesh.db")], {
    env: { ...process.env, MESH_GENESIS_KEY: sovereign.publicKey },
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout!.setEncoding("utf8");
      child.stdout!.on("data", (c: string) => {
        const m = /listening (\S+)/.exec(c);
        if (m) resolve(m[1]!);
      });
      child.once("exit", () => reject(new Error("registry exited")));
    });
    const nodes = Array.from({ length: N_REGISTER }, (_, i) => ({ id: `bench-${i}`, key: key() }));
    const registrations = nodes.map(({ id, key: k }) => ({
      path: "/register",
      body: {
        nodeId: id,
        publicKey: k.publicKey,
        tailscaleHostname: `${id}.tail`,
        tailscaleIP: "100.64.0.1",
        services: [{ type: "validator", port: 9000, publicKey: k.publicKey }],
        signature: k.sign(registerMessage(id, k.publicKey, `${id}.tail`)),
      },
    }));
    // Requests are signed before each phase's clock starts: the figures are the service's, not the client's.
    const approvals = nodes.map(({ id }) => ({
      path: `/approve/${id}`,
      body: { approverPublicKey: sovereign.publicKey, signature: sovereign.sign(decisionMessage("approve", id)) },
    }));
    const reg = await load(url, registrations);
    const appr = await load(url, approvals);
    // Heartbeats are signed in chunks just before they go: their timestamps must stay within
    // 60 s of the registry's clock, and signing is the client's cost, not the service's.
    const chunks: Awaited<ReturnType<typeof load>>[] = [];
    for (let from = 0; from < N_HEARTBEAT; from += 1000) {
      const base = Date.now();
      const beats = Array.from({ length: Math.min(1000, N_HEARTBEAT - from) }, (_, j) => {
        const i = from + j;
        const { id, key: k } = nodes[i % nodes.length]!;
        const timestamp = base + i; // strictly increasing per node across chunks
        return {
          path: "/heartbeat",
          body: {
            nodeId: id,
            tailscaleIP: "100.64.0.1",
            timestamp,
            signature: k.sign(heartbeatMessage(id, timestamp)),
          },
        };
      });
      chunks.push(await load(url, beats));
    }
    const hb = merge(chunks);
    const row = (what: string, r: Awaited<ReturnType<typeof load>>, reference: string) => ({
      what,
      "requests/s": r.perSec,
      "p50 ms": r.p50,
      "p99 ms": r.p99,
      failed: r.failed,
      reference,
    });
    return [
      row(`register (${N_REGISTER}, Ed25519 verify, fsync'd)`, reg, "—"),
      row(`approve (${N_REGISTER})`, appr, "—"),
      row(`heartbeat (${N_HEARTBEAT})`, hb, `${r1(NEEDED_HB)}/s needed by 10k nodes @ 2 min`),
    ];
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    rmSync(dir, { recursive: true, force: true });
  }
}

/** 10,000 nodes × 24 h of 2-minute heartbeats written straight into the store (no HTTP): the file's size. */
function storage(): Record<string, unknown>[] {
  const dir = mkdtempSync(join(tmpdir(), "bench-registry-db-"));
  const path = join(dir, "mesh.db");
  const store = new RegistryStore(path);
  const nodes = 10_000;
  const beats = (24 * 3600) / 120;
  const t0 = performance.now();
  const records: NodeRecord[] = Array.from({ length: nodes }, (_, i) => ({
    id: `validator-${i}`,
    publicKey: "ab".repeat(32),
    hostname: `validator-${i}.tail`,
    ip: `100.64.${i >> 8}.${i & 255}`,
    status: "active",
    services: [{ type: "validator", port: 9000, publicKey: "cd".repeat(32) }],
    registeredAt: 0,
    lastSeen: 0,
    lastTimestamp: 0,
  }));
  store.apply(records.map((node) => ({ kind: "node", node })));
  for (let b = 0; b < beats; b++) {
    const at = 1_700_000_000_000 + b * 120_000;
    store.apply(
      records.flatMap((n) => {
        n.lastSeen = at;
        n.lastTimestamp = at;
        return [
          { kind: "heartbeat" as const, nodeId: n.id, at, timestamp: at, ip: n.ip },
          { kind: "node" as const, node: n },
        ];
      }),
    );
  }
  const rows = store.heartbeatCount();
  store.close();
  const bytes = statSync(path).size + (existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0);
  rmSync(dir, { recursive: true, force: true });
  return [
    {
      what: "10,000 nodes × 24 h heartbeats (2 min)",
      "heartbeat rows": rows,
      "SQLite MiB": r1(bytes / 2 ** 20),
      "bytes/heartbeat": Math.round(bytes / rows),
      "write s": r1((performance.now() - t0) / 1000),
      note: "bounded by --retention (default 24 h)",
    },
  ];
}

/** `npm run bench -- registry`. */
export async function benchRegistry(): Promise<Record<string, unknown>[]> {
  return [...(await http()), ...storage()];
}
