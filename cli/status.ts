import { openNodeStore, StoreOpenError } from "../drivers/store/index.js";
import { readStatusFile, type NodeStatus } from "./node-status.js";

/** What `meshtwin status` found: the live status of a running node, or what its data dir holds. */
export interface StatusReport {
  readonly running: boolean;
  /** Live status (running node) or the last status the node wrote before it stopped. */
  readonly status: NodeStatus | undefined;
  /** Counts read from the store; absent while a running node holds the database. */
  readonly stored?: {
    readonly logEntries: number;
    readonly cachedPeers: number;
    readonly records: number;
    readonly actors: readonly string[];
  };
}

const alive = (pid: number | undefined): boolean => {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Reads a node's status: over its loopback endpoint when it runs, from its data dir when not. */
export async function nodeStatusReport(dataDir: string): Promise<StatusReport> {
  const last = readStatusFile(dataDir);
  if (last?.statusUrl && last.running !== false && alive(last.pid)) {
    try {
      const res = await fetch(`${last.statusUrl}/status`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return { running: true, status: (await res.json()) as NodeStatus };
    } catch {
      // Not answering: fall through to the data dir (the node may be shutting down).
    }
  }
  // Never create anything: a missing dir is an error, not a new empty database.
  const store = await openNodeStore(dataDir, { log: false, create: false });
  try {
    return {
      running: false,
      status: last,
      stored: {
        logEntries: await store.lastSeq(),
        cachedPeers: store.peers.size,
        records: store.records.size,
        actors: [...store.actors.keys()],
      },
    };
  } finally {
    await store.close();
  }
}

/** Human-readable lines of a report. */
export function formatStatus(r: StatusReport): string[] {
  const s = r.status;
  const lines = [`${r.running ? "running" : "stopped"}${s ? ` node ${s.id} (${s.name})` : ""}`];
  if (s) {
    lines.push(`  mode: ${JSON.stringify(s.mode ?? "-")}`);
    // A stopped node is connected to nobody; its status file only says whom it knew.
    lines.push(
      r.running
        ? `  peers: ${s.connectedPeers.length} connected, ${s.cachedPeers} cached`
        : `  peers: none connected (stopped), ${s.cachedPeers} cached`,
    );
    for (const a of s.addresses) lines.push(`  listen: ${a}`);
    for (const [name, a] of Object.entries(s.actors))
      lines.push(`  ${name}: state ${JSON.stringify(a.state)} ${JSON.stringify(a.summary)}`);
    if (s.gossipIds) lines.push(`  gossip messages: ${s.gossipIds.length}`);
    if (s.dht)
      lines.push(
        `  dht: ${s.dht.contacts} contacts, ${s.dht.records} records, ${s.dht.providers} provider keys, ${s.dht.provided} provided`,
      );
    lines.push(`  stored records: ${s.storedRecords}`);
    lines.push(
      `  driver: sent ${s.driver.sent}, delivered ${s.driver.delivered}, malformed ${s.driver.malformed}, dropped ${s.driver.dropped}`,
    );
  }
  if (r.stored) {
    const st = r.stored;
    lines.push(
      `  data dir: ${st.logEntries} log entries, ${st.cachedPeers} cached peers, ${st.records} records, snapshots of ${st.actors.join(", ") || "none"}`,
    );
  }
  return lines;
}

/**
 * `meshtwin status --data-dir DIR [--json]`; exit code 0. A dir that holds no node, is
 * locked by another process or is damaged throws a StoreOpenError (one line, exit 2).
 */
export async function statusCommand(
  dataDir: string,
  opts: { json?: boolean } = {},
  out = (l: string) => process.stdout.write(l + "\n"),
): Promise<number> {
  const r = await nodeStatusReport(dataDir);
  if (!r.status && !r.stored?.logEntries) throw new StoreOpenError(dataDir, "missing");
  if (opts.json) out(JSON.stringify(r, null, 2));
  else for (const l of formatStatus(r)) out(l);
  return 0;
}
