import type { NodeId } from "../../runtime/driver.js";
import { expectationKind, workloadKind, type SimPlugin } from "../plugin.js";
import type { World } from "../world.js";
import { countBackboneBytes, type ByteCounters } from "./counters.js";
import { armAuthenticated, armDiscovery, armTokensRefused, judgeBackboneBytes } from "./expect.js";
import { expandBackbone } from "./expand.js";
import { armP2p, P2pExpectation } from "./p2p.js";
import {
  AuthenticatedExpectation,
  BackboneBytesExpectation,
  BackboneGroupFields,
  ContactsWorkload,
  DiscoveryExpectation,
  TokenAttackWorkload,
  TokensRefusedExpectation,
} from "./spec.js";
import { scheduleContacts, scheduleTokenAttack } from "./workload.js";

const counted = new WeakMap<World, Map<NodeId, ByteCounters>>();
const countersOf = (world: World) => {
  let c = counted.get(world);
  if (!c) counted.set(world, (c = countBackboneBytes(world)));
  return c;
};

/** Totals over the backbone, by purpose: the report section and the summary lines. */
function totals(world: World) {
  const out: Record<string, { sent: number; received: number }> = {};
  for (const c of countersOf(world).values())
    for (const [p, v] of Object.entries(c)) {
      const t = (out[p] ??= { sent: 0, received: 0 });
      t.sent += v.sent;
      t.received += v.received;
    }
  return out;
}

/**
 * The authenticated backbone in the simulator: `region:` and `kind:` on node groups;
 * groups with a region get the `auth` actor and backbone groups the token-checked
 * Kademlia (see `expand.ts`); the `contacts` and `tokenAttack` workloads; the
 * `authenticated`, `tokensRefused`, `discovery` and `backboneBytes` expectations; byte
 * counters by purpose on every backbone node in the report.
 */
export const backbonePlugin: SimPlugin = {
  name: "backbone",
  groupFields: BackboneGroupFields,
  workloads: {
    contacts: workloadKind({
      schema: ContactsWorkload,
      schedule: scheduleContacts,
      references: (w) => [
        ...(w.from !== undefined ? [{ path: ["from"], selector: w.from }] : []),
        ...(w.targets !== undefined ? [{ path: ["targets"], selector: w.targets }] : []),
      ],
    }),
    tokenAttack: workloadKind({
      schema: TokenAttackWorkload,
      schedule: scheduleTokenAttack,
      references: (w) => [{ path: ["from"], selector: w.from }],
    }),
  },
  expectations: {
    authenticated: expectationKind({ schema: AuthenticatedExpectation, arm: (w, s, i) => armAuthenticated(w, s, i) }),
    tokensRefused: expectationKind({ schema: TokensRefusedExpectation, arm: (w, s, i) => armTokensRefused(w, s, i) }),
    p2p: expectationKind({ schema: P2pExpectation, arm: (w, s, i) => armP2p(w, s, i) }),
    discovery: expectationKind({ schema: DiscoveryExpectation, arm: (w, s, i) => armDiscovery(w, s, i) }),
    backboneBytes: expectationKind({
      schema: BackboneBytesExpectation,
      arm: (world, spec, index) => {
        const c = countersOf(world);
        return () => judgeBackboneBytes(c, spec, index);
      },
    }),
  },
  check(s) {
    // A PRIVATE light group never relays: naming it as a relay server is a file error.
    const priv = new Set(s.nodes.filter((g) => g.kind === "PRIVATE").map((g) => g.group));
    const issues: { path: (string | number)[]; message: string }[] = [];
    s.nodes.forEach((g, i) => {
      const servers = (g.protocols?.relay as { servers?: readonly string[] } | undefined)?.servers ?? [];
      servers.forEach((name, j) => {
        if (priv.has(name))
          issues.push({
            path: ["nodes", i, "protocols", "relay", "servers", j],
            message: `group '${name}' is PRIVATE: it never relays`,
          });
      });
      if (g.kind !== undefined && g.role !== "light")
        issues.push({ path: ["nodes", i, "kind"], message: "PUBLIC/PRIVATE applies to light nodes (role: light)" });
    });
    return issues;
  },
  expand: expandBackbone,
  install(world) {
    if (!world.nodes.some((n) => n.role === "backbone")) return undefined;
    countersOf(world);
    return {
      report: () => ({ bytes: totals(world), perNode: Object.fromEntries(countersOf(world)) }),
      summary: () => {
        const t = totals(world);
        const line = (p: string) => `${(t[p]?.sent ?? 0) + (t[p]?.received ?? 0)} B`;
        return {
          "backbone bytes": `auth ${line("auth")}, lookup ${line("lookup")}, dht ${line("dht")}, user ${line("user")}`,
        };
      },
    };
  },
};
