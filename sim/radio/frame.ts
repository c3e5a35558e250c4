/**
 * The bytes a simulated radio puts on the air: a 13-byte link header, then one fragment
 * of the encoded message. Airtime is computed from these real bytes.
 *
 *   0      version (high nibble, 1) | flags (low nibble: 1 = beacon, no body)
 *   1..4   source address, u32 big-endian
 *   5..8   destination address, u32 big-endian (0xffffffff: broadcast)
 *   9..10  message id, u16 big-endian (per sender)
 *   11     fragment index, 12 fragment count (1..255)
 *   13..   fragment of: protocol name length (u8), protocol name (UTF-8), payload (JSON, UTF-8)
 */

export const HEADER_BYTES = 13;
export const BROADCAST = 0xffffffff;
const VERSION = 1;
/** A link-level beacon: announces the sender; carries no message. */
export const FLAG_BEACON = 1;

export interface LinkHeader {
  readonly flags: number;
  readonly src: number;
  readonly dst: number;
  readonly msgId: number;
  readonly index: number;
  readonly count: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

/** Encodes one message body: protocol name and JSON payload. */
export function encodeBody(protocol: string, payload: unknown): Uint8Array {
  const name = encoder.encode(protocol);
  if (name.length > 255) throw new RangeError(`protocol name '${protocol}' is longer than 255 bytes`);
  const json = encoder.encode(JSON.stringify(payload));
  const out = new Uint8Array(1 + name.length + json.length);
  out[0] = name.length;
  out.set(name, 1);
  out.set(json, 1 + name.length);
  return out;
}

/** Decodes a message body; undefined when it is not one (counted and dropped by the caller). */
export function decodeBody(bytes: Uint8Array): { protocol: string; payload: unknown } | undefined {
  if (bytes.length < 1) return undefined;
  const n = bytes[0]!;
  if (bytes.length < 1 + n) return undefined;
  try {
    const protocol = decoder.decode(bytes.subarray(1, 1 + n));
    const payload = JSON.parse(decoder.decode(bytes.subarray(1 + n))) as unknown;
    return { protocol, payload };
  } catch {
    return undefined;
  }
}

/** Splits a body into frames of at most `mtu` bytes each (header included). */
export function fragment(body: Uint8Array, src: number, dst: number, msgId: number, mtu: number): Uint8Array[] {
  const room = mtu - HEADER_BYTES;
  if (room < 1) throw new RangeError(`an MTU of ${mtu} bytes leaves no room after the ${HEADER_BYTES}-byte header`);
  const count = Math.max(1, Math.ceil(body.length / room));
  if (count > 255) throw new RangeError(`a ${body.length}-byte message needs ${count} fragments; at most 255`);
  const frames: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const chunk = body.subarray(i * room, Math.min(body.length, (i + 1) * room));
    const f = new Uint8Array(HEADER_BYTES + chunk.length);
    const v = new DataView(f.buffer);
    f[0] = VERSION << 4;
    v.setUint32(1, src >>> 0);
    v.setUint32(5, dst >>> 0);
    v.setUint16(9, msgId & 0xffff);
    f[11] = i;
    f[12] = count;
    f.set(chunk, HEADER_BYTES);
    frames.push(f);
  }
  return frames;
}

/** A beacon frame from `src`: the 13-byte header alone, broadcast. */
export function beaconFrame(src: number, seq: number): Uint8Array {
  const f = new Uint8Array(HEADER_BYTES);
  const v = new DataView(f.buffer);
  f[0] = (VERSION << 4) | FLAG_BEACON;
  v.setUint32(1, src >>> 0);
  v.setUint32(5, BROADCAST);
  v.setUint16(9, seq & 0xffff);
  f[11] = 0;
  f[12] = 1;
  return f;
}

/** Reads a frame's header; undefined for a frame that is not ours or is malformed. */
export function readHeader(frame: Uint8Array): { header: LinkHeader; chunk: Uint8Array } | undefined {
  if (frame.length < HEADER_BYTES || frame[0]! >> 4 !== VERSION) return undefined;
  const v = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const header = {
    flags: frame[0]! & 0x0f,
    src: v.getUint32(1),
    dst: v.getUint32(5),
    msgId: v.getUint16(9),
    index: frame[11]!,
    count: frame[12]!,
  };
  if (header.count === 0 || header.index >= header.count) return undefined;
  return { header, chunk: frame.subarray(HEADER_BYTES) };
}
