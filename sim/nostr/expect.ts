import * as Schema from "effect/Schema";
import type { NostrRelayContext } from "../../actors/nostr-relay/index.js";
import { simPubkey } from "../../actors/nostr-relay/index.js";
import { Fraction, Natural } from "../../actors/params.js";
import { fmtTime, MAX_OFFENDERS, type ExpectationResult } from "../expect/result.js";
import { Duration, Selector } from "../scenario/primitives.js";
import type { World } from "../world.js";
import { nostrFacts } from "./observe.js";

const pct = (x: number): string => `${Math.round(x * 1000) / 10}%`;
const groupOf = (world: World, sel: Selector): Set<string> => new Set(world.select(sel, undefined, false));

/** `nostr.delivery`: messages from `from` to `to` sent in a window reach their recipient within `within`. */
export const NostrDelivery = Schema.Struct({
  from: Selector,
  to: Selector,
  within: Duration,
  published: Schema.optional(Schema.Struct({ from: Schema.optional(Duration), to: Schema.optional(Duration) })),
  /** Share that must arrive. @default 1 */
  atLeast: Schema.optional(Fraction),
});

export function armDelivery(world: World, spec: typeof NostrDelivery.Type, index: number) {
  const facts = nostrFacts(world);
  return (): ExpectationResult => {
    const from = groupOf(world, spec.from);
    const to = groupOf(world, spec.to);
    const lo = spec.published?.from ?? 0;
    const hi = spec.published?.to ?? world.scenario.duration;
    const judged = [...facts.sent.values()].filter(
      (m) =>
        from.has(m.from) && to.has(m.to) && m.at >= lo && m.at <= hi && m.at + spec.within <= world.scenario.duration,
    );
    const late = judged.filter((m) => m.receivedAt === undefined || m.receivedAt > m.at + spec.within);
    const share = judged.length ? 1 - late.length / judged.length : 0;
    const need = spec.atLeast ?? 1;
    return {
      index,
      kind: "nostr.delivery",
      description: `≥ ${pct(need)} of messages ${JSON.stringify(spec.from)} → ${JSON.stringify(spec.to)} sent ${fmtTime(lo)}–${fmtTime(hi)} arrive within ${fmtTime(spec.within)}`,
      ok: judged.length > 0 && share >= need,
      detail: `${judged.length - late.length}/${judged.length} arrived in time (${pct(share)})`,
      offenders: late.slice(0, MAX_OFFENDERS).map((m) => ({
        node: m.to,
        why: `message ${m.id.slice(0, 8)} from ${m.from} at ${fmtTime(m.at)} ${m.receivedAt === undefined ? "never arrived" : `arrived at ${fmtTime(m.receivedAt)}`}`,
      })),
    };
  };
}

/** `nostr.refused`: clients of `clients` were refused by `relays` with `prefix`, and nothing they wrote is stored there. */
export const NostrRefused = Schema.Struct({
  clients: Selector,
  relays: Selector,
  /** @default "restricted:" */
  prefix: Schema.optional(Schema.String),
  /** Refusals that must have been seen. @default 1 */
  atLeast: Schema.optional(Natural),
});

export function armRefused(world: World, spec: typeof NostrRefused.Type, index: number) {
  const facts = nostrFacts(world);
  return (): ExpectationResult => {
    const clients = groupOf(world, spec.clients);
    const relays = [...groupOf(world, spec.relays)];
    const prefix = spec.prefix ?? "restricted:";
    const refusals = facts.refused.filter(
      (r) => clients.has(r.node) && relays.includes(r.relay) && r.message.startsWith(prefix),
    );
    const authors = new Set([...clients].map((id) => simPubkey(id)));
    const stored: { node: string; why: string }[] = [];
    for (const relay of relays) {
      const ctx = world.node(relay)?.host.snapshot("nostr-relay")?.context as NostrRelayContext | undefined;
      const theirs = ctx ? ctx.core.ingest.index.values().filter((e) => authors.has(e.pubkey)).length : 0;
      if (theirs > 0) stored.push({ node: relay, why: `stores ${theirs} events by ${JSON.stringify(spec.clients)}` });
    }
    const need = spec.atLeast ?? 1;
    return {
      index,
      kind: "nostr.refused",
      description: `${JSON.stringify(spec.relays)} refuse ${JSON.stringify(spec.clients)} with ${prefix} (≥ ${need}) and store nothing of theirs`,
      ok: refusals.length >= need && stored.length === 0,
      detail: `${refusals.length} refusals with ${prefix}; ${stored.length === 0 ? "nothing of theirs stored" : stored.map((s) => `${s.node} ${s.why}`).join("; ")}`,
      offenders: stored.slice(0, MAX_OFFENDERS),
    };
  };
}

/** `nostr.converged`: at `at`, every relay of `relays` holds the same events (and some were synced by negentropy). */
export const NostrConverged = Schema.Struct({
  relays: Schema.Array(Selector),
  at: Duration,
  /** Events that must have moved by negentropy sync before `at`. @default 1 */
  synced: Schema.optional(Natural),
});

export function armConverged(world: World, spec: typeof NostrConverged.Type, index: number) {
  const facts = nostrFacts(world);
  let verdict: { sizes: Map<string, number>; missing: { node: string; why: string }[]; moved: number } | undefined;
  world.engine.at(spec.at, () => {
    const relays = [...new Set(spec.relays.flatMap((sel) => world.select(sel, undefined, false)))];
    const sets = new Map<string, Set<string>>();
    for (const r of relays) {
      const ctx = world.node(r)?.host.snapshot("nostr-relay")?.context as NostrRelayContext | undefined;
      sets.set(r, new Set(ctx ? ctx.core.ingest.index.values().map((e) => e.id) : []));
    }
    const union = new Set([...sets.values()].flatMap((s) => [...s]));
    const missing = [...sets].flatMap(([node, s]) =>
      s.size < union.size ? [{ node, why: `holds ${s.size} of the ${union.size} events of the relays together` }] : [],
    );
    const moved = facts.syncs
      .filter((s) => s.at <= spec.at && relays.includes(s.node))
      .reduce((n, s) => n + Number(s.data.sent ?? 0) + Number(s.data.fetched ?? 0), 0);
    verdict = { sizes: new Map([...sets].map(([k, v]) => [k, v.size])), missing, moved };
  });
  return (): ExpectationResult => {
    const need = spec.synced ?? 1;
    const v = verdict;
    return {
      index,
      kind: "nostr.converged",
      description: `relays ${JSON.stringify(spec.relays)} hold the same events at ${fmtTime(spec.at)}, ≥ ${need} moved by negentropy`,
      ok: v !== undefined && v.missing.length === 0 && v.moved >= need && [...v.sizes.values()].every((n) => n > 0),
      detail: v
        ? `${[...v.sizes].map(([k, n]) => `${k} ${n}`).join(", ")}; ${v.moved} events moved by sync`
        : `the run ended before ${fmtTime(spec.at)}`,
      offenders: v?.missing.slice(0, MAX_OFFENDERS) ?? [],
    };
  };
}
