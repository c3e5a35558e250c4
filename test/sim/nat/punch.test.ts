import { natReportOf } from "../../../sim/nat/install.js";
import { describe, expect, it } from "vitest";
import type { LogEntry } from "../../../runtime/event-log.js";
import { parseScenario } from "../../../sim/scenario/load.js";
import { runScenario } from "../../../sim/run.js";

const actors = "{ reachability: { servers: [public] }, relay: { servers: [public] }, holepunch: {} }";

/** Two nodes behind NATs of `type` each, six PUBLIC relays; a sends b a message, then another 10 s later. */
function pair(type: string) {
  const paths: LogEntry[] = [];
  const { report } = runScenario(
    parseScenario(
      `
duration: 45s
nodes:
  - { group: public, count: 6, protocols: ${actors} }
  - { group: a, count: 1, nat: ${type}, protocols: ${actors} }
  - { group: b, count: 1, nat: ${type}, protocols: ${actors} }
expect:
  - connectivity: { pairs: 1, start: 10s, stop: 10s, from: a, to: b, success: 1 }
`,
      `punch-${type}.yaml`,
    ),
    {
      beforeRun: (w) =>
        w.log.entries$.subscribe((e) => e.type === "holepunch.path" && e.node === "a-0" && paths.push(e)),
    },
  );
  return { report, paths: paths.map((e) => (e.data as { path: string }).path) };
}

describe("hole punching in the simulated network", () => {
  it("full cones: dial-backs get in, so they count as public and are dialled directly", () => {
    const { report, paths } = pair("full-cone");
    expect(paths).toEqual(["direct"]);
    expect(natReportOf(report)!.connectivity).toMatchObject({ pairs: 1, direct: 1 });
  });

  it.each(["restricted", "port-restricted"])(
    "both behind %s NATs: relayed first, then upgraded by a punch; the follow-up goes direct",
    (type) => {
      const { report, paths } = pair(type);
      expect(paths).toEqual(["relayed", "punched"]);
      expect(natReportOf(report)!.connectivity).toMatchObject({ pairs: 1, punched: 1 });
    },
  );

  it("both behind symmetric NATs: every punch fails (with retries), the pair stays relayed and still talks", () => {
    const { report, paths } = pair("symmetric");
    expect(new Set(paths)).toEqual(new Set(["relayed"]));
    expect(natReportOf(report)!.connectivity).toMatchObject({ pairs: 1, relayed: 1 });
    expect(natReportOf(report)!.drops.noMapping + natReportOf(report)!.drops.filtered).toBeGreaterThan(0);
  });
});
