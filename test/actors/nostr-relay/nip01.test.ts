import type { Event } from "nostr-tools/pure";
import { describe, expect, it } from "vitest";
import { readJson } from "../../runtime/crypto/vectors.js";
import { relay, who } from "./helpers.js";

const vectors = readJson<Event[]>("nip01_events.json");

describe("nostr-relay: NIP-01 events", () => {
  it.each(vectors.map((v) => [v.id.slice(0, 8), v] as const))(
    "given vector %s, when published, then OK true; tampered content or sig → invalid:",
    (_, v) => {
      const r = relay({ connectionRate: { perSecond: 1000, burst: 1000 } });
      expect(r.publish(v)).toEqual(["OK", v.id, true, ""]);
      const r2 = relay();
      expect(r2.publish({ ...v, content: v.content + " " })).toEqual([
        "OK",
        v.id,
        false,
        "invalid: event id does not match its content",
      ]);
      const flipped = v.sig.slice(0, -1) + (v.sig.endsWith("0") ? "1" : "0");
      expect(r2.publish({ ...v, sig: flipped })).toEqual(["OK", v.id, false, "invalid: bad signature"]);
      expect(r2.req({ ids: [v.id] })).toEqual([]);
    },
  );

  it("given a malformed frame, then NOTICE invalid: and it is counted, never stored", () => {
    const r = relay();
    expect(r.send(["EVENT", { id: "x" }])[0]).toEqual([
      "OK",
      "x",
      false,
      "invalid: id is not 64 lowercase hex characters",
    ]);
    const effects = r.raw("not json");
    expect(r.frames(effects)[0]).toEqual(["NOTICE", "invalid: not a JSON array with a message type"]);
    expect(r.send(["HELLO"])[0]![0]).toBe("NOTICE");
    expect(r.g.context<{ core: { counters: { malformed: number } } }>().core.counters.malformed).toBe(2);
  });

  it("given a frame over maxMessageBytes, then OK false invalid: and nothing stored", () => {
    const r = relay({ maxMessageBytes: 1000 });
    const ev = who().sign({ content: "x".repeat(2000) });
    expect(r.publish(ev)).toEqual(["OK", ev.id, false, "invalid: event is larger than max_message_length"]);
    expect(r.req({ ids: [ev.id] })).toEqual([]);
  });
});

describe("nostr-relay: REQ, EOSE, live events, CLOSE", () => {
  const a = who();
  const evs = [1, 2, 3, 4].map((i) => a.sign({ created_at: 1000 + i, content: `n${i}`, tags: [["t", `tag${i % 2}`]] }));

  it("given stored events, when a REQ comes, then newest first, EOSE, then live matches only", () => {
    const r = relay();
    for (const e of evs) r.publish(e);
    const out = r.send(["REQ", "s", { authors: [a.pk] }]);
    expect(out.map((f) => (f[0] === "EVENT" ? (f[2] as Event).content : f[0]))).toEqual([
      "n4",
      "n3",
      "n2",
      "n1",
      "EOSE",
    ]);
    const live = a.sign({ created_at: 2000, content: "live" });
    const other = who().sign({ created_at: 2000, content: "not matching" });
    expect(r.send(["EVENT", live])).toEqual([
      ["OK", live.id, true, ""],
      ["EVENT", "s", live],
    ]);
    expect(r.send(["EVENT", other])).toEqual([["OK", other.id, true, ""]]);
    expect(r.send(["CLOSE", "s"])).toEqual([["CLOSED", "s", ""]]);
    expect(r.send(["EVENT", a.sign({ created_at: 2001 })]).map((f) => f[0])).toEqual(["OK"]);
  });

  it("filters: limit (0 → only EOSE), inclusive since/until, #tag, ids, kinds, several filters ORed", () => {
    const r = relay();
    for (const e of evs) r.publish(e);
    const content = (ids: string[]) => ids.map((id) => evs.find((e) => e.id === id)!.content);
    expect(content(r.req({ limit: 2 }))).toEqual(["n4", "n3"]);
    expect(r.send(["REQ", "z", { limit: 0 }])).toEqual([["EOSE", "z"]]);
    expect(content(r.req({ since: 1002, until: 1003 }))).toEqual(["n3", "n2"]);
    expect(content(r.req({ "#t": ["tag1"] }))).toEqual(["n3", "n1"]);
    expect(content(r.req({ ids: [evs[1]!.id] }))).toEqual(["n2"]);
    expect(r.req({ kinds: [7] })).toEqual([]);
    expect(content(r.req({ ids: [evs[0]!.id] }, { since: 1004 }))).toEqual(["n4", "n1"]);
  });

  it("given a bad filter, then CLOSED invalid:", () => {
    const r = relay();
    expect(r.send(["REQ", "b", { kinds: ["one"] }])).toEqual([
      ["CLOSED", "b", "invalid: kinds is not an array of integers"],
    ]);
  });
});

describe("nostr-relay: kinds that replace, address and vanish", () => {
  it("replaceable (kind 0): newer wins, older refused as duplicate:, equal timestamps → lowest id", () => {
    const r = relay();
    const a = who();
    const v1 = a.sign({ kind: 0, created_at: 1000, content: "v1" });
    const v2 = a.sign({ kind: 0, created_at: 1001, content: "v2" });
    r.publish(v1);
    expect(r.publish(v2)[2]).toBe(true);
    expect(r.req({ kinds: [0], authors: [a.pk] })).toEqual([v2.id]);
    expect(r.publish(a.sign({ kind: 0, created_at: 999, content: "old" }))[3]).toMatch(/^duplicate:/);
    const t1 = a.sign({ kind: 0, created_at: 1001, content: "tie-a" });
    const t2 = a.sign({ kind: 0, created_at: 1001, content: "tie-b" });
    r.publish(t1);
    r.publish(t2);
    const lowest = [v2.id, t1.id, t2.id].sort()[0];
    expect(r.req({ kinds: [0], authors: [a.pk] })).toEqual([lowest]);
  });

  it("addressable (30000–39999): one per (kind, pubkey, d)", () => {
    const r = relay();
    const a = who();
    const x1 = a.sign({ kind: 30023, created_at: 1000, tags: [["d", "x"]], content: "x1" });
    const y1 = a.sign({ kind: 30023, created_at: 1000, tags: [["d", "y"]], content: "y1" });
    const x2 = a.sign({ kind: 30023, created_at: 1005, tags: [["d", "x"]], content: "x2" });
    for (const e of [x1, y1, x2]) r.publish(e);
    expect(r.req({ kinds: [30023] }).sort()).toEqual([x2.id, y1.id].sort());
  });

  it("ephemeral (20000–29999): OK true, delivered live, never stored", () => {
    const r = relay();
    const a = who();
    r.send(["REQ", "live", { kinds: [21000] }]);
    const e = a.sign({ kind: 21000, content: "now or never" });
    expect(r.send(["EVENT", e])).toEqual([
      ["OK", e.id, true, ""],
      ["EVENT", "live", e],
    ]);
    expect(r.req({ kinds: [21000] })).toEqual([]);
    expect(r.g.persisted()!.events).toEqual([]);
  });
});
