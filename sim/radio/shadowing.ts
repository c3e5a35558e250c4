/**
 * Seeded log-normal shadowing per link: a pure function of (seed, pair), the same in both
 * directions (a reciprocal channel) and independent of the order frames are sent in, so
 * it needs no table for a 10,000-node world. Truncated at ±3σ so a receiver farther than
 * the 3σ range can be skipped without changing any outcome.
 */

/** 32-bit mix (murmur3 finaliser). */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit key from a seed string. */
export function seedKey(seed: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
  return mix(h >>> 0);
}

/** Shadowing in dB for the link between devices `a` and `b` (indices), N(0, σ²) truncated at ±3σ. */
export function shadowingDb(key: number, a: number, b: number, sigma: number): number {
  if (sigma === 0) return 0;
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  const h1 = mix(key ^ mix(lo + 0x9e3779b9));
  const h2 = mix(h1 ^ mix(hi + 0x7f4a7c15));
  const h3 = mix(h2 ^ 0x27d4eb2f);
  // Box–Muller from two uniforms in (0, 1].
  const u1 = (h2 + 1) / 4294967296;
  const u2 = h3 / 4294967296;
  const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  return sigma * Math.max(-3, Math.min(3, z));
}
