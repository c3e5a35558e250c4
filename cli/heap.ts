import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/**
 * Live heap of this thread, for memory per simulated node. Measured here in cli/ because
 * sim/ stays free of process calls. A full collection runs first, so garbage left by
 * building or running the world does not count as the world's.
 */

let collect: (() => void) | undefined | null = null;

/** V8's `gc()`: from `--expose-gc` when given, else exposed at run time (as Jest does). */
function collector(): (() => void) | undefined {
  if (collect === null) {
    collect = (globalThis as { gc?: () => void }).gc;
    if (!collect)
      try {
        setFlagsFromString("--expose-gc");
        collect = runInNewContext("gc") as () => void;
      } catch {
        collect = undefined; // measured with garbage then; still an upper bound
      }
  }
  return collect;
}

/** One heap measurement and the wall time it took (a full GC of a big world takes a while). */
export interface HeapSample {
  readonly bytes: number;
  readonly ms: number;
}

/** Heap bytes in use by this thread after a full collection. */
export function liveHeap(): HeapSample {
  const t0 = performance.now();
  collector()?.();
  const bytes = process.memoryUsage().heapUsed;
  return { bytes, ms: performance.now() - t0 };
}

/** Memory per simulated node: heap held by the world over the heap before it was built. */
export interface MemoryPerNode {
  /** Heap bytes / node once the world is built, before the first event. */
  readonly built: number;
  /** Heap bytes / node after the run (state, stores, observations the run keeps). */
  readonly afterRun: number;
  /** The samples (MiB, one decimal): before building, built, after the run. */
  readonly heapMiB: { readonly before: number; readonly built: number; readonly afterRun: number };
}

const mib = (b: number) => Math.round((b / 1048576) * 10) / 10;

/** Bytes per node from three samples of {@link liveHeap}. */
export function perNode(nodes: number, before: number, built: number, afterRun: number): MemoryPerNode {
  const per = (b: number) => Math.max(0, Math.round((b - before) / Math.max(1, nodes)));
  return {
    built: per(built),
    afterRun: per(afterRun),
    heapMiB: { before: mib(before), built: mib(built), afterRun: mib(afterRun) },
  };
}
