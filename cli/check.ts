import { readdirSync } from "node:fs";
import { join } from "node:path";
import Table from "cli-table3";
import { ScenarioError } from "../sim/scenario/errors.js";
import { loadScenario } from "../sim/scenario/load.js";
import { failureLines, runOnce } from "./run.js";

/** `meshtwin check [dir]`: runs every scenario of a folder; every file is a regression test. */
export async function checkCommand(
  dir: string,
  options: { checkDeterminism?: boolean; out?: string },
): Promise<number> {
  const files = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  if (files.length === 0) {
    process.stderr.write(`no scenario files (*.yaml) in ${dir}\n`);
    return 2;
  }
  const table = new Table({ head: ["scenario", "nodes", "result", "wall", "events/s", "fingerprint", "2nd run"] });
  const failures: string[] = [];
  for (const f of files) {
    const path = join(dir, f);
    try {
      const scenario = loadScenario(path);
      const out = join(options.out ?? join("out", "check"), scenario.name);
      const r = await runOnce(scenario, { out, trace: false, checkDeterminism: options.checkDeterminism });
      const lines = failureLines(r);
      failures.push(...lines);
      table.push([
        scenario.name,
        r.nodes,
        lines.length ? "FAIL" : "pass",
        `${(r.measured.wallMs / 1000).toFixed(1)} s`,
        r.measured.eventsPerSecond.toLocaleString("en-US"),
        r.fingerprint.slice(0, 12),
        r.determinism ? (r.determinism.ok ? "same" : "DIFFERS") : "-",
      ]);
    } catch (err) {
      if (!(err instanceof ScenarioError)) throw err;
      failures.push(err.message);
      table.push([f, "-", "INVALID", "-", "-", "-", "-"]);
    }
  }
  process.stdout.write(table.toString() + "\n");
  if (failures.length) process.stderr.write(failures.join("\n") + "\n");
  return failures.length ? 1 : 0;
}
