import { createRng } from "../../runtime/rng.js";
import type { World } from "../world.js";
import { RadioMedium, type LoraRadio, type MediumStats } from "./medium.js";
import { MESHTASTIC_PRESETS, type LoraSpec, type RadioGroupSpec, type RadioMediumSpec } from "./params.js";
import { place, type Point } from "./placement.js";
import type { PathLossModel } from "./propagation.js";
import { emptyRadioStats, RadioDriver, type RadioDriverStats } from "./radio-driver.js";
import { limitsFor, type RegionLimits } from "./regions.js";
import { MediaRouter, type LinkMedium, type RouterStats } from "./router.js";
import { SHORT_RANGE_PRESETS, ShortRangeMedium, type ShortRangeStats } from "./short-range.js";
import { RadioTrace } from "./trace.js";

/** One radio node of a run. */
export interface RadioNode {
  readonly id: string;
  readonly position: Point;
  readonly lora: RadioDriver | undefined;
  readonly limits: RegionLimits | undefined;
  readonly loraIndex: number;
}

/** Everything the radio plug-in holds for one run. */
export interface RadioRun {
  readonly medium: RadioMedium;
  readonly short: ReadonlyMap<"ble" | "wifiDirect", ShortRangeMedium>;
  readonly nodes: readonly RadioNode[];
  readonly routes: RouterStats;
  readonly trace: RadioTrace;
  /** The nodes' IP switches (ipDown / ipUp verbs). */
  readonly ip: Map<string, boolean>;
}

const runs = new WeakMap<World, RadioRun>();

/** The radio layer of a world, if its scenario has radio groups. */
export const radioOf = (world: World): RadioRun | undefined => runs.get(world);

type Group = { group: string; radio?: RadioGroupSpec; position?: { x: number; y: number; spread?: number } };

/** Turns a group's `lora:` block into radio settings (preset, then fields, then defaults). */
export function loraRadio(spec: LoraSpec): LoraRadio {
  const preset = MESHTASTIC_PRESETS[spec.preset ?? "LONG_FAST"];
  const bw = spec.bandwidth ?? preset.bandwidth;
  const exactBw: Record<number, number> = { 10.4: 125_000 / 12, 20.8: 125_000 / 6, 41.7: 125_000 / 3 };
  return {
    sf: spec.sf ?? preset.sf,
    bandwidth: exactBw[bw] ?? bw * 1000,
    codingRate: spec.cr ?? preset.cr,
    preamble: spec.preamble ?? 16,
    implicitHeader: spec.implicitHeader ?? false,
    crc: spec.crc ?? true,
    ldro: spec.ldro ?? "auto",
    frequency: Math.round((spec.frequency ?? 869.525) * 1e6),
    txPower: spec.txPower ?? 14,
    antennaGain: spec.antennaGain ?? 0,
  };
}

function pathLossOf(spec: RadioMediumSpec | undefined): PathLossModel | undefined {
  const p = spec?.pathLoss;
  if (!p) return undefined;
  if (p.model === "hata")
    return {
      model: "hata",
      environment: p.environment ?? "suburban",
      baseHeight: p.baseHeight ?? 30,
      mobileHeight: p.mobileHeight ?? 1.5,
    };
  return {
    model: "log-distance",
    exponent: p.exponent ?? 3.76,
    referenceLoss: p.referenceLoss ?? 7.7,
    referenceDistance: p.referenceDistance ?? 1,
  };
}

/**
 * Gives every node of a group with a `radio:` block its media (LoRa on one shared
 * medium, BLE and WiFi-Direct on theirs) and puts a router between its host and them
 * and the IP network. Does nothing when no group has a radio.
 */
