import type { Millis } from "../../runtime/clock.js";

/** NAT types a node group may sit behind; `none` is a PUBLIC node. */
export type NatType = "none" | "full-cone" | "restricted" | "port-restricted" | "symmetric";

export const NAT_TYPES: readonly NatType[] = ["none", "full-cone", "restricted", "port-restricted", "symmetric"];

/**
 * RFC 4787 §4.1 mapping behaviour: which outbound flows share one external port.
 * - `endpoint-independent` (EIM): one mapping for every destination.
 * - `address-dependent` (ADM): one per destination address.
 * - `address-and-port-dependent` (APDM): one per destination address and port.
 */
export type Mapping = "endpoint-independent" | "address-dependent" | "address-and-port-dependent";

/**
 * RFC 4787 §5 filtering behaviour: which inbound packets a mapping lets through.
 * - `endpoint-independent` (EIF): anything addressed to the mapping's port.
 * - `address-dependent` (ADF): only from addresses the mapping has sent to.
 * - `address-and-port-dependent` (APDF): only from endpoints (address, port) it has sent to.
 */
export type Filtering = Mapping;

/** The behaviour of one NAT device. */
export interface NatBehaviour {
  readonly mapping: Mapping;
  readonly filtering: Filtering;
  /**
   * A mapping (and its filter entries) lives this long after its last outbound packet;
   * inbound packets do not refresh it (RFC 4787 REQ-5 asks ≥ 2 min, REQ-6 outbound refresh).
   * @default 120000
   */
  readonly timeout: Millis;
  /** Hairpinning (REQ-9): a packet from behind the NAT to one of its own mappings loops back. @default false */
  readonly hairpin: boolean;
}

/** RFC 4787 default mapping timeout, in ms. */
export const DEFAULT_MAPPING_TIMEOUT = 120_000;

/**
 * The classic names as RFC 4787 (§4.1, §5) reads them: the cones keep one mapping for
 * every destination and differ in filtering; symmetric (the usual CGNAT) maps every
 * destination endpoint to its own port and filters by address and port.
 */
export function behaviourOf(type: Exclude<NatType, "none">, timeout = DEFAULT_MAPPING_TIMEOUT): NatBehaviour {
  const base = { timeout, hairpin: false };
  switch (type) {
    case "full-cone":
      return { ...base, mapping: "endpoint-independent", filtering: "endpoint-independent" };
    case "restricted":
      return { ...base, mapping: "endpoint-independent", filtering: "address-dependent" };
    case "port-restricted":
      return { ...base, mapping: "endpoint-independent", filtering: "address-and-port-dependent" };
    case "symmetric":
      return { ...base, mapping: "address-and-port-dependent", filtering: "address-and-port-dependent" };
  }
}
