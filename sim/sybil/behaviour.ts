import type { NodeId } from "../../runtime/driver.js";
import type { Answer, AnswerFilter, FilteredRequest } from "../../actors/kademlia/index.js";
import { closestK, kadKey, byDistance, type Contact } from "../../actors/kademlia/index.js";

/** What a Sybil does with the requests it receives (it always answers pings, to stay in buckets). */
export type SybilBehaviour = "drop" | "misroute" | "eclipse";

/**
 * The answer filter that makes a Kademlia node a Sybil:
 * - `drop`: never answers a lookup or stores anything (a black hole that costs timeouts);
 * - `misroute`: answers with the contacts it knows that are farthest from the target;
 * - `eclipse`: answers only with fellow Sybils nearest the target, and never with a value,
 *   a provider or the target itself — the lookup converges on attackers only.
 */
export function sybilFilter(behaviour: SybilBehaviour, colluders: readonly NodeId[], k = 20): AnswerFilter {
  const crew: Contact[] = colluders.map((id) => ({ id, key: kadKey(id) }));
  return (req: FilteredRequest, _honest: Answer): Answer | undefined => {
    if (behaviour === "drop" || req.type === "PUT_VALUE" || req.type === "ADD_PROVIDER") return undefined;
    if (behaviour === "eclipse") return { closer: closestK(req.target, crew, k, req.from).map((c) => c.id) };
    const known = req.contacts().map((id) => ({ id, key: kadKey(id) }));
    const far = known.sort(byDistance(req.target)).reverse();
    return { closer: far.slice(0, k).map((c) => c.id) };
  };
}
