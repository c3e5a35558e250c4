import "../../../runtime/polyfills.js";
import { autoNAT } from "@libp2p/autonat";
import { circuitRelayServer, circuitRelayTransport } from "@libp2p/circuit-relay-v2";
import { dcutr } from "@libp2p/dcutr";

/**
 * NAT traversal for a libp2p node, the production counterpart of the simulator's
 * `reachability`, `relay` and `holepunch` actors, done by the stock libp2p services that
 * speak the same protocols: AutoNAT (dial-backs), circuit relay v2 (reservations, hop /
 * stop) and DCUtR (hole punching over a relayed connection, then upgrade).
 */
export interface NatInit {
  /**
   * `public`: serves AutoNAT and circuit relay v2 with `slots` reservations (like a PUBLIC
   * node's `relay` actor). `private`: reserves a slot on each of `relays` and listens on
   * the relayed address; never relays for others (PRIVATE nodes never relay).
   */
  readonly role: "public" | "private";
  /** Relay multiaddrs ending in `/p2p/<relay id>` a private node reserves a slot on. @default [] */
  readonly relays?: readonly string[];
  /** Reservations a public node grants at most (the relay actor's `slots`). @default 16 */
  readonly slots?: number;
  /** Hole punching (DCUtR) to upgrade relayed connections. @default true */
  readonly holepunch?: boolean;
}

/** The transports NAT traversal adds: dialling and listening on `/p2p-circuit` addresses. */
export function natTransports(_init: NatInit) {
  return [circuitRelayTransport({ reservationCompletionTimeout: 10_000 })];
}

/** The services NAT traversal adds, keyed by name. */
export function natServices(init: NatInit): Record<string, (components: never) => unknown> {
  const services: Record<string, (components: never) => unknown> = {
    autoNAT: autoNAT() as (components: never) => unknown,
  };
  if (init.holepunch !== false) services.dcutr = dcutr() as (components: never) => unknown;
  if (init.role === "public")
    services.relay = circuitRelayServer({
      reservations: { maxReservations: init.slots ?? 16 },
    }) as (components: never) => unknown;
  return services;
}

/** Extra listen addresses: a private node listens on a circuit through each relay (which makes the reservation). */
export function natListen(init: NatInit): string[] {
  if (init.role !== "private") return [];
  return (init.relays ?? []).map((r) => `${r}/p2p-circuit`);
}

/** True for a relayed (`/p2p-circuit`) multiaddr. */
export const isRelayed = (addr: string): boolean => addr.includes("/p2p-circuit");
