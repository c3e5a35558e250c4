import { describe, expect, it } from "vitest";
import { authFrom } from "../../../actors/auth/index.js";
import {
  challengeContext,
  challengeStatement,
  identityFrom,
  saltedSeed,
  tokenKeyFrom,
} from "../../../actors/auth/keys.js";
import type { RosterNode } from "../../../actors/auth/state.js";
import { checkToken, readClaims } from "../../../actors/auth/token.js";
import type { Envelope } from "../../../runtime/driver.js";
import { realCrypto } from "../../../runtime/crypto/real.js";
import type { LogEntry } from "../../../runtime/event-log.js";
import { Mesh } from "../helpers/mesh.js";

/** Every log entry of a mesh, plumbing included (the helper keeps only observations). */
const entriesOf = new WeakMap<Mesh, LogEntry[]>();
function recorded(mesh: Mesh): Mesh {
  const all: LogEntry[] = [];
  mesh.log.entries$.subscribe((e) => all.push(e));
  entriesOf.set(mesh, all);
  return mesh;
}
const entries = (mesh: Mesh) => entriesOf.get(mesh)!;

const crypto = realCrypto();
const SALT = "auth-test";
const roster: RosterNode[] = [
  { id: "bb-eu-0", region: "europe" },
  { id: "bb-eu-1", region: "europe" },
  { id: "bb-na-0", region: "north_america" },
  { id: "bb-au-0", region: "australia" },
];
const params = (region: string, extra: object = {}) => ({ region, keySalt: SALT, ...extra });

/** Four backbone nodes in three regions, light nodes in Europe, and a raw node "mallory" we drive by hand. */
function world(lightExtra: object = {}, lights = ["light-0"]) {
  const mesh = recorded(
    new Mesh([
      // Tokens honoured in the issuer's region and its neighbours only (the default is every region).
      ...roster.map((r) => ({
        id: r.id,
        actors: [authFrom(params(r.region, { tokenRegions: "neighbours" }), "backbone", roster)],
      })),
      ...lights.map((id) => ({ id, actors: [authFrom(params("europe", lightExtra), "light", roster)] })),
    ]),
  );
  const inbox: Envelope[] = [];
  const mallory = mesh.net.attach({ id: "mallory", group: "mesh", segment: "lan" });
  mallory.onReceive((e) => inbox.push(e));
  void mallory.start();
  const send = (to: string, payload: Record<string, unknown>) =>
    mallory.send({ from: "mallory", to, protocol: "auth", payload: payload as Envelope["payload"] });
  return { mesh, inbox, send };
}

const issuers = new Map(roster.map((r) => [r.id, tokenKeyFrom(crypto, saltedSeed(crypto, SALT, r.id)).publicKey]));
const sent = (mesh: Mesh, node: string, type: string) =>
  entries(mesh)
    .filter((e) => e.node === node && e.type === "auth.send")
    .map((e) => (e.data as { to: string; msg: Record<string, unknown> }).msg)
    .filter((m) => m.type === type);

