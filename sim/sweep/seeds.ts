/**
 * Parses a seed list: ranges `1..500`, single seeds and comma lists of both
 * (`1..10,42,100..120`). Seeds stay in the order given; a repeated seed is an error,
 * since each seed is one run and is reported once.
 */
export function parseSeeds(spec: string): number[] {
  const seeds: number[] = [];
  const seen = new Set<number>();
  for (const part of spec.split(",")) {
    const m = /^\s*(\d+)\s*(?:\.\.\s*(\d+)\s*)?$/.exec(part);
    if (!m) throw new SeedSpecError(`--seeds: expected a range like 1..500 or a list like 1,5,9, got '${spec}'`);
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (to < from) throw new SeedSpecError(`--seeds: range ${from}..${to} runs backwards`);
    if (to - from > 1_000_000) throw new SeedSpecError(`--seeds: range ${from}..${to} has more than a million seeds`);
    for (let s = from; s <= to; s++) {
      if (seen.has(s)) throw new SeedSpecError(`--seeds: seed ${s} is listed twice`);
      seen.add(s);
      seeds.push(s);
    }
  }
  return seeds;
}

/** A malformed `--seeds` value: the CLI prints the message and exits 2. */
export class SeedSpecError extends Error {
  override readonly name = "SeedSpecError";
}
