import { readFileSync } from "node:fs";
import * as Either from "effect/Either";
import * as ParseResult from "effect/ParseResult";
import * as Schema from "effect/Schema";
import { LineCounter, parseDocument, type Document } from "yaml";
import { formatPath, type DocumentIssue } from "./errors.js";

/** A YAML document decoded with a Schema, and a way to point at any path in it. */
export interface DecodedDocument<A> {
  readonly value: A;
  /** Line and column of the node at `path`, or of its nearest existing parent. */
  locate(path: readonly PropertyKey[]): Pick<DocumentIssue, "line" | "column">;
}

/** Reads a file's text; an unreadable file is one issue, not a crash. */
export function readDocumentText(file: string, fail: (issues: DocumentIssue[]) => Error): string {
  try {
    return readFileSync(file, "utf8");
  } catch (err) {
    throw fail([{ path: "", message: `cannot read the file (${(err as Error).message})` }]);
  }
}

/**
 * Parses YAML and decodes it with `schema` (all errors, unknown fields refused). Every
 * problem, syntax or schema, becomes an issue with its document path, line and what was
 * expected, thrown as `fail(issues)`. Scenario files and node configs share this.
 */
export function decodeYamlDocument<A, I>(
  text: string,
  schema: Schema.Schema<A, I>,
  fail: (issues: DocumentIssue[]) => Error,
): DecodedDocument<A> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw fail(
      doc.errors.map((e) => {
        const pos = lines.linePos(e.pos[0]);
        return { path: "", message: `YAML syntax: ${e.message.split("\n")[0]}`, line: pos.line, column: pos.col };
      }),
    );
  }
  const locate = (path: readonly PropertyKey[]) => locateIn(doc, lines, path);
  const result = Schema.decodeUnknownEither(schema, { errors: "all", onExcessProperty: "error" })(doc.toJS() ?? {});
  if (Either.isLeft(result)) {
    throw fail(
      ParseResult.ArrayFormatter.formatErrorSync(result.left)
        // An optional field's schema is `X | undefined`; the `undefined` branch's complaint is noise.
        .filter((i) => !i.message.startsWith("Expected undefined, actual"))
        .map((i) => ({ path: formatPath(i.path), message: humanize(i.message), ...locate(i.path) })),
    );
  }
  return { value: result.right, locate };
}

/** Effect's messages, phrased as what was expected. */
function humanize(message: string): string {
  if (message === "is missing") return "is required but missing";
  if (message.startsWith("is unexpected")) return message.replace("is unexpected", "is not a known field");
  return message;
}

function locateIn(doc: Document, lines: LineCounter, path: readonly PropertyKey[]) {
  // Walk up until a node exists: a missing key is reported at its parent.
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n) as unknown[], true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === "object" && node.range) {
      const pos = lines.linePos(node.range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  return {};
}
