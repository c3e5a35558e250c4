import { DocumentError, type DocumentIssue } from "../../runtime/document/errors.js";

export { formatPath } from "../../runtime/document/errors.js";
/** One problem in a scenario file. */
export type ScenarioIssue = DocumentIssue;

/** A scenario file that cannot be run; the message lists every issue, each naming file, path and expectation. */
export class ScenarioError extends DocumentError {
  override readonly name = "ScenarioError";

  constructor(file: string, issues: readonly DocumentIssue[]) {
    super(file, issues, "scenario");
  }
}
