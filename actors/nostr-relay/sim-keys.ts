import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { publicKeyOf } from "./crypto.js";

const pubkeys = new Map<string, string>();

/**
 * The Nostr secret key of a simulated node, derived from its id so that a scenario's
 * team list can name groups and the plug-in can compute their public keys. Only for the
 * simulator and tests: a real relay or node always has a random key.
 */
export function simSecretKey(nodeId: string): Uint8Array {
  return sha256(new TextEncoder().encode(`meshtwin/nostr-sim-key/${nodeId}`));
}

/** The public key (hex) of {@link simSecretKey}; cached, as it costs a point multiplication. */
export function simPubkey(nodeId: string): string {
  let pk = pubkeys.get(nodeId);
  if (!pk) pubkeys.set(nodeId, (pk = publicKeyOf(simSecretKey(nodeId))));
  return pk;
}

/** Hex of a simulated node's secret key. */
export const simSecretKeyHex = (nodeId: string): string => bytesToHex(simSecretKey(nodeId));
