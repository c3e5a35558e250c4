import { natReportOf } from "../../../sim/nat/install.js";
import { describe, expect, it } from "vitest";
import { parseScenario } from "../../../sim/scenario/load.js";
import type { LogEntry } from "../../../runtime/event-log.js";
import { runScenario } from "../../../sim/run.js";

/** A relay's own forwarding: `stop` to the destination or `hop` onward (a sender's first hop has an empty route). */
const forwards = (m: { type: string; route?: unknown[] }) =>
  m.type === "stop" || (m.type === "hop" && (m.route?.length ?? 0) > 0);

/** Runs a scenario, keeping the relay actor's log entries. */
function run(text: string) {
  const entries: LogEntry[] = [];
  const result = runScenario(parseScenario(text, "cgnat-small.yaml"), {
    beforeRun: (w) => w.log.entries$.subscribe((e) => e.actor === "relay" && entries.push(e)),
  });
  return { ...result, entries };
}

const protocols = (slots: number) =>
  `reachability: { servers: [public] }, relay: { servers: [public], slots: ${slots} }, holepunch: {}`;

/** cgnat.yaml at 100 nodes: 30 PUBLIC, 30 behind cone NATs, 40 behind symmetric NATs. */
const small = (slots = 8, extra = "") => `
name: cgnat-small
seed: 3
duration: 70s
nodes:
  - { group: public, count: 30, protocols: { ${protocols(slots)} } }
  - { group: fullcone, count: 10, nat: full-cone, protocols: { ${protocols(slots)} } }
  - { group: restricted, count: 10, nat: restricted, protocols: { ${protocols(slots)} } }
  - { group: portrestricted, count: 10, nat: port-restricted, protocols: { ${protocols(slots)} } }
  - { group: cgnat, count: 40, nat: symmetric, protocols: { ${protocols(slots)} } }
network:
  default: { latency: 30ms, jitter: 10ms }
${extra}
expect:
  - connectivity: { pairs: 200, start: 15s, stop: 40s, success: 0.99 }
`;

describe("cgnat scenario (100 nodes)", () => {
  const { world, report, entries } = run(small());
  const nat = natReportOf(report)!;

  it("≥ 99% of sampled pairs exchange a message, and the report splits them by path", () => {
    expect(report.expectations[0]!.ok).toBe(true);
    const c = nat.connectivity!;
    expect(c.pairs).toBeGreaterThan(150);
    expect(c.direct + c.punched + c.relayed + c.unreachable).toBe(c.pairs);
    // Each path is really used: public targets directly, cones punched, symmetric pairs relayed.
    expect(c.direct).toBeGreaterThan(0);
    expect(c.punched).toBeGreaterThan(0);
    expect(c.relayed).toBeGreaterThan(0);
    expect(c.unreachable / c.pairs).toBeLessThanOrEqual(0.01);
  });

  it("private nodes hold a reservation on a PUBLIC node; only nodes judged public relay", () => {
    const relayed = world.nodes.filter((n) => n.group === "cgnat" || n.group === "portrestricted");
    const types = new Map(world.nodes.map((n) => [n.id, n.group]));
    const forwarders = new Set(
      entries
        .filter(
          (e) => e.type === "relay.send" && forwards((e.data as { msg: { type: string; route?: unknown[] } }).msg),
        )
        .map((e) => e.node),
    );
    expect(forwarders.size).toBeGreaterThan(0);
    for (const f of forwarders) expect(["public", "fullcone"]).toContain(types.get(f));
    for (const n of relayed) {
      const ctx = n.host.snapshot("relay")!.context as { relay?: string };
      expect(ctx.relay, n.id).toBeDefined();
      expect(["public", "fullcone"]).toContain(types.get(ctx.relay!));
    }
  });

  it("relayed messages cross the relay node: each delivery over a relay is a hop in and a stop out there", () => {
    const stops = entries.filter((e) => e.type === "relay.in" && (e.data as { type: string }).type === "stop");
    expect(stops.length).toBeGreaterThan(0);
    for (const s of stops.slice(0, 50)) {
      const relay = (s.data as { from: string }).from;
      const out = entries.find(
        (e) => e.node === relay && e.type === "relay.send" && e.seq < s.seq && (e.data as { to: string }).to === s.node,
      );
      expect(out, `${relay} → ${s.node}`).toBeDefined();
    }
  });

  it("same scenario and seed, same log", () => {
    const again = run(small()).report;
    expect(again.fingerprint).toBe(report.fingerprint);
  });
});

describe("relay cap", () => {
  it("is never exceeded when there are fewer slots than private nodes; the rest stay unreachable", () => {
    const { report } = run(small(1));
    const relays = natReportOf(report)!.relays;
    expect(Math.max(...relays.map((r) => r.peak))).toBe(1);
    expect(relays.every((r) => r.peak <= r.slots)).toBe(true);
    // 40 slots at most (30 public + 10 full-cone) for 60 private nodes: some pairs cannot connect.
    expect(natReportOf(report)!.connectivity!.unreachable).toBeGreaterThan(0);
    expect(report.expectations[0]!.ok).toBe(false);
  });
});
