import type { ActorEnv, ActorEvent } from "../../runtime/actor.js";
import type { NodeId } from "../../runtime/driver.js";
import { challengeContext, challengeStatement } from "./keys.js";
import { NEIGHBOURS } from "./regions.js";
import type { AuthState, Out } from "./state.js";
import { readClaims } from "./token.js";

/** The sibling actor told about every new session token (it presents the token on lookups). */
export const TOKEN_CONSUMER = "kad";

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString("base64url");

/** Backbone nodes to ask, in order: the home region's, then each neighbour's, each region's in a node-specific rotation. */
export function candidateOrder(s: AuthState, env: ActorEnv): NodeId[] {
  const regions = [s.cfg.region, ...NEIGHBOURS[s.cfg.region]];
  const out: NodeId[] = [];
  for (const region of regions) {
    const ids = s.cfg.roster.filter((r) => r.region === region).map((r) => r.id);
    // Rotating by a per-node offset spreads a region's light nodes over its backbone nodes.
    const shift = ids.length > 0 ? env.rng.int(ids.length) : 0;
    out.push(...ids.slice(shift), ...ids.slice(0, shift));
  }
  return out;
}

/** Starts an authentication with the next candidate; after a full round, waits `retry` first. */
function attempt(s: AuthState, out: Out, wrapped = false): void {
  if (s.candidates.length === 0) return;
  if (wrapped) {
    out.setTimer("attempt", s.cfg.retry, { type: "auth.retry" });
    return;
  }
  const to = s.candidates[s.next % s.candidates.length]!;
  const rid = s.nextRid++;
  s.attempt = { rid, to, phase: "challenge" };
  out.send(to, { type: "CHALLENGE_REQUEST", rid });
  out.setTimer("attempt", s.cfg.requestTimeout, { type: "auth.timeout", rid });
}

/** Gives up on the current backbone node and moves to the next (failover to a neighbouring region). */
function failover(s: AuthState, out: Out, reason: string): void {
  const to = s.attempt?.to;
  s.attempt = undefined;
  s.next++;
  out.observe("failover", { from: to, reason });
  attempt(s, out, s.next % s.candidates.length === 0);
}

/** One input of a light node's auth actor. */
export function lightStep(s: AuthState, env: ActorEnv, ev: ActorEvent, out: Out): void {
  const a = s.attempt;
  const mine = a !== undefined && ev.rid === a.rid && ev.from === a.to;
  switch (ev.type) {
    case "auth.start":
      s.candidates.push(...candidateOrder(s, env));
      out.observe("identity", { peerId: s.me.peerId });
      attempt(s, out);
      return;
    case "auth.retry":
    case "auth.renew":
      if (!s.attempt) attempt(s, out);
      return;
    case "auth.timeout":
      if (a && ev.rid === a.rid) failover(s, out, "timeout");
      return;
    case "CHALLENGE": {
      if (!mine || a.phase !== "challenge" || typeof ev.nonce !== "string" || !/^[0-9a-f]{64}$/.test(ev.nonce)) return;
      a.phase = "authenticate";
      const statement = challengeStatement(Uint8Array.from(Buffer.from(ev.nonce, "hex")), a.to, env.self);
      const signature = s.crypto.sign(s.me.mldsa, statement, undefined, { context: challengeContext(s.cfg.purpose) });
      const msg = {
        type: "AUTHENTICATE",
        rid: a.rid,
        nonce: ev.nonce,
        publicKey: b64(s.me.mldsa.publicKey),
        signature: b64(signature),
        purpose: s.cfg.purpose,
      };
      // Signing costs the modelled CPU time before the answer leaves (0 with real crypto: that cost is real).
      const ms = s.crypto.costMs.sign["ml-dsa-87"];
      if (ms > 0) out.setTimer("sign", ms, { type: "auth.signed", rid: a.rid, to: a.to, msg });
      else out.send(a.to, msg);
      return;
    }
    case "auth.signed":
      if (a && ev.rid === a.rid) out.send(a.to, ev.msg as ActorEvent);
      return;
    case "SESSION": {
      if (!mine || a.phase !== "authenticate" || typeof ev.token !== "string" || typeof ev.expires !== "number") return;
      const claims = readClaims(ev.token);
      if (!claims || claims.sub !== s.me.peerId || claims.nid !== env.self) return;
      const renewal = s.token !== undefined;
      s.attempt = undefined;
      s.token = ev.token;
      s.expires = ev.expires;
      s.stats.sessions++;
      out.cancelTimer("attempt");
      out.observe("session", { backbone: a.to, expires: ev.expires, renewal, regions: claims.rgn });
      out.tell(TOKEN_CONSUMER, { type: "auth.token", token: ev.token, backbone: s.candidates });
      // Light nodes are findable on the backbone's DHT as providers of their own id.
      if (!renewal && s.cfg.announce) out.tell(TOKEN_CONSUMER, { type: "provide", key: env.self });
      // Renew before expiry, with the same failover order; the old token stays in use meanwhile.
      // The lifetime comes from the token's own iat/exp, so a skewed issuer clock does not matter.
      const lifetime = (claims.exp - claims.iat) * 1000;
      out.setTimer("renew", Math.max(0, lifetime - s.cfg.renewBefore), { type: "auth.renew" });
      return;
    }
    case "AUTH_REFUSED":
      if (!mine) return;
      s.stats.refused[String(ev.reason)] = (s.stats.refused[String(ev.reason)] ?? 0) + 1;
      out.observe("refused", { by: a.to, reason: ev.reason });
      s.attempt = undefined;
      s.next++;
      out.setTimer("attempt", s.cfg.retry, { type: "auth.retry" });
      return;
  }
}
