import type { Millis } from "../../runtime/clock.js";

/*
 * libp2p records carry `timeReceived` as an RFC 3339 string. Actors may not construct
 * Dates (determinism lint rule), and need none: civil-date arithmetic from
 * http://howardhinnant.github.io/date_algorithms.html is exact for any epoch millis.
 */

/** Epoch milliseconds as `YYYY-MM-DDTHH:MM:SS.mmmZ`. */
export function formatRfc3339(ms: Millis): string {
  const t = Math.floor(ms);
  const days = Math.floor(t / 86_400_000);
  let rem = t - days * 86_400_000;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  const hh = Math.floor(rem / 3_600_000);
  rem -= hh * 3_600_000;
  const mm = Math.floor(rem / 60_000);
  rem -= mm * 60_000;
  const ss = Math.floor(rem / 1000);
  const p = (n: number, w = 2): string => String(n).padStart(w, "0");
  return `${p(y, 4)}-${p(m)}-${p(d)}T${p(hh)}:${p(mm)}:${p(ss)}.${p(rem - ss * 1000, 3)}Z`;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|z|[+-]\d{2}:\d{2})$/;

/** Parses an RFC 3339 timestamp to epoch milliseconds; undefined if it is not one. */
export function parseRfc3339(text: string): Millis | undefined {
  const g = RFC3339.exec(text);
  if (!g) return undefined;
  const [y, mo, d, hh, mi, ss] = g.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || hh > 23 || mi > 59 || ss > 60) return undefined;
  const yy = mo <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  const days = era * 146_097 + doe - 719_468;
  const frac = g[7] ? Math.floor(Number(`0.${g[7]}`) * 1000) : 0;
  let offset = 0;
  const tz = g[8]!;
  if (tz !== "Z" && tz !== "z")
    offset = (tz[0] === "-" ? -1 : 1) * (Number(tz.slice(1, 3)) * 60 + Number(tz.slice(4, 6)));
  return days * 86_400_000 + hh * 3_600_000 + mi * 60_000 + ss * 1000 + frac - offset * 60_000;
}
