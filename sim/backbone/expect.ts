import type { Schema } from "effect";
import type { NodeId } from "../../runtime/driver.js";
import { fmtTime, MAX_OFFENDERS, type ExpectationResult } from "../expect/result.js";
import type { World } from "../world.js";
import type { ByteCounters } from "./counters.js";
import type {
  AuthenticatedExpectation,
  BackboneBytesExpectation,
  DiscoveryExpectation,
  TokensRefusedExpectation,
} from "./spec.js";
import { authenticatedLights } from "./expand.js";
import { attacks } from "./workload.js";

const pct = (x: number, n: number) => (n ? `${((100 * x) / n).toFixed(1)}%` : "n/a");

/** `authenticated`: the share of light nodes holding a session within `within` of their start. */
export function armAuthenticated(
  world: World,
  spec: Schema.Schema.Type<typeof AuthenticatedExpectation>,
  index: number,
): () => ExpectationResult {
  const started = new Map<NodeId, number>();
  const session = new Map<NodeId, number>();
  world.log.entries$.subscribe((e) => {
    if (e.type === "auth.identity" && !started.has(e.node)) started.set(e.node, e.at);
    else if (e.type === "auth.session" && !session.has(e.node)) session.set(e.node, e.at);
  });
  return () => {
    const want = spec.fraction ?? 1;
    const judged = authenticatedLights(world).filter(
      (id) => (started.get(id) ?? Infinity) + spec.within <= world.scenario.duration,
    );
    const late = judged.filter((id) => !((session.get(id) ?? Infinity) - started.get(id)! <= spec.within));
    const share = judged.length ? (judged.length - late.length) / judged.length : 0;
    const worst = Math.max(0, ...judged.map((id) => (session.get(id) ?? Infinity) - started.get(id)!));
    return {
      index,
      kind: "authenticated",
      description: `≥ ${pct(want, 1)} of light nodes hold a session token within ${fmtTime(spec.within)} of their start`,
      ok: judged.length > 0 && share >= want,
      detail: `${judged.length - late.length}/${judged.length} in time; slowest ${Number.isFinite(worst) ? fmtTime(worst) : "never"}`,
      offenders: late.slice(0, MAX_OFFENDERS).map((node) => ({ node, why: "no session token in time" })),
    };
  };
}

/** `tokensRefused`: lookup requests made with bad tokens that the backbone refused, and attacker lookups that found nothing. */
export function armTokensRefused(
  world: World,
  spec: Schema.Schema.Type<typeof TokensRefusedExpectation>,
  index: number,
): () => ExpectationResult {
  const backbone = new Set(world.nodes.filter((n) => n.role === "backbone").map((n) => n.id));
  let requests = 0;
  let refused = 0;
  const reasons: Record<string, number> = {};
  const found: NodeId[] = [];
  const attackers = () => new Set((attacks.get(world) ?? []).map((a) => a.from));
  world.log.entries$.subscribe((e) => {
    if (e.actor !== "kad") return;
    const d = e.data as {
      from?: string;
      type?: string;
      reason?: string;
      op?: string;
      ok?: boolean;
      providers?: string[];
    };
    if (backbone.has(e.node) && e.type === "kad.in" && typeof d.from === "string" && attackers().has(d.from)) {
      if (d.type !== undefined && /^(FIND_NODE|GET_VALUE|PUT_VALUE|GET_PROVIDERS|ADD_PROVIDER)$/.test(d.type))
        requests++;
    } else if (backbone.has(e.node) && e.type === "kad.refused" && attackers().has(String(d.from))) {
      refused++;
      reasons[String(d.reason)] = (reasons[String(d.reason)] ?? 0) + 1;
    } else if (e.type === "kad.lookup.done" && attackers().has(e.node) && d.ok && (d.providers?.length ?? 0) > 0)
      found.push(e.node);
  });
  return () => {
    const want = spec.atLeast ?? 1;
    const tried = attacks.get(world) ?? [];
    const kinds = [...new Set(tried.map((a) => a.kind))].join(", ");
    const share = requests ? refused / requests : 0;
    return {
      index,
      kind: "tokensRefused",
      description: `≥ ${pct(want, 1)} of lookup requests with forged, expired or replayed tokens refused; no attacker lookup succeeds`,
      ok: tried.length > 0 && requests > 0 && share >= want && found.length === 0,
      detail: `${refused}/${requests} requests refused (${Object.entries(reasons)
        .map(([r, n]) => `${r} ${n}`)
        .join(", ")}) over ${tried.length} attacks (${kinds}); ${found.length} attacker lookups succeeded`,
      offenders: found.slice(0, MAX_OFFENDERS).map((node) => ({ node, why: "found a peer with a bad token" })),
    };
  };
}

