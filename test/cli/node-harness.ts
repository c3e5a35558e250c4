import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { NodeStatus } from "../../cli/node-status.js";

const runner = fileURLToPath(new URL("./fixtures/run-node.ts", import.meta.url));

/** A `meshtwin node` child process and what it printed. */
export interface NodeProc {
  readonly child: ChildProcess;
  readonly dataDir: string;
  /** Resolves with the status URL once the node printed it. */
  readonly ready: Promise<string>;
  readonly lines: string[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** A free TCP port on loopback (bind to 0, read, close). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Writes a node config with quick timers, so a mesh forms in seconds. */
export function writeConfig(dir: string, name: string, fields: { listen?: string[]; bootstrap?: string[] }): string {
  const file = join(dir, `${name}.yaml`);
  const list = (xs: string[] | undefined) => (xs ? `[${xs.join(", ")}]` : "[]");
  writeFileSync(
    file,
    [
      `name: ${name}`,
      `listen: ${list(fields.listen ?? ["/ip4/127.0.0.1/tcp/0"])}`,
      `bootstrap: ${list(fields.bootstrap)}`,
      "checkpoint: 200ms",
      "protocols:",
      "  discovery: { retryInterval: 1s, timeout: 500ms, refreshInterval: 2s }",
      "  membership: { viewSize: 3, pingInterval: 500ms, pingTimeout: 400ms, shuffleInterval: 1s, probeInterval: 1s }",
      "  gossip: { fanout: 2, pullInterval: 500ms }",
      "",
    ].join("\n"),
  );
  return file;
}

/** Starts `meshtwin node --config <config> --data-dir <dataDir>` as a child process. */
export function startNodeProc(config: string, dataDir: string): NodeProc {
  const child = spawn(process.execPath, ["--import", "tsx", runner, config, dataDir], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  let err = "";
  let buf = "";
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout!.setEncoding("utf8");
    child.stdout!.on("data", (c: string) => {
      buf += c;
      const parts = buf.split("\n");
      buf = parts.pop()!;
      for (const l of parts) {
        lines.push(l);
        if (l.startsWith("status ")) resolve(l.slice(7).replace(/\/status$/, ""));
      }
    });
    child.stderr!.on("data", (c: Buffer) => (err += c.toString()));
    child.once("exit", (code) => reject(new Error(`node exited (${code}) before it was ready: ${err}`)));
  });
  ready.catch(() => {});
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, dataDir, ready, lines, exited };
}

/** GET /status of a running node. */
export async function getStatus(url: string): Promise<NodeStatus> {
  const res = await fetch(`${url}/status`);
  return (await res.json()) as NodeStatus;
}

/** POST /command/<actor>; resolves once the node made the command durable. */
export async function command(url: string, actor: string, event: object): Promise<void> {
  const res = await fetch(`${url}/command/${actor}`, { method: "POST", body: JSON.stringify(event) });
  if (!res.ok) throw new Error(`command failed: ${await res.text()}`);
}

/** Polls `check` every 100 ms until it returns true or `ms` elapse; returns whether it held. */
export async function until(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}
