import * as Schema from "effect/Schema";
import { open } from "../../actors/notify/index.js";
import { Count, Duration, Fraction, Interval, Natural } from "../../actors/params.js";
import { fmtTime, MAX_OFFENDERS, type ExpectationResult } from "../expect/result.js";
import type { World } from "../world.js";
import { relayState, trackerOf } from "./tracker.js";

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/**
 * `expect: - notifyDelivery: {min, replicas?, within?}`: of the honest notifications sent
 * (those whose deadline falls in the run), at least `min` were accepted and stored on
 * `replicas` distinct relays within `within` of being sent.
 */
export const NotifyDelivery = Schema.Struct({
  min: Fraction,
  /** @default 1 */
  replicas: Schema.optional(Count),
  /** @default 1h */
  within: Schema.optional(Interval),
});

export function armDelivery(world: World, spec: typeof NotifyDelivery.Type, index: number) {
  const t = trackerOf(world);
  return (): ExpectationResult => {
    const within = spec.within ?? 3_600_000;
    const need = spec.replicas ?? 1;
    const judged = [...t.sent.values()].filter((s) => s.kind === "honest" && s.at + within <= world.scenario.duration);
    const late = judged.filter((s) => {
      const copies = [...(t.stored.get(s.n.hash)?.values() ?? [])].filter((at) => at <= s.at + within);
      return copies.length < need;
    });
    const share = judged.length ? (judged.length - late.length) / judged.length : 0;
    return {
      index,
      kind: "notifyDelivery",
      description: `≥ ${pct(spec.min)} of honest notifications stored on ${need} relay(s) within ${fmtTime(within)}`,
      ok: judged.length > 0 && share >= spec.min,
      detail: `${judged.length - late.length}/${judged.length} (${pct(share)})`,
      offenders: late.slice(0, MAX_OFFENDERS).map((s) => {
        const v = t.verdicts.find((x) => x.hash === s.n.hash);
        const why = v?.ok === false ? `refused: ${v.reason}` : `${t.stored.get(s.n.hash)?.size ?? 0} copies`;
        return { node: v?.node ?? "?", why: `sent at ${fmtTime(s.at)}: ${why}` };
      }),
    };
  };
}

/**
 * `expect: - notifyRecovery: {wallet, min?}`: every `notifyFetch` of the wallet completed
 * and returned at least `min` of the honest notifications to it that were accepted, sent
 * since the fetch's `since` and unexpired at the fetch; each returned one opens with the
 * wallet's key to what was sealed; no live relay held an expired one past a sweep.
 * (Notifications sent during the fetch's own lookup are not expected.)
 */
export const NotifyRecovery = Schema.Struct({ wallet: Schema.String, min: Schema.optional(Fraction) });

export function armRecovery(world: World, spec: typeof NotifyRecovery.Type, index: number) {
  const t = trackerOf(world);
  return (): ExpectationResult => {
    const min = spec.min ?? 1;
    const fetches = t.fetches.filter((f) => f.wallet === spec.wallet);
    const key = t.wallets.get(spec.wallet)?.secretKey;
    const accepted = new Set(t.verdicts.filter((v) => v.ok && v.hash).map((v) => v.hash!));
    const lines: string[] = [];
    const offenders: { node: string; why: string }[] = [];
    for (const f of fetches) {
      const expected = [...t.sent.values()].filter(
        (s) =>
          s.kind === "honest" &&
          s.wallet === spec.wallet &&
          s.at <= f.at &&
          accepted.has(s.n.hash) &&
          s.n.timestamp >= f.since &&
          s.n.timestamp + s.n.ttl > f.at,
      );
      const got = new Map((f.notifications ?? []).map((n) => [n.hash, n]));
      const bad = [...got.values()].filter((n) => {
        const body = key && open(n, key);
        const sent = t.sent.get(n.hash);
        return !body || !sent?.body || body.txHash !== sent.body.txHash || body.amountRaw !== sent.body.amountRaw;
      });
      const found = expected.filter((s) => got.has(s.n.hash)).length;
      const share = expected.length ? found / expected.length : 1;
      lines.push(
        `at ${fmtTime(f.at)}: ${found}/${expected.length} recovered, ${bad.length} unreadable, ${f.heldExpired}/${f.expiredSent} expired still held`,
      );
      if (!f.notifications) offenders.push({ node: f.node, why: `fetch at ${fmtTime(f.at)} never completed` });
      else if (share < min || bad.length > 0 || f.heldExpired > 0)
        offenders.push({ node: f.node, why: lines[lines.length - 1]! });
    }
    return {
      index,
      kind: "notifyRecovery",
      description: `wallet ${spec.wallet} recovers ≥ ${pct(min)} of its unexpired notifications; expired ones are gone`,
      ok: fetches.length > 0 && offenders.length === 0,
      detail: fetches.length ? lines.join("; ") : "no notifyFetch of this wallet ran",
      offenders: offenders.slice(0, MAX_OFFENDERS),
    };
  };
}

