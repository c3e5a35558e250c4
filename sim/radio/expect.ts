import { fmtTime, MAX_OFFENDERS, type ExpectationResult } from "../expect/result.js";
import type { World } from "../world.js";
import { radioOf, type RadioRun } from "./install.js";
import type { DutyCycleExpectation, RadioExpectation } from "./params.js";

const pct = (x: number): string => `${(x * 100).toFixed(x < 0.01 ? 3 : 1)}%`;

function needRun(world: World, kind: string): RadioRun {
  const run = radioOf(world);
  if (!run) throw new Error(`a ${kind} expectation needs a group with a radio: block`);
  return run;
}

/** p-quantile of numbers (nearest rank); 0 for none. */
function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
}

/** Judges a `radio:` expectation once the world has run: every bound given must hold. */
export function judgeRadio(world: World, index: number, spec: RadioExpectation): ExpectationResult {
  const run = needRun(world, "radio");
  const medium = spec.medium ?? "lora";
  const parts: string[] = [];
  const checks: string[] = [];
  const failed: string[] = [];
  const offenders: { node: string; why: string }[] = [];
  const check = (ok: boolean, what: string, measured: string) => {
    checks.push(what);
    parts.push(measured);
    if (!ok) failed.push(what);
  };
  const msg = messageFigures(world, run, spec);
  if (spec.deliveryRatio) {
    const { atLeast } = spec.deliveryRatio;
    check(
      msg.ratio >= atLeast,
      `message delivery ratio ≥ ${pct(atLeast)} within ${fmtTime(msg.within)}`,
      `messages: ${pct(msg.ratio)} of ${msg.pairs} (message, node) pairs from ${msg.messages} radio-published messages`,
    );
    if (msg.ratio < atLeast) offenders.push(...msg.worst);
  }
  if (spec.p95Latency) {
    const p95 = quantile(msg.latencies, 0.95);
    check(
      p95 <= spec.p95Latency.atMost,
      `p95 message latency ≤ ${fmtTime(spec.p95Latency.atMost)}`,
      `p95 latency ${fmtTime(p95)}`,
    );
  }
  if (medium === "lora") {
    const s = run.medium.stats;
    const ratio = s.received / Math.max(1, s.received + s.collisions + s.halfDuplex);
    if (spec.frameSuccess)
      check(
        ratio >= spec.frameSuccess.atLeast,
        `frame success ≥ ${pct(spec.frameSuccess.atLeast)}`,
        `frames: ${pct(ratio)} of receptions in range (${s.received} received, ${s.collisions} collided, ${s.halfDuplex} half duplex)`,
      );
    if (spec.utilisation) {
      const lora = run.nodes.filter((n) => n.lora);
      const mean =
        lora.reduce((a, n) => a + run.medium.busyMs(n.loraIndex), 0) /
        Math.max(1, lora.length) /
        world.scenario.duration;
      check(
        mean <= spec.utilisation.atMost,
        `channel utilisation ≤ ${pct(spec.utilisation.atMost)}`,
        `mean channel utilisation ${pct(mean)}`,
      );
    }
    if (spec.collisions) {
      const { atMost, atLeast } = spec.collisions;
      const ok = (atMost === undefined || s.collisions <= atMost) && (atLeast === undefined || s.collisions >= atLeast);
      check(
        ok,
        `collisions in [${atLeast ?? 0}, ${atMost ?? "∞"}]`,
        `${s.collisions} collisions, ${s.captured} captured`,
      );
    }
    if (spec.neighbours) {
      const lora = run.nodes.filter((n) => n.lora);
      const mean = lora.reduce((a, n) => a + n.lora!.heard.size, 0) / Math.max(1, lora.length);
      const alone = lora.filter((n) => n.lora!.heard.size === 0).length;
      check(
        mean >= spec.neighbours.atLeast,
        `mean neighbours heard ≥ ${spec.neighbours.atLeast}`,
        `mean neighbours heard ${mean.toFixed(1)} (${alone} nodes heard none)`,
      );
    }
    if (spec.airtimePerNode) {
      const byAir = run.nodes.filter((n) => n.lora).sort((a, b) => b.lora!.stats.airtimeMs - a.lora!.stats.airtimeMs);
      const worst = byAir[0]?.lora?.stats.airtimeMs ?? 0;
      check(
        worst <= spec.airtimePerNode.atMost,
        `airtime per node ≤ ${fmtTime(spec.airtimePerNode.atMost)}`,
        `max airtime per node ${fmtTime(worst)}`,
      );
      for (const n of byAir.slice(0, MAX_OFFENDERS))
        if (n.lora!.stats.airtimeMs > spec.airtimePerNode.atMost)
          offenders.push({ node: n.id, why: `${fmtTime(n.lora!.stats.airtimeMs)} on air` });
    }
  } else {
    const m = run.short.get(medium);
    const s = m?.stats ?? { delivered: 0, lost: 0 };
    const ratio = s.delivered / Math.max(1, s.delivered + s.lost);
    if (spec.frameSuccess)
      check(
        ratio >= spec.frameSuccess.atLeast,
        `frame success ≥ ${pct(spec.frameSuccess.atLeast)}`,
        `frames: ${pct(ratio)} delivered`,
      );
    if (spec.utilisation || spec.collisions || spec.airtimePerNode || spec.neighbours)
      check(
        false,
        "utilisation, collisions, neighbours and airtimePerNode apply to LoRa only",
        "not measured on short-range media",
      );
  }
  if (checks.length === 0) check(false, "at least one bound", "no bound given");
  return {
    index,
    kind: "radio",
    description: `${medium}: ${checks.join(", ")}`,
    ok: failed.length === 0,
    detail: parts.join("; "),
    offenders: failed.length ? offenders : [],
  };
}

