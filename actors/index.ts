/** The protocol actors. Each factory takes `init` (partial, documented defaults) and returns an ActorDefinition. */
export { discovery, DISCOVERY_DEFAULTS } from "./discovery/index.js";
export type { DiscoveryContext, DiscoveryInit, DiscoveryMode, DiscoveryPersisted } from "./discovery/index.js";
export { membership, MEMBERSHIP_DEFAULTS } from "./membership/index.js";
export type { MembershipContext, MembershipInit, MembershipPersisted } from "./membership/index.js";
export { gossip, GOSSIP_DEFAULTS } from "./gossip/index.js";
export type { GossipContext, GossipInit, GossipItem, GossipPersisted } from "./gossip/index.js";
