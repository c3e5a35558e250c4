import { describe, expect, it } from "vitest";
import { runScenario } from "../../../sim/run.js";
import { parseScenario } from "../../../sim/scenario/load.js";

/**
 * An eclipse with every defence off at 100 nodes: one target lookup in five fails (80%),
 * random lookups all succeed. Pooled under one 85% bar the failures are diluted by the
 * random half (~90%) and pass; `target: true` judges the target's lookups on their own.
 */
const text = `
name: sybil-target-lookups
seed: 5
duration: 60s
nodes:
  - { group: backbone, count: 10, role: backbone, protocols: { kademlia: { bootstrap: [backbone], refreshInterval: 0s } } }
  - { group: node, count: 90, protocols: { kademlia: { bootstrap: [backbone], refreshInterval: 0s } } }
network:
  default: { latency: 30ms, jitter: 20ms }
sybil: { at: 0s, fraction: 0.2, target: node-7, strategy: nearest-ids, behaviour: eclipse, bootstrap: [backbone] }
workload:
  - kad: { op: lookup, every: 500ms, start: 35s, from: node, key: target }
  - kad: { op: lookup, every: 500ms, start: 35s, from: node, targets: node }
expect:
  - lookup: { op: lookup, from: node, target: true, success: 0.85 }
  - lookup: { op: lookup, from: node, target: false, success: 0.85 }
  - lookup: { op: lookup, from: node, success: 0.85 }
`;

describe("lookup expectation: the Sybil target's lookups on their own", () => {
  const { report } = runScenario(parseScenario(text, "sybil-target-lookups.yaml"));
  const [target, others, pooled] = report.expectations;
  const count = (detail: string) => Number(/of (\d+) succeeded/.exec(detail)![1]);

  it("given an eclipsed target, then its own lookups fail the bar while the others pass it", () => {
    expect(target!.ok).toBe(false);
    expect(target!.description).toContain("of the Sybil target node-7");
    expect(target!.offenders.every((o) => o.why.startsWith("lookup node-7 failed"))).toBe(true);
    expect(others!.ok).toBe(true);
    expect(others!.description).toContain("of other keys");
  });

  it("splits the pooled lookups into the target's and the rest; pooled under the same bar they hide the failures", () => {
    expect(count(target!.detail) + count(others!.detail)).toBe(count(pooled!.detail));
    expect(count(target!.detail)).toBeGreaterThan(20);
    expect(pooled!.ok).toBe(true);
  });
});
