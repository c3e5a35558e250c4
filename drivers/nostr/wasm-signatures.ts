/** Production hosts load WASM signatures through the actor's own switch (one implementation for both). */
export { useWasmSignatures } from "../../actors/nostr-relay/index.js";
