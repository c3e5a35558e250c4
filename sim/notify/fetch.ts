import * as Schema from "effect/Schema";
import { Duration } from "../../actors/params.js";
import { Selector } from "../scenario/primitives.js";
import type { World } from "../world.js";
import { relayState, trackerOf, walletOf } from "./tracker.js";

/**
 * `timeline: - {at, notifyFetch: {wallet, since?, via?}}`: the wallet comes back and asks a
 * random live relay of `via` to fetch everything since `since` (simulated time). At the
 * same moment the run checks that no live relay still holds a notification to this wallet
 * that expired more than a sweep interval ago.
 */
export const NotifyFetch = Schema.Struct({
  wallet: Schema.String,
  since: Schema.optional(Duration),
  via: Schema.optional(Selector),
});
export type NotifyFetch = typeof NotifyFetch.Type;

export function scheduleFetch(world: World, spec: NotifyFetch): void {
  const tracker = trackerOf(world);
  const rng = world.workloadStream.fork(`notifyFetch/${spec.wallet}`);
  const live = world.select(spec.via ?? { fraction: 1 }, rng, true).filter((id) => relayState(world, id));
  if (live.length === 0) return;
  const node = rng.pick(live);
  const now = world.engine.now;
  const recipient = walletOf(world, spec.wallet).publicKey;
  const grace = relayState(world, node)!.cfg.sweepInterval;
  const expired = [...tracker.sent.values()].filter(
    (s) => s.kind === "honest" && s.wallet === spec.wallet && s.n.timestamp + s.n.ttl <= now - grace,
  );
  const gone = new Set(expired.map((s) => s.n.hash));
  let held = 0;
  for (const n of world.nodes) {
    const st = relayState(world, n.id);
    if (st) for (const x of st.store.all()) if (gone.has(x.hash)) held++;
  }
  const ref = `fetch-${spec.wallet}-${tracker.fetches.length}`;
  tracker.fetches.push({
    at: now,
    node,
    ref,
    wallet: spec.wallet,
    since: spec.since ?? 0,
    expiredSent: expired.length,
    heldExpired: held,
  });
  world.node(node)!.host.command("notify", { type: "fetch", recipient, since: spec.since ?? 0, ref });
}
