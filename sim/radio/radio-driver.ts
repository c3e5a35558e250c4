import type { Driver, DriverCapabilities, Envelope, ReceiveHandler } from "../../runtime/driver.js";
import type { Rng } from "../../runtime/rng.js";
import type { Engine, Scheduled } from "../engine.js";
import { maxPayloadWithin, symbolMs, timeOnAir } from "./airtime.js";
import {
  BROADCAST,
  beaconFrame,
  decodeBody,
  encodeBody,
  FLAG_BEACON,
  fragment,
  HEADER_BYTES,
  readHeader,
} from "./frame.js";
import type { LoraRadio, RadioPort, RadioReception } from "./medium.js";
import { DutyCycleLedger, type RegionLimits } from "./regions.js";

/** Node ids to link addresses and back (the medium's device indices in the simulator). */
export interface AddressBook {
  addressOf(id: string): number | undefined;
  idOf(address: number): string | undefined;
}

/** How the driver behaves. */
export interface RadioDriverOptions {
  /** Regional limits for this radio's frequency. */
  readonly limits: RegionLimits;
  /** Enforce the duty cycle (off only to show what a violation looks like). @default true */
  readonly enforceDutyCycle?: boolean;
  /** Duty-cycle window, ms. @default 3_600_000 (one hour, ETSI) */
  readonly dutyWindowMs?: number;
  /** Largest frame, bytes (LoRa: 255). @default 255 */
  readonly mtu?: number;
  /** Frames waiting beyond this are dropped (and logged). @default 256 */
  readonly queueLimit?: number;
  /** A partly received message is forgotten after this long, ms. @default 60_000 */
  readonly reassemblyTimeoutMs?: number;
  /** Told when a message is queued and when one is complete at a receiver, for latency figures. */
  readonly latency?: {
    sent(src: number, msgId: number, at: number): void;
    received(src: number, msgId: number, at: number): void;
  };
  /**
   * Listen before talk with a contention window (as Meshtastic's firmware does): each
   * frame first waits a random 0..2^3-1 slots (a slot is 2.5 symbol times), then checks
   * the channel (CAD); while a frame it could demodulate is on the air it backs off a
   * random 0..2^k-1 slots, k growing from 4 to 8. Absent: transmit at once (ALOHA).
   */
  readonly lbt?: { readonly rng: Rng };
  /** Appends a `radio.*` entry to the log for this node. */
  readonly record?: (type: string, data: unknown) => void;
}

/** What one radio driver did. */
export interface RadioDriverStats {
  messagesSent: number;
  messagesReceived: number;
  framesSent: number;
  bytesSent: number;
  airtimeMs: number;
  /** Times the queue waited for the duty-cycle budget. */
  dutyCycleDeferrals: number;
  /** Times listen-before-talk found the channel busy and backed off. */
  lbtBackoffs: number;
  /** Frames dropped: queue full or longer than the whole duty-cycle budget. */
  dropped: number;
  /** Messages given up because a fragment never came. */
  incomplete: number;
  malformed: number;
  beaconsSent: number;
  beaconsHeard: number;
}

/** A driver's counters before it has done anything (also the start of a sum over drivers). */
export const emptyRadioStats = (): RadioDriverStats => ({
  messagesSent: 0,
  messagesReceived: 0,
  framesSent: 0,
  bytesSent: 0,
  airtimeMs: 0,
  dutyCycleDeferrals: 0,
  lbtBackoffs: 0,
  dropped: 0,
  incomplete: 0,
  malformed: 0,
  beaconsSent: 0,
  beaconsHeard: 0,
});

interface PartialMessage {
  readonly parts: (Uint8Array | undefined)[];
  got: number;
  readonly first: number;
}

/**
 * A node's LoRa link in the simulator: encodes each envelope to bytes, fragments them to
 * the MTU (255 B, or less when a dwell limit caps a frame's airtime), queues frames while
 * the radio is busy or the duty-cycle budget is spent, and reassembles what it receives.
 * Frames go to the {@link RadioPort}; what the radio demodulates comes back through it.
 */
