import { countDrop } from "./frame-stats.js";
import { encodeKiss, KissDecoder, type KissDecoderOptions } from "./kiss.js";
import {
  DETECT_REQUEST,
  DETECT_RESPONSE,
  PARAM_WIRE,
  paramOfCommand,
  RNODE,
  RNODE_ERRORS,
  RSSI_OFFSET,
  type RNodeParam,
} from "./rnode-commands.js";

/** A radio configuration as the host asks for it. */
export type RNodeConfig = Readonly<Record<Exclude<RNodeParam, "radioState">, number>>;

/** Encodes a parameter as its command frame (big-endian, 1 or 4 bytes; see PARAM_WIRE). */
export function encodeParam(param: RNodeParam, value: number): Uint8Array {
  const { command, width } = PARAM_WIRE[param];
  const max = width === 4 ? 0xffffffff : 0xff;
  if (!Number.isInteger(value) || value < 0 || value > max)
    throw new RangeError(`RNode ${param} must be an integer in 0..${max}, got ${value}`);
  const bytes = new Uint8Array(width);
  if (width === 4) new DataView(bytes.buffer).setUint32(0, value, false);
  else bytes[0] = value;
  return encodeKiss(bytes, command);
}

/** The DETECT request. */
export const encodeDetect = (): Uint8Array => encodeKiss(Uint8Array.of(DETECT_REQUEST), RNODE.DETECT);

/** A data frame to transmit. */
export const encodeData = (payload: Uint8Array): Uint8Array => encodeKiss(payload, RNODE.DATA);

/**
 * The frames that configure a radio and turn it on, in the order a host sends them:
 * detect, frequency, bandwidth, tx power, SF, CR, radio state 1.
 */
export function encodeConfigure(config: RNodeConfig): Uint8Array[] {
  return [
    encodeDetect(),
    encodeParam("frequency", config.frequency),
    encodeParam("bandwidth", config.bandwidth),
    encodeParam("txPower", config.txPower),
    encodeParam("sf", config.sf),
    encodeParam("cr", config.cr),
    encodeParam("radioState", 1),
  ];
}

/** One report from an RNode, decoded. Commands we do not know are passed on as `other`. */
export type RNodeReport =
  | { readonly kind: "data"; readonly payload: Uint8Array }
  | { readonly kind: "param"; readonly param: RNodeParam; readonly value: number }
  | { readonly kind: "detect"; readonly ok: boolean }
  | { readonly kind: "rssi"; readonly dbm: number }
  | { readonly kind: "snr"; readonly db: number }
  | { readonly kind: "error"; readonly code: number; readonly name: string }
  | { readonly kind: "ready" }
  | { readonly kind: "firmware"; readonly major: number; readonly minor: number }
  | { readonly kind: "stat"; readonly name: "rx" | "tx"; readonly value: number }
  | { readonly kind: "other"; readonly command: number; readonly payload: Uint8Array };

/** Decodes one KISS frame as an RNode report, or undefined when its length is wrong for its command. */
export function decodeReport(command: number, d: Uint8Array): RNodeReport | undefined {
  const be32 = () => new DataView(d.buffer, d.byteOffset, 4).getUint32(0, false);
  const param = paramOfCommand(command);
  if (param) {
    const width = PARAM_WIRE[param].width;
    if (d.length !== width) return undefined;
    return { kind: "param", param, value: width === 4 ? be32() : d[0]! };
  }
  switch (command) {
    case RNODE.DATA:
      return { kind: "data", payload: d };
    case RNODE.DETECT:
      return d.length === 1 ? { kind: "detect", ok: d[0] === DETECT_RESPONSE } : undefined;
    case RNODE.STAT_RSSI:
      return d.length === 1 ? { kind: "rssi", dbm: d[0]! - RSSI_OFFSET } : undefined;
    case RNODE.STAT_SNR: // signed, in quarter dB
      return d.length === 1 ? { kind: "snr", db: ((d[0]! << 24) >> 24) / 4 } : undefined;
    case RNODE.ERROR:
      return d.length === 1
        ? { kind: "error", code: d[0]!, name: RNODE_ERRORS[d[0]!] ?? `UNKNOWN_${d[0]}` }
        : undefined;
    case RNODE.READY:
      return d.length <= 1 ? { kind: "ready" } : undefined;
    case RNODE.FW_VERSION:
      return d.length === 2 ? { kind: "firmware", major: d[0]!, minor: d[1]! } : undefined;
    case RNODE.STAT_RX:
    case RNODE.STAT_TX:
      return d.length === 4
        ? { kind: "stat", name: command === RNODE.STAT_RX ? "rx" : "tx", value: be32() }
        : undefined;
    default:
      return { kind: "other", command, payload: d };
  }
}

/**
 * Streaming decoder of what an RNode sends: KISS frames decoded as reports. A KISS
 * frame whose length does not fit its command is counted in `stats.drops.badReport`.
 */
export class RNodeDecoder {
  private readonly kiss: KissDecoder;

  constructor(options: KissDecoderOptions = {}) {
    this.kiss = new KissDecoder(options);
  }

  /** Framing and report counts (shared with the KISS layer; `frames` counts good reports). */
  get stats() {
    return this.kiss.stats;
  }

  /** Feeds one chunk; returns the reports it completed. */
  push(chunk: Uint8Array): RNodeReport[] {
    const out: RNodeReport[] = [];
    for (const f of this.kiss.push(chunk)) {
      const r = decodeReport(f.type, f.data);
      if (r) out.push(r);
      else {
        this.kiss.stats.frames--; // a KISS frame, but not a good report
        countDrop(this.kiss.stats, "badReport");
      }
    }
    return out;
  }

  /** The stream ended (counts a cut-off frame). */
  end(): void {
    this.kiss.end();
  }
}

/** The outcome of comparing echoed parameters with the configuration asked for. */
export type EchoCheck =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly param: RNodeParam;
      readonly wanted: number;
      readonly got: number | undefined;
      readonly message: string;
    };

/**
 * Checks the values the device echoed (the last `param` report of each) against what
 * was asked for, radio state included (wanted on). The first mismatch or missing echo
 * is named, e.g. `RNode echoed frequency 868000000, expected 869525000`.
 */
export function checkEcho(config: RNodeConfig, echoed: Partial<Record<RNodeParam, number>>): EchoCheck {
  const wanted: Record<RNodeParam, number> = { ...config, radioState: 1 };
  for (const param of Object.keys(PARAM_WIRE) as RNodeParam[]) {
    const got = echoed[param];
    if (got === wanted[param]) continue;
    const message =
      got === undefined
        ? `RNode did not echo ${param} (expected ${wanted[param]})`
        : `RNode echoed ${param} ${got}, expected ${wanted[param]}`;
    return { ok: false, param, wanted: wanted[param], got, message };
  }
  return { ok: true };
}

/** Collects the last echoed value of every parameter from a list of reports. */
export function echoedParams(reports: readonly RNodeReport[]): Partial<Record<RNodeParam, number>> {
  const out: Partial<Record<RNodeParam, number>> = {};
  for (const r of reports) if (r.kind === "param") out[r.param] = r.value;
  return out;
}
