import { Subject, type Observable } from "rxjs";
import { createHash, type Hash } from "node:crypto";
import type { Millis } from "./clock.js";

/**
 * One entry of the event log. Every input to every actor (message, timer, command,
 * fault) is appended before it is delivered; every output (send, timer set) after.
 * `type` is namespaced by actor: `gossip.in`, `gossip.send`, `membership.timer.set`,
 * `node.crash`, `fault.partition`.
 */
export interface LogEntry {
  readonly seq: number;
  readonly at: Millis;
  readonly node: string;
  readonly actor: string;
  readonly type: string;
  readonly data: unknown;
}

/** What callers supply; the log assigns `seq`. */
export type LogInput = Omit<LogEntry, "seq">;

/** Receives each entry's NDJSON line (without the newline), e.g. a trace file. */
export type LineSink = (line: string) => void;

/**
 * The append-only log of a run or of a production node. The fingerprint is the
 * sha256 of the NDJSON serialization of every entry so far, so it equals
 * `sha256sum trace.ndjson` of the same run.
 */
export interface EventLog {
  append(entry: LogInput): LogEntry;
  /** Live entries for subscribers (visualizer, expectations, progress). */
  readonly entries$: Observable<LogEntry>;
  /** Number of entries appended. */
  readonly size: number;
  /** Hex sha256 over all entries so far; does not end the log. */
  fingerprint(): string;
  /** Adds a sink that receives every later line. */
  addLineSink(sink: LineSink): void;
}

/** Serializes one entry exactly as it appears in a trace file and in the fingerprint. */
export function entryLine(e: LogEntry): string {
  return JSON.stringify(e);
}

/** Options for {@link createEventLog}. */
export interface EventLogOptions {
  /** Start numbering at this seq (a production node resuming its log). @default 1 */
  readonly firstSeq?: number;
}

/**
 * In-memory event log: nothing is retained except the fingerprint state; subscribers
 * and line sinks decide what to keep. Lines are hashed in 64 KiB chunks because one
 * `hash.update` per entry costs more than the serialization.
 */
export function createEventLog(options: EventLogOptions = {}): EventLog {
  const subject = new Subject<LogEntry>();
  const sinks: LineSink[] = [];
  const hash: Hash = createHash("sha256");
  let pending: string[] = [];
  let pendingChars = 0;
  let seq = options.firstSeq ?? 1;
  let size = 0;
  const flush = (): void => {
    if (pending.length === 0) return;
    hash.update(pending.join(""));
    pending = [];
    pendingChars = 0;
  };
  return {
    entries$: subject.asObservable(),
    get size() {
      return size;
    },
    append(input) {
      const entry: LogEntry = {
        seq: seq++,
        at: input.at,
        node: input.node,
        actor: input.actor,
        type: input.type,
        data: input.data,
      };
      size++;
      const line = entryLine(entry);
      pending.push(line, "\n");
      pendingChars += line.length + 1;
      if (pendingChars > 65536) flush();
      for (const sink of sinks) sink(line);
      subject.next(entry);
      return entry;
    },
    fingerprint() {
      flush();
      // Hash.copy keeps the rolling state so the log can go on after a fingerprint.
      return hash.copy().digest("hex");
    },
    addLineSink(sink) {
      sinks.push(sink);
    },
  };
}
