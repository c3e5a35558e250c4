import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { radioOf } from "../sim/radio/install.js";
import { prepareRun } from "../sim/run.js";
import { loadScenario } from "../sim/scenario/load.js";

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

/** One size, in this process: a generated scenario through the loader and the plug-in path. */
function child(n: number): ChildResult {
  const side = Math.round(Math.sqrt(n / 100) * 1000);
  const duration = 600_000;
  const file = join(mkdtempSync(join(tmpdir(), "meshtwin-radio-bench-")), `radio-${n}.yaml`);
  writeFileSync(
    file,
    [
      `name: radio-bench-${n}`,
      "seed: 1",
      "duration: 10m",
      "radioMedium: { shadowing: 4 }",
      "nodes:",
      "  - group: city",
      `    count: ${n}`,
      "    protocols: {}",
      "    radio:",
      "      ip: false",
      "      lora: { preset: SHORT_FAST, txPower: -10, lbt: true }",
      `      placement: { area: { width: ${side}, height: ${side} } }`,
      "workload:",
      "  - radioBeacon: { every: 60s }",
      "",
    ].join("\n"),
  );
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  const { world } = prepareRun(loadScenario(file));
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
