import type { ActorEnv, ActorEvent } from "../../runtime/actor.js";
import type { NodeId } from "../../runtime/driver.js";
import { challengeContext, challengeStatement, rngBytes } from "./keys.js";
import type { AuthRefusal, Session } from "./messages.js";
import { peerIdOf } from "./peer-id.js";
import { NEIGHBOURS, REGIONS, tokenRegions, type Region } from "./regions.js";
import type { AuthState, Out } from "./state.js";
import { issueToken } from "./token.js";

/** Open challenges one backbone node keeps at most: a flood of requests cannot grow it without bound. */
export const MAX_OPEN_CHALLENGES = 10_000;

const B64URL = /^[A-Za-z0-9_-]+$/;
const HEX64 = /^[0-9a-f]{64}$/;

function refuse(s: AuthState, out: Out, to: NodeId, rid: number, reason: AuthRefusal): void {
  s.stats.refused[reason] = (s.stats.refused[reason] ?? 0) + 1;
  out.observe("refused", { to, reason });
  out.send(to, { type: "AUTH_REFUSED", rid, reason });
}

/**
 * Reserves the modelled CPU for `ms` after whatever it is already doing and returns the
 * delay until that work is done: verifications queue, so a backbone node flooded with
 * authentications answers later and later, as a real one would. Zero for real crypto.
 */
function cpu(s: AuthState, now: number, ms: number): number {
  const start = Math.max(now, s.cpuFreeAt);
  s.cpuFreeAt = start + ms;
  return s.cpuFreeAt - now;
}

/** Backbone nodes of `home` and its neighbours, home first: where the holder may look things up. */
function regionalBackbone(s: AuthState, home: Region): Session["backbone"] {
  const order = [home, ...NEIGHBOURS[home]];
  return s.cfg.roster
    .filter((r) => order.includes(r.region))
    .sort((a, b) => order.indexOf(a.region) - order.indexOf(b.region))
    .map((r) => ({ id: r.id, region: r.region }));
}

/** One input of a backbone node's auth actor. */
export function backboneStep(s: AuthState, env: ActorEnv, ev: ActorEvent, out: Out): void {
  const now = env.now();
  const from = ev.from as NodeId;
  const rid = typeof ev.rid === "number" ? ev.rid : 0;
  switch (ev.type) {
    case "CHALLENGE_REQUEST": {
      for (const [nonce, c] of s.challenges) if (c.expires <= now) s.challenges.delete(nonce);
      if (s.challenges.size >= MAX_OPEN_CHALLENGES) return refuse(s, out, from, rid, "busy");
      const nonce = Buffer.from(rngBytes(env.rng)).toString("hex");
      s.challenges.set(nonce, { from, expires: now + s.cfg.challengeTimeout });
      s.stats.challenges++;
      out.send(from, { type: "CHALLENGE", rid, nonce });
      return;
    }
    case "AUTHENTICATE": {
      const { nonce, publicKey, signature, purpose } = ev;
      if (typeof nonce !== "string" || !HEX64.test(nonce) || typeof purpose !== "string") {
        return refuse(s, out, from, rid, "malformed");
      }
      if (
        typeof publicKey !== "string" ||
        !B64URL.test(publicKey) ||
        typeof signature !== "string" ||
        !B64URL.test(signature)
      )
        return refuse(s, out, from, rid, "malformed");
      // Single use: the challenge is gone whatever the outcome, so an answer can never be replayed.
      const open = s.challenges.get(nonce);
      s.challenges.delete(nonce);
      if (!open || open.from !== from || open.expires <= now) return refuse(s, out, from, rid, "unknown-challenge");
      if (purpose !== s.cfg.purpose) return refuse(s, out, from, rid, "purpose");
      const pk = Uint8Array.from(Buffer.from(publicKey, "base64url"));
      const statement = challengeStatement(Uint8Array.from(Buffer.from(nonce, "hex")), env.self, from);
      const ok = s.crypto.verify("ml-dsa-87", pk, statement, Buffer.from(signature, "base64url"), {
        context: challengeContext(purpose),
      });
      const verifyMs = s.crypto.costMs.verify["ml-dsa-87"];
      if (!ok) {
        cpu(s, now, verifyMs);
        return refuse(s, out, from, rid, "bad-signature");
      }
      const expires = now + s.cfg.tokenLifetime;
      const sub = peerIdOf(s.crypto, pk);
      const token = issueToken(s.crypto, s.me.token, {
        iss: env.self,
        sub,
        nid: from,
        rgn: s.cfg.tokenRegions === "all" ? [...REGIONS] : tokenRegions(s.cfg.region),
        pur: purpose,
        iat: now / 1000,
        exp: expires / 1000,
        jti: env.rng.hex64(),
      });
      s.stats.issued++;
      const session: Session = {
        type: "SESSION",
        rid,
        token,
        expires,
        backbone: regionalBackbone(s, s.cfg.region),
      };
      out.observe("issued", { to: from, sub, expires });
      const delay = cpu(s, now, verifyMs + s.crypto.costMs.sign.ed25519);
      if (delay > 0) out.setTimer(`reply-${from}-${rid}`, delay, { type: "auth.reply", to: from, msg: session });
      else out.send(from, session);
      return;
    }
    case "auth.reply":
      out.send(ev.to as NodeId, ev.msg as Session);
      return;
  }
}
