import type { ActorEvent } from "../runtime/actor.js";
import { NodeHost } from "../runtime/actor-host.js";
import type { Clock, TimerHandle } from "../runtime/clock.js";
import type { Driver, NodeId, ReceiveHandler, WireMessage } from "../runtime/driver.js";
import { createEventLog, type LogEntry } from "../runtime/event-log.js";
import { createRng } from "../runtime/rng.js";
import { openNodeStore, StoreOpenError } from "../drivers/store/index.js";
import { buildDefinitions, type NodeStartRecord } from "./node-runtime.js";

/** The first entry where the replay and the recording part ways. */
export interface ReplayMismatch {
  /** Seq of the recorded entry that was expected (undefined: the replay produced an extra one). */
  readonly seq: number | undefined;
  readonly expected: Pick<LogEntry, "actor" | "type" | "data"> | undefined;
  readonly actual: Pick<LogEntry, "actor" | "type" | "data"> | undefined;
  readonly reason: string;
}

/** What a replay found. */
export interface ReplayResult {
  readonly node: NodeId | undefined;
  readonly incarnations: number;
  /** Recorded inputs re-executed (network frames, timers, tells, commands). */
  readonly inputs: number;
  /** Recorded actor entries (inputs and outputs) reproduced exactly. */
  readonly matched: number;
  readonly mismatch: ReplayMismatch | undefined;
  readonly seconds: number;
}

/**
 * A virtual clock that never fires on its own. Timers are numbered 1, 2, … in the order
 * the host sets them, exactly as `markedClock` numbered them in production; the
 * recording's `node.timer {k}` marker says when timer k fired, and the replay fires it then.
 */
class ReplayClock implements Clock {
  current = 0;
  private readonly pending = new Map<number, () => void>();
  private next = 1;
  now = () => this.current;
  setTimer(_ms: number, fire: () => void): TimerHandle {
    const id = this.next++;
    this.pending.set(id, fire);
    return { id };
  }
  cancel(h: TimerHandle): void {
    this.pending.delete(h.id);
  }
  /** Fires timer k; false if it was never set or was cancelled. */
  fire(k: number): boolean {
    const f = this.pending.get(k);
    if (!f) return false;
    this.pending.delete(k);
    f();
    return true;
  }
}

const view = (e: Pick<LogEntry, "actor" | "type" | "data">) => ({ actor: e.actor, type: e.type, data: e.data });
const same = (a: Pick<LogEntry, "actor" | "type" | "data">, b: Pick<LogEntry, "actor" | "type" | "data">) =>
  a.actor === b.actor && a.type === b.type && JSON.stringify(a.data) === JSON.stringify(b.data);

