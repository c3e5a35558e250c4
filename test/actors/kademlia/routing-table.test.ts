import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { closestK, type Contact } from "../../../actors/kademlia/closest.js";
import { compareDistance, kadKey } from "../../../actors/kademlia/distance.js";
import { RoutingTable } from "../../../actors/kademlia/routing-table.js";
import { createRng } from "../../../runtime/rng.js";

const raw = (...bytes: number[]): Contact => ({ id: Buffer.from(bytes).toString("hex"), key: Uint8Array.from(bytes) });
const hex = (c: Contact) => c.id;

describe("closest-k: known answers from the k-bucket package (test/closest.js)", () => {
  const contacts = Array.from({ length: 0x12 }, (_, i) => raw(i));

  it("closest nodes are returned", () => {
    expect(closestK(Uint8Array.of(0x15), contacts, 3).map(hex)).toEqual(["11", "10", "05"]);
  });

  it("closest nodes are returned (including exact match)", () => {
    expect(closestK(Uint8Array.of(0x11), contacts, 3).map(hex)).toEqual(["11", "10", "01"]);
  });

  it("closest nodes are returned even if there isn't enough in one bucket", () => {
    const table = new RoutingTable(Uint8Array.of(0x00, 0x00), 20);
    for (let i = 0; i < 20; i++) {
      expect(table.update(raw(0x80, i)).kind).toBe("added");
      expect(table.update(raw(0x01, i)).kind).toBe("added");
    }
    table.update(raw(0x00, 0x01));
    const expected = ["0001", "0103", "0102", "0101", "0100", "0107", "0106", "0105", "0104", "010b", "010a", "0109"];
    expected.push("0108", "010f", "010e", "010d", "010c", "0113", "0112", "0111", "0110", "8003");
    expect(table.closest(Uint8Array.of(0x00, 0x03), 22).map(hex)).toEqual(expected);
  });

  it("agrees with a full sort for any contacts and target (property)", () => {
    const key = fc.uint8Array({ minLength: 4, maxLength: 4 });
    fc.assert(
      fc.property(
        fc.uniqueArray(key, { selector: (k) => Buffer.from(k).toString("hex"), maxLength: 60 }),
        key,
        fc.nat(30),
        (keys, t, k) => {
          const cs = keys.map((x) => raw(...x));
          const sorted = cs.slice().sort((a, b) => compareDistance(a.key, b.key, t));
          expect(closestK(t, cs, k).map(hex)).toEqual(sorted.slice(0, k).map(hex));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("k-buckets", () => {
  const self = Uint8Array.of(0x00, 0x00);

  it("puts a contact in the bucket of its common-prefix length", () => {
    const t = new RoutingTable(self, 20);
    expect(t.bucketIndex(Uint8Array.of(0x80, 0))).toBe(0);
    expect(t.bucketIndex(Uint8Array.of(0x00, 0x01))).toBe(15);
    expect(t.update({ id: "me", key: self }).kind).toBe("self");
  });

  it("keeps least-recently-seen first and moves a contact seen again to the end", () => {
    const t = new RoutingTable(self, 3);
    for (const i of [1, 2, 3]) t.update(raw(0x80, i));
    expect(t.update(raw(0x80, 1)).kind).toBe("updated");
    expect(t.bucket(0).map(hex)).toEqual(["8002", "8003", "8001"]);
  });

  it("does not evict when a bucket is full: it names the LRS contact to ping", () => {
    const t = new RoutingTable(self, 3);
    for (const i of [1, 2, 3]) t.update(raw(0x80, i));
    const r = t.update(raw(0x80, 4));
    expect(r).toMatchObject({ kind: "full", bucket: 0, lrs: { id: "8001" } });
    expect(t.has("8004")).toBe(false);
    t.replace("8001", raw(0x80, 4));
    expect(t.bucket(0).map(hex)).toEqual(["8002", "8003", "8004"]);
  });

  it("diversity by prefix: at most `max` contacts sharing the bits after the bucket prefix", () => {
    const t = new RoutingTable(self, 20, { max: 2, prefixBits: 3 });
    // Bucket 0; bits 1..3 are 000 for 0x80..0x8f, 001 for 0x90..
    expect(t.update(raw(0x80, 1)).kind).toBe("added");
    expect(t.update(raw(0x81, 1)).kind).toBe("added");
    expect(t.update(raw(0x82, 1))).toEqual({ kind: "rejected", reason: "diversity" });
    expect(t.update(raw(0x90, 1)).kind).toBe("added");
  });

  it("diversity by group: at most `max` contacts of one id group per bucket", () => {
    const t = new RoutingTable(kadKey("me"), 20, { max: 1, by: "group" });
    const ids = Array.from({ length: 400 }, (_, i) => `sybil-${i}`).filter((id) => t.bucketIndex(kadKey(id)) === 0);
    const results = ids.map((id) => t.update({ id, key: kadKey(id) }).kind);
    expect(results[0]).toBe("added");
    expect(results.slice(1).every((r) => r === "rejected")).toBe(true);
  });

  it("table.closest (bucket order) equals a scan of every contact (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(5000), { maxLength: 300 }),
        fc.string(),
        fc.integer({ min: 1, max: 40 }),
        (ns, key, n) => {
          const t = new RoutingTable(kadKey("self"), 20);
          for (const i of ns) t.update({ id: `c-${i}`, key: kadKey(`c-${i}`) });
          const target = kadKey(key);
          expect(t.closest(target, n, "c-1").map(hex)).toEqual(closestK(target, t.contacts(), n, "c-1").map(hex));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("a random refresh key lands in the bucket asked for", () => {
    const t = new RoutingTable(kadKey("me"), 20);
    const rng = createRng(7);
    for (const i of [0, 1, 7, 8, 13, 100, 255]) expect(t.bucketIndex(t.randomKeyInBucket(i, rng))).toBe(i);
  });
});
