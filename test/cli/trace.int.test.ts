import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { grepTrace, lineHead, type TraceFilter } from "../../cli/trace.js";

/**
 * `meshtwin trace cat|grep` on a real run's trace (scenarios/smoke.yaml, run here by the
 * CLI): every filter against the same filter done the slow way (JSON.parse of each line),
 * gzip transparency, `trace cat | sha256` against the report's fingerprint, bad flags.
 */

const meshtwin = (...args: string[]) =>
  spawnSync(process.execPath, ["cli/bin.js", ...args], {
    encoding: "buffer",
    maxBuffer: 1 << 28,
    env: { ...process.env, CI: "true" },
  });

interface Entry {
  seq: number;
  at: number;
  node: string;
  actor: string;
  type: string;
}

const tmp = mkdtempSync(join(tmpdir(), "meshtwin-trace-"));
const plain = join(tmp, "smoke");
const gz = join(tmp, "smoke-gz");
let lines: string[] = [];
let entries: Entry[] = [];
let fingerprint = "";

/** The reference: the lines `f` keeps, found by parsing every line. */
const expected = (f: TraceFilter): string[] =>
  lines.filter((_, i) => {
    const e = entries[i]!;
    return (
      (f.from === undefined || e.at >= f.from) &&
      (f.to === undefined || e.at < f.to) &&
      (!f.nodes || f.nodes.includes(e.node)) &&
      (!f.actors || f.actors.includes(e.actor)) &&
      (!f.types || f.types.some((t) => e.type.startsWith(t)))
    );
  });

