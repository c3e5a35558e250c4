import type { ActorDefinition } from "../runtime/actor.js";
import { NodeHost } from "../runtime/actor-host.js";
import type { Millis } from "../runtime/clock.js";
import type { NodeId } from "../runtime/driver.js";
import { createEventLog, type EventLog } from "../runtime/event-log.js";
import { createRng, type Rng } from "../runtime/rng.js";
import { Engine, type EngineProgress } from "./engine.js";
import { defaultLinkParams, LinkTable, type LinkParams } from "./network/link-params.js";
import { SimNetwork } from "./network/sim-network.js";
import { Observations } from "./observations.js";
import type { ProtocolModule } from "../runtime/protocol.js";
import type { Selector } from "./scenario/primitives.js";
import type { LoadedScenario } from "./scenario/types.js";
import { virtualClock } from "./virtual-clock.js";

/** One simulated node. */
export interface WorldNode {
  readonly id: NodeId;
  readonly group: string;
  readonly segment: string;
  readonly role: "peer" | "backbone" | "light";
  readonly position: { readonly x: number; readonly y: number } | undefined;
  readonly host: NodeHost;
}

/** Options that override the scenario file. */
export interface WorldOptions {
  readonly seed?: number | string;
}

/** What a world is built from besides the scenario: the protocols its groups may name, by key. */
export interface WorldComponents {
  readonly protocols: ReadonlyMap<string, ProtocolModule>;
}

/**
 * A scenario turned into a running simulation: nodes with their actors on simulated
 * drivers, the network model, the fault timeline and the workload, all as events on one
 * engine, all inputs on one log. `run()` advances it to the scenario's duration.
 */
export class World {
  readonly engine = new Engine();
  readonly log: EventLog = createEventLog();
  readonly network: SimNetwork;
  readonly nodes: readonly WorldNode[];
  readonly observations: Observations;
  readonly seed: number | string;
  private readonly byId = new Map<NodeId, WorldNode>();
  private readonly byGroup = new Map<string, WorldNode[]>();
  private readonly rng: Rng;
  /** Random choices of the fault timeline and workload, each from its own stream. */
  private readonly faultRng: Rng;
  private readonly workloadRng: Rng;

  constructor(
    readonly scenario: LoadedScenario,
    components: WorldComponents,
    options: WorldOptions = {},
  ) {
    this.seed = options.seed ?? scenario.seed;
    this.rng = createRng(this.seed);
    this.faultRng = this.rng.fork("faults");
    this.workloadRng = this.rng.fork("workload");
    this.network = new SimNetwork(this.engine, this.rng.fork("network"), linkTable(scenario));
    // Why a message did not arrive is part of the log: the rule or reason, from its sender.
    this.network.onDrop = (env, reason, rule) =>
      this.record(
        "net",
        "net.drop",
        { to: env.to, protocol: env.protocol, reason, ...(rule ? { rule } : {}) },
        env.from,
      );
    this.network.onHold = (env, rule) =>
      this.record("net", "net.hold", { to: env.to, protocol: env.protocol, rule }, env.from);
    const clock = virtualClock(this.engine);
    const nodes: WorldNode[] = [];
    const groupDefs: { defs: ActorDefinition[]; group: (typeof scenario.nodes)[number] }[] = [];
    for (const g of scenario.nodes) {
      const role = g.role ?? "peer";
      // One definition list per group, filled below: machines are shared by its nodes.
      const defs: ActorDefinition[] = [];
      groupDefs.push({ defs, group: g });
      const groupNodes: WorldNode[] = [];
      this.byGroup.set(g.group, groupNodes);
      const positionRng = this.rng.fork(`position/${g.group}`);
      for (let i = 0; i < g.count; i++) {
        const id = g.ids?.[i] ?? `${g.group}-${i}`;
        // Without a declared LAN a node shares a link with nobody: a thousand-node group is
        // a region of the internet, not one broadcast domain.
        const segment = g.segment ?? id;
        const driver = this.network.attach({ id, group: g.group, segment });
        const host = new NodeHost(
          { id, segment, driver, clock, log: this.log, rng: this.rng.fork(`node/${id}`), disk: new Map() },
          defs,
        );
        const position = g.position && scatter(g.position, positionRng);
        const node: WorldNode = { id, group: g.group, segment, role, position, host };
        nodes.push(node);
        groupNodes.push(node);
        this.byId.set(id, node);
      }
    }
    // Protocols are defined once every node exists, so parameters (seeds, bootstrap
    // lists) may name any group or node, earlier or later in the file.
    for (const { defs, group: g } of groupDefs) {
      const ctx = { group: g.group, role: g.role ?? "peer", resolve: (s: string) => this.resolveName(s), id: "" };
      for (const [key, params] of Object.entries(g.protocols ?? {})) {
        const module = components.protocols.get(key);
        if (!module) throw new Error(`group ${g.group}: no protocol '${key}' is registered`);
        defs.push(module.create(params, ctx));
      }
    }
    this.nodes = nodes;
    this.observations = new Observations(this.log, () => this.network.faults.rules);
    this.scheduleJoins();
  }

