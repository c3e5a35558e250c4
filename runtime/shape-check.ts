import * as Either from "effect/Either";
import * as Schema from "effect/Schema";
import { fastIs } from "./fast-is.js";
import { firstIssueLine } from "./schema-issues.js";

/** Checks a value against a declared shape: undefined when it fits, else one short line saying why not. */
export type ShapeCheck = (value: unknown) => string | undefined;

const compiled = new WeakMap<object, ShapeCheck>();

/**
 * The check for `schema`, compiled once per schema: a compiled guard for the common case
 * (the value fits), effect's full validation only to explain a misfit.
 */
export function shapeCheck(schema: Schema.Schema.AnyNoContext): ShapeCheck {
  let check = compiled.get(schema);
  if (!check) {
    const fits = fastIs(schema);
    const validate = Schema.validateEither(schema, { errors: "first" });
    check = (value) => {
      if (fits(value)) return undefined;
      const r = validate(value);
      return Either.isLeft(r) ? firstIssueLine(r.left) : undefined;
    };
    compiled.set(schema, check);
  }
  return check;
}
