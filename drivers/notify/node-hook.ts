import { bytesToHex } from "@noble/hashes/utils.js";
import * as Schema from "effect/Schema";
import { notify, NotifyParams, type NotifyContext } from "../../actors/notify/index.js";
import type { ActorDefinition, ActorEvent } from "../../runtime/actor.js";
import type { EventLog } from "../../runtime/event-log.js";
import { serveNotifyApi } from "./http-api.js";

const { identity: _identity, ...relayFields } = NotifyParams.fields;

/**
 * `notify:` in a node config makes `meshtwin node` a notification relay: the `notify`
 * actor's parameters (docs/notify.md), signed with the node's libp2p Ed25519 key, spoken
 * to other relays as `/meshtwin/notify/1.0.0`, plus the wallets' HTTP API on 127.0.0.1.
 * The node needs the `kademlia` protocol too (placement, provider records, fetches).
 */
export const NotifyBlock = Schema.Struct({
  ...relayFields,
  /** Port of the wallets' HTTP API; 0 picks a free one (written to status.json as `notifyUrl`). @default 0 */
  apiPort: Schema.optional(Schema.Int.pipe(Schema.between(0, 65535))),
  /** Largest HTTP request body in bytes; longer ones get 413. @default 16384 */
  bodyLimit: Schema.optional(Schema.Int.pipe(Schema.between(1024, 1_048_576))),
});
export type NotifyBlock = typeof NotifyBlock.Type;

/** What the hook needs of a started node. */
export interface RelayParts {
  /** The node's host snapshot of an actor. */
  snapshot(actor: string): { context: Record<string, unknown> } | undefined;
  command(actor: string, event: ActorEvent): Promise<void>;
  readonly log: EventLog;
  /** Saves the notify actor's persisted state now and waits until it is durable. */
  checkpoint(): Promise<void>;
}

/** The relay actor for a node with Ed25519 key `secretKey` (libp2p's raw: seed ‖ public key). */
export function notifyDefinition(block: NotifyBlock, secretKey: Uint8Array): ActorDefinition {
  const { apiPort: _p, bodyLimit: _b, ...params } = block;
  return notify({ ...params, identity: bytesToHex(secretKey.subarray(0, 32)) }) as ActorDefinition;
}

/** Serves the wallets' HTTP API for a started node; resolves with its URL and a closer. */
export async function serveRelayApi(
  block: NotifyBlock,
  node: RelayParts,
): Promise<{ url: string; close(): Promise<void> }> {
  const api = await serveNotifyApi(
    {
      command: (event) => node.command("notify", event),
      entries$: node.log.entries$,
      state: () => (node.snapshot("notify")?.context as unknown as NotifyContext | undefined)?.notify,
      checkpoint: () => node.checkpoint(),
    },
    { port: block.apiPort ?? 0, bodyLimit: block.bodyLimit ?? 16_384 },
  );
  return { url: `http://127.0.0.1:${api.port}`, close: () => api.close() };
}
