import type { Observable } from "rxjs";
import { createEventLog, type EventLog, type LogEntry, type LogInput, type LineSink } from "../../runtime/event-log.js";
import type { GroupCommit, Sub } from "./group-commit.js";

/** An EventLog whose entries are also written to level; `flush()` is the durability barrier. */
export interface DurableEventLog extends EventLog {
  /** Resolves when every entry appended so far is on disk. */
  flush(): Promise<void>;
  /** Seq of the first entry of this incarnation (1 for a fresh node, last + 1 on restart). */
  readonly firstSeq: number;
}

/** Fixed-width decimal keys, so LevelDB's byte order is seq order. */
export const seqKey = (seq: number): string => seq.toString().padStart(16, "0");

const SEQ_PREFIX = /^\{"seq":(\d+),/;

/** Highest seq stored in a log sublevel, 0 when empty. */
export async function lastSeq(sub: Sub): Promise<number> {
  for await (const key of sub.keys({ reverse: true, limit: 1 })) return Number(key);
  return 0;
}

/**
 * The node's event log, continuing the numbering of what is already on disk. Each entry
 * is stored as its exact NDJSON line (the trace format), keyed by seq, so a node's log
 * can be exported as a trace file byte for byte. The fingerprint covers this incarnation.
 */
export async function openDurableEventLog(sub: Sub, writer: GroupCommit): Promise<DurableEventLog> {
  const firstSeq = (await lastSeq(sub)) + 1;
  const log = createEventLog({ firstSeq });
  log.addLineSink((line) => {
    // The line sink sees only the line; entryLine puts seq first, so the key is read back from it.
    const m = SEQ_PREFIX.exec(line);
    if (!m) throw new Error(`event log line does not start with its seq: ${line.slice(0, 40)}`);
    writer.enqueue({ type: "put", sub, key: seqKey(Number(m[1])), value: line });
  });
  return {
    firstSeq,
    get entries$(): Observable<LogEntry> {
      return log.entries$;
    },
    get size() {
      return log.size;
    },
    append: (entry: LogInput) => log.append(entry),
    fingerprint: () => log.fingerprint(),
    addLineSink: (sink: LineSink) => log.addLineSink(sink),
    flush: () => writer.flush(),
  };
}

/** Options of {@link readLogEntries}. */
export interface ReadLogOptions {
  /** First seq to read. @default 1 */
  readonly from?: number;
  /** Last seq to read (inclusive). @default no limit */
  readonly to?: number;
}

/** The stored NDJSON lines in seq order (a trace file's content). */
export async function* readLogLines(sub: Sub, options: ReadLogOptions = {}): AsyncGenerator<string> {
  const range: { gte: string; lte?: string } = { gte: seqKey(options.from ?? 1) };
  if (options.to !== undefined) range.lte = seqKey(options.to);
  for await (const value of sub.values(range)) yield value;
}

/** The stored entries in seq order. */
export async function* readLogEntries(sub: Sub, options: ReadLogOptions = {}): AsyncGenerator<LogEntry> {
  for await (const line of readLogLines(sub, options)) yield JSON.parse(line) as LogEntry;
}
