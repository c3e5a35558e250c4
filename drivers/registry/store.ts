import Database from "better-sqlite3";
import type {
  RegistryChange,
  RegistrySnapshot,
  NodeRecord,
  NodeStatus,
  SovereignKey,
} from "../../actors/registry/index.js";

/**
 * The seed's tables, so operators can inspect a registry with `sqlite3 mesh.db`:
 * nodes, services (one row per announced service), heartbeats (history, bounded by
 * retention) and sovereign_keys. Registration order is the nodes' rowid.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS nodes (
  id TEXT PRIMARY KEY,
  public_key TEXT NOT NULL,
  tailscale_hostname TEXT NOT NULL,
  tailscale_ip TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('pending', 'active', 'denied', 'offline')),
  registered_at INTEGER NOT NULL,
  last_heartbeat INTEGER,
  last_timestamp INTEGER
);
CREATE TABLE IF NOT EXISTS services (
  node_id TEXT NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  type TEXT NOT NULL,
  port INTEGER NOT NULL,
  public_key TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (node_id, position)
);
CREATE TABLE IF NOT EXISTS heartbeats (
  id INTEGER PRIMARY KEY,
  node_id TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  timestamp INTEGER NOT NULL,
  tailscale_ip TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS heartbeats_by_time ON heartbeats (received_at);
CREATE TABLE IF NOT EXISTS sovereign_keys (
  public_key TEXT PRIMARY KEY,
  description TEXT NOT NULL DEFAULT '',
  added_at INTEGER NOT NULL,
  added_by TEXT NOT NULL
);
`;

interface NodeRow {
  id: string;
  public_key: string;
  tailscale_hostname: string;
  tailscale_ip: string;
  status: NodeStatus;
  registered_at: number;
  last_heartbeat: number | null;
  last_timestamp: number | null;
}

/** The registry's durable copy. Every write is one transaction, fsync'ed (WAL, synchronous=FULL) before it returns. */
export class RegistryStore {
  private readonly db: Database.Database;
  private readonly servicesOf = new Map<string, string>();
  private readonly stmt;
  private closed = false;

  /** Opens (creating if needed) the database at `path`; `:memory:` for a throwaway one. */
  constructor(readonly path: string) {
    this.db = new Database(path);
    this.db.pragma("journal_mode = WAL");
    // FULL: a commit is on disk when it returns, so a reply sent after it survives SIGKILL and power loss.
    this.db.pragma("synchronous = FULL");
    this.db.pragma("foreign_keys = ON");
    this.db.exec(SCHEMA);
    this.stmt = {
      upsertNode: this.db.prepare(
        `INSERT INTO nodes (id, public_key, tailscale_hostname, tailscale_ip, status, registered_at, last_heartbeat, last_timestamp)
         VALUES (@id, @publicKey, @hostname, @ip, @status, @registeredAt, @lastSeen, @lastTimestamp)
         ON CONFLICT (id) DO UPDATE SET public_key = excluded.public_key, tailscale_hostname = excluded.tailscale_hostname,
           tailscale_ip = excluded.tailscale_ip, status = excluded.status, last_heartbeat = excluded.last_heartbeat,
           last_timestamp = excluded.last_timestamp`,
      ),
      deleteServices: this.db.prepare("DELETE FROM services WHERE node_id = ?"),
      insertService: this.db.prepare(
        "INSERT INTO services (node_id, position, type, port, public_key) VALUES (?, ?, ?, ?, ?)",
      ),
      insertHeartbeat: this.db.prepare(
        "INSERT INTO heartbeats (node_id, received_at, timestamp, tailscale_ip) VALUES (?, ?, ?, ?)",
      ),
      upsertSovereign: this.db.prepare(
        `INSERT INTO sovereign_keys (public_key, description, added_at, added_by) VALUES (?, ?, ?, ?)
         ON CONFLICT (public_key) DO NOTHING`,
      ),
      prune: this.db.prepare("DELETE FROM heartbeats WHERE received_at < ?"),
    };
  }

  /** Everything stored, as the registry actor restores it. */
  load(): RegistrySnapshot {
    const services = new Map<string, { type: string; port: number; publicKey: string }[]>();
    for (const s of this.db
      .prepare("SELECT node_id, type, port, public_key FROM services ORDER BY node_id, position")
      .all() as { node_id: string; type: string; port: number; public_key: string }[]) {
      const list = services.get(s.node_id) ?? [];
      list.push({ type: s.type, port: s.port, publicKey: s.public_key });
      services.set(s.node_id, list);
    }
    const nodes: NodeRecord[] = (this.db.prepare("SELECT * FROM nodes ORDER BY rowid").all() as NodeRow[]).map((r) => ({
      id: r.id,
      publicKey: r.public_key,
      hostname: r.tailscale_hostname,
      ip: r.tailscale_ip,
      status: r.status,
      services: services.get(r.id) ?? [],
      registeredAt: r.registered_at,
      lastSeen: r.last_heartbeat ?? undefined,
      lastTimestamp: r.last_timestamp ?? undefined,
    }));
    for (const n of nodes) this.servicesOf.set(n.id, JSON.stringify(n.services));
    const sovereigns = (
      this.db.prepare("SELECT * FROM sovereign_keys ORDER BY rowid").all() as {
        public_key: string;
        description: string;
        added_at: number;
        added_by: string;
      }[]
    ).map((k): SovereignKey => ({
      publicKey: k.public_key,
      description: k.description,
      addedAt: k.added_at,
      addedBy: k.added_by,
    }));
    return { nodes, sovereigns };
  }

  /** Writes `changes` in one transaction; durable when this returns. */
  apply(changes: readonly RegistryChange[]): void {
    if (changes.length === 0) return;
    this.db.transaction(() => {
      for (const c of changes) this.applyOne(c);
    })();
  }

  private applyOne(c: RegistryChange): void {
    if (c.kind === "heartbeat") {
      this.stmt.insertHeartbeat.run(c.nodeId, c.at, c.timestamp, c.ip);
    } else if (c.kind === "sovereign") {
      this.stmt.upsertSovereign.run(c.key.publicKey, c.key.description, c.key.addedAt, c.key.addedBy);
    } else {
      const n = c.node;
      this.stmt.upsertNode.run({ ...n, lastSeen: n.lastSeen ?? null, lastTimestamp: n.lastTimestamp ?? null });
      // Services change rarely; heartbeats rewrite the node row only.
      const services = JSON.stringify(n.services);
      if (this.servicesOf.get(n.id) === services) return;
      this.servicesOf.set(n.id, services);
      this.stmt.deleteServices.run(n.id);
      n.services.forEach((s, i) => this.stmt.insertService.run(n.id, i, s.type, s.port, s.publicKey));
    }
  }

  /** Deletes heartbeats received before `before` (ms); returns how many. */
  prune(before: number): number {
    return this.stmt.prune.run(before).changes;
  }

  /** Heartbeat rows stored (for status and tests). */
  heartbeatCount(): number {
    return (this.db.prepare("SELECT count(*) AS n FROM heartbeats").get() as { n: number }).n;
  }

  /** Runs `f` in one transaction (bulk loads in benchmarks). */
  transaction(f: () => void): void {
    this.db.transaction(f)();
  }

  /** Checkpoints the WAL into the main file and closes. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.pragma("wal_checkpoint(TRUNCATE)");
    this.db.close();
  }
}
