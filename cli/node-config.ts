import * as Schema from "effect/Schema";
import { RegistryBlock } from "../drivers/registry/node-hook.js";
import { NostrRelayBlock } from "../drivers/nostr/node-hook.js";
import { NotifyBlock } from "../drivers/notify/node-hook.js";
import { DocumentError, type DocumentIssue } from "../runtime/document/errors.js";
import { decodeYamlDocument, readDocumentText } from "../runtime/document/yaml-document.js";
import { protocolsSchema } from "../actors/protocols-schema.js";
import { protocolModules } from "../actors/registry.js";
import { Interval, Name } from "../actors/params.js";

/** An invalid node config: every issue names the file, the path in the document and what was expected. */
export class NodeConfigError extends DocumentError {
  override readonly name = "NodeConfigError";

  constructor(file: string, issues: readonly DocumentIssue[]) {
    super(file, issues, "node config");
  }
}

/** A multiaddr string such as `/ip4/127.0.0.1/tcp/4001`. */
const Multiaddr = Schema.String.pipe(
  Schema.pattern(/^(\/[a-z0-9-]+\/[^/\s]+)+$/i, {
    message: (i) => `expected a multiaddr such as /ip4/127.0.0.1/tcp/4001, got ${JSON.stringify(i.actual)}`,
  }),
);

/** A dialable peer address ending in `/p2p/<peer id>`. */
const PeerAddr = Schema.String.pipe(
  Schema.pattern(/^(\/[a-z0-9-]+\/[^/\s]+)+\/p2p\/[1-9A-HJ-NP-Za-km-z]+$/, {
    message: (i) => `expected a multiaddr ending in /p2p/<peer id>, got ${JSON.stringify(i.actual)}`,
  }),
);

/**
 * One production node. `segment`, `role` and `protocols` are exactly a scenario node
 * group's fields (one vocabulary for both worlds); the rest is what only a real node has.
 */
export const NodeConfig = Schema.Struct({
  /** A label for logs and status; the node's id is its libp2p peer id. */
  name: Schema.optional(Schema.String),
  segment: Schema.optional(Name),
  role: Schema.optional(Schema.Literal("peer", "backbone", "light")),
  protocols: protocolsSchema(protocolModules),
  /** @default ["/ip4/127.0.0.1/tcp/0"] */
  listen: Schema.optional(Schema.Array(Multiaddr)),
  /** Peers dialled at start; they become discovery seeds. */
  bootstrap: Schema.optional(Schema.Array(PeerAddr)),
  /** Local discovery over mDNS; also what `discovery.localBroadcast` reaches. @default false */
  mdns: Schema.optional(Schema.Boolean),
  /** Loopback HTTP status/command endpoint port; 0 picks a free one. @default 0 */
  statusPort: Schema.optional(Schema.Int.pipe(Schema.between(0, 65535))),
  /** How often actor snapshots are written to the store. @default 1s */
  checkpoint: Schema.optional(Interval),
  /** Register and heartbeat with a coordination registry (`meshtwin registry`); see docs/registry.md. */
  registry: Schema.optional(RegistryBlock),
  /** Also serve a Nostr relay on a WebSocket (opt-in): the nostr-relay parameters plus `port`; see docs/nostr.md. */
  relay: Schema.optional(NostrRelayBlock),
  /** Be a notification relay (with the `kademlia` protocol): the relay's parameters and its wallet API; see docs/notify.md. */
  notify: Schema.optional(NotifyBlock),
  /**
   * Prefix of the kad-dht protocol the `kademlia` actor speaks: `/myapp` gives
   * `/myapp/kad/1.0.0`, a DHT apart from the public one. @default /ipfs (interoperates with stock kad-dht nodes)
   */
  kadPrefix: Schema.optional(
    Schema.String.pipe(
      Schema.pattern(/^(\/[a-z0-9._-]+)+$/i, {
        message: (i) => `expected a protocol prefix such as /ipfs or /myapp, got ${JSON.stringify(i.actual)}`,
      }),
    ),
  ),
});
export type NodeConfig = typeof NodeConfig.Type;

/** Reads and validates a node config file; throws a NodeConfigError naming file, path and line of every problem. */
export function loadNodeConfig(file: string): NodeConfig {
  return parseNodeConfig(
    readDocumentText(file, (issues) => new NodeConfigError(file, issues)),
    file,
  );
}

/** Validates node config YAML text; `file` names it in errors. */
export function parseNodeConfig(text: string, file: string): NodeConfig {
  const { value, locate } = decodeYamlDocument(text, NodeConfig, (issues) => new NodeConfigError(file, issues));
  // A relay signs with its node key, which only the `notify:` block gets; under `protocols:`
  // the key would be derived from the public peer id (a simulation convenience), forgeable.
  const protocols = value.protocols as Record<string, unknown> | undefined;
  if (protocols?.notify !== undefined) {
    const path = ["protocols", "notify"];
    const message = "put the relay's parameters in the top-level notify: block (it signs with the node's key)";
    throw new NodeConfigError(file, [{ path: "protocols.notify", message, ...locate(path) }]);
  }
  return value;
}
