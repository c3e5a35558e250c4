import * as Schema from "effect/Schema";
import { Count, Interval, decodeInit, withDefault } from "../params.js";

/** A lowercase hex Ed25519 public key (32 bytes). */
export const PublicKeyHex = Schema.String.pipe(
  Schema.pattern(/^[0-9a-f]{64}$/, {
    message: (i) => `expected a 64-character lowercase hex public key, got ${JSON.stringify(i.actual)}`,
  }),
);

/**
 * Parameters of the registry actor (`protocols: { registry: … }` on the registry's node in a
 * scenario; flags and `MESH_*` variables of `meshtwin registry`).
 */
export const RegistryParams = Schema.Struct({
  /** Silence after which an active node is marked offline. @default 5m */
  offlineAfter: withDefault(Interval, 300_000),
  /** How often the registry looks for silent nodes: a node goes offline at most this late. @default 15s */
  sweepInterval: withDefault(Interval, 15_000),
  /** Largest distance of a heartbeat's timestamp from the registry's clock. @default 60s */
  maxClockSkew: withDefault(Interval, 60_000),
  /**
   * The first sovereign key (`MESH_GENESIS_KEY`). Without one, the first `/sovereign/add`
   * request while no key exists becomes the first sovereign.
   */
  genesisKey: Schema.optional(PublicKeyHex),
  /** Services one node may announce. @default 32 */
  maxServices: withDefault(Count, 32),
  /** `modelled` only in the simulator: cheap signatures with Ed25519's semantics. @default ed25519 */
  signatures: withDefault(Schema.Literal("ed25519", "modelled"), "ed25519"),
});

/** The registry actor's configuration: its parameters, decoded. */
export type RegistryInit = typeof RegistryParams.Type;

/** Applies the defaults and fails fast, naming the field, on nonsense. */
export const registryConfig = (init: unknown = {}): RegistryInit => decodeInit("registry", RegistryParams, init);
