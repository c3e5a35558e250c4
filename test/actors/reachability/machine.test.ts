import { describe, expect, it } from "vitest";
import { reachability } from "../../../actors/reachability/index.js";
import { given, observed, sent, told } from "../helpers/recording-io.js";

const servers = ["s1", "s2", "s3", "s4", "s5"];

/** Starts a client and runs its first round: returns the harness and the nonces it sent, by server. */
function firstRound() {
  const t = given(reachability({ servers }), { self: "me" });
  const requests = sent(t.when({ type: "tick.probe" }), "dial.request");
  return { t, requests: requests.map((r) => ({ server: r.to, nonce: r.msg.nonce as string })) };
}

describe("reachability actor", () => {
  it("asks confirmations + 1 distinct servers for a dial-back, never itself", () => {
    const { requests } = firstRound();
    expect(requests).toHaveLength(4);
    expect(new Set(requests.map((r) => r.server)).size).toBe(4);
    expect(requests.every((r) => servers.includes(r.server))).toBe(true);
  });

  it("given three dial-backs, when the round is judged, then it is public and tells its siblings", () => {
    const { t, requests } = firstRound();
    for (const r of requests.slice(0, 3)) {
      t.when({ type: "dial.response", nonce: r.nonce, from: r.server });
      t.when({ type: "dial.back", nonce: r.nonce, from: "helper" });
    }
    const effects = t.when({ type: "tick.judge" });
    expect(t.state()).toBe("public");
    expect(observed(effects, "status")).toEqual([{ status: "public" }]);
    expect(told(effects).map((x) => [x.actor, x.event.status])).toEqual([
      ["relay", "public"],
      ["holepunch", "public"],
    ]);
  });

  it("given answers without dial-backs, then it is private", () => {
    const { t, requests } = firstRound();
    for (const r of requests) t.when({ type: "dial.response", nonce: r.nonce, from: r.server });
    t.when({ type: "tick.judge" });
    expect(t.state()).toBe("private");
  });

  it("given only two dial-backs (and silent servers), then it stays unknown and retries soon", () => {
    const { t, requests } = firstRound();
    for (const r of requests.slice(0, 2)) t.when({ type: "dial.back", nonce: r.nonce, from: "helper" });
    t.when({ type: "tick.judge" });
    expect(t.state()).toBe("unknown");
  });

  it("ignores dial-backs for nonces it never sent and answers from servers it did not ask", () => {
    const { t, requests } = firstRound();
    for (let i = 0; i < 3; i++) t.when({ type: "dial.back", nonce: `forged-${i}`, from: "x" });
    for (const r of requests) t.when({ type: "dial.response", nonce: r.nonce, from: "not-the-server" });
    t.when({ type: "tick.judge" });
    expect(t.state()).toBe("unknown");
  });

  it("as a server, asks another peer to dial the client back and answers the client", () => {
    const t = given(reachability({ servers }), { self: "s1" });
    const effects = t.when({ type: "dial.request", nonce: "n1", from: "client" });
    const assist = sent(effects, "dial.assist");
    expect(assist).toHaveLength(1);
    expect(["s2", "s3", "s4", "s5"]).toContain(assist[0]!.to);
    expect(assist[0]!.msg).toMatchObject({ target: "client", nonce: "n1" });
    expect(sent(effects, "dial.response")).toEqual([{ to: "client", msg: { type: "dial.response", nonce: "n1" } }]);
    expect(sent(t.when({ type: "dial.assist", target: "client", nonce: "n1", from: "s9" }), "dial.back")).toEqual([
      { to: "client", msg: { type: "dial.back", nonce: "n1" } },
    ]);
  });

  it("as a server, never picks a helper the client has talked to (its mapping would let the dial-back in)", () => {
    const t = given(reachability({ servers }), { self: "s1" });
    for (let i = 0; i < 20; i++) {
      const assist = sent(
        t.when({ type: "dial.request", nonce: `n${i}`, avoid: ["s2", "s3", "s4"], from: "c" }),
        "dial.assist",
      );
      expect(assist.map((a) => a.to)).toEqual(["s5"]);
    }
  });

  it("lists the servers it asked lately and its relay as `avoid` in every request", () => {
    const t = given(reachability({ servers }), { self: "me" });
    t.when({ type: "relay.address", relays: ["r9"] });
    const first = sent(t.when({ type: "tick.probe" }), "dial.request");
    const avoid = first[0]!.msg.avoid as string[];
    expect(new Set(avoid)).toEqual(new Set([...first.map((r) => r.to), "r9"]));
  });

  it("avoids peers its siblings reported contacting (a relay candidate, a punched peer)", () => {
    const t = given(reachability({ servers }), { self: "me" });
    t.when({ type: "contacted", peers: ["s5", "x"] });
    const requests = sent(t.when({ type: "tick.probe" }), "dial.request");
    expect(requests.map((r) => r.to)).not.toContain("s5");
    expect(requests[0]!.msg.avoid).toEqual(expect.arrayContaining(["s5", "x"]));
  });

  it("a public node flips to private when a later round brings ≥ 3 answers without dial-backs", () => {
    const { t, requests } = firstRound();
    for (const r of requests) {
      t.when({ type: "dial.response", nonce: r.nonce, from: r.server });
      t.when({ type: "dial.back", nonce: r.nonce, from: "h" });
    }
    t.when({ type: "tick.judge" });
    expect(t.state()).toBe("public");
    const again = sent(t.when({ type: "tick.probe" }), "dial.request");
    // Servers that answered are asked again: the avoid list stays short.
    expect(new Set(again.map((r) => r.to))).toEqual(new Set(requests.map((r) => r.server)));
    for (const r of again) t.when({ type: "dial.response", nonce: r.msg.nonce, from: r.to });
    t.when({ type: "tick.judge" });
    expect(t.state()).toBe("private");
  });
});
