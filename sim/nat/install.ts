import type { NodeId } from "../../runtime/driver.js";
import type { World } from "../world.js";
import { behaviourOf, DEFAULT_MAPPING_TIMEOUT, type NatType } from "./behaviour.js";
import {
  describeTable,
  scheduleProbes,
  tabulate,
  type ConnectivityExpectation,
  type ConnectivityTable,
  type Probe,
} from "./connectivity.js";
import { NatModel, type NatStats } from "./nat-model.js";
import { NatObserver, type RelayLoad } from "./observer.js";
import type { NatSpec } from "./nat-spec.js";

/** The NAT part of a run's report. */
export interface NatReport {
  /** Nodes per NAT type. */
  readonly types: Readonly<Record<string, number>>;
  /** Messages the NAT devices passed or dropped, by reason. */
  readonly drops: NatStats;
  /** Shares of sampled pairs by path (present when a connectivity expectation probed pairs). */
  readonly connectivity: ConnectivityTable | undefined;
  /** Every node that served as a relay: reservations (now, peak, cap) and messages forwarded. */
  readonly relays: readonly RelayLoad[];
}

/** What the NAT layer adds to one run. */
export interface NatRun {
  readonly model: NatModel;
  readonly observer: NatObserver;
  readonly probes: Probe[];
  readonly types: Map<NodeId, NatType>;
  report(): NatReport;
}

/** The `nat` section of a run's report, when the NAT layer was installed. */
export const natReportOf = (report: { readonly [section: string]: unknown }): NatReport | undefined =>
  report.nat as NatReport | undefined;

const runs = new WeakMap<World, NatRun>();

/** The NAT layer of a world, if it has one. */
export function natOf(world: World): NatRun | undefined {
  return runs.get(world);
}

const typeOf = (spec: NatSpec | undefined): NatType =>
  spec === undefined ? "none" : typeof spec === "string" ? spec : spec.type;

/**
 * Puts the scenario's NATed nodes behind NAT devices (a per-message gate on the
 * network) and starts gathering NAT facts from the log. Does nothing, and costs the
 * network nothing, when no group has a NAT and none runs the relay or holepunch actors.
 */
export function installNat(world: World): NatRun | undefined {
  const groups = world.scenario.nodes as readonly { group: string; nat?: NatSpec; protocols?: object }[];
  const usesNat = groups.some(
    (g) => typeOf(g.nat) !== "none" || (g.protocols && ("relay" in g.protocols || "holepunch" in g.protocols)),
  );
  if (!usesNat) return undefined;
  const model = new NatModel();
  const types = new Map<NodeId, NatType>();
  const byGroup = new Map<string, NodeId[]>();
  for (const n of world.nodes) {
    const list = byGroup.get(n.group);
    if (list) list.push(n.id);
    else byGroup.set(n.group, [n.id]);
  }
  for (const g of groups) {
    const type = typeOf(g.nat);
    const spec = typeof g.nat === "object" ? g.nat : undefined;
    (byGroup.get(g.group) ?? []).forEach((id, i) => {
      types.set(id, type);
      if (type === "none") return;
      const device = spec?.devices ? `${g.group}#${i % spec.devices}` : id;
      model.add(id, device, behaviourOf(type, spec?.timeout ?? DEFAULT_MAPPING_TIMEOUT));
    });
  }
  if ([...types.values()].some((t) => t !== "none")) world.network.gate = model;
  // For viewers: which node sits behind which NAT (after `world.nodes`, which opens the log).
  world.engine.at(0, () =>
    world.record("nat", "nat.nodes", {
      nat: Object.fromEntries([...types].filter(([, t]) => t !== "none")),
    }),
  );
  const observer = new NatObserver(world.log);
  const probes: Probe[] = [];
  const run: NatRun = {
    model,
    observer,
    probes,
    types,
    report: () => {
      const count: Record<string, number> = {};
      for (const t of types.values()) count[t] = (count[t] ?? 0) + 1;
      return {
        types: count,
        drops: { ...model.stats },
        connectivity: probes.length ? tabulate(world, probes, observer) : undefined,
        relays: [...observer.loads.values()].filter((l) => l.slots > 0).map((l) => ({ ...l })),
      };
    },
  };
  runs.set(world, run);
  return run;
}

/** Arms a connectivity expectation's probes; the report tabulates them too. */
export function armProbes(world: World, spec: ConnectivityExpectation, index: number): Probe[] {
  const run = natOf(world);
  if (!run) throw new Error("a connectivity expectation needs the NAT layer (nat, relay or holepunch in a group)");
  const mine: Probe[] = [];
  scheduleProbes(world, spec, run.observer, index, [mine, run.probes]);
  return mine;
}

/** Lines for the CLI summary: the connectivity table and relay load. */
export function natSummary(r: NatReport): Record<string, string> {
  const rows: Record<string, string> = {};
  if (r.connectivity) rows["connectivity"] = describeTable(r.connectivity);
  if (r.relays.length) {
    const peaks = r.relays.map((l) => l.peak).sort((a, b) => a - b);
    const fw = r.relays.map((l) => l.forwarded).sort((a, b) => a - b);
    const over = r.relays.filter((l) => l.peak > l.slots).length;
    const caps = [...new Set(r.relays.map((l) => l.slots))].join("/");
    rows["relay load"] =
      `${r.relays.length} relays, reservations peak max ${peaks[peaks.length - 1]} median ${peaks[peaks.length >> 1]} (cap ${caps}, ${over} above), ` +
      `forwarded max ${fw[fw.length - 1]} median ${fw[fw.length >> 1]} msgs`;
  }
  rows["NAT drops"] =
    `${r.drops.noMapping} no mapping, ${r.drops.filtered} filtered, ${r.drops.hairpin} hairpin; ${r.drops.passed} passed`;
  return rows;
}
