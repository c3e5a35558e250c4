import type { NodeId } from "../../runtime/driver.js";

/** Light → backbone: please send me a challenge. */
export interface ChallengeRequest {
  readonly type: "CHALLENGE_REQUEST";
  readonly rid: number;
}
/** Backbone → light: 32 random bytes to sign, single use, valid for `challengeTimeout`. */
export interface Challenge {
  readonly type: "CHALLENGE";
  readonly rid: number;
  /** 64 hex characters. */
  readonly nonce: string;
}
/** Light → backbone: the signed challenge and the ML-DSA-87 public key it verifies under. */
export interface Authenticate {
  readonly type: "AUTHENTICATE";
  readonly rid: number;
  readonly nonce: string;
  /** base64url, 2,592 bytes decoded. */
  readonly publicKey: string;
  /** base64url, 4,627 bytes decoded. */
  readonly signature: string;
  readonly purpose: string;
}
/** Backbone → light: the session. */
export interface Session {
  readonly type: "SESSION";
  readonly rid: number;
  readonly token: string;
  /** Expiry in ms on the issuer's clock. */
  readonly expires: number;
  /** Backbone nodes of the issuer's region and its neighbours, home region first. */
  readonly backbone: readonly { readonly id: NodeId; readonly region: string }[];
}
/** Backbone → light: no session, and why. */
export interface Refused {
  readonly type: "AUTH_REFUSED";
  readonly rid: number;
  readonly reason: AuthRefusal;
}

/** Why a backbone node refused to authenticate. */
export type AuthRefusal = "malformed" | "unknown-challenge" | "bad-signature" | "purpose" | "busy";

export type AuthMessage = ChallengeRequest | Challenge | Authenticate | Session | Refused;

/** Types a backbone node accepts from the network. */
export const BACKBONE_TYPES = ["CHALLENGE_REQUEST", "AUTHENTICATE"] as const;
/** Types a light node accepts from the network. */
export const LIGHT_TYPES = ["CHALLENGE", "SESSION", "AUTH_REFUSED"] as const;
