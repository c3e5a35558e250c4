import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

/** The shared official test vectors (`../shared/vectors` next to the repo); MESHTWIN_VECTORS overrides. */
export const VECTORS_DIR =
  process.env.MESHTWIN_VECTORS ?? fileURLToPath(new URL("../../../../shared/vectors/", import.meta.url));

/** Reads a vector file as text; `.gz` files are gunzipped. */
export function readVector(name: string): string {
  const bytes = readFileSync(`${VECTORS_DIR}/${name}`);
  return (name.endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("utf8");
}

export function readJson<T>(name: string): T {
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
