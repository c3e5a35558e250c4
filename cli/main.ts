import { Command, InvalidArgumentError } from "commander";
import { ScenarioError } from "../sim/scenario/errors.js";
import { checkCommand } from "./check.js";
import { runCommand } from "./run.js";

const program = new Command()
  .name("meshtwin")
  .description("Deterministic digital twin of peer-to-peer meshes: run scenarios, check regressions.")
  .showHelpAfterError();

program
  .command("run")
  .description("run one scenario file; exit 0 when every expectation holds")
  .argument("<scenario>", "scenario file (YAML)")
  .option("--seed <n>", "seed, overriding the scenario's")
  .option("--out <dir>", "where trace.ndjson and report.json go (default out/<scenario-name>)")
  .option("--check-determinism", "run twice and fail if the log fingerprints differ")
  .option("--no-trace", "do not write trace.ndjson (faster, for benchmarks)")
  .action((file: string, opts) => {
    process.exitCode = runCommand(file, opts);
  });

program
  .command("check")
  .description("run every scenario in a folder; fail if any fails")
  .argument("[dir]", "folder of scenario files", "scenarios")
  .option("--check-determinism", "run each scenario twice and compare fingerprints")
  .option("--out <dir>", "where reports go (default out/check)")
  .action((dir: string, opts) => {
    process.exitCode = checkCommand(dir, opts);
  });

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof ScenarioError) {
    process.stderr.write(err.message + "\n");
    process.exitCode = 2;
  } else if (err instanceof InvalidArgumentError) {
    process.stderr.write(err.message + "\n");
    process.exitCode = 2;
  } else throw err;
}
