import type { WireMessage } from "../../runtime/driver.js";

/**
 * Turns an actor's wire messages into frame payloads and back. The default is JSON; an
 * actor that must speak an existing wire format (kademlia's protobuf) brings its own.
 */
export interface FrameCodec {
  encode(msg: WireMessage): Uint8Array;
  /** Throws on bytes that are not a message; the driver counts and drops the frame. */
  decode(bytes: Uint8Array): WireMessage;
}

const encoder = new TextEncoder();
// fatal: invalid UTF-8 is a malformed frame, not a string with replacement characters.
const decoder = new TextDecoder("utf-8", { fatal: true });

/** UTF-8 JSON of the message object; decoding insists on an object with a string `type`. */
export const jsonCodec: FrameCodec = {
  encode(msg) {
    return encoder.encode(JSON.stringify(msg));
  },
  decode(bytes) {
    const value: unknown = JSON.parse(decoder.decode(bytes));
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new TypeError("frame is not a JSON object");
    }
    if (typeof (value as { type?: unknown }).type !== "string") throw new TypeError("frame has no string 'type'");
    return value as WireMessage;
  },
};
