import { countDrop, emptyStats, type FrameStats } from "./frame-stats.js";

/** First magic byte of a Meshtastic device-API frame. */
export const START1 = 0x94;
/** Second magic byte. */
export const START2 = 0xc3;
/** Largest payload the framing allows. */
export const MAX_PAYLOAD = 512;
const HEADER = 4;

/**
 * Frames one ToRadio/FromRadio protobuf (opaque here): 0x94 0xC3, length as 2 bytes
 * big-endian, payload. A payload over 512 bytes is the caller's bug and throws.
 */
export function encodeMeshtastic(payload: Uint8Array): Uint8Array {
  if (payload.length > MAX_PAYLOAD)
    throw new RangeError(`Meshtastic payload ${payload.length} bytes exceeds ${MAX_PAYLOAD}`);
  const out = new Uint8Array(HEADER + payload.length);
  out.set([START1, START2, payload.length >> 8, payload.length & 0xff]);
  out.set(payload, HEADER);
  return out;
}

/**
 * Streaming decoder of the Meshtastic device framing. Outside a frame it hunts for
 * 0x94 0xC3; everything else is noise (devices interleave debug text on serial) and is
 * kept as text for the log. A length over 512 is counted as `badLength` and the hunt
 * resumes at the byte after the 0x94, so a real header hidden in the bad one is found.
 * `end()` counts a frame the stream cut short as `truncated`.
 */
export class MeshtasticDecoder {
  /** What was delivered and dropped so far. */
  readonly stats: FrameStats = emptyStats();
  private pending = new Uint8Array(0);
  private text: number[] = [];

  /** Feeds one chunk; returns the payloads it completed, in order. */
  push(chunk: Uint8Array): Uint8Array[] {
    this.stats.bytes += chunk.length;
    const buf = new Uint8Array(this.pending.length + chunk.length);
    buf.set(this.pending);
    buf.set(chunk, this.pending.length);
    const out: Uint8Array[] = [];
    let i = 0;
    while (i < buf.length) {
      if (buf[i] !== START1) {
        this.noise(buf[i]!);
        i++;
        continue;
      }
      if (i + 1 >= buf.length) break; // need the second magic byte
      if (buf[i + 1] !== START2) {
        this.noise(buf[i]!);
        i++;
        continue;
      }
      if (i + HEADER > buf.length) break; // need the length
      const len = (buf[i + 2]! << 8) | buf[i + 3]!;
      if (len > MAX_PAYLOAD) {
        countDrop(this.stats, "badLength");
        this.stats.noiseBytes++; // the 0x94; the rest is scanned again
        i++;
        continue;
      }
      if (i + HEADER + len > buf.length) break; // need the payload
      out.push(buf.slice(i + HEADER, i + HEADER + len));
      this.stats.frames++;
      i += HEADER + len;
    }
    this.pending = buf.slice(i);
    return out;
  }

  /** Bytes held back waiting for the rest of a header or payload. */
  get pendingBytes(): number {
    return this.pending.length;
  }

  /** Debug text seen since the last call (non-frame bytes as latin1), then cleared. */
  takeText(): string {
    const s = String.fromCharCode(...this.text);
    this.text = [];
    return s;
  }

  /** The stream ended: a header seen without its whole payload is counted as `truncated`. */
  end(): void {
    const p = this.pending;
    if (p.length >= 2 && p[0] === START1 && p[1] === START2) countDrop(this.stats, "truncated");
    else for (const b of p) this.noise(b);
    this.pending = new Uint8Array(0);
  }

  private noise(b: number): void {
    this.stats.noiseBytes++;
    if (this.text.length < 4096) this.text.push(b); // bounded: a chatty device must not grow memory
  }
}
