import * as ParseResult from "effect/ParseResult";
import * as Schema from "effect/Schema";

// Durations, counts and fractions are the protocols' parameter primitives: one meaning everywhere.
export { Count, Duration, Fraction, Interval, Name, Natural, parseDuration } from "../../actors/params.js";
import { Count, Fraction } from "../../actors/params.js";

/**
 * Which nodes a fault or workload applies to: a group name, a node id (`east-3`), or
 * `{group?, count | fraction}` (that many random nodes, from the world's seeded rng).
 */
export const Selector = Schema.Union(
  Schema.String,
  Schema.Struct({
    group: Schema.optional(Schema.String),
    count: Schema.optional(Count),
    fraction: Schema.optional(Fraction),
  }),
);
export type Selector = typeof Selector.Type;

/** Bits per second: a number or `10mbit`, `512kbit`, `1gbit`. */
export const Bandwidth = Schema.transformOrFail(Schema.Union(Schema.Number, Schema.String), Schema.Number, {
  strict: true,
  decode: (input, _, ast) => {
    if (typeof input === "number" && input > 0) return ParseResult.succeed(input);
    const m = typeof input === "string" ? /^(\d+(?:\.\d+)?)\s*(bit|kbit|mbit|gbit)$/i.exec(input) : null;
    if (m) {
      const unit = { bit: 1, kbit: 1e3, mbit: 1e6, gbit: 1e9 }[m[2]!.toLowerCase() as "bit"];
      return ParseResult.succeed(Number(m[1]) * unit);
    }
    return ParseResult.fail(
      new ParseResult.Type(ast, input, `expected a bandwidth such as 10mbit or 512kbit, got ${JSON.stringify(input)}`),
    );
  },
  encode: (value) => ParseResult.succeed(value),
});
