/** The verdict on one expectation of a scenario. */
export interface ExpectationResult {
  readonly index: number;
  readonly kind: string;
  /** The expectation in words, e.g. "delivery within 60s to reachable nodes of messages published 2m–5m". */
  readonly description: string;
  readonly ok: boolean;
  /** The measured figure in words, e.g. "119/120 messages reached all 1000 targets". */
  readonly detail: string;
  /** The first offending nodes with what they lacked. */
  readonly offenders: readonly { readonly node: string; readonly why: string }[];
}

export const MAX_OFFENDERS = 10;

/** Formats ms as the shortest of `90s`, `2m`, `1m30s`, `500ms`. */
export function fmtTime(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = Math.round(ms / 100) / 10;
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  const rest = Math.round((s - m * 60) * 10) / 10;
  return rest ? `${m}m${rest}s` : `${m}m`;
}
