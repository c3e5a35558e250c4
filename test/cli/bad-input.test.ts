import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ScenarioError } from "../../sim/scenario/errors.js";
import { loadScenario } from "../../sim/scenario/load.js";
import { guardMemory } from "../../cli/memory-guard.js";
import { meshtwin, snapshotTree, STACK, treeChanges } from "./bad-input-harness.js";

// Issue 10: a new user's broken scenario files. Each one is refused up front by the CLI
// (non-zero exit, no stack trace, the file and the path in it named, one short line per
// problem, a handful at most, no schema dump, no echoed garbage) and nothing is written
// outside --out. The node configs and data dirs are in bad-node-input.int.test.ts.

const BASE = ["name: base", "duration: 10s", "nodes:", "  - group: a", "    count: 3"];
const base = (...extra: string[]) => [...BASE, ...extra].join("\n") + "\n";

/** File name → [its text, what the message must name (a path in the document, or words)]. */
const SCENARIOS: Record<string, [string | Buffer, RegExp]> = {
  "binary.yaml": [Buffer.concat([Buffer.from([0, 1, 2, 0xff, 0xfe]), randomBytes(2000)]), /not a text file|binary/],
  "list.yaml": ["- a\n- b\n", /\(document\): expected an object/],
  "scalar.yaml": ["hello world\n", /\(document\): expected an object/],
  "empty.yaml": ["", /is required but missing/],
  "syntax.yaml": ["name: [unclosed\nduration: 10s\n", /YAML syntax/],
  "tab-indent.yaml": ["name: x\nnodes:\n\t- group: a\n", /YAML syntax/],
  "count-word.yaml": [base().replace("count: 3", "count: five"), /nodes\[0\]\.count: expected .*number.*got "five"/],
  "count-negative.yaml": [
    base().replace("count: 3", "count: -3"),
    /nodes\[0\]\.count: expected a positive whole number, got -3/,
  ],
  "count-fraction.yaml": [base().replace("count: 3", "count: 1.5"), /nodes\[0\]\.count: .*whole number.*1\.5/],
  "duration-unit.yaml": [base().replace("duration: 10s", "duration: 10 parsecs"), /duration: expected a duration/],
  "unknown-field.yaml": [base("nodez: 3"), /nodez: is not a known field/],
  "nodes-mapping.yaml": ["name: x\nduration: 10s\nnodes: { group: a, count: 3 }\n", /nodes: expected a list, got/],
  "group-missing.yaml": [
    "name: x\nduration: 10s\nnodes:\n  - count: 3\n",
    /nodes\[0\]\.group: is required but missing/,
  ],
  "group-twice.yaml": [base("  - group: a", "    count: 2"), /nodes\[1\]\.group|duplicate|twice/],
  "protocol-unknown.yaml": [
    base("    protocols:", "      gosip: {}"),
    /nodes\[0\]\.protocols\.gosip: is not a known field/,
  ],
  "param-type.yaml": [
    base("    protocols:", "      gossip: { fanout: lots }"),
    /nodes\[0\]\.protocols\.gossip\.fanout: expected/,
  ],
  "seed-mapping.yaml": [base("seed: { a: 1 }"), /seed: expected a (whole number|number) or a string, got \{"a":1\}/],
  "loss-above-one.yaml": [
    base("network:", "  default: { loss: 1.5 }"),
    /network\.default\.loss: expected a number between 0 and 1, got 1\.5/,
  ],
  "latency-word.yaml": [
    base("network:", "  default: { latency: slow }"),
    /network\.default\.latency: expected a duration/,
  ],
  "two-verbs.yaml": [base("timeline:", "  - { at: 5s, heal: true, crash: a-0 }"), /timeline\[0\]/],
  "partition-unknown.yaml": [base("timeline:", "  - { at: 5s, partition: [[a], [zzz]] }"), /timeline\[0\].*zzz/],
  "crash-unknown.yaml": [base("timeline:", "  - { at: 5s, crash: q-9 }"), /timeline\[0\].*q-9/],
  "expect-unknown.yaml": [base("expect:", "  - { bogus: { at: 5s } }"), /expect\[0\]/],
  "within-word.yaml": [
    base("expect:", "  - delivery: { within: soon }"),
    /expect\[0\]\.delivery\.within: expected a duration/,
  ],
  "mode-unknown.yaml": [
    base("expect:", "  - mode: { at: 5s, mode: sideways, atLeast: 1 }"),
    /expect\[0\]\.mode\.mode: expected one of/,
  ],
  "alias-bomb.yaml": [
    [
      "a: &a [x, x, x, x, x, x, x, x, x, x]",
      ...Array.from(
        { length: 8 },
        (_, i) => `${"bcdefghi"[i]}: &${"bcdefghi"[i]} [${Array(10).fill(`*${"abcdefgh"[i]}`).join(", ")}]`,
      ),
    ].join("\n") + "\n",
    /YAML|alias|expected|not a known field/,
  ],
  "many-problems.yaml": [
    [
      "name: 5",
      "duration: x",
      "seed: []",
      "nodes:",
      ...Array.from({ length: 12 }, (_, i) => `  - { group: g${i}, count: -${i + 1} }`),
    ].join("\n") + "\n",
    /name|duration|count/,
  ],
  // Items 2, 3, 5: zero intervals hung the run or crashed it; an expectation after the end ran, then failed.
  "publish-every-zero.yaml": [
    base("workload:", "  - publish: { every: 0s }"),
    /workload\[0\]\.publish\.every: expected a duration .*above 0, got "0s"/,
  ],
  "churn-every-zero.yaml": [
    base("timeline:", "  - { at: 1s, churn: { fraction: 0.1, every: 0s, downtime: 1s } }"),
    /timeline\[0\]\.churn\.every: expected a duration .*above 0/,
  ],
  "pull-interval-zero.yaml": [
    base("    protocols:", "      gossip: { pullInterval: 0ms }"),
    /nodes\[0\]\.protocols\.gossip\.pullInterval: expected .*above 0/,
  ],
  "ping-interval-zero.yaml": [
    base("    protocols:", "      membership: { pingInterval: 0s }"),
    /nodes\[0\]\.protocols\.membership\.pingInterval: expected .*above 0/,
  ],
  "expect-after-end.yaml": [
    base("expect:", "  - components: { at: 20s, count: 1 }"),
    /expect\[0\]\.components\.at: expected a time within the duration/,
  ],
  "ten-million.yaml": [
    base().replace("count: 3", "count: 10000000"),
    /nodes: 10,000,000 nodes need about \d+ GiB of memory/,
  ],
};

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "mt-bad-"));
  mkdirSync(join(root, "scenarios"));
  mkdirSync(join(root, "cwd"));
  for (const [name, [text]] of Object.entries(SCENARIOS)) writeFileSync(join(root, "scenarios", name), text);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The issue lines of one file in a check's stderr (`  file:line:col: path: message`). */
