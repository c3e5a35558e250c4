import { describe, expect, it } from "vitest";
import {
  encodeConfigure,
  encodeKiss,
  encodeMeshtastic,
  FEND,
  FESC,
  KissDecoder,
  MeshtasticDecoder,
  RNodeDecoder,
  TFEND,
  TFESC,
  totalDrops,
} from "../../../drivers/serial/index.js";
import { createRng, type Rng } from "../../../runtime/rng.js";
import { concat } from "./chunks.js";

// Issue 12: 100,000 random and mutated byte streams per framing. No throw, and every bad
// frame counted: the decoders' counts are checked against a plain, whole-buffer reference
// written here independently of the streaming code.

const STREAMS = Number(process.env.MESHTWIN_FUZZ_FRAMES ?? 100_000);
const MAX_FRAME = 64;

function randomBytes(rng: Rng, n: number, alphabet?: readonly number[]): Uint8Array {
  return Uint8Array.from({ length: n }, () => (alphabet ? rng.pick(alphabet) : rng.int(256)));
}

/** Half the streams are random bytes (biased to the special ones), half are valid frames mutated. */
function stream(rng: Rng, valid: () => Uint8Array, special: readonly number[]): Uint8Array {
  if (rng.int(2) === 0) return randomBytes(rng, rng.int(96), rng.int(2) ? special : undefined);
  const s = concat(Array.from({ length: 1 + rng.int(4) }, valid));
  for (let m = rng.int(4); m > 0 && s.length > 0; m--) {
    const at = rng.int(s.length);
    const op = rng.int(3);
    if (op === 0) s[at] = rng.int(2) ? rng.pick(special) : rng.int(256);
    else if (op === 1) s[at] = s[(at + 1) % s.length]!;
    else return s.subarray(0, at); // truncation
  }
  return s;
}

/** Pushes `bytes` in random chunks, then ends the stream; throws if the decoder throws. */
function feed<T>(rng: Rng, bytes: Uint8Array, push: (c: Uint8Array) => T[]): T[] {
  const out: T[] = [];
  for (let i = 0; i < bytes.length;) {
    const n = 1 + rng.int(24);
    out.push(...push(bytes.subarray(i, i + n)));
    i += n;
  }
  return out;
}

/** Reference KISS count: segments after the first FEND, judged good / badEscape / oversized / truncated. */
function kissReference(bytes: Uint8Array): { good: number; drops: Record<string, number> } {
  const first = bytes.indexOf(FEND);
  const drops: Record<string, number> = {};
  let good = 0;
  if (first < 0) return { good, drops };
  const segments: number[][] = [[]];
  for (const b of bytes.subarray(first + 1)) {
    if (b === FEND) segments.push([]);
    else segments.at(-1)!.push(b);
  }
  const trailing = segments.pop()!;
  if (trailing.length > 0) drops.truncated = 1;
  for (const seg of segments.filter((s) => s.length > 0)) {
    let len = 0;
    let bad: string | undefined;
    for (let i = 0; i < seg.length && !bad; i++) {
      if (seg[i] === FESC) {
        const next = seg[++i];
        if (next !== TFEND && next !== TFESC) bad = "badEscape";
      }
      if (!bad && ++len > MAX_FRAME) bad = "oversized";
    }
    if (bad) drops[bad] = (drops[bad] ?? 0) + 1;
    else good++;
  }
  return { good, drops };
}

describe(`serial framings under ${STREAMS} random and mutated streams each`, () => {
  it("KISS: never throws; frames and drops equal the reference's count of segments", () => {
    const rng = createRng("fuzz-kiss");
    const valid = () => encodeKiss(randomBytes(rng, rng.int(MAX_FRAME + 8)), rng.int(2) ? 0 : rng.int(256));
    for (let n = 0; n < STREAMS; n++) {
      const bytes = stream(rng, valid, [FEND, FESC, TFEND, TFESC]);
      const d = new KissDecoder({ maxFrame: MAX_FRAME });
      const frames = feed(rng, bytes, (c) => d.push(c));
      d.end();
      const ref = kissReference(bytes);
      if (frames.length !== ref.good || JSON.stringify(d.stats.drops) !== JSON.stringify(sorted(ref.drops)))
        expect({ stream: [...bytes], frames: frames.length, drops: d.stats.drops }).toEqual({
          stream: [...bytes],
          frames: ref.good,
          drops: ref.drops,
        });
      expect(d.stats.frames + totalDrops(d.stats)).toBe(ref.good + totalDrops({ ...d.stats, drops: ref.drops }));
    }
  });

  it("RNode: never throws; every KISS frame is a report or a counted badReport", () => {
    const rng = createRng("fuzz-rnode");
    const cfg = { frequency: 869_525_000, bandwidth: 125_000, txPower: 17, sf: 8, cr: 5 };
    const reports = encodeConfigure(cfg).slice(1);
    const valid = () => (rng.int(2) ? rng.pick(reports) : encodeKiss(randomBytes(rng, rng.int(5)), rng.int(256)));
    for (let n = 0; n < STREAMS; n++) {
      const bytes = stream(rng, valid, [FEND, FESC, TFEND, TFESC, 0x01, 0x23, 0x90]);
      const d = new RNodeDecoder({ maxFrame: MAX_FRAME });
      const got = feed(rng, bytes, (c) => d.push(c));
      d.end();
      const ref = kissReference(bytes);
      const { badReport = 0, ...framing } = d.stats.drops;
      if (got.length + badReport !== ref.good || JSON.stringify(framing) !== JSON.stringify(sorted(ref.drops)))
        expect({ stream: [...bytes], frames: got.length + badReport, drops: framing }).toEqual({
          stream: [...bytes],
          frames: ref.good,
          drops: ref.drops,
        });
      expect(d.stats.frames).toBe(got.length);
    }
  });

  it("Meshtastic: never throws; every byte is in a frame, noise or a counted truncated tail; chunking changes nothing", () => {
    const rng = createRng("fuzz-meshtastic");
    const valid = () =>
      rng.int(4) === 0
        ? randomBytes(rng, rng.int(20), [0x20, 0x41, 0x0a, 0x94])
        : encodeMeshtastic(randomBytes(rng, rng.int(40)));
    for (let n = 0; n < STREAMS; n++) {
      const bytes = stream(rng, valid, [0x94, 0xc3, 0x02, 0x00, 0xff]);
      const d = new MeshtasticDecoder();
      const got = feed(rng, bytes, (c) => d.push(c));
      const framed = got.reduce((sum, p) => sum + 4 + p.length, 0);
      expect(d.stats.noiseBytes + framed + d.pendingBytes).toBe(bytes.length);
      const whole = new MeshtasticDecoder();
      const once = whole.push(bytes);
      if (once.length !== got.length || whole.stats.noiseBytes !== d.stats.noiseBytes)
        expect({ stream: [...bytes], got }).toEqual({ stream: [...bytes], got: once });
      const pending = d.pendingBytes;
      d.end();
      const truncated = d.stats.drops.truncated ?? 0;
      expect(truncated).toBe(pending >= 2 && bytes[bytes.length - pending] === 0x94 ? 1 : 0);
      expect(d.stats.drops.badLength ?? 0).toBe(whole.stats.drops.badLength ?? 0);
    }
  });
});

function sorted(r: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)));
}
