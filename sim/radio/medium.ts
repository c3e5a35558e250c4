import type { Engine } from "../engine.js";
import { timeOnAir, type Airtime, type LoraModem } from "./airtime.js";
import { distanceForLoss, NS3_LOG_DISTANCE, pathLoss, type PathLossModel } from "./propagation.js";
import { GOURSAUD, noiseFloor, sensitivity } from "./sensitivity.js";
import { seedKey, shadowingDb } from "./shadowing.js";
import { SpatialGrid } from "./spatial-grid.js";

/** A LoRa radio's settings: the modem plus carrier and power. */
export interface LoraRadio extends LoraModem {
  /** Carrier frequency, Hz. */
  readonly frequency: number;
  /** Transmit power, dBm. */
  readonly txPower: number;
  /** Antenna gain, dBi (applied on transmit and receive). */
  readonly antennaGain: number;
}

/** A device on the medium: where it is and how its radio is set. */
export interface RadioDevice {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly radio: LoraRadio;
}

/** What a receiver learns with each frame it demodulates. */
export interface RadioReception {
  /** The transmitting device's id. */
  readonly from: string;
  readonly bytes: Uint8Array;
  /** Received power, dBm. */
  readonly rssi: number;
  /** Signal to noise ratio, dB. */
  readonly snr: number;
  /** When the frame started and ended on air, ms. */
  readonly start: number;
  readonly end: number;
}

/** Why a frame in range was not received at one device. */
export type LossReason = "collision" | "halfDuplex" | "belowSensitivity";

/** Medium-wide settings. */
export interface MediumOptions {
  /** Mean path loss. @default ns-3 log-distance (3.76, 7.7 dB at 1 m) */
  readonly pathLoss?: PathLossModel;
  /** σ of log-normal shadowing, dB; 0 = none. @default 0 */
  readonly shadowing?: number;
  /** Seed of the shadowing field. @default "radio" */
  readonly seed?: string;
  /** Co-SF capture threshold: the stronger frame survives when at least this much above. @default 6 */
  readonly captureDb?: number;
  /** Preamble symbols left when the receiver has locked (it locks after all but these). @default 5 */
  readonly lockSymbols?: number;
  /** Inter-SF interference by the Goursaud matrix; off: different SFs are orthogonal. @default false */
  readonly interSf?: boolean;
  /** Told of every frame as it starts and ends (logs, viewers). */
  readonly observer?: MediumObserver;
}

/** Hooks for logging and viewing what happens on the air. */
export interface MediumObserver {
  started?(frame: FrameInfo): void;
  ended?(frame: FrameInfo, outcome: FrameOutcome): void;
}

export interface FrameInfo {
  readonly seq: number;
  readonly from: string;
  readonly bytes: number;
  readonly start: number;
  readonly end: number;
  readonly sf: number;
  readonly frequency: number;
}

/** Per frame: receivers that got it, and those in range that lost it, by reason. */
export interface FrameOutcome {
  readonly received: readonly string[];
  readonly lost: readonly { readonly node: string; readonly reason: LossReason }[];
  /** Receivers where this frame won a capture contest. */
  readonly captured: number;
}

/** Counters over the whole run. */
export interface MediumStats {
  frames: number;
  bytes: number;
  airtimeMs: number;
  /** (frame, receiver) pairs that demodulated. */
  received: number;
  /** …that were lost to another frame. */
  collisions: number;
  /** …that survived an overlapping frame by capture. */
  captured: number;
  /** …that the receiver missed because it was transmitting. */
  halfDuplex: number;
  /** Same-modem receivers in interference range but below sensitivity. */
  belowSensitivity: number;
}

/** A device's handle on the medium. */
export interface RadioPort {
  readonly index: number;
  readonly device: RadioDevice;
  /** Puts `bytes` on the air now; throws if the radio is still transmitting (the driver must wait). */
  transmit(bytes: Uint8Array): { readonly airtime: Airtime; readonly end: number };
  /** True while this radio's own frame is on the air. */
  readonly transmitting: boolean;
  /** When the current transmission ends (0 when idle). */
  readonly busyUntil: number;
  /** Channel activity detection: a frame this radio could demodulate is arriving now. */
  channelActive(): boolean;
  /** A powered-down radio neither receives nor counts as a receiver. @default true */
  listening: boolean;
}

