import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { commandTool, onPath, requireTools, underCi, type Tool } from "./require-tool.js";

const gone: Tool = { name: "frobnicator", install: "bash scripts/install-frob.sh", missing: () => "not found" };
const here: Tool = { name: "sh", install: "-", missing: () => undefined };

describe("requireTools", () => {
  const dir = mkdtempSync(join(tmpdir(), "mt-tool-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("given every tool present, then the tests run, in CI or not", () => {
    expect(requireTools("t.test.ts", [here], { env: { CI: "true" } })).toBe(true);
    expect(requireTools("t.test.ts", [here], { env: {} })).toBe(true);
  });

  it("given a missing tool under CI=true, then it throws naming the tool and its installer, never skips", () => {
    expect(() => requireTools("t.test.ts", [here, gone], { env: { CI: "true" } })).toThrow(
      "t.test.ts: required under CI, missing: frobnicator: not found (install: bash scripts/install-frob.sh)",
    );
  });

  it("given a missing tool outside CI, then it skips and prints one line saying why", () => {
    const lines: string[] = [];
    expect(requireTools("t.test.ts", [gone], { env: { CI: "" }, write: (l) => lines.push(l) })).toBe(false);
    expect(lines).toEqual(["t.test.ts: skipped: frobnicator: not found (install: bash scripts/install-frob.sh)\n"]);
  });

  it("reads CI the way CI services set it", () => {
    for (const v of ["true", "1", "TRUE", "yes"]) expect(underCi({ CI: v })).toBe(true);
    for (const v of [undefined, "", "0", "false"]) expect(underCi({ CI: v })).toBe(false);
  });

  it("finds a command only when an executable of that name is on PATH", () => {
    writeFileSync(join(dir, "mt-tool-x"), "#!/bin/sh\n", { mode: 0o755 });
    writeFileSync(join(dir, "mt-tool-plain"), "", { mode: 0o644 });
    expect(onPath("mt-tool-x", { PATH: dir })()).toBeUndefined();
    expect(onPath("mt-tool-plain", { PATH: dir })()).toBe("mt-tool-plain not on PATH");
    expect(onPath("mt-tool-x", { PATH: "/nonexistent" })()).toBe("mt-tool-x not on PATH");
    expect(commandTool("mt-tool-none", "bash scripts/install-x.sh").missing()).toBe("mt-tool-none not on PATH");
  });
});
