import type { LoadedScenario } from "../scenario/types.js";
import type { SybilSpec } from "./sybil.js";
import { sybilCount, sybilIds } from "./sybil.js";

/**
 * Turns a scenario's `sybil:` block into one more node group: the attackers, with the
 * ids the strategy chose, starting at `at`, running the Kademlia actor with the Sybil
 * answer filter. Honest groups are untouched.
 */
export function expandSybil(s: LoadedScenario): LoadedScenario {
  const spec = s.sybil as SybilSpec | undefined;
  if (!spec) return s;
  const honest = s.nodes.reduce((n, g) => n + g.count, 0);
  const count = sybilCount(spec, honest);
  if (count === 0) return s;
  const group = spec.group ?? "sybil";
  const attackers = {
    group,
    count,
    ids: sybilIds(spec, count),
    start: spec.at,
    role: "peer" as const,
    protocols: {
      kademliaSybil: {
        ...(spec.kademlia ?? {}),
        bootstrap: spec.bootstrap,
        behaviour: spec.behaviour,
        colluders: group,
      },
    },
  };
  return { ...s, nodes: [...s.nodes, attackers] };
}
