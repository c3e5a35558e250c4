import { runScenario } from "../sim/run.js";
import { parseScenario } from "../sim/scenario/load.js";

/**
 * Push-pull anti-entropy alone (push off; each node starts one exchange per second with a
 * random peer of its 8-peer membership view, at its own phase) until one message,
 * published after a minute of warm-up, informs all n nodes. Printed: the simulated
 * seconds that took, the rounds counted from the log (exchanges each node started
 * between the publication and the last delivery: a round is one exchange per node, as in
 * Karp et al.), the longest infection path in hops, and Karp et al.'s bound
 * log₃n + ln ln n (which assumes partners drawn uniformly from all n nodes, not from a
 * partial view).
 */
export function benchGossipRounds(sizes = [100, 1000, 10_000]): Record<string, string | number>[] {
  return sizes.map((n) => {
    const scenario = parseScenario(
      `
name: rounds-${n}
seed: 3
duration: 100s
nodes:
  - group: g
    count: ${n}
    protocols:
      discovery: { seeds: [g-0, g-1, g-2, g-3] }
      membership: { viewSize: 8 }
      gossip: { push: false, pullInterval: 1s }
network:
  default: { latency: 5ms, jitter: 5ms }
workload:
  - publish: { every: 1h, start: 60s }
`,
      `bench:rounds-${n}`,
    );
    // Exchanges started (digests sent) per node from the publication on, and the hops
    // each node's copy travelled.
    let publishedAt = Infinity;
    const pulls = new Map<string, number[]>();
    let maxHops = 0;
    const t = performance.now();
    const { world } = runScenario(scenario, {
      beforeRun: (w) =>
        void w.log.entries$.subscribe((e) => {
          if (e.type === "gossip.published") publishedAt = Math.min(publishedAt, e.at);
          else if (e.type === "gossip.delivered")
            maxHops = Math.max(maxHops, Number((e.data as { hops?: number }).hops));
          else if (e.type === "gossip.send" && e.at >= publishedAt) {
            if ((e.data as { msg?: { type?: string } }).msg?.type !== "digest") return;
            const list = pulls.get(e.node) ?? [];
            list.push(e.at);
            pulls.set(e.node, list);
          }
        }),
    });
    const wall = (performance.now() - t) / 1000;
    const [pub] = world.observations.publications.values();
    const got = world.observations.deliveries.get(pub!.id)!;
    const times = [...got.values()].sort((a, b) => a - b);
    const allAt = times.at(-1)!;
    const p99At = times[Math.floor(times.length * 0.99)]!;
    const rounds = (until: number) =>
      world.nodes.map(({ id }) => (pulls.get(id) ?? []).filter((at) => at <= until).length).sort((a, b) => a - b);
    const all = rounds(allAt);
    const bound = Math.log(n) / Math.log(3) + Math.log(Math.log(n));
    return {
      n,
      informed: `${got.size}/${n}`,
      "s to inform all": Math.round((allAt - pub!.at) / 100) / 10,
      "s to inform 99%": Math.round((p99At - pub!.at) / 100) / 10,
      "rounds to inform all (median node)": all[Math.floor(all.length / 2)]!,
      "rounds to inform 99% (median node)": rounds(p99At)[Math.floor(all.length / 2)]!,
      "longest path hops": maxHops,
      "log₃n + ln ln n": Math.round(bound * 10) / 10,
      "wall s": Math.round(wall * 10) / 10,
    };
  });
}