async function grep(path: string, f: TraceFilter): Promise<string[]> {
  let text = "";
  const out = new Writable({
    write(chunk, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  const n = await grepTrace(path, f, out);
  const got = text === "" ? [] : text.slice(0, -1).split("\n");
  expect(got.length).toBe(n);
  return got;
}

beforeAll(() => {
  const r = meshtwin("run", "scenarios/smoke.yaml", "--out", plain);
  expect(r.status, r.stderr.toString()).toBe(0);
  fingerprint = JSON.parse(readFileSync(join(plain, "report.json"), "utf8")).fingerprint;
  const raw = readFileSync(join(plain, "trace.ndjson"));
  mkdirSync(gz);
  writeFileSync(join(gz, "trace.ndjson.gz"), gzipSync(raw));
  lines = raw.toString("utf8").split("\n").slice(0, -1);
  entries = lines.map((l) => JSON.parse(l) as Entry);
}, 180_000);

describe("meshtwin trace grep: filters", () => {
  const cases: [string, TraceFilter][] = [
    ["one node", { nodes: ["east-3"] }],
    ["two nodes", { nodes: ["east-3", "west-7"] }],
    ["an actor", { actors: ["gossip"] }],
    ["a type prefix", { types: ["gossip."] }],
    ["a whole type", { types: ["net.drop"] }],
    ["a time window", { from: 20_000, to: 50_000 }],
    [
      "everything at once",
      { nodes: ["west-2"], actors: ["membership"], types: ["membership.in"], from: 15_000, to: 60_000 },
    ],
  ];
  it.each(cases)("%s: the same lines as parsing every entry", async (_, f) => {
    const want = expected(f);
    // A filter that keeps all or nothing would prove nothing.
    expect(want.length).toBeGreaterThan(0);
    expect(want.length).toBeLessThan(lines.length);
    expect(await grep(join(plain, "trace.ndjson"), f)).toEqual(want);
  });

  it("a prefix is a prefix: net. keeps net.drop and net.hold, not node.drop", async () => {
    const got = (await grep(join(plain, "trace.ndjson"), { types: ["net."] })).map((l) => JSON.parse(l).type);
    expect(new Set(got).has("net.drop")).toBe(true);
    expect(got.every((t: string) => t.startsWith("net."))).toBe(true);
  });

  it("the CLI prints the lines as stored (jq-able), from a folder or a gzipped trace alike", () => {
    const args = ["--node", "east-3", "west-1", "--type", "gossip.", "--from", "20s", "--to", "1m"];
    const want = expected({ nodes: ["east-3", "west-1"], types: ["gossip."], from: 20_000, to: 60_000 });
    expect(want.length).toBeGreaterThan(0);
    for (const target of [plain, gz, join(gz, "trace.ndjson.gz")]) {
      const r = meshtwin("trace", "grep", target, ...args);
      expect(r.status, r.stderr.toString()).toBe(0);
      expect(r.stdout.toString()).toBe(want.join("\n") + "\n");
    }
  });

  it("reads a head whose keys are escaped or in another order", () => {
    expect(lineHead('{"seq":1,"at":5,"node":"a\\"b","actor":"x","type":"x.in","data":{}}')).toEqual({
      at: 5,
      node: 'a"b',
      actor: "x",
      type: "x.in",
    });
    expect(lineHead('{"node":"n","type":"t","at":7,"actor":"a","seq":2}')).toEqual({
      at: 7,
      node: "n",
      actor: "a",
      type: "t",
    });
    expect(lineHead("not json")).toBeUndefined();
  });
});

describe("meshtwin trace cat", () => {
  const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

  it("trace cat | sha256 is the report's fingerprint, plain or gzipped", () => {
    for (const target of [plain, gz]) {
      const r = meshtwin("trace", "cat", target);
      expect(r.status, r.stderr.toString()).toBe(0);
      expect(sha(r.stdout)).toBe(fingerprint);
    }
  });

  it("a reader that leaves early (| head) ends it quietly", () => {
    const r = spawnSync(
      "bash",
      ["-c", `"${process.execPath}" cli/bin.js trace cat "${gz}" | head -n 1 >/dev/null; echo "\${PIPESTATUS[0]}"`],
      { encoding: "utf8" },
    );
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe("0");
  });
});

describe("meshtwin trace: bad input, one line, exit 2", () => {
  const bad = (args: string[], pattern: RegExp) => {
    const r = meshtwin("trace", ...args);
    const err = r.stderr.toString();
    expect(r.status, err).toBe(2);
    expect(err.trim().split("\n")).toHaveLength(1);
    expect(err).toMatch(pattern);
    expect(r.stdout.length).toBe(0);
  };
  it("an unknown flag", () =>
    bad(["grep", plain, "--nodes", "x"], /unknown option '--nodes' \(Did you mean --node\?\)/));
  it("a time that is not one", () => bad(["grep", plain, "--from", "2x"], /--from .*got '2x'/));
  it("a window that ends before it starts", () => bad(["grep", plain, "--from", "2m", "--to", "1m"], /--to/));
  it("a folder without a trace", () => bad(["cat", tmp], /no trace\.ndjson or trace\.ndjson\.gz/));
  it("a missing path", () => bad(["grep", join(tmp, "nope")], /nope: no such file/));
  it("damaged gzip data", () => {
    const broken = join(tmp, "broken.ndjson.gz");
    const whole = readFileSync(join(gz, "trace.ndjson.gz"));
    writeFileSync(broken, Buffer.concat([whole.subarray(0, 200), Buffer.alloc(200, 7)]));
    bad(["cat", broken], /broken\.ndjson\.gz: damaged gzip data/);
  });
  it("a file that is not a trace", () => {
    const notTrace = join(tmp, "notes.txt");
    writeFileSync(notTrace, "hello\n");
    bad(["grep", notTrace], /notes\.txt:1: not a trace entry/);
  });
});

describe("meshtwin run: memory per node", () => {
  it("report.json and the summary give heap bytes per simulated node", () => {
    const report = JSON.parse(readFileSync(join(plain, "report.json"), "utf8"));
    const m = report.measured.memoryPerNode;
    expect(m.heapMiB.built).toBeGreaterThan(m.heapMiB.before);
    // Per node: the heap the world holds over what was there before, divided by 20 nodes.
    const per = ((m.heapMiB.built - m.heapMiB.before) * 1048576) / report.nodes;
    expect(Math.abs(m.built - per)).toBeLessThan((0.1 * 1048576) / report.nodes);
    expect(m.afterRun).toBeGreaterThan(0);
    const r = meshtwin("run", "scenarios/smoke.yaml", "--out", join(tmp, "again"), "--no-trace");
    expect(r.stdout.toString()).toMatch(/memory per node\W+[\d.]+ KiB built, [\d.]+ KiB after the run/);
  }, 120_000);
});
