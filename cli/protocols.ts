import * as Schema from "effect/Schema";
import * as AST from "effect/SchemaAST";
import { protocolModules } from "../actors/registry.js";
import type { ProtocolModule } from "../runtime/protocol.js";

/** The parameter names of a module's schema (through refinements such as cross-field checks). */
export function parameterNames(schema: Schema.Schema.Any): string[] {
  let ast: AST.AST = schema.ast;
  while (ast._tag === "Refinement" || ast._tag === "Transformation")
    ast = ast._tag === "Refinement" ? ast.from : ast.to;
  return ast._tag === "TypeLiteral" ? ast.propertySignatures.map((p) => String(p.name)) : [];
}

/** One line per protocol: key, what it does, each parameter with its default (from the schema itself). */
export function describeProtocols(modules: readonly ProtocolModule[] = protocolModules): string {
  return modules
    .map((m) => {
      const defaults = Schema.decodeUnknownSync(m.params)({}) as Record<string, unknown>;
      const params = parameterNames(m.params).map((name) =>
        name in defaults && defaults[name] !== undefined ? `${name}=${JSON.stringify(defaults[name])}` : name,
      );
      return `${m.key}: ${m.summary}\n  ${params.join(", ")}`;
    })
    .join("\n");
}

/** `meshtwin protocols`: the registry as a user reads it. */
export function protocolsCommand(): number {
  process.stdout.write(
    "(durations in milliseconds; a scenario or node config may write 5s, 2m, 1h)\n" + describeProtocols() + "\n",
  );
  return 0;
}
