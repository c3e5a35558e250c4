import type { ActorEnv, ActorEvent } from "../../runtime/actor.js";
import type { Crypto } from "../../runtime/crypto.js";
import { modelledCrypto } from "../../runtime/crypto/modelled.js";
import { realCrypto } from "../../runtime/crypto/real.js";
import type { NodeId } from "../../runtime/driver.js";
import type { AuthParams } from "./config.js";
import type { AuthMessage } from "./messages.js";
import { identityFrom, rngBytes, saltedSeed, tokenKeyFrom, type Identity } from "./keys.js";
import type { Region } from "./regions.js";

/** A roster entry with its names resolved to node ids. */
export interface RosterNode {
  readonly id: NodeId;
  readonly region: Region;
  /** Hex Ed25519 token public key, when the configuration gives it. */
  readonly tokenKey?: string;
}

/** The actor's init: decoded parameters, the node's role and the resolved roster. */
export type AuthInit = Omit<AuthParams, "backbone"> & {
  readonly role: "backbone" | "light";
  readonly roster: readonly RosterNode[];
};

/** Counters of one node, for reports and tests. */
export interface AuthStats {
  challenges: number;
  issued: number;
  refused: Record<string, number>;
  sessions: number;
}

/** A light node's authentication in progress. */
export interface Attempt {
  readonly rid: number;
  readonly to: NodeId;
  phase: "challenge" | "authenticate";
}

/** The actor's mutable state (changed only inside the machine's transition, as in `actors/kademlia`). */
export interface AuthState {
  readonly cfg: AuthInit;
  readonly crypto: Crypto;
  readonly me: Identity;
  readonly stats: AuthStats;
  /** Backbone: token public keys of every roster node, by node id. */
  readonly issuers: Map<NodeId, Uint8Array>;
  /** Backbone: open challenges by nonce (hex): who may answer, until when. Single use. */
  readonly challenges: Map<string, { readonly from: NodeId; readonly expires: number }>;
  /** Backbone: when the modelled CPU is free again (verifications queue behind each other). */
  cpuFreeAt: number;
  /** Light: backbone nodes to try, home region first, then its neighbours. */
  readonly candidates: NodeId[];
  next: number;
  nextRid: number;
  attempt: Attempt | undefined;
  token: string | undefined;
  expires: number | undefined;
}

// One instance per kind: the modelled crypto's signatures verify only under the same world secret.
const CRYPTO = { real: realCrypto(), modelled: modelledCrypto() } as const;

/** Effects collected during one step, enqueued by the machine as the host's named actions. */
export class Out {
  readonly effects: { type: string; params: unknown }[] = [];
  send(to: NodeId, msg: AuthMessage | ActorEvent): void {
    this.effects.push({ type: "send", params: { to, msg } });
  }
  setTimer(key: string, ms: number, event: ActorEvent): void {
    this.effects.push({ type: "setTimer", params: { key, ms: Math.max(0, ms), event } });
  }
  cancelTimer(key: string): void {
    this.effects.push({ type: "cancelTimer", params: { key } });
  }
  tell(actor: string, event: ActorEvent): void {
    this.effects.push({ type: "tell", params: { actor, event } });
  }
  observe(type: string, data: unknown): void {
    this.effects.push({ type: "observe", params: { type, data } });
  }
}

const hexBytes = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex, "hex"));

/** The node's key seed: configured, derived from the salt, or drawn from its Rng. */
function seedOf(cfg: AuthInit, crypto: Crypto, env: ActorEnv): Uint8Array {
  if (cfg.key !== undefined) return hexBytes(cfg.key);
  if (cfg.keySalt !== undefined) return saltedSeed(crypto, cfg.keySalt, env.self);
  return rngBytes(env.rng.fork("auth-key"));
}

/** Builds a node's state: its keys, and (backbone) every roster node's token key. */
export function createState(cfg: AuthInit, env: ActorEnv): AuthState {
  const crypto = CRYPTO[cfg.crypto];
  const me = identityFrom(crypto, seedOf(cfg, crypto, env));
  const issuers = new Map<NodeId, Uint8Array>();
  if (cfg.role === "backbone") {
    for (const r of cfg.roster) {
      if (r.tokenKey !== undefined) issuers.set(r.id, hexBytes(r.tokenKey));
      else if (cfg.keySalt !== undefined)
        issuers.set(r.id, tokenKeyFrom(crypto, saltedSeed(crypto, cfg.keySalt, r.id)).publicKey);
    }
    issuers.set(env.self, me.token.publicKey);
  }
  return {
    cfg,
    crypto,
    me,
    stats: { challenges: 0, issued: 0, refused: {}, sessions: 0 },
    issuers,
    challenges: new Map(),
    cpuFreeAt: 0,
    candidates: [],
    next: 0,
    nextRid: 1,
    attempt: undefined,
    token: undefined,
    expires: undefined,
  };
}
