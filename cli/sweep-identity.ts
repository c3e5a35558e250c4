import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
/** The folders whose code decides a simulation's outcome. */
const SIM_CODE = ["runtime", "actors", "sim"];

/** sha256 (hex) of a scenario file's text: a worker given a different file is refused. */
export function scenarioHash(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

let cached: string | undefined;

/**
 * Identity of this meshtwin: its package version plus a hash of every source file that
 * decides a run (runtime/, actors/, sim/) and the locked dependency versions. Two
 * installs with the same identity give the same fingerprint for the same seed; a queue
 * worker whose identity differs from the sweep's is refused. Computed once (~10 ms).
 */
export function codeIdentity(): string {
  if (cached) return cached;
  const h = createHash("sha256");
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|js|json)$/.test(e.name)) files.push(p);
    }
  };
  for (const d of SIM_CODE) walk(join(ROOT, d));
  files.push(join(ROOT, "package-lock.json"));
  for (const f of files.sort()) h.update(relative(ROOT, f)).update("\0").update(readFileSync(f)).update("\0");
  const version = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;
  cached = `${version}+${h.digest("hex").slice(0, 16)}`;
  return cached;
}