interface Frame {
  readonly seq: number;
  readonly src: Node;
  readonly bytes: Uint8Array;
  readonly start: number;
  readonly end: number;
  /** When a receiver has locked onto its preamble. */
  readonly lock: number;
  readonly arrivals: Arrival[];
}

interface Arrival {
  readonly frame: Frame;
  readonly rx: Node;
  readonly power: number;
  /** The receiver's modem matches and the power is at or above sensitivity. */
  readonly receivable: boolean;
  lost: LossReason | undefined;
  captured: boolean;
}

interface Node {
  readonly port: RadioPort;
  readonly device: RadioDevice;
  readonly index: number;
  readonly handler: (r: RadioReception) => void;
  readonly sensitivity: number;
  readonly noise: number;
  /** Frames arriving now (same channel). */
  arriving: Arrival[];
  txUntil: number;
  /** Time on air of frames it sent or could have demodulated (overlaps counted twice). */
  busyMs: number;
}

/**
 * The LoRa medium: who hears whom (path loss + shadowing against sensitivity), what
 * collides (same channel and time; capture ≥ 6 dB; the preamble-lock rule; optional
 * inter-SF isolation), half duplex. It has no clock: frames start and end as events on
 * the engine. Attach a device, transmit bytes, receive callbacks with RSSI and SNR.
 */
export class RadioMedium {
  readonly stats: MediumStats = {
    frames: 0,
    bytes: 0,
    airtimeMs: 0,
    received: 0,
    collisions: 0,
    captured: 0,
    halfDuplex: 0,
    belowSensitivity: 0,
  };
  private readonly nodes: Node[] = [];
  private readonly model: PathLossModel;
  private readonly sigma: number;
  private readonly key: number;
  private readonly captureDb: number;
  private readonly lockSymbols: number;
  private readonly interSf: boolean;
  private grid: SpatialGrid | undefined;
  private readonly ranges: number[] = [];
  private seq = 0;
  private readonly scratch: number[] = [];
  /** Devices looked at in the spatial index over all frames (a cost figure for benchmarks). */
  scanned = 0;

  constructor(
    private readonly engine: Engine,
    private readonly options: MediumOptions = {},
  ) {
    this.model = options.pathLoss ?? NS3_LOG_DISTANCE;
    this.sigma = options.shadowing ?? 0;
    this.key = seedKey(options.seed ?? "radio");
    this.captureDb = options.captureDb ?? 6;
    this.lockSymbols = options.lockSymbols ?? 5;
    this.interSf = options.interSf ?? false;
  }

  /** Adds a device; `onReceive` is called with every frame it demodulates. */
  attach(device: RadioDevice, onReceive: (r: RadioReception) => void): RadioPort {
    const index = this.nodes.length;
    const engine = this.engine;
    const port: RadioPort = {
      index,
      device,
      listening: true,
      transmit: (bytes) => this.transmit(node, bytes),
      get transmitting() {
        return node.txUntil > engine.now;
      },
      get busyUntil() {
        return node.txUntil > engine.now ? node.txUntil : 0;
      },
      channelActive: () => node.arriving.some((a) => a.receivable && a.frame.end > this.engine.now),
    };
    const node: Node = {
      port,
      device,
      index,
      handler: onReceive,
      sensitivity: sensitivity(device.radio.sf, device.radio.bandwidth),
      noise: noiseFloor(device.radio.bandwidth),
      arriving: [],
      txUntil: 0,
      busyMs: 0,
    };
    this.nodes.push(node);
    this.grid = undefined;
    return port;
  }

  /** Time on air device `index` sent or could have demodulated so far, ms (overlaps counted twice). */
  busyMs(index: number): number {
    return this.nodes[index]?.busyMs ?? 0;
  }

  /** Mean received power (no shadowing) in dBm from `a` at `b`'s distance. */
  meanRxPower(a: RadioDevice, b: RadioDevice): number {
    const d = Math.hypot(a.x - b.x, a.y - b.y);
    return a.radio.txPower + a.radio.antennaGain + b.radio.antennaGain - pathLoss(this.model, d, a.radio.frequency);
  }

