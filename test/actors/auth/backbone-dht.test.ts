import { describe, expect, it } from "vitest";
import { authFrom } from "../../../actors/auth/index.js";
import { tokenGuard } from "../../../actors/auth/guard.js";
import type { RosterNode } from "../../../actors/auth/state.js";
import { issueToken } from "../../../actors/auth/token.js";
import { kademlia } from "../../../actors/kademlia/index.js";
import { realCrypto } from "../../../runtime/crypto/real.js";
import { Mesh } from "../helpers/mesh.js";

const crypto = realCrypto();
const SALT = "dht-test";
const roster: RosterNode[] = [
  { id: "eu-0", region: "europe" },
  { id: "eu-1", region: "europe" },
  { id: "na-0", region: "north_america" },
  { id: "na-1", region: "north_america" },
];
const backboneIds = roster.map((r) => r.id);
const lights = ["l-0", "l-1", "l-2", "l-3"];

/** The backbone (Kademlia servers with the token check, auth servers) and European light nodes (cache of 2). */
function world() {
  const guard = (region: string) => tokenGuard({ roster, region, purpose: "backbone-session", crypto, keySalt: SALT });
  const mesh = new Mesh([
    ...roster.map((r) => ({
      id: r.id,
      actors: [
        kademlia({ mode: "server", bootstrap: backboneIds, authorize: guard(r.region) }),
        authFrom({ region: r.region, keySalt: SALT }, "backbone", roster),
      ],
    })),
    ...lights.map((id) => ({
      id,
      actors: [
        kademlia({ mode: "client", bootstrap: ["eu-0", "eu-1"], peerCacheSize: 2 }),
        authFrom({ region: "europe", keySalt: SALT }, "light", roster),
      ],
    })),
    // A light node that never authenticated.
    { id: "stranger", actors: [kademlia({ mode: "client", bootstrap: ["eu-0", "eu-1"] })] },
  ]);
  mesh.start().run(20_000);
  const find = (from: string, key: string) => {
    const before = mesh.observed("kad.lookup.done").length;
    mesh.host(from).command("kad", { type: "findProviders", key });
    mesh.run(10_000);
    const done = mesh.observed("kad.lookup.done").slice(before);
    const mine = done.filter((e) => e.node === from && (e.data as { op: string }).op === "findProviders");
    return mine.at(-1)!.data as { ok: boolean; cache?: string; providers?: string[] };
  };
  return { mesh, find };
}

describe("the backbone's Kademlia serves token holders only", () => {
  it("authenticated light nodes find each other: a miss asks the backbone, the repeat is a cache hit, LRU evicts", () => {
    const { mesh, find } = world();
    expect(mesh.observed("auth.session").length).toBe(4);
    const miss = find("l-0", "l-1");
    expect(miss).toMatchObject({ ok: true, cache: "miss" });
    expect(miss.providers).toContain("l-1");
    expect(find("l-0", "l-1")).toMatchObject({ ok: true, cache: "hit" });
    find("l-0", "l-2");
    find("l-0", "l-3"); // the cache holds 2: l-1 is now the least recently used, and gone
    expect(find("l-0", "l-1")).toMatchObject({ ok: true, cache: "miss" });
    expect(mesh.observed("kad.refused").filter((e) => lights.includes((e.data as { from: string }).from))).toEqual([]);
  });

  it("a node without a token is refused, with the reason, and finds nothing", () => {
    const { mesh, find } = world();
    expect(find("stranger", "l-1").ok).toBe(false);
    const reasons = mesh.observed("kad.refused").filter((e) => (e.data as { from: string }).from === "stranger");
    expect(reasons.length).toBeGreaterThan(0);
    expect(new Set(reasons.map((e) => (e.data as { reason: string }).reason))).toEqual(new Set(["no-token"]));
  });

  it("forged and replayed tokens are refused", () => {
    const { mesh, find } = world();
    const forged = issueToken(crypto, crypto.generateKeyPair("ed25519", new Uint8Array(32).fill(9)), {
      iss: "eu-0",
      sub: "00".repeat(20),
      nid: "stranger",
      rgn: ["europe", "north_america"],
      pur: "backbone-session",
      iat: 0,
      exp: 86_400,
      jti: "x",
    });
    mesh.host("stranger").command("kad", { type: "auth.token", token: forged });
    expect(find("stranger", "l-1").ok).toBe(false);
    const stolen = mesh.context<{ auth: { token: string } }>("l-2", "auth").auth.token;
    mesh.host("stranger").command("kad", { type: "auth.token", token: stolen });
    expect(find("stranger", "l-1").ok).toBe(false);
    const reasons = mesh
      .observed("kad.refused")
      .filter((e) => (e.data as { from: string }).from === "stranger")
      .map((e) => (e.data as { reason: string }).reason);
    expect(new Set(reasons)).toEqual(new Set(["forged", "replayed"]));
  });

  it("lookups keep succeeding when the home region's backbone is down (a neighbouring region answers)", () => {
    const { mesh, find } = world();
    mesh.host("eu-0").stop();
    mesh.host("eu-1").stop();
    const r = find("l-0", "l-3");
    expect(r).toMatchObject({ ok: true, cache: "miss" });
    expect(r.providers).toContain("l-3");
  });

  it("a cached verdict does not outlive the token", () => {
    const key = crypto.generateKeyPair("ed25519", new Uint8Array(32).fill(1));
    const guard = tokenGuard({
      roster: [{ id: "eu-0", region: "europe", tokenKey: Buffer.from(key.publicKey).toString("hex") }],
      region: "europe",
      purpose: "p",
      crypto,
    });
    const claims = { iss: "eu-0", sub: "ab", nid: "l", rgn: ["europe"], pur: "p", iat: 0, exp: 60, jti: "j" };
    const token = issueToken(crypto, key, claims);
    expect(guard({ from: "l", type: "GET_PROVIDERS", token, now: 1_000 })).toBeUndefined();
    expect(guard({ from: "l", type: "GET_PROVIDERS", token, now: 59_999 })).toBeUndefined();
    expect(guard({ from: "l", type: "GET_PROVIDERS", token, now: 60_000 })).toBe("expired");
    expect(guard({ from: "eu-0", type: "FIND_NODE", token: undefined, now: 60_000 })).toBeUndefined(); // backbone peers
  });
});
