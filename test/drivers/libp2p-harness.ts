import type { Stream } from "@libp2p/interface";
import { peerIdFromString } from "@libp2p/peer-id";
import { createLibp2pDriver, type Libp2pDriver, type Libp2pDriverInit } from "../../drivers/libp2p/index.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Two started-or-not drivers on loopback that know each other's addresses. */
export async function driverPair(
  init: Partial<Libp2pDriverInit> = {},
): Promise<{ a: Libp2pDriver; b: Libp2pDriver; settle(): Promise<void>; teardown(): Promise<void> }> {
  const protocols = init.protocols ?? [{ name: "test" }];
  const a = await createLibp2pDriver({ ...init, protocols });
  const b = await createLibp2pDriver({ ...init, protocols });
  const introduce = async () => {
    // Addresses change on restart (port 0), so they are refreshed before each settle's sends land.
    if (b.isRunning) await a.addPeer(b.id, b.addresses());
    if (a.isRunning) await b.addPeer(a.id, a.addresses());
  };
  const startA = a.start.bind(a);
  const startB = b.start.bind(b);
  a.start = async () => {
    await startA();
    await introduce();
  };
  b.start = async () => {
    await startB();
    await introduce();
  };
  return {
    a,
    b,
    settle: () => settle([a, b]),
    teardown: async () => {
      await a.stop();
      await b.stop();
    },
  };
}

/** Waits until no lane has frames in flight and deliveries stop changing for a few polls. */
export async function settle(drivers: readonly Libp2pDriver[], maxMs = 5000): Promise<void> {
  const deadline = Date.now() + maxMs;
  let last = -1;
  let quiet = 0;
  while (Date.now() < deadline && quiet < 4) {
    await sleep(15);
    const delivered = drivers.reduce((n, d) => n + d.stats.delivered + d.stats.malformed, 0);
    const busy = drivers.some((d) => d.pendingLanes > 0);
    quiet = !busy && delivered === last ? quiet + 1 : 0;
    last = delivered;
  }
}

/** Opens a raw stream from `from` to `to` on a protocol, to write frames no codec would produce. */
export async function rawStream(from: Libp2pDriver, to: Libp2pDriver, protocolId: string): Promise<Stream> {
  await from.addPeer(to.id, to.addresses());
  return from.libp2p.dialProtocol(peerIdFromString(to.id), protocolId);
}