export function installRadio(world: World): RadioRun | undefined {
  const groups = world.scenario.nodes as readonly Group[];
  if (!groups.some((g) => g.radio)) return undefined;
  const spec = (world.scenario as unknown as { radioMedium?: RadioMediumSpec }).radioMedium;
  const trace = new RadioTrace(world);
  const medium = new RadioMedium(world.engine, {
    pathLoss: pathLossOf(spec),
    shadowing: spec?.shadowing ?? 0,
    seed: `${String(world.seed)}/radio`,
    interSf: spec?.interSf ?? false,
    captureDb: spec?.captureDb ?? 6,
    observer: trace,
  });
  const rng = createRng(`${String(world.seed)}/radio`);
  const short = new Map<"ble" | "wifiDirect", ShortRangeMedium>();
  const routes: RouterStats = { ip: 0, lora: 0, ble: 0, wifiDirect: 0, unroutable: 0 };
  const ip = new Map<string, boolean>();
  const nodes: RadioNode[] = [];
  const ids: string[] = [];
  const index = new Map<string, number>();
  const book = { addressOf: (id: string) => index.get(id), idOf: (n: number) => ids[n] };
  const byGroup = new Map<string, string[]>();
  for (const n of world.nodes) byGroup.set(n.group, [...(byGroup.get(n.group) ?? []), n.id]);
  for (const g of groups) {
    if (!g.radio) continue;
    const r = g.radio;
    const members = byGroup.get(g.group) ?? [];
    const positions = r.placement
      ? place(r.placement, members, rng.fork(`placement/${g.group}`), world.scenario.file)
      : members.map((id) => {
          const p = world.node(id)!.position;
          if (!p) throw new Error(`group ${g.group}: a radio group needs radio.placement or a position`);
          return p;
        });
    const lora = r.lora ? loraRadio(r.lora) : undefined;
    const limits = r.lora && lora ? limitsFor(r.lora.region ?? "EU868", lora.frequency) : undefined;
    members.forEach((id, i) => {
      const pos = positions[i]!;
      ip.set(id, r.ip ?? true);
      const sim = world.network.driver(id)!;
      const media: LinkMedium[] = [];
      for (const kind of ["wifiDirect", "ble"] as const) {
        const s = r[kind];
        if (s === undefined || s === false) continue;
        let m = short.get(kind);
        if (!m) {
          const profile = { ...SHORT_RANGE_PRESETS[kind], ...(typeof s === "object" ? definedOnly(s) : {}) };
          m = new ShortRangeMedium(kind, world.engine, rng.fork(kind), profile);
          short.set(kind, m);
        }
        const d = m.attach(id, pos.x, pos.y);
        d.onReceive((env) => sim.deliverOther(env));
        media.push({ kind, driver: d });
      }
      let driver: RadioDriver | undefined;
      let loraIndex = -1;
      if (lora && limits) {
        const port = medium.attach({ id, x: pos.x, y: pos.y, radio: lora }, (rx) => driver!.receiveFrame(rx));
        loraIndex = port.index;
        index.set(id, port.index);
        ids[port.index] = id;
        driver = new RadioDriver(world.engine, port, book, {
          limits,
          enforceDutyCycle: r.lora?.dutyCycle?.enforce ?? true,
          dutyWindowMs: r.lora?.dutyCycle?.window ?? 3_600_000,
          queueLimit: r.lora?.queueLimit ?? 256,
          latency: trace.latency,
          ...(r.lora?.lbt ? { lbt: { rng: rng.fork(`lbt/${id}`) } } : {}),
          record: (type, data) => world.record("radio", type, data, id),
        });
        driver.onReceive((env) => sim.deliverOther(env));
        media.push({ kind: "lora", driver });
      }
      sim.interpose((net) => new MediaRouter(net, media, routerWorld(world, ip, id), routes));
      nodes.push({ id, position: pos, lora: driver, limits, loraIndex });
    });
  }
  const run: RadioRun = { medium, short, nodes, routes, trace, ip };
  trace.announce(run);
  runs.set(world, run);
  return run;
}

function routerWorld(world: World, ip: ReadonlyMap<string, boolean>, id: string) {
  return {
    now: () => world.engine.now,
    ipUp: () => ip.get(id) === true,
    ipReaches: (to: string) =>
      ip.get(id) === true &&
      (world.network.driver(to)?.accepting ?? false) &&
      world.network.faults.verdict(id, to).kind !== "drop",
  };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The radio section of `report.json`: counters per medium and per route. */
export interface RadioReport {
  readonly lora: MediumStats & Omit<RadioDriverStats, "airtimeMs"> & { readonly nodes: number };
  readonly ble?: ShortRangeStats;
  readonly wifiDirect?: ShortRangeStats;
  readonly routes: RouterStats;
}

export function radioReport(run: RadioRun): RadioReport {
  const { airtimeMs: _drivers, ...sum } = emptyRadioStats(); // the medium counts airtime
  let loraNodes = 0;
  for (const n of run.nodes) {
    if (!n.lora) continue;
    loraNodes++;
    for (const k of Object.keys(sum) as (keyof typeof sum)[]) sum[k] += n.lora.stats[k];
  }
  const out: RadioReport = {
    lora: { ...run.medium.stats, ...sum, airtimeMs: round(run.medium.stats.airtimeMs), nodes: loraNodes },
    routes: { ...run.routes },
  };
  for (const [k, m] of run.short)
    (out as unknown as Record<string, unknown>)[k] = { ...m.stats, airtimeMs: round(m.stats.airtimeMs) };
  return out;
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
