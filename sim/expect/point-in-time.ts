import type { World } from "../world.js";
import { viewComponents } from "./components.js";
import { MAX_OFFENDERS, fmtTime, type ExpectationResult } from "./result.js";

/** The verdict on a point-in-time expectation whose time never came. */
export function notJudged(index: number, kind: string): ExpectationResult {
  return {
    index,
    kind,
    description: "point in time after the end of the run",
    ok: false,
    detail: "not judged: the run ended before its time",
    offenders: [],
  };
}

function liveIds(world: World): string[] {
  return world.nodes.filter((n) => n.host.isRunning).map((n) => n.id);
}

export function judgeComponents(world: World, index: number, spec: { at: number; count: number }): ExpectationResult {
  const live = liveIds(world);
  const { label, sizes } = viewComponents(world.observations, live);
  const offenders = live
    .filter((n) => label.get(n)! > 0)
    .slice(0, MAX_OFFENDERS)
    .map((node) => ({ node, why: `in component ${label.get(node)} of ${sizes.length}, not the largest` }));
  return {
    index,
    kind: "components",
    description: `view graph has ${spec.count} component(s) at ${fmtTime(spec.at)}`,
    ok: sizes.length === spec.count,
    detail: `${sizes.length} component(s) of sizes ${sizes.slice(0, 5).join(", ")}${sizes.length > 5 ? ", …" : ""} among ${live.length} live nodes`,
    offenders: sizes.length === spec.count ? [] : offenders,
  };
}

export function judgeMode(
  world: World,
  index: number,
  spec: { at: number; mode: string; atLeast: number },
): ExpectationResult {
  const live = liveIds(world);
  const wrong = live.filter((n) => world.observations.modes.get(n) !== spec.mode);
  const share = live.length ? (live.length - wrong.length) / live.length : 0;
  return {
    index,
    kind: "mode",
    description: `at least ${spec.atLeast * 100}% of live nodes in mode '${spec.mode}' at ${fmtTime(spec.at)}`,
    ok: share >= spec.atLeast,
    detail: `${(share * 100).toFixed(1)}% (${live.length - wrong.length}/${live.length})`,
    offenders:
      share >= spec.atLeast
        ? []
        : wrong
            .slice(0, MAX_OFFENDERS)
            .map((node) => ({ node, why: `mode ${world.observations.modes.get(node) ?? "none"}` })),
  };
}

/** What a `links` expectation asks: active-view links between two sets of nodes at `at`, within bounds. */
export interface LinksSpec {
  readonly at: number;
  readonly between: readonly [readonly string[], readonly string[]];
  readonly atLeast?: number | undefined;
  readonly atMost?: number | undefined;
  /** `from-first`: only views of the first set naming the second (who still hears whom, under a one-way cut). @default both */
  readonly direction?: "both" | "from-first" | undefined;
}

/** Counts live nodes' active-view entries that join `between[0]` to `between[1]` (either way, or from the first) at `spec.at`. */
export function judgeLinks(world: World, index: number, spec: LinksSpec): ExpectationResult {
  const [a, b] = spec.between.map((names) => new Set(names.flatMap((n) => world.select(n))));
  const live = new Set(liveIds(world));
  const found: string[] = [];
  for (const n of live)
    for (const p of world.observations.views.get(n) ?? [])
      if (live.has(p) && ((a!.has(n) && b!.has(p)) || (spec.direction !== "from-first" && b!.has(n) && a!.has(p))))
        found.push(`${n} → ${p}`);
  const ok = found.length >= (spec.atLeast ?? 0) && found.length <= (spec.atMost ?? Infinity);
  const bounds = [
    spec.atLeast !== undefined ? `≥ ${spec.atLeast}` : "",
    spec.atMost !== undefined ? `≤ ${spec.atMost}` : "",
  ];
  return {
    index,
    kind: "links",
    description: `view links ${spec.direction === "from-first" ? "from" : "between"} ${spec.between[0].join("+")} ${spec.direction === "from-first" ? "to" : "and"} ${spec.between[1].join("+")} ${bounds.filter(Boolean).join(" and ")} at ${fmtTime(spec.at)}`,
    ok,
    detail: `${found.length} link(s)${found.length ? `: ${found.slice(0, 3).join(", ")}${found.length > 3 ? ", …" : ""}` : ""}`,
    offenders: ok ? [] : found.slice(0, MAX_OFFENDERS).map((l) => ({ node: l.split(" ")[0]!, why: `links ${l}` })),
  };
}