const linesOf = (stderr: string, file: string) =>
  stderr.split("\n").filter((l) => l.includes(`${file}:`) || l.includes(`/${file}`));

test(`meshtwin check on ${Object.keys(SCENARIOS).length} broken scenario files: every one refused, named, short, no stack, nothing written outside --out`, async () => {
  const before = snapshotTree(root, (p) => p.startsWith(join(root, "out")));
  const r = await meshtwin(["check", join(root, "scenarios"), "--out", join(root, "out")], {
    cwd: join(root, "cwd"),
    env: { NO_COLOR: "1" },
  });
  expect(r.code, r.stderr).not.toBe(0);
  expect(r.stderr).not.toMatch(STACK);
  expect(r.stdout + r.stderr).not.toMatch(/\u001b\[/); // NO_COLOR and a pipe: no ANSI codes
  for (const name of Object.keys(SCENARIOS)) {
    expect(r.stdout, name).toMatch(new RegExp(`${name.replace(".", "\\.")}.*INVALID`));
    const lines = linesOf(r.stderr, name);
    expect(lines.length, `${name}:\n${r.stderr}`).toBeGreaterThan(0);
    // One short line per problem, a handful at most: never a type dump or echoed garbage.
    expect(lines.length, name).toBeLessThanOrEqual(8);
    for (const l of lines) {
      expect(l.length, l).toBeLessThan(300);
      expect(l, name).not.toMatch(/readonly |ReadonlyArray<|\{ readonly/);
      expect(l, name).not.toMatch(/[\u0000-\u0008\u000e-\u001f\ufffd]/);
    }
  }
  expect(
    treeChanges(
      before,
      snapshotTree(root, (p) => p.startsWith(join(root, "out"))),
    ),
  ).toEqual([]);
}, 120_000);

describe("each broken scenario file names the path in the document and what was expected", () => {
  for (const [name, [, expected]] of Object.entries(SCENARIOS))
    test(name, () => {
      const file = join(root, "scenarios", name);
      let err: unknown;
      try {
        guardMemory(loadScenario(file));
      } catch (e) {
        err = e;
      }
      expect(err, name).toBeInstanceOf(ScenarioError);
      const message = (err as Error).message;
      expect(message.split("\n")[0]).toBe(`${file}: invalid scenario`);
      expect(message).toMatch(expected);
      expect(message.split("\n").length).toBeLessThanOrEqual(8);
    });
});

test("run: the scenario error is exit 2, printed as documented (file: invalid scenario, then file:line:col: path: message)", async () => {
  const file = join(root, "scenarios", "count-word.yaml");
  const r = await meshtwin(["run", file, "--out", join(root, "out", "r")], { cwd: join(root, "cwd") });
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(new RegExp(`^${file}: invalid scenario\\n  ${file}:5:12: nodes\\[0\\]\\.count: expected`));
  expect(r.stderr).not.toMatch(STACK);
}, 60_000);
