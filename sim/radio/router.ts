import type { Driver, Envelope } from "../../runtime/driver.js";
import type { SimTransport, SimUplink } from "../network/sim-driver.js";

/** One non-IP medium of a node, with who it heard lately. */
export interface LinkMedium {
  readonly kind: "lora" | "ble" | "wifiDirect";
  readonly driver: Driver & { readonly heard: ReadonlyMap<string, { readonly at: number }> };
}

/** Messages per path the router chose. */
export interface RouterStats {
  ip: number;
  lora: number;
  ble: number;
  wifiDirect: number;
  /** No IP path and no radio: dropped. */
  unroutable: number;
}

/** What the router asks the world. */
export interface RouterWorld {
  now(): number;
  /** This node has IP connectivity now. */
  ipUp(): boolean;
  /** The IP network would carry a message from this node to `to` now (both up, no partition between). */
  ipReaches(to: string): boolean;
}

/**
 * One node's media under one driver: actors see a single driver; the router sends over
 * IP when the destination is reachable there, otherwise over the fastest short-range
 * medium that heard the destination within `neighbourTtl`, otherwise over LoRa.
 * Broadcasts (discovery hellos: the radio beacon) go out on every medium.
 */
export class MediaRouter implements SimUplink {
  constructor(
    private readonly ip: SimTransport | undefined,
    private readonly media: readonly LinkMedium[],
    private readonly world: RouterWorld,
    private readonly stats: RouterStats,
    /** How long a neighbour heard on a short-range medium counts as reachable there, ms. @default 300_000 */
    private readonly neighbourTtl = 300_000,
  ) {}

  send(env: Envelope): void {
    if (this.ip && this.world.ipReaches(env.to)) {
      this.stats.ip++;
      return this.ip.send(env);
    }
    const now = this.world.now();
    // Short-range media first, fastest first (the list is ordered that way), when the peer was heard there lately.
    for (const m of this.media) {
      if (m.kind === "lora") continue;
      const h = m.driver.heard.get(env.to);
      if (h && now - h.at <= this.neighbourTtl) {
        this.stats[m.kind]++;
        return m.driver.send(env);
      }
    }
    const lora = this.media.find((m) => m.kind === "lora");
    if (lora) {
      this.stats.lora++;
      return lora.driver.send(env);
    }
    const any = this.media[0];
    if (any) {
      this.stats[any.kind]++;
      return any.driver.send(env);
    }
    this.stats.unroutable++;
  }

  broadcast(env: Omit<Envelope, "to">): void {
    if (this.ip && this.world.ipUp()) this.ip.broadcast(env);
    for (const m of this.media) m.driver.broadcast?.(env);
  }

  start(): void {
    for (const m of this.media) void m.driver.start();
  }

  stop(): void {
    for (const m of this.media) void m.driver.stop();
  }

  ipUp(): boolean {
    return this.ip !== undefined && this.world.ipUp();
  }
}