/** Message-level figures: gossip messages published by radio nodes, to the other radio nodes. */
function messageFigures(world: World, run: RadioRun, spec: RadioExpectation) {
  const within = spec.deliveryRatio?.within ?? 120_000;
  const from = spec.deliveryRatio?.published?.from ?? 0;
  const to = spec.deliveryRatio?.published?.to ?? world.scenario.duration;
  const obs = world.observations;
  const radio = run.nodes.map((n) => n.id);
  const isRadio = new Set(radio);
  let pairs = 0;
  let delivered = 0;
  let messages = 0;
  const latencies: number[] = [];
  const missed = new Map<string, number>();
  for (const pub of obs.publications.values()) {
    if (!isRadio.has(pub.origin) || pub.at < from || pub.at > to) continue;
    const deadline = pub.at + within;
    if (deadline > world.scenario.duration) continue;
    messages++;
    const got = obs.deliveries.get(pub.id);
    for (const n of radio) {
      if (n === pub.origin || !obs.aliveAt(n, pub.at) || !obs.aliveAt(n, deadline)) continue;
      pairs++;
      const at = got?.get(n);
      if (at !== undefined && at <= deadline) {
        delivered++;
        latencies.push(at - pub.at);
      } else missed.set(n, (missed.get(n) ?? 0) + 1);
    }
  }
  const worst = [...missed]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, MAX_OFFENDERS)
    .map(([node, k]) => ({ node, why: `missed ${k} of ${messages} messages` }));
  return { ratio: pairs ? delivered / pairs : 0, pairs, messages, latencies, within, worst };
}

/**
 * The most time on air any window of `windowMs` holds among [start, end] pairs (flat
 * array), counting partial overlaps exactly: the maximum is reached with a window ending
 * at some frame's end or starting at some frame's start.
 */
export function worstWindowMs(frames: readonly number[], windowMs: number): number {
  let worst = 0;
  const n = frames.length / 2;
  const inWindow = (from: number, to: number): number => {
    let used = 0;
    for (let j = 0; j < n; j++) {
      const s = frames[2 * j]!;
      const e = frames[2 * j + 1]!;
      if (e <= from) continue;
      if (s >= to) break;
      used += Math.min(e, to) - Math.max(s, from);
    }
    return used;
  };
  for (let k = 0; k < n; k++) {
    worst = Math.max(worst, inWindow(frames[2 * k + 1]! - windowMs, frames[2 * k + 1]!));
    worst = Math.max(worst, inWindow(frames[2 * k]!, frames[2 * k]! + windowMs));
  }
  return worst;
}

/** Judges a `dutyCycle:` expectation from the frames actually sent, independently of the drivers' enforcement. */
export function judgeDutyCycle(world: World, index: number, spec: DutyCycleExpectation): ExpectationResult {
  const run = needRun(world, "dutyCycle");
  const allowed = spec.maxViolations ?? 0;
  const violations: { node: string; why: string }[] = [];
  let worstShare = 0;
  let checked = 0;
  for (const n of run.nodes) {
    if (!n.lora || !n.limits?.subBand) continue;
    checked++;
    const w = n.lora.ledger.windowMs;
    const share = worstWindowMs(run.trace.frames.get(n.id) ?? [], w) / w;
    worstShare = Math.max(worstShare, share);
    if (share > n.limits.dutyCycle + 1e-9)
      violations.push({
        node: n.id,
        why: `${pct(share)} of ${fmtTime(w)} on air in ${n.limits.subBand}, allowed ${pct(n.limits.dutyCycle)}`,
      });
  }
  return {
    index,
    kind: "dutyCycle",
    description: `at most ${allowed} node(s) above their sub-band's duty cycle`,
    ok: violations.length <= allowed,
    detail: `${violations.length} of ${checked} nodes above; worst window share ${pct(worstShare)}`,
    offenders: violations.length > allowed ? violations.slice(0, MAX_OFFENDERS) : [],
  };
}
