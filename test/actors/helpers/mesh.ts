import type { ActorDefinition } from "../../../runtime/actor.js";
import { NodeHost } from "../../../runtime/actor-host.js";
import type { NodeId } from "../../../runtime/driver.js";
import { createEventLog, type EventLog, type LogEntry } from "../../../runtime/event-log.js";
import { createRng } from "../../../runtime/rng.js";
import { ManualClock } from "./manual-clock.js";
import { defaultLinkParams, LinkTable } from "../../../sim/network/link-params.js";
import { SimNetwork } from "../../../sim/network/sim-network.js";

/** One node of a test mesh. */
export interface NodeSpec {
  readonly id: NodeId;
  /** @default "lan" */
  readonly segment?: string;
  readonly actors: readonly ActorDefinition[];
}

/** Options of {@link Mesh}. */
export interface MeshOptions {
  /** @default 1 */
  readonly seed?: string | number;
  /** Link latency in ms. @default 20 */
  readonly latency?: number;
  /** Extra random latency in ms. @default 10 */
  readonly jitter?: number;
}

/** Log entry types that are plumbing rather than observations. */
const PLUMBING = /\.(in|send|broadcast|timer\.set|timer\.cancel)$/;

/**
 * Several real `NodeHost`s on the simulator's network (`net.faults` partitions and heals)
 * and a {@link ManualClock}: the actors run exactly as in a scenario, only the world is
 * small and hand-driven.
 */
export class Mesh {
  readonly clock = new ManualClock();
  readonly log: EventLog = createEventLog();
  readonly net: SimNetwork;
  readonly hosts = new Map<NodeId, NodeHost>();
  /** Every observation (`gossip.delivered`, `membership.view`, `discovery.mode`, …) in log order. */
  readonly observations: LogEntry[] = [];

  constructor(specs: readonly NodeSpec[], opts: MeshOptions = {}) {
    const root = createRng(opts.seed ?? 1);
    const link = { ...defaultLinkParams, latency: opts.latency ?? 20, jitter: opts.jitter ?? 10 };
    this.net = new SimNetwork(this.clock.engine, root.fork("net"), new LinkTable(link, []));
    this.log.entries$.subscribe((e) => {
      if (!PLUMBING.test(e.type)) this.observations.push(e);
    });
    for (const spec of specs) {
      const segment = spec.segment ?? "lan";
      const components = {
        id: spec.id,
        segment,
        driver: this.net.attach({ id: spec.id, group: "mesh", segment }),
        clock: this.clock,
        log: this.log,
        rng: root.fork(spec.id),
        disk: new Map<string, unknown>(),
      };
      this.hosts.set(spec.id, new NodeHost(components, spec.actors));
    }
  }

  get ids(): NodeId[] {
    return [...this.hosts.keys()];
  }

  host(id: NodeId): NodeHost {
    const h = this.hosts.get(id);
    if (!h) throw new Error(`no node ${id} in this mesh`);
    return h;
  }

  /** Starts the given nodes (default all). */
  start(ids: readonly NodeId[] = this.ids): this {
    for (const id of ids) this.host(id).start();
    return this;
  }

  /** Runs the world for `ms` of virtual time. */
  run(ms: number): this {
    this.clock.advance(ms);
    return this;
  }

  /** The context of a running actor. */
  context<C>(id: NodeId, actor: string): C {
    const s = this.host(id).snapshot(actor);
    if (!s) throw new Error(`node ${id} runs no actor '${actor}'`);
    return s.context as C;
  }

  /** Observations of one type (`gossip.delivered`), optionally since `from` ms. */
  observed(type: string, from = 0): LogEntry[] {
    return this.observations.filter((e) => e.type === type && e.at >= from);
  }
}