/** `discovery`: light nodes' peer lookups: success, p50 time (hits count 0 ms), cache hit rate. */
export function armDiscovery(world: World, spec: DiscoveryExpectation, index: number): () => ExpectationResult {
  const from = new Set(spec.from !== undefined ? world.select(spec.from) : authenticatedLights(world));
  const after = spec.after ?? 0;
  const until = spec.until ?? Infinity;
  const done: { node: NodeId; ok: boolean; ms: number; cache?: string; key: string }[] = [];
  world.log.entries$.subscribe((e) => {
    if (e.type !== "kad.lookup.done" || !from.has(e.node) || e.at < after || e.at > until) return;
    const d = e.data as { op: string; ok: boolean; ms: number; cache?: string; key: string; providers?: string[] };
    if (d.op !== "findProviders") return;
    const ok = d.ok && (d.cache === "hit" || (d.providers ?? []).includes(d.key));
    done.push({ node: e.node, ok, ms: d.ms, ...(d.cache ? { cache: d.cache } : {}), key: d.key });
  });
  return () => {
    const ok = done.filter((d) => d.ok).length;
    const ms = done.map((d) => d.ms).sort((a, b) => a - b);
    const p50 = ms.length ? ms[Math.floor((ms.length - 1) / 2)]! : NaN;
    const misses = done
      .filter((d) => d.cache === "miss")
      .map((d) => d.ms)
      .sort((a, b) => a - b);
    const missP50 = misses.length ? misses[Math.floor((misses.length - 1) / 2)]! : NaN;
    const hits = done.filter((d) => d.cache === "hit").length;
    const rate = done.length ? hits / done.length : 0;
    const checks: boolean[] = [done.length > 0];
    const said: string[] = [];
    const bound = (ok: boolean, text: string): void => {
      checks.push(ok);
      said.push(text);
    };
    if (spec.success !== undefined) bound(ok / done.length >= spec.success, `≥ ${pct(spec.success, 1)} succeed`);
    if (spec.maxP50 !== undefined) bound(p50 <= spec.maxP50, `p50 ≤ ${fmtTime(spec.maxP50)}`);
    if (spec.minCacheHitRate !== undefined)
      bound(rate >= spec.minCacheHitRate, `cache hit rate ≥ ${pct(spec.minCacheHitRate, 1)}`);
    const window = `${fmtTime(after)}–${until === Infinity ? "end" : fmtTime(until)}`;
    return {
      index,
      kind: "discovery",
      description: `peer lookups ${window}: ${said.join(", ")}`,
      ok: checks.every(Boolean),
      detail: `${ok}/${done.length} found (${pct(ok, done.length)}), p50 ${Number.isNaN(p50) ? "n/a" : fmtTime(p50)} (misses ${Number.isNaN(missP50) ? "n/a" : fmtTime(missP50)}), cache hit rate ${pct(hits, done.length)}`,
      offenders: done
        .filter((d) => !d.ok)
        .slice(0, MAX_OFFENDERS)
        .map((d) => ({ node: d.node, why: `did not find ${d.key}` })),
    };
  };
}

/** `backboneBytes`: user bytes through every backbone node at most `user`. */
export function judgeBackboneBytes(
  counters: ReadonlyMap<NodeId, ByteCounters>,
  spec: Schema.Schema.Type<typeof BackboneBytesExpectation>,
  index: number,
): ExpectationResult {
  const over = [...counters].filter(([, c]) => c.user.sent + c.user.received > spec.user);
  const total = (p: keyof ByteCounters) => [...counters.values()].reduce((n, c) => n + c[p].sent + c[p].received, 0);
  return {
    index,
    kind: "backboneBytes",
    description: `user bytes through each of ${counters.size} backbone nodes ≤ ${spec.user}`,
    ok: counters.size > 0 && over.length === 0,
    detail: `backbone bytes: auth ${total("auth")}, lookup ${total("lookup")}, dht ${total("dht")}, user ${total("user")}`,
    offenders: over
      .slice(0, MAX_OFFENDERS)
      .map(([node, c]) => ({ node, why: `${c.user.sent} user bytes sent, ${c.user.received} received` })),
  };
}
