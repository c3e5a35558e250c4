import { prepareRun } from "../../../sim/run.js";
import { loadScenario } from "../../../sim/scenario/load.js";
import type { World } from "../../../sim/world.js";

/** Runs a scenario file (the radio plug-in is registered like any other) and returns what the tests read. */
export function runRadioScenario(file: string, seed?: number, beforeRun?: (world: World) => void) {
  const run = prepareRun(loadScenario(file), seed === undefined ? {} : { seed });
  beforeRun?.(run.world);
  run.world.run();
  const report = run.report();
  return {
    world: run.world,
    expectations: report.expectations,
    fingerprint: report.fingerprint,
    report: report.radio,
  };
}
