import * as Schema from "effect/Schema";
import type { ActorDefinition } from "../../runtime/actor.js";
import { protocolModule } from "../../runtime/protocol.js";
import { KademliaParams } from "../../actors/kademlia/config.js";
import { kademlia } from "../../actors/kademlia/index.js";
import { kademliaInit } from "../../actors/kademlia/module.js";
import type { SimPlugin } from "../plugin.js";
import { hasSybilDefences, withoutSybilDefences } from "./baseline.js";
import { sybilFilter } from "./behaviour.js";
import { expandSybil } from "./expand.js";
import { SybilSpec } from "./sybil.js";

/** A Sybil's Kademlia: honest parameters plus what it does to requests and who its colluders are (a group). */
const kademliaSybilModule = protocolModule({
  key: "kademliaSybil",
  summary: "simulation only: a Kademlia node that drops, misroutes or eclipses lookups",
  params: Schema.Struct({
    ...KademliaParams.fields,
    behaviour: Schema.Literal("drop", "misroute", "eclipse"),
    colluders: Schema.String,
  }),
  create: ({ behaviour, colluders, ...p }, ctx) =>
    kademlia({
      ...kademliaInit(p, ctx),
      answerFilter: sybilFilter(behaviour, ctx.resolve(colluders)),
    }) as ActorDefinition,
});

/**
 * Sybil attacks on the DHT: `sybil:` in a scenario adds a group of attackers with ids
 * ground near a target; a scenario with defences also runs, and reports, the same attack
 * with every defence off.
 */
export const sybilPlugin: SimPlugin = {
  name: "sybil",
  protocols: [kademliaSybilModule],
  scenarioFields: { sybil: Schema.optional(SybilSpec) },
  expand: expandSybil,
  baselines: (s) => (hasSybilDefences(s) ? [{ label: "Sybil defences off", scenario: withoutSybilDefences(s) }] : []),
};
