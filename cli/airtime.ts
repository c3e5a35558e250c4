import { InvalidArgumentError } from "commander";
import { timeOnAir, type LoraModem } from "../sim/radio/airtime.js";

/** Options of `meshtwin airtime` as commander hands them over. */
export interface AirtimeOptions {
  readonly sf: string;
  readonly bw: string;
  readonly cr: string;
  readonly preamble: string;
  readonly bytes: string;
  readonly implicitHeader?: boolean;
  readonly crc: boolean;
  readonly ldro: string;
  readonly json?: boolean;
}

const fail = (msg: string): never => {
  throw new InvalidArgumentError(msg);
};

function int(flag: string, text: string, lo: number, hi: number): number {
  const n = Number(text);
  return Number.isInteger(n) && n >= lo && n <= hi
    ? n
    : fail(`${flag} must be a whole number ${lo}..${hi}, got '${text}'`);
}

/** `--cr 1..4` or `--cr 4/5..4/8`; a 5..8 (Meshtasticator's encoding) is refused with the reason. */
function codingRate(text: string): number {
  const m = /^4\/([5-8])$/.exec(text);
  if (m) return Number(m[1]) - 4;
  const n = Number(text);
  if (Number.isInteger(n) && n >= 1 && n <= 4) return n;
  if (Number.isInteger(n) && n >= 5 && n <= 8)
    return fail(
      `--cr ${text}: give 1..4 or 4/5..4/8 (AN1200.13's CR is the denominator minus 4; ${text} would mean 4/${n + 4})`,
    );
  return fail(`--cr must be 1..4 or 4/5..4/8, got '${text}'`);
}

/** Bandwidth in kHz (125, 250, 62.5, 10.4 …) to Hz. */
function bandwidth(text: string): number {
  const khz = Number(text);
  if (!(Number.isFinite(khz) && khz > 0 && khz <= 500)) return fail(`--bw is in kHz, 7.8..500, got '${text}'`);
  // 10.4, 20.8 and 41.7 kHz are 125/12, 125/6 and 125/3 kHz exactly.
  const exact: Record<string, number> = { "10.4": 125_000 / 12, "20.8": 125_000 / 6, "41.7": 125_000 / 3 };
  return exact[text] ?? Math.round(khz * 1000);
}

/** Parses the flags into a modem and a payload size; throws an InvalidArgumentError naming the flag. */
export function parseAirtimeOptions(o: AirtimeOptions): { modem: LoraModem; bytes: number } {
  const ldro = o.ldro;
  if (ldro !== "on" && ldro !== "off" && ldro !== "auto") fail(`--ldro must be on, off or auto, got '${ldro}'`);
  const modem: LoraModem = {
    sf: int("--sf", o.sf, 6, 12),
    bandwidth: bandwidth(o.bw),
    codingRate: codingRate(o.cr),
    preamble: int("--preamble", o.preamble, 6, 65535),
    implicitHeader: o.implicitHeader === true,
    crc: o.crc,
    ldro: ldro as LoraModem["ldro"],
  };
  return { modem, bytes: int("--bytes", o.bytes, 0, 255) };
}

/** `meshtwin airtime`: prints symbol time, preamble time, payload symbols and the total. */
export function airtimeCommand(o: AirtimeOptions): number {
  const { modem, bytes } = parseAirtimeOptions(o);
  const t = timeOnAir(modem, bytes);
  if (o.json) {
    process.stdout.write(JSON.stringify({ modem, bytes, airtime: t }) + "\n");
    return 0;
  }
  const rows: [string, string][] = [
    ["symbol time", `${t.symbolMs} ms`],
    ["preamble", `${t.preambleMs} ms (${modem.preamble} + 4.25 symbols)`],
    ["payload symbols", `${t.payloadSymbols}`],
    ["payload", `${t.payloadMs} ms`],
    ["LDRO", `${t.ldro ? "on" : "off"}${modem.ldro === "auto" ? " (auto)" : ""}`],
    ["total", `${t.totalMs} ms`],
  ];
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(16)} ${v}\n`);
  return 0;
}
