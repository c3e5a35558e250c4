import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Rng } from "../../runtime/rng.js";
import type { Placement } from "./params.js";

/** A position in metres. */
export interface Point {
  readonly x: number;
  readonly y: number;
}

const EARTH_RADIUS = 6_371_000;

/**
 * Positions for `count` nodes (ids given) of a group. Grid and area are computed here
 * (area from the seeded `rng`); a CSV is read relative to the scenario file, rows
 * matched by id when the ids match the group's, else taken in order. Lat/lon rows are
 * projected (equirectangular, around the first row), which is exact enough for a
 * village or a city. Throws an Error naming the file and the row on bad input.
 */
export function place(p: Placement, ids: readonly string[], rng: Rng, scenarioFile: string): Point[] {
  const count = ids.length;
  if ("grid" in p) {
    const g = p.grid;
    const cols = g.columns ?? Math.ceil(Math.sqrt(count));
    return ids.map((_, i) => ({
      x: (g.x ?? 0) + (i % cols) * g.spacing,
      y: (g.y ?? 0) + Math.floor(i / cols) * g.spacing,
    }));
  }
  if ("area" in p) {
    const a = p.area;
    return ids.map(() => ({ x: (a.x ?? 0) + rng.float() * a.width, y: (a.y ?? 0) + rng.float() * a.height }));
  }
  return fromCsv(resolve(dirname(scenarioFile), p.csv), ids);
}

function fromCsv(file: string, ids: readonly string[]): Point[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new Error(`${file}: cannot read the placement CSV`);
  }
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "" && !l.startsWith("#"));
  const header = (lines.shift() ?? "").split(",").map((h) => h.trim().toLowerCase());
  const col = (name: string) => header.indexOf(name);
  const geo = col("lat") >= 0 && col("lon") >= 0;
  const [ia, ib] = geo ? [col("lat"), col("lon")] : [col("x"), col("y")];
  if (col("id") < 0 || ia! < 0 || ib! < 0) throw new Error(`${file}:1: expected a header naming id,x,y or id,lat,lon`);
  const rows = lines.map((line, n) => {
    const cells = line.split(",").map((c) => c.trim());
    const a = Number(cells[ia!]);
    const b = Number(cells[ib!]);
    if (!Number.isFinite(a) || !Number.isFinite(b))
      throw new Error(`${file}:${n + 2}: expected two numbers, got '${line}'`);
    return { id: cells[col("id")]!, a, b };
  });
  if (rows.length < ids.length) throw new Error(`${file}: ${rows.length} rows for ${ids.length} nodes`);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const matched = ids.every((id) => byId.has(id));
  const picked = ids.map((id, i) => (matched ? byId.get(id)! : rows[i]!));
  if (!geo) return picked.map((r) => ({ x: r.a, y: r.b }));
  const lat0 = rows[0]!.a;
  const lon0 = rows[0]!.b;
  const k = Math.cos((lat0 * Math.PI) / 180);
  const rad = Math.PI / 180;
  return picked.map((r) => ({ x: (r.b - lon0) * rad * k * EARTH_RADIUS, y: (r.a - lat0) * rad * EARTH_RADIUS }));
}
