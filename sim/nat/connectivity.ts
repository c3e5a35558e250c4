import * as Schema from "effect/Schema";
import type { NodeId } from "../../runtime/driver.js";
import { createRng } from "../../runtime/rng.js";
import { fmtTime, MAX_OFFENDERS, type ExpectationResult } from "../expect/result.js";
import { Count, Duration, Fraction, Selector } from "../scenario/primitives.js";
import type { World } from "../world.js";
import type { NatObserver } from "./observer.js";

/**
 * `expect: - connectivity: …`: `pairs` random pairs of distinct live nodes (from `from`,
 * to `to`; default all) are probed, spread evenly over [start, stop]: the first sends
 * the second a message, and another one `followUp` later (after a hole punch had time to
 * upgrade the path). Each dialler gets its peer's record as it stands at that moment
 * (directly dialable if its reachability says public; its relayed address if it holds a
 * reservation), as a DHT lookup would give it. A pair is connected if a message was
 * acknowledged within the holepunch actor's attempts; its path is the one the last
 * acknowledged message took. At least `success` of judged pairs must be connected, and
 * no relay may have held more reservations than its cap. `direct`, `punched` and
 * `relayed` bound each path's share of judged pairs (`punched: { atLeast: 0.3 }`), so
 * broken hole punching fails even when relays still connect every pair.
 */
export const PathShare = Schema.Struct({ atLeast: Schema.optional(Fraction), atMost: Schema.optional(Fraction) });
export type PathShare = typeof PathShare.Type;

export const ConnectivityExpectation = Schema.Struct({
  pairs: Count,
  success: Fraction,
  start: Duration,
  stop: Duration,
  from: Schema.optional(Selector),
  to: Schema.optional(Selector),
  /** @default 10s */
  followUp: Schema.optional(Duration),
  direct: Schema.optional(PathShare),
  punched: Schema.optional(PathShare),
  relayed: Schema.optional(PathShare),
});
export type ConnectivityExpectation = typeof ConnectivityExpectation.Type;

/** One probed pair. */
export interface Probe {
  readonly a: NodeId;
  readonly b: NodeId;
  readonly at: number;
  readonly ids: string[];
}

export type PathClass = "direct" | "punched" | "relayed" | "unreachable";

/** Shares of probed pairs by how they connected. */
export interface ConnectivityTable {
  readonly pairs: number;
  readonly direct: number;
  readonly punched: number;
  readonly relayed: number;
  readonly unreachable: number;
}

/** Schedules the probes; each one is appended to every list in `sinks` when it is made. */
export function scheduleProbes(
  world: World,
  spec: ConnectivityExpectation,
  obs: NatObserver,
  index: number,
  sinks: Probe[][],
): void {
  const rng = createRng(`${world.seed}/nat-probes/${index}`);
  const followUp = spec.followUp ?? 10_000;
  const step = spec.pairs > 1 ? (spec.stop - spec.start) / (spec.pairs - 1) : 0;
  const send = (a: NodeId, b: NodeId, id: string): void => {
    const host = world.node(a)?.host;
    if (host?.isRunning) host.command("holepunch", { type: "message", peer: b, id, addrs: obs.record(b) });
  };
  for (let i = 0; i < spec.pairs; i++) {
    world.engine.at(Math.round(spec.start + i * step), () => {
      const froms = world.select(spec.from ?? { fraction: 1 }, rng, true);
      const tos = world.select(spec.to ?? { fraction: 1 }, rng, true);
      if (froms.length === 0 || tos.length === 0) return;
      const a = rng.pick(froms);
      const others = tos.filter((n) => n !== a);
      if (others.length === 0) return;
      const b = rng.pick(others);
      const probe: Probe = { a, b, at: world.engine.now, ids: [`probe-${index}-${i}-0`, `probe-${index}-${i}-1`] };
      for (const s of sinks) s.push(probe);
      send(a, b, probe.ids[0]!);
      world.engine.after(followUp, () => send(a, b, probe.ids[1]!));
    });
  }
}

/** How a probe connected: the path of its last acknowledged message. */
export function classify(probe: Probe, obs: NatObserver): PathClass {
  const last = obs.acked.get(probe.ids[1]!) ?? obs.acked.get(probe.ids[0]!);
  return (last as PathClass | undefined) ?? "unreachable";
}

/** Time after a probe's follow-up for its acknowledgements (dial, retries) to settle, in ms. */
const SETTLE = 15_000;

