import * as Schema from "effect/Schema";

/**
 * Field shapes shared by the actors' message schemas (`actors/<name>/messages.ts`). The
 * host checks every frame against its actor's schema before the machine sees it, so a
 * machine can trust the fields' types; what the values mean is still the machine's call.
 */

/** A node id, record key, message id or nonce from a peer: a non-empty string. */
export const Id = Schema.String.pipe(Schema.minLength(1));

/** A list of node ids. */
export const Ids = Schema.Array(Id);

/** A whole number ≥ 0 (hop counts, sequence numbers, request ids). */
export const Whole = Schema.Int.pipe(Schema.nonNegative());

/** A message with only its `type` (`accept`, `reserve`). */
export const bare = <T extends string>(type: T) => Schema.Struct({ type: Schema.Literal(type) });

/** The command shapes of an actor an operator cannot command: every command is refused. */
export const NoCommands = Schema.Unknown.pipe(
  Schema.filter(() => false, { message: () => "this actor takes no commands" }),
);
