import * as Schema from "effect/Schema";
import { Duration, Selector } from "../scenario/primitives.js";
import type { World } from "../world.js";

/**
 * `workload: - nostr.message: …`: every `every`, a random live node of `from` sends a
 * message (a signed event p-tagged to the recipient, to every relay it uses) to a random
 * live node of `to`.
 */
export const NostrMessageWorkload = Schema.Struct({
  every: Duration,
  from: Selector,
  to: Selector,
  start: Schema.optional(Duration),
  stop: Schema.optional(Duration),
});
export type NostrMessageWorkload = typeof NostrMessageWorkload.Type;

export function scheduleNostrMessages(world: World, w: NostrMessageWorkload): void {
  const rng = world.workloadStream;
  world.repeat(w.start ?? w.every, w.every, w.stop ?? world.scenario.duration, () => {
    const origin = world.pickLive(w.from, rng);
    if (origin === undefined) return;
    const targets = world.select(w.to, rng, true).filter((id) => id !== origin);
    if (targets.length === 0) return;
    world.node(origin)!.host.command("nostr-relay", { type: "send", to: rng.pick(targets) });
  });
}
