import type { ActorDefinition } from "../../runtime/actor.js";
import { protocolModule } from "../../runtime/protocol.js";
import { referencesOf, resolveAll } from "../resolve.js";
import { ReachabilityParams } from "./config.js";
import { reachability } from "./index.js";

/** `protocols: { reachability: … }`: AutoNAT-like dial-backs that tell a node whether it is PUBLIC. */
export const reachabilityModule = protocolModule({
  key: "reachability",
  summary: "learns whether the node is reachable from outside (AutoNAT-like dial-backs)",
  params: ReachabilityParams,
  create: ({ servers, ...p }, ctx) => reachability({ ...p, servers: resolveAll(ctx, servers) }) as ActorDefinition,
  references: (p) => referencesOf("servers", p.servers),
});
