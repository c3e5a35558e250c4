import { accessSync, constants } from "node:fs";
import { delimiter, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * A program or facility a test needs from outside the repository (a browser, socat,
 * redis-server, network namespaces), and the script that installs it. CI installs every
 * one from `.ci/run` with its `scripts/install-*.sh`.
 */
export interface Tool {
  /** Short name for messages, e.g. "chromium". */
  readonly name: string;
  /** How to install it, e.g. "bash scripts/install-chromium.sh". */
  readonly install: string;
  /** Why it cannot be used here, or undefined when it can. */
  readonly missing: () => string | undefined;
}

/** True when `CI` is set to anything but "", "0" or "false" (CI services set CI=true). */
export function underCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env.CI?.trim().toLowerCase();
  return v !== undefined && v !== "" && v !== "0" && v !== "false";
}

/** Where a test's outside tool stands: usable, or why not. */
export interface RequireOptions {
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Where the reason for a skip goes. @default process.stderr */
  readonly write?: (line: string) => void;
}

/**
 * Whether the tests in `file` (pass `import.meta.url`) can run: true when every tool is
 * usable. When one is not, under CI this throws, so the file fails naming the tool (CI
 * must never go green with a test skipped); elsewhere it prints one line saying what is
 * missing and how to install it, and returns false for `describe.skipIf(!ok)`.
 */
export function requireTools(file: string, tools: readonly Tool[], options: RequireOptions = {}): boolean {
  const problems = tools.flatMap((t) => {
    const why = t.missing();
    return why === undefined ? [] : [`${t.name}: ${why} (install: ${t.install})`];
  });
  if (problems.length === 0) return true;
  const where = file.startsWith("file:") ? relative(process.cwd(), fileURLToPath(file)) : file;
  if (underCi(options.env ?? process.env))
    throw new Error(`${where}: required under CI, missing: ${problems.join("; ")}`);
  (options.write ?? ((l) => process.stderr.write(l)))(`${where}: skipped: ${problems.join("; ")}\n`);
  return false;
}

/** A check that `path` is an executable file. */
export function executable(path: string): () => string | undefined {
  return () => {
    try {
      accessSync(path, constants.X_OK);
      return undefined;
    } catch {
      return `${path} not found or not executable`;
    }
  };
}

/** A check that `command` is an executable on PATH. */
export function onPath(command: string, env: NodeJS.ProcessEnv = process.env): () => string | undefined {
  return () => {
    for (const dir of (env.PATH ?? "").split(delimiter).filter(Boolean))
      if (executable(join(dir, command))() === undefined) return undefined;
    return `${command} not on PATH`;
  };
}

/** A tool that is one command on PATH, e.g. `commandTool("socat", "bash scripts/install-socat.sh")`. */
export function commandTool(command: string, install: string): Tool {
  return { name: command, install, missing: onPath(command) };
}

/** Debian's chromium, driven by playwright-core in the viewer tests. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/** The browser for the viewer's end-to-end tests. */
export const chromiumTool: Tool = {
  name: "chromium",
  install: "bash scripts/install-chromium.sh",
  missing: executable(CHROMIUM_PATH),
};
