import { createActor, type AnyActor } from "xstate";
import type { ActorDefinition, ActorEnv, ActorEvent, ActorIO } from "./actor.js";
import type { Clock, TimerHandle } from "./clock.js";
import type { Driver, Envelope, NodeId } from "./driver.js";
import type { EventLog } from "./event-log.js";
import type { Rng } from "./rng.js";
import { shapeCheck } from "./shape-check.js";

/** What a host needs: its identity and the world it runs in. */
export interface HostComponents {
  readonly id: NodeId;
  readonly segment: string;
  readonly driver: Driver;
  readonly clock: Clock;
  readonly log: EventLog;
  /** The node's stream; each actor gets `rng.fork(actorName)` on every start. */
  readonly rng: Rng;
  /** Where persisted actor state survives a stop: in memory in the simulator, level in production. */
  readonly disk: Map<string, unknown>;
}

/** Why the host refused a frame: no such actor, a type the actor does not accept, or a misshapen message. */
export type DropReason = "unknown-protocol" | "unaccepted-type" | "invalid";

/** Counters a host keeps about what it refused. */
export interface HostStats {
  /** Frames refused (for an unknown protocol, of an unaccepted type, or not of the declared shape). */
  malformed: number;
  /** The same frames by reason. */
  readonly reasons: Record<DropReason, number>;
}

/** Room for what a frame adds around a command's content (envelope, ids, hop counts). */
export const FRAME_RESERVE = 1024;

/** A command the operator sent that the actor does not accept; the message is one line naming why. */
export class CommandRefused extends Error {
  override readonly name = "CommandRefused";
}

interface Running {
  readonly def: ActorDefinition;
  readonly actor: AnyActor;
  readonly timers: Map<string, TimerHandle>;
  /** The machine's state value as last logged (`<actor>.state`), serialized; undefined for a machine without states. */
  state: string | undefined;
}

/** A state value as a string: flat machines have string values, nested ones objects. */
const stateKey = (value: unknown): string => (typeof value === "string" ? value : JSON.stringify(value));

/**
 * Runs one node's actors. Every input (network frame, timer, sibling tell, command) is
 * appended to the log before the machine sees it, and every effect is logged as it is
 * executed: the log alone explains the node's behaviour and can replay it.
 */
export class NodeHost {
  readonly stats: HostStats = { malformed: 0, reasons: { "unknown-protocol": 0, "unaccepted-type": 0, invalid: 0 } };
  private readonly running = new Map<string, Running>();
  private live = false;
  private starts = 0;

  constructor(
    private readonly components: HostComponents,
    private readonly definitions: readonly ActorDefinition[],
  ) {
    const names = new Set<string>();
    for (const d of definitions) {
      if (names.has(d.name)) throw new Error(`actor '${d.name}' is defined twice on node ${components.id}`);
      names.add(d.name);
    }
    components.driver.onReceive((envelope) => this.receive(envelope));
    components.driver.onUndeliverable?.((envelope) => this.undeliverable(envelope));
  }

  get id(): NodeId {
    return this.components.id;
  }

  get isRunning(): boolean {
    return this.live;
  }

  /** Starts the driver and every actor; `restore` feeds each actor what it persisted. Idempotent. */
  start(restore = false): void {
    if (this.live) return;
    this.live = true;
    this.starts++;
    void this.components.driver.start();
    for (const def of this.definitions) {
      const restored = restore ? this.components.disk.get(def.name) : undefined;
      // A machine without child states has nothing to show: it is never asked for its value.
      const hasStates = Object.keys(def.machine.root.states).length > 0;
      const entry: Running = {
        def,
        actor: undefined as unknown as AnyActor,
        timers: new Map(),
        state: hasStates ? "" : undefined,
      };
      const env = this.envFor(def, entry);
      (entry as { actor: AnyActor }).actor = createActor(def.machine, { input: { env, init: def.init, restored } });
      this.running.set(def.name, entry);
    }
    // Start after all exist, so a start effect may `tell` a sibling.
    for (const r of this.running.values()) {
      r.actor.start();
      this.logState(r);
    }
  }

  /** Stops every actor and the driver; persisted state is saved first. Idempotent. */
  stop(): void {
    if (!this.live) return;
    this.live = false;
    for (const r of this.running.values()) {
      if (r.def.persist) this.components.disk.set(r.def.name, r.def.persist(r.actor.getSnapshot().context));
      for (const t of r.timers.values()) this.components.clock.cancel(t);
      r.actor.stop();
    }
    this.running.clear();
    void this.components.driver.stop();
  }

  /** Sends a command (e.g. `publish`) to an actor, logged like any other input. */
  command(actor: string, event: ActorEvent): void {
    const r = this.running.get(actor);
    if (!r) throw new Error(`node ${this.id} has no running actor '${actor}'`);
    this.deliver(r, event);
  }

  /**
   * Checks an operator's command before it is sent (the production node's command
   * endpoint): the actor must run, the command must fit the actor's declared command
   * shapes, and it must fit one frame, as a command bigger than a frame could never be
   * carried. Throws CommandRefused with a one-line reason.
   */
  checkCommand(actor: string, event: unknown): void {
    const r = this.running.get(actor);
    if (!r) throw new CommandRefused(`no running actor '${actor}' on this node`);
    const type = typeof event === "object" && event !== null ? (event as { type?: unknown }).type : undefined;
    if (typeof type !== "string") throw new CommandRefused(`${actor}: a command is a JSON object with a string 'type'`);
    const misfit = r.def.commands && shapeCheck(r.def.commands)(event);
    if (misfit) throw new CommandRefused(`${actor}: command '${type}' refused: ${misfit}`);
    const bytes = Buffer.byteLength(JSON.stringify(event));
    const limit = this.components.driver.capabilities.mtu - FRAME_RESERVE;
    if (bytes > limit)
      throw new CommandRefused(`${actor}: command of ${bytes} bytes can never fit a frame (at most ${limit} bytes)`);
  }

