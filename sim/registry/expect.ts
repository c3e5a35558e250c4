import * as Schema from "effect/Schema";
import { Natural } from "../../actors/params.js";
import { NODE_STATUSES, type NodeStatus } from "../../actors/registry/index.js";
import type { NodeId } from "../../runtime/driver.js";
import { MAX_OFFENDERS, fmtTime, type ExpectationResult } from "../expect/result.js";
import { Duration, Selector } from "../scenario/primitives.js";
import type { World } from "../world.js";
import { countByStatus, nodesRunning, registryState } from "./locate.js";

const Status = Schema.Literal(...(NODE_STATUSES as [NodeStatus, ...NodeStatus[]]));

/** `registry: {at, status, nodes?, ignore?}`: every selected node's record has `status` at `at`. */
export const RecordsExpectation = Schema.Struct({
  at: Duration,
  status: Status,
  /** @default every node running the registrant */
  nodes: Schema.optional(Selector),
  /** Records in these statuses are not judged (e.g. `[denied]` among a group that was cut off). @default [] */
  ignore: Schema.optional(Schema.Array(Status)),
});
export type RecordsExpectation = typeof RecordsExpectation.Type;

/** `registry-count: {at, status, atLeast?, atMost?}`: how many records have `status` at `at`. */
export const CountExpectation = Schema.Struct({
  at: Duration,
  status: Status,
  atLeast: Schema.optional(Natural),
  atMost: Schema.optional(Natural),
});
export type CountExpectation = typeof CountExpectation.Type;

/**
 * `registry-discovery: {at, atLeast}`: at `at`, every registrant whose record is active
 * knows at least `atLeast` peers in discovery; and over the whole run no discovery input
 * (bootstrap list, hello, welcome) ever named or came from a node the registry denied.
 */
export const DiscoveryExpectation = Schema.Struct({ at: Duration, atLeast: Natural, nodes: Schema.optional(Selector) });
export type DiscoveryExpectation = typeof DiscoveryExpectation.Type;

const result = (
  index: number,
  kind: string,
  description: string,
  detail: string,
  offenders: { node: string; why: string }[],
): ExpectationResult => ({
  index,
  kind,
  description,
  ok: offenders.length === 0,
  detail,
  offenders: offenders.slice(0, MAX_OFFENDERS),
});

const selected = (world: World, nodes: Selector | undefined): NodeId[] =>
  nodes === undefined ? nodesRunning(world, "registrant") : world.select(nodes);

/** Arms a `registry` expectation: judged at its time. */
export function armRecords(world: World, spec: RecordsExpectation, index: number): () => ExpectationResult {
  let verdict: ExpectationResult | undefined;
  const description = `registry records ${spec.nodes === undefined ? "of all registrants" : `of ${JSON.stringify(spec.nodes)}`} ${spec.status} at ${fmtTime(spec.at)}`;
  world.engine.at(spec.at, () => {
    const state = registryState(world);
    const ignore = new Set(spec.ignore ?? []);
    const offenders: { node: string; why: string }[] = [];
    let judged = 0;
    for (const id of selected(world, spec.nodes)) {
      const rec = state?.nodes.get(id);
      if (rec && ignore.has(rec.status)) continue;
      judged++;
      if (rec?.status !== spec.status) offenders.push({ node: id, why: rec ? rec.status : "not registered" });
    }
    const c = countByStatus(state);
    verdict = result(
      index,
      "registry",
      description,
      `${judged - offenders.length}/${judged} ${spec.status} (registry: ${c.active} active, ${c.offline} offline, ${c.denied} denied, ${c.pending} pending)`,
      offenders,
    );
  });
  return () =>
    verdict ??
    result(index, "registry", description, "not judged: the run ended before its time", [
      { node: "*", why: "not judged" },
    ]);
}

/** Arms a `registry-count` expectation. */
export function armCount(world: World, spec: CountExpectation, index: number): () => ExpectationResult {
  let verdict: ExpectationResult | undefined;
  const bounds = [
    spec.atLeast !== undefined ? `≥ ${spec.atLeast}` : "",
    spec.atMost !== undefined ? `≤ ${spec.atMost}` : "",
  ]
    .filter(Boolean)
    .join(" and ");
  const description = `${bounds || "any number of"} records ${spec.status} at ${fmtTime(spec.at)}`;
  world.engine.at(spec.at, () => {
    const n = countByStatus(registryState(world))[spec.status];
    const ok = (spec.atLeast === undefined || n >= spec.atLeast) && (spec.atMost === undefined || n <= spec.atMost);
    verdict = result(
      index,
      "registry-count",
      description,
      `${n} ${spec.status}`,
      ok ? [] : [{ node: "registry", why: `${n} ${spec.status}` }],
    );
  });
  return () =>
    verdict ??
    result(index, "registry-count", description, "not judged: the run ended before its time", [
      { node: "*", why: "not judged" },
    ]);
}

/** Arms a `registry-discovery` expectation: a log watch for denied names, and a census at `at`. */
export function armDiscovery(world: World, spec: DiscoveryExpectation, index: number): () => ExpectationResult {
  // Every node id any discovery input carried, with where it was first seen.
  const named = new Map<NodeId, string>();
  const note = (id: unknown, where: string) => typeof id === "string" && !named.has(id) && named.set(id, where);
  world.log.entries$.subscribe((e) => {
    if (e.type !== "discovery.in") return;
    const d = e.data as { type?: string; from?: unknown; peers?: unknown };
    if (d.type === "hello" || d.type === "welcome") note(d.from, `${d.type} to ${e.node} at ${fmtTime(e.at)}`);
    if (Array.isArray(d.peers)) for (const p of d.peers) note(p, `${d.type} to ${e.node} at ${fmtTime(e.at)}`);
  });
  let census: { offenders: { node: string; why: string }[]; judged: number } | undefined;
  world.engine.at(spec.at, () => {
    const state = registryState(world);
    const offenders: { node: string; why: string }[] = [];
    let judged = 0;
    for (const id of selected(world, spec.nodes)) {
      if (state?.nodes.get(id)?.status !== "active") continue;
      judged++;
      const known =
        (world.node(id)?.host.snapshot("discovery")?.context as { known?: unknown[] } | undefined)?.known ?? [];
      if (known.length < spec.atLeast) offenders.push({ node: id, why: `knows ${known.length} peers` });
    }
    census = { offenders, judged };
  });
  const description = `active registrants know ≥ ${spec.atLeast} peers at ${fmtTime(spec.at)}; denied nodes never discovered`;
  return () => {
    const state = registryState(world);
    const denied = [...(state?.nodes.values() ?? [])].filter((n) => n.status === "denied").map((n) => n.id);
    const leaks = denied
      .filter((id) => named.has(id))
      .map((id) => ({ node: id, why: `denied but discovered: ${named.get(id)}` }));
    if (!census)
      return result(index, "registry-discovery", description, "not judged: the run ended before its time", [
        { node: "*", why: "not judged" },
      ]);
    const detail = `${census.judged - census.offenders.length}/${census.judged} active registrants know ≥ ${spec.atLeast}; ${leaks.length}/${denied.length} denied nodes discovered`;
    return result(index, "registry-discovery", description, detail, [...leaks, ...census.offenders]);
  };
}
