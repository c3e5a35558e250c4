/**
 * How much memory a simulated world of N nodes needs, known before it is built: a run
 * that cannot fit should be refused in a second with the figure, not abort with a V8
 * out-of-memory crash 47 s in (`count: 10000000`, rc 134).
 *
 * Calibrated on this machine (Node 20, 2 cores; docs/hardening.md): the heap a node keeps
 * once its actors have joined is 32 KiB (kademlia server) to 39 KiB (discovery +
 * membership + gossip), and peak RSS over a run grew by 64 KiB per node from 2,000 to
 * 20,000 nodes (349 → 1,502 MiB). The estimate takes 80 KiB per node (the heap kept plus
 * room for the garbage a run makes between collections) over a 200 MiB base.
 */

/** Memory per simulated node, in bytes. @default 80 KiB */
export const BYTES_PER_NODE = 80 * 1024;

/** Memory of the process before any node exists (code, libraries, the engine), in bytes. @default 200 MiB */
export const BASE_BYTES = 200 * 1024 * 1024;

/** What a world of `nodes` nodes is estimated to need, against what the process may use. */
export interface MemoryEstimate {
  readonly nodes: number;
  readonly bytes: number;
  /** The most the process may use (V8's heap limit, as the CLI passes it). */
  readonly limitBytes: number;
  readonly fits: boolean;
  /** The largest node count that fits the limit. */
  readonly maxNodes: number;
}

/** Estimates the memory of `nodes` simulated nodes against `limitBytes`. */
export function estimateMemory(nodes: number, limitBytes: number): MemoryEstimate {
  const bytes = BASE_BYTES + nodes * BYTES_PER_NODE;
  const maxNodes = Math.max(0, Math.floor((limitBytes - BASE_BYTES) / BYTES_PER_NODE));
  return { nodes, bytes, limitBytes, fits: bytes <= limitBytes, maxNodes };
}

const n = (x: number) => x.toLocaleString("en-US");

/** A size in MiB or GiB, rounded for people. */
export function formatBytes(bytes: number): string {
  const mib = bytes / 2 ** 20;
  return mib >= 10 * 1024 ? `${n(Math.round(mib / 1024))} GiB` : `${n(Math.round(mib))} MiB`;
}

/** One line saying why a world does not fit, naming the figures; undefined when it fits. */
export function memoryRefusal(e: MemoryEstimate): string | undefined {
  if (e.fits) return undefined;
  return (
    `${n(e.nodes)} nodes need about ${formatBytes(e.bytes)} of memory (${BYTES_PER_NODE / 1024} KiB a node), ` +
    `more than this process may use (${formatBytes(e.limitBytes)}): at most about ${n(e.maxNodes)} nodes fit; ` +
    `lower the node counts, or give node more heap (NODE_OPTIONS=--max-old-space-size=MiB)`
  );
}
