import { execFileSync } from "node:child_process";
import * as Schema from "effect/Schema";
import { radioOf } from "../sim/radio/install.js";
import { radioPlugin } from "../sim/radio/plugin.js";
import { World } from "../sim/world.js";

/**
 * `npm run bench -- radio`: 100, 1,000 and 10,000 LoRa nodes at a constant density (100
 * per km²) for 10 simulated minutes, each in its own process so peak RSS is that run's
 * alone. Every node beacons once a minute (link-level radio beacons, SHORT_FAST at
 * -10 dBm, LBT, 4 dB shadowing) through the whole plug-in path: medium, drivers, log.
 * Figures are printed, never asserted.
 */
export function benchRadio(sizes = [100, 1000, 10_000]): Record<string, string | number>[] {
  return sizes.map((n) => {
    const out = execFileSync(
      process.execPath,
      ["--max-semi-space-size=64", "--import", "tsx", "bench/radio.ts", "--child", String(n)],
      { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
    );
    const r = JSON.parse(out.trim().split("\n").pop()!) as ChildResult;
    return {
      nodes: r.nodes,
      "area km²": r.areaKm2,
      "sim min": r.simMin,
      "wall s": r.wallS,
      "sim/wall": r.simPerWall,
      "CPU s": r.cpuS,
      "sim/CPU": r.simPerCpu,
      frames: r.frames,
      "frames/s (wall)": r.framesPerSecond,
      "receptions/frame": r.receptionsPerFrame,
      "candidates/frame": r.candidatesPerFrame,
      collisions: r.collisions,
      "peak RSS MiB": r.peakRssMiB,
      reference: n === 10_000 ? "ns-3 lorawan: 10k tested max" : n <= 200 ? "Meshtasticator DES: ~200" : "",
    };
  });
}

interface ChildResult {
  nodes: number;
  areaKm2: number;
  simMin: number;
  wallS: number;
  simPerWall: number;
  /** User + system CPU of the run alone: what the run costs on a machine shared with other work. */
  cpuS: number;
  simPerCpu: number;
  frames: number;
  framesPerSecond: number;
  receptionsPerFrame: number;
  candidatesPerFrame: number;
  collisions: number;
  peakRssMiB: number;
}

/** One size, in this process: builds the world through the plug-in and runs it. */
function child(n: number): ChildResult {
  const side = Math.sqrt(n / 100) * 1000;
  const duration = 600_000;
  const radio = Schema.decodeUnknownSync(radioPlugin.groupFields!["radio"] as never)({
    ip: false,
    lora: { preset: "SHORT_FAST", txPower: -10, lbt: true },
    placement: { area: { width: side, height: side } },
  });
  const medium = Schema.decodeUnknownSync(radioPlugin.scenarioFields!["radioMedium"] as never)({ shadowing: 4 });
  const scenario = {
    name: `radio-bench-${n}`,
    seed: 1,
    file: "bench/radio.ts",
    duration,
    radioMedium: medium,
    nodes: [{ group: "city", count: n, protocols: {}, radio }],
  };
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  const world = new World(scenario as never, { protocols: new Map() });
  radioPlugin.install!(world);
  radioPlugin.workloads!["radioBeacon"]!.schedule(world, { every: 60_000 });
  world.run();
  const wallMs = performance.now() - start;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const run = radioOf(world)!;
  const s = run.medium.stats;
  return {
    nodes: n,
    areaKm2: Math.round((side * side) / 1e4) / 100,
    simMin: duration / 60_000,
    wallS: Math.round(wallMs / 100) / 10,
    simPerWall: Math.round((duration / wallMs) * 10) / 10,
    cpuS: Math.round(cpuMs / 100) / 10,
    simPerCpu: Math.round((duration / cpuMs) * 10) / 10,
    frames: s.frames,
    framesPerSecond: Math.round(s.frames / (wallMs / 1000)),
    receptionsPerFrame: Math.round((s.received / Math.max(1, s.frames)) * 10) / 10,
    candidatesPerFrame: Math.round(run.medium.scanned / Math.max(1, s.frames)),
    collisions: s.collisions,
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

const i = process.argv.indexOf("--child");
if (i >= 0) process.stdout.write(JSON.stringify(child(Number(process.argv[i + 1]))) + "\n");
