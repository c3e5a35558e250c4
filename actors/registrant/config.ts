import * as Schema from "effect/Schema";
import { Duration, Interval, decodeInit, withDefault } from "../params.js";
import type { Signer } from "../registry/signing.js";

/** A service the node announces when it registers. */
export const ServiceParam = Schema.Struct({
  type: Schema.String,
  port: Schema.Int.pipe(Schema.between(1, 65535)),
  publicKey: withDefault(Schema.String, ""),
});

/**
 * Parameters of the registrant (`protocols: { registrant: … }` in a scenario, the
 * `registry:` block of a node config): a node's side of the coordination registry.
 */
export const RegistrantParams = Schema.Struct({
  /** The registry: its node id or group in a scenario (the HTTP URL is the driver's business in production). @default registry */
  registry: withDefault(Schema.String, "registry"),
  /** `tailscaleHostname` sent at registration. @default the node's id */
  hostname: Schema.optional(Schema.String),
  /** `tailscaleIP` sent at registration and with heartbeats. @default "" */
  ip: withDefault(Schema.String, ""),
  /** Services announced at registration. @default [] */
  services: withDefault(Schema.Array(ServiceParam), []),
  /** Period of signed heartbeats (the seed's clients: 2 minutes). @default 2m */
  heartbeatInterval: withDefault(Interval, 120_000),
  /** How often a pending node asks for its own record, to learn of its approval. @default 30s */
  pollInterval: withDefault(Interval, 30_000),
  /** How often an active node reads `/nodes?status=active` and hands the peers to discovery. @default 2m */
  discoverInterval: withDefault(Interval, 120_000),
  /** Registration is retried this often until the registry answers. @default 30s */
  retryInterval: withDefault(Interval, 30_000),
  /** The first registration waits a random delay up to this (spreads a fleet's start). @default 0 */
  jitter: withDefault(Duration, 0),
  /** Sibling actors told `{type: "bootstrap.peers", method: "registry", peers}`. @default ["discovery"] */
  notify: withDefault(Schema.Array(Schema.String), ["discovery"]),
  /** `modelled` only in the simulator (it must match the registry's). @default ed25519 */
  signatures: withDefault(Schema.Literal("ed25519", "modelled"), "ed25519"),
});

/** The registrant's configuration; `signer` is supplied by a production node (its Ed25519 identity). */
export type RegistrantInit = typeof RegistrantParams.Type & {
  /** Signs requests; absent in the simulator, where each node derives a key from its id. */
  readonly signer?: Signer;
};

/** Applies the defaults and fails fast, naming the field, on nonsense. */
export const registrantConfig = (init: unknown = {}): RegistrantInit => {
  const decoded = decodeInit("registrant", RegistrantParams, init);
  const signer = (init as { signer?: Signer } | undefined)?.signer;
  return signer ? { ...decoded, signer } : decoded;
};
