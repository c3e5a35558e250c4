import { countDrop, emptyStats, type FrameStats } from "./frame-stats.js";

/** KISS frame end. */
export const FEND = 0xc0;
/** KISS frame escape. */
export const FESC = 0xdb;
/** Escaped FEND (follows FESC). */
export const TFEND = 0xdc;
/** Escaped FESC (follows FESC). */
export const TFESC = 0xdd;

/** One KISS frame: the type byte (port in the high nibble, command in the low) and its data. */
export interface KissFrame {
  readonly type: number;
  readonly data: Uint8Array;
}

/** KISS port of a type byte (high nibble). */
export const kissPort = (type: number): number => type >> 4;
/** KISS command of a type byte (low nibble); 0 is a data frame. */
export const kissCommand = (type: number): number => type & 0x0f;

/**
 * Encodes one frame: FEND, type, escaped data, FEND. The leading FEND flushes any
 * line noise the receiver holds (as TNCs expect). Type 0 = data frame on port 0.
 */
export function encodeKiss(data: Uint8Array, type = 0): Uint8Array {
  if (!Number.isInteger(type) || type < 0 || type > 0xff) throw new RangeError(`KISS type byte out of range: ${type}`);
  const out: number[] = [FEND];
  for (const b of [type, ...data]) {
    if (b === FEND) out.push(FESC, TFEND);
    else if (b === FESC) out.push(FESC, TFESC);
    else out.push(b);
  }
  out.push(FEND);
  return Uint8Array.from(out);
}

/** Options of {@link KissDecoder}. */
export interface KissDecoderOptions {
  /** Largest frame kept, type byte included, after unescaping; longer ones are dropped as `oversized`. @default 1024 */
  readonly maxFrame?: number;
}

/**
 * Streaming KISS decoder: push chunks cut anywhere, get whole frames. Bytes before the
 * first FEND are noise (we may have attached mid-frame). Between FENDs, an empty
 * segment is the usual back-to-back FEND and not a frame; a segment with a bad escape
 * or over `maxFrame` is counted and dropped, never thrown; `end()` counts a frame the
 * stream cut short as `truncated`.
 */
export class KissDecoder {
  /** What was delivered and dropped so far. */
  readonly stats: FrameStats = emptyStats();
  private readonly maxFrame: number;
  private synced = false;
  private buf: number[] = [];
  private raw = 0; // bytes of the current segment, for the record
  private escaping = false;
  private bad: string | undefined;

  constructor(options: KissDecoderOptions = {}) {
    this.maxFrame = options.maxFrame ?? 1024;
  }

  /** Feeds one chunk; returns the frames it completed, in order. */
  push(chunk: Uint8Array): KissFrame[] {
    const out: KissFrame[] = [];
    this.stats.bytes += chunk.length;
    for (const b of chunk) {
      if (!this.synced) {
        if (b === FEND) this.synced = true;
        else this.stats.noiseBytes++;
        continue;
      }
      if (b === FEND) {
        if (this.escaping) this.bad ??= "badEscape";
        const frame = this.close();
        if (frame) out.push(frame);
        continue;
      }
      this.raw++;
      if (this.bad) continue; // skip to the next FEND
      if (this.escaping) {
        this.escaping = false;
        if (b === TFEND) this.add(FEND);
        else if (b === TFESC) this.add(FESC);
        else this.bad = "badEscape";
      } else if (b === FESC) this.escaping = true;
      else this.add(b);
    }
    return out;
  }

  /** The stream ended: a frame begun and not closed is counted as `truncated`. */
  end(): void {
    if (this.raw > 0) countDrop(this.stats, "truncated");
    this.reset();
  }

  private add(b: number): void {
    if (this.buf.length >= this.maxFrame) this.bad = "oversized";
    else this.buf.push(b);
  }

  private close(): KissFrame | undefined {
    const { bad, raw, buf } = this;
    this.reset();
    if (raw === 0) return undefined; // FEND FEND: a separator, not a frame
    if (bad) {
      countDrop(this.stats, bad);
      return undefined;
    }
    this.stats.frames++;
    return { type: buf[0]!, data: Uint8Array.from(buf.slice(1)) };
  }

  private reset(): void {
    this.buf = [];
    this.raw = 0;
    this.escaping = false;
    this.bad = undefined;
  }
}
