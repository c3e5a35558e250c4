import { pathToFileURL } from "node:url";
import { backboneStep } from "../actors/auth/backbone.js";
import { challengeContext, challengeStatement, identityFrom, saltedSeed } from "../actors/auth/keys.js";
import { createState, Out, type AuthInit } from "../actors/auth/state.js";
import { checkToken } from "../actors/auth/token.js";
import { tokenGuard } from "../actors/auth/guard.js";
import { resolveConfig } from "../actors/kademlia/config.js";
import { kadKey } from "../actors/kademlia/distance.js";
import { createState as createKadState, Out as KadOut } from "../actors/kademlia/state.js";
import { step as kadStep } from "../actors/kademlia/step.js";
import type { ActorEnv, ActorEvent } from "../runtime/actor.js";
import { DEFAULT_COST_MS } from "../runtime/crypto/modelled.js";
import { realCrypto } from "../runtime/crypto/real.js";
import { createRng } from "../runtime/rng.js";

/** One measured figure, beside the reference the issue names (noble on an Apple M2, from the design notes). */
export interface AuthBenchRow {
  what: string;
  "per second here": number;
  "ms each here": number;
  "reference per second": number | string;
  "simulator charges (ms)": number | string;
}

const crypto = realCrypto();

/** CPU ms of this process: what the simulator charges, and meaningful on a shared 2-core machine. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Runs `op(i)` (i = 0, 1, … over every call) for at least `ms` of CPU time and 3 calls, after 2 warm-up calls; ms per call. */
function measure(ms: number, op: (i: number) => void): number {
  let i = 0;
  op(i++);
  op(i++);
  const start = cpuMs();
  let n = 0;
  while (n < 3 || cpuMs() - start < ms) {
    op(i++);
    n++;
  }
  return (cpuMs() - start) / n;
}

const row = (what: string, msEach: number, reference: number | string, charged: number | string): AuthBenchRow => ({
  what,
  "per second here": Math.round(1000 / msEach),
  "ms each here": Number(msEach.toPrecision(3)),
  "reference per second": reference,
  "simulator charges (ms)": charged,
});

/** A backbone node's env for driving its step by hand (no host: what is measured is the node's own work). */
function envOf(self: string): ActorEnv {
  const noop = () => undefined;
  return {
    self,
    segment: "bench",
    rng: createRng(`bench/${self}`),
    now: () => 0,
    io: { send: noop, broadcast: noop, setTimer: noop, cancelTimer: noop, tell: noop, observe: noop },
  };
}

/**
 * `npm run bench -- auth`: ML-DSA-87 keygen / sign / verify per second with the real
 * primitives (beside noble's M2 figures), the authentications per second one backbone node
 * sustains (its part: challenge, ML-DSA-87 verify, token issue), and token checks per second
 * (what every authenticated lookup costs a backbone node on top of the DHT work).
 */
