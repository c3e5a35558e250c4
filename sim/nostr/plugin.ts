import { useWasmSignatures } from "../../actors/nostr-relay/index.js";
import { expectationKind, workloadKind, type SimPlugin } from "../plugin.js";
import { armConverged, armDelivery, armRefused, NostrConverged, NostrDelivery, NostrRefused } from "./expect.js";
import { nostrFacts } from "./observe.js";
import { checkTeam, expandTeam, NostrScenarioSpec } from "./team.js";
import { NostrMessageWorkload, scheduleNostrMessages } from "./workload.js";
import * as Schema from "effect/Schema";

// Real BIP-340 in the simulated relays and clients: the WASM implementation (same results, ~4× faster).
await useWasmSignatures();

/**
 * Nostr in the simulator: `nostr.team` (a team named by groups), the `nostr.message`
 * workload, and the `nostr.delivery`, `nostr.refused` and `nostr.converged` expectations.
 * Relays and clients are the `nostr-relay` actor (a client is `serve: false` with `client:`).
 */
export const nostrPlugin: SimPlugin = {
  name: "nostr",
  scenarioFields: { nostr: Schema.optional(NostrScenarioSpec) },
  check: checkTeam,
  expand: expandTeam,
  workloads: {
    "nostr.message": workloadKind({
      schema: NostrMessageWorkload,
      references: (w) => [
        { path: ["from"], selector: w.from },
        { path: ["to"], selector: w.to },
      ],
      schedule: scheduleNostrMessages,
    }),
  },
  expectations: {
    "nostr.delivery": expectationKind({
      schema: NostrDelivery,
      references: (s) => [
        { path: ["from"], selector: s.from },
        { path: ["to"], selector: s.to },
      ],
      arm: (w, s, i) => armDelivery(w, s, i),
    }),
    "nostr.refused": expectationKind({
      schema: NostrRefused,
      references: (s) => [
        { path: ["clients"], selector: s.clients },
        { path: ["relays"], selector: s.relays },
      ],
      arm: (w, s, i) => armRefused(w, s, i),
    }),
    "nostr.converged": expectationKind({
      schema: NostrConverged,
      references: (s) => s.relays.map((selector, i) => ({ path: ["relays", i], selector })),
      arm: (w, s, i) => armConverged(w, s, i),
    }),
  },
  install(world) {
    // Nothing to watch or report in a scenario without Nostr relays.
    if (!world.scenario.nodes.some((g) => g.protocols !== undefined && "nostr-relay" in g.protocols)) return undefined;
    const facts = nostrFacts(world);
    const report = () => ({
      messages: facts.sent.size,
      delivered: [...facts.sent.values()].filter((m) => m.receivedAt !== undefined).length,
      refusals: facts.refused.length,
      syncRounds: facts.syncs.length,
      syncedEvents: facts.syncs.reduce((n, s) => n + Number(s.data.sent ?? 0) + Number(s.data.fetched ?? 0), 0),
    });
    return {
      report,
      summary: () => {
        const r = report();
        return {
          "nostr messages": `${r.delivered}/${r.messages} delivered`,
          "nostr refusals": String(r.refusals),
          "nostr sync": `${r.syncRounds} rounds, ${r.syncedEvents} events moved`,
        };
      },
    };
  },
};