/** Probes that count: both nodes up from the probe to the end of its follow-up. */
function judged(world: World, probes: readonly Probe[], followUp: number, horizon: number): Probe[] {
  const obs = world.observations;
  return probes.filter(
    (p) =>
      p.at + followUp + SETTLE <= horizon &&
      [p.a, p.b].every((n) => obs.aliveAt(n, p.at) && obs.aliveAt(n, p.at + followUp + SETTLE)),
  );
}

export function tabulate(
  world: World,
  probes: readonly Probe[],
  obs: NatObserver,
  followUp = 10_000,
): ConnectivityTable {
  const counts = { direct: 0, punched: 0, relayed: 0, unreachable: 0 };
  const mine = judged(world, probes, followUp, world.scenario.duration);
  for (const p of mine) counts[classify(p, obs)]++;
  return { pairs: mine.length, ...counts };
}

const pct = (x: number, n: number): string => (n ? `${((x / n) * 100).toFixed(1)}%` : "n/a");

/** One line: shares by path. */
export function describeTable(t: ConnectivityTable): string {
  const n = t.pairs;
  return `direct ${pct(t.direct, n)}, punched ${pct(t.punched, n)}, relayed ${pct(t.relayed, n)}, unreachable ${pct(t.unreachable, n)} of ${n} pairs`;
}

const BOUNDED = ["direct", "punched", "relayed"] as const;

/** The path bounds a table breaks, e.g. "punched 0.0% < 30.0%". */
function pathFailures(spec: ConnectivityExpectation, t: ConnectivityTable): string[] {
  return BOUNDED.flatMap((path) => {
    const b = spec[path];
    const share = t.pairs ? t[path] / t.pairs : 0;
    const out: string[] = [];
    if (b?.atLeast !== undefined && !(share >= b.atLeast))
      out.push(`${path} ${pct(t[path], t.pairs)} < ${pct(b.atLeast, 1)}`);
    if (b?.atMost !== undefined && !(share <= b.atMost))
      out.push(`${path} ${pct(t[path], t.pairs)} > ${pct(b.atMost, 1)}`);
    return out;
  });
}

/** "; punched ≥ 30.0%, relayed ≤ 30.0%" for the description. */
function describeBounds(spec: ConnectivityExpectation): string {
  const parts = BOUNDED.flatMap((path) => [
    ...(spec[path]?.atLeast !== undefined ? [`${path} ≥ ${pct(spec[path].atLeast, 1)}`] : []),
    ...(spec[path]?.atMost !== undefined ? [`${path} ≤ ${pct(spec[path].atMost, 1)}`] : []),
  ]);
  return parts.length ? `; ${parts.join(", ")}` : "";
}

/** Judges a connectivity expectation at the end of the run. */
export function judgeConnectivity(
  world: World,
  index: number,
  spec: ConnectivityExpectation,
  probes: readonly Probe[],
  obs: NatObserver,
): ExpectationResult {
  const t = tabulate(world, probes, obs, spec.followUp);
  const connected = t.pairs - t.unreachable;
  const share = t.pairs ? connected / t.pairs : 0;
  const over = [...obs.loads.values()].filter((l) => l.peak > l.slots);
  const peak = Math.max(0, ...[...obs.loads.values()].map((l) => l.peak));
  const paths = pathFailures(spec, t);
  const ok = t.pairs > 0 && share >= spec.success && over.length === 0 && paths.length === 0;
  const mine = judged(world, probes, spec.followUp ?? 10_000, world.scenario.duration);
  const failed = mine.filter((p) => classify(p, obs) === "unreachable");
  // A path bound broken: the relayed pairs are the ones that did not get a better path.
  const relayed = paths.length ? mine.filter((p) => classify(p, obs) === "relayed") : [];
  return {
    index,
    kind: "connectivity",
    description: `≥ ${(spec.success * 100).toFixed(1)}% of ${spec.pairs} sampled pairs (${fmtTime(spec.start)}–${fmtTime(spec.stop)}) exchange a message${describeBounds(spec)}; no relay above its cap`,
    ok,
    detail: `${pct(connected, t.pairs)} connected: ${describeTable(t)}; relay peak ${peak} reservations${over.length ? `, ${over.length} relays above cap` : ""}${paths.length ? ` — ${paths.join("; ")}` : ""}`,
    offenders: [
      ...over.map((l) => ({ node: l.node, why: `held ${l.peak} reservations, cap ${l.slots}` })),
      ...failed.map((p) => ({ node: p.a, why: `no message reached ${p.b} (probe at ${fmtTime(p.at)})` })),
      ...relayed.map((p) => ({ node: p.a, why: `reached ${p.b} through a relay (probe at ${fmtTime(p.at)})` })),
    ].slice(0, MAX_OFFENDERS),
  };
}
