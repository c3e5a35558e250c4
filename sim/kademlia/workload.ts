import * as Schema from "effect/Schema";
import { Duration, Interval, Selector } from "../scenario/primitives.js";
import type { World } from "../world.js";

/**
 * `workload: - kad: …`: every `every`, a random live node of `from` runs `op` on a key:
 * `random-node` (a random live node of `targets`, default for lookup), `random-key` (a
 * fresh key, default for put and provide), `random-stored` (a key an earlier put or
 * provide of this run used, default for get and findProviders), `target` (the Sybil
 * target), or any other string as a literal key.
 */
export const KadWorkload = Schema.Struct({
  every: Interval,
  op: Schema.Literal("lookup", "get", "put", "provide", "findProviders"),
  key: Schema.optional(Schema.String),
  from: Schema.optional(Selector),
  /** Nodes `random-node` picks from. @default from */
  targets: Schema.optional(Selector),
  start: Schema.optional(Duration),
  stop: Schema.optional(Duration),
});
export type KadWorkload = typeof KadWorkload.Type;

const stored = new WeakMap<World, { put: string[]; provide: string[] }>();

/** Schedules one `kad` workload entry; `sybilTarget` resolves the `target` key. */
export function scheduleKadWorkload(world: World, w: KadWorkload, sybilTarget?: string): void {
  const { every, op, from, start = every, stop = world.scenario.duration } = w;
  const keyKind =
    w.key ??
    ({ lookup: "random-node", put: "random-key", provide: "random-key" } as const)[op as "put"] ??
    "random-stored";
  let memory = stored.get(world);
  if (!memory) stored.set(world, (memory = { put: [], provide: [] }));
  const rng = world.workloadStream;
  let n = 0;
  const pickKey = (origin: string): string | undefined => {
    switch (keyKind) {
      case "random-node": {
        const pool = world.select(w.targets ?? from ?? { fraction: 1 }, rng, true).filter((id) => id !== origin);
        return pool.length ? rng.pick(pool) : undefined;
      }
      case "random-key":
        return `${op}-${rng.hex64()}-${n++}`;
      case "random-stored": {
        const pool = op === "findProviders" ? memory.provide : memory.put;
        return pool.length ? rng.pick(pool) : undefined;
      }
      case "target":
        return sybilTarget;
      default:
        return keyKind;
    }
  };
  world.repeat(start, every, stop, () => {
    const origin = world.pickLive(from, rng);
    if (origin === undefined) return;
    const key = pickKey(origin);
    // A node does not look itself up (the `target` key may name the origin): skip the tick.
    if (key === undefined || key === origin) return;
    if (op === "put") memory.put.push(key);
    if (op === "provide") memory.provide.push(key);
    world.node(origin)!.host.command("kad", { type: op, key, ...(op === "put" ? { value: `v-${key}` } : {}) });
  });
}
