import * as Schema from "effect/Schema";
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

const Rid = Schema.Int.pipe(Schema.nonNegative());
const Hex32 = Schema.String.pipe(Schema.pattern(/^[0-9a-f]{64}$/));
const B64url = Schema.String.pipe(Schema.pattern(/^[A-Za-z0-9_-]+$/), Schema.maxLength(16_384));

/** The shapes the host checks every auth frame against (what the values mean is the machine's call). */
export const AuthWire = Schema.Union(
  Schema.Struct({ type: Schema.Literal("CHALLENGE_REQUEST"), rid: Rid }),
  Schema.Struct({ type: Schema.Literal("CHALLENGE"), rid: Rid, nonce: Hex32 }),
  Schema.Struct({
    type: Schema.Literal("AUTHENTICATE"),
    rid: Rid,
    nonce: Hex32,
    publicKey: B64url,
    signature: B64url,
    purpose: Schema.String.pipe(Schema.maxLength(200)),
  }),
  Schema.Struct({
    type: Schema.Literal("SESSION"),
    rid: Rid,
    token: Schema.String.pipe(Schema.maxLength(4096)),
    expires: Schema.Number,
    backbone: Schema.Array(Schema.Struct({ id: Schema.String, region: Schema.String })),
  }),
  Schema.Struct({ type: Schema.Literal("AUTH_REFUSED"), rid: Rid, reason: Schema.String }),
);
