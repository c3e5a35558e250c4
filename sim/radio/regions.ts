/**
 * Regional limits on transmitting: EU868 duty cycle per sub-band (ETSI EN 300 220, as
 * the LoRaWAN regional parameters list them) and US915 dwell time (FCC 15.247).
 */

/** One EU868 sub-band: [fromMHz, toMHz) and its duty cycle. */
export interface SubBand {
  readonly name: string;
  readonly fromMHz: number;
  readonly toMHz: number;
  readonly dutyCycle: number;
}

/** EU868 sub-bands; a frequency outside all of them may not be used. */
export const EU868_SUB_BANDS: readonly SubBand[] = [
  { name: "863-865", fromMHz: 863, toMHz: 865, dutyCycle: 0.001 },
  { name: "865-868", fromMHz: 865, toMHz: 868, dutyCycle: 0.01 },
  { name: "868-868.6", fromMHz: 868, toMHz: 868.6, dutyCycle: 0.01 },
  { name: "868.7-869.2", fromMHz: 868.7, toMHz: 869.2, dutyCycle: 0.001 },
  { name: "869.4-869.65", fromMHz: 869.4, toMHz: 869.65, dutyCycle: 0.1 },
  { name: "869.7-870", fromMHz: 869.7, toMHz: 870, dutyCycle: 0.01 },
];

/** US915: at most 400 ms on air per frame (dwell time). */
export const US915_DWELL_MS = 400;

export type Region = "EU868" | "US915" | "none";

/** What a region allows a transmitter on `frequencyHz`. */
export interface RegionLimits {
  /** Sub-band name for duty-cycle accounting (undefined: no duty cycle). */
  readonly subBand: string | undefined;
  /** Share of time on air allowed over the window, (0, 1]. */
  readonly dutyCycle: number;
  /** Longest single frame in ms (Infinity: no dwell limit). */
  readonly dwellMs: number;
}

/** The limits for a radio on `frequencyHz` in `region`; throws a RangeError naming a frequency the region forbids. */
export function limitsFor(region: Region, frequencyHz: number): RegionLimits {
  const mhz = frequencyHz / 1e6;
  if (region === "EU868") {
    const band = EU868_SUB_BANDS.find((b) => mhz >= b.fromMHz && mhz < b.toMHz);
    if (!band)
      throw new RangeError(
        `frequency ${mhz} MHz is in no EU868 sub-band (863–870 MHz, not 868.6–868.7 or 869.2–869.4)`,
      );
    return { subBand: band.name, dutyCycle: band.dutyCycle, dwellMs: Infinity };
  }
  if (region === "US915") {
    if (!(mhz >= 902 && mhz <= 928)) throw new RangeError(`frequency ${mhz} MHz is outside US915 (902–928 MHz)`);
    return { subBand: undefined, dutyCycle: 1, dwellMs: US915_DWELL_MS };
  }
  return { subBand: undefined, dutyCycle: 1, dwellMs: Infinity };
}

/**
 * Time on air per sub-band over a sliding window (ETSI counts duty cycle over one hour).
 * Conservative: a frame counts whole while any of it lies in the window.
 */
export class DutyCycleLedger {
  private readonly frames: { end: number; ms: number }[] = [];
  private head = 0;
  private used = 0;

  constructor(
    /** Allowed share, (0, 1]. */
    readonly dutyCycle: number,
    /** Window in ms. @default 3_600_000 */
    readonly windowMs = 3_600_000,
  ) {}

  /** Time on air in the window ending at `now`. */
  usedAt(now: number): number {
    this.expire(now);
    return this.used;
  }

  /** Earliest time ≥ now at which a frame of `ms` fits in the budget. */
  earliestStart(now: number, ms: number): number {
    this.expire(now);
    const budget = this.dutyCycle * this.windowMs;
    if (ms > budget) return Infinity;
    let used = this.used;
    let i = this.head;
    let at = now;
    while (used + ms > budget + 1e-9 && i < this.frames.length) {
      const f = this.frames[i++]!;
      used -= f.ms;
      at = Math.max(at, f.end + this.windowMs);
    }
    return at;
  }

  record(end: number, ms: number): void {
    this.frames.push({ end, ms });
    this.used += ms;
  }

  private expire(now: number): void {
    while (this.head < this.frames.length && this.frames[this.head]!.end + this.windowMs <= now) {
      this.used -= this.frames[this.head]!.ms;
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.frames.length) {
      this.frames.splice(0, this.head);
      this.head = 0;
    }
  }
}
