import type { ActorDefinition } from "../../runtime/actor.js";
import { protocolModule } from "../../runtime/protocol.js";
import { HolepunchParams } from "./config.js";
import { holepunch } from "./index.js";

/** `protocols: { holepunch: … }`: direct, punched or relayed path per peer (DCUtR-like). */
export const holepunchModule = protocolModule({
  key: "holepunch",
  summary: "picks a path to each peer: direct, hole-punched, or through a relay (DCUtR-like)",
  params: HolepunchParams,
  create: (p) => holepunch(p) as ActorDefinition,
});
