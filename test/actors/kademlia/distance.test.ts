import { describe, expect, it } from "vitest";
import { sha256 } from "@noble/hashes/sha2.js";
import { peerIdFromString } from "@libp2p/peer-id";
import {
  bitAt,
  commonPrefixLength,
  compareDistance,
  distance,
  kadKey,
  toHex,
} from "../../../actors/kademlia/distance.js";
import { bytesToKey, keyToBytes } from "../../../actors/kademlia/key-bytes.js";

const b = (...xs: number[]) => Uint8Array.from(xs);

describe("distance: known answers from the k-bucket package (test/distance.js)", () => {
  it.each([
    [b(0x00), b(0x00), 0n],
    [b(0x00), b(0x01), 1n],
    [b(0x02), b(0x01), 3n],
    [b(0x01, 0x24), b(0x40, 0x24), 16640n],
  ])("distance(%o, %o) = %s", (x, y, d) => {
    expect(distance(x, y)).toBe(d);
    expect(distance(y, x)).toBe(d);
  });

  it("refuses keys of different lengths instead of padding them (k-bucket pads with 0xff)", () => {
    expect(() => distance(b(0x00), b(0x00, 0x00))).toThrow(RangeError);
  });
});

describe("bucket index: k-bucket's determineBucket bit cases, and common-prefix length", () => {
  it.each([
    ["00", 0, 0],
    ["40", 0, 0],
    ["40", 1, 1],
    ["40", 2, 0],
    ["41", 7, 1],
    ["4100", 7, 1],
    ["004100", 15, 1],
  ])("bit %s[%i] = %i", (hex, index, bit) => {
    expect(bitAt(Uint8Array.from(Buffer.from(hex, "hex")), index)).toBe(bit);
  });

  it.each([
    [b(0x00), b(0x80), 0],
    [b(0x00), b(0x40), 1],
    [b(0x00), b(0x01), 7],
    [b(0x00, 0x00), b(0x00, 0x01), 15],
    [b(0x12, 0x34), b(0x12, 0x34), 16],
  ])("cpl(%o, %o) = %i", (x, y, n) => expect(commonPrefixLength(x, y)).toBe(n));
});

describe("compareDistance", () => {
  it("orders by XOR distance to the target (k-bucket closest.js first case)", () => {
    const t = b(0x15);
    expect(compareDistance(b(0x11), b(0x10), t)).toBeLessThan(0);
    expect(compareDistance(b(0x05), b(0x10), t)).toBeGreaterThan(0);
    expect(compareDistance(b(0x05), b(0x05), t)).toBe(0);
  });
});

describe("kadKey: sha256 of the key's bytes, as the libp2p kad spec", () => {
  it("hashes UTF-8 for plain strings (FIPS 180-2 'abc' vector)", () => {
    expect(toHex(kadKey("abc"))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("hashes a libp2p peer id's multihash bytes, like @libp2p/kad-dht's convertPeerId", () => {
    const id = "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA";
    const mh = peerIdFromString(id).toMultihash().bytes;
    expect(keyToBytes(id)).toEqual(mh);
    expect(kadKey(id)).toEqual(sha256(mh));
    expect(bytesToKey(mh)).toBe(id);
  });

  it("round-trips plain keys and non-UTF-8 bytes", () => {
    for (const k of ["node-17", "/v/hello", "ключ"]) expect(bytesToKey(keyToBytes(k))).toBe(k);
    const raw = b(0xff, 0xfe, 0x00);
    expect(keyToBytes(bytesToKey(raw))).toEqual(raw);
  });
});
