import { protocolModule } from "../../runtime/protocol.js";
import { referencesOf } from "../resolve.js";
import { DiscoveryParams } from "./config.js";
import { discovery } from "./index.js";

/** `protocols: { discovery: … }`: seeds, cached peers, LAN broadcast and peer exchange; the node's mode. */
export const discoveryModule = protocolModule({
  key: "discovery",
  summary: "finds peers (seeds, cache, local broadcast, peer exchange) and reports the node's mode",
  params: DiscoveryParams,
  create: ({ seeds, ...rest }, ctx) =>
    discovery({ ...rest, seeds: seeds.flatMap((s) => ctx.resolve(s)).filter((id) => id !== ctx.id) }),
  references: (p) => referencesOf("seeds", p.seeds),
});
