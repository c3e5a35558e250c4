import * as Schema from "effect/Schema";
import { fmtTime, MAX_OFFENDERS, type ExpectationResult } from "../expect/result.js";
import { Duration, Fraction } from "../scenario/primitives.js";
import type { World } from "../world.js";
import type { NatObserver } from "./observer.js";

/**
 * `expect: - rereserve: …`: whenever a relay goes down, every node that held a slot on
 * it (and stays up) holds a new reservation within `within`. `success` (default 1) is the
 * share of such losses that must be renewed in time. Losses whose deadline falls after
 * the run are not judged.
 */
export const RereserveExpectation = Schema.Struct({
  within: Duration,
  success: Schema.optional(Fraction),
});
export type RereserveExpectation = typeof RereserveExpectation.Type;

export function judgeRereserve(
  world: World,
  index: number,
  spec: RereserveExpectation,
  obs: NatObserver,
): ExpectationResult {
  const horizon = world.scenario.duration;
  const judged = obs.lost.filter(
    (l) => !l.clientDown && l.at + spec.within <= horizon && world.observations.aliveAt(l.client, l.at + spec.within),
  );
  const late = judged.filter((l) => l.renewedAt === undefined || l.renewedAt - l.at > spec.within);
  const delays = judged.filter((l) => l.renewedAt !== undefined).map((l) => l.renewedAt! - l.at);
  delays.sort((a, b) => a - b);
  const share = judged.length ? (judged.length - late.length) / judged.length : 0;
  const need = spec.success ?? 1;
  return {
    index,
    kind: "rereserve",
    description: `relayed nodes re-reserve within ${fmtTime(spec.within)} of their relay going down`,
    ok: judged.length > 0 && share >= need,
    detail: judged.length
      ? `${judged.length - late.length}/${judged.length} renewed in time; delay median ${fmtTime(delays[delays.length >> 1] ?? 0)}, max ${fmtTime(delays[delays.length - 1] ?? 0)}`
      : "no relay with reservations went down",
    offenders: late.slice(0, MAX_OFFENDERS).map((l) => ({
      node: l.client,
      why: `lost ${l.relay} at ${fmtTime(l.at)}, ${l.renewedAt === undefined ? "never renewed" : `renewed at ${fmtTime(l.renewedAt)}`}`,
    })),
  };
}
