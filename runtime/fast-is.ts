import * as Schema from "effect/Schema";
import type * as AST from "effect/SchemaAST";

/**
 * A type guard compiled from an effect Schema's AST, for message shapes checked on every
 * frame. `Schema.is` interprets the AST on each call (~10 µs for a kad response with 20
 * peers); this walks it once into plain closures (~20× faster) and answers the same. Nodes
 * it does not know (transformations, declarations, suspensions) use `Schema.is` on that
 * subtree, so the schema stays the single source of truth; refinements call their own
 * filter. Excess properties are allowed, as with `Schema.is`.
 */
export type Guard = (value: unknown) => boolean;

const OPTIONS = {};
const isObject = (v: unknown): v is Record<PropertyKey, unknown> => typeof v === "object" && v !== null;
const always: Guard = () => true;

/** Compiles `schema` into a guard. */
export function fastIs(schema: Schema.Schema.AnyNoContext): Guard {
  return compile(schema.ast);
}

function compile(ast: AST.AST): Guard {
  switch (ast._tag) {
    case "Literal": {
      const lit = ast.literal;
      return (v) => v === lit;
    }
    case "StringKeyword":
      return (v) => typeof v === "string";
    case "NumberKeyword":
      return (v) => typeof v === "number";
    case "BooleanKeyword":
      return (v) => typeof v === "boolean";
    case "UndefinedKeyword":
      return (v) => v === undefined;
    case "UnknownKeyword":
    case "AnyKeyword":
      return always;
    case "NeverKeyword":
      return () => false;
    case "Refinement": {
      const from = compile(ast.from);
      const filter = ast.filter;
      return (v) => from(v) && filter(v, OPTIONS, ast)._tag === "None";
    }
    case "TupleType":
      return tuple(ast);
    case "TypeLiteral":
      return typeLiteral(ast);
    case "Union":
      return union(ast);
    default: {
      // Whatever this compiler does not model is checked by effect itself.
      return Schema.is(Schema.make(ast));
    }
  }
}

function tuple(ast: AST.TupleType): Guard {
  const elements = ast.elements.map((e) => ({ check: compile(e.type), optional: e.isOptional }));
  const rest = ast.rest.map((r) => compile(r.type));
  if (elements.length === 0 && rest.length === 1) {
    const item = rest[0]!;
    return (v) => {
      if (!Array.isArray(v)) return false;
      for (let i = 0; i < v.length; i++) if (!item(v[i])) return false;
      return true;
    };
  }
  if (rest.length > 1) return Schema.is(Schema.make(ast));
  return (v) => {
    if (!Array.isArray(v)) return false;
    for (let i = 0; i < elements.length; i++) {
      const e = elements[i]!;
      if (i >= v.length) {
        if (!e.optional) return false;
      } else if (!e.check(v[i])) return false;
    }
    if (rest.length === 0) return v.length <= elements.length;
    for (let i = elements.length; i < v.length; i++) if (!rest[0]!(v[i])) return false;
    return true;
  };
}

function typeLiteral(ast: AST.TypeLiteral): Guard {
  // Index signatures other than "any key → unknown" are left to effect.
  if (ast.indexSignatures.some((s) => s.type._tag !== "UnknownKeyword" && s.type._tag !== "AnyKeyword"))
    return Schema.is(Schema.make(ast));
  const props = ast.propertySignatures.map((p) => ({ name: p.name, check: compile(p.type), optional: p.isOptional }));
  return (v) => {
    if (!isObject(v)) return false;
    for (const p of props) {
      if (!(p.name in v)) {
        if (p.optional) continue;
        return false;
      }
      if (!p.check(v[p.name])) return false;
    }
    return true;
  };
}

/** The literal `type` of a struct member, when it has one (a discriminated union's tag). */
function tagOf(ast: AST.AST): string | undefined {
  if (ast._tag !== "TypeLiteral") return undefined;
  const t = ast.propertySignatures.find((p) => p.name === "type" && !p.isOptional)?.type;
  return t?._tag === "Literal" && typeof t.literal === "string" ? t.literal : undefined;
}

function union(ast: AST.Union): Guard {
  const members = ast.types.map(compile);
  const tags = ast.types.map(tagOf);
  if (tags.every((t) => t !== undefined) && new Set(tags).size === tags.length) {
    // A discriminated union: one lookup by `type` instead of trying each member.
    const byTag = new Map(tags.map((t, i) => [t!, members[i]!]));
    return (v) => {
      if (!isObject(v)) return false;
      const m = byTag.get(v.type as string);
      return m !== undefined && m(v);
    };
  }
  return (v) => {
    for (const m of members) if (m(v)) return true;
    return false;
  };
}
