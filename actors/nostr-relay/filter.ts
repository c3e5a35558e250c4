import type { NostrEvent } from "./event.js";

/** A NIP-01 filter, checked: every present field has the right type. */
export interface Filter {
  readonly ids?: readonly string[];
  readonly authors?: readonly string[];
  readonly kinds?: readonly number[];
  /** `#e`, `#p`, … : single-letter tag name → accepted values. */
  readonly tags?: ReadonlyMap<string, ReadonlySet<string>>;
  readonly since?: number;
  readonly until?: number;
  readonly limit?: number;
  /** NIP-50 and other unknown fields are not supported: such a filter matches nothing. */
  readonly unsupported?: true;
}

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");
const isTimestamp = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/** Parses one filter object; returns the filter or the reason it is invalid. */
export function parseFilter(raw: unknown): Filter | string {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return "filter is not an object";
  const out: { -readonly [K in keyof Filter]: Filter[K] } = {};
  let tags: Map<string, Set<string>> | undefined;
  for (const [key, value] of Object.entries(raw)) {
    if (key === "ids" || key === "authors") {
      if (!isStringArray(value)) return `${key} is not an array of strings`;
      out[key] = value.map((s) => s.toLowerCase());
    } else if (key === "kinds") {
      if (!Array.isArray(value) || !value.every((k) => Number.isInteger(k))) return "kinds is not an array of integers";
      out.kinds = value as number[];
    } else if (key === "since" || key === "until" || key === "limit") {
      if (!isTimestamp(value)) return `${key} is not a whole number ≥ 0`;
      out[key] = value;
    } else if (/^#[A-Za-z]$/.test(key)) {
      if (!isStringArray(value)) return `${key} is not an array of strings`;
      tags ??= new Map();
      tags.set(key.slice(1), new Set(value));
    } else if (key === "search") {
      out.unsupported = true;
    }
    // Other unknown keys are ignored, as most relays do.
  }
  if (tags) out.tags = tags;
  return out;
}

/** True when `ev` matches every condition of `f` (NIP-01: fields AND, values OR, bounds inclusive). */
export function matches(f: Filter, ev: NostrEvent): boolean {
  if (f.unsupported) return false;
  if (f.ids && !f.ids.includes(ev.id)) return false;
  if (f.authors && !f.authors.includes(ev.pubkey)) return false;
  if (f.kinds && !f.kinds.includes(ev.kind)) return false;
  if (f.since !== undefined && ev.created_at < f.since) return false;
  if (f.until !== undefined && ev.created_at > f.until) return false;
  if (f.tags) {
    for (const [name, values] of f.tags) {
      let hit = false;
      for (const t of ev.tags) {
        if (t[0] === name && t[1] !== undefined && values.has(t[1])) {
          hit = true;
          break;
        }
      }
      if (!hit) return false;
    }
  }
  return true;
}

/** True when any filter matches (several filters in one REQ are ORed). */
export const matchesAny = (fs: readonly Filter[], ev: NostrEvent): boolean => fs.some((f) => matches(f, ev));
