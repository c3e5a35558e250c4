import { sha256 } from "@noble/hashes/sha2.js";
import { keyToBytes } from "./key-bytes.js";

/** A point in the Kademlia keyspace: 32 bytes for sha256 keys; tests may use shorter raw ids. */
export type KadKey = Uint8Array;

// sha256 is the hot path of every routing decision; ids and keys repeat, so memoize.
// Bounded so a long workload of fresh keys cannot grow memory without limit.
const memo = new Map<string, KadKey>();
const MEMO_LIMIT = 200_000;

/**
 * The Kademlia key of a node id or record key: sha256 of its bytes, as in the libp2p kad
 * spec (peer ids and CIDs hash their multihash bytes; other keys their UTF-8 bytes).
 */
export function kadKey(idOrKey: string): KadKey {
  let k = memo.get(idOrKey);
  if (k === undefined) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    k = sha256(keyToBytes(idOrKey));
    memo.set(idOrKey, k);
  }
  return k;
}

/** XOR of two equal-length keys: the Kademlia distance as bytes. */
export function xor(a: KadKey, b: KadKey): Uint8Array {
  if (a.length !== b.length) throw new RangeError(`xor of keys of different lengths: ${a.length} and ${b.length}`);
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}

/** The distance XOR(a, b) as an unsigned integer (big-endian), for reports and tests. */
export function distance(a: KadKey, b: KadKey): bigint {
  let d = 0n;
  for (const byte of xor(a, b)) d = (d << 8n) | BigInt(byte);
  return d;
}

/**
 * Compares how far `a` and `b` are from `target` without allocating: negative when `a`
 * is closer. Zero only when `a` and `b` are the same key.
 */
export function compareDistance(a: KadKey, b: KadKey, target: KadKey): number {
  for (let i = 0; i < target.length; i++) {
    const t = target[i]!;
    const da = a[i]! ^ t;
    const db = b[i]! ^ t;
    if (da !== db) return da - db;
  }
  return 0;
}

/** Number of leading bits `a` and `b` share; equals the key length in bits when they are equal. */
export function commonPrefixLength(a: KadKey, b: KadKey): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i]! ^ b[i]!;
    if (x !== 0) return i * 8 + Math.clz32(x) - 24;
  }
  return a.length * 8;
}

/** Value of bit `index` (0 = most significant bit of byte 0). */
export function bitAt(key: KadKey, index: number): 0 | 1 {
  return ((key[index >> 3]! >> (7 - (index & 7))) & 1) as 0 | 1;
}

/** Lowercase hex of a key, for logs and messages. */
export function toHex(key: KadKey): string {
  let s = "";
  for (const b of key) s += b.toString(16).padStart(2, "0");
  return s;
}

/** Parses lowercase or uppercase hex; returns undefined for anything else. */
export function fromHex(hex: string): KadKey | undefined {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return undefined;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}