export class RadioDriver implements Driver {
  readonly capabilities: DriverCapabilities;
  readonly stats: RadioDriverStats = emptyRadioStats();
  /** Who this radio heard last, with the link quality of that frame (for routing). */
  readonly heard = new Map<string, { at: number; rssi: number; snr: number }>();
  readonly ledger: DutyCycleLedger;
  private handler: ReceiveHandler | undefined;
  private started = false;
  private readonly queue: Uint8Array[] = [];
  private wake: Scheduled | undefined;
  private msgId = 0;
  /** Contention rounds the head frame has been through (LBT). */
  private attempts = 0;
  private readonly partials = new Map<string, PartialMessage>();
  private readonly mtu: number;

  constructor(
    private readonly engine: Engine,
    private readonly port: RadioPort,
    private readonly book: AddressBook,
    private readonly options: RadioDriverOptions,
  ) {
    const radio = port.device.radio;
    const dwellCap = options.limits.dwellMs === Infinity ? 255 : maxPayloadWithin(radio, options.limits.dwellMs);
    this.mtu = Math.min(options.mtu ?? 255, dwellCap);
    if (this.mtu < 14)
      throw new RangeError(
        `radio of ${port.device.id}: SF${radio.sf} at ${radio.bandwidth / 1000} kHz cannot carry a frame within the ${options.limits.dwellMs} ms dwell time`,
      );
    this.capabilities = { mtu: this.mtu, broadcast: true, cost: 10 };
    this.ledger = new DutyCycleLedger(options.limits.dutyCycle, options.dutyWindowMs ?? 3_600_000);
    port.listening = false;
  }

  /** The radio's settings. */
  get radio(): LoraRadio {
    return this.port.device.radio;
  }

  get address(): number {
    return this.port.index;
  }

  /** Frames waiting to go on the air. */
  get queued(): number {
    return this.queue.length;
  }

  /** Called by the medium with each frame the radio demodulated. */
  receiveFrame(r: RadioReception): void {
    if (!this.started) return;
    const h = this.heard.get(r.from);
    if (h) {
      h.at = r.end;
      h.rssi = r.rssi;
      h.snr = r.snr;
    } else this.heard.set(r.from, { at: r.end, rssi: r.rssi, snr: r.snr });
    // Beacons are most of what a quiet mesh hears: count them before parsing anything.
    if (r.bytes.length === HEADER_BYTES && (r.bytes[0]! & FLAG_BEACON) !== 0 && r.bytes[0]! >> 4 === 1) {
      this.stats.beaconsHeard++;
      return;
    }
    const parsed = readHeader(r.bytes);
    if (!parsed) return this.malformed(r.from, "header");
    const { header, chunk } = parsed;
    if (header.flags & FLAG_BEACON) {
      this.stats.beaconsHeard++;
      return;
    }
    if (header.dst !== BROADCAST && header.dst !== this.address) return;
    const from = this.book.idOf(header.src);
    if (from === undefined) return this.malformed(r.from, "unknown source");
    let body: Uint8Array | undefined = chunk;
    if (header.count > 1) body = this.reassemble(header.src, header.msgId, header.index, header.count, chunk);
    if (!body) return;
    const msg = decodeBody(body);
    if (!msg || typeof msg.payload !== "object" || msg.payload === null) return this.malformed(from, "body");
    this.stats.messagesReceived++;
    this.options.latency?.received(header.src, header.msgId, this.engine.now);
    this.handler?.({
      from,
      to: this.port.device.id,
      protocol: msg.protocol,
      payload: msg.payload as Envelope["payload"],
    });
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.port.listening = true;
  }

  stop(): void {
    if (!this.started) return;
    this.started = false;
    this.port.listening = false;
    this.queue.length = 0;
    this.attempts = 0;
    this.partials.clear();
    if (this.wake) this.engine.cancel(this.wake);
    this.wake = undefined;
  }

  send(envelope: Envelope): void {
    const dst = this.book.addressOf(envelope.to);
    if (dst === undefined) return;
    this.enqueue(envelope.protocol, envelope.payload, dst);
  }

  broadcast(envelope: Omit<Envelope, "to">): void {
    this.enqueue(envelope.protocol, envelope.payload, BROADCAST);
  }

  /** Queues a link-level beacon (the radio beacon discovery method): receivers add the sender to `heard`. */
  beacon(): void {
    if (!this.started) return;
    if (this.queue.length >= (this.options.queueLimit ?? 256)) return;
    this.stats.beaconsSent++;
    this.queue.push(beaconFrame(this.address, this.msgId++));
    this.pump();
  }

