/** One problem in a scenario file: where (document path, line) and what was expected. */
export interface ScenarioIssue {
  /** Document path such as `nodes[1].count`; empty for the whole document. */
  readonly path: string;
  readonly message: string;
  /** 1-based line and column in the file, when known. */
  readonly line?: number;
  readonly column?: number;
}

/** A scenario file that cannot be run; the message lists every issue, each naming file, path and expectation. */
export class ScenarioError extends Error {
  override readonly name = "ScenarioError";

  constructor(
    readonly file: string,
    readonly issues: readonly ScenarioIssue[],
  ) {
    super(
      `${file}: invalid scenario\n` +
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
