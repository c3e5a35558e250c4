/**
 * A libp2p node with NAT traversal, as one process, for the network-namespace test and
 * for trying NAT setups by hand. Prints one JSON line per event on stdout.
 *
 *   node --import tsx drivers/libp2p/nat/demo-node.ts public  <listen>
 *   node --import tsx drivers/libp2p/nat/demo-node.ts private <listen> <relay-multiaddr> [<peer-relayed-multiaddr>]
 *
 * A private node reserves a slot on the relay, prints its relayed address, answers every
 * message on DEMO_PROTOCOL with `ack <text>`, and with a peer address sends it one.
 */
import "../../../runtime/polyfills.js";
import type { Stream } from "@libp2p/interface";
import { multiaddr } from "@multiformats/multiaddr";
import * as lp from "it-length-prefixed";
import { createLibp2pNode } from "../node.js";
import { isRelayed } from "./index.js";

export const DEMO_PROTOCOL = "/meshtwin/nat-demo/1.0.0";
const enc = new TextEncoder();
const dec = new TextDecoder();
const say = (event: string, data: object = {}) => process.stdout.write(JSON.stringify({ event, ...data }) + "\n");

async function firstFrame(stream: Stream): Promise<string | undefined> {
  for await (const f of lp.decode(stream, { maxDataLength: 4096 })) return dec.decode(f.subarray());
  return undefined;
}

async function main(): Promise<void> {
  const [role, listen, relay, peer] = process.argv.slice(2);
  if ((role !== "public" && role !== "private") || !listen)
    throw new Error("usage: public|private <listen> [relay] [peer]");
  const node = await createLibp2pNode({
    listen: [listen],
    nat: { role, relays: relay ? [relay] : [], slots: 4 },
  });
  await node.handle(
    DEMO_PROTOCOL,
    async (stream, conn) => {
      const text = await firstFrame(stream);
      say("received", { from: conn.remotePeer.toString(), text, via: conn.remoteAddr.toString() });
      stream.send(lp.encode.single(enc.encode(`ack ${text}`)));
      await stream.close();
    },
    { runOnLimitedConnection: true },
  );
  let announced = false;
  node.addEventListener("self:peer:update", () => {
    const relayed = node.getMultiaddrs().map(String).filter(isRelayed);
    if (relayed.length && !announced) {
      announced = true;
      say("relayed", { addrs: relayed });
    }
  });
  await node.start();
  say("listening", { id: node.peerId.toString(), addrs: node.getMultiaddrs().map(String) });
  if (peer) {
    const conn = await node.dial(multiaddr(peer), { signal: AbortSignal.timeout(20_000) });
    const stream = await conn.newStream(DEMO_PROTOCOL, { runOnLimitedConnection: true });
    stream.send(lp.encode.single(enc.encode(`hello from ${node.peerId}`)));
    const reply = await firstFrame(stream);
    say("reply", { text: reply, via: conn.remoteAddr.toString(), limited: conn.limits !== undefined });
  }
  const stop = async () => {
    await node.stop();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
}

main().catch((err: Error) => {
  say("error", { message: err.message });
  process.exit(1);
});
