import { protocolModule } from "../../runtime/protocol.js";
import { GossipParams } from "./config.js";
import { gossip } from "./index.js";

/** `protocols: { gossip: … }`: epidemic push plus push-pull anti-entropy over the membership view. */
export const gossipModule = protocolModule({
  key: "gossip",
  summary: "spreads published messages to every node (push, then push-pull anti-entropy)",
  params: GossipParams,
  create: (p) => gossip(p),
});
