import * as Schema from "effect/Schema";
import { AuthParams } from "../../actors/auth/config.js";
import { kademliaAuthModule } from "../../actors/auth/kademlia-module.js";
import type { LoadedScenario, NodeGroup } from "../scenario/types.js";

/** The salt the simulator derives every node's keys from: the scenario's seed, so a run stays a function of it. */
export const keySaltOf = (s: { readonly seed: number | string }): string => `scenario/${String(s.seed)}`;

/** Ids of the light nodes that authenticate (a light group with the auth actor), in world order. */
export function authenticatedLights(world: {
  readonly scenario: LoadedScenario;
  readonly nodes: readonly { readonly id: string; readonly group: string }[];
}): string[] {
  const groups = new Set(
    world.scenario.nodes.filter((g) => g.role === "light" && g.protocols?.auth !== undefined).map((g) => g.group),
  );
  return world.nodes.filter((n) => groups.has(n.group)).map((n) => n.id);
}

/** Backbone groups with a region, as roster entries. */
export function rosterOf(s: LoadedScenario): { nodes: string; region: string }[] {
  return s.nodes
    .filter((g) => g.role === "backbone" && typeof g.region === "string")
    .map((g) => ({ nodes: g.group, region: g.region as string }));
}

/**
 * Wires the authenticated backbone into a scenario whose groups have a `region`: every such
 * group gets the `auth` actor (unless it configures one) with the roster of backbone groups,
 * modelled crypto and keys derived from the seed; a backbone group's `kademlia` becomes
 * `kademliaAuth` (the same actor with the token check). Groups without a region are untouched.
 */
export function expandBackbone(s: LoadedScenario): LoadedScenario {
  const backbone = rosterOf(s);
  if (backbone.length === 0) return s;
  const keySalt = keySaltOf(s);
  const nodes = s.nodes.map((g): NodeGroup => {
    if (typeof g.region !== "string") return g;
    const protocols: Record<string, unknown> = { ...(g.protocols ?? {}) };
    const common = { region: g.region, backbone, crypto: "modelled", keySalt };
    if (protocols.auth === undefined) protocols.auth = Schema.decodeUnknownSync(AuthParams)(common);
    if (g.role === "backbone" && protocols.kademlia !== undefined) {
      const guard = { region: g.region, backbone, crypto: "modelled", keySalt };
      protocols.kademliaAuth = Schema.decodeUnknownSync(kademliaAuthModule.params)({
        ...(protocols.kademlia as object),
        guard,
      });
      delete protocols.kademlia;
    }
    return { ...g, protocols };
  });
  return { ...s, nodes };
}
