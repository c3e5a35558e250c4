import { protocolModule } from "../../runtime/protocol.js";
import { nostrRelay } from "./factory.js";
import { NostrRelayParams, type NostrRelayInit } from "./params.js";

/** The protocol module (`protocols: { nostr-relay: … }`). */
export const nostrRelayModule = protocolModule<NostrRelayInit>({
  key: "nostr-relay",
  params: NostrRelayParams,
  summary: "An embedded Nostr relay (NIP-01/09/11/40/42/45/77), optionally team-only, synced with peer relays",
  create: (params, ctx) =>
    nostrRelay(params, {
      peers: params.peers.flatMap((p) => (p.includes("://") ? [p] : ctx.resolve(p))),
      clientRelays: (params.client?.relays ?? []).flatMap((p) => ctx.resolve(p)),
    }),
  references: (params) =>
    params.peers.flatMap((name, i) =>
      name.includes("://") ? [] : [{ path: ["peers", i] as (string | number)[], name }],
    ),
});
