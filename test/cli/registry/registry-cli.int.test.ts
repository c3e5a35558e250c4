import { execFileSync } from "node:child_process";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { Client, newKey, scratch, until } from "../../drivers/registry/harness.js";
import { meshtwin, type Proc } from "./proc.js";

const started: Proc[] = [];
const spawnRegistry = (args: string[], env: Record<string, string> = {}) => {
  const p = meshtwin(args, env);
  started.push(p);
  return p;
};
// A failed assertion must not leave a registry running.
afterAll(() => {
  for (const p of started) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
});

const url = async (p: ReturnType<typeof meshtwin>) => (await p.line(/^listening /)).slice("listening ".length);

describe("meshtwin registry", () => {
  it("no acknowledged registration or approval is lost when the process is SIGKILLed mid-load", async () => {
    const db = join(scratch(), "mesh.db");
    const sovereign = newKey();
    const first = spawnRegistry(["registry", "--port", "0", "--db", db], { MESH_GENESIS_KEY: sovereign.publicKey });
    const api = new Client(await url(first));
    const acked: string[] = [];
    const approved: string[] = [];
    // Waves of concurrent writes; the kill lands while a wave is in flight.
    let wave = 0;
    const load = (async () => {
      for (; ; wave++) {
        const ids = Array.from({ length: 25 }, (_, i) => `n-${wave}-${i}`);
        const results = await Promise.allSettled(ids.map((id) => api.register(id, newKey())));
        results.forEach((r, i) => r.status === "fulfilled" && r.value.status === 200 && acked.push(ids[i]!));
        const decisions = await Promise.allSettled(ids.map((id) => api.decide("approve", id, sovereign)));
        decisions.forEach((r, i) => r.status === "fulfilled" && r.value.status === 200 && approved.push(ids[i]!));
        if (results.some((r) => r.status === "rejected")) return;
      }
    })();
    // Kill while waves are still coming: some writes acknowledged, others in flight.
    await until(() => acked.length >= 100, 30_000, "100 acknowledged registrations");
    first.child.kill("SIGKILL");
    await load;
    expect((await first.exited).signal).toBe("SIGKILL");
    expect(acked.length).toBeGreaterThanOrEqual(100);

    const second = spawnRegistry(["registry", "--port", "0", "--db", db], { MESH_GENESIS_KEY: sovereign.publicKey });
    const after = new Client(await url(second));
    const nodes = (await after.call("GET", "/nodes")).body.nodes as { id: string; status: string }[];
    const status = new Map(nodes.map((n) => [n.id, n.status]));
    expect(acked.filter((id) => !status.has(id))).toEqual([]);
    expect(approved.filter((id) => status.get(id) !== "active")).toEqual([]);
    second.child.kill("SIGTERM");
    expect((await second.exited).code).toBe(0);
  }, 120_000);

  it("SIGTERM stops gracefully and leaves the seed's tables readable with sqlite", async () => {
    const db = join(scratch(), "mesh.db");
    const sovereign = newKey();
    const p = spawnRegistry(["registry", "--port", "0", "--db", db, "--genesis-key", sovereign.publicKey]);
    const api = new Client(await url(p));
    const key = newKey();
    await api.register("s", key);
    await api.decide("approve", "s", sovereign);
    await api.heartbeat("s", key);
    p.child.kill("SIGTERM");
    expect(await p.exited).toEqual({ code: 0, signal: null });
    expect(p.lines).toContain("stopped");
    const d = new Database(db, { readonly: true });
    expect(d.prepare("SELECT id, status FROM nodes").all()).toEqual([{ id: "s", status: "active" }]);
    expect(d.prepare("SELECT type, port FROM services").all()).toEqual([{ type: "validator", port: 9000 }]);
    expect((d.prepare("SELECT count(*) AS n FROM heartbeats").get() as { n: number }).n).toBe(1);
    expect(d.prepare("SELECT public_key, added_by FROM sovereign_keys").all()).toEqual([
      { public_key: sovereign.publicKey, added_by: "genesis" },
    ]);
    d.close();
  });

  it("a bad flag is one line naming it, exit 2", () => {
    const run = (args: string[]) => {
      try {
        execFileSync(process.execPath, [join(import.meta.dirname, "../../../cli/bin.js"), ...args], { stdio: "pipe" });
        return { code: 0, err: "" };
      } catch (e) {
        const x = e as { status: number; stderr: Buffer };
        return { code: x.status, err: x.stderr.toString() };
      }
    };
    const key = run(["registry", "--port", "0", "--db", ":memory:", "--genesis-key", "zz"]);
    expect(key.code).toBe(2);
    expect(key.err.trim().split("\n")).toHaveLength(1);
    expect(key.err).toMatch(/^--genesis-key \(MESH_GENESIS_KEY\): expected a 64-character lowercase hex/);
    const off = run(["registry", "--port", "0", "--db", ":memory:", "--offline-after", "0s"]);
    expect(off).toMatchObject({ code: 2, err: expect.stringMatching(/^--offline-after: expected a duration/) });
  });
});
