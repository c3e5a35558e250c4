import { runScenario } from "../sim/run.js";
import { parseScenario } from "../sim/scenario/load.js";

/**
 * Rounds of push-pull anti-entropy (push off, one exchange per node per second) until
 * one message informs all n nodes, beside Karp et al.'s bound log₃n + ln ln n.
 */
export function benchGossipRounds(sizes = [100, 1000, 10_000]): Record<string, string | number>[] {
  return sizes.map((n) => {
    const scenario = parseScenario(
      `
name: rounds-${n}
seed: 3
duration: 70s
nodes:
  - group: g
    count: ${n}
    protocols:
      discovery: { seeds: [g-0, g-1, g-2, g-3] }
      membership: { viewSize: 8, pingInterval: 5s, probeInterval: 30s, shuffleInterval: 30s }
      gossip: { push: false, pullInterval: 1s }
network:
  default: { latency: 5ms, jitter: 5ms }
workload:
  - publish: { every: 1h, start: 40s }
`,
      `bench:rounds-${n}`,
    );
    const t = performance.now();
    const { world } = runScenario(scenario);
    const wall = (performance.now() - t) / 1000;
    const [pub] = world.observations.publications.values();
    const got = world.observations.deliveries.get(pub!.id)!;
    const last = Math.max(...got.values());
    const rounds = (last - pub!.at) / 1000;
    const bound = Math.log(n) / Math.log(3) + Math.log(Math.log(n));
    return {
      n,
      informed: `${got.size}/${n}`,
      "rounds to inform all": Math.round(rounds * 10) / 10,
      "log₃n + ln ln n": Math.round(bound * 10) / 10,
      "wall s": Math.round(wall * 10) / 10,
    };
  });
}
