import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, expect, it } from "vitest";
import { openNodeStore } from "../../../drivers/store/index.js";

const fixture = fileURLToPath(new URL("./fixtures/crash-writer.ts", import.meta.url));

/** Runs the writer until it has acknowledged `acks` writes, then SIGKILLs it mid-stream. */
function runAndKill(dir: string, acks: number): Promise<{ acked: string[]; firstSeq: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", fixture, dir], { stdio: ["ignore", "pipe", "pipe"] });
    let buf = "";
    let err = "";
    const acked: string[] = [];
    let firstSeq = 0;
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      buf += chunk;
      const lines = buf.split("\n");
      buf = lines.pop()!; // a partial line was not acknowledged yet
      for (const l of lines) {
        if (l.startsWith("ready ")) firstSeq = Number(l.slice(6));
        if (l.startsWith("ack ")) acked.push(l);
      }
      if (acked.length >= acks && child.exitCode === null && !child.killed) child.kill("SIGKILL");
    });
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    child.on("exit", (code, signal) => {
      if (signal !== "SIGKILL") return reject(new Error(`writer exited ${code}: ${err}`));
      resolve({ acked, firstSeq });
    });
  });
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

it("everything acknowledged before a SIGKILL is there after reopening, twice in a row", async () => {
  const dir = mkdtempSync(join(tmpdir(), "mt-crash-"));
  dirs.push(dir);
  const all: string[] = [];
  let prevFirst = 0;
  for (const round of [0, 1]) {
    const { acked, firstSeq } = await runAndKill(dir, 300);
    expect(acked.length).toBeGreaterThanOrEqual(300);
    if (round === 1) expect(firstSeq).toBeGreaterThan(prevFirst); // the log resumed after the crash
    prevFirst = firstSeq;
    all.push(...acked.map((l) => `${round} ${l}`));
  }
  const store = await openNodeStore(dir, { log: false });
  try {
    const bySeq = new Map<number, unknown>();
    for await (const e of store.entries()) bySeq.set(e.seq, e.data);
    const lastAck = new Map<string, number>();
    for (const line of all) {
      const [round, , w, i, seq] = line.split(" ").map(Number) as [number, string, number, number, number];
      expect(bySeq.get(seq), `log entry ${seq}`).toEqual({ w, i });
      if (round === 1) {
        // Peers and records of the last run (keys repeat across runs, values are the same shape).
        expect(store.peers.get(`peer-${w}-${i}`)?.seenAt).toBe(i);
        expect(store.records.get(`rec-${w}-${i}`)).toMatchObject({ w, i });
        lastAck.set(`actor-${w}`, Math.max(lastAck.get(`actor-${w}`) ?? -1, i));
      }
    }
    // A snapshot is at least as new as the last acknowledged write (later unacked writes may have landed).
    for (const [key, i] of lastAck) expect((store.actors.get(key) as { last: number }).last).toBeGreaterThanOrEqual(i);
    // Seqs are dense: no entry after a gap, because a crash loses only a suffix of unflushed batches.
    const seqs = [...bySeq.keys()].sort((a, b) => a - b);
    expect(seqs).toEqual(seqs.map((_, k) => k + 1));
  } finally {
    await store.close();
  }
}, 30_000);
