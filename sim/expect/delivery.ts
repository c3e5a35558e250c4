import type { Millis } from "../../runtime/clock.js";
import type { NodeId } from "../../runtime/driver.js";
import { partitioned } from "../network/faults.js";
import type { Observations } from "../observations.js";
import { MAX_OFFENDERS, fmtTime, type ExpectationResult } from "./result.js";

export interface DeliverySpec {
  readonly within: Millis;
  readonly scope?: "reachable" | "all";
  readonly published?: { readonly from?: Millis; readonly to?: Millis };
  readonly after?: Millis;
}

/**
 * Every message published in the window reaches every target node by
 * max(publish time, after) + within. Targets: nodes alive at publish time and at the
 * deadline; with scope `reachable`, only those no partition active at publish time cut
 * off from the publisher. Messages whose deadline falls after the run are not judged.
 */
export function judgeDelivery(
  index: number,
  spec: DeliverySpec,
  obs: Observations,
  nodes: readonly NodeId[],
  duration: Millis,
): ExpectationResult {
  const scope = spec.scope ?? "all";
  const from = spec.published?.from ?? 0;
  const to = spec.published?.to ?? duration;
  const offenders: { node: string; why: string }[] = [];
  let judged = 0;
  let complete = 0;
  let missing = 0;
  for (const pub of obs.publications.values()) {
    if (pub.at < from || pub.at > to) continue;
    const deadline = Math.max(pub.at, spec.after ?? 0) + spec.within;
    if (deadline > duration) continue;
    judged++;
    const got = obs.deliveries.get(pub.id);
    let ok = true;
    for (const n of nodes) {
      if (scope === "reachable" && partitioned(pub.faults, pub.origin, n)) continue;
      if (!obs.aliveAt(n, pub.at) || !obs.aliveAt(n, deadline)) continue;
      const at = got?.get(n);
      if (at === undefined || at > deadline) {
        ok = false;
        missing++;
        if (offenders.length < MAX_OFFENDERS)
          offenders.push({
            node: n,
            why: `message ${pub.id} from ${pub.origin} at ${fmtTime(pub.at)}: ${at === undefined ? "never received" : `received at ${fmtTime(at)}`}, due by ${fmtTime(deadline)}`,
          });
      }
    }
    if (ok) complete++;
  }
  const window = `${fmtTime(from)}–${fmtTime(to)}`;
  return {
    index,
    kind: "delivery",
    description: `delivery within ${fmtTime(spec.within)}${spec.after !== undefined ? ` of ${fmtTime(spec.after)}` : ""} to ${scope} nodes, messages published ${window}`,
    ok: judged > 0 && complete === judged,
    detail:
      judged === 0
        ? "no message published in the window could be judged"
        : `${complete}/${judged} messages reached every target (${missing} missed deliveries)`,
    offenders,
  };
}
