import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { protocolModules } from "../../actors/registry.js";
import { parameterNames } from "../../cli/protocols.js";

describe("README's protocol parameter table matches the registry", () => {
  const readme = readFileSync("README.md", "utf8");
  const rows = new Map([...readme.matchAll(/^\| `([a-zA-Z-]+)` +\| (.*) \|$/gm)].map((m) => [m[1]!, m[2]!] as const));
  it.each(protocolModules.map((m) => [m.key, m] as const))("%s: every parameter is listed", (key, module) => {
    const row = rows.get(key);
    expect(row, `no README row for ${key}`).toBeDefined();
    const listed = new Set([...row!.matchAll(/`([a-zA-Z]+)/g)].map((m) => m[1]!));
    expect(parameterNames(module.params).filter((p) => !listed.has(p))).toEqual([]);
  });
});
