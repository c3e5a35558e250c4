import { basename, extname } from "node:path";
import { ScenarioError, formatPath } from "./errors.js";
import { decodeYamlDocument, readDocumentText } from "./yaml-document.js";
import { expandSybil } from "../sybil/expand.js";
import { Scenario, expectationKinds, timelineVerbs, workloadVerbs, type Selector } from "./schema.js";

/** A validated scenario with its name settled. */
export type LoadedScenario = Scenario & {
  readonly name: string;
  readonly seed: number | string;
  readonly file: string;
};

/** Reads, parses and validates a scenario file; throws {@link ScenarioError} naming every problem. */
export function loadScenario(file: string): LoadedScenario {
  return parseScenario(
    readDocumentText(file, (issues) => new ScenarioError(file, issues)),
    file,
  );
}

/** Validates scenario YAML text; `file` names it in errors. */
export function parseScenario(text: string, file: string): LoadedScenario {
  const { value: scenario, locate } = decodeYamlDocument(text, Scenario, (issues) => new ScenarioError(file, issues));
  const issues = checkMeaning(scenario).map((i) => ({
    path: formatPath(i.path),
    message: i.message,
    ...locate(i.path),
  }));
  if (issues.length > 0) throw new ScenarioError(file, issues);
  const named = { ...scenario, name: scenario.name ?? basename(file, extname(file)), seed: scenario.seed ?? 1, file };
  return expandSybil(named);
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
