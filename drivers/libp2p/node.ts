import "../../runtime/polyfills.js";
import { noise } from "@chainsafe/libp2p-noise";
import { yamux } from "@chainsafe/libp2p-yamux";
import { identify } from "@libp2p/identify";
import type { Libp2p, PrivateKey, ServiceMap } from "@libp2p/interface";
import { mdns, type MulticastDNSInit } from "@libp2p/mdns";
import { ping } from "@libp2p/ping";
import { tcp } from "@libp2p/tcp";
import { createLibp2p } from "libp2p";
import { natListen, natServices, natTransports, type NatInit } from "./nat/index.js";

/** How the libp2p node is built. */
export interface Libp2pNodeInit {
  /** The node's key; its peer id is the NodeId. @default a fresh Ed25519 key */
  readonly privateKey?: PrivateKey;
  /** Multiaddrs to listen on. @default ["/ip4/127.0.0.1/tcp/0"] */
  readonly listen?: readonly string[];
  /** Local discovery over multicast DNS; `true` uses @libp2p/mdns defaults. @default false */
  readonly mdns?: boolean | MulticastDNSInit;
  /** Extra libp2p services (e.g. a stock kad-dht in interop tests), keyed by name. @default {} */
  readonly services?: Record<string, (components: never) => unknown>;
  /** NAT traversal (AutoNAT, circuit relay v2, DCUtR; see `./nat/`). @default undefined (none) */
  readonly nat?: NatInit;
}

/**
 * Builds a stopped libp2p node with the transport stack every meshtwin node shares: TCP,
 * noise, yamux, identify (learns addresses and protocols), ping (liveness).
 */
export async function createLibp2pNode(init: Libp2pNodeInit): Promise<Libp2p<ServiceMap>> {
  const discovery = init.mdns ? [mdns(init.mdns === true ? {} : init.mdns)] : [];
  return createLibp2p({
    start: false,
    ...(init.privateKey ? { privateKey: init.privateKey } : {}),
    addresses: { listen: [...(init.listen ?? ["/ip4/127.0.0.1/tcp/0"]), ...(init.nat ? natListen(init.nat) : [])] },
    transports: [tcp(), ...(init.nat ? natTransports(init.nat) : [])],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    peerDiscovery: discovery,
    services: {
      identify: identify(),
      ping: ping(),
      ...(init.nat ? natServices(init.nat) : {}),
      ...(init.services ?? {}),
    },
  }) as Promise<Libp2p<ServiceMap>>;
}
