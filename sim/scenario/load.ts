import { basename, extname } from "node:path";
import type * as Schema from "effect/Schema";
import { simPlugins } from "../plugins.js";
import type { Reference } from "../plugin.js";
import { ScenarioError, formatPath } from "./errors.js";
import type { Selector } from "./primitives.js";
import { Scenario, expectationKinds, scenarioProtocols, timelineVerbs, workloadKinds } from "./schema.js";
import type { LoadedScenario } from "./types.js";
import { decodeYamlDocument, readDocumentText } from "../../runtime/document/yaml-document.js";

export type { LoadedScenario } from "./types.js";

/** Reads, parses and validates a scenario file; throws {@link ScenarioError} naming every problem. */
export function loadScenario(file: string): LoadedScenario {
  return parseScenario(
    readDocumentText(file, (issues) => new ScenarioError(file, issues)),
    file,
  );
}

/** Validates scenario YAML text; `file` names it in errors. */
export function parseScenario(text: string, file: string): LoadedScenario {
  type Decoded = Omit<LoadedScenario, "name" | "seed" | "file"> & { name?: string; seed?: number | string };
  const schema = Scenario as unknown as Schema.Schema<Decoded>;
  const { value, locate } = decodeYamlDocument(text, schema, (issues) => new ScenarioError(file, issues));
  const named = {
    ...value,
    name: value.name ?? basename(file, extname(file)),
    seed: value.seed ?? 1,
    file,
  } as LoadedScenario;
  const issues = [...checkMeaning(named), ...simPlugins.flatMap((p) => p.check?.(named) ?? [])].map((i) => ({
    path: formatPath(i.path),
    message: i.message,
    ...locate(i.path),
  }));
  if (issues.length > 0) throw new ScenarioError(file, issues);
  return simPlugins.reduce((s, p) => (p.expand ? p.expand(s) : s), named);
}

type RawIssue = { path: (string | number)[]; message: string };
type KindTable = Record<string, { references?(spec: unknown): readonly Reference[] }>;
const protocolsByKey = new Map(scenarioProtocols.map((m) => [m.key, m]));

/** Checks that need the whole document: unique names, one verb per entry, names and times that exist. */
function checkMeaning(s: LoadedScenario): RawIssue[] {
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
  const checkSelector = (sel: Selector, path: (string | number)[]) => {
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
  const checkTime = (at: number, path: (string | number)[]) => {
    if (at > s.duration)
      issues.push({ path, message: `expected a time within the duration (${s.duration} ms), got ${at} ms` });
  };
  // One kind per entry; then each kind's own selectors and times.
  const checkEntries = (entries: readonly object[] | undefined, table: KindTable, list: string, what: string) =>
    entries?.forEach((entry, i) => {
      const present = Object.keys(table).filter((k) => (entry as Record<string, unknown>)[k] !== undefined);
      if (present.length !== 1) {
        issues.push({
          path: [list, i],
          message: `expected exactly one ${what} (${Object.keys(table).join(", ")}), got ${present.length ? present.join(", ") : "none"}`,
        });
        return;
      }
      const kind = present[0]!;
      for (const r of table[kind]!.references?.((entry as Record<string, unknown>)[kind]) ?? []) {
        const path = [list, i, kind, ...r.path];
        if (r.selector !== undefined) checkSelector(r.selector, path);
        if (r.at !== undefined) checkTime(r.at, path);
      }
    });
  s.nodes.forEach((g, i) => {
    for (const [key, params] of Object.entries(g.protocols ?? {})) {
      for (const r of protocolsByKey.get(key)?.references?.(params) ?? [])
        if (!known(r.name))
          issues.push({
            path: ["nodes", i, "protocols", key, ...r.path],
            message: `expected a node id or group name, got '${r.name}'`,
          });
    }
  });
  s.timeline?.forEach((t, i) => checkTime(t.at, ["timeline", i, "at"]));
  checkEntries(s.timeline, timelineVerbs as KindTable, "timeline", "fault verb");
  checkEntries(s.workload, workloadKinds as KindTable, "workload", "workload kind");
  checkEntries(s.expect, expectationKinds as KindTable, "expect", "expectation kind");
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
