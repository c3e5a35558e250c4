import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseDocument } from "yaml";

/**
 * The partition-heal scenario at 1,000 and 10,000 nodes, each run in its own process
 * (`meshtwin run --no-trace`) so that peak RSS is that run's alone.
 */
export function benchPartitionHeal(scales = [1, 10]): Record<string, string | number>[] {
  const dir = mkdtempSync(join(tmpdir(), "meshtwin-bench-"));
  return scales.map((scale) => {
    const doc = parseDocument(readFileSync("scenarios/partition-heal.yaml", "utf8"));
    const groups = doc.get("nodes") as { items: { get(k: string): number; set(k: string, v: unknown): void }[] };
    for (const g of groups.items) g.set("count", g.get("count") * scale);
    doc.set("name", `partition-heal-x${scale}`);
    const file = join(dir, `partition-heal-x${scale}.yaml`);
    writeFileSync(file, doc.toString());
    const out = join(dir, `out-${scale}`);
    let exit = 0;
    try {
      execFileSync(
        process.execPath,
        ["--max-semi-space-size=64", "cli/bin.js", "run", file, "--no-trace", "--out", out],
        {
          stdio: ["ignore", "ignore", "inherit"],
        },
      );
    } catch (err) {
      exit = (err as { status?: number }).status ?? 1;
    }
    const r = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    return {
      nodes: r.nodes,
      expectations: `${r.expectations.filter((e: { ok: boolean }) => e.ok).length}/${r.expectations.length} hold${exit ? " (FAILED)" : ""}`,
      "wall s": Math.round(r.measured.wallMs / 100) / 10,
      "sim/wall": r.measured.simulatedPerWall,
      events: r.events,
      "events/s": r.measured.eventsPerSecond,
      "peak RSS MiB": r.measured.peakRssMiB,
    };
  });
}
