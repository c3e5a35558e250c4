/** The protocol actors. Each factory takes `init` (partial, documented defaults) and returns an ActorDefinition. */
export { discovery } from "./discovery/index.js";
export type { DiscoveryInit, DiscoveryMode, DiscoveryPersisted } from "./discovery/index.js";
export { membership } from "./membership/index.js";
export type { MembershipInit, MembershipPersisted } from "./membership/index.js";
export { gossip } from "./gossip/index.js";
export type { GossipInit, GossipItem, GossipPersisted } from "./gossip/index.js";
