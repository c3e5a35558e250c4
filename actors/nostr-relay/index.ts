export { NostrRelayParams, Team, TeamMember, type NostrRelayInit } from "./params.js";
export type { NostrRelayContext, NostrRelayEvent, NostrRelayPersisted } from "./machine.js";
export type { RelayStore } from "./store.js";
export type { NostrEvent } from "./event.js";
export { checkEvent, kindClass } from "./event.js";
export { setSignatureVerifier, signEvent, useWasmSignatures } from "./crypto.js";
export { simPubkey, simSecretKey } from "./sim-keys.js";
export * from "./bootstrap.js";
export { relayInformation } from "./nip11.js";
export type { SyncReport } from "./peer-sync.js";

export { nostrRelayModule } from "./module.js";
export { nostrRelay, NOSTR_RELAY_ACCEPTS, type NostrRelayComponents } from "./factory.js";
export { NostrClientParams, type NostrClientInit } from "./client/params.js";
export { auxFrom, publicKeyOf, type SignatureScheme } from "./crypto.js";
