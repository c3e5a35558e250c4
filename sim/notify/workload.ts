import * as Schema from "effect/Schema";
import { Count, Duration, Interval } from "../../actors/params.js";
import { Selector } from "../scenario/primitives.js";
import type { World } from "../world.js";
import { junk, noWork, sealed, stamp, underStamp } from "./make.js";
import { relayState, trackerOf, walletOf } from "./tracker.js";

/**
 * `workload: - notify: {every, to, from?, start?, stop?, count?}`: an honest sender. Each
 * tick it seals a payment notification to one of the `to` wallets (in turn), asks a random
 * live relay of `from` for its current difficulty (what `GET /difficulty` answers), does
 * that much work and submits it there.
 */
export const NotifyWorkload = Schema.Struct({
  every: Interval,
  to: Schema.Union(Schema.String, Schema.Array(Schema.String)),
  from: Schema.optional(Selector),
  start: Schema.optional(Duration),
  stop: Schema.optional(Duration),
  /** Stop after this many notifications. */
  count: Schema.optional(Count),
});
export type NotifyWorkload = typeof NotifyWorkload.Type;

/**
 * `workload: - notifySpam: {every, kind, from, via?, to?, start?, stop?, count?, burst?}`: an
 * attacker node of `from` (running `notifyAttacker`) sends SUBMIT frames to random live
 * relays of `via`: `no-work` (a nonce that misses the base), `low-work` (half the base
 * work), `replay` (an honest notification sent at least `maxAge` ago: refused, or, if
 * younger, stored nowhere twice) or `flood` (valid work at the relay's current
 * difficulty, all to wallet `to`). `burst` frames per tick.
 */
export const NotifySpamWorkload = Schema.Struct({
  every: Interval,
  kind: Schema.Literal("no-work", "low-work", "replay", "flood"),
  from: Selector,
  via: Schema.optional(Selector),
  to: Schema.optional(Schema.String),
  start: Schema.optional(Duration),
  stop: Schema.optional(Duration),
  count: Schema.optional(Count),
  /** @default 1 */
  burst: Schema.optional(Count),
  /** Replay only notifications at least this old. @default 10m */
  minAge: Schema.optional(Duration),
});
export type NotifySpamWorkload = typeof NotifySpamWorkload.Type;

const TWO_64 = 1n << 64n;
/** The threshold with half the expected work of `base` (what a "too little work" sender reaches). */
const halfWork = (base: bigint): bigint => {
  const space = 2n * (TWO_64 - base);
  return space >= TWO_64 ? 0n : TWO_64 - space;
};

/** A live relay of `selector` (any relay when absent) and its state. */
function pickRelay(world: World, selector: NotifyWorkload["from"]) {
  const rng = world.workloadStream;
  const live = world.select(selector ?? { fraction: 1 }, rng, true).filter((id) => relayState(world, id));
  if (live.length === 0) return undefined;
  const id = rng.pick(live);
  return { id, state: relayState(world, id)! };
}

export function scheduleNotify(world: World, w: NotifyWorkload): void {
  const tracker = trackerOf(world);
  const wallets = typeof w.to === "string" ? [w.to] : [...w.to];
  const rng = world.workloadStream.fork(`notify/${wallets.join(",")}`);
  let n = 0;
  world.repeat(w.start ?? w.every, w.every, w.stop ?? world.scenario.duration, () => {
    if (w.count !== undefined && n >= w.count) return;
    const relay = pickRelay(world, w.from);
    if (!relay) return;
    const wallet = wallets[n++ % wallets.length]!;
    const now = world.engine.now;
    const { n: draft, body } = sealed(rng, walletOf(world, wallet).publicKey, now);
    const stamped = stamp(rng, draft, relay.state.difficulty.current(now));
    tracker.sent.set(stamped.hash, { n: stamped, wallet, kind: "honest", valid: true, at: now, body });
    world.node(relay.id)!.host.command("notify", { type: "submit", notification: stamped, ref: `honest-${n}` });
  });
}

export function scheduleNotifySpam(world: World, w: NotifySpamWorkload): void {
  const tracker = trackerOf(world);
  const rng = world.workloadStream.fork(`notifySpam/${w.kind}`);
  const victim = w.to ? walletOf(world, w.to).publicKey : undefined;
  let n = 0;
  world.repeat(w.start ?? w.every, w.every, w.stop ?? world.scenario.duration, () => {
    for (let b = 0; b < (w.burst ?? 1); b++) {
      if (w.count !== undefined && n >= w.count) return;
      const attacker = world.pickLive(w.from, rng);
      const relay = pickRelay(world, w.via);
      if (attacker === undefined || !relay) return;
      const now = world.engine.now;
      const base = relay.state.base;
      const recipient = victim ?? walletOf(world, `spam-${n % 50}`).publicKey;
      let msg;
      if (w.kind === "replay") {
        const minAge = w.minAge ?? 600_000;
        const old = [...tracker.sent.values()].filter((s) => s.kind === "honest" && s.at <= now - minAge);
        if (old.length === 0) return;
        msg = rng.pick(old).n;
        if (!tracker.replays.has(msg.hash)) tracker.replays.set(msg.hash, now);
      } else {
        const draft = junk(rng, recipient, now);
        msg =
          w.kind === "no-work"
            ? noWork(draft, base)
            : w.kind === "low-work"
              ? underStamp(rng, draft, halfWork(base), base)
              : stamp(rng, draft, relay.state.difficulty.current(now));
        tracker.sent.set(msg.hash, { n: msg, wallet: w.to, kind: w.kind, valid: w.kind === "flood", at: now });
      }
      n++;
      world.node(attacker)!.host.command("notify", {
        type: "emit",
        to: relay.id,
        msg: { type: "SUBMIT", rid: n, notification: msg },
      });
    }
  });
}
