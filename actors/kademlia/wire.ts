import type { NodeId } from "../../runtime/driver.js";
import { Message, MessageType, Record as PbRecord, type PeerInfo } from "./dht.js";
import { bytesToKey, keyToBytes } from "./key-bytes.js";
import type { KadMessage } from "./messages.js";
import type { ValueRecord } from "./records.js";
import { formatRfc3339, parseRfc3339 } from "./rfc3339.js";

/**
 * Encoding of the actor's messages to the libp2p `/ipfs/kad/1.0.0` protobuf `Message`
 * and back. What the protobuf cannot carry: `rid` (a stream pairs request and response;
 * the driver re-attaches it), `client` (libp2p learns it from identify), `target` (a raw
 * refresh target; stock nodes hash every key), and multiaddrs (left empty: a driver that
 * needs them keeps its own address book).
 */

/** Why bytes were refused. */
export interface WireError {
  readonly kind: "malformed";
  readonly reason: string;
}

/** The result of decoding one frame: a message or a typed error, never an exception. */
export type DecodeResult =
  { readonly ok: true; readonly message: KadMessage } | { readonly ok: false; readonly error: WireError };

/** Counts frames a codec user refused, so a driver can report them. */
export interface WireStats {
  decoded: number;
  malformed: number;
}

/** Creates zeroed {@link WireStats}. */
export function wireStats(): WireStats {
  return { decoded: 0, malformed: 0 };
}

const utf8 = new TextEncoder();
const utf8Strict = new TextDecoder("utf-8", { fatal: true });

const peers = (ids: readonly NodeId[]): PeerInfo[] => ids.map((id) => ({ id: keyToBytes(id), multiaddrs: [] }));

function encodeRecord(key: string, r: ValueRecord): Uint8Array<ArrayBuffer> {
  return PbRecord.encode({
    key: keyToBytes(key),
    value: utf8.encode(r.value),
    timeReceived: formatRfc3339(r.published),
  });
}

/**
 * Encodes one message. `self` is the sender, needed because ADD_PROVIDER names the
 * provider inside the message.
 */
export function encode(msg: KadMessage, self: NodeId): Uint8Array {
  switch (msg.type) {
    case "FIND_NODE":
      return Message.encode({ type: MessageType.FIND_NODE, key: keyToBytes(msg.key) });
    case "FIND_NODE_RESPONSE":
      return Message.encode({ type: MessageType.FIND_NODE, closer: peers(msg.closer) });
    case "GET_VALUE":
      return Message.encode({ type: MessageType.GET_VALUE, key: keyToBytes(msg.key) });
    case "GET_VALUE_RESPONSE":
      return Message.encode({
        type: MessageType.GET_VALUE,
        key: keyToBytes(msg.key),
        record: msg.record ? encodeRecord(msg.key, msg.record) : undefined,
        closer: peers(msg.closer),
      });
    case "PUT_VALUE":
      return Message.encode({
        type: MessageType.PUT_VALUE,
        key: keyToBytes(msg.key),
        record: encodeRecord(msg.key, msg.record),
      });
    case "PUT_VALUE_RESPONSE":
      // libp2p acknowledges a put by echoing it; a refusal closes the stream instead.
      return Message.encode({ type: MessageType.PUT_VALUE, key: keyToBytes(msg.key) });
    case "ADD_PROVIDER":
      return Message.encode({ type: MessageType.ADD_PROVIDER, key: keyToBytes(msg.key), providers: peers([self]) });
    case "GET_PROVIDERS":
      return Message.encode({ type: MessageType.GET_PROVIDERS, key: keyToBytes(msg.key) });
    case "GET_PROVIDERS_RESPONSE":
      return Message.encode({
        type: MessageType.GET_PROVIDERS,
        key: keyToBytes(msg.key),
        providers: peers(msg.providers),
        closer: peers(msg.closer),
      });
    case "PING":
    case "PING_RESPONSE":
      return Message.encode({ type: MessageType.PING });
  }
}

/** Thrown only inside this module and turned into a {@link WireError} by {@link decode}. */
class Malformed extends Error {}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined || value === null) throw new Malformed(`missing ${what}`);
  return value;
}

function peerIds(list: readonly PeerInfo[], field: string): NodeId[] {
  return list.map((p, i) => {
    if (!p.id || p.id.length === 0) throw new Malformed(`${field}[${i}] has an empty id`);
    return bytesToKey(p.id);
  });
}

function decodeRecord(bytes: Uint8Array): ValueRecord {
  const r = PbRecord.decode(bytes);
  let value: string;
  try {
    value = utf8Strict.decode(need(r.value, "record.value"));
  } catch (e) {
    throw e instanceof Malformed ? e : new Malformed("record.value is not UTF-8");
  }
  const published = r.timeReceived ? parseRfc3339(r.timeReceived) : 0;
  if (published === undefined) throw new Malformed(`record.timeReceived is not RFC 3339: ${r.timeReceived}`);
  return { value, published };
}

/**
 * Decodes one frame. `role` says whether the frame opened a stream (a request) or
 * answered one, since libp2p uses the same type for both. Never throws: malformed
 * input is counted in `stats` and returned as an error.
 */
export function decode(bytes: Uint8Array, role: "request" | "response", stats?: WireStats): DecodeResult {
  try {
    const message = decodeUnchecked(bytes, role);
    if (stats) stats.decoded++;
    return { ok: true, message };
  } catch (e) {
    if (stats) stats.malformed++;
    const reason = e instanceof Error ? e.message : String(e);
    return { ok: false, error: { kind: "malformed", reason } };
  }
}

function decodeUnchecked(bytes: Uint8Array, role: "request" | "response"): KadMessage {
  const m = Message.decode(bytes, { limits: { closer: 100, providers: 100 } });
  const key = (): string => bytesToKey(need(m.key, "key"));
  const rid = 0;
  if (role === "request") {
    switch (m.type) {
      case MessageType.FIND_NODE:
        return { type: "FIND_NODE", rid, key: key() };
      case MessageType.GET_VALUE:
        return { type: "GET_VALUE", rid, key: key() };
      case MessageType.PUT_VALUE:
        return { type: "PUT_VALUE", rid, key: key(), record: decodeRecord(need(m.record, "record")) };
      case MessageType.ADD_PROVIDER:
        peerIds(m.providers, "providers");
        return { type: "ADD_PROVIDER", key: key() };
      case MessageType.GET_PROVIDERS:
        return { type: "GET_PROVIDERS", rid, key: key() };
      case MessageType.PING:
        return { type: "PING", rid };
    }
  } else {
    switch (m.type) {
      case MessageType.FIND_NODE:
        return { type: "FIND_NODE_RESPONSE", rid, closer: peerIds(m.closer, "closer") };
      case MessageType.GET_VALUE:
        return {
          type: "GET_VALUE_RESPONSE",
          rid,
          key: key(),
          ...(m.record ? { record: decodeRecord(m.record) } : {}),
          closer: peerIds(m.closer, "closer"),
        };
      case MessageType.PUT_VALUE:
        return { type: "PUT_VALUE_RESPONSE", rid, key: key(), ok: true };
      case MessageType.GET_PROVIDERS:
        return {
          type: "GET_PROVIDERS_RESPONSE",
          rid,
          key: key(),
          providers: peerIds(m.providers, "providers"),
          closer: peerIds(m.closer, "closer"),
        };
      case MessageType.PING:
        return { type: "PING_RESPONSE", rid };
      case MessageType.ADD_PROVIDER:
        throw new Malformed("ADD_PROVIDER has no response");
    }
  }
  throw new Malformed(`unknown message type ${String(m.type)}`);
}