  /** The machine snapshot of a running actor (state value and context). */
  snapshot(actor: string): { value: unknown; context: Record<string, unknown> } | undefined {
    const r = this.running.get(actor);
    if (!r) return undefined;
    const s = r.actor.getSnapshot() as { value: unknown; context: Record<string, unknown> };
    return s;
  }

  private deliver(r: Running, event: ActorEvent): void {
    const { clock, log, id } = this.components;
    log.append({ at: clock.now(), node: id, actor: r.def.name, type: `${r.def.name}.in`, data: event });
    r.actor.send(event);
    this.logState(r);
  }

  /** Logs `<actor>.state {value}` when an input moved the machine to another state: an output too. */
  private logState(r: Running): void {
    if (r.state === undefined) return;
    const value = (r.actor.getSnapshot() as { value: unknown }).value;
    const key = stateKey(value);
    if (key === r.state) return;
    r.state = key;
    const { clock, log, id } = this.components;
    log.append({ at: clock.now(), node: id, actor: r.def.name, type: `${r.def.name}.state`, data: { value } });
  }

  private receive(envelope: Envelope): void {
    if (!this.live) return;
    const payload = envelope.payload as unknown;
    const r = this.running.get(envelope.protocol);
    const type = typeof payload === "object" && payload !== null ? (payload as { type?: unknown }).type : undefined;
    if (!r) return this.drop(envelope.from, envelope.protocol, "unknown-protocol");
    if (typeof type !== "string" || !r.def.accepts.has(type))
      return this.drop(envelope.from, envelope.protocol, "unaccepted-type");
    const misfit = r.def.messages && shapeCheck(r.def.messages)(payload);
    if (misfit) return this.drop(envelope.from, envelope.protocol, "invalid", type, misfit);
    this.deliver(r, { ...(payload as object), type, from: envelope.from });
  }

  /**
   * A request of ours the driver could not send (unreachable peer): the actor gets
   * `{type: "send.failed", to, msg}` as an input (logged like any other), so it can fail
   * the request at once. Replay feeds recorded ones back through here.
   */
  undeliverable(envelope: Envelope): void {
    if (!this.live) return;
    const r = this.running.get(envelope.protocol);
    if (r) this.deliver(r, { type: "send.failed", to: envelope.to, msg: envelope.payload });
  }

  /** Counts and logs a refused frame (`node.drop`); it is never delivered or forwarded. */
  private drop(from: NodeId, protocol: string, reason: DropReason, type?: string, detail?: string): void {
    this.stats.malformed++;
    this.stats.reasons[reason]++;
    const { clock, log, id } = this.components;
    log.append({
      at: clock.now(),
      node: id,
      actor: "node",
      type: "node.drop",
      data: { from, protocol, reason, ...(detail === undefined ? {} : { type, detail }) },
    });
  }

  private envFor(def: ActorDefinition, entry: Running): ActorEnv {
    const { id, segment, clock, log, driver } = this.components;
    const name = def.name;
    const startId = this.starts;
    const record = (type: string, data: unknown): void => {
      log.append({ at: clock.now(), node: id, actor: name, type: `${name}.${type}`, data });
    };
    // Effects from a stopped incarnation (e.g. an exit action during stop) are ignored.
    const current = (): boolean => this.live && this.starts === startId;
    const io: ActorIO = {
      send: (to, msg) => {
        if (!current()) return;
        record("send", { to, msg });
        driver.send({ from: id, to, protocol: name, payload: msg });
      },
      broadcast: (msg) => {
        if (!current()) return;
        if (!driver.broadcast) throw new Error(`actor '${name}' broadcast but node ${id}'s driver has no broadcast`);
        record("broadcast", { msg });
        driver.broadcast({ from: id, protocol: name, payload: msg });
      },
      setTimer: (key, ms, event) => {
        if (!current()) return;
        const old = entry.timers.get(key);
        if (old) clock.cancel(old);
        record("timer.set", { key, ms });
        entry.timers.set(
          key,
          clock.setTimer(ms, () => {
            entry.timers.delete(key);
            if (current()) this.deliver(entry, event);
          }),
        );
      },
      cancelTimer: (key) => {
        const old = entry.timers.get(key);
        if (!old || !current()) return;
        clock.cancel(old);
        entry.timers.delete(key);
        record("timer.cancel", { key });
      },
      tell: (actor, event) => {
        if (!current()) return;
        const target = this.running.get(actor);
        if (!target) return; // the sibling is not configured on this node
        // An event with `from` is a peer's message a sibling passes on (a relay's payload):
        // it meets the target's message shapes exactly like a frame from the network.
        const from = (event as { from?: unknown }).from;
        const misfit = typeof from === "string" && target.def.messages && shapeCheck(target.def.messages)(event);
        if (misfit) return this.drop(from as string, actor, "invalid", event.type, misfit);
        clock.setTimer(0, () => {
          if (current()) this.deliver(target, { ...event, sender: name });
        });
      },
      observe: (type, data) => {
        if (current()) record(type, data);
      },
    };
    return { self: id, segment, rng: this.components.rng.fork(`${name}#${this.starts}`), now: () => clock.now(), io };
  }
}
