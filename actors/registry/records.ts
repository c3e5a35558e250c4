/** The states of a node record: register → pending → (sovereign) active | denied; silence → offline → active. */
export type NodeStatus = "pending" | "active" | "denied" | "offline";

/** Every status, in the order the API lists them. */
export const NODE_STATUSES: readonly NodeStatus[] = ["pending", "active", "denied", "offline"];

/** A service a node offers (as the seed's clients announce them). */
export interface ServiceEntry {
  readonly type: string;
  readonly port: number;
  readonly publicKey: string;
}

/** One node as the registry keeps it. Times are the registry clock's ms. */
export interface NodeRecord {
  readonly id: string;
  publicKey: string;
  hostname: string;
  ip: string;
  status: NodeStatus;
  services: ServiceEntry[];
  readonly registeredAt: number;
  /** Registry time of the last accepted heartbeat (or of approval, which starts the clock). */
  lastSeen: number | undefined;
  /** The node's own timestamp in its last accepted heartbeat: later ones must be newer (replay). */
  lastTimestamp: number | undefined;
}

/** A sovereign key: may approve and deny nodes and add sovereigns. */
export interface SovereignKey {
  readonly publicKey: string;
  readonly description: string;
  readonly addedAt: number;
  /** Who added it: the approving sovereign, `genesis` (configuration) or `first-request`. */
  readonly addedBy: string;
}

/** The whole registry; what the actor holds and persists and what the SQLite store mirrors. */
export interface RegistryState {
  /** In registration order. */
  readonly nodes: Map<string, NodeRecord>;
  readonly sovereigns: Map<string, SovereignKey>;
}

/** The seed's JSON shape of a node. */
export interface NodeView {
  readonly id: string;
  readonly public_key: string;
  readonly tailscale_hostname: string;
  readonly tailscale_ip: string;
  readonly status: NodeStatus;
  readonly services: readonly ServiceEntry[];
  readonly registered_at: number;
  readonly last_heartbeat: number | null;
}

/** A record as the API shows it. */
export const viewOf = (n: NodeRecord): NodeView => ({
  id: n.id,
  public_key: n.publicKey,
  tailscale_hostname: n.hostname,
  tailscale_ip: n.ip,
  status: n.status,
  services: n.services,
  registered_at: n.registeredAt,
  last_heartbeat: n.lastSeen ?? null,
});

/** An empty registry. */
export const emptyState = (): RegistryState => ({ nodes: new Map(), sovereigns: new Map() });

/** The JSON-able form of a state (persisted snapshots, the simulator's disk). */
export interface RegistrySnapshot {
  readonly nodes: readonly NodeRecord[];
  readonly sovereigns: readonly SovereignKey[];
}

export const snapshotOf = (s: RegistryState): RegistrySnapshot => ({
  nodes: [...s.nodes.values()].map((n) => ({ ...n, services: [...n.services] })),
  sovereigns: [...s.sovereigns.values()],
});

export const stateOf = (snap: RegistrySnapshot | undefined): RegistryState => ({
  nodes: new Map((snap?.nodes ?? []).map((n) => [n.id, { ...n, services: [...n.services] }])),
  sovereigns: new Map((snap?.sovereigns ?? []).map((k) => [k.publicKey, k])),
});
