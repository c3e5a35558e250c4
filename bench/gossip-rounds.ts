import { runScenario } from "../sim/run.js";
import { parseScenario } from "../sim/scenario/load.js";

/**
 * Rounds of push-pull anti-entropy (push off, one exchange per node per second, with a
 * random peer of its 8-peer membership view) until one message, published after a
 * minute of warm-up, informs all n nodes, beside Karp et al.'s bound log₃n + ln ln n
 * (which assumes partners drawn uniformly from all n nodes, not from a partial view).
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
    const t = performance.now();
    const { world } = runScenario(scenario);
    const wall = (performance.now() - t) / 1000;
    const [pub] = world.observations.publications.values();
    const got = world.observations.deliveries.get(pub!.id)!;
    const times = [...got.values()].sort((a, b) => a - b);
    const rounds = (times.at(-1)! - pub!.at) / 1000;
    const p99 = (times[Math.floor(times.length * 0.99)]! - pub!.at) / 1000;
    const bound = Math.log(n) / Math.log(3) + Math.log(Math.log(n));
    return {
      n,
      informed: `${got.size}/${n}`,
      "rounds to inform all": Math.round(rounds * 10) / 10,
      "rounds to inform 99%": Math.round(p99 * 10) / 10,
      "log₃n + ln ln n": Math.round(bound * 10) / 10,
      "wall s": Math.round(wall * 10) / 10,
    };
  });
}