export function benchAuth(msPerCase = 1500): AuthBenchRow[] {
  const seeds = Array.from({ length: 16 }, (_, i) => saltedSeed(crypto, "bench", `n${i}`));
  const key = crypto.generateKeyPair("ml-dsa-87", seeds[0]!);
  const msg = (i: number) => challengeStatement(seeds[i % 16]!, "backbone-0", `light-${i}`);
  const ctx = { context: challengeContext("backbone-session") };
  const sigs = Array.from({ length: 16 }, (_, i) => crypto.sign(key, msg(i), undefined, ctx));
  const rows = [
    row(
      "ML-DSA-87 keygen",
      measure(msPerCase, (i) => crypto.generateKeyPair("ml-dsa-87", seeds[i % 16]!)),
      245,
      "—",
    ),
    row(
      "ML-DSA-87 sign (with context)",
      measure(msPerCase, (i) => crypto.sign(key, msg(i % 16), undefined, ctx)),
      38,
      DEFAULT_COST_MS.sign["ml-dsa-87"],
    ),
    row(
      "ML-DSA-87 verify (with context)",
      measure(msPerCase, (i) => crypto.verify("ml-dsa-87", key.publicKey, msg(i % 16), sigs[i % 16]!, ctx)),
      229,
      DEFAULT_COST_MS.verify["ml-dsa-87"],
    ),
  ];

  // One backbone node answering authentications: challenge, then the signed answer.
  const cfg: AuthInit = {
    role: "backbone",
    region: "europe",
    roster: [{ id: "backbone-0", region: "europe" }],
    purpose: "backbone-session",
    tokenLifetime: 86_400_000,
    renewBefore: 3_600_000,
    challengeTimeout: 30_000,
    requestTimeout: 3_000,
    retry: 10_000,
    crypto: "real",
    keySalt: "bench",
    announce: false,
    tokenRegions: "all",
  };
  const env = envOf("backbone-0");
  const state = createState(cfg, env);
  const lights = seeds.map((s) => identityFrom(crypto, s));
  const b64 = (b: Uint8Array) => Buffer.from(b).toString("base64url");
  const tokens: string[] = [];
  const answers: ActorEvent[] = [];
  const prepare = (n: number) => {
    for (let i = answers.length; i < n; i++) {
      const from = `light-${i}`;
      const out = new Out();
      backboneStep(state, env, { type: "CHALLENGE_REQUEST", rid: i, from }, out);
      const nonce = (out.effects[0]!.params as { msg: { nonce: string } }).msg.nonce;
      const me = lights[i % 16]!;
      const sig = crypto.sign(
        me.mldsa,
        challengeStatement(Buffer.from(nonce, "hex"), "backbone-0", from),
        undefined,
        ctx,
      );
      answers.push({
        type: "AUTHENTICATE",
        rid: i,
        nonce,
        publicKey: b64(me.mldsa.publicKey),
        signature: b64(sig),
        purpose: "backbone-session",
        from,
      });
    }
  };
  prepare(Math.ceil(msPerCase / 2) + 10); // verifying takes ≥ 3 ms here: more answers than the time can use
  const authMs = measure(msPerCase, (i) => {
    const out = new Out();
    backboneStep(state, env, answers[i]!, out);
    const sent = out.effects.find((e) => e.type === "send")!.params as { msg: { type: string; token?: string } };
    if (sent.msg.type !== "SESSION") throw new Error(`authentication ${i} refused: ${JSON.stringify(sent.msg)}`);
    tokens.push(sent.msg.token!);
  });
  rows.push(
    row(
      "authentications one backbone node sustains",
      authMs,
      "—",
      DEFAULT_COST_MS.verify["ml-dsa-87"] + DEFAULT_COST_MS.sign.ed25519,
    ),
  );

  const checkCtx = (i: number) => ({
    issuers: state.issuers,
    region: "europe",
    now: 1,
    from: `light-${i}`,
    purpose: "backbone-session",
  });
  const checkMs = measure(msPerCase, (i) => {
    const t = i % tokens.length;
    if (!checkToken(crypto, tokens[t], checkCtx(t)).ok) throw new Error("a fresh token was refused");
  });
  rows.push(row("token checks, first sight of a (token, node)", checkMs, "—", "0 (not charged)"));

  // Lookups a backbone node serves through the token check (verdicts cached per token and node).
  const guard = tokenGuard({
    roster: cfg.roster,
    region: "europe",
    purpose: "backbone-session",
    crypto,
    keySalt: "bench",
  });
  const kad = createKadState(resolveConfig({ mode: "server", authorize: guard }), "backbone-0");
  for (let i = 0; i < 64; i++) kad.table.update({ id: `server-${i}`, key: kadKey(`server-${i}`) });
  const kadEnv = envOf("backbone-0");
  const lookupMs = measure(msPerCase, (i) => {
    const t = i % tokens.length;
    const out = new KadOut();
    const req = {
      type: "GET_PROVIDERS",
      rid: i,
      key: `light-${(i * 7) % 1000}`,
      client: true,
      token: tokens[t],
      from: `light-${t}`,
    };
    kadStep(kad, kadEnv, req, out);
    const reply = out.effects.find((e) => e.type === "send")?.params as { msg: { type: string } } | undefined;
    if (reply?.msg.type !== "GET_PROVIDERS_RESPONSE")
      throw new Error(`lookup ${i} not served: ${JSON.stringify(reply)}`);
  });
  rows.push(row("lookups (GET_PROVIDERS) served with token checks", lookupMs, "—", "0 (not charged)"));
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) console.table(benchAuth());
