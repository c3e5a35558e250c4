import type { ActorEnv } from "../../runtime/actor.js";
import type { NodeId } from "../../runtime/driver.js";
import type { RelayInit } from "./config.js";

/** The relay actor's context, shared by its client side (machine.ts) and its server side (server.ts). */
export interface RelayContext {
  readonly env: ActorEnv;
  readonly cfg: RelayInit;
  /** True while reachability says public: only then does the node relay. */
  serving: boolean;
  /** Server side: peer → reservation expiry. */
  readonly reservations: Map<NodeId, number>;
  /** Server side: peers that sent through this relay as first hop → until when answers may reach them. */
  readonly circuits: Map<NodeId, number>;
  tokens: number;
  refilled: number;
  readonly dropped: { share: number; hops: number; noReservation: number };
  /** Client side: the relay asked or held, and relays that failed or refused lately. */
  candidate: NodeId | undefined;
  relay: NodeId | undefined;
  /** Client side: relays this node opened circuits through → until when their answers are accepted. */
  readonly opened: Map<NodeId, number>;
  readonly avoid: Set<NodeId>;
}
