import type * as Schema from "effect/Schema";
import type { ActorDefinition } from "./actor.js";
import type { NodeId } from "./driver.js";
import type { ExchangeCodec } from "./exchange-codec.js";

/** What a protocol factory learns about the node it runs on, in either world. */
export interface ProtocolContext {
  /** The node's id; empty when one definition is shared by a whole simulated group. */
  readonly id: NodeId;
  /** The node's group (simulator) or configured name (production). */
  readonly group: string;
  readonly role: "peer" | "backbone" | "light";
  /**
   * Resolves a name a parameter holds (a group or node id in the simulator, a `/p2p/`
   * multiaddr or peer id in production) to node ids, in world order.
   */
  resolve(name: string): readonly NodeId[];
}

/** How a protocol travels over a real driver. Absent: `/meshtwin/<name>/<version>` with JSON frames. */
export interface WireDescription {
  /** The full protocol id for a driver option set (e.g. kad-dht's prefix); default as above. */
  protocolId?(options: WireOptions): string;
  /** Request–response framing instead of one-way frames on one stream. */
  readonly exchange?: ExchangeCodec;
  /** False for a definition that only sends (a DHT client): peers are not told it is served. @default true */
  serves?(def: ActorDefinition): boolean;
}

/** Driver options a protocol id may depend on. */
export interface WireOptions {
  /** Prefix of a private DHT (`/myapp` → `/myapp/kad/1.0.0`). */
  readonly kadPrefix?: string | undefined;
}

/**
 * One protocol, declared once: the key under `protocols:` (scenario groups and node
 * configs alike), its parameter schema (bounds and documented defaults; the actor's
 * `Init` type derives from it), the factory that turns decoded parameters into an actor,
 * and how it travels over real drivers. `actors/registry.ts` lists every module; the
 * scenario grammar, node configs, the simulator and the production node read that list.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface ProtocolModule<P = any> {
  /** Key under `protocols:`; usually the actor's name. */
  readonly key: string;
  /** Parameters as written in a file; decoding applies defaults and bounds. */
  readonly params: Schema.Schema<P, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** One line for docs and `--help`. */
  readonly summary: string;
  create(params: P, ctx: ProtocolContext): ActorDefinition;
  /** Names (group/node/peer references) a parameter value holds, with their paths, for up-front checks. */
  references?(params: P): readonly { readonly path: readonly (string | number)[]; readonly name: string }[];
  readonly wire?: WireDescription;
}

/** Type helper: declares a module with its parameter type inferred from the schema. */
export const protocolModule = <P>(m: ProtocolModule<P>): ProtocolModule<P> => m;
