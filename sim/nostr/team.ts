import * as Schema from "effect/Schema";
import { simPubkey } from "../../actors/nostr-relay/index.js";
import type { LoadedScenario, NodeGroup } from "../scenario/types.js";

/**
 * `nostr: { team: … }` at the top of a scenario: a team named by groups instead of
 * public keys. Before the run, the plug-in writes the members' keys (the simulator
 * derives each node's key from its id) into the `team` parameter of every relay group
 * listed under `relays`, which makes those relays team-only.
 */
export const NostrScenarioSpec = Schema.Struct({
  team: Schema.Struct({
    name: Schema.optional(Schema.String),
    /** Groups whose nodes are members (read and write). */
    members: Schema.Array(Schema.String),
    /** Groups of the team's relays: members, exempt from rate limits, and made team-only. */
    relays: Schema.Array(Schema.String),
  }),
});
export type NostrScenarioSpec = typeof NostrScenarioSpec.Type;

const idsOf = (g: NodeGroup): string[] => Array.from({ length: g.count }, (_, i) => g.ids?.[i] ?? `${g.group}-${i}`);

/** Problems only the whole document shows: team groups that do not exist or relays without the relay actor. */
export function checkTeam(s: LoadedScenario): { path: (string | number)[]; message: string }[] {
  const spec = s.nostr as NostrScenarioSpec | undefined;
  if (!spec) return [];
  const groups = new Map(s.nodes.map((g) => [g.group, g]));
  const out: { path: (string | number)[]; message: string }[] = [];
  spec.team.members.forEach((m, i) => {
    if (!groups.has(m))
      out.push({ path: ["nostr", "team", "members", i], message: `expected a group name, got "${m}"` });
  });
  spec.team.relays.forEach((r, i) => {
    const g = groups.get(r);
    if (!g) out.push({ path: ["nostr", "team", "relays", i], message: `expected a group name, got "${r}"` });
    else if (!g.protocols?.["nostr-relay"])
      out.push({ path: ["nostr", "team", "relays", i], message: `group "${r}" runs no nostr-relay` });
  });
  return out;
}

/** Writes the team (as public keys) into the relay groups' `nostr-relay` parameters. */
export function expandTeam(s: LoadedScenario): LoadedScenario {
  const spec = s.nostr as NostrScenarioSpec | undefined;
  if (!spec) return s;
  const byGroup = new Map(s.nodes.map((g) => [g.group, g]));
  const members = spec.team.members
    .flatMap((m) => idsOf(byGroup.get(m)!))
    .map((id) => ({
      pubkey: simPubkey(id),
      name: id,
      read: true,
      write: true,
      relay: false,
    }));
  const relays = spec.team.relays
    .flatMap((r) => idsOf(byGroup.get(r)!))
    .map((id) => ({
      pubkey: simPubkey(id),
      name: id,
      read: true,
      write: true,
      relay: true,
    }));
  const team = { name: spec.team.name ?? "team", members: [...members, ...relays] };
  const relayGroups = new Set(spec.team.relays);
  return {
    ...s,
    nodes: s.nodes.map((g) =>
      relayGroups.has(g.group)
        ? {
            ...g,
            protocols: {
              ...g.protocols,
              "nostr-relay": { ...(g.protocols!["nostr-relay"] as object), team },
            },
          }
        : g,
    ),
  };
}
