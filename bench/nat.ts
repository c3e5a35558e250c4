import { natReportOf } from "../sim/nat/install.js";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FullReport } from "../cli/run.js";

const pct = (x: number, n: number): string => (n ? `${((x / n) * 100).toFixed(1)}%` : "n/a");

/**
 * The NAT scenarios at 1,000 nodes (`scenarios/cgnat.yaml`: 30% PUBLIC, 30% cone NATs,
 * 40% symmetric; `cgnat-churn.yaml`: PUBLIC nodes churning), each in its own process
 * (`meshtwin run --no-trace`): shares of sampled pairs by path, relay load per relay
 * (reservations against the cap, messages forwarded), NAT drops and wall time.
 */
export function benchNat(
  files = ["scenarios/cgnat.yaml", "scenarios/cgnat-churn.yaml"],
): Record<string, string | number>[] {
  const dir = mkdtempSync(join(tmpdir(), "meshtwin-bench-nat-"));
  return files.map((file, i) => {
    const out = join(dir, `out-${i}`);
    let exit = 0;
    try {
      execFileSync(process.execPath, ["cli/bin.js", "run", file, "--no-trace", "--out", out], {
        stdio: ["ignore", "ignore", "inherit"],
      });
    } catch (err) {
      exit = (err as { status?: number }).status ?? 1;
    }
    const r = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as FullReport;
    const c = natReportOf(r)?.connectivity;
    const relays = natReportOf(r)?.relays ?? [];
    const peaks = relays.map((l) => l.peak).sort((a, b) => a - b);
    const fw = relays.map((l) => l.forwarded).sort((a, b) => a - b);
    const n = c?.pairs ?? 0;
    return {
      scenario: r.scenario,
      nodes: r.nodes,
      expectations: `${r.expectations.filter((e) => e.ok).length}/${r.expectations.length} hold${exit ? " (FAILED)" : ""}`,
      pairs: n,
      direct: pct(c?.direct ?? 0, n),
      punched: pct(c?.punched ?? 0, n),
      relayed: pct(c?.relayed ?? 0, n),
      unreachable: pct(c?.unreachable ?? 0, n),
      relays: relays.length,
      "reservations peak max/median (cap)": `${peaks.at(-1) ?? 0}/${peaks[peaks.length >> 1] ?? 0} (${[...new Set(relays.map((l) => l.slots))].join("/")})`,
      "forwarded max/median": `${fw.at(-1) ?? 0}/${fw[fw.length >> 1] ?? 0}`,
      "NAT filtered": natReportOf(r)?.drops.filtered ?? 0,
      "wall s": Math.round(r.measured.wallMs / 100) / 10,
      events: r.events,
    };
  });
}
