import { base58btc } from "multiformats/bases/base58";

/**
 * How a string key or node id maps to the bytes that are hashed and put on the wire.
 * libp2p peer ids (`12D3KooW…`, `Qm…`, `16Uiu2…`) are base58btc multihashes and travel
 * as their multihash bytes, so our Kademlia keys equal stock @libp2p/kad-dht's; every
 * other string (simulator ids like `node-17`, record keys like `/v/x`) is UTF-8.
 * Bytes that are neither a multihash nor UTF-8 come back as `0x` + hex.
 */
const PEER_ID = /^(Qm|12D3Koo|16Uiu2)[1-9A-HJ-NP-Za-km-z]+$/;
const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** True if `b` is an identity (≤ 42 B digest) or sha2-256 multihash, the two peer id forms. */
function isPeerMultihash(b: Uint8Array): boolean {
  if (b.length < 3) return false;
  if (b[0] === 0x12) return b[1] === 0x20 && b.length === 34;
  return b[0] === 0x00 && b[1] === b.length - 2 && b.length <= 44;
}

/** The bytes of a key or node id (see the module comment). */
export function keyToBytes(key: string): Uint8Array<ArrayBuffer> {
  if (PEER_ID.test(key)) {
    try {
      const b = base58btc.baseDecode(key);
      if (isPeerMultihash(b)) return new Uint8Array(b);
    } catch {
      // not base58 after all: fall through to UTF-8
    }
  }
  if (key.startsWith("0x") && key.length > 2 && /^0x([0-9a-f]{2})+$/.test(key)) {
    const out = new Uint8Array((key.length - 2) / 2);
    for (let i = 0; i < out.length; i++) out[i] = parseInt(key.slice(2 + 2 * i, 4 + 2 * i), 16);
    return out;
  }
  return utf8.encode(key);
}

/** The key or node id whose bytes these are; the inverse of {@link keyToBytes}. */
export function bytesToKey(bytes: Uint8Array): string {
  if (isPeerMultihash(bytes)) return base58btc.baseEncode(bytes);
  try {
    const s = strictUtf8.decode(bytes);
    // A UTF-8 string that would read back as a peer id or hex must stay distinguishable.
    if (!PEER_ID.test(s) && !s.startsWith("0x")) return s;
  } catch {
    // not UTF-8
  }
  let hex = "0x";
  for (const b of bytes) hex += b.toString(16).padStart(2, "0");
  return hex;
}
