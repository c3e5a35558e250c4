import type { Driver, DriverCapabilities, Envelope, ReceiveHandler } from "../../runtime/driver.js";
import type { Rng } from "../../runtime/rng.js";
import type { Engine } from "../engine.js";
import { decodeBody, encodeBody } from "./frame.js";

/** A short-range medium for the local tier: reach, rate and loss, no collisions. */
export interface ShortRangeProfile {
  /** Reach in metres. */
  readonly range: number;
  /** Goodput in bits per second. */
  readonly bitrate: number;
  /** Per-frame loss probability, [0, 1]. */
  readonly loss: number;
  /** Fixed delay per frame (connection interval, scheduling), ms. */
  readonly latency: number;
  /** Largest frame, bytes; larger messages go as several frames, lost if any is. */
  readonly mtu: number;
}

/**
 * Presets. BLE: 1M PHY with a 7.5 ms connection interval and a 244-byte data length
 * (Bluetooth 4.2+), about 30 m indoors. WiFi-Direct: a conservative 802.11n goodput,
 * about 100 m line of sight. Figures are typical, not a standard's limits.
 */
export const SHORT_RANGE_PRESETS: Readonly<Record<"ble" | "wifiDirect", ShortRangeProfile>> = {
  ble: { range: 30, bitrate: 700_000, loss: 0.01, latency: 7.5, mtu: 244 },
  wifiDirect: { range: 100, bitrate: 20_000_000, loss: 0.001, latency: 2, mtu: 1500 },
};

/** What one short-range medium carried. */
export interface ShortRangeStats {
  frames: number;
  bytes: number;
  airtimeMs: number;
  delivered: number;
  lost: number;
}

interface Member {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly driver: ShortRangeDriver;
}

/** One short-range medium (all BLE radios of a world, say). No clock of its own: deliveries are engine events. */
export class ShortRangeMedium {
  readonly stats: ShortRangeStats = { frames: 0, bytes: 0, airtimeMs: 0, delivered: 0, lost: 0 };
  private readonly members: Member[] = [];
  private readonly byId = new Map<string, Member>();

  constructor(
    readonly name: string,
    private readonly engine: Engine,
    private readonly rng: Rng,
    readonly profile: ShortRangeProfile,
  ) {}

  attach(id: string, x: number, y: number): ShortRangeDriver {
    const driver = new ShortRangeDriver(this, id);
    const m = { id, x, y, driver };
    this.members.push(m);
    this.byId.set(id, m);
    return driver;
  }

  /** Carries `bytes` from `from` to `to` (or every member in range when undefined). */
  carry(from: string, to: string | undefined, bytes: Uint8Array): void {
    const src = this.byId.get(from)!;
    const p = this.profile;
    const frames = Math.max(1, Math.ceil(bytes.length / p.mtu));
    const ms = p.latency * frames + (bytes.length * 8 * 1000) / p.bitrate;
    this.stats.frames += frames;
    this.stats.bytes += bytes.length;
    this.stats.airtimeMs += ms;
    const targets = to === undefined ? this.members : [this.byId.get(to)].filter((m) => m !== undefined);
    for (const dst of targets) {
      if (dst === src || Math.hypot(dst.x - src.x, dst.y - src.y) > p.range) continue;
      let lost = false;
      for (let f = 0; f < frames && !lost; f++) lost = p.loss > 0 && this.rng.float() < p.loss;
      if (lost) {
        this.stats.lost++;
        continue;
      }
      this.engine.after(Math.round(ms * 1000) / 1000, () => {
        if (dst.driver.receiveBytes(from, bytes, this.engine.now)) this.stats.delivered++;
      });
    }
  }
}

/** A node's driver on a short-range medium. */
export class ShortRangeDriver implements Driver {
  readonly capabilities: DriverCapabilities;
  readonly heard = new Map<string, { at: number }>();
  malformed = 0;
  private started = false;
  private handler: ReceiveHandler | undefined;

  constructor(
    private readonly medium: ShortRangeMedium,
    readonly id: string,
  ) {
    this.capabilities = { mtu: 65_536, broadcast: true, cost: 2 };
  }

  start(): void {
    this.started = true;
  }

  stop(): void {
    this.started = false;
  }

  send(envelope: Envelope): void {
    if (this.started) this.medium.carry(this.id, envelope.to, encodeBody(envelope.protocol, envelope.payload));
  }

  broadcast(envelope: Omit<Envelope, "to">): void {
    if (this.started) this.medium.carry(this.id, undefined, encodeBody(envelope.protocol, envelope.payload));
  }

  onReceive(handler: ReceiveHandler): void {
    this.handler = handler;
  }

  /** Called by the medium; false when the node is down or the bytes are not a message. */
  receiveBytes(from: string, bytes: Uint8Array, now: number): boolean {
    if (!this.started) return false;
    const msg = decodeBody(bytes);
    if (!msg || typeof msg.payload !== "object" || msg.payload === null) {
      this.malformed++;
      return false;
    }
    this.heard.set(from, { at: now });
    this.handler?.({ from, to: this.id, protocol: msg.protocol, payload: msg.payload as Envelope["payload"] });
    return true;
  }
}
