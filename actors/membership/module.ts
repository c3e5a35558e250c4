import { protocolModule } from "../../runtime/protocol.js";
import { MembershipParams } from "./config.js";
import { membership } from "./index.js";

/** `protocols: { membership: … }`: active and passive views, failure detection. */
export const membershipModule = protocolModule({
  key: "membership",
  summary: "keeps a small active view of neighbours and a passive view of replacements (HyParView-like)",
  params: MembershipParams,
  create: (p) => membership(p),
});
