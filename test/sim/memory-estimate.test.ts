import { expect, test } from "vitest";
import { BYTES_PER_NODE, estimateMemory, memoryRefusal } from "../../sim/memory-estimate.js";

// Issue 10 item 4: `count: 10000000` ran 47 s into a V8 out-of-memory abort (rc 134).
const HEAP = 4144 * 2 ** 20; // V8's default heap limit on this machine

test("ten million nodes are refused with the figure and the count that would fit", () => {
  const e = estimateMemory(10_000_000, HEAP);
  expect(e.fits).toBe(false);
  expect(e.bytes).toBeGreaterThan(10_000_000 * 64 * 1024);
  expect(memoryRefusal(e)).toMatch(
    /^10,000,000 nodes need about 763 GiB of memory \(80 KiB a node\), more than this process may use \(4,144 MiB\): at most about 50,483 nodes fit/,
  );
});

test("the thousand-node and twenty-thousand-node runs this machine does fit", () => {
  for (const nodes of [1000, 20_000]) {
    const e = estimateMemory(nodes, HEAP);
    expect(e.fits, String(nodes)).toBe(true);
    expect(memoryRefusal(e)).toBeUndefined();
  }
  // The boundary is where the figures say it is.
  const max = estimateMemory(1, HEAP).maxNodes;
  expect(estimateMemory(max, HEAP).fits).toBe(true);
  expect(estimateMemory(max + 1, HEAP).fits).toBe(false);
  expect(BYTES_PER_NODE).toBe(80 * 1024);
});
