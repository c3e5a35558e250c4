/**
 * What a streaming decoder has seen, for the log and for tests. Every byte pushed is
 * accounted for exactly once: inside a delivered frame, inside a dropped frame, as a
 * delimiter/header, or as noise outside any frame (debug text, bytes before sync).
 */
export interface FrameStats {
  /** Bytes pushed so far. */
  bytes: number;
  /** Frames delivered. */
  frames: number;
  /** Frames counted and dropped, by reason (e.g. `badEscape`, `oversized`, `badLength`, `truncated`). */
  drops: Record<string, number>;
  /** Bytes outside any frame (before the first delimiter, interleaved debug text). */
  noiseBytes: number;
}

/** A fresh, all-zero {@link FrameStats}. */
export function emptyStats(): FrameStats {
  return { bytes: 0, frames: 0, drops: {}, noiseBytes: 0 };
}

/** Counts one dropped frame under `reason`. */
export function countDrop(stats: FrameStats, reason: string): void {
  stats.drops[reason] = (stats.drops[reason] ?? 0) + 1;
}

/** Total frames dropped over every reason. */
export function totalDrops(stats: FrameStats): number {
  return Object.values(stats.drops).reduce((a, b) => a + b, 0);
}
