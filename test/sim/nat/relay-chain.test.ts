import { natReportOf } from "../../../sim/nat/install.js";
import { describe, expect, it } from "vitest";
import type { LogEntry } from "../../../runtime/event-log.js";
import { parseScenario } from "../../../sim/scenario/load.js";
import { runScenario } from "../../../sim/run.js";

function run(text: string, keep: (e: LogEntry) => boolean = () => false) {
  const entries: LogEntry[] = [];
  const result = runScenario(parseScenario(text, "nat-test.yaml"), {
    beforeRun: (w) => w.log.entries$.subscribe((e) => keep(e) && entries.push(e)),
  });
  return { ...result, entries };
}

const actors = (relays: string, servers = relays) =>
  `{ reachability: { servers: [${servers}] }, relay: { servers: [${relays}] }, holepunch: {} }`;

describe("relay chains", () => {
  // The island cannot reach the far relays (a firewall: every message between them is
  // lost), where the mainland nodes hold their slots. Both sides sit behind symmetric
  // NATs, so no punch helps: island → mainland must go island → near relay → far relay → mainland.
  // (Groups name only groups defined before them: the world resolves names group by group.)
  const { report, entries } = run(
    `
duration: 60s
nodes:
  - { group: hub, count: 10, protocols: ${actors("hub")} }
  - { group: near, count: 3, protocols: ${actors("near", "hub")} }
  - { group: far, count: 3, protocols: ${actors("far", "hub")} }
  - { group: island, count: 5, nat: symmetric, protocols: ${actors("near", "hub")} }
  - { group: mainland, count: 5, nat: symmetric, protocols: ${actors("far", "hub")} }
network:
  links:
    - { between: [island, far], loss: 1 }
expect:
  - connectivity: { pairs: 20, start: 15s, stop: 30s, from: island, to: mainland, success: 1 }
`,
    (e) => e.type === "holepunch.path" || (e.type === "relay.send" && e.node.startsWith("near")),
  );

  it("every island → mainland pair exchanges messages, over relays", () => {
    expect(report.expectations[0]!.ok).toBe(true);
    expect(natReportOf(report)!.connectivity).toMatchObject({
      relayed: natReportOf(report)!.connectivity!.pairs,
      punched: 0,
    });
  });

  it("through a two-relay chain: the near relay forwards hops onward to the far one", () => {
    const chains = entries.filter(
      (e) => e.type === "holepunch.path" && ((e.data as { via?: string[] }).via?.length ?? 0) === 2,
    );
    expect(chains.length).toBeGreaterThan(0);
    expect(chains.some((e) => e.node.startsWith("island"))).toBe(true);
    const onward = entries.filter((e) => {
      const d = e.data as { to: string; msg: { type: string; route?: string[] } };
      return e.type === "relay.send" && d.msg.type === "hop" && (d.msg.route?.length ?? 0) > 0;
    });
    expect(onward.length).toBeGreaterThan(0);
    expect(onward.every((e) => (e.data as { to: string }).to.startsWith("far"))).toBe(true);
  });
});

describe("relay churn", () => {
  it("nodes whose relay goes down hold a new slot within 30 s", () => {
    const { report } = run(`
seed: 4
duration: 80s
nodes:
  - { group: public, count: 20, protocols: ${actors("public")} }
  - { group: cgnat, count: 40, nat: symmetric, protocols: ${actors("public")} }
timeline:
  - { at: 15s, churn: { nodes: public, fraction: 0.2, every: 10s, downtime: 15s, until: 50s, persisted: false } }
expect:
  - rereserve: { within: 30s }
`);
    const e = report.expectations[0]!;
    expect(e.ok, e.detail).toBe(true);
    const [renewed, judged] = /^(\d+)\/(\d+)/.exec(e.detail)!.slice(1).map(Number);
    expect(judged).toBeGreaterThan(5);
    expect(renewed).toBe(judged);
  });
});
