import type * as Schema from "effect/Schema";
import type { AnyStateMachine } from "xstate";
import type { Millis } from "./clock.js";
import type { NodeId, WireMessage } from "./driver.js";
import type { Rng } from "./rng.js";

/** An event as a machine receives it. Network messages carry `from`. */
export interface ActorEvent {
  readonly type: string;
  readonly [field: string]: unknown;
}

/**
 * The effects an actor may cause, executed by its host (which logs each one). Actors
 * reach them only through `context.env.io`, so the same machine runs against the
 * simulator and real drivers.
 */
export interface ActorIO {
  /** Sends `msg` to the same actor on node `to`. */
  send(to: NodeId, msg: WireMessage): void;
  /** Sends `msg` to the same actor on every node of the local segment (LAN / radio). */
  broadcast(msg: WireMessage): void;
  /** Delivers `event` to this actor after `ms`; replaces a pending timer with the same key. */
  setTimer(key: string, ms: Millis, event: ActorEvent): void;
  cancelTimer(key: string): void;
  /** Delivers `event` to a sibling actor on the same node (after the current step). */
  tell(actor: string, event: ActorEvent): void;
  /** Records a fact for observers (expectations, visualizer): `gossip.delivered`, `discovery.mode`. */
  observe(type: string, data: unknown): void;
}

/** What the host injects into every actor's context as `env`. */
export interface ActorEnv {
  readonly self: NodeId;
  /** The node's local broadcast domain (LAN segment, radio cell). */
  readonly segment: string;
  /** The actor's own seeded stream. */
  readonly rng: Rng;
  now(): Millis;
  readonly io: ActorIO;
}

/** The input every actor machine receives from its host. */
export interface ActorInput<Init, Persisted> {
  readonly env: ActorEnv;
  readonly init: Init;
  /** Context saved by `persist` before the node stopped, when restarted with its state. */
  readonly restored: Persisted | undefined;
}

/**
 * A protocol actor: a pure xstate machine plus what the host must know to run it.
 * Factories take `init` (user configuration with documented defaults) and return this.
 */
export interface ActorDefinition<Init = unknown, Persisted = unknown> {
  /** Protocol and actor name; also the log namespace (`gossip.in`, `gossip.send`). */
  readonly name: string;
  readonly version: string;
  /** Wire message types accepted from the network; anything else is counted and dropped. */
  readonly accepts: ReadonlySet<string>;
  /**
   * The shapes of the actor's wire messages (an effect Schema, usually a union of structs
   * keyed by `type`). The host checks every frame from the network, and every message a
   * sibling relays to it (an event carrying `from`), against it: one that does not fit is
   * counted and logged as `node.drop {reason: "invalid"}`, never delivered. Messages are
   * plain JSON, so the schema's type and encoded sides are the same.
   * @default only `accepts` is checked
   */
  readonly messages?: Schema.Schema.AnyNoContext;
  /**
   * The commands an operator may send (`NodeHost.checkCommand`: the production node's
   * command endpoint): anything else is refused with a one-line reason.
   * @default any event with a string `type`
   */
  readonly commands?: Schema.Schema.AnyNoContext;
  readonly machine: AnyStateMachine;
  readonly init: Init;
  /** What survives a restart with persisted state (e.g. the gossip store, cached peers). */
  persist?(context: unknown): Persisted;
}
