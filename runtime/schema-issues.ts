import * as ParseResult from "effect/ParseResult";

/**
 * Effect Schema's parse errors as a person reads them: one short line per problem,
 * `expected a number, got "five"`. Effect prints the whole expected type (a struct's
 * type runs to kilobytes) and the whole offending value (binary garbage included); this
 * names the kind of thing expected and a short, printable excerpt of what was found.
 * Scenario files, node configs, wire messages and commands all report through it.
 */

/** One problem: where in the value (keys and indices) and what was expected. */
export interface ShortIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

const MAX_ACTUAL = 40;
const MAX_MESSAGE = 160;

/** A found value as a short, printable excerpt (never raw control bytes). */
export function excerpt(text: string, max = MAX_ACTUAL): string {
  // Effect quotes strings as JSON, so escapes are already visible; what is left unprintable is binary.
  if (/[\u0000-\u0008\u000e-\u001f\ufffd]/.test(text)) return "binary data";
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const KIND: Record<string, string> = {
  string: "a string",
  number: "a number",
  boolean: "true or false",
  "an integer": "a whole number",
  Int: "a whole number",
  bigint: "a whole number",
  object: "an object",
  null: "null",
  never: "nothing here",
};

/** What effect calls the expected type, as a kind of thing. */
export function expectedKind(type: string): string {
  const t = type.trim();
  if (KIND[t]) return KIND[t];
  if (t.startsWith("{")) return "an object (key: value)";
  if (t.startsWith("ReadonlyArray<") || t.startsWith("Array<") || t.startsWith("readonly [")) return "a list";
  // A union of literals: name them, a few at most.
  const parts = t.split(" | ").map((p) => p.trim());
  if (parts.length > 1 && parts.every((p) => /^("[^"]*"|-?\d+(\.\d+)?|true|false|null)$/.test(p))) {
    const shown = parts.slice(0, 8).map((p) => p.replace(/^"|"$/g, ""));
    return `one of ${shown.join(", ")}${parts.length > 8 ? ", …" : ""}`;
  }
  if (parts.length > 1) return [...new Set(parts.map(expectedKind))].join(" or ");
  if (/^"[^"]*"$/.test(t)) return t;
  // A refinement's own wording ("a positive number"); a long type dump is cut short.
  return excerpt(t.replace(/^Expected /, ""), 60);
}

/** One effect issue message, rephrased; `undefined` for noise (an optional field's `undefined` branch). */
function rephrase(message: string): { expected?: string; actual?: string; text?: string } | undefined {
  const m = /^Expected ([\s\S]*), actual ([\s\S]*)$/.exec(message);
  if (m) {
    if (m[1] === "undefined") return undefined;
    return { expected: expectedKind(m[1]!), actual: excerpt(m[2]!) };
  }
  if (message === "is missing") return { text: "is required but missing" };
  if (message.startsWith("is unexpected")) return { text: "is not a known field" };
  // A message a schema wrote itself ("expected a positive whole number, got -3").
  return { text: excerpt(message.replace(/\s+/g, " "), MAX_MESSAGE) };
}

/**
 * The problems of a failed decode, one per path (a union's alternatives merged into
 * "expected a number or a string"), in document order.
 */
export function shortIssues(error: ParseResult.ParseError): ShortIssue[] {
  const byPath = new Map<
    string,
    { path: readonly PropertyKey[]; expected: string[]; actual?: string; text?: string }
  >();
  for (const issue of ParseResult.ArrayFormatter.formatErrorSync(error)) {
    const r = rephrase(issue.message);
    if (!r) continue;
    const key = JSON.stringify(issue.path.map(String));
    let entry = byPath.get(key);
    if (!entry) byPath.set(key, (entry = { path: issue.path, expected: [] }));
    if (r.text) entry.text ??= r.text;
    if (r.expected && !entry.expected.includes(r.expected)) entry.expected.push(r.expected);
    if (r.actual) entry.actual ??= r.actual;
  }
  return [...byPath.values()].map((e) => ({
    path: e.path,
    message: e.text ?? `expected ${alternatives(e.expected)}, got ${e.actual ?? "something else"}`,
  }));
}

/** A union's alternatives: literals as "one of a, b, c", kinds as "a number or a string". */
function alternatives(expected: readonly string[]): string {
  const literals = expected.filter((x) => /^"[^"]*"$/.test(x));
  if (literals.length > 1 && literals.length === expected.length) return expectedKind(literals.join(" | "));
  return expected.join(" or ");
}

/** Formats a path of keys and indices as `nodes[1].protocols.gossip.fanout`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((k, i) => (typeof k === "number" ? `[${k}]` : i === 0 ? String(k) : `.${String(k)}`)).join("");
}

/** The first problem as one line: `items[0].origin: expected a string, got 7`. */
export function firstIssueLine(error: ParseResult.ParseError): string {
  const i = shortIssues(error)[0];
  if (!i) return "does not fit its declared shape";
  return i.path.length ? `${formatPath(i.path)}: ${i.message}` : i.message;
}