  /** Received power in dBm between two attached devices, shadowing included. */
  rxPower(a: RadioPort, b: RadioPort): number {
    return this.meanRxPower(a.device, b.device) - shadowingDb(this.key, a.index, b.index, this.sigma);
  }

  /**
   * The distance at which a device with `radio` still reaches a receiver of the same
   * settings at sensitivity, without shadowing (the mean range).
   */
  range(radio: LoraRadio): number {
    const budget = radio.txPower + 2 * radio.antennaGain - sensitivity(radio.sf, radio.bandwidth);
    return distanceForLoss(this.model, budget, radio.frequency);
  }

  private transmit(src: Node, bytes: Uint8Array): { airtime: Airtime; end: number } {
    const now = this.engine.now;
    if (src.txUntil > now) throw new Error(`radio ${src.device.id} is already transmitting until ${src.txUntil} ms`);
    const r = src.device.radio;
    const airtime = timeOnAir(r, bytes.length);
    const end = round(now + airtime.totalMs);
    const lock = round(now + Math.max(0, r.preamble - this.lockSymbols) * airtime.symbolMs);
    const frame: Frame = { seq: this.seq++, src, bytes, start: now, end, lock, arrivals: [] };
    src.txUntil = end;
    src.busyMs += airtime.totalMs;
    this.stats.frames++;
    this.stats.bytes += bytes.length;
    this.stats.airtimeMs += airtime.totalMs;
    // Half duplex: whatever this radio was receiving is lost.
    for (const a of src.arriving) if (a.receivable && a.lost === undefined && a.frame.end > now) a.lost = "halfDuplex";
    this.reach(frame);
    this.options.observer?.started?.(info(frame));
    this.engine.at(end, () => this.finish(frame));
    return { airtime, end };
  }

  /** Puts the frame's arrival on every device that may hear it or be disturbed by it. */
  private reach(frame: Frame): void {
    const grid = this.gridNow();
    const src = frame.src;
    const tx = src.device;
    const range = this.ranges[src.index]!;
    const now = frame.start;
    const range2 = range * range;
    const near = grid.near(tx.x, tx.y, range, this.scratch);
    this.scanned += near.length;
    for (const j of near) {
      if (j === src.index) continue;
      const rx = this.nodes[j]!;
      const dx = tx.x - rx.device.x;
      const dy = tx.y - rx.device.y;
      const d2 = dx * dx + dy * dy;
      if (d2 > range2 || !rx.port.listening) continue;
      const rr = rx.device.radio;
      if (rr.frequency !== tx.radio.frequency || rr.bandwidth !== tx.radio.bandwidth) continue;
      const d = Math.sqrt(d2);
      const power =
        tx.radio.txPower +
        tx.radio.antennaGain +
        rr.antennaGain -
        pathLoss(this.model, d, tx.radio.frequency) -
        shadowingDb(this.key, src.index, j, this.sigma);
      const sameModem = rr.sf === tx.radio.sf;
      if (power < this.floorFor(rx, tx.radio.sf)) continue;
      const receivable = sameModem && power >= rx.sensitivity;
      if (sameModem && !receivable) this.stats.belowSensitivity++;
      const arrival: Arrival = { frame, rx, power, receivable, lost: undefined, captured: false };
      if (rx.txUntil > now && receivable) arrival.lost = "halfDuplex";
      // Drop ended frames in place (they are not removed when they end: that would cost a search).
      const list = rx.arriving;
      let k = 0;
      for (let i = 0; i < list.length; i++) {
        const other = list[i]!;
        if (other.frame.end <= now) continue;
        list[k++] = other;
        this.interfere(other, arrival);
      }
      list.length = k;
      list.push(arrival);
      frame.arrivals.push(arrival);
    }
  }

