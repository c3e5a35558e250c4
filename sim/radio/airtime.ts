/**
 * LoRa time on air, exactly as Semtech AN1200.13 ("LoRa Modem Designer's Guide") and the
 * SX1276 datasheet §4.1.1.6 give it. Times are computed in nanoseconds from integers where
 * the bandwidth allows (every standard bandwidth does), so the reference figures come out
 * to the microsecond instead of to within floating-point noise.
 */

/** The modem settings that decide a frame's duration. */
export interface LoraModem {
  /** Spreading factor, 6..12. */
  readonly sf: number;
  /** Bandwidth in Hz (7800 … 500000). */
  readonly bandwidth: number;
  /** Coding rate as the denominator offset: 1..4 for 4/5..4/8 (AN1200.13's CR). */
  readonly codingRate: number;
  /** Programmed preamble length in symbols (the radio adds 4.25). @default 8 */
  readonly preamble: number;
  /** Implicit header mode (no PHY header on air). @default false */
  readonly implicitHeader: boolean;
  /** Payload CRC on. @default true */
  readonly crc: boolean;
  /** Low data rate optimisation: `auto` turns it on when a symbol lasts 16 ms or more. @default "auto" */
  readonly ldro: "auto" | "on" | "off";
}

/** The parts of a frame's duration, in milliseconds. */
export interface Airtime {
  readonly symbolMs: number;
  readonly preambleMs: number;
  readonly payloadSymbols: number;
  readonly payloadMs: number;
  readonly totalMs: number;
  /** Whether low data rate optimisation was applied. */
  readonly ldro: boolean;
}

/** Symbol duration 2^SF / BW in ms. */
export function symbolMs(sf: number, bandwidth: number): number {
  return nsToMs(symbolNs(sf, bandwidth));
}

function symbolNs(sf: number, bandwidth: number): number {
  // 2^SF · 1e9 / BW is an integer for every bandwidth that divides 1e9·2^SF (all the usual ones).
  return (2 ** sf * 1e9) / bandwidth;
}

const nsToMs = (ns: number): number => Math.round(ns) / 1e6;

/** Whether LDRO is in effect for these settings (auto: symbol time ≥ 16 ms). */
export function ldroActive(m: Pick<LoraModem, "sf" | "bandwidth" | "ldro">): boolean {
  if (m.ldro === "on") return true;
  if (m.ldro === "off") return false;
  return symbolNs(m.sf, m.bandwidth) >= 16e6;
}

/** Number of payload symbols (including the 8 of the header block) for `bytes` of payload. */
export function payloadSymbols(m: LoraModem, bytes: number): number {
  const de = ldroActive(m) ? 1 : 0;
  const ih = m.implicitHeader ? 1 : 0;
  const crc = m.crc ? 1 : 0;
  const num = 8 * bytes - 4 * m.sf + 28 + 16 * crc - 20 * ih;
  const den = 4 * (m.sf - 2 * de);
  return 8 + Math.max(Math.ceil(num / den) * (m.codingRate + 4), 0);
}

/** Time on air of one frame carrying `bytes` of payload (AN1200.13 eq. 1–4). */
export function timeOnAir(m: LoraModem, bytes: number): Airtime {
  checkModem(m);
  if (!(Number.isInteger(bytes) && bytes >= 0 && bytes <= 255))
    throw new RangeError(`payload must be 0..255 bytes, got ${bytes}`);
  const tSym = symbolNs(m.sf, m.bandwidth);
  // (Npre + 4.25) · Tsym, kept integral: (4·Npre + 17) · Tsym / 4.
  const preNs = ((4 * m.preamble + 17) * tSym) / 4;
  const nPay = payloadSymbols(m, bytes);
  const payNs = nPay * tSym;
  return {
    symbolMs: nsToMs(tSym),
    preambleMs: nsToMs(preNs),
    payloadSymbols: nPay,
    payloadMs: nsToMs(payNs),
    totalMs: nsToMs(preNs + payNs),
    ldro: ldroActive(m),
  };
}

/** The largest payload (≤ 255 B) whose frame lasts at most `maxMs`; -1 when not even an empty frame fits. */
export function maxPayloadWithin(m: LoraModem, maxMs: number): number {
  let best = -1;
  for (let b = 0; b <= 255; b++) if (timeOnAir(m, b).totalMs <= maxMs) best = b;
  return best;
}

/** Throws a RangeError naming the first setting out of range. */
export function checkModem(m: LoraModem): void {
  if (!(Number.isInteger(m.sf) && m.sf >= 6 && m.sf <= 12)) throw new RangeError(`sf must be 6..12, got ${m.sf}`);
  if (!(m.bandwidth > 0)) throw new RangeError(`bandwidth must be above 0 Hz, got ${m.bandwidth}`);
  if (!(Number.isInteger(m.codingRate) && m.codingRate >= 1 && m.codingRate <= 4))
    throw new RangeError(`coding rate must be 1..4 (4/5..4/8), got ${m.codingRate}`);
  if (!(Number.isInteger(m.preamble) && m.preamble >= 6 && m.preamble <= 65535))
    throw new RangeError(`preamble must be 6..65535 symbols, got ${m.preamble}`);
}
