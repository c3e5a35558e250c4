import { schnorr } from "@noble/curves/secp256k1.js";
import { sha512 } from "@noble/hashes/sha2.js";
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import { finalizeEvent as pureFinalize, getEventHash, getPublicKey as pureGetPublicKey } from "nostr-tools/pure";
import { verifyEvent as pureVerify } from "nostr-tools/pure";
import type { NostrEvent } from "./nostr-event.js";

/**
 * How events are signed and checked. `bip340` is Nostr's (nostr-tools). `modelled` is for
 * the simulator only: the signature is a hash of the author's public key and the event id,
 * so it costs a hash, is deterministic, and is trivially forged: use it where no simulated
 * node forges signatures (refusals there come from team membership, not from bad keys).
 */
export type SignatureScheme = "bip340" | "modelled";

type Template = { kind: number; created_at: number; tags: string[][]; content: string };
type Verify = (event: Parameters<typeof pureVerify>[0]) => boolean;
type Finalize = (t: Template, sk: Uint8Array) => NostrEvent;

let verifyImpl: Verify = pureVerify;
let finalizeImpl: Finalize = pureFinalize;
let publicKeyImpl: (sk: Uint8Array) => string = pureGetPublicKey;

const MODEL_DOMAIN = new TextEncoder().encode("meshtwin/modelled-signature/");
const modelledSig = (pubkey: string, id: string): string =>
  bytesToHex(sha512(new Uint8Array([...MODEL_DOMAIN, ...hexToBytes(pubkey), ...hexToBytes(id)])));

/** Checks an event's signature (its id is checked by the caller) under a scheme. */
export function verifySignature(ev: NostrEvent, scheme: SignatureScheme = "bip340"): boolean {
  if (scheme === "modelled") return ev.sig === modelledSig(ev.pubkey, ev.id);
  // verifyEvent caches a symbol on the object: check a copy so nothing sticks to ours.
  return verifyImpl({ ...ev, tags: ev.tags as string[][] });
}

/** The x-only public key (hex) of a secret key, with the installed implementation. */
export const publicKeyOf = (sk: Uint8Array): string => publicKeyImpl(sk);

/** Options of {@link signEvent}. */
export interface SignOptions {
  /** @default "bip340" */
  readonly scheme?: SignatureScheme;
  /**
   * BIP-340 auxiliary randomness (32 bytes). Given, the signature is a function of the
   * inputs (actors pass bytes from their seeded rng, so a simulated run is reproducible);
   * absent, the installed implementation draws fresh randomness.
   */
  readonly aux?: Uint8Array;
}

/** Signs an event template; returns a plain object (no verified marker), as it would arrive off the wire. */
export function signEvent(t: Template, sk: Uint8Array, opts: SignOptions = {}): NostrEvent {
  if (opts.scheme === "modelled" || opts.aux) {
    const pubkey = publicKeyImpl(sk);
    const id = getEventHash({ ...t, pubkey });
    const sig =
      opts.scheme === "modelled" ? modelledSig(pubkey, id) : bytesToHex(schnorr.sign(hexToBytes(id), sk, opts.aux));
    return { id, pubkey, created_at: t.created_at, kind: t.kind, tags: t.tags, content: t.content, sig };
  }
  const ev = finalizeImpl(t, sk);
  return {
    id: ev.id,
    pubkey: ev.pubkey,
    created_at: ev.created_at,
    kind: ev.kind,
    tags: ev.tags,
    content: ev.content,
    sig: ev.sig,
  };
}

/**
 * Replaces the BIP-340 implementation (default: nostr-tools' pure JS). Results are
 * identical, so determinism is unaffected; process-wide, like a crypto provider.
 */
export function setSignatureVerifier(
  verify: Verify,
  finalize?: Finalize,
  publicKey?: (sk: Uint8Array) => string,
): void {
  verifyImpl = verify;
  if (finalize) finalizeImpl = finalize;
  if (publicKey) publicKeyImpl = publicKey;
}

let wasm: Promise<void> | undefined;

/**
 * Loads nostr-tools' WASM secp256k1 (nostr-wasm; works in browsers and Node) and installs
 * it: about 4× faster than pure JS here. Idempotent.
 */
export function useWasmSignatures(): Promise<void> {
  wasm ??= (async () => {
    const [{ initNostrWasm }, tools] = await Promise.all([import("nostr-wasm"), import("nostr-tools/wasm")]);
    tools.setNostrWasm(await initNostrWasm());
    setSignatureVerifier(tools.verifyEvent, tools.finalizeEvent as unknown as Finalize, tools.getPublicKey);
  })();
  return wasm;
}

/** 32 bytes from a seeded stream, as BIP-340 auxiliary randomness. */
export function auxFrom(rng: { hex64(): string }): Uint8Array {
  return hexToBytes(rng.hex64() + rng.hex64() + rng.hex64() + rng.hex64());
}
