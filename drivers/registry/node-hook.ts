import * as Schema from "effect/Schema";
import { Interval } from "../../actors/params.js";
import { registrant } from "../../actors/registrant/index.js";
import { signerFromSeed } from "../../actors/registry/index.js";
import type { ActorDefinition } from "../../runtime/actor.js";
import type { Driver, NodeId } from "../../runtime/driver.js";
import { withRegistryClient } from "./client-driver.js";

/**
 * `registry:` in a node config: the node registers with `meshtwin registry` at `url` with
 * its libp2p Ed25519 key (node id = peer id), heartbeats, and dials the active nodes it
 * reads there (they are handed to discovery as the `registry` bootstrap method).
 */
export const RegistryBlock = Schema.Struct({
  /** Base URL of the registry, e.g. `http://127.0.0.1:8190`. */
  url: Schema.String.pipe(
    Schema.pattern(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, {
      message: (i) => `expected an http(s) URL such as http://127.0.0.1:8190, got ${JSON.stringify(i.actual)}`,
    }),
  ),
  /** `tailscaleHostname`. @default the node's name */
  hostname: Schema.optional(Schema.String),
  /** `tailscaleIP`, the address peers dial. @default the host of the node's first TCP listen address */
  ip: Schema.optional(Schema.String),
  /** @default 2m */
  heartbeatInterval: Schema.optional(Interval),
  /** @default 30s */
  pollInterval: Schema.optional(Interval),
  /** @default 2m */
  discoverInterval: Schema.optional(Interval),
  /** @default 30s */
  retryInterval: Schema.optional(Interval),
});
export type RegistryBlock = typeof RegistryBlock.Type;

/** What the hook needs from a started node. */
export interface NodeParts {
  readonly name: string;
  /** The raw Ed25519 private key (libp2p's `raw`: 32-byte seed, then the public key). */
  readonly secretKey: Uint8Array;
  /** The node's dialable addresses (`/ip4/…/tcp/…/p2p/…`). */
  readonly addresses: readonly string[];
  readonly addPeer: (id: NodeId, addrs: readonly string[]) => Promise<void>;
}

/** The registrant actor for a production node and the driver that carries its messages over HTTP. */
export function registryHook(block: RegistryBlock, node: NodeParts): { def: ActorDefinition; wrap(d: Driver): Driver } {
  const tcp = node.addresses.map((a) => /^\/ip[46]\/([^/]+)\/tcp\/(\d+)\//.exec(a)).find((m) => m !== null);
  const ip = block.ip ?? tcp?.[1] ?? "127.0.0.1";
  const { url, ...timers } = block;
  const def = registrant({
    ...Object.fromEntries(Object.entries(timers).filter(([k, v]) => v !== undefined && k !== "ip")),
    hostname: block.hostname ?? node.name,
    ip,
    services: tcp ? [{ type: "libp2p", port: Number(tcp[2]), publicKey: "" }] : [],
    signer: signerFromSeed("ed25519", node.secretKey.subarray(0, 32)),
  });
  return {
    def,
    wrap: (inner) =>
      withRegistryClient(inner, {
        url,
        // Peers learned from the registry must be dialable before discovery says hello to them.
        onNodes: async (nodes) => {
          for (const n of nodes) {
            const svc = n.services.find((s) => s.type === "libp2p");
            if (!svc || !n.tailscale_ip) continue;
            const family = n.tailscale_ip.includes(":") ? "ip6" : "ip4";
            await node.addPeer(n.id, [`/${family}/${n.tailscale_ip}/tcp/${svc.port}/p2p/${n.id}`]).catch(() => {});
          }
        },
      }),
  };
}
