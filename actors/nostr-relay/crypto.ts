import { finalizeEvent as pureFinalize, verifyEvent as pureVerify } from "nostr-tools/pure";
import type { NostrEvent } from "./nostr-event.js";

type Verify = (event: Parameters<typeof pureVerify>[0]) => boolean;
type Finalize = (
  t: { kind: number; created_at: number; tags: string[][]; content: string },
  sk: Uint8Array,
) => NostrEvent;

let verifyImpl: Verify = pureVerify;
let finalizeImpl: Finalize = pureFinalize;

/** Checks an event's BIP-340 signature (and id) with the installed implementation. */
export const verifySignature: Verify = (ev) => verifyImpl(ev);

/** Signs an event template; returns a plain object (no verified marker), as it would arrive off the wire. */
export function signEvent(t: Parameters<Finalize>[0], sk: Uint8Array): NostrEvent {
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
export function setSignatureVerifier(verify: Verify, finalize?: Finalize): void {
  verifyImpl = verify;
  if (finalize) finalizeImpl = finalize;
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
    setSignatureVerifier(tools.verifyEvent, tools.finalizeEvent as unknown as Finalize);
  })();
  return wasm;
}