  /**
   * `early` has been arriving at the receiver; `late` starts now. Same SF: if `early`
   * ends before `late` locks, neither is hurt; if neither had locked when `late`
   * started, the capture rule decides; if `early` had locked, it is not disturbed and
   * the receiver, busy with it, misses `late` (unless `late` drowns an `early` it could
   * not hear). Different SFs: each survives while above the other by the Goursaud
   * isolation, when that option is on.
   */
  private interfere(early: Arrival, late: Arrival): void {
    const now = late.frame.start;
    const sfE = early.frame.src.device.radio.sf;
    const sfL = late.frame.src.device.radio.sf;
    if (sfE !== sfL) {
      if (!this.interSf) return;
      if (early.power - late.power < GOURSAUD[sfE]![sfL]!) this.lose(early, "collision");
      if (late.power - early.power < GOURSAUD[sfL]![sfE]!) this.lose(late, "collision");
      return;
    }
    if (early.frame.end <= late.frame.lock) return;
    const locked = now >= early.frame.lock && early.receivable && early.lost !== "halfDuplex";
    if (locked) {
      this.lose(late, "collision");
      return;
    }
    const c = this.captureDb;
    const earlyWins = early.power - late.power >= c;
    const lateWins = late.power - early.power >= c;
    if (!earlyWins) this.lose(early, "collision");
    else if (early.lost === undefined) early.captured = true;
    if (!lateWins) this.lose(late, "collision");
    else if (late.lost === undefined) late.captured = true;
  }

  private lose(a: Arrival, reason: LossReason): void {
    if (a.receivable && a.lost === undefined) a.lost = reason;
  }

  private finish(frame: Frame): void {
    const received: string[] = [];
    const lost: { node: string; reason: LossReason }[] = [];
    let captured = 0;
    for (const a of frame.arrivals) {
      const rx = a.rx;
      if (!a.receivable) continue;
      rx.busyMs += frame.end - frame.start;
      if (a.lost !== undefined) {
        if (a.lost === "collision") this.stats.collisions++;
        else this.stats.halfDuplex++;
        lost.push({ node: rx.device.id, reason: a.lost });
        continue;
      }
      if (!rx.port.listening) continue;
      if (a.captured) {
        captured++;
        this.stats.captured++;
      }
      this.stats.received++;
      received.push(rx.device.id);
      rx.handler({
        from: frame.src.device.id,
        bytes: frame.bytes,
        rssi: round(a.power),
        snr: round(a.power - rx.noise),
        start: frame.start,
        end: frame.end,
      });
    }
    this.options.observer?.ended?.(info(frame), { received, lost, captured });
  }

  /** Below this a frame cannot matter at `rx`: it could neither be received nor spoil a receivable frame. */
  private floorFor(rx: Node, sf: number): number {
    const rsf = rx.device.radio.sf;
    if (sf === rsf) return rx.sensitivity - this.captureDb;
    return this.interSf ? rx.sensitivity + GOURSAUD[rsf]![sf]! : Infinity;
  }

  private gridNow(): SpatialGrid {
    if (this.grid) return this.grid;
    // A device's reach: the farthest any receiver could still be disturbed, with the
    // strongest receive antenna and shadowing at +3σ.
    const maxGain = Math.max(...this.nodes.map((n) => n.device.radio.antennaGain));
    const minSens = Math.min(...this.nodes.map((n) => n.sensitivity));
    const margin = this.interSf ? 36 : this.captureDb;
    this.ranges.length = 0;
    for (const n of this.nodes) {
      const r = n.device.radio;
      const budget = r.txPower + r.antennaGain + maxGain - (minSens - margin) + 3 * this.sigma;
      this.ranges.push(distanceForLoss(this.model, budget, r.frequency));
    }
    // Cells of a third of the longest reach: the circle then touches about 1.5 times its
    // area in cells, instead of 9/π times with cells as large as the reach.
    const cell = Math.max(1, Math.max(...this.ranges) / 3);
    this.grid = new SpatialGrid(
      cell,
      this.nodes.map((n) => n.device.x),
      this.nodes.map((n) => n.device.y),
    );
    return this.grid;
  }
}

const round = (ms: number): number => Math.round(ms * 1000) / 1000;

function info(f: Frame): FrameInfo {
  const r = f.src.device.radio;
  return {
    seq: f.seq,
    from: f.src.device.id,
    bytes: f.bytes.length,
    start: f.start,
    end: f.end,
    sf: r.sf,
    frequency: r.frequency,
  };
}
