import type { ActorDefinition } from "../../runtime/actor.js";
import { protocolModule, type ProtocolContext } from "../../runtime/protocol.js";
import { referencesOf } from "../resolve.js";
import { KademliaParams, type KademliaInit } from "./config.js";
import { kademlia } from "./index.js";
import { kadExchangeCodec, kadProtocolId } from "./wire-exchange.js";

type Params = typeof KademliaParams.Type;

/** Decoded parameters as the actor's init: the mode follows the node's role, bootstrap names become ids. */
export const kademliaInit = (p: Params, ctx: Pick<ProtocolContext, "role" | "resolve">): KademliaInit => ({
  ...p,
  mode: p.mode ?? (ctx.role === "light" ? "client" : "server"),
  bootstrap: p.bootstrap.flatMap((s) => ctx.resolve(s)),
});

/**
 * `protocols: { kademlia: … }`. Over libp2p it speaks kad-dht itself (`/ipfs/kad/1.0.0`
 * unless a `kadPrefix` makes the DHT private: a new stream per request, protobuf frames
 * with peer addresses), so stock @libp2p/kad-dht nodes and meshtwin nodes form one DHT.
 */
export const kademliaModule = protocolModule({
  key: "kademlia",
  summary: "Kademlia DHT: server (backbone) or client (light node with a peer cache), kad-dht compatible",
  params: KademliaParams,
  create: (p, ctx) => kademlia(kademliaInit(p, ctx)) as ActorDefinition,
  references: (p) => referencesOf("bootstrap", p.bootstrap),
  wire: {
    protocolId: (o) => kadProtocolId(o.kadPrefix),
    exchange: kadExchangeCodec,
    // A light node (client mode) answers nothing: not serving the protocol tells peers so, as in kad-dht.
    serves: (def) => def.accepts.has("FIND_NODE"),
  },
});
