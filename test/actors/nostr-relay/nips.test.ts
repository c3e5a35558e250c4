import { finalizeEvent } from "nostr-tools/pure";
import { describe, expect, it } from "vitest";
import { checkEvent, signEvent } from "../../../actors/nostr-relay/index.js";
import { relay, who } from "./helpers.js";

/** A signed NIP-42 AUTH event for the challenge `r` sent on open. */
function authFor(r: ReturnType<typeof relay>, id: ReturnType<typeof who>, conn: string, challenge?: string) {
  const sent = r.open(conn).find((f) => f[0] === "AUTH")![1] as string;
  const ch = challenge ?? sent;
  const ev = JSON.parse(
    JSON.stringify(
      finalizeEvent(
        {
          kind: 22242,
          created_at: 1000,
          tags: [
            ["relay", "ws://relay.test"],
            ["challenge", ch],
          ],
          content: "",
        },
        id.sk,
      ),
    ),
  );
  return r.send(["AUTH", ev], conn)[0];
}

describe("NIP-09 deletion", () => {
  it("given an author's note, when it deletes it, then it is gone and a re-publish is blocked:", () => {
    const r = relay();
    const a = who();
    const b = who();
    const note = a.sign({ content: "oops" });
    const others = b.sign({ content: "not yours" });
    r.publish(note);
    r.publish(others);
    const del = a.sign({
      kind: 5,
      created_at: 1001,
      tags: [
        ["e", note.id],
        ["e", others.id],
      ],
    });
    expect(r.publish(del)[2]).toBe(true);
    expect(r.req({ ids: [note.id, others.id] })).toEqual([others.id]);
    expect(r.publish(note)).toEqual(["OK", note.id, false, "blocked: deleted by its author"]);
    expect(r.req({ kinds: [5] })).toEqual([del.id]);
  });

  it("given an addressable event, when its address is deleted, then versions up to the deletion go", () => {
    const r = relay();
    const a = who();
    const art = a.sign({ kind: 30023, created_at: 1000, tags: [["d", "post"]] });
    r.publish(art);
    r.publish(a.sign({ kind: 5, created_at: 1001, tags: [["a", `30023:${a.pk}:post`]] }));
    expect(r.req({ kinds: [30023] })).toEqual([]);
    const newer = a.sign({ kind: 30023, created_at: 1002, tags: [["d", "post"]] });
    expect(r.publish(newer)[2]).toBe(true);
  });
});

describe("NIP-40 expiration", () => {
  it("given an expired event, then invalid:; given one that expires later, then gone after that time", () => {
    const r = relay({ sweepInterval: 1000 });
    const a = who();
    const stale = a.sign({ tags: [["expiration", "999"]] });
    expect(r.publish(stale)).toEqual(["OK", stale.id, false, "invalid: event has expired"]);
    const soon = a.sign({ tags: [["expiration", "1005"]] });
    expect(r.publish(soon)[2]).toBe(true);
    expect(r.req({ ids: [soon.id] })).toEqual([soon.id]);
    r.g.at(1_005_000);
    expect(r.req({ ids: [soon.id] })).toEqual([]);
    r.g.when({ type: "tick.sweep" });
    expect(r.g.persisted()!.events).toEqual([]);
  });
});

describe("NIP-45 COUNT", () => {
  it("given notes by two authors, when COUNT with two filters, then the union is counted, no limit applied", () => {
    const r = relay();
    const a = who();
    const b = who();
    for (let i = 0; i < 3; i++) r.publish(a.sign({ created_at: 1000 + i }));
    r.publish(b.sign({ kind: 7 }));
    expect(r.send(["COUNT", "c", { authors: [a.pk], limit: 1 }, { kinds: [7] }])).toEqual([
      ["COUNT", "c", { count: 4 }],
    ]);
  });
});

describe("NIP-42 and the team relay", () => {
  const member = who();
  const reader = who();
  const outsider = who();
  const team = {
    name: "crew",
    members: [{ pubkey: member.pk }, { pubkey: reader.pk, write: false }],
  };

  it("given a team relay, when nobody has authenticated, then EVENT and REQ answer auth-required:", () => {
    const r = relay({ team, url: "ws://relay.test" });
    const ev = member.sign();
    expect(r.publish(ev)[3]).toMatch(/^auth-required:/);
    expect(r.send(["REQ", "s", {}])).toEqual([
      ["CLOSED", "s", "auth-required: this relay requires NIP-42 authentication"],
    ]);
  });

  it("AUTH: wrong challenge or relay → invalid:; a member then writes; an outsider is restricted: and nothing of it stored", () => {
    const r = relay({ team, url: "ws://relay.test" });
    expect(authFor(r, member, "m", "not-the-challenge")!.slice(2)).toEqual([false, "invalid: wrong challenge"]);
    expect(authFor(r, member, "m")!.slice(2)).toEqual([true, ""]);
    const ev = member.sign({ content: "team" });
    expect(r.publish(ev, "m")).toEqual(["OK", ev.id, true, ""]);
    expect(authFor(r, outsider, "o")!.slice(2)).toEqual([true, ""]);
    const bad = outsider.sign({ content: "spam" });
    expect(r.publish(bad, "o")).toEqual(["OK", bad.id, false, "restricted: not a team member with write access"]);
    expect(r.send(["REQ", "s", {}], "o")).toEqual([["CLOSED", "s", "restricted: not a team member with read access"]]);
    // A member may not relay an outsider's event either.
    expect(r.publish(bad, "m")[3]).toBe("restricted: the author is not a team member");
    expect(r.g.persisted()!.events.map((e) => e.id)).toEqual([ev.id]);
  });

  it("a read-only member reads but may not write", () => {
    const r = relay({ team });
    authFor(r, member, "m");
    r.publish(member.sign({ content: "hello" }), "m");
    authFor(r, reader, "rd");
    expect(r.publish(reader.sign(), "rd")[3]).toMatch(/^restricted:/);
    expect(r.send(["REQ", "s", {}], "rd").map((f) => f[0])).toEqual(["EVENT", "EOSE"]);
  });
});

