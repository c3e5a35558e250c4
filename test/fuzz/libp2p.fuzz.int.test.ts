import * as lp from "it-length-prefixed";
import { Uint8ArrayList } from "uint8arraylist";
import { afterAll, beforeAll, expect, test } from "vitest";
import { discovery } from "../../actors/discovery/index.js";
import { gossip } from "../../actors/gossip/index.js";
import { holepunch } from "../../actors/holepunch/index.js";
import { kademlia } from "../../actors/kademlia/index.js";
import { KAD_PROTOCOL_ID, kadExchangeCodec } from "../../actors/kademlia/wire-exchange.js";
import { membership } from "../../actors/membership/index.js";
import { reachability } from "../../actors/reachability/index.js";
import { relay } from "../../actors/relay/index.js";
import { createLibp2pDriver, type Libp2pDriver } from "../../drivers/libp2p/index.js";
import type { ActorDefinition } from "../../runtime/actor.js";
import { NodeHost } from "../../runtime/actor-host.js";
import { createEventLog } from "../../runtime/event-log.js";
import { createRng, type Rng } from "../../runtime/rng.js";
import { wallClock } from "../../runtime/wall-clock.js";
import { rawStream } from "../drivers/libp2p-harness.js";
import { fuzzFrame, mutated } from "./frames.js";

// Issue 10: random and mutated frames per protocol through a real libp2p stream into a
// real driver and host. Every frame is accounted for: undecodable (driver), refused
// (host), or delivered to its actor; the node stays up and still serves a good peer.

/**
 * 100,000 per protocol, as the hardening issue asks: ~30 s for both tests on an idle
 * machine. One run on a machine shared by ten sessions (load ~20) stopped being counted at
 * 35,000 within the 120 s wait; idle it never did (docs/hardening.md).
 */
const FRAMES = Number(process.env.MESHTWIN_FUZZ_LIBP2P_FRAMES ?? 100_000);
/** Kad is request–response, one stream per request, so it gets fewer (see docs/hardening.md). */
const KAD_FRAMES = Number(process.env.MESHTWIN_FUZZ_KAD_FRAMES ?? 1_000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const defs: ActorDefinition[] = [
  discovery(),
  membership(),
  gossip(),
  kademlia({ mode: "server" }),
  reachability(),
  relay(),
  holepunch(),
];
let sender: Libp2pDriver;
let target: { driver: Libp2pDriver; host: NodeHost; inputs: Map<string, number> };

beforeAll(async () => {
  const protocols = defs.map((d) =>
    d.name === "kad"
      ? { name: "kad", id: KAD_PROTOCOL_ID, exchange: kadExchangeCodec }
      : { name: d.name, version: d.version },
  );
  sender = await createLibp2pDriver({ protocols });
  const driver = await createLibp2pDriver({ protocols });
  await sender.start();
  await driver.start();
  const log = createEventLog();
  const inputs = new Map<string, number>();
  log.entries$.subscribe((e) => {
    if (e.type.endsWith(".in") && typeof (e.data as { from?: unknown }).from === "string")
      inputs.set(e.actor, (inputs.get(e.actor) ?? 0) + 1);
  });
  const host = new NodeHost(
    { id: driver.id, segment: "lo", driver, clock: wallClock(), log, rng: createRng("fz"), disk: new Map() },
    defs,
  );
  host.start();
  target = { driver, host, inputs };
}, 30_000);

afterAll(async () => {
  target.host.stop();
  await target.driver.stop();
  await sender.stop();
});

const enc = new TextEncoder();

/** Frame bytes: mostly JSON of a fuzzed message, some raw garbage and broken JSON. */
function frameBytes(rng: Rng, protocol: string): Uint8Array {
  const r = rng.int(10);
  if (r === 0) return Uint8Array.from({ length: 1 + rng.int(64) }, () => rng.int(256));
  if (r === 1) return enc.encode(JSON.stringify(mutated(rng, protocol)).slice(0, -1 - rng.int(5)));
  return enc.encode(JSON.stringify(fuzzFrame(rng, protocol)) ?? "null");
}

const counted = () => target.driver.stats.malformed + target.driver.stats.delivered;

async function until(done: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done() && Date.now() < deadline) await sleep(50);
}

