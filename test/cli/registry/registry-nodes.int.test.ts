import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Client, newKey, scratch, until } from "../../drivers/registry/harness.js";
import { meshtwin, type Proc } from "./proc.js";

const procs: Proc[] = [];
afterAll(() => {
  for (const p of procs) if (p.child.exitCode === null) p.child.kill("SIGKILL");
});

function nodeConfig(dir: string, name: string, url: string): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    [
      `name: ${name}`,
      "listen: [/ip4/127.0.0.1/tcp/0]",
      "checkpoint: 200ms",
      "protocols:",
      "  discovery: { retryInterval: 1s, timeout: 500ms, refreshInterval: 2s, localBroadcast: false }",
      `registry: { url: "${url}", heartbeatInterval: 1s, pollInterval: 300ms, discoverInterval: 1s, retryInterval: 1s }`,
      "",
    ].join("\n"),
  );
  return file;
}

function startNode(config: string, dataDir: string): Proc {
  const p = meshtwin(["node", "--config", config, "--data-dir", dataDir]);
  procs.push(p);
  return p;
}

describe("meshtwin registry with three meshtwin nodes", () => {
  it("register, approval, discovery through the registry; SIGKILL → offline; restart → active", async () => {
    const dir = scratch();
    const sovereign = newKey();
    const registry = meshtwin(
      ["registry", "--port", "0", "--db", join(dir, "mesh.db"), "--offline-after", "3s", "--sweep-interval", "250ms"],
      { MESH_GENESIS_KEY: sovereign.publicKey },
    );
    procs.push(registry);
    const url = (await registry.line(/^listening /)).slice("listening ".length);
    const api = new Client(url);
    const names = ["a", "b", "c"];
    const nodes = names.map((n) => startNode(nodeConfig(dir, n, url), join(dir, n)));
    const ids = await Promise.all(nodes.map(async (p) => (await p.line(/^id /)).slice(3)));

    const status = async (id: string) => (await api.call("GET", `/nodes/${id}`)).body.status as string | undefined;
    await until(
      async () => (await api.call("GET", "/nodes?status=pending")).body.nodes.length === 3,
      30_000,
      "3 pending",
    );
    // Nothing is discovered before approval: the registrant hands discovery only active nodes, once active itself.
    expect(nodes.every((p) => !p.lines.some((l) => l.startsWith("peer ")))).toBe(true);
    for (const id of ids) expect((await api.decide("approve", id, sovereign)).status).toBe(200);

    // Each node dials the other two, which it could only have learned from the registry (no bootstrap, no mDNS).
    for (const [i, p] of nodes.entries())
      for (const other of ids.filter((_, j) => j !== i)) await p.line(new RegExp(`^peer ${other} `), 30_000);
    for (const p of nodes) await p.line(/^mode connected$/, 30_000);

    nodes[2]!.child.kill("SIGKILL");
    const killedAt = Date.now();
    await until(async () => (await status(ids[2]!)) === "offline", 15_000, "offline after SIGKILL");
    const tookMs = Date.now() - killedAt;
    expect(tookMs).toBeGreaterThan(1500); // not before the (shortened) 3 s timeout, minus the heartbeat in flight
    expect(await status(ids[0]!)).toBe("active");

    const again = startNode(join(dir, "c.yaml"), join(dir, "c"));
    expect((await again.line(/^id /)).slice(3)).toBe(ids[2]);
    await until(async () => (await status(ids[2]!)) === "active", 15_000, "active after restart");
    await again.line(new RegExp(`^peer (${ids[0]}|${ids[1]}) `), 30_000);

    for (const p of [...nodes.slice(0, 2), again, registry]) p.child.kill("SIGTERM");
    for (const p of [...nodes.slice(0, 2), again, registry]) expect((await p.exited).code).toBe(0);
  }, 180_000); // four processes start on a shared 2-core machine
});
