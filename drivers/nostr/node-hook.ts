import * as Schema from "effect/Schema";
import { join } from "node:path";
import { NostrRelayParams } from "../../actors/nostr-relay/index.js";
import { startRelayServer, type RelayServer } from "./relay-server.js";

/**
 * `relay:` in a node config: the node also serves a Nostr relay (opt-in, as the embedded
 * relay seed wants) — the `nostr-relay` protocol's parameters plus the port.
 */
export const NostrRelayBlock = Schema.Struct({
  /** WebSocket port on 127.0.0.1; 0 picks a free one. */
  port: Schema.Int.pipe(Schema.between(0, 65535)),
  ...NostrRelayParams.fields,
});
export type NostrRelayBlock = typeof NostrRelayBlock.Type;

/** Starts the node's relay with its events in `<dataDir>/nostr`. */
export function startNodeRelay(block: NostrRelayBlock, dataDir: string): Promise<RelayServer> {
  const { port, ...params } = block;
  return startRelayServer({ port, dataDir: join(dataDir, "nostr"), params: params as Record<string, unknown> });
}
