import type { Crypto } from "../../runtime/crypto.js";
import type { NodeId } from "../../runtime/driver.js";
import type { Authorizer } from "../kademlia/authorize.js";
import { saltedSeed, tokenKeyFrom } from "./keys.js";
import { checkToken } from "./token.js";
import type { RosterNode } from "./state.js";

/** Verified (token, presenter) pairs a backbone node remembers, so a busy client costs one signature check, not one per lookup. */
export const VERIFIED_CACHE_SIZE = 4096;

/** What {@link tokenGuard} needs: the roster, the node's region, the purpose, the crypto, and how token keys derive. */
export interface GuardInit {
  readonly roster: readonly RosterNode[];
  readonly region: string;
  readonly purpose: string;
  readonly crypto: Crypto;
  readonly keySalt?: string | undefined;
}

/** Every roster node's token public key: configured, or derived from the salt (simulator). */
export function issuerKeys(init: Omit<GuardInit, "region" | "purpose">): Map<NodeId, Uint8Array> {
  const keys = new Map<NodeId, Uint8Array>();
  for (const r of init.roster) {
    if (r.tokenKey !== undefined) keys.set(r.id, Uint8Array.from(Buffer.from(r.tokenKey, "hex")));
    else if (init.keySalt !== undefined)
      keys.set(r.id, tokenKeyFrom(init.crypto, saltedSeed(init.crypto, init.keySalt, r.id)).publicKey);
  }
  return keys;
}

/**
 * The backbone's Kademlia token check (a {@link Authorizer}): requests from backbone nodes
 * (DHT maintenance among themselves) are served; every other request must present a
 * session token valid here (see `checkToken`), else it is refused with the reason.
 */
export function tokenGuard(init: GuardInit): Authorizer {
  const issuers = issuerKeys(init);
  const backbone = new Set(init.roster.map((r) => r.id));
  // token ⏎ presenter → expiry (ms); insertion order gives a cheap LRU-ish eviction.
  const verified = new Map<string, number>();
  return ({ from, token, now }) => {
    if (backbone.has(from)) return undefined;
    if (typeof token !== "string") return "no-token";
    const key = `${token}\n${from}`;
    const exp = verified.get(key);
    if (exp !== undefined) {
      if (now < exp) return undefined;
      verified.delete(key);
      return "expired";
    }
    const r = checkToken(init.crypto, token, { issuers, region: init.region, now, from, purpose: init.purpose });
    if (!r.ok) return r.reason;
    if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value!);
    verified.set(key, r.claims.exp * 1000);
    return undefined;
  };
}
