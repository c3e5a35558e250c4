import { initNostrWasm } from "nostr-wasm";
import { setNostrWasm, verifyEvent } from "nostr-tools/wasm";
import { setSignatureVerifier } from "../../actors/nostr-relay/index.js";

let ready: Promise<void> | undefined;

/**
 * Loads nostr-tools' WASM secp256k1 (nostr-wasm) and makes the relay actor check
 * signatures with it. Idempotent; production hosts, benchmarks and heavy tests call it.
 */
export function useWasmSignatures(): Promise<void> {
  ready ??= (async () => {
    setNostrWasm(await initNostrWasm());
    setSignatureVerifier(verifyEvent);
  })();
  return ready;
}
