import type { ProtocolModule } from "../runtime/protocol.js";
import { discoveryModule } from "./discovery/module.js";
import { gossipModule } from "./gossip/module.js";
import { holepunchModule } from "./holepunch/module.js";
import { kademliaModule } from "./kademlia/module.js";
import { membershipModule } from "./membership/module.js";
import { notifyModule } from "./notify/module.js";
import { reachabilityModule } from "./reachability/module.js";
import { registrantModule } from "./registrant/module.js";
import { registryModule } from "./registry/module.js";
import { relayModule } from "./relay/module.js";
import { nostrRelayModule } from "./nostr-relay/module.js";
import { authModule, kademliaAuthModule } from "./auth/module.js";

/**
 * Every protocol a node can run, by its key under `protocols:`. The scenario grammar,
 * node configs, the simulator and the production node all read this list: adding a
 * protocol is one folder under `actors/` and one line here (docs/adding-a-protocol.md).
 */
export const protocolModules: readonly ProtocolModule[] = [
  discoveryModule,
  membershipModule,
  gossipModule,
  kademliaModule,
  reachabilityModule,
  relayModule,
  holepunchModule,
  nostrRelayModule,
  registryModule,
  registrantModule,
  notifyModule,
  authModule,
  kademliaAuthModule,
];

/** Protocols a node runs when its `protocols:` is absent. */
export const defaultProtocols = { discovery: {}, membership: {}, gossip: {} } as const;
