/** One problem in a document (scenario file, node config): where (document path, line) and what was expected. */
export interface DocumentIssue {
  /** Document path such as `nodes[1].count`; empty for the whole document. */
  readonly path: string;
  readonly message: string;
  /** 1-based line and column in the file, when known. */
  readonly line?: number;
  readonly column?: number;
}

/** A document that cannot be used; the message lists every issue, each naming file, path and expectation. */
export class DocumentError extends Error {
  override readonly name: string = "DocumentError";

  constructor(
    readonly file: string,
    readonly issues: readonly DocumentIssue[],
    what = "document",
  ) {
    super(
      `${file}: invalid ${what}\n` +
        issues
          .map(
            (i) => `  ${file}${i.line ? `:${i.line}:${i.column ?? 1}` : ""}: ${i.path || "(document)"}: ${i.message}`,
          )
          .join("\n"),
    );
  }
}

/** Formats a path of keys and indices as `nodes[1].protocols.gossip.fanout`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((k, i) => (typeof k === "number" ? `[${k}]` : i === 0 ? String(k) : `.${String(k)}`)).join("");
}