/** Replays one incarnation (the entries after one `node.start`); returns counts and the first mismatch. */
function replayIncarnation(start: NodeStartRecord, entries: readonly LogEntry[]) {
  const clock = new ReplayClock();
  const log = createEventLog();
  let receive: ReceiveHandler = () => {};
  const driver: Driver = {
    capabilities: { mtu: Number.MAX_SAFE_INTEGER, broadcast: true, cost: 1 },
    start() {},
    stop() {},
    send() {},
    broadcast() {},
    onReceive: (h) => (receive = h),
  };
  let cursor = 0;
  let matched = 0;
  let inputs = 0;
  let commandFor: string | undefined;
  let mismatch: ReplayMismatch | undefined;
  // Runner entries that are neither inputs nor outputs of the actors.
  const passive = (e: LogEntry) => e.actor === "node" && e.type !== "node.timer" && e.type !== "node.command";
  log.entries$.subscribe((actual) => {
    if (mismatch) return;
    while (cursor < entries.length && passive(entries[cursor]!)) cursor++;
    const expected = entries[cursor];
    if (!expected || expected.actor === "node") {
      mismatch = {
        seq: expected?.seq,
        expected: expected && view(expected),
        actual: view(actual),
        reason: "the replay produced an extra entry",
      };
    } else if (!same(expected, actual)) {
      mismatch = { seq: expected.seq, expected: view(expected), actual: view(actual), reason: "entries differ" };
    } else {
      cursor++;
      matched++;
      clock.current = expected.at;
    }
  });
  const defs = buildDefinitions(start).map((b) => b.def);
  const disk = new Map(Object.entries(start.restored));
  const host = new NodeHost(
    { id: start.id, segment: start.segment, driver, clock, log, rng: createRng(start.seed), disk },
    defs,
  );
  clock.current = entries[0]?.at ?? 0;
  host.start(true);
  while (!mismatch && cursor < entries.length) {
    const e = entries[cursor]!;
    const before = cursor;
    clock.current = e.at;
    if (e.actor === "node") {
      cursor++;
      if (e.type === "node.command") commandFor = (e.data as { actor: string }).actor;
      if (e.type !== "node.timer") continue;
      inputs++;
      const k = (e.data as { k: number }).k;
      if (!clock.fire(k))
        mismatch = { seq: e.seq, expected: view(e), actual: undefined, reason: `timer ${k} was not pending` };
      continue;
    }
    if (e.type !== `${e.actor}.in`) {
      mismatch = { seq: e.seq, expected: view(e), actual: undefined, reason: "the replay did not produce this output" };
      break;
    }
    inputs++;
    const data = e.data as ActorEvent & { from?: NodeId };
    if (typeof data.from === "string") {
      const { from, ...payload } = data;
      receive({ from, to: start.id, protocol: e.actor, payload });
    } else if (data.type === "send.failed" && typeof data.to === "string") {
      // A request the driver could not send: fed back the way the driver reported it.
      host.undeliverable({ from: start.id, to: data.to, protocol: e.actor, payload: data.msg as WireMessage });
    } else if (commandFor === e.actor) {
      commandFor = undefined;
      host.command(e.actor, data);
    } else {
      mismatch = { seq: e.seq, expected: view(e), actual: undefined, reason: "an input with no recorded cause" };
    }
    if (!mismatch && cursor === before)
      mismatch = { seq: e.seq, expected: view(e), actual: undefined, reason: "the input was not delivered" };
  }
  host.stop();
  return { matched, inputs, mismatch };
}

/**
 * Re-executes a production node's recorded inputs (from its `--data-dir`) under a virtual
 * clock, incarnation by incarnation, and checks that every recorded actor entry (inputs,
 * sends, timers, observations) is reproduced in order. Stops at the first difference.
 */
export async function replayNodeLog(dataDir: string): Promise<ReplayResult> {
  // Never create anything: a missing dir is an error, not a new empty database.
  const store = await openNodeStore(dataDir, { log: false, create: false });
  const all: LogEntry[] = [];
  try {
    for await (const e of store.entries()) all.push(e);
  } catch (err) {
    throw new StoreOpenError(dataDir, "damaged", `its log cannot be read: ${(err as Error).message.split("\n")[0]}`);
  } finally {
    await store.close();
  }
  const t0 = process.hrtime.bigint();
  let node: NodeId | undefined;
  let incarnations = 0;
  let inputs = 0;
  let matched = 0;
  let mismatch: ReplayMismatch | undefined;
  for (let i = 0; i < all.length && !mismatch;) {
    const e = all[i]!;
    if (e.type !== "node.start") {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < all.length && all[end]!.type !== "node.start") end++;
    const start = e.data as NodeStartRecord;
    node = start.id;
    incarnations++;
    const r = replayIncarnation(start, all.slice(i + 1, end));
    inputs += r.inputs;
    matched += r.matched;
    mismatch = r.mismatch;
    i = end;
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { node, incarnations, inputs, matched, mismatch, seconds };
}

/** `meshtwin replay --node-log DIR`: prints the outcome; exit code 0 when every entry was reproduced. */
export async function replayCommand(
  dataDir: string,
  out = (l: string) => process.stdout.write(l + "\n"),
): Promise<number> {
  const r = await replayNodeLog(dataDir);
  if (r.incarnations === 0) throw new StoreOpenError(dataDir, "missing", "its log has no node.start entry");
  const rate = r.seconds > 0 ? Math.round(r.matched / r.seconds) : r.matched;
  out(
    `node ${r.node}: ${r.incarnations} run(s), ${r.inputs} inputs re-executed, ${r.matched} entries reproduced (${rate}/s)`,
  );
  if (!r.mismatch) {
    out("replay reproduces the recorded log");
    return 0;
  }
  const m = r.mismatch;
  out(`first mismatch at seq ${m.seq ?? "(after the end)"}: ${m.reason}`);
  out(`  expected: ${m.expected ? JSON.stringify(m.expected) : "(nothing)"}`);
  out(`  actual:   ${m.actual ? JSON.stringify(m.actual) : "(nothing)"}`);
  return 1;
}
