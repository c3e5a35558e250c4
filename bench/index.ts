import { benchEngine } from "./engine.js";
import { benchGossipRounds } from "./gossip-rounds.js";
import { benchPartitionHeal } from "./partition-heal.js";

/**
 * `npm run bench`: every benchmark, printed as tables. Figures are printed, never
 * asserted. `npm run bench -- engine rounds` runs only the named sections.
 */
const sections: Record<string, () => Promise<unknown> | unknown> = {
  engine: () => print("engine: events per second", benchEngine()),
  rounds: () => print("gossip: rounds to inform all nodes (push-pull anti-entropy only)", benchGossipRounds()),
  "partition-heal": () => print("partition-heal scenario at scale (separate processes)", benchPartitionHeal()),
};

function print(title: string, rows: Record<string, unknown>[]): void {
  process.stdout.write(`\n## ${title}\n`);
  console.table(rows);
}

const wanted = process.argv.slice(2);
for (const [name, run] of Object.entries(sections)) {
  if (wanted.length === 0 || wanted.includes(name)) await run();
}