  node(id: NodeId): WorldNode | undefined {
    return this.byId.get(id);
  }

  /** Node ids named by a selector, in world order; random picks come from the fault stream. */
  select(selector: Selector, rng: Rng = this.faultRng, onlyLive = false): NodeId[] {
    let pool: NodeId[];
    if (typeof selector === "string") pool = [...this.resolveName(selector)];
    else pool = (selector.group ? this.byGroup.get(selector.group)! : this.nodes).map((n) => n.id);
    if (onlyLive) pool = pool.filter((id) => this.byId.get(id)!.host.isRunning);
    if (typeof selector === "string") return pool;
    const k = selector.count ?? Math.round((selector.fraction ?? 1) * pool.length);
    if (k >= pool.length) return pool;
    const picked = new Set(rng.sample(pool, k));
    return pool.filter((id) => picked.has(id));
  }

  /** Calls `fire` at time `start`, then every `every` ms while the next call falls by `stop`. */
  repeat(start: Millis, every: Millis, stop: Millis, fire: () => void): void {
    const tick = (): void => {
      fire();
      if (this.engine.now + every <= stop) this.engine.after(every, tick);
    };
    if (start <= stop) this.engine.at(start, tick);
  }

  /** A random live node named by `selector` (any node when absent); undefined when none is up. */
  pickLive(selector: Selector | undefined, rng: Rng): NodeId | undefined {
    const live = this.select(selector ?? { fraction: 1 }, rng, true);
    return live.length > 0 ? rng.pick(live) : undefined;
  }

  /**
   * Runs until the scenario's duration (or `until`). The first call logs `world.nodes`
   * as entry 1, so sinks attached before it (trace files, viewers) see the whole log.
   */
  run(until: Millis = this.scenario.duration, onProgress?: (p: EngineProgress) => void): void {
    if (this.log.size === 0) this.announce();
    this.engine.run(until, onProgress);
  }

  private announce(): void {
    this.log.append({
      at: 0,
      node: "*",
      actor: "world",
      type: "world.nodes",
      data: {
        scenario: this.scenario.name,
        seed: this.seed,
        duration: this.scenario.duration,
        nodes: this.nodes.map((n) => ({
          id: n.id,
          group: n.group,
          segment: n.segment,
          role: n.role,
          position: n.position,
        })),
      },
    });
  }

  /** Appends a world-level fact (fault, workload) to the log. */
  record(actor: string, type: string, data: unknown, node = "*"): void {
    this.log.append({ at: this.engine.now, node, actor, type, data });
  }

  get workloadStream(): Rng {
    return this.workloadRng;
  }

  get faultStream(): Rng {
    return this.faultRng;
  }

  private resolveName(name: string): readonly NodeId[] {
    const group = this.byGroup.get(name);
    if (group) return group.map((n) => n.id);
    return this.byId.has(name) ? [name] : [];
  }

  /** Nodes join at random times within the first second, so periodic timers do not beat in lockstep. */
  private scheduleJoins(): void {
    const joinRng = this.rng.fork("join");
    const start = new Map(this.scenario.nodes.map((g) => [g.group, g.start ?? 0]));
    for (const n of this.nodes) {
      const at = start.get(n.group)! + Math.round(joinRng.float() * 1000 * 1000) / 1000;
      this.engine.at(at, () => n.host.start());
    }
  }
}

function scatter(p: { x: number; y: number; spread?: number | undefined }, rng: Rng): { x: number; y: number } {
  const r = (p.spread ?? 0) * Math.sqrt(rng.float());
  const a = rng.float() * 2 * Math.PI;
  return { x: p.x + r * Math.cos(a), y: p.y + r * Math.sin(a) };
}

function linkTable(s: LoadedScenario): LinkTable {
  const pick = (o: Partial<Record<keyof LinkParams, unknown>> | undefined): Partial<LinkParams> =>
    Object.fromEntries(Object.entries(o ?? {}).filter(([k, v]) => k !== "between" && v !== undefined));
  const base = { ...defaultLinkParams, ...pick(s.network?.default) };
  const rules = (s.network?.links ?? []).map((l) => ({
    between: l.between.map((side) => (typeof side === "string" ? [side] : side)) as unknown as [string[], string[]],
    params: pick(l),
  }));
  return new LinkTable(base, rules);
}