  onReceive(handler: ReceiveHandler): void {
    this.handler = handler;
  }

  private enqueue(protocol: string, payload: unknown, dst: number): void {
    if (!this.started) return;
    const msgId = this.msgId++ & 0xffff;
    const frames = fragment(encodeBody(protocol, payload), this.address, dst, msgId, this.mtu);
    const limit = this.options.queueLimit ?? 256;
    if (this.queue.length + frames.length > limit) {
      this.stats.dropped += frames.length;
      this.options.record?.("radio.drop", { reason: "queue full", frames: frames.length, queued: this.queue.length });
      return;
    }
    this.stats.messagesSent++;
    this.options.latency?.sent(this.address, msgId, this.engine.now);
    this.queue.push(...frames);
    this.pump();
  }

  /** Sends the next frame when the radio is free and the budget allows; otherwise waits for that moment. */
  private pump(): void {
    if (!this.started || this.wake !== undefined || this.queue.length === 0) return;
    const now = this.engine.now;
    if (this.port.transmitting) return this.sleepUntil(this.port.busyUntil);
    const frame = this.queue[0]!;
    const ms = timeOnAir(this.port.device.radio, frame.length).totalMs;
    if (this.options.enforceDutyCycle !== false) {
      const at = this.ledger.earliestStart(now, ms);
      if (at === Infinity) {
        this.queue.shift();
        this.stats.dropped++;
        this.options.record?.("radio.drop", { reason: "longer than the duty-cycle budget", bytes: frame.length });
        return this.pump();
      }
      if (at > now) {
        this.stats.dutyCycleDeferrals++;
        this.options.record?.("radio.queue", {
          frames: this.queue.length,
          until: at,
          subBand: this.options.limits.subBand,
        });
        return this.sleepUntil(at);
      }
    }
    const lbt = this.options.lbt;
    if (lbt) {
      const slot = 2.5 * symbolMs(this.radio.sf, this.radio.bandwidth);
      if (this.attempts === 0 || this.port.channelActive()) {
        if (this.attempts > 0) this.stats.lbtBackoffs++;
        const cw = Math.min(3 + this.attempts, 8);
        this.attempts++;
        return this.sleepUntil(round(now + lbt.rng.int(2 ** cw) * slot));
      }
    }
    this.attempts = 0;
    this.queue.shift();
    const { end, airtime } = this.port.transmit(frame);
    this.ledger.record(end, airtime.totalMs);
    this.stats.framesSent++;
    this.stats.bytesSent += frame.length;
    this.stats.airtimeMs += airtime.totalMs;
    this.sleepUntil(end);
  }

  private sleepUntil(at: number): void {
    this.wake = this.engine.at(Math.max(at, this.engine.now), () => {
      this.wake = undefined;
      this.pump();
    });
  }

  private reassemble(
    src: number,
    msgId: number,
    index: number,
    count: number,
    chunk: Uint8Array,
  ): Uint8Array | undefined {
    const now = this.engine.now;
    const timeout = this.options.reassemblyTimeoutMs ?? 60_000;
    for (const [k, p] of this.partials)
      if (now - p.first > timeout) {
        this.partials.delete(k);
        this.stats.incomplete++;
      }
    const key = `${src}:${msgId}`;
    let p = this.partials.get(key);
    if (!p || p.parts.length !== count) {
      p = { parts: new Array<Uint8Array | undefined>(count).fill(undefined), got: 0, first: now };
      this.partials.set(key, p);
    }
    if (p.parts[index] === undefined) {
      p.parts[index] = chunk;
      p.got++;
    }
    if (p.got < count) return undefined;
    this.partials.delete(key);
    const total = p.parts.reduce((n, c) => n + c!.length, 0);
    const out = new Uint8Array(total);
    let o = 0;
    for (const c of p.parts) {
      out.set(c!, o);
      o += c!.length;
    }
    return out;
  }

  private malformed(from: string, what: string): void {
    this.stats.malformed++;
    this.options.record?.("radio.malformed", { from, what });
  }
}

const round = (ms: number): number => Math.round(ms * 1000) / 1000;