describe("resource limits", () => {
  it("given a connection bucket of burst 3 at 1/s, then the 4th event is rate-limited: until a second passes", () => {
    const r = relay({ connectionRate: { perSecond: 1, burst: 3 } });
    const a = who();
    const oks = [0, 1, 2, 3].map((i) => r.publish(a.sign({ created_at: 1000 + i }))[3]);
    expect(oks).toEqual(["", "", "", "rate-limited: slow down, too many events on this connection"]);
    r.g.at(1_001_000);
    expect(r.publish(a.sign({ created_at: 1010 }))[2]).toBe(true);
  });

  it("given a pubkey bucket, then one author is limited across connections", () => {
    const r = relay({ pubkeyRate: { perSecond: 1, burst: 2 } });
    const a = who();
    expect(r.publish(a.sign({ created_at: 1 }), "x")[2]).toBe(true);
    expect(r.publish(a.sign({ created_at: 2 }), "y")[2]).toBe(true);
    expect(r.publish(a.sign({ created_at: 3 }), "z")[3]).toMatch(/^rate-limited:/);
    expect(r.publish(who().sign(), "z")[2]).toBe(true);
  });

  it("given maxConnections 2, then a third connection gets NOTICE restricted: and is closed", () => {
    const r = relay({ maxConnections: 2 });
    r.open("b");
    const effects = r.g.when({ type: "open", from: "c" });
    expect(r.frames(effects, "c")).toEqual([["NOTICE", "restricted: too many connections"]]);
    expect(effects.some((e) => e.kind === "send" && e.to === "c" && e.msg.type === "close")).toBe(true);
  });

  it("given a storage cap, then the oldest events go first", () => {
    const r = relay({ storageMb: 1 });
    const a = who();
    const big = (t: number) => a.sign({ created_at: t, content: "x".repeat(60_000) });
    const evs = Array.from({ length: 20 }, (_, i) => big(1000 + i));
    for (const e of evs) r.publish(e);
    const kept = r.req({ limit: 100 });
    expect(kept.length).toBeLessThan(20);
    expect(kept).toEqual(
      evs
        .slice(20 - kept.length)
        .reverse()
        .map((e) => e.id),
    );
  });

  it("given retention 1h, then a sweep drops events older than an hour", () => {
    const r = relay({ retention: "1h" });
    const a = who();
    const old = a.sign({ created_at: 1000 });
    r.publish(old);
    r.g.at((1000 + 3601) * 1000);
    r.g.when({ type: "tick.sweep" });
    expect(r.g.persisted()!.events).toEqual([]);
  });
});

describe("modelled signatures (simulator only)", () => {
  it("given a relay with modelled signatures, then a modelled event passes and a tampered or BIP-340 one does not", () => {
    const r = relay({ signatures: "modelled" });
    const a = who();
    const ev = signEvent({ kind: 1, created_at: 1000, tags: [], content: "modelled" }, a.sk, { scheme: "modelled" });
    expect(r.publish(ev as never)).toEqual(["OK", ev.id, true, ""]);
    const tampered = { ...ev, sig: ev.sig.replace(/^./, ev.sig[0] === "0" ? "1" : "0") };
    const other = signEvent({ kind: 1, created_at: 1001, tags: [], content: "x" }, a.sk, { scheme: "modelled" });
    expect(r.publish({ ...other, sig: tampered.sig } as never)[3]).toBe("invalid: bad signature");
    expect(r.publish(a.sign({ content: "real bip340" }))[3]).toBe("invalid: bad signature");
  });

  it("given the same aux bytes, then BIP-340 signing is reproducible (what a simulated run needs)", () => {
    const a = who();
    const t = { kind: 1, created_at: 1000, tags: [], content: "same" };
    const aux = new Uint8Array(32).fill(7);
    expect(signEvent(t, a.sk, { aux }).sig).toBe(signEvent(t, a.sk, { aux }).sig);
    expect(checkEvent(signEvent(t, a.sk, { aux }))).toBeUndefined();
  });
});
