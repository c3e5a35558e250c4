import * as ParseResult from "effect/ParseResult";
import * as Schema from "effect/Schema";

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses `500ms`, `90s`, `2m`, `1.5h` and compounds such as `1m30s` to ms; undefined if it is not one. */
export function parseDuration(text: string): number | undefined {
  const compact = text.replace(/\s+/g, "");
  if (!/^(\d+(\.\d+)?(ms|s|m|h|d))+$/.test(compact)) return undefined;
  let total = 0;
  for (const [, n, unit] of compact.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)) total += Number(n) * UNIT_MS[unit!]!;
  return total;
}

/**
 * A duration: a number of milliseconds or a string such as `500ms`, `90s`, `2m`, `1m30s`.
 * Decodes to milliseconds.
 */
export const Duration = Schema.transformOrFail(Schema.Union(Schema.Number, Schema.String), Schema.Number, {
  strict: true,
  decode: (input, _, ast) => {
    const value = typeof input === "number" ? input : parseDuration(input);
    return typeof value === "number" && Number.isFinite(value) && value >= 0
      ? ParseResult.succeed(value)
      : ParseResult.fail(
          new ParseResult.Type(
            ast,
            input,
            `expected a duration such as 500ms, 90s, 2m or 1m30s, got ${JSON.stringify(input)}`,
          ),
        );
  },
  encode: (value) => ParseResult.succeed(value),
}).annotations({ identifier: "Duration" });

/** A whole number ≥ 1. */
export const Count = Schema.Int.pipe(
  Schema.positive({ message: (issue) => `expected a positive whole number, got ${JSON.stringify(issue.actual)}` }),
);

/** A probability or share in [0, 1]. */
export const Fraction = Schema.Number.pipe(
  Schema.between(0, 1, {
    message: (issue) => `expected a number between 0 and 1, got ${JSON.stringify(issue.actual)}`,
  }),
);

/** A lowercase name usable in node ids: group and segment names. */
export const Name = Schema.String.pipe(
  Schema.pattern(/^[a-z][a-z0-9_]*$/, {
    message: (issue) =>
      `expected a lowercase name of letters, digits and underscores starting with a letter, got ${JSON.stringify(issue.actual)}`,
  }),
);

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
