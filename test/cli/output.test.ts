import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { colourOn, progressOn, tableStyle } from "../../cli/output.js";
import { BIN } from "./bad-input-harness.js";

// Issue 10 item 13: tables kept ANSI colour codes on a pipe, and NO_COLOR was ignored.

const tty = { isTTY: true };
const pipe = { isTTY: false };

test("colour only on a terminal, never with NO_COLOR set (any non-empty value) or TERM=dumb", () => {
  expect(colourOn(tty, {})).toBe(true);
  expect(colourOn(pipe, {})).toBe(false);
  expect(colourOn(tty, { NO_COLOR: "1" })).toBe(false);
  expect(colourOn(tty, { NO_COLOR: "" })).toBe(true); // no-color.org: empty means unset
  expect(colourOn(tty, { TERM: "dumb" })).toBe(false);
  expect(progressOn(pipe, {})).toBe(false);
  expect(progressOn(tty, { NO_COLOR: "1" })).toBe(true); // a bar is not colour
  expect(tableStyle(pipe)).toEqual({ style: { head: [], border: [] } });
});

const root = mkdtempSync(join(tmpdir(), "mt-out-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** `meshtwin check` on one tiny scenario in a real pseudo-terminal (util-linux `script`). */
function checkOnTerminal(env: Record<string, string>): string {
  mkdirSync(join(root, "s"), { recursive: true });
  writeFileSync(join(root, "s", "tiny.yaml"), "name: tiny\nduration: 2s\nnodes:\n  - group: a\n    count: 2\n");
  const cmd = `'${process.execPath}' '${BIN}' check '${join(root, "s")}' --out '${join(root, "out")}'`;
  return execFileSync("script", ["-qec", cmd, "/dev/null"], { env, encoding: "utf8" });
}

const haveScript = existsSync("/usr/bin/script") || existsSync("/bin/script");
test.skipIf(!haveScript && process.env.CI !== "true")(
  "on a terminal the table is coloured, unless NO_COLOR is set",
  () => {
    // `CI` set makes cli-table3's colour library refuse colour on any terminal: the child is a
    // user's terminal here, not a CI job.
    const { NO_COLOR: _drop, CI: _ci, ...base } = process.env as Record<string, string>;
    void _drop;
    void _ci;
    const coloured = checkOnTerminal({ ...base, TERM: "xterm" });
    expect(coloured).toMatch(/\u001b\[\d+m/);
    const plain = checkOnTerminal({ ...base, TERM: "xterm", NO_COLOR: "1" });
    expect(plain).toMatch(/tiny/);
    expect(plain).not.toMatch(/\u001b\[\d+m/);
  },
  60_000,
);
