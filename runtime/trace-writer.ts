import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import type { EventLog } from "./event-log.js";

/** An NDJSON trace file fed by an event log; after `close()` every line is on disk. */
export interface TraceWriter {
  readonly path: string;
  close(): void;
}

/**
 * Writes every later entry of `log` to `path` as one JSON object per line. Writes are
 * synchronous, in ~256 KiB batches: the simulator runs without yielding to the event
 * loop, so an async stream would hold the whole trace in memory.
 */
export function writeTrace(log: EventLog, path: string): TraceWriter {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, "w");
  let batch: string[] = [];
  let chars = 0;
  let open = true;
  const flush = (): void => {
    if (batch.length === 0) return;
    writeSync(fd, batch.join(""));
    batch = [];
    chars = 0;
  };
  log.addLineSink((line) => {
    if (!open) return;
    batch.push(line, "\n");
    chars += line.length + 1;
    if (chars > 262144) flush();
  });
  return {
    path,
    close() {
      if (!open) return;
      flush();
      open = false;
      closeSync(fd);
    },
  };
}
