import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { finalizeEvent, generateSecretKey, getPublicKey } from "nostr-tools/pure";
import { afterAll, describe, expect, it } from "vitest";
import WebSocket from "ws";

/** Starts `meshtwin relay` as a real process; resolves with its URL once it prints it. */
function startRelay(dir: string): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(process.execPath, ["cli/bin.js", "relay", "--port", "0", "--data-dir", dir], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    proc.once("exit", (code) => reject(new Error(`relay exited with ${code}`)));
    createInterface({ input: proc.stdout! }).on("line", (line) => {
      const m = /^relay (ws:\/\/\S+)$/.exec(line);
      if (m) resolve({ proc, url: m[1]! });
    });
  });
}

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once("open", () => resolve(ws));
    ws.once("error", reject);
  });
}

describe("durability of `meshtwin relay`", () => {
  const dir = mkdtempSync(join(tmpdir(), "nostr-kill-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("given events acknowledged OK true, when the relay is SIGKILLed and restarted, then a REQ returns all of them", async () => {
    const first = await startRelay(dir);
    // Within the default rate limits' bursts: 4 authors × 75 events (pubkey burst 100) on 2 connections (burst 200).
    const sockets = [await open(first.url), await open(first.url)];
    const keys = Array.from({ length: 4 }, () => generateSecretKey());
    const now = Math.floor(Date.now() / 1000);
    const events = keys.flatMap((sk) =>
      Array.from({ length: 75 }, (_, i) =>
        finalizeEvent({ kind: 1, created_at: now - i, tags: [], content: `durable ${i}` }, sk),
      ),
    );
    const acked = new Set<string>();
    for (const ws of sockets)
      ws.on("message", (data) => {
        const f = JSON.parse(data.toString()) as unknown[];
        if (f[0] === "OK" && f[2] === true) acked.add(f[1] as string);
      });
    // Send everything at once (the relay group-commits), kill as soon as most are acknowledged.
    events.forEach((ev, i) => sockets[i % 2]!.send(JSON.stringify(["EVENT", ev])));
    const end = Date.now() + 20_000;
    while (acked.size < 200 && Date.now() < end) await new Promise((r) => setTimeout(r, 1));
    first.proc.kill("SIGKILL");
    const ackedAtKill = new Set(acked);
    expect(ackedAtKill.size).toBeGreaterThanOrEqual(200);
    await new Promise((r) => first.proc.once("exit", r));

    const second = await startRelay(dir);
    try {
      const ws2 = await open(second.url);
      const got = new Set<string>();
      await new Promise<void>((resolve) => {
        ws2.on("message", (data) => {
          const f = JSON.parse(data.toString()) as unknown[];
          if (f[0] === "EVENT") got.add((f[2] as { id: string }).id);
          if (f[0] === "EOSE") resolve();
        });
        ws2.send(JSON.stringify(["REQ", "all", { authors: keys.map((k) => getPublicKey(k)), limit: 1000 }]));
      });
      ws2.close();
      const lost = [...ackedAtKill].filter((id) => !got.has(id));
      expect(lost).toEqual([]);
    } finally {
      second.proc.kill("SIGTERM");
      await new Promise((r) => second.proc.once("exit", r));
    }
  });
});