describe("auth actor: challenge, ML-DSA-87 signature, session token", () => {
  it("a light node authenticates with its region's backbone; the token names its PeerID and works in neighbouring regions", () => {
    const { mesh } = world();
    mesh.start().run(5_000);
    const [session] = mesh.observed("auth.session");
    expect(session?.node).toBe("light-0");
    expect(["bb-eu-0", "bb-eu-1"]).toContain((session!.data as { backbone: string }).backbone);
    const token = mesh.context<{ auth: { token: string } }>("light-0", "auth").auth.token;
    const me = identityFrom(crypto, saltedSeed(crypto, SALT, "light-0"));
    // PeerID = first 20 bytes of sha256 of the ML-DSA-87 public key.
    expect(readClaims(token)?.sub).toBe(Buffer.from(crypto.sha256(me.mldsa.publicKey).subarray(0, 20)).toString("hex"));
    const at = (region: string) =>
      checkToken(crypto, token, {
        issuers,
        region,
        now: mesh.clock.now(),
        from: "light-0",
        purpose: "backbone-session",
      });
    expect(at("europe").ok).toBe(true);
    expect(at("north_america").ok).toBe(true); // a neighbour of Europe
    expect(at("australia")).toEqual({ ok: false, reason: "region" });
  });

  it("by default a token is honoured in every region", () => {
    const m = new Mesh([
      { id: "bb-eu-0", actors: [authFrom(params("europe"), "backbone", roster)] },
      { id: "light-0", actors: [authFrom(params("europe"), "light", roster)] },
    ]);
    m.start().run(5_000);
    const token = m.context<{ auth: { token: string } }>("light-0", "auth").auth.token;
    expect(readClaims(token)?.rgn).toEqual(["north_america", "latin_america", "europe", "asia_pacific", "australia"]);
  });

  it("a replayed answer to a challenge is refused, from the same node or another", () => {
    const { mesh, inbox, send } = world();
    mesh.start().run(5_000);
    const [answer] = sent(mesh, "light-0", "AUTHENTICATE");
    const to = (mesh.observed("auth.session")[0]!.data as { backbone: string }).backbone;
    send(to, answer!);
    mesh.run(1_000);
    expect(inbox.map((e) => e.payload)).toEqual([
      { type: "AUTH_REFUSED", rid: answer!.rid, reason: "unknown-challenge" },
    ]);
    // The same answer again from the light node itself (as its host would deliver it): the challenge was single use.
    mesh.host(to).command("auth", { ...answer!, type: "AUTHENTICATE", from: "light-0" });
    mesh.run(1_000);
    expect(mesh.observed("auth.refused").map((e) => e.data)).toEqual([
      { to: "mallory", reason: "unknown-challenge" },
      { to: "light-0", reason: "unknown-challenge" },
    ]);
    expect(mesh.observed("auth.issued").length).toBe(1);
  });

  it("a signature bound to another backbone node, or to another purpose, is refused; the right one is accepted", () => {
    const { mesh, inbox, send } = world();
    mesh.start();
    const key = identityFrom(crypto, saltedSeed(crypto, SALT, "mallory")).mldsa;
    const answer = (rid: number, boundTo: string, purpose = "backbone-session") => {
      send("bb-eu-0", { type: "CHALLENGE_REQUEST", rid });
      mesh.run(500);
      const nonce = String((inbox.at(-1)!.payload as unknown as { nonce: string }).nonce);
      const statement = challengeStatement(Buffer.from(nonce, "hex"), boundTo, "mallory");
      const signature = crypto.sign(key, statement, undefined, { context: challengeContext(purpose) });
      const b64 = (b: Uint8Array) => Buffer.from(b).toString("base64url");
      send("bb-eu-0", {
        type: "AUTHENTICATE",
        rid,
        nonce,
        publicKey: b64(key.publicKey),
        signature: b64(signature),
        purpose: "backbone-session",
      });
      mesh.run(500);
      return inbox.at(-1)!.payload as { type: string; reason?: string };
    };
    expect(answer(1, "bb-eu-1")).toMatchObject({ type: "AUTH_REFUSED", reason: "bad-signature" });
    expect(answer(2, "bb-eu-0", "some-other-purpose")).toMatchObject({ type: "AUTH_REFUSED", reason: "bad-signature" });
    expect(answer(3, "bb-eu-0").type).toBe("SESSION");
  });

  it("renews before the token expires; the old token then expires, the new one holds", () => {
    // Backbone nodes issue 10-minute tokens here.
    const m = recorded(
      new Mesh([
        ...roster.map((r) => ({
          id: r.id,
          actors: [authFrom(params(r.region, { tokenLifetime: "10m" }), "backbone", roster)],
        })),
        { id: "light-0", actors: [authFrom(params("europe", { renewBefore: "2m" }), "light", roster)] },
      ]),
    );
    m.start().run(9 * 60_000);
    const sessions = m.observed("auth.session").map((e) => ({ at: e.at, ...(e.data as { renewal: boolean }) }));
    expect(sessions.map((s) => s.renewal)).toEqual([false, true]);
    expect(sessions[1]!.at).toBeGreaterThanOrEqual(8 * 60_000);
    const tokens = entries(m)
      .filter((e) => e.type === "auth.in" && (e.data as { type: string }).type === "SESSION")
      .map((e) => (e.data as { token: string }).token);
    const check = (t: string) =>
      checkToken(crypto, t, {
        issuers,
        region: "europe",
        now: 10.5 * 60_000,
        from: "light-0",
        purpose: "backbone-session",
      });
    expect(check(tokens[0]!)).toEqual({ ok: false, reason: "expired" });
    expect(check(tokens[1]!).ok).toBe(true);
  });

  it("fails over to a neighbouring region when its own region's backbone is down", () => {
    const { mesh } = world();
    mesh.start(mesh.ids.filter((id) => !id.startsWith("bb-eu")));
    mesh.run(30_000);
    const failovers = mesh.observed("auth.failover").map((e) => (e.data as { from: string }).from);
    expect(failovers.sort()).toEqual(["bb-eu-0", "bb-eu-1"]);
    const [session] = mesh.observed("auth.session");
    expect((session!.data as { backbone: string }).backbone).toBe("bb-na-0");
    // Australia is no neighbour of Europe: never asked.
    expect(sent(mesh, "light-0", "CHALLENGE_REQUEST").length).toBe(3);
  });

  it("one authentication costs two messages each way, and the backbone issues one token", () => {
    const { mesh } = world();
    mesh.start().run(5_000);
    const types = (node: string) =>
      entries(mesh)
        .filter((e) => e.node === node && e.type === "auth.send")
        .map((e) => (e.data as { msg: { type: string } }).msg.type);
    expect(types("light-0")).toEqual(["CHALLENGE_REQUEST", "AUTHENTICATE"]);
    const backbone = (mesh.observed("auth.session")[0]!.data as { backbone: string }).backbone;
    expect(types(backbone)).toEqual(["CHALLENGE", "SESSION"]);
    expect(mesh.observed("auth.issued").length).toBe(1);
  });
});
