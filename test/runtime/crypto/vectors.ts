import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { beforeEach, test } from "vitest";

/**
 * The shared official test vectors (11 MB, not in the repo). They sit in `shared/vectors`
 * beside the checkout that CI and the worktrees come from, so they are looked for: in
 * MESHTWIN_VECTORS; in `shared/vectors` beside the repo or any folder above it; beside the
 * main checkout of a git worktree; beside the repository this clone was cloned from.
 */
function findVectors(): { dir?: string; tried: string[] } {
  const repo = fileURLToPath(new URL("../../../", import.meta.url));
  const tried: string[] = [];
  const found = (dir: string) => {
    tried.push(dir);
    return existsSync(join(dir, "bip340-test-vectors.csv"));
  };
  if (process.env.MESHTWIN_VECTORS)
    return found(process.env.MESHTWIN_VECTORS) ? { dir: process.env.MESHTWIN_VECTORS, tried } : { tried };
  const bases: string[] = [];
  for (let d = resolve(repo); ; d = dirname(d)) {
    bases.push(d);
    if (dirname(d) === d) break;
  }
  const git = (...args: string[]) => {
    try {
      return execFileSync("git", ["-C", repo, ...args], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      }).trim();
    } catch {
      return "";
    }
  };
  const common = git("rev-parse", "--path-format=absolute", "--git-common-dir");
  if (common) bases.push(dirname(dirname(common)));
  const origin = git("config", "--get", "remote.origin.url").replace(/^file:\/\//, "");
  if (origin && isAbsolute(origin)) bases.push(dirname(resolve(origin)), dirname(dirname(resolve(origin))));
  for (const b of bases) if (found(join(b, "shared", "vectors"))) return { dir: join(b, "shared", "vectors"), tried };
  return { tried };
}

const where = findVectors();

/** Where the vectors are; undefined when they were not found (every test of the file is then skipped, loudly). */
export const VECTORS_DIR: string | undefined = where.dir;

/** Why the vector tests cannot run here, or undefined when they can. */
export const VECTORS_MISSING: string | undefined = where.dir
  ? undefined
  : `official test vectors not found (looked in ${where.tried.join(", ")}); set MESHTWIN_VECTORS to the shared/vectors folder`;

if (VECTORS_MISSING) {
  // Under CI a missing fixture is a failure, never a silent pass.
  if (process.env.CI === "true") throw new Error(VECTORS_MISSING);
  process.stderr.write(`SKIPPED: ${VECTORS_MISSING}\n`);
  test.skip(`vectors missing: ${VECTORS_MISSING}`, () => {});
  beforeEach((ctx) => ctx.skip());
}

/**
 * A stand-in for a missing vector file: empty however it is read (`.testGroups.flatMap`,
 * iteration, `.length`), so the file still collects and its tests are reported as skipped.
 */
function empty(): unknown {
  const target: unknown[] = [];
  return new Proxy(target, {
    get: (t, prop) => (prop in t ? Reflect.get(t, prop) : empty()),
  });
}

/** Reads a vector file as text; `.gz` files are gunzipped. Empty when the vectors are missing. */
export function readVector(name: string): string {
  if (!VECTORS_DIR) return "";
  const bytes = readFileSync(join(VECTORS_DIR, name));
  return (name.endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("utf8");
}

export function readJson<T>(name: string): T {
  if (!VECTORS_DIR) return empty() as T;
  return JSON.parse(readVector(name)) as T;
}

export function hex(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text, "hex"));
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex");
}

/** Every `step`-th element starting at 0, so a sample covers the whole file, not just its start. */
export function every<T>(items: readonly T[], step: number): T[] {
  return items.filter((_, i) => i % step === 0);
}
