import type { Notification, NotifyContext } from "../../actors/notify/index.js";
import { recipientKeys } from "../../actors/notify/index.js";
import { createRng } from "../../runtime/rng.js";
import type { World } from "../world.js";

/** A notification the workload made, and what it was meant to be. */
export interface Sent {
  readonly n: Notification;
  readonly wallet: string | undefined;
  /** `honest`, or the spam kind. */
  readonly kind: string;
  /** Work at the base difficulty or above (a replica would take it). */
  readonly valid: boolean;
  readonly at: number;
  readonly body?: { readonly txHash: string; readonly amountRaw: string };
}

/** A wallet's fetch (`notifyFetch`), its answer once it came, and the expiry check made with it. */
export interface Fetched {
  readonly at: number;
  readonly node: string;
  readonly ref: string;
  readonly wallet: string;
  readonly since: number;
  notifications?: Notification[];
  doneAt?: number;
  /** Honest notifications to the wallet expired (past a sweep) by then, and how many a live relay still held. */
  readonly expiredSent: number;
  readonly heldExpired: number;
}

/** What the run showed about notifications: fed by the log, read by expectations and the report. */
export interface NotifyTracker {
  readonly sent: Map<string, Sent>;
  /** The first verdict per hash and entry relay, in log order. */
  readonly verdicts: { at: number; node: string; hash?: string; ok: boolean; reason?: string; level: number }[];
  /** hash → (node → time first stored). */
  readonly stored: Map<string, Map<string, number>>;
  /** hash of a replayed notification → the time of its first replay. */
  readonly replays: Map<string, number>;
  /** Copies stored via `entry`/`store` after the hash was replayed. */
  replayCopies: number;
  readonly fetches: Fetched[];
  /** Highest count held for one recipient on one node, sampled. */
  maxHeld: number;
  repaired: number;
  readonly wallets: Map<string, { secretKey: Uint8Array; publicKey: string }>;
}

const trackers = new WeakMap<World, NotifyTracker>();

/** The run's tracker, subscribed to the log on first use (before the run starts). */
export function trackerOf(world: World): NotifyTracker {
  let t = trackers.get(world);
  if (t) return t;
  t = {
    sent: new Map(),
    verdicts: [],
    stored: new Map(),
    replays: new Map(),
    replayCopies: 0,
    fetches: [],
    maxHeld: 0,
    repaired: 0,
    wallets: new Map(),
  };
  const tr = t;
  trackers.set(world, tr);
  world.log.entries$.subscribe((e) => {
    if (!e.type.startsWith("notify.")) return;
    const d = e.data as Record<string, unknown>;
    switch (e.type) {
      case "notify.accepted":
      case "notify.refused":
        tr.verdicts.push({
          at: e.at,
          node: e.node,
          ...(typeof d.hash === "string" ? { hash: d.hash } : {}),
          ok: e.type === "notify.accepted",
          ...(typeof d.reason === "string" ? { reason: d.reason } : {}),
          level: typeof d.level === "number" ? d.level : 0,
        });
        return;
      case "notify.stored": {
        const hash = d.hash as string;
        let m = tr.stored.get(hash);
        if (!m) tr.stored.set(hash, (m = new Map()));
        if (!m.has(e.node)) m.set(e.node, e.at);
        if (tr.replays.has(hash) && d.via !== "sync") tr.replayCopies++;
        return;
      }
      case "notify.fetched": {
        const f = tr.fetches.find((x) => x.ref === d.ref);
        if (f) {
          f.notifications = d.notifications as Notification[];
          f.doneAt = e.at;
        }
        return;
      }
      case "notify.repaired":
        tr.repaired += d.count as number;
        return;
    }
  });
  return tr;
}

/** A wallet's X25519 keys, derived from the run's seed and the wallet's name. */
export function walletOf(world: World, name: string): { secretKey: Uint8Array; publicKey: string } {
  const t = trackerOf(world);
  let w = t.wallets.get(name);
  if (!w) {
    const rng = createRng(`${world.seed}/notify-wallet/${name}`);
    t.wallets.set(name, (w = recipientKeys(Uint8Array.from({ length: 32 }, () => rng.int(256)))));
  }
  return w;
}

/** A live relay's notify state, or undefined when it is down or runs no relay. */
export function relayState(world: World, id: string): NotifyContext["notify"] | undefined {
  const snap = world.node(id)?.host.snapshot("notify");
  const ctx = snap?.context as unknown as NotifyContext | undefined;
  return ctx && "notify" in ctx ? ctx.notify : undefined;
}
