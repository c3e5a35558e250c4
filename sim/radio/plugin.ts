import { createRng } from "../../runtime/rng.js";
import { expectationKind, timelineVerb, workloadKind, type SimPlugin } from "../plugin.js";
import type { Selector } from "../scenario/primitives.js";
import type { World } from "../world.js";
import { judgeDutyCycle, judgeRadio } from "./expect.js";
import { installRadio, radioOf, radioReport, type RadioReport } from "./install.js";
import {
  DutyCycleExpectation,
  IpVerb,
  RadioBeaconWorkload,
  RadioExpectation,
  RadioGroupSpec,
  RadioMediumSpec,
  type RadioBeaconWorkload as BeaconSpec,
} from "./params.js";

function setIp(world: World, selector: Selector, up: boolean): void {
  const run = radioOf(world);
  if (!run) throw new Error(`ip${up ? "Up" : "Down"} needs a group with a radio: block`);
  const nodes = world.select(selector).filter((id) => run.ip.has(id));
  for (const id of nodes) run.ip.set(id, up);
  world.record("fault", up ? "fault.ipUp" : "fault.ipDown", { nodes });
}

/** Every selected LoRa node beacons every `every` from a random phase (its own, from the plug-in's stream). */
function scheduleBeacons(world: World, spec: BeaconSpec): void {
  const run = radioOf(world);
  if (!run) throw new Error("radioBeacon needs a group with a radio: block");
  const chosen = new Set(spec.from === undefined ? world.nodes.map((n) => n.id) : world.select(spec.from));
  const rng = createRng(`${String(world.seed)}/radio-beacon`);
  const stop = spec.stop ?? world.scenario.duration;
  for (const n of run.nodes) {
    const driver = n.lora;
    if (!driver || !chosen.has(n.id)) continue;
    const host = world.node(n.id)!.host;
    const phase = Math.round(rng.float() * spec.every * 1000) / 1000;
    world.repeat((spec.start ?? 0) + phase, spec.every, stop, () => {
      if (host.isRunning) driver.beacon();
    });
  }
}

const ms = (x: number): string => (x >= 1000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)} ms`);

/**
 * The radio world model as a simulator plug-in: `radio:` on a node group (LoRa, BLE,
 * WiFi-Direct, IP, placement), `radioMedium:` on the scenario, the `ipDown`/`ipUp`
 * timeline verbs, the `radio` and `dutyCycle` expectations, and the report's radio
 * section (counters per medium and per route).
 */
export const radioPlugin: SimPlugin = {
  name: "radio",
  groupFields: { radio: RadioGroupSpec },
  scenarioFields: { radioMedium: RadioMediumSpec },
  timeline: {
    ipDown: timelineVerb({
      schema: IpVerb,
      schedule: (world, sel, at) => void world.engine.at(at, () => setIp(world, sel, false)),
      references: (sel) => [{ path: [], selector: sel }],
    }),
    ipUp: timelineVerb({
      schema: IpVerb,
      schedule: (world, sel, at) => void world.engine.at(at, () => setIp(world, sel, true)),
      references: (sel) => [{ path: [], selector: sel }],
    }),
  },
  workloads: {
    radioBeacon: workloadKind({
      schema: RadioBeaconWorkload,
      schedule: scheduleBeacons,
      references: (spec) => (spec.from === undefined ? [] : [{ path: ["from"], selector: spec.from }]),
    }),
  },
  expectations: {
    radio: expectationKind({
      schema: RadioExpectation,
      arm: (world, spec, index) => () => judgeRadio(world, index, spec),
    }),
    dutyCycle: expectationKind({
      schema: DutyCycleExpectation,
      arm: (world, spec, index) => () => judgeDutyCycle(world, index, spec),
    }),
  },
  check(scenario) {
    const problems: { path: (string | number)[]; message: string }[] = [];
    const groups = scenario.nodes as readonly { radio?: RadioGroupSpec; position?: unknown }[];
    groups.forEach((g, i) => {
      if (!g.radio) return;
      if (!g.radio.lora && !g.radio.ble && !g.radio.wifiDirect)
        problems.push({ path: ["nodes", i, "radio"], message: "expected at least one of lora, ble, wifiDirect" });
      if (!g.radio.placement && !g.position)
        problems.push({
          path: ["nodes", i, "radio", "placement"],
          message: "expected a placement (grid, area or csv) or the group's position",
        });
    });
    if (scenario["radioMedium"] !== undefined && !groups.some((g) => g.radio))
      problems.push({ path: ["radioMedium"], message: "radioMedium is set but no group has a radio: block" });
    return problems;
  },
  install(world) {
    const run = installRadio(world);
    if (!run) return undefined;
    return {
      report: (): RadioReport => radioReport(run),
      summary: () => {
        const r = radioReport(run);
        const rows: Record<string, string> = {
          "radio (LoRa)": `${r.lora.frames} frames, ${r.lora.bytes} B, ${ms(r.lora.airtimeMs)} on air; ${r.lora.received} received, ${r.lora.collisions} collided, ${r.lora.captured} captured, ${r.lora.belowSensitivity} below sensitivity, ${r.lora.halfDuplex} half duplex; ${r.lora.dutyCycleDeferrals} duty-cycle deferrals, ${r.lora.lbtBackoffs} LBT backoffs`,
          "radio routes": `ip ${r.routes.ip}, lora ${r.routes.lora}, ble ${r.routes.ble}, wifiDirect ${r.routes.wifiDirect}, unroutable ${r.routes.unroutable}`,
        };
        for (const k of ["ble", "wifiDirect"] as const) {
          const s = r[k];
          if (s) rows[`radio (${k})`] = `${s.frames} frames, ${s.bytes} B, ${s.delivered} delivered, ${s.lost} lost`;
        }
        return rows;
      },
    };
  },
};
