import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { freePort, writeConfig } from "./node-harness.js";

/** `meshtwin node … --viz 0` as a real process; resolves each printed `key value` line as it appears. */
function meshtwinNode(config: string, dataDir: string) {
  const child = spawn(
    process.execPath,
    ["cli/bin.js", "node", "--config", config, "--data-dir", dataDir, "--viz", "0"],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const seen = new Map<string, string>();
  const waiters: [string, (v: string) => void][] = [];
  createInterface({ input: child.stdout! }).on("line", (line) => {
    const [key, ...rest] = line.split(" ");
    if (!seen.has(key!)) seen.set(key!, rest.join(" "));
    for (const [k, resolve] of waiters) if (k === key) resolve(rest.join(" "));
  });
  const line = (key: string) =>
    new Promise<string>((resolve) => (seen.has(key) ? resolve(seen.get(key)!) : waiters.push([key, resolve])));
  return { child, line };
}

describe("meshtwin node --viz: the live viewer of a production node's neighbourhood", () => {
  const dir = mkdtempSync(join(tmpdir(), "meshtwin-node-viz-"));
  const procs: ReturnType<typeof meshtwinNode>[] = [];
  afterAll(() => procs.forEach((p) => p.child.kill("SIGTERM")));

  it("streams the node's log: its neighbour appears as a node and a link", async () => {
    const port = await freePort();
    const a = meshtwinNode(writeConfig(dir, "a", { listen: [`/ip4/127.0.0.1/tcp/${port}`] }), join(dir, "a"));
    procs.push(a);
    const listen = await a.line("listen");
    const url = await a.line("viz");
    const b = meshtwinNode(writeConfig(dir, "b", { bootstrap: [listen] }), join(dir, "b"));
    procs.push(b);
    const bId = await b.line("id");
    expect((await fetch(url)).status).toBe(200);
    // The page's socket: a snapshot, then appends every half second.
    const ws = new WebSocket(url.replace("http", "ws") + "live");
    const nodes = new Set<string>();
    let links = 0;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no link to ${bId} within 30 s; nodes: ${[...nodes]}`)), 20_000);
      ws.on("message", (raw) => {
        const msg = JSON.parse(String(raw)) as {
          index?: { nodes: { id: string }[]; keyframes: { views: unknown[][] }[] };
          nodes?: { id: string }[];
          keyframes?: { views: unknown[][] }[];
        };
        for (const n of msg.index?.nodes ?? msg.nodes ?? []) nodes.add(n.id);
        // Keyframes (every 10 s) carry each node's view: the node's link to its neighbour.
        for (const k of msg.index?.keyframes ?? msg.keyframes ?? [])
          links = Math.max(links, ...k.views.map((v) => v.length));
        if (nodes.has(bId) && links > 0) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    ws.close();
    expect(nodes.has(bId)).toBe(true);
  }, 60_000);
});
