import { readFileSync } from "node:fs";
import { basename, extname } from "node:path";
import * as Either from "effect/Either";
import * as ParseResult from "effect/ParseResult";
import * as Schema from "effect/Schema";
import { LineCounter, parseDocument, type Document } from "yaml";
import { ScenarioError, formatPath, type ScenarioIssue } from "./errors.js";
import { expandSybil } from "../sybil/expand.js";
import { Scenario, expectationKinds, timelineVerbs, workloadVerbs, type Selector } from "./schema.js";

/** A validated scenario with its name settled. */
export type LoadedScenario = Scenario & {
  readonly name: string;
  readonly seed: number | string;
  readonly file: string;
};

const decode = Schema.decodeUnknownEither(Scenario, { errors: "all", onExcessProperty: "error" });

/** Reads, parses and validates a scenario file; throws {@link ScenarioError} naming every problem. */
export function loadScenario(file: string): LoadedScenario {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new ScenarioError(file, [{ path: "", message: `cannot read the file (${(err as Error).message})` }]);
  }
  return parseScenario(text, file);
}

/** Validates scenario YAML text; `file` names it in errors. */
export function parseScenario(text: string, file: string): LoadedScenario {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new ScenarioError(
      file,
      doc.errors.map((e) => {
        const pos = lines.linePos(e.pos[0]);
        return { path: "", message: `YAML syntax: ${e.message.split("\n")[0]}`, line: pos.line, column: pos.col };
      }),
    );
  }
  const locate = (path: readonly PropertyKey[]): Pick<ScenarioIssue, "line" | "column"> => locateIn(doc, lines, path);
  const result = decode(doc.toJS());
  if (Either.isLeft(result)) {
    const issues = ParseResult.ArrayFormatter.formatErrorSync(result.left)
      // An optional field's schema is `X | undefined`; the `undefined` branch's complaint is noise.
      .filter((i) => !i.message.startsWith("Expected undefined, actual"))
      .map((i) => ({
        path: formatPath(i.path),
        message: humanize(i.message),
        ...locate(i.path),
      }));
    throw new ScenarioError(file, issues);
  }
  const scenario = result.right;
  const issues = checkMeaning(scenario).map((i) => ({
    path: formatPath(i.path),
    message: i.message,
    ...locate(i.path),
  }));
  if (issues.length > 0) throw new ScenarioError(file, issues);
  const named = { ...scenario, name: scenario.name ?? basename(file, extname(file)), seed: scenario.seed ?? 1, file };
  return expandSybil(named);
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

type RawIssue = { path: PropertyKey[]; message: string };

/** Checks that need the whole document: unique names, one verb per entry, selectors that exist. */
function checkMeaning(s: Scenario): RawIssue[] {
  const issues: RawIssue[] = [];
  const groups = new Map<string, number>();
  s.nodes.forEach((g, i) => {
    if (g.ids && g.ids.length !== g.count)
      issues.push({
        path: ["nodes", i, "ids"],
        message: `expected ${g.count} ids (one per node), got ${g.ids.length}`,
      });
    if (groups.has(g.group))
      issues.push({ path: ["nodes", i, "group"], message: `group '${g.group}' is defined twice` });
    groups.set(g.group, g.count);
  });
  const known = (name: string): boolean => {
    if (groups.has(name)) return true;
    const m = /^(.*)-(\d+)$/.exec(name);
    return m !== null && groups.has(m[1]!) && Number(m[2]) < groups.get(m[1]!)!;
  };
  const checkSelector = (sel: Selector, path: PropertyKey[]) => {
    if (typeof sel === "string") {
      if (!known(sel))
        issues.push({
          path,
          message: `expected a group name or node id, got '${sel}' (groups: ${[...groups.keys()].join(", ")})`,
        });
    } else {
      if (sel.group !== undefined && !groups.has(sel.group))
        issues.push({ path: [...path, "group"], message: `expected a group name, got '${sel.group}'` });
      if ((sel.count === undefined) === (sel.fraction === undefined))
        issues.push({ path, message: "expected exactly one of count or fraction" });
    }
  };
  const onlyOne = (entry: object, verbs: readonly string[], path: PropertyKey[], what: string) => {
    const present = verbs.filter((v) => (entry as Record<string, unknown>)[v] !== undefined);
    if (present.length !== 1)
      issues.push({
        path,
        message: `expected exactly one ${what} (${verbs.join(", ")}), got ${present.length ? present.join(", ") : "none"}`,
      });
  };
  s.nodes.forEach((g, i) =>
    g.protocols?.discovery?.seeds?.forEach((seed, j) => {
      if (!known(seed))
        issues.push({
          path: ["nodes", i, "protocols", "discovery", "seeds", j],
          message: `expected a node id or group name, got '${seed}'`,
        });
    }),
  );
  s.timeline?.forEach((t, i) => {
    onlyOne(t, timelineVerbs, ["timeline", i], "fault verb");
    if (t.at > s.duration)
      issues.push({
        path: ["timeline", i, "at"],
        message: `expected a time within the duration (${s.duration} ms), got ${t.at} ms`,
      });
    t.partition?.forEach((side, j) => side.forEach((sel, k) => checkSelector(sel, ["timeline", i, "partition", j, k])));
    if (t.partition && t.partition.length < 2)
      issues.push({ path: ["timeline", i, "partition"], message: "expected at least two sides" });
    if (t.crash !== undefined) checkSelector(t.crash, ["timeline", i, "crash"]);
    if (t.restart) checkSelector(t.restart.nodes, ["timeline", i, "restart", "nodes"]);
    t.hold?.forEach((sel, j) => checkSelector(sel, ["timeline", i, "hold", j]));
    t.degrade?.between?.forEach((sel, j) => checkSelector(sel, ["timeline", i, "degrade", "between", j]));
    if (t.churn?.nodes !== undefined) checkSelector(t.churn.nodes, ["timeline", i, "churn", "nodes"]);
  });
  s.workload?.forEach((w, i) => {
    onlyOne(w, workloadVerbs, ["workload", i], "workload kind");
    if (w.publish?.from !== undefined) checkSelector(w.publish.from, ["workload", i, "publish", "from"]);
  });
  s.expect?.forEach((e, i) => onlyOne(e, expectationKinds, ["expect", i], "expectation kind"));
  s.network?.links?.forEach((l, i) =>
    l.between.forEach((side, j) =>
      (typeof side === "string" ? [side] : side).forEach((g) => {
        if (!groups.has(g))
          issues.push({ path: ["network", "links", i, "between", j], message: `expected a group name, got '${g}'` });
      }),
    ),
  );
  return issues;
}
