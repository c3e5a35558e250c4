import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { peerIdFromString } from "@libp2p/peer-id";
// @libp2p/kad-dht does not export its codec; this is the module its network layer uses.
import {
  Message as Libp2pMessage,
  MessageType as Libp2pType,
  Record as Libp2pRecord,
} from "../../../node_modules/@libp2p/kad-dht/dist/src/message/dht.js";
import { decode, encode, wireStats } from "../../../actors/kademlia/wire.js";
import type { KadMessage } from "../../../actors/kademlia/messages.js";

const A = "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA";
const B = "QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N";
const mh = (id: string) => peerIdFromString(id).toMultihash().bytes;
const utf8 = (s: string) => new TextEncoder().encode(s);

describe("wire: bytes from @libp2p/kad-dht's own codec decode to our messages", () => {
  it("FIND_NODE request and response with peer ids", () => {
    const req = Libp2pMessage.encode({ type: Libp2pType.FIND_NODE, key: mh(B), closer: [], providers: [] });
    expect(decode(req, "request")).toEqual({ ok: true, message: { type: "FIND_NODE", rid: 0, key: B } });
    const res = Libp2pMessage.encode({
      type: Libp2pType.FIND_NODE,
      closer: [
        { id: mh(A), multiaddrs: [] },
        { id: mh(B), multiaddrs: [] },
      ],
      providers: [],
    });
    expect(decode(res, "response")).toEqual({
      ok: true,
      message: { type: "FIND_NODE_RESPONSE", rid: 0, closer: [A, B] },
    });
  });

  it("GET_VALUE response with a record and GET_PROVIDERS response", () => {
    const record = Libp2pRecord.encode({
      key: utf8("/v/x"),
      value: utf8("hello"),
      timeReceived: "2024-05-06T07:08:09.123Z",
    });
    const res = Libp2pMessage.encode({
      type: Libp2pType.GET_VALUE,
      key: utf8("/v/x"),
      record,
      closer: [],
      providers: [],
    });
    expect(decode(res, "response")).toEqual({
      ok: true,
      message: {
        type: "GET_VALUE_RESPONSE",
        rid: 0,
        key: "/v/x",
        record: { value: "hello", published: Date.UTC(2024, 4, 6, 7, 8, 9, 123) },
        closer: [],
      },
    });
    const prov = Libp2pMessage.encode({
      type: Libp2pType.GET_PROVIDERS,
      key: utf8("cid"),
      closer: [{ id: mh(A), multiaddrs: [] }],
      providers: [{ id: mh(B), multiaddrs: [] }],
    });
    expect(decode(prov, "response")).toMatchObject({ ok: true, message: { providers: [B], closer: [A] } });
  });
});

describe("wire: our bytes decode with @libp2p/kad-dht's codec", () => {
  const cases: [KadMessage, Partial<Record<string, unknown>>][] = [
    [
      { type: "FIND_NODE", rid: 9, key: A },
      { type: Libp2pType.FIND_NODE, key: mh(A) },
    ],
    [
      { type: "GET_PROVIDERS", rid: 1, key: "k" },
      { type: Libp2pType.GET_PROVIDERS, key: utf8("k") },
    ],
    [{ type: "PING", rid: 1 }, { type: Libp2pType.PING }],
  ];
  it.each(cases)("%o", (msg, expected) => {
    expect(Libp2pMessage.decode(encode(msg, A))).toMatchObject(expected);
  });

  it("ADD_PROVIDER names the sender as provider; PUT_VALUE carries a libp2p Record", () => {
    const add = Libp2pMessage.decode(encode({ type: "ADD_PROVIDER", key: "k" }, A));
    expect(add.providers.map((p) => p.id)).toEqual([mh(A)]);
    const put = Libp2pMessage.decode(
      encode({ type: "PUT_VALUE", rid: 1, key: "/v/x", record: { value: "v", published: 0 } }, A),
    );
    const rec = Libp2pRecord.decode(put.record!);
    expect(new TextDecoder().decode(rec.value)).toBe("v");
    expect(rec.timeReceived).toBe("1970-01-01T00:00:00.000Z");
  });

  it("round-trips every message through the protobuf (property over keys and ids)", () => {
    const id = fc.constantFrom(A, B, "node-1", "light-7");
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((k) => !k.startsWith("0x")), // "0x<hex>" keys denote raw bytes (key-bytes.ts)
        fc.array(id, { maxLength: 25 }),
        fc.array(id, { maxLength: 5 }),
        (key, closer, providers) => {
          const msg: KadMessage = { type: "GET_PROVIDERS_RESPONSE", rid: 0, key, providers, closer };
          expect(decode(encode(msg, A), "response")).toEqual({ ok: true, message: msg });
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("wire: malformed bytes are counted and dropped, never thrown", () => {
  it("truncated, garbage and semantically wrong frames give typed errors", () => {
    const stats = wireStats();
    const good = encode({ type: "FIND_NODE", rid: 1, key: A }, A);
    const frames = [
      good.subarray(0, good.length - 3),
      Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff),
      Libp2pMessage.encode({ type: Libp2pType.GET_VALUE, closer: [], providers: [] }), // no key
      Libp2pMessage.encode({
        type: Libp2pType.FIND_NODE,
        closer: [{ id: new Uint8Array(), multiaddrs: [] }],
        providers: [],
      }),
      Uint8Array.of(0x08, 0x63), // type = 99
    ];
    for (const f of frames)
      expect(decode(f, frames.indexOf(f) === 3 ? "response" : "request", stats)).toMatchObject({
        ok: false,
        error: { kind: "malformed" },
      });
    expect(stats).toEqual({ decoded: 0, malformed: frames.length });
  });

  it("random bytes never throw (property)", () => {
    const stats = wireStats();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.constantFrom("request", "response" as const), (bytes, role) => {
        const r = decode(bytes, role as "request" | "response", stats);
        expect(typeof r.ok).toBe("boolean");
      }),
      { numRuns: 2000 },
    );
    expect(stats.decoded + stats.malformed).toBe(2000);
  });
});
