import cliProgress from "cli-progress";
import type { EngineProgress } from "../sim/engine.js";
import { fmtTime } from "../sim/expect/result.js";
import { progressOn } from "./output.js";

/**
 * Progress of a simulation on stderr: simulated time, events and events/s. A bar on a
 * terminal; on a pipe (CI) one line per 10 % so logs stay short.
 */
export function progressReporter(label: string): { update(p: EngineProgress): void; stop(): void } {
  const started = performance.now();
  const tty = progressOn(process.stderr);
  const bar = tty
    ? new cliProgress.SingleBar(
        {
          stream: process.stderr,
          format: `${label} {bar} {percentage}% | sim {sim}/{total} | {events} events | {rate} events/s`,
          hideCursor: true,
          clearOnComplete: true,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  let started_ = false;
  let lastTenth = -1;
  return {
    update(p) {
      const secs = (performance.now() - started) / 1000;
      const payload = {
        sim: fmtTime(p.now),
        total: fmtTime(p.until),
        events: p.processed.toLocaleString("en-US"),
        rate: Math.round(p.processed / Math.max(secs, 1e-3)).toLocaleString("en-US"),
      };
      if (bar) {
        if (!started_) bar.start(p.until, 0, payload);
        started_ = true;
        bar.update(p.now, payload);
      } else {
        const tenth = Math.floor((p.now / p.until) * 10);
        if (tenth > lastTenth) {
          lastTenth = tenth;
          process.stderr.write(
            `${label} ${tenth * 10}% sim ${payload.sim}/${payload.total} ${payload.events} events ${payload.rate} events/s\n`,
          );
        }
      }
    },
    stop() {
      bar?.stop();
    },
  };
}
