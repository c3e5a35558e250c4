import * as Schema from "effect/Schema";
import { Interval, NodeRefs, withDefault } from "../../params.js";

/**
 * The client side of a `nostr-relay` actor (`client:`): the node connects to these relays,
 * authenticates, subscribes to events p-tagged to it and publishes its messages to all.
 * In the simulator this is how team members and outsiders talk to relays.
 */
export const NostrClientParams = Schema.Struct({
  /** Relays it connects to (node ids or groups). */
  relays: NodeRefs,
  /** Kind of the messages it sends (p-tagged to the recipient, stored by relays). @default 1 */
  kind: withDefault(Schema.Int.pipe(Schema.between(0, 65535)), 1),
  /** How often it re-opens its relay connections (new AUTH and REQ). @default 60s */
  reconnect: withDefault(Interval, 60_000),
});
export type NostrClientInit = Schema.Schema.Type<typeof NostrClientParams>;
