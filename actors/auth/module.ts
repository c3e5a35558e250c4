import { protocolModule } from "../../runtime/protocol.js";
import { AuthParams } from "./config.js";
import { auth } from "./index.js";

/**
 * `protocols: { auth: … }`: the authenticated backbone's challenge/response. A node of role
 * `backbone` serves it; any other node authenticates to its region's backbone. Over libp2p
 * it travels as `/meshtwin/auth/1.0.0` with JSON frames (the default wire).
 */
export const authModule = protocolModule({
  key: "auth",
  summary: "ML-DSA-87 challenge/response to the backbone, session tokens (JWT, EdDSA), regions and failover",
  params: AuthParams,
  create: ({ backbone, ...p }, ctx) =>
    auth({
      ...p,
      role: ctx.role === "backbone" ? "backbone" : "light",
      roster: backbone.flatMap((e) =>
        ctx.resolve(e.nodes).map((id) => ({ id, region: e.region, ...(e.tokenKey ? { tokenKey: e.tokenKey } : {}) })),
      ),
    }),
  references: (p) => p.backbone.map((e, i) => ({ path: ["backbone", i, "nodes"], name: e.nodes })),
});

export { kademliaAuthModule } from "./kademlia-module.js";
