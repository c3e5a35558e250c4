import type { ActorDefinition } from "../../runtime/actor.js";
import { protocolModule } from "../../runtime/protocol.js";
import { referencesOf, resolveAll } from "../resolve.js";
import { RelayParams } from "./config.js";
import { relay } from "./index.js";

/** `protocols: { relay: … }`: reservations on PUBLIC nodes and relayed messages (circuit-relay-v2-like). */
export const relayModule = protocolModule({
  key: "relay",
  summary: "private nodes reserve slots on public ones, which forward for them (circuit-relay-v2-like)",
  params: RelayParams,
  create: ({ servers, ...p }, ctx) => relay({ ...p, servers: resolveAll(ctx, servers) }) as ActorDefinition,
  references: (p) => referencesOf("servers", p.servers),
});