/**
 * `expect: - notifyDefence: {invalidStored?, replayCopies?, maxHeld?, rises?, returns?}`:
 * spam without enough work is stored nowhere (default 0); replays add no copies (default
 * 0); no relay ever holds more than `maxHeld` for one recipient (sampled every 30 min);
 * the difficulty level reaches `rises.level` between `rises.from` and `rises.to`; every
 * live relay is back at level 0 by `returns`.
 */
export const NotifyDefence = Schema.Struct({
  invalidStored: Schema.optional(Natural),
  replayCopies: Schema.optional(Natural),
  maxHeld: Schema.optional(Count),
  rises: Schema.optional(Schema.Struct({ from: Duration, to: Duration, level: Schema.optional(Count) })),
  returns: Schema.optional(Duration),
});

export function armDefence(world: World, spec: typeof NotifyDefence.Type, index: number) {
  const t = trackerOf(world);
  let levelsAtReturn: number[] | undefined;
  world.repeat(0, 1_800_000, world.scenario.duration, () => {
    for (const n of world.nodes) {
      const st = relayState(world, n.id);
      if (!st) continue;
      for (const r of st.store.recipients()) t.maxHeld = Math.max(t.maxHeld, st.store.hashes(r, world.engine.now).length); // prettier-ignore
    }
  });
  if (spec.returns !== undefined)
    world.engine.at(spec.returns, () => {
      levelsAtReturn = world.nodes.flatMap((n) => {
        const st = relayState(world, n.id);
        return st ? [st.difficulty.level(world.engine.now)] : [];
      });
    });
  return (): ExpectationResult => {
    const failures: string[] = [];
    const parts: string[] = [];
    const invalid = new Set([...t.sent.values()].filter((s) => !s.valid).map((s) => s.n.hash));
    const invalidStored = [...invalid].reduce((sum, h) => sum + (t.stored.get(h)?.size ?? 0), 0);
    parts.push(`${invalidStored} copies of ${invalid.size} invalid notifications stored`);
    if (invalidStored > (spec.invalidStored ?? 0)) failures.push("invalid notifications stored");
    parts.push(`${t.replayCopies} copies added by ${t.replays.size} replayed notifications`);
    if (t.replayCopies > (spec.replayCopies ?? 0)) failures.push("replays added copies");
    parts.push(`at most ${t.maxHeld} held for one recipient`);
    if (spec.maxHeld !== undefined && t.maxHeld > spec.maxHeld) failures.push(`a relay held ${t.maxHeld} > ${spec.maxHeld}`); // prettier-ignore
    if (spec.rises) {
      const { from, to, level = 1 } = spec.rises;
      const peak = Math.max(0, ...t.verdicts.filter((v) => v.at >= from && v.at <= to).map((v) => v.level));
      parts.push(`peak level ${peak} during ${fmtTime(from)}–${fmtTime(to)}`);
      if (peak < level) failures.push(`difficulty level peaked at ${peak} < ${level}`);
    }
    if (spec.returns !== undefined) {
      const high = (levelsAtReturn ?? [1]).filter((l) => l > 0).length;
      parts.push(`${high} relays above level 0 at ${fmtTime(spec.returns)}`);
      if (high > 0) failures.push("difficulty did not return to the base");
    }
    return {
      index,
      kind: "notifyDefence",
      description: "spam defences hold (work, replays, per-recipient cap, difficulty)",
      ok: failures.length === 0,
      detail: parts.join("; ") + (failures.length ? ` — ${failures.join("; ")}` : ""),
      offenders: [],
    };
  };
}
