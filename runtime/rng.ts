/**
 * Seeded pseudo-random numbers. A run is a function of (scenario, seed): every random
 * choice in `actors/` and `sim/` comes from an Rng forked from the world's root.
 */
export interface Rng {
  /** Next 32-bit unsigned integer. */
  u32(): number;
  /** Uniform float in [0, 1). */
  float(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** Up to `k` distinct elements, in random order. */
  sample<T>(items: readonly T[], k: number): T[];
  /** 16 lowercase hex characters: ids for messages, nonces. */
  hex64(): string;
  /**
   * An independent stream named `label`. Derived from this stream's seed and the label
   * only, so forks do not depend on how much of the parent was consumed or on the
   * order in which siblings were forked.
   */
  fork(label: string): Rng;
  /** The seed material this stream was derived from (for reports). */
  readonly seed: string;
}

/** cyrb128: a fast string hash giving four 32-bit words to seed sfc32. */
function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703,
    h2 = 3144134277,
    h3 = 1013904242,
    h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** Creates a seeded Rng (sfc32, which passes PractRand to 2^40+ and is very fast in JS). */
export function createRng(seed: string | number): Rng {
  const seedText = String(seed);
  let [a, b, c, d] = cyrb128(seedText);
  const u32 = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Discard the first outputs: sfc32 mixes poorly for the first few steps.
  for (let i = 0; i < 12; i++) u32();
  const float = (): number => u32() / 4294967296;
  const int = (n: number): number => {
    if (!(n > 0)) throw new RangeError(`Rng.int needs n > 0, got ${n}`);
    return Math.floor(float() * n);
  };
  return {
    seed: seedText,
    u32,
    float,
    int,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError("Rng.pick of an empty array");
      return items[int(items.length)]!;
    },
    sample<T>(items: readonly T[], k: number): T[] {
      const copy = items.slice();
      const n = Math.min(k, copy.length);
      // Partial Fisher–Yates: only the first n positions are shuffled.
      for (let i = 0; i < n; i++) {
        const j = i + int(copy.length - i);
        const tmp = copy[i]!;
        copy[i] = copy[j]!;
        copy[j] = tmp;
      }
      return copy.slice(0, n);
    },
    hex64(): string {
      return u32().toString(16).padStart(8, "0") + u32().toString(16).padStart(8, "0");
    },
    fork(label: string): Rng {
      return createRng(`${seedText}/${label}`);
    },
  };
}
