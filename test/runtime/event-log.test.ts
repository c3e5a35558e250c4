import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createEventLog } from "../../runtime/event-log.js";
import { writeTrace } from "../../runtime/trace-writer.js";

const fill = (n: number, tweak = -1) => {
  const log = createEventLog();
  for (let i = 0; i < n; i++)
    log.append({
      at: i * 1.5,
      node: `n-${i % 7}`,
      actor: "gossip",
      type: "gossip.in",
      data: { i: i === tweak ? -1 : i },
    });
  return log;
};

describe("event log", () => {
  it("numbers entries and streams them to subscribers", () => {
    const log = createEventLog();
    const seen: number[] = [];
    log.entries$.subscribe((e) => seen.push(e.seq));
    log.append({ at: 0, node: "a", actor: "x", type: "x.in", data: null });
    log.append({ at: 1, node: "a", actor: "x", type: "x.in", data: null });
    expect(seen).toEqual([1, 2]);
    expect(log.size).toBe(2);
  });

  it("has a fingerprint that equals for equal logs and differs on any change", () => {
    expect(fill(20_000).fingerprint()).toBe(fill(20_000).fingerprint());
    expect(fill(20_000, 12_345).fingerprint()).not.toBe(fill(20_000).fingerprint());
    expect(fill(20_001).fingerprint()).not.toBe(fill(20_000).fingerprint());
  });

  it("keeps rolling after a fingerprint is taken", () => {
    const log = fill(10);
    const early = log.fingerprint();
    log.append({ at: 99, node: "z", actor: "x", type: "x.in", data: 1 });
    expect(log.fingerprint()).not.toBe(early);
  });

  it("fingerprint is the sha256 of the NDJSON trace file", () => {
    const dir = mkdtempSync(join(tmpdir(), "meshtwin-log-"));
    const log = createEventLog();
    const trace = writeTrace(log, join(dir, "trace.ndjson"));
    for (let i = 0; i < 5000; i++)
      log.append({ at: i, node: "n", actor: "a", type: "a.in", data: { i, s: "x".repeat(i % 40) } });
    trace.close();
    const bytes = readFileSync(join(dir, "trace.ndjson"));
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(log.fingerprint());
    const lines = bytes.toString().trim().split("\n");
    expect(lines).toHaveLength(5000);
    expect(JSON.parse(lines[4999]!)).toMatchObject({ seq: 5000, at: 4999, node: "n", type: "a.in" });
  });
});
