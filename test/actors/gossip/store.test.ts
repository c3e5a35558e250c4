import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Store } from "../../../actors/gossip/store.js";

describe("gossip store digest", () => {
  it("is independent of insertion order and of duplicates", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1 }), { maxLength: 40 }), fc.integer(), (ids, seed) => {
        const a = new Store(16);
        const b = new Store(16);
        for (const id of ids) a.add({ id, origin: "o", hops: 0 });
        const shuffled = [...ids].sort(
          (x, y) => ((x.charCodeAt(0) * seed) % 7) - ((y.charCodeAt(0) * seed) % 7) || (x < y ? -1 : x > y ? 1 : 0),
        );
        for (const id of [...shuffled, ...shuffled]) b.add({ id, origin: "o", hops: 0 });
        expect(b.sums).toEqual(a.sums);
        expect(b.size).toBe(ids.length);
      }),
    );
  });

  it("differs in exactly the bucket of a missing id", () => {
    const a = new Store(16);
    const b = new Store(16);
    for (const id of ["a", "b", "c", "d"]) a.add({ id, origin: "o", hops: 0 });
    for (const id of ["a", "b", "c"]) b.add({ id, origin: "o", hops: 0 });
    const diff = b.differing(a.sums);
    expect(diff).toHaveLength(1);
    expect(a.idsIn(diff)).toContain("d");
    expect(b.idsIn(diff)).not.toContain("d");
  });
});
