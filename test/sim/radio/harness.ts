import { readFileSync } from "node:fs";
import * as Schema from "effect/Schema";
import { parse, stringify } from "yaml";
import { armExpectations, type ExpectationResult } from "../../../sim/expect/index.js";
import { radioPlugin } from "../../../sim/radio/plugin.js";
import { parseScenario } from "../../../sim/scenario/load.js";
import { scheduleTimeline } from "../../../sim/timeline.js";
import { scheduleWorkload } from "../../../sim/workload.js";
import { World } from "../../../sim/world.js";

/**
 * Runs a scenario file with the radio plug-in installed by hand: the core loader reads
 * everything but the plug-in's fields, which are decoded with the plug-in's own schemas
 * and put back. (Until the plug-in registry wires `sim/plugins.ts` into the loader and
 * `runScenario`; the file format is the final one.)
 */
export function runRadioScenario(file: string, seed?: number, beforeRun?: (world: World) => void) {
  const doc = parse(readFileSync(file, "utf8")) as Record<string, unknown> & {
    nodes: Record<string, unknown>[];
    timeline?: Record<string, unknown>[];
    expect?: Record<string, unknown>[];
    workload?: Record<string, unknown>[];
  };
  const radioGroups = doc.nodes.map((g) => g["radio"]);
  const radioMedium = doc["radioMedium"];
  const plugin = radioPlugin;
  const myVerbs = Object.keys(plugin.timeline!);
  const myKinds = Object.keys(plugin.expectations!);
  const myWork = Object.keys(plugin.workloads!);
  const mine = <T extends Record<string, unknown>>(list: T[] | undefined, keys: string[]) =>
    (list ?? []).filter((e) => keys.some((k) => k in e));
  const others = <T extends Record<string, unknown>>(list: T[] | undefined, keys: string[]) =>
    (list ?? []).filter((e) => !keys.some((k) => k in e));
  const core = {
    ...doc,
    nodes: doc.nodes.map((g) => Object.fromEntries(Object.entries(g).filter(([k]) => k !== "radio"))),
    timeline: others(doc.timeline, myVerbs),
    expect: others(doc.expect, myKinds),
    workload: others(doc.workload, myWork),
  };
  delete (core as Record<string, unknown>)["radioMedium"];
  const loaded = parseScenario(stringify(core), file);
  const fields = plugin.groupFields!;
  const scenario = {
    ...loaded,
    radioMedium:
      radioMedium === undefined
        ? undefined
        : Schema.decodeUnknownSync(plugin.scenarioFields!["radioMedium"] as never)(radioMedium),
    nodes: loaded.nodes.map((g, i) =>
      radioGroups[i] === undefined
        ? g
        : { ...g, radio: Schema.decodeUnknownSync(fields["radio"] as never)(radioGroups[i]) },
    ),
  };
  const problems = plugin.check!(scenario as never);
  if (problems.length) throw new Error(problems.map((p) => `${p.path.join(".")}: ${p.message}`).join("; "));
  const world = new World(scenario as never, seed === undefined ? {} : { seed });
  const run = plugin.install!(world)!;
  for (const t of mine(doc.timeline, myVerbs)) {
    const at = Schema.decodeUnknownSync(Schema.Struct({ at: Schema.Unknown }))(t).at;
    const atMs =
      typeof at === "number"
        ? at
        : Number(parseScenario(`duration: ${String(at)}\nnodes: [{group: a, count: 1}]`, "x").duration);
    for (const v of myVerbs)
      if (t[v] !== undefined)
        plugin.timeline![v]!.schedule(world, Schema.decodeUnknownSync(plugin.timeline![v]!.schema)(t[v]), atMs);
  }
  scheduleTimeline(world, loaded.timeline ?? []);
  scheduleWorkload(world, loaded.workload ?? []);
  for (const w of mine(doc.workload, myWork))
    for (const v of myWork)
      if (w[v] !== undefined)
        plugin.workloads![v]!.schedule(world, Schema.decodeUnknownSync(plugin.workloads![v]!.schema)(w[v]));
  const judgeCore = armExpectations(world, loaded.expect ?? []);
  const judges = mine(doc.expect, myKinds).map((e, i) => {
    const k = myKinds.find((kind) => kind in e)!;
    const kind = plugin.expectations![k]!;
    return kind.arm(world, Schema.decodeUnknownSync(kind.schema)(e[k]), 100 + i);
  });
  beforeRun?.(world);
  world.run();
  const expectations: ExpectationResult[] = [...judgeCore(), ...judges.map((j) => j())];
  return { world, run, expectations, fingerprint: world.log.fingerprint(), report: run?.report?.() };
}
