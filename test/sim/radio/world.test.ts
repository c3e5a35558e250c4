import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { radioOf } from "../../../sim/radio/install.js";
import { runRadioScenario } from "./harness.js";

const tmp = mkdtempSync(join(tmpdir(), "meshtwin-radio-"));
const file = (name: string, text: string): string => {
  const f = join(tmp, name);
  writeFileSync(f, text);
  return f;
};
const byKind = (r: ReturnType<typeof runRadioScenario>, kind: string) => r.expectations.find((e) => e.kind === kind)!;

describe("mixed media under one clock (mini-mesh: cloud, gateways with IP + LoRa, LoRa-only homes)", () => {
  const a = runRadioScenario("test/sim/radio/fixtures/mini-mesh.yaml");

  it("uses IP while it reaches and LoRa otherwise; home messages keep spreading over the radio after the cut", () => {
    const run = radioOf(a.world)!;
    expect(run.routes.ip).toBeGreaterThan(0);
    expect(run.routes.lora).toBeGreaterThan(0);
    const radio = byKind(a, "radio");
    expect(radio.ok, radio.detail).toBe(true);
    expect(byKind(a, "dutyCycle").ok).toBe(true);
    expect(run.medium.stats.received).toBeGreaterThan(0);
  });

  it("is deterministic: the same seed gives the same log fingerprint; another seed another log", () => {
    const b = runRadioScenario("test/sim/radio/fixtures/mini-mesh.yaml");
    expect(b.fingerprint).toBe(a.fingerprint);
    const c = runRadioScenario("test/sim/radio/fixtures/mini-mesh.yaml", 4);
    expect(c.fingerprint).not.toBe(a.fingerprint);
  });

  it("logs the radio for the viewer: node positions, each frame's start and end", () => {
    const types = new Set<string>();
    runRadioScenario("test/sim/radio/fixtures/mini-mesh.yaml", undefined, (w) =>
      w.log.entries$.subscribe((e) => types.add(e.type)),
    );
    expect([...types].filter((t) => t.startsWith("radio."))).toEqual(
      expect.arrayContaining(["radio.nodes", "radio.tx", "radio.end"]),
    );
  });
});

const pair = (extra: string, groupRadio: string) => `
name: pair
seed: 1
duration: 2m
nodes:
  - group: n
    count: 2
    radio: ${groupRadio}
    protocols:
      discovery: { retryInterval: 20s, timeout: 5s }
      membership: { viewSize: 2, pingInterval: 20s, pingTimeout: 10s, probeInterval: 60s }
      gossip: { fanout: 1, pullInterval: 30s }
${extra}`;

describe("ipDown / ipUp and short-range media", () => {
  it("ipDown moves a pair that has IP and LoRa from IP to LoRa, and messages keep arriving", () => {
    const f = file(
      "ipdown.yaml",
      pair(
        `workload:\n  - publish: { every: 10s, start: 10s }\ntimeline:\n  - { at: 60s, ipDown: n }\nexpect:\n  - radio: { deliveryRatio: { atLeast: 0.9, within: 30s, published: { from: 61s } } }`,
        `{ lora: { preset: SHORT_FAST }, placement: { grid: { spacing: 300 } } }`,
      ),
    );
    const r = runRadioScenario(f);
    const run = radioOf(r.world)!;
    expect(run.routes.ip).toBeGreaterThan(0);
    expect(run.routes.lora).toBeGreaterThan(0);
    expect(byKind(r, "radio").ok, byKind(r, "radio").detail).toBe(true);
  });

  it("BLE carries messages between nodes 10 m apart and not 100 m apart", () => {
    const near = runRadioScenario(
      file(
        "ble-near.yaml",
        pair(
          `workload:\n  - publish: { every: 10s, start: 30s }\nexpect:\n  - radio: { medium: ble, deliveryRatio: { atLeast: 1, within: 20s } }`,
          `{ ip: false, ble: true, placement: { grid: { spacing: 10 } } }`,
        ),
      ),
    );
    expect(byKind(near, "radio").ok, byKind(near, "radio").detail).toBe(true);
    expect(radioOf(near.world)!.short.get("ble")!.stats.delivered).toBeGreaterThan(0);
    const far = runRadioScenario(
      file(
        "ble-far.yaml",
        pair(
          `workload:\n  - publish: { every: 10s, start: 30s }\nexpect:\n  - radio: { medium: ble, deliveryRatio: { atLeast: 1, within: 20s } }`,
          `{ ip: false, ble: true, placement: { grid: { spacing: 100 } } }`,
        ),
      ),
    );
    expect(byKind(far, "radio").ok).toBe(false);
    expect(radioOf(far.world)!.short.get("ble")!.stats.delivered).toBe(0);
  });
});

describe("duty cycle end to end (radioBeacon in the 0.1 % sub-band)", () => {
  const beacons = (enforce: boolean) => `
name: duty
seed: 2
duration: 3m
nodes:
  - group: b
    count: 3
    protocols: {}
    radio:
      ip: false
      lora: { preset: LONG_FAST, frequency: 868.9, dutyCycle: { enforce: ${enforce}, window: 10m } }
      placement: { grid: { spacing: 200 } }
workload:
  - radioBeacon: { every: 5s }
expect:
  - dutyCycle: { maxViolations: 0 }
  - radio: { neighbours: { atLeast: 2 } }
`;

  it("enforced: frames wait for the budget (logged as radio.queue), no node above 0.1 %, neighbours found", () => {
    let queued = 0;
    const r = runRadioScenario(file("duty-on.yaml", beacons(true)), undefined, (w) =>
      w.log.entries$.subscribe((e) => (queued += e.type === "radio.queue" ? 1 : 0)),
    );
    expect(queued).toBeGreaterThan(0);
    expect(byKind(r, "dutyCycle").ok, byKind(r, "dutyCycle").detail).toBe(true);
    expect(byKind(r, "radio").ok, byKind(r, "radio").detail).toBe(true);
  });

  it("not enforced: the same beacons break the duty cycle and the expectation says who", () => {
    const r = runRadioScenario(file("duty-off.yaml", beacons(false)));
    const d = byKind(r, "dutyCycle");
    expect(d.ok).toBe(false);
    expect(d.offenders.length).toBe(3);
    expect(d.offenders[0]!.why).toMatch(/allowed 0\.100%/);
  });
});

describe("placement from a CSV of lat/lon (a user's own node map)", () => {
  it("projects rows to metres around the first one", () => {
    const csv = file("map.csv", "id,lat,lon\nm-0,52.0,5.0\nm-1,52.0,5.01\nm-2,52.009,5.0\n");
    const r = runRadioScenario(
      file(
        "csv.yaml",
        `name: csv\nduration: 1s\nnodes:\n  - group: m\n    count: 3\n    protocols: {}\n    radio: { ip: false, lora: {}, placement: { csv: ${csv} } }\n`,
      ),
    );
    const pos = radioOf(r.world)!.nodes.map((n) => n.position);
    expect(pos[0]).toEqual({ x: 0, y: 0 });
    // 0.01° of longitude at 52° N ≈ 685 m; 0.009° of latitude ≈ 1001 m.
    expect(pos[1]!.x).toBeCloseTo(684.6, 0);
    expect(pos[2]!.y).toBeCloseTo(1000.8, 0);
  });
});