test(`${FRAMES.toLocaleString("en-US")} fuzzed frames per JSON protocol over one real stream each: all counted, node up`, async () => {
  const rng = createRng("libp2p-fuzz");
  for (const def of defs.filter((d) => d.name !== "kad")) {
    const before = {
      counted: counted(),
      driverMalformed: target.driver.stats.malformed,
      hostMalformed: target.host.stats.malformed,
      inputs: target.inputs.get(def.name) ?? 0,
    };
    const stream = await rawStream(sender, target.driver, `/meshtwin/${def.name}/${def.version}`);
    // Written in batches, as the driver's own lanes do: one send per few hundred frames.
    for (let i = 0; i < FRAMES; i += 500) {
      const batch = Array.from({ length: Math.min(500, FRAMES - i) }, () =>
        lp.encode.single(frameBytes(rng, def.name)),
      );
      if (!stream.send(new Uint8ArrayList(...batch))) await stream.onDrain();
    }
    await until(() => counted() - before.counted >= FRAMES, 120_000);
    await stream.close();
    const undecodable = target.driver.stats.malformed - before.driverMalformed;
    const refused = target.host.stats.malformed - before.hostMalformed;
    const delivered = (target.inputs.get(def.name) ?? 0) - before.inputs;
    expect(undecodable + refused + delivered, def.name).toBe(FRAMES);
    expect(delivered, def.name).toBeGreaterThan(0);
    expect(refused, def.name).toBeGreaterThan(0);
    expect(undecodable, def.name).toBeGreaterThan(0);
    console.log(`libp2p fuzz ${def.name}: ${undecodable} undecodable, ${refused} refused, ${delivered} delivered`);
  }
  for (const d of defs)
    expect((target.host.snapshot(d.name) as unknown as { status: string }).status, d.name).toBe("active");
}, 600_000);

test(`${KAD_FRAMES.toLocaleString("en-US")} fuzzed kad frames, one request stream each: all counted, node up, good requests still answered`, async () => {
  const rng = createRng("kad-fuzz");
  const before = { counted: counted(), streams: 0 };
  const one = async () => {
    const stream = await rawStream(sender, target.driver, KAD_PROTOCOL_ID);
    // Protobuf fuzz: a well-formed request re-encoded after mutation, or random bytes.
    const msg = mutated(rng, "kad") as Record<string, unknown>;
    let bytes: Uint8Array | undefined;
    try {
      bytes = rng.int(4) === 0 ? undefined : kadExchangeCodec.encode(msg as never, sender.id, new Map());
    } catch {
      bytes = undefined;
    }
    bytes ??= Uint8Array.from({ length: 1 + rng.int(80) }, () => rng.int(256));
    stream.send(lp.encode.single(bytes));
    await stream.close().catch(() => {});
  };
  for (let i = 0; i < KAD_FRAMES; i += 16) await Promise.all(Array.from({ length: Math.min(16, KAD_FRAMES - i) }, one));
  await until(() => counted() - before.counted >= KAD_FRAMES, 60_000);
  expect(counted() - before.counted).toBe(KAD_FRAMES);
  expect((target.host.snapshot("kad") as unknown as { status: string }).status).toBe("active");
  // A good request still gets its answer.
  const stream = await rawStream(sender, target.driver, KAD_PROTOCOL_ID);
  stream.send(lp.encode.single(kadExchangeCodec.encode({ type: "PING", rid: 1 } as never, sender.id, new Map())!));
  let answered = false;
  for await (const frame of lp.decode(stream)) {
    answered = kadExchangeCodec.decode(frame.subarray(), "response").message.type === "PING_RESPONSE";
    break;
  }
  expect(answered).toBe(true);
}, 600_000);
