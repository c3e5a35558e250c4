import type { LoadedScenario } from "../scenario/types.js";
import type { SybilSpec } from "./sybil.js";
import { expandSybil } from "./expand.js";

/** True if a scenario with a `sybil:` block switches on any defence. */
export function hasSybilDefences(s: LoadedScenario): boolean {
  const sybil = s.sybil as SybilSpec | undefined;
  if (!sybil) return false;
  const kad = honestGroups(s).map((g) => (g.protocols as { kademlia?: Record<string, unknown> } | undefined)?.kademlia);
  return (sybil.idPowBits ?? 0) > 0 || kad.some((k) => (k?.disjointPaths as number) > 1 || k?.diversity !== undefined);
}

/**
 * The same scenario with every Sybil defence off: single-path lookups, no bucket
 * diversity limit, no proof of work on ids (so the attackers grind ids with their whole
 * budget again). Run beside the scenario, it shows what the defences bought.
 */
export function withoutSybilDefences(s: LoadedScenario): LoadedScenario {
  const nodes = honestGroups(s).map((g) => {
    const protocols = g.protocols as Record<string, Record<string, unknown>> | undefined;
    if (!protocols?.kademlia) return g;
    const { disjointPaths: _d, diversity: _v, ...kademlia } = protocols.kademlia;
    return { ...g, protocols: { ...protocols, kademlia } };
  });
  const spec = s.sybil as SybilSpec | undefined;
  const sybil = spec && { ...spec, idPowBits: 0 };
  return expandSybil({ ...s, name: `${s.name} (defences off)`, nodes, sybil } as LoadedScenario);
}

/** The groups of the file: the attackers' group, added by `expandSybil`, left out. */
function honestGroups(s: LoadedScenario) {
  const attackers = (s.sybil as SybilSpec | undefined)?.group ?? "sybil";
  return s.nodes.filter((g) => g.group !== attackers);
}
