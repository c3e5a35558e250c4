import * as Schema from "effect/Schema";
import type { NodeId } from "../../runtime/driver.js";
import { createRng } from "../../runtime/rng.js";
import { fmtTime, MAX_OFFENDERS, type ExpectationResult } from "../expect/result.js";
import { classify, describeTable, type PathClass, type Probe } from "../nat/connectivity.js";
import { natOf } from "../nat/install.js";
import { Count, Duration, Fraction } from "../scenario/primitives.js";
import type { World } from "../world.js";
import { authenticatedLights } from "./expand.js";

/**
 * `expect: - p2p: …`: `pairs` random pairs of authenticated light nodes (any regions), spread
 * over [start, stop], exchange a message with the holepunch actor (and once more `followUp`
 * later, as the NAT plug-in's `connectivity` does). At least `success` of them connect (by any
 * path, relays included), and among pairs where neither side is behind CGNAT (symmetric NAT),
 * at least `directAmongOpen` connect without a relay (directly or hole-punched).
 */
export const P2pExpectation = Schema.Struct({
  pairs: Count,
  start: Duration,
  stop: Duration,
  success: Fraction,
  directAmongOpen: Fraction,
});
export type P2pExpectation = typeof P2pExpectation.Type;

const FOLLOW_UP = 10_000;
const SETTLE = 15_000;

/** Schedules the probes; the returned function judges them after the run. */
export function armP2p(world: World, spec: P2pExpectation, index: number): () => ExpectationResult {
  const nat = natOf(world);
  if (!nat) throw new Error("p2p needs the NAT layer: light groups with reachability, relay and holepunch");
  const obs = nat.observer;
  const rng = createRng(`${world.seed}/backbone-p2p/${index}`);
  const lights = authenticatedLights(world);
  const probes: Probe[] = [];
  const send = (a: NodeId, b: NodeId, id: string): void => {
    const host = world.node(a)?.host;
    if (host?.isRunning) host.command("holepunch", { type: "message", peer: b, id, addrs: obs.record(b) });
  };
  const step = spec.pairs > 1 ? (spec.stop - spec.start) / (spec.pairs - 1) : 0;
  for (let i = 0; i < spec.pairs; i++)
    world.engine.at(Math.round(spec.start + i * step), () => {
      const live = lights.filter((id) => world.node(id)!.host.isRunning);
      if (live.length < 2) return;
      const [a, b] = rng.sample(live, 2) as [NodeId, NodeId];
      const p: Probe = { a, b, at: world.engine.now, ids: [`p2p-${index}-${i}-0`, `p2p-${index}-${i}-1`] };
      probes.push(p);
      send(a, b, p.ids[0]!);
      world.engine.after(FOLLOW_UP, () => send(a, b, p.ids[1]!));
    });
  const cgnat = new Set(
    world.scenario.nodes
      .filter((g) => g.nat === "symmetric" || (g.nat as { type?: string } | undefined)?.type === "symmetric")
      .map((g) => g.group),
  );
  return () => {
    const end = world.scenario.duration;
    const alive = world.observations;
    const judged = probes.filter(
      (p) =>
        p.at + FOLLOW_UP + SETTLE <= end &&
        [p.a, p.b].every((n) => alive.aliveAt(n, p.at) && alive.aliveAt(n, p.at + FOLLOW_UP + SETTLE)),
    );
    const paths = judged.map((p) => ({ p, path: classify(p, obs) as PathClass }));
    const count = (xs: typeof paths, c: PathClass) => xs.filter((x) => x.path === c).length;
    const table = (xs: typeof paths) => ({
      pairs: xs.length,
      direct: count(xs, "direct"),
      punched: count(xs, "punched"),
      relayed: count(xs, "relayed"),
      unreachable: count(xs, "unreachable"),
    });
    const behindCgnat = (id: NodeId) => cgnat.has(world.node(id)!.group);
    const open = paths.filter((x) => !behindCgnat(x.p.a) && !behindCgnat(x.p.b));
    const all = table(paths);
    const o = table(open);
    const connected = all.pairs ? (all.pairs - all.unreachable) / all.pairs : 0;
    const direct = o.pairs ? (o.direct + o.punched) / o.pairs : 0;
    return {
      index,
      kind: "p2p",
      description: `${spec.pairs} light-node pairs ${fmtTime(spec.start)}–${fmtTime(spec.stop)}: ≥ ${(spec.success * 100).toFixed(1)}% connect; ≥ ${(spec.directAmongOpen * 100).toFixed(1)}% without a relay where neither side is behind CGNAT`,
      ok: all.pairs > 0 && o.pairs > 0 && connected >= spec.success && direct >= spec.directAmongOpen,
      detail: `all: ${describeTable(all)}; no CGNAT on either side: ${describeTable(o)}`,
      offenders: paths
        .filter((x) => x.path === "unreachable")
        .slice(0, MAX_OFFENDERS)
        .map((x) => ({ node: x.p.a, why: `no message reached ${x.p.b} (probe at ${fmtTime(x.p.at)})` })),
    };
  };
}
