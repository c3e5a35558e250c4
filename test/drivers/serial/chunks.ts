import fc from "fast-check";

/** Concatenates byte arrays. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Cuts `bytes` at the given positions (any order, duplicates allowed: empty chunks). */
export function cut(bytes: Uint8Array, at: readonly number[]): Uint8Array[] {
  const points = [0, ...at.map((p) => p % (bytes.length + 1)).sort((a, b) => a - b), bytes.length];
  return points.slice(1).map((end, i) => bytes.subarray(points[i], end));
}

/** Arbitrary cut positions for {@link cut}. */
export const cuts = fc.array(fc.nat(), { maxLength: 40 });

/** Arbitrary payloads rich in the bytes framings must escape or hunt for. */
export const payload = (maxLength: number) =>
  fc
    .uint8Array({ maxLength })
    .chain((base) =>
      fc
        .array(fc.constantFrom(0xc0, 0xdb, 0xdc, 0xdd, 0x94, 0xc3), { maxLength: 8 })
        .map((special) => concat([base, Uint8Array.from(special)])),
    );
