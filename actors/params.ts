import * as ParseResult from "effect/ParseResult";
import * as Schema from "effect/Schema";

/**
 * Schema primitives for protocol parameters, shared by every protocol module, the
 * scenario grammar and node configs: one meaning of "a duration" or "a count" everywhere,
 * with its bounds in the schema so a bad value is a file error, never a hang.
 */

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses `500ms`, `90s`, `2m`, `1.5h`, `90d` and compounds such as `1m30s` to ms; undefined if it is not one. */
export function parseDuration(text: string): number | undefined {
  const compact = text.replace(/\s+/g, "");
  if (!/^(\d+(\.\d+)?(ms|s|m|h|d))+$/.test(compact)) return undefined;
  let total = 0;
  for (const [, n, unit] of compact.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)) total += Number(n) * UNIT_MS[unit!]!;
  return total;
}

const durationOf = (min: number, what: string) =>
  Schema.transformOrFail(Schema.Union(Schema.Number, Schema.String), Schema.Number, {
    strict: true,
    decode: (input, _, ast) => {
      const value = typeof input === "number" ? input : parseDuration(input);
      return typeof value === "number" && Number.isFinite(value) && value >= min && (min === 0 || value > 0)
        ? ParseResult.succeed(value)
        : ParseResult.fail(new ParseResult.Type(ast, input, `expected ${what}, got ${JSON.stringify(input)}`));
    },
    encode: (value) => ParseResult.succeed(value),
  });

/**
 * A duration ≥ 0: a number of milliseconds or a string such as `500ms`, `90s`, `2m`,
 * `1m30s`. Decodes to milliseconds. For times and delays where 0 means "now" or "off".
 */
export const Duration = durationOf(0, "a duration such as 500ms, 90s, 2m or 1m30s").annotations({
  identifier: "Duration",
});

/** A duration > 0: every period and timeout (an interval of 0 would fire forever at one instant). */
export const Interval = durationOf(Number.MIN_VALUE, "a duration such as 500ms, 90s or 2m, above 0").annotations({
  identifier: "Interval",
});

/** A whole number ≥ 1. */
export const Count = Schema.Int.pipe(
  Schema.positive({ message: (issue) => `expected a positive whole number, got ${JSON.stringify(issue.actual)}` }),
);

/** A whole number ≥ 0. */
export const Natural = Schema.Int.pipe(
  Schema.nonNegative({ message: (issue) => `expected a whole number ≥ 0, got ${JSON.stringify(issue.actual)}` }),
);

/** A probability or share in [0, 1]. */
export const Fraction = Schema.Number.pipe(
  Schema.between(0, 1, {
    message: (issue) => `expected a number between 0 and 1, got ${JSON.stringify(issue.actual)}`,
  }),
);

/** A lowercase name usable in node ids: group, segment and rule names. */
export const Name = Schema.String.pipe(
  Schema.pattern(/^[a-z][a-z0-9_]*$/, {
    message: (issue) =>
      `expected a lowercase name of letters, digits and underscores starting with a letter, got ${JSON.stringify(issue.actual)}`,
  }),
);

/** Names of nodes or groups (simulator) or peer addresses (production) a protocol starts from. */
export const NodeRefs = Schema.Array(Schema.String);

/** A parameter with a documented default: absent in a file, present (the default) once decoded. */
export const withDefault = <A, I, R>(schema: Schema.Schema<A, I, R>, value: A) =>
  Schema.optionalWith(schema, { default: () => value, exact: true });

/** The first problem of a failed decode as `<actor>.<path>: <message>` (what a factory throws). */
function firstIssue(actor: string, error: ParseResult.ParseError): string {
  const issues = ParseResult.ArrayFormatter.formatErrorSync(error);
  const i = issues[0];
  if (!i) return `${actor}: invalid parameters`;
  const path = i.path.map((k) => (typeof k === "number" ? `[${k}]` : `.${String(k)}`)).join("");
  return `${actor}${path}: ${i.message}`;
}

/**
 * Decodes an actor factory's `init` through the protocol's parameter schema: defaults
 * applied, bounds checked. Throws a RangeError naming the field (`gossip.fanout: expected
 * a whole number ≥ 0, got -1`): configuration is validated once, at the factory.
 */
export function decodeInit<A, I>(actor: string, schema: Schema.Schema<A, I>, init: unknown): A {
  const result = Schema.decodeUnknownEither(schema, { onExcessProperty: "preserve" })(init ?? {});
  if (result._tag === "Left") throw new RangeError(firstIssue(actor, result.left));
  return result.right;
}
