import { readFileSync } from "node:fs";
import * as Either from "effect/Either";
import * as Schema from "effect/Schema";
import { LineCounter, parseDocument, type Document } from "yaml";
import { excerpt, shortIssues } from "../schema-issues.js";
import { formatPath, type DocumentIssue } from "./errors.js";

/** Problems reported per file: the first few say what to fix; a hundred would bury them. @default 6 */
export const MAX_ISSUES = 6;

/** At most {@link MAX_ISSUES} issues, and a last line saying how many more there are. */
function handful(issues: DocumentIssue[]): DocumentIssue[] {
  if (issues.length <= MAX_ISSUES) return issues;
  const more = issues.length - MAX_ISSUES;
  return [...issues.slice(0, MAX_ISSUES), { path: "", message: `and ${more} more problem${more > 1 ? "s" : ""}` }];
}

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
  // A binary file is one problem, not a page of YAML errors quoting its bytes.
  if (/[\u0000-\u0008\u000e-\u001a]/.test(text.slice(0, 4096)) || text.includes("\ufffd"))
    throw fail([{ path: "", message: "not a text file (binary data): expected YAML" }]);
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw fail(
      handful(
        doc.errors.map((e) => {
          const pos = lines.linePos(e.pos[0]);
          const message = `YAML syntax: ${excerpt(e.message.split("\n")[0]!, 120)}`;
          return { path: "", message, line: pos.line, column: pos.col };
        }),
      ),
    );
  }
  const locate = (path: readonly PropertyKey[]) => locateIn(doc, lines, path);
  let data: unknown;
  try {
    data = doc.toJS() ?? {};
  } catch (err) {
    // yaml refuses alias expansions that would blow up (a "billion laughs" file).
    throw fail([{ path: "", message: `YAML: ${excerpt((err as Error).message, 120)}` }]);
  }
  const result = Schema.decodeUnknownEither(schema, { errors: "all", onExcessProperty: "error" })(data);
  if (Either.isLeft(result)) {
    throw fail(
      handful(
        shortIssues(result.left).map((i) => ({ path: formatPath(i.path), message: i.message, ...locate(i.path) })),
      ),
    );
  }
  return { value: result.right, locate };
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
