import { createActor } from "xstate";
import type { ActorDefinition, ActorEvent, ActorIO } from "../../../runtime/actor.js";
import { NodeHost } from "../../../runtime/actor-host.js";
import type { NodeId, WireMessage } from "../../../runtime/driver.js";
import { defaultLinkParams, LinkTable } from "../../../sim/network/link-params.js";
import { SimNetwork } from "../../../sim/network/sim-network.js";
import { createEventLog, type LogEntry } from "../../../runtime/event-log.js";
import { createRng } from "../../../runtime/rng.js";
import type { Millis } from "../../../runtime/clock.js";
import { ManualClock } from "../helpers/manual-clock.js";
import { kademlia, type KademliaInit, type KadContext } from "../../../actors/kademlia/index.js";

/** Several NodeHosts running the Kademlia actor on the simulator's network: lossless, fixed latency. */
export class KadMesh {
  readonly clock = new ManualClock();
  readonly net: SimNetwork;
  readonly log = createEventLog();
  readonly hosts = new Map<NodeId, NodeHost>();
  /** `kad.lookup.done` observations in order, with the node that made them. */
  readonly done: (Record<string, unknown> & { node: NodeId })[] = [];
  constructor(latency = 10) {
    const link = { ...defaultLinkParams, latency };
    this.net = new SimNetwork(this.clock.engine, createRng("mesh/net"), new LinkTable(link, []));
    this.log.entries$.subscribe((e: LogEntry) => {
      if (e.type === "kad.lookup.done") this.done.push({ ...(e.data as Record<string, unknown>), node: e.node });
    });
  }
  add(id: NodeId, init: KademliaInit, extra: readonly ActorDefinition[] = []): NodeHost {
    const host = new NodeHost(
      {
        id,
        segment: "lan",
        driver: this.net.attach({ id, group: "mesh", segment: "lan" }),
        clock: this.clock,
        log: this.log,
        rng: createRng(`mesh/${id}`),
        disk: new Map(),
      },
      // The tests read the k closest from the observations (off by default: it costs log space).
      [kademlia({ observeClosest: true, ...init }) as ActorDefinition, ...extra],
    );
    this.hosts.set(id, host);
    host.start();
    return host;
  }
  /** Advances simulated time by `ms`. */
  run(ms: Millis): void {
    this.clock.runUntil(this.clock.now() + ms);
  }
  kad(id: NodeId): KadContext["kad"] {
    return (this.hosts.get(id)!.snapshot("kad")!.context as unknown as KadContext).kad;
  }
  state(id: NodeId): unknown {
    return this.hosts.get(id)!.snapshot("kad")!.value;
  }
  /** Runs a command on `id` and returns its observation once it completes (within `ms`). */
  op(id: NodeId, event: ActorEvent, ms = 60_000): Record<string, unknown> {
    const before = this.done.length;
    this.hosts.get(id)!.command("kad", event);
    const deadline = this.clock.now() + ms;
    while (this.clock.now() < deadline) {
      const hit = this.done.slice(before).find((d) => d.node === id && d.key === event.key && d.op === event.type);
      if (hit) return hit;
      this.run(50);
    }
    throw new Error(`${event.type} ${String(event.key)} on ${id} did not complete in ${ms} ms`);
  }
}

/** One effect a machine asked for. */
export type Effect =
  | { kind: "send"; to: NodeId; msg: WireMessage }
  | { kind: "timer"; key: string; ms: number; event: ActorEvent }
  | { kind: "cancel"; key: string }
  | { kind: "observe"; type: string; data: Record<string, unknown> }
  | { kind: "other" };

/** A single Kademlia machine against a recording io: `when(event)` returns the effects it caused. */
export function given(init: KademliaInit, self: NodeId = "me") {
  const effects: Effect[] = [];
  let now = 0;
  const io: ActorIO = {
    send: (to, msg) => effects.push({ kind: "send", to, msg }),
    broadcast: () => effects.push({ kind: "other" }),
    setTimer: (key, ms, event) => effects.push({ kind: "timer", key, ms, event }),
    cancelTimer: (key) => effects.push({ kind: "cancel", key }),
    tell: () => effects.push({ kind: "other" }),
    observe: (type, data) => effects.push({ kind: "observe", type, data: data as Record<string, unknown> }),
  };
  const env = { self, segment: "lan", rng: createRng(1), now: () => now, io };
  const def = kademlia({ observeClosest: true, ...init });
  const actor = createActor(def.machine, { input: { env, init: def.init, restored: undefined } });
  actor.start();
  const started = effects.splice(0);
  return {
    started,
    when(event: ActorEvent): Effect[] {
      actor.send(event);
      return effects.splice(0);
    },
    at(ms: Millis): void {
      now = ms;
    },
    state: () => actor.getSnapshot().value,
    kad: () => (actor.getSnapshot().context as KadContext).kad,
  };
}

/** Messages sent in `effects`, optionally only of one type. */
export function sent(effects: readonly Effect[], type?: string): { to: NodeId; msg: WireMessage }[] {
  return effects.flatMap((e) =>
    e.kind === "send" && (!type || e.msg.type === type) ? [{ to: e.to, msg: e.msg }] : [],
  );
}

/** `kad.lookup.done` observations in `effects`. */
export function done(effects: readonly Effect[]): Record<string, unknown>[] {
  return effects.flatMap((e) => (e.kind === "observe" && e.type === "lookup.done" ? [e.data] : []));
}
