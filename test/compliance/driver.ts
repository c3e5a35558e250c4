import { afterEach, describe, expect, it } from "vitest";
import type { Driver, Envelope, NodeId } from "../../runtime/driver.js";

/** Two connected drivers under test and a way to let the network run. */
export interface DriverPair {
  readonly a: Driver;
  readonly b: Driver;
  readonly aId: NodeId;
  readonly bId: NodeId;
  /** Lets in-flight messages arrive (runs the engine, or waits on real sockets). */
  settle(): Promise<void>;
  teardown(): Promise<void>;
}

/** How to make driver pairs; one per driver implementation. */
export interface DriverHarness {
  /** `loss` is honoured only by drivers whose network can be told to lose messages. */
  create(options: { loss?: number }): Promise<DriverPair>;
  /** The driver's network promises per-link order (TCP streams, the sim with ordered links). */
  readonly ordered: boolean;
  /** The harness can make a lossy network. */
  readonly supportsLoss: boolean;
}

const msg = (i: number) => ({ type: "probe", i });

/**
 * The one compliance suite for Driver implementations: each driver's test file calls it
 * with its own harness (`grep -rl describeDriverCompliance test` lists which drivers run
 * it; a list kept here went stale as drivers were added).
 * Behaviour, not implementation: start/stop idempotent, nothing after stop,
 * payloads intact, order per link, loss as configured.
 */
export function describeDriverCompliance(name: string, harness: DriverHarness): void {
  describe(`driver compliance: ${name}`, () => {
    let pair: DriverPair | undefined;
    afterEach(async () => {
      await pair?.teardown();
      pair = undefined;
    });

    const open = async (options: { loss?: number } = {}) => {
      pair = await harness.create(options);
      const received: Envelope[] = [];
      pair.b.onReceive((e) => received.push(e));
      await pair.a.start();
      await pair.b.start();
      return { ...pair, received };
    };

    it("start and stop are safe to repeat", async () => {
      const p = await open();
      await p.a.start();
      await p.a.stop();
      await p.a.stop();
      await p.a.start();
      p.a.send({ from: p.aId, to: p.bId, protocol: "test", payload: msg(1) });
      await p.settle();
      expect(p.received.map((e) => e.payload)).toEqual([msg(1)]);
    });

    it("delivers the envelope intact", async () => {
      const p = await open();
      const payload = { type: "probe", text: "héllo", nested: { list: [1, 2, 3] } };
      p.a.send({ from: p.aId, to: p.bId, protocol: "test", payload });
      await p.settle();
      expect(p.received).toHaveLength(1);
      expect(p.received[0]).toMatchObject({ from: p.aId, to: p.bId, protocol: "test", payload });
    });

    it("delivers nothing to a stopped driver, and a stopped driver sends nothing", async () => {
      const p = await open();
      await p.b.stop();
      p.a.send({ from: p.aId, to: p.bId, protocol: "test", payload: msg(1) });
      await p.settle();
      expect(p.received).toHaveLength(0);
      await p.b.start();
      await p.a.stop();
      p.a.send({ from: p.aId, to: p.bId, protocol: "test", payload: msg(2) });
      await p.settle();
      expect(p.received).toHaveLength(0);
    });

    it.runIf(harness.ordered)("keeps per-link order", async () => {
      const p = await open();
      for (let i = 0; i < 50; i++) p.a.send({ from: p.aId, to: p.bId, protocol: "test", payload: msg(i) });
      await p.settle();
      expect(p.received.map((e) => (e.payload as unknown as { i: number }).i)).toEqual([...Array(50).keys()]);
    });

    it.runIf(harness.supportsLoss)("honours the configured loss rate", async () => {
      const p = await open({ loss: 0.3 });
      for (let i = 0; i < 2000; i++) p.a.send({ from: p.aId, to: p.bId, protocol: "test", payload: msg(i) });
      await p.settle();
      const rate = 1 - p.received.length / 2000;
      expect(rate).toBeGreaterThan(0.25);
      expect(rate).toBeLessThan(0.35);
    });
  });
}
