import { spawn } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The `meshtwin` entry point of this checkout. */
export const BIN = fileURLToPath(new URL("../../cli/bin.js", import.meta.url));

/** What one CLI run printed and how it ended. */
export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `meshtwin <args>` in `cwd` (a shell pipeline when `pipe` is given, e.g. `| head -1`),
 * killed after `timeoutMs`.
 */
export function meshtwin(
  args: readonly string[],
  opts: { cwd: string; env?: Record<string, string>; pipe?: string; timeoutMs?: number },
): Promise<CliResult> {
  const quoted = args.map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
  const child = opts.pipe
    ? spawn("sh", ["-c", `'${process.execPath}' '${BIN}' ${quoted} ${opts.pipe}`], {
        cwd: opts.cwd,
        env: { ...process.env, ...opts.env },
      })
    : spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd, env: { ...process.env, ...opts.env } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 30_000);
  return new Promise((resolve) =>
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}

/** Every path under `dir` with its size and modification time: what a run may not have touched. */
export function snapshotTree(dir: string, skip: (path: string) => boolean = () => false): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (skip(p)) continue;
      const st = statSync(p);
      out.set(p, st.isDirectory() ? "dir" : `${st.size} ${st.mtimeMs}`);
      if (st.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out;
}

/** Paths added, removed or changed between two snapshots. */
export function treeChanges(before: Map<string, string>, after: Map<string, string>): string[] {
  const changed: string[] = [];
  for (const [p, v] of after) if (before.get(p) !== v) changed.push(p);
  for (const p of before.keys()) if (!after.has(p)) changed.push(`${p} (removed)`);
  return changed.sort();
}

/** A stack trace line, as Node prints them. */
export const STACK = /^\s+at .+[(:]\d+/m;

/** Runs `tasks` at most `n` at a time (CLI spawns cost ~1 s of CPU each). */
export async function limited<T>(n: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]!();
      }
    }),
  );
  return results;
}
