import type { Expectation } from "../scenario/schema.js";
import type { World } from "../world.js";
import { viewComponents } from "./components.js";
import { judgeDelivery } from "./delivery.js";
import { MAX_OFFENDERS, fmtTime, type ExpectationResult } from "./result.js";
import { armLookupExpectation } from "../kademlia/expect.js";
import { armNatExpectation } from "../nat/expect.js";

export type { ExpectationResult } from "./result.js";

/**
 * Arranges for every expectation to be judged: point-in-time ones (components, mode)
 * as engine events at their time, delivery ones at the end. Call before `run()`;
 * `results()` after it.
 */
export function armExpectations(world: World, expectations: readonly Expectation[]): () => ExpectationResult[] {
  const results: (ExpectationResult | undefined)[] = expectations.map(() => undefined);
  const lookups = new Map<number, () => ExpectationResult>();
  expectations.forEach((e, index) => {
    if (e.lookup)
      lookups.set(index, armLookupExpectation(world, index, e.lookup, world.scenario.sybil?.group ?? "sybil"));
    const nat = armNatExpectation(world, index, e);
    if (nat) lookups.set(index, nat);
    if (e.components) {
      const spec = e.components;
      world.engine.at(spec.at, () => (results[index] = judgeComponents(world, index, spec)));
    } else if (e.mode) {
      const spec = e.mode;
      world.engine.at(spec.at, () => (results[index] = judgeMode(world, index, spec)));
    }
  });
  return () =>
    expectations.map((e, index) => {
      const lookup = lookups.get(index);
      if (lookup) return lookup();
      if (e.delivery) {
        const ids = world.nodes.map((n) => n.id);
        return judgeDelivery(index, e.delivery, world.observations, ids, world.scenario.duration);
      }
      return (
        results[index] ?? {
          index,
          kind: e.components ? "components" : "mode",
          description: "point in time after the end of the run",
          ok: false,
          detail: "not judged: the run ended before its time",
          offenders: [],
        }
      );
    });
}

function liveIds(world: World): string[] {
  return world.nodes.filter((n) => n.host.isRunning).map((n) => n.id);
}

function judgeComponents(world: World, index: number, spec: { at: number; count: number }): ExpectationResult {
  const live = liveIds(world);
  const { label, sizes } = viewComponents(world.observations, live);
  const offenders = live
    .filter((n) => label.get(n)! > 0)
    .slice(0, MAX_OFFENDERS)
    .map((node) => ({ node, why: `in component ${label.get(node)} of ${sizes.length}, not the largest` }));
  return {
    index,
    kind: "components",
    description: `view graph has ${spec.count} component(s) at ${fmtTime(spec.at)}`,
    ok: sizes.length === spec.count,
    detail: `${sizes.length} component(s) of sizes ${sizes.slice(0, 5).join(", ")}${sizes.length > 5 ? ", …" : ""} among ${live.length} live nodes`,
    offenders: sizes.length === spec.count ? [] : offenders,
  };
}

function judgeMode(
  world: World,
  index: number,
  spec: { at: number; mode: string; atLeast: number },
): ExpectationResult {
  const live = liveIds(world);
  const wrong = live.filter((n) => world.observations.modes.get(n) !== spec.mode);
  const share = live.length ? (live.length - wrong.length) / live.length : 0;
  return {
    index,
    kind: "mode",
    description: `at least ${spec.atLeast * 100}% of live nodes in mode '${spec.mode}' at ${fmtTime(spec.at)}`,
    ok: share >= spec.atLeast,
    detail: `${(share * 100).toFixed(1)}% (${live.length - wrong.length}/${live.length})`,
    offenders:
      share >= spec.atLeast
        ? []
        : wrong
            .slice(0, MAX_OFFENDERS)
            .map((node) => ({ node, why: `mode ${world.observations.modes.get(node) ?? "none"}` })),
  };
}
