import * as Schema from "effect/Schema";
import type { ActorDefinition } from "../../runtime/actor.js";
import { protocolModule } from "../../runtime/protocol.js";
import { modelledCrypto } from "../../runtime/crypto/modelled.js";
import { realCrypto } from "../../runtime/crypto/real.js";
import { KademliaParams } from "../kademlia/config.js";
import { kademlia } from "../kademlia/index.js";
import { kademliaInit, kademliaModule } from "../kademlia/module.js";
import { RegionName, RosterEntry } from "./config.js";
import { tokenGuard } from "./guard.js";

/** What the token check needs; normally the same values as the node's `auth:` parameters. */
const GuardParams = Schema.Struct({
  region: RegionName,
  backbone: Schema.Array(RosterEntry),
  purpose: Schema.optionalWith(Schema.String, { default: () => "backbone-session", exact: true }),
  crypto: Schema.optionalWith(Schema.Literal("real", "modelled"), { default: () => "real" as const, exact: true }),
  keySalt: Schema.optional(Schema.String),
});

const CRYPTO = { real: realCrypto(), modelled: modelledCrypto() } as const;

/**
 * `protocols: { kademliaAuth: { …kademlia parameters, guard: {region, backbone, …} } }`: a
 * backbone node's Kademlia that serves requests from other backbone nodes, and from anyone
 * else only with a session token valid in its region (the `auth` actor issues them). The
 * actor is the plain `kad` actor with a token check hook, so it speaks the same wire.
 */
export const kademliaAuthModule = protocolModule({
  key: "kademliaAuth",
  summary: "backbone Kademlia that answers only backbone peers and holders of a valid session token",
  params: Schema.Struct({ ...KademliaParams.fields, guard: GuardParams }),
  create: ({ guard, ...p }, ctx) => {
    const roster = guard.backbone.flatMap((e) =>
      ctx.resolve(e.nodes).map((id) => ({ id, region: e.region, ...(e.tokenKey ? { tokenKey: e.tokenKey } : {}) })),
    );
    const authorize = tokenGuard({ ...guard, roster, crypto: CRYPTO[guard.crypto] });
    return kademlia({ ...kademliaInit(p, ctx), authorize }) as ActorDefinition;
  },
  references: (p) => p.guard.backbone.map((e, i) => ({ path: ["guard", "backbone", i, "nodes"], name: e.nodes })),
  // The same wire as plain Kademlia. Over libp2p that is kad-dht's protobuf, which has no token
  // field: token-checked lookups run in the simulator and between meshtwin nodes only (docs/backbone.md).
  wire: kademliaModule.wire,
});
